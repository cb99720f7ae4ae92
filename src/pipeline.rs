//! Acting on stored messages: understand each one, then record the case change and the mail it
//! calls for in one transaction. Nothing is sent from here; the outbox sender does that.

use anyhow::{Context, Result};
use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::address::Address;
use crate::app::{App, new_token};
use crate::classify::{self, Decision};
use crate::compose::{self, Body, Head};
use crate::mail::{self, Mail};
use crate::render::human_duration;
use crate::store::{self, CaseRow, NewCase, NewOutbox, parse_ts};
use crate::understand::{self, ThreadCase, Understanding};

/// Processing a message fails this many times before it is quarantined.
pub const MAX_ATTEMPTS: i64 = 5;

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ProcessOutcome {
    pub processed: usize,
    pub new_cases: usize,
    pub failed: usize,
    pub quarantined: usize,
}

/// Process every stored message that has not been processed yet.
pub async fn process_once(app: &App, now: DateTime<Utc>) -> Result<ProcessOutcome> {
    let mut outcome = ProcessOutcome::default();
    loop {
        let batch = app.store.messages_to_process(100).await?;
        if batch.is_empty() {
            return Ok(outcome);
        }
        let mut progressed = false;
        for row in batch {
            if outcome.failed > 0 && row.attempts >= MAX_ATTEMPTS {
                continue;
            }
            let received = parse_ts(&row.received_at).unwrap_or(now);
            match process_message(app, row.id, &row.raw, received, now).await {
                Ok(new_case) => {
                    outcome.processed += 1;
                    outcome.new_cases += usize::from(new_case);
                    progressed = true;
                }
                Err(e) => {
                    tracing::warn!(message = row.id, "processing failed: {e:#}");
                    outcome.failed += 1;
                    if app
                        .store
                        .message_failed(row.id, &format!("{e:#}"), MAX_ATTEMPTS, now)
                        .await?
                    {
                        tracing::error!(
                            message = row.id,
                            "quarantined after {MAX_ATTEMPTS} failures"
                        );
                        outcome.quarantined += 1;
                        progressed = true;
                    }
                }
            }
        }
        if !progressed {
            // Every remaining message failed this round; try them again on the next pass.
            return Ok(outcome);
        }
    }
}

/// Find the case a message's thread leads to: a case token in a recipient's `+tag`, then
/// In-Reply-To and References against Message-IDs we sent or stored.
pub async fn find_thread(app: &App, mail: &Mail) -> Result<Option<ThreadCase>> {
    let public = app.config.inbox.address.without_tag();
    let mut found: Option<(CaseRow, &'static str)> = None;
    for r in &mail.recipients {
        if r.without_tag() == public
            && let Some(tag) = r.tag()
            && let Some(case) = app.store.case_by_token(tag).await?
        {
            found = Some((case, "reply token"));
            break;
        }
    }
    if found.is_none() {
        // Newest reference first: In-Reply-To, then References from the end.
        let ids = mail.in_reply_to.iter().chain(mail.references.iter().rev());
        for id in ids {
            if let Some(case_id) = app.store.case_by_message_id(id).await?
                && let Some(case) = app.store.case(case_id).await?
            {
                found = Some((case, "references"));
                break;
            }
            // Our Message-IDs start with the case token, so a reply finds its case even if the
            // outbox row is gone.
            if id.ends_with(&format!("@{}", app.id_domain()))
                && let Some(token) = id.split('.').next()
                && let Some(case) = app.store.case_by_token(token).await?
            {
                found = Some((case, "references"));
                break;
            }
        }
    }
    Ok(found.and_then(|(case, how)| {
        Some(ThreadCase {
            case_id: case.id,
            owner: Address::parse(&case.owner).ok()?,
            customer: Address::parse(&case.customer_address).unwrap_or_else(|_| public.clone()),
            matched_by: how,
        })
    }))
}

/// Returns whether a new case was opened.
async fn process_message(
    app: &App,
    id: i64,
    raw: &[u8],
    received: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<bool> {
    let mail = mail::parse(raw);
    let thread = find_thread(app, &mail).await?;
    let understanding = understand::understand(
        &mail,
        &app.config.inbox.address,
        &app.config.executives,
        thread.as_ref(),
    );
    tracing::info!(message = id, subject = %mail.subject, ?understanding, "understood");
    let matched_by = thread.as_ref().map(|t| t.matched_by).unwrap_or("");
    match understanding {
        Understanding::NewComplaint => {
            // An executive's reply to the digest carries commands, not a complaint.
            if crate::digest_reply::handle(app, id, &mail, now).await? {
                return Ok(false);
            }
            let decision = if mail.parsed {
                classify::classify(&app.config, &mail.subject, &mail.text)
            } else {
                triage_unparsed(app)
            };
            open_case(app, id, raw, &mail, &decision, received, now).await?;
            Ok(true)
        }
        Understanding::FollowUp { case_id } => {
            follow_up(app, id, raw, &mail, case_id, now).await?;
            Ok(false)
        }
        Understanding::Answer { case_id, by } => {
            answer(app, id, &mail, case_id, &by, matched_by, now).await?;
            Ok(false)
        }
        Understanding::Unauthorized { case_id, by } => {
            let mut tx = app.store.write().await?;
            let who = by.as_ref().map(|a| a.to_string());
            store::insert_event(
                &mut tx,
                case_id,
                now,
                "unauthorized_reply",
                who.as_deref(),
                Some(id),
                &format!(
                    "a reply from {} (neither the owner nor an executive) was recorded and changed nothing",
                    who.as_deref().unwrap_or("an unknown sender")
                ),
            )
            .await?;
            store::mark_processed(&mut tx, id, "unauthorized", Some(case_id), now).await?;
            tx.commit()
                .await
                .context("committing an unauthorized reply")?;
            Ok(false)
        }
        Understanding::Automatic { why, case_id } => {
            let mut tx = app.store.write().await?;
            if let Some(case_id) = case_id {
                let sender = mail
                    .from
                    .as_ref()
                    .and_then(|f| f.address.as_ref())
                    .map(|a| a.to_string());
                store::insert_event(
                    &mut tx,
                    case_id,
                    now,
                    why.as_str(),
                    sender.as_deref(),
                    Some(id),
                    &format!(
                        "automatic mail ({}), not an answer: {}",
                        why.as_str(),
                        mail.subject
                    ),
                )
                .await?;
            } else {
                tracing::info!(message = id, "set aside automatic mail ({})", why.as_str());
            }
            store::mark_processed(&mut tx, id, why.as_str(), case_id, now).await?;
            tx.commit().await.context("committing automatic mail")?;
            Ok(false)
        }
        Understanding::OwnMail => {
            let mut tx = app.store.write().await?;
            store::mark_processed(&mut tx, id, "own", None, now).await?;
            tx.commit().await.context("committing our own mail")?;
            Ok(false)
        }
    }
}

fn triage_unparsed(app: &App) -> Decision {
    Decision {
        route: app.config.triage.name.clone(),
        owner: app.config.triage.owner.to_string(),
        priority: classify::Priority::Normal,
        confidence: 0.0,
        reasons: vec![
            "the message could not be parsed; sent to triage with the raw attached".into(),
        ],
    }
}

fn customer_line(mail: &Mail) -> String {
    match &mail.from {
        Some(f) => match (&f.name, &f.address) {
            (Some(n), Some(a)) => format!("{n} <{a}>"),
            (None, Some(a)) => a.to_string(),
            (_, None) => format!("{} (not a valid address)", f.raw),
        },
        None => "(no sender)".into(),
    }
}

#[derive(Serialize)]
struct ForwardView<'a> {
    note: Option<&'a str>,
    public: String,
    deadline: Option<String>,
    case_id: i64,
    route: &'a str,
    priority: &'a str,
    customer: String,
    date: String,
    subject: &'a str,
    attachments: Vec<String>,
    problem: Option<&'a str>,
    text: &'a str,
    truncated: bool,
    reopened: bool,
}

fn subject_or_placeholder(mail: &Mail) -> &str {
    if mail.subject.is_empty() {
        "(no subject)"
    } else {
        &mail.subject
    }
}

async fn open_case(
    app: &App,
    message: i64,
    raw: &[u8],
    mail: &Mail,
    decision: &Decision,
    received: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<()> {
    let route = app
        .config
        .route(&decision.route)
        .with_context(|| format!("route {:?} is not configured", decision.route))?;
    let deadline = crate::ladder::deadline(
        &app.config,
        route,
        &decision.owner,
        decision.priority.as_str(),
        received,
    )?;
    let token = new_token();
    let customer_address = mail
        .from
        .as_ref()
        .and_then(|f| f.address.as_ref())
        .map(|a| a.to_string())
        .unwrap_or_else(|| "unknown".into());
    let customer_name = mail.from.as_ref().and_then(|f| f.name.clone());
    let subject = subject_or_placeholder(mail);

    let mut tx = app.store.write().await?;
    let case_id = store::insert_case(
        &mut tx,
        &NewCase {
            token: &token,
            route: &route.name,
            owner: route.owner.as_str(),
            priority: decision.priority.as_str(),
            customer_address: &customer_address,
            customer_name: customer_name.as_deref(),
            subject,
            opened_at: received,
            deadline,
            escalate_to: route.escalate_to.as_str(),
        },
    )
    .await?;

    let view = ForwardView {
        note: None,
        public: app.config.inbox.address.to_string(),
        deadline: Some(store::ts(deadline)),
        case_id,
        route: &route.name,
        priority: decision.priority.as_str(),
        customer: customer_line(mail),
        date: mail
            .date
            .map(store::ts)
            .unwrap_or_else(|| "(no date)".into()),
        subject,
        attachments: attachment_lines(mail),
        problem: mail.problem.as_deref(),
        text: &mail.text,
        truncated: mail.text_truncated,
        reopened: false,
    };
    let text = app.templates.text("forward.txt", &view)?;
    let message_id = compose::new_message_id(&token, app.id_domain());
    let head = Head {
        from: app.config.smtp.from.clone(),
        reply_to: Some(app.config.inbox.address.with_tag(&token)),
        to: vec![route.owner.clone()],
        cc: vec![],
        subject: format!("? {subject}"),
        message_id: message_id.clone(),
        in_reply_to: None,
        references: vec![],
        date: now,
        auto_submitted: "auto-generated",
        loop_marker: app.config.inbox.address.clone(),
        case_id: Some(case_id),
    };
    let bytes = compose::compose(
        &head,
        Body {
            text,
            html: None,
            original: Some(raw),
        },
    );
    let recipients = vec![route.owner.to_string()];
    store::insert_outbox(
        &mut tx,
        &NewOutbox {
            dedupe_key: &format!("forward:{message}"),
            case_id: Some(case_id),
            purpose: "forward",
            message_id: &message_id,
            envelope_from: app.config.smtp.from.address.as_str(),
            recipients: &recipients,
            body: &bytes,
        },
        now,
    )
    .await?;
    let routed = serde_json::json!({
        "route": decision.route,
        "owner": decision.owner,
        "priority": decision.priority,
        "confidence": decision.confidence,
        "reasons": decision.reasons,
    });
    store::insert_event(
        &mut tx,
        case_id,
        now,
        "opened",
        Some(&customer_address),
        Some(message),
        subject,
    )
    .await?;
    store::insert_event(
        &mut tx,
        case_id,
        now,
        "routed",
        None,
        None,
        &routed.to_string(),
    )
    .await?;
    store::insert_event(
        &mut tx,
        case_id,
        now,
        "forward_queued",
        None,
        None,
        &format!(
            "? forward to {} queued, answer due {}",
            route.owner,
            store::ts(deadline)
        ),
    )
    .await?;
    store::mark_processed(&mut tx, message, "complaint", Some(case_id), now).await?;
    tx.commit().await.context("committing a new case")?;
    tracing::info!(case = case_id, route = %route.name, owner = %route.owner, "case opened");
    Ok(())
}

fn attachment_lines(mail: &Mail) -> Vec<String> {
    mail.attachments
        .iter()
        .map(|a| {
            format!(
                "{} ({}, {} bytes)",
                a.name.as_deref().unwrap_or("unnamed"),
                a.content_type,
                a.size
            )
        })
        .collect()
}

/// The Message-ID of the case's first forward, to thread later mail under it.
async fn forward_message_id(app: &App, case_id: i64) -> Result<Option<String>> {
    Ok(app
        .store
        .case_outbox(case_id)
        .await?
        .into_iter()
        .find(|o| o.purpose == "forward")
        .map(|o| o.message_id))
}

async fn follow_up(
    app: &App,
    message: i64,
    raw: &[u8],
    mail: &Mail,
    case_id: i64,
    now: DateTime<Utc>,
) -> Result<()> {
    let case = app.store.case(case_id).await?.context("case vanished")?;
    let route = app.config.route(&case.route).unwrap_or(&app.config.triage);
    let owner = Address::parse(&case.owner).context("stored owner address is invalid")?;
    let reopened = case.status != "open";
    let deadline = if reopened {
        crate::ladder::deadline(&app.config, route, &case.owner, &case.priority, now)?
    } else {
        parse_ts(&case.deadline).unwrap_or(now)
    };
    let first = forward_message_id(app, case_id).await?;
    let subject = subject_or_placeholder(mail);
    let view = ForwardView {
        note: None,
        public: app.config.inbox.address.to_string(),
        deadline: Some(store::ts(deadline)),
        case_id,
        route: &case.route,
        priority: &case.priority,
        customer: customer_line(mail),
        date: mail
            .date
            .map(store::ts)
            .unwrap_or_else(|| "(no date)".into()),
        subject,
        attachments: attachment_lines(mail),
        problem: mail.problem.as_deref(),
        text: &mail.text,
        truncated: mail.text_truncated,
        reopened,
    };
    let text = app.templates.text("follow_up.txt", &view)?;
    let message_id = compose::new_message_id(&case.token, app.id_domain());
    let head = Head {
        from: app.config.smtp.from.clone(),
        reply_to: Some(app.config.inbox.address.with_tag(&case.token)),
        to: vec![owner.clone()],
        cc: vec![],
        subject: format!("? {}", case.subject),
        message_id: message_id.clone(),
        in_reply_to: first.clone(),
        references: first.into_iter().collect(),
        date: now,
        auto_submitted: "auto-generated",
        loop_marker: app.config.inbox.address.clone(),
        case_id: Some(case_id),
    };
    let bytes = compose::compose(
        &head,
        Body {
            text,
            html: None,
            original: Some(raw),
        },
    );
    let mut tx = app.store.write().await?;
    if reopened {
        store::reopen(&mut tx, case_id, deadline, now).await?;
        store::insert_event(
            &mut tx,
            case_id,
            now,
            "reopened",
            Some(&case.customer_address),
            Some(message),
            &format!(
                "the customer wrote again on a {} case; new deadline {}",
                case.status,
                store::ts(deadline)
            ),
        )
        .await?;
    }
    store::insert_outbox(
        &mut tx,
        &NewOutbox {
            dedupe_key: &format!("follow_up:{message}"),
            case_id: Some(case_id),
            purpose: "follow_up",
            message_id: &message_id,
            envelope_from: app.config.smtp.from.address.as_str(),
            recipients: &[owner.to_string()],
            body: &bytes,
        },
        now,
    )
    .await?;
    store::insert_event(
        &mut tx,
        case_id,
        now,
        "follow_up",
        Some(&case.customer_address),
        Some(message),
        subject,
    )
    .await?;
    store::mark_processed(&mut tx, message, "follow_up", Some(case_id), now).await?;
    tx.commit().await.context("committing a follow-up")?;
    Ok(())
}

#[derive(Serialize)]
struct AnswerCopyView<'a> {
    case_id: i64,
    by: &'a str,
    elapsed: String,
    customer: &'a str,
    route: &'a str,
    subject: &'a str,
    answer: &'a str,
}

async fn answer(
    app: &App,
    message: i64,
    mail: &Mail,
    case_id: i64,
    by: &Address,
    matched_by: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    let case = app.store.case(case_id).await?.context("case vanished")?;
    let text = understand::reply_text(&mail.text);
    let opened = parse_ts(&case.opened_at).unwrap_or(now);
    let copy_to: Vec<Address> = if app.config.copy_answers {
        app.config
            .executives
            .iter()
            .filter(|e| *e != by)
            .cloned()
            .collect()
    } else {
        Vec::new()
    };
    let copy = if copy_to.is_empty() {
        None
    } else {
        let view = AnswerCopyView {
            case_id,
            by: by.as_str(),
            elapsed: human_duration(now - opened),
            customer: &case.customer_address,
            route: &case.route,
            subject: &case.subject,
            answer: &text,
        };
        let body = app.templates.text("answer_copy.txt", &view)?;
        let first = forward_message_id(app, case_id).await?;
        let message_id = compose::new_message_id(&case.token, app.id_domain());
        let head = Head {
            from: app.config.smtp.from.clone(),
            reply_to: Some(app.config.inbox.address.with_tag(&case.token)),
            to: copy_to.clone(),
            cc: vec![],
            subject: format!("Answered: {}", case.subject),
            message_id: message_id.clone(),
            in_reply_to: first.clone(),
            references: first.into_iter().collect(),
            date: now,
            auto_submitted: "auto-generated",
            loop_marker: app.config.inbox.address.clone(),
            case_id: Some(case_id),
        };
        Some((
            message_id,
            compose::compose(
                &head,
                Body {
                    text: body,
                    html: None,
                    original: None,
                },
            ),
        ))
    };

    let mut tx = app.store.write().await?;
    store::mark_answered(&mut tx, case_id, now).await?;
    store::insert_event(
        &mut tx,
        case_id,
        now,
        "answered",
        Some(by.as_str()),
        Some(message),
        &format!("(matched by {matched_by}) {text}"),
    )
    .await?;
    if let Some((message_id, bytes)) = copy {
        let recipients: Vec<String> = copy_to.iter().map(|a| a.to_string()).collect();
        store::insert_outbox(
            &mut tx,
            &NewOutbox {
                dedupe_key: &format!("answer_copy:{message}"),
                case_id: Some(case_id),
                purpose: "answer_copy",
                message_id: &message_id,
                envelope_from: app.config.smtp.from.address.as_str(),
                recipients: &recipients,
                body: &bytes,
            },
            now,
        )
        .await?;
    }
    store::mark_processed(&mut tx, message, "answer", Some(case_id), now).await?;
    tx.commit().await.context("committing an answer")?;
    tracing::info!(case = case_id, by = %by, "case answered");
    Ok(())
}
