//! Table `notifications`: in-app notices of dossier events, with their read state.

use crate::domain::dossier::DossierStatus;
use crate::domain::workflow::Action;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "notifications")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub user_id: i32,
    pub event_id: i64,
    pub code: String,
    pub status: DossierStatus,
    pub action: Option<Action>,
    pub created_at: DateTimeUtc,
    pub read_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
