//! Table `agencies`.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "agencies")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique)]
    pub code: String,
    pub name_vi: String,
    pub name_en: String,
    pub level: String,
    pub parent_id: Option<i32>,
    pub province_code: Option<i32>,
    /// The ward a ward People's Committee serves.
    pub ward_code: Option<i32>,
    /// `name_vi` folded, for diacritic-blind search.
    pub name_folded: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
