//! Drafts through the real router on SQLite and PostgreSQL: saved, resumed on
//! another device, protected against lost updates, private to their owner.

use crate::common::{Backend, Browser, TestApp, citizen};
use serde_json::json;

fn save(draft_id: Option<&str>, base_version: Option<i64>, data: serde_json::Value) -> serde_json::Value {
    json!({"form": {"procedure_code": "1.001193", "draft_id": draft_id, "base_version": base_version, "data": data}})
}

async fn a_draft_resumes_on_another_device(backend: Backend) {
    let app = TestApp::start(backend).await;
    let mut laptop = citizen(&app.router, 1).await;
    let reply = laptop
        .call_json(&app.router, "save_draft", &save(None, None, json!({"child": {"full_name": "Nguyễn Minh"}})))
        .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    let saved = reply.json();
    let id = saved["id"].as_str().unwrap().to_owned();
    assert_eq!(saved["version"], 1);
    let reply = laptop
        .call_json(
            &app.router,
            "save_draft",
            &save(Some(&id), Some(1), json!({"child": {"full_name": "Nguyễn Minh Khôi"}})),
        )
        .await;
    assert_eq!(reply.json()["version"], 2);

    // The same citizen on a phone: a new session, the same draft.
    let mut phone = Browser::new();
    let signed = phone
        .call(
            &app.router,
            "sign_in",
            &[("identifier", "citizen1@example.vn"), ("password", "sông Hồng đỏ nặng phù sa")],
        )
        .await;
    assert_eq!(signed.status, 200);
    let listed = phone.call(&app.router, "list_drafts", &[]).await.json();
    assert_eq!(listed.as_array().unwrap().len(), 1);
    assert_eq!(listed[0]["procedure_name"]["vi"], "Đăng ký khai sinh");
    let draft = phone.call(&app.router, "get_draft", &[("id", &id)]).await.json();
    assert_eq!(draft["data"]["child"]["full_name"], "Nguyễn Minh Khôi");
    assert_eq!(draft["version"], 2);
    app.finish().await;
}

async fn a_save_from_a_stale_copy_is_refused(backend: Backend) {
    let app = TestApp::start(backend).await;
    let mut tab_a = citizen(&app.router, 2).await;
    let id = tab_a.call_json(&app.router, "save_draft", &save(None, None, json!({"a": 1}))).await.json()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(
        tab_a.call_json(&app.router, "save_draft", &save(Some(&id), Some(1), json!({"a": 2}))).await.status,
        200
    );
    // A second tab still at version 1 would overwrite the newer answers: refused.
    let mut tab_b = tab_a.clone();
    let reply = tab_b.call_json(&app.router, "save_draft", &save(Some(&id), Some(1), json!({"a": "old"}))).await;
    assert_eq!((reply.status, reply.json()), (409, json!("Conflict")));
    assert_eq!(tab_a.call(&app.router, "get_draft", &[("id", &id)]).await.json()["data"]["a"], 2);
    app.finish().await;
}

async fn drafts_are_private(backend: Backend) {
    let app = TestApp::start(backend).await;
    let mut owner = citizen(&app.router, 3).await;
    let id =
        owner.call_json(&app.router, "save_draft", &save(None, None, json!({"secret": "mine"}))).await.json()["id"]
            .as_str()
            .unwrap()
            .to_owned();
    let mut other = citizen(&app.router, 4).await;
    // Another citizen can neither read, overwrite, delete nor see it: it does not exist for them.
    assert_eq!(other.call(&app.router, "get_draft", &[("id", &id)]).await.status, 404);
    assert_eq!(
        other.call_json(&app.router, "save_draft", &save(Some(&id), Some(1), json!({"secret": "theirs"}))).await.status,
        404
    );
    assert_eq!(other.call(&app.router, "delete_draft", &[("id", &id)]).await.status, 404);
    assert_eq!(other.call(&app.router, "list_drafts", &[]).await.json(), json!([]));
    assert_eq!(owner.call(&app.router, "get_draft", &[("id", &id)]).await.json()["data"]["secret"], "mine");
    // Without a session the policy refuses before any service runs (officials too: see the authorisation matrix).
    let mut anonymous = Browser::new();
    assert_eq!(anonymous.call(&app.router, "list_drafts", &[]).await.status, 401);
    // The owner can delete it.
    assert_eq!(owner.call(&app.router, "delete_draft", &[("id", &id)]).await.status, 200);
    assert_eq!(owner.call(&app.router, "get_draft", &[("id", &id)]).await.status, 404);
    app.finish().await;
}

async fn bad_drafts_change_nothing(backend: Backend) {
    let app = TestApp::start(backend).await;
    let mut browser = citizen(&app.router, 5).await;
    let reply = browser.call_json(&app.router, "save_draft", &save(None, None, json!(["not", "an", "object"]))).await;
    assert_eq!(reply.status, 422);
    let huge = json!({"note": "x".repeat(300 * 1024)});
    assert_eq!(browser.call_json(&app.router, "save_draft", &save(None, None, huge)).await.status, 413);
    let unknown = json!({"form": {"procedure_code": "9.999999", "draft_id": null, "base_version": null, "data": {}}});
    assert_eq!(browser.call_json(&app.router, "save_draft", &unknown).await.status, 404);
    // Level 1 (information only) cannot be applied for online.
    let level1 = json!({"form": {"procedure_code": "2.000884", "draft_id": null, "base_version": null, "data": {}}});
    assert_eq!(browser.call_json(&app.router, "save_draft", &level1).await.status, 404);
    assert_eq!(browser.call(&app.router, "list_drafts", &[]).await.json(), json!([]));
    app.finish().await;
}

/// Without JavaScript: the birth date comes as day, month and year; "Thay
/// đổi" on the review opens that step, and continuing goes back to the review.
async fn without_a_script_a_changed_answer_returns_to_the_review(backend: Backend) {
    let app = TestApp::start(backend).await;
    let mut an = citizen(&app.router, 1).await;
    let query = |location: &str, key: &str| {
        location.split(['?', '&']).find_map(|p| p.strip_prefix(&format!("{key}="))).map(str::to_owned)
    };
    // The first step, posted with its date in three boxes.
    let fields = [
        ("step", "0"),
        ("intent", "save"),
        ("applicant.full_name", "Nguyễn Văn An"),
        ("applicant.birth_date.day", "17"),
        ("applicant.birth_date.month", "5"),
        ("applicant.birth_date.year", "1990"),
        ("applicant.citizen_id", "001090000001"),
        ("applicant.phone", "0912345678"),
    ];
    let reply = an.post_form(&app.router, "/apply/1.004194", &fields).await;
    assert_eq!(reply.status, 303, "{}", reply.body);
    let draft_id = query(reply.location().unwrap(), "draft").unwrap();
    let draft = an.call(&app.router, "get_draft", &[("id", &draft_id)]).await.json();
    assert_eq!(draft["data"]["applicant"]["birth_date"], "1990-05-17", "{}", draft["data"]);
    // From the review (step 3), change the first section's answers…
    let fields = [("draft_id", draft_id.as_str()), ("step", "3"), ("intent", "change:0")];
    let reply = an.post_form(&app.router, "/apply/1.004194", &fields).await;
    let location = reply.location().unwrap().to_owned();
    assert_eq!((query(&location, "step"), query(&location, "review")), (Some("0".into()), Some("1".into())));
    // …a wrong answer keeps the citizen there, still on the way back…
    let mut fields = vec![("draft_id", draft_id.as_str()), ("step", "0"), ("intent", "next"), ("review", "1")];
    // Only the date is wrong (31/02/1990).
    let wrong = [
        ("applicant.full_name", "Nguyễn Văn An"),
        ("applicant.birth_date.day", "31"),
        ("applicant.birth_date.month", "2"),
        ("applicant.birth_date.year", "1990"),
        ("applicant.citizen_id", "001090000001"),
        ("applicant.phone", "0912345678"),
    ];
    let reply = an.post_form(&app.router, "/apply/1.004194", &[fields.clone(), wrong.to_vec()].concat()).await;
    let location = reply.location().unwrap().to_owned();
    assert_eq!((query(&location, "step"), query(&location, "check")), (Some("0".into()), Some("1".into())));
    assert_eq!(query(&location, "review"), Some("1".into()));
    // …a right one goes back towards the review, through any step still unanswered.
    fields.extend([
        ("applicant.full_name", "Nguyễn Văn Ân"),
        ("applicant.birth_date.day", "17"),
        ("applicant.birth_date.month", "05"),
        ("applicant.birth_date.year", "1990"),
        ("applicant.citizen_id", "001090000001"),
        ("applicant.phone", "0912345678"),
    ]);
    let reply = an.post_form(&app.router, "/apply/1.004194", &fields).await;
    let location = reply.location().unwrap().to_owned();
    // The residence step was never answered: it comes first, still on the way back.
    assert_eq!(
        (query(&location, "step"), query(&location, "review")),
        (Some("1".into()), Some("1".into())),
        "{location}"
    );
    // A section that does not exist changes nothing.
    let fields = [("draft_id", draft_id.as_str()), ("step", "3"), ("intent", "change:99")];
    let location = an.post_form(&app.router, "/apply/1.004194", &fields).await.location().unwrap().to_owned();
    assert_eq!((query(&location, "step"), query(&location, "review")), (Some("3".into()), None));
    // Saving on a step opened from the review keeps the way back.
    let fields = [("draft_id", draft_id.as_str()), ("step", "0"), ("intent", "save"), ("review", "1")];
    let location = an.post_form(&app.router, "/apply/1.004194", &fields).await.location().unwrap().to_owned();
    assert_eq!((query(&location, "step"), query(&location, "review")), (Some("0".into()), Some("1".into())));
    app.finish().await;
}

async fn expired_drafts_are_gone(backend: Backend) {
    use app::server::entities::draft;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let app = TestApp::start(backend).await;
    let mut browser = citizen(&app.router, 6).await;
    let id = browser.call_json(&app.router, "save_draft", &save(None, None, json!({"a": 1}))).await.json()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let expired = browser.call_json(&app.router, "save_draft", &save(None, None, json!({"b": 1}))).await.json()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    draft::Entity::update_many()
        .col_expr(
            draft::Column::ExpiresAt,
            sea_orm::sea_query::Expr::value(chrono::Utc::now() - chrono::Duration::minutes(1)),
        )
        .filter(draft::Column::Id.eq(expired.as_str()))
        .exec(&app.db)
        .await
        .unwrap();
    let listed = browser.call(&app.router, "list_drafts", &[]).await.json();
    assert_eq!(
        listed.as_array().unwrap().iter().map(|d| d["id"].as_str().unwrap()).collect::<Vec<_>>(),
        vec![id.as_str()]
    );
    assert_eq!(browser.call(&app.router, "get_draft", &[("id", &expired)]).await.status, 404);
    assert_eq!(app::server::drafts::purge_expired(&app.db, &app.files, chrono::Utc::now()).await.unwrap(), 1);
    app.finish().await;
}

on_both_databases!(
    without_a_script_a_changed_answer_returns_to_the_review,
    a_draft_resumes_on_another_device,
    a_save_from_a_stale_copy_is_refused,
    drafts_are_private,
    bad_drafts_change_nothing,
    expired_drafts_are_gone,
);
