//! Table `national_sync`: the sync outbox to the national portal, one
//! message per dossier event, written in the event's transaction.

use crate::domain::national::{SyncService, SyncState};
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "national_sync")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// The event it tells (its idempotency key at the portal).
    #[sea_orm(unique)]
    pub event_id: i64,
    pub dossier_id: i32,
    pub service: SyncService,
    /// The message as last sent or refused (JSON), composed when sent.
    pub payload: Option<String>,
    pub state: SyncState,
    pub created_at: DateTimeUtc,
    pub attempts: i32,
    pub next_attempt_at: DateTimeUtc,
    /// A worker holds the row until then (claimed by compare-and-set).
    pub locked_until: Option<DateTimeUtc>,
    pub sent_at: Option<DateTimeUtc>,
    pub last_error: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
