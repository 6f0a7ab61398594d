//! Accounts through the real router on SQLite and PostgreSQL: registration,
//! signing in and out, expiry, rotation, rate limits, the first-sign-in
//! password change, the second factor, request forgery and several instances.

use crate::common;

use crate::common::{Backend, Browser, TestApp};
use app::domain::access::Role;
use app::domain::account::NewOfficial;
use app::server::accounts::officials::{self, Admin};
use app::server::auth::totp;
use app::server::entities::session;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

pub const PASSWORD: &str = "sông Hồng đỏ nặng phù sa";

/// Registration fields of a valid citizen; `n` makes the ID number and e-mail unique.
pub fn citizen_fields(n: u32) -> Vec<(String, String)> {
    [
        ("form[full_name]", "Nguyễn Văn An".to_owned()),
        ("form[citizen_id]", format!("001090{n:06}")),
        ("form[birth_date]", "1990-05-17".to_owned()),
        ("form[phone]", "0912 345 678".to_owned()),
        ("form[email]", format!("an{n}@example.vn")),
        ("form[password]", PASSWORD.to_owned()),
        ("form[password_confirm]", PASSWORD.to_owned()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect()
}

fn refs(fields: &[(String, String)]) -> Vec<(&str, &str)> {
    fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect()
}

async fn register(app: &TestApp, n: u32) -> Browser {
    let mut browser = Browser::new();
    let reply = browser.call(&app.router, "register_citizen", &refs(&citizen_fields(n))).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    browser
}

async fn sign_in(app: &TestApp, browser: &mut Browser, identifier: &str, password: &str) -> common::Reply {
    browser.call(&app.router, "sign_in", &[("identifier", identifier), ("password", password)]).await
}

/// Creates an official with a known password through the service, as the CLI does.
async fn official(app: &TestApp, email: &str, agency: &str, roles: &[Role]) -> String {
    let form = NewOfficial {
        full_name: "Lê Thị Thu".into(),
        email: email.into(),
        agency_code: agency.into(),
        roles: roles.to_vec(),
    };
    officials::create(&app.db, &Admin::CommandLine, &form, chrono::Utc::now()).await.unwrap().temporary_password
}

async fn current_user(app: &TestApp, browser: &mut Browser) -> serde_json::Value {
    let reply = browser.call(&app.router, "current_user", &[]).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    reply.json()
}

async fn audit_actions(app: &TestApp) -> Vec<(String, String, String)> {
    app::server::entities::audit_entry::Entity::find()
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|e| (e.action, e.outcome, e.actor))
        .collect()
}

async fn registration_signs_the_citizen_in(backend: Backend) {
    let app = TestApp::start(backend).await;
    let mut browser = register(&app, 1).await;
    let me = current_user(&app, &mut browser).await;
    assert_eq!(me["full_name"], "Nguyễn Văn An");
    assert_eq!(me["kind"], "Citizen");
    let profile = browser.call(&app.router, "get_profile", &[]).await.json();
    assert_eq!(profile["citizen_id_masked"], "001*******01", "the full ID number never goes back to the browser");
    assert_eq!(profile["phone"], "0912345678");
    // The audit log has the registration, with the ID number masked.
    let audit = audit_actions(&app).await;
    assert!(audit.iter().any(|(action, outcome, actor)| action == "account.register"
        && outcome == "success"
        && actor == "001*******01"));
    app.finish().await;
}

/// The registration form without a script posts the birth date as the
/// day, month and year typed in its three boxes.
async fn a_plain_form_types_the_birth_date_as_day_month_year(backend: Backend) {
    let app = TestApp::start(backend).await;
    let with_date = |n: u32, day: &str, month: &str| {
        let mut fields: Vec<(String, String)> =
            citizen_fields(n).into_iter().filter(|(k, _)| k != "form[birth_date]").collect();
        for (part, value) in [("day", day), ("month", month), ("year", "1990")] {
            fields.push((format!("form[birth_date][{part}]"), value.to_owned()));
        }
        fields
    };
    let mut browser = Browser::new();
    for (day, month) in [("31", "2"), ("32", "5"), ("", "5")] {
        let refused = browser.call(&app.router, "register_citizen", &refs(&with_date(4, day, month))).await;
        assert_eq!(refused.status, 422, "{}", refused.body);
        assert!(refused.body.contains("DateFormat"), "{day}/{month}: {}", refused.body);
    }
    let reply = browser.call(&app.router, "register_citizen", &refs(&with_date(4, "17", "5"))).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    let profile = browser.call(&app.router, "get_profile", &[]).await.json();
    assert_eq!(profile["birth_date"], "1990-05-17", "{profile}");
    app.finish().await;
}

async fn a_bad_registration_changes_nothing(backend: Backend) {
    let app = TestApp::start(backend).await;
    let mut fields = citizen_fields(2);
    fields[1].1 = "001091000002".into(); // year digits 91 for someone born in 1990
    fields[3].1 = "0243825555".into(); // a landline
    let mut browser = Browser::new();
    let reply = browser.call(&app.router, "register_citizen", &refs(&fields)).await;
    assert_eq!(reply.status, 422, "{}", reply.body);
    let errors = &reply.json()["Invalid"];
    let rules: Vec<(String, String)> = errors
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["field"].as_str().unwrap().to_owned(), e["rule"].as_str().unwrap().to_owned()))
        .collect();
    assert!(rules.contains(&("citizen_id".into(), "CitizenIdBirthYear".into())), "{rules:?}");
    assert!(rules.contains(&("phone".into(), "PhonePrefix".into())), "{rules:?}");
    assert!(browser.token().is_none(), "no session for a refused registration");
    assert_eq!(app::server::entities::user::Entity::find().all(&app.db).await.unwrap().len(), 0);
    // The same person cannot register twice.
    register(&app, 3).await;
    let reply = Browser::new().call(&app.router, "register_citizen", &refs(&citizen_fields(3))).await;
    assert_eq!(reply.status, 422);
    assert_eq!(reply.json()["Invalid"][0]["rule"], "AlreadyRegistered");
    app.finish().await;
}

async fn sign_in_with_id_number_or_email_and_sign_out(backend: Backend) {
    let app = TestApp::start(backend).await;
    register(&app, 4).await;
    let mut by_id = Browser::new();
    assert_eq!(sign_in(&app, &mut by_id, "001 090 000004", PASSWORD).await.status, 200);
    let mut by_email = Browser::new();
    let reply = sign_in(&app, &mut by_email, "AN4@example.vn", PASSWORD).await;
    assert_eq!(reply.status, 200);
    assert_eq!(reply.json(), "/account");
    assert_eq!(current_user(&app, &mut by_email).await["full_name"], "Nguyễn Văn An");
    let cookie = reply.headers.get("set-cookie").unwrap().to_str().unwrap();
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"), "{cookie}");

    // A wrong password says nothing about which part was wrong.
    let mut wrong = Browser::new();
    let reply = sign_in(&app, &mut wrong, "an4@example.vn", "not the password").await;
    assert_eq!((reply.status, reply.json()), (401, serde_json::json!("BadCredentials")));
    let reply = sign_in(&app, &mut wrong, "nobody@example.vn", "not the password").await;
    assert_eq!((reply.status, reply.json()), (401, serde_json::json!("BadCredentials")));
    assert!(wrong.token().is_none());

    // Signing out ends this session only, and the old token is dead.
    let old = by_email.clone();
    assert_eq!(by_email.call(&app.router, "sign_out", &[]).await.status, 200);
    assert!(by_email.token().is_none(), "the cookie is cleared");
    let mut replay = old.clone();
    assert_eq!(current_user(&app, &mut replay).await, serde_json::Value::Null);
    assert_eq!(current_user(&app, &mut by_id).await["full_name"], "Nguyễn Văn An");

    let audit = audit_actions(&app).await;
    assert!(audit.iter().any(|(a, o, actor)| a == "sign_in" && o == "success" && !actor.contains("001090000004")));
    assert!(audit.iter().any(|(a, o, _)| a == "sign_in" && o == "bad_credentials"));
    assert!(audit.iter().any(|(a, _, _)| a == "sign_out"));
    app.finish().await;
}

async fn sign_out_everywhere_ends_every_session(backend: Backend) {
    let app = TestApp::start(backend).await;
    let mut phone = register(&app, 5).await;
    let mut laptop = Browser::new();
    assert_eq!(sign_in(&app, &mut laptop, "an5@example.vn", PASSWORD).await.status, 200);
    assert_eq!(phone.call(&app.router, "sign_out_everywhere", &[]).await.status, 200);
    assert_eq!(current_user(&app, &mut laptop).await, serde_json::Value::Null);
    assert_eq!(current_user(&app, &mut phone).await, serde_json::Value::Null);
    app.finish().await;
}

async fn sessions_expire_when_idle_and_at_their_limit(backend: Backend) {
    let app = TestApp::start(backend).await;
    let mut idle = register(&app, 6).await;
    let mut old = Browser::new();
    sign_in(&app, &mut old, "an6@example.vn", PASSWORD).await;
    let hash = |b: &Browser| app::server::secrets::sha256_hex(b.token().unwrap());
    let ago = |minutes: i64| chrono::Utc::now() - chrono::Duration::minutes(minutes);
    let set = |column: session::Column, at: chrono::DateTime<chrono::Utc>, id: String| {
        session::Entity::update_many()
            .col_expr(column, sea_orm::sea_query::Expr::value(at))
            .filter(session::Column::Id.eq(id))
            .exec(&app.db)
    };
    // 31 minutes without a request: past the 30-minute idle limit.
    set(session::Column::LastSeenAt, ago(31), hash(&idle)).await.unwrap();
    // Used a minute ago, but the 12-hour absolute limit has passed.
    set(session::Column::ExpiresAt, ago(1), hash(&old)).await.unwrap();
    let reply = idle.call(&app.router, "get_profile", &[]).await;
    assert_eq!(reply.status, 401);
    assert!(idle.token().is_none(), "the stale cookie is cleared");
    assert_eq!(old.call(&app.router, "get_profile", &[]).await.status, 401);
    // The rows are gone, not just ignored.
    assert_eq!(app::server::entities::session::Entity::find().all(&app.db).await.unwrap().len(), 0);
    app.finish().await;
}

async fn sign_in_rotates_the_session(backend: Backend) {
    let app = TestApp::start(backend).await;
    let mut browser = register(&app, 7).await;
    let before = browser.token().unwrap().to_owned();
    assert_eq!(sign_in(&app, &mut browser, "an7@example.vn", PASSWORD).await.status, 200);
    let after = browser.token().unwrap().to_owned();
    assert_ne!(before, after, "a new token at sign-in (no session fixation)");
    let mut stale = Browser { cookie: Some(before), ..Browser::new() };
    assert_eq!(current_user(&app, &mut stale).await, serde_json::Value::Null, "the previous session ended");
    app.finish().await;
}

async fn a_privilege_change_rotates_the_officials_sessions(backend: Backend) {
    let app = TestApp::start_with_env(backend, &[("DVC_OFFICIAL_2FA", "optional")]).await;
    let temporary = official(&app, "thu@x.vn", "000.00.31.H29", &[Role::Receiver]).await;
    let mut browser = Browser::new();
    sign_in(&app, &mut browser, "thu@x.vn", &temporary).await;
    let changed = browser
        .call(
            &app.router,
            "change_password",
            &[("form[current]", &temporary), ("form[new]", PASSWORD), ("form[confirm]", PASSWORD)],
        )
        .await;
    assert_eq!(changed.status, 200, "{}", changed.body);
    let before = browser.token().unwrap().to_owned();
    let id = current_user(&app, &mut browser).await["id"].as_i64().unwrap() as i32;
    officials::set_roles(&app.db, &Admin::CommandLine, id, &[Role::Receiver, Role::Processor], chrono::Utc::now())
        .await
        .unwrap();
    let me = current_user(&app, &mut browser).await;
    assert_eq!(me["roles"], serde_json::json!(["Receiver", "Processor"]));
    assert_ne!(browser.token().unwrap(), before, "the session got a new token with the new roles");
    let mut stale = Browser { cookie: Some(before), ..Browser::new() };
    assert_eq!(current_user(&app, &mut stale).await, serde_json::Value::Null);
    app.finish().await;
}

async fn repeated_failures_lock_the_account_for_a_while(backend: Backend) {
    let app = TestApp::start(backend).await;
    register(&app, 8).await;
    let mut attacker = Browser::new();
    for _ in 0..5 {
        assert_eq!(sign_in(&app, &mut attacker, "an8@example.vn", "guess guess guess").await.status, 401);
    }
    // Even the right password is refused now, with a time to come back.
    let reply = sign_in(&app, &mut attacker, "an8@example.vn", PASSWORD).await;
    assert_eq!(reply.status, 429, "{}", reply.body);
    let retry_after: u64 = reply.headers.get("retry-after").unwrap().to_str().unwrap().parse().unwrap();
    assert!(retry_after > 0 && retry_after <= 15 * 60);
    assert!(reply.json()["RateLimited"]["retry_after_secs"].as_u64().is_some());
    // Another account is not affected.
    register(&app, 9).await;
    assert_eq!(sign_in(&app, &mut Browser::new(), "an9@example.vn", PASSWORD).await.status, 200);
    assert!(audit_actions(&app).await.iter().any(|(a, o, _)| a == "sign_in" && o == "locked"));
    app.finish().await;
}

async fn each_address_has_its_own_limit(backend: Backend) {
    let app = TestApp::start_with_env(
        backend,
        &[("DVC_TRUST_PROXY", "1"), ("DVC_SIGN_IN_LIMIT", "3"), ("DVC_REGISTER_LIMIT", "2")],
    )
    .await;
    let mut noisy = Browser { ip: Some("203.0.113.7".into()), ..Browser::new() };
    for _ in 0..3 {
        assert_eq!(sign_in(&app, &mut noisy, "x@example.vn", "guess guess").await.status, 401);
    }
    let reply = sign_in(&app, &mut noisy, "y@example.vn", "guess guess").await;
    assert_eq!(reply.status, 429);
    assert!(reply.headers.contains_key("retry-after"));
    let mut quiet = Browser { ip: Some("198.51.100.2".into()), ..Browser::new() };
    assert_eq!(sign_in(&app, &mut quiet, "x@example.vn", "guess guess").await.status, 401);
    // Registrations: two per address per hour here.
    for n in 10..12 {
        let reply = noisy.call(&app.router, "register_citizen", &refs(&citizen_fields(n))).await;
        assert_eq!(reply.status, 200, "{}", reply.body);
    }
    let reply = noisy.call(&app.router, "register_citizen", &refs(&citizen_fields(12))).await;
    assert_eq!(reply.status, 429);
    app.finish().await;
}

async fn officials_set_their_own_password_first(backend: Backend) {
    let app = TestApp::start_with_env(backend, &[("DVC_OFFICIAL_2FA", "optional")]).await;
    let temporary = official(&app, "minh@x.vn", "000.00.31.H29", &[Role::Processor]).await;
    let mut browser = Browser::new();
    let reply = sign_in(&app, &mut browser, "minh@x.vn", &temporary).await;
    assert_eq!(reply.json(), "/account/password");
    // Nothing else works until the password is changed.
    let page = browser.get(&app.router, "/dashboard").await;
    assert_eq!((page.status, page.location()), (303, Some("/account/password")));
    assert_eq!(browser.call(&app.router, "get_profile", &[]).await.status, 403);
    // A weak new password is refused.
    let weak = browser
        .call(
            &app.router,
            "change_password",
            &[("form[current]", &temporary), ("form[new]", "matkhau123"), ("form[confirm]", "matkhau123")],
        )
        .await;
    assert_eq!(weak.status, 422);
    assert_eq!(weak.json()["Invalid"][0]["rule"], "PasswordCommon");
    let reply = browser
        .call(
            &app.router,
            "change_password",
            &[("form[current]", &temporary), ("form[new]", PASSWORD), ("form[confirm]", PASSWORD)],
        )
        .await;
    assert_eq!((reply.status, reply.json()), (200, serde_json::json!("/account")));
    assert_eq!(browser.get(&app.router, "/dashboard").await.status, 200);
    // The temporary password no longer works.
    assert_eq!(sign_in(&app, &mut Browser::new(), "minh@x.vn", &temporary).await.status, 401);
    app.finish().await;
}

async fn officials_enrol_and_use_a_second_factor(backend: Backend) {
    // The default (production) setting: officials must have a second factor.
    let app = TestApp::start(backend).await;
    let temporary = official(&app, "hoa@x.vn", "000.00.31.H29", &[Role::Approver]).await;
    let mut browser = Browser::new();
    sign_in(&app, &mut browser, "hoa@x.vn", &temporary).await;
    let reply = browser
        .call(
            &app.router,
            "change_password",
            &[("form[current]", &temporary), ("form[new]", PASSWORD), ("form[confirm]", PASSWORD)],
        )
        .await;
    assert_eq!(reply.json(), "/account/two-factor", "enrolment comes next");
    assert_eq!(browser.get(&app.router, "/dashboard").await.location(), Some("/account/two-factor"));
    let enrolment = browser.call(&app.router, "start_two_factor_enrolment", &[]).await.json();
    let secret = enrolment["secret"].as_str().unwrap().replace(' ', "");
    assert!(enrolment["uri"].as_str().unwrap().starts_with("otpauth://totp/"));
    // Codes of the time step of the enrolment and the next: a step boundary
    // crossed during the test (a loaded machine) must not turn "the same code
    // again" into a new code.
    let enrolled = totp::step_at(chrono::Utc::now().timestamp());
    let code = |secret: &str, offset: i64| format!("{:06}", totp::code_for_step(secret, enrolled + offset, 6).unwrap());
    assert_eq!(browser.call(&app.router, "confirm_two_factor_enrolment", &[("code", "000000")]).await.status, 401);
    let reply = browser.call(&app.router, "confirm_two_factor_enrolment", &[("code", &code(&secret, 0))]).await;
    assert_eq!((reply.status, reply.json()), (200, serde_json::json!("/account")), "{}", reply.body);
    assert_eq!(browser.get(&app.router, "/dashboard").await.status, 200);

    // Next sign-in: the password alone is not enough.
    let mut next_day = Browser::new();
    let reply = sign_in(&app, &mut next_day, "hoa@x.vn", PASSWORD).await;
    assert_eq!(reply.json(), "/login/verify");
    assert_eq!(next_day.get(&app.router, "/dashboard").await.location(), Some("/login/verify"));
    assert_eq!(next_day.call(&app.router, "get_profile", &[]).await.status, 403);
    let wrong = next_day.call(&app.router, "verify_second_factor", &[("code", "123456")]).await;
    assert_eq!((wrong.status, wrong.json()), (401, serde_json::json!("BadCode")));
    // The code used at enrolment cannot be replayed; the next one works.
    assert_eq!(next_day.call(&app.router, "verify_second_factor", &[("code", &code(&secret, 0))]).await.status, 401);
    let before = next_day.token().unwrap().to_owned();
    let reply = next_day.call(&app.router, "verify_second_factor", &[("code", &code(&secret, 1))]).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_ne!(next_day.token().unwrap(), before, "rotated after the second factor");
    assert_eq!(next_day.get(&app.router, "/dashboard").await.status, 200);
    app.finish().await;
}

async fn cross_site_writes_are_refused(backend: Backend) {
    let app = TestApp::start(backend).await;
    register(&app, 13).await;
    let mut evil = Browser { headers: vec![("origin".into(), "https://evil.example".into())], ..Browser::new() };
    let reply = sign_in(&app, &mut evil, "an13@example.vn", PASSWORD).await;
    assert_eq!((reply.status, reply.json()), (403, serde_json::json!("CrossSite")));
    assert!(evil.token().is_none());
    let mut framed = Browser { headers: vec![("sec-fetch-site".into(), "cross-site".into())], ..Browser::new() };
    assert_eq!(sign_in(&app, &mut framed, "an13@example.vn", PASSWORD).await.status, 403);
    let mut same = Browser {
        headers: vec![("sec-fetch-site".into(), "same-origin".into()), ("origin".into(), "http://localhost".into())],
        ..Browser::new()
    };
    assert_eq!(sign_in(&app, &mut same, "an13@example.vn", PASSWORD).await.status, 200);
    // Reading stays possible from anywhere (it changes nothing).
    assert_eq!(evil.get(&app.router, "/procedures").await.status, 200);
    app.finish().await;
}

async fn a_session_works_on_every_instance(backend: Backend) {
    let app = TestApp::start(backend).await;
    let mut browser = register(&app, 14).await;
    let second = app.second_instance().await;
    let reply = browser.call(&second, "current_user", &[]).await;
    assert_eq!(reply.json()["full_name"], "Nguyễn Văn An");
    // Signing out on the second instance ends it on the first.
    let token = browser.token().unwrap().to_owned();
    browser.call(&second, "sign_out", &[]).await;
    let mut first = Browser { cookie: Some(token), ..Browser::new() };
    assert_eq!(current_user(&app, &mut first).await, serde_json::Value::Null);
    app.finish().await;
}

async fn the_audit_log_is_append_only(backend: Backend) {
    let app = TestApp::start(backend).await;
    register(&app, 15).await;
    let update = app.db.execute_unprepared("UPDATE audit_log SET outcome = 'forged'").await;
    assert!(update.is_err(), "the database refuses to rewrite the audit log");
    let delete = app.db.execute_unprepared("DELETE FROM audit_log").await;
    assert!(delete.is_err(), "the database refuses to delete from the audit log");
    assert!(!audit_actions(&app).await.is_empty());
    app.finish().await;
}

async fn the_profile_keeps_a_real_address(backend: Backend) {
    let app = TestApp::start(backend).await;
    let mut browser = register(&app, 16).await;
    let provinces = browser.call(&app.router, "list_provinces", &[]).await.json();
    assert_eq!(provinces.as_array().unwrap().len(), 34);
    let hanoi =
        provinces.as_array().unwrap().iter().find(|p| p["name"] == "Thành phố Hà Nội").unwrap()["code"].to_string();
    let wards = browser.call(&app.router, "list_wards", &[("province_code", &hanoi)]).await.json();
    let ward = wards.as_array().unwrap().iter().find(|w| w["name"] == "Phường Hoàn Kiếm").unwrap()["code"].to_string();
    let other_province =
        provinces.as_array().unwrap().iter().find(|p| p["name"] != "Thành phố Hà Nội").unwrap()["code"].to_string();
    let update = |province: &str, ward: &str| {
        vec![
            ("form[phone]".to_owned(), "+84 987 654 321".to_owned()),
            ("form[email]".to_owned(), "an.moi@example.vn".to_owned()),
            ("form[province_code]".to_owned(), province.to_owned()),
            ("form[ward_code]".to_owned(), ward.to_owned()),
            ("form[street]".to_owned(), "  12   Đinh Tiên Hoàng ".to_owned()),
        ]
    };
    // A ward of another province is refused and nothing changes.
    let reply = browser.call(&app.router, "update_profile", &refs(&update(&other_province, &ward))).await;
    assert_eq!(reply.status, 422);
    assert_eq!(reply.json()["Invalid"][0]["rule"], "WardNotInProvince");
    assert_eq!(browser.call(&app.router, "get_profile", &[]).await.json()["email"], "an16@example.vn");
    let reply = browser.call(&app.router, "update_profile", &refs(&update(&hanoi, &ward))).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    let profile = browser.call(&app.router, "get_profile", &[]).await.json();
    assert_eq!(profile["phone"], "0987654321");
    assert_eq!(profile["address"]["street"], "12 Đinh Tiên Hoàng");
    assert_eq!(profile["address"]["ward_code"].to_string(), ward);
    // Another citizen sees only their own profile.
    let mut other = register(&app, 17).await;
    assert_eq!(other.call(&app.router, "get_profile", &[]).await.json()["email"], "an17@example.vn");
    app.finish().await;
}

on_both_databases!(
    registration_signs_the_citizen_in,
    a_plain_form_types_the_birth_date_as_day_month_year,
    a_bad_registration_changes_nothing,
    sign_in_with_id_number_or_email_and_sign_out,
    sign_out_everywhere_ends_every_session,
    sessions_expire_when_idle_and_at_their_limit,
    sign_in_rotates_the_session,
    a_privilege_change_rotates_the_officials_sessions,
    repeated_failures_lock_the_account_for_a_while,
    each_address_has_its_own_limit,
    officials_set_their_own_password_first,
    officials_enrol_and_use_a_second_factor,
    cross_site_writes_are_refused,
    a_session_works_on_every_instance,
    the_audit_log_is_append_only,
    the_profile_keeps_a_real_address,
);
