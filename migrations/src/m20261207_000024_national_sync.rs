//! Synchronisation with the national portal (Cổng Dịch vụ công quốc gia):
//! the sync outbox — one message per dossier event, written in the event's
//! transaction, sent in order per dossier — and what the in-product sandbox
//! of the national portal received (demo and tests only).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("national_sync")
                .col(big_pk_auto("id"))
                // One message per event: the event's id is its idempotency key.
                .col(big_integer_uniq("event_id"))
                .col(integer("dossier_id"))
                // `DongBoHoSoMC` (the dossier record) or `CapNhatTienDoHoSoMC` (a step).
                .col(string("service"))
                // What was last sent (or refused): composed when sent.
                .col(text_null("payload"))
                // `pending`, `sent`, or `rejected` (refused for good: waits for a resend).
                .col(string("state"))
                .col(timestamp_with_time_zone("created_at"))
                .col(integer("attempts"))
                .col(timestamp_with_time_zone("next_attempt_at"))
                .col(timestamp_with_time_zone_null("locked_until"))
                .col(timestamp_with_time_zone_null("sent_at"))
                .col(text_null("last_error"))
                .foreign_key(ForeignKey::create().from("national_sync", "dossier_id").to("dossiers", "id"))
                .to_owned(),
        )
        .await?;
        // The worker's scan (what is not sent yet) and the order per dossier.
        m.create_index(
            Index::create().name("national_sync_state").table("national_sync").col("state").col("id").to_owned(),
        )
        .await?;
        m.create_index(
            Index::create().name("national_sync_dossier").table("national_sync").col("dossier_id").col("id").to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("national_sandbox")
                .col(big_pk_auto("id"))
                // The sender's idempotency key: a message received twice is counted, not kept twice.
                .col(string_uniq("message_key"))
                .col(string("service"))
                .col(string("dossier_code"))
                .col(integer_null("status_code"))
                .col(text("payload"))
                .col(timestamp_with_time_zone("received_at"))
                .col(integer("repeats"))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("national_sandbox_dossier")
                .table("national_sandbox")
                .col("dossier_code")
                .col("id")
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table("national_sandbox").to_owned()).await?;
        m.drop_table(Table::drop().table("national_sync").to_owned()).await
    }
}
