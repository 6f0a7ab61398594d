//! Templates a system administrator uploads (a new procedure's forms):
//! `storage_key` is where the file lies in the files' store; the seed's
//! templates have none (their files are in `seed/templates`).

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter().table("templates").add_column(ColumnDef::new("storage_key").text().null()).to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(Table::alter().table("templates").drop_column("storage_key").to_owned()).await
    }
}
