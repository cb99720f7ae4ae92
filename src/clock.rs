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
