//! `/dashboard/new-procedure`: a system administrator creates a national
//! procedure by writing its first definition (the seed files' format, the
//! same text as the definition editor). The server lists what stands in the
//! way; once there is nothing, the procedure is created in force from today,
//! with every agency of its tier implementing it, and its definition page
//! opens. The text stays on screen until then: nothing typed is lost.

use super::api::CreateProcedure;
use super::versions::DraftText;
use crate::domain::catalog::{NEW_DEFINITION, NewProcedure};
use crate::error::AppError;
use crate::i18n::use_t;
use crate::ui::PageMeta;
use crate::ui::form::ProblemNotice;
use crate::ui::icons::{Icon, IconSvg};
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

#[component]
pub fn NewProcedurePage() -> impl IntoView {
    let t = use_t();
    let text = RwSignal::new(NEW_DEFINITION.to_owned());
    let problems = RwSignal::new(Vec::<String>::new());
    let problem = RwSignal::new(None::<AppError>);
    let create = ServerAction::<CreateProcedure>::new();
    let navigate = use_navigate();
    Effect::new(move |_| match create.value().get() {
        Some(Ok(NewProcedure::Created(code))) => {
            navigate(&format!("/dashboard/catalog/{code}/definition"), Default::default())
        }
        Some(Ok(NewProcedure::Problems(list))) => problems.set(list),
        Some(Err(err)) => problem.set(Some(err)),
        None => {}
    });
    let on_create = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        problem.set(None);
        create.dispatch(CreateProcedure { text: text.get_untracked() });
    };
    view! {
        <PageMeta title=t.new_procedure_title description=t.new_procedure_lead/>
        <p class="breadcrumb"><a href="/dashboard/catalog">{t.catalog_admin_title}</a></p>
        <h1>{t.new_procedure_title}</h1>
        <p class="lead">{t.new_procedure_lead}</p>
        <p><a href="/dashboard/templates" target="_blank" rel="noopener">{t.templates_link}<IconSvg icon=Icon::External after=true/></a></p>
        <ProblemNotice problem/>
        <form on:submit=on_create class="stack">
            <DraftText id="new-procedure-text" label=t.definition_text hint=t.new_procedure_hint rows=30 text
                problems problems_message=t.new_procedure_problems/>
            <button type="submit" disabled=move || create.pending().get()>{t.new_procedure_create}</button>
        </form>
    }
}
