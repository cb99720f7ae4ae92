//! The executives' digest: what came in, what is open and overdue and with whom, what was
//! answered and how fast. Building the view and choosing the due instant are pure; gathering
//! and queueing are the shell around them.

use anyhow::{Context, Result};
use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;
use serde::Serialize;

use crate::app::App;
use crate::compose::{self, Body, Head};
use crate::render::human_duration;
use crate::store::{self, CaseRow, NewOutbox, parse_ts};

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
    pub period_start: String,
    pub period_end: String,
    pub period_end_local: String,
    pub timezone: String,
    pub new_count: usize,
    pub open_count: usize,
    pub overdue_count: usize,
    pub answered_count: usize,
    pub set_aside_count: i64,
    pub overdue: Vec<Item>,
    pub open: Vec<Item>,
    pub new: Vec<Item>,
    pub answered: Vec<Item>,
}

fn item(c: &CaseRow, now: DateTime<Utc>) -> Item {
    let opened = parse_ts(&c.opened_at).unwrap_or(now);
    let deadline = parse_ts(&c.deadline).unwrap_or(now);
    let first = c.first_answered_at.as_deref().and_then(parse_ts);
    Item {
        id: c.id,
        subject: c.subject.clone(),
        owner: c.owner.clone(),
        route: c.route.clone(),
        customer: c.customer_address.clone(),
        age: human_duration(now - opened),
        deadline: c.deadline.clone(),
        overdue_by: human_duration(now - deadline),
        time_to_answer: first
            .map(|f| human_duration(f - opened))
            .unwrap_or_default(),
    }
}

pub fn build_view(d: &DigestData, now: DateTime<Utc>, tz: Tz) -> DigestView {
    let now_ts = store::ts(now);
    let overdue: Vec<Item> = d
        .open
        .iter()
        .filter(|c| c.deadline <= now_ts)
        .map(|c| item(c, now))
        .collect();
    DigestView {
        period_start: store::ts(d.period_start),
        period_end: store::ts(d.period_end),
        period_end_local: d
            .period_end
            .with_timezone(&tz)
            .format("%A %Y-%m-%d %H:%M")
            .to_string(),
        timezone: tz.name().to_string(),
        new_count: d.new.len(),
        open_count: d.open.len(),
        overdue_count: overdue.len(),
        answered_count: d.answered.len(),
        set_aside_count: d.set_aside,
        overdue,
        open: d.open.iter().map(|c| item(c, now)).collect(),
        new: d.new.iter().map(|c| item(c, now)).collect(),
        answered: d.answered.iter().map(|c| item(c, now)).collect(),
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
    Ok(DigestData {
        period_start: start,
        period_end: end,
        new: app.store.cases_opened_between(start, end).await?,
        open: app.store.list_cases(Some("open"), now).await?,
        answered: app.store.cases_answered_between(start, end).await?,
        set_aside: app.store.set_aside_between(start, end).await?,
    })
}

fn timezone(app: &App) -> Tz {
    app.config
        .digest
        .as_ref()
        .map(|d| d.timezone)
        .unwrap_or(chrono_tz::UTC)
}

/// The period a digest at `end` covers: since the previous digest, at most a week, and a day
/// when there was none.
async fn period_start(app: &App, end: DateTime<Utc>) -> Result<DateTime<Utc>> {
    let last = app.store.last_digest().await?.filter(|l| *l < end);
    Ok(last
        .unwrap_or(end - Duration::days(1))
        .max(end - Duration::days(7)))
}

/// The digest for `now`, rendered as text and HTML, without queueing anything.
pub async fn render(app: &App, now: DateTime<Utc>) -> Result<(DigestView, String, String)> {
    let start = period_start(app, now).await?;
    let data = gather(app, start, now, now).await?;
    let view = build_view(&data, now, timezone(app));
    let text = app.templates.text("digest.txt", &view)?;
    let html = app.templates.html("digest.html", &view)?;
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
    let start = period_start(app, at).await?;
    let data = gather(app, start, at, now).await?;
    let view = build_view(&data, now, timezone(app));
    let text = app.templates.text("digest.txt", &view)?;
    let html = app.templates.html("digest.html", &view)?;
    let mut tx = app.store.write().await?;
    let mut queued = 0;
    for to in &recipients {
        let message_id = compose::new_message_id("digest", app.id_domain());
        let head = Head {
            from: app.config.smtp.from.clone(),
            reply_to: None,
            to: vec![to.clone()],
            cc: vec![],
            subject: format!(
                "qmark digest {}: {} new, {} open, {} overdue",
                view.period_end_local, view.new_count, view.open_count, view.overdue_count
            ),
            message_id: message_id.clone(),
            in_reply_to: None,
            references: vec![],
            date: now,
            auto_submitted: "auto-generated",
            loop_marker: app.config.inbox.address.clone(),
            case_id: None,
        };
        let bytes = compose::compose(
            &head,
            Body {
                text: text.clone(),
                html: Some(html.clone()),
                original: None,
            },
        );
        let id = store::insert_outbox(
            &mut tx,
            &NewOutbox {
                dedupe_key: &format!("digest:{}:{to}", store::ts(at)),
                case_id: None,
                purpose: "digest",
                message_id: &message_id,
                envelope_from: app.config.smtp.from.address.as_str(),
                recipients: &[to.to_string()],
                body: &bytes,
            },
            now,
        )
        .await?;
        if let Some(id) = id {
            store::insert_digest(&mut tx, at, to.as_str(), id).await?;
            queued += 1;
        }
    }
    tx.commit().await.context("committing a digest")?;
    Ok(queued)
}

/// Queue the scheduled digest if an instant is due. Returns how many mails were queued.
pub async fn digest_once(app: &App, now: DateTime<Utc>) -> Result<usize> {
    let Some(d) = &app.config.digest else {
        return Ok(0);
    };
    // A new installation starts its schedule now: it does not send a digest for an instant
    // from before it ever ran.
    let since = app
        .store
        .setting_default("digest_since", &store::ts(now))
        .await?;
    let last = app.store.last_digest().await?.or_else(|| parse_ts(&since));
    match due_instant(&d.schedule, d.timezone, last, now) {
        Some(at) if !app.store.digest_done(at).await? => {
            let n = queue(app, at, now).await?;
            tracing::info!(at = %store::ts(at), queued = n, "digest queued");
            Ok(n)
        }
        _ => Ok(0),
    }
}

/// The next scheduled digest after `now`, for the daemon to sleep until.
pub fn next_instant(app: &App, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    let d = app.config.digest.as_ref()?;
    d.schedule
        .after(&now.with_timezone(&d.timezone))
        .next()
        .map(|t| t.with_timezone(&Utc))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s)
            .expect("valid test time")
            .with_timezone(&Utc)
    }

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
                "answered".into()
            } else {
                "open".into()
            },
            route: "billing".into(),
            owner: "billing@shop.example".into(),
            priority: "normal".into(),
            customer_address: "c@x.example".into(),
            customer_name: None,
            subject: format!("s{id}"),
            opened_at: opened.into(),
            deadline: deadline.into(),
            escalate_to: "cfo@shop.example".into(),
            rung: 0,
            first_answered_at: answered.map(str::to_string),
            answered_at: answered.map(str::to_string),
            updated_at: opened.into(),
            language: None,
            subject_key: None,
            waiting_until: None,
        }
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
        };
        let v = build_view(&data, now, chrono_tz::Asia::Seoul);
        assert_eq!(
            (v.new_count, v.open_count, v.overdue_count, v.answered_count),
            (1, 2, 1, 1)
        );
        assert_eq!(v.overdue[0].id, 1);
        assert_eq!(v.overdue[0].overdue_by, "1d");
        assert_eq!(v.answered[0].time_to_answer, "3h 30m");
        assert_eq!(v.period_end_local, "Monday 2026-11-23 18:00");
    }
}
