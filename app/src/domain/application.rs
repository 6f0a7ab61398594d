//! Applying for a procedure: drafts of the answers, saved as the citizen
//! types and resumable on any device.

use crate::domain::text::LocalText;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Largest draft accepted, in bytes of JSON.
pub const MAX_DRAFT_BYTES: usize = 256 * 1024;

/// A save of the answers. `base_version` is the version the browser started
/// from; a save based on an older one (another tab or device saved since) is
/// refused, so nothing is overwritten unseen.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DraftSave {
    pub procedure_code: String,
    /// `None` starts a new draft.
    pub draft_id: Option<String>,
    pub base_version: Option<i32>,
    pub data: serde_json::Value,
}

/// What a save answers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DraftSaved {
    pub id: String,
    pub version: i32,
    pub updated_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}

/// A draft, to resume.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Draft {
    pub id: String,
    pub procedure_code: String,
    pub procedure_name: LocalText,
    pub data: serde_json::Value,
    pub version: i32,
    pub updated_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}

/// A draft in the citizen's list ("Hồ sơ của tôi").
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DraftSummary {
    pub id: String,
    pub procedure_code: String,
    pub procedure_name: LocalText,
    pub version: i32,
    pub updated_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}
