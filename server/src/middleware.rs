//! Middleware every response passes through: request ids and logs, timeouts,
//! panics, compression, security and cache headers.

use crate::config::Config;
use app::server::security::PageNonce;
use axum::Router;
use axum::body::Body;
use axum::extract::Request;
use axum::http::{HeaderName, HeaderValue, Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use std::time::Duration;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::compression::predicate::{DefaultPredicate, NotForContentType, Predicate};
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// Wraps `router` in the middleware stack (the last layer added runs first).
pub fn apply<S: Clone + Send + Sync + 'static>(
    router: Router<S>,
    config: &Config,
    metrics: std::sync::Arc<crate::metrics::Metrics>,
) -> Router<S> {
    // The path only: query strings may carry personal data and secrets.
    let trace = TraceLayer::new_for_http().make_span_with(|request: &Request| {
        let id = request.headers().get(&REQUEST_ID).and_then(|v| v.to_str().ok()).unwrap_or("-");
        tracing::info_span!("request", method = %request.method(), path = %request.uri().path(), request_id = %id)
    });
    let security = [
        (header::CONTENT_SECURITY_POLICY, app::server::security::STRICT_CSP),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::REFERRER_POLICY, "strict-origin-when-cross-origin"),
        (header::X_FRAME_OPTIONS, "DENY"),
        (HeaderName::from_static("permissions-policy"), "camera=(), microphone=(), geolocation=()"),
        (HeaderName::from_static("cross-origin-opener-policy"), "same-origin"),
    ];
    let mut router = router
        .layer(middleware::from_fn(refuse_nul))
        .layer(middleware::from_fn(page_csp))
        .layer(middleware::from_fn(cache_control))
        .layer(
            CompressionLayer::new().compress_when(
                // Files that are compressed already (PDF, office documents) are sent as they are.
                DefaultPredicate::new()
                    .and(NotForContentType::const_new("application/pdf"))
                    .and(NotForContentType::const_new("application/vnd.")),
            ),
        )
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            Duration::from_secs(config.request_timeout_secs),
        ));
    for (name, value) in security {
        // Pages set their own CSP (with a nonce); everything else gets the strict one.
        router = router.layer(SetResponseHeaderLayer::if_not_present(name, HeaderValue::from_static(value)));
    }
    if config.public_url().starts_with("https://") {
        // Served over TLS: browsers must never come back over plain HTTP.
        router = router.layer(SetResponseHeaderLayer::overriding(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        ));
    }
    router
        .layer(CatchPanicLayer::new())
        // Counted outside the time limit and the panic guard: a 408 or a
        // panic's 500 is counted like any answer.
        .layer(middleware::from_fn(crate::metrics::record))
        .layer(axum::Extension(metrics))
        .layer(trace)
        .layer(PropagateRequestIdLayer::new(REQUEST_ID))
        .layer(SetRequestIdLayer::new(REQUEST_ID, MakeRequestUuid))
}

/// Gives every request a fresh nonce and HTML responses the page policy that
/// allows exactly the inline scripts carrying it.
async fn page_csp(mut request: Request, next: Next) -> Response {
    let nonce = leptos::nonce::Nonce::new();
    request.extensions_mut().insert(PageNonce(nonce.clone()));
    let mut response = next.run(request).await;
    let is_html = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if is_html && let Ok(value) = HeaderValue::from_str(&app::server::security::page_csp(&nonce)) {
        response.headers_mut().insert(header::CONTENT_SECURITY_POLICY, value);
    }
    response
}

/// Bodies other than multipart are read whole by their handlers; none is
/// larger than this (axum's own default; files travel as multipart, bounded
/// where they are read).
const MAX_TEXT_BODY: usize = 2 * 1024 * 1024;

/// A NUL character is never part of a real request, and PostgreSQL refuses it
/// in text (the write would fail with a 500 after the work was done): a `%00`
/// in the path or query, or a NUL byte, `%00` or `\u0000` anywhere in a body
/// that is not multipart (server functions read their body whatever its
/// declared type, so the type is not trusted), is answered 400 before any
/// handler. Such bodies are read here, bounded; multipart text fields are
/// checked where they are read (`routes::attachments::bounded_text`).
async fn refuse_nul(request: Request, next: Next) -> Response {
    let bad_request = || (StatusCode::BAD_REQUEST, "Yêu cầu không hợp lệ. Bad request.").into_response();
    let has = |part: &[u8], needle: &[u8]| part.windows(needle.len()).any(|w| w == needle);
    let uri = request.uri();
    if has(uri.path().as_bytes(), b"%00") || uri.query().is_some_and(|q| has(q.as_bytes(), b"%00")) {
        return bad_request();
    }
    let multipart = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.trim_start().to_ascii_lowercase().starts_with("multipart/"));
    if multipart || matches!(*request.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return next.run(request).await;
    }
    let (parts, body) = request.into_parts();
    let bytes = match axum::body::to_bytes(body, MAX_TEXT_BODY).await {
        Ok(bytes) => bytes,
        Err(e) if std::error::Error::source(&e).is_some_and(|s| s.is::<http_body_util::LengthLimitError>()) => {
            return (StatusCode::PAYLOAD_TOO_LARGE, "Yêu cầu quá lớn. Request too large.").into_response();
        }
        Err(_) => return bad_request(),
    };
    if bytes.contains(&0) || has(&bytes, b"%00") || has(&bytes, b"\\u0000") {
        return bad_request();
    }
    next.run(Request::from_parts(parts, Body::from(bytes))).await
}

/// Hashed build assets are immutable; other static files are revalidated;
/// anything answered to a signed-in browser (its pages show personal data,
/// and the header its name) is never stored by the browser or a proxy.
async fn cache_control(request: Request, next: Next) -> Response {
    let path = request.uri().path().to_owned();
    let signed_in = request
        .headers()
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .any(|cookies| cookies.contains("dvc_session="));
    let mut response = next.run(request).await;
    // The public lookup and the payment return show one person's dossier or payment too.
    let personal = signed_in || path == "/lookup" || path == "/payments/vnpay/return";
    if personal && !path.starts_with("/pkg/") {
        response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
    } else if response.status().is_success() && !response.headers().contains_key(header::CACHE_CONTROL) {
        let value = if path.starts_with("/pkg/") && is_hashed(&path) {
            "public, max-age=31536000, immutable"
        } else if path.starts_with("/pkg/") || path.starts_with("/favicon") {
            "public, max-age=300, must-revalidate"
        } else {
            "no-cache"
        };
        response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
    }
    response
}

/// `dvc.3f9a….wasm`: a file name with a content hash between name and extension.
fn is_hashed(path: &str) -> bool {
    let file = path.rsplit('/').next().unwrap_or_default();
    let parts: Vec<&str> = file.split('.').collect();
    parts.len() >= 3
        && parts[parts.len() - 2].len() >= 8
        && parts[parts.len() - 2].bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

#[cfg(test)]
mod tests {
    use super::is_hashed;

    #[test]
    fn only_hashed_names_are_immutable() {
        assert!(is_hashed("/pkg/dvc.Xh3kP0aZ2qw.wasm"));
        assert!(!is_hashed("/pkg/dvc.wasm"));
        assert!(!is_hashed("/pkg/dvc_bg.wasm"));
    }
}
