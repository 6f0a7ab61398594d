//! Table `document_requirements`.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "document_requirements")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub procedure_id: i32,
    pub position: i32,
    pub name_vi: String,
    pub name_en: String,
    pub originals: i32,
    pub copies: i32,
    pub mandatory: bool,
    pub template_id: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
