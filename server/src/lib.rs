#![recursion_limit = "256"]
//! The DVC server: start-up, the router, and the routes that are not server
//! functions. `main.rs` only parses the command line.

pub mod config;
pub mod listen;
pub mod metrics;
mod middleware;
pub mod precompress;
pub mod routes;

use anyhow::Context;
use app::server::state::AppState;
use app::{App, shell};
use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::http::Request;
use axum::response::IntoResponse;
use axum::routing::post;
use config::Config;
use leptos::prelude::*;
use leptos_axum::{LeptosRoutes, generate_route_list, handle_server_fns_with_context};
use migrations::{Migrator, MigratorTrait};
use sea_orm::{ConnectOptions, ConnectionTrait, Database, DatabaseConnection};
use std::sync::Arc;
use tower_http::services::ServeDir;

/// How long a request waits for a database connection before it is answered
/// 503 (the database is down, or every connection has been busy this long).
const DATABASE_WAIT: std::time::Duration = std::time::Duration::from_secs(5);

/// Connects to the database and brings its schema up to date.
pub async fn connect(config: &Config) -> anyhow::Result<DatabaseConnection> {
    if config.is_sqlite() {
        std::fs::create_dir_all(&config.data_dir)
            .map_err(|e| anyhow::anyhow!("cannot create the data directory {}: {e}", config.data_dir.display()))?;
    }
    let mut options = ConnectOptions::new(&config.database_url);
    // A database that is away is said at once (503), not after sqlx's 30 s.
    options
        .max_connections(config.db_max_connections)
        .connect_timeout(DATABASE_WAIT)
        .acquire_timeout(DATABASE_WAIT)
        .sqlx_logging(false);
    let db = Database::connect(options).await?;
    if config.is_sqlite() {
        // Readers do not wait for the writer.
        db.execute_unprepared("PRAGMA journal_mode=WAL").await?;
    }
    Migrator::up(&db, None).await?;
    Ok(db)
}

/// Connects, migrates, loads the seed data and builds the shared state.
pub async fn build_state(config: &Config) -> anyhow::Result<AppState> {
    let db = connect(config).await?;
    let report = app::server::seed::load(&db, &config.seed_dir).await?;
    tracing::info!(?report, "seed data loaded");
    let files = files(config)?;
    let purged = app::server::drafts::purge_expired(&db, &files, chrono::Utc::now())
        .await
        .map_err(|e| anyhow::anyhow!("drafts: {e}"))?;
    tracing::info!(purged, "expired drafts removed");
    app::server::drafts::spawn_sweeper(db.clone(), files.clone());
    if config.demo {
        let created =
            app::server::accounts::demo::seed(&db).await.map_err(|e| anyhow::anyhow!("demo accounts: {e}"))?;
        tracing::warn!(created, "DVC_DEMO is on: demo accounts exist; never use this in production");
    }
    let events = app::server::events::Events::start(
        &db,
        std::time::Duration::from_secs(config.events_heartbeat_secs.max(1)),
        config.events_backlog as usize,
        config.events_per_user as usize,
    )
    .await
    .map_err(|e| anyhow::anyhow!("live events: {e}"))?;
    let senders = app::server::mail::Senders {
        mail: app::server::mail::Mailer::new(
            config.smtp_url.as_deref(),
            config.data_dir.join("outbox"),
            &config.mail_from,
            &config.public_url(),
        )?,
        sms: app::server::sms::SmsSender::new(
            config.sms.as_ref().map(|sms| sms.url.as_str()),
            config.sms.as_ref().and_then(|sms| sms.key.clone()),
            config.data_dir.join("outbox").join("sms"),
            &config.public_url(),
        )?,
    };
    let clock = app::server::clock::Clock::default();
    app::server::mail::spawn_worker(db.clone(), Arc::new(senders), clock.clone());
    app::server::auth::spawn_pruner(db.clone(), config.auth.clone());
    app::server::definitions::spawn_scheduler(db.clone(), clock.clone());
    let (payments, sandbox) = payments(config, &db, &events, &clock)?;
    let (vneid, vneid_sandbox) = vneid(config)?;
    let signer = signer(config)?;
    let national_sandbox = national(config, &db, &clock)?;
    let webhooks = Arc::new(app::server::webhooks::Sender::new(config.webhooks_local).context("the webhooks' client")?);
    let every = std::time::Duration::from_secs(u64::from(config.webhook_secs));
    app::server::webhooks::spawn_worker(db.clone(), webhooks.clone(), clock.clone(), every);
    Ok(AppState {
        leptos_options: leptos_options(config),
        db,
        seed_dir: Arc::new(config.seed_dir.clone()),
        auth: Arc::new(config.auth.clone()),
        draft_ttl: chrono::Duration::days(i64::from(config.draft_days)),
        results: app::server::results::Issuer { files: files.clone(), signer, public_url: config.public_url() },
        files,
        clock,
        events,
        payments,
        sandbox,
        vneid,
        vneid_sandbox,
        national_sandbox,
        webhooks,
        statistics: app::server::transparency::Statistics::new(std::time::Duration::from_secs(u64::from(
            config.statistics_max_age_secs,
        ))),
    })
}

/// The file store: the bucket of `DVC_STORAGE_URL`, or `DVC_DATA_DIR/files`.
fn files(config: &Config) -> anyhow::Result<app::server::attachments::Files> {
    use app::server::attachments::Files;
    let mb = |n: u32| u64::from(n) * 1024 * 1024;
    let (file, dossier) = (mb(config.upload_file_mb), mb(config.upload_dossier_mb));
    match &config.storage {
        Some(bucket) => Files::bucket(bucket, file, dossier)
            .map_err(|e| anyhow::anyhow!("cannot use the bucket {}: {e}", bucket.name)),
        None => {
            let dir = config.data_dir.join("files");
            Files::local(&dir, file, dossier)
                .map_err(|e| anyhow::anyhow!("cannot open the file store {}: {e}", dir.display()))
        }
    }
}

/// The result-signing key: the operator's (`DVC_SIGNING_KEY_FILE`), or the
/// one made at first start in the data directory.
fn signer(config: &Config) -> anyhow::Result<app::server::signing::Signer> {
    match &config.signing_key_file {
        Some(path) => app::server::signing::Signer::load(path),
        None => app::server::signing::Signer::load_or_create(&config.data_dir.join("keys").join("result-signing.pem")),
    }
    .context("the result-signing key")
}

/// Checks a restored copy (`server check-backup`): the database, the files
/// and the signing key as configured, with no worker started (a restored
/// copy must not send its outbox's mails again).
pub async fn check_backup(config: &Config) -> anyhow::Result<app::server::backup::BackupReport> {
    let db = connect(config).await?;
    let issuer = app::server::results::Issuer {
        files: files(config)?,
        signer: signer(config)?,
        public_url: config.public_url(),
    };
    let report =
        app::server::backup::check(&db, &issuer).await.map_err(|e| anyhow::anyhow!("the check failed: {e}"))?;
    db.close().await.ok();
    Ok(report)
}

type Vneid = (Option<app::server::vneid::Vneid>, Option<Arc<app::server::vneid::sandbox::Provider>>);

/// Sign-in with VNeID and the sandbox provider, as configured.
fn vneid(config: &Config) -> anyhow::Result<Vneid> {
    if config.vneid_sandbox_refused {
        tracing::warn!("the VNeID sandbox stays off: a real DVC_VNEID_ISSUER is set, or DVC_PUBLIC_URL is https://");
    }
    let sandbox = match config.vneid_sandbox {
        true => {
            let key = config.data_dir.join("keys").join("vneid-sandbox.pem");
            let provider = app::server::vneid::sandbox::Provider::new(&config.public_url(), &key)
                .context("the VNeID sandbox's key")?;
            tracing::warn!("the VNeID sandbox provider is on (/sandbox/vneid): never in production");
            Some(Arc::new(provider))
        }
        false => None,
    };
    let client = match &config.vneid {
        Some(registration) => {
            tracing::info!(issuer = %registration.issuer, client_id = %registration.client_id, "sign-in with VNeID");
            Some(app::server::vneid::Vneid::new(registration.clone()).context("the VNeID client")?)
        }
        None => None,
    };
    Ok((client, sandbox))
}

/// The national portal's sync worker and its sandbox, as configured.
fn national(
    config: &Config,
    db: &DatabaseConnection,
    clock: &app::server::clock::Clock,
) -> anyhow::Result<Option<Arc<app::server::national::sandbox::Sandbox>>> {
    use app::server::national::{Syncer, sandbox::Sandbox, spawn_worker};
    if let Some(national) = &config.national {
        let syncer = Syncer::new(&national.url, &national.token).context("the national portal's client")?;
        let every = std::time::Duration::from_secs(u64::from(config.national_sync_secs));
        spawn_worker(db.clone(), Arc::new(syncer), clock.clone(), every);
        tracing::info!(url = %national.url, "dossiers synchronised with the national portal");
    }
    Ok(config.national_sandbox.then(|| {
        tracing::warn!("the sandbox of the national portal is on (/sandbox/national): never in production");
        Arc::new(Sandbox::default())
    }))
}

type Payments = (Option<Arc<app::server::payments::Gateway>>, Option<Arc<app::server::payments::sandbox::Sandbox>>);

/// The payment gateway (and its reconciliation worker) and the sandbox
/// gateway (and its IPN worker), as configured.
fn payments(
    config: &Config,
    db: &DatabaseConnection,
    events: &app::server::events::Events,
    clock: &app::server::clock::Clock,
) -> anyhow::Result<Payments> {
    use app::server::payments::{Gateway, sandbox::Sandbox, spawn_reconciler};
    let gateway = match &config.vnpay {
        Some(vnpay) => {
            let pending = chrono::Duration::minutes(i64::from(config.vnpay_pending_minutes));
            let gateway = Gateway::new(&vnpay.url, &vnpay.tmn_code, &vnpay.hash_secret, &config.public_url(), pending)
                .context("the VNPay client")?;
            let gateway = Arc::new(gateway);
            let every = std::time::Duration::from_secs(u64::from(config.vnpay_reconcile_secs));
            spawn_reconciler(db.clone(), events.clone(), gateway.clone(), clock.clone(), every);
            tracing::info!(url = %vnpay.url, tmn_code = %vnpay.tmn_code, "online payment through VNPay");
            Some(gateway)
        }
        None => None,
    };
    if config.vnpay_sandbox_refused {
        tracing::warn!("the VNPay sandbox gateway stays off: real DVC_VNPAY_* credentials are configured");
    }
    let sandbox = match config.vnpay_sandbox {
        true => {
            let ipn_url = format!("{}/payments/vnpay/ipn", config.public_url());
            let sandbox = Arc::new(Sandbox::new(&ipn_url).context("the VNPay sandbox's client")?);
            sandbox.clone().spawn_worker(db.clone(), clock.clone());
            tracing::warn!("the VNPay sandbox gateway is on (/sandbox/vnpay): never in production");
            Some(sandbox)
        }
        false => None,
    };
    Ok((gateway, sandbox))
}

/// Leptos' options from our configuration. File names are content-hashed
/// (and so cacheable for a year) when the build wrote `hash.txt` beside the binary.
pub fn leptos_options(config: &Config) -> LeptosOptions {
    let hash_files = std::env::current_exe()
        .ok()
        .and_then(|exe| Some(exe.parent()?.join("hash.txt")))
        .is_some_and(|path| path.exists());
    LeptosOptions::builder()
        .output_name("dvc")
        .site_root(config.site_root.to_string_lossy().as_ref())
        .site_pkg_dir("pkg")
        .site_addr(config.addr)
        .hash_files(hash_files)
        .env(leptos::config::Env::PROD)
        .build()
}

/// The pages' routes, generated once per process. Generating renders the
/// App with resource loading paused for the whole process (Leptos' own
/// switch, leptos#4773): a page rendering meanwhile for another router of
/// the same process (a second instance, or a test beside another) would
/// have a resource that never loads, and a response that never ends.
pub fn page_routes() -> Vec<leptos_axum::AxumRouteListing> {
    static ROUTES: std::sync::OnceLock<Vec<leptos_axum::AxumRouteListing>> = std::sync::OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

/// The whole application: pages, server functions, plain routes, middleware.
pub fn router(state: AppState, config: &Config) -> Router {
    let routes = page_routes();
    let page_state = state.clone();
    let options = state.leptos_options.clone();
    let router = Router::new()
        .merge(routes::router())
        .route("/api/{*fn_name}", post(server_fn_handler).get(server_fn_handler))
        // Build assets, with the `.br`/`.gz` twins `server precompress` wrote.
        .nest_service("/pkg", ServeDir::new(config.site_root.join("pkg")).precompressed_br().precompressed_gzip())
        .leptos_routes_with_context(
            &state,
            routes,
            move || {
                provide_context(page_state.clone());
                app::server::security::provide_request_nonce();
            },
            move || shell(options.clone()),
        )
        .fallback(leptos_axum::file_and_error_handler_with_context::<AppState, _>(
            app::server::security::provide_request_nonce,
            shell,
        ));
    // Runs before every page, server function and route: nothing bypasses it.
    let router =
        router.layer(axum::middleware::from_fn_with_state(state.clone(), app::server::auth::middleware::authorize));
    let router = router.layer(axum::Extension(Arc::new(routes::health::Readiness::default())));
    middleware::apply(router, config, Arc::new(metrics::Metrics::new(config))).with_state(state)
}

async fn server_fn_handler(State(state): State<AppState>, request: Request<Body>) -> impl IntoResponse {
    handle_server_fns_with_context(move || provide_context(state.clone()), request).await
}

/// Logs as text or JSON, filtered by `DVC_LOG` (default `info`).
pub fn init_tracing(config: &Config) {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_env("DVC_LOG").unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,sea_orm=warn"));
    // Each span's end is logged with its time: one line per request (its
    // `request` span), and with `DVC_LOG=debug` one per service it went
    // through, so a slow request shows where its time went.
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_span_events(tracing_subscriber::fmt::format::FmtSpan::CLOSE);
    if config.log_json { builder.json().init() } else { builder.init() }
}

/// Serves until SIGINT or SIGTERM, then finishes the requests in flight.
pub async fn serve(config: Config) -> anyhow::Result<()> {
    let state = build_state(&config).await?;
    let app = router(state, &config);
    let listener = tokio::net::TcpListener::bind(config.addr)
        .await
        .map_err(|e| anyhow::anyhow!("cannot listen on {} ({e}); set DVC_ADDR to a free address", config.addr))?;
    tracing::info!("DVC listening on http://{}", config.addr);
    listen::serve(listener, app, std::time::Duration::from_secs(config.header_timeout_secs), shutdown_signal()).await;
    tracing::info!("DVC stopped");
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down: finishing requests in flight");
}
