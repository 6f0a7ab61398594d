//! The dossier page's level-4 panels: the fee due with the "pay online"
//! button (a plain form to the gateway) and the payment orders with their
//! receipts; the signed result to download and verify.

use crate::domain::catalog::format_vnd;
use crate::domain::dossier::format_vn_datetime;
use crate::domain::payment::{DossierPayments, PaymentStatus, pay_href, response_label};
use crate::features::catalog::FeeItems;
use crate::i18n::{fill, use_t};
use leptos::prelude::*;

#[component]
pub fn PaymentPanel(code: String, payments: DossierPayments) -> impl IntoView {
    let t = use_t();
    let charged: Vec<_> = payments.fees.iter().filter(|f| f.amount_vnd > 0).cloned().collect();
    if charged.is_empty() && payments.due_vnd <= 0 && payments.orders.is_empty() {
        return ().into_any();
    }

    let due = (payments.due_vnd > 0).then(|| {
        let action = if payments.online {
            view! {
                <form method="post" action=pay_href(&code)>
                    <button type="submit">{t.action_pay}</button>
                </form>
                <p class="hint">{t.payment_gateway_hint}</p>
            }
            .into_any()
        } else {
            view! { <p>{t.payment_at_desk}</p> }.into_any()
        };
        view! {
            <p class="payment-due">{fill(t.payment_due, &[("amount", &format_vnd(payments.due_vnd))])}</p>
            {action}
        }
    });
    let rows = payments
        .orders
        .iter()
        .map(|order| {
            let outcome = match (order.status, order.response_code.as_deref()) {
                (PaymentStatus::Pending, _) | (_, None) => String::new(),
                (_, Some(code)) => response_label(code, t).to_owned(),
            };
            view! {
                <tr>
                    <td>{order.txn_ref.clone()}</td>
                    <td>{format_vnd(order.amount_vnd)}</td>
                    <td>{format_vn_datetime(order.created_at)}</td>
                    <td><span class="status-badge">{order.status.label(t)}</span>" "{outcome}</td>
                    <td>{order.receipt_href().map(|href| view! { <a href=href download="">{t.payment_receipt}</a> })}</td>
                </tr>
            }
        })
        .collect_view();
    let orders = (!payments.orders.is_empty()).then(|| {
        view! {
            <div class="table-scroll">
                <table>
                    <caption>{t.payment_orders}</caption>
                    <thead><tr>
                        <th scope="col">{t.payment_reference}</th>
                        <th scope="col">{t.payment_amount}</th>
                        <th scope="col">{t.payment_created}</th>
                        <th scope="col">{t.payment_state}</th>
                        <th scope="col">{t.payment_receipt}</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        }
    });
    view! {
        <section class="panel" aria-labelledby="payment-title">
            <h2 id="payment-title">{t.payment_title}</h2>
            <FeeItems fees=charged/>
            {due}
            {orders}
        </section>
    }
    .into_any()
}
