//! Signing in with VNeID (OpenID Connect): the account's link to its
//! national identity, the level of assurance of each session, each
//! procedure's required level, and the sign-ins under way (one row per trip
//! to the provider, used once).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite alters one at a time.
        let add = |table: &'static str, column: ColumnDef| Table::alter().table(table).add_column(column).to_owned();
        // `issuer|subject`: the provider's stable identifier of the person.
        m.alter_table(add("users", ColumnDef::new("identity_subject").string().null().to_owned())).await?;
        // When the name, ID number and birth date last came from the provider.
        m.alter_table(add(
            "users",
            ColumnDef::new("identity_verified_at").timestamp_with_time_zone().null().to_owned(),
        ))
        .await?;
        m.create_index(
            Index::create().name("users_identity_subject").table("users").col("identity_subject").unique().to_owned(),
        )
        .await?;
        // 0: a password; 1 and 2: the provider's levels of assurance.
        m.alter_table(add("sessions", ColumnDef::new("assurance").small_integer().not_null().default(0).to_owned()))
            .await?;
        m.alter_table(add(
            "procedures",
            ColumnDef::new("identity_level").small_integer().not_null().default(0).to_owned(),
        ))
        .await?;
        m.create_table(
            Table::create()
                .table("identity_sign_ins")
                // SHA-256 of the `state` sent to the provider.
                .col(string("state_hash").primary_key())
                .col(string("nonce"))
                .col(string("pkce_verifier"))
                .col(string_null("next"))
                .col(timestamp_with_time_zone("created_at"))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table("identity_sign_ins").to_owned()).await?;
        m.alter_table(Table::alter().table("procedures").drop_column("identity_level").to_owned()).await?;
        m.alter_table(Table::alter().table("sessions").drop_column("assurance").to_owned()).await?;
        m.drop_index(Index::drop().name("users_identity_subject").table("users").to_owned()).await?;
        m.alter_table(Table::alter().table("users").drop_column("identity_verified_at").to_owned()).await?;
        m.alter_table(Table::alter().table("users").drop_column("identity_subject").to_owned()).await
    }
}
