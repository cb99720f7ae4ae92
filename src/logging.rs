//! Logging: `QMARK_LOG` (an `EnvFilter`) chooses what goes to stderr, within a cap that keeps
//! credentials out of the log at every level; `QMARK_LOG_FORMAT=json` writes JSON lines.
//!
//! The IMAP and SMTP client crates log the raw protocol lines they write, and those lines carry
//! the password: async-imap logs every command, `LOGIN user password` included, at trace
//! (through the `log` crate); lettre logs every command it writes, `AUTH PLAIN <base64 of the
//! password>` included, at debug (when its `tracing` feature is on, which another crate in the
//! build may switch on). imap-proto logs nothing today. So these crates never log below info,
//! even with `QMARK_LOG=trace` or a directive naming them: the cap is a separate filter that
//! the user's directives cannot override (issue 11). qmark's own logs never contain a secret;
//! `Secret` and `SecretSource` hide their values even from `Debug`.

use tracing_subscriber::filter::{LevelFilter, Targets};
use tracing_subscriber::layer::SubscriberExt as _;
use tracing_subscriber::util::SubscriberInitExt as _;

/// Crates that log protocol lines, and therefore credentials, below info.
/// reqwest and hyper carry the OAuth2 token requests (refresh tokens in their bodies).
const PROTOCOL_CRATES: &[&str] = &[
    "async_imap",
    "imap_proto",
    "lettre",
    "oauth2",
    "reqwest",
    "hyper",
    "hyper_util",
];

/// What is let through whatever `QMARK_LOG` says: everything but the protocol crates' lines.
pub fn cap() -> Targets {
    PROTOCOL_CRATES
        .iter()
        .fold(Targets::new().with_default(LevelFilter::TRACE), |t, c| {
            t.with_target(*c, LevelFilter::INFO)
        })
}

/// How log lines are written: `QMARK_LOG_FORMAT=json` for one JSON object per line (for a
/// log shipper; every decision about a case is one event carrying `case`), else text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
}

impl Format {
    /// `QMARK_LOG_FORMAT`'s value: "json" (any case) is JSON; unset, empty or "text" is text;
    /// anything else is text too, and `init` says so in the log itself.
    pub fn from_env(value: Option<&str>) -> (Format, Option<String>) {
        match value.map(str::trim) {
            None | Some("") => (Format::Text, None),
            Some(v) if v.eq_ignore_ascii_case("json") => (Format::Json, None),
            Some(v) if v.eq_ignore_ascii_case("text") => (Format::Text, None),
            Some(v) => (
                Format::Text,
                Some(format!(
                    "QMARK_LOG_FORMAT={v:?} is not \"json\" or \"text\"; logging text"
                )),
            ),
        }
    }
}

/// Log to stderr with `QMARK_LOG` or, when it is unset or invalid, `default` (EnvFilter syntax),
/// as text or JSON lines (`QMARK_LOG_FORMAT`).
pub fn init(default: &str) {
    let wanted = tracing_subscriber::EnvFilter::try_from_env("QMARK_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default));
    let (format, complaint) = Format::from_env(std::env::var("QMARK_LOG_FORMAT").ok().as_deref());
    match format {
        Format::Json => tracing_subscriber::fmt()
            .json()
            .flatten_event(true)
            .with_current_span(false)
            .with_env_filter(wanted)
            .with_writer(std::io::stderr)
            .finish()
            .with(cap())
            .init(),
        Format::Text => tracing_subscriber::fmt()
            // Colour codes only for a person at a terminal: a log file or the journal gets
            // plain text (escape sequences there are noise a grep trips over).
            .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
            .with_env_filter(wanted)
            .with_writer(std::io::stderr)
            .finish()
            .with(cap())
            .init(),
    }
    if let Some(c) = complaint {
        tracing::warn!("{c}");
    }
    // Says, to whoever asked for everything, why the IMAP and SMTP conversation is missing.
    tracing::trace!(
        capped = ?PROTOCOL_CRATES,
        "protocol crates log at info at most: their debug and trace lines carry credentials"
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use tracing::Level;

    #[test]
    fn the_log_format_comes_from_qmark_log_format() {
        assert_eq!(Format::from_env(None), (Format::Text, None));
        assert_eq!(Format::from_env(Some("json")), (Format::Json, None));
        assert_eq!(Format::from_env(Some(" JSON ")), (Format::Json, None));
        assert_eq!(Format::from_env(Some("text")), (Format::Text, None));
        let (f, why) = Format::from_env(Some("yaml"));
        assert_eq!(f, Format::Text);
        assert!(why.is_some_and(|w| w.contains("yaml")));
    }

    #[test]
    fn protocol_lines_are_capped_and_the_rest_is_not() {
        let cap = cap();
        for target in [
            "async_imap::imap_stream",
            "imap_proto",
            "lettre::transport::smtp::client::async_connection",
        ] {
            assert!(!cap.would_enable(target, &Level::TRACE), "{target}");
            assert!(!cap.would_enable(target, &Level::DEBUG), "{target}");
            assert!(cap.would_enable(target, &Level::INFO), "{target}");
        }
        assert!(cap.would_enable("qmark::pipeline", &Level::TRACE));
        assert!(cap.would_enable("sqlx::query", &Level::TRACE));
    }
}
