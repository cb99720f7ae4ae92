//! Issue 14 items 3–5: `qmark backfill` on a mailbox that already holds mail (one summary per
//! owner, no `?` storm, safe to kill and re-run), `qmark replay` (what a routing change would
//! move; nothing sent, the database unchanged byte for byte) and `qmark export` (the documented
//! schema), all against the real Dovecot and Postfix, on databases made by real runs.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::{Command, Output, Stdio};

use futures::TryStreamExt;
use qmark::runner::run_once;
use sha2::Digest as _;

use crate::support::*;

// Several [[inbox]]es, each from its own cursor.
mod inboxes;

async fn count(app: &qmark::app::App, sql: &'static str) -> i64 {
    sqlx::query_scalar(sql)
        .fetch_one(app.store.pool())
        .await
        .expect("count query")
}

/// APPEND each message to a user's INBOX with the given INTERNALDATE (RFC 3501
/// `dd-Mon-yyyy hh:mm:ss +zzzz`), as mail that arrived then. Returns how many the server took
/// (it may refuse a malformed one, e.g. with a NUL byte).
async fn append_dated(user: &str, messages: &[(Vec<u8>, Option<&str>)]) -> usize {
    let tcp = tokio::net::TcpStream::connect(("127.0.0.1", imap_port()))
        .await
        .expect("IMAP reachable");
    let mut client = async_imap::Client::new(tcp);
    client
        .read_response()
        .await
        .expect("greeting")
        .expect("greeting");
    let mut s = client
        .login(user, PASSWORD)
        .await
        .map_err(|(e, _)| e)
        .expect("test user logs in");
    let mut taken = 0;
    for (m, date) in messages {
        // async-imap writes the date as given: RFC 3501 wants it quoted.
        let date = date.map(|d| format!("\"{d}\""));
        match s.append("INBOX", None, date.as_deref(), m).await {
            Ok(()) => taken += 1,
            Err(e) => eprintln!("the server refused a message: {e}"),
        }
    }
    let _ = s.logout().await;
    taken
}

/// Flags of every message in the INBOX, by Message-ID.
async fn flags_by_message_id(user: &str) -> BTreeMap<String, Vec<String>> {
    let tcp = tokio::net::TcpStream::connect(("127.0.0.1", imap_port()))
        .await
        .expect("IMAP reachable");
    let mut client = async_imap::Client::new(tcp);
    client.read_response().await.expect("greeting");
    let mut s = client
        .login(user, PASSWORD)
        .await
        .map_err(|(e, _)| e)
        .expect("login");
    s.select("INBOX").await.expect("select");
    let fetches: Vec<_> = s
        .fetch("1:*", "(FLAGS BODY.PEEK[])")
        .await
        .expect("fetch")
        .try_collect()
        .await
        .expect("fetch");
    let out = fetches
        .iter()
        .map(|f| {
            let id = f
                .body()
                .and_then(|b| header(b, "Message-ID"))
                .unwrap_or_default();
            (id, f.flags().map(|fl| format!("{fl:?}")).collect())
        })
        .collect();
    let _ = s.logout().await;
    out
}

fn qmark_out(args: &[&str]) -> Output {
    Command::new(qmark_bin())
        .args(args)
        .output()
        .expect("the qmark binary runs")
}

fn backfill(w: &World, since: &str) -> serde_json::Value {
    let config = w.config_path.to_str().expect("utf-8 path");
    let out = qmark_out(&["backfill", "--config", config, "--since", since]);
    assert!(
        out.status.success(),
        "backfill failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    // Not a terminal here: plain progress lines, no bar.
    assert!(
        stderr.contains("backfill: ") && !stderr.contains('\r'),
        "plain progress lines when stderr is not a terminal: {stderr}"
    );
    serde_json::from_slice(&out.stdout).expect("backfill prints its outcome as JSON")
}

/// The case numbers a summary lists (its `#N subject` lines).
fn listed(summary: &[u8]) -> Vec<i64> {
    parsed(summary)
        .text
        .lines()
        .filter_map(|l| l.strip_prefix('#'))
        .filter_map(|l| l.split_whitespace().next()?.parse().ok())
        .collect()
}

fn complaint_at(from: &str, to: &str, subject: &str, body: &str, mid: &str) -> Vec<u8> {
    format!(
        "From: {from}\r\nTo: {to}\r\nSubject: {subject}\r\nMessage-ID: <{mid}>\r\nDate: Tue, 13 Oct 2026 09:00:00 +0900\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n{body}\r\n"
    )
    .into_bytes()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn backfill_opens_old_complaints_quietly_and_each_owner_gets_one_summary() {
    let w = World::new();
    let ceo = w.addr("ceo");
    let p = &w.prefix;
    let kim = format!("{p}kim@customer.example");
    let lee = format!("{p}lee@customer.example");
    let old = complaint_at(
        &kim,
        &ceo,
        "Refund from last summer",
        "Please refund the payment.",
        &format!("{p}old@c"),
    );
    let first = complaint_at(
        &kim,
        &ceo,
        "Charged twice for order 1",
        "I was charged twice, please refund.",
        &format!("{p}1@c"),
    );
    let follow_up = format!(
        "From: {kim}\r\nTo: {ceo}\r\nSubject: Re: Charged twice for order 1\r\nMessage-ID: <{p}2@c>\r\nIn-Reply-To: <{p}1@c>\r\nReferences: <{p}1@c>\r\nDate: Wed, 14 Oct 2026 09:00:00 +0900\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nStill no refund?\r\n"
    )
    .into_bytes();
    let invoice = complaint_at(
        &lee,
        &ceo,
        "Invoice is wrong",
        "The invoice total is wrong, the payment was less.",
        &format!("{p}3@c"),
    );
    let parcel = complaint_at(
        &lee,
        &ceo,
        "Where is my package",
        "The courier never came, tracking is stuck.",
        &format!("{p}4@c"),
    );
    let away = format!(
        "From: {lee}\r\nTo: {ceo}\r\nSubject: Out of office\r\nAuto-Submitted: auto-replied\r\nMessage-ID: <{p}5@c>\r\n\r\nI am away until Monday.\r\n"
    )
    .into_bytes();
    let ours = format!(
        "From: {ceo}\r\nTo: {lee}\r\nSubject: ? something we sent\r\nX-Qmark-Loop: {ceo}\r\nMessage-ID: <{p}6@c>\r\n\r\n?\r\n"
    )
    .into_bytes();
    append_dated(
        &ceo,
        &[
            (old, Some("15-Jul-2026 10:00:00 +0000")),
            (first, Some("13-Oct-2026 00:00:00 +0000")),
            (follow_up, Some("14-Oct-2026 00:00:00 +0000")),
            (invoice, None),
            (parcel, None),
            (away, None),
            (ours, None),
        ],
    )
    .await;

    let started = now();
    let outcome = backfill(&w, "2026-09-01");
    assert_eq!(outcome["in_mailbox"], 7);
    assert_eq!(outcome["before_since"], 1, "July's mail is left: {outcome}");
    assert_eq!(outcome["stored"], 6);
    assert_eq!(outcome["new_cases"], 3, "{outcome}");
    assert_eq!(outcome["summaries"], 2, "{outcome}");
    assert_eq!(outcome["summarised_cases"], 3, "{outcome}");

    let app = w.app().await;
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM outbox WHERE purpose <> 'backfill_summary'"
        )
        .await,
        0,
        "no ? forward, no acknowledgment, no notice: only the summaries"
    );
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM outbox WHERE purpose = 'backfill_summary' AND status = 'sent'"
        )
        .await,
        2
    );
    assert_eq!(
        kinds_counted(&app).await,
        vec![
            ("auto_reply".to_string(), 1),
            ("complaint".to_string(), 3),
            ("follow_up".to_string(), 1),
            ("own".to_string(), 1)
        ],
        "the old auto-reply and our own mail are recorded, not acted on"
    );
    let cases = app.store.list_cases(None, now()).await.expect("cases");
    for c in &cases {
        let deadline = c.deadline;
        assert!(
            deadline >= started + chrono::Duration::hours(24),
            "case {}'s deadline counts from now, not from October: {}",
            c.id,
            c.deadline
        );
    }

    // The owners' real mailboxes: one summary each, every case once, each with its address.
    let billing = w.settled("billing").await;
    assert_eq!(
        billing.len(),
        1,
        "one summary to billing: {:?}",
        subjects(&billing)
    );
    assert_eq!(
        parsed(&billing[0]).subject,
        "? 2 customer complaints from before qmark, now yours"
    );
    assert_eq!(listed(&billing[0]), vec![1, 2]);
    let text = parsed(&billing[0]).text;
    let reply_to_case_1 = app.reply_address(
        1,
        &qmark::mail::address::Address::parse(&w.addr("billing")).expect("address"),
    );
    assert!(
        text.contains(&reply_to_case_1.to_string()),
        "each case comes with its own reply address: {text}"
    );
    assert!(text.contains("written Tue 13 Oct"), "{text}");
    let shipping = w.mailbox("shipping").await;
    assert_eq!(listed(&shipping[0]), vec![3]);
    assert!(
        parsed(&shipping[0])
            .subject
            .starts_with("? 1 customer complaint ")
    );
    assert!(
        w.customer_mail_to(&kim).await.is_empty(),
        "no acknowledgment of old mail"
    );

    // The daemon starts after what backfill decided: nothing taken again, July's mail included.
    let flags = flags_by_message_id(&ceo).await;
    let flagged = |id: &str| {
        flags
            .iter()
            .find(|(k, _)| k.contains(id))
            .map(|(_, f)| f.iter().any(|f| f.contains("QmarkProcessed")))
    };
    assert_eq!(flagged(&format!("{p}1@c")), Some(true));
    assert_eq!(
        flagged(&format!("{p}old@c")),
        Some(false),
        "older mail is left as it was"
    );
    let once = run_once(&app, now()).await.expect("run once");
    assert_eq!(
        (once.ingest.fetched, once.process.processed, once.send.sent),
        (0, 0, 0)
    );

    // A second backfill does nothing.
    let again = backfill(&w, "2026-09-01");
    assert_eq!(
        (
            &again["stored"],
            &again["already_stored"],
            &again["new_cases"],
            &again["summaries"]
        ),
        (
            &serde_json::json!(0),
            &serde_json::json!(6),
            &serde_json::json!(0),
            &serde_json::json!(0)
        ),
        "{again}"
    );
    assert_eq!(w.settled("billing").await.len(), 1, "no second summary");

    // The address in the summary works: the owner's mail to it answers the case.
    let answer = format!(
        "From: {}\r\nTo: {reply_to_case_1}\r\nSubject: about the double charge\r\nMessage-ID: <{p}answer@shop>\r\n\r\nRefunded today; sorry for the wait.\r\n",
        w.addr("billing")
    );
    w.deliver_to(
        &w.addr("billing"),
        &reply_to_case_1.to_string(),
        answer.as_bytes(),
    )
    .await;
    run_once(&app, now()).await.expect("run once");
    let case = app.store.case(1).await.expect("case").expect("case 1");
    assert_eq!(case.status, qmark::store::CaseStatus::Answered);
}

impl World {
    /// What one outside address received (it lands in the shared outside@ mailbox).
    async fn customer_mail_to(&self, who: &str) -> Vec<Vec<u8>> {
        read_inbox(&format!("outside@{DOMAIN}"))
            .await
            .into_iter()
            .filter(|m| header(m, "To").is_some_and(|t| t.contains(who)))
            .collect()
    }
}

fn subjects(msgs: &[Vec<u8>]) -> Vec<String> {
    msgs.iter().map(|m| parsed(m).subject).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backfill_killed_midway_and_run_again_loses_nothing_and_lists_each_case_once() {
    let w = World::new();
    let ceo = w.addr("ceo");
    const N: usize = 700;
    let topics = [
        ("Refund please", "I was charged twice, refund the payment."),
        (
            "Late parcel",
            "The courier lost my package, tracking is stuck.",
        ),
        ("Broken kettle", "It arrived broken, a defect in the lid."),
    ];
    let mail: Vec<(Vec<u8>, Option<&str>)> = (0..N)
        .map(|i| {
            let (subject, body) = topics[i % topics.len()];
            let raw = complaint_at(
                &format!("{}c{i}@customer.example", w.prefix),
                &ceo,
                &format!("{subject} #{i}"),
                body,
                &format!("{}k{i}@c", w.prefix),
            );
            (raw, None)
        })
        .collect();
    append_dated(&ceo, &mail).await;

    let config = w.config_path.to_str().expect("utf-8 path").to_string();
    let mut child = Command::new(qmark_bin())
        .args(["backfill", "--config", &config, "--since", "30d"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("backfill starts");
    // Killed once the first chunk is stored and processed, while the next is under way.
    let stderr = child.stderr.take().expect("stderr");
    let mut lines = std::io::BufRead::lines(std::io::BufReader::new(stderr));
    let first = lines
        .find_map(|l| l.ok().filter(|l| l.contains(&format!("/{N} messages"))))
        .expect("a progress line before the kill");
    assert!(first.starts_with("backfill: 200/"), "{first}");
    child.kill().expect("SIGKILL");
    let _ = child.wait();

    // The daemon refuses to start over an unfinished backfill, saying how to finish it.
    let refused = qmark_out(&["run", "--config", &config, "--once"]);
    let why = String::from_utf8_lossy(&refused.stderr);
    assert!(!refused.status.success());
    assert!(
        why.contains("backfill was interrupted")
            && why.contains("qmark backfill --config")
            && why.trim().lines().count() == 1,
        "{why}"
    );

    let outcome = backfill(&w, "30d");
    assert_eq!(outcome["failed"], 0, "{outcome}");
    let app = w.app().await;
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM messages").await,
        N as i64,
        "every message stored once"
    );
    assert_eq!(count(&app, "SELECT COUNT(*) FROM cases").await, N as i64);
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM (SELECT case_id FROM case_events WHERE kind = 'summarised' GROUP BY case_id HAVING COUNT(*) = 1) AS once"
        )
        .await,
        N as i64,
        "every case summarised exactly once"
    );
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM outbox WHERE purpose = 'forward'"
        )
        .await,
        0
    );
    // In the owners' mailboxes, once Postfix has delivered everything: every case listed,
    // none twice.
    w.settled("billing").await;
    let mut seen = BTreeSet::new();
    let mut total = 0;
    for owner in ["billing", "shipping", "quality", "triage"] {
        for m in &w.mailbox(owner).await {
            for id in listed(m) {
                total += 1;
                assert!(seen.insert(id), "case {id} listed twice");
            }
        }
    }
    assert_eq!((total, seen.len()), (N, N));
    // The daemon may start now, and finds nothing to take.
    let ok = qmark_out(&["run", "--config", &config, "--once"]);
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    let once: serde_json::Value = serde_json::from_slice(&ok.stdout).expect("json");
    assert_eq!(once["ingest"]["fetched"], 0);
    assert_eq!(once["process"]["new_cases"], 0);
}

/// The labelled corpus in /work/shared (mail from many clients, in Korean, Japanese and
/// English), appended to the inbox and backfilled: every message stored and read, each owner
/// one summary, no forward.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_shared_labelled_corpus_and_mail_parsers_own_messages_backfill_cleanly() {
    let w = World::new();
    let ceo = w.addr("ceo");
    let mut files = Vec::new();
    let shared = Path::new("/work/shared/corpus");
    if shared.is_dir() {
        for dir in std::fs::read_dir(shared).expect("corpus dir").flatten() {
            if dir.path().is_dir() {
                for f in std::fs::read_dir(dir.path()).expect("label dir").flatten() {
                    if f.path().extension().is_some_and(|e| e == "eml") {
                        files.push(f.path());
                    }
                }
            }
        }
    }
    files.extend(crate::corpus::eml_files(
        &crate::corpus::mail_parser_corpus(),
    ));
    files.sort();
    let mail: Vec<(Vec<u8>, Option<&str>)> = files
        .iter()
        .map(|f| (std::fs::read(f).expect("readable"), None))
        .collect();
    let appended = append_dated(&ceo, &mail).await;
    assert!(
        appended > 150,
        "most of the corpus reached the mailbox: {appended}"
    );

    let outcome = backfill(&w, "1d");
    let app = w.app().await;
    let stored = count(&app, "SELECT COUNT(*) FROM messages").await;
    assert_eq!(
        outcome["stored"].as_i64().expect("stored")
            + outcome["already_stored"].as_i64().expect("dups"),
        appended as i64,
        "{outcome}"
    );
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM messages WHERE processed_at IS NULL"
        )
        .await,
        0,
        "every stored message read ({stored})"
    );
    let others: Vec<(String, String)> = sqlx::query_as(
        "SELECT purpose, dedupe_key FROM outbox WHERE purpose <> 'backfill_summary'",
    )
    .fetch_all(app.store.pool())
    .await
    .expect("outbox");
    assert_eq!(others, Vec::<(String, String)>::new(), "no forward");
    let owners = count(&app, "SELECT COUNT(DISTINCT owner) FROM cases").await;
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM outbox WHERE purpose = 'backfill_summary'"
        )
        .await,
        owners
    );
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM cases WHERE summary_due = 1").await,
        0
    );
    eprintln!("backfilled {} files: {outcome}", files.len());
}

fn file_digest(path: &Path) -> String {
    match std::fs::read(path) {
        Ok(bytes) => hex::encode(sha2::Sha256::digest(bytes)),
        Err(_) => "absent".into(),
    }
}

/// A database made by real runs: complaints forwarded, one answered, one reassigned.
async fn world_with_history() -> (World, qmark::app::App) {
    let w = World::new();
    let ceo = w.addr("ceo");
    let c = w.customer();
    for (subject, body) in [
        ("Charged twice", "I was charged twice, please refund."),
        (
            "Warranty claim, \"urgent\"",
            "My warranty claim, number 7, was never handled,\r\nplease look.",
        ),
        ("Warranty question", "Is the lid covered by the warranty?"),
        ("Package late", "The courier has not come."),
    ] {
        w.deliver(&c, &message(&c, &ceo, subject, body, "")).await;
    }
    let app = w.app().await;
    run_once(&app, now()).await.expect("run once");
    // Billing answers case 1 (confirms billing); triage reassigns case 2 to quality.
    let billing = w.wait_for("billing", 1).await;
    let (to, answer) = reply_to_forward(&billing[0], &w.addr("billing"), "Refunded.", "");
    w.deliver_to(&w.addr("billing"), &to, &answer).await;
    let triage = w.wait_for("triage", 2).await;
    let second = triage
        .iter()
        .find(|m| parsed(m).subject.contains("[#2]"))
        .expect("case 2's forward");
    let (to, reassign) = reply_to_forward(
        second,
        &w.addr("triage"),
        &format!("#reassign {}", w.addr("quality")),
        "",
    );
    w.deliver_to(&w.addr("triage"), &to, &reassign).await;
    run_once(&app, now()).await.expect("run once");
    (w, app)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn replay_shows_exactly_the_cases_a_keyword_moves_and_changes_nothing() {
    let (w, app) = world_with_history().await;
    assert_eq!(
        app.store.case(1).await.expect("c").expect("1").status,
        qmark::store::CaseStatus::Answered
    );
    assert_eq!(
        app.store.case(2).await.expect("c").expect("2").route,
        "quality"
    );
    assert_eq!(
        app.store.case(3).await.expect("c").expect("3").route,
        "triage"
    );

    // The proposal: "warranty" is quality's.
    let proposed = w.dir.path().join("new.toml");
    std::fs::write(
        &proposed,
        w.config_text("").replace(
            "keywords = [\"broken\",",
            "keywords = [\"warranty\", \"broken\",",
        ),
    )
    .expect("write proposal");
    // Everything the daemon wrote is in the main file; then its bytes are the proof.
    sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
        .execute(app.store.pool())
        .await
        .expect("checkpoint");
    let db = w.dir.path().join("qmark.db");
    let wal = w.dir.path().join("qmark.db-wal");
    let before = (file_digest(&db), file_digest(&wal));
    let mailboxes_before: Vec<usize> = {
        let mut v = Vec::new();
        for r in ["billing", "quality", "triage", "founder"] {
            v.push(w.mailbox(r).await.len());
        }
        v
    };

    let config = w.config_path.to_str().expect("utf-8").to_string();
    let out = qmark_out(&[
        "replay",
        "--config",
        &config,
        "--since",
        "30d",
        "--proposed",
        proposed.to_str().expect("utf-8"),
        "--json",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let r: serde_json::Value = serde_json::from_slice(&out.stdout).expect("one JSON document");
    assert_eq!(r["replayed"], 4);
    assert_eq!(
        r["changes"],
        serde_json::json!([{"from": "triage", "to": "quality", "cases": 2}])
    );
    let moved: Vec<i64> = r["moves"]
        .as_array()
        .expect("moves")
        .iter()
        .map(|m| m["case_id"].as_i64().expect("id"))
        .collect();
    assert_eq!(moved, vec![2, 3], "exactly the warranty cases");
    assert!(
        r["moves"][0]["reasons_now"]
            .to_string()
            .contains("warranty"),
        "{}",
        r["moves"][0]
    );
    assert_eq!(
        r["accuracy"],
        serde_json::json!({"confirmed": 2, "right_then": 1, "right_now": 2}),
        "case 1 confirmed billing by its answer, case 2 quality by its reassignment"
    );

    // The same with the current config: nothing moves; as text, a table.
    let out = qmark_out(&["replay", "--config", &config, "--since", "30d"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success());
    assert!(
        text.contains("4 would keep their route, 0 would move"),
        "{text}"
    );
    let out = qmark_out(&[
        "replay",
        "--config",
        &config,
        "--since",
        "30d",
        "--proposed",
        proposed.to_str().expect("utf-8"),
    ]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("triage           →  quality              2"),
        "{text}"
    );
    assert!(
        text.contains("#3 triage → quality  Warranty question"),
        "{text}"
    );

    // Bad input: one line, non-zero.
    for (args, says) in [
        (vec!["--since", "soon"], "30d"),
        (
            vec!["--since", "30d", "--proposed", "/nonexistent.toml"],
            "nonexistent",
        ),
    ] {
        let mut all = vec!["replay", "--config", config.as_str()];
        all.extend(args);
        let out = qmark_out(&all);
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success() && err.contains(says), "{err}");
    }

    // Nothing sent, nothing written.
    assert_eq!(
        (file_digest(&db), file_digest(&wal)),
        before,
        "the database is unchanged byte for byte"
    );
    let mut after = Vec::new();
    for r in ["billing", "quality", "triage", "founder"] {
        after.push(w.settled(r).await.len());
    }
    assert_eq!(after, mailboxes_before, "replay sends nothing");
}

/// The documented columns of the CSV export (docs/export.md), in order.
const CASE_COLUMNS: &[&str] = &[
    "case_id",
    "status",
    "route",
    "owner",
    "priority",
    "customer",
    "customer_name",
    "subject",
    "language",
    "wants",
    "problem",
    "rung",
    "backfilled",
    "messages",
    "opened_at",
    "deadline",
    "first_forward_at",
    "first_answer_at",
    "closed_at",
    "seconds_to_first_forward",
    "seconds_to_first_answer",
    "deadline_met",
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn export_writes_the_documented_schema_without_tokens_and_customer_text_stays_in_its_cell() {
    let (w, app) = world_with_history().await;
    let config = w.config_path.to_str().expect("utf-8").to_string();
    let csv_out = qmark_out(&[
        "export",
        "--config",
        &config,
        "--since",
        "2026-01-01",
        "--format",
        "csv",
    ]);
    assert!(
        csv_out.status.success(),
        "{}",
        String::from_utf8_lossy(&csv_out.stderr)
    );
    let mut reader = csv::Reader::from_reader(csv_out.stdout.as_slice());
    let headers: Vec<String> = reader
        .headers()
        .expect("header row")
        .iter()
        .map(str::to_string)
        .collect();
    assert_eq!(headers, CASE_COLUMNS, "the documented schema, in order");
    let docs = std::fs::read_to_string(root().join("docs/export.md")).expect("docs/export.md");
    for c in CASE_COLUMNS {
        assert!(
            docs.contains(&format!("`{c}`")),
            "docs/export.md documents {c}"
        );
    }
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("a row")).collect();
    assert_eq!(rows.len(), 4, "one row per case whatever the subjects hold");
    let col = |name: &str| headers.iter().position(|h| h == name).expect(name);
    assert_eq!(&rows[1][col("subject")], "Warranty claim, \"urgent\"");
    assert_eq!(&rows[0][col("status")], "answered");
    assert!(
        rows[0][col("seconds_to_first_answer")]
            .parse::<i64>()
            .is_ok()
    );
    assert!(!rows[0][col("first_forward_at")].is_empty());
    assert_eq!(&rows[0][col("deadline_met")], "true");
    assert_eq!(&rows[1][col("route")], "quality");

    // JSON Lines: one case a line, its events inside.
    let file = w.dir.path().join("cases.jsonl");
    let out = qmark_out(&[
        "export",
        "--config",
        &config,
        "--since",
        "30d",
        "--format",
        "jsonl",
        "--out",
        file.to_str().expect("utf-8"),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let jsonl = std::fs::read_to_string(&file).expect("export file");
    let lines: Vec<serde_json::Value> = jsonl
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is one JSON object"))
        .collect();
    assert_eq!(lines.len(), 4);
    let kinds: Vec<&str> = lines[1]["events"]
        .as_array()
        .expect("events")
        .iter()
        .filter_map(|e| e["kind"].as_str())
        .collect();
    assert!(
        kinds.contains(&"opened") && kinds.contains(&"reassigned"),
        "{kinds:?}"
    );
    let events = qmark_out(&[
        "export", "--config", &config, "--since", "30d", "--format", "csv", "--events",
    ]);
    assert!(events.status.success());

    // No token leaves: neither a case's nor a reply token.
    let tokens: Vec<String> = sqlx::query_scalar("SELECT token FROM cases")
        .fetch_all(app.store.pool())
        .await
        .expect("tokens");
    let reply = app.token(
        1,
        &qmark::mail::address::Address::parse(&w.addr("billing")).expect("address"),
    );
    for text in [
        String::from_utf8_lossy(&csv_out.stdout).to_string(),
        jsonl.clone(),
        String::from_utf8_lossy(&events.stdout).to_string(),
    ] {
        for t in tokens.iter().chain(std::iter::once(&reply)) {
            assert!(!text.contains(t.as_str()), "a token in the export");
        }
    }

    // Bad input: one line, non-zero.
    for args in [
        vec!["--since", "2026-01-01", "--format", "xml"],
        vec!["--since", "yesterday", "--format", "csv"],
        vec!["--since", "30d", "--format", "jsonl", "--events"],
    ] {
        let mut all = vec!["export", "--config", config.as_str()];
        all.extend(args);
        let out = qmark_out(&all);
        assert!(!out.status.success(), "{all:?}");
        assert!(!out.stderr.is_empty());
    }
}

/// A backfill that fails before taking anything (a mistyped `--mailbox`) leaves nothing to
/// finish: `qmark run` starts as before, instead of being sent back to the same failing
/// command (the second attacker's finding).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backfill_that_took_nothing_does_not_block_the_daemon() {
    let w = World::new();
    let config = w.config_path.to_str().expect("utf-8 path");
    let out = qmark_out(&[
        "backfill",
        "--config",
        config,
        "--since",
        "30d",
        "--mailbox",
        "NoSuchBox",
    ]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{err}");
    assert!(err.contains("nothing was taken in"), "{err}");
    let run = qmark_out(&["run", "--config", config, "--once"]);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
}
