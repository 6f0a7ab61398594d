//! `POST /apply/{code}`: the steps of the apply page (`/procedures/{code}/apply`), posted as plain
//! HTML forms by a browser without JavaScript. The page itself is a Leptos
//! route; this saves the step and sends the browser on (303).

use app::server::auth::RequestAuth;
use app::server::state::AppState;
use axum::Extension;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};

pub async fn post_step(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    Path(code): Path<String>,
    axum::Form(pairs): axum::Form<Vec<(String, String)>>,
) -> Response {
    let Some(me) = auth.user else { return Redirect::to("/login").into_response() };
    match app::server::applications::post_plain(&state, &me, &code, &pairs).await {
        Ok(to) => Redirect::to(&to).into_response(),
        Err(app::error::AppError::Conflict) => {
            Redirect::to(&format!("/procedures/{code}/apply?conflict=1")).into_response()
        }
        Err(err) => {
            let status =
                axum::http::StatusCode::from_u16(err.status()).unwrap_or(axum::http::StatusCode::INTERNAL_SERVER_ERROR);
            let t = app::i18n::Locale::Vi.messages();
            (status, err.message(t)).into_response()
        }
    }
}
