//! The open-data API, `/api/v1`: the catalog as JSON, described by OpenAPI.

use app::domain::catalog::*;
use app::domain::codes::{AgencyLevel, OnlineClass};
use app::domain::result::Verification;
use app::domain::rules::FieldErrors;
use app::domain::text::LocalText;
use app::domain::transparency::{
    Figures, GroupPoints, GroupRow, IndexGroup, Indicator, IndicatorValue, Level, PublicStatistics, ServiceIndex,
    StatisticsQuery,
};
use app::error::AppError;
use app::i18n::Locale;
use app::server::state::AppState;
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
        description = "Thủ tục hành chính — administrative procedures of the portal; hồ sơ của cơ quan — an agency's dossiers, with its API token."
    ),
    paths(
        list_procedures,
        get_procedure,
        get_procedure_version,
        list_agencies,
        get_result,
        get_statistics,
        get_statistics_csv,
        super::dossier_api::list_dossiers,
        super::dossier_api::get_dossier,
        super::dossier_api::act_on_dossier,
        super::dossier_api::file_dossier
    ),
    components(schemas(
        ProcedurePage,
        ProcedureSummary,
        ProcedureDetail,
        SectorRef,
        AgencyRef,
        AgencyPage,
        AgencySummary,
        DocumentRequirement,
        Template,
        Fee,
        FeeStage,
        Channel,
        LegalDocument,
        LocalText,
        OnlineClass,
        AgencyLevel,
        Verification,
        PublicStatistics,
        ServiceIndex,
        IndicatorValue,
        GroupPoints,
        IndexGroup,
        Indicator,
        GroupRow,
        Figures,
        Level,
        ApiError,
        super::dossier_api::ApiDossier,
        super::dossier_api::ApiDossierPage,
        super::dossier_api::ApiDossierDetail,
        super::dossier_api::ApiStep,
        super::dossier_api::ApiChoice,
        super::dossier_api::ApiActed,
        super::dossier_api::ApiFiled,
        app::domain::national::InboundDossier,
        app::domain::national::InboundApplicant
    )),
    modifiers(&BearerTokens)
)]
pub struct ApiDoc;

/// The dossier API's scheme: an agency's token (`/dashboard/api-tokens`) as a bearer token.
struct BearerTokens;

impl utoipa::Modify for BearerTokens {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        let components = openapi.components.get_or_insert_with(Default::default);
        let scheme = HttpBuilder::new()
            .scheme(HttpAuthScheme::Bearer)
            .description(Some("Khóa API của cơ quan (dvc_…), tạo tại /dashboard/api-tokens. An agency's API token."))
            .build();
        components.add_security_scheme("bearer", SecurityScheme::Http(scheme));
    }
}

/// The API's routes, by path under `/api/v1`.
pub fn routes() -> Vec<(&'static str, MethodRouter<app::server::state::AppState>)> {
    vec![
        ("/api/v1/procedures", get(list_procedures)),
        ("/api/v1/procedures/{code}", get(get_procedure)),
        ("/api/v1/procedures/{code}/versions/{number}", get(get_procedure_version)),
        ("/api/v1/agencies", get(list_agencies)),
        ("/api/v1/results/{code}", get(get_result)),
        ("/api/v1/statistics", get(get_statistics)),
        ("/api/v1/statistics.csv", get(get_statistics_csv)),
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

const INTERNAL: &str = "Lỗi hệ thống, vui lòng thử lại. Internal error, please retry.";

impl ApiError {
    fn response(status: StatusCode, message: &str) -> Response {
        (status, Json(ApiError { error: message.to_owned() })).into_response()
    }

    /// A failure that is not the request's: 503 with `Retry-After` when the
    /// database is away, otherwise 500 (the cause is in the log).
    fn failed(err: impl Into<AppError>) -> Response {
        match err.into() {
            AppError::Unavailable => {
                let (vi, en) = (Locale::Vi.messages(), Locale::En.messages());
                let message = format!("{} {}", AppError::Unavailable.message(vi), AppError::Unavailable.message(en));
                let retry = [(axum::http::header::RETRY_AFTER, app::error::UNAVAILABLE_RETRY_SECS.to_string())];
                (retry, Self::response(StatusCode::SERVICE_UNAVAILABLE, &message)).into_response()
            }
            _ => Self::response(StatusCode::INTERNAL_SERVER_ERROR, INTERNAL),
        }
    }

    /// 422 with each refused parameter and why, in Vietnamese then English.
    fn invalid(errors: &FieldErrors) -> Response {
        let (vi, en) = (Locale::Vi.messages(), Locale::En.messages());
        let message = errors
            .0
            .iter()
            .map(|e| format!("{}: {} {}", e.field, e.rule.message(vi), e.rule.message(en)))
            .collect::<Vec<_>>()
            .join(" ");
        Self::response(StatusCode::UNPROCESSABLE_ENTITY, &message)
    }
}

/// Searches procedures; same parameters and semantics as the `/procedures` page.
#[utoipa::path(
    get,
    path = "/api/v1/procedures",
    params(CatalogQuery),
    responses(
        (status = 200, description = "One page of procedures", body = ProcedurePage),
        (status = 422, description = "The query is too long or has too many words", body = ApiError)
    )
)]
async fn list_procedures(
    State(db): State<DatabaseConnection>,
    Query(params): Query<HashMap<String, String>>,
) -> Response {
    let query = CatalogQuery::from_params(|key| params.get(key).cloned());
    match app::server::catalog::search(&db, &query).await {
        Ok(page) => Json(page).into_response(),
        Err(AppError::Invalid(errors)) => ApiError::invalid(&errors),
        Err(err) => ApiError::failed(err),
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
        Err(err) => ApiError::failed(err),
    }
}

/// One published version of a procedure's national definition, as a
/// catalog file of one procedure (TOML, the format of `seed/catalog/procedures/`).
#[utoipa::path(
    get,
    path = "/api/v1/procedures/{code}/versions/{number}",
    params(
        ("code" = String, Path, description = "National procedure code, e.g. 1.001193"),
        ("number" = i32, Path, description = "Version number, 1 for the first")
    ),
    responses(
        (status = 200, description = "The version", content_type = "application/toml", body = String),
        (status = 404, description = "No such procedure or version", body = ApiError)
    )
)]
async fn get_procedure_version(
    State(db): State<DatabaseConnection>,
    Path((code, number)): Path<(String, i32)>,
) -> Response {
    match app::server::definitions::export(&db, &code, number).await {
        Ok(text) => {
            let name: String = code.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '.').collect();
            let disposition = format!("attachment; filename=\"{name}-v{number}.toml\"");
            let headers = [
                (axum::http::header::CONTENT_TYPE, "application/toml; charset=utf-8".to_owned()),
                (axum::http::header::CONTENT_DISPOSITION, disposition),
            ];
            (headers, text).into_response()
        }
        Err(AppError::NotFound) => {
            ApiError::response(StatusCode::NOT_FOUND, "Không có phiên bản này. No such version.")
        }
        Err(err) => ApiError::failed(err),
    }
}

/// The country's agencies: the People's Committee of every province and
/// ward, the provinces' departments and the central agencies.
#[utoipa::path(
    get,
    path = "/api/v1/agencies",
    params(AgencyQuery),
    responses(
        (status = 200, description = "One page of agencies, by name", body = AgencyPage),
        (status = 422, description = "The query is too long or has too many words", body = ApiError)
    )
)]
async fn list_agencies(
    State(db): State<DatabaseConnection>,
    Query(params): Query<HashMap<String, String>>,
) -> Response {
    let query = AgencyQuery::from_params(|key| params.get(key).cloned());
    match app::server::agencies::search(&db, &query).await {
        Ok(page) => Json(page).into_response(),
        Err(AppError::Invalid(errors)) => ApiError::invalid(&errors),
        Err(err) => ApiError::failed(err),
    }
}

/// A signed result: validity, what to compare with the paper, the SHA-256
/// of the PDF and its Ed25519 signature (over the PDF's exact bytes; check it
/// with the key at `/verify/public-key.pem`).
#[utoipa::path(
    get,
    path = "/api/v1/results/{code}",
    params(("code" = String, Path, description = "Verification code printed on the result, e.g. KQ-7Q2MH-9XHCA")),
    responses(
        (status = 200, description = "The signed result", body = Verification),
        (status = 404, description = "No result has this code", body = ApiError)
    )
)]
async fn get_result(State(state): State<AppState>, Path(code): Path<String>) -> Response {
    match state.results.verify(&state.db, &code).await {
        Ok(verification) => Json(verification).into_response(),
        Err(AppError::NotFound) => {
            ApiError::response(StatusCode::NOT_FOUND, "Không có văn bản nào mang mã này. No result has this code.")
        }
        Err(err) => ApiError::failed(err),
    }
}

/// The public statistics for a period: the country by province, a
/// province's agencies (`province`) or an agency's procedures (`agency`),
/// optionally one sector; the same figures as the `/statistics` page. A group
/// of fewer than five dossiers has no figures (`null`), and a satisfaction
/// rate shows only over five ratings or more. At most a minute old.
#[utoipa::path(
    get,
    path = "/api/v1/statistics",
    params(StatisticsQuery),
    responses(
        (status = 200, description = "The figures", body = PublicStatistics),
        (status = 404, description = "No such province, agency or sector", body = ApiError),
        (status = 422, description = "A date that is not one, or a period longer than five years", body = ApiError)
    )
)]
async fn get_statistics(State(state): State<AppState>, Query(params): Query<HashMap<String, String>>) -> Response {
    match statistics(&state, &params).await {
        Ok(stats) => Json(stats).into_response(),
        Err(response) => response,
    }
}

/// [`get_statistics`] as CSV: a line per row, then the total.
#[utoipa::path(
    get,
    path = "/api/v1/statistics.csv",
    params(StatisticsQuery),
    responses(
        (status = 200, description = "The figures as CSV (UTF-8)", content_type = "text/csv"),
        (status = 404, description = "No such province, agency or sector", body = ApiError),
        (status = 422, description = "A date that is not one, or a period longer than five years", body = ApiError)
    )
)]
async fn get_statistics_csv(State(state): State<AppState>, Query(params): Query<HashMap<String, String>>) -> Response {
    match statistics(&state, &params).await {
        Ok(stats) => (
            [
                (axum::http::header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
                (
                    axum::http::header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"dvc-statistics-{}-{}.csv\"", stats.from, stats.to),
                ),
            ],
            stats.to_csv(),
        )
            .into_response(),
        Err(response) => response,
    }
}

async fn statistics(state: &AppState, params: &HashMap<String, String>) -> Result<PublicStatistics, Response> {
    let query = StatisticsQuery::from_params(|key| params.get(key).cloned());
    let today = app::domain::dossier::vietnam_date(state.clock.now());
    app::server::transparency::public(&state.statistics, &state.db, &query, today).await.map_err(|err| match err {
        AppError::Invalid(errors) => ApiError::invalid(&errors),
        AppError::NotFound => ApiError::response(
            StatusCode::NOT_FOUND,
            "Không có tỉnh, cơ quan hoặc lĩnh vực này. No such province, agency or sector.",
        ),
        other => ApiError::failed(other),
    })
}

async fn openapi() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}
