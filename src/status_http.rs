//! The status server (`[metrics] listen`): `/metrics` for Prometheus, `/livez`, `/readyz` and
//! `/leader` in JSON for people, load balancers and monitors. One small HTTP/1 server on hyper
//! (already in the tree under reqwest); GET only, no body read, answers built from the database
//! and the loop's `Health` — or, on a standby that does not lead yet, from what it knows of the
//! leader (`store::leader::Waiting`).

use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::{Arc, RwLock};

use anyhow::{Context, Result};
use http_body_util::Full;
use hyper::body::{Bytes, Incoming};
use hyper::{Method, Request, Response, StatusCode};
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use serde::Serialize;

use crate::app::App;
use crate::clock::Clock;
use crate::health::{self, OutboxFacts, Readiness};
use crate::observe;
use crate::store::leader::{Waiting, WaitingCell};

/// What the status server answers for: the app once this process leads (replaced whole when a
/// SIGHUP brings a new config), and before that, while it waits as a standby, what it knows of
/// the leader.
#[derive(Default)]
struct Status {
    app: RwLock<Option<Arc<App>>>,
    waiting: WaitingCell,
}

impl Status {
    fn app(&self) -> Option<Arc<App>> {
        match self.app.read() {
            Ok(a) => a.clone(),
            Err(p) => p.into_inner().clone(),
        }
    }

    fn waiting(&self) -> Waiting {
        match self.waiting.lock() {
            Ok(w) => w.clone(),
            Err(p) => p.into_inner().clone(),
        }
    }
}

/// The running status server: started before the run lock is taken, so a standby answers
/// too, and told the app when this process leads. Stops serving when dropped.
pub struct StatusServer {
    status: Arc<Status>,
    task: tokio::task::JoinHandle<()>,
}

impl StatusServer {
    /// Install the metrics recorder and bind `listen` now (so a taken port fails the start
    /// with its address), then serve, as a standby until `lead`.
    pub async fn start(listen: SocketAddr) -> Result<StatusServer> {
        let handle = install_recorder()?;
        let listener = tokio::net::TcpListener::bind(listen)
            .await
            .with_context(|| format!("metrics.listen {listen}: cannot listen there (is another qmark or exporter on that port?)"))?;
        tracing::info!(%listen, "serving /metrics, /livez, /readyz and /leader");
        observe::leading(false);
        let status = Arc::new(Status::default());
        let task = tokio::spawn(serve(listener, status.clone(), handle));
        Ok(StatusServer { status, task })
    }

    /// What the standby's answers show while it waits (`runlock::lead` keeps it current).
    pub fn waiting(&self) -> &WaitingCell {
        &self.status.waiting
    }

    /// This process leads and runs `app`: answer for it from now on.
    pub fn lead(&self, app: Arc<App>) {
        match self.status.app.write() {
            Ok(mut a) => *a = Some(app),
            Err(p) => *p.into_inner() = Some(app),
        }
        observe::leading(true);
    }
}

impl Drop for StatusServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Install the process's metrics recorder (once: it is global) with our histogram buckets.
pub fn install_recorder() -> Result<PrometheusHandle> {
    let handle = PrometheusBuilder::new()
        .set_buckets_for_metric(
            Matcher::Full(observe::FORWARD_LATENCY.into()),
            observe::FORWARD_BUCKETS,
        )
        .and_then(|b| {
            b.set_buckets_for_metric(
                Matcher::Full(observe::FIRST_ANSWER.into()),
                observe::ANSWER_BUCKETS,
            )
        })
        .context("setting the histogram buckets")?
        .install_recorder()
        .context("installing the metrics recorder")?;
    observe::describe();
    Ok(handle)
}

async fn serve(listener: tokio::net::TcpListener, status: Arc<Status>, handle: PrometheusHandle) {
    loop {
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            Err(e) => {
                // Out of file descriptors, usually: wait a little rather than spin.
                tracing::warn!("status server: accept failed: {e}");
                tokio::time::sleep(std::time::Duration::from_millis(200)).await;
                continue;
            }
        };
        let status = status.clone();
        let handle = handle.clone();
        tokio::spawn(async move {
            let service = hyper::service::service_fn(move |req: Request<Incoming>| {
                let status = status.clone();
                let handle = handle.clone();
                async move {
                    let answer = if req.method() != Method::GET && req.method() != Method::HEAD {
                        reply(
                            StatusCode::METHOD_NOT_ALLOWED,
                            "text/plain",
                            "GET only\n".into(),
                        )
                    } else {
                        match status.app() {
                            Some(app) => answer(&app, &handle, &req).await,
                            None => standby_answer(&status.waiting(), &handle, &req),
                        }
                    };
                    Ok::<_, Infallible>(answer)
                }
            });
            let io = hyper_util::rt::TokioIo::new(stream);
            // A client that never finishes its request headers is dropped after 10 s.
            if let Err(e) = hyper::server::conn::http1::Builder::new()
                .timer(hyper_util::rt::TokioTimer::new())
                .header_read_timeout(std::time::Duration::from_secs(10))
                .serve_connection(io, service)
                .await
            {
                tracing::debug!("status server: a connection ended badly: {e}");
            }
        });
    }
}

async fn answer(
    app: &App,
    handle: &PrometheusHandle,
    req: &Request<Incoming>,
) -> Response<Full<Bytes>> {
    match req.uri().path() {
        "/metrics" => {
            let readiness = readiness(app).await;
            observe::set_snapshot(&snapshot(app, &readiness).await);
            reply(
                StatusCode::OK,
                "text/plain; version=0.0.4; charset=utf-8",
                handle.render(),
            )
        }
        "/livez" => {
            let live = health::liveness(&app.health.facts());
            json(live.live, &Role::leader(&live))
        }
        "/readyz" => {
            let ready = readiness(app).await;
            json(ready.ready, &Role::leader(&ready))
        }
        "/leader" => json(true, &Role::leader(&serde_json::json!({"leader": true}))),
        _ => not_found(),
    }
}

fn not_found() -> Response<Full<Bytes>> {
    reply(
        StatusCode::NOT_FOUND,
        "text/plain",
        "qmark serves /metrics, /livez, /readyz and /leader\n".into(),
    )
}

/// An answer with the process's role beside it: `leader` or `standby`.
#[derive(Serialize)]
struct Role<'a, T: Serialize> {
    role: &'static str,
    #[serde(flatten)]
    answer: &'a T,
}

impl<'a, T: Serialize> Role<'a, T> {
    fn leader(answer: &'a T) -> Self {
        Role {
            role: "leader",
            answer,
        }
    }
}

/// A standby's answers (PostgreSQL, issue 15), in the leader's shapes: alive; ready when it
/// can reach the database and so could take over; not the leader (`/leader` answers 503, so a
/// monitor or a load balancer finds the one that works); `/metrics` with `qmark_leader 0`.
fn standby_answer(
    waiting: &Waiting,
    handle: &PrometheusHandle,
    req: &Request<Incoming>,
) -> Response<Full<Bytes>> {
    let can_take_over = waiting.database_error.is_none() && waiting.leader.is_some();
    let standby = |ok: bool, key: &str| {
        let mut v = serde_json::to_value(waiting).unwrap_or_default();
        if let Some(o) = v.as_object_mut() {
            o.insert(key.into(), ok.into());
            o.insert("why".into(), standby_why(waiting).into());
        }
        json(
            ok,
            &Role {
                role: "standby",
                answer: &v,
            },
        )
    };
    match req.uri().path() {
        "/metrics" => {
            observe::standby_ready(can_take_over);
            reply(
                StatusCode::OK,
                "text/plain; version=0.0.4; charset=utf-8",
                handle.render(),
            )
        }
        "/livez" => standby(true, "live"),
        "/readyz" => standby(can_take_over, "ready"),
        "/leader" => standby(false, "leader"),
        _ => not_found(),
    }
}

/// One line for people: whom this standby waits for, or why it could not take over now.
fn standby_why(w: &Waiting) -> String {
    match (&w.database_error, w.leader.as_deref()) {
        (Some(e), _) => {
            format!("standby: cannot reach the database, so it could not take over: {e}")
        }
        (None, None) => "standby: starting, has not yet asked the database who leads".into(),
        (None, Some("")) => {
            "standby: another qmark run holds the run lock; this one takes over when it ends".into()
        }
        (None, Some(l)) => format!("standby: {l} leads; this one takes over when it stops"),
    }
}

fn json(ok: bool, body: &impl Serialize) -> Response<Full<Bytes>> {
    let status = if ok {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    let text = serde_json::to_string(body).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"));
    reply(status, "application/json", text + "\n")
}

fn reply(status: StatusCode, content_type: &str, body: String) -> Response<Full<Bytes>> {
    let mut r = Response::new(Full::new(Bytes::from(body)));
    *r.status_mut() = status;
    if let Ok(v) = hyper::header::HeaderValue::from_str(content_type) {
        r.headers_mut().insert(hyper::header::CONTENT_TYPE, v);
    }
    r
}

/// Ask each part: the watcher's IMAP state, SMTP (the sender's recent answer, else a probe),
/// the database and the outbox.
pub async fn readiness(app: &App) -> Readiness {
    let smtp = match app.health.smtp_recent() {
        Some(r) => r,
        None => {
            let r = crate::outbox::probe(app).await;
            app.health.smtp(r.clone());
            r
        }
    };
    let now = Clock::System.now();
    let database = match app.store.ping().await {
        Err(e) => Err(format!(
            "{} did not answer: {e:#}",
            crate::store::connect::shown(&app.config.database_url)
        )),
        Ok(()) => app
            .store
            .outbox_gauges(now)
            .await
            .map(|g| OutboxFacts {
                depth: g.pending,
                overdue: g
                    .oldest_due
                    .and_then(|t| (now - t).to_std().ok())
                    .unwrap_or_default(),
            })
            .map_err(|e| format!("{e:#}")),
    };
    health::readiness(&app.health.facts(), &smtp, &database)
}

async fn snapshot(app: &App, readiness: &Readiness) -> observe::Snapshot {
    let now = Clock::System.now();
    let facts = app.health.facts();
    let mut s = observe::Snapshot {
        imap_last_pass_age: Some(
            facts
                .since_imap_ok
                .unwrap_or(facts.since_start)
                .as_secs_f64(),
        ),
        work_last_pass_age: Some(
            facts
                .since_work_ok
                .unwrap_or(facts.since_start)
                .as_secs_f64(),
        ),
        ready: readiness.ready,
        ..observe::Snapshot::default()
    };
    match app.store.outbox_gauges(now).await {
        Ok(g) => {
            let age = |t: Option<chrono::DateTime<chrono::Utc>>| {
                t.map_or(0.0, |t| (now - t).num_milliseconds().max(0) as f64 / 1000.0)
            };
            s.outbox_depth = g.pending;
            s.outbox_oldest_age = age(g.oldest_created);
            s.outbox_overdue = age(g.oldest_due);
        }
        Err(e) => tracing::warn!("metrics: {e:#}"),
    }
    match app.store.open_cases_by_rung().await {
        Ok(r) => s.open_by_rung = r,
        Err(e) => tracing::warn!("metrics: {e:#}"),
    }
    s
}
