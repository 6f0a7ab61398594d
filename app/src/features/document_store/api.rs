//! Server functions of the document store: a citizen sees, keeps, removes
//! and chooses only their own documents (the service computes which).

use crate::domain::document_store::{DocumentStore, KeepForm};
use crate::domain::dossier::AttachmentInfo;
use crate::error::AppError;
use leptos::prelude::*;

/// The caller's store and the files they may still keep.
#[server(endpoint = "my_documents")]
pub async fn my_documents() -> Result<DocumentStore, AppError> {
    crate::server::call::serve(async |call| {
        let (me, _) = call.signed_in()?;
        crate::server::document_store::list(&call.state.db, &me).await
    })
    .await
}

/// Keeps a file of an earlier dossier in the store, with what it is.
#[server(endpoint = "keep_document")]
pub async fn keep_document(form: KeepForm) -> Result<(), AppError> {
    crate::server::call::serve(async |call| {
        let (me, _) = call.signed_in()?;
        crate::server::document_store::keep(&call.state.db, &me, &form, call.now).await?;
        crate::server::auth::redirect_plain_form("/account/documents?changed=kept");
        Ok(())
    })
    .await
}

/// Removes a document the caller kept (`id`: its file).
#[server(endpoint = "forget_document")]
pub async fn forget_document(id: String) -> Result<(), AppError> {
    crate::server::call::serve(async |call| {
        let (me, _) = call.signed_in()?;
        crate::server::document_store::forget(&call.state.db, &me, &id).await?;
        crate::server::auth::redirect_plain_form("/account/documents?changed=removed");
        Ok(())
    })
    .await
}

/// Attaches stored document `id` to required document `document` of the
/// caller's draft. A plain form goes back to `return_to` (this site only).
#[server(endpoint = "choose_stored_document")]
pub async fn choose_stored_document(
    draft_id: String,
    document: i32,
    id: String,
    return_to: Option<String>,
) -> Result<AttachmentInfo, AppError> {
    crate::server::call::serve(async |call| {
        let state = &call.state;
        let (me, _) = call.signed_in()?;
        let chosen =
            crate::server::document_store::choose(&state.db, &state.results, &me, &draft_id, document, &id, call.now)
                .await?;
        if let Some(to) = return_to.as_deref().and_then(crate::domain::redirect::local_path) {
            crate::server::auth::redirect_plain_form(to);
        }
        Ok(chosen)
    })
    .await
}
