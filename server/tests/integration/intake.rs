//! Desk intake through the real router on SQLite and PostgreSQL: a receiver
//! takes in a paper dossier for a person, fills the same form with the same
//! validation, scans its documents with their record (within the same
//! limits), and receives it under the next code of the agency's sequence;
//! another agency's receiver never touches it; the person finds it in
//! `/dossiers` once signed in with VNeID.

use crate::common::dossiers::{birth_declaration, count, new_draft, official, step, submit};
use crate::common::*;
use crate::vneid::sign_in_as;
use app::domain::access::Role;
use serde_json::json;

const BEN_THANH: &str = "000.20.01.H29";
const HOAN_KIEM: &str = "000.20.01.H26";
/// The sandbox's Đỗ Thu Trang, who hands her papers in at the desk.
pub(crate) const TRANG_ID: &str = "001196008642";

/// What a scan of the birth certificate records.
const RECORD: [(&str, &str); 6] = [
    ("original", "original"),
    ("doc_type", "Giấy chứng sinh"),
    ("doc_number", "GCS-2026-118"),
    ("issuer", "Bệnh viện Từ Dũ"),
    ("issued_on", "2026-11-30"),
    ("valid_until", ""),
];

pub(crate) fn start_form(channel: &str, name: &str, id: &str) -> Vec<(&'static str, String)> {
    vec![
        ("form[procedure_code]", "1.001193".to_owned()),
        ("form[channel]", channel.to_owned()),
        ("form[full_name]", name.to_owned()),
        ("form[citizen_id]", id.to_owned()),
        ("form[phone]", "0912 345 678".to_owned()),
        ("form[email]", String::new()),
    ]
}

pub(crate) async fn start(app: &TestApp, receiver: &mut Browser, form: &[(&'static str, String)]) -> Reply {
    let fields: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    receiver.call(&app.router, "start_intake", &fields).await
}

fn sequence_of(code: &str) -> (String, u32) {
    let (prefix, number) = code.rsplit_once('-').unwrap();
    (prefix.to_owned(), number.parse().unwrap())
}

async fn a_paper_dossier_taken_in_at_the_desk_joins_the_workflow(backend: Backend) {
    let env = [
        ("DVC_VNEID_SANDBOX", "1"),
        ("DVC_OFFICIAL_2FA", "optional"),
        ("DVC_UPLOAD_FILE_MB", "1"),
        ("DVC_UPLOAD_DOSSIER_MB", "2"),
    ];
    let app = TestApp::start_served(backend, &env).await;
    // An online dossier at Bến Thành first.
    let mut an = citizen(&app.router, 71).await;
    let (draft, key) = new_draft(&app, &mut an, birth_declaration()).await;
    assert_eq!(an.upload(&app.router, &draft, 2, &[("giay-chung-sinh.pdf", &pdf(100))]).await.status, 201);
    let online = submit(&app, &mut an, &draft, &key).await;
    assert_eq!(online.status, 200, "{}", online.body);
    let online = online.json()["code"].as_str().unwrap().to_owned();

    let mut receiver = official(&app, "tiepnhan.giay@test.dvc.vn", BEN_THANH, &[Role::Receiver]).await;
    // Mistakes are told at once, and nothing is started.
    let wrong = start(&app, &mut receiver, &start_form("online", " ", "0011")).await;
    assert_eq!(wrong.status, 422, "{}", wrong.body);
    assert_eq!(
        wrong.json(),
        json!({"Invalid": [
            {"field": "channel", "rule": "NotAnOption"},
            {"field": "full_name", "rule": "Required"},
            {"field": "citizen_id", "rule": "CitizenIdLength"},
        ]})
    );
    let mut unknown = start_form("desk", "Đỗ Thu Trang", TRANG_ID);
    unknown[0].1 = "9.999999".to_owned();
    assert_eq!(start(&app, &mut receiver, &unknown).await.json()["Invalid"][0]["field"], "procedure_code");
    assert_eq!(count(&app, "drafts").await, 0);
    // Only receivers take dossiers in.
    assert_eq!(start(&app, &mut an, &start_form("desk", "Đỗ Thu Trang", TRANG_ID)).await.status, 403);
    let mut processor = official(&app, "xuly.giay@test.dvc.vn", BEN_THANH, &[Role::Processor]).await;
    assert_eq!(start(&app, &mut processor, &start_form("desk", "Đỗ Thu Trang", TRANG_ID)).await.status, 403);

    // An ID number a verified person holds comes with their name: a typo
    // in it would show the dossier to a stranger.
    let mut early = Browser::new();
    assert_eq!(sign_in_as(&app, &mut early, "/login/vneid", "trang:2").await.status, 303);
    let typo = start(&app, &mut receiver, &start_form("desk", "Đỗ Văn Khác", TRANG_ID)).await;
    assert_eq!(typo.json(), json!({"Invalid": [{"field": "citizen_id", "rule": "IdNameMismatch"}]}));

    // Trang hands her papers in at the desk (her name as typed: case and spacing aside).
    let choices = receiver.call(&app.router, "intake_procedures", &[]).await.json();
    let offered: Vec<&str> = choices.as_array().unwrap().iter().map(|p| p["code"].as_str().unwrap()).collect();
    assert!(offered.contains(&"2.000884") && offered.contains(&"1.001193"), "{offered:?}");
    let started = start(&app, &mut receiver, &start_form("desk", "đỗ  thu trang", "001 196 008 642")).await;
    assert_eq!(started.status, 200, "{}", started.body);
    let (intake, key) = (started.json()["id"].as_str().unwrap().to_owned(), started.json()["submit_key"].clone());
    let key = key.as_str().unwrap().to_owned();
    assert_eq!(count(&app, "audit_log WHERE action = 'intake.start'").await, 1);

    // The same form and the same validation as online.
    let mut answers = birth_declaration();
    answers["declarant"]["phone"] = json!("12");
    let save = |data: serde_json::Value| json!({"draft_id": intake, "base_version": null, "data": data});
    assert_eq!(receiver.call_json(&app.router, "save_intake", &save(answers.clone())).await.status, 200);
    let receive = [("draft_id", intake.as_str()), ("submit_key", key.as_str())];
    let refused = receiver.call(&app.router, "receive_intake", &receive).await;
    assert_eq!(refused.status, 422, "{}", refused.body);
    let mistakes = refused.body.clone();
    assert!(mistakes.contains("declarant.phone") && mistakes.contains("documents.2"), "{mistakes}");
    // The intake page shows the form with its answers and the same mistakes.
    let shown = receiver.call(&app.router, "get_intake", &[("draft_id", &intake)]).await.json();
    assert_eq!(shown["answers"]["declarant"]["phone"], "12");
    let mistakes: Vec<&str> =
        shown["form_errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert!(mistakes.contains(&"declarant.phone"), "{mistakes:?}");
    // Typed on the page without a script: the whole paper form is posted
    // (here the declarant alone), saved, and the page says what is missing.
    let typed = [
        ("draft_id", intake.as_str()),
        ("declarant.full_name", "Đỗ Thu Trang"),
        ("declarant.phone", "0912345678"),
        ("intent", ""),
    ];
    let posted = receiver.post_form(&app.router, "/intake/form", &typed).await;
    assert_eq!(posted.status, 303, "{}", posted.body);
    assert_eq!(posted.location(), Some(format!("/dashboard/intake?draft={intake}&form=saved#form").as_str()));
    let shown = receiver.call(&app.router, "get_intake", &[("draft_id", &intake)]).await.json();
    assert_eq!(shown["answers"]["declarant"]["phone"], "0912345678");
    assert_eq!(shown["answers"]["_agency"]["code"], BEN_THANH, "the agency stays the receiver's");
    let mistakes: Vec<&str> =
        shown["form_errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert!(!mistakes.contains(&"declarant.phone") && mistakes.iter().any(|m| m.starts_with("child.")), "{mistakes:?}");
    let mut other_desk = official(&app, "tiepnhan.khac2@test.dvc.vn", HOAN_KIEM, &[Role::Receiver]).await;
    assert_eq!(other_desk.post_form(&app.router, "/intake/form", &typed).await.status, 404);
    assert_eq!(an.post_form(&app.router, "/intake/form", &typed).await.status, 403);
    answers["declarant"]["phone"] = json!("0912345678");
    let saved = receiver.call_json(&app.router, "save_intake", &save(answers)).await;
    assert_eq!(saved.status, 200, "{}", saved.body);

    // Each scan is stored only with its record, and within the same limits.
    let unrecorded = receiver.upload(&app.router, &intake, 2, &[("scan.pdf", &pdf(100))]).await;
    assert_eq!(unrecorded.status, 422, "{}", unrecorded.body);
    let too_big = receiver.scan(&app.router, &intake, 2, &RECORD, &[("scan.pdf", &pdf(1024 * 1024 + 1))]).await;
    assert_eq!(too_big.status, 413, "{}", too_big.body);
    let mut exe = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00".to_vec();
    exe.resize(20_000, 0);
    let disguised = receiver.scan(&app.router, &intake, 2, &RECORD, &[("scan.pdf", &exe)]).await;
    assert_eq!(disguised.status, 415, "{}", disguised.body);
    assert_eq!(count(&app, "attachments").await, 1, "only the online dossier's file");
    // A second file after a refused one: the whole request is undone.
    let mixed = receiver.scan(&app.router, &intake, 2, &RECORD, &[("a.pdf", &pdf(100)), ("b.pdf", &exe[..600])]).await;
    assert_eq!(mixed.status, 415, "{}", mixed.body);
    let typed = [("original", "copy"), ("doc_type", "Giấy chứng sinh"), ("issued_on", "30/11/2026")];
    let badly_dated = receiver.scan(&app.router, &intake, 2, &typed, &[("scan.pdf", &pdf(100))]).await;
    assert!(badly_dated.status == 422 && badly_dated.body.contains("DateFormat"), "{}", badly_dated.body);
    assert_eq!(count(&app, "attachments").await, 1, "only the online dossier's file");
    // A wrong scan is removed.
    let wrong = receiver.scan(&app.router, &intake, 2, &RECORD, &[("nham.pdf", &pdf(120))]).await;
    let wrong = wrong.json()[0]["id"].as_str().unwrap().to_owned();
    let removal = [("draft_id", intake.as_str()), ("id", wrong.as_str())];
    let mut other_early = official(&app, "tiepnhan.khac1@test.dvc.vn", HOAN_KIEM, &[Role::Receiver]).await;
    assert_eq!(other_early.call(&app.router, "remove_intake_scan", &removal).await.status, 404);
    assert_eq!(receiver.call(&app.router, "remove_intake_scan", &removal).await.status, 200);
    let scanned = receiver.scan(&app.router, &intake, 2, &RECORD, &[("scan.pdf", &pdf(100))]).await;
    assert_eq!(scanned.status, 201, "{}", scanned.body);
    let shown = receiver.call(&app.router, "get_intake", &[("draft_id", &intake)]).await.json();
    assert_eq!(shown["documents"][1]["scans"].as_array().unwrap().len(), 1, "{shown}");
    assert_eq!(other_early.call(&app.router, "get_intake", &[("draft_id", &intake)]).await.status, 404);
    let record = scanned.json()[0]["digitised"].clone();
    assert_eq!(record["doc_type"], "Giấy chứng sinh");
    assert_eq!(record["original"], true);
    assert_eq!(record["issued_on"], "2026-11-30");

    // Another agency's receiver never touches it; nor does a citizen.
    let mut other = official(&app, "tiepnhan.khac@test.dvc.vn", HOAN_KIEM, &[Role::Receiver]).await;
    assert_eq!(other.call_json(&app.router, "save_intake", &save(birth_declaration())).await.status, 404);
    assert_eq!(other.scan(&app.router, &intake, 2, &RECORD, &[("x.pdf", &pdf(100))]).await.status, 404);
    assert_eq!(other.call(&app.router, "receive_intake", &receive).await.status, 404);
    assert_eq!(an.call(&app.router, "receive_intake", &receive).await.status, 403);
    let as_citizen = json!({"submission": {"draft_id": intake, "submit_key": key, "delivery": {"method": "at_desk"}}});
    assert_eq!(an.call_json(&app.router, "submit_application", &as_citizen).await.status, 404);

    // Received: the next code of Bến Thành's sequence, the person as applicant, the desk as channel.
    let received = receiver.call(&app.router, "receive_intake", &receive).await;
    assert_eq!(received.status, 200, "{}", received.body);
    let code = received.json()["code"].as_str().unwrap().to_owned();
    let (prefix, number) = sequence_of(&online);
    assert_eq!(sequence_of(&code), (prefix, number + 1));
    let again = receiver.call(&app.router, "receive_intake", &receive).await;
    assert_eq!(again.json()["code"], code.as_str(), "receiving twice makes one dossier");
    let case = receiver.call(&app.router, "get_case", &[("code", &code)]).await.json();
    assert_eq!(case["applicant_name"], "Đỗ Thu Trang".to_lowercase());
    assert_eq!(case["dossier"]["for_person"]["channel"], "desk");
    assert_eq!(case["dossier"]["attachments"][0]["digitised"]["doc_number"], "GCS-2026-118");
    assert_eq!(other.call(&app.router, "get_case", &[("code", &code)]).await.status, 404);
    // The normal workflow follows: accepted at the desk, Form 01 (with its
    // QR and lookup secret) is printed for the person.
    step(&app, &mut receiver, &code, 1, "accept", json!({})).await;
    let receipt = receiver.get(&app.router, &format!("/dossiers/{code}/forms/01")).await;
    assert_eq!(receipt.status, 200, "{}", receipt.body);
    assert_eq!(other.get(&app.router, &format!("/dossiers/{code}/forms/01")).await.status, 404);
    // The agency's statistics count it by its channel, its papers digitised.
    let stats = receiver.call(&app.router, "get_statistics", &[]).await.json();
    let row = stats.as_array().unwrap().iter().find(|r| r["procedure_code"] == "1.001193").unwrap().clone();
    assert_eq!((row["received"].clone(), row["online"].clone(), row["desk"].clone()), (json!(2), json!(1), json!(1)));
    assert_eq!((row["post"].clone(), row["digitised"].clone()), (json!(0), json!(2)), "{row}");

    // Trang signs in with VNeID: the desk dossier is in her list, with its scans.
    let mut trang = Browser::new();
    assert_eq!(sign_in_as(&app, &mut trang, "/login/vneid", "trang:2").await.status, 303);
    let list = trang.call(&app.router, "list_my_dossiers", &[]).await.json();
    let codes: Vec<&str> = list.as_array().unwrap().iter().map(|d| d["code"].as_str().unwrap()).collect();
    assert_eq!(codes, vec![code.as_str()]);
    let hers = trang.call(&app.router, "get_my_dossier", &[("code", &code)]).await.json();
    assert_eq!(hers["for_person"]["channel"], "desk");
    assert_eq!(hers["for_person"]["reader_is_person"], true);
    assert!(!an.call(&app.router, "list_my_dossiers", &[]).await.body.contains(&code));
    app.finish().await;
}

/// A receiver of an agency that is not the procedure's default one takes a
/// paper dossier in for their own agency: its form and its sequence.
async fn a_receiver_takes_dossiers_in_for_their_own_agency(backend: Backend) {
    let app = TestApp::start_with_env(backend, &[("DVC_OFFICIAL_2FA", "optional")]).await;
    let mut receiver = official(&app, "tiepnhan.hk@test.dvc.vn", HOAN_KIEM, &[Role::Receiver]).await;
    let started = start(&app, &mut receiver, &start_form("post", "Lê Văn Bưu", "001090000081")).await;
    assert_eq!(started.status, 200, "{}", started.body);
    let (intake, key) = (started.json()["id"].as_str().unwrap().to_owned(), started.json()["submit_key"].clone());
    let body = json!({"draft_id": intake, "base_version": null, "data": birth_declaration()});
    assert_eq!(receiver.call_json(&app.router, "save_intake", &body).await.status, 200);
    assert_eq!(receiver.scan(&app.router, &intake, 2, &RECORD, &[("scan.pdf", &pdf(100))]).await.status, 201);
    let receive = [("draft_id", intake.as_str()), ("submit_key", key.as_str().unwrap())];
    let received = receiver.call(&app.router, "receive_intake", &receive).await;
    assert_eq!(received.status, 200, "{}", received.body);
    let code = received.json()["code"].as_str().unwrap().to_owned();
    assert!(code.starts_with(HOAN_KIEM), "{code}");
    let case = receiver.call(&app.router, "get_case", &[("code", &code)]).await.json();
    assert_eq!(case["dossier"]["for_person"]["channel"], "post");
    app.finish().await;
}

on_both_databases!(
    a_paper_dossier_taken_in_at_the_desk_joins_the_workflow,
    a_receiver_takes_dossiers_in_for_their_own_agency,
);
