//! The authorisation matrix: every server function, page and route — read
//! from the router and the server-function registry, not from a hand-made
//! list — against every kind of caller. Nothing is reachable that should not
//! be, and anything without a declared permission fails here.

use crate::common::{Backend, Browser, TestApp};
use app::domain::access::{Access, AccountKind, Permission, Role, SessionUser, decide};
use app::server::accounts::officials;
use app::server::auth::policy::{self, Target};

const PASSWORD: &str = "sông Hồng đỏ nặng phù sa";
const AGENCY_X: &str = "000.00.31.H29";
const AGENCY_Y: &str = "000.20.01.H26";

/// A caller: a browser and who it is signed in as.
struct Actor {
    label: &'static str,
    browser: Browser,
    login: Option<String>,
    user: Option<SessionUser>,
}

impl Actor {
    async fn sign_in(&mut self, app: &TestApp) {
        let Some(login) = &self.login else { return };
        self.browser = Browser::new();
        let reply = self.browser.call(&app.router, "sign_in", &[("identifier", login), ("password", PASSWORD)]).await;
        assert_eq!(reply.status, 200, "{} signs in: {}", self.label, reply.body);
        let me = self.browser.call(&app.router, "current_user", &[]).await.json();
        self.user = Some(serde_json::from_value(me).unwrap());
    }
}

async fn citizen(app: &TestApp, n: u32) -> String {
    let email = format!("citizen{n}@example.vn");
    let fields = [
        ("form[full_name]", "Nguyễn Văn An".to_owned()),
        ("form[citizen_id]", format!("001090{n:06}")),
        ("form[birth_date]", "1990-05-17".to_owned()),
        ("form[phone]", "0912345678".to_owned()),
        ("form[email]", email.clone()),
        ("form[password]", PASSWORD.to_owned()),
        ("form[password_confirm]", PASSWORD.to_owned()),
    ];
    let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    assert_eq!(Browser::new().call(&app.router, "register_citizen", &fields).await.status, 200);
    email
}

async fn official(app: &TestApp, email: &str, agency: Option<&str>, roles: &[Role]) -> (String, i32) {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let agency_id = match agency {
        Some(code) => Some(
            app::server::entities::agency::Entity::find()
                .filter(app::server::entities::agency::Column::Code.eq(code))
                .one(&app.db)
                .await
                .unwrap()
                .unwrap()
                .id,
        ),
        None => None,
    };
    let account =
        officials::insert_official(&app.db, "Lê Thị Thu", email, agency_id, roles, PASSWORD, false, chrono::Utc::now())
            .await
            .unwrap();
    (email.to_owned(), account.id)
}

async fn actors(app: &TestApp) -> Vec<Actor> {
    let mut logins: Vec<(&'static str, Option<String>)> = vec![
        ("anonymous", None),
        ("citizen A", Some(citizen(app, 1).await)),
        ("citizen B", Some(citizen(app, 2).await)),
        ("official of another agency", Some(official(app, "other@y.vn", Some(AGENCY_Y), &[Role::Receiver]).await.0)),
        ("admin of another agency", Some(official(app, "admin@y.vn", Some(AGENCY_Y), &[Role::AgencyAdmin]).await.0)),
        ("system admin", Some(official(app, "root@dvc.vn", None, &[Role::SystemAdmin]).await.0)),
    ];
    for (label, role) in [
        ("receiver", Role::Receiver),
        ("processor", Role::Processor),
        ("approver", Role::Approver),
        ("agency admin", Role::AgencyAdmin),
    ] {
        logins.push((label, Some(official(app, &format!("{}@x.vn", role.as_str()), Some(AGENCY_X), &[role]).await.0)));
    }
    let mut actors = Vec::new();
    for (label, login) in logins {
        let mut actor = Actor { label, browser: Browser::new(), login, user: None };
        actor.sign_in(app).await;
        actors.push(actor);
    }
    actors
}

/// A concrete path for a route pattern.
fn sample(pattern: &str) -> String {
    pattern
        .split('/')
        .map(|part| if part.starts_with(':') || part.starts_with('{') { "1.001193" } else { part })
        .collect::<Vec<_>>()
        .join("/")
}

fn registered_server_fns() -> Vec<String> {
    let mut paths: Vec<String> = leptos::server_fn::axum::server_fn_paths().map(|(path, _)| path.to_owned()).collect();
    paths.sort();
    paths.dedup();
    paths
}

fn page_paths() -> Vec<String> {
    server::page_routes().iter().map(|route| route.path().to_owned()).collect()
}

#[tokio::test]
async fn every_server_function_page_and_route_declares_its_permission() {
    let server_fns = registered_server_fns();
    assert!(server_fns.len() >= 20, "server functions found: {server_fns:?}");
    for path in &server_fns {
        assert!(
            matches!(policy::target(path), Target::ServerFn(_)),
            "server function {path} has no permission in app::server::auth::policy::SERVER_FNS"
        );
    }
    for (name, _) in policy::SERVER_FNS {
        assert!(
            server_fns.contains(&format!("/api/{name}")),
            "the policy names {name}, which is not a server function"
        );
    }
    let pages = page_paths();
    assert!(pages.len() >= 10, "pages found: {pages:?}");
    for path in &pages {
        assert!(policy::lookup(policy::PAGES, path).is_some(), "page {path} has no permission in policy::PAGES");
    }
    for (pattern, _) in policy::PAGES {
        assert!(
            pages.iter().any(|p| policy::matches(pattern, &sample(p))),
            "the policy names page {pattern}, which does not exist"
        );
    }
    for path in server::routes::paths() {
        assert!(policy::lookup(policy::ROUTES, path).is_some(), "route {path} has no permission in policy::ROUTES");
    }
}

#[test]
fn an_undeclared_server_function_is_refused() {
    assert_eq!(policy::target("/api/some_new_function"), Target::UndeclaredServerFn);
}

/// The intent, written independently of the policy table: what anyone may
/// reach without signing in. Everything else must refuse anonymous callers.
const PUBLIC: [&str; 38] = [
    "/",
    "/statistics",
    "/feedback",
    "/feedback/new",
    "/api/list_feedback",
    "/api/feedback_target",
    "/api/send_feedback",
    "/api/public_statistics",
    "/api/procedure_scorecard",
    "/procedures",
    "/procedures/1.001193",
    "/login",
    "/register",
    "/api/search_procedures",
    "/api/list_catalog_filters",
    "/api/get_procedure",
    "/api/search_agencies",
    "/api/list_implementers",
    "/api/list_provinces",
    "/api/list_wards",
    "/api/current_user",
    "/api/register_citizen",
    "/api/sign_in",
    "/lookup",
    "/api/lookup_dossier",
    "/account/forgot",
    "/account/reset",
    "/api/request_password_reset",
    "/api/reset_password",
    "/payments/vnpay/return",
    "/api/payment_return",
    "/sandbox/vnpay/paymentv2/vpcpay.html",
    "/api/sandbox_order",
    "/sandbox/vneid/authorize",
    "/api/sandbox_sign_in",
    "/api/sign_in_options",
    "/verify/1.001193",
    "/api/verify_result",
];
/// Only for officials, never for citizens.
fn officials_only(url: &str) -> bool {
    url.starts_with("/dashboard")
        || administration(url)
        || [
            "list_queue",
            "get_case",
            "act_on_dossier",
            "add_case_note",
            "get_statistics",
            "agency_ratings",
            "list_holidays",
        ]
        .iter()
        .any(|name| url == format!("/api/{name}"))
}
/// Only for administrators, never for other officials.
fn administration(url: &str) -> bool {
    url == "/dashboard/admin"
        || url == "/dashboard/holidays"
        || url == "/dashboard/feedback"
        || url.starts_with("/dashboard/catalog")
        || [
            "list_managed_agencies",
            "list_officials",
            "create_official",
            "set_official_roles",
            "set_official_disabled",
            "save_holiday",
            "remove_holiday",
            "list_adoptions",
            "adopt_procedure",
            "set_local_terms",
            "get_form_editor",
            "save_form_draft",
            "publish_form",
            "withdraw_form",
            "get_definition_editor",
            "save_definition_draft",
            "publish_definition",
            "feedback_queue",
            "answer_feedback",
            "hide_feedback",
        ]
        .iter()
        .any(|name| url == format!("/api/{name}"))
}

/// The policy's decision for `actor`, checked against the intent above.
fn expect(actor: &Actor, url: &str, permission: Permission) -> Access {
    let access = decide(actor.user.as_ref(), permission);
    let allowed = access == Access::Allowed;
    match &actor.user {
        None => assert_eq!(allowed, PUBLIC.contains(&url), "anonymous access to {url} contradicts the intent"),
        Some(user) if user.kind == AccountKind::Citizen && officials_only(url) => {
            assert!(!allowed, "citizens must not reach {url}")
        }
        Some(user)
            if administration(url)
                && !user.roles.iter().any(|r| matches!(r, Role::AgencyAdmin | Role::SystemAdmin)) =>
        {
            assert!(!allowed, "{} must not reach {url}", actor.label)
        }
        _ => {}
    }
    access
}

async fn nothing_is_reachable_that_should_not_be(backend: Backend) {
    let app = TestApp::start_with_env(backend, &[("DVC_OFFICIAL_2FA", "optional")]).await;
    let mut actors = actors(&app).await;
    let mut checked = 0;
    for path in page_paths() {
        let Some(permission) = policy::lookup(policy::PAGES, &path) else { unreachable!() };
        let url = sample(&path);
        for actor in &mut actors {
            let reply = actor.browser.get(&app.router, &url).await;
            let context = format!("{} GET {url} → {} {:?}", actor.label, reply.status, reply.location());
            match expect(actor, &url, permission) {
                Access::Allowed => assert!(![401, 403, 303].contains(&reply.status), "{context}: should be allowed"),
                Access::SignInRequired => {
                    assert_eq!(reply.status, 303, "{context}");
                    assert!(reply.location().unwrap().starts_with("/login?next="), "{context}");
                }
                Access::Forbidden => {
                    assert_eq!(reply.status, 403, "{context}");
                    assert!(reply.body.contains("Không có quyền truy cập"), "{context}: a clear page");
                }
                Access::StepRequired(_) => unreachable!("every actor finished signing in"),
            }
            checked += 1;
        }
    }
    for path in registered_server_fns() {
        let Target::ServerFn(permission) = policy::target(&path) else { unreachable!() };
        let endpoint = path.trim_start_matches("/api/");
        for actor in &mut actors {
            // No arguments: an allowed call fails on its input (or runs), a refused one never gets there.
            let reply = actor.browser.call(&app.router, endpoint, &[]).await;
            let context = format!("{} calls {endpoint} → {} {}", actor.label, reply.status, reply.body);
            match expect(actor, &path, permission) {
                Access::Allowed => assert!(![401, 403].contains(&reply.status), "{context}: should be allowed"),
                Access::SignInRequired => {
                    assert_eq!((reply.status, reply.json()), (401, serde_json::json!("SignInRequired")), "{context}")
                }
                Access::Forbidden => {
                    assert_eq!((reply.status, reply.json()), (403, serde_json::json!("Forbidden")), "{context}")
                }
                Access::StepRequired(_) => unreachable!(),
            }
            if matches!(endpoint, "sign_out" | "sign_out_everywhere") {
                actor.sign_in(&app).await;
            }
            checked += 1;
        }
    }
    for path in server::routes::paths() {
        let permission = policy::lookup(policy::ROUTES, path).unwrap();
        let url = sample(path);
        for actor in &mut actors {
            // The status only: the event stream's body never ends.
            let status = actor.browser.status(&app.router, &url).await;
            if decide(actor.user.as_ref(), permission) == Access::Allowed {
                assert!(![401, 403].contains(&status), "{} GET {url} → {status}", actor.label);
            } else {
                assert!([401, 403].contains(&status), "{} GET {url} → {status}", actor.label);
            }
            checked += 1;
        }
    }
    assert!(checked > 300, "checked {checked} combinations");
    app.finish().await;
}

async fn administrators_act_only_within_their_agency(backend: Backend) {
    let app = TestApp::start_with_env(backend, &[("DVC_OFFICIAL_2FA", "optional")]).await;
    let actors = actors(&app).await;
    let by = |label: &str| actors.iter().find(|a| a.label == label).unwrap().browser.clone();
    let id_of = |label: &str| actors.iter().find(|a| a.label == label).unwrap().user.as_ref().unwrap().id;

    // Agency Y's administrator sees only Y's officials.
    let mut admin_y = by("admin of another agency");
    let listed = admin_y.call(&app.router, "list_officials", &[]).await.json();
    let emails: Vec<&str> = listed.as_array().unwrap().iter().map(|o| o["email"].as_str().unwrap()).collect();
    assert_eq!(emails.len(), 2, "{emails:?}");
    assert!(emails.iter().all(|e| e.ends_with("@y.vn")), "{emails:?}");
    let agencies = admin_y.call(&app.router, "list_managed_agencies", &[]).await.json();
    assert_eq!(agencies.as_array().unwrap().len(), 1);

    // …and cannot touch X's officials or create officials in X.
    let receiver_x = id_of("receiver").to_string();
    let reply = admin_y.call(&app.router, "set_official_roles", &[("id", &receiver_x), ("roles[0]", "Approver")]).await;
    assert_eq!((reply.status, reply.json()), (403, serde_json::json!("Forbidden")));
    let reply = admin_y.call(&app.router, "set_official_disabled", &[("id", &receiver_x), ("disabled", "true")]).await;
    assert_eq!(reply.status, 403);
    let create = |agency: &'static str, role: &'static str| {
        [
            ("form[full_name]", "Trần Văn Bình"),
            ("form[email]", "binh@x.vn"),
            ("form[agency_code]", agency),
            ("form[roles][0]", role),
        ]
    };
    assert_eq!(admin_y.call(&app.router, "create_official", &create(AGENCY_X, "Processor")).await.status, 403);

    // X's administrator can, but cannot make a system administrator.
    let mut admin_x = by("agency admin");
    assert_eq!(admin_x.call(&app.router, "create_official", &create(AGENCY_X, "SystemAdmin")).await.status, 403);
    let reply = admin_x.call(&app.router, "create_official", &create(AGENCY_X, "Processor")).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert!(reply.json()["temporary_password"].as_str().unwrap().len() >= 16);
    let reply = admin_x.call(&app.router, "set_official_roles", &[("id", &receiver_x), ("roles[0]", "Approver")]).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    // The system administrator manages every agency.
    let mut root = by("system admin");
    let all = root.call(&app.router, "list_officials", &[]).await.json();
    assert!(all.as_array().unwrap().len() >= 8);
    let reply = root.call(&app.router, "set_official_disabled", &[("id", &receiver_x), ("disabled", "true")]).await;
    assert_eq!(reply.status, 200);

    // The disabled official is signed out and cannot sign in.
    let mut receiver = by("receiver");
    assert_eq!(receiver.call(&app.router, "current_user", &[]).await.json(), serde_json::Value::Null);
    let reply = receiver.call(&app.router, "sign_in", &[("identifier", "receiver@x.vn"), ("password", PASSWORD)]).await;
    assert_eq!((reply.status, reply.json()), (403, serde_json::json!("AccountDisabled")));

    // Every change is in the audit log with who did it.
    use sea_orm::EntityTrait;
    let audit = app::server::entities::audit_entry::Entity::find().all(&app.db).await.unwrap();
    assert!(audit.iter().any(|e| e.action == "official.create" && e.actor_id == Some(id_of("agency admin"))));
    assert!(audit.iter().any(|e| e.action == "official.roles" && e.detail.as_deref() == Some("receiver → approver")));
    assert!(audit.iter().any(|e| e.action == "official.disable" && e.actor_id == Some(id_of("system admin"))));
    assert_eq!(actors.iter().filter(|a| a.user.as_ref().is_some_and(|u| u.kind == AccountKind::Official)).count(), 7);
    app.finish().await;
}

on_both_databases!(nothing_is_reachable_that_should_not_be, administrators_act_only_within_their_agency);
