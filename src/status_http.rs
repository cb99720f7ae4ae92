//! The status server (`[metrics] listen`): `/metrics` for Prometheus, `/livez` and `/readyz`
//! in JSON for people, load balancers and monitors. One small HTTP/1 server on hyper (already
//! in the tree under reqwest); GET only, no body read, answers built from the database and
//! the loop's `Health`.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::{Arc, RwLock};

use anyhow::{Context, Result};
use http_body_util::Full;
use hyper::body::{Bytes, Incoming};
use hyper::{Method, Request, Response, StatusCode};
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use serde::Serialize;
use tokio_util::sync::CancellationToken;

use crate::app::App;
use crate::clock::Clock;
use crate::health::{self, OutboxFacts, Readiness};
use crate::observe;

/// The app the daemon runs now: replaced whole when a SIGHUP brings a new config.
pub type Current = Arc<RwLock<Arc<App>>>;

pub fn current(current: &Current) -> Arc<App> {
    match current.read() {
        Ok(a) => a.clone(),
        Err(p) => p.into_inner().clone(),
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

/// Bind `listen` now (so a taken port fails the start with its address), then serve until
/// `cancel` fires.
pub async fn start(
    listen: SocketAddr,
    app: Current,
    handle: PrometheusHandle,
    cancel: CancellationToken,
) -> Result<tokio::task::JoinHandle<()>> {
    let listener = tokio::net::TcpListener::bind(listen)
        .await
        .with_context(|| format!("metrics.listen {listen}: cannot listen there (is another qmark or exporter on that port?)"))?;
    tracing::info!(%listen, "serving /metrics, /livez and /readyz");
    Ok(tokio::spawn(serve(listener, app, handle, cancel)))
}

async fn serve(
    listener: tokio::net::TcpListener,
    app: Current,
    handle: PrometheusHandle,
    cancel: CancellationToken,
) {
    loop {
        let stream = tokio::select! {
            _ = cancel.cancelled() => return,
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                Err(e) => {
                    // Out of file descriptors, usually: wait a little rather than spin.
                    tracing::warn!("status server: accept failed: {e}");
                    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
                    continue;
                }
            },
        };
        let app = app.clone();
        let handle = handle.clone();
        tokio::spawn(async move {
            let service = hyper::service::service_fn(move |req: Request<Incoming>| {
                let app = current(&app);
                let handle = handle.clone();
                async move { Ok::<_, Infallible>(answer(&app, &handle, &req).await) }
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
    if req.method() != Method::GET && req.method() != Method::HEAD {
        return reply(
            StatusCode::METHOD_NOT_ALLOWED,
            "text/plain",
            "GET only\n".into(),
        );
    }
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
            json(live.live, &live)
        }
        "/readyz" => {
            let ready = readiness(app).await;
            json(ready.ready, &ready)
        }
        _ => reply(
            StatusCode::NOT_FOUND,
            "text/plain",
            "qmark serves /metrics, /livez and /readyz\n".into(),
        ),
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
