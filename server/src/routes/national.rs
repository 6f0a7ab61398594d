//! The sandbox of the national portal (`app::server::national::sandbox`):
//! its two sync services, the tester's switch, and what it received. Served
//! only when the sandbox is on.

use app::domain::national::MAX_MESSAGE_BYTES;
use app::error::AppError;
use app::server::national::sandbox::{Mode, Sandbox};
use app::server::state::AppState;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use std::sync::Arc;

/// The largest message taken: the route's body limit.
pub const BODY_LIMIT: usize = MAX_MESSAGE_BYTES;

fn sandbox(state: &AppState) -> Result<&Arc<Sandbox>, AppError> {
    state.national_sandbox.as_ref().ok_or(AppError::NotFound)
}

fn bearer(headers: &HeaderMap) -> Option<&str> {
    headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).and_then(|v| v.strip_prefix("Bearer "))
}

/// The tester's endpoints ask for the sandbox's token too.
fn tester(state: &AppState, headers: &HeaderMap) -> Result<Arc<Sandbox>, AppError> {
    let sandbox = sandbox(state)?.clone();
    if !app::server::national::sandbox::authorised(bearer(headers)) {
        return Err(AppError::Forbidden);
    }
    Ok(sandbox)
}

/// `POST /sandbox/national/api/{service}`: a sync message, as the portal takes it.
pub async fn receive(
    State(state): State<AppState>,
    Path(service): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let sandbox = match sandbox(&state) {
        Ok(sandbox) => sandbox,
        Err(err) => return err.into_response(),
    };
    let key = headers.get("idempotency-key").and_then(|v| v.to_str().ok());
    match sandbox.receive(&state.db, &service, bearer(&headers), key, &body, state.clock.now()).await {
        Ok(answer) => {
            let status = StatusCode::from_u16(answer.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            (status, axum::Json(answer.body)).into_response()
        }
        Err(err) => err.into_response(),
    }
}

#[derive(serde::Deserialize)]
pub struct ModeForm {
    mode: Mode,
}

/// `POST /sandbox/national/mode`: the tester makes the sandbox work, fail or be slow.
pub async fn set_mode(
    State(state): State<AppState>,
    headers: HeaderMap,
    axum::Form(form): axum::Form<ModeForm>,
) -> Response {
    match tester(&state, &headers) {
        Ok(sandbox) => {
            sandbox.set_mode(form.mode);
            StatusCode::NO_CONTENT.into_response()
        }
        Err(err) => err.into_response(),
    }
}

/// `GET /sandbox/national/dossiers/{code}`: what the sandbox received about a dossier.
pub async fn received(State(state): State<AppState>, headers: HeaderMap, Path(code): Path<String>) -> Response {
    if let Err(err) = tester(&state, &headers) {
        return err.into_response();
    }
    if code.len() > 64 {
        return AppError::NotFound.into_response();
    }
    match app::server::national::sandbox::received(&state.db, &code).await {
        Ok(list) => axum::Json(list).into_response(),
        Err(err) => err.into_response(),
    }
}
