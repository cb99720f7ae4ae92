//! Reminders and the escalation ladder. Before a deadline the owner is reminded at the
//! configured shares of its working time; after it the case climbs: `??` to the route's
//! escalation contact (owner in Cc), then, when that rung's own deadline passes, `???` to the
//! executives. Each rung is a conditional update plus a unique outbox key in one transaction,
//! so re-running, restarting or a second pass at the same instant sends nothing twice. After
//! downtime, a recipient with several cases due gets one catch-up mail listing them all.
//! Mail to a person waits for their working hours unless the case is urgent.

use std::collections::BTreeMap;

use anyhow::{Context, Result};
use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::app::App;
use crate::case::ladder::{CaseClock, ReminderPoint, TOP_RUNG};
use crate::mail::address::Address;
use crate::mail::compose::{Body, Head};
use crate::mail::render::human_duration;
use crate::outgoing::{Draft, Purpose};
use crate::store::{self, CaseRow};

/// The first rung: `??`.
pub const FIRST_RUNG: i64 = 1;

pub use crate::case::ladder::marks;

#[derive(Serialize)]
struct EscalationView<'a> {
    marks: String,
    case_id: i64,
    deadline: String,
    overdue: String,
    /// Moved up before its deadline (an executive's digest `bump`): not overdue yet.
    early: bool,
    owner: &'a str,
    route: &'a str,
    customer: &'a str,
    subject: &'a str,
    opened_at: String,
    text: String,
}
/// The clock of an open case, on its owner's calendar.
async fn case_clock<'a>(app: &'a App, case: &CaseRow) -> Result<CaseClock<'a>> {
    let reopened = app.store.reopened_at(case.id).await?;
    Ok(clock_with(app, case, reopened))
}

/// `case_clock` with the case's last reopening already known. The passes (remind, escalate,
/// next_due) read the reopenings of all the cases they look at in one query
/// (`Store::due_reopenings`) instead of one query per case: with thousands of cases the
/// per-case queries cost ~170 µs each (bench: docs/benchmarks.md).
fn clock_with<'a>(app: &'a App, case: &CaseRow, reopened: Option<DateTime<Utc>>) -> CaseClock<'a> {
    let config = &app.config;
    let route = config.route(&case.route).unwrap_or(&config.triage);
    let (opened, deadline) = (case.opened_at, case.deadline);
    let start = reopened.filter(|r| *r < deadline).unwrap_or(opened);
    CaseClock {
        calendar: config.owner_calendar(route, case.owner.as_str()),
        start,
        deadline,
        rung_deadline: chrono::Duration::from_std(route.rung_deadline)
            .unwrap_or(chrono::Duration::hours(24)),
        top: if config.executives.is_empty() {
            FIRST_RUNG
        } else {
            TOP_RUNG
        },
    }
}

/// Who a rung's mail goes to: rung 1 the case's escalation contact, rung 2 the executives.
fn rung_recipients(app: &App, case: &CaseRow, rung: i64) -> Vec<String> {
    if rung >= TOP_RUNG {
        app.config
            .executives
            .iter()
            .map(ToString::to_string)
            .collect()
    } else {
        vec![case.escalate_to.clone()]
    }
}

/// Whether mail to `who` may go out at `now`: in their working hours, or at once when urgent.
fn may_mail(app: &App, who: &str, urgent: bool, now: DateTime<Utc>) -> bool {
    urgent || app.config.person_calendar(who).is_working(now)
}

/// When a mail to `who` may go out: now, or the start of their next working span.
fn send_at(app: &App, who: &str, urgent: bool, now: DateTime<Utc>) -> DateTime<Utc> {
    if urgent {
        return now;
    }
    app.config
        .person_calendar(who)
        .next_working(now)
        .unwrap_or(now)
}

/// The rung a case may climb to at `now`: the one its clock says is due, held back while the
/// rung's first recipient is outside working hours (unless the case is urgent).
fn climb_target(app: &App, case: &CaseRow, clock: &CaseClock<'_>, now: DateTime<Utc>) -> i64 {
    let urgent = case.is_urgent();
    let mut target = case.rung;
    for rung in (case.rung + 1)..=clock.rung_due(now) {
        let first = rung_recipients(app, case, rung).into_iter().next();
        match first {
            Some(who) if may_mail(app, &who, urgent, now) => target = rung,
            _ => break,
        }
    }
    target
}

/// Remind the owners whose cases reached a reminder point. Returns how many were queued.
pub async fn remind_once(app: &App, now: DateTime<Utc>) -> Result<usize> {
    if app.config.reminders.is_empty() {
        return Ok(0);
    }
    let mut queued = 0;
    let reopenings = app.store.due_reopenings(now).await?;
    for case in app.store.due_cases(now).await? {
        let clock = clock_with(app, &case, reopenings.get(&case.id).copied());
        let Some(point) = clock.reminder_due(case.rung, &app.config.reminders, now) else {
            continue;
        };
        if !may_mail(app, case.owner.as_str(), case.is_urgent(), now) {
            continue;
        }
        match remind(app, &case, &clock, &point, now).await {
            Ok(true) => queued += 1,
            Ok(false) => {}
            Err(e) => tracing::warn!(case = case.id, "reminder failed: {e:#}"),
        }
    }
    Ok(queued)
}

#[derive(Serialize)]
struct ReminderView<'a> {
    case_id: i64,
    deadline_local: String,
    left: String,
    percent: String,
    next_rung: String,
    next_marks: String,
    customer: &'a str,
    subject: &'a str,
    opened_at: String,
}

async fn remind(
    app: &App,
    case: &CaseRow,
    clock: &CaseClock<'_>,
    point: &ReminderPoint,
    now: DateTime<Utc>,
) -> Result<bool> {
    let owner = &case.owner;
    let next_rung = point.stage + 1;
    // The owner reads the times on the calendar their deadline is counted on.
    let reader = crate::mail::when::Reader {
        calendar: clock.calendar,
        lang: crate::mail::when::Lang::En,
    };
    let view = ReminderView {
        case_id: case.id,
        deadline_local: reader.at(point.stage_deadline, now),
        left: crate::mail::when::working(
            clock.calendar.between(now, point.stage_deadline),
            crate::mail::when::Lang::En,
        ),
        percent: point.percent(),
        next_rung: rung_recipients(app, case, next_rung).join(", "),
        next_marks: marks(next_rung),
        customer: case.customer_text(),
        subject: &case.subject,
        opened_at: reader.at(case.opened_at, now),
    };
    let text = app.templates.text("reminder.txt", &view)?;
    let forward = forward_id(app, case.id).await?;
    let head = Head {
        subject: format!(
            "{} Reminder: {} (answer due {})",
            marks(0),
            case.subject,
            view.deadline_local
        ),
        ..crate::outgoing::head_for(app, Some(case.id), vec![owner.clone()], forward, now)
    };
    let mut tx = app.store.write().await?;
    let queued = crate::outgoing::queue(
        &mut tx,
        app,
        Draft {
            key: format!(
                "reminder:{}:{}:{}:{}",
                case.id,
                point.stage,
                store::ts(point.stage_deadline),
                point.percent()
            ),
            case_id: Some(case.id),
            purpose: Purpose::Reminder,
            head,
            body: Body::text(text),
            urgent: case.is_urgent(),
        },
        now,
    )
    .await?
    .id;
    // Queued now or before (same dedupe key): either way this point is handled, and the case
    // is next due at its next point or its deadline.
    let next = clock.next_work(case.rung, &app.config.reminders, Some(point.at));
    store::set_next_due(&mut tx, case, next).await?;
    if queued.is_some() {
        store::Event::on(case.id, "reminded")
            .record(
                &mut tx,
                now,
                &format!(
                    "reminder to {owner} at {} of the time before {}",
                    point.percent(),
                    store::ts(point.stage_deadline)
                ),
            )
            .await?;
    }
    tx.commit().await.context("committing a reminder")?;
    Ok(queued.is_some())
}

async fn forward_id(app: &App, case_id: i64) -> Result<Option<String>> {
    let mut conn = app.store.pool().acquire().await?;
    store::forward_root(&mut conn, case_id).await
}

/// A case climbing to a rung, with when it is next due once there.
#[derive(Clone)]
struct Climber {
    case: CaseRow,
    next_due: Option<DateTime<Utc>>,
}

/// Climb every case that is due. Returns how many rungs were climbed.
pub async fn escalate_once(app: &App, now: DateTime<Utc>) -> Result<usize> {
    // (rung, first recipient) -> cases climbing to that rung now.
    let mut groups: BTreeMap<(i64, String), Vec<Climber>> = BTreeMap::new();
    // Cases whose next due time was not worked out yet and that stay on their rung.
    let mut settled: Vec<(CaseRow, Option<DateTime<Utc>>)> = Vec::new();
    let reopenings = app.store.due_reopenings(now).await?;
    for case in app.store.due_cases(now).await? {
        let clock = clock_with(app, &case, reopenings.get(&case.id).copied());
        let target = climb_target(app, &case, &clock, now);
        if target == case.rung {
            settled.push((
                case.clone(),
                clock.next_work(case.rung, &app.config.reminders, None),
            ));
        }
        // After downtime a case goes straight to the highest rung reached, in one mail that
        // copies the lower rungs' people (`rung_cc`): never a `??` and a `???` seconds apart.
        if target > case.rung {
            let key = rung_recipients(app, &case, target).join(",");
            groups.entry((target, key)).or_default().push(Climber {
                case: case.clone(),
                next_due: clock.next_work(target, &app.config.reminders, None),
            });
        }
    }
    settle(app, &settled).await?;
    let mut climbed = 0;
    for ((rung, _), cases) in groups {
        match escalate_group(app, &cases, rung, now).await {
            Ok(n) => climbed += n,
            Err(e) => tracing::warn!(rung, "escalation failed: {e:#}"),
        }
    }
    Ok(climbed)
}

/// Store the next due time of the cases whose time was not worked out yet (''), in one
/// transaction. Cases with a time already stored keep it: it may be past a reminder that was
/// handled, and what stays due (a reminder or rung held back) needs no new time.
async fn settle(app: &App, cases: &[(CaseRow, Option<DateTime<Utc>>)]) -> Result<()> {
    let unsettled: Vec<&(CaseRow, Option<DateTime<Utc>>)> = cases
        .iter()
        .filter(|(c, _)| c.next_due_at.is_none())
        .collect();
    if unsettled.is_empty() {
        return Ok(());
    }
    let mut tx = app.store.write().await?;
    for (case, next) in unsettled {
        store::set_next_due(&mut tx, case, *next).await?;
    }
    tx.commit().await.context("committing next due times")
}

/// Climb one case to `rung` now, whatever the hour: an executive asked for it.
pub async fn climb_now(app: &App, case: &CaseRow, rung: i64, now: DateTime<Utc>) -> Result<usize> {
    let next_due = case_clock(app, case)
        .await?
        .next_work(rung, &app.config.reminders, None);
    let climber = Climber {
        case: case.clone(),
        next_due,
    };
    escalate_group(app, &[climber], rung, now).await
}

/// Give `case` to `to` on an executive's word from the digest: the same reassignment as an
/// owner's `#reassign` (fresh deadline on the new owner's calendar, rung 0, a `?` mail with the
/// complaint attached), in one transaction.
pub async fn reassign(
    app: &App,
    case: &CaseRow,
    to: &Address,
    by: &Address,
    message: i64,
    now: DateTime<Utc>,
) -> Result<()> {
    let mut tx = app.store.write().await?;
    let moved = crate::case::reassign(
        &mut tx,
        app,
        message,
        case,
        to,
        &format!(
            "{by} reassigned it from {} in a reply to the digest",
            case.owner
        ),
        (Some(by.as_str()), true),
        now,
    )
    .await?;
    crate::case::command::route_corrected(&mut tx, case, moved, by, message, now).await?;
    tx.commit().await.context("committing a reassignment")?;
    Ok(())
}

/// Climb `cases` to `rung` in one transaction: one `??`/`???` mail per recipient for a single
/// case, one catch-up mail per recipient listing them all for several.
async fn escalate_group(
    app: &App,
    climbers: &[Climber],
    rung: i64,
    now: DateTime<Utc>,
) -> Result<usize> {
    let cases: Vec<&CaseRow> = climbers.iter().map(|c| &c.case).collect();
    let Some(first) = cases.first().copied() else {
        return Ok(0);
    };
    let recipients = rung_recipients(app, first, rung);
    // Read what the mails need before taking the write lock.
    let mut climb = Climb {
        app,
        rung,
        complaint: None,
        forward: None,
        now,
    };
    if cases.len() == 1 {
        climb.complaint = match app.store.first_message_id(first.id).await? {
            Some(id) => app.store.message_raw(id).await?,
            None => None,
        };
        climb.forward = forward_id(app, first.id).await?;
    }
    let mut updates: BTreeMap<i64, CustomerUpdate> = BTreeMap::new();
    // The customer hears once, when their case leaves the owner, whichever rung it reaches.
    for case in cases
        .iter()
        .filter(|c| c.rung < FIRST_RUNG && rung >= FIRST_RUNG)
    {
        if let Some(u) = customer_update(app, case, now).await? {
            updates.insert(case.id, u);
        }
    }

    let mut tx = app.store.write().await?;
    let mut climbed: Vec<&CaseRow> = Vec::new();
    for c in climbers {
        // Conditional on the rung still being below: a second pass finds nothing to do.
        if store::climb(&mut tx, c.case.id, rung, c.next_due, now).await? {
            climbed.push(&c.case);
        }
    }
    for to in &recipients {
        climb.queue_rung_mail(&mut tx, &climbed, to).await?;
    }
    climb
        .queue_customer_updates(&mut tx, &climbed, &updates)
        .await?;
    let rungs_climbed = climb.record(&mut tx, &climbed).await?;
    tx.commit().await.context("committing an escalation")?;
    for case in &climbed {
        tracing::info!(case = case.id, from = case.rung, rung, to = %recipients.join(","), "escalated");
    }
    Ok(rungs_climbed)
}

/// One group's climb to `rung`: what its mails need, read before the write lock.
struct Climb<'a> {
    app: &'a App,
    rung: i64,
    /// The complaint and the first forward, for a case climbing alone (a catch-up mail
    /// listing several cases quotes none).
    complaint: Option<Vec<u8>>,
    forward: Option<String>,
    now: DateTime<Utc>,
}

impl Climb<'_> {
    /// The rung's mail to one recipient: about the one case, or one catch-up mail listing them.
    async fn queue_rung_mail(
        &self,
        tx: &mut store::Tx,
        climbed: &[&CaseRow],
        to: &str,
    ) -> Result<()> {
        let (app, rung, now) = (self.app, self.rung, self.now);
        let to_addr = Address::parse(to).context("stored escalation address is invalid")?;
        let urgent = climbed.iter().all(|c| c.is_urgent());
        let (head, text, key, case_id, purpose) = match climbed {
            [] => return Ok(()),
            [case] => {
                let (head, text) = rung_mail(
                    app,
                    case,
                    rung,
                    &to_addr,
                    self.complaint.as_deref(),
                    self.forward.clone(),
                    now,
                )?;
                // Keyed on the deadline too: a case that is reopened or reassigned gets a
                // fresh deadline and climbs the ladder afresh.
                let key = if rung == FIRST_RUNG {
                    format!("rung:{}:{rung}:{}", case.id, store::ts(case.deadline))
                } else {
                    format!("rung:{}:{rung}:{}:{to}", case.id, store::ts(case.deadline))
                };
                (head, text, key, Some(case.id), Purpose::Escalation)
            }
            many => {
                let (head, text) = catch_up_mail(app, many, rung, &to_addr, now)?;
                (
                    head,
                    text,
                    format!("catch_up:{rung}:{to}:{}", store::ts(now)),
                    None,
                    // Its own purpose: a reply to it carries commands (digest_reply), not a
                    // complaint.
                    Purpose::CatchUp,
                )
            }
        };
        let original = case_id.and(self.complaint.as_deref());
        crate::outgoing::queue(
            tx,
            app,
            Draft {
                key,
                case_id,
                purpose,
                head,
                body: Body::with_original(text, original),
                urgent,
            },
            now,
        )
        .await?;
        Ok(())
    }

    /// Tell each customer whose case left its owner, once.
    async fn queue_customer_updates(
        &self,
        tx: &mut store::Tx,
        climbed: &[&CaseRow],
        updates: &BTreeMap<i64, CustomerUpdate>,
    ) -> Result<()> {
        for case in climbed {
            let Some(u) = updates.get(&case.id) else {
                continue;
            };
            let queued = crate::outgoing::queue(
                tx,
                self.app,
                Draft {
                    key: format!("customer_update:{}", case.id),
                    case_id: Some(case.id),
                    purpose: Purpose::CustomerUpdate,
                    head: u.head.clone(),
                    body: Body::text(u.text.clone()),
                    urgent: false,
                },
                self.now,
            )
            .await?
            .id;
            if queued.is_some() {
                store::Event::on(case.id, "customer_updated")
                    .record(
                        tx,
                        self.now,
                        &format!(
                            "told {} ({}) the case is with someone more senior, answer by {}",
                            case.customer_text(),
                            u.language,
                            u.expect
                        ),
                    )
                    .await?;
            }
        }
        Ok(())
    }

    /// Every rung passed is recorded once, those passed over after downtime included.
    /// Returns how many.
    async fn record(&self, tx: &mut store::Tx, climbed: &[&CaseRow]) -> Result<usize> {
        let single = climbed.len() == 1;
        let mut rungs_climbed = 0;
        for case in climbed {
            for detail in crate::case::catchup_rung::rung_events(
                case.rung,
                self.rung,
                &|r| rung_recipients(self.app, case, r),
                &|r| rung_cc(case, r),
                &store::ts(case.deadline),
                (!single).then_some(climbed.len()),
            ) {
                store::Event::on(case.id, "escalated")
                    .record(tx, self.now, &detail)
                    .await?;
                rungs_climbed += 1;
            }
            // One webhook per climb, naming the rung reached (the rungs passed over after
            // downtime are in the history, not each a message to a channel).
            let h = crate::webhooks::Happened {
                event: crate::webhooks::Event::Rung,
                case_id: case.id,
                key: format!(
                    "rung:{}:{}:{}",
                    case.id,
                    self.rung,
                    store::ts(case.deadline)
                ),
                by: None,
            };
            crate::webhooks::queue(tx, self.app, h, self.now).await?;
        }
        Ok(rungs_climbed)
    }
}

/// The language of a customer's text, from its script: Korean (Hangul), Japanese (kana),
/// Chinese (Han without kana), else English. A CJK character counts as much as three Latin
/// letters, so a Korean complaint with an English order number is still Korean.
pub fn language(text: &str) -> &'static str {
    let (mut hangul, mut kana, mut han, mut latin) = (0usize, 0usize, 0usize, 0usize);
    for c in text.chars() {
        match u32::from(c) {
            0xAC00..=0xD7AF | 0x1100..=0x11FF | 0x3130..=0x318F => hangul += 1,
            0x3040..=0x30FF => kana += 1,
            0x4E00..=0x9FFF => han += 1,
            _ if c.is_alphabetic() => latin += 1,
            _ => {}
        }
    }
    let cjk = 3 * (hangul + kana + han);
    if cjk == 0 || cjk < latin {
        "en"
    } else if hangul >= kana + han {
        "ko"
    } else if kana > 0 {
        "ja"
    } else {
        "zh"
    }
}

struct CustomerUpdate {
    head: Head,
    text: String,
    language: &'static str,
    expect: String,
}

#[derive(Serialize)]
struct CustomerUpdateView<'a> {
    name: &'a str,
    subject: &'a str,
    expect: &'a str,
}

/// The update a customer gets when their case climbs to `??`, if its route wants one: in the
/// complaint's language, threaded on their message, promising an answer by the `??` rung's
/// own deadline.
async fn customer_update(
    app: &App,
    case: &CaseRow,
    now: DateTime<Utc>,
) -> Result<Option<CustomerUpdate>> {
    let route = app.config.route(&case.route).unwrap_or(&app.config.triage);
    if !route.tell_customer {
        return Ok(None);
    }
    let Some(customer) = &case.customer_address else {
        return Ok(None);
    };
    let clock = case_clock(app, case).await?;
    let by = clock
        .calendar
        .add(clock.deadline, clock.rung_deadline)
        .unwrap_or(clock.deadline + clock.rung_deadline);
    // A `??` reached only after downtime may find that rung's deadline already past: the
    // customer is then promised the rung's own working time from now, never a time gone by.
    let by = if by <= now {
        clock
            .calendar
            .add(now, clock.rung_deadline)
            .unwrap_or(now + clock.rung_deadline)
    } else {
        by
    };
    let first = app.store.case_messages(case.id).await?.into_iter().next();
    let text = match &first {
        Some(m) => app
            .store
            .message_raw(m.id)
            .await?
            .map(|raw| crate::mail::parse(&raw).text)
            .unwrap_or_default(),
        None => String::new(),
    };
    let language = language(&format!("{}\n{text}", case.subject));
    let expect = crate::mail::when::Reader::on_route(
        &app.config,
        route,
        customer.as_str(),
        crate::mail::when::Lang::from_code(Some(language)),
    )
    .at(by, now);
    let fallback = customer.local();
    let view = CustomerUpdateView {
        name: case.customer_name.as_deref().unwrap_or(fallback),
        subject: &case.subject,
        expect: &expect,
    };
    let body = app
        .templates
        .text(&format!("customer_update.{language}.txt"), &view)?;
    let original = first.and_then(|m| m.message_id);
    let head = Head {
        subject: format!("Re: {}", case.subject),
        ..crate::outgoing::head_for(app, Some(case.id), vec![customer.clone()], original, now)
    };
    Ok(Some(CustomerUpdate {
        head,
        text: body,
        language,
        expect,
    }))
}

/// Who is copied on a rung: the owner, and on `???` also the `??` contact.
fn rung_cc(case: &CaseRow, rung: i64) -> Vec<String> {
    let mut cc = vec![case.owner.to_string()];
    if rung >= TOP_RUNG && !case.escalate_to.eq_ignore_ascii_case(case.owner.as_str()) {
        cc.push(case.escalate_to.clone());
    }
    cc
}

fn rung_mail(
    app: &App,
    case: &CaseRow,
    rung: i64,
    to: &Address,
    complaint: Option<&[u8]>,
    forward: Option<String>,
    now: DateTime<Utc>,
) -> Result<(Head, String)> {
    let deadline = case.deadline;
    let text = complaint
        .map(|raw| crate::mail::parse(raw).text)
        .unwrap_or_default();
    let route = app.config.route(&case.route).unwrap_or(&app.config.triage);
    let reader = crate::mail::when::Reader::on_route(
        &app.config,
        route,
        to.as_str(),
        crate::mail::when::Lang::En,
    );
    let view = EscalationView {
        marks: marks(rung),
        case_id: case.id,
        deadline: reader.at(deadline, now),
        overdue: human_duration(now - deadline),
        early: deadline > now,
        owner: case.owner.as_str(),
        route: &case.route,
        customer: case.customer_text(),
        subject: &case.subject,
        opened_at: reader.at(case.opened_at, now),
        text,
    };
    let body = app.templates.text("escalation.txt", &view)?;
    let cc = rung_cc(case, rung)
        .iter()
        .filter_map(|a| Address::parse(a).ok())
        .filter(|a| a != to)
        .collect();
    let head = Head {
        cc,
        subject: format!(
            "{} {} {}",
            marks(rung),
            case.subject,
            crate::case::thread::subject_tag(case.id)
        ),
        ..crate::outgoing::head_for(app, Some(case.id), vec![to.clone()], forward, now)
    };
    Ok((head, body))
}

#[derive(Serialize)]
struct CatchUpItem<'a> {
    marks: String,
    case_id: i64,
    subject: &'a str,
    owner: &'a str,
    route: &'a str,
    customer: &'a str,
    deadline: String,
    overdue: String,
    cc: String,
}

#[derive(Serialize)]
struct CatchUpView<'a> {
    marks: String,
    count: usize,
    cases: Vec<CatchUpItem<'a>>,
    /// Cases past `LIST_MAX` lines, not listed.
    more: usize,
}

fn catch_up_mail(
    app: &App,
    cases: &[&CaseRow],
    rung: i64,
    to: &Address,
    now: DateTime<Utc>,
) -> Result<(Head, String)> {
    let mut sorted: Vec<&CaseRow> = cases.to_vec();
    sorted.sort_by(|a, b| a.deadline.cmp(&b.deadline).then(a.id.cmp(&b.id)));
    // As in the digest, and for its reason: a mail listing 200 cases is 600 lines that nobody
    // reads and Gmail clips. The count stays whole; every case is on its rung all the same.
    let count = sorted.len();
    sorted.truncate(crate::mail::render::LIST_MAX);
    let view = CatchUpView {
        marks: marks(rung),
        count,
        more: count - sorted.len(),
        cases: sorted
            .iter()
            .map(|c| CatchUpItem {
                marks: marks(rung),
                case_id: c.id,
                subject: &c.subject,
                owner: c.owner.as_str(),
                route: &c.route,
                customer: c.customer_text(),
                deadline: {
                    let route = app.config.route(&c.route).unwrap_or(&app.config.triage);
                    let reader = crate::mail::when::Reader::on_route(
                        &app.config,
                        route,
                        to.as_str(),
                        crate::mail::when::Lang::En,
                    );
                    reader.at(c.deadline, now)
                },
                overdue: human_duration(now - c.deadline),
                cc: rung_cc(c, rung).join(", "),
            })
            .collect(),
    };
    let text = app.templates.text("catch_up.txt", &view)?;
    let mut cc: Vec<Address> = Vec::new();
    for c in &sorted {
        for a in rung_cc(c, rung) {
            if let Ok(a) = Address::parse(&a)
                && a != *to
                && !cc.contains(&a)
            {
                cc.push(a);
            }
        }
    }
    let head = Head {
        cc,
        subject: format!(
            "{} {count} cases passed their deadline without an answer",
            marks(rung),
        ),
        ..crate::outgoing::digest_head(app, vec![to.clone()], now)
    };
    Ok((head, text))
}

/// The next instant a reminder or rung falls due, or a held-back one may go out, for the
/// daemon to sleep until. Derived from the database every time: the earliest stored
/// `next_due_at` still ahead, and the exact clock of the few cases already due (work held back
/// for working hours, or not yet worked out).
pub async fn next_due(app: &App, now: DateTime<Utc>) -> Result<Option<DateTime<Utc>>> {
    let mut next: Option<DateTime<Utc>> = None;
    let mut consider = |t: Option<DateTime<Utc>>| {
        if let Some(t) = t.filter(|t| *t > now) {
            next = Some(next.map_or(t, |n| n.min(t)));
        }
    };
    consider(app.store.next_due_after(now).await?);
    let reopenings = app.store.due_reopenings(now).await?;
    for case in app.store.due_cases(now).await? {
        let clock = clock_with(app, &case, reopenings.get(&case.id).copied());
        consider(clock.next_instant(case.rung, &app.config.reminders, now));
        let urgent = case.is_urgent();
        if clock.rung_due(now) > case.rung
            && let Some(who) = rung_recipients(app, &case, case.rung + 1).first()
        {
            consider(Some(send_at(app, who, urgent, now)));
        }
        if !app.config.reminders.is_empty()
            && clock
                .reminder_due(case.rung, &app.config.reminders, now)
                .is_some()
        {
            consider(Some(send_at(app, case.owner.as_str(), urgent, now)));
        }
    }
    Ok(next)
}

/// What every stored `next_due_at` was worked out from in the config: the calendars and who
/// is on which, each route's calendar and `??` rung time, whether there is a `???` rung, the
/// reminder points; and this build (its timezone data). Deadlines themselves are stored.
pub fn clock_fingerprint(config: &crate::config::Config) -> String {
    let routes: Vec<_> = config
        .routes
        .iter()
        .chain([&config.triage])
        .map(|r| (&r.name, &r.calendar, r.rung_deadline))
        .collect();
    store::sha256_hex(
        format!(
            "{} {:?} {:?} {:?} {:?} {} {:?}",
            env!("CARGO_PKG_VERSION"),
            config.calendars,
            config.default_calendar,
            config.people_calendars,
            routes,
            config.executives.is_empty(),
            config.reminders,
        )
        .as_bytes(),
    )
}

/// At start-up: when the config the stored `next_due_at` times were worked out from changed
/// (a calendar, a rung time, the reminders), have every open case's time worked out again by
/// the next pass.
pub async fn check_clock_config(
    store: &store::Store,
    config: &crate::config::Config,
) -> Result<()> {
    let fingerprint = clock_fingerprint(config);
    if store.setting("due_clock").await?.as_deref() != Some(fingerprint.as_str()) {
        store.recompute_due(&fingerprint).await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_customer_is_answered_in_the_language_of_the_complaint() {
        assert_eq!(language("My order #4471 was charged twice"), "en");
        assert_eq!(language("결제오류로 이중청구되었습니다 order #4471"), "ko");
        assert_eq!(language("注文した商品が届きません"), "ja");
        assert_eq!(language("我的订单没有收到"), "zh");
        assert_eq!(language(""), "en");
    }

    #[test]
    fn rungs_have_their_marks() {
        assert_eq!(marks(0), "?");
        assert_eq!(marks(1), "??");
        assert_eq!(marks(2), "???");
    }
}
