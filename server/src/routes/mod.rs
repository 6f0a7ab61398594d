//! Plain HTTP routes (everything that is not a page or a server function).
//! The router is built from [`table`], which the authorisation test reads: a
//! route added here without a permission in `app::server::auth::policy`
//! fails it.

pub mod api;
mod health;
mod lang;
mod templates;

use app::server::state::AppState;
use axum::Router;
use axum::routing::{MethodRouter, get};

/// Every plain route: path and handler.
pub fn table() -> Vec<(&'static str, MethodRouter<AppState>)> {
    let mut routes = vec![
        ("/healthz", get(health::healthz)),
        ("/readyz", get(health::readyz)),
        ("/lang/{locale}", get(lang::switch)),
        ("/templates/{id}/{file_name}", get(templates::download)),
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
