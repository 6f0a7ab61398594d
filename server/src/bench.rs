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
        results.push(Latency {
            label: format!("{label}: “{text}”"),
            p50: percentile(&times, 0.50),
            p95: percentile(&times, 0.95),
            runs,
        });
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
    let work = prepared
        .into_iter()
        .map(|(me, drafts)| drafts.into_iter().map(|d| (state.db.clone(), me.clone(), d)).collect())
        .collect();
    let (times, elapsed) = timed_clients(work, |(db, me, submission)| async move {
        app::server::dossiers::submit(&db, &me, &submission, chrono::Utc::now())
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

/// What `bench-queue` measured.
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
    use app::domain::desk::{ActionRequest, DueFilter, Queue, QueueQuery};
    use app::domain::dossier::DossierStatus::*;
    use app::domain::workflow::Action;
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
        batch.push(dossier::ActiveModel {
            code: Set(format!("{}-BENCH{stamp}-{i:06}", agency.code)),
            procedure_id: Set(procedures[i % procedures.len()]),
            agency_id: Set(agency.id),
            applicant_id: Set(receiver.id),
            applicant_name: Set(name.clone()),
            applicant_folded: Set(app::domain::text::fold(&name)),
            status: Set(status.as_str().to_owned()),
            version: Set(1),
            data: Set("{}".into()),
            delivery: Set(r#"{"method":"at_desk"}"#.into()),
            lookup_secret: Set("BENCHSEC".into()),
            submit_key: Set(format!("bench-{stamp}-{i}")),
            submitted_at: Set(submitted),
            updated_at: Set(submitted),
            assignee_id: Set(assignee.then_some(processor.id)),
            assignee_name: Set(assignee.then(|| processor.full_name.clone())),
            accepted_on: Set(accepted.then_some(due - chrono::Duration::days(7))),
            processing_days: Set(5),
            paused_days: Set(0),
            due_on: Set(accepted.then_some(due)),
            due_key: Set(if accepted {
                due
            } else {
                chrono::NaiveDate::from_ymd_opt(9999, 12, 31).unwrap_or_default()
            }),
            ..Default::default()
        });
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
        let first = app::server::desk::queue::queue(db, &processor, &page(Queue::Mine), today).await?;
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
        app::server::desk::queue::queue(db, who, &query, today).await?;
        let mut times = Vec::with_capacity(runs);
        for _ in 0..runs {
            let start = Instant::now();
            app::server::desk::queue::queue(db, who, &query, today).await?;
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
        .filter(dossier::Column::Status.eq(Submitted.as_str()))
        .all(db)
        .await?
        .into_iter()
        .map(|d| d.code)
        .take(800)
        .collect();
    let clients = 8;
    let work = submitted
        .chunks(submitted.len().div_ceil(clients).max(1))
        .map(|codes| codes.iter().map(|code| (db.clone(), receiver.clone(), code.clone())).collect())
        .collect();
    let (times, elapsed) = timed_clients(work, |(db, me, code)| async move {
        let request = ActionRequest { code, action: Some(Action::Accept), version: 1, ..Default::default() };
        app::server::desk::act::act(&db, &me, &request, chrono::Utc::now())
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
