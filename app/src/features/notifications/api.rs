//! Server functions of notifications: each user sees and marks only their own.

use crate::domain::notification::{Inbox, MailChoice};
use crate::error::AppError;
use leptos::prelude::*;

/// The newest notifications and the unread count.
#[server(endpoint = "get_inbox")]
pub async fn get_inbox() -> Result<Inbox, AppError> {
    crate::server::call::serve(async |call| {
        let state = &call.state;
        let (me, _) = call.signed_in()?;
        crate::server::notifications::inbox(&state.db, &me).await
    })
    .await
}

/// The bell's number.
#[server(endpoint = "count_unread_notifications")]
pub async fn count_unread_notifications() -> Result<u64, AppError> {
    crate::server::call::serve(async |call| {
        let state = &call.state;
        let (me, _) = call.signed_in()?;
        crate::server::notifications::unread_count(&state.db, &me).await
    })
    .await
}

/// Marks one notification (`id`) or all of them as read.
#[server(endpoint = "mark_notifications_read")]
pub async fn mark_notifications_read(id: Option<i64>) -> Result<(), AppError> {
    use crate::server::auth;
    crate::server::call::serve(async |call| {
        let state = &call.state;
        let (me, _) = call.signed_in()?;
        crate::server::notifications::mark_read(&state.db, &me, id, call.now).await?;
        auth::redirect_plain_form("/notifications");
        Ok(())
    })
    .await
}

/// The statuses whose changes mail the citizen, and whether by SMS too.
#[server(endpoint = "get_mail_statuses")]
pub async fn get_mail_statuses() -> Result<MailChoice, AppError> {
    crate::server::call::serve(async |call| {
        let state = &call.state;
        let (me, _) = call.signed_in()?;
        crate::server::notifications::delivery(&state.db, &me).await
    })
    .await
}

/// Chooses the statuses whose changes mail the citizen (stored names; none checked
/// is an empty choice) and, with `sms` checked, text them too. A plain HTML form
/// (no JavaScript) comes back to `/account`.
#[server(endpoint = "save_mail_statuses")]
pub async fn save_mail_statuses(
    #[server(default)] statuses: Vec<String>,
    #[server(default)] sms: Option<String>,
) -> Result<MailChoice, AppError> {
    use crate::server::auth;
    crate::server::call::serve(async |call| {
        let state = &call.state;
        let (me, _) = call.signed_in()?;
        let texts = sms.is_some_and(|value| !value.is_empty());
        let chosen = crate::server::notifications::save_delivery(&state.db, &me, &statuses, texts, call.now).await?;
        auth::redirect_plain_form("/account?mail=saved#mail-settings-heading");
        Ok(chosen)
    })
    .await
}
