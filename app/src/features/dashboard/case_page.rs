//! `/dashboard/dossiers/{code}`: an official reviews a dossier of their
//! agency — the applicant's declaration (read-only), the files (previewed
//! inline), the clock, the timeline, internal notes — and takes exactly the
//! actions the workflow allows them, each with its inputs.

use super::api::{ActOnDossier, AddCaseNote, get_case};
use crate::domain::catalog::Implementer;
use crate::domain::dashboard::CaseView;
use crate::domain::dossier::format_vn_datetime;
use crate::domain::identity::format_vn_date;
use crate::domain::workflow::Action;
use crate::domain::workflow::{ActionRequest, SupplementItem, correctable_fields};
use crate::error::AppError;
use crate::features::dossiers::dossier_page::{
    answers_view, document_name, filed_under_view, for_person_view, on_behalf_view,
};
use crate::features::dossiers::progress::{ClockPanel, Papers, Timeline};
use crate::features::live::use_live_feed;
use crate::i18n::{Messages, fill, use_locale, use_t};
use crate::ui::form::{DateInput, summary_box};
use crate::ui::icons::StatusBadge;
use crate::ui::{ErrorNotice, NotFound, PageMeta};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

#[component]
pub fn CasePage() -> impl IntoView {
    let t = use_t();
    let params = use_params_map();
    let code = Memo::new(move |_| params.read().get("code").unwrap_or_default());
    let act = ServerAction::<ActOnDossier>::new();
    let note = ServerAction::<AddCaseNote>::new();
    // The action last sent (the server action forgets its input once answered).
    let last = RwSignal::new(None::<Action>);
    let case =
        Resource::new(move || (code.get(), act.version().get(), note.version().get()), |(code, _, _)| get_case(code));
    // The dossier reloads after each action: the page stays (a `Transition`),
    // with the action's outcome, and nothing is sent from it until the
    // dossier shown is the one after the last action.
    let shown_after = RwSignal::new(0_usize);
    let reloading = Signal::derive(move || act.version().get() != shown_after.get());
    // Someone else changed this dossier: say so at once, without throwing away
    // what this official is typing; they reload when ready.
    let feed = use_live_feed();
    let changed_by_other = RwSignal::new(false);
    Effect::new(move |_| {
        if feed.last.get().is_some_and(|e| !e.mine && e.code == code.get_untracked()) {
            changed_by_other.set(true);
        }
    });
    view! {
        <Show when=move || changed_by_other.get()>
            <div class="notice notice-warning" role="alert">
                <p>{t.live_changed_by_other}</p>
                <button type="button" class="button-secondary" on:click=move |_| {
                    changed_by_other.set(false);
                    case.refetch();
                }>{t.live_reload}</button>
            </div>
        </Show>
        <Transition fallback=move || view! { <p>{t.loading}</p> }>
            {move || Suspend::new(async move {
                let loaded = case.await;
                shown_after.set(act.version().get_untracked());
                match loaded {
                    Ok(case) => view! { <Case case act note last reloading/> }.into_any(),
                    Err(AppError::NotFound) => view! { <NotFound/> }.into_any(),
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// What happened to the last action, in words the official can act on.
fn outcome(act: ServerAction<ActOnDossier>, last: RwSignal<Option<Action>>, t: &'static Messages) -> impl IntoView {
    move || {
        let done = last.get();
        match act.value().get() {
            Some(Ok(_)) => Some(
                view! {
                    <div class="notice notice-success" role="status">
                        <p>{fill(t.case_done, &[("action", &done.map_or(String::new(), |a| a.label(t).to_owned()))])}</p>
                    </div>
                }
                .into_any(),
            ),
            Some(Err(AppError::Conflict)) => Some(
                view! {
                    <div class="notice notice-error" role="alert">
                        <p>{t.case_conflict}</p>
                        <button type="button" on:click=move |_| crate::ui::form::go_to(&current_path())>{t.case_reload}</button>
                    </div>
                }
                .into_any(),
            ),
            Some(Err(AppError::Invalid(errors))) => Some(
                summary_box(
                    errors
                        .0
                        .iter()
                        .map(|e| view! { <li><a href=format!("#{}", e.field)>{e.rule.message(t)}</a></li> })
                        .collect_view(),
                )
                .into_any(),
            ),
            Some(Err(other)) => Some(
                view! { <div class="notice notice-error" role="alert"><p>{other.message(t)}</p></div> }.into_any(),
            ),
            None => None,
        }
    }
}

fn current_path() -> String {
    #[cfg(not(feature = "ssr"))]
    {
        window().location().pathname().unwrap_or_default()
    }
    #[cfg(feature = "ssr")]
    String::new()
}

#[component]
fn Case(
    case: CaseView,
    act: ServerAction<ActOnDossier>,
    note: ServerAction<AddCaseNote>,
    last: RwSignal<Option<Action>>,
    reloading: Signal<bool>,
) -> impl IntoView {
    let t = use_t();
    let locale = use_locale();
    let d = &case.dossier;
    let s = &d.summary;
    let title = fill(t.case_title, &[("code", &s.code)]);
    let answers = d.form.as_ref().map(|form| answers_view(form, &d.data, locale, None));
    let files = d
        .attachments
        .iter()
        .map(|f| {
            let document = document_name(d, f.document, locale);
            let href = format!("/attachments/{}", f.id);
            let preview = if f.content_type == "application/pdf" {
                Some(view! { <iframe src=format!("{href}?inline=1") title=f.file_name.clone() class="preview"></iframe> }.into_any())
            } else if f.content_type.starts_with("image/") {
                Some(view! { <img src=format!("{href}?inline=1") alt=f.file_name.clone() class="preview" loading="lazy"/> }.into_any())
            } else {
                None
            };
            // What the paper is (a scan's record, or a stored document's),
            // and whether it came from the citizen's store, checked.
            let record = f.digitised.as_ref().map(|r| {
                let number = r.doc_number.clone().map(|n| format!(" {n}")).unwrap_or_default();
                let issuer = r.issuer.clone().map(|i| format!(" · {i}")).unwrap_or_default();
                let until = r
                    .valid_until
                    .map(|d| format!(" · {}", fill(t.store_valid_until, &[("date", &format_vn_date(d))])))
                    .unwrap_or_default();
                format!("{}{number}{issuer}{until}", r.doc_type)
            });
            let reused = f.reused.as_ref().map(|r| {
                let checked = fill(t.store_reused, &[("kind", &r.kind.label(t))]);
                if r.signature_checked { format!("{checked} {}", t.store_reused_signed) } else { checked }
            });
            view! {
                <li>
                    <a href=href.clone() download="">{f.file_name.clone()}</a>" — "{document}
                    {record.map(|r| view! { <br/><span class="hint">{r}</span> })}
                    {reused.map(|r| view! { <br/><span class="reused">{r}</span> })}
                    {preview.map(|p| view! { <details><summary>{t.case_preview}</summary>{p}</details> })}
                </li>
            }
        })
        .collect_view();
    let proposal = case.proposal.clone().map(|p| {
        view! {
            <section class="panel" aria-labelledby="proposal-heading">
                <h2 id="proposal-heading">{t.case_proposal}</h2>
                <p><strong>{if p.refusal { t.case_proposal_refusal } else { t.case_proposal_result }}</strong></p>
                <p>{p.note}</p>
            </section>
        }
    });
    let answer = case.last_answer.clone().map(|a| {
        let fields = a
            .fields
            .into_iter()
            .map(|(field, before, after)| {
                view! { <li>{fill(t.case_answer_field, &[("field", &field), ("before", &before), ("after", &after)])}</li> }
            })
            .collect_view();
        let files = a.files.into_iter().map(|(_, name)| view! { <li>{name}</li> }).collect_view();
        view! {
            <section class="panel" aria-labelledby="answer-heading">
                <h2 id="answer-heading">{t.case_answer}</h2>
                <ul>{fields}{files}</ul>
            </section>
        }
    });
    let notes = case
        .notes
        .iter()
        .map(|n| view! { <li><time datetime=n.at.to_rfc3339()>{format_vn_datetime(n.at)}</time>" — "<strong>{n.author.clone()}</strong><p>{n.body.clone()}</p></li> })
        .collect_view();
    let note_body = RwSignal::new(String::new());
    let code = s.code.clone();
    let note_code = code.clone();
    let add_note = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        note.dispatch(AddCaseNote { code: note_code.clone(), body: note_body.get_untracked() });
    };
    let actions = if case.actions.is_empty() {
        view! { <p>{t.case_no_actions}</p> }.into_any()
    } else {
        case.actions
            .iter()
            .map(|a| view! { <ActionPanel action=*a case=case.clone() act last reloading/> })
            .collect_view()
            .into_any()
    };
    view! {
        <PageMeta title=title.clone() description=s.procedure_name.get(locale).to_owned()/>
        <p class="breadcrumb"><a href="/dashboard">{t.case_back}</a></p>
        <h1>{title}</h1>
        <dl class="facts">
            <dt>{t.case_applicant}</dt><dd>{case.applicant_name.clone()}</dd>
            <dt>{t.dossier_procedure}</dt><dd>{s.procedure_name.get(locale).to_owned()}" ("{s.procedure_code.clone()}")"</dd>
            {filed_under_view(d.filed_under.as_ref())}
            {on_behalf_view(d.on_behalf.as_ref())}
            {for_person_view(d.for_person.as_ref())}
            <dt>{t.dossier_status}</dt><dd><StatusBadge status=s.status id="case-status"/></dd>
            <dt>{t.dossier_submitted_at}</dt><dd>{format_vn_datetime(s.submitted_at)}</dd>
            {case.assignee.clone().map(|a| view! { <dt>{t.queue_assignee}</dt><dd>{a}</dd> })}
            {case.fee_receipt.clone().map(|r| view! { <dt>{t.case_fee_receipt}</dt><dd>{r}</dd> })}
        </dl>
        {outcome(act, last, t)}
        <section class="panel actions-panel" aria-labelledby="actions-heading">
            <h2 id="actions-heading">{t.case_actions}</h2>
            {actions}
        </section>
        {proposal}
        {answer}
        {d.clock.clone().map(|clock| view! { <ClockPanel clock/> })}
        <Papers dossier=d.clone()/>
        <h2>{t.dossier_timeline}</h2>
        <Timeline entries=d.timeline.clone()/>
        {answers.map(|a| view! { <h2>{t.dossier_answers}</h2> {a} })}
        <h2>{t.dossier_files}</h2>
        <ul class="files">{files}</ul>
        <section class="panel" aria-labelledby="notes-heading">
            <h2 id="notes-heading">{t.case_notes}</h2>
            <p class="hint">{t.case_notes_hint}</p>
            <ul>{notes}</ul>
            <form on:submit=add_note class="stack">
                <label for="internal-note">{t.case_add_note}</label>
                <textarea id="internal-note" rows="2" maxlength="2000" required=true
                    on:input=move |ev| note_body.set(event_target_value(&ev))></textarea>
                <button type="submit" class="secondary">{t.case_add_note}</button>
            </form>
        </section>
    }
}

/// A required choice among (id, label) options, written into `chosen`.
fn choice(
    id: String,
    label: &'static str,
    options: &[(i32, String)],
    chosen: RwSignal<String>,
    t: &'static Messages,
) -> impl IntoView + use<> {
    let options = options
        .iter()
        .map(|(value, label)| view! { <option value=value.to_string()>{label.clone()}</option> })
        .collect_view();
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            <select id=id required=true on:change=move |ev| chosen.set(event_target_value(&ev))>
                <option value="">{t.case_choose}</option>{options}
            </select>
        </div>
    }
}

/// One action with its inputs, folded until chosen.
#[component]
fn ActionPanel(
    action: Action,
    case: CaseView,
    act: ServerAction<ActOnDossier>,
    last: RwSignal<Option<Action>>,
    reloading: Signal<bool>,
) -> impl IntoView {
    let t = use_t();
    let locale = use_locale();
    let key = action.as_str();
    let id = move |field: &str| format!("{key}-{field}");
    let note = RwSignal::new(String::new());
    let legal_basis = RwSignal::new(String::new());
    let assignee = RwSignal::new(String::new());
    let reference = RwSignal::new(String::new());
    let new_due = RwSignal::new(String::new());
    let new_due_error = RwSignal::new(None::<String>);
    let result_file = RwSignal::new(String::new());
    let agency = RwSignal::new(String::new());
    let d = &case.dossier;
    let code = d.summary.code.clone();
    // Supplement checklist: every required document and every correctable field.
    let mut choices: Vec<(String, String)> = d
        .documents
        .iter()
        .enumerate()
        .map(|(i, doc)| (format!("documents.{}", i + 1), doc.get(locale).to_owned()))
        .collect();
    if let Some(form) = &d.form {
        choices.extend(correctable_fields(form).into_iter().map(|(path, f)| (path, f.label.get(locale).to_owned())));
    }
    let items: Vec<(String, String, RwSignal<bool>, RwSignal<String>)> = choices
        .into_iter()
        .map(|(target, label)| (target, label, RwSignal::new(false), RwSignal::new(String::new())))
        .collect();
    let results: Vec<(String, String)> =
        d.attachments.iter().filter(|f| f.document == 0).map(|f| (f.id.clone(), f.file_name.clone())).collect();
    let first_result = results.last().map(|(id, _)| id.clone()).unwrap_or_default();
    result_file.set(first_result);
    let version = d.version;
    let request_items = items.clone();
    let submit_code = code.clone();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let text = |s: RwSignal<String>| Some(s.get_untracked()).filter(|v| !v.trim().is_empty());
        // A typed date that is not one is said here, not taken for none.
        let typed_due = text(new_due);
        let due = typed_due.as_deref().and_then(crate::domain::identity::parse_iso_date);
        if typed_due.is_some() && due.is_none() {
            new_due_error.set(Some(crate::domain::rules::Rule::DateFormat.message(t)));
            return;
        }
        new_due_error.set(None);
        let request = ActionRequest {
            code: submit_code.clone(),
            action: Some(action),
            version,
            note: text(note),
            legal_basis: text(legal_basis).and_then(|v| v.parse().ok()),
            items: request_items
                .iter()
                .filter(|(_, _, on, _)| on.get_untracked())
                .map(|(target, label, _, reason)| SupplementItem {
                    target: target.clone(),
                    label: label.clone(),
                    reason: reason.get_untracked(),
                })
                .collect(),
            assignee: text(assignee).and_then(|v| v.parse().ok()),
            reference: text(reference),
            new_due: due,
            result_file: text(result_file),
            agency: text(agency),
        };
        last.set(Some(action));
        act.dispatch(ActOnDossier { request });
    };
    let needs_note = matches!(
        action,
        Action::RefuseToAccept | Action::Stop | Action::ProposeRefusal | Action::SendBack | Action::Reappoint
    );
    let note_field = view! {
        <div class="field">
            <label for=id("note")>{if action.note_reaches_applicant() { t.case_note_to_applicant } else { t.case_note_internal }}</label>
            <textarea id=id("note") rows="2" maxlength="2000" required=needs_note
                on:input=move |ev| note.set(event_target_value(&ev))></textarea>
        </div>
    };
    let inputs = match action {
        Action::RefuseToAccept | Action::Stop => {
            Some(choice(id("legal_basis"), t.case_legal_basis, &case.legal_bases, legal_basis, t).into_any())
        }
        Action::Assign => Some(choice(id("assignee"), t.case_assignee, &case.processors, assignee, t).into_any()),
        Action::HandOff => {
            Some(view! { <HandOffInputs procedure=d.summary.procedure_code.clone() provinces=case.provinces.clone() agency/> }.into_any())
        }
        Action::RequestSupplement => {
            let rows = items
                .iter()
                .enumerate()
                .map(|(i, (target, label, on, reason))| {
                    let (on, reason) = (*on, *reason);
                    let box_id = format!("item-{i}");
                    let reason_id = format!("item-{i}-reason");
                    view! {
                        <li>
                            <label class="check" for=box_id.clone()>
                                <input type="checkbox" id=box_id.clone() value=target.clone() on:change=move |ev| on.set(event_target_checked(&ev))/>
                                {label.clone()}
                            </label>
                            <label for=reason_id.clone() class="visually-hidden">{format!("{} — {}", t.case_item_reason, label)}</label>
                            <input type="text" id=reason_id placeholder=t.case_item_reason maxlength="500"
                                on:input=move |ev| reason.set(event_target_value(&ev))/>
                        </li>
                    }
                })
                .collect_view();
            Some(view! {
                <fieldset>
                    <legend>{t.case_items}</legend>
                    <ul class="checklist">{rows}</ul>
                </fieldset>
            }
            .into_any())
        }
        Action::ProposeResult => {
            let options = results
                .iter()
                .map(|(value, label)| view! { <option value=value.clone()>{label.clone()}</option> })
                .collect_view();
            Some(view! {
                <div class="field">
                    <label for=id("result_file")>{t.case_result_file}</label>
                    <select id=id("result_file") required=true prop:value=move || result_file.get() on:change=move |ev| result_file.set(event_target_value(&ev))>
                        <option value="">{t.case_choose}</option>{options}
                    </select>
                </div>
            }
            .into_any())
        }
        Action::RecordFee | Action::ReturnAtDesk | Action::ReturnByPost => {
            let label = match action {
                Action::RecordFee => t.case_reference_fee,
                Action::ReturnAtDesk => t.case_reference_desk,
                _ => t.case_reference_post,
            };
            Some(view! {
                <div class="field">
                    <label for=id("reference")>{label}</label>
                    <input type="text" id=id("reference") required=true maxlength="100" on:input=move |ev| reference.set(event_target_value(&ev))/>
                </div>
            }
            .into_any())
        }
        Action::RecordDelivery => {
            let options = crate::domain::workflow::PostalStatus::ALL
                .into_iter()
                .map(|s| view! { <option value=s.as_str()>{s.label(t)}</option> })
                .collect_view();
            Some(view! {
                <div class="field">
                    <label for=id("reference")>{t.case_postal_status}</label>
                    <select id=id("reference") required=true prop:value=move || reference.get() on:change=move |ev| reference.set(event_target_value(&ev))>
                        <option value="">{t.case_choose}</option>{options}
                    </select>
                </div>
            }
            .into_any())
        }
        Action::Reappoint => Some(view! {
            <DateInput id=id("new_due") names=["day", "month", "year"].map(|part| format!("new_due.{part}"))
                label=t.case_new_due.to_owned() required=true error=new_due_error value=new_due
                on_change=Callback::new(move |text| new_due.set(text))/>
        }
        .into_any()),
        _ => None,
    };
    // The result document is uploaded first (a plain form), then proposed.
    let upload = (action == Action::ProposeResult).then(|| {
        view! {
            <form method="post" action="/uploads" enctype="multipart/form-data" class="stack upload-result">
                <input type="hidden" name="dossier" value=code.clone()/>
                <input type="hidden" name="document" value="0"/>
                <input type="hidden" name="return_to" value=format!("/dashboard/dossiers/{code}")/>
                <label for="result-upload">{t.case_result_upload}</label>
                <input type="file" id="result-upload" name="file" accept="application/pdf" required=true/>
                <button type="submit" class="secondary">{t.supplement_upload}</button>
            </form>
        }
    });
    view! {
        <details class="action" id=format!("action-{key}")>
            <summary>{action.label(t)}</summary>
            {upload}
            <form on:submit=submit class="stack">
                {inputs}
                {note_field}
                <button type="submit" disabled=move || act.pending().get() || reloading.get()>{t.case_do}": "{action.label(t)}</button>
            </form>
        </details>
    }
}

/// The deciding agency of a dossier handed on: a province, then one of its
/// agencies that implement the procedure.
#[component]
fn HandOffInputs(procedure: String, provinces: Vec<(i32, String)>, agency: RwSignal<String>) -> impl IntoView {
    let t = use_t();
    let locale = use_locale();
    let options = RwSignal::new(Vec::<Implementer>::new());
    let procedure = StoredValue::new(procedure);
    let on_province = move |ev: leptos::ev::Event| {
        agency.set(String::new());
        options.set(Vec::new());
        let Ok(province) = event_target_value(&ev).parse::<i32>() else { return };
        leptos::task::spawn_local(async move {
            let list = crate::features::catalog::api::list_implementers(procedure.get_value(), Some(province)).await;
            options.set(list.unwrap_or_default());
        });
    };
    let provinces = provinces
        .into_iter()
        .map(|(code, name)| view! { <option value=code.to_string()>{name}</option> })
        .collect_view();
    let agencies = move || {
        options
            .get()
            .into_iter()
            .map(|o| view! { <option value=o.agency.code.clone()>{o.agency.name.get(locale).to_owned()}</option> })
            .collect_view()
    };
    view! {
        <p class="hint">{t.case_handoff_hint}</p>
        <div class="field">
            <label for="hand_off-province">{t.case_handoff_province}</label>
            <select id="hand_off-province" required=true on:change=on_province>
                <option value="">{t.case_choose}</option>{provinces}
            </select>
        </div>
        <div class="field">
            <label for="hand_off-agency">{t.case_handoff_agency}</label>
            <select id="hand_off-agency" required=true prop:value=move || agency.get() on:change=move |ev| agency.set(event_target_value(&ev))>
                <option value="">{t.case_choose}</option>{agencies}
            </select>
        </div>
    }
}
