//! A running application on its own database, and requests through its router.

use super::{decode_quoted_printable, eventually};
use axum::Router;
use axum::body::Body;
use axum::http::{Request, Response};
use http_body_util::BodyExt;
use sea_orm::{ConnectionTrait, Database, DatabaseConnection};
use server::config::Config;
use std::path::{Path, PathBuf};
use tower::ServiceExt;

/// Which database a test runs on.
#[derive(Clone, Copy, Debug)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A running application on its own database.
pub struct TestApp {
    pub router: Router,
    pub db: DatabaseConnection,
    /// The file store the app writes attachments to.
    pub files: app::server::attachments::Files,
    /// "Now" for dossiers and deadlines, which tests move.
    pub clock: app::server::clock::Clock,
    /// The instance's live event hub.
    pub events: app::server::events::Events,
    /// The payment gateway, when configured.
    pub payments: Option<std::sync::Arc<app::server::payments::Gateway>>,
    pub config: Config,
    cleanup: Option<(String, String)>,
    dir: PathBuf,
}

pub fn repo_seed_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../seed")
}

fn unique(prefix: &str) -> String {
    format!("{prefix}_{}", uuid::Uuid::new_v4().simple())
}

impl TestApp {
    /// Starts the app with the repository's seed data.
    pub async fn start(backend: Backend) -> Self {
        Self::start_with_seed(backend, &repo_seed_dir()).await
    }

    /// Starts the app with the seed data in `seed_dir`.
    pub async fn start_with_seed(backend: Backend, seed_dir: &Path) -> Self {
        Self::start_with(backend, seed_dir, &[]).await
    }

    /// Starts the app with extra configuration variables.
    pub async fn start_with_env(backend: Backend, extra: &[(&str, &str)]) -> Self {
        Self::start_with(backend, &repo_seed_dir(), extra).await
    }

    async fn start_with(backend: Backend, seed_dir: &Path, extra: &[(&str, &str)]) -> Self {
        // `DVC_TEST_LOG=warn` (or any filter) shows the server's log, causes of internal errors included.
        if let Ok(filter) = std::env::var("DVC_TEST_LOG") {
            let _ = tracing_subscriber::fmt().with_env_filter(filter).with_test_writer().try_init();
        }
        let dir = std::env::temp_dir().join(unique("dvc_test"));
        std::fs::create_dir_all(&dir).unwrap();
        let (database_url, cleanup) = match backend {
            Backend::Sqlite => (format!("sqlite://{}?mode=rwc", dir.join("dvc.db").display()), None),
            Backend::Postgres => {
                let admin_url = std::env::var("TEST_DATABASE_URL")
                    .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into());
                let admin = Database::connect(&admin_url).await.unwrap_or_else(|e| {
                    panic!("PostgreSQL is needed for these tests and is not reachable at {admin_url}: {e}. Start it or set TEST_DATABASE_URL.")
                });
                let name = unique("dvc_test");
                admin.execute_unprepared(&format!("CREATE DATABASE {name}")).await.unwrap();
                let base = admin_url.rsplit_once('/').map(|(b, _)| b).unwrap_or(&admin_url).to_owned();
                (format!("{base}/{name}"), Some((admin_url, name)))
            }
        };
        let vars = [
            ("DATABASE_URL", database_url),
            ("DVC_DATA_DIR", dir.display().to_string()),
            ("DVC_SEED_DIR", seed_dir.display().to_string()),
            ("DVC_SITE_ROOT", dir.join("site").display().to_string()),
            // Most tests sign citizens in with a password (as the demo does).
            ("DVC_CITIZEN_PASSWORD_LOGIN", "1".to_owned()),
        ];
        let config = Config::from_lookup(|k| {
            extra
                .iter()
                .find(|(n, _)| *n == k)
                .map(|(_, v)| (*v).to_owned())
                .or_else(|| vars.iter().find(|(n, _)| *n == k).map(|(_, v)| v.clone()))
        })
        .unwrap();
        let state = server::build_state(&config).await.expect("the app starts");
        let db = state.db.clone();
        let files = state.files.clone();
        let clock = state.clock.clone();
        let events = state.events.clone();
        let payments = state.payments.clone();
        let router = server::router(state, &config);
        Self { router, db, files, clock, events, payments, config, cleanup, dir }
    }

    /// Starts the app and also serves it on a local port (its public
    /// address), with the payment sandbox on: the sandbox's IPNs and the
    /// reconciliation's `querydr` then travel over real HTTP.
    pub async fn start_served(backend: Backend, extra: &[(&str, &str)]) -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let public = format!("http://{}", listener.local_addr().unwrap());
        let mut vars: Vec<(&str, &str)> = vec![("DVC_PUBLIC_URL", public.as_str()), ("DVC_VNPAY_SANDBOX", "1")];
        vars.extend_from_slice(extra);
        let app = Self::start_with(backend, &repo_seed_dir(), &vars).await;
        let (router, header_timeout) =
            (app.router.clone(), std::time::Duration::from_secs(app.config.header_timeout_secs));
        tokio::spawn(server::listen::serve(listener, router, header_timeout, std::future::pending()));
        app
    }

    /// The public address the app is served on (`start_served`).
    pub fn public_url(&self) -> String {
        self.config.public_url()
    }

    /// The folder of the local file store.
    pub fn files_dir(&self) -> PathBuf {
        self.dir.join("files")
    }

    /// Where the file store keeps the bytes of a stored file.
    pub fn stored_path(&self, storage_key: &str) -> PathBuf {
        self.files_dir().join(storage_key)
    }

    /// Waits until the hub has broadcast every event committed so far (on
    /// PostgreSQL it learns of them a moment later, by `NOTIFY`): a stream
    /// opened then gets exactly the events committed after.
    pub async fn events_settled(&self) {
        use app::server::entities::dossier_event;
        use sea_orm::{ColumnTrait, EntityTrait, QuerySelect};
        let newest: Option<i64> = dossier_event::Entity::find()
            .select_only()
            .column_as(dossier_event::Column::Id.max(), "newest")
            .into_tuple::<Option<i64>>()
            .one(&self.db)
            .await
            .unwrap()
            .flatten();
        let newest = newest.unwrap_or(0);
        let settled = eventually(std::time::Duration::from_secs(5), || async { self.events.newest() >= newest }).await;
        assert!(settled, "the hub broadcast event {newest}");
    }

    /// A second server instance on the same database (as behind a load balancer).
    pub async fn second_instance(&self) -> Router {
        let state = server::build_state(&self.config).await.expect("the second instance starts");
        server::router(state, &self.config)
    }

    /// Files in the attachment store (all stages: uploading and stored).
    pub fn stored_files(&self) -> usize {
        fn count(dir: &Path) -> usize {
            std::fs::read_dir(dir)
                .map(|entries| entries.flatten().map(|e| if e.path().is_dir() { count(&e.path()) } else { 1 }).sum())
                .unwrap_or(0)
        }
        count(&self.dir.join("files"))
    }

    /// The text messages written as files (no gateway configured), oldest first.
    pub fn sms_files(&self) -> Vec<String> {
        let mut files: Vec<_> = std::fs::read_dir(self.dir.join("outbox").join("sms"))
            .map(|entries| entries.flatten().map(|e| e.path()).collect())
            .unwrap_or_default();
        files.sort();
        files.into_iter().map(|path| std::fs::read_to_string(path).unwrap()).collect()
    }

    /// The mails written as files (no SMTP configured), oldest first: (file name,
    /// contents with the quoted-printable body decoded).
    pub fn outbox_files(&self) -> Vec<(String, String)> {
        let mut files: Vec<(String, String)> = std::fs::read_dir(self.dir.join("outbox"))
            .map(|entries| {
                entries
                    .flatten()
                    .filter(|e| e.path().is_file())
                    .map(|e| {
                        let raw = std::fs::read_to_string(e.path()).unwrap();
                        (e.file_name().to_string_lossy().into_owned(), decode_quoted_printable(&raw))
                    })
                    .collect()
            })
            .unwrap_or_default();
        files.sort();
        files
    }

    /// The site root the app serves static files from (empty at start).
    pub fn site_root(&self) -> PathBuf {
        self.dir.join("site")
    }

    /// Sends one request through the whole router.
    pub async fn send(&self, request: Request<Body>) -> Response<Body> {
        self.router.clone().oneshot(request).await.unwrap()
    }

    pub async fn get(&self, uri: &str) -> Response<Body> {
        self.send(Request::get(uri).body(Body::empty()).unwrap()).await
    }

    /// GET, returning status, headers and the body as text.
    pub async fn get_text(&self, uri: &str) -> (u16, axum::http::HeaderMap, String) {
        text(self.get(uri).await).await
    }

    pub async fn get_json(&self, uri: &str) -> (u16, serde_json::Value) {
        let (status, _, body) = self.get_text(uri).await;
        (status, serde_json::from_str(&body).unwrap_or_else(|e| panic!("{uri} did not answer JSON ({e}): {body}")))
    }

    /// On PostgreSQL, the administrator's URL and this test's database name.
    pub fn postgres_database(&self) -> Option<(&str, &str)> {
        self.cleanup.as_ref().map(|(admin_url, name)| (admin_url.as_str(), name.as_str()))
    }

    /// Drops the test database.
    pub async fn finish(self) {
        drop(self.router);
        self.db.close_by_ref().await.ok();
        if let Some((admin_url, name)) = self.cleanup {
            let admin = Database::connect(&admin_url).await.unwrap();
            admin.execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).await.unwrap();
        }
        std::fs::remove_dir_all(&self.dir).ok();
    }
}

pub async fn text(response: Response<Body>) -> (u16, axum::http::HeaderMap, String) {
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let bytes = body(response.into_body()).await;
    (status, headers, String::from_utf8_lossy(&bytes).into_owned())
}

/// A whole response body. One that never ends fails the test within a
/// minute (the server's time limit covers the head only), instead of hanging the run.
pub async fn body(body: Body) -> axum::body::Bytes {
    match tokio::time::timeout(std::time::Duration::from_secs(60), body.collect()).await {
        Ok(collected) => collected.unwrap().to_bytes(),
        Err(_) => panic!("a response body did not end within a minute"),
    }
}
