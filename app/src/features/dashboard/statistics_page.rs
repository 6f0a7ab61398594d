//! `/dashboard/statistics`: per agency and procedure — received, in progress
//! (on time / overdue), finished early / on time / late, supplement rate and
//! median working days — as a table, with an SVG chart of the same figures
//! beside it (the table is the accessible version).

use super::api::get_statistics;
use crate::domain::dashboard::StatisticsRow;
use crate::i18n::{Locale, Messages, use_locale, use_t};
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
                    Err(_) => view! { <ErrorNotice/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The outcome segments of a row, with their CSS class and label.
fn segments(row: &StatisticsRow, t: &'static Messages) -> [(u64, &'static str, &'static str); 5] {
    [
        (row.early, "seg-early", t.stats_early),
        (row.on_time, "seg-on-time", t.stats_on_time),
        (row.late, "seg-late", t.stats_late),
        (row.in_progress_on_time, "seg-running", t.stats_in_progress_on_time),
        (row.in_progress_overdue, "seg-overdue", t.stats_in_progress_overdue),
    ]
}

/// One horizontal stacked bar per procedure; decorative for screen readers,
/// which read the table.
fn chart(rows: &[StatisticsRow], locale: Locale, t: &'static Messages) -> impl IntoView + use<> {
    let widest = rows.iter().map(|r| segments(r, t).iter().map(|s| s.0).sum::<u64>()).max().unwrap_or(1).max(1);
    let bar_height = 22.0;
    let height = rows.len() as f64 * (bar_height + 26.0) + 30.0;
    let bars = rows
        .iter()
        .enumerate()
        .map(|(i, row)| {
            let y = i as f64 * (bar_height + 26.0);
            let mut x = 0.0;
            let rects = segments(row, t)
                .into_iter()
                .filter(|(n, _, _)| *n > 0)
                .map(|(n, class, label)| {
                    let width = n as f64 / widest as f64 * 600.0;
                    let rect = view! {
                        <rect x=format!("{x:.1}") y=format!("{:.1}", y + 16.0) width=format!("{width:.1}") height=bar_height class=class>
                            <title>{format!("{label}: {n}")}</title>
                        </rect>
                    };
                    x += width;
                    rect
                })
                .collect_view();
            view! {
                <text x="0" y=format!("{:.1}", y + 12.0) class="chart-label">{row.procedure.get(locale).to_owned()}</text>
                {rects}
            }
        })
        .collect_view();
    let legend = segments(&StatisticsRow::default(), t)
        .into_iter()
        .map(|(_, class, label)| view! { <li><span class=format!("swatch {class}")></span>{label}</li> })
        .collect_view();
    view! {
        <figure class="chart">
            <svg viewBox=format!("0 0 600 {height:.0}") role="img" aria-label=t.stats_chart width="100%">
                {bars}
            </svg>
            <figcaption>{t.stats_chart}<ul class="legend">{legend}</ul></figcaption>
        </figure>
    }
}

fn table(rows: Vec<StatisticsRow>, locale: Locale, t: &'static Messages) -> impl IntoView {
    let body = rows
        .into_iter()
        .map(|r| {
            view! {
                <tr>
                    <th scope="row">{r.procedure.get(locale).to_owned()}<br/><span class="hint">{r.agency.get(locale).to_owned()}</span></th>
                    <td>{r.received}</td>
                    <td>{r.in_progress_on_time}</td>
                    <td>{r.in_progress_overdue}</td>
                    <td>{r.early}</td>
                    <td>{r.on_time}</td>
                    <td>{r.late}</td>
                    <td>{format!("{:.0} %", r.supplement_rate())}</td>
                    <td>{r.median_days.map(|m| format!("{m:.1}")).unwrap_or_else(|| "—".into())}</td>
                    <td>{format!("{} · {} · {}", r.online, r.desk, r.post)}</td>
                    <td>{format!("{:.0} % · {:.0} %", r.digitised_rate(), r.results_digitised_rate())}</td>
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
