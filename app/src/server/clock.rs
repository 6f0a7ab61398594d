//! "Now" for the workflow: the system time, moved by an offset the tests
//! (and demos of deadlines) control. Sessions keep the real time.

use chrono::{DateTime, Duration, Utc};
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

#[derive(Clone, Debug, Default)]
pub struct Clock {
    offset_seconds: Arc<AtomicI64>,
}

impl Clock {
    /// The system time moved by `offset`.
    pub fn offset_by(offset: Duration) -> Self {
        Self { offset_seconds: Arc::new(AtomicI64::new(offset.num_seconds())) }
    }

    pub fn now(&self) -> DateTime<Utc> {
        Utc::now() + Duration::seconds(self.offset_seconds.load(Ordering::Relaxed))
    }

    /// Moves the clock forward (or back) by `by`.
    pub fn advance(&self, by: Duration) {
        self.offset_seconds.fetch_add(by.num_seconds(), Ordering::Relaxed);
    }

    /// Sets the clock to `at`.
    pub fn set(&self, at: DateTime<Utc>) {
        self.offset_seconds.store((at - Utc::now()).num_seconds(), Ordering::Relaxed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_clock_moves_as_told() {
        let clock = Clock::default();
        let at = "2027-02-05T03:00:00Z".parse::<DateTime<Utc>>().unwrap();
        clock.set(at);
        assert!((clock.now() - at).num_seconds().abs() <= 1);
        clock.advance(Duration::days(2));
        assert!((clock.now() - at - Duration::days(2)).num_seconds().abs() <= 1);
        let copy = clock.clone();
        copy.advance(Duration::days(1));
        assert!((clock.now() - at - Duration::days(3)).num_seconds().abs() <= 1, "clones share the time");
    }
}
