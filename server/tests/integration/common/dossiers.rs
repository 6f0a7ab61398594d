//! Dossiers for the tests: a complete birth declaration, drafts, submissions,
//! officials of an agency, row counts.

use super::{Browser, Reply, TestApp};
use serde_json::{Value, json};

/// A complete birth registration declaration (mother and father known).
pub fn birth_declaration() -> Value {
    let hanoi = json!({"province_code": 1, "ward_code": 70, "street": "12 Hàng Bài"});
    json!({
        "declarant": {
            "full_name": "Nguyễn Văn An", "birth_date": "1990-05-17", "citizen_id": "001090123456",
            "address": hanoi, "phone": "0912345678", "relationship": "cha"
        },
        "child": {
            "full_name": "Nguyễn Minh Khôi", "birth_date": "2026-11-20", "gender": "nam", "ethnicity": "kinh",
            "birth_place": hanoi, "home_town": "Nam Định"
        },
        "mother": { "full_name": "Trần Thị Bình", "birth_date": "1992-03-02", "citizen_id": "001192000123", "address": hanoi },
        "father": { "known": "co", "full_name": "Nguyễn Văn An", "birth_date": "1990-05-17", "citizen_id": "001090123456" },
        "request": { "copies": "2" }
    })
}

/// Saves a new birth-registration draft; returns (id, submit_key).
pub async fn new_draft(app: &TestApp, browser: &mut Browser, data: Value) -> (String, String) {
    let reply = browser
        .call_json(&app.router, "save_draft", &json!({"form": {"procedure_code": "1.001193", "data": data}}))
        .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    let saved = reply.json();
    (saved["id"].as_str().unwrap().to_owned(), saved["submit_key"].as_str().unwrap().to_owned())
}

/// The submit server function's input: collect at the desk.
pub fn submission(id: &str, key: &str) -> Value {
    json!({"submission": {"draft_id": id, "submit_key": key, "delivery": {"method": "at_desk"}}})
}

pub async fn submit(app: &TestApp, browser: &mut Browser, id: &str, key: &str) -> Reply {
    browser.call_json(&app.router, "submit_application", &submission(id, key)).await
}

/// Submits every (draft, key) at the same time, each from its own task.
pub async fn submit_concurrently(app: &TestApp, browser: &Browser, drafts: Vec<(String, String)>) -> Vec<Reply> {
    let tasks: Vec<_> = drafts
        .into_iter()
        .map(|(id, key)| {
            let (router, mut browser) = (app.router.clone(), browser.clone());
            tokio::spawn(async move { browser.call_json(&router, "submit_application", &submission(&id, &key)).await })
        })
        .collect();
    let mut replies = Vec::with_capacity(tasks.len());
    for task in tasks {
        replies.push(task.await.unwrap());
    }
    replies
}

pub async fn count(app: &TestApp, table: &str) -> i64 {
    use sea_orm::{ConnectionTrait, Statement};
    let row = app
        .db
        .query_one_raw(Statement::from_string(
            app.db.get_database_backend(),
            format!("SELECT COUNT(*) AS n FROM {table}"),
        ))
        .await
        .unwrap()
        .unwrap();
    row.try_get::<i64>("", "n").unwrap()
}

/// Runs `sql` on the test database (setting up a case the product has no page for).
pub async fn exec(app: &TestApp, sql: &str) {
    use sea_orm::ConnectionTrait;
    app.db.execute_unprepared(sql).await.unwrap();
}

/// An official of the agency with this code, signed in.
pub async fn official(app: &TestApp, email: &str, agency_code: &str, roles: &[app::domain::access::Role]) -> Browser {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let agency = app::server::entities::agency::Entity::find()
        .filter(app::server::entities::agency::Column::Code.eq(agency_code))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let password = "một mật khẩu đủ dài cho cán bộ";
    app::server::accounts::officials::insert_official(
        &app.db,
        "Lê Thị Thu",
        email,
        Some(agency.id),
        roles,
        password,
        false,
        chrono::Utc::now(),
    )
    .await
    .unwrap();
    let mut browser = Browser::new();
    let reply = browser.call(&app.router, "sign_in", &[("identifier", email), ("password", password)]).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    browser
}

/// A submitted birth registration of citizen `n`: (citizen, code).
pub async fn submitted(app: &TestApp, n: u32) -> (Browser, String) {
    let mut citizen = super::citizen(&app.router, n).await;
    let code = submit_another(app, &mut citizen).await;
    (citizen, code)
}

/// One more birth registration by a signed-in citizen: its code.
pub async fn submit_another(app: &TestApp, citizen: &mut Browser) -> String {
    let (id, key) = new_draft(app, citizen, birth_declaration()).await;
    assert_eq!(citizen.upload(&app.router, &id, 2, &[("giay-chung-sinh.pdf", &super::pdf(100))]).await.status, 201);
    let reply = submit(app, citizen, &id, &key).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    reply.json()["code"].as_str().unwrap().to_owned()
}

pub async fn act(app: &TestApp, who: &mut Browser, code: &str, version: i64, action: &str, extra: Value) -> Reply {
    let mut request = json!({"code": code, "action": action, "version": version});
    if let (Some(fields), Some(target)) = (extra.as_object(), request.as_object_mut()) {
        target.extend(fields.clone());
    }
    who.call_json(&app.router, "act_on_dossier", &json!({ "request": request })).await
}

/// Acts and expects success; answers the new version.
pub async fn step(app: &TestApp, who: &mut Browser, code: &str, version: i64, action: &str, extra: Value) -> i64 {
    let reply = act(app, who, code, version, action, extra).await;
    assert_eq!(reply.status, 200, "{action}: {}", reply.body);
    reply.json().as_i64().unwrap()
}

/// Takes dossier `code` of Bến Thành through acceptance, processing (a
/// result file proposed) and approval: its result is signed. Officials are
/// named with `tag`; the receiver and the last version come back.
pub async fn approve(app: &TestApp, code: &str, tag: &str) -> (Browser, i64) {
    use app::domain::access::Role;
    const AGENCY: &str = "000.20.01.H29";
    let mut receiver = official(app, &format!("tiepnhan.{tag}@test.dvc.vn"), AGENCY, &[Role::Receiver]).await;
    let mut processor = official(app, &format!("xuly.{tag}@test.dvc.vn"), AGENCY, &[Role::Processor]).await;
    let mut approver = official(app, &format!("lanhdao.{tag}@test.dvc.vn"), AGENCY, &[Role::Approver]).await;
    let v = step(app, &mut receiver, code, 1, "accept", json!({})).await;
    let v = step(app, &mut processor, code, v, "take", json!({})).await;
    let uploaded = processor.upload_to_dossier(&app.router, code, 0, &[("trich-luc.pdf", &super::pdf(200))]).await;
    let result_file = uploaded.json()[0]["id"].as_str().unwrap().to_owned();
    let v = step(app, &mut processor, code, v, "propose_result", json!({"result_file": result_file})).await;
    let v = step(app, &mut approver, code, v, "approve", json!({})).await;
    (receiver, v)
}
