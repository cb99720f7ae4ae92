//! The database (SQLite, or PostgreSQL: see `connect`): messages, cases, their history, the
//! outbox, cursors, digests.
//!
//! Reads go through the pool; every write that must be atomic runs inside `Store::write()`,
//! a transaction that keeps every other writer out from its start (`BEGIN IMMEDIATE` on
//! SQLite, an advisory lock on PostgreSQL), so two writers never discover a conflict half-way.

use crate::mail::address::Address;

use anyhow::{Context, Result};
use chrono::{DateTime, Utc};
use serde::Serialize;
use sha2::{Digest as _, Sha256};
use sqlx::{AnyConnection, AnyPool, Row, Transaction};

pub use crate::routing::priority::Priority;

pub mod connect;
// Issue 15: `qmark db copy`, a whole history from one database to another.
pub mod copy;
// Issue 14: the read-only questions `/metrics` and `/readyz` ask.
mod gauges;
pub mod grants;
mod in_flight;
pub mod leader;
// Issue 15: fetched messages stored a chunk at a time.
mod messages;
mod model;
mod outbox_kinds;
mod sql;
// Webhook deliveries, queued beside the event they report.
mod webhooks;

pub use connect::Backend;
pub use outbox_kinds::{OutboxStatus, Purpose};

pub use gauges::OutboxGauges;
pub use messages::{NewMessage, insert_messages};
pub use model::{RoutingLabelRow, StoredModel, put_routing_label};
pub use webhooks::{DeliveryRow, NewDelivery, insert_webhook_delivery};

pub type Tx = Transaction<'static, sqlx::Any>;

/// The one text form of a timestamp in the database: fixed width, UTC, so that string order is
/// time order.
pub fn ts(t: DateTime<Utc>) -> String {
    // The same text as `%Y-%m-%dT%H:%M:%S%.3fZ` without parsing a format string: processing
    // writes a dozen timestamps per message.
    t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

pub fn parse_ts(s: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

/// Run a statement that writes, with a context saying what it was doing.
async fn execute<'q, 'e>(
    statement: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments>,
    e: impl sqlx::AnyExecutor<'e>,
    what: &'static str,
) -> Result<()>
where
    'q: 'e,
{
    statement.execute(e).await.context(what)?;
    Ok(())
}

/// Set a setting, replacing any value (in the caller's transaction, or on the pool).
async fn put_setting<'e>(e: impl sqlx::AnyExecutor<'e>, key: &str, value: &str) -> Result<()> {
    execute(
        sqlx::query(
            "INSERT INTO settings (key, value) VALUES ($1, $2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        )
        .bind(key)
        .bind(value),
        e,
        "writing a setting",
    )
    .await
}

/// A query for one stored time, such as a `MIN` or `MAX` of a time column.
type TimeQuery<'q> =
    sqlx::query::QueryScalar<'q, sqlx::Any, Option<String>, sqlx::any::AnyArguments>;

/// The time `query` reads: none when there is no row, or its text is no time (edited by hand),
/// as for a time never stored.
async fn time_scalar<'q, 'e>(
    query: TimeQuery<'q>,
    e: impl sqlx::AnyExecutor<'e>,
    what: &'static str,
) -> Result<Option<DateTime<Utc>>>
where
    'q: 'e,
{
    let text = query.fetch_one(e).await.context(what)?;
    Ok(text.as_deref().and_then(parse_ts))
}

#[derive(Clone)]
pub struct Store {
    pool: AnyPool,
    /// One connection with `synchronous=NORMAL` (PostgreSQL: `synchronous_commit=off`), for
    /// marking outbox rows sent (see `outbox_sent`): everything else commits durably through
    /// `pool`.
    sent_marks: AnyPool,
    backend: Backend,
    /// The leader's token (PostgreSQL, `qmark run`; see leader.rs): every write transaction
    /// checks it is still the recorded one, so a leader that was taken over from cannot write.
    fence: std::sync::Arc<std::sync::OnceLock<String>>,
}

/// A case's status (PRODUCT.md, "The case").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum CaseStatus {
    #[default]
    Open,
    Answered,
    Waiting,
    Closed,
}

impl CaseStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            CaseStatus::Open => "open",
            CaseStatus::Answered => "answered",
            CaseStatus::Waiting => "waiting",
            CaseStatus::Closed => "closed",
        }
    }

    pub fn parse(word: &str) -> Option<CaseStatus> {
        match word {
            "open" => Some(CaseStatus::Open),
            "answered" => Some(CaseStatus::Answered),
            "waiting" => Some(CaseStatus::Waiting),
            "closed" => Some(CaseStatus::Closed),
            _ => None,
        }
    }
}

impl std::fmt::Display for CaseStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A case as the rest of qmark sees it: times, status and priority typed, decoded once here
/// (`FromRow` below) so no caller parses a column or falls back to "now" on a bad one.
/// Serialized with the database's own time text (`ts`), so `--json` output keeps its form.
#[derive(Debug, Clone, Serialize)]
pub struct CaseRow {
    pub id: i64,
    #[serde(skip)]
    pub token: String,
    pub status: CaseStatus,
    pub route: String,
    pub owner: Address,
    pub priority: Priority,
    /// None when the complaint had no usable From (stored as "unknown"): nobody to answer.
    #[serde(rename = "customer", serialize_with = "ser_customer")]
    pub customer_address: Option<Address>,
    pub customer_name: Option<String>,
    pub subject: String,
    #[serde(serialize_with = "ser_ts")]
    pub opened_at: DateTime<Utc>,
    #[serde(serialize_with = "ser_ts")]
    pub deadline: DateTime<Utc>,
    pub escalate_to: String,
    pub rung: i64,
    #[serde(serialize_with = "ser_opt_ts")]
    pub first_answered_at: Option<DateTime<Utc>>,
    #[serde(serialize_with = "ser_opt_ts")]
    pub answered_at: Option<DateTime<Utc>>,
    #[serde(serialize_with = "ser_ts")]
    pub updated_at: DateTime<Utc>,
    pub language: Option<String>,
    #[serde(skip)]
    pub subject_key: Option<String>,
    #[serde(serialize_with = "ser_opt_ts")]
    pub waiting_until: Option<DateTime<Utc>>,
    /// When the case next has reminder or rung work (None: not worked out yet, stored as ''
    /// by migration 0007).
    #[serde(skip)]
    pub next_due_at: Option<DateTime<Utc>>,
    /// What the customer wants and the sentence of their problem (migration 0010; None for
    /// older cases).
    pub wants: Option<String>,
    pub problem: Option<String>,
}

impl CaseRow {
    pub fn is_open(&self) -> bool {
        self.status == CaseStatus::Open
    }

    pub fn is_urgent(&self) -> bool {
        self.priority.is_urgent()
    }

    /// The customer's address as shown to people and written to history: "unknown" when none.
    pub fn customer_text(&self) -> &str {
        self.customer_address
            .as_ref()
            .map_or(UNKNOWN_CUSTOMER, Address::as_str)
    }
}

/// What `cases.customer_address` holds when the complaint had no usable From.
pub const UNKNOWN_CUSTOMER: &str = "unknown";

/// The customer column: "unknown" is no address. So is anything else that no longer parses:
/// a customer without a usable address is one qmark cannot write to, which every reader of
/// the column handles, whereas failing the row would hide the whole case from lists.
fn customer_column(row: &sqlx::any::AnyRow) -> sqlx::Result<Option<Address>> {
    let text: String = row.try_get("customer_address")?;
    Ok(Address::parse(&text).ok())
}

fn ser_customer<S: serde::Serializer>(a: &Option<Address>, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(a.as_ref().map_or(UNKNOWN_CUSTOMER, Address::as_str))
}

/// An address column, validated as every address qmark writes was when it was written.
fn address_column(row: &sqlx::any::AnyRow, name: &str) -> sqlx::Result<Address> {
    let text: String = row.try_get(name)?;
    Address::parse(&text).map_err(|e| bad_column(name, format!("{text:?} is not an address: {e}")))
}

impl<'r> sqlx::FromRow<'r, sqlx::any::AnyRow> for CaseRow {
    fn from_row(row: &'r sqlx::any::AnyRow) -> sqlx::Result<Self> {
        Ok(CaseRow {
            id: row.try_get("id")?,
            token: row.try_get("token")?,
            status: status_column(row)?,
            route: row.try_get("route")?,
            owner: address_column(row, "owner")?,
            priority: priority_column(row)?,
            customer_address: customer_column(row)?,
            customer_name: row.try_get("customer_name")?,
            subject: row.try_get("subject")?,
            opened_at: time_column(row, "opened_at")?,
            deadline: time_column(row, "deadline")?,
            escalate_to: row.try_get("escalate_to")?,
            rung: row.try_get("rung")?,
            first_answered_at: optional_time_column(row, "first_answered_at")?,
            answered_at: optional_time_column(row, "answered_at")?,
            updated_at: time_column(row, "updated_at")?,
            language: row.try_get("language")?,
            subject_key: row.try_get("subject_key")?,
            waiting_until: optional_time_column(row, "waiting_until")?,
            next_due_at: optional_time_column(row, "next_due_at")?,
            wants: row.try_get("wants")?,
            problem: row.try_get("problem")?,
        })
    }
}

/// A yes/no column as either database gives it: SQLite has no boolean type (0 or 1), while
/// PostgreSQL answers `EXISTS` or a comparison with a boolean, and sqlx's `Any` decodes `bool`
/// from a boolean only.
pub struct Flag(bool);

impl From<Flag> for bool {
    fn from(flag: Flag) -> bool {
        flag.0
    }
}

impl sqlx::Type<sqlx::Any> for Flag {
    fn type_info() -> sqlx::any::AnyTypeInfo {
        <bool as sqlx::Type<sqlx::Any>>::type_info()
    }

    fn compatible(ty: &sqlx::any::AnyTypeInfo) -> bool {
        ty.kind() == sqlx::any::AnyTypeInfoKind::Bool || ty.kind().is_integer()
    }
}

impl<'r> sqlx::Decode<'r, sqlx::Any> for Flag {
    fn decode(value: sqlx::any::AnyValueRef<'r>) -> Result<Self, sqlx::error::BoxDynError> {
        use sqlx::ValueRef as _;
        if value.type_info().kind() == sqlx::any::AnyTypeInfoKind::Bool {
            <bool as sqlx::Decode<sqlx::Any>>::decode(value).map(Flag)
        } else {
            <i64 as sqlx::Decode<sqlx::Any>>::decode(value).map(|n| Flag(n != 0))
        }
    }
}

fn bad_column(column: &str, why: String) -> sqlx::Error {
    sqlx::Error::ColumnDecode {
        index: column.to_string(),
        source: why.into(),
    }
}

fn status_column(row: &sqlx::any::AnyRow) -> sqlx::Result<CaseStatus> {
    let status: String = row.try_get("status")?;
    CaseStatus::parse(&status)
        .ok_or_else(|| bad_column("status", format!("unknown case status {status:?}")))
}

fn priority_column(row: &sqlx::any::AnyRow) -> sqlx::Result<Priority> {
    let priority: String = row.try_get("priority")?;
    Priority::parse(&priority)
        .ok_or_else(|| bad_column("priority", format!("unknown priority {priority:?}")))
}

fn time_column(row: &sqlx::any::AnyRow, column: &str) -> sqlx::Result<DateTime<Utc>> {
    optional_time_column(row, column)?
        .ok_or_else(|| bad_column(column, "a time is missing".to_string()))
}

/// NULL and '' (a time not worked out yet) are both "none".
fn optional_time_column(
    row: &sqlx::any::AnyRow,
    column: &str,
) -> sqlx::Result<Option<DateTime<Utc>>> {
    match row.try_get::<Option<String>, _>(column)? {
        None => Ok(None),
        Some(s) if s.is_empty() => Ok(None),
        Some(s) => parse_ts(&s)
            .map(Some)
            .ok_or_else(|| bad_column(column, format!("not a time: {s:?}"))),
    }
}

/// A time as the database writes it (`ts`), for `#[serde(serialize_with)]`: JSON and CSV keep
/// the stored text.
pub fn ser_ts<S: serde::Serializer>(t: &DateTime<Utc>, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&ts(*t))
}

pub fn ser_opt_ts<S: serde::Serializer>(
    t: &Option<DateTime<Utc>>,
    s: S,
) -> Result<S::Ok, S::Error> {
    match t {
        Some(t) => s.serialize_str(&ts(*t)),
        None => s.serialize_none(),
    }
}

/// The columns of a case that the digest's reports count over weeks of cases (time to first
/// answer, the chart, deadline attainment, repeat customers), read without the rest of the row.
/// Deserialized from a JSON array in this field order (see `Store::facts`).
#[derive(Debug, Clone, serde::Deserialize)]
pub struct CaseFacts {
    pub id: i64,
    pub route: String,
    pub owner: String,
    pub customer_address: String,
    pub opened_at: DateTime<Utc>,
    pub deadline: DateTime<Utc>,
    pub first_answered_at: Option<DateTime<Utc>>,
    /// The latest answer (a case its customer reopened keeps its earlier one until answered
    /// again), and the status now: whether the case met its current deadline.
    #[serde(default)]
    pub answered_at: Option<DateTime<Utc>>,
    #[serde(default)]
    pub status: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct EventRow {
    pub id: i64,
    #[serde(serialize_with = "ser_ts")]
    pub at: DateTime<Utc>,
    pub kind: String,
    pub actor: Option<String>,
    pub message_id: Option<i64>,
    pub detail: String,
}

impl<'r> sqlx::FromRow<'r, sqlx::any::AnyRow> for EventRow {
    fn from_row(row: &'r sqlx::any::AnyRow) -> sqlx::Result<Self> {
        Ok(EventRow {
            id: row.try_get("id")?,
            at: time_column(row, "at")?,
            kind: row.try_get("kind")?,
            actor: row.try_get("actor")?,
            message_id: row.try_get("message_id")?,
            detail: row.try_get("detail")?,
        })
    }
}

#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct OutboxRow {
    pub id: i64,
    pub dedupe_key: String,
    pub case_id: Option<i64>,
    #[sqlx(try_from = "String")]
    pub purpose: Purpose,
    pub message_id: String,
    pub envelope_from: String,
    pub recipients: String,
    #[serde(skip)]
    pub body: Vec<u8>,
    #[sqlx(try_from = "String")]
    pub status: OutboxStatus,
    pub attempts: i64,
    pub next_attempt_at: String,
    pub last_error: Option<String>,
    pub created_at: String,
    pub sent_at: Option<String>,
    /// How many times a sender claimed it (migration 0018): a claim is a compare-and-set on it.
    #[serde(skip)]
    pub claims: i64,
}

#[derive(Debug, Clone)]
pub struct MessageRow {
    pub id: i64,
    pub raw: Vec<u8>,
    /// None when the stored text is no time: the caller counts the message as arriving now.
    pub received_at: Option<DateTime<Utc>>,
    pub attempts: i64,
    /// Stored by `qmark backfill` (migration 0013): its case opens quietly, listed in the
    /// owner's summary instead of forwarded.
    pub backfill: bool,
    /// The public address it was read from (None: before migration 0014 or not from IMAP).
    pub inbox: Option<String>,
}

impl<'r> sqlx::FromRow<'r, sqlx::any::AnyRow> for MessageRow {
    fn from_row(row: &'r sqlx::any::AnyRow) -> sqlx::Result<Self> {
        let received_at: Option<String> = row.try_get("received_at")?;
        Ok(MessageRow {
            id: row.try_get("id")?,
            raw: row.try_get("raw")?,
            received_at: received_at.as_deref().and_then(parse_ts),
            attempts: row.try_get("attempts")?,
            backfill: row.try_get::<Flag, _>("backfill")?.into(),
            inbox: row.try_get("inbox")?,
        })
    }
}

/// Where a message was read: the inbox's public address, its mailbox, UIDVALIDITY and UID.
#[derive(Debug, Clone, Copy)]
pub struct Source<'a> {
    pub inbox: &'a str,
    pub mailbox: &'a str,
    pub uidvalidity: u32,
    pub uid: u32,
}

/// How an inbox's address keys its rows: lower-case, so `CEO@` and `ceo@` are one inbox.
fn inbox_key(address: &str) -> String {
    address.trim().to_lowercase()
}

#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct MessageInfo {
    pub id: i64,
    pub message_id: Option<String>,
    pub kind: Option<String>,
    pub sender: Option<String>,
    pub language: Option<String>,
    pub matched_by: Option<String>,
    pub received_at: String,
    pub processed_at: Option<String>,
    pub last_error: Option<String>,
}

/// A case as `qmark replay` routes it again: its first message, the decision then (the JSON
/// of its first `routed` event) and the route a person confirmed (its label), if any.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ReplayCase {
    pub id: i64,
    pub route: String,
    pub subject: String,
    pub routed: Option<String>,
    pub raw: Vec<u8>,
    pub confirmed: Option<String>,
}

/// One case as `qmark export` writes it (docs/export.md lists every field, in this order). The
/// timings are worked out by `export::with_timings`; the rest is read as it is stored, its times
/// written back in the database's own text (`ts`).
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct CaseRecord {
    pub case_id: i64,
    pub status: CaseStatus,
    pub route: String,
    pub owner: String,
    pub priority: Priority,
    pub customer: String,
    pub customer_name: Option<String>,
    pub subject: String,
    pub language: Option<String>,
    pub wants: Option<String>,
    pub problem: Option<String>,
    pub rung: i64,
    pub backfilled: bool,
    pub messages: i64,
    #[serde(serialize_with = "ser_ts")]
    pub opened_at: DateTime<Utc>,
    #[serde(serialize_with = "ser_ts")]
    pub deadline: DateTime<Utc>,
    /// When the first `?` forward was accepted by the SMTP server.
    #[serde(serialize_with = "ser_opt_ts")]
    pub first_forward_at: Option<DateTime<Utc>>,
    #[serde(serialize_with = "ser_opt_ts")]
    pub first_answer_at: Option<DateTime<Utc>>,
    /// The latest `closed` event.
    #[serde(serialize_with = "ser_opt_ts")]
    pub closed_at: Option<DateTime<Utc>>,
    pub seconds_to_first_forward: Option<i64>,
    pub seconds_to_first_answer: Option<i64>,
    pub deadline_met: Option<bool>,
}

impl<'r> sqlx::FromRow<'r, sqlx::any::AnyRow> for CaseRecord {
    fn from_row(row: &'r sqlx::any::AnyRow) -> sqlx::Result<Self> {
        Ok(CaseRecord {
            case_id: row.try_get("case_id")?,
            status: status_column(row)?,
            route: row.try_get("route")?,
            owner: row.try_get("owner")?,
            priority: priority_column(row)?,
            customer: row.try_get("customer")?,
            customer_name: row.try_get("customer_name")?,
            subject: row.try_get("subject")?,
            language: row.try_get("language")?,
            wants: row.try_get("wants")?,
            problem: row.try_get("problem")?,
            rung: row.try_get("rung")?,
            backfilled: row.try_get::<Flag, _>("backfilled")?.into(),
            messages: row.try_get("messages")?,
            opened_at: time_column(row, "opened_at")?,
            deadline: time_column(row, "deadline")?,
            first_forward_at: optional_time_column(row, "first_forward_at")?,
            first_answer_at: optional_time_column(row, "first_answer_at")?,
            closed_at: optional_time_column(row, "closed_at")?,
            seconds_to_first_forward: None,
            seconds_to_first_answer: None,
            deadline_met: None,
        })
    }
}

/// One line of a case's history as `qmark export` writes it.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, sqlx::FromRow)]
pub struct EventRecord {
    pub case_id: i64,
    pub event_id: i64,
    pub at: String,
    pub kind: String,
    pub actor: Option<String>,
    pub detail: String,
}

/// What storing a fetched message did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stored {
    New(i64),
    /// A new message whose Message-ID an earlier, different message (`earlier`) already had:
    /// another sender or other content. Stored and processed as its own message.
    Collision {
        id: i64,
        earlier: i64,
    },
    /// The same bytes, or the same Message-ID with the same sender and content
    /// (`mail::content_key`), as a message already stored.
    Duplicate,
}

pub struct NewCase<'a> {
    /// The case number, chosen by the caller inside its write transaction (`next_case_id`).
    pub id: i64,
    pub token: &'a str,
    pub route: &'a str,
    pub owner: &'a str,
    pub priority: Priority,
    pub customer_address: &'a str,
    pub customer_name: Option<&'a str>,
    pub subject: &'a str,
    pub opened_at: DateTime<Utc>,
    pub deadline: DateTime<Utc>,
    pub escalate_to: &'a str,
    pub language: Option<&'a str>,
    pub subject_key: &'a str,
    pub wants: Option<&'a str>,
    pub problem: Option<&'a str>,
    /// The public address the case came in on (migration 0014).
    pub inbox: &'a str,
}

pub struct NewOutbox<'a> {
    pub dedupe_key: &'a str,
    pub case_id: Option<i64>,
    pub purpose: &'a str,
    pub message_id: &'a str,
    pub envelope_from: &'a str,
    pub recipients: &'a [String],
    pub body: &'a [u8],
    /// Not sent before this (the caps or the recipient's working hours); None: now.
    pub not_before: Option<DateTime<Utc>>,
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// The query behind `Store::facts`: every case whose `$column` lies in `[$1, $2)`, as one JSON
/// array of `CaseFacts` tuples (one row: sqlx's per-row cost was most of the digest's time).
/// SQLite's and PostgreSQL's JSON functions differ: (SQLite, PostgreSQL).
macro_rules! facts_between {
    ($column:literal) => {
        (
            concat!(
                "SELECT json_group_array(json_array(id, route, owner, customer_address, ",
                "opened_at, deadline, first_answered_at, answered_at, status)) FROM cases WHERE ",
                $column,
                " >= $1 AND ",
                $column,
                " < $2"
            ),
            concat!(
                "SELECT COALESCE(json_agg(json_build_array(id, route, owner, customer_address, ",
                "opened_at, deadline, first_answered_at, answered_at, status))::text, '[]') FROM cases WHERE ",
                $column,
                " >= $1 AND ",
                $column,
                " < $2"
            ),
        )
    };
}

impl Store {
    /// Open (creating if needed) and migrate the database.
    pub async fn open(url: &str) -> Result<Store> {
        // Issue 11: the reply secret lives here; made 0600 by us, not 0644 & ~umask by SQLite.
        let file = crate::dbfiles::database_file(url);
        if let Some(file) = &file {
            crate::dbfiles::create_private(file)?;
        }
        let migrating = file
            .as_deref()
            .map(crate::dbfiles::lock_for_migrations)
            .transpose()?;
        let (pool, sent_marks, backend) = connect::open(url).await?;
        drop(migrating);
        if let Some(file) = &file {
            crate::dbfiles::tighten_side_files(file)?;
        }
        Ok(Store {
            pool,
            sent_marks,
            backend,
            fence: std::sync::Arc::default(),
        })
    }

    /// Open an existing database for reading only (`qmark replay`, `qmark export`): the
    /// database itself refuses any write, so these commands cannot change it, and nothing is
    /// migrated. A database at an older schema is refused with the command that upgrades it.
    pub async fn open_read_only(url: &str) -> Result<Store> {
        Store::read_only(url, false).await
    }

    /// `open_read_only`, with `long_reads` as `connect::open_read_only` takes it.
    async fn read_only(url: &str, long_reads: bool) -> Result<Store> {
        let (pool, backend) = connect::open_read_only(url, long_reads).await?;
        let applied: Option<i64> =
            sqlx::query_scalar("SELECT MAX(version) FROM _sqlx_migrations WHERE success")
                .fetch_one(&pool)
                .await
                .ok()
                .flatten();
        let expected = backend
            .migrations()
            .iter()
            .map(|m| m.version)
            .max()
            .unwrap_or(0);
        match applied {
            Some(v) if v == expected => {}
            // No migration table at all: another program's database, an empty one, or not a
            // database. `qmark check` would create qmark's tables there, so it is not the
            // advice (a README-only attacker's finding).
            None => anyhow::bail!(
                "{} is not a qmark database (it has no qmark schema); check the URL, or point qmark run at it first if it is meant to become one",
                connect::shown(url)
            ),
            Some(v) if v > expected => anyhow::bail!(
                "database {} is at schema {v}, newer than this qmark knows ({expected}); use the qmark version that upgraded it",
                connect::shown(url)
            ),
            Some(v) => anyhow::bail!(
                "database {} is at schema {v} and this qmark needs {expected}; run `qmark check` once to upgrade it",
                connect::shown(url)
            ),
        }
        Ok(Store {
            sent_marks: pool.clone(),
            pool,
            backend,
            fence: std::sync::Arc::default(),
        })
    }

    /// Which database this store speaks to.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Every case opened since `since` with what replay needs, oldest first.
    pub async fn replay_cases(&self, since: DateTime<Utc>) -> Result<Vec<ReplayCase>> {
        sqlx::query_as(
            "SELECT c.id, c.route, c.subject,
                    (SELECT e.detail FROM case_events e
                      WHERE e.case_id = c.id AND e.kind = 'routed' ORDER BY e.id LIMIT 1) AS routed,
                    r.raw, l.route AS confirmed
             FROM cases c
             JOIN messages m ON m.id = (SELECT MIN(id) FROM messages WHERE case_id = c.id)
             JOIN raw_messages r ON r.message_id = m.id
             LEFT JOIN labels l ON l.message_id = m.id
             WHERE c.opened_at >= $1
             ORDER BY c.id",
        )
        .bind(ts(since))
        .fetch_all(&self.pool)
        .await
        .context("reading the cases to replay")
    }

    /// Every case opened since `since`, as `qmark export` writes it, by number.
    pub async fn export_cases(&self, since: DateTime<Utc>) -> Result<Vec<CaseRecord>> {
        sqlx::query_as(
            "SELECT c.id AS case_id, c.status, c.route, c.owner, c.priority,
                    c.customer_address AS customer,
                    c.customer_name, c.subject, c.language, c.wants, c.problem, c.rung,
                    EXISTS (SELECT 1 FROM case_events e
                             WHERE e.case_id = c.id AND e.kind = 'backfilled') AS backfilled,
                    (SELECT COUNT(*) FROM messages m WHERE m.case_id = c.id) AS messages,
                    c.opened_at, c.deadline,
                    (SELECT MIN(o.sent_at) FROM outbox o
                      WHERE o.case_id = c.id AND o.purpose = 'forward' AND o.status = 'sent')
                      AS first_forward_at,
                    c.first_answered_at AS first_answer_at,
                    (SELECT MAX(e.at) FROM case_events e
                      WHERE e.case_id = c.id AND e.kind = 'closed') AS closed_at
             FROM cases c WHERE c.opened_at >= $1 ORDER BY c.id",
        )
        .bind(ts(since))
        .fetch_all(&self.pool)
        .await
        .context("reading the cases to export")
    }

    /// The history of every case opened since `since`, by case then order.
    pub async fn export_events(&self, since: DateTime<Utc>) -> Result<Vec<EventRecord>> {
        sqlx::query_as(
            "SELECT e.case_id, e.id AS event_id, e.at, e.kind, e.actor, e.detail
             FROM case_events e JOIN cases c ON c.id = e.case_id
             WHERE c.opened_at >= $1 ORDER BY e.case_id, e.id",
        )
        .bind(ts(since))
        .fetch_all(&self.pool)
        .await
        .context("reading the case events to export")
    }

    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// A write transaction that keeps every other writer out from its start: SQLite's write
    /// lock taken up front, or PostgreSQL's transaction-scoped advisory lock `WRITE_LOCK`.
    /// Who leads a PostgreSQL database (None on SQLite, or before any `qmark run` led it).
    pub async fn leader(&self) -> Result<Option<leader::LeaderStatus>> {
        match self.backend {
            Backend::Sqlite => Ok(None),
            Backend::Postgres => leader::status(&self.pool).await,
        }
    }

    /// From now on, write only while `token` is the recorded leader (see leader.rs).
    pub fn fence(&self, token: &str) {
        let _ = self.fence.set(token.to_string());
    }

    pub async fn write(&self) -> Result<Tx> {
        match self.backend {
            Backend::Sqlite => self
                .pool
                .begin_with("BEGIN IMMEDIATE")
                .await
                .context("starting a write transaction"),
            Backend::Postgres => {
                let mut tx = self
                    .pool
                    .begin()
                    .await
                    .context("starting a write transaction")?;
                sqlx::query("SELECT 1 FROM pg_advisory_xact_lock($1)")
                    .bind(connect::WRITE_LOCK)
                    .execute(&mut *tx)
                    .await
                    .context("waiting for the other writer to finish")?;
                if let Some(token) = self.fence.get() {
                    // A statement of its own: one statement's snapshot predates the lock wait,
                    // and would miss a takeover committed while it waited.
                    let leading: Option<String> =
                        sqlx::query_scalar("SELECT token FROM run_leader WHERE id = 1")
                            .fetch_optional(&mut *tx)
                            .await
                            .context("checking this qmark still leads")?;
                    if leading.as_deref() != Some(token.as_str()) {
                        anyhow::bail!(
                            "this qmark no longer leads the database: another qmark run took over; \
                             nothing was written"
                        );
                    }
                }
                Ok(tx)
            }
        }
    }

    // ---- mailbox cursor and raw messages -----------------------------------------------------

    /// Where ingest stopped in `inbox`'s `mailbox`. The first inbox (`first`) adopts the one
    /// cursor a database from before several inboxes kept (migration 0014), until it writes
    /// its own.
    pub async fn cursor(
        &self,
        inbox: &str,
        mailbox: &str,
        first: bool,
    ) -> Result<Option<(u32, u32)>> {
        let row = sqlx::query(
            "SELECT uidvalidity, last_uid FROM inbox_cursor
             WHERE mailbox = $1 AND (inbox = $2 OR (inbox = '' AND $3))
             ORDER BY inbox DESC LIMIT 1",
        )
        .bind(mailbox)
        .bind(inbox_key(inbox))
        .bind(first)
        .fetch_optional(&self.pool)
        .await
        .context("reading the mailbox cursor")?;
        Ok(row.map(|r| {
            (
                u32::try_from(r.get::<i64, _>(0)).unwrap_or(0),
                u32::try_from(r.get::<i64, _>(1)).unwrap_or(0),
            )
        }))
    }

    pub async fn messages_to_process(&self, limit: i64) -> Result<Vec<MessageRow>> {
        sqlx::query_as(
            "SELECT m.id, r.raw, m.received_at, m.attempts, m.backfill != 0 AS backfill, m.inbox
             FROM messages m JOIN raw_messages r ON r.message_id = m.id
             WHERE m.processed_at IS NULL ORDER BY m.id LIMIT $1",
        )
        .bind(limit)
        .fetch_all(&self.pool)
        .await
        .context("selecting messages to process")
    }

    // ---- cases --------------------------------------------------------------------------------

    pub async fn case(&self, id: i64) -> Result<Option<CaseRow>> {
        case(&self.pool, id).await
    }

    pub async fn case_by_token(&self, token: &str) -> Result<Option<CaseRow>> {
        sqlx::query_as("SELECT * FROM cases WHERE token = $1")
            .bind(token)
            .fetch_optional(&self.pool)
            .await
            .context("finding a case by its token")
    }

    pub async fn list_cases(
        &self,
        status: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<Vec<CaseRow>> {
        let rows = match status {
            None => {
                sqlx::query_as("SELECT * FROM cases ORDER BY id")
                    .fetch_all(&self.pool)
                    .await
            }
            Some("overdue") => sqlx::query_as(
                "SELECT * FROM cases WHERE status = 'open' AND deadline <= $1 ORDER BY deadline",
            )
            .bind(ts(now))
            .fetch_all(&self.pool)
            .await,
            Some(s) => {
                sqlx::query_as("SELECT * FROM cases WHERE status = $1 ORDER BY id")
                    .bind(s)
                    .fetch_all(&self.pool)
                    .await
            }
        };
        rows.context("listing cases")
    }

    /// Open cases past their deadline that have not yet climbed to `rung`.
    pub async fn cases_due_for_rung(&self, rung: i64, now: DateTime<Utc>) -> Result<Vec<CaseRow>> {
        sqlx::query_as(
            "SELECT * FROM cases WHERE status = 'open' AND deadline <= $1 AND rung < $2 ORDER BY deadline",
        )
        .bind(ts(now))
        .bind(rung)
        .fetch_all(&self.pool)
        .await
        .context("selecting cases due for escalation")
    }

    pub async fn events(&self, case_id: i64) -> Result<Vec<EventRow>> {
        sqlx::query_as(
            "SELECT id, at, kind, actor, message_id, detail FROM case_events WHERE case_id = $1 ORDER BY id",
        )
        .bind(case_id)
        .fetch_all(&self.pool)
        .await
        .context("reading a case's history")
    }

    pub async fn case_outbox(&self, case_id: i64) -> Result<Vec<OutboxRow>> {
        sqlx::query_as("SELECT * FROM outbox WHERE case_id = $1 ORDER BY id")
            .bind(case_id)
            .fetch_all(&self.pool)
            .await
            .context("reading a case's outgoing mail")
    }

    pub async fn case_messages(&self, case_id: i64) -> Result<Vec<MessageInfo>> {
        sqlx::query_as(
            "SELECT id, message_id, kind, sender, language, matched_by, received_at, processed_at, last_error FROM messages WHERE case_id = $1 ORDER BY id",
        )
        .bind(case_id)
        .fetch_all(&self.pool)
        .await
        .context("reading a case's messages")
    }

    pub async fn message_raw(&self, id: i64) -> Result<Option<Vec<u8>>> {
        sqlx::query_scalar("SELECT raw FROM raw_messages WHERE message_id = $1")
            .bind(id)
            .fetch_optional(&self.pool)
            .await
            .context("reading a raw message")
    }

    /// The first message of a case (the complaint itself).
    pub async fn first_message_id(&self, case_id: i64) -> Result<Option<i64>> {
        sqlx::query_scalar("SELECT MIN(id) FROM messages WHERE case_id = $1")
            .bind(case_id)
            .fetch_one(&self.pool)
            .await
            .context("finding a case's first message")
    }

    /// When a case's answer clock last restarted (`last_reopened`), if ever.
    pub async fn reopened_at(&self, case_id: i64) -> Result<Option<DateTime<Utc>>> {
        last_reopened(&self.pool, case_id).await
    }

    /// The open cases that may have reminder or rung work at `now`: their stored
    /// `next_due_at` (migration 0007) has come, or is not worked out yet (''). Served by the
    /// partial index `cases_next_due`, so the daemon's every wake reads these few rows and not
    /// every open case.
    pub async fn due_cases(&self, now: DateTime<Utc>) -> Result<Vec<CaseRow>> {
        sqlx::query_as(
            "SELECT * FROM cases WHERE status = 'open' AND next_due_at <= $1 ORDER BY id",
        )
        .bind(ts(now))
        .fetch_all(&self.pool)
        .await
        .context("selecting the cases with reminder or rung work due")
    }

    /// `reopened_at` for every case `due_cases` returns, in one query instead of one per case.
    /// Served by `case_events_case_kind` (migration 0006).
    pub async fn due_reopenings(
        &self,
        now: DateTime<Utc>,
    ) -> Result<std::collections::HashMap<i64, DateTime<Utc>>> {
        let rows: Vec<(i64, String)> = sqlx::query_as(
            "SELECT e.case_id, MAX(e.at) FROM cases c JOIN case_events e ON e.case_id = c.id
             WHERE c.status = 'open' AND c.next_due_at <= $1
               AND e.kind IN ('reopened', 'reassigned', 'resumed')
             GROUP BY e.case_id",
        )
        .bind(ts(now))
        .fetch_all(&self.pool)
        .await
        .context("finding when the cases with work due were reopened")?;
        Ok(rows
            .into_iter()
            .filter_map(|(id, at)| parse_ts(&at).map(|t| (id, t)))
            .collect())
    }

    /// The earliest stored `next_due_at` after `now` of any open case.
    pub async fn next_due_after(&self, now: DateTime<Utc>) -> Result<Option<DateTime<Utc>>> {
        time_scalar(
            sqlx::query_scalar(
                "SELECT MIN(next_due_at) FROM cases WHERE status = 'open' AND next_due_at > $1",
            )
            .bind(ts(now)),
            &self.pool,
            "finding the next reminder or rung due",
        )
        .await
    }

    /// Have every open case's `next_due_at` worked out again by the next pass: what it was
    /// worked out from (calendars, deadlines, reminders) changed in the config.
    pub async fn recompute_due(&self, fingerprint: &str) -> Result<()> {
        let mut tx = self.write().await?;
        sqlx::query("UPDATE cases SET next_due_at = '' WHERE status = 'open'")
            .execute(&mut *tx)
            .await
            .context("marking every open case's next due time for recomputing")?;
        put_setting(&mut *tx, "due_clock", fingerprint)
            .await
            .context("recording what next due times are worked out from")?;
        tx.commit()
            .await
            .context("committing the recomputing of next due times")
    }

    // ---- outbox -------------------------------------------------------------------------------

    pub async fn due_outbox(&self, now: DateTime<Utc>, limit: i64) -> Result<Vec<OutboxRow>> {
        sqlx::query_as(
            "SELECT * FROM outbox WHERE status = 'pending' AND next_attempt_at <= $1 ORDER BY id LIMIT $2",
        )
        .bind(ts(now))
        .bind(limit)
        .fetch_all(&self.pool)
        .await
        .context("selecting due outbox rows")
    }

    /// The earliest time a pending outbox row becomes due, for the sender to sleep until.
    pub async fn next_outbox_due(&self) -> Result<Option<DateTime<Utc>>> {
        let next: Option<String> =
            sqlx::query_scalar("SELECT MIN(next_attempt_at) FROM outbox WHERE status = 'pending'")
                .fetch_one(&self.pool)
                .await
                .context("finding the next outbox row due")?;
        Ok(next.as_deref().and_then(parse_ts))
    }

    /// Record the server's 250. Committed without waiting for the disk (`synchronous=NORMAL`,
    /// WAL): a process crash keeps it, only a power cut can lose it, and then the row is still
    /// marked in flight (that mark was committed with FULL before the send), so it is *in
    /// doubt* and the journal settles it (see journal.rs) as after a crash between the 250
    /// and this mark. One fsync per sent mail was half the sender's time (issue 6, forward).
    pub async fn outbox_sent(&self, id: i64, now: DateTime<Utc>) -> Result<()> {
        sqlx::query("UPDATE outbox SET status = 'sent', sent_at = $1, attempts = attempts + 1, last_error = NULL WHERE id = $2")
            .bind(ts(now))
            .bind(id)
            .execute(&self.sent_marks)
            .await
            .context("marking an outbox row sent")?;
        Ok(())
    }

    pub async fn outbox_retry(&self, id: i64, next: DateTime<Utc>, error: &str) -> Result<()> {
        sqlx::query("UPDATE outbox SET attempts = attempts + 1, next_attempt_at = $1, last_error = $2 WHERE id = $3")
            .bind(ts(next))
            .bind(error)
            .bind(id)
            .execute(&self.pool)
            .await
            .context("scheduling an outbox retry")?;
        Ok(())
    }

    /// A permanent failure: the row stops and the case's history says so.
    pub async fn outbox_failed(
        &self,
        row: &OutboxRow,
        error: &str,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let mut tx = self.write().await?;
        sqlx::query("UPDATE outbox SET status = 'failed', attempts = attempts + 1, last_error = $1 WHERE id = $2")
            .bind(error)
            .bind(row.id)
            .execute(&mut *tx)
            .await
            .context("marking an outbox row failed")?;
        if let Some(case_id) = row.case_id {
            insert_event(
                &mut tx,
                case_id,
                now,
                "send_failed",
                None,
                None,
                &format!(
                    "{} to {} failed for good: {error}",
                    row.purpose, row.recipients
                ),
            )
            .await?;
        }
        tx.commit().await.context("committing an outbox failure")?;
        Ok(())
    }

    pub async fn outbox_counts(&self) -> Result<(i64, i64, i64)> {
        let r = sqlx::query(
            "SELECT COUNT(*) FILTER (WHERE status = 'pending'), COUNT(*) FILTER (WHERE status = 'sent'),
                    COUNT(*) FILTER (WHERE status = 'failed') FROM outbox",
        )
        .fetch_one(&self.pool)
        .await
        .context("counting outbox rows")?;
        Ok((r.get(0), r.get(1), r.get(2)))
    }

    pub async fn setting(&self, key: &str) -> Result<Option<String>> {
        sqlx::query_scalar("SELECT value FROM settings WHERE key = $1")
            .bind(key)
            .fetch_optional(&self.pool)
            .await
            .context("reading a setting")
    }

    /// Set a setting unless it is already set; returns the value in force.
    pub async fn setting_default(&self, key: &str, value: &str) -> Result<String> {
        sqlx::query(
            "INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING",
        )
        .bind(key)
        .bind(value)
        .execute(&self.pool)
        .await
        .context("writing a setting")?;
        Ok(self
            .setting(key)
            .await?
            .unwrap_or_else(|| value.to_string()))
    }

    /// A time setting, set to `value` unless already set; the time in force. A stored text that
    /// is no time (edited by hand) counts as `value`, the same as a fresh installation.
    pub async fn time_setting_default(
        &self,
        key: &str,
        value: DateTime<Utc>,
    ) -> Result<DateTime<Utc>> {
        let text = self.setting_default(key, &ts(value)).await?;
        Ok(parse_ts(&text).unwrap_or(value))
    }

    /// Set a setting, replacing any value.
    pub async fn set_setting(&self, key: &str, value: &str) -> Result<()> {
        put_setting(&self.pool, key, value).await
    }

    pub async fn delete_setting(&self, key: &str) -> Result<()> {
        execute(
            sqlx::query("DELETE FROM settings WHERE key = $1").bind(key),
            &self.pool,
            "deleting a setting",
        )
        .await
    }

    // ---- digest -------------------------------------------------------------------------------

    pub async fn digest_done(&self, scheduled_at: DateTime<Utc>) -> Result<bool> {
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM digests WHERE scheduled_at = $1")
            .bind(ts(scheduled_at))
            .fetch_one(&self.pool)
            .await
            .context("checking whether a digest was sent")?;
        Ok(n > 0)
    }

    pub async fn digest_done_for(
        &self,
        scheduled_at: DateTime<Utc>,
        recipient: &str,
    ) -> Result<bool> {
        let n: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM digests WHERE scheduled_at = $1 AND recipient = $2",
        )
        .bind(ts(scheduled_at))
        .bind(recipient)
        .fetch_one(&self.pool)
        .await
        .context("checking whether a recipient's digest was sent")?;
        Ok(n > 0)
    }

    pub async fn last_digest_for(&self, recipient: &str) -> Result<Option<DateTime<Utc>>> {
        time_scalar(
            sqlx::query_scalar("SELECT MAX(scheduled_at) FROM digests WHERE recipient = $1")
                .bind(recipient),
            &self.pool,
            "finding a recipient's last digest",
        )
        .await
    }

    pub async fn last_digest(&self) -> Result<Option<DateTime<Utc>>> {
        // Department reports are recorded as `department:<route>:<manager>`; they are not the
        // executives' digest.
        time_scalar(
            sqlx::query_scalar(
                "SELECT MAX(scheduled_at) FROM digests WHERE recipient NOT LIKE 'department:%'",
            ),
            &self.pool,
            "finding the last digest",
        )
        .await
    }

    pub async fn cases_opened_between(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<CaseRow>> {
        sqlx::query_as("SELECT * FROM cases WHERE opened_at >= $1 AND opened_at < $2 ORDER BY id")
            .bind(ts(from))
            .bind(ts(to))
            .fetch_all(&self.pool)
            .await
            .context("selecting new cases for the digest")
    }

    /// `CaseFacts` of the cases opened in `[from, to)`, in case order.
    pub async fn facts_opened_between(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<CaseFacts>> {
        self.facts(facts_between!("opened_at"), from, to)
            .await
            .context("selecting the weeks of new cases the digest reports on")
    }

    /// `CaseFacts` of the cases whose answer deadline fell in `[from, to)`, whatever their
    /// status now, in case order.
    pub async fn facts_due_between(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<CaseFacts>> {
        self.facts(facts_between!("deadline"), from, to)
            .await
            .context("selecting the cases due in two weeks the digest reports on")
    }

    /// The `CaseFacts` a `json_group_array` query over `[from, to)` selects, in case order. One
    /// JSON array in one row: sqlx hands each row from its SQLite thread to the caller on its
    /// own (~5–15 µs a row), and the digest reads tens of thousands of cases.
    async fn facts(
        &self,
        (sqlite, postgres): (&'static str, &'static str),
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<CaseFacts>> {
        let sql = match self.backend {
            Backend::Sqlite => sqlite,
            Backend::Postgres => postgres,
        };
        let json: String = sqlx::query_scalar(sql)
            .bind(ts(from))
            .bind(ts(to))
            .fetch_one(&self.pool)
            .await?;
        let mut facts: Vec<CaseFacts> =
            serde_json::from_str(&json).context("decoding the cases' facts")?;
        facts.sort_by_key(|c| c.id);
        Ok(facts)
    }

    pub async fn cases_answered_between(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<CaseRow>> {
        sqlx::query_as(
            "SELECT * FROM cases WHERE first_answered_at >= $1 AND first_answered_at < $2 ORDER BY id",
        )
        .bind(ts(from))
        .bind(ts(to))
        .fetch_all(&self.pool)
        .await
        .context("selecting answered cases for the digest")
    }

    /// Who gave each of `ids` its first answer (the `answered` event's actor): the owner, or
    /// the manager or executive who answered instead.
    pub async fn first_answerers(
        &self,
        ids: &[i64],
    ) -> Result<std::collections::HashMap<i64, String>> {
        let ids = serde_json::to_string(ids).context("encoding case ids")?;
        let sql = match self.backend {
            Backend::Sqlite => {
                "SELECT case_id, actor FROM case_events WHERE kind = 'answered' AND actor IS NOT NULL
                   AND case_id IN (SELECT value FROM json_each($1)) ORDER BY id DESC"
            }
            Backend::Postgres => {
                "SELECT case_id, actor FROM case_events WHERE kind = 'answered' AND actor IS NOT NULL
                   AND case_id IN (SELECT value::bigint FROM json_array_elements_text($1::json))
                 ORDER BY id DESC"
            }
        };
        let rows: Vec<(i64, String)> = sqlx::query_as(sql)
            .bind(ids)
            .fetch_all(&self.pool)
            .await
            .context("reading who answered the digest's cases")?;
        // Newest first, so the first answer is the last one inserted.
        Ok(rows.into_iter().collect())
    }

    /// The subject and first message (the complaint) of each of `ids`, in one query: the
    /// digest quotes up to 2,000 of them.
    pub async fn complaints(
        &self,
        ids: &[i64],
    ) -> Result<std::collections::HashMap<i64, (String, Option<Vec<u8>>)>> {
        let ids = serde_json::to_string(ids).context("encoding case ids")?;
        // The ids travel as one JSON array; the two databases unpack it with their own words.
        let sql = match self.backend {
            Backend::Sqlite => {
                "SELECT c.id, c.subject,
                    (SELECT r.raw FROM raw_messages r WHERE r.message_id =
                       (SELECT MIN(m.id) FROM messages m WHERE m.case_id = c.id))
                 FROM cases c WHERE c.id IN (SELECT value FROM json_each($1))"
            }
            Backend::Postgres => {
                "SELECT c.id, c.subject,
                    (SELECT r.raw FROM raw_messages r WHERE r.message_id =
                       (SELECT MIN(m.id) FROM messages m WHERE m.case_id = c.id))
                 FROM cases c WHERE c.id IN (SELECT value::bigint FROM json_array_elements_text($1::json))"
            }
        };
        let rows: Vec<(i64, String, Option<Vec<u8>>)> = sqlx::query_as(sql)
            .bind(ids)
            .fetch_all(&self.pool)
            .await
            .context("reading the complaints the digest quotes")?;
        Ok(rows
            .into_iter()
            .map(|(id, s, raw)| (id, (s, raw)))
            .collect())
    }

    /// The customers' follow-ups in `[from, to)`: (case, customer).
    pub async fn follow_ups_between(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<(i64, String)>> {
        sqlx::query_as(
            "SELECT e.case_id, c.customer_address FROM case_events e JOIN cases c ON c.id = e.case_id
             WHERE e.kind = 'follow_up' AND e.at >= $1 AND e.at < $2 ORDER BY e.id",
        )
        .bind(ts(from))
        .bind(ts(to))
        .fetch_all(&self.pool)
        .await
        .context("selecting follow-ups for the digest")
    }

    /// The latest action of a person on every open case: (case, at): the customer writing, the
    /// owner answering or commanding, an executive acting. qmark's own steps (`escalated`,
    /// `reminded`, `forward_queued`, `held`, …) and automatic mail (`auto_reply`, `owner_away`,
    /// `bounce`) are not activity: a case nobody touched for a day must say so.
    pub async fn open_cases_last_activity(&self) -> Result<Vec<(i64, DateTime<Utc>)>> {
        let rows: Vec<(i64, String)> = sqlx::query_as(
            "SELECT e.case_id, MAX(e.at) FROM case_events e JOIN cases c ON c.id = e.case_id
             WHERE c.status = 'open' AND e.kind IN ('opened', 'follow_up', 'reopened',
               'answered', 'holding_reply', 'reassigned', 'waiting', 'closed', 'note',
               'command_error', 'bumped')
             GROUP BY e.case_id",
        )
        .fetch_all(&self.pool)
        .await
        .context("finding the last activity of open cases")?;
        // A time that does not parse is no activity seen, as for a case with no event.
        Ok(rows
            .into_iter()
            .filter_map(|(id, at)| Some((id, parse_ts(&at)?)))
            .collect())
    }

    pub async fn set_aside_between(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> Result<i64> {
        sqlx::query_scalar(
            "SELECT COUNT(*) FROM messages WHERE kind IN ('auto_reply', 'bounce', 'bulk') AND received_at >= $1 AND received_at < $2",
        )
        .bind(ts(from))
        .bind(ts(to))
        .fetch_one(&self.pool)
        .await
        .context("counting automatic mail for the digest")
    }
}

// ---- statements that run inside a caller's transaction -------------------------------------------

/// Store a fetched message. A copy of a stored message is not stored again: the same bytes, or
/// the same Message-ID from the same sender with the same content (a copy re-delivered through
/// another path differs only in its trace headers). A Message-ID alone proves nothing, since
/// anyone can write any Message-ID: a different message reusing one is stored as its own.
/// Takes the bytes by value so SQLite gets them without another copy (large messages).
pub async fn insert_message(
    conn: &mut AnyConnection,
    raw: Vec<u8>,
    message_id: Option<&str>,
    source: Option<Source<'_>>,
    now: DateTime<Utc>,
) -> Result<Stored> {
    let one = NewMessage {
        raw,
        message_id: message_id.map(str::to_string),
        source,
        backfill: false,
    };
    let stored = insert_messages(conn, vec![one], now).await?;
    stored
        .into_iter()
        .next()
        .context("storing a message returned nothing")
}

async fn stored_raw(conn: &mut AnyConnection, id: i64) -> Result<Option<Vec<u8>>> {
    sqlx::query_scalar("SELECT raw FROM raw_messages WHERE message_id = $1")
        .bind(id)
        .fetch_optional(&mut *conn)
        .await
        .context("reading a stored message")
}

/// A case opened quietly by backfill now waits for its owner's summary.
pub async fn set_summary_due(conn: &mut AnyConnection, case_id: i64, due: bool) -> Result<()> {
    execute(
        sqlx::query("UPDATE cases SET summary_due = $1 WHERE id = $2")
            .bind(i64::from(due))
            .bind(case_id),
        &mut *conn,
        "recording a case's backfill summary",
    )
    .await
}

/// Cases opened by backfill that no summary has listed yet, by owner then number.
pub async fn cases_summary_due(conn: &mut AnyConnection) -> Result<Vec<CaseRow>> {
    sqlx::query_as("SELECT * FROM cases WHERE summary_due = 1 ORDER BY owner, id")
        .fetch_all(&mut *conn)
        .await
        .context("reading the cases a backfill summary is due for")
}

/// The public address case `case_id` came in on; None for a case from before migration 0014
/// (or no such case): the first inbox's.
pub async fn case_inbox(conn: &mut AnyConnection, case_id: i64) -> Result<Option<String>> {
    let inbox: Option<Option<String>> = sqlx::query_scalar("SELECT inbox FROM cases WHERE id = $1")
        .bind(case_id)
        .fetch_optional(&mut *conn)
        .await
        .context("reading the public address a case came in on")?;
    Ok(inbox.flatten())
}

/// Advance `inbox`'s cursor in `mailbox`; the cursor kept from before several inboxes (see
/// `Store::cursor`) is then the first inbox's no more.
/// `at.uid` is the last UID stored.
pub async fn set_cursor(conn: &mut AnyConnection, at: Source<'_>, first: bool) -> Result<()> {
    let Source {
        inbox,
        mailbox,
        uidvalidity,
        uid: last_uid,
    } = at;
    if first {
        sqlx::query("DELETE FROM inbox_cursor WHERE inbox = '' AND mailbox = $1")
            .bind(mailbox)
            .execute(&mut *conn)
            .await
            .context("retiring the cursor from before several inboxes")?;
    }
    execute(
        sqlx::query(
            "INSERT INTO inbox_cursor (inbox, mailbox, uidvalidity, last_uid) VALUES ($1, $2, $3, $4)
         ON CONFLICT (inbox, mailbox) DO UPDATE SET uidvalidity = excluded.uidvalidity, last_uid = excluded.last_uid",
        )
        .bind(inbox_key(inbox))
        .bind(mailbox)
        .bind(i64::from(uidvalidity))
        .bind(i64::from(last_uid)),
        &mut *conn,
        "advancing the mailbox cursor",
    )
    .await
}

pub async fn mark_processed(
    conn: &mut AnyConnection,
    message: i64,
    kind: &str,
    case_id: Option<i64>,
    now: DateTime<Utc>,
) -> Result<()> {
    execute(
        sqlx::query(
            "UPDATE messages SET processed_at = $1, kind = $2, case_id = $3, last_error = NULL WHERE id = $4",
        )
        .bind(ts(now))
        .bind(kind)
        .bind(case_id)
        .bind(message),
        &mut *conn,
        "marking a message processed",
    )
    .await
}

/// The number the next case will get. Only meaningful inside a write transaction (`BEGIN
/// IMMEDIATE`), which keeps every other writer out until it ends.
pub async fn next_case_id(conn: &mut AnyConnection) -> Result<i64> {
    sqlx::query_scalar("SELECT COALESCE(MAX(id), 0) + 1 FROM cases")
        .fetch_one(&mut *conn)
        .await
        .context("choosing the next case number")
}

/// Create a case with the first entries of its history: one round trip to SQLite's thread
/// (two statements), where each round trip costs two thread wake-ups.
pub async fn insert_case(
    conn: &mut AnyConnection,
    c: &NewCase<'_>,
    at: DateTime<Utc>,
    events: &[NewEvent<'_>],
) -> Result<()> {
    let mut q = sql::Sql::new(
        "INSERT INTO cases (id, token, status, route, owner, priority, customer_address, customer_name,
                            subject, opened_at, deadline, escalate_to, rung, updated_at, language,
                            subject_key, wants, problem, inbox) ",
    );
    q.values(std::iter::once(c), |row, c| {
        row.bind(c.id)
            .bind(c.token)
            .bind("open")
            .bind(c.route)
            .bind(c.owner)
            .bind(c.priority.as_str())
            .bind(c.customer_address)
            .bind(c.customer_name)
            .bind(c.subject)
            .bind(ts(c.opened_at))
            .bind(ts(c.deadline))
            .bind(c.escalate_to)
            .bind(0_i64)
            .bind(ts(c.opened_at))
            .bind(c.language)
            .bind(c.subject_key)
            .bind(c.wants)
            .bind(c.problem)
            .bind(inbox_key(c.inbox));
    });
    // SQLite takes both statements in one round trip; PostgreSQL prepares one statement at a
    // time.
    let together = !events.is_empty() && is_sqlite(conn);
    if together {
        q.push("; ");
        push_events(&mut q, at, events);
    }
    q.query()?
        .execute(&mut *conn)
        .await
        .context("creating a case")?;
    if !together {
        insert_events(conn, at, events).await?;
    }
    Ok(())
}

/// Whether `conn` speaks to SQLite (the few statements written twice ask).
fn is_sqlite(conn: &AnyConnection) -> bool {
    conn.backend_name() == "SQLite"
}

/// One line of a case's history, said where it happens:
/// `Event::on(case.id, "closed").by(owner).about(message).record(conn, now, "why")`.
#[derive(Debug, Clone, Copy)]
pub struct Event<'a> {
    case_id: i64,
    kind: &'a str,
    actor: Option<&'a str>,
    message: Option<i64>,
}

impl<'a> Event<'a> {
    pub fn on(case_id: i64, kind: &'a str) -> Self {
        Event {
            case_id,
            kind,
            actor: None,
            message: None,
        }
    }

    /// Who did it (a person's address), when someone did.
    pub fn by(self, actor: &'a str) -> Self {
        self.by_maybe(Some(actor))
    }

    pub fn by_maybe(self, actor: Option<&'a str>) -> Self {
        Event { actor, ..self }
    }

    /// The stored message that caused it.
    pub fn about(self, message: i64) -> Self {
        self.about_maybe(Some(message))
    }

    pub fn about_maybe(self, message: Option<i64>) -> Self {
        Event { message, ..self }
    }

    pub async fn record(
        self,
        conn: &mut AnyConnection,
        at: DateTime<Utc>,
        detail: &str,
    ) -> Result<()> {
        insert_event(
            conn,
            self.case_id,
            at,
            self.kind,
            self.actor,
            self.message,
            detail,
        )
        .await
    }
}

async fn insert_event(
    conn: &mut AnyConnection,
    case_id: i64,
    at: DateTime<Utc>,
    kind: &str,
    actor: Option<&str>,
    message: Option<i64>,
    detail: &str,
) -> Result<()> {
    execute(
        sqlx::query(
            "INSERT INTO case_events (case_id, at, kind, actor, message_id, detail) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(case_id)
        .bind(ts(at))
        .bind(kind)
        .bind(actor)
        .bind(message)
        .bind(detail),
        &mut *conn,
        "recording a case event",
    )
    .await
}

/// One entry of a case's history, for `insert_events`.
pub struct NewEvent<'a> {
    pub case_id: i64,
    pub kind: &'a str,
    pub actor: Option<&'a str>,
    pub message: Option<i64>,
    pub detail: String,
}

/// Several history entries in one statement, in order (each statement is a round trip to
/// SQLite's thread; opening a case records four or five).
pub async fn insert_events(
    conn: &mut AnyConnection,
    at: DateTime<Utc>,
    events: &[NewEvent<'_>],
) -> Result<()> {
    if events.is_empty() {
        return Ok(());
    }
    let mut q = sql::Sql::new("");
    push_events(&mut q, at, events);
    q.query()?
        .execute(&mut *conn)
        .await
        .context("recording a case's history")?;
    Ok(())
}

fn push_events(q: &mut sql::Sql, at: DateTime<Utc>, events: &[NewEvent<'_>]) {
    q.push("INSERT INTO case_events (case_id, at, kind, actor, message_id, detail) ");
    let at = ts(at);
    q.values(events, |row, e| {
        row.bind(e.case_id)
            .bind(at.clone())
            .bind(e.kind)
            .bind(e.actor)
            .bind(e.message)
            .bind(e.detail.as_str());
    });
}

/// Queue a mail. Returns false when a mail with the same dedupe key was queued before: the
/// caller's decision was already carried out.
pub async fn insert_outbox(
    conn: &mut AnyConnection,
    o: &NewOutbox<'_>,
    now: DateTime<Utc>,
) -> Result<Option<i64>> {
    let recipients = serde_json::to_string(o.recipients).context("encoding recipients")?;
    sqlx::query_scalar(
        "INSERT INTO outbox (dedupe_key, case_id, purpose, message_id, envelope_from, recipients, body,
                             status, attempts, next_attempt_at, created_at, primary_recipient)
         VALUES ($1, $2, $3, $4, $5, $6, $7, 'pending', 0, $8, $9, $10)
         ON CONFLICT (dedupe_key) DO NOTHING RETURNING id",
    )
    .bind(o.dedupe_key)
    .bind(o.case_id)
    .bind(o.purpose)
    .bind(o.message_id)
    .bind(o.envelope_from)
    .bind(recipients)
    .bind(o.body)
    .bind(ts(o.not_before.unwrap_or(now).max(now)))
    .bind(ts(now))
    .bind(o.recipients.first())
    .fetch_optional(&mut *conn)
    .await
    .context("queueing a mail in the outbox")
}

pub async fn set_case_status(
    conn: &mut AnyConnection,
    case_id: i64,
    status: CaseStatus,
    now: DateTime<Utc>,
) -> Result<()> {
    execute(
        sqlx::query("UPDATE cases SET status = $1, updated_at = $2 WHERE id = $3")
            .bind(status.as_str())
            .bind(ts(now))
            .bind(case_id),
        &mut *conn,
        "changing a case's status",
    )
    .await
}

pub async fn mark_answered(
    conn: &mut AnyConnection,
    case_id: i64,
    now: DateTime<Utc>,
) -> Result<()> {
    execute(
        sqlx::query(
            "UPDATE cases SET status = 'answered', answered_at = $1,
                first_answered_at = COALESCE(first_answered_at, $1), updated_at = $1 WHERE id = $2",
        )
        .bind(ts(now))
        .bind(case_id),
        &mut *conn,
        "marking a case answered",
    )
    .await
}

/// Reopen a case with a fresh deadline (a customer wrote again after the answer).
pub async fn reopen(
    conn: &mut AnyConnection,
    case_id: i64,
    deadline: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<()> {
    execute(
        sqlx::query(
            "UPDATE cases SET status = 'open', deadline = $1, rung = 0, updated_at = $2 WHERE id = $3",
        )
        .bind(ts(deadline))
        .bind(ts(now))
        .bind(case_id),
        &mut *conn,
        "reopening a case",
    )
    .await
}

/// Move a case one rung up, with its `next_due_at` on the new rung. Returns false when it was
/// already there (someone else did it).
pub async fn climb(
    conn: &mut AnyConnection,
    case_id: i64,
    rung: i64,
    next_due: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE cases SET rung = $1, next_due_at = $2, updated_at = $3
         WHERE id = $4 AND rung < $5 AND status = 'open'",
    )
    .bind(rung)
    .bind(next_due.map(ts))
    .bind(ts(now))
    .bind(case_id)
    .bind(rung)
    .execute(&mut *conn)
    .await
    .context("moving a case up the escalation ladder")?;
    Ok(done.rows_affected() == 1)
}

/// Store when an open case next has work, worked out from its clock as read: unless the case
/// moved on since (another rung, deadline or status), when the stored value is left to the
/// trigger of migration 0007.
pub async fn set_next_due(
    conn: &mut AnyConnection,
    case: &CaseRow,
    next_due: Option<DateTime<Utc>>,
) -> Result<()> {
    execute(
        sqlx::query(
            "UPDATE cases SET next_due_at = $1
         WHERE id = $2 AND status = 'open' AND rung = $3 AND deadline = $4 AND owner = $5 AND route = $6",
        )
        .bind(next_due.map(ts))
        .bind(case.id)
        .bind(case.rung)
        .bind(ts(case.deadline))
        .bind(case.owner.as_str())
        .bind(&case.route),
        &mut *conn,
        "storing when a case next has work due",
    )
    .await
}

pub async fn insert_digest(
    conn: &mut AnyConnection,
    scheduled_at: DateTime<Utc>,
    recipient: &str,
    outbox_id: i64,
) -> Result<()> {
    execute(
        sqlx::query(
            "INSERT INTO digests (scheduled_at, recipient, outbox_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
        )
        .bind(ts(scheduled_at))
        .bind(recipient)
        .bind(outbox_id),
        &mut *conn,
        "recording a digest",
    )
    .await
}

// ---- the answer loop ------------------------------------------------------------------------------

/// What processing learned about a message, kept for threading, limits and `cases show`.
#[derive(Debug, Default, Clone)]
pub struct MessageFacts<'a> {
    pub sender: Option<&'a str>,
    pub thread_key: Option<&'a str>,
    pub subject_key: Option<&'a str>,
    pub language: Option<&'a str>,
    pub matched_by: Option<&'a str>,
}

/// The UPDATE of `mark_understood` (a macro: the SQLite text appends the savepoint to it).
macro_rules! understood_sql {
    () => {
        "UPDATE messages SET sender = $1, thread_key = $2, subject_key = $3, language = $4, matched_by = $5,
                processed_at = $6, kind = $7, case_id = $8, last_error = NULL
         WHERE id = $9"
    };
}

/// `mark_processed` for a message processing understood, with what it learned, and the end of
/// the message's savepoint (`RELEASE message; SAVEPOINT message`, see `pipeline::process_once`):
/// on SQLite one round trip to its thread, where every statement costs two thread wake-ups;
/// PostgreSQL prepares one statement at a time.
pub async fn mark_understood(
    conn: &mut AnyConnection,
    message: i64,
    f: &MessageFacts<'_>,
    kind: &str,
    case_id: Option<i64>,
    now: DateTime<Utc>,
) -> Result<()> {
    let sqlite = is_sqlite(conn);
    let sql = if sqlite {
        concat!(understood_sql!(), "; RELEASE message; SAVEPOINT message")
    } else {
        understood_sql!()
    };
    sqlx::query(sql)
        .bind(f.sender)
        .bind(f.thread_key)
        .bind(f.subject_key)
        .bind(f.language)
        .bind(f.matched_by)
        .bind(ts(now))
        .bind(kind)
        .bind(case_id)
        .bind(message)
        .execute(&mut *conn)
        .await
        .context("recording what a message is")?;
    if !sqlite {
        savepoint(conn, "RELEASE message; SAVEPOINT message").await?;
    }
    Ok(())
}

// ---- one case's rows, read and written inside the caller's transaction --------------------

/// The Message-ID of the case's first `?` forward, to thread later mail to owners under it.
pub async fn forward_root(conn: &mut AnyConnection, case_id: i64) -> Result<Option<String>> {
    sqlx::query_scalar(
        "SELECT message_id FROM outbox WHERE case_id = $1 AND purpose = 'forward' ORDER BY id LIMIT 1",
    )
    .bind(case_id)
    .fetch_optional(&mut *conn)
    .await
    .context("finding a case's first forward")
}

/// The customer's own Message-ID on the case's first message, to answer in their thread.
pub async fn customer_root(conn: &mut AnyConnection, case_id: i64) -> Result<Option<String>> {
    Ok(sqlx::query_scalar::<_, Option<String>>(
        "SELECT message_id FROM messages WHERE case_id = $1 ORDER BY id LIMIT 1",
    )
    .bind(case_id)
    .fetch_optional(&mut *conn)
    .await
    .context("finding the customer's Message-ID")?
    .flatten())
}

/// The case's first message (its complaint), by row id.
pub async fn first_message(conn: &mut AnyConnection, case_id: i64) -> Result<Option<i64>> {
    sqlx::query_scalar::<_, Option<i64>>("SELECT MIN(id) FROM messages WHERE case_id = $1")
        .bind(case_id)
        .fetch_one(&mut *conn)
        .await
        .context("finding a case's complaint")
}

/// The raw bytes of the case's complaint (its first message, the one that opened it).
pub async fn complaint_raw(conn: &mut AnyConnection, case_id: i64) -> Result<Option<Vec<u8>>> {
    sqlx::query_scalar::<_, Vec<u8>>(
        "SELECT raw FROM raw_messages
         WHERE message_id = (SELECT MIN(id) FROM messages WHERE case_id = $1)",
    )
    .bind(case_id)
    .fetch_optional(&mut *conn)
    .await
    .context("reading a case's complaint")
}

/// How many acknowledgments went to `customer` since `since` (the acknowledgment window).
pub async fn acks_to_since(
    conn: &mut AnyConnection,
    customer: &str,
    since: DateTime<Utc>,
) -> Result<i64> {
    sqlx::query_scalar(
        "SELECT COUNT(*) FROM outbox WHERE purpose = 'ack' AND primary_recipient = $1 AND created_at >= $2",
    )
    .bind(customer)
    .bind(ts(since))
    .fetch_one(&mut *conn)
    .await
    .context("checking the acknowledgment window")
}

/// A person moved the case: the route whose owner now has it becomes its route.
/// Move a case to `route`, whose manager (`escalate_to`) its ladder now climbs to.
pub async fn set_route(
    conn: &mut AnyConnection,
    case_id: i64,
    route: &str,
    escalate_to: &str,
) -> Result<()> {
    execute(
        sqlx::query("UPDATE cases SET route = $1, escalate_to = $2 WHERE id = $3")
            .bind(route)
            .bind(escalate_to)
            .bind(case_id),
        &mut *conn,
        "moving a case to its corrected route",
    )
    .await
}

pub async fn set_deadline(
    conn: &mut AnyConnection,
    case_id: i64,
    deadline: DateTime<Utc>,
) -> Result<()> {
    execute(
        sqlx::query("UPDATE cases SET deadline = $1 WHERE id = $2")
            .bind(ts(deadline))
            .bind(case_id),
        &mut *conn,
        "moving a case's deadline",
    )
    .await
}

pub async fn set_priority(
    conn: &mut AnyConnection,
    case_id: i64,
    priority: Priority,
    now: DateTime<Utc>,
) -> Result<()> {
    execute(
        sqlx::query("UPDATE cases SET priority = $1, updated_at = $2 WHERE id = $3")
            .bind(priority.as_str())
            .bind(ts(now))
            .bind(case_id),
        &mut *conn,
        "setting a case's priority",
    )
    .await
}

/// When the case's answer clock last restarted: reopened by the customer, reassigned, or back
/// from a pause (in the caller's transaction, or on the pool). `#normal` and the reminders had
/// counted from the opening after a `#reassign` or a `#wait` (attack round six).
pub async fn last_reopened<'e>(
    e: impl sqlx::AnyExecutor<'e>,
    case_id: i64,
) -> Result<Option<DateTime<Utc>>> {
    time_scalar(
        sqlx::query_scalar(
            "SELECT MAX(at) FROM case_events WHERE case_id = $1 \
             AND kind IN ('reopened', 'reassigned', 'resumed')",
        )
        .bind(case_id),
        e,
        "finding when a case was reopened",
    )
    .await
}

/// An urgency label on a complaint (`#urgent`, `#normal`, the digest's `bump`): replaces any
/// earlier label on the same message.
pub struct UrgencyLabel<'a> {
    pub message_id: i64,
    pub case_id: i64,
    pub urgent: bool,
    pub source: &'a str,
    pub by: &'a str,
}

pub async fn put_urgency_label(
    conn: &mut AnyConnection,
    label: &UrgencyLabel<'_>,
    now: DateTime<Utc>,
) -> Result<()> {
    sqlx::query("DELETE FROM urgency_labels WHERE message_id = $1")
        .bind(label.message_id)
        .execute(&mut *conn)
        .await
        .context("replacing an urgency label")?;
    execute(
        sqlx::query(
            "INSERT INTO urgency_labels (message_id, case_id, urgent, source, by_whom, at) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(label.message_id)
        .bind(label.case_id)
        .bind(i64::from(label.urgent))
        .bind(label.source)
        .bind(label.by)
        .bind(ts(now)),
        &mut *conn,
        "storing an urgency label",
    )
    .await
}

/// One stored urgency label with its complaint, for the router to learn from.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct UrgencyLabelRow {
    pub seq: i64,
    pub message_id: i64,
    pub case_id: i64,
    #[sqlx(try_from = "Flag")]
    pub urgent: bool,
    pub by_whom: String,
    pub raw: Vec<u8>,
}

impl Store {
    /// The urgency labels recorded after `seq`, oldest first.
    pub async fn urgency_labels_after(&self, seq: i64) -> Result<Vec<UrgencyLabelRow>> {
        sqlx::query_as(
            "SELECT u.seq, u.message_id, u.case_id, u.urgent, u.by_whom, r.raw FROM urgency_labels u
             JOIN raw_messages r ON r.message_id = u.message_id WHERE u.seq > $1 ORDER BY u.seq",
        )
        .bind(seq)
        .fetch_all(&self.pool)
        .await
        .context("reading urgency labels")
    }
}

/// Run one savepoint statement (`SAVEPOINT x`, `ROLLBACK TO x`, `RELEASE x`): each message
/// in a batch is processed under its own savepoint, so one failure undoes only that message.
/// `RELEASE message; SAVEPOINT message` is two statements: one prepared round trip on SQLite,
/// PostgreSQL's unprepared (simple) protocol.
pub async fn savepoint(conn: &mut AnyConnection, sql: &'static str) -> Result<()> {
    if is_sqlite(conn) {
        sqlx::query(sql).execute(&mut *conn).await
    } else {
        sqlx::raw_sql(sql).execute(&mut *conn).await
    }
    .with_context(|| format!("{sql} (a message's savepoint)"))?;
    Ok(())
}

/// The mail a case and a recipient got lately, for the caps (`outgoing`).
pub struct RecentMail {
    pub to_case: i64,
    pub to_recipient: i64,
    pub case_priority: Option<Priority>,
    /// The public address the case came in on (`case_inbox`), read in the same round trip.
    pub case_inbox: Option<String>,
}

pub async fn recent_mail(
    conn: &mut AnyConnection,
    case_id: Option<i64>,
    recipient: &str,
    now: DateTime<Utc>,
) -> Result<RecentMail> {
    // Mail still waiting counts as well as mail of the last hour, so a held backlog is spread
    // over the following hours instead of going out in one burst when the hour turns.
    // Each count in two index-only parts (see migration 0009): the last hour's mail, and
    // older mail still held for later.
    let (to_case, to_recipient, priority, case_inbox): (i64, i64, Option<String>, Option<String>) =
        sqlx::query_as(
            "SELECT (SELECT COUNT(*) FROM outbox WHERE case_id = $1 AND created_at >= $2)
                  + (SELECT COUNT(*) FROM outbox WHERE case_id = $1 AND status = 'pending'
                       AND next_attempt_at > $3 AND created_at < $2),
                    (SELECT COUNT(*) FROM outbox WHERE primary_recipient = $4 AND created_at >= $2)
                  + (SELECT COUNT(*) FROM outbox WHERE primary_recipient = $4 AND status = 'pending'
                       AND next_attempt_at > $3 AND created_at < $2),
                    (SELECT priority FROM cases WHERE id = $1),
                    (SELECT inbox FROM cases WHERE id = $1)",
        )
        .bind(case_id)
        .bind(ts(now - chrono::Duration::hours(1)))
        .bind(ts(now))
        .bind(recipient)
        .fetch_one(&mut *conn)
        .await
        .context("counting recent mail to a case and a recipient")?;
    Ok(RecentMail {
        to_case,
        to_recipient,
        case_priority: priority.as_deref().and_then(Priority::parse),
        case_inbox,
    })
}

/// Give a case to another owner: a fresh deadline, back to open, off the ladder.
pub async fn reassign(
    conn: &mut AnyConnection,
    case_id: i64,
    owner: &str,
    deadline: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<()> {
    execute(
        sqlx::query(
            "UPDATE cases SET owner = $1, status = 'open', deadline = $2, rung = 0, waiting_until = NULL, updated_at = $3 WHERE id = $4",
        )
        .bind(owner)
        .bind(ts(deadline))
        .bind(ts(now))
        .bind(case_id),
        &mut *conn,
        "reassigning a case",
    )
    .await
}

pub async fn set_waiting(
    conn: &mut AnyConnection,
    case_id: i64,
    until: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<()> {
    execute(
        sqlx::query(
            "UPDATE cases SET status = 'waiting', waiting_until = $1, updated_at = $2 WHERE id = $3",
        )
        .bind(ts(until))
        .bind(ts(now))
        .bind(case_id),
        &mut *conn,
        "pausing a case",
    )
    .await
}

/// Close a case; a close by its owner or an executive also counts as its first answer.
pub async fn close(conn: &mut AnyConnection, case_id: i64, now: DateTime<Utc>) -> Result<()> {
    execute(
        sqlx::query(
            "UPDATE cases SET status = 'closed', waiting_until = NULL, answered_at = COALESCE(answered_at, $1),
                first_answered_at = COALESCE(first_answered_at, $1), updated_at = $1 WHERE id = $2",
        )
        .bind(ts(now))
        .bind(case_id),
        &mut *conn,
        "closing a case",
    )
    .await
}

pub async fn count_scalar(
    conn: &mut AnyConnection,
    sql: &'static str,
    a: &str,
    since: DateTime<Utc>,
) -> Result<i64> {
    sqlx::query_scalar(sql)
        .bind(a)
        .bind(ts(since))
        .fetch_one(&mut *conn)
        .await
        .context("counting recent mail")
}

impl Store {
    /// When the earliest paused case comes back.
    pub async fn next_resume(&self) -> Result<Option<DateTime<Utc>>> {
        time_scalar(
            sqlx::query_scalar("SELECT MIN(waiting_until) FROM cases WHERE status = 'waiting'"),
            &self.pool,
            "finding the next paused case due",
        )
        .await
    }

    pub async fn cases_to_resume(&self, now: DateTime<Utc>) -> Result<Vec<CaseRow>> {
        sqlx::query_as(
            "SELECT * FROM cases WHERE status = 'waiting' AND waiting_until <= $1 ORDER BY id",
        )
        .bind(ts(now))
        .fetch_all(&self.pool)
        .await
        .context("selecting paused cases that are due again")
    }

    /// The Message-ID the customer's first message had, to thread mail to them.
    pub async fn first_message_id_header(&self, case_id: i64) -> Result<Option<String>> {
        let id: Option<Option<String>> = sqlx::query_scalar(
            "SELECT message_id FROM messages WHERE case_id = $1 ORDER BY id LIMIT 1",
        )
        .bind(case_id)
        .fetch_optional(&self.pool)
        .await
        .context("finding a case's first Message-ID")?;
        Ok(id.flatten())
    }
}

// ---- reads and writes of processing, on the batch's connection ------------------------------------
//
// Processing runs a batch of messages in one transaction; what it reads must see what the batch
// wrote so far (a customer's second mail in the same batch joins the case the first one opened),
// so these take the transaction's connection rather than the pool.

pub async fn case<'e>(e: impl sqlx::AnyExecutor<'e>, id: i64) -> Result<Option<CaseRow>> {
    sqlx::query_as("SELECT * FROM cases WHERE id = $1")
        .bind(id)
        .fetch_optional(e)
        .await
        .context("reading a case")
}

/// Everyone a case's mail went to (each outbox row's JSON list), without reading the bodies.
pub async fn case_recipients(conn: &mut AnyConnection, case_id: i64) -> Result<Vec<String>> {
    sqlx::query_scalar("SELECT recipients FROM outbox WHERE case_id = $1 ORDER BY id")
        .bind(case_id)
        .fetch_all(&mut *conn)
        .await
        .context("reading whom a case's mail went to")
}

/// Record a processing failure; after `max_attempts` the message is set aside as
/// `quarantined` so one poison message cannot stop the inbox. In the caller's transaction,
/// after the message's own changes were rolled back.
pub async fn message_failed(
    conn: &mut AnyConnection,
    id: i64,
    error: &str,
    max_attempts: i64,
    now: DateTime<Utc>,
) -> Result<bool> {
    let attempts: i64 = sqlx::query_scalar(
        "UPDATE messages SET attempts = attempts + 1, last_error = $1 WHERE id = $2 RETURNING attempts",
    )
    .bind(error)
    .bind(id)
    .fetch_one(&mut *conn)
    .await
    .context("recording a processing failure")?;
    let quarantined = attempts >= max_attempts;
    if quarantined {
        sqlx::query("UPDATE messages SET processed_at = $1, kind = 'quarantined' WHERE id = $2")
            .bind(ts(now))
            .bind(id)
            .execute(&mut *conn)
            .await
            .context("quarantining a message")?;
    }
    Ok(quarantined)
}

/// One of a customer's recent cases, as thread matching and the repeat-customer count see it.
#[derive(Debug, Clone)]
pub struct CustomerCase {
    pub id: i64,
    pub subject_key: Option<String>,
    pub opened_at: DateTime<Utc>,
    pub status: CaseStatus,
}

impl<'r> sqlx::FromRow<'r, sqlx::any::AnyRow> for CustomerCase {
    fn from_row(row: &'r sqlx::any::AnyRow) -> sqlx::Result<Self> {
        Ok(CustomerCase {
            id: row.try_get("id")?,
            subject_key: row.try_get("subject_key")?,
            opened_at: time_column(row, "opened_at")?,
            status: status_column(row)?,
        })
    }
}

/// The customer's cases opened since `since`, newest first (served by `cases_customer`): one
/// read for every question processing asks about the customer's history.
pub async fn customer_cases(
    conn: &mut AnyConnection,
    customer: &str,
    since: DateTime<Utc>,
) -> Result<Vec<CustomerCase>> {
    sqlx::query_as(
        "SELECT id, subject_key, opened_at, status FROM cases
         WHERE customer_address = $1 AND opened_at >= $2 ORDER BY id DESC",
    )
    .bind(customer)
    .bind(ts(since))
    .fetch_all(&mut *conn)
    .await
    .context("reading a customer's recent cases")
}

/// `customer_cases` for several customers in one read (a batch's senders): each one's cases
/// opened since `since`, newest first. A customer without any is absent.
pub async fn customers_cases(
    conn: &mut AnyConnection,
    customers: &[&str],
    since: DateTime<Utc>,
) -> Result<std::collections::HashMap<String, Vec<CustomerCase>>> {
    let mut found: std::collections::HashMap<String, Vec<CustomerCase>> = Default::default();
    if customers.is_empty() {
        return Ok(found);
    }
    // Only numbered placeholders are spliced into the statement, never a value.
    let sql = format!(
        "SELECT customer_address, id, subject_key, opened_at, status FROM cases
         WHERE opened_at >= $1 AND customer_address IN ({}) ORDER BY id DESC",
        (2..customers.len() + 2)
            .map(|n| format!("${n}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let mut q = sqlx::query(sqlx::AssertSqlSafe(sql))
        .persistent(false)
        .bind(ts(since));
    for c in customers {
        q = q.bind(*c);
    }
    let rows = q
        .fetch_all(&mut *conn)
        .await
        .context("reading the recent cases of a batch's customers")?;
    for row in rows {
        let customer: String = row
            .try_get("customer_address")
            .context("reading a customer's address")?;
        let case = <CustomerCase as sqlx::FromRow<_>>::from_row(&row)
            .context("reading a customer's recent case")?;
        found.entry(customer).or_default().push(case);
    }
    Ok(found)
}

/// What a mail we sent was for, decoded: None when no outbox row has this Message-ID, or its
/// stored word is none qmark knows.
pub async fn sent_mail_purpose(
    conn: &mut AnyConnection,
    message_id: &str,
) -> Result<Option<Purpose>> {
    Ok(outbox_purpose(conn, message_id)
        .await?
        .as_deref()
        .and_then(Purpose::parse))
}

/// The case an outgoing or incoming Message-ID belongs to.
pub async fn case_by_message_id(conn: &mut AnyConnection, message_id: &str) -> Result<Option<i64>> {
    let from_outbox: Option<Option<i64>> =
        sqlx::query_scalar("SELECT case_id FROM outbox WHERE message_id = $1")
            .bind(message_id)
            .fetch_optional(&mut *conn)
            .await
            .context("finding a case by an outgoing Message-ID")?;
    if let Some(Some(id)) = from_outbox {
        return Ok(Some(id));
    }
    // Several messages may carry one Message-ID (a stranger may reuse a customer's, see
    // `insert_message`): the first one to arrive keeps the thread, so a later colliding
    // message cannot pull the customer's replies into its own case.
    let from_messages: Option<Option<i64>> = sqlx::query_scalar(
        "SELECT case_id FROM messages WHERE message_id = $1 ORDER BY id LIMIT 1",
    )
    .bind(message_id)
    .fetch_optional(&mut *conn)
    .await
    .context("finding a case by an incoming Message-ID")?;
    Ok(from_messages.flatten())
}

/// What a mail we sent was for, by its Message-ID.
async fn outbox_purpose(conn: &mut AnyConnection, message_id: &str) -> Result<Option<String>> {
    sqlx::query_scalar("SELECT purpose FROM outbox WHERE message_id = $1")
        .bind(message_id)
        .fetch_optional(&mut *conn)
        .await
        .context("finding what a mail we sent was for")
}

pub async fn case_by_thread_key(conn: &mut AnyConnection, key: &str) -> Result<Option<i64>> {
    let id: Option<Option<i64>> = sqlx::query_scalar(
        "SELECT case_id FROM messages WHERE thread_key = $1 AND case_id IS NOT NULL ORDER BY id DESC LIMIT 1",
    )
    .bind(key)
    .fetch_optional(&mut *conn)
    .await
    .context("finding a case by Thread-Index")?;
    Ok(id.flatten())
}

/// The newest case not closed, opened since `since`, whose subject is `key`, owned by `owner`
/// when one is given: a colleague's reply that lost every thread marker but its subject
/// ("Re: Refund for order 77").
pub async fn open_case_with_subject(
    conn: &mut AnyConnection,
    owner: Option<&str>,
    key: &str,
    since: DateTime<Utc>,
) -> Result<Option<i64>> {
    sqlx::query_scalar(
        "SELECT id FROM cases WHERE status IN ('open', 'waiting', 'answered') \
         AND ($1 IS NULL OR owner = $1) AND subject_key = $2 AND opened_at >= $3 \
         ORDER BY id DESC LIMIT 1",
    )
    .bind(owner)
    .bind(key)
    .bind(ts(since))
    .fetch_optional(&mut *conn)
    .await
    .context("finding a case by its subject")
}

/// Messages from `sender` tied to `case_id` since `since`.
pub async fn messages_from_on_case(
    conn: &mut AnyConnection,
    case_id: i64,
    sender: &str,
    since: DateTime<Utc>,
) -> Result<i64> {
    sqlx::query_scalar(
        "SELECT COUNT(*) FROM messages WHERE case_id = $1 AND sender = $2 AND received_at >= $3",
    )
    .bind(case_id)
    .bind(sender)
    .bind(ts(since))
    .fetch_one(&mut *conn)
    .await
    .context("counting a sender's recent messages on a case")
}

/// The raw bytes of a sender's latest messages on a case since `since`, newest first.
pub async fn recent_raw_from_on_case(
    conn: &mut AnyConnection,
    case_id: i64,
    sender: &str,
    since: DateTime<Utc>,
    limit: i64,
) -> Result<Vec<Vec<u8>>> {
    sqlx::query_scalar(
        "SELECT r.raw FROM messages m JOIN raw_messages r ON r.message_id = m.id
         WHERE m.case_id = $1 AND m.sender = $2 AND m.received_at >= $3
         ORDER BY m.id DESC LIMIT $4",
    )
    .bind(case_id)
    .bind(sender)
    .bind(ts(since))
    .bind(limit)
    .fetch_all(&mut *conn)
    .await
    .context("reading a sender's recent messages on a case")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_keep_their_stored_shape() {
        // Stored timestamps are compared as text in SQL: the shape must never change.
        for s in [
            "2026-11-23T09:00:00.000Z",
            "2026-01-02T03:04:05.678Z",
            "1999-12-31T23:59:59.999Z",
        ] {
            let t = parse_ts(s).expect("a valid timestamp");
            assert_eq!(ts(t), s);
            assert_eq!(ts(t), t.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string());
        }
        // Sub-millisecond precision is cut, not rounded, as before.
        let t = parse_ts("2026-11-23T09:00:00.999999Z").expect("valid");
        assert_eq!(ts(t), "2026-11-23T09:00:00.999Z");
    }

    /// A new database at `url` with the migrations before `version` applied, as an older
    /// qmark left it.
    pub(in crate::store) async fn migrated_before(url: &str, version: i64) -> sqlx::SqlitePool {
        let all = sqlx::migrate!("./migrations");
        let before: Vec<_> = all
            .migrations
            .iter()
            .filter(|m| m.version < version)
            .cloned()
            .collect();
        let old = sqlx::migrate::Migrator {
            migrations: std::borrow::Cow::Owned(before),
            ..sqlx::migrate::Migrator::DEFAULT
        };
        let opts = url
            .parse::<sqlx::sqlite::SqliteConnectOptions>()
            .expect("url")
            .create_if_missing(true);
        let pool = sqlx::SqlitePool::connect_with(opts).await.expect("pool");
        old.run(&pool).await.expect("the older migrations");
        pool
    }

    /// Migration 0014: a database with one inbox's cursor keeps it for the first inbox, so an
    /// upgrade re-reads no old mail, and a second inbox starts its own.
    #[tokio::test]
    async fn the_cursor_of_a_single_inbox_database_becomes_the_first_inbox_s() {
        let dir = tempfile::tempdir().expect("tempdir");
        let url = format!("sqlite://{}", dir.path().join("q.db").display());
        {
            // The database as 0013 left it, with a cursor.
            let pool = migrated_before(&url, 14).await;
            sqlx::query("INSERT INTO mailbox_cursor (mailbox, uidvalidity, last_uid) VALUES ('INBOX', 7, 42)")
                .execute(&pool)
                .await
                .expect("a cursor from before");
            pool.close().await;
        }
        let store = Store::open(&url).await.expect("migrates to 0014");
        let ceo = "CEO@shop.example";
        let brand = "hello@hanbit.example";
        assert_eq!(
            store.cursor(ceo, "INBOX", true).await.expect("read"),
            Some((7, 42))
        );
        assert_eq!(
            store.cursor(brand, "INBOX", false).await.expect("read"),
            None
        );
        let mut tx = store.write().await.expect("tx");
        let at = |inbox, uidvalidity, uid| Source {
            inbox,
            mailbox: "INBOX",
            uidvalidity,
            uid,
        };
        set_cursor(&mut tx, at(brand, 3, 5), false)
            .await
            .expect("brand");
        set_cursor(&mut tx, at(ceo, 7, 43), true)
            .await
            .expect("ceo");
        tx.commit().await.expect("commit");
        assert_eq!(
            store
                .cursor("ceo@shop.example", "INBOX", true)
                .await
                .expect("read"),
            Some((7, 43))
        );
        assert_eq!(
            store.cursor(brand, "INBOX", false).await.expect("read"),
            Some((3, 5))
        );
        let rows: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM inbox_cursor")
            .fetch_one(store.pool())
            .await
            .expect("count");
        assert_eq!(
            rows, 2,
            "the cursor from before is now the first inbox's own"
        );
    }

    #[tokio::test]
    async fn a_case_row_comes_out_typed_and_a_bad_column_is_named() {
        let dir = tempfile::tempdir().expect("tempdir");
        let url = format!("sqlite://{}", dir.path().join("q.db").display());
        let store = Store::open(&url).await.expect("opens");
        let now = parse_ts("2026-11-23T09:00:00.000Z").expect("valid");
        let deadline = parse_ts("2026-11-24T09:00:00.000Z").expect("valid");
        let mut tx = store.write().await.expect("tx");
        insert_case(
            &mut tx,
            &NewCase {
                id: 1,
                token: "tok",
                route: "billing",
                owner: "billing@shop.example",
                priority: Priority::Urgent,
                customer_address: "c@customer.example",
                customer_name: None,
                subject: "refund",
                opened_at: now,
                deadline,
                escalate_to: "cfo@shop.example",
                language: Some("en"),
                subject_key: "refund",
                wants: None,
                problem: None,
                inbox: "ceo@shop.example",
            },
            now,
            &[],
        )
        .await
        .expect("inserted");
        tx.commit().await.expect("commit");
        let case = store.case(1).await.expect("reads").expect("exists");
        assert_eq!(
            (case.status, case.priority, case.opened_at, case.deadline),
            (CaseStatus::Open, Priority::Urgent, now, deadline)
        );
        assert!(case.is_open() && case.is_urgent());
        // Migration 0007 stores '' for "not worked out yet": that is no time, not an error.
        sqlx::query("UPDATE cases SET next_due_at = '' WHERE id = 1")
            .execute(store.pool())
            .await
            .expect("update");
        assert_eq!(
            store
                .case(1)
                .await
                .expect("reads")
                .expect("exists")
                .next_due_at,
            None
        );
        // The JSON keeps the database's own time text.
        let json = serde_json::to_value(&case).expect("serializes");
        assert_eq!(json["deadline"], "2026-11-24T09:00:00.000Z");
        assert_eq!(
            (&json["status"], &json["priority"]),
            (&"open".into(), &"urgent".into())
        );
        // A row no qmark wrote (statuses have a CHECK constraint; times do not) is refused with
        // the column named, not read as "now".
        sqlx::query("UPDATE cases SET deadline = 'soon' WHERE id = 1")
            .execute(store.pool())
            .await
            .expect("update");
        let err = format!("{:#}", store.case(1).await.expect_err("a bad row"));
        assert!(err.contains("deadline") && err.contains("soon"), "{err}");
    }

    #[tokio::test]
    async fn a_copy_of_a_message_stored_before_content_keys_is_still_a_duplicate() {
        let dir = tempfile::tempdir().expect("tempdir");
        let url = format!("sqlite://{}", dir.path().join("q.db").display());
        let store = Store::open(&url).await.expect("opens");
        let now = parse_ts("2026-11-23T09:00:00.000Z").expect("valid");
        let raw = b"From: a@customer.example\r\nSubject: refund\r\nMessage-ID: <m@c.example>\r\n\r\nrefund me\r\n";
        let mut tx = store.write().await.expect("tx");
        let first = insert_message(&mut tx, raw.to_vec(), Some("m@c.example"), None, now)
            .await
            .expect("stored");
        assert!(matches!(first, Stored::New(_)), "{first:?}");
        // As a row from before migration 0008 looks.
        sqlx::query("UPDATE messages SET content_key = NULL")
            .execute(&mut *tx)
            .await
            .expect("update");
        let mut relayed = b"Received: from relay.example\r\n".to_vec();
        relayed.extend_from_slice(raw);
        let again = insert_message(&mut tx, relayed, Some("m@c.example"), None, now)
            .await
            .expect("stored");
        assert_eq!(again, Stored::Duplicate);
        let other = b"From: b@elsewhere.example\r\nSubject: hi\r\nMessage-ID: <m@c.example>\r\n\r\nother\r\n";
        let collision = insert_message(&mut tx, other.to_vec(), Some("m@c.example"), None, now)
            .await
            .expect("stored");
        let Stored::New(first) = first else {
            unreachable!("checked above")
        };
        assert!(
            matches!(collision, Stored::Collision { earlier, .. } if earlier == first),
            "{collision:?}"
        );
        // Its exact bytes again are a duplicate of the colliding message itself.
        let again = insert_message(&mut tx, other.to_vec(), Some("m@c.example"), None, now)
            .await
            .expect("stored");
        assert_eq!(again, Stored::Duplicate);
        tx.commit().await.expect("commit");
    }
}
