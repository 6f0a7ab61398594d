//! `/dashboard/catalog/{code}/definition`: a procedure's national
//! definition — names, sector, level, steps, conditions, documents, fees,
//! channels, legal bases, processing days, result — in versions, for the
//! system administrator. The draft is the text of a seed file of one
//! procedure (TOML), kept on every save even before it reads; the server
//! lists what stands in the way of publishing it; publishing takes effect
//! from a day on, and every published version downloads as a seed file.

use super::api::{PublishDefinition, SaveDefinitionDraft, get_definition_editor};
use super::versions::{DraftText, PublishDraft, VersionTable, saved_notice};
use crate::domain::catalog::DefinitionEditor;
use crate::error::AppError;
use crate::i18n::{fill, use_locale, use_t};
use crate::ui::form::ProblemNotice;
use crate::ui::icons::{Icon, IconSvg};
use crate::ui::{ErrorNotice, NotFound, PageMeta};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

#[component]
pub fn DefinitionEditorPage() -> impl IntoView {
    let t = use_t();
    let params = use_params_map();
    let code = move || params.read().get("code").unwrap_or_default();
    let publish = ServerAction::<PublishDefinition>::new();
    let editor = Resource::new(move || (code(), publish.version().get()), |(code, _)| get_definition_editor(code));
    view! {
        <PageMeta title=t.definition_title description=t.definition_title/>
        <p class="breadcrumb"><a href="/dashboard/catalog">{t.catalog_admin_title}</a></p>
        <Suspense fallback=move || view! { <p>{t.loading}</p> }>
            {move || Suspend::new(async move {
                match editor.await {
                    Ok(editor) => view! { <Editor editor publish/> }.into_any(),
                    Err(AppError::NotFound) => view! { <NotFound/> }.into_any(),
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Editor(editor: DefinitionEditor, publish: ServerAction<PublishDefinition>) -> impl IntoView {
    let t = use_t();
    let locale = use_locale();
    let text = RwSignal::new(editor.text.clone());
    // What the server holds, and what it says stands in the way of publishing it.
    let saved = RwSignal::new(editor.is_draft.then(|| editor.text.clone()));
    let problems = RwSignal::new(editor.problems.clone());
    let save = ServerAction::<SaveDefinitionDraft>::new();
    let problem = RwSignal::new(None::<AppError>);
    Effect::new(move |_| {
        match save.value().get() {
            Some(Ok(list)) => problems.set(list),
            Some(Err(err)) => problem.set(Some(err)),
            None => {}
        }
        if let Some(Err(err)) = publish.value().get() {
            problem.set(Some(err));
        }
    });
    let code = StoredValue::new(editor.code.clone());
    let on_save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        problem.set(None);
        let draft = text.get_untracked();
        saved.set(Some(draft.clone()));
        save.dispatch(SaveDefinitionDraft { code: code.get_value(), text: draft });
    };
    let on_publish = Callback::new(move |day| {
        problem.set(None);
        publish.dispatch(PublishDefinition { code: code.get_value(), text: text.get_untracked(), effective_from: day });
    });
    // Only a saved draft without problems is published: what is on screen is what takes effect.
    let unsaved = move || text.with(|now| saved.with(|s| s.as_deref() != Some(now.as_str())));
    let blocked = Signal::derive(move || unsaved() || !problems.with(Vec::is_empty) || save.pending().get());
    let saved_notice = move || save.value().get().and_then(Result::ok).map(|left| saved_notice(left.len()));
    let published_notice = move || {
        publish.value().get().and_then(Result::ok).map(|number| {
            view! { <p class="notice notice-success" role="status">{fill(t.definition_published, &[("n", &number)])}</p> }
        })
    };
    let export_code = editor.code.clone();
    let export = Callback::new(move |number: i32| format!("/api/v1/procedures/{export_code}/versions/{number}"));
    view! {
        <h1>{t.definition_title}": "{editor.name.get(locale).to_owned()}</h1>
        <p class="lead">{editor.code.clone()}" · "{t.definition_lead}</p>
        <ProblemNotice problem/>
        {saved_notice}
        {published_notice}
        <p><a href=format!("/dashboard/catalog/{}", editor.code)>{t.definition_form_link}</a></p>
        <p><a href="/dashboard/templates" target="_blank" rel="noopener">{t.templates_link}<IconSvg icon=Icon::External after=true/></a></p>
        <VersionTable versions=editor.versions.clone() export/>
        <section class="stack" aria-labelledby="definition-draft-heading">
            <h2 id="definition-draft-heading">{t.form_editor_draft}</h2>
            <form on:submit=on_save class="stack">
                <DraftText id="definition-text" label=t.definition_text hint=t.definition_text_hint rows=24 text
                    problems problems_message=t.definition_problems/>
                {move || unsaved().then(|| view! { <p class="hint">{t.version_save_first}</p> })}
                <button type="submit" class="button-secondary">{t.form_editor_save}</button>
            </form>
            <PublishDraft blocked on_publish/>
        </section>
    }
}
