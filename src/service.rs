//! `qmark run` as a service: the loop under systemd (`Type=notify`), the status server, and
//! SIGHUP, which re-reads the config and keeps the old one when the new one is bad.
//!
//! A reload takes a valid new config as a whole: the running pass finishes, the loop stops,
//! and a new app (config, templates, model, tokens) starts on the same database and the same
//! health. Two settings need a restart instead, because the process holds them: the
//! database (`[database] url`, locked by this run) and `[metrics]` (the listening socket and
//! the global recorder); a reload that changes them is refused whole, with the reason logged.

use std::path::Path;
use std::sync::Arc;

use anyhow::{Context, Result, bail};
use tokio_util::sync::CancellationToken;

use crate::app::App;
use crate::clock::Clock;
use crate::config::Config;
use crate::status_http::StatusServer;

/// The daemon: run the loop until SIGTERM or Ctrl-C, starting it again on a new config after
/// each good SIGHUP. `status` is the status server (`[metrics]`), started before the run lock
/// was taken (a standby answers too), and told of each app this process runs.
pub async fn daemon(
    path: &Path,
    app: App,
    clock: Clock,
    status: Option<StatusServer>,
) -> Result<()> {
    let stop = CancellationToken::new();
    stop_on_signals(&stop);
    let mut hangups = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::hangup())
        .context("listening for SIGHUP")?;
    let mut app = Arc::new(app);
    loop {
        if let Some(s) = &status {
            s.lead(app.clone());
        }
        let round = stop.child_token();
        let mut running = tokio::spawn(crate::runner::run(app.clone(), clock, round.clone()));
        let next = loop {
            tokio::select! {
                ended = &mut running => {
                    crate::systemd::stopping();
                    drop(status);
                    return ended.context("the main loop panicked")?;
                }
                _ = hangups.recv() => {
                    crate::systemd::reloading();
                    match reload(path, &app).await {
                        Ok(next) => break next,
                        Err(e) => {
                            tracing::error!("config reload refused, the running config stays: {e:#}");
                            crate::systemd::ready(&format!("reload refused: {e:#}"));
                        }
                    }
                }
            }
        };
        round.cancel();
        running.await.context("the main loop panicked")??;
        tracing::info!(config = %path.display(), "reloaded the config");
        app = next;
    }
}

/// Read and validate the config again, and open an app on it beside the running one.
async fn reload(path: &Path, running: &App) -> Result<Arc<App>> {
    let config = Config::load(path).with_context(|| format!("{} is not valid", path.display()))?;
    if let Some(why) = needs_restart(&running.config, &config) {
        bail!("{why}: restart qmark for that (systemctl restart qmark)");
    }
    let mut app = App::open(config)
        .await
        .context("the new config does not open")?;
    app.health = running.health.clone();
    Ok(Arc::new(app))
}

/// What a reload cannot change in a running process, if the new config changes it.
pub fn needs_restart(old: &Config, new: &Config) -> Option<String> {
    if old.database_url != new.database_url {
        return Some(format!(
            "[database] url changed from {} to {}",
            crate::store::connect::shown(&old.database_url),
            crate::store::connect::shown(&new.database_url)
        ));
    }
    if old.metrics != new.metrics {
        return Some("[metrics] changed".into());
    }
    None
}

fn stop_on_signals(stop: &CancellationToken) {
    let on_ctrl_c = stop.clone();
    tokio::spawn(async move {
        let _ = tokio::signal::ctrl_c().await;
        tracing::info!("stopping");
        on_ctrl_c.cancel();
    });
    let on_term = stop.clone();
    if let Ok(mut term) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
    {
        tokio::spawn(async move {
            term.recv().await;
            tracing::info!("stopping (SIGTERM)");
            on_term.cancel();
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reload_may_change_routes_but_not_the_database_or_metrics() {
        let old = crate::testing::example_config();
        let mut routes = old.clone();
        routes.routes.pop();
        routes.executives.clear();
        assert_eq!(needs_restart(&old, &routes), None);

        let mut db = old.clone();
        db.database_url = "sqlite:///elsewhere.db".into();
        let why = needs_restart(&old, &db).expect("refused");
        assert!(why.contains("[database] url"), "{why}");

        let mut metrics = old.clone();
        metrics.metrics = Some(crate::config::metrics::Metrics {
            listen: "127.0.0.1:9464".parse().expect("address"),
        });
        assert_eq!(
            needs_restart(&old, &metrics).as_deref(),
            Some("[metrics] changed")
        );
    }
}
