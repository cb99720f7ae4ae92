//! Business calendars: a timezone, working hours per weekday and holidays. Deadlines, reminders
//! and rungs are counted in working time on a calendar, and mail to a person waits for their
//! working hours. Pure arithmetic on instants; `now` is always passed in.

use std::collections::BTreeSet;
use std::sync::LazyLock;

use chrono::{
    DateTime, Datelike, Duration, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc,
};
use chrono_tz::Tz;

/// Minutes in a day; an interval may end at 24:00.
const DAY: u32 = 24 * 60;

/// How many days a walk through a calendar may take before it gives up (a calendar whose
/// holidays cover years would otherwise loop for ever).
const MAX_DAYS: i64 = 3 * 366;

/// A working interval within one local day, in minutes since local midnight: `start < end <= 1440`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub start: u32,
    pub end: u32,
}

#[derive(Debug, Clone)]
pub struct Calendar {
    pub name: String,
    pub timezone: Tz,
    /// Working spans per weekday, Monday first; sorted and not overlapping.
    pub hours: [Vec<Span>; 7],
    /// Local dates on which nobody works.
    pub holidays: BTreeSet<NaiveDate>,
}

/// The calendar of someone with no calendar: every minute of every day, in UTC. Deadlines on it
/// are plain wall-clock durations (qmark's behaviour before calendars existed).
pub static AROUND_THE_CLOCK: LazyLock<Calendar> = LazyLock::new(|| Calendar {
    name: "around-the-clock".into(),
    timezone: chrono_tz::UTC,
    hours: std::array::from_fn(|_| vec![Span { start: 0, end: DAY }]),
    holidays: BTreeSet::new(),
});

/// Parse one weekday's hours: `"09:00-18:00"`, `"09:00-12:00, 13:00-18:00"`, or `""` / `"off"`
/// for a day off. Spans must be in order and not overlap; `24:00` ends a day.
pub fn parse_hours(s: &str) -> Result<Vec<Span>, String> {
    let s = s.trim();
    if s.is_empty() || s.eq_ignore_ascii_case("off") {
        return Ok(Vec::new());
    }
    let mut spans: Vec<Span> = Vec::new();
    for part in s.split(',') {
        let (a, b) = part
            .trim()
            .split_once('-')
            .ok_or_else(|| format!("{part:?} is not a span like \"09:00-18:00\""))?;
        let start = parse_minute(a.trim())?;
        let end = parse_minute(b.trim())?;
        if start >= end {
            return Err(format!("{part:?} ends before it starts"));
        }
        if let Some(last) = spans.last()
            && start < last.end
        {
            return Err(format!("{part:?} overlaps or precedes the span before it"));
        }
        spans.push(Span { start, end });
    }
    Ok(spans)
}

fn parse_minute(s: &str) -> Result<u32, String> {
    let bad = || format!("{s:?} is not a time like \"09:00\" (00:00 to 24:00)");
    let (h, m) = s.split_once(':').ok_or_else(bad)?;
    let h: u32 = h.parse().map_err(|_| bad())?;
    let m: u32 = m.parse().map_err(|_| bad())?;
    if m >= 60 || h > 24 || (h == 24 && m != 0) {
        return Err(bad());
    }
    Ok(h * 60 + m)
}

impl Calendar {
    /// Does this calendar work at all in an ordinary week?
    pub fn has_working_time(&self) -> bool {
        self.hours.iter().any(|d| !d.is_empty())
    }

    /// The working spans of one local date, as UTC instants.
    fn spans_on(&self, date: NaiveDate) -> Vec<(DateTime<Utc>, DateTime<Utc>)> {
        if self.holidays.contains(&date) {
            return Vec::new();
        }
        let weekday = date.weekday().num_days_from_monday() as usize;
        let Some(spans) = self.hours.get(weekday) else {
            return Vec::new();
        };
        spans
            .iter()
            .filter_map(|s| {
                let a = self.instant(date, s.start, false)?;
                let b = self.instant(date, s.end, true)?;
                (a < b).then_some((a, b))
            })
            .collect()
    }

    /// The UTC instant of a local wall-clock minute. A minute skipped by a DST jump becomes the
    /// first minute after the jump; a repeated one is the earlier occurrence for a start and
    /// the later for an end, so a span is never shortened by the change.
    fn instant(&self, date: NaiveDate, minute: u32, is_end: bool) -> Option<DateTime<Utc>> {
        let midnight = NaiveDateTime::new(date, NaiveTime::MIN);
        let mut local = midnight + Duration::minutes(i64::from(minute));
        for _ in 0..(4 * 60) {
            match self.timezone.from_local_datetime(&local) {
                LocalResult::Single(t) => return Some(t.with_timezone(&Utc)),
                LocalResult::Ambiguous(early, late) => {
                    let t = if is_end { late } else { early };
                    return Some(t.with_timezone(&Utc));
                }
                LocalResult::None => local += Duration::minutes(1),
            }
        }
        None
    }

    fn local_date(&self, t: DateTime<Utc>) -> NaiveDate {
        t.with_timezone(&self.timezone).date_naive()
    }

    /// Is `t` inside working hours?
    pub fn is_working(&self, t: DateTime<Utc>) -> bool {
        let date = self.local_date(t);
        // A span that ends at 24:00 local is listed on its own date; look at yesterday too so
        // DST edge cases around midnight stay right.
        [date.pred_opt(), Some(date)]
            .into_iter()
            .flatten()
            .flat_map(|d| self.spans_on(d))
            .any(|(a, b)| a <= t && t < b)
    }

    /// `t` if it is working time, otherwise the start of the next working span. None when the
    /// calendar has no working time in the next three years.
    pub fn next_working(&self, t: DateTime<Utc>) -> Option<DateTime<Utc>> {
        let first = self.local_date(t).pred_opt()?;
        for offset in 0..MAX_DAYS {
            let date = first + Duration::days(offset);
            for (a, b) in self.spans_on(date) {
                if t < b {
                    return Some(a.max(t));
                }
            }
        }
        None
    }

    /// The instant `d` of working time after `start`. A deadline that uses up a day exactly
    /// lands at that day's closing time, not at the next morning. None when the calendar runs
    /// out of working time (see `next_working`).
    pub fn add(&self, start: DateTime<Utc>, d: Duration) -> Option<DateTime<Utc>> {
        if d <= Duration::zero() {
            return Some(start);
        }
        let mut left = d;
        let first = self.local_date(start).pred_opt()?;
        for offset in 0..MAX_DAYS {
            let date = first + Duration::days(offset);
            for (a, b) in self.spans_on(date) {
                if b <= start {
                    continue;
                }
                let from = a.max(start);
                let available = b - from;
                if left <= available {
                    return Some(from + left);
                }
                left -= available;
            }
        }
        None
    }

    /// Working time between two instants (zero when `to <= from`).
    pub fn between(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> Duration {
        let mut total = Duration::zero();
        if to <= from {
            return total;
        }
        let Some(first) = self.local_date(from).pred_opt() else {
            return total;
        };
        let last = self.local_date(to);
        let mut date = first;
        while date <= last {
            for (a, b) in self.spans_on(date) {
                let s = a.max(from);
                let e = b.min(to);
                if s < e {
                    total += e - s;
                }
            }
            let Some(next) = date.succ_opt() else { break };
            date = next;
        }
        total
    }
}

/// A test office: `hours` (like "09:00-18:00") Monday to Friday, no holidays.
#[cfg(test)]
pub(crate) fn weekdays(tz: Tz, hours: &str) -> Calendar {
    let day = parse_hours(hours).expect("valid test hours");
    Calendar {
        name: "office".into(),
        timezone: tz,
        hours: [
            day.clone(),
            day.clone(),
            day.clone(),
            day.clone(),
            day,
            Vec::new(),
            Vec::new(),
        ],
        holidays: BTreeSet::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::at;

    fn office(tz: Tz, holidays: &[&str]) -> Calendar {
        Calendar {
            holidays: holidays
                .iter()
                .map(|d| d.parse().expect("valid date"))
                .collect(),
            ..weekdays(tz, "09:00-18:00")
        }
    }

    #[test]
    fn hours_parse_and_reject_nonsense() {
        assert_eq!(
            parse_hours("09:00-12:00, 13:00-24:00").expect("valid"),
            vec![
                Span {
                    start: 540,
                    end: 720
                },
                Span {
                    start: 780,
                    end: 1440
                }
            ]
        );
        assert_eq!(parse_hours("off").expect("valid"), vec![]);
        for bad in [
            "9-5",
            "18:00-09:00",
            "09:00-12:00,11:00-13:00",
            "25:00-26:00",
        ] {
            assert!(parse_hours(bad).is_err(), "{bad} must be rejected");
        }
    }

    #[test]
    fn within_a_day() {
        let c = office(chrono_tz::UTC, &[]);
        // Monday 2026-11-23 10:00 + 4 h = 14:00.
        assert_eq!(
            c.add(at("2026-11-23T10:00:00Z"), Duration::hours(4)),
            Some(at("2026-11-23T14:00:00Z"))
        );
    }

    #[test]
    fn a_deadline_that_uses_up_the_day_lands_at_closing_time() {
        let c = office(chrono_tz::UTC, &[]);
        assert_eq!(
            c.add(at("2026-11-23T10:00:00Z"), Duration::hours(8)),
            Some(at("2026-11-23T18:00:00Z"))
        );
        // One minute more carries into the next morning.
        assert_eq!(
            c.add(at("2026-11-23T10:00:00Z"), Duration::minutes(8 * 60 + 1)),
            Some(at("2026-11-24T09:01:00Z"))
        );
    }

    #[test]
    fn weekends_are_skipped() {
        let c = office(chrono_tz::UTC, &[]);
        // Friday 2026-11-27 16:00 + 4 h: 2 h on Friday, 2 h on Monday.
        assert_eq!(
            c.add(at("2026-11-27T16:00:00Z"), Duration::hours(4)),
            Some(at("2026-11-30T11:00:00Z"))
        );
        // A complaint on Saturday starts the clock on Monday morning.
        assert_eq!(
            c.add(at("2026-11-28T12:00:00Z"), Duration::hours(24)),
            Some(at("2026-12-02T15:00:00Z")),
            "24 working hours = 9 + 9 + 6"
        );
    }

    #[test]
    fn holidays_are_skipped() {
        let c = office(chrono_tz::UTC, &["2026-11-26"]);
        // Wednesday 17:00 + 2 h: 1 h Wednesday, Thursday is a holiday, 1 h Friday.
        assert_eq!(
            c.add(at("2026-11-25T17:00:00Z"), Duration::hours(2)),
            Some(at("2026-11-27T10:00:00Z"))
        );
        assert!(!c.is_working(at("2026-11-26T12:00:00Z")));
        assert_eq!(
            c.next_working(at("2026-11-26T12:00:00Z")),
            Some(at("2026-11-27T09:00:00Z"))
        );
    }

    #[test]
    fn hours_are_local_to_the_timezone() {
        let c = office(chrono_tz::Asia::Seoul, &[]);
        // 09:00 in Seoul is 00:00 UTC.
        assert!(c.is_working(at("2026-11-23T00:00:00Z")));
        assert!(!c.is_working(at("2026-11-22T23:59:00Z")));
        assert!(!c.is_working(at("2026-11-23T09:00:00Z")), "18:00 Seoul");
        assert_eq!(
            c.add(at("2026-11-23T08:00:00Z"), Duration::hours(2)),
            Some(at("2026-11-24T01:00:00Z")),
            "17:00 Seoul + 2 h = 10:00 next day"
        );
    }

    #[test]
    fn daylight_saving_changes_do_not_move_the_office_hours() {
        let c = office(chrono_tz::Europe::Berlin, &[]);
        // Before the change (CEST, UTC+2) 09:00 is 07:00Z; after it (CET, UTC+1) 08:00Z.
        assert!(c.is_working(at("2026-10-23T07:00:00Z")));
        assert!(!c.is_working(at("2026-10-26T07:30:00Z")));
        assert!(c.is_working(at("2026-10-26T08:00:00Z")));
        // Friday 2026-10-23 17:00 CEST + 2 h = Monday 2026-10-26 10:00 CET.
        assert_eq!(
            c.add(at("2026-10-23T15:00:00Z"), Duration::hours(2)),
            Some(at("2026-10-26T09:00:00Z"))
        );
        assert_eq!(
            c.between(at("2026-10-23T15:00:00Z"), at("2026-10-26T09:00:00Z")),
            Duration::hours(2)
        );
    }

    #[test]
    fn a_day_that_skips_an_hour_is_an_hour_shorter_around_the_clock() {
        let mut c = office(chrono_tz::Europe::Berlin, &[]);
        c.hours = std::array::from_fn(|_| vec![Span { start: 0, end: DAY }]);
        // Sunday 2026-03-29 has 23 hours in Berlin.
        let start = at("2026-03-28T23:00:00Z"); // 00:00 local
        let end = at("2026-03-29T22:00:00Z"); // 00:00 local the next day
        assert_eq!(c.between(start, end), Duration::hours(23));
        assert_eq!(c.add(start, Duration::hours(23)), Some(end));
    }

    #[test]
    fn between_is_the_inverse_of_add() {
        let c = office(chrono_tz::America::New_York, &["2026-11-26"]);
        let start = at("2026-11-25T20:30:00Z");
        for h in [1, 5, 9, 10, 24, 40] {
            let end = c.add(start, Duration::hours(h)).expect("finite");
            assert_eq!(c.between(start, end), Duration::hours(h), "{h} h");
        }
    }

    #[test]
    fn around_the_clock_is_wall_clock_time() {
        let c = &*AROUND_THE_CLOCK;
        let t = at("2026-11-28T03:17:00Z");
        assert!(c.is_working(t));
        assert_eq!(c.add(t, Duration::hours(24)), Some(t + Duration::hours(24)));
        assert_eq!(c.next_working(t), Some(t));
    }

    #[test]
    fn a_calendar_without_working_time_gives_up() {
        let mut c = office(chrono_tz::UTC, &[]);
        c.hours = std::array::from_fn(|_| Vec::new());
        assert!(!c.has_working_time());
        assert_eq!(c.add(at("2026-11-23T10:00:00Z"), Duration::hours(1)), None);
        assert_eq!(c.next_working(at("2026-11-23T10:00:00Z")), None);
    }
}
