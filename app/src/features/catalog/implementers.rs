//! On a procedure's page, where it is filed: the agencies that implement it,
//! searched by name without diacritics and by province, a page at a time.
//! A plain GET form and links, so it works before and without WASM.

use super::api::search_agencies;
use crate::domain::catalog::{AgencyQuery, url_encode};
use crate::domain::text::MAX_QUERY_CHARS;
use crate::error::AppError;
use crate::features::account::api::list_provinces;
use crate::i18n::{fill, use_locale, use_t};
use leptos::prelude::*;
use leptos_router::components::{A, Form};
use leptos_router::hooks::use_query_map;

#[component]
pub fn ImplementerList(code: String, count: u64, any_desk: bool) -> impl IntoView {
    let t = use_t();
    let locale = use_locale();
    let params = use_query_map();
    let query = {
        let code = code.clone();
        Memo::new(move |_| {
            let params = params.read();
            AgencyQuery { procedure: Some(code.clone()), ..AgencyQuery::from_params(|k| params.get(k)) }
        })
    };
    let provinces = Resource::new(|| (), |_| list_provinces());
    let found = Resource::new(move || query.get(), search_agencies);
    let path = format!("/procedures/{code}");
    let href_for = {
        let path = path.clone();
        move |page: u64| {
            let q = query.get_untracked();
            let mut href = format!("{path}?page={page}");
            if let Some(text) = &q.q {
                href.push_str(&format!("&q={}", url_encode(text)));
            }
            if let Some(province) = q.province {
                href.push_str(&format!("&province={province}"));
            }
            href
        }
    };
    view! {
        <section aria-labelledby="implementers">
            <h2 id="implementers">{t.implementers_title}</h2>
            <p>{fill(t.implementers_count, &[("n", &count)])} " " {if any_desk { t.any_desk_yes } else { t.any_desk_no }}</p>
            <Form method="GET" action=path attr:class="implementer-search" attr:role="search">
                <div class="field">
                    <label for="agency-q">{t.implementers_search}</label>
                    <input id="agency-q" name="q" type="search" maxlength=MAX_QUERY_CHARS autocomplete="off"
                        value=move || query.read().q.clone().unwrap_or_default()/>
                </div>
                <div class="field">
                    <label for="agency-province">{t.implementers_province}</label>
                    <select id="agency-province" name="province">
                        <option value="">{t.filter_any}</option>
                        <Suspense>
                            {move || Suspend::new(async move {
                                let chosen = query.read_untracked().province;
                                provinces.await.unwrap_or_default().into_iter().map(|p| view! {
                                    <option value=p.code.to_string() selected=chosen == Some(p.code)>{p.name}</option>
                                }).collect_view()
                            })}
                        </Suspense>
                    </select>
                </div>
                <button type="submit">{t.search_button}</button>
            </Form>
            <Suspense fallback=move || view! { <p>{t.loading}</p> }>
                {move || {
                    let href_for = href_for.clone();
                    Suspend::new(async move {
                        match found.await {
                            Ok(page) if page.items.is_empty() => view! { <p>{t.implementers_none}</p> }.into_any(),
                            Ok(page) => {
                                let items = page.items.into_iter().map(|a| view! {
                                    <li>{a.name.get(locale).to_owned()} " " <small class="code">{a.code}</small></li>
                                }).collect_view();
                                let previous = (page.page > 1).then(|| view! { <A href=href_for(page.page - 1) attr:rel="prev">{t.page_previous}</A> });
                                let next = (page.page < page.page_count).then(|| view! { <A href=href_for(page.page + 1) attr:rel="next">{t.page_next}</A> });
                                view! {
                                    <p role="status">{fill(t.implementers_found, &[("n", &page.total)])}</p>
                                    <ul class="agency-list">{items}</ul>
                                    <nav class="pagination" aria-label=t.implementers_pages>
                                        {previous}
                                        <span aria-current="page">{fill(t.page_of, &[("page", &page.page), ("count", &page.page_count)])}</span>
                                        {next}
                                    </nav>
                                }.into_any()
                            }
                            Err(AppError::Invalid(errors)) => {
                                let message = errors.0.first().map(|e| e.rule.message(t)).unwrap_or_default();
                                view! { <p class="field-error" role="alert">{message}</p> }.into_any()
                            }
                            Err(error) => view! { <crate::ui::ErrorNotice error/> }.into_any(),
                        }
                    })
                }}
            </Suspense>
        </section>
    }
}
