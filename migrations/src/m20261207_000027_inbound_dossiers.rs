//! Dossiers filed on the National Public Service Portal arrive through the
//! dossier API: each keeps the national portal's own code (`MaHoSo`), once
//! per receiving agency, so a resent dossier answers the first one rather
//! than being filed twice (and no agency can take another's code).

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table("dossiers")
                .add_column(ColumnDef::new("national_code").string().null().to_owned())
                .to_owned(),
        )
        .await?;
        // Unique where set (both databases let many rows have none).
        m.create_index(
            Index::create()
                .name("dossiers_national_code")
                .table("dossiers")
                .col("receiving_agency_id")
                .col("national_code")
                .unique()
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(Index::drop().name("dossiers_national_code").table("dossiers").to_owned()).await?;
        m.alter_table(Table::alter().table("dossiers").drop_column(Alias::new("national_code")).to_owned()).await
    }
}
