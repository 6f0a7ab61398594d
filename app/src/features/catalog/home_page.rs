//! `/`: the search box and the featured sectors.

use super::api::list_catalog_filters;
use super::components::SearchBox;
use crate::i18n::{fill, use_locale, use_t};
use crate::ui::{ErrorNotice, PageMeta};
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn HomePage() -> impl IntoView {
    let t = use_t();
    let locale = use_locale();
    let filters = Resource::new(|| (), |_| list_catalog_filters());
    view! {
        <PageMeta title=t.home_title.to_owned() description=t.home_description/>
        <section class="hero">
            <h1>{t.home_heading}</h1>
            <p class="lead">{t.home_intro}</p>
            <SearchBox large=true/>
        </section>
        <section aria-labelledby="featured-heading">
            <h2 id="featured-heading">{t.featured_sectors}</h2>
            <Suspense fallback=move || view! { <p>{t.loading}</p> }>
                {move || Suspend::new(async move {
                    match filters.await {
                        Ok(filters) => {
                            let cards = filters
                                .sectors
                                .into_iter()
                                .filter(|f| f.featured)
                                .map(|f| {
                                    let href = format!("/procedures?sector={}", f.sector.code);
                                    view! {
                                        <li>
                                            <A href=href>
                                                <span class="sector-name">{f.sector.name.get(locale).to_owned()}</span>
                                                <span class="sector-count">{fill(t.procedure_count, &[("n", &f.procedure_count)])}</span>
                                            </A>
                                        </li>
                                    }
                                })
                                .collect_view();
                            view! { <ul class="sector-grid">{cards}</ul> }.into_any()
                        }
                        Err(error) => view! { <ErrorNotice error/> }.into_any(),
                    }
                })}
            </Suspense>
            <p><A href="/procedures">{t.all_procedures}</A></p>
        </section>
    }
}
