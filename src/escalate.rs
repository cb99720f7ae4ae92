//! The escalation ladder: an open case past its deadline climbs one rung (`??` to the route's
//! escalation contact, owner in Cc). Each rung is a unique outbox key, so re-running at the same
//! instant, or after a crash, sends nothing twice.

use anyhow::{Context, Result};
use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::address::Address;
use crate::app::App;
use crate::compose::{self, Body, Head};
use crate::render::human_duration;
use crate::store::{self, CaseRow, NewOutbox, parse_ts};

/// The rung this pass climbs to: 1 = `??`.
pub const FIRST_RUNG: i64 = 1;

/// The question marks on a rung's subject: rung 0 is the forward's single `?`.
pub fn marks(rung: i64) -> String {
    "?".repeat(usize::try_from(rung).unwrap_or(0).saturating_add(1))
}

#[derive(Serialize)]
struct EscalationView<'a> {
    marks: String,
    case_id: i64,
    deadline: &'a str,
    overdue: String,
    owner: &'a str,
    route: &'a str,
    customer: &'a str,
    subject: &'a str,
    opened_at: &'a str,
    text: String,
}

/// Escalate every case that is due. Returns how many rungs were climbed.
pub async fn escalate_once(app: &App, now: DateTime<Utc>) -> Result<usize> {
    let mut climbed = 0;
    for case in app.store.cases_due_for_rung(FIRST_RUNG, now).await? {
        match escalate_case(app, &case, FIRST_RUNG, now).await {
            Ok(true) => climbed += 1,
            Ok(false) => {}
            Err(e) => tracing::warn!(case = case.id, "escalation failed: {e:#}"),
        }
    }
    Ok(climbed)
}

async fn escalate_case(app: &App, case: &CaseRow, rung: i64, now: DateTime<Utc>) -> Result<bool> {
    let to = Address::parse(&case.escalate_to).context("stored escalation address is invalid")?;
    let owner = Address::parse(&case.owner).context("stored owner address is invalid")?;
    let deadline = parse_ts(&case.deadline).unwrap_or(now);
    let complaint = match app.store.first_message_id(case.id).await? {
        Some(id) => app.store.message_raw(id).await?,
        None => None,
    };
    let text = complaint
        .as_deref()
        .map(|raw| crate::mail::parse(raw).text)
        .unwrap_or_default();
    let view = EscalationView {
        marks: marks(rung),
        case_id: case.id,
        deadline: &case.deadline,
        overdue: human_duration(now - deadline),
        owner: &case.owner,
        route: &case.route,
        customer: &case.customer_address,
        subject: &case.subject,
        opened_at: &case.opened_at,
        text,
    };
    let body = app.templates.text("escalation.txt", &view)?;
    let forward = app
        .store
        .case_outbox(case.id)
        .await?
        .into_iter()
        .find(|o| o.purpose == "forward")
        .map(|o| o.message_id);
    let message_id = compose::new_message_id(&app.token(case.id, &to), app.id_domain());
    let head = Head {
        from: app.config.smtp.from.clone(),
        reply_to: Some(app.reply_address(case.id, &to)),
        to: vec![to.clone()],
        cc: if owner == to {
            vec![]
        } else {
            vec![owner.clone()]
        },
        subject: format!(
            "{} {} {}",
            marks(rung),
            case.subject,
            crate::thread::subject_tag(case.id)
        ),
        message_id: message_id.clone(),
        in_reply_to: forward.clone(),
        references: forward.into_iter().collect(),
        date: now,
        auto_submitted: "auto-generated",
        loop_marker: app.config.inbox.address.clone(),
        case_id: Some(case.id),
    };
    let bytes = compose::compose(
        &head,
        Body {
            text: body,
            html: None,
            original: complaint.as_deref(),
        },
    );
    let mut recipients = vec![to.to_string()];
    if owner != to {
        recipients.push(owner.to_string());
    }

    let mut tx = app.store.write().await?;
    // The climb is conditional on the rung still being below: a second pass (or a second
    // process) that read the same case finds nothing to do.
    if !store::climb(&mut tx, case.id, rung, now).await? {
        return Ok(false);
    }
    let queued = store::insert_outbox(
        &mut tx,
        &NewOutbox {
            dedupe_key: &format!("rung:{}:{rung}", case.id),
            case_id: Some(case.id),
            purpose: "escalation",
            message_id: &message_id,
            envelope_from: app.config.smtp.from.address.as_str(),
            recipients: &recipients,
            body: &bytes,
        },
        now,
    )
    .await?;
    if queued.is_some() {
        store::insert_event(
            &mut tx,
            case.id,
            now,
            "escalated",
            None,
            None,
            &format!(
                "{} to {} (owner {} in Cc): no answer by {}",
                marks(rung),
                to,
                owner,
                case.deadline
            ),
        )
        .await?;
    }
    tx.commit().await.context("committing an escalation")?;
    tracing::info!(case = case.id, rung, to = %to, "escalated");
    Ok(queued.is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rungs_have_their_marks() {
        assert_eq!(marks(0), "?");
        assert_eq!(marks(1), "??");
        assert_eq!(marks(2), "???");
    }
}
