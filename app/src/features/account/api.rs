//! Server functions of accounts. Each is thin: the access policy
//! (`server::auth::policy`) already admitted the caller; these call a service
//! and send its answer (with the right HTTP status) back.

use crate::domain::access::SessionUser;
use crate::domain::account::{PasswordChange, Profile, ProfileUpdate, Registration, TwoFactorEnrolment};
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// A province or ward, for address pickers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Place {
    pub code: i32,
    pub name: String,
}

/// The signed-in user, if any.
#[server(endpoint = "current_user")]
pub async fn current_user() -> Result<Option<SessionUser>, AppError> {
    Ok(crate::server::auth::request_auth().user)
}

/// Registers a citizen and signs them in; answers the page to go to.
#[server(endpoint = "register_citizen")]
pub async fn register_citizen(form: Registration) -> Result<String, AppError> {
    use crate::server::accounts;
    crate::server::call::serve(async |call| {
        let state = &call.state;
        let auth_now = call.auth.clone();
        let client = auth_now.client;
        if let Some(previous) = auth_now.session_id {
            crate::server::auth::session::end(&state.db, &previous).await?;
        }
        let started = accounts::register(&state.db, &state.auth, &form, &client, chrono::Utc::now()).await?;
        Ok(call.continue_session(&started, None))
    })
    .await
}

/// How people sign in here: with VNeID (when configured), and whether
/// citizens may still register and use a password.
#[server(endpoint = "sign_in_options")]
pub async fn sign_in_options() -> Result<crate::domain::access::SignInOptions, AppError> {
    crate::server::call::serve(async |call| {
        Ok(crate::domain::access::SignInOptions {
            vneid: call.state.vneid.is_some(),
            citizen_password: call.state.auth.citizen_password_login,
        })
    })
    .await
}

/// The VNeID sandbox's page: the authorisation request its query makes, and
/// the test identities to choose from.
#[server(endpoint = "sandbox_sign_in", input = leptos::server_fn::codec::Json)]
pub async fn sandbox_sign_in(query: String) -> Result<crate::domain::identity::SandboxRequest, AppError> {
    crate::server::call::serve(async |call| {
        let provider = call.state.vneid_sandbox.as_ref().ok_or(AppError::NotFound)?;
        provider.request(&crate::server::vneid::sandbox::parse_params(&query))
    })
    .await
}

/// Signs in with an ID number or e-mail and a password; answers the page to go
/// to (the next step of signing in, or `next`).
#[server(endpoint = "sign_in")]
pub async fn sign_in(identifier: String, password: String, next: Option<String>) -> Result<String, AppError> {
    use crate::server::accounts;
    crate::server::call::serve(async |call| {
        let state = &call.state;
        let auth_now = call.auth.clone();
        let client = auth_now.client;
        // Whatever session this browser had ends: a new one is made (no fixation).
        if let Some(previous) = auth_now.session_id {
            crate::server::auth::session::end(&state.db, &previous).await?;
        }
        let started =
            accounts::sign_in(&state.db, &state.auth, &identifier, &password, &client, chrono::Utc::now()).await?;
        Ok(call.continue_session(&started, next.as_deref()))
    })
    .await
}

/// Checks the one-time code of a session waiting for the second factor.
#[server(endpoint = "verify_second_factor")]
pub async fn verify_second_factor(code: String, next: Option<String>) -> Result<String, AppError> {
    use crate::server::accounts;
    crate::server::call::serve(async |call| {
        let state = &call.state;
        let (me, session_id) = call.signed_in()?;
        let client = call.auth.client.clone();
        let started = accounts::verify_second_factor(
            &state.db,
            &state.auth,
            &me,
            &session_id,
            &code,
            &client,
            chrono::Utc::now(),
        )
        .await?;
        Ok(call.continue_session(&started, next.as_deref()))
    })
    .await
}

/// Ends this session.
#[server(endpoint = "sign_out")]
pub async fn sign_out() -> Result<(), AppError> {
    use crate::server::{accounts, auth};
    crate::server::call::serve(async |call| {
        let state = &call.state;
        let (me, session_id) = call.signed_in()?;
        accounts::sign_out(&state.db, &me, &session_id, &call.auth.client.clone()).await?;
        auth::clear_session_cookie(&state.auth);
        auth::redirect_plain_form("/");
        Ok(())
    })
    .await
}

/// Ends every session of this account, on every device.
#[server(endpoint = "sign_out_everywhere")]
pub async fn sign_out_everywhere() -> Result<(), AppError> {
    use crate::server::{accounts, auth};
    crate::server::call::serve(async |call| {
        let state = &call.state;
        let (me, _) = call.signed_in()?;
        accounts::sign_out_everywhere(&state.db, &me, &call.auth.client.clone()).await?;
        auth::clear_session_cookie(&state.auth);
        auth::redirect_plain_form("/");
        Ok(())
    })
    .await
}

/// Changes the password; answers the page to go to next.
#[server(endpoint = "change_password")]
pub async fn change_password(form: PasswordChange) -> Result<String, AppError> {
    use crate::server::accounts;
    crate::server::call::serve(async |call| {
        let state = &call.state;
        let (me, session_id) = call.signed_in()?;
        let client = call.auth.client.clone();
        let started =
            accounts::change_password(&state.db, &state.auth, &me, &session_id, &form, &client, chrono::Utc::now())
                .await?;
        Ok(call.continue_session(&started, None))
    })
    .await
}

/// A new second-factor secret to put in an authenticator app.
#[server(endpoint = "start_two_factor_enrolment")]
pub async fn start_two_factor_enrolment() -> Result<TwoFactorEnrolment, AppError> {
    use crate::server::accounts;
    crate::server::call::serve(async |call| {
        let state = &call.state;
        let (me, _) = call.signed_in()?;
        accounts::start_two_factor_enrolment(&state.db, &me).await
    })
    .await
}

/// Turns the second factor on with a first code from the app.
#[server(endpoint = "confirm_two_factor_enrolment")]
pub async fn confirm_two_factor_enrolment(code: String) -> Result<String, AppError> {
    use crate::server::accounts;
    crate::server::call::serve(async |call| {
        let state = &call.state;
        let (me, session_id) = call.signed_in()?;
        let client = call.auth.client.clone();
        let started = accounts::confirm_two_factor_enrolment(
            &state.db,
            &state.auth,
            &me,
            &session_id,
            &code,
            &client,
            chrono::Utc::now(),
        )
        .await?;
        Ok(call.continue_session(&started, None))
    })
    .await
}

/// The signed-in person's profile.
#[server(endpoint = "get_profile")]
pub async fn get_profile() -> Result<Profile, AppError> {
    use crate::server::accounts;
    crate::server::call::serve(async |call| {
        let state = &call.state;
        let (me, _) = call.signed_in()?;
        accounts::profile(&state.db, &me).await
    })
    .await
}

/// Saves the editable part of the profile.
#[server(endpoint = "update_profile")]
pub async fn update_profile(form: ProfileUpdate) -> Result<Profile, AppError> {
    use crate::server::accounts;
    crate::server::call::serve(async |call| {
        let state = &call.state;
        let (me, _) = call.signed_in()?;
        accounts::update_profile(&state.db, &me, &form, &call.auth.client.clone(), chrono::Utc::now()).await
    })
    .await
}

/// The 34 provinces and centrally-run cities (2025).
#[server(endpoint = "list_provinces")]
pub async fn list_provinces() -> Result<Vec<Place>, AppError> {
    crate::server::call::serve(async |call| {
        let provinces = crate::server::places::provinces(&call.state.db).await?;
        Ok(provinces.into_iter().map(|(code, name)| Place { code, name }).collect())
    })
    .await
}

/// The wards and communes of a province (2025).
#[server(endpoint = "list_wards")]
pub async fn list_wards(province_code: i32) -> Result<Vec<Place>, AppError> {
    crate::server::call::serve(async |call| {
        let wards = crate::server::places::wards(&call.state.db, province_code).await?;
        Ok(wards.into_iter().map(|(code, name)| Place { code, name }).collect())
    })
    .await
}

/// Mails a password reset link to the account with this e-mail or ID number.
/// The answer is the same whether or not such an account exists.
#[server(endpoint = "request_password_reset")]
pub async fn request_password_reset(identifier: String) -> Result<(), AppError> {
    use crate::server::auth;
    crate::server::call::serve(async |call| {
        let state = &call.state;
        let client = call.auth.client.clone();
        crate::server::accounts::reset::request(&state.db, &state.auth, &identifier, &client, call.now).await?;
        auth::redirect_plain_form("/account/forgot?sent=1");
        Ok(())
    })
    .await
}

/// Sets a new password with the token of a reset link; every session ends.
#[server(endpoint = "reset_password")]
pub async fn reset_password(token: String, password: String, confirm: String) -> Result<(), AppError> {
    use crate::server::auth;
    crate::server::call::serve(async |call| {
        let state = &call.state;
        let client = call.auth.client.clone();
        crate::server::accounts::reset::reset(&state.db, &token, &password, &confirm, &client, call.now).await?;
        auth::redirect_plain_form("/login?reset=1");
        Ok(())
    })
    .await
}
