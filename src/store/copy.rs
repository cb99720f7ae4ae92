//! `qmark db copy` (issue 15): a whole installation's history moved from one database to
//! another (SQLite to PostgreSQL, or back), table by table in bounded batches, inside one
//! transaction of the target, every id kept, then counted table by table.
//!
//! The source is read in one snapshot (a read transaction) and never written; the target is
//! migrated by qmark's own migrations first and refused when it already holds anything, unless
//! the caller asks to replace it. The caller holds both run locks (runlock.rs), so no daemon
//! writes to either meanwhile. Statements are spliced from `TABLES` and the target's own
//! column names only, never from a value (what `AssertSqlSafe` vouches for).

use anyhow::{Context, Result, bail};
use futures::TryStreamExt as _;
use sqlx::{AnyConnection, Row as _};

use super::sql::{Row, Sql};
use super::{Backend, Store, Tx, connect::shown};

/// Every table of qmark's schema, parents before children (foreign keys), each with the key
/// its rows are read in. sqlx's `_sqlx_migrations` is not copied: it records which of *its
/// backend's* migration files ran (their versions and checksums), the two folders differ, and
/// the target wrote its own when it was migrated. `check_tables` refuses a schema missing one;
/// a table not listed here is another system's (a PostgreSQL database shared with the
/// company's other software), left alone and named. A migration that adds a table without
/// adding it here fails `the_list_of_tables_is_the_schema` (and the copy tests).
pub const TABLES: &[(&str, &str)] = &[
    ("settings", "key"),
    ("cases", "id"),
    ("messages", "id"),
    ("raw_messages", "message_id"),
    ("case_events", "id"),
    ("outbox", "id"),
    ("digests", "scheduled_at, recipient"),
    ("model", "id"),
    ("labels", "seq"),
    ("urgency_labels", "seq"),
    ("oauth_grants", "username"),
    ("inbox_cursor", "inbox, mailbox"),
    ("webhook_deliveries", "id"),
];

/// The tables not copied: sqlx's own (see `TABLES`), and PostgreSQL's `run_leader`, which
/// says which running process leads the database now (store/leader.rs): the state of this
/// moment on that server, not history; the target's first `qmark run` writes its own.
const NOT_COPIED: &[&str] = &["_sqlx_migrations", "run_leader"];

/// A batch holds at most this many rows, this many values (SQLite allows 32766 placeholders
/// in one statement, PostgreSQL 65535) and about this many bytes (a message's raw bytes may
/// be megabytes): memory stays bounded whatever the size of the history.
const BATCH_ROWS: usize = 500;
const BATCH_VALUES: usize = 10_000;
const BATCH_BYTES: usize = 8 << 20;

/// One table's rows on each side.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableCount {
    pub table: &'static str,
    pub source: i64,
    pub target: i64,
}

/// What a copy did: each table's counts, and whether the target's transaction committed
/// (it does not when a count differed).
#[derive(Debug)]
pub struct CopyReport {
    pub tables: Vec<TableCount>,
    pub committed: bool,
    /// Tables of the source and of the target that are not qmark's, left as they are.
    pub left_alone: Vec<String>,
}

impl CopyReport {
    pub fn counts_agree(&self) -> bool {
        self.tables.iter().all(|t| t.source == t.target)
    }
}

/// A column's type as the target declares it; values are bound with it, so a NULL is typed
/// (PostgreSQL refuses a NULL bigint into a text column) and a yes/no value fits either
/// database's way of keeping it (0/1 or a boolean).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Integer,
    Bool,
    Real,
    Text,
    Blob,
}

impl Kind {
    /// The kind of a declared type: SQLite's `INTEGER`/`TEXT`/`BLOB` (its affinity rules) or
    /// PostgreSQL's `information_schema` names (`bigint`, `text`, `bytea`, `boolean`, ...).
    pub fn of_declared(declared: &str) -> Option<Kind> {
        let t = declared.to_ascii_uppercase();
        let has = |words: &[&str]| words.iter().any(|w| t.contains(w));
        if has(&["BOOL"]) {
            Some(Kind::Bool)
        } else if has(&["INT"]) {
            Some(Kind::Integer)
        } else if has(&["CHAR", "CLOB", "TEXT"]) {
            Some(Kind::Text)
        } else if has(&["BLOB", "BYTEA"]) {
            Some(Kind::Blob)
        } else if has(&["REAL", "FLOA", "DOUB", "NUMERIC"]) {
            Some(Kind::Real)
        } else {
            None
        }
    }
}

/// One value read from the source, then converted to its target column's kind.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null(Kind),
    Integer(i64),
    Bool(bool),
    Real(f64),
    Text(String),
    Blob(Vec<u8>),
}

impl Value {
    /// This value as a column of kind `kind` keeps it, or why it cannot be.
    pub fn into_kind(self, kind: Kind) -> Result<Value, String> {
        Ok(match (kind, self) {
            (kind, Value::Null(_)) => Value::Null(kind),
            (Kind::Integer, Value::Integer(n)) => Value::Integer(n),
            (Kind::Integer, Value::Bool(b)) => Value::Integer(i64::from(b)),
            (Kind::Bool, Value::Bool(b)) => Value::Bool(b),
            (Kind::Bool, Value::Integer(n @ (0 | 1))) => Value::Bool(n == 1),
            (Kind::Real, Value::Real(x)) => Value::Real(x),
            // Whole numbers a REAL column holds as integers; i64 to f64 is exact below 2^53.
            #[allow(clippy::cast_precision_loss)]
            (Kind::Real, Value::Integer(n)) => Value::Real(n as f64),
            (Kind::Text, Value::Text(s)) => Value::Text(s),
            (Kind::Blob, Value::Blob(b)) => Value::Blob(b),
            // The kind only: a value may be a customer's words or the reply secret.
            (kind, value) => {
                return Err(format!(
                    "a {} value does not fit a {kind:?} column",
                    value.name()
                ));
            }
        })
    }

    fn name(&self) -> &'static str {
        match self {
            Value::Null(_) => "NULL",
            Value::Integer(_) => "integer",
            Value::Bool(_) => "boolean",
            Value::Real(_) => "real",
            Value::Text(_) => "text",
            Value::Blob(_) => "blob",
        }
    }

    /// Roughly what it weighs in memory, for `BATCH_BYTES`.
    fn weight(&self) -> usize {
        match self {
            Value::Text(s) => s.len(),
            Value::Blob(b) => b.len(),
            _ => 8,
        }
    }

    fn bind(self, row: &mut Row<'_>) {
        match self {
            Value::Null(Kind::Integer) => row.bind(None::<i64>),
            Value::Null(Kind::Bool) => row.bind(None::<bool>),
            Value::Null(Kind::Real) => row.bind(None::<f64>),
            Value::Null(Kind::Text) => row.bind(None::<String>),
            Value::Null(Kind::Blob) => row.bind(None::<Vec<u8>>),
            Value::Integer(n) => row.bind(n),
            Value::Bool(b) => row.bind(b),
            Value::Real(x) => row.bind(x),
            Value::Text(s) => row.bind(s),
            Value::Blob(b) => row.bind(b),
        };
    }
}

/// How many rows of `columns` values one INSERT may carry.
pub fn batch_rows(columns: usize) -> usize {
    (BATCH_VALUES / columns.max(1)).clamp(1, BATCH_ROWS)
}

/// Refuse what cannot be copied before anything is locked or opened: a URL of neither
/// database, an in-memory SQLite database, a source file that is not there, one database
/// named twice. (Two URLs of one PostgreSQL database under different names are caught by its
/// run lock, which the second one cannot take.)
pub fn check_urls(from: &str, to: &str) -> Result<()> {
    for (flag, url) in [("--from", from), ("--to", to)] {
        match Backend::of_url(url) {
            None => bail!(
                "{flag} must be a database URL starting with sqlite: or postgres:// (a SQLite \
                 file or a PostgreSQL server), not {}",
                shown(url)
            ),
            Some(Backend::Sqlite) if crate::dbfiles::database_file(url).is_none() => bail!(
                "{flag} names an in-memory SQLite database, which no other process can open; \
                 name a file, e.g. sqlite:///var/lib/qmark/qmark.db"
            ),
            _ => {}
        }
    }
    if let Some(file) = crate::dbfiles::database_file(from)
        && !file.exists()
    {
        bail!(
            "there is no database at {} (--from); check the path (`database.url` in qmark.toml)",
            file.display()
        );
    }
    if same_database(from, to) {
        bail!("--from and --to name the same database; copy to another one");
    }
    Ok(())
}

fn same_database(a: &str, b: &str) -> bool {
    let canonical = |p: std::path::PathBuf| std::fs::canonicalize(&p).unwrap_or(p);
    match (
        crate::dbfiles::database_file(a),
        crate::dbfiles::database_file(b),
    ) {
        (Some(a), Some(b)) => canonical(a) == canonical(b),
        _ => a == b,
    }
}

/// One column of the target: its name and kind.
#[derive(Debug, Clone)]
struct Column {
    name: String,
    kind: Kind,
}

/// The value at `i` of a source row, as the source gave it (a NULL's kind is set later).
fn read_value(row: &sqlx::any::AnyRow, i: usize) -> Result<Value, sqlx::error::BoxDynError> {
    use sqlx::any::AnyTypeInfoKind as K;
    use sqlx::{Any, Decode, ValueRef as _};
    let raw = row.try_get_raw(i)?;
    if raw.is_null() {
        return Ok(Value::Null(Kind::Text));
    }
    Ok(match raw.type_info().kind() {
        K::Null => Value::Null(Kind::Text),
        K::Bool => Value::Bool(<bool as Decode<Any>>::decode(raw)?),
        K::SmallInt | K::Integer | K::BigInt => Value::Integer(<i64 as Decode<Any>>::decode(raw)?),
        K::Real | K::Double => Value::Real(<f64 as Decode<Any>>::decode(raw)?),
        K::Text => Value::Text(<String as Decode<Any>>::decode(raw)?),
        K::Blob => Value::Blob(<Vec<u8> as Decode<Any>>::decode(raw)?),
    })
}

/// The tables a database holds, sqlx's own left out.
async fn tables_of(store: &Store) -> Result<Vec<String>> {
    let sql = match store.backend {
        Backend::Sqlite => {
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"
        }
        Backend::Postgres => {
            "SELECT table_name::text FROM information_schema.tables
             WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"
        }
    };
    let names: Vec<String> = sqlx::query_scalar(sql)
        .fetch_all(&store.pool)
        .await
        .context("listing the database's tables")?;
    Ok(names
        .into_iter()
        .filter(|n| !NOT_COPIED.contains(&n.as_str()))
        .collect())
}

/// Refuse a schema without every table of `TABLES` (another qmark version made it, or it is not
/// a qmark database); return the tables it has beyond them, which are not qmark's: `Store`
/// opens only a database whose every migration this binary knows, so a table one of them
/// made is in `TABLES`.
async fn check_tables(store: &Store, side: &str) -> Result<Vec<String>> {
    let found = tables_of(store).await?;
    let missing: Vec<&str> = TABLES
        .iter()
        .map(|(t, _)| *t)
        .filter(|t| !found.iter().any(|n| n == t))
        .collect();
    if !missing.is_empty() {
        bail!(
            "the {side} database lacks tables `qmark db copy` needs ({}); nothing was copied — \
             copy with the qmark version that made it",
            or_none(&missing)
        );
    }
    Ok(found
        .into_iter()
        .filter(|n| !TABLES.iter().any(|(t, _)| t == n))
        .map(|n| format!("{n} ({side})"))
        .collect())
}

fn or_none(names: &[&str]) -> String {
    if names.is_empty() {
        "none".to_string()
    } else {
        names.join(", ")
    }
}

/// The target's columns of `table`, in order, with their kinds.
async fn columns(tx: &mut Tx, backend: Backend, table: &str) -> Result<Vec<Column>> {
    let sql = match backend {
        Backend::Sqlite => "SELECT name, type FROM pragma_table_info($1) ORDER BY cid",
        Backend::Postgres => {
            "SELECT column_name::text, data_type::text FROM information_schema.columns
             WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position"
        }
    };
    let rows: Vec<(String, String)> = sqlx::query_as(sql)
        .bind(table)
        .fetch_all(&mut **tx)
        .await
        .with_context(|| format!("reading the columns of {table}"))?;
    rows.into_iter()
        .map(|(name, declared)| {
            let kind = Kind::of_declared(&declared).with_context(|| {
                format!("{table}.{name} has a type `qmark db copy` does not know: {declared}")
            })?;
            Ok(Column { name, kind })
        })
        .collect()
}

async fn count(conn: &mut AnyConnection, table: &str) -> Result<i64> {
    sqlx::query_scalar(sqlx::AssertSqlSafe(format!("SELECT COUNT(*) FROM {table}")))
        .fetch_one(conn)
        .await
        .with_context(|| format!("counting the rows of {table}"))
}

/// A target that holds anything is refused, or with `replace` emptied (children first).
async fn refuse_or_empty(tx: &mut Tx, target: &str, replace: bool) -> Result<()> {
    let mut held = Vec::new();
    for (table, _) in TABLES {
        let n = count(tx, table).await?;
        if n > 0 {
            held.push(format!("{table}: {n}"));
        }
    }
    if held.is_empty() {
        return Ok(());
    }
    if !replace {
        bail!(
            "the target database {} already holds data ({}); nothing was copied — copy to an \
             empty database, or pass --replace to delete what it holds first",
            shown(target),
            held.join(", ")
        );
    }
    for (table, _) in TABLES.iter().rev() {
        sqlx::query(sqlx::AssertSqlSafe(format!("DELETE FROM {table}")))
            .execute(&mut **tx)
            .await
            .with_context(|| format!("emptying {table} of the target (--replace)"))?;
    }
    Ok(())
}

/// `"a", "b", …`: the target's columns, which the source has too (the same schema version).
fn column_list(columns: &[Column]) -> String {
    columns
        .iter()
        .map(|c| format!("\"{}\"", c.name))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A source row's values, each converted to its target column's kind.
fn converted(row: &sqlx::any::AnyRow, table: &str, columns: &[Column]) -> Result<Vec<Value>> {
    columns
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let value = read_value(row, i)
                .map_err(|e| anyhow::anyhow!("reading {table}.{} from the source: {e}", c.name))?;
            value
                .into_kind(c.kind)
                .map_err(|why| anyhow::anyhow!("copying {table}.{}: {why}", c.name))
        })
        .collect()
}

async fn insert(tx: &mut Tx, table: &str, list: &str, rows: Vec<Vec<Value>>) -> Result<()> {
    let mut sql = Sql::new(&format!("INSERT INTO {table} ({list}) "));
    sql.values(rows, |row, values| {
        for value in values {
            value.bind(row);
        }
    });
    sql.query()?
        .execute(&mut **tx)
        .await
        .with_context(|| format!("writing rows of {table} to the target"))?;
    Ok(())
}

/// Copy one table, streamed from the source and written in bounded batches; returns how
/// many rows were read.
async fn copy_table(
    source: &mut AnyConnection,
    tx: &mut Tx,
    (table, key): (&str, &str),
    columns: &[Column],
) -> Result<i64> {
    let list = column_list(columns);
    let select = format!("SELECT {list} FROM {table} ORDER BY {key}");
    let mut rows = sqlx::query(sqlx::AssertSqlSafe(select)).fetch(source);
    let per_batch = batch_rows(columns.len());
    let (mut batch, mut bytes, mut read) = (Vec::with_capacity(per_batch), 0, 0_i64);
    while let Some(row) = rows
        .try_next()
        .await
        .with_context(|| format!("reading {table} from the source"))?
    {
        let values = converted(&row, table, columns)?;
        bytes += values.iter().map(Value::weight).sum::<usize>();
        batch.push(values);
        read += 1;
        if batch.len() >= per_batch || bytes >= BATCH_BYTES {
            insert(tx, table, &list, std::mem::take(&mut batch)).await?;
            bytes = 0;
        }
    }
    if !batch.is_empty() {
        insert(tx, table, &list, batch).await?;
    }
    Ok(read)
}

/// PostgreSQL's identity columns continue after the highest id copied, so the next message,
/// event or outbox row does not collide with a copied one. (SQLite's `INTEGER PRIMARY KEY`
/// takes the highest id plus one by itself; cases are numbered by the store on both.)
/// `setval` is not undone by a rollback: a failed copy leaves numbers skipped, nothing more.
async fn reset_identities(tx: &mut Tx, table: &str) -> Result<()> {
    let identities: Vec<String> = sqlx::query_scalar(
        "SELECT column_name::text FROM information_schema.columns
         WHERE table_schema = current_schema() AND table_name = $1 AND is_identity = 'YES'",
    )
    .bind(table)
    .fetch_all(&mut **tx)
    .await
    .with_context(|| format!("finding the identity columns of {table}"))?;
    for column in identities {
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT setval(pg_get_serial_sequence('{table}', '{column}'), \
             COALESCE(MAX({column}), 0) + 1, false) FROM {table}"
        )))
        .execute(&mut **tx)
        .await
        .with_context(|| format!("moving the sequence of {table}.{column} past the copy"))?;
    }
    Ok(())
}

/// One read transaction over the whole source: every table read as of one instant.
async fn snapshot(source: &Store) -> Result<Tx> {
    let begin = match source.backend {
        Backend::Sqlite => "BEGIN",
        Backend::Postgres => "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
    };
    source
        .pool
        .begin_with(begin)
        .await
        .context("starting to read the source")
}

/// Copy every table of `from` into `to` (migrated first) in one transaction of `to`, which
/// commits only when every table's count in it equals the source's. The caller holds both
/// run locks.
pub async fn copy(from: &str, to: &str, replace: bool) -> Result<CopyReport> {
    let source = Store::read_only(from, true)
        .await
        .context("opening the source (--from)")?;
    let mut left_alone = check_tables(&source, "source").await?;
    let target = Store::open(to).await.context("opening the target (--to)")?;
    left_alone.extend(check_tables(&target, "target").await?);
    let mut read = snapshot(&source).await?;
    let mut tx = target.write().await?;
    refuse_or_empty(&mut tx, to, replace).await?;
    let mut tables = Vec::new();
    for &(table, key) in TABLES {
        let columns = columns(&mut tx, target.backend, table).await?;
        let source_rows = count(&mut read, table).await?;
        copy_table(&mut read, &mut tx, (table, key), &columns).await?;
        if target.backend == Backend::Postgres {
            reset_identities(&mut tx, table).await?;
        }
        let target_rows = count(&mut tx, table).await?;
        tables.push(TableCount {
            table,
            source: source_rows,
            target: target_rows,
        });
    }
    let mut report = CopyReport {
        tables,
        committed: false,
        left_alone,
    };
    if !report.counts_agree() {
        tx.rollback().await.context("rolling the target back")?;
        return Ok(report);
    }
    tx.commit()
        .await
        .context("committing the copy to the target")?;
    report.committed = true;
    // What the target holds now, counted again outside the copy's transaction.
    let mut conn = target.pool.acquire().await.context("reading the target")?;
    for t in &mut report.tables {
        t.target = count(&mut conn, t.table).await?;
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{NewMessage, insert_messages, parse_ts};

    #[test]
    fn both_schemas_column_types_are_known() {
        for (declared, kind) in [
            ("INTEGER", Kind::Integer),
            ("TEXT", Kind::Text),
            ("BLOB", Kind::Blob),
            ("bigint", Kind::Integer),
            ("text", Kind::Text),
            ("character varying", Kind::Text),
            ("bytea", Kind::Blob),
            ("boolean", Kind::Bool),
            ("double precision", Kind::Real),
        ] {
            assert_eq!(Kind::of_declared(declared), Some(kind), "{declared}");
        }
        assert_eq!(Kind::of_declared("jsonb"), None);
    }

    #[test]
    fn yes_no_values_fit_either_way_of_keeping_them() {
        assert_eq!(
            Value::Bool(true).into_kind(Kind::Integer),
            Ok(Value::Integer(1))
        );
        assert_eq!(
            Value::Integer(0).into_kind(Kind::Bool),
            Ok(Value::Bool(false))
        );
        assert_eq!(
            Value::Null(Kind::Text).into_kind(Kind::Integer),
            Ok(Value::Null(Kind::Integer))
        );
        assert!(Value::Integer(2).into_kind(Kind::Bool).is_err());
        let refused = Value::Text("the reply secret".into())
            .into_kind(Kind::Blob)
            .expect_err("text is not bytes");
        assert!(!refused.contains("secret"), "no value in errors: {refused}");
    }

    #[test]
    fn batches_stay_under_both_placeholder_limits() {
        assert_eq!(batch_rows(24), 416);
        assert_eq!(batch_rows(2), BATCH_ROWS);
        assert_eq!(batch_rows(0), BATCH_ROWS);
        assert_eq!(batch_rows(100_000), 1);
    }

    #[test]
    fn urls_are_refused_before_anything_is_opened() {
        let dir = tempfile::tempdir().expect("tempdir");
        let db = dir.path().join("q.db");
        std::fs::write(&db, b"").expect("a file");
        let url = format!("sqlite://{}", db.display());
        let also = format!("sqlite://{}/./q.db", dir.path().display());
        let pg = "postgres://qmark:s3cret@db/qmark";
        let said =
            |from: &str, to: &str| format!("{:#}", check_urls(from, to).expect_err("refused"));
        assert!(said(&url, &also).contains("the same database"));
        assert!(said(pg, pg).contains("the same database"));
        assert!(said(&url, "mysql://u:s3cret@h/q").contains("--to must be"));
        assert!(!said(&url, "mysql://u:s3cret@h/q").contains("s3cret"));
        assert!(said("sqlite::memory:", pg).contains("in-memory"));
        assert!(said(&format!("{url}x"), pg).contains("no database at"));
        check_urls(&url, pg).expect("a file to a server");
    }

    async fn sqlite(dir: &std::path::Path, name: &str) -> (String, Store) {
        let url = format!("sqlite://{}", dir.join(name).display());
        let store = Store::open(&url).await.expect("opens");
        (url, store)
    }

    #[tokio::test]
    async fn the_list_of_tables_is_the_schema() {
        let dir = tempfile::tempdir().expect("tempdir");
        let (_, store) = sqlite(dir.path(), "q.db").await;
        let beyond = check_tables(&store, "test")
            .await
            .expect("every table of TABLES");
        assert_eq!(beyond, Vec::<String>::new(), "TABLES is every table");
    }

    /// 1,100 messages, six of them 4 MB: batches cut by rows and by bytes, every byte copied.
    #[tokio::test]
    async fn many_rows_and_large_ones_are_copied_in_batches() {
        let dir = tempfile::tempdir().expect("tempdir");
        let (from, source) = sqlite(dir.path(), "from.db").await;
        let now = parse_ts("2026-11-23T09:00:00.000Z").expect("valid");
        let big = "x".repeat(4 << 20);
        let messages = (0..1100).map(|i| {
            let body = if i % 200 == 7 { big.as_str() } else { "refund" };
            let raw = format!("From: a{i}@c.example\r\nMessage-ID: <{i}@c>\r\n\r\n{body}\r\n");
            NewMessage {
                raw: raw.into_bytes(),
                message_id: Some(format!("{i}@c")),
                source: None,
                backfill: i % 2 == 0,
            }
        });
        let mut tx = source.write().await.expect("tx");
        insert_messages(&mut tx, messages.collect(), now)
            .await
            .expect("stored");
        tx.commit().await.expect("commit");
        let (to, target) = sqlite(dir.path(), "to.db").await;
        drop(target);
        let report = copy(&from, &to, false).await.expect("copied");
        assert!(report.committed && report.counts_agree(), "{report:?}");
        let sums = |store: Store| async move {
            sqlx::query_as::<_, (i64, i64)>(
                "SELECT SUM(LENGTH(r.raw)), SUM(m.backfill * m.id) FROM raw_messages r
                 JOIN messages m ON m.id = r.message_id",
            )
            .fetch_one(store.pool())
            .await
            .expect("sums")
        };
        let (_, target) = sqlite(dir.path(), "to.db").await;
        assert_eq!(sums(target).await, sums(source).await);
    }

    /// A source the target cannot take (an event of a case that is not there, written with
    /// foreign keys off) fails the copy half-way: the target keeps nothing of it.
    #[tokio::test]
    async fn a_failed_copy_leaves_the_target_empty() {
        use sqlx::Connection as _;
        let dir = tempfile::tempdir().expect("tempdir");
        let (from, source) = sqlite(dir.path(), "from.db").await;
        source
            .setting_default("reply_secret", "abc")
            .await
            .expect("set");
        let mut conn = sqlx::AnyConnection::connect(&from).await.expect("connect");
        sqlx::raw_sql(
            "PRAGMA foreign_keys = OFF;
             INSERT INTO case_events (case_id, at, kind, detail)
             VALUES (42, '2026-11-23T09:00:00.000Z', 'note', 'orphan')",
        )
        .execute(&mut conn)
        .await
        .expect("an orphan event");
        let (to, target) = sqlite(dir.path(), "to.db").await;
        let err = copy(&from, &to, false).await.expect_err("refused");
        assert!(format!("{err:#}").contains("case_events"), "{err:#}");
        let settings: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM settings")
            .fetch_one(target.pool())
            .await
            .expect("count");
        assert_eq!(
            settings, 0,
            "the rows copied before the failure are rolled back"
        );
    }
}
