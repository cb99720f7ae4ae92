//! The loop end to end: a complaint forwarded, answered, escalated, counted in the digest;
//! duplicates, crashes and the daemon.

use std::time::Duration as StdDuration;

use chrono::Duration;
use qmark::runner::run_once;

use crate::support::*;

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
    assert_eq!(
        case.status,
        CaseStatus::Open,
        "a stranger's reply changes nothing"
    );
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
    assert_eq!(case.status, CaseStatus::Answered);
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
    sqlx::query_scalar("SELECT next_due_at FROM cases WHERE id = $1")
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
    assert_eq!(
        next_due(&app, case.id).await,
        Some(qmark::store::ts(case.deadline))
    );

    // Any write that moves the case's clock puts it back to '' (due now, worked out again),
    // even one that knows nothing about next_due_at.
    sqlx::query("UPDATE cases SET deadline = '2030-01-01T00:00:00.000Z' WHERE id = $1")
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
    assert_eq!(
        case.status,
        CaseStatus::Open,
        "an out-of-office is not an answer"
    );
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
        let got = qmark::ingest::ingest_once(&app, &app.config.inbox, &mut session, now())
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

/// Issue 15: a batch is prepared on several threads; the writer must still take the messages
/// in the mailbox's order, so case numbers, deadlines and a customer's follow-ups come out as
/// one thread would have made them.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_batch_prepared_on_several_threads_becomes_cases_in_the_mailbox_s_order() {
    let w = World::new();
    let n = 13;
    for i in 1..=n {
        let raw = complaint(
            &format!("customer{i}@customer.example"),
            &format!("Refund for order {i}"),
            &format!("I was charged twice for order {i}. Please refund the second charge."),
        );
        w.send(
            &format!("customer{i}@customer.example"),
            &w.addr("ceo"),
            &raw,
        )
        .await;
        w.wait_for("ceo", i).await;
    }
    let app = w.app().await;
    let outcome = run_once(&app, now()).await.expect("run once");
    assert_eq!(outcome.process.new_cases, n);
    let subjects: Vec<String> = app
        .store
        .list_cases(None, now())
        .await
        .expect("list")
        .into_iter()
        .map(|c| c.subject)
        .collect();
    let expected: Vec<String> = (1..=n).map(|i| format!("Refund for order {i}")).collect();
    assert_eq!(subjects, expected);
}
