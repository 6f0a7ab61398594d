//! `POST /intake/form`: the paper form of a desk intake as the receiver typed
//! it on `/dashboard/intake` (a plain HTML form, so desk computers without
//! JavaScript work); saved, then back to the intake page (303).

use app::server::auth::RequestAuth;
use app::server::state::AppState;
use axum::Extension;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};

pub async fn post_form(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    axum::Form(pairs): axum::Form<Vec<(String, String)>>,
) -> Response {
    let Some(me) = auth.user else { return Redirect::to("/login").into_response() };
    let now = state.clock.now();
    match app::server::intake::save_posted(&state.db, &me, &pairs, state.draft_ttl, now).await {
        Ok(to) => Redirect::to(&to).into_response(),
        Err(err) => err.into_response(),
    }
}
