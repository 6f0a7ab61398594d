//! Drafts of applications: the citizen's answers, saved as they type, until
//! submitted or expired.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("drafts")
                .col(string("id").primary_key())
                .col(integer("user_id"))
                .col(integer("procedure_id"))
                .col(text("data"))
                .col(integer("version"))
                // Made with the draft; submitting twice with it makes one dossier.
                .col(string_uniq("submit_key"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("updated_at"))
                .col(timestamp_with_time_zone("expires_at"))
                .foreign_key(
                    ForeignKey::create()
                        .from("drafts", "user_id")
                        .to("users", "id")
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(ForeignKey::create().from("drafts", "procedure_id").to("procedures", "id"))
                .to_owned(),
        )
        .await?;
        m.create_index(Index::create().name("drafts_user").table("drafts").col("user_id").to_owned()).await?;
        m.create_index(Index::create().name("drafts_expiry").table("drafts").col("expires_at").to_owned()).await
    }
}
