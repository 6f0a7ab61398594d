//! `/dashboard/catalog/{code}`: a procedure's online form in versions. The
//! administrator edits the draft (its JSON, or a new field added with the
//! helper), sees it at once as citizens will — the apply page's renderer and
//! validation — with every problem listed, saves it, and publishes it from a
//! day on. A form with problems is not published; published versions stay
//! as they were, and dossiers keep theirs.

use super::api::{PublishForm, SaveFormDraft, WithdrawForm, get_form_editor};
use super::versions::{DraftText, PublishDraft, VersionTable, saved_notice};
use crate::domain::catalog::FormEditor;
use crate::domain::form::{Field, FieldKind, FormSchema};
use crate::domain::text::LocalText;
use crate::error::AppError;
use crate::features::apply::FormPreview;
use crate::i18n::{fill, use_locale, use_t};
use crate::ui::form::ProblemNotice;
use crate::ui::{ErrorNotice, NotFound, PageMeta};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

#[component]
pub fn FormEditorPage() -> impl IntoView {
    let t = use_t();
    let params = use_params_map();
    let code = move || params.read().get("code").unwrap_or_default();
    let publish = ServerAction::<PublishForm>::new();
    let withdraw = ServerAction::<WithdrawForm>::new();
    let editor = Resource::new(
        move || (code(), publish.version().get(), withdraw.version().get()),
        |(code, _, _)| get_form_editor(code),
    );
    view! {
        <PageMeta title=t.form_editor_title description=t.form_editor_title/>
        <p class="breadcrumb"><a href="/dashboard/catalog">{t.catalog_admin_title}</a></p>
        <Suspense fallback=move || view! { <p>{t.loading}</p> }>
            {move || Suspend::new(async move {
                match editor.await {
                    Ok(editor) => view! { <Editor editor publish withdraw/> }.into_any(),
                    Err(AppError::NotFound) => view! { <NotFound/> }.into_any(),
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

fn pretty(schema: &FormSchema) -> String {
    serde_json::to_string_pretty(schema).unwrap_or_default()
}

#[component]
fn Editor(
    editor: FormEditor,
    publish: ServerAction<PublishForm>,
    withdraw: ServerAction<WithdrawForm>,
) -> impl IntoView {
    let t = use_t();
    let locale = use_locale();
    let start = editor.draft.as_ref().or(editor.in_force.as_ref()).map(pretty).unwrap_or_default();
    let text = RwSignal::new(start);
    let documents = editor.documents;
    // The draft as it stands, parsed on every change: the preview and the problems follow it.
    let parsed = Memo::new(move |_| text.with(|s| serde_json::from_str::<FormSchema>(s).map_err(|e| e.to_string())));
    let problems = Memo::new(move |_| match parsed.get() {
        Ok(schema) => schema.problems(documents),
        Err(err) => vec![err],
    });
    let save = ServerAction::<SaveFormDraft>::new();
    let problem = RwSignal::new(None::<AppError>);
    Effect::new(move |_| {
        if let Some(Err(err)) = save.value().get() {
            problem.set(Some(err));
        }
        if let Some(Err(err)) = publish.value().get() {
            problem.set(Some(err));
        }
        if let Some(Err(err)) = withdraw.value().get() {
            problem.set(Some(err));
        }
    });
    let code = StoredValue::new(editor.code.clone());
    // What the server holds as the draft: only that is published.
    let saved = RwSignal::new(editor.draft.is_some().then(|| text.get_untracked()));
    let unsaved = move || text.with(|now| saved.with(|s| s.as_deref() != Some(now.as_str())));
    let on_save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        problem.set(None);
        saved.set(Some(text.get_untracked()));
        save.dispatch(SaveFormDraft { code: code.get_value(), schema: text.get_untracked() });
    };
    let on_publish = Callback::new(move |day| {
        problem.set(None);
        publish.dispatch(PublishForm { code: code.get_value(), schema: text.get_untracked(), effective_from: day });
    });
    let withdrawn = RwSignal::new(None::<i32>);
    let on_withdraw = Callback::new(move |number| {
        problem.set(None);
        withdrawn.set(Some(number));
        withdraw.dispatch(WithdrawForm { code: code.get_value(), number });
    });
    let withdrawn_notice = move || {
        matches!(withdraw.value().get(), Some(Ok(()))).then(|| {
            let n = withdrawn.get().unwrap_or_default();
            view! { <p class="notice notice-success" role="status">{fill(t.version_withdrawn_notice, &[("n", &n)])}</p> }
        })
    };
    let whose = match &editor.agency {
        Some(agency) => fill(t.form_editor_own, &[("agency", &agency.get(locale))]),
        None => t.form_editor_national.to_owned(),
    };
    let provinces = StoredValue::new(editor.provinces.clone());
    let saved_notice = move || save.value().get().and_then(Result::ok).map(|left| saved_notice(left.len()));
    let published_notice = move || {
        publish.value().get().and_then(Result::ok).map(|number| {
            view! { <p class="notice notice-success" role="status">{fill(t.form_editor_published, &[("n", &number)])}</p> }
        })
    };
    view! {
        <h1>{t.form_editor_title}": "{editor.name.get(locale).to_owned()}</h1>
        <p class="lead">{editor.code.clone()}" · "{whose}</p>
        <ProblemNotice problem/>
        {saved_notice}
        {published_notice}
        {withdrawn_notice}
        {editor.agency.is_none().then(|| view! {
            <p><a href=format!("/dashboard/catalog/{}/definition", editor.code)>{t.definition_link}</a></p>
        })}
        <VersionTable versions=editor.versions.clone() show_kind=true withdraw=on_withdraw own=editor.agency.is_some()/>
        <div class="editor-columns">
            <section class="stack" aria-labelledby="draft-heading">
                <h2 id="draft-heading">{t.form_editor_draft}</h2>
                <AddField text/>
                <form on:submit=on_save class="stack">
                    <DraftText id="form-json" label=t.form_editor_json hint=t.form_editor_json_hint rows=18 text
                        problems problems_message=t.form_editor_problems/>
                    <button type="submit" class="button-secondary">{t.form_editor_save}</button>
                </form>
                {move || unsaved().then(|| view! { <p class="hint">{t.version_save_first}</p> })}
                <PublishDraft blocked=Signal::derive(move || unsaved() || !problems.with(Vec::is_empty) || save.pending().get()) on_publish/>
            </section>
            <section class="stack" aria-labelledby="preview-heading">
                <h2 id="preview-heading">{t.form_editor_preview}</h2>
                {move || match parsed.get() {
                    Ok(form) => view! { <FormPreview form provinces=provinces.get_value()/> }.into_any(),
                    Err(_) => view! { <p>{t.form_editor_unreadable}</p> }.into_any(),
                }}
            </section>
        </div>
    }
}

/// Adds a simple field to a section of the draft, in its JSON.
#[component]
fn AddField(text: RwSignal<String>) -> impl IntoView {
    let t = use_t();
    let locale = use_locale();
    let sections = move || {
        text.with(|s| serde_json::from_str::<FormSchema>(s).ok())
            .map(|f| f.sections.into_iter().map(|s| (s.key, s.title)).collect::<Vec<_>>())
            .unwrap_or_default()
    };
    let section = RwSignal::new(String::new());
    let key = RwSignal::new(String::new());
    let label_vi = RwSignal::new(String::new());
    let label_en = RwSignal::new(String::new());
    let hint_vi = RwSignal::new(String::new());
    let kind = RwSignal::new("text".to_owned());
    let required = RwSignal::new(false);
    let error = RwSignal::new(None::<&'static str>);
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Ok(mut schema) = serde_json::from_str::<FormSchema>(&text.get_untracked()) else {
            error.set(Some(t.form_editor_unreadable));
            return;
        };
        let field_key = key.get_untracked().trim().to_owned();
        if field_key.is_empty()
            || field_key.len() > 40
            || !field_key.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        {
            error.set(Some(t.form_editor_key_rule));
            return;
        }
        let chosen = section.get_untracked();
        let Some(target) = schema.sections.iter_mut().find(|s| s.key == chosen) else {
            error.set(Some(t.form_editor_choose_section));
            return;
        };
        let field_kind = match kind.get_untracked().as_str() {
            "textarea" => FieldKind::Textarea { max_length: 2000 },
            "number" => FieldKind::Number { min: None, max: None },
            "date" => FieldKind::Date { past: false },
            "email" => FieldKind::Email,
            "phone" => FieldKind::Phone,
            _ => FieldKind::Text { max_length: 200 },
        };
        let hint = hint_vi.get_untracked();
        target.fields.push(Field {
            key: field_key,
            label: LocalText::new(
                label_vi.get_untracked().trim().to_owned(),
                label_en.get_untracked().trim().to_owned(),
            ),
            hint: (!hint.trim().is_empty()).then(|| LocalText::new(hint.trim().to_owned(), String::new())),
            kind: field_kind,
            required: required.get_untracked(),
            visible_if: None,
            required_if: None,
        });
        error.set(None);
        text.set(pretty(&schema));
    };
    view! {
        <details class="panel">
            <summary>{t.form_editor_add_field}</summary>
            <form on:submit=add class="stack">
                {move || error.get().map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
                <div class="field">
                    <label for="new-section">{t.form_editor_section}</label>
                    <select id="new-section" required=true on:change=move |ev| section.set(event_target_value(&ev))>
                        <option value="">{t.choose}</option>
                        {move || sections().into_iter().map(|(k, title)| view! { <option value=k>{title.get(locale).to_owned()}</option> }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="new-key">{t.form_editor_key}</label>
                    <p class="hint" id="new-key-hint">{t.form_editor_key_rule}</p>
                    <input type="text" id="new-key" required=true maxlength="40" aria-describedby="new-key-hint"
                        on:input=move |ev| key.set(event_target_value(&ev))/>
                </div>
                <div class="field">
                    <label for="new-label-vi">{t.form_editor_label_vi}</label>
                    <input type="text" id="new-label-vi" required=true maxlength="200" on:input=move |ev| label_vi.set(event_target_value(&ev))/>
                </div>
                <div class="field">
                    <label for="new-label-en">{t.form_editor_label_en}</label>
                    <input type="text" id="new-label-en" maxlength="200" on:input=move |ev| label_en.set(event_target_value(&ev))/>
                </div>
                <div class="field">
                    <label for="new-hint-vi">{t.form_editor_hint_vi}</label>
                    <input type="text" id="new-hint-vi" maxlength="300" on:input=move |ev| hint_vi.set(event_target_value(&ev))/>
                </div>
                <div class="field">
                    <label for="new-kind">{t.form_editor_field_kind}</label>
                    <select id="new-kind" on:change=move |ev| kind.set(event_target_value(&ev))>
                        <option value="text">{t.form_editor_kind_text}</option>
                        <option value="textarea">{t.form_editor_kind_textarea}</option>
                        <option value="number">{t.form_editor_kind_number}</option>
                        <option value="date">{t.form_editor_kind_date}</option>
                        <option value="email">{t.form_editor_kind_email}</option>
                        <option value="phone">{t.form_editor_kind_phone}</option>
                    </select>
                </div>
                <label class="check" for="new-required">
                    <input type="checkbox" id="new-required" on:change=move |ev| required.set(event_target_checked(&ev))/>
                    {t.form_editor_required}
                </label>
                <button type="submit" class="button-secondary">{t.form_editor_add}</button>
            </form>
        </details>
    }
}
