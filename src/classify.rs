//! Choosing a complaint's route, owner and priority, with the reasons. Pure: text in, decision out.
//!
//! Keywords match as substrings of normalised text, not as whitespace-separated tokens, because
//! Korean, Japanese and Chinese write many words without spaces between them ("결제오류로이중청구").

use serde::Serialize;

use crate::config::{Config, Route};

/// Weight of a keyword found in the subject; the body counts 1. Customers put the gist in the
/// subject, and bodies carry signatures and quoted history.
const SUBJECT_WEIGHT: u32 = 2;
const BODY_WEIGHT: u32 = 1;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Priority {
    Normal,
    Urgent,
}

impl Priority {
    pub fn as_str(self) -> &'static str {
        match self {
            Priority::Normal => "normal",
            Priority::Urgent => "urgent",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Decision {
    pub route: String,
    pub owner: String,
    pub priority: Priority,
    /// Share of the keyword score that went to the chosen route: 1.0 when only it matched,
    /// 0.0 for triage by default.
    pub confidence: f64,
    pub reasons: Vec<String>,
}

/// Lower-case and collapse whitespace, so "Charged  Twice" matches "charged twice".
pub fn normalise(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(word.chars().flat_map(char::to_lowercase));
    }
    out
}

struct Score<'r> {
    route: &'r Route,
    points: u32,
    reasons: Vec<String>,
}

fn score<'r>(route: &'r Route, subject: &str, body: &str) -> Score<'r> {
    let mut points = 0;
    let mut reasons = Vec::new();
    for kw in &route.keywords {
        if subject.contains(kw.as_str()) {
            points += SUBJECT_WEIGHT;
            reasons.push(format!(
                "subject contains {kw:?} (+{SUBJECT_WEIGHT} {})",
                route.name
            ));
        } else if body.contains(kw.as_str()) {
            points += BODY_WEIGHT;
            reasons.push(format!(
                "body contains {kw:?} (+{BODY_WEIGHT} {})",
                route.name
            ));
        }
    }
    Score {
        route,
        points,
        reasons,
    }
}

/// Route a new complaint from its subject and body text.
pub fn classify(config: &Config, subject: &str, body: &str) -> Decision {
    let subject = normalise(subject);
    let body = normalise(body);
    let scores: Vec<Score<'_>> = config
        .routes
        .iter()
        .map(|r| score(r, &subject, &body))
        .collect();
    let total: u32 = scores.iter().map(|s| s.points).sum();
    // max_by_key returns the last maximum; iterate reversed so the first configured route wins ties.
    let best = scores.iter().rev().max_by_key(|s| s.points);
    match best {
        Some(best) if best.points > 0 => {
            let mut reasons = best.reasons.clone();
            let ties: Vec<&str> = scores
                .iter()
                .filter(|s| s.points == best.points && s.route.name != best.route.name)
                .map(|s| s.route.name.as_str())
                .collect();
            if !ties.is_empty() {
                reasons.push(format!(
                    "tied with {}; the route listed first in the config wins",
                    ties.join(", ")
                ));
            }
            for other in scores
                .iter()
                .filter(|s| s.points > 0 && s.points < best.points)
            {
                reasons.push(format!(
                    "also matched {} ({} points)",
                    other.route.name, other.points
                ));
            }
            Decision {
                route: best.route.name.clone(),
                owner: best.route.owner.to_string(),
                priority: Priority::Normal,
                confidence: f64::from(best.points) / f64::from(total),
                reasons,
            }
        }
        _ => Decision {
            route: config.triage.name.clone(),
            owner: config.triage.owner.to_string(),
            priority: Priority::Normal,
            confidence: 0.0,
            reasons: vec!["no route's keywords matched; sent to triage".into()],
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn config() -> Config {
        Config::parse(
            r#"
[inbox]
address = "ceo@shop.example"
host = "127.0.0.1"
tls = "none"
username = "ceo"
password_env = "X"
[smtp]
host = "127.0.0.1"
tls = "none"
from = "ceo@shop.example"
[[routes]]
name = "billing"
owner = "billing@shop.example"
keywords = ["refund", "charged twice", "환불", "결제", "청구"]
escalate_to = "cfo@shop.example"
[[routes]]
name = "shipping"
owner = "shipping@shop.example"
keywords = ["delivery", "package", "배송", "택배"]
escalate_to = "coo@shop.example"
[triage]
owner = "triage@shop.example"
escalate_to = "coo@shop.example"
"#,
        )
        .expect("test config is valid")
    }

    #[test]
    fn english_keywords_route_with_reasons() {
        let d = classify(
            &config(),
            "Charged  TWICE for order #4471",
            "please refund me",
        );
        assert_eq!(d.route, "billing");
        assert_eq!(d.owner, "billing@shop.example");
        assert_eq!(d.confidence, 1.0);
        assert!(
            d.reasons.iter().any(|r| r.contains("\"charged twice\"")),
            "{:?}",
            d.reasons
        );
    }

    #[test]
    fn korean_without_spaces_matches_by_substring() {
        let d = classify(&config(), "결제오류로이중청구되었습니다", "");
        assert_eq!(d.route, "billing");
        let d = classify(&config(), "문의", "택배가아직도착하지않았어요");
        assert_eq!(d.route, "shipping");
    }

    #[test]
    fn subject_outweighs_body_and_confidence_reflects_competition() {
        let d = classify(&config(), "delivery is late", "and I want a refund");
        assert_eq!(d.route, "shipping");
        assert!((d.confidence - 2.0 / 3.0).abs() < 1e-9, "{}", d.confidence);
        assert!(d.reasons.iter().any(|r| r.contains("also matched billing")));
    }

    #[test]
    fn nothing_matched_goes_to_triage() {
        let d = classify(&config(), "Hello", "I have a question about your company");
        assert_eq!(d.route, "triage");
        assert_eq!(d.owner, "triage@shop.example");
        assert_eq!(d.confidence, 0.0);
    }

    #[test]
    fn ties_go_to_the_first_route() {
        let d = classify(&config(), "refund for package", "");
        assert_eq!(d.route, "billing");
        assert!(d.reasons.iter().any(|r| r.contains("tied with shipping")));
    }
}
