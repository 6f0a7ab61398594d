//! What people see of a dossier's progress: the line in the citizen's list,
//! the public lookup, the timeline with each action's facts, the processing
//! clock, and the whole dossier as its applicant sees it.

use crate::domain::application::Delivery;
use crate::domain::calendar::{Deadline, Urgency};
use crate::domain::dossier::{AttachmentInfo, DossierStatus};
use crate::domain::form::FormSchema;
use crate::domain::payment::DossierPayments;
use crate::domain::result::SignedResult;
use crate::domain::text::LocalText;
use crate::domain::workflow::{Action, PostalStatus, SupplementItem};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// A dossier in the citizen's list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DossierSummary {
    pub code: String,
    pub procedure_code: String,
    pub procedure_name: LocalText,
    pub agency_name: LocalText,
    pub status: DossierStatus,
    pub submitted_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// What the public lookup shows of a dossier to anyone holding its code and
/// lookup secret: no names, no form data, no notes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicDossier {
    pub summary: DossierSummary,
    /// The appointment date, once accepted.
    pub due_on: Option<NaiveDate>,
    pub finished_on: Option<NaiveDate>,
    /// Statuses and actions with their times (no notes or details).
    pub timeline: Vec<TimelineEntry>,
}

/// One step in a dossier's timeline.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimelineEntry {
    pub at: DateTime<Utc>,
    pub from: Option<DossierStatus>,
    pub to: DossierStatus,
    pub action: Option<Action>,
    /// Who acted: `citizen` or the official's role.
    pub role: Option<String>,
    pub note: Option<String>,
    pub detail: Option<TimelineDetail>,
}

/// The facts an action recorded, shown with its timeline entry.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum TimelineDetail {
    Appointment(NaiveDate),
    LegalBasis(String),
    /// (what, why) of a supplement request.
    Items(Vec<(String, String)>),
    Assignee(String),
    /// The agency the dossier was handed to for decision.
    HandedTo(String),
    FeeReceipt(String),
    Tracking(String),
    CollectedBy(String),
    NewAppointment(NaiveDate),
    Postal(PostalStatus),
}

impl TimelineDetail {
    /// The detail in words, in the language of `t`.
    pub fn describe(&self, t: &crate::i18n::Messages) -> String {
        use crate::i18n::fill;
        let day = |d: &NaiveDate| d.format("%d/%m/%Y").to_string();
        match self {
            Self::Appointment(d) => fill(t.detail_appointment, &[("date", &day(d))]),
            Self::LegalBasis(b) => fill(t.detail_legal_basis, &[("basis", b)]),
            Self::Items(items) => {
                let list: Vec<String> = items.iter().map(|(what, why)| format!("{what} — {why}")).collect();
                fill(t.detail_items, &[("items", &list.join("; "))])
            }
            Self::Assignee(name) => fill(t.detail_assignee, &[("name", name)]),
            Self::HandedTo(agency) => fill(t.detail_handed_to, &[("agency", agency)]),
            Self::FeeReceipt(r) => fill(t.detail_fee_receipt, &[("number", r)]),
            Self::Tracking(r) => fill(t.detail_tracking, &[("number", r)]),
            Self::CollectedBy(r) => fill(t.detail_collected_by, &[("name", r)]),
            Self::NewAppointment(d) => fill(t.detail_new_appointment, &[("date", &day(d))]),
            Self::Postal(status) => fill(t.detail_postal, &[("status", &status.label(t))]),
        }
    }
}

/// A dossier as its applicant sees it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DossierView {
    pub summary: DossierSummary,
    pub lookup_secret: String,
    /// The form, to render the submitted values (`None` for level 2).
    pub form: Option<FormSchema>,
    pub data: serde_json::Value,
    pub delivery: Delivery,
    pub documents: Vec<LocalText>,
    pub attachments: Vec<AttachmentInfo>,
    pub timeline: Vec<TimelineEntry>,
    /// The version to act on (optimistic locking).
    pub version: i32,
    /// The processing clock, once accepted.
    pub clock: Option<ClockView>,
    /// What the agency asks for, while a supplement is requested.
    pub supplement: Vec<SupplementItem>,
    /// Fees asked for and payment orders.
    pub payments: DossierPayments,
    /// The signed result document, once approved.
    pub signed_result: Option<SignedResult>,
    /// The version of the procedure's definition it was filed under.
    pub filed_under: Option<crate::domain::catalog::DefinitionVersion>,
    /// The organisation that applied, if one did, and the member who acted for it.
    #[serde(default)]
    pub on_behalf: Option<(crate::domain::organisation::OrganisationRef, String)>,
    /// The person it was filed for by someone else, if it was.
    #[serde(default)]
    pub for_person: Option<crate::domain::applicant::PersonConcernedView>,
}

/// The processing clock as shown: the deadline and how it stands today.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClockView {
    pub deadline: Deadline,
    pub urgency: Option<Urgency>,
    /// New appointments given (Form 04): (new date, reason).
    pub reappointments: Vec<(NaiveDate, String)>,
}
