//! The case clock: the answer deadline in working time, the reminders before it, and the rungs of
//! the escalation ladder after it (`??` to the route's contact, `???` to the executives), each
//! rung with its own deadline. Pure: a case's times and its calendar in, what is due at `now` out.

use chrono::{DateTime, Duration, Utc};

use crate::config::calendar::Calendar;
use crate::config::{Config, Route};

/// The highest rung: `???`, the executives.
pub const TOP_RUNG: i64 = 2;

/// The question marks on a rung's subject: rung 0 is the forward's single `?`.
pub fn marks(rung: i64) -> String {
    "?".repeat(usize::try_from(rung).unwrap_or(0).saturating_add(1))
}

/// The answer deadline of a case of `priority` owned by `owner` on `route`, counted from
/// `from` in working time on the owner's calendar.
pub fn deadline(
    config: &Config,
    route: &Route,
    owner: &crate::mail::address::Address,
    priority: crate::routing::priority::Priority,
    from: DateTime<Utc>,
) -> anyhow::Result<DateTime<Utc>> {
    let d = Duration::from_std(route.deadline_for(priority))
        .map_err(|_| anyhow::anyhow!("route {} deadline out of range", route.name))?;
    config
        .owner_calendar(route, owner.as_str())
        .add(from, d)
        .ok_or_else(|| anyhow::anyhow!("the owner's calendar has no working time left"))
}

/// The deadline of a case that was paused (`waiting`) from `paused_at` and resumes at
/// `resumed_at`: the working time that was left at the pause is left again at the resumption,
/// so waiting on the customer never eats into the owner's time. For the command that resumes
/// a case.
pub fn deadline_after_pause(
    calendar: &Calendar,
    deadline: DateTime<Utc>,
    paused_at: DateTime<Utc>,
    resumed_at: DateTime<Utc>,
) -> DateTime<Utc> {
    let left = calendar.between(paused_at, deadline);
    calendar.add(resumed_at, left).unwrap_or(resumed_at + left)
}

/// One case's clock.
#[derive(Debug, Clone)]
pub struct CaseClock<'a> {
    /// The owner's calendar; every span below is working time on it.
    pub calendar: &'a Calendar,
    /// When the answer clock started (the complaint, or the customer reopening the case).
    pub start: DateTime<Utc>,
    /// The answer deadline: passing it climbs to rung 1.
    pub deadline: DateTime<Utc>,
    /// The working time rung 1 has before rung 2.
    pub rung_deadline: Duration,
    /// The highest rung this case can reach (1 when there is nobody above the route's contact).
    pub top: i64,
}

/// A reminder point: the `fraction` of stage `stage` (0 = before `??`, 1 = before `???`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ReminderPoint {
    pub stage: i64,
    pub fraction: f64,
    pub at: DateTime<Utc>,
    pub stage_deadline: DateTime<Utc>,
}

impl ReminderPoint {
    /// "50%": the point's name, stable for dedupe keys.
    pub fn percent(&self) -> String {
        format!("{:.0}%", self.fraction * 100.0)
    }
}

impl CaseClock<'_> {
    /// The deadline of each stage: stage `s` ends when rung `s + 1` is due.
    pub fn stage_deadlines(&self) -> Vec<(DateTime<Utc>, DateTime<Utc>)> {
        let mut stages = vec![(self.start, self.deadline)];
        if self.top >= 2 {
            let end = self
                .calendar
                .add(self.deadline, self.rung_deadline)
                .unwrap_or(self.deadline + self.rung_deadline);
            stages.push((self.deadline, end));
        }
        stages
    }

    /// The rung the case should be on at `now`: how many stage deadlines have passed.
    pub fn rung_due(&self, now: DateTime<Utc>) -> i64 {
        let passed = self
            .stage_deadlines()
            .iter()
            .filter(|(_, end)| *end <= now)
            .count();
        i64::try_from(passed).unwrap_or(0).min(self.top)
    }

    /// Every reminder point of stage `stage`, earliest first.
    pub fn reminder_points(&self, stage: i64, fractions: &[f64]) -> Vec<ReminderPoint> {
        let stages = self.stage_deadlines();
        let Some(&(start, end)) = usize::try_from(stage).ok().and_then(|s| stages.get(s)) else {
            return Vec::new();
        };
        let span = self.calendar.between(start, end);
        let mut points: Vec<ReminderPoint> = fractions
            .iter()
            .filter_map(|&fraction| {
                let ms = span.num_milliseconds() as f64 * fraction;
                let at = self
                    .calendar
                    .add(start, Duration::milliseconds(ms as i64))?;
                Some(ReminderPoint {
                    stage,
                    fraction,
                    at,
                    stage_deadline: end,
                })
            })
            .collect();
        points.sort_by_key(|p| p.at);
        points
    }

    /// The reminder due at `now` for a case on `rung`: the latest point already reached in the
    /// current stage, while that stage's deadline has not passed. Earlier points that were
    /// never sent (downtime, out of hours) are passed over: one reminder, the most pressing.
    pub fn reminder_due(
        &self,
        rung: i64,
        fractions: &[f64],
        now: DateTime<Utc>,
    ) -> Option<ReminderPoint> {
        self.reminder_points(rung, fractions)
            .into_iter()
            .rfind(|p| p.at <= now && now < p.stage_deadline)
    }

    /// The earliest instant at which a case on `rung` may have reminder or rung work, once the
    /// reminders of its current stage up to the point at `reminded` were handled: the next
    /// reminder point after that, or the stage's deadline. None on the top rung: nothing more
    /// falls due. Stored as the case's `next_due_at`, so it takes no `now`: it holds until
    /// the case's clock changes.
    pub fn next_work(
        &self,
        rung: i64,
        fractions: &[f64],
        reminded: Option<DateTime<Utc>>,
    ) -> Option<DateTime<Utc>> {
        let stages = self.stage_deadlines();
        let &(_, end) = usize::try_from(rung).ok().and_then(|s| stages.get(s))?;
        let point = self
            .reminder_points(rung, fractions)
            .into_iter()
            .map(|p| p.at)
            .find(|at| reminded.is_none_or(|r| *at > r));
        Some(point.map_or(end, |p| p.min(end)))
    }

    /// The next instant after `now` at which something on this clock falls due.
    pub fn next_instant(
        &self,
        rung: i64,
        fractions: &[f64],
        now: DateTime<Utc>,
    ) -> Option<DateTime<Utc>> {
        let reminders = self
            .reminder_points(rung, fractions)
            .into_iter()
            .map(|p| p.at);
        let rungs = self
            .stage_deadlines()
            .into_iter()
            .skip(usize::try_from(rung).unwrap_or(0))
            .map(|(_, end)| end);
        reminders.chain(rungs).filter(|t| *t > now).min()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::at;

    fn office() -> Calendar {
        Calendar {
            holidays: ["2026-11-26".parse().expect("date")].into_iter().collect(),
            ..crate::config::calendar::weekdays(chrono_tz::UTC, "09:00-17:00")
        }
    }

    /// Opened Tuesday 2026-11-24 13:00, 8 working hours: due Wednesday 13:00; the `??` rung
    /// has 8 more: Thursday is a holiday, so `???` is due Friday 13:00.
    fn clock(cal: &Calendar) -> CaseClock<'_> {
        let start = at("2026-11-24T13:00:00Z");
        CaseClock {
            calendar: cal,
            start,
            deadline: cal.add(start, Duration::hours(8)).expect("finite"),
            rung_deadline: Duration::hours(8),
            top: 2,
        }
    }

    #[test]
    fn stages_follow_the_calendar() {
        let cal = office();
        let c = clock(&cal);
        assert_eq!(c.deadline, at("2026-11-25T13:00:00Z"));
        assert_eq!(
            c.stage_deadlines(),
            vec![
                (at("2026-11-24T13:00:00Z"), at("2026-11-25T13:00:00Z")),
                (at("2026-11-25T13:00:00Z"), at("2026-11-27T13:00:00Z")),
            ]
        );
        assert_eq!(c.rung_due(at("2026-11-25T12:59:00Z")), 0);
        assert_eq!(c.rung_due(at("2026-11-25T13:00:00Z")), 1);
        assert_eq!(c.rung_due(at("2026-11-26T23:00:00Z")), 1, "holiday");
        assert_eq!(c.rung_due(at("2026-11-27T13:00:00Z")), 2);
        assert_eq!(
            c.rung_due(at("2026-12-27T13:00:00Z")),
            2,
            "never above the top"
        );
        let one = CaseClock { top: 1, ..c };
        assert_eq!(one.rung_due(at("2026-12-27T13:00:00Z")), 1);
    }

    #[test]
    fn reminders_fall_at_shares_of_working_time() {
        let cal = office();
        let c = clock(&cal);
        let points = c.reminder_points(0, &[0.9, 0.5]);
        assert_eq!(
            points.iter().map(|p| p.at).collect::<Vec<_>>(),
            vec![at("2026-11-24T17:00:00Z"), at("2026-11-25T12:12:00Z")],
            "50% of 8 h is Tuesday's close; 90% is 7 h 12 m in"
        );
        assert_eq!(points[0].percent(), "50%");
        assert_eq!(
            c.reminder_due(0, &[0.5, 0.9], at("2026-11-24T16:59:00Z")),
            None
        );
        assert_eq!(
            c.reminder_due(0, &[0.5, 0.9], at("2026-11-25T09:00:00Z"))
                .map(|p| p.fraction),
            Some(0.5)
        );
        assert_eq!(
            c.reminder_due(0, &[0.5, 0.9], at("2026-11-25T12:30:00Z"))
                .map(|p| p.fraction),
            Some(0.9),
            "after downtime only the most pressing reminder"
        );
        assert_eq!(
            c.reminder_due(0, &[0.5, 0.9], at("2026-11-25T13:00:00Z")),
            None,
            "no reminder once the deadline has passed"
        );
        // The `??` stage has its own reminders: 50% of Wednesday 13:00..Friday 13:00 is
        // Wednesday's close (the holiday counts for nothing).
        assert_eq!(
            c.reminder_points(1, &[0.5])[0].at,
            at("2026-11-25T17:00:00Z")
        );
    }

    #[test]
    fn a_pause_gives_back_the_working_time_that_was_left() {
        let cal = office();
        // Due Wednesday 13:00; paused Tuesday 15:00 with 6 working hours left (Tuesday 2,
        // Wednesday 4); resumed Friday 10:00: due Friday 16:00.
        assert_eq!(
            deadline_after_pause(
                &cal,
                at("2026-11-25T13:00:00Z"),
                at("2026-11-24T15:00:00Z"),
                at("2026-11-27T10:00:00Z"),
            ),
            at("2026-11-27T16:00:00Z")
        );
        // Paused after the deadline: nothing was left, due at the resumption.
        assert_eq!(
            deadline_after_pause(
                &cal,
                at("2026-11-25T13:00:00Z"),
                at("2026-11-25T14:00:00Z"),
                at("2026-11-27T10:00:00Z"),
            ),
            at("2026-11-27T10:00:00Z")
        );
    }

    #[test]
    fn the_next_instant_is_the_next_reminder_or_rung() {
        let cal = office();
        let c = clock(&cal);
        let f = [0.5, 0.9];
        assert_eq!(
            c.next_instant(0, &f, at("2026-11-24T14:00:00Z")),
            Some(at("2026-11-24T17:00:00Z"))
        );
        assert_eq!(
            c.next_instant(0, &f, at("2026-11-25T12:30:00Z")),
            Some(at("2026-11-25T13:00:00Z"))
        );
        assert_eq!(
            c.next_instant(1, &[], at("2026-11-25T13:30:00Z")),
            Some(at("2026-11-27T13:00:00Z"))
        );
        assert_eq!(c.next_instant(2, &f, at("2026-11-27T13:30:00Z")), None);
    }

    #[test]
    fn the_stored_next_work_is_when_the_passes_first_find_something_to_do() {
        let cal = office();
        let c = clock(&cal);
        let f = [0.5, 0.9];
        assert_eq!(c.next_work(0, &f, None), Some(at("2026-11-24T17:00:00Z")));
        assert_eq!(
            c.next_work(0, &f, Some(at("2026-11-24T17:00:00Z"))),
            Some(at("2026-11-25T12:12:00Z")),
            "after the 50% reminder, the 90% one"
        );
        assert_eq!(
            c.next_work(0, &f, Some(at("2026-11-25T12:12:00Z"))),
            Some(at("2026-11-25T13:00:00Z")),
            "after the last reminder, the deadline"
        );
        assert_eq!(c.next_work(1, &[], None), Some(at("2026-11-27T13:00:00Z")));
        assert_eq!(c.next_work(2, &f, None), None, "nothing above the top rung");
        assert_eq!(
            CaseClock {
                top: 1,
                ..c.clone()
            }
            .next_work(1, &f, None),
            None
        );

        // Before the stored instant nothing is due; at it, something is.
        let mut t = at("2026-11-24T13:00:00Z");
        while t < at("2026-11-28T00:00:00Z") {
            for (rung, reminded) in [
                (0, None),
                (0, Some(at("2026-11-24T17:00:00Z"))),
                (0, Some(at("2026-11-25T12:12:00Z"))),
                (1, None),
                (1, Some(at("2026-11-25T17:00:00Z"))),
            ] {
                let next = c.next_work(rung, &f, reminded);
                let climbs = c.rung_due(t) > rung;
                let reminds = c
                    .reminder_due(rung, &f, t)
                    .is_some_and(|p| reminded.is_none_or(|r| p.at > r));
                assert_eq!(
                    climbs || reminds,
                    next.is_some_and(|n| n <= t),
                    "rung {rung}, reminded {reminded:?}, at {t}"
                );
            }
            t += Duration::minutes(6);
        }
    }
}
