//! `/payments/vnpay/return`: where the gateway sends the payer back. It only
//! displays — the gateway's word (signature checked) and what the portal
//! recorded; only the IPN settles a payment.

use super::api::payment_return;
use crate::domain::catalog::format_vnd;
use crate::domain::payment::{PaymentStatus, response_label};
use crate::i18n::use_t;
use crate::ui::PageMeta;
use leptos::prelude::*;

#[component]
pub fn PaymentReturnPage() -> impl IntoView {
    let t = use_t();
    let query = crate::ui::raw_query();
    let outcome = Resource::new(move || query.get(), payment_return);
    view! {
        <PageMeta title=t.payment_return_title description=t.payment_return_title/>
        <h1>{t.payment_return_title}</h1>
        <Suspense fallback=move || view! { <p>{t.loading}</p> }>
            {move || Suspend::new(async move {
                match outcome.await {
                    Ok(r) if r.authentic => {
                        let success = r.response_code == "00";
                        let recorded = match r.status {
                            Some(PaymentStatus::Paid) => t.payment_confirmed,
                            Some(PaymentStatus::Pending) => t.payment_awaiting_confirmation,
                            Some(PaymentStatus::Failed) => t.payment_not_paid,
                            Some(PaymentStatus::RefundDue) => t.payment_refund_due,
                            None => t.payment_unknown_order,
                        };
                        view! {
                            <div class=if success { "notice notice-success" } else { "notice notice-error" } role="status">
                                <p>{if success { t.payment_gateway_success } else { response_label(&r.response_code, t) }}</p>
                            </div>
                            <dl class="facts">
                                <dt>{t.payment_reference}</dt><dd>{r.txn_ref.clone()}</dd>
                                <dt>{t.payment_amount}</dt><dd>{format_vnd(r.amount_vnd)}</dd>
                                <dt>{t.payment_state}</dt><dd>{recorded}</dd>
                            </dl>
                            {r.dossier_code.map(|code| view! {
                                <p><a class="button" href=format!("/dossiers/{code}")>{t.payment_back_to_dossier}</a></p>
                            })}
                        }
                        .into_any()
                    }
                    _ => view! { <div class="notice notice-error" role="alert"><p>{t.payment_return_forged}</p></div> }.into_any(),
                }
            })}
        </Suspense>
    }
}
