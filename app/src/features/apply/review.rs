//! The last steps: the papers not asked by the form, the review with its
//! completeness check and fees, and the choice of how the result comes back.

use super::apply_page::delivery_of;
use super::fields::{AddressInput, value_text};
use super::state::Apply;
use super::uploads::FileSlot;
use crate::domain::application::{DELIVERY_KEY, Delivery};
use crate::domain::codes::ServiceLevel;
use crate::domain::form::FieldKind;
use crate::features::catalog::FeeItems;
use crate::features::dossiers::dossier_page::answers_view;
use crate::i18n::{use_locale, use_t};
use leptos::prelude::*;
use serde_json::Value;
use std::sync::Arc;

/// The level-2 step, or the review step's papers not asked by the form.
#[component]
pub(super) fn DocumentsStep(
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
pub(super) fn ReviewStep(
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
        {online_form.then(|| view! { <CheckAnswers state/> })}
        {online_form.then(|| view! { <DocumentsStep state procedure=procedure.clone() only_unbound=true/> })}
        <h2>{t.apply_fees}</h2>
        {if no_fee { view! { <p>{t.apply_no_fee}</p> }.into_any() } else { view! { <FeeItems fees/> }.into_any() }}
        <DeliveryChoice state level/>
    }
}

/// Every answer, section by section, each with "Thay đổi": it opens that
/// step, and continuing there comes back here (GOV.UK's check answers).
#[component]
fn CheckAnswers(state: Apply) -> impl IntoView {
    let t = use_t();
    let locale = use_locale();
    let change = Callback::new(move |index: usize| {
        state.returning.set(true);
        state.step.set(index);
        super::apply_page::focus_top();
    });
    view! {
        <section class="check-answers" aria-labelledby="check-answers-heading">
            <h2 id="check-answers-heading">{t.check_answers_title}</h2>
            {move || state.form.with_value(|form| {
                form.as_ref().map(|form| state.answers.with(|answers| answers_view(form, answers, locale, Some(change))))
            })}
        </section>
    }
}

#[component]
pub(super) fn DeliveryChoice(state: Apply, level: ServiceLevel) -> impl IntoView {
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
