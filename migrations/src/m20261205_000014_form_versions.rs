//! Online forms in versions: a procedure's national form, and an agency's
//! own form where it adopted the procedure with local fields, each a draft
//! until published with the day it takes effect. A dossier keeps the version
//! it was filed under. The one-form-per-procedure table becomes version 1.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("form_versions")
                .col(pk_auto("id"))
                .col(integer("procedure_id"))
                // NULL: the national form; otherwise the agency's own.
                .col(integer_null("agency_id"))
                .col(integer("number"))
                .col(text("schema"))
                .col(integer_null("author_id"))
                .col(timestamp_with_time_zone("created_at"))
                // NULL while a draft.
                .col(timestamp_with_time_zone_null("published_at"))
                .col(date_null("effective_from"))
                .foreign_key(ForeignKey::create().from("form_versions", "procedure_id").to("procedures", "id"))
                .foreign_key(ForeignKey::create().from("form_versions", "agency_id").to("agencies", "id"))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("form_versions_of")
                .table("form_versions")
                .col("procedure_id")
                .col("agency_id")
                .col("number")
                .to_owned(),
        )
        .await?;
        let db = m.get_connection();
        db.execute_unprepared(
            "INSERT INTO form_versions (procedure_id, agency_id, number, schema, created_at, published_at, effective_from) \
             SELECT procedure_id, NULL, 1, schema, updated_at, updated_at, '2025-07-01' FROM procedure_forms",
        )
        .await?;
        m.drop_table(Table::drop().table("procedure_forms").to_owned()).await?;
        m.alter_table(
            Table::alter().table("dossiers").add_column(ColumnDef::new("form_version_id").integer().null()).to_owned(),
        )
        .await?;
        db.execute_unprepared(
            "UPDATE dossiers SET form_version_id = (SELECT f.id FROM form_versions f \
             WHERE f.procedure_id = dossiers.procedure_id AND f.agency_id IS NULL)",
        )
        .await
        .map(|_| ())
    }
}
