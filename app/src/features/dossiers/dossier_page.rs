//! `/dossiers/{code}`: one of the citizen's dossiers — its status, the lookup
//! secret, the declared information rendered by the form, the files, the
//! timeline, the processing clock, the papers issued, the answer to a
//! supplement request, and withdrawal while the agency has not accepted it.

use super::api::{AnswerSupplement, WithdrawDossier, get_my_dossier};
use super::progress::{ClockPanel, Papers, Timeline};
use crate::domain::applicant::{AUTHORISATION_DOCUMENT, PersonConcernedView};
use crate::domain::catalog::{Channel, DefinitionVersion};
use crate::domain::dossier::{DossierStatus, format_vn_datetime};
use crate::domain::form::{Field, FieldKind, FormSchema, value_at};
use crate::domain::organisation::OrganisationRef;
use crate::domain::progress::DossierView;
use crate::error::AppError;
use crate::features::live::use_live_feed;
use crate::features::payments::PaymentPanel;
use crate::features::results::SignedResultPanel;
use crate::features::transparency::RatingPanel;
use crate::i18n::{Locale, fill, use_locale, use_t};
use crate::ui::icons::{Icon, IconSvg, StatusBadge};
use crate::ui::{ErrorNotice, NotFound, PageMeta};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};
use serde_json::Value;

#[component]
pub fn DossierPage() -> impl IntoView {
    let t = use_t();
    let params = use_params_map();
    let code = Memo::new(move |_| params.read().get("code").unwrap_or_default());
    let withdraw = ServerAction::<WithdrawDossier>::new();
    let answer = ServerAction::<AnswerSupplement>::new();
    // Reloaded when anyone changes this dossier: the page follows it live.
    let live = use_live_feed().key(move |event| event.code == code.get_untracked());
    let dossier = Resource::new(
        move || (code.get(), withdraw.version().get(), answer.version().get(), live.get()),
        |(code, _, _, _)| get_my_dossier(code),
    );
    view! {
        <Suspense fallback=move || view! { <p>{t.loading}</p> }>
            {move || Suspend::new(async move {
                match dossier.await {
                    Ok(view) => view! { <DossierDetail dossier=view withdraw answer/> }.into_any(),
                    Err(AppError::NotFound) => view! { <NotFound/> }.into_any(),
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn DossierDetail(
    dossier: DossierView,
    withdraw: ServerAction<WithdrawDossier>,
    answer: ServerAction<AnswerSupplement>,
) -> impl IntoView {
    let t = use_t();
    let locale = use_locale();
    let query = use_query_map();
    let just_submitted = query.read_untracked().get("submitted").is_some();
    let s = &dossier.summary;
    let title = format!("{} {}", t.dossier_code, s.code);
    let answers = dossier.form.as_ref().map(|form| answers_view(form, &dossier.data, locale, None));
    let files = dossier
        .attachments
        .iter()
        .map(|f| {
            let document = document_name(&dossier, f.document, locale);
            view! { <li><a href=format!("/attachments/{}", f.id)>{f.file_name.clone()}</a>" — "{document}</li> }
        })
        .collect_view();
    // The person it was filed for follows it; whoever filed it acts.
    let filed_for_me = dossier.for_person.as_ref().filter(|p| p.reader_is_person).map(|p| match p.channel {
        Channel::Online => fill(t.dossier_filed_for_you, &[("name", &p.acted_by)]),
        channel => fill(t.dossier_taken_in_for_you, &[("name", &p.acted_by), ("channel", &channel.label(t))]),
    });
    let acts = filed_for_me.is_none();
    let delivery = match &dossier.delivery {
        crate::domain::application::Delivery::AtDesk => t.delivery_at_desk,
        crate::domain::application::Delivery::Post { .. } => t.delivery_post,
        crate::domain::application::Delivery::Online => t.delivery_online,
    };
    let withdrawable = acts && s.status.withdrawable();
    let supplement = (acts && s.status == DossierStatus::SupplementRequested && !dossier.supplement.is_empty())
        .then(|| view! { <SupplementForm dossier=dossier.clone() answer/> });
    let clock = dossier.clock.clone().map(|clock| view! { <ClockPanel clock/> });
    let timeline = dossier.timeline.clone();
    let papers = dossier.clone();
    let code = s.code.clone();
    let payments = acts.then(|| view! { <PaymentPanel code=code.clone() payments=dossier.payments.clone()/> });
    let signed_result = dossier.signed_result.clone().map(|result| view! { <SignedResultPanel result/> });
    view! {
        <PageMeta title=title.clone() description=s.procedure_name.get(locale).to_owned()/>
        <p class="breadcrumb"><a href="/dossiers">{t.dossiers_title}</a></p>
        {just_submitted.then(|| view! {
            <div class="notice notice-success" role="status">
                <h2>{t.dossier_submitted_title}</h2>
                <p>{t.dossier_submitted_text}</p>
            </div>
        })}
        <h1>{title}</h1>
        {filed_for_me.map(|text| view! { <div class="notice" role="note"><p>{text}</p></div> })}
        <dl class="facts">
            <dt>{t.dossier_procedure}</dt><dd><a href=format!("/procedures/{}", s.procedure_code)>{s.procedure_name.get(locale).to_owned()}</a></dd>
            <dt>{t.dossier_agency}</dt><dd>{s.agency_name.get(locale).to_owned()}</dd>
            {filed_under_view(dossier.filed_under.as_ref())}
            {on_behalf_view(dossier.on_behalf.as_ref())}
            {for_person_view(dossier.for_person.as_ref())}
            <dt>{t.dossier_status}</dt><dd><StatusBadge status=s.status/></dd>
            <dt>{t.dossier_submitted_at}</dt><dd>{format_vn_datetime(s.submitted_at)}</dd>
            <dt>{t.dossier_lookup_secret}</dt><dd><strong class="secret">{dossier.lookup_secret.clone()}</strong><p class="hint">{t.dossier_lookup_hint}</p></dd>
            <dt>{t.dossier_delivery}</dt><dd>{delivery}</dd>
        </dl>
        {move || matches!(answer.value().get(), Some(Ok(_))).then(|| view! {
            <div class="notice notice-success" role="status"><p>{t.supplement_sent}</p></div>
        })}
        {supplement}
        {payments}
        {signed_result}
        {(s.status == DossierStatus::Returned).then(|| view! { <RatingPanel code=code.clone()/> })}
        <p><a class="button" href=format!("/dossiers/{}/confirmation.pdf", s.code) download=""><IconSvg icon=Icon::Download/>{t.dossier_confirmation_pdf}</a></p>
        <Papers dossier=papers/>
        <p><a href=format!("/feedback/new?dossier={}", crate::domain::catalog::url_encode(&s.code))>{t.feedback_link_dossier}</a></p>
        {clock}
        <h2>{t.dossier_timeline}</h2>
        <Timeline entries=timeline/>
        {answers.map(|a| view! { <h2>{t.dossier_answers}</h2> {a} })}
        <h2>{t.dossier_files}</h2>
        <ul>{files}</ul>
        {withdrawable.then(|| view! {
            <section class="withdraw">
                <h2>{t.dossier_withdraw}</h2>
                <p class="hint">{t.dossier_withdraw_hint}</p>
                <ActionForm action=withdraw attr:class="stack">
                    <input type="hidden" name="code" value=code.clone()/>
                    <div class="field">
                        <label for="reason">{t.dossier_withdraw_reason}</label>
                        <textarea id="reason" name="reason" rows="2" maxlength="500"></textarea>
                    </div>
                    <button type="submit" class="button-danger">{t.dossier_withdraw}</button>
                </ActionForm>
            </section>
        })}
    }
}

/// The agency's supplement request and the answer: a file for each requested
/// document (uploaded as a plain form, so it also works without JavaScript),
/// a corrected value for each requested field, then one "send".
#[component]
fn SupplementForm(dossier: DossierView, answer: ServerAction<AnswerSupplement>) -> impl IntoView {
    let t = use_t();
    let locale = use_locale();
    let code = dossier.summary.code.clone();
    let version = dossier.version;
    let corrections: Vec<(String, RwSignal<String>)> = dossier
        .supplement
        .iter()
        .filter(|item| item.document().is_none())
        .map(|item| {
            let current = value_at(&dossier.data, &item.target).and_then(Value::as_str).unwrap_or_default().to_owned();
            (item.target.clone(), RwSignal::new(current))
        })
        .collect();
    let items = dossier
        .supplement
        .iter()
        .map(|item| {
            let heading = view! { <h3>{item.label.clone()}</h3><p>{t.case_item_reason}": "{item.reason.clone()}</p> };
            match item.document() {
                Some(position) => {
                    let files = dossier
                        .attachments
                        .iter()
                        .filter(|f| f.document == position)
                        .map(|f| view! { <li>{f.file_name.clone()}</li> })
                        .collect_view();
                    let document = dossier.documents.get(position as usize - 1).map(|d| d.get(locale).to_owned());
                    let input_id = format!("documents.{position}");
                    view! {
                        <li class="supplement-item">
                            {heading}
                            <ul>{files}</ul>
                            <form method="post" action="/uploads" enctype="multipart/form-data" class="stack">
                                <input type="hidden" name="dossier" value=code.clone()/>
                                <input type="hidden" name="document" value=position.to_string()/>
                                <input type="hidden" name="return_to" value=format!("/dossiers/{code}")/>
                                <label for=input_id.clone()>{t.supplement_upload}{document.map(|d| format!(" — {d}"))}</label>
                                <input type="file" id=input_id name="file" required=true/>
                                <button type="submit" class="secondary">{t.supplement_upload}</button>
                            </form>
                        </li>
                    }
                    .into_any()
                }
                None => {
                    let value = corrections.iter().find(|(p, _)| *p == item.target).map(|(_, v)| *v);
                    let input_id = item.target.clone();
                    view! {
                        <li class="supplement-item">
                            {heading}
                            <label for=input_id.clone()>{t.supplement_value}</label>
                            <input type="text" id=input_id
                                prop:value=move || value.map(|v| v.get()).unwrap_or_default()
                                on:input=move |ev| if let Some(v) = value { v.set(event_target_value(&ev)) }/>
                        </li>
                    }
                    .into_any()
                }
            }
        })
        .collect_view();
    let errors = move || match answer.value().get() {
        Some(Err(AppError::Invalid(list))) => Some(
            crate::ui::form::summary_box(
                list.0
                    .iter()
                    .map(|e| view! { <li><a href=format!("#{}", e.field)>{e.rule.message(t)}</a></li> })
                    .collect_view(),
            )
            .into_any(),
        ),
        Some(Err(other)) => {
            Some(view! { <div class="notice notice-error" role="alert"><p>{other.message(t)}</p></div> }.into_any())
        }
        _ => None,
    };
    let send = move |_| {
        let values = corrections.iter().map(|(path, v)| (path.clone(), v.get_untracked())).collect();
        answer.dispatch(AnswerSupplement { code: code.clone(), version, values });
    };
    view! {
        <section class="panel supplement" aria-labelledby="supplement-heading">
            <h2 id="supplement-heading">{t.supplement_title}</h2>
            <p>{t.supplement_intro}</p>
            {errors}
            <ol class="stack">{items}</ol>
            <button type="button" on:click=send>{t.action_supplement}</button>
        </section>
    }
}

/// What a file of the dossier is: the result, the authorisation to act for
/// another person, or one of the documents the procedure asks for.
pub fn document_name(dossier: &DossierView, document: u32, locale: Locale) -> String {
    let t = locale.messages();
    match document {
        0 => t.case_result_file.to_owned(),
        AUTHORISATION_DOCUMENT => t.apply_authorisation.to_owned(),
        n => dossier.documents.get(n as usize - 1).map(|d| d.get(locale).to_owned()).unwrap_or_default(),
    }
}

/// The person a dossier was filed for and who filed it, as terms.
pub fn for_person_view(person: Option<&PersonConcernedView>) -> impl IntoView + use<> {
    let t = use_t();
    person.map(|person| {
        let line = fill(t.dossier_person_line, &[("name", &person.full_name), ("id", &person.citizen_id)]);
        // A paper dossier is the person's own, taken in at the desk or by post.
        let (person_term, channel) = match person.channel {
            Channel::Online => (t.dossier_person_concerned, None),
            channel => (t.intake_person, Some(channel.label(t))),
        };
        view! {
            <dt>{person_term}</dt><dd>{line}</dd>
            {channel.map(|channel| view! { <dt>{t.dossier_channel}</dt><dd>{channel}</dd> })}
            <dt>{t.dossier_acted_by}</dt><dd>{person.acted_by.clone()}</dd>
        }
    })
}

/// The organisation that applied and the member who acted, as terms.
pub fn on_behalf_view(on_behalf: Option<&(OrganisationRef, String)>) -> impl IntoView + use<> {
    let t = use_t();
    on_behalf.map(|(organisation, acted_by)| {
        view! {
            <dt>{t.dossier_organisation}</dt><dd>{format!("{} (MST {})", organisation.name, organisation.tax_code)}</dd>
            <dt>{t.dossier_acted_by}</dt><dd>{acted_by.clone()}</dd>
        }
    })
}

/// The version of the procedure's rules a dossier was filed under, as a
/// term and its description.
pub fn filed_under_view(filed_under: Option<&DefinitionVersion>) -> impl IntoView + use<> {
    let t = use_t();
    filed_under.map(|v| view! { <dt>{t.dossier_filed_under}</dt><dd>{v.describe(t)}</dd> })
}

/// The declared information, section by section, read-only; with `change`,
/// each section offers to change its answers (the apply page's review: the
/// button posts `change:{index}` without JavaScript).
pub fn answers_view(
    form: &FormSchema,
    data: &Value,
    locale: Locale,
    change: Option<Callback<usize>>,
) -> impl IntoView + use<> {
    let t = crate::i18n::use_t();
    form.sections
        .iter()
        .enumerate()
        .filter(|(_, s)| data.get(&s.key).is_some_and(|v| v.as_object().is_some_and(|o| !o.is_empty())))
        .filter(|(_, s)| s.visible_if.as_ref().is_none_or(|c| crate::domain::form::holds(c, data, None)))
        .map(|(index, section)| {
            let title = section.title.get(locale).to_owned();
            let change = change.map(|change| {
                let named = format!(" {}", title.to_lowercase());
                view! {
                    <button type="submit" name="intent" value=format!("change:{index}") class="button-link"
                        on:click=move |ev| { ev.prevent_default(); change.run(index); }>
                        {t.check_answers_change}<span class="visually-hidden">{named}</span>
                    </button>
                }
            });
            let rows = section
                .fields
                .iter()
                .filter(|f| !matches!(f.kind, FieldKind::File { .. }))
                .filter_map(|f| {
                    let value = value_at(data, &format!("{}.{}", section.key, f.key))?;
                    Some(view! { <dt>{f.label.get(locale).to_owned()}</dt><dd>{shown(f, value, locale)}</dd> })
                })
                .collect_view();
            view! {
                <div class="section-head"><h3>{title}</h3>{change}</div>
                <dl class="facts">{rows}</dl>
            }
        })
        .collect_view()
}

/// A stored value as text: options by their label, entries one per line.
fn shown(field: &Field, value: &Value, locale: Locale) -> String {
    let text = |v: &Value| match v {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        _ => String::new(),
    };
    match (&field.kind, value) {
        (FieldKind::Select { options } | FieldKind::Radio { options } | FieldKind::Checkboxes { options, .. }, v) => {
            let chosen: Vec<String> = match v {
                Value::Array(items) => items.iter().map(text).collect(),
                other => vec![text(other)],
            };
            chosen
                .iter()
                .map(|c| options.iter().find(|o| &o.value == c).map_or(c.clone(), |o| o.label.get(locale).to_owned()))
                .collect::<Vec<_>>()
                .join(", ")
        }
        (FieldKind::Address, v) => v.get("street").map(text).unwrap_or_default(),
        (FieldKind::Date { .. }, v) => {
            let typed = text(v);
            crate::domain::identity::parse_iso_date(&typed).map_or(typed, crate::domain::identity::format_vn_date)
        }
        (FieldKind::Group { fields, .. }, Value::Array(entries)) => entries
            .iter()
            .map(|entry| {
                fields
                    .iter()
                    .filter_map(|f| {
                        entry.get(&f.key).map(|v| format!("{}: {}", f.label.get(locale), shown(f, v, locale)))
                    })
                    .collect::<Vec<_>>()
                    .join("; ")
            })
            .collect::<Vec<_>>()
            .join(" | "),
        (_, v) => text(v),
    }
}
