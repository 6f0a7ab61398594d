//! Table `webhook_deliveries`: one delivery per endpoint and dossier event.

use crate::domain::webhook::{DeliveryState, WebhookEvent};
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "webhook_deliveries")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub webhook_id: i32,
    /// The dossier event told (none for a test).
    pub event_id: Option<i64>,
    pub kind: WebhookEvent,
    pub dossier_code: Option<String>,
    /// The JSON body, the same on every attempt.
    pub body: String,
    pub state: DeliveryState,
    pub attempts: i32,
    pub created_at: DateTimeUtc,
    pub next_attempt_at: DateTimeUtc,
    /// A worker holds the row until then (claimed by compare-and-set).
    pub locked_until: Option<DateTimeUtc>,
    pub delivered_at: Option<DateTimeUtc>,
    pub response_status: Option<i32>,
    /// The start of the endpoint's last answer, or why there was none.
    pub response: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
