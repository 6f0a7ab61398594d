//! The open-data API, `/api/v1`: the catalog as JSON, described by OpenAPI.

use app::domain::catalog::*;
use app::domain::codes::{AgencyLevel, OnlineClass};
use app::domain::text::LocalText;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodRouter, get};
use sea_orm::DatabaseConnection;
use serde::Serialize;
use std::collections::HashMap;
use utoipa::OpenApi;

/// The API's description, served at `/api/v1/openapi.json`.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "DVC open data",
        version = "1",
        description = "Thủ tục hành chính — administrative procedures of the portal."
    ),
    paths(list_procedures, get_procedure),
    components(schemas(
        ProcedurePage,
        ProcedureSummary,
        ProcedureDetail,
        SectorRef,
        AgencyRef,
        DocumentRequirement,
        Template,
        Fee,
        FeeStage,
        Channel,
        LegalDocument,
        LocalText,
        OnlineClass,
        AgencyLevel,
        ApiError
    ))
)]
pub struct ApiDoc;

/// The API's routes, by path under `/api/v1`.
pub fn routes() -> Vec<(&'static str, MethodRouter<app::server::state::AppState>)> {
    vec![
        ("/api/v1/procedures", get(list_procedures)),
        ("/api/v1/procedures/{code}", get(get_procedure)),
        ("/api/v1/openapi.json", get(openapi)),
        // A wildcard, not a fallback: it must win over the server functions' `/api/{*fn_name}`.
        (
            "/api/v1/{*rest}",
            get(|| async { ApiError::response(StatusCode::NOT_FOUND, "Không có API này. No such API.") }),
        ),
    ]
}

/// An API error: a message in Vietnamese and English.
#[derive(Serialize, utoipa::ToSchema)]
pub struct ApiError {
    pub error: String,
}

impl ApiError {
    fn response(status: StatusCode, message: &str) -> Response {
        (status, Json(ApiError { error: message.to_owned() })).into_response()
    }

    fn internal(err: sea_orm::DbErr) -> Response {
        tracing::error!(error = %err, "catalog API query failed");
        Self::response(
            StatusCode::INTERNAL_SERVER_ERROR,
            "Lỗi hệ thống, vui lòng thử lại. Internal error, please retry.",
        )
    }
}

/// Searches procedures; same parameters and semantics as the `/procedures` page.
#[utoipa::path(
    get,
    path = "/api/v1/procedures",
    params(CatalogQuery),
    responses((status = 200, description = "One page of procedures", body = ProcedurePage))
)]
async fn list_procedures(
    State(db): State<DatabaseConnection>,
    Query(params): Query<HashMap<String, String>>,
) -> Response {
    let query = CatalogQuery::from_params(|key| params.get(key).cloned());
    match app::server::catalog::search(&db, &query).await {
        Ok(page) => Json(page).into_response(),
        Err(err) => ApiError::internal(err),
    }
}

/// Everything published about one procedure.
#[utoipa::path(
    get,
    path = "/api/v1/procedures/{code}",
    params(("code" = String, Path, description = "National procedure code, e.g. 1.001193")),
    responses(
        (status = 200, description = "The procedure", body = ProcedureDetail),
        (status = 404, description = "No procedure has this code", body = ApiError)
    )
)]
async fn get_procedure(State(db): State<DatabaseConnection>, Path(code): Path<String>) -> Response {
    match app::server::catalog::detail(&db, &code).await {
        Ok(Some(detail)) => Json(detail).into_response(),
        Ok(None) => ApiError::response(StatusCode::NOT_FOUND, "Không tìm thấy thủ tục. Procedure not found."),
        Err(err) => ApiError::internal(err),
    }
}

async fn openapi() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}
