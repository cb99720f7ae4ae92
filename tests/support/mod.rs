//! Test helpers: real Dovecot + Postfix started by `scripts/mail-servers`, a fresh world per
//! test (its own mail users and database), and real SMTP/IMAP clients to send and read mail.
//!
//! The database is a SQLite file per test, or with `QMARK_TEST_DATABASE=postgres` a fresh
//! PostgreSQL database per test on the server `scripts/postgres` runs: the same test bodies on
//! both backends (issue 15).

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use chrono::{DateTime, Utc};
use futures::TryStreamExt;
use lettre::AsyncTransport;
use qmark::app::App;
use qmark::config::Config;
use qmark::runner::run_once;
/// The typed case fields the tests compare against.
pub use qmark::store::{CaseStatus, OutboxStatus, Priority, Purpose};

pub const IMAP_PORT: u16 = 11143;
pub const SMTP_PORT: u16 = 11025;
pub const TOKEN_PORT: u16 = 11180;

/// A port of the test servers: `MAILTEST_<NAME>_PORT` as `scripts/mail-servers` reads it (a
/// developer's private instance), else the default one.
fn port(name: &str, default: u16) -> u16 {
    std::env::var(format!("MAILTEST_{name}_PORT"))
        .ok()
        .and_then(|p| p.parse().ok())
        .unwrap_or(default)
}

pub fn imap_port() -> u16 {
    port("IMAP", IMAP_PORT)
}

pub fn smtp_port() -> u16 {
    port("SMTP", SMTP_PORT)
}

/// The OAuth2 token service that stands in for Google and Microsoft (scripts/oauth_server.py).
pub fn token_port() -> u16 {
    port("TOKEN", TOKEN_PORT)
}
pub const DOMAIN: &str = "example.test";
pub const PASSWORD: &str = "test-pass";

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Start (or reuse) the project's private mail servers, once per test process.
pub fn servers() {
    static STARTED: OnceLock<()> = OnceLock::new();
    STARTED.get_or_init(|| {
        let out = Command::new(root().join("scripts/mail-servers"))
            .arg("start")
            .output()
            .expect("scripts/mail-servers must be runnable");
        assert!(
            out.status.success(),
            "scripts/mail-servers start failed: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        qmark::tls::install_provider();
    });
}

static NEXT: AtomicUsize = AtomicUsize::new(0);

/// Whether this run's databases are PostgreSQL's (`QMARK_TEST_DATABASE=postgres`).
pub fn on_postgres() -> bool {
    static ON: OnceLock<bool> = OnceLock::new();
    *ON.get_or_init(|| match std::env::var("QMARK_TEST_DATABASE").as_deref() {
        Ok("postgres") => true,
        Ok("sqlite") | Err(_) => false,
        Ok(other) => panic!("QMARK_TEST_DATABASE={other:?}: use sqlite or postgres"),
    })
}

/// The PostgreSQL database standing in for the SQLite file `db`: one per file path and test
/// process, so a test's config rewritten later names the same database.
fn postgres_name(db: &Path) -> String {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    db.hash(&mut h);
    format!("qmark_t{}_{:016x}", std::process::id(), h.finish())
}

fn scripts_postgres(args: &[&str]) -> String {
    let out = Command::new(root().join("scripts/postgres"))
        .args(args)
        .output()
        .expect("scripts/postgres must be runnable");
    assert!(
        out.status.success(),
        "scripts/postgres {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

/// The `database.url` of a test whose SQLite file would be `db`; on PostgreSQL its database
/// is created (empty) on first use.
pub fn database_url(db: &Path) -> String {
    if !on_postgres() {
        return format!("sqlite://{}", db.display());
    }
    postgres_database(db)
}

/// The URL of a fresh PostgreSQL database standing in for `db`, whichever backend this run
/// uses (`qmark db copy` tests need both); the server is started on first use.
pub fn postgres_database(db: &Path) -> String {
    static STARTED: OnceLock<()> = OnceLock::new();
    STARTED.get_or_init(|| {
        scripts_postgres(&["start"]);
    });
    scripts_postgres(&["createdb", &postgres_name(db)])
}

/// A fresh PostgreSQL database whatever this run's backend, for what only PostgreSQL has
/// (issue 15's leader and standby); dropped with this.
pub struct PostgresDatabase {
    pub url: String,
    db: PathBuf,
}

impl PostgresDatabase {
    pub fn new(dir: &Path) -> PostgresDatabase {
        let db = dir.join("postgres-only");
        PostgresDatabase {
            url: postgres_database(&db),
            db,
        }
    }
}

impl Drop for PostgresDatabase {
    fn drop(&mut self) {
        drop_postgres_database(&self.db);
    }
}

/// Drop the database `postgres_database(db)` made, unless `QMARK_TEST_KEEP_DATABASES` is set.
pub fn drop_postgres_database(db: &Path) {
    if std::env::var_os("QMARK_TEST_KEEP_DATABASES").is_none() {
        let _ = Command::new(root().join("scripts/postgres"))
            .args(["dropdb", &postgres_name(db)])
            .output();
    }
}

impl Drop for World {
    /// A test's PostgreSQL database goes with it (sessions still open are closed), unless
    /// `QMARK_TEST_KEEP_DATABASES` is set (to look into a failure).
    fn drop(&mut self) {
        if on_postgres() {
            drop_postgres_database(&self.dir.path().join("qmark.db"));
        }
    }
}

/// One test's world: its own mail users (`t<pid>x<n>-<role>@example.test`), its own database.
pub struct World {
    pub prefix: String,
    pub dir: tempfile::TempDir,
    pub config_path: PathBuf,
}

pub const ROLES: &[&str] = &[
    "ceo", "founder", "billing", "shipping", "quality", "triage", "cfo", "coo", "cto", "mallory",
];

/// Mail accounts on the test servers, each with the common test password.
pub fn add_mail_users(addresses: &[&str]) {
    let mut args = vec!["add-user"];
    for a in addresses {
        args.extend([*a, PASSWORD]);
    }
    let out = Command::new(root().join("scripts/mail-servers"))
        .args(&args)
        .output()
        .expect("scripts/mail-servers add-user must be runnable");
    assert!(
        out.status.success(),
        "add-user failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

impl World {
    pub fn new() -> World {
        servers();
        let n = NEXT.fetch_add(1, Ordering::SeqCst);
        // The pid and a counter, plus a random part: the mail servers' users outlive a test run,
        // and a later run that gets the same pid must not find that run's mail in its boxes.
        let prefix = format!("t{}x{n}r{:04x}-", std::process::id(), rand::random::<u16>());
        let users: Vec<String> = ROLES
            .iter()
            .map(|role| format!("{prefix}{role}@{DOMAIN}"))
            .collect();
        add_mail_users(&users.iter().map(String::as_str).collect::<Vec<_>>());
        let dir = tempfile::tempdir().expect("tempdir");
        let config_path = dir.path().join("qmark.toml");
        let w = World {
            prefix,
            dir,
            config_path,
        };
        std::fs::write(&w.config_path, w.config_text("")).expect("write config");
        w
    }

    pub fn addr(&self, role: &str) -> String {
        format!("{}{role}@{DOMAIN}", self.prefix)
    }

    /// The test config; `extra` is appended (e.g. a [digest] table).
    pub fn config_text(&self, extra: &str) -> String {
        config_text(&self.prefix, &self.dir.path().join("qmark.db"), extra)
    }

    pub fn set_config(&self, extra: &str) {
        std::fs::write(&self.config_path, self.config_text(extra)).expect("write config");
    }

    pub fn config(&self) -> Config {
        Config::load(&self.config_path).expect("test config is valid")
    }

    pub async fn app(&self) -> App {
        App::open(self.config()).await.expect("app opens")
    }

    /// Send raw bytes over SMTP, as a mail client would.
    pub async fn send(&self, from: &str, to: &str, raw: &[u8]) {
        send(from, &[to], raw).await;
    }

    /// Deliver a fixture to the public address and wait until it is in the inbox.
    pub async fn deliver_fixture(&self, name: &str) -> Vec<u8> {
        let raw = fixture(name);
        let before = self.mailbox("ceo").await.len();
        self.send("customer@customer.example", &self.addr("ceo"), &raw)
            .await;
        self.wait_for("ceo", before + 1).await;
        raw
    }

    /// Every message in a role's INBOX, oldest first.
    pub async fn mailbox(&self, role: &str) -> Vec<Vec<u8>> {
        read_inbox(&self.addr(role)).await
    }

    /// Wait until a role's INBOX holds at least `n` messages; returns them.
    pub async fn wait_for(&self, role: &str, n: usize) -> Vec<Vec<u8>> {
        for _ in 0..150 {
            let m = self.mailbox(role).await;
            if m.len() >= n {
                return m;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("{} never received {n} message(s)", self.addr(role));
    }

    /// The mailbox after Postfix has had time to deliver anything still in flight: used to
    /// assert that something did *not* arrive (a duplicate, a reply to an auto-responder).
    pub async fn settled(&self, role: &str) -> Vec<Vec<u8>> {
        tokio::time::sleep(Duration::from_millis(2500)).await;
        self.mailbox(role).await
    }
}

pub async fn send(from: &str, to: &[&str], raw: &[u8]) {
    let transport: lettre::AsyncSmtpTransport<lettre::Tokio1Executor> =
        lettre::AsyncSmtpTransport::<lettre::Tokio1Executor>::builder_dangerous("127.0.0.1")
            .port(smtp_port())
            .build();
    let envelope = lettre::address::Envelope::new(
        Some(from.parse().expect("valid from")),
        to.iter().map(|t| t.parse().expect("valid to")).collect(),
    )
    .expect("valid envelope");
    transport
        .send_raw(&envelope, raw)
        .await
        .expect("Postfix accepts the test mail");
}

/// The test config for users with this prefix; `extra` is appended (e.g. a [digest] table).
pub fn config_text(prefix: &str, db: &Path, extra: &str) -> String {
    let a = |r: &str| format!("{prefix}{r}@{DOMAIN}");

    // SAFETY of set_var: tests only ever set this one variable to the same value.
    unsafe { std::env::set_var("QMARK_TEST_IMAP_PASSWORD", PASSWORD) };
    format!(
        r#"
[inbox]
address = "{ceo}"
host = "127.0.0.1"
port = {imap_port}
tls = "none"
username = "{ceo}"
password_env = "QMARK_TEST_IMAP_PASSWORD"
processed = "keyword"
poll_interval = "5s"

[smtp]
host = "127.0.0.1"
port = {smtp_port}
tls = "none"
from = "Daybreak Market, Office of the CEO <{ceo}>"
timeout = "10s"

[database]
url = "{database_url}"

[executives]
addresses = ["{founder}"]
copy_answers = true

[[routes]]
name = "billing"
owner = "{billing}"
keywords = ["refund", "charged twice", "double charge", "invoice", "payment", "환불", "결제", "청구", "返金", "退款"]
deadline = "24h"
escalate_to = "{cfo}"

[[routes]]
name = "shipping"
owner = "{shipping}"
keywords = ["delivery", "shipping", "package", "courier", "tracking", "배송", "택배", "配達", "配送"]
deadline = "24h"
escalate_to = "{coo}"

[[routes]]
name = "quality"
owner = "{quality}"
keywords = ["broken", "defect", "damaged", "doesn't work", "불량", "고장", "파손", "壊れ"]
deadline = "24h"
escalate_to = "{cto}"

[triage]
owner = "{triage}"
deadline = "24h"
escalate_to = "{coo}"
{extra}
"#,
        ceo = a("ceo"),
        founder = a("founder"),
        billing = a("billing"),
        shipping = a("shipping"),
        quality = a("quality"),
        triage = a("triage"),
        cfo = a("cfo"),
        coo = a("coo"),
        cto = a("cto"),
        database_url = database_url(db),
        imap_port = imap_port(),
        smtp_port = smtp_port(),
    )
}

type TestSession = async_imap::Session<tokio::net::TcpStream>;

/// Put raw bytes straight into a user's INBOX over IMAP (APPEND, one connection), as the
/// server's own delivery would: no trace headers added, no Postfix size limit, no waiting.
pub async fn append_to_inbox(user: &str, messages: &[Vec<u8>]) {
    let mut s = login(user).await;
    for m in messages {
        s.append("INBOX", None, None, m).await.expect("APPEND");
    }
    let _ = s.logout().await;
}

async fn login(user: &str) -> TestSession {
    let pass = if user.starts_with("outside@") {
        "outside-pass"
    } else {
        PASSWORD
    };
    login_with(user, pass).await
}

async fn login_with(user: &str, pass: &str) -> TestSession {
    let tcp = tokio::net::TcpStream::connect(("127.0.0.1", imap_port()))
        .await
        .expect("IMAP reachable");
    let mut client = async_imap::Client::new(tcp);
    client
        .read_response()
        .await
        .expect("greeting")
        .expect("greeting");
    client
        .login(user, pass)
        .await
        .map_err(|(e, _)| e)
        .expect("test user logs in")
}

pub async fn read_inbox(user: &str) -> Vec<Vec<u8>> {
    let mut s = login(user).await;
    let mailbox = s.select("INBOX").await.expect("select INBOX");
    let mut out = Vec::new();
    if mailbox.exists > 0 {
        let fetches: Vec<_> = s
            .fetch("1:*", "BODY.PEEK[]")
            .await
            .expect("fetch")
            .try_collect()
            .await
            .expect("fetch results");
        out = fetches
            .iter()
            .filter_map(|f| f.body().map(<[u8]>::to_vec))
            .collect();
    }
    let _ = s.logout().await;
    out
}

/// Flags of every message in a role's INBOX.
pub async fn inbox_flags(user: &str) -> Vec<Vec<String>> {
    let mut s = login(user).await;
    s.select("INBOX").await.expect("select INBOX");
    let fetches: Vec<_> = s
        .fetch("1:*", "FLAGS")
        .await
        .expect("fetch")
        .try_collect()
        .await
        .expect("fetch results");
    let out = fetches
        .iter()
        .map(|f| f.flags().map(|fl| format!("{fl:?}")).collect())
        .collect();
    let _ = s.logout().await;
    out
}

pub fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(root().join("tests/fixtures").join(name)).expect("fixture exists")
}

pub fn header(raw: &[u8], name: &str) -> Option<String> {
    let m = mail_parser::MessageParser::default().parse(raw)?;
    m.header_raw(name).map(|v| v.trim().to_string())
}

pub fn parsed(raw: &[u8]) -> qmark::mail::Mail {
    qmark::mail::parse(raw)
}

pub fn now() -> DateTime<Utc> {
    qmark::clock::Clock::System.now()
}

pub fn qmark_bin() -> &'static Path {
    Path::new(env!("CARGO_BIN_EXE_qmark"))
}

/// A reply from `from` to the `?` forward `forward`, the way a mail client writes one.
pub fn reply_to_forward(
    forward: &[u8],
    from: &str,
    body: &str,
    extra_headers: &str,
) -> (String, Vec<u8>) {
    let reply_to = header(forward, "Reply-To").expect("forward has Reply-To");
    let reply_to = reply_to
        .trim_start_matches('<')
        .trim_end_matches('>')
        .to_string();
    let mid = header(forward, "Message-ID").expect("forward has Message-ID");
    let subject = parsed(forward).subject;
    let raw = format!(
        "From: {from}\r\nTo: {reply_to}\r\nSubject: Re: {subject}\r\nMessage-ID: <{}@client.example>\r\nIn-Reply-To: {mid}\r\nReferences: {mid}\r\nDate: Mon, 23 Nov 2026 10:00:00 +0000\r\nContent-Type: text/plain; charset=utf-8\r\n{extra_headers}\r\n{body}\r\n",
        rand::random::<u64>()
    );
    (reply_to, raw.into_bytes())
}

/// A complaint (or any mail) as a plain mail client writes it.
pub fn message(from: &str, to: &str, subject: &str, body: &str, extra_headers: &str) -> Vec<u8> {
    format!(
        "From: {from}\r\nTo: {to}\r\nSubject: {subject}\r\nMessage-ID: <{:016x}@client.example>\r\nDate: Mon, 23 Nov 2026 09:00:00 +0000\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n{extra_headers}\r\n{body}\r\n",
        rand::random::<u64>()
    )
    .into_bytes()
}

impl World {
    /// This world's customer: outside the test domain, so mail to them lands in outside@.
    pub fn customer(&self) -> String {
        format!("{}cust@customer.example", self.prefix)
    }

    /// Send raw mail to the public address (or an address of it) and wait until it is there.
    pub async fn deliver_to(&self, from: &str, to: &str, raw: &[u8]) {
        let before = self.mailbox("ceo").await.len();
        send(from, &[to], raw).await;
        self.wait_for("ceo", before + 1).await;
    }

    pub async fn deliver(&self, from: &str, raw: &[u8]) {
        self.deliver_to(from, &self.addr("ceo"), raw).await;
    }

    /// What this world's customer received (it lands in the shared outside@ mailbox).
    pub async fn customer_mail(&self) -> Vec<Vec<u8>> {
        let me = self.customer();
        read_inbox(&format!("outside@{DOMAIN}"))
            .await
            .into_iter()
            .filter(|m| header(m, "To").is_some_and(|t| t.contains(&me)))
            .collect()
    }
}

// ---- small helpers the feature folders share ----------------------------------------------

pub fn subjects(msgs: &[Vec<u8>]) -> Vec<String> {
    msgs.iter().map(|m| parsed(m).subject).collect()
}

pub async fn count(app: &qmark::app::App, sql: &'static str) -> i64 {
    sqlx::query_scalar(sql)
        .fetch_one(app.store.pool())
        .await
        .expect("count query")
}

pub fn qmark(args: &[&str]) -> std::process::Output {
    std::process::Command::new(qmark_bin())
        .args(args)
        .env("QMARK_TEST_IMAP_PASSWORD", PASSWORD)
        .output()
        .expect("qmark runs")
}

pub async fn open_one(
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

/// How many stored messages of each kind (`complaint`, `own`, `bulk`, ...), by kind.
pub async fn kinds_counted(app: &qmark::app::App) -> Vec<(String, i64)> {
    sqlx::query_as("SELECT kind, COUNT(*) FROM messages GROUP BY kind ORDER BY kind")
        .fetch_all(app.store.pool())
        .await
        .expect("kinds of messages")
}

pub async fn case1(app: &qmark::app::App) -> qmark::store::CaseRow {
    app.store
        .case(1)
        .await
        .expect("case")
        .expect("case 1 exists")
}

pub async fn kinds(app: &qmark::app::App, id: i64) -> Vec<String> {
    app.store
        .events(id)
        .await
        .expect("events")
        .into_iter()
        .map(|e| e.kind)
        .collect()
}

/// A plain complaint as a mail client writes it.
pub fn complaint(from: &str, subject: &str, body: &str) -> Vec<u8> {
    format!(
        "From: {from}\r\nTo: ceo@example.test\r\nSubject: {subject}\r\nMessage-ID: <{}@customer.example>\r\nDate: Mon, 30 Nov 2026 10:00:00 +0000\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n{body}\r\n",
        rand::random::<u64>()
    )
    .into_bytes()
}

pub fn utc(s: &str) -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::parse_from_rfc3339(s)
        .expect("valid test time")
        .with_timezone(&chrono::Utc)
}

pub async fn case_by_subject(app: &qmark::app::App, subject: &str) -> qmark::store::CaseRow {
    app.store
        .list_cases(None, utc("2026-12-01T00:00:00Z"))
        .await
        .expect("list")
        .into_iter()
        .find(|c| c.subject == subject)
        .expect("the case exists")
}

pub async fn purposes(app: &qmark::app::App, case_id: i64, purpose: &str) -> Vec<String> {
    app.store
        .case_outbox(case_id)
        .await
        .expect("outbox")
        .into_iter()
        .filter(|o| o.purpose.as_str() == purpose)
        .map(|o| o.recipients)
        .collect()
}
