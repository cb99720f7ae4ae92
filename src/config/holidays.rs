//! Holidays from an iCalendar file (`[calendars.<name>] holidays_file`), the form in which
//! companies and public-holiday feeds publish them. Pure: text in, local dates out. The only
//! user of the `icalendar` crate.
//!
//! What a day off is: an all-day event (`DTSTART;VALUE=DATE`), every date from its start up to
//! its exclusive `DTEND`. Outlook exports all-day events as midnight-to-midnight date-times;
//! those count too. An event with a time of day is not a holiday (a two-hour offsite does not
//! close the office) and is refused, so that a wrong file fails at start-up instead of silently
//! shifting deadlines. `FREQ=YEARLY` recurrences (fixed-date holidays such as Christmas) are
//! expanded up to `LAST_YEAR`; any other rule is refused with what to do instead.

use std::collections::BTreeSet;

use chrono::{Datelike, Days, NaiveDate, NaiveDateTime, NaiveTime};
use icalendar::{Component, DatePerhapsTime};

/// Yearly holidays are expanded up to this year: far enough for any deadline, small enough to
/// keep the set cheap (about 75 dates per rule).
pub const LAST_YEAR: i32 = 2100;

/// No holiday lasts longer than this; a longer event is a mistake in the file.
const MAX_SPAN_DAYS: u64 = 366;

/// The dates the file declares as days off, or a one-line reason naming the event.
pub fn parse(text: &str) -> Result<BTreeSet<NaiveDate>, String> {
    let calendar: icalendar::Calendar = text
        .parse()
        .map_err(|e: String| format!("not an iCalendar file: {}", first_line(&e)))?;
    let mut dates = BTreeSet::new();
    let mut events = 0;
    for event in calendar.events() {
        events += 1;
        if event
            .property_value("STATUS")
            .is_some_and(|s| s.eq_ignore_ascii_case("CANCELLED"))
        {
            continue;
        }
        let name = event.get_summary().unwrap_or("(no SUMMARY)");
        let (start, days) =
            span(event.get_start(), event.get_end()).map_err(|e| format!("event {name:?}: {e}"))?;
        let starts = match event.property_value("RRULE") {
            None => vec![start],
            Some(rule) => {
                let excluded = exdates(event);
                yearly(start, rule)
                    .map_err(|e| format!("event {name:?}: {e}"))?
                    .into_iter()
                    .filter(|d| !excluded.contains(d))
                    .collect()
            }
        };
        for first in starts {
            dates.extend((0..days).filter_map(|i| first.checked_add_days(Days::new(i))));
        }
    }
    if events == 0 {
        return Err("the file holds no VEVENT; export the holidays as events".into());
    }
    Ok(dates)
}

fn first_line(s: &str) -> &str {
    s.lines().find(|l| !l.trim().is_empty()).unwrap_or(s).trim()
}

/// The first date off and how many days the event lasts.
fn span(
    start: Option<DatePerhapsTime>,
    end: Option<DatePerhapsTime>,
) -> Result<(NaiveDate, u64), String> {
    let start = start.ok_or("it has no DTSTART")?;
    let first = all_day(&start).ok_or(
        "it starts at a time of day; only all-day events are holidays (make it an all-day event)",
    )?;
    let days = match end {
        None => 1,
        Some(end) => {
            let last = all_day(&end)
                .ok_or("it ends at a time of day; only all-day events are holidays")?;
            let days = (last - first).num_days();
            if days < 1 {
                return Err("its DTEND is not after its DTSTART".into());
            }
            days as u64
        }
    };
    if days > MAX_SPAN_DAYS {
        return Err(format!(
            "it lasts {days} days; a holiday lasts at most {MAX_SPAN_DAYS}"
        ));
    }
    Ok((first, days))
}

/// The local date of an all-day value: a DATE, or a date-time at midnight (Outlook).
fn all_day(value: &DatePerhapsTime) -> Option<NaiveDate> {
    match value {
        DatePerhapsTime::Date(d) => Some(*d),
        DatePerhapsTime::DateTime(dt) => {
            let naive: NaiveDateTime = match dt {
                icalendar::CalendarDateTime::Floating(n) => *n,
                icalendar::CalendarDateTime::WithTimezone { date_time, .. } => *date_time,
                icalendar::CalendarDateTime::Utc(u) => u.naive_utc(),
            };
            (naive.time() == NaiveTime::MIN).then(|| naive.date())
        }
    }
}

/// The dates of a `FREQ=YEARLY` rule from `start`, honouring INTERVAL, COUNT and UNTIL. A
/// 29 February start falls only in leap years (RFC 5545: invalid dates are skipped).
fn yearly(start: NaiveDate, rule: &str) -> Result<Vec<NaiveDate>, String> {
    let mut interval = 1;
    let mut count: Option<usize> = None;
    let mut until: Option<NaiveDate> = None;
    let mut yearly = false;
    for part in rule.split(';').filter(|p| !p.is_empty()) {
        let (key, value) = part.split_once('=').unwrap_or((part, ""));
        match key.to_ascii_uppercase().as_str() {
            "FREQ" if value.eq_ignore_ascii_case("YEARLY") => yearly = true,
            "INTERVAL" => {
                interval = value
                    .parse()
                    .ok()
                    .filter(|n| *n > 0)
                    .ok_or(format!("RRULE {rule:?}: bad INTERVAL"))?
            }
            "COUNT" => {
                count = Some(
                    value
                        .parse()
                        .map_err(|_| format!("RRULE {rule:?}: bad COUNT"))?,
                )
            }
            "UNTIL" => {
                until = Some(
                    value
                        .get(..8)
                        .and_then(|d| NaiveDate::parse_from_str(d, "%Y%m%d").ok())
                        .ok_or(format!("RRULE {rule:?}: bad UNTIL"))?,
                )
            }
            // Christmas written as FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=25 repeats DTSTART's own
            // month and day: harmless when they agree.
            "BYMONTH" if value.parse() == Ok(start.month()) => {}
            "BYMONTHDAY" if value.parse() == Ok(start.day()) => {}
            "WKST" => {}
            _ => {
                return Err(format!(
                    "RRULE {rule:?} is not supported (only yearly on a fixed date); list each \
                     year's date as its own event, as most holiday feeds do"
                ));
            }
        }
    }
    if !yearly {
        return Err(format!(
            "RRULE {rule:?} is not supported (only FREQ=YEARLY); list each date as its own event"
        ));
    }
    let mut out = Vec::new();
    let mut year = start.year();
    while year <= LAST_YEAR && count.is_none_or(|c| out.len() < c) {
        if let Some(d) = NaiveDate::from_ymd_opt(year, start.month(), start.day()) {
            if until.is_some_and(|u| d > u) {
                break;
            }
            out.push(d);
        }
        year += interval;
    }
    Ok(out)
}

/// Dates excluded from a recurrence (`EXDATE`, possibly several, possibly comma-separated).
fn exdates(event: &icalendar::Event) -> BTreeSet<NaiveDate> {
    let single = event.properties().get("EXDATE").into_iter();
    let multi = event.multi_properties().get("EXDATE").into_iter().flatten();
    single
        .chain(multi)
        .flat_map(|p| p.value().split(',').map(str::to_owned).collect::<Vec<_>>())
        .filter_map(|v| NaiveDate::parse_from_str(v.get(..8)?, "%Y%m%d").ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ics(events: &str) -> String {
        format!("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n{events}END:VCALENDAR\r\n")
    }

    fn d(s: &str) -> NaiveDate {
        s.parse().expect("date")
    }

    #[test]
    fn all_day_events_and_multi_day_spans() {
        let text = ics(concat!(
            "BEGIN:VEVENT\r\nUID:1\r\nSUMMARY:Christmas Day\r\nDTSTART;VALUE=DATE:20261225\r\nDTEND;VALUE=DATE:20261226\r\nEND:VEVENT\r\n",
            "BEGIN:VEVENT\r\nUID:2\r\nSUMMARY:Chuseok\r\nDTSTART;VALUE=DATE:20270914\r\nDTEND;VALUE=DATE:20270917\r\nEND:VEVENT\r\n",
            "BEGIN:VEVENT\r\nUID:3\r\nSUMMARY:No end\r\nDTSTART;VALUE=DATE:20270101\r\nEND:VEVENT\r\n",
            "BEGIN:VEVENT\r\nUID:4\r\nSUMMARY:Dropped\r\nSTATUS:CANCELLED\r\nDTSTART;VALUE=DATE:20270505\r\nEND:VEVENT\r\n",
        ));
        let got: Vec<NaiveDate> = parse(&text).expect("parses").into_iter().collect();
        assert_eq!(
            got,
            vec![
                d("2026-12-25"),
                d("2027-01-01"),
                d("2027-09-14"),
                d("2027-09-15"),
                d("2027-09-16")
            ]
        );
    }

    #[test]
    fn outlook_midnight_events_count_and_timed_events_are_refused() {
        let outlook = ics(
            "BEGIN:VEVENT\r\nUID:1\r\nSUMMARY:Founders day\r\nDTSTART:20270301T000000\r\nDTEND:20270302T000000\r\nEND:VEVENT\r\n",
        );
        assert_eq!(
            parse(&outlook).expect("parses"),
            BTreeSet::from([d("2027-03-01")])
        );
        let timed = ics(
            "BEGIN:VEVENT\r\nUID:1\r\nSUMMARY:Offsite\r\nDTSTART:20270301T140000Z\r\nDTEND:20270301T160000Z\r\nEND:VEVENT\r\n",
        );
        let e = parse(&timed).expect_err("a timed event is no holiday");
        assert!(e.contains("\"Offsite\"") && e.contains("all-day"), "{e}");
    }

    #[test]
    fn yearly_rules_expand_and_others_are_refused() {
        let text = ics(
            "BEGIN:VEVENT\r\nUID:1\r\nSUMMARY:Christmas\r\nDTSTART;VALUE=DATE:20241225\r\nRRULE:FREQ=YEARLY;COUNT=4\r\nEXDATE;VALUE=DATE:20251225\r\nEND:VEVENT\r\n",
        );
        let got: Vec<NaiveDate> = parse(&text).expect("parses").into_iter().collect();
        assert_eq!(got, vec![d("2024-12-25"), d("2026-12-25"), d("2027-12-25")]);

        let leap = ics(
            "BEGIN:VEVENT\r\nUID:1\r\nSUMMARY:Leap\r\nDTSTART;VALUE=DATE:20240229\r\nRRULE:FREQ=YEARLY;UNTIL=20330101\r\nEND:VEVENT\r\n",
        );
        let got: Vec<NaiveDate> = parse(&leap).expect("parses").into_iter().collect();
        assert_eq!(got, vec![d("2024-02-29"), d("2028-02-29"), d("2032-02-29")]);

        let open = ics(
            "BEGIN:VEVENT\r\nUID:1\r\nSUMMARY:New year\r\nDTSTART;VALUE=DATE:20270101\r\nRRULE:FREQ=YEARLY\r\nEND:VEVENT\r\n",
        );
        let all = parse(&open).expect("parses");
        assert_eq!(all.len(), (LAST_YEAR - 2027 + 1) as usize);

        let thanksgiving = ics(
            "BEGIN:VEVENT\r\nUID:1\r\nSUMMARY:Thanksgiving\r\nDTSTART;VALUE=DATE:20261126\r\nRRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=4TH\r\nEND:VEVENT\r\n",
        );
        let e = parse(&thanksgiving).expect_err("a weekday rule is not a fixed date");
        assert!(e.contains("Thanksgiving") && e.contains("list each"), "{e}");
    }

    #[test]
    fn garbage_and_empty_files_say_what_is_wrong() {
        assert!(parse("hello").expect_err("not ics").contains("iCalendar"));
        assert!(parse(&ics("")).expect_err("no events").contains("VEVENT"));
        let backwards = ics(
            "BEGIN:VEVENT\r\nUID:1\r\nSUMMARY:Oops\r\nDTSTART;VALUE=DATE:20270105\r\nDTEND;VALUE=DATE:20270101\r\nEND:VEVENT\r\n",
        );
        assert!(parse(&backwards).expect_err("backwards").contains("DTEND"));
    }
}
