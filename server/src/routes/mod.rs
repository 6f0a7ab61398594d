//! Plain HTTP routes (everything that is not a page or a server function).

pub mod api;
mod health;
mod lang;
mod templates;

use app::server::state::AppState;
use axum::Router;
use axum::routing::get;

/// The routes of this module, to merge into the application router.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
        .route("/lang/{locale}", get(lang::switch))
        .route("/templates/{id}/{file_name}", get(templates::download))
        .nest("/api/v1", api::router())
}
