//! The citizen's document store through the real router on SQLite and
//! PostgreSQL: papers digitised at a desk and results issued to a citizen
//! are in their store; a chosen document is referenced (the same stored
//! file, no copy) after its hash — and a result's signature — is checked
//! again; an expired one, an altered one or anyone else's is refused; what
//! the citizen kept they may remove, what an agency issued stays.

use crate::common::dossiers::{approve, birth_declaration, count, exec, new_draft, official, submit, submitted};
use crate::common::*;
use crate::intake::{TRANG_ID, start, start_form};
use crate::vneid::sign_in_as;
use app::domain::access::Role;
use app::domain::applicant::AUTHORISATION_DOCUMENT as AUTHORISATION;
use serde_json::{Value, json};

const BEN_THANH: &str = "000.20.01.H29";

/// The ID card Trang hands in, valid for years.
const ID_CARD: [(&str, &str); 6] = [
    ("original", "original"),
    ("doc_type", "Căn cước"),
    ("doc_number", TRANG_ID),
    ("issuer", "Bộ Công an"),
    ("issued_on", "2021-04-10"),
    ("valid_until", "2036-04-10"),
];

/// A residence confirmation that has run out.
const EXPIRED: [(&str, &str); 6] = [
    ("original", "copy"),
    ("doc_type", "Giấy xác nhận cư trú"),
    ("doc_number", "XNCT-118"),
    ("issuer", "Công an phường Bến Thành"),
    ("issued_on", "2024-12-01"),
    ("valid_until", "2025-01-31"),
];

fn documents(store: &Value) -> Vec<(String, String, String)> {
    store["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let (kind, doc_type) = (d["kind"].as_str().unwrap(), d["record"]["doc_type"].as_str().unwrap());
            (d["id"].as_str().unwrap().to_owned(), kind.to_owned(), doc_type.to_owned())
        })
        .collect()
}

fn id_of(store: &Value, doc_type: &str) -> String {
    documents(store).into_iter().find(|d| d.2 == doc_type).unwrap_or_else(|| panic!("{doc_type} in {store}")).0
}

async fn choose(app: &TestApp, who: &mut Browser, draft: &str, document: &str, id: &str) -> Reply {
    let fields = [("draft_id", draft), ("document", document), ("id", id)];
    who.call(&app.router, "choose_stored_document", &fields).await
}

async fn a_citizen_reuses_papers_digitised_at_the_desk_by_reference(backend: Backend) {
    let app = TestApp::start_served(backend, &[("DVC_VNEID_SANDBOX", "1"), ("DVC_OFFICIAL_2FA", "optional")]).await;
    // Trang hands in a paper dossier with her ID card and an expired paper.
    let mut receiver = official(&app, "tiepnhan.kho@test.dvc.vn", BEN_THANH, &[Role::Receiver]).await;
    let started = start(&app, &mut receiver, &start_form("desk", "Đỗ Thu Trang", TRANG_ID)).await;
    assert_eq!(started.status, 200, "{}", started.body);
    let (intake, key) = (started.json()["id"].as_str().unwrap().to_owned(), started.json()["submit_key"].clone());
    let body = json!({"draft_id": intake, "base_version": null, "data": birth_declaration()});
    assert_eq!(receiver.call_json(&app.router, "save_intake", &body).await.status, 200);
    assert_eq!(receiver.scan(&app.router, &intake, 1, &ID_CARD, &[("cccd.pdf", &pdf(300))]).await.status, 201);
    assert_eq!(receiver.scan(&app.router, &intake, 2, &EXPIRED, &[("cu-tru.pdf", &pdf(200))]).await.status, 201);
    let receive = [("draft_id", intake.as_str()), ("submit_key", key.as_str().unwrap())];
    assert_eq!(receiver.call(&app.router, "receive_intake", &receive).await.status, 200);

    // Signed in with VNeID, Trang finds both in her store; nothing to keep.
    let mut trang = Browser::new();
    assert_eq!(sign_in_as(&app, &mut trang, "/login/vneid", "trang:2").await.status, 303);
    let store = trang.call(&app.router, "my_documents", &[]).await.json();
    let mut found: Vec<(String, String)> = documents(&store).into_iter().map(|d| (d.1, d.2)).collect();
    found.sort();
    let expected = [("digitised", "Căn cước"), ("digitised", "Giấy xác nhận cư trú")];
    assert_eq!(found, expected.map(|(k, t)| (k.to_owned(), t.to_owned())));
    assert_eq!(store["candidates"], json!([]));
    let (card, expired) = (id_of(&store, "Căn cước"), id_of(&store, "Giấy xác nhận cư trú"));

    // Another citizen's store is empty, and Trang's papers cannot be chosen by them.
    let mut an = citizen(&app.router, 72).await;
    // An files a certified copy for Trang: the dossier is hers to follow,
    // but An's files (his authorisation among them) are not hers to keep.
    let mut for_trang = birth_declaration();
    for_trang["_organisation"] = json!("person");
    for_trang["_person_name"] = json!("Đỗ Thu Trang");
    for_trang["_person_id"] = json!(TRANG_ID);
    let (filed, filed_key) = new_draft(&app, &mut an, for_trang).await;
    assert_eq!(an.upload(&app.router, &filed, 2, &[("cua-an.pdf", &pdf(100))]).await.status, 201);
    assert_eq!(an.upload(&app.router, &filed, AUTHORISATION, &[("uy-quyen.pdf", &pdf(100))]).await.status, 201);
    assert_eq!(submit(&app, &mut an, &filed, &filed_key).await.status, 200);
    let store = trang.call(&app.router, "my_documents", &[]).await.json();
    assert_eq!((documents(&store).len(), store["candidates"].clone()), (2, json!([])), "{store}");
    assert_eq!(an.call(&app.router, "my_documents", &[]).await.json()["documents"], json!([]));
    let (an_draft, _) = new_draft(&app, &mut an, birth_declaration()).await;
    assert_eq!(choose(&app, &mut an, &an_draft, "1", &card).await.status, 404);
    // Nor into another's draft.
    assert_eq!(choose(&app, &mut trang, &an_draft, "1", &card).await.status, 404);

    // Chosen: referenced, not copied, with its record and the check shown.
    let (draft, key) = new_draft(&app, &mut trang, birth_declaration()).await;
    let (rows, files) = (count(&app, "attachments").await, app.stored_files());
    let chosen = choose(&app, &mut trang, &draft, "1", &card).await;
    assert_eq!(chosen.status, 200, "{}", chosen.body);
    let chosen = chosen.json();
    assert_eq!(chosen["reused"], json!({"kind": "digitised", "hash_checked": true, "signature_checked": false}));
    assert_eq!(chosen["digitised"]["doc_number"], TRANG_ID);
    assert_eq!((count(&app, "attachments").await, app.stored_files()), (rows + 1, files), "a row, no new file");
    let shared = format!("attachments WHERE storage_key = (SELECT storage_key FROM attachments WHERE id = '{card}')");
    assert_eq!(count(&app, &shared).await, 2);

    // An expired paper is refused, and nothing is attached.
    let refused = choose(&app, &mut trang, &draft, "2", &expired).await;
    assert_eq!(refused.status, 422, "{}", refused.body);
    assert_eq!(refused.json(), json!({"Invalid": [{"field": "documents.2", "rule": "DocumentExpired"}]}));
    // A document that is not one of the procedure's cannot be chosen either.
    assert_eq!(choose(&app, &mut trang, &draft, "9", &card).await.status, 404);
    assert_eq!(count(&app, "attachments").await, rows + 1);

    // Removing a chosen copy from the draft leaves the stored file alone.
    let again = choose(&app, &mut trang, &draft, "1", &card).await.json()["id"].as_str().unwrap().to_owned();
    assert_eq!(trang.call(&app.router, "delete_attachment", &[("id", &again)]).await.status, 200);
    assert_eq!(app.stored_files(), files);
    // So does deleting a whole draft that chose it.
    let (dropped, _) = new_draft(&app, &mut trang, birth_declaration()).await;
    assert_eq!(choose(&app, &mut trang, &dropped, "1", &card).await.status, 200);
    assert_eq!(trang.call(&app.router, "delete_draft", &[("id", &dropped)]).await.status, 200);
    assert_eq!(app.stored_files(), files);
    assert_eq!(trang.get(&app.router, &format!("/attachments/{card}")).await.status, 200);

    // Submitted: the receiving agency sees the paper came from the store, checked.
    assert_eq!(trang.upload(&app.router, &draft, 2, &[("giay-chung-sinh.pdf", &pdf(100))]).await.status, 201);
    let submitted = submit(&app, &mut trang, &draft, &key).await;
    assert_eq!(submitted.status, 200, "{}", submitted.body);
    let code = submitted.json()["code"].as_str().unwrap().to_owned();
    let case = receiver.call(&app.router, "get_case", &[("code", &code)]).await.json();
    let reused: Vec<&Value> =
        case["dossier"]["attachments"].as_array().unwrap().iter().filter(|f| !f["reused"].is_null()).collect();
    assert_eq!(reused.len(), 1, "{case}");
    assert_eq!(reused[0]["reused"]["kind"], "digitised");
    let download = receiver.get(&app.router, &format!("/attachments/{}", reused[0]["id"].as_str().unwrap())).await;
    assert_eq!(download.status, 200);

    // A stored file altered on disk is refused when chosen.
    let (new_draft_id, _) = new_draft(&app, &mut trang, birth_declaration()).await;
    let key_of_card = app.stored_path(&stored_key(&app, &card).await);
    let mut bytes = std::fs::read(&key_of_card).unwrap();
    *bytes.last_mut().unwrap() ^= 1;
    std::fs::write(&key_of_card, bytes).unwrap();
    let altered = choose(&app, &mut trang, &new_draft_id, "1", &card).await;
    assert_eq!(altered.json(), json!({"Invalid": [{"field": "documents.1", "rule": "DocumentAltered"}]}));

    // What an agency digitised stays: it cannot be removed from the store.
    assert_eq!(trang.call(&app.router, "forget_document", &[("id", &card)]).await.status, 404);
    app.finish().await;
}

async fn signature_of(app: &TestApp) -> String {
    use sea_orm::EntityTrait;
    app::server::entities::signed_document::Entity::find().one(&app.db).await.unwrap().unwrap().signature
}

async fn stored_key(app: &TestApp, id: &str) -> String {
    use sea_orm::EntityTrait;
    let row = app::server::entities::attachment::Entity::find_by_id(id.to_owned()).one(&app.db).await.unwrap();
    row.unwrap().storage_key
}

async fn a_signed_result_and_a_kept_file_are_reused_and_kept_ones_removed(backend: Backend) {
    let app = TestApp::start_with_env(backend, &[("DVC_OFFICIAL_2FA", "optional")]).await;
    let (mut an, code) = submitted(&app, 73).await;
    // Nothing issued yet; the file An sent may be kept.
    let store = an.call(&app.router, "my_documents", &[]).await.json();
    assert_eq!(store["documents"], json!([]));
    let candidate = store["candidates"][0].clone();
    assert_eq!(
        (candidate["dossier_code"].as_str(), candidate["file_name"].as_str()),
        (Some(code.as_str()), Some("giay-chung-sinh.pdf"))
    );
    let file = candidate["id"].as_str().unwrap().to_owned();

    // Keeping it records what it is, with the same rules as a scan.
    let keep = |issued: &'static str| {
        vec![
            ("form[attachment_id]", file.clone()),
            ("form[doc_type]", "Giấy chứng sinh".to_owned()),
            ("form[doc_number]", "GCS-77".to_owned()),
            ("form[issuer]", String::new()),
            ("form[issued_on][day]", issued.to_owned()),
            ("form[issued_on][month]", "11".to_owned()),
            ("form[issued_on][year]", "2026".to_owned()),
        ]
    };
    let bad = keep("31");
    let fields: Vec<(&str, &str)> = bad.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let refused = an.call(&app.router, "keep_document", &fields).await;
    assert_eq!(
        refused.json(),
        json!({"Invalid": [{"field": "issued_on", "rule": "DateFormat"}]}),
        "30 days in November"
    );
    let good = keep("20");
    let fields: Vec<(&str, &str)> = good.iter().map(|(k, v)| (*k, v.as_str())).collect();
    assert_eq!(an.call(&app.router, "keep_document", &fields).await.status, 200);
    assert_eq!(an.call(&app.router, "keep_document", &fields).await.status, 404, "kept once");
    // Another citizen keeps nothing of An's.
    let mut binh = citizen(&app.router, 74).await;
    assert_eq!(binh.call(&app.router, "keep_document", &fields).await.status, 404);

    // Approved: the signed result joins the store.
    approve(&app, &code, "kho").await;
    let store = an.call(&app.router, "my_documents", &[]).await.json();
    let kinds: Vec<String> = documents(&store).into_iter().map(|d| d.1).collect();
    assert_eq!(kinds, ["result", "kept"]);
    let result = store["documents"][0].clone();
    assert!(result["record"]["doc_number"].as_str().unwrap().starts_with("KQ-"), "{result}");
    let (result_id, kept_id) =
        (result["id"].as_str().unwrap().to_owned(), store["documents"][1]["id"].as_str().unwrap().to_owned());

    // Chosen for a new dossier: the result's signature is checked too.
    let (draft, key) = new_draft(&app, &mut an, birth_declaration()).await;
    let chosen = choose(&app, &mut an, &draft, "2", &result_id).await;
    assert_eq!(chosen.status, 200, "{}", chosen.body);
    assert_eq!(chosen.json()["reused"], json!({"kind": "result", "hash_checked": true, "signature_checked": true}));
    assert_eq!(choose(&app, &mut an, &draft, "2", &kept_id).await.json()["reused"]["kind"], "kept");
    let (binh_draft, _) = new_draft(&app, &mut binh, birth_declaration()).await;
    assert_eq!(choose(&app, &mut binh, &binh_draft, "2", &result_id).await.status, 404, "not Bình's");

    // Chosen, then expired before submission: the submission says so.
    let kept_chosen = format!("attachments WHERE draft_id = '{draft}' AND reused_kind = 'kept'");
    assert_eq!(count(&app, &kept_chosen).await, 1);
    exec(
        &app,
        &format!(
            "UPDATE attachments SET valid_until = '2020-01-31' WHERE draft_id = '{draft}' AND reused_kind = 'kept'"
        ),
    )
    .await;
    let late = submit(&app, &mut an, &draft, &key).await;
    assert_eq!(late.status, 422, "{}", late.body);
    assert!(late.body.contains(r#"{"field":"documents.2","rule":"DocumentExpired"}"#), "{}", late.body);
    // And once expired in the store, it is no longer chosen.
    exec(&app, "UPDATE kept_documents SET valid_until = '2020-01-31'").await;
    let expired = choose(&app, &mut an, &draft, "2", &kept_id).await;
    assert_eq!(expired.json(), json!({"Invalid": [{"field": "documents.2", "rule": "DocumentExpired"}]}));

    // A result whose signature no longer holds (its bytes intact) is refused.
    let signature = signature_of(&app).await;
    exec(&app, &format!("UPDATE signed_documents SET signature = '{}'", "0".repeat(128))).await;
    let forged = choose(&app, &mut an, &draft, "2", &result_id).await;
    assert_eq!(forged.json(), json!({"Invalid": [{"field": "documents.2", "rule": "DocumentAltered"}]}));
    exec(&app, &format!("UPDATE signed_documents SET signature = '{signature}'")).await;
    assert_eq!(choose(&app, &mut an, &draft, "2", &result_id).await.status, 200, "the signature holds again");

    // A result altered in the store fails its check.
    let path = app.stored_path(&stored_key(&app, &result_id).await);
    let mut bytes = std::fs::read(&path).unwrap();
    bytes[10] ^= 1;
    std::fs::write(&path, bytes).unwrap();
    let altered = choose(&app, &mut an, &draft, "2", &result_id).await;
    assert_eq!(altered.json(), json!({"Invalid": [{"field": "documents.2", "rule": "DocumentAltered"}]}));

    // An removes what he kept (not Bình, not the result); the dossiers keep their files.
    assert_eq!(binh.call(&app.router, "forget_document", &[("id", &kept_id)]).await.status, 404);
    assert_eq!(an.call(&app.router, "forget_document", &[("id", &result_id)]).await.status, 404);
    assert_eq!(an.call(&app.router, "forget_document", &[("id", &kept_id)]).await.status, 200);
    let store = an.call(&app.router, "my_documents", &[]).await.json();
    assert_eq!(documents(&store).into_iter().map(|d| d.1).collect::<Vec<_>>(), ["result"]);
    assert_eq!(an.get(&app.router, &format!("/attachments/{kept_id}")).await.status, 200);
    app.finish().await;
}

on_both_databases!(
    a_citizen_reuses_papers_digitised_at_the_desk_by_reference,
    a_signed_result_and_a_kept_file_are_reused_and_kept_ones_removed,
);
