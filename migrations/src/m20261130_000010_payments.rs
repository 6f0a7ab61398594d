//! Level 4: payment orders (VNPay), the sandbox gateway's own transactions,
//! and the signatures of result documents.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // The amount asked for while the dossier waits in `PaymentRequested`.
        m.alter_table(
            Table::alter()
                .table("dossiers")
                .add_column(ColumnDef::new("fee_due_vnd").big_integer().not_null().default(0))
                .to_owned(),
        )
        .await?;
        // One order per payment attempt; only the IPN (or reconciliation)
        // moves it from `pending` to `paid` or `failed`.
        m.create_table(
            Table::create()
                .table("payments")
                .col(big_pk_auto("id"))
                .col(string_uniq("txn_ref"))
                .col(integer("dossier_id"))
                .col(big_integer("amount_vnd"))
                .col(string("order_info"))
                .col(string("status"))
                .col(timestamp_with_time_zone("created_at"))
                // `vnp_CreateDate` as sent (querydr needs it back).
                .col(string("create_date"))
                .col(string("ip_addr"))
                .col(string_null("response_code"))
                .col(string_null("transaction_no"))
                .col(string_null("bank_code"))
                .col(string_null("pay_date"))
                .col(timestamp_with_time_zone_null("settled_at"))
                // How it was settled: `ipn` or `querydr`.
                .col(string_null("settled_by"))
                .col(timestamp_with_time_zone_null("queried_at"))
                .foreign_key(ForeignKey::create().from("payments", "dossier_id").to("dossiers", "id"))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create().name("payments_dossier").table("payments").col("dossier_id").col("id").to_owned(),
        )
        .await?;
        m.create_index(
            Index::create().name("payments_pending").table("payments").col("status").col("created_at").to_owned(),
        )
        .await?;

        // The sandbox gateway's side: what it was asked, what the tester chose,
        // and whether the merchant has acknowledged the IPN.
        m.create_table(
            Table::create()
                .table("sandbox_transactions")
                .col(big_pk_auto("id"))
                .col(string("tmn_code"))
                .col(string("txn_ref"))
                .col(big_integer("amount"))
                .col(string("order_info"))
                .col(string("return_url"))
                .col(string("create_date"))
                .col(string("response_code"))
                .col(string("transaction_status"))
                .col(string("transaction_no"))
                .col(string("bank_code"))
                .col(string("pay_date"))
                .col(boolean("ipn_wanted"))
                .col(integer("ipn_attempts").default(0))
                .col(timestamp_with_time_zone_null("ipn_next_at"))
                .col(timestamp_with_time_zone_null("ipn_done_at"))
                .col(timestamp_with_time_zone("created_at"))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("sandbox_transactions_ref")
                .table("sandbox_transactions")
                .col("tmn_code")
                .col("txn_ref")
                .unique()
                .to_owned(),
        )
        .await?;

        // A signed result document: the code its QR code carries, the hash of
        // the file, and the Ed25519 signature over both.
        m.create_table(
            Table::create()
                .table("signed_documents")
                .col(string("code").primary_key())
                .col(integer("dossier_id"))
                .col(string("attachment_id"))
                .col(string("sha256"))
                .col(string("issuer"))
                .col(timestamp_with_time_zone("signed_at"))
                .col(string("signature"))
                .foreign_key(ForeignKey::create().from("signed_documents", "dossier_id").to("dossiers", "id"))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create().name("signed_documents_dossier").table("signed_documents").col("dossier_id").to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for table in ["signed_documents", "sandbox_transactions", "payments"] {
            m.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        m.alter_table(Table::alter().table("dossiers").drop_column("fee_due_vnd").to_owned()).await
    }
}
