//! `GET /dossiers/{code}/forms/{number}`: the workflow's papers (Form 01
//! receipt, 02 supplement request, 03 refusal, 04 apology) as PDF, to the
//! applicant, the person a dossier was filed for, and the officials of the
//! receiving agency.

use app::domain::dashboard::Notice;
use app::error::AppError;
use app::server::auth::RequestAuth;
use app::server::dossiers::{Reader, view_of};
use app::server::papers::notices::write_notice;
use app::server::state::AppState;
use axum::Extension;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::IntoResponse;
use axum::response::Response;

pub async fn download(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    Path((code, number)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    let Some(me) = auth.user else { return AppError::SignInRequired.into_response() };
    let Some(notice) = Notice::parse(&number) else { return AppError::NotFound.into_response() };
    let today = app::domain::dossier::vietnam_date(state.clock.now());
    let dossier = match app::server::workflow::find_for(&state.db, &me, &code).await {
        Ok((row, standing)) => {
            let reader = if standing.is_applicant { Reader::Applicant } else { Reader::Official };
            let applicant = row.applicant_name.clone();
            match view_of(&state.db, row, reader, today).await {
                Ok(view) => (view, applicant),
                Err(err) => return err.into_response(),
            }
        }
        // The person a dossier was filed for reads its papers as the applicant does.
        Err(AppError::NotFound) => match app::server::dossiers::view(&state.db, &me, &code, today).await {
            Ok(view) => {
                let applicant = view.for_person.as_ref().map(|p| p.full_name.clone()).unwrap_or_default();
                (view, applicant)
            }
            Err(err) => return err.into_response(),
        },
        Err(err) => return err.into_response(),
    };
    let lookup = super::confirmation::lookup_url(&state, &headers, &dossier.0.summary.code, &dossier.0.lookup_secret);
    let file_name = format!("mau-{}-{}.pdf", notice.number(), dossier.0.summary.code);
    let pdf = tokio::task::spawn_blocking(move || write_notice(notice, &dossier.0, &dossier.1, &lookup)).await;
    let pdf = match pdf {
        Ok(Some(Ok(pdf))) => pdf,
        Ok(None) => return AppError::NotFound.into_response(),
        Ok(Some(Err(err))) => return AppError::from(err).into_response(),
        Err(err) => return AppError::internal(format_args!("notice task: {err}")).into_response(),
    };
    super::confirmation::pdf_response(pdf, &file_name)
}
