//! Every agency of the country: the ward an agency serves (ward People's
//! Committees), and its name folded for diacritic-blind search; indexes for
//! the agency list (by province and level, by name).

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite adds a single column at a time.
        m.alter_table(
            Table::alter().table("agencies").add_column(ColumnDef::new("ward_code").integer().null()).to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table("agencies")
                .add_column(ColumnDef::new("name_folded").string().not_null().default(""))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("agencies_by_place")
                .table("agencies")
                .col("province_code")
                .col("level")
                .col("name_folded")
                .to_owned(),
        )
        .await?;
        m.create_index(Index::create().name("agencies_by_name").table("agencies").col("name_folded").to_owned())
            .await?;
        m.create_index(Index::create().name("agencies_by_ward").table("agencies").col("ward_code").to_owned()).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for name in ["agencies_by_ward", "agencies_by_name", "agencies_by_place"] {
            m.drop_index(Index::drop().name(name).table("agencies").to_owned()).await?;
        }
        for column in ["name_folded", "ward_code"] {
            m.alter_table(Table::alter().table("agencies").drop_column(column).to_owned()).await?;
        }
        Ok(())
    }
}
