//! Table `dossier_events`: the timeline of a dossier (append-only).

use crate::domain::dossier::DossierStatus;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "dossier_events")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub dossier_id: i32,
    pub at: DateTimeUtc,
    pub actor_id: Option<i32>,
    pub actor_role: Option<String>,
    pub from_status: Option<DossierStatus>,
    pub to_status: DossierStatus,
    pub note: Option<String>,
    pub payload: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
