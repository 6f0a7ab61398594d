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

/// Publishes the draft, seen as `schema`, from `day`.
async fn publish_form(app: &TestApp, who: &mut Browser, code: &str, schema: &Value, day: &str) -> crate::common::Reply {
    let body = json!({"code": code, "schema": schema.to_string(), "effective_from": day});
    who.call_json(&app.router, "publish_form", &body).await
}

/// Saves `schema` as the draft and publishes it from today: the version number.
async fn publish(app: &TestApp, who: &mut Browser, code: &str, schema: &Value) -> i64 {
    let saved =
        who.call_json(&app.router, "save_form_draft", &json!({"code": code, "schema": schema.to_string()})).await;
    assert_eq!(saved.status, 200, "{}", saved.body);
    assert_eq!(saved.json(), json!([]), "no problems");
    let published = publish_form(app, who, code, schema, &today()).await;
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
    let before = count(&app, "catalog_versions").await;
    app::server::seed::load(&app.db, &crate::common::repo_seed_dir()).await.unwrap();
    assert_eq!(count(&app, "catalog_versions").await, before);
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
    let refused = publish_form(&app, &mut admin, "1.001193", &twice, &today()).await;
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
    let past = publish_form(&app, &mut admin, "1.001193", &fixed, "2020-01-01").await;
    assert_eq!(past.status, 422, "{}", past.body);
    // What is published is what the administrator saw: another text is a conflict.
    let other = publish_form(&app, &mut admin, "1.001193", &twice, &today()).await;
    assert_eq!(other.status, 409, "{}", other.body);
    assert_eq!(count(&app, "catalog_versions WHERE kind = 'form' AND published_at IS NULL").await, 1);
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
    let adopted: Vec<bool> = list.as_array().unwrap().iter().map(|r| r["adopted"] == true).collect();
    assert!(adopted.windows(2).all(|w| w[0] || !w[1]), "the agency's own procedures come first: {adopted:?}");
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
        count(&app, "catalog_versions WHERE kind = 'form' AND agency_id IS NULL AND procedure_id = (SELECT id FROM procedures WHERE code = '1.001193')").await,
        1
    );
    // Where it is filed, Bến Thành is said to use a form of its own (the apply page offers it).
    let listed =
        visitor.call(&app.router, "list_implementers", &[("code", "1.001193"), ("province", "79")]).await.json();
    let listed = listed.as_array().unwrap();
    assert!(listed.iter().any(|o| o["agency"]["code"] == BEN_THANH && o["own_form"] == true), "{listed:?}");
    assert!(listed.iter().filter(|o| o["agency"]["code"] != BEN_THANH).all(|o| o["own_form"] == false));
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

async fn definition_editor(app: &TestApp, who: &mut Browser) -> Value {
    let reply = who.call(&app.router, "get_definition_editor", &[("code", "1.001193")]).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    reply.json()
}

async fn save_definition(app: &TestApp, who: &mut Browser, text: &str) -> Vec<String> {
    let reply = who.call_json(&app.router, "save_definition_draft", &json!({"code": "1.001193", "text": text})).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    serde_json::from_value(reply.json()).unwrap()
}

async fn publish_definition(app: &TestApp, who: &mut Browser, text: &str, day: &str) -> crate::common::Reply {
    let body = json!({"code": "1.001193", "text": text, "effective_from": day});
    who.call_json(&app.router, "publish_definition", &body).await
}

async fn public_detail(app: &TestApp) -> Value {
    let (status, detail) = app.get_json("/api/v1/procedures/1.001193").await;
    assert_eq!(status, 200);
    detail
}

/// Saving a draft while another request's transaction writes and then
/// commits: the save waits for it and succeeds (on SQLite, a save that read
/// before writing could not take the write lock after that commit).
async fn a_draft_is_saved_while_another_request_writes(backend: Backend) {
    use sea_orm::{ConnectionTrait, TransactionTrait};
    let app = TestApp::start_with_env(backend, &[("DVC_OFFICIAL_2FA", "optional")]).await;
    let mut admin = official(&app, "quantri@dvc.gov.vn", BEN_THANH, &[Role::SystemAdmin]).await;
    let v1 = definition_editor(&app, &mut admin).await["text"].as_str().unwrap().to_owned();
    // The first save writes a new draft, the second replaces it.
    for (round, text) in [v1.clone(), format!("{v1}\n# Lần lưu thứ hai.\n")].iter().enumerate() {
        let other = app.db.begin().await.unwrap();
        other.execute_unprepared("UPDATE agencies SET name_en = name_en WHERE id = 1").await.unwrap();
        let body = json!({"code": "1.001193", "text": text});
        let (saved, ()) = tokio::join!(admin.call_json(&app.router, "save_definition_draft", &body), async {
            tokio::time::sleep(std::time::Duration::from_millis(300)).await;
            other.commit().await.unwrap();
        });
        assert_eq!(saved.status, 200, "save {round}: {}", saved.body);
        assert_eq!(definition_editor(&app, &mut admin).await["text"], text.as_str());
    }
    assert_eq!(count(&app, "catalog_versions WHERE kind = 'definition' AND published_at IS NULL").await, 1);
    app.finish().await;
}

async fn a_national_definition_changes_in_versions_and_dossiers_keep_theirs(backend: Backend) {
    let app = TestApp::start_with_env(backend, &[("DVC_OFFICIAL_2FA", "optional")]).await;
    // Filed under version 1 (the seed's).
    let (mut an, filed_before) = crate::common::dossiers::submitted(&app, 1).await;
    assert_eq!(public_detail(&app).await["version"]["number"], 1);
    let mut admin = official(&app, "quantri@dvc.gov.vn", BEN_THANH, &[Role::SystemAdmin]).await;
    let editor = definition_editor(&app, &mut admin).await;
    assert_eq!(editor["is_draft"], false);
    assert_eq!(editor["problems"], json!([]));
    let v1 = editor["text"].as_str().unwrap().to_owned();
    // Every version downloads as a catalog file the seed reads.
    let (status, headers, exported) = app.get_text("/api/v1/procedures/1.001193/versions/1").await;
    assert_eq!(status, 200);
    assert!(headers["content-type"].to_str().unwrap().starts_with("application/toml"));
    assert_eq!(exported, v1);
    let (sector, definition) = app::server::definitions::read(&exported).unwrap();
    assert_eq!((sector.as_str(), definition.code.as_str(), definition.processing_days), ("ho-tich", "1.001193", 0));
    assert_eq!(app.get_text("/api/v1/procedures/1.001193/versions/9").await.0, 404);

    // A draft is kept even before it reads, and is not published while it has problems.
    let broken = format!("{v1}\n[[procedure");
    assert!(!save_definition(&app, &mut admin, &broken).await.is_empty());
    assert_eq!(definition_editor(&app, &mut admin).await["text"], broken.as_str(), "nothing typed is lost");
    let refused = publish_definition(&app, &mut admin, &broken, &today()).await;
    assert_eq!(refused.status, 422, "{}", refused.body);
    let renamed = v1.replacen("code = \"1.001193\"", "code = \"1.000894\"", 1);
    assert_eq!(save_definition(&app, &mut admin, &renamed).await, ["the code must stay 1.001193"]);
    let unknown = v1.replacen("60/2014/QH13", "99/2099/QH99", 1);
    assert!(save_definition(&app, &mut admin, &unknown).await[0].contains("99/2099/QH99"));
    let refused = publish_definition(&app, &mut admin, &unknown, &today()).await;
    assert_eq!(refused.status, 422, "{}", refused.body);
    let twice = v1.replacen("\"60/2014/QH13\",", "\"60/2014/QH13\", \"60/2014/QH13\",", 1);
    assert_ne!(twice, v1);
    assert_eq!(save_definition(&app, &mut admin, &twice).await, ["legal document 60/2014/QH13 is listed twice"]);
    // Fewer documents than the online form names: the form would no longer fit.
    let mut fewer = definition.clone();
    fewer.documents.truncate(1);
    let fewer = app::server::definitions::write(&sector, &fewer).unwrap();
    let problems = save_definition(&app, &mut admin, &fewer).await;
    assert!(problems.iter().any(|p| p.starts_with("the national form, version 1")), "{problems:?}");
    assert_eq!(public_detail(&app).await["processing_days"], 0, "nothing changed");

    // Version 2: three working days and a new step, in force today.
    let mut changed = definition.clone();
    changed.processing_days = 3;
    changed.steps.push(app::domain::text::LocalText::new("Bước thêm do Bộ quy định", "An added step"));
    let old_name = changed.documents[1].vi.clone();
    changed.documents[1].vi = "Giấy chứng sinh (mẫu mới)".to_owned();
    let v2 = app::server::definitions::write(&sector, &changed).unwrap();
    assert_eq!(save_definition(&app, &mut admin, &v2).await, Vec::<String>::new());
    // What is published is what the administrator saw: another text is a conflict.
    assert_eq!(publish_definition(&app, &mut admin, &v1, &today()).await.status, 409);
    let published = publish_definition(&app, &mut admin, &v2, &today()).await;
    assert_eq!(published.status, 200, "{}", published.body);
    assert_eq!(published.json(), 2);
    let detail = public_detail(&app).await;
    assert_eq!(detail["processing_days"], 3);
    assert_eq!(detail["version"]["number"], 2);
    assert!(detail["steps"].to_string().contains("Bước thêm do Bộ quy định"));
    assert_eq!(count(&app, "audit_log WHERE action = 'definition.publish'").await, 1);

    // The dossier filed before keeps version 1; a new one is filed under version 2.
    let before = an.call(&app.router, "get_my_dossier", &[("code", &filed_before)]).await.json();
    assert_eq!(before["filed_under"]["number"], 1, "{}", before["filed_under"]);
    assert_eq!(before["documents"][1]["vi"], old_name.as_str(), "its documents as version 1 named them");
    let filed_after = crate::common::dossiers::submit_another(&app, &mut an).await;
    let after = an.call(&app.router, "get_my_dossier", &[("code", &filed_after)]).await.json();
    assert_eq!(after["filed_under"]["number"], 2);
    assert_eq!(after["documents"][1]["vi"], "Giấy chứng sinh (mẫu mới)");

    // Version 3 from tomorrow: today's page still shows version 2, tomorrow's version 3.
    changed.processing_days = 5;
    let v3 = app::server::definitions::write(&sector, &changed).unwrap();
    save_definition(&app, &mut admin, &v3).await;
    let tomorrow = (app::domain::dossier::vietnam_date(chrono::Utc::now()) + chrono::Duration::days(1)).to_string();
    let later = publish_definition(&app, &mut admin, &v3, &tomorrow).await;
    assert_eq!(later.json(), 3, "{}", later.body);
    assert_eq!(public_detail(&app).await["processing_days"], 3);
    // Restarting (the seed's files unchanged) keeps the administrator's versions.
    let versions = count(&app, "catalog_versions").await;
    app::server::seed::load(&app.db, &crate::common::repo_seed_dir()).await.unwrap();
    assert_eq!(count(&app, "catalog_versions").await, versions);
    assert_eq!(public_detail(&app).await["processing_days"], 3);
    {
        use sea_orm::TransactionTrait;
        let txn = app.db.begin().await.unwrap();
        let day = tomorrow.parse().unwrap();
        assert_eq!(app::server::definitions::bring_in_force(&txn, day).await.unwrap(), 1);
        txn.commit().await.unwrap();
    }
    assert_eq!(public_detail(&app).await["processing_days"], 5);

    // Agency administrators and other officials never change a national definition.
    let mut agency_admin = official(&app, "quantri@benthanh.vn", BEN_THANH, &[Role::AgencyAdmin]).await;
    let mut receiver = official(&app, "tiepnhan@benthanh.vn", BEN_THANH, &[Role::Receiver]).await;
    for who in [&mut agency_admin, &mut receiver] {
        assert_eq!(who.call(&app.router, "get_definition_editor", &[("code", "1.001193")]).await.status, 403);
        let save = who.call_json(&app.router, "save_definition_draft", &json!({"code": "1.001193", "text": v1})).await;
        assert_eq!(save.status, 403);
        assert_eq!(publish_definition(&app, who, &v1, &today()).await.status, 403);
    }
    assert_eq!(count(&app, "catalog_versions WHERE kind = 'definition' AND published_at IS NULL").await, 0);
    app.finish().await;
}

async fn create(app: &TestApp, who: &mut Browser, text: &str) -> crate::common::Reply {
    who.call_json(&app.router, "create_procedure", &json!({"text": text})).await
}

/// What creating answered: the code, or the problems.
fn created(reply: &crate::common::Reply) -> Result<String, Vec<String>> {
    assert_eq!(reply.status, 200, "{}", reply.body);
    match reply.json() {
        Value::Object(answer) if answer.contains_key("Created") => Ok(answer["Created"].as_str().unwrap().to_owned()),
        answer => Err(serde_json::from_value(answer["Problems"].clone()).expect("problems")),
    }
}

async fn a_system_administrator_creates_a_national_procedure(backend: Backend) {
    let app = TestApp::start_with_env(backend, &[("DVC_OFFICIAL_2FA", "optional")]).await;
    let mut admin = official(&app, "quantri@dvc.gov.vn", BEN_THANH, &[Role::SystemAdmin]).await;
    let procedures = count(&app, "procedures").await;
    // The page's starting text is not a procedure yet: every gap is listed, nothing is created.
    let problems = created(&create(&app, &mut admin, app::domain::catalog::NEW_DEFINITION).await).unwrap_err();
    assert!(problems.iter().any(|p| p.contains("not a national procedure code")), "{problems:?}");
    assert!(problems.iter().any(|p| p.contains("unknown sector")), "{problems:?}");
    assert_eq!(created(&create(&app, &mut admin, "sector = [").await).unwrap_err().len(), 1);
    // A procedure of a ward committee, written like 1.001193.
    let (_, _, text) = app.get_text("/api/v1/procedures/1.001193/versions/1").await;
    let (sector, mut definition) = app::server::definitions::read(&text).unwrap();
    definition.code = "1.999901".to_owned();
    definition.name_vi = "Đăng ký thử nghiệm thủ tục mới".to_owned();
    let new = app::server::definitions::write(&sector, &definition).unwrap();
    // Nobody but a system administrator creates one.
    let mut agency_admin = official(&app, "quantri@benthanh.vn", BEN_THANH, &[Role::AgencyAdmin]).await;
    let mut receiver = official(&app, "tiepnhan@benthanh.vn", BEN_THANH, &[Role::Receiver]).await;
    assert_eq!(create(&app, &mut agency_admin, &new).await.status, 403);
    assert_eq!(create(&app, &mut receiver, &new).await.status, 403);
    assert_eq!(count(&app, "procedures").await, procedures);

    // Only the new procedure's implementers are written (not every procedure's again).
    let pa = "procedure_agencies WHERE procedure_id = (SELECT id FROM procedures WHERE code = '1.001193')";
    crate::common::dossiers::exec(&app, &format!("DELETE FROM {pa}")).await;
    assert_eq!(created(&create(&app, &mut admin, &new).await), Ok("1.999901".to_owned()));
    assert_eq!(count(&app, pa).await, 0);
    assert_eq!(count(&app, "procedures").await, procedures + 1);
    let (status, detail) = app.get_json("/api/v1/procedures/1.999901").await;
    assert_eq!(status, 200, "{detail}");
    assert_eq!(detail["name"]["vi"], "Đăng ký thử nghiệm thủ tục mới");
    assert_eq!(detail["version"]["number"], 1);
    assert_eq!(app.get_text("/api/v1/procedures/1.999901/versions/1").await.2, new);
    // Every ward implements it, as every ward implements 1.001193.
    let implementers = "procedure_agencies pa JOIN procedures p ON p.id = pa.procedure_id WHERE p.code = ";
    assert_eq!(
        count(&app, &format!("{implementers}'1.999901'")).await,
        count(&app, "agencies WHERE ward_code IS NOT NULL").await
    );
    assert_eq!(count(&app, "audit_log WHERE action = 'definition.create'").await, 1);
    // A code that exists is edited, not created again.
    let again = created(&create(&app, &mut admin, &new).await).unwrap_err();
    assert_eq!(again, ["procedure 1.999901 exists already: edit its definition instead"]);
    // From now on it is edited in versions like any other.
    let editor = admin.call(&app.router, "get_definition_editor", &[("code", "1.999901")]).await.json();
    assert_eq!(editor["versions"].as_array().unwrap().len(), 1, "{editor}");
    assert_eq!(editor["problems"], json!([]));
    app.finish().await;
}

/// Uploads a template with the templates page's plain form; answers where the browser is sent.
async fn upload_template(app: &TestApp, who: &mut Browser, title: &str, file: (&str, &[u8])) -> String {
    use axum::body::Body;
    use axum::http::Request;
    let (content_type, body) =
        crate::common::multipart(&[("title_vi", title), ("title_en", "")], &[("file", file.0, file.1)]);
    let request = who
        .request(Request::post("/templates"))
        .header("content-type", content_type)
        .header("accept", "text/html")
        .body(Body::from(body))
        .unwrap();
    let reply = who.send(&app.router, request).await;
    assert_eq!(reply.status, 303, "{}", reply.body);
    reply.location().unwrap().to_owned()
}

async fn a_new_procedure_offers_a_template_its_administrator_uploaded(backend: Backend) {
    let app = TestApp::start_with_env(backend, &[("DVC_OFFICIAL_2FA", "optional")]).await;
    let mut admin = official(&app, "quantri@dvc.gov.vn", BEN_THANH, &[Role::SystemAdmin]).await;
    let templates = count(&app, "templates").await;
    let form = pdf(300);
    let to = upload_template(&app, &mut admin, "Tờ khai thử nghiệm", ("Tờ khai thử nghiệm.pdf", &form)).await;
    assert_eq!(to, "/dashboard/templates?uploaded=T%E1%BB%9D%20khai%20th%E1%BB%AD%20nghi%E1%BB%87m%2Epdf");
    assert_eq!(count(&app, "audit_log WHERE action = 'template.upload'").await, 1);
    // The same name again, a page dressed as a PDF, no title: refused, nothing stored.
    let again = upload_template(&app, &mut admin, "Lần hai", ("Tờ khai thử nghiệm.pdf", &form)).await;
    assert_eq!(again, "/dashboard/templates?error=409");
    let html = b"<html><script>alert(1)</script></html>".as_slice();
    assert_eq!(upload_template(&app, &mut admin, "Trang", ("trang.pdf", html)).await, "/dashboard/templates?error=415");
    assert_eq!(upload_template(&app, &mut admin, " ", ("khac.pdf", &form)).await, "/dashboard/templates?error=422");
    // Only a system administrator uploads; an agency administrator reads the list.
    let mut agency_admin = official(&app, "quantri@benthanh.vn", BEN_THANH, &[Role::AgencyAdmin]).await;
    let refused = upload_template(&app, &mut agency_admin, "Mẫu", ("mau.pdf", &form)).await;
    assert_eq!(refused, "/dashboard/templates?error=403");
    assert_eq!(count(&app, "templates").await, templates + 1);
    let listed = agency_admin.call(&app.router, "list_templates", &[]).await;
    assert_eq!(listed.status, 200, "{}", listed.body);
    assert!(listed.body.contains("Tờ khai thử nghiệm.pdf"), "{}", listed.body);

    // A new procedure's document names it; citizens download it from the procedure page.
    let (_, _, text) = app.get_text("/api/v1/procedures/1.001193/versions/1").await;
    let (sector, mut definition) = app::server::definitions::read(&text).unwrap();
    definition.code = "1.999902".to_owned();
    definition.documents[0].template = Some("Tờ khai thử nghiệm.pdf".to_owned());
    let new = app::server::definitions::write(&sector, &definition).unwrap();
    assert_eq!(created(&create(&app, &mut admin, &new).await), Ok("1.999902".to_owned()));
    let (_, detail) = app.get_json("/api/v1/procedures/1.999902").await;
    let template = &detail["documents"][0]["template"];
    assert_eq!(template["title"]["vi"], "Tờ khai thử nghiệm", "{detail}");
    let href = serde_json::from_value::<app::domain::catalog::Template>(template.clone()).unwrap().href();
    let response = app.get(&href).await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "application/pdf");
    let body = axum::body::to_bytes(response.into_body(), usize::MAX).await.unwrap();
    assert_eq!(body.as_ref(), form.as_slice(), "the file as uploaded");

    // A restored copy is checked for it, and names it when its file is lost.
    let report = server::check_backup(&app.config).await.unwrap();
    assert_eq!(report.templates, 1, "{report}");
    assert!(report.is_sound(), "{report}");
    use app::server::entities::template;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let uploaded = template::Entity::find().filter(template::Column::StorageKey.is_not_null()).one(&app.db).await;
    let key = uploaded.unwrap().unwrap().storage_key.unwrap();
    std::fs::remove_file(app.stored_path(&key)).unwrap();
    let report = server::check_backup(&app.config).await.unwrap();
    assert_eq!(report.missing, [format!("template Tờ khai thử nghiệm.pdf ({key})")], "{report}");
    assert!(!report.is_sound());
    app.finish().await;
}

async fn a_draft_keeps_its_form_version_until_that_version_is_withdrawn(backend: Backend) {
    let app = TestApp::start_with_env(backend, &[("DVC_OFFICIAL_2FA", "optional")]).await;
    // Two citizens start under version 1.
    let mut an = citizen(&app.router, 1).await;
    let (an_draft, an_key) = new_draft(&app, &mut an, birth_declaration()).await;
    let mut binh = citizen(&app.router, 2).await;
    let (binh_draft, binh_key) = new_draft(&app, &mut binh, birth_declaration()).await;
    // Version 2 asks a new required question.
    let mut admin = official(&app, "quantri@dvc.gov.vn", BEN_THANH, &[Role::SystemAdmin]).await;
    let form = editor(&app, &mut admin, "1.001193").await;
    let v2 = with_field(form["in_force"].clone(), "ma_so_thue", "Mã số thuế người yêu cầu", true);
    assert_eq!(publish(&app, &mut admin, "1.001193", &v2).await, 2);
    // A draft keeps its version until submitted: not asked, filed under version 1.
    let context =
        an.call(&app.router, "load_application", &[("code", "1.001193"), ("draft_id", &an_draft)]).await.json();
    assert!(!field_keys(&context["form"]).contains(&"ma_so_thue".to_owned()));
    assert_eq!(context["form_changes"], Value::Null);
    assert_eq!(an.upload(&app.router, &an_draft, 2, &[("giay-chung-sinh.pdf", &pdf(100))]).await.status, 201);
    let filed = submit(&app, &mut an, &an_draft, &an_key).await;
    assert_eq!(filed.status, 200, "{}", filed.body);
    let code = filed.json()["code"].as_str().unwrap().to_owned();
    let mine = an.call(&app.router, "get_my_dossier", &[("code", &code)]).await.json();
    assert!(!field_keys(&mine["form"]).contains(&"ma_so_thue".to_owned()));

    // The version in force cannot be withdrawn; version 1 can.
    let in_force = admin.call(&app.router, "withdraw_form", &[("code", "1.001193"), ("number", "2")]).await;
    assert_eq!(in_force.status, 422, "{}", in_force.body);
    let withdrawn = admin.call(&app.router, "withdraw_form", &[("code", "1.001193"), ("number", "1")]).await;
    assert_eq!(withdrawn.status, 200, "{}", withdrawn.body);
    let versions = editor(&app, &mut admin, "1.001193").await["versions"].clone();
    assert_eq!(versions[1]["withdrawn"], true);
    assert_eq!(count(&app, "audit_log WHERE action = 'form.withdraw'").await, 1);
    // An agency administrator has no version 1 of their own to withdraw.
    let mut theirs = official(&app, "quantri@benthanh.vn", BEN_THANH, &[Role::AgencyAdmin]).await;
    let other = theirs.call(&app.router, "withdraw_form", &[("code", "1.001193"), ("number", "2")]).await;
    assert_eq!(other.status, 404, "{}", other.body);

    // Bình's draft moves to version 2, and she is told what changed.
    let context =
        binh.call(&app.router, "load_application", &[("code", "1.001193"), ("draft_id", &binh_draft)]).await.json();
    assert!(field_keys(&context["form"]).contains(&"ma_so_thue".to_owned()));
    assert_eq!(context["form_changes"]["added"][0]["vi"], "Mã số thuế người yêu cầu", "{}", context["form_changes"]);
    assert_eq!(context["form_changes"]["removed"], json!([]));
    assert_eq!(binh.upload(&app.router, &binh_draft, 2, &[("giay-chung-sinh.pdf", &pdf(100))]).await.status, 201);
    let asked = submit(&app, &mut binh, &binh_draft, &binh_key).await;
    assert_eq!(asked.status, 422, "{}", asked.body);
    assert!(asked.body.contains("ma_so_thue"), "{}", asked.body);
    app.finish().await;
}

on_both_databases!(
    a_draft_is_saved_while_another_request_writes,
    a_system_administrator_creates_a_national_procedure,
    a_new_procedure_offers_a_template_its_administrator_uploaded,
    a_draft_keeps_its_form_version_until_that_version_is_withdrawn,
    a_national_definition_changes_in_versions_and_dossiers_keep_theirs,
    a_dossier_keeps_the_form_version_it_was_filed_under,
    a_form_with_problems_is_kept_as_a_draft_and_not_published,
    an_agency_administrator_changes_their_own_agency_only,
);
