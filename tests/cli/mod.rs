//! The command line as an operator runs it: classify, eval, check, a bad config, cases.

use std::time::Duration as StdDuration;

use crate::support::*;

#[test]
fn classify_explains_its_routing_as_json() {
    let dir = tempfile::tempdir().expect("tempdir");
    let config = dir.path().join("qmark.toml");
    std::fs::write(&config, include_str!("../../config.example.toml")).expect("write");
    let fixture = root().join("tests/fixtures/014-mixed-korean-english.eml");
    let out = qmark(&[
        "classify",
        "--config",
        config.to_str().expect("utf8"),
        fixture.to_str().expect("utf8"),
        "--json",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["route"], "billing");
    assert_eq!(v["owner"], "billing@shop.example");
    assert_eq!(v["priority"], "normal");
    assert!(v["confidence"].as_f64().expect("number") > 0.5);
    assert!(!v["reasons"].as_array().expect("array").is_empty());
}

#[test]
fn eval_refuses_a_label_folder_that_names_no_route() {
    // A typo in a label folder would otherwise be scored as a routing mistake.
    let dir = tempfile::tempdir().expect("tempdir");
    let typo = dir.path().join("biling");
    std::fs::create_dir(&typo).expect("mkdir");
    std::fs::write(typo.join("1.eml"), fixture("001-english-billing.eml")).expect("write");
    let config = root().join("config.example.toml");
    let d = dir.path().to_str().expect("utf-8 path");
    for args in [
        vec![
            "eval",
            "--config",
            config.to_str().expect("utf-8"),
            d,
            "--train",
            d,
        ],
        vec![
            "eval",
            "--config",
            config.to_str().expect("utf-8"),
            d,
            "--folds",
            "2",
        ],
    ] {
        let out = qmark(&args);
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{args:?}");
        assert_eq!(err.trim().lines().count(), 1, "{err}");
        assert!(err.contains("no route is named \"biling\""), "{err}");
    }
}

/// A mistyped command line is one line too, naming what was wrong and the likely fix, exit 2
/// (clap's own message is a block with a usage section; found by a README-only new user).
#[test]
fn a_command_line_mistake_is_one_line() {
    for (args, says) in [
        (vec!["run", "--config", "q.toml", "--bogus"], "'--bogus'"),
        (vec!["cases", "--config", "q.toml", "show"], "<ID>"),
        (
            vec!["cases", "--config", "q.toml", "list", "--status", "late"],
            "overdue",
        ),
        (vec!["clasify"], "'classify'"),
    ] {
        let out = qmark(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(err.trim_end().lines().count(), 1, "{args:?}: {err}");
        assert!(
            err.starts_with("qmark: ") && err.contains(says),
            "{args:?}: {err}"
        );
    }
    let out = qmark(&["--version"]);
    assert!(out.status.success());
}

/// Output that cannot be written is one line, not a panic with a backtrace; output its reader
/// cut short (`| head`) ends quietly with SIGPIPE's status (found by a README-only attacker).
#[test]
fn output_that_cannot_be_written_is_one_line_and_a_closed_pipe_is_quiet() {
    let dir = tempfile::tempdir().expect("tempdir");
    let config = dir.path().join("qmark.toml");
    std::fs::write(&config, include_str!("../../config.example.toml")).expect("write");
    let fixture = root().join("tests/fixtures/001-english-billing.eml");
    let args = [
        "classify",
        "--config",
        config.to_str().expect("utf8"),
        fixture.to_str().expect("utf8"),
        "--json",
    ];
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .expect("/dev/full");
    let out = std::process::Command::new(qmark_bin())
        .args(args)
        .stdout(full)
        .output()
        .expect("run qmark");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    assert!(err.starts_with("qmark: cannot write the output"), "{err}");

    let mut child = std::process::Command::new(qmark_bin())
        .args(args)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("run qmark");
    // The reader goes away before reading a byte.
    drop(child.stdout.take());
    let out = child.wait_with_output().expect("wait");
    assert_eq!(out.status.code(), Some(141));
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A file that never ends (a device, a mistyped path to a log) is refused at a ceiling with
/// one line, instead of being read until memory runs out (found by a README-only new user).
#[test]
fn an_endless_config_or_message_file_fails_with_one_line() {
    let out = qmark(&["check", "--config", "/dev/zero"]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    assert!(
        err.contains("/dev/zero") && err.contains("more than 4 MiB"),
        "{err}"
    );

    let dir = tempfile::tempdir().expect("tempdir");
    let config = dir.path().join("qmark.toml");
    std::fs::write(&config, include_str!("../../config.example.toml")).expect("write");
    let out = qmark(&[
        "classify",
        "--config",
        config.to_str().expect("utf8"),
        "/dev/zero",
    ]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    let last = err.trim_end().lines().last().unwrap_or("");
    assert!(
        last.starts_with("qmark: ") && last.contains("more than 160 MiB"),
        "{err}"
    );
}

#[test]
fn a_bad_config_fails_with_one_line_naming_the_key() {
    let dir = tempfile::tempdir().expect("tempdir");
    let config = dir.path().join("qmark.toml");
    let bad = include_str!("../../config.example.toml").replacen(
        "deadline = \"24h\"",
        "deadline = \"tomorrow\"",
        1,
    );
    std::fs::write(&config, bad).expect("write");
    for args in [
        vec!["check"],
        vec!["cases", "list"],
        vec!["run", "--once"],
        vec!["digest", "--print"],
    ] {
        let mut full = args.clone();
        full.splice(1..1, ["--config", config.to_str().expect("utf8")]);
        let out = qmark(&full);
        assert!(!out.status.success(), "{args:?} must fail");
        let err = String::from_utf8_lossy(&out.stderr);
        let last = err.trim_end().lines().last().unwrap_or("");
        assert!(
            last.starts_with("qmark: ") && last.contains("routes[0].deadline"),
            "{args:?}: {err}"
        );
    }
    let out = qmark(&["cases", "--config", "/nonexistent/qmark.toml", "list"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("/nonexistent/qmark.toml"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn check_reaches_both_servers_and_the_journal_address() {
    let w = World::new();
    w.set_config("\n[outbox]\njournal = true\n");
    let cfg = w.config_path.to_str().expect("utf8").to_string();
    let out = tokio::task::spawn_blocking(move || qmark(&["check", "--config", &cfg]))
        .await
        .expect("join");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for line in ["imap:", "smtp:", "database:"] {
        assert!(
            stdout
                .lines()
                .any(|l| l.starts_with(line) && l.contains("ok")),
            "{stdout}"
        );
    }
    let journal = w.addr("ceo").replace('@', "+journal@");
    assert!(
        stdout.contains(&format!("journal:  {journal} accepted")),
        "{stdout}"
    );
    // The probe sent nothing: the journal copy would land in the public mailbox.
    assert_eq!(w.settled("ceo").await.len(), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_binary_runs_once_and_lists_cases_as_json() {
    let w = World::new();
    w.deliver_fixture("003-korean-ks_c_5601.eml").await;
    let cfg = w.config_path.to_str().expect("utf8").to_string();
    let out = tokio::task::spawn_blocking({
        let cfg = cfg.clone();
        move || qmark(&["run", "--config", &cfg, "--once"])
    })
    .await
    .expect("join");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let summary: serde_json::Value =
        serde_json::from_slice(&out.stdout).expect("run --once prints JSON");
    assert_eq!(summary["process"]["new_cases"], 1);
    let out = qmark(&["cases", "--config", &cfg, "list", "--json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let cases: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let c = &cases[0];
    for key in [
        "id",
        "status",
        "route",
        "owner",
        "customer",
        "subject",
        "opened_at",
        "deadline",
    ] {
        assert!(!c[key].is_null(), "case JSON has {key}: {c}");
    }
    assert_eq!(c["route"], "quality");
    assert_eq!(c["status"], "open");
    let id = c["id"].as_i64().expect("id").to_string();
    let out = qmark(&["cases", "--config", &cfg, "show", &id, "--json"]);
    let shown: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert!(
        shown["history"]
            .as_array()
            .expect("history")
            .iter()
            .any(|e| e["kind"] == "routed")
    );
    assert_eq!(shown["outbox"][0]["status"], "sent");
    tokio::time::sleep(StdDuration::from_millis(10)).await;
}

/// A server that accepts IMAP connections and never says a word (a wrong port, a stuck
/// proxy): `run --once` and `check` give up with one line instead of hanging on the run lock.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_imap_server_that_never_greets_fails_the_pass_with_one_line() {
    let w = World::new();
    let silent = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = silent.local_addr().expect("addr").port();
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for conn in silent.incoming().flatten() {
            held.push(conn);
        }
    });
    // The [inbox] table comes first: its `port` is the first in the file.
    let text = w.config_text("");
    let at = text.find("\nport = ").expect("the inbox port");
    let end = at + 1 + text[at + 1..].find('\n').expect("line end");
    let text = format!(
        "{}\nport = {port}\ntimeout = \"2s\"{}",
        &text[..at],
        &text[end..]
    );
    std::fs::write(&w.config_path, text).expect("write config");
    let cfg = w.config_path.to_str().expect("utf8").to_string();
    for args in [
        vec!["run", "--config", &cfg, "--once"],
        vec!["check", "--config", &cfg],
    ] {
        let args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
        // Bounded here so that a regression fails the test instead of hanging it.
        let out = tokio::time::timeout(
            StdDuration::from_secs(120),
            tokio::task::spawn_blocking(move || {
                qmark(&args.iter().map(String::as_str).collect::<Vec<_>>())
            }),
        )
        .await
        .expect("qmark gave up on the silent server instead of hanging")
        .expect("join");
        let all = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(!out.status.success(), "{all}");
        assert!(
            all.contains(&format!("127.0.0.1:{port} did not answer")) && all.contains("timeout"),
            "{all}"
        );
    }
}

/// A mistyped SQLite `url` for the commands that only read what `qmark run` stored: one line
/// naming the missing file, and no empty database made there (the second attacker's finding:
/// "no cases", exit 0).
#[test]
fn reading_commands_refuse_a_database_file_that_does_not_exist() {
    let dir = tempfile::tempdir().expect("tempdir");
    let missing = dir.path().join("qmark-typo.db");
    let config = dir.path().join("qmark.toml");
    let text = std::fs::read_to_string(root().join("config.example.toml"))
        .expect("the example config")
        .replace(
            "url = \"sqlite://qmark.db\"",
            &format!("url = \"sqlite://{}\"", missing.display()),
        );
    assert!(
        text.contains(&missing.display().to_string()),
        "the url was replaced"
    );
    std::fs::write(&config, text).expect("config");
    let cfg = config.to_str().expect("utf8");
    for args in [
        &["cases", "--config", cfg, "list"][..],
        &["digest", "--config", cfg, "--print"][..],
        &[
            "export", "--config", cfg, "--since", "30d", "--format", "csv",
        ][..],
    ] {
        let out = qmark(args);
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{args:?}: {err}");
        assert!(err.contains("there is no database at"), "{args:?}: {err}");
        assert!(!missing.exists(), "{args:?} made {}", missing.display());
    }
}

/// `qmark export` on a file that is some other program's SQLite database: one line saying it is
/// not a qmark database, not the advice to run `qmark check` on it (which would create qmark's
/// tables there; a README-only attacker's finding). Nothing is written to it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn export_from_another_programs_database_says_it_is_not_qmarks() {
    let dir = tempfile::tempdir().expect("tempdir");
    let foreign = dir.path().join("erp.db");
    {
        use sqlx::ConnectOptions as _;
        let mut conn = sqlx::sqlite::SqliteConnectOptions::new()
            .filename(&foreign)
            .create_if_missing(true)
            .connect()
            .await
            .expect("a sqlite file");
        sqlx::query("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total INTEGER)")
            .execute(&mut conn)
            .await
            .expect("another program's table");
    }
    let before = std::fs::read(&foreign).expect("read");
    let config = dir.path().join("qmark.toml");
    let text = std::fs::read_to_string(root().join("config.example.toml"))
        .expect("the example config")
        .replace(
            "url = \"sqlite://qmark.db\"",
            &format!("url = \"sqlite://{}\"", foreign.display()),
        );
    std::fs::write(&config, text).expect("config");
    let cfg = config.to_str().expect("utf8");
    let out = qmark(&[
        "export", "--config", cfg, "--since", "30d", "--format", "csv",
    ]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{err}");
    assert!(
        err.contains("is not a qmark database") && !err.contains("qmark check"),
        "{err}"
    );
    assert_eq!(
        std::fs::read(&foreign).expect("read"),
        before,
        "nothing written"
    );
}
