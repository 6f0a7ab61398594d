//! "Nộp hồ sơ với tư cách": for a member of an organisation, whether they
//! apply for themselves or on the organisation's behalf. Kept in the answers
//! (`_organisation`, the organisation's id), saved with the draft; the server
//! checks the membership again on submission. Shown only to members.

use super::state::Apply;
use crate::domain::organisation::{ApplicantChoice, ON_BEHALF_FIELD, chosen_organisation};
use crate::i18n::{fill, use_t};
use leptos::prelude::*;
use serde_json::Value;

#[component]
pub(super) fn ApplicantPicker(state: Apply, choices: Vec<ApplicantChoice>) -> impl IntoView {
    let t = use_t();
    let chosen = move || chosen_organisation(&state.answers.read());
    let choose = move |id: Option<i32>| {
        state.set(ON_BEHALF_FIELD, id.map_or(Value::String(String::new()), |id| Value::String(id.to_string())));
        state.errors.update(|e| e.0.retain(|e| e.field != ON_BEHALF_FIELD));
    };
    let error = move || state.errors.with(|e| e.get(ON_BEHALF_FIELD)).map(|rule| rule.message(t));
    view! {
        <fieldset class="applicant-choice" aria-describedby=move || error().map(|_| "applicant-error")>
            <legend>{t.apply_applicant_legend}</legend>
            {move || error().map(|message| view! { <p class="error" id="applicant-error">{message}</p> })}
            <div class="choice">
                <input type="radio" id="applicant-self" name=ON_BEHALF_FIELD value="" checked=chosen().is_none()
                    on:change=move |_| choose(None)/>
                <label for="applicant-self">{t.apply_applicant_self}</label>
            </div>
            {choices.into_iter().map(|choice| {
                let id = format!("applicant-{}", choice.id);
                let label = fill(t.apply_applicant_organisation, &[("name", &choice.name), ("tax_code", &choice.tax_code)]);
                let value = choice.id;
                view! {
                    <div class="choice">
                        <input type="radio" id=id.clone() name=ON_BEHALF_FIELD value=value.to_string()
                            checked=chosen() == Some(value) on:change=move |_| choose(Some(value))/>
                        <label for=id>{label}</label>
                    </div>
                }
            }).collect_view()}
        </fieldset>
    }
}
