//! What the chaos runs (`bench crash`, `bench failover`, `bench outage`)
//! share: server processes they kill and start, and citizens who use the
//! portal over HTTP as the browser does, retrying what failed with the same
//! submission key.

use reqwest::header::{CONTENT_TYPE, COOKIE, SET_COOKIE};
use std::process::{Child, Command};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// A server process, killed and started again by a run.
pub struct Server {
    binary: String,
    /// Settings of this instance on top of the run's environment (its address).
    env: Vec<(String, String)>,
    child: Child,
}

impl Server {
    pub fn start(binary: &str, env: &[(&str, String)]) -> anyhow::Result<Self> {
        let env: Vec<(String, String)> = env.iter().map(|(k, v)| ((*k).to_owned(), v.clone())).collect();
        let child = spawn(binary, &env)?;
        Ok(Self { binary: binary.to_owned(), env, child })
    }

    /// `SIGKILL`: no shutdown, requests cut wherever they are.
    pub fn kill(&mut self) -> anyhow::Result<()> {
        self.child.kill()?;
        self.child.wait()?;
        Ok(())
    }

    /// The same binary with the same settings, started again.
    pub fn restart(&mut self) -> anyhow::Result<()> {
        self.kill()?;
        self.child = spawn(&self.binary, &self.env)?;
        Ok(())
    }
}

fn spawn(binary: &str, env: &[(String, String)]) -> anyhow::Result<Child> {
    let mut command = Command::new(binary);
    command.arg("serve").stdout(std::process::Stdio::null());
    for (key, value) in env {
        command.env(key, value);
    }
    Ok(command.spawn()?)
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

/// Waits for `/readyz` at `base` to answer 200.
pub async fn wait_ready(http: &reqwest::Client, base: &str) -> anyhow::Result<()> {
    let deadline = Instant::now() + Duration::from_secs(120);
    while Instant::now() < deadline {
        if let Ok(reply) = http.get(format!("{base}/readyz")).send().await
            && reply.status().is_success()
        {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    anyhow::bail!("{base} was not ready within 2 minutes")
}

/// What the people of a run met, counted across them.
#[derive(Default)]
pub struct Tally {
    /// Requests answered (with a status below 500).
    pub answered: AtomicUsize,
    /// Requests that failed (connection refused or cut, 5xx) and were retried.
    pub retried: AtomicUsize,
    /// Answers 401: a session the portal no longer knew.
    pub signed_out: AtomicUsize,
    /// Every try, answered or not, in the order they ended.
    pub tries: tokio::sync::Mutex<Vec<Try>>,
}

/// One request sent: when, how long until its answer (or its failure), and
/// its status (0 when the connection failed or was cut, or nothing came in
/// time).
pub struct Try {
    pub at: Instant,
    pub took: Duration,
    pub status: u16,
    /// The portal's 503: its page saying "Hệ thống đang tạm gián đoạn…", or a
    /// server function's `Unavailable` error (which the page then says).
    pub unavailable: bool,
}

impl Try {
    pub fn failed(&self) -> bool {
        self.status == 0 || self.status >= 500
    }
}

/// One person's HTTP session (a citizen, or an official).
pub struct Citizen {
    pub http: reqwest::Client,
    pub base: String,
    pub cookie: String,
    pub tally: Arc<Tally>,
}

/// An answer: its status, its body and the session cookie it set, if any.
pub struct Answer {
    pub status: u16,
    pub body: String,
    pub cookie: Option<String>,
}

impl Citizen {
    pub fn new(http: &reqwest::Client, base: &str, tally: &Arc<Tally>) -> Self {
        Self { http: http.clone(), base: base.to_owned(), cookie: String::new(), tally: tally.clone() }
    }

    /// Sends until the portal answers (it may be down or restarting);
    /// refusals (4xx) are answers too.
    pub async fn send(
        &self,
        method: reqwest::Method,
        path: &str,
        content_type: &str,
        body: Vec<u8>,
    ) -> anyhow::Result<Answer> {
        let deadline = Instant::now() + RETRY_FOR;
        loop {
            let at = Instant::now();
            let sent = self
                .http
                .request(method.clone(), format!("{}{path}", self.base))
                .header(CONTENT_TYPE, content_type)
                .header(COOKIE, &self.cookie)
                .header("accept", "application/json")
                .body(body.clone())
                // Longer than the server's own limit (30 s): what it does is seen.
                .timeout(Duration::from_secs(60))
                .send()
                .await;
            let mut tried = Try { at, took: Duration::ZERO, status: 0, unavailable: false };
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
                let body = reply.text().await.ok();
                tried.took = at.elapsed();
                // An answer cut in its body is a failed try.
                tried.status = if body.is_some() { status } else { 0 };
                tried.unavailable = status == 503
                    && body
                        .as_deref()
                        .is_some_and(|b| b.contains("Hệ thống đang tạm gián đoạn") || b.trim() == "\"Unavailable\"");
                if let Some(body) = body
                    && status < 500
                {
                    self.tally.tries.lock().await.push(tried);
                    self.tally.answered.fetch_add(1, Ordering::Relaxed);
                    if status == 401 {
                        self.tally.signed_out.fetch_add(1, Ordering::Relaxed);
                    }
                    return Ok(Answer { status, body, cookie });
                }
            } else {
                tried.took = at.elapsed();
            }
            self.tally.tries.lock().await.push(tried);
            anyhow::ensure!(Instant::now() < deadline, "{path}: no answer but failures for {RETRY_FOR:?}");
            self.tally.retried.fetch_add(1, Ordering::Relaxed);
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }

    pub async fn post(&self, path: &str, content_type: &str, body: Vec<u8>) -> anyhow::Result<Answer> {
        self.send(reqwest::Method::POST, path, content_type, body).await
    }

    /// A page, as a browser asks for it; answers its status.
    pub async fn get(&self, path: &str) -> anyhow::Result<u16> {
        Ok(self.send(reqwest::Method::GET, path, "text/plain", Vec::new()).await?.status)
    }

    /// A server function called with JSON; it must answer 200.
    pub async fn call(&self, endpoint: &str, input: &serde_json::Value) -> anyhow::Result<serde_json::Value> {
        let answer = self.post(&format!("/api/{endpoint}"), "application/json", input.to_string().into()).await?;
        anyhow::ensure!(answer.status == 200, "{endpoint}: {} {}", answer.status, answer.body);
        Ok(serde_json::from_str(&answer.body)?)
    }

    /// Signs up as citizen number `n` of run `run` and keeps the session.
    pub async fn register(&mut self, run: i64, n: usize) -> anyhow::Result<()> {
        let password = "sông Hồng đỏ nặng phù sa";
        let form = [
            ("form[full_name]", "Nguyễn Văn An".to_owned()),
            ("form[citizen_id]", format!("0010909{n:05}")),
            ("form[birth_date]", "1990-05-17".to_owned()),
            ("form[phone]", "0912345678".to_owned()),
            ("form[email]", citizen_email(run, n)),
            ("form[password]", password.to_owned()),
            ("form[password_confirm]", password.to_owned()),
        ];
        let answer = self.post("/api/register_citizen", "application/x-www-form-urlencoded", form_body(&form)).await?;
        anyhow::ensure!(answer.status == 200, "register_citizen: {} {}", answer.status, answer.body);
        self.cookie = answer.cookie.ok_or_else(|| anyhow::anyhow!("no session cookie"))?;
        Ok(())
    }

    /// Signs in with a password (an official, second factor optional in these runs).
    pub async fn sign_in(&mut self, email: &str, password: &str) -> anyhow::Result<()> {
        let form = [("identifier", email.to_owned()), ("password", password.to_owned())];
        let answer = self.post("/api/sign_in", "application/x-www-form-urlencoded", form_body(&form)).await?;
        anyhow::ensure!(answer.status == 200, "sign_in: {} {}", answer.status, answer.body);
        self.cookie = answer.cookie.ok_or_else(|| anyhow::anyhow!("no session cookie"))?;
        Ok(())
    }

    /// A birth registration with its birth certificate: the draft, the upload
    /// and the submission, each retried until answered. Answers the dossier code.
    pub async fn submit_birth_registration(&self) -> anyhow::Result<String> {
        let draft =
            serde_json::json!({"form": {"procedure_code": "1.001193", "data": crate::measure::birth_declaration()}});
        let saved = self.call("save_draft", &draft).await?;
        let id = saved["id"].as_str().unwrap_or_default().to_owned();
        let key = saved["submit_key"].as_str().unwrap_or_default().to_owned();
        let (content_type, body) = multipart(&id);
        let answer = self.post("/uploads", &content_type, body).await?;
        // A retried upload whose first try was stored is refused as a second file.
        anyhow::ensure!(matches!(answer.status, 201 | 409 | 422), "upload: {} {}", answer.status, answer.body);
        let submission =
            serde_json::json!({"submission": {"draft_id": id, "submit_key": key, "delivery": {"method": "at_desk"}}});
        let submitted = self.call("submit_application", &submission).await?;
        Ok(submitted["code"].as_str().unwrap_or_default().to_owned())
    }
}

/// The e-mail address of citizen `n` of run `run`.
pub fn citizen_email(run: i64, n: usize) -> String {
    format!("chaos{run}.{n}@example.vn")
}

fn form_body(form: &[(&str, String)]) -> Vec<u8> {
    form.iter().map(|(k, v)| format!("{}={}", encode(k), encode(v))).collect::<Vec<_>>().join("&").into_bytes()
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
