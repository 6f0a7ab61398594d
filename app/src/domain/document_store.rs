//! The citizen's document store (kho dữ liệu): the results issued to them,
//! the papers digitised for them at a desk, and the documents they chose to
//! keep from their earlier dossiers. A document is chosen for a new dossier
//! by reference (the same stored file, its hash checked again, a DVC
//! result's signature too), never copied; an expired one cannot be chosen.

use crate::domain::digitisation::Digitisation;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

named_enum! {
    /// Where a stored document comes from.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum StoredKind {
        /// A result a DVC agency issued and signed.
        Result = "result",
        /// A paper document scanned at a one-stop desk.
        Digitised = "digitised",
        /// A file of an earlier dossier the citizen chose to keep.
        Kept = "kept",
    }
}

impl StoredKind {
    /// The source in plain words.
    pub fn label(self, t: &crate::i18n::Messages) -> &'static str {
        match self {
            Self::Result => t.store_kind_result,
            Self::Digitised => t.store_kind_digitised,
            Self::Kept => t.store_kind_kept,
        }
    }

    /// What an agency issued stays; what the citizen added they may remove.
    pub fn removable(self) -> bool {
        self == Self::Kept
    }
}

/// One document of the store, as its owner sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredDocument {
    /// The attachment holding the file (what is chosen and downloaded).
    pub id: String,
    pub kind: StoredKind,
    /// Type, number, issuer and validity.
    pub record: Digitisation,
    pub file_name: String,
    pub size: u64,
    pub sha256: String,
    /// The dossier it came from.
    pub dossier_code: String,
    pub added_at: DateTime<Utc>,
}

impl StoredDocument {
    /// Past its validity on `today` (Vietnam's date): it cannot be chosen.
    pub fn expired(&self, today: NaiveDate) -> bool {
        self.record.expired(today)
    }
}

/// A file of one of the citizen's earlier dossiers that they may keep.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeepCandidate {
    pub id: String,
    pub file_name: String,
    pub dossier_code: String,
    /// The required document it was uploaded for.
    pub document: String,
}

/// The store page: the documents, and the files that may be kept.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentStore {
    pub documents: Vec<StoredDocument>,
    pub candidates: Vec<KeepCandidate>,
}

/// What the citizen says of a file they keep (posted by the store page's form).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeepForm {
    /// The attachment of an earlier dossier.
    pub attachment_id: String,
    pub doc_type: String,
    #[serde(default)]
    pub doc_number: String,
    #[serde(default)]
    pub issuer: String,
    #[serde(default, deserialize_with = "crate::domain::date_input::text_or_parts")]
    pub issued_on: String,
    #[serde(default, deserialize_with = "crate::domain::date_input::text_or_parts")]
    pub valid_until: String,
}

impl KeepForm {
    /// The record, with the same rules as a scan's (a file uploaded online
    /// is a copy), or every mistake at its field.
    pub fn check(&self, today: NaiveDate) -> Result<Digitisation, crate::domain::rules::FieldErrors> {
        crate::domain::digitisation::DigitisationForm {
            original: "copy".into(),
            doc_type: self.doc_type.clone(),
            doc_number: self.doc_number.clone(),
            issuer: self.issuer.clone(),
            issued_on: self.issued_on.clone(),
            valid_until: self.valid_until.clone(),
        }
        .check(today)
    }
}

/// How a reused document was checked when it was chosen, as the agency sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reuse {
    pub kind: StoredKind,
    /// Its hash matched the stored document's (always: else it is refused).
    pub hash_checked: bool,
    /// A DVC result's signature held.
    pub signature_checked: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn document(valid_until: Option<NaiveDate>) -> StoredDocument {
        StoredDocument {
            id: "a".into(),
            kind: StoredKind::Digitised,
            record: Digitisation {
                original: true,
                doc_type: "Căn cước".into(),
                doc_number: None,
                issuer: None,
                issued_on: None,
                valid_until,
            },
            file_name: "cccd.pdf".into(),
            size: 1,
            sha256: String::new(),
            dossier_code: String::new(),
            added_at: DateTime::<Utc>::UNIX_EPOCH,
        }
    }

    #[test]
    fn a_document_expires_after_its_last_valid_day() {
        let day = NaiveDate::from_ymd_opt(2026, 12, 6).unwrap();
        assert!(!document(None).expired(day));
        assert!(!document(Some(day)).expired(day), "valid through its last day");
        assert!(document(day.pred_opt()).expired(day));
        assert!(StoredKind::Kept.removable() && !StoredKind::Result.removable() && !StoredKind::Digitised.removable());
    }
}
