//! A paper document digitised at the desk (Circular 01/2023): what it is
//! (original or copy, type, number, issuer, validity), as the receiver
//! records it beside the scan; with the scan's hash and who confirmed it,
//! when, it is the document's record wherever it is used again.

use crate::domain::identity::parse_iso_date;
use crate::domain::rules::{FieldErrors, Rule};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The longest text of a scan's record (type, number, issuer).
pub const MAX_RECORD_TEXT: usize = 200;

/// What a scanned paper document is, as the receiver records it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Digitisation {
    /// The original (bản chính) rather than a copy.
    pub original: bool,
    pub doc_type: String,
    pub doc_number: Option<String>,
    pub issuer: Option<String>,
    pub issued_on: Option<NaiveDate>,
    pub valid_until: Option<NaiveDate>,
}

impl Digitisation {
    /// Past its validity on `today` (valid through its last day).
    pub fn expired(&self, today: NaiveDate) -> bool {
        self.valid_until.is_some_and(|until| until < today)
    }
}

/// The record's fields as a form posts them (dates as `YYYY-MM-DD`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DigitisationForm {
    /// `original` or `copy`.
    pub original: String,
    pub doc_type: String,
    pub doc_number: String,
    pub issuer: String,
    pub issued_on: String,
    pub valid_until: String,
}

impl DigitisationForm {
    /// The record, or every mistake at its field: the kind of paper and its
    /// type are required; a document issued by `today`, valid after it was
    /// issued.
    pub fn check(&self, today: NaiveDate) -> Result<Digitisation, FieldErrors> {
        let mut errors = FieldErrors::default();
        let original = match self.original.as_str() {
            "original" => Some(true),
            "copy" => Some(false),
            _ => {
                errors.push("original", Rule::NotAnOption);
                None
            }
        };
        let mut text = |field: &str, raw: &str, required: bool| {
            let value = raw.split_whitespace().collect::<Vec<_>>().join(" ");
            if value.is_empty() {
                if required {
                    errors.push(field, Rule::Required);
                }
                return None;
            }
            if value.chars().count() > MAX_RECORD_TEXT {
                errors.push(field, Rule::TooLong(MAX_RECORD_TEXT as u32));
                return None;
            }
            Some(value)
        };
        let doc_type = text("doc_type", &self.doc_type, true);
        let doc_number = text("doc_number", &self.doc_number, false);
        let issuer = text("issuer", &self.issuer, false);
        let mut date = |field: &str, raw: &str| {
            let raw = raw.trim();
            if raw.is_empty() {
                return None;
            }
            let date = parse_iso_date(raw);
            if date.is_none() {
                errors.push(field, Rule::DateFormat);
            }
            date
        };
        let issued_on = date("issued_on", &self.issued_on);
        let valid_until = date("valid_until", &self.valid_until);
        if issued_on.is_some_and(|day| day > today) {
            errors.push("issued_on", Rule::DateInFuture);
        }
        if let (Some(issued), Some(until)) = (issued_on, valid_until)
            && until <= issued
        {
            errors.push("valid_until", Rule::NotLater);
        }
        match (original, doc_type) {
            (Some(original), Some(doc_type)) if errors.is_empty() => {
                Ok(Digitisation { original, doc_type, doc_number, issuer, issued_on, valid_until })
            }
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    #[test]
    fn a_scan_records_what_the_paper_is_and_its_dates_make_sense() {
        let today = day("2026-12-06");
        let form = DigitisationForm {
            original: "copy".into(),
            doc_type: "Căn cước".into(),
            doc_number: "001196008642".into(),
            issuer: "Bộ Công an".into(),
            issued_on: "2021-04-10".into(),
            valid_until: "2036-04-10".into(),
        };
        let record = form.check(today).unwrap();
        assert!(!record.original);
        assert_eq!(record.issued_on, Some(day("2021-04-10")));
        assert_eq!(record.issuer.as_deref(), Some("Bộ Công an"));

        let empty = DigitisationForm::default().check(today).unwrap_err();
        assert_eq!(empty.get("original"), Some(Rule::NotAnOption));
        assert_eq!(empty.get("doc_type"), Some(Rule::Required));

        let wrong = DigitisationForm {
            issued_on: "2027-01-01".into(),
            valid_until: "2026-13-01".into(),
            doc_number: "9".repeat(201),
            ..form.clone()
        };
        let errors = wrong.check(today).unwrap_err();
        assert_eq!(errors.get("issued_on"), Some(Rule::DateInFuture));
        assert_eq!(errors.get("valid_until"), Some(Rule::DateFormat));
        assert_eq!(errors.get("doc_number"), Some(Rule::TooLong(200)));
        let backwards = DigitisationForm { valid_until: "2020-01-01".into(), ..form };
        assert_eq!(backwards.check(today).unwrap_err().get("valid_until"), Some(Rule::NotLater));
    }
}
