//! Feedback and complaints (phản ánh, kiến nghị): sent about an agency, a
//! procedure or a dossier; answered by the agency's administrators by its
//! deadline; published with the sender's consent, personal data removed.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("feedback")
                .col(pk_auto("id"))
                .col(string_uniq("code"))
                .col(string("topic"))
                .col(integer("agency_id"))
                .col(integer_null("procedure_id"))
                .col(integer_null("dossier_id"))
                // The signed-in sender; none when sent with a dossier's code and secret.
                .col(integer_null("user_id"))
                .col(string_null("email"))
                .col(string("title"))
                .col(text("content"))
                .col(boolean("consent"))
                .col(string("status"))
                .col(timestamp_with_time_zone("sent_at"))
                .col(date("due_on"))
                .col(text_null("answer"))
                .col(string_null("public_title"))
                .col(text_null("public_question"))
                .col(integer_null("answered_by"))
                .col(timestamp_with_time_zone_null("answered_at"))
                .col(text_null("hidden_reason"))
                .col(integer_null("hidden_by"))
                .col(timestamp_with_time_zone_null("hidden_at"))
                .foreign_key(ForeignKey::create().from("feedback", "agency_id").to("agencies", "id"))
                .foreign_key(ForeignKey::create().from("feedback", "procedure_id").to("procedures", "id"))
                .foreign_key(ForeignKey::create().from("feedback", "dossier_id").to("dossiers", "id"))
                .foreign_key(ForeignKey::create().from("feedback", "user_id").to("users", "id"))
                .foreign_key(ForeignKey::create().from("feedback", "answered_by").to("users", "id"))
                .foreign_key(ForeignKey::create().from("feedback", "hidden_by").to("users", "id"))
                .to_owned(),
        )
        .await?;
        // The agency's queue, and the public list by agency.
        m.create_index(
            Index::create().name("feedback_agency_status").table("feedback").col("agency_id").col("status").to_owned(),
        )
        .await?;
        m.create_index(Index::create().name("feedback_user").table("feedback").col("user_id").to_owned()).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table("feedback").to_owned()).await
    }
}
