//! The outbox rows in doubt (`journal`): marked in flight before the SMTP hand-off, cleared,
//! deferred, and the journal copy that proves a mail left.

use anyhow::{Context, Result};
use chrono::{DateTime, Utc};

use super::{Backend, OutboxRow, Store, parse_ts, ts};

impl Store {
    /// Pending rows marked in flight by an earlier pass (or an earlier process): id and when
    /// they were marked (None for a mark that is not a time: in doubt, with no way to tell).
    pub async fn outbox_in_doubt(&self) -> Result<Vec<(i64, Option<DateTime<Utc>>)>> {
        let marks: Vec<(i64, String)> = sqlx::query_as(
            "SELECT id, in_flight_at FROM outbox WHERE in_flight_at IS NOT NULL AND status = 'pending'",
        )
        .fetch_all(self.pool())
        .await
        .context("selecting outbox rows in doubt")?;
        Ok(marks
            .into_iter()
            .map(|(id, mark)| (id, parse_ts(&mark)))
            .collect())
    }

    /// Mark rows as being handed to the SMTP server, in one transaction, without a claim (the
    /// fault tests make rows in doubt with it; the sender claims, `outbox_claim`).
    pub async fn outbox_mark_in_flight(&self, ids: &[i64], now: DateTime<Utc>) -> Result<()> {
        let mut tx = self.write().await?;
        for id in ids {
            sqlx::query("UPDATE outbox SET in_flight_at = $1 WHERE id = $2")
                .bind(ts(now))
                .bind(id)
                .execute(&mut *tx)
                .await
                .context("marking an outbox row in flight")?;
        }
        tx.commit().await.context("committing in-flight marks")
    }

    /// Claim rows just before handing them to the SMTP server: mark them in flight, each only
    /// if no sender claimed it since it was read (its claim count is still the one in `rows`)
    /// and it is still pending. Returns the ids claimed; a row left out went to someone else.
    /// One write transaction (fenced: a leader taken over from claims nothing, see leader.rs);
    /// on PostgreSQL each row is also locked `FOR UPDATE SKIP LOCKED`, so even two senders that
    /// bypassed the write lock could never both claim a row.
    pub async fn outbox_claim(&self, rows: &[&OutboxRow], now: DateTime<Utc>) -> Result<Vec<i64>> {
        let sql = match self.backend {
            Backend::Sqlite => {
                "UPDATE outbox SET in_flight_at = $1, claims = claims + 1
                  WHERE id = $2 AND claims = $3 AND status = 'pending' RETURNING id"
            }
            Backend::Postgres => {
                "UPDATE outbox SET in_flight_at = $1, claims = claims + 1
                  WHERE id = (SELECT id FROM outbox WHERE id = $2 AND claims = $3 AND status = 'pending'
                              FOR UPDATE SKIP LOCKED)
                  RETURNING id"
            }
        };
        let mut tx = self.write().await?;
        let mut claimed = Vec::with_capacity(rows.len());
        for row in rows {
            let id: Option<i64> = sqlx::query_scalar(sql)
                .bind(ts(now))
                .bind(row.id)
                .bind(row.claims)
                .fetch_optional(&mut *tx)
                .await
                .context("claiming an outbox row")?;
            claimed.extend(id);
        }
        tx.commit().await.context("committing outbox claims")?;
        Ok(claimed)
    }

    /// The outcome is recorded (retry later): not in flight any more.
    pub async fn outbox_clear_in_flight(&self, id: i64) -> Result<()> {
        sqlx::query("UPDATE outbox SET in_flight_at = NULL WHERE id = $1")
            .bind(id)
            .execute(self.pool())
            .await
            .context("clearing an in-flight mark")?;
        Ok(())
    }

    /// Whether a mail with this Message-ID came back into the inbox (its journal copy).
    pub async fn journal_copy_stored(&self, message_id: &str) -> Result<bool> {
        let id = message_id
            .trim()
            .trim_start_matches('<')
            .trim_end_matches('>');
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM messages WHERE message_id = $1")
            .bind(id)
            .fetch_one(self.pool())
            .await
            .context("looking for a journal copy")?;
        Ok(n > 0)
    }

    /// A mail in doubt waits for its journal copy: due again at `until`, attempts unchanged.
    pub async fn outbox_defer(&self, id: i64, until: DateTime<Utc>) -> Result<()> {
        sqlx::query("UPDATE outbox SET next_attempt_at = $1 WHERE id = $2")
            .bind(ts(until))
            .bind(id)
            .execute(self.pool())
            .await
            .context("deferring an outbox row in doubt")?;
        Ok(())
    }
}
