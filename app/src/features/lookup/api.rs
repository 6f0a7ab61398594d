//! The lookup's server function: public, limited per address.

use crate::domain::dossier::PublicDossier;
use crate::error::AppError;
use leptos::prelude::*;

/// A dossier's public progress by its code and lookup secret. A wrong code
/// and a wrong secret are both "not found".
#[server(endpoint = "lookup_dossier")]
pub async fn lookup_dossier(code: String, secret: String) -> Result<PublicDossier, AppError> {
    use crate::server::auth;
    auth::respond(
        async {
            let state = crate::server::state::use_state()?;
            let client = auth::request_auth().client;
            let limit = state.auth.lookup_per_ip;
            crate::server::dossiers::lookup::lookup(&state.db, &client, limit, &code, &secret, state.clock.now()).await
        }
        .await,
    )
}
