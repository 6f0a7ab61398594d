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

pub mod dossiers;

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

    /// Where the file store keeps the bytes of a stored file.
    pub fn stored_path(&self, storage_key: &str) -> PathBuf {
        self.dir.join("files").join(storage_key)
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

    /// The mails written as files (no SMTP configured), oldest first: (file name,
    /// contents with the quoted-printable body decoded).
    pub fn outbox_files(&self) -> Vec<(String, String)> {
        let mut files: Vec<(String, String)> = std::fs::read_dir(self.dir.join("outbox"))
            .map(|entries| {
                entries
                    .flatten()
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

/// One HTTP answer, read whole.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: axum::http::HeaderMap,
    pub body: String,
    /// The body as sent (for files).
    pub bytes: Vec<u8>,
}

impl Reply {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }

    pub fn location(&self) -> Option<&str> {
        self.headers.get("location").and_then(|v| v.to_str().ok())
    }
}

/// A browser: keeps the session cookie between requests, like a real one.
#[derive(Clone, Debug, Default)]
pub struct Browser {
    pub cookie: Option<String>,
    /// Sent as `X-Forwarded-For` (honoured only with `DVC_TRUST_PROXY=1`).
    pub ip: Option<String>,
    /// Extra headers for every request (e.g. `Origin`).
    pub headers: Vec<(String, String)>,
}

/// `application/x-www-form-urlencoded`, nested names as `form[field]`.
pub fn form_body(fields: &[(&str, &str)]) -> String {
    use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};
    fields
        .iter()
        .map(|(k, v)| {
            format!("{}={}", utf8_percent_encode(k, NON_ALPHANUMERIC), utf8_percent_encode(v, NON_ALPHANUMERIC))
        })
        .collect::<Vec<_>>()
        .join("&")
}

impl Browser {
    pub fn new() -> Self {
        Self::default()
    }

    /// The session token the browser holds.
    pub fn token(&self) -> Option<&str> {
        self.cookie.as_deref()
    }

    pub fn request(&self, builder: axum::http::request::Builder) -> axum::http::request::Builder {
        let mut builder = builder;
        if let Some(token) = &self.cookie {
            builder = builder.header("cookie", format!("lang=vi; dvc_session={token}"));
        }
        if let Some(ip) = &self.ip {
            builder = builder.header("x-forwarded-for", ip.as_str());
        }
        for (name, value) in &self.headers {
            builder = builder.header(name.as_str(), value.as_str());
        }
        builder
    }

    /// Sends a request through `router` and keeps any new session cookie.
    pub async fn send(&mut self, router: &Router, request: Request<Body>) -> Reply {
        let response = router.clone().oneshot(request).await.unwrap();
        let (status, headers) = (response.status().as_u16(), response.headers().clone());
        let bytes = response.into_body().collect().await.unwrap().to_bytes().to_vec();
        let body = String::from_utf8_lossy(&bytes).into_owned();
        for value in headers.get_all("set-cookie") {
            let value = value.to_str().unwrap();
            if let Some(rest) = value.strip_prefix("dvc_session=") {
                let token = rest.split(';').next().unwrap_or_default();
                self.cookie = (!token.is_empty() && !value.contains("Max-Age=0")).then(|| token.to_owned());
            }
        }
        Reply { status, headers, body, bytes }
    }

    /// GET, answering the status without reading the body.
    pub async fn status(&self, router: &Router, path: &str) -> u16 {
        let request = self.request(Request::get(path)).body(Body::empty()).unwrap();
        router.clone().oneshot(request).await.unwrap().status().as_u16()
    }

    pub async fn get(&mut self, router: &Router, path: &str) -> Reply {
        let request = self.request(Request::get(path)).body(Body::empty()).unwrap();
        self.send(router, request).await
    }

    /// Posts a plain HTML form to `path`.
    pub async fn post_form(&mut self, router: &Router, path: &str, fields: &[(&str, &str)]) -> Reply {
        let request = self
            .request(Request::post(path))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(Body::from(form_body(fields)))
            .unwrap();
        self.send(router, request).await
    }

    /// Calls a server function as a script on the page would.
    pub async fn call(&mut self, router: &Router, endpoint: &str, fields: &[(&str, &str)]) -> Reply {
        let request = self
            .request(Request::post(format!("/api/{endpoint}")))
            .header("content-type", "application/x-www-form-urlencoded")
            .header("accept", "application/json")
            .body(Body::from(form_body(fields)))
            .unwrap();
        self.send(router, request).await
    }
}

impl Browser {
    /// Calls a server function whose input is JSON.
    pub async fn call_json(&mut self, router: &Router, endpoint: &str, body: &serde_json::Value) -> Reply {
        let request = self
            .request(Request::post(format!("/api/{endpoint}")))
            .header("content-type", "application/json")
            .header("accept", "application/json")
            .body(Body::from(body.to_string()))
            .unwrap();
        self.send(router, request).await
    }
}

/// A `multipart/form-data` body: text fields, then files as (field, file name, bytes).
pub fn multipart(fields: &[(&str, &str)], files: &[(&str, &str, &[u8])]) -> (String, Vec<u8>) {
    let boundary = "----dvc-test-boundary-7MA4YWxkTrZu0gW";
    let mut body = Vec::new();
    for (name, value) in fields {
        body.extend(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n").bytes(),
        );
    }
    for (name, file_name, bytes) in files {
        body.extend(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{file_name}\"\r\n\
                 Content-Type: application/pdf\r\n\r\n"
            )
            .bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend(b"\r\n");
    }
    body.extend(format!("--{boundary}--\r\n").bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

/// A small but real PDF.
pub fn pdf(extra_bytes: usize) -> Vec<u8> {
    let mut bytes = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >> endobj\n".to_vec();
    bytes.resize(bytes.len() + extra_bytes, b' ');
    bytes.extend(b"\n%%EOF\n");
    bytes
}

impl Browser {
    /// Uploads files for a draft's document, as the apply page does.
    pub async fn upload(&mut self, router: &Router, draft_id: &str, document: u32, files: &[(&str, &[u8])]) -> Reply {
        self.upload_for(router, ("draft_id", draft_id), document, files).await
    }

    /// Uploads to a submitted dossier: a supplement, or a result (document 0).
    pub async fn upload_to_dossier(
        &mut self,
        router: &Router,
        code: &str,
        document: u32,
        files: &[(&str, &[u8])],
    ) -> Reply {
        self.upload_for(router, ("dossier", code), document, files).await
    }

    async fn upload_for(
        &mut self,
        router: &Router,
        target: (&str, &str),
        document: u32,
        files: &[(&str, &[u8])],
    ) -> Reply {
        let document = document.to_string();
        let files: Vec<(&str, &str, &[u8])> = files.iter().map(|(name, bytes)| ("file", *name, *bytes)).collect();
        let (content_type, body) = multipart(&[target, ("document", &document)], &files);
        let request = self
            .request(Request::post("/uploads"))
            .header("content-type", content_type)
            .header("content-length", body.len())
            .header("accept", "application/json")
            .body(Body::from(body))
            .unwrap();
        self.send(router, request).await
    }
}

/// Registers a citizen (`n` makes the ID number and e-mail unique) and returns
/// their signed-in browser.
pub async fn citizen(router: &Router, n: u32) -> Browser {
    let password = "sông Hồng đỏ nặng phù sa";
    let fields = [
        ("form[full_name]", "Nguyễn Văn An".to_owned()),
        ("form[citizen_id]", format!("001090{n:06}")),
        ("form[birth_date]", "1990-05-17".to_owned()),
        ("form[phone]", "0912345678".to_owned()),
        ("form[email]", format!("citizen{n}@example.vn")),
        ("form[password]", password.to_owned()),
        ("form[password_confirm]", password.to_owned()),
    ];
    let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let mut browser = Browser::new();
    let reply = browser.call(router, "register_citizen", &fields).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    browser
}

/// One message of a Server-Sent Events stream (a comment such as a heartbeat has no event name).
#[derive(Debug, Clone, Default)]
pub struct SseMessage {
    pub event: String,
    pub id: Option<String>,
    pub data: String,
    pub comment: Option<String>,
}

impl SseMessage {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.data).unwrap_or_else(|e| panic!("event data is not JSON ({e}): {}", self.data))
    }
}

/// An open `/events` stream, read message by message.
pub struct EventStream {
    pub status: u16,
    pub headers: axum::http::HeaderMap,
    body: Body,
    buffer: String,
}

impl Browser {
    /// Opens `/events` (resuming after `last_event_id` when given), as EventSource does.
    pub async fn events(&self, router: &Router, last_event_id: Option<&str>) -> EventStream {
        let mut builder = self.request(Request::get("/events")).header("accept", "text/event-stream");
        if let Some(id) = last_event_id {
            builder = builder.header("last-event-id", id);
        }
        let response = router.clone().oneshot(builder.body(Body::empty()).unwrap()).await.unwrap();
        let (status, headers) = (response.status().as_u16(), response.headers().clone());
        EventStream { status, headers, body: response.into_body(), buffer: String::new() }
    }
}

impl EventStream {
    /// The next message, or `None` if none comes within `wait` (or the stream ended).
    pub async fn next(&mut self, wait: std::time::Duration) -> Option<SseMessage> {
        let deadline = tokio::time::Instant::now() + wait;
        loop {
            if let Some(end) = self.buffer.find("\n\n") {
                let block: String = self.buffer.drain(..end + 2).collect();
                let mut message = SseMessage::default();
                for line in block.lines().filter(|l| !l.is_empty()) {
                    let (field, value) = line.split_once(':').unwrap_or((line, ""));
                    let value = value.strip_prefix(' ').unwrap_or(value);
                    match field {
                        "" => message.comment = Some(value.to_owned()),
                        "event" => message.event = value.to_owned(),
                        "id" => message.id = Some(value.to_owned()),
                        "data" => message.data.push_str(value),
                        _ => {}
                    }
                }
                return Some(message);
            }
            let frame = tokio::time::timeout_at(deadline, self.body.frame()).await.ok()??.ok()?;
            if let Ok(data) = frame.into_data() {
                self.buffer.push_str(&String::from_utf8_lossy(&data));
            }
        }
    }

    /// The next dossier event (skipping `ready`, heartbeats and other messages) within `wait`.
    pub async fn next_dossier(&mut self, wait: std::time::Duration) -> Option<SseMessage> {
        let deadline = tokio::time::Instant::now() + wait;
        loop {
            let left = deadline.saturating_duration_since(tokio::time::Instant::now());
            let message = self.next(left).await?;
            if message.event == "dossier" {
                return Some(message);
            }
        }
    }
}

/// Waits (up to `wait`) until `check` holds, polling every 50 ms; answers whether it did.
pub async fn eventually<F, Fut>(wait: std::time::Duration, mut check: F) -> bool
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let deadline = tokio::time::Instant::now() + wait;
    loop {
        if check().await {
            return true;
        }
        if tokio::time::Instant::now() >= deadline {
            return false;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

/// A minimal SMTP server on `listener`: accepts every mail and keeps its
/// DATA (headers and body) in the returned list.
pub fn fake_smtp(listener: tokio::net::TcpListener) -> std::sync::Arc<std::sync::Mutex<Vec<String>>> {
    use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
    let received = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let store = received.clone();
    tokio::spawn(async move {
        while let Ok((socket, _)) = listener.accept().await {
            let store = store.clone();
            tokio::spawn(async move {
                let (read, mut write) = socket.into_split();
                let mut lines = BufReader::new(read).lines();
                write.write_all(b"220 fake.test ESMTP\r\n").await.ok();
                while let Ok(Some(line)) = lines.next_line().await {
                    let command = line.to_ascii_uppercase();
                    let answer: &[u8] = if command.starts_with("EHLO") {
                        b"250-fake.test\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n"
                    } else if command.starts_with("DATA") {
                        write.write_all(b"354 go on\r\n").await.ok();
                        let mut data = String::new();
                        while let Ok(Some(line)) = lines.next_line().await {
                            if line == "." {
                                break;
                            }
                            data.push_str(&line);
                            data.push('\n');
                        }
                        store.lock().unwrap().push(data);
                        b"250 queued\r\n"
                    } else if command.starts_with("QUIT") {
                        write.write_all(b"221 bye\r\n").await.ok();
                        break;
                    } else {
                        b"250 ok\r\n"
                    };
                    write.write_all(answer).await.ok();
                }
            });
        }
    });
    received
}

/// Decodes a quoted-printable text (soft line breaks, `=XX` bytes) as UTF-8.
pub fn decode_quoted_printable(text: &str) -> String {
    let text = text.replace("=\r\n", "").replace("=\n", "");
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'='
            && i + 2 < bytes.len()
            && let (Some(high), Some(low)) = (hex(bytes[i + 1]), hex(bytes[i + 2]))
        {
            out.push((high * 16 + low) as u8);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}
