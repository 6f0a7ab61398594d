//! Server functions of the sync page.

use crate::domain::national::SyncOverview;
use crate::error::AppError;
use leptos::prelude::*;

/// The caller's agency's sync with the national portal (every agency's for a system administrator).
#[server(endpoint = "sync_overview")]
pub async fn get_sync_overview() -> Result<SyncOverview, AppError> {
    crate::server::call::serve(async |call| {
        let (me, _) = call.signed_in()?;
        crate::server::national::overview(&call.state.db, &me, call.now).await
    })
    .await
}

/// Sends refused message `id` again (a plain form comes back to the page).
#[server(endpoint = "resend_sync")]
pub async fn resend_sync(id: i64) -> Result<(), AppError> {
    crate::server::call::serve(async |call| {
        let (me, _) = call.signed_in()?;
        crate::server::national::resend_for(&call.state.db, &me, id, call.now).await?;
        crate::server::auth::redirect_plain_form(&format!("/dashboard/sync?resent={id}"));
        Ok(())
    })
    .await
}
