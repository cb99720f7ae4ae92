//! Two instances, one leader (issue 15, item 3): any number of `qmark run` against one
//! PostgreSQL database; the one holding the run lock (a session advisory lock) does the work,
//! the others wait as standbys and take over when it dies.
//!
//! - **SIGKILL or a dropped connection**: the server ends the lock's session, the lock is free,
//!   and the next standby's poll (every `POLL`) takes it.
//! - **A frozen process** (SIGSTOP, a hung VM, a silent network): its kernel keeps the TCP
//!   session open, so the lock stays held. The leader refreshes a heartbeat every `HEARTBEAT`
//!   on the lock's own session; a standby that sees it `STALE_AFTER` old ends every session of
//!   the leader (`pg_terminate_backend`, by their `application_name`) and takes the lock.
//! - **The fence**: each takeover writes a new token under the write lock; every write
//!   transaction of a leader checks its token first (`Store::write`), so a leader that lost
//!   the lock without noticing cannot write, and so cannot claim an outbox row to send. It
//!   notices at its next heartbeat and exits (see `Leadership::watch`): what follows is what
//!   follows any crash, which the crash test proves loses and doubles nothing.
//!
//! Worst case after a freeze: `STALE_AFTER` + `POLL` + the time the server takes to end the
//! sessions, about 12 s, within the 15 s the issue allows.

use std::time::Duration;

use anyhow::{Context, Result};
use sqlx::{AnyConnection, Connection as _};

use super::connect::{RUN_LOCK, WRITE_LOCK, session_name, shown};
use crate::config::fingerprint::Fingerprint;

/// How often the leader refreshes its heartbeat.
pub const HEARTBEAT: Duration = Duration::from_secs(2);
/// How long a heartbeat may wait for the server before the leader gives up leading.
const HEARTBEAT_TIMEOUT: Duration = Duration::from_secs(5);
/// How old the leader's heartbeat may be before a standby ends its sessions: five missed
/// beats, so one slow query or a short network hiccup does not cost a takeover.
pub const STALE_AFTER: f64 = 10.0;
/// How long connecting, or one round of a standby, may wait for the server.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(30);
/// How often a standby tries the lock.
pub const POLL: Duration = Duration::from_secs(1);

/// What a standby does after failing to take the lock. Pure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standby {
    Wait,
    /// The leader's heartbeat is stale: end its sessions, then take the lock.
    EndLeader,
}

/// `heartbeat_age` in seconds; None when no leader row names the holder (a qmark from before
/// issue 15, or a session that holds the lock without leading): never ended, only waited for.
pub fn standby_step(heartbeat_age: Option<f64>) -> Standby {
    match heartbeat_age {
        Some(age) if age > STALE_AFTER => Standby::EndLeader,
        _ => Standby::Wait,
    }
}

/// What a standby knows while it waits, for its status server (`/readyz`, `/leader`,
/// `/metrics`): an operator asks a standby who leads and whether it could take over.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct Waiting {
    /// Who leads, as its session names itself ("qmark pid 42 on host-a"); None before the
    /// first look, empty when the lock's holder wrote no leader row.
    pub leader: Option<String>,
    /// The leader's heartbeat age in seconds at the last look, by the server's clock.
    pub heartbeat_age_s: Option<f64>,
    /// The config sections where this standby's config differs from the leader's.
    pub config_differs: Vec<String>,
    /// Why the database could not be asked at the last try, if it could not: a standby
    /// that cannot reach it cannot take over.
    pub database_error: Option<String>,
}

/// A standby's `Waiting`, shared with its status server.
pub type WaitingCell = std::sync::Arc<std::sync::Mutex<Waiting>>;

fn update(cell: &WaitingCell, f: impl FnOnce(&mut Waiting)) {
    match cell.lock() {
        Ok(mut w) => f(&mut w),
        Err(p) => f(&mut p.into_inner()),
    }
}

/// The run lock held, and the heartbeat that keeps it: dropping this ends the heartbeat and the
/// lock's session, so the lock is free at once.
pub struct Leadership {
    pub token: String,
    pub holder: String,
    heartbeat: tokio::task::JoinHandle<()>,
}

impl Drop for Leadership {
    fn drop(&mut self) {
        self.heartbeat.abort();
    }
}

/// The leader as the database records it (`qmark check`).
#[derive(Debug, Clone)]
pub struct LeaderStatus {
    pub holder: String,
    pub since: String,
    pub heartbeat_age: f64,
    pub takeovers: i64,
    pub last_reason: Option<String>,
    pub standbys: i64,
    /// Whether a session holds the run lock right now.
    pub held: bool,
    /// The leader's config (`Fingerprint::encode`); None for a command that runs once, or a
    /// qmark from before it was recorded.
    pub config: Option<String>,
}

impl LeaderStatus {
    /// The config sections in which `mine` differs from the leader's; empty when they agree or
    /// the leader's is not known.
    pub fn config_differences(&self, mine: &Fingerprint) -> Vec<String> {
        match self.config.as_deref().map(Fingerprint::decode) {
            Some(theirs) if !theirs.is_empty() => mine.differences(&theirs),
            _ => Vec::new(),
        }
    }
}

/// Take the run lock now, or say who holds it (`Err(holder)`; empty when unknown).
pub async fn try_lead(url: &str, on_lost: fn(&str)) -> Result<Result<Leadership, String>> {
    let mut conn = lock_session(url, &session_name()).await?;
    if take(&mut conn).await? {
        // A one-shot command says nothing of it: its output is its own.
        return Ok(Ok(become_leader(conn, None, None, on_lost).await?));
    }
    Ok(Err(current(&mut conn)
        .await?
        .map(|s| s.holder)
        .unwrap_or_default()))
}

/// Wait as a standby until this process leads, then lead. Logs who leads while it waits. A
/// standby outlives the database's restarts and failovers (it reconnects every `POLL`), so
/// the first qmark back after one leads; only a first connection that fails is an error.
pub async fn lead(
    url: &str,
    config: &Fingerprint,
    on_lost: fn(&str),
    waiting: &WaitingCell,
) -> Result<Leadership> {
    let standby = format!("qmark standby pid {}", std::process::id());
    // A standby's session says so: `qmark check` counts them, and a takeover never ends them.
    let mut conn = Some(lock_session(url, &standby).await?);
    let mut seen = Seen::default();
    loop {
        let round = match conn.take() {
            Some(c) => tokio::time::timeout(
                CONNECT_TIMEOUT,
                standby_round(c, url, config, &mut seen, on_lost, waiting),
            )
            .await
            .unwrap_or_else(|_| {
                Err(anyhow::anyhow!(
                    "the database did not answer within {} s",
                    CONNECT_TIMEOUT.as_secs()
                ))
            }),
            None => match lock_session(url, &standby).await {
                Ok(c) => {
                    tracing::info!("standby: the database answers again");
                    Ok(Err(c))
                }
                Err(e) => Err(e),
            },
        };
        if let Err(e) = &round {
            let why = format!("{e:#}");
            update(waiting, |w| w.database_error = Some(why));
        }
        match round {
            Ok(Ok(leadership)) => return Ok(leadership),
            Ok(Err(c)) => conn = Some(c),
            Err(e) if seen.failing => tracing::debug!("standby: {e:#}"),
            Err(e) => {
                tracing::warn!("standby: {e:#}; trying again every {} s", POLL.as_secs());
                seen.failing = true;
            }
        }
        if conn.is_some() {
            seen.failing = false;
        }
        tokio::time::sleep(POLL).await;
    }
}

/// What a standby remembers between rounds: whom it waits for (to log a change once), why it
/// will say it took over, and whether the database was failing (to log that once).
#[derive(Default)]
struct Seen {
    holder: Option<String>,
    reason: Option<String>,
    failing: bool,
    /// The leader's config as last compared, so a difference is logged once per change.
    config: Option<String>,
}

/// One try: lead (`Ok(Ok)`), or hand the connection back to wait (`Ok(Err)`), ending a leader
/// whose heartbeat is stale on the way.
async fn standby_round(
    mut conn: AnyConnection,
    url: &str,
    config: &Fingerprint,
    seen: &mut Seen,
    on_lost: fn(&str),
    waiting: &WaitingCell,
) -> Result<Result<Leadership, AnyConnection>> {
    if take(&mut conn).await? {
        rename(&mut conn, &session_name()).await?;
        let reason = seen.reason.as_deref().unwrap_or("started");
        return Ok(Ok(
            become_leader(conn, Some(reason), Some(config), on_lost).await?
        ));
    }
    let leader = current(&mut conn).await?;
    let holder = leader
        .as_ref()
        .map(|l| l.holder.clone())
        .unwrap_or_default();
    if seen.holder.as_deref() != Some(holder.as_str()) {
        let who = if holder.is_empty() {
            "another qmark run"
        } else {
            &holder
        };
        tracing::info!("standby: {who} leads {}; waiting to take over", shown(url));
        seen.reason = Some(format!("took over from {who} (its session ended)"));
        seen.holder = Some(holder.clone());
    }
    if let Some(l) = leader.as_ref().filter(|l| seen.config != l.config) {
        seen.config = l.config.clone();
        let differs = l.config_differences(config);
        if !differs.is_empty() {
            // Not refused: moving a fleet to a new config one process at a time is how it is
            // changed. But after a takeover this config routes the mail, so say so now.
            tracing::warn!(
                "standby: this config differs from the leader {holder}'s in {}; if this standby takes over, mail is routed and sent by this one",
                differs.join(", ")
            );
        }
    }
    let age = leader.as_ref().map(|l| l.heartbeat_age);
    let config_differs = leader
        .as_ref()
        .map(|l| l.config_differences(config))
        .unwrap_or_default();
    update(waiting, |w| {
        *w = Waiting {
            leader: Some(holder.clone()),
            heartbeat_age_s: age,
            config_differs,
            database_error: None,
        }
    });
    if standby_step(age) == Standby::EndLeader {
        let ended = end_sessions(&mut conn, &holder).await?;
        let age = age.unwrap_or_default();
        tracing::warn!(
            "standby: the leader {holder}'s heartbeat is {age:.0} s old (frozen or cut off); ended its {ended} session(s)"
        );
        seen.reason = Some(format!(
            "took over from {holder} (heartbeat {age:.0} s old)"
        ));
    }
    Ok(Err(conn))
}

/// A connection of its own for the lock, named `name`.
async fn lock_session(url: &str, name: &str) -> Result<AnyConnection> {
    sqlx::any::install_default_drivers();
    // A server that accepts and never answers (a stuck proxy in front of the primary) must
    // give an error, not a daemon silent forever.
    let mut conn = tokio::time::timeout(CONNECT_TIMEOUT, AnyConnection::connect(url))
        .await
        .map_err(|_| {
            anyhow::anyhow!(
                "no answer within {} s (is the host a PostgreSQL server, and is it up?)",
                CONNECT_TIMEOUT.as_secs()
            )
        })
        .and_then(|r| r.map_err(anyhow::Error::from))
        .with_context(|| format!("connecting to {} for the run lock", shown(url)))?;
    rename(&mut conn, name).await?;
    // The leader table must exist before anyone can say who leads: a fresh database is
    // migrated here, not later by the store (sqlx serialises concurrent migrators).
    super::connect::POSTGRES_MIGRATIONS
        .run(&mut conn)
        .await
        .with_context(|| format!("applying migrations to {}", shown(url)))?;
    Ok(conn)
}

async fn rename(conn: &mut AnyConnection, name: &str) -> Result<()> {
    sqlx::query("SELECT set_config('application_name', $1, false)")
        .bind(name)
        .execute(&mut *conn)
        .await
        .context("naming the run lock's session")?;
    Ok(())
}

async fn take(conn: &mut AnyConnection) -> Result<bool> {
    sqlx::query_scalar("SELECT pg_try_advisory_lock($1)")
        .bind(RUN_LOCK)
        .fetch_one(&mut *conn)
        .await
        .context("taking the run lock (a PostgreSQL advisory lock)")
}

/// End every session named `holder` in this database; how many there were.
async fn end_sessions(conn: &mut AnyConnection, holder: &str) -> Result<i64> {
    if holder.is_empty() {
        return Ok(0);
    }
    sqlx::query_scalar(
        "SELECT COUNT(*) FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity
          WHERE application_name = $1 AND datname = current_database() AND pid <> pg_backend_pid()) AS ended",
    )
    .bind(holder)
    .fetch_one(&mut *conn)
    .await
    .context("ending the frozen leader's sessions (the qmark role may end its own sessions)")
}

/// Record this process as the leader under a new token, after the old leader's sessions are
/// ended, and start the heartbeat. A daemon logs why it leads (`announce`); a command that
/// runs once does not.
async fn become_leader(
    mut conn: AnyConnection,
    announce: Option<&str>,
    config: Option<&Fingerprint>,
    on_lost: fn(&str),
) -> Result<Leadership> {
    let reason = announce.unwrap_or("a command that runs once");
    let holder = session_name();
    let previous = current(&mut conn).await?.map(|s| s.holder);
    if let Some(previous) = previous.as_deref().filter(|p| *p != holder) {
        // Its pool may still be open (only its lock's session was cut): the fence below
        // already stops its writes; ending its sessions stops its reads and makes it notice.
        end_sessions(&mut conn, previous).await?;
    }
    let mut tx = conn.begin().await.context("recording the leader")?;
    // Behind the write lock: a write the old leader has started finishes first, and every
    // later one sees the new token and fails.
    sqlx::query("SELECT 1 FROM pg_advisory_xact_lock($1)")
        .bind(WRITE_LOCK)
        .execute(&mut *tx)
        .await
        .context("waiting for the last writer before leading")?;
    // The token is new at every takeover, even for a pid seen before: the server's clock and
    // a random number.
    let token: String = sqlx::query_scalar(
        "INSERT INTO run_leader (id, token, holder, since, heartbeat_at, takeovers, last_reason, config)
         VALUES (1, $1 || ' at ' || clock_timestamp()::text || ' ' || md5(random()::text), $1, now(), now(), 0, $2, $3)
         ON CONFLICT (id) DO UPDATE SET token = EXCLUDED.token, holder = $1, since = now(),
             heartbeat_at = now(), takeovers = run_leader.takeovers + 1, last_reason = $2,
             config = $3
         RETURNING token",
    )
    .bind(&holder)
    .bind(reason)
    .bind(config.map(Fingerprint::encode))
    .fetch_one(&mut *tx)
    .await
    .context("recording the leader")?;
    tx.commit().await.context("recording the leader")?;
    if announce.is_some() {
        tracing::info!("leader: {holder} leads ({reason})");
    }
    let heartbeat = tokio::spawn(watch(conn, token.clone(), on_lost));
    Ok(Leadership {
        token,
        holder,
        heartbeat,
    })
}

/// The leader's heartbeat, on the lock's session: if it fails, times out, or finds another
/// token, this process no longer leads and `on_lost` is told (the daemon exits).
async fn watch(mut conn: AnyConnection, token: String, on_lost: fn(&str)) {
    loop {
        tokio::time::sleep(HEARTBEAT).await;
        let beat =
            sqlx::query("UPDATE run_leader SET heartbeat_at = now() WHERE id = 1 AND token = $1")
                .bind(&token)
                .execute(&mut conn);
        let why = match tokio::time::timeout(HEARTBEAT_TIMEOUT, beat).await {
            Ok(Ok(done)) if done.rows_affected() == 1 => continue,
            Ok(Ok(_)) => "another qmark run took over".to_string(),
            Ok(Err(e)) => format!("the run lock's session failed: {e}"),
            Err(_) => format!(
                "the heartbeat got no answer within {} s",
                HEARTBEAT_TIMEOUT.as_secs()
            ),
        };
        on_lost(&why);
        return;
    }
}

/// The leader row, its heartbeat's age by the server's clock, and the standbys waiting.
async fn current(conn: &mut AnyConnection) -> Result<Option<LeaderStatus>> {
    let row = status_query()
        .fetch_optional(&mut *conn)
        .await
        .context("reading who leads")?;
    row.map(decode).transpose()
}

/// `qmark check`'s view of the leader; None when no process ever led this database.
pub async fn status(pool: &sqlx::AnyPool) -> Result<Option<LeaderStatus>> {
    let row = status_query()
        .fetch_optional(pool)
        .await
        .context("reading who leads")?;
    row.map(decode).transpose()
}

fn status_query<'q>() -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments> {
    sqlx::query(
        "SELECT holder, to_char(since AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'),
                EXTRACT(EPOCH FROM now() - heartbeat_at)::float8, takeovers, last_reason,
                (SELECT COUNT(*) FROM pg_stat_activity
                  WHERE datname = current_database() AND application_name LIKE 'qmark standby %'),
                EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted
                  AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
                  AND classid::bigint = $1 AND objid::bigint = $2),
                config
           FROM run_leader WHERE id = 1",
    )
    // A bigint advisory key is kept as its high and low 32 bits.
    .bind(RUN_LOCK >> 32)
    .bind(RUN_LOCK & 0xffff_ffff)
}

fn decode(row: sqlx::any::AnyRow) -> Result<LeaderStatus> {
    use sqlx::Row as _;
    let read = || -> Result<LeaderStatus, sqlx::Error> {
        Ok(LeaderStatus {
            holder: row.try_get(0)?,
            since: row.try_get(1)?,
            heartbeat_age: row.try_get(2)?,
            takeovers: row.try_get(3)?,
            last_reason: row.try_get(4)?,
            standbys: row.try_get(5)?,
            held: row.try_get(6)?,
            config: row.try_get(7)?,
        })
    };
    read().context("reading who leads")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_standby_waits_for_a_live_or_unknown_leader() {
        assert_eq!(standby_step(None), Standby::Wait);
        assert_eq!(standby_step(Some(0.5)), Standby::Wait);
        assert_eq!(standby_step(Some(STALE_AFTER)), Standby::Wait);
    }

    #[test]
    fn a_standby_ends_a_leader_whose_heartbeat_stopped() {
        assert_eq!(standby_step(Some(STALE_AFTER + 0.1)), Standby::EndLeader);
        assert_eq!(standby_step(Some(3600.0)), Standby::EndLeader);
    }

    #[test]
    fn takeover_fits_the_fifteen_seconds() {
        let worst = STALE_AFTER + POLL.as_secs_f64() + HEARTBEAT.as_secs_f64();
        assert!(worst < 15.0, "{worst}");
    }
}
