//! Plain HTTP routes (everything that is not a page or a server function).
//! The router is built from [`table`], which the authorisation test reads: a
//! route added here without a permission in `app::server::auth::policy`
//! fails it.

pub mod api;
mod apply;
mod attachments;
mod confirmation;
pub mod dossier_api;
mod events;
pub mod health;
mod intake;
mod lang;
mod national;
mod notices;
mod payments;
mod results;
mod templates;
mod vneid;

use app::server::state::AppState;
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{MethodRouter, get, post};

/// Every plain route: path and handler.
pub fn table() -> Vec<(&'static str, MethodRouter<AppState>)> {
    let mut routes = vec![
        ("/healthz", get(health::healthz)),
        ("/readyz", get(health::readyz)),
        ("/metrics", get(crate::metrics::serve)),
        ("/lang/{locale}", get(lang::switch)),
        ("/templates/{id}/{file_name}", get(templates::download)),
        ("/templates", post(templates::upload).layer(DefaultBodyLimit::max(templates::MAX_UPLOAD_BYTES))),
        // Limits are counted while streaming (see `attachments::upload`), not by axum's buffer limit.
        ("/uploads", post(attachments::upload).layer(DefaultBodyLimit::disable())),
        ("/attachments/{id}", get(attachments::download)),
        ("/dossiers/{code}/confirmation.pdf", get(confirmation::download)),
        ("/dossiers/{code}/forms/{number}", get(notices::download)),
        // The apply page's plain form posts (the page is `/procedures/{code}/apply`).
        ("/apply/{code}", post(apply::post_step)),
        // A desk intake's paper form, typed on `/dashboard/intake`.
        ("/intake/form", post(intake::post_form)),
        ("/events", get(events::stream)),
        ("/dossiers/{code}/pay", post(payments::start)),
        ("/payments/vnpay/ipn", get(payments::ipn)),
        ("/payments/{txn_ref}/receipt.pdf", get(payments::receipt)),
        ("/sandbox/vnpay/pay", post(payments::sandbox_pay)),
        ("/sandbox/vnpay/merchant_webapi/api/transaction", post(payments::sandbox_query)),
        ("/login/vneid", get(vneid::start)),
        ("/login/vneid/callback", get(vneid::callback)),
        ("/sandbox/vneid/.well-known/openid-configuration", get(vneid::sandbox_discovery)),
        ("/sandbox/vneid/jwks", get(vneid::sandbox_jwks)),
        ("/sandbox/vneid/consent", post(vneid::sandbox_consent).layer(DefaultBodyLimit::max(16 * 1024))),
        ("/sandbox/vneid/token", post(vneid::sandbox_token).layer(DefaultBodyLimit::max(16 * 1024))),
        ("/sandbox/national/api/{service}", post(national::receive).layer(DefaultBodyLimit::max(national::BODY_LIMIT))),
        ("/sandbox/national/mode", post(national::set_mode).layer(DefaultBodyLimit::max(1024))),
        ("/sandbox/national/dossiers/{code}", get(national::received)),
        ("/verify/public-key.pem", get(results::public_key)),
        ("/verify/{code}", post(results::verify_upload).layer(DefaultBodyLimit::max(20 * 1024 * 1024))),
        ("/verify/{code}/signature", get(results::signature)),
        (
            "/api/v1/dossiers",
            // The body is bounded as it streams (`attachments::files_body`).
            get(dossier_api::list_dossiers).post(dossier_api::file_dossier).layer(DefaultBodyLimit::disable()),
        ),
        ("/api/v1/dossiers/{code}", get(dossier_api::get_dossier)),
        (
            "/api/v1/dossiers/{code}/actions",
            post(dossier_api::act_on_dossier).layer(DefaultBodyLimit::max(dossier_api::BODY_LIMIT)),
        ),
    ];
    routes.extend(api::routes());
    routes
}

/// The paths of [`table`].
pub fn paths() -> Vec<&'static str> {
    table().into_iter().map(|(path, _)| path).collect()
}

/// The routes of [`table`], to merge into the application router.
pub fn router() -> Router<AppState> {
    table().into_iter().fold(Router::new(), |router, (path, handler)| router.route(path, handler))
}
