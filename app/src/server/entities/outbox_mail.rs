//! Table `outbox`: mails and text messages waiting to be sent (or sent),
//! written in the same transaction as what they tell, sent by the outbox worker.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "outbox")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub user_id: Option<i32>,
    /// `mail` (to an address) or `sms` (to a phone number).
    pub channel: String,
    /// A mail address, or a phone number for `sms`.
    pub to_address: String,
    pub locale: String,
    /// What the mail says: `dossier` or `password_reset`.
    pub kind: String,
    /// The facts the mail is written from (JSON).
    pub params: String,
    #[sea_orm(unique)]
    pub dedupe_key: String,
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

#[cfg(test)]
impl Model {
    /// A row for unit tests: `channel` (`mail` or `sms`) to `to`.
    pub fn sample(channel: &str, to: &str, kind: &str, locale: &str, params: serde_json::Value) -> Self {
        let now = chrono::Utc::now();
        Self {
            id: 7,
            user_id: Some(1),
            channel: channel.into(),
            to_address: to.into(),
            locale: locale.into(),
            kind: kind.into(),
            params: params.to_string(),
            dedupe_key: "k".into(),
            created_at: now,
            attempts: 0,
            next_attempt_at: now,
            locked_until: None,
            sent_at: None,
            last_error: None,
        }
    }
}
