//! A dossier received at one agency and decided at another (Decree
//! 118/2025: filed at any desk): `agency_id` stays the agency holding the
//! dossier (its queues, its officials act), `receiving_agency_id` is the
//! agency that received it (the dossier code's, the statistics'). They
//! differ once the dossier is handed to the deciding agency.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table("dossiers")
                .add_column(ColumnDef::new("receiving_agency_id").integer().not_null().default(0))
                .to_owned(),
        )
        .await?;
        m.get_connection().execute_unprepared("UPDATE dossiers SET receiving_agency_id = agency_id").await?;
        m.create_index(
            Index::create().name("dossiers_receiving_agency").table("dossiers").col("receiving_agency_id").to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(Index::drop().name("dossiers_receiving_agency").table("dossiers").to_owned()).await?;
        m.alter_table(Table::alter().table("dossiers").drop_column("receiving_agency_id").to_owned()).await
    }
}
