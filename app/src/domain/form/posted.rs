//! Answers posted by a plain HTML form (a browser without JavaScript): every
//! input is named by its path (`section.field`, `section.group.N.field`,
//! `section.address.street`), and a section's answers are read back into the
//! same JSON the scripted page keeps.

use super::{Field, FieldKind, FormSchema, Section};
use crate::domain::dossier::AttachmentInfo;
use serde_json::{Map, Value};

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
        .filter(|i| *i < 100)
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

/// The slot at a dotted path, made (as objects) on the way when missing.
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
                "siblings": [{"name": "An"}, {"name": "Bình"}],
            })
        );
    }
}
