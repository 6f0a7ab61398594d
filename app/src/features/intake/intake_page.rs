//! `/dashboard/intake`: a receiver takes in a paper dossier handed in at
//! the desk or sent by post. First the person, the procedure and the
//! channel; then (`?draft=`) the paper form typed in, if the procedure has
//! one, and each document scanned or photographed with its record; then
//! the dossier is taken in and goes to its case page, where the normal
//! workflow follows (accepting it prints Form 01). Every form is a plain
//! HTML form, so old desk computers work without JavaScript.

use super::api::{ReceiveIntake, RemoveIntakeScan, StartIntake, get_intake, intake_procedures};
use crate::domain::intake::{IntakeDocument, IntakeView};
use crate::domain::rules::FieldErrors;
use crate::error::AppError;
use crate::features::apply::PaperForm;
use crate::i18n::{fill, use_locale, use_t};
use crate::ui::form::{DateInput, Field, FormErrors, ProblemNotice, go_to};
use crate::ui::{ErrorNotice, NotFound, PageMeta};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn IntakePage() -> impl IntoView {
    let t = use_t();
    let query = use_query_map();
    let draft = query.with_untracked(|q| q.get("draft"));
    let upload_error = query.with_untracked(|q| q.get("upload_error"));
    view! {
        <PageMeta title=t.intake_title description=t.intake_intro/>
        <p class="breadcrumb"><a href="/dashboard">{t.case_back}</a></p>
        <h1>{t.intake_title}</h1>
        {match draft {
            None => view! { <StartForm/> }.into_any(),
            Some(draft_id) => view! { <Intake draft_id upload_error/> }.into_any(),
        }}
    }
}

/// The person, the procedure and the channel.
#[component]
fn StartForm() -> impl IntoView {
    let t = use_t();
    let locale = use_locale();
    let start = ServerAction::<StartIntake>::new();
    let procedures = Resource::new(|| (), |_| intake_procedures());
    let errors = FormErrors::new();
    let problem = RwSignal::new(None::<AppError>);
    Effect::new(move |_| match start.value().get() {
        Some(Ok(started)) => go_to(&format!("/dashboard/intake?draft={}", started.id)),
        Some(Err(err)) => errors.show(err, problem),
        None => {}
    });
    let procedure_error = errors.of("procedure_code");
    let channel_error = errors.of("channel");
    let [full_name, citizen_id, phone, email] = [(); 4].map(|_| RwSignal::new(String::new()));
    view! {
        <p>{t.intake_intro}</p>
        <ProblemNotice problem/>
        <Suspense fallback=move || view! { <p>{t.loading}</p> }>
            {move || Suspend::new(async move {
                match procedures.await {
                    Ok(list) if list.is_empty() => view! { <p class="notice">{t.intake_no_procedures}</p> }.into_any(),
                    Ok(list) => view! {
                        <ActionForm action=start attr:class="panel stack" attr:novalidate="">
                            <div class="field" class:field-invalid=move || procedure_error.get().is_some()>
                                <label for="procedure_code">{t.intake_procedure}</label>
                                {move || procedure_error.get().map(|rule| view! { <p class="field-error" id="procedure_code-error">{rule.message(t)}</p> })}
                                <select id="procedure_code" name="form[procedure_code]">
                                    {list.into_iter().map(|p| {
                                        let label = format!("{} — {}", p.name.get(locale), p.code);
                                        view! { <option value=p.code>{label}</option> }
                                    }).collect_view()}
                                </select>
                            </div>
                            <fieldset class="field" class:field-invalid=move || channel_error.get().is_some()>
                                <legend>{t.intake_channel}</legend>
                                {move || channel_error.get().map(|rule| view! { <p class="field-error">{rule.message(t)}</p> })}
                                <label class="check"><input type="radio" name="form[channel]" value="desk" checked=true/>{t.channel_desk}</label>
                                <label class="check"><input type="radio" name="form[channel]" value="post"/>{t.channel_post}</label>
                            </fieldset>
                            <fieldset class="stack">
                                <legend>{t.intake_person}</legend>
                                <Field field="full_name" label=t.intake_full_name value=full_name errors autocomplete="off"/>
                                <Field field="citizen_id" label=t.intake_citizen_id value=citizen_id errors inputmode="numeric" autocomplete="off"/>
                                <Field field="phone" label=t.intake_phone value=phone errors input_type="tel" autocomplete="off"/>
                                <Field field="email" label=t.intake_email value=email errors input_type="email" autocomplete="off"/>
                            </fieldset>
                            <button type="submit" disabled=move || start.pending().get()>{t.intake_start}</button>
                        </ActionForm>
                    }.into_any(),
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// An intake under way: its documents to scan, then taking it in.
#[component]
fn Intake(draft_id: String, upload_error: Option<String>) -> impl IntoView {
    let t = use_t();
    let intake = Resource::new(move || draft_id.clone(), get_intake);
    view! {
        {upload_error.map(|status| {
            let text = match status.as_str() {
                "413" => t.upload_error_413,
                "415" => t.error_unsupported_type,
                "422" => t.intake_record_error,
                _ => t.error_text,
            };
            view! { <div class="notice notice-error" role="alert"><p>{text}</p></div> }
        })}
        <Suspense fallback=move || view! { <p>{t.loading}</p> }>
            {move || Suspend::new(async move {
                match intake.await {
                    Ok(view) => view! { <IntakeSteps view/> }.into_any(),
                    Err(AppError::NotFound) => view! { <NotFound/> }.into_any(),
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn IntakeSteps(view: IntakeView) -> impl IntoView {
    let t = use_t();
    let locale = use_locale();
    let receive = ServerAction::<ReceiveIntake>::new();
    let problem = RwSignal::new(None::<AppError>);
    let missing = RwSignal::new(Vec::<String>::new());
    let names: Vec<(u32, String)> =
        view.documents.iter().map(|d| (d.position, d.name.get(locale).to_owned())).collect();
    Effect::new(move |_| match receive.value().get() {
        Some(Ok(received)) => go_to(&format!("/dashboard/dossiers/{}", received.code)),
        // What stands in the way, by document.
        Some(Err(AppError::Invalid(errors))) => {
            problem.set(None);
            missing.set(
                errors
                    .0
                    .iter()
                    .map(|e| {
                        let document = e.field.strip_prefix("documents.").and_then(|n| n.parse::<u32>().ok());
                        let name = names.iter().find(|(p, _)| Some(*p) == document).map(|(_, n)| n.clone());
                        format!("{}: {}", name.unwrap_or_else(|| e.field.clone()), e.rule.message(t))
                    })
                    .collect(),
            );
        }
        Some(Err(err)) => problem.set(Some(err)),
        None => {}
    });
    let heading = fill(
        t.intake_for,
        &[
            ("procedure", &view.procedure_name.get(locale)),
            ("name", &view.intake.full_name),
            ("id", &crate::domain::identity::mask_id(&view.intake.citizen_id)),
        ],
    );
    // The paper form, when the procedure has one; its mistakes are shown
    // once it was saved (not before anything is typed).
    let saved = use_query_map().with_untracked(|q| q.get("form").is_some());
    let problems = view.form_errors.0.len();
    let paper_form = view.form.clone().map(|form| {
        let errors = if saved { view.form_errors.clone() } else { FieldErrors::default() };
        let outcome = saved.then(|| match problems {
            0 => view! { <p class="notice notice-success" role="status">{t.intake_form_saved}</p> }.into_any(),
            n => view! { <p class="notice notice-warning" role="status">{fill(t.intake_form_problems, &[("n", &n)])}</p> }.into_any(),
        });
        view! {
            <section class="panel stack" id="form" aria-labelledby="form-heading">
                <h2 id="form-heading">{t.intake_form_heading}</h2>
                <p class="hint">{t.intake_form_hint}</p>
                {outcome}
                <form method="post" action="/intake/form" class="stack" novalidate="">
                    // The default button: Enter in a field saves (never a group's add or remove).
                    <button type="submit" name="intent" value="save" class="default-button" tabindex="-1">{t.intake_form_save}</button>
                    <input type="hidden" name="draft_id" value=view.draft_id.clone()/>
                    <PaperForm form answers=view.answers.clone() errors provinces=view.provinces.clone() wards=view.wards.clone()/>
                    <button type="submit" name="intent" value="save">{t.intake_form_save}</button>
                </form>
            </section>
        }
    });
    let back = format!("/dashboard/intake?draft={}", view.draft_id);
    let documents = view
        .documents
        .iter()
        .map(|document| view! { <ScanDocument draft_id=view.draft_id.clone() back=back.clone() document=document.clone()/> })
        .collect_view();
    view! {
        <p class="lead">{heading}</p>
        <dl class="facts">
            <dt>{t.intake_channel}</dt><dd>{view.intake.channel.label(t)}</dd>
        </dl>
        {paper_form}
        <h2>{t.intake_scan_heading}</h2>
        <p class="hint">{t.intake_scan_hint}</p>
        {documents}
        <section class="panel stack" aria-labelledby="receive-heading">
            <h2 id="receive-heading">{t.intake_receive}</h2>
            <p class="hint">{t.intake_receive_hint}</p>
            <ProblemNotice problem/>
            {move || (!missing.get().is_empty()).then(|| view! {
                <div class="notice notice-error" role="alert"><ul>{missing.get().into_iter().map(|m| view! { <li>{m}</li> }).collect_view()}</ul></div>
            })}
            <ActionForm action=receive>
                <input type="hidden" name="draft_id" value=view.draft_id.clone()/>
                <input type="hidden" name="submit_key" value=view.submit_key.clone()/>
                <button type="submit" disabled=move || receive.pending().get()>{t.intake_receive}</button>
            </ActionForm>
        </section>
    }
}

/// One required document: its scans so far, and a plain form to add one
/// with its record (the upload comes back here).
#[component]
fn ScanDocument(draft_id: String, back: String, document: IntakeDocument) -> impl IntoView {
    let t = use_t();
    let locale = use_locale();
    let position = document.position;
    let id = |what: &str| format!("scan-{position}-{what}");
    let name = document.name.get(locale).to_owned();
    let heading = id("heading");
    let dates = [("issued_on", t.intake_issued_on), ("valid_until", t.intake_valid_until)].map(|(field, label)| {
        let value = RwSignal::new(String::new());
        let names = ["day", "month", "year"].map(|part| format!("{field}[{part}]"));
        view! {
            <DateInput id=id(field) names label=label.to_owned() error=Signal::derive(|| None::<String>) value
                on_change=Callback::new(move |text| value.set(text))/>
        }
    });
    let remove = ServerAction::<RemoveIntakeScan>::new();
    {
        let back = back.clone();
        Effect::new(move |_| {
            if let Some(Ok(())) = remove.value().get() {
                go_to(&back);
            }
        });
    }
    let empty = document.scans.is_empty();
    let scans = document
        .scans
        .into_iter()
        .map(|scan| {
            let draft_id = draft_id.clone();
            let remove_label = format!("{} {}", t.intake_remove_scan, scan.file_name);
            let record = scan.digitised.as_ref().map(|r| {
                let kind = if r.original { t.intake_original } else { t.intake_copy };
                let number = r.doc_number.clone().unwrap_or_default();
                format!("{kind} · {} {number}", r.doc_type)
            });
            view! {
                <li>
                    <a href=format!("/attachments/{}", scan.id) rel="external">{scan.file_name.clone()}</a>
                    " — " {record.unwrap_or_default()} " · " {t.intake_scanned} " · SHA-256 " <code>{scan.sha256.chars().take(12).collect::<String>()}</code>
                    <ActionForm action=remove>
                        <input type="hidden" name="draft_id" value=draft_id.clone()/>
                        <input type="hidden" name="id" value=scan.id.clone()/>
                        <button type="submit" class="secondary" aria-label=remove_label>{t.intake_remove}</button>
                    </ActionForm>
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="panel stack" aria-labelledby=heading.clone()>
            <h3 id=heading.clone()>{format!("{position}. {name}")}{document.mandatory.then(|| format!(" ({})", t.intake_mandatory))}</h3>
            {if empty { view! { <p>{t.intake_no_scan}</p> }.into_any() } else { view! { <ul>{scans}</ul> }.into_any() }}
            <form method="post" action="/uploads" enctype="multipart/form-data" class="stack">
                <input type="hidden" name="draft_id" value=draft_id/>
                <input type="hidden" name="document" value=position.to_string()/>
                <input type="hidden" name="return_to" value=back/>
                <fieldset class="field">
                    <legend>{t.intake_kind}</legend>
                    <label class="check"><input type="radio" name="original" value="original" checked=true/>{t.intake_original}</label>
                    <label class="check"><input type="radio" name="original" value="copy"/>{t.intake_copy}</label>
                </fieldset>
                <div class="field"><label for=id("doc_type")>{t.intake_doc_type}</label>
                    <input id=id("doc_type") name="doc_type" maxlength="200" value=name.clone()/></div>
                <div class="field"><label for=id("doc_number")>{t.intake_doc_number}</label>
                    <input id=id("doc_number") name="doc_number" maxlength="200" autocomplete="off"/></div>
                <div class="field"><label for=id("issuer")>{t.intake_issuer}</label>
                    <input id=id("issuer") name="issuer" maxlength="200"/></div>
                {dates}
                <div class="field"><label for=id("file")>{t.intake_file}</label>
                    <input id=id("file") type="file" name="file" required=true multiple=true accept="application/pdf,image/jpeg,image/png"/></div>
                <button type="submit" class="secondary">{t.intake_save_scan}</button>
            </form>
        </section>
    }
}
