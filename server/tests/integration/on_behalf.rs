//! Applying on behalf of another person (nộp thay) through the real router
//! on SQLite and PostgreSQL: the applicant names the person concerned and
//! uploads the authorisation; the dossier shows both; the person concerned
//! reads it (its files and live status too) once signed in with VNeID — and
//! only they, only reading.

use crate::common::dossiers::{birth_declaration, new_draft, official, step, submit};
use crate::common::*;
use crate::live;
use crate::vneid::sign_in_as;
use app::domain::access::Role;
use serde_json::json;

/// The sandbox's Đỗ Thu Trang, for whom An files.
const TRANG_ID: &str = "001196008642";
/// Where the authorisation goes among a draft's files.
const AUTHORISATION: u32 = app::domain::applicant::AUTHORISATION_DOCUMENT;

async fn listed(browser: &mut Browser, app: &TestApp) -> Vec<String> {
    let list = browser.call(&app.router, "list_my_dossiers", &[]).await.json();
    list.as_array().unwrap().iter().map(|d| d["code"].as_str().unwrap().to_owned()).collect()
}

/// An's draft for `person` (name, ID number), with the declaration's document.
async fn draft_for(app: &TestApp, an: &mut Browser, name: &str, id: &str) -> (String, String) {
    let mut answers = birth_declaration();
    answers["_organisation"] = json!("person");
    answers["_person_name"] = json!(name);
    answers["_person_id"] = json!(id);
    let (draft, key) = new_draft(app, an, answers).await;
    assert_eq!(an.upload(&app.router, &draft, 2, &[("giay-chung-sinh.pdf", &pdf(100))]).await.status, 201);
    (draft, key)
}

async fn the_person_concerned_follows_a_dossier_filed_for_them(backend: Backend) {
    let app = TestApp::start_served(backend, &[("DVC_VNEID_SANDBOX", "1"), ("DVC_OFFICIAL_2FA", "optional")]).await;
    let mut an = citizen(&app.router, 61).await;
    let mut binh = citizen(&app.router, 62).await;

    // Mistakes are all told at once, and nothing is filed.
    let (draft, key) = draft_for(&app, &mut an, " ", "0011").await;
    let refused = submit(&app, &mut an, &draft, &key).await;
    assert_eq!(
        refused.json(),
        json!({"Invalid": [
            {"field": "_person_name", "rule": "Required"},
            {"field": "_person_id", "rule": "CitizenIdLength"},
            {"field": "documents.1000", "rule": "DocumentMissing"},
        ]}),
    );
    // Naming oneself is not filing for someone else.
    let (draft, key) = draft_for(&app, &mut an, "Nguyễn Văn An", "001090000061").await;
    assert_eq!(an.upload(&app.router, &draft, AUTHORISATION, &[("uy-quyen.pdf", &pdf(100))]).await.status, 201);
    let refused = submit(&app, &mut an, &draft, &key).await;
    assert_eq!(refused.json(), json!({"Invalid": [{"field": "_person_id", "rule": "PersonIsYou"}]}));
    assert!(listed(&mut an, &app).await.is_empty());

    // For Bình, whose ID number is only what he typed when registering: he does not read it.
    let (draft, key) = draft_for(&app, &mut an, "Nguyễn Văn Bình", "001090000062").await;
    assert_eq!(an.upload(&app.router, &draft, AUTHORISATION, &[("uy-quyen.pdf", &pdf(100))]).await.status, 201);
    let for_binh = submit(&app, &mut an, &draft, &key).await;
    assert_eq!(for_binh.status, 200, "{}", for_binh.body);
    let for_binh = for_binh.json()["code"].as_str().unwrap().to_owned();
    assert!(listed(&mut binh, &app).await.is_empty(), "a typed ID number proves nothing");
    assert_eq!(binh.call(&app.router, "get_my_dossier", &[("code", &for_binh)]).await.status, 404);

    // For Trang, with her authorisation.
    let (draft, key) = draft_for(&app, &mut an, "Đỗ Thu Trang", "001 196 008 642").await;
    let upload = an.upload(&app.router, &draft, AUTHORISATION, &[("uy-quyen.pdf", &pdf(100))]).await;
    assert_eq!(upload.status, 201, "{}", upload.body);
    let authorisation = upload.json()[0]["id"].as_str().unwrap().to_owned();
    let filed = submit(&app, &mut an, &draft, &key).await;
    assert_eq!(filed.status, 200, "{}", filed.body);
    let code = filed.json()["code"].as_str().unwrap().to_owned();

    // The dossier shows both: the person concerned and who filed it, with the authorisation.
    let seen = an.call(&app.router, "get_my_dossier", &[("code", &code)]).await.json();
    let both = json!({"full_name": "Đỗ Thu Trang", "citizen_id": TRANG_ID, "acted_by": "Nguyễn Văn An", "channel": "online", "reader_is_person": false});
    assert_eq!(seen["for_person"], both);
    assert!(seen["attachments"].as_array().unwrap().iter().any(|f| f["document"] == AUTHORISATION));
    let mut receiver = official(&app, "tiepnhan.nopthay@test.dvc.vn", "000.20.01.H29", &[Role::Receiver]).await;
    let case = receiver.call(&app.router, "get_case", &[("code", &code)]).await.json();
    assert_eq!(case["applicant_name"], "Đỗ Thu Trang", "the queue names the person concerned");
    assert_eq!(case["dossier"]["for_person"]["acted_by"], "Nguyễn Văn An");
    assert_eq!(receiver.get(&app.router, &format!("/attachments/{authorisation}")).await.status, 200);

    // Trang signs in with VNeID: she finds it and reads it, files included, but cannot act on it.
    let mut trang = Browser::new();
    assert_eq!(sign_in_as(&app, &mut trang, "/login/vneid", "trang:2").await.status, 303);
    assert_eq!(listed(&mut trang, &app).await, vec![code.clone()]);
    let hers = trang.call(&app.router, "get_my_dossier", &[("code", &code)]).await;
    assert_eq!(hers.status, 200, "{}", hers.body);
    assert_eq!(hers.json()["for_person"]["reader_is_person"], true);
    assert_eq!(trang.get(&app.router, &format!("/attachments/{authorisation}")).await.status, 200);
    assert_eq!(trang.get(&app.router, &format!("/dossiers/{code}/confirmation.pdf")).await.status, 200);
    let withdraw = trang.call(&app.router, "withdraw_dossier", &[("code", &code), ("reason", "Không cần nữa")]).await;
    assert_eq!(withdraw.status, 404, "whoever filed it acts on it");
    assert_eq!(trang.call(&app.router, "get_my_dossier", &[("code", &for_binh)]).await.status, 404);
    // Nobody else reads it.
    assert!(!listed(&mut binh, &app).await.contains(&code));
    assert_eq!(binh.call(&app.router, "get_my_dossier", &[("code", &code)]).await.status, 404);
    assert_eq!(binh.get(&app.router, &format!("/attachments/{authorisation}")).await.status, 404);
    // The agency accepts it: Trang's live stream carries it, Bình's does not;
    // she reads the receipt (Form 01) too.
    let mut trang_stream = live::open(&app, &trang).await;
    let mut binh_stream = live::open(&app, &binh).await;
    step(&app, &mut receiver, &code, 1, "accept", json!({})).await;
    assert_eq!(live::drain(&mut trang_stream).await, vec![(code.clone(), "Accepted".to_owned())]);
    assert_eq!(live::drain(&mut binh_stream).await, vec![]);
    let told = trang.call(&app.router, "count_unread_notifications", &[]).await.json();
    assert_eq!(told, 1, "she is told, as the applicant is");
    let receipt = trang.get(&app.router, &format!("/dossiers/{code}/forms/01")).await;
    assert_eq!(receipt.status, 200, "{}", receipt.body);
    assert_eq!(binh.get(&app.router, &format!("/dossiers/{code}/forms/01")).await.status, 404);

    // An authorisation uploaded before choosing to file for oneself stays
    // behind, and the drafts' purge removes it.
    let (draft, key) = new_draft(&app, &mut an, birth_declaration()).await;
    assert_eq!(an.upload(&app.router, &draft, 2, &[("giay-chung-sinh.pdf", &pdf(100))]).await.status, 201);
    let upload = an.upload(&app.router, &draft, AUTHORISATION, &[("uy-quyen.pdf", &pdf(100))]).await;
    let left = upload.json()[0]["id"].as_str().unwrap().to_owned();
    let own = submit(&app, &mut an, &draft, &key).await;
    assert_eq!(own.status, 200, "{}", own.body);
    let own = an.call(&app.router, "get_my_dossier", &[("code", own.json()["code"].as_str().unwrap())]).await.json();
    assert_eq!(own["for_person"], json!(null));
    assert_eq!(own["attachments"].as_array().unwrap().len(), 1, "the authorisation is not filed");
    app::server::drafts::purge_expired(&app.db, &app.files, chrono::Utc::now()).await.unwrap();
    assert_eq!(an.get(&app.router, &format!("/attachments/{left}")).await.status, 404);
    app.finish().await;
}

on_both_databases!(the_person_concerned_follows_a_dossier_filed_for_them);
