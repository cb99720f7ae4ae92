//! Reading the public mailbox over IMAP. The only module that names `async_imap`.
//!
//! Each fetched message is stored, and the cursor advanced, in one transaction before anything
//! else happens; only then is it flagged or moved in the mailbox. Work is selected by UID past
//! the cursor, never by `\Seen`, which people and other clients change.

use std::collections::HashSet;
use std::fmt::Debug;
use std::time::Duration;

use anyhow::{Context, Result, bail};
use chrono::{DateTime, Utc};
use futures::TryStreamExt;
use serde::Serialize;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio_util::sync::CancellationToken;

use crate::app::App;
use crate::config::{Inbox, Login, Processed, TlsMode};
use crate::store::{self, Stored};

/// Any byte stream IMAP can run over: plain TCP or TLS.
pub trait Stream: AsyncRead + AsyncWrite + Unpin + Send + Debug {}
impl<T: AsyncRead + AsyncWrite + Unpin + Send + Debug> Stream for T {}

pub type Session = async_imap::Session<Box<dyn Stream>>;

/// How many messages one FETCH (and one storing transaction) takes.
const CHUNK: usize = 200;
/// RFC 2177: re-issue IDLE well within the 30 minutes servers allow; we use 10.
const IDLE_RENEW: Duration = Duration::from_secs(600);
const CONNECT_TIMEOUT: Duration = Duration::from_secs(30);

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct IngestOutcome {
    pub fetched: usize,
    pub stored: usize,
    pub duplicates: usize,
}

async fn tls_wrap<S: AsyncRead + AsyncWrite + Unpin + Send + Debug + 'static>(
    inbox: &Inbox,
    stream: S,
) -> Result<Box<dyn Stream>> {
    let config = crate::tls::client_config(inbox.ca_file.as_deref(), "inbox.ca_file")?;
    let name = rustls_pki_types::ServerName::try_from(inbox.host.clone())
        .with_context(|| format!("inbox.host {:?} is not a valid TLS server name", inbox.host))?;
    let tls = tokio_rustls::TlsConnector::from(config)
        .connect(name, stream)
        .await
        .with_context(|| format!("TLS handshake with {}:{}", inbox.host, inbox.port))?;
    Ok(Box::new(tls))
}

/// Connect, secure, read the greeting and log in with the password (`auth = "password"`).
pub async fn connect(inbox: &Inbox) -> Result<Session> {
    open(inbox, None).await
}

/// Connect and log in as the config says: a password, or an OAuth2 token from `tokens`.
pub async fn connect_as(inbox: &Inbox, tokens: &crate::oauth::Tokens) -> Result<Session> {
    open(inbox, Some(tokens)).await
}

async fn open(inbox: &Inbox, tokens: Option<&crate::oauth::Tokens>) -> Result<Session> {
    let where_ = format!("{}:{}", inbox.host, inbox.port);
    let tcp = tokio::time::timeout(
        CONNECT_TIMEOUT,
        tokio::net::TcpStream::connect((inbox.host.as_str(), inbox.port)),
    )
    .await
    .with_context(|| format!("connecting to IMAP {where_} timed out"))?
    .with_context(|| format!("connecting to IMAP {where_}"))?;
    // The handshake under one deadline: a server that accepts and never greets, or never
    // answers the login, would otherwise hang the pass while it holds the run lock.
    tokio::time::timeout(inbox.timeout, handshake(inbox, tokens, tcp, &where_))
        .await
        .map_err(|_| {
            anyhow::anyhow!(
                "IMAP {where_} did not answer its greeting or the login within {}s; check the \
             host, port and tls of {} (or raise {}.timeout)",
                inbox.timeout.as_secs(),
                inbox.key,
                inbox.key
            )
        })?
}

async fn handshake(
    inbox: &Inbox,
    tokens: Option<&crate::oauth::Tokens>,
    tcp: tokio::net::TcpStream,
    where_: &str,
) -> Result<Session> {
    let where_ = where_.to_string();
    tcp.set_nodelay(true).context("setting TCP_NODELAY")?;
    let client = match inbox.tls {
        TlsMode::None => {
            let mut c = async_imap::Client::new(Box::new(tcp) as Box<dyn Stream>);
            greeting(&mut c, &where_).await?;
            c
        }
        TlsMode::Tls => {
            let mut c = async_imap::Client::new(tls_wrap(inbox, tcp).await?);
            greeting(&mut c, &where_).await?;
            c
        }
        TlsMode::StartTls => {
            let mut plain = async_imap::Client::new(tcp);
            greeting(&mut plain, &where_).await?;
            plain
                .run_command_and_check_ok("STARTTLS", None)
                .await
                .with_context(|| format!("IMAP {where_} refused STARTTLS"))?;
            // No greeting after STARTTLS: the session continues.
            async_imap::Client::new(tls_wrap(inbox, plain.into_inner()).await?)
        }
    };
    let password = match &inbox.login {
        Login::Password(p) => p.resolve(&format!("{}.password", inbox.key))?,
        Login::OAuth2 => {
            let tokens = tokens.context("auth = \"oauth2\": connect with ingest::connect_as")?;
            return authenticate_xoauth2(client, &inbox.username, tokens).await;
        }
    };
    let session = client
        .login(&inbox.username, password.expose())
        .await
        .map_err(|(e, _)| {
            crate::observe::auth_failed("imap");
            LoginRefused {
                username: inbox.username.clone(),
                why: server_words(&e.to_string()),
            }
        })?;
    Ok(session)
}

/// What the server said, out of async-imap's debug rendering of a NO or BAD answer
/// (`no response: code: None, info: Some("[AUTHENTICATIONFAILED] Authentication failed.")`):
/// `NO [AUTHENTICATIONFAILED] Authentication failed.`, for the operator's log, `qmark check`
/// and the executives' notice. Anything else is kept as it is. Pure.
pub fn server_words(error: &str) -> String {
    let answer = if error.starts_with("no response:") {
        "NO"
    } else if error.starts_with("bad response:") {
        "BAD"
    } else {
        return error.to_string();
    };
    let Some(start) = error
        .find("info: Some(\"")
        .map(|i| i + "info: Some(\"".len())
    else {
        return format!("{answer} (the server gave no reason)");
    };
    let said = error[start..]
        .strip_suffix("\")")
        .unwrap_or(&error[start..]);
    format!(
        "{answer} {}",
        said.replace("\\\"", "\"").replace("\\\\", "\\")
    )
}

/// The IMAP server refused the password: a person must fix it (the runner tells them).
#[derive(Debug)]
pub struct LoginRefused {
    pub username: String,
    pub why: String,
}

impl std::fmt::Display for LoginRefused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "IMAP login as {:?} failed: {}", self.username, self.why)
    }
}

impl std::error::Error for LoginRefused {}

/// SASL XOAUTH2: the first challenge gets the bearer string, any later one (the server's JSON
/// error on a refused token) an empty answer, after which the server says NO.
struct XOAuth2(Option<String>);

impl async_imap::Authenticator for XOAuth2 {
    type Response = String;
    fn process(&mut self, _challenge: &[u8]) -> String {
        self.0.take().unwrap_or_default()
    }
}

/// `AUTHENTICATE XOAUTH2`, once with the stored token and, when the server refuses it (expired
/// early, Exchange's `AccessTokenExpired`), once more on the same connection with a fresh one.
async fn authenticate_xoauth2(
    mut client: async_imap::Client<Box<dyn Stream>>,
    user: &str,
    tokens: &crate::oauth::Tokens,
) -> Result<Session> {
    let mut fresh = false;
    loop {
        let now = crate::clock::Clock::System.now();
        let bearer = tokens.bearer(user, fresh, now).await?;
        let auth = XOAuth2(Some(crate::oauth::xoauth2(user, &bearer.token)));
        match client.authenticate("XOAUTH2", auth).await {
            Ok(session) => return Ok(session),
            Err((e, back)) => {
                crate::observe::auth_failed("imap");
                let refused = tokens
                    .server_refused(user, "IMAP", &bearer, &server_words(&e.to_string()), now)
                    .await;
                if bearer.fresh {
                    return Err(refused.into());
                }
                fresh = true;
                client = back;
            }
        }
    }
}

async fn greeting<S: AsyncRead + AsyncWrite + Unpin + Send + Debug>(
    client: &mut async_imap::Client<S>,
    where_: &str,
) -> Result<()> {
    match client.read_response().await {
        Ok(Some(_)) => Ok(()),
        Ok(None) => bail!("IMAP {where_} closed the connection before its greeting"),
        Err(e) => Err(e).with_context(|| format!("reading the IMAP greeting from {where_}")),
    }
}

/// Whether the server can IDLE, and the move target exists when configured.
pub async fn prepare(session: &mut Session, inbox: &Inbox) -> Result<bool> {
    let caps = session.capabilities().await.context("IMAP CAPABILITY")?;
    let idle = caps.has_str("IDLE");
    if let Processed::Move(target) = &inbox.processed {
        // Creating an existing mailbox fails harmlessly; a real problem shows at the first move.
        let _ = session.create(target).await;
    }
    drain_unsolicited(session);
    Ok(idle)
}

/// Unsolicited responses pile up in a bounded channel; nobody reads them, so empty it.
fn drain_unsolicited(session: &mut Session) {
    while session.unsolicited_responses.try_recv().is_ok() {}
}

/// Fetch every message of `inbox` past its cursor, store it, then mark it in the mailbox as
/// configured.
pub async fn ingest_once(
    app: &App,
    inbox: &Inbox,
    session: &mut Session,
    now: DateTime<Utc>,
) -> Result<IngestOutcome> {
    // The first inbox inherits the cursor of a database from before several inboxes.
    let first = inbox.key == app.config.inbox.key;
    let public = inbox.address.without_tag();
    let mut outcome = IngestOutcome::default();
    let mailbox = session
        .select(&inbox.mailbox)
        .await
        .with_context(|| format!("selecting mailbox {:?}", inbox.mailbox))?;
    let uidvalidity = mailbox
        .uid_validity
        .context("the IMAP server sent no UIDVALIDITY; cannot track messages safely")?;
    let last_uid = start_after(app, inbox, uidvalidity, first).await?;
    let found: HashSet<u32> = session
        .uid_search(format!("UID {}:*", last_uid.saturating_add(1)))
        .await
        .context("IMAP UID SEARCH")?;
    // `n:*` always matches the highest UID, even when it is below n.
    let mut uids: Vec<u32> = found.into_iter().filter(|u| *u > last_uid).collect();
    uids.sort_unstable();
    if last_uid == 0 {
        uids = without_earlier_marks(app, inbox, session, uids, uidvalidity, first).await?;
    }

    for chunk in uids.chunks(CHUNK) {
        let at = Place {
            inbox,
            public: public.as_str(),
            mailbox: &inbox.mailbox,
            uidvalidity,
            floor: last_uid,
            cursor: last_uid,
            first,
        };
        let taken = store_chunk(app, session, &at, chunk, false, now).await?;
        outcome.fetched += taken.fetched;
        outcome.stored += taken.stored;
        outcome.duplicates += taken.duplicates;
    }
    Ok(outcome)
}

/// A database that has never read this mailbox (a new file, a wrong path, a lost disk) must not
/// forward again what an earlier qmark already forwarded: messages that carry qmark's processed
/// keyword are left alone, with a warning, and the cursor passes those below the first unmarked
/// message. Mail without the mark is taken as usual (`qmark backfill` takes old mail quietly).
async fn without_earlier_marks(
    app: &App,
    inbox: &Inbox,
    session: &mut Session,
    uids: Vec<u32>,
    uidvalidity: u32,
    first: bool,
) -> Result<Vec<u32>> {
    if uids.is_empty() || matches!(inbox.processed, Processed::Move(_)) {
        // Moved mail has left the mailbox: what is here was never handled.
        return Ok(uids);
    }
    let public = inbox.address.without_tag();
    if app
        .store
        .cursor(public.as_str(), &inbox.mailbox, first)
        .await?
        .is_some()
    {
        // Read before (the mailbox was recreated): content and Message-ID dedupe decide.
        return Ok(uids);
    }
    let Processed::Keyword(keyword) = &inbox.processed else {
        // `leave` marks nothing, so nothing tells handled mail apart: say so once, loudly,
        // rather than forward a mailbox's history in silence.
        tracing::warn!(
            mailbox = %inbox.mailbox,
            "this database has never read the mailbox and processed = \"leave\" marks nothing, \
             so all {} message(s) in it are taken as new; if an earlier qmark handled them, stop \
             now and point `[database] url` at its database (or use processed = \"keyword\")",
            uids.len()
        );
        return Ok(uids);
    };
    let marked: HashSet<u32> = session
        .uid_search(format!("KEYWORD {keyword}"))
        .await
        .context("IMAP UID SEARCH KEYWORD")?;
    let (skipped, taken): (Vec<u32>, Vec<u32>) = uids.into_iter().partition(|u| marked.contains(u));
    if skipped.is_empty() {
        return Ok(taken);
    }
    tracing::warn!(
        mailbox = %inbox.mailbox,
        "{} message(s) already carry {keyword}: an earlier qmark forwarded them and this \
         database has no record of them, so they are left alone (is `[database] url` the \
         installation's own database?)",
        skipped.len()
    );
    let below_taken = taken.first().copied().unwrap_or(u32::MAX);
    if let Some(floor) = skipped.iter().copied().filter(|u| *u < below_taken).max() {
        let mut tx = app.store.write().await?;
        let at = store::Source {
            inbox: public.as_str(),
            mailbox: &inbox.mailbox,
            uidvalidity,
            uid: floor,
        };
        store::set_cursor(&mut tx, at, first).await?;
        tx.commit().await.context("recording the cursor")?;
    }
    Ok(taken)
}

/// The last UID of `inbox` already stored; 0 when the mailbox is new to qmark or was recreated.
/// Where a chunk of messages comes from, and what is already behind the cursor.
pub struct Place<'a> {
    pub inbox: &'a Inbox,
    /// The inbox's public address, as its rows are keyed.
    pub public: &'a str,
    pub mailbox: &'a str,
    pub uidvalidity: u32,
    /// UIDs at or below this are not taken (the daemon's cursor; 0 for backfill).
    pub floor: u32,
    /// The cursor now: it only ever moves forward past this.
    pub cursor: u32,
    /// The first inbox (it inherits the cursor from before several inboxes).
    pub first: bool,
}

/// Fetch `chunk`, store each message and advance the cursor past what was stored, all in one
/// transaction, then mark them in the mailbox as configured. `backfill` marks the stored
/// messages as taken by `qmark backfill` (their cases open quietly). The one way a fetched
/// message is stored, for the daemon and for backfill alike.
pub async fn store_chunk(
    app: &App,
    session: &mut Session,
    at: &Place<'_>,
    chunk: &[u32],
    backfill: bool,
    now: DateTime<Utc>,
) -> Result<IngestOutcome> {
    let source = |uid| store::Source {
        inbox: at.public,
        mailbox: at.mailbox,
        uidvalidity: at.uidvalidity,
        uid,
    };
    let set = chunk
        .iter()
        .map(u32::to_string)
        .collect::<Vec<_>>()
        .join(",");
    let fetches: Vec<_> = session
        .uid_fetch(&set, "(UID BODY.PEEK[])")
        .await
        .context("IMAP UID FETCH")?
        .try_collect()
        .await
        .context("reading fetched messages")?;
    // Each body in a buffer of its own, and the IMAP responses let go: storing then hands
    // the buffer to SQLite instead of copying it (a 36 MB message would otherwise be held
    // four times at once; issue 11, docs/benchmarks.md).
    let bodies: Vec<(u32, Vec<u8>)> = fetches
        .iter()
        .filter_map(|f| Some((f.uid?, f.body()?.to_vec())))
        .collect();
    drop(fetches);
    let taken: Vec<(u32, Vec<u8>)> = bodies
        .into_iter()
        .filter(|(uid, _)| *uid > at.floor)
        .collect();
    let done: Vec<u32> = taken.iter().map(|(uid, _)| *uid).collect();
    let highest = done.iter().copied().max();
    let mids: Vec<Option<String>> = taken
        .iter()
        .map(|(_, body)| crate::mail::message_id(body))
        .collect();
    let messages = taken
        .into_iter()
        .zip(&mids)
        .map(|((uid, raw), mid)| store::NewMessage {
            raw,
            message_id: mid.clone(),
            source: Some(source(uid)),
            backfill,
        })
        .collect();
    let mut tx = app.store.write().await?;
    let stored = store::insert_messages(&mut tx, messages, now).await?;
    let outcome = counted(&stored, &mids);
    // The cursor only passes messages that were stored: one the server did not return
    // (expunged meanwhile) is simply not there any more.
    let cursor = chunk.last().copied().unwrap_or(at.floor);
    let cursor = if done.len() == chunk.len() {
        cursor
    } else {
        highest.unwrap_or(at.floor)
    };
    if cursor > at.cursor {
        store::set_cursor(&mut tx, source(cursor), at.first).await?;
    }
    tx.commit().await.context("committing fetched messages")?;
    if !done.is_empty() {
        let set = done
            .iter()
            .map(u32::to_string)
            .collect::<Vec<_>>()
            .join(",");
        if let Err(e) = mark_processed(session, &at.inbox.processed, &set).await {
            // Stored already; the cursor keeps them from being taken twice.
            tracing::warn!("could not mark fetched messages in the mailbox: {e:#}");
        }
    }
    drain_unsolicited(session);
    Ok(outcome)
}

/// What storing a chunk came to; a message that reuses an earlier one's Message-ID is logged.
fn counted(stored: &[Stored], mids: &[Option<String>]) -> IngestOutcome {
    let mut outcome = IngestOutcome {
        fetched: stored.len(),
        ..IngestOutcome::default()
    };
    for (stored, mid) in stored.iter().zip(mids) {
        match *stored {
            Stored::New(_) => outcome.stored += 1,
            Stored::Collision { id, earlier } => {
                // Not a copy: another sender or other content behind a Message-ID already
                // seen. Kept and processed like any message; the log says so, since a
                // reused Message-ID is either a broken client or someone probing.
                tracing::warn!(
                    message_id = id,
                    earlier,
                    message_id_header = mid.as_deref().unwrap_or(""),
                    "a different message reuses an earlier Message-ID; stored as its own message"
                );
                outcome.stored += 1;
            }
            Stored::Duplicate => outcome.duplicates += 1,
        }
    }
    outcome
}

/// What `qmark backfill` takes from `mailbox`: its UIDVALIDITY, its highest UID now (the
/// cursor is set there at the end, so the daemon never takes the older mail that backfill
/// left), how many messages it holds, and the UIDs of the messages that arrived on or after
/// `since` (the server's INTERNALDATE, by day), oldest first.
pub async fn backfill_uids(
    session: &mut Session,
    mailbox: &str,
    since: chrono::NaiveDate,
) -> Result<(u32, u32, usize, Vec<u32>)> {
    let selected = session
        .select(mailbox)
        .await
        .with_context(|| format!("selecting mailbox {mailbox:?} (check --mailbox)"))?;
    let uidvalidity = selected
        .uid_validity
        .context("the IMAP server sent no UIDVALIDITY; cannot track messages safely")?;
    let all: HashSet<u32> = session
        .uid_search("ALL")
        .await
        .context("IMAP UID SEARCH ALL")?;
    let top = all.iter().copied().max().unwrap_or(0);
    // RFC 3501 SINCE: internal date on or after the day, e.g. 1-Sep-2026.
    let found: HashSet<u32> = session
        .uid_search(format!(
            "UID 1:{} SINCE {}",
            top.max(1),
            since.format("%-d-%b-%Y")
        ))
        .await
        .context("IMAP UID SEARCH SINCE")?;
    let mut uids: Vec<u32> = found.into_iter().filter(|u| *u <= top).collect();
    uids.sort_unstable();
    drain_unsolicited(session);
    Ok((uidvalidity, top, all.len(), uids))
}

pub async fn start_after(app: &App, inbox: &Inbox, uidvalidity: u32, first: bool) -> Result<u32> {
    let public = inbox.address.without_tag();
    Ok(
        match app
            .store
            .cursor(public.as_str(), &inbox.mailbox, first)
            .await?
        {
            Some((v, last)) if v == uidvalidity => last,
            Some((v, _)) => {
                // The mailbox was recreated: UIDs start over. Dedupe by content and Message-ID
                // keeps already stored messages from being processed twice.
                tracing::warn!(mailbox = %inbox.mailbox, old = v, new = uidvalidity, "UIDVALIDITY changed; rescanning");
                0
            }
            None => 0,
        },
    )
}

async fn mark_processed(session: &mut Session, processed: &Processed, set: &str) -> Result<()> {
    match processed {
        Processed::Leave => {}
        Processed::Keyword(k) => {
            let _: Vec<_> = session
                .uid_store(set, format!("+FLAGS.SILENT ({k})"))
                .await
                .context("IMAP UID STORE")?
                .try_collect()
                .await
                .context("IMAP UID STORE")?;
        }
        Processed::Move(target) => {
            session
                .uid_mv(set, target)
                .await
                .with_context(|| format!("IMAP UID MOVE to {target:?}"))?;
        }
    }
    Ok(())
}

/// Wait for the mailbox to change: IDLE when the server has it, a plain sleep otherwise.
/// Returns the session to go on with. Ends early on cancellation.
pub async fn wait(
    session: Session,
    idle: bool,
    poll: Duration,
    cancel: &CancellationToken,
) -> Result<Session> {
    if !idle {
        tokio::select! {
            _ = tokio::time::sleep(poll) => {}
            _ = cancel.cancelled() => {}
        }
        return Ok(session);
    }
    let mut handle = session.idle();
    handle.init().await.context("starting IMAP IDLE")?;
    {
        // The backstop poll bounds the wait: a server that misses a notification costs at
        // most one poll interval.
        let (fut, stop) = handle.wait_with_timeout(poll.min(IDLE_RENEW));
        tokio::pin!(fut);
        tokio::select! {
            r = &mut fut => { r.context("waiting in IMAP IDLE")?; }
            _ = cancel.cancelled() => {
                drop(stop);
                let _ = fut.await;
            }
        }
    }
    handle.done().await.context("ending IMAP IDLE")
}

pub async fn logout(mut session: Session) {
    let _ = session.logout().await;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_server_s_own_words_not_a_debug_rendering() {
        assert_eq!(
            server_words(
                "no response: code: None, info: Some(\"[AUTHENTICATIONFAILED] Authentication failed.\")"
            ),
            "NO [AUTHENTICATIONFAILED] Authentication failed."
        );
        assert_eq!(
            server_words("bad response: code: None, info: None"),
            "BAD (the server gave no reason)"
        );
        assert_eq!(server_words("connection lost"), "connection lost");
    }
}
