//! Table `procedure_legal_documents`.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "procedure_legal_documents")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub procedure_id: i32,
    #[sea_orm(primary_key, auto_increment = false)]
    pub legal_document_id: i32,
    pub position: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
