//! Server functions of desk intake. The policy admits receivers of an
//! agency only; each works on the receiver's own intakes.

use crate::domain::application::{DraftSaved, Submission, SubmittedDossier};
use crate::domain::intake::IntakeStart;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// Starts taking in a paper dossier: the person, the procedure, the channel.
#[server(endpoint = "start_intake")]
pub async fn start_intake(form: IntakeStart) -> Result<DraftSaved, AppError> {
    crate::server::call::serve(async |call| {
        let state = &call.state;
        let (me, _) = call.signed_in()?;
        crate::server::intake::start(&state.db, &me, &form, state.draft_ttl, call.now).await
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

/// Receives the intake as a dossier: the same submission as online (which
/// takes only the receiver's own intakes from them), its code from the
/// agency's sequence, then the normal workflow.
#[server(endpoint = "receive_intake", input = Json)]
pub async fn receive_intake(submission: Submission) -> Result<SubmittedDossier, AppError> {
    crate::server::call::serve(async |call| {
        let state = &call.state;
        let (me, _) = call.signed_in()?;
        crate::server::workflow::submit::submit(&state.db, &state.events, &me, &submission, call.now).await
    })
    .await
}
