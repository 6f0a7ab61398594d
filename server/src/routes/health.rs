//! Liveness and readiness probes for load balancers and orchestrators.

use app::server::state::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use object_store::ObjectStoreExt;
use std::time::Duration;

/// A probe that takes longer than this counts as a failure: an orchestrator
/// must learn at once that the database or the storage is gone.
const PROBE_WAIT: Duration = Duration::from_secs(2);

/// The process is up.
pub async fn healthz() -> &'static str {
    "ok"
}

/// The process can serve: its database answers and its file storage takes a write.
pub async fn readyz(State(state): State<AppState>) -> (StatusCode, &'static str) {
    let database = tokio::time::timeout(PROBE_WAIT, state.db.ping()).await;
    if !matches!(database, Ok(Ok(()))) {
        tracing::warn!(outcome = ?database.map(|r| r.map_err(|e| e.to_string())), "readiness: database unreachable");
        return (StatusCode::SERVICE_UNAVAILABLE, "database unavailable");
    }
    let probe = object_store::path::Path::from("health/ready");
    let storage = tokio::time::timeout(PROBE_WAIT, state.files.store.put(&probe, b"ready".as_slice().into())).await;
    if !matches!(storage, Ok(Ok(_))) {
        tracing::warn!(outcome = ?storage.map(|r| r.map(|_| ()).map_err(|e| e.to_string())), "readiness: storage unreachable");
        return (StatusCode::SERVICE_UNAVAILABLE, "storage unavailable");
    }
    (StatusCode::OK, "ready")
}
