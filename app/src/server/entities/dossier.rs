//! Table `dossiers`: submitted applications.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "dossiers")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique)]
    pub code: String,
    pub procedure_id: i32,
    pub agency_id: i32,
    pub applicant_id: i32,
    pub applicant_name: String,
    /// `DossierStatus::as_str`.
    pub status: String,
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
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
