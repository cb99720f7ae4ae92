//! `qmark replay`: the stored complaints routed again, through `intake` (the one road), with the
//! current config and model or a proposed config, to see what a routing change would move
//! before it goes live. It opens the database read-only (SQLite refuses any write) and has no
//! mail connection at all, so it can neither send nor change anything.
//!
//! A case's route as first decided (its `routed` event) is compared with the replayed one; the
//! routes people confirmed (an owner's answer, a person's `#reassign`: the `labels` the model
//! learns from) give the accuracy of both.

use std::collections::BTreeMap;

use anyhow::Result;
use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::config::Config;
use crate::store::{ReplayCase, Store};

/// One case routed again.
#[derive(Debug, Clone, Serialize)]
pub struct Move {
    pub case_id: i64,
    pub subject: String,
    pub from: String,
    pub to: String,
    /// What the route was decided on at the time, and what decides it now.
    pub reasons_then: Vec<String>,
    pub reasons_now: Vec<String>,
    /// The route a person confirmed, if one did.
    pub confirmed: Option<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Change {
    pub from: String,
    pub to: String,
    pub cases: usize,
}

#[derive(Debug, Clone, Copy, Serialize, PartialEq)]
pub struct Accuracy {
    /// Cases whose route a person confirmed.
    pub confirmed: usize,
    /// Of those, routed there at the time, and routed there by the replay.
    pub right_then: usize,
    pub right_now: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub since: String,
    pub replayed: usize,
    pub unchanged: usize,
    /// Routed by hand by an executive: not a decision the rules or the model made, so not
    /// replayed.
    pub by_hand: usize,
    pub changes: Vec<Change>,
    pub moves: Vec<Move>,
    pub accuracy: Accuracy,
}

/// Route every case opened since `since` again with `config` (and the model it would load).
pub async fn replay(store: &Store, config: &Config, since: DateTime<Utc>) -> Result<Report> {
    let model = crate::routing::training::peek(store, config).await?;
    let cases = store.replay_cases(since).await?;
    let routed: Vec<(ReplayCase, Option<Replayed>)> = cases
        .into_iter()
        .map(|c| {
            let now = crate::intake::intake(config, Some(&model), &c.raw)
                .decision
                .map(|d| Replayed {
                    route: d.route,
                    reasons: d.reasons,
                });
            (c, now)
        })
        .collect();
    Ok(compare(crate::store::ts(since), routed))
}

/// A replayed decision, as much of it as the report needs.
#[derive(Debug, Clone)]
pub struct Replayed {
    pub route: String,
    pub reasons: Vec<String>,
}

/// What the routing at the time said, from a `routed` event's JSON.
fn then(detail: &str) -> (String, Vec<String>) {
    let v: serde_json::Value = serde_json::from_str(detail).unwrap_or_default();
    let route = v
        .get("route")
        .and_then(|r| r.as_str())
        .unwrap_or_default()
        .to_string();
    let reasons = v
        .get("reasons")
        .and_then(|r| r.as_array())
        .map(|a| {
            a.iter()
                .filter_map(|x| x.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    (route, reasons)
}

/// The report from each case and its replayed decision (None: the message is no longer read as
/// a complaint, e.g. automatic). Pure.
pub fn compare(since: String, routed: Vec<(ReplayCase, Option<Replayed>)>) -> Report {
    let mut changes: BTreeMap<(String, String), usize> = BTreeMap::new();
    let mut moves = Vec::new();
    let mut accuracy = Accuracy {
        confirmed: 0,
        right_then: 0,
        right_now: 0,
    };
    let (mut replayed, mut unchanged, mut by_hand) = (0, 0, 0);
    for (case, now) in routed {
        let (from, reasons_then) = match case.routed.as_deref() {
            Some(detail) => then(detail),
            // Opened before routing reasons were kept: the case's route then.
            None => (case.route.clone(), Vec::new()),
        };
        if reasons_then.iter().any(|r| r.starts_with("routed by hand")) {
            by_hand += 1;
            continue;
        }
        replayed += 1;
        let (to, reasons_now) = match now {
            Some(d) => (d.route, d.reasons),
            None => ("(not a complaint now)".to_string(), Vec::new()),
        };
        if let Some(confirmed) = &case.confirmed {
            accuracy.confirmed += 1;
            accuracy.right_then += usize::from(*confirmed == from);
            accuracy.right_now += usize::from(*confirmed == to);
        }
        if from == to {
            unchanged += 1;
            continue;
        }
        *changes.entry((from.clone(), to.clone())).or_default() += 1;
        moves.push(Move {
            case_id: case.id,
            subject: case.subject,
            from,
            to,
            reasons_then,
            reasons_now,
            confirmed: case.confirmed,
        });
    }
    let mut changes: Vec<Change> = changes
        .into_iter()
        .map(|((from, to), cases)| Change { from, to, cases })
        .collect();
    changes.sort_by(|a, b| b.cases.cmp(&a.cases).then(a.from.cmp(&b.from)));
    Report {
        since,
        replayed,
        unchanged,
        by_hand,
        changes,
        moves,
        accuracy,
    }
}

fn percent(n: usize, of: usize) -> String {
    if of == 0 {
        "n/a".into()
    } else {
        format!("{:.1}%", 100.0 * n as f64 / of as f64)
    }
}

/// The report as the operator reads it.
pub fn text(r: &Report) -> String {
    let mut out = format!(
        "replayed {} case(s) opened since {}: {} would keep their route, {} would move",
        r.replayed,
        r.since,
        r.unchanged,
        r.moves.len()
    );
    if r.by_hand > 0 {
        out.push_str(&format!(" ({} routed by hand, not replayed)", r.by_hand));
    }
    out.push('\n');
    if !r.changes.is_empty() {
        out.push_str(&format!(
            "\n{:<16}    {:<16} {:>5}\n",
            "FROM", "TO", "CASES"
        ));
        for c in &r.changes {
            out.push_str(&format!("{:<16} →  {:<16} {:>5}\n", c.from, c.to, c.cases));
        }
        out.push_str("\ncases that would move:\n");
        for m in &r.moves {
            out.push_str(&format!(
                "  #{} {} → {}  {}{}\n",
                m.case_id,
                m.from,
                m.to,
                m.subject,
                m.confirmed
                    .as_ref()
                    .map(|c| format!("  (confirmed: {c})"))
                    .unwrap_or_default()
            ));
            out.push_str(&format!("      now:  {}\n", m.reasons_now.join("; ")));
            out.push_str(&format!("      then: {}\n", m.reasons_then.join("; ")));
        }
    }
    let a = &r.accuracy;
    out.push_str(&format!(
        "\naccuracy against the {} route(s) people confirmed (answered by the owner, or reassigned): as routed {}/{} ({}), replayed {}/{} ({})\n",
        a.confirmed,
        a.right_then,
        a.confirmed,
        percent(a.right_then, a.confirmed),
        a.right_now,
        a.confirmed,
        percent(a.right_now, a.confirmed)
    ));
    if a.confirmed > 0 {
        out.push_str(
            "(the model has learned these very cases, so the replayed figure flatters it; \
             `qmark eval` on held-out mail measures it honestly)\n",
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn case(id: i64, route_then: &str, confirmed: Option<&str>) -> ReplayCase {
        ReplayCase {
            id,
            route: route_then.into(),
            subject: format!("case {id}"),
            routed: Some(
                serde_json::json!({"route": route_then, "reasons": [format!("rule for {route_then}")]})
                    .to_string(),
            ),
            raw: Vec::new(),
            confirmed: confirmed.map(str::to_string),
        }
    }

    fn now(route: &str) -> Option<Replayed> {
        Some(Replayed {
            route: route.into(),
            reasons: vec![format!("now {route}")],
        })
    }

    #[test]
    fn moves_are_counted_by_route_pair_and_scored_against_confirmed_routes() {
        let mut by_hand = case(5, "quality", Some("quality"));
        by_hand.routed = Some(
            serde_json::json!({"route": "quality", "reasons": ["routed by hand by ceo@x"]})
                .to_string(),
        );
        let r = compare(
            "2026-11-01T00:00:00.000Z".into(),
            vec![
                (case(1, "triage", Some("billing")), now("billing")),
                (case(2, "triage", None), now("billing")),
                (case(3, "shipping", Some("shipping")), now("shipping")),
                (case(4, "shipping", Some("shipping")), now("quality")),
                (by_hand, now("billing")),
                (case(6, "billing", None), None),
            ],
        );
        assert_eq!((r.replayed, r.unchanged, r.by_hand), (5, 1, 1));
        assert_eq!(
            r.changes,
            vec![
                Change {
                    from: "triage".into(),
                    to: "billing".into(),
                    cases: 2
                },
                Change {
                    from: "billing".into(),
                    to: "(not a complaint now)".into(),
                    cases: 1
                },
                Change {
                    from: "shipping".into(),
                    to: "quality".into(),
                    cases: 1
                },
            ]
        );
        let moved: Vec<i64> = r.moves.iter().map(|m| m.case_id).collect();
        assert_eq!(moved, vec![1, 2, 4, 6]);
        assert_eq!(r.moves[0].reasons_then, vec!["rule for triage".to_string()]);
        assert_eq!(r.moves[0].reasons_now, vec!["now billing".to_string()]);
        // Confirmed: 1 (billing), 3 (shipping), 4 (shipping); the hand-routed one is left out.
        assert_eq!(
            r.accuracy,
            Accuracy {
                confirmed: 3,
                right_then: 2,
                right_now: 2
            }
        );
        let t = text(&r);
        assert!(
            t.contains("triage           →  billing              2"),
            "{t}"
        );
        assert!(
            t.contains("as routed 2/3 (66.7%), replayed 2/3 (66.7%)"),
            "{t}"
        );
    }

    #[test]
    fn nothing_to_replay_reads_plainly() {
        let r = compare("2026-11-01T00:00:00.000Z".into(), Vec::new());
        let t = text(&r);
        assert!(t.starts_with("replayed 0 case(s)"), "{t}");
        assert!(t.contains("(n/a)"), "{t}");
    }
}
