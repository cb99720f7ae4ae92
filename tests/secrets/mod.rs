//! Secrets (issue 11): the real `qmark` binary against the real servers never writes the IMAP
//! password or the reply secret to its log, even at trace, and keeps its database files
//! private to its own user whatever the umask.

use std::os::unix::fs::PermissionsExt;
use std::time::Duration as StdDuration;

use crate::support::*;

/// `qmark args…` started by a shell that first sets `umask` (the operator's, not ours).
fn qmark_with_umask(umask: &str, args: &[&str]) -> std::process::Command {
    let mut cmd = std::process::Command::new("sh");
    cmd.arg("-c")
        .arg(format!("umask {umask}; exec \"$0\" \"$@\""))
        .arg(qmark_bin())
        .args(args)
        .env("QMARK_TEST_IMAP_PASSWORD", PASSWORD);
    cmd
}

async fn reply_secret(w: &World) -> String {
    let url = database_url(&w.dir.path().join("qmark.db"));
    let store = qmark::store::Store::open(&url)
        .await
        .expect("database opens");
    store
        .setting("reply_secret")
        .await
        .expect("settings are readable")
        .expect("run --once stored a reply secret")
}

fn mode(path: &std::path::Path) -> u32 {
    std::fs::metadata(path)
        .unwrap_or_else(|e| panic!("{} must exist: {e}", path.display()))
        .permissions()
        .mode()
        & 0o777
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn trace_logging_shows_neither_the_imap_password_nor_the_reply_secret() {
    let w = World::new();
    w.deliver_fixture("001-english-billing.eml").await;
    let cfg = w.config_path.to_str().expect("utf8").to_string();
    let out = tokio::task::spawn_blocking(move || {
        qmark_with_umask("022", &["run", "--config", &cfg, "--once"])
            // Naming the protocol crates does not lift the cap either.
            .env(
                "QMARK_LOG",
                "trace,async_imap::imap_stream=trace,lettre=trace",
            )
            .output()
            .expect("qmark runs")
    })
    .await
    .expect("join");
    let log = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{log}");
    let summary: serde_json::Value =
        serde_json::from_slice(&out.stdout).expect("run --once prints JSON");
    // It logged in, read the complaint and sent its forward: the password and the secret were
    // both used in this run.
    assert_eq!(summary["ingest"]["stored"], 1, "{summary}");
    assert_eq!(summary["send"]["sent"], 1, "{summary}");
    w.wait_for("billing", 1).await;

    // The trace level really was on, so the assertions below can fail: without the cap,
    // async-imap's trace line `LOGIN "…" "test-pass"` is in this log. (qmark says at trace
    // that the protocol crates are capped.)
    assert!(
        log.lines()
            .any(|l| l.contains("TRACE") && l.contains("qmark::logging")),
        "QMARK_LOG=trace logged nothing at trace ({} bytes):\n{log}",
        log.len()
    );
    eprintln!(
        "trace log: {} bytes, {} lines",
        log.len(),
        log.lines().count()
    );
    assert!(
        !log.contains(PASSWORD),
        "the IMAP password is in the trace log"
    );
    let secret = reply_secret(&w).await;
    assert!(secret.len() >= 32, "a real secret: {} chars", secret.len());
    assert!(
        !log.contains(&secret),
        "the reply secret is in the trace log"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_database_its_side_files_and_the_lock_are_private_under_umask_022() {
    let w = World::new();
    w.deliver_fixture("001-english-billing.eml").await;
    let cfg = w.config_path.to_str().expect("utf8").to_string();
    // The daemon, so that SQLite's -wal and -shm exist while it runs (a clean exit removes
    // them).
    let mut daemon =
        tokio::process::Command::from(qmark_with_umask("022", &["run", "--config", &cfg]));
    let mut daemon = daemon
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .expect("daemon starts");
    w.wait_for("billing", 1).await;
    let db = w.dir.path().join("qmark.db");
    let files = ["", "-wal", "-shm", ".lock"].map(|suffix| {
        let mut name = db.as_os_str().to_owned();
        name.push(suffix);
        std::path::PathBuf::from(name)
    });
    for _ in 0..100 {
        if files.iter().all(|f| f.exists()) {
            break;
        }
        tokio::time::sleep(StdDuration::from_millis(100)).await;
    }
    let modes: Vec<(String, u32)> = files
        .iter()
        .map(|f| (f.display().to_string(), mode(f)))
        .collect();
    daemon.kill().await.expect("the daemon we started stops");
    let shown: Vec<String> = modes.iter().map(|(f, m)| format!("{f} {m:03o}")).collect();
    eprintln!("modes under umask 022: {shown:?}");
    for (file, m) in &modes {
        assert_eq!(*m, 0o600, "{file} is {m:03o}, not 600");
    }

    // An operator who loosens it is told how to fix it; `check` still succeeds.
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o644)).expect("chmod");
    let out = qmark_with_umask("022", &["check", "--config", &cfg])
        .output()
        .expect("qmark check runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let warning = format!("fix it with: chmod 600 {}", db.display());
    assert!(
        stdout
            .lines()
            .any(|l| l.starts_with("warning:") && l.ends_with(&warning)),
        "{stdout}"
    );
}
