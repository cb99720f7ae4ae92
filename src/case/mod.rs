//! What qmark does to a case: open it, forward it, take a follow-up, an answer, a command, an
//! out-of-office or a bounce. Each action records the case change and the mail it calls for in
//! the caller's transaction; the outbox sender does the sending.

// Issue 16: the rungs a climb after downtime passes over, recorded once each.
pub mod catchup_rung;
pub mod escalate;
pub mod evidence;
pub mod ladder;
pub mod priority;
pub mod reply;
pub mod thread;
pub mod understand;

use anyhow::{Context, Result};
use chrono::{DateTime, Utc};
use serde::Serialize;
use sqlx::sqlite::SqliteConnection;

use crate::app::{App, new_token};
use crate::case::reply::Command;
use crate::config::Route;
use crate::mail::Mail;
use crate::mail::address::Address;
use crate::mail::compose::{Body, Head};
use crate::mail::render::human_duration;
use crate::mail::when::{Lang, Reader};
use crate::outgoing::{Draft, Purpose, head_for, notice_executives, queue};
use crate::routing::classify::Decision;
use crate::store::{self, CaseRow, NewCase, NewEvent, ts};
use crate::webhooks::{Event as HookEvent, Happened};

fn with_tag(subject: &str, case_id: i64) -> String {
    format!("{subject} {}", thread::subject_tag(case_id))
}

pub fn customer_line(mail: &Mail) -> String {
    match &mail.from {
        Some(f) => match (&f.name, &f.address) {
            (Some(n), Some(a)) => format!("{n} <{a}>"),
            (None, Some(a)) => a.to_string(),
            (_, None) => format!("{} (not a valid address)", f.raw),
        },
        None => "(no sender)".into(),
    }
}

pub fn subject_or_placeholder(mail: &Mail) -> &str {
    if mail.subject.is_empty() {
        "(no subject)"
    } else {
        &mail.subject
    }
}

fn attachment_lines(mail: &Mail) -> Vec<String> {
    mail.attachments
        .iter()
        .map(|a| {
            format!(
                "{} ({}, {} bytes)",
                a.name.as_deref().unwrap_or("unnamed"),
                a.content_type,
                a.size
            )
        })
        .collect()
}

#[derive(Serialize)]
struct ForwardView<'a> {
    note: Option<&'a str>,
    public: String,
    deadline: Option<String>,
    case_id: i64,
    route: &'a str,
    priority: &'a str,
    customer: String,
    date: String,
    subject: &'a str,
    attachments: Vec<String>,
    problem: Option<&'a str>,
    /// What the customer wants, when their words say it; the sentence of their problem.
    wants: Option<&'a str>,
    customer_problem: Option<&'a str>,
    related: Option<String>,
    text: &'a str,
    truncated: bool,
    reopened: bool,
    /// For a doubtful complaint sent to triage: the likeliest routes, one line each.
    candidates: Vec<String>,
}

pub use crate::store::forward_root;

pub struct Opening<'a> {
    /// The number the case gets (`store::next_case_id`, in the caller's transaction).
    pub case_id: i64,
    pub message: i64,
    pub raw: &'a [u8],
    pub mail: &'a Mail,
    pub decision: &'a Decision,
    pub route: &'a Route,
    /// The owner when an executive routed the mail by hand; else the route's owner.
    pub owner: Address,
    /// The customer: the sender, or for a manual routing the sender of the forwarded mail.
    pub customer: Option<Address>,
    pub customer_name: Option<String>,
    pub note: Option<String>,
    pub related: Option<i64>,
    pub language: Option<&'a str>,
    pub subject_key: &'a str,
    pub received: DateTime<Utc>,
    /// What the customer wants and the sentence of their problem (`wants`).
    pub gist: Option<&'a crate::routing::wants::Gist>,
    /// The public address the complaint came in on: the case's mail goes out from it.
    pub inbox: &'a crate::config::Inbox,
    /// Old mail taken by `qmark backfill`: the case opens without a `?` forward, an
    /// acknowledgment or an urgent notice, and waits for its owner's one summary instead.
    pub quiet: bool,
}

/// Open a case and queue its `?` forward (and the customer's acknowledgment, if due).
pub async fn open_case(
    conn: &mut SqliteConnection,
    app: &App,
    o: &Opening<'_>,
    now: DateTime<Utc>,
) -> Result<i64> {
    // Working time on the owner's calendar, by priority.
    let deadline = crate::case::ladder::deadline(
        &app.config,
        o.route,
        o.owner.as_str(),
        o.decision.priority,
        o.received,
    )?;
    let customer_address = o
        .customer
        .as_ref()
        .map_or("unknown".into(), |a| a.to_string());
    let subject = subject_or_placeholder(o.mail);
    let case_id = o.case_id;
    // The history first, in the case's own round trip; the forward it announces is queued just
    // after, in the same transaction.
    let events = opening_events(o, &customer_address, subject, deadline);
    store::insert_case(
        conn,
        &NewCase {
            id: case_id,
            token: &new_token(),
            route: &o.route.name,
            owner: o.owner.as_str(),
            priority: o.decision.priority,
            customer_address: &customer_address,
            customer_name: o.customer_name.as_deref(),
            subject,
            opened_at: o.received,
            deadline,
            escalate_to: o.route.escalate_to.as_str(),
            language: o.language,
            subject_key: o.subject_key,
            wants: o.gist.map(|g| g.wants.as_str()),
            problem: o.gist.and_then(|g| g.problem.as_deref()),
            inbox: o.inbox.address.without_tag().as_str(),
        },
        now,
        &events,
    )
    .await?;
    if o.quiet {
        // Old mail: no webhook either, as no `?` forward (a backfill is not a storm).
        store::set_summary_due(conn, case_id, true).await?;
    } else {
        announce(conn, app, o, subject, deadline, now).await?;
        announce_to_webhooks(conn, app, o, now).await?;
    }
    tracing::info!(
        case = case_id,
        message_id = o.message,
        route = %o.route.name,
        owner = %o.owner,
        priority = o.decision.priority.as_str(),
        quiet = o.quiet,
        "case opened"
    );
    Ok(case_id)
}

/// A new case's webhooks: `opened`, and `urgent` when it came in urgent.
async fn announce_to_webhooks(
    conn: &mut SqliteConnection,
    app: &App,
    o: &Opening<'_>,
    now: DateTime<Utc>,
) -> Result<()> {
    let mut events = vec![HookEvent::Opened];
    if o.decision.priority == crate::routing::classify::Priority::Urgent {
        events.push(HookEvent::Urgent);
    }
    for event in events {
        let h = Happened::new(event, o.case_id, format!("case:{}", o.case_id), None);
        crate::webhooks::queue(conn, app, h, now).await?;
    }
    Ok(())
}

/// A new case's mail: the `?` forward, the urgent notice, the acknowledgment.
async fn announce(
    conn: &mut SqliteConnection,
    app: &App,
    o: &Opening<'_>,
    subject: &str,
    deadline: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<()> {
    let case_id = o.case_id;
    let owner_reads = Reader::employee(&app.config, o.route, o.owner.as_str());
    let view = ForwardView {
        note: o.note.as_deref(),
        public: o.inbox.address.to_string(),
        deadline: Some(owner_reads.deadline(deadline, now)),
        case_id,
        route: &o.route.name,
        priority: o.decision.priority.as_str(),
        customer: customer_line(o.mail),
        date: owner_reads.at(o.mail.date.unwrap_or(o.received), now),
        subject,
        attachments: attachment_lines(o.mail),
        problem: o.mail.problem.as_deref(),
        wants: o
            .gist
            .map(|g| g.wants)
            .filter(|w| *w != crate::routing::wants::Want::Unknown)
            .map(crate::routing::wants::Want::as_str),
        customer_problem: o.gist.and_then(|g| g.problem.as_deref()),
        related: o.related.map(|r| {
            format!("possibly the same matter as case #{r} from this customer (not merged)")
        }),
        text: &o.mail.text,
        truncated: o.mail.text_truncated,
        reopened: false,
        candidates: o.decision.candidates.iter().map(|c| c.line()).collect(),
    };
    let text = app.templates.text("forward.txt", &view)?;
    let head = Head {
        subject: with_tag(&format!("? {subject}"), case_id),
        ..head_for(app, Some(case_id), vec![o.owner.clone()], None, now)
    };
    queue(
        conn,
        app,
        Draft {
            key: format!("forward:{}", o.message),
            case_id: Some(case_id),
            purpose: Purpose::Forward,
            urgent: false,
            head,
            body: Body::with_original(text, Some(o.raw)),
        },
        now,
    )
    .await?;
    if o.decision.priority == crate::routing::classify::Priority::Urgent
        && app.config.routing.urgent_copy_executives
    {
        notice_urgent(conn, app, o, subject, now).await?;
    }
    acknowledge(conn, app, case_id, o, deadline, now).await
}

/// A new case's history: opened, routed (with the reasons), possibly related (on both cases),
/// and the forward it queues.
fn opening_events<'a>(
    o: &'a Opening<'_>,
    customer_address: &'a str,
    subject: &str,
    deadline: DateTime<Utc>,
) -> Vec<NewEvent<'a>> {
    let routed = serde_json::json!({
        "route": o.route.name,
        "owner": o.owner,
        "priority": o.decision.priority,
        "confidence": o.decision.confidence,
        "reasons": o.decision.reasons,
    });
    let event = |case_id, kind, actor, message, detail| NewEvent {
        case_id,
        kind,
        actor,
        message,
        detail,
    };
    let case_id = o.case_id;
    let mut events = vec![
        event(
            case_id,
            "opened",
            Some(customer_address),
            Some(o.message),
            subject.to_string(),
        ),
        event(case_id, "routed", None, None, routed.to_string()),
    ];
    if let Some(r) = o.related {
        events.push(event(
            case_id,
            "possibly_related",
            None,
            None,
            format!("the same customer has case #{r}; shown to the owner, not merged"),
        ));
        events.push(event(
            r,
            "possibly_related",
            None,
            None,
            format!("the same customer opened case #{case_id}; not merged"),
        ));
    }
    events.push(if o.quiet {
        event(
            case_id,
            "backfilled",
            None,
            None,
            format!(
                "opened by backfill from mail received before qmark ran: no ? forward and no \
                 acknowledgment; listed in {}'s summary, answer due {} (counted from now)",
                o.owner,
                ts(deadline)
            ),
        )
    } else {
        event(
            case_id,
            "forward_queued",
            None,
            None,
            format!(
                "? forward to {} queued, answer due {}",
                o.owner,
                ts(deadline)
            ),
        )
    });
    events
}

/// An urgent complaint: the executives get a copy of the reasons and the customer's words.
async fn notice_urgent(
    conn: &mut SqliteConnection,
    app: &App,
    o: &Opening<'_>,
    subject: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    let why: Vec<&str> = o
        .decision
        .reasons
        .iter()
        .filter(|r| r.starts_with("urgent"))
        .map(String::as_str)
        .collect();
    notice_executives(
        conn,
        app,
        &format!("urgent:{}", o.case_id),
        Some(o.case_id),
        "an urgent complaint came in",
        subject,
        o.owner.as_str(),
        &format!(
            "{}\n\nFrom {}:\n\n{}",
            why.join("\n"),
            customer_line(o.mail),
            o.mail.text.chars().take(4000).collect::<String>()
        ),
        now,
    )
    .await?;
    Ok(())
}

/// The name an acknowledgment greets: the display name when it reads like a person's name,
/// else the address's local part. The acknowledgment goes to whatever address the From line
/// says, checked by nobody, so a "name" carrying a link or an address must not make the CEO's
/// office write an attacker's words to a stranger.
pub fn greeting_name(name: Option<&str>, customer: &Address) -> String {
    let plausible = |n: &str| {
        let lower = n.to_lowercase();
        let words = n.split_whitespace().count();
        !n.is_empty()
            && n.chars().count() <= 40
            && words <= 4
            && !["://", "www.", "@", "http", ".com", ".net", ".example"]
                .iter()
                .any(|bad| lower.contains(bad))
            && !n.chars().any(|c| c.is_ascii_digit() || c.is_control())
    };
    match name.map(str::trim) {
        Some(n) if plausible(n) => n.to_string(),
        _ => customer.local().to_string(),
    }
}

/// Addresses that must never get mail from a robot.
pub fn is_no_reply(a: &Address) -> bool {
    let local = a.local().to_lowercase();
    [
        "noreply",
        "no-reply",
        "no_reply",
        "donotreply",
        "do-not-reply",
        "mailer-daemon",
        "postmaster",
        "bounce",
    ]
    .iter()
    .any(|n| local.contains(n))
}

#[derive(Serialize)]
struct AckView<'a> {
    customer_name: &'a str,
    public: String,
    team: &'a str,
    deadline: String,
    case_id: i64,
}

async fn acknowledge(
    conn: &mut SqliteConnection,
    app: &App,
    case_id: i64,
    o: &Opening<'_>,
    deadline: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<()> {
    let (true, Some(customer)) = (o.route.acknowledge, o.customer.as_ref()) else {
        return Ok(());
    };
    let public_domain = o.inbox.address.domain();
    let skip = if is_no_reply(customer) {
        Some("a no-reply address")
    } else if customer.domain() == public_domain && app.config.is_executive(customer) {
        Some("an executive")
    } else {
        let window = now
            - chrono::Duration::from_std(app.config.ack_window)
                .unwrap_or(chrono::Duration::hours(24));
        let recent = store::acks_to_since(conn, customer.as_str(), window).await?;
        (recent > 0).then_some("already acknowledged within the window")
    };
    if let Some(why) = skip {
        store::insert_event(conn, case_id, now, "ack_skipped", None, None, why).await?;
        return Ok(());
    }
    // The complaint's own language when there is a template for it, else the inbox's
    // (`[[inbox]] language`: a Korean brand's address answers in Korean), else English.
    let has = |l: &str| app.templates.has_text(&format!("ack.{l}.txt"));
    let lang = o
        .language
        .filter(|l| has(l))
        .or(o.inbox.language.as_deref().filter(|l| has(l)))
        .unwrap_or("en");
    let template = format!("ack.{lang}.txt");
    let name = greeting_name(o.customer_name.as_deref(), customer);
    let text = app.templates.text(
        &template,
        &AckView {
            customer_name: &name,
            public: o.inbox.address.to_string(),
            team: &o.route.team,
            deadline: Reader::on_route(
                &app.config,
                o.route,
                customer.as_str(),
                Lang::from_code(
                    template
                        .strip_prefix("ack.")
                        .and_then(|t| t.split('.').next()),
                ),
            )
            .at(deadline, now),
            case_id,
        },
    )?;
    let root = o.mail.message_id.clone();
    let head = Head {
        subject: with_tag(&format!("Re: {}", subject_or_placeholder(o.mail)), case_id),
        auto_submitted: "auto-replied",
        ..head_for(app, Some(case_id), vec![customer.clone()], root, now)
    };
    let queued = queue(
        conn,
        app,
        Draft {
            key: format!("ack:{case_id}"),
            case_id: Some(case_id),
            purpose: Purpose::Ack,
            urgent: false,
            head,
            body: Body::text(text),
        },
        now,
    )
    .await?;
    if queued.is_new() {
        store::insert_event(
            conn,
            case_id,
            now,
            "ack_queued",
            None,
            None,
            &format!("acknowledgment ({lang}) to {customer}"),
        )
        .await?;
    }
    Ok(())
}

/// The customer wrote again: into the owner's `?` thread; an answered or paused case reopens.
#[allow(clippy::too_many_arguments)]
pub async fn follow_up(
    conn: &mut SqliteConnection,
    app: &App,
    message: i64,
    raw: &[u8],
    mail: &Mail,
    case: &CaseRow,
    matched_by: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    let route = app.config.route(&case.route).unwrap_or(&app.config.triage);
    let owner = Address::parse(&case.owner).context("stored owner address is invalid")?;
    let reopened = !case.is_open();
    let deadline = if reopened {
        crate::case::ladder::deadline(&app.config, route, &case.owner, case.priority, now)?
    } else {
        case.deadline
    };
    let subject = subject_or_placeholder(mail);
    let owner_reads = Reader::employee(&app.config, route, &case.owner);
    let view = ForwardView {
        note: None,
        public: app
            .config
            .inbox_or_first(store::case_inbox(conn, case.id).await?.as_deref())
            .address
            .to_string(),
        deadline: Some(owner_reads.deadline(deadline, now)),
        case_id: case.id,
        route: &case.route,
        priority: case.priority.as_str(),
        customer: customer_line(mail),
        date: owner_reads.at(mail.date.unwrap_or(now), now),
        subject,
        attachments: attachment_lines(mail),
        problem: mail.problem.as_deref(),
        wants: None,
        customer_problem: None,
        related: None,
        text: &mail.text,
        truncated: mail.text_truncated,
        reopened,
        candidates: Vec::new(),
    };
    let text = app.templates.text("follow_up.txt", &view)?;
    let root = forward_root(conn, case.id).await?;
    let head = Head {
        subject: with_tag(&format!("? {}", case.subject), case.id),
        ..head_for(app, Some(case.id), vec![owner.clone()], root, now)
    };
    if reopened {
        store::reopen(conn, case.id, deadline, now).await?;
        store::insert_event(
            conn,
            case.id,
            now,
            "reopened",
            Some(&case.customer_address),
            Some(message),
            &format!(
                "the customer wrote again on a {} case; new deadline {}",
                case.status,
                ts(deadline)
            ),
        )
        .await?;
    }
    queue(
        conn,
        app,
        Draft {
            key: format!("follow_up:{message}"),
            case_id: Some(case.id),
            purpose: Purpose::FollowUp,
            urgent: false,
            head,
            body: Body::with_original(text, Some(raw)),
        },
        now,
    )
    .await?;
    store::insert_event(
        conn,
        case.id,
        now,
        "follow_up",
        Some(&case.customer_address),
        Some(message),
        &format!("(matched by {matched_by}) {subject}"),
    )
    .await?;
    tracing::info!(
        case = case.id,
        message_id = message,
        reopened,
        matched_by,
        "follow-up on a case"
    );
    Ok(())
}

#[derive(Serialize)]
struct AnswerCopyView<'a> {
    case_id: i64,
    by: &'a str,
    elapsed: String,
    customer: &'a str,
    route: &'a str,
    subject: &'a str,
    answer: &'a str,
}

/// The owner or an executive answered: the case is answered and the executives get a copy.
#[allow(clippy::too_many_arguments)]
pub async fn answered(
    conn: &mut SqliteConnection,
    app: &App,
    message: i64,
    case: &CaseRow,
    by: &Address,
    text: &str,
    how: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    store::mark_answered(conn, case.id, now).await?;
    // An answer confirms the route: the model learns the complaint under it.
    if let Some(first) = store::first_message(conn, case.id).await? {
        crate::routing::training::label(conn, first, &case.route, "answered", now).await?;
    }
    store::insert_event(
        conn,
        case.id,
        now,
        "answered",
        Some(by.as_str()),
        Some(message),
        &format!("({how}) {text}"),
    )
    .await?;
    let key = format!("answer:{message}");
    let h = Happened::new(HookEvent::Answer, case.id, key, Some(by.as_str()));
    crate::webhooks::queue(conn, app, h, now).await?;
    tracing::info!(case = case.id, message_id = message, by = %by, how, "case answered");
    let copy_to: Vec<Address> = if app.config.copy_answers {
        app.config
            .executives
            .iter()
            .filter(|e| *e != by)
            .cloned()
            .collect()
    } else {
        Vec::new()
    };
    if copy_to.is_empty() {
        return Ok(());
    }
    let opened = case.opened_at;
    let body = app.templates.text(
        "answer_copy.txt",
        &AnswerCopyView {
            case_id: case.id,
            by: by.as_str(),
            elapsed: human_duration(now - opened),
            customer: &case.customer_address,
            route: &case.route,
            subject: &case.subject,
            answer: text,
        },
    )?;
    let root = forward_root(conn, case.id).await?;
    let head = Head {
        subject: with_tag(&format!("Answered: {}", case.subject), case.id),
        ..head_for(app, Some(case.id), copy_to, root, now)
    };
    queue(
        conn,
        app,
        Draft {
            key: format!("answer_copy:{message}"),
            case_id: Some(case.id),
            purpose: Purpose::AnswerCopy,
            urgent: false,
            head,
            body: Body::text(body),
        },
        now,
    )
    .await?;
    Ok(())
}

#[derive(Serialize)]
struct RerouteView<'a> {
    case_id: i64,
    why: &'a str,
    deadline: Option<String>,
    customer: &'a str,
    subject: &'a str,
    text: &'a str,
}

/// Give the case to `to`: a new `?` forward with the complaint, a fresh deadline, off the ladder.
#[allow(clippy::too_many_arguments)]
pub async fn reassign(
    conn: &mut SqliteConnection,
    app: &App,
    message: i64,
    case: &CaseRow,
    to: &Address,
    why: &str,
    actor: Option<&str>,
    now: DateTime<Utc>,
) -> Result<()> {
    let route = app.config.route(&case.route).unwrap_or(&app.config.triage);
    let deadline =
        crate::case::ladder::deadline(&app.config, route, to.as_str(), case.priority, now)?;
    store::reassign(conn, case.id, to.as_str(), deadline, now).await?;
    let raw = store::complaint_raw(conn, case.id).await?;
    let complaint_text = raw
        .as_deref()
        .map(|r| crate::mail::parse(r).text)
        .unwrap_or_default();
    let text = app.templates.text(
        "reroute.txt",
        &RerouteView {
            case_id: case.id,
            why,
            deadline: Some(
                Reader::employee(&app.config, route, to.as_str()).deadline(deadline, now),
            ),
            customer: &case.customer_address,
            subject: &case.subject,
            text: &complaint_text,
        },
    )?;
    let head = Head {
        subject: with_tag(&format!("? {}", case.subject), case.id),
        ..head_for(app, Some(case.id), vec![to.clone()], None, now)
    };
    queue(
        conn,
        app,
        Draft {
            key: format!("reassign:{}:{message}:{to}", case.id),
            case_id: Some(case.id),
            purpose: Purpose::Forward,
            urgent: false,
            head,
            body: Body::with_original(text, raw.as_deref()),
        },
        now,
    )
    .await?;
    store::insert_event(
        conn,
        case.id,
        now,
        "reassigned",
        actor,
        Some(message),
        &format!(
            "from {} to {to}: {why}; new deadline {}",
            case.owner,
            ts(deadline)
        ),
    )
    .await?;
    tracing::info!(case = case.id, message_id = message, from = %case.owner, to = %to, "case reassigned");
    Ok(())
}

#[derive(Serialize)]
struct CommandErrorView<'a> {
    case_id: i64,
    error: &'a str,
}

/// Carry out a command from the owner or an executive.
#[allow(clippy::too_many_arguments)]
pub async fn command(
    conn: &mut SqliteConnection,
    app: &App,
    message: i64,
    case: &CaseRow,
    by: &Address,
    cmd: Result<Command, String>,
    now: DateTime<Utc>,
) -> Result<()> {
    let cmd = match cmd {
        Ok(c) => c,
        Err(e) => return command_error(conn, app, message, case, by, &e, now).await,
    };
    let name = match &cmd {
        Command::Reassign(_) => "reassign",
        Command::Close => "close",
        Command::Wait(_) => "wait",
        Command::SetPriority(_) => "priority",
        Command::Note(_) => "note",
        Command::Reply(_) => "reply",
    };
    tracing::info!(case = case.id, message_id = message, by = %by, command = name, "command");
    match cmd {
        Command::Reassign(to) => reassigned_by(conn, app, message, case, by, &to, now).await?,
        Command::Close => {
            store::close(conn, case.id, now).await?;
            store::insert_event(
                conn,
                case.id,
                now,
                "closed",
                Some(by.as_str()),
                Some(message),
                "closed by command",
            )
            .await?;
        }
        Command::Wait(until) => {
            store::set_waiting(conn, case.id, until, now).await?;
            store::insert_event(
                conn,
                case.id,
                now,
                "waiting",
                Some(by.as_str()),
                Some(message),
                &format!("clock paused until {}", ts(until)),
            )
            .await?;
        }
        Command::SetPriority(p) => {
            crate::case::priority::set(conn, app, message, case, by.as_str(), p, "command", now)
                .await?
        }
        Command::Note(note) => {
            store::insert_event(
                conn,
                case.id,
                now,
                "note",
                Some(by.as_str()),
                Some(message),
                &note,
            )
            .await?;
        }
        Command::Reply(answer) => {
            reply_to_customer(conn, app, message, case, by, &answer, now).await?;
        }
    }
    Ok(())
}

/// `#reassign`: the case moves to a colleague, and when the new owner owns a route, the route is
/// corrected and the model learns from it.
async fn reassigned_by(
    conn: &mut SqliteConnection,
    app: &App,
    message: i64,
    case: &CaseRow,
    by: &Address,
    to: &Address,
    now: DateTime<Utc>,
) -> Result<()> {
    reassign(
        conn,
        app,
        message,
        case,
        to,
        &format!("reassigned by {by}"),
        Some(by.as_str()),
        now,
    )
    .await?;
    // A person moved it: the route whose owner now has it is the right one, and the
    // model learns that correction.
    let route = app
        .config
        .routes
        .iter()
        .chain(std::iter::once(&app.config.triage))
        .find(|r| r.owner == *to)
        .map(|r| r.name.clone());
    if let Some(route) = route {
        store::set_route(conn, case.id, &route).await?;
        if let Some(first) = store::first_message(conn, case.id).await? {
            crate::routing::training::label(conn, first, &route, "reassign", now).await?;
        }
        store::insert_event(
            conn,
            case.id,
            now,
            "route_corrected",
            Some(by.as_str()),
            Some(message),
            &format!("{} → {route}; the router learns from it", case.route),
        )
        .await?;
    }
    Ok(())
}

/// `#reply`: the owner's text goes to the customer from the public address, in their thread,
/// and answers the case.
async fn reply_to_customer(
    conn: &mut SqliteConnection,
    app: &App,
    message: i64,
    case: &CaseRow,
    by: &Address,
    answer: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    let Some(customer) = Address::parse(&case.customer_address)
        .ok()
        .filter(|c| !is_no_reply(c))
    else {
        return command_error(
            conn,
            app,
            message,
            case,
            by,
            "this case has no customer address qmark may write to",
            now,
        )
        .await;
    };
    let root = store::customer_root(conn, case.id).await?;
    let head = Head {
        subject: with_tag(&format!("Re: {}", case.subject), case.id),
        // A person's answer, relayed: not automatic.
        auto_submitted: "no",
        ..head_for(app, Some(case.id), vec![customer.clone()], root, now)
    };
    let queued = queue(
        conn,
        app,
        Draft {
            key: format!("reply:{message}"),
            case_id: Some(case.id),
            purpose: Purpose::CustomerReply,
            urgent: false,
            head,
            body: Body::text(answer.to_string()),
        },
        now,
    )
    .await?;
    if queued.is_new() {
        answered(
            conn,
            app,
            message,
            case,
            by,
            answer,
            "#reply, sent to the customer",
            now,
        )
        .await?;
    }
    Ok(())
}

async fn command_error(
    conn: &mut SqliteConnection,
    app: &App,
    message: i64,
    case: &CaseRow,
    by: &Address,
    error: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    store::insert_event(
        conn,
        case.id,
        now,
        "command_error",
        Some(by.as_str()),
        Some(message),
        error,
    )
    .await?;
    let text = app.templates.text(
        "command_error.txt",
        &CommandErrorView {
            case_id: case.id,
            error,
        },
    )?;
    let root = forward_root(conn, case.id).await?;
    let head = Head {
        subject: with_tag(
            &format!("qmark could not do that: {}", case.subject),
            case.id,
        ),
        ..head_for(app, Some(case.id), vec![by.clone()], root, now)
    };
    queue(
        conn,
        app,
        Draft {
            key: format!("command_error:{message}"),
            case_id: Some(case.id),
            purpose: Purpose::CommandError,
            urgent: false,
            head,
            body: Body::text(text),
        },
        now,
    )
    .await?;
    Ok(())
}

#[cfg(test)]
mod greeting_tests {
    use super::*;

    #[test]
    fn only_a_name_that_reads_like_a_person_is_greeted() {
        let kim = Address::parse("kim@customer.example").expect("address");
        assert_eq!(greeting_name(Some("Kim Minji"), &kim), "Kim Minji");
        assert_eq!(greeting_name(Some("김민지"), &kim), "김민지");
        assert_eq!(greeting_name(None, &kim), "kim");
        for hostile in [
            "Claim your refund at http://phish.example/0",
            "www.phish.example",
            "support@bank.example",
            "Call 010 1234 5678 now",
            "a very long name that goes on and on and on and on",
        ] {
            assert_eq!(greeting_name(Some(hostile), &kim), "kim", "{hostile}");
        }
    }
}
