//! The loop: ingest, process, escalate, digest, send. `run_once` does everything due once;
//! `run` keeps doing it, waking on new mail (IMAP IDLE) or the next due instant.

use std::time::Duration;

use anyhow::{Context, Result};
use chrono::{DateTime, Utc};
use serde::Serialize;
use tokio_util::sync::CancellationToken;

use crate::app::App;
use crate::case::escalate;
use crate::clock::Clock;
use crate::digest;
use crate::ingest::{self, IngestOutcome};
use crate::outbox::{self, SendOutcome};
use crate::pipeline::{self, ProcessOutcome};

#[derive(Debug, Default, Clone, Copy, Serialize)]
pub struct Outcome {
    pub ingest: IngestOutcome,
    pub process: ProcessOutcome,
    pub escalated: usize,
    pub reminded: usize,
    pub digests: usize,
    pub send: SendOutcome,
    /// Webhook deliveries tried (`run --once` only: the daemon delivers on its own task).
    pub webhooks: crate::webhooks::DeliverOutcome,
}

/// Everything after ingest: decisions from the database, then the outbox.
pub async fn work_once(app: &App, now: DateTime<Utc>) -> Result<Outcome> {
    let process = pipeline::process_once(app, now).await?;
    // Cases a backfill opened and did not get to summarise (interrupted, or a message it
    // could not process at first): their owner's one summary.
    crate::backfill::summarise_once(app, now).await?;
    let resumed = pipeline::resume_waiting_once(app, now).await?;
    if let Err(e) = crate::routing::training::learn_new(app, now).await {
        tracing::warn!("the router could not learn new labels: {e:#}");
    }
    if resumed > 0 {
        tracing::info!(resumed, "paused cases are open again");
    }
    let reminded = escalate::remind_once(app, now).await?;
    let escalated = escalate::escalate_once(app, now).await?;
    if let Err(e) = crate::oauth::consent::notice_once(app, now).await {
        tracing::warn!("could not queue the OAuth2 consent notice: {e:#}");
    }
    let digests = match digest::digest_once(app, now).await {
        Ok(n) => n,
        Err(e) => {
            tracing::error!("digest failed: {e:#}");
            0
        }
    };
    let send = outbox::send_once(app, now).await?;
    Ok(Outcome {
        process,
        escalated,
        reminded,
        digests,
        send,
        ..Outcome::default()
    })
}

/// `qmark run --once`: fetch what is new in every inbox, then do everything that is due at
/// `now`. An inbox that cannot be read stops only itself (issue 13): the others are read, what
/// is due still happens (and the executives hear why), then the pass fails naming it.
pub async fn run_once(app: &App, now: DateTime<Utc>) -> Result<Outcome> {
    let mut ingest = IngestOutcome::default();
    let mut failed = None;
    for inbox in &app.config.inboxes {
        match ingest_inbox(app, inbox, now).await {
            Ok(o) => {
                ingest.fetched += o.fetched;
                ingest.stored += o.stored;
                ingest.duplicates += o.duplicates;
            }
            Err(e) => {
                tell_about_inbox(app, inbox, &e, now).await;
                let e = if app.config.inboxes.len() > 1 {
                    e.context(format!("reading {} ({})", inbox.address, inbox.key))
                } else {
                    e
                };
                failed.get_or_insert(e);
            }
        }
    }
    let mut outcome = work_once(app, now).await?;
    outcome.ingest = ingest;
    // After the mail: a slow receiver never delays a forward.
    outcome.webhooks = match crate::webhooks::deliver_once(app, now).await {
        Ok(o) => o,
        Err(e) => {
            tracing::error!("webhook pass failed: {e:#}");
            crate::webhooks::DeliverOutcome::default()
        }
    };
    match failed {
        Some(e) => Err(e),
        None => Ok(outcome),
    }
}

/// One inbox, once: connect, fetch and store what is new, log out.
async fn ingest_inbox(
    app: &App,
    inbox: &crate::config::Inbox,
    now: DateTime<Utc>,
) -> Result<IngestOutcome> {
    let mut session = ingest::connect_as(inbox, &app.tokens).await?;
    ingest::prepare(&mut session, inbox).await?;
    let got = ingest::ingest_once(app, inbox, &mut session, now).await?;
    ingest::logout(session).await;
    Ok(got)
}

/// An inbox's server refused qmark's password: only a person can fix that, so the executives
/// hear it once a day with the command that shows whether the fix worked. (A refused OAuth2
/// grant has its own notice, `oauth::consent::notice_once`; a dropped connection fixes itself
/// and is only logged.)
async fn tell_about_inbox(
    app: &App,
    inbox: &crate::config::Inbox,
    e: &anyhow::Error,
    now: DateTime<Utc>,
) {
    let Some(refused) = e
        .chain()
        .find_map(|c| c.downcast_ref::<ingest::LoginRefused>())
    else {
        return;
    };
    let headline = format!(
        "qmark cannot log in to the inbox {} (its password)",
        inbox.address
    );
    let detail = format!(
        "The IMAP server {}:{} refused the login as {}: {}.\n\nqmark keeps reading the other \
         inboxes and keeps every case, reminder and escalation it already has; it retries this \
         one with backoff and sends this notice once a day.\n\nFix: put the right password \
         where {}.password_env or {}.password_command finds it, restart qmark, and run: {}",
        inbox.host,
        inbox.port,
        refused.username,
        refused.why,
        inbox.key,
        inbox.key,
        app.config.check_command()
    );
    let key = format!(
        "inbox-login:{}:{}",
        inbox.address.without_tag(),
        now.format("%Y-%m-%d")
    );
    let queued = async {
        let mut tx = app.store.write().await?;
        crate::outgoing::notice_executives(
            &mut tx,
            app,
            &key,
            None,
            &headline,
            "",
            inbox.address.as_str(),
            &detail,
            now,
        )
        .await?;
        tx.commit().await.context("committing the inbox notice")
    };
    if let Err(e) = queued.await {
        tracing::warn!("could not queue the notice about {}: {e:#}", inbox.address);
    }
}

/// When the worker must wake next even if no mail arrives: the next outbox retry, reminder,
/// rung or digest, never later than a minute (a backstop against clock jumps).
async fn next_wake(app: &App, now: DateTime<Utc>) -> Duration {
    let mut next = now + chrono::Duration::seconds(60);
    if let Ok(Some(t)) = app.store.next_outbox_due().await {
        next = next.min(t);
    }
    if let Ok(Some(t)) = escalate::next_due(app, now).await {
        next = next.min(t);
    }
    if let Some(t) = digest::next_instant(app, now) {
        next = next.min(t);
    }
    if let Ok(Some(t)) = app.store.next_resume().await {
        next = next.min(t);
    }
    (next - now)
        .to_std()
        .unwrap_or(Duration::ZERO)
        .max(Duration::from_millis(200))
}

/// The daemon. One watcher per inbox stores its new mail and pokes the worker; the worker
/// acts on the database. Each watcher reconnects with its own backoff, so an inbox that fails
/// (a revoked consent, a wrong password) leaves the others and the worker running. Stops when
/// `cancel` fires.
pub async fn run(app: std::sync::Arc<App>, clock: Clock, cancel: CancellationToken) -> Result<()> {
    let notify = std::sync::Arc::new(tokio::sync::Notify::new());

    let addresses: Vec<&str> = app
        .config
        .inboxes
        .iter()
        .map(|i| i.address.as_str())
        .collect();
    app.health.expect_inboxes(&addresses);
    let watchers: Vec<_> = app
        .config
        .inboxes
        .iter()
        .map(|inbox| {
            let app = app.clone();
            let inbox = inbox.clone();
            let notify = notify.clone();
            let cancel = cancel.clone();
            tokio::spawn(async move { watch_inbox(&app, &inbox, clock, &notify, &cancel).await })
        })
        .collect();
    // Webhooks on their own task: a receiver that hangs never holds up the mail.
    let hooks_wake = std::sync::Arc::new(tokio::sync::Notify::new());
    let hooks = (!app.config.webhooks.is_empty()).then(|| {
        tokio::spawn(crate::webhooks::run(
            app.clone(),
            clock,
            hooks_wake.clone(),
            cancel.clone(),
        ))
    });

    let mut failures = 0u32;
    while !cancel.is_cancelled() {
        let now = clock.now();
        match work_once(&app, now).await {
            Ok(o) => {
                failures = 0;
                if o.process.processed + o.escalated + o.reminded + o.digests + o.send.sent > 0 {
                    tracing::info!(?o, "worked");
                }
                app.health.worked(Ok(()), Some(status_line(&o, now)));
            }
            Err(e) => {
                failures += 1;
                tracing::error!("work pass failed: {e:#}");
                let line = format!("last pass failed at {}: {e:#}", now.format("%H:%M:%S UTC"));
                app.health.worked(Err(format!("{e:#}")), Some(line));
            }
        }
        crate::systemd::status(&app.health.status());
        hooks_wake.notify_one();
        let wait = if failures > 0 {
            crate::clock::backoff(i64::from(failures.min(6))).min(Duration::from_secs(300))
        } else {
            next_wake(&app, clock.now()).await
        };
        wait_turning(&app, &notify, &cancel, wait).await;
    }
    for watcher in watchers {
        watcher.await.context("an inbox watcher panicked")?;
    }
    if let Some(hooks) = hooks {
        hooks.await.context("the webhook sender panicked")?;
    }
    Ok(())
}

/// Wait for new mail, the next due instant or the end, turning every `HEARTBEAT` meanwhile:
/// each turn tells `/livez` and systemd's watchdog that the loop is not stuck, so a long
/// backoff never looks like a hang and a real hang (a call that never returns) does.
async fn wait_turning(
    app: &App,
    notify: &tokio::sync::Notify,
    cancel: &CancellationToken,
    wait: Duration,
) {
    let until = tokio::time::Instant::now() + wait;
    loop {
        app.health.turned();
        crate::systemd::watchdog();
        let left = until.saturating_duration_since(tokio::time::Instant::now());
        if left.is_zero() {
            return;
        }
        tokio::select! {
            _ = notify.notified() => return,
            _ = tokio::time::sleep(left.min(crate::health::HEARTBEAT)) => {}
            _ = cancel.cancelled() => return,
        }
    }
}

/// The last pass in one line (systemd's STATUS=, `systemctl status qmark`).
fn status_line(o: &Outcome, now: DateTime<Utc>) -> String {
    format!(
        "last pass {}: {} processed, {} new cases, {} reminders, {} rungs, {} sent, {} to retry, {} failed",
        now.format("%H:%M:%S UTC"),
        o.process.processed,
        o.process.new_cases,
        o.reminded,
        o.escalated,
        o.send.sent,
        o.send.retried,
        o.send.failed
    )
}

/// Keep an IMAP session with `inbox`: ingest, IDLE, repeat; reconnect with backoff on any
/// error.
async fn watch_inbox(
    app: &App,
    inbox: &crate::config::Inbox,
    clock: Clock,
    notify: &tokio::sync::Notify,
    cancel: &CancellationToken,
) {
    let mut failures = 0i64;
    while !cancel.is_cancelled() {
        let started = tokio::time::Instant::now();
        match watch_session(app, inbox, clock, notify, cancel).await {
            // A session ends without error when cancelled, or to renew its OAuth2 token.
            Ok(()) => {
                failures = 0;
                app.health.imap(inbox.address.as_str(), false, None);
            }
            Err(e) => {
                let why = format!("{}: {e:#}", inbox.address);
                app.health.imap(inbox.address.as_str(), false, Some(why));
                // A session that worked for a while before failing starts the count again;
                // otherwise every failure in the daemon's life would add to the backoff.
                if started.elapsed() > Duration::from_secs(60) {
                    failures = 0;
                }
                failures += 1;
                // The first failures are usually a server restart or a dropped connection:
                // try again after 1, 3 and 10 s before the long backoff (issue 6 fault test:
                // a restarted Dovecot refuses the first attempt while it starts up).
                let wait = match failures {
                    1 => Duration::from_secs(1),
                    2 => Duration::from_secs(3),
                    3 => Duration::from_secs(10),
                    n => crate::clock::backoff((n - 3).min(4)).min(Duration::from_secs(300)),
                };
                tracing::error!(
                    inbox = %inbox.address,
                    "inbox connection failed ({failures} in a row), retrying in {wait:?}: {e:#}"
                );
                tell_about_inbox(app, inbox, &e, clock.now()).await;
                tokio::select! {
                    _ = tokio::time::sleep(wait) => {}
                    _ = cancel.cancelled() => return,
                }
            }
        }
    }
}

async fn watch_session(
    app: &App,
    inbox: &crate::config::Inbox,
    clock: Clock,
    notify: &tokio::sync::Notify,
    cancel: &CancellationToken,
) -> Result<()> {
    let mut session = ingest::connect_as(inbox, &app.tokens).await?;
    let idle = ingest::prepare(&mut session, inbox).await? && inbox.idle;
    // Issue 13: re-open the session before its OAuth2 token expires (Exchange ends it then);
    // the cursor is in the database, so nothing is fetched twice or missed.
    // At least a minute apart, so a provider's very short-lived tokens cannot spin the loop.
    let renew_at = app
        .tokens
        .renew_at(&inbox.username)
        .await
        .map(|t| t.max(clock.now() + chrono::Duration::seconds(60)));
    tracing::info!(inbox = %inbox.address, host = %inbox.host, mailbox = %inbox.mailbox, idle, "watching the inbox");
    // The database opened with the app and this inbox just logged in: once every inbox has,
    // qmark is ready (issue 14). Said again after a reconnect or a reload, which systemd takes
    // as the end of the reload.
    if app.health.imap(inbox.address.as_str(), true, None) {
        crate::systemd::ready(&format!("watching {} inbox(es)", app.config.inboxes.len()));
    }
    while !cancel.is_cancelled() {
        let got = ingest::ingest_once(app, inbox, &mut session, clock.now()).await?;
        app.health.imap_read();
        if got.stored > 0 {
            notify.notify_one();
        }
        let poll = crate::oauth::until_renewal(inbox.poll_interval, renew_at, clock.now());
        let Some(poll) = poll else { break };
        session = ingest::wait(session, idle, poll, cancel).await?;
    }
    ingest::logout(session).await;
    Ok(())
}
