//! What an operator can watch: every metric qmark exports, by name, and the one function per
//! event that records it. The shell calls these where the event happens (a batch committed, a
//! mail accepted by the server, a login refused); the pure core never does.
//!
//! Without `[metrics]` no recorder is installed and every call here is a no-op (the `metrics`
//! crate's default), so the daemon pays nothing for metrics it does not serve.

use std::time::Duration;

/// What kind of series a family is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Counter,
    Gauge,
    /// In seconds.
    Histogram,
}

/// One metric family: its name, its kind and its `# HELP` text.
#[derive(Debug, Clone, Copy)]
pub struct Family {
    pub name: &'static str,
    pub kind: Kind,
    pub help: &'static str,
}

/// Each family once: a constant for its name (what the recording functions below use) and its
/// row in `FAMILIES` (what `describe` and the checks read).
macro_rules! families {
    ($($(#[$doc:meta])* $name:ident = $text:literal, $kind:ident, $help:literal;)*) => {
        $($(#[$doc])* pub const $name: &str = $text;)*

        /// Every metric family qmark exports. `contrib/` must use these names and no others
        /// (`scripts/check-metric-names` and the tests check both ways).
        pub const FAMILIES: &[Family] = &[
            $(Family { name: $name, kind: Kind::$kind, help: $help },)*
        ];
    };
}

// name = exported name, kind, `# HELP` text
families! {
    /// Messages processed, by what they turned out to be (`kind`: complaint, follow_up, answer, …).
    MESSAGES_INGESTED = "qmark_messages_ingested_total", Counter,
        "Messages processed, by what they were";
    /// Cases opened, by `route` and `priority`.
    CASES_OPENED = "qmark_cases_opened_total", Counter, "Cases opened, by route and priority";
    /// From the complaint's arrival (stored) to its `?` forward accepted by the SMTP server.
    FORWARD_LATENCY = "qmark_forward_latency_seconds", Histogram,
        "From a complaint's arrival to its forward accepted by the SMTP server";
    /// Mail waiting in the outbox (pending rows, held ones included).
    OUTBOX_DEPTH = "qmark_outbox_depth", Gauge, "Pending outbox rows";
    /// Age of the oldest pending outbox row, 0 when none.
    OUTBOX_OLDEST_AGE = "qmark_outbox_oldest_pending_age_seconds", Gauge,
        "Age of the oldest pending outbox row";
    /// How long the oldest row that is due has waited past its due time (a stuck sender).
    OUTBOX_OVERDUE = "qmark_outbox_overdue_seconds", Gauge,
        "How long the oldest due outbox row is past due";
    /// Sends that did not succeed, by `class`: transient (will retry), permanent (5xx, failed),
    /// gave_up (too many transient failures, failed).
    SEND_FAILURES = "qmark_send_failures_total", Counter, "Sends that failed, by class";
    /// 1 while every inbox's watcher holds a logged-in IMAP session.
    IMAP_CONNECTED = "qmark_imap_connected", Gauge, "1 while an IMAP session is logged in";
    /// Seconds since the inbox was last read without error.
    IMAP_LAST_PASS_AGE = "qmark_imap_seconds_since_last_good_pass", Gauge,
        "Seconds since the inbox was last read";
    /// Seconds since the worker's last pass without error (process, escalate, digest, send).
    WORK_LAST_PASS_AGE = "qmark_seconds_since_last_good_pass", Gauge,
        "Seconds since the last worker pass without error";
    /// Logins refused by the IMAP or SMTP server (`server`): a password or token to renew.
    AUTH_FAILURES = "qmark_auth_failures_total", Counter, "Logins refused, by server";
    /// Open cases, by `rung` (0: with the owner, 1: `??`, 2: `???`).
    OPEN_CASES = "qmark_open_cases", Gauge, "Open cases, by rung";
    /// From a case's opening to its first answer by the owner or an executive.
    FIRST_ANSWER = "qmark_time_to_first_answer_seconds", Histogram,
        "From a case's opening to its first answer";
    /// 1 when `/readyz` would answer ready (IMAP, SMTP, database, outbox; on a standby: it
    /// reaches the database, so it could take over).
    READY = "qmark_ready", Gauge, "1 when /readyz answers ready";
    /// 1 while this process leads (holds the run lock and does the work), 0 while it waits as
    /// a standby (PostgreSQL, issue 15). Across a fleet exactly one should be 1.
    LEADER = "qmark_leader", Gauge, "1 while this process leads, 0 while it waits as a standby";
    /// Webhook delivery attempts, by `outcome`: delivered (2xx), retried (408, 429, 5xx, no
    /// answer; tried again later), failed (given up: another 4xx, or too many tries).
    WEBHOOK_DELIVERIES = "qmark_webhook_deliveries_total", Counter,
        "Webhook delivery attempts, by outcome (delivered, retried, failed)";
}

/// Whether qmark exports a family of this name.
pub fn exports(name: &str) -> bool {
    FAMILIES.iter().any(|f| f.name == name)
}

/// Buckets for the latency histograms, in seconds: a forward takes about half a second on a
/// healthy server (docs/benchmarks.md) and hours when held for working hours; answers take
/// minutes to days.
pub const FORWARD_BUCKETS: &[f64] = &[
    0.25, 0.5, 1.0, 2.0, 5.0, 15.0, 60.0, 300.0, 1800.0, 3600.0, 14400.0, 86400.0,
];
pub const ANSWER_BUCKETS: &[f64] = &[
    300.0, 900.0, 1800.0, 3600.0, 7200.0, 14400.0, 28800.0, 86400.0, 172800.0, 604800.0,
];

/// Say what each family means, so `/metrics` carries `# HELP` lines.
pub fn describe() {
    use metrics::{describe_counter, describe_gauge, describe_histogram};
    for f in FAMILIES {
        match f.kind {
            Kind::Counter => describe_counter!(f.name, f.help),
            Kind::Gauge => describe_gauge!(f.name, f.help),
            Kind::Histogram => describe_histogram!(f.name, metrics::Unit::Seconds, f.help),
        }
    }
}

pub fn message_ingested(kind: &'static str) {
    metrics::counter!(MESSAGES_INGESTED, "kind" => kind).increment(1);
}

pub fn case_opened(route: &str, priority: &'static str) {
    metrics::counter!(CASES_OPENED, "route" => route.to_string(), "priority" => priority)
        .increment(1);
}

pub fn forwarded(after: Duration) {
    metrics::histogram!(FORWARD_LATENCY).record(after.as_secs_f64());
}

pub fn first_answer(after: Duration) {
    metrics::histogram!(FIRST_ANSWER).record(after.as_secs_f64());
}

/// How a send failed, as the outbox decided.
#[derive(Debug, Clone, Copy)]
pub enum SendFailure {
    Transient,
    Permanent,
    GaveUp,
}

pub fn send_failed(class: SendFailure) {
    let class = match class {
        SendFailure::Transient => "transient",
        SendFailure::Permanent => "permanent",
        SendFailure::GaveUp => "gave_up",
    };
    metrics::counter!(SEND_FAILURES, "class" => class).increment(1);
}

/// What became of one webhook delivery attempt.
#[derive(Debug, Clone, Copy)]
pub enum WebhookOutcome {
    Delivered,
    Retried,
    Failed,
}

pub fn webhook(outcome: WebhookOutcome) {
    let outcome = match outcome {
        WebhookOutcome::Delivered => "delivered",
        WebhookOutcome::Retried => "retried",
        WebhookOutcome::Failed => "failed",
    };
    metrics::counter!(WEBHOOK_DELIVERIES, "outcome" => outcome).increment(1);
}

/// A login the server refused (`server`: "imap" or "smtp").
pub fn auth_failed(server: &'static str) {
    metrics::counter!(AUTH_FAILURES, "server" => server).increment(1);
}

pub fn imap_connected(up: bool) {
    metrics::gauge!(IMAP_CONNECTED).set(if up { 1.0 } else { 0.0 });
}

/// The gauges read from the database and the loop's state at each scrape.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Snapshot {
    pub outbox_depth: i64,
    pub outbox_oldest_age: f64,
    pub outbox_overdue: f64,
    pub open_by_rung: Vec<(i64, i64)>,
    pub imap_last_pass_age: Option<f64>,
    pub work_last_pass_age: Option<f64>,
    pub ready: bool,
}

/// This process leads (true) or waits as a standby.
pub fn leading(leads: bool) {
    metrics::gauge!(LEADER).set(if leads { 1.0 } else { 0.0 });
}

/// A standby's readiness: whether it could take over now.
pub fn standby_ready(ready: bool) {
    metrics::gauge!(READY).set(if ready { 1.0 } else { 0.0 });
}

pub fn set_snapshot(s: &Snapshot) {
    metrics::gauge!(OUTBOX_DEPTH).set(s.outbox_depth as f64);
    metrics::gauge!(OUTBOX_OLDEST_AGE).set(s.outbox_oldest_age);
    metrics::gauge!(OUTBOX_OVERDUE).set(s.outbox_overdue);
    // Every rung the ladder has, so a rung that empties reads 0 instead of its last count.
    for rung in 0..=2 {
        let n = s
            .open_by_rung
            .iter()
            .find(|(r, _)| *r == rung)
            .map_or(0, |(_, n)| *n);
        metrics::gauge!(OPEN_CASES, "rung" => rung.to_string()).set(n as f64);
    }
    for (rung, n) in s.open_by_rung.iter().filter(|(r, _)| !(0..=2).contains(r)) {
        metrics::gauge!(OPEN_CASES, "rung" => rung.to_string()).set(*n as f64);
    }
    // Never read yet: as old as the process, which the alert treats as stale.
    if let Some(age) = s.imap_last_pass_age {
        metrics::gauge!(IMAP_LAST_PASS_AGE).set(age);
    }
    if let Some(age) = s.work_last_pass_age {
        metrics::gauge!(WORK_LAST_PASS_AGE).set(age);
    }
    metrics::gauge!(READY).set(if s.ready { 1.0 } else { 0.0 });
}

/// The metric families a text (an alert file, a dashboard) names: every `qmark_…` word, with a
/// histogram's `_bucket`, `_sum` and `_count` series folded into their family.
pub fn names_in(text: &str) -> std::collections::BTreeSet<String> {
    let mut found = std::collections::BTreeSet::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    while let Some(at) = text.get(i..).and_then(|t| t.find("qmark_")) {
        let start = i + at;
        let before_ok = start == 0
            || bytes
                .get(start - 1)
                .is_some_and(|b| !(b.is_ascii_alphanumeric() || *b == b'_'));
        let end = text
            .get(start..)
            .and_then(|t| t.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')))
            .map_or(text.len(), |n| start + n);
        if before_ok && let Some(word) = text.get(start..end) {
            found.insert(family(word).to_string());
        }
        i = end.max(start + 1);
    }
    found
}

/// `qmark_x_seconds_bucket` → `qmark_x_seconds` when that is a histogram we export.
fn family(series: &str) -> &str {
    for suffix in ["_bucket", "_sum", "_count"] {
        if let Some(base) = series.strip_suffix(suffix)
            && exports(base)
        {
            return base;
        }
    }
    series
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_in_folds_histogram_series_and_skips_longer_words() {
        let text = "rate(qmark_forward_latency_seconds_bucket[5m]) + qmark_outbox_depth \
                    and xqmark_nothing, {{qmark_open_cases}} qmark_made_up_total";
        let got: Vec<String> = names_in(text).into_iter().collect();
        assert_eq!(
            got,
            [
                "qmark_forward_latency_seconds",
                "qmark_made_up_total",
                "qmark_open_cases",
                "qmark_outbox_depth"
            ]
        );
    }

    /// The alert rules and the dashboard in contrib/ name only metrics qmark exports, and every
    /// exported metric is on the dashboard.
    #[test]
    fn contrib_files_use_exactly_the_exported_names() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("contrib");
        let known: std::collections::BTreeSet<String> =
            FAMILIES.iter().map(|f| f.name.to_string()).collect();
        let mut dashboard = None;
        for file in ["prometheus-alerts.yml", "grafana-dashboard.json"] {
            let text = std::fs::read_to_string(root.join(file)).expect("contrib file exists");
            let used = names_in(&text);
            assert!(!used.is_empty(), "{file} names no qmark metric");
            let unknown: Vec<_> = used.difference(&known).collect();
            assert!(
                unknown.is_empty(),
                "{file} names metrics qmark does not export: {unknown:?}"
            );
            if file.ends_with(".json") {
                serde_json::from_str::<serde_json::Value>(&text).expect("dashboard is JSON");
                dashboard = Some(used);
            }
        }
        let dashboard = dashboard.expect("dashboard read");
        let missing: Vec<_> = known.difference(&dashboard).collect();
        assert!(
            missing.is_empty(),
            "the dashboard does not show {missing:?}"
        );
    }
}
