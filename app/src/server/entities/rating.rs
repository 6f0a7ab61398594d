//! Table `ratings`: a citizen's satisfaction rating of their returned
//! dossier, one per dossier.

use crate::domain::transparency::Satisfaction;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "ratings")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub dossier_id: i32,
    pub user_id: i32,
    pub guidance: Satisfaction,
    pub time: Satisfaction,
    pub attitude: Satisfaction,
    pub result: Satisfaction,
    pub comment: Option<String>,
    pub rated_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

impl Model {
    pub fn scores(&self) -> crate::domain::transparency::Scores {
        crate::domain::transparency::Scores {
            guidance: self.guidance,
            time: self.time,
            attitude: self.attitude,
            result: self.result,
        }
    }
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
