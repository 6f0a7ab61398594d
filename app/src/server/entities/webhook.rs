//! Table `webhooks`: an agency's endpoints for dossier events.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "webhooks")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub agency_id: i32,
    pub url: String,
    /// The kinds asked for (`domain::webhook::join_events`).
    pub events: String,
    /// The signing secret (never shown again after its creation).
    pub secret: String,
    pub created_by: i32,
    pub created_at: DateTimeUtc,
    /// Failed attempts in a row.
    pub failures: i32,
    pub paused_at: Option<DateTimeUtc>,
    pub removed_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
