//! Satisfaction ratings: the panel on a returned dossier's page (a plain
//! form too; the notification of the return links to it), and the list an
//! agency's officials read on their statistics page.

use super::api::{RateDossier, agency_ratings, get_my_rating};
use crate::domain::identity::format_vn_date;
use crate::domain::transparency::{MyRating, Satisfaction, Scores};
use crate::error::AppError;
use crate::i18n::{Messages, fill, use_locale, use_t};
use crate::ui::form::{FormErrors, ProblemNotice};
use leptos::form::ActionForm;
use leptos::prelude::*;

/// The criteria of a rating: field name and question.
fn criteria(t: &'static Messages) -> [(&'static str, &'static str); 4] {
    [
        ("guidance", t.rating_guidance),
        ("time", t.rating_time),
        ("attitude", t.rating_attitude),
        ("result", t.rating_result),
    ]
}

fn answer(scores: &Scores, field: &str) -> Satisfaction {
    match field {
        "guidance" => scores.guidance,
        "time" => scores.time,
        "attitude" => scores.attitude,
        _ => scores.result,
    }
}

/// On the dossier page of its citizen, once the dossier is returned.
#[component]
pub fn RatingPanel(code: String) -> impl IntoView {
    let t = use_t();
    let rate = ServerAction::<RateDossier>::new();
    let rating = {
        let code = code.clone();
        Resource::new(move || rate.version().get(), move |_| get_my_rating(code.clone()))
    };
    view! {
        <Suspense>
            {move || {
                let code = code.clone();
                Suspend::new(async move {
                    match rating.await {
                        Ok(Some(mine)) => view! { <RatingForm code mine rate/> }.into_any(),
                        Ok(None) => ().into_any(),
                        Err(_) => view! { <p class="notice">{t.rating_unavailable}</p> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

#[component]
fn RatingForm(code: String, mine: MyRating, rate: ServerAction<RateDossier>) -> impl IntoView {
    let t = use_t();
    let errors = FormErrors::new();
    let problem = RwSignal::new(None::<AppError>);
    Effect::new(move |_| match rate.value().get() {
        Some(Err(err)) => errors.show(err, problem),
        Some(Ok(_)) => errors.set(Default::default()),
        None => {}
    });
    // A plain form comes back with `?rated=1`.
    let posted = leptos_router::hooks::use_query_map().read_untracked().get("rated").is_some_and(|v| v == "1");
    let thanks = move || posted || matches!(rate.value().get(), Some(Ok(_)));
    let given = mine.scores;
    let status = match (given, mine.editable_until, mine.open) {
        (None, _, _) => t.rating_ask.to_owned(),
        (Some(_), Some(until), true) => fill(t.rating_editable_until, &[("date", &format_vn_date(until))]),
        (Some(_), _, _) => t.rating_closed.to_owned(),
    };
    let questions = criteria(t).map(|(field, question)| {
        let error = errors.of(field);
        let chosen = given.map(|s| answer(&s, field));
        let choices = Satisfaction::ALL
            .into_iter()
            .map(|choice| {
                let id = format!("rating-{field}-{}", choice.as_str());
                view! {
                    <div class="choice">
                        <input type="radio" id=id.clone() name=format!("rating[{field}]") value=choice.as_str()
                            checked=chosen == Some(choice) disabled=!mine.open required/>
                        <label for=id>{choice.label(t)}</label>
                    </div>
                }
            })
            .collect_view();
        view! {
            <fieldset class="rating-question" class:field-invalid=move || error.get().is_some()>
                <legend>{question}</legend>
                {move || error.get().map(|rule| view! { <p class="field-error">{rule.message(t)}</p> })}
                <div class="choices">{choices}</div>
            </fieldset>
        }
    });
    let comment_error = errors.of("comment");
    let closed_error = errors.of("rating");
    view! {
        <section class="panel rating" id="rating" aria-labelledby="rating-heading">
            <h2 id="rating-heading">{t.rating_title}</h2>
            <p>{status}</p>
            <p role="status">{move || thanks().then_some(t.rating_thanks)}</p>
            <ProblemNotice problem/>
            {move || closed_error.get().map(|rule| view! { <p class="field-error">{rule.message(t)}</p> })}
            <ActionForm action=rate attr:class="stack">
                <input type="hidden" name="code" value=code/>
                {questions}
                <div class="field" class:field-invalid=move || comment_error.get().is_some()>
                    <label for="rating-comment">{t.rating_comment}</label>
                    {move || comment_error.get().map(|rule| view! { <p class="field-error">{rule.message(t)}</p> })}
                    <textarea id="rating-comment" name="rating[comment]" rows="3" maxlength="1000" disabled=!mine.open>
                        {mine.comment.clone().unwrap_or_default()}
                    </textarea>
                </div>
                {mine.open.then(|| view! {
                    <button type="submit" disabled=move || rate.pending().get()>
                        {if given.is_some() { t.rating_change } else { t.rating_send }}
                    </button>
                })}
            </ActionForm>
        </section>
    }
}

/// The ratings of the dossiers the official's agency received, newest first.
#[component]
pub fn AgencyRatings() -> impl IntoView {
    let t = use_t();
    let locale = use_locale();
    let ratings = Resource::new(|| (), |_| agency_ratings());
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                let Ok(ratings) = ratings.await else { return ().into_any() };
                let body = if ratings.is_empty() {
                    view! { <p>{t.rating_none_yet}</p> }.into_any()
                } else {
                    let rows = ratings
                        .into_iter()
                        .map(|r| {
                            let cells = criteria(t).map(|(field, _)| view! { <td>{answer(&r.scores, field).label(t)}</td> });
                            view! {
                                <tr>
                                    <th scope="row"><a href=format!("/dashboard/dossiers/{}", r.code)>{r.code.clone()}</a>
                                        <br/><span class="hint">{r.procedure.get(locale).to_owned()}</span></th>
                                    {cells}
                                    <td>{r.comment.clone().unwrap_or_default()}</td>
                                    <td>{format_vn_date(r.rated_on)}</td>
                                </tr>
                            }
                        })
                        .collect_view();
                    let heads = criteria(t).map(|(_, question)| view! { <th scope="col">{question}</th> });
                    view! {
                        <div class="table-scroll">
                            <table class="ratings">
                                <caption class="visually-hidden">{t.rating_agency_title}</caption>
                                <thead><tr><th scope="col">{t.queue_code}</th>{heads}
                                    <th scope="col">{t.rating_comment}</th><th scope="col">{t.rating_date}</th></tr></thead>
                                <tbody>{rows}</tbody>
                            </table>
                        </div>
                    }.into_any()
                };
                view! {
                    <section aria-labelledby="agency-ratings">
                        <h2 id="agency-ratings">{t.rating_agency_title}</h2>
                        {body}
                    </section>
                }.into_any()
            })}
        </Suspense>
    }
}
