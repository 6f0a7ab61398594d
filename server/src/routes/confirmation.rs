//! `GET /dossiers/{code}/confirmation.pdf`: the applicant's confirmation of a
//! submitted dossier, with a QR code to the public lookup.

use app::error::AppError;
use app::server::auth::RequestAuth;
use app::server::state::AppState;
use axum::Extension;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};

pub async fn download(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    Path(code): Path<String>,
    headers: HeaderMap,
) -> Response {
    let Some(me) = auth.user else { return AppError::SignInRequired.into_response() };
    let today = app::domain::dossier::vietnam_date(state.clock.now());
    let dossier = match app::server::dossiers::view(&state.db, &me, &code, today).await {
        Ok(dossier) => dossier,
        Err(err) => return err.into_response(),
    };
    let lookup = lookup_url(&state, &headers, &dossier.summary.code, &dossier.lookup_secret);
    let file_name = format!("xac-nhan-nop-ho-so-{}.pdf", dossier.summary.code);
    let pdf =
        match tokio::task::spawn_blocking(move || app::server::papers::confirmation::confirmation(&dossier, &lookup))
            .await
        {
            Ok(Ok(pdf)) => pdf,
            Ok(Err(err)) => return AppError::from(err).into_response(),
            Err(err) => return AppError::internal(format_args!("confirmation task: {err}")).into_response(),
        };
    pdf_response(pdf, &file_name)
}

/// The public lookup address of a dossier: on the configured origin, or the one the browser used.
pub fn lookup_url(state: &AppState, headers: &HeaderMap, code: &str, secret: &str) -> String {
    let origin = state.auth.public_origin.clone().unwrap_or_else(|| {
        let host = headers.get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or("127.0.0.1:3000");
        format!("http://{host}")
    });
    format!("{origin}/lookup?code={}&secret={secret}", app::domain::catalog::url_encode(code))
}

/// A private PDF download named `file_name`.
pub fn pdf_response(pdf: Vec<u8>, file_name: &str) -> Response {
    let mut response = pdf.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/pdf"));
    if let Ok(v) = HeaderValue::from_str(&super::templates::content_disposition_for(file_name)) {
        headers.insert(header::CONTENT_DISPOSITION, v);
    }
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
    response
}
