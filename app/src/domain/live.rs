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
        for text in ["", "abc", "-1", "10~11", "10~0", "10~x", "10~~3", &"1~".repeat(800)] {
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
}
