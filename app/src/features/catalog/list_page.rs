//! `/procedures`: search, filters, result count and pagination, all in the URL.

use super::api::{list_catalog_filters, search_procedures};
use super::components::{CatalogFilterForm, Pagination, ProcedureCard};
use crate::domain::catalog::CatalogQuery;
use crate::error::AppError;
use crate::i18n::{fill, use_t};
use crate::ui::{ErrorNotice, PageMeta};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn CatalogPage() -> impl IntoView {
    let t = use_t();
    let params = use_query_map();
    let query = Memo::new(move |_| {
        let params = params.read();
        CatalogQuery::from_params(|key| params.get(key))
    });
    let results = Resource::new(move || query.get(), search_procedures);
    let filters = Resource::new(|| (), |_| list_catalog_filters());
    view! {
        <h1>{t.catalog_title}</h1>
        <Suspense fallback=move || view! { <p>{t.loading}</p> }>
            {move || Suspend::new(async move {
                let query = query.get_untracked();
                let title = match query.q.as_deref() {
                    Some(q) => fill(t.catalog_title_query, &[("q", &q)]),
                    None => t.catalog_title.to_owned(),
                };
                let meta = view! { <PageMeta title description=t.catalog_description/> };
                let content = match (results.await, filters.await) {
                    (Ok(page), Ok(filters)) => {
                        let count = fill(t.result_count, &[("n", &page.total)]);
                        let items = if page.items.is_empty() {
                            view! { <p class="empty">{t.no_results}</p> }.into_any()
                        } else {
                            let cards = page
                                .items
                                .into_iter()
                                .map(|procedure| view! { <ProcedureCard procedure/> })
                                .collect_view();
                            view! { <ul class="procedure-list">{cards}</ul> }.into_any()
                        };
                        view! {
                            <CatalogFilterForm query=query.clone() filters/>
                            <p class="result-count" role="status">{count}</p>
                            {items}
                            <Pagination query page=page.page page_count=page.page_count/>
                        }
                            .into_any()
                    }
                    (Err(AppError::Invalid(errors)), Ok(filters)) => {
                        let error = errors.0.first().map_or_else(|| t.error_invalid.to_owned(), |e| e.rule.message(t));
                        view! { <CatalogFilterForm query filters error/> }.into_any()
                    }
                    (Err(error), _) | (_, Err(error)) => view! { <ErrorNotice error/> }.into_any(),
                };
                view! { {meta} {content} }
            })}
        </Suspense>
    }
}
