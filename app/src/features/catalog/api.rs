//! Server functions of the catalog: thin wrappers over `server::catalog`.

use crate::domain::catalog::{CatalogFilters, CatalogQuery, ProcedureDetail, ProcedurePage};
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// One page of procedures matching the query. JSON, because an empty query
/// (every field absent) has no URL-encoded form.
#[server(endpoint = "search_procedures", input = Json)]
pub async fn search_procedures(query: CatalogQuery) -> Result<ProcedurePage, AppError> {
    crate::server::call::serve(async |call| crate::server::catalog::search(&call.state.db, &query).await).await
}

/// Sectors and agencies for the filters and the home page.
#[server(endpoint = "list_catalog_filters")]
pub async fn list_catalog_filters() -> Result<CatalogFilters, AppError> {
    crate::server::call::serve(async |call| Ok(crate::server::catalog::filters(&call.state.db).await?)).await
}

/// The full record of one procedure; `None` for an unknown code.
#[server(endpoint = "get_procedure")]
pub async fn get_procedure(code: String) -> Result<Option<ProcedureDetail>, AppError> {
    crate::server::call::serve(async |call| Ok(crate::server::catalog::detail(&call.state.db, &code).await?)).await
}
