//! Level-1 catalog: agencies, sectors, procedures and what they cite, plus the
//! reference data every later feature uses (holidays, administrative units).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("provinces")
                .col(integer("code").primary_key())
                .col(string("name"))
                .col(string("kind"))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("wards")
                .col(integer("code").primary_key())
                .col(integer("province_code"))
                .col(string("name"))
                .col(string("kind"))
                .foreign_key(ForeignKey::create().from("wards", "province_code").to("provinces", "code"))
                .to_owned(),
        )
        .await?;
        m.create_index(Index::create().name("wards_province").table("wards").col("province_code").to_owned()).await?;
        m.create_table(
            Table::create()
                .table("holidays")
                .col(date("day").primary_key())
                .col(string("name_vi"))
                .col(string("name_en"))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("agencies")
                .col(pk_auto("id"))
                .col(string_uniq("code"))
                .col(string("name_vi"))
                .col(string("name_en"))
                .col(string("level"))
                .col(integer_null("parent_id"))
                .col(integer_null("province_code"))
                .foreign_key(ForeignKey::create().from("agencies", "parent_id").to("agencies", "id"))
                .foreign_key(ForeignKey::create().from("agencies", "province_code").to("provinces", "code"))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("sectors")
                .col(pk_auto("id"))
                .col(string_uniq("code"))
                .col(string("name_vi"))
                .col(string("name_en"))
                .col(integer("position"))
                .col(boolean("featured"))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("legal_documents")
                .col(pk_auto("id"))
                .col(string_uniq("number"))
                .col(string("kind_vi"))
                .col(string("kind_en"))
                .col(text("title_vi"))
                .col(text("title_en"))
                .col(string("issuer_vi"))
                .col(string("issuer_en"))
                .col(date("issued_on"))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("templates")
                .col(pk_auto("id"))
                .col(string_uniq("file_name"))
                .col(string("title_vi"))
                .col(string("title_en"))
                .col(string("media_type"))
                .col(big_integer("size_bytes"))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("procedures")
                .col(pk_auto("id"))
                .col(string_uniq("code"))
                .col(text("name_vi"))
                .col(text("name_en"))
                .col(integer("sector_id"))
                .col(integer("agency_id"))
                .col(string("agency_level"))
                .col(small_integer("service_level"))
                .col(string_null("online_class"))
                .col(integer("processing_days"))
                .col(text("processing_note_vi"))
                .col(text("processing_note_en"))
                .col(text("applicants_vi"))
                .col(text("applicants_en"))
                .col(text("result_vi"))
                .col(text("result_en"))
                .col(text("steps"))
                .col(text("conditions"))
                .col(text("fees"))
                .col(text("channels"))
                .col(text("name_folded"))
                .col(text("search_text"))
                .col(timestamp_with_time_zone("updated_at"))
                .foreign_key(ForeignKey::create().from("procedures", "sector_id").to("sectors", "id"))
                .foreign_key(ForeignKey::create().from("procedures", "agency_id").to("agencies", "id"))
                .to_owned(),
        )
        .await?;
        for col in ["sector_id", "agency_id", "service_level", "name_folded"] {
            m.create_index(Index::create().name(format!("procedures_{col}")).table("procedures").col(col).to_owned())
                .await?;
        }
        m.create_table(
            Table::create()
                .table("document_requirements")
                .col(pk_auto("id"))
                .col(integer("procedure_id"))
                .col(integer("position"))
                .col(text("name_vi"))
                .col(text("name_en"))
                .col(integer("originals"))
                .col(integer("copies"))
                .col(boolean("mandatory"))
                .col(integer_null("template_id"))
                .foreign_key(
                    ForeignKey::create()
                        .from("document_requirements", "procedure_id")
                        .to("procedures", "id")
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(ForeignKey::create().from("document_requirements", "template_id").to("templates", "id"))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("document_requirements_position")
                .table("document_requirements")
                .col("procedure_id")
                .col("position")
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("procedure_legal_documents")
                .col(integer("procedure_id"))
                .col(integer("legal_document_id"))
                .col(integer("position"))
                .primary_key(Index::create().col("procedure_id").col("legal_document_id"))
                .foreign_key(
                    ForeignKey::create()
                        .from("procedure_legal_documents", "procedure_id")
                        .to("procedures", "id")
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from("procedure_legal_documents", "legal_document_id")
                        .to("legal_documents", "id"),
                )
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            "procedure_legal_documents",
            "document_requirements",
            "procedures",
            "templates",
            "legal_documents",
            "sectors",
            "agencies",
            "holidays",
            "wards",
            "provinces",
        ] {
            m.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
