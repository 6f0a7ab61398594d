//! Server functions of applying: drafts. The policy admits citizens only;
//! the service shows each citizen their own drafts and nobody else's.

use crate::domain::application::{Draft, DraftSave, DraftSaved, DraftSummary};
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// Saves the answers (debounced as the citizen types, and on demand).
#[server(endpoint = "save_draft", input = Json)]
pub async fn save_draft(form: DraftSave) -> Result<DraftSaved, AppError> {
    use crate::server::auth;
    auth::respond(
        async {
            let state = crate::server::state::use_state()?;
            let (me, _) = auth::signed_in()?;
            crate::server::drafts::save(&state.db, &me, &form, state.draft_ttl, chrono::Utc::now()).await
        }
        .await,
    )
}

/// One of the citizen's drafts, to resume on any device.
#[server(endpoint = "get_draft")]
pub async fn get_draft(id: String) -> Result<Draft, AppError> {
    use crate::server::auth;
    auth::respond(
        async {
            let state = crate::server::state::use_state()?;
            let (me, _) = auth::signed_in()?;
            crate::server::drafts::get(&state.db, &me, &id, chrono::Utc::now()).await
        }
        .await,
    )
}

/// The citizen's drafts, most recent first.
#[server(endpoint = "list_drafts")]
pub async fn list_drafts() -> Result<Vec<DraftSummary>, AppError> {
    use crate::server::auth;
    auth::respond(
        async {
            let state = crate::server::state::use_state()?;
            let (me, _) = auth::signed_in()?;
            crate::server::drafts::list(&state.db, &me, chrono::Utc::now()).await
        }
        .await,
    )
}

/// Deletes one of the citizen's drafts.
#[server(endpoint = "delete_draft")]
pub async fn delete_draft(id: String) -> Result<(), AppError> {
    use crate::server::auth;
    auth::respond(
        async {
            let state = crate::server::state::use_state()?;
            let (me, _) = auth::signed_in()?;
            crate::server::drafts::delete(&state.db, &me, &id, chrono::Utc::now()).await
        }
        .await,
    )
}
