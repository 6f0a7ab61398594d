//! The work queues on `/dashboard`: one tab per queue of the official's roles
//! with its count, filters as a plain GET form, the rows sorted by due date,
//! and key-based paging. Everything lives in the URL, so a queue can be
//! bookmarked, shared, and used without JavaScript.

use super::api::list_queue;
use crate::domain::calendar::Urgency;
use crate::domain::dashboard::{DueFilter, Queue, QueuePage, QueueQuery};
use crate::domain::date_input::DateParts;
use crate::domain::dossier::{DossierStatus, format_vn_datetime};
use crate::features::live::use_live_feed;
use crate::i18n::{Locale, Messages, use_locale, use_t};
use crate::ui::ErrorNotice;
use crate::ui::form::DateInput;
use crate::ui::icons::StatusBadge;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use leptos_router::params::ParamsMap;

/// The queue query a URL's parameters describe; `first` is the official's first queue.
fn query_of(params: &ParamsMap, first: Queue) -> QueueQuery {
    let text = |key: &str| params.get(key).map(|v| v.trim().to_owned()).filter(|v| !v.is_empty());
    // A link's `from=YYYY-MM-DD`, or the filter form's day, month and year boxes.
    let date = |key: &str| {
        let part = |name: &str| params.get(&format!("{key}.{name}")).unwrap_or_default();
        let typed = DateParts { day: part("day"), month: part("month"), year: part("year") }.text();
        text(key).or(Some(typed)).as_deref().and_then(crate::domain::identity::parse_iso_date)
    };
    QueueQuery {
        queue: text("queue").as_deref().and_then(Queue::parse).unwrap_or(first),
        status: text("status").as_deref().and_then(DossierStatus::parse),
        procedure_code: text("procedure"),
        sector_id: text("sector").and_then(|v| v.parse().ok()),
        from: date("from"),
        to: date("to"),
        due: match text("due").as_deref() {
            Some("soon") => Some(DueFilter::DueSoon),
            Some("overdue") => Some(DueFilter::Overdue),
            _ => None,
        },
        search: text("q"),
        after: text("after"),
    }
}

/// The link to `query` (the filters kept, the page reset unless `after` is given).
fn href_of(query: &QueueQuery) -> String {
    let mut parts = vec![format!("queue={}", query.queue.as_str())];
    let mut push = |k: &str, v: Option<String>| {
        if let Some(v) = v {
            parts.push(format!("{k}={}", crate::domain::catalog::url_encode(&v)));
        }
    };
    push("status", query.status.map(|s| s.as_str().to_owned()));
    push("procedure", query.procedure_code.clone());
    push("sector", query.sector_id.map(|s| s.to_string()));
    push("from", query.from.map(|d| d.to_string()));
    push("to", query.to.map(|d| d.to_string()));
    push("due", query.due.map(|d| if d == DueFilter::DueSoon { "soon".into() } else { "overdue".into() }));
    push("q", query.search.clone());
    push("after", query.after.clone());
    format!("/dashboard?{}", parts.join("&"))
}

fn urgency_badge(urgency: Option<Urgency>, t: &'static Messages) -> impl IntoView {
    urgency.map(|u| {
        let (class, text) = match u {
            Urgency::OnTrack => ("urgency ok", t.urgency_on_track),
            Urgency::DueSoon => ("urgency soon", t.urgency_due_soon),
            Urgency::Overdue => ("urgency late", t.urgency_overdue),
        };
        view! { <span class=class>{text}</span> }
    })
}

#[component]
pub fn QueueBoard(queues: Vec<Queue>) -> impl IntoView {
    let t = use_t();
    let locale = use_locale();
    let params = use_query_map();
    let first = queues.first().copied().unwrap_or(Queue::All);
    let query = Memo::new(move |_| query_of(&params.read(), first));
    // Queues and counts follow every change in the agency live.
    let live = use_live_feed().key(|_| true);
    let page = Resource::new(move || (query.get(), live.get()), |(query, _)| list_queue(query));
    view! {
        <section aria-labelledby="queues-heading">
            <h2 id="queues-heading">{t.queue_title}</h2>
            <Suspense fallback=move || view! { <p>{t.loading}</p> }>
                {move || Suspend::new(async move {
                    match page.await {
                        Ok(page) => board(page, query.get_untracked(), locale, t).into_any(),
                        Err(error) => view! { <ErrorNotice error/> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

fn board(page: QueuePage, query: QueueQuery, locale: Locale, t: &'static Messages) -> impl IntoView {
    let tabs = page
        .counts
        .iter()
        .map(|(queue, count)| {
            let current = *queue == query.queue;
            let href = href_of(&QueueQuery::new(*queue));
            view! {
                <li>
                    <a href=href aria-current=current.then_some("page") class:active=current>
                        {queue.label(t)} " " <span class="count">{count.to_string()}</span>
                    </a>
                </li>
            }
        })
        .collect_view();
    let chosen = |v: Option<String>, option: &str| v.as_deref() == Some(option);
    let statuses = DossierStatus::ALL[1..]
        .iter()
        .map(|s| view! { <option value=s.as_str() selected=query.status == Some(*s)>{s.label(t)}</option> })
        .collect_view();
    let procedures = page
        .procedures
        .iter()
        .map(|(code, name)| {
            view! { <option value=code.clone() selected=chosen(query.procedure_code.clone(), code)>{name.get(locale).to_owned()}</option> }
        })
        .collect_view();
    let sectors = page
        .sectors
        .iter()
        .map(|(id, name)| view! { <option value=id.to_string() selected=query.sector_id == Some(*id)>{name.get(locale).to_owned()}</option> })
        .collect_view();
    let rows = page
        .rows
        .iter()
        .map(|r| {
            view! {
                <tr>
                    <th scope="row"><a href=format!("/dashboard/dossiers/{}", r.code)>{r.code.clone()}</a></th>
                    <td>{r.applicant_name.clone()}</td>
                    <td>{r.procedure_name.get(locale).to_owned()}</td>
                    <td><StatusBadge status=r.status/></td>
                    <td>{format_vn_datetime(r.submitted_at)}</td>
                    <td>{r.due_on.map(|d| d.format("%d/%m/%Y").to_string())} " " {urgency_badge(r.urgency, t)}</td>
                    <td>{r.assignee_name.clone()}</td>
                </tr>
            }
        })
        .collect_view();
    let empty = page.rows.is_empty();
    let next = page.next.clone().map(|after| href_of(&QueueQuery { after: Some(after), ..query.clone() }));
    let paged = query.after.is_some().then(|| href_of(&QueueQuery { after: None, ..query.clone() }));
    view! {
        <nav aria-label=t.queue_title><ul class="tabs">{tabs}</ul></nav>
        <form method="get" action="/dashboard" class="filters queue-filters" aria-label=t.queue_filters>
            <input type="hidden" name="queue" value=query.queue.as_str()/>
            <div class="field">
                <label for="q">{t.queue_search}</label>
                <input type="search" id="q" name="q" value=query.search.clone().unwrap_or_default()/>
            </div>
            <div class="field">
                <label for="status">{t.queue_status}</label>
                <select id="status" name="status"><option value="">{t.queue_status_any}</option>{statuses}</select>
            </div>
            <div class="field">
                <label for="procedure">{t.queue_procedure}</label>
                <select id="procedure" name="procedure"><option value="">{t.queue_procedure_any}</option>{procedures}</select>
            </div>
            <div class="field">
                <label for="sector">{t.filter_sector}</label>
                <select id="sector" name="sector"><option value="">{t.queue_sector_any}</option>{sectors}</select>
            </div>
            <div class="field">
                <label for="due">{t.queue_due}</label>
                <select id="due" name="due">
                    <option value="">{t.queue_due_any}</option>
                    <option value="soon" selected=query.due == Some(DueFilter::DueSoon)>{t.queue_due_soon}</option>
                    <option value="overdue" selected=query.due == Some(DueFilter::Overdue)>{t.queue_overdue}</option>
                </select>
            </div>
            {[("from", t.queue_from, query.from), ("to", t.queue_to, query.to)].map(|(key, label, day)| {
                let names = ["day", "month", "year"].map(|part| format!("{key}.{part}"));
                let value = Signal::stored(day.map(|d| d.to_string()).unwrap_or_default());
                view! {
                    <DateInput id=key.to_owned() names label=label.to_owned() error=Signal::stored(None::<String>) value
                        on_change=Callback::new(|_| ())/>
                }
            }).into_iter().collect_view()}
            <button type="submit">{t.queue_apply}</button>
        </form>
        {if empty {
            view! { <p>{t.queue_empty}</p> }.into_any()
        } else {
            view! {
                <div class="table-scroll">
                    <table class="queue">
                        <caption class="visually-hidden">{query.queue.label(t)}</caption>
                        <thead><tr>
                            <th scope="col">{t.queue_code}</th>
                            <th scope="col">{t.queue_applicant}</th>
                            <th scope="col">{t.queue_procedure}</th>
                            <th scope="col">{t.queue_status}</th>
                            <th scope="col">{t.queue_submitted}</th>
                            <th scope="col">{t.queue_due}</th>
                            <th scope="col">{t.queue_assignee}</th>
                        </tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
            }.into_any()
        }}
        <p class="pager">
            {paged.map(|href| view! { <a href=href>{t.queue_first}</a> " " })}
            {next.map(|href| view! { <a href=href rel="next">{t.queue_next}</a> })}
        </p>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reverses `url_encode` (what the browser does with the link).
    fn decode(v: &str) -> String {
        let bytes = v.as_bytes();
        let mut out = Vec::new();
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'+' => out.push(b' '),
                b'%' => {
                    out.push(u8::from_str_radix(&v[i + 1..i + 3], 16).unwrap());
                    i += 2;
                }
                b => out.push(b),
            }
            i += 1;
        }
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn the_url_holds_the_whole_query() {
        let mut query = QueueQuery::new(Queue::Mine);
        query.status = Some(DossierStatus::Processing);
        query.search = Some("Nguyễn An".into());
        query.due = Some(DueFilter::Overdue);
        query.from = chrono::NaiveDate::from_ymd_opt(2026, 11, 1);
        let href = href_of(&query);
        let mut params = ParamsMap::new();
        for pair in href.trim_start_matches("/dashboard?").split('&') {
            let (k, v) = pair.split_once('=').unwrap();
            params.insert(k.to_owned(), decode(v));
        }
        assert_eq!(query_of(&params, Queue::New), query);
    }

    #[test]
    fn the_filter_forms_dates_are_typed_day_month_year() {
        let mut params = ParamsMap::new();
        for (k, v) in
            [("from.day", "1"), ("from.month", "11"), ("from.year", "2026"), ("to.day", "31"), ("to.month", "2")]
        {
            params.insert(k.to_owned(), v.to_owned());
        }
        let query = query_of(&params, Queue::New);
        assert_eq!(query.from, chrono::NaiveDate::from_ymd_opt(2026, 11, 1));
        assert_eq!(query.to, None, "no year: not a date");
    }
}
