//! `bench failover`: two instances of the portal behind HAProxy (Debian's
//! package), on one PostgreSQL and one bucket. Citizens browse, save drafts,
//! upload and submit through the proxy while each follows their live stream;
//! an official receives the new dossiers. Halfway, one instance is killed
//! (`SIGKILL`). Then: the requests it held were answered by the other (the
//! citizens retried what was cut, with the same keys), no session was lost,
//! every stream resumed on the other instance from `Last-Event-ID` with every
//! event of its citizen's dossiers exactly once, every acknowledged dossier
//! is stored whole, and every event reached the national portal's sandbox
//! once, in its dossier's order (`national.rs`).

use crate::client::{Citizen, Server, Tally, citizen_email, wait_ready};
use crate::crash::Crash;
use crate::streams::{StreamReport, Streams};
use std::process::{Child, Command};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};
use tokio::sync::Mutex;

/// What `bench failover` found.
pub struct Failover {
    /// The dossiers, as `bench crash` checks them.
    pub stored: Crash,
    /// Requests answered, and those cut or refused and retried.
    pub requests: usize,
    /// Answers 401 after the kill: sessions the surviving instance did not know.
    pub signed_out: usize,
    /// Dossiers received by the official.
    pub accepted: usize,
    /// The live streams; `last_reopened` counts from the kill.
    pub streams: StreamReport,
    /// The national portal's sync, once drained.
    pub sync: crate::national::SyncReport,
}

/// HAProxy in front of the instances, stopped with the run.
struct Proxy(Child);

impl Drop for Proxy {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Balances over the instances, checks `/readyz` every 500 ms, and sends a
/// request whose connection was refused to the other instance.
fn haproxy_config(listen: &str, instances: &[String]) -> String {
    let mut config = format!(
        "global\n  maxconn 4096\n\
         defaults\n  mode http\n  timeout connect 1s\n  timeout client 5m\n  timeout server 5m\n  \
         retries 3\n  option redispatch 1\n  retry-on conn-failure\n  option forwardfor\n\
         frontend portal\n  bind {listen}\n  default_backend dvc\n\
         backend dvc\n  balance roundrobin\n  option httpchk GET /readyz\n  http-check expect status 200\n"
    );
    for (n, address) in instances.iter().enumerate() {
        config.push_str(&format!("  server dvc{n} {address} check inter 500ms fall 1 rise 2\n"));
    }
    config
}

/// Runs the failover: `instances` is the proxy's address and the two
/// instances' (`host:port`); the configuration is the run's environment.
pub async fn failover(
    config: &server::config::Config,
    binary: &str,
    haproxy: &str,
    listen: &str,
    instances: [String; 2],
    dossiers: usize,
    clients: usize,
) -> anyhow::Result<Failover> {
    let http = app::server::outbound::http_client()?;
    let base = format!("http://{listen}");
    // The first instance migrates the database alone; then the second starts.
    // Each instance its own folder (mails sent as files); files in the bucket.
    let data = config.data_dir.display();
    let mut first =
        Server::start(binary, &[("DVC_ADDR", instances[0].clone()), ("DVC_DATA_DIR", format!("{data}/a"))])?;
    wait_ready(&http, &format!("http://{}", instances[0])).await?;
    let _second = Server::start(binary, &[("DVC_ADDR", instances[1].clone()), ("DVC_DATA_DIR", format!("{data}/b"))])?;
    wait_ready(&http, &format!("http://{}", instances[1])).await?;
    let dir = std::env::temp_dir().join(format!("dvc-haproxy-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let config_file = dir.join("haproxy.cfg");
    std::fs::write(&config_file, haproxy_config(listen, &instances))?;
    let _proxy = Proxy(
        Command::new(haproxy)
            .arg("-f")
            .arg(&config_file)
            .arg("-db")
            .stdout(std::process::Stdio::null())
            .spawn()
            .map_err(|e| anyhow::anyhow!("haproxy: {e} (scripts/setup.sh chaos installs it)"))?,
    );
    wait_ready(&http, &base).await?;

    let tally = Arc::new(Tally::default());
    let run = chrono::Utc::now().timestamp() % 100_000;
    let mut citizens = Vec::new();
    let mut streams = Streams::new(&http, &base);
    for n in 0..clients {
        let mut citizen = Citizen::new(&http, &base, &tally);
        citizen.register(run, n).await?;
        streams.open(citizen_email(run, n), citizen.cookie.clone()).await?;
        citizens.push(citizen);
    }

    let acknowledged: Arc<Mutex<Vec<String>>> = Arc::default();
    let mut tasks = Vec::new();
    for (n, citizen) in citizens.into_iter().enumerate() {
        let share = dossiers / clients + usize::from(n < dossiers % clients);
        let acknowledged = acknowledged.clone();
        tasks.push(tokio::spawn(async move {
            for _ in 0..share {
                // Browsing, as citizens do between the steps.
                anyhow::ensure!(citizen.get("/procedures?q=khai+sinh").await? == 200, "the catalog did not answer 200");
                let code = citizen.submit_birth_registration().await?;
                anyhow::ensure!(
                    citizen.get(&format!("/dossiers/{code}")).await? == 200,
                    "{code}: its page did not answer 200"
                );
                acknowledged.lock().await.push(code);
            }
            anyhow::Ok(())
        }));
    }
    let official_done = Arc::new(AtomicBool::new(false));
    let official = tokio::spawn(official(
        config.database_url.clone(),
        Citizen::new(&http, &base, &tally),
        acknowledged.clone(),
        official_done.clone(),
    ));

    // Kill one instance halfway, with requests and streams on both.
    let waiting = Instant::now();
    while acknowledged.lock().await.len() < dossiers / 2 {
        // Citizens that all stopped (an error, reported below) or a server that stalls end the wait.
        if tasks.iter().all(tokio::task::JoinHandle::is_finished) || waiting.elapsed() > Duration::from_secs(600) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let acknowledged_before_kill = acknowledged.lock().await.len();
    let signed_out_before = tally.signed_out.load(Ordering::Relaxed);
    first.kill()?;
    let killed = Instant::now();
    for task in tasks {
        task.await??;
    }
    official_done.store(true, Ordering::Relaxed);
    let accepted = official.await??;

    let stored = crate::crash::verify(
        config,
        acknowledged.lock().await.clone(),
        acknowledged_before_kill,
        tally.retried.load(Ordering::Relaxed),
        Duration::ZERO,
    )
    .await?;
    let streams = streams.finish(config, killed).await?;
    // What the killed instance held is sent by the other once its claims expire (2 min).
    let sync = crate::national::settle(config, Duration::from_secs(300)).await?;
    let _ = std::fs::remove_dir_all(dir);
    Ok(Failover {
        stored,
        requests: tally.answered.load(Ordering::Relaxed),
        signed_out: tally.signed_out.load(Ordering::Relaxed) - signed_out_before,
        accepted,
        streams,
        sync,
    })
}

/// An official of the agency the dossiers go to, receiving the new ones
/// through the proxy until `stop`; answers how many they received.
async fn official(
    database_url: String,
    mut official: Citizen,
    acknowledged: Arc<Mutex<Vec<String>>>,
    stop: Arc<AtomicBool>,
) -> anyhow::Result<usize> {
    use app::server::entities::dossier;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    // The agency is the one the first dossier went to.
    let waiting = Instant::now();
    let code = loop {
        if let Some(code) = acknowledged.lock().await.first().cloned() {
            break code;
        }
        anyhow::ensure!(waiting.elapsed() < Duration::from_secs(600), "no dossier was acknowledged");
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    let db = sea_orm::Database::connect(&database_url).await?;
    let agency_id = dossier::Entity::find()
        .filter(dossier::Column::Code.eq(code.as_str()))
        .one(&db)
        .await?
        .ok_or_else(|| anyhow::anyhow!("{code} is not stored"))?
        .agency_id;
    let email = format!("failover.{}@example.vn", chrono::Utc::now().timestamp());
    let password = "một mật khẩu đủ dài cho cán bộ";
    let role = app::domain::access::Role::Receiver;
    app::server::accounts::officials::insert_official(
        &db,
        "Phạm Văn Minh",
        &email,
        Some(agency_id),
        &[role],
        password,
        false,
        chrono::Utc::now(),
    )
    .await
    .map_err(|e| anyhow::anyhow!("official: {e}"))?;
    db.close().await.ok();
    official.sign_in(&email, password).await?;
    let mut accepted = 0;
    while !stop.load(Ordering::Relaxed) {
        let page = official.call("list_queue", &serde_json::json!({"query": {"queue": "new"}})).await?;
        let Some(code) = page["rows"][0]["code"].as_str().map(str::to_owned) else {
            tokio::time::sleep(Duration::from_millis(100)).await;
            continue;
        };
        let answer =
            official.post("/api/get_case", "application/x-www-form-urlencoded", format!("code={code}").into()).await?;
        anyhow::ensure!(answer.status == 200, "get_case: {} {}", answer.status, answer.body);
        let case: serde_json::Value = serde_json::from_str(&answer.body)?;
        let request =
            serde_json::json!({"request": {"code": code, "action": "accept", "version": case["dossier"]["version"]}});
        let answer = official.post("/api/act_on_dossier", "application/json", request.to_string().into()).await?;
        // A retried action whose first try was done finds a new version: refused, not done twice.
        anyhow::ensure!(matches!(answer.status, 200 | 409), "accept: {} {}", answer.status, answer.body);
        accepted += usize::from(answer.status == 200);
    }
    Ok(accepted)
}
