//! Table `form_versions`: one version of a procedure's online form (the
//! national one, or an agency's own), as `FormSchema` JSON; a draft until
//! published.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "form_versions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub procedure_id: i32,
    /// `None`: the national form.
    pub agency_id: Option<i32>,
    /// 1, 2, … for each (procedure, agency).
    pub number: i32,
    pub schema: String,
    pub author_id: Option<i32>,
    pub created_at: DateTimeWithTimeZone,
    pub published_at: Option<DateTimeWithTimeZone>,
    /// The first day it is used (published versions).
    pub effective_from: Option<Date>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
