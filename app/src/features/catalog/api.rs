//! Server functions of the catalog: thin wrappers over `server::catalog`.

use crate::domain::catalog::{CatalogFilters, CatalogQuery, ProcedureDetail, ProcedurePage};
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// One page of procedures matching the query. JSON, because an empty query
/// (every field absent) has no URL-encoded form.
#[server(endpoint = "search_procedures", input = Json)]
pub async fn search_procedures(query: CatalogQuery) -> Result<ProcedurePage, AppError> {
    let db = crate::server::state::use_db()?;
    crate::server::auth::respond(crate::server::catalog::search(&db, &query).await)
}

/// Sectors and agencies for the filters and the home page.
#[server(endpoint = "list_catalog_filters")]
pub async fn list_catalog_filters() -> Result<CatalogFilters, AppError> {
    let db = crate::server::state::use_db()?;
    Ok(crate::server::catalog::filters(&db).await?)
}

/// The full record of one procedure; `None` for an unknown code.
#[server(endpoint = "get_procedure")]
pub async fn get_procedure(code: String) -> Result<Option<ProcedureDetail>, AppError> {
    let db = crate::server::state::use_db()?;
    Ok(crate::server::catalog::detail(&db, &code).await?)
}
