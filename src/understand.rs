//! Deciding what an incoming message is: a new complaint, a customer follow-up, an owner's
//! answer, a stranger's reply, automatic mail, or our own mail coming back. Pure: the shell
//! looks up which case (if any) the message's thread points at and passes it in.

use serde::Serialize;

use crate::address::Address;
use crate::mail::Mail;

/// Why a message is automatic and must never be answered nor count as an answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Automatic {
    /// Out-of-office and other auto-responders (RFC 3834 Auto-Submitted, X-Autoreply, ...).
    AutoReply,
    /// A delivery status notification: the mail we sent did not arrive.
    Bounce,
    /// Newsletters and mailing lists.
    Bulk,
}

impl Automatic {
    pub fn as_str(self) -> &'static str {
        match self {
            Automatic::AutoReply => "auto_reply",
            Automatic::Bounce => "bounce",
            Automatic::Bulk => "bulk",
        }
    }
}

/// Subject prefixes that auto-responders use when they set no header at all.
const AUTO_SUBJECTS: &[&str] = &[
    "automatic reply:",
    "auto-reply:",
    "autoreply:",
    "auto reply:",
    "out of office:",
    "out of the office",
    "abwesenheitsnotiz",
    "自動返信",
    "자동 회신",
    "자동회신",
    "부재중",
];

pub fn automatic(mail: &Mail) -> Option<Automatic> {
    let a = &mail.auto;
    let sender_local = mail
        .from
        .as_ref()
        .and_then(|f| f.address.as_ref())
        .map(|addr| addr.local().to_string())
        .unwrap_or_default();
    if a.is_report
        || a.return_path_empty
        || sender_local == "mailer-daemon"
        || sender_local == "postmaster"
    {
        return Some(Automatic::Bounce);
    }
    if a.auto_submitted
        .as_deref()
        .is_some_and(|v| !v.starts_with("no"))
        || a.x_autoreply
    {
        return Some(Automatic::AutoReply);
    }
    if let Some(p) = a.precedence.as_deref() {
        match p {
            "auto_reply" => return Some(Automatic::AutoReply),
            "bulk" | "list" | "junk" => return Some(Automatic::Bulk),
            _ => {}
        }
    }
    if a.has_list_id || a.has_list_unsubscribe {
        return Some(Automatic::Bulk);
    }
    let subject = mail.subject.to_lowercase();
    if AUTO_SUBJECTS.iter().any(|p| subject.starts_with(p)) {
        return Some(Automatic::AutoReply);
    }
    None
}

/// The case a message's thread leads to, as the shell found it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThreadCase {
    pub case_id: i64,
    pub owner: Address,
    pub customer: Address,
    /// How the thread was found, for the case history.
    pub matched_by: &'static str,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Understanding {
    /// Mail qmark itself sent, come back (a copy to our own address, a forward loop).
    OwnMail,
    /// Never answered, never an answer; attached to its case when it has one.
    Automatic {
        why: Automatic,
        case_id: Option<i64>,
    },
    /// The case's owner or an executive replied on the thread.
    Answer { case_id: i64, by: Address },
    /// Someone else replied on a case thread: recorded, changes nothing.
    Unauthorized { case_id: i64, by: Option<Address> },
    /// The customer wrote again on their case.
    FollowUp { case_id: i64 },
    /// A new complaint.
    NewComplaint,
}

pub fn understand(
    mail: &Mail,
    public: &Address,
    executives: &[Address],
    thread: Option<&ThreadCase>,
) -> Understanding {
    if mail
        .auto
        .qmark_loop
        .as_deref()
        .is_some_and(|v| v == public.as_str())
    {
        return Understanding::OwnMail;
    }
    if let Some(why) = automatic(mail) {
        return Understanding::Automatic {
            why,
            case_id: thread.map(|t| t.case_id),
        };
    }
    let sender = mail
        .from
        .as_ref()
        .and_then(|f| f.address.as_ref())
        .map(Address::without_tag);
    if sender.as_ref() == Some(&public.without_tag()) {
        return Understanding::OwnMail;
    }
    let Some(thread) = thread else {
        return Understanding::NewComplaint;
    };
    match sender {
        Some(s) if s == thread.owner || executives.contains(&s) => Understanding::Answer {
            case_id: thread.case_id,
            by: s,
        },
        Some(s) if s == thread.customer => Understanding::FollowUp {
            case_id: thread.case_id,
        },
        other => Understanding::Unauthorized {
            case_id: thread.case_id,
            by: other,
        },
    }
}

/// Lines that start the quoted history under a reply, as mail clients write them.
const QUOTE_HEADERS: &[&str] = &[
    "-----original message-----",
    "-----원본 메시지-----",
    "----- original message -----",
    "________________________________",
    "-------- original message --------",
    "-------- 원본 메시지 --------",
];

/// The new text of a reply: everything above the quoted history. Conservative: when no
/// separator is found the whole text is kept.
pub fn reply_text(text: &str) -> String {
    let mut kept = Vec::new();
    for line in text.lines() {
        let t = line.trim();
        let lower = t.to_lowercase();
        let gmail = lower.starts_with("on ") && lower.ends_with("wrote:");
        let korean = t.ends_with("작성:") || t.ends_with("님이 작성:");
        if gmail
            || korean
            || t.starts_with('>')
            || QUOTE_HEADERS.iter().any(|q| lower.starts_with(q))
        {
            break;
        }
        kept.push(line);
    }
    let out = kept.join("\n").trim().to_string();
    if out.is_empty() {
        text.trim().to_string()
    } else {
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mail::parse;

    fn addr(s: &str) -> Address {
        Address::parse(s).expect("test address")
    }

    fn thread() -> ThreadCase {
        ThreadCase {
            case_id: 7,
            owner: addr("billing@shop.example"),
            customer: addr("minji@naver.example"),
            matched_by: "token",
        }
    }

    fn mail(headers: &str) -> Mail {
        parse(format!("{headers}\r\n\r\nbody\r\n").as_bytes())
    }

    const PUBLIC: &str = "ceo@shop.example";

    fn run(headers: &str, t: Option<&ThreadCase>) -> Understanding {
        understand(
            &mail(headers),
            &addr(PUBLIC),
            &[addr("founder@shop.example")],
            t,
        )
    }

    #[test]
    fn rfc3834_and_friends_are_automatic() {
        let t = thread();
        assert_eq!(
            run(
                "From: billing@shop.example\r\nAuto-Submitted: auto-replied\r\nSubject: x",
                Some(&t)
            ),
            Understanding::Automatic {
                why: Automatic::AutoReply,
                case_id: Some(7)
            }
        );
        assert_eq!(
            run(
                "From: billing@shop.example\r\nSubject: Automatic reply: ? refund",
                Some(&t)
            ),
            Understanding::Automatic {
                why: Automatic::AutoReply,
                case_id: Some(7)
            }
        );
        assert_eq!(
            run(
                "From: MAILER-DAEMON@mx.example\r\nSubject: Undelivered",
                None
            ),
            Understanding::Automatic {
                why: Automatic::Bounce,
                case_id: None
            }
        );
        assert_eq!(
            run("Return-Path: <>\r\nFrom: x@y.example\r\nSubject: hi", None),
            Understanding::Automatic {
                why: Automatic::Bounce,
                case_id: None
            }
        );
        assert_eq!(
            run(
                "From: news@shop2.example\r\nList-Id: <news.shop2.example>\r\nSubject: Sale",
                None
            ),
            Understanding::Automatic {
                why: Automatic::Bulk,
                case_id: None
            }
        );
        // "Auto-Submitted: no" is a person.
        assert_eq!(
            run(
                "From: minji@naver.example\r\nAuto-Submitted: no\r\nSubject: hi",
                None
            ),
            Understanding::NewComplaint
        );
    }

    #[test]
    fn only_owner_and_executives_answer() {
        let t = thread();
        assert_eq!(
            run(
                "From: Billing <Billing@shop.example>\r\nSubject: Re: ? x",
                Some(&t)
            ),
            Understanding::Answer {
                case_id: 7,
                by: addr("billing@shop.example")
            }
        );
        assert_eq!(
            run("From: founder@shop.example\r\nSubject: Re: ? x", Some(&t)),
            Understanding::Answer {
                case_id: 7,
                by: addr("founder@shop.example")
            }
        );
        assert_eq!(
            run("From: mallory@evil.example\r\nSubject: Re: ? x", Some(&t)),
            Understanding::Unauthorized {
                case_id: 7,
                by: Some(addr("mallory@evil.example"))
            }
        );
        assert_eq!(
            run("From: minji@naver.example\r\nSubject: Re: x", Some(&t)),
            Understanding::FollowUp { case_id: 7 }
        );
    }

    #[test]
    fn quoted_history_is_cut() {
        assert_eq!(
            reply_text(
                "We refunded it today.\n\nOn Mon, 23 Nov 2026, Office wrote:\n> ?\n> refund"
            ),
            "We refunded it today."
        );
        assert_eq!(
            reply_text("환불 처리했습니다.\n-----원본 메시지-----\n보낸 사람: ceo"),
            "환불 처리했습니다."
        );
        assert_eq!(reply_text("> only quotes"), "> only quotes");
    }

    #[test]
    fn our_own_mail_is_recognised() {
        assert_eq!(
            run(
                "From: ceo@shop.example\r\nX-Qmark-Loop: ceo@shop.example\r\nSubject: ? x",
                None
            ),
            Understanding::OwnMail
        );
        assert_eq!(
            run("From: ceo+abc@shop.example\r\nSubject: x", None),
            Understanding::OwnMail
        );
    }
}
