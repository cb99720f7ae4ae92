//! Issue 13: Google Workspace and Microsoft 365 over OAuth2, against the real servers. Dovecot's
//! `passdb oauth2` checks every XOAUTH2 token with the token service's introspection (for IMAP,
//! and for Postfix's SMTP AUTH through Dovecot SASL); the token service
//! (scripts/oauth_server.py) is the one stand-in, for Google's and Microsoft's.

use std::io::BufRead as _;
use std::process::{Command, Stdio};
use std::time::Duration as StdDuration;

use qmark::runner::{run_once, work_once};
use serde_json::{Value, json};

use crate::support::*;

mod inboxes;
mod providers;

fn token_url(path: &str) -> String {
    format!("http://127.0.0.1:{}{path}", token_port())
}

async fn json_of(r: reqwest::Response) -> Value {
    let text = r.text().await.expect("the token service answers");
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"))
}

async fn admin(path: &str, body: Value) -> Value {
    let r = reqwest::Client::new()
        .post(token_url(path))
        .header("Content-Type", "application/json")
        .body(body.to_string())
        .send()
        .await
        .expect("the token service answers");
    json_of(r).await
}

async fn stats(user: &str) -> Value {
    let r = reqwest::get(token_url(&format!("/admin/stats?username={user}")))
        .await
        .expect("the token service answers");
    json_of(r).await
}

/// How the world logs in: `[inbox]` and optionally `[smtp]` with XOAUTH2, an `[oauth2]` table
/// naming the stand-in's endpoints and a client of the world's own.
struct OAuthWorld {
    w: World,
    client_id: String,
}

const SECRET: &str = "s3cret-of-the-app";

impl OAuthWorld {
    async fn new(access_ttl: u32, smtp_oauth: bool, oauth2_extra: &str) -> OAuthWorld {
        let w = World::new();
        let client_id = format!("client-{}", w.prefix.trim_end_matches('-'));
        admin(
            "/admin/clients",
            json!({"client_id": client_id, "access_ttl": access_ttl, "client_secret": SECRET,
                   "app_mailbox": w.addr("ceo")}),
        )
        .await;
        let o = OAuthWorld { w, client_id };
        o.configure(smtp_oauth, oauth2_extra);
        o
    }

    fn configure(&self, smtp_oauth: bool, oauth2_extra: &str) {
        let w = &self.w;
        let extra = self.oauth2_table(oauth2_extra);
        let mut text = w.config_text(&extra).replace(
            "password_env = \"QMARK_TEST_IMAP_PASSWORD\"",
            "auth = \"oauth2\"",
        );
        if smtp_oauth {
            text = text.replace(
                "timeout = \"10s\"",
                &format!(
                    "timeout = \"10s\"\nauth = \"oauth2\"\nusername = \"{}\"",
                    w.addr("ceo")
                ),
            );
        }
        std::fs::write(&w.config_path, text).expect("write config");
    }

    /// The `[oauth2]` table naming the stand-in and this world's client.
    fn oauth2_table(&self, oauth2_extra: &str) -> String {
        let extra = format!(
            r#"
[oauth2]
client_id = "{id}"
client_secret_env = "QMARK_TEST_OAUTH_SECRET"
auth_url = "{auth}"
token_url = "{token}"
device_url = "{device}"
revoke_url = "{revoke}"
scopes = ["mail", "offline_access"]
{oauth2_extra}
"#,
            id = self.client_id,
            auth = token_url("/authorize"),
            token = token_url("/token"),
            device = token_url("/devicecode"),
            revoke = token_url("/revoke"),
        );
        // SAFETY of set_var: every test sets this one variable to the same value.
        unsafe { std::env::set_var("QMARK_TEST_OAUTH_SECRET", SECRET) };
        extra
    }

    fn ceo(&self) -> String {
        self.w.addr("ceo")
    }

    fn qmark(&self, args: &[&str]) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_qmark"));
        c.args(args)
            .arg("--config")
            .arg(&self.w.config_path)
            .env("QMARK_TEST_OAUTH_SECRET", SECRET);
        c
    }

    /// `qmark auth login`, with the stand-in consenting as the CEO: open the printed URL, follow
    /// the provider's redirect to qmark's loopback listener, and wait for qmark to finish.
    async fn login(&self) -> String {
        self.login_with(&[]).await
    }

    /// `qmark auth login ARGS` (e.g. `--inbox ADDRESS`), consenting as the account it names.
    async fn login_with(&self, args: &[&str]) -> String {
        let mut child = self
            .qmark(&["auth"])
            .arg("login")
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("qmark runs");
        let stdout = child.stdout.take().expect("stdout");
        let (tx, rx) = std::sync::mpsc::channel();
        let reader = std::thread::spawn(move || {
            let mut all = String::new();
            for line in std::io::BufReader::new(stdout)
                .lines()
                .map_while(Result::ok)
            {
                if line.trim_start().starts_with("http") {
                    let _ = tx.send(line.trim().to_string());
                }
                all.push_str(&line);
                all.push('\n');
            }
            all
        });
        let url = tokio::task::spawn_blocking(move || rx.recv_timeout(StdDuration::from_secs(60)))
            .await
            .expect("join")
            .expect("qmark auth login prints the URL to open");
        assert!(
            url.contains("code_challenge_method=S256") && url.contains("login_hint="),
            "the consent URL asks for PKCE and names the account: {url}"
        );
        let browser = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("client");
        let consent = browser.get(&url).send().await.expect("consent screen");
        assert_eq!(
            consent.status().as_u16(),
            302,
            "the stand-in consents and redirects"
        );
        let back = consent
            .headers()
            .get("location")
            .and_then(|l| l.to_str().ok())
            .expect("a redirect to qmark")
            .to_string();
        let page = browser
            .get(&back)
            .send()
            .await
            .expect("qmark's loopback answers");
        assert!(page.status().is_success(), "qmark took the code: {back}");
        let out = tokio::task::spawn_blocking(move || child.wait_with_output())
            .await
            .expect("join")
            .expect("qmark exits");
        let printed = reader.join().expect("reader");
        assert!(
            out.status.success(),
            "qmark auth login failed: {printed}{}",
            String::from_utf8_lossy(&out.stderr)
        );
        printed
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn after_a_browser_login_the_daemon_reads_and_sends_with_xoauth2_only() {
    let o = OAuthWorld::new(3600, true, "").await;
    let printed = o.login().await;
    assert!(
        printed.contains(&format!("granted:  {}", o.ceo())),
        "{printed}"
    );
    o.w.deliver_fixture("001-english-billing.eml").await;
    let app = o.w.app().await;
    // No password anywhere in this config: Dovecot let qmark in because the token service
    // vouched for its bearer token.
    let outcome = run_once(&app, now()).await.expect("a pass over XOAUTH2");
    assert_eq!(outcome.ingest.stored, 1);
    assert_eq!(outcome.send.sent, 1, "sent through SMTP AUTH XOAUTH2");
    let billing = o.w.wait_for("billing", 1).await;
    assert!(parsed(&billing[0]).subject.starts_with("? "));
    let s = stats(&o.ceo()).await;
    assert_eq!(s["grants"], 1, "{s}");
    assert_eq!(
        s["refreshes"], 0,
        "a fresh login's token is used as it is: {s}"
    );

    // The same servers refuse a token they do not know: the check is real.
    let status = o.qmark(&["auth"]).arg("status").output().expect("status");
    let text = String::from_utf8_lossy(&status.stdout);
    assert!(text.contains("scope \"mail offline_access\""), "{text}");
    sqlx::query("UPDATE oauth_grants SET access_token = 'at-forged', refresh_token = 'rt-forged'")
        .execute(app.store.pool())
        .await
        .expect("forge");
    let err = run_once(&app, now())
        .await
        .expect_err("a forged token is refused");
    let err = format!("{err:#}");
    assert!(
        err.contains("qmark auth --config"),
        "the error names the fix: {err}"
    );
    // Postfix, through Dovecot SASL, refuses it as well.
    sqlx::query("UPDATE oauth_grants SET access_token = 'at-forged', refused_at = NULL")
        .execute(app.store.pool())
        .await
        .expect("forge");
    let Err(e) = qmark::outbox::connect_as(&app.config.smtp, &app.tokens).await else {
        panic!("Postfix took a forged token");
    };
    assert!(e.to_string().contains("refuses"), "{e}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_access_token_is_refreshed_before_expiry_and_when_the_server_refuses_it() {
    // Tokens live two minutes: inside qmark's five-minute margin, so every connection
    // refreshes first.
    let o = OAuthWorld::new(120, true, "").await;
    o.login().await;
    let app = o.w.app().await;
    o.w.deliver_fixture("001-english-billing.eml").await;
    let outcome = run_once(&app, now()).await.expect("pass");
    assert_eq!((outcome.ingest.stored, outcome.send.sent), (1, 1));
    let refreshed = stats(&o.ceo()).await["refreshes"].as_i64().expect("count");
    assert!(refreshed >= 1, "refreshed before expiry: {refreshed}");

    // A long-lived token the server stops taking early (Exchange's AccessTokenExpired):
    // qmark believes it good for an hour, Dovecot refuses it, qmark refreshes and goes on.
    let o = OAuthWorld::new(3600, false, "").await;
    o.login().await;
    let app = o.w.app().await;
    let expired = admin("/admin/expire", json!({"username": o.ceo()})).await;
    assert_eq!(expired["expired"], 1, "{expired}");
    o.w.deliver_fixture("001-english-billing.eml").await;
    let outcome = run_once(&app, now())
        .await
        .expect("the pass completes after a refresh");
    assert_eq!(outcome.ingest.stored, 1);
    assert_eq!(stats(&o.ceo()).await["refreshes"], 1);
    let refused: Option<String> = sqlx::query_scalar("SELECT refused_at FROM oauth_grants")
        .fetch_one(app.store.pool())
        .await
        .expect("grant");
    assert!(
        refused.is_none(),
        "a refused stale token is not a refused grant"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rotated_refresh_token_survives_a_crash_right_after_the_refresh() {
    let o = OAuthWorld::new(3600, false, "").await;
    o.login().await;
    let app = o.w.app().await;
    let before: String = sqlx::query_scalar("SELECT refresh_token FROM oauth_grants")
        .fetch_one(app.store.pool())
        .await
        .expect("grant");
    admin("/admin/expire", json!({"username": o.ceo()})).await;
    // The daemon is killed right after the token service answered and qmark saved the answer,
    // before the new access token was used.
    let out = o
        .qmark(&["run"])
        .arg("--once")
        .env("QMARK_TEST_CRASH_AT", "after-token-saved")
        .env("QMARK_LOG", "trace")
        .output()
        .expect("qmark runs");
    assert!(!out.status.success(), "it was killed");
    let log = String::from_utf8_lossy(&out.stderr);
    assert!(log.contains("OAuth2 access token refreshed"), "{log}");
    assert_eq!(
        stats(&o.ceo()).await["refreshes"],
        1,
        "the refresh happened"
    );
    let after: String = sqlx::query_scalar("SELECT refresh_token FROM oauth_grants")
        .fetch_one(app.store.pool())
        .await
        .expect("grant");
    assert_ne!(before, after, "the rotated refresh token was saved");
    let access: String = sqlx::query_scalar("SELECT access_token FROM oauth_grants")
        .fetch_one(app.store.pool())
        .await
        .expect("grant");
    for secret in [&before, &after, &access] {
        assert!(
            !log.contains(secret.as_str()),
            "a token is in the trace log"
        );
    }
    // The old one is dead at the provider: had it been the only copy, the grant was lost.
    let old = reqwest::Client::new()
        .post(token_url("/token"))
        .form(&[
            ("grant_type", "refresh_token"),
            ("refresh_token", before.as_str()),
            ("client_id", o.client_id.as_str()),
            ("client_secret", SECRET),
        ])
        .send()
        .await
        .expect("token service");
    assert_eq!(
        old.status().as_u16(),
        400,
        "rotation killed the old refresh token"
    );
    // After the restart: the saved access token serves, and the next refresh works too.
    o.w.deliver_fixture("001-english-billing.eml").await;
    let outcome = run_once(&app, now()).await.expect("after the crash");
    assert_eq!(outcome.ingest.stored, 1);
    admin("/admin/expire", json!({"username": o.ceo()})).await;
    run_once(&app, now())
        .await
        .expect("a refresh with the saved token");
    assert_eq!(stats(&o.ceo()).await["refreshes"], 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_revoked_grant_is_told_once_a_day_and_check_names_the_fix_until_a_new_login() {
    // The inbox over XOAUTH2, the executives' notices through the loopback SMTP (no OAuth2),
    // so the notice can leave while the mailbox is locked out.
    let o = OAuthWorld::new(3600, false, "").await;
    o.login().await;
    let app = o.w.app().await;
    run_once(&app, now())
        .await
        .expect("works before the revocation");
    let revoked = admin("/admin/revoke", json!({"username": o.ceo()})).await;
    assert_eq!(revoked["revoked"], 1, "{revoked}");
    // The stored access token dies with the grant; the refresh is refused too.
    let err = format!("{:#}", run_once(&app, now()).await.expect_err("locked out"));
    assert!(err.contains("invalid_grant"), "{err}");

    // Everything that does not need the mailbox goes on, and tells the executives once a day.
    let t = now();
    work_once(&app, t).await.expect("the rest of the loop runs");
    work_once(&app, t + chrono::Duration::minutes(1))
        .await
        .expect("again");
    let notices = o.w.wait_for("founder", 1).await;
    let n = parsed(&notices[0]);
    assert!(n.subject.contains(&o.ceo()), "{}", n.subject);
    let fix = format!("qmark auth --config {} login", o.w.config_path.display());
    assert!(
        n.text.contains(&fix),
        "the notice names the command: {}",
        n.text
    );
    assert_eq!(o.w.settled("founder").await.len(), 1, "once that day");
    work_once(&app, t + chrono::Duration::days(1))
        .await
        .expect("next day");
    o.w.wait_for("founder", 2).await;

    // `qmark check` says the same, and fails.
    let check = o.qmark(&["check"]).output().expect("check runs");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&check.stdout),
        String::from_utf8_lossy(&check.stderr)
    );
    assert!(!check.status.success(), "{text}");
    assert!(text.contains(&fix) && text.contains("refuses"), "{text}");

    // A new consent ends it.
    o.login().await;
    o.w.deliver_fixture("001-english-billing.eml").await;
    let outcome = run_once(&app, now()).await.expect("back after a new login");
    assert_eq!(outcome.ingest.stored, 1);
    let check = o.qmark(&["check"]).output().expect("check runs");
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_headless_server_logs_in_with_a_device_code() {
    let o = OAuthWorld::new(3600, true, "").await;
    let mut child = o
        .qmark(&["auth"])
        .args(["login", "--device"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("qmark runs");
    let stdout = child.stdout.take().expect("stdout");
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(stdout)
            .lines()
            .map_while(Result::ok)
        {
            let _ = tx.send(line);
        }
    });
    let line = tokio::task::spawn_blocking(move || {
        rx.recv_timeout(StdDuration::from_secs(60))
            .expect("qmark prints what to open")
    })
    .await
    .expect("join");
    let code = line
        .split("enter the code ")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .unwrap_or_else(|| panic!("no code in {line:?}"));
    assert!(line.contains("/device"), "{line}");
    // The person types the code on their phone and signs in as the CEO.
    let approved = reqwest::get(token_url(&format!(
        "/device?user_code={code}&user={}",
        o.ceo()
    )))
    .await
    .expect("the device page");
    assert!(approved.status().is_success());
    let out = tokio::task::spawn_blocking(move || child.wait_with_output())
        .await
        .expect("join")
        .expect("qmark exits");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    o.w.deliver_fixture("001-english-billing.eml").await;
    let app = o.w.app().await;
    let outcome = run_once(&app, now())
        .await
        .expect("a pass with the device grant");
    assert_eq!((outcome.ingest.stored, outcome.send.sent), (1, 1));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn microsoft_365_app_only_access_needs_no_person_and_no_refresh_token() {
    let o = OAuthWorld::new(3600, true, "app_only = true").await;
    let login = o.qmark(&["auth"]).arg("login").output().expect("login");
    let printed = String::from_utf8_lossy(&login.stdout);
    assert!(
        login.status.success(),
        "{printed}{}",
        String::from_utf8_lossy(&login.stderr)
    );
    assert!(printed.contains("no refresh token"), "{printed}");
    o.w.deliver_fixture("001-english-billing.eml").await;
    let app = o.w.app().await;
    // The app's token runs out: qmark asks for another with its client credentials.
    admin("/admin/expire", json!({"username": o.ceo()})).await;
    let outcome = run_once(&app, now()).await.expect("a pass as the app");
    assert_eq!((outcome.ingest.stored, outcome.send.sent), (1, 1));
    assert_eq!(
        stats(&o.ceo()).await["grants"],
        2,
        "one token per ask, no refresh"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_grant_without_the_mail_scope_is_refused_by_the_server_and_named_by_check() {
    // Consent for the wrong scope: the provider issues tokens, Dovecot (scope = mail) refuses
    // them, and that is a problem of the grant, not of one stale token.
    let o = OAuthWorld::new(3600, false, "").await;
    let text = std::fs::read_to_string(&o.w.config_path).expect("config");
    std::fs::write(
        &o.w.config_path,
        text.replace(
            "scopes = [\"mail\", \"offline_access\"]",
            "scopes = [\"profile\", \"offline_access\"]",
        ),
    )
    .expect("config");
    o.login().await;
    let app = o.w.app().await;
    let err = format!("{:#}", run_once(&app, now()).await.expect_err("refused"));
    assert!(err.contains("check the granted scopes"), "{err}");
    assert_eq!(
        stats(&o.ceo()).await["refreshes"],
        1,
        "one fresh try, no more"
    );
    let check = o.qmark(&["check"]).output().expect("check runs");
    let out = String::from_utf8_lossy(&check.stdout);
    assert!(!check.status.success());
    assert!(
        out.lines()
            .any(|l| l.starts_with("problem:") && l.contains("scopes") && l.contains("login")),
        "{out}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_token_command_serves_anyone_with_their_own_token_helper() {
    let o = OAuthWorld::new(3600, true, "").await;
    // The operator's helper: here, one that asks the token service for an app token.
    let helper = format!(
        "python3 -c \"import json,urllib.request,urllib.parse; print(json.load(urllib.request.urlopen('{}', urllib.parse.urlencode({{'grant_type': 'client_credentials', 'client_id': '{}', 'client_secret': '{SECRET}'}}).encode()))['access_token'])\"",
        token_url("/token"),
        o.client_id
    );
    let text =
        o.w.config_text(&format!("\n[oauth2]\ntoken_command = '''{helper}'''\n"))
            .replace(
                "password_env = \"QMARK_TEST_IMAP_PASSWORD\"",
                "auth = \"oauth2\"",
            )
            .replace(
                "timeout = \"10s\"",
                &format!(
                    "timeout = \"10s\"\nauth = \"oauth2\"\nusername = \"{}\"",
                    o.ceo()
                ),
            );
    std::fs::write(&o.w.config_path, text).expect("config");
    o.w.deliver_fixture("001-english-billing.eml").await;
    let app = o.w.app().await;
    let outcome = run_once(&app, now())
        .await
        .expect("a pass with the helper's tokens");
    assert_eq!((outcome.ingest.stored, outcome.send.sent), (1, 1));
    assert_eq!(
        stats(&o.ceo()).await["grants"],
        2,
        "one token per connection"
    );
    let grants: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM oauth_grants")
        .fetch_one(app.store.pool())
        .await
        .expect("count");
    assert_eq!(grants, 0, "qmark keeps nothing of a helper's tokens");
}
