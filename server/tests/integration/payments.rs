//! Level 4 through the real router on SQLite and PostgreSQL: fees paid
//! through the VNPay protocol (the IPN's answers in the protocol's order,
//! exactly once under concurrent replays; the return page never settles;
//! the sandbox gateway round trip over HTTP; reconciliation of a lost IPN),
//! and results signed with Ed25519 and verified at `/verify/{code}`.

use crate::common;

use crate::common::dossiers::{approve, official, step, submitted};
use crate::common::{Backend, Browser, TestApp, eventually, pdf};
use app::domain::access::Role;
use app::server::payments::sandbox::DEMO_HASH_SECRET;
use app::server::payments::vnpay;
use serde_json::{Value, json};
use std::time::Duration;

/// A level-4 procedure of UBND phường Bến Thành with a fee at submission:
/// a certificate of marital status, 3.000 đ.
const PAID_PROCEDURE: &str = "1.004873";
const FEE_VND: i64 = 3_000;

/// Citizen `n` asks for a certificate of marital status: (citizen, code).
async fn submitted_with_fee(app: &TestApp, n: u32) -> (Browser, String) {
    let mut citizen = common::citizen(&app.router, n).await;
    let data = json!({
        "applicant": {
            "full_name": "Nguyễn Văn An", "birth_date": "1990-05-17", "citizen_id": "001090123456",
            "phone": "0912345678", "address": {"province_code": 1, "ward_code": 70, "street": "12 Hàng Bài"}
        },
        "status": { "marital": "chua_ket_hon", "purpose": "ket_hon", "partner_name": "Trần Thị Bình" }
    });
    let saved = citizen
        .call_json(&app.router, "save_draft", &json!({"form": {"procedure_code": PAID_PROCEDURE, "data": data}}))
        .await;
    assert_eq!(saved.status, 200, "{}", saved.body);
    let saved = saved.json();
    let (id, key) = (saved["id"].as_str().unwrap().to_owned(), saved["submit_key"].as_str().unwrap().to_owned());
    let reply = common::dossiers::submit(app, &mut citizen, &id, &key).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    let code = reply.json()["code"].as_str().unwrap().to_owned();
    (citizen, code)
}

async fn dossier(app: &TestApp, citizen: &mut Browser, code: &str) -> Value {
    let reply = citizen.call(&app.router, "get_my_dossier", &[("code", code)]).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    reply.json()
}

/// Starts paying: the gateway URL the portal sends the browser to.
async fn pay(app: &TestApp, citizen: &mut Browser, code: &str) -> String {
    let reply = citizen.post_form(&app.router, &format!("/dossiers/{code}/pay"), &[]).await;
    assert_eq!(reply.status, 303, "{}", reply.body);
    reply.location().unwrap().to_owned()
}

fn query_of(url: &str) -> Vec<(String, String)> {
    vnpay::parse_query(url.split_once('?').map(|(_, q)| q).unwrap_or_default())
}

/// What the gateway sends back about the order in `payment_url`, signed with `secret`.
fn gateway_answer(payment_url: &str, response_code: &str, amount: Option<&str>, secret: &str) -> Vec<(String, String)> {
    let asked = query_of(payment_url);
    let p = |name| vnpay::param(&asked, name).to_owned();
    let status = if response_code == "00" { "00" } else { "02" };
    let mut params = vnpay::pairs(&[
        ("vnp_Amount", amount.unwrap_or(&p("vnp_Amount"))),
        ("vnp_BankCode", "NCB"),
        ("vnp_CardType", "ATM"),
        ("vnp_OrderInfo", &p("vnp_OrderInfo")),
        ("vnp_PayDate", "20261130120500"),
        ("vnp_ResponseCode", response_code),
        ("vnp_TmnCode", &p("vnp_TmnCode")),
        ("vnp_TransactionNo", "14123456"),
        ("vnp_TransactionStatus", status),
        ("vnp_TxnRef", &p("vnp_TxnRef")),
    ]);
    let hash = vnpay::sign(&params, secret);
    params.push(("vnp_SecureHashType".into(), "HmacSHA512".into()));
    params.push(("vnp_SecureHash".into(), hash));
    params
}

fn to_query(params: &[(String, String)]) -> String {
    params.iter().map(|(k, v)| format!("{}={}", vnpay::encode(k), vnpay::encode(v))).collect::<Vec<_>>().join("&")
}

async fn ipn(app: &TestApp, params: &[(String, String)]) -> String {
    let (status, body) = app.get_json(&format!("/payments/vnpay/ipn?{}", to_query(params))).await;
    assert_eq!(status, 200);
    body["RspCode"].as_str().unwrap().to_owned()
}

async fn payment_events(app: &TestApp) -> i64 {
    common::dossiers::count(app, "dossier_events WHERE from_status = 'payment_requested'").await
}

async fn the_ipn_checks_in_order_and_settles_exactly_once(backend: Backend) {
    let app = TestApp::start_served(backend, &[]).await;
    let (mut an, code) = submitted_with_fee(&app, 1).await;
    let view = dossier(&app, &mut an, &code).await;
    assert_eq!(view["summary"]["status"], "PaymentRequested");
    assert_eq!(
        (view["payments"]["due_vnd"].as_i64(), view["payments"]["online"].as_bool()),
        (Some(FEE_VND), Some(true))
    );

    let url = pay(&app, &mut an, &code).await;
    assert!(url.starts_with(&format!("{}/sandbox/vnpay/paymentv2/vpcpay.html?", app.public_url())), "{url}");
    let asked = query_of(&url);
    assert!(vnpay::verify(&asked, DEMO_HASH_SECRET), "the payment URL is signed");
    assert_eq!(vnpay::param(&asked, "vnp_Amount"), (FEE_VND * 100).to_string());
    assert_eq!(vnpay::param(&asked, "vnp_ReturnUrl"), format!("{}/payments/vnpay/return", app.public_url()));

    // 97: a bad checksum (one changed value, or another secret).
    let mut forged = gateway_answer(&url, "00", None, DEMO_HASH_SECRET);
    forged.iter_mut().find(|(k, _)| k == "vnp_TransactionNo").unwrap().1 = "99999999".into();
    assert_eq!(ipn(&app, &forged).await, "97");
    assert_eq!(ipn(&app, &gateway_answer(&url, "00", None, "another secret")).await, "97");
    // 01: an order we never made.
    let unknown =
        gateway_answer(&url.replace(vnpay::param(&asked, "vnp_TxnRef"), "NOSUCHORDER1"), "00", None, DEMO_HASH_SECRET);
    assert_eq!(ipn(&app, &unknown).await, "01");
    // 04: another amount.
    assert_eq!(ipn(&app, &gateway_answer(&url, "00", Some("100"), DEMO_HASH_SECRET)).await, "04");

    // The return URL only displays: even a genuine success there settles nothing.
    let success = gateway_answer(&url, "00", None, DEMO_HASH_SECRET);
    let (status, _, page) = app.get_text(&format!("/payments/vnpay/return?{}", to_query(&success))).await;
    assert_eq!(status, 200);
    assert!(page.contains("VNPay báo giao dịch thành công") && page.contains("Đang chờ VNPay xác nhận"), "{page}");
    let view = dossier(&app, &mut an, &code).await;
    assert_eq!(view["summary"]["status"], "PaymentRequested", "the return page marks nothing paid");
    assert_eq!(view["payments"]["orders"][0]["status"], "pending");

    // 00 once, 02 for everyone else: 20 concurrent deliveries of the success.
    let tasks: Vec<_> = (0..20)
        .map(|_| {
            let (router, query) = (app.router.clone(), to_query(&success));
            tokio::spawn(async move {
                let mut browser = Browser::new();
                let reply = browser.get(&router, &format!("/payments/vnpay/ipn?{query}")).await;
                reply.json()["RspCode"].as_str().unwrap().to_owned()
            })
        })
        .collect();
    let mut answers = Vec::new();
    for task in tasks {
        answers.push(task.await.unwrap());
    }
    answers.sort();
    assert_eq!(answers.iter().filter(|a| *a == "00").count(), 1, "{answers:?}");
    assert_eq!(answers.iter().filter(|a| *a == "02").count(), 19, "{answers:?}");
    assert_eq!(ipn(&app, &success).await, "02", "a later replay");
    assert_eq!(payment_events(&app).await, 1, "the dossier was paid exactly once");
    let view = dossier(&app, &mut an, &code).await;
    assert_eq!(view["summary"]["status"], "Submitted", "back to where it was");
    assert_eq!(view["payments"]["due_vnd"], 0);
    assert_eq!(view["payments"]["orders"][0]["status"], "paid");
    let (status, _, page) = app.get_text(&format!("/payments/vnpay/return?{}", to_query(&success))).await;
    assert!(status == 200 && page.contains("Cổng đã nhận xác nhận thanh toán"), "{status}: {page}");

    // The electronic receipt: the payer's, not anyone else's.
    let txn_ref = vnpay::param(&asked, "vnp_TxnRef");
    let receipt = an.get(&app.router, &format!("/payments/{txn_ref}/receipt.pdf")).await;
    assert_eq!(receipt.status, 200);
    assert!(receipt.body.starts_with("%PDF-") && receipt.body.contains(&code), "the receipt names the dossier");
    let mut other = common::citizen(&app.router, 2).await;
    assert_eq!(other.get(&app.router, &format!("/payments/{txn_ref}/receipt.pdf")).await.status, 404);
    // Paying again is refused: nothing is due.
    let again = an.post_form(&app.router, &format!("/dossiers/{code}/pay"), &[]).await;
    assert_eq!(again.status, 409);
    app.finish().await;
}

/// The tester chooses an outcome on the sandbox's page: what the browser and the merchant then get.
async fn sandbox_choice(app: &TestApp, payment_url: &str, outcome: &str) -> String {
    let path = payment_url.strip_prefix(&app.public_url()).unwrap();
    let (status, _, page) = app.get_text(path).await;
    assert_eq!(status, 200);
    assert!(page.contains("3.000") && page.contains("DVCDEMO1"), "the sandbox shows the order: {page}");
    let query = path.split_once('?').unwrap().1;
    let mut tester = Browser::new();
    let reply = tester.post_form(&app.router, "/sandbox/vnpay/pay", &[("query", query), ("outcome", outcome)]).await;
    assert_eq!(reply.status, 303, "{}", reply.body);
    reply.location().unwrap().to_owned()
}

async fn a_cancelled_payment_leaves_the_fee_due_and_a_paid_one_moves_on_live(backend: Backend) {
    let app = TestApp::start_served(backend, &[]).await;
    let (mut an, code) = submitted_with_fee(&app, 1).await;

    // Cancelled (24): the return page says so; the IPN records the failure; the fee is still due.
    let url = pay(&app, &mut an, &code).await;
    let back = sandbox_choice(&app, &url, "24").await;
    assert!(back.starts_with(&format!("{}/payments/vnpay/return?", app.public_url())));
    assert!(vnpay::verify(&query_of(&back), DEMO_HASH_SECRET), "the gateway signs the return");
    let (_, _, page) = app.get_text(back.strip_prefix(&app.public_url()).unwrap()).await;
    assert!(page.contains("Bạn đã hủy giao dịch"), "{page}");
    let failed = eventually(Duration::from_secs(10), || async {
        dossier(&app, &mut an.clone(), &code).await["payments"]["orders"][0]["status"] == "failed"
    })
    .await;
    assert!(failed, "the sandbox's IPN reached the merchant over HTTP");
    let view = dossier(&app, &mut an, &code).await;
    assert_eq!(view["summary"]["status"], "PaymentRequested");
    assert_eq!(view["payments"]["due_vnd"], FEE_VND, "the fee is still due");

    // Paid: the citizen's stream hears the change.
    app.events_settled().await;
    let mut stream = an.events(&app.router, None).await;
    let url = pay(&app, &mut an, &code).await;
    sandbox_choice(&app, &url, "00").await;
    let event = stream.next_dossier(Duration::from_secs(10)).await.expect("a live event");
    assert_eq!(
        (event.json()["code"].as_str(), event.json()["status"].as_str()),
        (Some(code.as_str()), Some("Submitted"))
    );
    assert_eq!(payment_events(&app).await, 1);
    app.finish().await;
}

async fn reconciliation_settles_a_payment_whose_ipn_was_lost(backend: Backend) {
    let app = TestApp::start_served(backend, &[]).await;
    let (mut an, code) = submitted_with_fee(&app, 1).await;
    let url = pay(&app, &mut an, &code).await;
    sandbox_choice(&app, &url, "00-no-ipn").await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let gateway = app.payments.clone().unwrap();
    let reconcile = || app::server::payments::reconcile(&app.db, &app.events, &gateway, app.clock.now());
    assert_eq!(reconcile().await.unwrap(), 0, "a fresh order is not asked about yet");
    assert_eq!(dossier(&app, &mut an, &code).await["summary"]["status"], "PaymentRequested", "no IPN, nothing paid");

    app.clock.advance(chrono::Duration::minutes(16));
    assert_eq!(reconcile().await.unwrap(), 1, "querydr finds it paid");
    let view = dossier(&app, &mut an, &code).await;
    assert_eq!(
        (view["summary"]["status"].as_str(), view["payments"]["orders"][0]["status"].as_str()),
        (Some("Submitted"), Some("paid"))
    );
    assert_eq!(reconcile().await.unwrap(), 0, "nothing left to settle");
    assert_eq!(payment_events(&app).await, 1);

    // An order the gateway never saw stays pending (querydr: 91).
    let (mut bich, other) = submitted_with_fee(&app, 2).await;
    pay(&app, &mut bich, &other).await;
    app.clock.advance(chrono::Duration::minutes(16));
    assert_eq!(reconcile().await.unwrap(), 0);
    assert_eq!(dossier(&app, &mut bich, &other).await["payments"]["orders"][0]["status"], "pending");
    app.finish().await;
}

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

async fn an_approved_result_is_signed_and_one_flipped_byte_fails_verification(backend: Backend) {
    let app = TestApp::start_with_env(backend, &[("DVC_OFFICIAL_2FA", "optional")]).await;
    let (mut an, code) = submitted(&app, 1).await;
    assert!(dossier(&app, &mut an, &code).await["signed_result"].is_null(), "nothing before approval");
    approve(&app, &code, "kq").await;

    let view = dossier(&app, &mut an, &code).await;
    let signed = &view["signed_result"];
    let verify_code = signed["code"].as_str().expect("a signed result").to_owned();
    let download = an.get(&app.router, &format!("/attachments/{}", signed["attachment_id"].as_str().unwrap())).await;
    assert_eq!(download.status, 200);
    let bytes = download.bytes.clone();
    assert!(bytes.starts_with(b"%PDF-"));
    assert_eq!(sha256_hex(&bytes), signed["sha256"].as_str().unwrap());

    // The public page: valid, with what to compare with the paper.
    let (status, _, page) = app.get_text(&format!("/verify/{verify_code}")).await;
    assert_eq!(status, 200);
    assert!(page.contains("Hợp lệ") && page.contains(signed["sha256"].as_str().unwrap()), "{page}");
    assert!(page.contains(&code) && page.contains("Nguyễn V. A."), "dossier code and masked holder: {page}");
    assert!(!page.contains("Nguyễn Văn An"), "the holder's full name is not public");
    const MATCHES: &str = "Tệp bạn tải lên đúng là văn bản đã ký";

    // The attack: a link carrying the document's hash (printed on this very
    // page) must not make the official page say an upload matched.
    let (_, _, forged) = app.get_text(&format!("/verify/{verify_code}?file={}", sha256_hex(&bytes))).await;
    assert!(!forged.contains(MATCHES), "a query parameter is never an upload: {forged}");
    let (router, code_for_fn) = (app.router.clone(), verify_code.clone());
    let by_fn = Browser::new().call(&router, "verify_result", &[("code", &code_for_fn)]).await.json();
    assert_eq!(by_fn["valid"], true);
    assert!(by_fn.get("file_matches").is_none());

    // The same file uploaded: the answer to the upload says it matches.
    let upload = |file: Vec<u8>| {
        let (router, code) = (app.router.clone(), verify_code.clone());
        async move {
            let (content_type, body) = common::multipart(&[], &[("file", "ket-qua.pdf", &file)]);
            let request = axum::http::Request::post(format!("/verify/{code}"))
                .header("content-type", content_type)
                .body(axum::body::Body::from(body))
                .unwrap();
            Browser::new().send(&router, request).await
        }
    };
    let same = upload(bytes.clone()).await;
    assert_eq!(same.status, 200, "{}", same.body);
    assert!(same.body.contains(MATCHES) && same.location().is_none(), "{}", same.body);

    // One flipped byte in an uploaded copy: it does not match.
    let mut flipped = bytes.clone();
    let middle = flipped.len() / 2;
    flipped[middle] ^= 0x01;
    let differs = upload(flipped.clone()).await;
    assert_eq!(differs.status, 200);
    assert!(differs.body.contains("KHÔNG khớp") && !differs.body.contains(MATCHES), "{}", differs.body);

    // Anyone checks the signature without the portal: the detached signature,
    // the public key and the PDF, through OpenSSL (an independent Ed25519).
    let signature = Browser::new().get(&app.router, &format!("/verify/{verify_code}/signature")).await;
    assert_eq!(signature.status, 200);
    assert_eq!(signature.bytes.len(), 64);
    let (_, api) = app.get_json(&format!("/api/v1/results/{verify_code}")).await;
    assert_eq!(api["valid"], true);
    assert_eq!(api["signature"].as_str().unwrap(), sha256_free_hex(&signature.bytes));
    assert_eq!(api["dossier_code"].as_str(), Some(code.as_str()));
    let (_, _, key) = app.get_text("/verify/public-key.pem").await;
    assert!(openssl_verifies(&key, &bytes, &signature.bytes), "OpenSSL accepts the signature of the PDF");
    assert!(!openssl_verifies(&key, &flipped, &signature.bytes), "and refuses it for a changed PDF");

    // One flipped byte in the stored document: the document is no longer valid.
    use app::server::entities::attachment;
    use sea_orm::EntityTrait;
    let stored = attachment::Entity::find_by_id(signed["attachment_id"].as_str().unwrap().to_owned())
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    std::fs::write(app.stored_path(&stored.storage_key), &flipped).unwrap();
    let broken = upload(bytes.clone()).await;
    assert!(!broken.body.contains(MATCHES), "a copy of a broken document does not match");
    let (_, _, page) = app.get_text(&format!("/verify/{verify_code}")).await;
    assert!(page.contains("Không hợp lệ"), "{page}");
    assert_eq!(app.get_text("/verify/KQ-AAAAA-BBBBB").await.0, 404);
    let (status, _, key) = app.get_text("/verify/public-key.pem").await;
    assert!(status == 200 && key.contains("BEGIN PUBLIC KEY"));
    app.finish().await;
}

fn sha256_free_hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Whether `openssl pkeyutl` verifies `signature` of `document` with the PEM `key`.
fn openssl_verifies(key: &str, document: &[u8], signature: &[u8]) -> bool {
    let dir = std::env::temp_dir().join(format!("dvc-openssl-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("key.pem"), key).unwrap();
    std::fs::write(dir.join("doc.pdf"), document).unwrap();
    std::fs::write(dir.join("doc.sig"), signature).unwrap();
    let status = std::process::Command::new("openssl")
        .args(["pkeyutl", "-verify", "-pubin", "-inkey", "key.pem", "-rawin", "-in", "doc.pdf", "-sigfile", "doc.sig"])
        .current_dir(&dir)
        .output()
        .expect("openssl (OpenSSL 3) is installed");
    std::fs::remove_dir_all(&dir).ok();
    status.status.success()
}

/// Approved and proposed by the demo-like officials of Bến Thành: (receiver, approver, version).
async fn a_result_sent_by_post_is_followed_to_its_delivery(backend: Backend) {
    let app = TestApp::start_with_env(backend, &[("DVC_OFFICIAL_2FA", "optional")]).await;
    let mut an = common::citizen(&app.router, 1).await;
    let (id, key) = common::dossiers::new_draft(&app, &mut an, common::dossiers::birth_declaration()).await;
    assert_eq!(an.upload(&app.router, &id, 2, &[("giay-chung-sinh.pdf", &pdf(100))]).await.status, 201);
    let post = json!({
        "method": "post", "recipient": "Nguyễn Văn An", "phone": "0912345678",
        "address": {"province_code": 1, "ward_code": 70, "street": "12 Hàng Bài"}
    });
    let reply = an
        .call_json(
            &app.router,
            "submit_application",
            &json!({"submission": {"draft_id": id, "submit_key": key, "delivery": post}}),
        )
        .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    let code = reply.json()["code"].as_str().unwrap().to_owned();
    let (mut receiver, v) = approve(&app, &code, "post").await;
    let v = step(&app, &mut receiver, &code, v, "return_by_post", json!({"reference": "EB123456789VN"})).await;
    let unknown =
        common::dossiers::act(&app, &mut receiver, &code, v, "record_delivery", json!({"reference": "lost"})).await;
    assert_eq!(unknown.status, 422, "{}", unknown.body);
    let v = step(&app, &mut receiver, &code, v, "record_delivery", json!({"reference": "in_transit"})).await;
    step(&app, &mut receiver, &code, v, "record_delivery", json!({"reference": "delivered"})).await;

    let view = dossier(&app, &mut an, &code).await;
    assert_eq!(view["summary"]["status"], "Returned", "following the post does not change the status");
    assert_eq!(view["delivery"]["address"]["street"], "12 Hàng Bài");
    let details: Vec<Value> = view["timeline"].as_array().unwrap().iter().map(|e| e["detail"].clone()).collect();
    assert!(details.contains(&json!({"Tracking": "EB123456789VN"})), "{details:?}");
    assert_eq!(&details[details.len() - 2..], &[json!({"Postal": "in_transit"}), json!({"Postal": "delivered"})]);

    // A result handed over at the desk has no delivery to follow.
    let (_, desk) = submitted(&app, 2).await;
    let (mut receiver, v) = approve(&app, &desk, "desk").await;
    let v = step(&app, &mut receiver, &desk, v, "return_at_desk", json!({"reference": "Nguyễn Văn Bình"})).await;
    let refused =
        common::dossiers::act(&app, &mut receiver, &desk, v, "record_delivery", json!({"reference": "delivered"}))
            .await;
    assert_eq!(refused.status, 422, "{}", refused.body);
    app.finish().await;
}

async fn a_fee_paid_at_the_desk_ends_the_online_request(backend: Backend) {
    let app = TestApp::start_served(backend, &[("DVC_OFFICIAL_2FA", "optional")]).await;
    let (mut an, code) = submitted_with_fee(&app, 1).await;
    let mut receiver = official(&app, "tiepnhan.fee@test.dvc.vn", "000.20.01.H29", &[Role::Receiver]).await;
    step(&app, &mut receiver, &code, 1, "record_fee", json!({"reference": "BL-000777"})).await;
    let view = dossier(&app, &mut an, &code).await;
    assert_eq!(
        (view["summary"]["status"].as_str(), view["payments"]["due_vnd"].as_i64()),
        (Some("Submitted"), Some(0))
    );
    assert_eq!(
        an.post_form(&app.router, &format!("/dossiers/{code}/pay"), &[]).await.status,
        409,
        "nothing left to pay"
    );
    app.finish().await;
}

/// Two orders of one fee, both paid (two tabs, a retry): the second payment
/// is recorded as owed back to the citizen, not only written to a log.
async fn a_second_payment_of_one_fee_is_recorded_for_refund(backend: Backend) {
    let app = TestApp::start_served(backend, &[]).await;
    let (mut an, code) = submitted_with_fee(&app, 1).await;
    let first = pay(&app, &mut an, &code).await;
    let second = pay(&app, &mut an, &code).await;
    assert_eq!(ipn(&app, &gateway_answer(&first, "00", None, DEMO_HASH_SECRET)).await, "00");
    assert_eq!(ipn(&app, &gateway_answer(&second, "00", None, DEMO_HASH_SECRET)).await, "00");
    let orders = dossier(&app, &mut an, &code).await["payments"]["orders"].clone();
    let statuses: Vec<&str> = orders.as_array().unwrap().iter().map(|o| o["status"].as_str().unwrap()).collect();
    assert!(statuses.contains(&"paid") && statuses.contains(&"refund_due"), "{orders}");
    app.finish().await;
}

on_both_databases!(
    a_second_payment_of_one_fee_is_recorded_for_refund,
    the_ipn_checks_in_order_and_settles_exactly_once,
    a_cancelled_payment_leaves_the_fee_due_and_a_paid_one_moves_on_live,
    reconciliation_settles_a_payment_whose_ipn_was_lost,
    an_approved_result_is_signed_and_one_flipped_byte_fails_verification,
    a_result_sent_by_post_is_followed_to_its_delivery,
    a_fee_paid_at_the_desk_ends_the_online_request,
);
