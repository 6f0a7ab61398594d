//! Synchronisation with the national portal, against the portal's sandbox
//! served by the app itself over real HTTP: every event of every dossier
//! reaches it once, in order, ending on the dossier's status; an outage loses
//! nothing; a message missing a mandatory field is refused and waits for a
//! resend, holding back its dossier's later messages.

use crate::common::dossiers::{act, approve, count, exec, official, step, submitted};
use crate::common::{Backend, TestApp, eventually, text};
use app::domain::access::Role;
use app::server::entities::{dossier, dossier_event, national_sync};
use axum::body::Body;
use axum::http::Request;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde_json::{Value, json};
use std::time::Duration;

const AGENCY: &str = "000.20.01.H29";

async fn start(backend: Backend) -> TestApp {
    TestApp::start_served(
        backend,
        &[("DVC_OFFICIAL_2FA", "optional"), ("DVC_NATIONAL_SANDBOX", "1"), ("DVC_NATIONAL_SYNC_SECS", "1")],
    )
    .await
}

const TOKEN: &str = app::server::national::sandbox::DEMO_TOKEN;

/// What the sandbox received about `code`, oldest first.
pub(crate) async fn received(app: &TestApp, code: &str) -> Vec<Value> {
    let uri = format!("/sandbox/national/dossiers/{code}");
    let request = Request::get(&uri).header("authorization", format!("Bearer {TOKEN}")).body(Body::empty()).unwrap();
    let (status, _, body) = text(app.send(request).await).await;
    assert_eq!(status, 200, "{body}");
    // Without the sandbox's token, nothing is shown.
    assert_eq!(app.get(&uri).await.status(), 403);
    serde_json::from_str::<Value>(&body).unwrap().as_array().unwrap().clone()
}

/// The dossier's events, oldest first: (id, national status).
async fn events_of(app: &TestApp, code: &str) -> Vec<(i64, u8)> {
    let row = dossier::Entity::find().filter(dossier::Column::Code.eq(code)).one(&app.db).await.unwrap().unwrap();
    dossier_event::Entity::find()
        .filter(dossier_event::Column::DossierId.eq(row.id))
        .order_by_asc(dossier_event::Column::Id)
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|e| (e.id, e.to_status.national_code().unwrap()))
        .collect()
}

async fn national_status(app: &TestApp, code: &str) -> u8 {
    let row = dossier::Entity::find().filter(dossier::Column::Code.eq(code)).one(&app.db).await.unwrap().unwrap();
    row.status.national_code().unwrap()
}

/// The outbox's rows, oldest first.
async fn outbox(app: &TestApp) -> Vec<national_sync::Model> {
    national_sync::Entity::find().order_by_asc(national_sync::Column::Id).all(&app.db).await.unwrap()
}

/// Waits until every message of the outbox was sent.
pub(crate) async fn all_sent(app: &TestApp) -> bool {
    eventually(Duration::from_secs(30), || async {
        outbox(app).await.iter().all(|row| row.state == app::domain::national::SyncState::Sent)
    })
    .await
}

/// The sandbox received exactly the dossier's events, once each, in their
/// order: the dossier record first, then a step each, ending on its status.
async fn assert_in_step(app: &TestApp, code: &str) {
    let got = received(app, code).await;
    let events = events_of(app, code).await;
    let keys: Vec<String> = got.iter().map(|m| m["key"].as_str().unwrap().to_owned()).collect();
    let ids: Vec<String> = events.iter().map(|(id, _)| id.to_string()).collect();
    assert_eq!(keys, ids, "{code}: one message per event, in order");
    let statuses: Vec<u64> = got.iter().map(|m| m["status"].as_u64().unwrap()).collect();
    let expected: Vec<u64> = events.iter().map(|(_, status)| u64::from(*status)).collect();
    assert_eq!(statuses, expected, "{code}");
    assert!(got.iter().all(|m| m["repeats"] == 0), "{code}: nothing received twice: {got:?}");
    assert_eq!(got[0]["service"], "DongBoHoSoMC");
    assert!(got[1..].iter().all(|m| m["service"] == "CapNhatTienDoHoSoMC"), "{got:?}");
    assert_eq!(
        *statuses.last().unwrap(),
        u64::from(national_status(app, code).await),
        "{code}: the last synced status"
    );
}

async fn set_mode(app: &TestApp, mode: &str) {
    let form = |token: &str| {
        Request::post("/sandbox/national/mode")
            .header("authorization", format!("Bearer {token}"))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(Body::from(format!("mode={mode}")))
            .unwrap()
    };
    assert_eq!(app.send(form("not-the-token")).await.status(), 403, "only a tester with the token");
    assert_eq!(app.send(form(TOKEN)).await.status(), 204);
}

async fn every_step_reaches_the_national_portal_in_order(backend: Backend) {
    let app = start(backend).await;
    // Received, accepted, taken, proposed, approved and returned at the desk.
    let (_, returned) = submitted(&app, 1).await;
    let (mut receiver, v) = approve(&app, &returned, "a").await;
    step(&app, &mut receiver, &returned, v, "return_at_desk", json!({"reference": "Nguyễn Văn An"})).await;
    // A supplement asked for at the desk.
    let (_, supplement) = submitted(&app, 2).await;
    let items = json!({"items": [{"target": "documents.2", "label": "", "reason": "Bản chụp mờ"}]});
    step(&app, &mut receiver, &supplement, 1, "request_supplement", items).await;
    // Not accepted, citing a legal basis.
    let (_, refused) = submitted(&app, 3).await;
    let case = receiver.call(&app.router, "get_case", &[("code", &refused)]).await.json();
    let basis = case["legal_bases"][0][0].as_i64().unwrap();
    let refusal = json!({"note": "Không thuộc thẩm quyền", "legal_basis": basis});
    step(&app, &mut receiver, &refused, 1, "refuse_to_accept", refusal).await;
    // Withdrawn by the citizen before it was accepted.
    let (mut citizen, withdrawn) = submitted(&app, 4).await;
    let reply = citizen.call(&app.router, "withdraw_dossier", &[("code", &withdrawn), ("reason", "Nộp nhầm")]).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    // Stopped: a refusal proposed by the processor, decided by the approver.
    let (_, stopped) = submitted(&app, 5).await;
    let mut processor = official(&app, "xuly.b@test.dvc.vn", AGENCY, &[Role::Processor]).await;
    let mut approver = official(&app, "lanhdao.b@test.dvc.vn", AGENCY, &[Role::Approver]).await;
    let v = step(&app, &mut receiver, &stopped, 1, "accept", json!({})).await;
    let v = step(&app, &mut processor, &stopped, v, "take", json!({})).await;
    let v = step(&app, &mut processor, &stopped, v, "propose_refusal", json!({"note": "Không đủ điều kiện"})).await;
    let stop = json!({"note": "Không đủ điều kiện", "legal_basis": basis});
    step(&app, &mut approver, &stopped, v, "stop", stop).await;

    assert!(all_sent(&app).await, "the outbox drained: {:?}", outbox(&app).await);
    for code in [&returned, &supplement, &refused, &withdrawn, &stopped] {
        assert_in_step(&app, code).await;
    }
    let statuses = |list: Vec<Value>| list.iter().map(|m| m["status"].as_u64().unwrap()).collect::<Vec<_>>();
    assert_eq!(statuses(received(&app, &returned).await), [1, 2, 4, 4, 9, 10]);
    assert_eq!(statuses(received(&app, &supplement).await), [1, 5]);
    assert_eq!(statuses(received(&app, &refused).await), [1, 3]);
    assert_eq!(statuses(received(&app, &withdrawn).await), [1, 7]);
    assert_eq!(statuses(received(&app, &stopped).await), [1, 2, 4, 4, 8]);

    // The dossier record carries what the portal asks for, by its names.
    let list = received(&app, &returned).await;
    let record = &list[0]["message"]["data"][0];
    assert_eq!(record["MaHoSo"], returned.as_str());
    assert_eq!(record["MaTTHC"], "1.001193");
    assert_eq!(record["KenhThucHien"], "2", "filed online");
    assert_eq!(record["LoaiDoiTuong"], "1", "a citizen");
    assert_eq!(record["TrangThaiHoSo"], "1");
    assert_eq!(record["TaiLieuNop"][0]["TenTepDinhKem"], "giay-chung-sinh.pdf");
    assert!(record["DonViXuLy"].as_str().unwrap().contains("Bến Thành"), "{record}");
    assert_eq!(record["NgayTiepNhan"].as_str().unwrap().len(), 14, "yyyyMMddHHmmss: {record}");
    // Each step says who did what, in which role.
    let accepted = &list[1]["message"]["data"][0];
    assert_eq!(accepted["NguoiXuLy"], "Lê Thị Thu");
    assert_eq!(accepted["ChucDanh"], "Bộ phận một cửa (tiếp nhận, trả kết quả)");
    assert_eq!(accepted["TrangThai"], "2");
    assert!(accepted["NoiDungXuLy"].as_str().unwrap().to_lowercase().contains("tiếp nhận"), "{accepted}");
    app.finish().await;
}

async fn with_the_portal_down_nothing_is_lost_reordered_or_sent_twice(backend: Backend) {
    let app = start(backend).await;
    set_mode(&app, "failing").await;
    let (_, code) = submitted(&app, 1).await;
    let mut receiver = official(&app, "tiepnhan@benthanh.vn", AGENCY, &[Role::Receiver]).await;
    let mut processor = official(&app, "xuly@benthanh.vn", AGENCY, &[Role::Processor]).await;
    let v = step(&app, &mut receiver, &code, 1, "accept", json!({})).await;
    step(&app, &mut processor, &code, v, "take", json!({})).await;

    // The dossier record was tried and refused by the outage; the steps wait behind it.
    let tried = eventually(Duration::from_secs(20), || async { outbox(&app).await[0].last_error.is_some() }).await;
    assert!(tried, "the first message was tried");
    let rows = outbox(&app).await;
    assert_eq!(rows.len(), 3);
    assert!(rows[0].last_error.as_deref().unwrap_or_default().contains("503"), "{:?}", rows[0]);
    assert_eq!(rows[0].state, app::domain::national::SyncState::Pending, "retried later, not given up");
    assert!(rows[1..].iter().all(|row| row.attempts == 0), "nothing overtakes it: {rows:?}");
    assert!(received(&app, &code).await.is_empty());

    // A second instance works the same outbox; the portal comes back, the retry is due.
    let _second = app.second_instance().await;
    set_mode(&app, "working").await;
    app.clock.advance(chrono::Duration::hours(2));
    assert!(all_sent(&app).await, "{:?}", outbox(&app).await);
    assert_in_step(&app, &code).await;
    app.finish().await;
}

async fn a_message_missing_a_mandatory_field_is_refused_and_waits_for_a_resend(backend: Backend) {
    let app = start(backend).await;
    let post = |service: &str, token: &str, key: &str, body: Value| {
        Request::post(format!("/sandbox/national/api/{service}"))
            .header("authorization", format!("Bearer {token}"))
            .header("idempotency-key", key)
            .header("content-type", "application/json")
            .body(Body::from(body.to_string()))
            .unwrap()
    };
    let token = TOKEN;
    // The sandbox refuses, as the portal does: the missing field named, nothing kept.
    let record = json!({"MaHoSo": "000.20.01.H29-261207-9999", "MaTTHC": "", "TenTTHC": "Đăng ký khai sinh",
        "MaLinhVuc": "G09-TP-HT", "TenLinhVuc": "Hộ tịch", "KenhThucHien": "2", "ChuHoSo": "An", "LoaiDoiTuong": "1",
        "TrichYeuHoSo": "Đăng ký khai sinh", "NgayTiepNhan": "20261207093000", "TrangThaiHoSo": "1",
        "HinhThuc": "0", "DonViXuLy": "UBND phường Bến Thành"});
    let message = json!({"service": "DongBoHoSoMC", "isUpdating": false, "data": [record]});
    let (status, _, body) = text(app.send(post("DongBoHoSoMC", token, "t-1", message.clone())).await).await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(serde_json::from_str::<Value>(&body).unwrap()["fields"], json!(["MaTTHC"]), "{body}");
    let (status, _, _) = text(app.send(post("DongBoHoSoMC", "not-the-token", "t-2", message)).await).await;
    assert_eq!(status, 401);
    let step_of_unknown = json!({"service": "CapNhatTienDoHoSoMC", "isUpdating": true, "data": [{
        "MaHoSo": "000.20.01.H29-261207-9999", "NguoiXuLy": "Lê Thị Thu", "ThoiDiemXuLy": "20261207093000",
        "NoiDungXuLy": "Tiếp nhận", "TrangThai": "2"}]});
    let (status, _, body) = text(app.send(post("CapNhatTienDoHoSoMC", token, "t-3", step_of_unknown)).await).await;
    assert_eq!(status, 400, "a step of a dossier never received: {body}");
    assert_eq!(count(&app, "national_sandbox").await, 0);

    // The portal's own check before sending: a sector without a name.
    exec(&app, "UPDATE sectors SET name_vi = '' WHERE id = (SELECT sector_id FROM procedures WHERE code = '1.001193')")
        .await;
    let (_, code) = submitted(&app, 1).await;
    let mut receiver = official(&app, "tiepnhan@benthanh.vn", AGENCY, &[Role::Receiver]).await;
    step(&app, &mut receiver, &code, 1, "accept", json!({})).await;
    let refused = eventually(Duration::from_secs(20), || async {
        outbox(&app).await[0].state == app::domain::national::SyncState::Rejected
    })
    .await;
    assert!(refused, "{:?}", outbox(&app).await);
    let rows = outbox(&app).await;
    assert!(rows[0].last_error.as_deref().unwrap().contains("TenLinhVuc"), "{:?}", rows[0]);
    assert!(rows[0].payload.as_deref().unwrap().contains("\"MaHoSo\""), "the refused message is kept to be shown");
    tokio::time::sleep(Duration::from_secs(2)).await;
    let rows = outbox(&app).await;
    assert!(rows[1].attempts == 0 && rows[1].sent_at.is_none(), "the step waits behind it: {:?}", rows[1]);
    assert!(received(&app, &code).await.is_empty());

    // Fixed and resent: the record, then the step.
    exec(
        &app,
        "UPDATE sectors SET name_vi = 'Hộ tịch' WHERE id = (SELECT sector_id FROM procedures WHERE code = '1.001193')",
    )
    .await;
    assert!(!app::server::national::resend(&app.db, rows[1].id, app.clock.now()).await.unwrap(), "only a refused one");
    assert!(app::server::national::resend(&app.db, rows[0].id, app.clock.now()).await.unwrap());
    assert!(all_sent(&app).await, "{:?}", outbox(&app).await);
    assert_in_step(&app, &code).await;
    app.finish().await;
}

async fn administrators_see_their_agencys_refused_messages_and_resend_them(backend: Backend) {
    let app = start(backend).await;
    set_mode(&app, "refusing").await;
    let (mut citizen, code) = submitted(&app, 1).await;
    let refused = eventually(Duration::from_secs(20), || async {
        outbox(&app).await[0].state == app::domain::national::SyncState::Rejected
    })
    .await;
    assert!(refused, "{:?}", outbox(&app).await);
    let id = outbox(&app).await[0].id;

    let mut admin = official(&app, "quantri@benthanh.vn", AGENCY, &[Role::AgencyAdmin]).await;
    let overview = admin.call(&app.router, "sync_overview", &[]).await;
    assert_eq!(overview.status, 200, "{}", overview.body);
    let overview = overview.json();
    assert_eq!(overview["rejected"], 1);
    assert_eq!(overview["items"][0]["dossier_code"], code.as_str());
    assert!(overview["items"][0]["error"].as_str().unwrap().contains("400"), "{overview}");
    assert!(overview["items"][0]["payload"].as_str().unwrap().contains(&code), "the refused message as sent");
    // Another agency's administrator sees none of it and cannot resend it; a citizen reaches nothing.
    let mut other = official(&app, "quantri@tuphap.vn", "000.00.31.H29", &[Role::AgencyAdmin]).await;
    assert_eq!(other.call(&app.router, "sync_overview", &[]).await.json()["rejected"], 0);
    assert_eq!(other.call(&app.router, "resend_sync", &[("id", &id.to_string())]).await.status, 404);
    assert_eq!(citizen.call(&app.router, "sync_overview", &[]).await.status, 403);
    assert_eq!(citizen.call(&app.router, "resend_sync", &[("id", &id.to_string())]).await.status, 403);

    // The portal is fixed; the administrator sends it again (audited), and it goes.
    set_mode(&app, "working").await;
    let resent = admin.call(&app.router, "resend_sync", &[("id", &id.to_string())]).await;
    assert_eq!(resent.status, 200, "{}", resent.body);
    assert_eq!(admin.call(&app.router, "resend_sync", &[("id", &id.to_string())]).await.status, 409, "once");
    assert!(all_sent(&app).await, "{:?}", outbox(&app).await);
    assert_in_step(&app, &code).await;
    assert_eq!(count(&app, "audit_log WHERE action = 'national.resend'").await, 1);
    let overview = admin.call(&app.router, "sync_overview", &[]).await.json();
    assert_eq!((overview["rejected"].as_u64(), overview["sent"].as_u64()), (Some(0), Some(1)));
    app.finish().await;
}

async fn a_dossier_filed_before_the_sync_gets_its_record_first(backend: Backend) {
    let app = start(backend).await;
    set_mode(&app, "failing").await;
    let (_, code) = submitted(&app, 1).await;
    // As if filed before this release: no message queued for it.
    exec(&app, "DELETE FROM national_sync").await;
    set_mode(&app, "working").await;
    let mut receiver = official(&app, "tiepnhan@benthanh.vn", AGENCY, &[Role::Receiver]).await;
    step(&app, &mut receiver, &code, 1, "accept", json!({})).await;
    app.clock.advance(chrono::Duration::hours(2));
    assert!(all_sent(&app).await, "{:?}", outbox(&app).await);
    assert_in_step(&app, &code).await;
    app.finish().await;
}

/// A small deterministic generator (xorshift64): the same walks on every run;
/// `DVC_WALK_SEED` replays another.
struct Walk(u64);

impl Walk {
    fn pick(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}

/// What `action` needs, as the case page's forms send it.
async fn inputs(app: &TestApp, official: &mut crate::common::Browser, code: &str, case: &Value, action: &str) -> Value {
    match action {
        "refuse_to_accept" | "stop" => json!({"note": "Không đủ điều kiện", "legal_basis": case["legal_bases"][0][0]}),
        "request_supplement" => {
            json!({"items": [{"target": "declarant.phone", "label": "", "reason": "Không liên lạc được"}]})
        }
        "assign" => json!({"assignee": case["processors"][0][0]}),
        "propose_result" => {
            let uploaded =
                official.upload_to_dossier(&app.router, code, 0, &[("ket-qua.pdf", &crate::common::pdf(200))]).await;
            assert_eq!(uploaded.status, 201, "{}", uploaded.body);
            json!({"result_file": uploaded.json()[0]["id"]})
        }
        "propose_refusal" | "send_back" => json!({"note": "Cần xem lại"}),
        "record_fee" | "return_at_desk" | "return_by_post" => json!({"reference": "BL-0001"}),
        "record_delivery" => json!({"reference": "delivered"}),
        "reappoint" => {
            let due: chrono::NaiveDate = case["dossier"]["clock"]["deadline"]["due"].as_str().unwrap().parse().unwrap();
            json!({"note": "Cần xác minh thêm", "new_due": due + chrono::Duration::days(7)})
        }
        _ => json!({}),
    }
}

/// The property: whatever the sequence of actions (chosen at random among
/// those the case page offers, the citizen's answer to a supplement and
/// withdrawal included), the national portal ends holding every step once, in
/// order, and the dossier's own status last.
async fn after_any_sequence_of_actions_the_portal_holds_the_dossiers_status(backend: Backend) {
    const WALKS: u32 = 16;
    const STEPS: usize = 14;
    // Its walks end accepted, refused, withdrawn, stopped and returned by post and at the desk.
    const DEFAULT_SEED: u64 = 34;
    let app = start(backend).await;
    // Monday 7 December 2026, 10:00 in Vietnam: every appointment is the same on every run.
    app.clock.set("2026-12-07T03:00:00Z".parse().unwrap());
    let seed = std::env::var("DVC_WALK_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or(DEFAULT_SEED);
    let mut walk = Walk(seed);
    let roles = [Role::Receiver, Role::Processor, Role::Approver];
    let mut desk = official(&app, "motcua@benthanh.vn", AGENCY, &roles).await;
    let mut codes = Vec::new();
    let mut taken = std::collections::BTreeSet::new();
    for n in 0..WALKS {
        let (mut citizen, code) = submitted(&app, 20 + n).await;
        let mut trail: Vec<String> = Vec::new();
        for _ in 0..STEPS {
            let case = desk.call(&app.router, "get_case", &[("code", &code)]).await.json();
            let version = case["dossier"]["version"].as_i64().unwrap();
            let status = case["dossier"]["summary"]["status"].as_str().unwrap().to_owned();
            let mut choices: Vec<String> = case["actions"]
                .as_array()
                .unwrap()
                .iter()
                .map(|a| a.as_str().unwrap().to_owned())
                .filter(|a| a != "hand_off") // this procedure is decided where it is filed
                .collect();
            match status.as_str() {
                "SupplementRequested" => choices.push("supplement".into()),
                "Submitted" => choices.push("withdraw".into()),
                _ => {}
            }
            if choices.is_empty() {
                break;
            }
            let action = choices[walk.pick(choices.len())].clone();
            let reply = match action.as_str() {
                "supplement" => {
                    let values = json!([["declarant.phone", "0987654321"]]);
                    let answer = json!({"code": code, "version": version, "values": values});
                    citizen.call_json(&app.router, "answer_supplement", &answer).await
                }
                "withdraw" => {
                    citizen.call(&app.router, "withdraw_dossier", &[("code", &code), ("reason", "Nộp nhầm")]).await
                }
                _ => {
                    let extra = inputs(&app, &mut desk, &code, &case, &action).await;
                    act(&app, &mut desk, &code, version, &action, extra).await
                }
            };
            let context = format!("seed {seed}, {code} after {trail:?}: {action} from {status}: {}", reply.body);
            if action == "record_delivery" && !trail.iter().any(|a| a == "return_by_post") {
                // Offered after any return; only a result sent by post has a delivery.
                assert_eq!(reply.status, 422, "{context}");
                continue;
            }
            assert_eq!(reply.status, 200, "{context}");
            taken.insert(format!("{status}:{action}"));
            trail.push(action);
        }
        codes.push(code);
    }
    if seed == DEFAULT_SEED {
        for reached in [
            "PendingApproval:approve",
            "PendingApproval:stop",
            "Processed:return_at_desk",
            "Returned:record_delivery",
            "Submitted:withdraw",
            "SupplementRequested:supplement",
        ] {
            assert!(taken.contains(reached), "the walks no longer reach {reached}: {taken:?}");
        }
    }
    assert!(all_sent(&app).await, "{:?}", outbox(&app).await);
    for code in &codes {
        assert_in_step(&app, code).await;
    }
    app.finish().await;
}

on_both_databases!(
    administrators_see_their_agencys_refused_messages_and_resend_them,
    a_dossier_filed_before_the_sync_gets_its_record_first,
    after_any_sequence_of_actions_the_portal_holds_the_dossiers_status,
    every_step_reaches_the_national_portal_in_order,
    with_the_portal_down_nothing_is_lost_reordered_or_sent_twice,
    a_message_missing_a_mandatory_field_is_refused_and_waits_for_a_resend,
);
