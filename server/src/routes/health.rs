//! Liveness and readiness probes for load balancers and orchestrators.

use app::server::state::AppState;
use axum::Extension;
use axum::extract::State;
use axum::http::StatusCode;
use object_store::ObjectStoreExt;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// A probe that takes longer than this counts as a failure: an orchestrator
/// must learn at once that the database or the storage is gone.
const PROBE_WAIT: Duration = Duration::from_secs(2);

/// How long an answer of `/readyz` is reused. The probe writes to the
/// storage, and `/readyz` is public: however often it is asked, the
/// database and the bucket see at most one probe per instance this often.
const PROBE_EVERY: Duration = Duration::from_secs(5);

/// The last readiness answer of this instance; one probe runs at a time.
#[derive(Default)]
pub struct Readiness(tokio::sync::Mutex<Option<(Instant, Result<(), &'static str>)>>);

/// The process is up.
pub async fn healthz() -> &'static str {
    "ok"
}

/// The process can serve: its database answers and its file storage takes a write.
pub async fn readyz(
    State(state): State<AppState>,
    Extension(readiness): Extension<Arc<Readiness>>,
) -> (StatusCode, &'static str) {
    let mut last = readiness.0.lock().await;
    let outcome = match *last {
        Some((at, outcome)) if at.elapsed() < PROBE_EVERY => outcome,
        _ => {
            let outcome = probe(&state).await;
            *last = Some((Instant::now(), outcome));
            outcome
        }
    };
    match outcome {
        Ok(()) => (StatusCode::OK, "ready"),
        Err(what) => (StatusCode::SERVICE_UNAVAILABLE, what),
    }
}

async fn probe(state: &AppState) -> Result<(), &'static str> {
    let database = tokio::time::timeout(PROBE_WAIT, state.db.ping()).await;
    if !matches!(database, Ok(Ok(()))) {
        tracing::warn!(outcome = ?database.map(|r| r.map_err(|e| e.to_string())), "readiness: database unreachable");
        return Err("database unavailable");
    }
    let probe = object_store::path::Path::from("health/ready");
    let storage = tokio::time::timeout(PROBE_WAIT, state.files.store.put(&probe, b"ready".as_slice().into())).await;
    if !matches!(storage, Ok(Ok(_))) {
        tracing::warn!(outcome = ?storage.map(|r| r.map(|_| ()).map_err(|e| e.to_string())), "readiness: storage unreachable");
        return Err("storage unavailable");
    }
    Ok(())
}
