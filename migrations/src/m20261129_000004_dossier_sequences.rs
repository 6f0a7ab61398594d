//! Per-agency daily sequences of dossier codes (`AGENCYCODE-YYMMDD-NNNN`),
//! allocated inside the submitting transaction.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("dossier_sequences")
                .col(integer("agency_id"))
                .col(date("day"))
                .col(integer("last"))
                .primary_key(Index::create().col("agency_id").col("day"))
                .foreign_key(ForeignKey::create().from("dossier_sequences", "agency_id").to("agencies", "id"))
                .to_owned(),
        )
        .await
    }
}
