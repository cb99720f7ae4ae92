//! What an owner's or executive's mail means: a command (`#reassign`, `#wait 3d`, ...), a
//! holding reply that does not stop the clock, an out-of-office with its return date and
//! delegate, an executive's manual `?` routing, or a real answer. Pure: text and `now` in.

use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeZone, Utc, Weekday};

use crate::mail::address::Address;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// Give the case to someone else: a new `?` forward, the clock restarts.
    Reassign(Address),
    /// Close the case (`#resolve` or `#close`).
    Close,
    /// Pause the clock until then.
    Wait(DateTime<Utc>),
    /// An internal note on the case.
    Note(String),
    /// Send the rest of the message to the customer; it counts as the answer.
    Reply(String),
    /// `#urgent` or `#normal`: set the case's priority, and teach the router.
    SetPriority(crate::routing::priority::Priority),
}

/// The text below a command's first line, trimmed.
fn rest_after_first_line(text: &str) -> String {
    let t = text.trim_start();
    t.split_once('\n')
        .map(|(_, r)| r.trim().to_string())
        .unwrap_or_default()
}

/// A command on the first non-empty line (`#...`), or `None` when the mail is not a command.
/// `Some(Err(why))` is a malformed or unknown command: the sender gets one short error reply.
pub fn parse_command(text: &str, now: DateTime<Utc>) -> Option<Result<Command, String>> {
    let first = text.lines().map(str::trim).find(|l| !l.is_empty())?;
    // A Korean or Japanese input method types `＃wait ３ｄ`: the same command.
    let first = halfwidth(first);
    let body = first.strip_prefix('#')?;
    // "#12" alone (an order number, a case tag) is not a command.
    if body.chars().next().is_none_or(|c| !c.is_alphabetic()) {
        return None;
    }
    let (word, arg) = match body.split_once(char::is_whitespace) {
        Some((w, a)) => (w, a.trim()),
        None => (body, ""),
    };
    // People end a line with a full stop or shout it: `#close.`, `#Urgent!`.
    let word = word.trim_end_matches(['.', '!', ',', ';', ':']);
    let plain_arg = arg.trim_end_matches(['.', '!', ',', ';']);
    let result = match word.to_lowercase().as_str() {
        "reassign" | "assign" => match Address::parse(address_in(plain_arg)) {
            Ok(a) => Ok(Command::Reassign(a)),
            Err(_) => Err(format!(
                "#reassign needs an address, e.g. `#reassign someone@company.com` (got {arg:?})"
            )),
        },
        "resolve" | "resolved" | "close" | "closed" => Ok(Command::Close),
        "urgent" => Ok(Command::SetPriority(
            crate::routing::priority::Priority::Urgent,
        )),
        "normal" | "noturgent" | "not-urgent" => Ok(Command::SetPriority(
            crate::routing::priority::Priority::Normal,
        )),
        "wait" => match parse_until(plain_arg, now) {
            // A year is the longest pause that is still a pause: past it a case is parked and
            // forgotten (a README-only attacker parked one until the year 2300).
            Some(t) if t > now + Duration::days(WAIT_MAX_DAYS) => Err(format!(
                "#wait {arg}: at most {WAIT_MAX_DAYS} days; to stop the clock for good, close the case with #resolve"
            )),
            Some(t) if t > now => Ok(Command::Wait(t)),
            Some(_) => Err(format!("#wait {arg}: that is not in the future")),
            None => Err(format!(
                "#wait needs a duration or a date, e.g. `#wait 3d` or `#wait 2026-12-01` (got {arg:?})"
            )),
        },
        "note" => {
            let mut note = arg.to_string();
            let rest = rest_after_first_line(text);
            if !rest.is_empty() {
                if !note.is_empty() {
                    note.push('\n');
                }
                note.push_str(&rest);
            }
            if note.is_empty() {
                Err("#note needs some text".into())
            } else {
                Ok(Command::Note(note))
            }
        }
        "reply" => {
            let mut answer = arg.to_string();
            let rest = rest_after_first_line(text);
            if !rest.is_empty() {
                if !answer.is_empty() {
                    answer.push('\n');
                }
                answer.push_str(&rest);
            }
            if answer.trim().is_empty() {
                Err("#reply needs the answer for the customer below it".into())
            } else if holds_our_mail(&answer) {
                Err(
                    "#reply: the text below it still holds the mail qmark sent you (who the \
                     case belongs to, its deadline), so nothing went to the customer; write the \
                     answer between #reply and the quoted mail, or delete the quoted mail"
                        .into(),
                )
            } else {
                Ok(Command::Reply(answer))
            }
        }
        other => Err(format!(
            "unknown command #{other}; commands are #reassign ADDRESS, #resolve, #close, #wait 3d|YYYY-MM-DD, #note TEXT, #reply, #urgent, #normal"
        )),
    };
    Some(result)
}

/// Full-width forms (U+FF01..U+FF5E) and the ideographic space as their ASCII selves.
fn halfwidth(line: &str) -> String {
    line.chars()
        .map(|c| match c {
            '\u{3000}' => ' ',
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            _ => c,
        })
        .collect()
}

/// The address in `#reassign Jane Doe <jane@shop.example>` or `#reassign jane@shop.example`.
fn address_in(arg: &str) -> &str {
    match (arg.rfind('<'), arg.rfind('>')) {
        (Some(a), Some(b)) if a < b => arg.get(a + 1..b).unwrap_or(arg).trim(),
        _ => arg.trim_matches(['<', '>']),
    }
}

/// Whether a `#reply` text still carries the `?`, reminder or `??` mail qmark sent: the owner's
/// client quoted it without any mark qmark knows, and relaying it would show the customer the
/// office's internal mail (who owns the case, its deadline, qmark's reading of them).
fn holds_our_mail(answer: &str) -> bool {
    let n = crate::routing::text::normalise(answer);
    n.contains("reaches the office of the ceo")
        || answer.lines().any(|l| {
            l.trim()
                .strip_prefix("Case:")
                .is_some_and(|r| r.trim_start().starts_with('#'))
        })
}

/// `3d`, `48h`, `2w`, or a date `2026-12-01` (start of that day, UTC).
pub fn parse_until(arg: &str, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    let arg = arg.trim();
    if let Ok(d) = NaiveDate::parse_from_str(arg, "%Y-%m-%d") {
        return Utc.from_utc_datetime(&d.and_hms_opt(0, 0, 0)?).into();
    }
    let (num, unit) = arg.split_at(arg.find(|c: char| !c.is_ascii_digit())?);
    let n: i64 = num.parse().ok()?;
    // The checked constructors: `#wait 99999999999999d` is out of range, not a panic.
    let d = match unit.trim() {
        "m" | "min" => Duration::try_minutes(n),
        "h" => Duration::try_hours(n),
        "d" => Duration::try_days(n),
        "w" => Duration::try_weeks(n),
        _ => return None,
    }?;
    now.checked_add_signed(d)
}

/// Phrases of an owner who is on it but has not answered yet.
/// The longest `#wait`, in days.
const WAIT_MAX_DAYS: i64 = 365;

const HOLDING: &[&str] = &[
    "looking into it",
    "looking into this",
    "will look into",
    "i'll look into",
    "i will get back",
    "i'll get back",
    "will get back to you",
    "checking with",
    "investigating",
    "on it",
    "확인 중",
    "확인중",
    "확인해보겠습니다",
    "확인해 보겠습니다",
    "알아보겠습니다",
    "確認中",
    "調査中",
    // Promises and hand-offs (a README-only attacker's "Will check and get back to you",
    // "Escalating to the payments team" and "확인 후 연락드리겠습니다" stopped the ladder).
    "get back to you",
    "get back to them",
    "get back to the customer",
    "will check",
    "let me check",
    "i'll check",
    "i will check",
    "will follow up",
    "will handle",
    "will take care",
    "will take a look",
    "will have a look",
    "i'll have a look",
    "will reply",
    "will respond",
    "will answer",
    "working on it",
    "working on this",
    "escalating",
    "forwarding to",
    "forwarding this",
    "passing this to",
    "passing it to",
    "handing this to",
    "handing it to",
    "looping in",
    "can you take",
    "could you take",
    "please take this",
    "can you handle",
    "could you handle",
    "can you look",
    "could you look",
    "out sick",
    "검토 중",
    "검토중",
    "검토하겠습니다",
    "확인 후",
    "연락드리겠습니다",
    "연락 드리겠습니다",
    "답변드리겠습니다",
    "답변 드리겠습니다",
    "회신드리겠습니다",
    "회신 드리겠습니다",
    "처리 중",
    "처리중",
    "알아보고",
    "확인하겠습니다",
    "確認いたします",
    "確認します",
    "確認の上",
    "確認して",
    "調べます",
    "調査します",
    "対応中",
    "検討中",
    "折り返し",
    "ご連絡いたします",
    "ご連絡します",
];

/// A short reply that only says the owner is working on it: recorded, the clock keeps running.
pub fn is_holding(text: &str) -> bool {
    let t = crate::routing::text::normalise(text);
    // A long reply with a holding phrase in it is usually a real answer; so is one that says
    // what was done ("Refunded today, will follow up with her").
    t.chars().count() <= 200
        && HOLDING.iter().any(|h| t.contains(h))
        && !DONE.iter().any(|d| t.contains(d))
}

/// Words of a reply that says what was done: an answer, whatever promise follows.
const DONE: &[&str] = &[
    "refunded",
    "resolved",
    "fixed",
    "replaced",
    "cancelled",
    "canceled",
    "processed",
    "reshipped",
    "re-sent",
    "have sent",
    "i sent",
    "we sent",
    "i called",
    "we called",
    "환불했",
    "환불 했",
    "환불 처리했",
    "처리했습니다",
    "처리 완료",
    "완료했습니다",
    "보냈습니다",
    "발송했습니다",
    "返金しました",
    "返金いたしました",
    "対応しました",
    "完了しました",
    "送りました",
    "発送しました",
];

const WEEKDAYS: &[(&str, Weekday)] = &[
    ("monday", Weekday::Mon),
    ("tuesday", Weekday::Tue),
    ("wednesday", Weekday::Wed),
    ("thursday", Weekday::Thu),
    ("friday", Weekday::Fri),
    ("saturday", Weekday::Sat),
    ("sunday", Weekday::Sun),
];

/// When an out-of-office says its writer is back: "until Monday", "back on 2026-12-01",
/// "until 12/01/2026", "12월 1일까지". None when it does not say (treat as unknown).
pub fn return_date(text: &str, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    let t = text.to_lowercase();
    for word in t.split(|c: char| c.is_whitespace() || c == ',' || c == '.' || c == '(' || c == ')')
    {
        if let Ok(d) = NaiveDate::parse_from_str(word, "%Y-%m-%d") {
            return Utc.from_utc_datetime(&d.and_hms_opt(9, 0, 0)?).into();
        }
        for fmt in ["%m/%d/%Y", "%d.%m.%Y"] {
            if let Ok(d) = NaiveDate::parse_from_str(word, fmt) {
                return Utc.from_utc_datetime(&d.and_hms_opt(9, 0, 0)?).into();
            }
        }
    }
    // "until 21 December 2026", "back on Monday, December 21st": a date before a weekday.
    if let Some(d) = month_name_date(&t, now) {
        return Utc.from_utc_datetime(&d.and_hms_opt(9, 0, 0)?).into();
    }
    // "until monday" / "back on monday": the next such weekday.
    for marker in [
        "until ",
        "back on ",
        "return on ",
        "returning on ",
        "back ",
        "till ",
    ] {
        if let Some(pos) = t.find(marker) {
            let after = t.get(pos + marker.len()..).unwrap_or("");
            for (name, wd) in WEEKDAYS {
                if after.starts_with(name) {
                    let mut d = now.date_naive().succ_opt()?;
                    while d.weekday() != *wd {
                        d = d.succ_opt()?;
                    }
                    return Utc.from_utc_datetime(&d.and_hms_opt(9, 0, 0)?).into();
                }
            }
        }
    }
    // Korean "12월 1일까지", Japanese "12月21日まで".
    if let Some(pos) = t.find('월').or_else(|| t.find('月')) {
        let before: String = t
            .get(..pos)?
            .chars()
            .rev()
            .take_while(char::is_ascii_digit)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        let after = t.get(pos + '월'.len_utf8()..)?.trim_start();
        // '월' and '月' are both three bytes in UTF-8.
        let day: String = after.chars().take_while(char::is_ascii_digit).collect();
        if let (Ok(m), Ok(d)) = (before.parse::<u32>(), day.parse::<u32>()) {
            let mut year = now.year();
            let mut date = NaiveDate::from_ymd_opt(year, m, d)?;
            if date < now.date_naive() {
                year += 1;
                date = NaiveDate::from_ymd_opt(year, m, d)?;
            }
            return Utc.from_utc_datetime(&date.and_hms_opt(9, 0, 0)?).into();
        }
    }
    None
}

const MONTHS: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// A date written with the month's English name: "21 december 2026", "december 21st", "dec
/// 21, 2026" (lower-cased text). Without a year, the next such day.
fn month_name_date(t: &str, now: DateTime<Utc>) -> Option<NaiveDate> {
    let words: Vec<&str> = t
        .split(|c: char| c.is_whitespace() || c == ',' || c == '(' || c == ')')
        .filter(|w| !w.is_empty())
        .collect();
    let day_of = |w: &str| -> Option<u32> {
        let w = w.trim_end_matches('.');
        let digits = w.trim_end_matches(|c: char| c.is_ascii_alphabetic());
        let suffix = &w[digits.len()..];
        let d: u32 = digits.parse().ok()?;
        (["", "st", "nd", "rd", "th"].contains(&suffix) && (1..=31).contains(&d)).then_some(d)
    };
    let year_of = |w: Option<&&str>| -> Option<i32> {
        w.and_then(|w| w.trim_end_matches('.').parse::<i32>().ok())
            .filter(|y| (2000..=2100).contains(y))
    };
    for (i, w) in words.iter().enumerate() {
        let w = w.trim_end_matches('.');
        let Some(m) = MONTHS
            .iter()
            .position(|name| w.len() >= 3 && name.starts_with(w) && (w.len() == 3 || *name == w))
        else {
            continue;
        };
        let month = u32::try_from(m + 1).ok()?;
        // "21 december [2026]" or "december 21[st] [2026]".
        let (day, year) = match (
            i.checked_sub(1)
                .and_then(|j| words.get(j))
                .and_then(|w| day_of(w)),
            words.get(i + 1).and_then(|w| day_of(w)),
        ) {
            (Some(d), _) => (d, year_of(words.get(i + 1))),
            (None, Some(d)) => (d, year_of(words.get(i + 2))),
            (None, None) => continue,
        };
        let date = match year {
            Some(y) => NaiveDate::from_ymd_opt(y, month, day)?,
            None => {
                let this = NaiveDate::from_ymd_opt(now.year(), month, day)?;
                if this < now.date_naive() {
                    NaiveDate::from_ymd_opt(now.year() + 1, month, day)?
                } else {
                    this
                }
            }
        };
        return Some(date);
    }
    None
}

/// The colleague an out-of-office names ("please contact dana@company.com"), if any: an
/// address in the text at one of `domains`, other than the writer's own.
pub fn delegate(text: &str, writer: &Address, domains: &[&str]) -> Option<Address> {
    text.split(|c: char| c.is_whitespace() || "<>()[],;:\"'".contains(c))
        .filter_map(|w| Address::parse(w.trim_end_matches('.')).ok())
        .find(|a| a.without_tag() != writer.without_tag() && domains.contains(&a.domain()))
}

/// An executive's manual routing: a first line `? owner@company.com [note]`.
pub fn manual_route(text: &str) -> Option<(Address, String)> {
    let first = text.lines().map(str::trim).find(|l| !l.is_empty())?;
    let rest = first.strip_prefix('?')?.trim();
    let (addr, note) = match rest.split_once(char::is_whitespace) {
        Some((a, n)) => (a, n.trim()),
        None => (rest, ""),
    };
    let addr = Address::parse(addr.trim_matches(['<', '>'])).ok()?;
    Some((addr, note.to_string()))
}

/// Whether one of the receiving server's Authentication-Results (from the trusted
/// `authserv_id`) shows DKIM or SPF pass for `domain`. Other servers' results are ignored:
/// anyone can write an Authentication-Results header into a mail they send.
pub fn authenticated(results: &[String], authserv_id: &str, domain: &str) -> bool {
    let domain = domain.to_lowercase();
    // Only the topmost header carrying our server's id counts: the server prepends its own
    // verdict, so one a sender wrote with the same id lies below it (RFC 8601 §5 asks the
    // server to remove those; this holds even where it does not).
    let ours = results.iter().map(|r| r.to_lowercase()).find(|lower| {
        lower
            .split(';')
            .next()
            .unwrap_or("")
            .split_whitespace()
            .next()
            .unwrap_or("")
            == authserv_id
    });
    ours.is_some_and(|lower| {
        let mut parts = lower.split(';').map(str::trim);
        parts.next();
        parts.any(|method| {
            let pass = |name: &str| method.starts_with(&format!("{name}=pass"));
            let names_domain = |key: &str| {
                method.split_whitespace().any(|kv| {
                    kv.strip_prefix(key).is_some_and(|v| {
                        let v = v.trim_matches(['"', '<', '>']);
                        v == domain || v.ends_with(&format!("@{domain}"))
                    })
                })
            };
            (pass("dkim") && names_domain("header.d="))
                || (pass("spf") && (names_domain("smtp.mailfrom=") || names_domain("smtp.from=")))
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> DateTime<Utc> {
        // Monday 2026-11-23 09:00 UTC
        Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0)
            .single()
            .expect("valid")
    }

    #[test]
    fn commands_parse() {
        let n = now();
        assert_eq!(
            parse_command("#reassign dana@shop.example\n\nthanks", n),
            Some(Ok(Command::Reassign(
                Address::parse("dana@shop.example").expect("valid")
            )))
        );
        assert_eq!(parse_command("  \n#resolve", n), Some(Ok(Command::Close)));
        assert_eq!(parse_command("#close", n), Some(Ok(Command::Close)));
        assert_eq!(
            parse_command("#wait 3d", n),
            Some(Ok(Command::Wait(n + Duration::days(3))))
        );
        assert_eq!(
            parse_command("#wait 365d", n),
            Some(Ok(Command::Wait(n + Duration::days(365))))
        );
        match parse_command("#wait 99999d", n) {
            Some(Err(e)) => assert!(
                e.contains("at most 365 days") && e.contains("#resolve"),
                "{e}"
            ),
            other => panic!("a pause of 274 years was taken: {other:?}"),
        }
        assert_eq!(
            parse_command("#wait 2026-12-01", n),
            Some(Ok(Command::Wait(
                Utc.with_ymd_and_hms(2026, 12, 1, 0, 0, 0)
                    .single()
                    .expect("valid")
            )))
        );
        assert_eq!(
            parse_command("#note called the courier\nthey will call back", n),
            Some(Ok(Command::Note(
                "called the courier\nthey will call back".into()
            )))
        );
        assert_eq!(
            parse_command("#reply\nDear Emily,\nwe refunded it.", n),
            Some(Ok(Command::Reply("Dear Emily,\nwe refunded it.".into())))
        );
        assert!(matches!(parse_command("#reassign nobody", n), Some(Err(_))));
        assert!(matches!(parse_command("#wait soon", n), Some(Err(_))));
        assert!(matches!(parse_command("#wait 2020-01-01", n), Some(Err(_))));
        assert!(
            matches!(parse_command("#frobnicate", n), Some(Err(e)) if e.contains("unknown command"))
        );
        assert_eq!(parse_command("We refunded order #4471.", n), None);
        assert_eq!(parse_command("#4471 is refunded", n), None);
    }

    #[test]
    fn a_wait_too_long_for_the_calendar_is_an_error_not_a_panic() {
        let n = now();
        for arg in [
            "99999999999999d",
            "9223372036854775807w",
            "9999999999999999h",
            "999999999999999999m",
        ] {
            assert!(
                matches!(parse_command(&format!("#wait {arg}"), n), Some(Err(_))),
                "#wait {arg}"
            );
        }
        assert_eq!(parse_until("99999999999999d", n), None);
    }

    #[test]
    fn holding_replies_are_short_and_say_so() {
        assert!(is_holding("Thanks, looking into it."));
        assert!(is_holding("확인 중입니다. 곧 답변드리겠습니다."));
        assert!(!is_holding("We refunded the second charge today."));
        let long = format!(
            "Looking into it was easy: {}",
            "we refunded it and called the customer. ".repeat(10)
        );
        assert!(!is_holding(&long));
    }

    #[test]
    fn out_of_office_return_dates_with_month_names() {
        let now = crate::testing::at("2026-12-07T09:00:00Z");
        let day = |t: &str| return_date(t, now).map(|d| d.date_naive().to_string());
        for t in [
            "I am out of the office until 21 December 2026.",
            "Back on Monday 21 December.",
            "I return on December 21st, 2026",
            "until Dec 21",
            "12月21日まで不在にしております。",
        ] {
            assert_eq!(day(t).as_deref(), Some("2026-12-21"), "{t}");
        }
        // Without a year, a day already past is next year's.
        assert_eq!(day("back 3 march").as_deref(), Some("2027-03-03"));
        // "may" the verb and a lone month are no date.
        assert_eq!(day("I may be slow to answer"), None);
        assert_eq!(day("away in december"), None);
    }

    #[test]
    fn out_of_office_return_dates() {
        let n = now();
        assert_eq!(
            return_date("I am out of the office until Monday.", n),
            Some(
                Utc.with_ymd_and_hms(2026, 11, 30, 9, 0, 0)
                    .single()
                    .expect("valid")
            )
        );
        assert_eq!(
            return_date("Back on 2026-12-03, limited access.", n),
            Some(
                Utc.with_ymd_and_hms(2026, 12, 3, 9, 0, 0)
                    .single()
                    .expect("valid")
            )
        );
        assert_eq!(
            return_date("until 12/01/2026", n),
            Some(
                Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0)
                    .single()
                    .expect("valid")
            )
        );
        assert_eq!(
            return_date("12월 1일까지 휴가입니다.", n),
            Some(
                Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0)
                    .single()
                    .expect("valid")
            )
        );
        assert_eq!(return_date("I am away.", n), None);
    }

    #[test]
    fn delegates_are_colleagues() {
        let me = Address::parse("billing@shop.example").expect("valid");
        assert_eq!(
            delegate(
                "Away. Please contact dana@shop.example or my manager.",
                &me,
                &["shop.example"]
            ),
            Some(Address::parse("dana@shop.example").expect("valid"))
        );
        assert_eq!(
            delegate(
                "Write to billing@shop.example later",
                &me,
                &["shop.example"]
            ),
            None
        );
        assert_eq!(
            delegate("mail me at me@gmail.example", &me, &["shop.example"]),
            None
        );
    }

    #[test]
    fn manual_routing_lines() {
        assert_eq!(
            manual_route(
                "? billing@shop.example please look at this\n\n---------- Forwarded message"
            ),
            Some((
                Address::parse("billing@shop.example").expect("valid"),
                "please look at this".into()
            ))
        );
        assert_eq!(manual_route("?\nfoo"), None);
        assert_eq!(manual_route("hello"), None);
    }

    #[test]
    fn authentication_results_from_the_trusted_server_only() {
        let ok = vec!["mx.shop.example; dkim=pass header.d=shop.example header.s=s1; spf=fail smtp.mailfrom=x@shop.example".to_string()];
        assert!(authenticated(&ok, "mx.shop.example", "shop.example"));
        assert!(!authenticated(&ok, "mx.shop.example", "evil.example"));
        let forged = vec!["mx.evil.example; dkim=pass header.d=shop.example".to_string()];
        assert!(!authenticated(&forged, "mx.shop.example", "shop.example"));
        let spf = vec!["mx.shop.example; spf=pass smtp.mailfrom=billing@shop.example".to_string()];
        assert!(authenticated(&spf, "mx.shop.example", "shop.example"));
        let fail = vec!["mx.shop.example; dkim=fail header.d=shop.example".to_string()];
        assert!(!authenticated(&fail, "mx.shop.example", "shop.example"));
        // Our server's verdict on top, a sender's forgery with our id below it: the top counts.
        let planted = vec![
            "mx.shop.example; spf=fail smtp.mailfrom=shop.example".to_string(),
            "mx.shop.example; spf=pass smtp.mailfrom=shop.example".to_string(),
        ];
        assert!(!authenticated(&planted, "mx.shop.example", "shop.example"));
    }
}
