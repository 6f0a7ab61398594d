//! Checks a form schema itself (when the seed is loaded, and before an
//! administrator's version is published): every reference points at
//! something that exists, keys are plain, and sizes stay within what a
//! citizen can fill and the server can check quickly — so a typo is an error,
//! not a form that silently never shows a field or cannot be completed.

use super::{Condition, CrossRule, Field, FieldKind, FormSchema, MAX_GROUP_ENTRIES};
use std::collections::HashSet;

/// The most sections a form has.
const MAX_SECTIONS: usize = 30;
/// The most fields of a section, or of a repeatable group.
const MAX_FIELDS: usize = 100;
/// The most options of a choice.
const MAX_OPTIONS: usize = 300;
/// The most cross-field rules.
const MAX_RULES: usize = 50;
/// The longest text a field may allow.
const MAX_TEXT: u32 = 10_000;

/// A section or field key: a lower-case ASCII letter, then up to 39 letters,
/// digits or underscores (keys are parts of paths such as `child.birth_date`;
/// keys starting with `_` belong to the portal, e.g. `_agency`).
fn plain_key(key: &str) -> bool {
    key.len() <= 40
        && key.chars().next().is_some_and(|c| c.is_ascii_lowercase())
        && key.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

impl FormSchema {
    /// What is wrong with this schema, one line each; empty when sound.
    /// `documents` is the number of the procedure's required documents (file
    /// fields name them by position, from 1).
    pub fn problems(&self, documents: u32) -> Vec<String> {
        let mut checker = Checker { documents, ..Checker::default() };
        if self.sections.len() > MAX_SECTIONS {
            checker.problems.push(format!("more than {MAX_SECTIONS} sections"));
        }
        if self.rules.len() > MAX_RULES {
            checker.problems.push(format!("more than {MAX_RULES} rules"));
        }
        if self.replaces_document > documents {
            checker.problems.push(format!("replaces_document {} is not a required document", self.replaces_document));
        }
        let mut sections = HashSet::new();
        for section in &self.sections {
            if !sections.insert(section.key.as_str()) {
                checker.problems.push(format!("section “{}” appears twice", section.key));
            }
            if !plain_key(&section.key) {
                checker.problems.push(format!("section key “{}” is not plain (a-z, 0-9, _)", section.key));
            }
            if section.fields.len() > MAX_FIELDS {
                checker.problems.push(format!("{}: more than {MAX_FIELDS} fields", section.key));
            }
            for field in &section.fields {
                let path = format!("{}.{}", section.key, field.key);
                if !checker.paths.insert(path.clone()) {
                    checker.problems.push(format!("field “{path}” appears twice"));
                }
                if matches!(field.kind, FieldKind::Date { .. }) {
                    checker.dates.insert(path);
                }
            }
        }
        for section in &self.sections {
            checker.condition(&section.visible_if, None, &section.key);
            for field in &section.fields {
                checker.field(field, &format!("{}.{}", section.key, field.key), None);
            }
        }
        for CrossRule::DateAfter { field, after, .. } in &self.rules {
            for path in [field, after] {
                if !checker.dates.contains(path) {
                    checker.problems.push(format!("rule: “{path}” is not a date field"));
                }
            }
        }
        checker.problems
    }
}

/// What is known about the form while its references are checked.
#[derive(Default)]
struct Checker {
    /// Every `section.field` path, and which are dates.
    paths: HashSet<String>,
    dates: HashSet<String>,
    documents: u32,
    problems: Vec<String>,
}

impl Checker {
    /// A condition names `section.field`, or a field of the same group entry.
    fn condition(&mut self, condition: &Option<Condition>, group: Option<&[Field]>, at: &str) {
        if let Some(condition) = condition {
            let known = if condition.field.contains('.') {
                self.paths.contains(&condition.field)
            } else {
                group.is_some_and(|fields| fields.iter().any(|f| f.key == condition.field))
            };
            if !known {
                self.problems.push(format!("{at}: condition on unknown field “{}”", condition.field));
            }
        }
    }

    fn field(&mut self, field: &Field, at: &str, group: Option<&[Field]>) {
        self.condition(&field.visible_if, group, at);
        self.condition(&field.required_if, group, at);
        if !plain_key(&field.key) {
            self.problems.push(format!("{at}: key is not plain (a-z, 0-9, _)"));
        }
        match &field.kind {
            FieldKind::Select { options } | FieldKind::Radio { options } | FieldKind::Checkboxes { options, .. } => {
                let values: HashSet<&str> = options.iter().map(|o| o.value.as_str()).collect();
                if options.is_empty() || values.len() != options.len() {
                    self.problems.push(format!("{at}: options missing or repeated"));
                }
                if options.len() > MAX_OPTIONS {
                    self.problems.push(format!("{at}: more than {MAX_OPTIONS} options"));
                }
                if let FieldKind::Checkboxes { min, max, .. } = &field.kind
                    && (*min as usize > options.len() || max.is_some_and(|max| max < *min))
                {
                    self.problems.push(format!("{at}: choice limits {min}..{max:?}"));
                }
            }
            FieldKind::Text { max_length } | FieldKind::Textarea { max_length }
                if *max_length == 0 || *max_length > MAX_TEXT =>
            {
                self.problems.push(format!("{at}: max_length {max_length} outside 1..{MAX_TEXT}"));
            }
            FieldKind::Number { min: Some(min), max: Some(max) }
            | FieldKind::Money { min: Some(min), max: Some(max) }
                if min > max =>
            {
                self.problems.push(format!("{at}: min {min} above max {max}"));
            }
            FieldKind::File { document } if *document == 0 || *document > self.documents => {
                self.problems.push(format!("{at}: no required document number {document}"));
            }
            FieldKind::CitizenId { birth_date: Some(key) } => {
                let known = if key.contains('.') {
                    self.dates.contains(key)
                } else {
                    group.is_some_and(|fields| {
                        fields.iter().any(|f| &f.key == key && matches!(f.kind, FieldKind::Date { .. }))
                    })
                };
                if !known {
                    self.problems.push(format!("{at}: birth date field “{key}” is not a date"));
                }
            }
            FieldKind::Group { fields, min, max } => {
                if *max == 0 || min > max || *max as usize > MAX_GROUP_ENTRIES {
                    self.problems.push(format!("{at}: group limits {min}..{max}"));
                }
                if fields.len() > MAX_FIELDS {
                    self.problems.push(format!("{at}: more than {MAX_FIELDS} fields"));
                }
                let mut keys = HashSet::new();
                for inner in fields {
                    if !keys.insert(inner.key.as_str()) {
                        self.problems.push(format!("{at}: field “{}” appears twice", inner.key));
                    }
                    if matches!(inner.kind, FieldKind::Group { .. }) {
                        self.problems.push(format!("{at}: groups cannot nest"));
                        continue;
                    }
                    self.field(inner, &format!("{at}.{}", inner.key), Some(fields));
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Choice, Section, Test};
    use super::*;
    use crate::domain::text::LocalText;

    fn field(key: &str, kind: FieldKind) -> Field {
        Field {
            key: key.into(),
            label: LocalText::new(key, key),
            hint: None,
            kind,
            required: false,
            visible_if: None,
            required_if: None,
        }
    }

    fn schema(fields: Vec<Field>, rules: Vec<CrossRule>) -> FormSchema {
        FormSchema {
            replaces_document: 1,
            sections: vec![Section { key: "a".into(), title: LocalText::new("A", "A"), fields, visible_if: None }],
            rules,
        }
    }

    #[test]
    fn a_sound_schema_has_no_problems() {
        let form = schema(
            vec![
                field("born", FieldKind::Date { past: true }),
                field("id", FieldKind::CitizenId { birth_date: Some("a.born".into()) }),
                field("paper", FieldKind::File { document: 2 }),
            ],
            vec![],
        );
        assert_eq!(form.problems(2), Vec::<String>::new());
    }

    #[test]
    fn broken_references_are_reported() {
        let mut hidden = field("x", FieldKind::Text { max_length: 10 });
        hidden.visible_if = Some(Condition { field: "a.nothing".into(), test: Test::Filled(true) });
        let form = schema(
            vec![
                hidden,
                field("x", FieldKind::Email),
                field("id", FieldKind::CitizenId { birth_date: Some("a.x".into()) }),
                field("paper", FieldKind::File { document: 3 }),
                field("pick", FieldKind::Radio { options: vec![] }),
                field("kids", FieldKind::Group { fields: vec![field("n", FieldKind::Email)], min: 2, max: 1 }),
                field(
                    "two",
                    FieldKind::Select {
                        options: vec![
                            Choice { value: "v".into(), label: LocalText::new("v", "v") },
                            Choice { value: "v".into(), label: LocalText::new("w", "w") },
                        ],
                    },
                ),
            ],
            vec![CrossRule::DateAfter { field: "a.x".into(), after: "a.y".into(), message: LocalText::new("m", "m") }],
        );
        let problems = form.problems(2);
        for expected in [
            "a.x: condition on unknown field “a.nothing”",
            "field “a.x” appears twice",
            "a.id: birth date field “a.x” is not a date",
            "a.paper: no required document number 3",
            "a.pick: options missing or repeated",
            "a.two: options missing or repeated",
            "a.kids: group limits 2..1",
            "rule: “a.y” is not a date field",
        ] {
            assert!(problems.iter().any(|p| p == expected), "missing “{expected}” in {problems:#?}");
        }
    }

    #[test]
    fn forms_a_citizen_could_not_fill_are_reported() {
        let form = schema(
            vec![
                field("a.b", FieldKind::Email),
                field("_agency", FieldKind::Email),
                field("empty", FieldKind::Text { max_length: 0 }),
                field("range", FieldKind::Number { min: Some(5), max: Some(1) }),
                field("many", FieldKind::Group { fields: vec![field("n", FieldKind::Email)], min: 0, max: 1000 }),
                field(
                    "ticks",
                    FieldKind::Checkboxes {
                        options: vec![Choice { value: "v".into(), label: LocalText::new("v", "v") }],
                        min: 2,
                        max: None,
                    },
                ),
            ],
            vec![],
        );
        let problems = form.problems(1);
        assert_eq!(problems.len(), 6, "{problems:?}");
        let mut big = schema((0..=MAX_FIELDS).map(|i| field(&format!("f{i}"), FieldKind::Email)).collect(), vec![]);
        assert_eq!(big.problems(1).len(), 1);
        big.sections = (0..=MAX_SECTIONS)
            .map(|i| Section {
                key: format!("s{i}"),
                title: LocalText::new("S", "S"),
                fields: vec![],
                visible_if: None,
            })
            .collect();
        assert_eq!(big.problems(1), vec![format!("more than {MAX_SECTIONS} sections")]);
    }
}
