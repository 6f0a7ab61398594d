//! Server functions of the API tokens page.

use crate::domain::api_token::{ApiScope, ApiTokenSummary, CreatedApiToken};
use crate::error::AppError;
use leptos::prelude::*;

/// The administrator's agency's tokens, newest first.
#[server(endpoint = "list_api_tokens")]
pub async fn list_api_tokens() -> Result<Vec<ApiTokenSummary>, AppError> {
    crate::server::call::serve(async |call| {
        let (me, _) = call.signed_in()?;
        crate::server::api_tokens::list(&call.state.db, &me).await
    })
    .await
}

/// A new token for the administrator's agency (answered once).
#[server(endpoint = "create_api_token")]
pub async fn create_api_token(name: String, scope: Option<ApiScope>) -> Result<CreatedApiToken, AppError> {
    crate::server::call::serve(async |call| {
        let (me, _) = call.signed_in()?;
        let form = crate::domain::api_token::NewApiToken { name, scope };
        crate::server::api_tokens::create(&call.state.db, &me, &form, call.now).await
    })
    .await
}

/// Revokes token `id` at once (a plain form comes back to the page).
#[server(endpoint = "revoke_api_token")]
pub async fn revoke_api_token(id: i32) -> Result<(), AppError> {
    crate::server::call::serve(async |call| {
        let (me, _) = call.signed_in()?;
        crate::server::api_tokens::revoke(&call.state.db, &me, id, call.now).await?;
        crate::server::auth::redirect_plain_form(&format!("/dashboard/api-tokens?revoked={id}"));
        Ok(())
    })
    .await
}
