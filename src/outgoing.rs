//! The one road every mail qmark sends takes into the outbox: headers (`head_for`,
//! `digest_head`), a copy per person so each carries a token made for that person alone, the
//! caps against loops (which hold mail back, never drop it), the wait for an employee's working
//! hours, and the outbox row — all inside the caller's transaction.

use anyhow::Result;
use chrono::{DateTime, Utc};
use serde::Serialize;
use sqlx::AnyConnection;

use crate::app::App;
use crate::mail::address::Address;
use crate::mail::compose::{self, Body, Head};
use crate::store::{self, NewOutbox};

pub use crate::store::Purpose;

/// What each purpose of mail means for the road out.
impl Purpose {
    /// Mail to an employee about a case, which waits for their working hours unless urgent.
    /// Reminders and rungs are only queued in working hours by the ladder; waiting here as well
    /// costs nothing and keeps a held rung from going out at night after a restart.
    fn waits_for_working_hours(self) -> bool {
        matches!(
            self,
            Purpose::Forward
                | Purpose::FollowUp
                | Purpose::AnswerCopy
                | Purpose::CommandError
                | Purpose::Reminder
                | Purpose::Escalation
                | Purpose::CatchUp
                | Purpose::BackfillSummary
        )
    }

    /// Mail the caps apply to: everything about cases that a loop could multiply. Notices are
    /// keyed once per cause, digests and reports once per schedule instant.
    fn capped(self) -> bool {
        !matches!(
            self,
            Purpose::Notice
                | Purpose::Digest
                | Purpose::Report
                | Purpose::CommandResult
                | Purpose::BackfillSummary
        )
    }

    /// Mail whose replies carry digest commands: its token is the per-executive digest token.
    fn takes_digest_commands(self) -> bool {
        matches!(
            self,
            Purpose::Digest | Purpose::Report | Purpose::CatchUp | Purpose::BackfillSummary
        )
    }
}

/// A mail to queue.
pub struct Draft<'a> {
    /// Unique per decision: the same decision replayed queues nothing new.
    pub key: String,
    pub case_id: Option<i64>,
    pub purpose: Purpose,
    pub head: Head,
    pub body: Body<'a>,
    /// The caller knows the mail is about urgent work (a rung of an urgent case, a catch-up
    /// listing one); the case's own priority is read here as well.
    pub urgent: bool,
}

/// What queueing a draft came to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Queued {
    /// The first person's outbox row; None when the same decision was queued before.
    pub id: Option<i64>,
    /// When the caps hold the mail back, the instant it may go.
    pub held_until: Option<DateTime<Utc>>,
}

impl Queued {
    pub fn is_new(&self) -> bool {
        self.id.is_some()
    }
}

/// Queue `d` in the caller's transaction.
///
/// A mail with a reply token goes as one copy per person (To and Cc): the visible headers name
/// everyone, but each copy's Reply-To and Message-ID carry a token made for its one recipient,
/// so whoever acts on a reply is the person the token was made for (see `authority`).
/// The first person's copy keeps the draft's Message-ID and key.
pub async fn queue(
    conn: &mut AnyConnection,
    app: &App,
    d: Draft<'_>,
    now: DateTime<Utc>,
) -> Result<Queued> {
    let people: Vec<Address> = d.head.to.iter().chain(d.head.cc.iter()).cloned().collect();
    // The caps' counts for the first person and the case's inbox in one round trip.
    let first_str = people.first().map(ToString::to_string).unwrap_or_default();
    let recent = store::recent_mail(conn, d.case_id, &first_str, now).await?;
    // The inbox case `case_id` came in on (the first for a case from before migration 0014,
    // or one whose inbox has left the config since: its mail still goes, from the first
    // address).
    let inbox = recent
        .case_inbox
        .as_deref()
        .and_then(|a| app.config.inbox_for(a))
        .unwrap_or(&app.config.inbox);
    let d = Draft {
        head: from_inbox(&app.config.inbox, inbox, d.head),
        ..d
    };
    let envelope_from = d.head.from.address.clone();
    let mut recent = Some(recent);
    let personal = d.head.reply_to.is_some() && people.len() > 1;
    if !personal {
        let recipients: Vec<String> = people.iter().map(ToString::to_string).collect();
        let first = people.first().cloned();
        let bytes = compose::compose(&d.head, d.body);
        return queue_copy(
            conn,
            app,
            envelope_from.as_str(),
            &d.key,
            d.case_id,
            d.purpose,
            &d.head.message_id,
            &d.head.subject,
            first.as_ref(),
            &recipients,
            &bytes,
            d.urgent,
            recent,
            now,
        )
        .await;
    }
    let mut first_outcome = None;
    for (i, person) in people.iter().enumerate() {
        let head = if i == 0 {
            d.head.clone()
        } else {
            personalise(app, inbox, &d.head, d.case_id, d.purpose, person)
        };
        let key = if i == 0 {
            d.key.clone()
        } else {
            format!("{}:{person}", d.key)
        };
        let bytes = compose::compose(
            &head,
            Body {
                text: d.body.text.clone(),
                html: d.body.html.clone(),
                original: d.body.original,
                inline: Vec::new(),
                files: d.body.files.clone(),
            },
        );
        let q = queue_copy(
            conn,
            app,
            envelope_from.as_str(),
            &key,
            d.case_id,
            d.purpose,
            &head.message_id,
            &head.subject,
            Some(person),
            &[person.to_string()],
            &bytes,
            d.urgent,
            recent.take(),
            now,
        )
        .await?;
        first_outcome.get_or_insert(q);
    }
    Ok(first_outcome.unwrap_or(Queued {
        id: None,
        held_until: None,
    }))
}

/// Mail about a case comes from the public address the case came in on: its From (unless the
/// caller chose another), Reply-To (the same token, at that address) and loop marker. `head`
/// was made for the first inbox (`head_for`). Pure.
fn from_inbox(first: &crate::config::Inbox, inbox: &crate::config::Inbox, head: Head) -> Head {
    if inbox.key == first.key {
        return head;
    }
    let first_public = first.address.without_tag();
    let reply_to = head.reply_to.map(|r| match r.tag() {
        Some(tag) if r.without_tag() == first_public => inbox.address.with_tag(tag),
        _ => r,
    });
    let from = if head.from == first.from {
        inbox.from.clone()
    } else {
        head.from
    };
    Head {
        from,
        reply_to,
        loop_marker: inbox.address.clone(),
        ..head
    }
}

/// The head of the copy for `person`: their own token in Reply-To and Message-ID.
fn personalise(
    app: &App,
    inbox: &crate::config::Inbox,
    head: &Head,
    case_id: Option<i64>,
    purpose: Purpose,
    person: &Address,
) -> Head {
    let token = match case_id {
        Some(c) if !purpose.takes_digest_commands() => app.token(c, person),
        _ => app.digest_token(person),
    };
    Head {
        reply_to: Some(inbox.address.with_tag(&token)),
        message_id: compose::new_message_id(&token, app.id_domain()),
        ..head.clone()
    }
}

#[allow(clippy::too_many_arguments)]
async fn queue_copy(
    conn: &mut AnyConnection,
    app: &App,
    envelope_from: &str,
    key: &str,
    case_id: Option<i64>,
    purpose: Purpose,
    message_id: &str,
    subject: &str,
    first: Option<&Address>,
    recipients: &[String],
    bytes: &[u8],
    urgent: bool,
    recent: Option<store::RecentMail>,
    now: DateTime<Utc>,
) -> Result<Queued> {
    let first_str = first.map(ToString::to_string).unwrap_or_default();
    let recent = match recent {
        Some(r) => r,
        None => store::recent_mail(conn, case_id, &first_str, now).await?,
    };
    let (per_case, per_recipient) = (recent.to_case, recent.to_recipient);
    let urgent = urgent || recent.case_priority.is_some_and(|p| p.is_urgent());
    let limits = app.config.limits;
    let hold = if purpose.capped() {
        cap_hold(
            per_case,
            per_recipient,
            limits.per_case_per_hour,
            limits.per_recipient_per_hour,
            // Urgent work is never held behind a flood to the same owner; a loop on one case
            // is held whatever its priority.
            urgent,
        )
    } else {
        0
    };
    let held_until = (hold > 0).then(|| now + chrono::Duration::hours(hold));
    let working = if purpose.waits_for_working_hours() && !urgent {
        app.config
            .person_calendar(&first_str)
            .next_working(held_until.unwrap_or(now))
    } else {
        None
    };
    let at = working.into_iter().chain(held_until).max();
    // Held or outside working hours: queued with its time in the same statement.
    let id = store::insert_outbox(
        conn,
        &NewOutbox {
            dedupe_key: key,
            case_id,
            purpose: purpose.as_str(),
            message_id,
            envelope_from,
            recipients,
            body: bytes,
            not_before: at.filter(|at| *at > now),
        },
        now,
    )
    .await?;
    let Some(id) = id else {
        return Ok(Queued {
            id: None,
            held_until: None,
        });
    };
    if let Some(until) = held_until {
        let held = Held {
            case_id,
            purpose,
            to: &first_str,
            subject,
            per_case,
            per_recipient,
        };
        report_held(conn, app, &held, until, now).await?;
    }
    Ok(Queued {
        id: Some(id),
        held_until,
    })
}

/// A mail the caps hold back, as its history line and the executives' notice tell it.
struct Held<'a> {
    case_id: Option<i64>,
    purpose: Purpose,
    to: &'a str,
    subject: &'a str,
    per_case: i64,
    per_recipient: i64,
}

/// Said three ways: a warning in the log, the case's history, and once a day to the executives.
async fn report_held(
    conn: &mut AnyConnection,
    app: &App,
    held: &Held<'_>,
    until: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<()> {
    let Held {
        case_id,
        purpose,
        to,
        subject,
        per_case,
        per_recipient,
    } = *held;
    let limits = app.config.limits;
    let why = format!(
        "{} to {to} held until {}: {per_case} mails on this case and {per_recipient} \
         to this recipient are queued or went in the last hour (caps {} and {} an hour); \
         nothing is dropped",
        purpose.as_str(),
        crate::mail::when::for_person(&app.config, to, until, now),
        limits.per_case_per_hour,
        limits.per_recipient_per_hour
    );
    tracing::warn!(case = ?case_id, "{why}");
    if let Some(case_id) = case_id {
        store::Event::on(case_id, "held")
            .record(conn, now, &why)
            .await?;
    }
    notice_executives(
        conn,
        app,
        &format!("held:{}", now.format("%Y-%m-%d")),
        case_id,
        "mail was held back by the hourly caps (nothing is dropped)",
        subject,
        "",
        &format!(
            "{why}\n\nThis notice comes once a day; every held mail goes out in a later \
             hour and each case's history says when. Many held forwards to one owner \
             usually mean a flood to the public address."
        ),
        now,
    )
    .await?;
    Ok(())
}

/// How many hours a mail waits under the caps: the n-th mail beyond a cap goes in the hour
/// `n / cap`, so a backlog drains at the cap's rate. Pure.
fn cap_hold(
    per_case: i64,
    per_recipient: i64,
    case_cap: u32,
    recipient_cap: u32,
    urgent: bool,
) -> i64 {
    let case_slot = per_case / i64::from(case_cap.max(1));
    let recipient_slot = if urgent {
        0
    } else {
        per_recipient / i64::from(recipient_cap.max(1))
    };
    case_slot.max(recipient_slot)
}

#[derive(Serialize)]
struct NoticeView<'a> {
    headline: &'a str,
    case_id: i64,
    subject: &'a str,
    owner: &'a str,
    detail: &'a str,
}

/// One notice to the executives (keyed, so at most once per key), outside the caps.
#[allow(clippy::too_many_arguments)]
pub async fn notice_executives(
    conn: &mut AnyConnection,
    app: &App,
    key: &str,
    case_id: Option<i64>,
    headline: &str,
    subject: &str,
    owner: &str,
    detail: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    if app.config.executives.is_empty() {
        return Ok(());
    }
    let text = app.templates.text(
        "notice.txt",
        &NoticeView {
            headline,
            case_id: case_id.unwrap_or(0),
            subject,
            owner,
            detail,
        },
    )?;
    let head = Head {
        subject: format!("qmark: {headline}"),
        ..head_for(app, None, app.config.executives.clone(), None, now)
    };
    let recipients: Vec<String> = app
        .config
        .executives
        .iter()
        .map(ToString::to_string)
        .collect();
    let bytes = compose::compose(&head, Body::text(text));
    store::insert_outbox(
        conn,
        &NewOutbox {
            dedupe_key: key,
            case_id,
            purpose: Purpose::Notice.as_str(),
            message_id: &head.message_id,
            envelope_from: head.from.address.as_str(),
            recipients: &recipients,
            body: &bytes,
            not_before: None,
        },
        now,
    )
    .await?;
    Ok(())
}

/// The usual head of a mail about a case: from the public address, Reply-To carrying the first
/// recipient's token, a Message-ID starting with that token, threaded under `thread_root`.
/// Without a case: no Reply-To, a Message-ID that no reply can act on.
pub fn head_for(
    app: &App,
    case_id: Option<i64>,
    to: Vec<Address>,
    thread_root: Option<String>,
    now: DateTime<Utc>,
) -> Head {
    let first = to.first().cloned();
    let (reply_to, id_prefix) = match (case_id, &first) {
        (Some(c), Some(r)) => (Some(app.reply_address(c, r)), app.token(c, r)),
        _ => (None, "qmark".to_string()),
    };
    Head {
        // The first inbox's From: `[smtp] from` unless that inbox names its own.
        from: app.config.inbox.from.clone(),
        reply_to,
        to,
        cc: vec![],
        subject: String::new(),
        message_id: compose::new_message_id(&id_prefix, app.id_domain()),
        in_reply_to: thread_root.clone(),
        references: thread_root.into_iter().collect(),
        date: now,
        auto_submitted: "auto-generated",
        loop_marker: app.config.inbox.address.clone(),
        case_id,
        forward_max_bytes: app.config.limits.forward_max_bytes,
        config_path: app
            .config
            .path
            .as_ref()
            .map(|p| p.to_string_lossy().into_owned()),
    }
}

/// The head of mail whose replies carry digest commands (digest, department report, catch-up):
/// Reply-To and Message-ID carry the per-person digest token of the first recipient.
pub fn digest_head(app: &App, to: Vec<Address>, now: DateTime<Utc>) -> Head {
    let token = to
        .first()
        .map_or_else(|| "qmark".to_string(), |r| app.digest_token(r));
    Head {
        reply_to: to
            .first()
            .map(|_| app.config.inbox.address.with_tag(&token)),
        message_id: compose::new_message_id(&token, app.id_domain()),
        ..head_for(app, None, to, None, now)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_caps_spread_a_backlog_over_the_hours_and_never_hold_urgent_work_behind_a_flood() {
        // Under both caps: at once.
        assert_eq!(cap_hold(0, 0, 10, 60, false), 0);
        assert_eq!(cap_hold(9, 59, 10, 60, false), 0);
        // The 61st mail to one owner waits an hour, the 121st two.
        assert_eq!(cap_hold(0, 60, 10, 60, false), 1);
        assert_eq!(cap_hold(0, 120, 10, 60, false), 2);
        assert_eq!(cap_hold(0, 499, 10, 60, false), 8);
        // Urgent mail skips the owner's queue, but not a loop on its own case.
        assert_eq!(cap_hold(0, 499, 10, 60, true), 0);
        assert_eq!(cap_hold(25, 0, 10, 60, true), 2);
        // A zero cap (refused by config validation) cannot divide by zero here.
        assert_eq!(cap_hold(3, 3, 0, 0, false), 3);
    }

    #[test]
    fn mail_about_a_case_comes_from_the_inbox_it_came_in_on() {
        let c = crate::testing::example_config();
        let (ceo, brand) = (&c.inbox, c.inboxes.get(1).expect("a second inbox"));
        let head = Head {
            from: ceo.from.clone(),
            reply_to: Some(ceo.address.with_tag("1abc")),
            to: vec![],
            cc: vec![],
            subject: String::new(),
            message_id: "<1abc.x@shop.example>".into(),
            in_reply_to: None,
            references: vec![],
            date: chrono::DateTime::UNIX_EPOCH,
            auto_submitted: "auto-replied",
            loop_marker: ceo.address.clone(),
            case_id: Some(1),
            forward_max_bytes: 1,
            config_path: None,
        };
        // The first inbox's case: unchanged.
        let same = from_inbox(ceo, ceo, head.clone());
        assert_eq!(same.from, ceo.from);
        // The brand's: From, Reply-To (same token) and loop marker at the brand's address.
        let moved = from_inbox(ceo, brand, head);
        assert_eq!(moved.from, brand.from);
        assert_eq!(
            moved.reply_to.as_ref().map(Address::as_str),
            Some("hello+1abc@hanbit.example")
        );
        assert_eq!(moved.loop_marker, brand.address);
        assert_eq!(moved.message_id, "<1abc.x@shop.example>");
    }
}
