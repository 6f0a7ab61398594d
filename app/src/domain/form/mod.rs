//! Online forms (tờ khai): the schema of a procedure's declaration, shared by
//! the browser (which renders it and checks each field as it is filled in)
//! and the server (which checks the whole form again as the authority, with
//! the same [`validate`] and so the same messages).
//!
//! Values travel as JSON: an object per section, keyed by field; a repeatable
//! group is an array of such objects; checkboxes and files are arrays of
//! strings; an address is `{province_code, ward_code, street}`.

mod check;
mod posted;
mod validate;

pub use posted::{
    MAX_ANSWER_DEPTH, MAX_GROUP_ENTRIES, MAX_POSTED_PAIRS, add_entry, bind_files, depth, group_at, read_section,
    remove_entry, slot_mut, take_posted, value_at,
};
pub use validate::{ValidForm, holds, validate};

use crate::domain::text::LocalText;
use serde::{Deserialize, Serialize};

/// A procedure's form.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormSchema {
    /// The required document (its position) this online form stands for:
    /// usually the declaration, 1. `0`: none.
    #[serde(default = "declaration_position")]
    pub replaces_document: u32,
    pub sections: Vec<Section>,
    /// Rules between fields, e.g. a child is born after the mother.
    #[serde(default)]
    pub rules: Vec<CrossRule>,
}

/// A part of the form, shown as one step.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Section {
    pub key: String,
    pub title: LocalText,
    pub fields: Vec<Field>,
    /// The whole section only applies when this holds.
    #[serde(default)]
    pub visible_if: Option<Condition>,
}

/// One question.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Field {
    pub key: String,
    pub label: LocalText,
    #[serde(default)]
    pub hint: Option<LocalText>,
    #[serde(flatten)]
    pub kind: FieldKind,
    #[serde(default)]
    pub required: bool,
    /// The field is asked (and its value kept) only when this holds.
    #[serde(default)]
    pub visible_if: Option<Condition>,
    /// The field becomes required when this holds.
    #[serde(default)]
    pub required_if: Option<Condition>,
}

/// What kind of answer a field takes, with its limits.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum FieldKind {
    Text {
        #[serde(default = "default_text_length")]
        max_length: u32,
    },
    Textarea {
        #[serde(default = "default_textarea_length")]
        max_length: u32,
    },
    /// A whole number.
    Number {
        #[serde(default)]
        min: Option<i64>,
        #[serde(default)]
        max: Option<i64>,
    },
    /// An amount in đồng (no decimals); `1.500.000` is accepted.
    Money {
        #[serde(default)]
        min: Option<i64>,
        #[serde(default)]
        max: Option<i64>,
    },
    /// `YYYY-MM-DD`.
    Date {
        /// Must not be after today (births, past events).
        #[serde(default)]
        past: bool,
    },
    Select {
        options: Vec<Choice>,
    },
    Radio {
        options: Vec<Choice>,
    },
    Checkboxes {
        options: Vec<Choice>,
        #[serde(default)]
        min: u32,
        #[serde(default)]
        max: Option<u32>,
    },
    Email,
    Phone,
    /// A personal ID number; `birth_date` names the field (same scope) holding
    /// the holder's date of birth, to check the number against it.
    CitizenId {
        #[serde(default)]
        birth_date: Option<String>,
    },
    TaxCode,
    /// Province → ward (2025 units) + street.
    Address,
    /// Attachments for the procedure's required document at `document` (its position).
    File {
        document: u32,
    },
    /// A repeatable group of fields (e.g. the children in a declaration).
    Group {
        fields: Vec<Field>,
        #[serde(default)]
        min: u32,
        max: u32,
    },
}

fn declaration_position() -> u32 {
    1
}

fn default_text_length() -> u32 {
    200
}

fn default_textarea_length() -> u32 {
    2000
}

/// An option of a select, radio or checkbox field.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Choice {
    pub value: String,
    pub label: LocalText,
}

/// A condition on another field's value. `field` is `section.field` (or, in
/// a repeatable group, the bare key of a field of the same entry).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Condition {
    pub field: String,
    #[serde(flatten)]
    pub test: Test,
}

/// How a condition tests the value.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Test {
    Equals(String),
    NotEquals(String),
    OneOf(Vec<String>),
    /// Whether the field has a value (true) or is empty (false).
    Filled(bool),
}

/// A rule between fields, with its own message.
/// How a form differs from the one a draft was started under.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormChanges {
    pub added: Vec<LocalText>,
    pub removed: Vec<LocalText>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "rule", rename_all = "snake_case")]
pub enum CrossRule {
    /// The date in `field` must be after the date in `after` (both
    /// `section.field`; checked when both are filled).
    DateAfter { field: String, after: String, message: LocalText },
}

impl FormSchema {
    /// Every field key path with its label (for the error summary).
    pub fn labels(&self) -> Vec<(String, &LocalText)> {
        let mut out = Vec::new();
        for section in &self.sections {
            for field in &section.fields {
                out.push((format!("{}.{}", section.key, field.key), &field.label));
                if let FieldKind::Group { fields, .. } = &field.kind {
                    for inner in fields {
                        out.push((format!("{}.{}.*.{}", section.key, field.key, inner.key), &inner.label));
                    }
                }
            }
        }
        out
    }

    /// What changed since `older`: the fields it did not ask (added) and
    /// those no longer asked (removed), by label, in form order.
    pub fn changes_since(&self, older: &FormSchema) -> FormChanges {
        let mine = self.labels();
        let theirs = older.labels();
        let missing_from = |list: &[(String, &LocalText)], other: &[(String, &LocalText)]| {
            list.iter()
                .filter(|(path, _)| !other.iter().any(|(p, _)| p == path))
                .map(|(_, label)| (*label).clone())
                .collect::<Vec<_>>()
        };
        FormChanges { added: missing_from(&mine, &theirs), removed: missing_from(&theirs, &mine) }
    }

    /// The message of a broken cross-field rule.
    pub fn cross_rule_message(&self, index: u16) -> Option<&LocalText> {
        self.rules.get(usize::from(index)).map(|CrossRule::DateAfter { message, .. }| message)
    }
}
