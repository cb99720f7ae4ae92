//! Issue 11's adversarial suite: a public address is read by the whole internet, so every test
//! here is an attack sent through the real Postfix and Dovecot — forged From lines, stolen and
//! replayed tokens, forged out-of-office mail and bounces, forged Authentication-Results,
//! digest commands from the wrong people, header injection, loops and floods. Each asserts that
//! the attack was refused (database and mailboxes) and, where there is one, that the
//! legitimate path still works, so that every test can fail.
//!
//! Outsiders are `<prefix>who@evil.example` and the like: Postfix rewrites every non-local
//! recipient into the shared `outside@` mailbox, so a test can read what an outsider got by
//! filtering that mailbox on its own prefixed address.

use std::time::Duration as StdDuration;

use chrono::{DateTime, Duration, Utc};
use qmark::app::App;
use qmark::runner::run_once;

use crate::support::*;

// ---- helpers --------------------------------------------------------------------------------

/// An address outside the company, unique to this world.
fn outsider(w: &World, who: &str, domain: &str) -> String {
    format!("{}{who}@{domain}", w.prefix)
}

/// The public address with a +tag (`ceo+q1-…@`).
fn public_with(w: &World, tag: &str) -> String {
    w.addr("ceo").replacen('@', &format!("+{tag}@"), 1)
}

/// The address in a mail's Reply-To.
fn reply_to_of(raw: &[u8]) -> String {
    header(raw, "Reply-To")
        .expect("qmark's mail has a Reply-To")
        .trim_matches(['<', '>'])
        .to_string()
}

/// The +tag (token) of a mail's Reply-To.
fn token_of(raw: &[u8]) -> String {
    let to = reply_to_of(raw);
    let local = to.split('@').next().unwrap_or("");
    local
        .split_once('+')
        .map(|(_, t)| t.to_string())
        .expect("the Reply-To carries a token")
}

fn mid_of(raw: &[u8]) -> String {
    header(raw, "Message-ID").expect("the mail has a Message-ID")
}

/// The header block of a raw mail, lower-cased.
fn head_lower(raw: &[u8]) -> String {
    let text = String::from_utf8_lossy(raw);
    let end = text.find("\r\n\r\n").or_else(|| text.find("\n\n"));
    text[..end.unwrap_or(text.len())].to_lowercase()
}

async fn run(app: &App) -> qmark::runner::Outcome {
    run_once(app, now()).await.expect("run once")
}

async fn case(app: &App, id: i64) -> qmark::store::CaseRow {
    app.store
        .case(id)
        .await
        .expect("case")
        .unwrap_or_else(|| panic!("case {id} exists"))
}

async fn all_cases(app: &App) -> Vec<qmark::store::CaseRow> {
    app.store
        .list_cases(None, now() + Duration::days(400))
        .await
        .expect("list cases")
}

/// Every outbox row: (case, purpose, recipients, status).
async fn outbox(app: &App) -> Vec<(Option<i64>, String, String, String)> {
    sqlx::query_as("SELECT case_id, purpose, recipients, status FROM outbox ORDER BY id")
        .fetch_all(app.store.pool())
        .await
        .expect("outbox rows")
}

/// Outbox rows whose recipients mention `needle` (case-insensitive).
async fn outbox_to(app: &App, needle: &str) -> Vec<(Option<i64>, String, String, String)> {
    let needle = needle.to_lowercase();
    outbox(app)
        .await
        .into_iter()
        .filter(|r| r.2.to_lowercase().contains(&needle))
        .collect()
}

async fn count_kind(app: &App, case_id: i64, kind: &str) -> usize {
    kinds(app, case_id)
        .await
        .iter()
        .filter(|k| *k == kind)
        .count()
}

/// What an outsider received: the mail in the shared outside@ mailbox addressed to `addr` —
/// in To, Cc or Bcc, or as the envelope recipient Postfix names in its `Received: … for <addr>`
/// (so a mention in a Subject does not count).
async fn outside_mail_to(addr: &str) -> Vec<Vec<u8>> {
    let addr = addr.to_lowercase();
    read_inbox(&format!("outside@{DOMAIN}"))
        .await
        .into_iter()
        .filter(|m| {
            let head = head_lower(m)
                .replace("\r\n\t", " ")
                .replace("\r\n ", " ")
                .replace("\n\t", " ")
                .replace("\n ", " ");
            head.lines().any(|l| {
                (["to:", "cc:", "bcc:"].iter().any(|h| l.starts_with(h)) && l.contains(&addr))
                    || (l.starts_with("received:") && l.contains(&format!("for <{addr}>")))
            })
        })
        .collect()
}

/// Wait up to `secs` for an outsider to hold `n` mails.
async fn wait_outside(addr: &str, n: usize, secs: u64) -> Vec<Vec<u8>> {
    let mut got = Vec::new();
    for _ in 0..secs * 10 {
        got = outside_mail_to(addr).await;
        if got.len() >= n {
            break;
        }
        tokio::time::sleep(StdDuration::from_millis(100)).await;
    }
    got
}

/// Wait up to `secs` for a role's mailbox to hold `n` mails.
async fn wait_long(w: &World, role: &str, n: usize, secs: u64) -> Vec<Vec<u8>> {
    let mut got = Vec::new();
    for _ in 0..secs * 4 {
        got = w.mailbox(role).await;
        if got.len() >= n {
            break;
        }
        tokio::time::sleep(StdDuration::from_millis(250)).await;
    }
    got
}

/// A mail forwarded to the public address with `? <owner>` on its first line and the original
/// (from `original_from`) attached, as the executives route by hand.
fn hand_routed(
    w: &World,
    from: &str,
    to: &str,
    owner: &str,
    original_from: &str,
    extra: &str,
) -> Vec<u8> {
    let n = rand::random::<u32>();
    let original = message(
        original_from,
        &w.addr("founder"),
        &format!("Account problem {n}"),
        "Please help me with my account.",
        "",
    );
    let mut fwd = format!(
        "{extra}From: {from}\r\nTo: {to}\r\nSubject: Fwd: Account problem {n}\r\nMessage-ID: <{r:x}@example.test>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"m1\"\r\n\r\n--m1\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n? {owner} please handle\r\n\r\n--m1\r\nContent-Type: message/rfc822\r\n\r\n",
        r = rand::random::<u64>(),
    )
    .into_bytes();
    fwd.extend_from_slice(&original);
    fwd.extend_from_slice(b"\r\n--m1--\r\n");
    fwd
}

/// Open one billing case and return the app, the complaint and the owner's `?` forward.
async fn billing_case(w: &World, config: &str) -> (App, Vec<u8>, Vec<u8>) {
    let (app, raw) = open_one(w, config, "Refund please", "I want a refund for order 77.").await;
    let forward = w.wait_for("billing", 1).await.remove(0);
    (app, raw, forward)
}

/// The customer's acknowledgment (acknowledgments must be on).
async fn ack_of(w: &World) -> Vec<u8> {
    for _ in 0..100 {
        let got = w.customer_mail().await;
        if let Some(a) = got.into_iter().next() {
            return a;
        }
        tokio::time::sleep(StdDuration::from_millis(100)).await;
    }
    panic!("the customer never got an acknowledgment");
}

const ACK_ON: &str = "[acknowledgment]\nenabled = true\n";
const TRUSTED: &str = "[security]\ntrusted_authserv_id = \"mx.example.test\"\n";

// ---- 1. routing by hand ------------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_forged_executive_cannot_route_a_forwarded_mail_to_an_outsider_who_then_mails_the_victim()
{
    let w = World::new();
    let evil = outsider(&w, "mallory", "evil.example");
    let victim = outsider(&w, "victim", "bank.example");
    let raw = hand_routed(&w, &w.addr("founder"), &w.addr("ceo"), &evil, &victim, "");
    w.deliver(&evil, &raw).await;
    let app = w.app().await;
    run(&app).await;
    let cases = all_cases(&app).await;
    assert_eq!(cases.len(), 1);
    let c = &cases[0];
    assert_ne!(c.owner, evil, "no case is owned by the outsider");
    assert_eq!(c.owner, w.addr("triage"));
    assert_ne!(
        c.customer_text(),
        victim,
        "an unproven routing request does not make the victim a customer"
    );
    let routed = app
        .store
        .events(c.id)
        .await
        .expect("events")
        .into_iter()
        .find(|e| e.kind == "routed")
        .map(|e| e.detail)
        .unwrap_or_default();
    assert!(routed.contains("unverified routing request"), "{routed}");
    // The attacker follows up as the executive, asking qmark to `#reply` to the victim.
    let phish = message(
        &w.addr("founder"),
        &w.addr("ceo"),
        &format!("Re: ? {} [#{}]", c.subject, c.id),
        "#reply\r\nYour account is locked. Log in at http://phish.example/login to unlock it.",
        "",
    );
    w.deliver(&evil, &phish).await;
    run(&app).await;
    assert!(
        outbox_to(&app, &evil).await.is_empty(),
        "nothing queued to the outsider"
    );
    assert!(
        outbox_to(&app, &victim).await.is_empty(),
        "nothing queued to the victim"
    );
    assert!(
        outbox(&app).await.iter().all(|r| r.1 != "customer_reply"),
        "the public address relayed nothing"
    );
    assert_ne!(case(&app, c.id).await.status, CaseStatus::Answered);
    // The legitimate path: triage has the `?`, and one notice that a reply in the founder's
    // name came without a token, which does not quote it.
    w.wait_for("triage", 2).await;
    let triage = w.settled("triage").await;
    assert_eq!(triage.len(), 2, "{:?}", subjects(&triage));
    assert_eq!(
        subjects(&triage)
            .iter()
            .filter(|s| s.starts_with("? "))
            .count(),
        1
    );
    let notice = triage
        .iter()
        .map(|m| parsed(m))
        .find(|m| m.subject.starts_with("qmark did not count a reply"))
        .expect("the notice");
    assert!(!notice.text.contains("phish.example"), "{}", notice.text);
    assert!(outside_mail_to(&evil).await.is_empty());
    assert!(outside_mail_to(&victim).await.is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_forged_executive_with_a_passing_verdict_from_an_untrusted_server_routes_nothing() {
    let w = World::new();
    w.set_config(TRUSTED);
    let evil = outsider(&w, "mallory", "evil.example");
    let victim = outsider(&w, "victim", "bank.example");
    let foreign = "Authentication-Results: mx.evil.example; spf=pass smtp.mailfrom=example.test; dkim=pass header.d=example.test\r\n";
    w.deliver(
        &evil,
        &hand_routed(
            &w,
            &w.addr("founder"),
            &w.addr("ceo"),
            &w.addr("quality"),
            &victim,
            foreign,
        ),
    )
    .await;
    // The trusted id as a prefix of the attacker's own server name.
    let prefixed = "Authentication-Results: mx.example.test.evil.example; spf=pass smtp.mailfrom=example.test\r\n";
    w.deliver(
        &evil,
        &hand_routed(
            &w,
            &w.addr("founder"),
            &w.addr("ceo"),
            &w.addr("quality"),
            &victim,
            prefixed,
        ),
    )
    .await;
    // The receiving server's own verdict on top says fail; the forged pass lies below it.
    let below = format!(
        "Authentication-Results: mx.example.test; spf=fail smtp.mailfrom={evil}; dkim=none\r\nAuthentication-Results: mx.example.test; spf=pass smtp.mailfrom=example.test\r\n"
    );
    w.deliver(
        &evil,
        &hand_routed(
            &w,
            &w.addr("founder"),
            &w.addr("ceo"),
            &w.addr("quality"),
            &victim,
            &below,
        ),
    )
    .await;
    let app = w.app().await;
    run(&app).await;
    let cases = all_cases(&app).await;
    assert_eq!(cases.len(), 3);
    for c in &cases {
        assert_eq!(c.owner, w.addr("triage"), "case {}", c.id);
        assert_ne!(c.customer_text(), victim, "case {}", c.id);
    }
    assert!(outbox_to(&app, &victim).await.is_empty());
    assert_eq!(w.settled("quality").await.len(), 0, "quality got nothing");
    // The legitimate path: the receiving server's own pass on top routes the mail.
    let pass = "Authentication-Results: mx.example.test; spf=pass smtp.mailfrom=example.test\r\n";
    w.deliver(
        &w.addr("founder"),
        &hand_routed(
            &w,
            &w.addr("founder"),
            &w.addr("ceo"),
            &w.addr("quality"),
            &victim,
            pass,
        ),
    )
    .await;
    run(&app).await;
    assert_eq!(w.wait_for("quality", 1).await.len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_non_executive_employee_routing_by_hand_files_an_ordinary_complaint() {
    let w = World::new();
    w.set_config(TRUSTED);
    let victim = outsider(&w, "victim", "bank.example");
    // The owner of billing, proven by the server, asks for quality by hand, with a forwarded
    // mail about a package.
    let pass = "Authentication-Results: mx.example.test; spf=pass smtp.mailfrom=example.test\r\n";
    let raw = String::from_utf8(hand_routed(
        &w,
        &w.addr("billing"),
        &w.addr("ceo"),
        &w.addr("quality"),
        &victim,
        pass,
    ))
    .expect("utf-8")
    .replace("Account problem", "Package never arrived");
    w.deliver(&w.addr("billing"), raw.as_bytes()).await;
    let app = w.app().await;
    run(&app).await;
    let c = case1(&app).await;
    assert_ne!(c.owner, w.addr("quality"), "only executives route by hand");
    assert_eq!(
        c.customer_text(),
        w.addr("billing"),
        "the writer is the customer, not the forwarded sender"
    );
    let events = app.store.events(1).await.expect("events");
    assert!(
        events.iter().all(|e| !e.detail.contains("routed by hand")),
        "{events:?}"
    );
    assert_eq!(w.settled("quality").await.len(), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_only_configured_people_as_colleagues_an_in_domain_stranger_gets_no_case() {
    let w = World::new();
    let (app, _, forward) = billing_case(&w, "[company]\ndomains = []\n").await;
    // The real owner tries to hand the case to mallory@example.test, not a configured person.
    let (to, bad) = reply_to_forward(
        &forward,
        &w.addr("billing"),
        &format!("#reassign {}", w.addr("mallory")),
        "",
    );
    w.deliver_to(&w.addr("billing"), &to, &bad).await;
    run(&app).await;
    assert_eq!(case1(&app).await.owner, w.addr("billing"));
    // A proven executive (their own digest token) routes a new mail to mallory by hand.
    let founder = qmark::mail::address::Address::parse(&w.addr("founder")).expect("address");
    let to = public_with(&w, &app.digest_token(&founder));
    let cust = outsider(&w, "jane", "customer.example");
    w.deliver_to(
        &w.addr("founder"),
        &to,
        &hand_routed(&w, &w.addr("founder"), &to, &w.addr("mallory"), &cust, ""),
    )
    .await;
    run(&app).await;
    let cases = all_cases(&app).await;
    assert!(
        cases.iter().all(|c| c.owner != w.addr("mallory")),
        "{cases:?}"
    );
    assert!(outbox_to(&app, &w.addr("mallory")).await.is_empty());
    assert!(w.settled("mallory").await.is_empty(), "mallory got nothing");
    // The legitimate path: a configured person takes the case.
    let (to, good) = reply_to_forward(
        &forward,
        &w.addr("billing"),
        &format!("#reassign {}", w.addr("quality")),
        "",
    );
    w.deliver_to(&w.addr("billing"), &to, &good).await;
    run(&app).await;
    assert_eq!(case1(&app).await.owner, w.addr("quality"));
}

/// An executive's forward written inline, as Gmail, Outlook and Apple Mail write it.
fn inline_forward(from: &str, to: &str, owner: &str, opener: &str, customer: &str) -> Vec<u8> {
    let body = format!(
        "? {owner} please handle\r\n\r\n{opener}\r\nFrom: Bob Lee <{customer}>\r\nSubject: Parcel missing\r\n\r\nWhere is my parcel? Order 4411.\r\n"
    );
    message(from, to, "Fwd: Parcel missing", &body, "")
}

/// Attack round six: the first, unproven try of an executive went to triage with them as its
/// customer; the proven retry with the same subject was then taken as a reply on that case and
/// refused, so the customer's complaint reached nobody. And an inline forward made the
/// executive the customer instead of the person whose mail they forwarded.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_proven_retry_of_a_routing_by_hand_opens_the_forwarded_senders_case() {
    let w = World::new();
    let (app, _, _) = billing_case(&w, "").await;
    let founder = w.addr("founder");
    let bob = outsider(&w, "bob", "customer.example");
    let gmail = "---------- Forwarded message ---------";
    // Unproven: to the plain public address. Triage, the founder as its customer.
    let plain = inline_forward(&founder, &w.addr("ceo"), &w.addr("shipping"), gmail, &bob);
    w.deliver_to(&founder, &w.addr("ceo"), &plain).await;
    run(&app).await;
    let unproven = case(&app, 2).await;
    assert_eq!(unproven.route, "triage");
    // Proven: to the founder's digest address, the same subject.
    let address = qmark::mail::address::Address::parse(&founder).expect("address");
    let to = public_with(&w, &app.digest_token(&address));
    let proven = inline_forward(&founder, &to, &w.addr("shipping"), gmail, &bob);
    w.deliver_to(&founder, &to, &proven).await;
    // Another customer's mail forwarded the same way, Outlook style, with the same subject.
    let carol = outsider(&w, "carol", "customer.example");
    let outlook = "-----Original Message-----";
    let second = inline_forward(&founder, &to, &w.addr("shipping"), outlook, &carol);
    w.deliver_to(&founder, &to, &second).await;
    // A colleague's forward, forwarded on by the founder: the customer is the first sender
    // outside the company, not the colleague (attack round seven).
    let dave = outsider(&w, "dave", "customer.example");
    let nested = format!(
        "? {} please handle\r\n\r\n{gmail}\r\nFrom: Quality <{}>\r\nSubject: Fwd: Parcel missing\r\n\r\nFYI\r\n\r\n{gmail}\r\nFrom: Dave <{dave}>\r\nSubject: Parcel missing\r\n\r\nStill no parcel.\r\n",
        w.addr("shipping"),
        w.addr("quality")
    );
    let third = message(&founder, &to, "Fwd: Fwd: Parcel missing", &nested, "");
    w.deliver_to(&founder, &to, &third).await;
    run(&app).await;
    let cases = all_cases(&app).await;
    let shipping: Vec<_> = cases.iter().filter(|c| c.route == "shipping").collect();
    let customers: Vec<String> = shipping
        .iter()
        .filter_map(|c| c.customer_address.as_ref().map(ToString::to_string))
        .collect();
    assert_eq!(customers, vec![bob, carol, dave], "{cases:?}");
    assert!(shipping.iter().all(|c| c.owner == w.addr("shipping")));
    assert_eq!(
        count_kind(&app, 2, "unauthorized_reply").await,
        0,
        "{:?}",
        kinds(&app, 2).await
    );
    assert_eq!(w.wait_for("shipping", 3).await.len(), 3);
}

// ---- 2. tokens bind a person -----------------------------------------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_customer_cannot_close_their_case_with_their_own_token_and_a_forged_owner_from() {
    let w = World::new();
    let (app, _, forward) = billing_case(&w, ACK_ON).await;
    let ack = ack_of(&w).await;
    for body in [
        "#resolve",
        "#reassign mallory@evil.example",
        "#reply\r\nWe will refund you twice.",
    ] {
        let (to, forged) = reply_to_forward(&ack, &w.addr("billing"), body, "");
        w.deliver_to(&w.customer(), &to, &forged).await;
    }
    run(&app).await;
    let c = case1(&app).await;
    assert_eq!(
        c.status,
        CaseStatus::Open,
        "the customer's token closed nothing"
    );
    assert_eq!(c.owner, w.addr("billing"));
    assert!(
        count_kind(&app, 1, "unauthorized_reply").await >= 3,
        "{:?}",
        kinds(&app, 1).await
    );
    assert!(outbox(&app).await.iter().all(|r| r.1 != "customer_reply"));
    // The legitimate path: the owner's own token closes it.
    let (to, close) = reply_to_forward(&forward, &w.addr("billing"), "#resolve", "");
    w.deliver_to(&w.addr("billing"), &to, &close).await;
    run(&app).await;
    assert_eq!(case1(&app).await.status, CaseStatus::Closed);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_token_replayed_on_another_case_with_its_mac_kept_does_nothing() {
    let w = World::new();
    w.set_config("");
    let app = w.app().await;
    let other = outsider(&w, "cust2", "customer.example");
    w.deliver(
        &w.customer(),
        &message(
            &w.customer(),
            &w.addr("ceo"),
            "Refund please",
            "refund for order 1",
            "",
        ),
    )
    .await;
    w.deliver(
        &other,
        &message(
            &other,
            &w.addr("ceo"),
            "Invoice is wrong",
            "my invoice shows the wrong payment",
            "",
        ),
    )
    .await;
    run(&app).await;
    let billing = w.wait_for("billing", 2).await;
    let of_case = |n: &str| {
        billing
            .iter()
            .find(|m| header(m, "X-Qmark-Case").as_deref() == Some(n))
            .cloned()
            .expect("a forward per case")
    };
    let (f1, f2) = (of_case("1"), of_case("2"));
    let t1 = token_of(&f1);
    let t2 = token_of(&f2);
    let mac1 = t1.split_once('-').expect("q1-mac").1.to_string();
    let mac2 = t2.split_once('-').expect("q2-mac").1.to_string();
    // Case 1's MAC on case 2, and case 2's MAC on case 1.
    for tag in [format!("q2-{mac1}"), format!("q1-{mac2}")] {
        let to = public_with(&w, &tag);
        let forged = message(&w.addr("billing"), &to, "Re: hello", "#close", "");
        w.deliver_to(&w.addr("mallory"), &to, &forged).await;
    }
    run(&app).await;
    assert_eq!(case(&app, 1).await.status, CaseStatus::Open);
    assert_eq!(case(&app, 2).await.status, CaseStatus::Open);
    // The legitimate path: case 2's own token closes case 2, and only it.
    let (to, close) = reply_to_forward(&f2, &w.addr("billing"), "#close", "");
    w.deliver_to(&w.addr("billing"), &to, &close).await;
    run(&app).await;
    assert_eq!(case(&app, 2).await.status, CaseStatus::Closed);
    assert_eq!(case(&app, 1).await.status, CaseStatus::Open);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_colleague_holding_the_owners_forwarded_question_mark_mail_cannot_answer_or_command() {
    let w = World::new();
    let (app, _, forward) = billing_case(&w, "").await;
    // The owner forwarded their `?` to quality, who replies to it (keeping billing's token).
    for body in [
        "Refunded in full, all done.",
        "#close",
        &format!("#reassign {}", w.addr("quality")),
    ] {
        let (to, r) = reply_to_forward(&forward, &w.addr("quality"), body, "");
        w.deliver_to(&w.addr("quality"), &to, &r).await;
    }
    run(&app).await;
    let c = case1(&app).await;
    assert_eq!(
        (c.status.as_str(), c.owner.as_str()),
        ("open", w.addr("billing").as_str())
    );
    assert!(count_kind(&app, 1, "unauthorized_reply").await >= 3);
    assert!(
        outbox(&app).await.iter().all(|r| r.1 != "answer_copy"),
        "no answer copy for a colleague's reply"
    );
    // The legitimate path: the owner answers.
    let (to, r) = reply_to_forward(&forward, &w.addr("billing"), "Refunded in full today.", "");
    w.deliver_to(&w.addr("billing"), &to, &r).await;
    run(&app).await;
    assert_eq!(case1(&app).await.status, CaseStatus::Answered);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_executives_token_used_with_the_owners_from_acts_for_nobody() {
    let w = World::new();
    let (app, _, forward) = billing_case(&w, "").await;
    let (to, r) = reply_to_forward(&forward, &w.addr("billing"), "Refunded in full today.", "");
    w.deliver_to(&w.addr("billing"), &to, &r).await;
    run(&app).await;
    assert_eq!(case1(&app).await.status, CaseStatus::Answered);
    // The executive's answer copy carries a token made for the executive.
    let copy = w.wait_for("founder", 1).await.remove(0);
    for body in ["#close", &format!("#reassign {}", w.addr("quality"))] {
        let (to, forged) = reply_to_forward(&copy, &w.addr("billing"), body, "");
        w.deliver_to(&w.addr("mallory"), &to, &forged).await;
    }
    run(&app).await;
    let c = case1(&app).await;
    assert_eq!(
        (c.status.as_str(), c.owner.as_str()),
        ("answered", w.addr("billing").as_str())
    );
    assert!(count_kind(&app, 1, "unauthorized_reply").await >= 2);
    // The legitimate path: the executive closes it with their own token.
    let (to, close) = reply_to_forward(&copy, &w.addr("founder"), "#close", "");
    w.deliver_to(&w.addr("founder"), &to, &close).await;
    run(&app).await;
    assert_eq!(case1(&app).await.status, CaseStatus::Closed);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_forged_executive_from_without_a_token_cannot_command_a_case() {
    let w = World::new();
    let evil = outsider(&w, "mallory", "evil.example");
    let (app, _, forward) = billing_case(&w, "").await;
    for body in [
        format!("#reassign {evil}"),
        format!("#reassign {}", w.addr("quality")),
        "#close".to_string(),
        "#reply\r\nPlease wire the refund fee to our new account.".to_string(),
    ] {
        let forged = message(
            &w.addr("founder"),
            &w.addr("ceo"),
            "Re: ? Refund please [#1]",
            &body,
            "",
        );
        w.deliver(&evil, &forged).await;
    }
    run(&app).await;
    let c = case1(&app).await;
    assert_eq!(
        (c.status.as_str(), c.owner.as_str()),
        ("open", w.addr("billing").as_str())
    );
    assert!(outbox_to(&app, &evil).await.is_empty());
    assert!(outbox(&app).await.iter().all(|r| r.1 != "customer_reply"));
    assert_eq!(w.settled("quality").await.len(), 0);
    // The legitimate path: the owner's token still works.
    let (to, close) = reply_to_forward(&forward, &w.addr("billing"), "#close", "");
    w.deliver_to(&w.addr("billing"), &to, &close).await;
    run(&app).await;
    assert_eq!(case1(&app).await.status, CaseStatus::Closed);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stranger_holding_a_customers_acknowledgment_token_cannot_write_into_the_case() {
    let w = World::new();
    let (app, _, _) = billing_case(&w, ACK_ON).await;
    let ack = ack_of(&w).await;
    // The customer forwarded their acknowledgment; mallory replies to it as herself.
    let (to, r) = reply_to_forward(
        &ack,
        &w.addr("mallory"),
        "Please send my refund to my new account instead: IBAN XX00 1234.",
        "",
    );
    w.deliver_to(&w.addr("mallory"), &to, &r).await;
    run(&app).await;
    assert_eq!(count_kind(&app, 1, "follow_up").await, 0);
    assert!(count_kind(&app, 1, "unauthorized_reply").await >= 1);
    assert_eq!(
        w.settled("billing").await.len(),
        1,
        "the owner got no follow-up"
    );
    // The legitimate path: the customer's own follow-up reaches the owner.
    let (to, r) = reply_to_forward(&ack, &w.customer(), "Any news on my refund?", "");
    w.deliver_to(&w.customer(), &to, &r).await;
    run(&app).await;
    let billing = w.wait_for("billing", 2).await;
    assert!(parsed(&billing[1]).text.contains("Any news on my refund?"));
}

/// Someone outside the company who is not the customer replies to her acknowledgment: her
/// other address, or a stranger she forwarded it to. Nothing reaches case #1 as its customer's
/// words, and nothing is lost: it opens a case of its own, whose `?` names the sender and
/// says they are not case #1's customer (a README-only attacker's finding: such a reply was
/// recorded and reached nobody).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_outsider_replying_to_the_acknowledgment_opens_a_case_of_their_own() {
    let w = World::new();
    let (app, _, _) = billing_case(&w, ACK_ON).await;
    let ack = ack_of(&w).await;
    let home = outsider(&w, "minji.home", "gmail.example");
    let (to, r) = reply_to_forward(
        &ack,
        &home,
        "It's me again from my home address: the refund for order 77 has still not arrived. \
         Please send it to my new account instead: IBAN XX00 1234.",
        "",
    );
    w.deliver_to(&home, &to, &r).await;
    run(&app).await;
    assert_eq!(count_kind(&app, 1, "follow_up").await, 0);
    assert_eq!(case(&app, 1).await.status, CaseStatus::Open);
    let theirs = case(&app, 2).await;
    assert_eq!(
        theirs.customer_address.map(|a| a.to_string()),
        Some(home.clone())
    );
    assert!(
        kinds(&app, 1)
            .await
            .contains(&"possibly_related".to_string())
    );
    let owner = theirs.owner.to_string();
    let role = owner
        .split('@')
        .next()
        .unwrap_or("")
        .trim_start_matches(&w.prefix)
        .to_string();
    let got = w
        .wait_for(&role, if role == "billing" { 2 } else { 1 })
        .await;
    let second = got
        .iter()
        .map(|m| parsed(m))
        .find(|m| m.subject.contains("[#2]"))
        .expect("the new case's ? mail");
    assert!(
        second.text.contains(&format!("From:     {home}"))
            && second.text.contains("not that case's customer"),
        "{}",
        second.text
    );
    // Case #1's thread carries nothing of it: no follow-up row, no mail on case 1 but its own.
    let on_case_1: Vec<String> = outbox(&app)
        .await
        .into_iter()
        .filter(|r| r.0 == Some(1))
        .map(|r| r.1)
        .collect();
    assert!(
        on_case_1.iter().all(|p| p == "forward" || p == "ack"),
        "{on_case_1:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stranger_cannot_answer_by_referencing_the_customers_own_message_id() {
    let w = World::new();
    let (app, complaint, forward) = billing_case(&w, "").await;
    let mid = mid_of(&complaint);
    let forged = message(
        &w.addr("billing"),
        &w.addr("ceo"),
        "Re: Refund please",
        "Refunded in full today, case solved.",
        &format!("In-Reply-To: {mid}\r\nReferences: {mid}\r\n"),
    );
    w.deliver(&w.addr("mallory"), &forged).await;
    run(&app).await;
    assert_eq!(
        case1(&app).await.status,
        CaseStatus::Open,
        "the forged answer counted"
    );
    assert!(count_kind(&app, 1, "unauthorized_reply").await >= 1);
    let (to, r) = reply_to_forward(&forward, &w.addr("billing"), "Refunded in full today.", "");
    w.deliver_to(&w.addr("billing"), &to, &r).await;
    run(&app).await;
    assert_eq!(case1(&app).await.status, CaseStatus::Answered);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reply_to_a_garbage_or_truncated_token_changes_nothing_and_panics_nothing() {
    let w = World::new();
    let (app, _, forward) = billing_case(&w, "").await;
    let real = token_of(&forward);
    let mac = real.split_once('-').expect("q1-mac").1.to_string();
    let garbage = [
        "q1-zzzzzzzzzzzzzzzz".to_string(),
        "q1-".to_string(),
        "q1-0000000000000000".to_string(),
        format!("q1-{}", &mac[..8]),
        format!("q99999999999999999999999-{mac}"),
        format!("q-1-{mac}"),
        "q1-0123456789abcdef0123456789abcdef".to_string(),
    ];
    for (i, tag) in garbage.iter().enumerate() {
        let to = public_with(&w, tag);
        // At most four mails in any one name, under the circuit breaker.
        let from = if i % 2 == 0 {
            w.addr("billing")
        } else {
            w.addr("founder")
        };
        let forged = message(&from, &to, "Re: hello", "#close", "");
        w.deliver_to(&w.addr("mallory"), &to, &forged).await;
    }
    let out = run(&app).await;
    assert_eq!(out.process.failed + out.process.quarantined, 0);
    assert_eq!(case1(&app).await.status, CaseStatus::Open);
    assert!(
        all_cases(&app)
            .await
            .iter()
            .all(|c| c.status != CaseStatus::Closed)
    );
    let (to, close) = reply_to_forward(&forward, &w.addr("billing"), "#close", "");
    w.deliver_to(&w.addr("billing"), &to, &close).await;
    run(&app).await;
    assert_eq!(case1(&app).await.status, CaseStatus::Closed);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_subject_tag_from_a_stranger_joins_no_case() {
    let w = World::new();
    let victim = outsider(&w, "victim", "bank.example");
    let (app, _, _) = billing_case(&w, "").await;
    for from in [w.addr("mallory"), victim.clone()] {
        for body in [
            "#close",
            "I am the customer, my refund went to the wrong account.",
        ] {
            let m = message(&from, &w.addr("ceo"), "Re: ? Refund please [#1]", body, "");
            w.deliver(&from, &m).await;
        }
    }
    run(&app).await;
    let c = case1(&app).await;
    assert_eq!(c.status, CaseStatus::Open);
    let events = app.store.events(1).await.expect("events");
    assert!(
        events
            .iter()
            .all(|e| !["follow_up", "answered", "closed"].contains(&e.kind.as_str())),
        "{events:?}"
    );
    // The stranger's mail may open cases of its own (billing gets those), but nothing went
    // into case 1's thread.
    let on_case_1 = |msgs: &[Vec<u8>]| {
        msgs.iter()
            .filter(|m| header(m, "X-Qmark-Case").as_deref() == Some("1"))
            .count()
    };
    let billing = w.settled("billing").await;
    // On case 1's thread: its `?`, and (mallory's address is the company's domain, so she may
    // be a colleague whose client dropped the token) one notice that a reply did not count,
    // which quotes nothing she wrote.
    let notices: Vec<_> = billing
        .iter()
        .filter(|m| parsed(m).subject.starts_with("qmark did not count a reply"))
        .collect();
    assert_eq!(notices.len(), 1, "{:?}", subjects(&billing));
    let notice = parsed(notices[0]).text;
    assert!(
        !notice.contains("wrong account") && !notice.contains("#close"),
        "{notice}"
    );
    assert_eq!(on_case_1(&billing), 2, "{:?}", subjects(&billing));
    // The legitimate path: the customer's own mail with the tag is a follow-up.
    let m = message(
        &w.customer(),
        &w.addr("ceo"),
        "About [#1]",
        "Still waiting for it.",
        "",
    );
    w.deliver(&w.customer(), &m).await;
    run(&app).await;
    let billing = wait_long(&w, "billing", billing.len() + 1, 10).await;
    assert_eq!(on_case_1(&billing), 3, "{:?}", subjects(&billing));
    assert!(
        billing
            .iter()
            .map(|m| parsed(m))
            .any(|m| m.subject == "? Refund please [#1]" && m.text.contains("Still waiting")),
        "the customer's follow-up reached the owner"
    );
}

// ---- 3. spoofed addresses ------------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn plus_addressed_variants_of_the_owner_without_the_token_command_nothing() {
    let w = World::new();
    let (app, _, forward) = billing_case(&w, "").await;
    let token = token_of(&forward);
    let tagged = |tag: &str| w.addr("billing").replacen('@', &format!("+{tag}@"), 1);
    // A +tag on the owner's From, and the owner's token put in the From's tag instead of a
    // recipient.
    for from in [tagged("x"), tagged(&token)] {
        let m = message(
            &from,
            &w.addr("ceo"),
            "Re: ? Refund please [#1]",
            "#close",
            "",
        );
        w.deliver(&w.addr("mallory"), &m).await;
    }
    run(&app).await;
    assert_eq!(case1(&app).await.status, CaseStatus::Open);
    let (to, close) = reply_to_forward(&forward, &w.addr("billing"), "#close", "");
    w.deliver_to(&w.addr("billing"), &to, &close).await;
    run(&app).await;
    assert_eq!(case1(&app).await.status, CaseStatus::Closed);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn upper_case_variants_of_the_owners_address_are_the_owner_only_with_the_token() {
    let w = World::new();
    let (app, _, forward) = billing_case(&w, "").await;
    let upper = w.addr("billing").to_uppercase();
    let m = message(
        &upper,
        &w.addr("ceo"),
        "Re: ? Refund please [#1]",
        "#close",
        "",
    );
    w.deliver(&w.addr("mallory"), &m).await;
    run(&app).await;
    assert_eq!(
        case1(&app).await.status,
        CaseStatus::Open,
        "an upper-case From without a token closed it"
    );
    // With the token, the owner's mail client writing their address in capitals still works.
    let (to, close) = reply_to_forward(&forward, &upper, "#close", "");
    w.deliver_to(&w.addr("billing"), &to, &close).await;
    run(&app).await;
    assert_eq!(case1(&app).await.status, CaseStatus::Closed);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_display_name_spoofing_the_owner_is_not_the_owner() {
    let w = World::new();
    let evil = outsider(&w, "mallory", "evil.example");
    let (app, _, forward) = billing_case(&w, "").await;
    for from in [
        format!("\"{}\" <{evil}>", w.addr("billing")),
        format!("\"{}\" <{}>", w.addr("billing"), w.addr("mallory")),
    ] {
        let (to, r) = reply_to_forward(&forward, &from, "#close", "");
        w.deliver_to(&evil, &to, &r).await;
    }
    run(&app).await;
    assert_eq!(case1(&app).await.status, CaseStatus::Open);
    let events = app.store.events(1).await.expect("events");
    let actors: Vec<String> = events
        .iter()
        .filter(|e| e.kind == "unauthorized_reply")
        .filter_map(|e| e.actor.clone())
        .collect();
    // The colleague-domain sender is refused; the outsider's mail is a case of its own, whose
    // customer is the address, not the display name.
    assert_eq!(actors, [w.addr("mallory")], "{events:?}");
    assert_eq!(
        case(&app, 2).await.customer_address.map(|a| a.to_string()),
        Some(evil.clone())
    );
    assert!(
        actors.iter().all(|a| *a != w.addr("billing")),
        "recorded as the address, not the display name: {actors:?}"
    );
}

// ---- 4. commands by the real owner ---------------------------------------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_real_owner_cannot_reassign_a_case_outside_the_company() {
    let w = World::new();
    let evil = outsider(&w, "mallory", "evil.example");
    let (app, _, forward) = billing_case(&w, "").await;
    let lookalike = format!("{}.evil.example", w.addr("billing"));
    // The company's domain on paper, relayed outside by a server with the percent hack.
    let percent = format!("{}mallory%evil.example@{DOMAIN}", w.prefix);
    for target in [
        evil.clone(),
        lookalike.clone(),
        w.customer(),
        percent.clone(),
    ] {
        let (to, r) = reply_to_forward(
            &forward,
            &w.addr("billing"),
            &format!("#reassign {target}"),
            "",
        );
        w.deliver_to(&w.addr("billing"), &to, &r).await;
    }
    run(&app).await;
    assert_eq!(case1(&app).await.owner, w.addr("billing"));
    assert_eq!(
        count_kind(&app, 1, "command_error").await,
        4,
        "{:?}",
        kinds(&app, 1).await
    );
    let billing = w.wait_for("billing", 5).await;
    for m in &billing[1..] {
        let text = parsed(m).text;
        assert!(
            text.contains("not a company address"),
            "a clear reply: {text}"
        );
    }
    for target in [&evil, &lookalike, &w.customer(), &percent] {
        assert!(outbox_to(&app, target).await.is_empty(), "{target}");
    }
    // The legitimate path: a colleague.
    let (to, r) = reply_to_forward(
        &forward,
        &w.addr("billing"),
        &format!("#reassign {}", w.addr("quality")),
        "",
    );
    w.deliver_to(&w.addr("billing"), &to, &r).await;
    run(&app).await;
    assert_eq!(case1(&app).await.owner, w.addr("quality"));
    tokio::time::sleep(StdDuration::from_millis(2000)).await;
    assert!(outside_mail_to(&evil).await.is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reply_to_customer_from_someone_who_is_neither_owner_nor_executive_sends_nothing() {
    let w = World::new();
    let (app, _, forward) = billing_case(&w, "").await;
    // A colleague with the owner's forward, and a colleague with no token at all.
    let (to, r) = reply_to_forward(
        &forward,
        &w.addr("mallory"),
        "#reply\r\nYour refund needs a fee: pay at http://phish.example",
        "",
    );
    w.deliver_to(&w.addr("mallory"), &to, &r).await;
    let m = message(
        &w.addr("shipping"),
        &w.addr("ceo"),
        "Re: ? Refund please [#1]",
        "#reply\r\nYour refund needs a fee: pay at http://phish.example",
        "",
    );
    w.deliver(&w.addr("shipping"), &m).await;
    run(&app).await;
    assert!(outbox(&app).await.iter().all(|r| r.1 != "customer_reply"));
    assert_ne!(case1(&app).await.status, CaseStatus::Answered);
    tokio::time::sleep(StdDuration::from_millis(2000)).await;
    assert!(
        w.customer_mail().await.is_empty(),
        "the customer got nothing"
    );
    // The legitimate path: the owner's #reply reaches the customer.
    let (to, r) = reply_to_forward(
        &forward,
        &w.addr("billing"),
        "#reply\r\nRefunded today.",
        "",
    );
    w.deliver_to(&w.addr("billing"), &to, &r).await;
    run(&app).await;
    let got = wait_outside(&w.customer(), 1, 10).await;
    assert_eq!(got.len(), 1);
    assert!(parsed(&got[0]).text.contains("Refunded today."));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reply_to_customer_by_the_former_owner_after_a_reassignment_sends_nothing() {
    let w = World::new();
    let (app, _, forward) = billing_case(&w, "").await;
    let (to, r) = reply_to_forward(
        &forward,
        &w.addr("billing"),
        &format!("#reassign {}", w.addr("quality")),
        "",
    );
    w.deliver_to(&w.addr("billing"), &to, &r).await;
    run(&app).await;
    assert_eq!(case1(&app).await.owner, w.addr("quality"));
    let (to, r) = reply_to_forward(
        &forward,
        &w.addr("billing"),
        "#reply\r\nOld owner here.",
        "",
    );
    w.deliver_to(&w.addr("billing"), &to, &r).await;
    run(&app).await;
    assert!(outbox(&app).await.iter().all(|r| r.1 != "customer_reply"));
    tokio::time::sleep(StdDuration::from_millis(2000)).await;
    assert!(w.customer_mail().await.is_empty());
    // The legitimate path: the new owner's #reply.
    let q = w.wait_for("quality", 1).await.remove(0);
    let (to, r) = reply_to_forward(&q, &w.addr("quality"), "#reply\r\nNew owner here.", "");
    w.deliver_to(&w.addr("quality"), &to, &r).await;
    run(&app).await;
    let got = wait_outside(&w.customer(), 1, 10).await;
    assert_eq!(got.len(), 1);
    assert!(parsed(&got[0]).text.contains("New owner here."));
    assert!(!parsed(&got[0]).text.contains("Old owner here."));
}

// ---- 5. automatic mail ---------------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_forged_out_of_office_on_the_customers_message_id_neither_moves_the_case_nor_holds_off_escalation()
 {
    let w = World::new();
    let (app, complaint, _) = billing_case(&w, "").await;
    let before = case1(&app).await;
    let mid = mid_of(&complaint);
    for i in 0..5 {
        let ooo = message(
            &w.addr("billing"),
            &w.addr("ceo"),
            "Automatic reply: Refund please",
            &format!(
                "I am out of the office until 2099-01-05. For urgent matters please contact {}. ({i})",
                w.addr("cfo")
            ),
            &format!(
                "Auto-Submitted: auto-replied\r\nX-Auto-Response-Suppress: All\r\nIn-Reply-To: {mid}\r\nReferences: {mid}\r\n"
            ),
        );
        w.deliver(&w.addr("mallory"), &ooo).await;
        run(&app).await;
    }
    let c = case1(&app).await;
    assert_eq!(c.owner, w.addr("billing"), "not reassigned");
    assert_eq!(c.deadline, before.deadline, "the clock did not restart");
    assert_eq!(c.opened_at, before.opened_at);
    assert_eq!(count_kind(&app, 1, "reassigned").await, 0);
    assert!(w.settled("cfo").await.is_empty(), "cfo got no `?`");
    // Escalation on time: not a minute early, and at the deadline.
    let deadline = before.deadline;
    let early = run_once(&app, deadline - Duration::minutes(1))
        .await
        .expect("run");
    assert_eq!(early.escalated, 0);
    let due = run_once(&app, deadline + Duration::minutes(1))
        .await
        .expect("run");
    assert_eq!(due.escalated, 1, "the `??` goes at the deadline");
    assert_eq!(case1(&app).await.rung, 1);
    let cfo = w.wait_for("cfo", 1).await;
    assert!(
        parsed(&cfo[0]).subject.starts_with("??"),
        "{:?}",
        subjects(&cfo)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_genuine_out_of_office_naming_an_outsider_does_not_hand_the_case_out() {
    let w = World::new();
    let evil = outsider(&w, "mallory", "evil.example");
    let extra = format!(
        "[[routes]]\nname = \"returns\"\nowner = \"{}\"\nkeywords = [\"return label\"]\nescalate_to = \"{}\"\nbackup = \"{}\"\n",
        w.addr("quality"),
        w.addr("cto"),
        w.addr("cfo"),
    );
    let (app, _) = open_one(
        &w,
        &extra,
        "I need a return label",
        "please send a return label",
    )
    .await;
    let forward = w.wait_for("quality", 1).await.remove(0);
    let (to, ooo) = reply_to_forward(
        &forward,
        &w.addr("quality"),
        &format!(
            "I am out of the office until 2099-01-05. For urgent matters please contact {evil}."
        ),
        "Auto-Submitted: auto-replied\r\n",
    );
    w.deliver_to(&w.addr("quality"), &to, &ooo).await;
    run(&app).await;
    let c = case1(&app).await;
    assert_ne!(c.owner, evil);
    assert_eq!(
        c.owner,
        w.addr("cfo"),
        "the route's backup takes it instead"
    );
    assert!(outbox_to(&app, &evil).await.is_empty());
    assert_eq!(w.wait_for("cfo", 1).await.len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_forged_bounce_quoting_the_customers_or_the_acknowledgments_message_id_reroutes_nothing()
{
    let w = World::new();
    let (app, complaint, forward) = billing_case(&w, ACK_ON).await;
    let ack = ack_of(&w).await;
    let dsn = |quoted: &str, rcpt: &str| {
        format!(
            "From: MAILER-DAEMON@mail.example.test (Mail Delivery System)\r\nTo: {ceo}\r\nSubject: Undelivered Mail Returned to Sender\r\nMessage-ID: <dsn{r:x}@mail.example.test>\r\nIn-Reply-To: {quoted}\r\nMIME-Version: 1.0\r\nContent-Type: multipart/report; report-type=delivery-status; boundary=\"b1\"\r\n\r\n--b1\r\nContent-Type: text/plain\r\n\r\nmailbox unavailable\r\n--b1\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mail.example.test\r\n\r\nFinal-Recipient: rfc822; {rcpt}\r\nAction: failed\r\nStatus: 5.1.1\r\n--b1\r\nContent-Type: text/rfc822-headers\r\n\r\nMessage-ID: {quoted}\r\nSubject: ? Refund please [#1]\r\n--b1--\r\n",
            ceo = w.addr("ceo"),
            r = rand::random::<u64>(),
        )
        .into_bytes()
    };
    // Forged by the customer: their own Message-ID, and their acknowledgment's (their token).
    w.deliver(
        &format!("MAILER-DAEMON@{DOMAIN}"),
        &dsn(&mid_of(&complaint), &w.addr("billing")),
    )
    .await;
    w.deliver(
        &format!("MAILER-DAEMON@{DOMAIN}"),
        &dsn(&mid_of(&ack), &w.addr("billing")),
    )
    .await;
    run(&app).await;
    assert_eq!(
        case1(&app).await.owner,
        w.addr("billing"),
        "a forged bounce moved the case"
    );
    assert_eq!(count_kind(&app, 1, "reassigned").await, 0);
    // The legitimate path: the forward itself bounced.
    w.deliver(
        &format!("MAILER-DAEMON@{DOMAIN}"),
        &dsn(&mid_of(&forward), &w.addr("billing")),
    )
    .await;
    run(&app).await;
    assert_eq!(case1(&app).await.owner, w.addr("triage"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_auto_responders_and_our_own_mail_coming_back_make_no_loop() {
    let w = World::new();
    let (app, _, forward) = billing_case(&w, ACK_ON).await;
    let ack = ack_of(&w).await;
    let rows_before = outbox(&app).await.len();
    for round in 0..4 {
        // The customer's auto-responder answers our acknowledgment.
        let (to, a) = reply_to_forward(
            &ack,
            &w.customer(),
            &format!("Thank you for your mail, I am away ({round})."),
            "Auto-Submitted: auto-replied\r\n",
        );
        w.deliver_to(&w.customer(), &to, &a).await;
        // The owner's auto-responder answers our forward (no return date, subject-only mark).
        let (to, b) = reply_to_forward(
            &forward,
            &w.addr("billing"),
            "I will read your mail when I am back.",
            "X-Autoreply: yes\r\n",
        );
        w.deliver_to(&w.addr("billing"), &to, &b).await;
        // An auto-responder bouncing our own acknowledgment back to us, headers and all.
        w.deliver(&w.customer(), &ack).await;
        run(&app).await;
    }
    let rows = outbox(&app).await;
    let new: Vec<_> = rows[rows_before..]
        .iter()
        .filter(|r| r.1 != "notice")
        .collect();
    assert!(new.is_empty(), "qmark answered an auto-responder: {new:?}");
    assert!(
        rows[rows_before..]
            .iter()
            .filter(|r| r.1 == "notice")
            .count()
            <= 1,
        "at most one notice: {rows:?}"
    );
    assert_eq!(
        case1(&app).await.status,
        CaseStatus::Open,
        "automatic mail is no answer"
    );
    tokio::time::sleep(StdDuration::from_millis(2000)).await;
    assert_eq!(
        w.customer_mail().await.len(),
        1,
        "the customer got the acknowledgment only"
    );
    assert_eq!(
        w.mailbox("billing").await.len(),
        1,
        "the owner got the forward only"
    );
}

// ---- 6. the digest ------------------------------------------------------------------------------

/// A world with two complaints and a digest read by the founder and by cfo (not an
/// executive); returns the app, the digest instant, and each reader's digest.
async fn digest_world(w: &World) -> (App, DateTime<Utc>, Vec<u8>, Vec<u8>) {
    w.set_config(&format!(
        "\n[digest]\nschedule = \"0 0 * * * *\"\ntimezone = \"UTC\"\nto = [\"{}\", \"{}\"]\n",
        w.addr("founder"),
        w.addr("cfo")
    ));
    let app = w.app().await;
    for (who, subject) in [
        ("ann", "Refund for a double charge"),
        ("bob", "Package never arrived"),
    ] {
        let from = outsider(w, who, "customer.example");
        w.deliver(
            &from,
            &message(&from, &w.addr("ceo"), subject, "Please help.", ""),
        )
        .await;
    }
    let t0 = now();
    run_once(&app, t0).await.expect("run");
    let t = t0 + Duration::hours(1);
    run_once(&app, t).await.expect("run");
    let find = |msgs: Vec<Vec<u8>>| {
        msgs.into_iter()
            .find(|m| parsed(m).subject.starts_with("qmark digest"))
    };
    let mut founder = None;
    let mut cfo = None;
    for _ in 0..100 {
        founder = find(w.mailbox("founder").await);
        cfo = find(w.mailbox("cfo").await);
        if founder.is_some() && cfo.is_some() {
            break;
        }
        tokio::time::sleep(StdDuration::from_millis(100)).await;
    }
    (
        app,
        t,
        founder.expect("the founder got a digest"),
        cfo.expect("cfo got a digest"),
    )
}

fn digest_reply(w: &World, digest: &[u8], from: &str, body: &str) -> Vec<u8> {
    let mid = mid_of(digest);
    format!(
        "From: {from}\r\nTo: {ceo}\r\nSubject: Re: {subject}\r\nMessage-ID: <{n:x}@client.example>\r\nIn-Reply-To: {mid}\r\nReferences: {mid}\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n{body}\r\n",
        ceo = w.addr("ceo"),
        subject = parsed(digest).subject,
        n = rand::random::<u64>(),
    )
    .into_bytes()
}

async fn message_kinds(app: &App) -> Vec<String> {
    sqlx::query_scalar("SELECT COALESCE(kind, '') FROM messages ORDER BY id")
        .fetch_all(app.store.pool())
        .await
        .expect("message kinds")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_digest_reply_from_a_non_executive_commands_nothing() {
    let w = World::new();
    let (app, t, founder_digest, cfo_digest) = digest_world(&w).await;
    // cfo replies to their own digest; mallory to the founder's (forwarded to her).
    w.deliver(
        &w.addr("cfo"),
        &digest_reply(&w, &cfo_digest, &w.addr("cfo"), "close 1\r\nclose 2"),
    )
    .await;
    w.deliver(
        &w.addr("mallory"),
        &digest_reply(
            &w,
            &founder_digest,
            &w.addr("mallory"),
            "close 1\r\nclose 2",
        ),
    )
    .await;
    let out = run_once(&app, t + Duration::minutes(5)).await.expect("run");
    assert_eq!(
        out.process.new_cases, 0,
        "digest replies are never complaints"
    );
    for id in [1, 2] {
        assert_eq!(case(&app, id).await.status, CaseStatus::Open, "case {id}");
    }
    // mallory's is refused in silence (nothing goes to a stranger); cfo, one of the company's
    // people with their own token, is told that neither case is theirs to command (case 1 is
    // billing's, which cfo manages, but it has not climbed to them).
    let kinds = message_kinds(&app).await;
    assert_eq!(
        kinds.iter().filter(|k| *k == "unauthorized").count(),
        1,
        "{kinds:?}"
    );
    let told = w.wait_for("cfo", 2).await;
    let text = parsed(told.last().expect("an answer")).text;
    assert!(
        text.contains("not done: case #1") && text.contains("not done: case #2"),
        "{text}"
    );
    // The legitimate path: the founder's own reply.
    w.deliver(
        &w.addr("founder"),
        &digest_reply(&w, &founder_digest, &w.addr("founder"), "close 1"),
    )
    .await;
    run_once(&app, t + Duration::minutes(10))
        .await
        .expect("run");
    assert_eq!(case(&app, 1).await.status, CaseStatus::Closed);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_digest_reply_in_an_executives_name_without_their_digest_token_commands_nothing() {
    let w = World::new();
    let (app, t, founder_digest, cfo_digest) = digest_world(&w).await;
    // The founder's From on a reply to cfo's digest (cfo's token, not the founder's).
    w.deliver(
        &w.addr("mallory"),
        &digest_reply(&w, &cfo_digest, &w.addr("founder"), "close 1\r\nbump 2"),
    )
    .await;
    run_once(&app, t + Duration::minutes(5)).await.expect("run");
    assert_eq!(case(&app, 1).await.status, CaseStatus::Open);
    assert_eq!(case(&app, 2).await.rung, 0);
    // The legitimate path: the founder's reply to the founder's digest.
    w.deliver(
        &w.addr("founder"),
        &digest_reply(&w, &founder_digest, &w.addr("founder"), "close 1"),
    )
    .await;
    run_once(&app, t + Duration::minutes(10))
        .await
        .expect("run");
    assert_eq!(case(&app, 1).await.status, CaseStatus::Closed);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_executive_cannot_reassign_a_case_outside_the_company_from_the_digest() {
    let w = World::new();
    let evil = outsider(&w, "mallory", "evil.example");
    let (app, t, founder_digest, _) = digest_world(&w).await;
    let before = case(&app, 1).await.owner;
    w.deliver(
        &w.addr("founder"),
        &digest_reply(
            &w,
            &founder_digest,
            &w.addr("founder"),
            &format!("reassign 1 {evil}\r\nreassign 2 {}", w.addr("quality")),
        ),
    )
    .await;
    run_once(&app, t + Duration::minutes(5)).await.expect("run");
    assert_eq!(
        case(&app, 1).await.owner,
        before,
        "not given to the outsider"
    );
    assert_eq!(
        case(&app, 2).await.owner,
        w.addr("quality"),
        "the colleague got theirs"
    );
    assert!(outbox_to(&app, &evil).await.is_empty());
    let founder = wait_long(&w, "founder", 2, 15).await;
    let result = founder
        .iter()
        .map(|m| parsed(m))
        .find(|m| m.subject.starts_with("Re: qmark digest"))
        .expect("the executive is told what was done");
    assert!(result.text.contains("not done"), "{}", result.text);
}

// ---- 7. what qmark writes ------------------------------------------------------------------------

/// An RFC 2047 encoded word hiding `text` (CR/LF included), every byte Q-encoded.
fn encoded(text: &str) -> String {
    let q: String = text.bytes().map(|b| format!("={b:02X}")).collect();
    format!("=?utf-8?q?{q}?=")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn header_injection_in_the_subject_or_the_from_name_adds_no_bcc_to_the_forward() {
    let w = World::new();
    w.set_config(ACK_ON);
    let evil = outsider(&w, "mallory", "evil.example");
    let injected = format!("Refund please\r\nBcc: {evil}\r\nX-Injected: yes");
    let name = format!("Kim\r\nBcc: {evil}\r\nX-Injected: yes");
    let raw = message(
        &format!("{} <{}>", encoded(&name), w.customer()),
        &w.addr("ceo"),
        &encoded(&injected),
        "refund for order 12",
        "",
    );
    w.deliver(&w.customer(), &raw).await;
    let app = w.app().await;
    run(&app).await;
    let forward = w.wait_for("billing", 1).await.remove(0);
    let ack = ack_of(&w).await;
    for (what, m) in [("forward", &forward), ("acknowledgment", &ack)] {
        let head = head_lower(m);
        assert!(
            !head
                .lines()
                .any(|l| l.starts_with("bcc:") || l.starts_with("x-injected:")),
            "the {what} gained a header: {head}"
        );
    }
    let rows = outbox(&app).await;
    assert!(
        rows.iter()
            .all(|r| !r.2.to_lowercase().contains(&evil.to_lowercase())),
        "{rows:?}"
    );
    tokio::time::sleep(StdDuration::from_millis(2000)).await;
    assert!(outside_mail_to(&evil).await.is_empty());
}

/// Expected to fail until the size-limits branch is merged (issue 11, "Size limits").
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_100_kb_subject_is_cut_in_everything_qmark_writes_and_the_case_still_reaches_its_owner() {
    let w = World::new();
    w.set_config(ACK_ON);
    let app = w.app().await;
    let long = format!("Refund please {}", "x".repeat(100 * 1024));
    // Folded, as a mail client writes a long header.
    let folded: Vec<String> = long
        .as_bytes()
        .chunks(70)
        .map(|c| String::from_utf8_lossy(c).to_string())
        .collect();
    let raw = message(
        &w.customer(),
        &w.addr("ceo"),
        &folded.join("\r\n "),
        "refund for order 5",
        "",
    );
    append_to_inbox(&w.addr("ceo"), &[raw]).await;
    run(&app).await;
    let forward = w.wait_for("billing", 1).await.remove(0);
    let subject = parsed(&forward).subject;
    assert!(
        subject.chars().count() <= 300,
        "the forward's subject is {} characters",
        subject.chars().count()
    );
    let ack = ack_of(&w).await;
    let ack_subject = parsed(&ack).subject;
    assert!(
        ack_subject.chars().count() <= 300,
        "the acknowledgment's subject is {} characters",
        ack_subject.chars().count()
    );
    assert!(
        ack.len() < 20 * 1024,
        "the acknowledgment is {} bytes",
        ack.len()
    );
}

/// Expected to fail until the Message-ID dedupe branch is merged (issue 11, finding 4).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_second_message_reusing_a_message_id_is_not_lost_as_a_duplicate() {
    let w = World::new();
    w.set_config("");
    let app = w.app().await;
    let first = message(
        &w.customer(),
        &w.addr("ceo"),
        "Refund please",
        "refund for order 3",
        "",
    );
    let mid = mid_of(&first);
    let evil = outsider(&w, "other", "customer.example");
    let second = String::from_utf8(message(
        &evil,
        &w.addr("ceo"),
        "Package never arrived",
        "my package never arrived, tracking is stuck",
        "",
    ))
    .expect("utf-8");
    let second = second.replacen(&mid_of(second.as_bytes()), &mid, 1);
    w.deliver(&w.customer(), &first).await;
    w.deliver(&evil, second.as_bytes()).await;
    run(&app).await;
    assert_eq!(
        all_cases(&app).await.len(),
        2,
        "the second complaint was dropped"
    );
    assert_eq!(w.wait_for("shipping", 1).await.len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_forged_sender_gets_at_most_one_acknowledgment_carrying_none_of_the_attackers_text() {
    let w = World::new();
    w.set_config(ACK_ON);
    let app = w.app().await;
    let victim = outsider(&w, "victim", "bank.example");
    for i in 0..3 {
        let from = format!("\"Claim your refund at http://phish.example/{i}\" <{victim}>");
        let raw = message(
            &from,
            &w.addr("ceo"),
            &format!("Refund please {i}"),
            "refund for order 4",
            "",
        );
        w.deliver(&w.addr("mallory"), &raw).await;
    }
    run(&app).await;
    assert_eq!(
        outbox_to(&app, &victim).await.len(),
        1,
        "one acknowledgment per window"
    );
    let got = wait_outside(&victim, 1, 10).await;
    assert_eq!(got.len(), 1);
    let ack = &got[0];
    assert_eq!(
        parsed(ack).auto.auto_submitted.as_deref(),
        Some("auto-replied")
    );
    let text = String::from_utf8_lossy(ack).to_lowercase();
    assert!(
        !text.contains("phish.example"),
        "the acknowledgment relays the attacker's display name to a third party"
    );
}

// ---- 8. floods and the breaker -------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_flood_of_500_complaints_to_one_owner_reaches_the_owner_every_one_exactly_once() {
    const N: usize = 500;
    let w = World::new();
    w.set_config("");
    let app = w.app().await;
    let flood: Vec<Vec<u8>> = (0..N)
        .map(|i| {
            let from = outsider(&w, &format!("c{i}"), "customer.example");
            message(
                &from,
                &w.addr("ceo"),
                &format!("Refund for order {i}"),
                &format!("Please refund order {i}."),
                "",
            )
        })
        .collect();
    append_to_inbox(&w.addr("ceo"), &flood).await;
    let t0 = now();
    let mut cases = 0;
    for _ in 0..20 {
        let o = run_once(&app, t0).await.expect("run");
        cases += o.process.new_cases;
        if o.process.processed == 0 && o.ingest.stored == 0 && o.send.sent == 0 {
            break;
        }
    }
    assert_eq!(cases, N);
    let sent_now: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM outbox WHERE purpose = 'forward' AND status = 'sent'",
    )
    .fetch_one(app.store.pool())
    .await
    .expect("count");
    assert_eq!(sent_now, 60, "the hourly cap: 60 at once");
    for k in 1..=10 {
        for _ in 0..3 {
            let o = run_once(&app, t0 + Duration::hours(k) + Duration::minutes(1))
                .await
                .expect("run");
            if o.send.sent == 0 {
                break;
            }
        }
    }
    let billing = wait_long(&w, "billing", N, 90).await;
    let mut seen = vec![0usize; N + 1];
    for m in &billing {
        if let Some(id) = header(m, "X-Qmark-Case").and_then(|v| v.parse::<usize>().ok())
            && id <= N
        {
            seen[id] += 1;
        }
    }
    let missing: Vec<usize> = (1..=N).filter(|i| seen[*i] == 0).collect();
    let twice: Vec<usize> = (1..=N).filter(|i| seen[*i] > 1).collect();
    assert!(
        missing.is_empty(),
        "{} cases never reached their owner: {missing:?}",
        missing.len()
    );
    assert!(twice.is_empty(), "received more than once: {twice:?}");
    let founder = w.settled("founder").await;
    let notices = subjects(&founder)
        .into_iter()
        .filter(|s| s.starts_with("qmark:"))
        .count();
    assert!(
        notices <= 1,
        "the executives got {notices} notices: {:?}",
        subjects(&founder)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forged_mail_in_the_owners_name_cannot_trip_the_breaker_against_the_real_owner() {
    let w = World::new();
    let (app, _, forward) = billing_case(&w, "").await;
    for i in 0..6 {
        let m = message(
            &w.addr("billing"),
            &w.addr("ceo"),
            "Re: ? Refund please [#1]",
            &format!("#close ({i})"),
            "",
        );
        w.deliver(&w.addr("mallory"), &m).await;
    }
    run(&app).await;
    assert_eq!(case1(&app).await.status, CaseStatus::Open);
    // The real owner answers, with their token, a minute later.
    let (to, r) = reply_to_forward(&forward, &w.addr("billing"), "Refunded in full today.", "");
    w.deliver_to(&w.addr("billing"), &to, &r).await;
    run(&app).await;
    assert_eq!(
        case1(&app).await.status,
        CaseStatus::Answered,
        "forged mail in the owner's name made qmark ignore the owner's real answer: {:?}",
        kinds(&app, 1).await
    );
}

/// An auto-responder that stamps each of its mails with a counter and a ticket number (no
/// `Auto-Submitted`) is a loop all the same (a README-only attacker's finding: twelve such
/// mails were twelve follow-ups to the owner). The customer's own different words still pass.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_loop_that_numbers_its_mails_trips_the_breaker() {
    let w = World::new();
    let (app, _, _) = billing_case(&w, "").await;
    for k in 1..=8 {
        let m = message(
            &w.customer(),
            &w.addr("ceo"),
            "Re: Refund please",
            &format!("Automatic notice {k}: ticket {} updated", 20_000 + k * 37),
            "",
        );
        w.deliver(&w.customer(), &m).await;
    }
    run(&app).await;
    let seen = kinds(&app, 1).await;
    let breaker = seen.iter().filter(|k| *k == "circuit_breaker").count();
    let follow_ups = seen.iter().filter(|k| *k == "follow_up").count();
    // The breaker looks once the sender has 5 messages on the case in ten minutes, and needs
    // two earlier ones of the same shape: from the 5th mail on, every one is stopped.
    assert_eq!(breaker, 4, "{seen:?}");
    assert_eq!(follow_ups, 4, "{seen:?}");
    let m = message(
        &w.customer(),
        &w.addr("ceo"),
        "Re: Refund please",
        "Sorry about those notices, my mail server misbehaved. The refund is still missing.",
        "",
    );
    w.deliver(&w.customer(), &m).await;
    run(&app).await;
    let seen = kinds(&app, 1).await;
    assert_eq!(
        seen.iter().filter(|k| *k == "follow_up").count(),
        5,
        "{seen:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forged_mail_in_the_customers_name_cannot_silence_the_real_customer() {
    let w = World::new();
    let (app, _, _) = billing_case(&w, ACK_ON).await;
    let ack = ack_of(&w).await;
    // Six forged follow-ups in the customer's name without the token (subject only).
    for i in 0..6 {
        let m = message(
            &w.customer(),
            &w.addr("ceo"),
            "Re: Refund please",
            &format!("spam {i}"),
            "",
        );
        w.deliver(&w.addr("mallory"), &m).await;
    }
    run(&app).await;
    let before = w.settled("billing").await.len();
    // The real customer replies to their acknowledgment (their token).
    let (to, r) = reply_to_forward(
        &ack,
        &w.customer(),
        "My bank says the refund never came.",
        "",
    );
    w.deliver_to(&w.customer(), &to, &r).await;
    run(&app).await;
    let billing = wait_long(&w, "billing", before + 1, 10).await;
    assert!(
        billing.iter().any(|m| parsed(m)
            .text
            .contains("My bank says the refund never came.")),
        "the real customer's follow-up never reached the owner: {:?}",
        kinds(&app, 1).await
    );
}

/// An executive's commands sent to their digest's reply address (`ceo+qd-…@`) by a client that
/// drops In-Reply-To and References, or as a new mail: still commands, never a complaint with
/// the executive as its customer. Someone else's mail to that address commands nothing.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn commands_to_the_digest_address_without_threading_headers_are_commands() {
    let w = World::new();
    let (app, t, founder_digest, _) = digest_world(&w).await;
    let reply_to = parsed(&founder_digest)
        .reply_to
        .and_then(|r| r.address)
        .expect("the digest has a Reply-To")
        .to_string();
    assert!(reply_to.contains("+qd-"), "{reply_to}");
    let bare = |from: &str, body: &str| {
        format!(
            "From: {from}\r\nTo: {reply_to}\r\nSubject: cases\r\nMessage-ID: <{n:x}@client.example>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n{body}\r\n",
            n = rand::random::<u64>(),
        )
        .into_bytes()
    };
    w.deliver_to(
        &w.addr("mallory"),
        &reply_to,
        &bare(&w.addr("mallory"), "close 2"),
    )
    .await;
    w.deliver_to(
        &w.addr("founder"),
        &reply_to,
        &bare(&w.addr("founder"), "close 1"),
    )
    .await;
    let out = run_once(&app, t + Duration::minutes(5)).await.expect("run");
    assert_eq!(out.process.new_cases, 0, "commands are never a complaint");
    assert_eq!(case(&app, 1).await.status, CaseStatus::Closed);
    assert_eq!(case(&app, 2).await.status, CaseStatus::Open);
    let kinds = message_kinds(&app).await;
    let last_two = &kinds[kinds.len() - 2..];
    assert!(
        last_two.contains(&"unauthorized".to_string())
            && !last_two.contains(&"complaint".to_string()),
        "{kinds:?}"
    );
}

// ---- relays: mail sent for someone else -------------------------------------------------------

/// A complaint posted through a customer's Google Group, and a website contact form that
/// writes From the public address with the visitor in Reply-To (a README-only attacker's
/// finding: both were set aside with no case and no warning), become cases whose customer is
/// the person, who gets the acknowledgment. A forged From the public address with an
/// employee's Reply-To still acts for nobody, and a newsletter is still set aside.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mail_a_form_or_a_group_sent_for_a_person_becomes_that_persons_case() {
    let w = World::new();
    w.set_config(ACK_ON);
    let ceo = w.addr("ceo");
    let group = outsider(&w, "purchasing", "acme-corp.example");
    let visitor = outsider(&w, "visitor", "cust.example");
    let posted = format!(
        "From: Acme Purchasing <{group}>\r\nTo: {ceo}\r\nSubject: We were charged twice for PO 7781 - refund needed\r\n\
         Message-ID: <g01.{p}@acme-corp.example>\r\nList-Id: <purchasing.acme-corp.example>\r\n\
         List-Unsubscribe: <mailto:googlegroups-manage+123+unsubscribe@googlegroups.com>\r\nPrecedence: list\r\n\
         Mailing-list: list {group}; contact purchasing+owners@acme-corp.example\r\nX-Google-Group-Id: 123456\r\n\r\n\
         Hello,\r\n\r\nYour invoice INV-7781 charged our card twice. Please refund the duplicate payment of $12,400.\r\n\r\nJane, Acme Purchasing\r\n",
        p = w.prefix
    );
    w.deliver_to(&group, &ceo, posted.as_bytes()).await;
    let form = format!(
        "From: Website <{ceo}>\r\nReply-To: Visitor Kim <{visitor}>\r\nTo: {ceo}\r\nSubject: Contact form: refund request\r\n\
         Message-ID: <p03.{p}@web.example>\r\n\r\nName: Visitor Kim\r\nMessage: I was charged twice for order 5512, please refund one of the payments.\r\n",
        p = w.prefix
    );
    w.deliver_to(&ceo, &ceo, form.as_bytes()).await;
    let forged = format!(
        "From: Website <{ceo}>\r\nReply-To: {billing}\r\nTo: {ceo}\r\nSubject: Contact form: #resolve\r\n\
         Message-ID: <p04.{p}@web.example>\r\n\r\nMessage: #resolve\r\n",
        billing = w.addr("billing"),
        p = w.prefix
    );
    w.deliver_to(&ceo, &ceo, forged.as_bytes()).await;
    w.deliver_fixture("009-bulk-newsletter.eml").await;
    let app = w.app().await;
    let out = run(&app).await;
    assert_eq!(out.process.new_cases, 2, "{out:?}");
    let mut customers: Vec<String> = all_cases(&app)
        .await
        .iter()
        .filter_map(|c| c.customer_address.as_ref().map(|a| a.to_string()))
        .collect();
    customers.sort();
    let mut expected = vec![group.to_lowercase(), visitor.to_lowercase()];
    expected.sort();
    assert_eq!(customers, expected);
    // The visitor, not the public address, got the acknowledgment; the form's case says why.
    assert_eq!(wait_outside(&visitor, 1, 15).await.len(), 1);
    let visitors = all_cases(&app)
        .await
        .into_iter()
        .find(|c| {
            c.customer_address.as_ref().map(|a| a.to_string()) == Some(visitor.to_lowercase())
        })
        .expect("the visitor's case");
    let history: Vec<(String,)> =
        sqlx::query_as("SELECT detail FROM case_events WHERE case_id = $1")
            .bind(visitors.id)
            .fetch_all(app.store.pool())
            .await
            .expect("history");
    assert!(
        history
            .iter()
            .any(|(d,)| d.contains("on behalf of its Reply-To")
                && d.contains(&format!("the customer is {}", visitor.to_lowercase()))),
        "{history:?}"
    );
    assert_eq!(visitors.route, "billing");
    assert_eq!(
        kinds_counted(&app).await,
        vec![
            ("bulk".to_string(), 1),
            ("complaint".to_string(), 2),
            ("own".to_string(), 1)
        ]
    );
}
