//! Duplicates are the same message (issue 11, finding 4): a copy of a message is taken once,
//! however it came back, but a different message that reuses a Message-ID is never mistaken
//! for a copy and dropped.

use qmark::runner::run_once;

use crate::support::*;

async fn count(app: &qmark::app::App, sql: &'static str) -> i64 {
    sqlx::query_scalar(sql)
        .fetch_one(app.store.pool())
        .await
        .expect("count query")
}

fn with_message_id(from: &str, to: &str, subject: &str, body: &str, mid: &str) -> Vec<u8> {
    format!(
        "From: {from}\r\nTo: {to}\r\nSubject: {subject}\r\nMessage-ID: <{mid}>\r\nDate: Mon, 23 Nov 2026 09:00:00 +0000\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n{body}\r\n"
    )
    .into_bytes()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_different_messages_with_one_message_id_from_different_senders_are_two_cases_both_forwarded()
 {
    let w = World::new();
    let ceo = w.addr("ceo");
    let mid = format!("{}shared@client.example", w.prefix);
    let customer = with_message_id(
        &w.customer(),
        &ceo,
        "Charged twice",
        "I was charged twice for order 4471, please refund the payment.",
        &mid,
    );
    let stranger = format!("{}stranger@elsewhere.example", w.prefix);
    let reused = with_message_id(
        &stranger,
        &ceo,
        "Where is my package",
        "My delivery never arrived and the courier tracking is stuck.",
        &mid,
    );
    w.deliver(&w.customer(), &customer).await;
    w.deliver(&stranger, &reused).await;

    let app = w.app().await;
    let outcome = run_once(&app, now()).await.expect("run once");
    assert_eq!(
        (
            outcome.ingest.stored,
            outcome.ingest.duplicates,
            outcome.process.new_cases
        ),
        (2, 0, 2),
        "the second message is its own message and its own case"
    );
    let billing = w.wait_for("billing", 1).await;
    let shipping = w.wait_for("shipping", 1).await;
    assert!(parsed(&billing[0]).text.contains("charged twice"));
    assert!(parsed(&shipping[0]).text.contains("courier tracking"));
    let cases = app.store.list_cases(None, now()).await.expect("list");
    let customers: Vec<&str> = cases.iter().map(|c| c.customer_text()).collect();
    assert_eq!(customers, vec![w.customer().as_str(), stranger.as_str()]);

    // The customer's own thread still leads to the customer's case: a follow-up quoting the
    // shared Message-ID joins case 1, not the stranger's.
    let follow_up = format!(
        "From: {}\r\nTo: {ceo}\r\nSubject: Re: Charged twice\r\nMessage-ID: <{}followup@client.example>\r\nIn-Reply-To: <{mid}>\r\nReferences: <{mid}>\r\nDate: Mon, 23 Nov 2026 11:00:00 +0000\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nAny news on my refund?\r\n",
        w.customer(),
        w.prefix
    );
    w.deliver(&w.customer(), follow_up.as_bytes()).await;
    let outcome = run_once(&app, now()).await.expect("run once");
    assert_eq!(outcome.process.new_cases, 0, "the follow-up opens no case");
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM messages WHERE case_id = 1").await,
        2,
        "the complaint and its follow-up are on the customer's case"
    );
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM messages WHERE case_id = 2").await,
        1,
        "the stranger's case has only the stranger's message"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_same_message_delivered_again_exactly_or_with_other_trace_headers_is_one_case() {
    let w = World::new();
    let ceo = w.addr("ceo");
    let raw = message(
        &w.customer(),
        &ceo,
        "Refund please",
        "I was charged twice for my order, please refund me.",
        "",
    );
    // The same bytes twice, the same message behind an extra Received line, and a copy
    // through Postfix (which adds its own Received, Return-Path and Delivered-To).
    append_to_inbox(&ceo, std::slice::from_ref(&raw)).await;
    append_to_inbox(&ceo, std::slice::from_ref(&raw)).await;
    let mut relayed =
        b"Received: from relay.customer.example (relay [192.0.2.7]) by mx.example.test; Mon, 23 Nov 2026 09:00:05 +0000\r\n".to_vec();
    relayed.extend_from_slice(&raw);
    append_to_inbox(&ceo, std::slice::from_ref(&relayed)).await;
    w.deliver(&w.customer(), &raw).await;

    let app = w.app().await;
    let outcome = run_once(&app, now()).await.expect("run once");
    assert_eq!(
        (
            outcome.ingest.fetched,
            outcome.ingest.stored,
            outcome.ingest.duplicates,
            outcome.process.new_cases
        ),
        (4, 1, 3, 1)
    );
    w.wait_for("billing", 1).await;

    // Another copy after the first was processed is still the same message.
    w.deliver(&w.customer(), &raw).await;
    let outcome = run_once(&app, now()).await.expect("run once");
    assert_eq!((outcome.ingest.stored, outcome.ingest.duplicates), (0, 1));
    assert_eq!(count(&app, "SELECT COUNT(*) FROM cases").await, 1);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM messages").await, 1);
    assert_eq!(w.settled("billing").await.len(), 1, "one forward");
}

/// Finding 9 of round four: mail without a Message-ID (webforms, old scripts) re-delivered by
/// another path is the same message when its From, subject, text and Date agree; the same words
/// sent again later (another Date) and undated mail are not dropped.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_copy_of_mail_without_a_message_id_is_taken_once_and_a_second_sending_is_kept() {
    let w = World::new();
    let ceo = w.addr("ceo");
    let customer = w.customer();
    let form = |date: &str| {
        format!(
            "From: {customer}\r\nTo: {ceo}\r\nSubject: Contact form: refund\r\n{date}MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nI was charged twice for my order, please refund me.\r\n"
        )
        .into_bytes()
    };
    let raw = form("Date: Mon, 23 Nov 2026 09:00:00 +0000\r\n");
    let mut relayed =
        b"Received: from relay.customer.example (relay [192.0.2.7]) by mx.example.test; Mon, 23 Nov 2026 09:00:05 +0000\r\n".to_vec();
    relayed.extend_from_slice(&raw);
    let sent_again = form("Date: Mon, 23 Nov 2026 11:00:00 +0000\r\n");
    let undated = form("");
    let mut undated_relayed = b"Received: from relay.customer.example\r\n".to_vec();
    undated_relayed.extend_from_slice(&undated);
    append_to_inbox(
        &ceo,
        &[raw.clone(), relayed, sent_again, undated, undated_relayed],
    )
    .await;

    let app = w.app().await;
    let outcome = run_once(&app, now()).await.expect("run once");
    assert_eq!(
        (
            outcome.ingest.fetched,
            outcome.ingest.stored,
            outcome.ingest.duplicates
        ),
        (5, 4, 1),
        "the relayed copy is the one duplicate"
    );
    let mut later = b"Received: from backup-mx.example\r\n".to_vec();
    later.extend_from_slice(&raw);
    append_to_inbox(&ceo, &[later]).await;
    let outcome = run_once(&app, now()).await.expect("run once");
    assert_eq!((outcome.ingest.stored, outcome.ingest.duplicates), (0, 1));
    assert_eq!(count(&app, "SELECT COUNT(*) FROM messages").await, 4);
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM messages WHERE copy_key IS NOT NULL"
        )
        .await,
        2,
        "the two dated messages"
    );
}
