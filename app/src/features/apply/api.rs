//! Server functions of applying: drafts. The policy admits citizens only;
//! the service shows each citizen their own drafts and nobody else's.

use crate::domain::application::{
    ApplyContext, Draft, DraftSave, DraftSaved, DraftSummary, Submission, SubmittedDossier,
};
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// Saves the answers (debounced as the citizen types, and on demand).
#[server(endpoint = "save_draft", input = Json)]
pub async fn save_draft(form: DraftSave) -> Result<DraftSaved, AppError> {
    crate::server::call::serve(async |call| {
        let state = &call.state;
        let (me, _) = call.signed_in()?;
        crate::server::drafts::save(&state.db, &me, &form, state.draft_ttl, chrono::Utc::now()).await
    })
    .await
}

/// One of the citizen's drafts, to resume on any device.
#[server(endpoint = "get_draft")]
pub async fn get_draft(id: String) -> Result<Draft, AppError> {
    crate::server::call::serve(async |call| {
        let state = &call.state;
        let (me, _) = call.signed_in()?;
        crate::server::drafts::get(&state.db, &me, &id, chrono::Utc::now()).await
    })
    .await
}

/// The citizen's drafts, most recent first.
#[server(endpoint = "list_drafts")]
pub async fn list_drafts() -> Result<Vec<DraftSummary>, AppError> {
    crate::server::call::serve(async |call| {
        let state = &call.state;
        let (me, _) = call.signed_in()?;
        crate::server::drafts::list(&state.db, &me, chrono::Utc::now()).await
    })
    .await
}

/// Deletes one of the citizen's drafts.
#[server(endpoint = "delete_draft")]
pub async fn delete_draft(id: String) -> Result<(), AppError> {
    crate::server::call::serve(async |call| {
        let state = &call.state;
        let (me, _) = call.signed_in()?;
        crate::server::drafts::delete(&state.db, &state.files, &me, &id, chrono::Utc::now()).await
    })
    .await
}

/// Submits a draft as a dossier. Idempotent by the draft's `submit_key`.
#[server(endpoint = "submit_application", input = Json)]
pub async fn submit_application(submission: Submission) -> Result<SubmittedDossier, AppError> {
    crate::server::call::serve(async |call| {
        let state = &call.state;
        let (me, _) = call.signed_in()?;
        crate::server::workflow::submit::submit(&state.db, &state.events, &me, &submission, call.now).await
    })
    .await
}

/// Removes a file from a draft (before submission).
#[server(endpoint = "delete_attachment")]
pub async fn delete_attachment(id: String, return_to: Option<String>) -> Result<(), AppError> {
    use crate::server::auth;
    crate::server::call::serve(async |call| {
        let state = &call.state;
        let (me, _) = call.signed_in()?;
        crate::server::attachments::remove(&state.db, &state.files, &me, &id).await?;
        // A plain form (no JavaScript) goes back to the page it came from, on this site only.
        if let Some(to) = return_to.as_deref().and_then(crate::domain::redirect::local_path) {
            auth::redirect_plain_form(to);
        }
        Ok(())
    })
    .await
}

/// What the apply page needs: the procedure, its form, the draft being
/// resumed (or answers prefilled from the profile) and the places.
#[server(endpoint = "load_application")]
pub async fn load_application(code: String, draft_id: Option<String>) -> Result<ApplyContext, AppError> {
    crate::server::call::serve(async |call| {
        let state = &call.state;
        let (me, _) = call.signed_in()?;
        crate::server::applications::context(&state.db, &me, &code, draft_id.as_deref()).await
    })
    .await
}
