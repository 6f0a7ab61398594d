//! Server functions of the webhooks page. The buttons are plain forms: the
//! server comes back to the page with `?done=`.

use crate::domain::webhook::{CreatedWebhook, WebhookSummary};
use crate::error::AppError;
use leptos::prelude::*;

/// The administrator's agency's endpoints, each with its latest deliveries.
#[server(endpoint = "list_webhooks")]
pub async fn list_webhooks() -> Result<Vec<WebhookSummary>, AppError> {
    crate::server::call::serve(async |call| {
        let (me, _) = call.signed_in()?;
        crate::server::webhooks::list(&call.state.db, &me).await
    })
    .await
}

/// A new endpoint for the administrator's agency (its secret answered once).
#[server(endpoint = "create_webhook")]
pub async fn create_webhook(url: String, #[server(default)] events: Vec<String>) -> Result<CreatedWebhook, AppError> {
    crate::server::call::serve(async |call| {
        let (me, _) = call.signed_in()?;
        let local = call.state.webhooks.local;
        let form = crate::domain::webhook::NewWebhook { url, events };
        crate::server::webhooks::create(&call.state.db, &me, &form, local, call.now).await
    })
    .await
}

/// What an administrator does to endpoint `id`: `test`, `resume` or `remove`.
#[server(endpoint = "change_webhook")]
pub async fn change_webhook(id: i32, change: String) -> Result<(), AppError> {
    use crate::server::webhooks;
    crate::server::call::serve(async |call| {
        let (me, _) = call.signed_in()?;
        let db = &call.state.db;
        match change.as_str() {
            "test" => webhooks::send_test(db, &me, id, call.now).await?,
            "resume" => webhooks::resume(db, &me, id, call.now).await?,
            "remove" => webhooks::remove(db, &me, id, call.now).await?,
            _ => return Err(AppError::field("change", crate::domain::rules::Rule::NotAnOption)),
        }
        crate::server::auth::redirect_plain_form(&format!("/dashboard/webhooks?done={}", change));
        Ok(())
    })
    .await
}
