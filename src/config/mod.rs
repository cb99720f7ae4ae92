//! The operator's `qmark.toml`: raw TOML is parsed once into validated types, so the rest of
//! qmark never re-checks an address, a duration or a schedule.

pub mod accounts;
pub mod calendar;
pub mod holidays;
pub mod metrics;
pub mod oauth;

use std::collections::HashSet;
use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

use serde::Deserialize;

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

/// The phrases of the taxonomy's intents (or categories) named in `key.intents`, added to a
/// route's keywords at weight 1 unless the route names them itself.
fn add_intents(
    taxonomy: &crate::routing::intents::Taxonomy,
    key: &str,
    intents: &[String],
    keywords: &mut Vec<Rule<String>>,
) -> Result<(), ConfigError> {
    for (j, name) in intents.iter().enumerate() {
        let Some(chosen) = taxonomy.select(name.trim()) else {
            return Err(invalid(
                format!("{key}.intents[{j}]"),
                format!(
                    "{name:?} is not in the taxonomy; use {}",
                    taxonomy.some_names()
                ),
            ));
        };
        for phrase in chosen.iter().flat_map(|i| &i.phrases) {
            if !keywords.iter().any(|k| k.what == *phrase) {
                keywords.push(Rule {
                    what: phrase.clone(),
                    weight: 1,
                });
            }
        }
    }
    Ok(())
}

fn invalid(key: impl Into<String>, problem: impl Into<String>) -> ConfigError {
    ConfigError::Invalid {
        key: key.into(),
        problem: problem.into(),
    }
}

// ---------------------------------------------------------------------------------------------
// Raw TOML shape. Every struct denies unknown keys so a typo is an error, not a silent default.

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    inbox: RawInboxes,
    smtp: RawSmtp,
    #[serde(default)]
    database: RawDatabase,
    #[serde(default)]
    executives: RawExecutives,
    #[serde(default)]
    routes: Vec<RawRoute>,
    triage: RawTriage,
    digest: Option<RawDigest>,
    #[serde(default)]
    templates: RawTemplates,
    #[serde(default)]
    outbox: RawOutbox,
    #[serde(default)]
    security: RawSecurity,
    #[serde(default)]
    limits: RawLimits,
    #[serde(default)]
    acknowledgment: RawAcknowledgment,
    #[serde(default)]
    routing: RawRouting,
    #[serde(default)]
    calendars: std::collections::BTreeMap<String, RawCalendar>,
    #[serde(default)]
    time: RawTime,
    #[serde(default)]
    company: RawCompany,
    oauth2: Option<crate::config::oauth::RawOAuth2>,
    metrics: Option<crate::config::metrics::RawMetrics>,
}

/// `[company]`: who counts as a colleague, to whom cases may move.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCompany {
    /// Default: the public address's domain.
    domains: Option<Vec<String>>,
    #[serde(default)]
    people: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSecurity {
    secret_env: Option<String>,
    secret_command: Option<String>,
    trusted_authserv_id: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLimits {
    #[serde(default = "default_per_case")]
    per_case_per_hour: u32,
    #[serde(default = "default_per_recipient")]
    per_recipient_per_hour: u32,
    #[serde(default = "default_forward_max_bytes")]
    forward_max_bytes: u64,
}

impl Default for RawLimits {
    fn default() -> Self {
        RawLimits {
            per_case_per_hour: default_per_case(),
            per_recipient_per_hour: default_per_recipient(),
            forward_max_bytes: default_forward_max_bytes(),
        }
    }
}

/// Under the 10 MB most mail servers accept (Postfix's default `message_size_limit` is
/// 10,240,000 bytes), with room for the headers and encodings other servers on the way add.
pub const DEFAULT_FORWARD_MAX_BYTES: usize = 7_000_000;

fn default_forward_max_bytes() -> u64 {
    DEFAULT_FORWARD_MAX_BYTES as u64
}

fn default_per_case() -> u32 {
    10
}
fn default_per_recipient() -> u32 {
    60
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAcknowledgment {
    #[serde(default)]
    enabled: bool,
    #[serde(default = "default_deadline")]
    window: String,
}

impl Default for RawAcknowledgment {
    fn default() -> Self {
        RawAcknowledgment {
            enabled: false,
            window: default_deadline(),
        }
    }
}

/// `[inbox]` (one public address, as before) or `[[inbox]]` (a list of them).
#[derive(Debug)]
enum RawInboxes {
    One(Box<RawInbox>),
    Many(Vec<RawInbox>),
}

impl<'de> Deserialize<'de> for RawInboxes {
    // By hand rather than `#[serde(untagged)]`, which would replace a typo's "unknown field"
    // with "data did not match any variant".
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        match toml::Value::deserialize(d)? {
            v @ toml::Value::Array(_) => Vec::<RawInbox>::deserialize(v)
                .map(RawInboxes::Many)
                .map_err(|e| D::Error::custom(format!("in [[inbox]]: {e}"))),
            v => RawInbox::deserialize(v)
                .map(|i| RawInboxes::One(Box::new(i)))
                .map_err(|e| D::Error::custom(format!("in [inbox]: {e}"))),
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawInbox {
    address: String,
    /// The From of mail about this inbox's cases (default: `[smtp] from` for the first inbox,
    /// the bare address for the others).
    from: Option<String>,
    /// The language of acknowledgments when the complaint's own has no template.
    language: Option<String>,
    /// The routes this inbox's complaints may go to (default: all).
    routes: Option<Vec<String>>,
    /// Optional when `[oauth2] provider` names the host.
    host: Option<String>,
    auth: Option<String>,
    port: Option<u16>,
    #[serde(default = "default_tls")]
    tls: String,
    username: String,
    password_env: Option<String>,
    password_command: Option<String>,
    #[serde(default = "default_mailbox")]
    mailbox: String,
    #[serde(default = "default_processed")]
    processed: String,
    #[serde(default = "default_keyword")]
    processed_keyword: String,
    move_to: Option<String>,
    #[serde(default = "default_true")]
    idle: bool,
    #[serde(default = "default_poll")]
    poll_interval: String,
    /// Give up on the server's greeting, login or one command after this long.
    #[serde(default = "default_timeout")]
    timeout: String,
    ca_file: Option<PathBuf>,
    /// This inbox's own SMTP submission account (default: the global `[smtp]`).
    smtp: Option<crate::config::accounts::RawInboxSmtp>,
    /// This inbox's own OAuth2 client (default: the global `[oauth2]`).
    oauth2: Option<crate::config::oauth::RawOAuth2>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSmtp {
    host: Option<String>,
    auth: Option<String>,
    port: Option<u16>,
    #[serde(default = "default_tls_smtp")]
    tls: String,
    username: Option<String>,
    password_env: Option<String>,
    password_command: Option<String>,
    from: String,
    ca_file: Option<PathBuf>,
    #[serde(default = "default_timeout")]
    timeout: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDatabase {
    #[serde(default = "default_db")]
    url: String,
}

impl Default for RawDatabase {
    fn default() -> Self {
        RawDatabase { url: default_db() }
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawExecutives {
    #[serde(default)]
    addresses: Vec<String>,
    #[serde(default = "default_true")]
    copy_answers: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRoute {
    name: String,
    owner: String,
    #[serde(default)]
    keywords: Vec<RawRule>,
    #[serde(default)]
    senders: Vec<RawRule>,
    #[serde(default)]
    patterns: Vec<RawRule>,
    #[serde(default)]
    languages: Vec<String>,
    examples: Option<PathBuf>,
    threshold: Option<f64>,
    #[serde(default = "default_deadline")]
    deadline: String,
    escalate_to: String,
    backup: Option<String>,
    team: Option<String>,
    acknowledge: Option<bool>,
    urgent_deadline: Option<String>,
    rung_deadline: Option<String>,
    calendar: Option<String>,
    #[serde(default)]
    tell_customer: bool,
    /// Standard intents (or whole categories) from the taxonomy this route takes.
    #[serde(default)]
    intents: Vec<String>,
}

/// A rule is a bare string (weight 1) or `{ text = "...", weight = 3 }`.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum RawRule {
    Plain(String),
    Weighted { text: String, weight: u32 },
}

impl RawRule {
    fn parts(&self) -> (&str, u32) {
        match self {
            RawRule::Plain(t) => (t, 1),
            RawRule::Weighted { text, weight } => (text, *weight),
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRouting {
    #[serde(default = "default_threshold")]
    threshold: f64,
    #[serde(default = "default_min_points")]
    min_points: u32,
    /// Absent: the model's say is learned from its own evidence (`training::evidence_weight`).
    model_weight: Option<f64>,
    #[serde(default)]
    vip: Vec<String>,
    #[serde(default = "default_repeat")]
    repeat_contacts: u32,
    #[serde(default = "default_repeat_window")]
    repeat_window: String,
    #[serde(default = "default_true")]
    urgent_copy_executives: bool,
    /// A taxonomy of intents to use instead of the built-in `data/intents.toml`.
    intents_file: Option<PathBuf>,
}

impl Default for RawRouting {
    fn default() -> Self {
        RawRouting {
            threshold: default_threshold(),
            min_points: default_min_points(),
            model_weight: None,
            vip: Vec::new(),
            repeat_contacts: default_repeat(),
            repeat_window: default_repeat_window(),
            urgent_copy_executives: true,
            intents_file: None,
        }
    }
}

fn default_threshold() -> f64 {
    0.5
}
/// 1 keeps the behaviour from before the setting existed; scripts/tune-triage chose 2 by
/// cross-validation on the shared corpus's odd-numbered files (docs/benchmarks.md).
fn default_min_points() -> u32 {
    1
}
/// The model's say when neither the config nor the model's own evidence gives one.
pub const DEFAULT_MODEL_WEIGHT: f64 = 0.5;
fn default_repeat() -> u32 {
    3
}
fn default_repeat_window() -> String {
    "14d".into()
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTriage {
    owner: String,
    #[serde(default = "default_deadline")]
    deadline: String,
    escalate_to: String,
    backup: Option<String>,
    team: Option<String>,
    acknowledge: Option<bool>,
    examples: Option<PathBuf>,
    urgent_deadline: Option<String>,
    rung_deadline: Option<String>,
    calendar: Option<String>,
    #[serde(default)]
    tell_customer: bool,
    /// Standard intents that are nobody's but triage's (a sales pitch, a job application): their
    /// phrases count for triage against the routes, so one passing "delivery" in a pitch does
    /// not send it to a route.
    #[serde(default)]
    intents: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCalendar {
    #[serde(default = "default_tz")]
    timezone: String,
    hours: Option<RawHours>,
    #[serde(default)]
    holidays: Vec<String>,
    holidays_file: Option<PathBuf>,
    #[serde(default)]
    people: Vec<String>,
}

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawHours {
    mon: Option<String>,
    tue: Option<String>,
    wed: Option<String>,
    thu: Option<String>,
    fri: Option<String>,
    sat: Option<String>,
    sun: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTime {
    calendar: Option<String>,
    #[serde(default)]
    reminders: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDigest {
    schedule: String,
    #[serde(default = "default_tz")]
    timezone: String,
    #[serde(default)]
    to: Vec<String>,
    department_schedule: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTemplates {
    dir: Option<PathBuf>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOutbox {
    #[serde(default = "default_max_attempts")]
    max_attempts: u32,
    /// Bcc every mail to `<public>+journal@` and read the copy back (issue 6, see journal.rs).
    #[serde(default)]
    journal: bool,
}

impl Default for RawOutbox {
    fn default() -> Self {
        RawOutbox {
            max_attempts: default_max_attempts(),
            journal: false,
        }
    }
}

fn default_tls() -> String {
    "tls".into()
}
fn default_tls_smtp() -> String {
    "starttls".into()
}
fn default_mailbox() -> String {
    "INBOX".into()
}
fn default_processed() -> String {
    "keyword".into()
}
fn default_keyword() -> String {
    "$QmarkProcessed".into()
}
fn default_true() -> bool {
    true
}
fn default_poll() -> String {
    "60s".into()
}
fn default_timeout() -> String {
    "30s".into()
}
fn default_db() -> String {
    "sqlite://qmark.db".into()
}
fn default_deadline() -> String {
    "24h".into()
}
fn default_tz() -> String {
    "UTC".into()
}
fn default_max_attempts() -> u32 {
    10
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
                        "environment variable {var} is not set; export it or use {prefix}_command"
                    ),
                )),
            },
            SecretSource::Command(cmd) => {
                let key = format!("{prefix}_command");
                let out = std::process::Command::new("sh")
                    .arg("-c")
                    .arg(cmd)
                    .stdin(std::process::Stdio::null())
                    .output()
                    .map_err(|e| invalid(&key, format!("cannot run the command: {e}")))?;
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
fn stderr_excerpt(stderr: &[u8]) -> String {
    const LINES: usize = 5;
    const LINE_CHARS: usize = 200;
    let text = String::from_utf8_lossy(stderr);
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
    /// When the rules alone decide, the fewest rule points a route needs: one passing word is
    /// a guess, and a guess goes to triage with its candidates, not to an owner.
    pub min_points: u32,
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
    /// Where bearer tokens come from when a connection says `auth = "oauth2"`.
    pub oauth2: Option<crate::config::oauth::OAuth2>,
    /// The file this came from (absolute), so a notice can print the exact command to run.
    pub path: Option<PathBuf>,
    /// `[metrics]`: where `/metrics`, `/livez` and `/readyz` are served; None: off.
    pub metrics: Option<crate::config::metrics::Metrics>,
}

impl Config {
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
            path: path.to_path_buf(),
            source,
        })?;
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
            message: e.to_string().trim().replace('\n', " "),
        })?;
        let metrics = crate::config::metrics::validate(raw.metrics.take())?;
        let mut config = validate(raw, base)?;
        crate::config::accounts::check_one_client_per_account(&config)?;
        config.metrics = metrics;
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

fn validate(raw: RawConfig, base: &Path) -> Result<Config, ConfigError> {
    let oauth2 = crate::config::oauth::validate(raw.oauth2, wants_oauth2(&raw.inbox, &raw.smtp))?;
    let provider = oauth2.as_ref().and_then(|o| o.provider);
    let smtp = validate_smtp(raw.smtp, provider.map(|p| p.smtp_host()))?;
    let (inbox, inboxes) = validate_inboxes(raw.inbox.keyed(), &raw.routes, provider, &smtp)?;
    let (calendars, people_calendars) = validate_calendars(&raw.calendars, base)?;
    let known_calendar = |key: String, name: Option<String>| match name {
        Some(n) if !raw.calendars.contains_key(&n) => Err(invalid(
            key,
            format!(
                "no calendar {n:?}; define [calendars.{n}] or use one of: {}",
                raw.calendars.keys().cloned().collect::<Vec<_>>().join(", ")
            ),
        )),
        other => Ok(other),
    };
    let default_calendar = known_calendar("time.calendar".into(), raw.time.calendar.clone())?;
    let reminders = raw
        .time
        .reminders
        .iter()
        .enumerate()
        .map(|(i, r)| parse_fraction(&format!("time.reminders[{i}]"), r))
        .collect::<Result<Vec<_>, _>>()?;

    let executives = raw
        .executives
        .addresses
        .iter()
        .enumerate()
        .map(|(i, a)| parse_address(&format!("executives.addresses[{i}]"), a))
        .collect::<Result<Vec<_>, _>>()?;

    let mut names = HashSet::new();
    let taxonomy = match &raw.routing.intents_file {
        None => crate::routing::intents::Taxonomy::built_in(),
        Some(path) => {
            let path = if path.is_relative() {
                base.join(path)
            } else {
                path.clone()
            };
            let text = std::fs::read_to_string(&path).map_err(|e| {
                invalid(
                    "routing.intents_file",
                    format!("cannot read {}: {e}", path.display()),
                )
            })?;
            crate::routing::intents::Taxonomy::parse(&text)
                .map_err(|e| invalid("routing.intents_file", format!("{}: {e}", path.display())))?
        }
    };
    let mut routes = Vec::new();
    for (i, r) in raw.routes.into_iter().enumerate() {
        let key = format!("routes[{i}]");
        let name = r.name.trim().to_string();
        if name.is_empty()
            || !name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            return Err(invalid(
                format!("{key}.name"),
                format!(
                    "{:?} is not a route name; use letters, digits, '-' or '_'",
                    r.name
                ),
            ));
        }
        if name == "triage" {
            return Err(invalid(
                format!("{key}.name"),
                "`triage` is reserved for the [triage] table",
            ));
        }
        if !names.insert(name.clone()) {
            return Err(invalid(
                format!("{key}.name"),
                format!("route {name:?} is defined twice"),
            ));
        }
        let keywords: Vec<Rule<String>> = r
            .keywords
            .iter()
            .map(|k| {
                let (t, w) = k.parts();
                Rule {
                    what: crate::routing::text::normalise(t),
                    weight: w,
                }
            })
            .filter(|k| !k.what.is_empty())
            .collect();
        let mut keywords = keywords;
        add_intents(&taxonomy, &key, &r.intents, &mut keywords)?;
        let senders: Vec<Rule<String>> = r
            .senders
            .iter()
            .enumerate()
            .map(|(j, k)| {
                let (t, w) = k.parts();
                let t = t.trim().to_lowercase();
                let ok = match t.strip_prefix('@') {
                    Some(domain) => !domain.is_empty() && domain.contains('.'),
                    None => Address::parse(&t).is_ok(),
                };
                if ok {
                    Ok(Rule { what: t, weight: w })
                } else {
                    Err(invalid(
                        format!("{key}.senders[{j}]"),
                        format!("{t:?} is neither an address nor @domain"),
                    ))
                }
            })
            .collect::<Result<_, _>>()?;
        let patterns: Vec<Rule<regex::Regex>> = r
            .patterns
            .iter()
            .enumerate()
            .map(|(j, k)| {
                let (t, w) = k.parts();
                regex::RegexBuilder::new(t)
                    .case_insensitive(true)
                    .size_limit(1 << 20)
                    .build()
                    .map(|re| Rule {
                        what: re,
                        weight: w,
                    })
                    .map_err(|e| {
                        invalid(
                            format!("{key}.patterns[{j}]"),
                            format!("{t:?} is not a regular expression: {e}"),
                        )
                    })
            })
            .collect::<Result<_, _>>()?;
        if keywords.is_empty()
            && senders.is_empty()
            && patterns.is_empty()
            && r.languages.is_empty()
            && r.examples.is_none()
        {
            return Err(invalid(
                format!("{key}.keywords"),
                "a route needs keywords, senders, patterns, languages or examples, or nothing would ever reach it",
            ));
        }
        let threshold = r.threshold.unwrap_or(raw.routing.threshold);
        if !(0.0..=1.0).contains(&threshold) {
            return Err(invalid(
                format!("{key}.threshold"),
                "must be between 0 and 1",
            ));
        }
        let deadline = parse_duration(&format!("{key}.deadline"), &r.deadline)?;
        routes.push(Route {
            owner: parse_address(&format!("{key}.owner"), &r.owner)?,
            keywords,
            senders,
            patterns,
            languages: r
                .languages
                .iter()
                .map(|l| l.trim().to_lowercase())
                .collect(),
            examples: r.examples.clone(),
            threshold,
            deadline,
            escalate_to: parse_address(&format!("{key}.escalate_to"), &r.escalate_to)?,
            backup: r
                .backup
                .as_deref()
                .map(|b| parse_address(&format!("{key}.backup"), b))
                .transpose()?,
            team: r.team.unwrap_or_else(|| team_name(&name)),
            acknowledge: r.acknowledge.unwrap_or(raw.acknowledgment.enabled),
            name,
            urgent_deadline: optional_duration(
                &format!("{key}.urgent_deadline"),
                r.urgent_deadline.as_deref(),
                deadline,
            )?,
            rung_deadline: optional_duration(
                &format!("{key}.rung_deadline"),
                r.rung_deadline.as_deref(),
                deadline,
            )?,
            calendar: known_calendar(format!("{key}.calendar"), r.calendar)?,
            tell_customer: r.tell_customer,
        });
    }

    let triage_deadline = parse_duration("triage.deadline", &raw.triage.deadline)?;
    let mut triage_keywords = Vec::new();
    add_intents(
        &taxonomy,
        "triage",
        &raw.triage.intents,
        &mut triage_keywords,
    )?;
    let triage = Route {
        name: "triage".into(),
        owner: parse_address("triage.owner", &raw.triage.owner)?,
        keywords: triage_keywords,
        senders: Vec::new(),
        patterns: Vec::new(),
        languages: Vec::new(),
        examples: raw.triage.examples.clone(),
        threshold: 0.0,
        deadline: triage_deadline,
        escalate_to: parse_address("triage.escalate_to", &raw.triage.escalate_to)?,
        backup: raw
            .triage
            .backup
            .as_deref()
            .map(|b| parse_address("triage.backup", b))
            .transpose()?,
        team: raw
            .triage
            .team
            .unwrap_or_else(|| "Customer care team".into()),
        acknowledge: raw.triage.acknowledge.unwrap_or(raw.acknowledgment.enabled),
        urgent_deadline: optional_duration(
            "triage.urgent_deadline",
            raw.triage.urgent_deadline.as_deref(),
            triage_deadline,
        )?,
        rung_deadline: optional_duration(
            "triage.rung_deadline",
            raw.triage.rung_deadline.as_deref(),
            triage_deadline,
        )?,
        calendar: known_calendar("triage.calendar".into(), raw.triage.calendar)?,
        tell_customer: raw.triage.tell_customer,
    };

    let digest = match raw.digest {
        None => None,
        Some(d) => {
            let schedule = cron::Schedule::from_str(&d.schedule).map_err(|e| {
                invalid(
                    "digest.schedule",
                    format!(
                        "{:?} is not a cron schedule ({e}); use seconds first, e.g. \"0 0 8 * * Mon-Fri\"",
                        d.schedule
                    ),
                )
            })?;
            let timezone: chrono_tz::Tz = d.timezone.parse().map_err(|_| {
                invalid(
                    "digest.timezone",
                    format!(
                        "{:?} is not an IANA timezone such as \"Asia/Seoul\" or \"UTC\"",
                        d.timezone
                    ),
                )
            })?;
            let to = if d.to.is_empty() {
                executives.clone()
            } else {
                d.to.iter()
                    .enumerate()
                    .map(|(i, a)| parse_address(&format!("digest.to[{i}]"), a))
                    .collect::<Result<Vec<_>, _>>()?
            };
            if to.is_empty() {
                return Err(invalid(
                    "digest.to",
                    "no recipients: list addresses here or in executives.addresses",
                ));
            }
            let department_schedule = match &d.department_schedule {
                None => None,
                Some(text) => Some(cron::Schedule::from_str(text).map_err(|e| {
                    invalid(
                        "digest.department_schedule",
                        format!(
                            "{text:?} is not a cron schedule ({e}); use seconds first, e.g. \"0 0 9 * * Mon\""
                        ),
                    )
                })?),
            };
            Some(Digest {
                schedule,
                schedule_text: d.schedule,
                timezone,
                to,
                department_schedule,
            })
        }
    };

    check_database_url(&raw.database.url)?;
    let secret = secret_source(
        "security",
        raw.security.secret_env,
        raw.security.secret_command,
    )
    .map_err(|e| match e {
        ConfigError::Invalid { key, problem } => ConfigError::Invalid {
            key: key.replace("password", "secret"),
            problem: problem.replace("password", "secret"),
        },
        other => other,
    })?;
    let limits = validate_limits(&raw.limits)?;
    let trusted_authserv_id = raw
        .security
        .trusted_authserv_id
        .map(|s| s.trim().to_lowercase())
        .filter(|s| !s.is_empty());
    if raw.outbox.max_attempts == 0 {
        return Err(invalid("outbox.max_attempts", "must be at least 1"));
    }
    let raw_company = raw.company;
    let mut config = Config {
        inbox,
        public: inboxes.iter().map(|i| i.address.without_tag()).collect(),
        inboxes,
        smtp,
        database_url: raw.database.url,
        executives,
        copy_answers: raw.executives.copy_answers,
        routes,
        triage,
        digest,
        templates_dir: raw.templates.dir,
        outbox_max_attempts: raw.outbox.max_attempts,
        outbox_journal: raw.outbox.journal,
        secret,
        trusted_authserv_id,
        limits,
        ack_window: parse_duration("acknowledgment.window", &raw.acknowledgment.window)?,
        routing: Routing {
            min_points: raw.routing.min_points,
            urgent_phrases: taxonomy.urgent_phrases(),
            urgent_index: crate::routing::text::PhraseIndex::new(
                taxonomy
                    .urgent_phrases()
                    .into_iter()
                    .map(|(p, _)| p)
                    .collect(),
            ),
            model_weight: if raw
                .routing
                .model_weight
                .is_none_or(|w| (0.0..=1.0).contains(&w))
            {
                raw.routing.model_weight
            } else {
                return Err(invalid("routing.model_weight", "must be between 0 and 1"));
            },
            vip: raw
                .routing
                .vip
                .iter()
                .map(|v| v.trim().to_lowercase())
                .collect(),
            repeat_contacts: raw.routing.repeat_contacts,
            repeat_window: parse_duration("routing.repeat_window", &raw.routing.repeat_window)?,
            urgent_copy_executives: raw.routing.urgent_copy_executives,
        },
        calendars,
        default_calendar,
        people_calendars,
        reminders,
        oauth2,
        path: None,
        metrics: None,
        company: crate::authority::Company::default(),
        keyword_index: crate::routing::text::KeywordIndex::default(),
    };
    config.company = company(raw_company, &config)?;
    // Triage last: its keywords are those of its intents.
    config.keyword_index = crate::routing::text::KeywordIndex::new(
        &config
            .routes
            .iter()
            .chain(std::iter::once(&config.triage))
            .map(|r| r.keywords.iter().map(|k| k.what.as_str()).collect())
            .collect::<Vec<_>>(),
    );
    Ok(config)
}

/// The company: `[company] domains` (default: the public address's domain) and everyone the
/// config names — executives, owners, backups, managers, digest readers, calendar people and
/// `[company] people`.
fn company(raw: RawCompany, c: &Config) -> Result<crate::authority::Company, ConfigError> {
    let domains = match raw.domains {
        Some(list) => {
            let mut out = Vec::new();
            for d in list {
                let d = d.trim().trim_start_matches('@').to_lowercase();
                if d.is_empty() || d.contains('@') || !d.contains('.') && d != "localhost" {
                    return Err(invalid(
                        "company.domains",
                        format!("{d:?} is not a domain; write e.g. \"shop.example\""),
                    ));
                }
                out.push(d);
            }
            out
        }
        None => {
            let mut d: Vec<String> = Vec::new();
            for i in &c.inboxes {
                let domain = i.address.domain().to_lowercase();
                if !d.contains(&domain) {
                    d.push(domain);
                }
            }
            d
        }
    };
    let mut people = Vec::new();
    for p in &raw.people {
        people.push(
            Address::parse(p)
                .map_err(|e| invalid("company.people", format!("{p:?} is not an address: {e}")))?,
        );
    }
    people.extend(c.executives.iter().cloned());
    for r in c.routes.iter().chain(std::iter::once(&c.triage)) {
        people.push(r.owner.clone());
        people.push(r.escalate_to.clone());
        people.extend(r.backup.iter().cloned());
    }
    if let Some(d) = &c.digest {
        people.extend(d.to.iter().cloned());
    }
    people.extend(c.people_calendars.iter().map(|(a, _)| a.clone()));
    people.sort();
    people.dedup();
    Ok(crate::authority::Company { domains, people })
}

/// "billing" → "Billing team".
fn team_name(route: &str) -> String {
    let mut c = route.chars();
    match c.next() {
        Some(first) => format!(
            "{}{} team",
            first.to_uppercase(),
            c.as_str().replace(['-', '_'], " ")
        ),
        None => "Customer care team".into(),
    }
}

type Calendars = (
    Vec<crate::config::calendar::Calendar>,
    Vec<(Address, String)>,
);

fn validate_calendars(
    raw: &std::collections::BTreeMap<String, RawCalendar>,
    base: &Path,
) -> Result<Calendars, ConfigError> {
    let mut calendars = Vec::new();
    let mut people: Vec<(Address, String)> = Vec::new();
    for (name, c) in raw {
        let key = format!("calendars.{name}");
        let timezone: chrono_tz::Tz = c.timezone.parse().map_err(|_| {
            invalid(
                format!("{key}.timezone"),
                format!(
                    "{:?} is not an IANA timezone such as \"Asia/Seoul\" or \"UTC\"",
                    c.timezone
                ),
            )
        })?;
        let hours = working_hours(&key, c.hours.as_ref())?;
        let holidays = holidays_of(&key, c, base)?;
        let calendar = crate::config::calendar::Calendar {
            name: name.clone(),
            timezone,
            hours,
            holidays,
        };
        if !calendar.has_working_time() {
            return Err(invalid(
                format!("{key}.hours"),
                "no working hours on any day; deadlines on it would never arrive",
            ));
        }
        for (i, p) in c.people.iter().enumerate() {
            let addr = parse_address(&format!("{key}.people[{i}]"), p)?;
            if let Some((_, other)) = people.iter().find(|(a, _)| *a == addr) {
                return Err(invalid(
                    format!("{key}.people[{i}]"),
                    format!("{p:?} is already in calendar {other:?}"),
                ));
            }
            people.push((addr, name.clone()));
        }
        calendars.push(calendar);
    }
    Ok((calendars, people))
}

/// Only SQLite for now.
fn check_database_url(url: &str) -> Result<(), ConfigError> {
    if !(url.starts_with("sqlite:")) {
        return Err(invalid(
            "database.url",
            format!(
                "{:?} is not supported; use a SQLite URL such as \"sqlite://qmark.db\"",
                url
            ),
        ));
    }
    Ok(())
}

/// The caps (at least one mail an hour) and the size above which a forward lists attachments.
fn validate_limits(raw: &RawLimits) -> Result<Limits, ConfigError> {
    if raw.per_case_per_hour == 0 || raw.per_recipient_per_hour == 0 {
        return Err(invalid(
            "limits",
            "per_case_per_hour and per_recipient_per_hour must be at least 1",
        ));
    }
    // Below this a forward could not even hold its own text and headers.
    let forward_max_bytes = usize::try_from(raw.forward_max_bytes)
        .ok()
        .filter(|n| *n >= 10_000)
        .ok_or_else(|| {
            invalid(
                "limits.forward_max_bytes",
                "must be at least 10000 (bytes; the default is 7000000)",
            )
        })?;
    Ok(Limits {
        per_case_per_hour: raw.per_case_per_hour,
        per_recipient_per_hour: raw.per_recipient_per_hour,
        forward_max_bytes,
    })
}

/// A calendar's working hours per weekday (Monday first); 09:00-18:00 on weekdays when unset.
fn working_hours(
    key: &str,
    hours: Option<&RawHours>,
) -> Result<[Vec<crate::config::calendar::Span>; 7], ConfigError> {
    let office = || Some("09:00-18:00".to_string());
    let h = match hours {
        None => RawHours {
            mon: office(),
            tue: office(),
            wed: office(),
            thu: office(),
            fri: office(),
            sat: None,
            sun: None,
        },
        Some(h) => h.clone(),
    };
    let days = [
        ("mon", &h.mon),
        ("tue", &h.tue),
        ("wed", &h.wed),
        ("thu", &h.thu),
        ("fri", &h.fri),
        ("sat", &h.sat),
        ("sun", &h.sun),
    ];
    let mut out: [Vec<crate::config::calendar::Span>; 7] = Default::default();
    for (slot, (day, text)) in out.iter_mut().zip(days) {
        if let Some(text) = text {
            *slot = crate::config::calendar::parse_hours(text)
                .map_err(|e| invalid(format!("{key}.hours.{day}"), e))?;
        }
    }
    Ok(out)
}

/// A calendar's holidays: its own list and its `holidays_file` (relative to the config).
fn holidays_of(
    key: &str,
    c: &RawCalendar,
    base: &Path,
) -> Result<std::collections::BTreeSet<chrono::NaiveDate>, ConfigError> {
    let mut holidays: std::collections::BTreeSet<chrono::NaiveDate> = c
        .holidays
        .iter()
        .enumerate()
        .map(|(i, d)| {
            d.parse::<chrono::NaiveDate>().map_err(|_| {
                invalid(
                    format!("{key}.holidays[{i}]"),
                    format!("{d:?} is not a date like \"2026-12-25\""),
                )
            })
        })
        .collect::<Result<_, _>>()?;
    if let Some(file) = &c.holidays_file {
        let file = base.join(file);
        let text = std::fs::read_to_string(&file).map_err(|e| {
            invalid(
                format!("{key}.holidays_file"),
                format!("cannot read {}: {e}", file.display()),
            )
        })?;
        let dates = crate::config::holidays::parse(&text).map_err(|e| {
            invalid(
                format!("{key}.holidays_file"),
                format!("{}: {e}", file.display()),
            )
        })?;
        holidays.extend(dates);
    }
    Ok(holidays)
}

fn optional_duration(
    key: &str,
    s: Option<&str>,
    default: Duration,
) -> Result<Duration, ConfigError> {
    match s {
        Some(s) => parse_duration(key, s),
        None => Ok(default),
    }
}

/// A point before a deadline: `"50%"`, between 0 and 100 exclusive.
fn parse_fraction(key: &str, s: &str) -> Result<f64, ConfigError> {
    let bad = || {
        invalid(
            key,
            format!("{s:?} is not a share of the deadline like \"50%\" (between 0% and 100%)"),
        )
    };
    let n: f64 = s
        .trim()
        .strip_suffix('%')
        .ok_or_else(bad)?
        .trim()
        .parse()
        .map_err(|_| bad())?;
    if !(n > 0.0 && n < 100.0) {
        return Err(bad());
    }
    Ok(n / 100.0)
}

/// Whether any inbox or the SMTP account logs in with OAuth2, which needs `[oauth2]`.
fn wants_oauth2(inboxes: &RawInboxes, smtp: &RawSmtp) -> bool {
    let list = match inboxes {
        RawInboxes::One(i) => std::slice::from_ref(&**i),
        RawInboxes::Many(list) => list.as_slice(),
    };
    list.iter().filter(|i| i.oauth2.is_none()).any(|i| {
        i.auth.as_deref() == Some("oauth2") || i.smtp.as_ref().is_some_and(|s| s.says_oauth2())
    }) || smtp.auth.as_deref() == Some("oauth2")
}

/// Each inbox's route filter names routes that exist (or triage).
fn check_inbox_routes(inboxes: &[Inbox], routes: &[RawRoute]) -> Result<(), ConfigError> {
    for i in inboxes {
        for (j, name) in i.routes.iter().flatten().enumerate() {
            if name != "triage" && !routes.iter().any(|r| r.name.trim() == name) {
                return Err(invalid(
                    format!("{}.routes[{j}]", i.key),
                    format!("no route {name:?}; name a [[routes]] entry or \"triage\""),
                ));
            }
        }
    }
    Ok(())
}

impl RawInboxes {
    /// Each inbox with the name errors give it: `inbox`, or `inbox[n]` in a list.
    fn keyed(self) -> Vec<(String, RawInbox)> {
        match self {
            RawInboxes::One(i) => vec![("inbox".to_string(), *i)],
            RawInboxes::Many(list) => list
                .into_iter()
                .enumerate()
                .map(|(n, i)| (format!("inbox[{n}]"), i))
                .collect(),
        }
    }
}

/// Every inbox, each validated alone, then together: one address, one inbox. Returns the
/// first beside them all.
fn validate_inboxes(
    raw: Vec<(String, RawInbox)>,
    routes: &[RawRoute],
    provider: Option<crate::config::oauth::Provider>,
    smtp: &Smtp,
) -> Result<(Inbox, Vec<Inbox>), ConfigError> {
    let preset_host = provider.map(|p| p.imap_host());
    let mut out: Vec<Inbox> = Vec::new();
    for (n, (key, r)) in raw.into_iter().enumerate() {
        let inbox = validate_inbox(&key, r, preset_host, (n == 0).then_some(&smtp.from), smtp)?;
        if let Some(twin) = out
            .iter()
            .find(|i| i.address.without_tag() == inbox.address.without_tag())
        {
            return Err(invalid(
                format!("{key}.address"),
                format!(
                    "{} is already the address of {}; each public address is read by one inbox",
                    inbox.address, twin.key
                ),
            ));
        }
        out.push(inbox);
    }
    check_inbox_routes(&out, routes)?;
    let first = out.first().cloned().ok_or_else(|| {
        invalid(
            "inbox",
            "[[inbox]] is empty; list at least one public address",
        )
    })?;
    Ok((first, out))
}

/// One inbox. `shared_from` is `[smtp] from`, the first inbox's default From (as it was
/// before there could be several).
fn validate_inbox(
    key: &str,
    r: RawInbox,
    preset_host: Option<&str>,
    shared_from: Option<&NamedAddress>,
    global_smtp: &Smtp,
) -> Result<Inbox, ConfigError> {
    let oauth2 = r
        .oauth2
        .map(|o| crate::config::oauth::validate_in(&format!("{key}.oauth2"), o))
        .transpose()?;
    let preset_host = match oauth2.as_ref().and_then(|o| o.provider) {
        Some(p) => Some(p.imap_host()),
        None => preset_host,
    };
    let host = r.host.or(preset_host.map(String::from)).unwrap_or_default();
    let tls = parse_tls(&format!("{key}.tls"), &r.tls)?;
    check_plain_is_loopback(key, tls, &host)?;
    let port = r.port.unwrap_or(match tls {
        TlsMode::Tls => 993,
        _ => 143,
    });
    let password = secret_source(key, r.password_env, r.password_command)?;
    let login = match (
        parse_auth(&format!("{key}.auth"), r.auth.as_deref())?,
        password,
    ) {
        (false, Some(p)) => Login::Password(p),
        (false, None) => {
            return Err(invalid(
                format!("{key}.password_env"),
                "IMAP needs a password: set password_env or password_command (or auth = \"oauth2\")",
            ));
        }
        (true, None) => Login::OAuth2,
        (true, Some(_)) => return Err(oauth2_with_password(key)),
    };
    let processed = processed_of(key, &r.processed, r.processed_keyword, r.move_to)?;
    let address = parse_address(&format!("{key}.address"), &r.address)?;
    let from = match (&r.from, shared_from) {
        (Some(f), _) => NamedAddress::parse(f).map_err(|e| {
            invalid(
                format!("{key}.from"),
                format!("{e}; use \"Name <address>\" or a bare address"),
            )
        })?,
        (None, Some(shared)) => shared.clone(),
        (None, None) => NamedAddress {
            name: None,
            address: address.clone(),
        },
    };
    let language = match r.language.map(|l| l.trim().to_lowercase()) {
        Some(l) if l.len() != 2 || !l.chars().all(|c| c.is_ascii_lowercase()) => {
            return Err(invalid(
                format!("{key}.language"),
                format!("{l:?} is not a language code; use ISO 639-1 like \"en\", \"ko\", \"ja\""),
            ));
        }
        other => other,
    };
    let own_smtp = r.smtp;
    let mut inbox = Inbox {
        key: key.to_string(),
        address,
        from,
        language,
        routes: r.routes,
        host: non_empty(&format!("{key}.host"), host)?,
        port,
        tls,
        username: non_empty(&format!("{key}.username"), r.username)?,
        login,
        mailbox: non_empty(&format!("{key}.mailbox"), r.mailbox)?,
        processed,
        idle: r.idle,
        poll_interval: parse_duration(&format!("{key}.poll_interval"), &r.poll_interval)?,
        timeout: parse_duration(&format!("{key}.timeout"), &r.timeout)?,
        ca_file: r.ca_file,
        smtp: None,
        oauth2,
    };
    inbox.smtp = own_smtp
        .map(|s| crate::config::accounts::validate_smtp(key, s, &inbox, global_smtp))
        .transpose()?;
    Ok(inbox)
}

/// `processed`: what happens to a message in the mailbox once it is stored.
fn processed_of(
    key: &str,
    processed: &str,
    keyword: String,
    move_to: Option<String>,
) -> Result<Processed, ConfigError> {
    Ok(match processed {
        "keyword" => {
            if keyword.is_empty()
                || keyword
                    .chars()
                    .any(|c| c.is_whitespace() || c.is_control() || "(){%*\"\\]".contains(c))
            {
                return Err(invalid(
                    format!("{key}.processed_keyword"),
                    format!("{keyword:?} is not a valid IMAP keyword"),
                ));
            }
            Processed::Keyword(keyword)
        }
        "move" => Processed::Move(move_to.filter(|m| !m.is_empty()).ok_or_else(|| {
            invalid(
                format!("{key}.move_to"),
                "processed = \"move\" needs move_to = \"<mailbox>\"",
            )
        })?),
        "leave" => Processed::Leave,
        other => {
            return Err(invalid(
                format!("{key}.processed"),
                format!("{other:?} is not one of \"keyword\", \"move\", \"leave\""),
            ));
        }
    })
}

fn validate_smtp(r: RawSmtp, preset_host: Option<&str>) -> Result<Smtp, ConfigError> {
    let host = r.host.or(preset_host.map(String::from)).unwrap_or_default();
    let tls = parse_tls("smtp.tls", &r.tls)?;
    check_plain_is_loopback("smtp", tls, &host)?;
    let port = r.port.unwrap_or(match tls {
        TlsMode::Tls => 465,
        TlsMode::StartTls => 587,
        TlsMode::None => 25,
    });
    let secret = secret_source("smtp", r.password_env, r.password_command)?;
    let oauth2 = parse_auth("smtp.auth", r.auth.as_deref())?;
    let credentials = match (r.username, secret) {
        (_, Some(_)) if oauth2 => return Err(oauth2_with_password("smtp")),
        (Some(u), None) if oauth2 => Some((u, Login::OAuth2)),
        (None, None) if oauth2 => {
            return Err(invalid(
                "smtp.username",
                "auth = \"oauth2\" needs the account to log in as (usually the public address)",
            ));
        }
        (Some(u), Some(s)) => Some((u, Login::Password(s))),
        (None, None) => None,
        (Some(_), None) => {
            return Err(invalid(
                "smtp.password_env",
                "smtp.username is set but no password_env or password_command",
            ));
        }
        (None, Some(_)) => {
            return Err(invalid(
                "smtp.username",
                "a password is set but no username",
            ));
        }
    };
    let from = NamedAddress::parse(&r.from).map_err(|e| {
        invalid(
            "smtp.from",
            format!("{e}; use \"Name <address>\" or a bare address"),
        )
    })?;
    Ok(Smtp {
        host: non_empty("smtp.host", host)?,
        port,
        tls,
        credentials,
        from,
        ca_file: r.ca_file,
        timeout: parse_duration("smtp.timeout", &r.timeout)?,
    })
}

fn secret_source(
    table: &str,
    env: Option<String>,
    command: Option<String>,
) -> Result<Option<SecretSource>, ConfigError> {
    match (env, command) {
        (Some(_), Some(_)) => Err(invalid(
            format!("{table}.password_command"),
            "set either password_env or password_command, not both",
        )),
        (Some(v), None) if v.is_empty() => Err(invalid(
            format!("{table}.password_env"),
            "empty variable name",
        )),
        (Some(v), None) => Ok(Some(SecretSource::Env(v))),
        (None, Some(c)) if c.trim().is_empty() => Err(invalid(
            format!("{table}.password_command"),
            "empty command",
        )),
        (None, Some(c)) => Ok(Some(SecretSource::Command(c))),
        (None, None) => Ok(None),
    }
}

/// `auth`: true for "oauth2", false for "password" (the default).
fn parse_auth(key: &str, s: Option<&str>) -> Result<bool, ConfigError> {
    match s {
        None | Some("password") => Ok(false),
        Some("oauth2") => Ok(true),
        Some(other) => Err(invalid(
            key,
            format!("{other:?} is not one of \"password\", \"oauth2\""),
        )),
    }
}

fn oauth2_with_password(table: &str) -> ConfigError {
    invalid(
        format!("{table}.password_env"),
        "auth = \"oauth2\" takes no password: remove password_env/password_command (tokens come from [oauth2])",
    )
}

fn parse_tls(key: &str, s: &str) -> Result<TlsMode, ConfigError> {
    match s {
        "none" => Ok(TlsMode::None),
        "starttls" => Ok(TlsMode::StartTls),
        "tls" => Ok(TlsMode::Tls),
        other => Err(invalid(
            key,
            format!("{other:?} is not one of \"none\", \"starttls\", \"tls\""),
        )),
    }
}

/// A host on this machine: `localhost` or a loopback address.
pub fn is_loopback_host(host: &str) -> bool {
    host == "localhost"
        || host
            .parse::<std::net::IpAddr>()
            .map(|ip| ip.is_loopback())
            .unwrap_or(false)
}

/// Passwords in clear text may only travel on this machine.
fn check_plain_is_loopback(table: &str, tls: TlsMode, host: &str) -> Result<(), ConfigError> {
    if tls == TlsMode::None && !is_loopback_host(host) {
        return Err(invalid(
            format!("{table}.tls"),
            format!(
                "\"none\" is only allowed for a loopback host, not {host:?}; use \"starttls\" or \"tls\""
            ),
        ));
    }
    Ok(())
}

fn non_empty(key: &str, s: String) -> Result<String, ConfigError> {
    if s.trim().is_empty() {
        Err(invalid(key, "must not be empty"))
    } else {
        Ok(s)
    }
}

fn parse_address(key: &str, s: &str) -> Result<Address, ConfigError> {
    Address::parse(s).map_err(|e| invalid(key, format!("{s:?}: {e}")))
}

pub fn parse_duration(key: &str, s: &str) -> Result<Duration, ConfigError> {
    let d = humantime::parse_duration(s).map_err(|_| {
        invalid(
            key,
            format!("{s:?} is not a duration; use e.g. \"24h\", \"90m\" or \"2d\""),
        )
    })?;
    if d.is_zero() {
        return Err(invalid(key, "must be longer than zero"));
    }
    // Past this a deadline or a schedule cannot be a date on any calendar qmark counts on
    // (and `99999999999999d` would fail every complaint at opening, not here).
    if d > MAX_DURATION {
        return Err(invalid(
            key,
            format!("{s:?} is longer than ten years; use a shorter duration"),
        ));
    }
    Ok(d)
}

const MAX_DURATION: Duration = Duration::from_secs(3650 * 24 * 3600);

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
