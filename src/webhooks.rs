//! Signed webhooks (issue 14 item 5): the one road a case event takes to an HTTP endpoint.
//!
//! `queue` runs in the transaction of the decision it reports (a case opened or made urgent, a
//! rung climbed, an answer), so the delivery exists exactly when the decision does: a crash
//! before the commit loses both, after it keeps both, and the dedupe key makes a replayed
//! decision queue nothing new. `deliver_once` drains the queue on its own task (mail never
//! waits for a receiver): one POST per delivery, signed Stripe-style over `{t}.{body}` with
//! HMAC-SHA256; 2xx ends it, 408, 429, 5xx and connection trouble retry with backoff up to
//! `max_attempts`, any other answer ends it at once. Delivery is at least once: a crash
//! between the receiver's 2xx and our mark sends it again with the same `X-Qmark-Delivery`.
//!
//! The body carries what a channel needs to follow a case (docs/webhooks.md) and nothing that
//! could act on one: no reply token, no customer address, no word of the customer's message
//! beyond its subject.

use std::collections::HashMap;
use std::time::Duration;

use anyhow::{Context, Result};
use chrono::{DateTime, Utc};
use hmac::{Hmac, Mac};
use serde::Serialize;
use sha2::Sha256;
use sqlx::sqlite::SqliteConnection;
use tokio_util::sync::CancellationToken;

use crate::app::App;
pub use crate::config::webhooks::{Event, Webhook};
use crate::store::{self, CaseRow, DeliveryRow, NewDelivery};

/// The body's `schema`: raised only when a field changes meaning or leaves.
pub const SCHEMA: u32 = 1;
/// Headers of every delivery.
pub const SIGNATURE_HEADER: &str = "X-Qmark-Signature";
pub const DELIVERY_HEADER: &str = "X-Qmark-Delivery";
pub const EVENT_HEADER: &str = "X-Qmark-Event";
/// Deliveries tried per pass; the rest wait for the next.
const BATCH: i64 = 100;

/// A decision a webhook may report.
pub struct Happened<'a> {
    pub event: Event,
    pub case_id: i64,
    /// Unique per decision (`rung:12:1:<deadline>`, `answer:<message>`): the endpoint's URL is
    /// added, so each endpoint gets it once.
    pub key: String,
    /// Who did it, when a person did (the answer's author, whoever made the case urgent).
    pub by: Option<&'a str>,
}

impl<'a> Happened<'a> {
    pub fn new(event: Event, case_id: i64, key: String, by: Option<&'a str>) -> Happened<'a> {
        Happened {
            event,
            case_id,
            key,
            by,
        }
    }
}

#[derive(Serialize)]
struct Payload<'a> {
    schema: u32,
    id: &'a str,
    event: &'static str,
    occurred_at: String,
    case: CaseView<'a>,
    by: Option<&'a str>,
}

/// A case as a webhook shows it: routing facts, never the customer's address or words.
#[derive(Serialize)]
struct CaseView<'a> {
    id: i64,
    status: &'static str,
    route: &'a str,
    owner: &'a str,
    priority: &'static str,
    rung: i64,
    subject: String,
    opened_at: String,
    deadline: String,
}

/// Queue `h` for every endpoint that wants its event, in the caller's transaction. Returns how
/// many deliveries were new. Costs nothing when no endpoint wants the event.
pub async fn queue(
    conn: &mut SqliteConnection,
    app: &App,
    h: Happened<'_>,
    now: DateTime<Utc>,
) -> Result<usize> {
    let hooks: Vec<&Webhook> = app
        .config
        .webhooks
        .iter()
        .filter(|w| w.wants(h.event))
        .collect();
    if hooks.is_empty() {
        return Ok(0);
    }
    let case = store::case(&mut *conn, h.case_id)
        .await?
        .with_context(|| format!("case {} for a webhook is not in the database", h.case_id))?;
    let mut queued = 0;
    for hook in hooks {
        let delivery_id = format!("whd_{:032x}", rand::random::<u128>());
        let body = payload(&delivery_id, &h, &case, now)?;
        let new = store::insert_webhook_delivery(
            conn,
            &NewDelivery {
                dedupe_key: &format!("{}:{}:{}", h.event.as_str(), h.key, hook.url),
                delivery_id: &delivery_id,
                url: hook.url.as_str(),
                event: h.event.as_str(),
                case_id: Some(h.case_id),
                body: &body,
            },
            now,
        )
        .await?;
        queued += usize::from(new);
    }
    Ok(queued)
}

/// The JSON body (docs/webhooks.md). Pure.
fn payload(
    delivery_id: &str,
    h: &Happened<'_>,
    case: &CaseRow,
    now: DateTime<Utc>,
) -> Result<String> {
    let p = Payload {
        schema: SCHEMA,
        id: delivery_id,
        event: h.event.as_str(),
        occurred_at: store::ts(now),
        case: CaseView {
            id: case.id,
            status: case.status.as_str(),
            route: &case.route,
            owner: case.owner.as_str(),
            priority: case.priority.as_str(),
            rung: case.rung,
            // A subject is one line; a long one is cut (a chat line, not the complaint).
            subject: case
                .subject
                .chars()
                .filter(|c| !c.is_control())
                .take(200)
                .collect(),
            opened_at: store::ts(case.opened_at),
            deadline: store::ts(case.deadline),
        },
        by: h.by,
    };
    serde_json::to_string(&p).context("encoding a webhook body")
}

type HmacSha256 = Hmac<Sha256>;

/// HMAC-SHA256 of `{timestamp}.{body}` under `secret`, in lower-case hex (Stripe's `v1`). Pure.
pub fn signature(secret: &[u8], timestamp: i64, body: &[u8]) -> Result<String> {
    let mut mac = HmacSha256::new_from_slice(secret)
        .map_err(|e| anyhow::anyhow!("the webhook secret cannot key HMAC-SHA256: {e}"))?;
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    Ok(hex::encode(mac.finalize().into_bytes()))
}

/// The `X-Qmark-Signature` value: `t=<unix seconds>,v1=<hex>`. Pure.
pub fn signature_header(secret: &[u8], timestamp: i64, body: &[u8]) -> Result<String> {
    Ok(format!(
        "t={timestamp},v1={}",
        signature(secret, timestamp, body)?
    ))
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct DeliverOutcome {
    pub delivered: usize,
    pub retried: usize,
    pub failed: usize,
}

/// How one POST went, shaped by what happens to the delivery next.
#[derive(Debug)]
enum Answer {
    Delivered,
    /// Try again later. `unreachable`: no answer at all (connection refused, timeout), so the
    /// endpoint's other deliveries wait for the next pass instead of each waiting the timeout.
    Transient {
        why: String,
        unreachable: bool,
    },
    Permanent(String),
}

/// Try every due delivery once.
pub async fn deliver_once(app: &App, now: DateTime<Utc>) -> Result<DeliverOutcome> {
    let mut outcome = DeliverOutcome::default();
    let rows = app.store.due_webhook_deliveries(now, BATCH).await?;
    if rows.is_empty() {
        return Ok(outcome);
    }
    crate::tls::install_provider();
    let client = reqwest::Client::builder()
        // A receiver that moved says so once; following it would post case facts wherever a
        // redirect points.
        .redirect(reqwest::redirect::Policy::none())
        .user_agent(concat!("qmark/", env!("CARGO_PKG_VERSION")))
        .build()
        .context("building the webhook HTTP client")?;
    let mut secrets: HashMap<String, Result<crate::config::Secret, String>> = HashMap::new();
    let mut down: Vec<String> = Vec::new();
    for row in rows {
        let Some(hook) = app
            .config
            .webhooks
            .iter()
            .find(|w| w.url.as_str() == row.url)
        else {
            let why = "its webhook is no longer in the config";
            app.store.webhook_failed(row.id, why, false).await?;
            crate::observe::webhook(crate::observe::WebhookOutcome::Failed);
            outcome.failed += 1;
            tracing::warn!(case = ?row.case_id, delivery = %row.delivery_id, "webhook delivery dropped: {why}");
            continue;
        };
        let secret = secrets
            .entry(row.url.clone())
            .or_insert_with(|| {
                hook.secret
                    .resolve(&format!("{}.secret", hook.key))
                    .map_err(|e| e.to_string())
            })
            .clone();
        let answer = match (&secret, down.contains(&row.url)) {
            (_, true) => None,
            (Err(e), false) => Some(Answer::Transient {
                why: e.clone(),
                unreachable: true,
            }),
            (Ok(s), false) => Some(post(&client, hook, &row, s.expose().as_bytes()).await),
        };
        if let Some(Answer::Transient {
            unreachable: true, ..
        }) = &answer
        {
            down.push(row.url.clone());
        }
        settle(app, hook, &row, answer, now, &mut outcome).await?;
    }
    Ok(outcome)
}

/// One signed POST of a stored delivery.
async fn post(
    client: &reqwest::Client,
    hook: &Webhook,
    row: &DeliveryRow,
    secret: &[u8],
) -> Answer {
    // The signature's time is the wall clock's, whatever `--now` says: receivers compare it
    // with theirs to refuse a replay.
    let t = crate::clock::Clock::System.now().timestamp();
    let signed = match signature_header(secret, t, row.body.as_bytes()) {
        Ok(s) => s,
        Err(e) => return Answer::Permanent(format!("{e:#}")),
    };
    let sent = client
        .post(hook.url.clone())
        .timeout(hook.timeout)
        .header(reqwest::header::CONTENT_TYPE, "application/json")
        .header(EVENT_HEADER, &row.event)
        .header(DELIVERY_HEADER, &row.delivery_id)
        .header(SIGNATURE_HEADER, signed)
        .body(row.body.clone())
        .send()
        .await;
    match sent {
        Ok(response) => answer_of(response.status()),
        Err(e) => Answer::Transient {
            unreachable: e.is_connect() || e.is_timeout(),
            why: error_chain(&e.without_url()),
        },
    }
}

/// What the receiver's status means for the delivery. Pure.
fn answer_of(status: reqwest::StatusCode) -> Answer {
    let code = status.as_u16();
    if status.is_success() {
        Answer::Delivered
    } else if code == 408 || code == 429 || status.is_server_error() {
        Answer::Transient {
            why: format!("the receiver answered {status}"),
            unreachable: false,
        }
    } else {
        Answer::Permanent(format!(
            "the receiver answered {status}, which retrying cannot change: fix the receiver or \
             the webhook's url (redirects are not followed)"
        ))
    }
}

/// An error and its sources on one line (reqwest's own message is only "error sending
/// request"; the source says refused, timed out, or a certificate problem).
fn error_chain(e: &dyn std::error::Error) -> String {
    let mut line = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        let text = s.to_string();
        if !line.contains(&text) {
            line.push_str(": ");
            line.push_str(&text);
        }
        source = s.source();
    }
    line
}

/// Record one delivery's answer: delivered, retried with backoff, or given up.
async fn settle(
    app: &App,
    hook: &Webhook,
    row: &DeliveryRow,
    answer: Option<Answer>,
    now: DateTime<Utc>,
    outcome: &mut DeliverOutcome,
) -> Result<()> {
    use crate::observe::{WebhookOutcome, webhook};
    let shown = hook.shown();
    let attempted = answer.is_some();
    let why = match answer {
        Some(Answer::Delivered) => {
            app.store.webhook_delivered(row.id, now).await?;
            webhook(WebhookOutcome::Delivered);
            outcome.delivered += 1;
            tracing::info!(case = ?row.case_id, delivery = %row.delivery_id, event = %row.event, webhook = %shown, "webhook delivered");
            return Ok(());
        }
        Some(Answer::Permanent(why)) => {
            return give_up(app, row, &shown, &why, attempted, outcome).await;
        }
        Some(Answer::Transient { why, .. }) => why,
        None => "not tried: the endpoint did not answer a moment ago".to_string(),
    };
    let tries = row.attempts + i64::from(attempted);
    if tries >= i64::from(hook.max_attempts) {
        let why = format!("gave up after {tries} attempts: {why}");
        return give_up(app, row, &shown, &why, attempted, outcome).await;
    }
    let wait = crate::clock::backoff(tries.max(1));
    let next = now + chrono::Duration::from_std(wait).unwrap_or(chrono::Duration::hours(1));
    app.store
        .webhook_retry(row.id, next, &why, attempted)
        .await?;
    webhook(WebhookOutcome::Retried);
    outcome.retried += 1;
    tracing::warn!(case = ?row.case_id, delivery = %row.delivery_id, webhook = %shown, "webhook delivery failed, retrying at {next}: {why}");
    Ok(())
}

async fn give_up(
    app: &App,
    row: &DeliveryRow,
    shown: &str,
    why: &str,
    attempted: bool,
    outcome: &mut DeliverOutcome,
) -> Result<()> {
    app.store.webhook_failed(row.id, why, attempted).await?;
    crate::observe::webhook(crate::observe::WebhookOutcome::Failed);
    outcome.failed += 1;
    tracing::error!(case = ?row.case_id, delivery = %row.delivery_id, event = %row.event, webhook = %shown, "webhook delivery given up: {why}");
    Ok(())
}

/// The daemon's webhook sender: deliver what is due, sleep until the next due delivery or
/// until the worker says it queued something, stop when `cancel` fires. A receiver that hangs
/// delays only this task, never the mail.
pub async fn run(
    app: std::sync::Arc<App>,
    clock: crate::clock::Clock,
    wake: std::sync::Arc<tokio::sync::Notify>,
    cancel: CancellationToken,
) {
    while !cancel.is_cancelled() {
        if let Err(e) = deliver_once(&app, clock.now()).await {
            tracing::error!("webhook pass failed: {e:#}");
        }
        let now = clock.now();
        let next = match app.store.next_webhook_due().await {
            Ok(Some(t)) => (t - now).to_std().unwrap_or(Duration::ZERO),
            _ => Duration::from_secs(60),
        };
        let wait = next.clamp(Duration::from_millis(200), Duration::from_secs(60));
        tokio::select! {
            _ = wake.notified() => {}
            _ = tokio::time::sleep(wait) => {}
            _ = cancel.cancelled() => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Computed independently with Python:
    /// `hmac.new(b"whsec_test", b"1764547200." + body, hashlib.sha256).hexdigest()`.
    #[test]
    fn the_signature_matches_an_independent_hmac_sha256() {
        let body = br#"{"schema":1,"event":"urgent","case":{"id":7}}"#;
        let got = signature_header(b"whsec_test", 1_764_547_200, body).expect("HMAC keys");
        assert_eq!(
            got,
            "t=1764547200,v1=bc2a5f46ff8fed6de0736c8e6d7e67bfd01e65a841e16c0e0b6d2c47c1aa9b99"
        );
        // Another timestamp or one byte more: another signature.
        assert_ne!(
            signature(b"whsec_test", 1_764_547_201, body).expect("HMAC"),
            signature(b"whsec_test", 1_764_547_200, body).expect("HMAC")
        );
        assert_ne!(
            signature(b"whsec_test", 1_764_547_200, b"{}").expect("HMAC"),
            signature(b"whsec_test", 1_764_547_200, b"{} ").expect("HMAC")
        );
    }

    #[test]
    fn rfc_4231_case_2_keys_and_hashes_as_hmac_sha256() {
        // RFC 4231 test case 2 ("what do ya want for nothing?" under the key "Jefe"): the MAC
        // under the signature is the standard one.
        let mut mac = HmacSha256::new_from_slice(b"Jefe").expect("any key length");
        mac.update(b"what do ya want for nothing?");
        assert_eq!(
            hex::encode(mac.finalize().into_bytes()),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }

    #[test]
    fn the_receivers_answer_decides_retry_or_stop() {
        use reqwest::StatusCode;
        for ok in [200, 201, 202, 204] {
            let s = StatusCode::from_u16(ok).expect("code");
            assert!(matches!(answer_of(s), Answer::Delivered), "{ok}");
        }
        for again in [408, 429, 500, 502, 503, 504] {
            let s = StatusCode::from_u16(again).expect("code");
            assert!(matches!(answer_of(s), Answer::Transient { .. }), "{again}");
        }
        for stop in [301, 302, 400, 401, 403, 404, 410, 422] {
            let s = StatusCode::from_u16(stop).expect("code");
            assert!(matches!(answer_of(s), Answer::Permanent(_)), "{stop}");
        }
    }

    fn case_row() -> CaseRow {
        let t = crate::testing::at("2026-11-23T09:00:00Z");
        CaseRow {
            id: 7,
            token: "tok3n-that-proves-authority".into(),
            status: store::CaseStatus::Open,
            route: "billing".into(),
            owner: crate::mail::address::Address::parse("kim@shop.example").expect("address"),
            priority: store::Priority::Urgent,
            customer_address: crate::mail::address::Address::parse("dana@customer.example").ok(),
            customer_name: Some("Dana".into()),
            subject: "Charged twice\r\nBcc: x".into(),
            opened_at: t,
            deadline: t,
            escalate_to: "cfo@shop.example".into(),
            rung: 1,
            first_answered_at: None,
            answered_at: None,
            updated_at: t,
            language: None,
            subject_key: None,
            waiting_until: None,
            next_due_at: None,
            wants: None,
            problem: Some("the customer's own sentence".into()),
        }
    }

    #[test]
    fn the_body_names_the_case_and_nothing_that_could_act_on_it() {
        let case = case_row();
        let h = Happened {
            event: Event::Rung,
            case_id: case.id,
            key: "rung:1".into(),
            by: None,
        };
        let now = chrono::DateTime::UNIX_EPOCH;
        let body = payload("whd_1", &h, &case, now).expect("JSON");
        let v: serde_json::Value = serde_json::from_str(&body).expect("JSON");
        assert_eq!(v["schema"], 1);
        assert_eq!(v["event"], "rung");
        assert_eq!(v["case"]["id"], case.id);
        assert_eq!(v["case"]["owner"], case.owner.as_str());
        assert!(!body.contains(&case.token), "{body}");
        assert!(!body.contains(case.customer_text()), "{body}");
        assert!(!body.contains("own sentence"), "{body}");
        assert_eq!(v["case"]["subject"], "Charged twiceBcc: x");
        let keys: Vec<&String> = v["case"].as_object().expect("object").keys().collect();
        assert_eq!(
            keys,
            [
                "deadline",
                "id",
                "opened_at",
                "owner",
                "priority",
                "route",
                "rung",
                "status",
                "subject"
            ]
        );
    }
}
