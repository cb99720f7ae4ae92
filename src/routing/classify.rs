//! Choosing a complaint's route, owner and priority, with the reasons. Pure: text in, decision out.
//!
//! Keywords match as substrings of normalised text, not as whitespace-separated tokens, because
//! Korean, Japanese and Chinese write many words without spaces between them ("결제오류로이중청구").

use serde::Serialize;

use crate::config::{Config, Route};
use crate::mail::address::Address;
use crate::routing::model::Model;
use crate::routing::text::normalise;

/// Weight of a keyword found in the subject; the body counts 1. Customers put the gist in the
/// subject, and bodies carry signatures and quoted history.
const SUBJECT_WEIGHT: u32 = 2;
const BODY_WEIGHT: u32 = 1;

pub use crate::routing::priority::Priority;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Decision {
    pub route: String,
    pub owner: String,
    pub priority: Priority,
    /// Share of the keyword score that went to the chosen route: 1.0 when only it matched,
    /// 0.0 for triage by default.
    pub confidence: f64,
    pub reasons: Vec<String>,
    /// For a complaint sent to triage because no route was sure enough: the likeliest routes,
    /// best first, for the triage owner to choose from. Empty otherwise.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub candidates: Vec<Candidate>,
}

impl Decision {
    fn to_triage(
        config: &Config,
        priority: Priority,
        confidence: f64,
        reasons: Vec<String>,
        candidates: Vec<Candidate>,
    ) -> Decision {
        Decision {
            route: config.triage.name.clone(),
            owner: config.triage.owner.to_string(),
            priority,
            confidence,
            reasons,
            candidates,
        }
    }
}

/// A route a doubtful complaint may belong to.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Candidate {
    pub route: String,
    pub owner: String,
    pub confidence: f64,
    /// The rules that pointed there.
    pub why: Vec<String>,
}

impl Candidate {
    /// One line for the triage owner: "billing (billing@shop.example) 45%: subject contains
    /// \"refund\" (+2 billing); ...", at most three rules.
    pub fn line(&self) -> String {
        let mut why: Vec<&str> = self.why.iter().take(3).map(String::as_str).collect();
        if self.why.len() > 3 {
            why.push("…");
        }
        format!(
            "{} ({}) {:.0}%{}{}",
            self.route,
            self.owner,
            self.confidence * 100.0,
            if why.is_empty() { "" } else { ": " },
            why.join("; ")
        )
    }
}

/// What routing looks at in a message.
#[derive(Debug, Clone, Copy)]
pub struct Message<'a> {
    pub subject: &'a str,
    pub body: &'a str,
    pub sender: Option<&'a Address>,
    pub language: Option<&'a str>,
    /// How many earlier cases this sender opened within the repeat window.
    pub prior_contacts: u32,
    /// `complaint_text(subject, body)` when the caller has it already (`intake` reads it once
    /// for routing and for `wants`); None: worked out here.
    pub own_words: Option<&'a str>,
}

impl<'a> Message<'a> {
    pub fn text(subject: &'a str, body: &'a str) -> Message<'a> {
        Message {
            subject,
            body,
            sender: None,
            language: None,
            prior_contacts: 0,
            own_words: None,
        }
    }
}

/// A reply's subject is the subject of the mail replied to ("Re: Your order has shipped"),
/// often the shop's own notification: it counts as body text, not as the customer's gist.
fn is_reply_subject(subject: &str) -> bool {
    let s = subject.trim_start().to_lowercase();
    ["re:", "re :", "aw:", "회신:", "답장:", "답변:", "[re]"]
        .iter()
        .any(|p| s.starts_with(p))
}

struct Score<'r> {
    route: &'r Route,
    points: u32,
    /// Of `points`, those from the phrases of pitch intents (`Routing::pitch_phrases`).
    pitch: u32,
    reasons: Vec<String>,
}

/// `hits`: which of this route's keywords occur in the subject and in the body; `pitches`: the
/// taxonomy's pitch phrases.
fn score<'r>(
    route: &'r Route,
    m: &Message<'_>,
    body: &str,
    hits: &[(bool, bool)],
    pitches: &std::collections::HashSet<String>,
) -> Score<'r> {
    let mut points = 0;
    let mut pitch = 0;
    let mut reasons = Vec::new();
    let name = &route.name;
    let subject_weight = if is_reply_subject(m.subject) {
        BODY_WEIGHT
    } else {
        SUBJECT_WEIGHT
    };
    // A keyword inside a longer one that also matched ("delivery" in "dawn delivery", "환불" in
    // "환불이 안") is the same mention: counting both makes one word look like two.
    let found = |place: fn(&(bool, bool)) -> bool| -> Vec<&str> {
        route
            .keywords
            .iter()
            .zip(hits)
            .filter(|(_, h)| place(h))
            .map(|(k, _)| k.what.as_str())
            .collect()
    };
    let (in_subjects, in_bodies) = (found(|h| h.0), found(|h| h.1));
    let inside = |k: &str, all: &[&str]| all.iter().any(|o| o.len() > k.len() && o.contains(k));
    for (kw, (in_subject, in_body)) in route.keywords.iter().zip(hits) {
        let k = kw.what.as_str();
        let in_subject = &(*in_subject && !inside(k, &in_subjects));
        let in_body = &(*in_body && !inside(k, &in_bodies));
        if (*in_subject || *in_body) && pitches.contains(k) {
            pitch += if *in_subject {
                subject_weight
            } else {
                BODY_WEIGHT
            } * kw.weight;
        }
        if *in_subject {
            points += subject_weight * kw.weight;
            reasons.push(format!(
                "subject contains {k:?} (+{} {name})",
                subject_weight * kw.weight
            ));
        } else if *in_body {
            points += BODY_WEIGHT * kw.weight;
            reasons.push(format!(
                "body contains {k:?} (+{} {name})",
                BODY_WEIGHT * kw.weight
            ));
        }
    }
    for p in &route.patterns {
        if p.what.is_match(m.subject) {
            points += subject_weight * p.weight;
            reasons.push(format!(
                "subject matches /{}/ (+{} {name})",
                p.what.as_str(),
                subject_weight * p.weight
            ));
        } else if p.what.is_match(body) {
            points += BODY_WEIGHT * p.weight;
            reasons.push(format!(
                "body matches /{}/ (+{} {name})",
                p.what.as_str(),
                BODY_WEIGHT * p.weight
            ));
        }
    }
    if let Some(sender) = m.sender {
        for r in &route.senders {
            let hit = match r.what.strip_prefix('@') {
                Some(domain) => sender.domain() == domain,
                None => sender.as_str() == r.what,
            };
            if hit {
                points += SENDER_WEIGHT * r.weight;
                reasons.push(format!(
                    "sender {sender} matches {} (+{} {name})",
                    r.what,
                    SENDER_WEIGHT * r.weight
                ));
            }
        }
    }
    if let Some(lang) = m.language
        && route.languages.iter().any(|l| l == lang)
    {
        points += 1;
        reasons.push(format!("written in {lang} (+1 {name})"));
    }
    Score {
        route,
        points,
        pitch,
        reasons,
    }
}

/// A pitch, a press enquiry or a job application (triage's pitch phrases at least as strong as
/// any route's rules) is nobody's complaint: the threats it names are its sales talk or its
/// questions ("we protect shops from fraud", "I'm a reporter writing about packaging"), not a
/// customer's. Only pitch phrases count: a question or praise that an operator also sends to
/// triage is still a customer's mail, and "a question about a charge I never made" stays
/// urgent. Harm to a person still flags: recall first.
fn without_pitch_threats(
    config: &Config,
    scores: &[Score<'_>],
    urgent: Vec<String>,
) -> Vec<String> {
    let is_triage = |s: &&Score<'_>| s.route.name == config.triage.name;
    let pitch = scores.iter().filter(is_triage).map(|s| s.pitch).max();
    let routes = scores.iter().filter(|s| !is_triage(s)).map(|s| s.points);
    let pitch = pitch.unwrap_or(0);
    if pitch == 0 || pitch < routes.max().unwrap_or(0) {
        return urgent;
    }
    urgent
        .into_iter()
        .filter(|r| !THREAT_REASONS.iter().any(|t| r.starts_with(t)))
        .collect()
}

/// Urgency reasons that are threats to the shop (legal, press, fraud, a takeover, a breach), as
/// the lexicon (`data/urgency.toml` kinds) and the taxonomy (`data/intents.toml` urgent intents)
/// name them. In a pitch or a press enquiry they are not a customer's emergency.
const THREAT_REASONS: &[&str] = &[
    "urgent: legal, regulator or press threat",
    "urgent: fraud or money taken",
    "urgent: account takeover",
    "urgent: privacy breach",
    "urgent: legal_threat",
    "urgent: regulator_threat",
    "urgent: press_threat",
    "urgent: fraud",
    "urgent: unauthorised_charge",
    "urgent: account_takeover",
    "urgent: data_leak_or_breach",
];

/// A sender rule outweighs one keyword in the subject: who writes often says what it is about.
const SENDER_WEIGHT: u32 = 3;

/// Route a new complaint: configured rules first, the learned model beside them, one decision
/// with a confidence; below the route's threshold the case goes to triage with the candidates.
pub fn classify(config: &Config, model: Option<&Model>, m: &Message<'_>) -> Decision {
    let subject = normalise(m.subject);
    // Quoted history and signatures are not the customer's words (see `complaint_text`); the
    // rules, the model and urgency all read them, taken out once.
    let own_words = match m.own_words {
        Some(own) => std::borrow::Cow::Borrowed(own),
        None => std::borrow::Cow::Owned(crate::case::understand::complaint_text(m.subject, m.body)),
    };
    let body = normalise(&own_words);
    let features = (model.is_some() || config.phrase_model.is_some())
        .then(|| crate::routing::model::features_in(m.subject, &own_words));
    let scores = route_scores(config, m, &subject, &body);
    let predictions = match (model, &features) {
        (Some(md), Some(f)) => md.predict_features(f),
        _ => Vec::new(),
    };
    // What the routes' phrases say of the words no phrase matched whole (config order, triage
    // last), in rule points.
    let leaning = match (&config.phrase_model, &features) {
        (Some(pm), Some(f)) => pm.evidence(f),
        _ => Vec::new(),
    };
    // The operator's fixed weight, else the model's own evidence: a young model that has not
    // beaten the rules on its own labels has no say.
    let w = config
        .routing
        .model_weight
        .or(model.and_then(|m| m.weight))
        .unwrap_or(crate::config::DEFAULT_MODEL_WEIGHT);

    let mut combined = blend(config, &scores, &leaning, &predictions, w);
    // Stable sort: ties keep config order, so the route listed first wins.
    combined.sort_by(|a, b| b.1.total_cmp(&a.1));

    let mut reasons = Vec::new();
    for s in scores.iter().filter(|s| s.points > 0) {
        reasons.extend(s.reasons.iter().cloned());
    }
    reasons.extend(leaning_reason(config, &leaning));
    reasons.extend(model_reason(model, &predictions, features.as_deref()));
    let words = (subject.as_str(), body.as_str(), own_words.as_ref());
    let (urgent, over) = urgency(config, model, m, words, features.as_deref());
    let urgent = without_pitch_threats(config, &scores, urgent);
    let priority = Priority::from_reasons(&urgent);
    reasons.extend(urgent.into_iter().chain(over));

    let (best, confidence) = match combined.first() {
        Some((r, c)) if *c > 0.0 => (*r, *c),
        _ => {
            reasons.insert(
                0,
                if predictions.is_empty() {
                    "no route's rules matched and the model knows nothing yet; sent to triage"
                        .into()
                } else {
                    "no route's rules matched and the model has no say yet (it has not beaten \
                     the rules on its own examples); sent to triage with its guess below"
                        .into()
                },
            );
            return Decision::to_triage(config, priority, 0.0, reasons, Vec::new());
        }
    };
    reasons.extend(tie_reason(&combined, confidence));
    let rules_alone = predictions.is_empty() || w == 0.0;
    if let Some(why) = doubt(config, best, confidence, &scores, rules_alone) {
        reasons.insert(0, doubt_reason(config, best, confidence, &combined, why));
        let candidates = candidates_of(config, &combined, &scores);
        return Decision::to_triage(config, priority, confidence, reasons, candidates);
    }
    if rules_alone && best.name != config.triage.name && points_for(&scores, &best.name) == 0 {
        reasons.insert(
            0,
            format!(
                "no rule point, but its words lean {:.0}% to {} (routing.words_alone {})",
                confidence * 100.0,
                best.name,
                config.routing.words_alone
            ),
        );
    }
    if reasons.is_empty() {
        reasons.push(format!("routed to {}", best.name));
    }
    Decision {
        route: best.name.clone(),
        owner: best.owner.to_string(),
        priority,
        confidence,
        reasons,
        candidates: Vec::new(),
    }
}

fn points_for(scores: &[Score<'_>], name: &str) -> u32 {
    scores
        .iter()
        .find(|s| s.route.name == name)
        .map_or(0, |s| s.points)
}

/// Each route's share of the evidence: the rules' points alone, or the model's opinion with
/// the rule points as evidence it weighs (`w`, the model's say). `leaning` (empty without
/// standard intents): what the routes' phrases say of the message's words, in points, added to
/// each route's rule points as softer evidence of the same kind.
fn blend<'c>(
    config: &'c Config,
    scores: &[Score<'_>],
    leaning: &[f64],
    predictions: &[(String, f64)],
    w: f64,
) -> Vec<(&'c Route, f64)> {
    let total: u32 = scores.iter().map(|s| s.points).sum();
    let points = |name: &str| points_for(scores, name);
    // Rule points and the phrases' leaning, per route (config order, triage last).
    let evidence =
        |i: usize, name: &str| f64::from(points(name)) + leaning.get(i).copied().unwrap_or(0.0);
    let model_p = |name: &str| {
        predictions
            .iter()
            .find(|(c, _)| c == name)
            .map_or(0.0, |(_, p)| *p)
    };
    // Every candidate, triage included (the model can learn that a kind of mail is triage's).
    let all: Vec<&Route> = config
        .routes
        .iter()
        .chain(std::iter::once(&config.triage))
        .collect();
    // A model without a say (w = 0, not yet clearly better than the rules on its own
    // evidence) decides nothing, even where the rules are silent: unsure goes to triage, which
    // is better than confidently wrong. Its opinion still shows in the reasons.
    if (predictions.is_empty() || w == 0.0) && !leaning.is_empty() {
        // Rules alone, with the phrases' leaning: each point multiplies a route's odds by e, so
        // a whole phrase still outweighs a few shared words, and a complaint with no phrase
        // matched gets a share from its words (the doubt below still wants a rule point).
        softmax(
            all.iter()
                .enumerate()
                .map(|(i, r)| (*r, evidence(i, &r.name))),
        )
    } else if predictions.is_empty() || w == 0.0 {
        // Rules alone: each route's share of the points.
        all.iter()
            .map(|r| {
                let share = if total > 0 {
                    f64::from(points(&r.name)) / f64::from(total)
                } else {
                    0.0
                };
                (*r, share)
            })
            .collect()
    } else {
        // Rules as evidence the model weighs: each rule point multiplies a route's odds by
        // e^β, β = (1 − w)/w. One passing "card" in a thank-you note (1 point) does not outvote
        // a model sure the mail is triage's; "charged twice" in the subject and a refund asked
        // for in the body (5 points) outvote almost anything. With no rule matching, the model
        // alone decides. β = 1 (w = 0.5) was chosen by cross-validation on the training split.
        // A route the model has never seen an example of gets no opinion from it (an even
        // share), so that adding a route does not silence its rules until history arrives.
        let beta = if w > 0.0 { (1.0 - w) / w } else { 0.0 };
        let unknown = 1.0 / all.len() as f64;
        softmax(all.iter().enumerate().map(|(i, r)| {
            let p = if predictions.iter().any(|(c, _)| *c == r.name) {
                model_p(&r.name)
            } else {
                unknown
            };
            (*r, p.max(1e-12).ln() + beta * evidence(i, &r.name))
        }))
    }
}

/// Log-odds per route to shares that sum to 1.
fn softmax<'c>(logits: impl Iterator<Item = (&'c Route, f64)>) -> Vec<(&'c Route, f64)> {
    let logits: Vec<(&Route, f64)> = logits.collect();
    let max = logits
        .iter()
        .map(|(_, l)| *l)
        .fold(f64::NEG_INFINITY, f64::max);
    let sum: f64 = logits.iter().map(|(_, l)| (l - max).exp()).sum();
    logits
        .into_iter()
        .map(|(r, l)| (r, (l - max).exp() / sum))
        .collect()
}

/// The route the phrases' words lean to most, when they lean by at least half a point: the
/// "why" of a complaint routed on words no phrase matched whole.
fn leaning_reason(config: &Config, leaning: &[f64]) -> Option<String> {
    let (i, lean) = leaning
        .iter()
        .enumerate()
        .max_by(|a, b| a.1.total_cmp(b.1))?;
    let route = config
        .routes
        .iter()
        .chain(std::iter::once(&config.triage))
        .nth(i)?;
    (*lean >= 0.5).then(|| {
        format!(
            "its words are like {}'s phrases (+{lean:.1} {})",
            route.name, route.name
        )
    })
}

/// Routes as likely as the best one: the config's order decided.
fn tie_reason(combined: &[(&Route, f64)], confidence: f64) -> Option<String> {
    let ties: Vec<&str> = combined
        .iter()
        .skip(1)
        .filter(|(_, c)| (*c - confidence).abs() < 1e-12)
        .map(|(r, _)| r.name.as_str())
        .collect();
    (!ties.is_empty()).then(|| {
        format!(
            "tied with {}; the route listed first in the config wins",
            ties.join(", ")
        )
    })
}

/// Whether the best route is still too doubtful to trust over triage.
fn doubt(
    config: &Config,
    best: &Route,
    confidence: f64,
    scores: &[Score<'_>],
    rules_alone: bool,
) -> Option<Doubt> {
    if best.name == config.triage.name {
        return None;
    }
    let points = points_for(scores, &best.name);
    // As many rule points for triage's own intents (a pitch, a job application) as for the
    // best route: doubt, and doubt goes to triage rather than to a possibly wrong owner.
    let triage_points = points_for(scores, &config.triage.name);
    if triage_points > 0 && triage_points >= points {
        return Some(Doubt::TriageIntents(triage_points));
    }
    // With the rules alone deciding, one passing word is a guess: unsure goes to triage.
    // Unless the message's words all lean one way (`words_alone`): a paraphrase of a route's
    // phrases that matches none of them whole.
    // A rule point or more below `min_points` is the operator's call and stays in triage.
    let leaning_alone =
        points == 0 && config.routing.words_alone < 1.0 && confidence >= config.routing.words_alone;
    if rules_alone && points < config.routing.min_points && !leaning_alone {
        return Some(Doubt::FewPoints(points));
    }
    (confidence < best.threshold).then_some(Doubt::LowConfidence)
}

/// Why a complaint with a best route still goes to triage.
enum Doubt {
    /// As many points for triage's own intents as for the best route.
    TriageIntents(u32),
    /// Rules alone, and fewer points than `routing.min_points`.
    FewPoints(u32),
    LowConfidence,
}

fn doubt_reason(
    config: &Config,
    best: &Route,
    confidence: f64,
    combined: &[(&Route, f64)],
    why: Doubt,
) -> String {
    let candidates: Vec<String> = combined
        .iter()
        .take(3)
        .filter(|(_, c)| *c > 0.0)
        .map(|(r, c)| format!("{} {:.0}%", r.name, c * 100.0))
        .collect();
    let candidates = candidates.join(", ");
    match why {
        Doubt::TriageIntents(triage_points) => format!(
            "as much evidence for triage's intents ({triage_points} points) as for {}; sent to \
             triage (candidates: {candidates})",
            best.name
        ),
        Doubt::FewPoints(points) => format!(
            "only {points} rule point(s) for {}, fewer than routing.min_points {}; sent to \
             triage (candidates: {candidates})",
            best.name, config.routing.min_points
        ),
        Doubt::LowConfidence => format!(
            "confidence {:.0}% is below {}'s threshold {:.0}%; sent to triage (candidates: \
             {candidates})",
            confidence * 100.0,
            best.name,
            best.threshold * 100.0
        ),
    }
}

/// Every route's rule score, triage last. Every keyword of every route is found in one pass
/// over each text; triage scores too: the intents it takes (a pitch, a job application) are
/// evidence against every route.
fn route_scores<'c>(
    config: &'c Config,
    m: &Message<'_>,
    subject: &str,
    body: &str,
) -> Vec<Score<'c>> {
    let in_subject = config.keyword_index.index.hits(subject);
    let in_body = config.keyword_index.index.hits(body);
    config
        .routes
        .iter()
        .chain(std::iter::once(&config.triage))
        .enumerate()
        .map(|(i, r)| {
            let hits: Vec<(bool, bool)> = config
                .keyword_index
                .per_route
                .get(i)
                .map(|ids| {
                    ids.iter()
                        .map(|id| {
                            (
                                in_subject.get(*id).copied().unwrap_or(false),
                                in_body.get(*id).copied().unwrap_or(false),
                            )
                        })
                        .collect()
                })
                .unwrap_or_default();
            score(r, m, body, &hits, &config.routing.pitch_phrases)
        })
        .collect()
}

/// What the model says and because of which words, when it has a guess.
fn model_reason(
    model: Option<&Model>,
    predictions: &[(String, f64)],
    features: Option<&[String]>,
) -> Option<String> {
    let (md, (top, p)) = (model?, predictions.first()?);
    let why = md.top_of(features.unwrap_or_default(), top, 5);
    Some(format!(
        "model ({} examples) says {top} {:.0}%{}",
        md.examples(),
        p * 100.0,
        if why.is_empty() {
            String::new()
        } else {
            format!(" because of {}", why.join(", "))
        }
    ))
}

/// Why a complaint is urgent (none: it is not). Urgency reads the customer's own words less any
/// forwarded shop notice, skips denied symptoms and dangers the customer says are over, and,
/// when no sign says so, asks what people's corrections taught the model. Second: why signs
/// found were set aside as over, to show among the reasons.
fn urgency(
    config: &Config,
    model: Option<&Model>,
    m: &Message<'_>,
    (subject, body, own_words): (&str, &str, &str),
    features: Option<&[String]>,
) -> (Vec<String>, Option<String>) {
    let urgent_words = crate::routing::urgency_scope::urgency_words(m.subject, m.body, own_words);
    let urgent_body = match &urgent_words {
        std::borrow::Cow::Borrowed(_) => std::borrow::Cow::Borrowed(body),
        std::borrow::Cow::Owned(w) => std::borrow::Cow::Owned(normalise(w)),
    };
    let mut urgent = crate::routing::urgency::reasons(
        m.subject,
        &urgent_words,
        m.sender,
        &config.routing.vip,
        m.prior_contacts,
        config.routing.repeat_contacts,
    );
    // The taxonomy's urgent intents, one reason per intent; a phrase that only names a person
    // or a product ("my baby", "crib") routes but is not urgent alone (the lexicon's pairs
    // flag it next to a danger).
    let lexicon = crate::routing::urgency_lexicon::built_in();
    let quiet = |p: &str| lexicon.is_some_and(|l| l.quiet(p));
    let mut seen: Vec<&str> = Vec::new();
    let (urgent_s, urgent_b) = (
        taxonomy_hits(config, subject),
        taxonomy_hits(config, &urgent_body),
    );
    for (i, (phrase, intent)) in config.routing.urgent_phrases.iter().enumerate() {
        let hit =
            urgent_s.get(i).copied().unwrap_or(false) || urgent_b.get(i).copied().unwrap_or(false);
        if hit && !seen.contains(&intent.as_str()) && !quiet(phrase) {
            seen.push(intent);
            urgent.push(format!("urgent: {intent} ({phrase:?})"));
        }
    }
    // A danger the customer says is over (a thank-you for the repair that ended a burning
    // smell, an update that the rash was the detergent) is no emergency; fraud, a takeover, a
    // breach or a threat always stays, and so does anything people's corrections taught.
    if !urgent.is_empty()
        && urgent
            .iter()
            .all(|r| DANGER_REASONS.iter().any(|d| r.starts_with(d)))
        && let Some((done, after)) =
            lexicon.and_then(|l| l.over(&format!("{}\n\n{urgent_words}", m.subject)))
        && !has_danger_sign(config, &after)
    {
        let signs: Vec<&str> = urgent
            .iter()
            .map(|r| r.trim_start_matches("urgent: "))
            .collect();
        return (
            Vec::new(),
            Some(format!(
                "not urgent: the customer says the danger is over ({done:?}; signs set aside: {})",
                signs.join(", ")
            )),
        );
    }
    // What people's corrections taught: like a complaint someone marked urgent.
    if urgent.is_empty()
        && let (Some(md), Some(f)) = (model, features)
        && let Some(r) = md.urgency.reason(f)
    {
        urgent.push(r);
    }
    (urgent, None)
}

/// Whether `text` holds any urgency sign, the lexicon's or the taxonomy's, unless denied.
fn has_danger_sign(config: &Config, text: &str) -> bool {
    let lexicon = crate::routing::urgency_lexicon::built_in();
    if lexicon.is_some_and(|l| !l.find(text).is_empty()) {
        return true;
    }
    let quiet = |i: usize| {
        config
            .routing
            .urgent_phrases
            .get(i)
            .is_some_and(|(p, _)| lexicon.is_some_and(|l| l.quiet(p)))
    };
    taxonomy_hits(config, &normalise(text))
        .iter()
        .enumerate()
        .any(|(i, hit)| *hit && !quiet(i))
}

/// Which of the taxonomy's urgent phrases `text` (normalised) holds, leaving out those the
/// customer denies or that sit inside a word that only looks like a sign ("커피가 나" is no
/// bleeding).
fn taxonomy_hits(config: &Config, text: &str) -> Vec<bool> {
    let lexicon = crate::routing::urgency_lexicon::built_in();
    let traps = lexicon.map(|l| l.trap_spans(text)).unwrap_or_default();
    config.routing.urgent_index.hits_unless(text, |a, b| {
        let phrase = text.get(a..b).unwrap_or_default();
        let threat = config
            .routing
            .urgent_phrases
            .iter()
            .any(|(p, intent)| p == phrase && THREAT_INTENTS.contains(&intent.as_str()));
        traps.iter().any(|(ta, tb)| *ta < b && a < *tb)
            || if threat {
                crate::routing::urgency_scope::threat_disclaimed(text, a, b)
            } else {
                crate::routing::urgency_scope::negated(text, a, b)
            }
    })
}

/// The taxonomy's threats to the shop by a customer's word: a lawyer, a regulator, the press.
/// A customer may rule them out more loosely than a symptom (`threat_disclaimed`).
const THREAT_INTENTS: &[&str] = &["legal_threat", "regulator_threat", "press_threat"];

/// Urgency reasons for a danger to someone's body (the lexicon's kinds and the taxonomy's
/// intents): the only ones a customer's "it is over" sets aside.
const DANGER_REASONS: &[&str] = &[
    "urgent: safety hazard or injury",
    "urgent: a child or vulnerable person at risk",
    "urgent: safety_hazard",
    "urgent: injury",
    "urgent: child_at_risk",
];

/// The likeliest routes of a doubtful complaint (not triage), with the rules that pointed there.
fn candidates_of(
    config: &Config,
    combined: &[(&Route, f64)],
    scores: &[Score<'_>],
) -> Vec<Candidate> {
    combined
        .iter()
        .filter(|(r, c)| *c > 0.0 && r.name != config.triage.name)
        .take(3)
        .map(|(r, c)| Candidate {
            route: r.name.clone(),
            owner: r.owner.to_string(),
            confidence: *c,
            why: scores
                .iter()
                .find(|s| s.route.name == r.name)
                .map(|s| s.reasons.clone())
                .unwrap_or_default(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::routing::text::contains_keyword;

    pub(crate) fn config() -> Config {
        Config::parse(&config_text()).expect("test config is valid")
    }

    fn config_text() -> String {
        String::from(
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
    }

    #[test]
    fn english_keywords_route_with_reasons() {
        let d = classify(
            &config(),
            None,
            &Message::text("Charged  TWICE for order #4471", "please refund me"),
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
        let d = classify(
            &config(),
            None,
            &Message::text("결제오류로이중청구되었습니다", ""),
        );
        assert_eq!(d.route, "billing");
        let d = classify(
            &config(),
            None,
            &Message::text("문의", "택배가아직도착하지않았어요"),
        );
        assert_eq!(d.route, "shipping");
    }

    #[test]
    fn subject_outweighs_body_and_confidence_reflects_competition() {
        let d = classify(
            &config(),
            None,
            &Message::text("delivery is late", "and I want a refund"),
        );
        assert_eq!(d.route, "shipping");
        assert!((d.confidence - 2.0 / 3.0).abs() < 1e-9, "{}", d.confidence);
        assert!(
            d.reasons
                .iter()
                .any(|r| r.contains("body contains \"refund\" (+1 billing)"))
        );
    }

    #[test]
    fn nothing_matched_goes_to_triage() {
        let d = classify(
            &config(),
            None,
            &Message::text("Hello", "I have a question about your company"),
        );
        assert_eq!(d.route, "triage");
        assert_eq!(d.owner, "triage@shop.example");
        assert_eq!(d.confidence, 0.0);
    }

    #[test]
    fn ties_go_to_the_first_route() {
        let d = classify(&config(), None, &Message::text("refund for package", ""));
        assert_eq!(d.route, "billing");
        assert!(d.reasons.iter().any(|r| r.contains("tied with shipping")));
    }

    #[test]
    fn senders_patterns_and_weights_count() {
        let mut c = config();
        c.routes[1].senders.push(crate::config::Rule {
            what: "@courier.example".into(),
            weight: 1,
        });
        c.routes[0].patterns.push(crate::config::Rule {
            what: regex::Regex::new(r"(?i)inv-\d{4}").expect("valid"),
            weight: 2,
        });
        let sender = Address::parse("ops@courier.example").expect("valid");
        let d = classify(
            &c,
            None,
            &Message {
                sender: Some(&sender),
                ..Message::text("status", "no keywords here")
            },
        );
        assert_eq!(d.route, "shipping");
        assert!(
            d.reasons
                .iter()
                .any(|r| r.contains("sender ops@courier.example")),
            "{:?}",
            d.reasons
        );
        let d = classify(&c, None, &Message::text("INV-2231 is wrong", ""));
        assert_eq!(d.route, "billing");
        assert_eq!(d.confidence, 1.0);
    }

    #[test]
    fn the_model_decides_when_rules_are_silent_and_low_confidence_goes_to_triage() {
        let c = config();
        let mut m = Model::default();
        for _ in 0..5 {
            m.learn(
                "billing",
                "voucher",
                "my voucher code did not work at checkout",
            );
            m.learn(
                "shipping",
                "parcel",
                "the parcel never came, the courier lost it",
            );
        }
        let d = classify(
            &c,
            Some(&m),
            &Message::text("voucher", "the voucher code did not work"),
        );
        assert_eq!(d.route, "billing");
        assert!(
            d.reasons
                .iter()
                .any(|r| r.starts_with("model (10 examples) says billing")),
            "{:?}",
            d.reasons
        );
        // A message the model has no idea about: an even three-way split, below the threshold.
        let mut even = Model::default();
        even.learn("billing", "x", "alpha");
        even.learn("shipping", "x", "alpha");
        even.learn("other", "x", "alpha");
        let d = classify(&c, Some(&even), &Message::text("x", "alpha"));
        assert_eq!(d.route, "triage");
        assert!(d.reasons[0].contains("below"), "{:?}", d.reasons);
    }

    #[test]
    fn urgent_complaints_are_marked() {
        let d = classify(
            &config(),
            None,
            &Message::text("refund", "the charger caught fire and burned my hand"),
        );
        assert_eq!(d.priority, Priority::Urgent);
        assert!(d.reasons.iter().any(|r| r.starts_with("urgent: safety")));
    }

    #[test]
    fn latin_keywords_start_words_and_short_ones_are_whole_words() {
        assert!(contains_keyword("it arrived broken", "broke"));
        assert!(contains_keyword("not delivered yet", "deliver"));
        assert!(!contains_keyword("i am happy with it", "app"));
        assert!(!contains_keyword("so upset", "ups"));
        assert!(contains_keyword("the ups driver", "ups"));
        assert!(!contains_keyword("thanks for the approval", "app"));
        assert!(contains_keyword("결제오류로이중청구", "이중"));
    }

    #[test]
    fn a_passing_mention_does_not_outvote_a_confident_model() {
        let c = config();
        let mut m = Model::default();
        for _ in 0..5 {
            m.learn(
                "triage",
                "thank you",
                "just wanted to say thank you, lovely shop, will order again",
            );
            m.learn("billing", "refund", "please refund the second charge");
            m.learn(
                "shipping",
                "late",
                "the parcel is late and the courier lost it",
            );
        }
        // One body keyword for billing ("refund") against a model sure this is a thank-you.
        let d = classify(
            &c,
            Some(&m),
            &Message::text(
                "thank you",
                "just wanted to say thank you, you sorted my refund, lovely shop",
            ),
        );
        assert_eq!(d.route, "triage", "{:?}", d.reasons);
        // The subject and the body both say refund: the rules carry it.
        let d = classify(
            &c,
            Some(&m),
            &Message::text("refund please", "thank you, I want a refund, charged twice"),
        );
        assert_eq!(d.route, "billing", "{:?}", d.reasons);
    }

    /// The test config with each (from, to) replaced in its text.
    fn config_edited(edits: &[(&str, &str)]) -> Config {
        let text = edits
            .iter()
            .fold(config_text(), |text, (from, to)| text.replace(from, to));
        Config::parse(&text).expect("test config is valid")
    }

    /// The test config with `[triage] intents` and a route whose keywords nest.
    fn config_with_triage_intents() -> Config {
        config_edited(&[
            (
                "keywords = [\"delivery\", \"package\", \"배송\", \"택배\"]",
                "keywords = [\"delivery\", \"dawn delivery\", \"package\", \"배송\", \"택배\"]",
            ),
            (
                "[triage]\n",
                "[triage]\nintents = [\"business_proposal\", \"job_application\"]\n",
            ),
        ])
    }

    #[test]
    fn a_pitch_that_mentions_delivery_goes_to_triage() {
        let c = config_with_triage_intents();
        // One mention of "delivery" and one of a partnership: as much for triage as for a route.
        let d = classify(
            &c,
            None,
            &Message::text(
                "Hello",
                "We propose a partnership to speed up your delivery.",
            ),
        );
        assert_eq!(d.route, "triage", "{:?}", d.reasons);
        assert!(
            d.reasons.iter().any(|r| r.contains("(+1 triage)")),
            "{:?}",
            d.reasons
        );
        assert!(
            d.reasons[0].contains("as much evidence for triage's intents"),
            "{:?}",
            d.reasons
        );
        assert_eq!(
            d.candidates.first().map(|c| c.route.as_str()),
            Some("shipping")
        );
        // Without the intents, the same pitch goes to shipping.
        let d = classify(
            &config(),
            None,
            &Message::text(
                "Hello",
                "We propose a partnership to speed up your delivery.",
            ),
        );
        assert_eq!(d.route, "shipping");
        // A complaint is still a route's.
        let d = classify(
            &c,
            None,
            &Message::text("Late", "My delivery is a week late"),
        );
        assert_eq!(d.route, "shipping");
    }

    #[test]
    fn only_a_pitch_makes_threat_words_talk_and_a_question_to_triage_stays_urgent() {
        // Triage also takes plain questions, as an operator may configure it.
        let c = config_edited(&[(
            "[triage]\n",
            "[triage]\nintents = [\"business_proposal\", \"general_question\"]\n",
        )]);
        let pitch = classify(
            &c,
            None,
            &Message::text(
                "Partnership",
                "Our platform offers a partnership: we protect shops from fraud and lawsuits.",
            ),
        );
        assert_eq!(pitch.route, "triage", "{:?}", pitch.reasons);
        assert_eq!(pitch.priority, Priority::Normal, "{:?}", pitch.reasons);
        // The same triage words as a customer's question: the fraud is theirs.
        let question = classify(
            &c,
            None,
            &Message::text(
                "Quick question",
                "I have a question about my card: someone used my card on your site, it is \
                 fraud.",
            ),
        );
        assert_eq!(
            question.priority,
            Priority::Urgent,
            "{:?}",
            question.reasons
        );
    }

    #[test]
    fn every_urgency_kind_is_known_to_the_gates_that_read_reasons() {
        // The "it is over" gate and the pitch gate read the reason's words: a kind renamed in
        // data/urgency.toml or an urgent intent added to data/intents.toml must be placed in
        // one of them (or named here as neither) instead of silently escaping both.
        const NEITHER: &[&str] = &[
            "urgent: elderly_or_vulnerable_left_without_food_or_medicine",
            "urgent: personal_safety",
        ];
        let lexicon = crate::routing::urgency_lexicon::built_in().expect("built-in lexicon");
        let intents = crate::routing::intents::Taxonomy::built_in();
        let reasons: Vec<String> = lexicon
            .kinds()
            .iter()
            .map(|k| format!("urgent: {k}"))
            .chain(
                intents
                    .intents
                    .iter()
                    .filter(|i| i.urgent)
                    .map(|i| format!("urgent: {}", i.name)),
            )
            .collect();
        assert!(reasons.len() >= 18, "{reasons:?}");
        for r in &reasons {
            let placed = [DANGER_REASONS, THREAT_REASONS, NEITHER]
                .iter()
                .filter(|list| list.contains(&r.as_str()))
                .count();
            assert_eq!(placed, 1, "{r:?} must be in exactly one list");
        }
    }

    /// The test config with both routes taking the taxonomy's categories.
    fn config_with_intents() -> Config {
        config_edited(&[
            (
                "escalate_to = \"cfo@shop.example\"",
                "escalate_to = \"cfo@shop.example\"\nintents = [\"billing\"]",
            ),
            (
                "escalate_to = \"coo@shop.example\"\n[triage]",
                "escalate_to = \"coo@shop.example\"\nintents = [\"delivery\"]\n[triage]",
            ),
        ])
    }

    #[test]
    fn one_phrase_whose_words_agree_routes_and_one_whose_words_disagree_is_doubted() {
        let c = config_with_intents();
        assert!(c.phrase_model.is_some());
        // One phrase ("wrong door"), and the rest of the words are a courier's too.
        let d = classify(
            &c,
            None,
            &Message::text(
                "Question",
                "The driver left the box at the wrong door and it was not there when I got \
                 home; the courier photo shows another floor.",
            ),
        );
        assert_eq!(d.route, "shipping", "{:?}", d.reasons);
        assert!(
            d.reasons
                .iter()
                .any(|r| r.starts_with("its words are like shipping's phrases")),
            "{:?}",
            d.reasons
        );
        // One passing "delivery", but the words are a card statement's: not shipping's. No
        // phrase names billing whole, yet every word leans to it (`words_alone`): billing.
        let statement = Message::text(
            "Question",
            "The delivery fee on my card statement was taken from my account two times, \
             the bank shows both payments pending.",
        );
        let d = classify(&c, None, &statement);
        assert_eq!(d.route, "billing", "{:?}", d.reasons);
        assert!(
            d.reasons[0].starts_with("no rule point, but its words lean")
                && d.reasons[0].contains("to billing (routing.words_alone 0.95)"),
            "{:?}",
            d.reasons
        );
        // With `words_alone = 1` (off) it waits in triage, billing its first candidate.
        let mut off = c.clone();
        off.routing.words_alone = 1.0;
        let d = classify(&off, None, &statement);
        assert_eq!(d.route, "triage", "{:?}", d.reasons);
        assert_eq!(
            d.candidates.first().map(|c| c.route.as_str()),
            Some("billing"),
            "{:?}",
            d.reasons
        );
        // Without intents there is no phrase model: the admin's keywords decide as before.
        assert!(config().phrase_model.is_none());
    }

    #[test]
    fn a_keyword_inside_a_longer_one_counts_once() {
        let c = config_with_triage_intents();
        let d = classify(&c, None, &Message::text("dawn delivery", "x"));
        assert!(
            !d.reasons.iter().any(|r| r.contains("\"delivery\" (+")),
            "{:?}",
            d.reasons
        );
        assert!(
            d.reasons
                .iter()
                .any(|r| r.contains("\"dawn delivery\" (+2"))
        );
    }

    #[test]
    fn a_taxonomy_phrase_inside_a_trap_word_is_not_urgent() {
        let c = config_with_triage_intents();
        // "피가 나" (bleeding) inside "커피가 나" (the coffee comes out).
        let d = classify(&c, None, &Message::text("커피머신", "커피가 나오지 않아요"));
        assert_eq!(d.priority, Priority::Normal, "{:?}", d.reasons);
        let d = classify(&c, None, &Message::text("커피머신", "손가락에서 피가 나요"));
        assert_eq!(d.priority, Priority::Urgent, "{:?}", d.reasons);
    }

    #[test]
    fn a_danger_the_customer_says_is_over_is_not_urgent_and_a_threat_still_is() {
        let c = config_with_triage_intents();
        let thanks = "Thank you! Last week our heater gave off a burning smell. Your engineer \
                      replaced the fan the next morning and there have been no problems since.";
        let d = classify(&c, None, &Message::text("Thanks for the repair", thanks));
        assert_eq!(d.priority, Priority::Normal, "{:?}", d.reasons);
        assert!(
            d.reasons.iter().any(|r| r
                .starts_with("not urgent: the customer says the danger is over")
                && r.contains("burning smell")),
            "{:?}",
            d.reasons
        );
        // The same smell today: live.
        let live = "Our heater gives off a burning smell today. Your engineer came last week.";
        let d = classify(&c, None, &Message::text("Heater", live));
        assert_eq!(d.priority, Priority::Urgent, "{:?}", d.reasons);
        // Another danger told after "it is fine now": the same batch elsewhere (a README-only
        // helper's attack: the whole mail's "no problems since" had silenced it).
        let sister = format!("{thanks} But my sister's kettle from the same batch sparked.");
        let d = classify(&c, None, &Message::text("Heater", &sister));
        assert_eq!(d.priority, Priority::Urgent, "{:?}", d.reasons);
        // It came back.
        let back = format!("{thanks} But this morning it happened again.");
        let d = classify(&c, None, &Message::text("Heater", &back));
        assert_eq!(d.priority, Priority::Urgent, "{:?}", d.reasons);
        // Money taken is never set aside by a thank-you.
        let fraud = format!("{thanks} Also someone used my card without permission last week.");
        let d = classify(&c, None, &Message::text("Heater", &fraud));
        assert_eq!(d.priority, Priority::Urgent, "{:?}", d.reasons);
    }
}
