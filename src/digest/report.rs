//! The numbers in the digest: time to first answer (median, 90th percentile), deadline
//! attainment per route and per owner against the previous period, customers who wrote more
//! than once, the phrases that recur in complaints, and the intake-versus-answered chart.
//! Pure: case facts (the few columns these need) and texts in, rows for the templates out.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use chrono::{DateTime, Duration, NaiveDate, Utc};
use chrono_tz::Tz;
use serde::Serialize;

use crate::mail::render::human_duration;
use crate::store::CaseFacts;

/// The `p`-th percentile (0..=100) by nearest rank; None for no values.
pub fn percentile(values: &[Duration], p: u32) -> Option<Duration> {
    if values.is_empty() {
        return None;
    }
    let mut v = values.to_vec();
    v.sort();
    let n = v.len();
    // Nearest rank: the smallest value with at least p% of the values at or below it.
    let rank = (usize::try_from(p).unwrap_or(100) * n).div_ceil(100).max(1);
    v.get(rank.min(n) - 1).copied()
}

/// Time to first answer of the cases opened in `[from, to)` that have been answered.
pub fn first_answer_times(
    cases: &[CaseFacts],
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Vec<Duration> {
    cases
        .iter()
        .filter_map(|c| {
            let opened = c.opened_at;
            let first = c.first_answered_at?;
            (from <= opened && opened < to).then_some(first - opened)
        })
        .collect()
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ResponseTimes {
    pub answered: usize,
    pub median: String,
    pub p90: String,
    pub previous_answered: usize,
    pub previous_median: String,
    pub previous_p90: String,
}

fn or_dash(d: Option<Duration>) -> String {
    d.map(human_duration).unwrap_or_else(|| "—".into())
}

pub fn response_times(cases: &[CaseFacts], now: DateTime<Utc>, period: Duration) -> ResponseTimes {
    let this = first_answer_times(cases, now - period, now);
    let prev = first_answer_times(cases, now - period - period, now - period);
    ResponseTimes {
        answered: this.len(),
        median: or_dash(percentile(&this, 50)),
        p90: or_dash(percentile(&this, 90)),
        previous_answered: prev.len(),
        previous_median: or_dash(percentile(&prev, 50)),
        previous_p90: or_dash(percentile(&prev, 90)),
    }
}

/// Whether a case whose deadline has passed met it: answered by then. The deadline is the
/// case's current one, so the answer that counts is the latest: a case its customer reopened
/// and nobody answered again is open past its new deadline, which the same digest lists as
/// overdue (a README-only attacker found it counted as met).
fn met(c: &CaseFacts) -> bool {
    if c.status == "open" {
        return false;
    }
    c.answered_at
        .or(c.first_answered_at)
        .is_some_and(|at| at <= c.deadline)
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Attainment {
    pub name: String,
    pub met: usize,
    pub due: usize,
    pub percent: String,
    pub previous: String,
    pub trend: String,
}

fn percent(met: usize, due: usize) -> Option<f64> {
    (due > 0).then(|| met as f64 * 100.0 / due as f64)
}

/// Deadline attainment per key (route or owner): of the cases whose deadline fell in the last
/// `period` before `now`, how many were answered in time, against the period before.
pub fn attainment(
    cases: &[CaseFacts],
    now: DateTime<Utc>,
    period: Duration,
    key: impl Fn(&CaseFacts) -> &str,
) -> Vec<Attainment> {
    let mut this: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut prev: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for c in cases {
        let deadline = c.deadline;
        let slot = if now - period <= deadline && deadline < now {
            &mut this
        } else if now - period - period <= deadline && deadline < now - period {
            &mut prev
        } else {
            continue;
        };
        let e = slot.entry(key(c).to_string()).or_default();
        e.1 += 1;
        if met(c) {
            e.0 += 1;
        }
    }
    let names: BTreeSet<&String> = this.keys().chain(prev.keys()).collect();
    names
        .into_iter()
        .map(|name| {
            let (m, d) = this.get(name).copied().unwrap_or_default();
            let (pm, pd) = prev.get(name).copied().unwrap_or_default();
            let now_pct = percent(m, d);
            let prev_pct = percent(pm, pd);
            let trend = match (now_pct, prev_pct) {
                (Some(a), Some(b)) if a > b + 0.5 => "▲",
                (Some(a), Some(b)) if a + 0.5 < b => "▼",
                (Some(_), Some(_)) => "=",
                _ => "",
            };
            let fmt = |p: Option<f64>| p.map_or_else(|| "—".into(), |p| format!("{p:.0}%"));
            Attainment {
                name: name.clone(),
                met: m,
                due: d,
                percent: fmt(now_pct),
                previous: fmt(prev_pct),
                trend: trend.into(),
            }
        })
        .collect()
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Repeat {
    pub customer: String,
    pub messages: usize,
    pub cases: String,
}

/// Customers who wrote more than once in the period: new cases plus follow-ups on any case.
/// `cases` are the period's new cases; `follow_ups` the (case, customer) of each follow-up.
pub fn repeat_customers(cases: &[CaseFacts], follow_ups: &[(i64, String)]) -> Vec<Repeat> {
    let mut by: BTreeMap<String, (usize, BTreeSet<i64>)> = BTreeMap::new();
    for c in cases {
        let e = by.entry(c.customer_address.to_lowercase()).or_default();
        e.0 += 1;
        e.1.insert(c.id);
    }
    for (id, customer) in follow_ups {
        let e = by.entry(customer.to_lowercase()).or_default();
        e.0 += 1;
        e.1.insert(*id);
    }
    let mut out: Vec<Repeat> = by
        .into_iter()
        .filter(|(_, (n, _))| *n > 1)
        .map(|(customer, (messages, ids))| Repeat {
            customer,
            messages,
            cases: ids
                .iter()
                .map(|i| format!("#{i}"))
                .collect::<Vec<_>>()
                .join(", "),
        })
        .collect();
    out.sort_by(|a, b| {
        b.messages
            .cmp(&a.messages)
            .then(a.customer.cmp(&b.customer))
    });
    out
}

const STOPWORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "but", "by", "can", "could", "did", "do", "for",
    "from", "had", "has", "have", "hello", "hi", "i", "if", "in", "is", "it", "its", "me", "my",
    "no", "not", "of", "on", "or", "our", "please", "so", "that", "the", "their", "then", "there",
    "this", "to", "us", "was", "we", "were", "what", "when", "which", "will", "with", "would",
    "you", "your", "thanks", "thank", "regards", "dear",
];

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Phrase {
    pub phrase: String,
    pub cases: usize,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Phrases {
    pub route: String,
    pub phrases: Vec<Phrase>,
}

/// The clauses of a text (split at punctuation and line ends), each as lower-case words: a
/// phrase never spans a full stop or a dash.
fn clauses(text: &str) -> Vec<Vec<String>> {
    text.split(|c: char| ".,;:!?()[]{}\"\n\r\t–—-|/".contains(c))
        .map(|clause| {
            clause
                .split(|c: char| !c.is_alphanumeric() && c != '\'')
                .map(|w| w.trim_matches('\'').to_lowercase())
                .filter(|w| !w.is_empty())
                .collect::<Vec<String>>()
        })
        .filter(|c| !c.is_empty())
        .collect()
}

/// The phrases (two or three words, not starting or ending with a filler word) that recur in
/// the complaints of a route: found in at least two different cases, most widespread first, at
/// most `limit` per route. A phrase inside a longer one that is as widespread is left out.
pub fn recurring_phrases(texts: &[(String, String)], limit: usize) -> Vec<Phrases> {
    let mut by_route: BTreeMap<&str, BTreeMap<String, usize>> = BTreeMap::new();
    for (route, text) in texts {
        let clauses = clauses(text);
        // Each distinct run of words once, before any string is built: a long complaint
        // repeats itself, and the digest reads up to 2,000 of them.
        let windows: HashSet<&[String]> = clauses
            .iter()
            .flat_map(|w| w.windows(2).chain(w.windows(3)))
            .collect();
        let counts = by_route.entry(route.as_str()).or_default();
        for gram in windows {
            let (Some(first), Some(last)) = (gram.first(), gram.last()) else {
                continue;
            };
            if STOPWORDS.contains(&first.as_str()) || STOPWORDS.contains(&last.as_str()) {
                continue;
            }
            if gram.iter().all(|g| g.chars().all(|c| c.is_ascii_digit())) {
                continue;
            }
            // Words hold no spaces, so distinct runs join to distinct phrases.
            *counts.entry(gram.join(" ")).or_default() += 1;
        }
    }
    by_route
        .into_iter()
        .filter_map(|(route, counts)| {
            let recurring: Vec<(&String, usize)> = counts
                .iter()
                .filter(|(_, n)| **n >= 2)
                .map(|(g, n)| (g, *n))
                .collect();
            let mut kept: Vec<Phrase> = recurring
                .iter()
                .filter(|(g, n)| {
                    !recurring.iter().any(|(longer, m)| {
                        m >= n && longer.len() > g.len() && longer.contains(g.as_str())
                    })
                })
                .map(|(g, n)| Phrase {
                    phrase: (*g).clone(),
                    cases: *n,
                })
                .collect();
            kept.sort_by(|a, b| b.cases.cmp(&a.cases).then(a.phrase.cmp(&b.phrase)));
            kept.truncate(limit);
            (!kept.is_empty()).then(|| Phrases {
                route: route.to_string(),
                phrases: kept,
            })
        })
        .collect()
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Day {
    pub date: String,
    pub intake: usize,
    pub answered: usize,
}

/// Intake (cases opened) and answered (first answers) per local day, for the `days` days
/// ending with the day of `now` in `tz`.
pub fn daily(cases: &[CaseFacts], now: DateTime<Utc>, tz: Tz, days: i64) -> Vec<Day> {
    let today = now.with_timezone(&tz).date_naive();
    let first = today - Duration::days(days - 1);
    let local = |t: DateTime<Utc>| t.with_timezone(&tz).date_naive();
    let mut intake: BTreeMap<NaiveDate, usize> = BTreeMap::new();
    let mut answered: BTreeMap<NaiveDate, usize> = BTreeMap::new();
    for c in cases {
        if c.opened_at <= now {
            *intake.entry(local(c.opened_at)).or_default() += 1;
        }
        if let Some(f) = c.first_answered_at
            && f <= now
        {
            *answered.entry(local(f)).or_default() += 1;
        }
    }
    (0..days)
        .map(|i| {
            let d = first + Duration::days(i);
            Day {
                date: d.format("%m-%d").to_string(),
                intake: intake.get(&d).copied().unwrap_or(0),
                answered: answered.get(&d).copied().unwrap_or(0),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::at;

    fn case(id: i64, route: &str, opened: &str, deadline: &str, first: Option<&str>) -> CaseFacts {
        CaseFacts {
            id,
            route: route.into(),
            owner: format!("{route}@shop.example"),
            customer_address: format!("c{}@x.example", id % 3),
            opened_at: at(opened),
            deadline: at(deadline),
            first_answered_at: first.map(at),
            answered_at: first.map(at),
            status: if first.is_some() { "answered" } else { "open" }.into(),
        }
    }

    #[test]
    fn a_reopened_case_unanswered_past_its_new_deadline_did_not_meet_it() {
        let mut reopened = case(
            2,
            "billing",
            "2026-11-20T09:00:00Z",
            "2026-11-24T09:00:00Z",
            Some("2026-11-20T10:00:00Z"),
        );
        assert!(
            met(&reopened),
            "answered in time, before the customer wrote again"
        );
        reopened.status = "open".into();
        assert!(!met(&reopened), "open again past its new deadline");
        // Answered again, late.
        reopened.status = "answered".into();
        reopened.answered_at = Some(at("2026-11-25T09:00:00Z"));
        assert!(!met(&reopened));
    }

    #[test]
    fn percentiles_by_nearest_rank() {
        let v: Vec<Duration> = (1..=10).map(Duration::hours).collect();
        assert_eq!(percentile(&v, 50), Some(Duration::hours(5)));
        assert_eq!(percentile(&v, 90), Some(Duration::hours(9)));
        assert_eq!(percentile(&v[..1], 90), Some(Duration::hours(1)));
        assert_eq!(percentile(&[], 50), None);
    }

    #[test]
    fn attainment_against_the_previous_period() {
        let now = at("2026-11-30T00:00:00Z");
        let cases = vec![
            // This week: one met, one missed, one still open past its deadline.
            case(
                1,
                "billing",
                "2026-11-24T09:00:00.000Z",
                "2026-11-25T09:00:00.000Z",
                Some("2026-11-24T12:00:00.000Z"),
            ),
            case(
                2,
                "billing",
                "2026-11-25T09:00:00.000Z",
                "2026-11-26T09:00:00.000Z",
                Some("2026-11-27T12:00:00.000Z"),
            ),
            case(
                3,
                "billing",
                "2026-11-26T09:00:00.000Z",
                "2026-11-27T09:00:00.000Z",
                None,
            ),
            // Last week: met.
            case(
                4,
                "billing",
                "2026-11-17T09:00:00.000Z",
                "2026-11-18T09:00:00.000Z",
                Some("2026-11-17T10:00:00.000Z"),
            ),
            // Not due yet: not counted.
            case(
                5,
                "shipping",
                "2026-11-29T09:00:00.000Z",
                "2026-12-01T09:00:00.000Z",
                None,
            ),
        ];
        let a = attainment(&cases, now, Duration::days(7), |c| &c.route);
        assert_eq!(
            a,
            vec![Attainment {
                name: "billing".into(),
                met: 1,
                due: 3,
                percent: "33%".into(),
                previous: "100%".into(),
                trend: "▼".into(),
            }]
        );
        let r = response_times(&cases, now, Duration::days(7));
        assert_eq!(
            (r.answered, r.median.as_str(), r.p90.as_str()),
            (2, "3 hours", "2 days 3 hours")
        );
        assert_eq!(
            (r.previous_answered, r.previous_median.as_str()),
            (1, "1 hour")
        );
    }

    #[test]
    fn customers_who_wrote_more_than_once() {
        let cases = vec![
            case(
                1,
                "billing",
                "2026-11-24T09:00:00.000Z",
                "2026-11-25T09:00:00.000Z",
                None,
            ),
            case(
                4,
                "billing",
                "2026-11-24T09:00:00.000Z",
                "2026-11-25T09:00:00.000Z",
                None,
            ),
            case(
                2,
                "billing",
                "2026-11-24T09:00:00.000Z",
                "2026-11-25T09:00:00.000Z",
                None,
            ),
        ];
        let r = repeat_customers(
            &cases,
            &[(2, "C2@x.example".into()), (2, "c2@x.example".into())],
        );
        assert_eq!(
            r,
            vec![
                Repeat {
                    customer: "c2@x.example".into(),
                    messages: 3,
                    cases: "#2".into()
                },
                Repeat {
                    customer: "c1@x.example".into(),
                    messages: 2,
                    cases: "#1, #4".into()
                },
            ]
        );
    }

    #[test]
    fn phrases_that_recur_across_cases() {
        let texts = vec![
            (
                "billing".to_string(),
                "I was charged twice for order 4471. Please refund.".to_string(),
            ),
            (
                "billing".to_string(),
                "Charged twice again! The double charge is on my card.".to_string(),
            ),
            (
                "billing".to_string(),
                "Another double charge on my card this month.".to_string(),
            ),
            ("shipping".to_string(), "Where is my package?".to_string()),
        ];
        let p = recurring_phrases(&texts, 5);
        assert_eq!(p.len(), 1, "one shipping complaint recurs nowhere: {p:?}");
        let got: Vec<(&str, usize)> = p[0]
            .phrases
            .iter()
            .map(|x| (x.phrase.as_str(), x.cases))
            .collect();
        assert_eq!(got, vec![("charged twice", 2), ("double charge", 2)]);
    }

    #[test]
    fn phrases_do_not_span_punctuation() {
        let texts = vec![
            (
                "quality".to_string(),
                "It arrived broken - it arrived late.".to_string(),
            ),
            (
                "quality".to_string(),
                "Arrived broken. It arrived yesterday.".to_string(),
            ),
        ];
        let p = recurring_phrases(&texts, 5);
        let got: Vec<&str> = p[0].phrases.iter().map(|x| x.phrase.as_str()).collect();
        assert_eq!(got, vec!["arrived broken"]);
    }

    #[test]
    fn daily_counts_in_the_local_timezone_and_the_chart_s_words() {
        let cases = vec![
            case(
                1,
                "billing",
                "2026-11-23T23:30:00.000Z",
                "2026-11-25T23:30:00.000Z",
                Some("2026-11-24T01:00:00.000Z"),
            ),
            case(
                2,
                "billing",
                "2026-11-24T02:00:00.000Z",
                "2026-11-26T02:00:00.000Z",
                None,
            ),
        ];
        let days = daily(
            &cases,
            at("2026-11-24T12:00:00Z"),
            chrono_tz::Asia::Seoul,
            14,
        );
        assert_eq!(days.len(), 14);
        let last = days.last().expect("14 days");
        assert_eq!(
            (last.date.as_str(), last.intake, last.answered),
            ("11-24", 2, 1)
        );
        let alt = crate::digest::chart_png::alt_text(&days);
        assert!(alt.contains("11-24: 2 new, 1 answered"), "{alt}");
    }
}
