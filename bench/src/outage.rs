//! `bench outage`: citizens browse and submit dossiers with files, each
//! following their live stream, while first PostgreSQL and then the bucket
//! are out of reach for a while (30 s each by default):
//! - the database refuses every connection and the ones open are cut (the
//!   run's own database only: `ALLOW_CONNECTIONS false` and
//!   `pg_terminate_backend`, the server beside it keeps serving others);
//! - the bucket stops answering (its process is stopped with `SIGSTOP`, so
//!   connections hang rather than being refused, the harder case).
//!
//! Meanwhile requests must fail quickly with the portal's 503 page, in
//! Vietnamese, and `/readyz` must say not ready; afterwards, without a
//! restart, the portal serves again, every acknowledged dossier is whole,
//! nothing is duplicated, the streams received every event, the mail outbox
//! drains and payment reconciliation passes succeed again.

use crate::client::{Citizen, Server, Tally, citizen_email, wait_ready};
use crate::crash::Crash;
use crate::streams::{StreamReport, Streams};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};
use tokio::sync::Mutex;

/// One outage, as the citizens and `/readyz` saw it.
pub struct Window {
    pub what: &'static str,
    pub length: Duration,
    /// Requests sent during it.
    pub tries: usize,
    /// Of those, the ones that failed (5xx, or no answer).
    pub failed: usize,
    /// Of those, the portal's 503 (see [`crate::client::Try::unavailable`]).
    pub unavailable: usize,
    /// The slowest request sent during it, answered or failed.
    pub slowest: Duration,
    /// `/readyz` answered "not ready" during it.
    pub not_ready_seen: bool,
    /// From its end until `/readyz` said ready again.
    pub ready_again: Duration,
}

pub struct Outage {
    pub windows: Vec<Window>,
    pub stored: Crash,
    pub streams: StreamReport,
    /// Mails not sent at the end (after at most a minute).
    pub outbox_backlog: u64,
    /// Reconciliation passes that failed during the outages, and succeeded after.
    pub reconciliations_failed: u64,
    pub reconciliations_after: u64,
}

pub async fn outage(
    config: &server::config::Config,
    binary: &str,
    pg_admin: &str,
    bucket_pid: u32,
    length: Duration,
    clients: usize,
) -> anyhow::Result<Outage> {
    let base = config.public_url();
    let http = app::server::outbound::http_client()?;
    let _server = Server::start(binary, &[])?;
    wait_ready(&http, &base).await?;
    let tally = Arc::new(Tally::default());
    let run = chrono::Utc::now().timestamp() % 100_000;
    let mut streams = Streams::new(&http, &base);
    let mut citizens = Vec::new();
    for n in 0..clients {
        let mut citizen = Citizen::new(&http, &base, &tally);
        citizen.register(run, n).await?;
        streams.open(citizen_email(run, n), citizen.cookie.clone()).await?;
        citizens.push(citizen);
    }
    let stop = Arc::new(AtomicBool::new(false));
    let acknowledged: Arc<Mutex<Vec<String>>> = Arc::default();
    let mut tasks = Vec::new();
    for citizen in citizens {
        let (stop, acknowledged) = (stop.clone(), acknowledged.clone());
        tasks.push(tokio::spawn(async move {
            while !stop.load(Ordering::Relaxed) {
                anyhow::ensure!(citizen.get("/procedures?q=khai+sinh").await? == 200, "the catalog did not answer 200");
                let code = citizen.submit_birth_registration().await?;
                acknowledged.lock().await.push(code);
            }
            anyhow::Ok(())
        }));
    }
    let readiness = Arc::new(Mutex::new(Vec::<(Instant, bool)>::new()));
    let probe = tokio::spawn(probe_readiness(http.clone(), base.clone(), readiness.clone(), stop.clone()));
    let admin = sea_orm::Database::connect(pg_admin).await?;
    let database =
        config.database_url.rsplit('/').next().unwrap_or_default().split('?').next().unwrap_or_default().to_owned();
    anyhow::ensure!(database.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_'), "odd database name {database}");

    let _restore = Restore { pg_admin: pg_admin.to_owned(), database: database.clone(), bucket_pid };
    let started = Instant::now();
    tokio::time::sleep(Duration::from_secs(5)).await;
    let before = reconciliations(&http, &base).await?;
    let mut windows = Vec::new();
    // The database out of reach.
    let from = Instant::now();
    sql(&admin, &format!("ALTER DATABASE {database} ALLOW_CONNECTIONS false")).await?;
    sql(&admin, &format!("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{database}'"))
        .await?;
    tokio::time::sleep(length).await;
    sql(&admin, &format!("ALTER DATABASE {database} ALLOW_CONNECTIONS true")).await?;
    windows.push(window("PostgreSQL", from, &tally, &readiness, &http, &base).await?);
    let during = reconciliations(&http, &base).await?;
    tokio::time::sleep(Duration::from_secs(5)).await;
    // The bucket out of reach.
    let from = Instant::now();
    signal(bucket_pid, "STOP")?;
    tokio::time::sleep(length).await;
    signal(bucket_pid, "CONT")?;
    windows.push(window("bucket", from, &tally, &readiness, &http, &base).await?);
    tokio::time::sleep(Duration::from_secs(5)).await;
    stop.store(true, Ordering::Relaxed);
    for task in tasks {
        task.await??;
    }
    probe.await?;
    let after = reconciliations(&http, &base).await?;
    admin.close().await.ok();

    let outbox_backlog = drained_outbox(&http, &base).await?;
    let stored = crate::crash::verify(
        config,
        acknowledged.lock().await.clone(),
        0,
        tally.retried.load(Ordering::Relaxed),
        Duration::ZERO,
    )
    .await?;
    let streams = streams.finish(config, started).await?;
    Ok(Outage {
        windows,
        stored,
        streams,
        outbox_backlog,
        reconciliations_failed: during.1.saturating_sub(before.1),
        reconciliations_after: after.0.saturating_sub(during.0),
    })
}

/// How an outage that began at `from` went, once it has ended; waits for
/// `/readyz`, and for the requests sent during it to end.
async fn window(
    what: &'static str,
    from: Instant,
    tally: &Tally,
    readiness: &Mutex<Vec<(Instant, bool)>>,
    http: &reqwest::Client,
    base: &str,
) -> anyhow::Result<Window> {
    let ended = Instant::now();
    wait_ready(http, base).await?;
    let ready_again = ended.elapsed();
    tokio::time::sleep(Duration::from_secs(1)).await;
    let settled = Instant::now() + Duration::from_secs(60);
    let during = |t: &&crate::client::Try| t.at >= from && t.at <= ended;
    // Every request sent during the outage has ended (60 s at most, the client's limit).
    while Instant::now() < settled {
        tokio::time::sleep(Duration::from_millis(500)).await;
        let tries = tally.tries.lock().await;
        if tries.iter().filter(during).all(|t| t.at + t.took < Instant::now()) {
            break;
        }
    }
    let tries = tally.tries.lock().await;
    let sent: Vec<_> = tries.iter().filter(during).collect();
    // Not ready is a 503 from /readyz; a probe that got no answer says nothing.
    let not_ready_seen = readiness.lock().await.iter().any(|(at, ready)| *at >= from && *at <= ended && !ready);
    Ok(Window {
        what,
        length: ended - from,
        tries: sent.len(),
        failed: sent.iter().filter(|t| t.failed()).count(),
        unavailable: sent.iter().filter(|t| t.unavailable).count(),
        slowest: sent.iter().map(|t| t.took).max().unwrap_or_default(),
        not_ready_seen,
        ready_again,
    })
}

/// Asks `/readyz` every 250 ms until `stop`.
async fn probe_readiness(
    http: reqwest::Client,
    base: String,
    log: Arc<Mutex<Vec<(Instant, bool)>>>,
    stop: Arc<AtomicBool>,
) {
    while !stop.load(Ordering::Relaxed) {
        if let Ok(reply) = http.get(format!("{base}/readyz")).timeout(Duration::from_secs(5)).send().await {
            log.lock().await.push((Instant::now(), reply.status().is_success()));
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
}

/// Ends the outages however the run ends (an error part-way included): the
/// database takes connections again and the bucket's process continues.
struct Restore {
    pg_admin: String,
    database: String,
    bucket_pid: u32,
}

impl Drop for Restore {
    fn drop(&mut self) {
        let allow = format!("ALTER DATABASE {} ALLOW_CONNECTIONS true", self.database);
        let _ = std::process::Command::new("psql").arg(&self.pg_admin).arg("-qc").arg(allow).status();
        let _ = signal(self.bucket_pid, "CONT");
    }
}

async fn sql(db: &sea_orm::DatabaseConnection, statement: &str) -> anyhow::Result<()> {
    use sea_orm::ConnectionTrait;
    db.execute_unprepared(statement).await?;
    Ok(())
}

fn signal(pid: u32, signal: &str) -> anyhow::Result<()> {
    let status = std::process::Command::new("kill").arg(format!("-{signal}")).arg(pid.to_string()).status()?;
    anyhow::ensure!(status.success(), "kill -{signal} {pid} failed");
    Ok(())
}

/// The server's reconciliation passes so far, (succeeded, failed), from `/metrics`.
async fn reconciliations(http: &reqwest::Client, base: &str) -> anyhow::Result<(u64, u64)> {
    let text = metrics(http, base).await?;
    let value = |outcome: &str| {
        metric(&text, &format!("dvc_payment_reconciliations_total{{outcome=\"{outcome}\"}}")).unwrap_or_default()
    };
    Ok((value("ok"), value("failed")))
}

/// Waits (at most a minute) for the mail outbox to be empty; answers what is left.
async fn drained_outbox(http: &reqwest::Client, base: &str) -> anyhow::Result<u64> {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let text = metrics(http, base).await?;
        let left = metric(&text, "dvc_outbox_backlog{channel=\"mail\"}").unwrap_or(u64::MAX);
        if left == 0 || Instant::now() > deadline {
            return Ok(left);
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
}

/// `/metrics`, read from loopback (no token is set in these runs).
async fn metrics(http: &reqwest::Client, base: &str) -> anyhow::Result<String> {
    let reply = http.get(format!("{base}/metrics")).send().await?;
    anyhow::ensure!(reply.status().is_success(), "/metrics: {}", reply.status());
    Ok(reply.text().await?)
}

fn metric(text: &str, name: &str) -> Option<u64> {
    text.lines().find_map(|line| line.strip_prefix(name)?.trim().parse().ok())
}
