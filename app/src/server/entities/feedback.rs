//! Table `feedback`: feedback and complaints, their answers and moderation.

use crate::domain::feedback::{FeedbackStatus, Topic};
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "feedback")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique)]
    pub code: String,
    pub topic: Topic,
    pub agency_id: i32,
    pub procedure_id: Option<i32>,
    pub dossier_id: Option<i32>,
    pub user_id: Option<i32>,
    pub email: Option<String>,
    pub title: String,
    pub content: String,
    pub consent: bool,
    pub status: FeedbackStatus,
    pub sent_at: DateTimeUtc,
    pub due_on: Date,
    pub answer: Option<String>,
    /// The title and question as published: personal data removed.
    pub public_title: Option<String>,
    pub public_question: Option<String>,
    pub answered_by: Option<i32>,
    pub answered_at: Option<DateTimeUtc>,
    pub hidden_reason: Option<String>,
    pub hidden_by: Option<i32>,
    pub hidden_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
