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

use crate::store::{Backend, connect::SessionLock};

/// Held for as long as the process runs; dropping it releases the lock.
#[derive(Debug)]
pub struct RunLock {
    _file: File,
    pub path: PathBuf,
}

/// The lock file for a database URL (`sqlite://path?opts` → `path.lock`); None for in-memory
/// databases, which nothing else can open anyway.
pub fn lock_path(database_url: &str) -> Option<PathBuf> {
    crate::dbfiles::database_file(database_url).map(|db| crate::dbfiles::beside(&db, ".lock"))
}

/// The run lock of either database, held until dropped.
pub enum Held {
    /// SQLite: the flock on `<database>.lock`.
    File(RunLock),
    /// PostgreSQL: a session advisory lock (issue 15); another `qmark run` on the same
    /// database, from any machine, is refused.
    Postgres(SessionLock),
    /// An in-memory database: nothing else can open it.
    Nothing,
}

/// The lock is held by another process (a caller may say what to do about it, e.g. `qmark db
/// copy`: stop the daemon first); any other error is reaching or opening the lock itself.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct Busy(pub String);

/// Take the run lock of `database_url`'s database or fail with a one-line reason.
pub async fn acquire_any(database_url: &str) -> Result<Held> {
    if Backend::of_url(database_url) == Some(Backend::Postgres) {
        return match crate::store::connect::try_run_lock(database_url).await? {
            Ok(lock) => Ok(Held::Postgres(lock)),
            Err(holder) => Err(Busy(format!(
                "another qmark run{holder} is using this PostgreSQL database (it holds the run \
                 lock, an advisory lock); only one may run at a time"
            ))
            .into()),
        };
    }
    Ok(acquire(database_url)?.map_or(Held::Nothing, Held::File))
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
