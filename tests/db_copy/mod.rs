//! Issue 15 item 2: `qmark db copy` moves a live installation's whole history to another
//! database. A real flow (complaints through Postfix into Dovecot, `?` forwards, an owner's
//! `#urgent` and answer, a digest) plus an OAuth2 grant and a webhook delivery stored as qmark
//! stores them fills every table of the run's own database (a SQLite file, or PostgreSQL with
//! `QMARK_TEST_DATABASE=postgres`); the binary copies it to a fresh database of the other kind,
//! qmark's own commands read the same history there, and the moved installation carries on:
//! an owner's reply to an old forward finds its case (the reply secret came along), old mail is
//! not read again (the cursor came along), a new complaint gets the next number and its rows
//! new ids (PostgreSQL's sequences moved past the copy).

use std::path::PathBuf;

use qmark::app::App;
use qmark::runner::run_once;
use qmark::store::copy::TABLES;

use crate::support::*;

const DIGEST: &str = "\n[digest]\nschedule = \"0 0 8 * * *\"\ntimezone = \"UTC\"\n";
/// `--now` for the commands compared across databases (`overdue` depends on it).
const AT: &str = "2030-01-01T00:00:00Z";

/// A database besides the world's own (PostgreSQL, or a SQLite file in the world's folder)
/// with a config naming it; a PostgreSQL one is dropped with the test.
struct Db {
    url: String,
    path: PathBuf,
    postgres: bool,
    config: PathBuf,
}

impl Db {
    fn new(w: &World, name: &str, postgres: bool) -> Db {
        let path = w.dir.path().join(format!("{name}.db"));
        let url = if postgres {
            postgres_database(&path)
        } else {
            format!("sqlite://{}", path.display())
        };
        let config = w.dir.path().join(format!("{name}.toml"));
        let text = w
            .config_text(DIGEST)
            .replace(&w.config().database_url, &url);
        std::fs::write(&config, text).expect("write config");
        Db {
            url,
            path,
            postgres,
            config,
        }
    }

    /// Of the kind this run's databases are not.
    fn other(w: &World, name: &str) -> Db {
        Db::new(w, name, !on_postgres())
    }

    /// Of the kind this run's databases are.
    fn same(w: &World, name: &str) -> Db {
        Db::new(w, name, on_postgres())
    }

    fn config(&self) -> &str {
        self.config.to_str().expect("a UTF-8 temp path")
    }
}

impl Drop for Db {
    fn drop(&mut self) {
        if self.postgres {
            drop_postgres_database(&self.path);
        }
    }
}

/// Every table's row count, in `TABLES` order.
async fn counts(url: &str) -> Vec<(String, i64)> {
    let store = qmark::store::Store::open_read_only(url)
        .await
        .expect("the database opens");
    let mut out = Vec::new();
    for (table, _) in TABLES {
        let n: i64 =
            sqlx::query_scalar(sqlx::AssertSqlSafe(format!("SELECT COUNT(*) FROM {table}")))
                .fetch_one(store.pool())
                .await
                .expect("count");
        out.push((table.to_string(), n));
    }
    out
}

fn copy(from: &str, to: &str, more: &[&str]) -> std::process::Output {
    let mut args = vec!["db", "copy", "--from", from, "--to", to];
    args.extend(more);
    qmark(&args)
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// What qmark's own commands show of a database's cases.
fn shown_cases(config: &str, ids: &[i64]) -> Vec<Vec<u8>> {
    let mut out = vec![qmark(&["cases", "list", "--json", "--now", AT, "--config", config]).stdout];
    for id in ids {
        let id = id.to_string();
        out.push(
            qmark(&[
                "cases", "show", &id, "--json", "--now", AT, "--config", config,
            ])
            .stdout,
        );
        out.push(qmark(&["cases", "show", &id, "--raw", "--config", config]).stdout);
    }
    assert!(out.iter().all(|o| !o.is_empty()), "every command printed");
    out
}

/// Two complaints forwarded; the billing owner marks one urgent and answers it; the next
/// morning's digest; a consent and a webhook delivery as `qmark auth login` and a case event
/// store them. Returns the app and the shipping owner's forward (still unanswered).
async fn a_live_installation(w: &World) -> (App, Vec<u8>) {
    w.set_config(DIGEST);
    for (subject, body) in [
        (
            "Refund for a double charge",
            "I was charged twice for order 1182; please refund one.",
        ),
        (
            "Where is my package?",
            "The delivery tracking has not moved for a week.",
        ),
    ] {
        let raw = message(&w.customer(), &w.addr("ceo"), subject, body, "");
        w.deliver(&w.customer(), &raw).await;
    }
    let app = w.app().await;
    let t0 = now();
    assert_eq!(run_once(&app, t0).await.expect("run").process.new_cases, 2);
    let billing = w.wait_for("billing", 1).await.remove(0);
    let shipping = w.wait_for("shipping", 1).await.remove(0);
    for body in [
        "#urgent\n\ncharged twice",
        "We refunded the second payment today.",
    ] {
        let (to, reply) = reply_to_forward(&billing, &w.addr("billing"), body, "");
        w.deliver_to(&w.addr("billing"), &to, &reply).await;
        run_once(&app, t0).await.expect("run");
    }
    let digests = qmark::digest::digest_once(&app, t0 + chrono::Duration::days(1))
        .await
        .expect("digest");
    assert!(digests > 0, "the next morning's digest is queued");
    stored_by_other_commands(w, &app, t0).await;
    (app, shipping)
}

async fn stored_by_other_commands(w: &World, app: &App, t0: chrono::DateTime<chrono::Utc>) {
    let issued = qmark::store::grants::Issued {
        access_token: "access-token".into(),
        refresh_token: Some("refresh-token".into()),
        expires_at: Some(t0),
        scope: Some("https://mail.google.com/".into()),
    };
    qmark::store::grants::save_new(&app.store, &w.addr("ceo"), "client-id", &issued, t0)
        .await
        .expect("grant saved");
    let mut tx = app.store.write().await.expect("write");
    let delivery = qmark::store::NewDelivery {
        dedupe_key: "answer:1:hook",
        delivery_id: "d-1",
        url: "https://hooks.example/qmark",
        event: "answer",
        case_id: Some(1),
        body: "{\"event\":\"answer\"}",
    };
    qmark::store::insert_webhook_delivery(&mut tx, &delivery, t0)
        .await
        .expect("delivery queued");
    tx.commit().await.expect("commit");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn copy_moves_the_whole_history_and_the_moved_installation_carries_on() {
    let w = World::new();
    let (app, shipping_forward) = a_live_installation(&w).await;
    let source = app.config.database_url.clone();
    drop(app);
    let before = counts(&source).await;
    for (table, n) in &before {
        assert!(*n > 0, "the flow leaves rows in {table}: {before:?}");
    }

    let target = Db::other(&w, "moved");
    let out = copy(&source, &target.url, &[]);
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert!(out.status.success(), "{stdout}{stderr}");
    assert!(stderr.is_empty(), "nothing logged on success: {stderr}");
    for (table, n) in &before {
        let line = [table.clone(), n.to_string(), n.to_string()];
        assert!(
            stdout
                .lines()
                .any(|l| l.split_whitespace().eq(line.iter().map(String::as_str))),
            "a line `{table} {n} {n}` in:\n{stdout}"
        );
    }
    assert!(
        !format!("{stdout}{stderr}").contains(":qmark-test@"),
        "no password shown"
    );
    assert_eq!(counts(&target.url).await, before);
    let config = w.config_path.to_str().expect("a UTF-8 temp path");
    assert_eq!(
        shown_cases(config, &[1, 2]),
        shown_cases(target.config(), &[1, 2])
    );

    let moved = App::open(qmark::config::Config::load(&target.config).expect("config"))
        .await
        .expect("the moved installation opens");
    let (to, answer) = reply_to_forward(
        &shipping_forward,
        &w.addr("shipping"),
        "The courier has it; it arrives on Monday.",
        "",
    );
    w.deliver_to(&w.addr("shipping"), &to, &answer).await;
    let lamp = message(
        &w.customer(),
        &w.addr("ceo"),
        "Broken lamp",
        "It arrived broken.",
        "",
    );
    w.deliver(&w.customer(), &lamp).await;
    let out = run_once(&moved, now())
        .await
        .expect("the moved installation runs");
    assert_eq!(out.process.new_cases, 1, "old mail is not read again");
    let parcel = case_by_subject(&moved, "Where is my package?").await;
    assert_eq!(
        parcel.status,
        CaseStatus::Answered,
        "the old forward's token still works"
    );
    assert_eq!(case_by_subject(&moved, "Broken lamp").await.id, 3);
    let after = counts(&target.url).await;
    for table in ["messages", "raw_messages", "case_events", "outbox"] {
        let of = |c: &[(String, i64)]| c.iter().find(|(t, _)| t == table).map(|(_, n)| *n);
        assert!(
            of(&after) > of(&before),
            "new rows in {table} beside the copied ones"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_target_holding_data_is_refused_unless_replaced_and_a_running_source_too() {
    let w = World::new();
    let (app, _) = open_one(&w, "", "Refund for a double charge", "Charged twice.").await;
    let source = app.config.database_url.clone();
    drop(app);
    let target = Db::other(&w, "target");
    assert!(copy(&source, &target.url, &[]).status.success());
    let copied = counts(&target.url).await;

    let again = copy(&source, &target.url, &[]);
    let said = text(&again.stderr);
    assert!(!again.status.success());
    assert_eq!(said.lines().count(), 1, "one line: {said}");
    assert!(
        said.contains("already holds data") && said.contains("--replace"),
        "{said}"
    );
    assert_eq!(counts(&target.url).await, copied, "nothing merged");

    let replaced = copy(&source, &target.url, &["--replace"]);
    assert!(replaced.status.success(), "{}", text(&replaced.stderr));
    assert_eq!(counts(&target.url).await, copied, "replaced, not merged");

    // A daemon on the source: the copy waits for nobody and changes nothing.
    let lock = qmark::runlock::acquire_any(&source)
        .await
        .expect("the run lock");
    let busy = copy(&source, &target.url, &["--replace"]);
    let said = text(&busy.stderr);
    assert!(!busy.status.success());
    assert!(
        said.contains("source (--from) is in use") && said.contains("stop it"),
        "{said}"
    );
    drop(lock);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_copy_and_a_copy_back_give_the_same_history() {
    let w = World::new();
    let (app, _) = open_one(
        &w,
        DIGEST,
        "Where is my package?",
        "No tracking for a week.",
    )
    .await;
    let source = app.config.database_url.clone();
    drop(app);
    let there = Db::other(&w, "there");
    let back = Db::same(&w, "back");
    assert!(copy(&source, &there.url, &[]).status.success());
    let out = copy(&there.url, &back.url, &[]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(counts(&back.url).await, counts(&source).await);
    let config = w.config_path.to_str().expect("a UTF-8 temp path");
    assert_eq!(shown_cases(config, &[1]), shown_cases(back.config(), &[1]));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_urls_are_refused_in_one_line_without_the_password() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("q.db");
    let sqlite = format!("sqlite://{}", file.display());
    let good = postgres_database(&dir.path().join("pg.db"));
    let wrong = good.replace(":qmark-test@", ":wrong-secret@");
    for (from, to, says) in [
        (
            "mysql://db/qmark",
            sqlite.as_str(),
            "--from must be a database URL",
        ),
        (sqlite.as_str(), "qmark.db", "--to must be a database URL"),
        (sqlite.as_str(), good.as_str(), "there is no database at"),
        ("sqlite::memory:", good.as_str(), "in-memory"),
        (
            wrong.as_str(),
            sqlite.as_str(),
            "password authentication failed",
        ),
    ] {
        let out = copy(from, to, &[]);
        let said = text(&out.stderr);
        assert!(!out.status.success(), "{from} -> {to}");
        assert_eq!(said.lines().count(), 1, "one line: {said}");
        assert!(said.contains(says), "{from} -> {to}: {said}");
        assert!(
            !said.contains("wrong-secret") && !said.contains("qmark-test"),
            "{said}"
        );
    }
    assert!(!file.exists(), "a refused copy creates no database");
    drop_postgres_database(&dir.path().join("pg.db"));
}

/// A PostgreSQL database the company's other software shares holds tables that are not
/// qmark's: the copy names them, leaves them as they are (with `--replace` too) and copies
/// qmark's own. The source's run backend; the target of the other kind.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tables_of_other_systems_are_left_alone_on_both_sides() {
    let w = World::new();
    let (app, _) = open_one(&w, "", "Refund for a double charge", "Charged twice.").await;
    let source = app.config.database_url.clone();
    drop(app);
    let target = Db::other(&w, "shared");
    for (url, table) in [(&source, "erp_invoices"), (&target.url, "crm_contacts")] {
        let store = qmark::store::Store::open(url).await.expect("opens");
        for sql in [
            format!("CREATE TABLE {table} (id BIGINT PRIMARY KEY, name TEXT NOT NULL)"),
            format!("INSERT INTO {table} (id, name) VALUES (7, 'not qmark''s')"),
        ] {
            sqlx::query(sqlx::AssertSqlSafe(sql))
                .execute(store.pool())
                .await
                .expect("another system's table");
        }
    }
    for more in [&[][..], &["--replace"][..]] {
        let out = copy(&source, &target.url, more);
        let said = text(&out.stdout);
        assert!(out.status.success(), "{said}{}", text(&out.stderr));
        assert!(
            said.contains("left alone, not qmark's: erp_invoices (source), crm_contacts (target)"),
            "{said}"
        );
        assert_eq!(counts(&target.url).await, counts(&source).await, "{more:?}");
        let store = qmark::store::Store::open_read_only(&target.url)
            .await
            .expect("opens");
        let kept: Vec<(i64, String)> = sqlx::query_as("SELECT id, name FROM crm_contacts")
            .fetch_all(store.pool())
            .await
            .expect("still there");
        assert_eq!(kept, vec![(7, "not qmark's".to_string())], "{more:?}");
        let made: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM cases")
            .fetch_one(store.pool())
            .await
            .expect("count");
        assert_eq!(made, 1);
    }
}
