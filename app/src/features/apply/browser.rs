//! What only a browser can do for the apply page: keep a local copy of the
//! answers (so a lost connection loses nothing) and upload files with a
//! progress bar. On the server these do nothing.

#[cfg(feature = "hydrate")]
use crate::domain::dossier::AttachmentInfo;

/// The local copy of unsaved answers.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct LocalCopy {
    pub draft_id: Option<String>,
    /// The server version these answers started from.
    pub base_version: Option<i32>,
    pub answers: serde_json::Value,
}

/// Every local copy's key starts so; the user's id follows, then the procedure.
const KEY_PREFIX: &str = "dvc-apply:";

thread_local! {
    /// Who is signed in on this page (the browser runs one thread).
    static OWNER: std::cell::Cell<Option<i32>> = const { std::cell::Cell::new(None) };
}

/// The local copy's key for the signed-in user, if anyone is signed in.
fn key(procedure_code: &str) -> Option<String> {
    OWNER.get().map(|user| format!("{KEY_PREFIX}{user}:{procedure_code}"))
}

/// Tells the local copies who is signed in. Nobody: every copy on this
/// browser is removed (signed out), so the next person at a shared computer
/// finds no one's answers.
pub fn set_owner(user: Option<i32>) {
    OWNER.set(user);
    #[cfg(feature = "hydrate")]
    if user.is_none()
        && let Some(storage) = storage()
    {
        let keys: Vec<String> = (0..storage.length().unwrap_or(0))
            .filter_map(|i| storage.key(i).ok().flatten())
            .filter(|k| k.starts_with(KEY_PREFIX))
            .collect();
        for key in keys {
            let _ = storage.remove_item(&key);
        }
    }
}

#[cfg(feature = "hydrate")]
fn storage() -> Option<web_sys::Storage> {
    leptos::prelude::window().local_storage().ok().flatten()
}

pub fn keep_local(procedure_code: &str, copy: &LocalCopy) {
    #[cfg(feature = "hydrate")]
    if let (Some(storage), Some(key), Ok(text)) = (storage(), key(procedure_code), serde_json::to_string(copy)) {
        let _ = storage.set_item(&key, &text);
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (key(procedure_code), copy);
}

pub fn read_local(procedure_code: &str) -> Option<LocalCopy> {
    #[cfg(feature = "hydrate")]
    {
        let text = storage()?.get_item(&key(procedure_code)?).ok().flatten()?;
        serde_json::from_str(&text).ok()
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = key(procedure_code);
        None
    }
}

pub fn forget_local(procedure_code: &str) {
    #[cfg(feature = "hydrate")]
    if let (Some(storage), Some(key)) = (storage(), key(procedure_code)) {
        let _ = storage.remove_item(&key);
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = key(procedure_code);
}

/// How an upload ended: the stored files, or the HTTP status of the refusal (0: no answer).
#[cfg(feature = "hydrate")]
pub type UploadResult = Result<Vec<AttachmentInfo>, u16>;

/// Sends `file` to `/uploads` for the draft's `document`, reporting progress
/// (0–100) as it goes and the result at the end.
#[cfg(feature = "hydrate")]
pub fn upload(
    draft_id: &str,
    document: u32,
    file: web_sys::File,
    on_progress: impl Fn(u32) + 'static,
    on_done: impl FnOnce(UploadResult) + 'static,
) {
    use wasm_bindgen::JsCast;
    use wasm_bindgen::closure::Closure;
    let Ok(xhr) = web_sys::XmlHttpRequest::new() else { return on_done(Err(0)) };
    let Ok(form) = web_sys::FormData::new() else { return on_done(Err(0)) };
    let _ = form.append_with_str("draft_id", draft_id);
    let _ = form.append_with_str("document", &document.to_string());
    let _ = form.append_with_blob_and_filename("file", &file, &file.name());
    let _ = xhr.open("POST", "/uploads");
    let _ = xhr.set_request_header("Accept", "application/json");
    let progress = Closure::<dyn Fn(web_sys::ProgressEvent)>::new(move |ev: web_sys::ProgressEvent| {
        if ev.length_computable() && ev.total() > 0.0 {
            on_progress((ev.loaded() * 100.0 / ev.total()) as u32);
        }
    });
    if let Ok(upload) = xhr.upload() {
        upload.set_onprogress(Some(progress.as_ref().unchecked_ref()));
    }
    progress.forget();
    let done = std::cell::RefCell::new(Some(on_done));
    let request = xhr.clone();
    let finished = Closure::<dyn Fn()>::new(move || {
        let status = request.status().unwrap_or(0);
        let result = if status == 201 {
            request
                .response_text()
                .ok()
                .flatten()
                .and_then(|text| serde_json::from_str::<Vec<AttachmentInfo>>(&text).ok())
                .ok_or(0)
        } else {
            Err(status)
        };
        if let Some(done) = done.borrow_mut().take() {
            done(result);
        }
    });
    xhr.set_onloadend(Some(finished.as_ref().unchecked_ref()));
    finished.forget();
    if xhr.send_with_opt_form_data(Some(&form)).is_err() {
        // `loadend` still fires and reports the failure.
    }
}
