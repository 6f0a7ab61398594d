//! "Nộp hồ sơ với tư cách": oneself, an organisation one belongs to, or
//! another person (nộp thay) named by name and ID number, with the
//! authorisation uploaded. Kept in the answers (`domain::applicant`), saved
//! with the draft; the server checks it all again on submission.

use super::state::Apply;
use super::uploads::FileSlot;
use crate::domain::applicant::{
    AUTHORISATION_DOCUMENT, ApplicantChoice, ApplyingFor, ON_BEHALF_FIELD, PERSON_CHOICE, PERSON_ID_FIELD,
    PERSON_NAME_FIELD, authorisation_path,
};
use crate::i18n::{fill, use_t};
use leptos::prelude::*;
use serde_json::Value;

#[component]
pub(super) fn ApplicantPicker(state: Apply, choices: Vec<ApplicantChoice>) -> impl IntoView {
    let t = use_t();
    // A memo: typing elsewhere in the answers re-renders nothing here (an
    // upload in progress keeps its bar).
    let chosen = Memo::new(move |_| ApplyingFor::of(&state.answers.read()));
    let chosen = move || chosen.get();
    let choose = move |value: String| {
        state.set(ON_BEHALF_FIELD, Value::String(value));
        state.errors.update(|e| e.0.retain(|e| e.field != ON_BEHALF_FIELD));
    };
    let error = move || state.errors.with(|e| e.get(ON_BEHALF_FIELD)).map(|rule| rule.message(t));
    let option = move |id: String, value: String, label: String, checked: Signal<bool>| {
        let on_change = {
            let value = value.clone();
            move |_| choose(value.clone())
        };
        view! {
            <div class="choice">
                <input type="radio" id=id.clone() name=ON_BEHALF_FIELD value=value
                    checked=checked.get_untracked() prop:checked=move || checked.get() on:change=on_change/>
                <label for=id>{label}</label>
            </div>
        }
    };
    let organisations = choices
        .into_iter()
        .map(|choice| {
            let label = fill(t.apply_applicant_organisation, &[("name", &choice.name), ("tax_code", &choice.tax_code)]);
            let id = choice.id;
            let checked = Signal::derive(move || chosen() == ApplyingFor::Organisation(id));
            option(format!("applicant-{id}"), id.to_string(), label, checked)
        })
        .collect_view();
    view! {
        <fieldset class="applicant-choice" aria-describedby=move || error().map(|_| "applicant-error")>
            <legend>{t.apply_applicant_legend}</legend>
            {move || error().map(|message| view! { <p class="error" id="applicant-error">{message}</p> })}
            {option("applicant-self".into(), String::new(), t.apply_applicant_self.into(),
                Signal::derive(move || chosen() == ApplyingFor::Myself))}
            {organisations}
            {option("applicant-person".into(), PERSON_CHOICE.into(), t.apply_applicant_person.into(),
                Signal::derive(move || chosen() == ApplyingFor::Person))}
            // Asked once "another person" is chosen (without a script: once
            // the choice is saved, as the page comes back).
            {move || (chosen() == ApplyingFor::Person).then(|| view! {
                <div class="person-concerned">
                    <p class="hint">{t.apply_person_hint}</p>
                    <PersonInput state field=PERSON_NAME_FIELD label=t.apply_person_name numeric=false/>
                    <PersonInput state field=PERSON_ID_FIELD label=t.apply_person_id numeric=true/>
                    <FileSlot state document=AUTHORISATION_DOCUMENT label=t.apply_authorisation.to_owned()
                        error=Signal::derive(move || state.errors.with(|e| e.get(&authorisation_path())))
                        anchor=authorisation_path()/>
                </div>
            })}
        </fieldset>
    }
}

/// One text answer about the person concerned, checked when left.
#[component]
fn PersonInput(state: Apply, field: &'static str, label: &'static str, numeric: bool) -> impl IntoView {
    let t = use_t();
    let error = move || state.errors.with(|e| e.get(field));
    let error_id = format!("{field}-error");
    let current = move || state.answers.with(|a| a.get(field).and_then(Value::as_str).unwrap_or_default().to_owned());
    let on_input = move |ev: leptos::ev::Event| {
        state.set(field, Value::String(event_target_value(&ev)));
        if error().is_some() {
            state.check(field);
        }
    };
    let described_by = {
        let error_id = error_id.clone();
        move || error().map(|_| error_id.clone())
    };
    view! {
        <div class="field" class:field-invalid=move || error().is_some()>
            <label for=field>{label}</label>
            {move || error().map(|rule| view! { <p class="field-error" id=error_id.clone()>{rule.message(t)}</p> })}
            <input id=field name=field type="text" inputmode=numeric.then_some("numeric")
                autocomplete="off" aria-invalid=move || error().is_some().then_some("true")
                aria-describedby=described_by value=current() prop:value=current
                on:input=on_input on:blur=move |_| state.check(field)/>
        </div>
    }
}
