//! The one-stop workflow through the real router on SQLite and PostgreSQL:
//! the whole lifecycle with its clock and papers, refused actions, agency
//! scoping, races between officials, new appointments and the statistics.

use crate::common::dossiers::{act, birth_declaration, count, new_draft, official, step, submit, submitted};
use crate::common::{Backend, Browser, TestApp, citizen, pdf};
use app::domain::access::Role;
use chrono::{DateTime, NaiveDate, Utc};
use serde_json::{Value, json};

/// UBND phường Bến Thành: receives birth registrations (1.001193).
const AGENCY: &str = "000.20.01.H29";

/// Monday 7 December 2026, 10:00 in Vietnam.
fn monday() -> DateTime<Utc> {
    "2026-12-07T03:00:00Z".parse().unwrap()
}

fn day(y: i32, m: u32, d: u32) -> String {
    NaiveDate::from_ymd_opt(y, m, d).unwrap().to_string()
}

/// Birth registration takes `days` working days (the seed says 0: same day).
async fn set_processing_days(app: &TestApp, days: i32) {
    use sea_orm::ConnectionTrait;
    app.db
        .execute_unprepared(&format!("UPDATE procedures SET processing_days = {days} WHERE code = '1.001193'"))
        .await
        .unwrap();
}

async fn case(app: &TestApp, who: &mut Browser, code: &str) -> Value {
    let reply = who.call(&app.router, "get_case", &[("code", code)]).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    reply.json()
}

async fn mine(app: &TestApp, citizen: &mut Browser, code: &str) -> Value {
    let reply = citizen.call(&app.router, "get_my_dossier", &[("code", code)]).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    reply.json()
}

async fn queue(app: &TestApp, who: &mut Browser, query: Value) -> Value {
    let reply = who.call_json(&app.router, "list_queue", &json!({ "query": query })).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    reply.json()
}

fn codes(page: &Value) -> Vec<String> {
    page["rows"].as_array().unwrap().iter().map(|r| r["code"].as_str().unwrap().to_owned()).collect()
}

fn query(queue: &str) -> Value {
    json!({"queue": queue, "status": null, "procedure_code": null, "sector_id": null, "from": null, "to": null,
           "due": null, "search": null, "after": null})
}

/// The ids of the procedure's legal bases, as the review offers them.
fn legal_basis(case: &Value) -> i64 {
    case["legal_bases"][0][0].as_i64().expect("the procedure has legal bases")
}

async fn the_whole_lifecycle_runs_through_the_router(backend: Backend) {
    let app = TestApp::start_with_env(backend, &[("DVC_OFFICIAL_2FA", "optional")]).await;
    app.clock.set(monday());
    set_processing_days(&app, 5).await;
    let (mut an, code) = submitted(&app, 1).await;
    let mut receiver = official(&app, "tiepnhan@benthanh.vn", AGENCY, &[Role::Receiver]).await;
    let mut processor = official(&app, "xuly@benthanh.vn", AGENCY, &[Role::Processor]).await;
    let mut approver = official(&app, "lanhdao@benthanh.vn", AGENCY, &[Role::Approver]).await;

    // The receiver's new submissions.
    let page = queue(&app, &mut receiver, query("new")).await;
    assert_eq!(codes(&page), vec![code.clone()]);
    assert!(page["counts"].as_array().unwrap().contains(&json!(["new", 1])), "{}", page["counts"]);
    let review = case(&app, &mut receiver, &code).await;
    assert_eq!(review["actions"], json!(["accept", "refuse_to_accept", "request_supplement"]));
    assert_eq!(review["applicant_name"], "Nguyễn Văn An");

    // Accepted on Monday 7/12 for 5 working days: due Monday 14/12.
    let v = step(&app, &mut receiver, &code, 1, "accept", json!({})).await;
    assert_eq!(v, 2);
    let seen = mine(&app, &mut an, &code).await;
    assert_eq!(seen["summary"]["status"], "Accepted");
    assert_eq!(seen["clock"]["deadline"]["due"], day(2026, 12, 14));
    assert_eq!(seen["clock"]["deadline"]["accepted_on"], day(2026, 12, 7));
    // The receipt (Form 01), to the citizen and the agency, with the code and the dates.
    for who in [&mut an, &mut receiver] {
        let receipt = who.get(&app.router, &format!("/dossiers/{code}/forms/01")).await;
        assert_eq!(receipt.status, 200, "{}", receipt.body);
        assert_eq!(receipt.headers["content-type"], "application/pdf");
        assert!(receipt.body.starts_with("%PDF-"));
        assert!(receipt.body.contains(&code) && receipt.body.contains("due 2026-12-14"));
        assert!(receipt.body.contains("accepted 2026-12-07"));
    }
    assert_eq!(an.get(&app.router, &format!("/dossiers/{code}/forms/02")).await.status, 404, "not issued yet");

    // The processor takes it from the unassigned queue.
    assert_eq!(codes(&queue(&app, &mut processor, query("unassigned")).await), vec![code.clone()]);
    let v = step(&app, &mut processor, &code, v, "take", json!({})).await;
    assert_eq!(codes(&queue(&app, &mut processor, query("mine")).await), vec![code.clone()]);

    // Tuesday: a supplement is requested — the birth notice again and the phone.
    app.clock.set(monday() + chrono::Duration::days(1));
    let items = json!({"items": [
        {"target": "documents.2", "label": "", "reason": "Bản chụp mờ, không đọc được"},
        {"target": "declarant.phone", "label": "", "reason": "Số điện thoại không liên lạc được"}
    ]});
    let v = step(&app, &mut processor, &code, v, "request_supplement", items).await;
    let seen = mine(&app, &mut an, &code).await;
    assert_eq!(seen["summary"]["status"], "SupplementRequested");
    assert_eq!(
        seen["supplement"][0]["label"], "Giấy chứng sinh hoặc văn bản của người làm chứng xác nhận về việc sinh",
        "the document's name"
    );
    assert_eq!(seen["supplement"][1]["label"], "Số điện thoại");
    assert_eq!(seen["clock"]["deadline"]["paused_since"], day(2026, 12, 8));
    assert_eq!(an.get(&app.router, &format!("/dossiers/{code}/forms/02")).await.status, 200);

    // The answer must have both items; then the clock resumes on Thursday 10/12, two working days later.
    app.clock.set(monday() + chrono::Duration::days(3));
    let answer = |values: Value| json!({"code": code, "version": v, "values": values});
    let reply = an.call_json(&app.router, "answer_supplement", &answer(json!([]))).await;
    assert_eq!(reply.status, 422, "{}", reply.body);
    let fields: Vec<String> =
        reply.json()["Invalid"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap().to_owned()).collect();
    assert_eq!(fields, vec!["documents.2", "declarant.phone"]);
    let uploaded = an.upload_to_dossier(&app.router, &code, 2, &[("chung-sinh-ro.pdf", &pdf(300))]).await;
    assert_eq!(uploaded.status, 201, "{}", uploaded.body);
    let reply = an.call_json(&app.router, "answer_supplement", &answer(json!([["declarant.phone", "abc"]]))).await;
    assert_eq!(reply.status, 422, "a corrected value is validated: {}", reply.body);
    let reply =
        an.call_json(&app.router, "answer_supplement", &answer(json!([["declarant.phone", "0987654321"]]))).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    let v = reply.json().as_i64().unwrap();
    let seen = mine(&app, &mut an, &code).await;
    assert_eq!(seen["summary"]["status"], "Processing");
    assert_eq!(seen["data"]["declarant"]["phone"], "0987654321");
    assert_eq!(seen["clock"]["deadline"]["paused_days"], 2);
    assert_eq!(seen["clock"]["deadline"]["due"], day(2026, 12, 16));
    assert!(seen["supplement"].as_array().unwrap().is_empty());
    // Only once.
    let again =
        an.call_json(&app.router, "answer_supplement", &json!({"code": code, "version": v, "values": []})).await;
    assert_eq!(again.status, 403, "{}", again.body);
    // Officials see what changed.
    let review = case(&app, &mut processor, &code).await;
    assert_eq!(review["last_answer"]["fields"], json!([["declarant.phone", "0912345678", "0987654321"]]));
    assert_eq!(review["last_answer"]["files"], json!([[2, "chung-sinh-ro.pdf"]]));

    // The result is uploaded and proposed; the citizen does not see it yet.
    let result = processor.upload_to_dossier(&app.router, &code, 0, &[("trich-luc-khai-sinh.pdf", &pdf(500))]).await;
    assert_eq!(result.status, 201, "{}", result.body);
    let result_id = result.json()[0]["id"].as_str().unwrap().to_owned();
    assert_eq!(an.upload_to_dossier(&app.router, &code, 0, &[("x.pdf", &pdf(1))]).await.status, 404);
    let v = step(
        &app,
        &mut processor,
        &code,
        v,
        "propose_result",
        json!({"result_file": result_id, "note": "Đủ điều kiện"}),
    )
    .await;
    assert!(mine(&app, &mut an, &code).await["attachments"].as_array().unwrap().iter().all(|f| f["document"] != 0));
    assert_eq!(an.get(&app.router, &format!("/attachments/{result_id}")).await.status, 404);

    // The approver sends it back once, then approves.
    assert_eq!(codes(&queue(&app, &mut approver, query("approval")).await), vec![code.clone()]);
    let reply = act(&app, &mut approver, &code, v, "send_back", json!({})).await;
    assert_eq!(reply.status, 422, "a note is required: {}", reply.body);
    let v = step(&app, &mut approver, &code, v, "send_back", json!({"note": "Ghi rõ quê quán"})).await;
    let v = step(&app, &mut processor, &code, v, "propose_result", json!({"result_file": result_id})).await;
    let v = step(&app, &mut approver, &code, v, "approve", json!({})).await;

    // The receiver records the fee and hands over the result.
    assert_eq!(codes(&queue(&app, &mut receiver, query("to_return")).await), vec![code.clone()]);
    let v = step(&app, &mut receiver, &code, v, "record_fee", json!({"reference": "BL-000123"})).await;
    let v = step(&app, &mut receiver, &code, v, "return_at_desk", json!({"reference": "Nguyễn Văn An"})).await;
    assert_eq!(v, 11);

    let seen = mine(&app, &mut an, &code).await;
    assert_eq!(seen["summary"]["status"], "Returned");
    let statuses: Vec<&str> = seen["timeline"].as_array().unwrap().iter().map(|e| e["to"].as_str().unwrap()).collect();
    assert_eq!(
        statuses,
        [
            "Submitted",
            "Accepted",
            "Processing",
            "SupplementRequested",
            "Processing",
            "PendingApproval",
            "Processing",
            "PendingApproval",
            "Processed",
            "Processed",
            "Returned"
        ]
    );
    let roles: Vec<&str> = seen["timeline"].as_array().unwrap().iter().map(|e| e["role"].as_str().unwrap()).collect();
    assert_eq!(
        roles,
        [
            "citizen",
            "receiver",
            "processor",
            "processor",
            "citizen",
            "processor",
            "approver",
            "processor",
            "approver",
            "receiver",
            "receiver"
        ]
    );
    // Now the result is the citizen's.
    assert!(seen["attachments"].as_array().unwrap().iter().any(|f| f["id"] == result_id.as_str()));
    assert_eq!(an.get(&app.router, &format!("/attachments/{result_id}")).await.status, 200);
    assert_eq!(count(&app, "dossier_events").await, 11);

    // Finished Thursday 10/12, before the due date 16/12: early, in 3 working days less the 2 paused.
    let stats = receiver.call(&app.router, "get_statistics", &[]).await;
    assert_eq!(stats.status, 200, "{}", stats.body);
    let row = stats.json().as_array().unwrap().iter().find(|r| r["procedure_code"] == "1.001193").unwrap().clone();
    assert_eq!((row["received"].as_u64(), row["early"].as_u64(), row["late"].as_u64()), (Some(1), Some(1), Some(0)));
    assert_eq!(row["supplemented"], 1);
    assert_eq!(row["median_days"], 1.0);
    // Filed online, its result a document: both digitised.
    assert_eq!((row["online"].as_u64(), row["digitised"].as_u64()), (Some(1), Some(1)));
    assert_eq!(row["results_digitised"], 1);
    app.finish().await;
}

async fn actions_outside_the_table_are_refused_and_change_nothing(backend: Backend) {
    let app = TestApp::start_with_env(backend, &[("DVC_OFFICIAL_2FA", "optional")]).await;
    let (mut an, code) = submitted(&app, 2).await;
    let mut receiver = official(&app, "tiepnhan@benthanh.vn", AGENCY, &[Role::Receiver]).await;
    let mut approver = official(&app, "lanhdao@benthanh.vn", AGENCY, &[Role::Approver]).await;
    let mut processor = official(&app, "xuly@benthanh.vn", AGENCY, &[Role::Processor]).await;
    let mut other = official(&app, "xuly2@benthanh.vn", AGENCY, &[Role::Processor]).await;

    assert_eq!(act(&app, &mut approver, &code, 1, "approve", json!({})).await.status, 403);
    assert_eq!(act(&app, &mut processor, &code, 1, "accept", json!({})).await.status, 403);
    // Citizens never reach the officials' functions.
    assert_eq!(act(&app, &mut an, &code, 1, "accept", json!({})).await.status, 403);
    // A stale version: "changed by someone else".
    let stale = act(&app, &mut receiver, &code, 7, "accept", json!({})).await;
    assert_eq!(stale.status, 409, "{}", stale.body);
    assert_eq!(stale.json(), json!("Conflict"));
    // A refusal needs a reason citing one of the procedure's legal bases.
    let reply = act(&app, &mut receiver, &code, 1, "refuse_to_accept", json!({})).await;
    assert_eq!(reply.status, 422);
    let fields: Vec<String> =
        reply.json()["Invalid"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap().to_owned()).collect();
    assert_eq!(fields, vec!["note", "legal_basis"], "{}", reply.body);
    let foreign_basis = act(
        &app,
        &mut receiver,
        &code,
        1,
        "refuse_to_accept",
        json!({"note": "Sai thẩm quyền", "legal_basis": 999_999}),
    )
    .await;
    assert_eq!(foreign_basis.status, 422, "{}", foreign_basis.body);
    // A supplement item must name one of the procedure's documents or fields.
    let odd = act(
        &app,
        &mut receiver,
        &code,
        1,
        "request_supplement",
        json!({"items": [{"target": "documents.99", "label": "", "reason": "?"}]}),
    )
    .await;
    assert_eq!(odd.status, 422, "{}", odd.body);
    assert_eq!(count(&app, "dossier_events").await, 1, "nothing happened");

    // Accepted and assigned to one processor: the other cannot propose.
    let v = step(&app, &mut receiver, &code, 1, "accept", json!({})).await;
    let review = case(&app, &mut receiver, &code).await;
    assert_eq!(review["actions"], json!(["assign", "record_fee", "reappoint"]));
    let v = step(&app, &mut processor, &code, v, "take", json!({})).await;
    assert_eq!(case(&app, &mut other, &code).await["actions"], json!([]));
    assert_eq!(act(&app, &mut other, &code, v, "propose_refusal", json!({"note": "Không"})).await.status, 403);
    // The assigned processor proposes a refusal; the approver stops processing, citing a basis.
    let v = step(&app, &mut processor, &code, v, "propose_refusal", json!({"note": "Người khai không có quyền"})).await;
    let approve = act(&app, &mut approver, &code, v, "approve", json!({})).await;
    assert_eq!(approve.status, 422, "a proposed refusal is decided by stopping: {}", approve.body);
    let basis = legal_basis(&case(&app, &mut approver, &code).await);
    step(&app, &mut approver, &code, v, "stop", json!({"note": "Không đủ điều kiện", "legal_basis": basis})).await;
    let seen = mine(&app, &mut an, &code).await;
    assert_eq!(seen["summary"]["status"], "Stopped");
    let last = seen["timeline"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["note"], "Không đủ điều kiện");
    assert!(last["detail"]["LegalBasis"].as_str().unwrap().contains("60/2014/QH13"), "{last}");
    let refusal = an.get(&app.router, &format!("/dossiers/{code}/forms/03")).await;
    assert_eq!(refusal.status, 200);
    assert!(refusal.body.contains(&code));
    app.finish().await;
}

async fn officials_of_another_agency_cannot_see_or_act(backend: Backend) {
    let app = TestApp::start_with_env(backend, &[("DVC_OFFICIAL_2FA", "optional")]).await;
    let (_an, code) = submitted(&app, 3).await;
    let mut elsewhere =
        official(&app, "tiepnhan@tuphap.vn", "000.00.31.H29", &[Role::Receiver, Role::Processor, Role::Approver]).await;
    assert!(codes(&queue(&app, &mut elsewhere, query("new")).await).is_empty());
    assert!(codes(&queue(&app, &mut elsewhere, query("all")).await).is_empty());
    assert_eq!(elsewhere.call(&app.router, "get_case", &[("code", &code)]).await.status, 404);
    assert_eq!(act(&app, &mut elsewhere, &code, 1, "accept", json!({})).await.status, 404);
    assert_eq!(elsewhere.call(&app.router, "add_case_note", &[("code", &code), ("body", "x")]).await.status, 404);
    assert_eq!(elsewhere.get(&app.router, &format!("/dossiers/{code}/forms/01")).await.status, 404);
    let mut binh = citizen(&app.router, 4).await;
    assert_eq!(binh.get(&app.router, &format!("/dossiers/{code}/forms/01")).await.status, 404);
    // A receiver may not look at another role's queue.
    let mut receiver = official(&app, "tiepnhan@benthanh.vn", AGENCY, &[Role::Receiver]).await;
    let reply = receiver.call_json(&app.router, "list_queue", &json!({"query": query("approval")})).await;
    assert_eq!(reply.status, 403);
    // Internal notes stay internal.
    assert_eq!(
        receiver.call(&app.router, "add_case_note", &[("code", &code), ("body", "Gọi điện xác minh")]).await.status,
        200
    );
    assert_eq!(case(&app, &mut receiver, &code).await["notes"][0]["body"], "Gọi điện xác minh");
    let mut an = _an;
    assert!(!mine(&app, &mut an, &code).await.to_string().contains("Gọi điện xác minh"));
    assert_eq!(count(&app, "dossier_events").await, 1);
    app.finish().await;
}

async fn a_hundred_races_of_two_officials_have_one_winner_each(backend: Backend) {
    let app = TestApp::start_with_env(backend, &[("DVC_OFFICIAL_2FA", "optional")]).await;
    let receiver_a = official(&app, "a@benthanh.vn", AGENCY, &[Role::Receiver]).await;
    let receiver_b = official(&app, "b@benthanh.vn", AGENCY, &[Role::Receiver]).await;
    let mut an = citizen(&app.router, 5).await;
    let mut codes = Vec::new();
    for _ in 0..100 {
        let (id, key) = new_draft(&app, &mut an, birth_declaration()).await;
        assert_eq!(an.upload(&app.router, &id, 2, &[("a.pdf", &pdf(10))]).await.status, 201);
        codes.push(submit(&app, &mut an, &id, &key).await.json()["code"].as_str().unwrap().to_owned());
    }
    let basis = {
        let mut a = receiver_a.clone();
        legal_basis(&case(&app, &mut a, &codes[0]).await)
    };
    let mut tasks = Vec::new();
    for code in &codes {
        for (who, action) in [(&receiver_a, "accept"), (&receiver_b, "refuse_to_accept")] {
            let (router, mut who, code) = (app.router.clone(), who.clone(), code.clone());
            let extra = json!({"note": "Hồ sơ không thuộc thẩm quyền", "legal_basis": basis});
            tasks.push(tokio::spawn(async move {
                let mut request = json!({"code": code, "action": action, "version": 1});
                request.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
                (code, action, who.call_json(&router, "act_on_dossier", &json!({ "request": request })).await)
            }));
        }
    }
    let mut winners = std::collections::HashMap::new();
    for task in tasks {
        let (code, action, reply) = task.await.unwrap();
        match reply.status {
            200 => assert!(winners.insert(code, action).is_none(), "two winners"),
            409 => assert_eq!(reply.json(), json!("Conflict")),
            other => panic!("{action} on {code}: {other} {}", reply.body),
        }
    }
    assert_eq!(winners.len(), 100, "one winner per dossier");
    for code in &codes {
        let seen = mine(&app, &mut an, code).await;
        let expected = if winners[code] == "accept" { "Accepted" } else { "NotAccepted" };
        assert_eq!(seen["summary"]["status"], expected);
        assert_eq!(seen["version"], 2);
        let timeline = seen["timeline"].as_array().unwrap();
        assert_eq!(timeline.len(), 2, "one event per winner");
        assert_eq!(timeline[1]["to"], expected);
    }
    assert_eq!(count(&app, "dossier_events").await, 200);
    app.finish().await;
}

async fn late_dossiers_show_in_the_overdue_queue_and_get_a_new_appointment(backend: Backend) {
    let app = TestApp::start_with_env(backend, &[("DVC_OFFICIAL_2FA", "optional")]).await;
    app.clock.set(monday());
    set_processing_days(&app, 2).await;
    let mut admin = official(&app, "quantri@dvc.gov.vn", AGENCY, &[Role::SystemAdmin]).await;
    // Tuesday 8/12 declared a day off by the administrator: the deadline skips it.
    let holiday =
        json!({"day": {"day": day(2026, 12, 8), "name_vi": "Nghỉ đột xuất", "name_en": "Day off", "working": false}});
    assert_eq!(admin.call_json(&app.router, "save_holiday", &holiday).await.status, 200);
    let (mut an, code) = submitted(&app, 6).await;
    let mut receiver = official(&app, "tiepnhan@benthanh.vn", AGENCY, &[Role::Receiver]).await;
    let v = step(&app, &mut receiver, &code, 1, "accept", json!({})).await;
    assert_eq!(mine(&app, &mut an, &code).await["clock"]["deadline"]["due"], day(2026, 12, 10));
    let overdue = |due: &str| {
        json!({"queue": "all", "status": null, "procedure_code": null, "sector_id": null,
        "from": null, "to": null, "due": due, "search": null, "after": null})
    };
    assert_eq!(codes(&queue(&app, &mut receiver, overdue("due_soon")).await), vec![code.clone()]);
    assert!(codes(&queue(&app, &mut receiver, overdue("overdue")).await).is_empty());

    // Friday 11/12: late.
    app.clock.set(monday() + chrono::Duration::days(4));
    assert_eq!(codes(&queue(&app, &mut receiver, overdue("overdue")).await), vec![code.clone()]);
    assert_eq!(mine(&app, &mut an, &code).await["clock"]["urgency"], "Overdue");
    // The apology needs a later working day.
    let reply =
        act(&app, &mut receiver, &code, v, "reappoint", json!({"note": "Chờ xác minh", "new_due": day(2026, 12, 9)}))
            .await;
    assert_eq!(reply.json()["Invalid"][0]["rule"], "NotLater", "{}", reply.body);
    let reply =
        act(&app, &mut receiver, &code, v, "reappoint", json!({"note": "Chờ xác minh", "new_due": day(2026, 12, 12)}))
            .await;
    assert_eq!(reply.json()["Invalid"][0]["rule"], "NotAWorkingDay", "{}", reply.body);
    // Bounded: every queue view counts the working days up to the appointment.
    let reply =
        act(&app, &mut receiver, &code, v, "reappoint", json!({"note": "Chờ xác minh", "new_due": day(2999, 12, 16)}))
            .await;
    assert_eq!(reply.json()["Invalid"][0]["rule"], "TooFarAhead", "{}", reply.body);
    step(
        &app,
        &mut receiver,
        &code,
        v,
        "reappoint",
        json!({"note": "Chờ xác minh nơi cư trú", "new_due": day(2026, 12, 15)}),
    )
    .await;
    let seen = mine(&app, &mut an, &code).await;
    assert_eq!(seen["clock"]["deadline"]["due"], day(2026, 12, 15));
    assert_eq!(seen["clock"]["reappointments"], json!([[day(2026, 12, 15), "Chờ xác minh nơi cư trú"]]));
    let apology = an.get(&app.router, &format!("/dossiers/{code}/forms/04")).await;
    assert_eq!(apology.status, 200);
    assert!(apology.body.contains("due 2026-12-15"));
    assert!(codes(&queue(&app, &mut receiver, overdue("overdue")).await).is_empty());
    // Only system administrators edit the calendar.
    assert_eq!(receiver.call_json(&app.router, "save_holiday", &holiday).await.status, 403);
    app.finish().await;
}

async fn queues_filter_search_and_page_by_key(backend: Backend) {
    let app = TestApp::start_with_env(backend, &[("DVC_OFFICIAL_2FA", "optional")]).await;
    let mut receiver = official(&app, "tiepnhan@benthanh.vn", AGENCY, &[Role::Receiver]).await;
    let mut an = citizen(&app.router, 7).await;
    let mut all = Vec::new();
    for _ in 0..45 {
        let (id, key) = new_draft(&app, &mut an, birth_declaration()).await;
        an.upload(&app.router, &id, 2, &[("a.pdf", &pdf(10))]).await;
        all.push(submit(&app, &mut an, &id, &key).await.json()["code"].as_str().unwrap().to_owned());
    }
    let mut seen = Vec::new();
    let mut q = query("new");
    loop {
        let page = queue(&app, &mut receiver, q.clone()).await;
        assert!(page["rows"].as_array().unwrap().len() <= 20);
        seen.extend(codes(&page));
        match page["next"].as_str() {
            Some(next) => q["after"] = json!(next),
            None => break,
        }
    }
    assert_eq!(seen, all, "every dossier once, in order");
    let mut search = query("new");
    search["search"] = json!("nguyen van");
    assert_eq!(
        codes(&queue(&app, &mut receiver, search.clone()).await).len(),
        20,
        "by the applicant's name, without diacritics"
    );
    search["search"] = json!(all[7].to_lowercase());
    assert_eq!(codes(&queue(&app, &mut receiver, search.clone()).await), vec![all[7].clone()]);
    search["search"] = json!("Trần Thị");
    assert!(codes(&queue(&app, &mut receiver, search).await).is_empty());
    app.finish().await;
}

on_both_databases!(
    the_whole_lifecycle_runs_through_the_router,
    actions_outside_the_table_are_refused_and_change_nothing,
    officials_of_another_agency_cannot_see_or_act,
    a_hundred_races_of_two_officials_have_one_winner_each,
    late_dossiers_show_in_the_overdue_queue_and_get_a_new_appointment,
    queues_filter_search_and_page_by_key,
);
