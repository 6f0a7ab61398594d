//! Attacks on the portal through the real router, each the reproduction of a
//! defect found in review (issue 15), on SQLite and PostgreSQL: a request must
//! get a clear refusal, change nothing, and leave the server answering.

use crate::common;

use crate::common::dossiers::new_draft;
use crate::common::{Backend, Browser, TestApp, citizen};
use serde_json::json;
use std::time::Duration;

/// The server still answers its liveness probe within a second.
async fn still_alive(app: &TestApp) {
    let probe = tokio::time::timeout(Duration::from_secs(1), app.get("/healthz")).await;
    assert_eq!(probe.expect("/healthz answers within a second").status(), 200);
}

/// Item 10: a client that trickles its headers (slowloris) is cut off after
/// the header timeout instead of holding its connection for ever; others
/// are served meanwhile.
async fn slow_headers_are_cut_off(backend: Backend) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let app = TestApp::start_served(backend, &[("DVC_HEADER_TIMEOUT_SECS", "1")]).await;
    let address = app.public_url().trim_start_matches("http://").to_owned();
    let mut slow = tokio::net::TcpStream::connect(&address).await.unwrap();
    slow.write_all(b"GET /healthz HTTP/1.1\r\nHost: dvc\r\nX-Slow: a").await.unwrap();
    let mut normal = tokio::net::TcpStream::connect(&address).await.unwrap();
    normal.write_all(b"GET /healthz HTTP/1.1\r\nHost: dvc\r\nConnection: close\r\n\r\n").await.unwrap();
    let mut answer = String::new();
    tokio::time::timeout(Duration::from_secs(2), normal.read_to_string(&mut answer)).await.unwrap().unwrap();
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");

    let mut rest = Vec::new();
    let ended = tokio::time::timeout(Duration::from_secs(5), slow.read_to_end(&mut rest)).await;
    assert!(ended.is_ok(), "the slow connection is still open after 5 s");
    let rest = String::from_utf8_lossy(&rest);
    assert!(!rest.contains(" 200 "), "nothing is served on half a request: {rest}");
    app.finish().await;
}

/// Item 10: a NUL character (which PostgreSQL refuses in text) in a form or
/// JSON body is refused before any handler runs, instead of failing the
/// write with a 500 after the work was done; nothing is stored.
async fn nul_characters_are_refused_before_any_write(backend: Backend) {
    use common::dossiers::count;
    let app = TestApp::start(backend).await;
    let mut an = citizen(&app.router, 1).await;
    let form = json!({"form": {"procedure_code": "1.001193", "draft_id": null, "base_version": null,
        "data": {"child": {"full_name": "Nguyễn\u{0}Minh"}}}});
    let reply = an.call_json(&app.router, "save_draft", &form).await;
    assert_eq!(reply.status, 400, "{}", reply.body);
    let fields = [("step", "0"), ("applicant.full_name", "Nguyễn\0Văn")];
    assert_eq!(an.post_form(&app.router, "/apply/1.004194", &fields).await.status, 400);
    // The declared type does not matter (server functions read any body), nor does a raw byte.
    for (content_type, body) in [("text/plain", form.to_string()), ("Application/JSON", form.to_string())] {
        let request = an
            .request(axum::http::Request::post("/api/save_draft"))
            .header("content-type", content_type)
            .header("accept", "application/json")
            .body(axum::body::Body::from(body))
            .unwrap();
        assert_eq!(an.send(&app.router, request).await.status, 400, "{content_type}");
    }
    let raw = form.to_string().replace("\\u0000", "\0");
    let request = an
        .request(axum::http::Request::post("/api/save_draft"))
        .header("content-type", "application/json")
        .body(axum::body::Body::from(raw))
        .unwrap();
    assert_eq!(an.send(&app.router, request).await.status, 400);
    assert_eq!(count(&app, "drafts").await, 0);

    // The same requests without the NUL go through.
    let form = json!({"form": {"procedure_code": "1.001193", "draft_id": null, "base_version": null,
        "data": {"child": {"full_name": "Nguyễn Minh"}}}});
    assert_eq!(an.call_json(&app.router, "save_draft", &form).await.status, 200);
    let fields = [("step", "0"), ("applicant.full_name", "Nguyễn Văn")];
    assert_eq!(an.post_form(&app.router, "/apply/1.004194", &fields).await.status, 303);
    assert_eq!(count(&app, "drafts").await, 2);
    app.finish().await;
}

/// Item 1: `intent=add:a.a.a…` (150,000 segments) once built a value nested
/// that deep, whose clone overflowed the stack and aborted the process.
async fn a_posted_intent_cannot_nest_the_answers(backend: Backend) {
    let app = TestApp::start(backend).await;
    let mut an = citizen(&app.router, 1).await;
    let deep = format!("add:{}", vec!["a"; 150_000].join("."));
    let fields = [("step", "2"), ("intent", deep.as_str())];
    let attack = an.post_form(&app.router, "/apply/1.004194", &fields);
    let reply = tokio::time::timeout(Duration::from_secs(20), attack).await.expect("answered");
    assert_eq!(reply.status, 303, "{}", reply.body);
    let location = reply.location().unwrap().to_owned();
    let draft_id = location.split("draft=").nth(1).unwrap().split('&').next().unwrap().to_owned();
    let draft = an.call(&app.router, "get_draft", &[("id", &draft_id)]).await.json();
    assert!(draft["data"].get("a").is_none(), "nothing built from the path: {}", draft["data"]);
    still_alive(&app).await;

    // A group of the schema still gets its entry; a plain field never becomes a list.
    let fields = [("draft_id", draft_id.as_str()), ("step", "2"), ("intent", "add:household.people")];
    assert_eq!(an.post_form(&app.router, "/apply/1.004194", &fields).await.status, 303);
    let fields = [("draft_id", draft_id.as_str()), ("step", "0"), ("intent", "add:applicant.full_name")];
    assert_eq!(an.post_form(&app.router, "/apply/1.004194", &fields).await.status, 303);
    let draft = an.call(&app.router, "get_draft", &[("id", &draft_id)]).await.json();
    assert_eq!(draft["data"]["household"]["people"], json!([{}]));
    assert!(!draft["data"]["applicant"]["full_name"].is_array(), "{}", draft["data"]);

    // A post of more pairs than any form has is refused before it is read.
    let many: Vec<(String, String)> =
        (0..5_000).map(|i| (format!("household.people.{}.x", i % 99), "x".into())).collect();
    let many: Vec<(&str, &str)> = many.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    assert_eq!(an.post_form(&app.router, "/apply/1.004194", &many).await.status, 413);

    // Drafts saved by script are bounded in depth before they are stored.
    let mut nested = json!("x");
    for _ in 0..100 {
        nested = json!([nested]);
    }
    let saved = an
        .call_json(&app.router, "save_draft", &json!({"form": {"procedure_code": "1.004194", "data": {"a": nested}}}))
        .await;
    assert_eq!(saved.status, 422, "{}", saved.body);
    app.finish().await;
}

/// Item 2: a 1.5 MB query of distinct words held a core for minutes (quadratic
/// de-duplication, no length limit), without signing in.
async fn a_huge_search_is_refused_at_once(backend: Backend) {
    let app = TestApp::start(backend).await;
    let q: String = (0..230_000).map(|i| format!("w{i} ")).collect();
    assert!(q.len() > 1_500_000);
    let (mut anyone, body) = (Browser::new(), json!({"query": {"q": q}}));
    let attack = anyone.call_json(&app.router, "search_procedures", &body);
    let reply = tokio::time::timeout(Duration::from_secs(20), attack).await.expect("answered");
    assert_eq!(reply.status, 422, "{}", &reply.body[..reply.body.len().min(300)]);
    assert_eq!(reply.json()["Invalid"][0]["rule"], json!({"TooLong": 200}));
    still_alive(&app).await;

    // The same limits on the page (a clear message beside the box) and in the open API.
    let long = "khai ".repeat(41);
    let page = Browser::new().get(&app.router, &format!("/procedures?q={}", long.replace(' ', "+"))).await;
    assert!(page.body.contains("Tối đa 200 ký tự."), "{}", page.body);
    let many_words = (0..13).map(|i| format!("t{i}")).collect::<Vec<_>>().join("+");
    let (status, body) = app.get_json(&format!("/api/v1/procedures?q={many_words}")).await;
    assert_eq!(status, 422);
    assert!(body["error"].as_str().unwrap().contains("Tối đa 12 từ."), "{body}");
    let (status, found) = app.get_json("/api/v1/procedures?q=khai+sinh+khai+sinh").await;
    assert_eq!(status, 200);
    assert!(found["total"].as_u64().unwrap() >= 1);
    // A page number far beyond the last one answers an empty page, not a crash.
    let (status, far) = app.get_json("/api/v1/procedures?page=18446744073709551615").await;
    assert_eq!((status, far["items"].as_array().map(Vec::len)), (200, Some(0)));
    still_alive(&app).await;
    app.finish().await;
}

/// Item 5: every redirect target goes through one check that knows how
/// browsers read a `Location` (tabs and newlines dropped, `\` as `/`).
async fn redirects_never_leave_the_site(backend: Backend) {
    let app = TestApp::start(backend).await;
    for next in ["/%09/evil.example", "/%0A/evil.example", "//evil.example", "/%5Cevil.example", "https://evil.example"]
    {
        let reply = Browser::new().get(&app.router, &format!("/lang/vi?next={next}")).await;
        assert_eq!((reply.status, reply.location()), (303, Some("/")), "{next}");
    }
    let reply = Browser::new().get(&app.router, "/lang/en?next=/procedures%3Fq%3Dkhai").await;
    assert_eq!(reply.location(), Some("/procedures?q=khai"));

    // Signing in: the answer (scripts navigate to it) and a plain form's redirect.
    citizen(&app.router, 1).await;
    let sign_in = |next: &'static str, plain: bool| {
        let router = app.router.clone();
        async move {
            let fields = [("identifier", "001090000001"), ("password", "sông Hồng đỏ nặng phù sa"), ("next", next)];
            let mut browser = Browser::new();
            if plain {
                browser.headers.push(("accept".into(), "text/html".into()));
                browser.post_form(&router, "/api/sign_in", &fields).await
            } else {
                browser.call(&router, "sign_in", &fields).await
            }
        }
    };
    let home = sign_in("", false).await.json();
    assert_eq!(sign_in("/procedures", false).await.json(), json!("/procedures"));
    for next in ["/\t/evil.example", "/\\evil.example", "/\n"] {
        let scripted = sign_in(next, false).await;
        assert_eq!(scripted.status, 200, "{}", scripted.body);
        assert_eq!(scripted.json(), home, "{next:?}");
        let plain = sign_in(next, true).await;
        assert!(plain.status < 500, "{next:?}: {}", plain.status);
        assert!(plain.location().is_none_or(|to| json!(to) == home), "{next:?}: {:?}", plain.location());
    }

    // Removing a file from a plain form: `return_to` is checked the same way.
    let mut an = citizen(&app.router, 2).await;
    let (draft_id, _) = new_draft(&app, &mut an, json!({})).await;
    let uploaded = an.upload(&app.router, &draft_id, 2, &[("giay-to.pdf", &common::pdf(100))]).await;
    let id = uploaded.json()[0]["id"].as_str().unwrap().to_owned();
    an.headers.push(("accept".into(), "text/html".into()));
    let reply =
        an.post_form(&app.router, "/api/delete_attachment", &[("id", &id), ("return_to", "/\\evil.example")]).await;
    assert!(reply.location().is_none_or(|to| to == "/"), "{:?}", reply.location());
    let uploaded = an.upload(&app.router, &draft_id, 2, &[("giay-to.pdf", &common::pdf(100))]).await;
    let id = uploaded.json()[0]["id"].as_str().unwrap().to_owned();
    let back = "/procedures/1.001193/apply?step=3";
    let reply = an.post_form(&app.router, "/api/delete_attachment", &[("id", &id), ("return_to", back)]).await;
    assert_eq!(reply.location(), Some(back), "a path of this site is where the plain form goes back");
    app.finish().await;
}

/// Item 4: a file is typed by its signature at offset 0, and named by it.
async fn uploads_are_typed_by_their_first_bytes_and_named_by_them(backend: Backend) {
    let app = TestApp::start(backend).await;
    let mut an = citizen(&app.router, 1).await;
    let (draft_id, _) = new_draft(&app, &mut an, json!({})).await;
    let polyglot = b"<html><hta:application/><script>new ActiveXObject('WScript.Shell')</script>%PDF-1.7\n".to_vec();
    let refused = an.upload(&app.router, &draft_id, 2, &[("giay-khai-sinh.hta", &polyglot)]).await;
    assert_eq!(refused.status, 415, "{}", refused.body);
    let stored = an.upload(&app.router, &draft_id, 2, &[("giay-khai-sinh.hta", &common::pdf(100))]).await;
    assert_eq!(stored.status, 201, "{}", stored.body);
    let file = &stored.json()[0];
    assert_eq!(file["file_name"], "giay-khai-sinh.pdf");
    let download = an.get(&app.router, &format!("/attachments/{}", file["id"].as_str().unwrap())).await;
    let disposition = download.headers["content-disposition"].to_str().unwrap().to_owned();
    assert!(disposition.contains("filename=\"giay-khai-sinh.pdf\""), "{disposition}");
    assert_eq!(download.headers["content-type"], "application/pdf");
    app.finish().await;
}

/// Item 7: `/uploads` read text parts whole, and a chunked body skipped the
/// only size check (the declared length).
async fn uploads_are_bounded_as_they_stream(backend: Backend) {
    let app = TestApp::start_with_env(backend, &[("DVC_UPLOAD_DOSSIER_MB", "1")]).await;
    let mut an = citizen(&app.router, 1).await;
    let (draft_id, _) = new_draft(&app, &mut an, json!({})).await;
    let same_browser = an.clone();
    let chunked = |fields: Vec<(String, String)>, files: Vec<(String, Vec<u8>)>| {
        let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let files: Vec<(&str, &str, &[u8])> = files.iter().map(|(n, b)| ("other", n.as_str(), b.as_slice())).collect();
        let (content_type, body) = common::multipart(&fields, &files);
        let chunks: Vec<Result<Vec<u8>, std::io::Error>> = body.chunks(64 * 1024).map(|c| Ok(c.to_vec())).collect();
        same_browser
            .request(axum::http::Request::post("/uploads"))
            .header("content-type", content_type)
            .header("accept", "application/json")
            .body(axum::body::Body::from_stream(futures_util::stream::iter(chunks)))
            .unwrap()
    };
    let huge_field = format!("/{}", "a".repeat(4 << 20));
    let request = chunked(vec![("draft_id".into(), draft_id.clone()), ("return_to".into(), huge_field)], Vec::new());
    assert_eq!(an.send(&app.router, request).await.status, 413, "a 4 MB text field");
    let request = chunked(vec![("draft_id".into(), draft_id.clone())], vec![("x.bin".into(), vec![b'x'; 3 << 20])]);
    assert_eq!(an.send(&app.router, request).await.status, 413, "a 3 MB part beyond the 1 MB dossier limit");
    assert_eq!(app.stored_files(), 0);
    still_alive(&app).await;
    app.finish().await;
}

/// Item 8: with `DVC_DEMO=1` and real VNPay credentials the sandbox once
/// signed with the real secret, so a citizen could "pay" their own fee.
async fn the_sandbox_never_signs_for_a_real_merchant(backend: Backend) {
    let real = [
        ("DVC_DEMO", "1"),
        ("DVC_VNPAY_URL", "https://sandbox.vnpayment.vn"),
        ("DVC_VNPAY_TMN_CODE", "REALTMN1"),
        ("DVC_VNPAY_HASH_SECRET", "the-real-merchant-secret"),
    ];
    let app = TestApp::start_with_env(backend, &real).await;
    let mut tester = Browser::new();
    let reply =
        tester.post_form(&app.router, "/sandbox/vnpay/pay", &[("query", "vnp_Amount=300000"), ("outcome", "00")]).await;
    assert_eq!(reply.status, 404, "{}", reply.body);
    assert_eq!(tester.call_json(&app.router, "sandbox_order", &json!({"query": "vnp_Amount=1"})).await.status, 404);
    let querydr = tester.post_form(&app.router, "/sandbox/vnpay/merchant_webapi/api/transaction", &[]).await;
    assert_eq!(querydr.status, 404);
    app.finish().await;
}

/// Item 9: the client's address is the entry the trusted proxy appended,
/// whatever the client wrote on lines of its own.
async fn forged_forwarded_for_lines_do_not_escape_the_limit(backend: Backend) {
    let app = TestApp::start_with_env(backend, &[("DVC_TRUST_PROXY", "1"), ("DVC_SIGN_IN_LIMIT", "3")]).await;
    let mut statuses = Vec::new();
    for n in 0..4 {
        // The client's own line changes every time; the proxy's line (added last) does not.
        let mut browser = Browser { ip: Some(format!("10.0.0.{n}")), ..Browser::new() };
        browser.headers.push(("x-forwarded-for".into(), "203.0.113.7".into()));
        let fields = [("identifier", "x@example.vn"), ("password", "guess guess")];
        statuses.push(browser.call(&app.router, "sign_in", &fields).await.status);
    }
    assert_eq!(statuses, [401, 401, 401, 429]);
    app.finish().await;
}

/// Item 6: the lockout was checked before the slow hash and counted after,
/// so parallel guesses all got through; now each is counted first.
async fn parallel_guesses_get_five_tries_not_a_hundred(backend: Backend) {
    let app = TestApp::start(backend).await;
    citizen(&app.router, 1).await;
    let guesses = (0..30).map(|i| {
        let router = app.router.clone();
        // The account's ID number and e-mail share one count.
        let identifier = if i % 2 == 0 { "001090000001" } else { "citizen1@example.vn" };
        tokio::spawn(async move {
            let fields = [("identifier", identifier), ("password", "một lần đoán sai")];
            Browser::new().call(&router, "sign_in", &fields).await.status
        })
    });
    let mut statuses = Vec::new();
    for guess in guesses.collect::<Vec<_>>() {
        statuses.push(guess.await.unwrap());
    }
    assert_eq!(statuses.iter().filter(|s| **s == 401).count(), 5, "{statuses:?}");
    assert_eq!(statuses.iter().filter(|s| **s == 429).count(), 25, "{statuses:?}");
    let right = [("identifier", "001090000001"), ("password", "sông Hồng đỏ nặng phù sa")];
    assert_eq!(Browser::new().call(&app.router, "sign_in", &right).await.status, 429, "locked for the window");

    // A huge identifier is bounded before it reaches the audit log.
    let huge = "x".repeat(100_000);
    let reply = Browser::new().call(&app.router, "sign_in", &[("identifier", &huge), ("password", "p")]).await;
    assert_eq!(reply.status, 401);
    use sea_orm::{EntityTrait, QueryOrder};
    let last = app::server::entities::audit_entry::Entity::find()
        .order_by_desc(app::server::entities::audit_entry::Column::Id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert!(last.actor.chars().count() <= 254, "{} characters", last.actor.len());
    app.finish().await;
}

/// Item 6: one-time codes are limited per address too, whatever the account.
async fn one_time_codes_are_limited_per_address(backend: Backend) {
    use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
    let app = TestApp::start_with_env(backend, &[("DVC_TRUST_PROXY", "1")]).await;
    let password = "một mật khẩu đủ dài cho cán bộ";
    let mut statuses = Vec::new();
    for n in 0..5 {
        let email = format!("totp{n}@test.dvc.vn");
        common::dossiers::official(&app, &email, "000.00.31.H29", &[app::domain::access::Role::Receiver]).await;
        let account = app::server::entities::user::Entity::find()
            .filter(app::server::entities::user::Column::Email.eq(email.as_str()))
            .one(&app.db)
            .await
            .unwrap()
            .unwrap();
        let mut enrolled: app::server::entities::user::ActiveModel = account.into();
        enrolled.totp_secret = Set(Some("JBSWY3DPEHPK3PXP".into()));
        enrolled.totp_enabled_at = Set(Some(chrono::Utc::now()));
        enrolled.update(&app.db).await.unwrap();
        let mut browser = Browser { ip: Some("198.51.100.9".into()), ..Browser::new() };
        let reply = browser.call(&app.router, "sign_in", &[("identifier", &email), ("password", password)]).await;
        assert_eq!(reply.json(), json!("/login/verify"));
        for _ in 0..5 {
            statuses.push(browser.call(&app.router, "verify_second_factor", &[("code", "000000")]).await.status);
        }
    }
    // 20 codes from one address, then refused whichever account they are for.
    assert_eq!(statuses.iter().filter(|s| **s == 401).count(), 20, "{statuses:?}");
    assert_eq!(statuses[20..], [429; 5]);
    app.finish().await;
}

/// Item 10: the smaller ones, each as a user or an attacker would meet it.
async fn the_smaller_defects_stay_fixed(backend: Backend) {
    use app::domain::access::Role;
    use common::dossiers::{official, step, submitted};
    let app = TestApp::start_with_env(backend, &[("DVC_OFFICIAL_2FA", "optional")]).await;
    let (mut an, code) = submitted(&app, 1).await;

    // Personal answers are never stored by a browser or a proxy.
    let page = an.get(&app.router, "/dossiers").await;
    assert_eq!(page.headers["cache-control"], "private, no-store");
    assert_ne!(app.get("/procedures").await.headers()["cache-control"], "private, no-store");

    // Extreme dates in a queue's filters answer, not crash.
    const AGENCY: &str = "000.20.01.H29";
    let mut receiver = official(&app, "tiepnhan.sec@test.dvc.vn", AGENCY, &[Role::Receiver]).await;
    for (from, to) in
        [("+262142-12-31", "+262142-12-31"), ("-262143-01-01", "-262143-01-01"), ("1000-01-01", "9999-12-31")]
    {
        let query = json!({"query": {"queue": "all", "status": null, "procedure_code": null, "sector_id": null,
            "from": from, "to": to, "due": null, "search": "x".repeat(100_000), "after": null}});
        let reply = receiver.call_json(&app.router, "list_queue", &query).await;
        assert!(reply.status < 500, "{from}..{to}: {} {}", reply.status, reply.body);
    }

    // Notes between officials never reach the applicant; reasons for them do.
    let mut processor = official(&app, "xuly.sec@test.dvc.vn", AGENCY, &[Role::Processor]).await;
    let mut approver = official(&app, "lanhdao.sec@test.dvc.vn", AGENCY, &[Role::Approver]).await;
    let v = step(&app, &mut receiver, &code, 1, "accept", json!({"note": "Đã nhận đủ giấy tờ"})).await;
    let v = step(&app, &mut processor, &code, v, "take", json!({})).await;
    let uploaded = processor.upload_to_dossier(&app.router, &code, 0, &[("trich-luc.pdf", &common::pdf(200))]).await;
    let result_file = uploaded.json()[0]["id"].as_str().unwrap().to_owned();
    let proposal = json!({"result_file": result_file, "note": "NỘI-BỘ: đã gọi xác minh với công an phường"});
    let v = step(&app, &mut processor, &code, v, "propose_result", proposal).await;
    step(&app, &mut approver, &code, v, "send_back", json!({"note": "NỘI-BỘ: kiểm tra lại chữ ký"})).await;
    let mine = an.call(&app.router, "get_my_dossier", &[("code", &code)]).await;
    assert!(!mine.body.contains("NỘI-BỘ"), "{}", mine.body);
    assert!(mine.body.contains("Đã nhận đủ giấy tờ"), "a note meant for the applicant stays");
    let case = approver.call(&app.router, "get_case", &[("code", &code)]).await;
    assert!(case.body.contains("NỘI-BỘ: kiểm tra lại chữ ký"), "officials still read it");

    // One account cannot hold the server's sockets: 8 streams, then refused.
    let mut streams = Vec::new();
    for _ in 0..8 {
        let stream = an.events(&app.router, None).await;
        assert_eq!(stream.status, 200);
        streams.push(stream);
    }
    assert_eq!(an.events(&app.router, None).await.status, 429);
    streams.pop();
    assert_eq!(an.events(&app.router, None).await.status, 200, "a closed stream frees its place");
    app.finish().await;
}

/// Item 10: a password changed on the account page ends the reset links mailed before.
async fn a_new_password_ends_older_reset_links(backend: Backend) {
    let app = TestApp::start(backend).await;
    let mut an = citizen(&app.router, 1).await;
    let asked =
        Browser::new().call(&app.router, "request_password_reset", &[("identifier", "citizen1@example.vn")]).await;
    assert_eq!(asked.status, 200);
    let mailed = common::eventually(Duration::from_secs(5), || async { !app.outbox_files().is_empty() }).await;
    assert!(mailed, "the reset link is mailed");
    let mail = app.outbox_files().remove(0).1;
    let start = mail.find("/account/reset?token=").expect("a reset link") + "/account/reset?token=".len();
    let token = mail[start..].split_whitespace().next().unwrap().to_owned();
    const NEW: &str = "một mật khẩu mới dài hơn";
    let changed = an
        .call(
            &app.router,
            "change_password",
            &[("form[current]", "sông Hồng đỏ nặng phù sa"), ("form[new]", NEW), ("form[confirm]", NEW)],
        )
        .await;
    assert_eq!(changed.status, 200, "{}", changed.body);
    let fields = [
        ("token", token.as_str()),
        ("password", "mật khẩu của kẻ lấy được thư"),
        ("confirm", "mật khẩu của kẻ lấy được thư"),
    ];
    let late = Browser::new().call(&app.router, "reset_password", &fields).await;
    assert!(late.status == 422 && late.body.contains("ResetLinkInvalid"), "{} {}", late.status, late.body);
    app.finish().await;
}

/// Item 10: behind TLS, browsers are told never to come back over plain HTTP.
async fn https_deployments_send_hsts(backend: Backend) {
    let app = TestApp::start_with_env(backend, &[("DVC_PUBLIC_URL", "https://dichvucong.example.vn")]).await;
    let response = app.get("/healthz").await;
    assert_eq!(response.headers()["strict-transport-security"], "max-age=31536000; includeSubDomains");
    let plain = TestApp::start(backend).await;
    assert!(plain.get("/healthz").await.headers().get("strict-transport-security").is_none());
    plain.finish().await;
    app.finish().await;
}

/// Item 10: ended sessions and old rate-limit windows do not pile up.
async fn ended_sessions_and_old_limits_are_pruned(backend: Backend) {
    use app::server::entities::{rate_limit, session};
    use sea_orm::{EntityTrait, PaginatorTrait};
    let app = TestApp::start(backend).await;
    let mut an = citizen(&app.router, 1).await;
    let fields = [("identifier", "nobody@example.vn"), ("password", "sai")];
    Browser::new().call(&app.router, "sign_in", &fields).await;
    assert!(rate_limit::Entity::find().count(&app.db).await.unwrap() > 0);
    assert_eq!(session::Entity::find().count(&app.db).await.unwrap(), 1);
    let settings = app::server::auth::AuthSettings::default();
    // Two days on: the session has been idle far too long, the windows ended long ago.
    let later = chrono::Utc::now() + chrono::Duration::days(2);
    app::server::auth::prune(&app.db, &settings, later).await.unwrap();
    assert_eq!(session::Entity::find().count(&app.db).await.unwrap(), 0);
    assert_eq!(rate_limit::Entity::find().count(&app.db).await.unwrap(), 0);
    assert_eq!(an.call(&app.router, "get_profile", &[]).await.status, 401);
    app.finish().await;
}

/// Values a fuzzer throws at a parameter of `schema`: the edges of its type,
/// then strings no client should send (huge, control characters, broken
/// UTF-8, injection, traversal), then random printable text.
fn fuzz_value(schema: &serde_json::Value, round: usize, seed: &mut u64) -> String {
    const NASTY: &[&str] = &[
        "",
        " ",
        "%00",
        "%0A%0D",
        "%FF%FE%FD",
        "%C4%90%C4%83ng+k%C3%BD",
        "..%2F..%2Fetc%2Fpasswd",
        "'%3B+DROP+TABLE+procedure%3B--",
        "%25%25%25",
        "-1",
        "0",
        "18446744073709551616",
        "99999999999999999999999999",
        "1e309",
        "NaN",
    ];
    *seed ^= *seed << 13;
    *seed ^= *seed >> 7;
    *seed ^= *seed << 17;
    let random = *seed;
    let is_number = matches!(schema["type"].as_str(), Some("integer" | "number"))
        || schema["type"].as_array().is_some_and(|t| t.iter().any(|t| t == "integer"));
    match round % 4 {
        0 => NASTY[usize::try_from(random).unwrap_or(0) % NASTY.len()].to_owned(),
        1 if is_number => {
            ["1", "4", "5", "0", "-9223372036854775809"][usize::try_from(random % 5).unwrap_or(0)].to_owned()
        }
        1 => "x".repeat(usize::try_from(random % 300_000).unwrap_or(1)),
        2 => (0..random % 40).map(|i| format!("t{}+", (random >> (i % 60)) % 97)).collect(),
        _ => (0..random % 64)
            .map(|i| {
                let c = char::from(b' ' + u8::try_from((random >> (i % 57)) % 95).unwrap_or(0));
                percent_encoding::utf8_percent_encode(&c.to_string(), percent_encoding::NON_ALPHANUMERIC).to_string()
            })
            .collect(),
    }
}

/// Schema-driven fuzzing of the open API: every GET operation of the OpenAPI
/// document, every parameter filled with [`fuzz_value`]s. Every answer comes
/// promptly, is below 500, and a documented status carries JSON.
async fn the_open_api_survives_schema_driven_fuzzing(backend: Backend) {
    let app = TestApp::start(backend).await;
    let (status, doc) = app.get_json("/api/v1/openapi.json").await;
    assert_eq!(status, 200);
    let mut seed = 0x15_u64 << 32 | 0xdcc;
    let mut requests = 0;
    for (path, item) in doc["paths"].as_object().expect("paths") {
        let Some(operation) = item.get("get") else { continue };
        let parameters = operation["parameters"].as_array().cloned().unwrap_or_default();
        let documented: Vec<u16> =
            operation["responses"].as_object().unwrap().keys().filter_map(|k| k.parse().ok()).collect();
        for round in 0..48 {
            let mut uri = path.clone();
            let mut query = Vec::new();
            for parameter in &parameters {
                let name = parameter["name"].as_str().unwrap();
                let value = fuzz_value(&parameter["schema"], round + requests, &mut seed);
                match parameter["in"].as_str() {
                    Some("path") => {
                        uri = uri.replace(&format!("{{{name}}}"), if value.is_empty() { "x" } else { &value })
                    }
                    _ if !seed.is_multiple_of(3) => query.push(format!("{name}={value}")),
                    _ => {}
                }
            }
            if !query.is_empty() {
                uri = format!("{uri}?{}", query.join("&"));
            }
            // What a client can put on the wire: bytes outside a URI's alphabet are escaped.
            let uri: String = uri
                .bytes()
                .map(|b| match b {
                    b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' => char::from(b).to_string(),
                    b'-' | b'.' | b'_' | b'~' | b'%' | b'+' | b'/' | b'?' | b'&' | b'=' | b'\'' | b';' | b':' => {
                        char::from(b).to_string()
                    }
                    other => format!("%{other:02X}"),
                })
                .collect();
            requests += 1;
            let answer = tokio::time::timeout(Duration::from_secs(10), Browser::new().get(&app.router, &uri)).await;
            let reply = answer.unwrap_or_else(|_| panic!("{uri} answered within 10 s"));
            assert!(reply.status < 500, "{} {uri}: {}", reply.status, &reply.body[..reply.body.len().min(300)]);
            if documented.contains(&reply.status) {
                // Each documented answer in its documented type: CSV where it says so, JSON otherwise.
                let content = &operation["responses"][reply.status.to_string()]["content"];
                if content.get("text/csv").is_some() {
                    let kind = reply.headers["content-type"].to_str().unwrap();
                    assert!(kind.starts_with("text/csv"), "{uri} answered {} as {kind}", reply.status);
                } else {
                    serde_json::from_str::<serde_json::Value>(&reply.body)
                        .unwrap_or_else(|e| panic!("{uri} answered {} without JSON ({e})", reply.status));
                }
            }
        }
    }
    assert!(requests >= 5 * 48, "every operation was fuzzed ({requests} requests)");
    still_alive(&app).await;
    app.finish().await;
}

on_both_databases!(
    ended_sessions_and_old_limits_are_pruned,
    the_smaller_defects_stay_fixed,
    a_new_password_ends_older_reset_links,
    https_deployments_send_hsts,
    parallel_guesses_get_five_tries_not_a_hundred,
    one_time_codes_are_limited_per_address,
    uploads_are_typed_by_their_first_bytes_and_named_by_them,
    uploads_are_bounded_as_they_stream,
    the_sandbox_never_signs_for_a_real_merchant,
    forged_forwarded_for_lines_do_not_escape_the_limit,
    a_posted_intent_cannot_nest_the_answers,
    a_huge_search_is_refused_at_once,
    redirects_never_leave_the_site,
    the_open_api_survives_schema_driven_fuzzing,
    slow_headers_are_cut_off,
    nul_characters_are_refused_before_any_write,
);
