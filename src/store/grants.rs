//! The `oauth_grants` table, typed at this edge: one grant per account qmark logs in as (the
//! tokens `oauth` obtains and refreshes).

use anyhow::{Context, Result};
use chrono::{DateTime, Utc};
use sqlx::Row;

use super::{Store, parse_ts, ts};

/// What a token endpoint handed out.
#[derive(Clone)]
pub struct Issued {
    pub access_token: String,
    /// None when the provider keeps the old refresh token valid (Google) or gives none
    /// (client credentials).
    pub refresh_token: Option<String>,
    pub expires_at: Option<DateTime<Utc>>,
    pub scope: Option<String>,
}

impl std::fmt::Debug for Issued {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Issued(<hidden>, expires {:?})", self.expires_at)
    }
}

#[derive(Clone)]
pub struct Grant {
    pub username: String,
    pub client_id: String,
    pub refresh_token: Option<String>,
    pub access_token: Option<String>,
    pub access_expires_at: Option<DateTime<Utc>>,
    pub scope: String,
    pub granted_at: Option<DateTime<Utc>>,
    pub refreshed_at: Option<DateTime<Utc>>,
    pub refused_at: Option<DateTime<Utc>>,
    pub refused_reason: Option<String>,
    pub failures: i64,
    /// Set when the SMTP server refused a fresh token of this grant that IMAP may well take:
    /// the account lacks the permission to send (migration 0016).
    pub send_refused_at: Option<DateTime<Utc>>,
    pub send_refused_reason: Option<String>,
}

/// How long before its expiry an access token is replaced: a connection opened with it must
/// still be good while it logs in, and Exchange ends a session when its token expires.
pub const MARGIN: chrono::Duration = chrono::Duration::minutes(5);

impl Grant {
    /// The stored access token, if it will last past the margin.
    pub fn usable_access(&self, now: DateTime<Utc>) -> Option<(&str, Option<DateTime<Utc>>)> {
        let token = self.access_token.as_deref()?;
        match self.access_expires_at {
            Some(exp) if exp - now > MARGIN => Some((token, Some(exp))),
            // A provider that does not say when it expires: use it until a server refuses it.
            None => Some((token, None)),
            Some(_) => None,
        }
    }
}

fn row_to_grant(r: &sqlx::any::AnyRow) -> Grant {
    let t = |c: &str| {
        r.try_get::<Option<String>, _>(c)
            .ok()
            .flatten()
            .and_then(|s| parse_ts(&s))
    };
    Grant {
        username: r.try_get("username").unwrap_or_default(),
        client_id: r.try_get("client_id").unwrap_or_default(),
        refresh_token: r.try_get("refresh_token").ok().flatten(),
        access_token: r.try_get("access_token").ok().flatten(),
        access_expires_at: t("access_expires_at"),
        scope: r.try_get("scope").unwrap_or_default(),
        granted_at: t("granted_at"),
        refreshed_at: t("refreshed_at"),
        refused_at: t("refused_at"),
        refused_reason: r.try_get("refused_reason").ok().flatten(),
        failures: r.try_get("failures").unwrap_or_default(),
        send_refused_at: t("send_refused_at"),
        send_refused_reason: r.try_get("send_refused_reason").ok().flatten(),
    }
}

/// The columns `row_to_grant` reads (a macro: sqlx takes only literal SQL).
macro_rules! columns {
    () => {
        "username, client_id, refresh_token, access_token, access_expires_at, scope, \
         granted_at, refreshed_at, refused_at, refused_reason, failures, send_refused_at, \
         send_refused_reason"
    };
}

pub async fn load(store: &Store, username: &str) -> Result<Option<Grant>> {
    let row = sqlx::query(concat!(
        "SELECT ",
        columns!(),
        " FROM oauth_grants WHERE username = $1"
    ))
    .bind(username.to_lowercase())
    .fetch_optional(store.pool())
    .await
    .context("reading an OAuth2 grant")?;
    Ok(row.as_ref().map(row_to_grant))
}

pub async fn all(store: &Store) -> Result<Vec<Grant>> {
    let rows = sqlx::query(concat!(
        "SELECT ",
        columns!(),
        " FROM oauth_grants ORDER BY username"
    ))
    .fetch_all(store.pool())
    .await
    .context("reading the OAuth2 grants")?;
    Ok(rows.iter().map(row_to_grant).collect())
}

/// A new consent (`qmark auth login`): replaces whatever was there, refusal included.
pub async fn save_new(
    store: &Store,
    username: &str,
    client_id: &str,
    issued: &Issued,
    now: DateTime<Utc>,
) -> Result<()> {
    super::execute(
        sqlx::query(
            "INSERT INTO oauth_grants (username, client_id, refresh_token, access_token, \
             access_expires_at, scope, granted_at, refreshed_at, refused_at, refused_reason, failures) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, NULL, NULL, NULL, 0) \
             ON CONFLICT (username) DO UPDATE SET client_id = excluded.client_id, \
             refresh_token = excluded.refresh_token, access_token = excluded.access_token, \
             access_expires_at = excluded.access_expires_at, scope = excluded.scope, \
             granted_at = excluded.granted_at, refreshed_at = NULL, refused_at = NULL, \
             refused_reason = NULL, failures = 0, send_refused_at = NULL, send_refused_reason = NULL",
        )
        .bind(username.to_lowercase())
        .bind(client_id)
        .bind(&issued.refresh_token)
        .bind(&issued.access_token)
        .bind(issued.expires_at.map(ts))
        .bind(issued.scope.as_deref().unwrap_or(""))
        .bind(ts(now)),
        store.pool(),
        "saving the OAuth2 grant",
    )
    .await
}

/// A refresh's result, in one statement: the new refresh token (when the provider rotated it)
/// and the access token it came with are durable together, before the caller may use either.
/// Unconditional: whatever another process saved meanwhile, the token just issued is the
/// newest, and a provider that rotates may already have killed every older one.
pub async fn save_refreshed(
    store: &Store,
    username: &str,
    issued: &Issued,
    now: DateTime<Utc>,
) -> Result<()> {
    super::execute(
        sqlx::query(
            "UPDATE oauth_grants SET refresh_token = COALESCE($1, refresh_token), access_token = $2, \
             access_expires_at = $3, scope = COALESCE($4, scope), refreshed_at = $5, refused_at = NULL, \
             refused_reason = NULL, failures = 0 \
             WHERE username = $6",
        )
        .bind(&issued.refresh_token)
        .bind(&issued.access_token)
        .bind(issued.expires_at.map(ts))
        .bind(&issued.scope)
        .bind(ts(now))
        .bind(username.to_lowercase()),
        store.pool(),
        "saving a refreshed OAuth2 token",
    )
    .await
}

/// A server refused the stored access token although it had not expired (Exchange's
/// `AccessTokenExpired`, a token revoked early): the next connection refreshes.
pub async fn mark_stale(store: &Store, username: &str, access_token: &str) -> Result<()> {
    super::execute(
        sqlx::query(
            "UPDATE oauth_grants SET access_token = NULL, access_expires_at = NULL \
             WHERE username = $1 AND access_token = $2",
        )
        .bind(username.to_lowercase())
        .bind(access_token),
        store.pool(),
        "forgetting a refused OAuth2 access token",
    )
    .await
}

/// The provider (or the mail server, for a fresh token) refused the grant. The first refusal's
/// time is kept: the notice and `qmark check` say since when.
pub async fn mark_refused(
    store: &Store,
    username: &str,
    client_id: &str,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    super::execute(
        sqlx::query(
            "INSERT INTO oauth_grants (username, client_id, granted_at, refused_at, refused_reason, failures) \
             VALUES ($1, $2, $3, $3, $4, 1) \
             ON CONFLICT (username) DO UPDATE SET refused_at = COALESCE(oauth_grants.refused_at, excluded.refused_at), \
             refused_reason = excluded.refused_reason, failures = oauth_grants.failures + 1, \
             access_token = NULL, access_expires_at = NULL",
        )
        .bind(username.to_lowercase())
        .bind(client_id)
        .bind(ts(now))
        .bind(reason),
        store.pool(),
        "recording a refused OAuth2 grant",
    )
    .await
}

/// The SMTP server refused a fresh token of this account: it may not send (the grant itself
/// may be good for IMAP). The first refusal's time is kept.
pub async fn mark_send_refused(
    store: &Store,
    username: &str,
    client_id: &str,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    super::execute(
        sqlx::query(
            "INSERT INTO oauth_grants (username, client_id, granted_at, send_refused_at, send_refused_reason) \
             VALUES ($1, $2, $3, $3, $4) \
             ON CONFLICT (username) DO UPDATE SET \
             send_refused_at = COALESCE(oauth_grants.send_refused_at, excluded.send_refused_at), \
             send_refused_reason = excluded.send_refused_reason",
        )
        .bind(username.to_lowercase())
        .bind(client_id)
        .bind(ts(now))
        .bind(reason),
        store.pool(),
        "recording a refused SMTP send permission",
    )
    .await
}

/// The SMTP server took this account's token: whatever send refusal was recorded is over.
pub async fn clear_send_refused(store: &Store, username: &str) -> Result<()> {
    super::execute(
        sqlx::query(
            "UPDATE oauth_grants SET send_refused_at = NULL, send_refused_reason = NULL \
             WHERE username = $1 AND send_refused_at IS NOT NULL",
        )
        .bind(username.to_lowercase()),
        store.pool(),
        "clearing a refused SMTP send permission",
    )
    .await
}

pub async fn forget(store: &Store, username: &str) -> Result<bool> {
    let done = sqlx::query("DELETE FROM oauth_grants WHERE username = $1")
        .bind(username.to_lowercase())
        .execute(store.pool())
        .await
        .context("deleting an OAuth2 grant")?;
    Ok(done.rows_affected() > 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grant(expires: Option<DateTime<Utc>>) -> Grant {
        Grant {
            username: "ceo@shop.example".into(),
            client_id: "c".into(),
            refresh_token: Some("rt".into()),
            access_token: Some("at".into()),
            access_expires_at: expires,
            scope: String::new(),
            granted_at: None,
            refreshed_at: None,
            refused_at: None,
            refused_reason: None,
            failures: 0,
            send_refused_at: None,
            send_refused_reason: None,
        }
    }

    #[test]
    fn an_access_token_is_replaced_before_it_expires() {
        let now = DateTime::parse_from_rfc3339("2026-12-02T10:00:00Z")
            .expect("time")
            .to_utc();
        let g = grant(Some(now + chrono::Duration::minutes(30)));
        assert!(g.usable_access(now).is_some());
        let g = grant(Some(now + chrono::Duration::minutes(4)));
        assert!(g.usable_access(now).is_none(), "inside the margin: refresh");
        let g = grant(Some(now - chrono::Duration::minutes(1)));
        assert!(g.usable_access(now).is_none(), "expired");
        let mut g = grant(None);
        assert!(
            g.usable_access(now).is_some(),
            "no expiry known: use until refused"
        );
        g.access_token = None;
        assert!(g.usable_access(now).is_none());
    }
}
