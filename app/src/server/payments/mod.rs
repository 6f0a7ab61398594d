//! Fees paid online, merchant side of VNPay v2.1.0: the
//! signed payment URL, the IPN that alone settles an order, the display-only
//! return, the reconciliation that asks the gateway (`querydr`) about orders
//! pending too long, and the electronic receipt. The sandbox gateway
//! (`sandbox`) speaks the other side of the same protocol.

pub mod sandbox;
pub mod vnpay;

use crate::domain::access::SessionUser;
use crate::domain::dossier::{DossierStatus, vietnam_date};
use crate::domain::payment::{DossierPayments, PaymentReturn, PaymentStatus, PaymentView};
use crate::domain::workflow::{Action, Standing};
use crate::error::AppError;
use crate::server::entities::{agency, dossier, payment, procedure};
use crate::server::events::Events;
use crate::server::secrets::random_bytes;
use crate::server::workflow::act::Step;
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, Set,
    TransactionTrait,
};
use serde_json::json;
use std::sync::Arc;
use std::sync::atomic::AtomicU64;

/// How the portal reaches its payment gateway (from configuration).
#[derive(Clone)]
pub struct Gateway {
    /// The gateway's base URL, e.g. `https://sandbox.vnpayment.vn`.
    pub url: String,
    pub tmn_code: String,
    pub hash_secret: String,
    /// Our return page, `{public}/payments/vnpay/return`.
    pub return_url: String,
    /// An order still pending after this long is asked about.
    pub pending_after: chrono::Duration,
    client: reqwest::Client,
}

impl std::fmt::Debug for Gateway {
    // Never prints the secret.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Gateway").field("url", &self.url).field("tmn_code", &self.tmn_code).finish_non_exhaustive()
    }
}

impl Gateway {
    pub fn new(
        url: &str,
        tmn_code: &str,
        hash_secret: &str,
        public_url: &str,
        pending_after: chrono::Duration,
    ) -> Result<Self, reqwest::Error> {
        Ok(Self {
            url: url.trim_end_matches('/').to_owned(),
            tmn_code: tmn_code.to_owned(),
            hash_secret: hash_secret.to_owned(),
            return_url: format!("{}/payments/vnpay/return", public_url.trim_end_matches('/')),
            pending_after,
            client: crate::server::outbound::http_client()?,
        })
    }

    /// The URL that takes the payer to the gateway for `order`.
    pub fn payment_url(&self, order: &payment::Model, locale: crate::i18n::Locale, expires: DateTime<Utc>) -> String {
        let amount = (order.amount_vnd * 100).to_string();
        let expire = vnpay::date(expires);
        let params = vnpay::pairs(&[
            ("vnp_Version", vnpay::VERSION),
            ("vnp_Command", "pay"),
            ("vnp_TmnCode", &self.tmn_code),
            ("vnp_Amount", &amount),
            ("vnp_CreateDate", &order.create_date),
            ("vnp_CurrCode", "VND"),
            ("vnp_IpAddr", &order.ip_addr),
            ("vnp_Locale", if locale == crate::i18n::Locale::En { "en" } else { "vn" }),
            ("vnp_OrderInfo", &order.order_info),
            ("vnp_OrderType", "other"),
            ("vnp_ReturnUrl", &self.return_url),
            ("vnp_TxnRef", &order.txn_ref),
            ("vnp_ExpireDate", &expire),
        ]);
        format!("{}{}?{}", self.url, vnpay::PAY_PATH, vnpay::signed_query(&params, &self.hash_secret))
    }
}

/// How long a payment URL stays valid at the gateway.
const PAYMENT_WINDOW_MINUTES: i64 = 15;

/// A merchant reference: the date and 8 random letters and digits
/// (unique within the day, as VNPay requires, and not guessable).
fn new_txn_ref(now: DateTime<Utc>) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";
    let tail: String =
        random_bytes::<8>().iter().map(|b| char::from(ALPHABET[usize::from(*b) % ALPHABET.len()])).collect();
    format!("{}{tail}", &vnpay::date(now)[2..8])
}

/// Starts paying the fee of the caller's dossier `code`: a new order, and the
/// gateway URL to send the browser to. Only while the dossier awaits payment.
pub async fn start(
    db: &DatabaseConnection,
    gateway: &Gateway,
    me: &SessionUser,
    code: &str,
    ip: &str,
    locale: crate::i18n::Locale,
    now: DateTime<Utc>,
) -> Result<String, AppError> {
    let (row, standing) = crate::server::workflow::find_for(db, me, code).await?;
    if !standing.is_applicant {
        return Err(AppError::NotFound);
    }
    if row.status != DossierStatus::PaymentRequested || row.fee_due_vnd <= 0 {
        return Err(AppError::Conflict);
    }
    let order = payment::ActiveModel {
        txn_ref: Set(new_txn_ref(now)),
        dossier_id: Set(row.id),
        amount_vnd: Set(row.fee_due_vnd),
        // VNPay wants the description without diacritics.
        order_info: Set(format!("Thanh toan phi le phi ho so {}", row.code)),
        status: Set(PaymentStatus::Pending),
        created_at: Set(now),
        create_date: Set(vnpay::date(now)),
        ip_addr: Set(ip.to_owned()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    tracing::info!(code = %row.code, txn_ref = %order.txn_ref, amount = order.amount_vnd, "payment started");
    Ok(gateway.payment_url(&order, locale, now + chrono::Duration::minutes(PAYMENT_WINDOW_MINUTES)))
}

/// The IPN's answer: `{"RspCode": …, "Message": …}`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct IpnAnswer {
    pub code: &'static str,
    pub message: &'static str,
}

impl IpnAnswer {
    const CONFIRMED: Self = Self { code: "00", message: "Confirm Success" };
    const NOT_FOUND: Self = Self { code: "01", message: "Order not found" };
    const ALREADY: Self = Self { code: "02", message: "Order already confirmed" };
    const AMOUNT: Self = Self { code: "04", message: "Invalid amount" };
    const SIGNATURE: Self = Self { code: "97", message: "Invalid signature" };
    const UNKNOWN: Self = Self { code: "99", message: "Unknown error" };

    pub fn to_json(self) -> serde_json::Value {
        json!({ "RspCode": self.code, "Message": self.message })
    }
}

/// What the gateway says happened to an order.
struct Outcome {
    response_code: String,
    transaction_status: String,
    transaction_no: String,
    bank_code: String,
    pay_date: String,
}

impl Outcome {
    fn from_params(params: &[(String, String)]) -> Self {
        let p = |name| vnpay::param(params, name).to_owned();
        Self {
            response_code: p("vnp_ResponseCode"),
            transaction_status: p("vnp_TransactionStatus"),
            transaction_no: p("vnp_TransactionNo"),
            bank_code: p("vnp_BankCode"),
            pay_date: p("vnp_PayDate"),
        }
    }

    fn paid(&self) -> bool {
        self.response_code == "00" && self.transaction_status == "00"
    }
}

/// The IPN (`/payments/vnpay/ipn`): the only request that settles an order.
/// The checks run in the protocol's order; a replay, or the loser of a race,
/// answers `02` and changes nothing.
pub async fn ipn(
    db: &DatabaseConnection,
    events: &Events,
    gateway: &Gateway,
    params: &[(String, String)],
    now: DateTime<Utc>,
) -> IpnAnswer {
    match ipn_checked(db, events, gateway, params, now).await {
        Ok(answer) => answer,
        Err(err) => {
            tracing::error!(error = ?err, txn_ref = vnpay::param(params, "vnp_TxnRef"), "IPN failed");
            IpnAnswer::UNKNOWN
        }
    }
}

async fn ipn_checked(
    db: &DatabaseConnection,
    events: &Events,
    gateway: &Gateway,
    params: &[(String, String)],
    now: DateTime<Utc>,
) -> Result<IpnAnswer, AppError> {
    if !vnpay::verify(params, &gateway.hash_secret) || vnpay::param(params, "vnp_TmnCode") != gateway.tmn_code {
        return Ok(IpnAnswer::SIGNATURE);
    }
    let txn_ref = vnpay::param(params, "vnp_TxnRef");
    let Some(order) = payment::Entity::find().filter(payment::Column::TxnRef.eq(txn_ref)).one(db).await? else {
        return Ok(IpnAnswer::NOT_FOUND);
    };
    let amount = vnpay::param(params, "vnp_Amount").parse::<i64>().ok();
    if amount != order.amount_vnd.checked_mul(100) {
        return Ok(IpnAnswer::AMOUNT);
    }
    if order.status != PaymentStatus::Pending {
        return Ok(IpnAnswer::ALREADY);
    }
    let settled = settle(db, events, &order, &Outcome::from_params(params), "ipn", now).await?;
    Ok(if settled { IpnAnswer::CONFIRMED } else { IpnAnswer::ALREADY })
}

/// Records the gateway's outcome for a pending order, once: the transaction
/// starts with the compare-and-set on the order's status (whoever comes
/// second changes nothing), and a paid order returns its dossier to where it
/// was, with the clock resumed. Answers whether this call settled it.
async fn settle(
    db: &DatabaseConnection,
    events: &Events,
    order: &payment::Model,
    outcome: &Outcome,
    by: &'static str,
    now: DateTime<Utc>,
) -> Result<bool, AppError> {
    let calendar = crate::server::calendar::load(db).await?;
    let mut status = if outcome.paid() { PaymentStatus::Paid } else { PaymentStatus::Failed };
    // The compare-and-set comes first: it is also what takes SQLite's write lock.
    let txn = db.begin().await?;
    let changed = payment::Entity::update_many()
        .set(payment::ActiveModel {
            status: Set(status),
            response_code: Set(Some(outcome.response_code.clone())),
            transaction_no: Set(Some(outcome.transaction_no.clone())),
            bank_code: Set(Some(outcome.bank_code.clone())),
            pay_date: Set(Some(outcome.pay_date.clone())),
            settled_at: Set(Some(now)),
            settled_by: Set(Some(by.to_owned())),
            ..Default::default()
        })
        .filter(payment::Column::Id.eq(order.id))
        .filter(payment::Column::Status.eq(PaymentStatus::Pending))
        .exec(&txn)
        .await?;
    if changed.rows_affected != 1 {
        return Ok(false);
    }
    if status == PaymentStatus::Paid {
        let row = crate::server::entities::existing::<dossier::Entity>(&txn, order.dossier_id).await?;
        if row.status == DossierStatus::PaymentRequested {
            let standing = Standing { is_applicant: true, ..Standing::default() };
            let step = Step::begin(&row, &standing, Action::Pay, row.version)?;
            let change = dossier::ActiveModel {
                fee_due_vnd: Set(0),
                fee_receipt: Set(Some(order.txn_ref.clone())),
                ..Default::default()
            };
            let payload = json!({
                "payment": order.txn_ref, "amount_vnd": order.amount_vnd, "transaction_no": outcome.transaction_no,
            });
            step.finish(&txn, &row, change, &calendar, vietnam_date(now), now, None, None, Some(payload)).await?;
        } else {
            // Paid twice (two orders of one fee): recorded as owed back, not lost in a log.
            status = PaymentStatus::RefundDue;
            payment::Entity::update_many()
                .col_expr(payment::Column::Status, sea_orm::sea_query::Expr::value(status))
                .filter(payment::Column::Id.eq(order.id))
                .exec(&txn)
                .await?;
            tracing::warn!(code = %row.code, txn_ref = %order.txn_ref, "payment for a dossier not awaiting one: refund due");
        }
    }
    txn.commit().await?;
    events.wake();
    tracing::info!(txn_ref = %order.txn_ref, status = status.as_str(), by, "payment settled");
    Ok(true)
}

/// The return page's facts: display only, it never settles anything.
pub async fn returned(
    db: &impl ConnectionTrait,
    gateway: &Gateway,
    params: &[(String, String)],
) -> Result<PaymentReturn, AppError> {
    let authentic = vnpay::verify(params, &gateway.hash_secret);
    let txn_ref = vnpay::param(params, "vnp_TxnRef").to_owned();
    let order = match authentic {
        true => payment::Entity::find().filter(payment::Column::TxnRef.eq(txn_ref.as_str())).one(db).await?,
        false => None,
    };
    let dossier_code = match &order {
        Some(o) => dossier::Entity::find_by_id(o.dossier_id).one(db).await?.map(|d| d.code),
        None => None,
    };
    Ok(PaymentReturn {
        authentic,
        amount_vnd: vnpay::param(params, "vnp_Amount").parse::<i64>().unwrap_or_default() / 100,
        response_code: vnpay::param(params, "vnp_ResponseCode").to_owned(),
        txn_ref,
        dossier_code,
        status: order.map(|o| o.status),
    })
}

/// Asks the gateway (`querydr`) about every order pending longer than
/// `gateway.pending_after`, and settles those it has an answer for (an IPN
/// that was lost). Answers how many were settled.
pub async fn reconcile(
    db: &DatabaseConnection,
    events: &Events,
    gateway: &Gateway,
    now: DateTime<Utc>,
) -> Result<usize, AppError> {
    let stale = payment::Entity::find()
        .filter(payment::Column::Status.eq(PaymentStatus::Pending))
        .filter(payment::Column::CreatedAt.lt(now - gateway.pending_after))
        .order_by_asc(payment::Column::Id)
        .all(db)
        .await?;
    let mut settled = 0;
    for order in stale {
        match query(gateway, &order, now).await {
            Ok(Some(outcome)) => {
                if settle(db, events, &order, &outcome, "querydr", now).await? {
                    settled += 1;
                }
            }
            Ok(None) => {}
            Err(err) => tracing::warn!(txn_ref = %order.txn_ref, error = %err, "querydr failed"),
        }
        payment::Entity::update_many()
            .set(payment::ActiveModel { queried_at: Set(Some(now)), ..Default::default() })
            .filter(payment::Column::Id.eq(order.id))
            .exec(db)
            .await?;
    }
    Ok(settled)
}

/// The gateway's answer about one order: an outcome once the transaction is
/// final, `None` while it is not (or the gateway does not know it).
async fn query(gateway: &Gateway, order: &payment::Model, now: DateTime<Utc>) -> Result<Option<Outcome>, String> {
    let request_id = crate::server::secrets::new_token()[..32].to_owned();
    let create_date = vnpay::date(now);
    let order_info = format!("Truy van giao dich {}", order.txn_ref);
    let request = vnpay::QueryRequest {
        request_id: &request_id,
        tmn_code: &gateway.tmn_code,
        txn_ref: &order.txn_ref,
        transaction_date: &order.create_date,
        create_date: &create_date,
        ip_addr: "127.0.0.1",
        order_info: &order_info,
    };
    let body = request.to_json(&gateway.hash_secret).to_string();
    let answer = gateway
        .client
        .post(format!("{}{}", gateway.url, vnpay::API_PATH))
        .header("content-type", "application/json")
        .body(body)
        .send()
        .await
        .map_err(|e| e.to_string())?
        .text()
        .await
        .map_err(|e| e.to_string())?;
    let answer: serde_json::Value = serde_json::from_str(&answer).map_err(|e| format!("not JSON: {e}"))?;
    let field = |name: &str| answer.get(name).and_then(|v| v.as_str()).unwrap_or_default().to_owned();
    let hash = vnpay::query_answer_hash(&answer, &gateway.hash_secret);
    if !crate::server::secrets::same_secret(&hash, &field("vnp_SecureHash").to_ascii_lowercase()) {
        return Err("the answer's checksum is wrong".into());
    }
    if field("vnp_ResponseCode") != "00" || field("vnp_TxnRef") != order.txn_ref {
        return Ok(None);
    }
    if field("vnp_Amount").parse::<i64>().ok() != order.amount_vnd.checked_mul(100) {
        return Err("the gateway reports another amount".into());
    }
    let status = field("vnp_TransactionStatus");
    if status == "01" {
        return Ok(None); // not finished yet
    }
    Ok(Some(Outcome {
        response_code: if status == "00" { "00".into() } else { field("vnp_ResponseCode") },
        transaction_status: status,
        transaction_no: field("vnp_TransactionNo"),
        bank_code: field("vnp_BankCode"),
        pay_date: field("vnp_PayDate"),
    }))
}

/// Runs [`reconcile`] every `every`, on every instance (settling is
/// idempotent, so instances may overlap).
/// Reconciliation passes of this process: (succeeded, failed).
static RECONCILED: (AtomicU64, AtomicU64) = (AtomicU64::new(0), AtomicU64::new(0));

/// How many reconciliation passes this process made, for `/metrics`.
pub struct ReconciliationRuns {
    pub ok: u64,
    pub failed: u64,
}

pub fn reconciliation_runs() -> ReconciliationRuns {
    use std::sync::atomic::Ordering::Relaxed;
    ReconciliationRuns { ok: RECONCILED.0.load(Relaxed), failed: RECONCILED.1.load(Relaxed) }
}

pub fn spawn_reconciler(
    db: DatabaseConnection,
    events: Events,
    gateway: Arc<Gateway>,
    clock: crate::server::clock::Clock,
    every: std::time::Duration,
) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(every);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            let outcome = reconcile(&db, &events, &gateway, clock.now()).await;
            let counter = if outcome.is_ok() { &RECONCILED.0 } else { &RECONCILED.1 };
            counter.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            match outcome {
                Ok(0) => {}
                Ok(n) => tracing::info!(settled = n, "payments reconciled"),
                Err(err) => tracing::warn!(error = ?err, "reconciliation failed"),
            }
        }
    });
}

/// The money side of a dossier, for its pages.
pub async fn of_dossier(
    db: &impl ConnectionTrait,
    online: bool,
    row: &dossier::Model,
) -> Result<DossierPayments, AppError> {
    let orders = payment::Entity::find()
        .filter(payment::Column::DossierId.eq(row.id))
        .order_by_desc(payment::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|o| PaymentView {
            status: o.status,
            txn_ref: o.txn_ref,
            amount_vnd: o.amount_vnd,
            response_code: o.response_code,
            created_at: o.created_at,
            settled_at: o.settled_at,
        })
        .collect();
    let due_vnd = if row.status == DossierStatus::PaymentRequested { row.fee_due_vnd } else { 0 };
    // The fees of the agency the dossier was filed at.
    let fees = match procedure::Entity::find_by_id(row.procedure_id).one(db).await? {
        Some(procedure) => crate::server::agencies::terms(db, &procedure, row.agency_id).await?.fees,
        None => Vec::new(),
    };
    Ok(DossierPayments { fees, due_vnd, online, orders })
}

/// The electronic receipt (biên lai) of a paid order, for the applicant or
/// an official of the agency.
pub async fn receipt(db: &DatabaseConnection, me: &SessionUser, txn_ref: &str) -> Result<Vec<u8>, AppError> {
    use crate::server::papers::receipt::ReceiptPaper;
    let order = payment::Entity::find()
        .filter(payment::Column::TxnRef.eq(txn_ref))
        .filter(payment::Column::Status.eq(PaymentStatus::Paid))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let row = dossier::Entity::find_by_id(order.dossier_id).one(db).await?.ok_or(AppError::NotFound)?;
    crate::server::workflow::find_for(db, me, &row.code).await?;
    let procedure = crate::server::entities::existing::<procedure::Entity>(db, row.procedure_id).await?;
    let agency = crate::server::entities::existing::<agency::Entity>(db, row.agency_id).await?;
    let paid_at =
        order.pay_date.as_deref().and_then(vnpay::parse_date).or(order.settled_at).unwrap_or(order.created_at);
    Ok(crate::server::papers::receipt::receipt(&ReceiptPaper {
        txn_ref: &order.txn_ref,
        payer: &row.applicant_name,
        dossier_code: &row.code,
        procedure: &procedure.name_vi,
        procedure_code: &procedure.code,
        amount_vnd: order.amount_vnd,
        transaction_no: order.transaction_no.as_deref().unwrap_or_default(),
        bank: order.bank_code.as_deref().unwrap_or_default(),
        paid_at,
        agency: &agency.name_vi,
    })?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_are_dated_and_distinct() {
        let now = DateTime::parse_from_rfc3339("2026-11-30T17:30:00Z").unwrap().to_utc();
        let (a, b) = (new_txn_ref(now), new_txn_ref(now));
        assert!(a.starts_with("261201"), "{a}: the date in Vietnam");
        assert_eq!(a.len(), 14);
        assert_ne!(a, b);
        assert!(a.chars().all(|c| c.is_ascii_alphanumeric()));
    }
}
