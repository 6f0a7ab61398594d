//! Table `organisations`: businesses whose legal representative opened them
//! with a VNeID business identity (see `server::organisations`).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "organisations")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    /// The tax code (mã số thuế), which is also the enterprise code.
    #[sea_orm(unique)]
    pub tax_code: String,
    pub name: String,
    pub address: String,
    /// The legal representative, as VNeID last said.
    pub representative_id: i32,
    /// When the name, address and representative last came from VNeID.
    pub verified_at: DateTimeUtc,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
