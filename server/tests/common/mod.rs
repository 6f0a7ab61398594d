//! Test harness: the real router on a fresh SQLite file or a fresh PostgreSQL
//! database (`TEST_DATABASE_URL`, default `postgres://postgres@127.0.0.1:5432/postgres`).

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
        ];
        let config = Config::from_lookup(|k| vars.iter().find(|(n, _)| *n == k).map(|(_, v)| v.clone())).unwrap();
        let state = server::build_state(&config).await.expect("the app starts");
        let db = state.db.clone();
        let router = server::router(state, &config);
        Self { router, db, cleanup, dir }
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
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    (status, headers, String::from_utf8_lossy(&bytes).into_owned())
}

/// Defines `mod sqlite { #[tokio::test] fn name() }` and `mod postgres { … }` for each
/// `async fn name(backend: Backend)` listed.
#[macro_export]
macro_rules! on_both_databases {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $name() { super::$name($crate::common::Backend::Sqlite).await }
            )*
        }
        mod postgres {
            $(#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $name() { super::$name($crate::common::Backend::Postgres).await }
            )*
        }
    };
}
