//! Table `organisation_members`: who may act for an organisation — its
//! representative and the members the representative added.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "organisation_members")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub organisation_id: i32,
    #[sea_orm(primary_key, auto_increment = false)]
    pub user_id: i32,
    /// `representative` or `member`.
    pub role: String,
    /// The representative who added the member (none for the representative).
    pub added_by: Option<i32>,
    pub added_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
