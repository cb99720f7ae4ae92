//! Issue 13, several public addresses: two `[[inbox]]`es on the real servers, the CEO's read
//! with a password and a Korean brand's with XOAUTH2 through the stand-in token service.

use std::process::Command;
use std::sync::Arc;
use std::time::Duration as StdDuration;

use qmark::app::App;
use qmark::runner::run_once;
use serde_json::json;
use tokio_util::sync::CancellationToken;

use super::{OAuthWorld, admin, stats};
use crate::support::*;

fn brand(o: &OAuthWorld) -> String {
    o.w.addr("hanbit")
}

/// A world with two inboxes: the CEO's (password, as every test world) first, then the
/// brand's (XOAUTH2, Korean acknowledgments, billing only). The brand needs a consent.
async fn two_inboxes(access_ttl: u32) -> OAuthWorld {
    let o = OAuthWorld::new(access_ttl, false, "").await;
    add_mail_users(&[&brand(&o)]);
    let block = format!(
        r#"
[[inbox]]
address = "{brand}"
from = "한빛 고객센터 <{brand}>"
host = "127.0.0.1"
port = {port}
tls = "none"
username = "{brand}"
auth = "oauth2"
processed = "keyword"
poll_interval = "5s"
language = "ko"
routes = ["billing"]
"#,
        brand = brand(&o),
        port = imap_port(),
    );
    let extra = format!("{}\n[acknowledgment]\nenabled = true\n", o.oauth2_table(""));
    let text =
        o.w.config_text(&extra)
            .replacen("\n[inbox]\n", "\n[[inbox]]\n", 1)
            .replacen("\n[smtp]\n", &format!("{block}\n[smtp]\n"), 1);
    std::fs::write(&o.w.config_path, text).expect("write config");
    o
}

/// The cases' number, route and the inbox they came in on, oldest first.
async fn cases(app: &App) -> Vec<(i64, String, Option<String>)> {
    sqlx::query_as("SELECT id, route, inbox FROM cases ORDER BY id")
        .fetch_all(app.store.pool())
        .await
        .expect("cases")
}

/// What the customer `who` (outside the test domain, so in the shared outside@ mailbox) has
/// received, once at least `n` mails are there.
async fn customer_got(who: &str, n: usize) -> Vec<Vec<u8>> {
    for _ in 0..150 {
        let got: Vec<Vec<u8>> = read_inbox(&format!("outside@{DOMAIN}"))
            .await
            .into_iter()
            .filter(|m| header(m, "To").is_some_and(|t| t.contains(who)))
            .collect();
        if got.len() >= n {
            return got;
        }
        tokio::time::sleep(StdDuration::from_millis(100)).await;
    }
    panic!("{who} never received {n} mail(s)");
}

/// The mail among `got` that answers the message `raw` (its In-Reply-To).
fn answering<'a>(got: &'a [Vec<u8>], raw: &[u8]) -> Vec<&'a Vec<u8>> {
    let mid = parsed(raw).message_id.expect("a Message-ID");
    got.iter()
        .filter(|m| parsed(m).in_reply_to == vec![mid.clone()])
        .collect()
}

fn from_of(raw: &[u8]) -> String {
    header(raw, "From").expect("a From").to_lowercase()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_case_remembers_its_inbox_and_its_customer_mail_leaves_from_that_address() {
    let o = two_inboxes(3600).await;
    let (w, ceo, brand) = (&o.w, o.ceo(), brand(&o));
    // Only the brand's account logs in with OAuth2, so the one consent is the brand's.
    let printed = o.login().await;
    assert!(printed.contains(&format!("granted:  {brand}")), "{printed}");
    assert!(!printed.contains(&format!("granted:  {ceo}")), "{printed}");

    // Three customers: each gets one acknowledgment (one per customer per window).
    let (kim, lee, park) = (
        format!("{}kim@customer.example", w.prefix),
        format!("{}lee@customer.example", w.prefix),
        format!("{}park@customer.example", w.prefix),
    );
    let to_ceo = message(
        &kim,
        &ceo,
        "Charged twice",
        "I was charged twice for order 12. Please refund.",
        "",
    );
    let to_brand = message(
        &lee,
        &brand,
        "결제가 두 번 되었어요",
        "주문 34번 결제가 두 번 되었습니다. 환불해 주세요.",
        "",
    );
    // Shipping work, which the brand's inbox does not take: triage decides.
    let off_route = message(
        &park,
        &brand,
        "배송이 안 와요",
        "택배 배송이 일주일째 안 옵니다. 언제 오나요?",
        "",
    );
    send(&kim, &[&ceo], &to_ceo).await;
    send(&lee, &[&brand], &to_brand).await;
    send(&park, &[&brand], &off_route).await;
    w.wait_for("ceo", 1).await;
    w.wait_for("hanbit", 2).await;

    let app = w.app().await;
    let out = run_once(&app, now()).await.expect("both inboxes are read");
    assert_eq!(out.ingest.stored, 3);
    let lower = |s: &str| Some(s.to_lowercase());
    let got = cases(&app).await;
    assert_eq!(got.len(), 3, "{got:?}");
    assert_eq!(
        (got[0].1.as_str(), got[0].2.clone()),
        ("billing", lower(&ceo))
    );
    assert_eq!(
        (got[1].1.as_str(), got[1].2.clone()),
        ("billing", lower(&brand))
    );
    assert_eq!(
        (got[2].1.as_str(), got[2].2.clone()),
        ("triage", lower(&brand)),
        "the brand's inbox takes only billing"
    );

    // Each acknowledgment answers its complaint, in its thread, From the address it went to.
    let acks = customer_got(&kim, 1).await;
    let ack_ceo = answering(&acks, &to_ceo);
    let acks = customer_got(&lee, 1).await;
    let ack_brand = answering(&acks, &to_brand);
    assert_eq!(
        (ack_ceo.len(), ack_brand.len()),
        (1, 1),
        "one acknowledgment each"
    );
    assert!(
        from_of(ack_ceo[0]).contains(&ceo),
        "{}",
        from_of(ack_ceo[0])
    );
    assert!(!from_of(ack_ceo[0]).contains(&brand));
    assert!(
        from_of(ack_brand[0]).contains(&brand),
        "{}",
        from_of(ack_brand[0])
    );
    assert!(
        header(ack_brand[0], "Reply-To")
            .is_some_and(|r| r.contains(&format!("{}+", brand.split('@').next().unwrap_or("")))),
        "replies come back to the brand's address"
    );
    let acks = customer_got(&park, 1).await;
    let ack_off = answering(&acks, &off_route);
    assert_eq!(ack_off.len(), 1);
    assert!(
        from_of(ack_off[0]).contains(&brand),
        "{}",
        from_of(ack_off[0])
    );

    // The owner's #reply on the brand's case goes out From the brand, in the customer's thread.
    let forwards = w.wait_for("billing", 2).await;
    let forward = forwards
        .iter()
        .find(|f| parsed(f).subject.contains(&format!("[#{}]", got[1].0)))
        .expect("the brand case's forward");
    assert!(from_of(forward).contains(&brand), "{}", from_of(forward));
    let (to, reply) = reply_to_forward(
        forward,
        &w.addr("billing"),
        "#reply\r\n두 번째 결제를 환불해 드렸습니다.",
        "",
    );
    assert!(
        to.to_lowercase()
            .starts_with(&format!("{}+", brand.split('@').next().unwrap_or(""))),
        "{to}"
    );
    let before = w.mailbox("hanbit").await.len();
    send(&w.addr("billing"), &[&to], &reply).await;
    w.wait_for("hanbit", before + 1).await;
    run_once(&app, now())
        .await
        .expect("the reply is read from the brand's inbox");
    let all = customer_got(&lee, 2).await;
    let answers: Vec<_> = answering(&all, &to_brand)
        .into_iter()
        .filter(|m| parsed(m).text.contains("환불해 드렸습니다"))
        .collect();
    assert_eq!(answers.len(), 1, "the customer got the answer once");
    assert!(
        from_of(answers[0]).contains(&brand),
        "{}",
        from_of(answers[0])
    );
    let status: String = sqlx::query_scalar("SELECT status FROM cases WHERE id = ?")
        .bind(got[1].0)
        .fetch_one(app.store.pool())
        .await
        .expect("status");
    assert_eq!(status, "answered");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_revoked_inbox_stops_only_itself_and_comes_back_without_rereading_mail() {
    let o = two_inboxes(3600).await;
    let (w, ceo, brand) = (&o.w, o.ceo(), brand(&o));
    o.login().await;
    admin("/admin/revoke", json!({"username": brand})).await;
    admin("/admin/expire", json!({"username": brand})).await;

    let cust = w.customer();
    let to_ceo = message(
        &cust,
        &ceo,
        "Refund please",
        "I was charged twice. Please refund.",
        "",
    );
    let to_brand = message(
        &cust,
        &brand,
        "환불 요청",
        "결제가 두 번 되었습니다. 환불해 주세요.",
        "",
    );
    send(&cust, &[&ceo], &to_ceo).await;
    send(&cust, &[&brand], &to_brand).await;
    w.wait_for("ceo", 1).await;
    w.wait_for("hanbit", 1).await;

    let app = w.app().await;
    let err = format!(
        "{:#}",
        run_once(&app, now())
            .await
            .expect_err("the brand is locked out")
    );
    assert!(
        err.contains(&brand) && err.contains("qmark auth --config"),
        "{err}"
    );
    // The CEO's inbox was read and its case opened all the same.
    let got = cases(&app).await;
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].2, Some(ceo.to_lowercase()));
    // The executives hear it once a day, with the command that fixes it.
    run_once(&app, now()).await.expect_err("still locked out");
    let notices: Vec<Vec<u8>> =
        sqlx::query_scalar("SELECT body FROM outbox WHERE purpose = 'notice'")
            .fetch_all(app.store.pool())
            .await
            .expect("notices");
    assert_eq!(notices.len(), 1, "one notice a day");
    let notice = String::from_utf8_lossy(&notices[0]).replace("=\r\n", "");
    assert!(notice.contains("qmark auth --config"), "{notice}");

    // A new consent: the brand's mail is read once, the CEO's not again.
    o.login().await;
    let out = run_once(&app, now()).await.expect("both inboxes again");
    assert_eq!(out.ingest.stored, 1);
    assert_eq!(
        out.ingest.fetched, 1,
        "nothing of the CEO's inbox is fetched again"
    );
    let got = cases(&app).await;
    assert_eq!(got.len(), 2);
    assert_eq!(got[1].2, Some(brand.to_lowercase()));
}

/// The daemon: the brand's access token dies while its session IDLEs and the server drops
/// the session (as Exchange does with `AccessTokenExpired`). qmark refreshes, re-opens and
/// reads on, losing and repeating nothing; the CEO's inbox never notices.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_token_expiring_in_the_middle_of_idle_is_refreshed_and_the_session_reopened() {
    let o = two_inboxes(3600).await;
    let (w, ceo, brand) = (&o.w, o.ceo(), brand(&o));
    o.login().await;
    let app = Arc::new(w.app().await);
    let cancel = CancellationToken::new();
    let daemon = tokio::spawn(qmark::runner::run(
        app.clone(),
        qmark::clock::Clock::System,
        cancel.clone(),
    ));
    let cust = w.customer();
    let count = |app: Arc<App>| async move {
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM cases")
            .fetch_one(app.store.pool())
            .await
            .expect("count");
        n
    };
    let wait_cases = |n: i64| {
        let app = app.clone();
        async move {
            for _ in 0..300 {
                if count(app.clone()).await >= n {
                    return;
                }
                tokio::time::sleep(StdDuration::from_millis(100)).await;
            }
            panic!("the daemon never opened {n} case(s)");
        }
    };
    send(
        &cust,
        &[&brand],
        &message(
            &cust,
            &brand,
            "환불",
            "결제가 두 번 되었습니다. 환불해 주세요.",
            "",
        ),
    )
    .await;
    wait_cases(1).await;
    let refreshes = stats(&brand).await["refreshes"].as_i64().unwrap_or(0);

    // The token dies and the server drops the IDLE session.
    admin("/admin/expire", json!({"username": brand})).await;
    let out = Command::new(root().join("scripts/mail-servers"))
        .args(["kick", &brand])
        .output()
        .expect("kick");
    assert!(out.status.success());
    send(
        &cust,
        &[&brand],
        &message(
            &cust,
            &brand,
            "환불 또",
            "청구서가 틀렸습니다. 환불해 주세요.",
            "",
        ),
    )
    .await;
    send(
        &cust,
        &[&ceo],
        &message(
            &cust,
            &ceo,
            "Invoice wrong",
            "The invoice is wrong, please refund.",
            "",
        ),
    )
    .await;
    wait_cases(3).await;
    cancel.cancel();
    daemon
        .await
        .expect("join")
        .expect("the daemon stops cleanly");

    assert!(
        stats(&brand).await["refreshes"].as_i64().unwrap_or(0) > refreshes,
        "the dead token was refreshed"
    );
    let (messages, cases_n): (i64, i64) =
        sqlx::query_as("SELECT (SELECT COUNT(*) FROM messages), (SELECT COUNT(*) FROM cases)")
            .fetch_one(app.store.pool())
            .await
            .expect("counts");
    assert_eq!(
        (messages, cases_n),
        (3, 3),
        "nothing lost, nothing read twice"
    );
    let cursor: i64 = sqlx::query_scalar("SELECT last_uid FROM inbox_cursor WHERE inbox = ?")
        .bind(brand.to_lowercase())
        .fetch_one(app.store.pool())
        .await
        .expect("the brand's own cursor");
    assert_eq!(cursor, 2);
}

/// `qmark check` goes on after a failing inbox: every inbox and SMTP get their line, each
/// problem one line of its own.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn check_reports_every_inbox_and_smtp_each_problem_on_one_line() {
    let o = two_inboxes(3600).await;
    let brand = brand(&o);
    // The CEO's password is wrong, and nobody has consented for the brand yet.
    let text = std::fs::read_to_string(&o.w.config_path)
        .expect("config")
        .replace("QMARK_TEST_IMAP_PASSWORD", "QMARK_TEST_WRONG_PASSWORD");
    std::fs::write(&o.w.config_path, text).expect("write config");
    let check = o
        .qmark(&["check"])
        .env("QMARK_TEST_WRONG_PASSWORD", "not-the-password")
        .output()
        .expect("check runs");
    let out = String::from_utf8_lossy(&check.stdout);
    assert!(!check.status.success(), "{out}");
    let problems: Vec<&str> = out.lines().filter(|l| l.starts_with("problem:")).collect();
    assert_eq!(problems.len(), 2, "{out}");
    assert!(
        problems
            .iter()
            .any(|l| l.contains("inbox[0]") && l.contains("login")),
        "{out}"
    );
    assert!(
        problems
            .iter()
            .any(|l| l.contains(&brand.to_lowercase()) && l.contains("qmark auth --config")),
        "{out}"
    );
    assert!(
        out.lines()
            .any(|l| l.starts_with("smtp:") && l.contains("ok")),
        "SMTP is checked after the inboxes failed: {out}"
    );
    let auth_status = || {
        o.qmark(&["auth"])
            .arg("status")
            .env("QMARK_TEST_WRONG_PASSWORD", "not-the-password")
            .output()
            .expect("status runs")
    };
    // `auth status` fails the same way while a consent is missing, so a monitor running it
    // learns it, and passes after the consent.
    let status = auth_status();
    let out = String::from_utf8_lossy(&status.stdout);
    assert!(!status.status.success(), "{out}");
    assert!(
        out.lines()
            .any(|l| l.starts_with("problem:") && l.contains(&brand.to_lowercase())),
        "{out}"
    );
    // After the consent, only the password is left.
    o.login().await;
    let status = auth_status();
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    let check = o
        .qmark(&["check"])
        .env("QMARK_TEST_WRONG_PASSWORD", "not-the-password")
        .output()
        .expect("check runs");
    let out = String::from_utf8_lossy(&check.stdout);
    let problems: Vec<&str> = out.lines().filter(|l| l.starts_with("problem:")).collect();
    assert_eq!(problems.len(), 1, "{out}");
    assert!(
        out.lines()
            .any(|l| l.starts_with("imap:") && l.contains(&brand) && l.contains("ok")),
        "{out}"
    );
}
