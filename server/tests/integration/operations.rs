//! What operators rely on: the readiness probe follows the database and the
//! file storage, and `/metrics` counts every route for the operator alone.

use crate::common::dossiers::{approve, submit_another, submitted};
use crate::common::{Backend, TestApp, eventually, text};
use app::server::entities::outbox_mail;
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::Request;
use sea_orm::{ActiveModelTrait, ConnectionTrait, Database, Set};
use std::net::SocketAddr;

/// A GET from `peer` (as the listener records it), with extra headers.
async fn get_from(app: &TestApp, uri: &str, peer: Option<[u8; 4]>, headers: &[(&str, &str)]) -> (u16, String) {
    let mut request = Request::get(uri);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let mut request = request.body(Body::empty()).unwrap();
    if let Some(ip) = peer {
        request.extensions_mut().insert(ConnectInfo(SocketAddr::from((ip, 40_000))));
    }
    let (status, _, body) = text(app.send(request).await).await;
    (status, body)
}

const LOOPBACK: Option<[u8; 4]> = Some([127, 0, 0, 1]);

/// The value of the one sample `series` (name and labels, exactly).
fn sample(metrics: &str, series: &str) -> f64 {
    let line = metrics
        .lines()
        .find(|line| line.strip_prefix(series).is_some_and(|rest| rest.starts_with(' ')))
        .unwrap_or_else(|| panic!("{series} in\n{metrics}"));
    line[series.len()..].trim().parse().unwrap()
}

/// Waits (up to 10 s: an answer is reused for 5 s) until `/readyz` answers
/// `expected`; each answer comes at once, whatever the probe finds.
async fn readiness_becomes(app: &TestApp, expected: (u16, &str)) -> bool {
    eventually(std::time::Duration::from_secs(10), || async {
        let started = std::time::Instant::now();
        let (status, _, body) = app.get_text("/readyz").await;
        assert!(started.elapsed() < std::time::Duration::from_secs(4), "no probe waits for a timeout");
        (status, body.as_str()) == expected
    })
    .await
}

async fn readiness_follows_the_database_and_the_storage(backend: Backend) {
    let app = TestApp::start(backend).await;
    assert_eq!(app.get_text("/healthz").await.0, 200);
    let (status, _, body) = app.get_text("/readyz").await;
    assert_eq!((status, body.as_str()), (200, "ready"));
    // The storage cannot take a write: its folder became a file.
    let files = app.files_dir();
    let away = files.with_extension("away");
    std::fs::rename(&files, &away).unwrap();
    std::fs::write(&files, b"not a folder").unwrap();
    // The answer of a moment ago is reused (a public probe must not write on every call)...
    assert_eq!(app.get_text("/readyz").await.0, 200);
    // ...until the next probe finds the storage gone.
    assert!(readiness_becomes(&app, (503, "storage unavailable")).await);
    assert_eq!(app.get_text("/healthz").await.0, 200, "alive, only not ready");
    std::fs::remove_file(&files).unwrap();
    std::fs::rename(&away, &files).unwrap();
    assert!(readiness_becomes(&app, (200, "ready")).await, "ready again by itself");
    // The database is gone.
    app.db.close_by_ref().await.unwrap();
    assert!(readiness_becomes(&app, (503, "database unavailable")).await);
    app.finish().await;
}

async fn metrics_count_every_route_for_the_operator_alone(backend: Backend) {
    let app = TestApp::start(backend).await;
    // Without a token: this machine only, and not through a proxy.
    assert_eq!(get_from(&app, "/metrics", None, &[]).await.0, 404);
    assert_eq!(get_from(&app, "/metrics", Some([203, 0, 113, 5]), &[]).await.0, 404);
    for proxied in ["x-forwarded-for", "x-real-ip", "forwarded"] {
        assert_eq!(get_from(&app, "/metrics", LOOPBACK, &[(proxied, "203.0.113.5")]).await.0, 404, "{proxied}");
    }
    let (status, before) = get_from(&app, "/metrics", LOOPBACK, &[]).await;
    assert_eq!(status, 200, "{before}");

    for (code, expected) in [("1.001193", 200), ("1.001193", 200), ("NO-SUCH-CODE-7f3a", 404)] {
        let (status, body) = get_from(&app, &format!("/procedures/{code}"), None, &[]).await;
        assert_eq!(status, expected, "{code}: {body}");
    }
    app.get_text("/api/v1/procedures").await;
    for method in ["FOO1", "FOO2"] {
        app.send(Request::builder().method(method).uri("/healthz").body(Body::empty()).unwrap()).await;
    }
    let mut visitor = crate::common::Browser::new();
    assert_eq!(visitor.call(&app.router, "list_catalog_filters", &[]).await.status, 200);
    // A notification that failed once and waits for its next try.
    let now = chrono::Utc::now();
    outbox_mail::ActiveModel {
        channel: Set("mail".into()),
        to_address: Set("an@example.vn".into()),
        locale: Set("vi".into()),
        kind: Set("dossier_received".into()),
        params: Set("{}".into()),
        dedupe_key: Set(format!("metrics-{}", uuid::Uuid::new_v4())),
        created_at: Set(now),
        attempts: Set(1),
        next_attempt_at: Set(now + chrono::Duration::days(1)),
        last_error: Set(Some("SMTP 451".into())),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap();

    let (status, metrics) = get_from(&app, "/metrics", LOOPBACK, &[]).await;
    assert_eq!(status, 200);
    let page = r#"{route="/procedures/{code}",method="GET",status="200"}"#;
    let missing = r#"{route="/procedures/{code}",method="GET",status="404"}"#;
    assert_eq!(sample(&metrics, &format!("dvc_http_requests_total{page}")), 2.0);
    assert_eq!(sample(&metrics, &format!("dvc_http_requests_total{missing}")), 1.0);
    assert_eq!(sample(&metrics, r#"dvc_http_request_duration_seconds_count{route="/procedures/{code}"}"#), 3.0);
    assert_eq!(
        sample(&metrics, r#"dvc_http_request_duration_seconds_bucket{route="/procedures/{code}",le="+Inf"}"#),
        3.0
    );
    assert_eq!(
        sample(&metrics, r#"dvc_http_requests_total{route="/api/list_catalog_filters",method="POST",status="200"}"#),
        1.0
    );
    assert_eq!(
        sample(&metrics, r#"dvc_http_requests_total{route="/api/v1/procedures",method="GET",status="200"}"#),
        1.0
    );
    assert!(!metrics.contains("NO-SUCH-CODE"), "labels are the router's patterns, never what a client typed");
    assert_eq!(sample(&metrics, r#"dvc_http_requests_total{route="/healthz",method="OTHER",status="405"}"#), 2.0);
    assert!(!metrics.contains("FOO1"), "nor a method a client made up");
    // The scrapes before this one are counted too.
    assert_eq!(sample(&metrics, r#"dvc_http_requests_total{route="/metrics",method="GET",status="200"}"#), 1.0);
    assert_eq!(sample(&metrics, r#"dvc_http_requests_total{route="/metrics",method="GET",status="404"}"#), 5.0);
    // Read when scraped.
    let backlog = r#"dvc_outbox_backlog{channel="mail"}"#;
    let failing = r#"dvc_outbox_failing{channel="mail"}"#;
    assert_eq!(sample(&metrics, backlog) - sample(&before, backlog), 1.0);
    assert_eq!(sample(&metrics, failing) - sample(&before, failing), 1.0);
    assert_eq!(sample(&metrics, "dvc_payment_orders_pending"), 0.0);
    assert_eq!(sample(&metrics, "dvc_live_subscribers"), 0.0);
    assert_eq!(sample(&metrics, "dvc_db_pool_max"), 10.0);
    assert!(sample(&metrics, "dvc_db_pool_connections") >= 1.0);
    sample(&metrics, r#"dvc_payment_reconciliations_total{outcome="failed"}"#);
    app.finish().await;

    // With a token, only its bearer reads, wherever it is.
    let app = TestApp::start_with_env(backend, &[("DVC_METRICS_TOKEN", "scrape-token-of-the-province")]).await;
    assert_eq!(get_from(&app, "/metrics", LOOPBACK, &[]).await.0, 404);
    let wrong = [("authorization", "Bearer scrape-token-of-the-provincE")];
    assert_eq!(get_from(&app, "/metrics", LOOPBACK, &wrong).await.0, 404);
    let right = [("authorization", "Bearer scrape-token-of-the-province")];
    let (status, body) = get_from(&app, "/metrics", Some([10, 1, 2, 3]), &right).await;
    assert_eq!(status, 200);
    assert!(body.contains("# TYPE dvc_http_request_duration_seconds histogram"), "{body}");
    app.finish().await;

    // Behind a proxy every client comes from it: no token, no metrics.
    let app = TestApp::start_with_env(backend, &[("DVC_TRUST_PROXY", "1")]).await;
    assert_eq!(get_from(&app, "/metrics", LOOPBACK, &[]).await.0, 404);
    app.finish().await;
    let app = TestApp::start_with_env(backend, &[("DVC_PUBLIC_URL", "https://dichvucong.example.vn")]).await;
    assert_eq!(get_from(&app, "/metrics", LOOPBACK, &[]).await.0, 404, "served over TLS: a proxy is in front");
    app.finish().await;
}

/// PostgreSQL away (new connections refused, every open one cut): requests
/// are answered 503 at once, pages say so in Vietnamese, and when it is back
/// the same process serves again and its live hub delivers events again.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_database_outage_is_answered_at_once_and_recovers_without_a_restart() {
    let app = TestApp::start(Backend::Postgres).await;
    let (mut an, _) = submitted(&app, 1).await;
    let (admin_url, name) = app.postgres_database().expect("PostgreSQL");
    let admin = Database::connect(admin_url).await.unwrap();
    admin.execute_unprepared(&format!("ALTER DATABASE {name} ALLOW_CONNECTIONS false")).await.unwrap();
    let cut = format!("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}'");
    admin.execute_unprepared(&cut).await.unwrap();

    let started = std::time::Instant::now();
    let (status, headers, body) = app.get_text("/api/v1/procedures").await;
    assert_eq!(status, 503, "{body}");
    assert_eq!(headers["retry-after"], "30");
    assert!(body.contains("Hệ thống đang tạm gián đoạn"), "{body}");
    assert!(started.elapsed() < std::time::Duration::from_secs(8), "no hang until a timeout: {:?}", started.elapsed());
    assert_eq!(an.call(&app.router, "list_catalog_filters", &[]).await.status, 503, "signed in too");
    let (status, _, page) = app.get_text("/procedures").await;
    assert_eq!(status, 503);
    assert!(page.contains("Hệ thống đang tạm gián đoạn"), "the page says what happened");
    assert_eq!(app.get_text("/readyz").await.0, 503);

    admin.execute_unprepared(&format!("ALTER DATABASE {name} ALLOW_CONNECTIONS true")).await.unwrap();
    let back =
        eventually(std::time::Duration::from_secs(15), || async { app.get_text("/readyz").await.0 == 200 }).await;
    assert!(back, "ready again without a restart");
    assert_eq!(app.get_text("/api/v1/procedures").await.0, 200);
    // The live hub reads the table again: a new dossier reaches a stream.
    let mut stream = an.events(&app.router, None).await;
    assert_eq!(stream.status, 200);
    assert_eq!(stream.next(std::time::Duration::from_secs(5)).await.expect("ready").event, "ready");
    let code = submit_another(&app, &mut an).await;
    let event = stream.next_dossier(std::time::Duration::from_secs(10)).await.expect("the new dossier's event");
    assert_eq!(event.json()["code"], code.as_str(), "{:?}", event.json());
    app.finish().await;
}

/// A restored copy is checked: every dossier's file present and intact,
/// every signed result verifying with the key restored beside it.
async fn a_restored_copy_is_checked_file_by_file_and_result_by_result(backend: Backend) {
    use app::server::entities::{attachment, signed_document};
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let app = TestApp::start_with_env(backend, &[("DVC_OFFICIAL_2FA", "optional")]).await;
    let (_, code) = submitted(&app, 1).await;
    approve(&app, &code, "backup").await;
    let (_, other) = submitted(&app, 2).await;
    let report = server::check_backup(&app.config).await.unwrap();
    assert!(report.is_sound(), "{report}");
    assert_eq!(
        (report.files, report.results),
        (4, 1),
        "two uploads, the proposed result file, the signed result; {report}"
    );
    assert!(report.to_string().ends_with("the copy is complete"));

    // The copy lost one file and the result's bytes changed.
    let result = signed_document::Entity::find().one(&app.db).await.unwrap().unwrap();
    let result_file = attachment::Entity::find_by_id(result.attachment_id.clone()).one(&app.db).await.unwrap().unwrap();
    let mut bytes = std::fs::read(app.stored_path(&result_file.storage_key)).unwrap();
    bytes[20] ^= 1;
    std::fs::write(app.stored_path(&result_file.storage_key), bytes).unwrap();
    let lost = attachment::Entity::find()
        .filter(attachment::Column::DossierId.is_not_null())
        .filter(attachment::Column::FileName.eq("giay-chung-sinh.pdf"))
        .all(&app.db)
        .await
        .unwrap();
    let lost = lost.iter().find(|row| row.id != result_file.id && row.dossier_id.is_some()).unwrap();
    std::fs::remove_file(app.stored_path(&lost.storage_key)).unwrap();
    let report = server::check_backup(&app.config).await.unwrap();
    assert!(!report.is_sound());
    assert_eq!(report.missing.len(), 1, "{report}");
    assert!(report.missing[0].contains("giay-chung-sinh.pdf"), "{report}");
    assert!(
        report.missing[0].starts_with(&code) || report.missing[0].starts_with(&other),
        "names the dossier: {report}"
    );
    assert_eq!(report.altered.len(), 1, "{report}");
    assert_eq!(report.invalid_results, vec![result.code.clone()]);

    // Restored with another key, no result verifies.
    std::fs::remove_file(app.stored_path(&result_file.storage_key)).ok();
    let key = app.files_dir().with_extension("other-key.pem");
    app::server::signing::Signer::load_or_create(&key).unwrap();
    let mut config = app.config.clone();
    config.signing_key_file = Some(key);
    let report = server::check_backup(&config).await.unwrap();
    assert_eq!(report.invalid_results, vec![result.code]);
    app.finish().await;
}

/// What a crash leaves between writing a file and committing its row is
/// swept once it is old; a file being uploaded now, and every file a row
/// points at, stay.
async fn stored_files_nothing_points_at_are_swept_after_a_grace_period(backend: Backend) {
    use app::server::attachments::{ORPHAN_GRACE, sweep_orphans};
    use app::server::entities::attachment;
    use object_store::ObjectStoreExt;
    use sea_orm::EntityTrait;
    let app = TestApp::start(backend).await;
    submitted(&app, 1).await;
    let kept = attachment::Entity::find().one(&app.db).await.unwrap().unwrap().storage_key;
    for key in ["attachments/left-by-a-crash", "attachments/being-uploaded"] {
        app.files.store.put(&object_store::path::Path::from(key), b"%PDF-1.7".as_slice().into()).await.unwrap();
    }
    let two_days_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(2 * 24 * 3600);
    for key in ["attachments/left-by-a-crash", kept.as_str()] {
        let file = std::fs::File::options().write(true).open(app.stored_path(key)).unwrap();
        file.set_modified(two_days_ago).unwrap();
    }
    let swept = sweep_orphans(&app.db, &app.files, chrono::Utc::now(), ORPHAN_GRACE).await.unwrap();
    assert_eq!(swept, 1);
    assert!(!app.stored_path("attachments/left-by-a-crash").exists());
    assert!(app.stored_path("attachments/being-uploaded").exists(), "within the grace period");
    assert!(app.stored_path(&kept).exists(), "a dossier points at it");
    assert!(server::check_backup(&app.config).await.unwrap().is_sound());
    // Most old files without a row: the wrong database, not a crash. Nothing goes.
    for n in 0..11 {
        let key = format!("attachments/foreign-{n}");
        app.files.store.put(&object_store::path::Path::from(key.as_str()), b"%PDF".as_slice().into()).await.unwrap();
        let file = std::fs::File::options().write(true).open(app.stored_path(&key)).unwrap();
        file.set_modified(two_days_ago).unwrap();
    }
    assert!(sweep_orphans(&app.db, &app.files, chrono::Utc::now(), ORPHAN_GRACE).await.is_err());
    assert!(app.stored_path("attachments/foreign-0").exists() && app.stored_path(&kept).exists());
    app.finish().await;
}

/// The S3-compatible server `make test` starts (s3s-fs), with its bucket `dvc-test`.
fn test_bucket() -> String {
    std::env::var("TEST_S3_URL").unwrap_or_else(|_| {
        panic!("these tests need an S3-compatible server: `make test` starts s3s-fs; or set TEST_S3_URL (bucket dvc-test, keys dvc-test / dvc-test-secret)")
    })
}

/// Files, scans and results in an S3-compatible bucket instead of the local
/// folder: uploaded (in parts when large), downloaded, signed, checked.
async fn files_live_in_an_s3_bucket_when_configured(backend: Backend) {
    use app::server::entities::attachment;
    use sea_orm::{EntityTrait, PaginatorTrait};
    let endpoint = test_bucket();
    let storage = format!("s3://dvc-test/{}", uuid::Uuid::new_v4().simple());
    let vars = [
        ("DVC_STORAGE_URL", storage.as_str()),
        ("DVC_S3_ENDPOINT", endpoint.as_str()),
        ("AWS_ACCESS_KEY_ID", "dvc-test"),
        ("AWS_SECRET_ACCESS_KEY", "dvc-test-secret"),
        ("DVC_OFFICIAL_2FA", "optional"),
    ];
    let app = TestApp::start_with_env(backend, &vars).await;
    assert_eq!(app.get_text("/readyz").await.0, 200, "the bucket takes a write");
    let (mut an, code) = submitted(&app, 1).await;
    approve(&app, &code, "bucket").await;
    // A file larger than one part (5 MiB) goes up in parts.
    let (draft, _) =
        crate::common::dossiers::new_draft(&app, &mut an, crate::common::dossiers::birth_declaration()).await;
    let large = crate::common::pdf(6 * 1024 * 1024);
    let uploaded = an.upload(&app.router, &draft, 2, &[("giay-chung-sinh-ban-quet.pdf", &large)]).await;
    assert_eq!(uploaded.status, 201, "{}", uploaded.body);
    let id = uploaded.json()[0]["id"].as_str().unwrap().to_owned();
    let downloaded = an.get(&app.router, &format!("/attachments/{id}")).await;
    assert_eq!(downloaded.status, 200);
    assert!(downloaded.bytes == large, "the same bytes back ({} of {})", downloaded.bytes.len(), large.len());
    // Nothing on the local disk: it is all in the bucket.
    assert_eq!(app.stored_files(), 0);
    let report = server::check_backup(&app.config).await.unwrap();
    assert!(report.is_sound(), "{report}");
    assert_eq!((report.files, report.results), (3, 1), "the upload, the proposed and the signed result; {report}");
    app.finish().await;

    // The bucket unreachable: not ready, an upload fails and leaves no row.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap();
    let dead = format!("http://{closed}");
    let vars = [vars[0], ("DVC_S3_ENDPOINT", dead.as_str()), vars[2], vars[3], vars[4]];
    let app = TestApp::start_with_env(backend, &vars).await;
    let (status, _, body) = app.get_text("/readyz").await;
    assert_eq!((status, body.as_str()), (503, "storage unavailable"));
    let mut citizen = crate::common::citizen(&app.router, 2).await;
    let (draft, _) =
        crate::common::dossiers::new_draft(&app, &mut citizen, crate::common::dossiers::birth_declaration()).await;
    let refused = citizen.upload(&app.router, &draft, 2, &[("giay-chung-sinh.pdf", &crate::common::pdf(100))]).await;
    // Answered as the portal being briefly away (the page says so in Vietnamese): retry later.
    assert_eq!((refused.status, refused.body.as_str()), (503, "\"Unavailable\""));
    assert_eq!(attachment::Entity::find().count(&app.db).await.unwrap(), 0, "nothing points at an unwritten file");
    app.finish().await;
}

on_both_databases!(
    files_live_in_an_s3_bucket_when_configured,
    stored_files_nothing_points_at_are_swept_after_a_grace_period,
    readiness_follows_the_database_and_the_storage,
    metrics_count_every_route_for_the_operator_alone,
    a_restored_copy_is_checked_file_by_file_and_result_by_result
);
