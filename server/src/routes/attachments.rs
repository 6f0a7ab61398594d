//! Uploading attachments (multipart, streamed to the object store) and
//! downloading them (owner and the receiving agency's officials only).

use super::templates::content_disposition_for;
use app::domain::date_input::DateParts;
use app::domain::digitisation::DigitisationForm;
use app::error::AppError;
use app::server::attachments::{self, Upload, typed_file_name};
use app::server::auth::RequestAuth;
use app::server::state::AppState;
use axum::Extension;
use axum::body::Body;
use axum::extract::multipart::{Field, MultipartError};
use axum::extract::{FromRequest, Multipart, Path, State};
use axum::http::{HeaderValue, Request, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};

/// Room for the multipart framing and the small fields around the files.
const FRAMING_BYTES: u64 = 64 * 1024;
/// Parts one upload may have (a few fields and the files of one document).
pub(crate) const MAX_PARTS: usize = 64;

/// `POST /uploads`: fields `draft_id` (or `dossier`, a dossier's code: a
/// supplement or a result) and `document`, then one or more `file` parts. Answers the stored files as JSON (201), or, to a plain HTML form,
/// sends the browser back to `return_to`.
///
/// The whole body is bounded as it streams (a chunked body has no length to
/// check first), and so is every text field.
pub async fn upload(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    request: Request<Body>,
) -> Response {
    let headers = request.headers();
    let plain_form = headers.get(header::ACCEPT).and_then(|v| v.to_str().ok()).is_some_and(|v| v.contains("text/html"));
    let mut return_to = None;
    let result = match files_body(&state, request, 0).await {
        Ok(multipart) => receive(&state, &auth, multipart, &mut return_to).await,
        Err(err) => Err(err),
    };
    match (result, plain_form, return_to) {
        (Ok(_), true, Some(to)) => Redirect::to(&to).into_response(),
        (Err(err), true, Some(to)) => {
            let separator = if to.contains('?') { '&' } else { '?' };
            Redirect::to(&format!("{to}{separator}upload_error={}", err.status())).into_response()
        }
        (Ok(stored), _, _) => (StatusCode::CREATED, axum::Json(stored)).into_response(),
        (Err(err), _, _) => err.into_response(),
    }
}

/// The multipart body of a request bringing a dossier's files (and `more`
/// bytes of other fields), bounded as it streams (a chunked body has no
/// length to check first): one declared too long is refused before a byte
/// of it is read.
pub(crate) async fn files_body(state: &AppState, request: Request<Body>, more: u64) -> Result<Multipart, AppError> {
    let declared = request.headers().get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()?.parse::<u64>().ok());
    let limit = state.files.max_dossier_bytes + FRAMING_BYTES + more;
    if declared.is_some_and(|length| length > limit) {
        return Err(AppError::TooLarge);
    }
    let (parts, body) = request.into_parts();
    let body = Body::new(http_body_util::Limited::new(body, usize::try_from(limit).unwrap_or(usize::MAX)));
    Multipart::from_request(Request::from_parts(parts, body), state)
        .await
        .map_err(|_| AppError::Transport("multipart/form-data expected".into()))
}

/// The files of one upload request: all stored, or (on any error) none.
async fn receive(
    state: &AppState,
    auth: &RequestAuth,
    multipart: Multipart,
    return_to: &mut Option<String>,
) -> Result<Vec<app::domain::dossier::AttachmentInfo>, AppError> {
    let mut stored = Vec::new();
    match receive_into(state, auth, multipart, return_to, &mut stored).await {
        Ok(()) => Ok(stored),
        Err(err) => {
            for file in &stored {
                attachments::discard(&state.db, &state.files, &file.id).await;
            }
            Err(err)
        }
    }
}

async fn receive_into(
    state: &AppState,
    auth: &RequestAuth,
    mut multipart: Multipart,
    return_to: &mut Option<String>,
    stored: &mut Vec<app::domain::dossier::AttachmentInfo>,
) -> Result<(), AppError> {
    let me = auth.user.clone().ok_or(AppError::SignInRequired)?;
    let now = state.clock.now();
    let (mut draft_id, mut dossier, mut document) = (None, None, None);
    let mut target = None;
    // A scan's record (desk intake), as typed; the dates in three boxes or as one text.
    let mut record = DigitisationForm::default();
    let mut digitised = None;
    let (mut issued, mut valid) = (DateParts::default(), DateParts::default());
    // A date sent as one text is checked as typed (the three boxes make one).
    let (mut issued_text, mut valid_text) = (None::<String>, None::<String>);
    let mut parts = 0;
    while let Some(mut field) = multipart.next_field().await.map_err(malformed)? {
        parts += 1;
        if parts > MAX_PARTS {
            return Err(AppError::TooLarge);
        }
        let name = field.name().unwrap_or_default().to_owned();
        match name.as_str() {
            "draft_id" => draft_id = Some(bounded_text(&mut field, 64).await?),
            "dossier" => dossier = Some(bounded_text(&mut field, 64).await?),
            "document" => document = bounded_text(&mut field, 8).await?.trim().parse::<i32>().ok(),
            name @ ("original" | "doc_type" | "doc_number" | "issuer" | "issued_on" | "valid_until") => {
                let text = bounded_text(&mut field, 4 * app::domain::digitisation::MAX_RECORD_TEXT).await?;
                match name {
                    "original" => record.original = text,
                    "doc_type" => record.doc_type = text,
                    "doc_number" => record.doc_number = text,
                    "issuer" => record.issuer = text,
                    "issued_on" => issued_text = Some(text),
                    _ => valid_text = Some(text),
                }
            }
            name @ ("issued_on[day]" | "issued_on[month]" | "issued_on[year]" | "valid_until[day]"
            | "valid_until[month]" | "valid_until[year]") => {
                let text = bounded_text(&mut field, 8).await?;
                let parts = if name.starts_with("issued_on") { &mut issued } else { &mut valid };
                match &name[name.len() - 4..] {
                    "day]" => parts.day = text,
                    "nth]" => parts.month = text,
                    _ => parts.year = text,
                }
            }
            "return_to" => {
                let to = bounded_text(&mut field, app::domain::redirect::MAX_TARGET_LEN).await?;
                *return_to = app::domain::redirect::local_path(&to).map(str::to_owned);
            }
            "file" => {
                let file_name = field.file_name().unwrap_or_default().to_owned();
                if file_name.is_empty() {
                    // A plain form sent with no file chosen.
                    continue;
                }
                if target.is_none() {
                    target = Some(match (&draft_id, &dossier, document) {
                        (Some(draft_id), _, Some(document)) => {
                            attachments::target(&state.db, &me, draft_id, document, now).await?
                        }
                        (None, Some(code), Some(document)) => {
                            attachments::dossier_target(&state.db, &me, code, document).await?
                        }
                        _ => {
                            return Err(AppError::Transport(
                                "draft_id (or dossier) and document come before the files".into(),
                            ));
                        }
                    });
                    // A scan taken in at the desk is stored only with its
                    // record, whose fields come before the files.
                    if target.as_ref().is_some_and(|t| t.is_intake()) {
                        record.issued_on = issued_text.take().unwrap_or_else(|| issued.text());
                        record.valid_until = valid_text.take().unwrap_or_else(|| valid.text());
                        let today = app::domain::dossier::vietnam_date(now);
                        digitised = Some(record.check(today).map_err(AppError::from)?);
                    }
                }
                let target = target.clone().unwrap_or_else(|| unreachable!("set above"));
                let record = digitised.clone().map(|record| (record, me.id));
                stored.push(store_part(state, target, &mut field, &file_name, record, stored, now).await?);
            }
            _ => {}
        }
    }
    Ok(())
}

/// Streams the file part `field` into a new attachment of `target` (the
/// files `stored` earlier in the request counted against the dossier's
/// limit), with a scan's record if any: stored whole, or not at all.
pub(crate) async fn store_part(
    state: &AppState,
    mut target: attachments::Target,
    field: &mut Field<'_>,
    file_name: &str,
    digitised: Option<(app::domain::digitisation::Digitisation, i32)>,
    stored: &[app::domain::dossier::AttachmentInfo],
    now: chrono::DateTime<chrono::Utc>,
) -> Result<app::domain::dossier::AttachmentInfo, AppError> {
    target.add_used(stored.iter().map(|s| s.size).sum());
    let mut upload = Upload::new(&state.files, target, file_name);
    if let Some((record, by)) = digitised {
        upload = upload.digitised(record, by);
    }
    let outcome = loop {
        match field.chunk().await {
            Ok(Some(chunk)) => {
                if let Err(err) = upload.push(&chunk).await {
                    break Err(err);
                }
            }
            Ok(None) => break Ok(()),
            Err(err) => break Err(malformed(err)),
        }
    };
    match outcome {
        Ok(()) => upload.finish(&state.db, now).await,
        Err(err) => {
            upload.abort().await;
            Err(err)
        }
    }
}

/// A multipart error as the user sees it: over a limit is 413, else 400.
pub(crate) fn malformed(err: MultipartError) -> AppError {
    if err.status() == StatusCode::PAYLOAD_TOO_LARGE {
        AppError::TooLarge
    } else {
        AppError::Transport("malformed multipart body".into())
    }
}

/// A text field of at most `max` bytes, read without buffering more.
pub(crate) async fn bounded_text(field: &mut Field<'_>, max: usize) -> Result<String, AppError> {
    let mut bytes = Vec::new();
    while let Some(chunk) = field.chunk().await.map_err(malformed)? {
        if bytes.len() + chunk.len() > max {
            return Err(AppError::TooLarge);
        }
        bytes.extend_from_slice(&chunk);
    }
    if bytes.contains(&0) {
        return Err(AppError::Transport("a text field holds a NUL character".into()));
    }
    String::from_utf8(bytes).map_err(|_| AppError::Transport("a text field is not UTF-8".into()))
}

/// `GET /attachments/{id}`: the file, to its owner or the receiving agency's officials.
/// `?inline=1`: shown in the page (officials' previews) rather than saved.
#[derive(serde::Deserialize)]
pub struct Shown {
    inline: Option<String>,
}

pub async fn download(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    Path(id): Path<String>,
    axum::extract::Query(shown): axum::extract::Query<Shown>,
) -> Response {
    let Some(me) = auth.user else { return AppError::SignInRequired.into_response() };
    let row = match attachments::readable(&state.db, &me, &id).await {
        Ok(row) => row,
        Err(err) => return err.into_response(),
    };
    let object = match state.files.get(&row.storage_key).await {
        Ok(Some(object)) => object,
        Ok(None) => {
            tracing::error!(attachment = %row.id, "stored file missing");
            return AppError::NotFound.into_response();
        }
        Err(err) => return err.into_response(),
    };
    let mut response = Response::new(Body::from_stream(object.into_stream()));
    let headers = response.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&row.content_type) {
        headers.insert(header::CONTENT_TYPE, v);
    }
    headers.insert(header::CONTENT_LENGTH, HeaderValue::from(row.size));
    let previewable = row.content_type == "application/pdf" || row.content_type.starts_with("image/");
    // Named from the sniffed type, whatever name was stored (rows from before it was enforced too).
    let disposition = content_disposition_for(&typed_file_name(&row.file_name, &row.content_type));
    let disposition = if shown.inline.is_some() && previewable {
        // Framed by our own pages only; still nothing else may load.
        headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("SAMEORIGIN"));
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static("default-src 'none'; img-src 'self'; frame-ancestors 'self'"),
        );
        disposition.replacen("attachment", "inline", 1)
    } else {
        disposition
    };
    if let Ok(v) = HeaderValue::from_str(&disposition) {
        headers.insert(header::CONTENT_DISPOSITION, v);
    }
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
    response
}
