//! What the unit tests share.

use chrono::{DateTime, Utc};

/// A test's instant, written as RFC 3339.
pub fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s)
        .expect("valid test time")
        .with_timezone(&Utc)
}

/// The shipped `config.example.toml`, parsed: what a new operator starts from.
pub fn example_config() -> crate::config::Config {
    crate::config::Config::parse(include_str!("../config.example.toml"))
        .expect("config.example.toml parses")
}
