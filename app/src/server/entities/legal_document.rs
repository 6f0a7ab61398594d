//! Table `legal_documents`.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "legal_documents")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique)]
    pub number: String,
    pub kind_vi: String,
    pub kind_en: String,
    pub title_vi: String,
    pub title_en: String,
    pub issuer_vi: String,
    pub issuer_en: String,
    pub issued_on: Date,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
