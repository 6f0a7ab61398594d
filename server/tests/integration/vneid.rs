//! Signing in with VNeID: the whole trip through the sandbox provider over
//! real HTTP (discovery, keys, the token request), linking by ID number,
//! the level of assurance at submission, and every forged, replayed or
//! tampered sign-in refused and audited — the last against a provider apart
//! from the portal, whose tokens the test bends.

use crate::common::dossiers::{new_draft, submit};
use crate::common::*;
use app::server::entities::audit_entry;
use app::server::vneid::sandbox::{DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, Provider, parse_params};
use axum::routing::{get, post};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde_json::{Value, json};

/// The demo citizen's ID number, born 17/05/1990: the sandbox's Trần Văn Dân.
const DAN_ID: &str = "079090001234";

/// A trip to the provider: the browser leaves for it (holding the trip's
/// cookie), the tester chooses `choice`, and the browser comes back.
/// Answers the callback's path and the cookie.
pub(crate) async fn leave_and_choose(
    app: &TestApp,
    browser: &mut Browser,
    start: &str,
    choice: &str,
) -> (String, String) {
    let leave = browser.get(&app.router, start).await;
    assert_eq!(leave.status, 303, "{}", leave.body);
    let cookie = leave
        .headers
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("dvc_vneid_state="))
        .map(|v| v.split(';').next().unwrap().to_owned())
        .expect("the trip's cookie");
    assert!(cookie.len() > "dvc_vneid_state=".len() + 16);
    let authorize = leave.location().unwrap().to_owned();
    let query = authorize.split_once('?').unwrap().1.to_owned();
    let page = browser.call_json(&app.router, "sandbox_sign_in", &json!({"query": query})).await;
    assert_eq!(page.status, 200, "{}", page.body);
    let back = browser.post_form(&app.router, "/sandbox/vneid/consent", &[("query", &query), ("choice", choice)]).await;
    assert_eq!(back.status, 303, "{}", back.body);
    let callback = back.location().unwrap().strip_prefix(&app.public_url()).unwrap().to_owned();
    (callback, cookie)
}

/// The callback, with the trip's cookie.
pub(crate) async fn come_back(app: &TestApp, browser: &mut Browser, callback: &str, cookie: &str) -> Reply {
    browser.headers.push(("cookie".into(), cookie.to_owned()));
    let reply = browser.get(&app.router, callback).await;
    browser.headers.pop();
    reply
}

pub(crate) async fn sign_in_as(app: &TestApp, browser: &mut Browser, start: &str, choice: &str) -> Reply {
    let (callback, cookie) = leave_and_choose(app, browser, start, choice).await;
    come_back(app, browser, &callback, &cookie).await
}

pub(crate) async fn audit(app: &TestApp, action: &str) -> Vec<String> {
    audit_entry::Entity::find()
        .filter(audit_entry::Column::Action.eq(action))
        .order_by_asc(audit_entry::Column::Id)
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.outcome)
        .collect()
}

async fn sandboxed(backend: Backend) -> TestApp {
    TestApp::start_served(backend, &[("DVC_VNEID_SANDBOX", "1")]).await
}

async fn the_first_vneid_sign_in_links_the_account_with_the_same_id_number(backend: Backend) {
    let app = sandboxed(backend).await;
    // Dân registered with a password before, started a draft and filed a dossier.
    let password = "sông Hồng đỏ nặng phù sa";
    let mut before = Browser::new();
    let fields = [
        ("form[full_name]", "Tran Van Dan"),
        ("form[citizen_id]", DAN_ID),
        ("form[birth_date]", "1990-05-17"),
        ("form[phone]", "0912345678"),
        ("form[email]", "dan@example.vn"),
        ("form[password]", password),
        ("form[password_confirm]", password),
    ];
    assert_eq!(before.call(&app.router, "register_citizen", &fields).await.status, 200);
    let (draft, _) = new_draft(&app, &mut before, json!({"child": {"full_name": "Trần Minh Khang"}})).await;
    let code = dossiers::submit_another(&app, &mut before).await;
    let users = dossiers::count(&app, "users").await;

    // He signs in with VNeID in another browser: it is the same account.
    let mut browser = Browser::new();
    let reply = sign_in_as(&app, &mut browser, "/login/vneid?next=/dossiers", "dan:2").await;
    assert_eq!(reply.status, 303, "{}", reply.body);
    assert_eq!(reply.location(), Some("/dossiers"));
    assert!(browser.token().is_some(), "signed in");
    assert_eq!(dossiers::count(&app, "users").await, users, "linked, not duplicated");
    let drafts = browser.call(&app.router, "list_drafts", &[]).await;
    assert!(drafts.body.contains(&draft), "the draft stays: {}", drafts.body);
    let mine = browser.call(&app.router, "list_my_dossiers", &[]).await;
    assert!(mine.body.contains(&code), "the dossier stays: {}", mine.body);
    // The name, ID number and birth date now come from VNeID, with the date.
    let profile = browser.call(&app.router, "get_profile", &[]).await.json();
    assert_eq!(profile["full_name"], "Trần Văn Dân");
    assert!(profile["identity_verified_on"].is_string(), "{profile}");
    assert_eq!(profile["email"], "congdan@demo.dvc.vn", "VNeID's address, not the one typed at registration");
    // Whoever registered with his number knew only the number: from now on
    // only VNeID opens the account, and the old sessions are over.
    assert_eq!(before.call(&app.router, "current_user", &[]).await.json(), Value::Null);
    let by_password = before.call(&app.router, "sign_in", &[("identifier", DAN_ID), ("password", password)]).await;
    assert_eq!(by_password.status, 401, "{}", by_password.body);
    let me = browser.call(&app.router, "current_user", &[]).await.json();
    assert_eq!(me["assurance"], 2);
    // The next time, he simply signs in.
    let mut again = Browser::new();
    assert_eq!(sign_in_as(&app, &mut again, "/login/vneid", "dan:1").await.location(), Some("/account"));
    assert_eq!(again.call(&app.router, "current_user", &[]).await.json()["assurance"], 1);
    assert_eq!(audit(&app, "account.link_vneid").await, ["success"]);
    assert_eq!(audit(&app, "sign_in.vneid").await, ["success"]);
    app.finish().await;
}

async fn a_level_one_identity_cannot_submit_where_level_two_is_required(backend: Backend) {
    let app = sandboxed(backend).await;
    // Hoa is new to DVC: her first sign-in opens her account, at level 1.
    let mut hoa = Browser::new();
    assert_eq!(sign_in_as(&app, &mut hoa, "/login/vneid", "hoa:1").await.status, 303);
    let profile = hoa.call(&app.router, "get_profile", &[]).await.json();
    assert_eq!(profile["full_name"], "Nguyễn Thị Hoa");
    assert_eq!(profile["email"], "", "no address yet, and none made up on screen");
    // The judicial record certificate goes only to a level-2 identity.
    let saved = hoa
        .call_json(&app.router, "save_draft", &json!({"form": {"procedure_code": "2.000488", "data": {"x": 1}}}))
        .await;
    assert_eq!(saved.status, 200, "{}", saved.body);
    let (id, key) =
        (saved.json()["id"].as_str().unwrap().to_owned(), saved.json()["submit_key"].as_str().unwrap().to_owned());
    let refused = submit(&app, &mut hoa, &id, &key).await;
    assert_eq!(refused.status, 403, "{}", refused.body);
    assert!(refused.body.contains("IdentityLevelRequired"), "{}", refused.body);
    // She steps up: the same draft now gets past the gate (to the form's own checks).
    let step_up = sign_in_as(&app, &mut hoa, "/login/vneid?level=2&next=/procedures/2.000488/apply", "hoa:2").await;
    assert_eq!(step_up.location(), Some("/procedures/2.000488/apply"));
    let checked = submit(&app, &mut hoa, &id, &key).await;
    assert_eq!(checked.status, 422, "level 2 passes the gate; the empty form does not: {}", checked.body);
    // A password session is level 0: it never passes.
    let mut password = citizen(&app.router, 41).await;
    let saved = password
        .call_json(&app.router, "save_draft", &json!({"form": {"procedure_code": "2.000488", "data": {}}}))
        .await
        .json();
    let refused =
        submit(&app, &mut password, saved["id"].as_str().unwrap(), saved["submit_key"].as_str().unwrap()).await;
    assert_eq!(refused.status, 403);
    assert_eq!(audit(&app, "account.open_vneid").await, ["success"]);
    app.finish().await;
}

async fn forged_and_replayed_callbacks_are_refused_and_audited(backend: Backend) {
    let app = sandboxed(backend).await;
    // A callback that comes back to another browser (a login CSRF): refused.
    let mut victim = Browser::new();
    let mut attacker = Browser::new();
    let (callback, _) = leave_and_choose(&app, &mut attacker, "/login/vneid", "cuong:1").await;
    let reply = come_back(&app, &mut victim, &callback, "dvc_vneid_state=not-this-one").await;
    assert_eq!(reply.location(), Some("/login?vneid=failed"));
    assert!(victim.token().is_none());
    let reply = victim.get(&app.router, &callback).await;
    assert_eq!(reply.location(), Some("/login?vneid=failed"), "no cookie at all");
    // …and the trip is spent: its code signs nobody in, not even with the right cookie.
    let (callback, cookie) = leave_and_choose(&app, &mut attacker, "/login/vneid", "cuong:1").await;
    assert_eq!(
        come_back(&app, &mut victim, &callback, "dvc_vneid_state=not-this-one").await.location(),
        Some("/login?vneid=failed")
    );
    assert_eq!(come_back(&app, &mut attacker, &callback, &cookie).await.location(), Some("/login?vneid=failed"));
    assert!(attacker.token().is_none());
    // The same callback twice: the trip is taken once.
    let (callback, cookie) = leave_and_choose(&app, &mut attacker, "/login/vneid", "cuong:1").await;
    assert_eq!(come_back(&app, &mut attacker, &callback, &cookie).await.location(), Some("/account"));
    let mut replay = Browser::new();
    let reply = come_back(&app, &mut replay, &callback, &cookie).await;
    assert_eq!(reply.location(), Some("/login?vneid=failed"));
    assert!(replay.token().is_none());
    // A state nobody sent.
    let forged = format!("/login/vneid/callback?code=abc&state={}", "x".repeat(40));
    let reply = come_back(&app, &mut replay, &forged, &format!("dvc_vneid_state={}", "x".repeat(40))).await;
    assert_eq!(reply.location(), Some("/login?vneid=failed"));
    let outcomes = audit(&app, "sign_in.vneid").await;
    assert_eq!(
        outcomes,
        ["state_mismatch", "state_mismatch", "state_mismatch", "trip_unknown", "trip_unknown", "trip_unknown"]
    );
    app.finish().await;
}

/// How the provider apart from the portal bends the ID token it returns.
#[derive(Clone, Copy, Debug)]
enum Bend {
    Tampered,
    WrongNonce,
    Expired,
}

async fn tampered_wrong_nonce_and_expired_tokens_are_refused_and_audited(backend: Backend) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let issuer = format!("http://{}/oidc", listener.local_addr().unwrap());
    let vars = [
        ("DVC_VNEID_ISSUER", issuer.as_str()),
        ("DVC_VNEID_CLIENT_ID", DEMO_CLIENT_ID),
        ("DVC_VNEID_CLIENT_SECRET", DEMO_CLIENT_SECRET),
    ];
    let app = TestApp::start_served(backend, &vars).await;
    let key = std::env::temp_dir().join(format!("dvc-rogue-{}", uuid::Uuid::new_v4().simple())).join("key.pem");
    let provider = Provider::serving(&issuer, &format!("{}/login/vneid/callback", app.public_url()), &key).unwrap();
    let bend = std::sync::Arc::new(std::sync::Mutex::new(Bend::Tampered));
    let token = {
        let (provider, bend) = (provider.clone(), bend.clone());
        move |headers: axum::http::HeaderMap, body: String| async move {
            let form = parse_params(&body);
            let auth = headers.get("authorization").and_then(|v| v.to_str().ok());
            let mut tokens = provider.token(&form, auth, chrono::Utc::now()).unwrap();
            let id_token = tokens["id_token"].as_str().unwrap().to_owned();
            let parts: Vec<&str> = id_token.split('.').collect();
            let mut claims: Value = serde_json::from_slice(&B64.decode(parts[1]).unwrap()).unwrap();
            tokens["id_token"] = json!(match *bend.lock().unwrap() {
                Bend::Tampered => {
                    claims["SoDinhDanh"] = json!("001088000001");
                    format!("{}.{}.{}", parts[0], B64.encode(claims.to_string()), parts[2])
                }
                Bend::WrongNonce => {
                    claims["nonce"] = json!("someone-else's");
                    provider.sign(&claims)
                }
                Bend::Expired => {
                    let now = chrono::Utc::now().timestamp();
                    (claims["iat"], claims["exp"]) = (json!(now - 3600), json!(now - 600));
                    provider.sign(&claims)
                }
            });
            axum::Json(tokens)
        }
    };
    let router = axum::Router::new()
        .route(
            "/oidc/.well-known/openid-configuration",
            get({
                let provider = provider.clone();
                move || async move { axum::Json(provider.discovery()) }
            }),
        )
        .route(
            "/oidc/jwks",
            get({
                let provider = provider.clone();
                move || async move { axum::Json(provider.jwks()) }
            }),
        )
        .route("/oidc/token", post(token));
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });

    let users = dossiers::count(&app, "users").await;
    for mode in [Bend::Tampered, Bend::WrongNonce, Bend::Expired] {
        *bend.lock().unwrap() = mode;
        let mut browser = Browser::new();
        let leave = browser.get(&app.router, "/login/vneid").await;
        assert_eq!(leave.status, 303, "{}", leave.body);
        let cookie = leave
            .headers
            .get_all("set-cookie")
            .iter()
            .find_map(|v| v.to_str().ok().filter(|v| v.starts_with("dvc_vneid_state=")))
            .map(|v| v.split(';').next().unwrap().to_owned())
            .unwrap();
        let authorize = leave.location().unwrap();
        assert!(authorize.starts_with(&format!("{issuer}/authorize?")), "{authorize}");
        let params = parse_params(authorize.split_once('?').unwrap().1);
        let back = provider.consent(&params, "hoa:2", chrono::Utc::now()).unwrap();
        let callback = back.strip_prefix(&app.public_url()).unwrap();
        let reply = come_back(&app, &mut browser, callback, &cookie).await;
        assert_eq!(reply.location(), Some("/login?vneid=failed"), "{mode:?}");
        assert!(browser.token().is_none(), "{mode:?}: not signed in");
    }
    assert_eq!(audit(&app, "sign_in.vneid").await, ["id_token", "id_token", "id_token"]);
    assert_eq!(dossiers::count(&app, "users").await, users, "nobody was let in");
    app.finish().await;
}

async fn without_password_sign_in_citizens_use_vneid_and_cannot_register(backend: Backend) {
    let app = TestApp::start_served(backend, &[("DVC_CITIZEN_PASSWORD_LOGIN", "0"), ("DVC_VNEID_SANDBOX", "1")]).await;
    let users = dossiers::count(&app, "users").await;
    let mut visitor = Browser::new();
    let options = visitor.call(&app.router, "sign_in_options", &[]).await.json();
    assert_eq!(options, json!({"vneid": true, "citizen_password": false}));
    // The pages say so: VNeID first, the password form for officials, no registration.
    let login = visitor.get(&app.router, "/login").await.body;
    assert!(login.contains(r#"href="/login/vneid""#) && login.contains("Cán bộ, công chức đăng nhập"), "{login}");
    assert!(!login.contains("Chưa có tài khoản?"), "no invitation to register");
    let register = visitor.get(&app.router, "/register").await.body;
    assert!(register.contains("Công dân đăng nhập bằng tài khoản định danh điện tử VNeID"), "{register}");
    let password = "sông Hồng đỏ nặng phù sa";
    let fields = [
        ("form[full_name]", "Nguyễn Văn An"),
        ("form[citizen_id]", "001090000042"),
        ("form[birth_date]", "1990-05-17"),
        ("form[phone]", "0912345678"),
        ("form[email]", "an@example.vn"),
        ("form[password]", password),
        ("form[password_confirm]", password),
    ];
    let refused = visitor.call(&app.router, "register_citizen", &fields).await;
    assert_eq!(refused.status, 403, "{}", refused.body);
    assert!(refused.body.contains("UseVneid"), "{}", refused.body);
    assert_eq!(dossiers::count(&app, "users").await, users);
    assert_eq!(sign_in_as(&app, &mut visitor, "/login/vneid", "cuong:1").await.location(), Some("/account"));
    app.finish().await;
}

on_both_databases!(
    the_first_vneid_sign_in_links_the_account_with_the_same_id_number,
    a_level_one_identity_cannot_submit_where_level_two_is_required,
    forged_and_replayed_callbacks_are_refused_and_audited,
    tampered_wrong_nonce_and_expired_tokens_are_refused_and_audited,
    without_password_sign_in_citizens_use_vneid_and_cannot_register,
);
