//! The router's stored model and the routing labels it learns from (answers confirm a route,
//! reassignments correct it).

use anyhow::{Context, Result};
use chrono::{DateTime, Utc};
use sqlx::AnyConnection;

use super::{Store, ts};

/// The model row as stored: which example folders it was built from, the last label it
/// learned, and its encoded weights.
pub struct StoredModel {
    pub source: String,
    pub label_seq: i64,
    pub data: Vec<u8>,
}

/// One routing label with its complaint.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct RoutingLabelRow {
    pub seq: i64,
    pub route: String,
    pub raw: Vec<u8>,
}

impl Store {
    pub async fn stored_model(&self) -> Result<Option<StoredModel>> {
        let row: Option<(String, i64, Vec<u8>)> =
            sqlx::query_as("SELECT source, label_seq, data FROM model WHERE id = 1")
                .fetch_optional(self.pool())
                .await
                .context("reading the model")?;
        Ok(row.map(|(source, label_seq, data)| StoredModel {
            source,
            label_seq,
            data,
        }))
    }

    pub async fn save_model(
        &self,
        model: &StoredModel,
        examples: i64,
        now: DateTime<Utc>,
    ) -> Result<()> {
        super::execute(
            sqlx::query(
                "INSERT INTO model (id, trained_at, examples, source, label_seq, data) VALUES (1, $1, $2, $3, $4, $5)
             ON CONFLICT (id) DO UPDATE SET trained_at = excluded.trained_at, examples = excluded.examples,
               source = excluded.source, label_seq = excluded.label_seq, data = excluded.data",
            )
            .bind(ts(now))
            .bind(examples)
            .bind(&model.source)
            .bind(model.label_seq)
            .bind(&model.data),
            self.pool(),
            "storing the model",
        )
        .await
    }

    /// The routing labels recorded after `seq` (0: all of them), oldest first.
    pub async fn routing_labels_after(&self, seq: i64) -> Result<Vec<RoutingLabelRow>> {
        sqlx::query_as(
            "SELECT l.seq, l.route, r.raw FROM labels l JOIN raw_messages r ON r.message_id = l.message_id
             WHERE l.seq > $1 ORDER BY l.seq",
        )
        .bind(seq)
        .fetch_all(self.pool())
        .await
        .context("reading routing labels")
    }
}

/// Record that a message belongs to a route. A new seq on every relabel, so the learner sees
/// corrections in order.
pub async fn put_routing_label(
    conn: &mut AnyConnection,
    message: i64,
    route: &str,
    source: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    sqlx::query("DELETE FROM labels WHERE message_id = $1")
        .bind(message)
        .execute(&mut *conn)
        .await
        .context("replacing a routing label")?;
    super::execute(
        sqlx::query("INSERT INTO labels (message_id, route, source, at) VALUES ($1, $2, $3, $4)")
            .bind(message)
            .bind(route)
            .bind(source)
            .bind(ts(now)),
        &mut *conn,
        "recording a routing label",
    )
    .await
}
