//! What qmark knows about a message beyond its bytes, gathered before anything is decided: the
//! cases its tokens, references and subject point to (with everyone each case's mail went to),
//! the sender's recent cases, and what the receiving server said about the sender. The choices
//! made from it are pure: `thread::choose` and `authority::decide`.

use std::collections::HashMap;

use anyhow::Result;
use chrono::{DateTime, Utc};

use crate::app::App;
use crate::authority::{Proof, Rules};
use crate::case::reply;
use crate::case::thread::{self, Clue, Reference, ThreadEvidence};
use crate::case::understand::{self, Automatic};
use crate::mail::Mail;
use crate::mail::address::Address;
use crate::store::{self, CaseRow};

/// How far back a customer's same-subject mail joins their case, and a different subject is
/// shown as possibly related.
pub const SAME_SUBJECT_DAYS: i64 = 30;
const RELATED_DAYS: i64 = 14;
/// A hostile message can carry thousands of References; the newest this many are looked up.
const MAX_REFERENCES: usize = 50;

/// The thread evidence and the case rows it names, loaded once.
pub struct Gathered {
    pub evidence: ThreadEvidence,
    pub rows: HashMap<i64, CaseRow>,
}

impl Gathered {
    /// The row of a case the evidence named.
    pub fn take(&mut self, case_id: i64) -> Option<CaseRow> {
        self.rows.remove(&case_id)
    }
}

/// Everything the store knows about the thread of `mail`, in the caller's transaction.
pub async fn gather(
    conn: &mut sqlx::AnyConnection,
    app: &App,
    mail: &Mail,
    raw: &[u8],
    sender: Option<&Address>,
    customer_cases: &[store::CustomerCase],
    now: DateTime<Utc>,
) -> Result<Gathered> {
    let subject_key = thread::normalise_subject(&mail.subject);
    let mut g = Gathered {
        evidence: ThreadEvidence::default(),
        rows: HashMap::new(),
    };
    let public = &app.config.public;
    for r in mail
        .recipients
        .iter()
        .filter(|r| public.contains(&r.without_tag()))
    {
        if let Some(tag) = r.tag()
            && let Some(c) = clue(conn, app, &mut g, Some(tag)).await?
        {
            g.evidence.recipient_tokens.push(c);
        }
    }
    let ours = format!("@{}", app.id_domain());
    let ids = mail
        .in_reply_to
        .iter()
        .chain(mail.references.iter().rev())
        .take(MAX_REFERENCES);
    for id in ids {
        let token = thread::token_in_message_id(id).filter(|_| id.ends_with(&ours));
        let by_id = match store::case_by_message_id(conn, id).await? {
            Some(case_id) => {
                load(conn, &mut g, case_id).await?;
                match token {
                    Some(_) => clue_for(conn, app, &g, case_id, token).await?,
                    None => Some(Clue {
                        case_id,
                        token: None,
                        people: Vec::new(),
                    }),
                }
            }
            None => None,
        };
        let by_token = match (by_id.is_some(), token) {
            (false, Some(t)) => clue(conn, app, &mut g, Some(t)).await?,
            _ => None,
        };
        g.evidence.references.push(Reference { by_id, by_token });
    }
    if understand::automatic(mail) == Some(Automatic::Bounce) {
        for t in thread::tokens_in_raw(raw, app.id_domain()) {
            if let Some(c) = clue(conn, app, &mut g, Some(&t)).await? {
                g.evidence.returned_tokens.push(c);
            }
        }
    }
    if sender.is_none() {
        return Ok(g);
    }
    // An executive's routing by hand (`? owner@` first) asks for a new case; only a token or
    // our Message-ID ties it to one. The same subject had bound a proven request to the
    // executive's own earlier case (their first try, unproven, went to triage with them as its
    // customer) and refused it there: the complaint reached nobody (attack round six).
    if sender.is_some_and(|s| app.config.is_executive(s))
        && crate::case::reply::manual_route(&mail.text).is_some()
    {
        return Ok(g);
    }
    if let Some(key) = mail.thread_index.as_deref().and_then(thread::thread_key)
        && let Some(case_id) = store::case_by_thread_key(conn, &key).await?
        && load(conn, &mut g, case_id).await?
    {
        g.evidence.thread_index = Some(case_id);
    }
    if let Some(case_id) = thread::case_in_subject(&mail.subject)
        && load(conn, &mut g, case_id).await?
    {
        g.evidence.subject_tag = clue_for(conn, app, &g, case_id, None).await?;
    }
    if !subject_key.is_empty()
        && let Some(case_id) = same_subject(customer_cases, &subject_key, now)
        && load(conn, &mut g, case_id).await?
    {
        g.evidence.same_subject = Some(case_id);
    }
    if g.evidence.same_subject.is_none() {
        colleague_case(conn, app, &mut g, mail, sender, &subject_key, now).await?;
    }
    if let Some(case_id) = unfinished(customer_cases, now)
        && load(conn, &mut g, case_id).await?
    {
        g.evidence.unfinished = Some(case_id);
    }
    Ok(g)
}

/// For one of the company's people only, whose mail no stronger evidence placed (a reply from
/// a client that wrote to the public address and dropped the thread's headers): the case its
/// `[#N]` tag names, else a recent case they own with this subject, else, for a reply subject,
/// the newest unclosed case with it. Without a token this proves nothing (`understand` refuses
/// it as an answer and they are told); it keeps such a reply from opening a case with a
/// colleague as its customer. An executive's manual routing (`? owner@`) is left alone.
async fn colleague_case(
    conn: &mut sqlx::AnyConnection,
    app: &App,
    g: &mut Gathered,
    mail: &Mail,
    sender: Option<&Address>,
    subject_key: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    let colleague =
        sender.filter(|s| app.config.company.is_colleague(s) || app.config.executives.contains(s));
    let Some(s) = colleague else {
        return Ok(());
    };
    if crate::case::reply::manual_route(&mail.text).is_some() {
        return Ok(());
    }
    let since = now - chrono::Duration::days(SAME_SUBJECT_DAYS);
    let mut found = thread::case_in_subject(&mail.subject);
    if found.is_none() && !subject_key.is_empty() {
        found = store::open_case_with_subject(conn, Some(s.as_str()), subject_key, since).await?;
    }
    if found.is_none() && !subject_key.is_empty() && thread::has_reply_prefix(&mail.subject) {
        found = store::open_case_with_subject(conn, None, subject_key, since).await?;
    }
    if let Some(case_id) = found
        && load(conn, g, case_id).await?
    {
        g.evidence.colleague_case = Some(case_id);
    }
    Ok(())
}

/// Load a case's row into `g` once; false when there is no such case.
async fn load(conn: &mut sqlx::AnyConnection, g: &mut Gathered, case_id: i64) -> Result<bool> {
    if g.rows.contains_key(&case_id) {
        return Ok(true);
    }
    match store::case(&mut *conn, case_id).await? {
        Some(row) => {
            g.rows.insert(case_id, row);
            Ok(true)
        }
        None => Ok(false),
    }
}

/// The clue a reply token gives: the case it names, if that case exists.
async fn clue(
    conn: &mut sqlx::AnyConnection,
    app: &App,
    g: &mut Gathered,
    token: Option<&str>,
) -> Result<Option<Clue>> {
    let Some((case_id, _)) = token.and_then(thread::parse_token) else {
        return Ok(None);
    };
    if !load(conn, g, case_id).await? {
        return Ok(None);
    }
    clue_for(conn, app, g, case_id, token).await
}

/// A loaded case as a clue, with its people.
async fn clue_for(
    conn: &mut sqlx::AnyConnection,
    app: &App,
    g: &Gathered,
    case_id: i64,
    token: Option<&str>,
) -> Result<Option<Clue>> {
    let Some(case) = g.rows.get(&case_id) else {
        return Ok(None);
    };
    Ok(Some(Clue {
        case_id,
        token: token.map(str::to_string),
        people: participants(conn, app, case).await?,
    }))
}

/// Everyone a case's mail went to, for checking reply tokens.
async fn participants(
    conn: &mut sqlx::AnyConnection,
    app: &App,
    case: &CaseRow,
) -> Result<Vec<Address>> {
    let mut people: Vec<Address> = app.config.executives.clone();
    people.push(case.owner.clone());
    people.extend(case.customer_address.clone());
    people.extend(Address::parse(&case.escalate_to).ok());
    for recipients in store::case_recipients(conn, case.id).await? {
        let list: Vec<String> = serde_json::from_str(&recipients).unwrap_or_default();
        people.extend(list.iter().filter_map(|r| Address::parse(r).ok()));
    }
    people.sort();
    people.dedup();
    Ok(people)
}

/// The customer's newest case with this subject, opened in the last `SAME_SUBJECT_DAYS`.
fn same_subject(
    cases: &[store::CustomerCase],
    subject_key: &str,
    now: DateTime<Utc>,
) -> Option<i64> {
    let since = now - chrono::Duration::days(SAME_SUBJECT_DAYS);
    cases
        .iter()
        .find(|c| c.subject_key.as_deref() == Some(subject_key) && c.opened_at >= since)
        .map(|c| c.id)
}

/// The customer's newest case opened in the last `RELATED_DAYS` that is not closed.
fn unfinished(cases: &[store::CustomerCase], now: DateTime<Utc>) -> Option<i64> {
    let since = now - chrono::Duration::days(RELATED_DAYS);
    cases
        .iter()
        .find(|c| c.opened_at >= since && c.status != store::CaseStatus::Closed)
        .map(|c| c.id)
}

/// What the receiving server said about the sender: `Unchecked` when no trusted server is
/// configured.
pub fn proof_of(app: &App, mail: &Mail, sender: Option<&Address>) -> Proof {
    match (&app.config.trusted_authserv_id, sender) {
        (None, _) => Proof::Unchecked,
        (Some(id), Some(s))
            if reply::authenticated(&mail.authentication_results, id, s.domain()) =>
        {
            Proof::Verified
        }
        (Some(_), _) => Proof::Failed,
    }
}

/// The installation's standing facts for `authority`.
pub fn rules(app: &App) -> Rules<'_> {
    Rules {
        executives: &app.config.executives,
        company: &app.config.company,
        public: &app.config.public,
    }
}

/// The person whose digest token a recipient of `mail` carries (`ceo+qd-…@`, the Reply-To of a
/// digest, report or catch-up mail), checked with the secret.
pub fn digest_token_in_recipients(app: &App, mail: &Mail) -> Option<Address> {
    let public = &app.config.public;
    let mut tags = mail
        .recipients
        .iter()
        .filter(|r| public.contains(&r.without_tag()))
        .filter_map(|r| r.tag())
        .peekable();
    // Most mail carries no tag: the candidates are only gathered for one that does.
    tags.peek()?;
    let readers = digest_readers(app, mail);
    tags.find_map(|tag| thread::verify_digest(&app.secret, tag, &readers))
        .cloned()
}

/// Everyone a digest token in `mail` may have been made for: the executives (digests), each
/// route's owner and manager (reports, catch-up `??` mails), and the sender (an owner who got a
/// case by `#reassign` is in a catch-up's Cc with a token of their own: attack round seven).
/// A token proves only the person it was made for; `authority` decides what they may do.
fn digest_readers(app: &App, mail: &Mail) -> Vec<Address> {
    let config = &app.config;
    let mut readers = config.executives.clone();
    for route in config.routes.iter().chain(std::iter::once(&config.triage)) {
        readers.push(route.owner.clone());
        readers.push(route.escalate_to.clone());
    }
    if let Some(from) = mail.from.as_ref().and_then(|f| f.address.as_ref()) {
        readers.push(from.without_tag());
    }
    readers
}

/// Whom a digest token in `mail` was made for: in a recipient's +tag (`ceo+qd-…@`, the
/// Reply-To of a digest), or at the start of a Message-ID of ours it refers to.
pub fn digest_token_for(app: &App, mail: &Mail) -> Option<Address> {
    let ours = format!("@{}", app.id_domain());
    digest_token_in_recipients(app, mail).or_else(|| {
        let mut tokens = mail
            .in_reply_to
            .iter()
            .chain(mail.references.iter())
            .filter(|id| id.ends_with(&ours))
            .filter_map(|id| thread::digest_token_in_message_id(id))
            .peekable();
        tokens.peek()?;
        let readers = digest_readers(app, mail);
        tokens
            .find_map(|t| thread::verify_digest(&app.secret, t, &readers))
            .cloned()
    })
}
