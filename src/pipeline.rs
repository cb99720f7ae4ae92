//! Acting on stored messages: understand each one, then record the case change and the mail it
//! calls for in one transaction. Nothing is sent from here; the outbox sender does that.

use anyhow::{Context, Result};
use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::address::Address;
use crate::app::App;
use crate::authority::{self, Action, CasePeople, Proof, Request, Rules, Verdict};
use crate::casework::{self, Opening};
use crate::classify::{self, Decision};
use crate::intake::{self, Intake};
use crate::mail::{self, Mail};
use crate::reply;
use crate::store::{self, CaseRow, MessageFacts, parse_ts, ts};
use crate::thread;
use crate::understand::{self, Automatic, Confidence, ThreadCase, Understanding};

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
    },
    /// A reply to the digest: its commands take their own transactions, so it is handled
    /// alone, after the batch before it has committed.
    DigestReply(Box<Mail>),
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
        let (mut prepared, preparer) = prepare_batch(app, batch)?;
        let mut progressed = false;
        let mut alone = None;
        let mut received_rows = 0;
        let mut tx = app.store.write().await?;
        // Each message runs inside the savepoint `message`; after it, one statement both keeps
        // its work and opens the next message's savepoint (a statement is a round trip to
        // SQLite's thread). COMMIT keeps whatever is still open.
        savepoint(&mut tx, "SAVEPOINT message").await?;
        // Case numbers are handed out here rather than by the INSERT, so that a case, its
        // history and its forward need no answer from SQLite before they are written; the
        // write transaction keeps every other writer out.
        let mut next_case = store::next_case_id(&mut tx).await?;
        while let Some((row, ready)) = prepared.recv().await {
            received_rows += 1;
            if outcome.failed > 0 && row.attempts >= MAX_ATTEMPTS {
                continue;
            }
            let received = parse_ts(&row.received_at).unwrap_or(now);
            let outcome_of = match ready {
                Ok(ready) => {
                    process_message(&mut tx, app, &row, ready, received, next_case, now).await
                }
                Err(why) => Err(anyhow::anyhow!("{why}")),
            };
            match outcome_of {
                Ok(Processed::Done { new_case }) => {
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
        if let Some((row, mail)) = alone {
            match crate::digest_reply::handle(app, row.id, &mail, now).await {
                Ok(_) => {
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

fn prepare(config: &crate::config::Config, model: &crate::model::Model, raw: &[u8]) -> Prepared {
    intake::intake(config, Some(model), raw)
}

type PreparedRows =
    tokio::sync::mpsc::UnboundedReceiver<(store::MessageRow, Result<Prepared, String>)>;

/// Parse, detect and route a batch on a blocking thread, in order, while the writer works
/// through the messages already prepared: on two cores the pure half of processing (about a
/// third of it, most of it routing) no longer waits for SQLite, nor SQLite for it.
fn prepare_batch(
    app: &App,
    batch: Vec<store::MessageRow>,
) -> Result<(PreparedRows, tokio::task::JoinHandle<()>)> {
    let config = std::sync::Arc::clone(&app.config);
    let model = app
        .model
        .read()
        .map_err(|_| anyhow::anyhow!("model lock poisoned"))?
        .clone();
    let (send, receive) = tokio::sync::mpsc::unbounded_channel();
    let preparer = tokio::task::spawn_blocking(move || {
        for row in batch {
            // Hostile mail must never stop the inbox: a message whose preparation panics fails
            // alone, like any processing error, and is quarantined after `MAX_ATTEMPTS`.
            let ready = unpanicked(|| prepare(&config, &model, &row.raw));
            if send.send((row, ready)).is_err() {
                // The writer stopped early (a digest reply is handled alone).
                return;
            }
        }
    });
    Ok((receive, preparer))
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

async fn savepoint(conn: &mut sqlx::SqliteConnection, sql: &'static str) -> Result<()> {
    sqlx::query(sql)
        .execute(&mut *conn)
        .await
        .with_context(|| format!("{sql} (a message's savepoint)"))?;
    Ok(())
}

/// Record that processing `row` failed. Returns whether it is now quarantined.
async fn failed(
    conn: &mut sqlx::SqliteConnection,
    app: &App,
    row: &store::MessageRow,
    e: &anyhow::Error,
    now: DateTime<Utc>,
    outcome: &mut ProcessOutcome,
) -> Result<bool> {
    tracing::warn!(message = row.id, "processing failed: {e:#}");
    outcome.failed += 1;
    if row.attempts + 1 >= MAX_ATTEMPTS {
        // Issue 6: this failure quarantines it; tell the executives once.
        report_quarantine(conn, app, row.id, &row.raw, &format!("{e:#}"), now).await?;
    }
    let quarantined =
        store::message_failed(conn, row.id, &format!("{e:#}"), MAX_ATTEMPTS, now).await?;
    if quarantined {
        tracing::error!(
            message = row.id,
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
    conn: &mut sqlx::SqliteConnection,
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

/// How far back a customer's same-subject mail joins their case, and a different subject is
/// shown as possibly related.
const SAME_SUBJECT_DAYS: i64 = 30;
const RELATED_DAYS: i64 = 14;
/// More messages than this from one sender on one case within ten minutes is a loop, not a
/// person: the circuit breaker ignores them.
const FAST_THREAD: i64 = 5;

/// Everyone a case's mail went to, for checking reply tokens.
async fn participants(
    conn: &mut sqlx::SqliteConnection,
    app: &App,
    case: &CaseRow,
) -> Result<Vec<Address>> {
    let mut people: Vec<Address> = app.config.executives.clone();
    for a in [&case.owner, &case.customer_address, &case.escalate_to] {
        if let Ok(a) = Address::parse(a) {
            people.push(a);
        }
    }
    for recipients in store::case_recipients(conn, case.id).await? {
        let list: Vec<String> = serde_json::from_str(&recipients).unwrap_or_default();
        people.extend(list.iter().filter_map(|r| Address::parse(r).ok()));
    }
    people.sort();
    people.dedup();
    Ok(people)
}

/// Tokens of ours in raw bytes (a bounce quotes the headers of the mail it returns).
fn tokens_in_raw(raw: &[u8], domain: &str) -> Vec<String> {
    let text = String::from_utf8_lossy(raw);
    let suffix = format!("@{domain}");
    text.split(|c: char| c.is_whitespace() || c == '<' || c == '>' || c == '"')
        .filter(|w| w.ends_with(&suffix))
        .filter_map(|w| thread::token_in_message_id(w).map(str::to_string))
        .collect()
}

/// Whom a reply token of ours on `case` was made for, if it verifies.
async fn check(
    conn: &mut sqlx::SqliteConnection,
    app: &App,
    case: &CaseRow,
    token: &str,
) -> Result<Option<Address>> {
    let people = participants(conn, app, case).await?;
    Ok(thread::verify(&app.secret, token, case.id, &people).cloned())
}

struct Found {
    case: CaseRow,
    how: &'static str,
    confidence: Confidence,
    /// For a verified token: whom the mail it answers was sent to.
    token_for: Option<Address>,
}

/// Find the case a message belongs to, trying the strongest evidence first: a reply token in a
/// recipient address, References/In-Reply-To, a token in a quoted Message-ID (bounces), the
/// Outlook Thread-Index, the `[#N]` subject tag, then the same customer and subject.
#[allow(clippy::too_many_arguments)]
async fn find_thread(
    conn: &mut sqlx::SqliteConnection,
    app: &App,
    mail: &Mail,
    raw: &[u8],
    sender: Option<&Address>,
    subject_key: &str,
    customer_cases: &[store::CustomerCase],
    now: DateTime<Utc>,
) -> Result<Option<Found>> {
    let public = app.config.inbox.address.without_tag();
    // 1. A token in a recipient's +tag.
    for r in &mail.recipients {
        if r.without_tag() != public {
            continue;
        }
        if let Some(tag) = r.tag()
            && let Some((case_id, _)) = thread::parse_token(tag)
            && let Some(case) = store::case(&mut *conn, case_id).await?
        {
            let token_for = check(conn, app, &case, tag).await?;
            if token_for.is_some() {
                return Ok(Some(Found {
                    case,
                    how: "reply token",
                    confidence: Confidence::High,
                    token_for,
                }));
            }
            tracing::warn!(
                case = case_id,
                "a reply token that does not verify: ignored"
            );
        }
    }
    // 2. References and In-Reply-To, newest first.
    let ids: Vec<&String> = mail
        .in_reply_to
        .iter()
        .chain(mail.references.iter().rev())
        .collect();
    for id in &ids {
        let token = thread::token_in_message_id(id)
            .filter(|_| id.ends_with(&format!("@{}", app.id_domain())));
        if let Some(case_id) = store::case_by_message_id(conn, id).await?
            && let Some(case) = store::case(&mut *conn, case_id).await?
        {
            let token_for = match token {
                Some(t) => check(conn, app, &case, t).await?,
                None => None,
            };
            return Ok(Some(Found {
                case,
                how: "references",
                confidence: Confidence::High,
                token_for,
            }));
        }
        if let Some(t) = token
            && let Some((case_id, _)) = thread::parse_token(t)
            && let Some(case) = store::case(&mut *conn, case_id).await?
        {
            let token_for = check(conn, app, &case, t).await?;
            if token_for.is_some() {
                return Ok(Some(Found {
                    case,
                    how: "references (our Message-ID)",
                    confidence: Confidence::High,
                    token_for,
                }));
            }
        }
    }
    // 3. Our Message-ID quoted inside the message (a bounce's returned headers).
    if understand::automatic(mail) == Some(Automatic::Bounce) {
        for t in tokens_in_raw(raw, app.id_domain()) {
            if let Some((case_id, _)) = thread::parse_token(&t)
                && let Some(case) = store::case(&mut *conn, case_id).await?
            {
                let token_for = check(conn, app, &case, &t).await?;
                if token_for.is_some() {
                    return Ok(Some(Found {
                        case,
                        how: "returned headers",
                        confidence: Confidence::High,
                        token_for,
                    }));
                }
            }
        }
    }
    let Some(sender) = sender else {
        return Ok(None);
    };
    // 4. Outlook's Thread-Index.
    if let Some(key) = mail.thread_index.as_deref().and_then(thread::thread_key)
        && let Some(case_id) = store::case_by_thread_key(conn, &key).await?
        && let Some(case) = store::case(&mut *conn, case_id).await?
    {
        return Ok(Some(Found {
            case,
            how: "Outlook Thread-Index",
            confidence: Confidence::Medium,
            token_for: None,
        }));
    }
    // 5. The [#N] tag, from someone the case knows.
    if let Some(case_id) = thread::case_in_subject(&mail.subject)
        && let Some(case) = store::case(&mut *conn, case_id).await?
        && participants(conn, app, &case).await?.contains(sender)
    {
        return Ok(Some(Found {
            case,
            how: "subject tag",
            confidence: Confidence::Medium,
            token_for: None,
        }));
    }
    // 6. The same customer, the same subject, recently.
    if !subject_key.is_empty()
        && let Some(case_id) = same_subject(customer_cases, subject_key, now)
        && let Some(case) = store::case(&mut *conn, case_id).await?
    {
        return Ok(Some(Found {
            case,
            how: "same customer and subject",
            confidence: Confidence::Medium,
            token_for: None,
        }));
    }
    // 7. The same customer has an unfinished case: possibly related, never merged.
    if let Some(case_id) = unfinished(customer_cases, now)
        && let Some(case) = store::case(&mut *conn, case_id).await?
    {
        return Ok(Some(Found {
            case,
            how: "same customer",
            confidence: Confidence::Low,
            token_for: None,
        }));
    }
    Ok(None)
}

/// The customer's newest case with this subject, opened in the last `SAME_SUBJECT_DAYS`.
fn same_subject(
    cases: &[store::CustomerCase],
    subject_key: &str,
    now: DateTime<Utc>,
) -> Option<i64> {
    let since = ts(now - chrono::Duration::days(SAME_SUBJECT_DAYS));
    cases
        .iter()
        .find(|c| c.subject_key.as_deref() == Some(subject_key) && c.opened_at >= since)
        .map(|c| c.id)
}

/// The customer's newest case opened in the last `RELATED_DAYS` that is not closed.
fn unfinished(cases: &[store::CustomerCase], now: DateTime<Utc>) -> Option<i64> {
    let since = ts(now - chrono::Duration::days(RELATED_DAYS));
    cases
        .iter()
        .find(|c| c.opened_at >= since && c.status != "closed")
        .map(|c| c.id)
}

/// Act on one message in the caller's transaction.
/// `next_case` is the number a case opened by this message gets.
async fn process_message(
    conn: &mut sqlx::SqliteConnection,
    app: &App,
    row: &store::MessageRow,
    ready: Prepared,
    received: DateTime<Utc>,
    next_case: i64,
    now: DateTime<Utc>,
) -> Result<Processed> {
    let (id, raw) = (row.id, row.raw.as_slice());
    let Intake {
        mail,
        sender,
        language,
        automatic: _,
        decision: routed,
    } = ready;
    let subject_key = thread::normalise_subject(&mail.subject);
    let thread_key = mail.thread_index.as_deref().and_then(thread::thread_key);
    // How far back the customer's history matters: thread matching looks back
    // `SAME_SUBJECT_DAYS` (the longest of its windows), the repeat-customer count over the
    // configured window before the message arrived.
    let repeat_window = chrono::Duration::from_std(app.config.routing.repeat_window)
        .unwrap_or(chrono::Duration::days(14));
    let repeat_since = received - repeat_window;
    let customer_cases = match &sender {
        Some(s) => {
            let since = repeat_since.min(now - chrono::Duration::days(SAME_SUBJECT_DAYS));
            store::customer_cases(conn, s.as_str(), since).await?
        }
        None => Vec::new(),
    };
    let found = find_thread(
        conn,
        app,
        &mail,
        raw,
        sender.as_ref(),
        &subject_key,
        &customer_cases,
        now,
    )
    .await?;
    let thread_case = found.as_ref().and_then(|f| {
        Some(ThreadCase {
            case_id: f.case.id,
            owner: Address::parse(&f.case.owner).ok()?,
            customer: Address::parse(&f.case.customer_address)
                .unwrap_or_else(|_| app.config.inbox.address.clone()),
            matched_by: f.how,
            confidence: f.confidence,
            token_for: f.token_for.clone(),
        })
    });
    let proof = proof_of(app, &mail, sender.as_ref());
    let rules = rules(app);
    let understanding = understand::understand(
        &mail,
        &app.config.inbox.address,
        &rules,
        thread_case.as_ref(),
        proof,
    );
    tracing::info!(message = id, subject = %mail.subject, ?understanding, "understood");
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
    let facts = MessageFacts {
        sender: sender.as_ref().map(Address::as_str),
        thread_key: thread_key.as_deref(),
        subject_key: Some(&subject_key),
        language,
        matched_by: matched_by.as_deref(),
    };

    // The circuit breaker on incoming mail, by the shape of a loop, not by volume: a thread
    // moving faster than people reply *and* repeating itself. A person's burst of different
    // follow-ups is forwarded (the hourly caps pace it), and forged mail in someone's name
    // cannot silence their real, different reply.
    if let (Some(f), Some(s)) = (&found, &sender)
        && !matches!(understanding, Understanding::NewComplaint { .. })
        && repeats_itself(conn, f.case.id, s, &mail, now).await?
    {
        let why = format!(
            "{s} wrote {FAST_THREAD}+ messages on this case within 10 minutes, this one \
             repeating an earlier one word for word: ignored as a mail loop"
        );
        store::insert_event(
            conn,
            f.case.id,
            now,
            "circuit_breaker",
            Some(s.as_str()),
            Some(id),
            &why,
        )
        .await?;
        crate::outgoing::notice_executives(
            conn,
            app,
            &format!("breaker:in:{}", now.format("%Y-%m-%d")),
            Some(f.case.id),
            "a mail loop was stopped (circuit breaker)",
            &f.case.subject,
            &f.case.owner,
            &why,
            now,
        )
        .await?;
        store::mark_understood(conn, id, &facts, "loop", Some(f.case.id), now).await?;
        return Ok(Processed::Done { new_case: false });
    }

    // An executive's reply to the digest carries commands, not a complaint (checked before a
    // manual `?` routing, which an executive's mail could otherwise look like).
    if matches!(understanding, Understanding::NewComplaint { .. })
        && crate::digest_reply::replies_to_digest(conn, &mail).await?
    {
        return Ok(Processed::DigestReply(Box::new(mail)));
    }
    let mut opened = false;
    let (kind, case_id): (&str, Option<i64>) = match understanding {
        Understanding::NewComplaint { related } => {
            // Routing by hand: an executive's `? colleague@` first line, if `authority` sees
            // the proof it needs; otherwise the mail goes to triage, saying why.
            let manual = sender
                .as_ref()
                .filter(|s| app.config.is_executive(s))
                .and_then(|_| reply::manual_route(&mail.text))
                .map(|(to, note)| {
                    let token_for = digest_token_for(app, &mail);
                    let verdict = authority::decide(
                        &rules,
                        None,
                        &Request {
                            sender: sender.as_ref(),
                            token_for: token_for.as_ref(),
                            proof,
                            action: Action::ManualRoute { to: &to },
                        },
                    );
                    (to, note, verdict)
                });
            let (decision, route, owner, customer, customer_name, note) = match manual {
                Some((owner, note, Verdict::Allow)) => {
                    let route = app
                        .config
                        .routes
                        .iter()
                        .find(|r| r.owner == owner)
                        .unwrap_or(&app.config.triage);
                    let by = sender.as_ref().map(|s| s.to_string()).unwrap_or_default();
                    let decision = Decision {
                        route: route.name.clone(),
                        owner: owner.to_string(),
                        priority: classify::Priority::Normal,
                        confidence: 1.0,
                        reasons: vec![format!("routed by hand by {by}")],
                        candidates: Vec::new(),
                    };
                    let fwd = mail.forwarded_from.clone();
                    let customer = fwd
                        .as_ref()
                        .and_then(|f| f.address.clone())
                        .or_else(|| sender.clone());
                    let name = fwd
                        .and_then(|f| f.name)
                        .or_else(|| mail.from.as_ref().and_then(|f| f.name.clone()));
                    let note = if note.is_empty() {
                        format!("From {by}.")
                    } else {
                        format!("From {by}: {note}")
                    };
                    (decision, route, owner, customer, name, Some(note))
                }
                Some((to, note, Verdict::Triage(why))) => {
                    let by = sender.as_ref().map(ToString::to_string).unwrap_or_default();
                    tracing::warn!(
                        message = id,
                        "routing by hand from {by} not followed: {why}"
                    );
                    crate::outgoing::notice_executives(
                        conn,
                        app,
                        &format!("routing_refused:{}", now.format("%Y-%m-%d")),
                        None,
                        "a routing request by hand was not followed",
                        &mail.subject,
                        "",
                        &format!(
                            "{why}\n\nThe mail went to triage instead. This notice comes once \
                             a day; the case's reasons say what was asked."
                        ),
                        now,
                    )
                    .await?;
                    let decision = Decision {
                        route: app.config.triage.name.clone(),
                        owner: app.config.triage.owner.to_string(),
                        priority: classify::Priority::Normal,
                        confidence: 0.0,
                        reasons: vec![why.clone()],
                        candidates: Vec::new(),
                    };
                    // Nothing proves who wrote it: its customer is its sender (a company
                    // address), never the forwarded mail's, so no `#reply` can reach a third
                    // party on the strength of a forged From line.
                    let note = if note.is_empty() {
                        format!("{why}. Asked for {to}.")
                    } else {
                        format!("{why}. Asked for {to}, with the note: {note}")
                    };
                    (
                        decision,
                        &app.config.triage,
                        app.config.triage.owner.clone(),
                        sender.clone(),
                        mail.from.as_ref().and_then(|f| f.name.clone()),
                        Some(note),
                    )
                }
                Some((_, _, Verdict::Refuse(_))) | None => {
                    let since = ts(repeat_since);
                    let prior = customer_cases
                        .iter()
                        .filter(|c| c.opened_at >= since)
                        .count();
                    let prior = u32::try_from(prior).unwrap_or(u32::MAX);
                    // Prepared as a first contact; earlier contacts only matter to urgency
                    // (the repeat-customer rule), so route again only when they do.
                    let repeat = app.config.routing.repeat_contacts;
                    let first_contact_holds =
                        prior == 0 || repeat == 0 || prior.saturating_add(1) < repeat;
                    let decision = match routed {
                        Some(d) if first_contact_holds || !mail.parsed => d,
                        Some(_) => {
                            let model = app
                                .model
                                .read()
                                .map_err(|_| anyhow::anyhow!("model lock poisoned"))?
                                .clone();
                            intake::route(
                                &app.config,
                                Some(&model),
                                &mail,
                                sender.as_ref(),
                                language,
                                prior,
                            )
                        }
                        None => intake::unparsed(&app.config),
                    };
                    let route = app
                        .config
                        .route(&decision.route)
                        .unwrap_or(&app.config.triage);
                    (
                        decision,
                        route,
                        route.owner.clone(),
                        sender.clone(),
                        mail.from.as_ref().and_then(|f| f.name.clone()),
                        None,
                    )
                }
            };
            let case_id = casework::open_case(
                conn,
                app,
                &Opening {
                    case_id: next_case,
                    message: id,
                    raw,
                    mail: &mail,
                    decision: &decision,
                    route,
                    owner,
                    customer,
                    customer_name,
                    note,
                    related,
                    language,
                    subject_key: &subject_key,
                    received,
                },
                now,
            )
            .await?;
            opened = true;
            ("complaint", Some(case_id))
        }
        Understanding::FollowUp { case_id } => {
            let case = found
                .as_ref()
                .map(|f| f.case.clone())
                .context("follow-up without its case")?;
            casework::follow_up(
                conn,
                app,
                id,
                raw,
                &mail,
                &case,
                matched_by.as_deref().unwrap_or(""),
                now,
            )
            .await?;
            ("follow_up", Some(case_id))
        }
        Understanding::Answer { case_id, by } => {
            let case = found
                .as_ref()
                .map(|f| f.case.clone())
                .context("answer without its case")?;
            let text = understand::reply_text(&mail.text);
            let how = matched_by.as_deref().unwrap_or("");
            if let Some(cmd) = reply::parse_command(&text, now) {
                // Each command asks `authority` on its own (a reassignment, for one, only to
                // a colleague); a refusal is recorded and its writer told why.
                let verdict = match &cmd {
                    Ok(c) => authority::decide(
                        &rules,
                        Some(&CasePeople {
                            owner: &thread_case
                                .as_ref()
                                .map(|t| t.owner.clone())
                                .context("answer without its case")?,
                            customer: Address::parse(&case.customer_address).ok().as_ref(),
                        }),
                        &Request {
                            sender: Some(&by),
                            token_for: found.as_ref().and_then(|f| f.token_for.as_ref()),
                            proof,
                            action: command_action(c),
                        },
                    ),
                    Err(_) => Verdict::Allow,
                };
                match verdict {
                    Verdict::Allow => {
                        casework::command(conn, app, id, &case, &by, cmd, now).await?;
                    }
                    Verdict::Refuse(why) | Verdict::Triage(why) => {
                        casework::command(conn, app, id, &case, &by, Err(why), now).await?;
                    }
                }
                ("command", Some(case_id))
            } else if reply::is_holding(&text) {
                store::insert_event(
                    conn,
                    case_id,
                    now,
                    "holding_reply",
                    Some(by.as_str()),
                    Some(id),
                    &format!("({how}) {text} — recorded; the clock keeps running"),
                )
                .await?;
                ("holding_reply", Some(case_id))
            } else {
                casework::answered(conn, app, id, &case, &by, &text, how, now).await?;
                ("answer", Some(case_id))
            }
        }
        Understanding::Unauthorized { case_id, by, why } => {
            let who = by.as_ref().map(|a| a.to_string());
            store::insert_event(
                conn,
                case_id,
                now,
                "unauthorized_reply",
                who.as_deref(),
                Some(id),
                &format!(
                    "a reply from {} was recorded and changed nothing: {why}",
                    who.as_deref().unwrap_or("an unknown sender")
                ),
            )
            .await?;
            ("unauthorized", Some(case_id))
        }
        Understanding::Automatic {
            why,
            case_id,
            from_owner,
        } => {
            if let (Some(case_id), Some(f)) = (case_id, &found) {
                let who = sender.as_ref().map(|a| a.to_string());
                store::insert_event(
                    conn,
                    case_id,
                    now,
                    why.as_str(),
                    who.as_deref(),
                    Some(id),
                    &format!(
                        "automatic mail ({}), not an answer: {}",
                        why.as_str(),
                        mail.subject
                    ),
                )
                .await?;
                let people = CasePeople {
                    owner: &thread_case
                        .as_ref()
                        .map(|t| t.owner.clone())
                        .context("automatic mail on a case without its owner")?,
                    customer: None,
                };
                let asks = |action| Request {
                    sender: sender.as_ref(),
                    token_for: f.token_for.as_ref(),
                    proof,
                    action,
                };
                match why {
                    Automatic::AutoReply if from_owner && f.case.status == "open" => {
                        // Proved first against the owner themself: forged out-of-office mail
                        // must not even leave an "away" note.
                        match authority::decide(
                            &rules,
                            Some(&people),
                            &asks(Action::AwayReroute { to: people.owner }),
                        ) {
                            Verdict::Allow => {
                                out_of_office(conn, app, &rules, id, &mail, &f.case, &asks, now)
                                    .await?;
                            }
                            Verdict::Refuse(why) | Verdict::Triage(why) => {
                                ignored(conn, f.case.id, sender.as_ref(), id, &why, now).await?;
                            }
                        }
                    }
                    Automatic::Bounce if f.case.status == "open" => {
                        match authority::decide(&rules, Some(&people), &asks(Action::BounceReroute))
                        {
                            Verdict::Allow => bounced(conn, app, id, &f.case, now).await?,
                            Verdict::Refuse(why) | Verdict::Triage(why) => {
                                if f.token_for.is_some() {
                                    // A bounce of mail to someone else (a customer): recorded.
                                    tracing::info!(message = id, "{why}");
                                } else {
                                    ignored(conn, f.case.id, sender.as_ref(), id, &why, now)
                                        .await?;
                                }
                            }
                        }
                    }
                    _ => {}
                }
            } else {
                tracing::info!(message = id, "set aside automatic mail ({})", why.as_str());
            }
            (why.as_str(), case_id)
        }
        Understanding::OwnMail => ("own", None),
    };
    store::mark_understood(conn, id, &facts, kind, case_id, now).await?;
    Ok(Processed::Done { new_case: opened })
}

/// The owner's out-of-office (already proven to answer mail qmark sent them): if they are
/// back after the deadline (or do not say), the case goes at once to the delegate they name if
/// `authority` accepts them (a colleague), else the route's backup.
#[allow(clippy::too_many_arguments)]
async fn out_of_office<'a>(
    conn: &mut sqlx::SqliteConnection,
    app: &App,
    rules: &Rules<'_>,
    message: i64,
    mail: &Mail,
    case: &CaseRow,
    asks: &impl Fn(Action<'a>) -> Request<'a>,
    now: DateTime<Utc>,
) -> Result<()> {
    let owner = Address::parse(&case.owner).context("stored owner address is invalid")?;
    let deadline = store::parse_ts(&case.deadline).unwrap_or(now);
    let back = reply::return_date(&mail.text, now);
    if back.is_some_and(|b| b <= deadline) {
        store::insert_event(
            conn,
            case.id,
            now,
            "owner_away",
            Some(owner.as_str()),
            Some(message),
            &format!(
                "back {} — before the deadline; the case stays",
                back.map(ts).unwrap_or_default()
            ),
        )
        .await?;
        return Ok(());
    }
    let domains = [app.config.inbox.address.domain(), owner.domain()];
    let route = app.config.route(&case.route).unwrap_or(&app.config.triage);
    let people = CasePeople {
        owner: &owner,
        customer: None,
    };
    let mut refused = Vec::new();
    let mut to = None;
    for candidate in reply::delegate(&mail.text, &owner, &domains)
        .into_iter()
        .chain(route.backup.clone())
        .filter(|t| *t != owner)
    {
        // The request borrows the candidate only for the decision.
        let candidate_ref: &Address = &candidate;
        let verdict = authority::decide(
            rules,
            Some(&people),
            &Request {
                action: Action::AwayReroute { to: candidate_ref },
                ..asks(Action::BounceReroute)
            },
        );
        match verdict {
            Verdict::Allow => {
                to = Some(candidate);
                break;
            }
            Verdict::Refuse(why) | Verdict::Triage(why) => refused.push(why),
        }
    }
    let when = back.map_or("without a return date".to_string(), |b| {
        format!("until {}", ts(b))
    });
    match to {
        Some(to) => {
            casework::reassign(
                conn,
                app,
                message,
                case,
                &to,
                &format!("{owner} is away {when}, past the deadline"),
                Some(owner.as_str()),
                now,
            )
            .await?;
        }
        None => {
            let refusals = if refused.is_empty() {
                String::new()
            } else {
                format!(" ({})", refused.join("; "))
            };
            store::insert_event(
                conn,
                case.id,
                now,
                "owner_away",
                Some(owner.as_str()),
                Some(message),
                &format!(
                    "away {when}; no delegate qmark may give the case to and no backup configured for route {}{refusals}",
                    case.route
                ),
            )
            .await?;
        }
    }
    Ok(())
}

/// Automatic mail that asked, in effect, for a change it has no right to: recorded, nothing
/// else.
async fn ignored(
    conn: &mut sqlx::SqliteConnection,
    case_id: i64,
    sender: Option<&Address>,
    message: i64,
    why: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    tracing::warn!(message, case = case_id, "automatic mail ignored: {why}");
    store::insert_event(
        conn,
        case_id,
        now,
        "unauthorized_reply",
        sender.map(Address::as_str),
        Some(message),
        why,
    )
    .await
}

/// The `?` forward to the owner bounced: the case goes to the route's backup, or to triage,
/// and the executives are told once.
async fn bounced(
    conn: &mut sqlx::SqliteConnection,
    app: &App,
    message: i64,
    case: &CaseRow,
    now: DateTime<Utc>,
) -> Result<()> {
    let route = app.config.route(&case.route).unwrap_or(&app.config.triage);
    let owner = case.owner.clone();
    let to = route
        .backup
        .clone()
        .filter(|b| b.as_str() != owner)
        .unwrap_or_else(|| app.config.triage.owner.clone());
    if to.as_str() != owner {
        casework::reassign(
            conn,
            app,
            message,
            case,
            &to,
            &format!("the forward to {owner} bounced"),
            None,
            now,
        )
        .await?;
    }
    crate::outgoing::notice_executives(
        conn,
        app,
        &format!("bounce:{owner}:{}", now.format("%Y-%m-%d")),
        Some(case.id),
        &format!("mail to {owner} bounced"),
        &case.subject,
        &owner,
        &format!("The ? forward of case #{} could not be delivered to {owner}; it went to {to}. Check the route's owner in the config.", case.id),
        now,
    )
    .await
}

/// Whether `mail` is a loop's: `sender` wrote `FAST_THREAD`+ messages on the case in the last
/// ten minutes and at least two of them are this one again (its new text with quotes cut,
/// subject and attachments).
async fn repeats_itself(
    conn: &mut sqlx::SqliteConnection,
    case_id: i64,
    sender: &Address,
    mail: &Mail,
    now: DateTime<Utc>,
) -> Result<bool> {
    let since = now - chrono::Duration::minutes(10);
    if store::messages_from_on_case(conn, case_id, sender.as_str(), since).await? < FAST_THREAD {
        return Ok(false);
    }
    // What a robot repeats: the same new words, the same subject once prefixes are stripped,
    // the same attachments. A person re-sending one text with other attachments is no loop.
    let shape = |m: &Mail| {
        let words = understand::reply_text(&m.text)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        let attachments: Vec<(Option<String>, usize)> = m
            .attachments
            .iter()
            .map(|a| (a.name.clone(), a.size))
            .collect();
        (words, thread::normalise_subject(&m.subject), attachments)
    };
    let this = shape(mail);
    let earlier = store::recent_raw_from_on_case(conn, case_id, sender.as_str(), since, 20).await?;
    let same = earlier
        .iter()
        .filter(|raw| shape(&mail::parse(raw)) == this)
        .count();
    Ok(same >= 2)
}

/// What the receiving server said about the sender: `Unchecked` when no trusted server is
/// configured.
pub fn proof_of(app: &App, mail: &Mail, sender: Option<&Address>) -> Proof {
    match (&app.config.trusted_authserv_id, sender) {
        (None, _) => Proof::Unchecked,
        (Some(id), Some(s))
            if reply::authenticated(&mail.authentication_results, id, s.domain()) =>
        {
            Proof::Verified
        }
        (Some(_), _) => Proof::Failed,
    }
}

/// The installation's standing facts for `authority`.
pub fn rules(app: &App) -> Rules<'_> {
    Rules {
        executives: &app.config.executives,
        company: &app.config.company,
    }
}

/// Whom a digest token in `mail` was made for: in a recipient's +tag (`ceo+qd-…@`, the
/// Reply-To of a digest), or at the start of a Message-ID of ours it refers to.
pub fn digest_token_for(app: &App, mail: &Mail) -> Option<Address> {
    let public = app.config.inbox.address.without_tag();
    let execs = &app.config.executives;
    let in_recipients = mail
        .recipients
        .iter()
        .filter(|r| r.without_tag() == public)
        .filter_map(|r| r.tag())
        .find_map(|tag| thread::verify_digest(&app.secret, tag, execs));
    let ours = format!("@{}", app.id_domain());
    in_recipients
        .or_else(|| {
            mail.in_reply_to
                .iter()
                .chain(mail.references.iter())
                .filter(|id| id.ends_with(&ours))
                .filter_map(|id| thread::digest_token_in_message_id(id))
                .find_map(|t| thread::verify_digest(&app.secret, t, execs))
        })
        .cloned()
}

/// The `authority` action a reply command asks for.
fn command_action(c: &crate::reply::Command) -> Action<'_> {
    use crate::reply::Command;
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
            crate::ladder::deadline(&app.config, route, &case.owner, &case.priority, now)?;
        let mut tx = app.store.write().await?;
        store::reopen(&mut tx, case.id, deadline, now).await?;
        store::insert_event(
            &mut tx,
            case.id,
            now,
            "resumed",
            None,
            None,
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
}
