//! Notifications: what the bell lists, and which changes may mail a citizen.

use crate::domain::dossier::DossierStatus;
use crate::domain::workflow::Action;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// One in-app notification.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotificationView {
    pub id: i64,
    pub code: String,
    pub status: DossierStatus,
    pub action: Option<Action>,
    pub at: DateTime<Utc>,
    pub read: bool,
}

/// The bell's list: the newest notifications and how many are unread.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Inbox {
    pub unread: u64,
    pub items: Vec<NotificationView>,
}

/// The statuses a citizen may choose to be mailed about, in the order shown.
pub const MAILABLE: [DossierStatus; 7] = [
    DossierStatus::Accepted,
    DossierStatus::NotAccepted,
    DossierStatus::SupplementRequested,
    DossierStatus::PaymentRequested,
    DossierStatus::Stopped,
    DossierStatus::Processed,
    DossierStatus::Returned,
];

/// Reads the stored choice (comma-separated status names), keeping only mailable statuses.
pub fn parse_mail_statuses(stored: &str) -> Vec<DossierStatus> {
    MAILABLE.iter().copied().filter(|s| stored.split(',').any(|name| name.trim() == s.as_str())).collect()
}

/// The stored form of a choice.
pub fn format_mail_statuses(statuses: &[DossierStatus]) -> String {
    MAILABLE.iter().filter(|s| statuses.contains(s)).map(|s| s.as_str()).collect::<Vec<_>>().join(",")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_choice_round_trips_and_ignores_what_cannot_be_mailed() {
        let chosen = [DossierStatus::Processed, DossierStatus::Accepted, DossierStatus::Submitted];
        let stored = format_mail_statuses(&chosen);
        assert_eq!(stored, "accepted,processed");
        assert_eq!(parse_mail_statuses(&stored), vec![DossierStatus::Accepted, DossierStatus::Processed]);
        assert_eq!(parse_mail_statuses("submitted, bogus,"), vec![]);
        assert_eq!(parse_mail_statuses(""), vec![]);
    }
}
