//! The lookup's server function: public, limited per address.

use crate::domain::progress::PublicDossier;
use crate::error::AppError;
use leptos::prelude::*;

/// A dossier's public progress by its code and lookup secret. A wrong code
/// and a wrong secret are both "not found".
#[server(endpoint = "lookup_dossier")]
pub async fn lookup_dossier(code: String, secret: String) -> Result<PublicDossier, AppError> {
    crate::server::call::serve(async |call| {
        let state = &call.state;
        let client = call.auth.client.clone();
        let limit = state.auth.lookup_per_ip;
        crate::server::dossiers::lookup::lookup(&state.db, &client, limit, &code, &secret, call.now).await
    })
    .await
}
