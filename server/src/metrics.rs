//! What an operator watches, in Prometheus' text format at `/metrics`:
//! requests and their latency per route (counted by [`record`] around every
//! request of this instance), and, read when scraped, the database pool, the
//! live subscribers, the notification outbox, the payment orders pending and
//! the reconciliation runs.
//!
//! Labels are bounded: a route is the router's pattern (`/procedures/{code}`,
//! a server function's registered name), never the path a client typed.

use app::server::entities::{outbox_mail, payment};
use app::server::state::AppState;
use axum::extract::{ConnectInfo, MatchedPath, Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::{Extension, body::Body};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Upper bounds of the latency buckets, in seconds.
const BUCKETS: [f64; 11] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0];

/// The gauges read from the database give up after this long: a scrape
/// while the database is down answers at once, without them.
const DATABASE_WAIT: Duration = Duration::from_secs(2);

/// This instance's request counts and latencies, and who may read them.
pub struct Metrics {
    token: Option<String>,
    /// Without a token, loopback clients may read; not when a proxy is in
    /// front (every client would then come from it).
    loopback_allowed: bool,
    max_connections: u32,
    requests: Mutex<BTreeMap<(String, String, u16), u64>>,
    latency: Mutex<BTreeMap<String, Histogram>>,
}

#[derive(Default)]
struct Histogram {
    /// Per bucket, not cumulative; the last one is above every bound.
    counts: [u64; BUCKETS.len() + 1],
    sum: f64,
}

impl Metrics {
    pub fn new(config: &crate::config::Config) -> Self {
        let token = config.metrics_token.as_ref().map(|token| token.0.clone());
        // Served over TLS means a proxy in front (the server speaks plain
        // HTTP): its clients would all come from this machine.
        let proxied = config.auth.trusted_proxy_hops > 0 || config.auth.secure_cookies;
        Self {
            loopback_allowed: token.is_none() && !proxied,
            token,
            max_connections: config.db_max_connections,
            requests: Mutex::default(),
            latency: Mutex::default(),
        }
    }

    fn observe(&self, route: String, method: &str, status: u16, elapsed: Duration) {
        let seconds = elapsed.as_secs_f64();
        *self.requests.lock().expect("metrics").entry((route.clone(), method.to_owned(), status)).or_default() += 1;
        let mut latency = self.latency.lock().expect("metrics");
        let histogram = latency.entry(route).or_default();
        let bucket = BUCKETS.iter().position(|bound| seconds <= *bound).unwrap_or(BUCKETS.len());
        histogram.counts[bucket] += 1;
        histogram.sum += seconds;
    }

    /// Whether this request may read the metrics.
    fn allows(&self, headers: &HeaderMap, peer: Option<SocketAddr>) -> bool {
        match &self.token {
            Some(token) => headers
                .get(header::AUTHORIZATION)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.strip_prefix("Bearer "))
                .is_some_and(|given| app::server::secrets::same_secret(token, given.trim())),
            None => {
                let proxied =
                    ["x-forwarded-for", "x-real-ip", "forwarded"].iter().any(|name| headers.contains_key(*name));
                self.loopback_allowed && !proxied && peer.is_some_and(|peer| peer.ip().to_canonical().is_loopback())
            }
        }
    }

    fn render_requests(&self, out: &mut String) {
        out.push_str("# HELP dvc_http_requests_total Requests answered, by route, method and status.\n");
        out.push_str("# TYPE dvc_http_requests_total counter\n");
        for ((route, method, status), count) in self.requests.lock().expect("metrics").iter() {
            let route = label(route);
            let _ = writeln!(
                out,
                "dvc_http_requests_total{{route=\"{route}\",method=\"{method}\",status=\"{status}\"}} {count}"
            );
        }
        out.push_str("# HELP dvc_http_request_duration_seconds Time until the response's head, by route.\n");
        out.push_str("# TYPE dvc_http_request_duration_seconds histogram\n");
        for (route, histogram) in self.latency.lock().expect("metrics").iter() {
            let route = label(route);
            let mut cumulative = 0;
            for (bound, count) in BUCKETS.iter().zip(histogram.counts) {
                cumulative += count;
                let _ = writeln!(
                    out,
                    "dvc_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"{bound}\"}} {cumulative}"
                );
            }
            let total: u64 = histogram.counts.iter().sum();
            let _ = writeln!(out, "dvc_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"+Inf\"}} {total}");
            let _ = writeln!(out, "dvc_http_request_duration_seconds_sum{{route=\"{route}\"}} {}", histogram.sum);
            let _ = writeln!(out, "dvc_http_request_duration_seconds_count{{route=\"{route}\"}} {total}");
        }
    }
}

/// A label value as Prometheus reads it.
fn label(value: &str) -> String {
    value.replace('\\', "\\\\").replace('"', "\\\"").replace('\n', "\\n")
}

/// The route a request matched, as a bounded label.
fn route_of(request: &Request) -> String {
    let Some(matched) = request.extensions().get::<MatchedPath>() else { return "unmatched".into() };
    if matched.as_str() == "/api/{*fn_name}" {
        // A server function: its registered name, or one label for the rest.
        let name = request.uri().path().trim_start_matches("/api/");
        return match app::server::auth::policy::SERVER_FNS.iter().find(|(endpoint, _)| *endpoint == name) {
            Some((endpoint, _)) => format!("/api/{endpoint}"),
            None => "/api/{unknown}".into(),
        };
    }
    matched.as_str().to_owned()
}

/// Counts every request and times it until its response's head.
pub async fn record(Extension(metrics): Extension<Arc<Metrics>>, request: Request, next: Next) -> Response {
    let route = route_of(&request);
    // A client may send any method name: the unknown ones share one label.
    let method: &'static str = match request.method().as_str() {
        "GET" => "GET",
        "HEAD" => "HEAD",
        "POST" => "POST",
        "PUT" => "PUT",
        "DELETE" => "DELETE",
        "PATCH" => "PATCH",
        "OPTIONS" => "OPTIONS",
        _ => "OTHER",
    };
    let started = Instant::now();
    let response = next.run(request).await;
    metrics.observe(route, method, response.status().as_u16(), started.elapsed());
    response
}

/// `GET /metrics`: for `Authorization: Bearer $DVC_METRICS_TOKEN`, or, with
/// no token set, for this machine; anyone else gets 404, as if there were
/// nothing here.
pub async fn serve(
    State(state): State<AppState>,
    Extension(metrics): Extension<Arc<Metrics>>,
    headers: HeaderMap,
    request: Request<Body>,
) -> Response {
    let peer = request.extensions().get::<ConnectInfo<SocketAddr>>().map(|c| c.0);
    if !metrics.allows(&headers, peer) {
        return StatusCode::NOT_FOUND.into_response();
    }
    let mut out = String::with_capacity(16 * 1024);
    metrics.render_requests(&mut out);
    gauge(&mut out, "dvc_live_subscribers", "Live event streams open on this instance.", state.events.subscribers());
    pool(&mut out, &state.db, metrics.max_connections);
    match tokio::time::timeout(DATABASE_WAIT, stored(&state.db)).await {
        Ok(Ok(stored)) => out.push_str(&stored),
        Ok(Err(err)) => tracing::warn!(error = %err, "metrics: the database gauges could not be read"),
        Err(_) => tracing::warn!("metrics: the database did not answer in time"),
    }
    let runs = app::server::payments::reconciliation_runs();
    out.push_str("# HELP dvc_payment_reconciliations_total Reconciliation passes over pending orders, by outcome.\n");
    out.push_str("# TYPE dvc_payment_reconciliations_total counter\n");
    let _ = writeln!(out, "dvc_payment_reconciliations_total{{outcome=\"ok\"}} {}", runs.ok);
    let _ = writeln!(out, "dvc_payment_reconciliations_total{{outcome=\"failed\"}} {}", runs.failed);
    ([(header::CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8"), (header::CACHE_CONTROL, "no-store")], out)
        .into_response()
}

fn gauge(out: &mut String, name: &str, help: &str, value: impl std::fmt::Display) {
    let _ = write!(out, "# HELP {name} {help}\n# TYPE {name} gauge\n{name} {value}\n");
}

/// The connection pool: open, idle and the most it may open.
fn pool(out: &mut String, db: &DatabaseConnection, max: u32) {
    let (size, idle) = match db.get_database_backend() {
        sea_orm::DatabaseBackend::Postgres => {
            let pool = db.get_postgres_connection_pool();
            (pool.size(), pool.num_idle())
        }
        sea_orm::DatabaseBackend::Sqlite => {
            let pool = db.get_sqlite_connection_pool();
            (pool.size(), pool.num_idle())
        }
        _ => return,
    };
    gauge(out, "dvc_db_pool_connections", "Database connections open.", size);
    gauge(out, "dvc_db_pool_idle", "Database connections open and idle.", idle);
    gauge(out, "dvc_db_pool_max", "Database connections the pool may open (DVC_DB_MAX_CONNECTIONS).", max);
}

/// The gauges the database holds: the outbox and the payment orders pending.
async fn stored(db: &DatabaseConnection) -> Result<String, sea_orm::DbErr> {
    let mut out = String::new();
    out.push_str(
        "# HELP dvc_outbox_backlog Notifications not sent yet, by channel.\n# TYPE dvc_outbox_backlog gauge\n",
    );
    let mut failing = String::from(
        "# HELP dvc_outbox_failing Notifications not sent yet whose last attempt failed, by channel.\n# TYPE dvc_outbox_failing gauge\n",
    );
    for channel in ["mail", "sms"] {
        let waiting = outbox_mail::Entity::find()
            .filter(outbox_mail::Column::Channel.eq(channel))
            .filter(outbox_mail::Column::SentAt.is_null());
        let backlog = waiting.clone().count(db).await?;
        let failed = waiting.filter(outbox_mail::Column::LastError.is_not_null()).count(db).await?;
        let _ = writeln!(out, "dvc_outbox_backlog{{channel=\"{channel}\"}} {backlog}");
        let _ = writeln!(failing, "dvc_outbox_failing{{channel=\"{channel}\"}} {failed}");
    }
    out.push_str(&failing);
    let pending = payment::Entity::find()
        .filter(payment::Column::Status.eq(app::domain::payment::PaymentStatus::Pending))
        .count(db)
        .await?;
    gauge(&mut out, "dvc_payment_orders_pending", "Payment orders waiting for the gateway's answer.", pending);
    Ok(out)
}
