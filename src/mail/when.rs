//! Times and durations as people read them: in the reader's own timezone, in words, in their
//! language where qmark knows it ("Thu 3 Dec, 15:10 (Seoul)", "12월 3일(목) 오후 3:10",
//! "12月3日(木) 15:10"; "3 hours ago", "8 working hours from now"). Pure: `now` and the
//! reader's calendar are passed in. Machine forms (RFC 3339 UTC) stay in `--json` and headers.

use chrono::{DateTime, Datelike, Duration, Timelike, Utc};
use chrono_tz::Tz;

use crate::config::calendar::Calendar;
use crate::config::{Config, Route};

/// The languages qmark writes times in. Employees read English (the templates are English);
/// customers read the language of their complaint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    En,
    Ko,
    Ja,
    Zh,
}

impl Lang {
    /// The language of a stored code (`ko`, `ja`, `zh`, `zh-cn`, …); English for anything else.
    pub fn from_code(code: Option<&str>) -> Lang {
        let code = code.unwrap_or("").to_ascii_lowercase();
        match code.split(['-', '_']).next().unwrap_or("") {
            "ko" => Lang::Ko,
            "ja" => Lang::Ja,
            "zh" => Lang::Zh,
            _ => Lang::En,
        }
    }

    /// The timezone whose readers need no zone named after a time: a Korean reader of a
    /// Seoul time reads "오후 3:10", of a Berlin time "오후 3:10 (Berlin)".
    fn home_zone(self) -> Option<Tz> {
        match self {
            Lang::En => None,
            Lang::Ko => Some(chrono_tz::Asia::Seoul),
            Lang::Ja => Some(chrono_tz::Asia::Tokyo),
            Lang::Zh => Some(chrono_tz::Asia::Shanghai),
        }
    }
}

/// Who reads a time: the calendar whose zone they live in (and whose working hours "8 working
/// hours from now" counts), and the language they read.
#[derive(Debug, Clone, Copy)]
pub struct Reader<'a> {
    pub calendar: &'a Calendar,
    pub lang: Lang,
}

impl<'a> Reader<'a> {
    /// A person who works on a case's route: their own calendar, else the route's, else the
    /// default (the calendar the case's deadline is counted on when they own it).
    pub fn on_route(config: &'a Config, route: &Route, who: &str, lang: Lang) -> Reader<'a> {
        Reader {
            calendar: config.owner_calendar(route, who),
            lang,
        }
    }

    /// An employee working on `route` (employees read English, as the templates are).
    pub fn employee(
        config: &'a Config,
        route: &Route,
        who: &crate::mail::address::Address,
    ) -> Reader<'a> {
        Reader::on_route(config, route, who.as_str(), Lang::En)
    }

    /// A person outside any route (an executive, the operator): their own calendar, else the
    /// default.
    pub fn person(config: &'a Config, who: &str, lang: Lang) -> Reader<'a> {
        Reader {
            calendar: config.person_calendar(who),
            lang,
        }
    }

    pub fn zone(&self) -> Tz {
        self.calendar.timezone
    }

    /// `t` as a date and clock time in the reader's zone.
    pub fn at(&self, t: DateTime<Utc>, now: DateTime<Utc>) -> String {
        at(t, now, self.zone(), self.lang)
    }

    /// How far `t` is from `now`, in working time on the reader's calendar when it has working
    /// hours: "8 working hours from now", "in 2 days", "3 hours ago".
    pub fn from_now(&self, t: DateTime<Utc>, now: DateTime<Utc>) -> String {
        if t <= now {
            return ago(now - t, self.lang);
        }
        if around_the_clock(self.calendar) {
            // Working time is wall time here, and "working" would mislead.
            ahead(t - now, self.lang)
        } else {
            working_ahead(self.calendar.between(now, t), self.lang)
        }
    }

    /// A deadline as the reader should see it: "Thu 3 Dec, 15:10 (Seoul) — 8 working hours
    /// from now".
    pub fn deadline(&self, t: DateTime<Utc>, now: DateTime<Utc>) -> String {
        format!("{} — {}", self.at(t, now), self.from_now(t, now))
    }
}

/// An instant as `who` reads it outside any route (their own calendar, else the default): a
/// mail held for them says when it goes in their zone.
pub fn for_person(config: &Config, who: &str, t: DateTime<Utc>, now: DateTime<Utc>) -> String {
    Reader::person(config, who, Lang::En).at(t, now)
}

/// An instant as the operator reads it at the command line: on the default calendar's zone.
pub fn for_operator(config: &Config, t: DateTime<Utc>, now: DateTime<Utc>) -> String {
    Reader::person(config, "", Lang::En).at(t, now)
}

/// Does this calendar work every minute of every day (no hours set, no holidays)?
fn around_the_clock(calendar: &Calendar) -> bool {
    calendar.holidays.is_empty()
        && calendar
            .hours
            .iter()
            .all(|day| matches!(day.as_slice(), [s] if s.start == 0 && s.end == 24 * 60))
}

/// The name of a zone as people say it: `Asia/Seoul` → "Seoul", `America/New_York` → "New
/// York", `UTC` → "UTC".
pub fn zone_name(tz: Tz) -> String {
    let name = tz.name();
    name.rsplit('/').next().unwrap_or(name).replace('_', " ")
}

const EN_DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const EN_MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];
const KO_DAYS: [&str; 7] = ["월", "화", "수", "목", "금", "토", "일"];
const JA_DAYS: [&str; 7] = ["月", "火", "水", "木", "金", "土", "日"];
const ZH_DAYS: [&str; 7] = ["周一", "周二", "周三", "周四", "周五", "周六", "周日"];

fn pick<'a>(names: &[&'a str], i: usize) -> &'a str {
    names.get(i).copied().unwrap_or("")
}

/// `t` in `tz` as a reader of `lang` writes a date and a time. The year is shown only when it
/// is not the reader's current year; the zone is named unless it is the language's home zone.
pub fn at(t: DateTime<Utc>, now: DateTime<Utc>, tz: Tz, lang: Lang) -> String {
    let local = t.with_timezone(&tz);
    let this_year = now.with_timezone(&tz).year();
    let show_year = local.year() != this_year;
    let weekday = local.weekday().num_days_from_monday() as usize;
    let (month, day, year) = (local.month(), local.day(), local.year());
    let (hour, minute) = (local.hour(), local.minute());
    let zone = if lang.home_zone() == Some(tz) {
        String::new()
    } else {
        format!(" ({})", zone_name(tz))
    };
    match lang {
        Lang::En => {
            let month_name = pick(&EN_MONTHS, month as usize - 1);
            let year = if show_year {
                format!(" {year}")
            } else {
                String::new()
            };
            format!(
                "{} {day} {month_name}{year}, {hour:02}:{minute:02}{zone}",
                pick(&EN_DAYS, weekday)
            )
        }
        Lang::Ko => {
            let year = if show_year {
                format!("{year}년 ")
            } else {
                String::new()
            };
            // Korean mail writes the 12-hour clock: 오전 (morning) / 오후 (afternoon).
            let (half, h12) = match hour {
                0 => ("오전", 12),
                1..=11 => ("오전", hour),
                12 => ("오후", 12),
                _ => ("오후", hour - 12),
            };
            format!(
                "{year}{month}월 {day}일({}) {half} {h12}:{minute:02}{zone}",
                pick(&KO_DAYS, weekday)
            )
        }
        Lang::Ja | Lang::Zh => {
            let year = if show_year {
                format!("{year}年")
            } else {
                String::new()
            };
            let days = if lang == Lang::Ja { &JA_DAYS } else { &ZH_DAYS };
            format!(
                "{year}{month}月{day}日({}) {hour:02}:{minute:02}{zone}",
                pick(days, weekday)
            )
        }
    }
}

/// A length of time in words, in at most two units: "less than a minute", "45 minutes",
/// "3 hours 20 minutes", "2 days 4 hours". Negative lengths read as none.
pub fn span(d: Duration, lang: Lang) -> String {
    let mins = d.num_minutes().max(0);
    let (days, hours, minutes) = (mins / 1440, mins % 1440 / 60, mins % 60);
    let parts: Vec<(i64, Unit)> = if days > 0 {
        vec![(days, Unit::Day), (hours, Unit::Hour)]
    } else if hours > 0 {
        vec![(hours, Unit::Hour), (minutes, Unit::Minute)]
    } else if minutes > 0 {
        vec![(minutes, Unit::Minute)]
    } else {
        return match lang {
            Lang::En => "less than a minute".into(),
            Lang::Ko => "1분 미만".into(),
            Lang::Ja => "1分未満".into(),
            Lang::Zh => "不到1分钟".into(),
        };
    };
    let words: Vec<String> = parts
        .into_iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, u)| u.count(n, lang))
        .collect();
    words.join(" ")
}

#[derive(Clone, Copy)]
enum Unit {
    Day,
    Hour,
    Minute,
}

impl Unit {
    fn count(self, n: i64, lang: Lang) -> String {
        let plural = if n == 1 { "" } else { "s" };
        match (lang, self) {
            (Lang::En, Unit::Day) => format!("{n} day{plural}"),
            (Lang::En, Unit::Hour) => format!("{n} hour{plural}"),
            (Lang::En, Unit::Minute) => format!("{n} minute{plural}"),
            (Lang::Ko, Unit::Day) => format!("{n}일"),
            (Lang::Ko, Unit::Hour) => format!("{n}시간"),
            (Lang::Ko, Unit::Minute) => format!("{n}분"),
            (Lang::Ja, Unit::Day) => format!("{n}日"),
            (Lang::Ja, Unit::Hour) => format!("{n}時間"),
            (Lang::Ja, Unit::Minute) => format!("{n}分"),
            (Lang::Zh, Unit::Day) => format!("{n}天"),
            (Lang::Zh, Unit::Hour) => format!("{n}小时"),
            (Lang::Zh, Unit::Minute) => format!("{n}分钟"),
        }
    }
}

/// "3 hours ago", "3시간 전", "3時間前"; "just now" under a minute.
pub fn ago(d: Duration, lang: Lang) -> String {
    if d < Duration::minutes(1) {
        return match lang {
            Lang::En => "just now".into(),
            Lang::Ko => "방금".into(),
            Lang::Ja => "たった今".into(),
            Lang::Zh => "刚刚".into(),
        };
    }
    let s = span(d, lang);
    match lang {
        Lang::En => format!("{s} ago"),
        Lang::Ko => format!("{s} 전"),
        Lang::Ja => format!("{s}前"),
        Lang::Zh => format!("{s}前"),
    }
}

/// "3 hours from now", "3시간 후", "3時間後".
pub fn ahead(d: Duration, lang: Lang) -> String {
    later(&span(d, lang), lang)
}

/// Working time ahead, in hours (a working day has no fixed length, so no days): "8 working
/// hours from now", "근무시간으로 8시간 후", "営業時間で8時間後".
pub fn working_ahead(d: Duration, lang: Lang) -> String {
    let w = working(d, lang);
    let s = match lang {
        Lang::En => w,
        Lang::Ko => format!("근무시간으로 {w}"),
        Lang::Ja => format!("営業時間で{w}"),
        Lang::Zh => format!("工作时间{w}"),
    };
    later(&s, lang)
}

/// A length of time `s`, said as that much later than now.
fn later(s: &str, lang: Lang) -> String {
    match lang {
        Lang::En => format!("{s} from now"),
        Lang::Ko => format!("{s} 후"),
        Lang::Ja => format!("{s}後"),
        Lang::Zh => format!("{s}后"),
    }
}

/// Working time in words: "8 working hours", "2 working hours 30 minutes", "45 working
/// minutes" (in Korean, Japanese and Chinese the caller says "working" once around it).
pub fn working(d: Duration, lang: Lang) -> String {
    let mins = d.num_minutes().max(0);
    let (hours, minutes) = (mins / 60, mins % 60);
    if lang != Lang::En {
        // Hours only, no days: the same two units as `span` below a day.
        let hours_part = Unit::Hour.count(hours, lang);
        let minutes_part = Unit::Minute.count(minutes, lang);
        return match (hours, minutes) {
            (0, 0) => span(Duration::zero(), lang),
            (0, _) => minutes_part,
            (_, 0) => hours_part,
            _ => format!("{hours_part} {minutes_part}"),
        };
    }
    let hour_word = if hours == 1 { "hour" } else { "hours" };
    let minute_word = if minutes == 1 { "minute" } else { "minutes" };
    match (hours, minutes) {
        (0, 0) => "less than a working minute".into(),
        (0, m) => format!("{m} working {minute_word}"),
        (h, 0) => format!("{h} working {hour_word}"),
        (h, m) => format!("{h} working {hour_word} {m} {minute_word}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::calendar::AROUND_THE_CLOCK;

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s)
            .expect("valid test time")
            .with_timezone(&Utc)
    }

    fn office(tz: Tz) -> Calendar {
        crate::config::calendar::weekdays(tz, "09:00-18:00")
    }

    const NOW: &str = "2026-12-03T00:10:00Z";

    #[test]
    fn the_issue_s_own_examples() {
        let seoul = office(chrono_tz::Asia::Seoul);
        let now = utc(NOW); // Thu 3 Dec 09:10 in Seoul
        let deadline = utc("2026-12-03T06:10:16.324Z"); // 15:10 in Seoul
        let en = Reader {
            calendar: &seoul,
            lang: Lang::En,
        };
        assert_eq!(
            en.deadline(deadline, now),
            "Thu 3 Dec, 15:10 (Seoul) — 6 working hours from now"
        );
        let ko = Reader {
            calendar: &seoul,
            lang: Lang::Ko,
        };
        assert_eq!(ko.at(deadline, now), "12월 3일(목) 오후 3:10");
        let tokyo = office(chrono_tz::Asia::Tokyo);
        let ja = Reader {
            calendar: &tokyo,
            lang: Lang::Ja,
        };
        assert_eq!(ja.at(deadline, now), "12月3日(木) 15:10");
    }

    /// Each (instant, zone, language, expected) read at `now`.
    fn check(now: &str, cases: &[(&str, Tz, Lang, &str)]) {
        for (t, tz, lang, want) in cases {
            assert_eq!(
                at(utc(t), utc(now), *tz, *lang),
                *want,
                "{t} in {tz} ({lang:?})"
            );
        }
    }

    use chrono_tz::America::New_York;
    use chrono_tz::Asia::{Seoul, Shanghai, Tokyo};
    use chrono_tz::Europe::Berlin;
    use chrono_tz::UTC;

    #[test]
    fn a_time_names_its_zone_unless_it_is_the_reader_s_home() {
        let t = "2026-12-03T06:10:00Z";
        check(
            NOW,
            &[
                (t, Berlin, Lang::Ko, "12월 3일(목) 오전 7:10 (Berlin)"),
                (t, UTC, Lang::Ja, "12月3日(木) 06:10 (UTC)"),
                (t, Shanghai, Lang::Zh, "12月3日(周四) 14:10"),
                (t, New_York, Lang::En, "Thu 3 Dec, 01:10 (New York)"),
            ],
        );
    }

    #[test]
    fn daylight_saving_zones_show_the_local_clock_on_both_sides_of_the_change() {
        // New York: EDT (UTC-4) until Sunday 1 November 2026, EST (UTC-5) after. Berlin: CEST
        // (UTC+2) until Sunday 25 October 2026, CET (UTC+1) after.
        check(
            "2026-10-20T12:00:00Z",
            &[
                (
                    "2026-10-30T13:00:00Z",
                    New_York,
                    Lang::En,
                    "Fri 30 Oct, 09:00 (New York)",
                ),
                (
                    "2026-11-02T14:00:00Z",
                    New_York,
                    Lang::En,
                    "Mon 2 Nov, 09:00 (New York)",
                ),
                (
                    "2026-10-23T07:00:00Z",
                    Berlin,
                    Lang::En,
                    "Fri 23 Oct, 09:00 (Berlin)",
                ),
                (
                    "2026-10-26T08:00:00Z",
                    Berlin,
                    Lang::En,
                    "Mon 26 Oct, 09:00 (Berlin)",
                ),
            ],
        );
        // Working time across the change: Friday 17:00 CEST to Monday 10:00 CET on a
        // 09:00-18:00 calendar is 2 working hours, not 3.
        let cal = office(Berlin);
        let reader = Reader {
            calendar: &cal,
            lang: Lang::En,
        };
        assert_eq!(
            reader.deadline(utc("2026-10-26T09:00:00Z"), utc("2026-10-23T15:00:00Z")),
            "Mon 26 Oct, 10:00 (Berlin) — 2 working hours from now"
        );
    }

    #[test]
    fn the_date_is_the_reader_s_date_not_utc_s() {
        // 23:30 UTC on Wednesday is Thursday morning in Seoul and Wednesday evening in New
        // York; then midnight and noon on the Korean 12-hour clock.
        check(
            "2026-12-02T12:00:00Z",
            &[
                (
                    "2026-12-02T23:30:00Z",
                    Seoul,
                    Lang::En,
                    "Thu 3 Dec, 08:30 (Seoul)",
                ),
                (
                    "2026-12-02T23:30:00Z",
                    New_York,
                    Lang::En,
                    "Wed 2 Dec, 18:30 (New York)",
                ),
                (
                    "2026-12-02T15:05:00Z",
                    Seoul,
                    Lang::Ko,
                    "12월 3일(목) 오전 12:05",
                ),
                (
                    "2026-12-03T03:00:00Z",
                    Seoul,
                    Lang::Ko,
                    "12월 3일(목) 오후 12:00",
                ),
            ],
        );
    }

    #[test]
    fn the_year_is_shown_only_when_it_is_not_this_year_where_the_reader_is() {
        // 31 December 20:00 UTC: still 2026 in UTC, already 2027 in Seoul and Tokyo.
        let t = "2027-01-02T01:00:00Z";
        check(
            "2026-12-31T20:00:00Z",
            &[
                (t, Seoul, Lang::En, "Sat 2 Jan, 10:00 (Seoul)"),
                (t, UTC, Lang::En, "Sat 2 Jan 2027, 01:00 (UTC)"),
                (t, UTC, Lang::Ko, "2027년 1월 2일(토) 오전 1:00 (UTC)"),
                (t, Tokyo, Lang::Ja, "1月2日(土) 10:00"),
            ],
        );
    }

    #[test]
    fn durations_are_words_never_seconds() {
        let en = |d| span(d, Lang::En);
        assert_eq!(en(Duration::seconds(0)), "less than a minute");
        assert_eq!(en(Duration::milliseconds(324)), "less than a minute");
        assert_eq!(en(Duration::seconds(-5)), "less than a minute");
        assert_eq!(en(Duration::minutes(1)), "1 minute");
        assert_eq!(en(Duration::minutes(45)), "45 minutes");
        assert_eq!(en(Duration::minutes(60)), "1 hour");
        assert_eq!(en(Duration::minutes(200)), "3 hours 20 minutes");
        assert_eq!(en(Duration::hours(48)), "2 days");
        assert_eq!(en(Duration::hours(52)), "2 days 4 hours");
        assert_eq!(ago(Duration::hours(3), Lang::En), "3 hours ago");
        assert_eq!(ago(Duration::days(2), Lang::En), "2 days ago");
        assert_eq!(ago(Duration::seconds(20), Lang::En), "just now");
        assert_eq!(ago(Duration::hours(3), Lang::Ko), "3시간 전");
        assert_eq!(ago(Duration::days(2), Lang::Ja), "2日前");
        assert_eq!(ahead(Duration::hours(26), Lang::Ko), "1일 2시간 후");
        assert_eq!(span(Duration::minutes(90), Lang::Zh), "1小时 30分钟");
    }

    #[test]
    fn working_time_from_now_counts_only_the_reader_s_working_hours() {
        let seoul = office(chrono_tz::Asia::Seoul);
        // Friday 17:00 Seoul to Monday 11:00 Seoul: 1 + 2 working hours.
        let now = utc("2026-12-04T08:00:00Z");
        let t = utc("2026-12-07T02:00:00Z");
        for (lang, want) in [
            (Lang::En, "3 working hours from now"),
            (Lang::Ko, "근무시간으로 3시간 후"),
            (Lang::Ja, "営業時間で3時間後"),
        ] {
            let r = Reader {
                calendar: &seoul,
                lang,
            };
            assert_eq!(r.from_now(t, now), want);
        }
        let r = Reader {
            calendar: &seoul,
            lang: Lang::En,
        };
        // Thursday 10:00 in Seoul, within working hours.
        let thursday = utc("2026-12-03T01:00:00Z");
        assert_eq!(
            r.from_now(thursday + Duration::minutes(90), thursday),
            "1 working hour 30 minutes from now"
        );
        // Friday 17:00 + 90 minutes of wall time is 1 working hour: the office closes at 18:00.
        assert_eq!(
            r.from_now(now + Duration::minutes(90), now),
            "1 working hour from now"
        );
        assert_eq!(r.from_now(now - Duration::hours(5), now), "5 hours ago");
        // Around the clock, working time is wall time: no "working".
        let always = Reader {
            calendar: &AROUND_THE_CLOCK,
            lang: Lang::En,
        };
        assert_eq!(always.from_now(t, now), "2 days 18 hours from now");
    }

    #[test]
    fn zone_names_and_language_codes() {
        assert_eq!(zone_name(chrono_tz::America::New_York), "New York");
        assert_eq!(zone_name(chrono_tz::UTC), "UTC");
        assert_eq!(
            zone_name(chrono_tz::America::Argentina::Buenos_Aires),
            "Buenos Aires"
        );
        assert_eq!(Lang::from_code(Some("ko")), Lang::Ko);
        assert_eq!(Lang::from_code(Some("zh-CN")), Lang::Zh);
        assert_eq!(Lang::from_code(Some("de")), Lang::En);
        assert_eq!(Lang::from_code(None), Lang::En);
    }

    #[test]
    fn the_operator_reads_a_stored_time_on_the_default_calendar() {
        let r = Reader {
            calendar: &AROUND_THE_CLOCK,
            lang: Lang::En,
        };
        let now = utc(NOW);
        assert_eq!(
            r.at(utc("2026-12-03T06:10:16.324Z"), now),
            "Thu 3 Dec, 06:10 (UTC)"
        );
    }
}
