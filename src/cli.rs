//! The command line: raw arguments parsed once into these types, then each command run against
//! the library. `main.rs` only sets up logging and maps errors to the exit code.

use std::io::{IsTerminal as _, Write as _};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use chrono::{DateTime, Utc};
use clap::{Args, Parser, Subcommand, ValueEnum};
use serde::Serialize;

use crate::app::App;
use crate::clock::Clock;
use crate::config::Config;
use crate::store::{CaseRow, EventRow, MessageInfo, OutboxRow};

#[derive(Debug, Parser)]
#[command(
    name = "qmark",
    version,
    about = "The question-mark inbox: every customer complaint forwarded, tracked, escalated and digested."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Args)]
pub struct ConfigArg {
    /// The config file. Accepted after a sub-action too (`cases list --config FILE`).
    #[arg(long, default_value = "qmark.toml", global = true)]
    pub config: PathBuf,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the daemon (IMAP IDLE/poll loop and scheduler), or one pass with --once.
    Run {
        #[command(flatten)]
        config: ConfigArg,
        /// Do everything that is due once, then exit.
        #[arg(long)]
        once: bool,
        /// Evaluate deadlines and schedules at this instant (RFC 3339), e.g. 2026-11-23T09:00:00Z.
        #[arg(long, value_parser = parse_now)]
        now: Option<DateTime<Utc>>,
    },
    /// Validate the config and reach the IMAP and SMTP servers.
    Check {
        #[command(flatten)]
        config: ConfigArg,
    },
    /// List or show cases.
    Cases {
        #[command(flatten)]
        config: ConfigArg,
        #[command(subcommand)]
        action: CasesAction,
    },
    /// Show how a message would be routed, and why.
    Classify {
        #[command(flatten)]
        config: ConfigArg,
        /// A message file (RFC 5322, .eml).
        file: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Measure routing on labelled mail: DIR/<route>/*.eml.
    Eval(EvalArgs),
    /// OAuth2 consent for Google Workspace / Microsoft 365: login, status, revoke.
    Auth {
        #[command(flatten)]
        config: ConfigArg,
        #[command(subcommand)]
        action: AuthAction,
    },
    /// A first install on a mailbox that already holds mail: store and classify every message
    /// since DATE, open their cases quietly and send each owner one summary.
    Backfill(BackfillArgs),
    /// Route the stored mail again with the current or a proposed config: what would move.
    /// Sends nothing and opens the database read-only.
    Replay(ReplayArgs),
    /// Cases, their events and timings since a date, as CSV or JSON Lines (docs/export.md).
    Export(ExportArgs),
    /// The database itself: `db copy` moves a whole installation to another database.
    Db {
        #[command(subcommand)]
        action: DbAction,
    },
    /// Render the executives' digest, or queue and send it now.
    Digest {
        #[command(flatten)]
        config: ConfigArg,
        /// Print the digest (the default).
        #[arg(long, conflicts_with = "send")]
        print: bool,
        /// Send the digest to its recipients now.
        #[arg(long)]
        send: bool,
        /// Print as HTML instead of text.
        #[arg(long, requires = "print")]
        html: bool,
        #[arg(long, value_parser = parse_now)]
        now: Option<DateTime<Utc>>,
    },
}

#[derive(Debug, Args)]
pub struct BackfillArgs {
    #[command(flatten)]
    config: ConfigArg,
    /// The first day to take (by arrival in the mailbox): 2026-09-01, or 30d ago.
    #[arg(long, value_parser = parse_since)]
    since: Since,
    /// Only this public address's inbox (default: every [[inbox]], each from its own cursor).
    #[arg(long)]
    inbox: Option<String>,
    /// The mailbox to read (default: each inbox's own, `inbox.mailbox`); with several inboxes,
    /// name the inbox too.
    #[arg(long)]
    mailbox: Option<String>,
}

#[derive(Debug, Args)]
pub struct EvalArgs {
    #[command(flatten)]
    pub config: ConfigArg,
    /// Labelled messages to test on (DIR/<route>/*.eml).
    pub dir: PathBuf,
    /// Train on this labelled folder instead of a split of DIR.
    #[arg(long, conflicts_with = "folds")]
    pub train: Option<PathBuf>,
    /// Cross-validate on DIR instead: K stratified folds, each tested on a model trained
    /// from the others (tune on this, keep a held-out folder for the final figure).
    #[arg(long, value_parser = clap::value_parser!(u32).range(2..=50))]
    pub folds: Option<u32>,
    /// A TSV manifest (path, split, route, urgent, language, summary, template) naming the
    /// urgent messages and, for --folds, the template each message was written from (a
    /// template's messages stay in one fold).
    #[arg(long)]
    pub urgent: Option<PathBuf>,
    /// Print a learning curve instead: accuracy after 0, 10, 25, 50 and 100% of each
    /// route's training mail, so an operator sees when the model starts to help.
    #[arg(long, conflicts_with = "folds")]
    pub curve: bool,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ReplayArgs {
    #[command(flatten)]
    config: ConfigArg,
    /// Cases opened since: 30d, 12h, 2026-11-01 or an RFC 3339 instant.
    #[arg(long, value_parser = parse_since)]
    since: Since,
    /// A proposed config to route with instead of --config (its database is not used).
    #[arg(long)]
    proposed: Option<PathBuf>,
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    #[command(flatten)]
    config: ConfigArg,
    /// Cases opened since: 2026-09-01, 30d, 12h or an RFC 3339 instant.
    #[arg(long, value_parser = parse_since)]
    since: Since,
    #[arg(long, value_enum)]
    format: ExportFormat,
    /// CSV only: one row per event of those cases instead of one per case.
    #[arg(long)]
    events: bool,
    /// Write to this file instead of stdout.
    #[arg(long)]
    out: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum CasesAction {
    List {
        #[arg(long, value_enum)]
        status: Option<StatusFilter>,
        #[arg(long)]
        json: bool,
        /// Judge `overdue` at this instant (RFC 3339) instead of now.
        #[arg(long, value_parser = parse_now)]
        now: Option<DateTime<Utc>>,
    },
    Show {
        id: i64,
        #[arg(long)]
        json: bool,
        /// Write the case's original message (its first, as received) to stdout, byte for
        /// byte: e.g. when it was too large to attach to the forward.
        #[arg(long, conflicts_with = "json")]
        raw: bool,
        /// Judge `overdue` at this instant (RFC 3339) instead of now.
        #[arg(long, value_parser = parse_now)]
        now: Option<DateTime<Utc>>,
    },
}

#[derive(Debug, Subcommand)]
pub enum DbAction {
    /// Copy a whole installation's history (cases, messages, events, outbox, model, cursors,
    /// the reply secret) to another database, e.g. from SQLite to PostgreSQL, keeping every
    /// id, then compare the row counts table by table. Stop `qmark run` on the source first.
    Copy(DbCopyArgs),
}

#[derive(Debug, Args)]
pub struct DbCopyArgs {
    /// The database to copy from, as `database.url` names it: sqlite:///var/lib/qmark/qmark.db
    /// or postgres://USER:PASSWORD@HOST/DB. Read only, never changed.
    #[arg(long, value_name = "URL")]
    from: String,
    /// The database to copy to; migrated first, and refused when it already holds data.
    #[arg(long, value_name = "URL")]
    to: String,
    /// Delete everything the target holds first (in the copy's transaction), instead of
    /// refusing a target that is not empty. Never merges.
    #[arg(long)]
    replace: bool,
}

#[derive(Debug, Subcommand)]
pub enum AuthAction {
    /// Consent once: a browser sign-in (authorization code + PKCE, loopback redirect), or
    /// --device for a code to type on another device; app-only clients just check in.
    Login {
        #[arg(long)]
        device: bool,
        /// The account to consent for (an inbox's address, or the username), when several
        /// accounts log in with their own OAuth2 clients.
        #[arg(long, value_name = "ADDRESS")]
        inbox: Option<String>,
    },
    /// What was granted, and any problem with it.
    Status {
        /// Only this account (an inbox's address, or the username).
        #[arg(long, value_name = "ADDRESS")]
        inbox: Option<String>,
    },
    /// Revoke the grant at the provider (where it can) and delete it from the database.
    Revoke {
        /// The account to revoke (an inbox's address, or the username), when there are several.
        #[arg(long, value_name = "ADDRESS")]
        inbox: Option<String>,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ExportFormat {
    Csv,
    Jsonl,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum StatusFilter {
    Open,
    Answered,
    Waiting,
    Closed,
    Overdue,
}

impl StatusFilter {
    fn as_str(self) -> &'static str {
        match self {
            StatusFilter::Open => "open",
            StatusFilter::Answered => "answered",
            StatusFilter::Waiting => "waiting",
            StatusFilter::Closed => "closed",
            StatusFilter::Overdue => "overdue",
        }
    }
}

/// A point in the past: an instant, a day (midnight UTC), or a span back from now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Since {
    At(DateTime<Utc>),
    Ago(chrono::Duration),
}

impl Since {
    pub fn resolve(self, now: DateTime<Utc>) -> DateTime<Utc> {
        match self {
            Since::At(t) => t,
            // `parse_since` caps a span at a century; a clock that far off still must not panic.
            Since::Ago(d) => now.checked_sub_signed(d).unwrap_or(now),
        }
    }
}

/// `30d`, `12h`, `2w` (whole units back from now), `2026-09-01`, or an RFC 3339 instant.
pub fn parse_since(s: &str) -> Result<Since, String> {
    let s = s.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Ok(Since::At(t.with_timezone(&Utc)));
    }
    if let Ok(d) = chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        return Ok(Since::At(d.and_time(chrono::NaiveTime::MIN).and_utc()));
    }
    let bad = || {
        format!(
            "{s:?} is not a date or a span back from now; write 2026-09-01, \
             2026-09-01T09:00:00Z, 30d, 12h or 2w"
        )
    };
    let split = s.find(|c: char| !c.is_ascii_digit()).ok_or_else(bad)?;
    let (number, unit) = s.split_at(split);
    let n: i64 = number.parse().map_err(|_| bad())?;
    let span = match unit {
        "m" | "min" => chrono::Duration::try_minutes(n),
        "h" => chrono::Duration::try_hours(n),
        "d" => chrono::Duration::try_days(n),
        "w" => chrono::Duration::try_weeks(n),
        _ => None,
    };
    // Mail is not older than email; a longer span (99999999999d) would overflow the clock.
    let century = chrono::Duration::days(36_525);
    match span {
        Some(d) if d > century => Err(format!(
            "{s:?} reaches back more than a hundred years; write a date such as 2026-09-01"
        )),
        Some(d) => Ok(Since::Ago(d)),
        None => Err(bad()),
    }
}

fn parse_now(s: &str) -> Result<DateTime<Utc>, String> {
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| format!("{s:?} is not an RFC 3339 instant such as 2026-11-23T09:00:00Z ({e})"))
}

/// `qmark classify FILE`: how the daemon would route this message, and why.
async fn classify(config: &Path, file: &Path, json: bool) -> Result<()> {
    let config = load(config)?;
    let raw = crate::files::read_capped(file, crate::files::MAX_MAIL_BYTES)
        .with_context(|| format!("cannot read {}", file.display()))?;
    // The learned model lives in the database; without one, rules alone.
    let model = match crate::store::Store::open(&config.database_url).await {
        Ok(store) => crate::routing::training::load(&store, &config, Clock::System.now())
            .await
            .map(|(m, _)| m)
            .ok(),
        Err(_) => None,
    };
    // The daemon's own reading of the bytes, so `classify` cannot disagree with it.
    let intake = crate::intake::intake(&config, model.as_ref(), &raw);
    let out = Classified::of(&intake);
    if json {
        println!("{}", serde_json::to_string_pretty(&out)?);
    } else {
        out.print();
    }
    Ok(())
}

/// What `qmark classify` says about one message.
#[derive(Serialize)]
struct Classified<'a> {
    route: Option<&'a str>,
    owner: Option<&'a str>,
    priority: &'static str,
    confidence: f64,
    reasons: Vec<String>,
    automatic: Option<&'static str>,
    subject: &'a str,
    from: Option<String>,
    /// What the customer wants and the sentence of their problem (null for automatic mail).
    wants: Option<&'static str>,
    problem: Option<&'a str>,
    /// Why the message could only be read in part, if it could.
    parse_note: Option<&'a str>,
}

impl<'a> Classified<'a> {
    fn of(i: &'a crate::intake::Intake) -> Classified<'a> {
        let decision = i.decision.as_ref();
        let reasons = match (decision, i.automatic) {
            (Some(d), _) => d.reasons.clone(),
            (None, Some(a)) => vec![format!(
                "automatic mail ({}): stored, never routed, never answered",
                a.as_str()
            )],
            (None, None) => Vec::new(),
        };
        Classified {
            route: decision.map(|d| d.route.as_str()),
            owner: decision.map(|d| d.owner.as_str()),
            priority: decision.map_or("normal", |d| d.priority.as_str()),
            confidence: decision.map_or(0.0, |d| d.confidence),
            reasons,
            automatic: i.automatic.map(|a| a.as_str()),
            subject: &i.mail.subject,
            from: i
                .mail
                .from
                .as_ref()
                .and_then(|f| f.address.as_ref())
                .map(|a| a.to_string()),
            wants: i.gist.as_ref().map(|g| g.wants.as_str()),
            problem: i.gist.as_ref().and_then(|g| g.problem.as_deref()),
            parse_note: i.mail.problem.as_deref(),
        }
    }

    fn print(&self) {
        if let Some(a) = self.automatic {
            println!("automatic:  {a} (stored, never routed, never answered)");
        }
        println!("route:      {}", self.route.unwrap_or("(none)"));
        println!("owner:      {}", self.owner.unwrap_or("(none)"));
        println!("priority:   {}", self.priority);
        println!("confidence: {:.2}", self.confidence);
        for r in &self.reasons {
            println!("reason:     {r}");
        }
        if let Some(w) = self.wants {
            println!("wants:      {w}");
        }
        if let Some(p) = self.problem {
            println!("problem:    {p}");
        }
    }
}

/// `qmark auth ACTION`: OAuth2 consent for the inbox and SMTP accounts.
async fn auth(config: &Config, action: AuthAction) -> Result<()> {
    match action {
        AuthAction::Login { device, inbox } => {
            crate::oauth::login::login(config, device, inbox.as_deref(), Clock::System.now()).await
        }
        AuthAction::Status { inbox } => crate::oauth::login::status(config, inbox.as_deref()).await,
        AuthAction::Revoke { inbox } => crate::oauth::login::revoke(config, inbox.as_deref()).await,
    }
}

fn clock(now: Option<DateTime<Utc>>) -> Clock {
    now.map_or(Clock::System, Clock::Fixed)
}

fn load(path: &Path) -> Result<Config> {
    Ok(Config::load(path)?)
}

/// The stable JSON shape of a case (documented in the README).
#[derive(Debug, Serialize)]
pub struct CaseJson {
    pub id: i64,
    pub status: String,
    pub route: String,
    pub owner: String,
    pub customer: String,
    pub customer_name: Option<String>,
    pub subject: String,
    pub priority: String,
    #[serde(serialize_with = "crate::store::ser_ts")]
    pub opened_at: DateTime<Utc>,
    #[serde(serialize_with = "crate::store::ser_ts")]
    pub deadline: DateTime<Utc>,
    pub overdue: bool,
    pub rung: i64,
    pub escalate_to: String,
    #[serde(serialize_with = "crate::store::ser_opt_ts")]
    pub first_answered_at: Option<DateTime<Utc>>,
    #[serde(serialize_with = "crate::store::ser_opt_ts")]
    pub answered_at: Option<DateTime<Utc>>,
    pub language: Option<String>,
    #[serde(serialize_with = "crate::store::ser_opt_ts")]
    pub waiting_until: Option<DateTime<Utc>>,
    pub wants: Option<String>,
    pub problem: Option<String>,
}

impl CaseJson {
    pub fn new(c: &CaseRow, now: DateTime<Utc>) -> CaseJson {
        CaseJson {
            id: c.id,
            status: c.status.to_string(),
            route: c.route.clone(),
            owner: c.owner.to_string(),
            customer: c.customer_text().to_string(),
            customer_name: c.customer_name.clone(),
            subject: c.subject.clone(),
            priority: c.priority.to_string(),
            opened_at: c.opened_at,
            deadline: c.deadline,
            overdue: c.is_open() && c.deadline <= now,
            rung: c.rung,
            escalate_to: c.escalate_to.clone(),
            first_answered_at: c.first_answered_at,
            answered_at: c.answered_at,
            language: c.language.clone(),
            waiting_until: c.waiting_until,
            wants: c.wants.clone(),
            problem: c.problem.clone(),
        }
    }
}

#[derive(Debug, Serialize)]
struct CaseDetail {
    #[serde(flatten)]
    case: CaseJson,
    history: Vec<EventRow>,
    messages: Vec<MessageInfo>,
    outbox: Vec<OutboxRow>,
}

pub async fn run(cli: Cli) -> Result<()> {
    match cli.command {
        Command::Run { config, once, now } => run_qmark(&config.config, once, now).await,
        Command::Check { config } => check(&config.config).await,
        Command::Replay(args) => replay(args).await,
        Command::Export(args) => export(args).await,
        Command::Backfill(args) => backfill(args).await,
        Command::Auth { config, action } => auth(&load(&config.config)?, action).await,
        Command::Cases { config, action } => cases(&config.config, action).await,
        Command::Classify { config, file, json } => classify(&config.config, &file, json).await,
        Command::Eval(args) => eval(args),
        Command::Db {
            action: DbAction::Copy(args),
        } => db_copy(args).await,
        Command::Digest {
            config,
            print: _,
            send,
            html,
            now,
        } => digest(&config.config, send, html, now).await,
    }
}

/// `qmark run`: the daemon, or one pass with `--once`.
async fn run_qmark(config_path: &Path, once: bool, now: Option<DateTime<Utc>>) -> Result<()> {
    let config = load(config_path)?;
    // One run per database, daemon or --once: two senders on one outbox would send
    // a forward twice. Held until this process exits (see runlock.rs).
    let mut status = None;
    let lock = if once {
        crate::runlock::acquire_any(&config.database_url).await?
    } else {
        // A daemon on PostgreSQL waits here as a standby while another leads (issue 15), and
        // answers its status server meanwhile. On SQLite a second daemon is refused by the
        // lock, before it could take the first one's port and say only that.
        let standby = crate::store::Backend::of_url(&config.database_url)
            == Some(crate::store::Backend::Postgres);
        if standby {
            status = status_server(&config).await?;
        }
        let waiting = status
            .as_ref()
            .map(|s: &crate::status_http::StatusServer| s.waiting().clone())
            .unwrap_or_default();
        let held =
            crate::runlock::lead(&config.database_url, &config.fingerprint, &waiting).await?;
        if !standby {
            status = status_server(&config).await?;
        }
        held
    };
    let app = App::open(config).await?;
    lock.fence(&app.store);
    refuse_unfinished_backfill(&app, config_path).await?;
    let clock = clock(now);
    if once {
        let outcome = crate::runner::run_once(&app, clock.now()).await?;
        println!("{}", serde_json::to_string(&outcome)?);
        Ok(())
    } else {
        if now.is_some() {
            bail!("--now only works with --once: the daemon runs on the real clock");
        }
        crate::service::daemon(config_path, app, clock, status).await
    }
}

/// The status server, when `[metrics]` asks for one.
async fn status_server(config: &Config) -> Result<Option<crate::status_http::StatusServer>> {
    match config.metrics {
        Some(m) => Ok(Some(
            crate::status_http::StatusServer::start(m.listen).await?,
        )),
        None => Ok(None),
    }
}

/// `qmark db copy`: both databases' run locks held for the whole copy, so no daemon writes to
/// either meanwhile; then each table's counts.
async fn db_copy(args: DbCopyArgs) -> Result<()> {
    use crate::store::connect::shown;
    let (from, to) = (args.from.as_str(), args.to.as_str());
    crate::store::copy::check_urls(from, to)?;
    let _source = crate::runlock::acquire_any(from).await.map_err(|e| {
        in_use(
            e,
            "the source (--from)",
            "stop it (`systemctl stop qmark`) and copy again",
        )
    })?;
    let _target = crate::runlock::acquire_any(to).await.map_err(|e| {
        in_use(
            e,
            "the target (--to)",
            "stop it, or copy to another database",
        )
    })?;
    let report = crate::store::copy::copy(from, to, args.replace).await?;
    println!(
        "{:<20} {:>12} {:>12}",
        "table", "source rows", "target rows"
    );
    for t in &report.tables {
        let mark = if t.source == t.target {
            ""
        } else {
            "  differs"
        };
        println!("{:<20} {:>12} {:>12}{mark}", t.table, t.source, t.target);
    }
    if !report.counts_agree() {
        bail!(
            "the row counts differ (marked above); {}",
            if report.committed {
                "the copy was committed: check the target before using it"
            } else {
                "nothing was committed, the target is as it was"
            }
        );
    }
    if !report.left_alone.is_empty() {
        println!("left alone, not qmark's: {}", report.left_alone.join(", "));
    }
    let rows: i64 = report.tables.iter().map(|t| t.source).sum();
    println!(
        "copied {rows} rows of {} tables from {} to {}; point `database.url` at the target \
         and start qmark",
        report.tables.len(),
        shown(from),
        shown(to)
    );
    Ok(())
}

/// A run lock held by someone else says what to do about it; any other error is reaching the
/// database at all, and says what it needs.
fn in_use(e: anyhow::Error, which: &str, todo: &str) -> anyhow::Error {
    if e.downcast_ref::<crate::runlock::Busy>().is_some() {
        anyhow::anyhow!("{which} is in use: {e}; {todo}")
    } else {
        e.context(format!(
            "cannot reach {which} (a PostgreSQL database must exist and its role own it: \
             CREATE DATABASE qmark OWNER qmark; a SQLite file's folder must exist)"
        ))
    }
}

/// A config whose SQLite file does not exist, for a command that only reads what `qmark run`
/// stored: a mistyped `[database] url` must not answer "no cases" from a new empty file.
fn existing(config: Config) -> Result<Config> {
    if let Some(path) = crate::dbfiles::database_file(&config.database_url)
        && !path.exists()
    {
        bail!(
            "there is no database at {} ([database] url in {}): `qmark run` creates it; is the \
             url the one your qmark run uses?",
            path.display(),
            config
                .path
                .as_deref()
                .map_or_else(|| "the config".into(), |p| p.display().to_string())
        );
    }
    Ok(config)
}

/// `qmark cases list|show`.
async fn cases(config: &Path, action: CasesAction) -> Result<()> {
    let app = App::open(existing(load(config)?)?).await?;
    match action {
        CasesAction::List { status, json, now } => {
            let now = clock(now).now();
            let rows = app
                .store
                .list_cases(status.map(StatusFilter::as_str), now)
                .await?;
            let cases: Vec<CaseJson> = rows.iter().map(|c| CaseJson::new(c, now)).collect();
            if json {
                println!("{}", serde_json::to_string_pretty(&cases)?);
            } else {
                print_list(&cases, &|t| {
                    crate::mail::when::for_operator(&app.config, t, now)
                });
            }
            Ok(())
        }
        CasesAction::Show { id, json, raw, now } => {
            let now = clock(now).now();
            let case =
                app.store.case(id).await?.with_context(|| {
                    format!("there is no case {id}; `qmark cases list` shows them")
                })?;
            if raw {
                let message = app
                    .store
                    .first_message_id(id)
                    .await?
                    .with_context(|| format!("case {id} has no stored message"))?;
                let bytes = app
                    .store
                    .message_raw(message)
                    .await?
                    .with_context(|| format!("case {id} has no stored message"))?;
                let mut out = std::io::stdout().lock();
                out.write_all(&bytes)
                    .and_then(|()| out.flush())
                    .context("writing the original message to stdout")?;
                return Ok(());
            }
            let detail = CaseDetail {
                case: CaseJson::new(&case, now),
                history: app.store.events(id).await?,
                messages: app.store.case_messages(id).await?,
                outbox: app.store.case_outbox(id).await?,
            };
            if json {
                println!("{}", serde_json::to_string_pretty(&detail)?);
            } else {
                print_case(&detail, &|t| {
                    crate::mail::when::for_operator(&app.config, t, now)
                });
            }
            Ok(())
        }
    }
}

/// An eval manifest's rows as (file bytes, urgent, template), matched to messages by bytes.
fn read_manifest(manifest: Option<&Path>) -> Result<Vec<(Vec<u8>, bool, String)>> {
    let Some(manifest) = manifest else {
        return Ok(Vec::new());
    };
    let text = std::fs::read_to_string(manifest)
        .with_context(|| format!("cannot read {}", manifest.display()))?;
    let base = manifest.parent().unwrap_or(Path::new("."));
    Ok(text
        .lines()
        .filter_map(|l| {
            let cols: Vec<&str> = l.split('\t').collect();
            let raw = std::fs::read(base.join(cols.first()?)).ok()?;
            let group = cols.get(6).copied().unwrap_or_default().to_string();
            Some((raw, cols.get(3) == Some(&"1"), group))
        })
        .collect())
}

/// `qmark eval`: routing quality on labelled mail (a split, folds, or a learning curve).
fn eval(args: EvalArgs) -> Result<()> {
    let EvalArgs {
        config,
        dir,
        train,
        folds,
        urgent,
        curve,
        json,
    } = args;
    let config = load(&config.config)?;
    let all = labelled_routes(&config, &dir)?;
    let manifest_rows = read_manifest(urgent.as_deref())?;
    let urgent_raw: Vec<&Vec<u8>> = manifest_rows
        .iter()
        .filter(|(_, u, _)| *u)
        .map(|(raw, _, _)| raw)
        .collect();
    if all.is_empty() {
        bail!(
            "no labelled messages in {}: expected DIR/<route>/*.eml",
            dir.display()
        );
    }
    if let Some(k) = folds {
        let flags: Vec<bool> = all
            .iter()
            .map(|(_, raw)| urgent_raw.contains(&raw))
            .collect();
        let groups: Vec<String> = all
            .iter()
            .map(|(_, raw)| {
                manifest_rows
                    .iter()
                    .find(|(r, _, _)| r == raw)
                    .map(|(_, _, g)| g.clone())
                    .unwrap_or_default()
            })
            .collect();
        let e =
            crate::routing::training::cross_validate(&config, &all, &flags, &groups, k as usize);
        print_evaluation(&e, json, Some(k))?;
        return Ok(());
    }
    let (train_set, test_set) = match train {
        Some(t) => (labelled_routes(&config, &t)?, all),
        None => every_fourth_held_out(all),
    };
    if test_set.is_empty() {
        bail!(
            "too few labelled messages in {} to hold out every fourth; give --train",
            dir.display()
        );
    }
    let urgent_idx: Vec<usize> = test_set
        .iter()
        .enumerate()
        .filter(|(_, (_, raw))| urgent_raw.contains(&raw))
        .map(|(i, _)| i)
        .collect();
    if curve {
        return print_curve(&config, &train_set, &test_set, &urgent_idx, json);
    }
    let e = crate::routing::training::evaluate(&config, &train_set, &test_set, &urgent_idx);
    print_evaluation(&e, json, None)?;
    Ok(())
}

/// The labelled messages under `dir` (DIR/<route>/*.eml). A label folder that names no route
/// is a typo, not a routing error to score.
fn labelled_routes(config: &Config, dir: &Path) -> Result<Vec<(String, Vec<u8>)>> {
    let all = crate::routing::training::labelled(dir)?;
    let known = |r: &str| r == config.triage.name || config.route(r).is_some();
    if let Some((r, _)) = all.iter().find(|(r, _)| !known(r)) {
        bail!(
            "{}/{r}: no route is named {r:?}; label folders must be route names (or triage)",
            dir.display()
        );
    }
    Ok(all)
}

/// Train on three of every four labelled messages of each route, test on the fourth.
fn every_fourth_held_out<T>(all: Vec<T>) -> (Vec<T>, Vec<T>) {
    let mut train = Vec::new();
    let mut test = Vec::new();
    for (i, x) in all.into_iter().enumerate() {
        if i % 4 == 3 {
            test.push(x);
        } else {
            train.push(x);
        }
    }
    (train, test)
}

/// `qmark digest`: print it, or queue and send it now.
async fn digest(config: &Path, send: bool, html: bool, now: Option<DateTime<Utc>>) -> Result<()> {
    let app = App::open(existing(load(config)?)?).await?;
    let now = clock(now).now();
    if send {
        // It drains the outbox too: not while a `qmark run` does (see runlock.rs).
        let lock = crate::runlock::acquire_any(&app.config.database_url).await?;
        lock.fence(&app.store);
        let queued = crate::digest::queue(&app, now, now).await?;
        let sent = crate::outbox::send_once(&app, now).await?;
        println!(
            "digest queued for {queued} recipient(s); outbox: {} sent, {} retrying, {} failed",
            sent.sent, sent.retried, sent.failed
        );
    } else {
        let (_, text, html_text) = crate::digest::render(&app, now).await?;
        print!("{}", if html { html_text } else { text });
    }
    Ok(())
}

/// The daemon must not start over an unfinished backfill: the cursor may not be past the
/// older mail yet (see backfill.rs).
async fn refuse_unfinished_backfill(app: &App, config: &Path) -> Result<()> {
    if let Some(args) = crate::backfill::unfinished(app).await? {
        bail!(
            "a backfill was interrupted and has not finished; finish it before starting qmark: qmark backfill --config {} {args}",
            shell_quoted(config)
        );
    }
    Ok(())
}

/// `qmark backfill`: see backfill.rs.
async fn backfill(args: BackfillArgs) -> Result<()> {
    let loaded = load(&args.config.config)?;
    // It stores, processes and sends: not beside a `qmark run` (see runlock.rs).
    let lock = crate::runlock::acquire_any(&loaded.database_url).await?;
    let app = App::open(loaded).await?;
    lock.fence(&app.store);
    let clock = Clock::System;
    let day = args.since.resolve(clock.now()).date_naive();
    let mut progress = crate::backfill::Progress::new(std::io::stderr().is_terminal());
    let pick = crate::backfill::Pick {
        inbox: args.inbox.as_deref(),
        mailbox: args.mailbox.as_deref(),
    };
    let outcome = crate::backfill::backfill(&app, clock, day, pick, &mut progress).await?;
    println!("{}", serde_json::to_string(&outcome)?);
    Ok(())
}

/// `qmark replay`: read-only, sends nothing (see replay.rs).
async fn replay(args: ReplayArgs) -> Result<()> {
    let current = load(&args.config.config)?;
    let proposed = args.proposed.as_deref().map(load).transpose()?;
    let current = existing(current)?;
    let store = crate::store::Store::open_read_only(&current.database_url).await?;
    let since = args.since.resolve(Clock::System.now());
    let report =
        crate::replay::replay(&store, proposed.as_ref().unwrap_or(&current), since).await?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        print!("{}", crate::replay::text(&report));
    }
    Ok(())
}

/// The text of `cases list`; `local` shows a stored time to the operator.
fn print_list(cases: &[CaseJson], local: &dyn Fn(DateTime<Utc>) -> String) {
    if cases.is_empty() {
        println!("no cases");
        return;
    }
    println!(
        "{:>5}  {:<9} {:<10} {:<28} {:<30} SUBJECT",
        "ID", "STATUS", "ROUTE", "OWNER", "DEADLINE"
    );
    for c in cases {
        let status = if c.overdue {
            "overdue"
        } else {
            c.status.as_str()
        };
        println!(
            "{:>5}  {:<9} {:<10} {:<28} {:<30} {}",
            c.id,
            status,
            c.route,
            c.owner,
            // A paused case's deadline is the old one; when it comes back is what counts.
            match &c.waiting_until {
                Some(w) if c.status == "waiting" => format!("back {}", local(*w)),
                _ => local(c.deadline),
            },
            c.subject
        );
    }
}

/// `local` shows a stored time to the operator (`when::for_operator`); `--json` keeps UTC.
fn print_case(d: &CaseDetail, local: &dyn Fn(DateTime<Utc>) -> String) {
    let c = &d.case;
    println!("Case #{} — {}", c.id, c.subject);
    println!(
        "  status:    {}{}",
        c.status,
        if c.overdue { " (overdue)" } else { "" }
    );
    if let Some(w) = &c.wants {
        println!("  wants:     {w}");
    }
    if let Some(p) = &c.problem {
        println!("  problem:   {p}");
    }
    println!("  route:     {} (priority {})", c.route, c.priority);
    println!("  owner:     {}", c.owner);
    println!(
        "  customer:  {}{}",
        c.customer,
        c.customer_name
            .as_ref()
            .map(|n| format!(" ({n})"))
            .unwrap_or_default()
    );
    println!("  opened:    {}", local(c.opened_at));
    println!("  deadline:  {}", local(c.deadline));
    println!("  rung:      {} (escalates to {})", c.rung, c.escalate_to);
    if let Some(a) = &c.first_answered_at {
        println!("  answered:  {}", local(*a));
    }
    if let Some(w) = &c.waiting_until {
        println!("  waiting:   until {}", local(*w));
    }
    println!("Messages:");
    for m in &d.messages {
        println!(
            "  #{} {:<13} from {}{}",
            m.id,
            m.kind.as_deref().unwrap_or("(unprocessed)"),
            m.sender.as_deref().unwrap_or("?"),
            m.matched_by
                .as_ref()
                .map(|h| format!(" — matched by {h}"))
                .unwrap_or_default()
        );
    }
    println!("History:");
    for e in &d.history {
        println!(
            "  {}  {:<18} {}{}",
            local(e.at),
            e.kind,
            e.actor
                .as_ref()
                .map(|a| format!("[{a}] "))
                .unwrap_or_default(),
            e.detail
        );
    }
    println!("Outgoing mail:");
    for o in &d.outbox {
        println!(
            "  #{} {:<12} {:<8} to {} (attempts {}){}",
            o.id,
            o.purpose,
            o.status,
            o.recipients,
            o.attempts,
            o.last_error
                .as_ref()
                .map(|e| format!(" — {e}"))
                .unwrap_or_default()
        );
    }
}

/// `qmark export`: read-only, to stdout or a file.
async fn export(args: ExportArgs) -> Result<()> {
    let config = existing(load(&args.config.config)?)?;
    let format = match args.format {
        ExportFormat::Csv => crate::export::Format::Csv,
        ExportFormat::Jsonl => crate::export::Format::Jsonl,
    };
    let table = match (args.events, format) {
        (false, _) => crate::export::Table::Cases,
        (true, crate::export::Format::Csv) => crate::export::Table::Events,
        (true, crate::export::Format::Jsonl) => {
            bail!("--events is for --format csv; JSON Lines already carries each case's events")
        }
    };
    let store = crate::store::Store::open_read_only(&config.database_url).await?;
    let now = Clock::System.now();
    let mut sink: Box<dyn std::io::Write> = match args.out.as_deref() {
        // Customers' mail: readable by the operator only, like the database.
        Some(path) => Box::new(std::io::BufWriter::new(
            std::os::unix::fs::OpenOptionsExt::mode(
                std::fs::OpenOptions::new()
                    .write(true)
                    .create(true)
                    .truncate(true),
                0o600,
            )
            .open(path)
            .with_context(|| format!("cannot create {}", path.display()))?,
        )),
        None => Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
    };
    let since = args.since.resolve(now);
    crate::export::export(&store, since, now, format, table, &mut sink).await?;
    Ok(())
}

async fn check(path: &Path) -> Result<()> {
    let config = load(path)?;
    println!(
        "config:   {} is valid ({} routes + triage)",
        path.display(),
        config.routes.len()
    );
    for warning in authentication_warnings(&config) {
        println!("warning:  {warning}");
    }
    let templates = crate::mail::render::Templates::load(config.templates_dir.as_deref())?;
    drop(templates);
    println!("templates: ok");
    let store = crate::store::Store::open(&config.database_url).await?;
    let (pending, sent, failed) = store.outbox_counts().await?;
    println!(
        "database: {} ok ({}; outbox: {pending} pending, {sent} sent, {failed} failed)",
        crate::store::connect::shown(&config.database_url),
        store.backend().name()
    );
    let run_lines = leader_line(&config, &store).await?;
    let stale_leader = run_lines
        .lines()
        .filter(|l| l.starts_with("problem:"))
        .count();
    println!("{run_lines}");
    // After opening: the store has just made the side files private, so what is left is the
    // operator's to decide.
    for warning in database_file_warnings(&config.database_url) {
        println!("warning:  {warning}");
    }
    let tokens = crate::oauth::Tokens::new(store.clone(), &config);
    // Every inbox and the SMTP server are checked even after one fails, each problem on a
    // line of its own, so one run shows everything there is to fix (issue 13).
    let mut problems = stale_leader;
    let mut refused = Vec::new();
    for line in crate::oauth::consent::check_lines(&store, &config, false).await? {
        if line.starts_with("problem:") {
            problems += 1;
            refused.push(line.clone());
        }
        println!("{line}");
    }
    problems += check_servers(&config, &tokens, &refused).await;
    for line in check_webhooks(&config, &store).await? {
        problems += usize::from(line.starts_with("problem:"));
        println!("{line}");
    }
    if problems > 0 {
        anyhow::bail!("{problems} problem(s), each on a line starting with \"problem:\" above");
    }
    Ok(())
}

/// `qmark check`'s line on who runs this database: the SQLite file's run lock, or
/// PostgreSQL's leader, its heartbeat and the standbys waiting (issue 15).
async fn leader_line(config: &Config, store: &crate::store::Store) -> Result<String> {
    let url = config.database_url.as_str();
    let Some(leader) = store.leader().await? else {
        return Ok(match crate::runlock::holder(url) {
            Some(pid) if pid.is_empty() => "run:      a qmark run holds the run lock".into(),
            Some(pid) => format!("run:      qmark run pid {pid} holds the run lock"),
            None => "run:      no qmark run is running".into(),
        });
    };
    let history = match (&leader.last_reason, leader.takeovers) {
        (Some(reason), n) if n > 0 => format!("; {n} takeover(s), the last: {reason}"),
        _ => String::new(),
    };
    let differs = leader.config_differences(&config.fingerprint);
    // Not a problem line: changing a fleet's config one process at a time passes through it.
    let config_note = if differs.is_empty() {
        String::new()
    } else {
        format!(
            "; this config differs from the leader's in {}",
            differs.join(", ")
        )
    };
    let stale = crate::store::leader::STALE_AFTER;
    Ok(if leader.held && leader.heartbeat_age > stale {
        // Frozen or cut off: a standby ends it after `STALE_AFTER`; one still holding the lock
        // past that means nobody is taking over, so nobody reads or sends mail.
        format!(
            "run:      leader {} since {} (heartbeat {:.0} s ago{history}); {} standby(s) waiting{config_note}\n\
             problem:  the leader's heartbeat is {:.0} s old (more than {stale:.0} s): it is frozen or cut off from the database and does no work; {}",
            leader.holder,
            leader.since,
            leader.heartbeat_age,
            leader.standbys,
            leader.heartbeat_age,
            if leader.standbys > 0 {
                "a standby is about to end it and take over"
            } else {
                "no standby is waiting to take over: resume or restart it (systemctl restart qmark)"
            }
        )
    } else if leader.held {
        format!(
            "run:      leader {} since {} (heartbeat {:.0} s ago{history}); {} standby(s) waiting{config_note}",
            leader.holder, leader.since, leader.heartbeat_age, leader.standbys
        )
    } else {
        format!(
            "run:      no leader now (the last was {}, heartbeat {:.0} s ago{history}); {} standby(s) waiting",
            leader.holder, leader.heartbeat_age, leader.standbys
        )
    })
}

/// `qmark check`'s line for every inbox's IMAP and every SMTP account, each reached for real;
/// returns how many were problems.
async fn check_servers(
    config: &Config,
    tokens: &crate::oauth::Tokens,
    refused: &[String],
) -> usize {
    let mut problems = 0;
    // A refused grant already has its line: its connection failing for it says nothing new.
    let said = |user: &str, e: &anyhow::Error| {
        e.chain().any(|c| c.is::<crate::oauth::TokenError>())
            && refused.iter().any(|l| l.contains(&user.to_lowercase()))
    };
    for inbox in &config.inboxes {
        match check_inbox(inbox, tokens).await {
            Ok(line) => println!("{line}"),
            Err(e) if said(&inbox.username, &e) => {}
            Err(e) => {
                problems += 1;
                println!(
                    "problem:  imap {} {}: {}",
                    inbox.key,
                    inbox.address,
                    one_line(&e)
                );
            }
        }
    }
    for (key, smtp) in config.smtp_accounts() {
        let user = smtp.credentials.as_ref().map(|(u, _)| u.as_str());
        match check_smtp(config, smtp, tokens).await {
            Ok(lines) => lines.iter().for_each(|l| println!("{l}")),
            Err(e) if user.is_some_and(|u| said(u, &e)) => {}
            Err(e) => {
                problems += 1;
                println!(
                    "problem:  {key} {}:{}{}: {}",
                    smtp.host,
                    smtp.port,
                    user.map(|u| format!(" as {u}")).unwrap_or_default(),
                    one_line(&e)
                );
            }
        }
    }
    problems
}

/// Each `[[webhooks]]`: its URL (valid, or the config would not have loaded), its events and
/// whether its secret can be read. Nothing is POSTed: a test event would reach a channel that
/// people read as real, and the delivery counts say whether the receiver takes them.
async fn check_webhooks(config: &Config, store: &crate::store::Store) -> Result<Vec<String>> {
    if config.webhooks.is_empty() {
        return Ok(Vec::new());
    }
    let (pending, delivered, failed) = store.webhook_counts().await?;
    let mut lines = Vec::new();
    for hook in &config.webhooks {
        let events: Vec<&str> = hook.events.iter().map(|e| e.as_str()).collect();
        match hook.secret.resolve(&format!("{}.secret", hook.key)) {
            Ok(_) => lines.push(format!(
                "webhook:  {} {} ok (events: {}; secret readable; not contacted)",
                hook.key,
                hook.shown(),
                events.join(", ")
            )),
            Err(e) => lines.push(format!(
                "problem:  webhook {} {}: {e}",
                hook.key,
                hook.shown()
            )),
        }
    }
    lines.push(format!(
        "webhooks: {pending} pending, {delivered} delivered, {failed} given up"
    ));
    Ok(lines)
}

/// An error and its causes on one line.
fn one_line(e: &anyhow::Error) -> String {
    format!("{e:#}").replace(['\r', '\n'], " ")
}

/// Log in to one inbox and select its mailbox: the line saying so, or why not.
async fn check_inbox(
    inbox: &crate::config::Inbox,
    tokens: &crate::oauth::Tokens,
) -> Result<String> {
    let mut session = crate::ingest::connect_as(inbox, tokens).await?;
    let idle = crate::ingest::prepare(&mut session, inbox).await?;
    let mailbox = session
        .select(&inbox.mailbox)
        .await
        .with_context(|| format!("cannot select {:?}", inbox.mailbox))?;
    crate::ingest::logout(session).await;
    Ok(format!(
        "imap:     {} {}:{} ok, logged in as {}, {} holds {} messages, IDLE {}",
        inbox.address,
        inbox.host,
        inbox.port,
        inbox.username,
        inbox.mailbox,
        mailbox.exists,
        if idle {
            "supported"
        } else {
            "not supported (polling)"
        }
    ))
}

/// Log in to the SMTP server (and see that it takes the journal address): the lines saying
/// so, or why not.
async fn check_smtp(
    config: &crate::config::Config,
    account: &crate::config::Smtp,
    tokens: &crate::oauth::Tokens,
) -> Result<Vec<String>> {
    let mut smtp = crate::outbox::connect_as(account, tokens)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let mut lines = vec![format!(
        "smtp:     {}:{} ok{}",
        account.host,
        account.port,
        match &account.credentials {
            Some((user, _)) =>
                format!(", logged in as {user}, sends From {}", account.from.address),
            None => String::new(),
        }
    )];
    if let Some(journal) = crate::journal::address_for(config) {
        let accepted = crate::outbox::accepts(&mut smtp, &account.from.address, &journal).await;
        let _ = smtp.quit().await;
        accepted.map_err(|e| {
            anyhow::anyhow!(
                "journal: the SMTP server refuses {journal} ({e}); make plus-addresses reach the public mailbox, or set [outbox] journal = false"
            )
        })?;
        lines.push(format!("journal:  {journal} accepted by the SMTP server"));
    } else {
        let _ = smtp.quit().await;
    }
    Ok(lines)
}

/// Issue 11: who can prove an executive's From line. Off this machine, anyone can write any
/// From line; only the receiving server's Authentication-Results can tell, and only when qmark
/// knows which server's results to trust. Warnings, not errors: the install still works.
fn authentication_warnings(config: &Config) -> Vec<String> {
    if config.trusted_authserv_id.is_some() || crate::config::is_loopback_host(&config.inbox.host) {
        return Vec::new();
    }
    vec![format!(
        "inbox.host {:?} is not this machine and [security] trusted_authserv_id is not set: \
         qmark cannot check that mail from an executive really comes from them, so an \
         executive's manual routing (a forward starting with `? owner`) cannot be verified and \
         goes to triage; set trusted_authserv_id to the authserv-id your receiving server \
         writes in Authentication-Results",
        config.inbox.host
    )]
}

/// Issue 11: the database holds the reply secret (anyone who reads it can mint reply tokens)
/// and every customer's mail, so group and others must not read it.
fn database_file_warnings(database_url: &str) -> Vec<String> {
    let Some(db) = crate::dbfiles::database_file(database_url) else {
        return Vec::new();
    };
    let [wal, shm] = crate::dbfiles::side_files(&db);
    [db, wal, shm]
        .into_iter()
        .filter_map(|file| {
            let mode = crate::dbfiles::too_open(&file)?;
            Some(format!(
                "{} is readable or writable by group or others (mode {mode:03o}); it holds the \
                 reply secret and every customer's mail; fix it with: chmod 600 {}",
                file.display(),
                shell_quoted(&file)
            ))
        })
        .collect()
}

/// A path as one shell word, so the printed chmod command can be pasted as it is.
fn shell_quoted(path: &Path) -> String {
    crate::config::oauth::shell_word(&path.to_string_lossy())
}

/// The learning curve: the first 0, 10, 25, 50 and 100% of each route's training mail.
fn print_curve(
    config: &crate::config::Config,
    train: &[(String, Vec<u8>)],
    test: &[(String, Vec<u8>)],
    urgent: &[usize],
    json: bool,
) -> Result<()> {
    let mut points = Vec::new();
    for percent in [0usize, 10, 25, 50, 100] {
        let mut taken: Vec<(String, Vec<u8>)> = Vec::new();
        let mut routes: Vec<&str> = train.iter().map(|(r, _)| r.as_str()).collect();
        routes.sort_unstable();
        routes.dedup();
        for route in routes {
            let of: Vec<&(String, Vec<u8>)> = train.iter().filter(|(r, _)| r == route).collect();
            let n = (of.len() * percent).div_ceil(100);
            taken.extend(of.into_iter().take(n).cloned());
        }
        let e = crate::routing::training::evaluate(config, &taken, test, urgent);
        points.push((percent, e));
    }
    if json {
        let out: Vec<serde_json::Value> = points
            .iter()
            .map(|(p, e)| serde_json::json!({"percent": p, "evaluation": e}))
            .collect();
        println!("{}", serde_json::to_string_pretty(&out)?);
        return Ok(());
    }
    println!(
        "{:>6} {:>7} {:>9} {:>7} {:>7} {:>7} {:>10} {:>12}",
        "train%", "trained", "accuracy", "rules", "model", "weight", "to triage", "wrong owner"
    );
    for (p, e) in &points {
        println!(
            "{:>5}% {:>7} {:>8.1}% {:>6.1}% {:>6.1}% {:>7.2} {:>10} {:>12}",
            p,
            e.train,
            e.accuracy * 100.0,
            e.rules_only_accuracy * 100.0,
            e.model_only_accuracy * 100.0,
            e.model_weight,
            e.to_triage,
            e.wrong_owner
        );
    }
    Ok(())
}

fn print_evaluation(
    e: &crate::routing::training::Evaluation,
    json: bool,
    folds: Option<u32>,
) -> Result<()> {
    if json {
        println!("{}", serde_json::to_string_pretty(e)?);
        return Ok(());
    }
    match folds {
        Some(k) => println!(
            "{k}-fold cross-validation over {} messages (~{} trained per fold)",
            e.test, e.train
        ),
        None => println!("trained on {} messages, tested on {}", e.train, e.test),
    }
    println!(
        "accuracy: {:.1}% (rules alone: {:.1}%, model alone: {:.1}%)",
        e.accuracy * 100.0,
        e.rules_only_accuracy * 100.0,
        e.model_only_accuracy * 100.0
    );
    println!(
        "wrong: {} sent to triage, {} sent to a wrong owner",
        e.to_triage, e.wrong_owner
    );
    if e.urgent > 0 {
        println!(
            "urgent messages: {}, missed: {}; non-urgent marked urgent: {}",
            e.urgent, e.urgent_missed, e.false_urgent
        );
    }
    println!(
        "{:<12} {:>7} {:>9} {:>7}",
        "route", "support", "precision", "recall"
    );
    for r in &e.routes {
        println!(
            "{:<12} {:>7} {:>8.1}% {:>6.1}%",
            r.route,
            r.support,
            r.precision * 100.0,
            r.recall * 100.0
        );
    }
    println!("confusion (rows: expected, columns: predicted):");
    print!("{:<12}", "");
    for l in &e.labels {
        print!(" {:>9}", l.chars().take(9).collect::<String>());
    }
    println!();
    for (l, row) in e.labels.iter().zip(&e.confusion) {
        print!("{:<12}", l);
        for c in row {
            print!(" {c:>9}");
        }
        println!();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn config(host: &str, trusted: Option<&str>) -> Config {
        let mut c = Config::parse(&format!(
            r#"
[inbox]
address = "ceo@shop.example"
host = "{host}"
username = "ceo@shop.example"
password_env = "QMARK_TEST_PW"

[smtp]
host = "{host}"
from = "ceo@shop.example"

[executives]
addresses = ["founder@shop.example"]

[triage]
owner = "triage@shop.example"
deadline = "24h"
escalate_to = "coo@shop.example"
"#
        ))
        .expect("valid config");
        c.trusted_authserv_id = trusted.map(str::to_string);
        c
    }

    #[test]
    fn since_takes_a_date_an_instant_or_a_span_back_from_now() {
        let now = DateTime::parse_from_rfc3339("2026-12-02T12:00:00Z")
            .expect("instant")
            .with_timezone(&Utc);
        let at = |s: &str| parse_since(s).map(|x| x.resolve(now).to_rfc3339());
        assert_eq!(at("30d"), Ok("2026-11-02T12:00:00+00:00".into()));
        assert_eq!(at("12h"), Ok("2026-12-02T00:00:00+00:00".into()));
        assert_eq!(at("2w"), Ok("2026-11-18T12:00:00+00:00".into()));
        assert_eq!(at("2026-09-01"), Ok("2026-09-01T00:00:00+00:00".into()));
        assert_eq!(
            at("2026-09-01T09:30:00+02:00"),
            Ok("2026-09-01T07:30:00+00:00".into())
        );
        for bad in [
            "",
            "d",
            "30",
            "30 days",
            "-3d",
            "2026-13-01",
            "99999999999999999999d",
        ] {
            let e = parse_since(bad).expect_err(bad);
            assert!(e.contains("30d"), "{bad}: {e}");
        }
        // Within i64 but past the clock: refused in one line, not a panic at `now - span`.
        for far in ["99999999999d", "99999999999h", "9999999w", "36526d"] {
            let e = parse_since(far).expect_err(far);
            assert!(e.contains("hundred years"), "{far}: {e}");
        }
        assert!(parse_since("36525d").is_ok());
    }

    #[test]
    fn a_remote_inbox_without_a_trusted_authserv_id_is_warned_about() {
        let w = authentication_warnings(&config("imap.shop.example", None));
        assert_eq!(w.len(), 1, "{w:?}");
        assert!(
            w[0].contains("trusted_authserv_id") && w[0].contains("triage"),
            "{w:?}"
        );
        assert!(
            authentication_warnings(&config("imap.shop.example", Some("mx.shop.example")))
                .is_empty()
        );
        assert!(authentication_warnings(&config("127.0.0.1", None)).is_empty());
        assert!(authentication_warnings(&config("localhost", None)).is_empty());
    }

    #[test]
    fn a_database_others_can_read_is_warned_about_with_the_fix() {
        let dir = tempfile::tempdir().expect("tempdir");
        let db = dir.path().join("it's q.db");
        std::fs::write(&db, b"").expect("write");
        let url = format!("sqlite://{}", db.display());
        std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o600)).expect("chmod");
        assert!(database_file_warnings(&url).is_empty());
        std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o644)).expect("chmod");
        let w = database_file_warnings(&url);
        assert_eq!(w.len(), 1, "{w:?}");
        let quoted = format!("'{}/it'\\''s q.db'", dir.path().display());
        assert!(w[0].contains("mode 644"), "{w:?}");
        assert!(w[0].ends_with(&format!("chmod 600 {quoted}")), "{w:?}");
    }
}
