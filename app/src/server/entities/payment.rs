//! Table `payments`: one online payment order (a VNPay `vnp_TxnRef`).

use crate::domain::payment::PaymentStatus;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "payments")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub txn_ref: String,
    pub dossier_id: i32,
    pub amount_vnd: i64,
    pub order_info: String,
    pub status: PaymentStatus,
    pub created_at: DateTimeUtc,
    /// `vnp_CreateDate` as sent.
    pub create_date: String,
    pub ip_addr: String,
    pub response_code: Option<String>,
    pub transaction_no: Option<String>,
    pub bank_code: Option<String>,
    pub pay_date: Option<String>,
    pub settled_at: Option<DateTimeUtc>,
    /// `ipn` or `querydr`.
    pub settled_by: Option<String>,
    pub queried_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
