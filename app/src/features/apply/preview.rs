//! The apply page's own renderer and the shared validation outside the
//! apply page: a form as citizens will see it, for administrators editing
//! it (nothing kept: the answers live only in the page); and a paper form
//! a receiver types in at the desk (posted as a plain form).

use super::fields::{ProvinceList, SectionView};
use super::state::{Apply, SaveState};
use crate::domain::application::WardsOf;
use crate::domain::form::FormSchema;
use crate::domain::rules::FieldErrors;
use crate::i18n::{fill, use_t};
use leptos::prelude::*;
use serde_json::Value;

/// The page-only state of a form rendered outside the apply page: nothing
/// is kept or saved by it.
fn detached(form: FormSchema, answers: Value, errors: FieldErrors, wards: Vec<WardsOf>, paper: bool) -> Apply {
    Apply {
        code: StoredValue::new(String::new()),
        form: StoredValue::new(Some(form)),
        answers: RwSignal::new(answers),
        attachments: RwSignal::new(Vec::new()),
        errors: RwSignal::new(errors),
        draft_id: RwSignal::new(None),
        version: RwSignal::new(None),
        submit_key: RwSignal::new(None),
        preview: true,
        paper,
        save_state: RwSignal::new(SaveState::Idle),
        generation: RwSignal::new(0),
        wards: RwSignal::new(wards),
        step: RwSignal::new(0),
        returning: RwSignal::new(false),
        stored: StoredValue::new(Vec::new()),
    }
}

#[component]
pub fn FormPreview(form: FormSchema, provinces: Vec<(i32, String)>) -> impl IntoView {
    let t = use_t();
    provide_context(ProvinceList(provinces));
    let sections = form.sections.clone();
    let state = detached(form, serde_json::json!({}), FieldErrors::default(), Vec::new(), false);
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

/// A paper form typed in at the desk (desk intake): the same renderer and
/// the same names as the apply page's plain steps, inside the caller's
/// `<form>`; the answers and mistakes come from the server. A file asked
/// by the form is the scan of its document, taken with the documents.
#[component]
pub fn PaperForm(
    form: FormSchema,
    answers: Value,
    errors: FieldErrors,
    provinces: Vec<(i32, String)>,
    wards: Vec<WardsOf>,
) -> impl IntoView {
    provide_context(ProvinceList(provinces));
    // The sections that apply to the answers saved (a change shows once saved).
    let sections: Vec<_> = form
        .sections
        .iter()
        .filter(|s| s.visible_if.as_ref().is_none_or(|c| crate::domain::form::holds(c, &answers, None)))
        .cloned()
        .collect();
    let state = detached(form, answers, errors, wards, true);
    sections.into_iter().map(|section| view! { <SectionView state section/> }).collect_view()
}
