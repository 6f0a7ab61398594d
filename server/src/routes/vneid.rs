//! Signing in with VNeID (`/login/vneid` → the provider → `/login/vneid/callback`),
//! by plain redirects (no JavaScript needed), and the sandbox provider's
//! endpoints (`/sandbox/vneid/…`; its page is `features::account::vneid_sandbox_page`).

use app::domain::redirect::local_path;
use app::error::AppError;
use app::server::auth::session;
use app::server::auth::{RequestAuth, rate_limit};
use app::server::state::AppState;
use app::server::vneid::{Callback, TRIP_MINUTES, state_cookie};
use axum::Extension;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

#[derive(Deserialize)]
pub struct Start {
    /// The level of assurance needed (2 to submit where a procedure needs it).
    level: Option<u8>,
    next: Option<String>,
}

/// `GET /login/vneid?level=&next=`: off to the provider (303), the trip's
/// `state` in a cookie of this browser.
pub async fn start(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    Query(start): Query<Start>,
) -> Response {
    let Some(vneid) = state.vneid.as_ref() else { return AppError::NotFound.into_response() };
    let now = chrono::Utc::now();
    // Each trip is a row: counted with the sign-ins of the address.
    if let Some(limited) = limited(&state, &auth, now).await {
        return limited;
    }
    let level = start.level.unwrap_or(1).clamp(1, 2);
    let next = start.next.as_deref().and_then(local_path);
    match vneid.begin(&state.db, level, next, now).await {
        Ok(trip) => {
            let secure = if state.auth.secure_cookies { "; Secure" } else { "" };
            let cookie = format!(
                "{}={}; Path=/login/vneid; HttpOnly; SameSite=Lax; Max-Age={}{secure}",
                state_cookie(state.auth.secure_cookies),
                trip.state,
                TRIP_MINUTES * 60
            );
            with_cookie(Redirect::to(&trip.url).into_response(), &cookie)
        }
        Err(err) => err.into_response(),
    }
}

/// `GET /login/vneid/callback?code=&state=`: the trip comes back; signed in,
/// the person goes where they were headed, else to the sign-in page, which
/// says it did not work.
pub async fn callback(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    headers: HeaderMap,
    Query(back): Query<Callback>,
) -> Response {
    let Some(vneid) = state.vneid.as_ref() else { return AppError::NotFound.into_response() };
    let now = chrono::Utc::now();
    if let Some(limited) = limited(&state, &auth, now).await {
        return limited;
    }
    let cookie_name = state_cookie(state.auth.secure_cookies);
    let browser_state = headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == cookie_name)
        .map(|(_, value)| value.to_owned());
    let secure = if state.auth.secure_cookies { "; Secure" } else { "" };
    let forget_trip = format!("{cookie_name}=; Path=/login/vneid; HttpOnly; SameSite=Lax; Max-Age=0{secure}");
    let failed = || with_cookie(Redirect::to("/login?vneid=failed").into_response(), &forget_trip);
    let (identity, next) = match vneid.finish(&state.db, &back, browser_state.as_deref(), now).await {
        Ok(found) => found,
        Err(refused) => {
            if let Err(err) = app::server::accounts::vneid::record_refusal(&state.db, &refused, &auth.client).await {
                return err.into_response();
            }
            return failed();
        }
    };
    let started = app::server::accounts::vneid::sign_in(
        &state.db,
        &state.auth,
        &identity,
        auth.session_id.as_deref(),
        &auth.client,
        now,
    )
    .await;
    match started {
        Ok(started) => {
            let target = app::server::accounts::destination(started.stage, next.as_deref());
            let response = with_cookie(Redirect::to(&target).into_response(), &forget_trip);
            with_cookie(response, &session::set_cookie(&state.auth, &started.token))
        }
        Err(AppError::Internal(cause)) => AppError::Internal(cause).into_response(),
        Err(_) => failed(),
    }
}

/// The answer when the address has signed in (or tried to) too often.
async fn limited(state: &AppState, auth: &RequestAuth, now: chrono::DateTime<chrono::Utc>) -> Option<Response> {
    let key = auth.client.limit_key("sign_in");
    match rate_limit::hit(&state.db, &key, state.auth.sign_in_per_ip, now).await {
        Ok(Some(retry_after_secs)) => Some(AppError::RateLimited { retry_after_secs }.into_response()),
        Ok(None) => None,
        Err(err) => Some(AppError::from(err).into_response()),
    }
}

fn with_cookie(mut response: Response, cookie: &str) -> Response {
    if let Ok(value) = HeaderValue::from_str(cookie) {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
    response
}

/// `GET /sandbox/vneid/.well-known/openid-configuration`.
pub async fn sandbox_discovery(State(state): State<AppState>) -> Response {
    match state.vneid_sandbox.as_ref() {
        Some(provider) => axum::Json(provider.discovery()).into_response(),
        None => AppError::NotFound.into_response(),
    }
}

/// `GET /sandbox/vneid/jwks`.
pub async fn sandbox_jwks(State(state): State<AppState>) -> Response {
    match state.vneid_sandbox.as_ref() {
        Some(provider) => axum::Json(provider.jwks()).into_response(),
        None => AppError::NotFound.into_response(),
    }
}

#[derive(Deserialize)]
pub struct Consent {
    /// The authorisation request's query, as the sandbox's page received it.
    query: String,
    choice: String,
}

/// `POST /sandbox/vneid/consent`: the tester chose an identity; back to the client (303).
pub async fn sandbox_consent(State(state): State<AppState>, axum::Form(consent): axum::Form<Consent>) -> Response {
    let Some(provider) = state.vneid_sandbox.as_ref() else { return AppError::NotFound.into_response() };
    let params = app::server::vneid::sandbox::parse_params(&consent.query);
    match provider.consent(&params, &consent.choice, chrono::Utc::now()) {
        Ok(url) => Redirect::to(&url).into_response(),
        Err(err) => err.into_response(),
    }
}

/// `POST /sandbox/vneid/token`: the code for the tokens (server to server).
pub async fn sandbox_token(State(state): State<AppState>, headers: HeaderMap, body: String) -> Response {
    let Some(provider) = state.vneid_sandbox.as_ref() else { return AppError::NotFound.into_response() };
    let form = app::server::vneid::sandbox::parse_params(&body);
    let authorization = headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok());
    match provider.token(&form, authorization, chrono::Utc::now()) {
        Ok(tokens) => ([(header::CACHE_CONTROL, "no-store")], axum::Json(tokens)).into_response(),
        Err((status, error)) => (
            axum::http::StatusCode::from_u16(status).unwrap_or(axum::http::StatusCode::BAD_REQUEST),
            axum::Json(serde_json::json!({"error": error})),
        )
            .into_response(),
    }
}
