//! Webhooks: an agency's endpoints told of its dossiers' events, and the
//! deliveries to them (one per endpoint and event, written in the event's
//! transaction, retried with backoff until the endpoint answers 2xx).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("webhooks")
                .col(pk_auto("id"))
                .col(integer("agency_id"))
                .col(string_len("url", 500))
                // The kinds asked for, by name, comma-separated.
                .col(string("events"))
                // The signing secret: kept as it is, since every delivery is signed with it.
                .col(string("secret"))
                .col(integer("created_by"))
                .col(timestamp_with_time_zone("created_at"))
                // Failed attempts in a row (0 after a success).
                .col(integer("failures"))
                .col(timestamp_with_time_zone_null("paused_at"))
                .col(timestamp_with_time_zone_null("removed_at"))
                .foreign_key(ForeignKey::create().from("webhooks", "agency_id").to("agencies", "id"))
                .foreign_key(ForeignKey::create().from("webhooks", "created_by").to("users", "id"))
                .to_owned(),
        )
        .await?;
        m.create_index(Index::create().name("webhooks_agency").table("webhooks").col("agency_id").to_owned()).await?;
        m.create_table(
            Table::create()
                .table("webhook_deliveries")
                .col(big_pk_auto("id"))
                .col(integer("webhook_id"))
                // The dossier event it tells (none for a test).
                .col(big_integer_null("event_id"))
                .col(string("kind"))
                .col(string_null("dossier_code"))
                // The JSON body, the same on every attempt (no personal data).
                .col(text("body"))
                // `pending` or `delivered`.
                .col(string("state"))
                .col(integer("attempts"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("next_attempt_at"))
                .col(timestamp_with_time_zone_null("locked_until"))
                .col(timestamp_with_time_zone_null("delivered_at"))
                .col(integer_null("response_status"))
                .col(text_null("response"))
                .foreign_key(ForeignKey::create().from("webhook_deliveries", "webhook_id").to("webhooks", "id"))
                .to_owned(),
        )
        .await?;
        // One delivery per endpoint, event and kind.
        m.create_index(
            Index::create()
                .name("webhook_deliveries_once")
                .table("webhook_deliveries")
                .col("webhook_id")
                .col("event_id")
                .col("kind")
                .unique()
                .to_owned(),
        )
        .await?;
        // The worker's scan.
        m.create_index(
            Index::create()
                .name("webhook_deliveries_state")
                .table("webhook_deliveries")
                .col("state")
                .col("next_attempt_at")
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table("webhook_deliveries").to_owned()).await?;
        m.drop_table(Table::drop().table("webhooks").to_owned()).await
    }
}
