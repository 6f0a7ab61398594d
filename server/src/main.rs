//! `server [serve]` runs the portal; `server precompress` writes compressed twins
//! of the build's assets; `server seed-synthetic N` adds N synthetic procedures;
//! `server bench-search [RUNS]` prints search latency.

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
        Some("precompress") => {
            let dir = config.site_root.join("pkg");
            server::precompress::precompress(&dir)
                .map(|n| println!("compressed {n} assets in {}", dir.display()))
                .map_err(|e| anyhow::anyhow!("cannot precompress {}: {e}", dir.display()))
        }
        Some(other) => Err(anyhow::anyhow!("unknown command {other}; use serve, precompress, seed-synthetic N or bench-search [RUNS]")),
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
