//! The run lock: one `qmark run` (daemon or `--once`) per database, so two senders never drain
//! one outbox and no forward goes out twice.
//!
//! An exclusive `flock` on `<database>.lock`, taken with std's `File::try_lock`. The kernel
//! drops it when the process ends however it ends (SIGKILL included), so there is no stale
//! lease to expire and a restarted daemon starts at once; an SQLite lease would need a
//! heartbeat and a takeover delay after every crash. SQLite itself does not work on network
//! filesystems, where flock is unreliable too, so this assumes nothing more than it does.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Seek, SeekFrom, Write};
use std::os::unix::fs::OpenOptionsExt;
use std::path::PathBuf;

use anyhow::{Context, Result};

use crate::store::{Backend, leader::Leadership};

/// Held for as long as the process runs; dropping it releases the lock.
#[derive(Debug)]
pub struct RunLock {
    _file: File,
    pub path: PathBuf,
}

/// The lock file for a database URL (`sqlite://path?opts` → `path.lock`); None for in-memory
/// databases, which nothing else can open anyway.
pub fn lock_path(database_url: &str) -> Option<PathBuf> {
    let db = crate::dbfiles::database_file(database_url)?;
    // One lock per file, however it is named: through a symlink, a second daemon took a lock
    // of its own beside the link and ran on the same file (found by a README-only attacker).
    let db = std::fs::canonicalize(&db).unwrap_or(db);
    Some(crate::dbfiles::beside(&db, ".lock"))
}

/// The run lock of either database, held until dropped.
pub enum Held {
    /// SQLite: the flock on `<database>.lock`.
    File(RunLock),
    /// PostgreSQL: a session advisory lock and its heartbeat (issue 15, see store/leader.rs).
    Postgres(Leadership),
    /// An in-memory database: nothing else can open it.
    Nothing,
}

impl Held {
    /// Make `store` write only while this process leads (PostgreSQL; see store/leader.rs).
    pub fn fence(&self, store: &crate::store::Store) {
        if let Held::Postgres(l) = self {
            store.fence(&l.token);
        }
    }
}

/// The lock is held by another process (a caller may say what to do about it, e.g. `qmark db
/// copy`: stop the daemon first); any other error is reaching or opening the lock itself.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct Busy(pub String);

/// Take the run lock of `database_url`'s database or fail with a one-line reason: for the
/// commands that run once (`run --once`, `digest --send`, `backfill`, `db copy`), which should
/// not sit waiting behind a daemon.
pub async fn acquire_any(database_url: &str) -> Result<Held> {
    if Backend::of_url(database_url) == Some(Backend::Postgres) {
        return match crate::store::leader::try_lead(database_url, lost).await? {
            Ok(lock) => Ok(Held::Postgres(lock)),
            Err(holder) => {
                let holder = if holder.is_empty() {
                    String::new()
                } else {
                    format!(" ({holder})")
                };
                Err(Busy(format!(
                    "another qmark run{holder} leads this PostgreSQL database (it holds the run \
                     lock, an advisory lock); only one may run at a time"
                ))
                .into())
            }
        };
    }
    Ok(acquire(database_url)?.map_or(Held::Nothing, Held::File))
}

/// The daemon's run lock. On PostgreSQL a second daemon does not fail: it waits as a standby
/// and leads once the leader is gone (issue 15). On SQLite one daemon per file, as before.
/// `waiting` is what the standby's status server shows meanwhile.
pub async fn lead(
    database_url: &str,
    config: &crate::config::fingerprint::Fingerprint,
    waiting: &crate::store::leader::WaitingCell,
) -> Result<Held> {
    if Backend::of_url(database_url) == Some(Backend::Postgres) {
        return Ok(Held::Postgres(
            crate::store::leader::lead(database_url, config, lost, waiting).await?,
        ));
    }
    acquire_any(database_url).await
}

/// A leader that finds it no longer leads stops at once: its tasks are mid-way through
/// sends and transactions that cannot all be cancelled cleanly, and stopping is what a crash
/// does, which the crash test proves loses and doubles nothing. The unit's Restart= brings it
/// back as a standby. 75 is EX_TEMPFAIL.
fn lost(why: &str) {
    tracing::error!("lost the lead of the database: {why}; exiting so a standby takes over");
    std::process::exit(75);
}

/// Who holds the SQLite run lock, for `qmark check`: `Some(pid)` while a `qmark run` holds
/// it (the pid may be empty), None when it is free or there is no lock file yet. Read from the
/// kernel's list of held locks (`/proc/locks`), never by trying the lock: a probe holding it
/// for an instant could make a daemon starting at that instant refuse to run.
pub fn holder(database_url: &str) -> Option<String> {
    use std::os::unix::fs::MetadataExt;
    let path = lock_path(database_url)?;
    let meta = std::fs::metadata(&path).ok()?;
    let locks = std::fs::read_to_string("/proc/locks").ok()?;
    if !flock_held(&locks, meta.dev(), meta.ino()) {
        return None;
    }
    let pid = std::fs::read_to_string(&path).unwrap_or_default();
    Some(pid.trim().to_string())
}

/// Whether `/proc/locks` lists a FLOCK on the file `dev`/`ino` ("1: FLOCK ADVISORY WRITE 42
/// fd:01:1234 0 EOF": the device as hex major:minor, then the inode). Pure.
fn flock_held(locks: &str, dev: u64, ino: u64) -> bool {
    let major = ((dev >> 8) & 0xfff) | ((dev >> 32) & !0xfff);
    let minor = (dev & 0xff) | ((dev >> 12) & !0xff);
    let file = format!("{major:02x}:{minor:02x}:{ino}");
    locks.lines().any(|line| {
        let fields: Vec<&str> = line.split_whitespace().collect();
        // A blocked waiter's line starts "1: -> FLOCK ...": only granted locks count.
        fields.get(1) == Some(&"FLOCK") && fields.get(5) == Some(&file.as_str())
    })
}

/// Take the lock or fail with a one-line reason naming the holder.
pub fn acquire(database_url: &str) -> Result<Option<RunLock>> {
    let Some(path) = lock_path(database_url) else {
        return Ok(None);
    };
    let mut file = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        // Issue 11: like the database, whatever the umask (it names the database's holder).
        .mode(crate::dbfiles::PRIVATE)
        .open(&path)
        .with_context(|| format!("opening the run lock {}", path.display()))?;
    match file.try_lock() {
        Ok(()) => {}
        Err(TryLockError::WouldBlock) => {
            let mut holder = String::new();
            let _ = file.read_to_string(&mut holder);
            let holder = holder.trim();
            let holder = if holder.is_empty() {
                String::new()
            } else {
                format!(" (pid {holder})")
            };
            return Err(Busy(format!(
                "another qmark run{holder} is using this database (lock {}); only one may run at a time",
                path.display()
            ))
            .into());
        }
        Err(TryLockError::Error(e)) => {
            return Err(e).with_context(|| format!("locking {}", path.display()));
        }
    }
    // Who holds it, for the message above; the lock itself is the flock, not this text.
    let _ = file.set_len(0);
    let _ = file.seek(SeekFrom::Start(0));
    let _ = write!(file, "{}", std::process::id());
    let _ = file.flush();
    Ok(Some(RunLock { _file: file, path }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_held_flock_is_read_from_proc_locks() {
        let locks = "1: POSIX  ADVISORY  WRITE 7 fd:01:99 0 EOF\n2: FLOCK  ADVISORY  WRITE 42 fd:01:1234 0 EOF\n2: -> FLOCK  ADVISORY  WRITE 43 fd:01:777 0 EOF\n";
        let dev = (0xfd << 8) | 0x01;
        assert!(flock_held(locks, dev, 1234));
        assert!(
            !flock_held(locks, dev, 99),
            "a POSIX lock is not the run lock"
        );
        assert!(!flock_held(locks, dev, 777), "a waiter does not hold it");
        assert!(!flock_held(locks, dev + 1, 1234), "another device");
    }

    #[test]
    fn check_sees_the_lock_this_process_holds_and_not_a_free_one() {
        let dir = tempfile::tempdir().expect("tempdir");
        let url = format!("sqlite://{}", dir.path().join("q.db").display());
        assert_eq!(holder(&url), None, "no lock file yet");
        let held = acquire(&url).expect("lock").expect("a file lock");
        assert_eq!(holder(&url), Some(std::process::id().to_string()));
        drop(held);
        assert_eq!(holder(&url), None, "released");
    }

    #[test]
    fn a_symlink_to_the_database_shares_its_lock() {
        let dir = tempfile::tempdir().expect("tempdir");
        let db = dir.path().join("q.db");
        std::fs::write(&db, b"").expect("db");
        let link = dir.path().join("link.db");
        std::os::unix::fs::symlink(&db, &link).expect("symlink");
        let held = acquire(&format!("sqlite://{}", db.display()))
            .expect("lock")
            .expect("a file lock");
        let err = acquire(&format!("sqlite://{}", link.display()))
            .expect_err("the same file through a link must be refused");
        assert!(format!("{err:#}").contains("another qmark run"), "{err:#}");
        drop(held);
    }

    #[test]
    fn lock_path_from_url() {
        assert_eq!(
            lock_path("sqlite:///var/lib/qmark/q.db?mode=rwc"),
            Some(PathBuf::from("/var/lib/qmark/q.db.lock"))
        );
        assert_eq!(lock_path("sqlite::memory:"), None);
    }

    #[test]
    fn second_lock_is_refused_and_released_on_drop() {
        let dir = tempfile::tempdir().expect("tempdir");
        let url = format!("sqlite://{}", dir.path().join("q.db").display());
        let first = acquire(&url).expect("first lock").expect("a file lock");
        let second = acquire(&url).expect_err("second lock must be refused");
        assert!(
            format!("{second:#}").contains(&format!("pid {}", std::process::id())),
            "{second:#}"
        );
        drop(first);
        acquire(&url).expect("free again after drop");
    }
}
