//! Opening the database: a SQLite file (the default) or a PostgreSQL server (issue 15), both
//! through sqlx's `Any` driver, so the store's SQL is one text for both wherever the two agree
//! (placeholders are `$N`, which SQLite accepts too) and is split by `Backend` where they do not.

use anyhow::{Context, Result};
use sqlx::any::AnyPoolOptions;
use sqlx::migrate::Migrator;
use sqlx::{AnyPool, Executor as _};

/// The SQLite schema (the files directly in `migrations/`; sqlx does not read subfolders).
pub(super) static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("./migrations");
/// The PostgreSQL schema: the SQLite schema's state, numbered alike (`migrations/postgres/`).
pub(super) static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("./migrations/postgres");

/// The key of the transaction-scoped advisory lock every PostgreSQL write transaction takes
/// first: writers queue one behind the other as they do on SQLite (`BEGIN IMMEDIATE`), so the
/// read-then-write steps (the next case number, "already queued?") see no concurrent writer.
pub(super) const WRITE_LOCK: i64 = 0x716d_6172_6b01;

/// The key of the session advisory lock that makes one `qmark run` lead a PostgreSQL database
/// (the run lock; see leader.rs).
pub const RUN_LOCK: i64 = 0x716d_6172_6b02;

/// This process's name on the server: the lock's session and every pool connection carry it,
/// so a standby can end them all and `qmark check` can say who leads.
pub fn session_name() -> String {
    format!("qmark pid {} on {}", std::process::id(), host())
}

fn host() -> String {
    std::fs::read_to_string("/proc/sys/kernel/hostname")
        .map(|h| h.trim().to_string())
        .ok()
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "unknown-host".into())
}

/// Which database a `database.url` names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn of_url(url: &str) -> Option<Backend> {
        if url.starts_with("sqlite:") {
            Some(Backend::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Some(Backend::Postgres)
        } else {
            None
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Backend::Sqlite => "SQLite",
            Backend::Postgres => "PostgreSQL",
        }
    }

    pub(super) fn migrations(self) -> &'static Migrator {
        match self {
            Backend::Sqlite => &SQLITE_MIGRATIONS,
            Backend::Postgres => &POSTGRES_MIGRATIONS,
        }
    }
}

/// `url` as it may be shown (logs, errors, `qmark check`): a PostgreSQL URL's password
/// replaced by `***`, wherever it is written: in the user info, even unencoded with `/`, `@`
/// or `?` in it (the user info ends at the *last* `@`), and as a `password=` parameter.
pub fn shown(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        // Not a URL as written ("postgresql:/user:pass@host", a slash missing): whatever
        // stands between the last colon and the last `@` may be a password.
        return match url
            .rfind('@')
            .and_then(|at| url[..at].rfind(':').map(|c| (c, at)))
        {
            Some((colon, at)) => format!("{}:***{}", &url[..colon], &url[at..]),
            None => url.to_string(),
        };
    };
    let (user_info, after) = match rest.rfind('@') {
        Some(at) => {
            let user = rest[..at].split_once(':').map_or(&rest[..at], |(u, _)| u);
            let masked = if rest[..at].contains(':') {
                format!("{user}:***")
            } else {
                user.to_string()
            };
            (Some(masked), &rest[at..])
        }
        None => (None, rest),
    };
    let after = match after.split_once('?') {
        Some((path, query)) => {
            let params: Vec<String> = query
                .split('&')
                .map(|p| match p.split_once('=') {
                    Some((k, _)) if k.eq_ignore_ascii_case("password") => format!("{k}=***"),
                    _ => p.to_string(),
                })
                .collect();
            format!("{path}?{}", params.join("&"))
        }
        None => after.to_string(),
    };
    format!("{scheme}://{}{after}", user_info.unwrap_or_default())
}

fn backend(url: &str) -> Result<Backend> {
    sqlx::any::install_default_drivers();
    Backend::of_url(url).with_context(|| {
        "database.url must start with sqlite: or postgres:// (a SQLite file or a PostgreSQL server)"
    })
}

/// What every SQLite connection of the store sets first. FULL: a message acknowledged as
/// stored survives a power cut, not only a crash. temp_store: processing wraps each message of
/// a batch in a savepoint, whose statement journal is a temporary file by default (one extra
/// write() per changed page, a tenth of the writer's time in the backlog profile); in memory
/// it is as large as one message's changes, and a crash loses nothing (not committed yet).
const SQLITE_SETUP: &str = "PRAGMA busy_timeout = 10000; PRAGMA journal_mode = WAL; \
     PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA temp_store = MEMORY";
/// The one connection that marks outbox rows sent (`Store::outbox_sent`).
const SQLITE_SENT_MARKS: &str = "PRAGMA busy_timeout = 10000; PRAGMA synchronous = NORMAL; \
     PRAGMA foreign_keys = ON";
/// PostgreSQL's counterpart: a sent mark is committed without waiting for the WAL flush; only
/// a server crash can lose it, and then the row is in doubt and settled as after any crash.
const POSTGRES_SENT_MARKS: &str = "SET synchronous_commit = off";

fn with_setup(options: AnyPoolOptions, setup: &'static str) -> AnyPoolOptions {
    options.after_connect(move |conn, _meta| {
        Box::pin(async move {
            conn.execute(setup).await?;
            Ok(())
        })
    })
}

/// PostgreSQL: every connection carries this process's name (leader.rs), so a standby taking
/// over from a frozen leader can end them all, and the server's views say whose they are.
fn named(options: AnyPoolOptions) -> AnyPoolOptions {
    let name = session_name();
    options.after_connect(move |conn, _meta| {
        let name = name.clone();
        Box::pin(async move {
            sqlx::query("SELECT set_config('application_name', $1, false)")
                .bind(name)
                .execute(conn)
                .await?;
            Ok(())
        })
    })
}

/// The store's pools (everything, and the one connection for sent marks), migrated.
pub(super) async fn open(url: &str) -> Result<(AnyPool, AnyPool, Backend)> {
    let backend = backend(url)?;
    let (setup, sent_setup) = match backend {
        Backend::Sqlite => (Some(SQLITE_SETUP), SQLITE_SENT_MARKS),
        Backend::Postgres => (None, POSTGRES_SENT_MARKS),
    };
    let mut options = AnyPoolOptions::new()
        .max_connections(4)
        // Issue 6 (full disk): when SQLite rolls a transaction back by itself (SQLITE_FULL at
        // COMMIT), sqlx's own ROLLBACK then fails and the connection keeps believing it is
        // inside a transaction, so every later `BEGIN` on it fails with "non-zero transaction
        // depth" even after space returns. Such a connection is closed instead of reused. The
        // ping lets a rollback queued by a dropped transaction finish first; the common case
        // (depth 0) costs nothing.
        .before_acquire(|conn, _meta| {
            Box::pin(async move {
                use sqlx::Connection as _;
                if !conn.is_in_transaction() {
                    return Ok(true);
                }
                conn.ping().await?;
                Ok(!conn.is_in_transaction())
            })
        });
    if let Some(setup) = setup {
        options = with_setup(options, setup);
    } else {
        options = named(options);
    }
    let pool = options
        .connect(url)
        .await
        .with_context(|| format!("opening the {} database {}", backend.name(), shown(url)))?;
    backend
        .migrations()
        .run(&pool)
        .await
        .with_context(|| format!("applying migrations to {}", shown(url)))?;
    let mut sent_options = with_setup(AnyPoolOptions::new().max_connections(1), sent_setup);
    if backend == Backend::Postgres {
        sent_options = named(sent_options);
    }
    let sent_marks = sent_options
        .connect(url)
        .await
        .with_context(|| format!("opening the {} database {}", backend.name(), shown(url)))?;
    Ok((pool, sent_marks, backend))
}

/// A pool that cannot write: SQLite opens the file read-only, PostgreSQL's sessions default
/// to read-only transactions. With `long_reads` its statements are not logged as slow:
/// `qmark db copy` streams each table through one SELECT that lasts as long as the target
/// takes to write the rows, which is no slow query worth a warning.
pub(super) async fn open_read_only(url: &str, long_reads: bool) -> Result<(AnyPool, Backend)> {
    use sqlx::ConnectOptions as _;
    let backend = backend(url)?;
    let (url, setup) = match backend {
        Backend::Sqlite => (read_only_sqlite_url(url), "PRAGMA busy_timeout = 10000"),
        Backend::Postgres => (url.to_string(), "SET default_transaction_read_only = on"),
    };
    let mut options: sqlx::any::AnyConnectOptions = url
        .parse()
        .with_context(|| format!("reading the database URL {}", shown(&url)))?;
    if long_reads {
        options = options.disable_statement_logging();
    }
    let pool = with_setup(AnyPoolOptions::new().max_connections(2), setup)
        .connect_with(options)
        .await
        .with_context(|| {
            format!(
                "opening database {} to read (does it exist? `qmark run` creates it)",
                shown(&url)
            )
        })?;
    Ok((pool, backend))
}

/// `url` with `mode=ro` in place of any `mode` it gave.
fn read_only_sqlite_url(url: &str) -> String {
    let (base, query) = url.split_once('?').unwrap_or((url, ""));
    let mut params: Vec<&str> = query
        .split('&')
        .filter(|p| !p.is_empty() && !p.starts_with("mode="))
        .collect();
    params.push("mode=ro");
    format!("{base}?{}", params.join("&"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backends_from_urls() {
        assert_eq!(Backend::of_url("sqlite://q.db"), Some(Backend::Sqlite));
        assert_eq!(Backend::of_url("sqlite::memory:"), Some(Backend::Sqlite));
        assert_eq!(
            Backend::of_url("postgres://u:p@h/db"),
            Some(Backend::Postgres)
        );
        assert_eq!(
            Backend::of_url("postgresql://h/db"),
            Some(Backend::Postgres)
        );
        assert_eq!(Backend::of_url("mysql://h/db"), None);
    }

    #[test]
    fn passwords_are_not_shown() {
        assert_eq!(
            shown("postgres://qmark:s3cr:et@db.example.com:5432/qmark"),
            "postgres://qmark:***@db.example.com:5432/qmark"
        );
        assert_eq!(shown("postgres://db/qmark"), "postgres://db/qmark");
        assert_eq!(
            shown("postgres://qmark@db/qmark"),
            "postgres://qmark@db/qmark"
        );
        assert_eq!(shown("sqlite://q.db"), "sqlite://q.db");
    }

    #[test]
    fn passwords_written_carelessly_are_not_shown_either() {
        // Found by a README-only attacker: an unencoded `/` in the password, and the password
        // as a query parameter, were printed whole.
        assert_eq!(
            shown("postgres://qmark:SEC/RETq3@127.0.0.1:55432/x"),
            "postgres://qmark:***@127.0.0.1:55432/x"
        );
        assert_eq!(
            shown("postgres://qmark@127.0.0.1:55432/x?password=qmark-test&sslmode=require"),
            "postgres://qmark@127.0.0.1:55432/x?password=***&sslmode=require"
        );
        assert_eq!(
            shown("postgres://h/x?sslmode=disable&PASSWORD=p"),
            "postgres://h/x?sslmode=disable&PASSWORD=***"
        );
        assert_eq!(
            shown("postgres://qmark:a@b?c/d@h:1/x"),
            "postgres://qmark:***@h:1/x"
        );
        // A slash missing after the scheme (the second attacker): not a URL, still masked.
        assert_eq!(
            shown("postgresql:/qmark:S3CRET@127.0.0.1:55432/x"),
            "postgresql:/qmark:***@127.0.0.1:55432/x"
        );
        assert_eq!(shown("sqlite:q.db"), "sqlite:q.db");
        assert_eq!(
            shown("sqlite:///tmp/a b/q.db?mode=rwc"),
            "sqlite:///tmp/a b/q.db?mode=rwc"
        );
    }

    #[test]
    fn read_only_replaces_the_mode() {
        assert_eq!(
            read_only_sqlite_url("sqlite://q.db"),
            "sqlite://q.db?mode=ro"
        );
        assert_eq!(
            read_only_sqlite_url("sqlite://q.db?mode=rwc&cache=shared"),
            "sqlite://q.db?cache=shared&mode=ro"
        );
    }
}
