//! Applying for a procedure: drafts of the answers, saved as the citizen
//! types and resumable on any device.

use crate::domain::account::Address;
use crate::domain::rules::{FieldErrors, Rule};
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
    /// Sent back with the submission: makes submitting idempotent.
    pub submit_key: String,
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
    pub submit_key: String,
    /// Files attached so far.
    pub attachments: Vec<crate::domain::dossier::AttachmentInfo>,
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

/// Everything the apply page needs, in one answer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ApplyContext {
    pub procedure: crate::domain::catalog::ProcedureDetail,
    /// The online form (level 3 and 4); `None` at level 2. A draft keeps
    /// the version it was started under.
    pub form: Option<crate::domain::form::FormSchema>,
    /// The draft's version was withdrawn: what the form in force changed.
    pub form_changes: Option<crate::domain::form::FormChanges>,
    /// The draft being resumed, if any.
    pub draft: Option<Draft>,
    /// Answers to start a new draft with (from the profile).
    pub prefill: serde_json::Value,
    /// Provinces, and the wards of those already chosen in the answers.
    pub provinces: Vec<(i32, String)>,
    pub wards: Vec<WardsOf>,
    /// Where the dossier will be filed: the agency chosen or preselected,
    /// and the implementing agencies of its province to choose from.
    pub agency: AgencyChoice,
    /// The organisations the citizen may apply for besides themselves.
    #[serde(default)]
    pub applicants: Vec<crate::domain::applicant::ApplicantChoice>,
    /// The citizen's documents still valid, to choose from beside uploading.
    #[serde(default)]
    pub stored: Vec<crate::domain::document_store::StoredDocument>,
}

/// Where the answers keep the chosen agency (an [`AgencyAnswer`]).
pub const AGENCY_KEY: &str = "_agency";

/// Where a mistake in the choice of agency is reported.
pub const AGENCY_FIELD: &str = "_agency.code";

/// The agency chosen on the apply page: a province, then an agency of it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgencyAnswer {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub province: Option<i32>,
    /// National agency code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
}

impl AgencyAnswer {
    /// The choice kept in `answers`, if any. Values posted by a plain form
    /// arrive as text, so a province given as a string counts too.
    pub fn of(answers: &serde_json::Value) -> Option<Self> {
        let value = answers.get(AGENCY_KEY)?;
        let province = match value.get("province") {
            Some(serde_json::Value::Number(n)) => n.as_i64().and_then(|n| i32::try_from(n).ok()),
            Some(serde_json::Value::String(s)) => s.trim().parse().ok(),
            _ => None,
        };
        let code = value.get("code").and_then(|c| c.as_str()).map(str::trim).filter(|c| !c.is_empty());
        Some(Self { province, code: code.map(str::to_owned) })
    }
}

/// The agency part of the apply page.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct AgencyChoice {
    /// The answer the page starts with (the draft's, or preselected from
    /// the citizen's address).
    pub answer: AgencyAnswer,
    /// The implementing agencies of `answer.province` (all of them when the
    /// procedure is implemented by central agencies only).
    pub options: Vec<crate::domain::catalog::Implementer>,
    /// The procedure is implemented in provinces: the page asks for one first.
    pub by_province: bool,
}

/// A province's code with its wards (code, name).
pub type WardsOf = (i32, Vec<(i32, String)>);

/// Where the answers keep the delivery choice.
pub const DELIVERY_KEY: &str = "_delivery";

/// How the citizen receives the result.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "method", rename_all = "snake_case")]
pub enum Delivery {
    /// Collected at the agency's one-stop desk.
    #[default]
    AtDesk,
    /// Sent by public post to this address.
    Post { recipient: String, phone: String, address: Address },
    /// Downloaded from the portal as a signed e-document (level 4 only).
    Online,
}

impl Delivery {
    pub fn method(&self) -> &'static str {
        match self {
            Self::AtDesk => "at_desk",
            Self::Post { .. } => "post",
            Self::Online => "online",
        }
    }
}

/// Submitting a draft. `submit_key` came with the draft: a second submission
/// with it (double click, retry, another tab) answers the same dossier.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Submission {
    pub draft_id: String,
    pub submit_key: String,
    pub delivery: Delivery,
}

/// What a submission answers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubmittedDossier {
    pub code: String,
    pub lookup_secret: String,
}

/// A required document, as the completeness check sees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RequiredDocument {
    /// Its position in the procedure's list (from 1).
    pub position: u32,
    pub mandatory: bool,
}

/// The positions of mandatory documents with no file attached; `replaced`
/// is the document an online form stands for (the declaration), if any.
pub fn missing_documents(documents: &[RequiredDocument], replaced: Option<u32>, attached: &[u32]) -> Vec<u32> {
    documents
        .iter()
        .filter(|d| d.mandatory && replaced != Some(d.position) && !attached.contains(&d.position))
        .map(|d| d.position)
        .collect()
}

/// Checks the delivery choice: the post needs a recipient, a phone and a full
/// address; online return exists at level 4 only. Ward-in-province is checked
/// by the server against the units table.
pub fn check_delivery(delivery: &Delivery, service_level: i16) -> Result<(), FieldErrors> {
    let mut errors = FieldErrors::default();
    match delivery {
        Delivery::AtDesk => {}
        Delivery::Online if service_level < 4 => errors.push("delivery.method", Rule::NotAnOption),
        Delivery::Online => {}
        Delivery::Post { recipient, phone, address } => {
            errors.check("delivery.recipient", crate::domain::identity::parse_full_name(recipient).map(drop));
            errors.check("delivery.phone", crate::domain::identity::Phone::parse(phone).map(drop));
            if address.province_code.is_none() {
                errors.push("delivery.province", Rule::Required);
            }
            if address.ward_code.is_none() {
                errors.push("delivery.ward", Rule::Required);
            }
            if address.street.trim().is_empty() {
                errors.push("delivery.street", Rule::Required);
            } else if address.street.chars().count() > 200 {
                errors.push("delivery.street", Rule::StreetTooLong);
            }
        }
    }
    if errors.is_empty() { Ok(()) } else { Err(errors) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(position: u32, mandatory: bool) -> RequiredDocument {
        RequiredDocument { position, mandatory }
    }

    #[test]
    fn mandatory_documents_need_a_file_and_the_online_form_stands_for_the_declaration() {
        let docs = [doc(1, true), doc(2, true), doc(3, false)];
        assert_eq!(missing_documents(&docs, Some(1), &[]), vec![2]);
        assert_eq!(missing_documents(&docs, Some(1), &[2]), Vec::<u32>::new());
        // Level 2: the filled-in template is uploaded too.
        assert_eq!(missing_documents(&docs, None, &[2]), vec![1]);
        assert_eq!(missing_documents(&docs, None, &[1, 2]), Vec::<u32>::new());
    }

    #[test]
    fn delivery_by_post_needs_an_address_and_online_needs_level_4() {
        assert!(check_delivery(&Delivery::AtDesk, 3).is_ok());
        let online = check_delivery(&Delivery::Online, 3).unwrap_err();
        assert_eq!(online.get("delivery.method"), Some(Rule::NotAnOption));
        assert!(check_delivery(&Delivery::Online, 4).is_ok());
        let post = Delivery::Post {
            recipient: "Nguyễn Văn An".into(),
            phone: "0912345678".into(),
            address: Address::default(),
        };
        let errors = check_delivery(&post, 3).unwrap_err();
        assert_eq!(errors.get("delivery.province"), Some(Rule::Required));
        assert_eq!(errors.get("delivery.street"), Some(Rule::Required));
        assert_eq!(errors.get("delivery.recipient"), None);
        let full = Delivery::Post {
            recipient: "Nguyễn Văn An".into(),
            phone: "0912 345 678".into(),
            address: Address { province_code: Some(79), ward_code: Some(26734), street: "12 Lê Lợi".into() },
        };
        assert!(check_delivery(&full, 3).is_ok());
    }

    #[test]
    fn the_agency_answer_reads_numbers_and_posted_text_and_ignores_blanks() {
        let answer = |v: serde_json::Value| AgencyAnswer::of(&serde_json::json!({ AGENCY_KEY: v }));
        let full = AgencyAnswer { province: Some(1), code: Some("000.20.01.H26".into()) };
        assert_eq!(answer(serde_json::json!({ "province": 1, "code": "000.20.01.H26" })), Some(full.clone()));
        assert_eq!(answer(serde_json::json!({ "province": " 1 ", "code": " 000.20.01.H26 " })), Some(full));
        assert_eq!(
            answer(serde_json::json!({ "province": "", "code": "" })),
            Some(AgencyAnswer { province: None, code: None })
        );
        assert_eq!(answer(serde_json::json!({ "code": 7 })), Some(AgencyAnswer::default()));
        assert_eq!(AgencyAnswer::of(&serde_json::json!({})), None);
    }
}
