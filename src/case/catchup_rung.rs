//! The history a case's climb leaves: one `escalated` entry per rung passed. After downtime a
//! case goes straight to the highest rung reached in one mail (escalate.rs); the rungs it
//! passed over are still recorded, once each, saying whose mail it became. Pure.

use crate::case::ladder::marks;

/// The `escalated` entries for a case climbing from rung `from` to rung `to` in one mail:
/// `recipients(r)` and `cc(r)` are who rung `r` goes to and who it copies; `catch_up` is the
/// number of cases listed when the mail is a catch-up mail.
pub fn rung_events(
    from: i64,
    to: i64,
    recipients: &dyn Fn(i64) -> Vec<String>,
    cc: &dyn Fn(i64) -> Vec<String>,
    deadline: &str,
    catch_up: Option<usize>,
) -> Vec<String> {
    let listing = match catch_up {
        Some(n) => format!(" (one catch-up mail listing {n} cases)"),
        None => String::new(),
    };
    ((from + 1)..=to)
        .map(|r| {
            if r < to {
                format!(
                    "{} to {}: no answer by {deadline}; passed while qmark was not running, so \
                     the case went straight to {} in one mail with them in Cc{listing}",
                    marks(r),
                    recipients(r).join(", "),
                    marks(to)
                )
            } else {
                let cc = cc(r);
                format!(
                    "{} to {}{}: no answer by {deadline}{listing}",
                    marks(r),
                    recipients(r).join(", "),
                    if cc.is_empty() {
                        String::new()
                    } else {
                        format!(" (Cc {})", cc.join(", "))
                    },
                )
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn who(r: i64) -> Vec<String> {
        match r {
            1 => vec!["cfo@shop.example".into()],
            _ => vec!["founder@shop.example".into()],
        }
    }

    fn copied(r: i64) -> Vec<String> {
        match r {
            1 => vec!["billing@shop.example".into()],
            _ => vec!["billing@shop.example".into(), "cfo@shop.example".into()],
        }
    }

    #[test]
    fn a_climb_past_two_rungs_records_both_once() {
        let events = rung_events(0, 2, &who, &copied, "2026-12-07T13:00:00.000Z", None);
        assert_eq!(events.len(), 2, "{events:?}");
        assert!(
            events[0].starts_with("?? to cfo@shop.example: no answer by 2026-12-07T13:00:00.000Z; passed while qmark was not running")
                && events[0].contains("straight to ???"),
            "{}",
            events[0]
        );
        assert_eq!(
            events[1],
            "??? to founder@shop.example (Cc billing@shop.example, cfo@shop.example): no answer by 2026-12-07T13:00:00.000Z"
        );
    }

    #[test]
    fn one_rung_is_one_entry_and_none_is_none() {
        let events = rung_events(1, 2, &who, &copied, "d", Some(3));
        assert_eq!(
            events,
            vec![
                "??? to founder@shop.example (Cc billing@shop.example, cfo@shop.example): no answer by d (one catch-up mail listing 3 cases)"
                    .to_string()
            ]
        );
        assert!(rung_events(2, 2, &who, &copied, "d", None).is_empty());
    }
}
