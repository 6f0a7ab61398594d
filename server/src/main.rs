//! `server [serve]` runs the portal; `server precompress` writes compressed twins
//! of the build's assets; `server seed-synthetic N` adds N synthetic procedures;
//! `server bench-search [RUNS]` prints search latency; `server bench-submit
//! [TOTAL] [CLIENTS]` prints submission throughput; `server bench-queue
//! [DOSSIERS]` prints queue latency and actions per second; `server bench-events
//! [SUBSCRIBERS] [EVENTS]` prints live event delivery latency (PostgreSQL); `server bench-ipn
//! [ORDERS] [CLIENTS]` prints VNPay IPNs handled per second; `server create-official
//! --name N --email E --roles r1,r2 [--agency CODE]` creates an official (or,
//! with `--roles system_admin`, a system administrator) and prints the
//! temporary password.

use server::config::Config;

#[tokio::main]
async fn main() {
    let config = match Config::from_env() {
        Ok(config) => config,
        Err(err) => {
            eprintln!("Cấu hình sai / bad configuration: {err}");
            std::process::exit(2);
        }
    };
    server::init_tracing(&config);
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        None | Some("serve") => server::serve(config).await,
        Some("seed-synthetic") => seed_synthetic(&config, args.get(1)).await,
        Some("bench-search") => bench_search(&config, args.get(1)).await,
        Some("bench-submit") => bench_submit(&config, args.get(1), args.get(2)).await,
        Some("bench-queue") => bench_queue(&config, args.get(1)).await,
        Some("bench-events") => bench_events(&config, args.get(1), args.get(2)).await,
        Some("bench-ipn") => bench_ipn(&config, args.get(1), args.get(2)).await,
        Some("create-official") => create_official(&config, &args[1..]).await,
        Some("precompress") => {
            let dir = config.site_root.join("pkg");
            server::precompress::precompress(&dir)
                .map(|n| println!("compressed {n} assets in {}", dir.display()))
                .map_err(|e| anyhow::anyhow!("cannot precompress {}: {e}", dir.display()))
        }
        Some(other) => Err(anyhow::anyhow!(
            "unknown command {other}; use serve, precompress, seed-synthetic N, bench-search [RUNS], bench-submit [TOTAL] [CLIENTS], bench-queue [DOSSIERS] bench-events [SUBSCRIBERS] [EVENTS] or bench-ipn [ORDERS] [CLIENTS]"
        )),
    };
    if let Err(err) = result {
        tracing::error!("{err:#}");
        eprintln!("error: {err:#}");
        std::process::exit(1);
    }
}

async fn seed_synthetic(config: &Config, count: Option<&String>) -> anyhow::Result<()> {
    let count: usize = count.map(|c| c.parse()).transpose()?.unwrap_or(5000);
    let state = server::build_state(config).await?;
    app::server::seed::synthetic(&state.db, count).await?;
    println!("{} procedures in the catalog", app::server::catalog::count(&state.db).await?);
    Ok(())
}

async fn bench_search(config: &Config, runs: Option<&String>) -> anyhow::Result<()> {
    let runs: usize = runs.map(|r| r.parse()).transpose()?.unwrap_or(200);
    let db = server::connect(config).await?;
    let total = app::server::catalog::count(&db).await?;
    println!("| query | p50 (ms) | p95 (ms) | runs |\n|---|---|---|---|");
    for latency in server::bench::search_latency(&db, runs).await? {
        println!(
            "| {} | {:.2} | {:.2} | {} |",
            latency.label,
            latency.p50.as_secs_f64() * 1000.0,
            latency.p95.as_secs_f64() * 1000.0,
            latency.runs
        );
    }
    println!("\nCatalog size: {total} procedures.");
    Ok(())
}

async fn bench_submit(config: &Config, total: Option<&String>, clients: Option<&String>) -> anyhow::Result<()> {
    let total: usize = total.map(|t| t.parse()).transpose()?.unwrap_or(800);
    let clients: usize = clients.map(|c| c.parse()).transpose()?.unwrap_or(16);
    let state = server::build_state(config).await?;
    let r = server::bench::submissions(&state, total, clients).await?;
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

async fn bench_queue(config: &Config, total: Option<&String>) -> anyhow::Result<()> {
    let total: usize = total.map(|t| t.parse()).transpose()?.unwrap_or(100_000);
    let state = server::build_state(config).await?;
    let r = server::bench::workflow(&state, total).await?;
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

async fn bench_events(config: &Config, subscribers: Option<&String>, events: Option<&String>) -> anyhow::Result<()> {
    let subscribers: usize = subscribers.map(|s| s.parse()).transpose()?.unwrap_or(1000);
    let events: usize = events.map(|e| e.parse()).transpose()?.unwrap_or(20);
    let r = server::bench::live_delivery(config, subscribers, events).await?;
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

async fn bench_ipn(config: &Config, orders: Option<&String>, clients: Option<&String>) -> anyhow::Result<()> {
    let orders: usize = orders.map(|o| o.parse()).transpose()?.unwrap_or(2000);
    let clients: usize = clients.map(|c| c.parse()).transpose()?.unwrap_or(16);
    let r = server::bench::ipn_throughput(config, orders, clients).await?;
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

async fn create_official(config: &Config, args: &[String]) -> anyhow::Result<()> {
    use app::domain::access::Role;
    use app::domain::account::NewOfficial;
    use app::server::accounts::officials::{self, Admin};
    const USAGE: &str = "usage: server create-official --name \"Họ Tên\" --email e@x.vn --roles receiver,processor [--agency 000.00.31.H29]";
    let mut form = NewOfficial::default();
    let mut pairs = args.chunks(2);
    for pair in &mut pairs {
        let [flag, value] = pair else { anyhow::bail!("{USAGE}") };
        match flag.as_str() {
            "--name" => form.full_name = value.clone(),
            "--email" => form.email = value.clone(),
            "--agency" => form.agency_code = value.clone(),
            "--roles" => {
                form.roles = value
                    .split(',')
                    .map(|r| {
                        Role::parse(r).ok_or_else(|| {
                            anyhow::anyhow!(
                                "unknown role {r}; roles: receiver, processor, approver, agency_admin, system_admin"
                            )
                        })
                    })
                    .collect::<anyhow::Result<_>>()?;
            }
            other => anyhow::bail!("unknown option {other}\n{USAGE}"),
        }
    }
    let state = server::build_state(config).await?;
    let created = officials::create(&state.db, &Admin::CommandLine, &form, chrono::Utc::now()).await.map_err(
        |err| match err {
            app::error::AppError::Invalid(errors) => {
                let t = app::i18n::Locale::Vi.messages();
                let lines: Vec<String> = errors.0.iter().map(|e| format!("{}: {}", e.field, e.rule.text(t))).collect();
                anyhow::anyhow!("{}\n{USAGE}", lines.join("\n"))
            }
            other => anyhow::anyhow!("{other}"),
        },
    )?;
    println!("Đã tạo tài khoản / created: {} (id {})", created.email, created.id);
    println!("Mật khẩu tạm thời / temporary password: {}", created.temporary_password);
    println!("Cán bộ phải đổi mật khẩu khi đăng nhập lần đầu. The official must change it at first sign-in.");
    Ok(())
}
