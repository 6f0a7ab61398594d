//! Applying on behalf of another person (nộp thay): the person the dossier
//! concerns, named by whoever filed it (the authorisation is one of the
//! dossier's files). Indexed by ID number: that person reads the dossier once
//! signed in with a verified identity.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite adds one at a time.
        for column in ["subject_name", "subject_citizen_id"] {
            m.alter_table(
                Table::alter()
                    .table("dossiers")
                    .add_column(ColumnDef::new(column).string().null().to_owned())
                    .to_owned(),
            )
            .await?;
        }
        m.create_index(
            Index::create().name("dossiers_subject_citizen").table("dossiers").col("subject_citizen_id").to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(Index::drop().name("dossiers_subject_citizen").table("dossiers").to_owned()).await?;
        for column in ["subject_citizen_id", "subject_name"] {
            m.alter_table(Table::alter().table("dossiers").drop_column(column).to_owned()).await?;
        }
        Ok(())
    }
}
