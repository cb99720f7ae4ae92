//! OAuth2 for Google Workspace and Microsoft 365 (issue 13): the bearer tokens behind
//! `auth = "oauth2"` on the IMAP and SMTP connections.
//!
//! `Tokens::bearer` hands a connection an access token: the stored one while it lasts more
//! than five minutes, else a refreshed one. A refresh's new refresh token (providers that
//! rotate kill the old one as they answer) is written with its access token in one statement
//! before either is used, so a crash after the refresh cannot leave a used-up token as the only
//! copy (store/grants.rs). A refused grant is recorded; the executives are told once a day with the
//! command that fixes it (consent.rs) and `qmark check` says the same.

pub mod consent;
pub use crate::store::grants as grant;
pub mod http;
pub mod login;

use std::sync::Arc;

use chrono::{DateTime, Utc};

pub use crate::config::oauth::{OAuth2, Provider};

use crate::config::oauth::Source;
use crate::store::Store;

/// An access token for one connection. Its `Debug` never shows the token.
#[derive(Clone)]
pub struct Bearer {
    pub token: String,
    pub expires_at: Option<DateTime<Utc>>,
    /// Just obtained from the provider (not the stored one): if a server refuses it, the grant
    /// itself is the problem, not the token's age.
    pub fresh: bool,
}

impl std::fmt::Debug for Bearer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "Bearer(<hidden>, expires {:?}, fresh {})",
            self.expires_at, self.fresh
        )
    }
}

/// The SASL XOAUTH2 initial response (Google's and Microsoft's documented format).
pub fn xoauth2(user: &str, token: &str) -> String {
    format!("user={user}\x01auth=Bearer {token}\x01\x01")
}

/// Why there is no token, with what fixes it.
#[derive(Debug, thiserror::Error)]
pub enum TokenError {
    #[error("no OAuth2 consent for {user} yet: run `{fix}`")]
    NoGrant { user: String, fix: String },
    #[error(
        "the provider refuses qmark's OAuth2 grant for {user} ({reason}); to fix it run `{fix}`"
    )]
    Refused {
        user: String,
        reason: String,
        fix: String,
    },
    #[error("cannot get an OAuth2 token for {user} now (will retry): {why}")]
    Failed { user: String, why: String },
    /// The SMTP server refused a fresh token that the provider had just issued: the account
    /// may log in, not send (the grant lacks the send scope, or SMTP AUTH is off for it).
    #[error("missing SMTP send permission for {user}: {reason}; {hint}, then run `{fix}`")]
    NoSendPermission {
        user: String,
        reason: String,
        hint: String,
        fix: String,
    },
}

/// What gives an account the right to send, per provider.
pub fn send_permission_hint(provider: Option<Provider>) -> &'static str {
    match provider {
        Some(Provider::Microsoft365) => {
            "grant the app the SMTP.Send permission and turn on Authenticated SMTP for the mailbox (Microsoft 365 admin center: the user > Mail > Manage email apps)"
        }
        Some(Provider::Google) => {
            "consent to the https://mail.google.com/ scope (it covers SMTP) and let the user send mail in the Admin console"
        }
        None => "grant the account the scope and permission to send with SMTP AUTH",
    }
}

/// The shell's handle on tokens: the database and, per account, the OAuth2 settings its
/// tokens come from (an inbox's own `[inbox.oauth2]`, else `[oauth2]`). Cheap to clone.
#[derive(Clone)]
pub struct Tokens {
    store: Store,
    /// Each OAuth2 account (lower-case username) and its settings, in the config's order.
    accounts: Arc<Vec<(String, Arc<OAuth2>)>>,
    /// `[oauth2]`, for an account the config does not name.
    default: Option<Arc<OAuth2>>,
    /// One refresh at a time in this process: with rotation, two refreshes racing on one
    /// refresh token would leave one of them holding a dead token.
    refreshing: Arc<tokio::sync::Mutex<()>>,
}

impl Tokens {
    pub fn new(store: Store, config: &crate::config::Config) -> Tokens {
        let accounts = crate::config::accounts::oauth2_accounts(config)
            .into_iter()
            .map(|a| (a.username, Arc::new(a.settings.clone())))
            .collect();
        Tokens {
            store,
            accounts: Arc::new(accounts),
            default: config.oauth2.clone().map(Arc::new),
            refreshing: Arc::new(tokio::sync::Mutex::new(())),
        }
    }

    /// Where `user`'s tokens come from.
    pub fn settings_for(&self, user: &str) -> Option<&OAuth2> {
        let user = user.to_lowercase();
        self.accounts
            .iter()
            .find(|(u, _)| *u == user)
            .map(|(_, s)| &**s)
            .or(self.default.as_deref())
    }

    /// Whether any account logs in with OAuth2.
    pub fn any(&self) -> bool {
        !self.accounts.is_empty() || self.default.is_some()
    }

    /// The command that gives `user` a new consent: `--inbox` names the account when there
    /// are several.
    pub fn fix(&self, user: &str) -> String {
        let one = (self.accounts.len() > 1).then_some(user);
        self.settings_for(user)
            .map(|s| s.login_command_for(one))
            .unwrap_or_else(|| "qmark auth --config qmark.toml login".into())
    }

    /// An access token for `user`: the stored one while it lasts, else a new one. `fresh`
    /// forces a new one (a server refused the stored one).
    pub async fn bearer(
        &self,
        user: &str,
        fresh: bool,
        now: DateTime<Utc>,
    ) -> Result<Bearer, TokenError> {
        let Some(settings) = self.settings_for(user) else {
            return Err(TokenError::Refused {
                user: user.into(),
                reason: "auth = \"oauth2\" but no [oauth2] table".into(),
                fix: "add [oauth2] to the config (see config.example.toml)".into(),
            });
        };
        let client = match &settings.source {
            Source::Command(cmd) => return self.by_command(cmd, user).await,
            Source::Client(c) => c,
        };
        let failed = |why: String| TokenError::Failed {
            user: user.into(),
            why,
        };
        let _one = self.refreshing.lock().await;
        let stored = grant::load(&self.store, user)
            .await
            .map_err(|e| failed(format!("{e:#}")))?;
        if !fresh
            && let Some(g) = &stored
            && g.refused_at.is_none()
            && g.client_id == client.client_id
            && let Some((token, expires_at)) = g.usable_access(now)
        {
            return Ok(Bearer {
                token: token.to_string(),
                expires_at,
                fresh: false,
            });
        }
        let result = self.request(client, user, stored.as_ref(), now).await?;
        self.settle(client, user, stored.as_ref(), result, now)
            .await
    }

    /// A token from the operator's own `token_command`, asked for every connection.
    async fn by_command(
        &self,
        cmd: &crate::config::SecretSource,
        user: &str,
    ) -> Result<Bearer, TokenError> {
        let cmd = cmd.clone();
        let token = tokio::task::spawn_blocking(move || cmd.resolve("oauth2.token"))
            .await
            .map_err(|e| TokenError::Failed {
                user: user.into(),
                why: e.to_string(),
            })?
            .map_err(|e| TokenError::Refused {
                user: user.into(),
                reason: e.to_string(),
                fix: self.fix(user),
            })?;
        Ok(Bearer {
            token: token.expose().to_string(),
            expires_at: None,
            fresh: true,
        })
    }

    /// Ask the provider for a new access token: client credentials for an app-only client,
    /// else the stored grant's refresh token (refused at once when there is none, or it was
    /// made for another client).
    async fn request(
        &self,
        client: &crate::config::oauth::Client,
        user: &str,
        stored: Option<&grant::Grant>,
        now: DateTime<Utc>,
    ) -> Result<Result<grant::Issued, http::Refusal>, TokenError> {
        let result = if client.app_only {
            http::client_credentials(client, now).await
        } else {
            let Some(g) = stored.filter(|g| g.refresh_token.is_some()) else {
                let reason = "no consent yet";
                self.refused(user, &client.client_id, reason, now).await;
                return Err(TokenError::NoGrant {
                    user: user.into(),
                    fix: self.fix(user),
                });
            };
            if g.client_id != client.client_id {
                let reason = format!(
                    "the stored grant was made for client {:?}, the config names {:?}",
                    g.client_id, client.client_id
                );
                self.refused(user, &client.client_id, &reason, now).await;
                return Err(TokenError::Refused {
                    user: user.into(),
                    reason,
                    fix: self.fix(user),
                });
            }
            let rt = g.refresh_token.clone().unwrap_or_default();
            http::refresh(client, &rt, now).await
        };
        Ok(result)
    }

    /// Keep what the provider answered: a new token is saved (with its rotated refresh token)
    /// before it is used; a refusal is recorded, unless another process rotated meanwhile.
    async fn settle(
        &self,
        client: &crate::config::oauth::Client,
        user: &str,
        stored: Option<&grant::Grant>,
        result: Result<grant::Issued, http::Refusal>,
        now: DateTime<Utc>,
    ) -> Result<Bearer, TokenError> {
        let failed = |why: String| TokenError::Failed {
            user: user.into(),
            why,
        };
        match result {
            Ok(issued) => {
                if client.app_only {
                    grant::save_new(&self.store, user, &client.client_id, &issued, now).await
                } else {
                    grant::save_refreshed(&self.store, user, &issued, now).await
                }
                .map_err(|e| failed(format!("{e:#}")))?;
                tracing::info!(user, expires = ?issued.expires_at, rotated = issued.refresh_token.is_some(), "OAuth2 access token refreshed");
                crash_point("after-token-saved");
                Ok(Bearer {
                    token: issued.access_token,
                    expires_at: issued.expires_at,
                    fresh: true,
                })
            }
            Err(http::Refusal::Refused(reason)) => {
                // Another qmark process (`qmark check` beside the daemon) may have rotated
                // the token meanwhile: then the stored one is newer than the one we used.
                if let (Ok(Some(now_stored)), Some(before)) =
                    (grant::load(&self.store, user).await, stored)
                    && now_stored.refresh_token != before.refresh_token
                    && let Some((token, expires_at)) = now_stored.usable_access(now)
                {
                    return Ok(Bearer {
                        token: token.to_string(),
                        expires_at,
                        fresh: true,
                    });
                }
                self.refused(user, &client.client_id, &reason, now).await;
                Err(TokenError::Refused {
                    user: user.into(),
                    reason,
                    fix: self.fix(user),
                })
            }
            Err(http::Refusal::Failed(why)) => Err(failed(why)),
        }
    }

    /// A mail server refused `bearer`. A stored token is forgotten (the next attempt
    /// refreshes); a fresh one means the grant does not reach this server (missing scope or
    /// permission, revoked consent): recorded as refused, so the executives hear of it.
    pub async fn server_refused(
        &self,
        user: &str,
        server: &str,
        bearer: &Bearer,
        answer: &str,
        now: DateTime<Utc>,
    ) -> TokenError {
        if !bearer.fresh {
            if let Err(e) = grant::mark_stale(&self.store, user, &bearer.token).await {
                tracing::warn!("{e:#}");
            }
            return TokenError::Failed {
                user: user.into(),
                why: format!("{server} refused the stored token ({answer}); refreshing"),
            };
        }
        let settings = self.settings_for(user);
        let client_id = match settings.map(|s| &s.source) {
            Some(Source::Client(c)) => c.client_id.clone(),
            _ => "token_command".into(),
        };
        if server == "SMTP" {
            // The provider has just issued this token, so the grant and the client are good:
            // SMTP refusing it is the account's permission to send (IMAP may well take it).
            let reason = format!("the SMTP server refused a fresh token ({answer})");
            tracing::error!(user, "missing SMTP send permission: {reason}");
            if let Err(e) =
                grant::mark_send_refused(&self.store, user, &client_id, &reason, now).await
            {
                tracing::warn!("{e:#}");
            }
            return TokenError::NoSendPermission {
                user: user.into(),
                reason,
                hint: send_permission_hint(settings.and_then(|s| s.provider)).into(),
                fix: self.fix(user),
            };
        }
        let reason = format!(
            "{server} refused a fresh token ({answer}); check the granted scopes and that the mailbox may use {server} with OAuth2"
        );
        self.refused(user, &client_id, &reason, now).await;
        TokenError::Refused {
            user: user.into(),
            reason,
            fix: self.fix(user),
        }
    }

    async fn refused(&self, user: &str, client_id: &str, reason: &str, now: DateTime<Utc>) {
        tracing::error!(
            user,
            "OAuth2 grant refused: {reason}; fix: {}",
            self.fix(user)
        );
        if let Err(e) = grant::mark_refused(&self.store, user, client_id, reason, now).await {
            tracing::warn!("{e:#}");
        }
    }

    /// When a session opened now should be re-opened: five minutes before its token expires
    /// (Exchange ends a session whose token expired with `BYE ... AccessTokenExpired`).
    /// The SMTP server took `user`'s token: a recorded send refusal is over.
    pub async fn smtp_accepted(&self, user: &str) {
        if let Err(e) = grant::clear_send_refused(&self.store, user).await {
            tracing::warn!("{e:#}");
        }
    }

    pub async fn renew_at(&self, user: &str) -> Option<DateTime<Utc>> {
        if !matches!(
            self.settings_for(user).map(|s| &s.source),
            Some(Source::Client(_))
        ) {
            return None;
        }
        let g = grant::load(&self.store, user).await.ok()??;
        g.access_expires_at.map(|t| t - grant::MARGIN)
    }
}

/// How long an IMAP session may wait before its next pass: the poll interval, cut short by
/// the time its OAuth2 token must be renewed; None when that time has come.
pub fn until_renewal(
    poll: std::time::Duration,
    renew_at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Option<std::time::Duration> {
    match renew_at {
        None => Some(poll),
        Some(t) if t <= now => None,
        Some(t) => Some(poll.min((t - now).to_std().unwrap_or(poll))),
    }
}

/// A test's way to kill qmark at an exact point (`QMARK_TEST_CRASH_AT`), as a SIGKILL there
/// would: the crash tests prove what survives it.
fn crash_point(name: &str) {
    if std::env::var("QMARK_TEST_CRASH_AT").is_ok_and(|v| v == name) {
        std::process::abort();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_xoauth2_response_is_googles_documented_format() {
        assert_eq!(
            xoauth2("ceo@shop.example", "ya29.x"),
            "user=ceo@shop.example\x01auth=Bearer ya29.x\x01\x01"
        );
    }

    #[test]
    fn a_session_waits_no_longer_than_its_token_lasts() {
        let now = DateTime::parse_from_rfc3339("2026-12-02T10:00:00Z")
            .expect("time")
            .to_utc();
        let poll = std::time::Duration::from_secs(60);
        assert_eq!(until_renewal(poll, None, now), Some(poll));
        let soon = now + chrono::Duration::seconds(20);
        assert_eq!(
            until_renewal(poll, Some(soon), now),
            Some(std::time::Duration::from_secs(20))
        );
        assert_eq!(until_renewal(poll, Some(now), now), None);
    }

    #[test]
    fn a_bearer_hides_its_token() {
        let b = Bearer {
            token: "ya29.secret".into(),
            expires_at: None,
            fresh: true,
        };
        assert!(!format!("{b:?}").contains("secret"));
    }
}
