//! What the unit tests share.

use chrono::{DateTime, Utc};

/// A test's instant, written as RFC 3339.
pub fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s)
        .expect("valid test time")
        .with_timezone(&Utc)
}
