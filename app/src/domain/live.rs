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
    /// The event's id in the timeline table (also the SSE `id`).
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
