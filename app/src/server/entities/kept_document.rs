//! Table `kept_documents`: a file of one of the citizen's earlier dossiers
//! that they keep in their document store, with what it is.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "kept_documents")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    pub user_id: i32,
    pub attachment_id: String,
    pub doc_type: String,
    pub doc_number: Option<String>,
    pub doc_issuer: Option<String>,
    pub issued_on: Option<Date>,
    pub valid_until: Option<Date>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
