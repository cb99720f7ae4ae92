//! Acting on stored messages: understand each one, then record the case change and the mail it
//! calls for in one transaction. Nothing is sent from here; the outbox sender does that.

use anyhow::{Context, Result};
use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::app::App;
use crate::authority::{self, Action, CasePeople, Proof, Request, Rules, Verdict};
use crate::case::automatic;
use crate::case::evidence::{self, SAME_SUBJECT_DAYS};
use crate::case::reply;
use crate::case::thread;
use crate::case::understand::{self, Automatic, Confidence, OwnerReply, ThreadCase, Understanding};
use crate::case::{self, Opening};
use crate::intake::{self, Intake};
use crate::mail::address::Address;
use crate::mail::{self, Mail};
use crate::routing::classify::{self, Decision};
use crate::store::{self, CaseRow, MessageFacts, savepoint, ts};

// Issue 15: the batch's customers' recent cases read in one query.
mod customers;
use customers::{Ahead, Changed, Customers};

/// Processing a message fails this many times before it is quarantined.
pub const MAX_ATTEMPTS: i64 = 5;

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ProcessOutcome {
    pub processed: usize,
    pub new_cases: usize,
    pub failed: usize,
    pub quarantined: usize,
}

/// How many stored messages one transaction takes. Every commit waits for the disk
/// (`synchronous=FULL`); one commit per batch rather than per message is most of the stage's
/// speed, and a batch still holds SQLite's write lock for only a fraction of a second.
const BATCH: i64 = 100;

/// What processing one message came to.
enum Processed {
    Done {
        new_case: bool,
        seen: Seen,
        changed: Changed,
    },
    /// A reply to the digest: its commands take their own transactions, so it is handled
    /// alone, after the batch before it has committed.
    DigestReply(Box<Mail>),
}

/// What a processed message adds to the metrics, recorded once its batch has committed.
struct Seen {
    kind: &'static str,
    /// A new case's route and priority.
    opened: Option<(String, &'static str)>,
    /// A case's first answer: how long after it opened.
    first_answer: Option<std::time::Duration>,
}

impl Seen {
    fn kind(kind: &'static str) -> Seen {
        Seen {
            kind,
            opened: None,
            first_answer: None,
        }
    }

    /// A new case, the only case the message changed; `customer` is the case's.
    fn opened(opened: (String, &'static str), customer: Option<String>) -> Processed {
        Processed::Done {
            new_case: true,
            seen: Seen {
                opened: Some(opened),
                ..Seen::kind("complaint")
            },
            changed: Changed::OpenedFor(customer),
        }
    }

    /// A message that opened no case; an answer to a case never answered before is timed.
    fn done(
        kind: &'static str,
        unanswered_since: Option<DateTime<Utc>>,
        now: DateTime<Utc>,
    ) -> Processed {
        let first_answer = unanswered_since
            .filter(|_| kind == "answer")
            .map(|opened| (now - opened).to_std().unwrap_or_default());
        Processed::Done {
            new_case: false,
            seen: Seen {
                first_answer,
                ..Seen::kind(kind)
            },
            changed: Changed::Other,
        }
    }

    fn record(self) {
        crate::observe::message_ingested(self.kind);
        if let Some((route, priority)) = self.opened {
            crate::observe::case_opened(&route, priority);
        }
        if let Some(after) = self.first_answer {
            crate::observe::first_answer(after);
        }
    }
}

/// Process every stored message that has not been processed yet.
///
/// Messages are taken in batches, each in one `BEGIN IMMEDIATE` transaction with a savepoint
/// per message: a message's case, history and outbox rows commit together (and with the rest
/// of its batch), and a message that fails rolls back only its own changes, records the
/// failure and is tried again on a later round, or quarantined after `MAX_ATTEMPTS`. A crash
/// before the commit loses the whole batch's work, nothing else: its messages are still
/// unprocessed and nothing of it can have been sent (the sender reads committed rows only).
pub async fn process_once(app: &App, now: DateTime<Utc>) -> Result<ProcessOutcome> {
    let mut outcome = ProcessOutcome::default();
    loop {
        let batch = app.store.messages_to_process(BATCH).await?;
        if batch.is_empty() {
            return Ok(outcome);
        }
        let expected = batch.len();
        let since = customers::batch_since(&batch, repeat_window(app), thread_window(), now);
        let (prepared, preparer) = prepare_batch(app, batch)?;
        let mut prepared = Ahead::new(prepared, Customers::new(since));
        let mut progressed = false;
        let mut alone = None;
        let mut received_rows = 0;
        let mut seen = Vec::new();
        let mut tx = app.store.write().await?;
        // Each message runs inside the savepoint `message`; after it, one statement both keeps
        // its work and opens the next message's savepoint (a statement is a round trip to
        // SQLite's thread). COMMIT keeps whatever is still open.
        savepoint(&mut tx, "SAVEPOINT message").await?;
        // Case numbers are handed out here rather than by the INSERT, so that a case, its
        // history and its forward need no answer from SQLite before they are written; the
        // write transaction keeps every other writer out.
        let mut next_case = store::next_case_id(&mut tx).await?;
        while let Some((row, ready)) = prepared.next().await {
            received_rows += 1;
            if outcome.failed > 0 && row.attempts >= MAX_ATTEMPTS {
                continue;
            }
            let outcome_of = process_next(&mut tx, app, &row, ready, &mut prepared, next_case, now);
            match outcome_of.await {
                Ok(Processed::Done {
                    new_case,
                    seen: s,
                    changed,
                }) => {
                    prepared.customers.changed(changed);
                    seen.push(s);
                    next_case += i64::from(new_case);
                    // `mark_understood`, its last statement, kept its work and opened the next
                    // message's savepoint.
                    outcome.processed += 1;
                    outcome.new_cases += usize::from(new_case);
                    progressed = true;
                }
                Ok(Processed::DigestReply(mail)) => {
                    savepoint(&mut tx, "ROLLBACK TO message").await?;
                    alone = Some((row, mail));
                    break;
                }
                Err(e) => {
                    // Only this message's changes go; the failure is recorded in the batch.
                    prepared.customers.changed(Changed::Other);
                    savepoint(&mut tx, "ROLLBACK TO message").await?;
                    progressed |= failed(&mut tx, app, &row, &e, now, &mut outcome).await?;
                    savepoint(&mut tx, "RELEASE message; SAVEPOINT message").await?;
                }
            }
        }
        drop(prepared);
        if alone.is_none() && received_rows < expected {
            // The preparing thread ended without a panic of its own being caught (it catches
            // each message's): nothing of the batch is committed, the runner's loop reports it.
            let why = match preparer.await {
                Err(e) => format!("{e}"),
                Ok(()) => "it stopped early".into(),
            };
            anyhow::bail!("preparing a batch of messages failed: {why}");
        }
        tx.commit()
            .await
            .context("committing a batch of processed messages")?;
        seen.into_iter().for_each(Seen::record);
        if let Some((row, mail)) = alone {
            match crate::digest::reply::handle(app, row.id, &mail, now).await {
                Ok(_) => {
                    Seen::kind("digest_reply").record();
                    outcome.processed += 1;
                    progressed = true;
                }
                Err(e) => {
                    let mut tx = app.store.write().await?;
                    progressed |= failed(&mut tx, app, &row, &e, now, &mut outcome).await?;
                    tx.commit()
                        .await
                        .context("committing a processing failure")?;
                }
            }
        }
        if !progressed {
            // Every remaining message failed this round; try them again on the next pass.
            return Ok(outcome);
        }
    }
}

/// What can be worked out from a message's bytes alone (`intake`): parsed, its sender, its
/// language, and its route as if the customer had never written before (`process_message`
/// routes again, on the spot, in the rare case where the customer's earlier contacts change
/// the answer).
type Prepared = Intake;

fn prepare(
    config: &crate::config::Config,
    model: &crate::routing::model::Model,
    raw: &[u8],
) -> Prepared {
    intake::intake(config, Some(model), raw)
}

/// `process_message` on the next prepared message, with the recent cases of its sender and of
/// every message prepared after it read first, in one query (`customers`).
async fn process_next(
    conn: &mut sqlx::AnyConnection,
    app: &App,
    row: &store::MessageRow,
    ready: Result<Prepared, String>,
    ahead: &mut Ahead,
    next_case: i64,
    now: DateTime<Utc>,
) -> Result<Processed> {
    let ready = ready.map_err(|why| anyhow::anyhow!("{why}"))?;
    if let Some(sender) = &ready.sender {
        ahead.read_customers(conn, sender.as_str()).await?;
    }
    process_message(conn, app, row, ready, &ahead.customers, next_case, now).await
}

/// How far back before a message arrived the customer's cases count as repeat contacts.
fn repeat_window(app: &App) -> chrono::Duration {
    chrono::Duration::from_std(app.config.routing.repeat_window)
        .unwrap_or(chrono::Duration::days(14))
}

/// How far back thread matching looks for the customer's cases with the same subject.
fn thread_window() -> chrono::Duration {
    chrono::Duration::days(SAME_SUBJECT_DAYS)
}

type PreparedRows = tokio::sync::mpsc::Receiver<(store::MessageRow, Result<Prepared, String>)>;

/// How many prepared messages may wait for the writer, per preparing thread and in all: enough
/// to keep the writer busy, few enough that parsed mail does not pile up in memory (the
/// daemon's peak RSS is measured against 64 MB).
const AHEAD: usize = 8;

/// Parse, detect and route a batch on blocking threads, in order, while the writer works
/// through the messages already prepared: the pure half of processing (most of it reading the
/// text: routing, urgency, wants) no longer waits for SQLite, nor SQLite for it. `PREPARERS`
/// threads take every n-th message each, and one task hands them on in the batch's order, so
/// the writer sees exactly the sequence one thread would have given it.
fn prepare_batch(
    app: &App,
    batch: Vec<store::MessageRow>,
) -> Result<(PreparedRows, tokio::task::JoinHandle<()>)> {
    let model = app
        .model
        .read()
        .map_err(|_| anyhow::anyhow!("model lock poisoned"))?
        .clone();
    let threads = preparers().min(batch.len()).max(1);
    let mut shares: Vec<Vec<store::MessageRow>> = (0..threads).map(|_| Vec::new()).collect();
    for (i, row) in batch.into_iter().enumerate() {
        shares[i % threads].push(row);
    }
    let mut lanes = Vec::new();
    let mut workers = Vec::new();
    for share in shares {
        let config = std::sync::Arc::clone(&app.config);
        let model = model.clone();
        let (send, receive) = tokio::sync::mpsc::channel(AHEAD);
        lanes.push(receive);
        workers.push(tokio::task::spawn_blocking(move || {
            for row in share {
                // Hostile mail must never stop the inbox: a message whose preparation panics
                // fails alone, like any processing error, and is quarantined after
                // `MAX_ATTEMPTS`.
                let ready = unpanicked(|| prepare(&config, &model, &row.raw));
                if send.blocking_send((row, ready)).is_err() {
                    // The writer stopped early (a digest reply is handled alone).
                    return;
                }
            }
        }));
    }
    let (send, receive) = tokio::sync::mpsc::channel(AHEAD);
    let preparer = tokio::spawn(async move {
        // Message i is in lane i % threads, each lane in order: taking the lanes in turn
        // restores the batch's order. A lane that ends first ends the batch.
        'batch: loop {
            for lane in lanes.iter_mut() {
                let Some(prepared) = lane.recv().await else {
                    break 'batch;
                };
                if send.send(prepared).await.is_err() {
                    break 'batch;
                }
            }
        }
        drop(lanes);
        for worker in workers {
            match worker.await {
                Ok(()) => {}
                // The batch is not committed; the caller reports this (see process_once).
                Err(e) if e.is_panic() => std::panic::resume_unwind(e.into_panic()),
                Err(e) => panic!("a preparing thread was cancelled: {e}"),
            }
        }
    });
    Ok((receive, preparer))
}

/// How many threads prepare a batch: one per core, at most four (beyond that the writer,
/// one connection to SQLite, is the limit).
fn preparers() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get().min(4))
}

/// `f()`, or what its panic said.
fn unpanicked<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).map_err(|panic| {
        let what = panic
            .downcast_ref::<&str>()
            .map(|s| (*s).to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        format!("parsing and routing this message panicked: {what}")
    })
}

/// Record that processing `row` failed. Returns whether it is now quarantined.
async fn failed(
    conn: &mut sqlx::AnyConnection,
    app: &App,
    row: &store::MessageRow,
    e: &anyhow::Error,
    now: DateTime<Utc>,
    outcome: &mut ProcessOutcome,
) -> Result<bool> {
    tracing::warn!(message_id = row.id, "processing failed: {e:#}");
    outcome.failed += 1;
    if row.attempts + 1 >= MAX_ATTEMPTS {
        // Issue 6: this failure quarantines it; tell the executives once.
        report_quarantine(conn, app, row.id, &row.raw, &format!("{e:#}"), now).await?;
    }
    let quarantined =
        store::message_failed(conn, row.id, &format!("{e:#}"), MAX_ATTEMPTS, now).await?;
    if quarantined {
        tracing::error!(
            message_id = row.id,
            "quarantined after {MAX_ATTEMPTS} failures"
        );
        outcome.quarantined += 1;
    }
    Ok(quarantined)
}

/// One notice to the executives that a message was set aside, queued in the same transaction
/// as the failure that quarantines it and keyed by the day, so a crash neither loses nor
/// doubles it and a flood of broken mail is one notice, not hundreds.
async fn report_quarantine(
    conn: &mut sqlx::AnyConnection,
    app: &App,
    id: i64,
    raw: &[u8],
    error: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    let subject = mail::parse(raw).subject;
    let detail = format!(
        "Message {id} (Message-ID {}) failed {MAX_ATTEMPTS} times and is set aside: it is kept in \
         the database with kind 'quarantined' and the inbox goes on. Last error: {error}\n\n\
         This notice comes at most once a day; `qmark cases list` and the messages of kind \
         'quarantined' show any others.",
        mail::message_id(raw).unwrap_or_else(|| "none".into())
    );
    crate::outgoing::notice_executives(
        conn,
        app,
        &format!("quarantined:{}", now.format("%Y-%m-%d")),
        None,
        "a message could not be processed and was set aside",
        &subject,
        "",
        &detail,
        now,
    )
    .await
}

/// More messages than this from one sender on one case within ten minutes is a loop, not a
/// person: the circuit breaker ignores them.
const FAST_THREAD: i64 = 5;

/// The case a message belongs to (`thread::choose`), with its row.
struct Found {
    case: CaseRow,
    how: &'static str,
    confidence: Confidence,
    /// For a verified token: whom the mail it answers was sent to.
    token_for: Option<Address>,
}

/// One message, read against what the store knows: its thread, what it means, and the facts
/// recorded with it.
struct Reading {
    found: Option<Found>,
    thread_case: Option<ThreadCase>,
    understanding: Understanding,
    proof: Proof,
    /// How the thread was found, in words, for the history.
    matched_by: Option<String>,
    customer_cases: Vec<store::CustomerCase>,
    subject_key: String,
    thread_key: Option<String>,
    /// Earlier cases of the sender opened since then count as repeat contacts.
    repeat_since: DateTime<Utc>,
}

/// What every step of acting on one message needs.
struct Msg<'a> {
    app: &'a App,
    /// The inbox it was read from (the first, for mail stored before there were several).
    inbox: &'a crate::config::Inbox,
    id: i64,
    raw: &'a [u8],
    mail: &'a Mail,
    sender: Option<&'a Address>,
    rules: Rules<'a>,
    reading: &'a Reading,
    /// When the message arrived, and the number a case it opens gets.
    received: DateTime<Utc>,
    next_case: i64,
    now: DateTime<Utc>,
    /// Stored by `qmark backfill`: old mail, recorded and routed, but nobody is mailed about
    /// it one message at a time (the owner gets one summary).
    backfill: bool,
}

impl Msg<'_> {
    fn how(&self) -> &str {
        self.reading.matched_by.as_deref().unwrap_or("")
    }

    fn found(&self) -> Option<&Found> {
        self.reading.found.as_ref()
    }

    /// The case this message was matched to; `what` says what needed it.
    fn case(&self, what: &str) -> Result<&CaseRow> {
        self.found()
            .map(|f| &f.case)
            .with_context(|| format!("{what} without its case"))
    }

    fn owner(&self, what: &str) -> Result<Address> {
        self.reading
            .thread_case
            .as_ref()
            .map(|t| t.owner.clone())
            .with_context(|| format!("{what} without its case's owner"))
    }
}

/// Gather the evidence about `mail`, then decide what it is (`thread::choose`, `understand`).
async fn read(
    conn: &mut sqlx::AnyConnection,
    app: &App,
    mail: &Mail,
    raw: &[u8],
    sender: Option<&Address>,
    history: History,
    now: DateTime<Utc>,
) -> Result<Reading> {
    let subject_key = thread::normalise_subject(&mail.subject);
    let thread_key = mail.thread_index.as_deref().and_then(thread::thread_key);
    let History {
        customer_cases,
        repeat_since,
    } = history;
    let mut gathered = evidence::gather(conn, app, mail, raw, sender, &customer_cases, now).await?;
    let found = thread::choose(&gathered.evidence, &app.secret, sender).and_then(|m| {
        Some(Found {
            case: gathered.take(m.case_id)?,
            how: m.how,
            confidence: m.confidence,
            token_for: m.token_for,
        })
    });
    let thread_case = found.as_ref().map(|f| ThreadCase {
        case_id: f.case.id,
        owner: f.case.owner.clone(),
        customer: f
            .case
            .customer_address
            .clone()
            .unwrap_or_else(|| app.config.inbox.address.clone()),
        matched_by: f.how,
        confidence: f.confidence,
        token_for: f.token_for.clone(),
        manager: app
            .config
            .route(&f.case.route)
            .map(|r| r.escalate_to.without_tag())
            .filter(|m| *m != f.case.owner.without_tag()),
        companions: Vec::new(),
    });
    let mut thread_case = thread_case;
    if let (Some(t), Some(s)) = (thread_case.as_mut(), sender) {
        t.companions = companions(conn, app, t, s).await?;
    }
    let proof = evidence::proof_of(app, mail, sender);
    let understanding =
        understand::understand(mail, &evidence::rules(app), thread_case.as_ref(), proof);
    let matched_by = found.as_ref().map(|f| {
        let c = match f.confidence {
            Confidence::High => "high",
            Confidence::Medium => "medium",
            Confidence::Low => "low",
        };
        format!(
            "{} ({c} confidence){}",
            f.how,
            f.token_for
                .as_ref()
                .map(|t| format!(", token of {t}"))
                .unwrap_or_default()
        )
    });
    Ok(Reading {
        found,
        thread_case,
        understanding,
        proof,
        matched_by,
        customer_cases,
        subject_key,
        thread_key,
        repeat_since,
    })
}

/// The outsiders a case's complaint was also addressed to, read only for a sender who may be
/// one (not the customer, the owner, an executive or a colleague): a reply from a Cc'd spouse is
/// the customer's side of the thread.
async fn companions(
    conn: &mut sqlx::AnyConnection,
    app: &App,
    t: &ThreadCase,
    sender: &Address,
) -> Result<Vec<Address>> {
    let s = sender.without_tag();
    let rules = evidence::rules(app);
    if s == t.customer.without_tag()
        || s == t.owner.without_tag()
        || rules.company.is_colleague(&s)
        || rules.executives.contains(&s)
    {
        return Ok(Vec::new());
    }
    let Some(raw) = store::complaint_raw(conn, t.case_id).await? else {
        return Ok(Vec::new());
    };
    Ok(mail::parse(&raw)
        .recipients
        .into_iter()
        .map(|a| a.without_tag())
        .filter(|a| !rules.is_public(a) && !rules.company.is_colleague(a))
        .collect())
}

/// The sender's recent cases, and since when they count as repeat contacts.
struct History {
    customer_cases: Vec<store::CustomerCase>,
    repeat_since: DateTime<Utc>,
}

/// How far back the customer's history matters: thread matching looks back
/// `SAME_SUBJECT_DAYS` (the longest of its windows), the repeat-customer count over the
/// configured window before the message arrived.
async fn history(
    conn: &mut sqlx::AnyConnection,
    app: &App,
    customers: &Customers,
    sender: Option<&Address>,
    received: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<History> {
    let repeat_since = received - repeat_window(app);
    let customer_cases = match sender {
        Some(s) => {
            let since = repeat_since.min(now - thread_window());
            customers.of(conn, s.as_str(), since).await?
        }
        None => Vec::new(),
    };
    Ok(History {
        customer_cases,
        repeat_since,
    })
}

/// Act on one message in the caller's transaction.
/// `next_case` is the number a case opened by this message gets.
async fn process_message(
    conn: &mut sqlx::AnyConnection,
    app: &App,
    row: &store::MessageRow,
    ready: Prepared,
    customers: &Customers,
    next_case: i64,
    now: DateTime<Utc>,
) -> Result<Processed> {
    let (id, raw) = (row.id, row.raw.as_slice());
    let received = row.received_at.unwrap_or(now);
    let Intake {
        mail,
        sender,
        language,
        decision: routed,
        gist,
        ..
    } = ready;
    let history = history(conn, app, customers, sender.as_ref(), received, now).await?;
    let reading = read(conn, app, &mail, raw, sender.as_ref(), history, now).await?;
    tracing::info!(message_id = id, subject = %mail.subject, understanding = ?reading.understanding, "understood");
    let facts = MessageFacts {
        sender: sender.as_ref().map(Address::as_str),
        thread_key: reading.thread_key.as_deref(),
        subject_key: Some(&reading.subject_key),
        language,
        matched_by: reading.matched_by.as_deref(),
    };
    let m = Msg {
        app,
        inbox: app.config.inbox_or_first(row.inbox.as_deref()),
        id,
        raw,
        mail: &mail,
        sender: sender.as_ref(),
        rules: evidence::rules(app),
        reading: &reading,
        received,
        next_case,
        now,
        backfill: row.backfill,
    };
    if let Some(case_id) = stopped_as_loop(conn, &m).await? {
        store::mark_understood(conn, id, &facts, "loop", Some(case_id), now).await?;
        return Ok(Seen::done("loop", None, now));
    }
    // An executive's reply to the digest carries commands, not a complaint (checked before a
    // manual `?` routing), and so do commands sent to the digest's reply address (`ceo+qd-…@`)
    // by a client that drops In-Reply-To: never a case with the executive as its customer.
    if crate::digest::reply::to_digest_address(app, &mail)
        || (matches!(reading.understanding, Understanding::NewComplaint { .. })
            && crate::digest::reply::replies_to_digest(conn, &mail).await?)
    {
        return Ok(Processed::DigestReply(Box::new(mail)));
    }
    let unanswered_since = unanswered_since(&m);
    let (kind, case_id): (&'static str, Option<i64>) = match &reading.understanding {
        Understanding::NewComplaint { related } => {
            let (case_id, opened, customer) =
                open_complaint(conn, &m, routed, language, gist.as_ref(), *related).await?;
            store::mark_understood(conn, id, &facts, "complaint", Some(case_id), now).await?;
            return Ok(Seen::opened(opened, customer));
        }
        Understanding::FollowUp { case_id } => {
            follow_up(conn, &m, *case_id).await?;
            ("follow_up", Some(*case_id))
        }
        Understanding::Answer { case_id, by } => {
            (owner_replied(conn, &m, *case_id, by).await?, Some(*case_id))
        }
        Understanding::Unauthorized { case_id, by, why } => {
            refused(conn, &m, *case_id, by.as_ref(), why).await?;
            ("unauthorized", Some(*case_id))
        }
        Understanding::Automatic {
            why,
            case_id,
            from_owner,
        } => {
            automatic_mail(conn, &m, *why, *case_id, *from_owner).await?;
            (why.as_str(), *case_id)
        }
        Understanding::OwnMail => ("own", None),
    };
    store::mark_understood(conn, id, &facts, kind, case_id, now).await?;
    Ok(Seen::done(kind, unanswered_since, now))
}

/// A reply that may not act on its case: recorded. One of the company's people whose reply
/// did not count is told, and so is the case's owner (with the text only when it carried a
/// token made for one of the company's people); a stranger is not.
async fn refused(
    conn: &mut sqlx::AnyConnection,
    m: &Msg<'_>,
    case_id: i64,
    by: Option<&Address>,
    why: &str,
) -> Result<()> {
    let who = by.map(|a| a.to_string());
    store::Event::on(case_id, "unauthorized_reply")
        .by_maybe(who.as_deref())
        .about(m.id)
        .record(
            conn,
            m.now,
            &format!(
                "a reply from {} was recorded and changed nothing: {why}",
                who.as_deref().unwrap_or("an unknown sender")
            ),
        )
        .await?;
    // Only with a token qmark made for one of the company's people (Jane answering from her own
    // address with the shared mailbox's `?`): a From line alone, or a customer's token in
    // someone else's hands, gets no mail that quotes it to the office.
    let internal = |a: &Address| m.rules.company.is_colleague(a) || m.rules.executives.contains(a);
    let token = m.found().and_then(|f| f.token_for.as_ref());
    let (Some(b), Some(f), false) = (by.filter(|b| internal(b)), m.found(), m.backfill) else {
        return Ok(());
    };
    match token {
        Some(t) if internal(t) => {
            let own = understand::reply_text(&m.mail.text);
            case::command::refused_reply(conn, m.app, m.id, &f.case, b, why, Some(&own), m.now)
                .await
        }
        // No token at all (a client that wrote to the public address and dropped the thread's
        // headers): the From line may be forged, so the notice goes to the configured people
        // without the text. Silence let the owner believe they had answered while the case
        // climbed to `??` (a README-only attacker's finding).
        None => case::command::refused_reply(conn, m.app, m.id, &f.case, b, why, None, m.now).await,
        Some(_) => Ok(()),
    }
}

/// When the case this message is on was opened, if it has never been answered.
fn unanswered_since(m: &Msg<'_>) -> Option<DateTime<Utc>> {
    // Not `m.case`: a new complaint has no case, and an error (with its backtrace, when
    // RUST_BACKTRACE is set) for each of them cost a tenth of the writer's time.
    m.found()
        .map(|f| &f.case)
        .filter(|c| c.first_answered_at.is_none())
        .map(|c| c.opened_at)
}

/// The customer wrote again on their case: into the owner's `?` thread, or, for old mail taken
/// by backfill, recorded only (the owner's summary, or the case's history, has it).
async fn follow_up(conn: &mut sqlx::AnyConnection, m: &Msg<'_>, case_id: i64) -> Result<()> {
    if !m.backfill {
        let case = m.case("follow-up")?;
        return case::follow_up(conn, m.app, m.id, m.raw, m.mail, case, m.how(), m.now).await;
    }
    store::Event::on(case_id, "follow_up").by_maybe(m.sender.map(Address::as_str)).about(m.id).record(conn, m.now, &format!(
            "({}) an earlier message of the customer's, taken by backfill: recorded, nobody mailed",
            m.how()
        ))
    .await
}

/// A new complaint: choose its owner and open its case.
async fn open_complaint(
    conn: &mut sqlx::AnyConnection,
    m: &Msg<'_>,
    routed: Option<Decision>,
    language: Option<&str>,
    gist: Option<&crate::routing::wants::Gist>,
    related: Option<understand::Related>,
) -> Result<(i64, (String, &'static str), Option<String>)> {
    let routing = choose_owner(conn, m, routed, language).await?;
    let opened = (
        routing.route.name.clone(),
        routing.decision.priority.as_str(),
    );
    let customer = routing.customer.as_ref().map(|c| c.as_str().to_string());
    let case_id = case::open_case(
        conn,
        m.app,
        &Opening {
            case_id: m.next_case,
            message: m.id,
            raw: m.raw,
            mail: m.mail,
            decision: &routing.decision,
            route: routing.route,
            owner: routing.owner,
            customer: routing.customer,
            customer_name: routing.customer_name,
            note: routing.note,
            related,
            language,
            subject_key: &m.reading.subject_key,
            received: m.received,
            gist,
            inbox: m.inbox,
            quiet: m.backfill,
        },
        m.now,
    )
    .await?;
    Ok((case_id, opened, customer))
}

/// The circuit breaker on incoming mail, by the shape of a loop, not by volume: a thread
/// moving faster than people reply *and* repeating itself. A person's burst of different
/// follow-ups is forwarded (the hourly caps pace it), and forged mail in someone's name
/// cannot silence their real, different reply. The case it stopped on, if it did.
async fn stopped_as_loop(conn: &mut sqlx::AnyConnection, m: &Msg<'_>) -> Result<Option<i64>> {
    let (Some(f), Some(s)) = (m.found(), m.sender) else {
        return Ok(None);
    };
    if matches!(m.reading.understanding, Understanding::NewComplaint { .. })
        || !repeats_itself(conn, f.case.id, s, m.mail, m.now).await?
    {
        return Ok(None);
    }
    let why = format!(
        "{s} wrote {FAST_THREAD}+ messages on this case within 10 minutes, this one \
         repeating an earlier one word for word, numbers aside: ignored as a mail loop"
    );
    store::Event::on(f.case.id, "circuit_breaker")
        .by(s.as_str())
        .about(m.id)
        .record(conn, m.now, &why)
        .await?;
    if m.backfill {
        // Old mail all arrives "now" in a backfill: a burst there is history, not a live loop
        // to tell the executives about; the case's history has it.
        return Ok(Some(f.case.id));
    }
    crate::outgoing::notice_executives(
        conn,
        m.app,
        &format!("breaker:in:{}", m.now.format("%Y-%m-%d")),
        Some(f.case.id),
        "a mail loop was stopped (circuit breaker)",
        &f.case.subject,
        f.case.owner.as_str(),
        &why,
        m.now,
    )
    .await?;
    Ok(Some(f.case.id))
}

/// Who a new complaint goes to, and why.
struct Routing<'c> {
    decision: Decision,
    route: &'c crate::config::Route,
    owner: Address,
    customer: Option<Address>,
    customer_name: Option<String>,
    note: Option<String>,
}

/// Routing by hand, when an executive's first line is `? colleague@` and `authority` sees the
/// proof it needs; triage, saying why, when it does not; otherwise the rules and the model.
async fn choose_owner<'c>(
    conn: &mut sqlx::AnyConnection,
    m: &Msg<'c>,
    routed: Option<Decision>,
    language: Option<&str>,
) -> Result<Routing<'c>> {
    let manual = m
        .sender
        .filter(|s| m.app.config.is_executive(s))
        .and_then(|_| reply::manual_route(&m.mail.text));
    let Some((to, note)) = manual else {
        return routed_by_rules(m, routed, language);
    };
    let token_for = evidence::digest_token_for(m.app, m.mail);
    let verdict = authority::decide(
        &m.rules,
        None,
        &Request {
            sender: m.sender,
            token_for: token_for.as_ref(),
            proof: m.reading.proof,
            action: Action::ManualRoute { to: &to },
        },
    );
    match verdict {
        Verdict::Allow => Ok(routed_by_hand(m, to, &note)),
        Verdict::Triage(why) => routing_refused(conn, m, &to, &note, why).await,
        Verdict::Refuse(_) => routed_by_rules(m, routed, language),
    }
}

fn routed_by_hand<'c>(m: &Msg<'c>, owner: Address, note: &str) -> Routing<'c> {
    let config = &m.app.config;
    let route = config
        .routes
        .iter()
        .find(|r| r.owner == owner)
        .unwrap_or(&config.triage);
    let by = m.sender.map(|s| s.to_string()).unwrap_or_default();
    let decision = Decision {
        route: route.name.clone(),
        owner: owner.to_string(),
        priority: classify::Priority::Normal,
        confidence: 1.0,
        reasons: vec![format!("routed by hand by {by}")],
        candidates: Vec::new(),
    };
    // The original attached (`message/rfc822`), else forwarded inline in the text: its sender
    // is the customer, not the executive who forwarded it. In a forward of a colleague's
    // forward, the first sender outside the company (a colleague had become the customer and
    // got the acknowledgment: attack round seven).
    let fwd = m.mail.forwarded_from.clone().or_else(|| {
        let chain = crate::mail::forwarded::inline_forwarded_senders(&m.mail.text);
        let outside = chain.iter().position(|s| {
            s.address
                .as_ref()
                .is_some_and(|a| !config.company.is_colleague(a))
        });
        chain.into_iter().nth(outside.unwrap_or(0))
    });
    let customer = fwd
        .as_ref()
        .and_then(|f| f.address.clone())
        .or_else(|| m.sender.cloned());
    let customer_name = fwd
        .and_then(|f| f.name)
        .or_else(|| m.mail.from.as_ref().and_then(|f| f.name.clone()));
    let note = if note.is_empty() {
        format!("From {by}.")
    } else {
        format!("From {by}: {note}")
    };
    Routing {
        decision,
        route,
        owner,
        customer,
        customer_name,
        note: Some(note),
    }
}

async fn routing_refused<'c>(
    conn: &mut sqlx::AnyConnection,
    m: &Msg<'c>,
    to: &Address,
    note: &str,
    why: String,
) -> Result<Routing<'c>> {
    let by = m.sender.map(ToString::to_string).unwrap_or_default();
    tracing::warn!(
        message_id = m.id,
        "routing by hand from {by} not followed: {why}"
    );
    crate::outgoing::notice_executives(
        conn,
        m.app,
        &format!("routing_refused:{}", m.now.format("%Y-%m-%d")),
        None,
        "a routing request by hand was not followed",
        &m.mail.subject,
        "",
        &format!(
            "{why}\n\nThe mail went to triage instead. This notice comes once \
             a day; the case's reasons say what was asked."
        ),
        m.now,
    )
    .await?;
    let triage = &m.app.config.triage;
    let note = if note.is_empty() {
        format!("{why}. Asked for {to}.")
    } else {
        format!("{why}. Asked for {to}, with the note: {note}")
    };
    let decision = Decision {
        route: triage.name.clone(),
        owner: triage.owner.to_string(),
        priority: classify::Priority::Normal,
        confidence: 0.0,
        reasons: vec![why],
        candidates: Vec::new(),
    };
    // Nothing proves who wrote it: its customer is its sender (a company address), never the
    // forwarded mail's, so no `#reply` can reach a third party on the strength of a forged
    // From line.
    Ok(Routing {
        decision,
        route: triage,
        owner: triage.owner.clone(),
        customer: m.sender.cloned(),
        customer_name: m.mail.from.as_ref().and_then(|f| f.name.clone()),
        note: Some(note),
    })
}

fn routed_by_rules<'c>(
    m: &Msg<'c>,
    routed: Option<Decision>,
    language: Option<&str>,
) -> Result<Routing<'c>> {
    let config = &m.app.config;
    let since = m.reading.repeat_since;
    let prior = m
        .reading
        .customer_cases
        .iter()
        .filter(|c| c.opened_at >= since)
        .count();
    let prior = u32::try_from(prior).unwrap_or(u32::MAX);
    // Prepared as a first contact; earlier contacts only matter to urgency (the
    // repeat-customer rule), so route again only when they do.
    let repeat = config.routing.repeat_contacts;
    let first_contact_holds = prior == 0 || repeat == 0 || prior.saturating_add(1) < repeat;
    let decision = match routed {
        Some(d) if first_contact_holds || !m.mail.parsed => d,
        Some(_) => {
            let model = m
                .app
                .model
                .read()
                .map_err(|_| anyhow::anyhow!("model lock poisoned"))?
                .clone();
            intake::route(
                config,
                Some(&model),
                m.mail,
                m.sender,
                language,
                prior,
                None,
            )
        }
        None => intake::unparsed(config),
    };
    let decision = intake::within_inbox(config, m.inbox, decision);
    let route = config.route(&decision.route).unwrap_or(&config.triage);
    Ok(Routing {
        decision,
        route,
        owner: route.owner.clone(),
        customer: m.sender.cloned(),
        customer_name: m.mail.from.as_ref().and_then(|f| f.name.clone()),
        note: None,
    })
}

/// The case's owner or an executive replied on its thread: a command (each asks `authority`
/// on its own; a reassignment, for one, only to a colleague), a holding reply, or the answer.
async fn owner_replied(
    conn: &mut sqlx::AnyConnection,
    m: &Msg<'_>,
    case_id: i64,
    by: &Address,
) -> Result<&'static str> {
    let case = m.case("answer")?;
    let (text, said) = understand::owner_mail(&m.mail.subject, &m.mail.text, m.now);
    match said {
        OwnerReply::Command(cmd) => {
            let verdict = match &cmd {
                Ok(c) => authority::decide(
                    &m.rules,
                    Some(&CasePeople {
                        owner: &m.owner("answer")?,
                        customer: case.customer_address.as_ref(),
                        manager: m
                            .reading
                            .thread_case
                            .as_ref()
                            .and_then(|t| t.manager.as_ref()),
                        companions: &[],
                    }),
                    &Request {
                        sender: Some(by),
                        token_for: m.found().and_then(|f| f.token_for.as_ref()),
                        proof: m.reading.proof,
                        action: command_action(c),
                    },
                ),
                Err(_) => Verdict::Allow,
            };
            // A refusal is recorded and its writer told why.
            let cmd = match verdict {
                Verdict::Allow => cmd,
                Verdict::Refuse(why) | Verdict::Triage(why) => Err(why),
            };
            case::command(conn, m.app, m.id, m.raw, case, by, cmd, m.now).await?;
            Ok("command")
        }
        OwnerReply::Holding => {
            store::Event::on(case_id, "holding_reply")
                .by(by.as_str())
                .about(m.id)
                .record(
                    conn,
                    m.now,
                    &format!("({}) {text} — recorded; the clock keeps running", m.how()),
                )
                .await?;
            Ok("holding_reply")
        }
        OwnerReply::Answer => {
            case::answered(conn, m.app, m.id, case, by, &text, m.how(), m.now).await?;
            Ok("answer")
        }
    }
}

/// Automatic mail is never an answer. On an open case, the owner's out-of-office or a bounce of
/// mail to the owner may move the case, if it proves its thread (`authority`).
async fn automatic_mail(
    conn: &mut sqlx::AnyConnection,
    m: &Msg<'_>,
    why: Automatic,
    case_id: Option<i64>,
    from_owner: bool,
) -> Result<()> {
    let (Some(case_id), Some(f)) = (case_id, m.found()) else {
        tracing::info!(
            message_id = m.id,
            "set aside automatic mail ({})",
            why.as_str()
        );
        return Ok(());
    };
    let who = m.sender.map(|a| a.to_string());
    store::Event::on(case_id, why.as_str())
        .by_maybe(who.as_deref())
        .about(m.id)
        .record(
            conn,
            m.now,
            &format!(
                "automatic mail ({}), not an answer: {}",
                why.as_str(),
                m.mail.subject
            ),
        )
        .await?;
    if !f.case.is_open() || m.backfill {
        // Old automatic mail taken by backfill is history, not news: recorded, not acted on.
        return Ok(());
    }
    let owner = m.owner("automatic mail on a case")?;
    let people = CasePeople {
        owner: &owner,
        customer: None,
        manager: None,
        companions: &[],
    };
    let asks = |action| Request {
        sender: m.sender,
        token_for: f.token_for.as_ref(),
        proof: m.reading.proof,
        action,
    };
    match why {
        Automatic::AutoReply if from_owner => {
            // Proved first against the owner themself: forged out-of-office mail must not even
            // leave an "away" note.
            match authority::decide(
                &m.rules,
                Some(&people),
                &asks(Action::AwayReroute { to: people.owner }),
            ) {
                Verdict::Allow => {
                    automatic::out_of_office(
                        conn, m.app, &m.rules, m.id, m.mail, &f.case, &asks, m.now,
                    )
                    .await?;
                }
                Verdict::Refuse(why) | Verdict::Triage(why) => {
                    automatic::ignored(conn, f.case.id, m.sender, m.id, &why, m.now).await?;
                }
            }
        }
        Automatic::Bounce => {
            match authority::decide(&m.rules, Some(&people), &asks(Action::BounceReroute)) {
                Verdict::Allow => automatic::bounced(conn, m.app, m.id, &f.case, m.now).await?,
                Verdict::Refuse(why) | Verdict::Triage(why) => {
                    if f.token_for.is_some() {
                        // A bounce of mail to someone else (a customer): recorded.
                        tracing::info!(message_id = m.id, "{why}");
                    } else {
                        automatic::ignored(conn, f.case.id, m.sender, m.id, &why, m.now).await?;
                    }
                }
            }
        }
        _ => {}
    }
    Ok(())
}

/// Whether `mail` is a loop's: `sender` wrote `FAST_THREAD`+ messages on the case in the last
/// ten minutes and at least two of them are this one again (its new text with quotes cut,
/// subject and attachments).
async fn repeats_itself(
    conn: &mut sqlx::AnyConnection,
    case_id: i64,
    sender: &Address,
    mail: &Mail,
    now: DateTime<Utc>,
) -> Result<bool> {
    let since = now - chrono::Duration::minutes(10);
    if store::messages_from_on_case(conn, case_id, sender.as_str(), since).await? < FAST_THREAD {
        return Ok(false);
    }
    let this = loop_shape(mail);
    let earlier = store::recent_raw_from_on_case(conn, case_id, sender.as_str(), since, 20).await?;
    let same = earlier
        .iter()
        .filter(|raw| loop_shape(&mail::parse(raw)) == this)
        .count();
    Ok(same >= 2)
}

/// What a robot repeats: the same new words, the same subject once prefixes are stripped, the
/// same attachments. Numbers do not count: an auto-responder stamps each of its mails with a
/// ticket number, a counter or the time (a README-only attacker's loop of "Automatic notice 7:
/// ticket 23107 updated" went through as twelve follow-ups). A person re-sending one text with
/// other attachments is no loop.
fn loop_shape(m: &Mail) -> (String, String, Vec<(Option<String>, usize)>) {
    let words = understand::reply_text(&m.text)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let attachments = m
        .attachments
        .iter()
        .map(|a| (a.name.as_deref().map(without_numbers), a.size))
        .collect();
    (
        without_numbers(&words),
        without_numbers(&thread::normalise_subject(&m.subject)),
        attachments,
    )
}

/// `text` with every run of digits as one `#`.
fn without_numbers(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii_digit() {
            if !out.ends_with('#') {
                out.push('#');
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// The `authority` action a reply command asks for.
fn command_action(c: &crate::case::reply::Command) -> Action<'_> {
    use crate::case::reply::Command;
    match c {
        Command::Reassign(to) => Action::Reassign { to },
        Command::Close => Action::Close,
        Command::Wait(_) => Action::Wait,
        Command::Note(_) => Action::Note,
        Command::Reply(_) => Action::ReplyToCustomer,
        Command::SetPriority(_) => Action::SetPriority,
    }
}

/// Paused cases whose time has come are open again, with a fresh deadline.
pub async fn resume_waiting_once(app: &App, now: DateTime<Utc>) -> Result<usize> {
    let mut resumed = 0;
    for case in app.store.cases_to_resume(now).await? {
        let route = app.config.route(&case.route).unwrap_or(&app.config.triage);
        let deadline =
            crate::case::ladder::deadline(&app.config, route, &case.owner, case.priority, now)?;
        let mut tx = app.store.write().await?;
        store::reopen(&mut tx, case.id, deadline, now).await?;
        store::Event::on(case.id, "resumed")
            .record(
                &mut tx,
                now,
                &format!("the pause ended; new deadline {}", ts(deadline)),
            )
            .await?;
        tx.commit().await.context("committing a resumed case")?;
        resumed += 1;
    }
    Ok(resumed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_while_preparing_becomes_that_message_s_error() {
        assert_eq!(unpanicked(|| 7), Ok(7));
        let e = unpanicked(|| -> u8 { panic!("bad charset table") }).expect_err("it panicked");
        assert!(e.contains("bad charset table"), "{e}");
        let n = 3;
        let e = unpanicked(|| -> u8 { panic!("index {n} out of range") }).expect_err("panicked");
        assert!(e.contains("index 3 out of range"), "{e}");
    }

    #[test]
    fn a_robot_stamping_each_mail_with_a_number_repeats_itself() {
        let m = |subject: &str, body: &str| {
            mail::parse(
                format!("From: a@b.example\r\nSubject: {subject}\r\n\r\n{body}\r\n").as_bytes(),
            )
        };
        let a = m(
            "Re: ticket 1001",
            "Automatic notice 3: ticket 23107 updated at 10:41",
        );
        let b = m(
            "Re: ticket 1002",
            "Automatic notice 4: ticket 9 updated at 10:42",
        );
        assert_eq!(loop_shape(&a), loop_shape(&b));
        // Other words are another message, whatever the numbers.
        let c = m(
            "Re: ticket 1001",
            "Automatic notice 3: ticket 23107 closed at 10:41",
        );
        assert_ne!(loop_shape(&a), loop_shape(&c));
        assert_eq!(without_numbers("order 12-345, 2026"), "order #-#, #");
        assert_eq!(without_numbers("no digits"), "no digits");
    }
}
