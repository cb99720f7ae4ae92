//! Urgency learned from people's corrections: every complaint an owner or executive marked
//! `#urgent` (or bumped from the digest) or `#normal`, kept with its words. A new complaint
//! whose words are close to one marked urgent — closer than to any marked normal — is urgent
//! too, and the reason names the case it resembles. Pure.
//!
//! Nearest labelled neighbour rather than a second naive Bayes: corrections are few (a handful
//! a week), one of them must already count, and the reason "like case #12, which founder@
//! marked urgent" can be checked by the person who reads it. A `#normal` label only ever
//! cancels what the corrections taught, never a symptom phrase: recall comes first.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

/// The cosine similarity from which a complaint counts as "like" a labelled one. Chosen on the
/// shared corpus's odd-numbered files (docs/benchmarks.md): below it, complaints about the same
/// product or the same courier already look alike.
pub const SIMILAR: f64 = 0.35;

/// One labelled complaint.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Labelled {
    pub message_id: i64,
    pub case_id: i64,
    pub urgent: bool,
    /// Who labelled it, for the reason ("founder@shop.example").
    pub by: String,
    /// Its features (`model::features_in`) and their counts, with the vector's length.
    pub counts: Vec<(String, u32)>,
    pub norm: f64,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct UrgencyMemory {
    /// The `urgency_labels.seq` learned up to.
    pub seq: i64,
    pub labelled: Vec<Labelled>,
}

/// Counts of each feature and the vector's length.
fn vector(features: &[String]) -> (HashMap<&str, u32>, f64) {
    let mut counts: HashMap<&str, u32> = HashMap::new();
    for f in features {
        *counts.entry(f.as_str()).or_default() += 1;
    }
    let norm = counts
        .values()
        .map(|c| f64::from(*c).powi(2))
        .sum::<f64>()
        .sqrt();
    (counts, norm)
}

impl UrgencyMemory {
    pub fn is_empty(&self) -> bool {
        self.labelled.is_empty()
    }

    /// Learn (or correct) the label of one message: a later label replaces an earlier one.
    pub fn learn(
        &mut self,
        message_id: i64,
        case_id: i64,
        urgent: bool,
        by: &str,
        features: &[String],
    ) {
        let (counts, norm) = vector(features);
        let mut counts: Vec<(String, u32)> = counts
            .into_iter()
            .map(|(f, c)| (f.to_string(), c))
            .collect();
        counts.sort();
        let l = Labelled {
            message_id,
            case_id,
            urgent,
            by: by.to_string(),
            counts,
            norm,
        };
        match self
            .labelled
            .iter_mut()
            .find(|x| x.message_id == message_id)
        {
            Some(x) => *x = l,
            None => self.labelled.push(l),
        }
    }

    /// The labelled complaint most like these features, with the similarity (0..1).
    fn nearest(&self, features: &[String], urgent: bool) -> Option<(&Labelled, f64)> {
        let (counts, norm) = vector(features);
        if norm == 0.0 {
            return None;
        }
        self.labelled
            .iter()
            .filter(|l| l.urgent == urgent && l.norm > 0.0)
            .map(|l| {
                let dot: f64 = l
                    .counts
                    .iter()
                    .filter_map(|(f, c)| counts.get(f.as_str()).map(|d| f64::from(*c * d)))
                    .sum();
                (l, dot / (l.norm * norm))
            })
            .max_by(|a, b| a.1.total_cmp(&b.1))
    }

    /// Why a complaint with these features is urgent by what people taught, or None: it is at
    /// least `SIMILAR` to a complaint marked urgent and closer to it than to any marked normal.
    pub fn reason(&self, features: &[String]) -> Option<String> {
        let (urgent, s) = self.nearest(features, true)?;
        let normal = self.nearest(features, false).map_or(0.0, |(_, s)| s);
        (s >= SIMILAR && s > normal).then(|| {
            format!(
                "urgent: like case #{}, which {} marked urgent ({:.0}% alike)",
                urgent.case_id,
                urgent.by,
                s * 100.0
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::routing::model::features_in;

    #[test]
    fn a_complaint_like_one_marked_urgent_is_urgent() {
        let mut m = UrgencyMemory::default();
        assert!(
            m.reason(&features_in("x", "anything")).is_none(),
            "nothing taught yet"
        );
        m.learn(
            10,
            4,
            true,
            "founder@shop.example",
            &features_in(
                "Mattress",
                "The mattress gives off a strong chemical smell and my daughter's eyes are streaming",
            ),
        );
        let r = m
            .reason(&features_in(
                "chemical smell",
                "the new mattress has a chemical smell, my eyes are streaming at night",
            ))
            .expect("like case #4");
        assert!(
            r.contains("case #4") && r.contains("founder@shop.example"),
            "{r}"
        );
        // An unrelated complaint is not.
        assert!(
            m.reason(&features_in(
                "Invoice",
                "please send a VAT invoice for order 5512"
            ))
            .is_none()
        );
    }

    #[test]
    fn a_later_normal_label_corrects_an_urgent_one() {
        let mut m = UrgencyMemory::default();
        let f = features_in("Mattress smell", "the mattress has a chemical smell");
        m.learn(10, 4, true, "a@shop.example", &f);
        assert!(m.reason(&f).is_some());
        m.learn(10, 4, false, "a@shop.example", &f);
        assert_eq!(m.labelled.len(), 1, "relabelled, not added");
        assert!(m.reason(&f).is_none());
        // A closer normal neighbour outweighs an urgent one.
        m.learn(
            11,
            5,
            true,
            "a@shop.example",
            &features_in("smell", "chemical smell, eyes streaming, rash"),
        );
        assert!(m.reason(&f).is_none(), "nearest is the normal one");
    }
}
