//! Accounts: users (citizens and officials), their roles, database-backed
//! sessions, the append-only audit log and rate-limit counters.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("users")
                .col(pk_auto("id"))
                .col(string("kind"))
                .col(string("full_name"))
                .col(string_null("citizen_id").unique_key())
                .col(string_uniq("email"))
                .col(string_null("phone"))
                .col(date_null("birth_date"))
                .col(text("password_hash"))
                .col(boolean("must_change_password").default(false))
                .col(string_null("totp_secret"))
                .col(timestamp_with_time_zone_null("totp_enabled_at"))
                .col(big_integer_null("totp_last_step"))
                .col(integer_null("agency_id"))
                .col(integer_null("province_code"))
                .col(integer_null("ward_code"))
                .col(string("street").default(""))
                .col(integer("auth_version").default(1))
                .col(timestamp_with_time_zone_null("disabled_at"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("updated_at"))
                .foreign_key(ForeignKey::create().from("users", "agency_id").to("agencies", "id"))
                .foreign_key(ForeignKey::create().from("users", "province_code").to("provinces", "code"))
                .foreign_key(ForeignKey::create().from("users", "ward_code").to("wards", "code"))
                .to_owned(),
        )
        .await?;
        m.create_index(Index::create().name("users_agency").table("users").col("agency_id").to_owned()).await?;
        m.create_table(
            Table::create()
                .table("user_roles")
                .col(integer("user_id"))
                .col(string("role"))
                .primary_key(Index::create().col("user_id").col("role"))
                .foreign_key(
                    ForeignKey::create()
                        .from("user_roles", "user_id")
                        .to("users", "id")
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        // The id is the SHA-256 of the cookie's token: a leaked table opens no session.
        m.create_table(
            Table::create()
                .table("sessions")
                .col(string("id").primary_key())
                .col(integer("user_id"))
                .col(string("stage"))
                .col(integer("auth_version"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("last_seen_at"))
                .col(timestamp_with_time_zone("expires_at"))
                .col(string_null("ip"))
                .col(string_null("user_agent"))
                .foreign_key(
                    ForeignKey::create()
                        .from("sessions", "user_id")
                        .to("users", "id")
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(Index::create().name("sessions_user").table("sessions").col("user_id").to_owned()).await?;
        m.create_table(
            Table::create()
                .table("audit_log")
                .col(big_pk_auto("id"))
                .col(timestamp_with_time_zone("at"))
                .col(integer_null("actor_id"))
                .col(string("actor"))
                .col(string("action"))
                .col(string_null("subject"))
                .col(string("outcome"))
                .col(string_null("ip"))
                .col(text_null("detail"))
                .to_owned(),
        )
        .await?;
        m.create_index(Index::create().name("audit_log_at").table("audit_log").col("at").to_owned()).await?;
        crate::make_append_only(m, "audit_log").await?;
        m.create_table(
            Table::create()
                .table("rate_limits")
                .col(string("key"))
                .col(big_integer("window_start"))
                .col(integer("hits"))
                .primary_key(Index::create().col("key").col("window_start"))
                .to_owned(),
        )
        .await?;
        Ok(())
    }
}
