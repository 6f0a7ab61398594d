//! Who a dossier is filed for, as chosen on the apply page: oneself, an
//! organisation one belongs to (`domain::organisation`), or another person
//! one is authorised by (nộp thay: a relative, a client of a lawyer), who is
//! named by name and ID number and whose authorisation is uploaded.

use crate::domain::identity::{CitizenId, parse_full_name};
use crate::domain::rules::{FieldErrors, Rule};
use serde::{Deserialize, Serialize};

/// Where the apply page keeps the choice in the answers: an organisation's
/// id as text, [`PERSON_CHOICE`], or absent (oneself).
pub const ON_BEHALF_FIELD: &str = "_organisation";
/// The value of [`ON_BEHALF_FIELD`] for another person.
pub const PERSON_CHOICE: &str = "person";
/// The name of the person concerned, in the answers.
pub const PERSON_NAME_FIELD: &str = "_person_name";
/// Their personal ID number, in the answers.
pub const PERSON_ID_FIELD: &str = "_person_id";
/// The authorisation among a draft's or dossier's files: the procedure's
/// own documents count from 1, the result is 0.
pub const AUTHORISATION_DOCUMENT: u32 = 1000;

/// The field path of the authorisation's files (as `documents.{n}`).
pub fn authorisation_path() -> String {
    format!("documents.{AUTHORISATION_DOCUMENT}")
}

/// The choice read from a draft's answers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ApplyingFor {
    Myself,
    Organisation(i32),
    Person,
}

impl ApplyingFor {
    /// Anything unreadable is oneself.
    pub fn of(answers: &serde_json::Value) -> Self {
        match answers.get(ON_BEHALF_FIELD).and_then(serde_json::Value::as_str).map(str::trim) {
            Some(PERSON_CHOICE) => Self::Person,
            Some(id) => id.parse().map_or(Self::Myself, Self::Organisation),
            None => Self::Myself,
        }
    }
}

/// One of the organisations the apply page offers besides oneself.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplicantChoice {
    pub id: i32,
    pub tax_code: String,
    pub name: String,
}

/// The person a dossier concerns when someone else files it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PersonConcerned {
    pub full_name: String,
    pub citizen_id: CitizenId,
}

impl PersonConcerned {
    /// The name and ID number from the answers, each mistake at its field.
    pub fn from_answers(answers: &serde_json::Value) -> Result<Self, FieldErrors> {
        let text = |field: &str| answers.get(field).and_then(serde_json::Value::as_str).unwrap_or_default();
        let mut errors = FieldErrors::default();
        let full_name = parse_full_name(text(PERSON_NAME_FIELD)).map_err(|rule| errors.push(PERSON_NAME_FIELD, rule));
        let citizen_id = CitizenId::parse(text(PERSON_ID_FIELD)).map_err(|rule| errors.push(PERSON_ID_FIELD, rule));
        match (full_name, citizen_id) {
            (Ok(full_name), Ok(citizen_id)) => Ok(Self { full_name, citizen_id }),
            _ => Err(errors),
        }
    }

    /// Refused when the applicant names themselves.
    pub fn check_not(&self, own_citizen_id: Option<&str>) -> Result<(), FieldErrors> {
        if own_citizen_id == Some(self.citizen_id.as_str()) {
            let mut errors = FieldErrors::default();
            errors.push(PERSON_ID_FIELD, Rule::PersonIsYou);
            return Err(errors);
        }
        Ok(())
    }
}

/// The applicant part's mistakes in a draft, given the documents its files
/// are for: filing for another person needs their name, ID number and the
/// authorisation. Checked as typed, on review and again by the server.
pub fn applicant_errors(answers: &serde_json::Value, attached: &[u32]) -> FieldErrors {
    if ApplyingFor::of(answers) != ApplyingFor::Person {
        return FieldErrors::default();
    }
    let mut errors = PersonConcerned::from_answers(answers).err().unwrap_or_default();
    if !attached.contains(&AUTHORISATION_DOCUMENT) {
        errors.push(&authorisation_path(), Rule::DocumentMissing);
    }
    errors
}

/// A dossier filed on behalf of a person, as its readers see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonConcernedView {
    pub full_name: String,
    pub citizen_id: String,
    /// Who filed it for them (the receiver, for a paper dossier).
    pub acted_by: String,
    /// How it came: online, or on paper at the desk or by post.
    pub channel: crate::domain::catalog::Channel,
    /// The reader is the person concerned: they follow it, the filer acts.
    pub reader_is_person: bool,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_choice_is_read_from_the_answers() {
        assert_eq!(ApplyingFor::of(&json!({"_organisation": "12"})), ApplyingFor::Organisation(12));
        assert_eq!(ApplyingFor::of(&json!({"_organisation": "person"})), ApplyingFor::Person);
        assert_eq!(ApplyingFor::of(&json!({"_organisation": ""})), ApplyingFor::Myself);
        assert_eq!(ApplyingFor::of(&json!({"_organisation": 12})), ApplyingFor::Myself);
        assert_eq!(ApplyingFor::of(&json!({})), ApplyingFor::Myself);
    }

    #[test]
    fn the_person_concerned_needs_a_name_and_a_valid_id_number_not_ones_own() {
        let errors = PersonConcerned::from_answers(&json!({"_person_name": "  ", "_person_id": "0010"})).unwrap_err();
        assert_eq!(errors.get(PERSON_NAME_FIELD), Some(Rule::Required));
        assert_eq!(errors.get(PERSON_ID_FIELD), Some(Rule::CitizenIdLength));
        let person =
            PersonConcerned::from_answers(&json!({"_person_name": "Trần  Thị Mai", "_person_id": "001 196 008 642"}))
                .unwrap();
        assert_eq!(person.full_name, "Trần Thị Mai");
        assert_eq!(person.citizen_id.as_str(), "001196008642");
        assert!(person.check_not(Some("079087003579")).is_ok());
        assert!(person.check_not(None).is_ok());
        assert_eq!(person.check_not(Some("001196008642")).unwrap_err().get(PERSON_ID_FIELD), Some(Rule::PersonIsYou));
    }

    #[test]
    fn filing_for_a_person_needs_the_authorisation_and_nothing_is_asked_otherwise() {
        let person = json!({"_organisation": "person", "_person_name": "Trần Thị Mai", "_person_id": "001196008642"});
        assert_eq!(applicant_errors(&person, &[1]).get(&authorisation_path()), Some(Rule::DocumentMissing));
        assert!(applicant_errors(&person, &[1, AUTHORISATION_DOCUMENT]).is_empty());
        let unnamed = json!({"_organisation": "person"});
        let errors = applicant_errors(&unnamed, &[AUTHORISATION_DOCUMENT]);
        assert_eq!(errors.get(PERSON_NAME_FIELD), Some(Rule::Required));
        assert_eq!(errors.get(PERSON_ID_FIELD), Some(Rule::Required));
        assert!(applicant_errors(&json!({"_person_name": "x"}), &[]).is_empty());
    }
}
