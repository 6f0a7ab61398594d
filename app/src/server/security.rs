//! The Content-Security-Policy of HTML pages: scripts only from us or with this
//! response's nonce. The server's middleware makes the nonce, puts it in the
//! request's extensions and sets the header; Leptos reads it from there, so
//! the header and the hydration scripts always carry the same value.

use leptos::nonce::Nonce;
use leptos::prelude::*;

/// Policy for responses that are not HTML pages (API, files, errors).
pub const STRICT_CSP: &str = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/// The nonce of the current request, as put in its extensions by the middleware.
#[derive(Clone, Debug)]
pub struct PageNonce(pub Nonce);

/// The policy of an HTML page whose inline scripts carry `nonce`.
pub fn page_csp(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; style-src 'self'; \
         img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; \
         form-action 'self'; frame-ancestors 'none'"
    )
}

/// Provides the request's nonce to Leptos (call in the render context).
pub fn provide_request_nonce() {
    let nonce = use_context::<http::request::Parts>().and_then(|parts| parts.extensions.get::<PageNonce>().cloned());
    if let Some(PageNonce(nonce)) = nonce {
        provide_context(nonce);
    }
}
