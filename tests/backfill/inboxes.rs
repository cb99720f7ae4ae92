//! Backfill with several `[[inbox]]`es: every inbox by default, each from its own cursor, the
//! cases remembering the address they came in on; `--inbox` picks one; `--mailbox` with
//! several inboxes must say whose.

use qmark::runner::run_once;

use super::{append_dated, complaint_at, count};
use crate::support::*;

/// A world whose config reads two inboxes with passwords: the CEO's, then a brand's.
fn two_inboxes(w: &World) -> String {
    let brand = w.addr("brand");
    add_mail_users(&[&brand]);
    let block = format!(
        r#"
[[inbox]]
address = "{brand}"
host = "127.0.0.1"
port = {port}
tls = "none"
username = "{brand}"
password_env = "QMARK_TEST_IMAP_PASSWORD"
processed = "keyword"
poll_interval = "5s"
"#,
        port = imap_port()
    );
    let text = w
        .config_text("")
        .replacen("\n[inbox]\n", "\n[[inbox]]\n", 1)
        .replacen("\n[smtp]\n", &format!("{block}\n[smtp]\n"), 1);
    std::fs::write(&w.config_path, text).expect("write config");
    brand
}

fn backfill_with(w: &World, extra: &[&str]) -> std::process::Output {
    let config = w.config_path.to_str().expect("utf-8 path");
    let mut args = vec!["backfill", "--config", config, "--since", "2026-09-01"];
    args.extend_from_slice(extra);
    qmark(&args)
}

fn outcome(out: &std::process::Output) -> serde_json::Value {
    assert!(
        out.status.success(),
        "backfill failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("backfill prints its outcome as JSON")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn backfill_reads_every_inbox_from_its_own_cursor() {
    let w = World::new();
    let brand = two_inboxes(&w);
    let ceo = w.addr("ceo");
    let p = &w.prefix;
    let kim = format!("{p}kim@customer.example");
    let lee = format!("{p}lee@customer.example");
    let refund = complaint_at(
        &kim,
        &ceo,
        "Refund please",
        "Please refund the payment.",
        &format!("{p}r@c"),
    );
    let july = complaint_at(
        &kim,
        &ceo,
        "Old refund",
        "Refund the invoice.",
        &format!("{p}j@c"),
    );
    let parcel = complaint_at(
        &lee,
        &brand,
        "Where is my parcel",
        "The package never arrived and tracking says nothing.",
        &format!("{p}s@c"),
    );
    append_dated(
        &ceo,
        &[
            (july, Some("02-Jul-2026 00:00:00 +0000")),
            (refund, Some("13-Oct-2026 00:00:00 +0000")),
        ],
    )
    .await;
    append_dated(&brand, &[(parcel, Some("14-Oct-2026 00:00:00 +0000"))]).await;

    // Several inboxes and a --mailbox but no --inbox: refused, saying what to add.
    let refused = backfill_with(&w, &["--mailbox", "INBOX"]);
    assert!(!refused.status.success());
    let why = String::from_utf8_lossy(&refused.stderr);
    assert!(why.contains("--inbox") && why.contains(&brand), "{why}");
    let unknown = backfill_with(&w, &["--inbox", "nobody@example.test"]);
    let why = String::from_utf8_lossy(&unknown.stderr);
    assert!(!unknown.status.success() && why.contains(&ceo), "{why}");

    // The default: both inboxes.
    let o = outcome(&backfill_with(&w, &[]));
    assert_eq!(o["in_mailbox"], 3, "{o}");
    assert_eq!(o["before_since"], 1, "{o}");
    assert_eq!(o["stored"], 2, "{o}");
    assert_eq!(o["new_cases"], 2, "{o}");
    assert_eq!(o["summaries"], 2, "one to billing, one to shipping: {o}");

    let app = w.app().await;
    let cases: Vec<(String, Option<String>)> =
        sqlx::query_as("SELECT route, inbox FROM cases ORDER BY route")
            .fetch_all(app.store.pool())
            .await
            .expect("cases");
    assert_eq!(
        cases,
        vec![
            ("billing".to_string(), Some(ceo.clone())),
            ("shipping".to_string(), Some(brand.clone())),
        ]
    );
    // Each inbox has its own cursor, past everything backfill decided (July's mail included).
    let cursors: Vec<(String, i64)> =
        sqlx::query_as("SELECT inbox, last_uid FROM inbox_cursor ORDER BY inbox")
            .fetch_all(app.store.pool())
            .await
            .expect("cursors");
    let mut expected = vec![(brand.clone(), 1), (ceo.clone(), 2)];
    expected.sort();
    assert_eq!(cursors, expected);
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM outbox WHERE purpose <> 'backfill_summary'"
        )
        .await,
        0,
        "no ? forward from either inbox"
    );
    // The daemon takes nothing again from either inbox.
    let once = run_once(&app, now()).await.expect("run once");
    assert_eq!((once.ingest.fetched, once.process.processed), (0, 0));

    // --inbox takes one: the brand's mail again, already stored, nothing new.
    let o = outcome(&backfill_with(&w, &["--inbox", &brand]));
    assert_eq!(
        (&o["in_mailbox"], &o["already_stored"], &o["new_cases"]),
        (
            &serde_json::json!(1),
            &serde_json::json!(1),
            &serde_json::json!(0)
        ),
        "{o}"
    );
}
