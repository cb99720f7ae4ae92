//! qmark: the question-mark inbox. A founder's public address whose every complaint is
//! forwarded to its owner with a `?`, tracked against a deadline, escalated when nobody answers,
//! and summed up for the executives every morning.
//!
//! The map is in the README's "How it is built": rooms (`mail`, `routing`, `case`, `digest`,
//! `config`, `store`), three roads (`intake` in, `authority` to decide who may act, `outgoing`
//! out), and the shell around them. Decisions are pure and take `now`; only `clock` reads the
//! wall clock.

// The rooms: what a newcomer looks for, by the product's own words.
/// A case's life: opening, follow-ups, answers, commands, automatic mail, threads, rungs.
pub mod case;
/// The operator's file: raw TOML, validation, calendars and holidays.
pub mod config;
/// What the executives read: the digest, department reports, replies to them.
pub mod digest;
/// Mail as a format: parsing, addresses, composing, templates.
pub mod mail;
/// Who owns a complaint: classification, urgency, the model and its training.
pub mod routing;
/// SQLite, and the only SQL.
pub mod store;

// The roads: one way in, one way to decide who may act, one way out.
pub mod authority;
pub mod intake;
pub mod outgoing;

// The shell: the clock, the servers, the loop.
pub mod app;
// Issue 14: a first install on a mailbox that already holds mail.
pub mod backfill;
pub mod cli;
pub mod clock;
// The database's files are private to qmark's user.
pub mod dbfiles;
pub mod files;
// Issue 14: cases, events and timings for the rest of the company.
pub mod export;
// Issue 14: alive and ready (the facts and the verdicts), metrics, the status server, systemd.
pub mod health;
pub mod ingest;
pub mod observe;
pub mod service;
pub mod status_http;
pub mod systemd;
// Issue 13: OAuth2 (XOAUTH2) for Google Workspace and Microsoft 365.
pub mod oauth;
// Mail in doubt after a crash, resolved from a journal copy.
pub mod journal;
// What may reach the log (never a credential).
pub mod logging;
pub mod outbox;
pub mod pipeline;
// Issue 14: stored mail routed again with a proposed config; sends and writes nothing.
pub mod replay;
pub mod runner;
// One `qmark run` per database.
pub mod runlock;
pub mod tls;

#[cfg(test)]
mod testing;
