//! The citizen's document store (kho dữ liệu): documents a citizen keeps
//! from their earlier dossiers, with what they are; and, on an attachment,
//! the stored document it reuses (the same bytes, never a copy) and what was
//! checked when it was chosen.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("kept_documents")
                .col(string("id").primary_key())
                .col(integer("user_id"))
                .col(string("attachment_id"))
                .col(string("doc_type"))
                .col(string_null("doc_number"))
                .col(string_null("doc_issuer"))
                .col(date_null("issued_on"))
                .col(date_null("valid_until"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(ForeignKey::create().from("kept_documents", "user_id").to("users", "id"))
                .foreign_key(ForeignKey::create().from("kept_documents", "attachment_id").to("attachments", "id"))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("kept_documents_user_attachment")
                .table("kept_documents")
                .col("user_id")
                .col("attachment_id")
                .unique()
                .to_owned(),
        )
        .await?;
        // One column per statement: SQLite adds one at a time.
        for column in [
            // The attachment of the stored document reused (its bytes, its key).
            ColumnDef::new("reused_from").string().null().to_owned(),
            // What it was in the store: `result`, `digitised` or `kept`.
            ColumnDef::new("reused_kind").string().null().to_owned(),
        ] {
            m.alter_table(Table::alter().table("attachments").add_column(column).to_owned()).await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for column in ["reused_kind", "reused_from"] {
            m.alter_table(Table::alter().table("attachments").drop_column(Alias::new(column)).to_owned()).await?;
        }
        m.drop_table(Table::drop().table("kept_documents").to_owned()).await
    }
}
