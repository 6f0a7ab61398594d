//! `/sandbox/vnpay/paymentv2/vpcpay.html`: the sandbox gateway's payment
//! page. It shows the order the merchant signed and lets the tester choose
//! what happens; the choice posts to `/sandbox/vnpay/pay`.

use super::api::sandbox_order;
use crate::domain::catalog::format_vnd;
use crate::domain::payment::{SANDBOX_OUTCOMES, response_label};
use crate::i18n::use_t;
use crate::ui::PageMeta;
use leptos::prelude::*;

#[component]
pub fn SandboxPage() -> impl IntoView {
    let t = use_t();
    let query = crate::ui::raw_query();
    let order = Resource::new(move || query.get(), sandbox_order);
    view! {
        <PageMeta title=t.sandbox_title description=t.sandbox_warning/>
        <h1>{t.sandbox_title}</h1>
        <p class="notice">{t.sandbox_warning}</p>
        <Suspense fallback=move || view! { <p>{t.loading}</p> }>
            {move || Suspend::new(async move {
                match order.await {
                    Ok(order) => {
                        let choices = SANDBOX_OUTCOMES
                            .iter()
                            .enumerate()
                            .map(|(i, choice)| {
                                let label = match *choice {
                                    "00" => t.sandbox_success,
                                    "00-no-ipn" => t.sandbox_lost_ipn,
                                    code => response_label(code, t),
                                };
                                let id = format!("outcome-{i}");
                                view! {
                                    <div class="choice">
                                        <input type="radio" name="outcome" id=id.clone() value=*choice checked=i == 0/>
                                        <label for=id>{label}</label>
                                    </div>
                                }
                            })
                            .collect_view();
                        view! {
                            <dl class="facts">
                                <dt>{t.sandbox_merchant}</dt><dd>{order.tmn_code.clone()}</dd>
                                <dt>{t.payment_reference}</dt><dd>{order.txn_ref.clone()}</dd>
                                <dt>{t.payment_amount}</dt><dd><strong>{format_vnd(order.amount_vnd)}</strong></dd>
                                <dt>{t.sandbox_description}</dt><dd>{order.order_info.clone()}</dd>
                            </dl>
                            <form method="post" action="/sandbox/vnpay/pay" class="stack">
                                <input type="hidden" name="query" value=query.get_untracked()/>
                                <fieldset>
                                    <legend>{t.sandbox_outcome}</legend>
                                    {choices}
                                </fieldset>
                                <button type="submit">{t.sandbox_confirm}</button>
                            </form>
                        }
                        .into_any()
                    }
                    Err(_) => view! { <div class="notice notice-error" role="alert"><p>{t.sandbox_invalid}</p></div> }.into_any(),
                }
            })}
        </Suspense>
    }
}
