//! `/feedback`, open to everyone: the published answers, narrowed by agency
//! and topic with a plain GET form (all in the URL), and for a signed-in
//! person their own feedback with its answers, published or not.

use super::api::{list_feedback, list_my_feedback};
use crate::domain::feedback::{FeedbackPage, FeedbackQuery, MyFeedback, Topic};
use crate::domain::identity::format_vn_date;
use crate::features::account::session::use_current_user;
use crate::i18n::{Locale, Messages, fill, use_locale, use_t};
use crate::ui::{ErrorNotice, PageMeta};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn FeedbackListPage() -> impl IntoView {
    let t = use_t();
    let locale = use_locale();
    let params = use_query_map();
    let query = Memo::new(move |_| {
        let params = params.read();
        FeedbackQuery::from_params(|key| params.get(key))
    });
    let page = Resource::new(move || query.get(), list_feedback);
    let user = use_current_user();
    view! {
        <PageMeta title=t.feedback_title description=t.feedback_intro/>
        <h1>{t.feedback_title}</h1>
        <p>{t.feedback_intro}</p>
        <p><a class="button" href="/feedback/new">{t.feedback_send_link}</a></p>
        <Suspense fallback=move || view! { <p>{t.loading}</p> }>
            {move || Suspend::new(async move {
                let signed_in = matches!(user.await, Ok(Some(_)));
                let query = query.get_untracked();
                let list = match page.await {
                    Ok(page) => published(&query, page, locale, t).into_any(),
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                };
                view! { {signed_in.then(|| view! { <MyFeedbackList/> })} {list} }
            })}
        </Suspense>
    }
}

fn published(query: &FeedbackQuery, page: FeedbackPage, locale: Locale, t: &'static Messages) -> impl IntoView + use<> {
    let agency_options = page
        .agencies
        .iter()
        .map(|a| {
            let chosen = query.agency.as_deref() == Some(a.code.as_str());
            view! { <option value=a.code.clone() selected=chosen>{a.name.get(locale).to_owned()}</option> }
        })
        .collect_view();
    let topic_options = Topic::ALL
        .into_iter()
        .map(|topic| view! { <option value=topic.as_str() selected=query.topic == Some(topic)>{topic.label(t)}</option> })
        .collect_view();
    let items = page
        .items
        .into_iter()
        .map(|item| {
            let about = match &item.procedure {
                Some(procedure) => format!("{} · {}", item.agency.name.get(locale), procedure.get(locale)),
                None => item.agency.name.get(locale).to_owned(),
            };
            view! {
                <article class="panel feedback-item" id=format!("feedback-{}", item.code)>
                    <h3>{item.title}</h3>
                    <p class="hint">{format!("{} · {} · {}", item.code, item.topic.label(t), about)}</p>
                    <h4>{t.feedback_question}</h4>
                    <p class="feedback-text">{item.question}</p>
                    <h4>{t.feedback_answer}</h4>
                    <p class="feedback-text">{item.answer}</p>
                    <dl class="facts">
                        <div><dt>{t.feedback_sent_on}</dt><dd>{format_vn_date(item.sent_on)}</dd></div>
                        <div><dt>{t.feedback_answered_on}</dt><dd>{format_vn_date(item.answered_on)}</dd></div>
                    </dl>
                </article>
            }
        })
        .collect_view();
    let empty = page.total == 0;
    let pager = (page.page_count > 1).then(|| {
        let link = |n: u64| match query.to_query(n) {
            q if q.is_empty() => "/feedback".to_owned(),
            q => format!("/feedback?{q}"),
        };
        let previous = (page.page > 1).then(|| view! { <a href=link(page.page - 1) rel="prev">{t.page_previous}</a> });
        let next =
            (page.page < page.page_count).then(|| view! { <a href=link(page.page + 1) rel="next">{t.page_next}</a> });
        view! {
            <nav class="pagination" aria-label=t.pagination_label>
                {previous}
                <span aria-current="page">{fill(t.page_of, &[("page", &page.page), ("count", &page.page_count)])}</span>
                {next}
            </nav>
        }
    });
    view! {
        <section aria-labelledby="feedback-published">
            <h2 id="feedback-published">{fill(t.feedback_count, &[("n", &page.total)])}</h2>
            <form method="get" action="/feedback" class="filters">
                <div class="field">
                    <label for="feedback-agency">{t.feedback_filter_agency}</label>
                    <select id="feedback-agency" name="agency">
                        <option value="">{t.feedback_filter_all}</option>
                        {agency_options}
                    </select>
                </div>
                <div class="field">
                    <label for="feedback-topic">{t.feedback_topic}</label>
                    <select id="feedback-topic" name="topic">
                        <option value="">{t.feedback_filter_all}</option>
                        {topic_options}
                    </select>
                </div>
                <button type="submit" class="button-secondary">{t.feedback_filter_submit}</button>
            </form>
            {empty.then(|| view! { <p>{t.feedback_none}</p> })}
            {items}
            {pager}
        </section>
    }
}

/// The signed-in person's own feedback, newest first.
#[component]
fn MyFeedbackList() -> impl IntoView {
    let t = use_t();
    let locale = use_locale();
    let mine = Resource::new(|| (), |_| list_my_feedback());
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                let items: Vec<MyFeedback> = mine.await.unwrap_or_default();
                (!items.is_empty()).then(|| {
                    let rows = items
                        .into_iter()
                        .map(|item| {
                            let published = if item.published { t.feedback_published } else { t.feedback_not_published };
                            view! {
                                <article class="panel feedback-item">
                                    <h3>{item.title}</h3>
                                    <p class="hint">{format!("{} · {} · {}", item.code, item.topic.label(t), item.agency.get(locale))}</p>
                                    <dl class="facts">
                                        <div><dt>{t.dossier_status}</dt><dd>{item.status.label(t)}</dd></div>
                                        <div><dt>{t.feedback_sent_on}</dt><dd>{format_vn_date(item.sent_on)}</dd></div>
                                        <div><dt>{t.feedback_due}</dt><dd>{format_vn_date(item.due_on)}</dd></div>
                                    </dl>
                                    {item.answer.map(|answer| view! {
                                        <h4>{t.feedback_answer}</h4>
                                        <p class="feedback-text">{answer}</p>
                                        <p class="hint">{published}</p>
                                    })}
                                </article>
                            }
                        })
                        .collect_view();
                    view! {
                        <section aria-labelledby="feedback-mine">
                            <h2 id="feedback-mine">{t.feedback_mine}</h2>
                            {rows}
                        </section>
                    }
                })
            })}
        </Suspense>
    }
}
