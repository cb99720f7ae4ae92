//! A case's priority set by a person: `#urgent` or `#normal` on a reply to its forward, or a
//! `bump` from the digest (which also says "this is urgent"). The case's priority and deadline
//! change, the history says who did it, and the complaint is labelled for the router to learn
//! urgency from (`urgency_memory`).

use anyhow::Result;
use chrono::{DateTime, Utc};
use sqlx::AnyConnection;

use crate::app::App;
use crate::routing::classify::Priority;
use crate::store::{self, CaseRow, Store, ts};

/// The deadline after a person changes the priority. Urgent: the urgent window counted from
/// now, but never later than the deadline the case already has (a correction never buys
/// time). Normal: the normal window counted from when the clock started, but never earlier
/// than the deadline it has (a correction never makes a case overdue). Pure.
pub fn deadline_after(
    to: Priority,
    current: DateTime<Utc>,
    urgent_from_now: DateTime<Utc>,
    normal_from_start: DateTime<Utc>,
) -> DateTime<Utc> {
    match to {
        Priority::Urgent => current.min(urgent_from_now),
        Priority::Normal => current.max(normal_from_start),
    }
}

/// Set `case`'s priority on behalf of `by` (authority already decided), with a history event
/// and a new deadline while it is open on its first rung, and label its complaint.
/// `message` is the mail that asked for it. Re-running for the same message changes nothing.
#[allow(clippy::too_many_arguments)]
pub async fn set(
    conn: &mut AnyConnection,
    app: &App,
    message: i64,
    case: &CaseRow,
    by: &str,
    to: Priority,
    source: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    let route = app.config.route(&case.route).unwrap_or(&app.config.triage);
    let current = case.deadline;
    let mut detail = format!("{} → {} by {by} ({source})", case.priority, to);
    if case.is_open() && case.rung == 0 && case.priority != to {
        let start = clock_start(conn, case).await?;
        let urgent =
            crate::case::ladder::deadline(&app.config, route, &case.owner, Priority::Urgent, now)?;
        let normal = crate::case::ladder::deadline(
            &app.config,
            route,
            &case.owner,
            Priority::Normal,
            start,
        )?;
        let deadline = deadline_after(to, current, urgent, normal);
        if deadline != current {
            store::set_deadline(conn, case.id, deadline).await?;
            detail.push_str(&format!("; answer now due {}", ts(deadline)));
        }
    }
    store::set_priority(conn, case.id, to, now).await?;
    if to == Priority::Urgent && case.priority != Priority::Urgent {
        let h = crate::webhooks::Happened {
            event: crate::webhooks::Event::Urgent,
            case_id: case.id,
            key: format!("urgent:{}:{message}", case.id),
            by: Some(by),
        };
        crate::webhooks::queue(conn, app, h, now).await?;
    }
    tracing::info!(
        case = case.id,
        message_id = message,
        by,
        from = case.priority.as_str(),
        to = to.as_str(),
        source,
        "priority set"
    );
    detail.push_str("; the router learns from it");
    store::Event::on(case.id, "priority")
        .by(by)
        .about(message)
        .record(conn, now, &detail)
        .await?;
    label(conn, case.id, to == Priority::Urgent, source, by, now).await
}

/// When the case's answer clock started: its last restart, else its opening.
async fn clock_start(conn: &mut AnyConnection, case: &CaseRow) -> Result<DateTime<Utc>> {
    Ok(store::last_reopened(conn, case.id)
        .await?
        .unwrap_or(case.opened_at))
}

/// Label the case's complaint (its first message) urgent or normal, replacing any earlier
/// label with a new seq.
async fn label(
    conn: &mut AnyConnection,
    case_id: i64,
    urgent: bool,
    source: &str,
    by: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    let Some(message_id) = store::first_message(conn, case_id).await? else {
        return Ok(());
    };
    let label = store::UrgencyLabel {
        message_id,
        case_id,
        urgent,
        source,
        by,
    };
    store::put_urgency_label(conn, &label, now).await
}

/// Teach `model` the urgency labels recorded since it last learned; how many it learned.
pub async fn learn_labels(
    store: &Store,
    model: &mut crate::routing::model::Model,
) -> Result<usize> {
    let rows = store.urgency_labels_after(model.urgency.seq).await?;
    for r in &rows {
        let mail = crate::mail::parse(&r.raw);
        let features = crate::routing::model::features(&mail.subject, &mail.text);
        model
            .urgency
            .learn(r.message_id, r.case_id, r.urgent, &r.by_whom, &features);
        model.urgency.seq = r.seq;
    }
    Ok(rows.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn urgent_only_ever_brings_the_deadline_closer_and_normal_only_further() {
        let at = |h| {
            Utc.with_ymd_and_hms(2026, 12, 2, h, 0, 0)
                .single()
                .expect("valid")
        };
        // Urgent: 4 h from now (13:00) is earlier than the 17:00 the case had.
        assert_eq!(
            deadline_after(Priority::Urgent, at(17), at(13), at(20)),
            at(13)
        );
        // Already due sooner (a case that is nearly out of time): it keeps its deadline.
        assert_eq!(
            deadline_after(Priority::Urgent, at(10), at(13), at(20)),
            at(10)
        );
        // Normal: back to the normal window from the start of the clock.
        assert_eq!(
            deadline_after(Priority::Normal, at(13), at(13), at(20)),
            at(20)
        );
        assert_eq!(
            deadline_after(Priority::Normal, at(22), at(13), at(20)),
            at(22)
        );
    }
}
