//! Implementing agencies through the real router on SQLite and PostgreSQL:
//! who implements what after the seed, the open data, the choice of agency
//! on applying (preselected from the address, checked on submission), the
//! dossier belonging to the agency it was filed at, and local terms.

use crate::common::dossiers::{birth_declaration, count, exec, new_draft, official, step, submit};
use crate::common::{Backend, TestApp, citizen, pdf};
use app::domain::access::Role;
use serde_json::{Value, json};

/// UBND phường Hoàn Kiếm (Hà Nội, ward 70).
const HOAN_KIEM: &str = "000.20.01.H26";
/// UBND phường Bến Thành (TP. Hồ Chí Minh): the agency birth registration names.
const BEN_THANH: &str = "000.20.01.H29";

fn codes(page: &Value) -> Vec<String> {
    page["items"].as_array().unwrap().iter().map(|a| a["code"].as_str().unwrap().to_owned()).collect()
}

/// How many agencies implement the procedure `code`.
async fn implementers(app: &TestApp, code: &str) -> i64 {
    count(app, &format!("procedure_agencies pa JOIN procedures p ON p.id = pa.procedure_id WHERE p.code = '{code}'"))
        .await
}

async fn every_procedure_is_implemented_where_it_belongs(backend: Backend) {
    let app = TestApp::start(backend).await;
    // A ward committee's procedure: every ward, commune and special zone.
    let wards = count(&app, "agencies WHERE ward_code IS NOT NULL").await;
    assert_eq!(wards, 3321);
    assert_eq!(implementers(&app, "1.001193").await, wards);
    // A provincial department's procedure: that department in all 34 provinces.
    assert_eq!(implementers(&app, "2.000488").await, 34);
    // Open data: the procedure says how many, the agency list names them.
    let (status, detail) = app.get_json("/api/v1/procedures/1.001193").await;
    assert_eq!(status, 200);
    assert_eq!(detail["implementer_count"], 3321);
    assert_eq!(detail["any_desk"], false);
    let (_, certification) = app.get_json("/api/v1/procedures/2.000815").await;
    assert_eq!(certification["any_desk"], true);
    let (_, found) = app.get_json("/api/v1/agencies?procedure=1.001193&q=hoan+kiem").await;
    assert_eq!(codes(&found), vec![HOAN_KIEM]);
    let (_, hanoi) = app.get_json("/api/v1/agencies?procedure=2.000488&province=1").await;
    assert_eq!(codes(&hanoi), vec!["000.00.31.H26"]);
    let (_, none) = app.get_json("/api/v1/agencies?procedure=9.999999").await;
    assert_eq!(none["total"], 0);
    // Reloading the seed adds nothing and keeps local terms.
    let of_hoan_kiem = count(
        &app,
        &format!("procedure_agencies WHERE agency_id = (SELECT id FROM agencies WHERE code = '{HOAN_KIEM}')"),
    )
    .await;
    assert!(of_hoan_kiem >= 10, "every ward procedure: {of_hoan_kiem}");
    exec(
        &app,
        &format!(
            "UPDATE procedure_agencies SET processing_days = 3 WHERE agency_id = \
         (SELECT id FROM agencies WHERE code = '{HOAN_KIEM}')"
        ),
    )
    .await;
    let report = app::server::seed::load(&app.db, &crate::common::repo_seed_dir()).await.unwrap();
    assert_eq!(report.implementers, 0);
    assert_eq!(implementers(&app, "1.001193").await, wards);
    assert_eq!(count(&app, "procedure_agencies WHERE processing_days = 3").await, of_hoan_kiem);
    app.finish().await;
}

/// A birth registration filed at `agency`: (citizen, reply).
async fn file_at(app: &TestApp, n: u32, agency: Value) -> (crate::common::Browser, crate::common::Reply, String) {
    let mut citizen = citizen(&app.router, n).await;
    let mut data = birth_declaration();
    data["_agency"] = agency;
    let (id, key) = new_draft(app, &mut citizen, data).await;
    assert_eq!(citizen.upload(&app.router, &id, 2, &[("giay-chung-sinh.pdf", &pdf(100))]).await.status, 201);
    let reply = submit(app, &mut citizen, &id, &key).await;
    (citizen, reply, id)
}

async fn a_dossier_belongs_to_the_ward_it_was_filed_at(backend: Backend) {
    let app = TestApp::start_with_env(backend, &[("DVC_OFFICIAL_2FA", "optional")]).await;
    let (_, reply, _) = file_at(&app, 1, json!({"province": 1, "code": HOAN_KIEM})).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    let code = reply.json()["code"].as_str().unwrap().to_owned();
    assert!(code.starts_with(HOAN_KIEM), "the code is Hoàn Kiếm's own sequence: {code}");
    // Hoàn Kiếm's receiver sees it in the new queue and opens it.
    let mut here = official(&app, "tiepnhan@hoankiem.vn", HOAN_KIEM, &[Role::Receiver]).await;
    let queue = json!({"query": {"queue": "new", "status": null, "procedure_code": null, "sector_id": null,
        "from": null, "to": null, "due": null, "search": null, "after": null}});
    let page = here.call_json(&app.router, "list_queue", &queue).await.json();
    let listed: Vec<&str> = page["rows"].as_array().unwrap().iter().map(|r| r["code"].as_str().unwrap()).collect();
    assert_eq!(listed, vec![code.as_str()]);
    assert_eq!(here.call(&app.router, "get_case", &[("code", &code)]).await.status, 200);
    // Another ward, in the same city or the one the procedure names, knows nothing of it.
    for (email, agency) in [("tiepnhan@benthanh.vn", BEN_THANH), ("tiepnhan@hangbai.vn", "000.20.02.H26")] {
        let Some(_) = agency_exists(&app, agency).await else { continue };
        let mut other = official(&app, email, agency, &[Role::Receiver]).await;
        assert_eq!(other.call(&app.router, "get_case", &[("code", &code)]).await.status, 404, "{agency}");
        let page = other.call_json(&app.router, "list_queue", &queue).await.json();
        assert_eq!(page["rows"], json!([]), "{agency}");
    }
    app.finish().await;
}

async fn agency_exists(app: &TestApp, code: &str) -> Option<()> {
    (count(app, &format!("agencies WHERE code = '{code}'")).await == 1).then_some(())
}

async fn an_agency_that_does_not_implement_it_is_refused_and_nothing_is_filed(backend: Backend) {
    let app = TestApp::start(backend).await;
    // The Department of Justice does not register births; no agency has the second code.
    for (n, agency, rule) in [
        (1, json!({"province": 79, "code": "000.00.31.H29"}), "NotImplementing"),
        (2, json!({"province": 1, "code": "000.99.99.H99"}), "NotImplementing"),
        (3, json!({"province": 1, "code": ""}), "Required"),
    ] {
        let (mut citizen, reply, id) = file_at(&app, n, agency).await;
        assert_eq!(reply.status, 422, "{}", reply.body);
        let errors: Value = reply.json();
        assert!(errors.to_string().contains("_agency.code") && errors.to_string().contains(rule), "{errors}");
        // The draft is still there to correct.
        assert_eq!(citizen.call(&app.router, "get_draft", &[("id", &id)]).await.status, 200);
    }
    assert_eq!(count(&app, "dossiers").await, 0);
    app.finish().await;
}

async fn the_apply_page_preselects_the_citizens_ward_and_offers_its_province(backend: Backend) {
    let app = TestApp::start(backend).await;
    let mut citizen = citizen(&app.router, 1).await;
    exec(&app, "UPDATE users SET province_code = 1, ward_code = 70 WHERE email = 'citizen1@example.vn'").await;
    let reply = citizen.call(&app.router, "load_application", &[("code", "1.001193")]).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    let choice = &reply.json()["agency"];
    assert_eq!(choice["answer"], json!({"province": 1, "code": HOAN_KIEM}));
    assert_eq!(choice["by_province"], true);
    let options = choice["options"].as_array().unwrap();
    let hanoi_wards = count(&app, "agencies WHERE ward_code IS NOT NULL AND province_code = 1").await;
    assert_eq!(options.len() as i64, hanoi_wards);
    assert!(options.iter().all(|o| o["agency"]["code"].as_str().unwrap().ends_with(".H26")));
    // Another province's list, for the picker.
    let reply = citizen.call(&app.router, "list_implementers", &[("code", "2.000488"), ("province", "79")]).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    let list = reply.json();
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(list[0]["agency"]["code"], "000.00.31.H29");
    // A citizen without an address starts in the province of the agency the procedure names.
    let mut other = crate::common::citizen(&app.router, 2).await;
    let choice = other.call(&app.router, "load_application", &[("code", "1.001193")]).await.json()["agency"].clone();
    assert_eq!(choice["answer"], json!({"province": 79, "code": BEN_THANH}));
    app.finish().await;
}

async fn an_agencys_own_processing_days_and_fees_apply_to_its_dossiers(backend: Backend) {
    let app = TestApp::start_with_env(backend, &[("DVC_OFFICIAL_2FA", "optional")]).await;
    app.clock.set("2026-12-07T02:00:00Z".parse().unwrap()); // a Monday, 9:00 in Vietnam
    let fee = json!([{"label": {"vi": "Lệ phí đăng ký khai sinh", "en": "Charge"}, "amount_vnd": 8000, "stage": "submission"}]);
    exec(
        &app,
        &format!(
            "UPDATE procedure_agencies SET processing_days = 3, fees = '{fee}' WHERE agency_id = \
         (SELECT id FROM agencies WHERE code = '{HOAN_KIEM}') AND procedure_id = \
         (SELECT id FROM procedures WHERE code = '1.001193')"
        ),
    )
    .await;
    let mut visitor = crate::common::Browser::new();
    let list = visitor.call(&app.router, "list_implementers", &[("code", "1.001193"), ("province", "1")]).await.json();
    let hoan_kiem = list.as_array().unwrap().iter().find(|o| o["agency"]["code"] == HOAN_KIEM).unwrap().clone();
    assert_eq!(hoan_kiem["processing_days"], 3);
    assert_eq!(hoan_kiem["fees"][0]["amount_vnd"], 8000);
    // Filed there, the dossier asks for Hoàn Kiếm's fee ...
    let (mut citizen, reply, _) = file_at(&app, 1, json!({"province": 1, "code": HOAN_KIEM})).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    let code = reply.json()["code"].as_str().unwrap().to_owned();
    let mine = citizen.call(&app.router, "get_my_dossier", &[("code", &code)]).await.json();
    assert_eq!(mine["summary"]["status"], "PaymentRequested");
    assert_eq!(mine["payments"]["due_vnd"], 8000);
    assert_eq!(mine["payments"]["fees"][0]["amount_vnd"], 8000, "the fees listed are Hoàn Kiếm's");
    // ... and, accepted (the fee recorded at the desk), runs on its 3 days.
    let mut receiver = official(&app, "tiepnhan@hoankiem.vn", HOAN_KIEM, &[Role::Receiver]).await;
    let version = mine["version"].as_i64().unwrap();
    let version = step(&app, &mut receiver, &code, version, "record_fee", json!({"reference": "BL-01"})).await;
    step(&app, &mut receiver, &code, version, "accept", json!({})).await;
    let mine = citizen.call(&app.router, "get_my_dossier", &[("code", &code)]).await.json();
    assert_eq!(mine["clock"]["deadline"]["processing_days"], 3, "{}", mine["clock"]);
    assert_eq!(mine["clock"]["deadline"]["due"], "2026-12-10");
    // Bến Thành keeps the procedure's own terms (the same day, no fee).
    let (mut other, reply, _) = file_at(&app, 2, json!({"province": 79, "code": BEN_THANH})).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    let code = reply.json()["code"].as_str().unwrap().to_owned();
    let theirs = other.call(&app.router, "get_my_dossier", &[("code", &code)]).await.json();
    assert_eq!(theirs["summary"]["status"], "Submitted");
    assert_eq!(theirs["payments"]["fees"][0]["amount_vnd"], 0);
    app.finish().await;
}

/// The actions `who` is offered on the case `code`.
async fn offered(app: &TestApp, who: &mut crate::common::Browser, code: &str) -> Vec<String> {
    let case = who.call(&app.router, "get_case", &[("code", code)]).await;
    assert_eq!(case.status, 200, "{}", case.body);
    case.json()["actions"].as_array().unwrap().iter().map(|a| a.as_str().unwrap().to_owned()).collect()
}

async fn a_dossier_filed_at_any_desk_is_decided_where_it_belongs_on_one_clock(backend: Backend) {
    let app = TestApp::start_with_env(backend, &[("DVC_OFFICIAL_2FA", "optional")]).await;
    app.clock.set("2026-12-07T02:00:00Z".parse().unwrap()); // a Monday, 9:00 in Vietnam
    // Filed in Hà Nội, received at Hoàn Kiếm.
    let (mut citizen, reply, _) = file_at(&app, 1, json!({"province": 1, "code": HOAN_KIEM})).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    let code = reply.json()["code"].as_str().unwrap().to_owned();
    let mut receiver = official(&app, "tiepnhan@hoankiem.vn", HOAN_KIEM, &[Role::Receiver]).await;
    let v = step(&app, &mut receiver, &code, 1, "accept", json!({})).await;
    let due = citizen.call(&app.router, "get_my_dossier", &[("code", &code)]).await.json()["clock"]["deadline"]["due"]
        .clone();
    // Not a procedure filed at any desk: it is not handed on.
    assert!(!offered(&app, &mut receiver, &code).await.contains(&"hand_off".to_owned()));
    let refused =
        crate::common::dossiers::act(&app, &mut receiver, &code, v, "hand_off", json!({"agency": BEN_THANH})).await;
    assert_eq!(refused.status, 422, "{}", refused.body);
    assert!(refused.body.contains("NotHandedOff"), "{}", refused.body);
    exec(&app, "UPDATE procedures SET any_desk = TRUE WHERE code = '1.001193'").await;
    assert!(offered(&app, &mut receiver, &code).await.contains(&"hand_off".to_owned()));
    // Only to an agency that implements it, and not to itself.
    for agency in ["000.00.31.H29", HOAN_KIEM, ""] {
        let refused =
            crate::common::dossiers::act(&app, &mut receiver, &code, v, "hand_off", json!({"agency": agency})).await;
        assert_eq!(refused.status, 422, "{agency}: {}", refused.body);
    }
    let note =
        receiver.call(&app.router, "add_case_note", &[("code", &code), ("body", "Đã đối chiếu bản chính")]).await;
    assert_eq!(note.status, 200, "{}", note.body);
    // Handed to Bến Thành (TP. Hồ Chí Minh), with the clock it had.
    let v = step(&app, &mut receiver, &code, v, "hand_off", json!({"agency": BEN_THANH})).await;
    let mine = citizen.call(&app.router, "get_my_dossier", &[("code", &code)]).await.json();
    assert_eq!(mine["clock"]["deadline"]["due"], due, "one clock: the appointment stays");
    assert!(mine["summary"]["agency_name"]["vi"].as_str().unwrap().contains("Bến Thành"), "{}", mine["summary"]);
    let told = mine["timeline"].as_array().unwrap().iter().any(|e| {
        e["action"] == "hand_off" && e["detail"]["HandedTo"].as_str().is_some_and(|a| a.contains("Bến Thành"))
    });
    assert!(told, "the citizen sees where it went: {}", mine["timeline"]);
    // Hoàn Kiếm still reads it, and may do nothing more; it cannot be handed on twice.
    assert_eq!(offered(&app, &mut receiver, &code).await, Vec::<String>::new());
    let again =
        crate::common::dossiers::act(&app, &mut receiver, &code, v, "hand_off", json!({"agency": HOAN_KIEM})).await;
    assert_eq!(again.status, 403, "{}", again.body);
    // Bến Thành decides it: assigned, proposed, approved.
    let mut approver = official(&app, "lanhdao@benthanh.vn", BEN_THANH, &[Role::Approver]).await;
    let mut processor = official(&app, "xuly@benthanh.vn", BEN_THANH, &[Role::Processor]).await;
    let queue = json!({"query": {"queue": "unassigned", "status": null, "procedure_code": null, "sector_id": null,
        "from": null, "to": null, "due": null, "search": null, "after": null}});
    let page = processor.call_json(&app.router, "list_queue", &queue).await.json();
    assert_eq!(page["rows"][0]["code"], code.as_str(), "{page}");
    let v = step(&app, &mut processor, &code, v, "take", json!({})).await;
    let uploaded = processor.upload_to_dossier(&app.router, &code, 0, &[("ket-qua.pdf", &pdf(200))]).await;
    let result_file = uploaded.json()[0]["id"].as_str().unwrap().to_owned();
    let note = processor.call(&app.router, "add_case_note", &[("code", &code), ("body", "NỘI-BỘ Bến Thành")]).await;
    assert_eq!(note.status, 200, "{}", note.body);
    let proposal = json!({"result_file": result_file, "note": "NỘI-BỘ đề xuất"});
    let v = step(&app, &mut processor, &code, v, "propose_result", proposal).await;
    // The decider reads the receiver's note; the receiver reads its own note
    // and what the citizen reads, never the decider's working notes.
    let decider = processor.call(&app.router, "get_case", &[("code", &code)]).await.json();
    assert_eq!(decider["notes"].as_array().unwrap().len(), 2, "{decider}");
    assert!(decider.to_string().contains("NỘI-BỘ đề xuất"), "{decider}");
    let former = receiver.call(&app.router, "get_case", &[("code", &code)]).await;
    assert_eq!(former.status, 200, "{}", former.body);
    assert!(former.body.contains("Đã đối chiếu bản chính"), "{}", former.body);
    assert!(!former.body.contains("NỘI-BỘ"), "{}", former.body);
    let proposed = format!("/attachments/{result_file}");
    assert_eq!(receiver.get(&app.router, &proposed).await.status, 404, "a proposed result stays with the decider");
    assert_eq!(processor.get(&app.router, &proposed).await.status, 200);
    step(&app, &mut approver, &code, v, "approve", json!({})).await;
    assert_eq!(receiver.get(&app.router, &proposed).await.status, 200, "once approved, as the citizen");
    let mine = citizen.call(&app.router, "get_my_dossier", &[("code", &code)]).await.json();
    assert_eq!(mine["summary"]["status"], "Processed");
    assert_eq!(mine["clock"]["deadline"]["due"], due);
    // The reception counts for Hoàn Kiếm, whose code the dossier keeps.
    assert!(code.starts_with(HOAN_KIEM));
    let mut lead = official(&app, "lanhdao@hoankiem.vn", HOAN_KIEM, &[Role::Approver]).await;
    let stats = lead.call(&app.router, "get_statistics", &[]).await;
    assert_eq!(stats.status, 200, "{}", stats.body);
    assert_eq!(stats.json()[0]["received"], 1, "{}", stats.body);
    app.finish().await;
}

on_both_databases!(
    every_procedure_is_implemented_where_it_belongs,
    a_dossier_filed_at_any_desk_is_decided_where_it_belongs_on_one_clock,
    a_dossier_belongs_to_the_ward_it_was_filed_at,
    an_agency_that_does_not_implement_it_is_refused_and_nothing_is_filed,
    the_apply_page_preselects_the_citizens_ward_and_offers_its_province,
    an_agencys_own_processing_days_and_fees_apply_to_its_dossiers,
);
