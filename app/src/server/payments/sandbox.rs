//! The sandbox gateway: the gateway side of VNPay v2.1.0, inside the product
//! so the level-4 flow runs on one machine and in tests. It checks the
//! merchant's signature, shows the order, lets the tester choose the outcome,
//! sends the browser back to the return URL and the IPN to the merchant
//! (retrying until answered `00` or `02`), all signed, and answers `querydr`.
//! On only with `DVC_DEMO=1` or `DVC_VNPAY_SANDBOX=1`.

use super::vnpay;
use crate::domain::payment::SandboxOrder;
use crate::domain::rules::{FieldErrors, Rule};
use crate::error::AppError;
use crate::server::entities::sandbox_transaction;
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};
use serde_json::{Value, json};
use std::sync::Arc;

/// The demo merchant's terminal code and secret (demo only: production
/// configures its own and never runs the sandbox).
pub const DEMO_TMN_CODE: &str = "DVCDEMO1";
pub const DEMO_HASH_SECRET: &str = "DVC-SANDBOX-SECRET-NOT-FOR-PRODUCTION";

/// The sandbox's view of the one merchant it serves.
#[derive(Clone)]
pub struct Sandbox {
    pub tmn_code: String,
    pub hash_secret: String,
    /// The merchant's IPN URL (registered with the gateway, as at VNPay).
    pub ipn_url: String,
    client: reqwest::Client,
}

/// What a tester may choose: (choice, response code, transaction status, IPN sent).
const OUTCOMES: [(&str, &str, &str, bool); 5] = [
    ("00", "00", "00", true),
    ("24", "24", "02", true),
    ("51", "51", "02", true),
    ("11", "11", "02", true),
    // Paid, but the IPN is lost: only reconciliation (querydr) can tell.
    ("00-no-ipn", "00", "00", false),
];

impl Sandbox {
    /// The sandbox of the demo merchant: it knows no other secret, so it can
    /// never sign for a real merchant.
    pub fn new(ipn_url: &str) -> Result<Self, reqwest::Error> {
        Ok(Self {
            tmn_code: DEMO_TMN_CODE.to_owned(),
            hash_secret: DEMO_HASH_SECRET.to_owned(),
            ipn_url: ipn_url.to_owned(),
            client: crate::server::outbound::http_client()?,
        })
    }

    /// The order a payment URL's parameters describe, if they are complete
    /// and signed by the merchant.
    pub fn order(&self, params: &[(String, String)]) -> Result<SandboxOrder, AppError> {
        let p = |name| vnpay::param(params, name);
        let mut errors = FieldErrors::default();
        if !vnpay::verify(params, &self.hash_secret) {
            errors.push("vnp_SecureHash", Rule::NotAnOption);
        }
        if p("vnp_Version") != vnpay::VERSION || p("vnp_Command") != "pay" || p("vnp_CurrCode") != "VND" {
            errors.push("vnp_Command", Rule::NotAnOption);
        }
        if p("vnp_TmnCode") != self.tmn_code {
            errors.push("vnp_TmnCode", Rule::NotAnOption);
        }
        let amount =
            p("vnp_Amount").parse::<i64>().ok().filter(|a| *a > 0 && a % 100 == 0 && p("vnp_Amount").len() <= 12);
        if amount.is_none() {
            errors.push("vnp_Amount", Rule::NotAnOption);
        }
        for required in ["vnp_TxnRef", "vnp_ReturnUrl", "vnp_OrderInfo", "vnp_CreateDate", "vnp_IpAddr"] {
            if p(required).is_empty() {
                errors.push(required, Rule::Required);
            }
        }
        if !errors.is_empty() {
            return Err(errors.into());
        }
        Ok(SandboxOrder {
            tmn_code: p("vnp_TmnCode").to_owned(),
            txn_ref: p("vnp_TxnRef").to_owned(),
            amount_vnd: amount.unwrap_or_default() / 100,
            order_info: p("vnp_OrderInfo").to_owned(),
            return_url: p("vnp_ReturnUrl").to_owned(),
        })
    }

    /// The tester chose `choice` for the order in `params`: the transaction is
    /// recorded (once per reference), the IPN goes out, and the answer is the
    /// signed return URL to send the browser to.
    pub async fn complete(
        &self,
        db: &DatabaseConnection,
        params: &[(String, String)],
        choice: &str,
        now: DateTime<Utc>,
    ) -> Result<String, AppError> {
        let order = self.order(params)?;
        let Some((_, response_code, status, ipn)) = OUTCOMES.iter().find(|(c, ..)| *c == choice) else {
            let mut errors = FieldErrors::default();
            errors.push("outcome", Rule::NotAnOption);
            return Err(errors.into());
        };
        let existing = sandbox_transaction::Entity::find()
            .filter(sandbox_transaction::Column::TmnCode.eq(order.tmn_code.as_str()))
            .filter(sandbox_transaction::Column::TxnRef.eq(order.txn_ref.as_str()))
            .one(db)
            .await?;
        let row = match existing {
            Some(row) => row,
            None => {
                let number = u32::from_be_bytes(crate::server::secrets::random_bytes::<4>()) % 90_000_000 + 10_000_000;
                sandbox_transaction::ActiveModel {
                    tmn_code: Set(order.tmn_code.clone()),
                    txn_ref: Set(order.txn_ref.clone()),
                    amount: Set(order.amount_vnd * 100),
                    order_info: Set(order.order_info.clone()),
                    return_url: Set(order.return_url.clone()),
                    create_date: Set(vnpay::param(params, "vnp_CreateDate").to_owned()),
                    response_code: Set((*response_code).to_owned()),
                    transaction_status: Set((*status).to_owned()),
                    transaction_no: Set(number.to_string()),
                    bank_code: Set("NCB".into()),
                    pay_date: Set(vnpay::date(now)),
                    ipn_wanted: Set(*ipn),
                    ipn_attempts: Set(0),
                    ipn_next_at: Set(ipn.then_some(now)),
                    ipn_done_at: Set(None),
                    created_at: Set(now),
                    ..Default::default()
                }
                .insert(db)
                .await?
            }
        };
        if row.ipn_wanted && row.ipn_done_at.is_none() {
            let (sandbox, db, row) = (self.clone(), db.clone(), row.clone());
            tokio::spawn(async move { sandbox.send_ipn(&db, &row, now).await });
        }
        let query = vnpay::signed_query(&self.result_params(&row), &self.hash_secret);
        let separator = if row.return_url.contains('?') { '&' } else { '?' };
        Ok(format!("{}{separator}{query}", row.return_url))
    }

    /// What the gateway tells the merchant about a transaction (return URL and IPN).
    fn result_params(&self, row: &sandbox_transaction::Model) -> Vec<(String, String)> {
        let amount = row.amount.to_string();
        let bank_tran = format!("VNP{}", row.transaction_no);
        vnpay::pairs(&[
            ("vnp_Amount", &amount),
            ("vnp_BankCode", &row.bank_code),
            ("vnp_BankTranNo", &bank_tran),
            ("vnp_CardType", "ATM"),
            ("vnp_OrderInfo", &row.order_info),
            ("vnp_PayDate", &row.pay_date),
            ("vnp_ResponseCode", &row.response_code),
            ("vnp_TmnCode", &row.tmn_code),
            ("vnp_TransactionNo", &row.transaction_no),
            ("vnp_TransactionStatus", &row.transaction_status),
            ("vnp_TxnRef", &row.txn_ref),
            ("vnp_SecureHashType", "HmacSHA512"),
        ])
    }

    /// Sends one IPN; an answer `00` or `02` ends the retries, anything else
    /// (or no answer) schedules the next try (10 s, 20 s, 40 s … 10 min).
    async fn send_ipn(&self, db: &DatabaseConnection, row: &sandbox_transaction::Model, now: DateTime<Utc>) {
        let query = vnpay::signed_query(&self.result_params(row), &self.hash_secret);
        let answer = async {
            let body = self.client.get(format!("{}?{query}", self.ipn_url)).send().await.ok()?.text().await.ok()?;
            let json: Value = serde_json::from_str(&body).ok()?;
            json.get("RspCode")?.as_str().map(str::to_owned)
        }
        .await;
        let done = matches!(answer.as_deref(), Some("00" | "02"));
        let attempts = row.ipn_attempts + 1;
        let wait = chrono::Duration::seconds((10_i64 << attempts.clamp(1, 7) as u32 >> 1).min(600));
        let update = sandbox_transaction::ActiveModel {
            ipn_attempts: Set(attempts),
            ipn_done_at: Set(done.then_some(now)),
            ipn_next_at: Set((!done).then_some(now + wait)),
            ..Default::default()
        };
        let result = sandbox_transaction::Entity::update_many()
            .set(update)
            .filter(sandbox_transaction::Column::Id.eq(row.id))
            .filter(sandbox_transaction::Column::IpnDoneAt.is_null())
            .exec(db)
            .await;
        if let Err(err) = result {
            tracing::warn!(error = %err, "sandbox: recording the IPN attempt failed");
        }
        if !done {
            tracing::info!(txn_ref = %row.txn_ref, ?answer, attempts, "sandbox: IPN not confirmed, will retry");
        }
    }

    /// Sends the IPNs that are due (retries).
    pub async fn deliver_due(&self, db: &DatabaseConnection, now: DateTime<Utc>) -> Result<usize, AppError> {
        let due = sandbox_transaction::Entity::find()
            .filter(sandbox_transaction::Column::IpnWanted.eq(true))
            .filter(sandbox_transaction::Column::IpnDoneAt.is_null())
            .filter(sandbox_transaction::Column::IpnNextAt.lte(now))
            .order_by_asc(sandbox_transaction::Column::Id)
            .limit(50)
            .all(db)
            .await?;
        for row in &due {
            self.send_ipn(db, row, now).await;
        }
        Ok(due.len())
    }

    /// Answers a `querydr` request (a JSON body) as the gateway does.
    pub async fn query(&self, db: &DatabaseConnection, request: &Value) -> Result<Value, AppError> {
        let field = |name: &str| request.get(name).and_then(Value::as_str).unwrap_or_default().to_owned();
        let response_id = crate::server::secrets::new_token()[..32].to_owned();
        let mut answer = json!({
            "vnp_ResponseId": response_id, "vnp_Command": "querydr", "vnp_TmnCode": field("vnp_TmnCode"),
            "vnp_TxnRef": field("vnp_TxnRef"),
        });
        let expected = vnpay::QueryRequest {
            request_id: &field("vnp_RequestId"),
            tmn_code: &field("vnp_TmnCode"),
            txn_ref: &field("vnp_TxnRef"),
            transaction_date: &field("vnp_TransactionDate"),
            create_date: &field("vnp_CreateDate"),
            ip_addr: &field("vnp_IpAddr"),
            order_info: &field("vnp_OrderInfo"),
        }
        .hash(&self.hash_secret);
        let signed = crate::server::secrets::same_secret(&expected, &field("vnp_SecureHash").to_ascii_lowercase());
        let found = match signed && field("vnp_TmnCode") == self.tmn_code && field("vnp_Command") == "querydr" {
            true => {
                sandbox_transaction::Entity::find()
                    .filter(sandbox_transaction::Column::TmnCode.eq(self.tmn_code.as_str()))
                    .filter(sandbox_transaction::Column::TxnRef.eq(field("vnp_TxnRef")))
                    .one(db)
                    .await?
            }
            false => None,
        };
        let map = answer.as_object_mut().expect("an object");
        match (signed, found) {
            (false, _) => {
                map.insert("vnp_ResponseCode".into(), "97".into());
                map.insert("vnp_Message".into(), "Invalid Checksum".into());
            }
            (true, None) => {
                map.insert("vnp_ResponseCode".into(), "91".into());
                map.insert("vnp_Message".into(), "Not found transaction".into());
            }
            (true, Some(row)) => {
                for (name, value) in [
                    ("vnp_ResponseCode", "00".to_owned()),
                    ("vnp_Message", "QueryDR Success".to_owned()),
                    ("vnp_Amount", row.amount.to_string()),
                    ("vnp_BankCode", row.bank_code),
                    ("vnp_PayDate", row.pay_date),
                    ("vnp_TransactionNo", row.transaction_no),
                    ("vnp_TransactionType", "01".to_owned()),
                    ("vnp_TransactionStatus", row.transaction_status),
                    ("vnp_OrderInfo", row.order_info),
                    ("vnp_PromotionCode", String::new()),
                    ("vnp_PromotionAmount", String::new()),
                ] {
                    map.insert(name.into(), value.into());
                }
            }
        }
        let hash = vnpay::query_answer_hash(&answer, &self.hash_secret);
        answer.as_object_mut().expect("an object").insert("vnp_SecureHash".into(), hash.into());
        Ok(answer)
    }

    /// Retries unconfirmed IPNs every few seconds.
    pub fn spawn_worker(self: Arc<Self>, db: DatabaseConnection, clock: crate::server::clock::Clock) {
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(std::time::Duration::from_secs(2));
            loop {
                tick.tick().await;
                if let Err(err) = self.deliver_due(&db, clock.now()).await {
                    tracing::warn!(error = ?err, "sandbox IPN worker");
                }
            }
        });
    }
}
