//! The outbox rows in doubt (`journal`): marked in flight before the SMTP hand-off, cleared,
//! deferred, and the journal copy that proves a mail left.

use anyhow::{Context, Result};
use chrono::{DateTime, Utc};

use super::{Store, ts};

impl Store {
    /// Pending rows marked in flight by an earlier pass (or an earlier process): id and mark.
    pub async fn outbox_in_doubt(&self) -> Result<Vec<(i64, String)>> {
        sqlx::query_as(
            "SELECT id, in_flight_at FROM outbox WHERE in_flight_at IS NOT NULL AND status = 'pending'",
        )
        .fetch_all(self.pool())
        .await
        .context("selecting outbox rows in doubt")
    }

    /// Mark rows as being handed to the SMTP server, in one transaction.
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
