//! `qmark auth login|status|revoke`: the one-time consent, what was granted, and taking it back.

use anyhow::{Context, Result, bail};
use chrono::{DateTime, Utc};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::config::Config;
use crate::store::Store;

use super::http;
use crate::config::oauth::{Client, Provider, Source};
use crate::store::grants::{self as grant, Issued};

/// How long `login` waits for the person to consent.
const WAIT: std::time::Duration = std::time::Duration::from_secs(600);

fn client(config: &Config) -> Result<&Client> {
    match config.oauth2.as_ref().map(|o| &o.source) {
        Some(Source::Client(c)) => Ok(c),
        Some(Source::Command(_)) => bail!(
            "[oauth2] token_command is set: your own helper holds the grant, qmark has none to log in, show or revoke"
        ),
        None => bail!("no [oauth2] table in the config: add one (see config.example.toml)"),
    }
}

fn wanted_accounts(config: &Config) -> Result<Vec<String>> {
    let accounts = crate::config::oauth::accounts(config);
    if accounts.is_empty() {
        bail!("neither [inbox] nor [smtp] says auth = \"oauth2\": nothing to log in");
    }
    Ok(accounts)
}

fn print_issued(user: &str, issued: &Issued) {
    println!(
        "granted:  {user}: scope {:?}, access token valid until {}, {}",
        issued.scope.as_deref().unwrap_or("(as asked)"),
        issued
            .expires_at
            .map(|t| t.format("%Y-%m-%d %H:%M UTC").to_string())
            .unwrap_or_else(|| "(not said)".into()),
        if issued.refresh_token.is_some() {
            "refresh token saved in the database"
        } else {
            "no refresh token (a new access token is asked for when this one runs out)"
        }
    );
}

pub async fn login(config: &Config, device: bool, now: DateTime<Utc>) -> Result<()> {
    let client = client(config)?;
    let store = Store::open(&config.database_url).await?;
    let provider = config.oauth2.as_ref().and_then(|o| o.provider);
    for user in wanted_accounts(config)? {
        let issued = if client.app_only {
            println!(
                "app-only: asking for a token with the client credentials of {}",
                client.client_id
            );
            http::client_credentials(client, now).await
        } else if device {
            by_device(client, &user, now).await
        } else {
            by_browser(client, provider, &user, now).await?
        }
        .map_err(|e| anyhow::anyhow!("login for {user} failed: {e}"))?;
        grant::save_new(&store, &user, &client.client_id, &issued, now).await?;
        print_issued(&user, &issued);
    }
    Ok(())
}

async fn by_device(
    client: &Client,
    user: &str,
    now: DateTime<Utc>,
) -> Result<Issued, http::Refusal> {
    let details = http::device_start(client).await?;
    println!(
        "To let qmark use {user}: on any device, open {} and enter the code {} (sign in as {user}; the code expires in {} minutes).",
        details.verification_uri().as_str(),
        details.user_code().secret(),
        details.expires_in().as_secs() / 60
    );
    flush();
    http::device_finish(client, &details, now).await
}

fn flush() {
    use std::io::Write as _;
    let _ = std::io::stdout().flush();
}

async fn by_browser(
    client: &Client,
    provider: Option<Provider>,
    user: &str,
    now: DateTime<Utc>,
) -> Result<Result<Issued, http::Refusal>> {
    if client.auth_url.is_none() {
        bail!("oauth2.auth_url is not set: use `qmark auth login --device`");
    }
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", client.redirect_port))
        .await
        .with_context(|| {
            format!(
                "cannot listen on 127.0.0.1:{} for the redirect; set oauth2.redirect_port to a free port",
                client.redirect_port
            )
        })?;
    let port = listener
        .local_addr()
        .context("the redirect listener's port")?
        .port();
    // Microsoft matches a registered `http://localhost` redirect on any port; Google takes
    // any loopback address.
    let host = if provider == Some(Provider::Microsoft365) {
        "localhost"
    } else {
        "127.0.0.1"
    };
    let redirect = format!("http://{host}:{port}/");
    let (url, state, verifier) = match http::consent_url(client, &redirect, user) {
        Ok(v) => v,
        Err(e) => return Ok(Err(e)),
    };
    println!(
        "To let qmark use {user}, open this URL in a browser and sign in as {user}:\n\n  {url}\n"
    );
    println!(
        "Waiting for the provider's redirect to {redirect} (10 minutes). On a server without a browser, first run on your own computer: ssh -L {port}:127.0.0.1:{port} <this server>"
    );
    flush();
    let code = tokio::time::timeout(WAIT, redirected_code(&listener, state.secret()))
        .await
        .context("no consent within 10 minutes; run the command again")??;
    Ok(http::exchange_code(client, &redirect, code, verifier, now).await)
}

/// Serve the loopback redirect until one carries our state: its `code`, or the refusal.
async fn redirected_code(listener: &tokio::net::TcpListener, state: &str) -> Result<String> {
    loop {
        let (mut sock, _) = listener.accept().await.context("accepting the redirect")?;
        let mut buf = vec![0u8; 8192];
        let mut got = 0;
        while got < buf.len() {
            let n = sock.read(&mut buf[got..]).await.unwrap_or(0);
            if n == 0 {
                break;
            }
            got += n;
            if buf[..got].windows(4).any(|w| w == b"\r\n\r\n") {
                break;
            }
        }
        let head = String::from_utf8_lossy(&buf[..got]).to_string();
        let target = head.split_whitespace().nth(1).unwrap_or("/");
        let params = redirect_params(target);
        let get = |k: &str| params.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
        let (status, page, outcome) = match (get("state"), get("code"), get("error")) {
            (Some(s), _, _) if s != state => (
                "400 Bad Request",
                "qmark: this redirect is not for this login.",
                None,
            ),
            (Some(_), _, Some(e)) => (
                "200 OK",
                "qmark: consent was refused. You can close this tab.",
                Some(Err(anyhow::anyhow!(
                    "the provider answered {e}: consent was refused or cancelled"
                ))),
            ),
            (Some(_), Some(code), None) => (
                "200 OK",
                "qmark: consent received. You can close this tab.",
                Some(Ok(code)),
            ),
            _ => (
                "404 Not Found",
                "qmark: waiting for the sign-in redirect.",
                None,
            ),
        };
        let reply = format!(
            "HTTP/1.1 {status}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{page}",
            page.len()
        );
        let _ = sock.write_all(reply.as_bytes()).await;
        let _ = sock.shutdown().await;
        if let Some(outcome) = outcome {
            return outcome;
        }
    }
}

/// The query of a redirect target, decoded.
pub fn redirect_params(target: &str) -> Vec<(String, String)> {
    let query = target.split_once('?').map(|(_, q)| q).unwrap_or("");
    oauth2::url::form_urlencoded::parse(query.as_bytes())
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

pub async fn status(config: &Config) -> Result<()> {
    let store = Store::open(&config.database_url).await?;
    for line in super::consent::check_lines(&store, config).await? {
        println!("{line}");
    }
    Ok(())
}

pub async fn revoke(config: &Config) -> Result<()> {
    let client = client(config)?;
    let store = Store::open(&config.database_url).await?;
    for user in wanted_accounts(config)? {
        let Some(g) = grant::load(&store, &user).await? else {
            println!("revoked:  {user}: no grant was stored");
            continue;
        };
        let at_provider = match g.refresh_token.as_deref() {
            Some(rt) => match http::revoke(client, rt).await {
                Ok(true) => "revoked at the provider",
                Ok(false) => {
                    "the provider has no revocation endpoint: remove qmark's consent in its admin console too"
                }
                Err(e) => {
                    println!("warning:  {user}: the provider did not confirm the revocation ({e})");
                    "not confirmed by the provider"
                }
            },
            None => "no refresh token was held",
        };
        grant::forget(&store, &user).await?;
        println!("revoked:  {user}: {at_provider}; deleted from the database");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_redirect_query_is_decoded() {
        let p = redirect_params("/?code=a%2Fb&state=xyz&scope=mail+offline_access");
        assert!(p.contains(&("code".into(), "a/b".into())));
        assert!(p.contains(&("scope".into(), "mail offline_access".into())));
        assert!(redirect_params("/favicon.ico").is_empty());
    }
}
