//! The outcome chart beside every statistics table: one horizontal stacked
//! bar per row (finished early, on time, late; in progress on time,
//! overdue), in SVG. The table beside it is the accessible source; the chart
//! carries a text alternative and each segment its own title.

use crate::domain::transparency::Figures;
use crate::i18n::Messages;
use leptos::prelude::*;

/// A share in percent as a table shows it (`—` when there is nothing to count).
pub fn shown_rate(rate: Option<f64>) -> String {
    rate.map_or_else(|| "—".to_owned(), |r| format!("{r:.0} %"))
}

/// Median working days as a table shows them.
pub fn shown_days(days: Option<f64>) -> String {
    days.map_or_else(|| "—".to_owned(), |d| format!("{d:.1}"))
}

/// The outcome segments of `figures`, with their CSS class and label.
fn segments(figures: &Figures, t: &'static Messages) -> [(u64, &'static str, &'static str); 5] {
    [
        (figures.early, "seg-early", t.stats_early),
        (figures.on_time, "seg-on-time", t.stats_on_time),
        (figures.late, "seg-late", t.stats_late),
        (figures.in_progress_on_time, "seg-running", t.stats_in_progress_on_time),
        (figures.in_progress_overdue, "seg-overdue", t.stats_in_progress_overdue),
    ]
}

/// The chart of `bars` (a label and its figures), described by `summary`.
pub fn outcome_chart(bars: &[(String, Figures)], summary: String, t: &'static Messages) -> impl IntoView + use<> {
    let widest = bars.iter().map(|(_, f)| segments(f, t).iter().map(|s| s.0).sum::<u64>()).max().unwrap_or(1).max(1);
    let bar_height = 22.0;
    let height = bars.len() as f64 * (bar_height + 26.0) + 30.0;
    let drawn = bars
        .iter()
        .enumerate()
        .map(|(i, (label, figures))| {
            let y = i as f64 * (bar_height + 26.0);
            let mut x = 0.0;
            let rects = segments(figures, t)
                .into_iter()
                .filter(|(n, _, _)| *n > 0)
                .map(|(n, class, name)| {
                    let width = n as f64 / widest as f64 * 600.0;
                    let rect = view! {
                        <rect x=format!("{x:.1}") y=format!("{:.1}", y + 16.0) width=format!("{width:.1}") height=bar_height class=class>
                            <title>{format!("{label} — {name}: {n}")}</title>
                        </rect>
                    };
                    x += width;
                    rect
                })
                .collect_view();
            view! {
                <text x="0" y=format!("{:.1}", y + 12.0) class="chart-label">{label.clone()}</text>
                {rects}
            }
        })
        .collect_view();
    let legend = segments(&Figures::default(), t)
        .into_iter()
        .map(|(_, class, label)| view! { <li><span class=format!("swatch {class}")></span>{label}</li> })
        .collect_view();
    view! {
        <figure class="chart">
            <svg viewBox=format!("0 0 600 {height:.0}") role="img" aria-label=summary width="100%">
                {drawn}
            </svg>
            <figcaption>{t.stats_chart}<ul class="legend">{legend}</ul></figcaption>
        </figure>
    }
}
