//! Signed results, for anyone who holds one: `POST /verify/{code}` checks an
//! uploaded copy, `/verify/{code}/signature` is the detached signature and
//! `/verify/public-key.pem` the key that checks it (the page itself,
//! `/verify/{code}`, is a Leptos route).

use super::attachments::malformed;
use app::domain::result::UploadCheck;
use app::server::state::AppState;
use axum::body::Body;
use axum::extract::{FromRequest, Multipart, Path, State};
use axum::http::{Method, Request, header};
use axum::response::{IntoResponse, Redirect, Response};
use leptos::prelude::provide_context;
use sha2::{Digest, Sha256};

/// `POST /verify/{code}` (multipart, field `file`): the SHA-256 of the
/// uploaded file is computed here, compared with the signed document's, and
/// the answer is the verification page itself rendered with that outcome.
/// Nothing of it goes into a URL (a forger could otherwise print a link to
/// a green answer), and the file is not kept.
pub async fn verify_upload(
    State(state): State<AppState>,
    Path(code): Path<String>,
    request: Request<Body>,
) -> Response {
    let (parts, body) = request.into_parts();
    let Ok(mut form) = Multipart::from_request(Request::from_parts(parts.clone(), body), &state).await else {
        return app::error::AppError::Transport("multipart/form-data expected".into()).into_response();
    };
    let mut hash = Sha256::new();
    let mut seen = false;
    loop {
        let mut field = match form.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(err) => return malformed(err).into_response(),
        };
        if field.name() != Some("file") {
            continue;
        }
        loop {
            match field.chunk().await {
                Ok(Some(chunk)) => {
                    seen |= !chunk.is_empty();
                    hash.update(&chunk);
                }
                Ok(None) => break,
                Err(err) => return malformed(err).into_response(),
            }
        }
    }
    let page =
        format!("/verify/{}", percent_encoding::utf8_percent_encode(code.trim(), percent_encoding::NON_ALPHANUMERIC));
    if !seen {
        return Redirect::to(&format!("{page}?missing=1")).into_response();
    }
    let uploaded = app::server::secrets::hex(&hash.finalize());
    let check = match state.results.matches_upload(&state.db, &code, &uploaded).await {
        Ok(check) => check,
        Err(err) => return err.into_response(),
    };
    let mut parts = parts;
    parts.method = Method::GET;
    let options = state.leptos_options.clone();
    let render = leptos_axum::render_app_async_with_context(
        move || {
            provide_context(state.clone());
            provide_context::<UploadCheck>(check);
            app::server::security::provide_request_nonce();
        },
        move || app::shell(options.clone()),
    );
    render(Request::from_parts(parts, Body::empty())).await
}

/// `GET /verify/{code}/signature`: the Ed25519 signature of the result's
/// PDF, 64 raw bytes, for `openssl pkeyutl -verify -rawin -sigfile`.
pub async fn signature(State(state): State<AppState>, Path(code): Path<String>) -> Response {
    match state.results.detached_signature(&state.db, &code).await {
        Ok((file_name, bytes)) => (
            [
                (header::CONTENT_TYPE, "application/octet-stream".to_owned()),
                (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{file_name}\"")),
            ],
            bytes.to_vec(),
        )
            .into_response(),
        Err(err) => err.into_response(),
    }
}

/// `GET /verify/public-key.pem`: the key result signatures are checked with.
pub async fn public_key(State(state): State<AppState>) -> Response {
    ([(header::CONTENT_TYPE, "application/x-pem-file")], state.results.signer.public_pem().to_owned()).into_response()
}
