//! Opening a case: its history, the `?` forward, the urgent notice and the customer's
//! acknowledgment, all queued in the caller's transaction.

use crate::case::understand::Related;
use anyhow::Result;
use chrono::{DateTime, Utc};
use serde::Serialize;
use sqlx::AnyConnection;

use super::{
    ForwardView, attachment_lines, customer_line, is_no_reply, subject_or_placeholder, with_tag,
};
use crate::app::{App, new_token};
use crate::config::Route;
use crate::mail::Mail;
use crate::mail::address::Address;
use crate::mail::compose::{Body, Head};
use crate::mail::when::{Lang, Reader};
use crate::outgoing::{Draft, Purpose, head_for, notice_executives, queue};
use crate::routing::classify::Decision;
use crate::store::{self, NewCase, NewEvent, ts};

pub struct Opening<'a> {
    /// The number the case gets (`store::next_case_id`, in the caller's transaction).
    pub case_id: i64,
    pub message: i64,
    pub raw: &'a [u8],
    pub mail: &'a Mail,
    pub decision: &'a Decision,
    pub route: &'a Route,
    /// The owner when an executive routed the mail by hand; else the route's owner.
    pub owner: Address,
    /// The customer: the sender, or for a manual routing the sender of the forwarded mail.
    pub customer: Option<Address>,
    pub customer_name: Option<String>,
    pub note: Option<String>,
    pub related: Option<crate::case::understand::Related>,
    pub language: Option<&'a str>,
    pub subject_key: &'a str,
    pub received: DateTime<Utc>,
    /// What the customer wants and the sentence of their problem (`wants`).
    pub gist: Option<&'a crate::routing::wants::Gist>,
    /// The public address the complaint came in on: the case's mail goes out from it.
    pub inbox: &'a crate::config::Inbox,
    /// Old mail taken by `qmark backfill`: the case opens without a `?` forward, an
    /// acknowledgment or an urgent notice, and waits for its owner's one summary instead.
    pub quiet: bool,
}

/// Open a case and queue its `?` forward (and the customer's acknowledgment, if due).
pub async fn open_case(
    conn: &mut AnyConnection,
    app: &App,
    o: &Opening<'_>,
    now: DateTime<Utc>,
) -> Result<i64> {
    // Working time on the owner's calendar, by priority.
    let deadline = crate::case::ladder::deadline(
        &app.config,
        o.route,
        &o.owner,
        o.decision.priority,
        o.received,
    )?;
    let customer_address = o
        .customer
        .as_ref()
        .map_or("unknown".into(), |a| a.to_string());
    let subject = subject_or_placeholder(o.mail);
    let case_id = o.case_id;
    // The history first, in the case's own round trip; the forward it announces is queued just
    // after, in the same transaction.
    let events = opening_events(o, &customer_address, subject, deadline);
    store::insert_case(
        conn,
        &NewCase {
            id: case_id,
            token: &new_token(),
            route: &o.route.name,
            owner: o.owner.as_str(),
            priority: o.decision.priority,
            customer_address: &customer_address,
            customer_name: o.customer_name.as_deref(),
            subject,
            opened_at: o.received,
            deadline,
            escalate_to: o.route.escalate_to.as_str(),
            language: o.language,
            subject_key: o.subject_key,
            wants: o.gist.map(|g| g.wants.as_str()),
            problem: o.gist.and_then(|g| g.problem.as_deref()),
            inbox: o.inbox.address.without_tag().as_str(),
        },
        now,
        &events,
    )
    .await?;
    if o.quiet {
        // Old mail: no webhook either, as no `?` forward (a backfill is not a storm).
        store::set_summary_due(conn, case_id, true).await?;
    } else {
        announce(conn, app, o, subject, deadline, now).await?;
        announce_to_webhooks(conn, app, o, now).await?;
    }
    tracing::info!(
        case = case_id,
        message_id = o.message,
        route = %o.route.name,
        owner = %o.owner,
        priority = o.decision.priority.as_str(),
        quiet = o.quiet,
        "case opened"
    );
    Ok(case_id)
}

/// A new case's webhooks: `opened`, and `urgent` when it came in urgent.
async fn announce_to_webhooks(
    conn: &mut AnyConnection,
    app: &App,
    o: &Opening<'_>,
    now: DateTime<Utc>,
) -> Result<()> {
    use crate::webhooks::{Event, Happened};
    let mut events = vec![Event::Opened];
    if o.decision.priority == crate::routing::classify::Priority::Urgent {
        events.push(Event::Urgent);
    }
    for event in events {
        let h = Happened::new(event, o.case_id, format!("case:{}", o.case_id), None);
        crate::webhooks::queue(conn, app, h, now).await?;
    }
    Ok(())
}

/// A new case's mail: the `?` forward, the urgent notice, the acknowledgment.
async fn announce(
    conn: &mut AnyConnection,
    app: &App,
    o: &Opening<'_>,
    subject: &str,
    deadline: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<()> {
    let case_id = o.case_id;
    let owner_reads = Reader::employee(&app.config, o.route, &o.owner);
    let view = ForwardView {
        note: o.note.as_deref(),
        public: o.inbox.address.to_string(),
        deadline: Some(owner_reads.deadline(deadline, now)),
        case_id,
        route: &o.route.name,
        priority: o.decision.priority.as_str(),
        customer: customer_line(o.mail),
        date: owner_reads.at(o.mail.date.unwrap_or(o.received), now),
        subject,
        attachments: attachment_lines(o.mail),
        problem: o.mail.problem.as_deref(),
        wants: o
            .gist
            .map(|g| g.wants)
            .filter(|w| *w != crate::routing::wants::Want::Unknown)
            .map(crate::routing::wants::Want::as_str),
        customer_problem: o.gist.and_then(|g| g.problem.as_deref()),
        related: o.related.map(|r| match r {
            Related::SameCustomer(r) => {
                format!("possibly the same matter as case #{r} from this customer (not merged)")
            }
            Related::OnItsThread(r) => format!(
                "written on case #{r}'s thread by someone who is not that case's customer: \
                 perhaps the customer from another address, perhaps not (not merged; check \
                 before telling either anything of the other's case)"
            ),
        }),
        text: &o.mail.text,
        truncated: o.mail.text_truncated,
        reopened: false,
        candidates: o.decision.candidates.iter().map(|c| c.line()).collect(),
    };
    let text = app.templates.text("forward.txt", &view)?;
    let head = Head {
        subject: with_tag(&format!("? {subject}"), case_id),
        ..head_for(app, Some(case_id), vec![o.owner.clone()], None, now)
    };
    queue(
        conn,
        app,
        Draft {
            key: format!("forward:{}", o.message),
            case_id: Some(case_id),
            purpose: Purpose::Forward,
            urgent: false,
            head,
            body: Body::with_original(text, Some(o.raw)),
        },
        now,
    )
    .await?;
    if o.decision.priority == crate::routing::classify::Priority::Urgent
        && app.config.routing.urgent_copy_executives
    {
        notice_urgent(conn, app, o, subject, now).await?;
    }
    acknowledge(conn, app, case_id, o, deadline, now).await
}

/// A new case's history: opened, routed (with the reasons), possibly related (on both cases),
/// and the forward it queues.
fn opening_events<'a>(
    o: &'a Opening<'_>,
    customer_address: &'a str,
    subject: &str,
    deadline: DateTime<Utc>,
) -> Vec<NewEvent<'a>> {
    let routed = serde_json::json!({
        "route": o.route.name,
        "owner": o.owner,
        "priority": o.decision.priority,
        "confidence": o.decision.confidence,
        "reasons": o.decision.reasons,
    });
    let event = |case_id, kind, actor, message, detail| NewEvent {
        case_id,
        kind,
        actor,
        message,
        detail,
    };
    let case_id = o.case_id;
    let mut events = vec![
        event(
            case_id,
            "opened",
            Some(customer_address),
            Some(o.message),
            subject.to_string(),
        ),
        event(case_id, "routed", None, None, routed.to_string()),
    ];
    if let Some(related) = o.related {
        let r = related.case_id();
        let (here, there) = match related {
            Related::SameCustomer(_) => (
                format!("the same customer has case #{r}; shown to the owner, not merged"),
                format!("the same customer opened case #{case_id}; not merged"),
            ),
            Related::OnItsThread(_) => (
                format!(
                    "written on case #{r}'s thread by someone who is not its customer; \
                     shown to the owner, not merged"
                ),
                format!(
                    "{customer_address} wrote on this case's thread and is not its customer: \
                     opened as case #{case_id}, not merged"
                ),
            ),
        };
        events.push(event(case_id, "possibly_related", None, None, here));
        events.push(event(r, "possibly_related", None, None, there));
    }
    events.push(if o.quiet {
        event(
            case_id,
            "backfilled",
            None,
            None,
            format!(
                "opened by backfill from mail received before qmark ran: no ? forward and no \
                 acknowledgment; listed in {}'s summary, answer due {} (counted from now)",
                o.owner,
                ts(deadline)
            ),
        )
    } else {
        event(
            case_id,
            "forward_queued",
            None,
            None,
            format!(
                "? forward to {} queued, answer due {}",
                o.owner,
                ts(deadline)
            ),
        )
    });
    events
}

/// An urgent complaint: the executives get a copy of the reasons and the customer's words.
async fn notice_urgent(
    conn: &mut AnyConnection,
    app: &App,
    o: &Opening<'_>,
    subject: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    let why: Vec<&str> = o
        .decision
        .reasons
        .iter()
        .filter(|r| r.starts_with("urgent"))
        .map(String::as_str)
        .collect();
    notice_executives(
        conn,
        app,
        &format!("urgent:{}", o.case_id),
        Some(o.case_id),
        "an urgent complaint came in",
        subject,
        o.owner.as_str(),
        &format!(
            "{}\n\nFrom {}:\n\n{}",
            why.join("\n"),
            customer_line(o.mail),
            o.mail.text.chars().take(4000).collect::<String>()
        ),
        now,
    )
    .await?;
    Ok(())
}

/// The name an acknowledgment greets: the display name when it reads like a person's name,
/// else the address's local part. The acknowledgment goes to whatever address the From line
/// says, checked by nobody, so a "name" carrying a link or an address must not make the CEO's
/// office write an attacker's words to a stranger.
pub fn greeting_name(name: Option<&str>, customer: &Address) -> String {
    let plausible = |n: &str| {
        let lower = n.to_lowercase();
        let words = n.split_whitespace().count();
        !n.is_empty()
            && n.chars().count() <= 40
            && words <= 4
            && !["://", "www.", "@", "http", ".com", ".net", ".example"]
                .iter()
                .any(|bad| lower.contains(bad))
            && !n.chars().any(|c| c.is_ascii_digit() || c.is_control())
    };
    match name.map(str::trim) {
        Some(n) if plausible(n) => n.to_string(),
        _ => customer.local().to_string(),
    }
}

#[derive(Serialize)]
struct AckView<'a> {
    customer_name: &'a str,
    public: String,
    team: &'a str,
    deadline: String,
    case_id: i64,
}

/// Why a customer gets no acknowledgment for this case, if they get none: a robot's address,
/// an executive of the company writing in, or one already sent within the window.
async fn ack_skipped(
    conn: &mut AnyConnection,
    app: &App,
    o: &Opening<'_>,
    customer: &Address,
    now: DateTime<Utc>,
) -> Result<Option<&'static str>> {
    if is_no_reply(customer) {
        return Ok(Some("a no-reply address"));
    }
    if customer.domain() == o.inbox.address.domain() && app.config.is_executive(customer) {
        return Ok(Some("an executive"));
    }
    let window = now
        - chrono::Duration::from_std(app.config.ack_window).unwrap_or(chrono::Duration::hours(24));
    let recent = store::acks_to_since(conn, customer.as_str(), window).await?;
    Ok((recent > 0).then_some("already acknowledged within the window"))
}

async fn acknowledge(
    conn: &mut AnyConnection,
    app: &App,
    case_id: i64,
    o: &Opening<'_>,
    deadline: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<()> {
    let (true, Some(customer)) = (o.route.acknowledge, o.customer.as_ref()) else {
        return Ok(());
    };
    let skip = ack_skipped(conn, app, o, customer, now).await?;
    if let Some(why) = skip {
        store::Event::on(case_id, "ack_skipped")
            .record(conn, now, why)
            .await?;
        return Ok(());
    }
    // The complaint's own language when there is a template for it, else the inbox's
    // (`[[inbox]] language`: a Korean brand's address answers in Korean), else English.
    let has = |l: &str| app.templates.has_text(&format!("ack.{l}.txt"));
    let lang = o
        .language
        .filter(|l| has(l))
        .or(o.inbox.language.as_deref().filter(|l| has(l)))
        .unwrap_or("en");
    let template = format!("ack.{lang}.txt");
    let name = greeting_name(o.customer_name.as_deref(), customer);
    let text = app.templates.text(
        &template,
        &AckView {
            customer_name: &name,
            public: o.inbox.address.to_string(),
            team: &o.route.team,
            deadline: Reader::on_route(
                &app.config,
                o.route,
                customer.as_str(),
                Lang::from_code(
                    template
                        .strip_prefix("ack.")
                        .and_then(|t| t.split('.').next()),
                ),
            )
            .at(deadline, now),
            case_id,
        },
    )?;
    let root = o.mail.message_id.clone();
    let head = Head {
        subject: with_tag(&format!("Re: {}", subject_or_placeholder(o.mail)), case_id),
        auto_submitted: "auto-replied",
        ..head_for(app, Some(case_id), vec![customer.clone()], root, now)
    };
    let queued = queue(
        conn,
        app,
        Draft {
            key: format!("ack:{case_id}"),
            case_id: Some(case_id),
            purpose: Purpose::Ack,
            urgent: false,
            head,
            body: Body::text(text),
        },
        now,
    )
    .await?;
    if queued.is_new() {
        store::Event::on(case_id, "ack_queued")
            .record(conn, now, &format!("acknowledgment ({lang}) to {customer}"))
            .await?;
    }
    Ok(())
}

#[cfg(test)]
mod greeting_tests {
    use super::*;

    #[test]
    fn only_a_name_that_reads_like_a_person_is_greeted() {
        let kim = Address::parse("kim@customer.example").expect("address");
        assert_eq!(greeting_name(Some("Kim Minji"), &kim), "Kim Minji");
        assert_eq!(greeting_name(Some("김민지"), &kim), "김민지");
        assert_eq!(greeting_name(None, &kim), "kim");
        for hostile in [
            "Claim your refund at http://phish.example/0",
            "www.phish.example",
            "support@bank.example",
            "Call 010 1234 5678 now",
            "a very long name that goes on and on and on and on",
        ] {
            assert_eq!(greeting_name(Some(hostile), &kim), "kim", "{hostile}");
        }
    }
}
