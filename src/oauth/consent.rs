//! When the provider refuses qmark's grant (consent revoked, password changed, an admin's
//! policy): the executives are told once a day with the exact command that fixes it, and
//! `qmark check` says the same. Everything that does not need that mailbox keeps running.

use anyhow::{Context, Result};
use chrono::{DateTime, Utc};

use crate::app::App;

use crate::store::grants::{self as grant, Grant};

/// The notice's key: one per account per day (UTC), however often the connection fails.
pub fn notice_key(username: &str, now: DateTime<Utc>) -> String {
    format!("oauth_refused:{}:{}", username, now.format("%Y-%m-%d"))
}

/// One line for a refused grant: what, since when, why, and the command that fixes it.
pub fn describe(g: &Grant, fix: &str) -> String {
    format!(
        "the provider refuses qmark's OAuth2 grant for {} since {} ({}); to fix it run `{fix}`",
        g.username,
        g.refused_at
            .map(|t| t.format("%Y-%m-%d %H:%M UTC").to_string())
            .unwrap_or_else(|| "now".into()),
        g.refused_reason.as_deref().unwrap_or("no reason given"),
    )
}

/// One line for an account the SMTP server will not let send: since when, why, what fixes it.
pub fn describe_send(g: &Grant, hint: &str, fix: &str) -> String {
    format!(
        "missing SMTP send permission for {} since {} ({}); {hint}, then run `{fix}`",
        g.username,
        g.send_refused_at
            .map(|t| t.format("%Y-%m-%d %H:%M UTC").to_string())
            .unwrap_or_else(|| "now".into()),
        g.send_refused_reason
            .as_deref()
            .unwrap_or("no reason given"),
    )
}

/// The notice's headline and its one-line problem for a grant that needs a person, if any.
fn trouble(app: &App, g: &Grant) -> Option<(String, String)> {
    let fix = app.tokens.fix(&g.username);
    if g.refused_at.is_some() {
        let headline = format!(
            "qmark cannot use the mailbox {} (OAuth2 consent)",
            g.username
        );
        return Some((headline, describe(g, &fix)));
    }
    g.send_refused_at?;
    let provider = app
        .tokens
        .settings_for(&g.username)
        .and_then(|s| s.provider);
    let hint = crate::oauth::send_permission_hint(provider);
    let headline = format!(
        "qmark cannot send as {} (missing SMTP send permission)",
        g.username
    );
    Some((headline, describe_send(g, hint, &fix)))
}

/// Queue today's notice for every refused grant or send permission (keyed: at most one per
/// account per day). Returns how many accounts need a person.
pub async fn notice_once(app: &App, now: DateTime<Utc>) -> Result<usize> {
    if !app.tokens.any() {
        return Ok(0);
    }
    let troubled: Vec<(Grant, (String, String))> = grant::all(&app.store)
        .await?
        .into_iter()
        .filter_map(|g| trouble(app, &g).map(|t| (g, t)))
        .collect();
    if troubled.is_empty() {
        return Ok(0);
    }
    let mut tx = app.store.write().await?;
    for (g, (headline, problem)) in &troubled {
        let detail = format!(
            "{problem}.\n\nUntil then qmark keeps every case, reminder and escalation it already has, \
             retries with backoff, and sends this notice once a day.\n\nFix: {}",
            app.tokens.fix(&g.username)
        );
        crate::outgoing::notice_executives(
            &mut tx,
            app,
            &notice_key(&g.username, now),
            None,
            headline,
            "",
            &g.username,
            &detail,
            now,
        )
        .await?;
    }
    tx.commit()
        .await
        .context("committing the OAuth2 consent notices")?;
    Ok(troubled.len())
}

/// When an SMTP account's grant or send permission is refused: until when the outbox waits
/// before trying again (30 s doubling with each refusal, at most an hour, as the outbox's own
/// backoff).
pub async fn smtp_waits_until(
    app: &App,
    smtp: &crate::config::Smtp,
    now: DateTime<Utc>,
) -> Option<DateTime<Utc>> {
    let Some((user, crate::config::Login::OAuth2)) = &smtp.credentials else {
        return None;
    };
    let g = grant::load(&app.store, user).await.ok()??;
    if g.refused_at.is_none() && g.send_refused_at.is_none() {
        return None;
    }
    let wait = crate::clock::backoff(g.failures.min(7));
    Some(now + chrono::Duration::from_std(wait).unwrap_or(chrono::Duration::hours(1)))
}

/// `qmark check`'s and `qmark auth status`'s lines about OAuth2: each account's grant, or
/// what is wrong with it, one line each. `send` adds a recorded missing send permission (`check`
/// finds that one live, by logging in to each SMTP account).
pub async fn check_lines(
    store: &crate::store::Store,
    config: &crate::config::Config,
    send: bool,
) -> Result<Vec<String>> {
    let accounts = crate::config::accounts::oauth2_accounts(config);
    let several = accounts.len() > 1;
    let mut lines = Vec::new();
    for a in &accounts {
        let user = &a.username;
        let fix = a
            .settings
            .login_command_for(several.then_some(user.as_str()));
        let g = grant::load(store, user).await?;
        lines.push(match (&a.settings.source, &g) {
            (crate::config::oauth::Source::Command(_), _) => {
                format!("oauth2:   {user}: tokens from token_command")
            }
            (_, Some(g)) if g.refused_at.is_some() => format!("problem:  {}", describe(g, &fix)),
            (_, Some(g)) => format!(
                "oauth2:   {user}{}: granted {} (scope {:?}), access token until {}",
                a.settings
                    .provider
                    .map(|p| format!(" ({})", p.name()))
                    .unwrap_or_default(),
                g.granted_at
                    .map(|t| t.format("%Y-%m-%d").to_string())
                    .unwrap_or_default(),
                g.scope,
                g.access_expires_at
                    .map(|t| t.format("%Y-%m-%d %H:%M UTC").to_string())
                    .unwrap_or_else(|| "(refreshed at next use)".into())
            ),
            (_, None) => format!("problem:  no OAuth2 consent for {user} yet; run `{fix}`"),
        });
        if let Some(g) = g.filter(|g| send && g.refused_at.is_none() && g.send_refused_at.is_some())
        {
            let hint = crate::oauth::send_permission_hint(a.settings.provider);
            lines.push(format!("problem:  {}", describe_send(&g, hint, &fix)));
        }
    }
    Ok(lines)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_notice_is_keyed_by_account_and_day() {
        let t = |s: &str| DateTime::parse_from_rfc3339(s).expect("time").to_utc();
        let a = notice_key("ceo@shop.example", t("2026-12-02T01:00:00Z"));
        assert_eq!(a, notice_key("ceo@shop.example", t("2026-12-02T23:59:00Z")));
        assert_ne!(a, notice_key("ceo@shop.example", t("2026-12-03T00:00:00Z")));
        assert_ne!(
            a,
            notice_key("jeff@shop.example", t("2026-12-02T01:00:00Z"))
        );
    }
}
