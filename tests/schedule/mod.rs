//! Time: calendars, reminders, the ladder, catch-up, the digest's schedules and reports.

use qmark::runner::run_once;

use crate::support::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_week_of_working_time_with_a_weekend_a_holiday_and_an_outage() {
    let w = World::new();
    // The office works 09:00-17:00 UTC, Monday to Friday; Thursday 2026-12-03 is a holiday.
    // The COO works Seoul hours (09:00-17:00 KST = 00:00-08:00 UTC).
    let extra = format!(
        r#"
[time]
calendar = "office"
reminders = ["50%", "90%"]

[calendars.office]
timezone = "UTC"
hours = {{ mon = "09:00-17:00", tue = "09:00-17:00", wed = "09:00-17:00", thu = "09:00-17:00", fri = "09:00-17:00" }}
holidays = ["2026-12-03"]

[calendars.seoul]
timezone = "Asia/Seoul"
hours = {{ mon = "09:00-17:00", tue = "09:00-17:00", wed = "09:00-17:00", thu = "09:00-17:00", fri = "09:00-17:00" }}
people = ["{coo}"]
"#,
        coo = w.addr("coo")
    );
    let cfo = w.addr("cfo");
    let cto = w.addr("cto");
    let text = w
        .config_text(&extra)
        .replace(
            &format!("deadline = \"24h\"\nescalate_to = \"{cfo}\""),
            &format!("deadline = \"16h\"\nescalate_to = \"{cfo}\"\nrung_deadline = \"8h\""),
        )
        .replace(
            &format!("deadline = \"24h\"\nescalate_to = \"{cto}\""),
            &format!("deadline = \"4h\"\nescalate_to = \"{cto}\""),
        );
    std::fs::write(&w.config_path, text).expect("write config");
    let app = w.app().await;
    let mut inbox = 0;

    // Wednesday 13:00: a billing complaint (A) and one for triage (F).
    deliver_raw(
        &w,
        &mut inbox,
        complaint(
            "ann@customer.example",
            "Refund for a double charge",
            "I was charged twice for my order. Please refund the double charge.",
        ),
    )
    .await;
    deliver_raw(&w, &mut inbox, fixture("012-no-message-id.eml")).await;
    let o = run_once(&app, utc("2026-12-02T13:00:00Z"))
        .await
        .expect("run");
    assert_eq!(o.process.new_cases, 2);
    let a = case_by_subject(&app, "Refund for a double charge").await;
    // 16 working hours: Wednesday 4, Thursday is a holiday, Friday 8, Monday 4.
    assert_eq!(
        a.deadline,
        utc("2026-12-07T13:00:00.000Z"),
        "deadline in working time"
    );

    // Thursday is a holiday: nothing is due.
    let o = run_once(&app, utc("2026-12-03T12:00:00Z"))
        .await
        .expect("run");
    assert_eq!((o.reminded, o.escalated), (0, 0));

    // Friday 13:00 is 50% of A's working time. Triage answers F.
    let f_forward = w.wait_for("triage", 1).await.remove(0);
    let (to, reply) = reply_to_forward(&f_forward, &w.addr("triage"), "Sorted.", "");
    w.send(&w.addr("triage"), &to, &reply).await;
    deliver_count(&w, &mut inbox).await;
    // B arrives for shipping, whose escalation contact (the COO) is in Seoul.
    deliver_raw(
        &w,
        &mut inbox,
        complaint(
            "bob@customer.example",
            "Package never arrived",
            "My package never arrived and the courier tracking is stuck.",
        ),
    )
    .await;
    let o = run_once(&app, utc("2026-12-04T13:00:00Z"))
        .await
        .expect("run");
    assert_eq!(o.reminded, 1, "A's 50% reminder");
    let again = run_once(&app, utc("2026-12-04T13:00:00Z"))
        .await
        .expect("run");
    assert_eq!(again.reminded, 0, "a reminder is sent once");
    let b = case_by_subject(&app, "Package never arrived").await;
    // 24 working hours from Friday 13:00: Friday 4, Monday 8, Tuesday 8, Wednesday 4.
    assert_eq!(b.deadline, utc("2026-12-09T13:00:00.000Z"));

    // The weekend: nothing.
    let o = run_once(&app, utc("2026-12-05T12:00:00Z"))
        .await
        .expect("run");
    assert_eq!((o.reminded, o.escalated), (0, 0));

    // Monday 11:30: past A's 90% point (11:24).
    let o = run_once(&app, utc("2026-12-07T11:30:00Z"))
        .await
        .expect("run");
    assert_eq!((o.reminded, o.escalated), (1, 0));
    // Monday 13:00: A's deadline: `??` to the CFO, owner in Cc. Once.
    let o = run_once(&app, utc("2026-12-07T13:00:00Z"))
        .await
        .expect("run");
    assert_eq!(o.escalated, 1);
    let o = run_once(&app, utc("2026-12-07T13:00:00Z"))
        .await
        .expect("run");
    assert_eq!(o.escalated, 0, "each rung once");
    // Monday 17:30: the `??` rung's 50% point (17:00) and B's 50% point (17:00) were at
    // closing time: nothing goes out in the evening.
    let o = run_once(&app, utc("2026-12-07T17:30:00Z"))
        .await
        .expect("run");
    assert_eq!((o.reminded, o.escalated), (0, 0), "no mail out of hours");
    // Tuesday 09:00: both go out when the owners start work.
    let o = run_once(&app, utc("2026-12-08T09:00:00Z"))
        .await
        .expect("run");
    assert_eq!(o.reminded, 2, "A's `??` 50% and B's 50%");
    let o = run_once(&app, utc("2026-12-08T12:30:00Z"))
        .await
        .expect("run");
    assert_eq!(o.reminded, 1, "A's `??` 90% at 12:12");
    // Tuesday 13:00: the `??` rung's own deadline passed: `???` to the executive.
    let o = run_once(&app, utc("2026-12-08T13:00:00Z"))
        .await
        .expect("run");
    assert_eq!(o.escalated, 1);
    assert_eq!(
        app.store.case(a.id).await.expect("case").expect("a").rung,
        2
    );

    // Tuesday afternoon: three quality complaints (4 h deadline), an hour apart; two from
    // the same customer.
    for (hour, from, subject) in [
        (14, "cat@customer.example", "Kettle arrived broken"),
        (15, "cat@customer.example", "Lamp arrived broken too"),
        (16, "dan@customer.example", "Chair arrived broken"),
    ] {
        deliver_raw(
            &w,
            &mut inbox,
            complaint(
                from,
                subject,
                &format!("The {subject} - it arrived broken in a damaged box."),
            ),
        )
        .await;
        run_once(&app, utc(&format!("2026-12-08T{hour}:00:00Z")))
            .await
            .expect("run");
    }

    // The digest at Wednesday 08:00, before anything else happens: its numbers are the
    // database's.
    let at = utc("2026-12-09T08:00:00Z");
    let (view, txt, html) = qmark::digest::render(&app, at).await.expect("digest");
    let pool = app.store.pool();
    let q = |sql: &'static str| sqlx::query_scalar::<_, i64>(sql);
    let overdue = q("SELECT COUNT(*) FROM cases WHERE status = 'open' AND deadline <= '2026-12-09T08:00:00.000Z'")
        .fetch_one(pool)
        .await
        .expect("count");
    assert_eq!(view.overdue_count as i64, overdue);
    assert_eq!(overdue, 1, "A");
    // About to breach (4 working hours or less): B (4 h left), the three quality cases.
    assert_eq!(view.about_to_breach_count, 4);
    assert_eq!(view.at_risk.len() as i64, overdue + 4);
    assert!(view.at_risk[0].overdue && view.at_risk[0].rung == "???");
    assert_eq!(view.at_risk[0].subject, "Refund for a double charge");
    assert!(view.at_risk[0].summary.starts_with("I was charged twice"));
    let quality = view
        .intake
        .iter()
        .find(|r| r.route == "quality")
        .expect("quality intake");
    let db_quality = q("SELECT COUNT(*) FROM cases WHERE route = 'quality' AND opened_at >= '2026-12-08T08:00:00.000Z'")
        .fetch_one(pool)
        .await
        .expect("count");
    assert_eq!(
        (quality.total as i64, quality.normal, quality.urgent),
        (db_quality, 3, 0)
    );
    // Deadlines that fell in the last 7 days: A missed, F met.
    let billing = view
        .attainment_routes
        .iter()
        .find(|r| r.name == "billing")
        .expect("billing");
    assert_eq!((billing.met, billing.due), (0, 1));
    let triage = view
        .attainment_routes
        .iter()
        .find(|r| r.name == "triage")
        .expect("triage");
    assert_eq!(
        (triage.met, triage.due, triage.percent.as_str()),
        (1, 1, "100%")
    );
    let db_met = q("SELECT COUNT(*) FROM cases WHERE deadline >= '2026-12-02T08:00:00.000Z' AND deadline < '2026-12-09T08:00:00.000Z' AND first_answered_at <= deadline")
        .fetch_one(pool)
        .await
        .expect("count");
    let met: usize = view.attainment_routes.iter().map(|r| r.met).sum();
    assert_eq!(met as i64, db_met);
    // F was answered Friday 13:00, two days after it came in.
    assert_eq!(
        (view.response.answered, view.response.median.as_str()),
        (1, "2 days")
    );
    assert_eq!(view.repeat_customers.len(), 1);
    assert_eq!(view.repeat_customers[0].customer, "cat@customer.example");
    assert_eq!(view.repeat_customers[0].messages, 2);
    let words = view
        .phrases
        .iter()
        .find(|p| p.route == "quality")
        .expect("quality phrases");
    assert!(
        words
            .phrases
            .iter()
            .any(|p| p.phrase == "arrived broken" && p.cases == 3),
        "{words:?}"
    );
    let today = view.days.last().expect("14 days");
    assert_eq!((today.date.as_str(), view.days.len()), ("12-09", 14));
    assert!(
        !html.contains("<svg")
            && html.contains("src=\"cid:chart.digest@qmark\"")
            && html.contains("12-08: 3 new"),
        "chart: an inline PNG with the numbers in its alt text"
    );
    assert!(
        txt.contains("AT RISK (1 overdue, 4 about to breach)"),
        "{txt}"
    );
    // Cargo's scratch folder for tests: it exists wherever CARGO_TARGET_DIR points.
    let out = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("digest-week.html");
    std::fs::write(&out, &html).expect("write the digest for a screenshot");

    // An outage: nothing runs from Tuesday 16:00 to Wednesday 13:00. By then all three
    // quality cases are past their deadline: the CTO gets one catch-up mail listing them.
    // B's deadline (Wednesday 13:00) has passed too, but it is 22:00 in Seoul: the COO's `??`
    // waits for the morning.
    let o = run_once(&app, utc("2026-12-09T13:00:00Z"))
        .await
        .expect("run");
    assert_eq!(o.escalated, 3, "three quality cases climbed, B waits");
    w.wait_for("cto", 1).await;
    let cto_mail = w.settled("cto").await;
    assert_eq!(cto_mail.len(), 1, "one catch-up mail, not three");
    let summary = parsed(&cto_mail[0]);
    assert_eq!(
        summary.subject,
        "?? 3 cases passed their deadline without an answer"
    );
    for s in [
        "Kettle arrived broken",
        "Lamp arrived broken too",
        "Chair arrived broken",
    ] {
        assert!(summary.text.contains(s), "{}", summary.text);
    }
    assert_eq!(
        app.store.case(b.id).await.expect("case").expect("b").rung,
        0
    );
    assert!(
        w.settled("coo").await.is_empty(),
        "nothing to the COO at night"
    );

    // The CTO answers the catch-up mail itself: that is not a complaint (no case opens), and
    // the CTO is no executive, so nothing on the listed cases changes.
    let cases_before = app.store.list_cases(None, now()).await.expect("list").len();
    let catch_up_id = header(&cto_mail[0], "Message-ID").expect("catch-up has a Message-ID");
    let thanks = format!(
        "From: {cto}\r\nTo: {ceo}\r\nSubject: Re: {subject}\r\nMessage-ID: <cto-thanks@client.example>\r\nIn-Reply-To: {catch_up_id}\r\nReferences: {catch_up_id}\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nLooking into all three now.\r\n",
        ceo = w.addr("ceo"),
        subject = summary.subject,
    );
    w.send(&cto, &w.addr("ceo"), thanks.as_bytes()).await;
    deliver_count(&w, &mut inbox).await;
    let o = run_once(&app, utc("2026-12-09T13:05:00Z"))
        .await
        .expect("run");
    assert_eq!((o.process.processed, o.process.new_cases), (1, 0));
    assert_eq!(
        app.store.list_cases(None, now()).await.expect("list").len(),
        cases_before,
        "a reply to a catch-up mail opens no case"
    );

    // Thursday 00:30 UTC is 09:30 in Seoul: B's `??` goes out. The quality cases' `???`
    // rung is due too, but the founder is on office hours.
    let o = run_once(&app, utc("2026-12-10T00:30:00Z"))
        .await
        .expect("run");
    assert_eq!(o.escalated, 1);
    assert_eq!(w.settled("coo").await.len(), 1);

    // Every reminder and rung exactly once, to the right people.
    assert_eq!(purposes(&app, a.id, "reminder").await.len(), 4);
    // Each rung once, as one copy per person (each copy's token is made for its reader):
    // `??` to the contact with the owner copied, `???` to the founder with both copied.
    let esc = purposes(&app, a.id, "escalation").await;
    let one = |who: &str| format!("[\"{who}\"]");
    assert_eq!(
        esc,
        vec![
            one(&cfo),
            one(&w.addr("billing")),
            one(&w.addr("founder")),
            one(&w.addr("billing")),
            one(&cfo)
        ],
        "{esc:?}"
    );
    let cfo_subjects = subjects(&w.settled("cfo").await);
    assert_eq!(
        cfo_subjects,
        vec![
            "?? Refund for a double charge [#1]".to_string(),
            "??? Refund for a double charge [#1]".to_string()
        ]
    );
    let founder = subjects(&w.mailbox("founder").await);
    assert_eq!(
        founder.iter().filter(|s| s.starts_with("???")).count(),
        1,
        "{founder:?}"
    );
    let events = app.store.events(a.id).await.expect("events");
    assert_eq!(events.iter().filter(|e| e.kind == "escalated").count(), 2);
    assert_eq!(events.iter().filter(|e| e.kind == "reminded").count(), 4);
}

async fn deliver_count(w: &World, inbox: &mut usize) {
    *inbox += 1;
    w.wait_for("ceo", *inbox).await;
}

async fn deliver_raw(w: &World, inbox: &mut usize, raw: Vec<u8>) {
    w.send("customer@customer.example", &w.addr("ceo"), &raw)
        .await;
    deliver_count(w, inbox).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_urgent_case_escalates_out_of_hours_and_a_normal_one_waits_for_the_morning() {
    let w = World::new();
    let coo = w.addr("coo");
    // Shipping tells its customers when a case climbs.
    let text = w
        .config_text(
            r#"
[time]
calendar = "office"

[calendars.office]
timezone = "UTC"
hours = { mon = "09:00-17:00", tue = "09:00-17:00", wed = "09:00-17:00", thu = "09:00-17:00", fri = "09:00-17:00" }
"#,
        )
        .replace(
            &format!("escalate_to = \"{coo}\"\n\n[[routes]]\nname = \"quality\""),
            &format!("escalate_to = \"{coo}\"\ntell_customer = true\n\n[[routes]]\nname = \"quality\""),
        );
    assert!(text.contains("tell_customer = true"));
    std::fs::write(&w.config_path, text).expect("write config");
    let app = w.app().await;
    let mut inbox = 0;
    deliver_raw(
        &w,
        &mut inbox,
        complaint(
            "x@customer.example",
            "Refund please",
            "A refund for my invoice.",
        ),
    )
    .await;
    // The customer writes in Korean ("the parcel is lost").
    let y_raw = complaint(
        &w.addr("mallory"),
        "택배 분실",
        "택배가 분실되었습니다. 확인 부탁드립니다.",
    );
    let y_mid = header(&y_raw, "Message-ID").expect("has a Message-ID");
    deliver_raw(&w, &mut inbox, y_raw).await;
    // Friday 09:00: 24 working hours end at Tuesday 17:00, closing time.
    run_once(&app, utc("2026-12-04T09:00:00Z"))
        .await
        .expect("run");
    let x = case_by_subject(&app, "Refund please").await;
    let y = case_by_subject(&app, "택배 분실").await;
    assert_eq!(y.route, "shipping");
    assert_eq!(x.deadline, utc("2026-12-08T17:00:00.000Z"));
    assert_eq!(y.deadline, utc("2026-12-08T17:00:00.000Z"));
    sqlx::query("UPDATE cases SET priority = 'urgent' WHERE id = $1")
        .bind(y.id)
        .execute(app.store.pool())
        .await
        .expect("make Y urgent");

    // Tuesday 17:00, the office has closed: only the urgent case climbs.
    let o = run_once(&app, utc("2026-12-08T17:00:00Z"))
        .await
        .expect("run");
    assert_eq!(o.escalated, 1);
    assert_eq!(w.wait_for("coo", 1).await.len(), 1);
    assert!(w.settled("cfo").await.is_empty(), "the normal case waits");
    // The customer hears first, in Korean, on their own thread, with the new promise.
    let update = w.wait_for("mallory", 1).await.remove(0);
    let u = parsed(&update);
    assert_eq!(u.subject, "Re: 택배 분실");
    assert!(u.text.contains("죄송합니다"), "{}", u.text);
    assert!(
        u.text.contains("12월 11일(금) 오후 5:00 (UTC)"),
        "the `??` rung's deadline, 24 working hours on: {}",
        u.text
    );
    assert_eq!(header(&update, "In-Reply-To"), Some(y_mid));
    let o = run_once(&app, utc("2026-12-08T23:00:00Z"))
        .await
        .expect("run");
    assert_eq!(o.escalated, 0);
    // Wednesday 09:00: the CFO is at work and gets the `??`.
    let o = run_once(&app, utc("2026-12-09T09:00:00Z"))
        .await
        .expect("run");
    assert_eq!(o.escalated, 1);
    let cfo = w.wait_for("cfo", 1).await;
    assert_eq!(parsed(&cfo[0]).subject, "?? Refund please [#1]");
    assert_eq!(w.settled("coo").await.len(), 1, "the urgent rung went once");
    assert_eq!(w.mailbox("mallory").await.len(), 1, "one update per case");
    assert!(
        purposes(&app, x.id, "customer_update").await.is_empty(),
        "billing does not tell"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_executive_gets_the_digest_at_the_scheduled_hour_of_their_own_timezone() {
    let w = World::new();
    w.set_config(&format!(
        r#"
[digest]
schedule = "0 0 8 * * *"
timezone = "UTC"
to = ["{founder}", "{cfo}"]

[calendars.seoul]
timezone = "Asia/Seoul"
people = ["{founder}"]
"#,
        founder = w.addr("founder"),
        cfo = w.addr("cfo")
    ));
    let app = w.app().await;
    let o = run_once(&app, utc("2026-11-30T20:00:00Z"))
        .await
        .expect("run");
    assert_eq!(o.digests, 0, "a new installation starts its schedule now");
    // 08:00 in Seoul is 23:00 UTC the day before.
    let o = run_once(&app, utc("2026-12-01T00:30:00Z"))
        .await
        .expect("run");
    assert_eq!(o.digests, 1);
    let founder = w.wait_for("founder", 1).await;
    assert!(
        parsed(&founder[0])
            .subject
            .starts_with("qmark digest Tuesday 2026-12-01 08:00"),
        "dated in Seoul time: {}",
        parsed(&founder[0]).subject
    );
    assert!(w.settled("cfo").await.is_empty());
    let o = run_once(&app, utc("2026-12-01T08:30:00Z"))
        .await
        .expect("run");
    assert_eq!(o.digests, 1, "the CFO's 08:00 UTC");
    let o = run_once(&app, utc("2026-12-01T09:30:00Z"))
        .await
        .expect("run");
    assert_eq!(o.digests, 0);
    assert_eq!(w.wait_for("cfo", 1).await.len(), 1);
    assert_eq!(w.settled("founder").await.len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_route_manager_gets_a_weekly_report_on_their_route_alone() {
    let w = World::new();
    w.set_config(
        "\n[digest]\nschedule = \"0 0 8 * * *\"\ntimezone = \"UTC\"\ndepartment_schedule = \"0 0 9 * * Mon\"\n",
    );
    let app = w.app().await;
    let mut inbox = 0;
    deliver_raw(
        &w,
        &mut inbox,
        complaint(
            "ann@customer.example",
            "Refund for a double charge",
            "Charged twice.",
        ),
    )
    .await;
    deliver_raw(
        &w,
        &mut inbox,
        complaint(
            "bob@customer.example",
            "Package never arrived",
            "The courier lost it.",
        ),
    )
    .await;
    let o = run_once(&app, utc("2026-11-29T12:00:00Z"))
        .await
        .expect("run");
    assert_eq!((o.process.new_cases, o.digests), (2, 0));

    // Monday 09:30: the founder's 08:00 digest, and one report per route at 09:00 (the COO
    // manages shipping and triage: two).
    let o = run_once(&app, utc("2026-11-30T09:30:00Z"))
        .await
        .expect("run");
    assert_eq!(o.digests, 1 + 4);
    let o = run_once(&app, utc("2026-11-30T09:45:00Z"))
        .await
        .expect("run");
    assert_eq!(o.digests, 0, "each report once");

    let cfo = w.wait_for("cfo", 1).await;
    let report = parsed(&cfo[0]);
    assert_eq!(
        report.subject,
        "qmark weekly report, route billing: 1 new, 1 open, 0 overdue"
    );
    assert!(
        report.text.contains("Refund for a double charge"),
        "{}",
        report.text
    );
    assert!(
        !report.text.contains("Package never arrived"),
        "{}",
        report.text
    );
    let coo = w.wait_for("coo", 2).await;
    let mut coo_subjects = subjects(&coo);
    coo_subjects.sort();
    assert_eq!(
        coo_subjects,
        vec![
            "qmark weekly report, route shipping: 1 new, 1 open, 0 overdue".to_string(),
            "qmark weekly report, route triage: 0 new, 0 open, 0 overdue".to_string(),
        ]
    );
    let founder = w.wait_for("founder", 1).await;
    assert!(parsed(&founder[0]).subject.starts_with("qmark digest"));
    assert!(parsed(&founder[0]).text.contains("Package never arrived"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_executive_acts_on_the_digest_by_replying_to_it() {
    let w = World::new();
    w.set_config("\n[digest]\nschedule = \"0 0 8 * * *\"\ntimezone = \"UTC\"\n");
    let app = w.app().await;
    let mut inbox = 0;
    for (from, subject) in [
        ("ann@customer.example", "Refund for a double charge"),
        ("bob@customer.example", "Package never arrived"),
        ("cat@customer.example", "Kettle arrived broken"),
    ] {
        deliver_raw(&w, &mut inbox, complaint(from, subject, "Please help.")).await;
    }
    run_once(&app, utc("2026-11-30T12:00:00Z"))
        .await
        .expect("run");
    let o = run_once(&app, utc("2026-12-01T08:00:00Z"))
        .await
        .expect("run");
    assert_eq!(o.digests, 1);
    let digest = w.wait_for("founder", 1).await.remove(0);
    assert!(
        parsed(&digest)
            .text
            .contains("reassign 5 someone@company.com")
    );
    let refund = case_by_subject(&app, "Refund for a double charge").await;
    let package = case_by_subject(&app, "Package never arrived").await;
    let kettle = case_by_subject(&app, "Kettle arrived broken").await;

    // A stranger's reply to a forwarded digest changes nothing.
    let mid = header(&digest, "Message-ID").expect("digest has a Message-ID");
    let reply = |from: &str, body: &str| {
        format!(
            "From: {from}\r\nTo: {ceo}\r\nSubject: Re: {subject}\r\nMessage-ID: <{n}@client.example>\r\nIn-Reply-To: {mid}\r\nReferences: {mid}\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n{body}\r\n",
            ceo = w.addr("ceo"),
            subject = parsed(&digest).subject,
            n = rand::random::<u64>(),
        )
        .into_bytes()
    };
    deliver_raw(
        &w,
        &mut inbox,
        reply(&w.addr("mallory"), &format!("close {}", refund.id)),
    )
    .await;
    run_once(&app, utc("2026-12-01T09:00:00Z"))
        .await
        .expect("run");
    assert_eq!(
        app.store
            .case(refund.id)
            .await
            .expect("case")
            .expect("it")
            .status,
        CaseStatus::Open
    );

    let body = format!(
        "bump {}\r\nclose {}\r\nreassign {} {}\r\nbump 999\r\n\r\n> qmark digest ...\r\n> bump {}",
        refund.id,
        package.id,
        kettle.id,
        w.addr("billing"),
        package.id
    );
    deliver_raw(&w, &mut inbox, reply(&w.addr("founder"), &body)).await;
    let o = run_once(&app, utc("2026-12-01T09:30:00Z"))
        .await
        .expect("run");
    assert_eq!(
        (o.process.processed, o.process.new_cases),
        (1, 0),
        "commands, not a complaint"
    );
    // Processing the same reply again (after a crash) changes nothing more.
    let o = run_once(&app, utc("2026-12-01T09:31:00Z"))
        .await
        .expect("run");
    assert_eq!(o.escalated, 0);

    let refund_now = app.store.case(refund.id).await.expect("case").expect("it");
    assert_eq!(refund_now.rung, 1, "bumped to ??");
    assert_eq!(
        refund_now.priority,
        Priority::Urgent,
        "a bump also marks the case urgent"
    );
    assert_eq!(w.wait_for("cfo", 1).await.len(), 1);
    assert_eq!(
        app.store
            .case(package.id)
            .await
            .expect("case")
            .expect("it")
            .status,
        CaseStatus::Closed
    );
    let kettle_now = app.store.case(kettle.id).await.expect("case").expect("it");
    assert_eq!(kettle_now.owner, w.addr("billing"));
    // The new owner's deadline counts from the reassignment.
    assert_eq!(kettle_now.deadline, utc("2026-12-02T09:30:00.000Z"));
    let billing = w.wait_for("billing", 2).await;
    let handed = billing
        .iter()
        .map(|m| parsed(m))
        .find(|m| m.subject.starts_with("? Kettle arrived broken"))
        .expect("the new owner got the case");
    assert!(
        handed.text.contains("reassigned it from"),
        "{}",
        handed.text
    );

    let founder = w.wait_for("founder", 2).await;
    let result = parsed(founder.last().expect("the result"));
    assert!(
        result.subject.starts_with("Re: qmark digest"),
        "{}",
        result.subject
    );
    let done = result
        .text
        .lines()
        .filter(|l| l.trim_start().starts_with("done: "))
        .count();
    assert_eq!(done, 3, "{}", result.text);
    assert!(
        result.text.contains("not done: case #999"),
        "{}",
        result.text
    );
    assert_eq!(w.settled("cfo").await.len(), 1, "bumped once");

    // Reassigned after its `??`, the refund case starts the ladder afresh: when the new
    // owner's deadline passes, a new `??` goes out.
    deliver_raw(
        &w,
        &mut inbox,
        reply(
            &w.addr("founder"),
            &format!("reassign {} {}", refund.id, w.addr("quality")),
        ),
    )
    .await;
    run_once(&app, utc("2026-12-01T10:00:00Z"))
        .await
        .expect("run");
    let refund_now = app.store.case(refund.id).await.expect("case").expect("it");
    assert_eq!(
        (refund_now.rung, refund_now.deadline),
        (0, utc("2026-12-02T10:00:00.000Z"))
    );
    let o = run_once(&app, utc("2026-12-02T10:00:00Z"))
        .await
        .expect("run");
    assert_eq!(
        o.escalated, 2,
        "the refund case, and the kettle case (due at 09:30)"
    );
    assert_eq!(w.wait_for("cfo", 2).await.len(), 2);
    assert_eq!(w.wait_for("cto", 1).await.len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_forward_waits_for_the_owners_working_hours_unless_urgent() {
    let w = World::new();
    w.set_config(&format!(
        "[calendars.seoul]\ntimezone = \"Asia/Seoul\"\npeople = [\"{}\"]\n",
        w.addr("billing")
    ));
    let night = message(
        &w.customer(),
        &w.addr("ceo"),
        "Refund please",
        "refund for order 90",
        "",
    );
    w.deliver(&w.customer(), &night).await;
    let fire = message(
        &format!("{}b@customer.example", w.prefix),
        &w.addr("ceo"),
        "Refund, the charger caught fire",
        "it caught fire, refund please",
        "",
    );
    w.deliver(&format!("{}b@customer.example", w.prefix), &fire)
        .await;
    let app = w.app().await;
    // Monday 2026-11-30 03:00 in Seoul (Sunday 18:00 UTC): the billing owner is asleep.
    let out = run_once(&app, utc("2026-11-29T18:00:00Z"))
        .await
        .expect("run");
    assert_eq!(out.process.new_cases, 2);
    // The urgent forward and the executives' copy of it go out at once; the normal forward waits.
    assert_eq!(out.send.sent, 2);
    let billing = w.settled("billing").await;
    assert_eq!(
        billing.len(),
        1,
        "only the urgent forward reaches the owner at night"
    );
    assert!(parsed(&billing[0]).subject.contains("caught fire"));
    assert!(
        subjects(&w.mailbox("founder").await)
            .iter()
            .any(|s| s.contains("urgent"))
    );
    // 09:00 in Seoul: the normal forward follows.
    let out = run_once(&app, utc("2026-11-30T00:00:30Z"))
        .await
        .expect("run");
    assert_eq!(out.send.sent, 1);
    let billing = w.wait_for("billing", 2).await;
    assert!(parsed(&billing[1]).subject.starts_with("? Refund please"));
}

/// After an outage a catch-up mail lists at most the digest's 25 cases, oldest deadline first,
/// and says how many more there are (a README-only attacker's finding: 201 cases made a 613-line
/// mail). Every case is on its rung all the same.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_catch_up_mail_lists_at_most_25_cases_and_counts_the_rest() {
    const N: usize = 30;
    let w = World::new();
    w.set_config("");
    let app = w.app().await;
    let complaints: Vec<Vec<u8>> = (0..N)
        .map(|i| {
            message(
                &format!("{}c{i}@customer.example", w.prefix),
                &w.addr("ceo"),
                &format!("Refund for order {i}"),
                &format!("Please refund order {i}, I was charged twice."),
                "",
            )
        })
        .collect();
    append_to_inbox(&w.addr("ceo"), &complaints).await;
    let t0 = now();
    let o = run_once(&app, t0).await.expect("run");
    assert_eq!(o.process.new_cases, N);
    // Nothing runs for 30 hours: every case is past its 24 h deadline at once.
    let o = run_once(&app, t0 + chrono::Duration::hours(30))
        .await
        .expect("run");
    assert_eq!(o.escalated, N);
    let cfo = w.wait_for("cfo", 1).await;
    assert_eq!(cfo.len(), 1, "one catch-up mail");
    let mail = parsed(&cfo[0]);
    assert_eq!(
        mail.subject,
        format!("?? {N} cases passed their deadline without an answer")
    );
    let listed = mail
        .text
        .lines()
        .filter(|l| l.trim_start().starts_with("?? #"))
        .count();
    assert_eq!(listed, 25, "{}", mail.text);
    assert!(
        mail.text
            .contains("... and 5 more, with later deadlines (qmark cases list --status overdue)"),
        "{}",
        mail.text
    );
    let on_rung: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM cases WHERE rung = 1")
        .fetch_one(app.store.pool())
        .await
        .expect("count");
    assert_eq!(on_rung, N as i64);
}

/// Attack round six: a catch-up `??` lists several cases under one reply address (a token made
/// for the manager, who is no executive), and the manager's `close 1` changed nothing without a
/// word. Now the manager commands the cases they manage, is told what was done and what was
/// not (a case of another route), and a reply without commands is answered, not dropped.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_manager_acts_on_the_cases_of_their_catch_up_mail() {
    let w = World::new();
    w.set_config("");
    let app = w.app().await;
    let complaint = |i: usize, subject: &str, body: &str| {
        message(
            &format!("{}c{i}@customer.example", w.prefix),
            &w.addr("ceo"),
            subject,
            body,
            "",
        )
    };
    let complaints = vec![
        complaint(
            1,
            "Refund for order 1",
            "Please refund order 1, charged twice.",
        ),
        complaint(
            2,
            "Refund for order 2",
            "Please refund order 2, charged twice.",
        ),
        complaint(3, "Package never arrived", "The courier lost my package."),
    ];
    append_to_inbox(&w.addr("ceo"), &complaints).await;
    let t0 = now();
    let o = run_once(&app, t0).await.expect("run");
    assert_eq!(o.process.new_cases, 3);
    // Case 2 goes at once to a colleague who owns no route: still billing's, still the CFO's
    // to manage, with a new owner in the catch-up's Cc (attack round seven).
    let billing = w.addr("billing");
    let mallory = w.addr("mallory");
    let forwards = w.wait_for("billing", 2).await;
    let second = forwards
        .iter()
        .find(|f| parsed(f).subject.contains("[#2]"))
        .expect("case 2's forward");
    let (to, give) = reply_to_forward(second, &billing, &format!("#reassign {mallory}"), "");
    w.deliver_to(&billing, &to, &give).await;
    run_once(&app, t0 + chrono::Duration::minutes(1))
        .await
        .expect("run");
    run_once(&app, t0 + chrono::Duration::hours(30))
        .await
        .expect("run");
    let cfo_addr = w.addr("cfo");
    let catch_up = w.wait_for("cfo", 1).await.remove(0);
    assert!(parsed(&catch_up).subject.starts_with("?? 2 cases"));
    // mallory's own copy: their token closes the case they own.
    let copy = w
        .wait_for("mallory", 2)
        .await
        .into_iter()
        .find(|m| parsed(m).subject.starts_with("?? 2 cases"))
        .expect("mallory's copy of the catch-up");
    let (to, close) = reply_to_forward(&copy, &mallory, "close 2", "");
    w.deliver_to(&mallory, &to, &close).await;

    let (to, commands) = reply_to_forward(&catch_up, &cfo_addr, "close 1\r\nclose 3", "");
    w.deliver_to(&cfo_addr, &to, &commands).await;
    let (to, prose) = reply_to_forward(&catch_up, &cfo_addr, "Thanks, on it.", "");
    w.deliver_to(&cfo_addr, &to, &prose).await;
    run_once(&app, t0 + chrono::Duration::hours(31))
        .await
        .expect("run");
    let status = |id: i64| {
        let app = &app;
        async move {
            app.store
                .case(id)
                .await
                .expect("case")
                .expect("exists")
                .status
        }
    };
    assert_eq!(status(1).await, qmark::store::CaseStatus::Closed);
    assert_eq!(
        status(2).await,
        qmark::store::CaseStatus::Closed,
        "by its owner"
    );
    assert_eq!(
        status(3).await,
        qmark::store::CaseStatus::Open,
        "shipping's, not the CFO's"
    );
    let answers = w.wait_for("cfo", 3).await;
    let texts: Vec<String> = answers[1..].iter().map(|m| parsed(m).text).collect();
    let all = texts.join("\n---\n");
    assert!(all.contains("case #1 is closed"), "{all}");
    assert!(all.contains("not done: case #3"), "{all}");
    assert!(all.contains("no command found"), "{all}");
}
