//! Server functions of signed results: the public verification.

use crate::error::AppError;
use leptos::prelude::*;

/// `/verify/{code}`: whether a signed result is valid, and what to compare
/// with the paper. (An uploaded copy is checked by `POST /verify/{code}`.)
#[server(endpoint = "verify_result")]
pub async fn verify_result(code: String) -> Result<crate::domain::result::Verification, AppError> {
    crate::server::call::serve(async |call| {
        let state = &call.state;
        state.results.verify(&state.db, &code).await
    })
    .await
}
