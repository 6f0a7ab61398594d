//! What every server function works with, read once: the instance's state,
//! what the middleware learnt about the caller (session, user, address), and
//! "now" on the workflow clock. [`serve`] runs a server function's work with
//! it and sends an error's HTTP status (and `Retry-After`) with the answer.

use crate::domain::access::SessionUser;
use crate::error::AppError;
use crate::server::auth::{self, RequestAuth};
use crate::server::state::AppState;
use chrono::{DateTime, NaiveDate, Utc};

/// One server function's call.
pub struct Call {
    pub state: AppState,
    pub auth: RequestAuth,
    /// The workflow clock's "now" (dossiers, deadlines, drafts). Sessions and
    /// sign-in keep the real time: see `server::clock`.
    pub now: DateTime<Utc>,
}

impl Call {
    fn current() -> Result<Self, AppError> {
        let state = crate::server::state::use_state()?;
        let now = state.clock.now();
        Ok(Self { state, auth: auth::request_auth(), now })
    }

    /// The signed-in user and their session's id (the access policy already
    /// admitted them; this only says who it is).
    pub fn signed_in(&self) -> Result<(SessionUser, String), AppError> {
        match (&self.auth.user, &self.auth.session_id) {
            (Some(user), Some(id)) => Ok((user.clone(), id.clone())),
            _ => Err(AppError::SignInRequired),
        }
    }

    /// Gives the browser the session a step of signing in started (its
    /// cookie) and answers where to go next: the next step, or `next` once
    /// signed in (plain-form posts are redirected there).
    pub fn continue_session(&self, started: &crate::server::accounts::Started, next: Option<&str>) -> String {
        auth::set_session_cookie(&self.state.auth, &started.token);
        let destination = crate::server::accounts::destination(started.stage, next);
        auth::redirect_plain_form(&destination);
        destination
    }

    /// Today in Vietnam, on the workflow clock.
    pub fn today(&self) -> NaiveDate {
        crate::domain::dossier::vietnam_date(self.now)
    }
}

/// Runs a server function's `work` and answers its result.
pub async fn serve<T>(work: impl AsyncFnOnce(Call) -> Result<T, AppError>) -> Result<T, AppError> {
    let result = match Call::current() {
        Ok(call) => work(call).await,
        Err(err) => Err(err),
    };
    respond(result)
}

/// Sends the error's HTTP status (and `Retry-After`) with the answer.
fn respond<T>(result: Result<T, AppError>) -> Result<T, AppError> {
    if let Err(err) = &result
        && let Some(response) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>()
    {
        response
            .set_status(http::StatusCode::from_u16(err.status()).unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR));
        if let AppError::RateLimited { retry_after_secs } = err {
            response.insert_header(http::header::RETRY_AFTER, http::HeaderValue::from(*retry_after_secs));
        }
    }
    result
}
