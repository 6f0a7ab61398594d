//! Webhooks of an agency, delivered over real HTTP to a receiver served by
//! the test: each delivery signed with the endpoint's secret and its time
//! (checked here with an HMAC written from RFC 2104 on bare SHA-256, not
//! with the product's HMAC crate), told once, only to the agency that holds
//! the dossier and only for the kinds asked for; a failing endpoint retried
//! with backoff, paused after `PAUSE_AFTER` failures in a row with its owner
//! mailed, and resumed with nothing lost.

use crate::common::dossiers::{count, official, step, submitted};
use crate::common::{Backend, Browser, TestApp};
use app::domain::access::Role;
use app::domain::webhook::{PAUSE_AFTER, SIGNATURE_TOLERANCE_SECS};
use app::server::entities::{audit_entry, outbox_mail, webhook, webhook_delivery};
use app::server::webhooks::{Sender, deliver_due};
use axum::http::HeaderMap;
use chrono::{DateTime, Duration, SubsecRound, Utc};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use std::sync::atomic::{AtomicU16, Ordering};
use std::sync::{Arc, Mutex};

/// UBND phường Bến Thành, where the test dossiers are filed.
const AGENCY: &str = "000.20.01.H29";
/// Another agency.
const OTHER: &str = "000.00.31.H29";

/// The app, with endpoints on this machine allowed and its own worker idle
/// (the test runs the passes itself, at the times it chooses).
async fn start(backend: Backend, local: bool) -> TestApp {
    let local = if local { "1" } else { "0" };
    TestApp::start_with_env(
        backend,
        &[("DVC_OFFICIAL_2FA", "optional"), ("DVC_WEBHOOKS_LOCAL", local), ("DVC_WEBHOOK_SECS", "86400")],
    )
    .await
}

/// HMAC-SHA256 as RFC 2104 defines it, on SHA-256 alone.
fn hmac_sha256(key: &[u8], message: &[u8]) -> String {
    let mut block = [0u8; 64];
    if key.len() > 64 {
        block[..32].copy_from_slice(&Sha256::digest(key));
    } else {
        block[..key.len()].copy_from_slice(key);
    }
    let inner = Sha256::new().chain_update(block.map(|b| b ^ 0x36)).chain_update(message).finalize();
    let outer = Sha256::new().chain_update(block.map(|b| b ^ 0x5c)).chain_update(inner).finalize();
    outer.iter().map(|b| format!("{b:02x}")).collect()
}

/// Whether `header` (`t=…,v1=…`) signs `body` with `secret`, made within
/// the tolerance of `now`.
fn verifies(header: &str, body: &str, secret: &str, now: DateTime<Utc>) -> bool {
    let part = |name: &str| header.split(',').find_map(|p| p.strip_prefix(name)).unwrap_or_default().to_owned();
    let Ok(at) = part("t=").parse::<i64>() else { return false };
    (now.timestamp() - at).abs() <= SIGNATURE_TOLERANCE_SECS
        && hmac_sha256(secret.as_bytes(), format!("{at}.{body}").as_bytes()) == part("v1=")
}

/// A receiving system on a local port: what it was sent, and the status it answers.
struct Receiver {
    url: String,
    got: Arc<Mutex<Vec<(HeaderMap, String)>>>,
    answer: Arc<AtomicU16>,
}

impl Receiver {
    async fn start() -> Self {
        let got = Arc::new(Mutex::new(Vec::new()));
        let answer = Arc::new(AtomicU16::new(200));
        let (kept, status) = (got.clone(), answer.clone());
        let router = axum::Router::new().route(
            "/hook",
            axum::routing::post(move |headers: HeaderMap, body: String| {
                let (kept, status) = (kept.clone(), status.clone());
                async move {
                    kept.lock().unwrap().push((headers, body));
                    let code = axum::http::StatusCode::from_u16(status.load(Ordering::SeqCst)).unwrap();
                    (code, if code.is_success() { "đã nhận" } else { "tạm ngừng" })
                }
            }),
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/hook", listener.local_addr().unwrap());
        let timeout = std::time::Duration::from_secs(5);
        tokio::spawn(server::listen::serve(listener, router, timeout, std::future::pending()));
        Self { url, got, answer }
    }

    fn got(&self) -> Vec<(HeaderMap, String)> {
        self.got.lock().unwrap().clone()
    }
}

fn header(headers: &HeaderMap, name: &str) -> String {
    headers.get(name).map(|v| v.to_str().unwrap().to_owned()).unwrap_or_default()
}

/// Registers `url` for `events` (form fields, e.g. `events[2]`): (status, reply).
async fn register(app: &TestApp, admin: &mut Browser, url: &str, events: &[(&str, &str)]) -> (u16, Value) {
    let mut fields = vec![("url", url)];
    fields.extend_from_slice(events);
    let reply = admin.call(&app.router, "create_webhook", &fields).await;
    (reply.status, serde_json::from_str(&reply.body).unwrap_or(Value::Null))
}

async fn deliveries(app: &TestApp) -> Vec<webhook_delivery::Model> {
    webhook_delivery::Entity::find().order_by_asc(webhook_delivery::Column::Id).all(&app.db).await.unwrap()
}

/// Asks for `change` (`test`, `resume`, `remove`) of endpoint `id`: the status.
async fn change(app: &TestApp, admin: &mut Browser, id: i64, change: &str) -> u16 {
    let id = id.to_string();
    let reply = admin.call(&app.router, "change_webhook", &[("id", id.as_str()), ("change", change)]).await;
    reply.status
}

async fn audited(app: &TestApp, action: &str) -> usize {
    audit_entry::Entity::find().filter(audit_entry::Column::Action.eq(action)).all(&app.db).await.unwrap().len()
}

async fn hook(app: &TestApp, id: i64) -> webhook::Model {
    webhook::Entity::find_by_id(id as i32).one(&app.db).await.unwrap().unwrap()
}

async fn deliveries_are_signed_and_verify_with_an_independent_hmac(backend: Backend) {
    // The check itself, on RFC 4231's second test case.
    assert_eq!(
        hmac_sha256(b"Jefe", b"what do ya want for nothing?"),
        "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
    );
    let app = start(backend, true).await;
    let receiver = Receiver::start().await;
    let mut admin = official(&app, "quantri.wh@test.dvc.vn", AGENCY, &[Role::AgencyAdmin]).await;
    // Filed and finished, not every step (a form with a gap between its boxes).
    let (status, created) =
        register(&app, &mut admin, &receiver.url, &[("events[0]", "dossier.filed"), ("events[2]", "dossier.finished")])
            .await;
    assert_eq!(status, 200, "{created}");
    let secret = created["secret"].as_str().unwrap().to_owned();
    assert!(secret.starts_with("whsec_") && secret.len() == 70, "{secret}");
    let stored = hook(&app, created["id"].as_i64().unwrap()).await;
    assert_eq!(stored.events, "dossier.filed,dossier.finished");
    assert_eq!(audited(&app, "webhook.create").await, 1);
    // Another agency's endpoint hears nothing of this agency's dossiers.
    let mut other = official(&app, "quantri.khac.wh@test.dvc.vn", OTHER, &[Role::AgencyAdmin]).await;
    let (status, _) = register(&app, &mut other, &receiver.url, &[("events[0]", "dossier.filed")]).await;
    assert_eq!(status, 200);

    let (_, code) = submitted(&app, 31).await;
    let queued = deliveries(&app).await;
    assert_eq!(queued.len(), 1, "one delivery, to the agency holding the dossier");
    let sender = Sender::new(true).unwrap();
    let now = Utc::now();
    assert_eq!(deliver_due(&app.db, &sender, now).await.unwrap(), 1);
    let got = receiver.got();
    assert_eq!(got.len(), 1);
    let (headers, body) = &got[0];
    assert_eq!(header(headers, "x-dvc-event"), "dossier.filed");
    assert_eq!(header(headers, "x-dvc-delivery"), queued[0].id.to_string());
    assert_eq!(header(headers, "content-type"), "application/json");
    let signature = header(headers, "x-dvc-signature");
    assert!(verifies(&signature, body, &secret, now), "{signature}");
    // The same check refuses a changed body, another secret and an old signature.
    assert!(!verifies(&signature, &body.replace("submitted", "accepted"), &secret, now));
    assert!(!verifies(&signature, body, &format!("{secret}x"), now));
    assert!(!verifies(&signature, body, &secret, now + Duration::seconds(SIGNATURE_TOLERANCE_SECS + 60)));
    let told: Value = serde_json::from_str(body).unwrap();
    assert_eq!(told["type"], "dossier.filed");
    assert_eq!(told["data"]["dossier_code"], code.as_str());
    assert_eq!(told["data"]["status"], "submitted");
    assert_eq!(told["data"]["agency_code"], AGENCY);
    assert!(!body.contains("Nguyễn"), "no personal data travels: {body}");

    // The page's list: delivered, with the endpoint's answer.
    let listed = admin.call(&app.router, "list_webhooks", &[]).await;
    assert_eq!(listed.status, 200, "{}", listed.body);
    let listed = listed.json();
    assert_eq!(listed.as_array().unwrap().len(), 1, "only the agency's own endpoint");
    let delivery = &listed[0]["deliveries"][0];
    assert_eq!(delivery["state"], "Delivered");
    assert_eq!(delivery["response_status"], 200);
    assert_eq!(delivery["response"], "đã nhận");
    assert_eq!(delivery["dossier_code"], code.as_str());
    assert!(!listed.to_string().contains(&secret), "the secret is never shown again");

    // A step the endpoint did not ask for is not told; nothing is sent twice.
    let mut desk = official(&app, "tiepnhan.wh@test.dvc.vn", AGENCY, &[Role::Receiver]).await;
    step(&app, &mut desk, &code, 1, "accept", json!({})).await;
    assert_eq!(deliveries(&app).await.len(), 1);
    assert_eq!(deliver_due(&app.db, &sender, now + Duration::hours(2)).await.unwrap(), 0);
    assert_eq!(receiver.got().len(), 1);
    app.finish().await;
}

async fn a_failing_endpoint_is_retried_with_backoff_then_paused_and_its_owner_told(backend: Backend) {
    let app = start(backend, true).await;
    let receiver = Receiver::start().await;
    receiver.answer.store(503, Ordering::SeqCst);
    let mut admin = official(&app, "quantri.loi@test.dvc.vn", AGENCY, &[Role::AgencyAdmin]).await;
    let (status, created) = register(&app, &mut admin, &receiver.url, &[("events[1]", "dossier.step")]).await;
    assert_eq!(status, 200, "{created}");
    let id = created["id"].as_i64().unwrap();
    assert_eq!(change(&app, &mut admin, id, "test").await, 200);
    let sender = Sender::new(true).unwrap();
    // In whole microseconds, as the databases keep times.
    let mut now = Utc::now().trunc_subsecs(6);
    assert_eq!(deliver_due(&app.db, &sender, now).await.unwrap(), 0);
    assert_eq!(receiver.got().len(), 1);
    let row = deliveries(&app).await.remove(0);
    assert_eq!((row.attempts, row.response_status), (1, Some(503)));
    assert_eq!(row.response.as_deref(), Some("tạm ngừng"));
    assert!(row.next_attempt_at >= now + Duration::seconds(30), "retried after a wait");
    // Not before its time.
    deliver_due(&app.db, &sender, now + Duration::seconds(10)).await.unwrap();
    assert_eq!(receiver.got().len(), 1);
    // Each retry waits longer, and is signed again with its own time.
    let mut waits = Vec::new();
    for attempt in 2..=PAUSE_AFTER {
        let row = deliveries(&app).await.remove(0);
        waits.push(row.next_attempt_at - now);
        now = row.next_attempt_at;
        app.clock.set(now);
        deliver_due(&app.db, &sender, now).await.unwrap();
        assert_eq!(receiver.got().len(), attempt as usize);
    }
    let waits: Vec<i64> = waits.iter().map(|w| w.num_seconds()).collect();
    assert!(waits.windows(2).all(|w| w[1] >= w[0]) && waits[0] >= 30, "backoff grows: {waits:?}");
    // Each attempt is signed at the machine's time when sent (the workflow
    // clock moved hours ahead meanwhile), so the receiver takes every one.
    let secret = created["secret"].as_str().unwrap();
    for (headers, body) in receiver.got() {
        assert!(verifies(&header(&headers, "x-dvc-signature"), &body, secret, Utc::now()));
    }

    // Paused, and whoever registered it is mailed once.
    let paused = hook(&app, id).await;
    assert!(paused.paused_at.is_some());
    assert_eq!(paused.failures, PAUSE_AFTER);
    let mails =
        outbox_mail::Entity::find().filter(outbox_mail::Column::Kind.eq("webhook_paused")).all(&app.db).await.unwrap();
    assert_eq!(mails.len(), 1);
    assert_eq!(mails[0].to_address, "quantri.loi@test.dvc.vn");
    let (subject, text) = app::server::mail::render(&mails[0], "https://dichvucong.example.vn");
    assert!(subject.contains("tạm dừng"), "{subject}");
    assert!(text.contains(&receiver.url) && text.contains("/dashboard/webhooks"), "{text}");
    // A paused endpoint is not tried, and events meanwhile wait for it.
    deliver_due(&app.db, &sender, now + Duration::days(1)).await.unwrap();
    assert_eq!(receiver.got().len(), PAUSE_AFTER as usize);
    let (_, code) = submitted(&app, 32).await;
    let mut desk = official(&app, "tiepnhan.loi@test.dvc.vn", AGENCY, &[Role::Receiver]).await;
    step(&app, &mut desk, &code, 1, "accept", json!({})).await;
    assert_eq!(deliveries(&app).await.len(), 2, "the step waits for the endpoint");
    deliver_due(&app.db, &sender, now + Duration::days(1)).await.unwrap();
    assert_eq!(receiver.got().len(), PAUSE_AFTER as usize);
    let listed = admin.call(&app.router, "list_webhooks", &[]).await.json();
    assert!(listed[0]["paused_at"].is_string());

    // The receiver is fixed; the administrator resumes (audited): both go, once.
    receiver.answer.store(200, Ordering::SeqCst);
    assert_eq!(change(&app, &mut admin, id, "resume").await, 200);
    assert_eq!(change(&app, &mut admin, id, "resume").await, 409, "it is not paused any more");
    let resumed_at = app.clock.now() + Duration::seconds(1);
    assert_eq!(deliver_due(&app.db, &sender, resumed_at).await.unwrap(), 2);
    assert_eq!(deliver_due(&app.db, &sender, resumed_at + Duration::hours(2)).await.unwrap(), 0);
    let got = receiver.got();
    assert_eq!(got.len(), PAUSE_AFTER as usize + 2);
    assert_eq!(header(&got[got.len() - 1].0, "x-dvc-event"), "dossier.step");
    let again = hook(&app, id).await;
    assert_eq!((again.paused_at, again.failures), (None, 0));
    assert_eq!(audited(&app, "webhook.resume").await, 1);
    app.finish().await;
}

async fn administrators_register_only_public_endpoints_of_their_own_agency(backend: Backend) {
    let app = start(backend, false).await;
    let mut admin = official(&app, "quantri.dk@test.dvc.vn", AGENCY, &[Role::AgencyAdmin]).await;
    let step = [("events[1]", "dossier.step")];
    // Refused, with the field named, and nothing kept.
    for (url, events, field, rule) in [
        ("http://archive.example.vn/hook", &step[..], "url", "WebhookHttps"),
        ("https://10.0.0.7/hook", &step[..], "url", "WebhookAddress"),
        ("https://169.254.169.254/latest", &step[..], "url", "WebhookAddress"),
        ("https://localhost/hook", &step[..], "url", "WebhookAddress"),
        ("https://archive.example.vn:6379/hook", &step[..], "url", "WebhookAddress"),
        ("https://archive.example.vn/hook", &[][..], "events", "TooFewChoices"),
        ("https://archive.example.vn/hook", &[("events[0]", "test")][..], "events", "NotAnOption"),
        ("https://archive.example.vn/hook", &[("events[0]", "dossier.deleted")][..], "events", "NotAnOption"),
    ] {
        let (status, reply) = register(&app, &mut admin, url, events).await;
        assert_eq!(status, 422, "{url}: {reply}");
        assert!(reply.to_string().contains(field) && reply.to_string().contains(rule), "{url}: {reply}");
    }
    assert_eq!(count(&app, "webhooks").await, 0);
    let (status, created) = register(&app, &mut admin, "https://archive.example.vn/hook", &step).await;
    assert_eq!(status, 200, "{created}");
    let id = created["id"].as_i64().unwrap();

    // Another agency's administrator neither sees it nor touches it.
    let mut other = official(&app, "quantri.khac.dk@test.dvc.vn", OTHER, &[Role::AgencyAdmin]).await;
    assert_eq!(other.call(&app.router, "list_webhooks", &[]).await.json(), json!([]));
    for what in ["test", "resume", "remove"] {
        assert_eq!(change(&app, &mut other, id, what).await, 404, "{what}");
    }
    assert_eq!(change(&app, &mut admin, id, "explode").await, 422);
    // Officials without the role, and citizens, are refused.
    let mut desk = official(&app, "tiepnhan.dk@test.dvc.vn", AGENCY, &[Role::Receiver]).await;
    assert_eq!(desk.call(&app.router, "list_webhooks", &[]).await.status, 403);
    let (mut citizen, _) = submitted(&app, 33).await;
    assert_eq!(citizen.call(&app.router, "list_webhooks", &[]).await.status, 403);
    assert_eq!(count(&app, "webhook_deliveries").await, 0, "a step-only endpoint is not told of a filing");

    // Removed (audited): its waiting deliveries are never sent.
    assert_eq!(change(&app, &mut admin, id, "test").await, 200);
    assert_eq!(change(&app, &mut admin, id, "test").await, 409, "a test waits for the one before it");
    assert_eq!(change(&app, &mut admin, id, "remove").await, 200);
    assert_eq!(audited(&app, "webhook.remove").await, 1);
    assert_eq!(admin.call(&app.router, "list_webhooks", &[]).await.json(), json!([]));
    let sender = Sender::new(false).unwrap();
    assert_eq!(deliver_due(&app.db, &sender, Utc::now()).await.unwrap(), 0);
    assert!(deliveries(&app).await.is_empty(), "what waited for it is dropped");
    assert_eq!(change(&app, &mut admin, id, "test").await, 404, "a removed endpoint is gone");
    app.finish().await;
}

on_both_databases!(
    deliveries_are_signed_and_verify_with_an_independent_hmac,
    a_failing_endpoint_is_retried_with_backoff_then_paused_and_its_owner_told,
    administrators_register_only_public_endpoints_of_their_own_agency,
);
