//! The executives' digest: what came in, what is open and overdue and with whom, what was
//! answered and how fast. Building the view and choosing the due instant are pure; gathering
//! and queueing are the shell around them.

// Issue 16: the chart as an inline PNG.
pub mod chart_png;
pub mod reply;
pub mod report;

use std::collections::HashMap;

use anyhow::{Context, Result};
use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;
use serde::Serialize;

use crate::app::App;
use crate::digest::report::{Attainment, Day, Phrases, Repeat, ResponseTimes};
use crate::mail::address::Address;
use crate::mail::compose::{Body, Head};
use crate::mail::render::human_duration;
use crate::store::{self, CaseFacts, CaseRow};

/// How far back a missed digest is still sent after downtime. Older instants are skipped: one
/// late digest, never a flood of stale ones.
const CATCH_UP: i64 = 48;

#[derive(Debug, Clone)]
pub struct DigestData {
    pub period_start: DateTime<Utc>,
    pub period_end: DateTime<Utc>,
    pub new: Vec<CaseRow>,
    pub open: Vec<CaseRow>,
    pub answered: Vec<CaseRow>,
    pub set_aside: i64,
    /// Cases opened in the last four weeks: response times and the chart.
    pub recent: Vec<CaseFacts>,
    /// Cases whose deadline fell in the last two weeks: attainment.
    pub due: Vec<CaseFacts>,
    /// The period's follow-ups: (case, customer).
    pub follow_ups: Vec<(i64, String)>,
    /// This week's complaints: (route, text).
    pub texts: Vec<(String, String)>,
    /// What the at-risk list needs to know about each open case.
    pub activity: HashMap<i64, Activity>,
    /// Who first answered each answered case, when it was not its owner (a manager after `??`,
    /// an executive): the digest said "answered by" the owner whoever it was.
    pub answerers: HashMap<i64, String>,
    /// Cases paused by `#wait`: not open, yet nobody has answered the customer; listed with
    /// when they come back (a year's pause hid a complaint from the digest).
    pub waiting: Vec<CaseRow>,
}

/// An open case's last activity, one-line summary and working time left on its owner's
/// calendar.
#[derive(Debug, Clone, Default)]
pub struct Activity {
    /// The latest action of a person on the case (None: none recorded).
    pub last: Option<DateTime<Utc>>,
    pub summary: String,
    pub left: Option<Duration>,
}

/// An open case with this little working time left is about to breach.
pub const ABOUT_TO_BREACH: i64 = 4;
/// Response times, attainment and phrases look at the last week, against the week before.
pub const WEEK: i64 = 7;
/// Days in the intake-versus-answered chart.
pub const CHART_DAYS: i64 = 14;

#[derive(Debug, Clone, Serialize)]
pub struct RiskItem {
    pub id: i64,
    pub subject: String,
    pub summary: String,
    pub owner: String,
    pub route: String,
    pub age: String,
    pub rung: String,
    pub last_activity: String,
    pub state: String,
    pub overdue: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct IntakeRow {
    pub route: String,
    pub normal: usize,
    pub urgent: usize,
    pub total: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct Item {
    pub id: i64,
    pub subject: String,
    pub owner: String,
    pub route: String,
    pub customer: String,
    pub age: String,
    pub deadline: String,
    pub overdue_by: String,
    pub time_to_answer: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct DigestView {
    /// "qmark digest", or "qmark weekly report, route billing" for a department report.
    pub title: String,
    pub period_start: String,
    pub period_end: String,
    pub period_end_local: String,
    pub timezone: String,
    pub new_count: usize,
    pub open_count: usize,
    pub waiting_count: usize,
    pub overdue_count: usize,
    pub answered_count: usize,
    pub set_aside_count: i64,
    pub overdue: Vec<Item>,
    pub open: Vec<Item>,
    /// Paused cases; `deadline` is when the pause ends.
    pub waiting: Vec<Item>,
    pub new: Vec<Item>,
    pub answered: Vec<Item>,
    pub at_risk: Vec<RiskItem>,
    pub about_to_breach_count: usize,
    pub intake: Vec<IntakeRow>,
    pub response: ResponseTimes,
    pub attainment_routes: Vec<Attainment>,
    pub attainment_owners: Vec<Attainment>,
    pub repeat_customers: Vec<Repeat>,
    pub phrases: Vec<Phrases>,
    pub days: Vec<Day>,
    /// The chart is an inline PNG (`chart_png`): the HTML shows `cid:<chart_cid>`.
    pub chart_cid: String,
    /// The chart's numbers in words, for its `alt` text.
    pub chart_alt: String,
    /// How many of each list are not shown (`LIST_MAX`); the counts above are complete.
    pub more: More,
}

pub use crate::mail::render::LIST_MAX;

/// The lines of each list a digest leaves out.
#[derive(Debug, Clone, Default, Serialize)]
pub struct More {
    pub at_risk: usize,
    pub overdue: usize,
    pub open: usize,
    pub new: usize,
    pub answered: usize,
    pub repeat_customers: usize,
}

/// `list` cut to `LIST_MAX`, and how many were cut. Pure.
fn at_most<T>(mut list: Vec<T>) -> (Vec<T>, usize) {
    let more = list.len().saturating_sub(LIST_MAX);
    list.truncate(LIST_MAX);
    (list, more)
}

/// The view as sent: every list at most `LIST_MAX` lines, the rest counted in `more`.
fn shortened(view: DigestView) -> DigestView {
    let (at_risk, at_risk_more) = at_most(view.at_risk);
    let (overdue, overdue_more) = at_most(view.overdue);
    let (open, open_more) = at_most(view.open);
    let (new, new_more) = at_most(view.new);
    let (answered, answered_more) = at_most(view.answered);
    let (repeat_customers, repeat_more) = at_most(view.repeat_customers);
    DigestView {
        at_risk,
        overdue,
        open,
        new,
        answered,
        repeat_customers,
        more: More {
            at_risk: at_risk_more,
            overdue: overdue_more,
            open: open_more,
            new: new_more,
            answered: answered_more,
            repeat_customers: repeat_more,
        },
        ..view
    }
}

fn risk_item(c: &CaseRow, a: Option<&Activity>, now: DateTime<Utc>) -> RiskItem {
    let (opened, deadline) = (c.opened_at, c.deadline);
    let overdue = deadline <= now;
    let state = if overdue {
        format!("{} past the deadline", human_duration(now - deadline))
    } else {
        format!(
            "{} of working time left",
            human_duration(a.and_then(|a| a.left).unwrap_or(deadline - now))
        )
    };
    RiskItem {
        id: c.id,
        subject: crate::mail::compose::cut(&c.subject, crate::mail::compose::SUBJECT_MAX_CHARS),
        summary: a.map(|a| a.summary.clone()).unwrap_or_default(),
        owner: c.owner.to_string(),
        route: c.route.clone(),
        age: human_duration(now - opened),
        rung: crate::case::escalate::marks(c.rung),
        last_activity: a
            .and_then(|a| a.last)
            .map(|t| crate::mail::when::ago(now - t, crate::mail::when::Lang::En))
            .unwrap_or_else(|| "—".into()),
        state,
        overdue,
    }
}

/// Overdue cases first (oldest deadline first), then those about to breach.
pub fn at_risk(d: &DigestData, now: DateTime<Utc>) -> Vec<RiskItem> {
    let soon = Duration::hours(ABOUT_TO_BREACH);
    let mut risky: Vec<&CaseRow> = d
        .open
        .iter()
        .filter(|c| {
            c.deadline <= now
                || d.activity
                    .get(&c.id)
                    .and_then(|a| a.left)
                    .unwrap_or(c.deadline - now)
                    <= soon
        })
        .collect();
    risky.sort_by(|a, b| a.deadline.cmp(&b.deadline).then(a.id.cmp(&b.id)));
    risky
        .into_iter()
        .map(|c| risk_item(c, d.activity.get(&c.id), now))
        .collect()
}

/// The period's new cases per route and priority, busiest route first.
pub fn intake(new: &[CaseRow]) -> Vec<IntakeRow> {
    let mut rows: Vec<IntakeRow> = Vec::new();
    for c in new {
        let i = match rows.iter().position(|r| r.route == c.route) {
            Some(i) => i,
            None => {
                rows.push(IntakeRow {
                    route: c.route.clone(),
                    normal: 0,
                    urgent: 0,
                    total: 0,
                });
                rows.len() - 1
            }
        };
        if let Some(r) = rows.get_mut(i) {
            if c.is_urgent() {
                r.urgent += 1;
            } else {
                r.normal += 1;
            }
            r.total += 1;
        }
    }
    rows.sort_by(|a, b| b.total.cmp(&a.total).then(a.route.cmp(&b.route)));
    rows
}

fn item(c: &CaseRow, now: DateTime<Utc>, tz: Tz) -> Item {
    let (opened, deadline, first) = (c.opened_at, c.deadline, c.first_answered_at);
    Item {
        id: c.id,
        subject: crate::mail::compose::cut(&c.subject, crate::mail::compose::SUBJECT_MAX_CHARS),
        owner: c.owner.to_string(),
        route: c.route.clone(),
        customer: c.customer_text().to_string(),
        age: human_duration(now - opened),
        deadline: crate::mail::when::at(deadline, now, tz, crate::mail::when::Lang::En),
        overdue_by: human_duration(now - deadline),
        time_to_answer: first
            .map(|f| human_duration(f - opened))
            .unwrap_or_default(),
    }
}

pub fn build_view(d: &DigestData, now: DateTime<Utc>, tz: Tz) -> DigestView {
    let view = build_view_inner(d, now, tz);
    let at_risk = at_risk(d, now);
    shortened(DigestView {
        about_to_breach_count: at_risk.iter().filter(|r| !r.overdue).count(),
        at_risk,
        ..view
    })
}

fn build_view_inner(d: &DigestData, now: DateTime<Utc>, tz: Tz) -> DigestView {
    let days = report::daily(&d.recent, now, tz, CHART_DAYS);
    let week_start = d.period_end - Duration::days(WEEK);
    let period_end = d.period_end;
    let week: Vec<CaseFacts> = d
        .recent
        .iter()
        .filter(|c| c.opened_at >= week_start && c.opened_at < period_end)
        .cloned()
        .collect();
    let overdue: Vec<Item> = d
        .open
        .iter()
        .filter(|c| c.deadline <= now)
        .map(|c| item(c, now, tz))
        .collect();
    DigestView {
        title: "qmark digest".into(),
        period_start: crate::mail::when::at(d.period_start, now, tz, crate::mail::when::Lang::En),
        period_end: crate::mail::when::at(d.period_end, now, tz, crate::mail::when::Lang::En),
        period_end_local: d
            .period_end
            .with_timezone(&tz)
            .format("%A %Y-%m-%d %H:%M")
            .to_string(),
        timezone: tz.name().to_string(),
        new_count: d.new.len(),
        open_count: d.open.len(),
        waiting_count: d.waiting.len(),
        overdue_count: overdue.len(),
        answered_count: d.answered.len(),
        set_aside_count: d.set_aside,
        overdue,
        open: d.open.iter().map(|c| item(c, now, tz)).collect(),
        waiting: d
            .waiting
            .iter()
            .map(|c| Item {
                deadline: crate::mail::when::at(
                    c.waiting_until.unwrap_or(c.deadline),
                    now,
                    tz,
                    crate::mail::when::Lang::En,
                ),
                ..item(c, now, tz)
            })
            .collect(),
        new: d.new.iter().map(|c| item(c, now, tz)).collect(),
        answered: d
            .answered
            .iter()
            .map(|c| Item {
                owner: d
                    .answerers
                    .get(&c.id)
                    .cloned()
                    .unwrap_or_else(|| c.owner.to_string()),
                ..item(c, now, tz)
            })
            .collect(),
        about_to_breach_count: 0,
        at_risk: Vec::new(),
        intake: intake(&d.new),
        response: report::response_times(&d.recent, now, Duration::days(WEEK)),
        attainment_routes: report::attainment(&d.due, now, Duration::days(WEEK), |c| &c.route),
        attainment_owners: report::attainment(&d.due, now, Duration::days(WEEK), |c| &c.owner),
        repeat_customers: report::repeat_customers(&week, &d.follow_ups),
        phrases: report::recurring_phrases(&d.texts, 5),
        days: days.clone(),
        chart_cid: crate::digest::chart_png::CHART_CID.into(),
        chart_alt: crate::digest::chart_png::alt_text(&days),
        more: More::default(),
    }
}

/// The latest scheduled instant at or before `now` that has not had its digest, if any.
pub fn due_instant(
    schedule: &cron::Schedule,
    tz: Tz,
    last: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Option<DateTime<Utc>> {
    let floor = now - Duration::hours(CATCH_UP);
    let start = last.map_or(floor, |l| l.max(floor));
    schedule
        .after(&start.with_timezone(&tz))
        .take(100_000)
        .map(|t| t.with_timezone(&Utc))
        .take_while(|t| *t <= now)
        .last()
}

pub async fn gather(
    app: &App,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<DigestData> {
    let open = app.store.list_cases(Some("open"), now).await?;
    let answered = app.store.cases_answered_between(start, end).await?;
    let ids: Vec<i64> = answered.iter().map(|c| c.id).collect();
    Ok(DigestData {
        period_start: start,
        period_end: end,
        new: app.store.cases_opened_between(start, end).await?,
        answerers: app.store.first_answerers(&ids).await?,
        answered,
        set_aside: app.store.set_aside_between(start, end).await?,
        ..gather_reports(app, start, end, now, open).await?
    })
}

/// The data behind the digest's reports: four weeks of cases, two weeks of deadlines (only the
/// columns the reports count), the period's follow-ups, this week's complaint texts, and each
/// open case's activity.
async fn gather_reports(
    app: &App,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    now: DateTime<Utc>,
    open: Vec<CaseRow>,
) -> Result<DigestData> {
    let recent = app
        .store
        .facts_opened_between(end - Duration::days(4 * WEEK), end)
        .await?;
    let week = end - Duration::days(WEEK);
    // This week's cases, then the open ones: the first 2,000 are quoted (a one-line summary
    // for the at-risk list; the route's texts for the phrases when opened this week).
    let quoted: Vec<(i64, Option<&str>)> = recent
        .iter()
        .map(|c| (c.id, &c.route, &c.opened_at))
        .filter(|(_, _, opened)| **opened >= week)
        .chain(open.iter().map(|c| (c.id, &c.route, &c.opened_at)))
        .map(|(id, route, opened)| (id, (*opened >= week).then_some(route.as_str())))
        .take(2000)
        .collect();
    let ids: Vec<i64> = quoted.iter().map(|(id, _)| *id).collect();
    let complaints = app.store.complaints(&ids).await?;
    let mut texts = Vec::new();
    let mut summaries: HashMap<i64, String> = HashMap::new();
    for (id, this_week) in quoted {
        if summaries.contains_key(&id) {
            continue;
        }
        let (subject, raw) = complaints
            .get(&id)
            .map(|(s, raw)| (s.as_str(), raw.as_deref()))
            .unwrap_or_default();
        let text = raw
            .map(|raw| crate::mail::parse(raw).text)
            .unwrap_or_default();
        if let Some(route) = this_week {
            texts.push((route.to_string(), format!("{subject}\n{text}")));
        }
        // Cases opened before `wants` was stored (migration 0010) are read again here.
        let problem = crate::routing::wants::read(subject, &text).problem;
        summaries.insert(id, problem.unwrap_or_else(|| one_line(&text, 100)));
    }
    let last: HashMap<i64, DateTime<Utc>> = app
        .store
        .open_cases_last_activity()
        .await?
        .into_iter()
        .collect();
    let activity = activity_of(app, &open, &last, &summaries, now);
    Ok(DigestData {
        period_start: start,
        period_end: end,
        new: Vec::new(),
        answered: Vec::new(),
        set_aside: 0,
        recent,
        due: app
            .store
            .facts_due_between(end - Duration::days(2 * WEEK), end)
            .await?,
        follow_ups: app.store.follow_ups_between(week, end).await?,
        texts,
        activity,
        answerers: HashMap::new(),
        waiting: app.store.list_cases(Some("waiting"), now).await?,
        open,
    })
}

/// Each open case's last activity, one-line summary (its stored problem sentence, else the
/// one read again from its complaint) and working time left. No I/O: the config only.
fn activity_of(
    app: &App,
    open: &[CaseRow],
    last: &HashMap<i64, DateTime<Utc>>,
    summaries: &HashMap<i64, String>,
    now: DateTime<Utc>,
) -> HashMap<i64, Activity> {
    open.iter()
        .map(|c| {
            let route = app.config.route(&c.route).unwrap_or(&app.config.triage);
            let left = app
                .config
                .owner_calendar(route, c.owner.as_str())
                .between(now, c.deadline);
            let summary = c
                .problem
                .clone()
                .or_else(|| summaries.get(&c.id).cloned())
                .unwrap_or_default();
            let activity = Activity {
                last: last.get(&c.id).copied(),
                summary,
                left: Some(left),
            };
            (c.id, activity)
        })
        .collect()
}

/// The first non-empty line of `text`, at most `max` characters.
pub fn one_line(text: &str, max: usize) -> String {
    // Skip a greeting ("Hello,", "Dear team,") when something follows it.
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let greeting = |l: &&str| l.ends_with(',') && l.chars().count() <= 30;
    let line = lines
        .iter()
        .find(|l| !greeting(l))
        .or(lines.first())
        .copied()
        .unwrap_or("");
    let mut out: String = line.chars().take(max).collect();
    if line.chars().count() > max {
        out.push('…');
    }
    out
}

fn timezone(app: &App) -> Tz {
    app.config
        .digest
        .as_ref()
        .map(|d| d.timezone)
        .unwrap_or(chrono_tz::UTC)
}

/// The timezone a recipient's digest is scheduled and dated in: their own calendar's, else
/// the digest's.
fn recipient_timezone(app: &App, to: &Address) -> Tz {
    app.config
        .person_timezone(to.as_str())
        .unwrap_or_else(|| timezone(app))
}

/// The period a digest at `end` covers: since the previous digest (to `to`, when given), at
/// most a week, and a day when there was none.
async fn period_start(
    app: &App,
    to: Option<&Address>,
    end: DateTime<Utc>,
) -> Result<DateTime<Utc>> {
    let last = match to {
        Some(to) => app.store.last_digest_for(to.as_str()).await?,
        None => app.store.last_digest().await?,
    };
    Ok(last
        .filter(|l| *l < end)
        .unwrap_or(end - Duration::days(1))
        .max(end - Duration::days(7)))
}

/// The digest for `now`, rendered as text and HTML, without queueing anything.
pub async fn render(app: &App, now: DateTime<Utc>) -> Result<(DigestView, String, String)> {
    let start = period_start(app, None, now).await?;
    let data = gather(app, start, now, now).await?;
    let view = build_view(&data, now, timezone(app));
    let (text, html) = app.templates.text_and_html("digest", &view)?;
    Ok((view, text, html))
}

/// Queue one digest per recipient for the instant `at`. Returns how many were queued (0 when
/// this instant's digest was queued before).
pub async fn queue(app: &App, at: DateTime<Utc>, now: DateTime<Utc>) -> Result<usize> {
    let recipients = match &app.config.digest {
        Some(d) => d.to.clone(),
        None => app.config.executives.clone(),
    };
    if recipients.is_empty() {
        anyhow::bail!("no digest recipients: set digest.to or executives.addresses");
    }
    let mut queued = 0;
    for to in &recipients {
        queued += queue_to(app, at, to, now).await?;
    }
    Ok(queued)
}

/// Queue `to`'s digest for the instant `at`, covering the time since their previous one, in
/// their timezone. Returns 1, or 0 when it was queued before.
async fn queue_to(app: &App, at: DateTime<Utc>, to: &Address, now: DateTime<Utc>) -> Result<usize> {
    let start = period_start(app, Some(to), at).await?;
    let data = gather(app, start, at, now).await?;
    let view = build_view(&data, now, recipient_timezone(app, to));
    let (text, html) = app.templates.text_and_html("digest", &view)?;
    let mut tx = app.store.write().await?;
    let head = Head {
        subject: format!(
            "qmark digest {}: {} new, {} open, {} overdue",
            view.period_end_local, view.new_count, view.open_count, view.overdue_count
        ),
        ..crate::outgoing::digest_head(app, vec![to.clone()], now)
    };
    let id = crate::outgoing::queue(
        &mut tx,
        app,
        crate::outgoing::Draft {
            key: format!("digest:{}:{to}", store::ts(at)),
            case_id: None,
            purpose: crate::outgoing::Purpose::Digest,
            head,
            body: with_chart(text.clone(), html.clone(), &view.days),
            urgent: false,
        },
        now,
    )
    .await?
    .id;
    if let Some(id) = id {
        store::insert_digest(&mut tx, at, to.as_str(), id).await?;
    }
    tx.commit().await.context("committing a digest")?;
    Ok(usize::from(id.is_some()))
}

/// A digest's or report's body: text, HTML, and the chart the HTML shows inline.
fn with_chart(text: String, html: String, days: &[Day]) -> Body<'static> {
    Body {
        text,
        html: Some(html),
        original: None,
        inline: vec![crate::digest::chart_png::inline(days)],
        files: Vec::new(),
    }
}

/// The digest data narrowed to one route: its cases, their follow-ups and words.
pub fn for_route(d: DigestData, route: &str) -> DigestData {
    let keep =
        |v: Vec<CaseRow>| -> Vec<CaseRow> { v.into_iter().filter(|c| c.route == route).collect() };
    let keep_facts = |v: Vec<CaseFacts>| -> Vec<CaseFacts> {
        v.into_iter().filter(|c| c.route == route).collect()
    };
    let new = keep(d.new);
    let open = keep(d.open);
    let recent = keep_facts(d.recent);
    let due = keep_facts(d.due);
    let ids: std::collections::HashSet<i64> = new
        .iter()
        .chain(&open)
        .map(|c| c.id)
        .chain(recent.iter().chain(&due).map(|c| c.id))
        .collect();
    DigestData {
        period_start: d.period_start,
        period_end: d.period_end,
        answered: keep(d.answered),
        // Automatic mail belongs to no route.
        set_aside: 0,
        follow_ups: d
            .follow_ups
            .into_iter()
            .filter(|(id, _)| ids.contains(id))
            .collect(),
        texts: d.texts.into_iter().filter(|(r, _)| r == route).collect(),
        activity: d.activity,
        answerers: d.answerers,
        waiting: keep(d.waiting),
        new,
        open,
        recent,
        due,
    }
}

/// Queue `manager`'s weekly report on `route` for the instant `at`. Returns 1, or 0 when it
/// was queued before.
async fn queue_department(
    app: &App,
    at: DateTime<Utc>,
    route: &str,
    manager: &Address,
    now: DateTime<Utc>,
) -> Result<usize> {
    let key = department_key(route, manager);
    let start = app
        .store
        .last_digest_for(&key)
        .await?
        .filter(|l| *l < at)
        .unwrap_or(at - Duration::days(WEEK))
        .max(at - Duration::days(WEEK));
    let data = for_route(gather(app, start, at, now).await?, route);
    let view = DigestView {
        title: format!("qmark weekly report, route {route}"),
        ..build_view(&data, now, recipient_timezone(app, manager))
    };
    let (text, html) = app.templates.text_and_html("digest", &view)?;
    let head = Head {
        subject: format!(
            "qmark weekly report, route {route}: {} new, {} open, {} overdue",
            view.new_count, view.open_count, view.overdue_count
        ),
        ..crate::outgoing::digest_head(app, vec![manager.clone()], now)
    };
    let mut tx = app.store.write().await?;
    let id = crate::outgoing::queue(
        &mut tx,
        app,
        crate::outgoing::Draft {
            key: format!("{key}:{}", store::ts(at)),
            case_id: None,
            purpose: crate::outgoing::Purpose::Report,
            head,
            body: with_chart(text, html, &view.days),
            urgent: false,
        },
        now,
    )
    .await?
    .id;
    if let Some(id) = id {
        store::insert_digest(&mut tx, at, &key, id).await?;
    }
    tx.commit()
        .await
        .context("committing a department report")?;
    Ok(usize::from(id.is_some()))
}

/// How a department report is recorded in `digests`: apart from the executives' digests.
fn department_key(route: &str, manager: &Address) -> String {
    format!("department:{route}:{manager}")
}

/// Queue each route manager's weekly report if its instant is due. Returns how many.
async fn departments_once(app: &App, since: DateTime<Utc>, now: DateTime<Utc>) -> Result<usize> {
    let Some(schedule) = app
        .config
        .digest
        .as_ref()
        .and_then(|d| d.department_schedule.as_ref())
    else {
        return Ok(0);
    };
    let mut queued = 0;
    for route in app.config.routes.iter().chain([&app.config.triage]) {
        let manager = &route.escalate_to;
        let key = department_key(&route.name, manager);
        let last = app.store.last_digest_for(&key).await?.or(Some(since));
        let tz = recipient_timezone(app, manager);
        if let Some(at) = due_instant(schedule, tz, last, now)
            && !app.store.digest_done_for(at, &key).await?
        {
            queued += queue_department(app, at, &route.name, manager, now).await?;
        }
    }
    Ok(queued)
}

/// Queue each recipient's scheduled digest if one of their instants is due (the schedule read
/// in their timezone). Returns how many mails were queued.
pub async fn digest_once(app: &App, now: DateTime<Utc>) -> Result<usize> {
    let Some(d) = &app.config.digest else {
        return Ok(0);
    };
    // A new installation starts its schedule now: it does not send a digest for an instant
    // from before it ever ran.
    let since = app.store.time_setting_default("digest_since", now).await?;
    let mut queued = 0;
    for to in &d.to {
        let last = app
            .store
            .last_digest_for(to.as_str())
            .await?
            .or(Some(since));
        let tz = recipient_timezone(app, to);
        if let Some(at) = due_instant(&d.schedule, tz, last, now)
            && !app.store.digest_done_for(at, to.as_str()).await?
        {
            let n = queue_to(app, at, to, now).await?;
            tracing::info!(at = %store::ts(at), to = %to, queued = n, "digest queued");
            queued += n;
        }
    }
    match departments_once(app, since, now).await {
        Ok(n) => queued += n,
        Err(e) => tracing::error!("department reports failed: {e:#}"),
    }
    Ok(queued)
}

/// The next scheduled digest after `now`, for the daemon to sleep until.
pub fn next_instant(app: &App, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    let d = app.config.digest.as_ref()?;
    let executives = d.to.iter().map(|to| (&d.schedule, to));
    let managers = d.department_schedule.iter().flat_map(|s| {
        app.config
            .routes
            .iter()
            .chain([&app.config.triage])
            .map(move |r| (s, &r.escalate_to))
    });
    executives
        .chain(managers)
        .filter_map(|(schedule, to)| {
            let tz = recipient_timezone(app, to);
            schedule
                .after(&now.with_timezone(&tz))
                .next()
                .map(|t| t.with_timezone(&Utc))
        })
        .min()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::at;
    use std::str::FromStr;

    #[test]
    fn due_instant_is_in_the_schedule_timezone_and_never_repeats() {
        let s = cron::Schedule::from_str("0 0 8 * * Mon-Fri").expect("valid");
        let seoul = chrono_tz::Asia::Seoul;
        // Monday 2026-11-23 08:00 in Seoul is 2026-11-22T23:00Z.
        let now = at("2026-11-23T00:30:00Z");
        let due = due_instant(&s, seoul, None, now);
        assert_eq!(due, Some(at("2026-11-22T23:00:00Z")));
        assert_eq!(due_instant(&s, seoul, due, now), None, "already sent");
        // Before the first instant of the day nothing is due (Sunday is not in the schedule).
        assert_eq!(
            due_instant(&s, seoul, None, at("2026-11-22T22:00:00Z")),
            None
        );
    }

    #[test]
    fn after_long_downtime_only_the_latest_is_due() {
        let s = cron::Schedule::from_str("0 0 8 * * *").expect("valid");
        let last = at("2026-11-01T08:00:00Z");
        let now = at("2026-11-23T09:00:00Z");
        assert_eq!(
            due_instant(&s, chrono_tz::UTC, Some(last), now),
            Some(at("2026-11-23T08:00:00Z"))
        );
    }

    fn case(id: i64, opened: &str, deadline: &str, answered: Option<&str>) -> CaseRow {
        CaseRow {
            id,
            token: format!("t{id}"),
            status: if answered.is_some() {
                store::CaseStatus::Answered
            } else {
                store::CaseStatus::Open
            },
            route: "billing".into(),
            owner: Address::parse("billing@shop.example").expect("address"),
            priority: store::Priority::Normal,
            customer_address: Address::parse("c@x.example").ok(),
            customer_name: None,
            subject: format!("s{id}"),
            opened_at: at(opened),
            deadline: at(deadline),
            escalate_to: "cfo@shop.example".into(),
            rung: 0,
            first_answered_at: answered.map(at),
            answered_at: answered.map(at),
            updated_at: at(opened),
            language: None,
            subject_key: None,
            waiting_until: None,
            wants: None,
            problem: None,
            next_due_at: None,
        }
    }

    /// A day's digest data ending at 2026-11-23T09:00Z with only these cases in it.
    fn day(open: Vec<CaseRow>, answered: Vec<CaseRow>, waiting: Vec<CaseRow>) -> DigestData {
        DigestData {
            period_start: at("2026-11-22T09:00:00Z"),
            period_end: at("2026-11-23T09:00:00Z"),
            new: Vec::new(),
            open,
            answered,
            set_aside: 0,
            recent: vec![],
            due: vec![],
            follow_ups: vec![],
            texts: vec![],
            activity: HashMap::new(),
            answerers: HashMap::new(),
            waiting,
        }
    }

    #[test]
    fn an_answer_by_the_manager_is_credited_to_the_manager() {
        // A README-only attacker's `??` manager answered; the digest said the owner had.
        let now = at("2026-11-23T09:00:00Z");
        let answered = vec![
            case(
                1,
                "2026-11-20T09:00:00.000Z",
                "2026-11-21T09:00:00.000Z",
                Some("2026-11-22T10:00:00.000Z"),
            ),
            case(
                2,
                "2026-11-20T09:00:00.000Z",
                "2026-11-21T09:00:00.000Z",
                Some("2026-11-22T11:00:00.000Z"),
            ),
        ];
        let owner = answered[0].owner.to_string();
        let data = DigestData {
            answerers: HashMap::from([(1, "cfo@shop.example".to_string())]),
            ..day(Vec::new(), answered, Vec::new())
        };
        let v = build_view(&data, now, chrono_tz::UTC);
        let by: Vec<&str> = v.answered.iter().map(|i| i.owner.as_str()).collect();
        assert_eq!(by, ["cfo@shop.example", owner.as_str()]);
    }

    #[test]
    fn a_paused_case_is_listed_with_when_it_comes_back() {
        // A README-only attacker's `#wait 300d` hid a customer's fifth mail from the digest.
        let now = at("2026-11-23T09:00:00Z");
        let mut paused = case(
            4,
            "2026-11-20T09:00:00.000Z",
            "2026-11-21T09:00:00.000Z",
            None,
        );
        paused.status = crate::store::CaseStatus::Waiting;
        paused.waiting_until = Some(at("2027-09-19T00:00:00Z"));
        let data = day(Vec::new(), Vec::new(), vec![paused]);
        let v = build_view(&data, now, chrono_tz::UTC);
        let templates = crate::mail::render::Templates::load(None).expect("templates");
        let (text, html) = templates.text_and_html("digest", &v).expect("renders");
        for part in [&text, &html] {
            assert!(part.contains("#4"), "{part}");
            assert!(part.contains("2027"), "{part}");
        }
        assert!(text.contains("Paused: 1"), "{text}");
    }

    #[test]
    fn a_long_list_shows_its_first_lines_and_says_how_many_more() {
        let now = at("2026-11-23T09:00:00Z");
        let open: Vec<CaseRow> = (1..=100)
            .map(|i| {
                case(
                    i,
                    "2026-11-20T09:00:00.000Z",
                    "2026-11-21T09:00:00.000Z",
                    None,
                )
            })
            .collect();
        let data = day(open, Vec::new(), Vec::new());
        let v = build_view(&data, now, chrono_tz::UTC);
        assert_eq!(
            (v.open_count, v.overdue_count),
            (100, 100),
            "counts stay whole"
        );
        assert_eq!((v.open.len(), v.more.open), (LIST_MAX, 100 - LIST_MAX));
        assert_eq!(
            (v.at_risk.len(), v.more.at_risk),
            (LIST_MAX, 100 - LIST_MAX)
        );
        assert_eq!(v.at_risk[0].id, 1, "the oldest deadline first");
        let templates = crate::mail::render::Templates::load(None).expect("templates");
        let (text, html) = templates.text_and_html("digest", &v).expect("renders");
        assert!(
            text.contains("... and 75 more (qmark cases list --status open)"),
            "{text}"
        );
        assert!(html.contains("… and 75 more at risk"), "{html}");
        assert!(!text.contains("#26 "), "{text}");
    }

    #[test]
    fn view_counts_and_ages() {
        let now = at("2026-11-23T09:00:00Z");
        let data = DigestData {
            period_start: at("2026-11-22T09:00:00Z"),
            period_end: now,
            new: vec![case(
                2,
                "2026-11-22T10:00:00.000Z",
                "2026-11-23T10:00:00.000Z",
                Some("2026-11-22T13:30:00.000Z"),
            )],
            open: vec![
                case(
                    1,
                    "2026-11-21T09:00:00.000Z",
                    "2026-11-22T09:00:00.000Z",
                    None,
                ),
                case(
                    3,
                    "2026-11-23T08:00:00.000Z",
                    "2026-11-24T08:00:00.000Z",
                    None,
                ),
            ],
            answered: vec![case(
                2,
                "2026-11-22T10:00:00.000Z",
                "2026-11-23T10:00:00.000Z",
                Some("2026-11-22T13:30:00.000Z"),
            )],
            set_aside: 4,
            recent: vec![],
            due: vec![],
            follow_ups: vec![],
            texts: vec![],
            activity: HashMap::new(),
            answerers: HashMap::new(),
            waiting: Vec::new(),
        };
        let v = build_view(&data, now, chrono_tz::Asia::Seoul);
        assert_eq!(
            (v.new_count, v.open_count, v.overdue_count, v.answered_count),
            (1, 2, 1, 1)
        );
        assert_eq!(v.overdue[0].id, 1);
        assert_eq!(v.overdue[0].overdue_by, "1 day");
        assert_eq!(v.answered[0].time_to_answer, "3 hours 30 minutes");
        assert_eq!(v.period_end_local, "Monday 2026-11-23 18:00");
    }
}
