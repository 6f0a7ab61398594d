//! `/account/documents` ("Kho dữ liệu"): the citizen's documents with what
//! they are (type, number, issuer, validity, hash, where from), keeping a
//! file of an earlier dossier, and removing what they kept. Plain forms:
//! they work before the page is interactive and without JavaScript (the
//! server then comes back with `?changed=`).

use super::api::{ForgetDocument, KeepDocument, my_documents};
use crate::domain::document_store::{KeepCandidate, StoredDocument};
use crate::domain::identity::format_vn_date;
use crate::error::AppError;
use crate::i18n::{fill, use_t};
use crate::ui::form::{DateInput, FormErrors, ProblemNotice};
use crate::ui::{ErrorNotice, PageMeta};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn DocumentsPage() -> impl IntoView {
    let t = use_t();
    // Bumped after each change, to read the store again.
    let version = RwSignal::new(0_u32);
    let query = use_query_map();
    let outcome = RwSignal::new(query.with_untracked(|q| match q.get_str("changed") {
        Some("kept") => Some(t.store_kept),
        Some("removed") => Some(t.store_removed),
        _ => None,
    }));
    let store = Resource::new(move || version.get(), |_| my_documents());
    let keep = ServerAction::<KeepDocument>::new();
    let forget = ServerAction::<ForgetDocument>::new();
    Effect::new(move |_| {
        if let Some(Ok(())) = keep.value().get() {
            outcome.set(Some(t.store_kept));
            version.update(|v| *v += 1);
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(())) = forget.value().get() {
            outcome.set(Some(t.store_removed));
            version.update(|v| *v += 1);
        }
    });
    view! {
        <PageMeta title=t.store_title description=t.store_intro/>
        <p class="breadcrumb"><a href="/account">{t.account_title}</a></p>
        <h1>{t.store_title}</h1>
        <p>{t.store_intro}</p>
        <p role="status">{move || outcome.get()}</p>
        <Suspense fallback=move || view! { <p>{t.loading}</p> }>
            {move || Suspend::new(async move {
                match store.await {
                    Ok(store) => view! {
                        <Documents documents=store.documents forget/>
                        <Keep candidates=store.candidates keep/>
                    }
                    .into_any(),
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Documents(documents: Vec<StoredDocument>, forget: ServerAction<ForgetDocument>) -> impl IntoView {
    let t = use_t();
    if documents.is_empty() {
        return view! { <p class="notice">{t.store_empty}</p> }.into_any();
    }
    let today = crate::ui::form::today();
    let rows = documents
        .into_iter()
        .map(|d| {
            let validity = match d.record.valid_until {
                _ if d.expired(today) => t.store_expired.to_owned(),
                Some(until) => fill(t.store_valid_until, &[("date", &format_vn_date(until))]),
                None => t.store_no_expiry.to_owned(),
            };
            let issued = d.record.issued_on.map(format_vn_date).unwrap_or_default();
            let issuer = [d.record.issuer.clone().unwrap_or_default(), issued].join(" · ");
            let label = fill(t.store_remove, &[("name", &d.record.doc_type)]);
            let removable = d.kind.removable();
            let (id, expired) = (d.id.clone(), d.expired(today));
            view! {
                <tr class:expired=expired>
                    <td>
                        <a href=format!("/attachments/{}", d.id)>{d.record.doc_type.clone()}</a>
                        <br/><span class="hint">{d.file_name.clone()}" · SHA-256 "<code>{d.sha256.chars().take(12).collect::<String>()}</code></span>
                    </td>
                    <td>{d.record.doc_number.clone().unwrap_or_default()}</td>
                    <td>{issuer.trim_matches([' ', '·']).to_owned()}</td>
                    <td>{validity}</td>
                    <td>{d.kind.label(t)}<br/>
                        <a href=format!("/dossiers/{}", d.dossier_code)>{fill(t.store_from_dossier, &[("code", &d.dossier_code)])}</a></td>
                    <td>{removable.then(|| view! {
                        <ActionForm action=forget>
                            <input type="hidden" name="id" value=id.clone()/>
                            <button type="submit" class="secondary" aria-label=label>{t.intake_remove}</button>
                        </ActionForm>
                    })}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-wrap">
            <table>
                <caption class="visually-hidden">{t.store_title}</caption>
                <thead><tr>
                    <th scope="col">{t.store_document}</th>
                    <th scope="col">{t.store_number}</th>
                    <th scope="col">{t.store_issuer}</th>
                    <th scope="col">{t.store_validity}</th>
                    <th scope="col">{t.store_source}</th>
                    <th scope="col"><span class="visually-hidden">{t.organisation_member_actions}</span></th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}

#[component]
fn Keep(candidates: Vec<KeepCandidate>, keep: ServerAction<KeepDocument>) -> impl IntoView {
    let t = use_t();
    let errors = FormErrors::new();
    let problem = RwSignal::new(None::<AppError>);
    Effect::new(move |_| match keep.value().get() {
        Some(Err(err)) => errors.show(err, problem),
        Some(Ok(())) => errors.set(Default::default()),
        None => {}
    });
    if candidates.is_empty() {
        return view! {
            <h2>{t.store_keep_title}</h2>
            <p class="hint">{t.store_keep_none}</p>
        }
        .into_any();
    }
    let options = candidates
        .into_iter()
        .map(|c| {
            let text = format!("{} — {} ({})", c.file_name, c.document, c.dossier_code);
            view! { <option value=c.id>{text}</option> }
        })
        .collect_view();
    let text_field = move |field: &'static str, label: &'static str, required: bool| {
        let id = format!("keep-{field}");
        let error = errors.of(field);
        let error_id = format!("{id}-error");
        let described = error_id.clone();
        view! {
            <div class="field" class:field-invalid=move || error.get().is_some()>
                <label for=id.clone()>{label}</label>
                {move || error.get().map(|rule| view! { <p class="field-error" id=error_id.clone()>{rule.message(t)}</p> })}
                <input id=id name=format!("form[{field}]") maxlength="200" required=required autocomplete="off"
                    aria-describedby=move || error.get().is_some().then(|| described.clone())
                    aria-invalid=move || error.get().is_some().to_string()/>
            </div>
        }
    };
    let dates = [("issued_on", t.intake_issued_on), ("valid_until", t.intake_valid_until)].map(|(field, label)| {
        let value = RwSignal::new(String::new());
        let names = ["day", "month", "year"].map(|part| format!("form[{field}][{part}]"));
        let error = errors.of(field);
        view! {
            <DateInput id=format!("keep-{field}") names label=label.to_owned()
                error=Signal::derive(move || error.get().map(|rule| rule.message(t).to_string())) value
                on_change=Callback::new(move |text| value.set(text))/>
        }
    });
    view! {
        <h2>{t.store_keep_title}</h2>
        <ProblemNotice problem/>
        <ActionForm action=keep attr:class="stack">
            <div class="field">
                <label for="keep-file">{t.store_keep_file}</label>
                <select id="keep-file" name="form[attachment_id]">{options}</select>
            </div>
            {text_field("doc_type", t.intake_doc_type, true)}
            {text_field("doc_number", t.intake_doc_number, false)}
            {text_field("issuer", t.intake_issuer, false)}
            {dates}
            <button type="submit" disabled=move || keep.pending().get()>{t.store_keep_button}</button>
        </ActionForm>
    }
    .into_any()
}
