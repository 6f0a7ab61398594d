//! The level-1 catalog through the real router, on SQLite and PostgreSQL.

use crate::common;

use crate::common::{Backend, TestApp, text};
use axum::body::Body;
use axum::http::{Request, header};
use serde_json::Value;

fn codes(page: &Value) -> Vec<String> {
    page["items"].as_array().unwrap().iter().map(|i| i["code"].as_str().unwrap().to_owned()).collect()
}

async fn search_ignores_case_and_diacritics(backend: Backend) {
    let app = TestApp::start(backend).await;
    let mut answers = Vec::new();
    for q in ["%C4%90%C4%83ng+k%C3%BD+khai+sinh", "dang+ky+khai+sinh", "%C4%90%C4%82NG+K%C3%9D+KHAI+SINH"] {
        let (status, page) = app.get_json(&format!("/api/v1/procedures?q={q}")).await;
        assert_eq!(status, 200);
        assert!(codes(&page).contains(&"1.001193".to_owned()), "{q} should find birth registration: {page}");
        answers.push(codes(&page));
    }
    assert_eq!(answers[0], answers[1]);
    assert_eq!(answers[1], answers[2]);
    // "đ" folds to "d": "dat" finds the land procedures ("đất").
    let (_, with_d) = app.get_json("/api/v1/procedures?q=%C4%91%E1%BA%A5t").await;
    let (_, plain) = app.get_json("/api/v1/procedures?q=dat").await;
    assert!(with_d["total"].as_u64().unwrap() >= 4);
    assert_eq!(codes(&with_d), codes(&plain));
    let (_, none) = app.get_json("/api/v1/procedures?q=khong+ton+tai+xyz").await;
    assert_eq!(none["total"], 0);
    app.finish().await;
}

async fn filters_narrow_by_sector_agency_and_level(backend: Backend) {
    let app = TestApp::start(backend).await;
    let (_, civil) = app.get_json("/api/v1/procedures?sector=ho-tich").await;
    assert_eq!(civil["total"], 7);
    assert!(civil["items"].as_array().unwrap().iter().all(|i| i["sector"]["code"] == "ho-tich"));
    let (_, agency) = app.get_json("/api/v1/procedures?agency=000.00.31.H29").await;
    assert!(agency["total"].as_u64().unwrap() >= 1);
    assert!(agency["items"].as_array().unwrap().iter().all(|i| i["agency"]["code"] == "000.00.31.H29"));
    for level in 1..=4 {
        let (_, page) = app.get_json(&format!("/api/v1/procedures?level={level}")).await;
        assert!(page["total"].as_u64().unwrap() >= 1, "level {level} is represented");
        assert!(page["items"].as_array().unwrap().iter().all(|i| i["level"] == level));
    }
    let (_, both) = app.get_json("/api/v1/procedures?sector=ho-tich&level=4&q=khai").await;
    // Sorted by name: "Đăng ký khai sinh" before "Đăng ký khai tử".
    assert_eq!(codes(&both), vec!["1.001193", "1.000656"]);
    let (_, unknown) = app.get_json("/api/v1/procedures?sector=khong-co").await;
    assert_eq!(unknown["total"], 0);
    app.finish().await;
}

async fn pagination_covers_every_procedure_once(backend: Backend) {
    let app = TestApp::start(backend).await;
    let (_, first) = app.get_json("/api/v1/procedures").await;
    let total = first["total"].as_u64().unwrap();
    assert!(total >= 40, "at least 40 procedures are seeded");
    assert_eq!(first["page_size"], 20);
    assert_eq!(first["page_count"], total.div_ceil(20));
    let mut seen = Vec::new();
    for page in 1..=first["page_count"].as_u64().unwrap() {
        let (_, p) = app.get_json(&format!("/api/v1/procedures?page={page}")).await;
        assert_eq!(p["page"], page);
        seen.extend(codes(&p));
    }
    let mut unique = seen.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(seen.len() as u64, total);
    assert_eq!(unique.len() as u64, total);
    let (_, beyond) =
        app.get_json(&format!("/api/v1/procedures?page={}", first["page_count"].as_u64().unwrap() + 1)).await;
    assert!(beyond["items"].as_array().unwrap().is_empty());
    app.finish().await;
}

async fn detail_publishes_every_level_one_field(backend: Backend) {
    let app = TestApp::start(backend).await;
    let (status, p) = app.get_json("/api/v1/procedures/1.001193").await;
    assert_eq!(status, 200);
    assert_eq!(p["name"]["vi"], "Đăng ký khai sinh");
    assert_eq!(p["level"], 4);
    assert_eq!(p["online_class"], "full");
    assert_eq!(p["agency"]["code"], "000.20.01.H29");
    assert_eq!(p["processing_days"], 0);
    assert!(!p["steps"].as_array().unwrap().is_empty());
    assert!(!p["applicants"]["vi"].as_str().unwrap().is_empty());
    assert!(!p["result"]["vi"].as_str().unwrap().is_empty());
    assert_eq!(p["channels"], serde_json::json!(["online", "desk", "post"]));
    let legal: Vec<&str> = p["legal_bases"].as_array().unwrap().iter().map(|l| l["number"].as_str().unwrap()).collect();
    assert_eq!(legal, vec!["60/2014/QH13", "123/2015/NĐ-CP", "04/2020/TT-BTP", "85/2019/TT-BTC"]);
    assert_eq!(p["legal_bases"][0]["issued_on"], "2014-11-20");
    assert_eq!(p["documents"][0]["template"]["file_name"], "to-khai-dang-ky-khai-sinh.docx");
    assert_eq!(p["documents"][2]["mandatory"], false);
    let (status, missing) = app.get_json("/api/v1/procedures/9.999999").await;
    assert_eq!(status, 404);
    assert!(missing["error"].as_str().unwrap().contains("Không tìm thấy thủ tục"));
    app.finish().await;
}

async fn pages_render_on_the_server(backend: Backend) {
    let app = TestApp::start(backend).await;
    let (status, headers, html) = app.get_text("/procedures?q=dang+ky+khai+sinh&level=4").await;
    assert_eq!(status, 200);
    assert!(html.contains("<html lang=\"vi\""));
    assert!(html.contains("Đăng ký khai sinh"));
    assert!(html.contains("Tìm thấy"));
    assert!(html.contains("<title>Kết quả tìm kiếm “dang ky khai sinh”"));
    assert!(html.contains("name=\"description\""));
    // The CSP allows exactly this response's inline scripts.
    let csp = headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
    let nonce = csp.split("'nonce-").nth(1).unwrap().split('\'').next().unwrap();
    assert!(html.contains(&format!("nonce=\"{nonce}\"")));
    assert!(csp.contains("frame-ancestors 'none'"));
    assert_eq!(headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    assert!(headers.contains_key(header::REFERRER_POLICY));
    assert!(headers.contains_key("x-request-id"));

    let (status, _, html) = app.get_text("/procedures/1.001193").await;
    assert_eq!(status, 200);
    for text in [
        "Trình tự thực hiện",
        "Thành phần hồ sơ",
        "Căn cứ pháp lý",
        "60/2014/QH13",
        "Luật Hộ tịch",
        "Tờ khai đăng ký khai sinh",
        "/templates/",
    ] {
        assert!(html.contains(text), "detail page shows {text}");
    }
    let (status, _, html) = app.get_text("/procedures/9.999999").await;
    assert_eq!(status, 404, "{html}");
    assert!(html.contains("Không tìm thấy thủ tục"));
    let (status, _, _) = app.get_text("/khong-co-trang-nay").await;
    assert_eq!(status, 404);
    app.finish().await;
}

async fn pages_render_under_concurrent_requests(backend: Backend) {
    let app = TestApp::start(backend).await;
    let mut tasks = Vec::new();
    // Enough overlap to mix renders of different pages; not so much that a busy
    // two-core CI machine starves the connection pool past the request timeout.
    for i in 0..48 {
        let router = app.router.clone();
        let uri = ["/procedures/1.001193", "/procedures?q=khai+sinh", "/", "/procedures/9.999999"][i % 4];
        tasks.push(tokio::spawn(async move {
            use tower::ServiceExt;
            let response = router.oneshot(Request::get(uri).body(Body::empty()).unwrap()).await.unwrap();
            (uri, response.status().as_u16())
        }));
    }
    for task in tasks {
        let (uri, status) = task.await.unwrap();
        let expected = if uri.ends_with("9.999999") { 404 } else { 200 };
        assert_eq!(status, expected, "{uri}");
    }
    app.finish().await;
}

async fn language_is_a_cookie_set_by_the_switch(backend: Backend) {
    let app = TestApp::start(backend).await;
    let response = app.get("/lang/en?next=%2Fprocedures%3Fq%3Dkhai%2Bsinh").await;
    assert_eq!(response.status().as_u16(), 303);
    assert_eq!(response.headers()[header::LOCATION], "/procedures?q=khai+sinh");
    let cookie = response.headers()[header::SET_COOKIE].to_str().unwrap().to_owned();
    assert!(cookie.starts_with("lang=en;") && cookie.contains("SameSite=Lax"));
    let request = Request::get("/procedures/1.001193").header(header::COOKIE, "lang=en").body(Body::empty()).unwrap();
    let (_, _, html) = text(app.send(request).await).await;
    assert!(html.contains("<html lang=\"en\""));
    assert!(html.contains("Birth registration"));
    assert!(html.contains("Required documents"));
    // Never an open redirect.
    let response = app.get("/lang/vi?next=%2F%2Fevil.example%2F").await;
    assert_eq!(response.headers()[header::LOCATION], "/");
    assert_eq!(app.get("/lang/fr").await.status().as_u16(), 404);
    app.finish().await;
}

async fn templates_download_with_their_vietnamese_name(backend: Backend) {
    let app = TestApp::start(backend).await;
    let (_, p) = app.get_json("/api/v1/procedures/1.001193").await;
    let id = p["documents"][0]["template"]["id"].as_i64().unwrap();
    let response = app.get(&format!("/templates/{id}/to-khai-dang-ky-khai-sinh.docx")).await;
    assert_eq!(response.status().as_u16(), 200);
    let headers = response.headers().clone();
    assert_eq!(
        headers[header::CONTENT_TYPE],
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    );
    let disposition = headers[header::CONTENT_DISPOSITION].to_str().unwrap();
    assert!(disposition.starts_with("attachment;"));
    assert!(disposition.contains("filename*=UTF-8''T%E1%BB%9D%20khai%20%C4%91%C4%83ng%20k%C3%BD%20khai%20sinh%2Edocx"));
    let (_, _, body) = text(response).await;
    assert!(body.starts_with("PK"), "a real .docx (zip) file");
    assert_eq!(app.get(&format!("/templates/{id}/other.docx")).await.status().as_u16(), 404);
    assert_eq!(app.get("/templates/99999/x.docx").await.status().as_u16(), 404);
    app.finish().await;
}

async fn openapi_describes_the_catalog_api(backend: Backend) {
    let app = TestApp::start(backend).await;
    let (status, doc) = app.get_json("/api/v1/openapi.json").await;
    assert_eq!(status, 200);
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    assert!(doc["paths"]["/api/v1/procedures"]["get"].is_object());
    assert!(doc["paths"]["/api/v1/procedures/{code}"]["get"].is_object());
    assert!(doc["paths"]["/api/v1/agencies"]["get"].is_object());
    assert!(doc["components"]["schemas"]["AgencyPage"].is_object());
    let params: Vec<&str> = doc["paths"]["/api/v1/procedures"]["get"]["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    for name in ["q", "sector", "agency", "level", "page"] {
        assert!(params.contains(&name), "parameter {name} is documented");
    }
    assert!(doc["components"]["schemas"]["ProcedureDetail"].is_object());
    let (status, _) = app.get_json("/api/v1/nothing-here").await;
    assert_eq!(status, 404);
    app.finish().await;
}

async fn assets_are_compressed_and_hashed_ones_cached_for_a_year(backend: Backend) {
    let app = TestApp::start(backend).await;
    let pkg = app.site_root().join("pkg");
    std::fs::create_dir_all(&pkg).unwrap();
    let wasm = "x".repeat(4096);
    std::fs::write(pkg.join("dvc.Q2hhbmdlZDEy.wasm"), &wasm).unwrap();
    std::fs::write(pkg.join("dvc.wasm"), &wasm).unwrap();

    let hashed = app.get("/pkg/dvc.Q2hhbmdlZDEy.wasm").await;
    assert_eq!(hashed.status().as_u16(), 200);
    assert_eq!(hashed.headers()[header::CACHE_CONTROL], "public, max-age=31536000, immutable");
    let plain = app.get("/pkg/dvc.wasm").await;
    assert_eq!(plain.headers()[header::CACHE_CONTROL], "public, max-age=300, must-revalidate");

    for encoding in ["br", "gzip"] {
        let request = Request::get("/pkg/dvc.Q2hhbmdlZDEy.wasm")
            .header(header::ACCEPT_ENCODING, encoding)
            .body(Body::empty())
            .unwrap();
        let (status, headers, _) = text(app.send(request).await).await;
        assert_eq!(status, 200);
        assert_eq!(headers[header::CONTENT_ENCODING], encoding);
        let request =
            Request::get("/api/v1/procedures").header(header::ACCEPT_ENCODING, encoding).body(Body::empty()).unwrap();
        assert_eq!(app.send(request).await.headers()[header::CONTENT_ENCODING], encoding);
    }
    // Once precompressed, the best-compressed twin is what goes out.
    server::precompress::precompress(&pkg).unwrap();
    let twin = std::fs::read(pkg.join("dvc.Q2hhbmdlZDEy.wasm.br")).unwrap();
    let request =
        Request::get("/pkg/dvc.Q2hhbmdlZDEy.wasm").header(header::ACCEPT_ENCODING, "br").body(Body::empty()).unwrap();
    let response = app.send(request).await;
    assert_eq!(response.headers()[header::CONTENT_ENCODING], "br");
    assert_eq!(response.headers()[header::CACHE_CONTROL], "public, max-age=31536000, immutable");
    let body = http_body_util::BodyExt::collect(response.into_body()).await.unwrap().to_bytes();
    assert_eq!(body.as_ref(), twin.as_slice());
    app.finish().await;
}

async fn server_functions_answer_the_hydrated_app(backend: Backend) {
    let app = TestApp::start(backend).await;
    // An empty query (the catalog's first page) and a filtered one, as the browser sends them.
    for (body, total) in [(r#"{"query":{}}"#, 44), (r#"{"query":{"sector":"ho-tich","level":4}}"#, 4)] {
        let request = Request::post("/api/search_procedures")
            .header(header::CONTENT_TYPE, "application/json")
            .header(header::ACCEPT, "application/json")
            .body(Body::from(body))
            .unwrap();
        let (status, _, json) = text(app.send(request).await).await;
        assert_eq!(status, 200, "{json}");
        let page: Value = serde_json::from_str(&json).unwrap();
        assert_eq!(page["total"], total, "{body}");
    }
    app.finish().await;
}

async fn seed_is_idempotent_and_edits_update_rows(backend: Backend) {
    // A private copy of the seed that this test may edit.
    let dir = std::env::temp_dir().join(format!("dvc_seed_{}", uuid::Uuid::new_v4().simple()));
    copy_dir(&common::repo_seed_dir(), &dir);
    let app = TestApp::start_with_seed(backend, &dir).await;
    let (_, before) = app.get_json("/api/v1/procedures").await;
    let (_, detail_before) = app.get_json("/api/v1/procedures/1.001193").await;
    let template_id = detail_before["documents"][0]["template"]["id"].clone();

    let file = dir.join("catalog/procedures/01-ho-tich.toml");
    let edited = std::fs::read_to_string(&file).unwrap().replacen(
        "name_vi = \"Đăng ký khai sinh\"",
        "name_vi = \"Đăng ký khai sinh (sửa)\"",
        1,
    );
    std::fs::write(&file, edited).unwrap();
    let report = app::server::seed::load(&app.db, &dir).await.unwrap();
    app::server::seed::load(&app.db, &dir).await.unwrap();

    let (_, after) = app.get_json("/api/v1/procedures").await;
    assert_eq!(before["total"], after["total"], "reloading never duplicates");
    assert_eq!(report.procedures as u64, after["total"].as_u64().unwrap());
    let (_, detail) = app.get_json("/api/v1/procedures/1.001193").await;
    assert_eq!(detail["name"]["vi"], "Đăng ký khai sinh (sửa)");
    assert_eq!(detail["documents"].as_array().unwrap().len(), 3);
    assert_eq!(detail["legal_bases"].as_array().unwrap().len(), 4);
    assert_eq!(detail["documents"][0]["template"]["id"], template_id, "ids survive a reload");
    app.finish().await;
    std::fs::remove_dir_all(&dir).ok();
}

async fn every_province_and_ward_has_its_peoples_committee(backend: Backend) {
    use common::dossiers::count;
    let app = TestApp::start(backend).await;
    let committees = "agencies WHERE level = 'province' AND code LIKE '000.00.00.%'";
    assert_eq!(count(&app, committees).await, 34, "one People's Committee per province");
    let wards = "agencies WHERE level = 'ward' AND ward_code IS NOT NULL";
    assert_eq!(count(&app, wards).await, 3_321, "one People's Committee per ward, commune and special zone");
    assert_eq!(count(&app, "agencies WHERE ward_code IS NOT NULL AND parent_id IS NULL").await, 0);
    // Each ward's committee reports to its own province's committee.
    let misplaced = "agencies w JOIN agencies p ON p.id = w.parent_id \
                     WHERE w.ward_code IS NOT NULL AND p.province_code <> w.province_code";
    assert_eq!(count(&app, misplaced).await, 0);
    // Every province has its departments, e.g. of justice.
    assert_eq!(count(&app, "agencies WHERE code LIKE '000.00.31.%'").await, 34);
    // The agencies written by hand keep their codes and names.
    let (_, page) = app.get_json("/api/v1/agencies?q=hoan+kiem&level=ward").await;
    assert_eq!(page["total"], 1, "{page}");
    assert_eq!(page["items"][0]["code"], "000.20.01.H26");
    assert_eq!(page["items"][0]["name"]["vi"], "Ủy ban nhân dân phường Hoàn Kiếm");
    assert_eq!(page["items"][0]["ward_code"], 70);
    assert_eq!(page["items"][0]["parent_code"], "000.00.00.H26");

    // Loading again changes nothing: no new agency, no code moved.
    let all = "agencies";
    let before = count(&app, all).await;
    let codes_before = agency_codes(&app).await;
    app::server::seed::load(&app.db, &common::repo_seed_dir()).await.unwrap();
    assert_eq!(count(&app, all).await, before);
    assert_eq!(agency_codes(&app).await, codes_before);
    app.finish().await;
}

async fn agency_codes(app: &TestApp) -> Vec<(String, Option<i32>)> {
    use app::server::entities::agency;
    use sea_orm::{EntityTrait, QueryOrder};
    let rows = agency::Entity::find().order_by_asc(agency::Column::Code).all(&app.db).await.unwrap();
    rows.into_iter().map(|a| (a.code, a.ward_code)).collect()
}

async fn agencies_are_open_data_searchable_without_diacritics(backend: Backend) {
    let app = TestApp::start(backend).await;
    // Diacritics and case are optional.
    let (status, plain) = app.get_json("/api/v1/agencies?q=ben+thanh").await;
    assert_eq!(status, 200);
    let (_, accented) = app.get_json("/api/v1/agencies?q=B%E1%BA%BFn+Th%C3%A0nh").await;
    assert_eq!(codes(&plain), codes(&accented));
    assert!(codes(&plain).contains(&"000.20.01.H29".to_owned()), "{plain}");
    // By province and tier: every ward of TP. Hồ Chí Minh, 20 a page, by name.
    let (_, hcm) = app.get_json("/api/v1/agencies?province=79&level=ward").await;
    assert_eq!(hcm["total"], 168 + 1, "168 ward committees and the ward police of Bến Thành: {}", hcm["total"]);
    assert_eq!(hcm["page_size"], 20);
    assert!(hcm["items"].as_array().unwrap().iter().all(|a| a["level"] == "ward" && a["province_code"] == 79));
    let (_, second) = app.get_json("/api/v1/agencies?province=79&level=ward&page=2").await;
    assert_eq!(second["page"], 2);
    assert!(codes(&second).iter().all(|c| !codes(&hcm).contains(c)), "pages do not overlap");
    let (_, provinces) = app.get_json("/api/v1/agencies?level=province&q=uy+ban+nhan+dan").await;
    assert_eq!(provinces["total"], 34);
    // A commune and a special zone are found by their own names.
    let (_, zone) = app.get_json("/api/v1/agencies?q=dac+khu+con+dao").await;
    assert_eq!(zone["items"][0]["name"]["en"], "Con Dao Special Zone People's Committee", "{zone}");
    // Unknown filters match nothing; a query too long is refused.
    let (_, none) = app.get_json("/api/v1/agencies?province=999").await;
    assert_eq!(none["total"], 0);
    let long = "a+".repeat(150);
    let (status, refused) = app.get_json(&format!("/api/v1/agencies?q={long}")).await;
    assert_eq!(status, 422, "{refused}");
    // The catalog's agency filter lists the agencies that implement
    // procedures, not every committee of the country.
    let (_, _, html) = app.get_text("/procedures").await;
    assert!(html.contains("000.00.31.H29"));
    assert!(!html.contains("Ủy ban nhân dân phường Cửa Nam"), "a ward with no procedure is no filter");
    app.finish().await;
}

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

on_both_databases!(
    search_ignores_case_and_diacritics,
    filters_narrow_by_sector_agency_and_level,
    pagination_covers_every_procedure_once,
    detail_publishes_every_level_one_field,
    pages_render_on_the_server,
    pages_render_under_concurrent_requests,
    language_is_a_cookie_set_by_the_switch,
    templates_download_with_their_vietnamese_name,
    openapi_describes_the_catalog_api,
    assets_are_compressed_and_hashed_ones_cached_for_a_year,
    server_functions_answer_the_hydrated_app,
    seed_is_idempotent_and_edits_update_rows,
    every_province_and_ward_has_its_peoples_committee,
    agencies_are_open_data_searchable_without_diacritics,
);
