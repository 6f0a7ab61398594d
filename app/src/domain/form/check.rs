//! Checks a form schema itself (when the seed is loaded): every reference
//! points at something that exists, so a typo in a seed file is an error at
//! start-up, not a form that silently never shows a field.

use super::{Condition, CrossRule, Field, FieldKind, FormSchema};
use std::collections::HashSet;

impl FormSchema {
    /// What is wrong with this schema, one line each; empty when sound.
    /// `documents` is the number of the procedure's required documents (file
    /// fields name them by position, from 1).
    pub fn problems(&self, documents: u32) -> Vec<String> {
        let mut checker = Checker { documents, ..Checker::default() };
        if self.replaces_document > documents {
            checker.problems.push(format!("replaces_document {} is not a required document", self.replaces_document));
        }
        let mut sections = HashSet::new();
        for section in &self.sections {
            if !sections.insert(section.key.as_str()) {
                checker.problems.push(format!("section “{}” appears twice", section.key));
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
        match &field.kind {
            FieldKind::Select { options } | FieldKind::Radio { options } | FieldKind::Checkboxes { options, .. } => {
                let values: HashSet<&str> = options.iter().map(|o| o.value.as_str()).collect();
                if options.is_empty() || values.len() != options.len() {
                    self.problems.push(format!("{at}: options missing or repeated"));
                }
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
                if *max == 0 || min > max {
                    self.problems.push(format!("{at}: group limits {min}..{max}"));
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
}
