//! `server bench-search`: search latency measured in process, for `make bench`.

use app::domain::catalog::CatalogQuery;
use sea_orm::DatabaseConnection;
use std::time::{Duration, Instant};

/// Latency percentiles of one kind of query.
pub struct Latency {
    pub label: String,
    pub p50: Duration,
    pub p95: Duration,
    pub runs: usize,
}

/// Runs each query `runs` times after a warm-up and reports p50 and p95.
pub async fn search_latency(db: &DatabaseConnection, runs: usize) -> anyhow::Result<Vec<Latency>> {
    let cases = [
        ("với dấu / with diacritics", "đăng ký khai sinh"),
        ("không dấu / without diacritics", "dang ky khai sinh"),
        ("chữ hoa / upper case", "ĐĂNG KÝ KẾT HÔN"),
        ("một từ / one word", "xây dựng"),
        ("không có kết quả / no match", "zzzz khong ton tai"),
    ];
    let mut results = Vec::new();
    for (label, text) in cases {
        let query = CatalogQuery { q: Some(text.to_owned()), ..Default::default() };
        for _ in 0..10 {
            app::server::catalog::search(db, &query).await?;
        }
        let mut times = Vec::with_capacity(runs);
        for _ in 0..runs {
            let start = Instant::now();
            app::server::catalog::search(db, &query).await?;
            times.push(start.elapsed());
        }
        times.sort();
        let at = |q: f64| times[((times.len() as f64 * q).ceil() as usize).saturating_sub(1).min(times.len() - 1)];
        results.push(Latency { label: format!("{label}: “{text}”"), p50: at(0.50), p95: at(0.95), runs });
    }
    Ok(results)
}
