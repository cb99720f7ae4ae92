//! The sender: drains the outbox over SMTP. The only module that names lettre's transport.
//!
//! A row is marked sent only after the server accepted it, so a crash in between sends it again
//! with the same Message-ID (the owner's client shows one mail). Transient failures retry with
//! backoff; permanent ones stop the row and are recorded on the case.

use anyhow::{Context, Result};
use chrono::{DateTime, Utc};
use lettre::address::Envelope;
use lettre::transport::smtp::authentication::{Credentials, Mechanism};
use lettre::transport::smtp::client::{AsyncSmtpConnection, Certificate, TlsParameters};
use lettre::transport::smtp::extension::ClientId;
use serde::Serialize;

use crate::app::App;
use crate::config::{Login, Smtp, TlsMode};
use crate::observe::SendFailure;
use crate::outgoing::Purpose;
use crate::store::OutboxRow;

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct SendOutcome {
    pub sent: usize,
    pub retried: usize,
    pub failed: usize,
}

/// Why a send did not happen, shaped by what the outbox does next.
#[derive(Debug, thiserror::Error)]
pub enum SendError {
    /// Try again later: connection trouble, 4xx, timeouts.
    #[error("{0}")]
    Transient(String),
    /// Never going to work: 5xx for this message or its recipients.
    #[error("{0}")]
    Permanent(String),
}

fn classify_error(e: lettre::transport::smtp::Error) -> SendError {
    if e.is_permanent() {
        SendError::Permanent(e.to_string())
    } else {
        SendError::Transient(e.to_string())
    }
}

fn tls_parameters(smtp: &Smtp) -> Result<TlsParameters> {
    let mut builder = TlsParameters::builder(smtp.host.clone());
    if let Some(path) = &smtp.ca_file {
        let pem = std::fs::read(path)
            .with_context(|| format!("smtp.ca_file: cannot read {}", path.display()))?;
        let cert = Certificate::from_pem(&pem).with_context(|| {
            format!("smtp.ca_file: {} is not a PEM certificate", path.display())
        })?;
        builder = builder.add_root_certificate(cert);
    }
    builder
        .build_rustls()
        .context("building TLS parameters for SMTP")
}

/// Open one SMTP connection, authenticated if configured.
///
/// For plain and STARTTLS we open the TCP stream ourselves to set TCP_NODELAY: lettre 0.11.23
/// does not, and every message on a reused connection then waits ~45 ms on Nagle + delayed ACK.
pub async fn connect(smtp: &Smtp) -> Result<AsyncSmtpConnection, SendError> {
    connect_once(smtp, None, false).await
}

/// Open one SMTP connection, logged in as the config says: a password, or an OAuth2 token.
pub async fn connect_as(
    smtp: &Smtp,
    tokens: &crate::oauth::Tokens,
) -> Result<AsyncSmtpConnection, SendError> {
    let tokens = Some(tokens);
    match connect_once(smtp, tokens, false).await {
        // lettre drops the connection after a refused AUTH: a new one, with a fresh token.
        Err(SendError::Transient(e)) if e.starts_with(STALE_TOKEN) => {
            connect_once(smtp, tokens, true).await
        }
        other => other,
    }
}

/// Marks a refusal of a stored (not fresh) OAuth2 token: worth one more try with a new one.
const STALE_TOKEN: &str = "the SMTP server refused the stored OAuth2 token";

async fn connect_once(
    smtp: &Smtp,
    tokens: Option<&crate::oauth::Tokens>,
    fresh: bool,
) -> Result<AsyncSmtpConnection, SendError> {
    let hello = ClientId::Domain(smtp.from.address.domain().to_string());
    let addr = (smtp.host.as_str(), smtp.port);
    let mut conn = match smtp.tls {
        TlsMode::Tls => {
            let params =
                tls_parameters(smtp).map_err(|e| SendError::Permanent(format!("{e:#}")))?;
            AsyncSmtpConnection::connect_tokio1(
                addr,
                Some(smtp.timeout),
                &hello,
                Some(params),
                None,
            )
            .await
            .map_err(classify_error)?
        }
        TlsMode::None | TlsMode::StartTls => {
            let stream = tokio::time::timeout(smtp.timeout, tokio::net::TcpStream::connect(addr))
                .await
                .map_err(|_| {
                    SendError::Transient(format!(
                        "connecting to {}:{} timed out",
                        smtp.host, smtp.port
                    ))
                })?
                .map_err(|e| {
                    SendError::Transient(format!("connecting to {}:{}: {e}", smtp.host, smtp.port))
                })?;
            stream
                .set_nodelay(true)
                .map_err(|e| SendError::Transient(format!("setting TCP_NODELAY: {e}")))?;
            let mut conn = tokio::time::timeout(
                smtp.timeout,
                AsyncSmtpConnection::connect_with_transport(Box::new(stream), &hello),
            )
            .await
            .map_err(|_| SendError::Transient("SMTP greeting timed out".into()))?
            .map_err(classify_error)?;
            if smtp.tls == TlsMode::StartTls {
                let params =
                    tls_parameters(smtp).map_err(|e| SendError::Permanent(format!("{e:#}")))?;
                conn.starttls(params, &hello)
                    .await
                    .map_err(classify_error)?;
            }
            conn
        }
    };
    if let Some((user, Login::OAuth2)) = &smtp.credentials {
        let tokens = tokens.ok_or_else(|| {
            SendError::Permanent("auth = \"oauth2\": connect with outbox::connect_as".into())
        })?;
        let now = crate::clock::Clock::System.now();
        let bearer = tokens.bearer(user, fresh, now).await.map_err(|e| {
            // No token is no send: rows wait for a new consent, they never fail for it.
            SendError::Transient(e.to_string())
        })?;
        let credentials = Credentials::new(user.clone(), bearer.token.clone());
        if let Err(e) = conn.auth(&[Mechanism::Xoauth2], &credentials).await {
            // A fresh token refused here is the account's send permission, not its grant.
            crate::observe::auth_failed("smtp");
            let refused = tokens
                .server_refused(user, "SMTP", &bearer, &e.to_string(), now)
                .await;
            return Err(SendError::Transient(if bearer.fresh {
                refused.to_string()
            } else {
                format!("{STALE_TOKEN}: {refused}")
            }));
        }
        tokens.smtp_accepted(user).await;
    }
    if let Some((user, Login::Password(source))) = &smtp.credentials {
        let secret = source
            .resolve("smtp.password")
            .map_err(|e| SendError::Permanent(e.to_string()))?;
        conn.auth(
            &[Mechanism::Plain, Mechanism::Login],
            &Credentials::new(user.clone(), secret.expose().to_string()),
        )
        .await
        .map_err(|e| {
            crate::observe::auth_failed("smtp");
            classify_error(e)
        })?;
    }
    Ok(conn)
}

/// Whether the SMTP server takes mail for `recipient`, asked with MAIL FROM and RCPT TO and
/// then RSET, so nothing is sent. `qmark check` asks it of the journal address: were it
/// refused, every mail would bounce its journal copy and every mail in doubt would wait for a
/// copy that never comes.
pub async fn accepts(
    conn: &mut AsyncSmtpConnection,
    from: &crate::mail::address::Address,
    recipient: &crate::mail::address::Address,
) -> Result<(), SendError> {
    use lettre::transport::smtp::commands::{Mail, Rcpt, Rset};
    let parse = |a: &crate::mail::address::Address| {
        a.as_str()
            .parse::<lettre::Address>()
            .map_err(|e| SendError::Permanent(format!("{a}: {e}")))
    };
    conn.command(Mail::new(Some(parse(from)?), vec![]))
        .await
        .map_err(classify_error)?;
    let answer = conn
        .command(Rcpt::new(parse(recipient)?, vec![]))
        .await
        .map_err(classify_error);
    conn.command(Rset).await.map_err(classify_error)?;
    answer.map(drop)
}

fn envelope(
    row: &OutboxRow,
    journal: Option<&crate::mail::address::Address>,
) -> Result<Envelope, SendError> {
    let from = row.envelope_from.parse().map_err(|e| {
        SendError::Permanent(format!("envelope sender {:?}: {e}", row.envelope_from))
    })?;
    let recipients: Vec<String> = serde_json::from_str(&row.recipients)
        .map_err(|e| SendError::Permanent(format!("stored recipients are not a JSON list: {e}")))?;
    let to = recipients
        .iter()
        .map(|r| {
            r.parse()
                .map_err(|e| SendError::Permanent(format!("recipient {r:?}: {e}")))
        })
        .collect::<Result<Vec<lettre::Address>, _>>()?;
    // The journal copy (issue 6): an envelope recipient only, never in the headers.
    let mut to = to;
    if let Some(j) = journal {
        to.push(
            j.as_str()
                .parse()
                .map_err(|e| SendError::Permanent(format!("journal address {j}: {e}")))?,
        );
    }
    Envelope::new(Some(from), to).map_err(|e| SendError::Permanent(format!("envelope: {e}")))
}

/// Send every due row once, each through the SMTP account of the address it is from (an
/// inbox's own `[inbox.smtp]`, else the global `[smtp]`), one connection per account.
/// Connection problems leave that account's rows for a later pass.
pub async fn send_once(app: &App, now: DateTime<Utc>) -> Result<SendOutcome> {
    let mut outcome = SendOutcome::default();
    let rows = app.store.due_outbox(now, 500).await?;
    if rows.is_empty() {
        return Ok(outcome);
    }
    // Issue 6: rows an earlier pass handed to the server without recording the answer are in
    // doubt; the journal decides whether they go again (see journal.rs).
    let journal = crate::journal::address(app);
    let rows = settle_in_doubt(app, rows, journal.is_some(), now).await?;
    for (smtp, rows) in by_account(&app.config, rows) {
        send_through(app, smtp, &rows, journal.as_ref(), now, &mut outcome).await?;
    }
    Ok(outcome)
}

/// The rows grouped by the SMTP account that submits them, in their order.
fn by_account(
    config: &crate::config::Config,
    rows: Vec<OutboxRow>,
) -> Vec<(&Smtp, Vec<OutboxRow>)> {
    let mut groups: Vec<(&Smtp, Vec<OutboxRow>)> = Vec::new();
    for row in rows {
        let smtp = config.smtp_for(&row.envelope_from);
        match groups.iter_mut().find(|(s, _)| std::ptr::eq(*s, smtp)) {
            Some((_, list)) => list.push(row),
            None => groups.push((smtp, vec![row])),
        }
    }
    groups
}

/// Send `rows` as `smtp`'s account over up to `smtp.connections` connections at once (issue
/// 15: one connection waits for the server's answer to every mail, so a backlog goes out
/// over several). A case's rows share one connection and keep their order.
async fn send_through(
    app: &App,
    smtp: &Smtp,
    rows: &[OutboxRow],
    journal: Option<&crate::mail::address::Address>,
    now: DateTime<Utc>,
    outcome: &mut SendOutcome,
) -> Result<()> {
    let lanes = lanes(rows, smtp.connections);
    let sent = futures::future::join_all(
        lanes
            .iter()
            .map(|lane| send_lane(app, smtp, lane, journal, now)),
    )
    .await;
    for lane in sent {
        let lane = lane?;
        outcome.sent += lane.sent;
        outcome.retried += lane.retried;
        outcome.failed += lane.failed;
    }
    Ok(())
}

/// `rows` dealt into at most `n` lanes by case (rows without a case by their own id), each in
/// the rows' order; no empty lane. Pure.
fn lanes(rows: &[OutboxRow], n: usize) -> Vec<Vec<&OutboxRow>> {
    let n = n.max(1);
    let mut lanes: Vec<Vec<&OutboxRow>> = vec![Vec::new(); n];
    for row in rows {
        let key = row.case_id.unwrap_or(row.id);
        let lane = usize::try_from(key.rem_euclid(n as i64)).unwrap_or(0);
        lanes[lane].push(row);
    }
    lanes.retain(|l| !l.is_empty());
    lanes
}

/// Open one connection as `smtp`'s account and send `rows` through it.
async fn send_lane(
    app: &App,
    smtp: &Smtp,
    rows: &[&OutboxRow],
    journal: Option<&crate::mail::address::Address>,
    now: DateTime<Utc>,
) -> Result<SendOutcome> {
    let mut outcome = SendOutcome::default();
    let outcome = &mut outcome;
    let mut conn = match connect_as(smtp, &app.tokens).await {
        Ok(c) => {
            app.health.smtp(Ok(()));
            Some(c)
        }
        Err(e) => {
            app.health.smtp(Err(e.to_string()));
            tracing::warn!("cannot reach SMTP {}:{}: {e}", smtp.host, smtp.port);
            if let Some(until) = crate::oauth::consent::smtp_waits_until(app, smtp, now).await {
                // Only a person can renew the consent or grant the send permission: the rows
                // wait for it without using up their attempts, so no mail fails for it.
                for row in rows {
                    app.store.outbox_defer(row.id, until).await?;
                }
                return Ok(*outcome);
            }
            None
        }
    };
    let mut claimed = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        if i % crate::journal::BATCH == 0 {
            let batch: Vec<&OutboxRow> = rows
                .iter()
                .skip(i)
                .take(crate::journal::BATCH)
                .copied()
                .collect();
            claimed = app.store.outbox_claim(&batch, now).await?;
        }
        if !claimed.contains(&row.id) {
            // Another sender claimed it after this pass read it (issue 15): it is theirs.
            tracing::debug!(outbox = row.id, "claimed by another sender; skipped");
            continue;
        }
        let result = match (&mut conn, envelope(row, journal)) {
            (_, Err(e)) => Err(e),
            (None, Ok(_)) => Err(SendError::Transient("SMTP server unreachable".into())),
            (Some(c), Ok(env)) => {
                match tokio::time::timeout(smtp.timeout * 4, c.send(&env, &row.body)).await {
                    Ok(r) => r.map(|_| ()).map_err(classify_error),
                    Err(_) => Err(SendError::Transient("sending timed out".into())),
                }
            }
        };
        settle_row(app, row, result, now, outcome).await?;
        // lettre drops the connection after any negative reply (a 4xx or 5xx for one
        // recipient), which used to fail every later row of this pass as "unreachable" and
        // make it wait a whole backoff (issue 6). Reconnect once; if that fails too, the
        // remaining rows wait for the next pass.
        if conn.as_ref().is_some_and(|c| c.has_broken()) {
            conn = connect_as(smtp, &app.tokens).await.ok();
        }
    }
    if let Some(mut c) = conn {
        let _ = c.quit().await;
    }
    Ok(*outcome)
}

/// Record what became of one row's send.
async fn settle_row(
    app: &App,
    row: &OutboxRow,
    result: Result<(), SendError>,
    now: DateTime<Utc>,
    outcome: &mut SendOutcome,
) -> Result<()> {
    match result {
        Ok(()) => {
            app.store.outbox_sent(row.id, now).await?;
            forwarded(app, row, now).await;
            outcome.sent += 1;
            tracing::info!(outbox = row.id, purpose = %row.purpose, to = %row.recipients, "sent");
        }
        Err(SendError::Permanent(e)) => {
            crate::observe::send_failed(SendFailure::Permanent);
            tell_executives(app, row, &e, now).await?;
            app.store.outbox_failed(row, &e, now).await?;
            outcome.failed += 1;
            tracing::error!(outbox = row.id, "permanent send failure: {e}");
        }
        Err(SendError::Transient(e)) => {
            retry_or_give_up(app, row, &e, now, outcome).await?;
        }
    }
    Ok(())
}

/// A transient failure: the row waits for its next attempt, or fails after too many.
async fn retry_or_give_up(
    app: &App,
    row: &OutboxRow,
    e: &str,
    now: DateTime<Utc>,
    outcome: &mut SendOutcome,
) -> Result<()> {
    if row.attempts + 1 >= i64::from(app.config.outbox_max_attempts) {
        crate::observe::send_failed(SendFailure::GaveUp);
        let why = format!("gave up after {} attempts: {e}", row.attempts + 1);
        tell_executives(app, row, &why, now).await?;
        app.store.outbox_failed(row, &why, now).await?;
        outcome.failed += 1;
    } else {
        crate::observe::send_failed(SendFailure::Transient);
        let next = now
            + chrono::Duration::from_std(crate::clock::backoff(row.attempts + 1))
                .unwrap_or(chrono::Duration::hours(1));
        app.store.outbox_retry(row.id, next, e).await?;
        app.store.outbox_clear_in_flight(row.id).await?;
        outcome.retried += 1;
        tracing::warn!(outbox = row.id, "send failed, retrying at {next}: {e}");
    }
    Ok(())
}

/// A `?` forward was accepted: how long after its complaint arrived (issue 14's latency).
/// Only the first forward of a case: a reassignment's forward measures the reassignment.
async fn forwarded(app: &App, row: &OutboxRow, now: DateTime<Utc>) {
    // The opening forward is keyed `forward:<message>`; a reassignment's is `reassign:…`.
    if row.purpose != Purpose::Forward || !row.dedupe_key.starts_with("forward:") {
        return;
    }
    let Some(case_id) = row.case_id else { return };
    match app.store.case_arrival(case_id).await {
        Ok(Some(arrived)) => {
            crate::observe::forwarded((now - arrived).to_std().unwrap_or_default());
        }
        Ok(None) => {}
        Err(e) => tracing::warn!("forward latency not recorded: {e:#}"),
    }
}

/// Connect and log in, then say goodbye: `/readyz` asks this when the sender has not talked to
/// the server lately.
pub async fn probe(app: &App) -> Result<(), String> {
    for (_, smtp) in app.config.smtp_accounts() {
        match connect_as(smtp, &app.tokens).await {
            Ok(mut c) => {
                let _ = c.quit().await;
            }
            Err(e) => return Err(format!("SMTP {}:{}: {e}", smtp.host, smtp.port)),
        }
    }
    Ok(())
}

/// Take the rows in doubt out of `rows` when their journal copy says they were delivered or
/// may still say so; return the rows to send now.
async fn settle_in_doubt(
    app: &App,
    rows: Vec<OutboxRow>,
    journal: bool,
    now: DateTime<Utc>,
) -> Result<Vec<OutboxRow>> {
    use crate::journal::{self, Doubt};
    let marks: std::collections::HashMap<i64, Option<DateTime<Utc>>> =
        app.store.outbox_in_doubt().await?.into_iter().collect();
    if marks.is_empty() {
        return Ok(rows);
    }
    let mut send = Vec::with_capacity(rows.len());
    for row in rows {
        let since = marks.get(&row.id).copied().flatten();
        let copy =
            since.is_some() && journal && app.store.journal_copy_stored(&row.message_id).await?;
        match journal::decide(since, journal, copy, now) {
            Doubt::Send => {
                if since.is_some() {
                    let why = if journal {
                        "no journal copy arrived: sent again with the same Message-ID"
                    } else {
                        "sent again with the same Message-ID (no journal)"
                    };
                    journal::note(app, &row, why, now).await?;
                }
                send.push(row);
            }
            Doubt::Delivered => {
                app.store.outbox_sent(row.id, now).await?;
                let why = "its journal copy is in the inbox, so the server had accepted it: not sent again";
                journal::note(app, &row, why, now).await?;
            }
            Doubt::WaitUntil(t) => app.store.outbox_defer(row.id, t).await?,
        }
    }
    Ok(send)
}

/// A case's mail failed for good: queue one notice to the executives. Keyed by the day (one
/// notice per cause per day; the case's history has every failure), and queued *before* the
/// row is marked failed, so a crash in between retries the row and finds the notice already
/// queued: told once, never twice. A failed notice is not
/// itself noticed (no loop).
async fn tell_executives(
    app: &App,
    row: &OutboxRow,
    error: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    if row.purpose == crate::outgoing::Purpose::Notice || row.case_id.is_none() {
        return Ok(());
    }
    let mut tx = app.store.write().await?;
    crate::outgoing::notice_executives(
        &mut tx,
        app,
        &format!("send_failed:{}", now.format("%Y-%m-%d")),
        row.case_id,
        &format!("a {} could not be delivered", row.purpose),
        "",
        row.recipients.as_str(),
        error,
        now,
    )
    .await?;
    tx.commit()
        .await
        .context("committing a send-failure notice")?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::OutboxStatus;

    fn row(id: i64, case_id: Option<i64>) -> OutboxRow {
        OutboxRow {
            id,
            dedupe_key: format!("k{id}"),
            case_id,
            purpose: Purpose::Forward,
            message_id: format!("m{id}"),
            envelope_from: "ceo@shop.example".into(),
            recipients: "[]".into(),
            body: Vec::new(),
            status: OutboxStatus::Pending,
            attempts: 0,
            next_attempt_at: String::new(),
            last_error: None,
            created_at: String::new(),
            sent_at: None,
            claims: 0,
        }
    }

    #[test]
    fn a_case_s_mail_keeps_one_connection_and_its_order() {
        let rows: Vec<OutboxRow> = (1..=12)
            .map(|id| row(id, (id % 5 != 0).then_some(id % 3 + 10)))
            .collect();
        let lanes = lanes(&rows, 4);
        assert!(lanes.len() <= 4 && lanes.len() > 1, "{}", lanes.len());
        assert_eq!(lanes.iter().map(Vec::len).sum::<usize>(), rows.len());
        for case in 10..13 {
            let holding: Vec<_> = lanes
                .iter()
                .filter(|l| l.iter().any(|r| r.case_id == Some(case)))
                .collect();
            assert_eq!(holding.len(), 1, "case {case} in one lane");
        }
        for lane in &lanes {
            assert!(lane.windows(2).all(|w| w[0].id < w[1].id), "in order");
        }
        assert_eq!(
            super::lanes(&rows[..1], 4).len(),
            1,
            "one mail, one connection"
        );
        assert_eq!(super::lanes(&rows, 1).len(), 1);
    }
}
