//! Following a dossier, through the real router on SQLite and PostgreSQL: the
//! live event stream (`/events`: who sees what, resuming after a dropped
//! connection, heartbeats, events crossing server instances on PostgreSQL)
//! and the public lookup.

use crate::common::dossiers::{official, step, submit_another, submitted};
use crate::common::{Backend, Browser, EventStream, TestApp};
use app::domain::access::Role;
use serde_json::json;
use std::time::Duration;

/// UBND phường Bến Thành: receives birth registrations (1.001193).
const AGENCY: &str = "000.20.01.H29";
/// Sở Tư pháp TP.HCM: another agency.
const OTHER_AGENCY: &str = "000.00.31.H29";
/// Long enough for a delivery on a loaded two-core machine; a missing one waits this long.
const WAIT: Duration = Duration::from_secs(5);
/// How long a stream is watched for events it must not get.
const QUIET: Duration = Duration::from_millis(1500);

pub async fn open(app: &TestApp, who: &Browser) -> EventStream {
    app.events_settled().await;
    let mut stream = who.events(&app.router, None).await;
    assert_eq!(stream.status, 200);
    assert_eq!(stream.headers["content-type"], "text/event-stream");
    let ready = stream.next(WAIT).await.expect("the stream starts with `ready`");
    assert_eq!(ready.event, "ready");
    stream
}

/// The codes of the next dossier events, until none comes for `QUIET`.
pub async fn drain(stream: &mut EventStream) -> Vec<(String, String)> {
    let mut seen = Vec::new();
    while let Some(message) = stream.next_dossier(QUIET).await {
        let event = message.json();
        seen.push((event["code"].as_str().unwrap().to_owned(), event["status"].as_str().unwrap().to_owned()));
    }
    seen
}

async fn subscribers_see_only_their_own_dossiers_and_their_agency(backend: Backend) {
    let app = TestApp::start_with_env(backend, &[("DVC_OFFICIAL_2FA", "optional")]).await;
    assert_eq!(Browser::new().events(&app.router, None).await.status, 401, "anonymous: refused");
    let mut receiver = official(&app, "tiepnhan.live@test.dvc.vn", AGENCY, &[Role::Receiver]).await;
    let stranger = official(&app, "tiepnhan.live@tuphap.test.dvc.vn", OTHER_AGENCY, &[Role::Receiver]).await;
    let (an, first) = submitted(&app, 1).await;
    let (binh, _) = submitted(&app, 2).await;
    let mut an_stream = open(&app, &an).await;
    let mut binh_stream = open(&app, &binh).await;
    let mut desk_stream = open(&app, &receiver).await;
    let mut stranger_stream = open(&app, &stranger).await;

    // An official acts on An's dossier; An submits another; Bình submits one.
    step(&app, &mut receiver, &first, 1, "accept", json!({})).await;
    let second = submit_another(&app, &mut an.clone()).await;
    let third = submit_another(&app, &mut binh.clone()).await;

    let accepted = (first.clone(), "Accepted".to_owned());
    let submitted_second = (second.clone(), "Submitted".to_owned());
    let submitted_third = (third.clone(), "Submitted".to_owned());
    assert_eq!(drain(&mut an_stream).await, vec![accepted.clone(), submitted_second.clone()], "An: only An's");
    assert_eq!(drain(&mut binh_stream).await, vec![submitted_third.clone()], "Bình: only Bình's");
    assert_eq!(
        drain(&mut desk_stream).await,
        vec![accepted, submitted_second, submitted_third],
        "the agency's official: every dossier of the agency"
    );
    assert_eq!(drain(&mut stranger_stream).await, vec![], "another agency's official: nothing");
    app.finish().await;
}

async fn an_event_says_whether_the_subscriber_caused_it(backend: Backend) {
    let app = TestApp::start_with_env(backend, &[("DVC_OFFICIAL_2FA", "optional")]).await;
    let mut receiver = official(&app, "tiepnhan.live@test.dvc.vn", AGENCY, &[Role::Receiver]).await;
    let colleague = official(&app, "xuly.live@test.dvc.vn", AGENCY, &[Role::Processor]).await;
    let (_, code) = submitted(&app, 1).await;
    let mut own = open(&app, &receiver).await;
    let mut theirs = open(&app, &colleague).await;
    step(&app, &mut receiver, &code, 1, "accept", json!({})).await;
    let event = own.next_dossier(WAIT).await.expect("the actor's own stream").json();
    assert_eq!((event["code"].as_str(), event["mine"].as_bool()), (Some(code.as_str()), Some(true)));
    assert_eq!(event["action"], "accept");
    let event = theirs.next_dossier(WAIT).await.expect("a colleague's stream").json();
    assert_eq!(event["mine"], false, "someone else changed it");
    app.finish().await;
}

async fn a_resumed_stream_gets_exactly_what_it_missed(backend: Backend) {
    let app = TestApp::start(backend).await;
    let (mut an, _) = submitted(&app, 1).await;
    let mut stream = open(&app, &an).await;
    let before = submit_another(&app, &mut an).await;
    let seen = stream.next_dossier(WAIT).await.expect("the live event");
    assert_eq!(seen.json()["code"], before.as_str());
    let last_id = seen.id.clone().expect("events carry their id");
    drop(stream);

    // Three events while disconnected (and one of someone else's).
    let mut missed = Vec::new();
    for _ in 0..3 {
        missed.push(submit_another(&app, &mut an).await);
    }
    submitted(&app, 2).await;

    let mut resumed = an.events(&app.router, Some(&last_id)).await;
    assert_eq!(resumed.status, 200);
    let mut replayed = Vec::new();
    let mut ids = Vec::new();
    while let Some(message) = resumed.next_dossier(QUIET).await {
        replayed.push(message.json()["code"].as_str().unwrap().to_owned());
        ids.push(message.json()["id"].as_i64().unwrap());
    }
    assert_eq!(replayed, missed, "exactly the three missed events, in order, once");
    let cursor = app::domain::live::StreamCursor::parse(&last_id).expect("the id is the stream's cursor");
    assert!(ids.windows(2).all(|w| w[0] < w[1]) && ids[0] > cursor.max);
    app.finish().await;
}

async fn a_quiet_stream_gets_heartbeats(backend: Backend) {
    let app = TestApp::start_with_env(backend, &[("DVC_EVENTS_HEARTBEAT_SECS", "1")]).await;
    let (an, _) = submitted(&app, 1).await;
    let mut stream = open(&app, &an).await;
    let message = stream.next(Duration::from_secs(3)).await.expect("a heartbeat within the interval");
    assert_eq!(message.comment.as_deref(), Some("heartbeat"));
    app.finish().await;
}

/// Two server processes on one PostgreSQL (as behind a load balancer): an
/// action through one reaches a subscriber of the other.
#[tokio::test]
async fn an_event_crosses_server_instances_on_postgres() {
    let app = TestApp::start_with_env(Backend::Postgres, &[("DVC_OFFICIAL_2FA", "optional")]).await;
    let second = app.second_instance().await;
    let mut receiver = official(&app, "tiepnhan.live@test.dvc.vn", AGENCY, &[Role::Receiver]).await;
    let (an, code) = submitted(&app, 1).await;
    let mut on_second = an.events(&second, None).await;
    assert_eq!(on_second.status, 200, "the session works on the other instance");
    assert_eq!(on_second.next(WAIT).await.unwrap().event, "ready");
    step(&app, &mut receiver, &code, 1, "accept", json!({})).await;
    // Well within a second when it works; nothing else would deliver it at all
    // (the submission's own event may come first).
    let deadline = tokio::time::Instant::now() + Duration::from_secs(2);
    loop {
        let left = deadline.saturating_duration_since(tokio::time::Instant::now());
        let event = on_second.next_dossier(left).await.expect("the acceptance, delivered by the other instance").json();
        if event["status"] == "Accepted" {
            assert_eq!(event["code"], code.as_str());
            break;
        }
    }
    app.finish().await;
}

/// A stream that passed an event committed while an earlier one was still
/// being written (on PostgreSQL an id is taken when its row is written): the
/// open transaction holding the earlier event, the earlier event's id, the
/// citizen, and the message of the later event the stream received.
struct LateEvent {
    slow: sea_orm::DatabaseTransaction,
    id: i64,
    an: Browser,
    seen: crate::common::SseMessage,
}

async fn an_event_written_late(app: &TestApp) -> LateEvent {
    use app::server::entities::{dossier, dossier_event};
    use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set, TransactionTrait};
    let (mut an, code) = submitted(app, 1).await;
    let dossier = dossier::Entity::find().filter(dossier::Column::Code.eq(code.as_str())).one(&app.db).await.unwrap();
    let dossier = dossier.unwrap();
    let mut stream = open(app, &an).await;
    // An event written and not committed yet (a slow transaction)...
    let slow = app.db.begin().await.unwrap();
    let late = dossier_event::ActiveModel {
        dossier_id: Set(dossier.id),
        at: Set(chrono::Utc::now()),
        from_status: Set(Some(dossier.status)),
        to_status: Set(dossier.status),
        note: Set(Some("ghi chú nội bộ".into())),
        ..Default::default()
    }
    .insert(&slow)
    .await
    .unwrap();
    // ...while a later one commits and is delivered.
    let later = submit_another(app, &mut an).await;
    let seen = stream.next_dossier(WAIT).await.expect("the later event");
    assert_eq!(seen.json()["code"], later.as_str());
    LateEvent { slow, id: late.id, an, seen }
}

/// On PostgreSQL a later event can commit first. A stream that passed it
/// awaits the earlier one (its cursor says so) and, after a reconnection,
/// gets it from the table once it has committed: once, and nothing already seen.
#[tokio::test]
async fn an_event_committed_after_a_later_one_still_reaches_a_resumed_stream() {
    let app = TestApp::start(Backend::Postgres).await;
    let LateEvent { slow, id, an, seen } = an_event_written_late(&app).await;
    let cursor = app::domain::live::StreamCursor::parse(seen.id.as_deref().unwrap()).unwrap();
    assert!(cursor.max > id && cursor.pending.contains(&id), "the cursor awaits {id}: {cursor}");

    // The slow one commits while the browser is away; the hub has broadcast
    // it before the stream resumes, so it comes from the table.
    slow.commit().await.unwrap();
    let broadcast = crate::common::eventually(WAIT, || async { !app.events.position().1.contains(&id) }).await;
    assert!(broadcast, "the hub found {id} committed");
    let mut resumed = an.events(&app.router, seen.id.as_deref()).await;
    let mut ids = Vec::new();
    while let Some(message) = resumed.next_dossier(QUIET).await {
        ids.push(message.json()["id"].as_i64().unwrap());
    }
    assert_eq!(ids, [id], "the late event once, and nothing already seen");
    app.finish().await;
}

/// The same on another instance, started after the id was skipped (its hub
/// never saw it missing), with the slow transaction committing after the
/// stream resumed there: the event comes live, once.
#[tokio::test]
async fn an_event_committed_late_reaches_a_stream_resumed_on_a_newer_instance() {
    let app = TestApp::start(Backend::Postgres).await;
    let LateEvent { slow, id, an, seen } = an_event_written_late(&app).await;
    let second = app.second_instance().await;
    let mut resumed = an.events(&second, seen.id.as_deref()).await;
    assert_eq!(resumed.status, 200);
    assert!(resumed.next_dossier(Duration::from_millis(300)).await.is_none(), "nothing new yet");
    slow.commit().await.unwrap();
    let came = resumed.next_dossier(WAIT).await.expect("the late event, live from the other instance");
    assert_eq!(came.json()["id"].as_i64(), Some(id));
    assert!(resumed.next_dossier(QUIET).await.is_none(), "once");
    app.finish().await;
}

/// The public lookup: code + secret → progress without personal data; a wrong
/// code and a wrong secret get the same answer; limited per address.
async fn anyone_with_the_code_and_secret_follows_the_dossier(backend: Backend) {
    let app = TestApp::start_with_env(backend, &[("DVC_LOOKUP_LIMIT", "6"), ("DVC_OFFICIAL_2FA", "optional")]).await;
    let mut receiver = official(&app, "tiepnhan.live@test.dvc.vn", AGENCY, &[Role::Receiver]).await;
    let (mut an, code) = submitted(&app, 1).await;
    let secret = an.call(&app.router, "get_my_dossier", &[("code", &code)]).await.json()["lookup_secret"]
        .as_str()
        .unwrap()
        .to_owned();
    step(&app, &mut receiver, &code, 1, "accept", json!({})).await;
    let mut public = Browser::new();

    // Typed loosely (lower case, spaces): found, with status, procedure, dates and timeline.
    let reply = public
        .call(
            &app.router,
            "lookup_dossier",
            &[("code", &format!(" {} ", code.to_lowercase())), ("secret", &secret.to_lowercase())],
        )
        .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    let found = reply.json();
    assert_eq!(found["summary"]["code"], code.as_str());
    assert_eq!(found["summary"]["status"], "Accepted");
    assert_eq!(found["summary"]["procedure_code"], "1.001193");
    assert!(found["due_on"].is_string(), "the appointment date");
    let steps: Vec<&str> = found["timeline"].as_array().unwrap().iter().map(|e| e["to"].as_str().unwrap()).collect();
    assert_eq!(steps, ["Submitted", "Accepted"]);
    for personal in
        ["Nguyễn Văn An", "Nguyễn Minh Khôi", "Trần Thị Bình", "001090123456", "0912345678", "Hàng Bài", "tiepnhan"]
    {
        assert!(!reply.body.contains(personal), "the lookup leaks {personal}: {}", reply.body);
    }

    // A wrong secret and an unknown code: the same answer.
    let wrong_secret = public.call(&app.router, "lookup_dossier", &[("code", &code), ("secret", "ZZZZ2222")]).await;
    let unknown_code =
        public.call(&app.router, "lookup_dossier", &[("code", "000.20.01.H29-991231-9999"), ("secret", &secret)]).await;
    assert_eq!(wrong_secret.status, 404);
    assert_eq!((unknown_code.status, &unknown_code.body), (404, &wrong_secret.body));

    // The page, as the QR code of the confirmation opens it, and as a plain GET form.
    let page = public.get(&app.router, &format!("/lookup?code={code}&secret={secret}")).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Được tiếp nhận") && page.body.contains(&code), "status in words and the code");
    assert!(!page.body.contains("Nguyễn Văn An") && !page.body.contains("001090123456"));
    let page = public.get(&app.router, &format!("/lookup?code={code}&secret=ZZZZ2222")).await;
    assert_eq!(page.status, 404);
    assert!(page.body.contains("Không tìm thấy hồ sơ"), "a clear message");

    // Five lookups from this address so far: one more, then the address waits.
    assert_eq!(public.call(&app.router, "lookup_dossier", &[("code", &code), ("secret", &secret)]).await.status, 200);
    let limited = public.call(&app.router, "lookup_dossier", &[("code", &code), ("secret", &secret)]).await;
    assert_eq!(limited.status, 429, "{}", limited.body);
    assert!(limited.headers.contains_key("retry-after"));
    app.finish().await;
}

on_both_databases!(
    subscribers_see_only_their_own_dossiers_and_their_agency,
    an_event_says_whether_the_subscriber_caused_it,
    a_resumed_stream_gets_exactly_what_it_missed,
    a_quiet_stream_gets_heartbeats,
    anyone_with_the_code_and_secret_follows_the_dossier,
    a_slow_subscriber_is_cut_loose_and_resumes,
);

/// A subscriber that stops reading falls behind; it is cut loose (the others
/// get everything on time) and, resuming, gets the rest from the table.
async fn a_slow_subscriber_is_cut_loose_and_resumes(backend: Backend) {
    let app = TestApp::start_with_env(backend, &[("DVC_EVENTS_BACKLOG", "4")]).await;
    let (mut an, _) = submitted(&app, 1).await;
    app.events_settled().await;
    let mut slow = an.events(&app.router, None).await;
    let ready = slow.next(WAIT).await.expect("ready");
    assert_eq!(ready.event, "ready");
    // As EventSource does: the last id seen, the ready event's included.
    let mut last_id = Some(ready.id.expect("the ready event says where the stream starts"));
    let mut fast = open(&app, &an).await;
    let mut codes = Vec::new();
    for _ in 0..10 {
        codes.push(submit_another(&app, &mut an).await);
        let event = fast.next_dossier(WAIT).await.expect("the reading subscriber keeps up");
        assert_eq!(event.json()["code"], codes.last().unwrap().as_str());
    }
    // The slow one reads now: what was kept, then the end of its stream.
    let mut seen = Vec::new();
    while let Some(message) = slow.next_dossier(QUIET).await {
        seen.push(message.json()["code"].as_str().unwrap().to_owned());
        last_id = message.id;
    }
    assert!(seen.len() < 10, "cut loose before the end: {seen:?}");
    assert!(slow.next(Duration::from_millis(100)).await.is_none(), "its stream has ended");
    let mut resumed = an.events(&app.router, last_id.as_deref()).await;
    while let Some(message) = resumed.next_dossier(QUIET).await {
        seen.push(message.json()["code"].as_str().unwrap().to_owned());
    }
    assert_eq!(seen[seen.len() - 10..], codes[..], "after resuming, every event once and in order: {seen:?}");
    app.finish().await;
}
