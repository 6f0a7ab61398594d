//! The catalog in versions. Each version is a draft until published with the
//! day it takes effect, and never changes after. Two kinds share the table
//! and its rules: a procedure's national definition (names, steps, documents,
//! fees, legal bases, as the seed files write it), and its online form — the
//! national one, or an agency's own where it adopted the procedure with
//! fields of its own. A draft keeps the form it was started under, and a
//! dossier the versions it was filed under; the procedure row shows the
//! definition in force. The one-form-per-procedure
//! table becomes version 1 of each national form.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("catalog_versions")
                .col(pk_auto("id"))
                // "definition" or "form".
                .col(string_len("kind", 16))
                .col(integer("procedure_id"))
                // NULL: national; otherwise the agency's own (forms only).
                .col(integer_null("agency_id"))
                // 1, 2, … in publishing order for each (kind, procedure, agency); 0 for the draft.
                .col(integer("number"))
                // The definition or the form schema, as JSON.
                .col(text("content"))
                // NULL: imported from the seed files.
                .col(integer_null("author_id"))
                .col(timestamp_with_time_zone("created_at"))
                // NULL while a draft.
                .col(timestamp_with_time_zone_null("published_at"))
                .col(date_null("effective_from"))
                // Set when an administrator withdraws a version not in force
                // (superseded, or not yet begun): drafts on it move on.
                .col(timestamp_with_time_zone_null("withdrawn_at"))
                .foreign_key(ForeignKey::create().from("catalog_versions", "procedure_id").to("procedures", "id"))
                .foreign_key(ForeignKey::create().from("catalog_versions", "agency_id").to("agencies", "id"))
                .to_owned(),
        )
        .await?;
        let db = m.get_connection();
        // One number per scope, the draft's 0 included: two publications
        // racing for the same number cannot both succeed.
        db.execute_unprepared(
            "CREATE UNIQUE INDEX catalog_versions_number \
             ON catalog_versions (kind, procedure_id, COALESCE(agency_id, 0), number)",
        )
        .await?;
        db.execute_unprepared(
            "INSERT INTO catalog_versions (kind, procedure_id, agency_id, number, content, created_at, published_at, effective_from) \
             SELECT 'form', procedure_id, NULL, 1, schema, updated_at, updated_at, '2025-07-01' FROM procedure_forms",
        )
        .await?;
        m.drop_table(Table::drop().table("procedure_forms").to_owned()).await?;
        for (table, column) in [
            ("dossiers", "form_version_id"),
            ("dossiers", "definition_version_id"),
            ("procedures", "definition_version_id"),
            // The form a draft was started under: it keeps it until submitted.
            ("drafts", "form_version_id"),
        ] {
            m.alter_table(Table::alter().table(table).add_column(ColumnDef::new(column).integer().null()).to_owned())
                .await?;
        }
        db.execute_unprepared(
            "UPDATE dossiers SET form_version_id = (SELECT f.id FROM catalog_versions f \
             WHERE f.kind = 'form' AND f.procedure_id = dossiers.procedure_id AND f.agency_id IS NULL)",
        )
        .await
        .map(|_| ())
    }
}
