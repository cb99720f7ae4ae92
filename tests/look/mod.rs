//! What people see (issue 16), through the real Dovecot + Postfix: every time in a mail is in
//! its reader's zone and language, a case that passed two deadlines while qmark was down
//! climbs in one mail, and the digest's chart is an inline PNG the HTML refers to.

use chrono::{DateTime, Utc};
use mail_parser::MimeHeaders;
use qmark::runner::run_once;

use crate::support::*;

fn utc(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s)
        .expect("valid test time")
        .with_timezone(&Utc)
}

/// `from` writes to the public address, as a plain mail client would; returns once it is there.
async fn complain(w: &World, from: &str, subject: &str, body: &str) {
    w.deliver(from, &message(from, &w.addr("ceo"), subject, body, ""))
        .await;
}

fn text_of(raw: &[u8]) -> String {
    parsed(raw).text
}

/// The Seoul, New York and Berlin offices, 09:00-18:00 on weekdays, one route each and each
/// route's owner on their office's calendar; Berlin is the default (the operator's) calendar.
fn three_zones(w: &World) -> String {
    let week = r#"hours = { mon = "09:00-18:00", tue = "09:00-18:00", wed = "09:00-18:00", thu = "09:00-18:00", fri = "09:00-18:00" }"#;
    let extra = format!(
        r#"
[acknowledgment]
enabled = true

[time]
calendar = "berlin"

[calendars.seoul]
timezone = "Asia/Seoul"
{week}
people = ["{billing}"]

[calendars.newyork]
timezone = "America/New_York"
{week}
people = ["{shipping}"]

[calendars.berlin]
timezone = "Europe/Berlin"
{week}
people = ["{quality}"]
"#,
        billing = w.addr("billing"),
        shipping = w.addr("shipping"),
        quality = w.addr("quality"),
    );
    let cfo = w.addr("cfo");
    let cto = w.addr("cto");
    w.config_text(&extra)
        .replace(
            &format!("escalate_to = \"{cfo}\""),
            &format!("escalate_to = \"{cfo}\"\ncalendar = \"seoul\""),
        )
        .replace(
            "\"tracking\", \"배송\", \"택배\", \"配達\", \"配送\"]",
            "\"tracking\", \"배송\", \"택배\", \"配達\", \"配送\"]\ncalendar = \"newyork\"",
        )
        .replace(
            &format!("escalate_to = \"{cto}\""),
            &format!("escalate_to = \"{cto}\"\ncalendar = \"berlin\""),
        )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_owner_reads_the_deadline_in_their_own_zone_and_the_customer_in_korean() {
    let w = World::new();
    std::fs::write(&w.config_path, three_zones(&w)).expect("write config");
    let app = w.app().await;
    let kim = w.customer();
    complain(
        &w,
        &kim,
        "결제 오류",
        "결제 오류로 이중 청구되었습니다. 환불 부탁드립니다.",
    )
    .await;
    complain(
        &w,
        "ann@customer.example",
        "Where is my package",
        "My package never arrived and the courier tracking is stuck.",
    )
    .await;
    complain(
        &w,
        "bob@customer.example",
        "Kettle arrived broken",
        "The kettle arrived broken in a damaged box.",
    )
    .await;
    // Wednesday 2 December 00:10 UTC: 09:10 in Seoul, 19:10 on Tuesday in New York, 01:10 in
    // Berlin. 24 working hours of 9-hour days from there, each on its own office's clock.
    let now = utc("2026-12-02T00:10:00Z");
    let o = run_once(&app, now).await.expect("run");
    assert_eq!(o.process.new_cases, 3);
    // Each forward waits for its owner's working hours: Berlin opens at 08:00 UTC, New York
    // at 14:00 UTC.
    run_once(&app, utc("2026-12-02T08:30:00Z"))
        .await
        .expect("run");
    run_once(&app, utc("2026-12-02T14:30:00Z"))
        .await
        .expect("run");

    for (owner, want) in [
        // Seoul: Wednesday 8 h 50 min, Thursday 9 h, Friday 6 h 10 min.
        (
            "billing",
            "by Fri 4 Dec, 15:10 (Seoul) — 24 working hours from now",
        ),
        // New York and Berlin are closed now: the clock starts at Wednesday 09:00 there.
        (
            "shipping",
            "by Fri 4 Dec, 15:00 (New York) — 24 working hours from now",
        ),
        (
            "quality",
            "by Fri 4 Dec, 15:00 (Berlin) — 24 working hours from now",
        ),
    ] {
        let forward = w.wait_for(owner, 1).await.remove(0);
        let text = text_of(&forward);
        assert!(
            text.contains(want),
            "{owner}'s forward says its deadline on their clock: {text}"
        );
        assert!(
            !text.contains(".000Z") && !text.contains("UTC"),
            "no machine times for {owner}: {text}"
        );
        // The customer's own Date line is shown in the owner's zone too (sent 09:00 UTC).
        let date = match owner {
            "billing" => "Mon 23 Nov, 18:00 (Seoul)",
            "shipping" => "Mon 23 Nov, 04:00 (New York)",
            _ => "Mon 23 Nov, 10:00 (Berlin)",
        };
        assert!(text.contains(date), "{owner}: {text}");
    }

    // The Korean customer's acknowledgment, in Korean, on Seoul's clock (no zone named).
    let ack = w
        .customer_mail()
        .await
        .into_iter()
        .map(|m| text_of(&m))
        .find(|t| t.contains("대표이사실"))
        .expect("a Korean acknowledgment");
    assert!(ack.contains("12월 4일(금) 오후 3:10까지"), "{ack}");

    // The operator's `cases list` and `cases show` are on the default calendar (Berlin);
    // `--json` keeps UTC.
    let billing = app
        .store
        .list_cases(None, now)
        .await
        .expect("list")
        .into_iter()
        .find(|c| c.route == "billing")
        .expect("the billing case");
    assert_eq!(billing.deadline, utc("2026-12-04T06:10:00.000Z"));
    let config = w.config_path.to_str().expect("utf-8 path");
    let now_arg = "2026-12-02T00:10:00Z";
    let out = std::process::Command::new(qmark_bin())
        .args(["cases", "--config", config, "list", "--now", now_arg])
        .output()
        .expect("qmark runs");
    let list = String::from_utf8_lossy(&out.stdout);
    assert!(list.contains("Fri 4 Dec, 07:10 (Berlin)"), "{list}");
    let id = billing.id.to_string();
    let out = std::process::Command::new(qmark_bin())
        .args(["cases", "--config", config, "show", &id, "--now", now_arg])
        .output()
        .expect("qmark runs");
    let show = String::from_utf8_lossy(&out.stdout);
    assert!(
        show.contains("deadline:  Fri 4 Dec, 07:10 (Berlin)"),
        "{show}"
    );
    let out = std::process::Command::new(qmark_bin())
        .args(["cases", "--config", config, "show", &id, "--json"])
        .output()
        .expect("qmark runs");
    let json = String::from_utf8_lossy(&out.stdout);
    assert!(
        json.contains("\"deadline\": \"2026-12-04T06:10:00.000Z\""),
        "{json}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn after_downtime_a_case_climbs_straight_to_the_top_rung_in_one_mail() {
    let w = World::new();
    let app = w.app().await;
    complain(
        &w,
        "ann@customer.example",
        "Refund for a double charge",
        "I was charged twice for my order. Please refund the double charge.",
    )
    .await;
    let t0 = utc("2026-12-01T09:00:00Z");
    run_once(&app, t0).await.expect("run");
    w.wait_for("billing", 1).await;

    // qmark is down for three days: the deadline (24 h) and the `??` rung's own (24 h more)
    // both pass. One pass climbs both rungs.
    let back = utc("2026-12-04T10:00:00Z");
    let o = run_once(&app, back).await.expect("run");
    assert_eq!(o.escalated, 2, "two rungs climbed");
    let case = app
        .store
        .list_cases(None, back)
        .await
        .expect("list")
        .remove(0);
    assert_eq!(case.rung, 2);

    // One `???` mail: to the founder, with the `??` contact and the owner in Cc, each of
    // them getting their own copy of that one mail and nothing else.
    w.wait_for("founder", 1).await;
    let cfo = w.wait_for("cfo", 1).await;
    let billing = w.wait_for("billing", 2).await;
    let founder = w.settled("founder").await;
    let cfo_all = w.settled("cfo").await;
    assert_eq!((founder.len(), cfo_all.len()), (1, 1), "one mail each");
    let subject = parsed(&founder[0]).subject;
    assert!(subject.starts_with("??? Refund"), "{subject}");
    assert_eq!(
        parsed(&cfo[0]).subject,
        subject,
        "the same mail, not a `??`"
    );
    assert!(
        subjects(&billing).iter().all(|s| !s.starts_with("?? ")),
        "the owner got no `??` either: {:?}",
        subjects(&billing)
    );
    let cc = header(&founder[0], "Cc").expect("Cc");
    assert!(
        cc.contains(&w.addr("cfo")) && cc.contains(&w.addr("billing")),
        "{cc}"
    );
    // The mail says how late, in words.
    let text = text_of(&founder[0]);
    assert!(text.contains("(2 days 1 hour ago)"), "{text}");

    // Each rung recorded once, the passed-over one saying so.
    let events = app.store.events(case.id).await.expect("events");
    let climbed: Vec<&str> = events
        .iter()
        .filter(|e| e.kind == "escalated")
        .map(|e| e.detail.as_str())
        .collect();
    assert_eq!(climbed.len(), 2, "{climbed:?}");
    assert!(climbed[0].starts_with("?? to ") && climbed[0].contains("straight to ???"));
    assert!(climbed[1].starts_with("??? to "));

    // Again, and after a restart: nothing more.
    assert_eq!(run_once(&app, back).await.expect("run").escalated, 0);
    let restarted = w.app().await;
    let later = back + chrono::Duration::hours(30);
    assert_eq!(run_once(&restarted, later).await.expect("run").escalated, 0);
    assert_eq!(w.settled("founder").await.len(), 1);
    assert_eq!(w.settled("cfo").await.len(), 1);

    // The digest's last activity is the customer's complaint, not qmark's own rung.
    let (view, _, _) = qmark::digest::render(&restarted, later)
        .await
        .expect("digest");
    assert_eq!(view.at_risk.len(), 1);
    assert_eq!(view.at_risk[0].last_activity, "4 days 7 hours ago");
}

fn subjects(msgs: &[Vec<u8>]) -> Vec<String> {
    msgs.iter().map(|m| parsed(m).subject).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_digest_chart_is_an_inline_png_that_its_html_refers_to() {
    let w = World::new();
    w.set_config(&format!(
        "\n[digest]\nschedule = \"0 0 8 * * *\"\ntimezone = \"UTC\"\nto = [\"{}\"]\n",
        w.addr("founder")
    ));
    let app = w.app().await;
    complain(
        &w,
        "ann@customer.example",
        "Refund for a double charge",
        "I was charged twice for my order.",
    )
    .await;
    run_once(&app, utc("2026-12-01T07:00:00Z"))
        .await
        .expect("run");
    let o = run_once(&app, utc("2026-12-02T08:00:00Z"))
        .await
        .expect("run");
    assert_eq!(o.digests, 1);
    let digest = w.wait_for("founder", 1).await.remove(0);
    let message = mail_parser::MessageParser::default()
        .parse(&digest)
        .expect("the digest parses");
    let html = message.body_html(0).expect("an HTML part").to_string();
    assert!(!html.to_ascii_lowercase().contains("<svg"), "no SVG");
    for external in ["src=\"http", "src='http", "url(", "<link", "<script"] {
        assert!(!html.contains(external), "no external resource: {external}");
    }
    let cid = "chart.digest@qmark";
    assert!(html.contains(&format!("src=\"cid:{cid}\"")), "{html}");
    assert!(html.contains("12-01: 1 new, 0 answered"), "the alt text");
    let raw = String::from_utf8_lossy(&digest);
    assert!(
        raw.contains("multipart/related"),
        "the image is related to the HTML"
    );
    let png = message
        .parts
        .iter()
        .find(|p| p.content_id() == Some(cid))
        .expect("a part with the chart's Content-ID");
    assert_eq!(
        png.content_type().map(|c| (c.ctype(), c.subtype())),
        Some(("image", Some("png")))
    );
    assert!(png.contents().starts_with(b"\x89PNG\r\n\x1a\n"), "a PNG");
    // The text part keeps the numbers for clients that read only text, and every time in it
    // is words in the founder's zone (UTC here), not RFC 3339.
    let text = message.body_text(0).expect("a text part");
    assert!(text.contains("NEW AND ANSWERED, LAST 14 DAYS"), "{text}");
    assert!(!text.contains(".000Z"), "{text}");
}
