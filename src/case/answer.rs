//! An answer from the owner or an executive: the case is answered, the route confirmed for
//! the model, and the executives get a copy.

use anyhow::Result;
use chrono::{DateTime, Utc};
use serde::Serialize;
use sqlx::sqlite::SqliteConnection;

use super::{forward_root, with_tag};
use crate::app::App;
use crate::mail::address::Address;
use crate::mail::compose::{Body, Head};
use crate::mail::render::human_duration;
use crate::outgoing::{Draft, Purpose, head_for, queue};
use crate::store::{self, CaseRow};
use crate::webhooks::Event;

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
    store::Event::on(case.id, "answered")
        .by(by.as_str())
        .about(message)
        .record(conn, now, &format!("({how}) {text}"))
        .await?;
    let key = format!("answer:{message}");
    let h = crate::webhooks::Happened::new(Event::Answer, case.id, key, Some(by.as_str()));
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
            customer: case.customer_text(),
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
