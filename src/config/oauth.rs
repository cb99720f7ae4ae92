//! `[oauth2]` in qmark.toml: which provider, which client and which flow give qmark its bearer
//! tokens. Raw TOML becomes `OAuth2` once; the provider presets fill what the operator left out.

use std::path::PathBuf;

use serde::Deserialize;

use crate::config::{ConfigError, SecretSource};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawOAuth2 {
    provider: Option<String>,
    client_id: Option<String>,
    client_secret_env: Option<String>,
    client_secret_command: Option<String>,
    tenant: Option<String>,
    #[serde(default)]
    app_only: bool,
    auth_url: Option<String>,
    token_url: Option<String>,
    device_url: Option<String>,
    revoke_url: Option<String>,
    scopes: Option<Vec<String>>,
    token_command: Option<String>,
    #[serde(default)]
    redirect_port: u16,
}

/// The mail services whose habits qmark knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Provider {
    Google,
    Microsoft365,
}

impl Provider {
    pub fn name(self) -> &'static str {
        match self {
            Provider::Google => "google",
            Provider::Microsoft365 => "microsoft365",
        }
    }

    /// The IMAP host; its port and TLS (993, implicit TLS) are qmark's defaults already.
    pub fn imap_host(self) -> &'static str {
        match self {
            Provider::Google => "imap.gmail.com",
            Provider::Microsoft365 => "outlook.office365.com",
        }
    }

    /// The SMTP submission host; its port and TLS (587, STARTTLS) are qmark's defaults already.
    pub fn smtp_host(self) -> &'static str {
        match self {
            Provider::Google => "smtp.gmail.com",
            Provider::Microsoft365 => "smtp.office365.com",
        }
    }
}

/// Where bearer tokens come from.
#[derive(Debug, Clone)]
pub enum Source {
    /// qmark holds the grant: consent once with `qmark auth login`, then refresh tokens.
    Client(Client),
    /// The operator's own helper prints a valid access token (as himalaya's and mutt's
    /// `oauth2.py` do); qmark runs it for every connection and keeps nothing.
    Command(SecretSource),
}

/// An OAuth2 client registered with the provider, and its endpoints.
#[derive(Debug, Clone)]
pub struct Client {
    pub client_id: String,
    pub client_secret: Option<SecretSource>,
    pub auth_url: Option<String>,
    pub token_url: String,
    pub device_url: Option<String>,
    pub revoke_url: Option<String>,
    pub scopes: Vec<String>,
    /// Microsoft 365 app-only access (client credentials): no person consents, no refresh
    /// token; a new access token is asked for whenever the last one runs out.
    pub app_only: bool,
    /// Extra parameters of the consent URL (Google needs `access_type=offline` and
    /// `prompt=consent` to hand out a refresh token at all).
    pub auth_params: Vec<(String, String)>,
    /// The loopback port `qmark auth login` listens on for the redirect; 0: any free port.
    pub redirect_port: u16,
}

#[derive(Debug, Clone)]
pub struct OAuth2 {
    pub provider: Option<Provider>,
    pub source: Source,
    /// The config file, so an error can print the exact command that fixes it.
    pub config_path: Option<PathBuf>,
}

impl OAuth2 {
    /// Whether `other` gets its tokens from the same client (or the same helper).
    pub fn same_client(&self, other: &OAuth2) -> bool {
        match (&self.source, &other.source) {
            (Source::Client(a), Source::Client(b)) => {
                a.client_id == b.client_id && a.token_url == b.token_url
            }
            (Source::Command(a), Source::Command(b)) => a == b,
            _ => false,
        }
    }

    /// The login command for one account among several: `--inbox ADDRESS` names it.
    pub fn login_command_for(&self, account: Option<&str>) -> String {
        let plain = self.login_command();
        match account {
            Some(a) if plain.starts_with("qmark auth ") => {
                plain.replacen(" login", &format!(" login --inbox {}", shell_word(a)), 1)
            }
            _ => plain,
        }
    }

    /// `qmark auth --config <file> login`, as the operator would type it.
    pub fn login_command(&self) -> String {
        let config = self
            .config_path
            .as_ref()
            .map(|p| shell_word(&p.to_string_lossy()))
            .unwrap_or_else(|| "qmark.toml".into());
        let device = match &self.source {
            Source::Client(c) if c.app_only => {
                return format!(
                    "qmark auth --config {config} login (app-only: checks the client secret and the tenant's grant)"
                );
            }
            Source::Command(_) => {
                return "your token_command (it failed; run it by hand to see why)".into();
            }
            Source::Client(c) if c.device_url.is_some() && c.auth_url.is_none() => " --device",
            Source::Client(_) => "",
        };
        format!("qmark auth --config {config} login{device}")
    }
}

fn invalid(key: &str, problem: impl Into<String>) -> ConfigError {
    ConfigError::Invalid {
        key: format!("oauth2.{key}"),
        problem: problem.into(),
    }
}

/// An endpoint URL: https, or http to this machine only (a token in clear text must not cross
/// a network).
fn endpoint(key: &str, url: String) -> Result<String, ConfigError> {
    let parsed = oauth2::url::Url::parse(&url)
        .map_err(|e| invalid(key, format!("{url:?} is not a URL: {e}")))?;
    let loopback = parsed
        .host_str()
        .is_some_and(|h| crate::config::is_loopback_host(h.trim_matches(['[', ']'])));
    match parsed.scheme() {
        "https" => Ok(url),
        "http" if loopback => Ok(url),
        _ => Err(invalid(
            key,
            format!("{url:?} must be https:// (http:// only to this machine)"),
        )),
    }
}

/// The provider's documented endpoints and scopes, unless the operator gave their own.
struct Preset {
    auth_url: Option<String>,
    token_url: String,
    device_url: Option<String>,
    revoke_url: Option<String>,
    scopes: Vec<String>,
    auth_params: Vec<(String, String)>,
}

fn preset(provider: Provider, tenant: &str, app_only: bool) -> Preset {
    match provider {
        Provider::Google => Preset {
            auth_url: Some("https://accounts.google.com/o/oauth2/v2/auth".into()),
            token_url: "https://oauth2.googleapis.com/token".into(),
            // Google's device flow does not grant the mail scope; consent goes through the
            // loopback redirect (run `qmark auth login` over an SSH tunnel on a server).
            device_url: None,
            revoke_url: Some("https://oauth2.googleapis.com/revoke".into()),
            scopes: vec!["https://mail.google.com/".into()],
            auth_params: vec![
                ("access_type".into(), "offline".into()),
                ("prompt".into(), "consent".into()),
            ],
        },
        Provider::Microsoft365 => {
            let base = format!("https://login.microsoftonline.com/{tenant}/oauth2/v2.0");
            Preset {
                auth_url: Some(format!("{base}/authorize")),
                token_url: format!("{base}/token"),
                device_url: Some(format!("{base}/devicecode")),
                // Microsoft has no RFC 7009 endpoint: an admin revokes sessions in Entra ID.
                revoke_url: None,
                scopes: if app_only {
                    vec!["https://outlook.office365.com/.default".into()]
                } else {
                    vec![
                        "https://outlook.office.com/IMAP.AccessAsUser.All".into(),
                        "https://outlook.office.com/SMTP.Send".into(),
                        "offline_access".into(),
                    ]
                },
                auth_params: Vec::new(),
            }
        }
    }
}

fn secret(
    env: Option<String>,
    command: Option<String>,
) -> Result<Option<SecretSource>, ConfigError> {
    match (env, command) {
        (Some(_), Some(_)) => Err(invalid(
            "client_secret_command",
            "set either client_secret_env or client_secret_command, not both",
        )),
        (Some(v), None) if v.trim().is_empty() => {
            Err(invalid("client_secret_env", "empty variable name"))
        }
        (None, Some(c)) if c.trim().is_empty() => {
            Err(invalid("client_secret_command", "empty command"))
        }
        (Some(v), None) => Ok(Some(SecretSource::Env(v))),
        (None, Some(c)) => Ok(Some(SecretSource::Command(c))),
        (None, None) => Ok(None),
    }
}

/// Validate an inbox's own `[inbox.oauth2]` table (`table` names it in errors).
pub(crate) fn validate_in(table: &str, raw: RawOAuth2) -> Result<OAuth2, ConfigError> {
    let rename = |e: ConfigError| match e {
        ConfigError::Invalid { key, problem } => ConfigError::Invalid {
            key: key.replacen("oauth2", table, 1),
            problem,
        },
        other => other,
    };
    validate(Some(raw), true)
        .map_err(rename)?
        .ok_or_else(|| rename(invalid("", "missing")))
}

/// Validate `[oauth2]`. `needed` says whether `inbox.auth` or `smtp.auth` is "oauth2".
pub(crate) fn validate(
    raw: Option<RawOAuth2>,
    needed: bool,
) -> Result<Option<OAuth2>, ConfigError> {
    let Some(r) = raw else {
        if needed {
            return Err(ConfigError::Invalid {
                key: "oauth2".into(),
                problem: "auth = \"oauth2\" needs an [oauth2] table (provider and client_id, or token_command)".into(),
            });
        }
        return Ok(None);
    };
    let provider = parse_provider(r.provider.as_deref())?;
    if let Some(cmd) = r.token_command {
        if cmd.trim().is_empty() {
            return Err(invalid("token_command", "empty command"));
        }
        if r.client_id.is_some() {
            return Err(invalid(
                "token_command",
                "set either token_command or client_id, not both",
            ));
        }
        return Ok(Some(OAuth2 {
            provider,
            source: Source::Command(SecretSource::Command(cmd)),
            config_path: None,
        }));
    }
    Ok(Some(OAuth2 {
        provider,
        source: Source::Client(client(r, provider)?),
        config_path: None,
    }))
}

/// The OAuth2 client qmark is registered as: its id and secret, and the provider's endpoints
/// (the preset's unless given).
fn client(r: RawOAuth2, provider: Option<Provider>) -> Result<Client, ConfigError> {
    let client_id = r
        .client_id
        .filter(|c| !c.trim().is_empty())
        .ok_or_else(|| {
            invalid(
                "client_id",
                "missing: the application (client) id registered with the provider, or set token_command",
            )
        })?;
    let client_secret = secret(r.client_secret_env, r.client_secret_command)?;
    let tenant = r.tenant.unwrap_or_else(|| "organizations".into());
    check_tenant(&tenant)?;
    if r.app_only {
        check_app_only(provider, &tenant, client_secret.is_some())?;
    }
    let preset = provider.map(|p| preset(p, &tenant, r.app_only));
    let pick = |key: &str,
                own: Option<String>,
                preset: Option<String>|
     -> Result<Option<String>, ConfigError> {
        own.or(preset).map(|u| endpoint(key, u)).transpose()
    };
    let token_url = pick(
        "token_url",
        r.token_url,
        preset.as_ref().map(|p| p.token_url.clone()),
    )?
    .ok_or_else(|| invalid("token_url", "missing: set provider, or token_url"))?;
    let auth_url = pick(
        "auth_url",
        r.auth_url,
        preset.as_ref().and_then(|p| p.auth_url.clone()),
    )?;
    let device_url = pick(
        "device_url",
        r.device_url,
        preset.as_ref().and_then(|p| p.device_url.clone()),
    )?;
    let revoke_url = pick(
        "revoke_url",
        r.revoke_url,
        preset.as_ref().and_then(|p| p.revoke_url.clone()),
    )?;
    if !r.app_only && auth_url.is_none() && device_url.is_none() {
        return Err(invalid(
            "auth_url",
            "a person's consent needs auth_url (or device_url): set provider, or the URLs",
        ));
    }
    let scopes = scopes_of(r.scopes, preset.as_ref().map(|p| p.scopes.clone()))?;
    Ok(Client {
        client_id,
        client_secret,
        auth_url,
        token_url,
        device_url,
        revoke_url,
        scopes,
        app_only: r.app_only,
        auth_params: preset.map(|p| p.auth_params).unwrap_or_default(),
        redirect_port: r.redirect_port,
    })
}

/// A tenant id or domain (Microsoft 365).
fn check_tenant(tenant: &str) -> Result<(), ConfigError> {
    if tenant.is_empty()
        || !tenant
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-.".contains(c))
    {
        return Err(invalid(
            "tenant",
            format!("{tenant:?} is not a tenant id or domain"),
        ));
    }
    Ok(())
}

/// The scopes to ask for: the config's own, else the provider's; each one word.
fn scopes_of(
    own: Option<Vec<String>>,
    preset: Option<Vec<String>>,
) -> Result<Vec<String>, ConfigError> {
    let scopes = own
        .or(preset)
        .filter(|s| !s.is_empty())
        .ok_or_else(|| invalid("scopes", "missing: set provider, or the scopes to ask for"))?;
    if let Some(bad) = scopes
        .iter()
        .find(|s| s.is_empty() || s.contains(char::is_whitespace))
    {
        return Err(invalid("scopes", format!("{bad:?} is not one scope")));
    }
    Ok(scopes)
}

/// `provider`: a preset's name, if any.
fn parse_provider(name: Option<&str>) -> Result<Option<Provider>, ConfigError> {
    Ok(match name {
        None => None,
        Some("google") => Some(Provider::Google),
        Some("microsoft365") => Some(Provider::Microsoft365),
        Some(other) => {
            return Err(invalid(
                "provider",
                format!("{other:?} is not one of \"google\", \"microsoft365\""),
            ));
        }
    })
}

/// App-only access (client credentials): Microsoft 365 only, for one tenant, with a secret.
fn check_app_only(
    provider: Option<Provider>,
    tenant: &str,
    has_secret: bool,
) -> Result<(), ConfigError> {
    if provider == Some(Provider::Google) {
        return Err(invalid(
            "app_only",
            "Google has no app-only mail access for a client id; use a person's consent (app_only = false)",
        ));
    }
    if provider == Some(Provider::Microsoft365)
        && ["organizations", "common", "consumers"].contains(&tenant)
    {
        return Err(invalid(
            "tenant",
            "app_only needs your tenant's id or domain (e.g. \"contoso.onmicrosoft.com\"), not a shared endpoint",
        ));
    }
    if !has_secret {
        return Err(invalid(
            "client_secret_env",
            "app_only (client credentials) needs the client secret: set client_secret_env or client_secret_command",
        ));
    }
    Ok(())
}

/// A string as one shell word, so a printed command can be pasted as it is.
pub fn shell_word(text: &str) -> String {
    let plain = text
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "/._-+,=:@".contains(c));
    if plain && !text.is_empty() {
        text.to_string()
    } else {
        format!("'{}'", text.replace('\'', r"'\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shell_words_quote_what_a_shell_would_split() {
        assert_eq!(shell_word("/etc/qmark.toml"), "/etc/qmark.toml");
        assert_eq!(shell_word("/tmp/my shop.toml"), "'/tmp/my shop.toml'");
        assert_eq!(shell_word("it's"), r"'it'\''s'");
    }

    fn parse(text: &str, needed: bool) -> Result<Option<OAuth2>, ConfigError> {
        let raw: RawOAuth2 = toml::from_str(text).expect("toml");
        validate(Some(raw), needed)
    }

    fn client(o: &OAuth2) -> &Client {
        match &o.source {
            Source::Client(c) => c,
            Source::Command(_) => panic!("expected a client"),
        }
    }

    #[test]
    fn google_preset_fills_endpoints_scope_and_offline_access() {
        let o = parse("provider = \"google\"\nclient_id = \"abc.apps.googleusercontent.com\"\nclient_secret_env = \"G\"", true)
            .expect("valid")
            .expect("some");
        let c = client(&o);
        assert_eq!(c.token_url, "https://oauth2.googleapis.com/token");
        assert_eq!(c.scopes, vec!["https://mail.google.com/"]);
        assert!(
            c.auth_params
                .contains(&("access_type".into(), "offline".into()))
        );
        assert_eq!(o.provider.map(Provider::imap_host), Some("imap.gmail.com"));
        assert!(
            c.device_url.is_none(),
            "Google's device flow cannot grant mail"
        );
    }

    #[test]
    fn microsoft_preset_uses_the_tenant_and_asks_for_both_permissions() {
        let o = parse(
            "provider = \"microsoft365\"\nclient_id = \"id\"\ntenant = \"contoso.onmicrosoft.com\"",
            true,
        )
        .expect("valid")
        .expect("some");
        let c = client(&o);
        assert_eq!(
            c.token_url,
            "https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token"
        );
        assert!(
            c.scopes
                .iter()
                .any(|s| s.ends_with("IMAP.AccessAsUser.All"))
        );
        assert!(c.scopes.iter().any(|s| s.ends_with("SMTP.Send")));
        assert!(c.scopes.iter().any(|s| s == "offline_access"));
        assert_eq!(
            o.provider.map(Provider::smtp_host),
            Some("smtp.office365.com")
        );
    }

    #[test]
    fn app_only_needs_a_real_tenant_and_a_secret() {
        let e = parse("provider = \"microsoft365\"\nclient_id = \"id\"\napp_only = true\nclient_secret_env = \"S\"", true)
            .expect_err("shared tenant");
        assert!(e.to_string().contains("oauth2.tenant"), "{e}");
        let e = parse("provider = \"microsoft365\"\nclient_id = \"id\"\napp_only = true\ntenant = \"contoso.com\"", true)
            .expect_err("no secret");
        assert!(e.to_string().contains("client_secret_env"), "{e}");
        let o = parse("provider = \"microsoft365\"\nclient_id = \"id\"\napp_only = true\ntenant = \"contoso.com\"\nclient_secret_env = \"S\"", true)
            .expect("valid")
            .expect("some");
        assert_eq!(
            client(&o).scopes,
            vec!["https://outlook.office365.com/.default"]
        );
    }

    #[test]
    fn endpoints_must_be_https_unless_on_this_machine() {
        let e = parse("client_id = \"id\"\ntoken_url = \"http://auth.example.com/token\"\nauth_url = \"https://a.example/\"\nscopes = [\"mail\"]", true)
            .expect_err("clear text across a network");
        assert!(e.to_string().contains("oauth2.token_url"), "{e}");
        parse("client_id = \"id\"\ntoken_url = \"http://127.0.0.1:9/token\"\nauth_url = \"http://127.0.0.1:9/authorize\"\nscopes = [\"mail\"]", true)
            .expect("loopback http is fine");
    }

    #[test]
    fn a_missing_table_or_client_id_names_the_fix() {
        let e = validate(None, true).expect_err("needed");
        assert!(e.to_string().contains("[oauth2]"), "{e}");
        assert!(validate(None, false).expect("not needed").is_none());
        let e = parse("provider = \"google\"", true).expect_err("no client");
        assert!(e.to_string().contains("oauth2.client_id"), "{e}");
        let e = parse("provider = \"yahoo\"\nclient_id = \"x\"", true).expect_err("unknown");
        assert!(
            e.to_string().contains("\"google\", \"microsoft365\""),
            "{e}"
        );
    }

    #[test]
    fn token_command_stands_alone_and_login_command_names_the_config() {
        let mut o = parse("token_command = \"oauth2.py --token\"", true)
            .expect("valid")
            .expect("some");
        assert!(matches!(o.source, Source::Command(_)));
        o.config_path = Some(PathBuf::from("/etc/qmark/my shop.toml"));
        assert!(o.login_command().contains("token_command"));
        let mut o = parse("provider = \"microsoft365\"\nclient_id = \"id\"", true)
            .expect("valid")
            .expect("some");
        o.config_path = Some(PathBuf::from("/etc/qmark/my shop.toml"));
        assert_eq!(
            o.login_command(),
            "qmark auth --config '/etc/qmark/my shop.toml' login"
        );
    }
}
