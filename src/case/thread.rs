//! Finding the case a reply belongs to, whatever the mail client did to it: reply tokens,
//! case tags in subjects, Outlook's Thread-Index, and normalised subjects. Pure.
//!
//! A reply token is `q<case>-<mac>`: an HMAC of the case number and the recipient the mail was
//! sent to, under the installation's secret. It rides in the Reply-To plus-address
//! (`ceo+q12-…@`) and at the start of every Message-ID qmark sends, so it cannot be guessed and
//! it says whom the mail was for.

use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::case::understand::Confidence;
use crate::mail::address::Address;

type HmacSha256 = Hmac<Sha256>;

/// Hex characters of the MAC kept in a token: 64 bits, plenty against guessing by mail.
const MAC_HEX: usize = 16;

fn mac(secret: &[u8], case_id: i64, recipient: &Address) -> String {
    mac_of(secret, &format!("{case_id}:{}", recipient.without_tag()))
}

fn mac_of(secret: &[u8], what: &str) -> String {
    // new_from_slice accepts keys of any length for HMAC.
    let Ok(mut m) = HmacSha256::new_from_slice(secret) else {
        return String::new();
    };
    m.update(what.as_bytes());
    let bytes = m.finalize().into_bytes();
    hex::encode(bytes).chars().take(MAC_HEX).collect()
}

/// Byte-wise compare that does not stop at the first difference.
fn same_mac(want: &str, given: &str) -> bool {
    want.len() == given.len()
        && want
            .bytes()
            .zip(given.bytes())
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0
}

/// The digest token for `recipient`: `qd-<mac>`, carried by the digest, department reports and
/// catch-up mail. A reply carrying it may give digest commands only as that recipient.
/// (`q` followed by a number is a case token; `qd-` cannot be mistaken for one.)
pub fn digest_token(secret: &[u8], recipient: &Address) -> String {
    format!(
        "qd-{}",
        mac_of(secret, &format!("digest:{}", recipient.without_tag()))
    )
}

/// Whom a digest token was made for, among `people`.
pub fn verify_digest<'a>(secret: &[u8], token: &str, people: &'a [Address]) -> Option<&'a Address> {
    let given = token.strip_prefix("qd-")?.get(..MAC_HEX)?;
    people.iter().find(|p| {
        let want = mac_of(secret, &format!("digest:{}", p.without_tag()));
        same_mac(&want, given)
    })
}

/// A digest token at the start of a Message-ID of ours (`qd-….nonce@domain`).
pub fn digest_token_in_message_id(id: &str) -> Option<&str> {
    let first = id.split('.').next()?;
    (first.starts_with("qd-") && first.len() == 3 + MAC_HEX).then_some(first)
}

/// The reply token for mail about `case_id` sent to `recipient`.
pub fn token(secret: &[u8], case_id: i64, recipient: &Address) -> String {
    format!("q{case_id}-{}", mac(secret, case_id, recipient))
}

/// A token's parts, before checking it.
pub fn parse_token(s: &str) -> Option<(i64, &str)> {
    let rest = s.strip_prefix('q')?;
    let (id, mac) = rest.split_once('-')?;
    let mac = mac.get(..MAC_HEX)?;
    if !mac.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    Some((id.parse().ok()?, mac))
}

/// Whether `token` is a genuine token of `case_id` for one of `recipients`; returns that one.
pub fn verify<'a>(
    secret: &[u8],
    token: &str,
    case_id: i64,
    recipients: &'a [Address],
) -> Option<&'a Address> {
    let (id, given) = parse_token(token)?;
    if id != case_id {
        return None;
    }
    recipients
        .iter()
        .find(|r| same_mac(&mac(secret, case_id, r), given))
}

/// The case number in a token found in a Message-ID of ours (`q12-….nonce@domain`).
pub fn token_in_message_id(id: &str) -> Option<&str> {
    let first = id.split('.').next()?;
    parse_token(first).map(|_| first)
}

/// The tag qmark puts at the end of every subject it sends: `[#12]`.
pub fn subject_tag(case_id: i64) -> String {
    format!("[#{case_id}]")
}

/// The case number from a `[#12]` tag anywhere in a subject.
pub fn case_in_subject(subject: &str) -> Option<i64> {
    let start = subject.rfind("[#")?;
    let rest = subject.get(start + 2..)?;
    let end = rest.find(']')?;
    rest.get(..end)?.parse().ok()
}

/// Reply and forward prefixes in the languages customers and owners write in.
const PREFIXES: &[&str] = &[
    "re", "fw", "fwd", "aw", "wg", "sv", "vs", "vb", "antw", "doorst", "rif", "r", "tr", "ref",
    "odp", "pd", "ynt", "enc", "res", "απ", "σχετ", "回复", "答复", "转发", "回覆", "轉寄", "転送",
    "返信", "답장", "회신", "전달",
];

/// Marks mail gateways put in front of a subject from outside the company.
const GATEWAY_TAGS: &[&str] = &[
    "external",
    "ext",
    "external email",
    "external sender",
    "external mail",
    "caution",
    "warning",
    "외부",
    "외부메일",
    "외부 메일",
    "社外",
    "外部",
    "社外メール",
];

/// The subject after a leading `[EXTERNAL]`-like tag, if it has one.
fn gateway_tag(subject: &str) -> Option<&str> {
    let rest = subject.strip_prefix('[')?;
    let (tag, after) = rest.split_once(']')?;
    let tag = tag.trim().trim_end_matches(':').to_lowercase();
    GATEWAY_TAGS.contains(&tag.as_str()).then_some(after)
}

/// Reply prefixes only (no forwards: an executive forwarding a customer's mail is not a reply).
const REPLY_PREFIXES: &[&str] = &[
    "re", "aw", "sv", "vs", "antw", "rif", "r", "ref", "odp", "ynt", "res", "απ", "σχετ", "回复",
    "答复", "回覆", "返信", "답장", "회신",
];

/// The prefix word in front of a subject (`RE`, `AW[2]`, `회신(3)`, full-width colon too),
/// lower-cased without its count, and the subject after it; None when it has no such word.
fn leading_prefix(t: &str) -> Option<(String, &str)> {
    let colon = t.find([':', '：'])?;
    let word = t
        .get(..colon)
        .unwrap_or("")
        .trim()
        .trim_end_matches(|c: char| c == ']' || c == ')' || c.is_ascii_digit())
        .trim_end_matches(['[', '('])
        .trim()
        .to_lowercase();
    let after = colon + t.get(colon..)?.chars().next().map_or(1, char::len_utf8);
    Some((word, t.get(after..)?))
}

/// Whether a subject starts with a reply prefix (after our `?` and a gateway tag).
pub fn has_reply_prefix(subject: &str) -> bool {
    let mut t = subject.trim_start().trim_start_matches('?').trim_start();
    if let Some(rest) = gateway_tag(t) {
        t = rest.trim_start();
    }
    leading_prefix(t).is_some_and(|(word, _)| REPLY_PREFIXES.contains(&word.as_str()))
}

/// The subject with reply/forward prefixes, our `?` marks and case tags removed, lower-cased:
/// "RE: AW: ? Refund [#12]" and "refund" compare equal.
pub fn normalise_subject(subject: &str) -> String {
    let mut s = subject.trim().to_string();
    if let Some(start) = s.rfind("[#")
        && s.get(start..).is_some_and(|t| t.ends_with(']'))
    {
        s.truncate(start);
    }
    loop {
        let t = s.trim_start();
        let t = t.trim_start_matches('?').trim_start();
        // A mail gateway's mark in front ("[EXTERNAL] Re: ..."): not part of the subject.
        if let Some(rest) = gateway_tag(t) {
            s = rest.to_string();
            continue;
        }
        match leading_prefix(t) {
            Some((word, after)) if PREFIXES.contains(&word.as_str()) => s = after.to_string(),
            _ => return crate::routing::text::normalise(t),
        }
    }
}

/// The conversation key of an Outlook Thread-Index: its first 22 bytes (a timestamp and a
/// GUID) are shared by every message of one conversation.
pub fn thread_key(thread_index: &str) -> Option<String> {
    let bytes = base64_decode(thread_index.trim())?;
    let head = bytes.get(..22)?;
    Some(hex::encode(head))
}

/// Minimal base64 (standard alphabet) for Thread-Index values; no crate needed for 30 bytes.
fn base64_decode(s: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    let mut buf = 0u32;
    let mut bits = 0;
    for c in s.bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            b'=' => break,
            b' ' | b'\t' | b'\r' | b'\n' => continue,
            _ => return None,
        };
        buf = (buf << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push(u8::try_from((buf >> bits) & 0xff).unwrap_or(0));
        }
    }
    Some(out)
}

/// One piece of evidence pointing at a case: the case, the token that points there (if any),
/// and everyone the case's mail went to (whom a token may have been made for).
#[derive(Debug, Clone, Default)]
pub struct Clue {
    pub case_id: i64,
    pub token: Option<String>,
    pub people: Vec<Address>,
}

/// A References/In-Reply-To id: the case whose mail has that Message-ID, and the case a token
/// at the start of it (ours) names.
#[derive(Debug, Clone, Default)]
pub struct Reference {
    pub by_id: Option<Clue>,
    pub by_token: Option<Clue>,
}

/// What the store knows about a message's thread, strongest kind first. Gathered in one async
/// step by `case::evidence`; `choose` decides from it alone.
#[derive(Debug, Clone, Default)]
pub struct ThreadEvidence {
    /// Tokens in the +tag of a recipient at the public address.
    pub recipient_tokens: Vec<Clue>,
    /// In-Reply-To, then References newest first.
    pub references: Vec<Reference>,
    /// Tokens of ours quoted inside a bounce (its returned headers).
    pub returned_tokens: Vec<Clue>,
    /// The case of the message's Outlook Thread-Index.
    pub thread_index: Option<i64>,
    /// The `[#N]` case in the subject, with the case's people.
    pub subject_tag: Option<Clue>,
    /// The sender's recent case with the same subject.
    pub same_subject: Option<i64>,
    /// For one of the company's people only, when nothing above matched: the case their
    /// `[#N]` tag names, else a recent case they own with the same subject, else (for a reply
    /// subject) any recent unclosed case with it.
    pub colleague_case: Option<i64>,
    /// The sender's recent case that is not closed.
    pub unfinished: Option<i64>,
}

/// The case a message belongs to, and how it was found.
#[derive(Debug, Clone, PartialEq)]
pub struct Match {
    pub case_id: i64,
    pub how: &'static str,
    pub confidence: Confidence,
    /// For a verified token: whom the mail it answers was sent to.
    pub token_for: Option<Address>,
}

impl Clue {
    /// Whom this clue's token was made for, when it verifies.
    fn token_for(&self, secret: &[u8]) -> Option<Address> {
        let token = self.token.as_deref()?;
        verify(secret, token, self.case_id, &self.people).cloned()
    }

    fn matched(&self, how: &'static str, token_for: Option<Address>) -> Match {
        Match {
            case_id: self.case_id,
            how,
            confidence: Confidence::High,
            token_for,
        }
    }
}

/// Choose the case a message belongs to, trying the strongest evidence first: a reply token in
/// a recipient address, References/In-Reply-To, a token in a quoted Message-ID (bounces), the
/// Outlook Thread-Index, the `[#N]` subject tag, then the same customer and subject. A token
/// counts only when it verifies for one of the case's people; a subject tag only from one of
/// them; the weaker kinds only with a sender.
pub fn choose(e: &ThreadEvidence, secret: &[u8], sender: Option<&Address>) -> Option<Match> {
    let verified = |clues: &[Clue], how| {
        clues
            .iter()
            .find_map(|c| c.token_for(secret).map(|to| c.matched(how, Some(to))))
    };
    if let Some(m) = verified(&e.recipient_tokens, "reply token") {
        return Some(m);
    }
    for r in &e.references {
        // Our own Message-ID on a case is enough; a token in it also says whom it was for.
        if let Some(c) = &r.by_id {
            return Some(c.matched("references", c.token_for(secret)));
        }
        if let Some(c) = &r.by_token
            && let Some(to) = c.token_for(secret)
        {
            return Some(c.matched("references (our Message-ID)", Some(to)));
        }
    }
    if let Some(m) = verified(&e.returned_tokens, "returned headers") {
        return Some(m);
    }
    let sender = sender?;
    let weak = |case_id, how, confidence| Match {
        case_id,
        how,
        confidence,
        token_for: None,
    };
    if let Some(id) = e.thread_index {
        return Some(weak(id, "Outlook Thread-Index", Confidence::Medium));
    }
    if let Some(c) = &e.subject_tag
        && c.people.contains(sender)
    {
        return Some(weak(c.case_id, "subject tag", Confidence::Medium));
    }
    if let Some(id) = e.same_subject {
        return Some(weak(id, "same customer and subject", Confidence::Medium));
    }
    // Without a token this proves nothing; it only keeps a colleague's reply that lost every
    // marker from opening a case with them as its customer (`understand` refuses it as an
    // answer, and they and the owner are told).
    if let Some(id) = e.colleague_case {
        return Some(weak(
            id,
            "a colleague's mail naming the case",
            Confidence::Medium,
        ));
    }
    e.unfinished
        .map(|id| weak(id, "same customer", Confidence::Low))
}

/// Tokens of ours in raw bytes (a bounce quotes the headers of the mail it returns).
pub fn tokens_in_raw(raw: &[u8], domain: &str) -> Vec<String> {
    let text = String::from_utf8_lossy(raw);
    let suffix = format!("@{domain}");
    text.split(|c: char| c.is_whitespace() || c == '<' || c == '>' || c == '"')
        .filter(|w| w.ends_with(&suffix))
        .filter_map(|w| token_in_message_id(w).map(str::to_string))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn a(s: &str) -> Address {
        Address::parse(s).expect("test address")
    }

    fn clue(case_id: i64, token: Option<String>, people: &[&str]) -> Clue {
        Clue {
            case_id,
            token,
            people: people.iter().map(|p| a(p)).collect(),
        }
    }

    #[test]
    fn the_strongest_verified_evidence_chooses_the_case() {
        let secret = b"installation secret";
        let owner = a("billing@shop.example");
        let good = token(secret, 7, &owner);
        let forged = format!("q8-{}", "0".repeat(MAC_HEX));
        let e = ThreadEvidence {
            // A forged token names case 8: ignored, though it comes first.
            recipient_tokens: vec![
                clue(8, Some(forged), &["billing@shop.example"]),
                clue(7, Some(good.clone()), &["billing@shop.example"]),
            ],
            same_subject: Some(3),
            ..ThreadEvidence::default()
        };
        let m = choose(&e, secret, Some(&owner)).expect("a match");
        assert_eq!((m.case_id, m.how), (7, "reply token"));
        assert_eq!(m.token_for, Some(owner.clone()));
        assert_eq!(m.confidence, Confidence::High);

        // The same token made for someone else does not verify for a case without them.
        let e = ThreadEvidence {
            recipient_tokens: vec![clue(7, Some(good), &["support@shop.example"])],
            ..ThreadEvidence::default()
        };
        assert_eq!(choose(&e, secret, Some(&owner)), None);
    }

    /// An owner's reply that lost every marker but its subject finds the case they own, with no
    /// token (so it answers nothing); the sender's own case as a customer comes first.
    #[test]
    fn a_colleagues_case_is_a_weak_match_without_a_token() {
        let owner = a("billing@shop.example");
        let e = ThreadEvidence {
            colleague_case: Some(4),
            ..ThreadEvidence::default()
        };
        let m = choose(&e, b"s", Some(&owner)).expect("a match");
        assert_eq!(
            (m.case_id, m.confidence, m.token_for),
            (4, Confidence::Medium, None)
        );
        let e = ThreadEvidence {
            same_subject: Some(3),
            colleague_case: Some(4),
            ..ThreadEvidence::default()
        };
        assert_eq!(choose(&e, b"s", Some(&owner)).map(|m| m.case_id), Some(3));
        assert_eq!(choose(&e, b"s", None), None);
    }

    #[test]
    fn references_to_our_mail_count_without_a_token_but_a_bare_token_must_verify() {
        let secret = b"s";
        let e = ThreadEvidence {
            references: vec![
                Reference {
                    by_id: None,
                    by_token: Some(clue(4, Some(format!("q4-{}", "f".repeat(MAC_HEX))), &[])),
                },
                Reference {
                    by_id: Some(clue(5, None, &[])),
                    by_token: None,
                },
            ],
            ..ThreadEvidence::default()
        };
        let m = choose(&e, secret, None).expect("a match");
        assert_eq!((m.case_id, m.how, m.token_for), (5, "references", None));
    }

    #[test]
    fn weak_evidence_needs_a_sender_and_a_subject_tag_one_of_the_case_people() {
        let secret = b"s";
        let kim = a("kim@customer.example");
        let e = ThreadEvidence {
            thread_index: None,
            subject_tag: Some(clue(9, None, &["lee@customer.example"])),
            unfinished: Some(2),
            ..ThreadEvidence::default()
        };
        assert_eq!(choose(&e, secret, None), None, "no sender, no weak match");
        let m = choose(&e, secret, Some(&kim)).expect("the unfinished case");
        assert_eq!((m.case_id, m.confidence), (2, Confidence::Low));
        let e = ThreadEvidence {
            subject_tag: Some(clue(9, None, &["kim@customer.example"])),
            ..e
        };
        let m = choose(&e, secret, Some(&kim)).expect("the tagged case");
        assert_eq!((m.case_id, m.how), (9, "subject tag"));
    }

    #[test]
    fn tokens_are_per_case_and_recipient_and_verify() {
        let secret = b"installation secret";
        let owner = a("billing@shop.example");
        let t = token(secret, 12, &owner);
        assert!(t.starts_with("q12-") && t.len() == 4 + MAC_HEX, "{t}");
        assert_ne!(t, token(secret, 13, &owner));
        assert_ne!(t, token(secret, 12, &a("shipping@shop.example")));
        assert_ne!(t, token(b"other secret", 12, &owner));
        let people = [a("founder@shop.example"), owner.clone()];
        assert_eq!(verify(secret, &t, 12, &people), Some(&owner));
        assert_eq!(verify(secret, &t, 13, &people), None, "wrong case");
        assert_eq!(
            verify(secret, "q12-0000000000000000", 12, &people),
            None,
            "forged"
        );
        assert_eq!(verify(secret, "garbage", 12, &people), None);
        // Tags on the recipient do not change the token.
        assert_eq!(t, token(secret, 12, &a("billing+x@shop.example")));
    }

    #[test]
    fn digest_tokens_bind_one_person_and_are_not_case_tokens() {
        let secret = b"installation secret";
        let (ceo, cfo) = (a("founder@shop.example"), a("cfo@shop.example"));
        let t = digest_token(secret, &ceo);
        assert!(t.starts_with("qd-") && t.len() == 3 + MAC_HEX, "{t}");
        assert_eq!(parse_token(&t), None, "a digest token is no case token");
        let people = [cfo.clone(), ceo.clone()];
        assert_eq!(verify_digest(secret, &t, &people), Some(&ceo));
        assert_eq!(verify_digest(secret, &t, std::slice::from_ref(&cfo)), None);
        assert_eq!(verify_digest(b"other", &t, &people), None);
        assert_eq!(
            verify_digest(secret, &token(secret, 1, &ceo), &people),
            None
        );
        let id = format!("{t}.00ff@shop.example");
        assert_eq!(digest_token_in_message_id(&id), Some(t.as_str()));
        assert_eq!(digest_token_in_message_id("digest.00ff@shop.example"), None);
    }

    #[test]
    fn tokens_are_found_in_message_ids() {
        assert_eq!(
            token_in_message_id("q12-0123456789abcdef.00ff@shop.example"),
            Some("q12-0123456789abcdef")
        );
        assert_eq!(token_in_message_id("CAF=abc@mail.gmail.com"), None);
    }

    #[test]
    fn subject_tags() {
        assert_eq!(subject_tag(12), "[#12]");
        assert_eq!(case_in_subject("RE: ? Refund for #4471 [#12]"), Some(12));
        assert_eq!(case_in_subject("order #4471"), None);
    }

    #[test]
    fn prefixes_in_many_languages_are_stripped() {
        for s in [
            "Re: Refund",
            "RE: AW: Refund",
            "Fwd: FW: refund",
            "SV: VS: Refund",
            "WG: Refund",
            "回复: Refund",
            "答复：Refund",
            "転送: Refund",
            "답장: Refund",
            "전달: Refund",
            "Re[2]: Refund",
            "?? Refund [#12]",
            "RE: ? Refund [#12]",
            "[EXTERNAL] Re: Refund",
            "RE: [External] RE: Refund",
            "[외부메일] 답장: Refund",
        ] {
            assert_eq!(normalise_subject(s), "refund", "{s}");
        }
        assert_eq!(
            normalise_subject("Question: where is my order"),
            "question: where is my order"
        );
        // A shop's own tag is part of the subject; only a gateway's mark is not.
        assert_eq!(normalise_subject("[Hanbit] Refund"), "[hanbit] refund");
    }

    #[test]
    fn reply_prefixes_are_told_from_subjects_that_only_contain_a_colon() {
        for s in [
            "Re: Refund",
            "AW: Refund",
            "[EXTERNAL] RE: Refund",
            "回复：Refund",
            "? Re[2]: x",
        ] {
            assert!(has_reply_prefix(s), "{s}");
        }
        for s in [
            "Refund",
            "Question: where is my order",
            "[EXTERNAL] Refund",
            "Fwd",
        ] {
            assert!(!has_reply_prefix(s), "{s}");
        }
    }

    #[test]
    fn thread_index_keys() {
        // 22-byte header + one 5-byte child block, as Outlook writes a reply.
        let first = "AdtB2Y4xQ2JhZGNmZGVmZ2hpamtsbW5vcA==";
        let reply = "AdtB2Y4xQ2JhZGNmZGVmZ2hpamtsbW5vcAAAAAAB";
        assert_eq!(thread_key(first), thread_key(reply));
        assert!(thread_key("short").is_none());
        assert!(thread_key("not base64 !!").is_none());
    }
}
