//! What every request handler and server function can reach.

use crate::error::AppError;
use axum::extract::FromRef;
use leptos::prelude::*;
use sea_orm::DatabaseConnection;
use std::path::PathBuf;
use std::sync::Arc;

/// Shared state of one server instance. Holds nothing that must be shared
/// between instances: that lives in the database.
#[derive(Clone, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub db: DatabaseConnection,
    /// Folder of the seed data, where the template files live.
    pub seed_dir: Arc<PathBuf>,
    /// Sessions, second factor, rate limits.
    pub auth: Arc<crate::server::auth::AuthSettings>,
    /// How long an untouched draft is kept.
    pub draft_ttl: chrono::Duration,
    /// Attachments and other files, with the upload limits.
    pub files: crate::server::attachments::Files,
    /// "Now" for dossiers and deadlines.
    pub clock: crate::server::clock::Clock,
    /// This instance's live event hub (`/events`).
    pub events: crate::server::events::Events,
    /// The payment gateway, when online payment is configured.
    pub payments: Option<Arc<crate::server::payments::Gateway>>,
    /// The sandbox gateway, when enabled (`DVC_DEMO`, `DVC_VNPAY_SANDBOX`).
    pub sandbox: Option<Arc<crate::server::payments::sandbox::Sandbox>>,
    /// Writes and signs result documents, and checks them.
    pub results: crate::server::results::Issuer,
    /// Sign-in with VNeID, when configured (or the sandbox is on).
    pub vneid: Option<crate::server::vneid::Vneid>,
    /// The VNeID sandbox provider, when enabled (`DVC_DEMO`, `DVC_VNEID_SANDBOX`).
    pub vneid_sandbox: Option<Arc<crate::server::vneid::sandbox::Provider>>,
    /// The sandbox of the national portal, when enabled (`DVC_DEMO`, `DVC_NATIONAL_SANDBOX`).
    pub national_sandbox: Option<Arc<crate::server::national::sandbox::Sandbox>>,
    /// Sends agencies' webhooks; says whether their endpoints may be local.
    pub webhooks: Arc<crate::server::webhooks::Sender>,
    /// The snapshot behind the public statistics.
    pub statistics: crate::server::transparency::Statistics,
}

/// The state, from the server function's context.
pub fn use_state() -> Result<AppState, AppError> {
    use_context::<AppState>().ok_or_else(|| AppError::internal("AppState missing from the server function context"))
}
