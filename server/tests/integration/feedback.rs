//! Feedback and complaints through the real router on SQLite and
//! PostgreSQL: sent by a signed-in citizen or by the holder of a dossier's
//! code and secret, it reaches only its agency's administrators with its
//! deadline in working days; the answer is mailed to the sender and, with
//! their consent, published without personal data; hiding is audited; and
//! one address cannot flood an agency.

use crate::common::dossiers::{count, official, submit_another, submitted};
use crate::common::{Backend, Browser, Reply, TestApp, eventually};
use app::domain::access::Role;
use chrono::{DateTime, Utc};
use serde_json::{Value, json};
use std::time::Duration;

const BEN_THANH: &str = "000.20.01.H29";
const HOAN_KIEM: &str = "000.20.01.H26";

/// Monday 14 December 2026, 10:00 in Vietnam.
fn monday() -> DateTime<Utc> {
    "2026-12-14T03:00:00Z".parse().unwrap()
}

async fn send(app: &TestApp, who: &mut Browser, fields: &[(&str, &str)]) -> Reply {
    let fields: Vec<(String, &str)> = fields.iter().map(|(k, v)| (format!("feedback[{k}]"), *v)).collect();
    let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), *v)).collect();
    who.call(&app.router, "send_feedback", &fields).await
}

async fn published(app: &TestApp, query: Value) -> Value {
    let reply = Browser::new().call_json(&app.router, "list_feedback", &json!({ "query": query })).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    reply.json()
}

/// Calls `endpoint` with owned field values.
async fn call(app: &TestApp, who: &mut Browser, endpoint: &str, pairs: Vec<(&'static str, String)>) -> Reply {
    let fields: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (*k, v.as_str())).collect();
    who.call(&app.router, endpoint, &fields).await
}

fn mails_to(app: &TestApp, to: &str) -> Vec<String> {
    app.outbox_files().into_iter().map(|(_, mail)| mail).filter(|m| m.contains(&format!("To: {to}"))).collect()
}

async fn feedback_reaches_its_agency_and_its_answer_is_published(backend: Backend) {
    let app = TestApp::start_with_env(backend, &[("DVC_OFFICIAL_2FA", "optional")]).await;
    app.clock.set(monday());
    let (mut an, code) = submitted(&app, 1).await;
    // Five dossiers: enough for Bến Thành's figures (and index) to be published.
    for _ in 0..4 {
        submit_another(&app, &mut an).await;
    }
    let secret = an.call(&app.router, "get_my_dossier", &[("code", &code)]).await.json()["lookup_secret"]
        .as_str()
        .unwrap()
        .to_owned();
    let question = "Hồ sơ chậm. CCCD của tôi 001 090 000001, điện thoại 0912.345.678, thư an@example.vn.";

    // Without a session: only about a dossier, with its secret; a wrong
    // secret is refused like an unknown code, and nothing is kept.
    let mut anonymous = Browser::new();
    let about_agency = send(
        &app,
        &mut anonymous,
        &[("topic", "handling"), ("agency", BEN_THANH), ("title", "Chậm"), ("content", "Chậm")],
    )
    .await;
    assert_eq!(about_agency.status, 422, "{}", about_agency.body);
    assert_eq!(about_agency.json()["Invalid"][0]["field"], "dossier");
    let wrong = [
        ("topic", "handling"),
        ("dossier", code.as_str()),
        ("secret", "AAAAAAAA"),
        ("title", "Chậm"),
        ("content", question),
    ];
    let refused = send(&app, &mut anonymous, &wrong).await;
    assert_eq!(refused.status, 422, "{}", refused.body);
    assert_eq!(refused.json()["Invalid"][0]["rule"], "NoSuchDossier");
    assert_eq!(count(&app, "feedback").await, 0);
    let by_code = send(
        &app,
        &mut anonymous,
        &[
            ("topic", "handling"),
            ("dossier", code.as_str()),
            ("secret", secret.to_lowercase().as_str()),
            ("title", "Hồ sơ khai sinh chậm"),
            ("content", question),
            ("email", "nguoi.gui@example.vn"),
            ("consent", "on"),
        ],
    )
    .await;
    assert_eq!(by_code.status, 200, "{}", by_code.body);
    let first = by_code.json();
    // Ten working days from Monday 14/12: Monday 28/12.
    assert_eq!(first["due_on"], "2026-12-28");
    let first = first["code"].as_str().unwrap().to_owned();

    // Signed in: about an agency and one of its procedures, without consent,
    // answered at the account's address.
    let about = [
        ("topic", "rules"),
        ("agency", HOAN_KIEM),
        ("procedure", "1.001193"),
        ("title", "Giấy tờ thừa"),
        ("content", "Vì sao phải nộp bản sao?"),
    ];
    // Only a procedure the agency implements: not the city's department for a ward's procedure.
    let department = [
        ("topic", "rules"),
        ("agency", "000.00.31.H29"),
        ("procedure", "1.001193"),
        ("title", "Giấy tờ thừa"),
        ("content", "Vì sao?"),
    ];
    let refused = send(&app, &mut an, &department).await;
    assert_eq!(refused.status, 422, "{}", refused.body);
    assert_eq!(refused.json()["Invalid"][0]["rule"], "NotImplementing");
    let second = send(&app, &mut an, &about).await;
    assert_eq!(second.status, 200, "{}", second.body);
    let second = second.json()["code"].as_str().unwrap().to_owned();

    // Each agency's administrators see only their own; other officials nothing.
    let mut ben_thanh = official(&app, "quantri@benthanh.vn", BEN_THANH, &[Role::AgencyAdmin]).await;
    let mut hoan_kiem = official(&app, "quantri@hoankiem.vn", HOAN_KIEM, &[Role::AgencyAdmin]).await;
    let mut receiver = official(&app, "tiepnhan@benthanh.vn", BEN_THANH, &[Role::Receiver]).await;
    let queue = ben_thanh.call(&app.router, "feedback_queue", &[]).await.json();
    let codes: Vec<&str> = queue.as_array().unwrap().iter().map(|c| c["code"].as_str().unwrap()).collect();
    assert_eq!(codes, [first.as_str()]);
    let case = &queue[0];
    assert_eq!((case["dossier"].as_str(), case["sender"].as_str()), (Some(code.as_str()), None));
    assert_eq!((case["status"].as_str(), case["days_left"].as_i64()), (Some("open"), Some(10)));
    assert_eq!(case["content"], question, "the agency reads what was sent");
    assert_eq!(case["redacted_title"], "Hồ sơ khai sinh chậm");
    assert_eq!(
        case["redacted"], "Hồ sơ chậm. CCCD của tôi [đã ẩn], điện thoại [đã ẩn], thư [đã ẩn]",
        "the question as it would be published"
    );
    let other = hoan_kiem.call(&app.router, "feedback_queue", &[]).await.json();
    assert_eq!((other[0]["code"].as_str(), other.as_array().unwrap().len()), (Some(second.as_str()), 1));
    assert_eq!(other[0]["sender"], "Nguyễn Văn An");
    assert_eq!(receiver.call(&app.router, "feedback_queue", &[]).await.status, 403);
    let answer = |code: &str, text: &str, question: &str| {
        vec![
            ("code", code.to_owned()),
            ("answer[answer]", text.to_owned()),
            ("answer[title]", "Trả lời".to_owned()),
            ("answer[question]", question.to_owned()),
        ]
    };
    let elsewhere =
        call(&app, &mut hoan_kiem, "answer_feedback", answer(&first, "Không phải của chúng tôi", "x")).await;
    assert_eq!(elsewhere.status, 404, "another agency's feedback is not found");

    // Answered as a plain form; the administrator's edit loses a number left in.
    let mut plain = ben_thanh.clone();
    plain.headers.push(("accept".into(), "text/html".into()));
    let posted = plain
        .post_form(
            &app.router,
            "/api/answer_feedback",
            &[
                ("code", first.as_str()),
                ("answer[answer]", "Hồ sơ đã được trả kết quả ngày 15/12/2026. Xin lỗi ông/bà vì sự chậm trễ."),
                ("answer[title]", "Hồ sơ khai sinh chậm, gọi 0912345678"),
                ("answer[question]", "Hồ sơ chậm. Gọi tôi theo số 0912 345 678."),
            ],
        )
        .await;
    assert_eq!(posted.status, 302, "{}", posted.body);
    assert_eq!(posted.location(), Some(format!("/dashboard/feedback?done={first}#feedback-{first}").as_str()));
    let twice = call(&app, &mut ben_thanh, "answer_feedback", answer(&first, "Lần nữa", "Lần nữa")).await;
    assert_eq!(twice.status, 409, "one answer stands");
    let list = published(&app, json!({})).await;
    assert_eq!(list["total"], 1);
    let item = &list["items"][0];
    assert_eq!((item["code"].as_str(), item["agency"]["code"].as_str()), (Some(first.as_str()), Some(BEN_THANH)));
    assert_eq!(item["question"], "Hồ sơ chậm. Gọi tôi theo số [đã ẩn].");
    assert_eq!(item["title"], "Hồ sơ khai sinh chậm, gọi [đã ẩn]", "the title too");
    assert!(item["answer"].as_str().unwrap().starts_with("Hồ sơ đã được trả kết quả"));
    assert_eq!(published(&app, json!({ "agency": HOAN_KIEM })).await["total"], 0);
    assert_eq!(
        published(&app, json!({ "page": 0, "agency": "x".repeat(5000) })).await["page"],
        1,
        "bounded, not an error"
    );
    assert_eq!(published(&app, json!({ "topic": "conduct" })).await["total"], 0);
    let (status, _, page) = app.get_text("/feedback").await;
    assert_eq!(status, 200);
    assert!(page.contains("Hồ sơ khai sinh chậm") && !page.contains("0912"), "the public page, rendered on the server");
    // Answered on time: Decision 766's feedback indicator for Bến Thành.
    let (status, stats) = app.get_json(&format!("/api/v1/statistics?agency={BEN_THANH}")).await;
    assert_eq!(status, 200, "{stats}");
    assert_eq!(
        (stats["total"]["feedback_due"].as_u64(), stats["total"]["feedback_on_time"].as_u64()),
        (Some(1), Some(1))
    );
    let indicator = stats["index"][0]["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["indicator"] == "feedback_on_time")
        .cloned();
    assert_eq!(indicator.unwrap()["value"], 100.0, "{stats}");
    // The sender is mailed the answer at the address they gave.
    assert!(eventually(Duration::from_secs(5), || async { mails_to(&app, "nguoi.gui@example.vn").len() == 1 }).await);
    assert!(mails_to(&app, "nguoi.gui@example.vn")[0].contains("Xin lỗi ông/bà vì sự chậm trễ."));

    // Without consent: answered and mailed, never published.
    let reply =
        call(&app, &mut hoan_kiem, "answer_feedback", answer(&second, "Bản sao không cần chứng thực.", "Vì sao?"))
            .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(published(&app, json!({})).await["total"], 1);
    let mine = an.call(&app.router, "my_feedback", &[]).await.json();
    assert_eq!(
        (mine[0]["code"].as_str(), mine[0]["answer"].as_str(), mine[0]["published"].as_bool()),
        (Some(second.as_str()), Some("Bản sao không cần chứng thực."), Some(false))
    );
    assert!(
        eventually(Duration::from_secs(5), || async {
            mails_to(&app, "citizen1@example.vn").iter().any(|m| m.contains(&second))
        })
        .await
    );

    // Open feedback hidden as abuse, with a reason, audited; an answer stays.
    let abuse = [("topic", "other"), ("dossier", code.as_str()), ("title", "!!!"), ("content", "Lời lẽ xúc phạm")];
    let abuse = send(&app, &mut an, &abuse).await.json()["code"].as_str().unwrap().to_owned();
    let no_reason =
        call(&app, &mut ben_thanh, "hide_feedback", vec![("code", abuse.clone()), ("reason", " ".into())]).await;
    assert_eq!(no_reason.status, 422, "{}", no_reason.body);
    let hidden = call(
        &app,
        &mut ben_thanh,
        "hide_feedback",
        vec![("code", abuse.clone()), ("reason", "Lời lẽ xúc phạm".into())],
    )
    .await;
    assert_eq!(hidden.status, 200, "{}", hidden.body);
    let answered =
        call(&app, &mut ben_thanh, "hide_feedback", vec![("code", first.clone()), ("reason", "Không thích".into())])
            .await;
    assert_eq!(answered.status, 409, "an answer is not hidden (nor taken out of the index)");
    assert_eq!(published(&app, json!({})).await["total"], 1);
    let queue = ben_thanh.call(&app.router, "feedback_queue", &[]).await.json();
    let hidden = queue.as_array().unwrap().iter().find(|c| c["code"] == abuse.as_str()).unwrap();
    assert_eq!(
        (hidden["status"].as_str(), hidden["hidden_reason"].as_str()),
        (Some("hidden"), Some("Lời lẽ xúc phạm"))
    );
    assert_eq!(count(&app, "audit_log WHERE action = 'feedback.hide'").await, 1);
    assert_eq!(count(&app, "audit_log WHERE action = 'feedback.answer'").await, 2);
    app.finish().await;
}

async fn one_address_cannot_flood_an_agency(backend: Backend) {
    let app = TestApp::start(backend).await;
    let (mut an, _) = submitted(&app, 1).await;
    let fields = [("topic", "other"), ("agency", BEN_THANH), ("title", "Góp ý"), ("content", "Nội dung góp ý")];
    for _ in 0..5 {
        let reply = send(&app, &mut an, &fields).await;
        assert_eq!(reply.status, 200, "{}", reply.body);
    }
    let refused = send(&app, &mut an, &fields).await;
    assert_eq!(refused.status, 429, "{}", refused.body);
    assert!(refused.headers.get("retry-after").is_some(), "says when to try again");
    assert_eq!(count(&app, "feedback").await, 5);
    app.finish().await;
}

on_both_databases!(feedback_reaches_its_agency_and_its_answer_is_published, one_address_cannot_flood_an_agency);
