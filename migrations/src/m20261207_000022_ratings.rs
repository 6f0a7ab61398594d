//! Satisfaction ratings (đánh giá mức độ hài lòng): one per returned dossier,
//! given by its citizen, each criterion on the national portal's scale.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("ratings")
                // One rating per dossier: the dossier is the key.
                .col(integer("dossier_id").primary_key())
                .col(integer("user_id"))
                .col(string("guidance"))
                .col(string("time"))
                .col(string("attitude"))
                .col(string("result"))
                .col(string_null("comment"))
                .col(timestamp_with_time_zone("rated_at"))
                .col(timestamp_with_time_zone("updated_at"))
                .foreign_key(ForeignKey::create().from("ratings", "dossier_id").to("dossiers", "id"))
                .foreign_key(ForeignKey::create().from("ratings", "user_id").to("users", "id"))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table("ratings").to_owned()).await
    }
}
