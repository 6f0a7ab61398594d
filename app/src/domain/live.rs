//! Live updates: what the event stream (`/events`) tells a browser about a
//! dossier that just changed. No personal data: the browser fetches the rest
//! through the pages' own server functions, which check access again.

use crate::domain::dossier::DossierStatus;
use crate::domain::workflow::Action;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// The SSE event name of a dossier change.
pub const DOSSIER_EVENT: &str = "dossier";
/// The SSE event name sent when a stream starts (or resumes).
pub const READY_EVENT: &str = "ready";
/// Sent instead of a backlog too long to replay: the page reloads its data.
pub const RESET_EVENT: &str = "reset";

/// One committed dossier event, as a subscriber sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LiveEvent {
    /// The event's id in the timeline table (the SSE `id` is the stream's [`StreamCursor`]).
    pub id: i64,
    /// The dossier's code.
    pub code: String,
    /// The dossier's status after the event.
    pub status: DossierStatus,
    pub action: Option<Action>,
    pub at: DateTime<Utc>,
    /// Whether the subscriber caused it (so a page can say "someone else changed this").
    pub mine: bool,
}

/// Where a live stream stands, sent as each message's SSE `id` (so the
/// browser gives it back as `Last-Event-ID` when it reconnects, to whichever
/// instance): every event up to `max` was seen, except `pending`, ids below
/// `max` whose transactions had not committed yet (on PostgreSQL an id is
/// taken when a row is written, so a later id may commit first). Written
/// `max` or `max~id~id…`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StreamCursor {
    pub max: i64,
    /// Ascending, below `max`, at most [`StreamCursor::MAX_PENDING`].
    pub pending: Vec<i64>,
}

impl StreamCursor {
    /// Ids still awaited at most (the newest kept): an id waited for longer
    /// than the hub waits for it (30 s) was rolled back.
    pub const MAX_PENDING: usize = 64;
    /// The longest cursor read (64 ids of 19 digits and their separators fit).
    const MAX_TEXT: usize = 1400;

    /// Reads a cursor a client sent back; `None` if it is not one.
    pub fn parse(text: &str) -> Option<Self> {
        if text.len() > Self::MAX_TEXT {
            return None;
        }
        let mut parts = text.trim().split('~');
        let max: i64 = parts.next()?.parse().ok().filter(|max| *max >= 0)?;
        let mut pending = Vec::new();
        for part in parts {
            let id: i64 = part.parse().ok().filter(|id| (1..max).contains(id))?;
            pending.push(id);
        }
        Some(Self::new(max, pending))
    }

    /// A cursor at `max` awaiting `pending` (those below `max`, newest kept).
    pub fn new(max: i64, pending: impl IntoIterator<Item = i64>) -> Self {
        let mut pending: Vec<i64> = pending.into_iter().filter(|id| *id < max).collect();
        pending.sort_unstable();
        pending.dedup();
        let excess = pending.len().saturating_sub(Self::MAX_PENDING);
        pending.drain(..excess);
        Self { max, pending }
    }
}

impl std::fmt::Display for StreamCursor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.max)?;
        for id in &self.pending {
            write!(f, "~{id}")?;
        }
        Ok(())
    }
}

/// A stream's place as it runs: the newest event id passed, and the ids
/// below it awaited (each since when). Pure: the clock is given.
#[derive(Clone, Debug, Default)]
pub struct StreamPosition {
    max: i64,
    awaited: std::collections::BTreeMap<i64, std::time::Instant>,
    /// When the longest-awaited id began to be awaited.
    oldest: Option<std::time::Instant>,
}

impl StreamPosition {
    /// How long an id is awaited: longer than the hub looks for it (30 s),
    /// after which it was rolled back.
    pub const AWAIT_LIMIT: std::time::Duration = std::time::Duration::from_secs(40);

    pub fn new(cursor: &StreamCursor, now: std::time::Instant) -> Self {
        let mut position = Self { max: cursor.max, ..Self::default() };
        position.await_ids(cursor.pending.iter().copied(), now);
        position
    }

    pub fn max(&self) -> i64 {
        self.max
    }

    /// The cursor to send with the next message.
    pub fn cursor(&self) -> StreamCursor {
        StreamCursor::new(self.max, self.awaited.keys().copied())
    }

    /// The ids awaited, ascending.
    pub fn awaited(&self) -> impl Iterator<Item = i64> + '_ {
        self.awaited.keys().copied()
    }

    /// Awaits these ids (those below the max; the newest kept).
    pub fn await_ids(&mut self, ids: impl IntoIterator<Item = i64>, now: std::time::Instant) {
        let max = self.max;
        self.awaited.extend(ids.into_iter().filter(|id| *id < max).map(|id| (id, now)));
        while self.awaited.len() > StreamCursor::MAX_PENDING {
            self.awaited.pop_first();
        }
        // A lower bound of the times kept: the next expiry is looked at no later than due.
        if self.oldest.is_none() && !self.awaited.is_empty() {
            self.oldest = Some(now);
        }
    }

    /// Passes to `max`: everything up to it was read from the table.
    pub fn advance(&mut self, max: i64) {
        self.max = self.max.max(max);
    }

    /// Stops awaiting those of `ids` not in `still` (they committed and are
    /// not for this stream).
    pub fn forget(&mut self, ids: &[i64], still: &[i64]) {
        for id in ids.iter().filter(|id| !still.contains(id)) {
            self.awaited.remove(id);
        }
    }

    /// Takes an event the hub broadcast, with the ids it had not found
    /// committed below it (ascending); answers whether it is news to this
    /// stream: an awaited id, or one past the max (the ids skipped up to it
    /// are awaited from now).
    pub fn passes(&mut self, id: i64, gaps: &[i64], now: std::time::Instant) -> bool {
        if self.oldest.is_some_and(|oldest| now.duration_since(oldest) >= Self::AWAIT_LIMIT) {
            self.awaited.retain(|_, since| now.duration_since(*since) < Self::AWAIT_LIMIT);
            self.oldest = self.awaited.values().min().copied();
        }
        if self.awaited.remove(&id).is_some() {
            return true;
        }
        if id <= self.max {
            return false;
        }
        let skipped = &gaps[gaps.partition_point(|g| *g <= self.max)..gaps.partition_point(|g| *g < id)];
        self.max = id;
        self.await_ids(skipped.iter().copied(), now);
        true
    }
}

#[cfg(test)]
mod tests {
    use super::StreamCursor;

    #[test]
    fn a_cursor_reads_back_what_it_writes() {
        let cursor = StreamCursor::new(120, [117, 103, 117, 130]);
        assert_eq!(cursor.to_string(), "120~103~117", "sorted, once, and only ids below the max");
        assert_eq!(StreamCursor::parse(&cursor.to_string()), Some(cursor));
        assert_eq!(StreamCursor::parse(" 42 "), Some(StreamCursor { max: 42, pending: vec![] }));
    }

    #[test]
    fn a_cursor_that_is_not_one_is_refused() {
        let long = format!("10000{}", "~5".repeat(700));
        for text in ["", "abc", "-1", "10~11", "10~0", "10~x", "10~~3", &long] {
            assert_eq!(StreamCursor::parse(text), None, "{text:.20}");
        }
    }

    #[test]
    fn a_cursor_keeps_the_newest_pending_ids() {
        let cursor = StreamCursor::new(1000, 1..200);
        assert_eq!(cursor.pending.len(), StreamCursor::MAX_PENDING);
        assert_eq!(cursor.pending.first(), Some(&(200 - StreamCursor::MAX_PENDING as i64)));
        let parsed = StreamCursor::parse(&format!("1000{}", (1..200).map(|id| format!("~{id}")).collect::<String>()));
        assert_eq!(parsed, Some(cursor), "a longer list sent back is cut the same way");
    }

    use super::StreamPosition;
    use std::time::{Duration, Instant};

    #[test]
    fn a_stream_passes_each_event_once_and_awaits_what_was_skipped() {
        let now = Instant::now();
        let mut position = StreamPosition::new(&StreamCursor { max: 10, pending: vec![7] }, now);
        assert!(!position.passes(9, &[], now), "seen before the cut");
        assert!(position.passes(7, &[], now), "awaited: news");
        assert!(!position.passes(7, &[], now), "once");
        // 14 comes with 11 and 13 not committed yet (and 3, long passed).
        assert!(position.passes(14, &[3, 11, 13, 20], now));
        assert_eq!(position.cursor().to_string(), "14~11~13");
        assert!(position.passes(13, &[11], now), "a late one");
        assert!(!position.passes(12, &[], now), "neither awaited nor new");
        assert_eq!(position.cursor().to_string(), "14~11");
    }

    #[test]
    fn an_id_awaited_too_long_was_rolled_back() {
        let now = Instant::now();
        let mut position = StreamPosition::new(&StreamCursor { max: 10, pending: vec![4, 8] }, now);
        let later = now + StreamPosition::AWAIT_LIMIT + Duration::from_secs(1);
        assert!(position.passes(12, &[9, 11], later), "new");
        assert_eq!(position.cursor().to_string(), "12~11", "4 and 8 given up, 11 awaited from now");
        assert!(!position.passes(8, &[], later), "given up: not news any more");
    }

    #[test]
    fn a_stream_awaits_at_most_the_cursors_share() {
        let now = Instant::now();
        let mut position = StreamPosition::new(&StreamCursor::default(), now);
        let gaps: Vec<i64> = (1..1000).collect();
        assert!(position.passes(1000, &gaps, now));
        let cursor = position.cursor();
        assert_eq!(cursor.pending.len(), StreamCursor::MAX_PENDING);
        assert_eq!(cursor.pending[0], 1000 - StreamCursor::MAX_PENDING as i64, "the newest kept");
        assert_eq!(position.awaited().count(), StreamCursor::MAX_PENDING, "in memory too");
    }

    #[test]
    fn events_read_from_the_table_are_not_news_when_broadcast() {
        let now = Instant::now();
        let mut position = StreamPosition::new(&StreamCursor { max: 10, pending: vec![5] }, now);
        // Replayed: 5 (awaited) and 12, with 11 not committed when the hub read 12.
        assert!(position.passes(5, &[11], now) && position.passes(12, &[11], now));
        assert_eq!(position.cursor().to_string(), "12~11", "a cut here resumes awaiting 11");
        position.advance(15);
        assert!(!position.passes(5, &[], now) && !position.passes(12, &[], now) && !position.passes(15, &[], now));
        assert!(position.passes(11, &[], now), "awaited: comes live");
        assert!(position.passes(16, &[], now));
        position.await_ids([13, 14], now);
        position.forget(&[13, 14], &[14]);
        assert_eq!(position.cursor().to_string(), "16~14", "13 committed for someone else: forgotten");
    }
}
