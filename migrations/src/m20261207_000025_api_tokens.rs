//! API tokens: another system of an agency reads its dossiers and acts on
//! them with a token. The token is kept as its SHA-256 only; it acts through
//! its own account (`user_id`: an official of the agency with the scope's
//! roles, disabled so that nobody can sign in with it), which names it on
//! the dossiers' timelines.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("api_tokens")
                .col(pk_auto("id"))
                .col(integer("agency_id"))
                .col(integer_uniq("user_id"))
                .col(string("name"))
                // `read` or `act`.
                .col(string("scope"))
                .col(string_uniq("token_hash"))
                // The first characters, to tell tokens apart.
                .col(string("hint"))
                .col(integer("created_by"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone_null("last_used_at"))
                .col(timestamp_with_time_zone_null("revoked_at"))
                .foreign_key(ForeignKey::create().from("api_tokens", "agency_id").to("agencies", "id"))
                .foreign_key(ForeignKey::create().from("api_tokens", "user_id").to("users", "id"))
                .to_owned(),
        )
        .await?;
        m.create_index(Index::create().name("api_tokens_agency").table("api_tokens").col("agency_id").to_owned()).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table("api_tokens").to_owned()).await
    }
}
