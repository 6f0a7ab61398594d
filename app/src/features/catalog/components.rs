//! Pieces shared by the catalog pages.

use crate::domain::catalog::{CatalogFilters, CatalogQuery, ProcedureSummary};
use crate::domain::codes::{AgencyLevel, OnlineClass, ServiceLevel};
use crate::domain::text::MAX_QUERY_CHARS;
use crate::i18n::{Messages, fill, use_locale, use_t};
use leptos::prelude::*;
use leptos_router::components::{A, Form};

pub fn level_name(t: &'static Messages, level: ServiceLevel) -> &'static str {
    match level {
        ServiceLevel::L1 => t.level_name_1,
        ServiceLevel::L2 => t.level_name_2,
        ServiceLevel::L3 => t.level_name_3,
        ServiceLevel::L4 => t.level_name_4,
    }
}

pub fn level_help(t: &'static Messages, level: ServiceLevel) -> &'static str {
    match level {
        ServiceLevel::L1 => t.level_help_1,
        ServiceLevel::L2 => t.level_help_2,
        ServiceLevel::L3 => t.level_help_3,
        ServiceLevel::L4 => t.level_help_4,
    }
}

pub fn class_name(t: &'static Messages, class: Option<OnlineClass>) -> &'static str {
    match class {
        None => t.class_none,
        Some(OnlineClass::Partial) => t.class_partial,
        Some(OnlineClass::Full) => t.class_full,
    }
}

pub fn agency_level_name(t: &'static Messages, level: AgencyLevel) -> &'static str {
    match level {
        AgencyLevel::Central => t.agency_level_central,
        AgencyLevel::Province => t.agency_level_province,
        AgencyLevel::Ward => t.agency_level_ward,
    }
}

pub fn processing_time(t: &'static Messages, days: u32) -> String {
    if days == 0 { t.same_day.to_owned() } else { fill(t.working_days, &[("n", &days)]) }
}

/// The level badge: the number and what it lets the citizen do.
#[component]
pub fn LevelBadge(level: ServiceLevel) -> impl IntoView {
    let t = use_t();
    view! {
        <span class=format!("badge level-{}", level.number()) title=level_help(t, level)>
            {level_name(t, level)}
        </span>
    }
}

/// The search box; a plain GET form, so it works before and without WASM.
#[component]
pub fn SearchBox(#[prop(optional, into)] value: Option<String>, #[prop(optional)] large: bool) -> impl IntoView {
    let t = use_t();
    view! {
        <Form method="GET" action="/procedures" attr:class=if large { "search search-large" } else { "search" } attr:role="search">
            <label for="q">{t.search_label}</label>
            <div class="search-row">
                <input
                    id="q"
                    name="q"
                    type="search"
                    value=value.unwrap_or_default()
                    placeholder=t.search_placeholder
                    maxlength=MAX_QUERY_CHARS
                    aria-describedby="q-hint"
                    autocomplete="off"
                />
                <button type="submit">{t.search_button}</button>
            </div>
            <p id="q-hint" class="hint">{t.search_hint}</p>
        </Form>
    }
}

/// Search and filters of the catalog page, one GET form; `error` says why
/// the query was refused.
#[component]
pub fn CatalogFilterForm(
    query: CatalogQuery,
    filters: CatalogFilters,
    #[prop(optional)] error: Option<String>,
) -> impl IntoView {
    let t = use_t();
    let locale = use_locale();
    let sector_options = options(
        filters.sectors.iter().map(|f| (f.sector.code.clone(), f.sector.name.get(locale).to_owned())).collect(),
        query.sector.as_deref(),
    );
    let agency_options = options(
        filters.agencies.iter().map(|a| (a.code.clone(), a.name.get(locale).to_owned())).collect(),
        query.agency.as_deref(),
    );
    let level = query.level.map(|l| l.to_string());
    let level_options = options(
        ServiceLevel::ALL.into_iter().map(|l| (l.number().to_string(), level_name(t, l).to_owned())).collect(),
        level.as_deref(),
    );
    view! {
        <Form method="GET" action="/procedures" attr:class="catalog-filters" attr:aria-label=t.filters_label>
            <div class="field field-wide">
                <label for="q">{t.search_label}</label>
                <input id="q" name="q" type="search" value=query.q.clone().unwrap_or_default() placeholder=t.search_placeholder
                    autocomplete="off" maxlength=MAX_QUERY_CHARS aria-invalid=error.is_some().then_some("true")
                    aria-describedby=error.is_some().then_some("q-error")/>
                {error.map(|message| view! { <p class="field-error" id="q-error">{message}</p> })}
            </div>
            <div class="field">
                <label for="sector">{t.filter_sector}</label>
                <select id="sector" name="sector">
                    <option value="">{t.filter_any}</option>
                    {sector_options}
                </select>
            </div>
            <div class="field">
                <label for="agency">{t.filter_agency}</label>
                <select id="agency" name="agency">
                    <option value="">{t.filter_any}</option>
                    {agency_options}
                </select>
            </div>
            <div class="field">
                <label for="level">{t.filter_level}</label>
                <select id="level" name="level">
                    <option value="">{t.filter_any}</option>
                    {level_options}
                </select>
            </div>
            <div class="actions">
                <button type="submit">{t.search_button}</button>
                <A href="/procedures" attr:class="secondary">{t.filter_clear}</A>
            </div>
        </Form>
    }
}

/// `<option>`s for a filter: (value, label) pairs, the current value selected.
fn options(choices: Vec<(String, String)>, selected: Option<&str>) -> impl IntoView + use<> {
    choices
        .into_iter()
        .map(|(value, label)| {
            let is_selected = selected == Some(value.as_str());
            view! { <option value=value selected=is_selected>{label}</option> }
        })
        .collect_view()
}

/// One procedure in a result list.
#[component]
pub fn ProcedureCard(procedure: ProcedureSummary) -> impl IntoView {
    let t = use_t();
    let locale = use_locale();
    let href = format!("/procedures/{}", procedure.code);
    view! {
        <li class="procedure-card">
            <h2><A href=href>{procedure.name.get(locale).to_owned()}</A></h2>
            <dl class="facts">
                <div><dt>{t.field_code}</dt><dd>{procedure.code.clone()}</dd></div>
                <div><dt>{t.field_sector}</dt><dd>{procedure.sector.name.get(locale).to_owned()}</dd></div>
                // Implemented by every agency of its tier: the tier, not one agency's name.
                <div><dt>{t.field_agency_level}</dt><dd>{agency_level_name(t, procedure.agency.level)}</dd></div>
                <div><dt>{t.field_processing_time}</dt><dd>{processing_time(t, procedure.processing_days)}</dd></div>
            </dl>
            <LevelBadge level=procedure.level/>
        </li>
    }
}

/// Previous / next links and the position, keeping the filters.
#[component]
pub fn Pagination(query: CatalogQuery, page: u64, page_count: u64) -> impl IntoView {
    let t = use_t();
    let previous = (page > 1).then(|| {
        let href = query.href_for_page(page - 1);
        view! { <A href=href attr:rel="prev">{t.page_previous}</A> }
    });
    let next = (page < page_count).then(|| {
        let href = query.href_for_page(page + 1);
        view! { <A href=href attr:rel="next">{t.page_next}</A> }
    });
    view! {
        <nav class="pagination" aria-label=t.pagination_label>
            {previous}
            <span aria-current="page">{fill(t.page_of, &[("page", &page), ("count", &page_count)])}</span>
            {next}
        </nav>
    }
}

/// A procedure's fees as a list: label, amount, when paid, who is exempt.
#[component]
pub fn FeeItems(fees: Vec<crate::domain::catalog::Fee>) -> impl IntoView {
    use crate::domain::catalog::{FeeStage, format_vnd};
    let t = use_t();
    let locale = use_locale();
    let items = fees
        .into_iter()
        .map(|f| {
            let stage = match f.stage {
                FeeStage::Submission => t.fee_stage_submission,
                FeeStage::Result => t.fee_stage_result,
            };
            let exemption =
                f.exemption.map(|e| view! { <br/><small>{fill(t.fee_exemption, &[("who", &e.get(locale))])}</small> });
            view! {
                <li>
                    {f.label.get(locale).to_owned()} ": " <strong>{format_vnd(f.amount_vnd)}</strong>
                    " — " {stage} {exemption}
                </li>
            }
        })
        .collect_view();
    view! { <ul class="fees">{items}</ul> }
}
