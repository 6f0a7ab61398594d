//! The form's fields: one renderer for every field kind, repeatable groups,
//! and the address picker (province → ward → street).

use super::apply_page::rule_message;
use super::state::Apply;
use super::uploads::FileSlot;
use crate::domain::form::{Field, FieldKind, holds, slot_mut, value_at};
use crate::domain::rules::{FieldErrors, Rule};
use crate::i18n::{fill, use_locale, use_t};
use crate::ui::form::DateInput;
use leptos::prelude::*;
use serde_json::{Value, json};

#[component]
pub(super) fn SectionView(state: Apply, section: crate::domain::form::Section) -> impl IntoView {
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
pub(super) fn layout_signature(field: &Field, answers: &Value, path: &str, entry: Option<&Value>) -> String {
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
pub(super) fn value_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        _ => String::new(),
    }
}

pub(super) fn field_view(state: Apply, field: Field, path: String, entry: Option<Value>) -> AnyView {
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
        FieldKind::Date { .. } => {
            let names = ["day", "month", "year"].map(|part| format!("{path}.{part}"));
            let on_change = {
                let path = path.clone();
                Callback::new(move |text: String| {
                    state.set(&path, Value::String(text));
                    if error.get_untracked().is_some() {
                        state.check(&path);
                    }
                })
            };
            let on_blur = {
                let path = path.clone();
                Callback::new(move |()| state.check(&path))
            };
            // The applicant's own date of birth (not a relative's in a group).
            // Not at a desk: the browser would offer the receiver's own.
            let birthday = field.key == "birth_date" && entry.is_none() && !state.paper;
            view! {
                <DateInput id=path.clone() names label required hint error=Signal::derive(error_text)
                    value=Signal::derive(current) on_change on_blur birthday/>
            }
            .into_any()
        }
        FieldKind::Text { .. }
        | FieldKind::Number { .. }
        | FieldKind::Money { .. }
        | FieldKind::Email
        | FieldKind::Phone
        | FieldKind::CitizenId { .. }
        | FieldKind::TaxCode => {
            let (input_type, inputmode) = match &field.kind {
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
pub(super) fn AddressInput(state: Apply, path: String, label: String, error: Signal<Option<Rule>>) -> impl IntoView {
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
