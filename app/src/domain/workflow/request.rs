//! What an action carries: the official's (or citizen's) request with its
//! inputs, checked before the table is consulted; the supplement request and
//! its answer; the proposal to the approver; the postal delivery's status.

use super::Action;
use crate::domain::form::{Field, FieldKind, FormSchema};
use crate::domain::rules::{FieldErrors, Rule};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// One thing a supplement request asks for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SupplementItem {
    /// `documents.N` (a required document, from 1) or a form field's path (`section.field`).
    pub target: String,
    /// What it is, as the official names it.
    pub label: String,
    /// Why it is needed.
    pub reason: String,
}

impl SupplementItem {
    /// The required document this item asks for, if it asks for one.
    pub fn document(&self) -> Option<u32> {
        self.target.strip_prefix("documents.")?.parse().ok().filter(|n| *n > 0)
    }
}

/// The fields a supplement request may ask the citizen to correct: the
/// top-level fields holding plain text, as (path, field).
pub fn correctable_fields(schema: &FormSchema) -> Vec<(String, &Field)> {
    schema
        .sections
        .iter()
        .flat_map(|s| s.fields.iter().map(move |f| (format!("{}.{}", s.key, f.key), f)))
        .filter(|(_, f)| {
            matches!(
                f.kind,
                FieldKind::Text { .. }
                    | FieldKind::Textarea { .. }
                    | FieldKind::Email
                    | FieldKind::Phone
                    | FieldKind::CitizenId { .. }
                    | FieldKind::TaxCode
                    | FieldKind::Date { .. }
            )
        })
        .collect()
}

/// The correctable field at `path`.
pub fn correctable<'a>(schema: &'a FormSchema, path: &str) -> Option<&'a Field> {
    correctable_fields(schema).into_iter().find(|(p, _)| p == path).map(|(_, f)| f)
}

/// What the processor proposes to the approver.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Proposal {
    pub refusal: bool,
    pub note: String,
    /// The result document (an attachment id) when proposing a result.
    pub result_file: Option<String>,
}

impl Proposal {
    /// Whether approving may decide `proposal`: only a proposed result (a
    /// proposed refusal is decided by stopping, with its legal basis).
    pub fn approvable(proposal: Option<&Self>) -> bool {
        proposal.is_some_and(|p| !p.refusal)
    }
}

/// An action with its inputs, on the version of the dossier the official saw.
/// Inputs an action does not need may be left out.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ActionRequest {
    pub code: String,
    pub action: Option<Action>,
    pub version: i32,
    pub note: Option<String>,
    /// The legal document cited by a refusal (its id in the catalog).
    pub legal_basis: Option<i32>,
    pub items: Vec<SupplementItem>,
    pub assignee: Option<i32>,
    /// Fee receipt number, postal tracking number, or who collected the result.
    pub reference: Option<String>,
    /// A new appointment date (Form 04).
    pub new_due: Option<NaiveDate>,
    pub result_file: Option<String>,
    /// The agency a dossier is handed to (its code).
    pub agency: Option<String>,
}

named_enum! {
    /// Where a result sent by post is (the postal service's word).
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum PostalStatus {
        InTransit = "in_transit",
        Delivered = "delivered",
        ReturnedToSender = "returned_to_sender",
    }
}

impl PostalStatus {
    pub fn label(self, t: &crate::i18n::Messages) -> &'static str {
        match self {
            Self::InTransit => t.postal_in_transit,
            Self::Delivered => t.postal_delivered,
            Self::ReturnedToSender => t.postal_returned,
        }
    }
}

/// Longest note or reason.
pub const MAX_NOTE: u32 = 2000;

impl ActionRequest {
    /// The inputs each action requires, all checked at once.
    pub fn validate(&self) -> Result<Action, FieldErrors> {
        let mut errors = FieldErrors::default();
        let Some(action) = self.action else {
            errors.push("action", Rule::Required);
            return Err(errors);
        };
        let note = self.note.as_deref().map(str::trim).unwrap_or_default();
        if note.chars().count() > MAX_NOTE as usize {
            errors.push("note", Rule::TooLong(MAX_NOTE));
        }
        let reference = self.reference.as_deref().map(str::trim).unwrap_or_default();
        if reference.chars().count() > 100 {
            errors.push("reference", Rule::TooLong(100));
        }
        match action {
            Action::RefuseToAccept | Action::Stop => {
                if note.is_empty() {
                    errors.push("note", Rule::Required);
                }
                if self.legal_basis.is_none() {
                    errors.push("legal_basis", Rule::Required);
                }
            }
            Action::ProposeRefusal | Action::SendBack | Action::Reappoint if note.is_empty() => {
                errors.push("note", Rule::Required);
            }
            Action::RequestSupplement => {
                if self.items.is_empty() {
                    errors.push("items", Rule::Required);
                }
                for (i, item) in self.items.iter().enumerate() {
                    if item.reason.trim().is_empty() {
                        errors.push(&format!("items.{i}.reason"), Rule::Required);
                    }
                    if item.reason.chars().count() > 500 {
                        errors.push(&format!("items.{i}.reason"), Rule::TooLong(500));
                    }
                }
            }
            Action::Assign if self.assignee.is_none() => errors.push("assignee", Rule::Required),
            Action::HandOff => match self.agency.as_deref().map(str::trim).unwrap_or_default() {
                "" => errors.push("agency", Rule::Required),
                code if code.len() > 40 => errors.push("agency", Rule::TooLong(40)),
                _ => {}
            },
            Action::ProposeResult if self.result_file.is_none() => errors.push("result_file", Rule::Required),
            Action::RecordFee | Action::ReturnAtDesk | Action::ReturnByPost if reference.is_empty() => {
                errors.push("reference", Rule::Required);
            }
            Action::RecordDelivery if PostalStatus::parse(reference).is_none() => {
                errors.push("reference", if reference.is_empty() { Rule::Required } else { Rule::NotAnOption });
            }
            _ => {}
        }
        if action == Action::Reappoint && self.new_due.is_none() {
            errors.push("new_due", Rule::Required);
        }
        if errors.is_empty() { Ok(action) } else { Err(errors) }
    }
}

/// What changed when the citizen answered a supplement request.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SupplementAnswer {
    /// Field paths with the value before and after.
    pub fields: Vec<(String, String, String)>,
    /// Names of the files added, with their document position.
    pub files: Vec<(u32, String)>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(action: Action) -> ActionRequest {
        ActionRequest { code: "X".into(), action: Some(action), version: 1, ..Default::default() }
    }

    #[test]
    fn each_action_asks_for_its_inputs() {
        let errors = request(Action::RefuseToAccept).validate().unwrap_err();
        assert_eq!(errors.get("note"), Some(Rule::Required));
        assert_eq!(errors.get("legal_basis"), Some(Rule::Required));
        assert!(request(Action::RequestSupplement).validate().unwrap_err().get("items") == Some(Rule::Required));
        assert!(request(Action::Assign).validate().is_err());
        assert_eq!(request(Action::HandOff).validate().unwrap_err().get("agency"), Some(Rule::Required));
        assert!(request(Action::ProposeResult).validate().is_err());
        assert!(request(Action::ReturnByPost).validate().is_err());
        assert!(request(Action::Reappoint).validate().unwrap_err().get("new_due") == Some(Rule::Required));
        assert_eq!(request(Action::Accept).validate(), Ok(Action::Accept));
        assert_eq!(request(Action::Approve).validate(), Ok(Action::Approve));
        let mut supplement = request(Action::RequestSupplement);
        supplement.items.push(SupplementItem {
            target: "documents.2".into(),
            label: "Giấy".into(),
            reason: " ".into(),
        });
        assert_eq!(supplement.validate().unwrap_err().get("items.0.reason"), Some(Rule::Required));
        assert_eq!(supplement.items[0].document(), Some(2));
    }
}
