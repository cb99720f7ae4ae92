//! qmark: the question-mark inbox. A founder's public address whose every complaint is
//! forwarded to its owner with a `?`, tracked against a deadline, escalated when nobody answers,
//! and summed up for the executives every morning.
//!
//! The functional core (pure, unit-tested): `address`, `config`, `mail`, `understand`,
//! `classify`, `compose`, `render`, parts of `digest` and `escalate`.
//! The imperative shell: `store` (SQLite), `ingest` (IMAP), `outbox` (SMTP), `pipeline`,
//! `runner`, `cli`, and `clock`, the only reader of the wall clock.

pub mod address;
pub mod app;
pub mod authority;
pub mod calendar;
pub mod casework;
pub mod classify;
pub mod cli;
pub mod clock;
pub mod compose;
pub mod config;
// Issue 11: the database's files are private to qmark's user.
pub mod dbfiles;
pub mod digest;
pub mod digest_reply;
pub mod escalate;
pub mod holidays;
pub mod ingest;
pub mod intake;
pub mod intents;
pub mod ladder;
pub mod language;
// Issue 11: what may reach the log (never a credential).
pub mod logging;
pub mod mail;
pub mod model;
pub mod outbox;
pub mod outgoing;
pub mod pipeline;
pub mod priority;
pub mod render;
pub mod reply;
pub mod report;
pub mod runner;
// Issue 6 (proof): one `qmark run` per database.
pub mod runlock;
// Issue 6 (proof): mail in doubt after a crash, resolved from a journal copy.
pub mod journal;
pub mod store;
pub mod thread;
pub mod tls;
pub mod training;
pub mod understand;
pub mod urgency;
pub mod urgency_memory;
pub mod urgency_scope;
