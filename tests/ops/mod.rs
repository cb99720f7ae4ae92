//! Issue 14: `qmark run` as an operator runs it. The daemon against the real servers with
//! `[metrics]` on a free loopback port: `/readyz` turns ready, `/metrics` moves when a complaint
//! arrives and is forwarded, a dead SMTP server is named; systemd's notify protocol on a socket
//! the test owns (READY=1, WATCHDOG=1, STATUS=, a refused and an accepted SIGHUP reload).

use std::os::unix::net::UnixDatagram;
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::support::*;

/// A loopback port nobody listens on (bound, then released).
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free loopback port")
        .port()
}

fn spawn(w: &World, env: &[(&str, &str)]) -> (tokio::process::Child, std::path::PathBuf) {
    spawn_with(w, &w.config_path, "daemon.log", env)
}

fn spawn_with(
    w: &World,
    config: &std::path::Path,
    log: &str,
    env: &[(&str, &str)],
) -> (tokio::process::Child, std::path::PathBuf) {
    let log = w.dir.path().join(log);
    let err = std::fs::File::create(&log).expect("log file");
    let mut cmd = tokio::process::Command::new(qmark_bin());
    cmd.args(["run", "--config", config.to_str().expect("utf8")])
        .env("QMARK_TEST_IMAP_PASSWORD", PASSWORD)
        .stdout(std::process::Stdio::null())
        .stderr(err)
        .kill_on_drop(true);
    for (k, v) in env {
        cmd.env(k, v);
    }
    (cmd.spawn().expect("daemon starts"), log)
}

/// GET `path`: the status code and the body (None while nothing listens yet).
async fn get(port: u16, path: &str) -> Option<(u16, String)> {
    let mut s = tokio::net::TcpStream::connect(("127.0.0.1", port))
        .await
        .ok()?;
    let req = format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    s.write_all(req.as_bytes()).await.ok()?;
    let mut buf = Vec::new();
    s.read_to_end(&mut buf).await.ok()?;
    let text = String::from_utf8_lossy(&buf).to_string();
    let code = text.get(9..12)?.parse().ok()?;
    let body = text.split_once("\r\n\r\n").map(|(_, b)| b.to_string())?;
    Some((code, body))
}

/// Poll `path` until `done` holds (up to a minute: the daemon's first IMAP login and SMTP
/// probe), returning the last answer.
async fn until(port: u16, path: &str, done: impl Fn(u16, &str) -> bool) -> (u16, String) {
    let mut last = (0, String::new());
    for _ in 0..300 {
        if let Some((code, body)) = get(port, path).await {
            if done(code, &body) {
                return (code, body);
            }
            last = (code, body);
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    panic!("{path} never reached the expected state; last answer: {last:?}");
}

/// The value of one series in a Prometheus text exposition.
fn series(text: &str, name_and_labels: &str) -> Option<f64> {
    text.lines()
        .find(|l| l.starts_with(name_and_labels) && l[name_and_labels.len()..].starts_with(' '))
        .and_then(|l| l.rsplit(' ').next())
        .and_then(|v| v.parse().ok())
}

fn complaint(w: &World, subject: &str) -> Vec<u8> {
    format!(
        "From: Dana Customer <dana@customer.example>\r\nTo: {}\r\nSubject: {subject}\r\nMessage-ID: <{}@customer.example>\r\nDate: Mon, 23 Nov 2026 09:00:00 +0000\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nI was charged twice for order 1182. Please refund the double charge.\r\n",
        w.addr("ceo"),
        rand::random::<u64>()
    )
    .into_bytes()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn metrics_and_readiness_follow_a_complaint_through_the_real_servers() {
    let w = World::new();
    let port = free_port();
    w.set_config(&format!("[metrics]\nlisten = \"127.0.0.1:{port}\"\n"));
    let (mut daemon, log) = spawn(&w, &[]);

    let (code, body) = until(port, "/readyz", |c, _| c == 200).await;
    let ready: serde_json::Value = serde_json::from_str(&body).expect("readyz is JSON");
    assert_eq!(
        (code, &ready["ready"]),
        (200, &serde_json::json!(true)),
        "{body}"
    );
    for part in ["imap", "smtp", "database", "outbox"] {
        assert_eq!(ready["checks"][part]["ok"], true, "{part}: {body}");
    }
    let (code, live) = get(port, "/livez").await.expect("livez answers");
    assert_eq!(code, 200, "{live}");
    let before = get(port, "/metrics").await.expect("metrics answer").1;
    assert_eq!(
        series(&before, "qmark_imap_connected"),
        Some(1.0),
        "{before}"
    );
    assert_eq!(
        series(
            &before,
            r#"qmark_messages_ingested_total{kind="complaint"}"#
        ),
        None
    );

    w.send(
        "dana@customer.example",
        &w.addr("ceo"),
        &complaint(&w, "Charged twice"),
    )
    .await;
    let forwards = w.wait_for("billing", 1).await;
    assert_eq!(forwards.len(), 1);
    let (_, metrics) = until(port, "/metrics", |_, m| {
        series(m, "qmark_forward_latency_seconds_count") == Some(1.0)
    })
    .await;
    let log_text = std::fs::read_to_string(&log).unwrap_or_default();
    for (s, v) in [
        (r#"qmark_messages_ingested_total{kind="complaint"}"#, 1.0),
        (
            r#"qmark_cases_opened_total{route="billing",priority="normal"}"#,
            1.0,
        ),
        (r#"qmark_open_cases{rung="0"}"#, 1.0),
        (r#"qmark_open_cases{rung="1"}"#, 0.0),
        ("qmark_imap_connected", 1.0),
        ("qmark_outbox_depth", 0.0),
        ("qmark_ready", 1.0),
        ("qmark_leader", 1.0),
    ] {
        assert_eq!(
            series(&metrics, s),
            Some(v),
            "{s} in\n{metrics}\nlog:\n{log_text}"
        );
    }
    // The owner answers: the first answer is timed once.
    let (to, reply) = reply_to_forward(&forwards[0], &w.addr("billing"), "Refunded today.", "");
    w.send(&w.addr("billing"), &to, &reply).await;
    let (_, metrics) = until(port, "/metrics", |_, m| {
        series(m, "qmark_time_to_first_answer_seconds_count") == Some(1.0)
    })
    .await;
    assert_eq!(
        series(&metrics, r#"qmark_messages_ingested_total{kind="answer"}"#),
        Some(1.0)
    );
    assert_eq!(series(&metrics, r#"qmark_open_cases{rung="0"}"#), Some(0.0));
    // Every family served is one qmark declares, so contrib/ (checked against the same list)
    // can rely on it.
    for family in qmark::observe::names_in(&metrics) {
        assert!(
            qmark::observe::exports(&family),
            "/metrics serves {family}, which observe::FAMILIES does not list"
        );
    }
    daemon.kill().await.expect("daemon stops");
}

/// Issue 15: a second daemon on the same database. On PostgreSQL it waits as a standby and its
/// status server says so (alive, ready to take over, not the leader, who leads), until the
/// leader is killed and it answers as the leader. On SQLite it is refused by the run lock,
/// and says that, not that the first daemon's port is taken.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_standby_answers_as_a_standby_until_it_leads() {
    let w = World::new();
    let (port, second_port) = (free_port(), free_port());
    w.set_config(&format!("[metrics]\nlisten = \"127.0.0.1:{port}\"\n"));
    let (mut leader, _) = spawn(&w, &[]);
    let (code, body) = until(port, "/leader", |c, _| c == 200).await;
    let said: serde_json::Value = serde_json::from_str(&body).expect("JSON");
    assert_eq!((code, &said["role"]), (200, &serde_json::json!("leader")));
    let (_, ready) = until(port, "/readyz", |c, _| c == 200).await;
    assert!(ready.contains(r#""role":"leader""#), "{ready}");

    if !on_postgres() {
        // The same config, so the same port: the run lock must refuse it first.
        let out = tokio::process::Command::new(qmark_bin())
            .args(["run", "--config", w.config_path.to_str().expect("utf8")])
            .env("QMARK_TEST_IMAP_PASSWORD", PASSWORD)
            .output()
            .await
            .expect("qmark runs");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{err}");
        assert!(
            err.contains("another qmark run") && !err.contains("metrics.listen"),
            "{err}"
        );
        leader.kill().await.expect("stops");
        return;
    }

    let second = w.dir.path().join("second.toml");
    std::fs::write(
        &second,
        w.config_text(&format!(
            "[metrics]\nlisten = \"127.0.0.1:{second_port}\"\n"
        )),
    )
    .expect("second config");
    let (mut standby, log) = spawn_with(&w, &second, "standby.log", &[]);
    let pid = leader.id().expect("running");
    let (code, body) = until(second_port, "/readyz", |c, b| {
        c == 200 && b.contains(&format!("qmark pid {pid} "))
    })
    .await;
    let said: serde_json::Value = serde_json::from_str(&body).expect("JSON");
    assert_eq!(said["role"], "standby", "{body}");
    assert_eq!(said["ready"], true, "{body}");
    assert!(said["heartbeat_age_s"].as_f64().is_some(), "{body}");
    assert_eq!(said["config_differs"], serde_json::json!([]), "{body}");
    let (code_leader, body_leader) = get(second_port, "/leader").await.expect("answers");
    assert_eq!(code_leader, 503, "{body_leader}");
    assert!(body_leader.contains(r#""role":"standby""#), "{body_leader}");
    let (code_live, _) = get(second_port, "/livez").await.expect("answers");
    assert_eq!((code, code_live), (200, 200));
    let metrics = get(second_port, "/metrics").await.expect("answers").1;
    assert_eq!(series(&metrics, "qmark_leader"), Some(0.0), "{metrics}");
    assert_eq!(series(&metrics, "qmark_ready"), Some(1.0), "{metrics}");
    assert_eq!(series(&metrics, "qmark_imap_connected"), None, "{metrics}");

    // SIGKILL the leader: the standby's own status server turns into the leader's.
    leader.start_kill().expect("kill");
    leader.wait().await.expect("wait");
    let (_, body) = until(second_port, "/leader", |c, _| c == 200).await;
    assert!(body.contains(r#""role":"leader""#), "{body}");
    let (_, metrics) = until(second_port, "/metrics", |_, m| {
        series(m, "qmark_leader") == Some(1.0) && series(m, "qmark_imap_connected") == Some(1.0)
    })
    .await;
    for family in qmark::observe::names_in(&metrics) {
        assert!(qmark::observe::exports(&family), "{family}");
    }
    let text = std::fs::read_to_string(&log).unwrap_or_default();
    assert!(text.contains("took over"), "{text}");
    standby.kill().await.expect("stops");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn readyz_names_a_dead_smtp_server() {
    let w = World::new();
    let port = free_port();
    let dead = free_port();
    let text = w
        .config_text(&format!("[metrics]\nlisten = \"127.0.0.1:{port}\"\n"))
        .replace(
            &format!("port = {}\n", smtp_port()),
            &format!("port = {dead}\n"),
        );
    std::fs::write(&w.config_path, text).expect("write config");
    let (mut daemon, _log) = spawn(&w, &[]);
    let (code, body) = until(port, "/readyz", |_, b| {
        b.contains(r#""imap":{"ok":true}"#) && b.contains("smtp")
    })
    .await;
    let ready: serde_json::Value = serde_json::from_str(&body).expect("readyz is JSON");
    assert_eq!(code, 503, "{body}");
    assert_eq!(ready["ready"], false);
    assert_eq!(ready["failing"], serde_json::json!(["smtp"]), "{body}");
    let why = ready["checks"]["smtp"]["error"]
        .as_str()
        .unwrap_or_default();
    assert!(
        why.contains(&dead.to_string()),
        "the error names the server: {why}"
    );
    // Alive all the same: the loop turns, it just cannot send.
    assert_eq!(get(port, "/livez").await.map(|r| r.0), Some(200));
    daemon.kill().await.expect("daemon stops");
}

/// Read datagrams until one contains `want` (a minute at most); returns everything read.
fn notified(sock: &UnixDatagram, want: &str, seen: &mut String) {
    let mut buf = [0u8; 4096];
    for _ in 0..60 {
        if seen.contains(want) {
            return;
        }
        if let Ok(n) = sock.recv(&mut buf) {
            seen.push_str(&String::from_utf8_lossy(&buf[..n]));
            seen.push('\n');
        }
    }
    panic!("never notified {want:?}; got:\n{seen}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn systemd_hears_ready_watchdog_status_and_reloads() {
    let w = World::new();
    let path = w.dir.path().join("notify.sock");
    let sock = UnixDatagram::bind(&path).expect("bind the notify socket");
    sock.set_read_timeout(Some(Duration::from_secs(1)))
        .expect("timeout");
    let path_text = path.to_str().expect("utf8").to_string();
    let (mut daemon, log) = spawn(&w, &[("NOTIFY_SOCKET", &path_text)]);
    let pid = daemon.id().expect("running").to_string();

    let mut seen = String::new();
    notified(&sock, "READY=1", &mut seen);
    notified(&sock, "WATCHDOG=1", &mut seen);
    notified(&sock, "STATUS=last pass", &mut seen);

    // A broken config: refused, logged, the daemon keeps running on the old one.
    std::fs::write(&w.config_path, "[inbox\nthis is not toml").expect("break the config");
    let hup = || {
        std::process::Command::new("kill")
            .args(["-HUP", &pid])
            .status()
            .expect("kill runs")
    };
    assert!(hup().success());
    let mut after = String::new();
    notified(&sock, "RELOADING=1", &mut after);
    notified(&sock, "STATUS=reload refused", &mut after);
    assert!(
        daemon.try_wait().expect("wait").is_none(),
        "the daemon died"
    );
    let text = std::fs::read_to_string(&log).expect("log");
    assert!(text.contains("config reload refused"), "{text}");

    // A good one again: taken, and the loop starts again on it.
    w.set_config("");
    let mut good = String::new();
    assert!(hup().success());
    notified(&sock, "RELOADING=1", &mut good);
    notified(&sock, "READY=1", &mut good);
    let text = std::fs::read_to_string(&log).expect("log");
    assert!(text.contains("reloaded the config"), "{text}");
    assert!(
        daemon.try_wait().expect("wait").is_none(),
        "the daemon died"
    );
    daemon.kill().await.expect("daemon stops");
}

/// Issue 14 item 6: `QMARK_LOG_FORMAT=json` makes every stderr line a JSON object, and the
/// decision to open a case is one event carrying the case number.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn json_logs_carry_one_event_per_decision_with_its_case() {
    let w = World::new();
    w.send(
        "dana@customer.example",
        &w.addr("ceo"),
        &complaint(&w, "Charged twice (json logs)"),
    )
    .await;
    w.wait_for("ceo", 1).await;
    let out = std::process::Command::new(qmark_bin())
        .args([
            "run",
            "--once",
            "--config",
            w.config_path.to_str().expect("utf8"),
        ])
        .env("QMARK_TEST_IMAP_PASSWORD", PASSWORD)
        .env("QMARK_LOG_FORMAT", "json")
        .env("QMARK_LOG", "info")
        .output()
        .expect("qmark runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    let events: Vec<serde_json::Value> = stderr
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect();
    let opened: Vec<&serde_json::Value> = events
        .iter()
        .filter(|e| e["message"] == "case opened")
        .collect();
    assert_eq!(opened.len(), 1, "{stderr}");
    assert_eq!(opened[0]["case"], 1, "{stderr}");
    // The stored message's number has a field of its own: one named `message` would take the
    // place of the event's text in the JSON line.
    assert!(opened[0]["message_id"].is_i64(), "{stderr}");
    assert_eq!(opened[0]["route"], "billing", "{stderr}");
    assert_eq!(opened[0]["level"], "INFO", "{stderr}");
    assert!(opened[0]["timestamp"].is_string(), "{stderr}");
    assert!(!stderr.contains(PASSWORD), "no secret in the log");
}
