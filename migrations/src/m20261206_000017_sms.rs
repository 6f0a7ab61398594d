//! Text messages beside mails: each outbox row says its channel (`mail` or
//! `sms`), and each citizen chooses whether the statuses they chose also
//! come by SMS.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let add = |table: &'static str, column: ColumnDef| Table::alter().table(table).add_column(column).to_owned();
        m.alter_table(add("outbox", ColumnDef::new("channel").string_len(8).not_null().default("mail").to_owned()))
            .await?;
        m.alter_table(add("users", ColumnDef::new("sms_notifications").boolean().not_null().default(false).to_owned()))
            .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(Table::alter().table("users").drop_column("sms_notifications").to_owned()).await?;
        m.alter_table(Table::alter().table("outbox").drop_column("channel").to_owned()).await
    }
}
