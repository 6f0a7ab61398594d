//! A date as a person types it in Vietnam: day, month and year in three
//! boxes, in that order (the memorable-date pattern), whatever the browser's
//! language. The three parts make one `YYYY-MM-DD` text, which the shared
//! rules then check (`identity::parse_iso_date`): an impossible day such as
//! 31/02 reads as a text that is not a date and gets the rule's message.

use serde::{Deserialize, Deserializer};

/// The three boxes, as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct DateParts {
    #[serde(default)]
    pub day: String,
    #[serde(default)]
    pub month: String,
    #[serde(default)]
    pub year: String,
}

impl DateParts {
    /// The boxes of a `YYYY-MM-DD` text (empty for anything else).
    pub fn of(text: &str) -> Self {
        let mut parts = text.trim().splitn(3, '-');
        match (parts.next(), parts.next(), parts.next()) {
            (Some(year), Some(month), Some(day)) => {
                Self { day: day.to_owned(), month: month.to_owned(), year: year.to_owned() }
            }
            _ => Self::default(),
        }
    }

    /// The date they make, as `YYYY-MM-DD`: a one-digit day or month gets
    /// its zero (17 / 5 / 1990 is 1990-05-17); anything else is kept as
    /// typed, for the rules to refuse. No part typed: empty.
    pub fn text(&self) -> String {
        let (day, month, year) = (self.day.trim(), self.month.trim(), self.year.trim());
        if day.is_empty() && month.is_empty() && year.is_empty() {
            return String::new();
        }
        let two = |part: &str| match part.len() {
            1 if part.bytes().all(|b| b.is_ascii_digit()) => format!("0{part}"),
            _ => part.to_owned(),
        };
        format!("{year}-{}-{}", two(month), two(day))
    }
}

/// For `#[serde(deserialize_with)]` on a date field: the `YYYY-MM-DD` text a
/// script sends, or the three boxes a plain HTML form posts
/// (`field[day]`, `field[month]`, `field[year]`).
pub fn text_or_parts<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Typed {
        Text(String),
        Parts(DateParts),
    }
    Ok(match Typed::deserialize(deserializer)? {
        Typed::Text(text) => text,
        Typed::Parts(parts) => parts.text(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::identity::parse_iso_date;

    fn parts(day: &str, month: &str, year: &str) -> DateParts {
        DateParts { day: day.into(), month: month.into(), year: year.into() }
    }

    #[test]
    fn day_month_year_make_one_iso_date() {
        assert_eq!(parts("17", "05", "1990").text(), "1990-05-17");
        assert_eq!(parts(" 7", "5 ", "1990").text(), "1990-05-07");
        assert_eq!(parts("", "", "").text(), "");
        assert_eq!(DateParts::of("1990-05-17"), parts("17", "05", "1990"));
        assert_eq!(DateParts::of(&parts("31", "12", "2025").text()), parts("31", "12", "2025"));
        assert_eq!(DateParts::of("17/05/1990"), DateParts::default());
    }

    #[test]
    fn what_is_not_a_date_stays_not_a_date() {
        for (d, m, y) in [("31", "02", "1990"), ("17", "", "1990"), ("ab", "05", "1990"), ("17", "13", "1990")] {
            let text = parts(d, m, y).text();
            assert!(parse_iso_date(&text).is_none(), "{d}/{m}/{y} read as {text}");
        }
        assert!(parse_iso_date(&parts("29", "2", "2024").text()).is_some());
    }

    #[test]
    fn a_date_is_read_from_a_text_or_from_three_boxes() {
        #[derive(Deserialize)]
        struct Form {
            #[serde(deserialize_with = "text_or_parts")]
            born: String,
        }
        let text: Form = serde_json::from_str(r#"{"born": "1990-05-17"}"#).unwrap();
        let boxes: Form = serde_json::from_str(r#"{"born": {"day": "17", "month": "5", "year": "1990"}}"#).unwrap();
        assert_eq!((text.born.as_str(), boxes.born.as_str()), ("1990-05-17", "1990-05-17"));
    }
}
