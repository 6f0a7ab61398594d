//! `/procedures/{code}/apply`: the online form (level 3–4) or the upload of
//! filled-in templates (level 2), one section per step, then a review step
//! with the completeness check, the fees and the delivery choice.
//!
//! With JavaScript, every field is checked as it is left (the same
//! `validate` the server runs), the answers are saved as the citizen types
//! and kept in the browser until the server has them. Without JavaScript the
//! same markup is a plain form: each step posts to the server, which saves
//! it and re-renders the page (`?check=1` shows the errors).

use super::agency::{AgencyPicker, with_choice};
use super::api::{SubmitApplication, load_application, save_draft};
use super::applicant::ApplicantPicker;
use super::browser::{forget_local, read_local};
use super::fields::{ProvinceList, SectionView};
use super::guide::WhatYouNeed;
use super::review::{DocumentsStep, ReviewStep};
use super::state::{Apply, SaveState};
use super::uploads::UploadForms;
use crate::domain::applicant::{ON_BEHALF_FIELD, PERSON_ID_FIELD, PERSON_NAME_FIELD, authorisation_path};
use crate::domain::application::{
    AGENCY_FIELD, ApplyContext, DELIVERY_KEY, Delivery, DraftSave, RequiredDocument, missing_documents,
};
use crate::domain::form::{FormChanges, holds};
use crate::domain::rules::{FieldErrors, Rule};
use crate::domain::text::LocalText;
use crate::error::AppError;
use crate::i18n::{Messages, fill, use_locale, use_t};
use crate::ui::form::{ProblemNotice, go_to, summary_box};
use crate::ui::{ErrorNotice, NotFound, PageMeta};
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};
use serde_json::Value;
use std::sync::Arc;

#[component]
pub fn ApplyPage() -> impl IntoView {
    let t = use_t();
    let params = use_params_map();
    let query = use_query_map();
    let code = params.read_untracked().get("code").unwrap_or_default();
    let draft = query.read_untracked().get("draft");
    let context = Resource::new(move || (code.clone(), draft.clone()), |(code, draft)| load_application(code, draft));
    view! {
        <Suspense fallback=move || view! { <p>{t.loading}</p> }>
            {move || Suspend::new(async move {
                match context.await {
                    Ok(context) => view! { <ApplyForm context/> }.into_any(),
                    Err(AppError::NotFound) => view! { <NotFound text=t.apply_not_online/> }.into_any(),
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
pub(super) fn ApplyForm(context: ApplyContext) -> impl IntoView {
    let t = use_t();
    let locale = use_locale();
    let query = use_query_map();
    let procedure = Arc::new(context.procedure);
    let name = procedure.summary.name.get(locale).to_owned();
    let code = procedure.summary.code.clone();
    let form = context.form.clone();
    let level = procedure.summary.level;
    let sections = form.as_ref().map_or(0, |f| f.sections.len());
    let draft = context.draft.clone();
    let state = Apply {
        code: StoredValue::new(code.clone()),
        form: StoredValue::new(form.clone()),
        answers: RwSignal::new(with_choice(
            draft.as_ref().map_or(context.prefill.clone(), |d| d.data.clone()),
            &context.agency,
        )),
        attachments: RwSignal::new(draft.as_ref().map(|d| d.attachments.clone()).unwrap_or_default()),
        errors: RwSignal::new(FieldErrors::default()),
        draft_id: RwSignal::new(draft.as_ref().map(|d| d.id.clone())),
        version: RwSignal::new(draft.as_ref().map(|d| d.version)),
        submit_key: RwSignal::new(draft.as_ref().map(|d| d.submit_key.clone())),
        preview: false,
        paper: false,
        save_state: RwSignal::new(if query.read_untracked().get("conflict").is_some() {
            SaveState::Conflict
        } else {
            SaveState::Idle
        }),
        generation: RwSignal::new(0),
        wards: RwSignal::new(context.wards.clone()),
        step: RwSignal::new(
            query.read_untracked().get("step").and_then(|s| s.parse::<usize>().ok()).unwrap_or(0).min(sections.max(1)),
        ),
        returning: RwSignal::new(query.read_untracked().get("review").is_some()),
        stored: StoredValue::new(context.stored.clone()),
    };
    let step = state.step;
    let documents: Vec<RequiredDocument> = procedure
        .documents
        .iter()
        .enumerate()
        .map(|(i, d)| RequiredDocument { position: u32::try_from(i + 1).unwrap_or_default(), mandatory: d.mandatory })
        .collect();
    let documents = StoredValue::new(documents);
    // The completeness errors, shown on the review step.
    let completeness = move || {
        let attached: Vec<u32> = state.attachments.with(|a| a.iter().map(|f| f.document).collect());
        let mut errors = FieldErrors::default();
        let replaced = state.form.with_value(|f| f.as_ref().map(|f| f.replaces_document).filter(|p| *p > 0));
        for position in missing_documents(&documents.get_value(), replaced, &attached) {
            errors.push(&format!("documents.{position}"), Rule::DocumentMissing);
        }
        errors
    };
    // A server re-render after a plain post shows the step's errors.
    if query.read_untracked().get("check").is_some() {
        let mut errors = state.all_errors();
        if step.get_untracked() == sections {
            errors.extend(completeness());
        } else if let Some(section) = form.as_ref().and_then(|f| f.sections.get(step.get_untracked())) {
            let prefix = format!("{}.", section.key);
            errors.0.retain(|e| e.field.starts_with(&prefix));
        }
        state.errors.set(errors);
    }
    // Unsaved changes kept on this device are taken back when they start from
    // the server's current version.
    Effect::new(move |_| {
        if let Some(local) = read_local(&state.code.get_value())
            && local.draft_id == state.draft_id.get_untracked()
            && local.base_version == state.version.get_untracked()
            && local.answers != state.answers.get_untracked()
        {
            state.answers.set(local.answers);
            state.save_state.set(SaveState::Restored);
            state.save();
        }
    });
    let problem = RwSignal::new(None::<AppError>);
    let submit = ServerAction::<SubmitApplication>::new();
    Effect::new(move |_| match submit.value().get() {
        Some(Ok(done)) => {
            forget_local(&state.code.get_value());
            go_to(&format!("/dossiers/{}?submitted=1", done.code));
        }
        Some(Err(AppError::Invalid(errors))) => {
            problem.set(None);
            // Take the citizen to the first step with a mistake.
            if let Some(first) = errors.0.first()
                && let Some(index) = section_of(state, &first.field)
            {
                step.set(index);
            }
            state.errors.set(errors);
        }
        Some(Err(err)) => problem.set(Some(err)),
        None => {}
    });
    // Without JavaScript each step posts here (see `server/src/routes/apply.rs`).
    let action_path = format!("/apply/{code}");
    let upload_error = query.read_untracked().get("upload_error");
    let step_title = {
        let form = form.clone();
        move || match form.as_ref().and_then(|f| f.sections.get(step.get())) {
            Some(section) => section.title.get(locale).to_owned(),
            None if sections == 0 && step.get() == 0 => t.apply_documents.to_owned(),
            None => t.apply_review.to_owned(),
        }
    };
    let total = sections + 1 + usize::from(sections == 0);
    let review_step = if sections == 0 { 1 } else { sections };
    let go_next = move |ev: leptos::ev::MouseEvent| {
        ev.prevent_default();
        let current = step.get_untracked();
        let errors = state.all_errors();
        // This step's: its section's fields (and on the first, the applicant part).
        let mine: Vec<_> = errors.0.into_iter().filter(|e| section_of(state, &e.field) == Some(current)).collect();
        if mine.is_empty() {
            state.errors.set(FieldErrors::default());
            // Back to the review after changing an answer there — through any
            // step the change made visible that still has something to answer.
            let next = if state.returning.get_untracked() {
                let all = state.all_errors();
                let open = |i: usize| {
                    state.form.with_value(|f| {
                        let key = f.as_ref().and_then(|f| f.sections.get(i)).map(|s| format!("{}.", s.key));
                        key.is_some_and(|key| all.0.iter().any(|e| e.field.starts_with(&key)))
                    })
                };
                let mut next = next_step(state, current, review_step);
                while next < review_step && !open(next) {
                    next = next_step(state, next, review_step);
                }
                next
            } else {
                next_step(state, current, review_step)
            };
            state.returning.update(|on| *on = *on && next != review_step);
            step.set(next);
            focus_top();
        } else {
            state.errors.set(FieldErrors(mine));
            focus_top();
        }
    };
    let go_back = move |ev: leptos::ev::MouseEvent| {
        ev.prevent_default();
        state.errors.set(FieldErrors::default());
        step.update(|s| *s = s.saturating_sub(1));
        focus_top();
    };
    let save_now = move |ev: leptos::ev::MouseEvent| {
        ev.prevent_default();
        state.save_all_then(|_| {});
    };
    let submit_now = move |ev: leptos::ev::MouseEvent| {
        ev.prevent_default();
        let mut errors = state.all_errors();
        errors.extend(completeness());
        let delivery = delivery_of(&state.answers.get_untracked());
        if let Err(delivery_errors) = crate::domain::application::check_delivery(&delivery, i16::from(level.number())) {
            errors.extend(delivery_errors);
        }
        if !errors.is_empty() {
            state.errors.set(errors);
            focus_top();
            return;
        }
        state.errors.set(FieldErrors::default());
        leptos::task::spawn_local(async move {
            // The server submits what it has: save the last answers first.
            let form = DraftSave {
                procedure_code: state.code.get_value(),
                draft_id: state.draft_id.get_untracked(),
                base_version: state.version.get_untracked(),
                data: state.answers.get_untracked(),
            };
            match save_draft(form).await {
                Ok(saved) => {
                    state.draft_id.set(Some(saved.id.clone()));
                    state.version.set(Some(saved.version));
                    submit.dispatch(SubmitApplication {
                        submission: crate::domain::application::Submission {
                            draft_id: saved.id,
                            submit_key: saved.submit_key,
                            delivery,
                        },
                    });
                }
                Err(AppError::Conflict) => state.save_state.set(SaveState::Conflict),
                Err(err) => problem.set(Some(err)),
            }
        });
    };
    provide_context(ProvinceList(context.provinces.clone()));
    // Once the draft has an id the address names it: a reload, or a trip to
    // sign in again (a step up of the identity's level), comes back to it.
    Effect::new(move |_| {
        if let Some(id) = state.draft_id.get() {
            name_draft_in_address(&id);
        }
    });
    let agency_options = RwSignal::new(context.agency.options.clone());
    let form_agency = context.agency.answer.code.clone();
    let form_own = context.agency.options.iter().any(|o| form_agency.as_ref() == Some(&o.agency.code) && o.own_form);
    let on_switch = Callback::new(move |()| {
        let code = state.code.get_value();
        state.save_all_then(move |id| go_to(&format!("/procedures/{code}/apply?draft={id}")));
    });
    let by_province = context.agency.by_province;
    let applicants = context.applicants.clone();
    let any_desk = procedure.any_desk;
    let online_form = sections > 0;
    let document_count = u32::try_from(procedure.documents.len()).unwrap_or_default();
    let procedure_for_docs = procedure.clone();
    let procedure_for_review = procedure.clone();
    let procedure_for_guide = procedure.clone();
    view! {
        <PageMeta title=format!("{} — {name}", t.apply_title) description=t.apply_description/>
        <p class="breadcrumb"><a href=format!("/procedures/{code}")>{name.clone()}</a></p>
        <h1 id="apply-title" tabindex="-1">{t.apply_title}": "{name.clone()}</h1>
        <p class="step-count">{move || fill(t.apply_step_of, &[("n", &(step.get() + 1)), ("total", &total)])}" — "{step_title}</p>
        <SaveStatus state/>
        <ProblemNotice problem/>
        <FormChangesNotice changes=context.form_changes.clone()/>
        {upload_error.map(|status| {
            let text = if status == "413" { t.upload_error_413 } else if status == "415" { t.error_unsupported_type } else { t.error_text };
            view! { <div class="notice notice-error" role="alert"><p>{text}</p></div> }
        })}
        <Summary state step/>
        <form class="stack apply-form" method="post" action=action_path.clone() novalidate on:submit=|ev| ev.prevent_default()>
            // The default button: Enter in a field moves on, as "Continue" does.
            <button type="submit" name="intent" value="next" class="default-button" tabindex="-1" on:click=go_next>{t.apply_next}</button>
            <input type="hidden" name="draft_id" prop:value=move || state.draft_id.get().unwrap_or_default() value=state.draft_id.get_untracked().unwrap_or_default()/>
            <input type="hidden" name="step" prop:value=move || step.get().to_string() value=step.get_untracked().to_string()/>
            {move || state.returning.get().then(|| view! { <input type="hidden" name="review" value="1"/> })}
            {move || (step.get() == 0 && !state.returning.get()).then(|| view! {
                <WhatYouNeed procedure=procedure_for_guide.clone() form=state.form.get_value() state options=agency_options/>
            })}
            {move || (step.get() == 0).then(|| view! {
                <ApplicantPicker state choices=applicants.clone()/>
            })}
            {move || (step.get() == 0).then(|| view! {
                <AgencyPicker state options=agency_options by_province any_desk form_agency=form_agency.clone() form_own on_switch/>
            })}
            {move || {
                let current = step.get();
                if let Some(section) = state.form.with_value(|f| f.as_ref().and_then(|f| f.sections.get(current).cloned())) {
                    view! { <SectionView state section=section/> }.into_any()
                } else if sections == 0 && current == 0 {
                    view! { <DocumentsStep state procedure=procedure_for_docs.clone() only_unbound=false/> }.into_any()
                } else {
                    view! {
                        <ChosenAgency state options=agency_options/>
                        <ReviewStep state procedure=procedure_for_review.clone() online_form level/>
                    }.into_any()
                }
            }}
            <div class="button-row">
                {move || (step.get() > 0).then(|| view! {
                    <button type="submit" name="intent" value="back" class="button-secondary" on:click=go_back>{t.apply_back}</button>
                })}
                <button type="submit" name="intent" value="save" class="button-secondary" on:click=save_now>{t.apply_save}</button>
                {move || if step.get() >= review_step {
                    view! {
                        <button type="submit" name="intent" value="submit" on:click=submit_now disabled=move || submit.pending().get()>
                            {move || if submit.pending().get() { t.submitting } else { t.apply_submit }}
                        </button>
                    }.into_any()
                } else {
                    view! { <button type="submit" name="intent" value="next" on:click=go_next>{t.apply_next}</button> }.into_any()
                }}
            </div>
        </form>
        <UploadForms state count=document_count/>
    }
}

/// On the review step: the agency the dossier goes to, with a way back to change it.
#[component]
fn ChosenAgency(state: Apply, options: RwSignal<Vec<crate::domain::catalog::Implementer>>) -> impl IntoView {
    let t = use_t();
    let locale = use_locale();
    let name = move || {
        let code = crate::domain::application::AgencyAnswer::of(&state.answers.read()).and_then(|a| a.code)?;
        options.with(|list| list.iter().find(|o| o.agency.code == code).map(|o| o.agency.name.get(locale).to_owned()))
    };
    let change = move |ev: leptos::ev::MouseEvent| {
        ev.prevent_default();
        state.returning.set(true);
        state.step.set(0);
        focus_top();
    };
    view! {
        <dl class="chosen-agency">
            <dt>{t.apply_agency}</dt>
            <dd>
                {move || name().unwrap_or_else(|| t.apply_agency_none.to_owned())} " "
                <button type="submit" name="intent" value="start" class="button-link" on:click=change>
                    {t.apply_change}<span class="visually-hidden">{format!(" {}", t.apply_agency.to_lowercase())}</span>
                </button>
            </dd>
        </dl>
    }
}

/// The step after `current` whose section applies.
pub(super) fn next_step(state: Apply, current: usize, review_step: usize) -> usize {
    let answers = state.answers.get_untracked();
    state.form.with_value(|form| {
        let Some(form) = form else { return (current + 1).min(review_step) };
        (current + 1..form.sections.len())
            .find(|i| form.sections[*i].visible_if.as_ref().is_none_or(|c| holds(c, &answers, None)))
            .unwrap_or(review_step)
    })
}

/// The step holding the field at `path` (the review step for documents and
/// delivery; the first for the applicant and the agency).
pub(super) fn section_of(state: Apply, path: &str) -> Option<usize> {
    if [AGENCY_FIELD, ON_BEHALF_FIELD, PERSON_NAME_FIELD, PERSON_ID_FIELD].contains(&path)
        || path == authorisation_path()
    {
        return Some(0);
    }
    state.form.with_value(|form| {
        let form = form.as_ref()?;
        let section = path.split('.').next()?;
        Some(form.sections.iter().position(|s| s.key == section).unwrap_or(form.sections.len()))
    })
}

pub(super) fn focus_top() {
    #[cfg(feature = "hydrate")]
    request_animation_frame(|| {
        use wasm_bindgen::JsCast;
        let document = document();
        let target = document
            .query_selector(".error-summary")
            .ok()
            .flatten()
            .or_else(|| document.get_element_by_id("apply-title"));
        if let Some(element) = target.and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
            let _ = element.focus();
        }
    });
}

/// The delivery choice kept in the answers.
pub(super) fn delivery_of(answers: &Value) -> Delivery {
    answers.get(DELIVERY_KEY).and_then(|v| serde_json::from_value(v.clone()).ok()).unwrap_or_default()
}

#[component]
pub(super) fn SaveStatus(state: Apply) -> impl IntoView {
    let t = use_t();
    let reload = move |_| {
        forget_local(&state.code.get_value());
        go_to(&format!("/procedures/{}/apply", state.code.get_value()));
    };
    view! {
        <div class="save-status" role="status" aria-live="polite">
            {move || match state.save_state.get() {
                SaveState::Idle => None,
                SaveState::Saving => Some(view! { <p>{t.apply_saving}</p> }.into_any()),
                SaveState::Saved(at) => {
                    let local = at + chrono::Duration::hours(7);
                    Some(view! { <p>{fill(t.apply_saved_at, &[("time", &local.format("%H:%M:%S"))])}</p> }.into_any())
                }
                SaveState::Offline => Some(view! { <p class="notice notice-warning">{t.apply_offline}</p> }.into_any()),
                SaveState::Restored => Some(view! { <p>{t.apply_restored}</p> }.into_any()),
                SaveState::Conflict => Some(view! {
                    <div class="notice notice-error">
                        <p>{t.apply_conflict}</p>
                        <button type="button" on:click=reload>{t.apply_reload}</button>
                    </div>
                }.into_any()),
            }}
        </div>
    }
}

/// The error summary (GOV.UK): each error links to its field; a field on
/// another step takes the citizen there.
#[component]
pub(super) fn Summary(state: Apply, step: RwSignal<usize>) -> impl IntoView {
    let t = use_t();
    let locale = use_locale();
    move || {
        let errors = state.errors.get();
        (!errors.is_empty()).then(|| {
            let items = errors
                .0
                .iter()
                .map(|e| {
                    let label = label_of(state, &e.field, locale, t);
                    let message = rule_message(state, e.rule, locale, t);
                    let path = e.field.clone();
                    let jump = move |_| {
                        if let Some(index) = section_of(state, &path) {
                            step.set(index);
                        }
                    };
                    view! { <li><a href=format!("#{}", e.field) on:click=jump>{format!("{label}: {message}")}</a></li> }
                })
                .collect_view();
            summary_box(items)
        })
    }
}

/// The label of the field at `path` (group entries by their pattern).
pub(super) fn label_of(state: Apply, path: &str, locale: crate::i18n::Locale, t: &'static Messages) -> String {
    match path {
        PERSON_NAME_FIELD => return t.apply_person_name.to_owned(),
        PERSON_ID_FIELD => return t.apply_person_id.to_owned(),
        ON_BEHALF_FIELD => return t.apply_applicant_legend.to_owned(),
        _ if path == authorisation_path() => return t.apply_authorisation.to_owned(),
        _ => {}
    }
    if let Some(position) = path.strip_prefix("documents.") {
        return format!("{} {position}", t.apply_documents);
    }
    if path.starts_with("delivery.") {
        return t.apply_delivery.to_owned();
    }
    if path == AGENCY_FIELD {
        return t.apply_agency.to_owned();
    }
    let pattern: String = path
        .split('.')
        .map(|part| if part.parse::<usize>().is_ok() { "*" } else { part })
        .collect::<Vec<_>>()
        .join(".");
    state.form.with_value(|form| {
        form.as_ref()
            .and_then(|f| f.labels().into_iter().find(|(p, _)| *p == pattern).map(|(_, l)| l.get(locale).to_owned()))
            .unwrap_or_default()
    })
}

pub(super) fn rule_message(state: Apply, rule: Rule, locale: crate::i18n::Locale, t: &'static Messages) -> String {
    match rule {
        Rule::CrossField(index) => state
            .form
            .with_value(|f| f.as_ref().and_then(|f| f.cross_rule_message(index)).map(|m| m.get(locale).to_owned()))
            .unwrap_or_else(|| rule.message(t)),
        _ => rule.message(t),
    }
}

/// The version of the form the draft was started under was withdrawn: what
/// the form in force asks differently (the other answers stay).
#[component]
fn FormChangesNotice(changes: Option<FormChanges>) -> impl IntoView {
    let t = use_t();
    let locale = use_locale();
    changes.map(|changes| {
        let list = |items: &[LocalText]| items.iter().map(|l| l.get(locale).to_owned()).collect::<Vec<_>>().join("; ");
        let added = (!changes.added.is_empty()).then(|| view! { <p>{t.apply_form_added}" "{list(&changes.added)}</p> });
        let removed =
            (!changes.removed.is_empty()).then(|| view! { <p>{t.apply_form_removed}" "{list(&changes.removed)}</p> });
        view! {
            <div class="notice notice-warning" role="status">
                <p><strong>{t.apply_form_changed}</strong></p>
                {added}
                {removed}
                <p>{t.apply_form_kept}</p>
            </div>
        }
    })
}

/// Adds `draft={id}` to the page's address, in place (no navigation).
fn name_draft_in_address(id: &str) {
    #[cfg(feature = "hydrate")]
    {
        let location = window().location();
        let search = location.search().unwrap_or_default();
        if search.contains("draft=") {
            return;
        }
        let glue = if search.is_empty() { "?" } else { "&" };
        let url = format!(
            "{}{search}{glue}draft={}",
            location.pathname().unwrap_or_default(),
            crate::domain::catalog::url_encode(id)
        );
        if let Ok(history) = window().history() {
            let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = id;
}
