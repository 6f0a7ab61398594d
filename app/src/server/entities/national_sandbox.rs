//! Table `national_sandbox`: what the sandbox of the national portal
//! received (demo and tests only).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "national_sandbox")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// The sender's idempotency key.
    #[sea_orm(unique)]
    pub message_key: String,
    pub service: String,
    pub dossier_code: String,
    pub status_code: Option<i32>,
    pub payload: String,
    pub received_at: DateTimeUtc,
    /// How many times the same message came again (kept once).
    pub repeats: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
