//! The portal's database schema as SeaORM migrations. The server runs the
//! pending ones at start; every migration must work on SQLite and PostgreSQL.

pub use sea_orm_migration::prelude::*;

mod m20261129_000001_catalog;
mod m20261129_000002_accounts;
mod m20261129_000003_forms;
mod m20261129_000004_dossier_sequences;
mod m20261129_000005_drafts;
mod m20261129_000006_dossiers;

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
        ]
    }
}
