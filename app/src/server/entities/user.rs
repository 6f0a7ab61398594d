//! Table `users`: citizens and officials. Never sent to the browser: the
//! password hash and the TOTP secret stay here.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "users")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub kind: String,
    pub full_name: String,
    #[sea_orm(unique)]
    pub citizen_id: Option<String>,
    #[sea_orm(unique)]
    pub email: String,
    pub phone: Option<String>,
    pub birth_date: Option<Date>,
    pub password_hash: String,
    pub must_change_password: bool,
    pub totp_secret: Option<String>,
    pub totp_enabled_at: Option<DateTimeUtc>,
    pub totp_last_step: Option<i64>,
    pub agency_id: Option<i32>,
    pub province_code: Option<i32>,
    pub ward_code: Option<i32>,
    pub street: String,
    pub auth_version: i32,
    pub disabled_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    /// The language of the user's mails: `vi` or `en`.
    pub locale: String,
    /// The statuses whose events mail the user (comma-separated stored names).
    pub mail_statuses: String,
    /// `issuer|subject` of the national identity (VNeID) linked to the account.
    #[sea_orm(unique)]
    pub identity_subject: Option<String>,
    /// When the name, ID number and birth date last came from that identity.
    pub identity_verified_at: Option<DateTimeUtc>,
    /// The statuses in `mail_statuses` also come by SMS to `phone`.
    pub sms_notifications: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
