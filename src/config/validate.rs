//! From the TOML shape to the typed `Config`: every value checked, every error naming its key
//! and what would be valid.

use std::collections::{BTreeMap, HashSet};
use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use super::raw::*;
use super::*;
use crate::mail::address::{Address, NamedAddress};

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

pub(super) fn validate(raw: RawConfig, base: &Path) -> Result<Config, ConfigError> {
    let oauth2 = crate::config::oauth::validate(raw.oauth2, wants_oauth2(&raw.inbox, &raw.smtp))?;
    let provider = oauth2.as_ref().and_then(|o| o.provider);
    let smtp = validate_smtp(raw.smtp, provider.map(|p| p.smtp_host()))?;
    let (inbox, inboxes) = validate_inboxes(raw.inbox.keyed(), &raw.routes, provider, &smtp)?;
    let (calendars, people_calendars) = validate_calendars(&raw.calendars, base)?;
    let known = KnownCalendars(&raw.calendars);
    let default_calendar = known.check("time.calendar".into(), raw.time.calendar.clone())?;
    let reminders = validate_reminders(&raw.time.reminders)?;
    let executives = addresses("executives.addresses", &raw.executives.addresses)?;
    let taxonomy = load_taxonomy(raw.routing.intents_file.as_deref(), base)?;
    if !(0.0..=1.0).contains(&raw.routing.threshold) {
        return Err(invalid("routing.threshold", "must be between 0 and 1"));
    }
    let defaults = RouteDefaults {
        taxonomy: &taxonomy,
        known: &known,
        threshold: raw.routing.threshold,
        acknowledge: raw.acknowledgment.enabled,
    };
    let takes_intents = raw.routes.iter().any(|r| !r.intents.is_empty());
    let min_points = default_min_points();
    let routes = validate_routes(raw.routes, &defaults)?;
    let triage = validate_triage(raw.triage, &defaults)?;
    let digest = raw
        .digest
        .map(|d| validate_digest(d, &executives))
        .transpose()?;
    check_database_url(&raw.database.url)?;
    let (secret, trusted_authserv_id) = validate_security(raw.security)?;
    let limits = validate_limits(&raw.limits)?;
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
        routing: validate_routing(raw.routing, &taxonomy, min_points)?,
        calendars,
        default_calendar,
        people_calendars,
        reminders,
        oauth2,
        path: None,
        metrics: None,
        webhooks: Vec::new(),
        fingerprint: Default::default(),
        company: crate::authority::Company::default(),
        keyword_index: crate::routing::text::KeywordIndex::default(),
        phrase_model: None,
    };
    no_public_address_acts(&config)?;
    config.company = company(raw_company, &config)?;
    config.keyword_index = keyword_index(&config);
    // Only with the taxonomy: an admin's eight keywords a route are too few words to model,
    // and a keyword-only config keeps its exact rules.
    if takes_intents {
        config.phrase_model = Some(std::sync::Arc::new(phrase_model(&config)));
    }
    Ok(config)
}

/// No public address may own, back up or take the escalation of a route, be an executive or
/// read the digest: mail qmark sends there comes back as its own and is ignored, and mail
/// from there acts for nobody, so such a case could never be answered.
fn no_public_address_acts(config: &Config) -> Result<(), ConfigError> {
    let mut people: Vec<(String, &Address)> = Vec::new();
    for r in config.routes.iter().chain(std::iter::once(&config.triage)) {
        let name = &r.name;
        people.push((format!("routes {name:?} owner"), &r.owner));
        people.push((format!("routes {name:?} escalate_to"), &r.escalate_to));
        if let Some(b) = &r.backup {
            people.push((format!("routes {name:?} backup"), b));
        }
    }
    people.extend(
        config
            .executives
            .iter()
            .map(|e| ("executives".to_string(), e)),
    );
    if let Some(d) = &config.digest {
        people.extend(d.to.iter().map(|a| ("digest.to".to_string(), a)));
    }
    match people
        .iter()
        .find(|(_, a)| config.public.contains(&a.without_tag()))
    {
        Some((field, a)) => Err(invalid(
            field,
            format!(
                "{a} is a public address qmark reads: mail sent there comes back as qmark's own \
                 and is ignored; name the person who answers"
            ),
        )),
        None => Ok(()),
    }
}

fn validate_reminders(raw: &[String]) -> Result<Vec<f64>, ConfigError> {
    raw.iter()
        .enumerate()
        .map(|(i, r)| parse_fraction(&format!("time.reminders[{i}]"), r))
        .collect()
}

/// Every `[[routes]]`, in order; a name used twice is refused.
fn validate_routes(
    raw: Vec<RawRoute>,
    defaults: &RouteDefaults,
) -> Result<Vec<Route>, ConfigError> {
    let mut names = HashSet::new();
    raw.into_iter()
        .enumerate()
        .map(|(i, r)| validate_route(&format!("routes[{i}]"), r, defaults, &mut names))
        .collect()
}

/// One index over every route's keywords, triage last: its keywords are those of its intents.
fn keyword_index(config: &Config) -> crate::routing::text::KeywordIndex {
    crate::routing::text::KeywordIndex::new(
        &config
            .routes
            .iter()
            .chain(std::iter::once(&config.triage))
            .map(|r| r.keywords.iter().map(|k| k.what.as_str()).collect())
            .collect::<Vec<_>>(),
    )
}

/// Every route's phrases (its keywords and its intents'), triage last, as one soft model.
fn phrase_model(config: &Config) -> crate::routing::phrase_model::PhraseModel {
    crate::routing::phrase_model::PhraseModel::new(
        &config
            .routes
            .iter()
            .chain(std::iter::once(&config.triage))
            .map(|r| r.keywords.iter().map(|k| k.what.as_str()).collect())
            .collect::<Vec<_>>(),
    )
}

/// The calendars the file defines, so a route or `[time]` naming another is refused.
struct KnownCalendars<'a>(&'a BTreeMap<String, RawCalendar>);

impl KnownCalendars<'_> {
    fn check(&self, key: String, name: Option<String>) -> Result<Option<String>, ConfigError> {
        match name {
            Some(n) if !self.0.contains_key(&n) => Err(invalid(
                key,
                if self.0.is_empty() {
                    format!("no calendar {n:?}: the file defines none; add [calendars.{n}]")
                } else {
                    format!(
                        "no calendar {n:?}; define [calendars.{n}] or use one of: {}",
                        self.0.keys().cloned().collect::<Vec<_>>().join(", ")
                    )
                },
            )),
            other => Ok(other),
        }
    }
}

/// What a route takes from the rest of the file when it does not say.
struct RouteDefaults<'a> {
    taxonomy: &'a crate::routing::intents::Taxonomy,
    known: &'a KnownCalendars<'a>,
    threshold: f64,
    acknowledge: bool,
}

fn addresses(key: &str, list: &[String]) -> Result<Vec<Address>, ConfigError> {
    list.iter()
        .enumerate()
        .map(|(i, a)| parse_address(&format!("{key}[{i}]"), a))
        .collect()
}

/// The built-in taxonomy of intents, or the operator's own file (relative to the config).
fn load_taxonomy(
    file: Option<&Path>,
    base: &Path,
) -> Result<crate::routing::intents::Taxonomy, ConfigError> {
    let Some(path) = file else {
        return Ok(crate::routing::intents::Taxonomy::built_in());
    };
    let path = base.join(path);
    let text =
        crate::files::read_text_capped(&path, crate::files::MAX_CONFIG_BYTES).map_err(|e| {
            invalid(
                "routing.intents_file",
                format!("cannot read {}: {e}", path.display()),
            )
        })?;
    crate::routing::intents::Taxonomy::parse(&text)
        .map_err(|e| invalid("routing.intents_file", format!("{}: {e}", path.display())))
}

/// A route's name: letters, digits, '-' or '_', not `triage`, not used twice.
fn route_name(key: &str, raw: &str, names: &mut HashSet<String>) -> Result<String, ConfigError> {
    let name = raw.trim().to_string();
    let key = format!("{key}.name");
    if name.is_empty()
        || !name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        return Err(invalid(
            key,
            format!("{raw:?} is not a route name; use letters, digits, '-' or '_'"),
        ));
    }
    if name == "triage" {
        return Err(invalid(key, "`triage` is reserved for the [triage] table"));
    }
    if !names.insert(name.clone()) {
        return Err(invalid(key, format!("route {name:?} is defined twice")));
    }
    Ok(name)
}

/// A route's keywords (its own, then its intents' phrases). A keyword that normalises to
/// nothing (`""`, punctuation) is a typo that would never match: refused, not dropped.
fn route_keywords(
    key: &str,
    r: &RawRoute,
    taxonomy: &crate::routing::intents::Taxonomy,
) -> Result<Vec<Rule<String>>, ConfigError> {
    let mut keywords = Vec::new();
    for (j, k) in r.keywords.iter().enumerate() {
        let (t, weight) = k.parts();
        let what = crate::routing::text::normalise(t);
        if !what.chars().any(char::is_alphanumeric) {
            return Err(invalid(
                format!("{key}.keywords[{j}]"),
                format!("{t:?} has no letters or digits to match; remove it or write a word"),
            ));
        }
        keywords.push(Rule { what, weight });
    }
    add_intents(taxonomy, key, &r.intents, &mut keywords)?;
    Ok(keywords)
}

fn route_senders(key: &str, r: &RawRoute) -> Result<Vec<Rule<String>>, ConfigError> {
    r.senders
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
        .collect()
}

fn route_patterns(key: &str, r: &RawRoute) -> Result<Vec<Rule<regex::Regex>>, ConfigError> {
    r.patterns
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
        .collect()
}

fn validate_route(
    key: &str,
    r: RawRoute,
    defaults: &RouteDefaults<'_>,
    names: &mut HashSet<String>,
) -> Result<Route, ConfigError> {
    let name = route_name(key, &r.name, names)?;
    let keywords = route_keywords(key, &r, defaults.taxonomy)?;
    let senders = route_senders(key, &r)?;
    let patterns = route_patterns(key, &r)?;
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
    let threshold = r.threshold.unwrap_or(defaults.threshold);
    if !(0.0..=1.0).contains(&threshold) {
        return Err(invalid(
            format!("{key}.threshold"),
            "must be between 0 and 1",
        ));
    }
    let deadline = parse_duration(&format!("{key}.deadline"), &r.deadline)?;
    Ok(Route {
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
        backup: optional_address(&format!("{key}.backup"), r.backup.as_deref())?,
        team: r.team.unwrap_or_else(|| team_name(&name)),
        acknowledge: r.acknowledge.unwrap_or(defaults.acknowledge),
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
        calendar: defaults
            .known
            .check(format!("{key}.calendar"), r.calendar)?,
        tell_customer: r.tell_customer,
    })
}

fn optional_address(key: &str, s: Option<&str>) -> Result<Option<Address>, ConfigError> {
    s.map(|b| parse_address(key, b)).transpose()
}

fn validate_triage(t: RawTriage, defaults: &RouteDefaults<'_>) -> Result<Route, ConfigError> {
    let deadline = parse_duration("triage.deadline", &t.deadline)?;
    let mut keywords = Vec::new();
    add_intents(defaults.taxonomy, "triage", &t.intents, &mut keywords)?;
    Ok(Route {
        name: "triage".into(),
        owner: parse_address("triage.owner", &t.owner)?,
        keywords,
        senders: Vec::new(),
        patterns: Vec::new(),
        languages: Vec::new(),
        examples: t.examples.clone(),
        threshold: 0.0,
        deadline,
        escalate_to: parse_address("triage.escalate_to", &t.escalate_to)?,
        backup: optional_address("triage.backup", t.backup.as_deref())?,
        team: t.team.unwrap_or_else(|| "Customer care team".into()),
        acknowledge: t.acknowledge.unwrap_or(defaults.acknowledge),
        urgent_deadline: optional_duration(
            "triage.urgent_deadline",
            t.urgent_deadline.as_deref(),
            deadline,
        )?,
        rung_deadline: optional_duration(
            "triage.rung_deadline",
            t.rung_deadline.as_deref(),
            deadline,
        )?,
        calendar: defaults.known.check("triage.calendar".into(), t.calendar)?,
        tell_customer: t.tell_customer,
    })
}

fn cron_schedule(key: &str, text: &str, example: &str) -> Result<cron::Schedule, ConfigError> {
    let schedule = cron::Schedule::from_str(text).map_err(|e| {
        // The cron crate says "less than 23" where it means at most 23 (its check is `> max`).
        let e = e
            .to_string()
            .replace(" must be less than ", " must be at most ");
        invalid(
            key,
            format!("{text:?} is not a cron schedule ({e}); use seconds first, e.g. \"{example}\""),
        )
    })?;
    // Mail to executives: a schedule that never fires sends nothing without a word, and one
    // that fires every second (`* * * * * *`) floods them (the second attacker sent 20 in 20 s).
    let from =
        chrono::DateTime::<chrono::Utc>::from_timestamp(1_767_225_600, 0).unwrap_or_default();
    let mut fires = schedule.after(&from);
    let (first, second) = (fires.next(), fires.next());
    let Some(first) = first.filter(|f| *f - from < chrono::Duration::days(4 * 366 + 1)) else {
        return Err(invalid(
            key,
            format!("{text:?} never fires (no such day?); e.g. \"{example}\""),
        ));
    };
    if let Some(gap) = second
        .map(|s| s - first)
        .filter(|g| *g < chrono::Duration::hours(1))
    {
        return Err(invalid(
            key,
            format!(
                "{text:?} fires every {} s: mail to people goes at most once an hour; e.g. \"{example}\"",
                gap.num_seconds()
            ),
        ));
    }
    Ok(schedule)
}

fn validate_digest(d: RawDigest, executives: &[Address]) -> Result<Digest, ConfigError> {
    let schedule = cron_schedule("digest.schedule", &d.schedule, "0 0 8 * * Mon-Fri")?;
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
        executives.to_vec()
    } else {
        addresses("digest.to", &d.to)?
    };
    if to.is_empty() {
        return Err(invalid(
            "digest.to",
            "no recipients: list addresses here or in executives.addresses",
        ));
    }
    let department_schedule = d
        .department_schedule
        .as_deref()
        .map(|text| cron_schedule("digest.department_schedule", text, "0 0 9 * * Mon"))
        .transpose()?;
    Ok(Digest {
        schedule,
        schedule_text: d.schedule,
        timezone,
        to,
        department_schedule,
    })
}

/// The signing secret's source, and the mail server whose Authentication-Results qmark trusts.
fn validate_security(
    s: RawSecurity,
) -> Result<(Option<SecretSource>, Option<String>), ConfigError> {
    let secret =
        secret_source("security", s.secret_env, s.secret_command).map_err(|e| match e {
            ConfigError::Invalid { key, problem } => ConfigError::Invalid {
                key: key.replace("password", "secret"),
                problem: problem.replace("password", "secret"),
            },
            other => other,
        })?;
    let trusted = s
        .trusted_authserv_id
        .map(|s| s.trim().to_lowercase())
        .filter(|s| !s.is_empty());
    Ok((secret, trusted))
}

/// `min_points`: the default when the config does not set it (`default_min_points`).
fn validate_routing(
    r: RawRouting,
    taxonomy: &crate::routing::intents::Taxonomy,
    min_points: u32,
) -> Result<Routing, ConfigError> {
    if r.model_weight.is_some_and(|w| !(0.0..=1.0).contains(&w)) {
        return Err(invalid("routing.model_weight", "must be between 0 and 1"));
    }
    if !(r.words_alone > 0.0 && r.words_alone <= 1.0) {
        return Err(invalid(
            "routing.words_alone",
            "must be above 0 and at most 1 (1 turns it off)",
        ));
    }
    let urgent_phrases = taxonomy.urgent_phrases();
    Ok(Routing {
        min_points: r.min_points.unwrap_or(min_points),
        words_alone: r.words_alone,
        urgent_index: crate::routing::text::PhraseIndex::new(
            urgent_phrases.iter().map(|(p, _)| p.clone()).collect(),
        ),
        urgent_phrases,
        pitch_phrases: taxonomy.pitch_phrases(),
        model_weight: r.model_weight,
        vip: r.vip.iter().map(|v| v.trim().to_lowercase()).collect(),
        repeat_contacts: r.repeat_contacts,
        repeat_window: parse_duration("routing.repeat_window", &r.repeat_window)?,
        urgent_copy_executives: r.urgent_copy_executives,
    })
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

/// SQLite (a file) or PostgreSQL (a server, issue 15).
fn check_database_url(url: &str) -> Result<(), ConfigError> {
    if crate::store::Backend::of_url(url).is_none() {
        // Not quoted back: a PostgreSQL URL carries a password.
        return Err(invalid(
            "database.url",
            "is not supported; use a SQLite URL such as \"sqlite://qmark.db\" or a PostgreSQL \
             URL such as \"postgres://qmark:PASSWORD@db.example.com/qmark\"",
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
        let text =
            crate::files::read_text_capped(&file, crate::files::MAX_CONFIG_BYTES).map_err(|e| {
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
        host: server_host(&format!("{key}.host"), host)?,
        port: server_port(&format!("{key}.port"), port)?,
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
    if let Processed::Move(to) = &inbox.processed
        && same_mailbox(to, &inbox.mailbox)
    {
        // Every pass would take each message again under a new UID and move it onto itself.
        return Err(invalid(
            format!("{key}.move_to"),
            format!(
                "{to:?} is the mailbox qmark reads ({key}.mailbox); name another one, such as \"Processed\""
            ),
        ));
    }
    inbox.smtp = own_smtp
        .map(|s| validate_inbox_smtp(key, s, &inbox, global_smtp))
        .transpose()?;
    Ok(inbox)
}

/// Whether two mailbox names are one mailbox: INBOX in any case (RFC 3501), other names as
/// written.
fn same_mailbox(a: &str, b: &str) -> bool {
    let inbox = |m: &str| m.eq_ignore_ascii_case("inbox");
    a == b || (inbox(a) && inbox(b))
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
        host: server_host("smtp.host", host)?,
        port: server_port("smtp.port", port)?,
        tls,
        credentials,
        from,
        ca_file: r.ca_file,
        timeout: parse_duration("smtp.timeout", &r.timeout)?,
        connections: smtp_connections(r.connections)?,
    })
}

/// `[smtp] connections`: 1 to 16, default 4.
fn smtp_connections(n: Option<u32>) -> Result<usize, ConfigError> {
    match n.unwrap_or(4) {
        n @ 1..=16 => Ok(n as usize),
        _ => Err(invalid(
            "smtp.connections",
            "must be 1 to 16 (default 4): more parallel connections than a mail server \
             usually allows one client only get refused",
        )),
    }
}

pub(super) fn secret_source(
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
pub(super) fn parse_auth(key: &str, s: Option<&str>) -> Result<bool, ConfigError> {
    match s {
        None | Some("password") => Ok(false),
        Some("oauth2") => Ok(true),
        Some(other) => Err(invalid(
            key,
            format!("{other:?} is not one of \"password\", \"oauth2\""),
        )),
    }
}

pub(super) fn oauth2_with_password(table: &str) -> ConfigError {
    invalid(
        format!("{table}.password_env"),
        "auth = \"oauth2\" takes no password: remove password_env/password_command (tokens come from [oauth2])",
    )
}

pub(super) fn parse_tls(key: &str, s: &str) -> Result<TlsMode, ConfigError> {
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
pub(super) fn check_plain_is_loopback(
    table: &str,
    tls: TlsMode,
    host: &str,
) -> Result<(), ConfigError> {
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

/// A mail server's host name: present, a DNS name's length at most, no space or control
/// character (each would only fail later, at connect time, with a resolver's vaguer words).
fn server_host(key: &str, host: String) -> Result<String, ConfigError> {
    let host = non_empty(key, host)?;
    if host.len() > 253 {
        return Err(invalid(
            key,
            format!("is {} characters; a host name has at most 253", host.len()),
        ));
    }
    if host.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(invalid(
            key,
            "contains a space or control character; write the bare host name or IP address",
        ));
    }
    Ok(host)
}

/// Port 0 means "any free port" to a listener and nothing to a client.
fn server_port(key: &str, port: u16) -> Result<u16, ConfigError> {
    if port == 0 {
        return Err(invalid(
            key,
            "0 is not a port a server listens on; give the server's port (1-65535) or leave it out for the default",
        ));
    }
    Ok(port)
}

pub(super) fn non_empty(key: &str, s: String) -> Result<String, ConfigError> {
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

/// Where an inbox's SMTP server is when its table does not say: the host, TLS, port and CA
/// it falls back on.
struct InboxSmtpServer {
    host: String,
    tls: TlsMode,
    port: Option<u16>,
    ca_file: Option<PathBuf>,
}

/// The server: its own host; else the provider's submission host (587, STARTTLS); else the
/// global `[smtp]` server with its port, TLS and CA.
fn inbox_smtp_server(
    own_host: Option<String>,
    provider: Option<crate::config::oauth::Provider>,
    global: &Smtp,
) -> InboxSmtpServer {
    match (own_host, provider) {
        (Some(host), _) => InboxSmtpServer {
            host,
            tls: TlsMode::StartTls,
            port: None,
            ca_file: None,
        },
        (None, Some(p)) => InboxSmtpServer {
            host: p.smtp_host().to_string(),
            tls: TlsMode::StartTls,
            port: None,
            ca_file: None,
        },
        (None, None) => InboxSmtpServer {
            host: global.host.clone(),
            tls: global.tls,
            port: Some(global.port),
            ca_file: global.ca_file.clone(),
        },
    }
}

/// An inbox's own SMTP account. Its login defaults to the inbox's own (username, and the same
/// password or OAuth2 grant); its From is the inbox's.
pub(super) fn validate_inbox_smtp(
    key: &str,
    r: RawInboxSmtp,
    inbox: &Inbox,
    global: &Smtp,
) -> Result<Smtp, ConfigError> {
    let table = format!("{key}.smtp");
    let provider = inbox.oauth2.as_ref().and_then(|o| o.provider);
    let base = inbox_smtp_server(r.host, provider, global);
    let own_tls = r.tls.is_some();
    let tls = match r.tls {
        Some(t) => parse_tls(&format!("{table}.tls"), &t)?,
        None => base.tls,
    };
    check_plain_is_loopback(&table, tls, &base.host)?;
    let port = r
        .port
        .or(if own_tls { None } else { base.port })
        .unwrap_or(match tls {
            TlsMode::Tls => 465,
            TlsMode::StartTls => 587,
            TlsMode::None => 25,
        });
    let username = non_empty(
        &format!("{table}.username"),
        r.username.unwrap_or_else(|| inbox.username.clone()),
    )?;
    let oauth2 = match r.auth.as_deref() {
        Some(a) => parse_auth(&format!("{table}.auth"), Some(a))?,
        None => inbox.login == Login::OAuth2,
    };
    let login = match (
        oauth2,
        secret_source(&table, r.password_env, r.password_command)?,
    ) {
        (true, Some(_)) => return Err(oauth2_with_password(&table)),
        (true, None) => Login::OAuth2,
        (false, Some(s)) => Login::Password(s),
        (false, None) => match &inbox.login {
            Login::Password(s) if username.eq_ignore_ascii_case(&inbox.username) => {
                Login::Password(s.clone())
            }
            _ => {
                return Err(invalid(
                    format!("{table}.password_env"),
                    "SMTP as another account than the inbox's needs its password: set password_env or password_command (or auth = \"oauth2\")",
                ));
            }
        },
    };
    Ok(Smtp {
        host: server_host(&format!("{table}.host"), base.host)?,
        port: server_port(&format!("{table}.port"), port)?,
        tls,
        credentials: Some((username, login)),
        from: inbox.from.clone(),
        ca_file: r.ca_file.or(base.ca_file),
        timeout: match r.timeout {
            Some(t) => parse_duration(&format!("{table}.timeout"), &t)?,
            None => global.timeout,
        },
        connections: global.connections,
    })
}
