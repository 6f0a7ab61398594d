//! `/dashboard/statistics`: per agency and procedure — received, in progress
//! (on time / overdue), finished early / on time / late, supplement rate and
//! median working days — as a table, with an SVG chart of the same figures
//! beside it (the table is the accessible version).

use super::api::get_statistics;
use crate::domain::dashboard::StatisticsRow;
use crate::features::transparency::AgencyRatings;
use crate::i18n::{Locale, Messages, use_locale, use_t};
use crate::ui::chart::{outcome_chart, shown_days, shown_rate};
use crate::ui::{ErrorNotice, PageMeta};
use leptos::prelude::*;

#[component]
pub fn StatisticsPage() -> impl IntoView {
    let t = use_t();
    let locale = use_locale();
    let rows = Resource::new(|| (), |_| get_statistics());
    view! {
        <PageMeta title=t.stats_title description=t.stats_title/>
        <p class="breadcrumb"><a href="/dashboard">{t.case_back}</a></p>
        <h1>{t.stats_title}</h1>
        <Suspense fallback=move || view! { <p>{t.loading}</p> }>
            {move || Suspend::new(async move {
                match rows.await {
                    Ok(rows) if rows.is_empty() => view! { <p>{t.stats_empty}</p> }.into_any(),
                    Ok(rows) => {
                        let chart = chart(&rows, locale, t);
                        view! { {chart} {table(rows, locale, t)} }.into_any()
                    }
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                }
            })}
        </Suspense>
        <AgencyRatings/>
    }
}

fn chart(rows: &[StatisticsRow], locale: Locale, t: &'static Messages) -> impl IntoView + use<> {
    let bars: Vec<_> = rows.iter().map(|r| (r.procedure.get(locale).to_owned(), r.figures.clone())).collect();
    outcome_chart(&bars, t.stats_chart.to_owned(), t)
}

fn table(rows: Vec<StatisticsRow>, locale: Locale, t: &'static Messages) -> impl IntoView {
    let body = rows
        .into_iter()
        .map(|r| {
            let f = &r.figures;
            view! {
                <tr>
                    <th scope="row">{r.procedure.get(locale).to_owned()}<br/><span class="hint">{r.agency.get(locale).to_owned()}</span></th>
                    <td>{f.received}</td>
                    <td>{f.in_progress_on_time}</td>
                    <td>{f.in_progress_overdue}</td>
                    <td>{f.early}</td>
                    <td>{f.on_time}</td>
                    <td>{f.late}</td>
                    <td>{shown_rate(f.supplement_rate())}</td>
                    <td>{shown_days(f.median_days)}</td>
                    <td>{format!("{} · {} · {}", f.online, f.desk, f.post)}</td>
                    <td>{format!("{} · {}", shown_rate(f.digitised_rate()), shown_rate(f.results_digitised_rate()))}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-scroll">
            <table class="statistics">
                <caption>{t.stats_title}</caption>
                <thead><tr>
                    <th scope="col">{t.queue_procedure}</th>
                    <th scope="col">{t.stats_received}</th>
                    <th scope="col">{t.stats_in_progress_on_time}</th>
                    <th scope="col">{t.stats_in_progress_overdue}</th>
                    <th scope="col">{t.stats_early}</th>
                    <th scope="col">{t.stats_on_time}</th>
                    <th scope="col">{t.stats_late}</th>
                    <th scope="col">{t.stats_supplement_rate}</th>
                    <th scope="col">{t.stats_median}</th>
                    <th scope="col">{t.stats_by_channel}</th>
                    <th scope="col">{t.stats_digitised}</th>
                </tr></thead>
                <tbody>{body}</tbody>
            </table>
        </div>
    }
}
