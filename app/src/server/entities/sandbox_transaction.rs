//! Table `sandbox_transactions`: the sandbox gateway's record of a payment
//! it was asked for and the outcome the tester chose.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "sandbox_transactions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub tmn_code: String,
    pub txn_ref: String,
    /// `vnp_Amount` (VND × 100).
    pub amount: i64,
    pub order_info: String,
    pub return_url: String,
    pub create_date: String,
    pub response_code: String,
    pub transaction_status: String,
    pub transaction_no: String,
    pub bank_code: String,
    pub pay_date: String,
    /// Whether the IPN is sent (a tester can simulate a lost one).
    pub ipn_wanted: bool,
    pub ipn_attempts: i32,
    pub ipn_next_at: Option<DateTimeUtc>,
    /// When the merchant answered `00` or `02`.
    pub ipn_done_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
