//! A case's priority set by a person: `#urgent` or `#normal` on a reply to its forward, or a
//! `bump` from the digest (which also says "this is urgent"). The case's priority and deadline
//! change, the history says who did it, and the complaint is labelled for the router to learn
//! urgency from (`urgency_memory`).

use anyhow::{Context, Result};
use chrono::{DateTime, Utc};
use sqlx::{Row, SqliteConnection};

use crate::app::App;
use crate::routing::classify::Priority;
use crate::store::{self, CaseRow, Store, parse_ts, ts};

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
    conn: &mut SqliteConnection,
    app: &App,
    message: i64,
    case: &CaseRow,
    by: &str,
    to: Priority,
    source: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    let route = app.config.route(&case.route).unwrap_or(&app.config.triage);
    let current = parse_ts(&case.deadline).unwrap_or(now);
    let mut detail = format!("{} → {} by {by} ({source})", case.priority, to.as_str());
    if case.status == "open" && case.rung == 0 && case.priority != to.as_str() {
        let start = clock_start(conn, case).await?;
        let urgent = crate::case::ladder::deadline(&app.config, route, &case.owner, "urgent", now)?;
        let normal =
            crate::case::ladder::deadline(&app.config, route, &case.owner, "normal", start)?;
        let deadline = deadline_after(to, current, urgent, normal);
        if deadline != current {
            sqlx::query("UPDATE cases SET deadline = ? WHERE id = ?")
                .bind(ts(deadline))
                .bind(case.id)
                .execute(&mut *conn)
                .await
                .context("moving a case's deadline for its new priority")?;
            detail.push_str(&format!("; answer now due {}", ts(deadline)));
        }
    }
    sqlx::query("UPDATE cases SET priority = ?, updated_at = ? WHERE id = ?")
        .bind(to.as_str())
        .bind(ts(now))
        .bind(case.id)
        .execute(&mut *conn)
        .await
        .context("setting a case's priority")?;
    detail.push_str("; the router learns from it");
    store::insert_event(
        conn,
        case.id,
        now,
        "priority",
        Some(by),
        Some(message),
        &detail,
    )
    .await?;
    label(conn, case.id, to == Priority::Urgent, source, by, now).await
}

/// When the case's answer clock started: its last reopening, else its opening.
async fn clock_start(conn: &mut SqliteConnection, case: &CaseRow) -> Result<DateTime<Utc>> {
    let reopened: Option<String> = sqlx::query_scalar(
        "SELECT MAX(at) FROM case_events WHERE case_id = ? AND kind = 'reopened'",
    )
    .bind(case.id)
    .fetch_one(&mut *conn)
    .await
    .context("finding when a case's clock started")?;
    Ok(reopened
        .as_deref()
        .or(Some(case.opened_at.as_str()))
        .and_then(parse_ts)
        .unwrap_or_default())
}

/// Label the case's complaint (its first message) urgent or normal, replacing any earlier
/// label with a new seq.
async fn label(
    conn: &mut SqliteConnection,
    case_id: i64,
    urgent: bool,
    source: &str,
    by: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    let first: Option<i64> = sqlx::query_scalar("SELECT MIN(id) FROM messages WHERE case_id = ?")
        .bind(case_id)
        .fetch_one(&mut *conn)
        .await
        .context("finding a case's complaint to label its urgency")?;
    let Some(first) = first else {
        return Ok(());
    };
    sqlx::query("DELETE FROM urgency_labels WHERE message_id = ?")
        .bind(first)
        .execute(&mut *conn)
        .await
        .context("replacing an urgency label")?;
    sqlx::query(
        "INSERT INTO urgency_labels (message_id, case_id, urgent, source, by_whom, at) VALUES (?, ?, ?, ?, ?, ?)",
    )
    .bind(first)
    .bind(case_id)
    .bind(i64::from(urgent))
    .bind(source)
    .bind(by)
    .bind(ts(now))
    .execute(&mut *conn)
    .await
    .context("recording an urgency label")?;
    Ok(())
}

/// Teach `model` the urgency labels recorded since it last learned; how many it learned.
pub async fn learn_labels(
    store: &Store,
    model: &mut crate::routing::model::Model,
) -> Result<usize> {
    let rows = sqlx::query(
        "SELECT u.seq, u.message_id, u.case_id, u.urgent, u.by_whom, m.raw FROM urgency_labels u
         JOIN messages m ON m.id = u.message_id WHERE u.seq > ? ORDER BY u.seq",
    )
    .bind(model.urgency.seq)
    .fetch_all(store.pool())
    .await
    .context("reading urgency labels")?;
    for r in &rows {
        let raw: Vec<u8> = r.get(5);
        let mail = crate::mail::parse(&raw);
        let features = crate::routing::model::features(&mail.subject, &mail.text);
        model.urgency.learn(
            r.get(1),
            r.get(2),
            r.get::<i64, _>(3) == 1,
            &r.get::<String, _>(4),
            &features,
        );
        model.urgency.seq = r.get(0);
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
