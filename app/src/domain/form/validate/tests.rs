use super::*;
use crate::domain::form::{Choice, Section};
use crate::domain::text::LocalText;
use proptest::prelude::*;
use serde_json::json;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 29).unwrap()
}

fn text(vi: &str) -> LocalText {
    LocalText::new(vi, vi)
}

fn field(key: &str, kind: FieldKind, required: bool) -> Field {
    Field { key: key.into(), label: text(key), hint: None, kind, required, visible_if: None, required_if: None }
}

fn choices(values: &[&str]) -> Vec<Choice> {
    values.iter().map(|v| Choice { value: (*v).into(), label: text(v) }).collect()
}

fn when(field: &str, test: Test) -> Option<Condition> {
    Some(Condition { field: field.into(), test })
}

/// Modelled on the birth registration declaration, with one field of every kind.
fn schema() -> FormSchema {
    FormSchema {
        replaces_document: 1,
        sections: vec![
            Section {
                key: "child".into(),
                title: text("Người được khai sinh"),
                visible_if: None,
                fields: vec![
                    field("full_name", FieldKind::Text { max_length: 50 }, true),
                    field("gender", FieldKind::Radio { options: choices(&["nam", "nu"]) }, true),
                    field("birth_date", FieldKind::Date { past: true }, true),
                    field("birth_place", FieldKind::Address, true),
                    field("ethnicity", FieldKind::Select { options: choices(&["kinh", "tay", "thai"]) }, true),
                ],
            },
            Section {
                key: "mother".into(),
                title: text("Mẹ"),
                visible_if: None,
                fields: vec![
                    field("full_name", FieldKind::Text { max_length: 50 }, true),
                    field("birth_date", FieldKind::Date { past: true }, true),
                    field("citizen_id", FieldKind::CitizenId { birth_date: Some("mother.birth_date".into()) }, true),
                ],
            },
            Section {
                key: "father".into(),
                title: text("Cha"),
                visible_if: None,
                fields: vec![
                    field("known", FieldKind::Radio { options: choices(&["yes", "no"]) }, true),
                    Field {
                        visible_if: when("father.known", Test::Equals("yes".into())),
                        ..field("full_name", FieldKind::Text { max_length: 50 }, true)
                    },
                ],
            },
            Section {
                key: "declarant".into(),
                title: text("Người đi khai"),
                visible_if: None,
                fields: vec![
                    field("relationship", FieldKind::Select { options: choices(&["me", "cha", "khac"]) }, true),
                    Field {
                        required_if: when("declarant.relationship", Test::Equals("khac".into())),
                        ..field("relationship_other", FieldKind::Text { max_length: 100 }, false)
                    },
                    field("phone", FieldKind::Phone, true),
                    field("email", FieldKind::Email, false),
                    field("tax_code", FieldKind::TaxCode, false),
                    field("note", FieldKind::Textarea { max_length: 20 }, false),
                ],
            },
            Section {
                key: "request".into(),
                title: text("Yêu cầu"),
                visible_if: None,
                fields: vec![
                    field("copies", FieldKind::Number { min: Some(0), max: Some(10) }, true),
                    field("fee", FieldKind::Money { min: Some(0), max: Some(1_000_000) }, false),
                    field(
                        "channels",
                        FieldKind::Checkboxes { options: choices(&["sms", "email", "zalo"]), min: 1, max: Some(2) },
                        false,
                    ),
                    field("papers", FieldKind::File { document: 1 }, true),
                    field(
                        "siblings",
                        FieldKind::Group {
                            fields: vec![
                                field("name", FieldKind::Text { max_length: 50 }, true),
                                field("birth_date", FieldKind::Date { past: true }, false),
                                field(
                                    "citizen_id",
                                    FieldKind::CitizenId { birth_date: Some("birth_date".into()) },
                                    false,
                                ),
                            ],
                            min: 0,
                            max: 2,
                        },
                        false,
                    ),
                ],
            },
        ],
        rules: vec![CrossRule::DateAfter {
            field: "child.birth_date".into(),
            after: "mother.birth_date".into(),
            message: text("Ngày sinh của con phải sau ngày sinh của mẹ."),
        }],
    }
}

fn valid() -> Value {
    json!({
        "child": {
            "full_name": "  Nguyễn Minh Khôi ",
            "gender": "nam",
            "birth_date": "2026-10-01",
            "birth_place": {"province_code": "1", "ward_code": 70, "street": " Bệnh viện  Phụ sản "},
            "ethnicity": "kinh"
        },
        "mother": {"full_name": "Trần Thị Lan", "birth_date": "1995-03-02", "citizen_id": "001195012345"},
        "father": {"known": "no", "full_name": "ignored because hidden"},
        "declarant": {"relationship": "me", "phone": "+84 912 345 678", "email": "", "tax_code": ""},
        "request": {"copies": "2", "fee": "8.000", "channels": ["sms"], "papers": ["4f9c2a1e-0b7d"], "siblings": []}
    })
}

fn errors_of(values: &Value) -> Vec<(String, Rule)> {
    match validate(&schema(), values, today()) {
        Ok(_) => Vec::new(),
        Err(errors) => errors.0.into_iter().map(|e| (e.field, e.rule)).collect(),
    }
}

fn with(mut values: Value, path: &str, value: Value) -> Value {
    let mut target = &mut values;
    let parts: Vec<&str> = path.split('.').collect();
    for part in &parts[..parts.len() - 1] {
        target = &mut target[*part];
    }
    target[parts[parts.len() - 1]] = value;
    values
}

#[test]
fn a_complete_declaration_is_valid_and_normalised() {
    let ValidForm(out) = validate(&schema(), &valid(), today()).unwrap();
    assert_eq!(out["child"]["full_name"], "Nguyễn Minh Khôi");
    assert_eq!(
        out["child"]["birth_place"],
        json!({"province_code": 1, "ward_code": 70, "street": "Bệnh viện Phụ sản"})
    );
    assert_eq!(out["declarant"]["phone"], "0912345678");
    assert_eq!(out["request"]["copies"], 2);
    assert_eq!(out["request"]["fee"], 8000);
    // Optional and empty: absent. Hidden: dropped even when sent.
    assert!(out["declarant"].get("email").is_none());
    assert!(out["father"].get("full_name").is_none());
}

#[test]
fn required_fields_are_required() {
    let values = with(valid(), "mother.full_name", json!("   "));
    assert_eq!(errors_of(&values), vec![("mother.full_name".into(), Rule::Required)]);
    let values = with(valid(), "request.papers", json!([]));
    assert_eq!(errors_of(&values), vec![("request.papers".into(), Rule::Required)]);
    let empty = errors_of(&json!({}));
    assert!(empty.contains(&("child.full_name".into(), Rule::Required)));
    assert!(empty.contains(&("child.birth_place".into(), Rule::Required)));
}

#[test]
fn text_and_textarea_have_a_length() {
    let values = with(valid(), "child.full_name", json!("x".repeat(51)));
    assert_eq!(errors_of(&values), vec![("child.full_name".into(), Rule::TooLong(50))]);
    let values = with(valid(), "declarant.note", json!("dòng một\ndòng hai, quá dài"));
    assert_eq!(errors_of(&values), vec![("declarant.note".into(), Rule::TooLong(20))]);
    let values = with(valid(), "declarant.note", json!("ngắn\nhai dòng"));
    assert!(errors_of(&values).is_empty());
}

#[test]
fn numbers_and_money_have_bounds() {
    for (raw, rule) in [
        (json!("hai"), Rule::NotANumber),
        (json!("-1"), Rule::BelowMin(0)),
        (json!(11), Rule::AboveMax(10)),
        (json!(2.5), Rule::NotANumber),
    ] {
        assert_eq!(
            errors_of(&with(valid(), "request.copies", raw.clone())),
            vec![("request.copies".into(), rule)],
            "{raw}"
        );
    }
    assert_eq!(
        errors_of(&with(valid(), "request.fee", json!("1.000.001"))),
        vec![("request.fee".into(), Rule::AboveMax(1_000_000))]
    );
    assert_eq!(
        errors_of(&with(valid(), "request.fee", json!("5,5 triệu"))),
        vec![("request.fee".into(), Rule::NotANumber)]
    );
    assert!(errors_of(&with(valid(), "request.fee", json!("50.000đ"))).is_empty());
    assert!(
        errors_of(&with(valid(), "request.fee", json!("99999999999999999999")))
            .contains(&("request.fee".into(), Rule::NotANumber))
    );
}

#[test]
fn dates_are_real_and_births_are_past() {
    assert_eq!(
        errors_of(&with(valid(), "child.birth_date", json!("2026-02-30"))),
        vec![("child.birth_date".into(), Rule::DateFormat)]
    );
    assert_eq!(
        errors_of(&with(valid(), "child.birth_date", json!("2026-11-30"))),
        vec![("child.birth_date".into(), Rule::DateInFuture)]
    );
}

#[test]
fn choices_come_from_the_options() {
    assert_eq!(
        errors_of(&with(valid(), "child.gender", json!("khac"))),
        vec![("child.gender".into(), Rule::NotAnOption)]
    );
    assert_eq!(errors_of(&with(valid(), "child.ethnicity", json!("kinh "))), Vec::<(String, Rule)>::new());
    assert_eq!(
        errors_of(&with(valid(), "request.channels", json!(["fax"]))),
        vec![("request.channels".into(), Rule::NotAnOption)]
    );
    assert_eq!(
        errors_of(&with(valid(), "request.channels", json!(["sms", "email", "zalo"]))),
        vec![("request.channels".into(), Rule::TooManyChoices(2))]
    );
    // Optional: no choice at all is fine.
    assert!(errors_of(&with(valid(), "request.channels", json!([]))).is_empty());
    // A single checkbox from a plain HTML form arrives as a string.
    assert!(errors_of(&with(valid(), "request.channels", json!("email"))).is_empty());
}

#[test]
fn contact_and_identity_fields_use_the_shared_rules() {
    assert_eq!(
        errors_of(&with(valid(), "declarant.phone", json!("024 3825 555"))),
        vec![("declarant.phone".into(), Rule::PhonePrefix)]
    );
    assert_eq!(
        errors_of(&with(valid(), "declarant.email", json!("lan@"))),
        vec![("declarant.email".into(), Rule::EmailFormat)]
    );
    assert_eq!(
        errors_of(&with(valid(), "declarant.tax_code", json!("0100109107"))),
        vec![("declarant.tax_code".into(), Rule::TaxCodeCheckDigit)]
    );
    // The mother's ID number is checked against her date of birth.
    assert_eq!(
        errors_of(&with(valid(), "mother.citizen_id", json!("001196012345"))),
        vec![("mother.citizen_id".into(), Rule::CitizenIdBirthYear)]
    );
    assert_eq!(
        errors_of(&with(valid(), "mother.citizen_id", json!("001295012345"))),
        vec![("mother.citizen_id".into(), Rule::CitizenIdCentury)]
    );
}

#[test]
fn an_address_is_whole_or_missing() {
    assert_eq!(
        errors_of(&with(valid(), "child.birth_place", json!({"province_code": 1}))),
        vec![("child.birth_place".into(), Rule::Required)]
    );
    assert_eq!(
        errors_of(&with(valid(), "child.birth_place", json!("Hà Nội"))),
        vec![("child.birth_place".into(), Rule::WrongShape)]
    );
    assert_eq!(
        errors_of(&with(valid(), "child.birth_place", json!({"province_code": "x", "ward_code": 70, "street": "a"}))),
        vec![("child.birth_place".into(), Rule::WrongShape)]
    );
}

#[test]
fn files_are_attachment_ids() {
    assert_eq!(
        errors_of(&with(valid(), "request.papers", json!(["../etc/passwd"]))),
        vec![("request.papers".into(), Rule::WrongShape)]
    );
    assert_eq!(
        errors_of(&with(valid(), "request.papers", json!([7]))),
        vec![("request.papers".into(), Rule::WrongShape)]
    );
}

#[test]
fn visible_if_asks_and_drops() {
    let values = with(valid(), "father.known", json!("yes"));
    let values = with(values, "father.full_name", json!(""));
    assert_eq!(errors_of(&values), vec![("father.full_name".into(), Rule::Required)]);
    let values = with(values, "father.full_name", json!("Lê Văn Nam"));
    assert_eq!(validate(&schema(), &values, today()).unwrap().0["father"]["full_name"], "Lê Văn Nam");
}

#[test]
fn required_if_follows_the_answer() {
    let values = with(valid(), "declarant.relationship", json!("khac"));
    assert_eq!(errors_of(&values), vec![("declarant.relationship_other".into(), Rule::Required)]);
    let values = with(values, "declarant.relationship_other", json!("Bà ngoại"));
    assert!(errors_of(&values).is_empty());
}

#[test]
fn repeatable_groups_have_limits_and_check_each_entry() {
    let entry = json!({"name": "Nguyễn An", "birth_date": "2020-01-01", "citizen_id": "001220012345"});
    assert!(errors_of(&with(valid(), "request.siblings", json!([entry.clone(), entry.clone()]))).is_empty());
    assert_eq!(
        errors_of(&with(valid(), "request.siblings", json!([entry.clone(), entry.clone(), entry.clone()]))),
        vec![("request.siblings".into(), Rule::TooManyItems(2))]
    );
    // Inside an entry, the bare key `birth_date` is the same entry's date.
    let wrong = json!({"name": "", "birth_date": "2020-01-01", "citizen_id": "001221012345"});
    assert_eq!(
        errors_of(&with(valid(), "request.siblings", json!([entry, wrong]))),
        vec![
            ("request.siblings.1.name".into(), Rule::Required),
            ("request.siblings.1.citizen_id".into(), Rule::CitizenIdBirthYear)
        ]
    );
    assert_eq!(
        errors_of(&with(valid(), "request.siblings", json!(["x"]))),
        vec![("request.siblings.0".into(), Rule::WrongShape)]
    );
}

#[test]
fn a_group_with_a_minimum_asks_for_that_many() {
    let mut schema = schema();
    if let FieldKind::Group { min, .. } = &mut schema.sections[4].fields[4].kind {
        *min = 2;
    }
    let values = with(valid(), "request.siblings", json!([{"name": "An"}]));
    let errors = validate(&schema, &values, today()).unwrap_err();
    assert_eq!(errors.get("request.siblings"), Some(Rule::TooFewItems(2)));
}

#[test]
fn a_child_is_born_after_the_mother() {
    let values = with(valid(), "mother.birth_date", json!("2026-10-02"));
    let values = with(values, "mother.citizen_id", json!("001226012345"));
    assert_eq!(errors_of(&values), vec![("child.birth_date".into(), Rule::CrossField(0))]);
    assert_eq!(schema().cross_rule_message(0).unwrap().vi, "Ngày sinh của con phải sau ngày sinh của mẹ.");
}

#[test]
fn wrong_shapes_are_errors_not_panics() {
    assert_eq!(
        errors_of(&with(valid(), "child.full_name", json!(["a"]))),
        vec![("child.full_name".into(), Rule::WrongShape)]
    );
    assert_eq!(
        errors_of(&with(valid(), "request.siblings", json!({"name": "x"}))),
        vec![("request.siblings".into(), Rule::WrongShape)]
    );
    assert!(!errors_of(&json!("not an object")).is_empty());
}

#[test]
fn a_schema_reads_from_json_as_seed_files_write_it() {
    let written = serde_json::to_value(schema()).unwrap();
    assert_eq!(written["sections"][0]["fields"][0]["kind"], "text");
    assert_eq!(written["sections"][2]["fields"][1]["visible_if"], json!({"field": "father.known", "equals": "yes"}));
    let read: FormSchema = serde_json::from_value(written).unwrap();
    assert_eq!(read, schema());
}

fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_filter("finite", |f| f.is_finite()).prop_map(Value::from),
        ".{0,12}".prop_map(Value::from),
        prop_oneof![
            Just("nam"),
            Just("2026-10-01"),
            Just("001195012345"),
            Just("0912345678"),
            Just("yes"),
            Just("khac")
        ]
        .prop_map(Value::from),
    ];
    let keys = prop_oneof![
        Just("child"),
        Just("mother"),
        Just("father"),
        Just("declarant"),
        Just("request"),
        Just("full_name"),
        Just("birth_date"),
        Just("citizen_id"),
        Just("known"),
        Just("siblings"),
        Just("birth_place"),
        Just("province_code"),
        Just("ward_code"),
        Just("street"),
        Just("channels"),
        Just("papers"),
        Just("x"),
    ];
    leaf.prop_recursive(4, 64, 8, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map(keys.clone().prop_map(str::to_owned), inner, 0..6)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    /// Whatever arrives, the answer is valid data or field errors — never a panic.
    #[test]
    fn any_json_gets_data_or_field_errors(values in any_json()) {
        match validate(&schema(), &values, today()) {
            Ok(ValidForm(out)) => {
                // Valid output is stable: checking it again changes nothing.
                prop_assert_eq!(validate(&schema(), &out, today()).map(|v| v.0), Ok(out.clone()));
            }
            Err(errors) => prop_assert!(!errors.is_empty()),
        }
    }

    /// Breaking one field of a valid form is reported on that field.
    #[test]
    fn one_broken_field_is_named(section in 0usize..5, garbage in ".{1,80}") {
        let schema = schema();
        let section = &schema.sections[section];
        let field = &section.fields[0];
        let values = with(valid(), &format!("{}.{}", section.key, field.key), json!([garbage]));
        let path = format!("{}.{}", section.key, field.key);
        let errors = validate(&schema, &values, today()).unwrap_err();
        prop_assert!(errors.get(&path).is_some(), "no error on {}", path);
    }
}
