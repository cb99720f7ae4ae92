//! Talking to the provider's token service, through the `oauth2` crate over reqwest with rustls
//! (ring, webpki roots; no OpenSSL). The only module that names `oauth2`'s client.

use std::time::Duration;

use chrono::{DateTime, Utc};
use oauth2::basic::{
    BasicErrorResponse, BasicErrorResponseType, BasicRevocationErrorResponse,
    BasicTokenIntrospectionResponse, BasicTokenResponse,
};
use oauth2::{
    AuthType, AuthUrl, AuthorizationCode, ClientId, ClientSecret, CsrfToken,
    DeviceAuthorizationUrl, EndpointMaybeSet, EndpointNotSet, EndpointSet, PkceCodeChallenge,
    PkceCodeVerifier, RedirectUrl, RefreshToken, RequestTokenError, RevocationUrl, Scope,
    StandardDeviceAuthorizationResponse, StandardRevocableToken, TokenResponse, TokenUrl,
};

use crate::config::oauth::Client;
use crate::store::grants::Issued;

type OClient = oauth2::Client<
    BasicErrorResponse,
    BasicTokenResponse,
    BasicTokenIntrospectionResponse,
    StandardRevocableToken,
    BasicRevocationErrorResponse,
    EndpointMaybeSet,
    EndpointMaybeSet,
    EndpointNotSet,
    EndpointMaybeSet,
    EndpointSet,
>;

/// Why the token service gave no token, shaped by what the caller does next.
#[derive(Debug, thiserror::Error)]
pub enum Refusal {
    /// The grant or the client is no good (revoked consent, changed password, wrong client id
    /// or secret, a scope not granted): only a person can fix it.
    #[error("{0}")]
    Refused(String),
    /// The service could not be reached or failed: try again later.
    #[error("{0}")]
    Failed(String),
}

const TIMEOUT: Duration = Duration::from_secs(30);

fn http() -> Result<reqwest::Client, Refusal> {
    crate::tls::install_provider();
    reqwest::Client::builder()
        // RFC 6749 §5: token endpoints answer, they do not redirect; following one would
        // carry our credentials somewhere else.
        .redirect(reqwest::redirect::Policy::none())
        .timeout(TIMEOUT)
        .build()
        .map_err(|e| Refusal::Failed(format!("building the HTTP client: {e}")))
}

fn bad_url(key: &str, e: impl std::fmt::Display) -> Refusal {
    Refusal::Refused(format!("oauth2.{key}: {e}"))
}

fn client(c: &Client, redirect: Option<&str>) -> Result<OClient, Refusal> {
    let mut client = oauth2::basic::BasicClient::new(ClientId::new(c.client_id.clone()))
        .set_auth_uri_option(
            c.auth_url
                .clone()
                .map(AuthUrl::new)
                .transpose()
                .map_err(|e| bad_url("auth_url", e))?,
        )
        .set_device_authorization_url_option(
            c.device_url
                .clone()
                .map(DeviceAuthorizationUrl::new)
                .transpose()
                .map_err(|e| bad_url("device_url", e))?,
        )
        .set_revocation_url_option(
            c.revoke_url
                .clone()
                .map(RevocationUrl::new)
                .transpose()
                .map_err(|e| bad_url("revoke_url", e))?,
        )
        .set_token_uri(TokenUrl::new(c.token_url.clone()).map_err(|e| bad_url("token_url", e))?)
        // Google and Microsoft both take the client's credentials in the form body.
        .set_auth_type(AuthType::RequestBody);
    if let Some(source) = &c.client_secret {
        let secret = source
            .resolve("oauth2.client_secret")
            .map_err(|e| Refusal::Refused(e.to_string()))?;
        client = client.set_client_secret(ClientSecret::new(secret.expose().to_string()));
    }
    if let Some(r) = redirect {
        client = client
            .set_redirect_uri(RedirectUrl::new(r.to_string()).map_err(|e| bad_url("redirect", e))?);
    }
    Ok(client)
}

fn scopes(c: &Client) -> Vec<Scope> {
    c.scopes.iter().cloned().map(Scope::new).collect()
}

fn refusal<RE: std::error::Error + 'static>(
    e: RequestTokenError<RE, BasicErrorResponse>,
) -> Refusal {
    match e {
        RequestTokenError::ServerResponse(r) => {
            let text = format!(
                "{}{}",
                r.error(),
                r.error_description()
                    .map(|d| format!(": {d}"))
                    .unwrap_or_default()
            );
            match r.error() {
                BasicErrorResponseType::InvalidGrant
                | BasicErrorResponseType::InvalidClient
                | BasicErrorResponseType::UnauthorizedClient
                | BasicErrorResponseType::InvalidScope => Refusal::Refused(text),
                _ => Refusal::Failed(text),
            }
        }
        RequestTokenError::Request(e) => Refusal::Failed(format!("token service unreachable: {e}")),
        RequestTokenError::Parse(e, _) => Refusal::Failed(format!(
            "the token service's answer is not OAuth2 JSON: {e}"
        )),
        RequestTokenError::Other(e) => Refusal::Failed(e),
    }
}

fn issued(t: &BasicTokenResponse, now: DateTime<Utc>) -> Issued {
    Issued {
        access_token: t.access_token().secret().clone(),
        refresh_token: t.refresh_token().map(|r| r.secret().clone()),
        expires_at: t
            .expires_in()
            .and_then(|d| chrono::Duration::from_std(d).ok())
            .map(|d| now + d),
        scope: t
            .scopes()
            .map(|s| s.iter().map(|x| x.as_str()).collect::<Vec<_>>().join(" ")),
    }
}

/// Trade a refresh token for a new access token (and, where the provider rotates, a new
/// refresh token: the caller must store it before anything else).
pub async fn refresh(
    c: &Client,
    refresh_token: &str,
    now: DateTime<Utc>,
) -> Result<Issued, Refusal> {
    let http = http()?;
    let rt = RefreshToken::new(refresh_token.to_string());
    let t = client(c, None)?
        .exchange_refresh_token(&rt)
        .request_async(&http)
        .await
        .map_err(refusal)?;
    Ok(issued(&t, now))
}

/// App-only access (Microsoft 365 client credentials).
pub async fn client_credentials(c: &Client, now: DateTime<Utc>) -> Result<Issued, Refusal> {
    let http = http()?;
    let t = client(c, None)?
        .exchange_client_credentials()
        .add_scopes(scopes(c))
        .request_async(&http)
        .await
        .map_err(refusal)?;
    Ok(issued(&t, now))
}

/// The consent URL for the authorization-code flow with PKCE, its state and verifier.
pub fn consent_url(
    c: &Client,
    redirect: &str,
    login_hint: &str,
) -> Result<(String, CsrfToken, PkceCodeVerifier), Refusal> {
    let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
    let oc = client(c, Some(redirect))?;
    let mut req = oc
        .authorize_url(CsrfToken::new_random)
        .map_err(|e| bad_url("auth_url", e))?
        .add_scopes(scopes(c))
        .set_pkce_challenge(challenge)
        .add_extra_param("login_hint", login_hint);
    for (k, v) in &c.auth_params {
        req = req.add_extra_param(k.clone(), v.clone());
    }
    let (url, state) = req.url();
    Ok((url.to_string(), state, verifier))
}

pub async fn exchange_code(
    c: &Client,
    redirect: &str,
    code: String,
    verifier: PkceCodeVerifier,
    now: DateTime<Utc>,
) -> Result<Issued, Refusal> {
    let http = http()?;
    let t = client(c, Some(redirect))?
        .exchange_code(AuthorizationCode::new(code))
        .set_pkce_verifier(verifier)
        .request_async(&http)
        .await
        .map_err(refusal)?;
    Ok(issued(&t, now))
}

/// Start the device flow: what the person must open and type.
pub async fn device_start(c: &Client) -> Result<StandardDeviceAuthorizationResponse, Refusal> {
    let http = http()?;
    client(c, None)?
        .exchange_device_code()
        .map_err(|_| {
            Refusal::Refused(
                "oauth2.device_url is not set (and the provider has no device flow for mail)"
                    .into(),
            )
        })?
        .add_scopes(scopes(c))
        .request_async(&http)
        .await
        .map_err(refusal)
}

/// Poll until the person has approved the device code (or it expired).
pub async fn device_finish(
    c: &Client,
    details: &StandardDeviceAuthorizationResponse,
    now: DateTime<Utc>,
) -> Result<Issued, Refusal> {
    let http = http()?;
    let oc = client(c, None)?;
    let t = oc
        .exchange_device_access_token(details)
        .request_async(&http, tokio::time::sleep, None)
        .await
        .map_err(|e| match e {
            RequestTokenError::ServerResponse(r) => {
                Refusal::Refused(format!("device login refused: {}", r.error()))
            }
            other => Refusal::Failed(other.to_string()),
        })?;
    Ok(issued(&t, now))
}

/// RFC 7009 revocation of a refresh token; false when the provider has no such endpoint.
pub async fn revoke(c: &Client, refresh_token: &str) -> Result<bool, Refusal> {
    if c.revoke_url.is_none() {
        return Ok(false);
    }
    let http = http()?;
    let token = StandardRevocableToken::RefreshToken(RefreshToken::new(refresh_token.to_string()));
    client(c, None)?
        .revoke_token(token)
        .map_err(|e| bad_url("revoke_url", e))?
        .request_async(&http)
        .await
        .map_err(|e| Refusal::Failed(format!("revoking: {e}")))?;
    Ok(true)
}
