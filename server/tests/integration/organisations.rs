//! Organisations through the real router on SQLite and PostgreSQL: the
//! representative's VNeID business identity opens the company, the
//! representative adds and removes members, a member applies on its behalf,
//! every member reads its dossiers — and a removed member no longer does.

use crate::common::dossiers::{birth_declaration, new_draft, official, step, submit};
use crate::common::*;
use crate::vneid::{audit, sign_in_as};
use app::domain::access::Role;
use app::server::entities::audit_entry;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::json;

const TAX_CODE: &str = "0312345673";
const COMPANY: &str = "Công ty TNHH Sen Vàng";
/// The sandbox's Đỗ Thu Trang, whom the company adds.
const TRANG_ID: &str = "001196008642";

async fn add(browser: &mut Browser, app: &TestApp, organisation: &str, citizen_id: &str) -> Reply {
    browser
        .call(&app.router, "add_organisation_member", &[("organisation", organisation), ("citizen_id", citizen_id)])
        .await
}

async fn remove(browser: &mut Browser, app: &TestApp, organisation: &str, member: &str) -> u16 {
    let pairs = [("organisation", organisation), ("member", member)];
    browser.call(&app.router, "remove_organisation_member", &pairs).await.status
}

async fn listed(browser: &mut Browser, app: &TestApp) -> Vec<String> {
    let list = browser.call(&app.router, "list_my_dossiers", &[]).await.json();
    list.as_array().unwrap().iter().map(|d| d["code"].as_str().unwrap().to_owned()).collect()
}

async fn members_see_the_organisations_dossiers_until_removed(backend: Backend) {
    let app = TestApp::start_served(backend, &[("DVC_VNEID_SANDBOX", "1"), ("DVC_OFFICIAL_2FA", "optional")]).await;
    // Khoa signs in with the company's business identity: it opens, with him as representative.
    let mut khoa = Browser::new();
    assert_eq!(sign_in_as(&app, &mut khoa, "/login/vneid", "khoa:2").await.status, 303);
    let mine = khoa.call(&app.router, "my_organisations", &[]).await.json();
    assert_eq!((mine[0]["tax_code"].as_str(), mine[0]["name"].as_str()), (Some(TAX_CODE), Some(COMPANY)));
    assert_eq!(mine[0]["my_role"], "Representative");
    assert_eq!(mine[0]["members"].as_array().unwrap().len(), 1);
    let organisation = mine[0]["id"].as_i64().unwrap().to_string();
    let opened = audit_entry::Entity::find()
        .filter(audit_entry::Column::Action.eq("account.open_vneid"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert!(opened.detail.unwrap_or_default().contains(TAX_CODE), "the organisation is in the audit");

    // Trang (who has signed in with VNeID) joins; mistakes are refused and change nothing.
    let mut an = citizen(&app.router, 51).await;
    let mut binh = citizen(&app.router, 52).await;
    let mut trang = Browser::new();
    assert_eq!(sign_in_as(&app, &mut trang, "/login/vneid", "trang:1").await.status, 303);
    assert_eq!(add(&mut an, &app, &organisation, TRANG_ID).await.status, 404, "only the representative adds");
    let typo = add(&mut khoa, &app, &organisation, "12345").await;
    assert_eq!(typo.status, 422, "{}", typo.body);
    let unknown = add(&mut khoa, &app, &organisation, "001090000099").await;
    assert_eq!(unknown.json(), json!({"Invalid": [{"field": "citizen_id", "rule": "NoSuchCitizen"}]}));
    // An's ID number is only what An typed when registering: VNeID never vouched for it.
    let unverified = add(&mut khoa, &app, &organisation, "001090000051").await;
    assert_eq!(unverified.json(), json!({"Invalid": [{"field": "citizen_id", "rule": "NoSuchCitizen"}]}));
    assert_eq!(add(&mut khoa, &app, &organisation, "001 196 008 642").await.status, 200);
    let mine = khoa.call(&app.router, "my_organisations", &[]).await.json();
    assert_eq!(mine[0]["members"].as_array().unwrap().len(), 2);
    assert_eq!(mine[0]["members"][1]["citizen_id_masked"], "001*******42", "{}", mine[0]["members"][1]);
    let offered = trang.call(&app.router, "applicant_choices", &[]).await.json();
    assert_eq!(offered, json!([{"id": organisation.parse::<i64>().unwrap(), "tax_code": TAX_CODE, "name": COMPANY}]));
    let seen_by_member = trang.call(&app.router, "my_organisations", &[]).await.json();
    assert_eq!(seen_by_member[0]["members"], json!([]), "members are listed to the representative only");

    // Bình is not a member: applying for the company is refused, nothing is filed.
    let mut on_behalf = birth_declaration();
    on_behalf["_organisation"] = json!(organisation);
    let (id, key) = new_draft(&app, &mut binh, on_behalf.clone()).await;
    assert_eq!(binh.upload(&app.router, &id, 2, &[("giay-chung-sinh.pdf", &pdf(100))]).await.status, 201);
    let refused = submit(&app, &mut binh, &id, &key).await;
    assert_eq!(refused.json(), json!({"Invalid": [{"field": "_organisation", "rule": "NotAnOption"}]}));
    assert!(listed(&mut binh, &app).await.is_empty());

    // Trang applies on the company's behalf: the company is the applicant, Trang the one who acted.
    let (id, key) = new_draft(&app, &mut trang, on_behalf).await;
    assert_eq!(trang.upload(&app.router, &id, 2, &[("giay-chung-sinh.pdf", &pdf(100))]).await.status, 201);
    let filed = submit(&app, &mut trang, &id, &key).await;
    assert_eq!(filed.status, 200, "{}", filed.body);
    let code = filed.json()["code"].as_str().unwrap().to_owned();
    assert_eq!(listed(&mut khoa, &app).await, vec![code.clone()], "every member sees it");
    let unread = khoa.call(&app.router, "count_unread_notifications", &[]).await.json();
    assert_eq!(unread, 1, "and is told of a colleague's filing");
    let seen = khoa.call(&app.router, "get_my_dossier", &[("code", &code)]).await;
    assert_eq!(seen.status, 200, "{}", seen.body);
    assert_eq!(seen.json()["on_behalf"], json!([{"tax_code": TAX_CODE, "name": COMPANY}, "Đỗ Thu Trang"]));
    let mut receiver = official(&app, "tiepnhan.org@test.dvc.vn", "000.20.01.H29", &[Role::Receiver]).await;
    let case = receiver.call(&app.router, "get_case", &[("code", &code)]).await.json();
    assert_eq!(case["applicant_name"], COMPANY, "officials see the company as the applicant");
    assert_eq!(case["dossier"]["on_behalf"][1], "Đỗ Thu Trang", "and who acted");
    assert!(listed(&mut binh, &app).await.is_empty());
    assert_eq!(binh.call(&app.router, "get_my_dossier", &[("code", &code)]).await.status, 404);

    // The representative cannot be removed; Trang can remove nobody; Khoa removes Trang.
    let khoa_id = mine[0]["members"][0]["user_id"].as_i64().unwrap().to_string();
    let trang_id = mine[0]["members"][1]["user_id"].as_i64().unwrap().to_string();
    assert_eq!(remove(&mut khoa, &app, &organisation, &khoa_id).await, 403);
    assert_eq!(remove(&mut trang, &app, &organisation, &khoa_id).await, 404);
    assert_eq!(remove(&mut khoa, &app, &organisation, &trang_id).await, 200);
    assert!(listed(&mut trang, &app).await.is_empty(), "a removed member no longer sees the company's dossiers");
    assert_eq!(trang.call(&app.router, "get_my_dossier", &[("code", &code)]).await.status, 404);
    assert_eq!(listed(&mut khoa, &app).await, vec![code.clone()]);
    assert_eq!(trang.call(&app.router, "applicant_choices", &[]).await.json(), json!([]));
    // The agency accepts it: the members are told, the removed member is not.
    step(&app, &mut receiver, &code, 1, "accept", json!({})).await;
    assert_eq!(khoa.call(&app.router, "count_unread_notifications", &[]).await.json(), 2);
    assert_eq!(trang.call(&app.router, "count_unread_notifications", &[]).await.json(), 0);
    assert_eq!(audit(&app, "organisation.add_member").await, ["success"]);
    assert_eq!(audit(&app, "organisation.remove_member").await, ["success"]);
    app.finish().await;
}

on_both_databases!(members_see_the_organisations_dossiers_until_removed);
