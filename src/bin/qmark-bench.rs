//! `qmark-bench`: the benchmarks of issue 6, run against the real local Dovecot + Postfix
//! (`scripts/mail-servers start`) and the release `qmark` binary beside this one.
//!
//!     cargo build --release --bins
//!     target/release/qmark-bench backlog [N]     # N complaints already in the mailbox (10,000)
//!     target/release/qmark-bench latency [N]     # delivery -> `?` accepted by Postfix (200)
//!     target/release/qmark-bench scale [CASES]   # due-work queries and digest (1,000,000)
//!     target/release/qmark-bench process [N]     # process_once alone on N stored complaints (10,000),
//!                                                # with CPU per message by kind of thread
//!     target/release/qmark-bench intake [N]      # the pure reading, stage by stage, on one core (3,000)
//!     target/release/qmark-bench intake [N] --mail DIR   # the same over DIR's .eml files, in turn
//!
//! `--postgres` (with `backlog` or `scale`): the same bench on a fresh PostgreSQL database of
//! the private server `scripts/postgres start` runs (issue 15), dropped again after a run that
//! succeeds (kept with `QMARK_BENCH_KEEP=1`); its own limit is measured in the same run.
//! `QMARK_BENCH_DATABASE_URL=postgres://...` names an existing empty database instead.
//!
//! `backlog` and `latency` also report the daemon's memory (VmHWM / VmRSS). Each prints a
//! Markdown table. A bench is a tool, not the product: it names async_imap and lettre itself
//! to measure the servers' raw limits beside qmark's own stages.

// A benchmark stops at the first broken assumption.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use futures::TryStreamExt;
use sqlx::Row;

const IMAP_PORT: u16 = 11143;
const SMTP_PORT: u16 = 11025;
const LMTP_PORT: u16 = 11024;
const DOMAIN: &str = "example.test";
const PASSWORD: &str = "bench-pass";
const ROLES: &[&str] = &[
    "ceo", "founder", "billing", "shipping", "quality", "triage", "cfo", "coo", "cto",
];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn main() -> std::process::ExitCode {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let on_postgres = args.iter().any(|a| a == "--postgres");
    args.retain(|a| a != "--postgres");
    let mail_dir = match args.iter().position(|a| a == "--mail") {
        Some(i) if i + 1 < args.len() => {
            let dir = PathBuf::from(args.remove(i + 1));
            args.remove(i);
            Some(dir)
        }
        Some(_) => {
            eprintln!("qmark-bench: --mail needs a folder of .eml files");
            return std::process::ExitCode::FAILURE;
        }
        None => None,
    };
    // A fresh database, named in the environment before anything (the runtime's threads, the
    // world's config) reads it.
    let mut fresh = None;
    if on_postgres {
        match FreshPostgres::create(args.first().map_or("", String::as_str)) {
            Ok(db) => fresh = Some(db),
            Err(e) => {
                eprintln!("qmark-bench: {e:#}");
                return std::process::ExitCode::FAILURE;
            }
        }
    }
    // Silent unless asked: `QMARK_LOG=sqlx=debug` shows every statement a bench makes.
    if std::env::var_os("QMARK_LOG").is_some() {
        qmark::logging::init("off");
    }
    qmark::tls::install_provider();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("qmark-bench: cannot start the runtime: {e}");
            return std::process::ExitCode::FAILURE;
        }
    };
    let n = |default: usize| -> Result<usize> {
        match args.get(1) {
            Some(s) => s
                .replace('_', "")
                .parse()
                .with_context(|| format!("{s:?} is not a count")),
            None => Ok(default),
        }
    };
    let result = runtime.block_on(async {
        match args.first().map(String::as_str) {
            Some("backlog") => backlog(n(10_000)?).await,
            Some("latency") => latency(n(200)?).await,
            Some("scale") => scale(n(1_000_000)?).await,
            Some("process") => process(n(10_000)?).await,
            Some("intake") => intake(n(3_000)?, mail_dir.as_deref()),
            _ => {
                bail!(
                    "usage: qmark-bench backlog [N] [--postgres] | latency [N] | scale [CASES] [--postgres] | process [N] | intake [N] [--mail DIR]"
                )
            }
        }
    });
    drop(runtime);
    match result {
        Ok(()) => {
            if let Some(db) = fresh {
                db.drop_unless_kept();
            }
            std::process::ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("qmark-bench: {e:#}");
            if let Some(db) = fresh {
                eprintln!("(database kept: scripts/postgres dropdb {})", db.name);
            }
            std::process::ExitCode::FAILURE
        }
    }
}

/// The fresh PostgreSQL database of a `--postgres` run, on the private server of
/// `scripts/postgres`.
struct FreshPostgres {
    name: String,
}

impl FreshPostgres {
    /// Start the server (idempotent), create `qmark_bench_<bench><pid>` and name its URL in
    /// `QMARK_BENCH_DATABASE_URL`, which the world's config and the limits read.
    fn create(bench: &str) -> Result<FreshPostgres> {
        let bench: String = bench.chars().filter(char::is_ascii_lowercase).collect();
        let name = format!("qmark_bench_{bench}{}", std::process::id());
        postgres_script(&["start"])?;
        let url = postgres_script(&["createdb", &name])?;
        println!("fresh PostgreSQL database {name}");
        // SAFETY of set_var: before the runtime and any other thread exist.
        unsafe { std::env::set_var("QMARK_BENCH_DATABASE_URL", url.trim()) };
        Ok(FreshPostgres { name })
    }

    fn drop_unless_kept(self) {
        if std::env::var_os("QMARK_BENCH_KEEP").is_some() {
            println!("database kept: scripts/postgres dropdb {}", self.name);
        } else if let Err(e) = postgres_script(&["dropdb", &self.name]) {
            eprintln!("qmark-bench: dropping {}: {e:#}", self.name);
        }
    }
}

/// `scripts/postgres ARGS`, its standard output.
fn postgres_script(args: &[&str]) -> Result<String> {
    let out = Command::new(root().join("scripts/postgres"))
        .args(args)
        .output()?;
    if !out.status.success() {
        bail!(
            "scripts/postgres {}: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

// ---- the world: users, config, database ---------------------------------------------------

struct World {
    prefix: String,
    dir: PathBuf,
}

impl World {
    /// Fresh users `<tag><pid>-<role>@example.test` with empty mailboxes, a fresh directory.
    fn new(tag: &str) -> Result<World> {
        let prefix = format!("{tag}{}-", std::process::id());
        let script = root().join("scripts/mail-servers");
        let out = Command::new(&script).arg("start").output()?;
        if !out.status.success() {
            bail!(
                "mail-servers start: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        let mut args = vec!["add-user".to_string()];
        let mut users = vec!["reset-mail".to_string()];
        for role in ROLES {
            args.push(format!("{prefix}{role}@{DOMAIN}"));
            args.push(PASSWORD.to_string());
            users.push(format!("{prefix}{role}@{DOMAIN}"));
        }
        for a in [args, users] {
            let out = Command::new(&script).args(&a).output()?;
            if !out.status.success() {
                bail!(
                    "mail-servers {}: {}",
                    a[0],
                    String::from_utf8_lossy(&out.stderr)
                );
            }
        }
        World::offline(prefix)
    }

    /// A fresh directory and config for `prefix`, without touching the mail servers: for
    /// benches that never connect to them.
    fn offline(prefix: String) -> Result<World> {
        let dir = std::env::var_os("QMARK_BENCH_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|| root().join("target/qmark-bench"))
            .join(&prefix);
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir)?;
        let w = World { prefix, dir };
        std::fs::write(w.config_path(), w.config_text())?;
        Ok(w)
    }

    fn addr(&self, role: &str) -> String {
        format!("{}{role}@{DOMAIN}", self.prefix)
    }
    fn config_path(&self) -> PathBuf {
        self.dir.join("qmark.toml")
    }
    fn db_path(&self) -> PathBuf {
        self.dir.join("qmark.db")
    }

    /// The test suite's config (tests/support `config_text`), with the circuit breaker's
    /// per-recipient cap raised: 10,000 forwards to four owners in an hour would trip the
    /// default 60/hour, which is the breaker working, not the pipeline's speed.
    fn config_text(&self) -> String {
        let a = |r: &str| self.addr(r);
        format!(
            r#"
[inbox]
address = "{ceo}"
host = "127.0.0.1"
port = {IMAP_PORT}
tls = "none"
username = "{ceo}"
password_env = "QMARK_BENCH_PASSWORD"
processed = "keyword"
poll_interval = "60s"

[smtp]
host = "127.0.0.1"
port = {SMTP_PORT}
tls = "none"
from = "Daybreak Market, Office of the CEO <{ceo}>"
timeout = "10s"
connections = {SMTP_CONNECTIONS}

[database]
url = "{db}"

[executives]
addresses = ["{founder}"]
copy_answers = true

[limits]
per_case_per_hour = 10
per_recipient_per_hour = 1000000

[[routes]]
name = "billing"
owner = "{billing}"
keywords = ["refund", "charged twice", "double charge", "invoice", "payment", "환불", "결제", "청구"]
deadline = "24h"
escalate_to = "{cfo}"

[[routes]]
name = "shipping"
owner = "{shipping}"
keywords = ["delivery", "shipping", "package", "courier", "tracking", "배송", "택배"]
deadline = "24h"
escalate_to = "{coo}"

[[routes]]
name = "quality"
owner = "{quality}"
keywords = ["broken", "defect", "damaged", "doesn't work", "불량", "고장", "파손"]
deadline = "24h"
escalate_to = "{cto}"

[triage]
owner = "{triage}"
deadline = "24h"
escalate_to = "{coo}"
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
            db = self.database_url(),
        )
    }

    /// The daemon's database: the SQLite file `db_path`, or the (fresh, empty) PostgreSQL
    /// database `QMARK_BENCH_DATABASE_URL` names (issue 15: the same bench on both).
    fn database_url(&self) -> String {
        postgres_url().unwrap_or_else(|| format!("sqlite://{}", self.db_path().display()))
    }

    /// Start `qmark run` (the release binary beside this one) on this world.
    fn daemon(&self) -> Result<Daemon> {
        let bin = std::env::current_exe()?
            .parent()
            .context("bench binary has no directory")?
            .join("qmark");
        let log = std::fs::File::create(self.dir.join("daemon.log"))?;
        let child = Command::new(&bin)
            .args(["run", "--config"])
            .arg(self.config_path())
            .env("QMARK_BENCH_PASSWORD", PASSWORD)
            .stdout(log.try_clone()?)
            .stderr(log)
            .spawn()
            .with_context(|| format!("starting {}", bin.display()))?;
        Ok(Daemon { child })
    }

    /// The daemon's database, to watch (read-only on SQLite).
    async fn db(&self) -> Result<sqlx::AnyPool> {
        sqlx::any::install_default_drivers();
        let url = match postgres_url() {
            Some(url) => url,
            None if self.db_path().exists() => {
                format!("sqlite://{}?mode=ro", self.db_path().display())
            }
            None => bail!("no database yet"),
        };
        Ok(sqlx::any::AnyPoolOptions::new()
            .max_connections(1)
            .connect(&url)
            .await?)
    }
}

struct Daemon {
    child: std::process::Child,
}

impl Daemon {
    /// (VmHWM, VmRSS) in KiB.
    fn memory(&self) -> (u64, u64) {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))
            .unwrap_or_default();
        let field = |name: &str| {
            status
                .lines()
                .find(|l| l.starts_with(name))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse().ok())
                .unwrap_or(0)
        };
        (field("VmHWM:"), field("VmRSS:"))
    }
}

impl Drop for Daemon {
    fn drop(&mut self) {
        // SIGTERM first so the daemon logs out cleanly; then make sure.
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        for _ in 0..50 {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn mb(kib: u64) -> String {
    format!("{:.1} MB", kib as f64 / 1024.0)
}

/// Rows of the outbox that left it, from indexes only: a scan of `status` would read every
/// row's body (it sits before `status`), ~100 MB per poll at 10,000 forwards, and slow the
/// daemon under test. Every outbox row in these benches is a `?` forward.
const SENT: &str = "SELECT (SELECT COUNT(*) FROM outbox) - (SELECT COUNT(*) FROM outbox INDEXED BY outbox_due WHERE status = 'pending')";

/// The daemon's database's own limit: commits per second of one ~4 KB row per transaction,
/// on the same disk and settings as qmark's store: SQLite's WAL, synchronous=FULL and
/// BEGIN IMMEDIATE in a file of its own beside the database, or the PostgreSQL server
/// (synchronous_commit on, its default) in a table of its own in the bench's database.
async fn commit_rate(w: &World) -> Result<(f64, &'static str)> {
    sqlx::any::install_default_drivers();
    let (url, setup, begin, create, name) = match postgres_url() {
        Some(url) => (
            url,
            "SET synchronous_commit = on",
            "BEGIN",
            "CREATE TABLE bench_limit (id BIGSERIAL PRIMARY KEY, raw BYTEA NOT NULL)",
            "PostgreSQL, synchronous_commit=on",
        ),
        None => (
            format!("sqlite://{}?mode=rwc", w.dir.join("limit.db").display()),
            "PRAGMA busy_timeout = 10000; PRAGMA journal_mode = WAL; \
             PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON",
            "BEGIN IMMEDIATE",
            "CREATE TABLE bench_limit (id INTEGER PRIMARY KEY, raw BLOB NOT NULL) STRICT",
            "SQLite WAL, synchronous=FULL",
        ),
    };
    let pool = sqlx::any::AnyPoolOptions::new()
        .max_connections(1)
        .after_connect(move |conn, _meta| {
            Box::pin(async move {
                sqlx::Executor::execute(conn, setup).await?;
                Ok(())
            })
        })
        .connect(&url)
        .await?;
    sqlx::query(create).execute(&pool).await?;
    let blob = vec![b'x'; 4096];
    let rows = 3000;
    let t = Instant::now();
    for _ in 0..rows {
        let mut tx = pool.begin_with(begin).await?;
        sqlx::query("INSERT INTO bench_limit (raw) VALUES ($1)")
            .bind(&blob)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
    }
    Ok((rows as f64 / t.elapsed().as_secs_f64(), name))
}

/// `QMARK_BENCH_DATABASE_URL`, when it names a PostgreSQL database.
fn postgres_url() -> Option<String> {
    std::env::var("QMARK_BENCH_DATABASE_URL")
        .ok()
        .filter(|u| u.starts_with("postgres"))
}

/// A count, -1 when the database cannot answer yet. SQLite's index hints (`INDEXED BY`) are
/// dropped on PostgreSQL, whose planner takes none.
async fn count(db: &sqlx::AnyPool, sql: &str) -> i64 {
    let sql = if postgres_url().is_some() {
        let hint = regex::Regex::new(r"INDEXED BY \w+ ").expect("a valid pattern");
        hint.replace_all(sql, "").into_owned()
    } else {
        sql.to_string()
    };
    sqlx::query(sqlx::AssertSqlSafe(sql))
        .fetch_one(db)
        .await
        .map(|r| r.get::<i64, _>(0))
        .unwrap_or(-1)
}

// ---- realistic complaints ---------------------------------------------------------------

const EN: &[(&str, &str)] = &[
    (
        "Charged twice for order",
        "I was charged twice for my order and I would like a refund of the second payment. My bank statement shows two identical charges on the same day. ",
    ),
    (
        "Package never arrived",
        "The tracking says my package was delivered but nothing came. The courier left no note and my neighbours have not seen it. The delivery was supposed to be on Monday. ",
    ),
    (
        "Blender arrived broken",
        "The blender arrived damaged: the jar is cracked and the motor doesn't work. The box itself looked fine, so it must have been broken before shipping. ",
    ),
    (
        "Cannot log in to my account",
        "Since last week I cannot log in. The password reset email never comes and the chat told me to write here. I have been a customer for six years. ",
    ),
];
const KO: &[(&str, &str)] = &[
    (
        "결제가 두 번 되었습니다",
        "주문 한 건에 결제가 두 번 청구되었습니다. 카드 명세서에 같은 금액이 두 번 찍혀 있습니다. 두 번째 결제를 환불해 주세요. ",
    ),
    (
        "택배가 오지 않았습니다",
        "배송 조회에는 배달 완료로 나오는데 택배를 받지 못했습니다. 경비실에도 없고 기사님 연락도 없었습니다. 확인 부탁드립니다. ",
    ),
    (
        "제품이 파손되어 도착했습니다",
        "받은 제품이 파손되어 있었습니다. 전원이 들어오지 않고 고장 난 것 같습니다. 상자는 멀쩡했으니 출고 전에 불량이었던 것 같습니다. ",
    ),
    (
        "계정에 로그인할 수 없어요",
        "지난주부터 로그인이 되지 않습니다. 비밀번호 재설정 메일도 오지 않습니다. 오래 이용한 고객인데 너무 불편합니다. ",
    ),
];

/// Complaint `i`: English or Korean (every third), 2-8 KB, a unique customer and subject.
fn complaint(i: usize, to: &str) -> Vec<u8> {
    let korean = i % 3 == 2;
    let (subject, para) = if korean {
        KO[i % KO.len()]
    } else {
        EN[i % EN.len()]
    };
    let target = 2048 + (i * 7919) % 6144;
    let mut body = String::new();
    while body.len() < target - 600 {
        body.push_str(para);
        body.push_str(&format!("(order #{}-{}) ", 40000 + i, body.len()));
        body.push_str("\r\n");
    }
    let date = "Mon, 23 Nov 2026 07:00:00 +0000";
    format!(
        "From: Customer {i} <customer{i}@customer.example>\r\n\
         To: {to}\r\n\
         Subject: {subject} #{i}\r\n\
         Date: {date}\r\n\
         Message-ID: <bench-{i}-{pid}@customer.example>\r\n\
         MIME-Version: 1.0\r\n\
         Content-Type: text/plain; charset=utf-8\r\n\
         Content-Transfer-Encoding: 8bit\r\n\
         \r\n\
         Hello,\r\n\r\n{body}\r\nRegards,\r\nCustomer {i}\r\n",
        pid = std::process::id(),
    )
    .into_bytes()
}

type Imap = async_imap::Session<tokio::net::TcpStream>;

async fn imap_login(user: &str) -> Result<Imap> {
    let tcp = tokio::net::TcpStream::connect(("127.0.0.1", IMAP_PORT)).await?;
    tcp.set_nodelay(true)?;
    let mut client = async_imap::Client::new(tcp);
    client.read_response().await?.context("no greeting")?;
    client
        .login(user, PASSWORD)
        .await
        .map_err(|(e, _)| anyhow::anyhow!("login {user}: {e}"))
}

/// Messages in a user's INBOX.
async fn inbox_count(user: &str) -> Result<u32> {
    let mut s = imap_login(user).await?;
    let m = s.select("INBOX").await?;
    let _ = s.logout().await;
    Ok(m.exists)
}

/// A minimal LMTP client: delivery straight into Dovecot, the way Postfix hands mail over.
struct Lmtp {
    stream: tokio::io::BufStream<tokio::net::TcpStream>,
}

impl Lmtp {
    async fn connect() -> Result<Lmtp> {
        let tcp = tokio::net::TcpStream::connect(("127.0.0.1", LMTP_PORT)).await?;
        tcp.set_nodelay(true)?;
        let mut l = Lmtp {
            stream: tokio::io::BufStream::new(tcp),
        };
        l.reply().await?;
        l.command("LHLO bench.example").await?;
        Ok(l)
    }

    async fn reply(&mut self) -> Result<String> {
        use tokio::io::AsyncBufReadExt;
        let mut all = String::new();
        loop {
            let mut line = String::new();
            if self.stream.read_line(&mut line).await? == 0 {
                bail!("LMTP closed");
            }
            all.push_str(&line);
            if line.as_bytes().get(3) != Some(&b'-') {
                break;
            }
        }
        if !all.starts_with('2') && !all.starts_with('3') {
            bail!("LMTP: {}", all.trim());
        }
        Ok(all)
    }

    async fn command(&mut self, c: &str) -> Result<String> {
        use tokio::io::AsyncWriteExt;
        self.stream.write_all(c.as_bytes()).await?;
        self.stream.write_all(b"\r\n").await?;
        self.stream.flush().await?;
        self.reply().await
    }

    async fn deliver(&mut self, to: &str, raw: &[u8]) -> Result<()> {
        use tokio::io::AsyncWriteExt;
        self.command("MAIL FROM:<customer@customer.example>")
            .await?;
        self.command(&format!("RCPT TO:<{to}>")).await?;
        self.command("DATA").await?;
        for line in raw.split_inclusive(|b| *b == b'\n') {
            if line.first() == Some(&b'.') {
                self.stream.write_all(b".").await?;
            }
            self.stream.write_all(line).await?;
        }
        if !raw.ends_with(b"\n") {
            self.stream.write_all(b"\r\n").await?;
        }
        self.stream.write_all(b".\r\n").await?;
        self.stream.flush().await?;
        self.reply().await?; // one reply per recipient
        Ok(())
    }
}

// ---- backlog + memory -------------------------------------------------------------------

struct Progress {
    first: Option<(Instant, i64)>,
    done: Option<Instant>,
}

impl Progress {
    fn new() -> Progress {
        Progress {
            first: None,
            done: None,
        }
    }
    fn see(&mut self, t: Instant, n: i64, total: i64) {
        if n > 0 && self.first.is_none() {
            self.first = Some((t, n));
        }
        if n >= total && self.done.is_none() {
            self.done = Some(t);
        }
    }
    /// Messages per second between the first observed progress and completion.
    fn rate(&self, total: i64) -> f64 {
        match (self.first, self.done) {
            (Some((t0, n0)), Some(t1)) if t1 > t0 => (total - n0) as f64 / (t1 - t0).as_secs_f64(),
            _ => f64::NAN,
        }
    }
}

/// Put the first `n` forwards back to pending and time qmark's own outbox passes sending them
/// (`outbox::send_once`, the daemon's sender: claims, `[smtp] connections` lanes, sent marks).
async fn sender_alone(w: &World, n: usize) -> Result<(f64, usize)> {
    let limit = i64::try_from(n)?;
    let config = qmark::config::Config::load(&w.config_path())?;
    let app = qmark::app::App::open(config).await?;
    sqlx::query(
        "UPDATE outbox SET status = 'pending', sent_at = NULL, in_flight_at = NULL
         WHERE id IN (SELECT id FROM outbox WHERE purpose = 'forward' ORDER BY id LIMIT $1)",
    )
    .bind(limit)
    .execute(app.store.pool())
    .await?;
    let now = qmark::clock::Clock::System.now();
    let t = Instant::now();
    let mut sent = 0;
    loop {
        let pass = qmark::outbox::send_once(&app, now).await?;
        if pass.sent == 0 {
            break;
        }
        sent += pass.sent;
    }
    Ok((sent as f64 / t.elapsed().as_secs_f64(), sent))
}

/// Wait (up to 10 minutes) until the owners' mailboxes hold `n` messages in all.
async fn delivered_to(w: &World, owners: &[&str], n: usize) -> Result<()> {
    let t = Instant::now();
    while t.elapsed() < Duration::from_secs(600) {
        let mut delivered = 0;
        for o in owners {
            delivered += inbox_count(&w.addr(o)).await? as usize;
        }
        if delivered >= n {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    bail!("Postfix did not deliver {n} messages within 10 minutes")
}

async fn backlog(n: usize) -> Result<()> {
    let w = World::new("bb")?;
    let ceo = w.addr("ceo");
    println!(
        "backlog of {n} complaints on {}; world {} in {}",
        if postgres_url().is_some() {
            "PostgreSQL"
        } else {
            "SQLite"
        },
        w.prefix,
        w.dir.display()
    );

    // Load the mailbox with IMAP APPEND (not timed as part of qmark).
    let t = Instant::now();
    let mut bytes = 0usize;
    {
        let mut s = imap_login(&ceo).await?;
        for i in 0..n {
            let raw = complaint(i, &ceo);
            bytes += raw.len();
            s.append("INBOX", None, None, &raw).await?;
        }
        let _ = s.logout().await;
    }
    let load = t.elapsed();
    println!(
        "loaded {n} messages ({:.1} KB average) by IMAP APPEND in {load:.1?}",
        bytes as f64 / n as f64 / 1024.0
    );

    // Limit 1: a raw UID FETCH 1:* BODY.PEEK[] over one async-imap connection.
    let (raw_fetch_rate, raw_fetched) = {
        let mut s = imap_login(&ceo).await?;
        s.select("INBOX").await?;
        let t = Instant::now();
        let fetches: Vec<_> = s
            .uid_fetch("1:*", "BODY.PEEK[]")
            .await?
            .try_collect()
            .await?;
        let got = fetches.iter().filter(|f| f.body().is_some()).count();
        let secs = t.elapsed().as_secs_f64();
        drop(fetches);
        let _ = s.logout().await;
        (got as f64 / secs, got)
    };
    println!("raw fetch: {raw_fetched} messages at {raw_fetch_rate:.0} msg/s");

    // Limit 2: commits of the daemon's database on the same disk, one ~4 KB row per
    // transaction: SQLite with qmark's pragmas, or the PostgreSQL server (issue 15).
    let (db_rate, limit_name) = commit_rate(&w).await?;
    println!("{limit_name}: {db_rate:.0} commits/s");

    // qmark: the daemon on the backlog. Watch its database for each stage's progress.
    let total = n as i64;
    let started = Instant::now();
    let daemon = w.daemon()?;
    let mut ingest = Progress::new();
    let mut process = Progress::new();
    let mut forward = Progress::new();
    let mut peak_rss = 0u64;
    let deadline = Instant::now() + Duration::from_secs(1800);
    let mut db = None;
    while forward.done.is_none() {
        if Instant::now() > deadline {
            bail!("the backlog was not forwarded within 30 minutes");
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
        peak_rss = peak_rss.max(daemon.memory().1);
        if db.is_none() {
            db = w.db().await.ok();
        }
        let Some(db) = &db else { continue };
        let stored = count(db, "SELECT COUNT(*) FROM messages").await;
        let unprocessed = count(
            db,
            "SELECT COUNT(*) FROM messages INDEXED BY messages_unprocessed WHERE processed_at IS NULL",
        )
        .await;
        let sent = count(db, SENT).await;
        let now = Instant::now();
        ingest.see(now, stored, total);
        if stored >= 0 && unprocessed >= 0 {
            process.see(now, stored - unprocessed, total);
        }
        forward.see(now, sent, total);
    }
    let end_to_end = started.elapsed();
    let (hwm, _) = daemon.memory();
    let db = db.context("no database")?;
    let cases = count(&db, "SELECT COUNT(*) FROM cases").await;
    let triage = count(&db, "SELECT COUNT(*) FROM cases WHERE route = 'triage'").await;
    // Idle after the backlog.
    tokio::time::sleep(Duration::from_secs(5)).await;
    let (_, idle_rss) = daemon.memory();
    drop(daemon);

    // Wait for Postfix to deliver the forwards, so the raw send below has the server to itself.
    let owners = ["billing", "shipping", "quality", "triage"];
    let t = Instant::now();
    loop {
        let mut delivered = 0;
        for o in owners {
            delivered += inbox_count(&w.addr(o)).await?;
        }
        if delivered as usize >= n || t.elapsed() > Duration::from_secs(600) {
            println!(
                "{delivered} forwards in the owners' mailboxes after {:.1?} more",
                t.elapsed()
            );
            break;
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }

    // qmark's sender alone: the first 2,000 forwards queued again and drained by the outbox
    // pass itself, with nothing else running, as the raw send below is measured. The backlog's
    // own forward stage shares the cores with processing and with Postfix delivering.
    let (alone_rate, alone_sent) = sender_alone(&w, 2000).await?;
    delivered_to(&w, &owners, n + alone_sent).await?;

    // Limit 3: Postfix's accept rate for the same forwards over as many NODELAY lettre
    // connections as the daemon's sender uses (`[smtp] connections`).
    let (smtp_rate, smtp_sent) = {
        let rows = sqlx::query(
            "SELECT envelope_from, recipients, body FROM outbox WHERE purpose = 'forward' ORDER BY id LIMIT 2000",
        )
        .fetch_all(&db)
        .await?;
        let mut mails = Vec::new();
        for r in rows {
            let from: String = r.get(0);
            let to: Vec<String> = serde_json::from_str(&r.get::<String, _>(1))?;
            let env = lettre::address::Envelope::new(
                Some(from.parse()?),
                to.iter().map(|t| t.parse()).collect::<Result<_, _>>()?,
            )?;
            mails.push((env, r.get::<Vec<u8>, _>(2)));
        }
        let t = Instant::now();
        let lanes = mails.chunks(mails.len().div_ceil(SMTP_CONNECTIONS).max(1));
        futures::future::try_join_all(lanes.map(raw_send)).await?;
        let rate = mails.len() as f64 / t.elapsed().as_secs_f64();
        (rate, mails.len())
    };
    let forward_bytes = count(
        &db,
        "SELECT CAST(AVG(LENGTH(body)) AS INTEGER) FROM outbox WHERE purpose = 'forward'",
    )
    .await;

    let ingest_rate = ingest.rate(total);
    let process_rate = process.rate(total);
    let forward_rate = forward.rate(total);
    let verdict = |ok: bool| if ok { "met" } else { "**missed**" };
    println!();
    println!(
        "{n} complaints ({:.1} KB average, 1/3 Korean): {cases} cases ({triage} to triage), {n} forwards (average {:.1} KB); end to end {:.1} s",
        bytes as f64 / n as f64 / 1024.0,
        forward_bytes as f64 / 1024.0,
        end_to_end.as_secs_f64()
    );
    println!();
    println!("| stage | qmark | limit, same settings | qmark / limit | target |");
    println!("|---|---|---|---|---|");
    println!(
        "| IMAP fetch (+ store, flag) | {ingest_rate:.0} msg/s | {raw_fetch_rate:.0} msg/s raw `UID FETCH 1:* BODY.PEEK[]` | {:.0}% | — |",
        100.0 * ingest_rate / raw_fetch_rate
    );
    println!(
        "| store + classify (`process_once`) | {process_rate:.0} msg/s | {db_rate:.0} commits/s ({limit_name}) | {:.0}% | ≥ 3,000 msg/s: {} |",
        100.0 * process_rate / db_rate,
        verdict(process_rate >= 3000.0)
    );
    println!(
        "| forward (outbox sender, {SMTP_CONNECTIONS} connections) | {forward_rate:.0} msg/s | {smtp_rate:.0} msg/s raw lettre, {SMTP_CONNECTIONS} NODELAY connections ({smtp_sent} forwards) | {:.0}% | ≥ 80%: {} |",
        100.0 * forward_rate / smtp_rate,
        verdict(forward_rate >= smtp_rate * 0.8)
    );
    println!(
        "| forward, qmark's sender alone ({alone_sent} forwards queued again, nothing else running) | {alone_rate:.0} msg/s | {smtp_rate:.0} msg/s raw lettre, the same forwards | {:.0}% | ≥ 80%: {} |",
        100.0 * alone_rate / smtp_rate,
        verdict(alone_rate >= smtp_rate * 0.8)
    );
    println!();
    println!("| daemon memory | value | target |");
    println!("|---|---|---|");
    println!(
        "| peak RSS during the backlog (VmHWM) | {} (sampled VmRSS max {}) | < 64 MB: {} |",
        mb(hwm),
        mb(peak_rss),
        verdict(hwm < 64 * 1024)
    );
    println!(
        "| RSS idle after the backlog | {} | < 64 MB: {} |",
        mb(idle_rss),
        verdict(idle_rss < 64 * 1024)
    );
    println!(
        "\n(IMAP APPEND load: {:.0} msg/s, not part of qmark)",
        n as f64 / load.as_secs_f64()
    );
    Ok(())
}

/// SMTP connections of the daemon's sender in the bench (`[smtp] connections`, the default),
/// and of the raw limit it is compared with.
const SMTP_CONNECTIONS: usize = 4;

/// Send `mails` one after another over one TCP_NODELAY connection to Postfix.
async fn raw_send(mails: &[(lettre::address::Envelope, Vec<u8>)]) -> Result<()> {
    let stream = tokio::net::TcpStream::connect(("127.0.0.1", SMTP_PORT)).await?;
    stream.set_nodelay(true)?;
    let hello = lettre::transport::smtp::extension::ClientId::Domain("bench.example".into());
    let mut conn = lettre::transport::smtp::client::AsyncSmtpConnection::connect_with_transport(
        Box::new(stream),
        &hello,
    )
    .await?;
    for (env, body) in mails {
        conn.send(env, body).await?;
    }
    let _ = conn.quit().await;
    Ok(())
}

// ---- store + classify alone --------------------------------------------------------------

/// `pipeline::process_once` on N complaints already stored in a real SQLite file on this disk
/// (the backlog's messages, same config), without IMAP or the sender competing: the stage's
/// own speed, and something to run under `perf record`.
async fn process(n: usize) -> Result<()> {
    let w = World::offline(format!("bp{}-", std::process::id()))?;
    let config = qmark::config::Config::load(&w.config_path())?;
    let app = qmark::app::App::open(config).await?;
    let now = qmark::clock::Clock::System.now();
    let ceo = w.addr("ceo");
    let mut tx = app.store.write().await?;
    for i in 0..n {
        let raw = complaint(i, &ceo);
        let mid = qmark::mail::message_id(&raw);
        qmark::store::insert_message(&mut tx, raw, mid.as_deref(), None, now).await?;
    }
    tx.commit().await?;
    let cpu_before = thread_cpu();
    let t = Instant::now();
    let outcome = qmark::pipeline::process_once(&app, now).await?;
    let secs = t.elapsed().as_secs_f64();
    let cpu_after = thread_cpu();
    let db = w.db().await?;
    let cases = count(&db, "SELECT COUNT(*) FROM cases").await;
    let forwards = count(&db, "SELECT COUNT(*) FROM outbox WHERE purpose = 'forward'").await;
    println!(
        "process_once: {} processed, {cases} cases, {forwards} forwards queued in {secs:.2} s: {:.0} msg/s ({outcome:?})",
        outcome.processed,
        outcome.processed as f64 / secs
    );
    // CPU per message by kind of thread: where a faster stage has to come from.
    let mut by_kind: std::collections::BTreeMap<String, f64> = Default::default();
    for (tid, (kind, ticks)) in &cpu_after {
        let before = cpu_before.get(tid).map_or(0.0, |(_, t)| *t);
        *by_kind.entry(kind.clone()).or_default() += ticks - before;
    }
    let per = |s: f64| s * 1e6 / outcome.processed.max(1) as f64;
    for (kind, s) in by_kind {
        println!("  cpu {kind}: {s:.2} s, {:.0} µs a message", per(s));
    }
    Ok(())
}

/// CPU seconds (user + system) of each of this process's threads, with the thread's name.
fn thread_cpu() -> std::collections::HashMap<String, (String, f64)> {
    let tick = 100.0; // USER_HZ: Linux reports thread times in hundredths of a second
    let mut out = std::collections::HashMap::new();
    let Ok(tasks) = std::fs::read_dir("/proc/self/task") else {
        return out;
    };
    for task in tasks.flatten() {
        let Ok(stat) = std::fs::read_to_string(task.path().join("stat")) else {
            continue;
        };
        // `pid (comm) state ...`: comm may hold spaces, so split after its closing paren.
        let (Some(open), Some(close)) = (stat.find('('), stat.rfind(')')) else {
            continue;
        };
        let comm = stat[open + 1..close].to_string();
        let fields: Vec<&str> = stat[close + 2..].split(' ').collect();
        let ticks: f64 = [11, 12]
            .iter()
            .filter_map(|&i| fields.get(i)?.parse::<f64>().ok())
            .sum();
        out.insert(
            task.file_name().to_string_lossy().into_owned(),
            (comm, ticks / tick),
        );
    }
    out
}

/// The pure half of processing (`intake`), stage by stage, on one core over the bench's
/// complaints (or `mail`'s .eml files, taken in turn): what the preparing threads spend on
/// each message.
fn intake(n: usize, mail: Option<&Path>) -> Result<()> {
    use qmark::case::understand;
    use qmark::routing::wants;
    let w = World::offline(format!("bi{}-", std::process::id()))?;
    let config = qmark::config::Config::load(&w.config_path())?;
    let ceo = w.addr("ceo");
    let raws: Vec<Vec<u8>> = match mail {
        None => (0..n).map(|i| complaint(i, &ceo)).collect(),
        Some(dir) => {
            let files = eml_files(dir)?;
            files.iter().cycle().take(n).cloned().collect()
        }
    };
    let bytes: usize = raws.iter().map(Vec::len).sum();
    let mut stages = [0f64; 5];
    let t = Instant::now();
    for raw in &raws {
        let mut at = Instant::now();
        let mut lap = |k: usize| {
            stages[k] += at.elapsed().as_secs_f64();
            at = Instant::now();
        };
        let mail = qmark::mail::parse(raw);
        lap(0);
        let language = qmark::routing::language::detect(&mail.subject, &mail.text);
        lap(1);
        let own = understand::complaint_text(&mail.subject, &mail.text);
        lap(2);
        let gist = wants::read_own(wants::Lexicon::built_in(), &mail.subject, &own);
        lap(3);
        let sender = mail.from.as_ref().and_then(|f| f.address.clone());
        let d = qmark::intake::route(
            &config,
            None,
            &mail,
            sender.as_ref(),
            language,
            0,
            Some(&own),
        );
        lap(4);
        std::hint::black_box((gist, d));
    }
    let all = t.elapsed().as_secs_f64();
    println!(
        "intake: {n} messages ({} KB on average) in {all:.2} s: {:.0} µs a message on one core",
        bytes / n / 1024,
        all * 1e6 / n as f64
    );
    for (name, s) in [
        "parse",
        "language",
        "own words",
        "wants+problem",
        "route+urgency",
    ]
    .iter()
    .zip(stages)
    {
        println!("  {name}: {:.0} µs", s * 1e6 / n as f64);
    }
    Ok(())
}

/// Every `.eml` under `dir`, read, in path order.
fn eml_files(dir: &Path) -> Result<Vec<Vec<u8>>> {
    let mut paths = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for entry in std::fs::read_dir(&d).with_context(|| format!("reading {}", d.display()))? {
            let path = entry?.path();
            if path.is_dir() {
                todo.push(path);
            } else if path.extension().is_some_and(|e| e == "eml") {
                paths.push(path);
            }
        }
    }
    paths.sort();
    if paths.is_empty() {
        bail!("{} holds no .eml files", dir.display());
    }
    paths
        .iter()
        .map(|p| std::fs::read(p).with_context(|| format!("reading {}", p.display())))
        .collect()
}

// ---- latency ------------------------------------------------------------------------------

async fn latency(n: usize) -> Result<()> {
    let w = World::new("bl")?;
    let ceo = w.addr("ceo");
    println!(
        "latency over {n} messages; world {} in {}",
        w.prefix,
        w.dir.display()
    );
    let daemon = w.daemon()?;
    // Let it open the database, connect and settle in IDLE.
    tokio::time::sleep(Duration::from_secs(5)).await;
    let (idle_hwm, idle_rss) = daemon.memory();
    let db = w.db().await?;
    let mut lmtp = Lmtp::connect().await?;
    let mut times = Vec::with_capacity(n);
    for i in 0..n {
        let raw = complaint(i, &ceo);
        lmtp.deliver(&ceo, &raw).await?;
        let t0 = Instant::now();
        loop {
            let sent = count(&db, SENT).await;
            if sent > i as i64 {
                break;
            }
            if t0.elapsed() > Duration::from_secs(120) {
                bail!("message {i} was not forwarded within 2 minutes");
            }
            tokio::time::sleep(Duration::from_millis(2)).await;
        }
        times.push(t0.elapsed());
        // Let the watcher get back into IDLE before the next one.
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let (hwm, rss) = daemon.memory();
    drop(daemon);
    times.sort();
    let pct = |p: f64| {
        let i = ((times.len() as f64 * p).ceil() as usize).saturating_sub(1);
        times.get(i).copied().unwrap_or_default()
    };
    let (p50, p99, max) = (pct(0.50), pct(0.99), pct(1.0));
    let verdict = |ok: bool| if ok { "met" } else { "**missed**" };
    println!();
    println!("| delivery (LMTP 250) → `?` forward accepted by Postfix | value | target |");
    println!("|---|---|---|");
    println!(
        "| p50 | {:.0} ms | < 1 s: {} |",
        p50.as_secs_f64() * 1e3,
        verdict(p50 < Duration::from_secs(1))
    );
    println!(
        "| p99 | {:.0} ms | < 2 s: {} |",
        p99.as_secs_f64() * 1e3,
        verdict(p99 < Duration::from_secs(2))
    );
    println!("| max | {:.0} ms | — |", max.as_secs_f64() * 1e3);
    println!();
    println!("| daemon memory | value | target |");
    println!("|---|---|---|");
    println!(
        "| RSS idle in IDLE, empty database | {} (VmHWM {}) | < 64 MB: {} |",
        mb(idle_rss),
        mb(idle_hwm),
        verdict(idle_hwm < 64 * 1024)
    );
    println!(
        "| after {n} messages one at a time | {} (VmHWM {}) | < 64 MB: {} |",
        mb(rss),
        mb(hwm),
        verdict(hwm < 64 * 1024)
    );
    Ok(())
}

// ---- scale of state -----------------------------------------------------------------------

async fn timed<T, F: std::future::Future<Output = Result<T>>>(f: F) -> Result<(T, Duration)> {
    let t = Instant::now();
    let v = f.await?;
    Ok((v, t.elapsed()))
}

async fn scale(cases: usize) -> Result<()> {
    let dir = std::env::var_os("QMARK_BENCH_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target/qmark-bench"))
        .join(format!("scale{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir)?;
    let w = World {
        prefix: "scale-".into(),
        dir,
    };
    // With reminders, so that the reminder pass has work to look for.
    let config_text = format!(
        "{}\n[time]\nreminders = [\"50%\", \"90%\"]\n",
        w.config_text()
    );
    std::fs::write(w.config_path(), config_text)?;
    // SAFETY of set_var: set once, before anything else reads the environment.
    unsafe { std::env::set_var("QMARK_BENCH_PASSWORD", PASSWORD) };
    let config = qmark::config::Config::load(&w.config_path())?;
    let app = qmark::app::App::open(config).await?;
    let postgres = app.store.backend() == qmark::store::Backend::Postgres;
    let now = match std::env::var("QMARK_BENCH_NOW") {
        Ok(t) => qmark::store::parse_ts(&t).context("QMARK_BENCH_NOW is not a time")?,
        Err(_) => qmark::clock::Clock::System.now(),
    };
    let t = Instant::now();
    generate(&app, cases, now, &w.addr("")).await?;
    // Equivalence check of the digest across versions: the same cases at the same instant
    // must render the same digest.
    if let Some(out) = std::env::var_os("QMARK_BENCH_DIGEST_OUT") {
        let (_, text, html) = qmark::digest::render(&app, now).await?;
        std::fs::write(out, format!("{text}\n----\n{html}"))?;
        return Ok(());
    }
    let generated = t.elapsed();
    let pool = app.store.pool();
    let (storage, storage_what) = storage(pool, postgres, &w).await?;
    println!(
        "generated {cases} cases on {} in {generated:.1?}: {:.0} MB, {:.0} bytes per case ({storage_what})",
        app.store.backend().name(),
        storage as f64 / 1e6,
        storage as f64 / cases as f64,
    );
    let now_text = qmark::store::ts(now);
    for (what, sql) in [
        ("cases", "SELECT COUNT(*) FROM cases".to_string()),
        (
            "open",
            "SELECT COUNT(*) FROM cases WHERE status = 'open'".into(),
        ),
        (
            "overdue",
            format!(
                "SELECT COUNT(*) FROM cases WHERE status = 'open' AND deadline <= '{now_text}'"
            ),
        ),
        ("events", "SELECT COUNT(*) FROM case_events".into()),
        ("messages", "SELECT COUNT(*) FROM messages".into()),
    ] {
        println!("{what}: {}", count(pool, &sql).await);
    }
    // The plans of the queries the targets time, with the times as literals.
    let day = chrono::Duration::days(1);
    let (from, to) = (qmark::store::ts(now - day * 28), now_text.clone());
    let facts = if postgres {
        "SELECT COALESCE(json_agg(json_build_array(id, route, owner, customer_address, opened_at, deadline, first_answered_at))::text, '[]') FROM cases"
    } else {
        "SELECT json_group_array(json_array(id, route, owner, customer_address, opened_at, deadline, first_answered_at)) FROM cases"
    };
    for q in [
        format!("SELECT * FROM cases WHERE status = 'open' AND next_due_at <= '{to}' ORDER BY id"),
        format!("{facts} WHERE opened_at >= '{from}' AND opened_at < '{to}'"),
        format!("{facts} WHERE deadline >= '{from}' AND deadline < '{to}'"),
        format!("SELECT * FROM cases WHERE status = 'open' AND deadline <= '{to}' ORDER BY deadline"),
        format!("SELECT * FROM cases WHERE first_answered_at >= '{from}' AND first_answered_at < '{to}' ORDER BY id"),
        "SELECT MAX(at) FROM case_events WHERE case_id = 1 AND kind = 'reopened'".into(),
        "SELECT e.case_id, MAX(e.at) FROM case_events e JOIN cases c ON c.id = e.case_id WHERE c.status = 'open' GROUP BY e.case_id".into(),
    ] {
        let (explain, column) = if postgres {
            ("EXPLAIN", 0)
        } else {
            ("EXPLAIN QUERY PLAN", 3)
        };
        let plan = sqlx::query(sqlx::AssertSqlSafe(format!("{explain} {q}")))
            .fetch_all(pool)
            .await?;
        let steps: Vec<String> = plan
            .iter()
            .map(|r| r.get::<String, _>(column).trim().to_string())
            .collect();
        println!("plan of `{q}`: {}", steps.join("; "));
    }

    // Warm the page cache once, as a running daemon's would be.
    let _ = app.store.list_cases(Some("open"), now).await?;
    let mut rows = Vec::new();
    let (open, t_open) = timed(app.store.list_cases(Some("open"), now)).await?;
    rows.push((
        "open cases, `list_cases(\"open\")` (all of them, for the digest)".to_string(),
        t_open,
        0,
    ));
    let (overdue, t_overdue) = timed(app.store.list_cases(Some("overdue"), now)).await?;
    // Issue 15's target for the CLI listing (issue 6's table said 50 ms).
    rows.push((
        "`cases list --status overdue` query".to_string(),
        t_overdue,
        100,
    ));
    // The first passes after the migration: every open case's `next_due_at` is '' and is
    // worked out, and everything overdue climbs.
    let (reminded, t_remind1) = timed(qmark::case::escalate::remind_once(&app, now)).await?;
    rows.push((
        format!(
            "`escalate::remind_once`, first pass over {} open cases ({reminded} reminders queued)",
            open.len()
        ),
        t_remind1,
        0,
    ));
    let (climbed, t_esc1) = timed(qmark::case::escalate::escalate_once(&app, now)).await?;
    rows.push((
        format!("`escalate::escalate_once`, first pass ({climbed} rungs climbed and queued)"),
        t_esc1,
        0,
    ));
    // Cases that climbed to `??` late have that rung's reminder points behind them already:
    // the next reminder pass sends the latest one (as it always did).
    let (reminded, t_remind2) = timed(qmark::case::escalate::remind_once(&app, now)).await?;
    rows.push((
        format!("`escalate::remind_once`, second pass ({reminded} `??` reminders queued)"),
        t_remind2,
        0,
    ));
    // Every later wake: only the cases whose `next_due_at` has come.
    let (due, t_due) = timed(app.store.due_cases(now)).await?;
    rows.push((
        format!(
            "due-work query, `Store::due_cases` ({} cases due; what every pass starts from)",
            due.len()
        ),
        t_due,
        50,
    ));
    let (_, t_next) = timed(qmark::case::escalate::next_due(&app, now)).await?;
    rows.push((
        "`escalate::next_due` (every daemon wake)".to_string(),
        t_next,
        50,
    ));
    let (_, t_remind) = timed(qmark::case::escalate::remind_once(&app, now)).await?;
    rows.push(("`escalate::remind_once`, steady state".into(), t_remind, 50));
    let (_, t_esc2) = timed(qmark::case::escalate::escalate_once(&app, now)).await?;
    rows.push((
        "`escalate::escalate_once`, steady state (nothing new due)".into(),
        t_esc2,
        50,
    ));
    let (_, t_digest) = timed(qmark::digest::render(&app, now)).await?;
    rows.push((
        "`digest::render` (gather + text + HTML)".into(),
        t_digest,
        2000,
    ));
    // Where the digest's time goes: its biggest reads, one by one.
    let day = chrono::Duration::days(1);
    let (data, t) = timed(qmark::digest::gather(&app, now - day, now, now)).await?;
    rows.push(("  digest part: `digest::gather`, all reads".into(), t, 0));
    let t = Instant::now();
    let view = qmark::digest::build_view(&data, now, chrono_tz::UTC);
    rows.push(("  digest part: `digest::build_view`".into(), t.elapsed(), 0));
    let t = Instant::now();
    let (text, html) = app.templates.text_and_html("digest", &view)?;
    rows.push((
        format!(
            "  digest part: text and HTML templates ({} KB, {} KB)",
            text.len() / 1000,
            html.len() / 1000
        ),
        t.elapsed(),
        0,
    ));
    let (recent, t) = timed(app.store.facts_opened_between(now - day * 28, now)).await?;
    rows.push((
        format!(
            "  digest part: cases opened in 4 weeks ({} rows of facts)",
            recent.len()
        ),
        t,
        0,
    ));
    let (due, t) = timed(app.store.facts_due_between(now - day * 14, now)).await?;
    rows.push((
        format!(
            "  digest part: cases due in 2 weeks ({} rows of facts)",
            due.len()
        ),
        t,
        0,
    ));
    let (answered, t) = timed(app.store.cases_answered_between(now - day, now)).await?;
    rows.push((
        format!(
            "  digest part: cases answered in the period ({} rows)",
            answered.len()
        ),
        t,
        0,
    ));
    let (last, t) = timed(app.store.open_cases_last_activity()).await?;
    rows.push((
        format!(
            "  digest part: last activity of open cases ({} rows)",
            last.len()
        ),
        t,
        0,
    ));
    let (_, t) = timed(app.store.follow_ups_between(now - day * 7, now)).await?;
    rows.push(("  digest part: follow-ups of the week".into(), t, 0));
    let (texts, t) = timed(async {
        let ids: Vec<i64> = open.iter().take(2000).map(|c| c.id).collect();
        let mut n = 0;
        for (_, raw) in app.store.complaints(&ids).await?.into_values() {
            if let Some(raw) = raw {
                n += qmark::mail::parse(&raw).text.len().min(1);
            }
        }
        anyhow::Ok(n)
    })
    .await?;
    rows.push((
        format!("  digest part: 2,000 complaint texts read and parsed ({texts})"),
        t,
        0,
    ));

    println!();
    println!(
        "{cases} cases, {} open, {} overdue",
        open.len(),
        overdue.len()
    );
    println!();
    println!("| work | time | target |");
    println!("|---|---|---|");
    for (what, t, target_ms) in rows {
        let ms = t.as_secs_f64() * 1e3;
        let target = if target_ms == 0 {
            "—".to_string()
        } else if ms < target_ms as f64 {
            format!("< {target_ms} ms: met")
        } else {
            format!("< {target_ms} ms: **missed**")
        };
        println!("| {what} | {ms:.1} ms | {target} |");
    }
    Ok(())
}

/// The bytes on disk: SQLite's file (the WAL is checkpointed into it), or PostgreSQL's
/// `pg_total_relation_size` of every table with its indexes and TOAST.
async fn storage(pool: &sqlx::AnyPool, postgres: bool, w: &World) -> Result<(u64, &'static str)> {
    if !postgres {
        let bytes = std::fs::metadata(w.db_path()).map(|m| m.len()).unwrap_or(0);
        return Ok((bytes, "the SQLite file"));
    }
    let bytes: i64 = sqlx::query_scalar(
        "SELECT SUM(pg_total_relation_size(c.oid))::bigint FROM pg_class c
         JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE c.relkind = 'r' AND n.nspname = current_schema()",
    )
    .fetch_one(pool)
    .await
    .context("measuring the tables")?;
    for (table, size) in sqlx::query_as::<_, (String, i64)>(
        "SELECT c.relname::text, pg_total_relation_size(c.oid) FROM pg_class c
         JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE c.relkind = 'r' AND n.nspname = current_schema()
         ORDER BY 2 DESC LIMIT 4",
    )
    .fetch_all(pool)
    .await?
    {
        println!("  {table}: {:.0} MB with its indexes", size as f64 / 1e6);
    }
    Ok((
        u64::try_from(bytes).unwrap_or(0),
        "pg_total_relation_size of the tables",
    ))
}

/// Plain SQL run on the database server, set-based: `cases` cases ending at `now`, ~1,370 a
/// day (two years for a million; ten million are twenty years, so the open work stays that of
/// the last days' mail and the history grows). Older than 10 days: closed or answered. The last 10
/// days: half open (some overdue), some waiting, the rest answered. One `opened` event per
/// case, a `reopened` one for one case in fifty; a stored message (2 KB) for every case of
/// the last 10 days, which is all the digest reads the text of.
///
/// On PostgreSQL the rows come from `generate_series` with the tables' own indexes dropped,
/// then rebuilt from the definitions the migrations gave them (`pg_indexes`), and the tables
/// vacuumed and analysed, as autovacuum would leave them; on SQLite from a recursive CTE,
/// then `ANALYZE` and a WAL checkpoint.
async fn generate(
    app: &qmark::app::App,
    cases: usize,
    now: chrono::DateTime<chrono::Utc>,
    user_suffix: &str,
) -> Result<()> {
    let postgres = app.store.backend() == qmark::store::Backend::Postgres;
    let prefix = user_suffix.trim_end_matches(&format!("@{DOMAIN}"));
    let owners = ["billing", "shipping", "quality", "triage"];
    let escalate = ["cfo", "coo", "cto", "coo"];
    let routes = ["billing", "shipping", "quality", "triage"];
    // Two years of history for a million cases (or fewer), as this bench always made them;
    // beyond a million the history reaches further back at the same ~1,370 cases a day, and
    // the last two years are the million's to the second.
    let two_years: i64 = 730 * 86400;
    let per_span = i64::try_from(cases.min(1_000_000))?;
    let step = two_years / per_span;
    let offset = two_years - step * per_span;
    let now_s = now.timestamp();
    // A time in seconds since the epoch as the store's text (`store::ts`).
    let ts = |secs: &str| {
        if postgres {
            format!(
                "to_char(to_timestamp({secs}) AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')"
            )
        } else {
            format!("strftime('%Y-%m-%dT%H:%M:%fZ', {secs}, 'unixepoch')")
        }
    };
    let series = if postgres {
        format!("WITH n(i) AS (SELECT generate_series(1::bigint, {cases}))")
    } else {
        format!("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {cases})")
    };
    let cte = format!(
        "{series}, c AS (SELECT i, {now_s} - {offset} - ({cases} - i) * {step} AS opened, i % 4 AS r FROM n)"
    );
    let recent = format!("opened >= {now_s} - 864000");
    let answered = ts("opened + 3600 * (1 + i % 30)");
    // Only numbers and fixed names are formatted in: nothing from outside.
    let cases_sql = format!(
        "{cte}
         INSERT INTO cases (id, token, status, route, owner, priority, customer_address, customer_name,
                            subject, opened_at, deadline, escalate_to, rung, first_answered_at,
                            answered_at, updated_at, language, subject_key, waiting_until)
         SELECT i, 'tok' || i,
           CASE WHEN NOT ({recent}) THEN (CASE WHEN i % 5 = 0 THEN 'answered' ELSE 'closed' END)
                WHEN i % 2 = 0 THEN 'open' WHEN i % 7 = 1 THEN 'waiting' ELSE 'answered' END,
           CASE r WHEN 0 THEN '{r0}' WHEN 1 THEN '{r1}' WHEN 2 THEN '{r2}' ELSE '{r3}' END,
           '{prefix}' || CASE r WHEN 0 THEN '{o0}' WHEN 1 THEN '{o1}' WHEN 2 THEN '{o2}' ELSE '{o3}' END || '@{DOMAIN}',
           CASE WHEN i % 20 = 0 THEN 'urgent' ELSE 'normal' END,
           'customer' || (i % 200000) || '@customer.example', 'Customer ' || i,
           'Complaint number ' || i || ' about my order',
           {opened}, {deadline},
           '{prefix}' || CASE r WHEN 0 THEN '{e0}' WHEN 1 THEN '{e1}' WHEN 2 THEN '{e2}' ELSE '{e3}' END || '@{DOMAIN}',
           0,
           CASE WHEN NOT ({recent}) OR i % 2 = 1 THEN {answered} END,
           CASE WHEN NOT ({recent}) OR i % 2 = 1 THEN {answered} END,
           {opened},
           CASE WHEN i % 3 = 2 THEN 'ko' ELSE 'en' END,
           'complaint number ' || i,
           CASE WHEN {recent} AND i % 2 = 1 AND i % 7 = 1 THEN {waiting} END
         FROM c",
        r0 = routes[0], r1 = routes[1], r2 = routes[2], r3 = routes[3],
        o0 = owners[0], o1 = owners[1], o2 = owners[2], o3 = owners[3],
        e0 = escalate[0], e1 = escalate[1], e2 = escalate[2], e3 = escalate[3],
        opened = ts("opened"),
        deadline = ts("opened + 86400"),
        waiting = ts(&format!("{now_s} + 86400 * 3")),
    );
    let steps = [
        ("cases", cases_sql),
        (
            "opened events",
            "INSERT INTO case_events (case_id, at, kind, actor, message_id, detail)
             SELECT id, opened_at, 'opened', NULL, NULL, '{}' FROM cases"
                .to_string(),
        ),
        // One case in fifty was reopened once (a customer wrote again after the answer).
        (
            "reopenings",
            format!(
                "{cte} INSERT INTO case_events (case_id, at, kind, actor, message_id, detail)
                 SELECT i, {}, 'reopened', NULL, NULL, '{{}}' FROM c WHERE i % 50 = 0",
                ts("opened + 7200")
            ),
        ),
        (
            "messages",
            format!(
                "INSERT INTO messages (sha256, message_id, received_at, processed_at, kind, case_id, sender)
                 SELECT 'sha' || id, '<gen-' || id || '@customer.example>', opened_at, opened_at,
                        'complaint', id, customer_address
                 FROM cases WHERE opened_at >= {}",
                ts(&format!("{now_s} - 864000"))
            ),
        ),
    ];
    let mut conn = app.store.pool().acquire().await?;
    let mut indexes = Vec::new();
    if postgres {
        // Index builds sort in memory; the server's default (64 MB) spills 10M keys to disk.
        sqlx::raw_sql("SET maintenance_work_mem = '1GB'; SET synchronous_commit = off")
            .execute(&mut *conn)
            .await?;
        indexes = sqlx::query_as::<_, (String, String)>(
            "SELECT i.indexname::text, i.indexdef FROM pg_indexes i
             WHERE i.schemaname = current_schema()
               AND i.tablename IN ('cases', 'case_events', 'messages', 'raw_messages')
               AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conname = i.indexname)",
        )
        .fetch_all(&mut *conn)
        .await
        .context("reading the indexes' definitions")?;
        for (name, _) in &indexes {
            sqlx::query(sqlx::AssertSqlSafe(format!("DROP INDEX {name}")))
                .execute(&mut *conn)
                .await
                .with_context(|| format!("dropping index {name} for the load"))?;
        }
    }
    for (what, sql) in steps {
        let t = Instant::now();
        let done = sqlx::query(sqlx::AssertSqlSafe(sql))
            .execute(&mut *conn)
            .await
            .with_context(|| format!("generating {what}"))?;
        println!(
            "  {what}: {} rows in {:.1?}",
            done.rows_affected(),
            t.elapsed()
        );
    }
    let t = Instant::now();
    sqlx::query("INSERT INTO raw_messages (message_id, raw) SELECT id, $1 FROM messages")
        .bind(complaint(0, "ceo@example.test"))
        .execute(&mut *conn)
        .await
        .context("generating messages' bytes")?;
    println!("  messages' bytes in {:.1?}", t.elapsed());
    let t = Instant::now();
    for (name, definition) in &indexes {
        sqlx::query(sqlx::AssertSqlSafe(definition.clone()))
            .execute(&mut *conn)
            .await
            .with_context(|| format!("rebuilding index {name}"))?;
    }
    if postgres {
        println!("  {} indexes rebuilt in {:.1?}", indexes.len(), t.elapsed());
        let t = Instant::now();
        sqlx::query("VACUUM (ANALYZE)").execute(&mut *conn).await?;
        println!("  VACUUM (ANALYZE) in {:.1?}", t.elapsed());
    } else {
        sqlx::query("ANALYZE").execute(&mut *conn).await?;
        // A million cases leave the whole database in the WAL, and every page read would
        // then search the WAL index first. A running installation checkpoints every 1,000
        // pages; so does this, once.
        sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}
