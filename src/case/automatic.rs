//! Automatic mail on a case, once `authority` has let it act: the owner's out-of-office hands
//! the case to a delegate or the route's backup; a bounce of the `?` forward moves it to the
//! backup or triage; anything else it asked for is recorded and ignored.

use anyhow::Result;
use chrono::{DateTime, Utc};
use sqlx::AnyConnection;

use crate::app::App;
use crate::authority::{self, Action, CasePeople, Request, Rules, Verdict};
use crate::case::{self, reply};
use crate::mail::Mail;
use crate::mail::address::Address;
use crate::store::{self, CaseRow, ts};

/// The owner's out-of-office (already proven to answer mail qmark sent them): if they are
/// back after the deadline (or do not say), the case goes at once to the delegate they name if
/// `authority` accepts them (a colleague), else the route's backup.
#[allow(clippy::too_many_arguments)]
pub async fn out_of_office<'a>(
    conn: &mut AnyConnection,
    app: &App,
    rules: &Rules<'_>,
    message: i64,
    mail: &Mail,
    case: &CaseRow,
    asks: &impl Fn(Action<'a>) -> Request<'a>,
    now: DateTime<Utc>,
) -> Result<()> {
    let owner = &case.owner;
    let deadline = case.deadline;
    let back = reply::return_date(&mail.text, now);
    if back.is_some_and(|b| b <= deadline) {
        store::Event::on(case.id, "owner_away")
            .by(owner.as_str())
            .about(message)
            .record(
                conn,
                now,
                &format!(
                    "back {} — before the deadline; the case stays",
                    back.map(ts).unwrap_or_default()
                ),
            )
            .await?;
        return Ok(());
    }
    let (to, refused) = away_delegate(app, rules, mail, case, asks);
    let when = back.map_or("without a return date".to_string(), |b| {
        format!("until {}", ts(b))
    });
    match to {
        Some(to) => {
            case::reassign(
                conn,
                app,
                message,
                case,
                &to,
                &format!("{owner} is away {when}, past the deadline"),
                (Some(owner.as_str()), false),
                now,
            )
            .await?;
        }
        None => {
            let refusals = if refused.is_empty() {
                String::new()
            } else {
                format!(" ({})", refused.join("; "))
            };
            store::Event::on(case.id, "owner_away").by(owner.as_str()).about(message).record(conn, now, &format!(
                    "away {when}; no delegate qmark may give the case to and no backup configured for route {}{refusals}",
                    case.route
                ))
            .await?;
        }
    }
    Ok(())
}

/// Whom an away owner's case goes to: the first delegate the auto-reply names, then the
/// route's backup, that authority allows; with the reasons the others were refused.
fn away_delegate<'a>(
    app: &App,
    rules: &Rules<'_>,
    mail: &Mail,
    case: &CaseRow,
    asks: &impl Fn(Action<'a>) -> Request<'a>,
) -> (Option<Address>, Vec<String>) {
    let owner = &case.owner;
    let domains = [app.config.inbox.address.domain(), owner.domain()];
    let route = app.config.route(&case.route).unwrap_or(&app.config.triage);
    let people = CasePeople {
        owner,
        customer: None,
        manager: None,
        companions: &[],
    };
    let mut refused = Vec::new();
    let mut to = None;
    for candidate in reply::delegate(&mail.text, owner, &domains)
        .into_iter()
        .chain(route.backup.clone())
        .filter(|t| t != owner)
    {
        // The request borrows the candidate only for the decision.
        let candidate_ref: &Address = &candidate;
        let verdict = authority::decide(
            rules,
            Some(&people),
            &Request {
                action: Action::AwayReroute { to: candidate_ref },
                ..asks(Action::BounceReroute)
            },
        );
        match verdict {
            Verdict::Allow => {
                to = Some(candidate);
                break;
            }
            Verdict::Refuse(why) | Verdict::Triage(why) => refused.push(why),
        }
    }
    (to, refused)
}

/// Automatic mail that asked, in effect, for a change it has no right to: recorded, nothing
/// else.
pub async fn ignored(
    conn: &mut AnyConnection,
    case_id: i64,
    sender: Option<&Address>,
    message: i64,
    why: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    tracing::warn!(
        message_id = message,
        case = case_id,
        "automatic mail ignored: {why}"
    );
    store::Event::on(case_id, "unauthorized_reply")
        .by_maybe(sender.map(Address::as_str))
        .about(message)
        .record(conn, now, why)
        .await
}

/// The `?` forward to the owner bounced: the case goes to the route's backup, or to triage,
/// and the executives are told once.
pub async fn bounced(
    conn: &mut AnyConnection,
    app: &App,
    message: i64,
    case: &CaseRow,
    now: DateTime<Utc>,
) -> Result<()> {
    let route = app.config.route(&case.route).unwrap_or(&app.config.triage);
    let owner = case.owner.clone();
    let to = route
        .backup
        .clone()
        .filter(|b| *b != owner)
        .unwrap_or_else(|| app.config.triage.owner.clone());
    if to != owner {
        case::reassign(
            conn,
            app,
            message,
            case,
            &to,
            &format!("the forward to {owner} bounced"),
            (None, false),
            now,
        )
        .await?;
    }
    crate::outgoing::notice_executives(
        conn,
        app,
        &format!("bounce:{owner}:{}", now.format("%Y-%m-%d")),
        Some(case.id),
        &format!("mail to {owner} bounced"),
        &case.subject,
        owner.as_str(),
        &format!("The ? forward of case #{} could not be delivered to {owner}; it went to {to}. Check the route's owner in the config.", case.id),
        now,
    )
    .await
}
