//! Dossiers (hồ sơ): their status in the national portal's codes
//! and their code `AGENCYCODE-YYMMDD-NNNN` (Circular 01/2018/TT-VPCP).

use crate::domain::codes::AgencyCode;
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

named_enum! {
    /// Where a dossier is in its life. `code()` is the national sync code
    /// (`TrangThaiHoSo`); `Draft` exists only here.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
    pub enum DossierStatus {
        Draft = "draft",
        Submitted = "submitted",
        Accepted = "accepted",
        NotAccepted = "not_accepted",
        Processing = "processing",
        PendingApproval = "pending_approval",
        SupplementRequested = "supplement_requested",
        PaymentRequested = "payment_requested",
        Withdrawn = "withdrawn",
        Stopped = "stopped",
        Processed = "processed",
        Returned = "returned",
    }
}

impl DossierStatus {
    /// Statuses in which the processing clock runs.
    pub const RUNNING: [Self; 3] = [Self::Accepted, Self::Processing, Self::PendingApproval];

    /// The national portal's code; `None` for a draft, which it never sees.
    pub fn national_code(self) -> Option<u8> {
        Some(match self {
            Self::Draft => return None,
            Self::Submitted => 1,
            Self::Accepted => 2,
            Self::NotAccepted => 3,
            Self::Processing | Self::PendingApproval => 4,
            Self::SupplementRequested => 5,
            Self::PaymentRequested => 6,
            Self::Withdrawn => 7,
            Self::Stopped => 8,
            Self::Processed => 9,
            Self::Returned => 10,
        })
    }

    /// No action can follow.
    pub fn is_final(self) -> bool {
        matches!(self, Self::NotAccepted | Self::Withdrawn | Self::Stopped | Self::Returned)
    }

    /// The processing clock is paused (waiting for the citizen).
    pub fn pauses_clock(self) -> bool {
        matches!(self, Self::SupplementRequested | Self::PaymentRequested)
    }
}

/// The calendar day in Vietnam (UTC+7 all year) at the instant `utc`: what
/// dossier codes and deadlines count in.
pub fn vietnam_date(utc: DateTime<Utc>) -> NaiveDate {
    (utc + chrono::Duration::hours(7)).date_naive()
}

/// An instant as people in Vietnam read it: `29/11/2026 14:05`.
pub fn format_vn_datetime(utc: DateTime<Utc>) -> String {
    (utc + chrono::Duration::hours(7)).format("%d/%m/%Y %H:%M").to_string()
}

/// A dossier's code: the receiving agency, the submission date (in Vietnam)
/// and the agency's sequence number that day.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct DossierCode(String);

/// Why a text is not a dossier code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("not a dossier code (AGENCYCODE-YYMMDD-NNNN)")]
pub struct NotADossierCode;

impl DossierCode {
    /// The code of the `sequence`-th dossier `agency` received on `day`.
    /// Four digits at least; a day past 9,999 dossiers simply gets more.
    pub fn new(agency: &AgencyCode, day: NaiveDate, sequence: u32) -> Self {
        Self(format!("{}-{:02}{:02}{:02}-{sequence:04}", agency.as_str(), day.year() % 100, day.month(), day.day()))
    }

    /// Reads a code as typed (surrounding spaces ignored, letters upper-cased).
    pub fn parse(raw: &str) -> Result<Self, NotADossierCode> {
        let value = raw.trim().to_uppercase();
        let mut parts = value.rsplitn(3, '-');
        let (sequence, day, agency) = (parts.next(), parts.next(), parts.next());
        let (Some(sequence), Some(day), Some(agency)) = (sequence, day, agency) else { return Err(NotADossierCode) };
        let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        let valid_day = day.len() == 6
            && digits(day)
            && NaiveDate::from_ymd_opt(
                2000 + day[..2].parse::<i32>().unwrap_or(-1),
                day[2..4].parse().unwrap_or(0),
                day[4..].parse().unwrap_or(0),
            )
            .is_some();
        if sequence.len() < 4
            || !digits(sequence)
            || sequence.bytes().all(|b| b == b'0')
            || !valid_day
            || AgencyCode::parse(agency).is_err()
        {
            return Err(NotADossierCode);
        }
        Ok(Self(value))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for DossierCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// A file attached to a draft or a dossier.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttachmentInfo {
    pub id: String,
    /// The required document's position (from 1).
    pub document: u32,
    pub file_name: String,
    pub content_type: String,
    pub size: u64,
    pub sha256: String,
    /// A paper document's scan: what it is, as the receiver recorded it.
    #[serde(default)]
    pub digitised: Option<crate::domain::digitisation::Digitisation>,
    /// Chosen from the citizen's document store: the same stored file, checked.
    #[serde(default)]
    pub reused: Option<crate::domain::document_store::Reuse>,
}

impl DossierStatus {
    /// The status in plain words, in the language of `t`.
    pub fn label(self, t: &crate::i18n::Messages) -> &'static str {
        match self {
            Self::Draft => t.status_draft,
            Self::Submitted => t.status_submitted,
            Self::Accepted => t.status_accepted,
            Self::NotAccepted => t.status_not_accepted,
            Self::Processing => t.status_processing,
            Self::PendingApproval => t.status_pending_approval,
            Self::SupplementRequested => t.status_supplement_requested,
            Self::PaymentRequested => t.status_payment_requested,
            Self::Withdrawn => t.status_withdrawn,
            Self::Stopped => t.status_stopped,
            Self::Processed => t.status_processed,
            Self::Returned => t.status_returned,
        }
    }

    /// The citizen may withdraw the dossier (before the agency accepted it,
    /// or while a fee is awaited).
    pub fn withdrawable(self) -> bool {
        matches!(self, Self::Submitted | Self::PaymentRequested)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn agency() -> AgencyCode {
        AgencyCode::parse("000.00.31.H29").unwrap()
    }

    #[test]
    fn codes_follow_the_national_format() {
        let day = NaiveDate::from_ymd_opt(2026, 11, 29).unwrap();
        assert_eq!(DossierCode::new(&agency(), day, 1).as_str(), "000.00.31.H29-261129-0001");
        assert_eq!(DossierCode::new(&agency(), day, 12345).as_str(), "000.00.31.H29-261129-12345");
        let code = DossierCode::parse(" 000.00.31.h29-261129-0001 ").unwrap();
        assert_eq!(code.to_string(), "000.00.31.H29-261129-0001");
    }

    #[test]
    fn malformed_codes_are_refused() {
        for bad in [
            "",
            "000.00.31.H29-261129",
            "000.00.31.H29-261129-001",
            "000.00.31.H29-261129-0000",
            "000.00.31.H29-261329-0001",
            "000.00.31.H29-2611290-0001",
            "KHONG-PHAI-MA-0001",
            "000.00.31.H29-261129-00a1",
        ] {
            assert_eq!(DossierCode::parse(bad), Err(NotADossierCode), "{bad}");
        }
    }

    #[test]
    fn the_day_is_counted_in_vietnam() {
        let late_evening_utc = "2026-11-29T17:30:00Z".parse::<DateTime<Utc>>().unwrap();
        assert_eq!(vietnam_date(late_evening_utc), NaiveDate::from_ymd_opt(2026, 11, 30).unwrap());
        let morning_utc = "2026-11-29T16:59:59Z".parse::<DateTime<Utc>>().unwrap();
        assert_eq!(vietnam_date(morning_utc), NaiveDate::from_ymd_opt(2026, 11, 29).unwrap());
    }

    #[test]
    fn statuses_map_to_the_national_codes() {
        assert_eq!(DossierStatus::Draft.national_code(), None);
        assert_eq!(DossierStatus::Submitted.national_code(), Some(1));
        assert_eq!(DossierStatus::PendingApproval.national_code(), DossierStatus::Processing.national_code());
        assert_eq!(DossierStatus::Returned.national_code(), Some(10));
        for status in DossierStatus::ALL {
            assert_eq!(DossierStatus::parse(status.as_str()), Some(status));
        }
        assert!(DossierStatus::Withdrawn.is_final() && !DossierStatus::Processing.is_final());
        assert!(DossierStatus::SupplementRequested.pauses_clock() && !DossierStatus::Accepted.pauses_clock());
    }
}
