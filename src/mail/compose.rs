//! Building the bytes of every mail qmark sends. The only module that names `mail_builder`.
//!
//! Composition is pure: the Message-ID and date are inputs, so the outbox row holds the exact
//! bytes that will be sent, and a retry sends the very same message.

use chrono::{DateTime, Utc};
use mail_builder::MessageBuilder;
use mail_builder::headers::date::Date;
use mail_builder::headers::message_id::MessageId;
use mail_builder::headers::raw::Raw;
use mail_builder::mime::{BodyPart, MimePart};

use crate::mail::address::{Address, NamedAddress};
use crate::mail::one_line;

/// Everything about a mail except its body.
#[derive(Debug, Clone)]
pub struct Head {
    pub from: NamedAddress,
    pub reply_to: Option<Address>,
    pub to: Vec<Address>,
    pub cc: Vec<Address>,
    pub subject: String,
    /// Without angle brackets.
    pub message_id: String,
    pub in_reply_to: Option<String>,
    pub references: Vec<String>,
    pub date: DateTime<Utc>,
    /// RFC 3834: `auto-generated` for forwards, escalations, digests; `auto-replied` for
    /// acknowledgments.
    pub auto_submitted: &'static str,
    /// Our public address, written into `X-Qmark-Loop` so our own mail is never taken in again.
    pub loop_marker: Address,
    pub case_id: Option<i64>,
    /// The largest this mail may be with the customer's original attached (`limits.
    /// forward_max_bytes`). Above it the original is left out and the text says why and how to
    /// get it, so the mail is not refused by a server's size limit and never reaches anyone.
    pub forward_max_bytes: usize,
    /// The config qmark runs with, for the command in that text: on a packaged install
    /// (`/etc/qmark/qmark.toml`) a bare `qmark cases show` finds no config.
    pub config_path: Option<String>,
}

/// The longest subject qmark writes, in characters; longer ones are cut with `…`.
pub const SUBJECT_MAX_CHARS: usize = 250;

/// A body: plain text, optional HTML alternative, optional original attached as message/rfc822,
/// and images the HTML shows inline (`cid:`).
pub struct Body<'a> {
    pub text: String,
    pub html: Option<String>,
    pub original: Option<&'a [u8]>,
    pub inline: Vec<Inline>,
    /// Files attached as they are (an owner's attachments relayed with `#reply`).
    pub files: Vec<crate::mail::File>,
}

/// An image shown inside the HTML part, referred to there as `cid:<cid>` (multipart/related).
#[derive(Debug, Clone)]
pub struct Inline {
    pub cid: String,
    pub content_type: &'static str,
    pub bytes: Vec<u8>,
}

impl<'a> Body<'a> {
    /// A plain-text body with the customer's original attached (when there is one).
    pub fn with_original(text: String, original: Option<&'a [u8]>) -> Body<'a> {
        Body {
            original,
            ..Body::text(text)
        }
    }

    /// A plain-text body, the shape of most of qmark's mail.
    pub fn text(text: String) -> Body<'a> {
        Body {
            text,
            html: None,
            original: None,
            inline: Vec::new(),
            files: Vec::new(),
        }
    }
}

/// A fresh Message-ID for an outgoing mail of a case: `<token>.<nonce>@<domain>`. Carrying the
/// case token means a reply's In-Reply-To leads back to the case even without the database row.
pub fn new_message_id(token: &str, domain: &str) -> String {
    let nonce: u64 = rand::random();
    format!("{token}.{nonce:016x}@{domain}")
}

/// Normalise line endings to CRLF, as SMTP and message/rfc822 require.
fn crlf(raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(raw.len() + raw.len() / 40);
    let mut prev = 0u8;
    for &b in raw {
        if b == b'\n' && prev != b'\r' {
            out.push(b'\r');
        }
        out.push(b);
        prev = b;
    }
    out
}

/// The original as a message/rfc822 part. RFC 2046 allows only 7bit/8bit/binary there, so it
/// goes unencoded when its lines fit SMTP's 998-octet limit; otherwise base64 is the best effort
/// that still arrives intact (mail clients open it either way).
fn original_part(raw: &[u8]) -> MimePart<'static> {
    let bytes = crlf(raw);
    let long_line = bytes.split(|&b| b == b'\n').any(|l| l.len() > 998);
    let ascii = bytes.is_ascii();
    let part = MimePart::new("message/rfc822", BodyPart::Binary(bytes.into()));
    let part = if long_line {
        part
    } else if ascii {
        part.transfer_encoding("7bit")
    } else {
        part.transfer_encoding("8bit")
    };
    part.attachment("original.eml")
}

const MAX_LISTED_ATTACHMENTS: usize = 50;

/// A size as people read it: `950 bytes`, `12.3 kB`, `25.0 MB`.
fn human_size(n: usize) -> String {
    // Only for display: the precision lost converting to f64 is far below the one decimal shown.
    #[allow(clippy::cast_precision_loss)]
    let f = n as f64;
    if n < 1_000 {
        format!("{n} bytes")
    } else if n < 999_950 {
        format!("{:.1} kB", f / 1e3)
    } else {
        format!("{:.1} MB", f / 1e6)
    }
}

/// `word` as one shell word: as it is when it holds nothing a shell reads specially.
fn shell_word(word: &str) -> String {
    if !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "/._-+=:@,".contains(c))
    {
        return word.to_string();
    }
    format!("'{}'", word.replace('\'', r"'\''"))
}

/// What replaces an original too large to attach: its size, its attachments with their sizes,
/// and where it is kept.
fn left_out_note(head: &Head, raw: &[u8]) -> String {
    let (case_id, limit) = (head.case_id, head.forward_max_bytes);
    let config = head
        .config_path
        .as_deref()
        .map(|p| format!(" --config {}", shell_word(p)))
        .unwrap_or_default();
    let mut note = format!(
        "The customer's original message ({}) is not attached: this mail would be larger than {} \
         (limits.forward_max_bytes), more than mail servers accept.\n",
        human_size(raw.len()),
        human_size(limit)
    );
    note.push_str(&match case_id {
        Some(id) => format!(
            "It is kept in full in qmark's database; to get it, run on the qmark server:\n  \
             qmark cases show {id} --raw{config} > case-{id}.eml\n"
        ),
        None => "It is kept in full in qmark's database.\n".to_string(),
    });
    let attachments = crate::mail::attachments(raw);
    if attachments.is_empty() {
        note.push_str("It has no attachments.\n");
    } else {
        note.push_str("Its attachments:\n");
        // Bounded: a hostile message may hold thousands of tiny parts.
        for a in attachments.iter().take(MAX_LISTED_ATTACHMENTS) {
            note.push_str(&format!(
                "  - {} ({}, {})\n",
                a.name.as_deref().unwrap_or("unnamed"),
                a.content_type,
                human_size(a.size)
            ));
        }
        if let Some(more) = attachments.len().checked_sub(MAX_LISTED_ATTACHMENTS)
            && more > 0
        {
            note.push_str(&format!("  and {more} more\n"));
        }
    }
    note
}

fn escape_html(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// `s` cut to at most `max` characters, ending in `…` when cut; never splits a character.
pub fn cut(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        None => s.to_string(),
        Some(_) => {
            let keep = max.saturating_sub(1);
            let end = s.char_indices().nth(keep).map_or(s.len(), |(i, _)| i);
            format!("{}…", s.get(..end).unwrap_or_default().trim_end())
        }
    }
}

/// The subject as it is written, on one line and at most `SUBJECT_MAX_CHARS` characters. The
/// customer's words are cut, never the case tag (`[#12]`) that ends a case's subjects, since
/// replies are matched to their case by it.
pub fn cap_subject(subject: &str, case_id: Option<i64>) -> String {
    let s = one_line(subject);
    if s.chars().count() <= SUBJECT_MAX_CHARS {
        return s;
    }
    let tag = case_id.map(crate::case::thread::subject_tag);
    match tag
        .as_deref()
        .and_then(|t| s.strip_suffix(t).map(|head| (head, t)))
    {
        Some((head, tag)) => {
            let room = SUBJECT_MAX_CHARS.saturating_sub(tag.chars().count() + 1);
            format!("{} {tag}", cut(head.trim_end(), room))
        }
        None => cut(&s, SUBJECT_MAX_CHARS),
    }
}

/// The subject as it goes into the header. Text that looks like an RFC 2047 encoded word
/// (`=?UTF-8?B?...?=` that the customer's client left undecoded) would be decoded a second time
/// by the owner's mail client, so the owner would read something the customer never wrote. A
/// trailing space makes mail-builder encode the whole subject; readers trim it again.
fn subject_text(subject: &str, case_id: Option<i64>) -> String {
    let s = cap_subject(subject, case_id);
    if s.contains("=?") { format!("{s} ") } else { s }
}

/// The bytes of a mail. With an original, the mail carries it as `message/rfc822` when the
/// whole mail fits `head.forward_max_bytes`; otherwise the text gets a note instead, listing
/// the original's attachments and saying how to get it, so every mail that quotes a customer
/// (forward, follow-up, reassignment, escalation) stays deliverable.
pub fn compose(head: &Head, body: Body<'_>) -> Vec<u8> {
    let Body {
        text,
        html,
        original,
        inline,
        files,
    } = body;
    let html = html.map(|h| (h, inline));
    if !files.is_empty() {
        return build(head, text, html, None, files);
    }
    let Some(raw) = original else {
        return build(head, text, html, None, Vec::new());
    };
    // A larger original cannot fit whatever its encoding; composing it would only cost memory.
    if raw.len() < head.forward_max_bytes {
        let bytes = build(
            head,
            with_line(text.clone(), ORIGINAL_ATTACHED),
            html.clone(),
            Some(raw),
            Vec::new(),
        );
        if bytes.len() <= head.forward_max_bytes {
            return bytes;
        }
    }
    let note = left_out_note(head, raw);
    let html = html.map(|(h, i)| (format!("{h}<pre>{}</pre>", escape_html(&note)), i));
    build(head, with_line(text, &note), html, None, Vec::new())
}

/// The line that tells the reader where the original is, when it is attached. Written here,
/// not in the templates, because only composing knows whether it fit.
const ORIGINAL_ATTACHED: &str = "The original message is attached as original.eml.\n";

fn with_line(mut text: String, line: &str) -> String {
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
    text.push_str(line);
    text
}

fn build(
    head: &Head,
    text: String,
    html: Option<(String, Vec<Inline>)>,
    original: Option<&[u8]>,
    files: Vec<crate::mail::File>,
) -> Vec<u8> {
    let from = match &head.from.name {
        Some(name) => mail_builder::headers::address::Address::new_address(
            Some(one_line(name)),
            head.from.address.to_string(),
        ),
        None => mail_builder::headers::address::Address::new_address(
            None::<String>,
            head.from.address.to_string(),
        ),
    };
    let mut b = MessageBuilder::new()
        .from(from)
        .to(head.to.iter().map(|a| a.to_string()).collect::<Vec<_>>())
        .subject(subject_text(&head.subject, head.case_id))
        .message_id(head.message_id.clone())
        .date(Date::new(head.date.timestamp()))
        .header("Auto-Submitted", Raw::new(head.auto_submitted))
        .header("X-Auto-Response-Suppress", Raw::new("All"))
        .header("X-Qmark-Loop", Raw::new(head.loop_marker.to_string()))
        // The conventional loop header, for other robots (list servers, ticket systems).
        .header("X-Loop", Raw::new(head.loop_marker.to_string()));
    if !head.cc.is_empty() {
        b = b.cc(head.cc.iter().map(|a| a.to_string()).collect::<Vec<_>>());
    }
    if let Some(r) = &head.reply_to {
        b = b.reply_to(r.to_string());
    }
    if let Some(irt) = head.in_reply_to.as_ref().filter(|id| threadable(id)) {
        b = b.in_reply_to(irt.clone());
    }
    let references: Vec<String> = head
        .references
        .iter()
        .filter(|id| threadable(id))
        .cloned()
        .collect();
    if !references.is_empty() {
        b = b.references(MessageId::new_list(references.into_iter()));
    }
    if let Some(id) = head.case_id {
        b = b.header("X-Qmark-Case", Raw::new(id.to_string()));
    }

    // The bare type: mail-builder adds `charset="utf-8"` to a text part that has no parameter
    // of its own, and takes a "type; params" string whole as the type, so writing the charset
    // here made it appear twice.
    let text_part = MimePart::new("text/plain", text);
    let content = match html {
        Some((html, inline)) => MimePart::new(
            "multipart/alternative",
            vec![text_part, html_part(html, inline)],
        ),
        None => text_part,
    };
    let mut parts = vec![content];
    parts.extend(original.map(original_part));
    for f in files {
        parts.push(
            MimePart::new(f.content_type, BodyPart::Binary(f.bytes.into())).attachment(f.name),
        );
    }
    let root = if parts.len() > 1 {
        MimePart::new("multipart/mixed", parts)
    } else {
        parts.remove(0)
    };
    // Writing into a Vec cannot fail.
    b.body(root).write_to_vec().unwrap_or_default()
}

/// Whether a Message-ID the customer's client wrote can go into our In-Reply-To/References:
/// printable ASCII and short enough for one header line. A 4,000-byte or UTF-8 one broke the
/// line limit or put raw 8-bit bytes in a header (a README-only attacker's finding); without it
/// the mail still threads by our own ids and the `[#N]` tag.
fn threadable(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= MAX_THREAD_ID
        && id
            .bytes()
            .all(|b| b.is_ascii_graphic() && b != b'<' && b != b'>')
}

/// RFC 5322 allows 998 bytes a line; a References list of several ids must fit.
const MAX_THREAD_ID: usize = 250;

/// The HTML part, wrapped with its inline images in multipart/related when it has any
/// (RFC 2387): clients that block remote images still show these.
fn html_part(html: String, inline: Vec<Inline>) -> MimePart<'static> {
    let html = MimePart::new("text/html", html);
    if inline.is_empty() {
        return html;
    }
    let mut parts = vec![html];
    for i in inline {
        parts.push(
            MimePart::new(i.content_type, BodyPart::Binary(i.bytes.into()))
                .inline()
                .cid(i.cid),
        );
    }
    MimePart::new("multipart/related", parts)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn head(subject: &str) -> Head {
        Head {
            from: NamedAddress::parse("Office of the CEO <ceo@shop.example>").expect("valid"),
            reply_to: Some(Address::parse("ceo+tok@shop.example").expect("valid")),
            to: vec![Address::parse("billing@shop.example").expect("valid")],
            cc: vec![],
            subject: subject.into(),
            message_id: "tok.1@shop.example".into(),
            in_reply_to: None,
            references: vec![],
            date: DateTime::from_timestamp(1_795_000_000, 0).expect("valid"),
            auto_submitted: "auto-generated",
            loop_marker: Address::parse("ceo@shop.example").expect("valid"),
            case_id: Some(3),
            forward_max_bytes: 7_000_000,
            config_path: Some("/etc/qmark/my qmark.toml".into()),
        }
    }

    /// A complaint of about `size` bytes: a line of text and a base64 attachment.
    fn complaint_with_attachment(size: usize) -> Vec<u8> {
        let line =
            "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWZnaGlqa2xtbm9wcXJzdHV2d3h5ejAxMjM0\r\n";
        let attachment = line.repeat(size / line.len() + 1);
        format!(
            "From: minji@naver.example\r\nSubject: refund\r\nMIME-Version: 1.0\r\n\
             Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\n\
             Content-Type: text/plain; charset=utf-8\r\n\r\nThe receipt is attached.\r\n--b\r\n\
             Content-Type: application/pdf; name=\"receipt.pdf\"\r\n\
             Content-Disposition: attachment; filename=\"receipt.pdf\"\r\n\
             Content-Transfer-Encoding: base64\r\n\r\n{attachment}--b--\r\n"
        )
        .into_bytes()
    }

    fn forward_of(original: &[u8], limit: usize) -> Vec<u8> {
        compose(
            &Head {
                forward_max_bytes: limit,
                ..head("? refund [#3]")
            },
            Body::with_original("?\nThe receipt is attached.".into(), Some(original)),
        )
    }

    /// A customer's Message-ID too long for a header line, or not ASCII, is left out of our
    /// threading headers; a plain one stays.
    #[test]
    fn only_a_message_id_fit_for_a_header_threads() {
        let long = format!("{}@cust.example", "x".repeat(4_000));
        let bytes = compose(
            &Head {
                in_reply_to: Some(long.clone()),
                references: vec![
                    "root@cust.example".into(),
                    "홍길동.1@cust.example".into(),
                    long,
                ],
                ..head("Re: refund [#3]")
            },
            Body::text("x".into()),
        );
        let text = String::from_utf8(bytes).expect("our mail is UTF-8");
        let head_end = text.find("\r\n\r\n").expect("a header block");
        let header = &text[..head_end];
        assert!(header.is_ascii(), "{header}");
        assert!(header.lines().all(|l| l.len() <= 998), "{header}");
        assert!(!header.contains("In-Reply-To"), "{header}");
        assert!(
            header.contains("References: <root@cust.example>"),
            "{header}"
        );
    }

    #[test]
    fn over_the_limit_the_forward_lists_the_attachments_instead_of_attaching_the_original() {
        let original = complaint_with_attachment(200_000);
        let bytes = forward_of(&original, 100_000);
        assert!(bytes.len() <= 100_000, "{} bytes", bytes.len());
        let parsed = crate::mail::parse(&bytes);
        assert!(
            parsed.attachments.is_empty(),
            "no message/rfc822 part: {:?}",
            parsed.attachments
        );
        assert!(
            parsed.text.starts_with("?\r\nThe receipt is attached."),
            "the text comes first: {:?}",
            parsed.text
        );
        assert!(
            parsed.text.contains("receipt.pdf (application/pdf, 1"),
            "the attachment is named with its size: {}",
            parsed.text
        );
        assert!(
            parsed.text.contains(
                "qmark cases show 3 --raw --config '/etc/qmark/my qmark.toml' > case-3.eml"
            ),
            "{}",
            parsed.text
        );
        assert!(!parsed.text.contains("is attached as"), "{}", parsed.text);
    }

    #[test]
    fn under_the_limit_the_forward_attaches_the_original() {
        let original = complaint_with_attachment(200_000);
        let bytes = forward_of(&original, 400_000);
        let parsed = crate::mail::parse(&bytes);
        assert_eq!(parsed.attachments.len(), 1);
        assert_eq!(parsed.attachments[0].content_type, "message/rfc822");
        assert!(!parsed.text.contains("--raw"), "{}", parsed.text);
        assert!(
            parsed
                .text
                .ends_with("The original message is attached as original.eml.\r\n"),
            "{}",
            parsed.text
        );
    }

    #[test]
    fn an_original_that_fits_alone_but_not_with_the_forward_is_left_out() {
        let original = complaint_with_attachment(200_000);
        let bytes = forward_of(&original, original.len() + 10);
        assert!(bytes.len() <= original.len() + 10);
        assert!(crate::mail::parse(&bytes).attachments.is_empty());
    }

    #[test]
    fn sizes_read_as_people_write_them() {
        assert_eq!(human_size(999), "999 bytes");
        assert_eq!(human_size(12_345), "12.3 kB");
        assert_eq!(human_size(999_999), "1.0 MB");
        assert_eq!(human_size(26_214_400), "26.2 MB");
    }

    #[test]
    fn a_long_subject_is_cut_but_keeps_its_case_tag() {
        let long = format!("? {} [#3]", "환불".repeat(60_000));
        let bytes = compose(&head(&long), Body::text("x".into()));
        let subject = crate::mail::parse(&bytes).subject;
        assert_eq!(
            subject.chars().count(),
            SUBJECT_MAX_CHARS,
            "{:?}",
            subject.get(subject.len().saturating_sub(40)..)
        );
        assert!(subject.ends_with("환불… [#3]"), "{subject}");
        assert!(
            bytes.len() < 5_000,
            "the header is bounded: {} bytes",
            bytes.len()
        );
        // Without a case tag the end is simply cut; short subjects are left alone.
        let cut_plain = cap_subject(&"a".repeat(300), None);
        assert_eq!(cut_plain.chars().count(), SUBJECT_MAX_CHARS);
        assert!(cut_plain.ends_with("a…"));
        assert_eq!(cap_subject("? refund [#3]", Some(3)), "? refund [#3]");
        assert_eq!(cut("ab", 2), "ab");
        assert_eq!(cut("abc", 2), "a…");
        assert_eq!(cut("환불요", 2), "환…");
    }

    #[test]
    fn forward_carries_marker_headers_and_the_original() {
        let original = b"From: minji@naver.example\nSubject: refund\n\n\xed\x99\x98\xeb\xb6\x88\n";
        let bytes = compose(
            &head("? 환불 please"),
            Body::with_original("?\nbody".into(), Some(original)),
        );
        let parsed = crate::mail::parse(&bytes);
        assert_eq!(parsed.subject, "? 환불 please");
        assert_eq!(parsed.message_id.as_deref(), Some("tok.1@shop.example"));
        assert_eq!(
            parsed.auto.auto_submitted.as_deref(),
            Some("auto-generated")
        );
        assert_eq!(parsed.auto.qmark_loop.as_deref(), Some("ceo@shop.example"));
        assert!(parsed.text.starts_with("?"), "{:?}", parsed.text);
        assert_eq!(parsed.attachments.len(), 1);
        assert_eq!(parsed.attachments[0].content_type, "message/rfc822");
        let text = String::from_utf8_lossy(&bytes);
        assert!(text.contains("Reply-To: <ceo+tok@shop.example>"), "{text}");
        assert!(text.contains("Content-Transfer-Encoding: 8bit"), "{text}");
        assert!(
            text.contains("\r\nSubject: refund\r\n"),
            "original is attached with CRLF: {text}"
        );
    }

    #[test]
    fn a_subject_that_looks_encoded_reaches_the_owner_as_written() {
        // Found by the fuzzer: a customer's subject left undecoded (NULs inside the encoded
        // word) was written literally and decoded by the owner's client into other words.
        for subject in [
            "? =?UTF-8?B?V29yc3QgZXhwZXJpZW5j ZQ==?= [#7]",
            "? =?utf-8?Q?a=0D=0ABcc:_victim@evil.example?= [#7]",
        ] {
            let bytes = compose(&head(subject), Body::text("x".into()));
            let text = String::from_utf8_lossy(&bytes);
            assert!(!text.contains("\r\nBcc:"), "{text}");
            assert_eq!(crate::mail::parse(&bytes).subject, subject, "{text}");
        }
    }

    /// The raw `Content-Type` line of each text part, as written (issue 11: the text part said
    /// `charset=utf-8; charset="utf-8"`). mail_parser only locates the parts here; the header is
    /// compared as bytes so a doubled parameter cannot be normalised away.
    fn text_part_content_types(bytes: &[u8]) -> Vec<String> {
        let message = mail_parser::MessageParser::default()
            .parse(bytes)
            .expect("the composed mail parses");
        message
            .parts
            .iter()
            .filter(|p| p.is_text())
            .map(|p| {
                let raw = bytes
                    .get(p.raw_header_offset() as usize..p.raw_body_offset() as usize)
                    .expect("part offsets lie inside the message");
                String::from_utf8_lossy(raw)
                    .split("\r\n")
                    .find(|l| l.to_ascii_lowercase().starts_with("content-type:"))
                    .expect("a text part has a Content-Type")
                    .to_string()
            })
            .collect()
    }

    #[test]
    fn text_parts_name_their_charset_once() {
        let forward = compose(
            &head("? refund"),
            Body::with_original("?\n환불".into(), Some(b"From: a@b.example\n\nhi\n")),
        );
        assert_eq!(
            text_part_content_types(&forward),
            ["Content-Type: text/plain; charset=\"utf-8\""]
        );
        let digest = compose(
            &head("digest"),
            Body {
                text: "plain".into(),
                html: Some("<p>html</p>".into()),
                original: None,
                inline: Vec::new(),
                files: Vec::new(),
            },
        );
        assert_eq!(
            text_part_content_types(&digest),
            [
                "Content-Type: text/plain; charset=\"utf-8\"",
                "Content-Type: text/html; charset=\"utf-8\""
            ]
        );
    }

    #[test]
    fn a_subject_cannot_inject_headers() {
        let bytes = compose(
            &head("? Hi\r\nBcc: victim@evil.example"),
            Body::text("x".into()),
        );
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains("\r\nBcc:"), "{text}");
        assert_eq!(
            crate::mail::parse(&bytes).subject,
            "? Hi Bcc: victim@evil.example"
        );
    }

    #[test]
    fn an_inline_image_is_related_to_the_html_and_the_original_still_attached() {
        let png = b"\x89PNG\r\n\x1a\nnot really".to_vec();
        let bytes = compose(
            &head("qmark digest"),
            Body {
                text: "text".into(),
                html: Some("<img src=\"cid:chart@x\">".into()),
                original: Some(b"From: a@b.example\n\nhi\n"),
                inline: vec![Inline {
                    cid: "chart@x".into(),
                    content_type: "image/png",
                    bytes: png,
                }],
                files: Vec::new(),
            },
        );
        let text = String::from_utf8_lossy(&bytes);
        let at = |needle: &str| {
            text.find(needle)
                .unwrap_or_else(|| panic!("{needle}: {text}"))
        };
        // mixed [ alternative [ text, related [ html, image ] ], original ]
        assert!(at("multipart/mixed") < at("multipart/alternative"));
        assert!(at("multipart/alternative") < at("multipart/related"));
        assert!(at("multipart/related") < at("text/html"));
        assert!(at("text/html") < at("image/png"));
        assert!(at("Content-ID: <chart@x>") > at("image/png"));
        assert!(at("message/rfc822") > at("Content-ID: <chart@x>"));
    }
}
