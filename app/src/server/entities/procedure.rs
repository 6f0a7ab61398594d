//! Table `procedures`.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "procedures")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique)]
    pub code: String,
    pub name_vi: String,
    pub name_en: String,
    pub sector_id: i32,
    pub agency_id: i32,
    pub agency_level: String,
    pub service_level: i16,
    pub online_class: Option<String>,
    pub processing_days: i32,
    pub processing_note_vi: String,
    pub processing_note_en: String,
    pub applicants_vi: String,
    pub applicants_en: String,
    pub result_vi: String,
    pub result_en: String,
    /// JSON list of `LocalText`.
    pub steps: String,
    /// JSON list of `LocalText`.
    pub conditions: String,
    /// JSON list of `Fee`.
    pub fees: String,
    /// JSON list of `LocalText`.
    pub channels: String,
    /// Folded Vietnamese name, for sorting.
    pub name_folded: String,
    /// Folded code, names and result, for diacritic-blind search.
    pub search_text: String,
    pub updated_at: DateTimeWithTimeZone,
    /// May be filed at any agency of its tier, wherever the applicant lives.
    pub any_desk: bool,
    /// The version of its definition this row shows (`catalog_versions`);
    /// `None` for rows written without one (the benchmarks' synthetic catalog).
    pub definition_version_id: Option<i32>,
    /// The level of assurance of a national electronic identity needed to
    /// submit (0: any signed-in citizen; 2: VNeID level 2).
    pub identity_level: i16,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
