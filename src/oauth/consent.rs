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

/// Queue today's notice for every refused grant (keyed: at most one per account per day).
/// Returns how many grants are refused.
pub async fn notice_once(app: &App, now: DateTime<Utc>) -> Result<usize> {
    let Some(settings) = app.tokens.settings() else {
        return Ok(0);
    };
    let refused: Vec<Grant> = grant::all(&app.store)
        .await?
        .into_iter()
        .filter(|g| g.refused_at.is_some())
        .collect();
    if refused.is_empty() {
        return Ok(0);
    }
    let fix = settings.login_command();
    let mut tx = app.store.write().await?;
    for g in &refused {
        let headline = format!(
            "qmark cannot use the mailbox {} (OAuth2 consent)",
            g.username
        );
        let detail = format!(
            "{}.\n\nUntil then qmark keeps every case, reminder and escalation it already has, \
             retries with backoff, and sends this notice once a day.\n\nFix: {fix}",
            describe(g, &fix)
        );
        crate::outgoing::notice_executives(
            &mut tx,
            app,
            &notice_key(&g.username, now),
            None,
            &headline,
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
    Ok(refused.len())
}

/// When the SMTP account's grant is refused: until when the outbox waits before trying again
/// (30 s doubling with each refusal, at most an hour, as the outbox's own backoff).
pub async fn smtp_waits_until(app: &App, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    let Some((user, crate::config::Login::OAuth2)) = &app.config.smtp.credentials else {
        return None;
    };
    let g = grant::load(&app.store, user).await.ok()??;
    g.refused_at?;
    let wait = crate::clock::backoff(g.failures.min(7));
    Some(now + chrono::Duration::from_std(wait).unwrap_or(chrono::Duration::hours(1)))
}

/// `qmark check`'s lines about OAuth2: each account's grant, or what is wrong with it.
pub async fn check_lines(
    store: &crate::store::Store,
    config: &crate::config::Config,
) -> Result<Vec<String>> {
    let Some(settings) = config.oauth2.as_ref() else {
        return Ok(Vec::new());
    };
    let fix = settings.login_command();
    let mut lines = Vec::new();
    for user in crate::config::oauth::accounts(config) {
        let g = grant::load(store, &user).await?;
        lines.push(match (&settings.source, g) {
            (crate::config::oauth::Source::Command(_), _) => {
                format!("oauth2:   {user}: tokens from token_command")
            }
            (_, Some(g)) if g.refused_at.is_some() => format!("problem:  {}", describe(&g, &fix)),
            (_, Some(g)) => format!(
                "oauth2:   {user}: granted {} (scope {:?}), access token until {}",
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
