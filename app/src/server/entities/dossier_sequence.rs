//! Table `dossier_sequences`: the last dossier number of an agency on a day.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "dossier_sequences")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub agency_id: i32,
    #[sea_orm(primary_key, auto_increment = false)]
    pub day: Date,
    pub last: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
