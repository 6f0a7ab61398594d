//! Live events across server instances: on PostgreSQL every new dossier event
//! is announced with `NOTIFY dvc_events` when its transaction commits, so that
//! each instance's event hub reads it (SQLite has one process: the hub is woken
//! in-process).

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DatabaseBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        if m.get_database_backend() != DatabaseBackend::Postgres {
            return Ok(());
        }
        let db = m.get_connection();
        db.execute_unprepared(
            "CREATE FUNCTION dossier_events_notify() RETURNS trigger LANGUAGE plpgsql AS \
             $$ BEGIN PERFORM pg_notify('dvc_events', NEW.id::text); RETURN NEW; END $$",
        )
        .await?;
        db.execute_unprepared(
            "CREATE TRIGGER dossier_events_notify AFTER INSERT ON dossier_events \
             FOR EACH ROW EXECUTE FUNCTION dossier_events_notify()",
        )
        .await?;
        Ok(())
    }
}
