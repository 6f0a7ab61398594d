//! `bench crash`: the server is killed (`SIGKILL`) while citizens submit
//! dossiers with files over HTTP, and started again; the citizens retry what
//! failed with the same submission key. Then, from the database and the
//! files: every dossier a citizen was told was submitted is there and
//! complete (its event, its files present with their SHA-256), no dossier is
//! half-made, and no retry made a second dossier.

use crate::client::{Citizen, Server, Tally, wait_ready};
use std::sync::Arc;
use std::sync::atomic::Ordering;
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

impl Crash {
    /// Acknowledged dossiers missing, and files missing or altered.
    pub fn lost(&self) -> usize {
        self.acknowledged_missing + self.backup.missing.len() + self.backup.altered.len()
    }

    /// Duplicated dossiers, and dossiers without their event or their file.
    pub fn broken(&self) -> u64 {
        self.duplicates + self.without_event + self.without_file
    }

    /// Nothing lost and nothing broken after `what`.
    pub fn ensure_sound(&self, what: &str) -> anyhow::Result<()> {
        anyhow::ensure!(self.lost() == 0 && self.broken() == 0, "{what} lost or broke something:\n{}", self.backup);
        Ok(())
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
    let mut server = Server::start(binary, &[])?;
    wait_ready(&http, &base).await?;
    let tally = Arc::new(Tally::default());
    let acknowledged: Arc<Mutex<Vec<String>>> = Arc::default();
    let run = chrono::Utc::now().timestamp() % 100_000;
    // Every citizen signed up first, so that the kill is timed by the submissions alone.
    let mut citizens = Vec::new();
    for client in 0..clients {
        let mut citizen = Citizen::new(&http, &base, &tally);
        citizen.register(run, client).await?;
        citizens.push(citizen);
    }
    let mut tasks = Vec::new();
    for (client, citizen) in citizens.into_iter().enumerate() {
        let share = dossiers / clients + usize::from(client < dossiers % clients);
        let acknowledged = acknowledged.clone();
        tasks.push(tokio::spawn(async move {
            for _ in 0..share {
                let code = citizen.submit_birth_registration().await?;
                acknowledged.lock().await.push(code);
            }
            anyhow::Ok(())
        }));
    }
    // Kill the server once enough are acknowledged, with the rest in flight.
    let waiting = Instant::now();
    while acknowledged.lock().await.len() < kill_after.min(dossiers) {
        // Citizens that all stopped (an error, reported below) or a server that stalls end the wait.
        if tasks.iter().all(tokio::task::JoinHandle::is_finished) || waiting.elapsed() > Duration::from_secs(600) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let acknowledged_before_kill = acknowledged.lock().await.len();
    let killed = Instant::now();
    server.restart()?;
    wait_ready(&http, &base).await?;
    let restart = killed.elapsed();
    for task in tasks {
        task.await??;
    }
    server.kill()?;
    let acknowledged = acknowledged.lock().await.clone();
    verify(config, acknowledged, acknowledged_before_kill, tally.retried.load(Ordering::Relaxed), restart).await
}

pub(crate) async fn verify(
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
