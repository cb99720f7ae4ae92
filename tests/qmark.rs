//! qmark's integration tests: real Dovecot and Postfix, real SMTP and IMAP clients, a real
//! SQLite file per test. One test binary, one folder per feature (tests/support holds the
//! servers, the world each test runs in, and the small helpers the folders share).

// Tests state their assumptions with `.expect("why")`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;
// The loop end to end, the command line, reading outside mail, the answer loop, and time.
mod answers;
mod cli;
mod reading;
mod schedule;
mod the_loop;
// Issue 6: faults (servers down, disk full, crashes mid-send).
mod faults;
// Issue 11: no secret in the log at any level, the database private whatever the umask.
mod secrets;
// Issue 11: a copy is taken once; a reused Message-ID is not a copy.
mod dedupe;
// Issue 11: a complaint too large to attach still reaches its owner; nothing is lost.
mod large;
// Issue 11: mail-parser's own test corpus through the whole daemon.
mod corpus;
// Issue 11: the adversarial suite, one attack per test.
mod adversarial;
// Issue 13: XOAUTH2 through the real Dovecot and Postfix, tokens from a stand-in provider.
mod oauth;
// Issue 16: what people see (times in their zone, one rung after downtime, the chart).
mod look;
// Issue 12 item 5 and issue 16 item 3: what the customer wants, the sentence of their problem.
mod wants;
// Issue 12: urgency corrections that teach the router; triage with its candidates.
mod urgency;
// Issue 14: backfill, replay and export.
mod backfill;
// Issue 14: metrics, health endpoints, systemd notify and reload.
mod ops;
// Issue 14 item 5: signed webhooks to a real local receiver.
mod webhooks;
// Issue 15 item 2: `qmark db copy`, SQLite to PostgreSQL and back.
mod db_copy;
