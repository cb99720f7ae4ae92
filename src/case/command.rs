//! The commands an owner or an executive writes on the first line of a reply: reassign,
//! close, wait, priority, note, and `#reply` to the customer.

use anyhow::Result;
use chrono::{DateTime, Utc};
use serde::Serialize;
use sqlx::AnyConnection;

use super::answered;
use super::{forward_root, is_no_reply, with_tag};
use crate::app::App;
use crate::case::reply::Command;
use crate::mail::address::Address;
use crate::mail::compose::{Body, Head};
use crate::mail::when::Reader;
use crate::outgoing::{Draft, Purpose, head_for, queue};
use crate::store::{self, CaseRow, ts};

#[derive(Serialize)]
struct RerouteView<'a> {
    case_id: i64,
    why: &'a str,
    deadline: Option<String>,
    customer: &'a str,
    subject: &'a str,
    text: &'a str,
}

/// The route whose owner `to` is, if any.
fn route_owned_by<'a>(app: &'a App, to: &Address) -> Option<&'a crate::config::Route> {
    app.config
        .routes
        .iter()
        .chain(std::iter::once(&app.config.triage))
        .find(|r| r.owner == *to)
}

/// Give the case to `to`: a new `?` forward with the complaint, a fresh deadline, off the ladder.
/// A person (`actor`) giving it to another route's owner moves it to that route, with that
/// route's manager and calendar: its `??` had gone to the old route's manager, who then held
/// another department's case (attack round six). A colleague covering for an absent owner
/// (`actor` None or the away owner, `moves` false) leaves it on its route. Returns the route it
/// moved to.
#[allow(clippy::too_many_arguments)]
pub async fn reassign(
    conn: &mut AnyConnection,
    app: &App,
    message: i64,
    case: &CaseRow,
    to: &Address,
    why: &str,
    (actor, moves): (Option<&str>, bool),
    now: DateTime<Utc>,
) -> Result<Option<String>> {
    let moved = route_owned_by(app, to).filter(|r| moves && r.name != case.route);
    let route = moved
        .or_else(|| app.config.route(&case.route))
        .unwrap_or(&app.config.triage);
    let deadline = crate::case::ladder::deadline(&app.config, route, to, case.priority, now)?;
    store::reassign(conn, case.id, to.as_str(), deadline, now).await?;
    if let Some(r) = moved {
        store::set_route(conn, case.id, &r.name, r.escalate_to.as_str()).await?;
    }
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
            deadline: Some(Reader::employee(&app.config, route, to).deadline(deadline, now)),
            customer: case.customer_text(),
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
    store::Event::on(case.id, "reassigned")
        .by_maybe(actor)
        .about(message)
        .record(
            conn,
            now,
            &format!(
                "from {} to {to}: {why}; new deadline {}",
                case.owner,
                ts(deadline)
            ),
        )
        .await?;
    tracing::info!(case = case.id, message_id = message, from = %case.owner, to = %to, "case reassigned");
    Ok(moved.map(|r| r.name.clone()))
}

#[derive(Serialize)]
struct CommandErrorView<'a> {
    case_id: i64,
    error: &'a str,
}

/// Carry out a command from the owner or an executive.
#[allow(clippy::too_many_arguments)]
pub async fn command(
    conn: &mut AnyConnection,
    app: &App,
    message: i64,
    raw: &[u8],
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
    // Every command is the sender's, on this case, from this message.
    let said = |kind| {
        store::Event::on(case.id, kind)
            .by(by.as_str())
            .about(message)
    };
    match cmd {
        Command::Reassign(to) => reassigned_by(conn, app, message, case, by, &to, now).await?,
        Command::Close => {
            store::close(conn, case.id, now).await?;
            said("closed")
                .record(conn, now, "closed by command")
                .await?;
        }
        // A pause would bring a closed case back open when it ends, and up the ladder to `???`
        // with nobody asking for it (attack round six); reopening is a `#reassign` or the
        // customer writing again.
        Command::Wait(_) if case.status == store::CaseStatus::Closed => {
            let error = format!(
                "#wait: case #{} is closed, so there is no clock to pause; nothing changed",
                case.id
            );
            command_error(conn, app, message, case, by, &error, now).await?;
        }
        Command::Wait(until) => {
            store::set_waiting(conn, case.id, until, now).await?;
            said("waiting")
                .record(conn, now, &format!("clock paused until {}", ts(until)))
                .await?;
        }
        Command::SetPriority(p) => {
            crate::case::priority::set(conn, app, message, case, by.as_str(), p, "command", now)
                .await?
        }
        Command::Note(note) => {
            said("note").record(conn, now, &note).await?;
        }
        Command::Reply(answer) => {
            reply_to_customer(conn, app, (message, raw), case, by, &answer, now).await?;
        }
    }
    Ok(())
}

/// `#reassign`: the case moves to a colleague, and when the new owner owns another route, the
/// route is corrected and the model learns from it.
async fn reassigned_by(
    conn: &mut AnyConnection,
    app: &App,
    message: i64,
    case: &CaseRow,
    by: &Address,
    to: &Address,
    now: DateTime<Utc>,
) -> Result<()> {
    if to.without_tag() == case.owner.without_tag() {
        // Giving the case to its own owner would only climb it back down the ladder with a
        // fresh deadline (attack round six); `#wait` is the way to ask for time.
        let error = format!(
            "#reassign: case #{} is already {to}'s; nothing changed (to ask for time, `#wait 2d`)",
            case.id
        );
        return command_error(conn, app, message, case, by, &error, now).await;
    }
    let moved = reassign(
        conn,
        app,
        message,
        case,
        to,
        &format!("reassigned by {by}"),
        (Some(by.as_str()), true),
        now,
    )
    .await?;
    route_corrected(conn, case, moved, by, message, now).await
}

/// A person moved the case to another route's owner: that route is the right one, and the
/// model learns the correction.
pub async fn route_corrected(
    conn: &mut AnyConnection,
    case: &CaseRow,
    moved: Option<String>,
    by: &Address,
    message: i64,
    now: DateTime<Utc>,
) -> Result<()> {
    if let Some(route) = moved {
        if let Some(first) = store::first_message(conn, case.id).await? {
            crate::routing::training::label(conn, first, &route, "reassign", now).await?;
        }
        store::Event::on(case.id, "route_corrected")
            .by(by.as_str())
            .about(message)
            .record(
                conn,
                now,
                &format!("{} → {route}; the router learns from it", case.route),
            )
            .await?;
    }
    Ok(())
}

/// `#reply`: the owner's text goes to the customer from the public address, in their thread,
/// and answers the case.
async fn reply_to_customer(
    conn: &mut AnyConnection,
    app: &App,
    (message, raw): (i64, &[u8]),
    case: &CaseRow,
    by: &Address,
    answer: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    // The owner's attachments go with the answer ("the receipt is attached"); a README-only
    // attacker's PDF was dropped without a word. Too large for one mail: nothing is sent and
    // the owner is told, rather than the customer getting "attached" and no file.
    let files = crate::mail::attached_files(raw);
    let size: usize = files.iter().map(|f| f.bytes.len()).sum();
    let limit = app.config.limits.forward_max_bytes;
    if size + answer.len() > limit {
        let error = format!(
            "#reply: its attachments come to {size} bytes, over the {limit} a mail may have \
             (limits.forward_max_bytes); nothing went to the customer. Send a link instead, or \
             fewer files"
        );
        return command_error(conn, app, message, case, by, &error, now).await;
    }
    let Some(customer) = case.customer_address.clone().filter(|c| !is_no_reply(c)) else {
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
            body: Body {
                files,
                ..Body::text(answer.to_string())
            },
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
    conn: &mut AnyConnection,
    app: &App,
    message: i64,
    case: &CaseRow,
    by: &Address,
    error: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    store::Event::on(case.id, "command_error")
        .by(by.as_str())
        .about(message)
        .record(conn, now, error)
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

#[derive(Serialize)]
struct RefusedReplyView<'a> {
    case_id: i64,
    by: &'a str,
    owner: &'a str,
    why: &'a str,
    deadline: Option<String>,
    /// None when the reply carried no token: its From line may be forged, so it is not quoted.
    text: Option<&'a str>,
    /// Whether the sender is the case's owner (then `#reassign` is no way out).
    by_owner: bool,
    public: &'a str,
}

/// A reply from one of the company's people that did not count (not the case's owner, or no
/// token of their own): it is recorded, and the writer and the case's owner are told, so that
/// nobody is escalated for an answer qmark set aside in silence (a README-only attacker's
/// shared `billing@` mailbox, answered by Jane from her own address).
#[allow(clippy::too_many_arguments)]
pub async fn refused_reply(
    conn: &mut AnyConnection,
    app: &App,
    message: i64,
    case: &CaseRow,
    by: &Address,
    why: &str,
    text: Option<&str>,
    now: DateTime<Utc>,
) -> Result<()> {
    let route = app.config.route(&case.route).unwrap_or(&app.config.triage);
    let reads = crate::mail::when::Reader::employee(&app.config, route, &case.owner);
    let body = app.templates.text(
        "refused_reply.txt",
        &RefusedReplyView {
            case_id: case.id,
            by: by.as_str(),
            owner: case.owner.as_str(),
            why,
            deadline: case.is_open().then(|| reads.deadline(case.deadline, now)),
            text,
            by_owner: case.owner.without_tag() == by.without_tag(),
            public: app.config.inbox.address.as_str(),
        },
    )?;
    let root = forward_root(conn, case.id).await?;
    let mut to = vec![by.clone()];
    if case.owner.without_tag() != by.without_tag() {
        to.push(case.owner.clone());
    }
    let head = Head {
        subject: with_tag(
            &format!(
                "qmark did not count a reply as the answer: {}",
                case.subject
            ),
            case.id,
        ),
        ..head_for(app, Some(case.id), to, root, now)
    };
    queue(
        conn,
        app,
        Draft {
            // Quoted (a company token): one notice a reply. Unquoted (no token, the From line
            // may be forged): one a case, sender and day, so forged mail cannot make qmark
            // flood the office with notices.
            key: match text {
                Some(_) => format!("refused_reply:{message}"),
                None => format!(
                    "refused_untokened:{}:{}:{}",
                    case.id,
                    by.without_tag(),
                    now.date_naive()
                ),
            },
            case_id: Some(case.id),
            purpose: Purpose::Notice,
            urgent: false,
            head,
            body: Body::text(body),
        },
        now,
    )
    .await?;
    Ok(())
}
