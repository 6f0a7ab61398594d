//! Server functions of catalog administration. The policy admits
//! administrators only; the services scope them: an agency administrator to
//! their own agency (taken from the session), a system administrator to the
//! national forms and definitions.

use crate::domain::catalog::{Adoption, DefinitionEditor, FormEditor, LocalTerms, NewProcedure, Template};
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// The procedures the administrator's agency implements or may adopt.
#[server(endpoint = "list_adoptions")]
pub async fn list_adoptions(query: String) -> Result<Vec<Adoption>, AppError> {
    crate::server::call::serve(async |call| {
        let (me, _) = call.signed_in()?;
        crate::server::adoption::list(&call.state.db, &me, &query).await
    })
    .await
}

/// The administrator's agency implements procedure `code` from now on.
#[server(endpoint = "adopt_procedure")]
pub async fn adopt_procedure(code: String) -> Result<(), AppError> {
    crate::server::call::serve(async |call| {
        let (me, _) = call.signed_in()?;
        crate::server::adoption::adopt(&call.state.db, &me, &code).await
    })
    .await
}

/// The agency's own processing days and fees for a procedure it implements.
#[server(endpoint = "set_local_terms", input = Json)]
pub async fn set_local_terms(terms: LocalTerms) -> Result<(), AppError> {
    crate::server::call::serve(async |call| {
        let (me, _) = call.signed_in()?;
        crate::server::adoption::set_terms(&call.state.db, &me, &terms).await
    })
    .await
}

/// The form editor's view of procedure `code`.
#[server(endpoint = "get_form_editor")]
pub async fn get_form_editor(code: String) -> Result<FormEditor, AppError> {
    crate::server::call::serve(async |call| {
        let (me, _) = call.signed_in()?;
        crate::server::forms::editor(&call.state.db, &me, &code, call.today()).await
    })
    .await
}

/// Keeps `schema` (JSON) as the draft form; answers what stands in the way of publishing it.
#[server(endpoint = "save_form_draft", input = Json)]
pub async fn save_form_draft(code: String, schema: String) -> Result<Vec<String>, AppError> {
    crate::server::call::serve(async |call| {
        let (me, _) = call.signed_in()?;
        crate::server::forms::save_draft(&call.state.db, &me, &code, &schema, call.now).await
    })
    .await
}

/// Publishes the draft form — `schema`, the one on screen — in force from
/// `effective_from`; answers its version number.
#[server(endpoint = "publish_form", input = Json)]
pub async fn publish_form(code: String, schema: String, effective_from: chrono::NaiveDate) -> Result<i32, AppError> {
    crate::server::call::serve(async |call| {
        let (me, _) = call.signed_in()?;
        crate::server::forms::publish(&call.state.db, &me, &code, &schema, effective_from, call.today(), call.now).await
    })
    .await
}

/// Withdraws version `number` of the form (never the one in force).
#[server(endpoint = "withdraw_form")]
pub async fn withdraw_form(code: String, number: i32) -> Result<(), AppError> {
    crate::server::call::serve(async |call| {
        let (me, _) = call.signed_in()?;
        crate::server::forms::withdraw(&call.state.db, &me, &code, number, call.today(), call.now).await
    })
    .await
}

/// The definition editor's view of procedure `code` (system administrators).
#[server(endpoint = "get_definition_editor")]
pub async fn get_definition_editor(code: String) -> Result<DefinitionEditor, AppError> {
    crate::server::call::serve(async |call| {
        let (me, _) = call.signed_in()?;
        crate::server::definitions::editor(&call.state.db, &me, &code, call.today()).await
    })
    .await
}

/// Creates a national procedure from `text` (TOML; system administrators),
/// in force from today; answers its code or what stands in the way.
#[server(endpoint = "create_procedure", input = Json)]
pub async fn create_procedure(text: String) -> Result<NewProcedure, AppError> {
    crate::server::call::serve(async |call| {
        let (me, _) = call.signed_in()?;
        crate::server::definitions::create(&call.state.db, &me, &text, call.today(), call.now).await
    })
    .await
}

/// Every form template, by the file name a definition uses.
#[server(endpoint = "list_templates")]
pub async fn list_templates() -> Result<Vec<Template>, AppError> {
    crate::server::call::serve(async |call| crate::server::templates::list(&call.state.db).await).await
}

/// Keeps `text` (TOML) as the draft definition; answers what stands in the way of publishing it.
#[server(endpoint = "save_definition_draft", input = Json)]
pub async fn save_definition_draft(code: String, text: String) -> Result<Vec<String>, AppError> {
    crate::server::call::serve(async |call| {
        let (me, _) = call.signed_in()?;
        crate::server::definitions::save_draft(&call.state.db, &me, &code, &text, call.now).await
    })
    .await
}

/// Publishes the draft definition — `text`, the one on screen — in force
/// from `effective_from`; answers its version number.
#[server(endpoint = "publish_definition", input = Json)]
pub async fn publish_definition(
    code: String,
    text: String,
    effective_from: chrono::NaiveDate,
) -> Result<i32, AppError> {
    crate::server::call::serve(async |call| {
        let (me, _) = call.signed_in()?;
        let (db, today) = (&call.state.db, call.today());
        crate::server::definitions::publish(db, &me, &code, &text, effective_from, today, call.now).await
    })
    .await
}
