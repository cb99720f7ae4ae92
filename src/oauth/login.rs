//! `qmark auth login|status|revoke`: the one-time consent, what was granted, and taking it back.

use anyhow::{Context, Result, bail};
use chrono::{DateTime, Utc};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::config::Config;
use crate::store::Store;

use super::http;
use crate::config::accounts::{Account, oauth2_accounts};
use crate::config::oauth::{Client, OAuth2, Provider, Source};
use crate::store::grants::{self as grant, Issued};

/// How long `login` waits for the person to consent.
const WAIT: std::time::Duration = std::time::Duration::from_secs(600);

fn client_of(settings: &OAuth2) -> Result<&Client> {
    match &settings.source {
        Source::Client(c) => Ok(c),
        Source::Command(_) => bail!(
            "token_command is set: your own helper holds the grant, qmark has none to log in, show or revoke"
        ),
    }
}

/// The accounts `auth login` and `auth revoke` act on: the one `--inbox` names; without it,
/// every account when one client serves them all, else none but a line saying which need
/// consent and how to name one.
async fn chosen<'a>(
    config: &'a Config,
    store: &Store,
    inbox: Option<&str>,
) -> Result<Vec<Account<'a>>> {
    let accounts = oauth2_accounts(config);
    if accounts.is_empty() {
        bail!("neither [inbox] nor [smtp] says auth = \"oauth2\": nothing to log in");
    }
    let names = || {
        accounts
            .iter()
            .map(|a| describe_account(a))
            .collect::<Vec<_>>()
            .join(", ")
    };
    if let Some(name) = inbox {
        let picked: Vec<Account<'a>> = accounts
            .iter()
            .filter(|a| a.is_named(name))
            .cloned()
            .collect();
        if picked.is_empty() {
            bail!(
                "--inbox {name}: no account of that address logs in with OAuth2; the OAuth2 accounts are {}",
                names()
            );
        }
        return Ok(picked);
    }
    let first = &accounts[0];
    if accounts
        .iter()
        .all(|a| a.settings.same_client(first.settings))
    {
        return Ok(accounts);
    }
    let mut waiting = Vec::new();
    for a in &accounts {
        let g = grant::load(store, &a.username).await?;
        if g.is_none_or(|g| g.refused_at.is_some()) {
            waiting.push(a.username.clone());
        }
    }
    bail!(
        "{} OAuth2 accounts with their own clients ({}): name one with --inbox ADDRESS; {}",
        accounts.len(),
        names(),
        if waiting.is_empty() {
            "each has its consent".to_string()
        } else {
            format!("consent needed for {}", waiting.join(", "))
        }
    )
}

/// An account as `auth` names it: its address and provider.
fn describe_account(a: &Account<'_>) -> String {
    match a.settings.provider {
        Some(p) => format!("{} ({})", a.username, p.name()),
        None => a.username.clone(),
    }
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

pub async fn login(
    config: &Config,
    device: bool,
    inbox: Option<&str>,
    now: DateTime<Utc>,
) -> Result<()> {
    let store = Store::open(&config.database_url).await?;
    for account in chosen(config, &store, inbox).await? {
        let user = account.username.as_str();
        let client = client_of(account.settings)?;
        let provider = account.settings.provider;
        let issued = if client.app_only {
            println!(
                "app-only: asking for a token with the client credentials of {}",
                client.client_id
            );
            http::client_credentials(client, now).await
        } else if device {
            by_device(client, user, now).await
        } else {
            by_browser(client, provider, user, now).await?
        }
        .map_err(|e| anyhow::anyhow!("login for {user} failed: {e}"))?;
        grant::save_new(&store, user, &client.client_id, &issued, now).await?;
        print_issued(user, &issued);
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

/// Prints each OAuth2 account's grant; fails (exit 1) when a line is a problem, so a script or
/// monitor that runs `qmark auth status` learns it the way `qmark check` tells it.
pub async fn status(config: &Config, inbox: Option<&str>) -> Result<()> {
    let accounts = oauth2_accounts(config);
    if accounts.is_empty() {
        if let Some(name) = inbox {
            // Asked about one inbox: a name that is no inbox at all is the operator's typo.
            if config.inbox_for(name).is_none() {
                bail!(
                    "--inbox {name}: no [[inbox]] has that address; use one of: {}",
                    config.inbox_addresses()
                );
            }
        }
        println!(
            "oauth2:   no account logs in with OAuth2 (no [inbox], [inbox.smtp] or [smtp] says auth = \"oauth2\"): nothing to show"
        );
        return Ok(());
    }
    let store = Store::open(&config.database_url).await?;
    let picked: Vec<String> = match inbox {
        Some(name) => chosen(config, &store, Some(name))
            .await?
            .into_iter()
            .map(|a| a.username)
            .collect(),
        None => accounts.into_iter().map(|a| a.username).collect(),
    };
    let mut problems = 0;
    for line in super::consent::check_lines(&store, config, true).await? {
        if picked.iter().any(|u| line.contains(u.as_str())) {
            problems += usize::from(line.starts_with("problem:"));
            println!("{line}");
        }
    }
    if problems > 0 {
        bail!(
            "{problems} OAuth2 problem(s) above: run the command each one names, then `qmark auth status` again"
        );
    }
    Ok(())
}

pub async fn revoke(config: &Config, inbox: Option<&str>) -> Result<()> {
    let store = Store::open(&config.database_url).await?;
    for account in chosen(config, &store, inbox).await? {
        let user = account.username.as_str();
        let client = client_of(account.settings)?;
        let Some(g) = grant::load(&store, user).await? else {
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
        grant::forget(&store, user).await?;
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
