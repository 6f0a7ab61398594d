//! Why a value was refused. One code per rule, so the browser and the server
//! show the same message in the user's language.

use crate::i18n::Messages;
use serde::{Deserialize, Serialize};

/// A validation rule a value broke.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Rule {
    Required,
    CitizenIdDigits,
    CitizenIdLength,
    CitizenIdProvince,
    CitizenIdCentury,
    CitizenIdBirthYear,
    PhoneFormat,
    PhonePrefix,
    EmailFormat,
    NameFormat,
    DateFormat,
    BirthDateRange,
    PasswordTooShort,
    PasswordTooLong,
    PasswordCommon,
    PasswordPersonal,
    PasswordMismatch,
    /// A password reset link already used, expired or unknown.
    ResetLinkInvalid,
    PasswordUnchanged,
    PasswordCurrentWrong,
    WardNotInProvince,
    UnknownAgency,
    /// The chosen agency does not implement the procedure.
    NotImplementing,
    /// Not a procedure filed at any desk, or already handed on.
    NotHandedOff,
    /// A form schema with problems, not to be published.
    FormInvalid,
    StreetTooLong,
    TotpFormat,
    RoleRequired,
    /// Someone already registered with this ID number or e-mail.
    AlreadyRegistered,
    /// A value of the wrong shape (e.g. a list where text was expected).
    WrongShape,
    /// Longer than this many characters.
    TooLong(u32),
    NotANumber,
    BelowMin(i64),
    AboveMax(i64),
    /// Not one of the field's options.
    NotAnOption,
    TooFewChoices(u32),
    TooManyChoices(u32),
    TooFewItems(u32),
    TooManyItems(u32),
    /// A search query of more than this many words.
    TooManyWords(u32),
    TaxCodeFormat,
    TaxCodeCheckDigit,
    DateInFuture,
    /// A webhook's address that is not https://.
    WebhookHttps,
    /// A webhook's address that is not a public one (inside a network, or malformed).
    WebhookAddress,
    /// The form's cross-field rule with this index is broken; the form
    /// schema holds its message.
    CrossField(u16),
    /// A mandatory document has no file attached.
    DocumentMissing,
    /// A date that must be a working day is not.
    NotAWorkingDay,
    /// A new appointment must come after the current one.
    NotLater,
    /// A new appointment at most a year after the current one.
    TooFarAhead,
    /// Text messages asked for an account without a phone number.
    PhoneForSms,
    /// The person named as concerned is the applicant themselves.
    PersonIsYou,
    /// No citizen's account has this personal ID number.
    NoSuchCitizen,
    /// The ID number belongs to a verified person of another name (a typo
    /// would give a stranger the dossier).
    IdNameMismatch,
    /// A stored document past its validity cannot be chosen.
    DocumentExpired,
    /// A stored document no longer matches its hash (or signature).
    DocumentAltered,
    /// A period must start on or before its last day.
    PeriodOrder,
    /// A period of at most five years.
    PeriodTooLong,
    /// A rating may be changed for seven days after it is given.
    RatingClosed,
    /// No dossier the sender may write about has this code (and secret).
    NoSuchDossier,
}

impl Rule {
    /// The message for this rule in the language of `t`.
    pub fn text(self, t: &Messages) -> &'static str {
        match self {
            Self::Required => t.rule_required,
            Self::CitizenIdDigits => t.rule_cccd_digits,
            Self::CitizenIdLength => t.rule_cccd_length,
            Self::CitizenIdProvince => t.rule_cccd_province,
            Self::CitizenIdCentury => t.rule_cccd_century,
            Self::CitizenIdBirthYear => t.rule_cccd_year,
            Self::PhoneFormat => t.rule_phone_format,
            Self::PhonePrefix => t.rule_phone_prefix,
            Self::EmailFormat => t.rule_email_format,
            Self::NameFormat => t.rule_name_format,
            Self::DateFormat => t.rule_date_format,
            Self::BirthDateRange => t.rule_birth_date_range,
            Self::PasswordTooShort => t.rule_password_short,
            Self::PasswordTooLong => t.rule_password_long,
            Self::PasswordCommon => t.rule_password_common,
            Self::PasswordPersonal => t.rule_password_personal,
            Self::PasswordMismatch => t.rule_password_mismatch,
            Self::ResetLinkInvalid => t.rule_reset_link_invalid,
            Self::PasswordUnchanged => t.rule_password_unchanged,
            Self::PasswordCurrentWrong => t.rule_password_current_wrong,
            Self::WardNotInProvince => t.rule_ward_province,
            Self::UnknownAgency => t.rule_unknown_agency,
            Self::NotImplementing => t.rule_not_implementing,
            Self::NotHandedOff => t.rule_not_handed_off,
            Self::FormInvalid => t.rule_form_invalid,
            Self::StreetTooLong => t.rule_street_long,
            Self::TotpFormat => t.rule_totp_format,
            Self::RoleRequired => t.rule_role_required,
            Self::AlreadyRegistered => t.rule_already_registered,
            Self::WrongShape => t.rule_wrong_shape,
            Self::TooLong(_) => t.rule_too_long,
            Self::NotANumber => t.rule_not_a_number,
            Self::BelowMin(_) => t.rule_below_min,
            Self::AboveMax(_) => t.rule_above_max,
            Self::NotAnOption => t.rule_not_an_option,
            Self::TooFewChoices(_) => t.rule_too_few_choices,
            Self::TooManyChoices(_) => t.rule_too_many_choices,
            Self::TooFewItems(_) => t.rule_too_few_items,
            Self::TooManyItems(_) => t.rule_too_many_items,
            Self::TooManyWords(_) => t.rule_too_many_words,
            Self::TaxCodeFormat => t.rule_tax_code_format,
            Self::TaxCodeCheckDigit => t.rule_tax_code_check,
            Self::DocumentMissing => t.rule_document_missing,
            Self::NotAWorkingDay => t.rule_not_a_working_day,
            Self::NotLater => t.rule_not_later,
            Self::TooFarAhead => t.rule_too_far_ahead,
            Self::PhoneForSms => t.rule_phone_for_sms,
            Self::NoSuchCitizen => t.rule_no_such_citizen,
            Self::IdNameMismatch => t.rule_id_name_mismatch,
            Self::DocumentExpired => t.rule_document_expired,
            Self::DocumentAltered => t.rule_document_altered,
            Self::PeriodOrder => t.rule_period_order,
            Self::PeriodTooLong => t.rule_period_too_long,
            Self::RatingClosed => t.rule_rating_closed,
            Self::NoSuchDossier => t.rule_no_such_dossier,
            Self::PersonIsYou => t.rule_person_is_you,
            Self::DateInFuture => t.rule_date_in_future,
            Self::WebhookHttps => t.rule_webhook_https,
            Self::WebhookAddress => t.rule_webhook_address,
            Self::CrossField(_) => t.rule_cross_field,
        }
    }

    /// The message with its limit filled in (`{n}`).
    pub fn message(self, t: &Messages) -> String {
        let n: Option<i64> = match self {
            Self::TooLong(n)
            | Self::TooFewChoices(n)
            | Self::TooManyChoices(n)
            | Self::TooFewItems(n)
            | Self::TooManyItems(n)
            | Self::TooManyWords(n) => Some(i64::from(n)),
            Self::BelowMin(n) | Self::AboveMax(n) => Some(n),
            _ => None,
        };
        match n {
            Some(n) => crate::i18n::fill(self.text(t), &[("n", &n)]),
            None => self.text(t).to_owned(),
        }
    }
}

/// A rule broken by one named field of a form.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: String,
    pub rule: Rule,
}

/// Collects field errors while a form is checked.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldErrors(pub Vec<FieldError>);

impl FieldErrors {
    /// Keeps the value, or records why `field` was refused.
    pub fn check<T>(&mut self, field: &str, result: Result<T, Rule>) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(rule) => {
                self.push(field, rule);
                None
            }
        }
    }

    pub fn push(&mut self, field: &str, rule: Rule) {
        if !self.0.iter().any(|e| e.field == field) {
            self.0.push(FieldError { field: field.to_owned(), rule });
        }
    }

    /// Adds the errors of `other` (fields already failing keep their first rule).
    pub fn extend(&mut self, other: FieldErrors) {
        for error in other.0 {
            self.push(&error.field, error.rule);
        }
    }

    /// The rule `field` broke, if any.
    pub fn get(&self, field: &str) -> Option<Rule> {
        self.0.iter().find(|e| e.field == field).map(|e| e.rule)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}
