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

use crate::address::{Address, NamedAddress};
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
}

/// A body: plain text, optional HTML alternative, optional original attached as message/rfc822.
pub struct Body<'a> {
    pub text: String,
    pub html: Option<String>,
    pub original: Option<&'a [u8]>,
}

impl<'a> Body<'a> {
    /// A plain-text body, the shape of most of qmark's mail.
    pub fn text(text: String) -> Body<'a> {
        Body {
            text,
            html: None,
            original: None,
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
    let part = MimePart::new("message/rfc822", BodyPart::Binary(bytes.clone().into()));
    let part = if long_line {
        part
    } else if bytes.is_ascii() {
        part.transfer_encoding("7bit")
    } else {
        part.transfer_encoding("8bit")
    };
    part.attachment("original.eml")
}

/// The subject as it goes into the header. Text that looks like an RFC 2047 encoded word
/// (`=?UTF-8?B?...?=` that the customer's client left undecoded) would be decoded a second time
/// by the owner's mail client, so the owner would read something the customer never wrote. A
/// trailing space makes mail-builder encode the whole subject; readers trim it again.
fn subject_text(subject: &str) -> String {
    let s = one_line(subject);
    if s.contains("=?") { format!("{s} ") } else { s }
}

pub fn compose(head: &Head, body: Body<'_>) -> Vec<u8> {
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
        .subject(subject_text(&head.subject))
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
    if let Some(irt) = &head.in_reply_to {
        b = b.in_reply_to(irt.clone());
    }
    if !head.references.is_empty() {
        b = b.references(MessageId::new_list(head.references.iter().cloned()));
    }
    if let Some(id) = head.case_id {
        b = b.header("X-Qmark-Case", Raw::new(id.to_string()));
    }

    // The bare type: mail-builder adds `charset="utf-8"` to a text part that has no parameter
    // of its own, and takes a "type; params" string whole as the type, so writing the charset
    // here made it appear twice.
    let text_part = MimePart::new("text/plain", body.text);
    let content = match body.html {
        Some(html) => MimePart::new(
            "multipart/alternative",
            vec![text_part, MimePart::new("text/html", html)],
        ),
        None => text_part,
    };
    let root = match body.original {
        Some(raw) => MimePart::new("multipart/mixed", vec![content, original_part(raw)]),
        None => content,
    };
    // Writing into a Vec cannot fail.
    b.body(root).write_to_vec().unwrap_or_default()
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
        }
    }

    #[test]
    fn forward_carries_marker_headers_and_the_original() {
        let original = b"From: minji@naver.example\nSubject: refund\n\n\xed\x99\x98\xeb\xb6\x88\n";
        let bytes = compose(
            &head("? 환불 please"),
            Body {
                text: "?\nbody".into(),
                html: None,
                original: Some(original),
            },
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
            let bytes = compose(
                &head(subject),
                Body {
                    text: "x".into(),
                    html: None,
                    original: None,
                },
            );
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
            Body {
                text: "?\n환불".into(),
                html: None,
                original: Some(b"From: a@b.example\n\nhi\n"),
            },
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
            Body {
                text: "x".into(),
                html: None,
                original: None,
            },
        );
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains("\r\nBcc:"), "{text}");
        assert_eq!(
            crate::mail::parse(&bytes).subject,
            "? Hi Bcc: victim@evil.example"
        );
    }
}
