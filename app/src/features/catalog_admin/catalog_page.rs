//! `/dashboard/catalog`: the procedures an agency implements or may adopt,
//! each with the agency's own processing days and fees, and its form.

use super::api::{AdoptProcedure, SetLocalTerms, list_adoptions};
use crate::domain::access::Role;
use crate::domain::catalog::{Adoption, LocalTerms, format_vnd};
use crate::error::AppError;
use crate::i18n::{fill, use_locale, use_t};
use crate::ui::form::ProblemNotice;
use crate::ui::{ErrorNotice, PageMeta};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn CatalogAdminPage() -> impl IntoView {
    let t = use_t();
    let user = crate::features::account::session::use_current_user();
    let query = use_query_map();
    let q = move || query.read().get("q").unwrap_or_default();
    let adopt = ServerAction::<AdoptProcedure>::new();
    let terms = ServerAction::<SetLocalTerms>::new();
    let rows =
        Resource::new(move || (q(), adopt.version().get(), terms.version().get()), |(q, _, _)| list_adoptions(q));
    let problem = RwSignal::new(None::<AppError>);
    let saved = RwSignal::new(false);
    Effect::new(move |_| {
        for result in [adopt.value().get(), terms.value().get()].into_iter().flatten() {
            saved.set(result.is_ok());
            problem.set(result.err());
        }
    });
    view! {
        <PageMeta title=t.catalog_admin_title description=t.catalog_admin_title/>
        <p class="breadcrumb"><a href="/dashboard">{t.case_back}</a></p>
        <h1>{t.catalog_admin_title}</h1>
        <p class="lead">{t.catalog_admin_lead}</p>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let national = user.await.ok().flatten().is_some_and(|u| u.has_role(Role::SystemAdmin));
                national.then(|| view! { <p><a href="/dashboard/new-procedure">{t.new_procedure_link}</a></p> })
            })}
        </Suspense>
        <form method="get" action="/dashboard/catalog" class="search-row" role="search">
            <label for="catalog-q" class="visually-hidden">{t.catalog_admin_search}</label>
            <input type="search" id="catalog-q" name="q" maxlength="100" prop:value=q placeholder=t.catalog_admin_search/>
            <button type="submit">{t.search_button}</button>
        </form>
        <ProblemNotice problem/>
        {move || saved.get().then(|| view! { <p class="notice notice-success" role="status">{t.catalog_admin_saved}</p> })}
        <Suspense fallback=move || view! { <p>{t.loading}</p> }>
            {move || Suspend::new(async move {
                match rows.await {
                    Ok(list) if list.is_empty() => view! { <p>{t.catalog_admin_none}</p> }.into_any(),
                    Ok(list) => view! {
                        <ul class="adoptions stack">
                            {list.into_iter().map(|row| view! { <AdoptionItem row adopt terms/> }).collect_view()}
                        </ul>
                    }.into_any(),
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// One procedure: adopt it, or change the agency's terms; open its form.
#[component]
fn AdoptionItem(
    row: Adoption,
    adopt: ServerAction<AdoptProcedure>,
    terms: ServerAction<SetLocalTerms>,
) -> impl IntoView {
    let t = use_t();
    let locale = use_locale();
    let code = row.code.clone();
    let key = code.replace('.', "-");
    let days = RwSignal::new(row.local_days.map(|d| d.to_string()).unwrap_or_default());
    let fees_now = row.local_fees.clone().unwrap_or_else(|| row.national.fees.clone());
    let amounts: Vec<RwSignal<String>> = fees_now.iter().map(|f| RwSignal::new(f.amount_vnd.to_string())).collect();
    let national_days = fill(t.catalog_admin_national_days, &[("n", &row.national.processing_days)]);
    let submit_code = code.clone();
    let submit_amounts = amounts.clone();
    let differ = row.local_fees.is_some();
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let processing_days = days.get_untracked().trim().parse::<u32>().ok();
        let fee_amounts: Option<Vec<i64>> =
            submit_amounts.iter().map(|a| a.get_untracked().replace(['.', ' '], "").parse::<i64>().ok()).collect();
        terms.dispatch(SetLocalTerms {
            terms: LocalTerms {
                code: submit_code.clone(),
                processing_days,
                fee_amounts: fee_amounts.filter(|f| !f.is_empty()),
            },
        });
    };
    let fee_inputs = row
        .national
        .fees
        .iter()
        .zip(amounts)
        .enumerate()
        .map(|(i, (fee, amount))| {
            let id = format!("fee-{key}-{i}");
            let hint = fill(t.catalog_admin_national_fee, &[("amount", &format_vnd(fee.amount_vnd))]);
            view! {
                <div class="field">
                    <label for=id.clone()>{fee.label.get(locale).to_owned()}" (đ)"</label>
                    <p class="hint">{hint}</p>
                    <input type="text" inputmode="numeric" id=id maxlength="13" prop:value=move || amount.get()
                        on:input=move |ev| amount.set(event_target_value(&ev))/>
                </div>
            }
        })
        .collect_view();
    let days_id = format!("days-{key}");
    let adopt_code = code.clone();
    view! {
        <li class="panel">
            <h2>{row.name.get(locale).to_owned()}</h2>
            <p class="meta">{code.clone()}" · "{if row.adopted { t.catalog_admin_adopted } else { t.catalog_admin_not_adopted }}
                {differ.then(|| view! { " · " {t.catalog_admin_local}})}</p>
            {if row.adopted {
                view! {
                    <details>
                        <summary>{t.catalog_admin_terms}</summary>
                        <form on:submit=save class="stack">
                            <div class="field">
                                <label for=days_id.clone()>{t.catalog_admin_days}</label>
                                <p class="hint">{national_days}</p>
                                <input type="number" id=days_id min="0" max="365" prop:value=move || days.get()
                                    on:input=move |ev| days.set(event_target_value(&ev))/>
                            </div>
                            {fee_inputs}
                            <button type="submit">{t.catalog_admin_save_terms}</button>
                        </form>
                    </details>
                    <p><a href=format!("/dashboard/catalog/{code}")>{t.catalog_admin_form_link}</a></p>
                }.into_any()
            } else {
                let label = format!("{} {}", t.catalog_admin_adopt, code);
                if row.can_adopt {
                    view! {
                        <button type="button" aria-label=label on:click=move |_| { adopt.dispatch(AdoptProcedure { code: adopt_code.clone() }); }>
                            {t.catalog_admin_adopt}
                        </button>
                    }.into_any()
                } else {
                    view! { <p><a href=format!("/dashboard/catalog/{code}")>{t.catalog_admin_form_link}</a></p> }.into_any()
                }
            }}
        </li>
    }
}
