//! `/dossiers` ("Hồ sơ của tôi"): drafts to continue and submitted dossiers
//! with their status, filtered by status (a plain GET form).

use super::api::list_my_dossiers;
use crate::domain::dossier::{DossierStatus, format_vn_datetime};
use crate::features::apply::api::list_drafts;
use crate::features::live::use_live_feed;
use crate::i18n::{use_locale, use_t};
use crate::ui::icons::StatusBadge;
use crate::ui::{ErrorNotice, PageMeta};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn DossiersPage() -> impl IntoView {
    let t = use_t();
    let locale = use_locale();
    let query = use_query_map();
    let status = Memo::new(move |_| query.read().get("status").unwrap_or_default());
    let live = use_live_feed().key(|_| true);
    let dossiers =
        Resource::new(move || (status.get(), live.get()), |(s, _)| list_my_dossiers((!s.is_empty()).then_some(s)));
    let drafts = Resource::new(|| (), |_| list_drafts());
    let options = move || {
        let chosen = status.get();
        DossierStatus::ALL[1..]
            .iter()
            .map(|s| view! { <option value=s.as_str() selected=chosen == s.as_str()>{s.label(t)}</option> })
            .collect_view()
    };
    view! {
        <PageMeta title=t.dossiers_title description=t.dossiers_description/>
        <h1>{t.dossiers_title}</h1>
        <h2>{t.dossiers_drafts}</h2>
        <Suspense fallback=move || view! { <p>{t.loading}</p> }>
            {move || Suspend::new(async move {
                match drafts.await {
                    Ok(list) if list.is_empty() => view! { <p>{t.dossiers_no_drafts}</p> }.into_any(),
                    Ok(list) => view! {
                        <ul class="card-list">
                            {list.into_iter().map(|d| view! {
                                <li class="card">
                                    <a href=format!("/procedures/{}/apply?draft={}", d.procedure_code, d.id)>
                                        {d.procedure_name.get(locale).to_owned()}
                                    </a>
                                    <p class="muted">{t.dossier_expires}": "{format_vn_datetime(d.expires_at)}</p>
                                </li>
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                }
            })}
        </Suspense>
        <h2>{t.dossiers_submitted}</h2>
        <form method="get" action="/dossiers" class="filters">
            <label for="status">{t.dossiers_filter_status}</label>
            <select id="status" name="status">
                <option value="">{t.dossiers_filter_all}</option>
                {options}
            </select>
            <button type="submit" class="button-secondary">{t.dossiers_filter}</button>
        </form>
        <Suspense fallback=move || view! { <p>{t.loading}</p> }>
            {move || Suspend::new(async move {
                match dossiers.await {
                    Ok(list) if list.is_empty() => view! { <p>{t.dossiers_none}</p> }.into_any(),
                    Ok(list) => view! {
                        <div class="table-wrap">
                            <table>
                                <thead><tr>
                                    <th scope="col">{t.dossier_code}</th>
                                    <th scope="col">{t.dossier_procedure}</th>
                                    <th scope="col">{t.dossier_submitted_at}</th>
                                    <th scope="col">{t.dossier_status}</th>
                                </tr></thead>
                                <tbody>
                                    {list.into_iter().map(|d| view! {
                                        <tr>
                                            <td><a href=format!("/dossiers/{}", d.code)>{d.code.clone()}</a></td>
                                            <td>{d.procedure_name.get(locale).to_owned()}</td>
                                            <td>{format_vn_datetime(d.submitted_at)}</td>
                                            <td><StatusBadge status=d.status/></td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                    }.into_any(),
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}
