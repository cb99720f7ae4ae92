//! A customer's follow-up on a case: into the owner's `?` thread; a closed or answered case
//! reopens with a fresh deadline.

use anyhow::Result;
use chrono::{DateTime, Utc};
use sqlx::AnyConnection;

use super::{
    ForwardView, attachment_lines, customer_line, forward_root, subject_or_placeholder, with_tag,
};
use crate::app::App;
use crate::mail::Mail;
use crate::mail::compose::{Body, Head};
use crate::mail::when::Reader;
use crate::outgoing::{Draft, Purpose, head_for, queue};
use crate::store::{self, CaseRow, ts};

/// The customer wrote again: into the owner's `?` thread; an answered or paused case reopens.
#[allow(clippy::too_many_arguments)]
pub async fn follow_up(
    conn: &mut AnyConnection,
    app: &App,
    message: i64,
    raw: &[u8],
    mail: &Mail,
    case: &CaseRow,
    matched_by: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    let route = app.config.route(&case.route).unwrap_or(&app.config.triage);
    let owner = &case.owner;
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
        reopen(conn, case, message, deadline, now).await?;
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
    // Someone else outside the company on the customer's thread (a spouse in Cc) is named.
    let sender = mail.from.as_ref().and_then(|f| f.address.as_ref());
    let someone_else = sender
        .filter(|s| {
            case.customer_address.as_ref().map(|c| c.without_tag()) != Some(s.without_tag())
        })
        .map(|s| format!(" (from {s}, on the customer's thread)"))
        .unwrap_or_default();
    store::Event::on(case.id, "follow_up")
        .by(&sender.map_or_else(|| case.customer_text().to_string(), |s| s.to_string()))
        .about(message)
        .record(
            conn,
            now,
            &format!("(matched by {matched_by}) {subject}{someone_else}"),
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

/// An answered, paused or closed case the customer wrote on again: open, with a new deadline.
async fn reopen(
    conn: &mut AnyConnection,
    case: &CaseRow,
    message: i64,
    deadline: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<()> {
    store::reopen(conn, case.id, deadline, now).await?;
    store::Event::on(case.id, "reopened")
        .by(case.customer_text())
        .about(message)
        .record(
            conn,
            now,
            &format!(
                "the customer wrote again on a {} case; new deadline {}",
                case.status,
                ts(deadline)
            ),
        )
        .await?;
    Ok(())
}
