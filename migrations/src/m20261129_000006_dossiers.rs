//! Dossiers (submitted applications), their events (the timeline, append-only)
//! and attachments (files uploaded for a draft, then linked to its dossier).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("dossiers")
                .col(pk_auto("id"))
                .col(string_uniq("code"))
                .col(integer("procedure_id"))
                .col(integer("agency_id"))
                .col(integer("applicant_id"))
                .col(string("applicant_name"))
                .col(string("status"))
                // Optimistic locking: every change increments it.
                .col(integer("version"))
                .col(text("data"))
                .col(text("delivery"))
                .col(string("lookup_secret"))
                // The draft's key: submitting twice with it makes one dossier.
                .col(string_uniq("submit_key"))
                .col(timestamp_with_time_zone("submitted_at"))
                .col(timestamp_with_time_zone("updated_at"))
                .foreign_key(ForeignKey::create().from("dossiers", "procedure_id").to("procedures", "id"))
                .foreign_key(ForeignKey::create().from("dossiers", "agency_id").to("agencies", "id"))
                .foreign_key(ForeignKey::create().from("dossiers", "applicant_id").to("users", "id"))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("dossiers_applicant")
                .table("dossiers")
                .col("applicant_id")
                .col("submitted_at")
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create().name("dossiers_agency").table("dossiers").col("agency_id").col("status").to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table("dossier_events")
                .col(big_pk_auto("id"))
                .col(integer("dossier_id"))
                .col(timestamp_with_time_zone("at"))
                .col(integer_null("actor_id"))
                .col(string_null("actor_role"))
                .col(string_null("from_status"))
                .col(string("to_status"))
                .col(text_null("note"))
                .col(text_null("payload"))
                .foreign_key(ForeignKey::create().from("dossier_events", "dossier_id").to("dossiers", "id"))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create().name("dossier_events_dossier").table("dossier_events").col("dossier_id").to_owned(),
        )
        .await?;
        crate::make_append_only(m, "dossier_events").await?;

        m.create_table(
            Table::create()
                .table("attachments")
                .col(string("id").primary_key())
                .col(integer("owner_id"))
                .col(integer("procedure_id"))
                // While the dossier is a draft: the draft; once submitted: the dossier.
                .col(string_null("draft_id"))
                .col(integer_null("dossier_id"))
                // The required document's position in the procedure's list.
                .col(integer("document"))
                .col(string("file_name"))
                .col(string("content_type"))
                .col(big_integer("size"))
                .col(string("sha256"))
                .col(string("storage_key"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(
                    ForeignKey::create()
                        .from("attachments", "owner_id")
                        .to("users", "id")
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(ForeignKey::create().from("attachments", "dossier_id").to("dossiers", "id"))
                .to_owned(),
        )
        .await?;
        m.create_index(Index::create().name("attachments_draft").table("attachments").col("draft_id").to_owned())
            .await?;
        m.create_index(Index::create().name("attachments_dossier").table("attachments").col("dossier_id").to_owned())
            .await
    }
}
