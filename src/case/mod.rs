//! What qmark does to a case, one action per file: `open`, `follow_up`, `answer`, `command`,
//! `automatic` (an out-of-office or a bounce), `escalate`. Each action records the case change and the mail it calls for in
//! the caller's transaction; the outbox sender does the sending.

pub mod answer;
pub mod automatic;
// The rungs a climb after downtime passes over, recorded once each.
pub mod catchup_rung;
pub mod command;
pub mod escalate;
pub mod evidence;
pub mod follow_up;
pub mod ladder;
pub mod open;
pub mod priority;
pub mod reply;
pub mod thread;
pub mod understand;

use serde::Serialize;

use crate::mail::Mail;
use crate::mail::address::Address;

fn with_tag(subject: &str, case_id: i64) -> String {
    format!("{subject} {}", thread::subject_tag(case_id))
}

pub fn customer_line(mail: &Mail) -> String {
    match &mail.from {
        Some(f) => match (&f.name, &f.address) {
            (Some(n), Some(a)) => format!("{n} <{a}>"),
            (None, Some(a)) => a.to_string(),
            (_, None) => format!("{} (not a valid address)", f.raw),
        },
        None => "(no sender)".into(),
    }
}

pub fn subject_or_placeholder(mail: &Mail) -> &str {
    if mail.subject.is_empty() {
        "(no subject)"
    } else {
        &mail.subject
    }
}

fn attachment_lines(mail: &Mail) -> Vec<String> {
    mail.attachments
        .iter()
        .map(|a| {
            format!(
                "{} ({}, {} bytes)",
                a.name.as_deref().unwrap_or("unnamed"),
                a.content_type,
                a.size
            )
        })
        .collect()
}

#[derive(Serialize)]
struct ForwardView<'a> {
    note: Option<&'a str>,
    public: String,
    deadline: Option<String>,
    case_id: i64,
    route: &'a str,
    priority: &'a str,
    customer: String,
    date: String,
    subject: &'a str,
    attachments: Vec<String>,
    problem: Option<&'a str>,
    /// What the customer wants, when their words say it; the sentence of their problem.
    wants: Option<&'a str>,
    customer_problem: Option<&'a str>,
    related: Option<String>,
    text: &'a str,
    truncated: bool,
    reopened: bool,
    /// For a doubtful complaint sent to triage: the likeliest routes, one line each.
    candidates: Vec<String>,
}

pub use crate::store::forward_root;
pub use answer::answered;
pub use command::{command, reassign};
pub use follow_up::follow_up;
pub use open::{Opening, greeting_name, open_case};

/// Addresses that must never get mail from a robot.
pub fn is_no_reply(a: &Address) -> bool {
    let local = a.local().to_lowercase();
    [
        "noreply",
        "no-reply",
        "no_reply",
        "donotreply",
        "do-not-reply",
        "mailer-daemon",
        "postmaster",
        "bounce",
    ]
    .iter()
    .any(|n| local.contains(n))
}
