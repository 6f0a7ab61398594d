//! Openness through the real router on SQLite and PostgreSQL: the public
//! statistics counted from a data set whose every figure is computed by
//! hand (early, on time and late at the boundary day, paused days left out,
//! channels, small groups hidden), the open data equal to the page, and
//! satisfaction ratings (only the citizen's own returned dossier, once,
//! changed for seven days; their agency reads them; the public counts them).

use crate::common::dossiers::{approve, count, exec, official, step, submit_another, submitted};
use crate::common::{Backend, TestApp, citizen};
use app::domain::access::Role;
use chrono::{DateTime, Utc};
use serde_json::{Value, json};

const BEN_THANH: &str = "000.20.01.H29";
const HOAN_KIEM: &str = "000.20.01.H26";

/// Monday 14 December 2026, 10:00 in Vietnam.
fn monday() -> DateTime<Utc> {
    "2026-12-14T03:00:00Z".parse().unwrap()
}

async fn public(app: &TestApp, query: &str) -> Value {
    let (status, body) = app.get_json(&format!("/api/v1/statistics{query}")).await;
    assert_eq!(status, 200, "{body}");
    body
}

fn row<'a>(stats: &'a Value, key: &str) -> &'a Value {
    stats["rows"].as_array().unwrap().iter().find(|r| r["key"] == key).unwrap_or_else(|| panic!("{key} in {stats}"))
}

/// Form fields as `Browser::call` takes them.
fn refs<'a>(pairs: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    pairs.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

/// Sets dossier `code`'s standing directly: the data set's clock-driven facts.
async fn standing(app: &TestApp, code: &str, set: &str) {
    exec(app, &format!("UPDATE dossiers SET {set} WHERE code = '{code}'")).await;
}

async fn figures_are_hand_computed_and_small_groups_hidden(backend: Backend) {
    let app = TestApp::start(backend).await;
    app.clock.set(monday());
    let (mut an, first) = submitted(&app, 1).await;
    let mut codes = vec![first];
    for _ in 0..7 {
        codes.push(submit_another(&app, &mut an).await);
    }
    let finished = |due: &str, on: &str, paused: i32| {
        format!(
            "status = 'returned', accepted_on = '2026-12-01', due_on = '{due}', finished_on = '{on}', paused_days = {paused}"
        )
    };
    // Tuesday 1/12 → Monday 7/12: 4 working days, a day before the due date: early.
    standing(&app, &codes[0], &finished("2026-12-08", "2026-12-07", 0)).await;
    // Finished on the due date, taken in at the desk: on time, 5 working days.
    standing(&app, &codes[1], &format!("{}, channel = 'desk'", finished("2026-12-08", "2026-12-08", 0))).await;
    // A day after, by post, two of its six days paused: late, 4 working days.
    standing(&app, &codes[2], &format!("{}, channel = 'post'", finished("2026-12-08", "2026-12-09", 2))).await;
    // Due today: still on time. Due last Friday: overdue. Waiting for the
    // citizen past its due date: on time (the clock is paused).
    standing(&app, &codes[3], "status = 'processing', accepted_on = '2026-12-07', due_on = '2026-12-14'").await;
    standing(&app, &codes[4], "status = 'processing', accepted_on = '2026-12-07', due_on = '2026-12-11'").await;
    standing(&app, &codes[5], "status = 'supplement_requested', accepted_on = '2026-11-20', due_on = '2026-12-01'")
        .await;
    standing(&app, &codes[6], "status = 'not_accepted', finished_on = '2026-12-14'").await;
    // One dossier of Hà Nội: a group too small to publish.
    let hoan_kiem = format!("(SELECT id FROM agencies WHERE code = '{HOAN_KIEM}')");
    standing(&app, &codes[7], &format!("agency_id = {hoan_kiem}, receiving_agency_id = {hoan_kiem}")).await;
    // Once asked for a supplement.
    let id = format!("(SELECT id FROM dossiers WHERE code = '{}')", codes[5]);
    exec(
        &app,
        &format!(
            "INSERT INTO dossier_events (dossier_id, at, actor_id, actor_role, from_status, to_status) \
             SELECT {id}, at, actor_id, 'receiver', 'processing', 'supplement_requested' \
             FROM dossier_events WHERE dossier_id = {id}"
        ),
    )
    .await;

    // The country, by province: Hà Nội's one dossier is not shown, and so
    // neither is Hồ Chí Minh City (the total less it would give Hà Nội away).
    let country = public(&app, "").await;
    assert_eq!((country["level"].as_str(), country["from"].as_str()), (Some("country"), Some("2026-01-01")));
    assert_eq!(country["total"]["received"], 8);
    assert_eq!(row(&country, "1")["figures"], Value::Null, "{country}");
    assert_eq!(row(&country, "79")["figures"], Value::Null, "{country}");
    assert_eq!(row(&country, "1")["name"]["vi"], "Thành phố Hà Nội");

    // The province, by agency; then Bến Thành, by procedure: every figure.
    let province = public(&app, "?province=79").await;
    assert_eq!(province["rows"].as_array().unwrap().len(), 1, "{province}");
    // Decision 766's index, by hand: 2 of 3 finished in time (20 × ⅔); 5 of 7
    // digitised (of 80 %), no electronic result, nothing reused (22 ÷ 3 each);
    // 5 of 7 filed online (over the 50 %: 22); 7 less one late and one overdue
    // satisfied (5 of 7, of 90 %: 18).
    let index = &province["index"][0];
    assert_eq!(index["agency"]["key"], BEN_THANH);
    let expected = 20.0 * 2.0 / 3.0 + 22.0 / 3.0 * (5.0 / 7.0 / 0.8) + 22.0 + 18.0 * (5.0 / 7.0 / 0.9);
    assert!((index["score"].as_f64().unwrap() - expected).abs() < 1e-6, "{index}");
    assert_eq!(index["out_of"], 82.0);
    assert_eq!(row(&province, BEN_THANH)["figures"]["received"], 7);
    let agency = public(&app, &format!("?agency={BEN_THANH}")).await;
    assert_eq!(agency["province"]["key"], "79", "an agency's province is its own");
    let f = &row(&agency, "1.001193")["figures"];
    let counts: Vec<u64> = [
        "received",
        "online",
        "desk",
        "post",
        "early",
        "on_time",
        "late",
        "in_progress_on_time",
        "in_progress_overdue",
        "supplemented",
        "digitised",
    ]
    .iter()
    .map(|k| f[k].as_u64().unwrap_or_else(|| panic!("{k} in {f}")))
    .collect();
    assert_eq!(counts, [7, 5, 1, 1, 1, 1, 1, 2, 1, 1, 5]);
    assert_eq!(f["median_days"], 4.0, "4, 5 and 6 − 2 working days");

    // The open data equals the page's server function, and the CSV says the same.
    let mut visitor = crate::common::Browser::new();
    let page = visitor.call_json(&app.router, "public_statistics", &json!({"query": {"agency": BEN_THANH}})).await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert_eq!(page.json(), agency);
    let (status, headers, csv) = app.get_text(&format!("/api/v1/statistics.csv?agency={BEN_THANH}")).await;
    assert_eq!(status, 200);
    assert!(headers["content-type"].to_str().unwrap().starts_with("text/csv"));
    let line = csv.lines().find(|l| l.starts_with("1.001193,")).unwrap();
    assert!(line.ends_with(",7,5,1,1,1,1,1,2,1,4.0,14.3,71.4,0,"), "{line}");
    assert!(csv.lines().any(|l| l.starts_with(",Tổng cộng,7,")), "{csv}");

    // The period: received before it, nothing; a sector limits it.
    let later = public(&app, "?from=2026-12-15&to=2026-12-31").await;
    assert_eq!((later["total"].clone(), later["rows"].as_array().unwrap().len()), (Value::Null, 0));
    assert_eq!(public(&app, "?sector=ho-tich").await["total"]["received"], 8);
    // Bad requests are refused with a reason, in both languages.
    for (query, status) in [
        ("?from=2026-12-15&to=2026-12-14", 422),
        ("?from=30/11/2026", 422),
        ("?from=2015-01-01", 422),
        ("?agency=000.00.00.X99", 404),
        ("?province=999", 404),
        ("?sector=NOPE", 404),
    ] {
        let (got, body) = app.get_json(&format!("/api/v1/statistics{query}")).await;
        assert_eq!(got, status, "{query}: {body}");
        assert!(body["error"].as_str().unwrap().contains(". "), "{body}");
    }
    // The page itself, without scripts: the table and the drill-down links.
    let (status, _, html) = app.get_text("/statistics?province=79").await;
    assert_eq!(status, 200);
    assert!(html.contains(&format!("href=\"/statistics?agency={BEN_THANH}\"")), "drill-down link: {html}");
    assert!(html.contains("Ủy ban nhân dân phường Bến Thành") && html.contains("<td>7</td>"), "{html}");
    app.finish().await;
}

async fn a_citizen_rates_their_own_returned_dossier_once(backend: Backend) {
    let app = TestApp::start_with_env(backend, &[("DVC_OFFICIAL_2FA", "optional")]).await;
    app.clock.set(monday());
    let (mut an, code) = submitted(&app, 1).await;
    for _ in 0..4 {
        submit_another(&app, &mut an).await;
    }
    let rating = |guidance: &str, comment: &str| -> Vec<(&'static str, String)> {
        vec![
            ("code", code.clone()),
            ("rating[guidance]", guidance.to_owned()),
            ("rating[time]", "satisfied".to_owned()),
            ("rating[attitude]", "very_satisfied".to_owned()),
            ("rating[result]", "satisfied".to_owned()),
            ("rating[comment]", comment.to_owned()),
        ]
    };
    let (mut receiver, v) = approve(&app, &code, "rate").await;
    // Not yet returned: nothing to rate.
    assert_eq!(an.call(&app.router, "my_rating", &[("code", &code)]).await.json(), Value::Null);
    assert_eq!(an.call(&app.router, "rate_dossier", &refs(&rating("satisfied", ""))).await.status, 409);
    step(&app, &mut receiver, &code, v, "return_at_desk", json!({"reference": "Nguyễn Văn An"})).await;

    // The public view is a snapshot: built now, before any rating.
    let before = public(&app, &format!("?agency={BEN_THANH}")).await;
    assert_eq!(row(&before, "1.001193")["figures"]["rated"], 0);

    // Nobody else rates it: another citizen, an official.
    let mut other = citizen(&app.router, 2).await;
    assert_eq!(other.call(&app.router, "rate_dossier", &refs(&rating("satisfied", ""))).await.status, 404);
    assert_eq!(other.call(&app.router, "my_rating", &[("code", &code)]).await.status, 404);
    assert_eq!(receiver.call(&app.router, "rate_dossier", &refs(&rating("satisfied", ""))).await.status, 403);
    // Every criterion, from the scale; a comment of at most 1,000 characters.
    let bad = an.call(&app.router, "rate_dossier", &refs(&rating("great", &"x".repeat(1001)))).await;
    assert_eq!(bad.status, 422, "{}", bad.body);
    let refused = bad.json();
    let fields: Vec<&str> =
        refused["Invalid"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["guidance", "comment"]);
    assert_eq!(count(&app, "ratings").await, 0);

    // Rated once, as a plain form; changed the next day, not after a week.
    let mut plain = an.clone();
    plain.headers.push(("accept".into(), "text/html".into()));
    let posted = plain
        .post_form(
            &app.router,
            "/api/rate_dossier",
            &[
                ("code", &code),
                ("rating[guidance]", "unsatisfied"),
                ("rating[time]", "satisfied"),
                ("rating[attitude]", "satisfied"),
                ("rating[result]", "very_satisfied"),
                ("rating[comment]", "Phải hỏi lại hai lần"),
            ],
        )
        .await;
    assert_eq!(posted.status, 302, "{}", posted.body);
    assert_eq!(posted.location(), Some(format!("/dossiers/{code}?rated=1#rating").as_str()));
    let page = an.get(&app.router, &format!("/dossiers/{code}?rated=1")).await.body;
    assert!(page.contains("Cảm ơn bạn đã đánh giá."), "the plain form's answer thanks the citizen");
    let cached = public(&app, &format!("?agency={BEN_THANH}")).await;
    assert_eq!(cached, before, "the public figures come from the snapshot, rebuilt at most every minute");
    let mine = an.call(&app.router, "my_rating", &[("code", &code)]).await.json();
    assert_eq!((mine["scores"]["guidance"].as_str(), mine["open"].as_bool()), (Some("unsatisfied"), Some(true)));
    assert_eq!(mine["editable_until"], "2026-12-20", "seven days, the first one included");
    app.clock.set(monday() + chrono::Duration::days(1));
    let changed = an.call(&app.router, "rate_dossier", &refs(&rating("very_satisfied", "Cảm ơn"))).await;
    assert_eq!(changed.status, 200, "{}", changed.body);
    assert_eq!(count(&app, "ratings").await, 1);
    app.clock.set(monday() + chrono::Duration::days(7));
    let late = an.call(&app.router, "rate_dossier", &refs(&rating("unsatisfied", ""))).await;
    assert_eq!(late.status, 422, "{}", late.body);
    assert_eq!(late.json()["Invalid"][0]["rule"], "RatingClosed");
    let kept = an.call(&app.router, "my_rating", &[("code", &code)]).await.json();
    assert_eq!(
        (kept["scores"]["guidance"].as_str(), kept["comment"].as_str()),
        (Some("very_satisfied"), Some("Cảm ơn"))
    );
    assert_eq!(kept["open"], false);

    // Its agency reads it with the comment; another agency does not.
    let seen = receiver.call(&app.router, "agency_ratings", &[]).await.json();
    assert_eq!((seen[0]["code"].as_str(), seen[0]["comment"].as_str()), (Some(code.as_str()), Some("Cảm ơn")));
    let mut elsewhere = official(&app, "tiepnhan@hoankiem.vn", HOAN_KIEM, &[Role::Receiver]).await;
    assert_eq!(elsewhere.call(&app.router, "agency_ratings", &[]).await.json(), json!([]));

    // The public counts it once its snapshot is rebuilt (a new day here); the
    // rate itself waits for five ratings.
    let after = public(&app, &format!("?agency={BEN_THANH}")).await;
    let figures = &row(&after, "1.001193")["figures"];
    assert_eq!((figures["received"].as_u64(), figures["rated"].as_u64()), (Some(5), Some(1)), "{after}");
    assert_eq!(figures["satisfied"], 0, "one rating is not published");
    app.finish().await;
}

on_both_databases!(figures_are_hand_computed_and_small_groups_hidden, a_citizen_rates_their_own_returned_dossier_once);
