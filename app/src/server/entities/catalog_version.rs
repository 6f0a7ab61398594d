//! Table `catalog_versions`: one version of a procedure's national
//! definition or of one of its online forms (the national one, or an
//! agency's own), as JSON; a draft until published. `server::versions`
//! keeps the rules both kinds share.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "catalog_versions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    /// `Kind::as_str`.
    pub kind: String,
    pub procedure_id: i32,
    /// `None`: national.
    pub agency_id: Option<i32>,
    /// 1, 2, … in publishing order for each (kind, procedure, agency); 0 for the draft.
    pub number: i32,
    /// The definition (`ProcedureFile` of one procedure) or the `FormSchema`, as JSON.
    pub content: String,
    /// `None`: imported from the seed files.
    pub author_id: Option<i32>,
    pub created_at: DateTimeWithTimeZone,
    pub published_at: Option<DateTimeWithTimeZone>,
    /// The first day it is used (published versions).
    pub effective_from: Option<Date>,
    /// When an administrator withdrew it (never the version in force).
    pub withdrawn_at: Option<DateTimeWithTimeZone>,
}

/// What a version holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// The procedure's national definition.
    Definition,
    /// An online form.
    Form,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Definition => "definition",
            Kind::Form => "form",
        }
    }
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
