//! The dossier API for an agency's other systems, `/api/v1/dossiers`: list
//! and read the agency's dossiers (a status lookup by code), and take the
//! workflow actions the token's scope allows. The caller is the token's
//! (`app::server::api_tokens::authenticate`, on every request: a revoked
//! token is refused at once); the dashboard's own services then decide, so
//! a token sees only its agency's dossiers and acts under the same rules as
//! an official. A dossier filed on the national portal arrives by `POST`
//! (`app::server::inbound`). Answers are their own types: the API's contract does not
//! move when a page does. A refusal is the portal's error as JSON, as every
//! route and server function answers it: its name (`"SignInRequired"`,
//! `"Forbidden"`, `"NotFound"`, `"Conflict"`) or the refused inputs
//! (`{"Invalid": [{"field": …, "rule": …}]}`). Answers are never cached.

use super::attachments::{MAX_PARTS, bounded_text, files_body, malformed, store_part};
use app::domain::access::SessionUser;
use app::domain::dashboard::{Queue, QueueQuery, QueueRow};
use app::domain::dossier::{DossierStatus, vietnam_date};
use app::domain::national::{INBOUND_JSON_BYTES, InboundDossier};
use app::domain::progress::TimelineEntry;
use app::domain::rules::Rule;
use app::domain::workflow::ActionRequest;
use app::error::AppError;
use app::server::inbound::{self, Begun, Filed};
use app::server::state::AppState;
use axum::Json;
use axum::body::{Body, Bytes};
use axum::extract::{Multipart, Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, Request, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use std::collections::HashMap;

/// The largest action request taken (notes and supplement items are bounded
/// again by the workflow's own checks).
pub const BODY_LIMIT: usize = 64 * 1024;
/// The longest search text and cursor taken.
const QUERY_CHARS: usize = 100;

/// A dossier in a list.
#[derive(Serialize, utoipa::ToSchema)]
pub struct ApiDossier {
    pub code: String,
    /// The procedure's name (Vietnamese).
    pub procedure_name: String,
    pub applicant_name: String,
    /// The portal's status name (`submitted`, `accepted`, …).
    pub status: String,
    /// The national portal's status code (1–10).
    pub national_status: Option<u8>,
    #[schema(value_type = String, format = DateTime)]
    pub submitted_at: DateTime<Utc>,
    /// The appointment date for the result, once accepted.
    #[schema(value_type = Option<String>, format = Date)]
    pub due_on: Option<NaiveDate>,
    pub assignee: Option<String>,
}

/// One page of the agency's dossiers, oldest deadline first.
#[derive(Serialize, utoipa::ToSchema)]
pub struct ApiDossierPage {
    pub dossiers: Vec<ApiDossier>,
    /// Pass as `after` for the next page; absent on the last.
    pub next: Option<String>,
}

/// A step of a dossier's timeline.
#[derive(Serialize, utoipa::ToSchema)]
pub struct ApiStep {
    #[schema(value_type = String, format = DateTime)]
    pub at: DateTime<Utc>,
    pub from: Option<String>,
    pub to: String,
    pub action: Option<String>,
    /// Who acted: `citizen` or an official's role.
    pub role: Option<String>,
}

/// A dossier as the agency's system reads it: its status, its deadline,
/// the actions this token may take now, and its timeline.
#[derive(Serialize, utoipa::ToSchema)]
pub struct ApiDossierDetail {
    pub code: String,
    pub procedure_code: String,
    pub procedure_name: String,
    /// The agency holding it.
    pub agency_name: String,
    pub applicant_name: String,
    pub status: String,
    pub national_status: Option<u8>,
    #[schema(value_type = String, format = DateTime)]
    pub submitted_at: DateTime<Utc>,
    #[schema(value_type = String, format = DateTime)]
    pub updated_at: DateTime<Utc>,
    #[schema(value_type = Option<String>, format = Date)]
    pub due_on: Option<NaiveDate>,
    /// The version to send with an action (optimistic locking).
    pub version: i32,
    /// The actions this token may take now.
    pub actions: Vec<String>,
    /// What a refusal may cite (`legal_basis`), while one is possible.
    pub legal_bases: Vec<ApiChoice>,
    /// Whom it may be assigned to (`assignee`), while it may be.
    pub processors: Vec<ApiChoice>,
    pub timeline: Vec<ApiStep>,
}

/// An input's possible value: its id and what it is.
#[derive(Serialize, utoipa::ToSchema)]
pub struct ApiChoice {
    pub id: i32,
    pub name: String,
}

fn choices(list: Vec<(i32, String)>) -> Vec<ApiChoice> {
    list.into_iter().map(|(id, name)| ApiChoice { id, name }).collect()
}

/// The dossier's new version after an action.
#[derive(Serialize, utoipa::ToSchema)]
pub struct ApiActed {
    pub version: i32,
}

fn status(status: DossierStatus) -> (String, Option<u8>) {
    (status.as_str().to_owned(), status.national_code())
}

impl From<QueueRow> for ApiDossier {
    fn from(row: QueueRow) -> Self {
        let (status, national_status) = status(row.status);
        Self {
            code: row.code,
            procedure_name: row.procedure_name.vi,
            applicant_name: row.applicant_name,
            status,
            national_status,
            submitted_at: row.submitted_at,
            due_on: row.due_on,
            assignee: row.assignee_name,
        }
    }
}

impl From<TimelineEntry> for ApiStep {
    fn from(entry: TimelineEntry) -> Self {
        Self {
            at: entry.at,
            from: entry.from.map(|s| s.as_str().to_owned()),
            to: entry.to.as_str().to_owned(),
            action: entry.action.map(|a| a.as_str().to_owned()),
            role: entry.role,
        }
    }
}

/// The token's caller: `SignInRequired` when the token is missing, unknown or revoked.
async fn caller(state: &AppState, headers: &HeaderMap) -> Result<SessionUser, AppError> {
    let authorization = headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok());
    app::server::api_tokens::authenticate(&state.db, authorization, state.clock.now()).await
}

/// The answer as JSON, or the error's (401 with `WWW-Authenticate: Bearer`); never cached.
fn answer<T: Serialize>(result: Result<T, AppError>) -> Response {
    let mut response = match result {
        Ok(value) => Json(value).into_response(),
        Err(err) => {
            let unauthenticated = matches!(err, AppError::SignInRequired);
            let mut response = err.into_response();
            if unauthenticated {
                response.headers_mut().insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
            }
            response
        }
    };
    // Personal data, whoever asks: never kept by a cache on the way.
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
    response
}

fn bounded(params: &HashMap<String, String>, name: &str) -> Result<Option<String>, AppError> {
    match params.get(name).map(|v| v.trim()).filter(|v| !v.is_empty()) {
        Some(value) if value.chars().count() > QUERY_CHARS => {
            Err(AppError::field(name, Rule::TooLong(QUERY_CHARS as u32)))
        }
        value => Ok(value.map(str::to_owned)),
    }
}

/// Lists the token's agency's dossiers.
#[utoipa::path(
    get,
    path = "/api/v1/dossiers",
    params(
        ("status" = Option<String>, Query, description = "Only dossiers in this status (`submitted`, `accepted`, …)"),
        ("search" = Option<String>, Query, description = "A dossier code (or its start) or part of the applicant's name"),
        ("after" = Option<String>, Query, description = "The `next` of the previous page")
    ),
    responses(
        (status = 200, description = "One page of the agency's dossiers", body = ApiDossierPage),
        (status = 401, description = "No token, or an unknown or revoked one"),
        (status = 422, description = "A parameter is not valid")
    ),
    security(("bearer" = []))
)]
pub async fn list_dossiers(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(params): Query<HashMap<String, String>>,
) -> Response {
    answer(list(&state, &headers, &params).await)
}

async fn list(
    state: &AppState,
    headers: &HeaderMap,
    params: &HashMap<String, String>,
) -> Result<ApiDossierPage, AppError> {
    let me = caller(state, headers).await?;
    let mut query = QueueQuery::new(Queue::All);
    query.search = bounded(params, "search")?;
    query.after = bounded(params, "after")?;
    query.status = match bounded(params, "status")? {
        Some(name) => Some(DossierStatus::parse(&name).ok_or_else(|| AppError::field("status", Rule::NotAnOption))?),
        None => None,
    };
    let today = vietnam_date(state.clock.now());
    let page = app::server::dashboard::queue::queue(&state.db, &me, &query, today).await?;
    Ok(ApiDossierPage { dossiers: page.rows.into_iter().map(ApiDossier::from).collect(), next: page.next })
}

/// Reads one dossier of the token's agency: the status lookup by code.
#[utoipa::path(
    get,
    path = "/api/v1/dossiers/{code}",
    params(("code" = String, Path, description = "The dossier's code")),
    responses(
        (status = 200, description = "The dossier", body = ApiDossierDetail),
        (status = 401, description = "No token, or an unknown or revoked one"),
        (status = 404, description = "No such dossier at the token's agency")
    ),
    security(("bearer" = []))
)]
pub async fn get_dossier(State(state): State<AppState>, headers: HeaderMap, Path(code): Path<String>) -> Response {
    answer(dossier(&state, &headers, &code).await)
}

async fn dossier(state: &AppState, headers: &HeaderMap, code: &str) -> Result<ApiDossierDetail, AppError> {
    let me = caller(state, headers).await?;
    let today = vietnam_date(state.clock.now());
    let case = app::server::dashboard::case::case(&state.db, &me, code, today).await?;
    let summary = case.dossier.summary;
    let (status, national_status) = status(summary.status);
    Ok(ApiDossierDetail {
        code: summary.code,
        procedure_code: summary.procedure_code,
        procedure_name: summary.procedure_name.vi,
        agency_name: summary.agency_name.vi,
        applicant_name: case.applicant_name,
        status,
        national_status,
        submitted_at: summary.submitted_at,
        updated_at: summary.updated_at,
        due_on: case.dossier.clock.map(|clock| clock.deadline.due),
        version: case.dossier.version,
        actions: case.actions.iter().map(|a| a.as_str().to_owned()).collect(),
        legal_bases: choices(case.legal_bases),
        processors: choices(case.processors),
        timeline: case.dossier.timeline.into_iter().map(ApiStep::from).collect(),
    })
}

/// Takes an action on a dossier of the token's agency, as the dashboard's
/// action form does: the same inputs, the same rules.
#[utoipa::path(
    post,
    path = "/api/v1/dossiers/{code}/actions",
    params(("code" = String, Path, description = "The dossier's code")),
    request_body(
        content = Object,
        description = "`action` (e.g. `accept`, `request_supplement`, `refuse_to_accept`, `record_fee`, `return_at_desk`), `version` (the dossier's), and what the action needs: `note`, `legal_basis`, `items`, `reference`, `new_due`, `agency`",
        content_type = "application/json"
    ),
    responses(
        (status = 200, description = "Done: the dossier's new version", body = ApiActed),
        (status = 401, description = "No token, or an unknown or revoked one"),
        (status = 403, description = "The token's scope does not allow this action now"),
        (status = 404, description = "No such dossier at the token's agency"),
        (status = 409, description = "The dossier changed since `version`"),
        (status = 422, description = "An input is missing or not valid")
    ),
    security(("bearer" = []))
)]
pub async fn act_on_dossier(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(code): Path<String>,
    body: Bytes,
) -> Response {
    answer(act(&state, &headers, code, &body).await)
}

async fn act(state: &AppState, headers: &HeaderMap, code: String, body: &[u8]) -> Result<ApiActed, AppError> {
    let me = caller(state, headers).await?;
    let mut request =
        serde_json::from_slice::<ActionRequest>(body).map_err(|_| AppError::field("action", Rule::NotAnOption))?;
    request.code = code;
    let now = state.clock.now();
    let version = app::server::workflow::act::act(&state.db, &state.events, &state.results, &me, &request, now).await?;
    Ok(ApiActed { version })
}

/// A dossier from the national portal, filed here.
#[derive(Serialize, utoipa::ToSchema)]
pub struct ApiFiled {
    /// The dossier's code here (read it at `/api/v1/dossiers/{code}`).
    pub code: String,
    /// The national portal's code it came with.
    pub national_code: String,
}

/// Files a dossier filed on the national portal with the token's agency:
/// it enters the normal workflow (channel `national`), as a paper dossier
/// taken in at the desk does, with the same checks of the form, the
/// documents and the limits. The same national code sent again answers
/// the dossier filed the first time (200), never a second one.
#[utoipa::path(
    post,
    path = "/api/v1/dossiers",
    request_body(
        content = InboundDossier,
        description = "`multipart/form-data`: first the part `dossier`, this JSON (at most 64 KB); then each file as a part `documents.N`, N the procedure's required document from 1 (PDF, JPEG or PNG; the dossier's size limit applies)",
        content_type = "multipart/form-data"
    ),
    responses(
        (status = 201, description = "Filed: its code here", body = ApiFiled),
        (status = 200, description = "Filed already under this national code", body = ApiFiled),
        (status = 401, description = "No token, or an unknown or revoked one"),
        (status = 403, description = "The token's scope does not take dossiers in"),
        (status = 413, description = "Over the dossier's size limit"),
        (status = 422, description = "A field, a document or a file is missing or not valid: nothing is kept")
    ),
    security(("bearer" = []))
)]
pub async fn file_dossier(State(state): State<AppState>, request: Request<Body>) -> Response {
    let headers = request.headers().clone();
    let result = async {
        let me = caller(&state, &headers).await?;
        app::server::intake::desk_of(&me)?;
        let multipart = files_body(&state, request, INBOUND_JSON_BYTES as u64).await?;
        take_in(&state, &me, multipart).await
    }
    .await;
    let new = matches!(&result, Ok(filed) if filed.new);
    let mut response = answer(result.map(|f| ApiFiled { code: f.code, national_code: f.national_code }));
    if new {
        *response.status_mut() = StatusCode::CREATED;
    }
    response
}

/// The description first (nothing is stored before it is read and
/// checked), then the files, then the submission.
async fn take_in(state: &AppState, me: &SessionUser, mut multipart: Multipart) -> Result<Filed, AppError> {
    let now = state.clock.now();
    let missing = || AppError::field("dossier", Rule::Required);
    let mut first = multipart.next_field().await.map_err(malformed)?.ok_or_else(missing)?;
    if first.name() != Some("dossier") {
        return Err(missing());
    }
    let text = bounded_text(&mut first, INBOUND_JSON_BYTES).await?;
    drop(first);
    // As every other body: no NUL, raw or escaped (the databases refuse it).
    if text.contains("\\u0000") {
        return Err(AppError::Transport("a text field holds a NUL character".into()));
    }
    let dossier: InboundDossier =
        serde_json::from_str(&text).map_err(|_| AppError::field("dossier", Rule::WrongShape))?;
    let (draft, national_code) = match inbound::begin(&state.db, &state.files, me, &dossier, now).await? {
        Begun::Filed(filed) => return Ok(filed),
        Begun::Draft { draft, national_code } => (draft, national_code),
    };
    match store_files(state, me, &draft.id, &mut multipart, now).await {
        Ok(()) => {
            let filed = (&draft, national_code.as_str());
            inbound::file(&state.db, &state.files, &state.events, me, filed, dossier.delivery, now).await
        }
        Err(err) => {
            inbound::abandon(&state.db, &state.files, me, &draft.id, now).await;
            Err(err)
        }
    }
}

/// The parts `documents.N` after the description, each stored with the
/// draft as document N; any other part is refused.
async fn store_files(
    state: &AppState,
    me: &SessionUser,
    draft_id: &str,
    multipart: &mut Multipart,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    // The description was the first part.
    let mut parts = 1;
    while let Some(mut field) = multipart.next_field().await.map_err(malformed)? {
        parts += 1;
        if parts > MAX_PARTS {
            return Err(AppError::TooLarge);
        }
        let name = field.name().unwrap_or_default().to_owned();
        let not_a_document = || AppError::field("documents", Rule::NotAnOption);
        // A required document's number (an authorisation to act for someone is no part of it).
        let document = name
            .strip_prefix("documents.")
            .and_then(|n| n.parse::<u32>().ok())
            .filter(|n| *n != app::domain::applicant::AUTHORISATION_DOCUMENT)
            .and_then(|n| i32::try_from(n).ok())
            .ok_or_else(not_a_document)?;
        // Not one of the procedure's documents.
        let target = app::server::attachments::target(&state.db, me, draft_id, document, now).await.map_err(|err| {
            if matches!(err, AppError::NotFound) { AppError::field(&name, Rule::NotAnOption) } else { err }
        })?;
        let file_name = field.file_name().unwrap_or("tai-lieu").to_owned();
        // The target counts the files stored so far already.
        store_part(state, target, &mut field, &file_name, None, &[], now).await?;
    }
    Ok(())
}
