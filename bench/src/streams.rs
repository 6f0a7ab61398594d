//! Citizens' live streams in the chaos runs: each follows `/events` as
//! EventSource does (on a cut it opens the stream again with
//! `Last-Event-ID`), and at the end what it received is compared with the
//! events the database holds for that citizen's dossiers.

use reqwest::header::COOKIE;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};
use tokio::sync::Mutex;

/// What one stream received.
#[derive(Default)]
struct StreamLog {
    /// The id the first connection started from (its `ready` event).
    start: Option<i64>,
    received: Vec<i64>,
    /// `reset` events: more was missed than the server replays (the page reloads).
    resets: usize,
    reconnects: usize,
    /// When it was last opened again.
    reopened: Option<Instant>,
}

/// The open streams of a run.
pub struct Streams {
    http: reqwest::Client,
    base: String,
    stop: Arc<AtomicBool>,
    followed: Vec<(String, Arc<Mutex<StreamLog>>, tokio::task::JoinHandle<()>)>,
}

/// What the streams received against what the database holds.
#[derive(Default)]
pub struct StreamReport {
    pub streams: usize,
    /// Streams opened again (after a cut, or after a stream's lifetime).
    pub reconnects: usize,
    /// Events of the citizens' dossiers since their streams opened (the database's count).
    pub expected: usize,
    pub missing: usize,
    pub duplicated: usize,
    /// Resumes answered with `reset` instead of the events missed.
    pub resets: usize,
    /// The last time a stream was opened again, after `since` (see [`Streams::finish`]).
    pub last_reopened: Duration,
}

impl StreamReport {
    /// Every expected event received, once, without a reset.
    pub fn ensure_exact(&self) -> anyhow::Result<()> {
        anyhow::ensure!(
            self.missing == 0 && self.duplicated == 0 && self.resets == 0,
            "live streams lost {} and repeated {} events ({} resets)",
            self.missing,
            self.duplicated,
            self.resets
        );
        Ok(())
    }
}

impl Streams {
    pub fn new(http: &reqwest::Client, base: &str) -> Self {
        Self { http: http.clone(), base: base.to_owned(), stop: Arc::default(), followed: Vec::new() }
    }

    /// Opens the stream of the citizen with this e-mail and session cookie,
    /// and waits for its first `ready` event.
    pub async fn open(&mut self, email: String, cookie: String) -> anyhow::Result<()> {
        let log = Arc::new(Mutex::new(StreamLog::default()));
        let task = tokio::spawn(follow(self.http.clone(), self.base.clone(), cookie, self.stop.clone(), log.clone()));
        self.followed.push((email, log.clone(), task));
        let waiting = Instant::now();
        while log.lock().await.start.is_none() {
            if waiting.elapsed() > Duration::from_secs(60) {
                // The streams end with the run (`Drop` is not enough for a task).
                self.stop.store(true, Ordering::Relaxed);
                anyhow::bail!("/events did not open within a minute");
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        Ok(())
    }

    /// Waits (at most 30 s) for every stream to have received every event of
    /// its citizen's dossiers, closes them, and reports; `since` is when the
    /// trouble began.
    pub async fn finish(self, config: &server::config::Config, since: Instant) -> anyhow::Result<StreamReport> {
        let db = sea_orm::Database::connect(&config.database_url).await?;
        let mut expected = Vec::new();
        for (email, log, _) in &self.followed {
            let start = log.lock().await.start.unwrap_or_default();
            expected.push(events_of(&db, email, start).await?);
        }
        db.close().await.ok();
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let mut complete = true;
            for ((_, log, _), expected) in self.followed.iter().zip(&expected) {
                let log = log.lock().await;
                complete &= expected.iter().all(|id| log.received.contains(id));
            }
            if complete || Instant::now() > deadline {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        self.stop.store(true, Ordering::Relaxed);
        let mut report = StreamReport { streams: self.followed.len(), ..StreamReport::default() };
        for ((_, log, task), expected) in self.followed.into_iter().zip(expected) {
            task.await?;
            let log = log.lock().await;
            let mut received = log.received.clone();
            received.sort_unstable();
            let before = received.len();
            received.dedup();
            report.duplicated += before - received.len();
            report.expected += expected.len();
            report.missing += expected.iter().filter(|id| received.binary_search(id).is_err()).count();
            report.reconnects += log.reconnects;
            report.resets += log.resets;
            if let Some(reopened) = log.reopened {
                report.last_reopened = report.last_reopened.max(reopened.saturating_duration_since(since));
            }
        }
        Ok(report)
    }
}

/// Follows `/events` until `stop`, opening it again after every cut.
async fn follow(
    http: reqwest::Client,
    base: String,
    cookie: String,
    stop: Arc<AtomicBool>,
    log: Arc<Mutex<StreamLog>>,
) {
    let mut last: Option<String> = None;
    let mut first = true;
    while !stop.load(Ordering::Relaxed) {
        if !first {
            tokio::time::sleep(Duration::from_millis(500)).await;
            let mut log = log.lock().await;
            log.reconnects += 1;
            log.reopened = Some(Instant::now());
        }
        first = false;
        let mut request = http
            .get(format!("{base}/events"))
            .header(COOKIE, &cookie)
            .header("accept", "text/event-stream")
            .timeout(Duration::from_secs(3600));
        if let Some(id) = &last {
            request = request.header("last-event-id", id);
        }
        let Ok(mut response) = request.send().await else { continue };
        if !response.status().is_success() {
            continue;
        }
        let mut buffer = String::new();
        while !stop.load(Ordering::Relaxed) {
            let chunk = match tokio::time::timeout(Duration::from_millis(250), response.chunk()).await {
                Err(_) => continue,
                Ok(Ok(Some(chunk))) => chunk,
                Ok(_) => break,
            };
            buffer.push_str(&String::from_utf8_lossy(&chunk));
            while let Some(end) = buffer.find("\n\n") {
                let block: String = buffer.drain(..end + 2).collect();
                let (mut event, mut id, mut data) = (String::new(), None, String::new());
                for line in block.lines() {
                    match line.split_once(':') {
                        Some(("event", value)) => value.trim().clone_into(&mut event),
                        Some(("id", value)) => id = Some(value.trim().to_owned()),
                        Some(("data", value)) => data.push_str(value.trim_start()),
                        _ => {}
                    }
                }
                // The id is the stream's cursor, given back on a reconnection; the event's own id is in its data.
                let Some(id) = id else { continue };
                let mut log = log.lock().await;
                if event == "ready" && log.start.is_none() {
                    log.start = app::domain::live::StreamCursor::parse(&id).map(|cursor| cursor.max);
                }
                log.resets += usize::from(event == "reset");
                if event == "dossier"
                    && let Some(n) =
                        serde_json::from_str::<serde_json::Value>(&data).ok().and_then(|d| d["id"].as_i64())
                {
                    log.received.push(n);
                }
                last = Some(id);
            }
        }
    }
}

/// The ids of the events of `email`'s dossiers after `start`, from the database.
async fn events_of(db: &sea_orm::DatabaseConnection, email: &str, start: i64) -> anyhow::Result<Vec<i64>> {
    use sea_orm::{ConnectionTrait, Statement, Value};
    let backend = db.get_database_backend();
    let sql = match backend {
        sea_orm::DatabaseBackend::Postgres => {
            "SELECT e.id FROM dossier_events e JOIN dossiers d ON d.id = e.dossier_id JOIN users u ON u.id = d.applicant_id WHERE u.email = $1 AND e.id > $2 ORDER BY e.id"
        }
        _ => {
            "SELECT e.id FROM dossier_events e JOIN dossiers d ON d.id = e.dossier_id JOIN users u ON u.id = d.applicant_id WHERE u.email = ? AND e.id > ? ORDER BY e.id"
        }
    };
    let rows = db
        .query_all_raw(Statement::from_sql_and_values(backend, sql, [Value::from(email), Value::from(start)]))
        .await?;
    rows.iter()
        .map(|row| Ok(row.try_get_by_index::<i64>(0).or_else(|_| row.try_get_by_index::<i32>(0).map(i64::from))?))
        .collect()
}
