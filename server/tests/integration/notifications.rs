//! Notifications through the real router on SQLite and PostgreSQL: in-app
//! notices with read state, mails from the outbox (as files, and through an
//! SMTP server that is down at first), the citizen's choice of mails, and
//! password reset by an e-mailed, single-use, expiring link.

use crate::common;

use crate::common::dossiers::{act, official, step, submit_another, submitted};
use crate::common::{Backend, Browser, TestApp, eventually, fake_smtp};
use app::domain::access::Role;
use serde_json::json;
use std::time::Duration;

const AGENCY: &str = "000.20.01.H29";
const PASSWORD: &str = "sông Hồng đỏ nặng phù sa";
const NEW_PASSWORD: &str = "Ngày mai trời lại sáng 2026";

/// The mails in the outbox folder addressed to `to`.
fn mails_to(app: &TestApp, to: &str) -> Vec<String> {
    app.outbox_files().into_iter().map(|(_, mail)| mail).filter(|m| m.contains(&format!("To: {to}"))).collect()
}

async fn citizen_notices_and_mails_follow_their_choice(backend: Backend) {
    let app = TestApp::start_with_env(backend, &[("DVC_OFFICIAL_2FA", "optional")]).await;
    let mut receiver = official(&app, "tiepnhan.mail@test.dvc.vn", AGENCY, &[Role::Receiver]).await;
    let (mut an, first) = submitted(&app, 1).await;
    let inbox = an.call(&app.router, "get_inbox", &[]).await.json();
    assert_eq!(
        (inbox["unread"].as_u64(), inbox["items"].as_array().unwrap().len()),
        (Some(0), 0),
        "own acts: no notice"
    );

    // An official accepts: a notice, and a mail (accepted is mailed by default).
    step(&app, &mut receiver, &first, 1, "accept", json!({})).await;
    let inbox = an.call(&app.router, "get_inbox", &[]).await.json();
    assert_eq!(inbox["unread"], 1);
    assert_eq!(inbox["items"][0]["code"], first.as_str());
    assert_eq!(
        (inbox["items"][0]["status"].as_str(), inbox["items"][0]["action"].as_str()),
        (Some("Accepted"), Some("accept"))
    );
    assert!(eventually(Duration::from_secs(5), || async { mails_to(&app, "citizen1@example.vn").len() == 1 }).await);
    let mail = &mails_to(&app, "citizen1@example.vn")[0];
    assert!(mail.contains("Kính gửi Nguyễn Văn An"), "{mail}");
    assert!(mail.contains(&format!("/dossiers/{first}")), "a link to the dossier: {mail}");
    assert!(mail.contains("Được tiếp nhận"), "{mail}");

    // Read: the bell's count drops; another citizen cannot touch An's notices.
    let id = inbox["items"][0]["id"].as_i64().unwrap().to_string();
    let mut binh = common::citizen(&app.router, 2).await;
    assert_eq!(binh.call(&app.router, "mark_notifications_read", &[("id", &id)]).await.status, 200);
    assert_eq!(an.call(&app.router, "count_unread_notifications", &[]).await.json(), 1, "Bình cannot mark An's");
    assert_eq!(an.call(&app.router, "mark_notifications_read", &[("id", &id)]).await.status, 200);
    assert_eq!(an.call(&app.router, "count_unread_notifications", &[]).await.json(), 0);

    // An wants mails only for refusals: an acceptance is a notice without a mail, a refusal both.
    let chosen = an
        .call(
            &app.router,
            "save_mail_statuses",
            &[("statuses[0]", "not_accepted"), ("statuses[2]", "draft"), ("statuses[5]", "bogus")],
        )
        .await;
    assert_eq!(chosen.json()["statuses"], json!(["NotAccepted"]), "only what can be mailed is kept");
    assert_eq!(chosen.json()["sms"], false, "no text messages unless asked");
    let second = submit_another(&app, &mut an).await;
    let third = submit_another(&app, &mut an).await;
    step(&app, &mut receiver, &second, 1, "accept", json!({})).await;
    let case = receiver.call(&app.router, "get_case", &[("code", &third)]).await.json();
    let basis = case["legal_bases"][0][0].as_i64().expect("the procedure's legal bases");
    let refused = act(
        &app,
        &mut receiver,
        &third,
        1,
        "refuse_to_accept",
        json!({"note": "Thiếu giấy chứng sinh", "legal_basis": basis}),
    )
    .await;
    assert_eq!(refused.status, 200, "{}", refused.body);
    assert_eq!(an.call(&app.router, "count_unread_notifications", &[]).await.json(), 2);
    assert!(eventually(Duration::from_secs(5), || async { mails_to(&app, "citizen1@example.vn").len() == 2 }).await);
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let mails = mails_to(&app, "citizen1@example.vn");
    assert_eq!(mails.len(), 2, "no mail for the acceptance, one for the refusal");
    assert!(
        mails[1].contains(&format!("/dossiers/{third}")) && mails[1].contains("Không được tiếp nhận"),
        "{}",
        mails[1]
    );
    assert!(mails_to(&app, "citizen2@example.vn").is_empty());
    app.finish().await;
}

/// Mails follow the language the citizen last signed in with.
async fn mails_are_written_in_the_citizens_language(backend: Backend) {
    let app = TestApp::start_with_env(backend, &[("DVC_OFFICIAL_2FA", "optional")]).await;
    let mut receiver = official(&app, "tiepnhan.mail@test.dvc.vn", AGENCY, &[Role::Receiver]).await;
    let (_, code) = submitted(&app, 1).await;
    let mut english = Browser { headers: vec![("cookie".into(), "lang=en".into())], ..Browser::new() };
    let signed =
        english.call(&app.router, "sign_in", &[("identifier", "citizen1@example.vn"), ("password", PASSWORD)]).await;
    assert_eq!(signed.status, 200, "{}", signed.body);
    step(&app, &mut receiver, &code, 1, "accept", json!({})).await;
    assert!(eventually(Duration::from_secs(5), || async { mails_to(&app, "citizen1@example.vn").len() == 1 }).await);
    let mail = &mails_to(&app, "citizen1@example.vn")[0];
    assert!(mail.contains("Dear Nguyễn Văn An") && mail.contains("Its status is now: Accepted."), "{mail}");
    app.finish().await;
}

async fn password_reset_is_single_use_expires_and_reveals_nothing(backend: Backend) {
    let app = TestApp::start_with_env(backend, &[("DVC_RESET_LIMIT", "6")]).await;
    // The limit counts per clock hour: start one minute into an hour so the
    // 31 minutes this test moves on stay inside it.
    let now = app.clock.now();
    app.clock.set(
        now - chrono::Duration::seconds(now.timestamp().rem_euclid(3600))
            + chrono::Duration::hours(1)
            + chrono::Duration::minutes(1),
    );
    let mut an = common::citizen(&app.router, 1).await;
    let mut visitor = Browser::new();
    let known = visitor.call(&app.router, "request_password_reset", &[("identifier", "citizen1@example.vn")]).await;
    let unknown = visitor.call(&app.router, "request_password_reset", &[("identifier", "nobody@example.vn")]).await;
    assert_eq!((known.status, &known.body), (unknown.status, &unknown.body), "the same answer either way");
    assert_eq!(known.status, 200);
    let token_of = |mail: &str| {
        let start = mail.find("/account/reset?token=").expect("a reset link") + "/account/reset?token=".len();
        mail[start..].split_whitespace().next().unwrap().to_owned()
    };
    assert!(eventually(Duration::from_secs(5), || async { mails_to(&app, "citizen1@example.vn").len() == 1 }).await);
    let first = token_of(&mails_to(&app, "citizen1@example.vn")[0]);
    assert_eq!(app.outbox_files().len(), 1, "nothing is sent for an unknown account");

    // Too late: 31 minutes on.
    app.clock.advance(chrono::Duration::minutes(31));
    let late = visitor
        .call(
            &app.router,
            "reset_password",
            &[("token", &first), ("password", NEW_PASSWORD), ("confirm", NEW_PASSWORD)],
        )
        .await;
    assert_eq!(late.status, 422);
    assert!(late.body.contains("ResetLinkInvalid"), "{}", late.body);

    // A new link (by ID number this time): a weak password is refused and the link still works.
    visitor.call(&app.router, "request_password_reset", &[("identifier", "001090000001")]).await;
    assert!(eventually(Duration::from_secs(5), || async { mails_to(&app, "citizen1@example.vn").len() == 2 }).await);
    let second = token_of(&mails_to(&app, "citizen1@example.vn")[1]);
    let weak = visitor
        .call(&app.router, "reset_password", &[("token", &second), ("password", "123456"), ("confirm", "123456")])
        .await;
    assert_eq!(weak.status, 422, "{}", weak.body);
    let done = visitor
        .call(
            &app.router,
            "reset_password",
            &[("token", &second), ("password", NEW_PASSWORD), ("confirm", NEW_PASSWORD)],
        )
        .await;
    assert_eq!(done.status, 200, "{}", done.body);
    let again = visitor
        .call(
            &app.router,
            "reset_password",
            &[("token", &second), ("password", NEW_PASSWORD), ("confirm", NEW_PASSWORD)],
        )
        .await;
    assert!(again.status == 422 && again.body.contains("ResetLinkInvalid"), "single use: {}", again.body);

    // Every session ended; the new password signs in, the old one does not.
    assert_eq!(an.call(&app.router, "get_profile", &[]).await.status, 401);
    let old = Browser::new()
        .call(&app.router, "sign_in", &[("identifier", "citizen1@example.vn"), ("password", PASSWORD)])
        .await;
    assert_eq!(old.status, 401);
    let new = Browser::new()
        .call(&app.router, "sign_in", &[("identifier", "citizen1@example.vn"), ("password", NEW_PASSWORD)])
        .await;
    assert_eq!(new.status, 200, "{}", new.body);

    // Limited per address, with the same answer for everyone.
    for _ in 0..3 {
        assert_eq!(
            visitor.call(&app.router, "request_password_reset", &[("identifier", "nobody@example.vn")]).await.status,
            200
        );
    }
    let limited = visitor.call(&app.router, "request_password_reset", &[("identifier", "nobody@example.vn")]).await;
    assert_eq!(limited.status, 429);
    app.finish().await;
}

/// The mail server is down when the mail is written: the outbox keeps it,
/// retries later, and it is delivered exactly once.
async fn the_outbox_survives_an_smtp_failure_and_sends_each_mail_once(backend: Backend) {
    let port = {
        let probe = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        probe.local_addr().unwrap().port()
    };
    let smtp = format!("smtp://127.0.0.1:{port}");
    let app = TestApp::start_with_env(backend, &[("DVC_SMTP_URL", smtp.as_str())]).await;
    common::citizen(&app.router, 1).await;
    let reply =
        Browser::new().call(&app.router, "request_password_reset", &[("identifier", "citizen1@example.vn")]).await;
    assert_eq!(reply.status, 200);

    use app::server::entities::outbox_mail;
    use sea_orm::EntityTrait;
    let row = || async { outbox_mail::Entity::find().all(&app.db).await.unwrap().pop().unwrap() };
    assert!(
        eventually(Duration::from_secs(10), || async { row().await.last_error.is_some() }).await,
        "the failed attempt is recorded"
    );
    let failed = row().await;
    assert!(failed.sent_at.is_none() && failed.attempts >= 1 && failed.next_attempt_at > app.clock.now());

    // The server comes back; once the retry is due, the mail goes out, once.
    let received = fake_smtp(tokio::net::TcpListener::bind(("127.0.0.1", port)).await.unwrap());
    app.clock.advance(chrono::Duration::hours(1));
    assert!(
        eventually(Duration::from_secs(10), || async { row().await.sent_at.is_some() }).await,
        "sent after the retry"
    );
    tokio::time::sleep(Duration::from_millis(2500)).await;
    let mails: Vec<String> = received.lock().unwrap().iter().map(|m| common::decode_quoted_printable(m)).collect();
    assert_eq!(mails.len(), 1, "exactly once: {mails:?}");
    assert!(mails[0].contains("To: citizen1@example.vn") && mails[0].contains("/account/reset?token="), "{}", mails[0]);
    assert_eq!(row().await.params, "{}", "the token is not kept once sent");
    app.finish().await;
}

/// A citizen who asks for text messages gets one per chosen status, without
/// diacritics, as a file when no gateway is set; nobody else gets one; an
/// account without a phone number cannot ask and nothing changes.
async fn text_messages_follow_the_citizens_choice(backend: Backend) {
    let app = TestApp::start_with_env(backend, &[("DVC_OFFICIAL_2FA", "optional")]).await;
    let mut receiver = official(&app, "tiepnhan.sms@test.dvc.vn", AGENCY, &[Role::Receiver]).await;
    let (mut an, first) = submitted(&app, 1).await;
    let (_, other) = submitted(&app, 2).await;
    let before = an.call(&app.router, "get_mail_statuses", &[]).await.json();
    assert_eq!((before["sms"].as_bool(), before["phone"].as_str()), (Some(false), Some("0912345678")));
    let chosen = an.call(&app.router, "save_mail_statuses", &[("statuses[0]", "accepted"), ("sms", "on")]).await;
    assert_eq!(chosen.status, 200, "{}", chosen.body);
    assert_eq!((chosen.json()["statuses"].clone(), chosen.json()["sms"].clone()), (json!(["Accepted"]), json!(true)));

    step(&app, &mut receiver, &first, 1, "accept", json!({})).await;
    step(&app, &mut receiver, &other, 1, "accept", json!({})).await;
    assert!(eventually(Duration::from_secs(5), || async { !app.sms_files().is_empty() }).await, "a text message");
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let texts = app.sms_files();
    assert_eq!(texts.len(), 1, "only An asked for text messages: {texts:?}");
    assert!(texts[0].starts_with("To: 84912345678\n"), "{}", texts[0]);
    let body = texts[0].lines().nth(2).unwrap();
    assert!(body.starts_with(&format!("DVC: Ho so {first}: Duoc tiep nhan. http")), "{body}");
    assert!(body.ends_with(&format!("/dossiers/{first}")) && body.is_ascii() && body.len() <= 160, "{body}");
    assert_eq!(mails_to(&app, "citizen1@example.vn").len(), 1, "the mail goes too");

    // Without a phone number (an account VNeID opened without one) SMS cannot be chosen.
    {
        use app::server::entities::user;
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, sea_query::Expr};
        user::Entity::update_many()
            .col_expr(user::Column::Phone, Expr::value(Option::<String>::None))
            .filter(user::Column::Email.eq("citizen1@example.vn"))
            .exec(&app.db)
            .await
            .unwrap();
    }
    let refused = an.call(&app.router, "save_mail_statuses", &[("statuses[0]", "returned"), ("sms", "on")]).await;
    assert_eq!(refused.status, 422, "{}", refused.body);
    assert_eq!(refused.json(), json!({"Invalid": [{"field": "sms", "rule": "PhoneForSms"}]}));
    let after = an.call(&app.router, "get_mail_statuses", &[]).await.json();
    assert_eq!((after["statuses"].clone(), after["sms"].clone()), (json!(["Accepted"]), json!(false)), "unchanged");
    app.finish().await;
}

/// A gateway that is down at first: the text message is retried with the same
/// id and key, and delivered once.
async fn text_messages_go_through_the_gateway_once(backend: Backend) {
    use axum::http::{HeaderMap, StatusCode};
    use std::sync::{Arc, Mutex};
    /// What the gateway was sent: the `Authorization` header and the JSON body.
    type Sent = (Option<String>, serde_json::Value);
    let received: Arc<Mutex<Vec<Sent>>> = Arc::default();
    let gateway = {
        let received = received.clone();
        axum::Router::new().route(
            "/send",
            axum::routing::post(move |headers: HeaderMap, axum::Json(body): axum::Json<serde_json::Value>| {
                let received = received.clone();
                async move {
                    let key = headers.get("authorization").and_then(|v| v.to_str().ok()).map(str::to_owned);
                    let mut all = received.lock().unwrap();
                    all.push((key, body));
                    // The first attempt fails, as a gateway under maintenance would.
                    if all.len() == 1 { StatusCode::SERVICE_UNAVAILABLE } else { StatusCode::OK }
                }
            }),
        )
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/send", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, gateway).await });
    let app = TestApp::start_with_env(
        backend,
        &[("DVC_OFFICIAL_2FA", "optional"), ("DVC_SMS_URL", url.as_str()), ("DVC_SMS_KEY", "khoa-bi-mat")],
    )
    .await;
    let mut receiver = official(&app, "tiepnhan.sms2@test.dvc.vn", AGENCY, &[Role::Receiver]).await;
    let (mut an, code) = submitted(&app, 1).await;
    let chosen = an.call(&app.router, "save_mail_statuses", &[("statuses[0]", "accepted"), ("sms", "on")]).await;
    assert_eq!(chosen.status, 200, "{}", chosen.body);
    step(&app, &mut receiver, &code, 1, "accept", json!({})).await;
    assert!(eventually(Duration::from_secs(10), || async { received.lock().unwrap().len() == 1 }).await);
    app.clock.advance(chrono::Duration::hours(1));
    assert!(eventually(Duration::from_secs(10), || async { received.lock().unwrap().len() == 2 }).await, "retried");
    tokio::time::sleep(Duration::from_millis(2500)).await;
    let all = received.lock().unwrap().clone();
    assert_eq!(all.len(), 2, "accepted once, never sent again: {all:?}");
    assert_eq!(all[0].1["id"], all[1].1["id"], "the retry carries the same id");
    assert_eq!(all[1].0.as_deref(), Some("Bearer khoa-bi-mat"));
    assert_eq!(all[1].1["to"], "84912345678");
    let text = all[1].1["text"].as_str().unwrap();
    assert!(text.starts_with(&format!("DVC: Ho so {code}: Duoc tiep nhan.")), "{text}");
    assert!(app.sms_files().is_empty(), "no files when a gateway is set");
    app.finish().await;
}

on_both_databases!(
    text_messages_follow_the_citizens_choice,
    text_messages_go_through_the_gateway_once,
    citizen_notices_and_mails_follow_their_choice,
    mails_are_written_in_the_citizens_language,
    password_reset_is_single_use_expires_and_reveals_nothing,
    the_outbox_survives_an_smtp_failure_and_sends_each_mail_once,
);
