//! "Cơ quan thực hiện", the first thing the apply page asks: a province,
//! then one of its agencies that implement the procedure, preselected from
//! the citizen's address. Kept in the answers (`_agency`), so it is saved
//! with the draft; the server checks it again on submission.
//!
//! Without JavaScript the province is sent with "Show its agencies", which
//! saves the step and renders the page again with that province's list;
//! every step posted renders the chosen agency's form. With JavaScript, an
//! agency whose form differs from the one shown (its own, or the national
//! one after an agency's own) offers to save and open its form.

use super::state::Apply;
use crate::domain::application::{AGENCY_FIELD, AGENCY_KEY, AgencyAnswer, AgencyChoice};
use crate::domain::catalog::{Implementer, format_vnd};
use crate::domain::rules::Rule;
use crate::features::catalog::api::list_implementers;
use crate::i18n::{fill, use_locale, use_t};
use leptos::prelude::*;
use serde_json::Value;

#[component]
pub(super) fn AgencyPicker(
    state: Apply,
    options: RwSignal<Vec<Implementer>>,
    by_province: bool,
    any_desk: bool,
    /// The agency whose form the page shows, and whether it is its own.
    form_agency: Option<String>,
    form_own: bool,
    /// Saves the draft and opens the page again with the chosen agency's form.
    on_switch: Callback<()>,
) -> impl IntoView {
    let t = use_t();
    let locale = use_locale();
    let answer = move || AgencyAnswer::of(&state.answers.read()).unwrap_or_default();
    let write = move |next: AgencyAnswer| {
        state.set(AGENCY_KEY, serde_json::to_value(next).unwrap_or_default());
        state.errors.update(|e| e.0.retain(|e| e.field != AGENCY_FIELD));
    };
    let load = move |province: Option<i32>| {
        let code = state.code.get_value();
        leptos::task::spawn_local(async move {
            if let Ok(list) = list_implementers(code, province).await {
                // The only agency of the province is the choice.
                let only = (list.len() == 1).then(|| list[0].agency.code.clone());
                options.set(list);
                write(AgencyAnswer { province, code: only });
            }
        });
    };
    let on_province = move |ev: leptos::ev::Event| {
        let province = event_target_value(&ev).trim().parse::<i32>().ok();
        write(AgencyAnswer { province, code: None });
        options.set(Vec::new());
        if province.is_some() {
            load(province);
        }
    };
    let on_agency = move |ev: leptos::ev::Event| {
        let code = Some(event_target_value(&ev)).filter(|c| !c.is_empty());
        write(AgencyAnswer { province: answer().province, code });
    };
    let show = move |ev: leptos::ev::MouseEvent| {
        ev.prevent_default();
        load(answer().province);
    };
    let error = move || state.errors.with(|e| e.get(AGENCY_FIELD));
    let provinces = use_context::<super::fields::ProvinceList>().map(|l| l.0).unwrap_or_default();
    let chosen_province = answer().province;
    let province_options = provinces
        .into_iter()
        .map(|(code, name)| view! { <option value=code.to_string() selected=chosen_province == Some(code)>{name}</option> })
        .collect_view();
    let agency_options = move || {
        let chosen = answer().code;
        options
            .get()
            .into_iter()
            .map(|o| {
                let selected = chosen.as_deref() == Some(o.agency.code.as_str());
                view! { <option value=o.agency.code.clone() selected=selected>{o.agency.name.get(locale).to_owned()}</option> }
            })
            .collect_view()
    };
    let terms = move || chosen_option(state, options).map(|option| view! { <Terms option/> });
    // Another agency than the form's, and one of the two has a form of its
    // own: the page must be opened again for the right form.
    let other_form = move || {
        let chosen = answer().code?;
        let own = options.with(|list| list.iter().any(|o| o.agency.code == chosen && o.own_form));
        (form_agency.as_deref() != Some(chosen.as_str()) && (own || form_own)).then_some(())
    };
    view! {
        <fieldset id="_agency" class="field agency-picker" class:field-invalid=move || error().is_some()>
            <legend>{t.apply_agency}</legend>
            <p class="hint" id="agency-hint">{if any_desk { t.any_desk_yes } else { t.apply_agency_hint }}</p>
            {move || error().map(|rule: Rule| view! { <p class="field-error" id="agency-error">{rule.message(t)}</p> })}
            {by_province.then(|| view! {
                <label for="_agency.province">{t.apply_agency_province}</label>
                <div class="search-row">
                    <select id="_agency.province" name="_agency.province" on:change=on_province>
                        <option value="">{t.choose}</option>
                        {province_options}
                    </select>
                    <button type="submit" name="intent" value="agency" class="button-secondary" on:click=show>{t.apply_agency_show}</button>
                </div>
            })}
            <label for="_agency.code">{t.apply_agency_select}</label>
            <select id="_agency.code" name="_agency.code" on:change=on_agency aria-describedby="agency-hint"
                aria-invalid=move || error().is_some().then_some("true")>
                <option value="">{t.choose}</option>
                {agency_options}
            </select>
            {move || (answer().province.is_some() && options.with(Vec::is_empty)).then(|| view! {
                <p class="notice notice-warning">{t.apply_agency_empty}</p>
            })}
            {terms}
            {move || other_form().map(|()| view! {
                <div class="notice notice-warning" role="status">
                    <p>{t.apply_agency_other_form}</p>
                    <button type="button" class="button-secondary" on:click=move |_| on_switch.run(())>{t.apply_agency_use_form}</button>
                </div>
            })}
        </fieldset>
    }
}

/// The implementing agency the citizen has chosen, with its terms.
pub(super) fn chosen_option(state: Apply, options: RwSignal<Vec<Implementer>>) -> Option<Implementer> {
    let chosen = AgencyAnswer::of(&state.answers.read()).and_then(|a| a.code)?;
    options.with(|list| list.iter().find(|o| o.agency.code == chosen).cloned())
}

/// The chosen agency's processing time and fees (its own where they differ).
#[component]
fn Terms(option: Implementer) -> impl IntoView {
    let t = use_t();
    let days = crate::features::catalog::processing_time(t, option.terms.processing_days);
    let fees: i64 = option.terms.fees.iter().map(|f| f.amount_vnd).sum();
    let fees = if fees == 0 {
        t.apply_agency_free.to_owned()
    } else {
        fill(t.apply_agency_fees, &[("amount", &format_vnd(fees))])
    };
    view! {
        <p class="agency-terms" role="status">
            {fill(t.apply_agency_terms, &[("days", &days), ("fees", &fees)])}
        </p>
    }
}

/// The answers the page starts with, holding the agency the server chose or
/// preselected (a preselection is the citizen's answer until changed, and
/// is saved with the next save).
pub(super) fn with_choice(mut answers: Value, choice: &AgencyChoice) -> Value {
    if !answers.is_object() {
        answers = Value::Object(serde_json::Map::new());
    }
    answers[AGENCY_KEY] = serde_json::to_value(&choice.answer).unwrap_or_default();
    answers
}
