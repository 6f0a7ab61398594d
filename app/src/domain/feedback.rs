//! Feedback and complaints ("Phản ánh, kiến nghị", Decree 20/2008/NĐ-CP):
//! anyone sends it about an agency, one of its procedures or a dossier;
//! the agency's administrators answer it within ten working days; an answer
//! whose sender agreed is published with personal data removed.

use crate::domain::identity::Email;
use crate::domain::rules::{FieldError, FieldErrors, Rule};
use crate::domain::text::LocalText;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Working days the agency has to answer, counted from the day after it arrived.
pub const ANSWER_DAYS: u32 = 10;
/// Longest title, in characters.
pub const MAX_TITLE_CHARS: usize = 200;
/// Longest question, answer or reason for hiding, in characters.
pub const MAX_TEXT_CHARS: usize = 4000;
/// Published answers on one page of the public list.
pub const PAGE_SIZE: u64 = 20;
/// What replaces a personal number or address in a published question.
pub const REDACTED: &str = "[đã ẩn]";

named_enum! {
    /// What the feedback is about.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum Topic {
        /// The rules of a procedure (papers asked for, steps, forms).
        Rules = "rules",
        /// How a dossier was handled: delays, supplements asked for.
        Handling = "handling",
        /// The officials' conduct.
        Conduct = "conduct",
        /// Fees and charges.
        Fees = "fees",
        /// The portal itself.
        Portal = "portal",
        Other = "other",
    }
}

impl Topic {
    pub fn label(self, t: &crate::i18n::Messages) -> &'static str {
        match self {
            Self::Rules => t.feedback_topic_rules,
            Self::Handling => t.feedback_topic_handling,
            Self::Conduct => t.feedback_topic_conduct,
            Self::Fees => t.feedback_topic_fees,
            Self::Portal => t.feedback_topic_portal,
            Self::Other => t.feedback_topic_other,
        }
    }
}

named_enum! {
    /// Where a piece of feedback stands.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum FeedbackStatus {
        /// Waiting for the agency's answer.
        Open = "open",
        Answered = "answered",
        /// Hidden by an administrator as abuse (audited, with a reason).
        Hidden = "hidden",
    }
}

impl FeedbackStatus {
    pub fn label(self, t: &crate::i18n::Messages) -> &'static str {
        match self {
            Self::Open => t.feedback_status_open,
            Self::Answered => t.feedback_status_answered,
            Self::Hidden => t.feedback_status_hidden,
        }
    }
}

/// Feedback as posted (every field a text, as a plain form sends it).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeedbackForm {
    pub topic: Option<String>,
    /// The agency's code, when the feedback is not about a dossier.
    pub agency: Option<String>,
    /// A procedure's national code, optional beside the agency.
    pub procedure: Option<String>,
    /// A dossier's code; without a session, with its lookup `secret`.
    pub dossier: Option<String>,
    pub secret: Option<String>,
    pub title: Option<String>,
    pub content: Option<String>,
    /// Where the answer is mailed (the account's address when signed in and empty).
    pub email: Option<String>,
    /// "on" when the sender agrees that the answer is published.
    pub consent: Option<String>,
}

/// Feedback that passed the form's checks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckedFeedback {
    pub topic: Topic,
    pub agency: Option<String>,
    pub procedure: Option<String>,
    pub dossier: Option<String>,
    pub secret: Option<String>,
    pub title: String,
    pub content: String,
    pub email: Option<String>,
    pub consent: bool,
}

fn text(value: &Option<String>) -> Option<String> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty()).map(str::to_owned)
}

/// A required text of at most `max` characters.
pub fn required_text(errors: &mut Vec<FieldError>, field: &str, value: &Option<String>, max: usize) -> Option<String> {
    let rule = match text(value) {
        None => Rule::Required,
        Some(v) if v.chars().count() > max => Rule::TooLong(max as u32),
        Some(v) => return Some(v),
    };
    errors.push(FieldError { field: field.into(), rule });
    None
}

/// A code typed or carried in a link: at most 40 characters.
fn code(errors: &mut Vec<FieldError>, field: &str, value: &Option<String>) -> Option<String> {
    let found = text(value);
    if found.as_ref().is_some_and(|c| c.chars().count() > 40) {
        errors.push(FieldError { field: field.into(), rule: Rule::TooLong(40) });
        return None;
    }
    found
}

impl FeedbackForm {
    /// The feedback, or what is missing or wrong. `signed_in` decides
    /// whether a dossier needs its lookup secret.
    pub fn check(&self, signed_in: bool) -> Result<CheckedFeedback, FieldErrors> {
        let mut errors = Vec::new();
        let topic = match text(&self.topic) {
            None => Err(Rule::Required),
            Some(name) => Topic::parse(&name).ok_or(Rule::NotAnOption),
        }
        .map_err(|rule| errors.push(FieldError { field: "topic".into(), rule }))
        .ok();
        let dossier = code(&mut errors, "dossier", &self.dossier);
        let secret = code(&mut errors, "secret", &self.secret);
        let agency = code(&mut errors, "agency", &self.agency);
        let procedure = code(&mut errors, "procedure", &self.procedure);
        if !signed_in && dossier.is_none() {
            // Without a session only a dossier's holder may write.
            errors.push(FieldError { field: "dossier".into(), rule: Rule::Required });
        } else if dossier.is_none() && agency.is_none() {
            errors.push(FieldError { field: "agency".into(), rule: Rule::Required });
        }
        if dossier.is_some() && !signed_in && secret.is_none() {
            errors.push(FieldError { field: "secret".into(), rule: Rule::Required });
        }
        let title = required_text(&mut errors, "title", &self.title, MAX_TITLE_CHARS);
        let content = required_text(&mut errors, "content", &self.content, MAX_TEXT_CHARS);
        let email = match text(&self.email) {
            None => None,
            Some(raw) => Email::parse(&raw)
                .map(|e| e.as_str().to_owned())
                .map_err(|rule| errors.push(FieldError { field: "email".into(), rule }))
                .ok(),
        };
        match (topic, title, content) {
            (Some(topic), Some(title), Some(content)) if errors.is_empty() => Ok(CheckedFeedback {
                topic,
                agency,
                procedure,
                dossier,
                secret,
                title,
                content,
                email,
                consent: self.consent.as_deref().is_some_and(|c| c == "on" || c == "true"),
            }),
            _ => Err(FieldErrors(errors)),
        }
    }
}

/// `text` with what identifies a person removed: every run of nine digits
/// or more (an ID or phone number, even written with spaces, dots or
/// dashes) and every e-mail address become [`REDACTED`].
pub fn redact(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_inclusive(char::is_whitespace) {
        let body = word.trim_end();
        let tail = &word[body.len()..];
        if body.contains('@') && body.contains('.') {
            out.push_str(REDACTED);
            out.push_str(tail);
        } else {
            out.push_str(word);
        }
    }
    redact_numbers(&out)
}

/// A digit as people type one: ASCII or full-width.
fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || ('０'..='９').contains(&c)
}

/// What people put between the groups of a number: spaces of any kind,
/// dots, dashes, slashes, brackets.
fn is_joiner(c: char) -> bool {
    c.is_whitespace() && c != '\n' || matches!(c, '.' | '-' | '–' | '—' | '/' | '(' | ')' | '_' | '+')
}

/// Longest run of joiners between two groups of one number.
const MAX_JOINER: usize = 3;

fn redact_numbers(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        if !is_digit(chars[i]) {
            out.push(chars[i]);
            i += 1;
            continue;
        }
        // The longest run of digit groups joined by short runs of separators.
        let (mut end, mut digits, mut j) = (i, 0, i);
        while j < chars.len() {
            if is_digit(chars[j]) {
                digits += 1;
                end = j + 1;
                j += 1;
                continue;
            }
            let joiner = chars[j..].iter().take_while(|c| is_joiner(**c)).count();
            if (1..=MAX_JOINER).contains(&joiner) && chars.get(j + joiner).copied().is_some_and(is_digit) {
                j += joiner;
            } else {
                break;
            }
        }
        if digits >= 9 {
            out.push_str(REDACTED);
        } else {
            out.extend(&chars[i..end]);
        }
        i = end;
    }
    out
}

/// What the public list asks for; empty values count as absent.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeedbackQuery {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agency: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub topic: Option<Topic>,
    /// 1-based.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<u64>,
}

impl FeedbackQuery {
    pub fn from_params(get: impl Fn(&str) -> Option<String>) -> Self {
        let value = |key: &str| get(key).map(|v| v.trim().to_owned()).filter(|v| !v.is_empty() && v.len() <= 40);
        Self {
            agency: value("agency"),
            topic: value("topic").and_then(|t| Topic::parse(&t)),
            page: value("page").and_then(|p| p.parse().ok()).filter(|p| *p >= 1),
        }
    }

    /// The URL query of this list at `page`.
    pub fn to_query(&self, page: u64) -> String {
        let mut parts = Vec::new();
        if let Some(agency) = &self.agency {
            parts.push(format!("agency={}", crate::domain::catalog::url_encode(agency)));
        }
        if let Some(topic) = self.topic {
            parts.push(format!("topic={}", topic.as_str()));
        }
        if page > 1 {
            parts.push(format!("page={page}"));
        }
        parts.join("&")
    }
}

/// An agency, by code and name.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgencyName {
    pub code: String,
    pub name: LocalText,
}

/// A published question and its answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicFeedback {
    pub code: String,
    pub topic: Topic,
    pub agency: AgencyName,
    pub procedure: Option<LocalText>,
    pub title: String,
    /// The question with personal data removed.
    pub question: String,
    pub answer: String,
    pub sent_on: NaiveDate,
    pub answered_on: NaiveDate,
}

/// One page of the public list, and the agencies it can be narrowed to.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeedbackPage {
    pub items: Vec<PublicFeedback>,
    pub total: u64,
    pub page: u64,
    pub page_count: u64,
    pub agencies: Vec<AgencyName>,
}

/// The sender's own feedback, answered or not.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyFeedback {
    pub code: String,
    pub topic: Topic,
    pub agency: LocalText,
    pub title: String,
    pub status: FeedbackStatus,
    pub sent_on: NaiveDate,
    pub due_on: NaiveDate,
    pub answer: Option<String>,
    pub published: bool,
}

/// Feedback as it arrived.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeedbackSent {
    pub code: String,
    pub agency: LocalText,
    pub due_on: NaiveDate,
}

/// The agency the form writes to, and what it is about, as the link named them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeedbackTarget {
    pub agency: Option<AgencyName>,
    pub procedure: Option<(String, LocalText)>,
}

/// Feedback in its agency's queue.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeedbackCase {
    pub code: String,
    pub topic: Topic,
    pub agency: LocalText,
    pub procedure: Option<LocalText>,
    pub dossier: Option<String>,
    pub title: String,
    pub content: String,
    /// The title and question as they would be published: personal data removed.
    pub redacted_title: String,
    pub redacted: String,
    /// Who sent it: an account's name, or "by a dossier's code".
    pub sender: Option<String>,
    pub consent: bool,
    pub status: FeedbackStatus,
    pub sent_on: NaiveDate,
    pub due_on: NaiveDate,
    /// Working days from today to the deadline (negative once past it).
    pub days_left: i32,
    pub answer: Option<String>,
    pub answered_on: Option<NaiveDate>,
    pub hidden_reason: Option<String>,
}

/// An administrator's answer: the text, and the title and question as published.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnswerForm {
    pub answer: Option<String>,
    /// The title as it will be published (personal data removed again on saving).
    pub title: Option<String>,
    /// The question as it will be published (personal data removed again on saving).
    pub question: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> FeedbackForm {
        FeedbackForm {
            topic: Some("handling".into()),
            agency: Some("000.20.01.H29".into()),
            title: Some("Hồ sơ chậm".into()),
            content: Some("Hồ sơ của tôi quá hạn.".into()),
            ..Default::default()
        }
    }

    #[test]
    fn signed_in_senders_name_an_agency_others_a_dossier_and_its_secret() {
        let checked = form().check(true).unwrap();
        assert_eq!((checked.topic, checked.consent), (Topic::Handling, false));
        assert_eq!(checked.agency.as_deref(), Some("000.20.01.H29"));
        assert_eq!(form().check(false).unwrap_err().get("dossier"), Some(Rule::Required));
        let no_target = FeedbackForm { agency: None, ..form() };
        assert_eq!(no_target.check(true).unwrap_err().get("agency"), Some(Rule::Required));
        assert_eq!(no_target.check(false).unwrap_err().get("dossier"), Some(Rule::Required));
        let dossier = FeedbackForm { dossier: Some("X-1".into()), ..no_target };
        assert_eq!(dossier.check(false).unwrap_err().get("secret"), Some(Rule::Required));
        assert!(dossier.check(true).is_ok());
        let with_secret = FeedbackForm { secret: Some("ABC".into()), consent: Some("on".into()), ..dossier };
        assert!(with_secret.check(false).unwrap().consent);
    }

    #[test]
    fn every_field_is_bounded() {
        let errors = FeedbackForm {
            topic: Some("gossip".into()),
            title: Some("a".repeat(MAX_TITLE_CHARS + 1)),
            content: Some(" ".into()),
            email: Some("not-an-address".into()),
            agency: Some("9".repeat(41)),
            ..form()
        }
        .check(true)
        .unwrap_err();
        assert_eq!(errors.get("topic"), Some(Rule::NotAnOption));
        assert_eq!(errors.get("title"), Some(Rule::TooLong(MAX_TITLE_CHARS as u32)));
        assert_eq!(errors.get("content"), Some(Rule::Required));
        assert_eq!(errors.get("email"), Some(Rule::EmailFormat));
        assert_eq!(errors.get("agency"), Some(Rule::TooLong(40)));
    }

    #[test]
    fn published_questions_lose_numbers_and_addresses() {
        let text = "Tôi là Nguyễn Văn An, CCCD 001 090 012345, điện thoại 0912.345.678,\nthư an@example.vn. Hồ sơ nộp ngày 12/11/2026, phí 30.000 đ.";
        assert_eq!(
            redact(text),
            "Tôi là Nguyễn Văn An, CCCD [đã ẩn], điện thoại [đã ẩn],\nthư [đã ẩn] Hồ sơ nộp ngày 12/11/2026, phí 30.000 đ."
        );
        assert_eq!(redact("mã 000.20.01.H29"), "mã 000.20.01.H29");
        for written in [
            "0912 - 345 - 678",
            "(091) 2345678",
            "(024) 3825 1234",
            "0912  345 678",
            "0912/345/678",
            "0912–345–678",
            "0912\u{a0}345\u{a0}678",
            "0912\t345\t678",
            "０９１２３４５６７８",
            "+84 912 345 678",
        ] {
            let shown = redact(&format!("gọi {written} nhé"));
            assert!(shown.contains(REDACTED) && !shown.chars().any(is_digit), "{written}: {shown}");
        }
        // A date, an amount and a short code stay.
        assert_eq!(redact("ngày 12/11/2026, phí 30.000 đ"), "ngày 12/11/2026, phí 30.000 đ");
    }
}
