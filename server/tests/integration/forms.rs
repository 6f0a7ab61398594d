//! Online forms in the seed: every form is checked against its procedure when
//! the seed loads, stored once per procedure, and validates real answers.

use crate::common::{Backend, TestApp, repo_seed_dir};
use app::domain::form::{FormSchema, validate};
use app::domain::rules::Rule;
use app::server::entities::procedure;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::json;

async fn form_of(app: &TestApp, code: &str) -> FormSchema {
    let procedure =
        procedure::Entity::find().filter(procedure::Column::Code.eq(code)).one(&app.db).await.unwrap().unwrap();
    app::server::forms::in_force(&app.db, procedure.id, None, today()).await.unwrap().expect("a stored form").schema
}

fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 11, 29).unwrap()
}

fn address() -> serde_json::Value {
    json!({"province_code": 79, "ward_code": 26506, "street": "12 Lê Lợi"})
}

async fn seeded_forms_are_stored_and_validate_answers(backend: Backend) {
    let app = TestApp::start(backend).await;
    let stored = crate::common::dossiers::count(&app, "catalog_versions WHERE kind = 'form'").await;
    assert!(stored >= 12, "forms stored: {stored}");
    let birth = form_of(&app, "1.001193").await;
    let mut answers = json!({
        "declarant": {"full_name": "Trần Thị Lan", "birth_date": "1995-03-02", "citizen_id": "079195012345",
                      "address": address(), "phone": "0912345678", "relationship": "me"},
        "child": {"full_name": "Nguyễn Minh Khôi", "birth_date": "2026-10-01", "gender": "nam", "ethnicity": "kinh",
                  "birth_place": address(), "home_town": "Hà Nội", "birth_notice": ["a1b2c3"]},
        "mother": {"full_name": "Trần Thị Lan", "birth_date": "1995-03-02", "citizen_id": "079195012345", "address": address()},
        "father": {"known": "khong"},
        "request": {"copies": "1"}
    });
    assert!(validate(&birth, &answers, today()).is_ok(), "{:?}", validate(&birth, &answers, today()).err());
    // The father's part is asked once he is to be recorded.
    answers["father"]["known"] = json!("co");
    let errors = validate(&birth, &answers, today()).unwrap_err();
    assert_eq!(errors.get("father.full_name"), Some(Rule::Required));
    // A child cannot be born before the mother.
    answers["father"]["known"] = json!("khong");
    answers["child"]["birth_date"] = json!("1990-01-01");
    let errors = validate(&birth, &answers, today()).unwrap_err();
    assert_eq!(errors.get("child.birth_date"), Some(Rule::CrossField(0)));
    assert_eq!(birth.cross_rule_message(0).unwrap().vi, "Ngày sinh của trẻ phải sau ngày sinh của mẹ.");
    // An authorised representative must attach the power of attorney.
    answers["child"]["birth_date"] = json!("2026-10-01");
    answers["declarant"]["relationship"] = json!("uy_quyen");
    assert_eq!(validate(&birth, &answers, today()).unwrap_err().get("request.authorisation"), Some(Rule::Required));

    // A household business founded by a family lists its members.
    let business = form_of(&app, "2.000720").await;
    let answers = json!({
        "business": {"name": "Hộ kinh doanh Hoa Mai", "address": address(), "phone": "0987654321",
                     "lines": ["5610"], "capital": "150.000.000", "employees": "3"},
        "owner": {"full_name": "Lê Văn Nam", "birth_date": "1980-02-02", "citizen_id": "079080001234",
                  "tax_code": "0100109106", "address": address(), "founded_by": "ho_gia_dinh"},
        "members": {"people": [{"full_name": "Lê Thị Mai", "birth_date": "1982-03-03", "citizen_id": "079182001234"}]}
    });
    let errors = validate(&business, &answers, today()).unwrap_err();
    assert_eq!(errors.0.iter().map(|e| e.field.as_str()).collect::<Vec<_>>(), vec!["members.minutes"]);
    app.finish().await;
}

on_both_databases!(seeded_forms_are_stored_and_validate_answers);

/// Copies the seed into a temporary folder, with one more form file.
fn seed_with_form(name: &str, form: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("dvc_seed_{}", uuid::Uuid::new_v4().simple()));
    let status = std::process::Command::new("cp").arg("-r").arg(repo_seed_dir()).arg(&dir).status().unwrap();
    assert!(status.success());
    std::fs::write(dir.join("forms").join(name), form).unwrap();
    dir
}

async fn seed_error(dir: &std::path::Path) -> String {
    let data = std::env::temp_dir().join(format!("dvc_data_{}", uuid::Uuid::new_v4().simple()));
    let vars = [
        ("DATABASE_URL", format!("sqlite://{}?mode=rwc", data.join("dvc.db").display())),
        ("DVC_DATA_DIR", data.display().to_string()),
        ("DVC_SEED_DIR", dir.display().to_string()),
    ];
    let config =
        server::config::Config::from_lookup(|k| vars.iter().find(|(n, _)| *n == k).map(|(_, v)| v.clone())).unwrap();
    let err = server::build_state(&config).await.err().expect("the seed is refused");
    std::fs::remove_dir_all(&data).ok();
    std::fs::remove_dir_all(dir).ok();
    format!("{err:#}")
}

#[tokio::test]
async fn a_form_with_a_broken_reference_stops_the_start() {
    let broken = r#"
procedure = "1.000656"
[[sections]]
key = "deceased"
title = { vi = "Người chết", en = "The deceased" }
[[sections.fields]]
key = "death_notice"
label = { vi = "Giấy báo tử", en = "Death notice" }
kind = "file"
document = 5
visible_if = { field = "deceased.nothing", equals = "x" }
"#;
    let message = seed_error(&seed_with_form("broken.toml", broken)).await;
    assert!(message.contains("no required document number 5"), "{message}");
    assert!(message.contains("condition on unknown field “deceased.nothing”"), "{message}");
}

#[tokio::test]
async fn forms_are_only_for_levels_three_and_four() {
    // 2.000815 (certified copies) is a level-2 procedure: it offers templates to download, not an online form.
    let form = "procedure = \"2.000815\"\n[[sections]]\nkey = \"a\"\ntitle = { vi = \"A\", en = \"A\" }\nfields = []\n";
    let message = seed_error(&seed_with_form("level2.toml", form)).await;
    assert!(message.contains("online forms are for levels 3 and 4"), "{message}");
}
