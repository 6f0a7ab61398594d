//! Server functions of the officials' dashboard: managing officials. The
//! policy admits administrators only; the service scopes them to the
//! agencies they manage.

use crate::domain::access::{AgencyRef, Role};
use crate::domain::account::{CreatedOfficial, NewOfficial, OfficialSummary};
use crate::domain::calendar::CalendarDay;
use crate::domain::dashboard::{CaseView, QueuePage, QueueQuery, StatisticsRow};
use crate::domain::workflow::ActionRequest;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// Agencies this administrator may put officials in, matching `query` (at most 50).
#[server(endpoint = "list_managed_agencies")]
pub async fn list_managed_agencies(query: Option<String>) -> Result<Vec<AgencyRef>, AppError> {
    use crate::server::accounts::officials::{self, Admin};
    crate::server::call::serve(async |call| {
        let state = &call.state;
        let (me, _) = call.signed_in()?;
        let client = call.auth.client.clone();
        let query = query.unwrap_or_default();
        officials::managed_agencies(&state.db, &Admin::Session(&me, &client), &query).await
    })
    .await
}

/// The officials this administrator manages.
#[server(endpoint = "list_officials")]
pub async fn list_officials() -> Result<Vec<OfficialSummary>, AppError> {
    use crate::server::accounts::officials::{self, Admin};
    crate::server::call::serve(async |call| {
        let state = &call.state;
        let (me, _) = call.signed_in()?;
        let client = call.auth.client.clone();
        officials::list(&state.db, &Admin::Session(&me, &client)).await
    })
    .await
}

/// Creates an official; answers the temporary password to hand over.
#[server(endpoint = "create_official")]
pub async fn create_official(form: NewOfficial) -> Result<CreatedOfficial, AppError> {
    use crate::server::accounts::officials::{self, Admin};
    crate::server::call::serve(async |call| {
        let state = &call.state;
        let (me, _) = call.signed_in()?;
        let client = call.auth.client.clone();
        officials::create(&state.db, &Admin::Session(&me, &client), &form, chrono::Utc::now()).await
    })
    .await
}

/// Replaces an official's roles.
#[server(endpoint = "set_official_roles")]
pub async fn set_official_roles(id: i32, roles: Vec<Role>) -> Result<(), AppError> {
    use crate::server::accounts::officials::{self, Admin};
    crate::server::call::serve(async |call| {
        let state = &call.state;
        let (me, _) = call.signed_in()?;
        let client = call.auth.client.clone();
        officials::set_roles(&state.db, &Admin::Session(&me, &client), id, &roles, chrono::Utc::now()).await
    })
    .await
}

/// Disables or re-enables an official.
#[server(endpoint = "set_official_disabled")]
pub async fn set_official_disabled(id: i32, disabled: bool) -> Result<(), AppError> {
    use crate::server::accounts::officials::{self, Admin};
    crate::server::call::serve(async |call| {
        let state = &call.state;
        let (me, _) = call.signed_in()?;
        let client = call.auth.client.clone();
        officials::set_disabled(&state.db, &Admin::Session(&me, &client), id, disabled, chrono::Utc::now()).await
    })
    .await
}

// ---- The desk: queues, review, actions, statistics, calendar ----
// The policy admits officials; the services scope them to their agency and
// the workflow table to their roles.

/// A page of one of the official's work queues.
#[server(endpoint = "list_queue", input = Json)]
pub async fn list_queue(query: QueueQuery) -> Result<QueuePage, AppError> {
    crate::server::call::serve(async |call| {
        let state = &call.state;
        let (me, _) = call.signed_in()?;
        let today = call.today();
        crate::server::dashboard::queue::queue(&state.db, &me, &query, today).await
    })
    .await
}

/// A dossier of the official's agency, with the actions open to them.
#[server(endpoint = "get_case")]
pub async fn get_case(code: String) -> Result<CaseView, AppError> {
    crate::server::call::serve(async |call| {
        let state = &call.state;
        let (me, _) = call.signed_in()?;
        let today = call.today();
        crate::server::dashboard::case::case(&state.db, &me, &code, today).await
    })
    .await
}

/// Takes an action on a dossier; answers its new version.
#[server(endpoint = "act_on_dossier", input = Json)]
pub async fn act_on_dossier(request: ActionRequest) -> Result<i32, AppError> {
    crate::server::call::serve(async |call| {
        let state = &call.state;
        let (me, _) = call.signed_in()?;
        crate::server::workflow::act::act(&state.db, &state.events, &state.results, &me, &request, call.now).await
    })
    .await
}

/// Adds an internal note to a dossier.
#[server(endpoint = "add_case_note")]
pub async fn add_case_note(code: String, body: String) -> Result<(), AppError> {
    crate::server::call::serve(async |call| {
        let state = &call.state;
        let (me, _) = call.signed_in()?;
        crate::server::workflow::act::add_note(&state.db, &me, &code, &body, call.now).await
    })
    .await
}

/// The processing statistics of the official's agency.
#[server(endpoint = "get_statistics")]
pub async fn get_statistics() -> Result<Vec<StatisticsRow>, AppError> {
    crate::server::call::serve(async |call| {
        let state = &call.state;
        let (me, _) = call.signed_in()?;
        let today = call.today();
        crate::server::dashboard::statistics::statistics(&state.db, &me, today).await
    })
    .await
}

/// The calendar's exceptions (holidays and make-up working days).
#[server(endpoint = "list_holidays")]
pub async fn list_holidays() -> Result<Vec<CalendarDay>, AppError> {
    crate::server::call::serve(async |call| {
        let state = &call.state;
        crate::server::calendar::list(&state.db).await
    })
    .await
}

/// Adds or replaces a day of the calendar.
#[server(endpoint = "save_holiday", input = Json)]
pub async fn save_holiday(day: CalendarDay) -> Result<(), AppError> {
    crate::server::call::serve(async |call| {
        let state = &call.state;
        let (me, _) = call.signed_in()?;
        crate::server::calendar::save(&state.db, &day).await?;
        audit_calendar(&state.db, &me, "holiday_saved", day.day).await
    })
    .await
}

/// Removes a day from the calendar.
#[server(endpoint = "remove_holiday")]
pub async fn remove_holiday(day: chrono::NaiveDate) -> Result<(), AppError> {
    crate::server::call::serve(async |call| {
        let state = &call.state;
        let (me, _) = call.signed_in()?;
        crate::server::calendar::remove(&state.db, day).await?;
        audit_calendar(&state.db, &me, "holiday_removed", day).await
    })
    .await
}

#[cfg(feature = "ssr")]
async fn audit_calendar(
    db: &sea_orm::DatabaseConnection,
    me: &crate::domain::access::SessionUser,
    action: &'static str,
    day: chrono::NaiveDate,
) -> Result<(), AppError> {
    use crate::server::auth::audit::{AuditEvent, record};
    let client = crate::server::auth::request_auth().client;
    record(
        db,
        AuditEvent {
            actor_id: Some(me.id),
            actor: &me.full_name,
            action,
            subject: Some(day.to_string()),
            outcome: "ok",
            ip: client.ip.as_deref(),
            detail: None,
        },
    )
    .await?;
    Ok(())
}
