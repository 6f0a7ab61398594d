//! Files for the required documents: the slot of each document (list,
//! removal, drag and drop, progress) and the plain upload forms.

use super::api::delete_attachment;
use super::state::{Apply, SAVE_WAIT, SaveState};
use crate::domain::applicant::AUTHORISATION_DOCUMENT;
use crate::domain::rules::Rule;
use crate::i18n::use_t;
use leptos::prelude::*;

/// The files of one required document: the list, removal, and the upload
/// (drag and drop, a progress bar). The upload form itself sits after the
/// main form (forms cannot nest); these controls belong to it by `form=`.
#[component]
pub(super) fn FileSlot(
    state: Apply,
    document: u32,
    label: String,
    error: Signal<Option<Rule>>,
    anchor: String,
) -> impl IntoView {
    let t = use_t();
    if state.paper {
        let error_id = format!("{anchor}-error");
        return view! {
            <div id=anchor.clone() class="field file-slot" class:field-invalid=move || error.get().is_some()>
                <p class="label">{label}</p>
                <p class="hint">{t.intake_file_with_documents}</p>
                {move || error.get().map(|rule| view! { <p class="field-error" id=error_id.clone()>{rule.message(t)}</p> })}
            </div>
        }
        .into_any();
    }
    let progress = RwSignal::new(None::<u32>);
    let upload_problem = RwSignal::new(None::<&'static str>);
    let form_id = format!("upload-{document}");
    let input_id = format!("file-{document}");
    let files = move || {
        state.attachments.with(|all| all.iter().filter(|f| f.document == document).cloned().collect::<Vec<_>>())
    };
    let start_upload = move |list: Vec<FileHandle>| {
        for file in list {
            send_file(state, document, file, progress, upload_problem);
        }
    };
    let on_change = move |ev: leptos::ev::Event| {
        start_upload(files_of_input(&ev));
        clear_input(&ev);
    };
    let on_drop = move |ev: leptos::ev::DragEvent| {
        ev.prevent_default();
        start_upload(files_of_drop(&ev));
    };
    let error_id = format!("{anchor}-error");
    let return_to = move || return_path(state);
    view! {
        <div id=anchor.clone() class="field file-slot" class:field-invalid=move || error.get().is_some()
            on:dragover=|ev: leptos::ev::DragEvent| ev.prevent_default() on:drop=on_drop>
            <p class="label">{label}</p>
            <p class="hint">{t.apply_upload_hint}</p>
            {move || error.get().map(|rule| view! { <p class="field-error" id=error_id.clone()>{rule.message(t)}</p> })}
            <ul class="file-list">
                {move || {
                    let list = files();
                    if list.is_empty() {
                        view! { <li class="muted">{t.apply_no_files}</li> }.into_any()
                    } else {
                        list.into_iter().map(|f| {
                            let id = f.id.clone();
                            let remove = move |ev: leptos::ev::MouseEvent| {
                                ev.prevent_default();
                                let id = id.clone();
                                leptos::task::spawn_local(async move {
                                    if delete_attachment(id.clone(), None).await.is_ok() {
                                        state.attachments.update(|all| all.retain(|a| a.id != id));
                                    }
                                });
                            };
                            view! {
                                <li>
                                    <a href=format!("/attachments/{}", f.id)>{f.file_name.clone()}</a>
                                    " (" {format_size(f.size)} ") "
                                    <button type="submit" form=format!("remove-{}", f.id) class="button-link" on:click=remove>
                                        {t.apply_remove_file}<span class="visually-hidden">" "{f.file_name.clone()}</span>
                                    </button>
                                </li>
                            }
                        }).collect_view().into_any()
                    }
                }}
            </ul>
            {move || progress.get().map(|p| view! {
                <label class="progress">{t.apply_uploading}" "<progress max="100" value=p>{format!("{p}%")}</progress></label>
            })}
            {move || upload_problem.get().map(|text| view! { <p class="field-error" role="alert">{text}</p> })}
            <StoreChoice state document problem=upload_problem/>
            {move || if state.draft_id.get().is_some() {
                // Without a script these belong to the upload form after the main
                // form; they come first, as the server reads the target before the file.
                view! {
                    <input type="hidden" name="draft_id" form=form_id.clone() value=state.draft_id.get().unwrap_or_default()/>
                    <input type="hidden" name="document" form=form_id.clone() value=document.to_string()/>
                    <input type="hidden" name="return_to" form=form_id.clone() value=return_to()/>
                    <label for=input_id.clone()>{t.apply_choose_files}</label>
                    <input id=input_id.clone() type="file" name="file" multiple form=form_id.clone()
                        accept=".pdf,.jpg,.jpeg,.png,.docx,.xlsx,.odt" on:change=on_change/>
                    <button type="submit" form=form_id.clone() class="button-secondary no-script-only">{t.apply_upload}</button>
                }.into_any()
            } else {
                // A script saves the draft before its first upload; a plain form must save first.
                view! {
                    <label for=input_id.clone()>{t.apply_choose_files}</label>
                    <input id=input_id.clone() type="file" multiple accept=".pdf,.jpg,.jpeg,.png,.docx,.xlsx,.odt" on:change=on_change/>
                    <p class="hint no-script-only">{t.apply_save_before_upload}</p>
                }.into_any()
            }}
        </div>
    }
    .into_any()
}

/// "Chọn từ kho": one of the citizen's stored documents, still valid, used
/// for this document by reference (the draft is saved first if it never
/// was). Without a script its controls belong to the choice form after the
/// main form, once the draft is saved.
#[component]
fn StoreChoice(state: Apply, document: u32, problem: RwSignal<Option<&'static str>>) -> impl IntoView {
    let t = use_t();
    // Still valid on the server's date (it leaves out the expired ones).
    let usable = state.stored.get_value();
    if usable.is_empty() || state.preview {
        return ().into_any();
    }
    let form_id = format!("choose-{document}");
    let select_id = format!("store-{document}");
    let chosen = RwSignal::new(usable.first().map(|d| d.id.clone()).unwrap_or_default());
    let options: Vec<(String, String)> = usable
        .into_iter()
        .map(|d| {
            let number = d.record.doc_number.clone().map(|n| format!(" {n}")).unwrap_or_default();
            (d.id, format!("{}{number} — {} ({})", d.record.doc_type, d.kind.label(t), d.dossier_code))
        })
        .collect();
    let choose = move |ev: leptos::ev::MouseEvent| {
        ev.prevent_default();
        let id = chosen.get_untracked();
        leptos::task::spawn_local(async move {
            problem.set(None);
            let Some(draft) = saved_draft(state).await else { return problem.set(Some(t.error_text)) };
            match crate::features::document_store::api::choose_stored_document(draft, document as i32, id, None).await {
                Ok(file) => {
                    state.attachments.update(|all| all.push(file));
                    state.errors.update(|e| e.0.retain(|x| x.field != format!("documents.{document}")));
                }
                Err(crate::error::AppError::Invalid(errors)) => state.errors.update(|e| e.0.extend(errors.0)),
                Err(crate::error::AppError::TooLarge) => problem.set(Some(t.upload_error_413)),
                Err(_) => problem.set(Some(t.error_text)),
            }
        });
    };
    // Without a script, a draft never saved has no choice form to post yet:
    // the choice waits for it (a script saves the draft first).
    let scripted = RwSignal::new(false);
    Effect::new(move |_| scripted.set(true));
    let form = move || state.draft_id.get().map(|_| form_id.clone());
    view! {
        <div class="store-choice" hidden=move || !scripted.get() && state.draft_id.get().is_none()>
            <label for=select_id.clone()>{t.store_choose}</label>
            <select id=select_id name="id" form=form.clone() on:change=move |ev| chosen.set(event_target_value(&ev))>
                {options.into_iter().map(|(id, text)| view! { <option value=id>{text}</option> }).collect_view()}
            </select>
            <button type="submit" form=form class="secondary" on:click=choose>{t.store_choose_button}</button>
        </div>
    }
    .into_any()
}

/// The page to come back to after a plain upload or removal.
pub(super) fn return_path(state: Apply) -> String {
    format!(
        "/procedures/{}/apply?draft={}&step={}",
        state.code.get_value(),
        state.draft_id.get().unwrap_or_default(),
        state.step.get()
    )
}

/// The upload and removal forms the file slots' controls belong to: the
/// procedure's `count` documents and the authorisation to act for another.
#[component]
pub(super) fn UploadForms(state: Apply, count: u32) -> impl IntoView {
    view! {
        <div class="upload-forms">
            {move || state.draft_id.get().map(|_| {
                (1..=count).chain([AUTHORISATION_DOCUMENT]).map(|position| view! {
                    <form id=format!("upload-{position}") method="post" action="/uploads" enctype="multipart/form-data" on:submit=|ev| ev.prevent_default()></form>
                    <form id=format!("choose-{position}") method="post" action="/api/choose_stored_document">
                        <input type="hidden" name="draft_id" value=state.draft_id.get().unwrap_or_default()/>
                        <input type="hidden" name="document" value=position.to_string()/>
                        <input type="hidden" name="return_to" value=return_path(state)/>
                    </form>
                }).collect_view()
            })}
            {move || state.attachments.get().into_iter().map(|f| view! {
                <form id=format!("remove-{}", f.id) method="post" action="/api/delete_attachment">
                    <input type="hidden" name="id" value=f.id.clone()/>
                    <input type="hidden" name="return_to" value=return_path(state)/>
                </form>
            }).collect_view()}
        </div>
    }
}

pub(super) fn format_size(bytes: u64) -> String {
    if bytes >= 1024 * 1024 {
        format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0))
    } else {
        format!("{} KB", bytes.div_ceil(1024))
    }
}

/// A file chosen in the browser.
#[cfg(feature = "hydrate")]
pub(super) type FileHandle = web_sys::File;
#[cfg(not(feature = "hydrate"))]
pub(super) type FileHandle = ();

pub(super) fn files_of_input(ev: &leptos::ev::Event) -> Vec<FileHandle> {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else {
            return Vec::new();
        };
        let Some(list) = input.files() else { return Vec::new() };
        (0..list.length()).filter_map(|i| list.get(i)).collect()
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = ev;
        Vec::new()
    }
}

pub(super) fn clear_input(ev: &leptos::ev::Event) {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        if let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) {
            input.set_value("");
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = ev;
}

pub(super) fn files_of_drop(ev: &leptos::ev::DragEvent) -> Vec<FileHandle> {
    #[cfg(feature = "hydrate")]
    {
        let Some(list) = ev.data_transfer().and_then(|d| d.files()) else { return Vec::new() };
        (0..list.length()).filter_map(|i| list.get(i)).collect()
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = ev;
        Vec::new()
    }
}

/// Uploads one file, saving the draft first when it has never been saved.
pub(super) fn send_file(
    state: Apply,
    document: u32,
    file: FileHandle,
    progress: RwSignal<Option<u32>>,
    problem: RwSignal<Option<&'static str>>,
) {
    let t = crate::i18n::Locale::default().messages();
    let t = use_context::<crate::i18n::Locale>().map_or(t, |l| l.messages());
    #[cfg(feature = "hydrate")]
    leptos::task::spawn_local(async move {
        problem.set(None);
        let Some(draft) = saved_draft(state).await else { return problem.set(Some(t.error_text)) };
        progress.set(Some(0));
        super::browser::upload(
            &draft,
            document,
            file,
            move |p| progress.set(Some(p)),
            move |result| {
                progress.set(None);
                match result {
                    Ok(stored) => {
                        state.attachments.update(|all| all.extend(stored));
                        state.errors.update(|e| e.0.retain(|x| x.field != format!("documents.{document}")));
                    }
                    Err(413) => problem.set(Some(t.upload_error_413)),
                    Err(415) => problem.set(Some(t.error_unsupported_type)),
                    Err(_) => problem.set(Some(t.error_text)),
                }
            },
        );
    });
    #[cfg(not(feature = "hydrate"))]
    let _ = (state, document, file, progress, problem, t);
}

/// The draft's id, saving it first when it has never been saved (a file
/// belongs to a draft); `None` when that save failed. A save in flight ("Lưu
/// nháp", the autosave) may be making the draft: it is waited for, not
/// raced with a second draft.
async fn saved_draft(state: Apply) -> Option<String> {
    while state.save_state.get_untracked() == SaveState::Saving {
        pause(SAVE_WAIT).await;
    }
    if let Some(id) = state.draft_id.get_untracked() {
        return Some(id);
    }
    let form = crate::domain::application::DraftSave {
        procedure_code: state.code.get_value(),
        draft_id: None,
        base_version: None,
        data: state.answers.get_untracked(),
    };
    // Marked as a save in flight, so that the autosave waits for this draft;
    // on failure the state before comes back (an offline retry still runs).
    let before = state.save_state.get_untracked();
    state.save_state.set(SaveState::Saving);
    let Ok(saved) = super::api::save_draft(form).await else {
        state.save_state.set(before);
        return None;
    };
    state.save_state.set(SaveState::Saved(saved.updated_at));
    state.draft_id.set(Some(saved.id.clone()));
    state.version.set(Some(saved.version));
    state.submit_key.set(Some(saved.submit_key));
    Some(saved.id)
}

/// Waits `duration` without blocking the page.
async fn pause(duration: std::time::Duration) {
    use std::cell::RefCell;
    use std::rc::Rc;
    use std::task::{Poll, Waker};
    let shared: Rc<RefCell<(bool, Option<Waker>)>> = Rc::default();
    let timer = shared.clone();
    set_timeout(
        move || {
            let mut state = timer.borrow_mut();
            state.0 = true;
            if let Some(waker) = state.1.take() {
                waker.wake();
            }
        },
        duration,
    );
    std::future::poll_fn(move |cx| {
        let mut state = shared.borrow_mut();
        if state.0 {
            Poll::Ready(())
        } else {
            state.1 = Some(cx.waker().clone());
            Poll::Pending
        }
    })
    .await;
}
