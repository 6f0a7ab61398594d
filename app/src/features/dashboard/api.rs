//! Server functions of the officials' dashboard: managing officials. The
//! policy admits administrators only; the service scopes them to the
//! agencies they manage.

use crate::domain::access::{AgencyRef, Role};
use crate::domain::account::{CreatedOfficial, NewOfficial, OfficialSummary};
use crate::error::AppError;
use leptos::prelude::*;

/// Agencies this administrator may put officials in.
#[server(endpoint = "list_managed_agencies")]
pub async fn list_managed_agencies() -> Result<Vec<AgencyRef>, AppError> {
    use crate::server::accounts::officials::{self, Admin};
    use crate::server::auth;
    auth::respond(
        async {
            let state = crate::server::state::use_state()?;
            let (me, _) = auth::signed_in()?;
            let client = auth::request_auth().client;
            officials::managed_agencies(&state.db, &Admin::Session(&me, &client)).await
        }
        .await,
    )
}

/// The officials this administrator manages.
#[server(endpoint = "list_officials")]
pub async fn list_officials() -> Result<Vec<OfficialSummary>, AppError> {
    use crate::server::accounts::officials::{self, Admin};
    use crate::server::auth;
    auth::respond(
        async {
            let state = crate::server::state::use_state()?;
            let (me, _) = auth::signed_in()?;
            let client = auth::request_auth().client;
            officials::list(&state.db, &Admin::Session(&me, &client)).await
        }
        .await,
    )
}

/// Creates an official; answers the temporary password to hand over.
#[server(endpoint = "create_official")]
pub async fn create_official(form: NewOfficial) -> Result<CreatedOfficial, AppError> {
    use crate::server::accounts::officials::{self, Admin};
    use crate::server::auth;
    auth::respond(
        async {
            let state = crate::server::state::use_state()?;
            let (me, _) = auth::signed_in()?;
            let client = auth::request_auth().client;
            officials::create(&state.db, &Admin::Session(&me, &client), &form, chrono::Utc::now()).await
        }
        .await,
    )
}

/// Replaces an official's roles.
#[server(endpoint = "set_official_roles")]
pub async fn set_official_roles(id: i32, roles: Vec<Role>) -> Result<(), AppError> {
    use crate::server::accounts::officials::{self, Admin};
    use crate::server::auth;
    auth::respond(
        async {
            let state = crate::server::state::use_state()?;
            let (me, _) = auth::signed_in()?;
            let client = auth::request_auth().client;
            officials::set_roles(&state.db, &Admin::Session(&me, &client), id, &roles, chrono::Utc::now()).await
        }
        .await,
    )
}

/// Disables or re-enables an official.
#[server(endpoint = "set_official_disabled")]
pub async fn set_official_disabled(id: i32, disabled: bool) -> Result<(), AppError> {
    use crate::server::accounts::officials::{self, Admin};
    use crate::server::auth;
    auth::respond(
        async {
            let state = crate::server::state::use_state()?;
            let (me, _) = auth::signed_in()?;
            let client = auth::request_auth().client;
            officials::set_disabled(&state.db, &Admin::Session(&me, &client), id, disabled, chrono::Utc::now()).await
        }
        .await,
    )
}
