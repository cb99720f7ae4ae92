//! `[[webhooks]]` in qmark.toml (issue 14 item 5): where case events are POSTed, which events,
//! and the secret that signs them. The secret comes from the environment or a command, never
//! from the file; the URL is https (http only to this machine: the body names owners and
//! subjects).

use std::time::Duration;

use serde::Deserialize;

use crate::config::{ConfigError, SecretSource, invalid, parse_duration};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawWebhook {
    url: String,
    events: Option<Vec<String>>,
    secret_env: Option<String>,
    secret_command: Option<String>,
    #[serde(default = "default_timeout")]
    timeout: String,
    #[serde(default = "default_max_attempts")]
    max_attempts: u32,
}

fn default_timeout() -> String {
    "10s".into()
}

fn default_max_attempts() -> u32 {
    10
}

/// What happened to a case, as a webhook names it (`event` in the body, `X-Qmark-Event`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Event {
    /// A case opened (any priority), its `?` forward queued.
    Opened,
    /// A case opened urgent, or a person made it urgent (`#urgent`, a digest `bump`).
    Urgent,
    /// A case climbed a rung of its ladder (`??` to the manager, `???` to the executive).
    Rung,
    /// The owner or an executive answered the case.
    Answer,
}

impl Event {
    pub const ALL: [Event; 4] = [Event::Opened, Event::Urgent, Event::Rung, Event::Answer];
    /// Without `events`: what a channel following the `???` cases wants, not every opening.
    pub const DEFAULT: [Event; 3] = [Event::Urgent, Event::Rung, Event::Answer];

    pub fn as_str(self) -> &'static str {
        match self {
            Event::Opened => "opened",
            Event::Urgent => "urgent",
            Event::Rung => "rung",
            Event::Answer => "answer",
        }
    }

    fn parse(word: &str) -> Option<Event> {
        Event::ALL.into_iter().find(|e| e.as_str() == word)
    }
}

/// One endpoint.
#[derive(Debug, Clone)]
pub struct Webhook {
    /// How errors name it: `webhooks[0]`.
    pub key: String,
    pub url: reqwest::Url,
    pub events: Vec<Event>,
    pub secret: SecretSource,
    /// For one POST, connection included.
    pub timeout: Duration,
    /// Tries before a delivery is given up (a 2xx ends it, a 4xx other than 408/429 at once).
    pub max_attempts: u32,
}

impl Webhook {
    /// The endpoint as logs and `qmark check` show it: scheme, host and port, never the path
    /// or query (a chat service's incoming-webhook URL carries its own secret there).
    pub fn shown(&self) -> String {
        let host = self.url.host_str().unwrap_or("?");
        match self.url.port() {
            Some(p) => format!("{}://{host}:{p}/…", self.url.scheme()),
            None => format!("{}://{host}/…", self.url.scheme()),
        }
    }

    pub fn wants(&self, event: Event) -> bool {
        self.events.contains(&event)
    }
}

pub(crate) fn validate(raw: Vec<RawWebhook>) -> Result<Vec<Webhook>, ConfigError> {
    let mut out: Vec<Webhook> = Vec::with_capacity(raw.len());
    for (i, r) in raw.into_iter().enumerate() {
        let key = format!("webhooks[{i}]");
        let hook = one(&key, r)?;
        if out.iter().any(|h| h.url == hook.url) {
            return Err(invalid(
                format!("{key}.url"),
                "the same URL twice; list every event it wants in one [[webhooks]]",
            ));
        }
        out.push(hook);
    }
    Ok(out)
}

fn one(key: &str, r: RawWebhook) -> Result<Webhook, ConfigError> {
    let url = url(&format!("{key}.url"), &r.url)?;
    let events = match r.events {
        None => Event::DEFAULT.to_vec(),
        Some(words) => events(&format!("{key}.events"), &words)?,
    };
    let secret = match (r.secret_env, r.secret_command) {
        (Some(_), Some(_)) => {
            return Err(invalid(
                format!("{key}.secret_command"),
                "set either secret_env or secret_command, not both",
            ));
        }
        (Some(v), None) if !v.trim().is_empty() => SecretSource::Env(v),
        (None, Some(c)) if !c.trim().is_empty() => SecretSource::Command(c),
        _ => {
            return Err(invalid(
                format!("{key}.secret_env"),
                "a webhook is signed: set secret_env (an environment variable holding the \
                 secret) or secret_command (a command printing it); e.g. openssl rand -hex 32",
            ));
        }
    };
    if r.max_attempts == 0 || r.max_attempts > 50 {
        return Err(invalid(
            format!("{key}.max_attempts"),
            format!("{} is not between 1 and 50", r.max_attempts),
        ));
    }
    let timeout = parse_duration(&format!("{key}.timeout"), &r.timeout)?;
    if timeout > Duration::from_secs(120) {
        return Err(invalid(
            format!("{key}.timeout"),
            format!(
                "{:?} is longer than 2 minutes; a receiver should answer at once and work later",
                r.timeout
            ),
        ));
    }
    Ok(Webhook {
        key: key.to_string(),
        url,
        events,
        secret,
        timeout,
        max_attempts: r.max_attempts,
    })
}

/// https, or http to this machine only; no user:password in it (use the signature).
fn url(key: &str, text: &str) -> Result<reqwest::Url, ConfigError> {
    let parsed = reqwest::Url::parse(text.trim()).map_err(|e| {
        invalid(
            key,
            // Not echoed: a chat service's webhook URL carries its secret in the path.
            format!("this is not a URL ({e}); write e.g. \"https://hooks.example.com/qmark\""),
        )
    })?;
    let loopback = parsed
        .host_str()
        .is_some_and(|h| crate::config::is_loopback_host(h.trim_matches(['[', ']'])));
    match parsed.scheme() {
        "https" => {}
        "http" if loopback => {}
        _ => {
            return Err(invalid(
                key,
                "must be https:// (http:// only to this machine: the body names owners and subjects)",
            ));
        }
    }
    if parsed.host_str().is_none_or(str::is_empty) {
        return Err(invalid(key, "has no host"));
    }
    if parsed.port() == Some(0) {
        return Err(invalid(
            key,
            "names port 0, which no server listens on; give the receiver's port or leave it out",
        ));
    }
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Err(invalid(
            key,
            "carries a user name or password; remove it: the receiver checks the X-Qmark-Signature header instead",
        ));
    }
    Ok(parsed)
}

fn events(key: &str, words: &[String]) -> Result<Vec<Event>, ConfigError> {
    let mut out = Vec::new();
    for w in words {
        let e = Event::parse(w.trim()).ok_or_else(|| {
            invalid(
                key,
                format!(
                    "{w:?} is not an event; use any of {}",
                    Event::ALL.map(|e| format!("{:?}", e.as_str())).join(", ")
                ),
            )
        })?;
        if !out.contains(&e) {
            out.push(e);
        }
    }
    if out.is_empty() {
        return Err(invalid(
            key,
            "is empty; name the events to send, or remove the [[webhooks]] table",
        ));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Vec<Webhook>, ConfigError> {
        #[derive(Deserialize)]
        struct Doc {
            webhooks: Vec<RawWebhook>,
        }
        let doc: Doc = toml::from_str(text).expect("test TOML");
        validate(doc.webhooks)
    }

    fn error(text: &str) -> String {
        parse(text).expect_err("refused").to_string()
    }

    #[test]
    fn a_webhook_takes_its_defaults_and_keeps_its_path_out_of_sight() {
        let hooks = parse(
            "[[webhooks]]\nurl = \"https://hooks.example.com/T0/B0/secretpath\"\nsecret_env = \"S\"\n",
        )
        .expect("valid");
        let h = hooks.first().expect("one");
        assert_eq!(h.events, Event::DEFAULT);
        assert_eq!((h.timeout, h.max_attempts), (Duration::from_secs(10), 10));
        assert_eq!(h.shown(), "https://hooks.example.com/…");
        assert_eq!(h.secret, SecretSource::Env("S".into()));
    }

    #[test]
    fn bad_webhooks_are_refused_with_their_key_and_what_would_do() {
        let e = error("[[webhooks]]\nurl = \"hooks.example.com/x\"\nsecret_env = \"S\"\n");
        assert!(
            e.contains("webhooks[0].url") && e.contains("https://"),
            "{e}"
        );
        let e = error("[[webhooks]]\nurl = \"http://hooks.example.com/x\"\nsecret_env = \"S\"\n");
        assert!(e.contains("https://"), "{e}");
        assert!(
            parse("[[webhooks]]\nurl = \"http://127.0.0.1:9/x\"\nsecret_env = \"S\"\n").is_ok()
        );
        let e = error("[[webhooks]]\nurl = \"https://h.example:0/x\"\nsecret_env = \"S\"\n");
        assert!(e.contains("webhooks[0].url") && e.contains("port 0"), "{e}");
        let e = error("[[webhooks]]\nurl = \"https://u:p@h.example/x\"\nsecret_env = \"S\"\n");
        assert!(e.contains("password"), "{e}");
        let e = error("[[webhooks]]\nurl = \"https://h.example/x\"\n");
        assert!(e.contains("webhooks[0].secret_env"), "{e}");
        let e = error(
            "[[webhooks]]\nurl = \"https://h.example/x\"\nsecret_env = \"S\"\nevents = [\"urgent\", \"closed\"]\n",
        );
        assert!(
            e.contains("webhooks[0].events") && e.contains("\"rung\""),
            "{e}"
        );
        let e = error(
            "[[webhooks]]\nurl = \"https://h.example/x\"\nsecret_env = \"S\"\nsecret_command = \"x\"\n",
        );
        assert!(e.contains("not both"), "{e}");
        let e = error(
            "[[webhooks]]\nurl = \"https://h.example/x\"\nsecret_env = \"S\"\n[[webhooks]]\nurl = \"https://h.example/x\"\nsecret_env = \"T\"\n",
        );
        assert!(e.contains("webhooks[1].url"), "{e}");
        let e = error(
            "[[webhooks]]\nurl = \"https://h.example/x\"\nsecret_env = \"S\"\nmax_attempts = 0\n",
        );
        assert!(e.contains("webhooks[0].max_attempts"), "{e}");
    }
}
