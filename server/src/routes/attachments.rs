//! Uploading attachments (multipart, streamed to the object store) and
//! downloading them (owner and the receiving agency's officials only).

use super::refuse;
use super::templates::content_disposition_for;
use app::error::AppError;
use app::server::attachments::{self, Upload};
use app::server::auth::RequestAuth;
use app::server::state::AppState;
use axum::Extension;
use axum::body::Body;
use axum::extract::{Multipart, Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use object_store::ObjectStoreExt;

/// Room for the multipart framing and the small fields around the files.
const FRAMING_BYTES: u64 = 64 * 1024;

/// `POST /uploads`: fields `draft_id` (or `dossier`, a dossier's code: a
/// supplement or a result) and `document`, then one or more `file` parts. Answers the stored files as JSON (201), or, to a plain HTML form,
/// sends the browser back to `return_to`.
pub async fn upload(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    headers: HeaderMap,
    multipart: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> Response {
    let plain_form = headers.get(header::ACCEPT).and_then(|v| v.to_str().ok()).is_some_and(|v| v.contains("text/html"));
    let declared = headers.get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()?.parse::<u64>().ok());
    let mut return_to = None;
    let result = match (declared, multipart) {
        // Refused before a byte of the body is read.
        (Some(length), _) if length > state.files.max_dossier_bytes + FRAMING_BYTES => Err(AppError::TooLarge),
        (_, Err(_)) => Err(AppError::Transport("multipart/form-data expected".into())),
        (_, Ok(multipart)) => receive(&state, &auth, multipart, &mut return_to).await,
    };
    match (result, plain_form, return_to) {
        (Ok(_), true, Some(to)) => Redirect::to(&to).into_response(),
        (Err(err), true, Some(to)) => {
            let separator = if to.contains('?') { '&' } else { '?' };
            Redirect::to(&format!("{to}{separator}upload_error={}", err.status())).into_response()
        }
        (Ok(stored), _, _) => (StatusCode::CREATED, axum::Json(stored)).into_response(),
        (Err(err), _, _) => refuse(&err),
    }
}

async fn receive(
    state: &AppState,
    auth: &RequestAuth,
    mut multipart: Multipart,
    return_to: &mut Option<String>,
) -> Result<Vec<app::domain::dossier::AttachmentInfo>, AppError> {
    let me = auth.user.clone().ok_or(AppError::SignInRequired)?;
    let now = state.clock.now();
    let (mut draft_id, mut dossier, mut document, mut stored) = (None, None, None, Vec::new());
    let mut target = None;
    let malformed = |_| AppError::Transport("malformed multipart body".into());
    while let Some(mut field) = multipart.next_field().await.map_err(malformed)? {
        match field.name().unwrap_or_default() {
            "draft_id" => draft_id = Some(field.text().await.map_err(malformed)?),
            "dossier" => dossier = Some(field.text().await.map_err(malformed)?),
            "document" => document = field.text().await.map_err(malformed)?.trim().parse::<i32>().ok(),
            "return_to" => {
                let to = field.text().await.map_err(malformed)?;
                // Only a path of this site.
                if to.starts_with('/') && !to.starts_with("//") && !to.contains('\\') {
                    *return_to = Some(to);
                }
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
                }
                let mut target_now = target.clone().unwrap_or_else(|| unreachable!("set above"));
                target_now.add_used(stored.iter().map(|s: &app::domain::dossier::AttachmentInfo| s.size).sum());
                let mut upload = Upload::new(&state.files, target_now, &file_name);
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
                    Ok(()) => stored.push(upload.finish(&state.db, now).await?),
                    Err(err) => {
                        upload.abort().await;
                        // Nothing of this request stays stored.
                        for file in &stored {
                            attachments::discard(&state.db, &state.files, &file.id).await;
                        }
                        return Err(err);
                    }
                }
            }
            _ => {}
        }
    }
    Ok(stored)
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
    let Some(me) = auth.user else { return refuse(&AppError::SignInRequired) };
    let row = match attachments::readable(&state.db, &me, &id).await {
        Ok(row) => row,
        Err(err) => return refuse(&err),
    };
    let object = match state.files.store.get(&object_store::path::Path::from(row.storage_key.as_str())).await {
        Ok(object) => object,
        Err(err) => {
            tracing::error!(error = %err, attachment = %row.id, "stored file missing");
            return refuse(&AppError::NotFound);
        }
    };
    let mut response = Response::new(Body::from_stream(object.into_stream()));
    let headers = response.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&row.content_type) {
        headers.insert(header::CONTENT_TYPE, v);
    }
    headers.insert(header::CONTENT_LENGTH, HeaderValue::from(row.size));
    let previewable = row.content_type == "application/pdf" || row.content_type.starts_with("image/");
    let disposition = content_disposition_for(&row.file_name);
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
