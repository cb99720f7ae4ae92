//! `qmark backfill`: a first install on a mailbox that already holds mail.
//!
//! Every message that arrived on or after `--since` is stored through the daemon's own
//! `ingest::store_chunk` and processed by the daemon's own `pipeline::process_once`, so nothing
//! is decided differently; the messages are only marked as backfilled, which makes their cases
//! open quietly (no `?` forward, no acknowledgment, no urgent notice, automatic mail recorded
//! and not acted on). Each owner then gets one summary listing their cases, each with its reply
//! address, queued through `outgoing` in the transaction that marks those cases summarised.
//!
//! Interrupting is safe at any point: stored messages are skipped on the next run (the same
//! bytes are a duplicate), unprocessed ones are processed, and a case leaves the "summary due"
//! state only in the transaction that queues its summary, so it is listed exactly once. Until a
//! backfill finishes, `qmark run` refuses to start (it would take the older mail that backfill
//! leaves behind, or forward what backfill meant to summarise).

use std::time::Instant;

use anyhow::{Context, Result};
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use crate::app::App;
use crate::clock::Clock;
use crate::mail::address::Address;
use crate::mail::compose::{Body, Head};
use crate::outgoing::{Draft, Purpose, digest_head, queue};
use crate::store::{self, CaseRow};

/// The setting that says a backfill started and has not finished (its mailbox and date).
pub const UNFINISHED: &str = "backfill_unfinished";
/// Messages fetched, stored and processed per step.
const CHUNK: usize = 200;

#[derive(Debug, Default, Clone, Copy, Serialize)]
pub struct BackfillOutcome {
    /// Messages in the mailbox when the backfill began.
    pub in_mailbox: usize,
    /// Of those, arrived before `--since`: left alone, and behind the cursor.
    pub before_since: usize,
    pub stored: usize,
    /// Already in the database (an earlier, interrupted run, or the daemon).
    pub already_stored: usize,
    pub processed: usize,
    pub new_cases: usize,
    pub failed: usize,
    /// Summary mails queued, and the cases they list.
    pub summaries: usize,
    pub summarised_cases: usize,
    pub sent: usize,
}

/// If a backfill started and did not finish, the arguments that finish it.
pub async fn unfinished(app: &App) -> Result<Option<String>> {
    app.store.setting(UNFINISHED).await
}

/// Which inboxes a backfill reads: every `[[inbox]]` (the default), or the one `--inbox`
/// names, optionally in another mailbox than its own (`--mailbox`).
#[derive(Debug, Clone, Copy, Default)]
pub struct Pick<'a> {
    pub inbox: Option<&'a str>,
    pub mailbox: Option<&'a str>,
}

/// The inboxes `pick` names, each with the mailbox to read. A `--mailbox` with several inboxes
/// and no `--inbox` is refused: which inbox's account holds that mailbox?
fn chosen<'a>(app: &'a App, pick: Pick<'a>) -> Result<Vec<(&'a crate::config::Inbox, &'a str)>> {
    let inboxes: Vec<&crate::config::Inbox> = match pick.inbox {
        Some(a) => vec![app.config.inbox_for(a).with_context(|| {
            format!(
                "--inbox {a}: no [[inbox]] has that address; use one of: {}",
                addresses(app)
            )
        })?],
        None => app.config.inboxes.iter().collect(),
    };
    if pick.mailbox.is_some() && pick.inbox.is_none() && inboxes.len() > 1 {
        anyhow::bail!(
            "--mailbox with several inboxes: name the inbox it belongs to with --inbox (one of: {})",
            addresses(app)
        );
    }
    Ok(inboxes
        .into_iter()
        .map(|i| (i, pick.mailbox.unwrap_or(&i.mailbox)))
        .collect())
}

fn addresses(app: &App) -> String {
    app.config.inbox_addresses()
}

/// The arguments that finish an interrupted backfill, for `qmark run`'s refusal.
fn finish_args(since: NaiveDate, pick: Pick<'_>) -> String {
    let mut args = format!("--since {since}");
    for (flag, value) in [("--inbox", pick.inbox), ("--mailbox", pick.mailbox)] {
        if let Some(v) = value {
            args.push_str(&format!(" {flag} {}", crate::config::oauth::shell_word(v)));
        }
    }
    args
}

/// Backfill every inbox `pick` names from `since` on, each from its own cursor, then send each
/// owner one summary. `progress` is told as it goes.
pub async fn backfill(
    app: &App,
    clock: Clock,
    since: NaiveDate,
    pick: Pick<'_>,
    progress: &mut Progress,
) -> Result<BackfillOutcome> {
    let inboxes = chosen(app, pick)?;
    let earlier = unfinished(app).await?;
    app.store
        .set_setting(UNFINISHED, &finish_args(since, pick))
        .await?;
    let mut outcome = BackfillOutcome::default();
    for (inbox, mailbox) in inboxes {
        let done = backfill_inbox(app, clock, since, inbox, mailbox, progress, &mut outcome).await;
        if let Err(e) = done {
            let e = e.context(format!("backfilling {} ({})", inbox.address, inbox.key));
            // Failing before it took anything (a mistyped --mailbox, a server that refuses),
            // this run leaves nothing to finish: the mark would only keep `qmark run` from
            // starting and send the operator back to the same failing command.
            if earlier.is_none() && outcome.stored == 0 {
                app.store.delete_setting(UNFINISHED).await?;
                return Err(e.context("nothing was taken in; `qmark run` may start as before"));
            }
            return Err(e);
        }
    }
    // Messages an earlier, interrupted run stored but did not process.
    let rest = crate::pipeline::process_once(app, clock.now()).await?;
    outcome.processed += rest.processed;
    outcome.new_cases += rest.new_cases;
    outcome.failed += rest.failed;
    (outcome.summaries, outcome.summarised_cases) = summarise_once(app, clock.now()).await?;
    progress.finish(&outcome);
    outcome.sent = crate::outbox::send_once(app, clock.now()).await?.sent;
    // A message that failed is retried by the daemon like any other (quietly: the mark is on
    // the message) and its case summarised there (`runner::work_once`).
    app.store.delete_setting(UNFINISHED).await?;
    Ok(outcome)
}

/// One inbox's mailbox: store and process every message since `since`, chunk by chunk, then
/// move its cursor past the older mail it leaves.
async fn backfill_inbox(
    app: &App,
    clock: Clock,
    since: NaiveDate,
    inbox: &crate::config::Inbox,
    mailbox: &str,
    progress: &mut Progress,
    outcome: &mut BackfillOutcome,
) -> Result<()> {
    let public = inbox.address.without_tag();
    // The first inbox inherits the cursor of a database from before several inboxes.
    let first = inbox.key == app.config.inbox.key;
    let mut session = crate::ingest::connect_as(inbox, &app.tokens).await?;
    crate::ingest::prepare(&mut session, inbox).await?;
    let (uidvalidity, top, in_mailbox, uids) =
        crate::ingest::backfill_uids(&mut session, mailbox, since).await?;
    outcome.in_mailbox += in_mailbox;
    outcome.before_since += in_mailbox.saturating_sub(uids.len());
    let mut cursor = match app.store.cursor(public.as_str(), mailbox, first).await? {
        Some((v, last)) if v == uidvalidity => last,
        _ => 0,
    };
    progress.start(inbox.address.as_str(), uids.len());
    for chunk in uids.chunks(CHUNK) {
        let at = crate::ingest::Place {
            inbox,
            public: public.as_str(),
            mailbox,
            uidvalidity,
            floor: 0,
            cursor,
            first,
        };
        let taken =
            crate::ingest::store_chunk(app, &mut session, &at, chunk, true, clock.now()).await?;
        cursor = cursor.max(chunk.last().copied().unwrap_or(0));
        outcome.stored += taken.stored;
        outcome.already_stored += taken.duplicates;
        let processed = crate::pipeline::process_once(app, clock.now()).await?;
        outcome.processed += processed.processed;
        outcome.new_cases += processed.new_cases;
        outcome.failed += processed.failed;
        progress.advance(chunk.len(), outcome.new_cases);
    }
    // Everything up to the highest UID seen at the start is now decided: taken, or older than
    // `--since` and deliberately left. The daemon starts after it.
    if top > cursor {
        let mut tx = app.store.write().await?;
        let at = store::Source {
            inbox: public.as_str(),
            mailbox,
            uidvalidity,
            uid: top,
        };
        store::set_cursor(&mut tx, at, first).await?;
        tx.commit()
            .await
            .context("committing the backfill's cursor")?;
    }
    crate::ingest::logout(session).await;
    Ok(())
}

#[derive(Serialize)]
struct SummaryItem {
    case_id: i64,
    subject: String,
    urgent: bool,
    customer: String,
    written: String,
    deadline: String,
    problem: Option<String>,
    excerpt: String,
    reply_to: String,
}

#[derive(Serialize)]
struct SummaryView {
    count: usize,
    one: bool,
    public: String,
    cases: Vec<SummaryItem>,
}

/// Queue one summary per owner of the cases backfill opened that no summary has listed yet,
/// each case marked summarised in the same transaction. Returns (mails, cases).
pub async fn summarise_once(app: &App, now: DateTime<Utc>) -> Result<(usize, usize)> {
    // A read first: the daemon asks on every pass, and almost always nothing is due.
    let mut conn = app.store.pool().acquire().await?;
    if store::cases_summary_due(&mut conn).await?.is_empty() {
        return Ok((0, 0));
    }
    drop(conn);
    let mut tx = app.store.write().await?;
    let due = store::cases_summary_due(&mut tx).await?;
    let mut mails = 0;
    let mut listed = 0;
    for group in due.chunk_by(|a, b| a.owner == b.owner) {
        let Some(first) = group.first() else {
            continue;
        };
        let owner = Address::parse(first.owner.as_str()).with_context(|| {
            format!(
                "case {}'s owner {:?} is not an address",
                first.id, first.owner
            )
        })?;
        let mut items = Vec::new();
        for case in group {
            let raw = store::complaint_raw(&mut tx, case.id).await?;
            items.push(summary_item(app, case, &owner, raw.as_deref(), now));
        }
        let view = SummaryView {
            count: items.len(),
            one: items.len() == 1,
            public: app.config.inbox.address.to_string(),
            cases: items,
        };
        let text = app.templates.text("backfill_summary.txt", &view)?;
        let head = Head {
            subject: format!(
                "? {} customer complaint{} from before qmark, now yours",
                view.count,
                if view.one { "" } else { "s" }
            ),
            ..digest_head(app, vec![owner.clone()], now)
        };
        queue(
            &mut tx,
            app,
            Draft {
                key: format!("backfill_summary:{owner}:{}", first.id),
                case_id: None,
                purpose: Purpose::BackfillSummary,
                head,
                body: Body::text(text),
                urgent: view.cases.iter().any(|c| c.urgent),
            },
            now,
        )
        .await?;
        for case in group {
            store::set_summary_due(&mut tx, case.id, false).await?;
            store::Event::on(case.id, "summarised")
                .record(
                    &mut tx,
                    now,
                    &format!(
                        "listed in the backfill summary to {owner} with {} other case(s)",
                        view.count - 1
                    ),
                )
                .await?;
        }
        mails += 1;
        listed += view.count;
    }
    tx.commit()
        .await
        .context("committing the backfill summaries")?;
    Ok((mails, listed))
}

/// One case as its owner reads it in the summary.
fn summary_item(
    app: &App,
    case: &CaseRow,
    owner: &Address,
    raw: Option<&[u8]>,
    now: DateTime<Utc>,
) -> SummaryItem {
    let route = app.config.route(&case.route).unwrap_or(&app.config.triage);
    let reader = crate::mail::when::Reader::employee(&app.config, route, owner);
    let mail = raw.map(crate::mail::parse);
    let written = mail.as_ref().and_then(|m| m.date).unwrap_or(case.opened_at);
    let written = reader.at(written, now);
    let customer = match &case.customer_name {
        Some(n) => format!("{n} <{}>", case.customer_text()),
        None => case.customer_text().to_string(),
    };
    SummaryItem {
        case_id: case.id,
        subject: case.subject.clone(),
        urgent: case.priority == crate::routing::priority::Priority::Urgent,
        customer,
        written,
        deadline: reader.deadline(case.deadline, now),
        problem: case.problem.clone(),
        excerpt: mail.as_ref().map(|m| excerpt(&m.text)).unwrap_or_default(),
        reply_to: app.reply_address(case.id, owner).to_string(),
    }
}

/// The start of the customer's own words on one line: quoted history and signatures cut,
/// whitespace folded, at most 240 characters. Pure.
fn excerpt(text: &str) -> String {
    const MAX: usize = 240;
    let own = crate::case::understand::reply_text(text);
    let folded = own.split_whitespace().collect::<Vec<_>>().join(" ");
    if folded.chars().count() <= MAX {
        return folded;
    }
    let cut: String = folded.chars().take(MAX).collect();
    format!("{}…", cut.trim_end())
}

/// How backfill shows how far it is: a bar with an ETA on a terminal, plain lines otherwise
/// (a log or a pipe reads one line per step, not a redrawn bar).
pub struct Progress {
    bar: Option<indicatif::ProgressBar>,
    total: usize,
    done: usize,
    started: Instant,
}

impl Progress {
    /// `terminal`: whether stderr is one (the caller asks `std::io::IsTerminal`).
    pub fn new(terminal: bool) -> Progress {
        let bar = terminal.then(|| {
            let bar = indicatif::ProgressBar::new(0);
            let style = indicatif::ProgressStyle::with_template(
                "{spinner} backfill [{bar:40}] {pos}/{len} messages, {msg} — ETA {eta}",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
            .progress_chars("=> ");
            bar.set_style(style);
            bar
        });
        Progress {
            bar,
            total: 0,
            done: 0,
            started: Instant::now(),
        }
    }

    /// A new inbox: `total` more messages to take from `inbox`.
    fn start(&mut self, inbox: &str, total: usize) {
        self.total += total;
        if self.done == 0 {
            self.started = Instant::now();
        }
        match &self.bar {
            Some(bar) => bar.set_length(self.total as u64),
            None => eprintln!("backfill: {total} messages to take from {inbox}"),
        }
    }

    fn advance(&mut self, n: usize, cases: usize) {
        self.done += n;
        match &self.bar {
            Some(bar) => {
                bar.inc(n as u64);
                bar.set_message(format!("{cases} cases"));
            }
            None => eprintln!(
                "backfill: {}/{} messages, {cases} cases, {}",
                self.done,
                self.total,
                eta(self.done, self.total, self.started.elapsed())
            ),
        }
    }

    fn finish(&mut self, o: &BackfillOutcome) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
        eprintln!(
            "backfill: done, {} cases opened; {} summary mail(s) listing {} case(s)",
            o.new_cases, o.summaries, o.summarised_cases
        );
    }
}

/// "ETA 1m 20s" from the pace so far. Pure.
fn eta(done: usize, total: usize, elapsed: std::time::Duration) -> String {
    if done == 0 || done >= total {
        return "ETA 0s".into();
    }
    let per = elapsed.as_secs_f64() / done as f64;
    let left = std::time::Duration::from_secs_f64(per * (total - done) as f64);
    format!(
        "ETA {}",
        humantime::format_duration(std::time::Duration::from_secs(left.as_secs()))
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn the_eta_follows_the_pace_so_far() {
        assert_eq!(eta(0, 100, Duration::from_secs(5)), "ETA 0s");
        assert_eq!(eta(50, 100, Duration::from_secs(30)), "ETA 30s");
        assert_eq!(eta(25, 100, Duration::from_secs(40)), "ETA 2m");
        assert_eq!(eta(100, 100, Duration::from_secs(40)), "ETA 0s");
    }

    #[test]
    fn an_excerpt_is_one_line_of_the_customers_own_words() {
        assert_eq!(
            excerpt("Hello,\n\n  my parcel\r\nis late."),
            "Hello, my parcel is late."
        );
        let long = "word ".repeat(100);
        let e = excerpt(&long);
        assert!(e.ends_with('…') && e.chars().count() <= 241, "{e}");
        assert_eq!(excerpt(""), "");
    }
}
