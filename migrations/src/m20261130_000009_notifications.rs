//! Notifications: in-app (with read state), the e-mail outbox the worker
//! sends from, each user's language and choice of mails, and password resets.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The statuses that mail a citizen unless they choose otherwise.
pub const DEFAULT_MAIL_STATUSES: &str =
    "accepted,not_accepted,supplement_requested,payment_requested,stopped,processed,returned";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let columns = [
            // The language of the user's mails (the last one they chose on the site).
            ColumnDef::new("locale").string().not_null().default("vi").to_owned(),
            // Comma-separated statuses whose events mail the user.
            ColumnDef::new("mail_statuses").string().not_null().default(DEFAULT_MAIL_STATUSES).to_owned(),
        ];
        for column in columns {
            m.alter_table(Table::alter().table("users").add_column(column).to_owned()).await?;
        }

        m.create_table(
            Table::create()
                .table("notifications")
                .col(big_pk_auto("id"))
                .col(integer("user_id"))
                .col(big_integer("event_id"))
                .col(string("code"))
                .col(string("status"))
                .col(string_null("action"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone_null("read_at"))
                .foreign_key(ForeignKey::create().from("notifications", "user_id").to("users", "id"))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("notifications_user_event")
                .table("notifications")
                .col("user_id")
                .col("event_id")
                .unique()
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table("outbox")
                .col(big_pk_auto("id"))
                .col(integer_null("user_id"))
                .col(string("to_address"))
                .col(string("locale"))
                .col(string("kind"))
                .col(text("params"))
                // Enqueuing the same mail twice keeps one row.
                .col(string_uniq("dedupe_key"))
                .col(timestamp_with_time_zone("created_at"))
                .col(integer("attempts").default(0))
                .col(timestamp_with_time_zone("next_attempt_at"))
                .col(timestamp_with_time_zone_null("locked_until"))
                .col(timestamp_with_time_zone_null("sent_at"))
                .col(text_null("last_error"))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create().name("outbox_due").table("outbox").col("sent_at").col("next_attempt_at").to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table("password_resets")
                .col(big_pk_auto("id"))
                .col(integer("user_id"))
                .col(string_uniq("token_hash"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("expires_at"))
                .col(timestamp_with_time_zone_null("used_at"))
                .foreign_key(ForeignKey::create().from("password_resets", "user_id").to("users", "id"))
                .to_owned(),
        )
        .await
    }
}
