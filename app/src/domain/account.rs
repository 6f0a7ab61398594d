//! Accounts: what a citizen sends to register or edit their profile, what an
//! administrator sends to create an official, and the one `validate` of each
//! that the browser runs as the user types and the server runs as the authority.

use crate::domain::access::Role;
use crate::domain::identity::{CitizenId, Email, Phone, parse_birth_date, parse_full_name};
use crate::domain::password::check_new_password;
use crate::domain::rules::{FieldErrors, Rule};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The registration form, as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Registration {
    pub full_name: String,
    pub citizen_id: String,
    /// `YYYY-MM-DD` (a plain form posts it as day, month and year).
    #[serde(deserialize_with = "crate::domain::date_input::text_or_parts")]
    pub birth_date: String,
    pub phone: String,
    pub email: String,
    pub password: String,
    pub password_confirm: String,
}

/// A registration that passed every rule.
#[derive(Clone, Debug)]
pub struct ValidRegistration {
    pub full_name: String,
    pub citizen_id: CitizenId,
    pub birth_date: NaiveDate,
    pub phone: Phone,
    pub email: Email,
    pub password: String,
}

impl Registration {
    /// Checks every field; all broken rules are reported at once.
    pub fn validate(&self, today: NaiveDate) -> Result<ValidRegistration, FieldErrors> {
        let mut errors = FieldErrors::default();
        let full_name = errors.check("full_name", parse_full_name(&self.full_name));
        let birth_date = errors.check("birth_date", parse_birth_date(&self.birth_date, today));
        let citizen_id = errors.check(
            "citizen_id",
            match birth_date {
                Some(born) => CitizenId::parse_for(&self.citizen_id, born),
                None => CitizenId::parse(&self.citizen_id),
            },
        );
        let phone = errors.check("phone", Phone::parse(&self.phone));
        let email = errors.check("email", Email::parse(&self.email));
        let personal = [self.citizen_id.as_str(), self.phone.as_str(), self.email.as_str(), self.full_name.as_str()];
        errors.check("password", check_new_password(&self.password, &personal));
        if self.password_confirm != self.password {
            errors.push("password_confirm", Rule::PasswordMismatch);
        }
        match (full_name, citizen_id, birth_date, phone, email) {
            (Some(full_name), Some(citizen_id), Some(birth_date), Some(phone), Some(email)) if errors.is_empty() => {
                Ok(ValidRegistration {
                    full_name,
                    citizen_id,
                    birth_date,
                    phone,
                    email,
                    password: self.password.clone(),
                })
            }
            _ => Err(errors),
        }
    }
}

/// A password change, as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PasswordChange {
    pub current: String,
    pub new: String,
    pub confirm: String,
}

impl PasswordChange {
    /// `personal`: the account's own details, which the new password must not contain.
    pub fn validate(&self, personal: &[&str]) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::default();
        if self.current.is_empty() {
            errors.push("current", Rule::Required);
        }
        errors.check("new", check_new_password(&self.new, personal));
        if !self.current.is_empty() && self.new == self.current {
            errors.push("new", Rule::PasswordUnchanged);
        }
        if self.confirm != self.new {
            errors.push("confirm", Rule::PasswordMismatch);
        }
        if errors.is_empty() { Ok(()) } else { Err(errors) }
    }
}

/// A postal address: province and ward from the 2025 units, then the street.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Address {
    pub province_code: Option<i32>,
    pub ward_code: Option<i32>,
    pub street: String,
}

/// What the profile page shows; later it prefills forms.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Profile {
    pub full_name: String,
    /// Masked (`001*******45`): the full number is never sent back to the browser.
    pub citizen_id_masked: Option<String>,
    pub birth_date: Option<NaiveDate>,
    pub phone: Option<String>,
    pub email: String,
    pub address: Address,
    pub two_factor_enabled: bool,
    /// When the name, ID number and birth date last came from VNeID (then
    /// read-only here).
    pub identity_verified_on: Option<NaiveDate>,
}

/// The editable part of the profile, as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProfileUpdate {
    pub phone: String,
    pub email: String,
    pub province_code: String,
    pub ward_code: String,
    pub street: String,
}

/// A profile update that passed every rule the browser can check. Whether the
/// ward lies in the province is checked by the server against the unit tables.
#[derive(Clone, Debug)]
pub struct ValidProfileUpdate {
    pub phone: Phone,
    pub email: Email,
    pub address: Address,
}

impl ProfileUpdate {
    pub fn validate(&self) -> Result<ValidProfileUpdate, FieldErrors> {
        let mut errors = FieldErrors::default();
        let phone = errors.check("phone", Phone::parse(&self.phone));
        let email = errors.check("email", Email::parse(&self.email));
        let code = |raw: &str| raw.trim().parse::<i32>().ok();
        let province_code = code(&self.province_code);
        let ward_code = code(&self.ward_code);
        if province_code.is_some() && ward_code.is_none() {
            errors.push("ward_code", Rule::Required);
        }
        let street = self.street.split_whitespace().collect::<Vec<_>>().join(" ");
        if street.chars().count() > 200 {
            errors.push("street", Rule::StreetTooLong);
        }
        match (phone, email) {
            (Some(phone), Some(email)) if errors.is_empty() => Ok(ValidProfileUpdate {
                phone,
                email,
                address: Address { province_code, ward_code: province_code.and(ward_code), street },
            }),
            _ => Err(errors),
        }
    }
}

/// An administrator's request to create an official.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewOfficial {
    pub full_name: String,
    pub email: String,
    /// The agency's code; agency administrators can only use their own.
    pub agency_code: String,
    pub roles: Vec<Role>,
}

impl NewOfficial {
    pub fn validate(&self) -> Result<(String, Email), FieldErrors> {
        let mut errors = FieldErrors::default();
        let name = errors.check("full_name", parse_full_name(&self.full_name));
        let email = errors.check("email", Email::parse(&self.email));
        if self.roles.is_empty() {
            errors.push("roles", Rule::RoleRequired);
        }
        if self.agency_code.trim().is_empty() && !self.roles.contains(&Role::SystemAdmin) {
            errors.push("agency_code", Rule::Required);
        }
        match (name, email) {
            (Some(name), Some(email)) if errors.is_empty() => Ok((name, email)),
            _ => Err(errors),
        }
    }
}

/// An official as administrators see them in the list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfficialSummary {
    pub id: i32,
    pub full_name: String,
    pub email: String,
    pub agency_code: Option<String>,
    pub roles: Vec<Role>,
    pub disabled: bool,
    pub two_factor_enabled: bool,
}

/// A new official and the temporary password to hand over (shown once).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreatedOfficial {
    pub id: i32,
    pub email: String,
    pub temporary_password: String,
}

/// What enrolling a second factor shows: the secret for the authenticator app.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TwoFactorEnrolment {
    /// Base32, grouped by four for reading aloud.
    pub secret: String,
    /// `otpauth://totp/…`, for apps that take a link.
    pub uri: String,
}

/// Checks a six-digit one-time code as typed (spaces allowed).
pub fn parse_totp_code(raw: &str) -> Result<u32, Rule> {
    let digits: String = raw.chars().filter(|c| !c.is_whitespace()).collect();
    if digits.is_empty() {
        return Err(Rule::Required);
    }
    if digits.len() != 6 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Rule::TotpFormat);
    }
    digits.parse().map_err(|_| Rule::TotpFormat)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 29).unwrap()
    }

    fn valid() -> Registration {
        Registration {
            full_name: "Nguyễn Văn An".into(),
            citizen_id: "001090012345".into(),
            birth_date: "1990-05-17".into(),
            phone: "0912 345 678".into(),
            email: "an@example.vn".into(),
            password: "sông Hồng đỏ nặng phù sa".into(),
            password_confirm: "sông Hồng đỏ nặng phù sa".into(),
        }
    }

    #[test]
    fn a_complete_registration_is_valid() {
        let ok = valid().validate(today()).unwrap();
        assert_eq!(ok.phone.as_str(), "0912345678");
        assert_eq!(ok.citizen_id.as_str(), "001090012345");
    }

    #[test]
    fn every_broken_rule_is_reported_at_once() {
        let form = Registration {
            citizen_id: "001091012345".into(),
            phone: "024 3825 555".into(),
            password_confirm: "other".into(),
            ..valid()
        };
        let errors = form.validate(today()).unwrap_err();
        assert_eq!(errors.get("citizen_id"), Some(Rule::CitizenIdBirthYear));
        assert_eq!(errors.get("phone"), Some(Rule::PhonePrefix));
        assert_eq!(errors.get("password_confirm"), Some(Rule::PasswordMismatch));
        assert_eq!(errors.get("email"), None);
    }

    #[test]
    fn a_new_password_must_differ_and_match() {
        let change =
            PasswordChange {
                current: "tạm thời 123456".into(), new: "tạm thời 123456".into(), confirm: "x".into()
            };
        let errors = change.validate(&[]).unwrap_err();
        assert_eq!(errors.get("new"), Some(Rule::PasswordUnchanged));
        assert_eq!(errors.get("confirm"), Some(Rule::PasswordMismatch));
    }

    #[test]
    fn a_province_needs_a_ward() {
        let update = ProfileUpdate {
            phone: "0912345678".into(),
            email: "an@example.vn".into(),
            province_code: "1".into(),
            ..Default::default()
        };
        assert_eq!(update.validate().unwrap_err().get("ward_code"), Some(Rule::Required));
    }

    #[test]
    fn totp_codes_are_six_digits() {
        assert_eq!(parse_totp_code("123 456"), Ok(123456));
        assert_eq!(parse_totp_code("012345"), Ok(12345));
        assert_eq!(parse_totp_code("12345"), Err(Rule::TotpFormat));
        assert_eq!(parse_totp_code("12345a"), Err(Rule::TotpFormat));
        assert_eq!(parse_totp_code(""), Err(Rule::Required));
    }
}
