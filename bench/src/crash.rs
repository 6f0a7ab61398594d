//! `bench crash`: the server is killed (`SIGKILL`) while citizens submit
//! dossiers with files over HTTP, and started again; the citizens retry what
//! failed with the same submission key. Then, from the database and the
//! files: every dossier a citizen was told was submitted is there and
//! complete (its event, its files present with their SHA-256), no dossier is
//! half-made, and no retry made a second dossier.

use reqwest::header::{CONTENT_TYPE, COOKIE, SET_COOKIE};
use std::process::{Child, Command};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};
use tokio::sync::Mutex;

/// What `bench crash` found.
pub struct Crash {
    pub acknowledged: usize,
    /// Acknowledged when the server was killed.
    pub acknowledged_before_kill: usize,
    /// Requests that failed (connection refused or cut, 5xx) and were retried.
    pub retried: usize,
    pub restart: Duration,
    pub dossiers: u64,
    pub duplicates: u64,
    pub without_event: u64,
    pub without_file: u64,
    pub acknowledged_missing: usize,
    pub backup: app::server::backup::BackupReport,
}

/// The running server, killed and started again by the test.
struct Server {
    binary: String,
    child: Child,
}

impl Server {
    fn start(binary: &str) -> anyhow::Result<Self> {
        let child = Command::new(binary).arg("serve").stdout(std::process::Stdio::null()).spawn()?;
        Ok(Self { binary: binary.to_owned(), child })
    }

    /// `SIGKILL`: no shutdown, requests cut wherever they are.
    fn kill(&mut self) -> anyhow::Result<()> {
        self.child.kill()?;
        self.child.wait()?;
        Ok(())
    }
}

/// A run that fails part-way leaves no server behind.
impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A request is retried this long at most: a server that keeps failing is a
/// failure of the run, not a wait.
const RETRY_FOR: Duration = Duration::from_secs(120);

async fn wait_ready(http: &reqwest::Client, base: &str) -> anyhow::Result<()> {
    let deadline = Instant::now() + Duration::from_secs(120);
    while Instant::now() < deadline {
        if let Ok(reply) = http.get(format!("{base}/readyz")).send().await
            && reply.status().is_success()
        {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    anyhow::bail!("the server was not ready within 2 minutes")
}

/// One citizen's HTTP session.
struct Citizen {
    http: reqwest::Client,
    base: String,
    cookie: String,
    retried: Arc<AtomicUsize>,
}

impl Citizen {
    /// Posts until the server answers (it may be down or restarting);
    /// answers the status and the body. Refusals (4xx) are answers too.
    async fn post(
        &self,
        path: &str,
        content_type: &str,
        body: Vec<u8>,
    ) -> anyhow::Result<(u16, String, Option<String>)> {
        let deadline = Instant::now() + RETRY_FOR;
        loop {
            let sent = self
                .http
                .post(format!("{}{path}", self.base))
                .header(CONTENT_TYPE, content_type)
                .header(COOKIE, &self.cookie)
                .header("accept", "application/json")
                .body(body.clone())
                .send()
                .await;
            if let Ok(reply) = sent {
                let status = reply.status().as_u16();
                let cookie = reply
                    .headers()
                    .get_all(SET_COOKIE)
                    .iter()
                    .filter_map(|v| v.to_str().ok())
                    .find(|v| v.starts_with("dvc_session="))
                    .and_then(|v| v.split(';').next())
                    .map(str::to_owned);
                if let Ok(text) = reply.text().await
                    && status < 500
                {
                    return Ok((status, text, cookie));
                }
            }
            anyhow::ensure!(Instant::now() < deadline, "{path}: no answer but failures for {RETRY_FOR:?}");
            self.retried.fetch_add(1, Ordering::Relaxed);
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }

    async fn call(&self, endpoint: &str, input: &serde_json::Value) -> anyhow::Result<serde_json::Value> {
        let (status, body, _) =
            self.post(&format!("/api/{endpoint}"), "application/json", input.to_string().into()).await?;
        anyhow::ensure!(status == 200, "{endpoint}: {status} {body}");
        Ok(serde_json::from_str(&body)?)
    }
}

/// Runs `dossiers` submissions by `clients` citizens against the server
/// binary, killing it once `kill_after` are acknowledged.
pub async fn crash(
    config: &server::config::Config,
    binary: &str,
    dossiers: usize,
    clients: usize,
    kill_after: usize,
) -> anyhow::Result<Crash> {
    let base = config.public_url();
    // The portal's own client (TLS set up, 15 s per request, no redirects).
    let http = app::server::outbound::http_client()?;
    let mut server = Server::start(binary)?;
    wait_ready(&http, &base).await?;
    let retried = Arc::new(AtomicUsize::new(0));
    let acknowledged: Arc<Mutex<Vec<String>>> = Arc::default();
    let run = chrono::Utc::now().timestamp() % 100_000;
    // Every citizen signed up first, so that the kill is timed by the submissions alone.
    let mut citizens = Vec::new();
    for client in 0..clients {
        let mut citizen =
            Citizen { http: http.clone(), base: base.clone(), cookie: String::new(), retried: retried.clone() };
        let password = "sông Hồng đỏ nặng phù sa";
        let form = [
            ("form[full_name]", "Nguyễn Văn An".to_owned()),
            ("form[citizen_id]", format!("0010909{:05}", client)),
            ("form[birth_date]", "1990-05-17".to_owned()),
            ("form[phone]", "0912345678".to_owned()),
            ("form[email]", format!("crash{run}.{client}@example.vn")),
            ("form[password]", password.to_owned()),
            ("form[password_confirm]", password.to_owned()),
        ];
        let body = form.iter().map(|(k, v)| format!("{}={}", encode(k), encode(v))).collect::<Vec<_>>().join("&");
        let (status, text, cookie) =
            citizen.post("/api/register_citizen", "application/x-www-form-urlencoded", body.into()).await?;
        anyhow::ensure!(status == 200, "register_citizen: {status} {text}");
        citizen.cookie = cookie.ok_or_else(|| anyhow::anyhow!("no session cookie"))?;
        citizens.push(citizen);
    }
    let mut tasks = Vec::new();
    for (client, citizen) in citizens.into_iter().enumerate() {
        let share = dossiers / clients + usize::from(client < dossiers % clients);
        let acknowledged = acknowledged.clone();
        tasks.push(tokio::spawn(async move {
            for _ in 0..share {
                let draft = serde_json::json!({"form": {"procedure_code": "1.001193", "data": crate::measure::birth_declaration()}});
                let saved = citizen.call("save_draft", &draft).await?;
                let id = saved["id"].as_str().unwrap_or_default().to_owned();
                let key = saved["submit_key"].as_str().unwrap_or_default().to_owned();
                let (content_type, body) = multipart(&id);
                let (status, text, _) = citizen.post("/uploads", &content_type, body).await?;
                // A retried upload whose first try was stored is refused as a second file.
                anyhow::ensure!(status == 201 || status == 409 || status == 422, "upload: {status} {text}");
                let submission = serde_json::json!({"submission": {"draft_id": id, "submit_key": key, "delivery": {"method": "at_desk"}}});
                let submitted = citizen.call("submit_application", &submission).await?;
                let code = submitted["code"].as_str().unwrap_or_default().to_owned();
                acknowledged.lock().await.push(code);
            }
            anyhow::Ok(())
        }));
    }
    // Kill the server once enough are acknowledged, with the rest in flight.
    while acknowledged.lock().await.len() < kill_after.min(dossiers) {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let acknowledged_before_kill = acknowledged.lock().await.len();
    server.kill()?;
    let killed = Instant::now();
    let mut server = Server::start(&server.binary)?;
    wait_ready(&http, &base).await?;
    let restart = killed.elapsed();
    for task in tasks {
        task.await??;
    }
    server.kill()?;
    let acknowledged = acknowledged.lock().await.clone();
    verify(config, acknowledged, acknowledged_before_kill, retried.load(Ordering::Relaxed), restart).await
}

async fn verify(
    config: &server::config::Config,
    acknowledged: Vec<String>,
    acknowledged_before_kill: usize,
    retried: usize,
    restart: Duration,
) -> anyhow::Result<Crash> {
    use sea_orm::{ConnectionTrait, Database, Statement};
    let db = Database::connect(&config.database_url).await?;
    let backend = db.get_database_backend();
    let number = |sql: &str| {
        let db = &db;
        let sql = sql.to_owned();
        async move {
            let row = db.query_one_raw(Statement::from_string(backend, sql)).await?.expect("one row");
            anyhow::Ok(u64::try_from(row.try_get_by_index::<i64>(0)?).unwrap_or_default())
        }
    };
    let dossiers = number("SELECT COUNT(*) FROM dossiers").await?;
    let duplicates =
        number("SELECT COUNT(*) FROM (SELECT submit_key FROM dossiers GROUP BY submit_key HAVING COUNT(*) > 1) d")
            .await?;
    let without_event = number(
        "SELECT COUNT(*) FROM dossiers d WHERE NOT EXISTS (SELECT 1 FROM dossier_events e WHERE e.dossier_id = d.id)",
    )
    .await?;
    let without_file = number(
        "SELECT COUNT(*) FROM dossiers d WHERE NOT EXISTS (SELECT 1 FROM attachments a WHERE a.dossier_id = d.id)",
    )
    .await?;
    let mut acknowledged_missing = 0;
    for code in &acknowledged {
        use app::server::entities::dossier;
        use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
        if dossier::Entity::find().filter(dossier::Column::Code.eq(code.as_str())).count(&db).await? != 1 {
            acknowledged_missing += 1;
        }
    }
    db.close().await.ok();
    let backup = server::check_backup(config).await?;
    Ok(Crash {
        acknowledged: acknowledged.len(),
        acknowledged_before_kill,
        retried,
        restart,
        dossiers,
        duplicates,
        without_event,
        without_file,
        acknowledged_missing,
        backup,
    })
}

/// A birth certificate (document 2) for draft `id`, as the apply page uploads it.
fn multipart(id: &str) -> (String, Vec<u8>) {
    let boundary = "----dvc-crash-boundary-5Qm2";
    let mut pdf = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n".to_vec();
    pdf.resize(pdf.len() + 20_000, b' ');
    pdf.extend(b"\n%%EOF\n");
    let mut body = Vec::new();
    for (name, value) in [("draft_id", id), ("document", "2")] {
        body.extend(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n").bytes(),
        );
    }
    body.extend(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"giay-chung-sinh.pdf\"\r\nContent-Type: application/pdf\r\n\r\n"
        )
        .bytes(),
    );
    body.extend(pdf);
    body.extend(format!("\r\n--{boundary}--\r\n").bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}
