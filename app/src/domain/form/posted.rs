//! Answers posted by a plain HTML form (a browser without JavaScript): every
//! input is named by its path (`section.field`, `section.group.N.field`,
//! `section.address.street`), and a section's answers are read back into the
//! same JSON the scripted page keeps.

use super::{Field, FieldKind, FormSchema, Section};
use crate::domain::date_input::DateParts;
use crate::domain::dossier::AttachmentInfo;
use serde_json::{Map, Value};

/// What a plain form posted, taken into `answers`: the answers of section
/// `step` (every section when `None`: a paper form typed on one page), then
/// the add or remove of a repeatable entry its `intent` button asked for.
pub fn take_posted(schema: &FormSchema, answers: &mut Value, pairs: &[(String, String)], step: Option<usize>) {
    if !answers.is_object() {
        *answers = Value::Object(Map::new());
    }
    for (index, section) in schema.sections.iter().enumerate() {
        if step.is_none_or(|step| step == index) {
            answers[section.key.as_str()] = read_section(section, pairs);
        }
    }
    let intent = pairs.iter().find(|(key, _)| key == "intent").map_or("", |(_, v)| v.as_str());
    if let Some(path) = intent.strip_prefix("add:") {
        add_entry(schema, answers, path);
    }
    if let Some(path) = intent.strip_prefix("remove:") {
        remove_entry(schema, answers, path);
    }
}

/// The answers of `section` among the posted `pairs`.
pub fn read_section(section: &Section, pairs: &[(String, String)]) -> Value {
    read_fields(&section.fields, &section.key, pairs)
}

fn read_fields(fields: &[Field], prefix: &str, pairs: &[(String, String)]) -> Value {
    let mut out = Map::new();
    for field in fields {
        let path = format!("{prefix}.{}", field.key);
        let one = || pairs.iter().find(|(k, _)| *k == path).map(|(_, v)| Value::String(v.clone()));
        let value = match &field.kind {
            FieldKind::Checkboxes { .. } => Some(Value::Array(
                pairs.iter().filter(|(k, _)| *k == path).map(|(_, v)| Value::String(v.clone())).collect(),
            )),
            // Files come from the attachments, never from the form.
            FieldKind::File { .. } => None,
            // Typed as day, month and year (or sent whole by a script).
            FieldKind::Date { .. } => {
                let part = |name: &str| {
                    let key = format!("{path}.{name}");
                    pairs.iter().find(|(k, _)| *k == key).map(|(_, v)| v.clone())
                };
                match (part("day"), part("month"), part("year")) {
                    (None, None, None) => one(),
                    (day, month, year) => {
                        let parts = DateParts {
                            day: day.unwrap_or_default(),
                            month: month.unwrap_or_default(),
                            year: year.unwrap_or_default(),
                        };
                        Some(Value::String(parts.text()))
                    }
                }
            }
            FieldKind::Address => {
                let part = |name: &str| {
                    let key = format!("{path}.{name}");
                    pairs.iter().find(|(k, _)| *k == key).map(|(_, v)| Value::String(v.clone())).unwrap_or(Value::Null)
                };
                Some(serde_json::json!({
                    "province_code": part("province_code"),
                    "ward_code": part("ward_code"),
                    "street": part("street"),
                }))
            }
            FieldKind::Group { fields, .. } => {
                let entries = entry_count(&path, pairs);
                Some(Value::Array((0..entries).map(|i| read_fields(fields, &format!("{path}.{i}"), pairs)).collect()))
            }
            _ => one(),
        };
        if let Some(value) = value {
            out.insert(field.key.clone(), value);
        }
    }
    Value::Object(out)
}

/// How many entries of the group at `path` were posted (highest index + 1).
fn entry_count(path: &str, pairs: &[(String, String)]) -> usize {
    let prefix = format!("{path}.");
    pairs
        .iter()
        .filter_map(|(k, _)| k.strip_prefix(&prefix)?.split('.').next()?.parse::<usize>().ok())
        .filter(|i| *i < MAX_GROUP_ENTRIES)
        .map(|i| i + 1)
        .max()
        .unwrap_or(0)
}

/// Writes the attached files' ids into the form's file fields: the list of
/// stored attachments is the truth, not what a browser sent.
pub fn bind_files(schema: &FormSchema, answers: &mut Value, files: &[AttachmentInfo]) {
    if !answers.is_object() {
        *answers = Value::Object(Map::new());
    }
    for section in &schema.sections {
        for field in &section.fields {
            if let FieldKind::File { document } = field.kind {
                let ids: Vec<Value> =
                    files.iter().filter(|f| f.document == document).map(|f| Value::String(f.id.clone())).collect();
                let Some(answers) = answers.as_object_mut() else { return };
                let entry = answers.entry(section.key.clone()).or_insert_with(|| Value::Object(Map::new()));
                if !entry.is_object() {
                    *entry = Value::Object(Map::new());
                }
                if let Value::Object(values) = entry {
                    values.insert(field.key.clone(), Value::Array(ids));
                }
            }
        }
    }
}

/// The value at a dotted path (`section.field`, `section.group.0.field`).
pub fn value_at<'a>(value: &'a Value, path: &str) -> Option<&'a Value> {
    path.split('.').try_fold(value, |current, part| match current {
        Value::Array(items) => items.get(part.parse::<usize>().ok()?),
        Value::Object(map) => map.get(part),
        _ => None,
    })
}

/// The repeatable group a posted path names — `section.group`, or a group
/// inside an entry, `section.group.N.inner` — and its largest entry count.
/// Any other path (unknown keys, a plain field, an index beyond the group's
/// maximum) is `None`: a browser's `add:`/`remove:` intents may only name the
/// schema's own groups, so a posted path can never build a deeper value than
/// the schema describes. The walk stops at the first mismatch, whatever the
/// path's length.
pub fn group_at<'a>(schema: &'a FormSchema, path: &str) -> Option<(&'a Field, usize)> {
    let mut parts = path.split('.');
    let first = parts.next()?;
    let mut fields = &schema.sections.iter().find(|s| s.key == first)?.fields;
    loop {
        let key = parts.next()?;
        let field = fields.iter().find(|f| f.key == key)?;
        let FieldKind::Group { fields: inner, max, .. } = &field.kind else { return None };
        let max = usize::try_from(*max).unwrap_or(usize::MAX).min(MAX_GROUP_ENTRIES);
        match parts.next() {
            None => return Some((field, max)),
            Some(index) if index.parse::<usize>().is_ok_and(|i| i < max) => fields = inner,
            Some(_) => return None,
        }
    }
}

/// Entries a repeatable group may hold at most, whatever its schema says.
pub const MAX_GROUP_ENTRIES: usize = 100;

/// Pairs a plain form post may carry: every field of the longest form, each
/// group full, is far below this. More is refused before it is read (reading
/// looks each field up among the pairs).
pub const MAX_POSTED_PAIRS: usize = 2_000;

/// Deepest nesting a stored answer may have: section → group → entry → field
/// → address or list is 5; the margin is for groups inside groups.
pub const MAX_ANSWER_DEPTH: usize = 12;

/// How deep `value` nests (a scalar is 1), counted without recursion, so
/// that a value too deep to clone or serialise is measured safely.
pub fn depth(value: &Value) -> usize {
    let mut deepest = 0;
    let mut stack = vec![(value, 1usize)];
    while let Some((value, level)) = stack.pop() {
        deepest = deepest.max(level);
        match value {
            Value::Array(items) => stack.extend(items.iter().map(|v| (v, level + 1))),
            Value::Object(map) => stack.extend(map.values().map(|v| (v, level + 1))),
            _ => {}
        }
    }
    deepest
}

/// Adds an empty entry to the group `path` names (`add:` intent); `false`
/// when the path names no group of the schema or the group is full.
pub fn add_entry(schema: &FormSchema, answers: &mut Value, path: &str) -> bool {
    let Some((_, max)) = group_at(schema, path) else { return false };
    let Some(slot) = slot_mut(answers, path) else { return false };
    match slot {
        Value::Array(entries) if entries.len() < max => entries.push(Value::Object(Map::new())),
        Value::Array(_) => return false,
        other => *other = Value::Array(vec![Value::Object(Map::new())]),
    }
    true
}

/// Removes entry `path` = `group.N` of a group of the schema (`remove:` intent).
pub fn remove_entry(schema: &FormSchema, answers: &mut Value, path: &str) -> bool {
    let Some((group, index)) = path.rsplit_once('.') else { return false };
    let Ok(index) = index.parse::<usize>() else { return false };
    if group_at(schema, group).is_none() {
        return false;
    }
    match slot_mut(answers, group) {
        Some(Value::Array(entries)) if index < entries.len() => {
            entries.remove(index);
            true
        }
        _ => false,
    }
}

/// The slot at a dotted path, made (as objects) on the way when missing.
/// Callers pass paths of the schema (see [`group_at`]) or of a supplement
/// request, never a path straight from a request.
pub fn slot_mut<'a>(value: &'a mut Value, path: &str) -> Option<&'a mut Value> {
    let mut current = value;
    for part in path.split('.') {
        if current.is_null() {
            *current = Value::Object(Map::new());
        }
        current = match current {
            Value::Array(items) => items.get_mut(part.parse::<usize>().ok()?)?,
            Value::Object(map) => map.entry(part.to_owned()).or_insert(Value::Null),
            _ => return None,
        };
    }
    Some(current)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::form::Choice;
    use crate::domain::text::LocalText;

    fn field(key: &str, kind: FieldKind) -> Field {
        Field {
            key: key.into(),
            label: LocalText::new("x", "x"),
            hint: None,
            kind,
            required: false,
            visible_if: None,
            required_if: None,
        }
    }

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect()
    }

    #[test]
    fn paths_reach_into_sections_and_group_entries() {
        let mut answers = serde_json::json!({"child": {"siblings": [{"name": "An"}]}});
        assert_eq!(value_at(&answers, "child.siblings.0.name"), Some(&Value::from("An")));
        assert_eq!(value_at(&answers, "child.siblings.1.name"), None);
        *slot_mut(&mut answers, "child.siblings.0.name").unwrap() = Value::from("Bình");
        *slot_mut(&mut answers, "mother.full_name").unwrap() = Value::from("Lan");
        assert_eq!(answers["child"]["siblings"][0]["name"], "Bình");
        assert_eq!(answers["mother"]["full_name"], "Lan");
        assert!(slot_mut(&mut answers, "child.siblings.x").is_none());
    }

    fn schema_with_groups() -> FormSchema {
        let group = |key: &str, fields: Vec<Field>, max: u32| field(key, FieldKind::Group { fields, min: 0, max });
        FormSchema {
            replaces_document: 1,
            sections: vec![Section {
                key: "child".into(),
                title: LocalText::new("x", "x"),
                visible_if: None,
                fields: vec![
                    field("name", FieldKind::Text { max_length: 100 }),
                    group(
                        "siblings",
                        vec![group("pets", vec![field("name", FieldKind::Text { max_length: 9 })], 2)],
                        3,
                    ),
                ],
            }],
            rules: vec![],
        }
    }

    #[test]
    fn intents_may_only_name_the_schemas_groups() {
        let schema = schema_with_groups();
        assert_eq!(group_at(&schema, "child.siblings").map(|(f, max)| (f.key.as_str(), max)), Some(("siblings", 3)));
        assert_eq!(group_at(&schema, "child.siblings.2.pets").map(|(_, max)| max), Some(2));
        for refused in ["child.name", "child", "child.siblings.3.pets", "child.siblings.x.pets", "x.siblings", ""] {
            assert!(group_at(&schema, refused).is_none(), "{refused}");
        }
        // The attack: a path of 150,000 segments builds nothing.
        let deep = vec!["a"; 150_000].join(".");
        let mut answers = serde_json::json!({});
        assert!(!add_entry(&schema, &mut answers, &deep));
        assert!(!add_entry(&schema, &mut answers, &format!("child.siblings.0.pets.{deep}")));
        assert_eq!(answers, serde_json::json!({}));

        assert!(add_entry(&schema, &mut answers, "child.siblings"));
        assert!(add_entry(&schema, &mut answers, "child.siblings.0.pets"));
        assert_eq!(answers, serde_json::json!({"child": {"siblings": [{"pets": [{}]}]}}));
        assert!(add_entry(&schema, &mut answers, "child.siblings"));
        assert!(add_entry(&schema, &mut answers, "child.siblings"));
        assert!(!add_entry(&schema, &mut answers, "child.siblings"), "the group is full at its maximum");
        assert!(remove_entry(&schema, &mut answers, "child.siblings.2"));
        assert!(!remove_entry(&schema, &mut answers, "child.name.0"));
        assert!(!remove_entry(&schema, &mut answers, "child.siblings.9"));
        assert_eq!(answers["child"]["siblings"].as_array().map(Vec::len), Some(2));
    }

    #[test]
    fn depth_is_measured_without_recursion() {
        assert_eq!(depth(&serde_json::json!(1)), 1);
        assert_eq!(depth(&serde_json::json!({"a": [{"b": 1}]})), 4);
        let mut deep = Value::Null;
        for _ in 0..200_000 {
            deep = Value::Array(vec![deep]);
        }
        assert_eq!(depth(&deep), 200_001);
        // Dropping it recursively would overflow the stack: unwind it by hand.
        while let Value::Array(mut items) = deep {
            deep = items.pop().unwrap_or(Value::Null);
        }
    }

    #[test]
    fn a_posted_section_reads_back_as_the_scripted_page_keeps_it() {
        let choice = |v: &str| Choice { value: v.into(), label: LocalText::new(v, v) };
        let section = Section {
            key: "child".into(),
            title: LocalText::new("x", "x"),
            visible_if: None,
            fields: vec![
                field("name", FieldKind::Text { max_length: 100 }),
                field("langs", FieldKind::Checkboxes { options: vec![choice("vi"), choice("en")], min: 0, max: None }),
                field("home", FieldKind::Address),
                field("notice", FieldKind::File { document: 2 }),
                field("born", FieldKind::Date { past: true }),
                field("married", FieldKind::Date { past: true }),
                field(
                    "siblings",
                    FieldKind::Group {
                        fields: vec![field("name", FieldKind::Text { max_length: 50 })],
                        min: 0,
                        max: 5,
                    },
                ),
            ],
        };
        let posted = pairs(&[
            ("child.name", "Minh"),
            ("child.langs", "vi"),
            ("child.langs", "en"),
            ("child.home.province_code", "1"),
            ("child.home.ward_code", "70"),
            ("child.home.street", "12 Hàng Bài"),
            ("child.notice", "forged-id"),
            ("child.born.day", "17"),
            ("child.born.month", "5"),
            ("child.born.year", "1990"),
            ("child.married", "2015-09-02"),
            ("child.siblings.0.name", "An"),
            ("child.siblings.1.name", "Bình"),
            ("other.name", "ignored"),
        ]);
        let read = read_section(&section, &posted);
        assert_eq!(
            read,
            serde_json::json!({
                "name": "Minh",
                "langs": ["vi", "en"],
                "home": {"province_code": "1", "ward_code": "70", "street": "12 Hàng Bài"},
                "born": "1990-05-17",
                "married": "2015-09-02",
                "siblings": [{"name": "An"}, {"name": "Bình"}],
            })
        );
    }

    #[test]
    fn a_posted_form_replaces_the_sections_posted_and_adds_the_entry_asked() {
        let mut schema = schema_with_groups();
        let mut other = schema.sections[0].clone();
        other.key = "mother".into();
        schema.sections.push(other);
        let before = serde_json::json!({"child": {"name": "Cũ"}, "mother": {"name": "Mai"}, "_agency": {"code": "X"}});
        let posted = pairs(&[("child.name", "Minh"), ("mother.name", "Lan"), ("intent", "add:child.siblings")]);
        // One step: that section only; the rest and the page's own keys stay.
        let mut step = before.clone();
        take_posted(&schema, &mut step, &posted, Some(0));
        assert_eq!(step["child"]["name"], "Minh");
        assert_eq!((step["mother"]["name"].as_str(), step["_agency"]["code"].as_str()), (Some("Mai"), Some("X")));
        assert_eq!(step["child"]["siblings"].as_array().map(Vec::len), Some(1), "{step}");
        // A paper form typed on one page: every section.
        let mut whole = before;
        take_posted(&schema, &mut whole, &posted[..2], None);
        assert_eq!((whole["child"]["name"].as_str(), whole["mother"]["name"].as_str()), (Some("Minh"), Some("Lan")));
        // The review step (past the last section) reads no section.
        let mut review = serde_json::json!({"child": {"name": "Cũ"}});
        take_posted(&schema, &mut review, &posted[..2], Some(2));
        assert_eq!(review, serde_json::json!({"child": {"name": "Cũ"}}));
    }

    proptest::proptest! {
        /// Any intent path, however long or strange, either names a group of
        /// the schema or changes nothing; what it builds stays shallow.
        #[test]
        fn arbitrary_intent_paths_change_nothing_or_one_group(
            path in "(child|siblings|pets|name|[0-9]{1,3}|[a-z.]{0,6}|\\.){0,40}",
        ) {
            let schema = schema_with_groups();
            let mut answers = serde_json::json!({});
            let added = add_entry(&schema, &mut answers, &path);
            proptest::prop_assert_eq!(added, group_at(&schema, &path).is_some());
            proptest::prop_assert!(depth(&answers) <= 6, "{path}: {answers}");
            if !added {
                proptest::prop_assert_eq!(&answers, &serde_json::json!({}));
            }
            let _ = remove_entry(&schema, &mut answers, &path);
        }
    }
}
