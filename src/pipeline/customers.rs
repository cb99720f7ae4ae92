//! The recent cases of a batch's customers (thread matching and the repeat-customer count
//! read them for every message), read for all the senders prepared so far in one query
//! instead of one query per message, and kept only while nothing but a sender's own new case
//! could have changed them.

use std::collections::{HashMap, VecDeque};

use anyhow::Result;
use chrono::{DateTime, Utc};

use crate::store::{self, CustomerCase, MessageRow};

use super::Prepared;

/// What processing a message changed in the cases `Customers` keeps.
pub(super) enum Changed {
    /// It opened a case for this customer (None: a case without a customer address) and
    /// changed no other case.
    OpenedFor(Option<String>),
    /// Anything else (a follow-up, an answer, a command, a failure rolled back): nothing kept
    /// is trusted any more.
    Other,
}

/// The batch's customers' recent cases, as `store::customer_cases` would read them now.
pub(super) struct Customers {
    known: HashMap<String, Vec<CustomerCase>>,
    /// How far back the cases kept go.
    since: DateTime<Utc>,
}

impl Customers {
    /// Kept cases go back to `since`, the earliest any message of the batch asks for.
    pub(super) fn new(since: DateTime<Utc>) -> Customers {
        Customers {
            known: HashMap::new(),
            since,
        }
    }

    /// Read the cases of every one of `senders` not kept yet, in one query.
    pub(super) async fn read_ahead<'s>(
        &mut self,
        conn: &mut sqlx::AnyConnection,
        senders: impl Iterator<Item = &'s str>,
    ) -> Result<()> {
        let mut missing: Vec<&str> = senders.filter(|s| !self.known.contains_key(*s)).collect();
        missing.sort_unstable();
        missing.dedup();
        if missing.is_empty() {
            return Ok(());
        }
        let mut found = store::customers_cases(conn, &missing, self.since).await?;
        for s in missing {
            let cases = found.remove(s).unwrap_or_default();
            self.known.insert(s.to_string(), cases);
        }
        Ok(())
    }

    /// The customer's cases opened since `since`, newest first: kept ones when there are,
    /// else read now.
    pub(super) async fn of(
        &self,
        conn: &mut sqlx::AnyConnection,
        customer: &str,
        since: DateTime<Utc>,
    ) -> Result<Vec<CustomerCase>> {
        match self.known.get(customer) {
            Some(cases) if since >= self.since => Ok(cases
                .iter()
                .filter(|c| c.opened_at >= since)
                .cloned()
                .collect()),
            _ => store::customer_cases(conn, customer, since).await,
        }
    }

    /// What a processed message changed: its customer's cases (or all) are read again.
    pub(super) fn changed(&mut self, changed: Changed) {
        match changed {
            Changed::OpenedFor(Some(customer)) => {
                self.known.remove(&customer);
            }
            Changed::OpenedFor(None) => {}
            Changed::Other => self.known.clear(),
        }
    }
}

/// Prepared messages, with those already waiting in the channel taken out when their senders'
/// cases are read together (`read_customers`), and the cases read so far.
pub(super) struct Ahead {
    rx: super::PreparedRows,
    ready: VecDeque<(MessageRow, Result<Prepared, String>)>,
    pub(super) customers: Customers,
}

impl Ahead {
    pub(super) fn new(rx: super::PreparedRows, customers: Customers) -> Ahead {
        Ahead {
            rx,
            ready: VecDeque::new(),
            customers,
        }
    }

    pub(super) async fn next(&mut self) -> Option<(MessageRow, Result<Prepared, String>)> {
        match self.ready.pop_front() {
            Some(next) => Some(next),
            None => self.rx.recv().await,
        }
    }

    /// Make sure `sender`'s recent cases are kept, reading them with those of every message
    /// already prepared after it (taken from the channel without waiting).
    pub(super) async fn read_customers(
        &mut self,
        conn: &mut sqlx::AnyConnection,
        sender: &str,
    ) -> Result<()> {
        if self.customers.known.contains_key(sender) {
            return Ok(());
        }
        while let Ok(next) = self.rx.try_recv() {
            self.ready.push_back(next);
        }
        let later = self
            .ready
            .iter()
            .filter_map(|(_, ready)| ready.as_ref().ok()?.sender.as_ref())
            .map(|a| a.as_str());
        self.customers
            .read_ahead(conn, std::iter::once(sender).chain(later))
            .await
    }
}

/// The earliest time any message of `batch` looks back to for its customer's cases: thread
/// matching `same_subject_days` before now, the repeat count `repeat_window` before the
/// message arrived (see `pipeline::read`).
pub(super) fn batch_since(
    batch: &[MessageRow],
    repeat_window: chrono::Duration,
    same_subject: chrono::Duration,
    now: DateTime<Utc>,
) -> DateTime<Utc> {
    batch
        .iter()
        .map(|row| row.received_at.unwrap_or(now) - repeat_window)
        .fold(now - same_subject, DateTime::min)
}
