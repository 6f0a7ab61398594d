//! `/procedures/{code}/apply`: the online form (level 3–4) or the upload of
//! filled-in templates (level 2), one section per step, then a review step
//! with the completeness check, the fees and the delivery choice.
//!
//! With JavaScript, every field is checked as it is left (the same
//! `validate` the server runs), the answers are saved as the citizen types
//! and kept in the browser until the server has them. Without JavaScript the
//! same markup is a plain form: each step posts to the server, which saves
//! it and re-renders the page (`?check=1` shows the errors).

use super::api::{SubmitApplication, delete_attachment, load_application, save_draft};
use super::browser::{LocalCopy, forget_local, keep_local, read_local};
use crate::domain::application::{
    ApplyContext, DELIVERY_KEY, Delivery, DraftSave, RequiredDocument, missing_documents,
};
use crate::domain::codes::ServiceLevel;
use crate::domain::dossier::AttachmentInfo;
use crate::domain::form::{Field, FieldKind, FormSchema, bind_files, holds, slot_mut, validate, value_at};
use crate::domain::rules::{FieldErrors, Rule};
use crate::error::AppError;
use crate::features::catalog::FeeItems;
use crate::i18n::{Messages, fill, use_locale, use_t};
use crate::ui::form::{ProblemNotice, go_to, summary_box, today};
use crate::ui::{ErrorNotice, NotFound, PageMeta};
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};
use serde_json::{Value, json};
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
                    Err(_) => view! { <ErrorNotice/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// Where autosave stands.
#[derive(Clone, Copy, Debug, PartialEq)]
enum SaveState {
    Idle,
    Saving,
    Saved(chrono::DateTime<chrono::Utc>),
    Offline,
    Conflict,
    Restored,
}

/// The page's state, shared by its parts.
#[derive(Clone, Copy)]
struct Apply {
    code: StoredValue<String>,
    form: StoredValue<Option<FormSchema>>,
    answers: RwSignal<Value>,
    attachments: RwSignal<Vec<AttachmentInfo>>,
    errors: RwSignal<FieldErrors>,
    draft_id: RwSignal<Option<String>>,
    version: RwSignal<Option<i32>>,
    submit_key: RwSignal<Option<String>>,
    save_state: RwSignal<SaveState>,
    /// Increases with every change; a save only clears the local copy when
    /// nothing changed while it was on its way.
    generation: RwSignal<u64>,
    wards: RwSignal<Vec<crate::domain::application::WardsOf>>,
    /// The step shown (a section, then the review).
    step: RwSignal<usize>,
}

impl Apply {
    /// The answers with each file field holding its uploaded files.
    fn bound_answers(self) -> Value {
        let mut answers = self.answers.get_untracked();
        if let Some(form) = self.form.get_value() {
            bind_files(&form, &mut answers, &self.attachments.get_untracked());
        }
        answers
    }

    /// Every error of the whole form now.
    fn all_errors(self) -> FieldErrors {
        match self.form.get_value() {
            Some(form) => validate(&form, &self.bound_answers(), today()).err().unwrap_or_default(),
            None => FieldErrors::default(),
        }
    }

    /// Re-checks one field (when left, or while it shows an error).
    fn check(self, path: &str) {
        let all = self.all_errors();
        self.errors.update(|errors| {
            errors.0.retain(|e| e.field != path);
            if let Some(rule) = all.get(path) {
                errors.push(path, rule);
            }
        });
    }

    fn set(self, path: &str, value: Value) {
        self.answers.update(|answers| {
            if let Some(slot) = slot_mut(answers, path) {
                *slot = value;
            }
        });
        self.changed();
    }

    /// Keeps a local copy at once and saves to the server shortly after.
    fn changed(self) {
        let generation = self.generation.get_untracked() + 1;
        self.generation.set(generation);
        keep_local(
            &self.code.get_value(),
            &LocalCopy {
                draft_id: self.draft_id.get_untracked(),
                base_version: self.version.get_untracked(),
                answers: self.answers.get_untracked(),
            },
        );
        set_timeout(
            move || {
                if self.generation.get_untracked() == generation {
                    self.save();
                }
            },
            std::time::Duration::from_millis(1200),
        );
    }

    /// Saves now; on a lost connection, tries again a little later.
    fn save(self) {
        if self.save_state.get_untracked() == SaveState::Conflict {
            return;
        }
        let generation = self.generation.get_untracked();
        self.save_state.set(SaveState::Saving);
        let form = DraftSave {
            procedure_code: self.code.get_value(),
            draft_id: self.draft_id.get_untracked(),
            base_version: self.version.get_untracked(),
            data: self.answers.get_untracked(),
        };
        leptos::task::spawn_local(async move {
            match save_draft(form).await {
                Ok(saved) => {
                    self.draft_id.set(Some(saved.id));
                    self.version.set(Some(saved.version));
                    self.submit_key.set(Some(saved.submit_key));
                    self.save_state.set(SaveState::Saved(saved.updated_at));
                    if self.generation.get_untracked() == generation {
                        forget_local(&self.code.get_value());
                    }
                }
                Err(AppError::Conflict) => self.save_state.set(SaveState::Conflict),
                Err(_) => {
                    self.save_state.set(SaveState::Offline);
                    set_timeout(
                        move || {
                            if self.save_state.get_untracked() == SaveState::Offline {
                                self.save();
                            }
                        },
                        std::time::Duration::from_secs(5),
                    );
                }
            }
        });
    }
}

#[component]
fn ApplyForm(context: ApplyContext) -> impl IntoView {
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
        answers: RwSignal::new(draft.as_ref().map_or(context.prefill.clone(), |d| d.data.clone())),
        attachments: RwSignal::new(draft.as_ref().map(|d| d.attachments.clone()).unwrap_or_default()),
        errors: RwSignal::new(FieldErrors::default()),
        draft_id: RwSignal::new(draft.as_ref().map(|d| d.id.clone())),
        version: RwSignal::new(draft.as_ref().map(|d| d.version)),
        submit_key: RwSignal::new(draft.as_ref().map(|d| d.submit_key.clone())),
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
        let prefix =
            state.form.with_value(|f| f.as_ref().and_then(|f| f.sections.get(current)).map(|s| format!("{}.", s.key)));
        let mine: Vec<_> = match &prefix {
            Some(prefix) => errors.0.into_iter().filter(|e| e.field.starts_with(prefix)).collect(),
            None => Vec::new(),
        };
        if mine.is_empty() {
            state.errors.set(FieldErrors::default());
            step.set(next_step(state, current, review_step));
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
        state.save();
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
    let online_form = sections > 0;
    let document_count = u32::try_from(procedure.documents.len()).unwrap_or_default();
    let procedure_for_docs = procedure.clone();
    let procedure_for_review = procedure.clone();
    view! {
        <PageMeta title=format!("{} — {name}", t.apply_title) description=t.apply_description/>
        <p class="breadcrumb"><a href=format!("/procedures/{code}")>{name.clone()}</a></p>
        <h1 id="apply-title" tabindex="-1">{t.apply_title}": "{name.clone()}</h1>
        <p class="step-count">{move || fill(t.apply_step_of, &[("n", &(step.get() + 1)), ("total", &total)])}" — "{step_title}</p>
        <SaveStatus state/>
        <ProblemNotice problem/>
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
            {move || {
                let current = step.get();
                if let Some(section) = state.form.with_value(|f| f.as_ref().and_then(|f| f.sections.get(current).cloned())) {
                    view! { <SectionView state section=section/> }.into_any()
                } else if sections == 0 && current == 0 {
                    view! { <DocumentsStep state procedure=procedure_for_docs.clone() only_unbound=false/> }.into_any()
                } else {
                    view! { <ReviewStep state procedure=procedure_for_review.clone() online_form level/> }.into_any()
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

/// The step after `current` whose section applies.
fn next_step(state: Apply, current: usize, review_step: usize) -> usize {
    let answers = state.answers.get_untracked();
    state.form.with_value(|form| {
        let Some(form) = form else { return (current + 1).min(review_step) };
        (current + 1..form.sections.len())
            .find(|i| form.sections[*i].visible_if.as_ref().is_none_or(|c| holds(c, &answers, None)))
            .unwrap_or(review_step)
    })
}

/// The step holding the field at `path` (the review step for documents and delivery).
fn section_of(state: Apply, path: &str) -> Option<usize> {
    state.form.with_value(|form| {
        let form = form.as_ref()?;
        let section = path.split('.').next()?;
        Some(form.sections.iter().position(|s| s.key == section).unwrap_or(form.sections.len()))
    })
}

fn focus_top() {
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
fn delivery_of(answers: &Value) -> Delivery {
    answers.get(DELIVERY_KEY).and_then(|v| serde_json::from_value(v.clone()).ok()).unwrap_or_default()
}

#[component]
fn SaveStatus(state: Apply) -> impl IntoView {
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
fn Summary(state: Apply, step: RwSignal<usize>) -> impl IntoView {
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
fn label_of(state: Apply, path: &str, locale: crate::i18n::Locale, t: &'static Messages) -> String {
    if let Some(position) = path.strip_prefix("documents.") {
        return format!("{} {position}", t.apply_documents);
    }
    if path.starts_with("delivery.") {
        return t.apply_delivery.to_owned();
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

fn rule_message(state: Apply, rule: Rule, locale: crate::i18n::Locale, t: &'static Messages) -> String {
    match rule {
        Rule::CrossField(index) => state
            .form
            .with_value(|f| f.as_ref().and_then(|f| f.cross_rule_message(index)).map(|m| m.get(locale).to_owned()))
            .unwrap_or_else(|| rule.message(t)),
        _ => rule.message(t),
    }
}

#[component]
fn SectionView(state: Apply, section: crate::domain::form::Section) -> impl IntoView {
    let locale = use_locale();
    let title = section.title.get(locale).to_owned();
    let key = section.key.clone();
    // Only what changes the layout (visibility, entries) re-renders the fields.
    let layout = Memo::new(move |_| {
        state.answers.with(|answers| {
            section
                .fields
                .iter()
                .map(|f| layout_signature(f, answers, &format!("{}.{}", section.key, f.key), None))
                .collect::<Vec<_>>()
        })
    });
    let fields = state.form.with_value(|f| {
        f.as_ref().and_then(|f| f.sections.iter().find(|s| s.key == key).map(|s| s.fields.clone())).unwrap_or_default()
    });
    view! {
        <fieldset class="form-section">
            <legend><h2>{title}</h2></legend>
            {move || {
                // Read (not only tracked) so that the memo computes and follows the answers.
                let _layout = layout.get();
                let answers = state.answers.get_untracked();
                fields
                    .iter()
                    .filter(|f| f.visible_if.as_ref().is_none_or(|c| holds(c, &answers, None)))
                    .map(|f| field_view(state, f.clone(), format!("{key}.{}", f.key), None))
                    .collect_view()
            }}
        </fieldset>
    }
}

/// What of a field decides the layout: whether it shows, and its entries.
fn layout_signature(field: &Field, answers: &Value, path: &str, entry: Option<&Value>) -> String {
    let visible = field.visible_if.as_ref().is_none_or(|c| holds(c, answers, entry));
    let entries = match &field.kind {
        FieldKind::Group { fields, .. } => {
            let list = value_at(answers, path).and_then(Value::as_array).cloned().unwrap_or_default();
            let inner: Vec<String> = list
                .iter()
                .enumerate()
                .flat_map(|(i, e)| {
                    fields.iter().map(move |f| layout_signature(f, answers, &format!("{path}.{i}.{}", f.key), Some(e)))
                })
                .collect();
            format!("[{}]", inner.join(","))
        }
        FieldKind::Address => value_at(answers, &format!("{path}.province_code")).map(value_text).unwrap_or_default(),
        _ => String::new(),
    };
    format!("{visible}{entries}")
}

/// A value as the text an input shows.
fn value_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        _ => String::new(),
    }
}

fn field_view(state: Apply, field: Field, path: String, entry: Option<Value>) -> AnyView {
    let t = use_t();
    let locale = use_locale();
    let label = field.label.get(locale).to_owned();
    let hint = field.hint.as_ref().map(|h| h.get(locale).to_owned());
    let answers = state.answers.get_untracked();
    let required = field.required || field.required_if.as_ref().is_some_and(|c| holds(c, &answers, entry.as_ref()));
    let error = {
        let path = path.clone();
        Memo::new(move |_| state.errors.with(|e| e.get(&path)))
    };
    let error_text = move || error.get().map(|rule| rule_message(state, rule, locale, t));
    let error_id = format!("{path}-error");
    let hint_id = format!("{path}-hint");
    let described_by = {
        let (error_id, hint_id, has_hint) = (error_id.clone(), hint_id.clone(), hint.is_some());
        move || {
            let mut ids = Vec::new();
            if has_hint {
                ids.push(hint_id.clone());
            }
            if error.get().is_some() {
                ids.push(error_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    let current = {
        let path = path.clone();
        move || state.answers.with(|a| value_at(a, &path).map(value_text).unwrap_or_default())
    };
    let on_input = {
        let path = path.clone();
        move |ev: leptos::ev::Event| {
            state.set(&path, Value::String(event_target_value(&ev)));
            if error.get_untracked().is_some() {
                state.check(&path);
            }
        }
    };
    let on_blur = {
        let path = path.clone();
        move |_| state.check(&path)
    };
    let mark = if required { " *" } else { "" };
    let error_view = {
        let error_id = error_id.clone();
        move || error_text().map(|text| view! { <p class="field-error" id=error_id.clone()>{text}</p> })
    };
    let hint_view = hint.clone().map(|h| view! { <p class="hint" id=hint_id.clone()>{h}</p> });
    let option_label = move |c: &crate::domain::form::Choice| c.label.get(locale).to_owned();
    match field.kind.clone() {
        FieldKind::Text { .. }
        | FieldKind::Number { .. }
        | FieldKind::Money { .. }
        | FieldKind::Date { .. }
        | FieldKind::Email
        | FieldKind::Phone
        | FieldKind::CitizenId { .. }
        | FieldKind::TaxCode => {
            let (input_type, inputmode) = match &field.kind {
                FieldKind::Date { .. } => ("date", None),
                FieldKind::Email => ("email", None),
                FieldKind::Phone => ("tel", None),
                FieldKind::Number { .. } | FieldKind::Money { .. } | FieldKind::CitizenId { .. } => {
                    ("text", Some("numeric"))
                }
                _ => ("text", None),
            };
            let initial = current();
            view! {
                <div class="field" class:field-invalid=move || error.get().is_some()>
                    <label for=path.clone()>{label}{mark}</label>
                    {hint_view}
                    {error_view}
                    <input id=path.clone() name=path.clone() type=input_type inputmode=inputmode
                        aria-invalid=move || error.get().is_some().then_some("true")
                        aria-describedby=described_by
                        value=initial prop:value=current on:input=on_input on:blur=on_blur/>
                </div>
            }
            .into_any()
        }
        FieldKind::Textarea { .. } => {
            let initial = current();
            view! {
                <div class="field" class:field-invalid=move || error.get().is_some()>
                    <label for=path.clone()>{label}{mark}</label>
                    {hint_view}
                    {error_view}
                    <textarea id=path.clone() name=path.clone() rows="4"
                        aria-invalid=move || error.get().is_some().then_some("true")
                        aria-describedby=described_by
                        prop:value=current on:input=on_input on:blur=on_blur>{initial}</textarea>
                </div>
            }
            .into_any()
        }
        FieldKind::Select { options } => {
            let chosen = current();
            let options = options
                .iter()
                .map(|c| view! { <option value=c.value.clone() selected=chosen == c.value>{option_label(c)}</option> })
                .collect_view();
            view! {
                <div class="field" class:field-invalid=move || error.get().is_some()>
                    <label for=path.clone()>{label}{mark}</label>
                    {hint_view}
                    {error_view}
                    <select id=path.clone() name=path.clone()
                        aria-invalid=move || error.get().is_some().then_some("true")
                        aria-describedby=described_by
                        prop:value=current on:change=on_input on:blur=on_blur>
                        <option value="">{t.choose}</option>
                        {options}
                    </select>
                </div>
            }
            .into_any()
        }
        FieldKind::Radio { options } | FieldKind::Checkboxes { options, .. } => {
            let multiple = matches!(field.kind, FieldKind::Checkboxes { .. });
            let chosen: Vec<String> = match value_at(&answers, &path) {
                Some(Value::Array(items)) => items.iter().map(value_text).collect(),
                Some(value) => vec![value_text(value)],
                None => Vec::new(),
            };
            let items = options
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    let id = format!("{path}-{i}");
                    let value = c.value.clone();
                    let name = path.clone();
                    let path = path.clone();
                    let checked = chosen.contains(&c.value);
                    let toggle = move |ev: leptos::ev::Event| {
                        let on = event_target_checked(&ev);
                        if multiple {
                            let mut list: Vec<Value> = state.answers.with_untracked(|a| {
                                value_at(a, &path).and_then(Value::as_array).cloned().unwrap_or_default()
                            });
                            list.retain(|v| v.as_str() != Some(value.as_str()));
                            if on {
                                list.push(Value::String(value.clone()));
                            }
                            state.set(&path, Value::Array(list));
                        } else {
                            state.set(&path, Value::String(value.clone()));
                        }
                        state.check(&path);
                    };
                    view! {
                        <div class="choice">
                            <input type=if multiple { "checkbox" } else { "radio" } id=id.clone() name=name
                                value=c.value.clone() checked=checked on:change=toggle/>
                            <label for=id>{option_label(c)}</label>
                        </div>
                    }
                })
                .collect_view();
            view! {
                <fieldset id=path.clone() class="field choices" class:field-invalid=move || error.get().is_some()
                    aria-describedby=described_by>
                    <legend>{label}{mark}</legend>
                    {hint_view}
                    {error_view}
                    {items}
                </fieldset>
            }
            .into_any()
        }
        FieldKind::Address => {
            view! { <AddressInput state path label=format!("{label}{mark}") error=error.into()/> }.into_any()
        }
        FieldKind::File { document } => {
            view! { <FileSlot state document label=format!("{label}{mark}") error=error.into() anchor=path/> }
                .into_any()
        }
        FieldKind::Group { fields, min, max } => {
            let entries = value_at(&answers, &path).and_then(Value::as_array).cloned().unwrap_or_default();
            let count = entries.len();
            let rendered = entries
                .into_iter()
                .enumerate()
                .map(|(i, entry)| {
                    let inner = fields
                        .iter()
                        .filter(|f| f.visible_if.as_ref().is_none_or(|c| holds(c, &answers, Some(&entry))))
                        .map(|f| field_view(state, f.clone(), format!("{path}.{i}.{}", f.key), Some(entry.clone())))
                        .collect_view();
                    let group = path.clone();
                    let remove = move |ev: leptos::ev::MouseEvent| {
                        ev.prevent_default();
                        state.answers.update(|a| {
                            if let Some(Value::Array(list)) = slot_mut(a, &group)
                                && i < list.len()
                            {
                                list.remove(i);
                            }
                        });
                        state.errors.set(FieldErrors::default());
                        state.changed();
                    };
                    view! {
                        <fieldset class="group-entry">
                            <legend>{fill(t.apply_entry, &[("n", &(i + 1))])}</legend>
                            {inner}
                            {(count > min as usize).then(|| view! {
                                <button type="submit" name="intent" value=format!("remove:{path}.{i}") class="button-secondary" on:click=remove>
                                    {t.apply_remove_entry}
                                </button>
                            })}
                        </fieldset>
                    }
                })
                .collect_view();
            let group = path.clone();
            let add = move |ev: leptos::ev::MouseEvent| {
                ev.prevent_default();
                state.answers.update(|a| {
                    if let Some(slot) = slot_mut(a, &group) {
                        match slot {
                            Value::Array(list) => list.push(json!({})),
                            other => *other = json!([{}]),
                        }
                    }
                });
                state.changed();
            };
            view! {
                <fieldset id=path.clone() class="field group" class:field-invalid=move || error.get().is_some()>
                    <legend>{label}{mark}</legend>
                    {hint_view}
                    {error_view}
                    {rendered}
                    {(count < max as usize).then(|| view! {
                        <button type="submit" name="intent" value=format!("add:{path}") class="button-secondary" on:click=add>
                            {t.apply_add_entry}" — "{field.label.get(locale).to_owned()}
                        </button>
                    })}
                </fieldset>
            }
            .into_any()
        }
    }
}

/// Province → ward (2025 units) → street. Without JavaScript the wards of a
/// newly chosen province appear after the next save.
#[component]
fn AddressInput(state: Apply, path: String, label: String, error: Signal<Option<Rule>>) -> impl IntoView {
    let t = use_t();
    let province_path = format!("{path}.province_code");
    let ward_path = format!("{path}.ward_code");
    let street_path = format!("{path}.street");
    let read = move |p: &str| state.answers.with(|a| value_at(a, p).map(value_text).unwrap_or_default());
    let province = {
        let p = province_path.clone();
        Memo::new(move |_| read(&p).parse::<i32>().ok())
    };
    // Load the wards of a newly chosen province.
    Effect::new(move |_| {
        if let Some(code) = province.get()
            && !state.wards.with_untracked(|w| w.iter().any(|(p, _)| *p == code))
        {
            leptos::task::spawn_local(async move {
                if let Ok(list) = crate::features::account::api::list_wards(code).await {
                    let list = list.into_iter().map(|p| (p.code, p.name)).collect();
                    state.wards.update(|w| w.push((code, list)));
                }
            });
        }
    });
    let province_options = {
        let p = province_path.clone();
        let chosen = read(&p);
        let list = use_context::<ProvinceList>().map(|l| l.0).unwrap_or_default();
        list.iter()
            .map(|(code, name)| view! { <option value=code.to_string() selected=chosen == code.to_string()>{name.clone()}</option> })
            .collect_view()
    };
    let ward_options = {
        let w = ward_path.clone();
        move || {
            let chosen = read(&w);
            let list = province
                .get()
                .and_then(|code| state.wards.with(|all| all.iter().find(|(p, _)| *p == code).map(|(_, l)| l.clone())))
                .unwrap_or_default();
            list.into_iter()
                .map(|(code, name)| view! { <option value=code.to_string() selected=chosen == code.to_string()>{name}</option> })
                .collect_view()
        }
    };
    // Codes are kept as numbers (as the delivery address needs them).
    let code_value = |text: String| text.trim().parse::<i32>().map(Value::from).unwrap_or(Value::Null);
    let set = move |p: String| {
        move |ev: leptos::ev::Event| {
            let value = event_target_value(&ev);
            let value = if p.ends_with("_code") { code_value(value) } else { Value::String(value) };
            state.set(&p, value);
        }
    };
    let clear_ward = {
        let (p, w, whole) = (province_path.clone(), ward_path.clone(), path.clone());
        move |ev: leptos::ev::Event| {
            state.set(&p, code_value(event_target_value(&ev)));
            state.set(&w, Value::Null);
            state.check(&whole);
        }
    };
    let check = {
        let whole = path.clone();
        move |_| state.check(&whole)
    };
    let error_id = format!("{path}-error");
    let street_value = read(&street_path);
    view! {
        <fieldset id=path.clone() class="field address" class:field-invalid=move || error.get().is_some()>
            <legend>{label}</legend>
            {move || error.get().map(|rule| view! { <p class="field-error" id=error_id.clone()>{rule.message(t)}</p> })}
            <label for=province_path.clone()>{t.field_province}</label>
            <select id=province_path.clone() name=province_path.clone() on:change=clear_ward>
                <option value="">{t.choose}</option>
                {province_options}
            </select>
            <label for=ward_path.clone()>{t.field_ward}</label>
            <select id=ward_path.clone() name=ward_path.clone() on:change=set(ward_path.clone()) on:blur=check.clone()>
                <option value="">{t.choose}</option>
                {ward_options}
            </select>
            <label for=street_path.clone()>{t.field_street}</label>
            <input id=street_path.clone() name=street_path.clone() type="text" autocomplete="street-address"
                value=street_value prop:value={ let s = street_path.clone(); move || read(&s) }
                on:input=set(street_path.clone()) on:blur=check/>
        </fieldset>
    }
}

/// The provinces, provided once for every address on the page.
#[derive(Clone)]
pub struct ProvinceList(pub Vec<(i32, String)>);

/// The files of one required document: the list, removal, and the upload
/// (drag and drop, a progress bar). The upload form itself sits after the
/// main form (forms cannot nest); these controls belong to it by `form=`.
#[component]
fn FileSlot(state: Apply, document: u32, label: String, error: Signal<Option<Rule>>, anchor: String) -> impl IntoView {
    let t = use_t();
    let progress = RwSignal::new(None::<u32>);
    let upload_problem = RwSignal::new(None::<&'static str>);
    let form_id = format!("upload-{document}");
    let input_id = format!("file-{document}");
    let files = move || {
        state.attachments.with(|all| all.iter().filter(|f| f.document == document).cloned().collect::<Vec<_>>())
    };
    let start_upload = move |list: Vec<FileHandle>| {
        for file in list {
            send_file(state, document, file, progress, upload_problem);
        }
    };
    let on_change = move |ev: leptos::ev::Event| {
        start_upload(files_of_input(&ev));
        clear_input(&ev);
    };
    let on_drop = move |ev: leptos::ev::DragEvent| {
        ev.prevent_default();
        start_upload(files_of_drop(&ev));
    };
    let error_id = format!("{anchor}-error");
    let return_to = move || return_path(state);
    view! {
        <div id=anchor.clone() class="field file-slot" class:field-invalid=move || error.get().is_some()
            on:dragover=|ev: leptos::ev::DragEvent| ev.prevent_default() on:drop=on_drop>
            <p class="label">{label}</p>
            <p class="hint">{t.apply_upload_hint}</p>
            {move || error.get().map(|rule| view! { <p class="field-error" id=error_id.clone()>{rule.message(t)}</p> })}
            <ul class="file-list">
                {move || {
                    let list = files();
                    if list.is_empty() {
                        view! { <li class="muted">{t.apply_no_files}</li> }.into_any()
                    } else {
                        list.into_iter().map(|f| {
                            let id = f.id.clone();
                            let remove = move |ev: leptos::ev::MouseEvent| {
                                ev.prevent_default();
                                let id = id.clone();
                                leptos::task::spawn_local(async move {
                                    if delete_attachment(id.clone(), None).await.is_ok() {
                                        state.attachments.update(|all| all.retain(|a| a.id != id));
                                    }
                                });
                            };
                            view! {
                                <li>
                                    <a href=format!("/attachments/{}", f.id)>{f.file_name.clone()}</a>
                                    " (" {format_size(f.size)} ") "
                                    <button type="submit" form=format!("remove-{}", f.id) class="button-link" on:click=remove>
                                        {t.apply_remove_file}<span class="visually-hidden">" "{f.file_name.clone()}</span>
                                    </button>
                                </li>
                            }
                        }).collect_view().into_any()
                    }
                }}
            </ul>
            {move || progress.get().map(|p| view! {
                <label class="progress">{t.apply_uploading}" "<progress max="100" value=p>{format!("{p}%")}</progress></label>
            })}
            {move || upload_problem.get().map(|text| view! { <p class="field-error" role="alert">{text}</p> })}
            {move || if state.draft_id.get().is_some() {
                // Without a script these belong to the upload form after the main
                // form; they come first, as the server reads the target before the file.
                view! {
                    <input type="hidden" name="draft_id" form=form_id.clone() value=state.draft_id.get().unwrap_or_default()/>
                    <input type="hidden" name="document" form=form_id.clone() value=document.to_string()/>
                    <input type="hidden" name="return_to" form=form_id.clone() value=return_to()/>
                    <label for=input_id.clone()>{t.apply_choose_files}</label>
                    <input id=input_id.clone() type="file" name="file" multiple form=form_id.clone()
                        accept=".pdf,.jpg,.jpeg,.png,.docx,.xlsx,.odt" on:change=on_change/>
                    <button type="submit" form=form_id.clone() class="button-secondary no-script-only">{t.apply_upload}</button>
                }.into_any()
            } else {
                // A script saves the draft before its first upload; a plain form must save first.
                view! {
                    <label for=input_id.clone()>{t.apply_choose_files}</label>
                    <input id=input_id.clone() type="file" multiple accept=".pdf,.jpg,.jpeg,.png,.docx,.xlsx,.odt" on:change=on_change/>
                    <p class="hint no-script-only">{t.apply_save_before_upload}</p>
                }.into_any()
            }}
        </div>
    }
}

/// The page to come back to after a plain upload or removal.
fn return_path(state: Apply) -> String {
    format!(
        "/procedures/{}/apply?draft={}&step={}",
        state.code.get_value(),
        state.draft_id.get().unwrap_or_default(),
        state.step.get()
    )
}

/// The upload and removal forms the file slots' controls belong to.
#[component]
fn UploadForms(state: Apply, count: u32) -> impl IntoView {
    view! {
        <div class="upload-forms">
            {move || state.draft_id.get().map(|_| {
                (1..=count).map(|position| view! {
                    <form id=format!("upload-{position}") method="post" action="/uploads" enctype="multipart/form-data" on:submit=|ev| ev.prevent_default()></form>
                }).collect_view()
            })}
            {move || state.attachments.get().into_iter().map(|f| view! {
                <form id=format!("remove-{}", f.id) method="post" action="/api/delete_attachment">
                    <input type="hidden" name="id" value=f.id.clone()/>
                    <input type="hidden" name="return_to" value=return_path(state)/>
                </form>
            }).collect_view()}
        </div>
    }
}

/// The level-2 step, or the review step's papers not asked by the form.
#[component]
fn DocumentsStep(
    state: Apply,
    procedure: Arc<crate::domain::catalog::ProcedureDetail>,
    only_unbound: bool,
) -> impl IntoView {
    let t = use_t();
    let locale = use_locale();
    let errors = state.errors;
    let replaced = state.form.with_value(|f| f.as_ref().map(|f| f.replaces_document));
    let bound: Vec<u32> = state.form.with_value(|f| {
        f.as_ref()
            .map(|f| {
                f.sections
                    .iter()
                    .flat_map(|s| s.fields.iter())
                    .filter_map(|field| match field.kind {
                        FieldKind::File { document } => Some(document),
                        _ => None,
                    })
                    .collect()
            })
            .unwrap_or_default()
    });
    let templates: Vec<_> = procedure.documents.iter().filter_map(|d| d.template.clone()).collect();
    let slots = procedure
        .documents
        .iter()
        .enumerate()
        .filter_map(|(i, d)| {
            let position = u32::try_from(i + 1).ok()?;
            // With an online form, the declaration is the form, and the form asks for its own files.
            if only_unbound && (bound.contains(&position) || replaced == Some(position)) {
                return None;
            }
            let label = format!(
                "{}{}",
                d.name.get(locale),
                if d.mandatory { format!(" ({})", t.apply_mandatory) } else { String::new() }
            );
            let path = format!("documents.{position}");
            let error = Signal::derive(move || errors.with(|e| e.get(&format!("documents.{position}"))));
            Some(view! { <FileSlot state document=position label error anchor=path/> })
        })
        .collect_view();
    view! {
        {(!only_unbound).then(|| view! {
            <p>{t.apply_level2_intro}</p>
            <h2>{t.apply_templates}</h2>
            <ul>
                {templates.into_iter().map(|tpl| view! { <li><a href=tpl.href() download="">{tpl.title.get(locale).to_owned()}</a></li> }).collect_view()}
            </ul>
        })}
        <h2>{t.apply_documents}</h2>
        {slots}
    }
}

#[component]
fn ReviewStep(
    state: Apply,
    procedure: Arc<crate::domain::catalog::ProcedureDetail>,
    online_form: bool,
    level: ServiceLevel,
) -> impl IntoView {
    let t = use_t();
    let fees = procedure.fees.clone();
    let no_fee = procedure.fees.iter().all(|f| f.amount_vnd == 0);
    view! {
        <p>{t.apply_review_intro}</p>
        {online_form.then(|| view! { <DocumentsStep state procedure=procedure.clone() only_unbound=true/> })}
        <h2>{t.apply_fees}</h2>
        {if no_fee { view! { <p>{t.apply_no_fee}</p> }.into_any() } else { view! { <FeeItems fees/> }.into_any() }}
        <DeliveryChoice state level/>
    }
}

#[component]
fn DeliveryChoice(state: Apply, level: ServiceLevel) -> impl IntoView {
    let t = use_t();
    let delivery = Memo::new(move |_| state.answers.with(delivery_of));
    let method = Memo::new(move |_| delivery.get().method());
    let choose = move |method: &'static str| {
        move |_| {
            let next = match method {
                "post" => {
                    Delivery::Post { recipient: String::new(), phone: String::new(), address: Default::default() }
                }
                "online" => Delivery::Online,
                _ => Delivery::AtDesk,
            };
            state.set(DELIVERY_KEY, serde_json::to_value(next).unwrap_or_default());
        }
    };
    let mut options = vec![("at_desk", t.delivery_at_desk), ("post", t.delivery_post)];
    if level >= ServiceLevel::L4 {
        options.push(("online", t.delivery_online));
    }
    let initial = method.get_untracked();
    let radios = options
        .into_iter()
        .map(|(value, label)| {
            let id = format!("delivery-{value}");
            view! {
                <div class="choice">
                    <input type="radio" id=id.clone() name="delivery.method" value=value checked=initial == value on:change=choose(value)/>
                    <label for=id>{label}</label>
                </div>
            }
        })
        .collect_view();
    let post_field = move |key: &'static str, label: &'static str| {
        let path = format!("delivery.{key}");
        let err = {
            let path = path.clone();
            Signal::derive(move || state.errors.with(|e| e.get(&path)))
        };
        let read = {
            let key = key.to_owned();
            move || {
                state
                    .answers
                    .with(|a| a.get(DELIVERY_KEY).and_then(|d| d.get(&key)).map(value_text).unwrap_or_default())
            }
        };
        let write = {
            let key = key.to_owned();
            move |ev: leptos::ev::Event| {
                let mut answers = state.answers.get_untracked();
                if let Some(Value::Object(d)) = answers.get_mut(DELIVERY_KEY) {
                    d.insert(key.clone(), Value::String(event_target_value(&ev)));
                }
                state.answers.set(answers);
                state.changed();
            }
        };
        let initial = read();
        view! {
            <div class="field" class:field-invalid=move || err.get().is_some()>
                <label for=path.clone()>{label}</label>
                {move || err.get().map(|rule| view! { <p class="field-error">{rule.message(t)}</p> })}
                <input id=path.clone() name=path.clone() type="text" value=initial prop:value=read on:input=write/>
            </div>
        }
    };
    let address_error = Signal::derive(move || {
        state.errors.with(|e| ["delivery.province", "delivery.ward", "delivery.street"].iter().find_map(|f| e.get(f)))
    });
    view! {
        <fieldset id="delivery.method" class="field choices">
            <legend><h2>{t.apply_delivery}</h2></legend>
            {radios}
        </fieldset>
        {move || (method.get() == "post").then(|| view! {
            <div class="stack">
                {post_field("recipient", t.delivery_recipient)}
                {post_field("phone", t.delivery_phone)}
                <AddressInput state path=format!("{DELIVERY_KEY}.address") label=t.delivery_address.to_owned() error=address_error/>
            </div>
        })}
    }
}

fn format_size(bytes: u64) -> String {
    if bytes >= 1024 * 1024 {
        format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0))
    } else {
        format!("{} KB", bytes.div_ceil(1024))
    }
}

/// A file chosen in the browser.
#[cfg(feature = "hydrate")]
type FileHandle = web_sys::File;
#[cfg(not(feature = "hydrate"))]
type FileHandle = ();

fn files_of_input(ev: &leptos::ev::Event) -> Vec<FileHandle> {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else {
            return Vec::new();
        };
        let Some(list) = input.files() else { return Vec::new() };
        (0..list.length()).filter_map(|i| list.get(i)).collect()
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = ev;
        Vec::new()
    }
}

fn clear_input(ev: &leptos::ev::Event) {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        if let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) {
            input.set_value("");
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = ev;
}

fn files_of_drop(ev: &leptos::ev::DragEvent) -> Vec<FileHandle> {
    #[cfg(feature = "hydrate")]
    {
        let Some(list) = ev.data_transfer().and_then(|d| d.files()) else { return Vec::new() };
        (0..list.length()).filter_map(|i| list.get(i)).collect()
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = ev;
        Vec::new()
    }
}

/// Uploads one file, saving the draft first when it has never been saved.
fn send_file(
    state: Apply,
    document: u32,
    file: FileHandle,
    progress: RwSignal<Option<u32>>,
    problem: RwSignal<Option<&'static str>>,
) {
    let t = crate::i18n::Locale::default().messages();
    let t = use_context::<crate::i18n::Locale>().map_or(t, |l| l.messages());
    #[cfg(feature = "hydrate")]
    leptos::task::spawn_local(async move {
        problem.set(None);
        if state.draft_id.get_untracked().is_none() {
            let form = DraftSave {
                procedure_code: state.code.get_value(),
                draft_id: None,
                base_version: None,
                data: state.answers.get_untracked(),
            };
            match save_draft(form).await {
                Ok(saved) => {
                    state.draft_id.set(Some(saved.id));
                    state.version.set(Some(saved.version));
                    state.submit_key.set(Some(saved.submit_key));
                }
                Err(_) => return problem.set(Some(t.error_text)),
            }
        }
        let Some(draft) = state.draft_id.get_untracked() else { return };
        progress.set(Some(0));
        super::browser::upload(
            &draft,
            document,
            file,
            move |p| progress.set(Some(p)),
            move |result| {
                progress.set(None);
                match result {
                    Ok(stored) => {
                        state.attachments.update(|all| all.extend(stored));
                        state.errors.update(|e| e.0.retain(|x| x.field != format!("documents.{document}")));
                    }
                    Err(413) => problem.set(Some(t.upload_error_413)),
                    Err(415) => problem.set(Some(t.error_unsupported_type)),
                    Err(_) => problem.set(Some(t.error_text)),
                }
            },
        );
    });
    #[cfg(not(feature = "hydrate"))]
    let _ = (state, document, file, progress, problem, t);
}
