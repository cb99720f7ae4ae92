//! The sender of a message forwarded inline: what Gmail, Outlook, Apple Mail and their Korean
//! and Japanese versions write above a forwarded message in the body, when the original is not
//! attached as `message/rfc822`.

use super::Sender;
use super::address::Address;

/// Lines that open an inline forward, lower-cased and without their dashes.
const OPENERS: &[&str] = &[
    "forwarded message",
    "original message",
    "begin forwarded message",
    "전달된 메시지",
    "전달된 메일",
    "원본 메시지",
    "원본 메일",
    "転送されたメッセージ",
    "転送メッセージ",
    "元のメッセージ",
    "message transféré",
    "weitergeleitete nachricht",
    "ursprüngliche nachricht",
];

/// The labels of the original's From line in the block under an opener.
const FROM_LABELS: &[&str] = &["from:", "보낸 사람:", "보낸사람:", "差出人:", "von:", "de:"];

/// How many lines under the opener the From line may be (Outlook puts it first, Apple Mail
/// after a blank line).
const BLOCK_LINES: usize = 4;

/// The senders of the messages forwarded inline in `text`, outermost first: under each forward
/// opener, a From line holding a valid address ("Bob <bob@x>", "Bob [mailto:bob@x]", "bob@x").
pub fn inline_forwarded_senders(text: &str) -> Vec<Sender> {
    let lines: Vec<&str> = text
        .lines()
        .map(|l| l.trim_start_matches('>').trim())
        .collect();
    lines
        .iter()
        .enumerate()
        .filter(|(_, l)| opens_forward(l))
        .filter_map(|(at, _)| {
            lines
                .iter()
                .skip(at + 1)
                .filter(|l| !l.is_empty())
                .take(BLOCK_LINES)
                .find_map(|l| from_line(l))
        })
        .collect()
}

/// The sender of the first (outermost) message forwarded inline in `text`.
pub fn inline_forwarded_from(text: &str) -> Option<Sender> {
    inline_forwarded_senders(text).into_iter().next()
}

fn opens_forward(line: &str) -> bool {
    let bare = line
        .trim_matches(|c: char| c == '-' || c == '_' || c.is_whitespace())
        .trim_end_matches([':', '：'])
        .trim()
        .to_lowercase();
    // Outlook's underscores line alone, with its "From:" block under it.
    (line.starts_with("________") && bare.is_empty()) || OPENERS.contains(&bare.as_str())
}

fn from_line(line: &str) -> Option<Sender> {
    let lower = line.to_lowercase();
    let label = FROM_LABELS.iter().find(|l| lower.starts_with(*l))?;
    let value = line.get(label.len()..)?.trim();
    // The first bracketed address: Outlook's "From: Bob <bob@x> On Behalf Of Acme" goes on.
    let (name, address) = match value.find(['<', '[']) {
        Some(open) => {
            let rest = value.get(open + 1..)?;
            let inner = rest.get(..rest.find(['>', ']'])?)?.trim();
            let inner = inner.strip_prefix("mailto:").unwrap_or(inner);
            let name = value.get(..open)?.trim().trim_matches('"').trim();
            (name, inner)
        }
        None => ("", value),
    };
    let address = Address::parse(address).ok()?;
    Some(Sender {
        name: (!name.is_empty()).then(|| super::one_line(name)),
        address: Some(address),
        raw: super::one_line(value),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn from(text: &str) -> Option<String> {
        inline_forwarded_from(text).and_then(|s| s.address.map(|a| a.to_string()))
    }

    #[test]
    fn gmail_outlook_and_apple_forwards_name_their_sender() {
        let gmail = "? shipping@co.example\n\n---------- Forwarded message ---------\nFrom: Bob Lee <bob@cust.example>\nDate: Thu, Dec 3, 2026\nSubject: Parcel\n\nWhere is it?";
        assert_eq!(from(gmail).as_deref(), Some("bob@cust.example"));
        assert_eq!(
            inline_forwarded_from(gmail).and_then(|s| s.name).as_deref(),
            Some("Bob Lee")
        );
        let outlook = "? shipping@co.example\n\n-----Original Message-----\nFrom: Bob Lee [mailto:bob@cust.example]\nSent: Thursday\n\nWhere?";
        assert_eq!(from(outlook).as_deref(), Some("bob@cust.example"));
        let new_outlook = "note\n________________________________\nFrom: \"Lee, Bob\" <bob@cust.example>\nSent: Thursday";
        assert_eq!(from(new_outlook).as_deref(), Some("bob@cust.example"));
        let apple = "?  shipping@co.example\n\nBegin forwarded message:\n\nFrom: Bob <bob@cust.example>\nSubject: Parcel";
        assert_eq!(from(apple).as_deref(), Some("bob@cust.example"));
        let korean = "---------- 전달된 메시지 ---------\n보낸사람: 김민지 <minji@naver.example>\n날짜: 2026년 12월 3일";
        assert_eq!(from(korean).as_deref(), Some("minji@naver.example"));
        let japanese =
            "---------- 転送されたメッセージ ---------\n差出人: 佐藤 <sato@cust.example>";
        assert_eq!(from(japanese).as_deref(), Some("sato@cust.example"));
        // A second attacker's forms: Gmail in Korean, Apple Mail in Japanese, Outlook's
        // "On Behalf Of".
        let gmail_ko = "---------- 전달된 메일 ----------\n보낸사람: 김철수 <kim@cust.example>\n날짜: 2026년 12월 3일";
        assert_eq!(from(gmail_ko).as_deref(), Some("kim@cust.example"));
        let apple_ja =
            "転送されたメッセージ:\n\n差出人: 山田 太郎 <yamada@cust.example>\n日時: 2026年12月3日";
        assert_eq!(from(apple_ja).as_deref(), Some("yamada@cust.example"));
        let behalf = "-----Original Message-----\nFrom: Bob Five <bob5@cust.example> On Behalf Of Acme Purchasing\nSent: Thursday";
        assert_eq!(from(behalf).as_deref(), Some("bob5@cust.example"));
        let bare = "-----Original Message-----\nFrom: bob@cust.example";
        assert_eq!(from(bare).as_deref(), Some("bob@cust.example"));
    }

    #[test]
    fn a_forward_of_a_forward_names_each_sender_outermost_first() {
        let nested = "? shipping@co.example\n\n---------- Forwarded message ---------\nFrom: Jane <jane@co.example>\nSubject: Fwd: Parcel\n\nFYI\n\n---------- Forwarded message ---------\nFrom: Bob <bob@cust.example>\nSubject: Parcel\n\nWhere is it?";
        let chain: Vec<String> = inline_forwarded_senders(nested)
            .into_iter()
            .filter_map(|s| s.address.map(|a| a.to_string()))
            .collect();
        assert_eq!(chain, ["jane@co.example", "bob@cust.example"]);
    }

    #[test]
    fn a_from_line_without_an_opener_or_far_below_it_names_nobody() {
        assert_eq!(from("From: Bob <bob@cust.example>\nhello"), None);
        assert_eq!(
            from("-----Original Message-----\na\nb\nc\nd\ne\nFrom: bob@cust.example"),
            None
        );
        assert_eq!(
            from("---------- Forwarded message ---------\nFrom: Bob <not an address>"),
            None
        );
        assert_eq!(from(""), None);
    }
}
