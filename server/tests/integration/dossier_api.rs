//! The dossier API for an agency's other systems: tokens made and revoked by
//! the agency's administrator (audited) and kept hashed; a read token lists
//! and reads its agency's dossiers and acts on nothing; an act token takes
//! the one-stop desk's actions under the workflow's rules; a revoked token is
//! refused at once; no token reaches another agency's dossiers. A dossier
//! filed on the national portal arrives through the API, once, and joins
//! the workflow; a refused one leaves nothing.

use crate::common::Browser;
use crate::common::dossiers::{count, official, submitted};
use crate::common::{Backend, TestApp, text};
use app::domain::access::Role;
use app::server::entities::{api_token, dossier, dossier_event};
use axum::body::Body;
use axum::http::Request;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde_json::{Value, json};

/// UBND phường Bến Thành, where the test dossiers are filed.
const AGENCY: &str = "000.20.01.H29";
/// Another agency.
const OTHER: &str = "000.00.31.H29";

async fn start(backend: Backend) -> TestApp {
    TestApp::start_with_env(backend, &[("DVC_OFFICIAL_2FA", "optional")]).await
}

/// A new token of the administrator's agency: (id, token).
async fn token(app: &TestApp, admin: &mut Browser, name: &str, scope: &str) -> (i64, String) {
    let reply = admin.call(&app.router, "create_api_token", &[("name", name), ("scope", scope)]).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    let created = reply.json();
    (created["id"].as_i64().unwrap(), created["token"].as_str().unwrap().to_owned())
}

/// A request to the API with `authorization` as its header: (status, JSON, headers).
async fn api(
    app: &TestApp,
    authorization: Option<&str>,
    method: &str,
    uri: &str,
    body: Option<&str>,
) -> (u16, Value, axum::http::HeaderMap) {
    let mut request = Request::builder().method(method).uri(uri);
    if let Some(value) = authorization {
        request = request.header("authorization", value);
    }
    let request = match body {
        Some(body) => request.header("content-type", "application/json").body(Body::from(body.to_owned())),
        None => request.body(Body::empty()),
    };
    let (status, headers, body) = text(app.send(request.unwrap()).await).await;
    (status, serde_json::from_str(&body).unwrap_or(Value::Null), headers)
}

fn header(headers: &axum::http::HeaderMap, name: &str) -> String {
    headers.get(name).map(|v| v.to_str().unwrap().to_owned()).unwrap_or_default()
}

fn bearer(token: &str) -> String {
    format!("Bearer {token}")
}

async fn list(app: &TestApp, token: &str) -> (u16, Value) {
    let (status, body, _) = api(app, Some(&bearer(token)), "GET", "/api/v1/dossiers", None).await;
    (status, body)
}

async fn read(app: &TestApp, token: &str, code: &str) -> (u16, Value) {
    let (status, body, _) = api(app, Some(&bearer(token)), "GET", &format!("/api/v1/dossiers/{code}"), None).await;
    (status, body)
}

async fn act(app: &TestApp, token: &str, code: &str, action: Value) -> (u16, Value) {
    let uri = format!("/api/v1/dossiers/{code}/actions");
    let (status, body, _) = api(app, Some(&bearer(token)), "POST", &uri, Some(&action.to_string())).await;
    (status, body)
}

fn codes(page: &Value) -> Vec<String> {
    page["dossiers"].as_array().unwrap().iter().map(|d| d["code"].as_str().unwrap().to_owned()).collect()
}

async fn an_agencys_systems_read_and_act_with_its_tokens_until_revoked(backend: Backend) {
    let app = start(backend).await;
    let (_, code) = submitted(&app, 1).await;
    let mut admin = official(&app, "quantri@benthanh.vn", AGENCY, &[Role::AgencyAdmin]).await;
    let (read_id, reader) = token(&app, &mut admin, "Hệ thống lưu trữ", "read").await;
    let (_, desk) = token(&app, &mut admin, "Một cửa của Cổng quốc gia", "act").await;
    assert!(reader.starts_with("dvc_") && reader.len() == 68, "{reader}");

    // Kept as hashes only.
    let rows = api_token::Entity::find().all(&app.db).await.unwrap();
    assert_eq!(rows.len(), 2);
    for row in &rows {
        assert!(row.token_hash != reader && row.token_hash != desk);
        assert!(!row.hint.contains(&reader[12..]) && !row.hint.contains(&desk[12..]));
    }
    assert!(rows.iter().any(|r| r.token_hash == app::server::secrets::sha256_hex(&reader)));

    // The reader lists and looks up the agency's dossier, and may do nothing to it.
    let (status, page) = list(&app, &reader).await;
    assert_eq!(status, 200, "{page}");
    assert_eq!(codes(&page), vec![code.clone()]);
    assert_eq!(
        (page["dossiers"][0]["status"].as_str(), page["dossiers"][0]["national_status"].as_u64()),
        (Some("submitted"), Some(1))
    );
    let (status, detail) = read(&app, &reader, &code).await;
    assert_eq!(status, 200, "{detail}");
    let (_, _, headers) = api(&app, Some(&bearer(&reader)), "GET", &format!("/api/v1/dossiers/{code}"), None).await;
    assert_eq!(header(&headers, "cache-control"), "private, no-store", "personal data is never cached");
    assert_eq!((detail["status"].as_str(), detail["version"].as_i64()), (Some("submitted"), Some(1)));
    assert_eq!(detail["actions"], json!([]), "a read token may take no action");
    assert_eq!(act(&app, &reader, &code, json!({"action": "accept", "version": 1})).await.0, 403);

    // The desk's token accepts it, as a receiver would: the clock starts and
    // the timeline names the system.
    let (_, detail) = read(&app, &desk, &code).await;
    assert!(detail["actions"].as_array().unwrap().contains(&json!("accept")), "{detail}");
    assert!(detail["legal_bases"][0]["id"].is_i64(), "what a refusal may cite: {detail}");
    let (status, acted) = act(&app, &desk, &code, json!({"action": "accept", "version": 1})).await;
    assert_eq!(status, 200, "{acted}");
    assert_eq!(acted["version"], 2);
    let (_, detail) = read(&app, &reader, &code).await;
    assert_eq!((detail["status"].as_str(), detail["national_status"].as_u64()), (Some("accepted"), Some(2)));
    assert!(detail["due_on"].is_string(), "{detail}");
    let last = detail["timeline"].as_array().unwrap().last().unwrap().clone();
    assert_eq!((last["action"].as_str(), last["role"].as_str()), (Some("accept"), Some("receiver")));
    let row = dossier::Entity::find().filter(dossier::Column::Code.eq(&code)).one(&app.db).await.unwrap().unwrap();
    let event = dossier_event::Entity::find()
        .filter(dossier_event::Column::DossierId.eq(row.id))
        .order_by_desc(dossier_event::Column::Id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let desk_account = api_token::Entity::find()
        .filter(api_token::Column::Scope.eq(app::domain::api_token::ApiScope::Act))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .user_id;
    assert_eq!(event.actor_id, Some(desk_account));
    // The same version again is a conflict; processing is for named officials.
    assert_eq!(act(&app, &desk, &code, json!({"action": "accept", "version": 1})).await.0, 409);
    assert_eq!(act(&app, &desk, &code, json!({"action": "take", "version": 2})).await.0, 403);

    // The tokens' accounts are not officials anyone manages, and cannot sign in.
    let officials = admin.call(&app.router, "list_officials", &[]).await;
    assert_eq!(officials.status, 200);
    assert!(!officials.body.contains("(API)"), "{}", officials.body);
    let id = desk_account.to_string();
    let set = admin.call(&app.router, "set_official_roles", &[("id", &id), ("roles[0]", "Approver")]).await;
    assert_eq!(set.status, 404, "{}", set.body);
    assert_eq!(
        admin.call(&app.router, "set_official_disabled", &[("id", &id), ("disabled", "false")]).await.status,
        404
    );
    let email =
        app::server::entities::user::Entity::find_by_id(desk_account).one(&app.db).await.unwrap().unwrap().email;
    for password in ["!", ""] {
        let sign_in =
            Browser::new().call(&app.router, "sign_in", &[("identifier", &email), ("password", password)]).await;
        assert_ne!(sign_in.status, 200, "{}", sign_in.body);
    }

    // Revoked: refused at once, on the next request; the other token goes on.
    let revoked = admin.call(&app.router, "revoke_api_token", &[("id", &read_id.to_string())]).await;
    assert_eq!(revoked.status, 200, "{}", revoked.body);
    let (status, _, headers) = api(&app, Some(&bearer(&reader)), "GET", "/api/v1/dossiers", None).await;
    assert_eq!((status, header(&headers, "www-authenticate").as_str()), (401, "Bearer"));
    let (status, _, headers) = api(&app, None, "GET", "/api/v1/dossiers", None).await;
    assert_eq!((status, header(&headers, "www-authenticate").as_str()), (401, "Bearer"), "no token at all");
    assert_eq!(read(&app, &reader, &code).await.0, 401);
    assert_eq!(list(&app, &desk).await.0, 200);
    assert_eq!(admin.call(&app.router, "revoke_api_token", &[("id", &read_id.to_string())]).await.status, 409);
    assert_eq!(count(&app, "audit_log WHERE action = 'api_token.create'").await, 2);
    assert_eq!(count(&app, "audit_log WHERE action = 'api_token.revoke'").await, 1);
    let listed = admin.call(&app.router, "list_api_tokens", &[]).await.json();
    assert_eq!(listed.as_array().unwrap().len(), 2);
    assert!(listed.as_array().unwrap().iter().any(|t| t["revoked_at"].is_string() && t["last_used_at"].is_string()));
    assert!(!listed.to_string().contains(&desk), "the token is never shown again");
    app.finish().await;
}

async fn no_token_reaches_another_agencys_dossiers(backend: Backend) {
    let app = start(backend).await;
    let (mut citizen, code) = submitted(&app, 1).await;
    let mut admin = official(&app, "quantri@benthanh.vn", AGENCY, &[Role::AgencyAdmin]).await;
    let mut other_admin = official(&app, "quantri@tuphap.vn", OTHER, &[Role::AgencyAdmin]).await;
    let (_, read) = token(&app, &mut admin, "Lưu trữ", "read").await;
    let (_, act_token) = token(&app, &mut admin, "Một cửa", "act").await;
    let (revoked_id, revoked) = token(&app, &mut admin, "Cũ", "act").await;
    assert_eq!(admin.call(&app.router, "revoke_api_token", &[("id", &revoked_id.to_string())]).await.status, 200);
    let (other_id, other_read) = token(&app, &mut other_admin, "Lưu trữ sở", "read").await;
    let (_, other_act) = token(&app, &mut other_admin, "Một cửa sở", "act").await;
    // Another agency's administrator cannot revoke this agency's token, nor the reverse.
    assert_eq!(other_admin.call(&app.router, "revoke_api_token", &[("id", &revoked_id.to_string())]).await.status, 404);
    assert_eq!(admin.call(&app.router, "revoke_api_token", &[("id", &other_id.to_string())]).await.status, 404);
    // Nobody but an agency administrator manages tokens.
    assert_eq!(citizen.call(&app.router, "create_api_token", &[("name", "x"), ("scope", "act")]).await.status, 403);
    let mut receiver = official(&app, "tiepnhan@benthanh.vn", AGENCY, &[Role::Receiver]).await;
    assert_eq!(receiver.call(&app.router, "list_api_tokens", &[]).await.status, 403);
    // A session is no token: an official's browser reaches nothing of the API.
    assert_eq!(receiver.status(&app.router, "/api/v1/dossiers").await, 403);
    assert_eq!(receiver.status(&app.router, &format!("/api/v1/dossiers/{code}")).await, 403);

    let malformed = format!("Bearer dvc_{}", "z".repeat(64));
    let unknown = format!("Bearer dvc_{}", "0".repeat(64));
    let accept = json!({"action": "accept", "version": 1}).to_string();
    let get = format!("/api/v1/dossiers/{code}");
    let post = format!("{get}/actions");
    // (authorization, list, read, act): the act column acts last, on an unchanged dossier.
    let matrix: Vec<(Option<String>, u16, u16, u16)> = vec![
        (None, 401, 401, 401),
        (Some(malformed), 401, 401, 401),
        (Some(unknown), 401, 401, 401),
        (Some(format!("Basic {read}")), 401, 401, 401),
        (Some(bearer(&revoked)), 401, 401, 401),
        (Some(bearer(&other_read)), 200, 404, 404),
        (Some(bearer(&other_act)), 200, 404, 404),
        (Some(bearer(&read)), 200, 200, 403),
        (Some(bearer(&act_token)), 200, 200, 200),
    ];
    for (authorization, listed, looked_up, acted) in matrix {
        let who = authorization.clone().unwrap_or_default();
        let (status, page, _) = api(&app, authorization.as_deref(), "GET", "/api/v1/dossiers", None).await;
        assert_eq!(status, listed, "list with {who}");
        if status == 200 {
            assert_eq!(codes(&page).contains(&code), looked_up == 200, "list with {who}: {page}");
        }
        assert_eq!(api(&app, authorization.as_deref(), "GET", &get, None).await.0, looked_up, "read with {who}");
        assert_eq!(api(&app, authorization.as_deref(), "POST", &post, Some(&accept)).await.0, acted, "act with {who}");
    }
    let row = dossier::Entity::find().filter(dossier::Column::Code.eq(&code)).one(&app.db).await.unwrap().unwrap();
    assert_eq!((row.version, row.status.as_str()), (2, "accepted"), "acted on once, by its agency's act token");
    app.finish().await;
}

async fn the_api_bounds_its_inputs_and_describes_itself(backend: Backend) {
    let app = start(backend).await;
    let (_, code) = submitted(&app, 1).await;
    let mut admin = official(&app, "quantri@benthanh.vn", AGENCY, &[Role::AgencyAdmin]).await;
    let (_, desk) = token(&app, &mut admin, "Một cửa", "act").await;
    let auth = bearer(&desk);
    let long = format!("/api/v1/dossiers?search={}", "a".repeat(101));
    assert_eq!(api(&app, Some(&auth), "GET", &long, None).await.0, 422);
    assert_eq!(api(&app, Some(&auth), "GET", "/api/v1/dossiers?status=nonsense", None).await.0, 422);
    let (status, page, _) = api(&app, Some(&auth), "GET", "/api/v1/dossiers?status=submitted", None).await;
    assert_eq!((status, codes(&page)), (200, vec![code.clone()]));
    let (_, page, _) = api(&app, Some(&auth), "GET", "/api/v1/dossiers?status=accepted", None).await;
    assert!(codes(&page).is_empty());
    let post = format!("/api/v1/dossiers/{code}/actions");
    assert_eq!(api(&app, Some(&auth), "POST", &post, Some("not json")).await.0, 422);
    let huge = json!({"action": "accept", "version": 1, "note": "a".repeat(70 * 1024)}).to_string();
    assert_eq!(api(&app, Some(&auth), "POST", &post, Some(&huge)).await.0, 413);
    // A refusal needs its legal basis: every mistake is answered, nothing changes.
    let (status, body, _) =
        api(&app, Some(&auth), "POST", &post, Some(r#"{"action":"refuse_to_accept","version":1}"#)).await;
    assert_eq!(status, 422, "{body}");
    let row = dossier::Entity::find().filter(dossier::Column::Code.eq(&code)).one(&app.db).await.unwrap().unwrap();
    assert_eq!(row.version, 1);
    // A name is required, and an agency holds a bounded number of tokens.
    assert_eq!(admin.call(&app.router, "create_api_token", &[("name", " "), ("scope", "read")]).await.status, 422);
    for n in 1..app::domain::api_token::MAX_ACTIVE {
        token(&app, &mut admin, &format!("Hệ thống {n}"), "read").await;
    }
    assert_eq!(
        admin.call(&app.router, "create_api_token", &[("name", "Một nữa"), ("scope", "read")]).await.status,
        422
    );

    // The OpenAPI document describes the dossier API and its bearer tokens.
    let (status, doc) = app.get_json("/api/v1/openapi.json").await;
    assert_eq!(status, 200);
    for path in ["/api/v1/dossiers", "/api/v1/dossiers/{code}", "/api/v1/dossiers/{code}/actions"] {
        assert!(doc["paths"][path].is_object(), "{path} in the OpenAPI document");
    }
    assert_eq!(doc["components"]["securitySchemes"]["bearer"]["scheme"], "bearer");
    assert_eq!(doc["paths"]["/api/v1/dossiers/{code}/actions"]["post"]["security"][0]["bearer"], json!([]));
    let inbound = &doc["paths"]["/api/v1/dossiers"]["post"];
    assert!(inbound["requestBody"]["content"]["multipart/form-data"].is_object(), "{inbound}");
    assert!(doc["components"]["schemas"]["InboundDossier"]["properties"]["national_code"].is_object());
    app.finish().await;
}

/// Sends an inbound dossier (the description, then the files) with `token`.
async fn file(app: &TestApp, token: &str, dossier: &Value, files: &[(&str, &str, &[u8])]) -> (u16, Value) {
    let description = dossier.to_string();
    let (content_type, body) = crate::common::multipart(&[("dossier", &description)], files);
    let request = Request::post("/api/v1/dossiers")
        .header("authorization", bearer(token))
        .header("content-type", content_type)
        .body(Body::from(body))
        .unwrap();
    let (status, _, body) = text(app.send(request).await).await;
    (status, serde_json::from_str(&body).unwrap_or(Value::Null))
}

/// A birth registration filed on the national portal under `national_code`.
fn inbound(national_code: &str) -> Value {
    json!({
        "national_code": national_code,
        "procedure_code": "1.001193",
        "applicant": {"full_name": "Đỗ Thu Trang", "citizen_id": crate::intake::TRANG_ID, "phone": "0912345678"},
        "data": crate::common::dossiers::birth_declaration(),
    })
}

async fn a_dossier_filed_on_the_national_portal_joins_the_workflow_once(backend: Backend) {
    let app = TestApp::start_served(
        backend,
        &[
            ("DVC_OFFICIAL_2FA", "optional"),
            ("DVC_NATIONAL_SANDBOX", "1"),
            ("DVC_NATIONAL_SYNC_SECS", "1"),
            ("DVC_UPLOAD_FILE_MB", "1"),
            ("DVC_UPLOAD_DOSSIER_MB", "2"),
        ],
    )
    .await;
    let mut admin = official(&app, "quantri@benthanh.vn", AGENCY, &[Role::AgencyAdmin]).await;
    let (_, reader) = token(&app, &mut admin, "Hệ thống lưu trữ", "read").await;
    let (_, desk) = token(&app, &mut admin, "Cổng Dịch vụ công quốc gia", "act").await;
    let mut other_admin = official(&app, "quantri@other.vn", OTHER, &[Role::AgencyAdmin]).await;
    let (_, other) = token(&app, &mut other_admin, "Cổng quốc gia", "act").await;
    // Two pages of 0.7 MB: within the dossier's 2 MB together.
    let certificate = crate::common::pdf(700 * 1024);
    let files = [
        ("documents.2", "giay-chung-sinh-1.pdf", certificate.as_slice()),
        ("documents.2", "giay-chung-sinh-2.pdf", certificate.as_slice()),
    ];
    let nothing_kept = async |app: &TestApp| {
        for table in ["dossiers", "drafts", "attachments"] {
            assert_eq!(count(app, table).await, 0, "{table}: a refused dossier leaves nothing");
        }
    };

    // A token that only reads takes nothing in; a missing document, a bad
    // code or person are refused at their fields, and nothing is kept.
    assert_eq!(file(&app, &reader, &inbound("G22.99-261204-0001"), &files).await.0, 403);
    let (status, refused) = file(&app, &desk, &inbound("G22.99-261204-0001"), &[]).await;
    assert_eq!(status, 422, "{refused}");
    assert_eq!(
        refused,
        json!({"Invalid": [
            {"field": "child.birth_notice", "rule": "Required"},
            {"field": "documents.2", "rule": "DocumentMissing"},
        ]}),
        "the form's checks, as at the desk"
    );
    let mut wrong = inbound("G22/../0001");
    wrong["applicant"]["citizen_id"] = json!("0011");
    let (status, refused) = file(&app, &desk, &wrong, &files).await;
    assert_eq!(status, 422, "{refused}");
    assert_eq!(
        refused,
        json!({"Invalid": [
            {"field": "national_code", "rule": "WrongShape"},
            {"field": "applicant.citizen_id", "rule": "CitizenIdLength"},
        ]})
    );
    let (status, refused) =
        file(&app, &desk, &inbound("G22.99-261204-0001"), &[("documents.9", "x.pdf", &certificate)]).await;
    assert_eq!((status, &refused["Invalid"][0]["field"]), (422, &json!("documents.9")), "not one of its documents");
    let authorisation = [("documents.1000", "uy-quyen.pdf", certificate.as_slice())];
    let (status, refused) = file(&app, &desk, &inbound("G22.99-261204-0001"), &authorisation).await;
    assert_eq!((status, &refused["Invalid"][0]["field"]), (422, &json!("documents")), "{refused}");
    let mut nul = inbound("G22.99-261204-0001");
    nul["procedure_code"] = json!("1.001193\u{0}");
    assert_eq!(file(&app, &desk, &nul, &files).await.0, 400);
    nothing_kept(&app).await;

    // Filed: the normal workflow from here, under the agency's own code,
    // with the person it concerns and its file.
    let (status, filed) = file(&app, &desk, &inbound("G22.99-261204-0001"), &files).await;
    assert_eq!(status, 201, "{filed}");
    assert_eq!(filed["national_code"], "G22.99-261204-0001");
    let code = filed["code"].as_str().unwrap().to_owned();
    let (_, detail) = read(&app, &desk, &code).await;
    assert_eq!(detail["status"], "submitted", "{detail}");
    assert!(detail["actions"].as_array().unwrap().contains(&json!("accept")), "{detail}");
    let row = dossier::Entity::find().filter(dossier::Column::Code.eq(&code)).one(&app.db).await.unwrap().unwrap();
    assert_eq!(row.channel, "national");
    assert_eq!(row.national_code.as_deref(), Some("G22.99-261204-0001"));
    assert_eq!(row.subject_citizen_id.as_deref(), Some(crate::intake::TRANG_ID));
    assert_eq!(
        (count(&app, "dossiers").await, count(&app, "drafts").await, count(&app, "attachments").await),
        (1, 0, 2)
    );

    // Sent again (a retry after a lost answer): the same dossier, not a second.
    let (status, again) = file(&app, &desk, &inbound("G22.99-261204-0001"), &files).await;
    assert_eq!((status, &again["code"]), (200, &json!(code)));
    assert_eq!(
        (count(&app, "dossiers").await, count(&app, "drafts").await, count(&app, "attachments").await),
        (1, 0, 2)
    );
    // The code is the agency's own: another agency learns nothing of it
    // (its token is refused for its own reason) and cannot read the dossier.
    let (status, refused) = file(&app, &other, &inbound("G22.99-261204-0001"), &files).await;
    assert_eq!(
        (status, &refused),
        (422, &json!({"Invalid": [{"field": "procedure_code", "rule": "NotImplementing"}]}))
    );
    assert_eq!(read(&app, &other, &code).await.0, 404);
    assert_eq!(count(&app, "dossiers").await, 1);

    // Sent twice at once: one dossier, answered to both.
    let twice = inbound("G22.99-261204-0002");
    let (first, second) = tokio::join!(file(&app, &desk, &twice, &files), file(&app, &desk, &twice, &files));
    let mut statuses = [first.0, second.0];
    statuses.sort_unstable();
    assert_eq!(statuses, [200, 201], "{first:?} {second:?}");
    assert_eq!(first.1["code"], second.1["code"]);
    assert_eq!((count(&app, "dossiers").await, count(&app, "drafts").await), (2, 0));

    // The public statistics count them, as filed online.
    let (status, statistics) = app.get_json(&format!("/api/v1/statistics?agency={AGENCY}")).await;
    assert_eq!(status, 200, "{statistics}");

    // The portal hears back about its own dossier, under its own code, as online.
    assert!(crate::national::all_sent(&app).await);
    let got = crate::national::received(&app, "G22.99-261204-0001").await;
    assert_eq!(got.len(), 1, "{got:?}");
    let record = &got[0]["message"]["data"][0];
    assert_eq!((record["MaHoSo"].as_str(), record["KenhThucHien"].as_str()), (Some("G22.99-261204-0001"), Some("2")));
    assert!(crate::national::received(&app, &code).await.is_empty(), "never under the agency's code");
    app.finish().await;
}

on_both_databases!(
    an_agencys_systems_read_and_act_with_its_tokens_until_revoked,
    no_token_reaches_another_agencys_dossiers,
    the_api_bounds_its_inputs_and_describes_itself,
    a_dossier_filed_on_the_national_portal_joins_the_workflow_once,
);
