//! Submitting dossiers through the real router on SQLite and PostgreSQL:
//! attachments (limits, content types, privacy), the completeness check, the
//! idempotent submission, codes under concurrency, the citizen's list and
//! withdrawal.

use crate::common::dossiers::{birth_declaration, count, new_draft, official, submit, submit_concurrently};
use crate::common::{Backend, Browser, TestApp, citizen, pdf};
use app::domain::access::Role;
use serde_json::json;
use std::collections::HashSet;

async fn a_complete_dossier_is_submitted_with_its_files(backend: Backend) {
    let app = TestApp::start(backend).await;
    let mut an = citizen(&app.router, 1).await;
    let (id, key) = new_draft(&app, &mut an, birth_declaration()).await;

    // Incomplete: the birth notice (document 2) is missing, nothing is created.
    let reply = submit(&app, &mut an, &id, &key).await;
    assert_eq!(reply.status, 422, "{}", reply.body);
    let errors = reply.json();
    let fields: Vec<&str> =
        errors["Invalid"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert!(fields.contains(&"child.birth_notice"), "{fields:?}");
    assert!(fields.contains(&"documents.2"), "{fields:?}");
    assert_eq!(count(&app, "dossiers").await, 0);

    let uploaded = an.upload(&app.router, &id, 2, &[("Giấy chứng sinh.pdf", &pdf(2000))]).await;
    assert_eq!(uploaded.status, 201, "{}", uploaded.body);
    let file = &uploaded.json()[0];
    assert_eq!(file["content_type"], "application/pdf");
    assert_eq!(file["file_name"], "Giấy chứng sinh.pdf");
    assert_eq!(file["sha256"].as_str().unwrap().len(), 64);

    let reply = submit(&app, &mut an, &id, &key).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    let done = reply.json();
    let code = done["code"].as_str().unwrap();
    assert!(app::domain::dossier::DossierCode::parse(code).is_ok(), "{code}");
    assert!(code.ends_with("-0001"), "{code}");
    assert_eq!(done["lookup_secret"].as_str().unwrap().len(), 8);

    // The draft became the dossier.
    assert_eq!(an.call(&app.router, "list_drafts", &[]).await.json().as_array().unwrap().len(), 0);
    let listed = an.call(&app.router, "list_my_dossiers", &[]).await.json();
    assert_eq!(listed[0]["code"], code);
    assert_eq!(listed[0]["status"], "Submitted");
    let dossier = an.call(&app.router, "get_my_dossier", &[("code", code)]).await.json();
    assert_eq!(dossier["data"]["child"]["full_name"], "Nguyễn Minh Khôi");
    assert_eq!(dossier["data"]["request"]["copies"], 2);
    assert_eq!(dossier["attachments"].as_array().unwrap().len(), 1);
    assert_eq!(dossier["data"]["child"]["birth_notice"][0], file["id"]);
    let timeline = dossier["timeline"].as_array().unwrap();
    assert_eq!(timeline.len(), 1);
    assert_eq!(timeline[0]["to"], "Submitted");

    // The file is still the owner's to download, byte for byte.
    let download = an.get(&app.router, &format!("/attachments/{}", file["id"].as_str().unwrap())).await;
    assert_eq!(download.status, 200);
    assert_eq!(download.bytes, pdf(2000));
    assert!(download.headers["content-disposition"].to_str().unwrap().contains("filename*=UTF-8''Gi%E1%BA%A5y"));
    app.finish().await;
}

async fn fifty_submissions_with_one_key_make_one_dossier(backend: Backend) {
    let app = TestApp::start(backend).await;
    let mut an = citizen(&app.router, 2).await;
    let (id, key) = new_draft(&app, &mut an, birth_declaration()).await;
    assert_eq!(an.upload(&app.router, &id, 2, &[("chung-sinh.pdf", &pdf(100))]).await.status, 201);
    let mut codes = HashSet::new();
    for reply in submit_concurrently(&app, &an, vec![(id, key); 50]).await {
        assert_eq!(reply.status, 200, "{}", reply.body);
        codes.insert(reply.json()["code"].as_str().unwrap().to_owned());
    }
    assert_eq!(codes.len(), 1, "{codes:?}");
    assert_eq!(count(&app, "dossiers").await, 1);
    assert_eq!(count(&app, "dossier_events").await, 1);
    app.finish().await;
}

async fn two_hundred_concurrent_submissions_get_distinct_codes(backend: Backend) {
    let app = TestApp::start(backend).await;
    let mut an = citizen(&app.router, 3).await;
    let mut drafts = Vec::new();
    for _ in 0..200 {
        let (id, key) = new_draft(&app, &mut an, birth_declaration()).await;
        assert_eq!(an.upload(&app.router, &id, 2, &[("a.pdf", &pdf(10))]).await.status, 201);
        drafts.push((id, key));
    }
    let mut codes = HashSet::new();
    for reply in submit_concurrently(&app, &an, drafts).await {
        assert_eq!(reply.status, 200, "{}", reply.body);
        let code = reply.json()["code"].as_str().unwrap().to_owned();
        assert!(app::domain::dossier::DossierCode::parse(&code).is_ok(), "{code}");
        codes.insert(code);
    }
    assert_eq!(codes.len(), 200);
    let mut sequences: Vec<u32> = codes.iter().map(|c| c.rsplit('-').next().unwrap().parse().unwrap()).collect();
    sequences.sort_unstable();
    assert_eq!(sequences, (1..=200).collect::<Vec<_>>());
    app.finish().await;
}

async fn oversized_and_disguised_uploads_are_refused_and_nothing_is_kept(backend: Backend) {
    let app = TestApp::start_with_env(backend, &[("DVC_UPLOAD_FILE_MB", "1"), ("DVC_UPLOAD_DOSSIER_MB", "2")]).await;
    let mut an = citizen(&app.router, 4).await;
    let (id, _) = new_draft(&app, &mut an, birth_declaration()).await;

    let big = pdf(1024 * 1024 + 1);
    let reply = an.upload(&app.router, &id, 2, &[("lon.pdf", &big)]).await;
    assert_eq!(reply.status, 413, "{}", reply.body);

    // A Windows program named .pdf.
    let mut exe = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00".to_vec();
    exe.resize(20_000, 0);
    exe[0x3c] = 0x80;
    exe[0x80..0x84].copy_from_slice(b"PE\0\0");
    let reply = an.upload(&app.router, &id, 2, &[("giay-chung-sinh.pdf", &exe)]).await;
    assert_eq!(reply.status, 415, "{}", reply.body);
    // A small one too (decided at the end, not after the first 8 KB).
    let reply = an.upload(&app.router, &id, 2, &[("nho.pdf", &exe[..600])]).await;
    assert_eq!(reply.status, 415, "{}", reply.body);

    // Over the dossier's total: two files fit, the third does not, and the
    // whole request is undone.
    let part = pdf(700 * 1024);
    let reply = an.upload(&app.router, &id, 2, &[("1.pdf", &part), ("2.pdf", &part), ("3.pdf", &part)]).await;
    assert_eq!(reply.status, 413, "{}", reply.body);

    assert_eq!(count(&app, "attachments").await, 0);
    assert_eq!(app.stored_files(), 0);

    // Within the limits, it is kept.
    assert_eq!(an.upload(&app.router, &id, 2, &[("ok.pdf", &part)]).await.status, 201);
    assert_eq!(count(&app, "attachments").await, 1);
    assert_eq!(app.stored_files(), 1);
    app.finish().await;
}

async fn citizens_cannot_reach_each_others_drafts_dossiers_or_files(backend: Backend) {
    let app = TestApp::start(backend).await;
    let mut an = citizen(&app.router, 5).await;
    let mut binh = citizen(&app.router, 6).await;
    let (id, key) = new_draft(&app, &mut an, birth_declaration()).await;
    let file =
        an.upload(&app.router, &id, 2, &[("a.pdf", &pdf(10))]).await.json()[0]["id"].as_str().unwrap().to_owned();

    assert_eq!(binh.call(&app.router, "get_draft", &[("id", &id)]).await.status, 404);
    assert_eq!(binh.upload(&app.router, &id, 2, &[("b.pdf", &pdf(10))]).await.status, 404);
    assert_eq!(binh.get(&app.router, &format!("/attachments/{file}")).await.status, 404);
    assert_eq!(binh.call(&app.router, "delete_attachment", &[("id", &file)]).await.status, 404);
    assert_eq!(submit(&app, &mut binh, &id, &key).await.status, 404);

    let code = submit(&app, &mut an, &id, &key).await.json()["code"].as_str().unwrap().to_owned();
    assert_eq!(binh.call(&app.router, "get_my_dossier", &[("code", &code)]).await.status, 404);
    assert_eq!(binh.call(&app.router, "withdraw_dossier", &[("code", &code)]).await.status, 404);
    assert_eq!(binh.get(&app.router, &format!("/attachments/{file}")).await.status, 404);
    assert!(binh.call(&app.router, "list_my_dossiers", &[]).await.json().as_array().unwrap().is_empty());
    // Nobody signed in.
    assert_eq!(Browser::new().get(&app.router, &format!("/attachments/{file}")).await.status, 401);
    // Submitted files cannot be removed any more.
    assert_eq!(an.call(&app.router, "delete_attachment", &[("id", &file)]).await.status, 404);
    app.finish().await;
}

async fn a_dossier_not_yet_accepted_can_be_withdrawn_once(backend: Backend) {
    let app = TestApp::start(backend).await;
    let mut an = citizen(&app.router, 7).await;
    let (id, key) = new_draft(&app, &mut an, birth_declaration()).await;
    an.upload(&app.router, &id, 2, &[("a.pdf", &pdf(10))]).await;
    let code = submit(&app, &mut an, &id, &key).await.json()["code"].as_str().unwrap().to_owned();
    let reply = an.call(&app.router, "withdraw_dossier", &[("code", &code), ("reason", "Nộp nhầm thủ tục")]).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    let dossier = an.call(&app.router, "get_my_dossier", &[("code", &code)]).await.json();
    assert_eq!(dossier["summary"]["status"], "Withdrawn");
    assert_eq!(dossier["timeline"][1]["note"], "Nộp nhầm thủ tục");
    assert_eq!(an.call(&app.router, "withdraw_dossier", &[("code", &code)]).await.status, 409);
    let filtered = an.call(&app.router, "list_my_dossiers", &[("status", "submitted")]).await.json();
    assert!(filtered.as_array().unwrap().is_empty());
    app.finish().await;
}

async fn removing_a_file_before_submission_deletes_it(backend: Backend) {
    let app = TestApp::start(backend).await;
    let mut an = citizen(&app.router, 8).await;
    let (id, _) = new_draft(&app, &mut an, birth_declaration()).await;
    let file =
        an.upload(&app.router, &id, 2, &[("a.pdf", &pdf(10))]).await.json()[0]["id"].as_str().unwrap().to_owned();
    assert_eq!(app.stored_files(), 1);
    assert_eq!(an.call(&app.router, "delete_attachment", &[("id", &file)]).await.status, 200);
    assert_eq!(app.stored_files(), 0);
    let draft = an.call(&app.router, "get_draft", &[("id", &id)]).await.json();
    assert!(draft["attachments"].as_array().unwrap().is_empty());
    app.finish().await;
}

async fn the_receiving_agency_reads_the_files_and_no_other_agency_does(backend: Backend) {
    let app = TestApp::start_with_env(backend, &[("DVC_OFFICIAL_2FA", "optional")]).await;
    let mut an = citizen(&app.router, 9).await;
    let (id, key) = new_draft(&app, &mut an, birth_declaration()).await;
    let file =
        an.upload(&app.router, &id, 2, &[("a.pdf", &pdf(10))]).await.json()[0]["id"].as_str().unwrap().to_owned();
    // Birth registration goes to UBND phường Bến Thành (000.20.01.H29).
    let mut receiver = official(&app, "tiepnhan@benthanh.vn", "000.20.01.H29", &[Role::Receiver]).await;
    let mut elsewhere = official(&app, "tiepnhan@tuphap.vn", "000.00.31.H29", &[Role::Receiver]).await;
    // Not before submission: a draft is the citizen's alone.
    assert_eq!(receiver.get(&app.router, &format!("/attachments/{file}")).await.status, 404);
    assert_eq!(submit(&app, &mut an, &id, &key).await.status, 200);
    let download = receiver.get(&app.router, &format!("/attachments/{file}")).await;
    assert_eq!(download.status, 200);
    assert_eq!(download.bytes, pdf(10));
    assert_eq!(elsewhere.get(&app.router, &format!("/attachments/{file}")).await.status, 404);
    app.finish().await;
}

async fn the_confirmation_pdf_names_the_dossier(backend: Backend) {
    let app = TestApp::start(backend).await;
    let mut an = citizen(&app.router, 10).await;
    let mut binh = citizen(&app.router, 11).await;
    let (id, key) = new_draft(&app, &mut an, birth_declaration()).await;
    an.upload(&app.router, &id, 2, &[("a.pdf", &pdf(10))]).await;
    let code = submit(&app, &mut an, &id, &key).await.json()["code"].as_str().unwrap().to_owned();
    let reply = an.get(&app.router, &format!("/dossiers/{code}/confirmation.pdf")).await;
    assert_eq!(reply.status, 200);
    assert_eq!(reply.headers["content-type"], "application/pdf");
    assert!(reply.body.starts_with("%PDF-"));
    assert!(reply.body.contains(&code), "the code is in the document's metadata");
    assert_eq!(binh.get(&app.router, &format!("/dossiers/{code}/confirmation.pdf")).await.status, 404);
    app.finish().await;
}

async fn a_level_2_dossier_is_the_uploaded_papers(backend: Backend) {
    let app = TestApp::start(backend).await;
    let mut an = citizen(&app.router, 12).await;
    // Cấp lại giấy phép xây dựng: level 2, no online form; the filled-in
    // application (1) is mandatory, the damaged permit (2) is not.
    let saved = an
        .call_json(&app.router, "save_draft", &json!({"form": {"procedure_code": "1.010000", "data": {}}}))
        .await
        .json();
    let (id, key) = (saved["id"].as_str().unwrap().to_owned(), saved["submit_key"].as_str().unwrap().to_owned());
    let context = an.call(&app.router, "load_application", &[("code", "1.010000"), ("draft_id", &id)]).await.json();
    assert!(context["form"].is_null(), "{context}");
    let reply = submit(&app, &mut an, &id, &key).await;
    assert_eq!(reply.status, 422, "{}", reply.body);
    assert_eq!(reply.json()["Invalid"], json!([{"field": "documents.1", "rule": "DocumentMissing"}]));
    assert_eq!(an.upload(&app.router, &id, 1, &[("don-de-nghi.pdf", &pdf(100))]).await.status, 201);
    let reply = submit(&app, &mut an, &id, &key).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert!(reply.json()["code"].as_str().unwrap().starts_with("000.00.35.H29-"));
    app.finish().await;
}

on_both_databases!(
    a_level_2_dossier_is_the_uploaded_papers,
    the_receiving_agency_reads_the_files_and_no_other_agency_does,
    the_confirmation_pdf_names_the_dossier,
    a_complete_dossier_is_submitted_with_its_files,
    fifty_submissions_with_one_key_make_one_dossier,
    two_hundred_concurrent_submissions_get_distinct_codes,
    oversized_and_disguised_uploads_are_refused_and_nothing_is_kept,
    citizens_cannot_reach_each_others_drafts_dossiers_or_files,
    a_dossier_not_yet_accepted_can_be_withdrawn_once,
    removing_a_file_before_submission_deletes_it,
);
