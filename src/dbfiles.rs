//! The database's files on disk: which they are, and that only qmark's own user can read them.
//!
//! The database holds `settings.reply_secret`, from which anyone who reads it can mint valid
//! reply tokens, and every customer's mail (issue 11). So the database, SQLite's `-wal` and
//! `-shm` beside it, and the run lock are created mode 0600 whatever the umask. SQLite creates
//! `-wal` and `-shm` with the database file's own mode (its unix VFS copies it and fchmods a
//! new file to match), so a 0600 database gets 0600 side files.

use std::fs::OpenOptions;
use std::io::ErrorKind;
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::str::FromStr;

use anyhow::{Context, Result};
use sqlx::sqlite::SqliteConnectOptions;

/// Read and write for the owner, nothing for group and others.
pub const PRIVATE: u32 = 0o600;

/// The database file a `database.url` names (as sqlx will open it, percent-decoded); None for
/// an in-memory database or a URL sqlx would refuse anyway.
pub fn database_file(url: &str) -> Option<PathBuf> {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))?;
    let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
    if path.is_empty() || path == ":memory:" || query.split('&').any(|param| param == "mode=memory")
    {
        return None;
    }
    let options = SqliteConnectOptions::from_str(url).ok()?;
    Some(options.get_filename().to_path_buf())
}

/// `path` with `suffix` appended to its file name (`q.db` → `q.db-wal`).
pub fn beside(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// SQLite's side files of a WAL database.
pub fn side_files(db: &Path) -> [PathBuf; 2] {
    [beside(db, "-wal"), beside(db, "-shm")]
}

/// Create the database file 0600 if it does not exist yet, before SQLite creates it with
/// 0644 & ~umask. An existing file keeps its mode: the operator may have chosen it, and
/// `qmark check` says when it is too open.
pub fn create_private(db: &Path) -> Result<()> {
    match OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(PRIVATE)
        .open(db)
    {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(e).with_context(|| format!("creating the database {}", db.display())),
    }
}

/// Held while this process migrates the database (`<database>.migrate-lock`, 0600, an
/// exclusive flock, waited for): two processes opening a new or older database at once (the
/// daemon starting while `qmark check` runs) would otherwise apply the same migrations side by
/// side, and one of them was seen running on a schema missing a column. The file stays,
/// empty; only the lock matters. PostgreSQL needs none: sqlx migrates it under an advisory lock.
pub fn lock_for_migrations(db: &Path) -> Result<std::fs::File> {
    let path = beside(db, ".migrate-lock");
    let file = OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(false)
        .mode(PRIVATE)
        .open(&path)
        .with_context(|| format!("opening {}", path.display()))?;
    file.lock()
        .with_context(|| format!("waiting for another qmark migrating {}", db.display()))?;
    Ok(file)
}

/// Side files left by an earlier version or another tool keep the mode they were made with
/// (SQLite reuses an existing `-wal`/`-shm`); bring them to 0600. Missing ones are fine.
pub fn tighten_side_files(db: &Path) -> Result<()> {
    for side in side_files(db) {
        match std::fs::set_permissions(&side, std::fs::Permissions::from_mode(PRIVATE)) {
            Ok(()) => {}
            Err(e) if e.kind() == ErrorKind::NotFound => {}
            Err(e) => {
                return Err(e).with_context(|| format!("making {} private", side.display()));
            }
        }
    }
    Ok(())
}

/// The permission bits of `path` when group or others may read or write it.
pub fn too_open(path: &Path) -> Option<u32> {
    let mode = std::fs::metadata(path).ok()?.permissions().mode() & 0o777;
    (mode & 0o066 != 0).then_some(mode)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn database_file_from_url() {
        assert_eq!(
            database_file("sqlite:///var/lib/qmark/q.db?mode=rwc"),
            Some(PathBuf::from("/var/lib/qmark/q.db"))
        );
        assert_eq!(
            database_file("sqlite://data/my%20q.db"),
            Some(PathBuf::from("data/my q.db"))
        );
        assert_eq!(database_file("sqlite::memory:"), None);
        assert_eq!(database_file("sqlite://shared?mode=memory"), None);
        assert_eq!(database_file("postgres://x"), None);
    }

    #[test]
    fn created_private_and_side_files_tightened() {
        let dir = tempfile::tempdir().expect("tempdir");
        let db = dir.path().join("q.db");
        create_private(&db).expect("create");
        assert_eq!(too_open(&db), None);
        let mode = std::fs::metadata(&db).expect("exists").permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        let wal = beside(&db, "-wal");
        std::fs::write(&wal, b"").expect("write");
        std::fs::set_permissions(&wal, std::fs::Permissions::from_mode(0o644)).expect("chmod");
        assert_eq!(too_open(&wal), Some(0o644));
        tighten_side_files(&db).expect("tighten");
        assert_eq!(too_open(&wal), None);
        // An existing database keeps the mode it has.
        std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o640)).expect("chmod");
        create_private(&db).expect("exists already");
        assert_eq!(too_open(&db), Some(0o640));
    }
}
