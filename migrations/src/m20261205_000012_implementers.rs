//! Implementing agencies (cơ quan thực hiện): the agencies that receive and
//! decide a procedure, each a row of its own with the terms that differ
//! locally (processing days, fees); and the procedures that may be filed at
//! any desk of their tier regardless of residence (Decree 118/2025).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("procedure_agencies")
                .col(pk_auto("id"))
                .col(integer("procedure_id"))
                .col(integer("agency_id"))
                .col(integer_null("processing_days"))
                // JSON list of `Fee`, when the agency's fees differ.
                .col(text_null("fees"))
                .foreign_key(ForeignKey::create().from("procedure_agencies", "procedure_id").to("procedures", "id"))
                .foreign_key(ForeignKey::create().from("procedure_agencies", "agency_id").to("agencies", "id"))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("procedure_agencies_unique")
                .table("procedure_agencies")
                .col("procedure_id")
                .col("agency_id")
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("procedure_agencies_by_agency")
                .table("procedure_agencies")
                .col("agency_id")
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table("procedures")
                .add_column(ColumnDef::new("any_desk").boolean().not_null().default(false))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(Table::alter().table("procedures").drop_column("any_desk").to_owned()).await?;
        m.drop_table(Table::drop().table("procedure_agencies").to_owned()).await
    }
}
