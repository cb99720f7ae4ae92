//! Is the daemon alive, and is it ready to do its job? The loop and the watcher write what they
//! saw here (a turn, a good pass, a session up or down, the SMTP server's last answer); `/livez`,
//! `/readyz`, the watchdog and the metrics read it. The verdicts are pure and take the facts.

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::time::Duration;

use serde::Serialize;
use tokio::time::Instant;

/// `/livez` fails when the main loop has not turned for this long. The loop turns at least
/// every `HEARTBEAT` even while it waits or backs off, so only a pass stuck inside a call (a
/// hung query, a server that never answers) gets here.
pub const LIVE_WINDOW: Duration = Duration::from_secs(120);
/// How often the waiting loop turns to say it is alive (and to pet systemd's watchdog).
pub const HEARTBEAT: Duration = Duration::from_secs(15);
/// A mail due this long ago and still unsent means the sender is stuck.
pub const OUTBOX_STUCK_AFTER: Duration = Duration::from_secs(600);
/// An SMTP answer older than this is asked again when `/readyz` is read.
pub const SMTP_PROBE_EVERY: Duration = Duration::from_secs(30);

#[derive(Debug, Default)]
struct State {
    turned: Option<Instant>,
    work_ok: Option<Instant>,
    work_error: Option<String>,
    imap_ok: Option<Instant>,
    /// Each inbox's watcher: logged in, or the reason it is not.
    imap: BTreeMap<String, Result<(), Option<String>>>,
    /// How many inboxes the config has (a watcher that never reported counts as down).
    inboxes: usize,
    smtp: Option<(Instant, Result<(), String>)>,
    status: String,
}

/// What the daemon's parts last reported. Shared by the loop, the watcher, the sender and the
/// status server; survives a config reload.
#[derive(Debug)]
pub struct Health {
    started: Instant,
    state: Mutex<State>,
}

impl Default for Health {
    fn default() -> Self {
        Health {
            started: Instant::now(),
            state: Mutex::new(State::default()),
        }
    }
}

impl Health {
    fn with<T>(&self, f: impl FnOnce(&mut State) -> T) -> T {
        // A poisoned lock only means a panic elsewhere mid-update; the facts are still usable.
        let mut s = match self.state.lock() {
            Ok(s) => s,
            Err(p) => p.into_inner(),
        };
        f(&mut s)
    }

    /// The main loop turned (after a pass, or while it waits).
    pub fn turned(&self) {
        self.with(|s| s.turned = Some(Instant::now()));
    }

    /// A worker pass ended: Ok, or the error it ended with.
    pub fn worked(&self, result: Result<(), String>, status: Option<String>) {
        self.with(|s| {
            match result {
                Ok(()) => {
                    s.work_ok = Some(Instant::now());
                    s.work_error = None;
                }
                Err(e) => s.work_error = Some(e),
            }
            if let Some(status) = status {
                s.status = status;
            }
        });
    }

    /// How many inboxes the running config watches (set again on a reload).
    pub fn expect_inboxes(&self, inboxes: &[&str]) {
        self.with(|s| {
            s.inboxes = inboxes.len();
            s.imap.retain(|k, _| inboxes.contains(&k.as_str()));
        });
    }

    /// `inbox`'s watcher logged in (true), or lost or could not open its session (false,
    /// why). Returns whether every inbox is now connected.
    pub fn imap(&self, inbox: &str, connected: bool, error: Option<String>) -> bool {
        let all = self.with(|s| {
            let entry = s.imap.entry(inbox.to_string()).or_insert(Err(None));
            if connected {
                *entry = Ok(());
            } else if error.is_some() || entry.is_ok() {
                *entry = Err(error);
            }
            all_connected(s)
        });
        crate::observe::imap_connected(all);
        all
    }

    /// The inbox was read without error.
    pub fn imap_read(&self) {
        self.with(|s| s.imap_ok = Some(Instant::now()));
    }

    /// The SMTP server's latest answer to a connection (the sender's or a probe's).
    pub fn smtp(&self, result: Result<(), String>) {
        self.with(|s| s.smtp = Some((Instant::now(), result)));
    }

    /// The SMTP answer if it is recent enough to trust.
    pub fn smtp_recent(&self) -> Option<Result<(), String>> {
        self.with(|s| match &s.smtp {
            Some((at, r)) if at.elapsed() < SMTP_PROBE_EVERY => Some(r.clone()),
            _ => None,
        })
    }

    /// The last pass, in one line (systemd's STATUS=).
    pub fn status(&self) -> String {
        self.with(|s| s.status.clone())
    }

    pub fn facts(&self) -> Facts {
        let now = Instant::now();
        self.with(|s| Facts {
            since_start: now - self.started,
            since_turn: s.turned.map(|t| now - t),
            since_work_ok: s.work_ok.map(|t| now - t),
            work_error: s.work_error.clone(),
            since_imap_ok: s.imap_ok.map(|t| now - t),
            imap_connected: all_connected(s),
            imap_error: s.imap.values().find_map(|r| r.clone().err().flatten()),
        })
    }
}

fn all_connected(s: &State) -> bool {
    s.imap.values().filter(|r| r.is_ok()).count() >= s.inboxes.max(1)
}

/// The loop's state at one instant, for the pure verdicts below.
#[derive(Debug, Clone, Default)]
pub struct Facts {
    pub since_start: Duration,
    pub since_turn: Option<Duration>,
    pub since_work_ok: Option<Duration>,
    pub work_error: Option<String>,
    pub since_imap_ok: Option<Duration>,
    pub imap_connected: bool,
    pub imap_error: Option<String>,
}

/// One part's verdict.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Check {
    pub ok: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

impl Check {
    fn ok() -> Check {
        Check {
            ok: true,
            error: None,
        }
    }
    fn failing(why: impl Into<String>) -> Check {
        Check {
            ok: false,
            error: Some(why.into()),
        }
    }
}

/// `/readyz`'s answer: ready, the parts failing (by name) and every part's check.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Readiness {
    pub ready: bool,
    pub failing: Vec<&'static str>,
    pub checks: BTreeMap<&'static str, Check>,
}

/// What the outbox looks like now.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct OutboxFacts {
    pub depth: i64,
    /// How long the oldest due row has waited past its due time.
    pub overdue: Duration,
}

/// Ready means: the watcher holds an IMAP session, the SMTP server answered, the database
/// answered, and no due mail has waited longer than `OUTBOX_STUCK_AFTER`.
pub fn readiness(
    facts: &Facts,
    smtp: &Result<(), String>,
    database: &Result<OutboxFacts, String>,
) -> Readiness {
    let mut checks = BTreeMap::new();
    let imap = if facts.imap_connected {
        Check::ok()
    } else {
        Check::failing(
            facts
                .imap_error
                .clone()
                .unwrap_or_else(|| "not connected yet".into()),
        )
    };
    checks.insert("imap", imap);
    checks.insert(
        "smtp",
        match smtp {
            Ok(()) => Check::ok(),
            Err(e) => Check::failing(e.clone()),
        },
    );
    let (db, outbox) = match database {
        Ok(o) if o.overdue > OUTBOX_STUCK_AFTER => (
            Check::ok(),
            Check::failing(format!(
                "the oldest due mail has waited {} s (of {} pending); is the sender stuck?",
                o.overdue.as_secs(),
                o.depth
            )),
        ),
        Ok(_) => (Check::ok(), Check::ok()),
        Err(e) => (
            Check::failing(e.clone()),
            Check::failing("unknown: the database did not answer"),
        ),
    };
    checks.insert("database", db);
    checks.insert("outbox", outbox);
    let failing: Vec<&'static str> = checks
        .iter()
        .filter(|(_, c)| !c.ok)
        .map(|(name, _)| *name)
        .collect();
    Readiness {
        ready: failing.is_empty(),
        failing,
        checks,
    }
}

/// `/livez`'s answer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Liveness {
    pub live: bool,
    /// Seconds since the main loop last turned (since start when it never has).
    pub loop_turned_seconds_ago: f64,
}

pub fn liveness(facts: &Facts) -> Liveness {
    let since = facts.since_turn.unwrap_or(facts.since_start);
    Liveness {
        live: since <= LIVE_WINDOW,
        loop_turned_seconds_ago: (since.as_secs_f64() * 10.0).round() / 10.0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn up() -> Facts {
        Facts {
            imap_connected: true,
            since_turn: Some(Duration::from_secs(1)),
            ..Facts::default()
        }
    }

    #[test]
    fn ready_when_every_part_answers() {
        let r = readiness(&up(), &Ok(()), &Ok(OutboxFacts::default()));
        assert!(r.ready);
        assert!(r.failing.is_empty());
        assert_eq!(r.checks.len(), 4);
    }

    #[test]
    fn each_failing_part_is_named_with_its_reason() {
        let facts = Facts {
            imap_connected: false,
            imap_error: Some("IMAP login failed".into()),
            ..up()
        };
        let r = readiness(
            &facts,
            &Err("connection refused".into()),
            &Ok(OutboxFacts::default()),
        );
        assert!(!r.ready);
        assert_eq!(r.failing, ["imap", "smtp"]);
        assert_eq!(
            r.checks["smtp"].error.as_deref(),
            Some("connection refused")
        );
        assert_eq!(r.checks["imap"].error.as_deref(), Some("IMAP login failed"));
    }

    #[test]
    fn a_due_mail_waiting_too_long_is_a_stuck_outbox() {
        let waiting = OutboxFacts {
            depth: 3,
            overdue: OUTBOX_STUCK_AFTER + Duration::from_secs(1),
        };
        let r = readiness(&up(), &Ok(()), &Ok(waiting));
        assert_eq!(r.failing, ["outbox"]);
        let fresh = OutboxFacts {
            depth: 3,
            overdue: OUTBOX_STUCK_AFTER,
        };
        assert!(readiness(&up(), &Ok(()), &Ok(fresh)).ready);
    }

    #[test]
    fn a_silent_database_fails_database_and_outbox() {
        let r = readiness(&up(), &Ok(()), &Err("database is locked".into()));
        assert_eq!(r.failing, ["database", "outbox"]);
    }

    #[test]
    fn imap_is_up_only_when_every_inbox_is() {
        let h = Health::default();
        h.expect_inboxes(&["a@x.test", "b@x.test"]);
        assert!(!h.imap("a@x.test", true, None), "b has not logged in");
        assert!(!h.facts().imap_connected);
        assert!(h.imap("b@x.test", true, None));
        assert!(!h.imap("b@x.test", false, Some("b@x.test: refused".into())));
        let f = h.facts();
        assert!(!f.imap_connected);
        assert_eq!(f.imap_error.as_deref(), Some("b@x.test: refused"));
        h.expect_inboxes(&["a@x.test"]);
        assert!(h.facts().imap_connected, "a reload that drops b forgets it");
    }

    #[test]
    fn live_while_the_loop_turns() {
        assert!(liveness(&up()).live);
        let stuck = Facts {
            since_turn: Some(LIVE_WINDOW + Duration::from_secs(1)),
            ..up()
        };
        assert!(!liveness(&stuck).live);
        let starting = Facts {
            since_turn: None,
            since_start: Duration::from_secs(5),
            ..up()
        };
        assert!(liveness(&starting).live);
    }
}
