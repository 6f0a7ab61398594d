//! The one-stop workflow: who holds a dossier, its processing clock, the
//! pending proposal or supplement request, internal notes, and make-up
//! working days in the calendar.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // SQLite adds one column per statement.
        let columns = [
            ColumnDef::new("assignee_id").integer().null().to_owned(),
            ColumnDef::new("assignee_name").string().null().to_owned(),
            // The processing clock (`Deadline`): set at acceptance.
            ColumnDef::new("accepted_on").date().null().to_owned(),
            ColumnDef::new("processing_days").integer().not_null().default(0).to_owned(),
            ColumnDef::new("paused_days").integer().not_null().default(0).to_owned(),
            ColumnDef::new("due_on").date().null().to_owned(),
            ColumnDef::new("paused_since").date().null().to_owned(),
            // The status to go back to when the citizen answers (or pays).
            ColumnDef::new("resume_status").string().null().to_owned(),
            // The open supplement request (JSON list of items) or proposal (JSON).
            ColumnDef::new("supplement").text().null().to_owned(),
            ColumnDef::new("proposal").text().null().to_owned(),
            ColumnDef::new("fee_receipt").string().null().to_owned(),
            ColumnDef::new("finished_on").date().null().to_owned(),
            // The queues' sort key: the due date, or 9999-12-31 before acceptance
            // (an indexable column, where COALESCE(due_on, …) is not).
            ColumnDef::new("due_key").date().not_null().default("9999-12-31").to_owned(),
            // The applicant's name folded (no diacritics, lower case), for search.
            ColumnDef::new("applicant_folded").string().not_null().default("").to_owned(),
        ];
        for column in columns {
            m.alter_table(Table::alter().table("dossiers").add_column(column).to_owned()).await?;
        }
        // The queues, each read in due-date order: an agency's dossiers in one
        // status, all of them, and a processor's.
        let queues: [(&str, &[&str]); 3] = [
            ("dossiers_queue", &["agency_id", "status", "due_key", "id"]),
            ("dossiers_agency_due", &["agency_id", "due_key", "id"]),
            ("dossiers_assignee", &["assignee_id", "due_key", "id"]),
        ];
        for (name, columns) in queues {
            let mut index = Index::create();
            index.name(name).table("dossiers");
            for column in columns {
                index.col(*column);
            }
            m.create_index(index.to_owned()).await?;
        }

        m.create_table(
            Table::create()
                .table("dossier_notes")
                .col(pk_auto("id"))
                .col(integer("dossier_id"))
                .col(integer("author_id"))
                .col(string("author_name"))
                .col(timestamp_with_time_zone("at"))
                .col(text("body"))
                .foreign_key(ForeignKey::create().from("dossier_notes", "dossier_id").to("dossiers", "id"))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create().name("dossier_notes_dossier").table("dossier_notes").col("dossier_id").to_owned(),
        )
        .await?;

        // `true`: a weekend day worked in exchange for a bridge day off.
        m.alter_table(
            Table::alter()
                .table("holidays")
                .add_column(ColumnDef::new("working").boolean().not_null().default(false))
                .to_owned(),
        )
        .await
    }
}
