//! A form as citizens will see it — the apply page's own renderer and the
//! shared validation — for administrators editing it. Nothing is kept or
//! saved: the answers live only in the page.

use super::fields::{ProvinceList, SectionView};
use super::state::{Apply, SaveState};
use crate::domain::form::FormSchema;
use crate::domain::rules::FieldErrors;
use crate::i18n::{fill, use_t};
use leptos::prelude::*;

#[component]
pub fn FormPreview(form: FormSchema, provinces: Vec<(i32, String)>) -> impl IntoView {
    let t = use_t();
    provide_context(ProvinceList(provinces));
    let sections = form.sections.clone();
    let state = Apply {
        code: StoredValue::new(String::new()),
        form: StoredValue::new(Some(form)),
        answers: RwSignal::new(serde_json::json!({})),
        attachments: RwSignal::new(Vec::new()),
        errors: RwSignal::new(FieldErrors::default()),
        draft_id: RwSignal::new(None),
        version: RwSignal::new(None),
        submit_key: RwSignal::new(None),
        preview: true,
        save_state: RwSignal::new(SaveState::Idle),
        generation: RwSignal::new(0),
        wards: RwSignal::new(Vec::new()),
        step: RwSignal::new(0),
        returning: RwSignal::new(false),
        stored: StoredValue::new(Vec::new()),
    };
    let checked = RwSignal::new(false);
    let check = move |_| {
        state.errors.set(state.all_errors());
        checked.set(true);
    };
    let outcome = move || {
        checked.get().then(|| {
            let n = state.errors.with(|e| e.0.len());
            if n == 0 {
                view! { <p class="notice notice-success" role="status">{t.form_preview_valid}</p> }.into_any()
            } else {
                view! { <p class="notice notice-warning" role="status">{fill(t.form_preview_errors, &[("n", &n)])}</p> }
                    .into_any()
            }
        })
    };
    view! {
        <div class="form-preview stack">
            {sections.into_iter().map(|section| view! { <SectionView state section/> }).collect_view()}
            <button type="button" class="button-secondary" on:click=check>{t.form_preview_check}</button>
            {outcome}
        </div>
    }
}
