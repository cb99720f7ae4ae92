//! The answer loop: threading, commands, acknowledgments, loops, impostors, routing by hand.

use std::time::Duration as StdDuration;

use chrono::Duration;
use qmark::runner::run_once;

use crate::support::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn outlook_without_references_and_gmail_to_the_bare_address_both_find_the_case() {
    let w = World::new();
    let (app, _) = open_one(&w, "", "Refund please", "I want a refund for order 77.").await;
    let forward = w.wait_for("billing", 1).await.remove(0);
    let reply_to = header(&forward, "Reply-To").expect("Reply-To");
    let reply_to = reply_to.trim_matches(['<', '>']).to_string();
    // Outlook: to the Reply-To address, "RE:", a Thread-Index, no In-Reply-To, no References.
    let outlook = message(
        &w.addr("billing"),
        &reply_to,
        "RE: ? Refund please [#1]",
        "Looking into it.\r\n\r\n-----Original Message-----\r\nFrom: Office\r\n?",
        "Thread-Index: AdtB2Y4xQ2JhZGNmZGVmZ2hpamtsbW5vcA==\r\nThread-Topic: Refund please\r\n",
    );
    w.deliver_to(&w.addr("billing"), &reply_to, &outlook).await;
    run_once(&app, now()).await.expect("run");
    assert_eq!(
        case1(&app).await.status,
        CaseStatus::Open,
        "a holding reply does not stop the clock"
    );
    assert!(kinds(&app, 1).await.contains(&"holding_reply".to_string()));

    // Gmail: to the bare public address (Reply-To ignored), but with References to our forward.
    let mid = header(&forward, "Message-ID").expect("Message-ID");
    let gmail = message(
        &w.addr("billing"),
        &w.addr("ceo"),
        "Re: ? Refund please [#1]",
        "Refunded in full today.\r\n\r\nOn Mon, 23 Nov 2026 at 09:00, Office <x> wrote:\r\n> ?",
        &format!("In-Reply-To: {mid}\r\nReferences: {mid}\r\n"),
    );
    w.deliver(&w.addr("billing"), &gmail).await;
    run_once(&app, now()).await.expect("run");
    let case = case1(&app).await;
    assert_eq!(case.status, CaseStatus::Answered);
    let messages = app.store.case_messages(1).await.expect("messages");
    let how: Vec<String> = messages
        .iter()
        .filter_map(|m| m.matched_by.clone())
        .collect();
    assert!(
        how.iter()
            .any(|h| h.starts_with("reply token (high confidence)")),
        "{how:?}"
    );
    assert!(how.iter().any(|h| h.starts_with("references")), "{how:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn impostors_change_nothing() {
    let w = World::new();
    let (app, _) = open_one(&w, "", "Refund please", "refund for order 78").await;
    let forward = w.wait_for("billing", 1).await.remove(0);
    // A spoofed From (the owner's address) without any token: the subject tag finds the case,
    // but without a token nobody becomes the owner by writing a From line.
    let spoof = message(
        &w.addr("billing"),
        &w.addr("ceo"),
        "Re: ? Refund please [#1]",
        "#close",
        "",
    );
    w.deliver(&w.addr("mallory"), &spoof).await;
    // A forged token.
    let forged_to = format!("{}ceo+q1-0123456789abcdef@{DOMAIN}", w.prefix);
    let forged = message(
        &w.addr("billing"),
        &forged_to,
        "Re: ? Refund please",
        "#close",
        "",
    );
    w.deliver_to(&w.addr("mallory"), &forged_to, &forged).await;
    // The right token from the wrong person.
    let (to, stolen) = reply_to_forward(&forward, &w.addr("mallory"), "#close", "");
    w.deliver_to(&w.addr("mallory"), &to, &stolen).await;
    run_once(&app, now()).await.expect("run");
    let case = case1(&app).await;
    assert_eq!(case.status, CaseStatus::Open, "no impostor closed the case");
    let events = app.store.events(1).await.expect("events");
    let unauthorized = events
        .iter()
        .filter(|e| e.kind == "unauthorized_reply")
        .count();
    assert!(unauthorized >= 2, "{events:?}");

    // With a trusted authserv-id, even the real owner needs the receiving server's word.
    w.set_config("[security]\ntrusted_authserv_id = \"mx.example.test\"\n");
    let app = w.app().await;
    let (to, unauth) = reply_to_forward(
        &forward,
        &w.addr("billing"),
        "#close",
        "Authentication-Results: mx.evil.example; dkim=pass header.d=example.test\r\n",
    );
    w.deliver_to(&w.addr("billing"), &to, &unauth).await;
    run_once(&app, now()).await.expect("run");
    assert_eq!(
        case1(&app).await.status,
        CaseStatus::Open,
        "a self-written Authentication-Results from another server does not count"
    );
    let (to, auth) = reply_to_forward(
        &forward,
        &w.addr("billing"),
        "#close",
        "Authentication-Results: mx.example.test; dkim=pass header.d=example.test header.s=s1\r\n",
    );
    w.deliver_to(&w.addr("billing"), &to, &auth).await;
    run_once(&app, now()).await.expect("run");
    assert_eq!(case1(&app).await.status, CaseStatus::Closed);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn commands_by_reply_reassign_wait_note_reply_and_errors() {
    let w = World::new();
    let (app, complaint) = open_one(&w, "", "Refund please", "refund for order 79").await;
    let forward = w.wait_for("billing", 1).await.remove(0);

    // Unknown command: one short error reply to the sender.
    let (to, bad) = reply_to_forward(&forward, &w.addr("billing"), "#frobnicate now", "");
    w.deliver_to(&w.addr("billing"), &to, &bad).await;
    run_once(&app, now()).await.expect("run");
    let billing = w.wait_for("billing", 2).await;
    assert!(
        parsed(&billing[1])
            .text
            .contains("unknown command #frobnicate"),
        "{}",
        parsed(&billing[1]).text
    );

    // #note: internal, nothing sent.
    let (to, note) = reply_to_forward(
        &forward,
        &w.addr("billing"),
        "#note called the bank, waiting for them",
        "",
    );
    w.deliver_to(&w.addr("billing"), &to, &note).await;
    // #wait 3d: paused, back after three days.
    let (to, wait) = reply_to_forward(&forward, &w.addr("billing"), "#wait 3d", "");
    w.deliver_to(&w.addr("billing"), &to, &wait).await;
    let t = now();
    run_once(&app, t).await.expect("run");
    let case = case1(&app).await;
    assert_eq!(case.status, CaseStatus::Waiting);
    let escalations = run_once(&app, t + Duration::hours(30))
        .await
        .expect("run")
        .escalated;
    assert_eq!(escalations, 0, "a paused case does not escalate");
    run_once(&app, t + Duration::days(3) + Duration::minutes(1))
        .await
        .expect("run");
    assert_eq!(
        case1(&app).await.status,
        CaseStatus::Open,
        "back after the pause"
    );
    let events = kinds(&app, 1).await;
    for k in ["note", "waiting", "resumed", "command_error"] {
        assert!(events.contains(&k.to_string()), "{k} in {events:?}");
    }

    // #reassign: the new owner gets a ? forward with the complaint; the clock restarts.
    let (to, reassign) = reply_to_forward(
        &forward,
        &w.addr("billing"),
        &format!("#reassign {}", w.addr("quality")),
        "",
    );
    w.deliver_to(&w.addr("billing"), &to, &reassign).await;
    run_once(&app, now()).await.expect("run");
    let q = w.wait_for("quality", 1).await;
    let qf = parsed(&q[0]);
    assert!(qf.subject.starts_with("? Refund please"), "{}", qf.subject);
    assert_eq!(qf.attachments[0].content_type, "message/rfc822");
    assert_eq!(case1(&app).await.owner, w.addr("quality"));
    // The old owner's token no longer answers: billing is not the owner any more.
    let (to, late) = reply_to_forward(&forward, &w.addr("billing"), "Done, refunded.", "");
    w.deliver_to(&w.addr("billing"), &to, &late).await;
    run_once(&app, now()).await.expect("run");
    assert_eq!(case1(&app).await.status, CaseStatus::Open);

    // #reply from the new owner: the customer gets the answer, in their thread, from the public address.
    let (to, reply) = reply_to_forward(
        &q[0],
        &w.addr("quality"),
        "#reply\r\nDear customer,\r\nwe refunded order 79 today.",
        "",
    );
    w.deliver_to(&w.addr("quality"), &to, &reply).await;
    run_once(&app, now()).await.expect("run");
    assert_eq!(case1(&app).await.status, CaseStatus::Answered);
    let mut got = Vec::new();
    for _ in 0..50 {
        got = w.customer_mail().await;
        if !got.is_empty() {
            break;
        }
        tokio::time::sleep(StdDuration::from_millis(100)).await;
    }
    assert_eq!(got.len(), 1, "the customer got exactly the answer");
    let answer = parsed(&got[0]);
    assert!(answer.text.contains("we refunded order 79 today."));
    assert!(!answer.text.contains("#reply"));
    assert_eq!(
        header(&got[0], "From").map(|f| f.contains(&w.addr("ceo"))),
        Some(true)
    );
    let customer_mid = parsed(&complaint)
        .message_id
        .expect("complaint has a Message-ID");
    assert_eq!(
        answer.in_reply_to,
        vec![customer_mid],
        "in the customer's thread"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn acknowledgments_follow_ups_and_reopening() {
    let w = World::new();
    let (app, _) = open_one(
        &w,
        "[acknowledgment]\nenabled = true\n",
        "배송 문의",
        "주문한 택배가 아직 도착하지 않았습니다. 확인 부탁드립니다.",
    )
    .await;
    let mut acks = Vec::new();
    for _ in 0..50 {
        acks = w.customer_mail().await;
        if !acks.is_empty() {
            break;
        }
        tokio::time::sleep(StdDuration::from_millis(100)).await;
    }
    assert_eq!(acks.len(), 1);
    let ack = parsed(&acks[0]);
    assert!(
        ack.text.contains("접수 번호는 #1"),
        "Korean template for a Korean customer: {}",
        ack.text
    );
    assert!(
        ack.text.contains("Shipping team"),
        "the team, not a person: {}",
        ack.text
    );
    assert!(!ack.text.contains(&w.addr("shipping")));
    assert_eq!(ack.auto.auto_submitted.as_deref(), Some("auto-replied"));

    // The owner answers; then the customer replies to the acknowledgment: the case reopens and
    // the follow-up goes into the owner's ? thread.
    let forward = w.wait_for("shipping", 1).await.remove(0);
    let (to, answer) = reply_to_forward(
        &forward,
        &w.addr("shipping"),
        "The courier lost it; we sent a new one.",
        "",
    );
    w.deliver_to(&w.addr("shipping"), &to, &answer).await;
    run_once(&app, now()).await.expect("run");
    assert_eq!(case1(&app).await.status, CaseStatus::Answered);
    let (to, follow) = reply_to_forward(&acks[0], &w.customer(), "아직도 못 받았어요.", "");
    w.deliver_to(&w.customer(), &to, &follow).await;
    run_once(&app, now()).await.expect("run");
    assert_eq!(
        case1(&app).await.status,
        CaseStatus::Open,
        "a customer writing on an answered case reopens it"
    );
    let shipping = w.wait_for("shipping", 2).await;
    let f = parsed(&shipping[1]);
    assert!(f.text.contains("아직도 못 받았어요"));
    let root = header(&forward, "Message-ID").expect("mid");
    assert_eq!(
        header(&shipping[1], "In-Reply-To"),
        Some(root),
        "in the owner's existing thread"
    );

    // A second complaint from the same customer inside the window: a new case, possibly related,
    // and no second acknowledgment.
    let other = message(
        &w.customer(),
        &w.addr("ceo"),
        "다른 문의: 환불",
        "환불 요청드립니다.",
        "",
    );
    w.deliver(&w.customer(), &other).await;
    run_once(&app, now()).await.expect("run");
    let case2 = app.store.case(2).await.expect("case").expect("a new case");
    assert_eq!(case2.route, "billing");
    assert!(
        kinds(&app, 2)
            .await
            .contains(&"possibly_related".to_string())
    );
    assert!(kinds(&app, 2).await.contains(&"ack_skipped".to_string()));
    assert_eq!(
        w.customer_mail().await.len(),
        1,
        "one acknowledgment per sender per window"
    );
    let billing = w.wait_for("billing", 1).await;
    assert!(
        parsed(&billing[0])
            .text
            .contains("possibly the same matter as case #1")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn auto_responders_never_get_mail_and_never_loop() {
    let w = World::new();
    let (app, _) = open_one(
        &w,
        "[acknowledgment]\nenabled = true\n",
        "Refund please",
        "refund for order 80",
    )
    .await;
    let mut acks = Vec::new();
    for _ in 0..50 {
        acks = w.customer_mail().await;
        if !acks.is_empty() {
            break;
        }
        tokio::time::sleep(StdDuration::from_millis(100)).await;
    }
    assert_eq!(acks.len(), 1);
    // The customer's auto-responder answers our acknowledgment, again and again (Gmail's
    // vacation responder sets Auto-Submitted; Exchange's sets X-Auto-Response-Suppress).
    for extra in [
        "Auto-Submitted: auto-replied\r\n",
        "X-Autoreply: yes\r\n",
        "Precedence: auto_reply\r\n",
    ] {
        let (to, ooo) = reply_to_forward(&acks[0], &w.customer(), "I am on vacation.", extra);
        w.deliver_to(&w.customer(), &to, &ooo).await;
    }
    let out = run_once(&app, now()).await.expect("run");
    assert_eq!(out.process.processed, 3);
    assert_eq!(out.send.sent, 0, "nothing goes back to an auto-responder");
    assert_eq!(w.customer_mail().await.len(), 1);
    assert_eq!(
        w.mailbox("billing").await.len(),
        1,
        "the owner is not bothered with auto-replies"
    );
    assert_eq!(case1(&app).await.status, CaseStatus::Open);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_caps_hold_mail_on_a_looping_case_and_send_it_later_telling_the_executive_once() {
    let w = World::new();
    let (app, _) = open_one(
        &w,
        "[limits]\nper_case_per_hour = 3\n",
        "Refund please",
        "refund for order 81",
    )
    .await;
    let forward = w.wait_for("billing", 1).await.remove(0);
    for i in 0..4 {
        let (to, bad) = reply_to_forward(&forward, &w.addr("billing"), &format!("#bogus{i}"), "");
        w.deliver_to(&w.addr("billing"), &to, &bad).await;
    }
    run_once(&app, now()).await.expect("run");
    // forward + 2 error replies = 3 mails on the case; the other 2 are held, not dropped.
    let billing = w.settled("billing").await;
    assert_eq!(billing.len(), 3, "{:?}", subjects(&billing));
    let founder = w.mailbox("founder").await;
    let notices: Vec<String> = subjects(&founder)
        .into_iter()
        .filter(|s| s.contains("held back by the hourly caps"))
        .collect();
    assert_eq!(notices.len(), 1, "{notices:?}");
    let history = kinds(&app, 1).await;
    assert_eq!(
        history.iter().filter(|k| *k == "held").count(),
        2,
        "{history:?}"
    );
    // An hour later the held mail goes: every one arrives, the executives are not told again.
    run_once(&app, now() + Duration::minutes(61))
        .await
        .expect("run");
    let billing = w.settled("billing").await;
    assert_eq!(billing.len(), 5, "{:?}", subjects(&billing));
    let notices = subjects(&w.mailbox("founder").await)
        .into_iter()
        .filter(|s| s.contains("held back"))
        .count();
    assert_eq!(notices, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn out_of_office_past_the_deadline_and_bounces_reroute_the_case() {
    let w = World::new();
    let backup = format!("{}cfo@{DOMAIN}", w.prefix);
    let extra = format!(
        "[[routes]]\nname = \"returns\"\nowner = \"{}\"\nkeywords = [\"return label\"]\nescalate_to = \"{}\"\nbackup = \"{backup}\"\n",
        w.addr("triage"),
        w.addr("coo")
    );
    let (app, _) = open_one(
        &w,
        &extra,
        "I need a return label",
        "please send a return label",
    )
    .await;
    assert_eq!(case1(&app).await.route, "returns");
    let forward = w.wait_for("triage", 1).await.remove(0);
    // Exchange out-of-office, back long after the deadline, naming a colleague.
    let (to, ooo) = reply_to_forward(
        &forward,
        &w.addr("triage"),
        &format!(
            "I am out of the office until 2099-01-05. For urgent matters please contact {}.",
            w.addr("quality")
        ),
        "Auto-Submitted: auto-replied\r\nX-Auto-Response-Suppress: All\r\n",
    );
    w.deliver_to(&w.addr("triage"), &to, &ooo).await;
    run_once(&app, now()).await.expect("run");
    assert_eq!(
        case1(&app).await.owner,
        w.addr("quality"),
        "rerouted to the named delegate at once"
    );
    assert!(w.wait_for("quality", 1).await.len() == 1);

    // The new owner's mailbox rejects mail: a DSN quoting our forward's headers comes back.
    let q = w.mailbox("quality").await.remove(0);
    let mid = header(&q, "Message-ID").expect("mid");
    let dsn = format!(
        "Return-Path: <>\r\nFrom: MAILER-DAEMON@mail.example.test (Mail Delivery System)\r\nTo: {ceo}\r\nSubject: Undelivered Mail Returned to Sender\r\nMessage-ID: <dsn{r:x}@mail.example.test>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/report; report-type=delivery-status; boundary=\"b1\"\r\n\r\n--b1\r\nContent-Type: text/plain\r\n\r\nmailbox full\r\n--b1\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mail.example.test\r\n\r\nFinal-Recipient: rfc822; {q}\r\nAction: failed\r\nStatus: 5.2.2\r\n--b1\r\nContent-Type: text/rfc822-headers\r\n\r\nMessage-ID: {mid}\r\nSubject: ? I need a return label [#1]\r\n--b1--\r\n",
        ceo = w.addr("ceo"),
        q = w.addr("quality"),
        r = rand::random::<u32>(),
    );
    w.deliver(&format!("MAILER-DAEMON@{DOMAIN}"), dsn.as_bytes())
        .await;
    run_once(&app, now()).await.expect("run");
    assert_eq!(
        case1(&app).await.owner,
        backup,
        "a bounce sends the case to the route's backup"
    );
    let founder = w.wait_for("founder", 1).await;
    assert!(
        subjects(&founder).iter().any(|s| s.contains("bounced")),
        "{:?}",
        subjects(&founder)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_executive_routes_a_mail_by_hand_only_with_proof_and_only_to_a_colleague() {
    let w = World::new();
    w.set_config("[security]\ntrusted_authserv_id = \"mx.example.test\"\n");
    // A forwarded complaint with `? <to>` on top; `auth` is the receiving server's verdict.
    let forward = |to: &str, auth: &str, note: &str| {
        // Each its own subject, so none threads onto another as the same matter.
        let n = rand::random::<u32>();
        let original = message(
            "Jane Buyer <jane@customer.example>",
            &w.addr("founder"),
            &format!("Terrible experience {n}"),
            "Nobody called me back.",
            "",
        );
        let mut fwd = format!(
            "{auth}From: {f}\r\nTo: {ceo}\r\nSubject: Fwd: Terrible experience {n}\r\nMessage-ID: <{r:x}@example.test>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"m1\"\r\n\r\n--m1\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n? {to} {note}\r\n\r\n--m1\r\nContent-Type: message/rfc822\r\n\r\n",
            f = w.addr("founder"),
            ceo = w.addr("ceo"),
            r = rand::random::<u64>(),
        )
        .into_bytes();
        fwd.extend_from_slice(&original);
        fwd.extend_from_slice(b"\r\n--m1--\r\n");
        fwd
    };
    let pass = "Authentication-Results: mx.example.test; spf=pass smtp.mailfrom=example.test\r\n";
    // 1. Proven by the trusted server: routed to the named colleague.
    w.deliver(
        &w.addr("founder"),
        &forward(&w.addr("quality"), pass, "please call her today"),
    )
    .await;
    let app = w.app().await;
    run_once(&app, now()).await.expect("run");
    let case = case1(&app).await;
    assert_eq!(case.owner, w.addr("quality"));
    assert_eq!(
        case.customer_text(),
        "jane@customer.example",
        "the customer is the original sender"
    );
    let q = w.wait_for("quality", 1).await;
    assert!(
        parsed(&q[0]).text.contains("please call her today"),
        "{}",
        parsed(&q[0]).text
    );
    // 2. The same From line with no verdict (anyone can write it): triage, marked unverified,
    //    and the claimed customer is not taken on trust.
    w.deliver(&w.addr("founder"), &forward(&w.addr("quality"), "", ""))
        .await;
    // 3. A verdict from a server we do not trust counts for nothing.
    let foreign =
        "Authentication-Results: mx.evil.example; spf=pass smtp.mailfrom=example.test\r\n";
    w.deliver(
        &w.addr("founder"),
        &forward(&w.addr("quality"), foreign, ""),
    )
    .await;
    // 4. A proven executive still cannot hand a case to an outsider.
    w.deliver(
        &w.addr("founder"),
        &forward("mallory@evil.example", pass, ""),
    )
    .await;
    run_once(&app, now()).await.expect("run");
    let cases = app.store.list_cases(None, now()).await.expect("list");
    assert_eq!(cases.len(), 4);
    for c in &cases[1..] {
        assert_eq!(c.owner, w.addr("triage"), "case {}", c.id);
        assert_ne!(c.customer_text(), "jane@customer.example", "case {}", c.id);
        let reasons = app.store.events(c.id).await.expect("events");
        let routed = reasons
            .iter()
            .find(|e| e.kind == "routed")
            .map(|e| e.detail.clone())
            .unwrap_or_default();
        let want = if c.id == 4 {
            "not a company address"
        } else {
            "unverified routing request"
        };
        assert!(routed.contains(want), "case {}: {routed}", c.id);
    }
    assert_eq!(
        w.settled("quality").await.len(),
        1,
        "no second forward to quality"
    );
    let outsider: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM outbox WHERE recipients LIKE '%evil.example%'")
            .fetch_one(app.store.pool())
            .await
            .expect("count");
    assert_eq!(outsider, 0);
    // The executives hear of refused routing once a day, not once per attempt.
    let notices = subjects(&w.wait_for("founder", 1).await)
        .into_iter()
        .filter(|s| s.contains("routing request"))
        .count();
    assert_eq!(notices, 1);

    // 5. Without a trusted server, the executive's own digest token is the proof: mail to the
    //    Reply-To of their digest (`ceo+qd-…@`) routes by hand.
    let w2 = World::new();
    let app2 = w2.app().await;
    let founder = qmark::mail::address::Address::parse(&w2.addr("founder")).expect("address");
    let to = w2
        .addr("ceo")
        .replacen('@', &format!("+{}@", app2.digest_token(&founder)), 1);
    let fwd2 = String::from_utf8_lossy(&forward(&w.addr("quality"), "", ""))
        .replace(&w.addr("founder"), &w2.addr("founder"))
        .replace(&w.addr("quality"), &w2.addr("quality"))
        .replace(&w.addr("ceo"), &to);
    w2.deliver_to(&w2.addr("founder"), &to, fwd2.as_bytes())
        .await;
    run_once(&app2, now()).await.expect("run");
    let c = case1(&app2).await;
    assert_eq!(c.owner, w2.addr("quality"));
    assert_eq!(c.customer_text(), "jane@customer.example");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_korean_outlook_reply_answers_with_only_its_new_text() {
    let w = World::new();
    w.deliver_fixture("002-korean-euc-kr.eml").await;
    let app = w.app().await;
    run_once(&app, now()).await.expect("run");
    let forward = w.wait_for("shipping", 1).await.remove(0);
    let reply_to = header(&forward, "Reply-To").expect("Reply-To");
    let reply_to = reply_to.trim_matches(['<', '>']).to_string();
    let mid = header(&forward, "Message-ID").expect("mid");
    // The golden Outlook reply, addressed to this world's forward.
    let raw = String::from_utf8(fixture("016-outlook-reply-ko.eml"))
        .expect("utf-8 fixture")
        .replace("ceo+sometoken@example.test", &reply_to)
        .replace("<q.placeholder@example.test>", &mid)
        .replace(
            "<shipping@example.test>",
            &format!("<{}>", w.addr("shipping")),
        );
    w.deliver_to(&w.addr("shipping"), &reply_to, raw.as_bytes())
        .await;
    run_once(&app, now()).await.expect("run");
    let case = case1(&app).await;
    assert_eq!(case.status, CaseStatus::Answered);
    let answer = app
        .store
        .events(1)
        .await
        .expect("events")
        .into_iter()
        .find(|e| e.kind == "answered")
        .expect("answer");
    assert!(
        !answer.detail.contains("원본 메시지"),
        "quoted history cut: {}",
        answer.detail
    );
    assert!(answer.detail.contains("reply token"), "{}", answer.detail);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reassignment_teaches_the_router_which_suggests_it_until_the_model_earns_a_say() {
    let w = World::new();
    // No rule knows loyalty points: the first such complaint goes to triage.
    let first = message(
        &w.customer(),
        &w.addr("ceo"),
        "My loyalty points vanished",
        "All my loyalty points disappeared from the membership page after the update.",
        "",
    );
    w.deliver(&w.customer(), &first).await;
    let app = w.app().await;
    run_once(&app, now()).await.expect("run");
    assert_eq!(case1(&app).await.route, "triage");
    let forward = w.wait_for("triage", 1).await.remove(0);
    // Triage knows better and hands it to billing.
    let (to, fix) = reply_to_forward(
        &forward,
        &w.addr("triage"),
        &format!("#reassign {}", w.addr("billing")),
        "",
    );
    w.deliver_to(&w.addr("triage"), &to, &fix).await;
    run_once(&app, now()).await.expect("run");
    let case = case1(&app).await;
    assert_eq!(
        (case.route.as_str(), case.owner.as_str()),
        ("billing", w.addr("billing").as_str())
    );
    assert!(
        kinds(&app, 1)
            .await
            .contains(&"route_corrected".to_string())
    );

    // The next similar complaint, from someone else: one correction is too little evidence
    // for the model to route on its own (it earns its say by beating the rules in
    // cross-validation), so it goes to triage again, with the model's billing suggestion in
    // its reasons for the triage owner.
    let second = message(
        &format!("{}other@customer.example", w.prefix),
        &w.addr("ceo"),
        "loyalty points missing",
        "where are my loyalty points? the membership page shows zero",
        "",
    );
    w.deliver(&format!("{}other@customer.example", w.prefix), &second)
        .await;
    run_once(&app, now()).await.expect("run");
    let case2 = app.store.case(2).await.expect("case").expect("second case");
    assert_eq!(
        case2.route, "triage",
        "a model with one example has no say of its own"
    );
    let routed = app
        .store
        .events(2)
        .await
        .expect("events")
        .into_iter()
        .find(|e| e.kind == "routed")
        .expect("routed");
    assert!(
        routed.detail.contains("model (1 examples) says billing"),
        "{}",
        routed.detail
    );
    // And the model survives a restart: it is kept in the database.
    drop(app);
    let app = w.app().await;
    assert_eq!(app.model().examples(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_customers_third_complaint_is_urgent_even_within_one_batch() {
    // Routing is prepared as if each message were a first contact; the customer's earlier
    // cases (here opened earlier in the same batch) must still make the third one urgent.
    let w = World::new();
    let customer = w.customer();
    for (subject, body) in [
        ("Refund please", "refund for order 11"),
        ("Parcel missing", "the courier never delivered order 12"),
        ("Another refund", "refund for order 13 too"),
    ] {
        let m = message(&customer, &w.addr("ceo"), subject, body, "");
        w.deliver(&customer, &m).await;
    }
    w.wait_for("ceo", 3).await;
    let app = w.app().await;
    let out = run_once(&app, now()).await.expect("run");
    assert_eq!(out.process.new_cases, 3);
    let mut priorities = Vec::new();
    for id in 1..=3 {
        let case = app.store.case(id).await.expect("case").expect("a case");
        priorities.push(case.priority);
    }
    assert_eq!(
        priorities,
        [Priority::Normal, Priority::Normal, Priority::Urgent]
    );
    let routed = app
        .store
        .events(3)
        .await
        .expect("events")
        .into_iter()
        .find(|e| e.kind == "routed")
        .expect("routed");
    assert!(
        routed.detail.contains("contact number 3"),
        "{}",
        routed.detail
    );
}

/// The `?` mail as Outlook quotes it under a reply: its header block, no separator, no `>`.
fn outlook_quoted(w: &World, forward: &[u8]) -> String {
    let f = parsed(forward);
    format!(
        "\r\n\r\nFrom: Office of the CEO <{}>\r\nSent: Monday, November 23, 2026 9:05 AM\r\nTo: {}\r\nSubject: {}\r\n\r\n{}",
        w.addr("ceo"),
        w.addr("billing"),
        f.subject,
        f.text.replace('\n', "\r\n")
    )
}

/// A README-only attacker's findings on the owner's side: Outlook's quote went to the customer
/// with `#reply`, and an HTML-only reply's `<div>` lines ran together.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn outlook_and_html_replies_relay_only_the_owners_words() {
    let w = World::new();
    let (app, _) = open_one(&w, "", "Refund please", "refund for order 80").await;
    let forward = w.wait_for("billing", 1).await.remove(0);
    // HTML only, one <div> per line: the command is the first line, the rest its note.
    let (to, html) = reply_to_forward(
        &forward,
        &w.addr("billing"),
        "<div dir=\"ltr\">#wait 3d<div>Waiting on the bank.</div></div>",
        "",
    );
    let html = String::from_utf8(html)
        .expect("utf-8")
        .replace("Content-Type: text/plain", "Content-Type: text/html");
    w.deliver_to(&w.addr("billing"), &to, html.as_bytes()).await;
    run_once(&app, now()).await.expect("run");
    assert_eq!(
        case1(&app).await.status,
        CaseStatus::Waiting,
        "{:?}",
        kinds(&app, 1).await
    );

    // `#reply` from Outlook: the customer gets the owner's words and nothing of the `?` mail.
    let body = format!(
        "#reply\r\nDear customer,\r\nwe refunded order 80 today.{}",
        outlook_quoted(&w, &forward)
    );
    let (to, reply) = reply_to_forward(&forward, &w.addr("billing"), &body, "");
    w.deliver_to(&w.addr("billing"), &to, &reply).await;
    run_once(&app, now()).await.expect("run");
    assert_eq!(case1(&app).await.status, CaseStatus::Answered);
    let mut got = Vec::new();
    for _ in 0..50 {
        got = w.customer_mail().await;
        if got.len() >= 2 {
            break;
        }
        tokio::time::sleep(StdDuration::from_millis(100)).await;
    }
    let answers: Vec<String> = got
        .iter()
        .map(|m| parsed(m).text)
        .filter(|t| t.contains("order 80 today"))
        .collect();
    assert_eq!(answers.len(), 1, "{got:?}");
    for internal in ["office of the CEO", "Case:", "billing", "Subject:"] {
        assert!(
            !answers[0].contains(internal),
            "{internal:?} in {:?}",
            answers[0]
        );
    }
}

/// Replies that answer nobody keep the ladder going; the `??` manager can act; a colleague's
/// refused answer is not silent; the customer's side of the thread always reaches the owner.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn non_answers_keep_the_ladder_the_manager_acts_and_nobody_is_silenced() {
    let w = World::new();
    // The customer writes with her husband in Cc.
    let husband = format!("{}bob@customer.example", w.prefix);
    w.set_config("");
    let complaint = message(
        &w.customer(),
        &w.addr("ceo"),
        "Refund please",
        "refund for order 81",
        &format!("Cc: {husband}\r\n"),
    );
    w.deliver(&w.customer(), &complaint).await;
    let app = w.app().await;
    run_once(&app, now()).await.expect("run once");
    let forward = w.wait_for("billing", 1).await.remove(0);
    let t = now();
    // "ok 👍" and "will check and get back to you" are not the answer.
    for holding in [
        "ok 👍",
        "Will check and get back to you.",
        "확인 후 연락드리겠습니다.",
    ] {
        let (to, r) = reply_to_forward(&forward, &w.addr("billing"), holding, "");
        w.deliver_to(&w.addr("billing"), &to, &r).await;
    }
    // A colleague answers from her own address with the owner's reply address.
    let (to, jane) = reply_to_forward(&forward, &w.addr("quality"), "Refunded it, Jane", "");
    w.deliver_to(&w.addr("quality"), &to, &jane).await;
    run_once(&app, t).await.expect("run");
    let case = case1(&app).await;
    assert_eq!(case.status, CaseStatus::Open, "{:?}", kinds(&app, 1).await);
    let events = kinds(&app, 1).await;
    assert_eq!(
        events.iter().filter(|k| *k == "holding_reply").count(),
        3,
        "{events:?}"
    );
    assert!(
        events.contains(&"unauthorized_reply".to_string()),
        "{events:?}"
    );
    // Jane and the owner are told why her answer did not count.
    let told = w.wait_for("quality", 1).await;
    let notice = parsed(&told[0]);
    assert!(
        notice.subject.starts_with("qmark did not count a reply"),
        "{}",
        notice.subject
    );
    assert!(notice.text.contains("Refunded it, Jane"), "{}", notice.text);
    assert!(
        notice
            .text
            .contains(&format!("#reassign {}", w.addr("quality")))
    );
    let billing = w.wait_for("billing", 2).await;
    assert!(
        billing
            .iter()
            .any(|m| parsed(m).subject.starts_with("qmark did not count"))
    );

    // Past the deadline the manager gets `??` and answers it: that is the case's answer.
    run_once(&app, t + Duration::hours(30)).await.expect("run");
    let cfo = w.wait_for("cfo", 1).await;
    let escalation = cfo
        .iter()
        .find(|m| parsed(m).subject.starts_with("??"))
        .expect("a ?? to the manager");
    let (to, answer) = reply_to_forward(
        escalation,
        &w.addr("cfo"),
        "I called the customer myself and refunded it.",
        "",
    );
    w.deliver_to(&w.addr("cfo"), &to, &answer).await;
    run_once(&app, t + Duration::hours(31)).await.expect("run");
    assert_eq!(
        case1(&app).await.status,
        CaseStatus::Answered,
        "{:?}",
        kinds(&app, 1).await
    );

    // The customer replies to all on that thread with a token that is not hers, and her
    // husband writes on it too: both reach the owner as follow-ups, and the case reopens.
    let (to, hers) = reply_to_forward(escalation, &w.customer(), "The refund has NOT arrived.", "");
    w.deliver_to(&w.customer(), &to, &hers).await;
    let (to, his) = reply_to_forward(&forward, &husband, "It was charged THREE times.", "");
    w.deliver_to(&husband, &to, &his).await;
    run_once(&app, t + Duration::hours(32)).await.expect("run");
    let case = case1(&app).await;
    assert_eq!(
        case.status,
        CaseStatus::Open,
        "reopened: {:?}",
        kinds(&app, 1).await
    );
    let events = app.store.events(1).await.expect("events");
    let follow_ups: Vec<&str> = events
        .iter()
        .filter(|e| e.kind == "follow_up")
        .map(|e| e.detail.as_str())
        .collect();
    assert_eq!(follow_ups.len(), 2, "{events:?}");
    assert!(
        follow_ups.iter().any(|t| t.contains(&husband)),
        "{follow_ups:?}"
    );
    let owner_got: Vec<String> = w
        .wait_for("billing", 4)
        .await
        .iter()
        .map(|m| parsed(m).text)
        .collect();
    for said in ["NOT arrived", "THREE times"] {
        assert!(
            owner_got.iter().any(|t| t.contains(said)),
            "{said}: {owner_got:?}"
        );
    }
}

/// A README-only attacker's `#reply` with "the receipt is attached" reached the customer
/// without the file.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reply_carries_the_owners_attachments_to_the_customer() {
    let w = World::new();
    let (app, _) = open_one(&w, "", "Refund please", "refund for order 82").await;
    let forward = w.wait_for("billing", 1).await.remove(0);
    let (to, plain) = reply_to_forward(&forward, &w.addr("billing"), "unused", "");
    let head = String::from_utf8(plain).expect("utf-8");
    let head = head
        .split("Content-Type: text/plain; charset=utf-8\r\n")
        .next()
        .expect("headers")
        .to_string();
    let raw = format!(
        "{head}MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n--b1\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n#reply\r\nDear customer,\r\nthe refund receipt is attached.\r\n--b1\r\nContent-Type: application/pdf; name=\"receipt-82.pdf\"\r\nContent-Disposition: attachment; filename=\"receipt-82.pdf\"\r\nContent-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQKJcOkw7zDtsOfCjEgMCBvYmoKPDw+PgplbmRvYmoKdHJhaWxlcgo8PD4+CiUlRU9GCg==\r\n--b1--\r\n"
    );
    w.deliver_to(&w.addr("billing"), &to, raw.as_bytes()).await;
    run_once(&app, now()).await.expect("run");
    assert_eq!(
        case1(&app).await.status,
        CaseStatus::Answered,
        "{:?}",
        kinds(&app, 1).await
    );
    let mut got = Vec::new();
    for _ in 0..50 {
        got = w.customer_mail().await;
        if got
            .iter()
            .any(|m| parsed(m).text.contains("receipt is attached"))
        {
            break;
        }
        tokio::time::sleep(StdDuration::from_millis(100)).await;
    }
    let answer = got
        .iter()
        .map(|m| parsed(m))
        .find(|m| m.text.contains("receipt is attached"))
        .expect("the answer reached the customer");
    let names: Vec<Option<String>> = answer.attachments.iter().map(|a| a.name.clone()).collect();
    assert_eq!(names, [Some("receipt-82.pdf".to_string())]);
    assert_eq!(answer.attachments[0].content_type, "application/pdf");
}

/// The owner answers from a client that wrote to the public address and dropped the thread's
/// headers: once keeping the `[#1]` tag, once with only "Re: <the customer's subject>". Neither
/// counts (a From line proves nothing) and neither opens a case with the owner as its customer;
/// the owner is told, without the text (the From may be forged), instead of learning of it from
/// a `??` a day later (a README-only attacker's findings).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_owners_reply_that_lost_its_markers_is_not_counted_and_the_owner_is_told() {
    let w = World::new();
    let (app, _) = open_one(
        &w,
        "",
        "Refund for order 77",
        "I want a refund for order 77.",
    )
    .await;
    w.wait_for("billing", 1).await;
    let tagged = message(
        &w.addr("billing"),
        &w.addr("ceo"),
        "RE: RE: FW: ? Refund for order 77 [#1]",
        "Refunded in full today, secret internal note: margin 40%.",
        "",
    );
    w.deliver(&w.addr("billing"), &tagged).await;
    let bare = message(
        &w.addr("billing"),
        &w.addr("ceo"),
        "Re: Refund for order 77",
        "Refunded in full today.",
        "",
    );
    w.deliver(&w.addr("billing"), &bare).await;
    // The same from behind a mail gateway's mark, from a colleague who is not on the case, and
    // from an executive: none opens a case with one of the company's people as its customer.
    let gateway = message(
        &w.addr("billing"),
        &w.addr("ceo"),
        "[EXTERNAL] Re: Refund for order 77",
        "Refunded.",
        "",
    );
    w.deliver(&w.addr("billing"), &gateway).await;
    let colleague = message(
        &w.addr("shipping"),
        &w.addr("ceo"),
        "RE: ? Refund for order 77 [#1]",
        "I refunded it from the shipping desk.",
        "",
    );
    w.deliver(&w.addr("shipping"), &colleague).await;
    let executive = message(
        &w.addr("founder"),
        &w.addr("ceo"),
        "Re: Refund for order 77",
        "Please make sure this one is refunded today.",
        "",
    );
    w.deliver(&w.addr("founder"), &executive).await;
    run_once(&app, now()).await.expect("run");

    assert_eq!(case1(&app).await.status, CaseStatus::Open);
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM cases").await,
        1,
        "no case with the owner as its customer"
    );
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM outbox WHERE purpose = 'ack'").await,
        0
    );
    // All five are on the case's history; the notice goes once a case, sender and day, so mail
    // in a forged name cannot make qmark flood the office: the owner hears of each of the three
    // senders once, the colleague and the executive of their own.
    assert_eq!(
        kinds(&app, 1)
            .await
            .iter()
            .filter(|k| *k == "unauthorized_reply")
            .count(),
        5
    );
    for (role, n) in [("shipping", 1), ("founder", 1)] {
        w.wait_for(role, n).await;
    }
    w.wait_for("billing", 4).await;
    let told = w.settled("billing").await;
    let notices: Vec<_> = told
        .iter()
        .map(|m| parsed(m))
        .filter(|m| m.subject.starts_with("qmark did not count a reply"))
        .collect();
    assert_eq!(notices.len(), 3, "{:?}", subjects(&told));
    assert_eq!(w.settled("shipping").await.len(), 1);
    assert_eq!(w.settled("founder").await.len(), 1);
    for n in &notices {
        assert!(n.subject.contains("[#1]"), "{}", n.subject);
        assert!(
            n.text.contains("without the case's reply token"),
            "{}",
            n.text
        );
        assert!(
            !n.text.contains("Refunded in full"),
            "not quoted: {}",
            n.text
        );
        assert!(!n.text.contains("margin 40%"), "not quoted: {}", n.text);
    }
    // With the token, the same owner's answer counts.
    let forward = w.mailbox("billing").await.remove(0);
    let (to, r) = reply_to_forward(&forward, &w.addr("billing"), "Refunded in full today.", "");
    w.deliver_to(&w.addr("billing"), &to, &r).await;
    run_once(&app, now()).await.expect("run");
    assert_eq!(case1(&app).await.status, CaseStatus::Answered);
}

/// Attack round six: `#reassign` to another route's owner moves the case to that route, so its
/// `??` goes to that route's manager (it had gone to the old route's); `#normal` after the
/// reassignment counts from it, not from the opening; `#reassign` to oneself changes nothing.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reassigned_case_climbs_to_its_new_routes_manager_on_its_new_clock() {
    let w = World::new();
    let (app, _) = open_one(&w, "", "Refund please", "refund for order 79").await;
    let forward = w.wait_for("billing", 1).await.remove(0);
    let t0 = case1(&app).await.opened_at;
    let near = |a: chrono::DateTime<chrono::Utc>, b: chrono::DateTime<chrono::Utc>| {
        (a - b).num_seconds().abs() < 2
    };
    let billing = w.addr("billing");
    // To oneself, also through a plus-address (attack round seven).
    let plus = billing.replacen('@', "+x@", 1);
    for me in [&billing, &plus] {
        let (to, own) = reply_to_forward(&forward, &billing, &format!("#reassign {me}"), "");
        w.deliver_to(&billing, &to, &own).await;
    }
    run_once(&app, t0 + Duration::hours(1)).await.expect("run");
    let c = case1(&app).await;
    assert_eq!((c.owner.as_str(), c.rung), (billing.as_str(), 0));
    assert!(near(c.deadline, t0 + Duration::hours(24)), "{}", c.deadline);
    let errors = kinds(&app, 1).await;
    assert_eq!(
        errors.iter().filter(|k| *k == "command_error").count(),
        2,
        "{errors:?}"
    );

    let (to, give) = reply_to_forward(
        &forward,
        &billing,
        &format!("#reassign {}", w.addr("shipping")),
        "",
    );
    w.deliver_to(&billing, &to, &give).await;
    run_once(&app, t0 + Duration::hours(20)).await.expect("run");
    let c = case1(&app).await;
    assert_eq!(c.route, "shipping");
    assert_eq!(c.escalate_to, w.addr("coo"), "shipping's manager");
    assert!(near(c.deadline, t0 + Duration::hours(44)), "{}", c.deadline);

    let shipping = w.addr("shipping");
    let fwd = w.wait_for("shipping", 1).await.remove(0);
    for (body, at) in [("#urgent", 21), ("#normal", 22)] {
        let (to, cmd) = reply_to_forward(&fwd, &shipping, body, "");
        w.deliver_to(&shipping, &to, &cmd).await;
        run_once(&app, t0 + Duration::hours(at)).await.expect("run");
    }
    let c = case1(&app).await;
    assert!(
        near(c.deadline, t0 + Duration::hours(44)),
        "normal again counts from the reassignment: {}",
        c.deadline
    );
    assert_eq!(c.rung, 0);

    run_once(&app, t0 + Duration::hours(45)).await.expect("run");
    assert_eq!(case1(&app).await.rung, 1);
    let coo = w.wait_for("coo", 1).await;
    assert!(
        parsed(&coo[0]).subject.starts_with("??"),
        "{}",
        parsed(&coo[0]).subject
    );
    assert!(
        w.settled("cfo").await.is_empty(),
        "billing's manager is not asked"
    );
}

/// Attack round six, a judgement call: `#wait` on a closed case paused it, and when the pause
/// ended the case came back open and climbed the ladder with nobody asking. Now it is refused
/// and the owner told; the case stays closed.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wait_on_a_closed_case_changes_nothing_and_says_so() {
    let w = World::new();
    let (app, _) = open_one(&w, "", "Refund please", "refund for order 79").await;
    let forward = w.wait_for("billing", 1).await.remove(0);
    let billing = w.addr("billing");
    let t0 = now();
    let (to, close) = reply_to_forward(&forward, &billing, "#resolve", "");
    w.deliver_to(&billing, &to, &close).await;
    run_once(&app, t0).await.expect("run");
    assert_eq!(case1(&app).await.status, CaseStatus::Closed);
    let (to, wait) = reply_to_forward(&forward, &billing, "#wait 2d", "");
    w.deliver_to(&billing, &to, &wait).await;
    run_once(&app, t0 + Duration::minutes(1))
        .await
        .expect("run");
    let told = w.wait_for("billing", 2).await;
    assert!(
        parsed(&told[1]).text.contains("is closed"),
        "{}",
        parsed(&told[1]).text
    );
    let later = run_once(&app, t0 + Duration::days(5)).await.expect("run");
    assert_eq!(later.escalated, 0);
    assert_eq!(case1(&app).await.status, CaseStatus::Closed);
}
