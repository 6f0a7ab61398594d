//! Organisations: a business (tax code, name, address) opened by its legal
//! representative's VNeID business identity, its members (whom the
//! representative adds and removes), and the organisation a dossier is filed
//! for.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("organisations")
                .col(pk_auto("id"))
                .col(string_len_uniq("tax_code", 14))
                .col(string("name"))
                .col(string("address"))
                .col(integer("representative_id"))
                // When the name, address and representative last came from VNeID.
                .col(timestamp_with_time_zone("verified_at"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(ForeignKey::create().from("organisations", "representative_id").to("users", "id"))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("organisation_members")
                .col(integer("organisation_id"))
                .col(integer("user_id"))
                // `representative` or `member`.
                .col(string_len("role", 16))
                .col(integer_null("added_by"))
                .col(timestamp_with_time_zone("added_at"))
                .primary_key(Index::create().col("organisation_id").col("user_id"))
                .foreign_key(
                    ForeignKey::create()
                        .from("organisation_members", "organisation_id")
                        .to("organisations", "id")
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(ForeignKey::create().from("organisation_members", "user_id").to("users", "id"))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create().name("organisation_members_user").table("organisation_members").col("user_id").to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table("dossiers")
                .add_column(ColumnDef::new("organisation_id").integer().null().to_owned())
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create().name("dossiers_organisation").table("dossiers").col("organisation_id").to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(Index::drop().name("dossiers_organisation").table("dossiers").to_owned()).await?;
        m.alter_table(Table::alter().table("dossiers").drop_column("organisation_id").to_owned()).await?;
        m.drop_table(Table::drop().table("organisation_members").to_owned()).await?;
        m.drop_table(Table::drop().table("organisations").to_owned()).await
    }
}
