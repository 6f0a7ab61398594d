//! Server functions of desk intake. The policy admits receivers of an
//! agency only; each works on the receiver's own intakes. Plain forms post
//! to them too (desk computers may run without JavaScript): the server then
//! sends the browser on.

use crate::domain::application::{DraftSaved, SubmittedDossier};
use crate::domain::intake::{IntakeProcedure, IntakeStart, IntakeView};
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// The procedures the receiver's agency takes in on paper.
#[server(endpoint = "intake_procedures")]
pub async fn intake_procedures() -> Result<Vec<IntakeProcedure>, AppError> {
    crate::server::call::serve(async |call| {
        let (me, _) = call.signed_in()?;
        crate::server::intake::procedures(&call.state.db, &me).await
    })
    .await
}

/// Starts taking in a paper dossier: the person, the procedure, the channel.
#[server(endpoint = "start_intake")]
pub async fn start_intake(form: IntakeStart) -> Result<DraftSaved, AppError> {
    crate::server::call::serve(async |call| {
        let state = &call.state;
        let (me, _) = call.signed_in()?;
        let started = crate::server::intake::start(&state.db, &me, &form, state.draft_ttl, call.now).await?;
        crate::server::auth::redirect_plain_form(&format!("/dashboard/intake?draft={}", started.id));
        Ok(started)
    })
    .await
}

/// One of the receiver's intakes, with its documents and scans.
#[server(endpoint = "get_intake")]
pub async fn get_intake(draft_id: String) -> Result<IntakeView, AppError> {
    crate::server::call::serve(async |call| {
        let (me, _) = call.signed_in()?;
        crate::server::intake::view(&call.state.db, &me, &draft_id, call.now).await
    })
    .await
}

/// Removes a scan from an intake (a wrong page, another person's paper).
#[server(endpoint = "remove_intake_scan")]
pub async fn remove_intake_scan(draft_id: String, id: String) -> Result<(), AppError> {
    crate::server::call::serve(async |call| {
        let state = &call.state;
        let (me, _) = call.signed_in()?;
        crate::server::intake::intake_of(&state.db, &me, &draft_id).await?;
        crate::server::attachments::remove(&state.db, &state.files, &me, &id).await?;
        crate::server::auth::redirect_plain_form(&format!("/dashboard/intake?draft={draft_id}"));
        Ok(())
    })
    .await
}

/// Saves the form's answers of an intake, as typed from the paper form.
#[server(endpoint = "save_intake", input = Json)]
pub async fn save_intake(
    draft_id: String,
    base_version: Option<i32>,
    data: serde_json::Value,
) -> Result<DraftSaved, AppError> {
    crate::server::call::serve(async |call| {
        let state = &call.state;
        let (me, _) = call.signed_in()?;
        crate::server::intake::save(&state.db, &me, &draft_id, base_version, data, state.draft_ttl, call.now).await
    })
    .await
}

/// Receives the intake as a dossier (the result collected at the desk):
/// the same submission as online, which takes only the receiver's own
/// intakes from them; its code from the agency's sequence, then the normal
/// workflow, starting on its case page.
#[server(endpoint = "receive_intake")]
pub async fn receive_intake(draft_id: String, submit_key: String) -> Result<SubmittedDossier, AppError> {
    use crate::domain::application::{Delivery, Submission};
    crate::server::call::serve(async |call| {
        let state = &call.state;
        let (me, _) = call.signed_in()?;
        let submission = Submission { draft_id, submit_key, delivery: Delivery::AtDesk };
        let received =
            crate::server::workflow::submit::submit(&state.db, &state.events, &me, &submission, call.now).await?;
        crate::server::auth::redirect_plain_form(&format!("/dashboard/dossiers/{}", received.code));
        Ok(received)
    })
    .await
}
