//! The routes' own phrases as a soft model for day one: a naive Bayes over the words of every
//! route's keywords and taxonomy phrases, built with the config, so that mail which matches no
//! phrase whole ("two lines from you on my card statement", "the display shows E4") still leans
//! towards the route whose phrases share its words. Pure.
//!
//! Why: a taxonomy phrase is a substring rule, all or nothing; customers paraphrase, and on the
//! shared corpus's odd files 15 of 84 complaints went to triage with one word or none matched
//! whole. The same phrases read as word counts per route (each phrase one document, Korean and
//! Japanese as character bigrams, as the learned model reads them) give graded evidence without
//! any labelled mail (docs/benchmarks.md, issue 12 round five).

use std::collections::HashMap;

/// Laplace smoothing of each route's word counts. Small: a word none of a route's phrases use
/// is weak evidence against it, not none (chosen on the shared corpus's odd files: 0.1 kept
/// three fewer complaints from a wrong owner than 1.0).
const ALPHA: f64 = 0.1;

/// How many nats of this model's evidence weigh as much as one rule point. A phrase matched
/// whole stays the stronger sign; a paraphrase of many words can still outweigh one passing
/// keyword (chosen on the odd files, between 2 and 8, where the results were flat).
pub const NATS_PER_POINT: f64 = 4.0;

#[derive(Debug, Clone, Default)]
pub struct PhraseModel {
    /// Feature → what one occurrence adds to each route's evidence (config order, triage last),
    /// in nats, centred on the routes' mean so that a word every route uses adds nothing.
    lift: HashMap<String, Vec<f32>>,
    routes: usize,
}

impl PhraseModel {
    /// `routes[r]`: route `r`'s phrases (its keywords, its intents' phrases), triage last.
    pub fn new(routes: &[Vec<&str>]) -> PhraseModel {
        let n = routes.len();
        let mut counts: HashMap<String, Vec<u32>> = HashMap::new();
        let mut totals = vec![0u64; n];
        for (r, phrases) in routes.iter().enumerate() {
            for phrase in phrases {
                // A word repeated inside one phrase is one use of it.
                let mut words = crate::routing::model::words(phrase);
                words.sort_unstable();
                words.dedup();
                for w in words {
                    let per_route = counts.entry(w).or_insert_with(|| vec![0; n]);
                    if let Some(c) = per_route.get_mut(r) {
                        *c += 1;
                    }
                    if let Some(t) = totals.get_mut(r) {
                        *t += 1;
                    }
                }
            }
        }
        let vocab = counts.len() as f64;
        // A route without phrases (triage that takes no intents) has no words to lean on: it
        // gets no evidence either way, rather than a smoothed share that beats every route
        // lacking the word.
        let described = totals.iter().filter(|t| **t > 0).count().max(1) as f64;
        let lift = counts
            .into_iter()
            .map(|(w, per_route)| {
                let ln_p: Vec<Option<f64>> = per_route
                    .iter()
                    .zip(&totals)
                    .map(|(c, t)| {
                        (*t > 0)
                            .then(|| ((f64::from(*c) + ALPHA) / (*t as f64 + ALPHA * vocab)).ln())
                    })
                    .collect();
                let mean = ln_p.iter().flatten().sum::<f64>() / described;
                let lift = ln_p
                    .iter()
                    .map(|l| l.map_or(0.0, |l| (l - mean) as f32))
                    .collect();
                (w, lift)
            })
            .collect();
        PhraseModel { lift, routes: n }
    }

    /// Each route's evidence in rule points (config order, triage last) from a message's
    /// features (`model::features_in`). A subject word (`s:` feature, then again plain) counts
    /// twice, as a keyword in the subject does; words no phrase uses say nothing.
    pub fn evidence(&self, features: &[String]) -> Vec<f64> {
        let mut nats = vec![0.0; self.routes];
        for f in features {
            let word = f.strip_prefix("s:").unwrap_or(f);
            if let Some(lift) = self.lift.get(word) {
                for (n, l) in nats.iter_mut().zip(lift) {
                    *n += f64::from(*l);
                }
            }
        }
        nats.into_iter().map(|n| n / NATS_PER_POINT).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::routing::model::features_in;

    fn model() -> PhraseModel {
        PhraseModel::new(&[
            vec!["charged twice", "card statement", "refund", "이중 결제"],
            vec![
                "parcel never arrived",
                "courier",
                "tracking number",
                "배송 지연",
            ],
            vec!["partnership proposal", "marketing agency"],
        ])
    }

    fn best(e: &[f64]) -> usize {
        (0..e.len())
            .max_by(|a, b| e[*a].total_cmp(&e[*b]))
            .expect("routes")
    }

    #[test]
    fn a_paraphrase_no_phrase_matches_whole_leans_to_the_route_whose_words_it_shares() {
        let m = model();
        // No phrase above occurs whole in either message.
        let e = m.evidence(&features_in(
            "",
            "Two lines on my statement for one card payment",
        ));
        assert_eq!(best(&e), 0, "{e:?}");
        let e = m.evidence(&features_in(
            "",
            "The courier says it arrived, it never did",
        ));
        assert_eq!(best(&e), 1, "{e:?}");
        let e = m.evidence(&features_in("", "결제가 이중으로 되었어요"));
        assert_eq!(best(&e), 0, "{e:?}");
    }

    #[test]
    fn a_route_without_phrases_gets_no_evidence_either_way() {
        let m = PhraseModel::new(&[vec!["charged twice"], vec!["courier late"], vec![]]);
        let e = m.evidence(&features_in("", "the courier is late"));
        assert_eq!(e[2], 0.0, "{e:?}");
        assert!(e[1] > 0.0 && e[0] < 0.0, "{e:?}");
    }

    #[test]
    fn words_no_phrase_uses_say_nothing_and_the_subject_counts_twice() {
        let m = model();
        assert!(
            m.evidence(&features_in("", "hello there, lovely weather"))
                .iter()
                .all(|e| *e == 0.0)
        );
        let body = m.evidence(&features_in("", "courier"));
        let subject = m.evidence(&features_in("courier", ""));
        assert!(
            (subject[1] - 2.0 * body[1]).abs() < 1e-9,
            "{subject:?} {body:?}"
        );
        assert!(body[1] > 0.0 && body[0] < 0.0);
    }
}
