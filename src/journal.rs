//! The outbox journal: deciding what to do with a mail *in doubt* (issue 6).
//!
//! The sender marks rows in flight (in small batches) just before handing them to the SMTP
//! server, and the mark is cleared when the outcome is recorded. A pending row still marked
//! after a restart is in doubt: the process died after handing it over and before recording
//! the answer, so the server may have said 250. Sending it again would give its recipient a
//! second copy (same bytes, same Message-ID).
//!
//! With `[outbox] journal = true` every mail is also delivered, envelope only, to the public
//! address tagged `+journal`; the copy comes back through the inbox like any of our own mail
//! and is stored by its Message-ID. A mail in doubt whose copy is stored was accepted: it is
//! marked sent and not sent again. One without a copy waits `JOURNAL_WAIT` for it, then goes
//! again. Without the journal a mail in doubt goes again at once (at least once, same
//! Message-ID, so mail clients that collapse duplicates show one).

use anyhow::{Context, Result};
use chrono::{DateTime, Utc};

use crate::app::App;
use crate::mail::address::Address;
use crate::store::{self, OutboxRow};

/// How long a mail in doubt waits for its journal copy before it is sent again. A copy
/// normally arrives within seconds; a server with a backlog may take longer, and then the
/// mail goes twice (the at-least-once fallback).
pub const JOURNAL_WAIT: chrono::Duration = chrono::Duration::seconds(60);

/// How many rows are marked in flight at once: a crash leaves at most this many in doubt,
/// for one extra commit per batch.
pub const BATCH: usize = 20;

/// What to do with a row about to be sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Doubt {
    /// Not in doubt, or in doubt with no way to tell: send it.
    Send,
    /// Its journal copy is here: the server accepted it; mark it sent.
    Delivered,
    /// In doubt, the journal copy may still come: look again at this instant.
    WaitUntil(DateTime<Utc>),
}

/// The journal address for this installation, when the journal is on.
pub fn address(app: &App) -> Option<Address> {
    address_for(&app.config)
}

/// The journal address the config asks for, if any (for `qmark check`, which has no App).
pub fn address_for(config: &crate::config::Config) -> Option<Address> {
    config
        .outbox_journal
        .then(|| config.inbox.address.with_tag("journal"))
}

/// Decide about one row (pure): when it was marked in flight, whether its copy is stored.
pub fn decide(
    in_flight_since: Option<DateTime<Utc>>,
    journal: bool,
    copy_stored: bool,
    now: DateTime<Utc>,
) -> Doubt {
    match in_flight_since {
        None => Doubt::Send,
        Some(_) if !journal => Doubt::Send,
        Some(_) if copy_stored => Doubt::Delivered,
        Some(t) if now < t + JOURNAL_WAIT => Doubt::WaitUntil(t + JOURNAL_WAIT),
        Some(_) => Doubt::Send,
    }
}

/// Record on the case what was decided about a mail in doubt.
pub async fn note(app: &App, row: &OutboxRow, detail: &str, now: DateTime<Utc>) -> Result<()> {
    tracing::warn!(outbox = row.id, message_id = %row.message_id, "in doubt: {detail}");
    if let Some(case_id) = row.case_id {
        let mut tx = app.store.write().await?;
        store::Event::on(case_id, "send_in_doubt")
            .record(&mut tx, now, detail)
            .await?;
        tx.commit().await.context("committing an in-doubt note")?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::parse_ts;

    #[test]
    fn a_row_in_doubt_waits_for_its_copy_then_goes_again() {
        let t = parse_ts("2026-11-23T09:00:00Z").expect("ts");
        assert_eq!(decide(None, true, false, t), Doubt::Send);
        assert_eq!(decide(Some(t), false, false, t), Doubt::Send);
        assert_eq!(decide(Some(t), true, true, t), Doubt::Delivered);
        assert_eq!(
            decide(Some(t), true, false, t + chrono::Duration::seconds(5)),
            Doubt::WaitUntil(t + JOURNAL_WAIT)
        );
        assert_eq!(decide(Some(t), true, false, t + JOURNAL_WAIT), Doubt::Send);
    }
}
