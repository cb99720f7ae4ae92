//! The one place that reads the wall clock. Everything else takes `now` as an argument, so
//! `--now` and tests can put qmark at any instant (clippy.toml bans the clock elsewhere).

use chrono::{DateTime, Utc};

#[derive(Debug, Clone, Copy)]
pub enum Clock {
    /// The real time.
    System,
    /// A fixed instant (`--now`): every deadline and schedule is evaluated there.
    Fixed(DateTime<Utc>),
}

impl Clock {
    #[allow(clippy::disallowed_methods)]
    pub fn now(&self) -> DateTime<Utc> {
        match self {
            Clock::System => Utc::now(),
            Clock::Fixed(t) => *t,
        }
    }
}

/// Backoff before retry number `attempt` (1-based): 30 s doubling to at most an hour, with up
/// to 20% jitter so a restarted server is not hit by every row at once.
pub fn backoff(attempt: i64) -> std::time::Duration {
    let base = 30u64.saturating_mul(1u64 << attempt.clamp(0, 7));
    let base = base.min(3600);
    let jitter = rand::random_range(0..=base / 5);
    std::time::Duration::from_secs(base + jitter)
}

#[cfg(test)]
mod tests {
    #[test]
    fn backoff_grows_and_is_capped() {
        let first = super::backoff(1).as_secs();
        assert!((60..=72).contains(&first), "{first}");
        let late = super::backoff(30).as_secs();
        assert!((3600..=4320).contains(&late), "{late}");
    }
}
