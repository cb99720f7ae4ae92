//! Acting on the digest by replying to it: an executive writes `bump 3`, `reassign 5
//! someone@company.com` or `close 7` (case numbers as the digest lists them), one per line.
//! Parsing is pure; carrying the commands out is the shell. Only an executive may command, as
//! with reply commands on a case; a reply from anyone else is recorded and changes nothing.

use anyhow::{Context, Result};
use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::app::App;
use crate::authority::{self, Action, DigestReader, Request, Verdict};
use crate::case::escalate;
use crate::case::ladder::TOP_RUNG;
use crate::mail::Mail;
use crate::mail::address::Address;
use crate::mail::compose::{Body, Head};
use crate::store;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// Climb one rung now.
    Bump(i64),
    /// Give the case to someone else, with a fresh deadline on their calendar.
    Reassign(i64, Address),
    /// Close the case.
    Close(i64),
}

impl Command {
    fn case_id(&self) -> i64 {
        match self {
            Command::Bump(n) | Command::Reassign(n, _) | Command::Close(n) => *n,
        }
    }
}

/// The commands at the top of a reply, one per line, until the quoted digest begins. A line
/// that starts with a command word but does not parse is an error the executive is told about;
/// any other line (a greeting, a signature) is ignored.
pub fn parse(text: &str) -> Vec<Result<Command, String>> {
    let mut out = Vec::new();
    for line in text.lines() {
        let line = line.trim();
        if line.starts_with('>') || (line.starts_with("On ") && line.ends_with("wrote:")) {
            break;
        }
        if line.starts_with("-----") || line.starts_with("From:") || line.starts_with("qmark ") {
            break;
        }
        let words: Vec<&str> = line.split_whitespace().collect();
        let Some(verb) = words.first().map(|w| clean(w).to_lowercase()) else {
            continue;
        };
        let number = |w: &str| clean(w).trim_start_matches('#').parse::<i64>().ok();
        if !VERBS.contains(&verb.as_str()) {
            // "bmup 7": a slip of the keyboard is said, not skipped in silence.
            if words.get(1).and_then(|w| number(w)).is_some()
                && VERBS.iter().any(|v| edits(&verb, v) <= 2)
            {
                out.push(Err(format!(
                    "{line:?} is not a command; write `bump 3`, `reassign 5 someone@company.com` or `close 7`"
                )));
            }
            continue;
        }
        // `bump 7, 8` and `close 6.`: every number after the verb; words after them ("close 6
        // please", "close 6 부탁합니다") are manners, unless they are another command.
        let numbers: Vec<i64> = words
            .iter()
            .skip(1)
            .map_while(|w| number(w).or_else(|| (clean(w).is_empty()).then_some(-1)))
            .filter(|n| *n >= 0)
            .collect();
        let rest = &words[(1 + numbers.len()).min(words.len())..];
        let another_verb = rest
            .iter()
            .any(|w| VERBS.contains(&clean(w).to_lowercase().as_str()));
        if numbers.is_empty() || another_verb {
            out.push(Err(format!(
                "{line:?} is not a command; write `bump 3`, `reassign 5 someone@company.com` or `close 7`, one per line"
            )));
            continue;
        }
        match verb.as_str() {
            "bump" => out.extend(numbers.iter().map(|n| Ok(Command::Bump(*n)))),
            "close" => out.extend(numbers.iter().map(|n| Ok(Command::Close(*n)))),
            _ => {
                // `reassign 8 jane@…`, `reassign 8 to Jane <jane@…>`.
                // Two addresses on the line are a question, not a command: which one?
                let mut named = rest
                    .iter()
                    .map(|w| w.trim_matches(['<', '>', '.', ',', ';', '(', ')']))
                    .filter(|w| w.contains('@'));
                let who = named.next().filter(|_| named.next().is_none());
                out.push(match (numbers.as_slice(), who) {
                    ([n], Some(who)) => Address::parse(who)
                        .map(|a| Command::Reassign(*n, a))
                        .map_err(|e| format!("{line:?}: {who:?} is not an address ({e})")),
                    _ => Err(format!(
                        "{line:?} is not a command; write `reassign 5 someone@company.com`, one case per line"
                    )),
                });
            }
        }
    }
    out
}

const VERBS: &[&str] = &["bump", "reassign", "close"];

/// A word without the punctuation people end it with ("6.", "7,", "bump:").
fn clean(w: &str) -> &str {
    w.trim_end_matches(['.', ',', ';', ':', '!', '?'])
}

/// Levenshtein distance, for telling a typo of a command word from any other word.
fn edits(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

/// Whether `mail` is commands sent to a digest's reply address (a public address with a
/// digest token an executive was given, `ceo+qd-<mac>@`) whatever its headers say: a client
/// that drops In-Reply-To, or a new mail to that address. Mail there without a command is
/// not (an executive forwarding a complaint to it routes it by hand).
pub fn to_digest_address(app: &App, mail: &Mail) -> bool {
    crate::case::evidence::digest_token_in_recipients(app, mail).is_some()
        && parse(&mail.text).iter().any(Result::is_ok)
}

/// Whether `mail` replies to a digest, department report or catch-up mail we sent: mail that
/// lists case numbers, so a reply to it is commands, never a new complaint.
pub async fn replies_to_digest(conn: &mut sqlx::AnyConnection, mail: &Mail) -> Result<bool> {
    for id in mail.in_reply_to.iter().chain(mail.references.iter()) {
        if let Some(
            store::Purpose::Digest
            | store::Purpose::Report
            | store::Purpose::CatchUp
            | store::Purpose::BackfillSummary,
        ) = store::sent_mail_purpose(conn, id).await?
        {
            return Ok(true);
        }
    }
    Ok(false)
}

#[derive(Serialize)]
struct ResultView {
    results: Vec<String>,
}

/// If `mail` is a reply to a digest, carry out its commands and answer the executive with
/// what was done. Returns false when it is not a reply to a digest (the caller goes on).
pub async fn handle(app: &App, message: i64, mail: &Mail, now: DateTime<Utc>) -> Result<bool> {
    let mut conn = app.store.pool().acquire().await?;
    if !to_digest_address(app, mail) && !replies_to_digest(&mut conn, mail).await? {
        return Ok(false);
    }
    drop(conn);
    let from = mail
        .from
        .as_ref()
        .and_then(|f| f.address.as_ref())
        .map(Address::without_tag);
    let token_for = crate::case::evidence::digest_token_for(app, mail);
    let proof = crate::case::evidence::proof_of(app, mail, from.as_ref());
    let rules = crate::case::evidence::rules(app);
    let asks = |reassign_to| Request {
        sender: from.as_ref(),
        token_for: token_for.as_ref(),
        proof,
        action: Action::DigestCommand { reassign_to },
    };
    let reader = authority::digest_reader(&rules, &asks(None));
    let theirs_only = reader == DigestReader::CasePerson;
    let (DigestReader::Executive | DigestReader::CasePerson, Some(exec)) = (&reader, from.clone())
    else {
        let why = match reader {
            DigestReader::Refused(why) => why,
            _ => "no sender".into(),
        };
        let mut tx = app.store.write().await?;
        store::mark_processed(&mut tx, message, "unauthorized", None, now).await?;
        tx.commit()
            .await
            .context("committing a stranger's digest reply")?;
        tracing::warn!(
            message_id = message,
            "a reply to the digest changed nothing: {why}"
        );
        return Ok(true);
    };
    let mut results = Vec::new();
    let mut seen = Vec::new();
    for command in parse(&mail.text) {
        let line = match command {
            Err(e) => format!("not done: {e}"),
            // `bump 7` twice in one reply is one bump: the second had been answered "went up
            // to ???" for a rung never climbed (attack round six).
            Ok(c) if seen.contains(&c) => {
                format!("case #{}: the same command again, done once", c.case_id())
            }
            // An executive's `reassign` is checked here (any case); the others' with their case.
            Ok(Command::Reassign(n, ref to))
                if !theirs_only
                    && let Verdict::Refuse(why) | Verdict::Triage(why) = authority::decide(
                        &rules,
                        None,
                        &Request {
                            action: Action::DigestCommand {
                                reassign_to: Some(to),
                            },
                            ..asks(None)
                        },
                    ) =>
            {
                format!("not done: case #{n}: {why}")
            }
            Ok(c)
                if theirs_only
                    && let Err(why) = case_is_theirs(app, &rules, asks(None), &c).await =>
            {
                format!("not done: case #{}: {why}", c.case_id())
            }
            Ok(c) => match execute(app, message, &exec, &c, now)
                .await
                .inspect(|_| seen.push(c.clone()))
            {
                Ok(done) => format!("done: {done}"),
                Err(e) => format!("not done: case #{}: {e:#}", c.case_id()),
            },
        };
        results.push(line);
    }
    answer(app, message, mail, exec, results, now).await?;
    Ok(true)
}

/// Tell the executive what each line did, and mark the reply processed, in one transaction.
async fn answer(
    app: &App,
    message: i64,
    mail: &Mail,
    exec: Address,
    mut results: Vec<String>,
    now: DateTime<Utc>,
) -> Result<()> {
    if results.is_empty() {
        results.push(
            "no command found; write `bump 3`, `reassign 5 someone@company.com` or `close 7`, one per line"
                .into(),
        );
    }
    let text = app
        .templates
        .text("digest_reply.txt", &ResultView { results })?;
    let head = Head {
        subject: if mail.subject.to_lowercase().starts_with("re:") {
            mail.subject.clone()
        } else {
            format!("Re: {}", mail.subject)
        },
        auto_submitted: "auto-replied",
        in_reply_to: mail.message_id.clone(),
        references: mail.message_id.clone().into_iter().collect(),
        ..crate::outgoing::digest_head(app, vec![exec], now)
    };
    let mut tx = app.store.write().await?;
    crate::outgoing::queue(
        &mut tx,
        app,
        crate::outgoing::Draft {
            key: format!("digest_reply:{message}"),
            case_id: None,
            purpose: crate::outgoing::Purpose::CommandResult,
            head,
            body: Body::text(text),
            urgent: false,
        },
        now,
    )
    .await?;
    store::mark_processed(&mut tx, message, "digest_command", None, now).await?;
    tx.commit().await.context("committing a digest reply")
}

/// Whether the command's case is the sender's to command (its owner, or its manager once it
/// reached their rung), for one of the company's people who is not an executive.
async fn case_is_theirs(
    app: &App,
    rules: &authority::Rules<'_>,
    asks: Request<'_>,
    command: &Command,
) -> Result<(), String> {
    let Ok(Some(case)) = app.store.case(command.case_id()).await else {
        return Err("there is no such case".into());
    };
    // The manager's say begins with the `??` that asks them, as on the case's own thread.
    let manager = Address::parse(&case.escalate_to)
        .ok()
        .filter(|_| case.rung >= 1);
    let people = authority::CasePeople {
        owner: &case.owner,
        customer: case.customer_address.as_ref(),
        manager: manager.as_ref(),
        companions: &[],
    };
    let reassign_to = match command {
        Command::Reassign(_, to) => Some(to),
        _ => None,
    };
    let req = Request {
        action: Action::DigestCommand { reassign_to },
        ..asks
    };
    match authority::decide(rules, Some(&people), &req) {
        Verdict::Allow => Ok(()),
        Verdict::Refuse(why) | Verdict::Triage(why) => Err(why),
    }
}

/// Whether this reply's `command` was carried out before (a crash between it and the answer):
/// the event it leaves, about this message. Per command: a reply's second `reassign` of one
/// case had been taken for done by the first one's event, and reported done though it was not
/// (attack round seven).
fn done_before(events: &[store::EventRow], message: i64, command: &Command) -> bool {
    events
        .iter()
        .filter(|e| e.message_id == Some(message))
        .any(|e| match command {
            Command::Close(_) => e.kind == "closed",
            Command::Bump(_) => e.kind == "bumped",
            Command::Reassign(_, to) => {
                e.kind == "reassigned" && e.detail.contains(&format!(" to {to}:"))
            }
        })
}

/// Carry out one command. Each is idempotent for this message: processing it again after a
/// crash finds it done.
async fn execute(
    app: &App,
    message: i64,
    exec: &Address,
    command: &Command,
    now: DateTime<Utc>,
) -> Result<String> {
    let id = command.case_id();
    let case = app
        .store
        .case(id)
        .await?
        .with_context(|| "there is no such case".to_string())?;
    let already = done_before(&app.store.events(id).await?, message, command);
    match command {
        Command::Close(_) => {
            if !already {
                let mut tx = app.store.write().await?;
                store::set_case_status(&mut tx, id, store::CaseStatus::Closed, now).await?;
                store::Event::on(id, "closed")
                    .by(exec.as_str())
                    .about(message)
                    .record(&mut tx, now, "closed by a reply to the digest")
                    .await?;
                tx.commit().await.context("closing a case")?;
            }
            Ok(format!("case #{id} is closed"))
        }
        Command::Bump(_) => {
            if !case.is_open() {
                anyhow::bail!("it is {}, not open", case.status);
            }
            if !already {
                if case.rung >= TOP_RUNG {
                    anyhow::bail!("it is already with the executives (`???`)");
                }
                let mut tx = app.store.write().await?;
                store::Event::on(id, "bumped")
                    .by(exec.as_str())
                    .about(message)
                    .record(
                        &mut tx,
                        now,
                        &format!(
                            "bumped to {} by a reply to the digest",
                            escalate::marks(case.rung + 1)
                        ),
                    )
                    .await?;
                // An executive bumping a case says it is urgent: the router learns that too.
                crate::case::priority::set(
                    &mut tx,
                    app,
                    message,
                    &case,
                    exec.as_str(),
                    crate::routing::classify::Priority::Urgent,
                    "digest bump",
                    now,
                )
                .await?;
                tx.commit().await.context("recording a bump")?;
                escalate::climb_now(app, &case, case.rung + 1, now).await?;
                return Ok(format!(
                    "case #{id} went up to {}",
                    escalate::marks(case.rung + 1)
                ));
            }
            // Done before a crash: the case already stands on the rung it went up to.
            Ok(format!(
                "case #{id} went up to {}",
                escalate::marks(case.rung)
            ))
        }
        Command::Reassign(_, to) => {
            if !already && to.without_tag() == case.owner.without_tag() {
                anyhow::bail!("it is already {to}'s");
            }
            if !already {
                escalate::reassign(app, &case, to, exec, message, now).await?;
            }
            Ok(format!("case #{id} is now {to}'s"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_until_the_quote() {
        let got = parse(
            "Hi,\nbump 3\nReassign #5 Someone@Company.example\nclose 7\nclose seven\n\nThanks\n> bump 9\n",
        );
        assert_eq!(got.len(), 4, "{got:?}");
        assert_eq!(got[0], Ok(Command::Bump(3)));
        assert_eq!(
            got[1],
            Ok(Command::Reassign(
                5,
                Address::parse("someone@company.example").expect("valid")
            ))
        );
        assert_eq!(got[2], Ok(Command::Close(7)));
        assert!(got[3].is_err(), "a bad number is reported, not ignored");
        assert!(
            parse("reassign 5 nobody")
                .first()
                .is_some_and(Result::is_err)
        );
        assert!(parse("On Monday the founder wrote:\nbump 3").is_empty());
    }

    #[test]
    fn a_command_counts_as_done_only_by_its_own_event() {
        let event = |kind: &str, detail: &str| store::EventRow {
            id: 1,
            at: chrono::DateTime::UNIX_EPOCH,
            kind: kind.into(),
            actor: None,
            message_id: Some(5),
            detail: detail.into(),
        };
        let jane = Address::parse("jane@company.example").expect("valid");
        let bob = Address::parse("bob@company.example").expect("valid");
        let events = [event(
            "reassigned",
            "from billing@company.example to jane@company.example: by the founder; new deadline x",
        )];
        assert!(done_before(&events, 5, &Command::Reassign(1, jane.clone())));
        assert!(!done_before(&events, 5, &Command::Reassign(1, bob)));
        assert!(!done_before(&events, 5, &Command::Close(1)));
        assert!(!done_before(&events, 6, &Command::Reassign(1, jane)));
        assert!(done_before(&[event("closed", "")], 5, &Command::Close(1)));
    }

    #[test]
    fn commands_as_people_type_them() {
        // A README-only attacker's lines, each refused or lost before.
        let jane = Address::parse("jane@company.example").expect("valid");
        assert_eq!(parse("close 6."), [Ok(Command::Close(6))]);
        assert_eq!(
            parse("bump 7, 8"),
            [Ok(Command::Bump(7)), Ok(Command::Bump(8))]
        );
        assert_eq!(parse("close 6 부탁합니다"), [Ok(Command::Close(6))]);
        assert_eq!(
            parse("reassign 8 to jane@company.example."),
            [Ok(Command::Reassign(8, jane.clone()))]
        );
        assert_eq!(
            parse("Reassign #8 to Jane <jane@company.example>"),
            [Ok(Command::Reassign(8, jane))]
        );
        // A typo is said, not skipped; two commands on one line are one error.
        assert!(matches!(parse("bmup 7").as_slice(), [Err(_)]));
        assert!(matches!(parse("bump 7 close 3").as_slice(), [Err(_)]));
        assert!(matches!(
            parse("reassign 8 jane@company.example bob@company.example").as_slice(),
            [Err(_)]
        ));
        // Ordinary lines with a number stay ignored.
        assert!(parse("Thanks 2 all\nRoom 12 is fine").is_empty());
    }
}
