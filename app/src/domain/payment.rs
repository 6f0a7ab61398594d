//! Level 4: fees paid online — what the citizen and the payment pages show.
//! (Results returned as signed e-documents: `domain::result`.)

use crate::domain::catalog::{Fee, FeeStage};
use crate::i18n::Messages;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

named_enum! {
    /// Where a payment order stands. Only the gateway's confirmation (IPN or
    /// reconciliation) moves it from `Pending`.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum PaymentStatus {
        Pending = "pending",
        Paid = "paid",
        Failed = "failed",
        /// Paid, but for a fee already settled (a second order of one fee): the
        /// money is recorded and owed back to the applicant.
        RefundDue = "refund_due",
    }
}

impl PaymentStatus {
    pub fn label(self, t: &Messages) -> &'static str {
        match self {
            Self::Pending => t.payment_pending,
            Self::Paid => t.payment_paid,
            Self::Failed => t.payment_failed,
            Self::RefundDue => t.payment_refund_due,
        }
    }
}

/// The fees due with the dossier: the sum of the procedure's fees paid at submission.
pub fn submission_fees(fees: &[Fee]) -> i64 {
    fees.iter().filter(|f| f.stage == FeeStage::Submission).map(|f| f.amount_vnd.max(0)).sum()
}

/// What a gateway response code (`vnp_ResponseCode`) means to the payer.
pub fn response_label(code: &str, t: &Messages) -> &'static str {
    match code {
        "00" => t.vnp_00,
        "07" => t.vnp_07,
        "09" | "10" | "12" | "13" | "79" => t.vnp_card,
        "11" => t.vnp_11,
        "24" => t.vnp_24,
        "51" => t.vnp_51,
        "65" => t.vnp_65,
        "75" => t.vnp_75,
        _ => t.vnp_other,
    }
}

/// One payment order of a dossier.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentView {
    pub txn_ref: String,
    pub amount_vnd: i64,
    pub status: PaymentStatus,
    pub response_code: Option<String>,
    pub created_at: DateTime<Utc>,
    pub settled_at: Option<DateTime<Utc>>,
}

impl PaymentView {
    /// The electronic receipt (biên lai), once paid.
    pub fn receipt_href(&self) -> Option<String> {
        (self.status == PaymentStatus::Paid).then(|| format!("/payments/{}/receipt.pdf", self.txn_ref))
    }
}

/// The money side of a dossier.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DossierPayments {
    /// The procedure's fees (amount, stage, exemptions).
    pub fees: Vec<Fee>,
    /// The amount asked for now (while the dossier is in `PaymentRequested`).
    pub due_vnd: i64,
    /// Whether online payment is configured.
    pub online: bool,
    pub orders: Vec<PaymentView>,
}

/// Where `/dossiers/{code}/pay` starts a payment.
pub fn pay_href(code: &str) -> String {
    format!("/dossiers/{code}/pay")
}

/// What the return page shows: the gateway's word (signature checked) and
/// what the portal itself knows of the order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentReturn {
    /// The signature of the parameters is valid.
    pub authentic: bool,
    pub txn_ref: String,
    pub amount_vnd: i64,
    pub response_code: String,
    pub dossier_code: Option<String>,
    /// The order as recorded (by the IPN), if it exists.
    pub status: Option<PaymentStatus>,
}

/// The order the sandbox gateway shows the tester.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SandboxOrder {
    pub tmn_code: String,
    pub txn_ref: String,
    pub amount_vnd: i64,
    pub order_info: String,
    pub return_url: String,
}

/// The outcomes a tester can choose in the sandbox: (response code, label key).
pub const SANDBOX_OUTCOMES: [&str; 5] = ["00", "24", "51", "11", "00-no-ipn"];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::text::LocalText;

    fn fee(amount_vnd: i64, stage: FeeStage) -> Fee {
        Fee { label: LocalText { vi: "Lệ phí".into(), en: Some("Fee".into()) }, amount_vnd, stage, exemption: None }
    }

    #[test]
    fn only_fees_of_the_submission_stage_are_due_with_the_dossier() {
        let fees =
            [fee(100_000, FeeStage::Result), fee(500_000, FeeStage::Submission), fee(8_000, FeeStage::Submission)];
        assert_eq!(submission_fees(&fees), 508_000);
        assert_eq!(submission_fees(&[fee(0, FeeStage::Submission)]), 0);
    }

    #[test]
    fn every_response_code_has_words() {
        let t = &crate::i18n::VI;
        assert_eq!(response_label("24", t), t.vnp_24);
        assert_eq!(response_label("13", t), t.vnp_card);
        assert_eq!(response_label("xx", t), t.vnp_other);
        assert_eq!(PaymentStatus::parse("paid"), Some(PaymentStatus::Paid));
        assert_eq!(PaymentStatus::parse("PAID"), None);
    }
}
