//! `/statistics`, open to everyone: for a period, the country by province, a
//! province by agency, an agency by procedure (drill-down by links, all in
//! the URL; a plain GET form chooses the period and the sector). Each table
//! has its chart beside it and its open data below it (JSON and CSV at
//! `/api/v1/statistics`). Groups of fewer than five dossiers show no figures.

use super::api::get_public_statistics;
use crate::domain::catalog::SectorRef;
use crate::domain::catalog::url_encode;
use crate::domain::identity::format_vn_date;
use crate::domain::transparency::{Figures, GroupRow, IndexGroup, Level, MIN_GROUP, PublicStatistics, StatisticsQuery};
use crate::error::AppError;
use crate::features::catalog::api::list_catalog_filters;
use crate::i18n::{Locale, Messages, fill, use_locale, use_t};
use crate::ui::chart::{outcome_chart, shown_days, shown_rate};
use crate::ui::form::DateInput;
use crate::ui::{ErrorNotice, PageMeta};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn PublicStatisticsPage() -> impl IntoView {
    let t = use_t();
    let locale = use_locale();
    let params = use_query_map();
    let query = Memo::new(move |_| {
        let params = params.read();
        StatisticsQuery::from_params(|key| params.get(key))
    });
    let figures = Resource::new(move || query.get(), get_public_statistics);
    let filters = Resource::new(|| (), |_| list_catalog_filters());
    view! {
        <PageMeta title=t.public_stats_title description=t.public_stats_intro/>
        <h1>{t.public_stats_title}</h1>
        <p>{fill(t.public_stats_intro_small, &[("n", &MIN_GROUP)])}</p>
        <Suspense fallback=move || view! { <p>{t.loading}</p> }>
            {move || Suspend::new(async move {
                let query = query.get_untracked();
                let sectors: Vec<SectorRef> =
                    filters.await.map(|f| f.sectors.into_iter().map(|f| f.sector).collect()).unwrap_or_default();
                match figures.await {
                    Ok(stats) => {
                        let form = period_form(&query, Some(&stats), &sectors, None, locale, t);
                        view! { {breadcrumb(&query, &stats, locale, t)} {form} {figures_view(&query, stats, locale, t)} }.into_any()
                    }
                    Err(AppError::Invalid(errors)) => {
                        let message = errors.0.first().map_or_else(|| t.error_invalid.to_owned(), |e| e.rule.message(t));
                        period_form(&query, None, &sectors, Some(message), locale, t).into_any()
                    }
                    Err(AppError::NotFound) => view! {
                        <p class="notice">{t.public_stats_unknown}</p>
                        <p><a href="/statistics">{t.public_stats_country}</a></p>
                    }.into_any(),
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The link to `query` at another level.
fn href(query: &StatisticsQuery, province: Option<u32>, agency: Option<String>) -> String {
    let to = StatisticsQuery { province, agency, ..query.clone() };
    match to.to_query() {
        q if q.is_empty() => "/statistics".to_owned(),
        q => format!("/statistics?{q}"),
    }
}

fn breadcrumb(
    query: &StatisticsQuery,
    stats: &PublicStatistics,
    locale: Locale,
    t: &'static Messages,
) -> impl IntoView + use<> {
    let province = stats.province.as_ref().map(|p| {
        let code = p.key.parse().ok();
        (href(query, code, None), p.name.get(locale).to_owned())
    });
    let agency = stats.agency.as_ref().map(|a| a.name.get(locale).to_owned());
    let country = href(query, None, None);
    view! {
        <nav class="breadcrumb" aria-label=t.public_stats_levels>
            <a href=country>{t.public_stats_country}</a>
            {province.map(|(href, name)| view! { " › " <a href=href>{name}</a> })}
            {agency.map(|name| view! { " › " <span aria-current="page">{name}</span> })}
        </nav>
    }
}

fn period_form(
    query: &StatisticsQuery,
    stats: Option<&PublicStatistics>,
    sectors: &[SectorRef],
    error: Option<String>,
    locale: Locale,
    t: &'static Messages,
) -> impl IntoView + use<> {
    let (from, to) = match stats {
        Some(s) => (s.from.to_string(), s.to.to_string()),
        None => (query.from.clone().unwrap_or_default(), query.to.clone().unwrap_or_default()),
    };
    let dates = [("from", t.public_stats_from, from), ("to", t.public_stats_to, to)].map(|(key, label, day)| {
        let names = ["day", "month", "year"].map(|part| format!("{key}.{part}"));
        view! {
            <DateInput id=format!("stats-{key}") names label=label.to_owned() error=Signal::stored(None::<String>)
                value=Signal::stored(day) on_change=Callback::new(|_| ())/>
        }
    });
    let options = sectors
        .iter()
        .map(|s| {
            let selected = query.sector.as_ref() == Some(&s.code);
            view! { <option value=s.code.clone() selected=selected>{s.name.get(locale).to_owned()}</option> }
        })
        .collect_view();
    view! {
        <form method="get" action="/statistics" class="filters stats-period">
            {query.province.map(|p| view! { <input type="hidden" name="province" value=p.to_string()/> })}
            {query.agency.clone().map(|a| view! { <input type="hidden" name="agency" value=a/> })}
            {error.map(|text| view! { <p class="field-error" role="alert">{text}</p> })}
            {dates}
            <div class="field">
                <label for="stats-sector">{t.filter_sector}</label>
                <select id="stats-sector" name="sector"><option value="">{t.filter_any}</option>{options}</select>
            </div>
            <button type="submit">{t.public_stats_show}</button>
        </form>
    }
}

fn figures_view(
    query: &StatisticsQuery,
    stats: PublicStatistics,
    locale: Locale,
    t: &'static Messages,
) -> impl IntoView + use<> {
    let period = fill(
        t.public_stats_period,
        &[
            ("from", &format_vn_date(stats.from)),
            ("to", &format_vn_date(stats.to)),
            ("as_of", &format_vn_date(stats.as_of)),
        ],
    );
    let sector = stats.sector.as_ref().map(|s| fill(t.public_stats_sector, &[("sector", &s.get(locale))]));
    let open_data = query.to_query();
    let (json, csv) = (
        format!("/api/v1/statistics{}{open_data}", if open_data.is_empty() { "" } else { "?" }),
        format!("/api/v1/statistics.csv{}{open_data}", if open_data.is_empty() { "" } else { "?" }),
    );
    let shown: Vec<(String, Figures)> =
        stats.rows.iter().filter_map(|r| r.figures.clone().map(|f| (r.name.get(locale).to_owned(), f))).collect();
    let summary = chart_summary(&stats, locale, t);
    let content = if stats.rows.is_empty() {
        view! { <p>{t.stats_empty}</p> }.into_any()
    } else {
        view! {
            {(!shown.is_empty()).then(|| outcome_chart(&shown, summary, t))}
            {table(query, &stats, locale, t)}
        }
        .into_any()
    };
    let index = index_view(&stats, locale, t);
    view! {
        <p class="muted">{period} {sector.map(|s| format!(" {s}"))}</p>
        {content}
        {index}
        <p class="open-data">{t.public_stats_open_data}" "
            <a href=json>{"JSON"}</a>" · "<a href=csv download>{"CSV"}</a>" · "
            <a href="/api/v1/openapi.json">{"OpenAPI"}</a></p>
    }
}

/// The chart's text alternative: the page's total in one sentence.
fn chart_summary(stats: &PublicStatistics, locale: Locale, t: &'static Messages) -> String {
    let scope = stats
        .agency
        .as_ref()
        .or(stats.province.as_ref())
        .map_or_else(|| t.public_stats_country.to_owned(), |g| g.name.get(locale).to_owned());
    match &stats.total {
        Some(f) => fill(
            t.public_stats_chart_summary,
            &[
                ("scope", &scope),
                ("received", &f.received),
                ("finished", &f.finished()),
                ("on_time", &shown_rate(f.on_time_rate())),
                ("overdue", &f.in_progress_overdue),
            ],
        ),
        None => t.stats_chart.to_owned(),
    }
}

fn table(
    query: &StatisticsQuery,
    stats: &PublicStatistics,
    locale: Locale,
    t: &'static Messages,
) -> impl IntoView + use<> {
    let first_column = match stats.level {
        Level::Country => t.public_stats_province,
        Level::Province => t.public_stats_agency,
        Level::Agency => t.queue_procedure,
    };
    let link = |row: &GroupRow| match stats.level {
        Level::Country => href(query, row.key.parse().ok(), None),
        Level::Province => href(query, None, Some(row.key.clone())),
        Level::Agency => format!("/procedures/{}", crate::domain::catalog::url_encode(&row.key)),
    };
    let rows = stats
        .rows
        .iter()
        .map(|row| {
            let name = row.name.get(locale).to_owned();
            view! {
                <tr>
                    <th scope="row"><a href=link(row)>{name}</a></th>
                    {cells(row.figures.as_ref(), t)}
                </tr>
            }
        })
        .collect_view();
    let total = view! {
        <tr class="total">
            <th scope="row">{t.public_stats_total}</th>
            {cells(stats.total.as_ref(), t)}
        </tr>
    };
    view! {
        <div class="table-scroll">
            <table class="statistics">
                <caption>{t.public_stats_title}</caption>
                <thead><tr>
                    <th scope="col">{first_column}</th>
                    <th scope="col">{t.stats_received}</th>
                    <th scope="col">{t.stats_by_channel}</th>
                    <th scope="col">{t.stats_early}</th>
                    <th scope="col">{t.stats_on_time}</th>
                    <th scope="col">{t.stats_late}</th>
                    <th scope="col">{t.stats_in_progress_on_time}</th>
                    <th scope="col">{t.stats_in_progress_overdue}</th>
                    <th scope="col">{t.stats_median}</th>
                    <th scope="col">{t.stats_supplement_rate}</th>
                    <th scope="col">{t.stats_online_share}</th>
                    <th scope="col">{t.stats_ratings}</th>
                    <th scope="col">{t.stats_satisfaction}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
                <tfoot>{total}</tfoot>
            </table>
        </div>
    }
}

/// A row's cells; one cell across the row when the group is too small to publish.
fn cells(figures: Option<&Figures>, t: &'static Messages) -> AnyView {
    let Some(f) = figures else {
        return view! { <td colspan="12" class="hint">{fill(t.public_stats_hidden, &[("n", &MIN_GROUP)])}</td> }
            .into_any();
    };
    view! {
        <td>{f.received}</td>
        <td>{format!("{} · {} · {}", f.online, f.desk, f.post)}</td>
        <td>{f.early}</td>
        <td>{f.on_time}</td>
        <td>{f.late}</td>
        <td>{f.in_progress_on_time}</td>
        <td>{f.in_progress_overdue}</td>
        <td>{shown_days(f.median_days)}</td>
        <td>{shown_rate(f.supplement_rate())}</td>
        <td>{shown_rate(f.online_rate())}</td>
        <td>{f.rated}</td>
        <td>{shown_rate(f.satisfaction_rate())}</td>
    }
    .into_any()
}

/// Decision 766's service-quality index: at a province, its agencies
/// ranked; at an agency, each indicator with its formula and value.
fn index_view(stats: &PublicStatistics, locale: Locale, t: &'static Messages) -> AnyView {
    if stats.index.is_empty() {
        return ().into_any();
    }
    let heads = IndexGroup::ALL
        .iter()
        .filter(|g| **g != IndexGroup::Transparency)
        .map(|g| view! { <th scope="col">{format!("{} ({:.0})", g.label(t), g.points())}</th> })
        .collect_view();
    let ranking = (stats.level == Level::Province).then(|| {
        let rows = stats
            .index
            .iter()
            .enumerate()
            .map(|(rank, index)| {
                let points = IndexGroup::ALL
                    .iter()
                    .filter(|g| **g != IndexGroup::Transparency)
                    .map(|g| {
                        let p = index.groups.iter().find(|p| p.group == *g).map_or(0.0, |p| p.points);
                        view! { <td>{format!("{p:.1}")}</td> }
                    })
                    .collect_view();
                view! {
                    <tr>
                        <td>{rank + 1}</td>
                        <th scope="row"><a href=format!("/statistics?agency={}", url_encode(&index.agency.key))>{index.agency.name.get(locale).to_owned()}</a></th>
                        {points}
                        <td><strong>{format!("{:.1} / {:.0}", index.score, index.out_of)}</strong></td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <div class="table-scroll">
                <table class="statistics index-ranking">
                    <caption>{t.index_ranking}</caption>
                    <thead><tr><th scope="col">{t.index_rank}</th><th scope="col">{t.public_stats_agency}</th>{heads}<th scope="col">{t.index_total}</th></tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        }
    });
    let definitions = (stats.level == Level::Agency).then(|| {
        let index = &stats.index[0];
        let rows = index
            .indicators
            .iter()
            .map(|i| {
                let (indicator, value) = (i.indicator, i.value);
                let (name, formula) = indicator.text(t);
                view! {
                    <tr>
                        <th scope="row">{name}<br/><span class="hint">{indicator.group().label(t)}</span></th>
                        <td>{formula}</td>
                        <td>{shown_rate(value)}</td>
                        <td>{format!("{:.0} %", indicator.threshold())}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <p>{fill(t.index_agency_score, &[("score", &format!("{:.1}", index.score)), ("out_of", &format!("{:.0}", index.out_of))])}</p>
            // Nothing in it takes the focus: the region itself does, so that it scrolls by keyboard on a phone.
            <div class="table-scroll" tabindex="0" role="region" aria-label=t.index_indicators>
                <table class="statistics index-indicators">
                    <caption>{t.index_indicators}</caption>
                    <thead><tr><th scope="col">{t.index_indicator}</th><th scope="col">{t.index_formula}</th>
                        <th scope="col">{t.index_value}</th><th scope="col">{t.index_threshold}</th></tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        }
    });
    view! {
        <section aria-labelledby="service-index">
            <h2 id="service-index">{t.index_title}</h2>
            <p class="hint">{t.index_intro}</p>
            {ranking}
            {definitions}
        </section>
    }
    .into_any()
}
