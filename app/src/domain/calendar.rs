//! Working days (Asia/Ho_Chi_Minh): Monday to Friday, minus public holidays,
//! plus the Saturdays worked in exchange for a bridge day off. Deadlines,
//! pauses and the early / on time / late buckets all count in these.

use chrono::{Datelike, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The official calendar: days off on weekdays and days worked on weekends.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Calendar {
    /// `true`: a weekend day worked (make-up day); `false`: a day off.
    exceptions: BTreeMap<NaiveDate, bool>,
}

impl Calendar {
    /// `days`: (day, worked) pairs — holidays with `false`, make-up days with `true`.
    pub fn new(days: impl IntoIterator<Item = (NaiveDate, bool)>) -> Self {
        Self { exceptions: days.into_iter().collect() }
    }

    pub fn is_working_day(&self, day: NaiveDate) -> bool {
        match self.exceptions.get(&day) {
            Some(worked) => *worked,
            None => !matches!(day.weekday(), Weekday::Sat | Weekday::Sun),
        }
    }

    /// The `n`-th working day after `start` (`start` itself when `n` is 0).
    pub fn add_working_days(&self, start: NaiveDate, n: u32) -> NaiveDate {
        let mut day = start;
        let mut left = n;
        while left > 0 {
            let Some(next) = day.succ_opt() else { break };
            day = next;
            if self.is_working_day(day) {
                left -= 1;
            }
        }
        day
    }

    /// Working days in `(from, to]`: how many working days pass from `from`
    /// to `to`. Negative when `to` is before `from`.
    pub fn working_days_between(&self, from: NaiveDate, to: NaiveDate) -> i32 {
        let (low, high, sign) = if from <= to { (from, to, 1) } else { (to, from, -1) };
        let count = low.iter_days().skip(1).take_while(|d| *d <= high).filter(|d| self.is_working_day(*d)).count();
        sign * i32::try_from(count).unwrap_or(i32::MAX)
    }
}

/// Days a portal date may be: a date typed into a filter or a form outside
/// these years is a mistake (or an attack on date arithmetic), never a query.
pub fn plausible(day: NaiveDate) -> bool {
    (1900..=2200).contains(&chrono::Datelike::year(&day))
}

/// How far beyond the current appointment a new one may be set (calendar days).
pub const MAX_REAPPOINT_DAYS: i64 = 366;

/// A day of the calendar, as administrators edit it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CalendarDay {
    pub day: NaiveDate,
    pub name_vi: String,
    pub name_en: String,
    /// A weekend day worked (make-up day) rather than a day off.
    pub working: bool,
}

/// Days before the due date at which a dossier counts as due soon.
pub const DUE_SOON_WORKING_DAYS: i32 = 2;

/// How a running dossier stands against its appointment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Urgency {
    OnTrack,
    /// Due within two working days.
    DueSoon,
    Overdue,
}

/// How a finished dossier ended against its appointment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Punctuality {
    Early,
    OnTime,
    Late,
}

impl Calendar {
    /// Where a dossier due on `due` stands on `today`.
    pub fn urgency(&self, due: NaiveDate, today: NaiveDate) -> Urgency {
        if today > due {
            Urgency::Overdue
        } else if self.working_days_between(today, due) <= DUE_SOON_WORKING_DAYS {
            Urgency::DueSoon
        } else {
            Urgency::OnTrack
        }
    }
}

/// Finished before the due date = early, on it = on time, after = late.
pub fn punctuality(due: NaiveDate, finished: NaiveDate) -> Punctuality {
    match finished.cmp(&due) {
        std::cmp::Ordering::Less => Punctuality::Early,
        std::cmp::Ordering::Equal => Punctuality::OnTime,
        std::cmp::Ordering::Greater => Punctuality::Late,
    }
}

/// A dossier's processing clock: the appointment date and the pauses that
/// moved it, as stored with the dossier.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deadline {
    pub accepted_on: NaiveDate,
    /// The procedure's processing time when the dossier was accepted.
    pub processing_days: u32,
    /// Working days added by pauses so far.
    pub paused_days: u32,
    pub due: NaiveDate,
    /// While waiting for the citizen: the day the wait began.
    pub paused_since: Option<NaiveDate>,
}

impl Deadline {
    /// The clock started at acceptance on `accepted_on`.
    pub fn start(calendar: &Calendar, accepted_on: NaiveDate, processing_days: u32) -> Self {
        Self {
            accepted_on,
            processing_days,
            paused_days: 0,
            due: calendar.add_working_days(accepted_on, processing_days),
            paused_since: None,
        }
    }

    /// The clock stops on `day` (a supplement or a payment is awaited).
    pub fn pause(self, day: NaiveDate) -> Self {
        Self { paused_since: self.paused_since.or(Some(day)), ..self }
    }

    /// The clock runs again on `day`; the working days waited move the due date.
    pub fn resume(self, calendar: &Calendar, day: NaiveDate) -> Self {
        let Some(since) = self.paused_since else { return self };
        let waited = u32::try_from(calendar.working_days_between(since, day).max(0)).unwrap_or(0);
        Self {
            paused_days: self.paused_days + waited,
            due: calendar.add_working_days(self.due, waited),
            paused_since: None,
            ..self
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    /// The official days of 2025–2027 around Tết, 30/4–1/5, 2/9 and year ends,
    /// from seed/reference/vn-public-holidays-2025-2030.json.
    fn vietnam() -> Calendar {
        let off = [
            d(2025, 1, 1),
            d(2025, 1, 27),
            d(2025, 1, 28),
            d(2025, 1, 29),
            d(2025, 1, 30),
            d(2025, 1, 31),
            d(2025, 4, 30),
            d(2025, 5, 1),
            d(2025, 5, 2), // day off, worked on Saturday 26/04/2025
            d(2025, 9, 1),
            d(2025, 9, 2),
            d(2026, 1, 1),
            d(2026, 2, 16),
            d(2026, 2, 17),
            d(2026, 2, 18),
            d(2026, 2, 19),
            d(2026, 2, 20),
            d(2026, 12, 31), // not a holiday; kept out below to test year ends
        ];
        Calendar::new(
            off.into_iter()
                .filter(|day| *day != d(2026, 12, 31))
                .map(|day| (day, false))
                .chain([(d(2025, 4, 26), true), (d(2027, 1, 1), false)]),
        )
    }

    #[test]
    fn weekends_and_holidays_are_not_working_days() {
        let cal = vietnam();
        assert!(cal.is_working_day(d(2026, 11, 27))); // Friday
        assert!(!cal.is_working_day(d(2026, 11, 28))); // Saturday
        assert!(!cal.is_working_day(d(2026, 2, 17))); // Tết
        assert!(cal.is_working_day(d(2025, 4, 26)), "the Saturday worked in exchange for 2/5/2025");
        assert!(!cal.is_working_day(d(2025, 5, 2)));
    }

    #[test]
    fn deadlines_skip_tet() {
        let cal = vietnam();
        // Accepted Thursday 12/2/2026 for 5 working days: Fri 13, then Tết
        // (Mon 16 – Fri 20 off), then Mon 23 … Thu 26.
        assert_eq!(cal.add_working_days(d(2026, 2, 12), 5), d(2026, 2, 26));
        // The 2025 Tết week started on a Monday (27/1) and ran to Friday 31/1.
        assert_eq!(cal.add_working_days(d(2025, 1, 24), 1), d(2025, 2, 3));
    }

    #[test]
    fn deadlines_count_the_substitute_days() {
        let cal = vietnam();
        // Friday 25/4/2025 + 1: Saturday 26/4 was worked.
        assert_eq!(cal.add_working_days(d(2025, 4, 25), 1), d(2025, 4, 26));
        // Tuesday 29/4/2025 + 1: 30/4, 1/5 and 2/5 off, then the weekend.
        assert_eq!(cal.add_working_days(d(2025, 4, 29), 1), d(2025, 5, 5));
    }

    #[test]
    fn deadlines_cross_the_year_end() {
        let cal = vietnam();
        // Wednesday 30/12/2026 + 2: Thursday 31/12, (1/1/2027 off, weekend), Monday 4/1/2027.
        assert_eq!(cal.add_working_days(d(2026, 12, 30), 2), d(2027, 1, 4));
        assert_eq!(cal.working_days_between(d(2026, 12, 30), d(2027, 1, 4)), 2);
        assert_eq!(cal.working_days_between(d(2027, 1, 4), d(2026, 12, 30)), -2);
        assert_eq!(cal.add_working_days(d(2026, 12, 30), 0), d(2026, 12, 30));
    }

    #[test]
    fn a_pause_moves_the_due_date_by_the_working_days_waited() {
        let cal = vietnam();
        // Accepted Monday 9/2/2026 for 10 days: due Monday 2/3 (Tết week off).
        let clock = Deadline::start(&cal, d(2026, 2, 9), 10);
        assert_eq!(clock.due, d(2026, 3, 2));
        // Supplement asked Wednesday 11/2, answered Tuesday 24/2: 12, 13, 23, 24 → 4 days.
        let paused = clock.pause(d(2026, 2, 11));
        assert_eq!(paused.due, clock.due, "the due date waits for the answer");
        assert_eq!(
            paused.pause(d(2026, 2, 12)).paused_since,
            Some(d(2026, 2, 11)),
            "a second pause keeps the first day"
        );
        let resumed = paused.resume(&cal, d(2026, 2, 24));
        assert_eq!(resumed.paused_days, 4);
        assert_eq!(resumed.due, d(2026, 3, 6));
        assert_eq!(resumed.paused_since, None);
        // Answered the same day: nothing added.
        assert_eq!(clock.pause(d(2026, 2, 11)).resume(&cal, d(2026, 2, 11)).due, clock.due);
        // Resuming a running clock changes nothing.
        assert_eq!(clock.resume(&cal, d(2026, 3, 1)), clock);
    }

    #[test]
    fn urgency_and_punctuality_follow_the_due_date() {
        let cal = vietnam();
        let due = d(2026, 12, 4); // Friday
        assert_eq!(cal.urgency(due, d(2026, 11, 30)), Urgency::OnTrack); // 4 working days left
        assert_eq!(cal.urgency(due, d(2026, 12, 2)), Urgency::DueSoon);
        assert_eq!(cal.urgency(due, d(2026, 12, 4)), Urgency::DueSoon);
        assert_eq!(cal.urgency(due, d(2026, 12, 5)), Urgency::Overdue);
        assert_eq!(punctuality(due, d(2026, 12, 3)), Punctuality::Early);
        assert_eq!(punctuality(due, due), Punctuality::OnTime);
        assert_eq!(punctuality(due, d(2026, 12, 7)), Punctuality::Late);
    }
}
