//! Issue 14 item 5: signed webhooks. An urgent complaint sent through the real Postfix into
//! the real Dovecot is read, opened and reported to a real HTTP receiver on a loopback port,
//! which answers 500 to its first request and 200 afterwards: the delivery is retried after
//! the 500, accepted exactly once, signed with the configured secret, and carries the
//! documented body and nothing a stranger could act on. The owner's answer is reported too.

use std::convert::Infallible;
use std::sync::{Arc, Mutex};

use hmac::{Hmac, Mac};
use http_body_util::{BodyExt, Full};
use hyper::body::{Bytes, Incoming};
use hyper::{Request, Response};
use qmark::runner::run_once;
use sha2::Sha256;

use crate::support::*;

const SECRET: &str = "whsec_9f2c1d7e-test-only";

/// One request the receiver saw.
#[derive(Debug, Clone)]
struct Received {
    path: String,
    headers: hyper::HeaderMap,
    body: Vec<u8>,
}

impl Received {
    fn header(&self, name: &str) -> String {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string()
    }

    fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).expect("the webhook body is JSON")
    }
}

type Seen = Arc<Mutex<Vec<Received>>>;

/// A real HTTP/1.1 server on a loopback port: 500 to the first request, 200 to every later one.
async fn receiver() -> (u16, Seen) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a loopback port");
    let port = listener.local_addr().expect("bound").port();
    let seen: Seen = Arc::new(Mutex::new(Vec::new()));
    let shared = seen.clone();
    tokio::spawn(async move {
        loop {
            let Ok((stream, _)) = listener.accept().await else {
                return;
            };
            let seen = shared.clone();
            tokio::spawn(async move {
                let service = hyper::service::service_fn(move |req| answer(req, seen.clone()));
                let _ = hyper::server::conn::http1::Builder::new()
                    .serve_connection(hyper_util::rt::TokioIo::new(stream), service)
                    .await;
            });
        }
    });
    (port, seen)
}

async fn answer(req: Request<Incoming>, seen: Seen) -> Result<Response<Full<Bytes>>, Infallible> {
    let path = req.uri().path().to_string();
    let headers = req.headers().clone();
    let body = match req.into_body().collect().await {
        Ok(b) => b.to_bytes().to_vec(),
        Err(_) => Vec::new(),
    };
    let n = {
        let mut s = seen.lock().expect("lock");
        s.push(Received {
            path,
            headers,
            body,
        });
        s.len()
    };
    let status = if n == 1 { 500 } else { 200 };
    Ok(Response::builder()
        .status(status)
        .body(Full::new(Bytes::from_static(b"thanks")))
        .expect("a response"))
}

/// Check `X-Qmark-Signature: t=...,v1=...` the way docs/webhooks.md tells a receiver to.
fn verifies(r: &Received, secret: &str) -> bool {
    let header = r.header("x-qmark-signature");
    let mut t = None;
    let mut v1 = Vec::new();
    for part in header.split(',') {
        match part.split_once('=') {
            Some(("t", v)) => t = Some(v.to_string()),
            Some(("v1", v)) => v1.push(v.to_string()),
            _ => {}
        }
    }
    let Some(t) = t else { return false };
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("any key length");
    mac.update(t.as_bytes());
    mac.update(b".");
    mac.update(&r.body);
    let expected = hex::encode(mac.finalize().into_bytes());
    v1.contains(&expected)
}

fn seen(s: &Seen) -> Vec<Received> {
    s.lock().expect("lock").clone()
}

fn keys(v: &serde_json::Value) -> Vec<String> {
    v.as_object().expect("an object").keys().cloned().collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_urgent_case_is_posted_signed_retried_after_a_500_and_accepted_once() {
    let w = World::new();
    let (port, requests) = receiver().await;
    // SAFETY of set_var: only this test reads this variable, always with this value.
    unsafe { std::env::set_var("QMARK_TEST_WEBHOOK_SECRET", SECRET) };
    w.set_config(&format!(
        "[[webhooks]]\nurl = \"http://127.0.0.1:{port}/qmark/hook\"\nevents = [\"urgent\", \"rung\", \"answer\"]\nsecret_env = \"QMARK_TEST_WEBHOOK_SECRET\"\ntimeout = \"5s\"\n"
    ));
    let customer = w.customer();
    let raw = message(
        &customer,
        &w.addr("ceo"),
        "Heater from order 5521",
        "The heater you sold me is broken: it caught fire last night and burned the rug.",
        "",
    );
    w.deliver(&customer, &raw).await;
    let app = w.app().await;

    // First pass: the case opens urgent, its forward goes, the receiver answers 500.
    let t0 = now();
    let first = run_once(&app, t0).await.expect("run once");
    assert_eq!(first.process.new_cases, 1);
    let case = case1(&app).await;
    assert_eq!(
        (case.route.as_str(), case.priority),
        ("quality", Priority::Urgent),
        "the test needs an urgent quality case"
    );
    assert!(first.send.sent >= 1, "mail went first: {first:?}");
    assert_eq!(
        (
            first.webhooks.delivered,
            first.webhooks.retried,
            first.webhooks.failed
        ),
        (0, 1, 0),
        "{first:?}"
    );
    assert_eq!(seen(&requests).len(), 1);

    // Not due again yet: nothing is posted.
    let early = run_once(&app, t0 + chrono::Duration::seconds(5))
        .await
        .expect("run once");
    assert_eq!(early.webhooks, Default::default());
    assert_eq!(seen(&requests).len(), 1);

    // After the backoff: posted again, accepted.
    let second = run_once(&app, t0 + chrono::Duration::minutes(10))
        .await
        .expect("run once");
    assert_eq!(
        (second.webhooks.delivered, second.webhooks.retried),
        (1, 0),
        "{second:?}"
    );
    // And never again.
    let third = run_once(&app, t0 + chrono::Duration::minutes(20))
        .await
        .expect("run once");
    assert_eq!(third.webhooks, Default::default());
    let got = seen(&requests);
    assert_eq!(got.len(), 2, "one refused and one accepted request");
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM webhook_deliveries WHERE status = 'delivered' AND attempts = 2"
        )
        .await,
        1
    );
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM webhook_deliveries").await,
        1,
        "one delivery: `opened` is not among this endpoint's events"
    );

    let (refused, accepted) = (&got[0], &got[1]);
    for r in [refused, accepted] {
        assert_eq!(r.path, "/qmark/hook");
        assert_eq!(r.header("content-type"), "application/json");
        assert_eq!(r.header("x-qmark-event"), "urgent");
        assert!(r.header("user-agent").starts_with("qmark/"));
        assert!(verifies(r, SECRET), "the signature verifies: {r:?}");
        assert!(!verifies(r, "another secret"));
        // The timestamp is the wall clock's at the attempt, for the receiver's replay window.
        let t: i64 = r
            .header("x-qmark-signature")
            .strip_prefix("t=")
            .and_then(|s| s.split(',').next())
            .and_then(|s| s.parse().ok())
            .expect("t=<unix seconds>");
        assert!((now().timestamp() - t).abs() < 300, "{t}");
    }
    // The same delivery both times: a receiver can drop a repeat by its id.
    let id = accepted.header("x-qmark-delivery");
    assert!(id.starts_with("whd_") && id.len() > 20, "{id}");
    assert_eq!(refused.header("x-qmark-delivery"), id);
    assert_eq!(refused.body, accepted.body);

    // The documented schema (docs/webhooks.md), and nothing a stranger could act on.
    let body = accepted.json();
    assert_eq!(
        keys(&body),
        ["by", "case", "event", "id", "occurred_at", "schema"]
    );
    assert_eq!(body["schema"], 1);
    assert_eq!(body["id"], id.as_str());
    assert_eq!(body["event"], "urgent");
    assert!(body["by"].is_null());
    assert!(qmark::store::parse_ts(body["occurred_at"].as_str().expect("text")).is_some());
    assert_eq!(
        keys(&body["case"]),
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
    assert_eq!(body["case"]["id"], 1);
    assert_eq!(body["case"]["route"], "quality");
    assert_eq!(body["case"]["owner"], w.addr("quality"));
    assert_eq!(body["case"]["priority"], "urgent");
    assert_eq!(body["case"]["status"], "open");
    assert_eq!(body["case"]["rung"], 0);
    assert_eq!(body["case"]["subject"], "Heater from order 5521");
    assert_eq!(
        body["case"]["deadline"],
        qmark::store::ts(case.deadline).as_str()
    );
    let text = String::from_utf8_lossy(&accepted.body);
    for secret in [
        case.token.as_str(),
        customer.as_str(),
        "caught fire",
        "burned the rug",
    ] {
        assert!(!text.contains(secret), "{secret:?} in {text}");
    }

    // The owner answers: one `answer` delivery naming who answered.
    let forward = w.wait_for("quality", 1).await;
    let owner = w.addr("quality");
    let (to, reply) = reply_to_forward(
        &forward[0],
        &owner,
        "We are replacing it today; a courier collects the heater.",
        "",
    );
    w.deliver_to(&owner, &to, &reply).await;
    let answered = run_once(&app, t0 + chrono::Duration::minutes(30))
        .await
        .expect("run once");
    assert_eq!(
        case1(&app).await.status,
        CaseStatus::Answered,
        "{answered:?}"
    );
    assert_eq!(answered.webhooks.delivered, 1, "{answered:?}");
    let got = seen(&requests);
    assert_eq!(got.len(), 3);
    let answer = &got[2];
    assert!(verifies(answer, SECRET));
    assert_eq!(answer.header("x-qmark-event"), "answer");
    assert_ne!(answer.header("x-qmark-delivery"), id);
    let body = answer.json();
    assert_eq!(body["event"], "answer");
    assert_eq!(body["by"], owner.as_str());
    assert_eq!(body["case"]["status"], "answered");
    assert!(!String::from_utf8_lossy(&answer.body).contains("courier"));
}
