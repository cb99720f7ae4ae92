//! Webhook deliveries (issue 14 item 5): queued in the caller's transaction beside the event
//! they report, drained by `crate::webhooks::deliver_once` with retries like the outbox's mail.

use anyhow::{Context, Result};
use chrono::{DateTime, Utc};
use sqlx::AnyConnection;

use super::{Store, ts};

/// A delivery to queue.
pub struct NewDelivery<'a> {
    /// Unique per decision and endpoint: the same decision replayed queues nothing new.
    pub dedupe_key: &'a str,
    /// The `X-Qmark-Delivery` header, the same on every attempt.
    pub delivery_id: &'a str,
    pub url: &'a str,
    pub event: &'a str,
    pub case_id: Option<i64>,
    pub body: &'a str,
}

/// A pending delivery as the sender sees it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct DeliveryRow {
    pub id: i64,
    pub delivery_id: String,
    pub url: String,
    pub event: String,
    pub case_id: Option<i64>,
    pub body: String,
    pub attempts: i64,
}

/// Queue a delivery in the caller's transaction. Returns false when the same decision was
/// queued for this endpoint before.
pub async fn insert_webhook_delivery(
    conn: &mut AnyConnection,
    d: &NewDelivery<'_>,
    now: DateTime<Utc>,
) -> Result<bool> {
    let id: Option<i64> = sqlx::query_scalar(
        "INSERT INTO webhook_deliveries (dedupe_key, delivery_id, url, event, case_id, body,
                                         status, attempts, next_attempt_at, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, 'pending', 0, $7, $8)
         ON CONFLICT (dedupe_key) DO NOTHING RETURNING id",
    )
    .bind(d.dedupe_key)
    .bind(d.delivery_id)
    .bind(d.url)
    .bind(d.event)
    .bind(d.case_id)
    .bind(d.body)
    .bind(ts(now))
    .bind(ts(now))
    .fetch_optional(&mut *conn)
    .await
    .context("queueing a webhook delivery")?;
    Ok(id.is_some())
}

impl Store {
    /// Pending deliveries due at `now`, oldest first.
    pub async fn due_webhook_deliveries(
        &self,
        now: DateTime<Utc>,
        limit: i64,
    ) -> Result<Vec<DeliveryRow>> {
        sqlx::query_as(
            "SELECT id, delivery_id, url, event, case_id, body, attempts FROM webhook_deliveries
             WHERE status = 'pending' AND next_attempt_at <= $1 ORDER BY id LIMIT $2",
        )
        .bind(ts(now))
        .bind(limit)
        .fetch_all(self.pool())
        .await
        .context("selecting due webhook deliveries")
    }

    /// The earliest time a pending delivery becomes due, for the webhook sender to sleep until.
    pub async fn next_webhook_due(&self) -> Result<Option<DateTime<Utc>>> {
        super::time_scalar(
            sqlx::query_scalar(
                "SELECT MIN(next_attempt_at) FROM webhook_deliveries WHERE status = 'pending'",
            ),
            self.pool(),
            "finding the next webhook delivery due",
        )
        .await
    }

    /// The receiver answered 2xx.
    pub async fn webhook_delivered(&self, id: i64, now: DateTime<Utc>) -> Result<()> {
        super::execute(
            sqlx::query(
                "UPDATE webhook_deliveries SET status = 'delivered', delivered_at = $1,
             attempts = attempts + 1, last_error = NULL WHERE id = $2",
            )
            .bind(ts(now))
            .bind(id),
            self.pool(),
            "marking a webhook delivery delivered",
        )
        .await
    }

    /// A transient failure: try again at `next`. `attempted`: false when the endpoint was not
    /// even tried this pass (another delivery to it had just timed out), which costs no try.
    pub async fn webhook_retry(
        &self,
        id: i64,
        next: DateTime<Utc>,
        error: &str,
        attempted: bool,
    ) -> Result<()> {
        super::execute(
            sqlx::query(
                "UPDATE webhook_deliveries SET attempts = attempts + $1, next_attempt_at = $2,
             last_error = $3 WHERE id = $4",
            )
            .bind(i64::from(attempted))
            .bind(ts(next))
            .bind(error)
            .bind(id),
            self.pool(),
            "scheduling a webhook retry",
        )
        .await
    }

    /// A permanent failure, or too many transient ones: the delivery stops.
    pub async fn webhook_failed(&self, id: i64, error: &str, attempted: bool) -> Result<()> {
        super::execute(
            sqlx::query(
                "UPDATE webhook_deliveries SET status = 'failed', attempts = attempts + $1,
             last_error = $2 WHERE id = $3",
            )
            .bind(i64::from(attempted))
            .bind(error)
            .bind(id),
            self.pool(),
            "marking a webhook delivery failed",
        )
        .await
    }

    /// Pending, delivered and failed deliveries, for `qmark check`.
    pub async fn webhook_counts(&self) -> Result<(i64, i64, i64)> {
        sqlx::query_as(
            "SELECT COUNT(*) FILTER (WHERE status = 'pending'), COUNT(*) FILTER (WHERE status = 'delivered'),
             COUNT(*) FILTER (WHERE status = 'failed') FROM webhook_deliveries",
        )
        .fetch_one(self.pool())
        .await
        .context("counting webhook deliveries")
    }
}
