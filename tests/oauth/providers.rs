//! Issue 13, mixed providers and per-inbox SMTP: the CEO's address on "Google" and a brand's on
//! "Microsoft 365" (the stand-in token service playing both, each under its own issuer prefix
//! with its own client), each inbox read with its own token and its mail submitted through its
//! own SMTP account, checked by the real Dovecot and Postfix.

use std::process::Command;

use qmark::runner::{run_once, work_once};
use serde_json::json;

use super::{OAuthWorld, SECRET, admin, stats, token_url};
use crate::support::*;

const SMTP_SEND: &str = "https://outlook.office.com/SMTP.Send";

fn brand(o: &OAuthWorld) -> String {
    o.w.addr("hanbit")
}

/// A world whose CEO inbox signs in with a "google" client and whose brand inbox with a
/// "microsoft365" client that must hold SMTP.Send to send; each inbox has its own SMTP account
/// (the same login as its IMAP one). `ms_scopes` overrides the Microsoft preset's scopes.
async fn two_providers(ms_scopes: Option<&str>) -> OAuthWorld {
    let o = OAuthWorld::new(3600, false, "").await;
    add_mail_users(&[&brand(&o)]);
    let (google, microsoft) = (format!("g-{}", o.client_id), format!("ms-{}", o.client_id));
    admin(
        "/admin/clients",
        json!({"client_id": google, "client_secret": SECRET, "issuer": "google"}),
    )
    .await;
    admin(
        "/admin/clients",
        json!({"client_id": microsoft, "client_secret": SECRET, "issuer": "microsoft",
               "send_scope": SMTP_SEND}),
    )
    .await;
    let ceo_tables = format!(
        r#"
[inbox.oauth2]
provider = "google"
client_id = "{google}"
client_secret_env = "QMARK_TEST_OAUTH_SECRET"
auth_url = "{g_auth}"
token_url = "{g_token}"
revoke_url = "{g_revoke}"
"#,
        g_auth = token_url("/google/authorize"),
        g_token = token_url("/google/token"),
        g_revoke = token_url("/google/revoke"),
    );
    let brand_block = format!(
        r#"
[[inbox]]
address = "{brand}"
from = "한빛 고객센터 <{brand}>"
host = "127.0.0.1"
port = {imap}
tls = "none"
username = "{brand}"
auth = "oauth2"
processed = "keyword"
poll_interval = "5s"
language = "ko"

[inbox.smtp]
host = "127.0.0.1"
port = {smtp}
tls = "none"

[inbox.oauth2]
provider = "microsoft365"
client_id = "{microsoft}"
client_secret_env = "QMARK_TEST_OAUTH_SECRET"
tenant = "daybreak.example"
auth_url = "{m_auth}"
token_url = "{m_token}"
device_url = "{m_device}"
{scopes}
"#,
        brand = brand(&o),
        imap = imap_port(),
        smtp = smtp_port(),
        m_auth = token_url("/microsoft/authorize"),
        m_token = token_url("/microsoft/token"),
        m_device = token_url("/microsoft/devicecode"),
        scopes = ms_scopes
            .map(|s| format!("scopes = {s}"))
            .unwrap_or_default(),
    );
    // The CEO's inbox: XOAUTH2, and its own SMTP account written inline (the same login).
    let ceo_own = format!(
        "auth = \"oauth2\"\nsmtp = {{ host = \"127.0.0.1\", port = {}, tls = \"none\" }}",
        smtp_port()
    );
    // The secret's variable is set by oauth2_table; its [oauth2] table is not used here.
    let _ = o.oauth2_table("");
    let text =
        o.w.config_text("\n[acknowledgment]\nenabled = true\n")
            .replacen("\n[inbox]\n", "\n[[inbox]]\n", 1)
            .replacen("password_env = \"QMARK_TEST_IMAP_PASSWORD\"", &ceo_own, 1)
            .replacen(
                "\n[smtp]\n",
                &format!("{ceo_tables}\n{brand_block}\n[smtp]\n"),
                1,
            );
    std::fs::write(&o.w.config_path, text).expect("write config");
    o
}

fn out_of(o: &std::process::Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// The account Postfix says logged in to submit `raw` (its Received header), lower-case.
fn authenticated_sender(raw: &[u8]) -> Option<String> {
    let text = String::from_utf8_lossy(raw).to_lowercase();
    let at = text.find("authenticated sender: ")? + "authenticated sender: ".len();
    text.get(at..)?
        .split(|c: char| c == ')' || c.is_whitespace())
        .next()
        .map(str::to_string)
}

/// The mail among `got` that answers the message `raw` (its In-Reply-To).
fn answering<'a>(got: &'a [Vec<u8>], raw: &[u8]) -> Option<&'a Vec<u8>> {
    let mid = parsed(raw).message_id.expect("a Message-ID");
    got.iter()
        .find(|m| parsed(m).in_reply_to == vec![mid.clone()])
}

async fn customer_got(who: &str) -> Vec<Vec<u8>> {
    for _ in 0..150 {
        let got: Vec<Vec<u8>> = read_inbox(&format!("outside@{DOMAIN}"))
            .await
            .into_iter()
            .filter(|m| header(m, "To").is_some_and(|t| t.contains(who)))
            .collect();
        if !got.is_empty() {
            return got;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("{who} never received mail");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_inboxes_on_two_providers_each_read_and_send_as_their_own_account() {
    let o = two_providers(None).await;
    let (w, ceo, brand) = (&o.w, o.ceo().to_lowercase(), brand(&o).to_lowercase());

    // Two accounts with their own clients: `auth login` wants to be told which, and says
    // who is waiting for consent.
    let bare = o
        .qmark(&["auth"])
        .arg("login")
        .output()
        .expect("login runs");
    let text = out_of(&bare);
    assert!(!bare.status.success(), "{text}");
    assert!(
        text.contains("--inbox")
            && text.contains(&format!("{ceo} (google)"))
            && text.contains(&format!("{brand} (microsoft365)"))
            && text.contains("consent needed for"),
        "{text}"
    );
    let printed = o.login_with(&["--inbox", &ceo]).await;
    assert!(printed.contains(&format!("granted:  {ceo}")), "{printed}");
    assert!(
        !printed.contains(&brand),
        "only the account named: {printed}"
    );
    let printed = o.login_with(&["--inbox", &brand]).await;
    assert!(printed.contains(&format!("granted:  {brand}")), "{printed}");

    // Each grant was made by its own provider's client.
    let app = w.app().await;
    let clients: Vec<(String, String)> =
        sqlx::query_as("SELECT username, client_id FROM oauth_grants ORDER BY username")
            .fetch_all(app.store.pool())
            .await
            .expect("grants");
    assert_eq!(clients.len(), 2, "{clients:?}");
    for (user, client) in &clients {
        let want = if *user == ceo { "g-" } else { "ms-" };
        assert!(client.starts_with(want), "{user}: {client}");
    }
    let status = o.qmark(&["auth"]).arg("status").output().expect("status");
    let text = out_of(&status);
    assert!(
        text.contains(&format!("{ceo} (google): granted"))
            && text.contains(&format!("{brand} (microsoft365): granted")),
        "{text}"
    );

    let (kim, lee) = (
        format!("{}kim@customer.example", w.prefix),
        format!("{}lee@customer.example", w.prefix),
    );
    let to_ceo = message(
        &kim,
        &ceo,
        "Charged twice",
        "Charged twice for order 12, please refund.",
        "",
    );
    let to_brand = message(
        &lee,
        &brand,
        "결제가 두 번 되었어요",
        "주문 34번 결제가 두 번 되었습니다. 환불해 주세요.",
        "",
    );
    send(&kim, &[&ceo], &to_ceo).await;
    send(&lee, &[&brand], &to_brand).await;
    w.wait_for("ceo", 1).await;
    w.wait_for("hanbit", 1).await;
    let out = run_once(&app, now())
        .await
        .expect("both inboxes, two tokens");
    assert_eq!(out.ingest.stored, 2);
    for user in [&ceo, &brand] {
        assert_eq!(stats(user).await["grants"], 1, "{user} signed in once");
    }

    // Each acknowledgment is From its inbox's address and was submitted by that account.
    let ack = customer_got(&kim).await;
    let ack = answering(&ack, &to_ceo).expect("the CEO's acknowledgment");
    assert!(header(ack, "From").is_some_and(|f| f.to_lowercase().contains(&ceo)));
    assert_eq!(authenticated_sender(ack).as_deref(), Some(ceo.as_str()));
    let ack = customer_got(&lee).await;
    let ack = answering(&ack, &to_brand).expect("the brand's acknowledgment");
    assert!(header(ack, "From").is_some_and(|f| f.to_lowercase().contains(&brand)));
    assert_eq!(authenticated_sender(ack).as_deref(), Some(brand.as_str()));
    // The brand case's forward is From the brand too, so it leaves through the brand's account.
    let forwards = w.wait_for("billing", 2).await;
    let forward = forwards
        .iter()
        .find(|f| header(f, "From").is_some_and(|v| v.to_lowercase().contains(&brand)))
        .expect("the brand case's forward");
    assert_eq!(
        authenticated_sender(forward).as_deref(),
        Some(brand.as_str())
    );

    let check = o.qmark(&["check"]).output().expect("check runs");
    let text = out_of(&check);
    assert!(check.status.success(), "{text}");
    for user in [&ceo, &brand] {
        assert!(
            text.lines()
                .any(|l| l.starts_with("smtp:") && l.contains(&format!("logged in as {user}"))),
            "{text}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn check_names_a_missing_smtp_send_permission_apart_from_the_grant() {
    // The brand's Microsoft 365 consent lacks SMTP.Send: its token reads the mailbox, and
    // Postfix (through Dovecot and the provider's answer) refuses it for sending.
    let o = two_providers(Some(
        r#"["https://outlook.office.com/IMAP.AccessAsUser.All", "offline_access"]"#,
    ))
    .await;
    let (w, brand) = (&o.w, brand(&o).to_lowercase());
    o.login_with(&["--inbox", &o.ceo()]).await;
    o.login_with(&["--inbox", &brand]).await;

    let check = o.qmark(&["check"]).output().expect("check runs");
    let text = out_of(&check);
    assert!(!check.status.success(), "{text}");
    let problems: Vec<&str> = text.lines().filter(|l| l.starts_with("problem:")).collect();
    assert_eq!(problems.len(), 1, "{text}");
    assert!(
        problems[0].contains("missing SMTP send permission")
            && problems[0].contains("inbox[1].smtp")
            && problems[0].contains(&brand)
            && problems[0].contains("SMTP.Send")
            && problems[0].contains(&format!("login --inbox {brand}")),
        "{text}"
    );
    assert!(!text.contains("refuses qmark's OAuth2 grant"), "{text}");
    assert!(
        text.lines()
            .any(|l| l.starts_with("imap:") && l.contains(&brand) && l.contains("ok")),
        "the same token reads the mailbox: {text}"
    );

    // The daemon reads the brand's mail; its acknowledgment waits (no attempt used up) and
    // the executives hear of it, through the CEO's account, which may send.
    let lee = format!("{}lee@customer.example", w.prefix);
    let to_brand = message(
        &lee,
        &brand,
        "환불",
        "결제가 두 번 되었습니다. 환불해 주세요.",
        "",
    );
    send(&lee, &[&brand], &to_brand).await;
    w.wait_for("hanbit", 1).await;
    let app = w.app().await;
    let out = run_once(&app, now()).await.expect("the inboxes are read");
    assert_eq!(out.ingest.stored, 1);
    let waiting: Vec<(String, i64)> =
        sqlx::query_as("SELECT status, attempts FROM outbox WHERE purpose = 'ack'")
            .fetch_all(app.store.pool())
            .await
            .expect("acks");
    assert_eq!(waiting, vec![("pending".to_string(), 0)], "the ack waits");
    work_once(&app, now()).await.expect("the rest of the loop");
    let notices = w.wait_for("founder", 1).await;
    let n = parsed(&notices[0]);
    assert!(
        n.subject.contains("missing SMTP send permission") && n.subject.contains(&brand),
        "{}",
        n.subject
    );
    assert_eq!(
        authenticated_sender(&notices[0]).as_deref(),
        Some(o.ceo().to_lowercase().as_str())
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn auth_status_without_oauth2_says_so() {
    let w = World::new();
    let out = Command::new(env!("CARGO_BIN_EXE_qmark"))
        .args(["auth", "--config"])
        .arg(&w.config_path)
        .arg("status")
        .output()
        .expect("qmark runs");
    let text = out_of(&out);
    assert!(out.status.success(), "{text}");
    assert!(
        text.contains("no account logs in with OAuth2"),
        "one clear line: {text}"
    );
    // A mistyped --inbox is an error even when nothing uses OAuth2.
    let out = Command::new(env!("CARGO_BIN_EXE_qmark"))
        .args([
            "auth",
            "status",
            "--inbox",
            "nobody@elsewhere.example",
            "--config",
        ])
        .arg(&w.config_path)
        .output()
        .expect("qmark runs");
    let text = out_of(&out);
    assert!(!out.status.success(), "{text}");
    assert!(text.contains("--inbox nobody@elsewhere.example"), "{text}");
}
