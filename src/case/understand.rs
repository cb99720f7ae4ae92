//! Deciding what an incoming message is: a new complaint, a customer follow-up, an owner's
//! answer, a stranger's reply, automatic mail, or our own mail coming back. Pure: the shell
//! looks up which case (if any) the message's thread points at and passes it in.

use serde::Serialize;

use crate::authority::{self, Action, CasePeople, Proof, Request, Rules, Verdict};
use crate::mail::Mail;
use crate::mail::address::Address;

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
    // A discussion list (a Google Group, a Mailman list) relays what a person posted: a
    // company's purchasing group writing about a double charge, or the public address being a
    // group itself. Its list headers say how it travelled, not that nobody wrote it; setting
    // it aside would drop a complaint without a word. Announcement lists and newsletters stay
    // bulk.
    let list = !a.discussion_list;
    if let Some(p) = a.precedence.as_deref() {
        match p {
            "auto_reply" => return Some(Automatic::AutoReply),
            "junk" => return Some(Automatic::Bulk),
            "bulk" | "list" if list => return Some(Automatic::Bulk),
            _ => {}
        }
    }
    if list && (a.has_list_id || a.has_list_unsubscribe) {
        return Some(Automatic::Bulk);
    }
    let subject = mail.subject.to_lowercase();
    if AUTO_SUBJECTS.iter().any(|p| subject.starts_with(p)) {
        return Some(Automatic::AutoReply);
    }
    None
}

/// Mail a relay sent for someone else, whose Reply-To is the person who wrote it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Relayed {
    /// What From said: the relay (a website's form, a list).
    pub by: Address,
    /// The person, from Reply-To.
    pub person: Address,
    pub how: &'static str,
}

/// Whether `mail` was relayed for the person in its Reply-To: a website's contact form that
/// sends From the public address itself (a common setup, and the public address may be a
/// Google Group that rewrites From the same way), or a list that rewrote From for DMARC
/// ("'Jane' via Acme <acme@googlegroups.com>"). Never when Reply-To is a public address or one
/// of the company's people: a forged From cannot make mail act for an employee, it only makes
/// an outsider the customer, as writing directly would.
pub fn relayed(mail: &Mail, rules: &Rules<'_>) -> Option<Relayed> {
    let from = mail.from.as_ref()?;
    let by = from.address.as_ref()?.without_tag();
    let person = mail.reply_to.as_ref()?.address.as_ref()?.without_tag();
    if person == by
        || rules.is_public(&person)
        || rules.company.is_colleague(&person)
        || rules.executives.iter().any(|e| e.without_tag() == person)
    {
        return None;
    }
    let how = if rules.is_public(&by) {
        "sent From the public address by a form or group on behalf of its Reply-To"
    } else if unread_sender(&by) {
        "sent by a form From an address nobody reads, on behalf of its Reply-To"
    } else if mail.auto.discussion_list
        && from
            .name
            .as_deref()
            .is_some_and(|n| n.to_lowercase().contains(" via "))
    {
        "relayed by a list that rewrote From; the person is its Reply-To"
    } else {
        return None;
    };
    Some(Relayed { by, person, how })
}

/// Whether an address is a form's or a robot's that nobody reads (`no-reply@`, WordPress's
/// `wordpress@`): a web host's contact form sends From one of these with the visitor in
/// Reply-To, and the acknowledgment must reach the visitor, not bounce off the host.
fn unread_sender(a: &Address) -> bool {
    let local: String = a
        .local()
        .to_lowercase()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect();
    [
        "noreply",
        "donotreply",
        "donotrespond",
        "wordpress",
        "webform",
        "webforms",
        "contactform",
        "form",
        "forms",
    ]
    .contains(&local.as_str())
}

/// `mail` with the person a relay wrote for as its sender (`relayed`): the case's customer,
/// the acknowledgment's recipient and every later check see them, not the relay.
pub fn unwrap_relay(mut mail: Mail, relay: &Relayed) -> Mail {
    let name = mail
        .reply_to
        .as_ref()
        .and_then(|r| r.name.clone())
        .or_else(|| {
            // "'Jane Kim' via Acme": the part before " via ".
            let n = mail.from.as_ref()?.name.as_deref()?;
            let cut = n.to_lowercase().find(" via ")?;
            let who = n.get(..cut)?.trim().trim_matches(['\'', '"']).trim();
            (!who.is_empty()).then(|| who.to_string())
        });
    mail.from = Some(crate::mail::Sender {
        name,
        address: Some(relay.person.clone()),
        raw: relay.person.to_string(),
    });
    mail
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
    /// Whom the genuine reply token of this case that the message carried (in a recipient
    /// address, or in a Message-ID of ours it refers to) was made for. Answers and commands
    /// need one made for their sender (`authority`).
    pub token_for: Option<Address>,
    /// The case's route's manager (`escalate_to`), who acts as the owner does with the token
    /// of the `??` qmark sent them.
    pub manager: Option<Address>,
    /// Outsiders the case's complaint was also addressed to (`authority::CasePeople`).
    pub companions: Vec<Address>,
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
        why: String,
    },
    /// The customer wrote again on their case.
    FollowUp { case_id: i64 },
    /// A new complaint; `related` is a case it may belong to (shown to the owner, never
    /// merged).
    NewComplaint { related: Option<Related> },
}

/// Why a new complaint names another case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Related {
    /// The same customer's recent case (a weak thread match: a new subject).
    SameCustomer(i64),
    /// Written on that case's thread by someone outside the company who is not its customer:
    /// the customer from another address of theirs, or someone else holding its mail. Their own
    /// case, so nothing they write reaches the first case as its customer's words.
    OnItsThread(i64),
}

impl Related {
    pub fn case_id(self) -> i64 {
        match self {
            Related::SameCustomer(id) | Related::OnItsThread(id) => id,
        }
    }
}

/// Someone outside the company who is not the case's customer.
fn outsider(rules: &Rules<'_>, thread: &ThreadCase, s: &Address) -> bool {
    *s != thread.customer && !rules.company.is_colleague(s) && !rules.executives.contains(s)
}

/// `proof`: what the receiving server said about the sender's domain. Who may answer is
/// `authority`'s decision; this only says what the sender is trying to do.
pub fn understand(
    mail: &Mail,
    rules: &Rules<'_>,
    thread: Option<&ThreadCase>,
    proof: Proof,
) -> Understanding {
    if mail
        .auto
        .qmark_loop
        .as_deref()
        .and_then(|v| Address::parse(v).ok())
        .is_some_and(|v| rules.is_public(&v))
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
    if sender.as_ref().is_some_and(|s| rules.is_public(s)) {
        return Understanding::OwnMail;
    }
    let Some(thread) = thread else {
        return Understanding::NewComplaint { related: None };
    };
    if thread.confidence == Confidence::Low {
        return Understanding::NewComplaint {
            related: Some(Related::SameCustomer(thread.case_id)),
        };
    }
    let Some(s) = sender else {
        return Understanding::Unauthorized {
            case_id: thread.case_id,
            by: None,
            why: "the mail has no sender address".into(),
        };
    };
    let manager = thread.manager.as_ref().filter(|m| **m == s).is_some();
    let employee = s == thread.owner || rules.executives.contains(&s) || manager;
    // The customer writing on their own case is a follow-up, and so is anyone else outside
    // the company on its thread; an owner, the route's manager or an executive, an answer
    // (commands are checked again, one by one, when they are carried out). A colleague who is
    // none of them is refused as an answer.
    let companion = thread.companions.contains(&s);
    // Someone outside the company who is neither the customer nor her companion: her other
    // address replying to the acknowledgment, or a stranger holding the case's mail. Refusing
    // it as an answer lost it without a word (a README-only attacker's finding); as a case of
    // their own it reaches an owner and acts on nothing of the first case.
    if !employee && !companion && outsider(rules, thread, &s) {
        return Understanding::NewComplaint {
            related: Some(Related::OnItsThread(thread.case_id)),
        };
    }
    let action = if !employee && (s == thread.customer || companion) {
        Action::FollowUp
    } else {
        Action::Answer
    };
    let verdict = authority::decide(
        rules,
        Some(&CasePeople {
            owner: &thread.owner,
            customer: Some(&thread.customer),
            manager: thread.manager.as_ref(),
            companions: &thread.companions,
        }),
        &Request {
            sender: Some(&s),
            token_for: thread.token_for.as_ref(),
            proof,
            action,
        },
    );
    match (verdict, action) {
        (Verdict::Allow, Action::FollowUp) => Understanding::FollowUp {
            case_id: thread.case_id,
        },
        (Verdict::Allow, _) => Understanding::Answer {
            case_id: thread.case_id,
            by: s,
        },
        (Verdict::Refuse(why) | Verdict::Triage(why), _) => Understanding::Unauthorized {
            case_id: thread.case_id,
            by: Some(s),
            why,
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

/// What a reply by the case's owner or an executive says.
#[derive(Debug, Clone, PartialEq)]
pub enum OwnerReply {
    /// A `#` command on the first line (or why it could not be read).
    Command(Result<crate::case::reply::Command, String>),
    /// "Looking into it": recorded, the clock keeps running.
    Holding,
    /// The answer.
    Answer,
}

/// The reply's own text (quotes and signature removed) and what it says.
pub fn owner_reply(text: &str, now: chrono::DateTime<chrono::Utc>) -> (String, OwnerReply) {
    if no_words_of_its_own(text) {
        // "Reply" and "send" with nothing written, or only the quoted `?`: not an answer, so
        // the deadline keeps running (a bottom-posted answer below the quote is words).
        return (
            "(no words of its own: an empty reply, or only the quoted mail)".into(),
            OwnerReply::Holding,
        );
    }
    let own = reply_text(text);
    let said = match crate::case::reply::parse_command(&own, now) {
        Some(cmd) => OwnerReply::Command(cmd),
        None if crate::case::reply::is_holding(&own) || acknowledges_only(&own) => {
            OwnerReply::Holding
        }
        None => OwnerReply::Answer,
    };
    (own, said)
}

/// `owner_reply`, knowing the subject: a forward of the thread ("FW: ? …", to hand it to a
/// colleague) and an out-of-office written by hand or by a rule that sets no header ("[부재중]
/// 휴가 중입니다", "I am out of the office until …") are never the answer.
pub fn owner_mail(
    subject: &str,
    text: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> (String, OwnerReply) {
    let (own, said) = owner_reply(text, now);
    if said != OwnerReply::Answer {
        return (own, said);
    }
    let subject = subject.trim().to_lowercase();
    let forwarded = [
        "fw:", "fwd:", "fw :", "전달:", "転送:", "tr:", "wg:", "rv:", "i:",
    ]
    .iter()
    .any(|p| subject.starts_with(p));
    let head = lower_head(own.trim());
    let away = AWAY_SUBJECT.iter().any(|p| subject.contains(p))
        || AWAY_OPENINGS.iter().any(|p| head.starts_with(p));
    match (forwarded, away) {
        (true, _) => (
            format!("(a forward of the thread, not the answer) {own}"),
            OwnerReply::Holding,
        ),
        (_, true) => (
            format!("(an out-of-office without its headers, not the answer) {own}"),
            OwnerReply::Holding,
        ),
        _ => (own, said),
    }
}

/// An owner's subject that says they are away. Only on the owner's side: a customer's "부재중"
/// is a courier who found nobody home.
const AWAY_SUBJECT: &[&str] = &[
    "out of office",
    "out of the office",
    "away from the office",
    "on vacation",
    "on holiday",
    "부재중",
    "부재 중",
    "휴가중",
    "휴가 중",
    "不在",
    "休暇",
    "abwesend",
    "abwesenheit",
];

/// How an out-of-office written by hand starts.
const AWAY_OPENINGS: &[&str] = &[
    "i am out of the office",
    "i'm out of the office",
    "i am currently out of the office",
    "i'm currently out of the office",
    "i am away",
    "i'm away",
    "i am currently away",
    "i am on vacation",
    "i'm on vacation",
    "i am on holiday",
    "i'm on holiday",
    "i am on leave",
    "i'm on leave",
    "thank you for your email. i am out",
    "thank you for your message. i am out",
    "현재 휴가",
    "현재 부재",
    "휴가 중입니다",
    "부재중입니다",
    "부재 중입니다",
    "不在にしております",
    "休暇をいただいております",
    "ただいま不在",
];

/// A reply that only acknowledges ("ok", "👍", "Noted.", "Got it, thanks", "알겠습니다",
/// "承知しました"): the owner has seen it, nobody has been answered. A last short line is the
/// writer's name.
fn acknowledges_only(own: &str) -> bool {
    let mut lines: Vec<&str> = own
        .lines()
        .map(str::trim)
        .take_while(|l| !opens_signature(l))
        .filter(|l| !l.is_empty())
        .collect();
    if lines.len() > 1
        && lines
            .last()
            .is_some_and(|l| l.split_whitespace().count() <= 3)
    {
        lines.pop();
    }
    let words: String = lines
        .join(" ")
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    let words = crate::routing::text::normalise(&words);
    if words.is_empty() {
        // Only an emoji or punctuation: "👍", "!".
        return !lines.is_empty();
    }
    ACKNOWLEDGEMENTS.contains(&words.as_str())
        || (words.split(' ').count() <= 4 && words.split(' ').all(|w| ACK_WORDS.contains(&w)))
}

const ACKNOWLEDGEMENTS: &[&str] = &[
    "네",
    "넵",
    "예",
    "알겠습니다",
    "알겠어요",
    "확인했습니다",
    "확인했어요",
    "확인",
    "접수했습니다",
    "접수",
    "承知しました",
    "承知いたしました",
    "了解しました",
    "了解です",
    "了解",
    "かしこまりました",
    "確認しました",
    "拝見しました",
];

const ACK_WORDS: &[&str] = &[
    "ok",
    "okay",
    "k",
    "kk",
    "noted",
    "got",
    "it",
    "thanks",
    "thank",
    "you",
    "thx",
    "ty",
    "will",
    "do",
    "sure",
    "yes",
    "yep",
    "ack",
    "roger",
    "received",
    "understood",
    "seen",
    "cheers",
    "great",
    "fine",
    "alright",
    "all",
    "right",
    "on",
    "good",
];

/// Whether a reply holds nothing but blank lines, quoted lines and the line that introduces
/// them ("On … wrote:", "… 작성:", Outlook's header block), or a phone's "Sent from my iPhone"
/// above the quote.
fn no_words_of_its_own(text: &str) -> bool {
    let lines: Vec<&str> = text.lines().collect();
    // Below Outlook's header block or a separator everything is the quoted mail; below a `>`
    // quote, a line of its own is an answer written under it.
    let above_quote_empty = quote_start(&lines).is_some_and(|end| {
        let opener = lines.get(end).map_or("", |l| l.trim());
        let whole_mail_below = outlook_header_at(&lines, end)
            || QUOTE_HEADERS
                .iter()
                .any(|q| lower_head(opener).starts_with(q));
        whole_mail_below
            && lines
                .get(..end)
                .unwrap_or_default()
                .iter()
                .all(|l| l.trim().is_empty() || opens_signature(l))
    });
    above_quote_empty
        || text.lines().all(|line| {
            let t = line.trim();
            t.is_empty() || t.starts_with('>') || attribution(t)
        })
}

/// The new text of a reply: everything above the quoted history. Conservative: when no
/// separator is found the whole text is kept.
pub fn reply_text(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let end = quote_start(&lines).unwrap_or(lines.len());
    let out = lines
        .get(..end)
        .unwrap_or_default()
        .join("\n")
        .trim()
        .to_string();
    if out.is_empty() {
        text.trim().to_string()
    } else {
        out
    }
}

/// The first line of the quoted history under a reply, as mail clients write it: a `>` line,
/// an attribution ("On … wrote:", also wrapped over two lines, and its German, French, Spanish,
/// Korean and Japanese forms), a separator, or Outlook's header block. Outlook quotes with no
/// separator at all ("From: … / Sent: … / To: … / Subject: …"): a README-only attacker's
/// `#reply` from Outlook sent the whole internal `?` mail to the customer.
fn quote_start(lines: &[&str]) -> Option<usize> {
    (0..lines.len()).find(|&i| {
        let t = lines.get(i).map_or("", |l| l.trim());
        let lower = lower_head(t);
        let next = lines.get(i + 1).map_or("", |l| l.trim());
        t.starts_with('>')
            || attribution(t)
            || (lower.starts_with("on ")
                && !t.is_empty()
                && attribution(next)
                && !next.starts_with('>'))
            || QUOTE_HEADERS.iter().any(|q| lower.starts_with(q))
            || outlook_header_at(lines, i)
    })
}

/// A line that introduces quoted text: "On Mon, 7 Dec 2026 … wrote:", "… 님이 작성:", "Am …
/// schrieb …:", "Le … a écrit :", "2026年12月7日(月) 9:05 Name <a@b>:".
fn attribution(t: &str) -> bool {
    let lower = t.to_lowercase();
    (lower.starts_with("on ") && lower.ends_with("wrote:"))
        || t.ends_with("작성:")
        || ATTRIBUTION_ENDS.iter().any(|e| lower.ends_with(e)) && t.chars().count() < 200
        || (t.ends_with(">:") && t.contains('@') && t.chars().count() < 200)
}

const ATTRIBUTION_ENDS: &[&str] = &[
    " wrote:",
    " schrieb:",
    " a écrit :",
    " a écrit:",
    " escribió:",
    " ha scritto:",
    " schreef:",
    " escreveu:",
    "写道：",
    "のメッセージ:",
];

/// Outlook's quoted header: a From field and, within the next three lines, a Sent or Date
/// field, in the languages Outlook writes them.
fn outlook_header_at(lines: &[&str], i: usize) -> bool {
    let field = |l: &str, names: &[&str]| {
        let h = lower_head(l.trim().trim_start_matches('*'));
        names.iter().any(|f| h.starts_with(f))
    };
    lines.get(i).is_some_and(|l| field(l, OUTLOOK_FROM))
        && lines
            .iter()
            .skip(i + 1)
            .filter(|l| !l.trim().is_empty())
            .take(3)
            .any(|l| field(l, OUTLOOK_SENT))
}

const OUTLOOK_FROM: &[&str] = &[
    "from:",
    "from :",
    "보낸 사람:",
    "보낸사람:",
    "von:",
    "de :",
    "de:",
    "da:",
    "van:",
    "差出人:",
    "送信者:",
    "发件人:",
    "寄件者:",
    "från:",
    "fra:",
    "od:",
];

const OUTLOOK_SENT: &[&str] = &[
    "sent:",
    "date:",
    "보낸 날짜:",
    "날짜:",
    "gesendet:",
    "datum:",
    "envoyé :",
    "envoyé:",
    "date :",
    "送信日時:",
    "日付:",
    "发送时间:",
    "發送時間:",
    "日期:",
    "enviado:",
    "enviada:",
    "fecha:",
    "inviato:",
    "data:",
    "verzonden:",
    "skickat:",
    "sendt:",
    "wysłano:",
];

/// Lines that open a forwarded message rather than quote a reply's history.
const FORWARD_HEADERS: &[&str] = &[
    "---------- forwarded message",
    "-------- forwarded message",
    "----- forwarded message",
    "begin forwarded message",
    "-------- 전달된 메시지",
];

/// Header lines of a quoted or forwarded message, which say who and when, not what.
const QUOTED_HEADER_FIELDS: &[&str] = &[
    "from:",
    "to:",
    "cc:",
    "date:",
    "sent:",
    "보낸 사람:",
    "보낸사람:",
    "받는 사람:",
    "받는사람:",
    "보낸 날짜:",
    "날짜:",
    "참조:",
];

/// Where quoted history starts: a Gmail or Korean attribution line, a `>` line, an Outlook,
/// Naver or Daum separator, or a forwarded-message banner.
pub(crate) fn opens_quote(line: &str) -> bool {
    let t = line.trim();
    if t.starts_with('>') || t.ends_with("작성:") {
        return true;
    }
    let head = lower_head(t);
    (head.starts_with("on ") && t.to_lowercase().ends_with("wrote:"))
        || QUOTE_HEADERS.iter().any(|q| head.starts_with(q))
        || FORWARD_HEADERS.iter().any(|q| head.starts_with(q))
        || (t.starts_with("---")
            && (t.contains("원본 메일") || t.to_lowercase().contains("original message")))
}

/// The start of a line, lower-cased: every separator these checks look for fits in it, and a
/// long paragraph is not lower-cased whole just to look at its first words.
fn lower_head(t: &str) -> String {
    // Byte by byte for ASCII: collecting `flat_map(char::to_lowercase)` grew the string a
    // character at a time, half of a quote check's cost (issue 15's profile).
    let mut head = String::with_capacity(48);
    for c in t.chars().take(40) {
        if c.is_ascii() {
            head.push(c.to_ascii_lowercase());
        } else {
            head.extend(c.to_lowercase());
        }
    }
    head
}

/// Where a signature starts: the `-- ` delimiter or a phone's "Sent from my iPhone".
fn opens_signature(line: &str) -> bool {
    let t = line.trim();
    if line.trim_end() == "--"
        || t.ends_with("에서 보냄")
        || t.ends_with("에서 보냈습니다.")
        || t.ends_with("에서 보냈습니다")
    {
        return true;
    }
    let head = lower_head(t);
    head.starts_with("sent from my ") || head.starts_with("get outlook for ")
}

/// Words that open a legal disclaimer under a mail ("This e-mail and any attachments are
/// confidential...", "本メールは機密情報を含み..."): its "unauthorised" and "legal" are boilerplate.
const DISCLAIMERS: &[&str] = &[
    "confidentiality notice",
    "this e-mail and any",
    "this email and any",
    "this message and any",
    "is intended solely for",
    "intended only for the",
    "if you are not the intended",
    "if you have received this",
    "disclaimer:",
    "수신인 외",
    "수신자 외",
    "수신인 이외",
    "수신자 이외",
    "의도된 수신",
    "잘못 수신",
    "誤って受信",
    "宛先以外",
    "機密情報を含",
];

fn opens_disclaimer(line: &str) -> bool {
    // One pass for all the phrases: a `contains` per phrase per line was a twentieth of
    // reading a long complaint (issue 15's profile).
    static SEARCHER: std::sync::LazyLock<Option<aho_corasick::AhoCorasick>> =
        std::sync::LazyLock::new(|| aho_corasick::AhoCorasick::new(DISCLAIMERS).ok());
    let lower = line.to_lowercase();
    match &*SEARCHER {
        Some(ac) => ac.is_match(&lower),
        None => DISCLAIMERS.iter().any(|d| lower.contains(d)),
    }
}

/// Sign-offs that close a mail ("Kind regards,", "감사합니다.", "よろしくお願いいたします。").
const SIGN_OFFS: &[&str] = &[
    "kind regards",
    "best regards",
    "warm regards",
    "regards",
    "best wishes",
    "all the best",
    "best",
    "cheers",
    "sincerely",
    "yours sincerely",
    "yours faithfully",
    "thanks",
    "thank you",
    "many thanks",
    "thanks in advance",
    "감사합니다",
    "감사드립니다",
    "고맙습니다",
    "수고하세요",
    "드림",
    "올림",
    "よろしくお願いいたします",
    "よろしくお願いします",
    "よろしくお願い致します",
    "宜しくお願いいたします",
    "ありがとうございます",
    "以上です",
];

/// A short line that is a sign-off, or a name followed by one ("김민지 드림"); at most 20
/// characters, so "Thanks for your reply." is not one.
fn is_sign_off(line: &str) -> bool {
    let lower = line.trim().to_lowercase();
    let t = lower.trim_end_matches(|c: char| !c.is_alphanumeric());
    t.chars().count() <= 20 && SIGN_OFFS.iter().any(|s| t.starts_with(s) || t.ends_with(s))
}

/// How many short lines after a sign-off are a signature block (name, title, company, phone).
const SIGNATURE_BLOCK_LINES: usize = 6;
/// A line this long after a sign-off is prose (a P.S.), not a signature line.
const SIGNATURE_LINE_CHARS: usize = 60;

/// The lines without the signature block under the last sign-off ("Kind regards,\nJane Doe\n
/// Legal Counsel | Bright Labs"): a few short lines after a thanks or closing are who wrote,
/// not what happened ("Legal Counsel" is a job title, not a threat; "Customer Service Lead" is
/// not a complaint about service). A longer line after it (a P.S.) keeps everything.
fn without_signature_block(lines: Vec<&str>) -> Vec<&str> {
    let Some(at) = lines.iter().rposition(|l| is_sign_off(l)) else {
        return lines;
    };
    let after: Vec<&&str> = lines
        .iter()
        .skip(at + 1)
        .filter(|l| !l.trim().is_empty())
        .collect();
    let block = at > 0
        && !after.is_empty()
        && after.len() <= SIGNATURE_BLOCK_LINES
        && after
            .iter()
            .all(|l| l.trim().chars().count() < SIGNATURE_LINE_CHARS);
    if !block {
        return lines;
    }
    lines.into_iter().take(at + 1).collect()
}

/// What a complaint says in the customer's own words, for routing: the new text above any
/// quoted history, without its signature, followed by the forwarded message when the customer
/// forwards their own earlier mail ("see below"). Quoted replies are dropped: under a customer's
/// reply they are the shop's notifications and acknowledgments ("your order has shipped"),
/// whose words say nothing about the complaint.
pub fn complaint_text(subject: &str, body: &str) -> String {
    let lines: Vec<&str> = body.lines().collect();
    let quote = lines.iter().position(|l| opens_quote(l));
    let (own, rest) = lines.split_at(quote.unwrap_or(lines.len()));
    let own: Vec<&str> = own
        .iter()
        .enumerate()
        .take_while(|(i, l)| !(opens_signature(l) || (*i > 0 && opens_disclaimer(l))))
        .map(|(_, l)| *l)
        .collect();
    let own = without_signature_block(own);
    let subject = subject.trim_start().to_lowercase();
    let forwarded = ["fw:", "fwd:", "전달:", "[fwd"]
        .iter()
        .any(|p| subject.starts_with(p))
        || rest.first().is_some_and(|l| {
            let lower = l.trim().to_lowercase();
            FORWARD_HEADERS.iter().any(|q| lower.starts_with(q))
        });
    let mut out = own.join("\n").trim().to_string();
    if forwarded || out.is_empty() {
        for line in rest.iter().skip(usize::from(forwarded)) {
            let t = line.trim_start_matches(['>', ' ']);
            let lower = lower_head(t);
            if QUOTED_HEADER_FIELDS.iter().any(|f| lower.starts_with(f)) {
                continue;
            }
            let t = t
                .strip_prefix("Subject:")
                .or_else(|| t.strip_prefix("제목:"))
                .unwrap_or(t);
            out.push('\n');
            out.push_str(t);
        }
    }
    out.trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mail::parse;

    fn addr(s: &str) -> Address {
        Address::parse(s).expect("test address")
    }

    #[test]
    fn an_owner_reply_is_a_command_a_holding_reply_or_the_answer_in_its_own_words() {
        let now = crate::testing::at("2026-11-23T09:00:00Z");
        let quoted = "\n\nOn Mon, qmark wrote:\n> ?\n> My order was charged twice";
        let (_, said) = owner_reply(&format!("#resolve{quoted}"), now);
        assert_eq!(
            said,
            OwnerReply::Command(Ok(crate::case::reply::Command::Close))
        );
        let (_, said) = owner_reply(&format!("#frobnicate{quoted}"), now);
        assert!(matches!(said, OwnerReply::Command(Err(_))), "{said:?}");
        let (_, said) = owner_reply(&format!("확인중입니다{quoted}"), now);
        assert_eq!(said, OwnerReply::Holding);
        let (text, said) = owner_reply(&format!("Refunded the second charge today.{quoted}"), now);
        assert_eq!(said, OwnerReply::Answer);
        assert_eq!(
            text, "Refunded the second charge today.",
            "quotes are not the answer"
        );
        // Nothing written, or only the quote: not an answer (the second attacker's finding);
        // an answer written below the quote is one.
        for empty in ["", "\n\n", quoted] {
            assert_eq!(owner_reply(empty, now).1, OwnerReply::Holding, "{empty:?}");
        }
        let (text, said) = owner_reply(&format!("{quoted}\n\nRefunded it today."), now);
        assert_eq!(said, OwnerReply::Answer, "{text}");
    }

    /// The `?` mail as Outlook quotes it: its header block, no separator line, no `>`.
    fn outlook_quote(from: &str, sent: &str) -> String {
        format!(
            "\n\n{from} Hanbit Office of the CEO <ceo@shop.example>\n{sent} Monday, December 7, \
             2026 9:05 AM\nTo: John <billing@shop.example>\nSubject: ? Refund [#1]\n\n?\nA \
             customer wrote to ceo@shop.example. Your reply reaches the office of the CEO, not \
             the customer.\n\nCase:     #1 (billing, normal)\nFrom:     amy@example.com\n"
        )
    }

    #[test]
    fn outlooks_quoted_header_ends_the_owners_words_in_every_language_it_writes() {
        // A README-only attacker's `#reply` from Outlook sent the whole `?` mail to the customer.
        let now = crate::testing::at("2026-12-07T09:00:00Z");
        for (from, sent) in [
            ("From:", "Sent:"),
            ("보낸 사람:", "보낸 날짜:"),
            ("Von:", "Gesendet:"),
            ("差出人:", "送信日時:"),
            ("From:", "Date:"),
            ("*From:*", "*Sent:*"),
        ] {
            let q = outlook_quote(from, sent);
            let (text, said) = owner_reply(&format!("#reply\nDear Amy,\nwe refunded it.{q}"), now);
            assert_eq!(
                said,
                OwnerReply::Command(Ok(crate::case::reply::Command::Reply(
                    "Dear Amy,\nwe refunded it.".into()
                ))),
                "{from}"
            );
            assert!(!text.contains("office of the CEO"), "{from}: {text}");
            // Sent empty above the quote, or with a phone's line only: no words of its own.
            for empty in [q.clone(), format!("\nSent from my iPhone{q}")] {
                assert_eq!(owner_reply(&empty, now).1, OwnerReply::Holding, "{from}");
            }
            let (_, said) = owner_reply(&format!("Looking into it.{q}"), now);
            assert_eq!(said, OwnerReply::Holding, "{from}");
        }
        // Gmail's attribution wrapped over two lines, and its other languages.
        for attribution in [
            "On Mon, Dec 7, 2026 at 9:05 AM Hanbit <\nceo+q1-abc@shop.example> wrote:",
            "Am Mo., 7. Dez. 2026 um 09:05 Uhr schrieb Hanbit <ceo@shop.example>:",
            "2026年12月7日(月) 9:05 Hanbit <ceo@shop.example>:",
        ] {
            let t = format!("Refunded today.\n\n{attribution}\n? Case: #1\nAmy wrote ...");
            assert_eq!(reply_text(&t), "Refunded today.", "{attribution}");
        }
        // An answer that names a sender or quotes someone is still all the answer.
        let own = "Here is what the courier wrote:\nleft at the door.\nFrom: the depot";
        assert_eq!(reply_text(own), own);
        // Whatever the client did, `#reply` never relays qmark's own mail.
        let leaked = "#reply\nDear Amy,\n\nCase:     #1 (billing, normal)\nYour reply reaches the \
                      office of the CEO, not the customer.";
        let (_, said) = owner_reply(leaked, now);
        assert!(
            matches!(said, OwnerReply::Command(Err(ref e)) if e.contains("nothing went")),
            "{said:?}"
        );
    }

    #[test]
    fn acknowledgements_promises_forwards_and_hand_written_absences_are_not_the_answer() {
        let now = crate::testing::at("2026-12-07T09:00:00Z");
        let quoted = "\n\nOn Mon, 7 Dec 2026, qmark <ceo@shop.example> wrote:\n> ?";
        for holding in [
            "ok",
            "👍",
            "Noted.",
            "Got it, thanks.",
            "ok will do\n\nSent from my iPhone",
            "Noted.\nJohn",
            "Will check and get back to you.",
            "Let me check with the payment team and get back to you tomorrow.",
            "Escalating to the payments team.",
            "I'm out sick today, will handle this Monday.",
            "확인 후 연락드리겠습니다.",
            "검토 중입니다.",
            "確認いたします。",
            "알겠습니다",
            "承知しました。",
            "Jane, can you take this one?",
        ] {
            let (_, said) = owner_mail("Re: ? Refund [#1]", &format!("{holding}{quoted}"), now);
            assert_eq!(said, OwnerReply::Holding, "{holding:?}");
        }
        for answer in [
            "Refunded the second charge today.",
            "Refunded it; will follow up with her tomorrow.",
            "OK to refund: the courier lost it, I have sent a new one.",
            "We called the customer and replaced the kettle.",
            "환불 처리했습니다.",
            "返金しました。",
        ] {
            let (_, said) = owner_mail("Re: ? Refund [#1]", &format!("{answer}{quoted}"), now);
            assert_eq!(said, OwnerReply::Answer, "{answer:?}");
        }
        let (_, said) = owner_mail("FW: ? Refund [#1]", &format!("Jane — yours.{quoted}"), now);
        assert_eq!(said, OwnerReply::Holding, "a forward of the thread");
        for (subject, body) in [
            (
                "[부재중] Re: ? 환불 [#1]",
                "현재 휴가 중입니다. 12월 21일에 복귀합니다.",
            ),
            (
                "Re: ? Refund [#1]",
                "I am currently out of the office until Monday 21 December.",
            ),
        ] {
            let (_, said) = owner_mail(subject, body, now);
            assert_eq!(said, OwnerReply::Holding, "{subject}");
        }
        // Commands typed with a full-width ＃, or ended with a full stop.
        use crate::case::reply::Command;
        for (text, want) in [
            ("＃close", Command::Close),
            ("#close.", Command::Close),
            (
                "#Urgent!",
                Command::SetPriority(crate::routing::priority::Priority::Urgent),
            ),
        ] {
            assert_eq!(
                owner_reply(text, now).1,
                OwnerReply::Command(Ok(want)),
                "{text}"
            );
        }
        for text in [
            "＃reassign jane@shop.example",
            "#reassign Jane Doe <jane@shop.example>.",
        ] {
            let (_, said) = owner_reply(text, now);
            assert!(
                matches!(&said, OwnerReply::Command(Ok(Command::Reassign(a))) if a.as_str() == "jane@shop.example"),
                "{text}: {said:?}"
            );
        }
        assert!(matches!(
            owner_reply("＃wait ３ｄ", now).1,
            OwnerReply::Command(Ok(Command::Wait(_)))
        ));
        assert!(matches!(
            owner_reply("#wait 2099-12-10.", now).1,
            OwnerReply::Command(Err(_)) | OwnerReply::Command(Ok(Command::Wait(_)))
        ));
    }

    #[test]
    fn a_discussion_list_relays_a_person_and_a_newsletter_stays_bulk() {
        // A post through a customer's Google Group (the attacker's finding): a person wrote it.
        let group = "From: Acme Purchasing <purchasing@acme-corp.example>\r\nTo: ceo@shop.example\r\nSubject: charged twice\r\nList-Id: <purchasing.acme-corp.example>\r\nList-Unsubscribe: <mailto:googlegroups-manage+1+unsubscribe@googlegroups.com>\r\nPrecedence: list";
        assert_eq!(
            automatic(&mail(&format!("{group}\r\nX-Google-Group-Id: 123456"))),
            None
        );
        assert_eq!(
            automatic(&mail(&format!(
                "{group}\r\nMailing-list: list purchasing@acme-corp.example"
            ))),
            None
        );
        assert_eq!(
            automatic(&mail(&format!(
                "{group}\r\nList-Post: <mailto:purchasing@acme-corp.example>"
            ))),
            None
        );
        // The same headers without a sign of a list people post to: bulk, as before.
        assert_eq!(automatic(&mail(group)), Some(Automatic::Bulk));
        // An announcement list says it takes no posts; a newsletter has no List-Post at all.
        assert_eq!(
            automatic(&mail(&format!("{group}\r\nList-Post: NO"))),
            Some(Automatic::Bulk)
        );
        let news = "From: Deals <news@shop.example>\r\nSubject: Weekly deals\r\nList-Unsubscribe: <https://shop.example/u>\r\nPrecedence: bulk";
        assert_eq!(automatic(&mail(news)), Some(Automatic::Bulk));
        // Junk, and an autoreply relayed by a group, are still automatic.
        assert_eq!(
            automatic(&mail(&format!(
                "{group}\r\nX-Google-Group-Id: 1\r\nAuto-Submitted: auto-replied"
            ))),
            Some(Automatic::AutoReply)
        );
        let junk = "From: a@b.example\r\nSubject: x\r\nPrecedence: junk\r\nX-Google-Group-Id: 1";
        assert_eq!(automatic(&mail(junk)), Some(Automatic::Bulk));
    }

    #[test]
    fn a_form_or_list_writing_for_someone_makes_its_reply_to_the_sender() {
        let execs = [addr("founder@shop.example")];
        let company = crate::authority::Company {
            domains: vec!["shop.example".into()],
            people: vec![addr("lawyer@outside-counsel.example")],
        };
        let public = [addr(PUBLIC)];
        let rules = Rules {
            executives: &execs,
            company: &company,
            public: &public,
        };
        // A website's contact form: From the public address, Reply-To the visitor.
        let form = mail(
            "From: Website <ceo@shop.example>\r\nReply-To: Visitor Kim <visitor@cust.example>\r\nSubject: Contact form",
        );
        let r = relayed(&form, &rules).expect("a form writes for its visitor");
        assert_eq!(r.person, addr("visitor@cust.example"));
        assert_eq!(r.by, addr(PUBLIC));
        let unwrapped = unwrap_relay(form, &r);
        let from = unwrapped.from.as_ref().expect("a sender");
        assert_eq!(from.address, Some(addr("visitor@cust.example")));
        assert_eq!(from.name.as_deref(), Some("Visitor Kim"));
        // Now a new complaint from the visitor, not the public address's own mail.
        let t = understand(&unwrapped, &rules, None, Proof::Unchecked);
        assert_eq!(t, Understanding::NewComplaint { related: None });

        // A list that rewrote From for DMARC: the person is the Reply-To, named before "via".
        let via = mail(
            "From: \"'Jane Roe' via Acme Buyers\" <buyers@googlegroups.example>\r\nReply-To: jane@acme.example\r\nX-Google-Group-Id: 9\r\nSubject: refund",
        );
        let r = relayed(&via, &rules).expect("a list writes for its poster");
        assert_eq!(r.person, addr("jane@acme.example"));
        let from = unwrap_relay(via, &r).from.expect("a sender");
        assert_eq!(from.name.as_deref(), Some("Jane Roe"));

        // Never for the company's own people or addresses: a forged From cannot act for them.
        for reply_to in [
            "billing@shop.example",
            "founder@shop.example",
            "lawyer@outside-counsel.example",
            "ceo+q1-abc@shop.example",
        ] {
            let m = mail(&format!(
                "From: Website <ceo@shop.example>\r\nReply-To: {reply_to}\r\nSubject: x"
            ));
            assert_eq!(relayed(&m, &rules), None, "{reply_to}");
        }
        // A web host's form From an address nobody reads.
        for from in [
            "WordPress <wordpress@shop-site.example>",
            "no-reply@forms.example",
            "Do_Not_Reply@host.example",
        ] {
            let m = mail(&format!(
                "From: {from}\r\nReply-To: Visitor <visitor@cust.example>\r\nSubject: Contact"
            ));
            let r = relayed(&m, &rules).expect("a form writes for its visitor");
            assert_eq!(r.person, addr("visitor@cust.example"), "{from}");
        }
        let staff =
            mail("From: no-reply@forms.example\r\nReply-To: billing@shop.example\r\nSubject: x");
        assert_eq!(relayed(&staff, &rules), None);
        // Someone's ordinary Reply-To (a personal address) changes nothing, nor does a list
        // that did not rewrite From.
        let plain = mail("From: kim@work.example\r\nReply-To: kim@home.example\r\nSubject: x");
        assert_eq!(relayed(&plain, &rules), None);
        let list = mail(
            "From: Jane <jane@acme.example>\r\nReply-To: buyers@acme.example\r\nX-Google-Group-Id: 9\r\nSubject: x",
        );
        assert_eq!(relayed(&list, &rules), None);
    }

    fn thread() -> ThreadCase {
        ThreadCase {
            case_id: 7,
            owner: addr("billing@shop.example"),
            customer: addr("minji@naver.example"),
            matched_by: "token",
            confidence: Confidence::High,
            token_for: Some(addr("billing@shop.example")),
            manager: Some(addr("cfo@shop.example")),
            companions: vec![addr("bob@naver.example")],
        }
    }

    fn mail(headers: &str) -> Mail {
        parse(format!("{headers}\r\n\r\nbody\r\n").as_bytes())
    }

    const PUBLIC: &str = "ceo@shop.example";

    fn run(headers: &str, t: Option<&ThreadCase>) -> Understanding {
        let execs = [addr("founder@shop.example")];
        let company = crate::authority::Company {
            domains: vec!["shop.example".into()],
            people: vec![],
        };
        understand(
            &mail(headers),
            &Rules {
                executives: &execs,
                company: &company,
                public: &[addr(PUBLIC)],
            },
            t,
            Proof::Unchecked,
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
        // The founder holding the owner's token is not the owner: tokens bind a person.
        assert!(matches!(
            run("From: founder@shop.example\r\nSubject: Re: ? x", Some(&t)),
            Understanding::Unauthorized { .. }
        ));
        let founders = ThreadCase {
            token_for: Some(addr("founder@shop.example")),
            ..thread()
        };
        assert_eq!(
            run(
                "From: founder@shop.example\r\nSubject: Re: ? x",
                Some(&founders)
            ),
            Understanding::Answer {
                case_id: 7,
                by: addr("founder@shop.example")
            }
        );
        // A colleague who is not on the case answers nothing, even with the owner's token.
        assert!(matches!(
            run("From: jane@shop.example\r\nSubject: Re: ? x", Some(&t)),
            Understanding::Unauthorized { case_id: 7, by: Some(ref b), ref why }
                if *b == addr("jane@shop.example") && why.contains("neither the case's owner")
        ));
        // Someone the complaint was also sent to writes a follow-up: it reaches the owner and
        // acts on nothing (commands are only read in answers). A stranger writes nothing in:
        // what they wrote opens a case of their own, shown as related, so it is not lost either
        // (it may be the customer's other address).
        assert_eq!(
            run("From: bob@naver.example\r\nSubject: Re: x", Some(&t)),
            Understanding::FollowUp { case_id: 7 }
        );
        for who in ["mallory@evil.example", "minji.home@gmail.example"] {
            assert_eq!(
                run(&format!("From: {who}\r\nSubject: Re: ? x"), Some(&t)),
                Understanding::NewComplaint {
                    related: Some(Related::OnItsThread(7))
                },
                "{who}"
            );
        }
        // The route's manager, with the token of the `??` sent to them, answers.
        let managers = ThreadCase {
            token_for: Some(addr("cfo@shop.example")),
            ..thread()
        };
        assert_eq!(
            run(
                "From: cfo@shop.example\r\nSubject: Re: ?? x",
                Some(&managers)
            ),
            Understanding::Answer {
                case_id: 7,
                by: addr("cfo@shop.example")
            }
        );
        let by_subject = ThreadCase {
            token_for: None,
            confidence: Confidence::Medium,
            ..thread()
        };
        assert_eq!(
            run(
                "From: minji@naver.example\r\nSubject: Re: x",
                Some(&by_subject)
            ),
            Understanding::FollowUp { case_id: 7 }
        );
        // The owner's token in the customer's hands (she replied to all on the owner's answer,
        // or was forwarded the `?`) answers nothing: it is her follow-up, which reopens the
        // case and reaches the owner (refusing it lost her "the refund has NOT arrived").
        assert_eq!(
            run("From: minji@naver.example\r\nSubject: Re: x", Some(&t)),
            Understanding::FollowUp { case_id: 7 }
        );
        // The owner without a valid token (a spoofed From on a subject-tag match) is not trusted.
        let weak = ThreadCase {
            token_for: None,
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
                &Rules {
                    executives: &[],
                    company: &crate::authority::Company::default(),
                    public: &[addr(PUBLIC)],
                },
                Some(&t),
                Proof::Failed
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
            Understanding::NewComplaint {
                related: Some(Related::SameCustomer(7))
            }
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

    #[test]
    fn a_signature_block_and_a_disclaimer_are_not_the_complaint() {
        assert_eq!(
            complaint_text(
                "x",
                "My parcel never came.\n\nKind regards,\nJane Doe\nLegal Counsel | Bright Labs\n"
            ),
            "My parcel never came.\n\nKind regards,"
        );
        assert_eq!(
            complaint_text(
                "x",
                "Still no refund.\nThis e-mail and any attachments are confidential.\nUnauthorised use is prohibited.\n"
            ),
            "Still no refund."
        );
        // A P.S. after the sign-off is the customer's: everything stays.
        let ps = "Thanks,\nJane\nP.S. my son burned his hand on the kettle lid this morning, we saw a doctor.";
        assert_eq!(
            complaint_text("x", &format!("Kettle lid.\n{ps}")),
            format!("Kettle lid.\n{ps}")
        );
    }

    #[test]
    fn complaint_text_keeps_own_words_and_forwarded_complaints() {
        let reply = "The lamp flickers.\n\n-- \nJane\n\nOn Tue, Oct 28, 2025 at 12:19 PM Shop <o@s.example> wrote:\n> Your order has shipped";
        assert_eq!(
            complaint_text("Re: Your order", reply),
            "The lamp flickers."
        );
        let fwd = "See below.\n\n---------- Forwarded message ---------\nFrom: Jane <j@x.example>\nSubject: Account taken over\n\nSomeone changed my password.";
        let t = complaint_text("Fw: Account taken over", fwd);
        assert!(t.starts_with("See below."), "{t}");
        assert!(t.contains("Someone changed my password.") && t.contains("Account taken over"));
        assert!(!t.contains("j@x.example"), "{t}");
        let daum = "상자가 찌그러져서 왔어요.\n\n--------- 원본 메일 ---------\n보낸사람: 고객센터\n접수되었습니다.";
        assert_eq!(
            complaint_text("Re: 문의", daum),
            "상자가 찌그러져서 왔어요."
        );
        assert_eq!(complaint_text("x", "> only quotes"), "only quotes");
    }
}
