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

/// Throughput and latency of submitting dossiers.
pub struct Submissions {
    pub total: usize,
    pub clients: usize,
    /// Bytes of form data each draft sent.
    pub form_bytes: usize,
    pub per_second: f64,
    pub p50: Duration,
    pub p99: Duration,
}

/// Submits `total` prepared birth-registration drafts (about 2 KB of form
/// data and one attachment each) from `clients` concurrent citizens, through
/// the same service the submit server function calls.
pub async fn submissions(
    state: &app::server::state::AppState,
    total: usize,
    clients: usize,
) -> anyhow::Result<Submissions> {
    use app::domain::access::{AccountKind, SessionStage, SessionUser};
    use app::domain::account::Registration;
    use app::domain::application::{Delivery, DraftSave, Submission};
    let now = chrono::Utc::now();
    let today = app::domain::dossier::vietnam_date(now);
    let data = birth_declaration();
    let form_bytes = data.to_string().len();
    let mut prepared = Vec::new();
    for client in 0..clients {
        let registration = Registration {
            full_name: "Nguyễn Văn An".into(),
            citizen_id: format!("001090{:06}", 900_000 + client),
            birth_date: "1990-05-17".into(),
            phone: "0912345678".into(),
            email: format!("bench{client}.{}@example.vn", now.timestamp()),
            password: "sông Hồng đỏ nặng phù sa".into(),
            password_confirm: "sông Hồng đỏ nặng phù sa".into(),
        };
        let valid = registration.validate(today).map_err(|e| anyhow::anyhow!("registration: {e:?}"))?;
        let account = app::server::accounts::insert_citizen(&state.db, &valid, now).await?;
        let me = SessionUser {
            id: account.id,
            kind: AccountKind::Citizen,
            full_name: account.full_name,
            agency: None,
            roles: Vec::new(),
            stage: SessionStage::Active,
        };
        let mut drafts = Vec::new();
        for _ in 0..total.div_ceil(clients) {
            let save =
                DraftSave { procedure_code: "1.001193".into(), draft_id: None, base_version: None, data: data.clone() };
            let saved = app::server::drafts::save(&state.db, &me, &save, state.draft_ttl, now)
                .await
                .map_err(|e| anyhow::anyhow!("draft: {e}"))?;
            let target = app::server::attachments::target(&state.db, &me, &saved.id, 2, now)
                .await
                .map_err(|e| anyhow::anyhow!("upload target: {e}"))?;
            let mut upload = app::server::attachments::Upload::new(&state.files, target, "giay-chung-sinh.pdf");
            upload
                .push(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj << >> endobj\n%%EOF\n")
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            upload.finish(&state.db, now).await.map_err(|e| anyhow::anyhow!("upload: {e}"))?;
            drafts.push(Submission { draft_id: saved.id, submit_key: saved.submit_key, delivery: Delivery::AtDesk });
        }
        prepared.push((me, drafts));
    }
    let started = Instant::now();
    let tasks: Vec<_> = prepared
        .into_iter()
        .map(|(me, drafts)| {
            let db = state.db.clone();
            tokio::spawn(async move {
                let mut times = Vec::with_capacity(drafts.len());
                for submission in drafts {
                    let start = Instant::now();
                    app::server::dossiers::submit(&db, &me, &submission, chrono::Utc::now())
                        .await
                        .map_err(|e| anyhow::anyhow!("submit: {e}"))?;
                    times.push(start.elapsed());
                }
                anyhow::Ok(times)
            })
        })
        .collect();
    let mut times = Vec::new();
    for task in tasks {
        times.extend(task.await??);
    }
    let elapsed = started.elapsed();
    times.sort();
    let at = |q: f64| times[((times.len() as f64 * q).ceil() as usize).saturating_sub(1).min(times.len() - 1)];
    Ok(Submissions {
        total: times.len(),
        clients,
        form_bytes,
        per_second: times.len() as f64 / elapsed.as_secs_f64(),
        p50: at(0.50),
        p99: at(0.99),
    })
}

/// A complete birth registration declaration of about 2 KB.
fn birth_declaration() -> serde_json::Value {
    let hanoi = serde_json::json!({"province_code": 1, "ward_code": 70, "street": "Số 12, ngõ 34 phố Hàng Bài, tổ dân phố số 5"});
    serde_json::json!({
        "declarant": {
            "full_name": "Nguyễn Văn An", "birth_date": "1990-05-17", "citizen_id": "001090123456",
            "address": hanoi, "phone": "0912345678", "email": "nguyen.van.an@example.vn", "relationship": "cha"
        },
        "child": {
            "full_name": "Nguyễn Minh Khôi", "birth_date": "2026-11-20", "gender": "nam", "ethnicity": "kinh",
            "birth_place": hanoi,
            "home_town": "Xã Hải Hậu, tỉnh Nam Định (nay là xã Hải Hậu, tỉnh Ninh Bình theo sắp xếp đơn vị hành chính năm 2025), nơi gia đình nội sinh sống nhiều đời"
        },
        "mother": { "full_name": "Trần Thị Bình", "birth_date": "1992-03-02", "citizen_id": "001192000123", "address": hanoi },
        "father": { "known": "co", "full_name": "Nguyễn Văn An", "birth_date": "1990-05-17", "citizen_id": "001090123456" },
        "request": { "copies": "2" },
        "_delivery": { "method": "at_desk" },
        "_notes": "Ghi chú của người khai (không nằm trong tờ khai, được lưu cùng bản nháp): gia đình đề nghị nhận kết quả tại Bộ phận Một cửa UBND phường vào buổi sáng các ngày làm việc. Trẻ sinh tại Bệnh viện Phụ sản Hà Nội; giấy chứng sinh số 1234/GCS do bệnh viện cấp ngày 21/11/2026. Mẹ và cha đã đăng ký kết hôn tại UBND phường Hàng Bài năm 2020."
    })
}
