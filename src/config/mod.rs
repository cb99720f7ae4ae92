//! The operator's `qmark.toml`: raw TOML is parsed once into validated types, so the rest of
//! qmark never re-checks an address, a duration or a schedule.

pub mod accounts;
pub mod calendar;
pub mod fingerprint;
pub mod holidays;
pub mod metrics;
pub mod oauth;
mod raw;
mod validate;
pub mod webhooks;

use raw::RawConfig;
pub use raw::{DEFAULT_FORWARD_MAX_BYTES, DEFAULT_MODEL_WEIGHT};
use validate::validate;
pub use validate::{is_loopback_host, parse_duration};

use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::mail::address::{Address, NamedAddress};

/// A config problem, naming the key and what would be valid.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read config file {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("config file {path}: {message}")]
    Syntax { path: PathBuf, message: String },
    #[error("config key `{key}`: {problem}")]
    Invalid { key: String, problem: String },
}

fn invalid(key: impl Into<String>, problem: impl Into<String>) -> ConfigError {
    ConfigError::Invalid {
        key: key.into(),
        problem: problem.into(),
    }
}

// ---------------------------------------------------------------------------------------------
// Validated types.

/// How a connection is secured.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TlsMode {
    /// Plain text. Accepted only towards a loopback host, where nothing crosses a network.
    None,
    StartTls,
    Tls,
}

/// What ingest does with a message in the mailbox once it is safely stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Processed {
    /// Set an IMAP keyword (a flag) on it.
    Keyword(String),
    /// Move it to another mailbox.
    Move(String),
    /// Leave it untouched; the cursor alone keeps it from being ingested twice.
    Leave,
}

/// Where a password comes from. Resolved only when a connection needs it, never logged.
#[derive(Clone, PartialEq, Eq)]
pub enum SecretSource {
    Env(String),
    Command(String),
}

impl fmt::Debug for SecretSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SecretSource::Env(var) => write!(f, "env:{var}"),
            SecretSource::Command(_) => write!(f, "command:<hidden>"),
        }
    }
}

/// A resolved password. Its `Debug` never shows the value.
#[derive(Clone)]
pub struct Secret(String);

impl Secret {
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(<hidden>)")
    }
}

/// How long a `*_command` may take to print its secret.
const SECRET_COMMAND_TIMEOUT_SECS: u64 = 30;

impl SecretSource {
    /// Read the secret now: from the environment, or from a command's first output line.
    /// `prefix` is the key without its suffix (`inbox.password`, `security.secret`), so an
    /// error names the key the operator actually wrote: `inbox.password_env` or
    /// `inbox.password_command`.
    pub fn resolve(&self, prefix: &str) -> Result<Secret, ConfigError> {
        match self {
            SecretSource::Env(var) => match std::env::var(var) {
                Ok(v) if !v.is_empty() => Ok(Secret(v)),
                _ => Err(invalid(
                    format!("{prefix}_env"),
                    format!(
                        "environment variable {var} is not set or empty; export it or use \
                         {prefix}_command"
                    ),
                )),
            },
            SecretSource::Command(cmd) => {
                let key = format!("{prefix}_command");
                // Under coreutils' `timeout`, which kills the command's whole process group:
                // a keyring prompt waiting for a pinentry must fail `check` and a reload, not
                // hang them.
                let out = std::process::Command::new("timeout")
                    .arg(SECRET_COMMAND_TIMEOUT_SECS.to_string())
                    .args(["sh", "-c"])
                    .arg(cmd)
                    .stdin(std::process::Stdio::null())
                    .output()
                    .map_err(|e| invalid(&key, format!("cannot run the command: {e}")))?;
                if out.status.code() == Some(124) {
                    return Err(invalid(
                        &key,
                        format!(
                            "the command did not finish within {SECRET_COMMAND_TIMEOUT_SECS} s \
                             (is it waiting for a password prompt?)"
                        ),
                    ));
                }
                if !out.status.success() {
                    // Its stderr says why (a locked keyring, a missing entry); its stdout is
                    // never shown, as it may hold the secret or part of it.
                    return Err(invalid(
                        &key,
                        format!(
                            "the command exited with {}{}",
                            out.status,
                            stderr_excerpt(&out.stderr)
                        ),
                    ));
                }
                let text = String::from_utf8_lossy(&out.stdout);
                let first = text.lines().next().unwrap_or("").to_string();
                if first.is_empty() {
                    return Err(invalid(
                        &key,
                        format!(
                            "the command printed nothing on its first line{}",
                            stderr_excerpt(&out.stderr)
                        ),
                    ));
                }
                Ok(Secret(first))
            }
        }
    }
}

/// A failed secret command's stderr for its error message: the first few non-empty lines,
/// each cut short, so a command that dumps a page still gives a one-screen error.
/// Where the TOML went wrong and what the parser said, without the quoted source line that
/// `toml`'s own rendering adds: that line may be a secret written inline by mistake
/// (`client_secret = "..."` is an unknown key precisely because secrets never go inline).
fn syntax_message(text: &str, e: &toml::de::Error) -> String {
    let what = e.message().trim().replace('\n', " ");
    match e.span() {
        Some(span) => {
            let before = text.get(..span.start).unwrap_or(text);
            let line = before.matches('\n').count() + 1;
            let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            // The spanned text is named only when it is a key (`[[inbox]]`, `port`): a key
            // is never a secret, a value may be.
            let at = text
                .get(span.clone())
                .map(|t| t.trim().trim_matches(['[', ']']))
                .filter(|t| {
                    !t.is_empty()
                        && t.len() <= 64
                        && t.chars()
                            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
                })
                .map(|t| format!(" (`{t}`)"))
                .unwrap_or_default();
            format!("TOML error at line {line}, column {column}{at}: {what}")
        }
        None => format!("TOML error: {what}"),
    }
}

/// A command's stderr as one printable line: control characters (a terminal escape, a bell)
/// are shown as `?`, never passed to the operator's terminal or the journal.
fn stderr_excerpt(stderr: &[u8]) -> String {
    const LINES: usize = 5;
    const LINE_CHARS: usize = 200;
    let text: String = String::from_utf8_lossy(stderr)
        .chars()
        .map(|c| if c.is_control() && c != '\n' { '?' } else { c })
        .collect();
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    if lines.is_empty() {
        return String::new();
    }
    let mut shown: Vec<String> = lines
        .iter()
        .take(LINES)
        .map(|l| match l.char_indices().nth(LINE_CHARS) {
            Some((cut, _)) => format!("{}…", l.get(..cut).unwrap_or(l)),
            None => l.to_string(),
        })
        .collect();
    if lines.len() > LINES {
        shown.push(format!("({} more lines)", lines.len() - LINES));
    }
    format!("; its stderr: {}", shown.join(" | "))
}

/// How qmark logs in to a server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Login {
    Password(SecretSource),
    /// XOAUTH2 with a bearer token from `[oauth2]` (see oauth.rs).
    OAuth2,
}

#[derive(Debug, Clone)]
pub struct Inbox {
    /// How the config names this inbox in errors: `inbox` for the single table, `inbox[1]`
    /// for the second of a list.
    pub key: String,
    pub address: Address,
    /// The From of every mail about a case that came in here (acknowledgments, `#reply`,
    /// updates, forwards): customers see the address they wrote to.
    pub from: NamedAddress,
    /// The acknowledgment language when the complaint's own has no template (ISO 639-1).
    pub language: Option<String>,
    /// The routes this inbox's complaints may go to; None: every route. A complaint the
    /// router sends elsewhere goes to triage, the route it would have taken as a candidate.
    pub routes: Option<Vec<String>>,
    pub host: String,
    pub port: u16,
    pub tls: TlsMode,
    pub username: String,
    pub login: Login,
    pub mailbox: String,
    pub processed: Processed,
    pub idle: bool,
    pub poll_interval: Duration,
    /// How long the greeting, the login (each of them) may take before the connection is
    /// given up: a server that accepts and never speaks must not hang `run --once` forever.
    pub timeout: Duration,
    pub ca_file: Option<PathBuf>,
    /// `[inbox.smtp]`: the account mail From this inbox is submitted through (Microsoft 365
    /// and Google let only the mailbox itself send As its address); None: the global `[smtp]`.
    pub smtp: Option<Smtp>,
    /// `[inbox.oauth2]`: the OAuth2 client of this inbox's accounts; None: the global `[oauth2]`.
    pub oauth2: Option<crate::config::oauth::OAuth2>,
}

#[derive(Debug, Clone)]
pub struct Smtp {
    pub host: String,
    pub port: u16,
    pub tls: TlsMode,
    pub credentials: Option<(String, Login)>,
    pub from: NamedAddress,
    pub ca_file: Option<PathBuf>,
    pub timeout: Duration,
    /// How many connections the sender uses at once (`[smtp] connections`): one server
    /// round trip per mail each, so several keep up with intake where one cannot.
    pub connections: usize,
}

/// One routing rule and its weight.
#[derive(Debug, Clone, PartialEq)]
pub struct Rule<T> {
    pub what: T,
    pub weight: u32,
}

/// A route: the kind of problem one owner owns.
#[derive(Debug, Clone)]
pub struct Route {
    pub name: String,
    pub owner: Address,
    /// Lower-cased; matched as substrings so that Korean and Japanese text (no spaces between
    /// words) matches too.
    pub keywords: Vec<Rule<String>>,
    /// Addresses (`ap@vendor.example`) or domains (`@vendor.example`) of senders.
    pub senders: Vec<Rule<String>>,
    pub patterns: Vec<Rule<regex::Regex>>,
    /// Languages (`ko`, `en`, ...) that lean towards this route.
    pub languages: Vec<String>,
    /// A folder of example messages (`*.eml`) the model learns this route from.
    pub examples: Option<PathBuf>,
    /// Below this confidence the case goes to triage instead.
    pub threshold: f64,
    pub deadline: Duration,
    pub escalate_to: Address,
    /// Who takes the route's cases when the owner is away past a deadline or unreachable.
    pub backup: Option<Address>,
    /// How the route is named to customers ("Billing team"): never a personal address.
    pub team: String,
    /// Whether customers get an acknowledgment for this route's cases.
    pub acknowledge: bool,
    /// The deadline of an urgent case (default: `deadline`).
    pub urgent_deadline: Duration,
    /// How long the `??` rung has before `???` goes to the executives (default: `deadline`).
    pub rung_deadline: Duration,
    /// The route's calendar, by name; None means the default calendar.
    pub calendar: Option<String>,
    /// When a case climbs to `??`, tell the customer it is now with someone more senior.
    pub tell_customer: bool,
}

/// How rules and the learned model combine, and what makes a case urgent.
#[derive(Debug, Clone)]
pub struct Routing {
    /// Phrases of the taxonomy's urgent intents, with the intent's name: any of them makes a
    /// complaint urgent, whatever its route.
    pub urgent_phrases: Vec<(String, String)>,
    /// `urgent_phrases`' phrases, in order, for one pass over a text.
    pub urgent_index: crate::routing::text::PhraseIndex,
    /// Phrases of the taxonomy's pitch intents: only they, as triage's, make a mail's threat
    /// words its sales talk (`classify::without_pitch_threats`).
    pub pitch_phrases: std::collections::HashSet<String>,
    /// When the rules alone decide, the fewest rule points a route needs: one passing word is
    /// a guess, and a guess goes to triage with its candidates, not to an owner.
    pub min_points: u32,
    /// With no rule point at all, the share of the phrases' words (`routing::phrase_model`) at
    /// which a complaint still goes to that route's owner instead of triage; 1 turns it off.
    pub words_alone: f64,
    /// Set by the operator: fixed. None: each model's own `weight`, worked out by
    /// cross-validation on what it learned from (0.5 for a model from before that).
    pub model_weight: Option<f64>,
    pub vip: Vec<String>,
    pub repeat_contacts: u32,
    pub repeat_window: Duration,
    pub urgent_copy_executives: bool,
}

/// Caps on mail per case and per recipient, a circuit breaker against mail loops.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub per_case_per_hour: u32,
    pub per_recipient_per_hour: u32,
    /// The largest mail that carries a customer's original as `message/rfc822`; above it the
    /// mail lists the attachments instead and says how to get the original (`compose`).
    pub forward_max_bytes: usize,
}

impl Route {
    /// The answer deadline, in working time, for a case of this priority.
    pub fn deadline_for(&self, priority: crate::routing::priority::Priority) -> Duration {
        if priority.is_urgent() {
            self.urgent_deadline
        } else {
            self.deadline
        }
    }
}

#[derive(Debug, Clone)]
pub struct Digest {
    pub schedule: cron::Schedule,
    pub schedule_text: String,
    pub timezone: chrono_tz::Tz,
    pub to: Vec<Address>,
    /// When each route's manager (`escalate_to`) gets a report on that route alone.
    pub department_schedule: Option<cron::Schedule>,
}

#[derive(Debug, Clone)]
pub struct Config {
    /// The first public address: the one mail not about a case (notices, digests, the
    /// journal) comes from, and the default domain of the company and of Message-IDs.
    /// Always `inboxes[0]`.
    pub inbox: Inbox,
    /// Every public address qmark reads, `[inbox]` being a list of one. Addresses are unique.
    pub inboxes: Vec<Inbox>,
    /// The inboxes' addresses without tags: mail From any of them is qmark's own (`authority`).
    pub public: Vec<Address>,
    pub smtp: Smtp,
    pub database_url: String,
    pub executives: Vec<Address>,
    pub copy_answers: bool,
    /// Configured routes in order; the first with the best score wins ties.
    pub routes: Vec<Route>,
    /// Where everything no route claims goes. Its name is always `triage`.
    pub triage: Route,
    pub digest: Option<Digest>,
    pub templates_dir: Option<PathBuf>,
    pub outbox_max_attempts: u32,
    /// `[outbox] journal`: resolve in-doubt sends from a journal copy (see journal.rs).
    pub outbox_journal: bool,
    /// Where the reply-token secret comes from; None: generated once and kept in the database.
    pub secret: Option<SecretSource>,
    /// When set, an answer or command must come with this server's Authentication-Results
    /// showing DKIM or SPF pass for the sender's domain.
    pub trusted_authserv_id: Option<String>,
    pub limits: Limits,
    /// At most one acknowledgment per customer address in this window.
    pub ack_window: Duration,
    pub routing: Routing,
    /// Named business calendars.
    pub calendars: Vec<crate::config::calendar::Calendar>,
    /// The calendar of everyone without one of their own; None: around the clock.
    pub default_calendar: Option<String>,
    /// People whose calendar is named in a calendar's `people` list.
    pub people_calendars: Vec<(Address, String)>,
    /// Points before a deadline, as fractions of its working time, when the owner is reminded.
    pub reminders: Vec<f64>,
    /// Who counts as a colleague: cases move only to them.
    pub company: crate::authority::Company,
    /// Every route's keywords, for one pass over a message (built from `routes`).
    pub keyword_index: crate::routing::text::KeywordIndex,
    /// When routes take standard intents: their phrases read as word counts, so that a
    /// paraphrase no phrase matches whole still leans to a route (built from `routes`).
    pub phrase_model: Option<std::sync::Arc<crate::routing::phrase_model::PhraseModel>>,
    /// Where bearer tokens come from when a connection says `auth = "oauth2"`.
    pub oauth2: Option<crate::config::oauth::OAuth2>,
    /// The file this came from (absolute), so a notice can print the exact command to run.
    pub path: Option<PathBuf>,
    /// `[metrics]`: where `/metrics`, `/livez` and `/readyz` are served; None: off.
    pub metrics: Option<crate::config::metrics::Metrics>,
    /// `[[webhooks]]`: where case events are POSTed, signed (see webhooks.rs).
    pub webhooks: Vec<crate::config::webhooks::Webhook>,
    /// What this config means, by section (`fingerprint`): a standby compares it with the
    /// leader's.
    pub fingerprint: crate::config::fingerprint::Fingerprint,
}

impl Config {
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let text = crate::files::read_text_capped(path, crate::files::MAX_CONFIG_BYTES).map_err(
            |source| ConfigError::Read {
                path: path.to_path_buf(),
                source,
            },
        )?;
        // Relative paths in the config are relative to the config file, not the cwd.
        let base = path.parent().unwrap_or(Path::new("."));
        let mut config = Config::parse_in(&text, base).map_err(|e| match e {
            ConfigError::Syntax { message, .. } => ConfigError::Syntax {
                path: path.to_path_buf(),
                message,
            },
            other => other,
        })?;
        let rebase = |p: &mut Option<PathBuf>| {
            if let Some(inner) = p.as_mut()
                && inner.is_relative()
            {
                *inner = base.join(&*inner);
            }
        };
        rebase(&mut config.inbox.ca_file);
        let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
        for i in config.inboxes.iter_mut() {
            rebase(&mut i.ca_file);
            if let Some(s) = i.smtp.as_mut() {
                rebase(&mut s.ca_file);
            }
            if let Some(o) = i.oauth2.as_mut() {
                o.config_path = Some(absolute.clone());
            }
        }
        config.inbox = config.inboxes.first().cloned().unwrap_or(config.inbox);
        rebase(&mut config.smtp.ca_file);
        rebase(&mut config.templates_dir);
        for r in config.routes.iter_mut() {
            rebase(&mut r.examples);
        }
        rebase(&mut config.triage.examples);
        if let Some(o) = config.oauth2.as_mut() {
            o.config_path = Some(absolute.clone());
        }
        config.path = Some(absolute);
        if let Some(rest) = config.database_url.strip_prefix("sqlite://")
            && !rest.starts_with('/')
            && !rest.starts_with(":memory:")
        {
            config.database_url = format!("sqlite://{}", base.join(rest).display());
        }
        Ok(config)
    }

    /// Parse config text; files it names (holidays) are read relative to the working directory.
    pub fn parse(text: &str) -> Result<Config, ConfigError> {
        Config::parse_in(text, Path::new("."))
    }

    /// Parse config text whose relative file names are relative to `base`.
    fn parse_in(text: &str, base: &Path) -> Result<Config, ConfigError> {
        let mut raw: RawConfig = toml::from_str(text).map_err(|e| ConfigError::Syntax {
            path: PathBuf::from("<config>"),
            message: syntax_message(text, &e),
        })?;
        let metrics = crate::config::metrics::validate(raw.metrics.take())?;
        let webhooks = crate::config::webhooks::validate(std::mem::take(&mut raw.webhooks))?;
        let mut config = validate(raw, base)?;
        crate::config::accounts::check_one_client_per_account(&config)?;
        config.metrics = metrics;
        config.webhooks = webhooks;
        config.fingerprint = crate::config::fingerprint::Fingerprint::of(text);
        Ok(config)
    }

    /// The route with this name, triage included.
    pub fn route(&self, name: &str) -> Option<&Route> {
        if name == self.triage.name {
            return Some(&self.triage);
        }
        self.routes.iter().find(|r| r.name == name)
    }

    /// The inbox whose public address is `address` (tags ignored); None for any other.
    pub fn inbox_for(&self, address: &str) -> Option<&Inbox> {
        let a = Address::parse(address).ok()?.without_tag();
        self.inboxes.iter().find(|i| i.address.without_tag() == a)
    }

    /// Every inbox's public address, comma-separated, for an error about a wrong `--inbox`.
    pub fn inbox_addresses(&self) -> String {
        self.inboxes
            .iter()
            .map(|i| i.address.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The inbox with this address, else the first: mail and cases from before migration 0014
    /// have none, and an inbox may have left the config since.
    pub fn inbox_or_first(&self, address: Option<&str>) -> &Inbox {
        address
            .and_then(|a| self.inbox_for(a))
            .unwrap_or(&self.inbox)
    }

    /// The SMTP account a mail from `sender` is submitted through: that of the inbox whose
    /// address (or From) it is, when the inbox has its own; else the global `[smtp]`.
    pub fn smtp_for(&self, sender: &str) -> &Smtp {
        let own = |i: &&Inbox| {
            i.from.address.as_str().eq_ignore_ascii_case(sender)
                || self
                    .inbox_for(sender)
                    .is_some_and(|found| found.key == i.key)
        };
        self.inboxes
            .iter()
            .filter(|i| i.smtp.is_some())
            .find(own)
            .and_then(|i| i.smtp.as_ref())
            .unwrap_or(&self.smtp)
    }

    /// Every SMTP account, the global `[smtp]` first, then each inbox's own, with the key that
    /// names it.
    pub fn smtp_accounts(&self) -> Vec<(String, &Smtp)> {
        let own = self
            .inboxes
            .iter()
            .filter_map(|i| i.smtp.as_ref().map(|s| (format!("{}.smtp", i.key), s)));
        std::iter::once(("smtp".to_string(), &self.smtp))
            .chain(own)
            .collect()
    }

    /// `qmark check --config <this file>`, as the operator would type it.
    pub fn check_command(&self) -> String {
        let file = self.path.as_ref().map_or_else(
            || "qmark.toml".to_string(),
            |p| crate::config::oauth::shell_word(&p.to_string_lossy()),
        );
        format!("qmark check --config {file}")
    }

    pub fn is_executive(&self, addr: &Address) -> bool {
        self.executives.iter().any(|e| e == addr)
    }

    fn named_calendar(&self, name: Option<&str>) -> Option<&crate::config::calendar::Calendar> {
        let name = name?;
        self.calendars.iter().find(|c| c.name == name)
    }

    fn own_calendar(&self, address: &str) -> Option<&crate::config::calendar::Calendar> {
        let name = self
            .people_calendars
            .iter()
            .find(|(a, _)| a.as_str().eq_ignore_ascii_case(address))
            .map(|(_, n)| n.as_str());
        self.named_calendar(name)
    }

    /// The timezone of a person's own calendar, if they are in one's `people`.
    pub fn person_timezone(&self, address: &str) -> Option<chrono_tz::Tz> {
        self.own_calendar(address).map(|c| c.timezone)
    }

    /// A person's calendar: their own, else the default, else around the clock.
    pub fn person_calendar(&self, address: &str) -> &crate::config::calendar::Calendar {
        self.own_calendar(address)
            .or_else(|| self.named_calendar(self.default_calendar.as_deref()))
            .unwrap_or(&crate::config::calendar::AROUND_THE_CLOCK)
    }

    /// The calendar a case's deadline is counted on: the owner's own, else the route's, else
    /// the default, else around the clock.
    pub fn owner_calendar(&self, route: &Route, owner: &str) -> &crate::config::calendar::Calendar {
        self.own_calendar(owner)
            .or_else(|| self.named_calendar(route.calendar.as_deref()))
            .or_else(|| self.named_calendar(self.default_calendar.as_deref()))
            .unwrap_or(&crate::config::calendar::AROUND_THE_CLOCK)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_duration_longer_than_ten_years_is_refused_with_its_key() {
        let e = parse_duration("routes[0].deadline", "99999999999999d")
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(
            e.contains("routes[0].deadline") && e.contains("ten years"),
            "{e}"
        );
        assert!(parse_duration("x", "3650d").is_ok());
        assert!(parse_duration("x", "30d").is_ok());
    }

    const GOOD: &str = r#"
[inbox]
address = "ceo@shop.example"
host = "127.0.0.1"
port = 11143
tls = "none"
username = "ceo@shop.example"
password_env = "QMARK_TEST_PW"

[smtp]
host = "127.0.0.1"
port = 11025
tls = "none"
from = "Daybreak Market, Office of the CEO <ceo@shop.example>"

[executives]
addresses = ["founder@shop.example"]

[[routes]]
name = "billing"
owner = "billing@shop.example"
keywords = ["Refund", "환불"]
deadline = "24h"
escalate_to = "cfo@shop.example"

[triage]
owner = "triage@shop.example"
escalate_to = "coo@shop.example"

[digest]
schedule = "0 0 8 * * Mon-Fri"
timezone = "Asia/Seoul"
"#;

    #[test]
    fn a_good_config_is_validated_once() {
        let c = Config::parse(GOOD).expect("the sample is valid");
        assert_eq!(c.inbox.port, 11143);
        assert_eq!(
            c.inbox.processed,
            Processed::Keyword("$QmarkProcessed".into())
        );
        let kws: Vec<&str> = c.routes[0]
            .keywords
            .iter()
            .map(|k| k.what.as_str())
            .collect();
        assert_eq!(kws, vec!["refund", "환불"]);
        assert_eq!(c.routes[0].deadline, Duration::from_secs(24 * 3600));
        assert_eq!(c.smtp.from.address.as_str(), "ceo@shop.example");
        assert_eq!(
            c.smtp.from.name.as_deref(),
            Some("Daybreak Market, Office of the CEO")
        );
        let d = c.digest.expect("digest configured");
        assert_eq!(d.to, c.executives, "digest defaults to the executives");
        assert_eq!(d.timezone, chrono_tz::Asia::Seoul);
    }

    fn err_of(text: &str) -> String {
        Config::parse(text)
            .expect_err("config must be rejected")
            .to_string()
    }

    #[test]
    fn a_digest_schedule_that_floods_or_never_fires_is_refused() {
        let with = |schedule: &str| {
            GOOD.replace(
                "schedule = \"0 0 8 * * Mon-Fri\"",
                &format!("schedule = \"{schedule}\""),
            )
        };
        let e = err_of(&with("* * * * * *"));
        assert!(
            e.contains("digest.schedule") && e.contains("fires every 1 s"),
            "{e}"
        );
        let e = err_of(&with("0 0 8 30 Feb *"));
        assert!(e.contains("never fires"), "{e}");
        assert!(
            Config::parse(&with("0 0 * * * *")).is_ok(),
            "hourly is allowed"
        );
        assert!(
            Config::parse(&with("0 0 8 29 Feb *")).is_ok(),
            "leap days come"
        );
        // The crate's own words said "less than 23" of an hour 23 it accepts.
        let e = err_of(&with("0 0 25 * * *"));
        assert!(
            e.contains("must be at most 23") && !e.contains("less than"),
            "{e}"
        );
    }

    #[test]
    fn a_public_address_cannot_answer_cases() {
        for (from, to, field) in [
            (
                "owner = \"billing@shop.example\"",
                "owner = \"ceo+billing@shop.example\"",
                "routes \"billing\" owner",
            ),
            (
                "escalate_to = \"coo@shop.example\"",
                "escalate_to = \"CEO@shop.example\"",
                "routes \"triage\" escalate_to",
            ),
            (
                "addresses = [\"founder@shop.example\"]",
                "addresses = [\"founder@shop.example\", \"ceo@shop.example\"]",
                "executives",
            ),
        ] {
            let e = err_of(&GOOD.replace(from, to));
            assert!(e.contains(field) && e.contains("public address"), "{e}");
        }
    }

    #[test]
    fn a_secret_written_inline_is_never_quoted_back() {
        // `toml`'s own message quotes the offending line; a secret inline is exactly the
        // mistake the error exists for (found by a README-only attacker).
        for (extra, secret) in [
            (
                "[security]\nsecret = \"TOPSECRET-INLINE-123\"\n",
                "TOPSECRET-INLINE-123",
            ),
            (
                "[[webhooks]]\nurl = \"https://hooks.example.com/services/T1/XOXSECRET\"\nsecret = \"S3CR3T\"\n",
                "S3CR3T",
            ),
            (
                "[[webhooks]]\nurl = \"https://hooks.example.com:443x/services/T1/XOXSECRET\"\nsecret_env = \"QMARK_TEST_PW\"\n",
                "XOXSECRET",
            ),
            ("[smtp2]\npassword = \"hunter2-INLINE\n", "hunter2-INLINE"),
        ] {
            let e = err_of(&format!("{GOOD}\n{extra}"));
            assert!(!e.contains(secret), "{extra}: {e}");
            assert!(!e.contains('\n'), "one line: {e}");
        }
        let e = err_of(&format!("{GOOD}\n[security]\nsecret = \"x\"\n"));
        let line = GOOD.lines().count() + 3;
        assert!(
            e.contains(&format!("line {line}")) && e.contains("secret"),
            "{e}"
        );
    }

    #[test]
    fn the_routing_threshold_is_named_as_itself_and_an_empty_keyword_is_refused() {
        // `inf` used to surface as `routes[0].threshold`, a key the operator never wrote.
        for bad in ["inf", "nan", "1.5", "-0.1"] {
            let e = err_of(&format!("{GOOD}\n[routing]\nthreshold = {bad}\n"));
            assert!(e.contains("`routing.threshold`"), "{bad}: {e}");
        }
        // A keyword with nothing to match used to be dropped without a word.
        for bad in ["\"\"", "\"  \"", "\"!!\""] {
            let e = err_of(&GOOD.replace("\"Refund\", \"환불\"", &format!("\"Refund\", {bad}")));
            assert!(e.contains("routes[0].keywords[1]"), "{bad}: {e}");
        }
    }

    #[test]
    fn errors_name_the_key_and_what_is_valid() {
        let e = err_of(&GOOD.replace("deadline = \"24h\"", "deadline = \"a day\""));
        assert!(e.contains("routes[0].deadline") && e.contains("24h"), "{e}");

        let e = err_of(&GOOD.replace("tls = \"none\"\nusername", "tls = \"ssl\"\nusername"));
        assert!(e.contains("inbox.tls") && e.contains("starttls"), "{e}");

        let e = err_of(&GOOD.replace("\"0 0 8 * * Mon-Fri\"", "\"every morning\""));
        assert!(e.contains("digest.schedule"), "{e}");

        let e = err_of(&GOOD.replace("owner = \"billing@shop.example\"", "owner = \"billing\""));
        assert!(e.contains("routes[0].owner"), "{e}");

        let e = err_of(&GOOD.replace("[triage]", "[triage]\ncolour = \"red\""));
        assert!(e.contains("colour"), "unknown keys are rejected: {e}");
    }

    #[test]
    fn a_server_on_port_zero_or_with_an_impossible_host_name_is_refused() {
        // Found by a README-only attacker: each used to pass `check`'s config line and fail
        // only at connect time, with the resolver's or the kernel's words.
        let e = err_of(&GOOD.replace("port = 11143", "port = 0"));
        assert!(e.contains("inbox.port") && e.contains("1-65535"), "{e}");
        let e = err_of(&GOOD.replace("port = 11025", "port = 0"));
        assert!(e.contains("smtp.port"), "{e}");
        let long = format!("{}.example", "a".repeat(250));
        let remote = GOOD.replace("tls = \"none\"", "tls = \"starttls\"");
        let e = err_of(&remote.replacen("host = \"127.0.0.1\"", &format!("host = {long:?}"), 1));
        assert!(e.contains("inbox.host") && e.contains("253"), "{e}");
        let e = err_of(&remote.replacen(
            "host = \"127.0.0.1\"\nport = 11025",
            "host = \"smtp.shop.example\\n\"\nport = 11025",
            1,
        ));
        assert!(e.contains("smtp.host") && e.contains("control"), "{e}");
        let e = err_of(&format!("{GOOD}\n[inbox.smtp]\nport = 0\n"));
        assert!(e.contains("inbox.smtp.port"), "{e}");
    }

    #[test]
    fn moving_handled_mail_into_the_mailbox_qmark_reads_is_refused() {
        // A README-only attacker's finding: `check` passed, and every pass took each message
        // again under a new UID.
        let with = |mailbox: &str, to: &str| {
            GOOD.replace(
                "password_env = \"QMARK_TEST_PW\"\n",
                &format!(
                    "password_env = \"QMARK_TEST_PW\"\nmailbox = \"{mailbox}\"\nprocessed = \"move\"\nmove_to = \"{to}\"\n"
                ),
            )
        };
        for (mailbox, to) in [
            ("INBOX", "INBOX"),
            ("INBOX", "inbox"),
            ("Support", "Support"),
        ] {
            let e = err_of(&with(mailbox, to));
            assert!(
                e.contains("inbox.move_to") && e.contains("the mailbox qmark reads"),
                "{e}"
            );
        }
        for (mailbox, to) in [("INBOX", "Processed"), ("Support", "support")] {
            Config::parse(&with(mailbox, to)).expect("another mailbox is fine");
        }
    }

    #[test]
    fn a_calendar_named_where_the_file_defines_none_says_so() {
        let e = err_of(&format!("{GOOD}\n[time]\ncalendar = \"nowhere\"\n"));
        assert!(
            e.contains("no calendar \"nowhere\": the file defines none; add [calendars.nowhere]"),
            "{e}"
        );
    }

    #[test]
    fn the_example_config_is_valid() {
        let c = Config::parse(include_str!("../../config.example.toml"))
            .expect("config.example.toml must stay valid");
        assert_eq!(c.routes.len(), 2);
        assert_eq!(c.inbox.tls, TlsMode::Tls);
    }

    #[test]
    fn calendars_reminders_and_ladder_deadlines() {
        let text = GOOD.replace(
            "deadline = \"24h\"\nescalate_to = \"cfo@shop.example\"",
            "deadline = \"24h\"\nescalate_to = \"cfo@shop.example\"\nurgent_deadline = \"2h\"\nrung_deadline = \"8h\"\ncalendar = \"seoul\"",
        ) + r#"
[time]
calendar = "la"
reminders = ["50%", "90%"]

[calendars.seoul]
timezone = "Asia/Seoul"
holidays = ["2026-11-26"]

[calendars.la]
timezone = "America/Los_Angeles"
hours = { mon = "08:00-12:00, 13:00-17:00", sat = "10:00-14:00" }
people = ["Triage@shop.example"]
"#;
        let c = Config::parse(&text).expect("valid");
        let billing = &c.routes[0];
        assert_eq!(
            billing.deadline_for(crate::routing::priority::Priority::Urgent),
            Duration::from_secs(2 * 3600)
        );
        assert_eq!(
            billing.deadline_for(crate::routing::priority::Priority::Normal),
            Duration::from_secs(24 * 3600)
        );
        assert_eq!(billing.rung_deadline, Duration::from_secs(8 * 3600));
        assert_eq!(
            c.triage.rung_deadline, c.triage.deadline,
            "defaults to deadline"
        );
        assert_eq!(c.reminders, vec![0.5, 0.9]);
        assert_eq!(
            c.owner_calendar(billing, "billing@shop.example").name,
            "seoul"
        );
        assert_eq!(c.owner_calendar(billing, "triage@shop.example").name, "la");
        assert_eq!(c.owner_calendar(&c.triage, "x@shop.example").name, "la");
        assert_eq!(c.person_calendar("cfo@shop.example").name, "la");
        let seoul = c.owner_calendar(billing, "billing@shop.example");
        assert_eq!(seoul.hours[0].len(), 1, "office hours by default");
        assert!(seoul.hours[5].is_empty(), "weekends off by default");
        let la = c.person_calendar("triage@shop.example");
        assert_eq!(la.hours[0].len(), 2);
        assert!(la.hours[1].is_empty(), "a day not listed is off");

        let e = err_of(&text.replace("calendar = \"seoul\"", "calendar = \"paris\""));
        assert!(
            e.contains("routes[0].calendar") && e.contains("paris"),
            "{e}"
        );
        let e = err_of(&text.replace("\"90%\"", "\"0.9\""));
        assert!(e.contains("time.reminders[1]"), "{e}");
        let e = err_of(&text.replace("2026-11-26", "26/11/2026"));
        assert!(e.contains("calendars.seoul.holidays[0]"), "{e}");
        let e = err_of(&text.replace("sat = \"10:00-14:00\"", "sat = \"14:00-10:00\""));
        assert!(e.contains("calendars.la.hours.sat"), "{e}");
    }

    #[test]
    fn holidays_come_from_an_icalendar_file_beside_the_config() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(
            dir.path().join("kr.ics"),
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:1\r\nSUMMARY:Seollal\r\nDTSTART;VALUE=DATE:20270206\r\nDTEND;VALUE=DATE:20270209\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
        )
        .expect("write ics");
        let text = format!(
            "{GOOD}\n[calendars.seoul]\ntimezone = \"Asia/Seoul\"\nholidays = [\"2026-12-25\"]\nholidays_file = \"kr.ics\"\n"
        );
        let path = dir.path().join("qmark.toml");
        std::fs::write(&path, &text).expect("write config");
        let c = Config::load(&path).expect("valid");
        let seoul = c
            .calendars
            .iter()
            .find(|c| c.name == "seoul")
            .expect("seoul");
        let days: Vec<String> = seoul.holidays.iter().map(|d| d.to_string()).collect();
        assert_eq!(
            days,
            ["2026-12-25", "2027-02-06", "2027-02-07", "2027-02-08"],
            "the list and the file together"
        );

        std::fs::write(dir.path().join("kr.ics"), "not a calendar").expect("write");
        let e = Config::load(&path).expect_err("bad file").to_string();
        assert!(
            e.contains("calendars.seoul.holidays_file") && e.contains("kr.ics"),
            "{e}"
        );
        std::fs::remove_file(dir.path().join("kr.ics")).expect("rm");
        let e = Config::load(&path).expect_err("missing file").to_string();
        assert!(
            e.contains("calendars.seoul.holidays_file") && e.contains("cannot read"),
            "{e}"
        );
    }

    #[test]
    fn without_calendars_everyone_works_around_the_clock() {
        let c = Config::parse(GOOD).expect("valid");
        assert_eq!(
            c.owner_calendar(&c.routes[0], "billing@shop.example").name,
            "around-the-clock"
        );
        assert!(c.reminders.is_empty());
    }

    #[test]
    fn plain_text_is_only_for_loopback() {
        let e = err_of(&GOOD.replace(
            "host = \"127.0.0.1\"\nport = 11143",
            "host = \"imap.shop.example\"\nport = 11143",
        ));
        assert!(e.contains("inbox.tls") && e.contains("loopback"), "{e}");
    }

    #[test]
    fn secrets_never_show_in_debug_output() {
        let s = Secret("hunter2".into());
        assert!(!format!("{s:?}").contains("hunter2"));
        let src = SecretSource::Command("echo hunter2".into());
        assert!(!format!("{src:?}").contains("hunter2"));
    }

    #[test]
    fn password_command_reads_first_line() {
        let s = SecretSource::Command("printf 'pw1\\nignored\\n'".into())
            .resolve("inbox.password")
            .expect("sh is available");
        assert_eq!(s.expose(), "pw1");
        let e = SecretSource::Env("QMARK_SURELY_UNSET_VAR".into())
            .resolve("inbox.password")
            .expect_err("unset variable");
        assert!(e.to_string().contains("QMARK_SURELY_UNSET_VAR"));
        assert!(e.to_string().contains("`inbox.password_env`"), "{e}");
    }

    #[test]
    fn a_failing_secret_command_names_its_key_status_and_stderr_but_not_its_stdout() {
        for prefix in ["inbox.password", "smtp.password", "security.secret"] {
            let e = SecretSource::Command(
                "echo hunter2-partial; echo 'keyring is locked' >&2; echo 'try unlock' >&2; exit 3"
                    .into(),
            )
            .resolve(prefix)
            .expect_err("exit 3 is a failure")
            .to_string();
            assert!(e.contains(&format!("`{prefix}_command`")), "{e}");
            assert!(e.contains("exit status: 3"), "{e}");
            assert!(e.contains("keyring is locked | try unlock"), "{e}");
            assert!(!e.contains("hunter2"), "stdout must never be shown: {e}");
        }
        let e = SecretSource::Command("echo nope >&2; printf '\\nsecret-on-line-2\\n'".into())
            .resolve("smtp.password")
            .expect_err("an empty first line is no password")
            .to_string();
        assert!(
            e.contains("`smtp.password_command`") && e.contains("nope"),
            "{e}"
        );
        assert!(!e.contains("secret-on-line-2"), "{e}");
        let long = SecretSource::Command("seq 1 50 >&2; exit 1".into())
            .resolve("inbox.password")
            .expect_err("exit 1")
            .to_string();
        assert!(
            long.contains("1 | 2 | 3 | 4 | 5 | (45 more lines)"),
            "{long}"
        );
    }

    /// GOOD with its `[inbox]` table replaced by `inboxes` (TOML for `[[inbox]]` entries).
    fn with_inboxes(inboxes: &str) -> String {
        let start = GOOD.find("[inbox]").expect("GOOD has [inbox]");
        let end = GOOD.find("[smtp]").expect("GOOD has [smtp]");
        format!("{}{inboxes}\n{}", &GOOD[..start], &GOOD[end..])
    }

    const TWO: &str = r#"
[[inbox]]
address = "ceo@shop.example"
host = "127.0.0.1"
tls = "none"
username = "ceo@shop.example"
password_env = "QMARK_TEST_PW"

[[inbox]]
address = "hello@hanbit.example"
from = "한빛 고객센터 <hello@hanbit.example>"
host = "127.0.0.1"
tls = "none"
username = "hello@hanbit.example"
password_env = "QMARK_TEST_PW2"
language = "ko"
routes = ["billing", "triage"]
"#;

    #[test]
    fn inbox_may_be_a_list_and_the_single_table_is_a_list_of_one() {
        let one = Config::parse(GOOD).expect("the single table");
        assert_eq!(one.inboxes.len(), 1);
        assert_eq!(one.inboxes[0].key, "inbox");
        // The one inbox keeps sending From [smtp] from, as before there could be several.
        assert_eq!(one.inbox.from, one.smtp.from);
        assert_eq!(one.inboxes[0].routes, None);

        let c = Config::parse(&with_inboxes(TWO)).expect("two inboxes");
        assert_eq!(c.inboxes.len(), 2);
        assert_eq!(c.inbox.address.as_str(), "ceo@shop.example");
        assert_eq!(
            c.inbox.from, c.smtp.from,
            "the first inbox defaults to [smtp] from"
        );
        let brand = &c.inboxes[1];
        assert_eq!(brand.key, "inbox[1]");
        assert_eq!(brand.from.address.as_str(), "hello@hanbit.example");
        assert_eq!(brand.language.as_deref(), Some("ko"));
        assert_eq!(
            brand.routes.as_deref(),
            Some(&["billing".to_string(), "triage".to_string()][..])
        );
        assert_eq!(
            c.public.iter().map(Address::as_str).collect::<Vec<_>>(),
            ["ceo@shop.example", "hello@hanbit.example"]
        );
        // Both domains are the company's unless [company] says otherwise.
        assert_eq!(c.company.domains, ["shop.example", "hanbit.example"]);
        assert_eq!(
            c.inbox_for("Hello+abc@HANBIT.example")
                .map(|i| i.key.as_str()),
            Some("inbox[1]")
        );
        assert!(c.inbox_for("billing@shop.example").is_none());
    }

    /// Each new mistake is refused with one line naming the key.
    #[test]
    fn inbox_list_mistakes_are_one_line_errors_naming_the_key() {
        let err = |text: String| {
            let e = Config::parse(&text)
                .expect_err("must be refused")
                .to_string();
            assert!(!e.contains('\n'), "one line: {e}");
            e
        };
        // [inbox] and [[inbox]] in one file.
        let both = format!("{GOOD}\n[[inbox]]\naddress = \"x@shop.example\"\n");
        let e = err(both);
        assert!(e.contains("inbox"), "{e}");
        // Two inboxes with one address (case and tags do not make another).
        let twins = TWO.replace("hello@hanbit.example\"\nfrom", "CEO+x@shop.example\"\nfrom");
        let e = err(with_inboxes(&twins));
        assert!(
            e.contains("inbox[1].address") && e.contains("already the address of inbox"),
            "{e}"
        );
        // A route filter naming no route.
        let e = err(with_inboxes(
            &TWO.replace("\"billing\", \"triage\"", "\"biling\""),
        ));
        assert!(
            e.contains("inbox[1].routes[0]") && e.contains("biling"),
            "{e}"
        );
        // A language that is not a code.
        let e = err(with_inboxes(&TWO.replace("\"ko\"", "\"Korean\"")));
        assert!(e.contains("inbox[1].language"), "{e}");
        // A From that is not an address.
        let e = err(with_inboxes(
            &TWO.replace("한빛 고객센터 <hello@hanbit.example>", "한빛 고객센터"),
        ));
        assert!(e.contains("inbox[1].from"), "{e}");
        // An empty list.
        let e = err(with_inboxes("inbox = []"));
        assert!(e.contains("inbox"), "{e}");
        // A second inbox's own mistakes name it, not the first.
        let e = err(with_inboxes(
            &TWO.replace("password_env = \"QMARK_TEST_PW2\"\n", ""),
        ));
        assert!(e.contains("inbox[1].password_env"), "{e}");
        // Unknown keys in a list entry are still errors.
        let e = err(with_inboxes(&format!("{TWO}colour = \"red\"\n")));
        assert!(e.contains("colour"), "{e}");
    }
}
