//! Logging: `QMARK_LOG` (an `EnvFilter`) chooses what goes to stderr, within a cap that keeps
//! credentials out of the log at every level.
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

/// Log to stderr with `QMARK_LOG` or, when it is unset or invalid, `default` (EnvFilter syntax).
pub fn init(default: &str) {
    let wanted = tracing_subscriber::EnvFilter::try_from_env("QMARK_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default));
    tracing_subscriber::fmt()
        .with_env_filter(wanted)
        .with_writer(std::io::stderr)
        .finish()
        .with(cap())
        .init();
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
