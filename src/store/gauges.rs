//! The questions the status server asks at each scrape (`/metrics`, `/readyz`): read-only, on
//! indexed columns, so a scrape every few seconds costs the loop nothing it would notice.

use anyhow::{Context, Result};
use chrono::{DateTime, Utc};
use sqlx::Row;

use super::{Store, parse_ts, ts};

/// The outbox at one instant.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct OutboxGauges {
    pub pending: i64,
    /// When the oldest pending row was queued.
    pub oldest_created: Option<DateTime<Utc>>,
    /// The earliest due time among pending rows already due (a held or retrying row is not due).
    pub oldest_due: Option<DateTime<Utc>>,
}

impl Store {
    /// The database answers at all.
    pub async fn ping(&self) -> Result<()> {
        sqlx::query("SELECT 1")
            .execute(&self.pool)
            .await
            .context("asking the database SELECT 1")?;
        Ok(())
    }

    pub async fn outbox_gauges(&self, now: DateTime<Utc>) -> Result<OutboxGauges> {
        let r = sqlx::query(
            "SELECT COUNT(*), MIN(created_at), MIN(CASE WHEN next_attempt_at <= $1 THEN next_attempt_at END) \
             FROM outbox WHERE status = 'pending'",
        )
        .bind(ts(now))
        .fetch_one(&self.pool)
        .await
        .context("measuring the outbox")?;
        let created: Option<String> = r.get(1);
        let due: Option<String> = r.get(2);
        Ok(OutboxGauges {
            pending: r.get(0),
            oldest_created: created.as_deref().and_then(parse_ts),
            oldest_due: due.as_deref().and_then(parse_ts),
        })
    }

    /// Open cases per rung, lowest rung first.
    pub async fn open_cases_by_rung(&self) -> Result<Vec<(i64, i64)>> {
        let rows = sqlx::query(
            "SELECT rung, COUNT(*) FROM cases WHERE status = 'open' GROUP BY rung ORDER BY rung",
        )
        .fetch_all(&self.pool)
        .await
        .context("counting open cases by rung")?;
        Ok(rows.iter().map(|r| (r.get(0), r.get(1))).collect())
    }

    /// When a case's first message arrived (was stored), for the forward latency.
    pub async fn case_arrival(&self, case_id: i64) -> Result<Option<DateTime<Utc>>> {
        super::time_scalar(
            sqlx::query_scalar("SELECT MIN(received_at) FROM messages WHERE case_id = $1")
                .bind(case_id),
            &self.pool,
            "finding when a case's first message arrived",
        )
        .await
    }
}
