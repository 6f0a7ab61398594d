//! Paper to digital: dossiers taken in at the one-stop desk or received by
//! post. A dossier records the channel it came by; a receiver's intake is a
//! draft of theirs that names the person and the channel; every scan of a
//! paper document records what it is and who digitised it, when.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The digitisation record of a scan (null for a citizen's own upload).
const SCAN_COLUMNS: [&str; 8] =
    ["original", "doc_type", "doc_number", "doc_issuer", "issued_on", "valid_until", "digitised_by", "digitised_at"];

fn scan_column(name: &str) -> ColumnDef {
    let mut column = ColumnDef::new(Alias::new(name));
    match name {
        "original" => column.boolean(),
        "issued_on" | "valid_until" => column.date(),
        "digitised_by" => column.integer(),
        "digitised_at" => column.timestamp_with_time_zone(),
        _ => column.string(),
    };
    column.null().to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite adds one at a time.
        m.alter_table(
            Table::alter()
                .table("dossiers")
                .add_column(ColumnDef::new("channel").string().not_null().default("online").to_owned())
                .to_owned(),
        )
        .await?;
        // `Intake` as JSON: the person and the channel, set only when a receiver starts it.
        m.alter_table(
            Table::alter().table("drafts").add_column(ColumnDef::new("intake").text().null().to_owned()).to_owned(),
        )
        .await?;
        for column in SCAN_COLUMNS {
            m.alter_table(Table::alter().table("attachments").add_column(scan_column(column)).to_owned()).await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for column in SCAN_COLUMNS {
            m.alter_table(Table::alter().table("attachments").drop_column(Alias::new(column)).to_owned()).await?;
        }
        m.alter_table(Table::alter().table("drafts").drop_column("intake").to_owned()).await?;
        m.alter_table(Table::alter().table("dossiers").drop_column("channel").to_owned()).await
    }
}
