//! The one validation of a form's values: the browser runs it as the user
//! types, the server as the authority. It never panics, whatever JSON it is
//! given, and returns either normalised values or field errors.

use super::{Condition, CrossRule, Field, FieldKind, FormSchema, Test};
use crate::domain::identity::{CitizenId, Email, Phone, TaxCode, parse_iso_date};
use crate::domain::rules::{FieldErrors, Rule};
use chrono::NaiveDate;
use serde_json::{Map, Value};

/// Form values that passed every rule: trimmed, normalised (phone `0…`, money
/// as a number of đồng), hidden fields removed.
#[derive(Clone, Debug, PartialEq)]
pub struct ValidForm(pub Value);

/// Checks `values` against `schema`. Error paths are `section.field`, and
/// `section.group.N.field` inside a repeatable group.
pub fn validate(schema: &FormSchema, values: &Value, today: NaiveDate) -> Result<ValidForm, FieldErrors> {
    let mut errors = FieldErrors::default();
    let mut out = Map::new();
    for section in &schema.sections {
        if section.visible_if.as_ref().is_some_and(|c| !holds(c, values, None)) {
            continue;
        }
        let given = values.get(&section.key);
        let mut kept = Map::new();
        for field in &section.fields {
            let path = format!("{}.{}", section.key, field.key);
            let raw = given.and_then(|g| g.get(&field.key));
            if let Some(value) = check_field(field, raw, &path, values, None, today, &mut errors) {
                kept.insert(field.key.clone(), value);
            }
        }
        out.insert(section.key.clone(), Value::Object(kept));
    }
    for (index, rule) in schema.rules.iter().enumerate() {
        let CrossRule::DateAfter { field, after, .. } = rule;
        let date = |path: &str| lookup(&out, path).and_then(Value::as_str).and_then(parse_iso_date);
        if let (Some(later), Some(earlier)) = (date(field), date(after))
            && later <= earlier
        {
            errors.push(field, Rule::CrossField(u16::try_from(index).unwrap_or(u16::MAX)));
        }
    }
    if errors.is_empty() { Ok(ValidForm(Value::Object(out))) } else { Err(errors) }
}

/// The value at `section.field` in validated output.
fn lookup<'a>(out: &'a Map<String, Value>, path: &str) -> Option<&'a Value> {
    let (section, field) = path.split_once('.')?;
    out.get(section)?.get(field)
}

/// Whether `condition` holds, reading `section.field` from `values`, or a bare
/// key from `entry` (the current group entry).
pub fn holds(condition: &Condition, values: &Value, entry: Option<&Value>) -> bool {
    let value = match (condition.field.split_once('.'), entry) {
        (Some((section, field)), _) => values.get(section).and_then(|s| s.get(field)),
        (None, Some(entry)) => entry.get(&condition.field),
        (None, None) => None,
    };
    let texts: Vec<&str> = match value {
        Some(Value::String(s)) => vec![s.trim()],
        Some(Value::Array(items)) => items.iter().filter_map(Value::as_str).collect(),
        Some(Value::Bool(true)) => vec!["true"],
        _ => Vec::new(),
    };
    let filled = texts.iter().any(|t| !t.is_empty());
    match &condition.test {
        Test::Equals(expected) => texts.contains(&expected.as_str()),
        Test::NotEquals(expected) => !texts.contains(&expected.as_str()),
        Test::OneOf(options) => options.iter().any(|o| texts.contains(&o.as_str())),
        Test::Filled(wanted) => filled == *wanted,
    }
}

/// Checks one field; returns the value to keep (`None` when hidden or empty).
fn check_field(
    field: &Field,
    raw: Option<&Value>,
    path: &str,
    values: &Value,
    entry: Option<&Value>,
    today: NaiveDate,
    errors: &mut FieldErrors,
) -> Option<Value> {
    if field.visible_if.as_ref().is_some_and(|c| !holds(c, values, entry)) {
        return None;
    }
    let required = field.required || field.required_if.as_ref().is_some_and(|c| holds(c, values, entry));
    let result = match &field.kind {
        FieldKind::Group { fields, min, max } => {
            return check_group(fields, *min, *max, required, raw, path, values, today, errors);
        }
        FieldKind::Checkboxes { options, min, max } => check_choices(raw, options, *min, *max, required),
        FieldKind::File { .. } => check_files(raw, required),
        FieldKind::Address => check_address(raw, required),
        kind => match raw {
            None | Some(Value::Null) => Err(Rule::Required),
            Some(Value::String(text)) if text.trim().is_empty() => Err(Rule::Required),
            Some(Value::String(text)) => check_text(kind, text.trim(), values, entry, today),
            Some(Value::Number(n)) if matches!(kind, FieldKind::Number { .. } | FieldKind::Money { .. }) => {
                check_text(kind, &n.to_string(), values, entry, today)
            }
            Some(_) => Err(Rule::WrongShape),
        }
        .map(Some),
    };
    match result {
        Ok(value) => value,
        Err(Rule::Required) if !required => None,
        Err(rule) => {
            errors.push(path, rule);
            None
        }
    }
}

/// Checks a text-like answer (already trimmed and non-empty).
fn check_text(
    kind: &FieldKind,
    text: &str,
    values: &Value,
    entry: Option<&Value>,
    today: NaiveDate,
) -> Result<Value, Rule> {
    let string = |s: &str| Ok(Value::String(s.to_owned()));
    match kind {
        FieldKind::Text { max_length } | FieldKind::Textarea { max_length } => {
            if text.chars().count() > *max_length as usize {
                Err(Rule::TooLong(*max_length))
            } else if text.chars().any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t')) {
                Err(Rule::WrongShape)
            } else {
                string(text)
            }
        }
        FieldKind::Number { min, max } => {
            let n: i64 = text.parse().map_err(|_| Rule::NotANumber)?;
            bounds(n, *min, *max).map(Value::from)
        }
        FieldKind::Money { min, max } => {
            let digits: String = text.chars().filter(|c| !matches!(c, '.' | ' ' | ',')).collect();
            let digits = digits.strip_suffix('đ').unwrap_or(&digits).trim();
            if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) || digits.len() > 15 {
                return Err(Rule::NotANumber);
            }
            let n: i64 = digits.parse().map_err(|_| Rule::NotANumber)?;
            bounds(n, *min, *max).map(Value::from)
        }
        FieldKind::Date { past } => {
            let date = parse_iso_date(text).ok_or(Rule::DateFormat)?;
            if *past && date > today {
                return Err(Rule::DateInFuture);
            }
            string(text)
        }
        FieldKind::Select { options } | FieldKind::Radio { options } => {
            if options.iter().any(|o| o.value == text) {
                string(text)
            } else {
                Err(Rule::NotAnOption)
            }
        }
        FieldKind::Email => Email::parse(text).map(|e| Value::String(e.as_str().to_owned())),
        FieldKind::Phone => Phone::parse(text).map(|p| Value::String(p.as_str().to_owned())),
        FieldKind::TaxCode => TaxCode::parse(text).map(|c| Value::String(c.as_str().to_owned())),
        FieldKind::CitizenId { birth_date } => {
            let id = CitizenId::parse(text)?;
            let born = birth_date.as_ref().and_then(|key| {
                let sibling = |scope: Option<&Value>| scope?.get(key)?.as_str().map(str::trim).and_then(parse_iso_date);
                match key.split_once('.') {
                    Some((section, inner)) => {
                        values.get(section)?.get(inner)?.as_str().map(str::trim).and_then(parse_iso_date)
                    }
                    None => sibling(entry),
                }
            });
            if let Some(born) = born {
                id.check_birth_date(born)?;
            }
            Ok(Value::String(id.as_str().to_owned()))
        }
        FieldKind::Group { .. } | FieldKind::Checkboxes { .. } | FieldKind::File { .. } | FieldKind::Address => {
            Err(Rule::WrongShape)
        }
    }
}

fn bounds(n: i64, min: Option<i64>, max: Option<i64>) -> Result<i64, Rule> {
    match (min, max) {
        (Some(min), _) if n < min => Err(Rule::BelowMin(min)),
        (_, Some(max)) if n > max => Err(Rule::AboveMax(max)),
        _ => Ok(n),
    }
}

fn strings(raw: Option<&Value>) -> Result<Vec<String>, Rule> {
    match raw {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::String(s)) if s.trim().is_empty() => Ok(Vec::new()),
        // A single checkbox or file arrives as a plain string from an HTML form.
        Some(Value::String(s)) => Ok(vec![s.trim().to_owned()]),
        Some(Value::Array(items)) => items
            .iter()
            .map(|item| item.as_str().map(|s| s.trim().to_owned()).ok_or(Rule::WrongShape))
            .filter(|item| item.as_ref().map_or(true, |s| !s.is_empty()))
            .collect(),
        Some(_) => Err(Rule::WrongShape),
    }
}

fn check_choices(
    raw: Option<&Value>,
    options: &[super::Choice],
    min: u32,
    max: Option<u32>,
    required: bool,
) -> Result<Option<Value>, Rule> {
    let mut chosen = strings(raw)?;
    chosen.dedup();
    if chosen.iter().any(|c| !options.iter().any(|o| &o.value == c)) {
        return Err(Rule::NotAnOption);
    }
    let count = chosen.len() as u32;
    if count == 0 {
        return if required { Err(Rule::Required) } else { Ok(None) };
    }
    if count < min {
        return Err(Rule::TooFewChoices(min));
    }
    if max.is_some_and(|max| count > max) {
        return Err(Rule::TooManyChoices(max.unwrap_or_default()));
    }
    Ok(Some(Value::from(chosen)))
}

fn check_files(raw: Option<&Value>, required: bool) -> Result<Option<Value>, Rule> {
    let files = strings(raw)?;
    if files.is_empty() {
        return if required { Err(Rule::Required) } else { Ok(None) };
    }
    if files.iter().any(|f| f.len() > 64 || !f.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')) {
        return Err(Rule::WrongShape);
    }
    Ok(Some(Value::from(files)))
}

fn check_address(raw: Option<&Value>, required: bool) -> Result<Option<Value>, Rule> {
    let Some(raw) = raw.filter(|v| !v.is_null()) else {
        return if required { Err(Rule::Required) } else { Ok(None) };
    };
    let Value::Object(address) = raw else { return Err(Rule::WrongShape) };
    let code = |key: &str| match address.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Number(n)) => {
            n.as_i64().filter(|n| (1..=i64::from(i32::MAX)).contains(n)).map(Some).ok_or(Rule::WrongShape)
        }
        Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
        Some(Value::String(s)) => {
            s.trim().parse::<i32>().ok().filter(|n| *n > 0).map(|n| Some(i64::from(n))).ok_or(Rule::WrongShape)
        }
        Some(_) => Err(Rule::WrongShape),
    };
    let province = code("province_code")?;
    let ward = code("ward_code")?;
    let street = match address.get("street") {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.split_whitespace().collect::<Vec<_>>().join(" "),
        Some(_) => return Err(Rule::WrongShape),
    };
    if street.chars().count() > 200 {
        return Err(Rule::StreetTooLong);
    }
    match (province, ward) {
        (None, None) if street.is_empty() => {
            if required {
                Err(Rule::Required)
            } else {
                Ok(None)
            }
        }
        (Some(province), Some(ward)) if !street.is_empty() => {
            Ok(Some(serde_json::json!({ "province_code": province, "ward_code": ward, "street": street })))
        }
        // Part of an address is not an address.
        _ => Err(Rule::Required),
    }
}

#[expect(clippy::too_many_arguments, reason = "the group's limits, its place and the whole form")]
fn check_group(
    fields: &[Field],
    min: u32,
    max: u32,
    required: bool,
    raw: Option<&Value>,
    path: &str,
    values: &Value,
    today: NaiveDate,
    errors: &mut FieldErrors,
) -> Option<Value> {
    let entries: Vec<&Value> = match raw {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(items)) => items.iter().collect(),
        Some(_) => {
            errors.push(path, Rule::WrongShape);
            return None;
        }
    };
    let needed = if required { min.max(1) } else { min };
    if (entries.len() as u32) < needed {
        errors.push(path, if needed == 1 && min <= 1 { Rule::Required } else { Rule::TooFewItems(needed) });
        return None;
    }
    if entries.len() as u32 > max {
        errors.push(path, Rule::TooManyItems(max));
        return None;
    }
    let mut kept = Vec::new();
    for (index, entry) in entries.into_iter().enumerate() {
        if !entry.is_object() {
            errors.push(&format!("{path}.{index}"), Rule::WrongShape);
            continue;
        }
        let mut item = Map::new();
        for field in fields {
            let inner = format!("{path}.{index}.{}", field.key);
            if let Some(value) = check_field(field, entry.get(&field.key), &inner, values, Some(entry), today, errors) {
                item.insert(field.key.clone(), value);
            }
        }
        kept.push(Value::Object(item));
    }
    (!kept.is_empty()).then_some(Value::Array(kept))
}

#[cfg(test)]
mod tests;
