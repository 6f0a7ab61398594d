//! Paper to digital (Circular 01/2023): a dossier a receiver takes in at
//! the one-stop desk or receives by post. The receiver names the person it
//! concerns and how it came (`Intake`), fills the same form as online, and
//! scans each paper document, recording what it is (`digitisation`). The
//! dossier then follows the same workflow, and the person reads it in
//! `/dossiers` once signed in with the same ID number.

use crate::domain::applicant::PersonConcerned;
use crate::domain::catalog::Channel;
use crate::domain::dossier::AttachmentInfo;
use crate::domain::identity::{CitizenId, Email, Phone, parse_full_name};
use crate::domain::rules::{FieldErrors, Rule};
use crate::domain::text::LocalText;
use serde::{Deserialize, Serialize};

/// What the receiver types to start an intake.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct IntakeStart {
    pub procedure_code: String,
    /// `desk` or `post`.
    pub channel: String,
    pub full_name: String,
    pub citizen_id: String,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub email: String,
}

/// An intake, checked: kept with the receiver's draft, then on the dossier.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Intake {
    pub channel: Channel,
    pub full_name: String,
    pub citizen_id: String,
    pub phone: Option<String>,
    pub email: Option<String>,
    /// The national portal's code of a dossier filed there (`MaHoSo`).
    #[serde(default)]
    pub national_code: Option<String>,
}

impl IntakeStart {
    /// The intake, or every mistake at its field.
    pub fn check(&self) -> Result<Intake, FieldErrors> {
        let mut errors = FieldErrors::default();
        let channel = match self.channel.as_str() {
            "desk" => Some(Channel::Desk),
            "post" => Some(Channel::Post),
            _ => {
                errors.push("channel", Rule::NotAnOption);
                None
            }
        };
        if self.procedure_code.trim().is_empty() {
            errors.push("procedure_code", Rule::Required);
        }
        let person =
            Intake::of(channel.unwrap_or(Channel::Desk), &self.full_name, &self.citizen_id, &self.phone, &self.email);
        match person {
            Ok(intake) if errors.is_empty() => Ok(intake),
            Ok(_) => Err(errors),
            Err(more) => {
                errors.extend(more);
                Err(errors)
            }
        }
    }
}

impl Intake {
    /// The person named for a dossier that came by `channel`, checked: a
    /// full name, a valid ID number, and the contact only if given.
    pub fn of(
        channel: Channel,
        full_name: &str,
        citizen_id: &str,
        phone: &str,
        email: &str,
    ) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::default();
        let full_name = errors.check("full_name", parse_full_name(full_name));
        let citizen_id = errors.check("citizen_id", CitizenId::parse(citizen_id));
        fn optional(raw: &str) -> Option<&str> {
            (!raw.trim().is_empty()).then_some(raw)
        }
        let phone =
            optional(phone).and_then(|raw| errors.check("phone", Phone::parse(raw).map(|p| p.as_str().to_owned())));
        let email =
            optional(email).and_then(|raw| errors.check("email", Email::parse(raw).map(|e| e.as_str().to_owned())));
        match (full_name, citizen_id) {
            (Some(full_name), Some(citizen_id)) if errors.is_empty() => Ok(Intake {
                channel,
                full_name,
                citizen_id: citizen_id.as_str().to_owned(),
                phone,
                email,
                national_code: None,
            }),
            _ => Err(errors),
        }
    }

    /// The person the dossier concerns.
    pub fn person(&self) -> Result<PersonConcerned, Rule> {
        Ok(PersonConcerned { full_name: self.full_name.clone(), citizen_id: CitizenId::parse(&self.citizen_id)? })
    }
}

/// A procedure the receiver's agency takes in on paper.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IntakeProcedure {
    pub code: String,
    pub name: LocalText,
}

/// A required document of an intake, with the scans made so far.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IntakeDocument {
    /// From 1, as uploads count them.
    pub position: u32,
    pub name: LocalText,
    pub mandatory: bool,
    pub scans: Vec<AttachmentInfo>,
}

/// An intake as the receiver works on it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IntakeView {
    pub draft_id: String,
    pub submit_key: String,
    pub procedure_code: String,
    pub procedure_name: LocalText,
    pub intake: Intake,
    pub documents: Vec<IntakeDocument>,
    /// The procedure's online form, typed from the paper one (none: the
    /// dossier is its documents alone), with the answers so far, their
    /// mistakes by the same validation as online, and the places lists.
    #[serde(default)]
    pub form: Option<crate::domain::form::FormSchema>,
    #[serde(default)]
    pub answers: serde_json::Value,
    #[serde(default)]
    pub form_errors: crate::domain::rules::FieldErrors,
    #[serde(default)]
    pub provinces: Vec<(i32, String)>,
    #[serde(default)]
    pub wards: Vec<crate::domain::application::WardsOf>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_intake_needs_the_channel_a_name_and_a_valid_id_number_and_checks_the_contact() {
        let start = IntakeStart {
            procedure_code: "1.001193".into(),
            channel: "desk".into(),
            full_name: " Lê  Thị Thu ".into(),
            citizen_id: "001 196 008 642".into(),
            phone: "0912 345 678".into(),
            email: String::new(),
        };
        let intake = start.check().unwrap();
        assert_eq!(intake.channel, Channel::Desk);
        assert_eq!(intake.full_name, "Lê Thị Thu");
        assert_eq!(intake.citizen_id, "001196008642");
        assert_eq!(intake.phone.as_deref(), Some("0912345678"));
        assert_eq!(intake.email, None);
        assert_eq!(intake.person().unwrap().citizen_id.as_str(), "001196008642");

        let wrong = IntakeStart { channel: "online".into(), citizen_id: "0011".into(), email: "x@".into(), ..start };
        let errors = wrong.check().unwrap_err();
        assert_eq!(errors.get("channel"), Some(Rule::NotAnOption));
        assert_eq!(errors.get("citizen_id"), Some(Rule::CitizenIdLength));
        assert_eq!(errors.get("email"), Some(Rule::EmailFormat));
        assert_eq!(errors.get("full_name"), None);
    }
}
