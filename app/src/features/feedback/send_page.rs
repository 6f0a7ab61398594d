//! `/feedback/new`: the feedback form, a plain form too. Links name what it
//! is about (`?dossier=`, `?agency=&procedure=`); a signed-in person finds
//! another agency by name (a GET form, `?q=`); without a session, feedback
//! is about a dossier whose code and lookup secret the sender holds.

use super::api::{SendFeedback, get_feedback_target};
use crate::domain::catalog::AgencyQuery;
use crate::domain::feedback::{ANSWER_DAYS, FeedbackTarget, Topic};
use crate::domain::identity::format_vn_date;
use crate::error::AppError;
use crate::features::account::session::use_current_user;
use crate::features::catalog::api::search_agencies;
use crate::i18n::{Locale, Messages, fill, use_locale, use_t};
use crate::ui::PageMeta;
use crate::ui::form::{ErrorSummary, Field, FormErrors, ProblemNotice};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn SendFeedbackPage() -> impl IntoView {
    let t = use_t();
    let params = use_query_map();
    let param = move |key: &str| {
        params.read_untracked().get(key).map(|v| v.trim().to_owned()).filter(|v| !v.is_empty() && v.len() <= 200)
    };
    let (agency, procedure, q) = (param("agency"), param("procedure"), param("q"));
    let target = {
        let (agency, procedure) = (agency.clone(), procedure.clone());
        Resource::new(|| (), move |_| get_feedback_target(agency.clone(), procedure.clone()))
    };
    let found = {
        let q = q.clone();
        Resource::new(
            || (),
            move |_| {
                let q = q.clone();
                async move {
                    match q {
                        Some(q) => search_agencies(AgencyQuery { q: Some(q), ..Default::default() })
                            .await
                            .map(|page| page.items)
                            .unwrap_or_default(),
                        None => Vec::new(),
                    }
                }
            },
        )
    };
    let user = use_current_user();
    let send = ServerAction::<SendFeedback>::new();
    // A plain form comes back with `?sent=`.
    let sent_code = move || match send.value().get() {
        Some(Ok(sent)) => Some((sent.code, Some(sent.due_on))),
        _ => param("sent").filter(|c| c.len() <= 20).map(|c| (c, None)),
    };
    view! {
        <PageMeta title=t.feedback_send_link description=t.feedback_intro/>
        <h1>{t.feedback_send_link}</h1>
        <p>{fill(t.feedback_new_intro, &[("n", &ANSWER_DAYS)])}</p>
        <div role="status">
            {move || sent_code().map(|(code, due)| view! {
                <div class="notice notice-success">
                    <p>{fill(t.feedback_sent, &[("code", &code), ("n", &ANSWER_DAYS)])}</p>
                    {due.map(|due| view! { <p>{t.feedback_due}": " {format_vn_date(due)}</p> })}
                    <p><a href="/feedback">{t.feedback_title}</a></p>
                </div>
            })}
        </div>
        <Suspense fallback=move || view! { <p>{t.loading}</p> }>
            {move || {
                let (q, dossier) = (q.clone(), param("dossier"));
                Suspend::new(async move {
                    let signed_in = matches!(user.await, Ok(Some(_)));
                    let target = target.await.unwrap_or_default();
                    let found = found.await;
                    view! { <SendForm send signed_in target found q dossier/> }
                })
            }}
        </Suspense>
    }
}

#[component]
fn SendForm(
    send: ServerAction<SendFeedback>,
    signed_in: bool,
    target: FeedbackTarget,
    found: Vec<crate::domain::catalog::AgencySummary>,
    q: Option<String>,
    dossier: Option<String>,
) -> impl IntoView {
    let t = use_t();
    let locale = use_locale();
    let errors = FormErrors::new();
    let problem = RwSignal::new(None::<AppError>);
    Effect::new(move |_| match send.value().get() {
        Some(Err(err)) => errors.show(err, problem),
        Some(Ok(_)) => errors.set(Default::default()),
        None => {}
    });
    let dossier_value = RwSignal::new(dossier.unwrap_or_default());
    let secret = RwSignal::new(String::new());
    let title = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let labels = vec![
        ("dossier", t.feedback_dossier_code),
        ("secret", t.feedback_secret),
        ("agency", t.feedback_agency),
        ("procedure", t.feedback_procedure),
        ("topic", t.feedback_topic),
        ("title", t.feedback_subject),
        ("content", t.feedback_content),
        ("email", t.feedback_email),
    ];
    let topic_error = errors.of("topic");
    let content_error = errors.of("content");
    let agency_error = errors.of("agency");
    let topics = Topic::ALL
        .into_iter()
        .map(|topic| view! { <option value=topic.as_str()>{topic.label(t)}</option> })
        .collect_view();
    let agency_part = signed_in.then(|| agency_choice(&target, found, q, locale, t));
    let procedure = target.procedure.clone().map(|(code, name)| {
        view! {
            <input type="hidden" name="feedback[procedure]" value=code/>
            <p><strong>{t.feedback_procedure}": "</strong>{name.get(locale).to_owned()}</p>
        }
    });
    view! {
        {(!signed_in).then(|| view! {
            <div class="notice">
                <p>{t.feedback_anonymous}</p>
                <p><a href="/login">{t.nav_sign_in}</a></p>
            </div>
        })}
        {signed_in.then(|| agency_search_form(&target, t))}
        <ErrorSummary errors labels/>
        <ProblemNotice problem/>
        <ActionForm action=send attr:class="stack feedback-form">
            {agency_part}
            {procedure}
            <Field field="dossier" label=t.feedback_dossier_code value=dossier_value errors prefix="feedback"
                hint=t.feedback_dossier_hint/>
            {if signed_in {
                view! { <Field field="secret" label=t.feedback_secret value=secret errors prefix="feedback" hint=t.feedback_secret_hint/> }.into_any()
            } else {
                view! { <Field field="secret" label=t.feedback_secret value=secret errors prefix="feedback"/> }.into_any()
            }}
            <div class="field" class:field-invalid=move || topic_error.get().is_some()>
                <label for="topic">{t.feedback_topic}</label>
                {move || topic_error.get().map(|rule| view! { <p class="field-error">{rule.message(t)}</p> })}
                <select id="topic" name="feedback[topic]" required>
                    <option value="">{t.feedback_filter_all}</option>
                    {topics}
                </select>
            </div>
            <Field field="title" label=t.feedback_subject value=title errors prefix="feedback"/>
            <div class="field" class:field-invalid=move || content_error.get().is_some()>
                <label for="content">{t.feedback_content}</label>
                <p class="hint" id="content-hint">{t.feedback_content_hint}</p>
                {move || content_error.get().map(|rule| view! { <p class="field-error">{rule.message(t)}</p> })}
                <textarea id="content" name="feedback[content]" rows="6" maxlength="4000" required
                    aria-describedby="content-hint"></textarea>
            </div>
            <Field field="email" label=t.feedback_email value=email errors prefix="feedback" input_type="email"
                autocomplete="email" hint=t.feedback_email_hint/>
            <div class="choice">
                <input type="checkbox" id="consent" name="feedback[consent]" value="on"/>
                <label for="consent">{t.feedback_consent}</label>
            </div>
            {move || agency_error.get().map(|rule| view! { <p class="field-error">{t.feedback_agency}": " {rule.message(t)}</p> })}
            <button type="submit" disabled=move || send.pending().get()>{t.feedback_submit}</button>
        </ActionForm>
    }
}

/// A signed-in person's search for the agency (a GET form of its own, so
/// that it works without JavaScript), unless a link named the agency.
fn agency_search_form(target: &FeedbackTarget, t: &'static Messages) -> Option<impl IntoView + use<>> {
    target.agency.is_none().then(|| {
        view! {
            <form method="get" action="/feedback/new" class="filters">
                <div class="field">
                    <label for="agency-q">{t.feedback_agency_search}</label>
                    <input id="agency-q" name="q" type="search" maxlength="200"/>
                </div>
                <button type="submit" class="button-secondary">{t.feedback_agency_search_submit}</button>
            </form>
        }
    })
}

/// The agency: the one a link named, or a choice among those found.
fn agency_choice(
    target: &FeedbackTarget,
    found: Vec<crate::domain::catalog::AgencySummary>,
    q: Option<String>,
    locale: Locale,
    t: &'static Messages,
) -> impl IntoView + use<> {
    match &target.agency {
        Some(agency) => view! {
            <input type="hidden" name="feedback[agency]" value=agency.code.clone()/>
            <p>
                <strong>{t.feedback_agency}": "</strong>{agency.name.get(locale).to_owned()}" "
                <a href="/feedback/new">{t.feedback_agency_other}</a>
            </p>
        }
        .into_any(),
        None if q.is_some() => {
            let options = found
                .into_iter()
                .map(|a| view! { <option value=a.code.clone()>{a.name.get(locale).to_owned()}</option> })
                .collect_view();
            view! {
                <div class="field">
                    <label for="agency">{t.feedback_agency}</label>
                    <select id="agency" name="feedback[agency]">
                        <option value="">{t.feedback_agency_choose}</option>
                        {options}
                    </select>
                </div>
            }
            .into_any()
        }
        None => ().into_any(),
    }
}
