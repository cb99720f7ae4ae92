//! qmark's integration tests: real Dovecot and Postfix, real SMTP and IMAP clients, a real
//! SQLite file per test. One test binary (see tests/support for the helpers).

// Tests state their assumptions with `.expect("why")`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;
// Issue 6: fault tests, in their own file to keep this one readable.
mod faults;
// Issue 11: no secret in the log at any level, the database private whatever the umask.
mod secrets;
// Issue 11: a copy is taken once; a reused Message-ID is not a copy.
mod dedupe;
// Issue 11: a complaint too large to attach still reaches its owner; nothing is lost.
mod large;
// Issue 11: mail-parser's own test corpus through the whole daemon.
mod corpus;
// Issue 11: the adversarial suite, one attack per test.
mod adversarial;
// Issue 13: XOAUTH2 through the real Dovecot and Postfix, tokens from a stand-in provider.
mod oauth;
// Issue 16: what people see (times in their zone, one rung after downtime, the chart).
mod look;
// Issue 12 item 5 and issue 16 item 3: what the customer wants, the sentence of their problem.
mod wants;
// Issue 12: urgency corrections that teach the router; triage with its candidates.
mod urgency;
// Issue 14: metrics, health endpoints, systemd notify and reload.
mod ops;

use std::time::Duration as StdDuration;

use std::path::Path;

use chrono::Duration;
use qmark::runner::run_once;
use support::*;

fn subjects(msgs: &[Vec<u8>]) -> Vec<String> {
    msgs.iter().map(|m| parsed(m).subject).collect()
}

async fn count(app: &qmark::app::App, sql: &'static str) -> i64 {
    sqlx::query_scalar(sql)
        .fetch_one(app.store.pool())
        .await
        .expect("count query")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn complaints_in_english_and_legacy_korean_are_forwarded_to_their_owners_with_the_original() {
    let w = World::new();
    w.deliver_fixture("001-english-billing.eml").await;
    let korean = w.deliver_fixture("002-korean-euc-kr.eml").await;
    let app = w.app().await;

    let outcome = run_once(&app, now()).await.expect("run once");
    assert_eq!(outcome.ingest.stored, 2);
    assert_eq!(outcome.process.new_cases, 2);
    assert_eq!(outcome.send.sent, 2);

    let billing = w.wait_for("billing", 1).await;
    let f = parsed(&billing[0]);
    assert_eq!(f.subject, "? Charged twice for order #4471 [#1]");
    assert_eq!(
        f.text.lines().next(),
        Some("?"),
        "the first line of a forward is `?`"
    );
    assert!(
        f.text.contains("refund"),
        "the customer's text is in the forward: {}",
        f.text
    );
    assert_eq!(f.attachments.len(), 1);
    assert_eq!(f.attachments[0].content_type, "message/rfc822");
    assert_eq!(f.auto.auto_submitted.as_deref(), Some("auto-generated"));
    let reply_to = header(&billing[0], "Reply-To").expect("Reply-To");
    assert!(
        reply_to.contains(&format!("{}ceo+", w.prefix)),
        "Reply-To leads back to the case: {reply_to}"
    );

    let shipping = w.wait_for("shipping", 1).await;
    let k = parsed(&shipping[0]);
    let original = parsed(&korean);
    assert!(
        original.subject.contains("배송"),
        "fixture decodes: {}",
        original.subject
    );
    assert_eq!(
        k.subject,
        format!("? {} [#2]", original.subject),
        "EUC-KR subject survives as text"
    );
    assert!(
        k.text.contains("택배"),
        "EUC-KR body decoded into the forward: {}",
        k.text
    );
    // The attached original is the customer's bytes, intact.
    let part_start = billing[0]
        .windows(b"Content-Type: message/rfc822".len())
        .position(|w| w == b"Content-Type: message/rfc822")
        .expect("rfc822 part");
    assert!(
        String::from_utf8_lossy(&billing[0][part_start..])
            .contains("Charged twice for order #4471"),
        "original attached"
    );

    let cases = app.store.list_cases(None, now()).await.expect("list");
    let routes: Vec<(&str, &str)> = cases
        .iter()
        .map(|c| (c.route.as_str(), c.status.as_str()))
        .collect();
    assert_eq!(routes, vec![("billing", "open"), ("shipping", "open")]);
    // The mailbox was left as configured: both messages carry the processed keyword.
    let flags = inbox_flags(&w.addr("ceo")).await;
    assert!(
        flags
            .iter()
            .all(|f| f.iter().any(|x| x.contains("QmarkProcessed"))),
        "{flags:?}"
    );
    // Nothing else went out.
    assert_eq!(w.settled("billing").await.len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_owners_reply_answers_the_case_and_copies_the_executive_but_a_strangers_does_not() {
    let w = World::new();
    w.deliver_fixture("001-english-billing.eml").await;
    let app = w.app().await;
    run_once(&app, now()).await.expect("run once");
    let forward = w.wait_for("billing", 1).await.remove(0);

    // A stranger who learned the reply address cannot answer.
    let (to, stranger) =
        reply_to_forward(&forward, &w.addr("mallory"), "Case closed, ignore it.", "");
    w.send(&w.addr("mallory"), &to, &stranger).await;
    w.wait_for("ceo", 2).await;
    run_once(&app, now()).await.expect("run once");
    let case = &app.store.list_cases(None, now()).await.expect("list")[0];
    assert_eq!(case.status, "open", "a stranger's reply changes nothing");
    let events = app.store.events(case.id).await.expect("events");
    assert!(
        events.iter().any(|e| e.kind == "unauthorized_reply"),
        "{events:?}"
    );

    let (to, reply) = reply_to_forward(
        &forward,
        &w.addr("billing"),
        "We refunded the second charge today.\r\n\r\nOn Mon, 23 Nov 2026, Office wrote:\r\n> ?",
        "",
    );
    w.send(&w.addr("billing"), &to, &reply).await;
    w.wait_for("ceo", 3).await;
    let outcome = run_once(&app, now()).await.expect("run once");
    assert_eq!(outcome.process.processed, 1);

    let case = app
        .store
        .case(case.id)
        .await
        .expect("case")
        .expect("exists");
    assert_eq!(case.status, "answered");
    assert!(case.first_answered_at.is_some());
    let events = app.store.events(case.id).await.expect("events");
    let answered = events
        .iter()
        .find(|e| e.kind == "answered")
        .expect("answer recorded");
    assert!(
        answered
            .detail
            .contains("We refunded the second charge today.")
    );
    assert!(
        !answered.detail.contains("Office wrote"),
        "quoted history is cut: {}",
        answered.detail
    );

    let copies = w.wait_for("founder", 1).await;
    let copy = parsed(&copies[0]);
    assert!(copy.subject.starts_with("Answered: "), "{}", copy.subject);
    assert!(copy.text.contains("We refunded the second charge today."));
    assert_eq!(
        w.settled("founder").await.len(),
        1,
        "one copy, and none for the stranger"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unanswered_case_escalates_exactly_once_across_repeated_runs() {
    let w = World::new();
    w.deliver_fixture("001-english-billing.eml").await;
    let app = w.app().await;
    let t0 = now();
    run_once(&app, t0).await.expect("run once");
    w.wait_for("billing", 1).await;

    // Not yet due.
    let early = run_once(&app, t0 + Duration::hours(23)).await.expect("run");
    assert_eq!(early.escalated, 0);

    let late = t0 + Duration::hours(25);
    let first = run_once(&app, late).await.expect("run");
    assert_eq!(first.escalated, 1);
    let again = run_once(&app, late).await.expect("run");
    assert_eq!(again.escalated, 0, "same instant, nothing new");
    let later = run_once(&app, late + Duration::hours(5))
        .await
        .expect("run");
    assert_eq!(later.escalated, 0, "rung 1 is climbed once");

    let cfo = w.settled("cfo").await;
    assert_eq!(cfo.len(), 1, "exactly one ?? to the escalation contact");
    let esc = parsed(&cfo[0]);
    assert_eq!(esc.subject, "?? Charged twice for order #4471 [#1]");
    assert!(esc.text.starts_with("??"), "{}", esc.text);
    let cc = header(&cfo[0], "Cc").expect("owner in Cc");
    assert!(cc.contains(&w.addr("billing")), "{cc}");
    // The owner got the forward and the ?? copy, nothing more.
    assert_eq!(subjects(&w.mailbox("billing").await).len(), 2);
    let case = &app.store.list_cases(None, late).await.expect("list")[0];
    assert_eq!(case.rung, 1);
    // One copy per person (each with a token made for that person): the contact and the owner.
    assert_eq!(
        purposes(&app, 1, "escalation").await,
        vec![
            format!("[\"{}\"]", w.addr("cfo")),
            format!("[\"{}\"]", w.addr("billing"))
        ]
    );
}

async fn next_due(app: &qmark::app::App, case: i64) -> Option<String> {
    sqlx::query_scalar("SELECT next_due_at FROM cases WHERE id = ?")
        .bind(case)
        .fetch_one(app.store.pool())
        .await
        .expect("next_due_at")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stored_due_time_is_worked_out_again_when_the_case_or_the_clock_config_changes() {
    let w = World::new();
    w.deliver_fixture("001-english-billing.eml").await;
    let app = w.app().await;
    run_once(&app, now()).await.expect("run once");
    let case = app.store.list_cases(None, now()).await.expect("list")[0].clone();
    // The pass worked it out: the case's deadline (no reminders in this config), not "now".
    assert_eq!(next_due(&app, case.id).await, Some(case.deadline.clone()));

    // Any write that moves the case's clock puts it back to '' (due now, worked out again),
    // even one that knows nothing about next_due_at.
    sqlx::query("UPDATE cases SET deadline = '2030-01-01T00:00:00.000Z' WHERE id = ?")
        .bind(case.id)
        .execute(app.store.pool())
        .await
        .expect("update");
    assert_eq!(next_due(&app, case.id).await.as_deref(), Some(""));
    run_once(&app, now()).await.expect("run once");
    assert_eq!(
        next_due(&app, case.id).await.as_deref(),
        Some("2030-01-01T00:00:00.000Z")
    );
    drop(app);

    // Reopened on an unchanged config: nothing to redo.
    let app = w.app().await;
    assert_eq!(
        next_due(&app, case.id).await.as_deref(),
        Some("2030-01-01T00:00:00.000Z")
    );
    drop(app);
    // The reminders changed in the config: every open case is worked out again.
    w.set_config("\n[time]\nreminders = [\"50%\"]\n");
    let app = w.app().await;
    assert_eq!(next_due(&app, case.id).await.as_deref(), Some(""));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_out_of_office_reply_does_not_answer_and_gets_nothing_back() {
    let w = World::new();
    w.deliver_fixture("001-english-billing.eml").await;
    let app = w.app().await;
    run_once(&app, now()).await.expect("run once");
    let forward = w.wait_for("billing", 1).await.remove(0);

    let (to, ooo) = reply_to_forward(
        &forward,
        &w.addr("billing"),
        "I am out of the office until Monday.",
        "Auto-Submitted: auto-replied\r\nX-Auto-Response-Suppress: All\r\n",
    );
    w.send(&w.addr("billing"), &to, &ooo).await;
    w.wait_for("ceo", 2).await;
    let outcome = run_once(&app, now()).await.expect("run once");
    assert_eq!(outcome.process.processed, 1);
    assert_eq!(
        outcome.send.sent, 0,
        "nothing is sent in response to an auto-reply"
    );

    let case = &app.store.list_cases(None, now()).await.expect("list")[0];
    assert_eq!(case.status, "open", "an out-of-office is not an answer");
    assert!(case.first_answered_at.is_none());
    let events = app.store.events(case.id).await.expect("events");
    assert!(events.iter().any(|e| e.kind == "auto_reply"), "{events:?}");
    assert_eq!(w.settled("founder").await.len(), 0);
    assert_eq!(w.mailbox("billing").await.len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_same_message_delivered_twice_is_one_case() {
    let w = World::new();
    w.deliver_fixture("001-english-billing.eml").await;
    w.deliver_fixture("001-english-billing.eml").await;
    let app = w.app().await;
    let outcome = run_once(&app, now()).await.expect("run once");
    assert_eq!(outcome.ingest.fetched, 2);
    assert_eq!(outcome.ingest.stored, 1);
    assert_eq!(outcome.ingest.duplicates, 1);
    // And a later pass fetches nothing again.
    let again = run_once(&app, now()).await.expect("run once");
    assert_eq!(again.ingest.fetched, 0);
    assert_eq!(
        app.store.list_cases(None, now()).await.expect("list").len(),
        1
    );
    assert_eq!(w.settled("billing").await.len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_crash_between_storing_and_forwarding_loses_nothing_and_forwards_once() {
    let w = World::new();
    w.deliver_fixture("001-english-billing.eml").await;
    w.deliver_fixture("005-html-only.eml").await;
    {
        // Stage 1 only: fetch and store. Then the process "dies": everything in memory is gone.
        let app = w.app().await;
        let mut session = qmark::ingest::connect(&app.config.inbox)
            .await
            .expect("connect");
        let got = qmark::ingest::ingest_once(&app, &mut session, now())
            .await
            .expect("ingest");
        assert_eq!(got.stored, 2);
        drop(session);
    }
    {
        // Stage 2 only: decide and queue the forwards; the process dies before sending.
        let app = w.app().await;
        let p = qmark::pipeline::process_once(&app, now())
            .await
            .expect("process");
        assert_eq!(p.new_cases, 2);
    }
    assert!(
        w.mailbox("billing").await.is_empty(),
        "nothing was sent yet"
    );
    // Restart: the queued forwards go out once; the messages are not taken again.
    let app = w.app().await;
    let outcome = run_once(&app, now()).await.expect("run once");
    assert_eq!(outcome.ingest.fetched, 0);
    assert_eq!(outcome.process.processed, 0);
    assert_eq!(outcome.send.sent, 2);
    run_once(&app, now()).await.expect("run once");
    assert_eq!(w.settled("billing").await.len(), 1);
    assert_eq!(w.mailbox("shipping").await.len(), 1);
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM outbox WHERE status = 'sent'").await,
        2
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_digest_counts_match_the_database_and_it_is_sent_once_per_instant() {
    let w = World::new();
    w.set_config("\n[digest]\nschedule = \"0 0 8 * * *\"\ntimezone = \"UTC\"\n");
    for f in [
        "001-english-billing.eml",
        "002-korean-euc-kr.eml",
        "012-no-message-id.eml",
        "009-bulk-newsletter.eml",
    ] {
        w.deliver_fixture(f).await;
    }
    let app = w.app().await;
    let t0 = now();
    run_once(&app, t0).await.expect("run once");
    // Answer the billing case.
    let forward = w.wait_for("billing", 1).await.remove(0);
    let (to, reply) = reply_to_forward(&forward, &w.addr("billing"), "Refunded.", "");
    w.send(&w.addr("billing"), &to, &reply).await;
    w.wait_for("ceo", 5).await;
    run_once(&app, t0).await.expect("run once");

    // A day's digest, before any deadline passed: everything happened inside its period.
    let at = t0 + Duration::hours(23);
    let (view, text, html) = qmark::digest::render(&app, at)
        .await
        .expect("digest renders");
    let db_open = count(&app, "SELECT COUNT(*) FROM cases WHERE status = 'open'").await;
    let db_answered = count(
        &app,
        "SELECT COUNT(*) FROM cases WHERE first_answered_at IS NOT NULL",
    )
    .await;
    let db_cases = count(&app, "SELECT COUNT(*) FROM cases").await;
    let db_bulk = count(&app, "SELECT COUNT(*) FROM messages WHERE kind = 'bulk'").await;
    assert_eq!(
        (view.new_count as i64, view.open_count as i64),
        (db_cases, db_open)
    );
    assert_eq!(
        (view.new_count, view.open_count, view.overdue_count),
        (3, 2, 0)
    );
    assert_eq!(view.answered_count as i64, db_answered);
    assert_eq!(view.answered_count, 1);
    assert_eq!(view.set_aside_count, db_bulk);
    assert_eq!(
        view.set_aside_count, 1,
        "the newsletter was set aside, not a case"
    );
    assert!(
        text.contains("New cases: 3   Open: 2   Overdue: 0   Answered: 1"),
        "{text}"
    );
    assert!(html.contains("<b>2</b> open"), "{html}");

    // A day later both open cases are overdue, and the digest says with whom.
    let at = t0 + Duration::hours(30);
    let (view, text, _) = qmark::digest::render(&app, at)
        .await
        .expect("digest renders");
    assert_eq!(view.overdue_count, 2);
    assert!(
        text.contains(&w.addr("shipping")) && text.contains(&w.addr("triage")),
        "{text}"
    );

    // The scheduled digest goes out once for its instant, however often the loop runs.
    let next8 = {
        let d = (at + Duration::days(1))
            .date_naive()
            .and_hms_opt(8, 0, 0)
            .expect("valid");
        d.and_utc()
    };
    let first = run_once(&app, next8 + Duration::minutes(1))
        .await
        .expect("run");
    assert_eq!(first.digests, 1);
    let second = run_once(&app, next8 + Duration::minutes(2))
        .await
        .expect("run");
    assert_eq!(second.digests, 0);
    // The founder also got the answer copy; the digest is the other one.
    let founder = w.settled("founder").await;
    let digests: Vec<String> = subjects(&founder)
        .into_iter()
        .filter(|s| s.starts_with("qmark digest"))
        .collect();
    assert_eq!(digests.len(), 1, "{digests:?}");
}

// ---- the command line ------------------------------------------------------------------------

fn qmark(args: &[&str]) -> std::process::Output {
    std::process::Command::new(qmark_bin())
        .args(args)
        .env("QMARK_TEST_IMAP_PASSWORD", PASSWORD)
        .output()
        .expect("qmark runs")
}

#[test]
fn classify_explains_its_routing_as_json() {
    let dir = tempfile::tempdir().expect("tempdir");
    let config = dir.path().join("qmark.toml");
    std::fs::write(&config, include_str!("../config.example.toml")).expect("write");
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

#[test]
fn a_bad_config_fails_with_one_line_naming_the_key() {
    let dir = tempfile::tempdir().expect("tempdir");
    let config = dir.path().join("qmark.toml");
    let bad = include_str!("../config.example.toml").replacen(
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

// ---- golden mail fixtures (pure: no servers) ----------------------------------------------------

fn outcome_of(config: &qmark::config::Config, raw: &[u8]) -> (String, String) {
    // The daemon's own reading (rules only: the golden outcomes predate any learning).
    let read = qmark::intake::intake(config, None, raw);
    let outcome = match (read.automatic, read.decision) {
        (Some(a), _) => a.as_str().to_string(),
        (None, Some(d)) => d.route,
        (None, None) => "unrouted".into(),
    };
    (outcome, read.mail.subject)
}

#[test]
fn golden_fixtures_are_understood_and_routed_as_expected() {
    let config = qmark::config::Config::parse(&config_text("g-", Path::new("/nonexistent.db"), ""))
        .expect("test config");
    let expected =
        std::fs::read_to_string(root().join("tests/fixtures/expected.txt")).expect("expected.txt");
    let mut actual = String::new();
    let mut mismatches = Vec::new();
    for line in expected
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        let mut cols = line.split('\t');
        let file = cols.next().expect("file column");
        let want = cols.next().expect("outcome column");
        let want_subject = cols.next();
        let (got, subject) = outcome_of(&config, &fixture(file));
        actual.push_str(&format!("{file}\t{got}\t{subject}\n"));
        if got != want || want_subject.is_some_and(|s| s != subject) {
            mismatches.push(format!(
                "{file}: expected {want} {want_subject:?}, got {got} {subject:?}"
            ));
        }
    }
    if !mismatches.is_empty() {
        let path = root().join("target/fixtures-actual.txt");
        std::fs::write(&path, &actual).expect("write actual");
        panic!(
            "{} fixture(s) differ (actual written to {}):\n{}",
            mismatches.len(),
            path.display(),
            mismatches.join("\n")
        );
    }
}

#[test]
fn legacy_charsets_decode_to_their_words() {
    for (file, words) in [
        ("002-korean-euc-kr.eml", &["배송", "택배"][..]),
        ("003-korean-ks_c_5601.eml", &["불량", "파손", "똠"][..]),
        ("004-japanese-iso-2022-jp.eml", &["返金"][..]),
        ("013-gb18030-chinese.eml", &["退款"][..]),
    ] {
        let m = parsed(&fixture(file));
        for w in words {
            assert!(
                m.text.contains(w),
                "{file}: {w} not in decoded text {:?}",
                m.text
            );
        }
        assert!(
            !m.text.contains('\u{fffd}'),
            "{file}: replacement characters in {:?}",
            m.text
        );
    }
}

#[test]
fn hostile_and_huge_mail_is_read_without_panic() {
    let m = parsed(&fixture("011-header-injection.eml"));
    assert!(!m.subject.contains('\r') && !m.subject.contains('\n'));
    let name = m.from.and_then(|f| f.name).expect("display name");
    assert!(!name.contains('\n') && !name.contains('\r'), "{name:?}");
    let huge = parsed(&fixture("015-huge.eml"));
    assert!(huge.text_truncated);
    assert!(huge.text.len() <= qmark::mail::TEXT_LIMIT);
    // A forward built from hostile input carries no injected header.
    let head = qmark::mail::compose::Head {
        from: qmark::mail::address::NamedAddress::parse("ceo@example.test").expect("valid"),
        reply_to: None,
        to: vec![qmark::mail::address::Address::parse("owner@example.test").expect("valid")],
        cc: vec![],
        subject: format!("? {}", m.subject),
        message_id: "x.1@example.test".into(),
        in_reply_to: None,
        references: vec![],
        date: now(),
        auto_submitted: "auto-generated",
        loop_marker: qmark::mail::address::Address::parse("ceo@example.test").expect("valid"),
        case_id: None,
        forward_max_bytes: qmark::config::DEFAULT_FORWARD_MAX_BYTES,
    };
    let bytes = qmark::mail::compose::compose(
        &head,
        qmark::mail::compose::Body {
            text: m.text.clone(),
            html: None,
            original: Some(&fixture("011-header-injection.eml")),
            inline: Vec::new(),
        },
    );
    let top = bytes
        .split(|b| *b == b'\n')
        .take_while(|l| l != b"\r" && !l.is_empty())
        .count();
    let headers: Vec<String> = bytes
        .split(|b| *b == b'\n')
        .take(top)
        .map(|l| String::from_utf8_lossy(l).to_lowercase())
        .collect();
    assert!(
        !headers.iter().any(|h| h.starts_with("bcc:")),
        "{headers:?}"
    );
}

#[test]
fn an_outlook_reply_keeps_only_the_new_text() {
    let m = parsed(&fixture("016-outlook-reply-ko.eml"));
    let text = qmark::case::understand::reply_text(&m.text);
    assert!(
        !text.contains("원본 메시지") && !text.contains("보낸 사람"),
        "{text}"
    );
    assert!(!text.is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_daemon_forwards_new_mail_as_it_arrives_and_stops_on_sigterm() {
    let w = World::new();
    let mut daemon = tokio::process::Command::new(qmark_bin())
        .args(["run", "--config", w.config_path.to_str().expect("utf8")])
        .env("QMARK_TEST_IMAP_PASSWORD", PASSWORD)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .expect("daemon starts");
    // Give it time to connect and enter IDLE, then deliver: the forward must follow without
    // any further command.
    tokio::time::sleep(StdDuration::from_millis(1500)).await;
    w.deliver_fixture("001-english-billing.eml").await;
    let forwards = w.wait_for("billing", 1).await;
    assert_eq!(
        parsed(&forwards[0]).subject,
        "? Charged twice for order #4471 [#1]"
    );
    w.deliver_fixture("014-mixed-korean-english.eml").await;
    w.wait_for("billing", 2).await;

    let pid = daemon.id().expect("running");
    // SAFETY: plain kill(2) on our own child.
    unsafe { libc_kill(pid as i32, 15) };
    let status = tokio::time::timeout(StdDuration::from_secs(15), daemon.wait())
        .await
        .expect("the daemon stops within 15 s of SIGTERM")
        .expect("wait");
    assert!(status.success(), "clean exit on SIGTERM: {status:?}");
    assert_eq!(w.settled("billing").await.len(), 2);
}

unsafe extern "C" {
    #[link_name = "kill"]
    fn libc_kill(pid: i32, sig: i32) -> i32;
}

// ---- the answer loop: threading, commands, acknowledgments, loops, impostors ----------------------

async fn open_one(
    w: &World,
    extra_config: &str,
    subject: &str,
    body: &str,
) -> (qmark::app::App, Vec<u8>) {
    w.set_config(extra_config);
    let raw = message(&w.customer(), &w.addr("ceo"), subject, body, "");
    w.deliver(&w.customer(), &raw).await;
    let app = w.app().await;
    let out = run_once(&app, now()).await.expect("run once");
    assert_eq!(out.process.new_cases, 1);
    (app, raw)
}

async fn case1(app: &qmark::app::App) -> qmark::store::CaseRow {
    app.store
        .case(1)
        .await
        .expect("case")
        .expect("case 1 exists")
}

async fn kinds(app: &qmark::app::App, id: i64) -> Vec<String> {
    app.store
        .events(id)
        .await
        .expect("events")
        .into_iter()
        .map(|e| e.kind)
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn outlook_without_references_and_gmail_to_the_bare_address_both_find_the_case() {
    let w = World::new();
    let (app, _) = open_one(&w, "", "Refund please", "I want a refund for order 77.").await;
    let forward = w.wait_for("billing", 1).await.remove(0);
    let reply_to = header(&forward, "Reply-To").expect("Reply-To");
    let reply_to = reply_to.trim_matches(['<', '>']).to_string();
    // Outlook: to the Reply-To address, "RE:", a Thread-Index, no In-Reply-To, no References.
    let outlook = message(
        &w.addr("billing"),
        &reply_to,
        "RE: ? Refund please [#1]",
        "Looking into it.\r\n\r\n-----Original Message-----\r\nFrom: Office\r\n?",
        "Thread-Index: AdtB2Y4xQ2JhZGNmZGVmZ2hpamtsbW5vcA==\r\nThread-Topic: Refund please\r\n",
    );
    w.deliver_to(&w.addr("billing"), &reply_to, &outlook).await;
    run_once(&app, now()).await.expect("run");
    assert_eq!(
        case1(&app).await.status,
        "open",
        "a holding reply does not stop the clock"
    );
    assert!(kinds(&app, 1).await.contains(&"holding_reply".to_string()));

    // Gmail: to the bare public address (Reply-To ignored), but with References to our forward.
    let mid = header(&forward, "Message-ID").expect("Message-ID");
    let gmail = message(
        &w.addr("billing"),
        &w.addr("ceo"),
        "Re: ? Refund please [#1]",
        "Refunded in full today.\r\n\r\nOn Mon, 23 Nov 2026 at 09:00, Office <x> wrote:\r\n> ?",
        &format!("In-Reply-To: {mid}\r\nReferences: {mid}\r\n"),
    );
    w.deliver(&w.addr("billing"), &gmail).await;
    run_once(&app, now()).await.expect("run");
    let case = case1(&app).await;
    assert_eq!(case.status, "answered");
    let messages = app.store.case_messages(1).await.expect("messages");
    let how: Vec<String> = messages
        .iter()
        .filter_map(|m| m.matched_by.clone())
        .collect();
    assert!(
        how.iter()
            .any(|h| h.starts_with("reply token (high confidence)")),
        "{how:?}"
    );
    assert!(how.iter().any(|h| h.starts_with("references")), "{how:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn impostors_change_nothing() {
    let w = World::new();
    let (app, _) = open_one(&w, "", "Refund please", "refund for order 78").await;
    let forward = w.wait_for("billing", 1).await.remove(0);
    // A spoofed From (the owner's address) without any token: the subject tag finds the case,
    // but without a token nobody becomes the owner by writing a From line.
    let spoof = message(
        &w.addr("billing"),
        &w.addr("ceo"),
        "Re: ? Refund please [#1]",
        "#close",
        "",
    );
    w.deliver(&w.addr("mallory"), &spoof).await;
    // A forged token.
    let forged_to = format!("{}ceo+q1-0123456789abcdef@{DOMAIN}", w.prefix);
    let forged = message(
        &w.addr("billing"),
        &forged_to,
        "Re: ? Refund please",
        "#close",
        "",
    );
    w.deliver_to(&w.addr("mallory"), &forged_to, &forged).await;
    // The right token from the wrong person.
    let (to, stolen) = reply_to_forward(&forward, &w.addr("mallory"), "#close", "");
    w.deliver_to(&w.addr("mallory"), &to, &stolen).await;
    run_once(&app, now()).await.expect("run");
    let case = case1(&app).await;
    assert_eq!(case.status, "open", "no impostor closed the case");
    let events = app.store.events(1).await.expect("events");
    let unauthorized = events
        .iter()
        .filter(|e| e.kind == "unauthorized_reply")
        .count();
    assert!(unauthorized >= 2, "{events:?}");

    // With a trusted authserv-id, even the real owner needs the receiving server's word.
    w.set_config("[security]\ntrusted_authserv_id = \"mx.example.test\"\n");
    let app = w.app().await;
    let (to, unauth) = reply_to_forward(
        &forward,
        &w.addr("billing"),
        "#close",
        "Authentication-Results: mx.evil.example; dkim=pass header.d=example.test\r\n",
    );
    w.deliver_to(&w.addr("billing"), &to, &unauth).await;
    run_once(&app, now()).await.expect("run");
    assert_eq!(
        case1(&app).await.status,
        "open",
        "a self-written Authentication-Results from another server does not count"
    );
    let (to, auth) = reply_to_forward(
        &forward,
        &w.addr("billing"),
        "#close",
        "Authentication-Results: mx.example.test; dkim=pass header.d=example.test header.s=s1\r\n",
    );
    w.deliver_to(&w.addr("billing"), &to, &auth).await;
    run_once(&app, now()).await.expect("run");
    assert_eq!(case1(&app).await.status, "closed");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn commands_by_reply_reassign_wait_note_reply_and_errors() {
    let w = World::new();
    let (app, complaint) = open_one(&w, "", "Refund please", "refund for order 79").await;
    let forward = w.wait_for("billing", 1).await.remove(0);

    // Unknown command: one short error reply to the sender.
    let (to, bad) = reply_to_forward(&forward, &w.addr("billing"), "#frobnicate now", "");
    w.deliver_to(&w.addr("billing"), &to, &bad).await;
    run_once(&app, now()).await.expect("run");
    let billing = w.wait_for("billing", 2).await;
    assert!(
        parsed(&billing[1])
            .text
            .contains("unknown command #frobnicate"),
        "{}",
        parsed(&billing[1]).text
    );

    // #note: internal, nothing sent.
    let (to, note) = reply_to_forward(
        &forward,
        &w.addr("billing"),
        "#note called the bank, waiting for them",
        "",
    );
    w.deliver_to(&w.addr("billing"), &to, &note).await;
    // #wait 3d: paused, back after three days.
    let (to, wait) = reply_to_forward(&forward, &w.addr("billing"), "#wait 3d", "");
    w.deliver_to(&w.addr("billing"), &to, &wait).await;
    let t = now();
    run_once(&app, t).await.expect("run");
    let case = case1(&app).await;
    assert_eq!(case.status, "waiting");
    let escalations = run_once(&app, t + Duration::hours(30))
        .await
        .expect("run")
        .escalated;
    assert_eq!(escalations, 0, "a paused case does not escalate");
    run_once(&app, t + Duration::days(3) + Duration::minutes(1))
        .await
        .expect("run");
    assert_eq!(case1(&app).await.status, "open", "back after the pause");
    let events = kinds(&app, 1).await;
    for k in ["note", "waiting", "resumed", "command_error"] {
        assert!(events.contains(&k.to_string()), "{k} in {events:?}");
    }

    // #reassign: the new owner gets a ? forward with the complaint; the clock restarts.
    let (to, reassign) = reply_to_forward(
        &forward,
        &w.addr("billing"),
        &format!("#reassign {}", w.addr("quality")),
        "",
    );
    w.deliver_to(&w.addr("billing"), &to, &reassign).await;
    run_once(&app, now()).await.expect("run");
    let q = w.wait_for("quality", 1).await;
    let qf = parsed(&q[0]);
    assert!(qf.subject.starts_with("? Refund please"), "{}", qf.subject);
    assert_eq!(qf.attachments[0].content_type, "message/rfc822");
    assert_eq!(case1(&app).await.owner, w.addr("quality"));
    // The old owner's token no longer answers: billing is not the owner any more.
    let (to, late) = reply_to_forward(&forward, &w.addr("billing"), "Done, refunded.", "");
    w.deliver_to(&w.addr("billing"), &to, &late).await;
    run_once(&app, now()).await.expect("run");
    assert_eq!(case1(&app).await.status, "open");

    // #reply from the new owner: the customer gets the answer, in their thread, from the public address.
    let (to, reply) = reply_to_forward(
        &q[0],
        &w.addr("quality"),
        "#reply\r\nDear customer,\r\nwe refunded order 79 today.",
        "",
    );
    w.deliver_to(&w.addr("quality"), &to, &reply).await;
    run_once(&app, now()).await.expect("run");
    assert_eq!(case1(&app).await.status, "answered");
    let mut got = Vec::new();
    for _ in 0..50 {
        got = w.customer_mail().await;
        if !got.is_empty() {
            break;
        }
        tokio::time::sleep(StdDuration::from_millis(100)).await;
    }
    assert_eq!(got.len(), 1, "the customer got exactly the answer");
    let answer = parsed(&got[0]);
    assert!(answer.text.contains("we refunded order 79 today."));
    assert!(!answer.text.contains("#reply"));
    assert_eq!(
        header(&got[0], "From").map(|f| f.contains(&w.addr("ceo"))),
        Some(true)
    );
    let customer_mid = parsed(&complaint)
        .message_id
        .expect("complaint has a Message-ID");
    assert_eq!(
        answer.in_reply_to,
        vec![customer_mid],
        "in the customer's thread"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn acknowledgments_follow_ups_and_reopening() {
    let w = World::new();
    let (app, _) = open_one(
        &w,
        "[acknowledgment]\nenabled = true\n",
        "배송 문의",
        "주문한 택배가 아직 도착하지 않았습니다. 확인 부탁드립니다.",
    )
    .await;
    let mut acks = Vec::new();
    for _ in 0..50 {
        acks = w.customer_mail().await;
        if !acks.is_empty() {
            break;
        }
        tokio::time::sleep(StdDuration::from_millis(100)).await;
    }
    assert_eq!(acks.len(), 1);
    let ack = parsed(&acks[0]);
    assert!(
        ack.text.contains("접수 번호는 #1"),
        "Korean template for a Korean customer: {}",
        ack.text
    );
    assert!(
        ack.text.contains("Shipping team"),
        "the team, not a person: {}",
        ack.text
    );
    assert!(!ack.text.contains(&w.addr("shipping")));
    assert_eq!(ack.auto.auto_submitted.as_deref(), Some("auto-replied"));

    // The owner answers; then the customer replies to the acknowledgment: the case reopens and
    // the follow-up goes into the owner's ? thread.
    let forward = w.wait_for("shipping", 1).await.remove(0);
    let (to, answer) = reply_to_forward(
        &forward,
        &w.addr("shipping"),
        "The courier lost it; we sent a new one.",
        "",
    );
    w.deliver_to(&w.addr("shipping"), &to, &answer).await;
    run_once(&app, now()).await.expect("run");
    assert_eq!(case1(&app).await.status, "answered");
    let (to, follow) = reply_to_forward(&acks[0], &w.customer(), "아직도 못 받았어요.", "");
    w.deliver_to(&w.customer(), &to, &follow).await;
    run_once(&app, now()).await.expect("run");
    assert_eq!(
        case1(&app).await.status,
        "open",
        "a customer writing on an answered case reopens it"
    );
    let shipping = w.wait_for("shipping", 2).await;
    let f = parsed(&shipping[1]);
    assert!(f.text.contains("아직도 못 받았어요"));
    let root = header(&forward, "Message-ID").expect("mid");
    assert_eq!(
        header(&shipping[1], "In-Reply-To"),
        Some(root),
        "in the owner's existing thread"
    );

    // A second complaint from the same customer inside the window: a new case, possibly related,
    // and no second acknowledgment.
    let other = message(
        &w.customer(),
        &w.addr("ceo"),
        "다른 문의: 환불",
        "환불 요청드립니다.",
        "",
    );
    w.deliver(&w.customer(), &other).await;
    run_once(&app, now()).await.expect("run");
    let case2 = app.store.case(2).await.expect("case").expect("a new case");
    assert_eq!(case2.route, "billing");
    assert!(
        kinds(&app, 2)
            .await
            .contains(&"possibly_related".to_string())
    );
    assert!(kinds(&app, 2).await.contains(&"ack_skipped".to_string()));
    assert_eq!(
        w.customer_mail().await.len(),
        1,
        "one acknowledgment per sender per window"
    );
    let billing = w.wait_for("billing", 1).await;
    assert!(
        parsed(&billing[0])
            .text
            .contains("possibly the same matter as case #1")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn auto_responders_never_get_mail_and_never_loop() {
    let w = World::new();
    let (app, _) = open_one(
        &w,
        "[acknowledgment]\nenabled = true\n",
        "Refund please",
        "refund for order 80",
    )
    .await;
    let mut acks = Vec::new();
    for _ in 0..50 {
        acks = w.customer_mail().await;
        if !acks.is_empty() {
            break;
        }
        tokio::time::sleep(StdDuration::from_millis(100)).await;
    }
    assert_eq!(acks.len(), 1);
    // The customer's auto-responder answers our acknowledgment, again and again (Gmail's
    // vacation responder sets Auto-Submitted; Exchange's sets X-Auto-Response-Suppress).
    for extra in [
        "Auto-Submitted: auto-replied\r\n",
        "X-Autoreply: yes\r\n",
        "Precedence: auto_reply\r\n",
    ] {
        let (to, ooo) = reply_to_forward(&acks[0], &w.customer(), "I am on vacation.", extra);
        w.deliver_to(&w.customer(), &to, &ooo).await;
    }
    let out = run_once(&app, now()).await.expect("run");
    assert_eq!(out.process.processed, 3);
    assert_eq!(out.send.sent, 0, "nothing goes back to an auto-responder");
    assert_eq!(w.customer_mail().await.len(), 1);
    assert_eq!(
        w.mailbox("billing").await.len(),
        1,
        "the owner is not bothered with auto-replies"
    );
    assert_eq!(case1(&app).await.status, "open");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_caps_hold_mail_on_a_looping_case_and_send_it_later_telling_the_executive_once() {
    let w = World::new();
    let (app, _) = open_one(
        &w,
        "[limits]\nper_case_per_hour = 3\n",
        "Refund please",
        "refund for order 81",
    )
    .await;
    let forward = w.wait_for("billing", 1).await.remove(0);
    for i in 0..4 {
        let (to, bad) = reply_to_forward(&forward, &w.addr("billing"), &format!("#bogus{i}"), "");
        w.deliver_to(&w.addr("billing"), &to, &bad).await;
    }
    run_once(&app, now()).await.expect("run");
    // forward + 2 error replies = 3 mails on the case; the other 2 are held, not dropped.
    let billing = w.settled("billing").await;
    assert_eq!(billing.len(), 3, "{:?}", subjects(&billing));
    let founder = w.mailbox("founder").await;
    let notices: Vec<String> = subjects(&founder)
        .into_iter()
        .filter(|s| s.contains("held back by the hourly caps"))
        .collect();
    assert_eq!(notices.len(), 1, "{notices:?}");
    let history = kinds(&app, 1).await;
    assert_eq!(
        history.iter().filter(|k| *k == "held").count(),
        2,
        "{history:?}"
    );
    // An hour later the held mail goes: every one arrives, the executives are not told again.
    run_once(&app, now() + Duration::minutes(61))
        .await
        .expect("run");
    let billing = w.settled("billing").await;
    assert_eq!(billing.len(), 5, "{:?}", subjects(&billing));
    let notices = subjects(&w.mailbox("founder").await)
        .into_iter()
        .filter(|s| s.contains("held back"))
        .count();
    assert_eq!(notices, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn out_of_office_past_the_deadline_and_bounces_reroute_the_case() {
    let w = World::new();
    let backup = format!("{}cfo@{DOMAIN}", w.prefix);
    let extra = format!(
        "[[routes]]\nname = \"returns\"\nowner = \"{}\"\nkeywords = [\"return label\"]\nescalate_to = \"{}\"\nbackup = \"{backup}\"\n",
        w.addr("triage"),
        w.addr("coo")
    );
    let (app, _) = open_one(
        &w,
        &extra,
        "I need a return label",
        "please send a return label",
    )
    .await;
    assert_eq!(case1(&app).await.route, "returns");
    let forward = w.wait_for("triage", 1).await.remove(0);
    // Exchange out-of-office, back long after the deadline, naming a colleague.
    let (to, ooo) = reply_to_forward(
        &forward,
        &w.addr("triage"),
        &format!(
            "I am out of the office until 2099-01-05. For urgent matters please contact {}.",
            w.addr("quality")
        ),
        "Auto-Submitted: auto-replied\r\nX-Auto-Response-Suppress: All\r\n",
    );
    w.deliver_to(&w.addr("triage"), &to, &ooo).await;
    run_once(&app, now()).await.expect("run");
    assert_eq!(
        case1(&app).await.owner,
        w.addr("quality"),
        "rerouted to the named delegate at once"
    );
    assert!(w.wait_for("quality", 1).await.len() == 1);

    // The new owner's mailbox rejects mail: a DSN quoting our forward's headers comes back.
    let q = w.mailbox("quality").await.remove(0);
    let mid = header(&q, "Message-ID").expect("mid");
    let dsn = format!(
        "Return-Path: <>\r\nFrom: MAILER-DAEMON@mail.example.test (Mail Delivery System)\r\nTo: {ceo}\r\nSubject: Undelivered Mail Returned to Sender\r\nMessage-ID: <dsn{r:x}@mail.example.test>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/report; report-type=delivery-status; boundary=\"b1\"\r\n\r\n--b1\r\nContent-Type: text/plain\r\n\r\nmailbox full\r\n--b1\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mail.example.test\r\n\r\nFinal-Recipient: rfc822; {q}\r\nAction: failed\r\nStatus: 5.2.2\r\n--b1\r\nContent-Type: text/rfc822-headers\r\n\r\nMessage-ID: {mid}\r\nSubject: ? I need a return label [#1]\r\n--b1--\r\n",
        ceo = w.addr("ceo"),
        q = w.addr("quality"),
        r = rand::random::<u32>(),
    );
    w.deliver(&format!("MAILER-DAEMON@{DOMAIN}"), dsn.as_bytes())
        .await;
    run_once(&app, now()).await.expect("run");
    assert_eq!(
        case1(&app).await.owner,
        backup,
        "a bounce sends the case to the route's backup"
    );
    let founder = w.wait_for("founder", 1).await;
    assert!(
        subjects(&founder).iter().any(|s| s.contains("bounced")),
        "{:?}",
        subjects(&founder)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_executive_routes_a_mail_by_hand_only_with_proof_and_only_to_a_colleague() {
    let w = World::new();
    w.set_config("[security]\ntrusted_authserv_id = \"mx.example.test\"\n");
    // A forwarded complaint with `? <to>` on top; `auth` is the receiving server's verdict.
    let forward = |to: &str, auth: &str, note: &str| {
        // Each its own subject, so none threads onto another as the same matter.
        let n = rand::random::<u32>();
        let original = message(
            "Jane Buyer <jane@customer.example>",
            &w.addr("founder"),
            &format!("Terrible experience {n}"),
            "Nobody called me back.",
            "",
        );
        let mut fwd = format!(
            "{auth}From: {f}\r\nTo: {ceo}\r\nSubject: Fwd: Terrible experience {n}\r\nMessage-ID: <{r:x}@example.test>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"m1\"\r\n\r\n--m1\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n? {to} {note}\r\n\r\n--m1\r\nContent-Type: message/rfc822\r\n\r\n",
            f = w.addr("founder"),
            ceo = w.addr("ceo"),
            r = rand::random::<u64>(),
        )
        .into_bytes();
        fwd.extend_from_slice(&original);
        fwd.extend_from_slice(b"\r\n--m1--\r\n");
        fwd
    };
    let pass = "Authentication-Results: mx.example.test; spf=pass smtp.mailfrom=example.test\r\n";
    // 1. Proven by the trusted server: routed to the named colleague.
    w.deliver(
        &w.addr("founder"),
        &forward(&w.addr("quality"), pass, "please call her today"),
    )
    .await;
    let app = w.app().await;
    run_once(&app, now()).await.expect("run");
    let case = case1(&app).await;
    assert_eq!(case.owner, w.addr("quality"));
    assert_eq!(
        case.customer_address, "jane@customer.example",
        "the customer is the original sender"
    );
    let q = w.wait_for("quality", 1).await;
    assert!(
        parsed(&q[0]).text.contains("please call her today"),
        "{}",
        parsed(&q[0]).text
    );
    // 2. The same From line with no verdict (anyone can write it): triage, marked unverified,
    //    and the claimed customer is not taken on trust.
    w.deliver(&w.addr("founder"), &forward(&w.addr("quality"), "", ""))
        .await;
    // 3. A verdict from a server we do not trust counts for nothing.
    let foreign =
        "Authentication-Results: mx.evil.example; spf=pass smtp.mailfrom=example.test\r\n";
    w.deliver(
        &w.addr("founder"),
        &forward(&w.addr("quality"), foreign, ""),
    )
    .await;
    // 4. A proven executive still cannot hand a case to an outsider.
    w.deliver(
        &w.addr("founder"),
        &forward("mallory@evil.example", pass, ""),
    )
    .await;
    run_once(&app, now()).await.expect("run");
    let cases = app.store.list_cases(None, now()).await.expect("list");
    assert_eq!(cases.len(), 4);
    for c in &cases[1..] {
        assert_eq!(c.owner, w.addr("triage"), "case {}", c.id);
        assert_ne!(c.customer_address, "jane@customer.example", "case {}", c.id);
        let reasons = app.store.events(c.id).await.expect("events");
        let routed = reasons
            .iter()
            .find(|e| e.kind == "routed")
            .map(|e| e.detail.clone())
            .unwrap_or_default();
        let want = if c.id == 4 {
            "not a company address"
        } else {
            "unverified routing request"
        };
        assert!(routed.contains(want), "case {}: {routed}", c.id);
    }
    assert_eq!(
        w.settled("quality").await.len(),
        1,
        "no second forward to quality"
    );
    let outsider: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM outbox WHERE recipients LIKE '%evil.example%'")
            .fetch_one(app.store.pool())
            .await
            .expect("count");
    assert_eq!(outsider, 0);
    // The executives hear of refused routing once a day, not once per attempt.
    let notices = subjects(&w.wait_for("founder", 1).await)
        .into_iter()
        .filter(|s| s.contains("routing request"))
        .count();
    assert_eq!(notices, 1);

    // 5. Without a trusted server, the executive's own digest token is the proof: mail to the
    //    Reply-To of their digest (`ceo+qd-…@`) routes by hand.
    let w2 = World::new();
    let app2 = w2.app().await;
    let founder = qmark::mail::address::Address::parse(&w2.addr("founder")).expect("address");
    let to = w2
        .addr("ceo")
        .replacen('@', &format!("+{}@", app2.digest_token(&founder)), 1);
    let fwd2 = String::from_utf8_lossy(&forward(&w.addr("quality"), "", ""))
        .replace(&w.addr("founder"), &w2.addr("founder"))
        .replace(&w.addr("quality"), &w2.addr("quality"))
        .replace(&w.addr("ceo"), &to);
    w2.deliver_to(&w2.addr("founder"), &to, fwd2.as_bytes())
        .await;
    run_once(&app2, now()).await.expect("run");
    let c = case1(&app2).await;
    assert_eq!(c.owner, w2.addr("quality"));
    assert_eq!(c.customer_address, "jane@customer.example");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_korean_outlook_reply_answers_with_only_its_new_text() {
    let w = World::new();
    w.deliver_fixture("002-korean-euc-kr.eml").await;
    let app = w.app().await;
    run_once(&app, now()).await.expect("run");
    let forward = w.wait_for("shipping", 1).await.remove(0);
    let reply_to = header(&forward, "Reply-To").expect("Reply-To");
    let reply_to = reply_to.trim_matches(['<', '>']).to_string();
    let mid = header(&forward, "Message-ID").expect("mid");
    // The golden Outlook reply, addressed to this world's forward.
    let raw = String::from_utf8(fixture("016-outlook-reply-ko.eml"))
        .expect("utf-8 fixture")
        .replace("ceo+sometoken@example.test", &reply_to)
        .replace("<q.placeholder@example.test>", &mid)
        .replace(
            "<shipping@example.test>",
            &format!("<{}>", w.addr("shipping")),
        );
    w.deliver_to(&w.addr("shipping"), &reply_to, raw.as_bytes())
        .await;
    run_once(&app, now()).await.expect("run");
    let case = case1(&app).await;
    assert_eq!(case.status, "answered");
    let answer = app
        .store
        .events(1)
        .await
        .expect("events")
        .into_iter()
        .find(|e| e.kind == "answered")
        .expect("answer");
    assert!(
        !answer.detail.contains("원본 메시지"),
        "quoted history cut: {}",
        answer.detail
    );
    assert!(answer.detail.contains("reply token"), "{}", answer.detail);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reassignment_teaches_the_router_which_suggests_it_until_the_model_earns_a_say() {
    let w = World::new();
    // No rule knows loyalty points: the first such complaint goes to triage.
    let first = message(
        &w.customer(),
        &w.addr("ceo"),
        "My loyalty points vanished",
        "All my loyalty points disappeared from the membership page after the update.",
        "",
    );
    w.deliver(&w.customer(), &first).await;
    let app = w.app().await;
    run_once(&app, now()).await.expect("run");
    assert_eq!(case1(&app).await.route, "triage");
    let forward = w.wait_for("triage", 1).await.remove(0);
    // Triage knows better and hands it to billing.
    let (to, fix) = reply_to_forward(
        &forward,
        &w.addr("triage"),
        &format!("#reassign {}", w.addr("billing")),
        "",
    );
    w.deliver_to(&w.addr("triage"), &to, &fix).await;
    run_once(&app, now()).await.expect("run");
    let case = case1(&app).await;
    assert_eq!(
        (case.route.as_str(), case.owner.as_str()),
        ("billing", w.addr("billing").as_str())
    );
    assert!(
        kinds(&app, 1)
            .await
            .contains(&"route_corrected".to_string())
    );

    // The next similar complaint, from someone else: one correction is too little evidence
    // for the model to route on its own (it earns its say by beating the rules in
    // cross-validation), so it goes to triage again, with the model's billing suggestion in
    // its reasons for the triage owner.
    let second = message(
        &format!("{}other@customer.example", w.prefix),
        &w.addr("ceo"),
        "loyalty points missing",
        "where are my loyalty points? the membership page shows zero",
        "",
    );
    w.deliver(&format!("{}other@customer.example", w.prefix), &second)
        .await;
    run_once(&app, now()).await.expect("run");
    let case2 = app.store.case(2).await.expect("case").expect("second case");
    assert_eq!(
        case2.route, "triage",
        "a model with one example has no say of its own"
    );
    let routed = app
        .store
        .events(2)
        .await
        .expect("events")
        .into_iter()
        .find(|e| e.kind == "routed")
        .expect("routed");
    assert!(
        routed.detail.contains("model (1 examples) says billing"),
        "{}",
        routed.detail
    );
    // And the model survives a restart: it is kept in the database.
    drop(app);
    let app = w.app().await;
    assert_eq!(app.model().examples(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_customers_third_complaint_is_urgent_even_within_one_batch() {
    // Routing is prepared as if each message were a first contact; the customer's earlier
    // cases (here opened earlier in the same batch) must still make the third one urgent.
    let w = World::new();
    let customer = w.customer();
    for (subject, body) in [
        ("Refund please", "refund for order 11"),
        ("Parcel missing", "the courier never delivered order 12"),
        ("Another refund", "refund for order 13 too"),
    ] {
        let m = message(&customer, &w.addr("ceo"), subject, body, "");
        w.deliver(&customer, &m).await;
    }
    w.wait_for("ceo", 3).await;
    let app = w.app().await;
    let out = run_once(&app, now()).await.expect("run");
    assert_eq!(out.process.new_cases, 3);
    let mut priorities = Vec::new();
    for id in 1..=3 {
        let case = app.store.case(id).await.expect("case").expect("a case");
        priorities.push(case.priority);
    }
    assert_eq!(priorities, ["normal", "normal", "urgent"]);
    let routed = app
        .store
        .events(3)
        .await
        .expect("events")
        .into_iter()
        .find(|e| e.kind == "routed")
        .expect("routed");
    assert!(
        routed.detail.contains("contact number 3"),
        "{}",
        routed.detail
    );
}

// ---- time: calendars, reminders, the ladder, catch-up, the digest's reports --------------------

/// A plain complaint as a mail client writes it.
fn complaint(from: &str, subject: &str, body: &str) -> Vec<u8> {
    format!(
        "From: {from}\r\nTo: ceo@example.test\r\nSubject: {subject}\r\nMessage-ID: <{}@customer.example>\r\nDate: Mon, 30 Nov 2026 10:00:00 +0000\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n{body}\r\n",
        rand::random::<u64>()
    )
    .into_bytes()
}

fn utc(s: &str) -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::parse_from_rfc3339(s)
        .expect("valid test time")
        .with_timezone(&chrono::Utc)
}

async fn case_by_subject(app: &qmark::app::App, subject: &str) -> qmark::store::CaseRow {
    app.store
        .list_cases(None, utc("2026-12-01T00:00:00Z"))
        .await
        .expect("list")
        .into_iter()
        .find(|c| c.subject == subject)
        .expect("the case exists")
}

async fn purposes(app: &qmark::app::App, case_id: i64, purpose: &str) -> Vec<String> {
    app.store
        .case_outbox(case_id)
        .await
        .expect("outbox")
        .into_iter()
        .filter(|o| o.purpose == purpose)
        .map(|o| o.recipients)
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_week_of_working_time_with_a_weekend_a_holiday_and_an_outage() {
    let w = World::new();
    // The office works 09:00-17:00 UTC, Monday to Friday; Thursday 2026-12-03 is a holiday.
    // The COO works Seoul hours (09:00-17:00 KST = 00:00-08:00 UTC).
    let extra = format!(
        r#"
[time]
calendar = "office"
reminders = ["50%", "90%"]

[calendars.office]
timezone = "UTC"
hours = {{ mon = "09:00-17:00", tue = "09:00-17:00", wed = "09:00-17:00", thu = "09:00-17:00", fri = "09:00-17:00" }}
holidays = ["2026-12-03"]

[calendars.seoul]
timezone = "Asia/Seoul"
hours = {{ mon = "09:00-17:00", tue = "09:00-17:00", wed = "09:00-17:00", thu = "09:00-17:00", fri = "09:00-17:00" }}
people = ["{coo}"]
"#,
        coo = w.addr("coo")
    );
    let cfo = w.addr("cfo");
    let cto = w.addr("cto");
    let text = w
        .config_text(&extra)
        .replace(
            &format!("deadline = \"24h\"\nescalate_to = \"{cfo}\""),
            &format!("deadline = \"16h\"\nescalate_to = \"{cfo}\"\nrung_deadline = \"8h\""),
        )
        .replace(
            &format!("deadline = \"24h\"\nescalate_to = \"{cto}\""),
            &format!("deadline = \"4h\"\nescalate_to = \"{cto}\""),
        );
    std::fs::write(&w.config_path, text).expect("write config");
    let app = w.app().await;
    let mut inbox = 0;

    // Wednesday 13:00: a billing complaint (A) and one for triage (F).
    deliver_raw(
        &w,
        &mut inbox,
        complaint(
            "ann@customer.example",
            "Refund for a double charge",
            "I was charged twice for my order. Please refund the double charge.",
        ),
    )
    .await;
    deliver_raw(&w, &mut inbox, fixture("012-no-message-id.eml")).await;
    let o = run_once(&app, utc("2026-12-02T13:00:00Z"))
        .await
        .expect("run");
    assert_eq!(o.process.new_cases, 2);
    let a = case_by_subject(&app, "Refund for a double charge").await;
    // 16 working hours: Wednesday 4, Thursday is a holiday, Friday 8, Monday 4.
    assert_eq!(
        a.deadline, "2026-12-07T13:00:00.000Z",
        "deadline in working time"
    );

    // Thursday is a holiday: nothing is due.
    let o = run_once(&app, utc("2026-12-03T12:00:00Z"))
        .await
        .expect("run");
    assert_eq!((o.reminded, o.escalated), (0, 0));

    // Friday 13:00 is 50% of A's working time. Triage answers F.
    let f_forward = w.wait_for("triage", 1).await.remove(0);
    let (to, reply) = reply_to_forward(&f_forward, &w.addr("triage"), "Sorted.", "");
    w.send(&w.addr("triage"), &to, &reply).await;
    deliver_count(&w, &mut inbox).await;
    // B arrives for shipping, whose escalation contact (the COO) is in Seoul.
    deliver_raw(
        &w,
        &mut inbox,
        complaint(
            "bob@customer.example",
            "Package never arrived",
            "My package never arrived and the courier tracking is stuck.",
        ),
    )
    .await;
    let o = run_once(&app, utc("2026-12-04T13:00:00Z"))
        .await
        .expect("run");
    assert_eq!(o.reminded, 1, "A's 50% reminder");
    let again = run_once(&app, utc("2026-12-04T13:00:00Z"))
        .await
        .expect("run");
    assert_eq!(again.reminded, 0, "a reminder is sent once");
    let b = case_by_subject(&app, "Package never arrived").await;
    // 24 working hours from Friday 13:00: Friday 4, Monday 8, Tuesday 8, Wednesday 4.
    assert_eq!(b.deadline, "2026-12-09T13:00:00.000Z");

    // The weekend: nothing.
    let o = run_once(&app, utc("2026-12-05T12:00:00Z"))
        .await
        .expect("run");
    assert_eq!((o.reminded, o.escalated), (0, 0));

    // Monday 11:30: past A's 90% point (11:24).
    let o = run_once(&app, utc("2026-12-07T11:30:00Z"))
        .await
        .expect("run");
    assert_eq!((o.reminded, o.escalated), (1, 0));
    // Monday 13:00: A's deadline: `??` to the CFO, owner in Cc. Once.
    let o = run_once(&app, utc("2026-12-07T13:00:00Z"))
        .await
        .expect("run");
    assert_eq!(o.escalated, 1);
    let o = run_once(&app, utc("2026-12-07T13:00:00Z"))
        .await
        .expect("run");
    assert_eq!(o.escalated, 0, "each rung once");
    // Monday 17:30: the `??` rung's 50% point (17:00) and B's 50% point (17:00) were at
    // closing time: nothing goes out in the evening.
    let o = run_once(&app, utc("2026-12-07T17:30:00Z"))
        .await
        .expect("run");
    assert_eq!((o.reminded, o.escalated), (0, 0), "no mail out of hours");
    // Tuesday 09:00: both go out when the owners start work.
    let o = run_once(&app, utc("2026-12-08T09:00:00Z"))
        .await
        .expect("run");
    assert_eq!(o.reminded, 2, "A's `??` 50% and B's 50%");
    let o = run_once(&app, utc("2026-12-08T12:30:00Z"))
        .await
        .expect("run");
    assert_eq!(o.reminded, 1, "A's `??` 90% at 12:12");
    // Tuesday 13:00: the `??` rung's own deadline passed: `???` to the executive.
    let o = run_once(&app, utc("2026-12-08T13:00:00Z"))
        .await
        .expect("run");
    assert_eq!(o.escalated, 1);
    assert_eq!(
        app.store.case(a.id).await.expect("case").expect("a").rung,
        2
    );

    // Tuesday afternoon: three quality complaints (4 h deadline), an hour apart; two from
    // the same customer.
    for (hour, from, subject) in [
        (14, "cat@customer.example", "Kettle arrived broken"),
        (15, "cat@customer.example", "Lamp arrived broken too"),
        (16, "dan@customer.example", "Chair arrived broken"),
    ] {
        deliver_raw(
            &w,
            &mut inbox,
            complaint(
                from,
                subject,
                &format!("The {subject} - it arrived broken in a damaged box."),
            ),
        )
        .await;
        run_once(&app, utc(&format!("2026-12-08T{hour}:00:00Z")))
            .await
            .expect("run");
    }

    // The digest at Wednesday 08:00, before anything else happens: its numbers are the
    // database's.
    let at = utc("2026-12-09T08:00:00Z");
    let (view, txt, html) = qmark::digest::render(&app, at).await.expect("digest");
    let pool = app.store.pool();
    let q = |sql: &'static str| sqlx::query_scalar::<_, i64>(sql);
    let overdue = q("SELECT COUNT(*) FROM cases WHERE status = 'open' AND deadline <= '2026-12-09T08:00:00.000Z'")
        .fetch_one(pool)
        .await
        .expect("count");
    assert_eq!(view.overdue_count as i64, overdue);
    assert_eq!(overdue, 1, "A");
    // About to breach (4 working hours or less): B (4 h left), the three quality cases.
    assert_eq!(view.about_to_breach_count, 4);
    assert_eq!(view.at_risk.len() as i64, overdue + 4);
    assert!(view.at_risk[0].overdue && view.at_risk[0].rung == "???");
    assert_eq!(view.at_risk[0].subject, "Refund for a double charge");
    assert!(view.at_risk[0].summary.starts_with("I was charged twice"));
    let quality = view
        .intake
        .iter()
        .find(|r| r.route == "quality")
        .expect("quality intake");
    let db_quality = q("SELECT COUNT(*) FROM cases WHERE route = 'quality' AND opened_at >= '2026-12-08T08:00:00.000Z'")
        .fetch_one(pool)
        .await
        .expect("count");
    assert_eq!(
        (quality.total as i64, quality.normal, quality.urgent),
        (db_quality, 3, 0)
    );
    // Deadlines that fell in the last 7 days: A missed, F met.
    let billing = view
        .attainment_routes
        .iter()
        .find(|r| r.name == "billing")
        .expect("billing");
    assert_eq!((billing.met, billing.due), (0, 1));
    let triage = view
        .attainment_routes
        .iter()
        .find(|r| r.name == "triage")
        .expect("triage");
    assert_eq!(
        (triage.met, triage.due, triage.percent.as_str()),
        (1, 1, "100%")
    );
    let db_met = q("SELECT COUNT(*) FROM cases WHERE deadline >= '2026-12-02T08:00:00.000Z' AND deadline < '2026-12-09T08:00:00.000Z' AND first_answered_at <= deadline")
        .fetch_one(pool)
        .await
        .expect("count");
    let met: usize = view.attainment_routes.iter().map(|r| r.met).sum();
    assert_eq!(met as i64, db_met);
    // F was answered Friday 13:00, two days after it came in.
    assert_eq!(
        (view.response.answered, view.response.median.as_str()),
        (1, "2 days")
    );
    assert_eq!(view.repeat_customers.len(), 1);
    assert_eq!(view.repeat_customers[0].customer, "cat@customer.example");
    assert_eq!(view.repeat_customers[0].messages, 2);
    let words = view
        .phrases
        .iter()
        .find(|p| p.route == "quality")
        .expect("quality phrases");
    assert!(
        words
            .phrases
            .iter()
            .any(|p| p.phrase == "arrived broken" && p.cases == 3),
        "{words:?}"
    );
    let today = view.days.last().expect("14 days");
    assert_eq!((today.date.as_str(), view.days.len()), ("12-09", 14));
    assert!(
        !html.contains("<svg")
            && html.contains("src=\"cid:chart.digest@qmark\"")
            && html.contains("12-08: 3 new"),
        "chart: an inline PNG with the numbers in its alt text"
    );
    assert!(
        txt.contains("AT RISK (1 overdue, 4 about to breach)"),
        "{txt}"
    );
    let out = root().join("target/digest-week.html");
    std::fs::write(&out, &html).expect("write the digest for a screenshot");

    // An outage: nothing runs from Tuesday 16:00 to Wednesday 13:00. By then all three
    // quality cases are past their deadline: the CTO gets one catch-up mail listing them.
    // B's deadline (Wednesday 13:00) has passed too, but it is 22:00 in Seoul: the COO's `??`
    // waits for the morning.
    let o = run_once(&app, utc("2026-12-09T13:00:00Z"))
        .await
        .expect("run");
    assert_eq!(o.escalated, 3, "three quality cases climbed, B waits");
    w.wait_for("cto", 1).await;
    let cto_mail = w.settled("cto").await;
    assert_eq!(cto_mail.len(), 1, "one catch-up mail, not three");
    let summary = parsed(&cto_mail[0]);
    assert_eq!(
        summary.subject,
        "?? 3 cases passed their deadline without an answer"
    );
    for s in [
        "Kettle arrived broken",
        "Lamp arrived broken too",
        "Chair arrived broken",
    ] {
        assert!(summary.text.contains(s), "{}", summary.text);
    }
    assert_eq!(
        app.store.case(b.id).await.expect("case").expect("b").rung,
        0
    );
    assert!(
        w.settled("coo").await.is_empty(),
        "nothing to the COO at night"
    );

    // The CTO answers the catch-up mail itself: that is not a complaint (no case opens), and
    // the CTO is no executive, so nothing on the listed cases changes.
    let cases_before = app.store.list_cases(None, now()).await.expect("list").len();
    let catch_up_id = header(&cto_mail[0], "Message-ID").expect("catch-up has a Message-ID");
    let thanks = format!(
        "From: {cto}\r\nTo: {ceo}\r\nSubject: Re: {subject}\r\nMessage-ID: <cto-thanks@client.example>\r\nIn-Reply-To: {catch_up_id}\r\nReferences: {catch_up_id}\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nLooking into all three now.\r\n",
        ceo = w.addr("ceo"),
        subject = summary.subject,
    );
    w.send(&cto, &w.addr("ceo"), thanks.as_bytes()).await;
    deliver_count(&w, &mut inbox).await;
    let o = run_once(&app, utc("2026-12-09T13:05:00Z"))
        .await
        .expect("run");
    assert_eq!((o.process.processed, o.process.new_cases), (1, 0));
    assert_eq!(
        app.store.list_cases(None, now()).await.expect("list").len(),
        cases_before,
        "a reply to a catch-up mail opens no case"
    );

    // Thursday 00:30 UTC is 09:30 in Seoul: B's `??` goes out. The quality cases' `???`
    // rung is due too, but the founder is on office hours.
    let o = run_once(&app, utc("2026-12-10T00:30:00Z"))
        .await
        .expect("run");
    assert_eq!(o.escalated, 1);
    assert_eq!(w.settled("coo").await.len(), 1);

    // Every reminder and rung exactly once, to the right people.
    assert_eq!(purposes(&app, a.id, "reminder").await.len(), 4);
    // Each rung once, as one copy per person (each copy's token is made for its reader):
    // `??` to the contact with the owner copied, `???` to the founder with both copied.
    let esc = purposes(&app, a.id, "escalation").await;
    let one = |who: &str| format!("[\"{who}\"]");
    assert_eq!(
        esc,
        vec![
            one(&cfo),
            one(&w.addr("billing")),
            one(&w.addr("founder")),
            one(&w.addr("billing")),
            one(&cfo)
        ],
        "{esc:?}"
    );
    let cfo_subjects = subjects(&w.settled("cfo").await);
    assert_eq!(
        cfo_subjects,
        vec![
            "?? Refund for a double charge [#1]".to_string(),
            "??? Refund for a double charge [#1]".to_string()
        ]
    );
    let founder = subjects(&w.mailbox("founder").await);
    assert_eq!(
        founder.iter().filter(|s| s.starts_with("???")).count(),
        1,
        "{founder:?}"
    );
    let events = app.store.events(a.id).await.expect("events");
    assert_eq!(events.iter().filter(|e| e.kind == "escalated").count(), 2);
    assert_eq!(events.iter().filter(|e| e.kind == "reminded").count(), 4);
}

async fn deliver_count(w: &World, inbox: &mut usize) {
    *inbox += 1;
    w.wait_for("ceo", *inbox).await;
}

async fn deliver_raw(w: &World, inbox: &mut usize, raw: Vec<u8>) {
    w.send("customer@customer.example", &w.addr("ceo"), &raw)
        .await;
    deliver_count(w, inbox).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_urgent_case_escalates_out_of_hours_and_a_normal_one_waits_for_the_morning() {
    let w = World::new();
    let coo = w.addr("coo");
    // Shipping tells its customers when a case climbs.
    let text = w
        .config_text(
            r#"
[time]
calendar = "office"

[calendars.office]
timezone = "UTC"
hours = { mon = "09:00-17:00", tue = "09:00-17:00", wed = "09:00-17:00", thu = "09:00-17:00", fri = "09:00-17:00" }
"#,
        )
        .replace(
            &format!("escalate_to = \"{coo}\"\n\n[[routes]]\nname = \"quality\""),
            &format!("escalate_to = \"{coo}\"\ntell_customer = true\n\n[[routes]]\nname = \"quality\""),
        );
    assert!(text.contains("tell_customer = true"));
    std::fs::write(&w.config_path, text).expect("write config");
    let app = w.app().await;
    let mut inbox = 0;
    deliver_raw(
        &w,
        &mut inbox,
        complaint(
            "x@customer.example",
            "Refund please",
            "A refund for my invoice.",
        ),
    )
    .await;
    // The customer writes in Korean ("the parcel is lost").
    let y_raw = complaint(
        &w.addr("mallory"),
        "택배 분실",
        "택배가 분실되었습니다. 확인 부탁드립니다.",
    );
    let y_mid = header(&y_raw, "Message-ID").expect("has a Message-ID");
    deliver_raw(&w, &mut inbox, y_raw).await;
    // Friday 09:00: 24 working hours end at Tuesday 17:00, closing time.
    run_once(&app, utc("2026-12-04T09:00:00Z"))
        .await
        .expect("run");
    let x = case_by_subject(&app, "Refund please").await;
    let y = case_by_subject(&app, "택배 분실").await;
    assert_eq!(y.route, "shipping");
    assert_eq!(x.deadline, "2026-12-08T17:00:00.000Z");
    assert_eq!(y.deadline, "2026-12-08T17:00:00.000Z");
    sqlx::query("UPDATE cases SET priority = 'urgent' WHERE id = ?")
        .bind(y.id)
        .execute(app.store.pool())
        .await
        .expect("make Y urgent");

    // Tuesday 17:00, the office has closed: only the urgent case climbs.
    let o = run_once(&app, utc("2026-12-08T17:00:00Z"))
        .await
        .expect("run");
    assert_eq!(o.escalated, 1);
    assert_eq!(w.wait_for("coo", 1).await.len(), 1);
    assert!(w.settled("cfo").await.is_empty(), "the normal case waits");
    // The customer hears first, in Korean, on their own thread, with the new promise.
    let update = w.wait_for("mallory", 1).await.remove(0);
    let u = parsed(&update);
    assert_eq!(u.subject, "Re: 택배 분실");
    assert!(u.text.contains("죄송합니다"), "{}", u.text);
    assert!(
        u.text.contains("12월 11일(금) 오후 5:00 (UTC)"),
        "the `??` rung's deadline, 24 working hours on: {}",
        u.text
    );
    assert_eq!(header(&update, "In-Reply-To"), Some(y_mid));
    let o = run_once(&app, utc("2026-12-08T23:00:00Z"))
        .await
        .expect("run");
    assert_eq!(o.escalated, 0);
    // Wednesday 09:00: the CFO is at work and gets the `??`.
    let o = run_once(&app, utc("2026-12-09T09:00:00Z"))
        .await
        .expect("run");
    assert_eq!(o.escalated, 1);
    let cfo = w.wait_for("cfo", 1).await;
    assert_eq!(parsed(&cfo[0]).subject, "?? Refund please [#1]");
    assert_eq!(w.settled("coo").await.len(), 1, "the urgent rung went once");
    assert_eq!(w.mailbox("mallory").await.len(), 1, "one update per case");
    assert!(
        purposes(&app, x.id, "customer_update").await.is_empty(),
        "billing does not tell"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_executive_gets_the_digest_at_the_scheduled_hour_of_their_own_timezone() {
    let w = World::new();
    w.set_config(&format!(
        r#"
[digest]
schedule = "0 0 8 * * *"
timezone = "UTC"
to = ["{founder}", "{cfo}"]

[calendars.seoul]
timezone = "Asia/Seoul"
people = ["{founder}"]
"#,
        founder = w.addr("founder"),
        cfo = w.addr("cfo")
    ));
    let app = w.app().await;
    let o = run_once(&app, utc("2026-11-30T20:00:00Z"))
        .await
        .expect("run");
    assert_eq!(o.digests, 0, "a new installation starts its schedule now");
    // 08:00 in Seoul is 23:00 UTC the day before.
    let o = run_once(&app, utc("2026-12-01T00:30:00Z"))
        .await
        .expect("run");
    assert_eq!(o.digests, 1);
    let founder = w.wait_for("founder", 1).await;
    assert!(
        parsed(&founder[0])
            .subject
            .starts_with("qmark digest Tuesday 2026-12-01 08:00"),
        "dated in Seoul time: {}",
        parsed(&founder[0]).subject
    );
    assert!(w.settled("cfo").await.is_empty());
    let o = run_once(&app, utc("2026-12-01T08:30:00Z"))
        .await
        .expect("run");
    assert_eq!(o.digests, 1, "the CFO's 08:00 UTC");
    let o = run_once(&app, utc("2026-12-01T09:30:00Z"))
        .await
        .expect("run");
    assert_eq!(o.digests, 0);
    assert_eq!(w.wait_for("cfo", 1).await.len(), 1);
    assert_eq!(w.settled("founder").await.len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_route_manager_gets_a_weekly_report_on_their_route_alone() {
    let w = World::new();
    w.set_config(
        "\n[digest]\nschedule = \"0 0 8 * * *\"\ntimezone = \"UTC\"\ndepartment_schedule = \"0 0 9 * * Mon\"\n",
    );
    let app = w.app().await;
    let mut inbox = 0;
    deliver_raw(
        &w,
        &mut inbox,
        complaint(
            "ann@customer.example",
            "Refund for a double charge",
            "Charged twice.",
        ),
    )
    .await;
    deliver_raw(
        &w,
        &mut inbox,
        complaint(
            "bob@customer.example",
            "Package never arrived",
            "The courier lost it.",
        ),
    )
    .await;
    let o = run_once(&app, utc("2026-11-29T12:00:00Z"))
        .await
        .expect("run");
    assert_eq!((o.process.new_cases, o.digests), (2, 0));

    // Monday 09:30: the founder's 08:00 digest, and one report per route at 09:00 (the COO
    // manages shipping and triage: two).
    let o = run_once(&app, utc("2026-11-30T09:30:00Z"))
        .await
        .expect("run");
    assert_eq!(o.digests, 1 + 4);
    let o = run_once(&app, utc("2026-11-30T09:45:00Z"))
        .await
        .expect("run");
    assert_eq!(o.digests, 0, "each report once");

    let cfo = w.wait_for("cfo", 1).await;
    let report = parsed(&cfo[0]);
    assert_eq!(
        report.subject,
        "qmark weekly report, route billing: 1 new, 1 open, 0 overdue"
    );
    assert!(
        report.text.contains("Refund for a double charge"),
        "{}",
        report.text
    );
    assert!(
        !report.text.contains("Package never arrived"),
        "{}",
        report.text
    );
    let coo = w.wait_for("coo", 2).await;
    let mut coo_subjects = subjects(&coo);
    coo_subjects.sort();
    assert_eq!(
        coo_subjects,
        vec![
            "qmark weekly report, route shipping: 1 new, 1 open, 0 overdue".to_string(),
            "qmark weekly report, route triage: 0 new, 0 open, 0 overdue".to_string(),
        ]
    );
    let founder = w.wait_for("founder", 1).await;
    assert!(parsed(&founder[0]).subject.starts_with("qmark digest"));
    assert!(parsed(&founder[0]).text.contains("Package never arrived"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_executive_acts_on_the_digest_by_replying_to_it() {
    let w = World::new();
    w.set_config("\n[digest]\nschedule = \"0 0 8 * * *\"\ntimezone = \"UTC\"\n");
    let app = w.app().await;
    let mut inbox = 0;
    for (from, subject) in [
        ("ann@customer.example", "Refund for a double charge"),
        ("bob@customer.example", "Package never arrived"),
        ("cat@customer.example", "Kettle arrived broken"),
    ] {
        deliver_raw(&w, &mut inbox, complaint(from, subject, "Please help.")).await;
    }
    run_once(&app, utc("2026-11-30T12:00:00Z"))
        .await
        .expect("run");
    let o = run_once(&app, utc("2026-12-01T08:00:00Z"))
        .await
        .expect("run");
    assert_eq!(o.digests, 1);
    let digest = w.wait_for("founder", 1).await.remove(0);
    assert!(
        parsed(&digest)
            .text
            .contains("reassign 5 someone@company.com")
    );
    let refund = case_by_subject(&app, "Refund for a double charge").await;
    let package = case_by_subject(&app, "Package never arrived").await;
    let kettle = case_by_subject(&app, "Kettle arrived broken").await;

    // A stranger's reply to a forwarded digest changes nothing.
    let mid = header(&digest, "Message-ID").expect("digest has a Message-ID");
    let reply = |from: &str, body: &str| {
        format!(
            "From: {from}\r\nTo: {ceo}\r\nSubject: Re: {subject}\r\nMessage-ID: <{n}@client.example>\r\nIn-Reply-To: {mid}\r\nReferences: {mid}\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n{body}\r\n",
            ceo = w.addr("ceo"),
            subject = parsed(&digest).subject,
            n = rand::random::<u64>(),
        )
        .into_bytes()
    };
    deliver_raw(
        &w,
        &mut inbox,
        reply(&w.addr("mallory"), &format!("close {}", refund.id)),
    )
    .await;
    run_once(&app, utc("2026-12-01T09:00:00Z"))
        .await
        .expect("run");
    assert_eq!(
        app.store
            .case(refund.id)
            .await
            .expect("case")
            .expect("it")
            .status,
        "open"
    );

    let body = format!(
        "bump {}\r\nclose {}\r\nreassign {} {}\r\nbump 999\r\n\r\n> qmark digest ...\r\n> bump {}",
        refund.id,
        package.id,
        kettle.id,
        w.addr("billing"),
        package.id
    );
    deliver_raw(&w, &mut inbox, reply(&w.addr("founder"), &body)).await;
    let o = run_once(&app, utc("2026-12-01T09:30:00Z"))
        .await
        .expect("run");
    assert_eq!(
        (o.process.processed, o.process.new_cases),
        (1, 0),
        "commands, not a complaint"
    );
    // Processing the same reply again (after a crash) changes nothing more.
    let o = run_once(&app, utc("2026-12-01T09:31:00Z"))
        .await
        .expect("run");
    assert_eq!(o.escalated, 0);

    let refund_now = app.store.case(refund.id).await.expect("case").expect("it");
    assert_eq!(refund_now.rung, 1, "bumped to ??");
    assert_eq!(
        refund_now.priority, "urgent",
        "a bump also marks the case urgent"
    );
    assert_eq!(w.wait_for("cfo", 1).await.len(), 1);
    assert_eq!(
        app.store
            .case(package.id)
            .await
            .expect("case")
            .expect("it")
            .status,
        "closed"
    );
    let kettle_now = app.store.case(kettle.id).await.expect("case").expect("it");
    assert_eq!(kettle_now.owner, w.addr("billing"));
    // The new owner's deadline counts from the reassignment.
    assert_eq!(kettle_now.deadline, "2026-12-02T09:30:00.000Z");
    let billing = w.wait_for("billing", 2).await;
    let handed = billing
        .iter()
        .map(|m| parsed(m))
        .find(|m| m.subject.starts_with("? Kettle arrived broken"))
        .expect("the new owner got the case");
    assert!(
        handed.text.contains("reassigned it from"),
        "{}",
        handed.text
    );

    let founder = w.wait_for("founder", 2).await;
    let result = parsed(founder.last().expect("the result"));
    assert!(
        result.subject.starts_with("Re: qmark digest"),
        "{}",
        result.subject
    );
    let done = result
        .text
        .lines()
        .filter(|l| l.trim_start().starts_with("done: "))
        .count();
    assert_eq!(done, 3, "{}", result.text);
    assert!(
        result.text.contains("not done: case #999"),
        "{}",
        result.text
    );
    assert_eq!(w.settled("cfo").await.len(), 1, "bumped once");

    // Reassigned after its `??`, the refund case starts the ladder afresh: when the new
    // owner's deadline passes, a new `??` goes out.
    deliver_raw(
        &w,
        &mut inbox,
        reply(
            &w.addr("founder"),
            &format!("reassign {} {}", refund.id, w.addr("quality")),
        ),
    )
    .await;
    run_once(&app, utc("2026-12-01T10:00:00Z"))
        .await
        .expect("run");
    let refund_now = app.store.case(refund.id).await.expect("case").expect("it");
    assert_eq!(
        (refund_now.rung, refund_now.deadline.as_str()),
        (0, "2026-12-02T10:00:00.000Z")
    );
    let o = run_once(&app, utc("2026-12-02T10:00:00Z"))
        .await
        .expect("run");
    assert_eq!(
        o.escalated, 2,
        "the refund case, and the kettle case (due at 09:30)"
    );
    assert_eq!(w.wait_for("cfo", 2).await.len(), 2);
    assert_eq!(w.wait_for("cto", 1).await.len(), 1);
}

#[test]
fn routing_accuracy_on_the_held_out_labelled_set_does_not_regress() {
    // Issue 4's targets on the held-out split: at least 90% routed right with rules plus model,
    // and no urgent message routed as normal (measured 92.3% and 0 of 11; docs/benchmarks.md).
    // The cross-validation floor is today's measurement on the 563-message training split
    // (90.9%; it was 94.7% on the 323 easier messages before the third batch of history).
    let dir = root().join("tests/fixtures/labelled");
    let config = qmark::config::Config::load(&dir.join("qmark.toml")).expect("eval config");
    let train = qmark::routing::training::labelled(&dir.join("train")).expect("train set");
    let test = qmark::routing::training::labelled(&dir.join("test")).expect("test set");
    assert!(
        train.len() >= 150 && test.len() >= 50,
        "{} / {}",
        train.len(),
        test.len()
    );
    // path, urgent, template, for every labelled file.
    let manifest = std::fs::read_to_string(dir.join("labels.tsv")).expect("labels.tsv");
    let rows: Vec<(Vec<u8>, bool, String)> = manifest
        .lines()
        .skip(1)
        .map(|l| {
            let cols: Vec<&str> = l.split('\t').collect();
            let raw = std::fs::read(dir.join(cols[0])).expect("manifest names a file");
            (raw, cols[3] == "1", cols[6].to_string())
        })
        .collect();
    let row = |raw: &Vec<u8>| {
        rows.iter()
            .find(|(r, _, _)| r == raw)
            .expect("every labelled file is in the manifest")
    };
    let urgent_tests: Vec<usize> = test
        .iter()
        .enumerate()
        .filter(|(_, (_, raw))| row(raw).1)
        .map(|(i, _)| i)
        .collect();
    assert!(urgent_tests.len() >= 10, "{} urgent", urgent_tests.len());
    let e = qmark::routing::training::evaluate(&config, &train, &test, &urgent_tests);
    assert!(
        e.accuracy >= 0.90,
        "held-out accuracy fell to {:.3} (issue 4's target is 0.90)",
        e.accuracy
    );
    assert!(
        e.accuracy >= e.rules_only_accuracy,
        "the model must not make routing worse"
    );
    assert_eq!(
        (e.urgent, e.urgent_missed),
        (urgent_tests.len(), 0),
        "an urgent held-out message was routed as normal"
    );
    // Grouped by template, as `qmark eval --folds 5 --urgent labels.tsv` does.
    let urgent: Vec<bool> = train.iter().map(|(_, raw)| row(raw).1).collect();
    let groups: Vec<String> = train.iter().map(|(_, raw)| row(raw).2.clone()).collect();
    let cv = qmark::routing::training::cross_validate(&config, &train, &urgent, &groups, 5);
    assert!(
        cv.accuracy >= 0.90,
        "cross-validated accuracy fell to {:.3}",
        cv.accuracy
    );
    assert_eq!(
        cv.urgent_missed, 0,
        "an urgent training message came out normal"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_forward_waits_for_the_owners_working_hours_unless_urgent() {
    let w = World::new();
    w.set_config(&format!(
        "[calendars.seoul]\ntimezone = \"Asia/Seoul\"\npeople = [\"{}\"]\n",
        w.addr("billing")
    ));
    let night = message(
        &w.customer(),
        &w.addr("ceo"),
        "Refund please",
        "refund for order 90",
        "",
    );
    w.deliver(&w.customer(), &night).await;
    let fire = message(
        &format!("{}b@customer.example", w.prefix),
        &w.addr("ceo"),
        "Refund, the charger caught fire",
        "it caught fire, refund please",
        "",
    );
    w.deliver(&format!("{}b@customer.example", w.prefix), &fire)
        .await;
    let app = w.app().await;
    // Monday 2026-11-30 03:00 in Seoul (Sunday 18:00 UTC): the billing owner is asleep.
    let out = run_once(&app, utc("2026-11-29T18:00:00Z"))
        .await
        .expect("run");
    assert_eq!(out.process.new_cases, 2);
    // The urgent forward and the executives' copy of it go out at once; the normal forward waits.
    assert_eq!(out.send.sent, 2);
    let billing = w.settled("billing").await;
    assert_eq!(
        billing.len(),
        1,
        "only the urgent forward reaches the owner at night"
    );
    assert!(parsed(&billing[0]).subject.contains("caught fire"));
    assert!(
        subjects(&w.mailbox("founder").await)
            .iter()
            .any(|s| s.contains("urgent"))
    );
    // 09:00 in Seoul: the normal forward follows.
    let out = run_once(&app, utc("2026-11-30T00:00:30Z"))
        .await
        .expect("run");
    assert_eq!(out.send.sent, 1);
    let billing = w.wait_for("billing", 2).await;
    assert!(parsed(&billing[1]).subject.starts_with("? Refund please"));
}
