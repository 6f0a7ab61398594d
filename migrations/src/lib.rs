//! The portal's database schema as SeaORM migrations. The server runs the
//! pending ones at start; every migration must work on SQLite and PostgreSQL.

pub use sea_orm_migration::prelude::*;

mod m20261129_000001_catalog;
mod m20261129_000002_accounts;
mod m20261129_000003_forms;
mod m20261129_000004_dossier_sequences;
mod m20261129_000005_drafts;
mod m20261129_000006_dossiers;
mod m20261129_000007_workflow;
mod m20261130_000008_live_events;
pub mod m20261130_000009_notifications;
mod m20261130_000010_payments;
mod m20261205_000011_agency_units;
mod m20261205_000012_implementers;
mod m20261205_000013_handoff;
mod m20261205_000014_catalog_versions;
mod m20261206_000015_uploaded_templates;
mod m20261206_000016_vneid;
mod m20261206_000017_sms;
mod m20261206_000018_organisations;
mod m20261206_000019_person_concerned;
mod m20261206_000020_intake;
mod m20261206_000021_document_store;
mod m20261207_000022_ratings;
mod m20261207_000023_feedback;
mod m20261207_000024_national_sync;
mod m20261207_000025_api_tokens;
mod m20261207_000026_webhooks;
mod m20261207_000027_inbound_dossiers;

/// Makes `table` append-only: the database itself refuses to change or
/// remove a row (a PostgreSQL trigger function, or SQLite triggers).
pub(crate) async fn make_append_only(m: &SchemaManager<'_>, table: &str) -> Result<(), DbErr> {
    let statements = match m.get_database_backend() {
        sea_orm_migration::sea_orm::DatabaseBackend::Postgres => vec![
            format!(
                "CREATE FUNCTION {table}_append_only() RETURNS trigger LANGUAGE plpgsql AS \
                 $$ BEGIN RAISE EXCEPTION '{table} is append-only'; END $$"
            ),
            format!(
                "CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} \
                 FOR EACH ROW EXECUTE FUNCTION {table}_append_only()"
            ),
        ],
        _ => ["UPDATE", "DELETE"]
            .iter()
            .map(|op| {
                format!(
                    "CREATE TRIGGER {table}_no_{} BEFORE {op} ON {table} \
                     BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END",
                    op.to_lowercase()
                )
            })
            .collect(),
    };
    for statement in statements {
        m.get_connection().execute_unprepared(&statement).await?;
    }
    Ok(())
}

/// All migrations, oldest first.
pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261129_000001_catalog::Migration),
            Box::new(m20261129_000002_accounts::Migration),
            Box::new(m20261129_000003_forms::Migration),
            Box::new(m20261129_000004_dossier_sequences::Migration),
            Box::new(m20261129_000005_drafts::Migration),
            Box::new(m20261129_000006_dossiers::Migration),
            Box::new(m20261129_000007_workflow::Migration),
            Box::new(m20261130_000008_live_events::Migration),
            Box::new(m20261130_000009_notifications::Migration),
            Box::new(m20261130_000010_payments::Migration),
            Box::new(m20261205_000011_agency_units::Migration),
            Box::new(m20261205_000012_implementers::Migration),
            Box::new(m20261205_000013_handoff::Migration),
            Box::new(m20261205_000014_catalog_versions::Migration),
            Box::new(m20261206_000015_uploaded_templates::Migration),
            Box::new(m20261206_000016_vneid::Migration),
            Box::new(m20261206_000017_sms::Migration),
            Box::new(m20261206_000018_organisations::Migration),
            Box::new(m20261206_000019_person_concerned::Migration),
            Box::new(m20261206_000020_intake::Migration),
            Box::new(m20261206_000021_document_store::Migration),
            Box::new(m20261207_000022_ratings::Migration),
            Box::new(m20261207_000023_feedback::Migration),
            Box::new(m20261207_000024_national_sync::Migration),
            Box::new(m20261207_000025_api_tokens::Migration),
            Box::new(m20261207_000026_webhooks::Migration),
            Box::new(m20261207_000027_inbound_dossiers::Migration),
        ]
    }
}
