//! Server functions of the citizen's dossiers. The policy admits citizens;
//! the service shows each their own dossiers only.

use crate::domain::progress::{DossierSummary, DossierView};
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// The citizen's dossiers, newest first; `status` filters (its stored name).
#[server(endpoint = "list_my_dossiers")]
pub async fn list_my_dossiers(status: Option<String>) -> Result<Vec<DossierSummary>, AppError> {
    crate::server::call::serve(async |call| {
        let state = &call.state;
        let (me, _) = call.signed_in()?;
        let status = status.as_deref().filter(|s| !s.is_empty()).and_then(crate::domain::dossier::DossierStatus::parse);
        crate::server::dossiers::list(&state.db, &me, status).await
    })
    .await
}

/// One of the citizen's dossiers.
#[server(endpoint = "get_my_dossier")]
pub async fn get_my_dossier(code: String) -> Result<DossierView, AppError> {
    crate::server::call::serve(async |call| {
        let state = &call.state;
        let (me, _) = call.signed_in()?;
        let today = call.today();
        let mut view = crate::server::dossiers::view(&state.db, &me, &code, today).await?;
        view.payments.online = state.payments.is_some();
        Ok(view)
    })
    .await
}

/// Withdraws a dossier the agency has not accepted yet.
#[server(endpoint = "withdraw_dossier")]
pub async fn withdraw_dossier(code: String, reason: Option<String>) -> Result<(), AppError> {
    use crate::server::auth;
    crate::server::call::serve(async |call| {
        let state = &call.state;
        let (me, _) = call.signed_in()?;
        crate::server::workflow::act::withdraw(&state.db, &state.events, &state.results, &me, &code, reason, call.now)
            .await?;
        if let Ok(code) = crate::domain::dossier::DossierCode::parse(&code) {
            auth::redirect_plain_form(&format!("/dossiers/{code}"));
        }
        Ok(())
    })
    .await
}

/// Answers the agency's supplement request (once): corrected field values
/// (path, value); the requested files were uploaded to the dossier before.
#[server(endpoint = "answer_supplement", input = Json)]
pub async fn answer_supplement(code: String, version: i32, values: Vec<(String, String)>) -> Result<i32, AppError> {
    crate::server::call::serve(async |call| {
        let state = &call.state;
        let (me, _) = call.signed_in()?;
        crate::server::workflow::act::answer_supplement(
            &state.db,
            &state.events,
            &me,
            &code,
            version,
            &values,
            call.now,
        )
        .await
    })
    .await
}
