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

/// What changes reach a citizen outside the portal: by mail for `statuses`,
/// and by text message too when `sms` (to the account's `phone`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MailChoice {
    pub statuses: Vec<DossierStatus>,
    pub sms: bool,
    pub phone: Option<String>,
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

/// Characters of one SMS in the GSM 7-bit alphabet.
pub const SMS_SEGMENT: usize = 160;

/// A text message: `message` without diacritics (the GSM alphabet: 160
/// characters a segment, where diacritics would force UCS-2 and 70), followed
/// by `link` when both still fit one segment.
pub fn sms_text(message: &str, link: &str) -> String {
    let message = crate::domain::text::without_diacritics(message);
    let with_link = format!("{message} {link}");
    if sms_fits_one_segment(&with_link) { with_link } else { message }
}

/// Whether `text` goes as one SMS: GSM 7-bit characters only, at most 160
/// (the characters of the basic set that cost two septets count twice).
pub fn sms_fits_one_segment(text: &str) -> bool {
    const BASIC: &str = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
    const EXTENDED: &str = "^{}\\[~]|€";
    let mut septets = 0;
    for c in text.chars() {
        if BASIC.contains(c) {
            septets += 1;
        } else if EXTENDED.contains(c) {
            septets += 2;
        } else {
            return false;
        }
    }
    septets <= SMS_SEGMENT
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

    #[test]
    fn a_dossier_sms_fits_one_segment_with_its_link() {
        let code = "000.20.01.H29-261130-0001";
        let link = format!("https://dichvucong.example.gov.vn/dossiers/{code}");
        for locale in [crate::i18n::Locale::Vi, crate::i18n::Locale::En] {
            let t = locale.messages();
            for status in MAILABLE {
                let message = crate::i18n::fill(t.sms_dossier, &[("code", &code), ("status", &status.label(t))]);
                let text = sms_text(&message, &link);
                assert!(sms_fits_one_segment(&text), "{text}");
                assert!(text.contains(&link) && text.is_ascii(), "{text}");
            }
        }
        assert!(sms_text("Đã trả kết quả.", &link).starts_with("Da tra ket qua. https://"));
        // A link too long for one segment is left out rather than costing a second.
        let long = format!("https://{}.example.vn/dossiers/{code}", "a".repeat(90));
        assert_eq!(
            sms_text(&format!("DVC: Hồ sơ {code}: Đã trả kết quả."), &long),
            format!("DVC: Ho so {code}: Da tra ket qua.")
        );
        assert!(!sms_fits_one_segment("Hồ sơ"), "diacritics are not GSM");
        assert!(!sms_fits_one_segment(&"a".repeat(161)));
        assert!(!sms_fits_one_segment(&"[".repeat(81)), "extended characters count twice");
    }
}
