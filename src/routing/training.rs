//! Teaching the router: the model is built from the routes' example folders and the labels
//! the company's own routing produces, kept in the database, and updated as labels arrive.

use std::path::Path;

use anyhow::{Context, Result};
use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::app::App;
use crate::config::Config;
use crate::routing::classify;
use crate::routing::model::Model;
use crate::store::{Store, StoredModel};

/// The `*.eml` files of a folder, sorted, as (path, bytes).
pub fn read_eml_dir(dir: &Path) -> Result<Vec<(std::path::PathBuf, Vec<u8>)>> {
    let mut out = Vec::new();
    let entries = std::fs::read_dir(dir)
        .with_context(|| format!("cannot read examples folder {}", dir.display()))?;
    for e in entries {
        let path = e?.path();
        if path.extension().is_some_and(|x| x == "eml") {
            let raw = crate::files::read_capped(&path, crate::files::MAX_MAIL_BYTES)
                .with_context(|| format!("cannot read {}", path.display()))?;
            out.push((path, raw));
        }
    }
    out.sort();
    Ok(out)
}

/// What the example folders hold, to tell when the model must be rebuilt.
fn examples_fingerprint(config: &Config) -> String {
    let mut parts = Vec::new();
    for r in config.routes.iter().chain(std::iter::once(&config.triage)) {
        if let Some(dir) = &r.examples {
            let (n, bytes) = std::fs::read_dir(dir)
                .map(|it| {
                    it.flatten()
                        .filter_map(|e| e.metadata().ok())
                        .fold((0u64, 0u64), |(n, b), m| (n + 1, b + m.len()))
                })
                .unwrap_or((0, 0));
            parts.push(format!("{}={}:{n}:{bytes}", r.name, dir.display()));
        }
    }
    parts.join(";")
}

/// Learn every example folder of the config.
pub fn learn_examples(config: &Config, model: &mut Model) -> Result<usize> {
    let mut n = 0;
    for r in config.routes.iter().chain(std::iter::once(&config.triage)) {
        if let Some(dir) = &r.examples {
            for (_, raw) in read_eml_dir(dir)? {
                let m = crate::mail::parse(&raw);
                model.learn(&r.name, &m.subject, &m.text);
                n += 1;
            }
        }
    }
    Ok(n)
}

async fn learn_labels(store: &Store, model: &mut Model, after: i64) -> Result<i64> {
    let mut last = after;
    for r in store.routing_labels_after(after).await? {
        let m = crate::mail::parse(&r.raw);
        model.learn(&r.route, &m.subject, &m.text);
        last = r.seq;
    }
    Ok(last)
}

async fn save(
    store: &Store,
    model: &Model,
    source: &str,
    label_seq: i64,
    now: DateTime<Utc>,
) -> Result<()> {
    let stored = StoredModel {
        source: source.to_string(),
        label_seq,
        data: serde_json::to_vec(model).context("encoding the model")?,
    };
    store
        .save_model(&stored, i64::from(model.examples()), now)
        .await
}

/// The stored model, rebuilt first when the example folders changed; then caught up with any
/// labels it has not learned.
pub async fn load(store: &Store, config: &Config, now: DateTime<Utc>) -> Result<(Model, i64)> {
    let (model, last, changed) = build(store, config).await?;
    match changed {
        Changed::Nothing => {}
        Changed::Urgency | Changed::Routing => {
            save(store, &model, &examples_fingerprint(config), last, now).await?;
        }
    }
    Ok((model, last))
}

/// The model `load` would give, without storing anything: `qmark replay` routes with it
/// (its config may be a proposed one) and must not change the database.
pub async fn peek(store: &Store, config: &Config) -> Result<Model> {
    Ok(build(store, config).await?.0)
}

/// What building the model changed against the stored one.
enum Changed {
    Nothing,
    Urgency,
    Routing,
}

async fn build(store: &Store, config: &Config) -> Result<(Model, i64, Changed)> {
    let source = examples_fingerprint(config);
    // A model stored by another version that does not decode is rebuilt from the examples
    // and every label, never kept as an empty model that skips the labels it had learned.
    let decoded = store
        .stored_model()
        .await?
        .filter(|m| m.source == source)
        .and_then(|m| match serde_json::from_slice::<Model>(&m.data) {
            Ok(model) => Some((model, m.label_seq)),
            Err(e) => {
                tracing::warn!("the stored model does not decode ({e}); rebuilding it");
                None
            }
        });
    let (mut model, seq, fresh) = match decoded {
        Some((model, seq)) => (model, seq, false),
        None => {
            let mut model = Model::default();
            learn_examples(config, &mut model)?;
            (model, 0, true)
        }
    };
    let last = learn_labels(store, &mut model, seq).await?;
    let urgency = crate::case::priority::learn_labels(store, &mut model).await?;
    if fresh || last != seq || model.weight.is_none() {
        // What it learned changed: how much it may count is measured again, on all of it.
        let data = training_data(store, config).await?;
        model.weight = Some(evidence_weight(config, &data));
        return Ok((model, last, Changed::Routing));
    }
    let changed = if urgency > 0 {
        Changed::Urgency
    } else {
        Changed::Nothing
    };
    Ok((model, last, changed))
}

/// Everything the model learns from: the example folders and every label, as (route, raw).
async fn training_data(store: &Store, config: &Config) -> Result<Vec<(String, Vec<u8>)>> {
    let mut out = Vec::new();
    for r in config.routes.iter().chain(std::iter::once(&config.triage)) {
        if let Some(dir) = &r.examples {
            for (_, raw) in read_eml_dir(dir)? {
                out.push((r.name.clone(), raw));
            }
        }
    }
    out.extend(
        store
            .routing_labels_after(0)
            .await?
            .into_iter()
            .map(|r| (r.route, r.raw)),
    );
    Ok(out)
}

/// The weights the evidence chooses among: 0 is the rules alone.
const WEIGHTS: [f64; 6] = [0.0, 0.2, 0.35, 0.5, 0.65, 0.8];
/// Below this many examples of at least two routes, the model has no say.
const MIN_PER_ROUTE: usize = 3;

/// How much a model learned from `data` may count against the rules: the weight with the best
/// accuracy when each fifth of `data` is routed by a model trained on the other four (ties go
/// to the smaller weight), and no say at all unless it beats the rules alone by more than one
/// standard error: a model that does not clearly help defers to them. Pure.
pub fn evidence_weight(config: &Config, data: &[(String, Vec<u8>)]) -> f64 {
    let mut per_route: Vec<(&str, usize)> = Vec::new();
    for (r, _) in data {
        match per_route.iter_mut().find(|(n, _)| n == r) {
            Some((_, c)) => *c += 1,
            None => per_route.push((r, 1)),
        }
    }
    if per_route
        .iter()
        .filter(|(_, c)| *c >= MIN_PER_ROUTE)
        .count()
        < 2
    {
        return 0.0;
    }
    let k = 5;
    // Stratified folds: the i-th example of each route goes to fold i % k.
    let mut seen: Vec<(&str, usize)> = Vec::new();
    let folds: Vec<usize> = data
        .iter()
        .map(|(r, _)| match seen.iter_mut().find(|(n, _)| n == r) {
            Some((_, c)) => {
                *c += 1;
                *c % k
            }
            None => {
                seen.push((r, 0));
                0
            }
        })
        .collect();
    let read: Vec<crate::intake::Intake> = data
        .iter()
        .map(|(_, raw)| crate::intake::intake(config, None, raw))
        .collect();
    let mut right = [0usize; WEIGHTS.len()];
    for fold in 0..k {
        let mut model = Model::default();
        for ((route, _), (read, f)) in data.iter().zip(read.iter().zip(&folds)) {
            if *f != fold {
                model.learn(route, &read.mail.subject, &read.mail.text);
            }
        }
        for (wi, w) in WEIGHTS.iter().enumerate() {
            let mut fixed = config.clone();
            fixed.routing.model_weight = Some(*w);
            for ((route, _), (read, f)) in data.iter().zip(read.iter().zip(&folds)) {
                if *f == fold {
                    let d = crate::intake::route(
                        &fixed,
                        Some(&model),
                        &read.mail,
                        read.sender.as_ref(),
                        read.language,
                        0,
                        None,
                    );
                    right[wi] += usize::from(d.route == *route);
                }
            }
        }
    }
    let best = right
        .iter()
        .enumerate()
        .fold(0, |best, (i, r)| if *r > right[best] { i } else { best });
    // The model gets a say only when it beats the rules by more than the noise of so few
    // examples: one standard error of an accuracy, about sqrt(n) / 2 answers.
    let margin = (data.len() as f64).sqrt() / 2.0;
    if (right[best] as f64) - (right[0] as f64) <= margin {
        return 0.0;
    }
    WEIGHTS[best]
}

/// Learn labels recorded since the model was last updated, and store it.
pub async fn learn_new(app: &App, now: DateTime<Utc>) -> Result<usize> {
    let after = *app
        .model_seq
        .read()
        .map_err(|_| anyhow::anyhow!("model lock poisoned"))?;
    let current = app
        .model
        .read()
        .map_err(|_| anyhow::anyhow!("model lock poisoned"))?
        .clone();
    let mut model = Model::clone(&current);
    let last = learn_labels(&app.store, &mut model, after).await?;
    let urgency = crate::case::priority::learn_labels(&app.store, &mut model).await?;
    if last == after && urgency == 0 {
        return Ok(0);
    }
    save(
        &app.store,
        &model,
        &examples_fingerprint(&app.config),
        last,
        now,
    )
    .await?;
    let n = usize::try_from(last - after).unwrap_or(0) + urgency;
    *app.model
        .write()
        .map_err(|_| anyhow::anyhow!("model lock poisoned"))? = std::sync::Arc::new(model);
    *app.model_seq
        .write()
        .map_err(|_| anyhow::anyhow!("model lock poisoned"))? = last;
    Ok(n)
}

/// Record that a message belongs to a route (an answer confirms; a reassignment corrects).
pub async fn label(
    conn: &mut sqlx::AnyConnection,
    message: i64,
    route: &str,
    source: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    crate::store::put_routing_label(conn, message, route, source, now).await
}

// ---- evaluation -------------------------------------------------------------------------------

#[derive(Debug, Serialize)]
pub struct RouteScore {
    pub route: String,
    pub support: usize,
    pub precision: f64,
    pub recall: f64,
}

#[derive(Debug, Serialize)]
pub struct Evaluation {
    pub train: usize,
    pub test: usize,
    pub accuracy: f64,
    pub rules_only_accuracy: f64,
    /// The model's top class alone, without rules or threshold.
    pub model_only_accuracy: f64,
    /// Urgent test messages (as named by the caller) and how many came out non-urgent.
    pub urgent: usize,
    pub urgent_missed: usize,
    /// Non-urgent test messages that came out urgent (only counted when `urgent` is known).
    pub false_urgent: usize,
    /// Wrong answers split by harm: sent to triage (someone sorts it out) versus sent to a
    /// wrong owner (confidently wrong, the worse kind).
    pub to_triage: usize,
    pub wrong_owner: usize,
    /// The model's say against the rules, as its evidence chose it (or the config fixed it).
    pub model_weight: f64,
    pub routes: Vec<RouteScore>,
    /// labels in order; matrix[expected][predicted]
    pub labels: Vec<String>,
    pub confusion: Vec<Vec<usize>>,
}

/// Labelled messages from `DIR/<route>/*.eml`.
pub fn labelled(dir: &Path) -> Result<Vec<(String, Vec<u8>)>> {
    let mut out = Vec::new();
    let mut routes: Vec<_> = std::fs::read_dir(dir)
        .with_context(|| format!("cannot read {}", dir.display()))?
        .flatten()
        .filter(|e| e.path().is_dir())
        .collect();
    routes.sort_by_key(|e| e.path());
    for r in routes {
        let name = r.file_name().to_string_lossy().to_string();
        for (_, raw) in read_eml_dir(&r.path())? {
            out.push((name.clone(), raw));
        }
    }
    Ok(out)
}

/// Train on `train`, test on `test`, with the config's rules. `urgent` names test messages
/// (by index) that must come out urgent.
pub fn evaluate(
    config: &Config,
    train: &[(String, Vec<u8>)],
    test: &[(String, Vec<u8>)],
    urgent: &[usize],
) -> Evaluation {
    let mut model = Model::default();
    for (route, raw) in train {
        let m = crate::mail::parse(raw);
        model.learn(route, &m.subject, &m.text);
    }
    // As the daemon does: the model's say comes from its own evidence.
    model.weight = Some(evidence_weight(config, train));
    let mut labels: Vec<String> = config.routes.iter().map(|r| r.name.clone()).collect();
    labels.push(config.triage.name.clone());
    for (r, _) in test {
        if !labels.contains(r) {
            labels.push(r.clone());
        }
    }
    let idx = |l: &str| labels.iter().position(|x| x == l).unwrap_or(0);
    let mut confusion = vec![vec![0usize; labels.len()]; labels.len()];
    let (mut right, mut rules_right, mut model_right) = (0, 0, 0);
    let (mut urgent_missed, mut false_urgent) = (0, 0);
    for (i, (expected, raw)) in test.iter().enumerate() {
        // Through `intake`, as the daemon reads mail. Mail it would set aside as automatic is
        // routed here all the same: this scores the router, not the automatic-mail filter.
        let read = crate::intake::intake(config, Some(&model), raw);
        let m = &read.mail;
        let routed = |model| {
            crate::intake::route(
                config,
                model,
                m,
                read.sender.as_ref(),
                read.language,
                0,
                None,
            )
        };
        let d = read
            .decision
            .clone()
            .unwrap_or_else(|| routed(Some(&model)));
        let rules = routed(None);
        right += usize::from(d.route == *expected);
        rules_right += usize::from(rules.route == *expected);
        model_right += usize::from(
            model
                .predict(&m.subject, &m.text)
                .first()
                .is_some_and(|(c, _)| c == expected),
        );
        let is_urgent = d.priority == classify::Priority::Urgent;
        if urgent.contains(&i) {
            urgent_missed += usize::from(!is_urgent);
        } else if !urgent.is_empty() {
            false_urgent += usize::from(is_urgent);
        }
        if let Some(row) = confusion.get_mut(idx(expected))
            && let Some(cell) = row.get_mut(idx(&d.route))
        {
            *cell += 1;
        }
    }
    let routes = route_scores(&labels, &confusion);
    let n = test.len().max(1) as f64;
    Evaluation {
        train: train.len(),
        test: test.len(),
        accuracy: right as f64 / n,
        rules_only_accuracy: rules_right as f64 / n,
        model_only_accuracy: model_right as f64 / n,
        urgent: urgent.len(),
        urgent_missed,
        false_urgent,
        model_weight: config
            .routing
            .model_weight
            .or(model.weight)
            .unwrap_or_default(),
        to_triage: misroutes(&labels, &confusion, &config.triage.name).0,
        wrong_owner: misroutes(&labels, &confusion, &config.triage.name).1,
        routes,
        labels,
        confusion,
    }
}

/// (sent to triage though another route was right, sent to a wrong owner) from a confusion
/// matrix (`matrix[expected][predicted]`).
fn misroutes(labels: &[String], confusion: &[Vec<usize>], triage: &str) -> (usize, usize) {
    let (mut to_triage, mut wrong) = (0, 0);
    for (e, row) in confusion.iter().enumerate() {
        for (p, n) in row.iter().enumerate() {
            if e == p {
                continue;
            }
            if labels.get(p).is_some_and(|l| l == triage) {
                to_triage += n;
            } else {
                wrong += n;
            }
        }
    }
    (to_triage, wrong)
}

/// Stratified, grouped k-fold cross-validation on one labelled set. `groups` names where each
/// message came from (the template it was written from, a customer, a thread; empty for "on its
/// own"): a group never straddles folds, so a fold is tested on phrasings its model never saw,
/// as a held-out split is. Within each route, groups go to folds in turn; each fold is tested
/// on a model trained from the others, and the confusion matrices are summed. `urgent` flags
/// the messages that must come out urgent. This is how routing is tuned without looking at a
/// held-out split.
pub fn cross_validate(
    config: &Config,
    data: &[(String, Vec<u8>)],
    urgent: &[bool],
    groups: &[String],
    k: usize,
) -> Evaluation {
    let k = k.max(2);
    // (route, group) -> fold, and how many groups each route has handed out.
    let mut assigned: Vec<(&str, &str, usize)> = Vec::new();
    let mut per_route: Vec<(&str, usize)> = Vec::new();
    let folds: Vec<usize> = data
        .iter()
        .enumerate()
        .map(|(i, (route, _))| {
            let group = groups.get(i).map_or("", String::as_str);
            if !group.is_empty()
                && let Some((_, _, f)) = assigned
                    .iter()
                    .find(|(r, g, _)| *r == route.as_str() && *g == group)
            {
                return *f;
            }
            let n = match per_route.iter_mut().find(|(r, _)| *r == route.as_str()) {
                Some((_, n)) => {
                    *n += 1;
                    *n - 1
                }
                None => {
                    per_route.push((route, 1));
                    0
                }
            };
            if !group.is_empty() {
                assigned.push((route, group, n % k));
            }
            n % k
        })
        .collect();
    let mut total: Option<Evaluation> = None;
    let (mut right, mut rules_right, mut model_right) = (0.0, 0.0, 0.0);
    for f in 0..k {
        let mut train = Vec::new();
        let mut test = Vec::new();
        let mut urgent_idx = Vec::new();
        for (i, x) in data.iter().enumerate() {
            if folds.get(i) == Some(&f) {
                if urgent.get(i).copied().unwrap_or(false) {
                    urgent_idx.push(test.len());
                }
                test.push(x.clone());
            } else {
                train.push(x.clone());
            }
        }
        if test.is_empty() {
            continue;
        }
        let e = evaluate(config, &train, &test, &urgent_idx);
        let n = e.test as f64;
        right += e.accuracy * n;
        rules_right += e.rules_only_accuracy * n;
        model_right += e.model_only_accuracy * n;
        total = Some(match total {
            None => e,
            Some(mut t) => {
                t.train += e.train;
                t.test += e.test;
                t.urgent += e.urgent;
                t.urgent_missed += e.urgent_missed;
                t.false_urgent += e.false_urgent;
                t.model_weight += e.model_weight;
                for (row, erow) in t.confusion.iter_mut().zip(&e.confusion) {
                    for (c, ec) in row.iter_mut().zip(erow) {
                        *c += ec;
                    }
                }
                t
            }
        });
    }
    let Some(mut t) = total else {
        return evaluate(config, &[], &[], &[]);
    };
    let n = t.test.max(1) as f64;
    t.train /= k;
    t.accuracy = right / n;
    t.rules_only_accuracy = rules_right / n;
    t.model_only_accuracy = model_right / n;
    t.routes = route_scores(&t.labels, &t.confusion);
    t.model_weight /= k as f64;
    (t.to_triage, t.wrong_owner) = misroutes(&t.labels, &t.confusion, &config.triage.name);
    t
}

/// Precision and recall per label from a confusion matrix (`matrix[expected][predicted]`).
fn route_scores(labels: &[String], confusion: &[Vec<usize>]) -> Vec<RouteScore> {
    labels
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let tp = confusion
                .get(i)
                .and_then(|r| r.get(i))
                .copied()
                .unwrap_or(0) as f64;
            let predicted: usize = confusion
                .iter()
                .map(|r| r.get(i).copied().unwrap_or(0))
                .sum();
            let support: usize = confusion.get(i).map(|r| r.iter().sum()).unwrap_or(0);
            RouteScore {
                route: l.clone(),
                support,
                precision: if predicted == 0 {
                    0.0
                } else {
                    tp / predicted as f64
                },
                recall: if support == 0 {
                    0.0
                } else {
                    tp / support as f64
                },
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::testing::example_config as config;

    fn mail(subject: &str, body: &str) -> Vec<u8> {
        format!("From: c@customer.example\r\nSubject: {subject}\r\n\r\n{body}\r\n").into_bytes()
    }

    /// Mail no rule of the example config knows, labelled as a company would label it.
    fn history(per_route: usize) -> Vec<(String, Vec<u8>)> {
        let mut out = Vec::new();
        for i in 0..per_route {
            out.push((
                "billing".to_string(),
                mail(
                    &format!("points gone {i}"),
                    "my loyalty points vanished from the membership page",
                ),
            ));
            out.push((
                "shipping".to_string(),
                mail(
                    &format!("crushed box {i}"),
                    "the box arrived crushed and the lamp inside is dented",
                ),
            ));
        }
        out
    }

    #[test]
    fn a_model_earns_its_say_only_with_evidence_that_it_beats_the_rules() {
        let c = config();
        // Too few examples to judge: the rules alone.
        assert_eq!(evidence_weight(&c, &history(2)), 0.0);
        assert_eq!(evidence_weight(&c, &[]), 0.0);
        // Plenty, and the rules are silent on all of it: the model clearly helps.
        assert!(evidence_weight(&c, &history(15)) > 0.0);
        // Mail the rules already route right: the model adds nothing, so it gets no say.
        let rules_know: Vec<(String, Vec<u8>)> = (0..15)
            .flat_map(|i| {
                [
                    (
                        "billing".to_string(),
                        mail(&format!("refund {i}"), "please refund the invoice"),
                    ),
                    (
                        "shipping".to_string(),
                        mail(&format!("delivery {i}"), "the courier lost my package"),
                    ),
                ]
            })
            .collect();
        assert_eq!(evidence_weight(&c, &rules_know), 0.0);
    }
}
