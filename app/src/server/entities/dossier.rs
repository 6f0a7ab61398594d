//! Table `dossiers`: submitted applications.

use crate::domain::dossier::DossierStatus;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "dossiers")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique)]
    pub code: String,
    pub procedure_id: i32,
    /// The agency holding the dossier: its queues list it, its officials act.
    pub agency_id: i32,
    /// The person who submitted (for an organisation: the member who acted).
    pub applicant_id: i32,
    pub applicant_name: String,
    pub status: DossierStatus,
    /// Increases with every change; a change based on an older version is refused.
    pub version: i32,
    /// The validated form values, as JSON.
    pub data: String,
    /// `Delivery`, as JSON.
    pub delivery: String,
    /// Printed on the confirmation; with the code, it opens the public lookup.
    pub lookup_secret: String,
    #[sea_orm(unique)]
    pub submit_key: String,
    pub submitted_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    /// The processor holding the dossier.
    pub assignee_id: Option<i32>,
    pub assignee_name: Option<String>,
    /// The processing clock (`Deadline`), from acceptance.
    pub accepted_on: Option<Date>,
    pub processing_days: i32,
    pub paused_days: i32,
    pub due_on: Option<Date>,
    /// `due_on`, or 9999-12-31 before acceptance: the queues' sort key.
    pub due_key: Date,
    pub paused_since: Option<Date>,
    /// Where the dossier goes back to when the citizen answers.
    pub resume_status: Option<DossierStatus>,
    /// The open supplement request: JSON list of `SupplementItem`.
    pub supplement: Option<String>,
    /// The proposal awaiting approval: JSON `Proposal`.
    pub proposal: Option<String>,
    pub fee_receipt: Option<String>,
    /// The day the result was approved, or processing ended otherwise.
    pub finished_on: Option<Date>,
    /// `applicant_name` folded, for diacritic-blind search.
    pub applicant_folded: String,
    /// The fee asked for while the dossier is in `PaymentRequested`, in đồng.
    pub fee_due_vnd: i64,
    /// The agency that received the dossier (its code's, its statistics');
    /// `agency_id` differs once handed to the deciding agency.
    pub receiving_agency_id: i32,
    /// The version of the online form it was filed under (none without a form).
    pub form_version_id: Option<i32>,
    /// The procedure's definition it was filed under (`catalog_versions`).
    pub definition_version_id: Option<i32>,
    /// The organisation the dossier is filed for: its applicant, whose
    /// members all read it (`applicant_id` is then the member who acted).
    pub organisation_id: Option<i32>,
    /// The person the dossier concerns when filed on their behalf (nộp
    /// thay): their name and ID number; `applicant_id` is who filed it.
    pub subject_name: Option<String>,
    pub subject_citizen_id: Option<String>,
    /// How it came: `online`, taken in at the `desk` or by `post`, or
    /// filed on the `national` portal (`Channel`).
    pub channel: String,
    /// The national portal's code of a dossier filed there (`MaHoSo`).
    pub national_code: Option<String>,
}

impl Model {
    /// Whether the dossier was received at or is held by `agency_id`.
    pub fn concerns(&self, agency_id: i32) -> bool {
        self.agency_id == agency_id || self.receiving_agency_id == agency_id
    }

    /// Whether it may be handed to a deciding agency: once, from the desk
    /// that received it, for a procedure filed at any desk.
    pub fn may_hand_off(&self, any_desk: bool) -> bool {
        any_desk && self.agency_id == self.receiving_agency_id
    }
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

/// The dossier with this code as a person typed it (surrounding spaces and
/// letter case ignored): the one lookup by code. A text that is not a
/// dossier code (`crate::domain::dossier::DossierCode`) finds none.
pub async fn find_by_code(db: &impl ConnectionTrait, code: &str) -> Result<Option<Model>, DbErr> {
    let Ok(code) = crate::domain::dossier::DossierCode::parse(code) else { return Ok(None) };
    Entity::find().filter(Column::Code.eq(code.as_str())).one(db).await
}
