//! The measurements behind `make bench`, in process against the real server library.

use app::domain::catalog::{AgencyQuery, CatalogQuery};
use app::domain::codes::AgencyLevel;
use sea_orm::DatabaseConnection;
use server::config::Config;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Latency percentiles of one kind of query.
pub struct Latency {
    pub label: String,
    pub p50: Duration,
    pub p95: Duration,
    pub runs: usize,
}

impl Latency {
    fn of(label: String, sorted: &[Duration]) -> Self {
        Self { label, p50: percentile(sorted, 0.50), p95: percentile(sorted, 0.95), runs: sorted.len() }
    }
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
        let times = timed(runs, || app::server::catalog::search(db, &query)).await?;
        results.push(Latency::of(format!("{label}: “{text}”"), &times));
    }
    // The agency picker: the country's agencies by name, by province and tier.
    let agency_cases = [
        (
            "cơ quan, không dấu / agencies, without diacritics",
            AgencyQuery { q: Some("hoan kiem".into()), ..Default::default() },
        ),
        (
            "cơ quan cấp xã của TP.HCM / HCMC's ward agencies",
            AgencyQuery { province: Some(79), level: Some(AgencyLevel::Ward), ..Default::default() },
        ),
        ("cơ quan, một từ / agencies, one word", AgencyQuery { q: Some("xã".into()), ..Default::default() }),
    ];
    for (label, query) in agency_cases {
        let times = timed(runs, || app::server::agencies::search(db, &query)).await?;
        results.push(Latency::of(format!("{label}: {}", serde_json::to_string(&query)?), &times));
    }
    // The apply page's picker: a province's agencies that implement birth
    // registration (TP.HCM's 168 wards), with their terms; and the list on
    // the procedure's page, searched without diacritics.
    let picker = [("1.001193", Some(79)), ("2.000488", Some(1))];
    for (code, province) in picker {
        let times = timed(runs, || app::server::agencies::implementers_of(db, code, province)).await?;
        results.push(Latency::of(format!("nơi nộp / where to apply: {code}, province {province:?}"), &times));
    }
    let listed = AgencyQuery { q: Some("hoan kiem".into()), procedure: Some("1.001193".into()), ..Default::default() };
    let times = timed(runs, || app::server::agencies::search(db, &listed)).await?;
    results.push(Latency::of(format!("nơi thực hiện / implementers: {}", serde_json::to_string(&listed)?), &times));
    Ok(results)
}

/// The sorted times of `runs` calls of `call`, after ten to warm up.
async fn timed<F, Fut, T>(runs: usize, call: F) -> anyhow::Result<Vec<Duration>>
where
    F: Fn() -> Fut,
    Fut: std::future::Future<Output = Result<T, app::error::AppError>>,
{
    for _ in 0..10 {
        call().await?;
    }
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs {
        let start = Instant::now();
        call().await?;
        times.push(start.elapsed());
    }
    times.sort();
    Ok(times)
}

/// How long loading the seed takes into an empty database, and again once loaded.
pub async fn seed_load(config: &Config) -> anyhow::Result<(Duration, Duration)> {
    let mut fresh = config.clone();
    fresh.database_url = format!("sqlite://{}?mode=rwc", config.data_dir.join("seed-time.db").display());
    let db = server::connect(&fresh).await?;
    let start = Instant::now();
    app::server::seed::load(&db, &config.seed_dir).await?;
    let first = start.elapsed();
    let start = Instant::now();
    app::server::seed::load(&db, &config.seed_dir).await?;
    Ok((first, start.elapsed()))
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
    let data = birth_declaration();
    let form_bytes = data.to_string().len();
    let prepared = prepared_drafts(state, clients, total.div_ceil(clients)).await?;
    let work = prepared
        .into_iter()
        .map(|(me, drafts)| drafts.into_iter().map(|d| (state.clone(), me.clone(), d)).collect())
        .collect();
    let (times, elapsed) = timed_clients(work, |(state, me, submission)| async move {
        app::server::workflow::submit::submit(&state.db, &state.events, &me, &submission, chrono::Utc::now())
            .await
            .map(|_| ())
            .map_err(|e| anyhow::anyhow!("submit: {e}"))
    })
    .await?;
    Ok(Submissions {
        total: times.len(),
        clients,
        form_bytes,
        per_second: times.len() as f64 / elapsed.as_secs_f64(),
        p50: percentile(&times, 0.50),
        p99: percentile(&times, 0.99),
    })
}

/// `clients` new citizens, each with `per_client` complete birth-registration
/// drafts (one attachment each) ready to submit.
async fn prepared_drafts(
    state: &app::server::state::AppState,
    clients: usize,
    per_client: usize,
) -> anyhow::Result<Vec<(app::domain::access::SessionUser, Vec<app::domain::application::Submission>)>> {
    use app::domain::access::{AccountKind, SessionStage, SessionUser};
    use app::domain::account::Registration;
    use app::domain::application::{Delivery, DraftSave, Submission};
    let now = chrono::Utc::now();
    let today = app::domain::dossier::vietnam_date(now);
    let data = birth_declaration();
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
        let password_hash = app::server::auth::passwords::hash_password(&valid.password).await?;
        let account = app::server::accounts::insert_citizen(&state.db, &valid, password_hash, now).await?;
        let me = SessionUser {
            id: account.id,
            kind: AccountKind::Citizen,
            full_name: account.full_name,
            agency: None,
            roles: Vec::new(),
            stage: SessionStage::Active,
            assurance: 0,
        };
        let mut drafts = Vec::new();
        for _ in 0..per_client {
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
    Ok(prepared)
}

/// A complete birth registration declaration of about 2 KB.
pub fn birth_declaration() -> serde_json::Value {
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

/// What `bench queue` measured.
pub struct Workflow {
    pub dossiers: usize,
    /// Latency of each queue query, through the queue service (rows and every count).
    pub queries: Vec<Latency>,
    pub actions_per_second: f64,
    pub action_p99: Duration,
    pub actions: usize,
}

/// Fills one agency with `total` dossiers in every status (inserted in
/// batches, with realistic dates, names and assignees), then measures the
/// dashboard's queue queries and the rate of concurrent acceptances.
pub async fn workflow(state: &app::server::state::AppState, total: usize) -> anyhow::Result<Workflow> {
    use app::domain::access::{AgencyRef, Role, SessionUser};
    use app::domain::dashboard::{DueFilter, Queue, QueueQuery};
    use app::domain::dossier::DossierStatus::*;
    use app::domain::workflow::Action;
    use app::domain::workflow::ActionRequest;
    use app::server::entities::{agency, dossier, procedure};
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, Set};
    let db = &state.db;
    let now = chrono::Utc::now();
    let today = app::domain::dossier::vietnam_date(now);
    let agency = agency::Entity::find()
        .filter(agency::Column::Code.eq("000.20.01.H29"))
        .one(db)
        .await?
        .ok_or_else(|| anyhow::anyhow!("the seed's agency 000.20.01.H29 is missing"))?;
    let procedures: Vec<i32> = procedure::Entity::find()
        .filter(procedure::Column::AgencyId.eq(agency.id))
        .all(db)
        .await?
        .iter()
        .map(|p| p.id)
        .collect();
    let stamp = now.timestamp();
    let agency_ref = AgencyRef { id: agency.id, code: agency.code.clone(), name: Default::default() };
    let receiver = bench_official(db, &agency_ref, Role::Receiver, stamp, now).await?;
    let processor = bench_official(db, &agency_ref, Role::Processor, stamp, now).await?;
    let approver = bench_official(db, &agency_ref, Role::Approver, stamp, now).await?;
    let everyone = SessionUser { roles: vec![Role::Receiver, Role::Processor, Role::Approver], ..receiver.clone() };

    const SURNAMES: [&str; 8] = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Võ", "Đặng", "Bùi"];
    const GIVEN: [&str; 8] =
        ["Văn An", "Thị Bình", "Minh Khôi", "Thu Hà", "Quốc Bảo", "Ngọc Lan", "Đức Anh", "Thanh Tâm"];
    let mix = [
        (Submitted, 10),
        (Accepted, 10),
        (Processing, 40),
        (PendingApproval, 10),
        (SupplementRequested, 5),
        (Processed, 5),
        (Returned, 20),
    ];
    let status_of = |i: usize| {
        let mut n = i % 100;
        for (status, share) in mix {
            if n < share {
                return status;
            }
            n -= share;
        }
        Returned
    };
    let mut batch = Vec::with_capacity(500);
    for i in 0..total {
        let status = status_of(i);
        let submitted = now - chrono::Duration::minutes((total - i) as i64 * 5);
        let accepted = status != Submitted;
        let due = today + chrono::Duration::days((i % 61) as i64 - 30);
        let name = format!("{} {}", SURNAMES[i % 8], GIVEN[(i / 8) % 8]);
        let assignee = matches!(status, Processing | SupplementRequested | PendingApproval) && i % 2 == 0;
        let accepted = accepted.then_some((due - chrono::Duration::days(7), due));
        let mut dossier = synthetic_dossier(
            &agency,
            procedures[i % procedures.len()],
            receiver.id,
            &name,
            status,
            submitted,
            accepted,
            stamp,
            i,
        )?;
        dossier.assignee_id = Set(assignee.then_some(processor.id));
        dossier.assignee_name = Set(assignee.then(|| processor.full_name.clone()));
        batch.push(dossier);
        if batch.len() == 500 || i + 1 == total {
            dossier::Entity::insert_many(std::mem::take(&mut batch)).exec(db).await?;
        }
    }
    if !state.db.get_database_backend().eq(&sea_orm::DatabaseBackend::Sqlite) {
        use sea_orm::ConnectionTrait;
        db.execute_unprepared("ANALYZE dossiers").await?;
    } else {
        use sea_orm::ConnectionTrait;
        db.execute_unprepared("ANALYZE").await?;
    }

    let page = |queue: Queue| QueueQuery::new(queue);
    let second_page = {
        let first = app::server::dashboard::queue::queue(db, &processor, &page(Queue::Mine), today).await?;
        QueueQuery { after: first.next, ..page(Queue::Mine) }
    };
    let cases: Vec<(&str, &SessionUser, QueueQuery)> = vec![
        ("receiver: new submissions", &receiver, page(Queue::New)),
        ("receiver: results to return", &receiver, page(Queue::ToReturn)),
        ("processor: assigned to me", &processor, page(Queue::Mine)),
        ("processor: assigned to me, page 2 (keyset)", &processor, second_page),
        ("processor: unassigned", &processor, page(Queue::Unassigned)),
        ("approver: awaiting approval", &approver, page(Queue::Approval)),
        ("all: overdue", &everyone, QueueQuery { due: Some(DueFilter::Overdue), ..page(Queue::All) }),
        (
            "all: search by name (no diacritics)",
            &everyone,
            QueueQuery { search: Some("tran thi binh".into()), ..page(Queue::All) },
        ),
        (
            "all: processing, one procedure",
            &everyone,
            QueueQuery { status: Some(Processing), procedure_code: Some("1.001193".into()), ..page(Queue::All) },
        ),
    ];
    let runs = 40;
    let mut queries = Vec::new();
    for (label, who, query) in cases {
        app::server::dashboard::queue::queue(db, who, &query, today).await?;
        let mut times = Vec::with_capacity(runs);
        for _ in 0..runs {
            let start = Instant::now();
            app::server::dashboard::queue::queue(db, who, &query, today).await?;
            times.push(start.elapsed());
        }
        times.sort();
        queries.push(Latency {
            label: label.to_owned(),
            p50: percentile(&times, 0.5),
            p95: percentile(&times, 0.95),
            runs,
        });
    }

    // Acceptances by 8 receivers at once, each on its own new submissions.
    let submitted: Vec<String> = dossier::Entity::find()
        .filter(dossier::Column::AgencyId.eq(agency.id))
        .filter(dossier::Column::Status.eq(Submitted))
        .all(db)
        .await?
        .into_iter()
        .map(|d| d.code)
        .take(800)
        .collect();
    let clients = 8;
    let work = submitted
        .chunks(submitted.len().div_ceil(clients).max(1))
        .map(|codes| codes.iter().map(|code| (state.clone(), receiver.clone(), code.clone())).collect())
        .collect();
    let (times, elapsed) = timed_clients(work, |(state, me, code)| async move {
        let request = ActionRequest { code, action: Some(Action::Accept), version: 1, ..Default::default() };
        app::server::workflow::act::act(&state.db, &state.events, &state.results, &me, &request, chrono::Utc::now())
            .await
            .map(|_| ())
            .map_err(|e| anyhow::anyhow!("accept: {e}"))
    })
    .await?;
    let p99 = percentile(&times, 0.99);
    Ok(Workflow {
        dossiers: total,
        queries,
        actions_per_second: times.len() as f64 / elapsed.as_secs_f64(),
        action_p99: p99,
        actions: times.len(),
    })
}

/// A signed-in official of `agency` with one role, for the benchmarks.
async fn bench_official(
    db: &DatabaseConnection,
    agency: &app::domain::access::AgencyRef,
    role: app::domain::access::Role,
    stamp: i64,
    now: chrono::DateTime<chrono::Utc>,
) -> anyhow::Result<app::domain::access::SessionUser> {
    let email = format!("bench.{}.{stamp}@example.vn", role.as_str());
    let user = app::server::accounts::officials::insert_official(
        db,
        "Phạm Văn Minh",
        &email,
        Some(agency.id),
        &[role],
        "một mật khẩu đủ dài cho cán bộ",
        false,
        now,
    )
    .await
    .map_err(|e| anyhow::anyhow!("official: {e}"))?;
    Ok(app::domain::access::SessionUser {
        id: user.id,
        kind: app::domain::access::AccountKind::Official,
        full_name: user.full_name,
        agency: Some(agency.clone()),
        roles: vec![role],
        stage: app::domain::access::SessionStage::Active,
        assurance: 0,
    })
}

/// Runs each client's list of work items at the same time as the others',
/// timing every call. Answers the sorted times and the wall time.
async fn timed_clients<W, F, Fut>(clients: Vec<Vec<W>>, call: F) -> anyhow::Result<(Vec<Duration>, Duration)>
where
    W: Send + 'static,
    F: Fn(W) -> Fut + Clone + Send + 'static,
    Fut: std::future::Future<Output = anyhow::Result<()>> + Send,
{
    let started = Instant::now();
    let tasks: Vec<_> = clients
        .into_iter()
        .map(|items| {
            let call = call.clone();
            tokio::spawn(async move {
                let mut times = Vec::with_capacity(items.len());
                for item in items {
                    let start = Instant::now();
                    call(item).await?;
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
    Ok((times, elapsed))
}

/// The `q` quantile of sorted `times` (nearest rank).
fn percentile(times: &[Duration], q: f64) -> Duration {
    times[((times.len() as f64 * q).ceil() as usize).saturating_sub(1).min(times.len().saturating_sub(1))]
}

/// What `bench events` measured.
pub struct LiveDelivery {
    pub subscribers: usize,
    pub events: usize,
    /// Deliveries seen (subscribers × events when nothing is lost).
    pub delivered: usize,
    pub p50: Duration,
    pub p99: Duration,
    pub max: Duration,
    /// The server process's resident memory with every subscriber connected, after the events.
    pub server_rss_kb: u64,
}

/// Starts this binary as a separate server process on PostgreSQL (the
/// configuration's `DATABASE_URL`), connects `subscribers` event streams to it
/// over TCP as a system administrator (who sees every event), then submits
/// `events` dossiers one after another through the submit service of this
/// process: each commit reaches the server through `NOTIFY`, which fans it out.
/// Latency runs from the start of the submitting call (its transaction
/// included) to the moment a subscriber has read the event. One untimed
/// submission first warms both processes (connections, prepared statements,
/// each stream's first write), as a running portal is.
pub async fn live_delivery(
    config: &server::config::Config,
    subscribers: usize,
    events: usize,
) -> anyhow::Result<LiveDelivery> {
    use app::domain::access::{Role, SessionStage};
    use std::collections::HashMap;
    use std::sync::{Arc, Mutex};
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    anyhow::ensure!(!config.is_sqlite(), "bench events needs PostgreSQL (DATABASE_URL=postgres://…)");
    let state = server::build_state(config).await?;
    let now = chrono::Utc::now();
    let prepared = prepared_drafts(&state, 1, events + 1).await?;
    let admin = app::server::accounts::officials::insert_official(
        &state.db,
        "Quản trị đo tải",
        &format!("bench.events.{}@example.vn", now.timestamp()),
        None,
        &[Role::SystemAdmin],
        "sông Hồng đỏ nặng phù sa",
        false,
        now,
    )
    .await
    .map_err(|e| anyhow::anyhow!("bench administrator: {e}"))?;
    let client = app::server::auth::session::Client::default();
    let token =
        app::server::auth::session::start(&state.db, &state.auth, &admin, SessionStage::Active, 0, &client, now)
            .await?;
    let cookie = format!("{}={token}", app::server::auth::session::cookie_name(&state.auth));

    // The server, in its own process.
    let port = std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
    let addr = format!("127.0.0.1:{port}");
    let server = ServerProcess(
        // The portal's own binary (`server`), built beside this one.
        std::process::Command::new(std::env::current_exe()?.with_file_name("server"))
            .arg("serve")
            .env("DVC_ADDR", &addr)
            .env("DVC_LOG", "warn")
            // Every subscriber is the same administrator here.
            .env("DVC_EVENTS_PER_USER", subscribers.to_string())
            .spawn()?,
    );
    let pid = server.0.id();
    let started = Instant::now();
    while tokio::net::TcpStream::connect(&addr).await.is_err() {
        anyhow::ensure!(started.elapsed() < Duration::from_secs(60), "the server did not start");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }

    // Subscribers, connected 100 at a time; each keeps (code, when read) of every event.
    let request =
        format!("GET /events HTTP/1.1\r\nHost: {addr}\r\nAccept: text/event-stream\r\nCookie: {cookie}\r\n\r\n");
    let seen: Arc<Mutex<Vec<(String, Instant)>>> = Arc::new(Mutex::new(Vec::with_capacity(subscribers * events)));
    let mut readers = Vec::with_capacity(subscribers);
    for batch in (0..subscribers).collect::<Vec<_>>().chunks(100) {
        let mut ready = Vec::new();
        for _ in batch {
            let (request, addr, seen) = (request.clone(), addr.clone(), seen.clone());
            let (up, is_up) = tokio::sync::oneshot::channel::<()>();
            ready.push(is_up);
            readers.push(tokio::spawn(async move {
                let mut stream = tokio::net::TcpStream::connect(&addr).await?;
                stream.write_all(request.as_bytes()).await?;
                let mut up = Some(up);
                let mut got = 0;
                let mut text = String::new();
                let mut buffer = vec![0u8; 4096];
                while got < events + 1 {
                    let n = stream.read(&mut buffer).await?;
                    anyhow::ensure!(n > 0, "the stream ended");
                    let at = Instant::now();
                    text.push_str(&String::from_utf8_lossy(&buffer[..n]));
                    if up.is_some() && text.contains("event: ready") {
                        let _ = up.take().map(|up| up.send(()));
                    }
                    while let Some(start) = text.find("\"code\":\"") {
                        let rest = &text[start + 8..];
                        let Some(end) = rest.find('"') else { break };
                        seen.lock().unwrap().push((rest[..end].to_owned(), at));
                        got += 1;
                        text = rest[end..].to_owned();
                    }
                    if text.len() > 8192 {
                        text = text[text.len() - 1024..].to_owned();
                    }
                }
                Ok::<_, anyhow::Error>(())
            }));
        }
        for is_up in ready {
            tokio::time::timeout(Duration::from_secs(30), is_up).await??;
        }
    }

    // The warm-up, untimed: it must reach everyone before the timed events.
    let (me, mut drafts) = prepared.into_iter().next().ok_or_else(|| anyhow::anyhow!("no drafts"))?;
    let warm_up = drafts.remove(0);
    app::server::workflow::submit::submit(&state.db, &state.events, &me, &warm_up, chrono::Utc::now())
        .await
        .map_err(|e| anyhow::anyhow!("submit: {e}"))?;
    let deadline = Instant::now() + Duration::from_secs(20);
    while seen.lock().unwrap().len() < subscribers && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    anyhow::ensure!(seen.lock().unwrap().len() == subscribers, "the warm-up event did not reach every subscriber");
    seen.lock().unwrap().clear();

    // Events one after another, each given time to reach everyone.
    let mut started_at = HashMap::new();
    for submission in drafts {
        let start = Instant::now();
        let done =
            app::server::workflow::submit::submit(&state.db, &state.events, &me, &submission, chrono::Utc::now())
                .await
                .map_err(|e| anyhow::anyhow!("submit: {e}"))?;
        started_at.insert(done.code, start);
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
    let deadline = Instant::now() + Duration::from_secs(20);
    while seen.lock().unwrap().len() < subscribers * events && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let server_rss_kb = status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
        .unwrap_or(0);
    for reader in &readers {
        reader.abort();
    }
    drop(server);
    let mut times: Vec<Duration> = seen
        .lock()
        .unwrap()
        .iter()
        .filter_map(|(code, at)| Some(at.saturating_duration_since(*started_at.get(code)?)))
        .collect();
    times.sort();
    Ok(LiveDelivery {
        subscribers,
        events,
        delivered: times.len(),
        p50: percentile(&times, 0.50),
        p99: percentile(&times, 0.99),
        max: times.last().copied().unwrap_or_default(),
        server_rss_kb,
    })
}

/// A child server process, stopped when dropped (also when the bench fails).
struct ServerProcess(std::process::Child);

impl Drop for ServerProcess {
    fn drop(&mut self) {
        self.0.kill().ok();
        self.0.wait().ok();
    }
}

/// What `bench ipn` measured, for first deliveries (each settles an order
/// and resumes its dossier) and for replays (each answered `02`).
pub struct IpnThroughput {
    pub orders: usize,
    pub clients: usize,
    pub settled: usize,
    pub per_second: f64,
    pub p99: Duration,
    pub replay_per_second: f64,
    pub replay_p99: Duration,
}

/// `orders` dossiers awaiting a fee, each with a pending VNPay order; then
/// `clients` concurrent gateways deliver one signed success IPN per order
/// through the whole router (`/payments/vnpay/ipn`), then replay them all.
pub async fn ipn_throughput(config: &Config, orders: usize, clients: usize) -> anyhow::Result<IpnThroughput> {
    use app::domain::dossier::DossierStatus;
    use app::domain::payment::PaymentStatus;
    use app::server::entities::{agency, dossier, payment, procedure};
    use app::server::payments::vnpay;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, Set};
    use tower::ServiceExt;
    let state = server::build_state(config).await?;
    let gateway =
        state.payments.clone().ok_or_else(|| anyhow::anyhow!("payments are not configured (DVC_VNPAY_SANDBOX=1)"))?;
    let db = state.db.clone();
    let now = chrono::Utc::now();
    let agency = agency::Entity::find().filter(agency::Column::Code.eq("000.20.01.H29")).one(&db).await?;
    let agency = agency.ok_or_else(|| anyhow::anyhow!("the seed's agency 000.20.01.H29 is missing"))?;
    let procedure = procedure::Entity::find().filter(procedure::Column::Code.eq("1.004873")).one(&db).await?;
    let procedure = procedure.ok_or_else(|| anyhow::anyhow!("the seed's procedure 1.004873 is missing"))?;
    let agency_ref =
        app::domain::access::AgencyRef { id: agency.id, code: agency.code.clone(), name: Default::default() };
    let applicant = bench_official(&db, &agency_ref, app::domain::access::Role::Receiver, now.timestamp(), now).await?;
    let stamp = now.timestamp();
    let mut dossiers = Vec::with_capacity(orders);
    for i in 0..orders {
        dossiers.push(dossier::ActiveModel {
            code: Set(format!("{}-IPN{stamp}-{i:06}", agency.code)),
            procedure_id: Set(procedure.id),
            agency_id: Set(agency.id),
            receiving_agency_id: Set(agency.id),
            applicant_id: Set(applicant.id),
            applicant_name: Set("Nguyễn Văn An".into()),
            applicant_folded: Set("nguyen van an".into()),
            status: Set(DossierStatus::PaymentRequested),
            resume_status: Set(Some(DossierStatus::Submitted)),
            fee_due_vnd: Set(3_000),
            version: Set(1),
            data: Set("{}".into()),
            delivery: Set(r#"{"method":"online"}"#.into()),
            lookup_secret: Set("BENCHSEC".into()),
            submit_key: Set(format!("ipn-{stamp}-{i}")),
            submitted_at: Set(now),
            updated_at: Set(now),
            processing_days: Set(0),
            paused_days: Set(0),
            due_key: Set(chrono::NaiveDate::from_ymd_opt(9999, 12, 31).unwrap_or_default()),
            ..Default::default()
        });
    }
    for chunk in dossiers.chunks(500) {
        dossier::Entity::insert_many(chunk.to_vec()).exec(&db).await?;
    }
    let ids: Vec<i32> = dossier::Entity::find()
        .filter(dossier::Column::Code.starts_with(format!("{}-IPN{stamp}-", agency.code)))
        .all(&db)
        .await?
        .iter()
        .map(|d| d.id)
        .collect();
    let mut queries = Vec::with_capacity(ids.len());
    let mut rows = Vec::with_capacity(ids.len());
    for (i, id) in ids.iter().enumerate() {
        let txn_ref = format!("B{stamp}{i:07}");
        rows.push(payment::ActiveModel {
            txn_ref: Set(txn_ref.clone()),
            dossier_id: Set(*id),
            amount_vnd: Set(3_000),
            order_info: Set("Thanh toan phi le phi".into()),
            status: Set(PaymentStatus::Pending),
            created_at: Set(now),
            create_date: Set(vnpay::date(now)),
            ip_addr: Set("127.0.0.1".into()),
            ..Default::default()
        });
        let mut params = vnpay::pairs(&[
            ("vnp_Amount", "300000"),
            ("vnp_BankCode", "NCB"),
            ("vnp_OrderInfo", "Thanh toan phi le phi"),
            ("vnp_PayDate", &vnpay::date(now)),
            ("vnp_ResponseCode", "00"),
            ("vnp_TmnCode", &gateway.tmn_code),
            ("vnp_TransactionNo", &format!("{}", 10_000_000 + i)),
            ("vnp_TransactionStatus", "00"),
            ("vnp_TxnRef", &txn_ref),
        ]);
        let hash = vnpay::sign(&params, &gateway.hash_secret);
        params.push(("vnp_SecureHash".into(), hash));
        let query: Vec<String> =
            params.iter().map(|(k, v)| format!("{}={}", vnpay::encode(k), vnpay::encode(v))).collect();
        queries.push(format!("/payments/vnpay/ipn?{}", query.join("&")));
    }
    for chunk in rows.chunks(500) {
        payment::Entity::insert_many(chunk.to_vec()).exec(&db).await?;
    }
    let router = server::router(state, config);
    let settled = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let deliver = |expected: &'static str| {
        let (router, settled) = (router.clone(), settled.clone());
        move |uri: String| {
            let (router, settled) = (router.clone(), settled.clone());
            async move {
                let request = axum::http::Request::get(uri).body(axum::body::Body::empty())?;
                let response = router.oneshot(request).await?;
                let body = axum::body::to_bytes(response.into_body(), 1024).await?;
                let answer: serde_json::Value = serde_json::from_slice(&body)?;
                if answer["RspCode"] != expected {
                    anyhow::bail!("IPN answered {answer}, expected {expected}");
                }
                settled.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                Ok(())
            }
        }
    };
    let split = |queries: &[String]| {
        let mut lists = vec![Vec::new(); clients.max(1)];
        for (i, q) in queries.iter().enumerate() {
            lists[i % clients.max(1)].push(q.clone());
        }
        lists
    };
    let (times, elapsed) = timed_clients(split(&queries), deliver("00")).await?;
    let settled_now = settled.load(std::sync::atomic::Ordering::Relaxed);
    let (replays, replay_elapsed) = timed_clients(split(&queries), deliver("02")).await?;
    Ok(IpnThroughput {
        orders: queries.len(),
        clients,
        settled: settled_now,
        per_second: times.len() as f64 / elapsed.as_secs_f64(),
        p99: percentile(&times, 0.99),
        replay_per_second: replays.len() as f64 / replay_elapsed.as_secs_f64(),
        replay_p99: percentile(&replays, 0.99),
    })
}

/// The code of synthetic dossier `i` of the run started at `stamp`: a real
/// code's shape, so every lookup by code finds it (`find_by_code` parses
/// codes), on a day long past, unique per run (100,000 per day and run).
/// Synthetic dossier `i` of `agency` (its code from `stamp`), filed by
/// `applicant` at `submitted`, in `status`, and when `accepted`, accepted on
/// the first day and due on the second.
#[allow(clippy::too_many_arguments)]
fn synthetic_dossier(
    agency: &app::server::entities::agency::Model,
    procedure_id: i32,
    applicant: i32,
    name: &str,
    status: app::domain::dossier::DossierStatus,
    submitted: chrono::DateTime<chrono::Utc>,
    accepted: Option<(chrono::NaiveDate, chrono::NaiveDate)>,
    stamp: i64,
    i: usize,
) -> anyhow::Result<app::server::entities::dossier::ActiveModel> {
    use sea_orm::Set;
    let never = chrono::NaiveDate::from_ymd_opt(9999, 12, 31).unwrap_or_default();
    Ok(app::server::entities::dossier::ActiveModel {
        code: Set(synthetic_code(&agency.code, stamp, i)?),
        procedure_id: Set(procedure_id),
        agency_id: Set(agency.id),
        receiving_agency_id: Set(agency.id),
        applicant_id: Set(applicant),
        applicant_name: Set(name.to_owned()),
        applicant_folded: Set(app::domain::text::fold(name)),
        status: Set(status),
        version: Set(1),
        data: Set("{}".into()),
        delivery: Set(r#"{"method":"at_desk"}"#.into()),
        lookup_secret: Set("BENCHSEC".into()),
        submit_key: Set(format!("bench-{stamp}-{i}")),
        submitted_at: Set(submitted),
        updated_at: Set(submitted),
        accepted_on: Set(accepted.map(|(on, _)| on)),
        processing_days: Set(5),
        paused_days: Set(0),
        due_on: Set(accepted.map(|(_, due)| due)),
        due_key: Set(accepted.map_or(never, |(_, due)| due)),
        ..Default::default()
    })
}

fn synthetic_code(agency: &str, stamp: i64, i: usize) -> anyhow::Result<String> {
    let agency = app::domain::codes::AgencyCode::parse(agency).map_err(|e| anyhow::anyhow!("agency {agency}: {e}"))?;
    let (stamp, i) = (stamp.unsigned_abs(), i as u64);
    let days = (stamp / 40_000) % 3_650 + i / 100_000;
    let day = chrono::NaiveDate::from_ymd_opt(2000, 1, 1).unwrap_or_default() + chrono::Duration::days(days as i64);
    let sequence = u32::try_from((stamp % 40_000) * 100_000 + i % 100_000 + 1)?;
    Ok(app::domain::dossier::DossierCode::new(&agency, day, sequence).to_string())
}

/// What `bench statistics` measured.
pub struct PublicStatistics {
    pub dossiers: usize,
    pub agencies: usize,
    /// Rebuilding the snapshot of every dossier's facts (once a minute at most).
    pub snapshot: Duration,
    /// The `/statistics` pages through the router, the snapshot built.
    pub pages: Vec<Latency>,
}

/// `total` dossiers over the first 100 ward committees of Hồ Chí Minh City,
/// received over the last year in every status, a fifth of the returned ones
/// rated; then the public statistics pages, rendered through the router.
pub async fn public_statistics(
    config: &Config,
    state: &app::server::state::AppState,
    total: usize,
) -> anyhow::Result<PublicStatistics> {
    use app::domain::dossier::DossierStatus::*;
    use app::domain::transparency::Satisfaction;
    use app::server::entities::{agency, dossier, procedure, rating};
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set};
    use tower::ServiceExt;
    let db = &state.db;
    let now = chrono::Utc::now();
    let today = app::domain::dossier::vietnam_date(now);
    let agencies = agency::Entity::find()
        .filter(agency::Column::ProvinceCode.eq(79))
        .filter(agency::Column::WardCode.is_not_null())
        .order_by_asc(agency::Column::Id)
        .limit(100)
        .all(db)
        .await?;
    anyhow::ensure!(!agencies.is_empty(), "the seed has no ward of Hồ Chí Minh City");
    let procedures: Vec<i32> = procedure::Entity::find()
        .filter(procedure::Column::AgencyLevel.eq("ward"))
        .all(db)
        .await?
        .iter()
        .map(|p| p.id)
        .collect();
    anyhow::ensure!(!procedures.is_empty(), "the seed has no ward-level procedure");
    let stamp = now.timestamp();
    let first = &agencies[0];
    let agency_ref =
        app::domain::access::AgencyRef { id: first.id, code: first.code.clone(), name: Default::default() };
    let receiver = bench_official(db, &agency_ref, app::domain::access::Role::Receiver, stamp, now).await?;
    let statuses = [
        Submitted,
        Accepted,
        Processing,
        SupplementRequested,
        Processed,
        Returned,
        Returned,
        Returned,
        NotAccepted,
        Returned,
    ];
    let channels = ["online", "online", "online", "desk", "post"];
    let mut batch = Vec::with_capacity(500);
    for i in 0..total {
        let agency = &agencies[i % agencies.len()];
        let status = statuses[i % statuses.len()];
        let submitted = now - chrono::Duration::minutes(((total - i) * 5) as i64 % (360 * 24 * 60));
        let received = app::domain::dossier::vietnam_date(submitted);
        let accepted = !matches!(status, Submitted | NotAccepted);
        let due = received + chrono::Duration::days(7);
        let finished =
            matches!(status, Processed | Returned).then(|| received + chrono::Duration::days((i % 10) as i64));
        let procedure = procedures[i % procedures.len()];
        let accepted = accepted.then_some((received, due));
        let mut dossier =
            synthetic_dossier(agency, procedure, receiver.id, "Nguyễn Văn An", status, submitted, accepted, stamp, i)?;
        dossier.finished_on = Set(finished.filter(|_| accepted.is_some()));
        dossier.channel = Set(channels[i % channels.len()].into());
        batch.push(dossier);
        if batch.len() == 500 || i + 1 == total {
            dossier::Entity::insert_many(std::mem::take(&mut batch)).exec(db).await?;
        }
    }
    // A fifth of the returned dossiers rated.
    let returned: Vec<i32> = dossier::Entity::find()
        .select_only()
        .column(dossier::Column::Id)
        .filter(dossier::Column::Status.eq(Returned))
        .into_tuple()
        .all(db)
        .await?;
    let scale =
        [Satisfaction::VerySatisfied, Satisfaction::Satisfied, Satisfaction::Satisfied, Satisfaction::Unsatisfied];
    for chunk in returned.iter().step_by(5).collect::<Vec<_>>().chunks(500) {
        let rows = chunk.iter().enumerate().map(|(n, id)| rating::ActiveModel {
            dossier_id: Set(**id),
            user_id: Set(receiver.id),
            guidance: Set(scale[n % 4]),
            time: Set(scale[(n + 1) % 4]),
            attitude: Set(Satisfaction::Satisfied),
            result: Set(Satisfaction::VerySatisfied),
            comment: Set(None),
            rated_at: Set(now),
            updated_at: Set(now),
        });
        rating::Entity::insert_many(rows).exec(db).await?;
    }
    {
        use sea_orm::ConnectionTrait;
        db.execute_unprepared(if config.is_sqlite() { "ANALYZE" } else { "ANALYZE dossiers" }).await?;
    }

    let router = server::router(state.clone(), config);
    let get = |uri: String| {
        let router = router.clone();
        async move {
            let request = axum::http::Request::get(uri).body(axum::body::Body::empty())?;
            let response = router.oneshot(request).await?;
            anyhow::ensure!(response.status().is_success(), "status {}", response.status());
            axum::body::to_bytes(response.into_body(), usize::MAX).await?;
            anyhow::Ok(())
        }
    };
    let start = Instant::now();
    state.statistics.snapshot(db, today).await.map_err(|e| anyhow::anyhow!("snapshot: {e}"))?;
    let snapshot = start.elapsed();
    let cases = [
        ("the country, by province", "/statistics".to_owned()),
        ("Hồ Chí Minh City, by agency", "/statistics?province=79".to_owned()),
        ("one agency, by procedure", format!("/statistics?agency={}", first.code)),
        ("the open data (JSON), by agency", "/api/v1/statistics?province=79".to_owned()),
    ];
    let runs = 200;
    let mut pages = Vec::new();
    for (label, uri) in cases {
        get(uri.clone()).await?;
        let mut times = Vec::with_capacity(runs);
        for _ in 0..runs {
            let start = Instant::now();
            get(uri.clone()).await?;
            times.push(start.elapsed());
        }
        times.sort();
        pages.push(Latency {
            label: label.to_owned(),
            p50: percentile(&times, 0.5),
            p95: percentile(&times, 0.95),
            runs,
        });
    }
    Ok(PublicStatistics { dossiers: total, agencies: agencies.len(), snapshot, pages })
}
