//! Server functions of the catalog: thin wrappers over `server::catalog`.

use crate::domain::catalog::{
    AgencyPage, AgencyQuery, CatalogFilters, CatalogQuery, Implementer, ProcedureDetail, ProcedurePage,
};
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

/// One page of the country's agencies (on a procedure's page: those that
/// implement it, `query.procedure`).
#[server(endpoint = "search_agencies", input = Json)]
pub async fn search_agencies(query: AgencyQuery) -> Result<AgencyPage, AppError> {
    crate::server::call::serve(async |call| crate::server::agencies::search(&call.state.db, &query).await).await
}

/// The agencies of `province` where the procedure `code` is filed, with
/// their terms (the apply page's choice of agency).
#[server(endpoint = "list_implementers")]
pub async fn list_implementers(code: String, province: Option<i32>) -> Result<Vec<Implementer>, AppError> {
    crate::server::call::serve(async |call| {
        crate::server::agencies::implementers_of(&call.state.db, &code, province).await
    })
    .await
}
