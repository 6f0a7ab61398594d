//! Table `drafts`: a citizen's unsubmitted answers to a procedure's form.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "drafts")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    pub user_id: i32,
    pub procedure_id: i32,
    /// The answers, as JSON (see `domain::form`).
    pub data: String,
    /// Increases with every save; a save based on an older version is refused.
    pub version: i32,
    #[sea_orm(unique)]
    pub submit_key: String,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub expires_at: DateTimeUtc,
    /// The form version the answers follow (`catalog_versions`): kept until
    /// submitted, unless withdrawn or the agency chosen changes.
    pub form_version_id: Option<i32>,
    /// A receiver's intake of a paper dossier (`Intake`, as JSON): the
    /// person it concerns and the channel. Set only when the receiver
    /// starts it; `None` for a citizen's own draft.
    pub intake: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
