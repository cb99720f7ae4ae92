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

/// How sure a thread match is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Confidence {
    /// Same customer, recent case, different subject: shown as possibly related, never merged.
    Low,
    /// Outlook Thread-Index, the `[#N]` subject tag, or the same subject from the same customer.
    Medium,
    /// A reply token (recipient or our Message-ID) or a References hit.
    High,
}

/// The case a message's thread leads to, as the shell found it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThreadCase {
    pub case_id: i64,
    pub owner: Address,
    pub customer: Address,
    /// How the thread was found, for the case history.
    pub matched_by: &'static str,
    pub confidence: Confidence,
    /// The message carried a genuine reply token of this case (in a recipient address or in
    /// a Message-ID of ours it refers to). Answers and commands need one.
    pub token_ok: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Understanding {
    /// Mail qmark itself sent, come back (a copy to our own address, a forward loop).
    OwnMail,
    /// Never answered, never an answer; attached to its case when it has one.
    Automatic {
        why: Automatic,
        case_id: Option<i64>,
        /// The automatic mail came from the case's owner (an out-of-office to a forward).
        from_owner: bool,
    },
    /// The case's owner or an executive replied on the thread, with a valid token.
    Answer { case_id: i64, by: Address },
    /// Someone else replied on a case thread, or an employee without a valid token or
    /// authentication: recorded, changes nothing.
    Unauthorized {
        case_id: i64,
        by: Option<Address>,
        why: &'static str,
    },
    /// The customer wrote again on their case.
    FollowUp { case_id: i64 },
    /// A new complaint; `related` is a case it may belong to (low confidence, shown to the
    /// owner, never merged).
    NewComplaint { related: Option<i64> },
}

/// `authenticated`: the receiving server vouched for the sender's domain (always true when no
/// trusted authserv-id is configured).
pub fn understand(
    mail: &Mail,
    public: &Address,
    executives: &[Address],
    thread: Option<&ThreadCase>,
    authenticated: bool,
) -> Understanding {
    if mail
        .auto
        .qmark_loop
        .as_deref()
        .is_some_and(|v| v == public.as_str())
    {
        return Understanding::OwnMail;
    }
    let sender = mail
        .from
        .as_ref()
        .and_then(|f| f.address.as_ref())
        .map(Address::without_tag);
    if let Some(why) = automatic(mail) {
        return Understanding::Automatic {
            why,
            case_id: thread.map(|t| t.case_id),
            from_owner: thread.is_some_and(|t| sender.as_ref() == Some(&t.owner)),
        };
    }
    if sender.as_ref() == Some(&public.without_tag()) {
        return Understanding::OwnMail;
    }
    let Some(thread) = thread else {
        return Understanding::NewComplaint { related: None };
    };
    if thread.confidence == Confidence::Low {
        return Understanding::NewComplaint {
            related: Some(thread.case_id),
        };
    }
    match sender {
        Some(s) if s == thread.owner || executives.contains(&s) => {
            if !thread.token_ok {
                Understanding::Unauthorized {
                    case_id: thread.case_id,
                    by: Some(s),
                    why: "no valid reply token: replies count only when sent to the address the case mail came from",
                }
            } else if !authenticated {
                Understanding::Unauthorized {
                    case_id: thread.case_id,
                    by: Some(s),
                    why: "the receiving server did not vouch for the sender (no DKIM or SPF pass)",
                }
            } else {
                Understanding::Answer {
                    case_id: thread.case_id,
                    by: s,
                }
            }
        }
        Some(s) if s == thread.customer => Understanding::FollowUp {
            case_id: thread.case_id,
        },
        other => Understanding::Unauthorized {
            case_id: thread.case_id,
            by: other,
            why: "neither the owner nor an executive",
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
            confidence: Confidence::High,
            token_ok: true,
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
            true,
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
                case_id: Some(7),
                from_owner: true
            }
        );
        assert_eq!(
            run(
                "From: billing@shop.example\r\nSubject: Automatic reply: ? refund",
                Some(&t)
            ),
            Understanding::Automatic {
                why: Automatic::AutoReply,
                case_id: Some(7),
                from_owner: true
            }
        );
        assert_eq!(
            run(
                "From: MAILER-DAEMON@mx.example\r\nSubject: Undelivered",
                None
            ),
            Understanding::Automatic {
                why: Automatic::Bounce,
                case_id: None,
                from_owner: false
            }
        );
        assert_eq!(
            run("Return-Path: <>\r\nFrom: x@y.example\r\nSubject: hi", None),
            Understanding::Automatic {
                why: Automatic::Bounce,
                case_id: None,
                from_owner: false
            }
        );
        assert_eq!(
            run(
                "From: news@shop2.example\r\nList-Id: <news.shop2.example>\r\nSubject: Sale",
                None
            ),
            Understanding::Automatic {
                why: Automatic::Bulk,
                case_id: None,
                from_owner: false
            }
        );
        // "Auto-Submitted: no" is a person.
        assert_eq!(
            run(
                "From: minji@naver.example\r\nAuto-Submitted: no\r\nSubject: hi",
                None
            ),
            Understanding::NewComplaint { related: None }
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
                by: Some(addr("mallory@evil.example")),
                why: "neither the owner nor an executive"
            }
        );
        assert_eq!(
            run("From: minji@naver.example\r\nSubject: Re: x", Some(&t)),
            Understanding::FollowUp { case_id: 7 }
        );
        // The owner without a valid token (a spoofed From on a subject-tag match) is not trusted.
        let weak = ThreadCase {
            token_ok: false,
            confidence: Confidence::Medium,
            ..thread()
        };
        assert!(matches!(
            run(
                "From: billing@shop.example\r\nSubject: Re: x [#7]",
                Some(&weak)
            ),
            Understanding::Unauthorized { .. }
        ));
        // Nor without the receiving server's authentication, when that is required.
        assert!(matches!(
            understand(
                &mail("From: billing@shop.example\r\nSubject: Re: x"),
                &addr(PUBLIC),
                &[],
                Some(&t),
                false
            ),
            Understanding::Unauthorized { .. }
        ));
        // A low-confidence match is a new case, shown as related.
        let low = ThreadCase {
            confidence: Confidence::Low,
            ..thread()
        };
        assert_eq!(
            run(
                "From: minji@naver.example\r\nSubject: another thing",
                Some(&low)
            ),
            Understanding::NewComplaint { related: Some(7) }
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
