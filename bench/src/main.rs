//! `bench <measurement>`: the benchmarks of `make bench` (scripts/bench.sh),
//! each printing a Markdown table row. The server's configuration comes from
//! the environment, as for the server itself. `bench --help` lists them.

mod client;
mod crash;
mod failover;
mod measure;
mod national;
mod outage;
mod streams;

use clap::{Parser, Subcommand};
use server::config::Config;

#[derive(Parser)]
#[command(name = "bench", about = "DVC benchmarks (make bench)")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Adds synthetic procedures (codes 9.xxxxxx) to the catalog.
    SeedSynthetic {
        #[arg(default_value_t = 5000)]
        count: usize,
    },
    /// Catalog search latency, p50 and p95, in process.
    Search {
        #[arg(default_value_t = 200)]
        runs: usize,
    },
    /// Dossiers submitted per second by concurrent clients.
    Submit {
        #[arg(default_value_t = 800)]
        total: usize,
        #[arg(default_value_t = 16)]
        clients: usize,
    },
    /// Queue latency with this many dossiers in one agency, and actions per second.
    Queue {
        #[arg(default_value_t = 100_000)]
        dossiers: usize,
    },
    /// The public statistics pages with this many dossiers over 100 agencies.
    Statistics {
        #[arg(default_value_t = 100_000)]
        dossiers: usize,
    },
    /// Live event delivery latency to this many subscribers (PostgreSQL).
    Events {
        #[arg(default_value_t = 1000)]
        subscribers: usize,
        #[arg(default_value_t = 20)]
        events: usize,
    },
    /// Kills the server (SIGKILL) while citizens submit dossiers with files
    /// over HTTP, starts it again, and checks that nothing acknowledged is
    /// lost, nothing is half-made and no retry made a duplicate.
    Crash {
        /// The server binary to run (with this process's environment).
        #[arg(long)]
        server: String,
        #[arg(default_value_t = 1000)]
        dossiers: usize,
        #[arg(default_value_t = 32)]
        clients: usize,
        /// Acknowledged submissions before the kill.
        #[arg(long, default_value_t = 400)]
        kill_after: usize,
    },
    /// Two instances behind HAProxy (listening on this process's `DVC_ADDR`):
    /// one is killed (SIGKILL) during a mixed load; checks that requests,
    /// sessions and live streams carry on on the other, with nothing lost.
    Failover {
        /// The server binary to run (with this process's environment).
        #[arg(long)]
        server: String,
        /// The two instances' addresses (`host:port`).
        #[arg(long, num_args = 2, required = true)]
        instances: Vec<String>,
        /// The HAProxy binary.
        #[arg(long, default_value = "haproxy")]
        haproxy: String,
        #[arg(default_value_t = 600)]
        dossiers: usize,
        #[arg(default_value_t = 24)]
        clients: usize,
    },
    /// PostgreSQL, then the bucket, out of reach for a while under load
    /// (PostgreSQL and an S3 bucket only); checks the 503s, `/readyz` and
    /// that everything resumes without a restart, with nothing lost.
    Outage {
        /// The server binary to run (with this process's environment).
        #[arg(long)]
        server: String,
        /// An administrator's connection to the PostgreSQL server (to refuse connections).
        #[arg(long)]
        pg_admin: String,
        /// The process id of the S3-compatible server (stopped and continued).
        #[arg(long)]
        bucket_pid: u32,
        /// Seconds each outage lasts.
        #[arg(long, default_value_t = 30)]
        seconds: u64,
        #[arg(default_value_t = 16)]
        clients: usize,
    },
    /// VNPay IPNs handled per second, first deliveries and replays.
    Ipn {
        #[arg(default_value_t = 2000)]
        orders: usize,
        #[arg(default_value_t = 16)]
        clients: usize,
    },
}

#[tokio::main]
async fn main() {
    let cli = Cli::parse();
    let config = match Config::from_env() {
        Ok(config) => config,
        Err(err) => {
            eprintln!("Cấu hình sai / bad configuration: {err}");
            std::process::exit(2);
        }
    };
    server::init_tracing(&config);
    let result = match cli.command {
        Command::SeedSynthetic { count } => seed_synthetic(&config, count).await,
        Command::Search { runs } => search(&config, runs).await,
        Command::Submit { total, clients } => submit(&config, total, clients).await,
        Command::Queue { dossiers } => queue(&config, dossiers).await,
        Command::Statistics { dossiers } => statistics(&config, dossiers).await,
        Command::Events { subscribers, events: count } => events(&config, subscribers, count).await,
        Command::Ipn { orders, clients } => ipn(&config, orders, clients).await,
        Command::Crash { server, dossiers, clients, kill_after } => {
            crash(&config, &server, dossiers, clients, kill_after).await
        }
        Command::Outage { server, pg_admin, bucket_pid, seconds, clients } => {
            outage(&config, &server, &pg_admin, bucket_pid, seconds, clients).await
        }
        Command::Failover { server, instances, haproxy, dossiers, clients } => {
            failover(&config, &server, instances, &haproxy, dossiers, clients).await
        }
    };
    if let Err(err) = result {
        eprintln!("error: {err:#}");
        std::process::exit(1);
    }
}

async fn seed_synthetic(config: &Config, count: usize) -> anyhow::Result<()> {
    let state = server::build_state(config).await?;
    app::server::seed::synthetic(&state.db, count).await?;
    println!("{} procedures in the catalog", app::server::catalog::count(&state.db).await?);
    Ok(())
}

async fn search(config: &Config, runs: usize) -> anyhow::Result<()> {
    let db = server::connect(config).await?;
    let total = app::server::catalog::count(&db).await?;
    println!("| query | p50 (ms) | p95 (ms) | runs |\n|---|---|---|---|");
    for latency in measure::search_latency(&db, runs).await? {
        println!(
            "| {} | {:.2} | {:.2} | {} |",
            latency.label,
            latency.p50.as_secs_f64() * 1000.0,
            latency.p95.as_secs_f64() * 1000.0,
            latency.runs
        );
    }
    let agencies = app::server::agencies::search(&db, &Default::default()).await?.total;
    let (first, again) = measure::seed_load(config).await?;
    println!("\nCatalog size: {total} procedures; {agencies} agencies.");
    println!(
        "\nSeed load (the catalog and every agency of the country): {:.2} s into an empty SQLite database, {:.2} s again once loaded.",
        first.as_secs_f64(),
        again.as_secs_f64()
    );
    Ok(())
}

async fn submit(config: &Config, total: usize, clients: usize) -> anyhow::Result<()> {
    let state = server::build_state(config).await?;
    let r = measure::submissions(&state, total, clients).await?;
    println!(
        "| {} | {} | {} | {:.1} | {:.1} | {:.1} |",
        if config.is_sqlite() { "SQLite" } else { "PostgreSQL" },
        r.clients,
        r.total,
        r.per_second,
        r.p50.as_secs_f64() * 1000.0,
        r.p99.as_secs_f64() * 1000.0
    );
    eprintln!("form data per draft: {} bytes", r.form_bytes);
    Ok(())
}

async fn queue(config: &Config, total: usize) -> anyhow::Result<()> {
    let state = server::build_state(config).await?;
    let r = measure::workflow(&state, total).await?;
    let db = if config.is_sqlite() { "SQLite" } else { "PostgreSQL" };
    for q in &r.queries {
        println!(
            "| {db} | {} | {:.1} | {:.1} | {} |",
            q.label,
            q.p50.as_secs_f64() * 1000.0,
            q.p95.as_secs_f64() * 1000.0,
            q.runs
        );
    }
    println!(
        "ACTIONS| {db} | {} | {:.0} | {:.1} |",
        r.actions,
        r.actions_per_second,
        r.action_p99.as_secs_f64() * 1000.0
    );
    eprintln!("{} dossiers in the agency", r.dossiers);
    Ok(())
}

async fn statistics(config: &Config, total: usize) -> anyhow::Result<()> {
    let state = server::build_state(config).await?;
    let r = measure::public_statistics(config, &state, total).await?;
    let db = if config.is_sqlite() { "SQLite" } else { "PostgreSQL" };
    for page in &r.pages {
        println!(
            "| {db} | {} | {:.1} | {:.1} | {} |",
            page.label,
            page.p50.as_secs_f64() * 1000.0,
            page.p95.as_secs_f64() * 1000.0,
            page.runs
        );
    }
    println!("SNAPSHOT| {db} | {} | {} | {:.0} |", r.dossiers, r.agencies, r.snapshot.as_secs_f64() * 1000.0);
    Ok(())
}

async fn events(config: &Config, subscribers: usize, events: usize) -> anyhow::Result<()> {
    let r = measure::live_delivery(config, subscribers, events).await?;
    let ms = |d: std::time::Duration| d.as_secs_f64() * 1000.0;
    println!(
        "| {} | {} | {} | {:.1} | {:.1} | {:.1} | {:.0} |",
        r.subscribers,
        r.events,
        r.delivered,
        ms(r.p50),
        ms(r.p99),
        ms(r.max),
        r.server_rss_kb as f64 / 1024.0
    );
    Ok(())
}

async fn ipn(config: &Config, orders: usize, clients: usize) -> anyhow::Result<()> {
    let r = measure::ipn_throughput(config, orders, clients).await?;
    let db = if config.is_sqlite() { "SQLite" } else { "PostgreSQL" };
    let ms = |d: std::time::Duration| d.as_secs_f64() * 1000.0;
    println!(
        "| {db} | {} | {} | {} | {:.0} | {:.1} | {:.0} | {:.1} |",
        r.orders,
        r.clients,
        r.settled,
        r.per_second,
        ms(r.p99),
        r.replay_per_second,
        ms(r.replay_p99)
    );
    Ok(())
}

async fn crash(
    config: &Config,
    binary: &str,
    dossiers: usize,
    clients: usize,
    kill_after: usize,
) -> anyhow::Result<()> {
    let r = crash::crash(config, binary, dossiers, clients, kill_after).await?;
    println!(
        "| {} | {} | {} | {} | {:.1} | {} | {} | {} | {} | {} | {} | {} |",
        if config.is_sqlite() { "SQLite" } else { "PostgreSQL" },
        r.acknowledged,
        r.acknowledged_before_kill,
        r.retried,
        r.restart.as_secs_f64(),
        r.dossiers,
        r.acknowledged_missing,
        r.duplicates,
        r.without_event,
        r.without_file,
        r.backup.missing.len() + r.backup.altered.len(),
        r.backup.files,
    );
    r.ensure_sound("the crash")?;
    anyhow::ensure!(
        r.dossiers as usize == r.acknowledged,
        "{} dossiers for {} acknowledged",
        r.dossiers,
        r.acknowledged
    );
    Ok(())
}

async fn failover(
    config: &Config,
    binary: &str,
    instances: Vec<String>,
    haproxy: &str,
    dossiers: usize,
    clients: usize,
) -> anyhow::Result<()> {
    let [first, second] = <[String; 2]>::try_from(instances).map_err(|_| anyhow::anyhow!("two instances"))?;
    let listen = config.addr.to_string();
    let r = failover::failover(config, binary, haproxy, &listen, [first, second], dossiers, clients).await?;
    let s = &r.stored;
    println!(
        "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {:.1} | {} | {} | {} | {} | {} | {} | {} | {:.0} |",
        r.requests,
        s.retried,
        s.acknowledged,
        s.acknowledged_before_kill,
        s.lost(),
        s.broken(),
        r.signed_out,
        r.accepted,
        r.streams.streams,
        r.streams.reconnects,
        r.streams.expected,
        r.streams.last_reopened.as_secs_f64(),
        r.streams.missing,
        r.streams.duplicated,
        s.backup.files,
        r.sync.expected,
        r.sync.missing,
        r.sync.out_of_order,
        r.sync.repeats,
        r.sync.drained_after.as_secs_f64(),
    );
    anyhow::ensure!(r.signed_out == 0, "{} answers 401 after the kill: sessions lost", r.signed_out);
    r.streams.ensure_exact()?;
    r.sync.ensure_exact()?;
    s.ensure_sound("the failover")?;
    anyhow::ensure!(r.accepted > 0, "the official received nothing");
    anyhow::ensure!(r.streams.reconnects > 0, "no live stream was on the killed instance: nothing was shown");
    anyhow::ensure!(
        s.dossiers as usize == s.acknowledged,
        "{} dossiers for {} acknowledged",
        s.dossiers,
        s.acknowledged
    );
    Ok(())
}

async fn outage(
    config: &Config,
    binary: &str,
    pg_admin: &str,
    bucket_pid: u32,
    seconds: u64,
    clients: usize,
) -> anyhow::Result<()> {
    anyhow::ensure!(!config.is_sqlite(), "bench outage runs on PostgreSQL");
    let length = std::time::Duration::from_secs(seconds);
    let r = outage::outage(config, binary, pg_admin, bucket_pid, length, clients).await?;
    let s = &r.stored;
    for w in &r.windows {
        println!(
            "| {} | {:.1} | {} | {} | {} | {:.2} | {} | {:.1} |",
            w.what,
            w.length.as_secs_f64(),
            w.tries,
            w.failed,
            w.unavailable,
            w.slowest.as_secs_f64(),
            if w.not_ready_seen { "not ready" } else { "READY (wrong)" },
            w.ready_again.as_secs_f64(),
        );
    }
    println!(
        "AFTER| {} | {} | {} | {} | {} | {} | {} | {} | {} |",
        s.acknowledged,
        s.lost(),
        s.broken(),
        r.streams.expected,
        r.streams.missing,
        r.streams.duplicated,
        r.outbox_backlog,
        r.reconciliations_failed,
        r.reconciliations_after,
    );
    for w in &r.windows {
        // The outage happened (requests may have waited it out rather than failed).
        anyhow::ensure!(w.not_ready_seen, "{}: /readyz never said not ready", w.what);
        anyhow::ensure!(
            w.failed == w.unavailable,
            "{}: {} requests failed otherwise than with the portal's 503",
            w.what,
            w.failed - w.unavailable
        );
        // Well within the server's own limit (30 s): nothing waits for the timeout.
        anyhow::ensure!(w.slowest.as_secs() < 25, "{}: a request took {:?}", w.what, w.slowest);
    }
    s.ensure_sound("the outages")?;
    r.streams.ensure_exact()?;
    anyhow::ensure!(r.outbox_backlog == 0, "{} mails still waiting a minute after", r.outbox_backlog);
    anyhow::ensure!(r.reconciliations_after > 0, "no reconciliation pass succeeded after the outages");
    Ok(())
}
