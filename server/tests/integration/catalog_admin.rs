//! Catalog administration through the real router on SQLite and PostgreSQL:
//! forms in versions (a dossier keeps the version it was filed under; a
//! form with problems is not published; the seed adds a version only when a
//! file changes), and agency administrators confined to their own agency's
//! adoptions, terms and form, never the national definition.

use crate::common::dossiers::{birth_declaration, count, new_draft, official, submit};
use crate::common::{Backend, Browser, TestApp, citizen, pdf};
use app::domain::access::Role;
use serde_json::{Value, json};

const BEN_THANH: &str = "000.20.01.H29";
const HOAN_KIEM: &str = "000.20.01.H26";

fn today() -> String {
    app::domain::dossier::vietnam_date(chrono::Utc::now()).to_string()
}

/// The form `schema` with a field added to its first section.
fn with_field(mut schema: Value, key: &str, label: &str, required: bool) -> Value {
    let field = json!({"key": key, "label": {"vi": label, "en": label}, "kind": "text", "max_length": 200, "required": required});
    schema["sections"][0]["fields"].as_array_mut().unwrap().push(field);
    schema
}

fn field_keys(form: &Value) -> Vec<String> {
    form["sections"][0]["fields"].as_array().unwrap().iter().map(|f| f["key"].as_str().unwrap().to_owned()).collect()
}

async fn editor(app: &TestApp, who: &mut Browser, code: &str) -> Value {
    let reply = who.call(&app.router, "get_form_editor", &[("code", code)]).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    reply.json()
}

/// Saves `schema` as the draft and publishes it from today: the version number.
async fn publish(app: &TestApp, who: &mut Browser, code: &str, schema: &Value) -> i64 {
    let saved =
        who.call_json(&app.router, "save_form_draft", &json!({"code": code, "schema": schema.to_string()})).await;
    assert_eq!(saved.status, 200, "{}", saved.body);
    assert_eq!(saved.json(), json!([]), "no problems");
    let published = who.call(&app.router, "publish_form", &[("code", code), ("effective_from", &today())]).await;
    assert_eq!(published.status, 200, "{}", published.body);
    published.json().as_i64().unwrap()
}

async fn a_dossier_keeps_the_form_version_it_was_filed_under(backend: Backend) {
    let app = TestApp::start_with_env(backend, &[("DVC_OFFICIAL_2FA", "optional")]).await;
    // Filed under version 1.
    let mut an = citizen(&app.router, 1).await;
    let (id, key) = new_draft(&app, &mut an, birth_declaration()).await;
    assert_eq!(an.upload(&app.router, &id, 2, &[("giay-chung-sinh.pdf", &pdf(100))]).await.status, 201);
    let reply = submit(&app, &mut an, &id, &key).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    let code = reply.json()["code"].as_str().unwrap().to_owned();
    // The system administrator publishes version 2 of the national form.
    let mut admin = official(&app, "quantri@dvc.gov.vn", BEN_THANH, &[Role::SystemAdmin]).await;
    let form = editor(&app, &mut admin, "1.001193").await;
    assert_eq!(form["agency"], Value::Null, "the national form");
    let v2 = with_field(form["in_force"].clone(), "ma_so_thue", "Mã số thuế người yêu cầu", false);
    assert_eq!(publish(&app, &mut admin, "1.001193", &v2).await, 2);
    // The dossier still shows version 1; a new application gets version 2.
    let mine = an.call(&app.router, "get_my_dossier", &[("code", &code)]).await.json();
    assert!(!field_keys(&mine["form"]).contains(&"ma_so_thue".to_owned()), "{}", mine["form"]);
    let mut other = citizen(&app.router, 2).await;
    let context = other.call(&app.router, "load_application", &[("code", "1.001193")]).await.json();
    assert!(field_keys(&context["form"]).contains(&"ma_so_thue".to_owned()));
    let versions = editor(&app, &mut admin, "1.001193").await["versions"].clone();
    assert_eq!(versions[0]["number"], 2);
    assert_eq!(versions[0]["in_force"], true);
    assert_eq!(versions[1]["in_force"], false);
    // Audited.
    assert_eq!(count(&app, "audit_log WHERE action = 'form.publish'").await, 1);
    // Among the country's agencies, the one to put an official in is found by name or code.
    let found = admin.call(&app.router, "list_managed_agencies", &[("query", "hoan kiem")]).await.json();
    let codes: Vec<&str> = found.as_array().unwrap().iter().map(|a| a["code"].as_str().unwrap()).collect();
    assert!(codes.contains(&HOAN_KIEM), "{codes:?}");
    let by_code = admin.call(&app.router, "list_managed_agencies", &[("query", "000.20.01.h26")]).await.json();
    assert_eq!(by_code[0]["code"], HOAN_KIEM);
    let all = admin.call(&app.router, "list_managed_agencies", &[]).await.json();
    assert_eq!(all.as_array().unwrap().len(), 50, "a page, not the whole country");
    // Restarting (the seed reloads its unchanged files) keeps the administrator's version.
    let before = count(&app, "form_versions").await;
    app::server::seed::load(&app.db, &crate::common::repo_seed_dir()).await.unwrap();
    assert_eq!(count(&app, "form_versions").await, before);
    let context = other.call(&app.router, "load_application", &[("code", "1.001193")]).await.json();
    assert!(field_keys(&context["form"]).contains(&"ma_so_thue".to_owned()));
    app.finish().await;
}

async fn a_form_with_problems_is_kept_as_a_draft_and_not_published(backend: Backend) {
    let app = TestApp::start_with_env(backend, &[("DVC_OFFICIAL_2FA", "optional")]).await;
    let mut admin = official(&app, "quantri@dvc.gov.vn", BEN_THANH, &[Role::SystemAdmin]).await;
    let form = editor(&app, &mut admin, "1.001193").await;
    let first = field_keys(&form["in_force"])[0].clone();
    let twice = with_field(form["in_force"].clone(), &first, "Trùng", false);
    let saved = admin
        .call_json(&app.router, "save_form_draft", &json!({"code": "1.001193", "schema": twice.to_string()}))
        .await;
    assert_eq!(saved.status, 200, "{}", saved.body);
    assert!(saved.json()[0].as_str().unwrap().contains("twice"), "{}", saved.body);
    let refused = admin.call(&app.router, "publish_form", &[("code", "1.001193"), ("effective_from", &today())]).await;
    assert_eq!(refused.status, 422, "{}", refused.body);
    assert!(refused.body.contains("FormInvalid"), "{}", refused.body);
    // The draft is kept for correcting; nothing unreadable is stored.
    assert!(editor(&app, &mut admin, "1.001193").await["draft"].is_object());
    let garbage = admin
        .call_json(&app.router, "save_form_draft", &json!({"code": "1.001193", "schema": "{\"sections\": 3"}))
        .await;
    assert_eq!(garbage.status, 422, "{}", garbage.body);
    // A day already past is refused.
    let fixed = with_field(form["in_force"].clone(), "ghi_chu", "Ghi chú", false);
    admin.call_json(&app.router, "save_form_draft", &json!({"code": "1.001193", "schema": fixed.to_string()})).await;
    let past = admin.call(&app.router, "publish_form", &[("code", "1.001193"), ("effective_from", "2020-01-01")]).await;
    assert_eq!(past.status, 422, "{}", past.body);
    assert_eq!(count(&app, "form_versions WHERE published_at IS NULL").await, 1);
    app.finish().await;
}

async fn local_terms(app: &TestApp, agency: &str, procedure: &str) -> Option<i64> {
    use sea_orm::{ConnectionTrait, Statement};
    let sql = format!(
        "SELECT processing_days FROM procedure_agencies WHERE agency_id = (SELECT id FROM agencies WHERE code = '{agency}') \
         AND procedure_id = (SELECT id FROM procedures WHERE code = '{procedure}')"
    );
    let row = app.db.query_one_raw(Statement::from_string(app.db.get_database_backend(), sql)).await.unwrap().unwrap();
    row.try_get_by_index::<Option<i32>>(0).unwrap().map(i64::from)
}

async fn an_agency_administrator_changes_their_own_agency_only(backend: Backend) {
    let app = TestApp::start_with_env(backend, &[("DVC_OFFICIAL_2FA", "optional")]).await;
    let mut admin = official(&app, "quantri@benthanh.vn", BEN_THANH, &[Role::AgencyAdmin]).await;
    let list = admin.call(&app.router, "list_adoptions", &[("query", "")]).await;
    assert_eq!(list.status, 200, "{}", list.body);
    let list = list.json();
    let find = |code: &str| list.as_array().unwrap().iter().find(|r| r["code"] == code).cloned();
    assert_eq!(find("1.001193").unwrap()["adopted"], true);
    assert_eq!(find("1.004222").unwrap()["adopted"], false, "temporary residence is the ward police's");
    assert!(find("2.000488").is_none(), "a provincial department's procedure is not a ward's to adopt");
    // Its own processing days: Bến Thành's row changes, Hoàn Kiếm's does not.
    let terms = json!({"terms": {"code": "1.001193", "processing_days": 2, "fee_amounts": null}});
    assert_eq!(admin.call_json(&app.router, "set_local_terms", &terms).await.status, 200);
    assert_eq!(local_terms(&app, BEN_THANH, "1.001193").await, Some(2));
    assert_eq!(local_terms(&app, HOAN_KIEM, "1.001193").await, None);
    for (bad, field) in [
        (json!({"code": "1.001193", "processing_days": 400, "fee_amounts": null}), "processing_days"),
        (json!({"code": "1.001193", "processing_days": null, "fee_amounts": [1, 2, 3, 4, 5]}), "fee_amounts"),
    ] {
        let reply = admin.call_json(&app.router, "set_local_terms", &json!({"terms": bad})).await;
        assert_eq!(reply.status, 422, "{}", reply.body);
        assert!(reply.body.contains(field), "{}", reply.body);
    }
    assert_eq!(local_terms(&app, BEN_THANH, "1.001193").await, Some(2), "a bad change changes nothing");
    // Terms of a procedure it does not implement, or adopting another tier's: not found.
    let other = json!({"terms": {"code": "1.004222", "processing_days": 2, "fee_amounts": null}});
    assert_eq!(admin.call_json(&app.router, "set_local_terms", &other).await.status, 404);
    assert_eq!(admin.call(&app.router, "adopt_procedure", &[("code", "2.000488")]).await.status, 404);
    // Adopting temporary residence makes Bến Thành's committee an implementing agency.
    assert_eq!(admin.call(&app.router, "adopt_procedure", &[("code", "1.004222")]).await.status, 200);
    let mut visitor = Browser::new();
    let here = visitor.call(&app.router, "list_implementers", &[("code", "1.004222"), ("province", "79")]).await.json();
    assert!(here.as_array().unwrap().iter().any(|o| o["agency"]["code"] == BEN_THANH), "{here}");
    // Its own form: a version of Bến Thành's, the national form untouched.
    let form = editor(&app, &mut admin, "1.001193").await;
    assert!(form["agency"]["vi"].as_str().unwrap().contains("Bến Thành"));
    let own = with_field(form["in_force"].clone(), "so_nha_rieng", "Số nhà (riêng của phường)", true);
    assert_eq!(publish(&app, &mut admin, "1.001193", &own).await, 1);
    assert_eq!(
        count(&app, "form_versions WHERE agency_id IS NULL AND procedure_id = (SELECT id FROM procedures WHERE code = '1.001193')").await,
        1
    );
    // A citizen applying to Bến Thành gets its form; one applying to Hoàn Kiếm the national one.
    let mut an = citizen(&app.router, 1).await;
    let context = an.call(&app.router, "load_application", &[("code", "1.001193")]).await.json();
    assert_eq!(context["agency"]["answer"]["code"], BEN_THANH);
    assert!(field_keys(&context["form"]).contains(&"so_nha_rieng".to_owned()));
    let mut data = birth_declaration();
    data["_agency"] = json!({"province": 79, "code": BEN_THANH});
    let (id, key) = new_draft(&app, &mut an, data).await;
    assert_eq!(an.upload(&app.router, &id, 2, &[("giay-chung-sinh.pdf", &pdf(100))]).await.status, 201);
    let missing = submit(&app, &mut an, &id, &key).await;
    assert_eq!(missing.status, 422, "Bến Thành's required field is asked: {}", missing.body);
    assert!(missing.body.contains("so_nha_rieng"), "{}", missing.body);
    // Another agency's administrator edits their own form, never Bến Thành's.
    let mut theirs = official(&app, "quantri@hoankiem.vn", HOAN_KIEM, &[Role::AgencyAdmin]).await;
    let their_form = editor(&app, &mut theirs, "1.001193").await;
    assert!(!field_keys(&their_form["in_force"]).contains(&"so_nha_rieng".to_owned()));
    // Officials who do not administer are refused.
    let mut receiver = official(&app, "tiepnhan@benthanh.vn", BEN_THANH, &[Role::Receiver]).await;
    assert_eq!(receiver.call(&app.router, "get_form_editor", &[("code", "1.001193")]).await.status, 403);
    assert_eq!(
        count(&app, "audit_log WHERE action IN ('procedure.terms', 'procedure.adopt', 'form.publish')").await,
        3
    );
    app.finish().await;
}

on_both_databases!(
    a_dossier_keeps_the_form_version_it_was_filed_under,
    a_form_with_problems_is_kept_as_a_draft_and_not_published,
    an_agency_administrator_changes_their_own_agency_only,
);
