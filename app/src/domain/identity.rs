//! Who a person is: the personal ID number (CCCD), a Vietnamese mobile number,
//! an e-mail address. Each type can only hold a valid value; `parse` says why
//! a value is refused with a [`Rule`] the UI turns into a message.

use crate::domain::rules::Rule;
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// Province codes of birth registration that a CCCD may start with: the 63
/// provinces of Circular 07/2016/TT-BCA. The 2025 merger kept the surviving
/// provinces' codes, so cards issued before and after it use this set.
const CCCD_PROVINCES: [u16; 63] = [
    1, 2, 4, 6, 8, 10, 11, 12, 14, 15, 17, 19, 20, 22, 24, 25, 26, 27, 30, 31, 33, 34, 35, 36, 37, 38, 40, 42, 44, 45,
    46, 48, 49, 51, 52, 54, 56, 58, 60, 62, 64, 66, 67, 68, 70, 72, 74, 75, 77, 79, 80, 82, 83, 84, 86, 87, 89, 91, 92,
    93, 94, 95, 96,
];

/// A personal identification number (số định danh cá nhân, printed on the CCCD):
/// 3 digits of the province of birth registration, 1 digit of gender and
/// century of birth, 2 digits of the birth year, 6 random digits.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct CitizenId(String);

/// Gender as encoded in the CCCD (even digit male, odd female).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Gender {
    Male,
    Female,
}

impl CitizenId {
    /// Checks the shape and the province code; spaces are ignored.
    pub fn parse(raw: &str) -> Result<Self, Rule> {
        let digits: String = raw.chars().filter(|c| !c.is_whitespace()).collect();
        if digits.is_empty() {
            return Err(Rule::Required);
        }
        if !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(Rule::CitizenIdDigits);
        }
        if digits.len() != 12 {
            return Err(Rule::CitizenIdLength);
        }
        let province: u16 = digits[..3].parse().map_err(|_| Rule::CitizenIdDigits)?;
        if !CCCD_PROVINCES.contains(&province) {
            return Err(Rule::CitizenIdProvince);
        }
        Ok(Self(digits))
    }

    /// Parses and checks the number against the holder's date of birth.
    pub fn parse_for(raw: &str, born: NaiveDate) -> Result<Self, Rule> {
        let id = Self::parse(raw)?;
        id.check_birth_date(born)?;
        Ok(id)
    }

    /// The gender/century digit and the year digits must match `born`.
    pub fn check_birth_date(&self, born: NaiveDate) -> Result<(), Rule> {
        let code = self.digit(3);
        let century = match code / 2 {
            0 => 1900,
            1 => 2000,
            2 => 2100,
            3 => 2200,
            _ => 1800,
        };
        if born.year() - born.year().rem_euclid(100) != century {
            return Err(Rule::CitizenIdCentury);
        }
        let year_digits = self.digit(4) * 10 + self.digit(5);
        if born.year().rem_euclid(100) != year_digits {
            return Err(Rule::CitizenIdBirthYear);
        }
        Ok(())
    }

    pub fn gender(&self) -> Gender {
        if self.digit(3) % 2 == 0 { Gender::Male } else { Gender::Female }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// For logs and lists: `001*******45`.
    pub fn masked(&self) -> String {
        mask_id(&self.0)
    }

    fn digit(&self, index: usize) -> i32 {
        i32::from(self.0.as_bytes()[index] - b'0')
    }
}

impl std::fmt::Display for CitizenId {
    /// Masked: a full ID number must never reach a log by accident.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.masked())
    }
}

/// Keeps the first three and last two characters of an identifier.
pub fn mask_id(value: &str) -> String {
    let chars: Vec<char> = value.chars().collect();
    if chars.len() <= 5 {
        return "*".repeat(chars.len());
    }
    chars.iter().enumerate().map(|(i, c)| if i < 3 || i >= chars.len() - 2 { *c } else { '*' }).collect()
}

/// A person's name as a verifier may see it: the family name whole, every
/// other word by its first letter ("Nguyễn Văn An" → "Nguyễn V. A."), enough
/// to compare with the paper, not enough to learn who it is.
pub fn mask_name(name: &str) -> String {
    let mut words = name.split_whitespace();
    let Some(family) = words.next() else { return String::new() };
    words.fold(family.to_owned(), |mut out, word| {
        if let Some(first) = word.chars().next() {
            out.push(' ');
            out.push(first);
            out.push('.');
        }
        out
    })
}

/// A Vietnamese mobile number, kept as ten digits starting with 0.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Phone(String);

/// Mobile prefixes in use (Viettel, VinaPhone, MobiFone, Vietnamobile, Gmobile,
/// iTel, Reddi), as the two digits after the leading 0.
const MOBILE_PREFIXES: [u8; 36] = [
    32, 33, 34, 35, 36, 37, 38, 39, 52, 55, 56, 58, 59, 70, 76, 77, 78, 79, 81, 82, 83, 84, 85, 86, 87, 88, 89, 90, 91,
    92, 93, 94, 96, 97, 98, 99,
];

impl Phone {
    /// Accepts `0912 345 678`, `0912.345.678`, `+84 912 345 678` and `84912345678`.
    pub fn parse(raw: &str) -> Result<Self, Rule> {
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            return Err(Rule::Required);
        }
        let mut digits = String::new();
        for (i, c) in trimmed.chars().enumerate() {
            match c {
                '0'..='9' => digits.push(c),
                '+' if i == 0 => {}
                ' ' | '.' | '-' => {}
                _ => return Err(Rule::PhoneFormat),
            }
        }
        let national = if trimmed.starts_with('+') || (digits.starts_with("84") && digits.len() == 11) {
            match digits.strip_prefix("84") {
                Some(rest) => format!("0{rest}"),
                None => return Err(Rule::PhoneFormat),
            }
        } else {
            digits
        };
        if national.len() != 10 || !national.starts_with('0') {
            return Err(Rule::PhoneFormat);
        }
        let prefix: u8 = national[1..3].parse().map_err(|_| Rule::PhoneFormat)?;
        if !MOBILE_PREFIXES.contains(&prefix) {
            return Err(Rule::PhonePrefix);
        }
        Ok(Self(national))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// An e-mail address, lower-cased.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Email(String);

impl Email {
    /// A pragmatic check: one `@`, a local part, a dotted domain, no spaces.
    pub fn parse(raw: &str) -> Result<Self, Rule> {
        let value = raw.trim().to_lowercase();
        if value.is_empty() {
            return Err(Rule::Required);
        }
        let valid = value.len() <= 254
            && !value.chars().any(|c| c.is_whitespace() || c.is_control())
            && value.split_once('@').is_some_and(|(local, domain)| {
                !local.is_empty()
                    && local.len() <= 64
                    && !domain.contains('@')
                    && domain.contains('.')
                    && domain
                        .split('.')
                        .all(|label| !label.is_empty() && !label.starts_with('-') && !label.ends_with('-'))
            });
        if valid { Ok(Self(value)) } else { Err(Rule::EmailFormat) }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A tax code (mã số thuế): ten digits whose last is a check digit, and for a
/// branch a hyphen and three more digits (`0100109106-001`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaxCode(String);

impl TaxCode {
    const WEIGHTS: [u32; 9] = [31, 29, 23, 19, 17, 13, 7, 5, 3];

    pub fn parse(raw: &str) -> Result<Self, Rule> {
        let value: String = raw.chars().filter(|c| !c.is_whitespace()).collect();
        if value.is_empty() {
            return Err(Rule::Required);
        }
        let (main, branch) = match value.split_once('-') {
            Some((main, branch)) => (main, Some(branch)),
            None => (value.as_str(), None),
        };
        let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if main.len() != 10 || !all_digits(main) || branch.is_some_and(|b| b.len() != 3 || !all_digits(b)) {
            return Err(Rule::TaxCodeFormat);
        }
        let digits: Vec<u32> = main.bytes().map(|b| u32::from(b - b'0')).collect();
        let sum: u32 = digits.iter().zip(Self::WEIGHTS).map(|(d, w)| d * w).sum();
        let check = 10 - sum % 11;
        if check == 10 || check != digits[9] {
            return Err(Rule::TaxCodeCheckDigit);
        }
        Ok(Self(value))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A person's full name: letters (with diacritics), spaces, apostrophes, hyphens.
pub fn parse_full_name(raw: &str) -> Result<String, Rule> {
    let name = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    if name.is_empty() {
        return Err(Rule::Required);
    }
    if name.chars().count() > 100 || !name.chars().all(|c| c.is_alphabetic() || c == ' ' || c == '\'' || c == '-') {
        return Err(Rule::NameFormat);
    }
    Ok(name)
}

/// A date of birth given as `YYYY-MM-DD` (what `<input type=date>` sends),
/// not in the future and not absurdly old.
pub fn parse_birth_date(raw: &str, today: NaiveDate) -> Result<NaiveDate, Rule> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Err(Rule::Required);
    }
    let date = parse_iso_date(raw).ok_or(Rule::DateFormat)?;
    if date > today || date.year() < today.year() - 130 {
        return Err(Rule::BirthDateRange);
    }
    Ok(date)
}

/// `YYYY-MM-DD`, by hand: chrono's format parser would add weight to the
/// browser bundle for this one pattern.
pub fn parse_iso_date(raw: &str) -> Option<NaiveDate> {
    let mut parts = raw.split('-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || y.len() != 4 || m.len() != 2 || d.len() != 2 {
        return None;
    }
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit()).then(|| s.parse::<u32>().ok()).flatten();
    NaiveDate::from_ymd_opt(digits(y)? as i32, digits(m)?, digits(d)?)
}

/// `DD/MM/YYYY`, as dates are written in Vietnam.
pub fn format_vn_date(date: NaiveDate) -> String {
    format!("{:02}/{:02}/{}", date.day(), date.month(), date.year())
}

/// The domain of the placeholder address of an account opened by VNeID
/// without an e-mail address (`.invalid` is never delivered, RFC 2606).
pub const NO_MAILBOX_DOMAIN: &str = "vneid.invalid";

/// Whether mail can go to `email`: not empty, and not a placeholder — a
/// VNeID account's, an API token's account's, any address under `.invalid`.
pub fn has_mailbox(email: &str) -> bool {
    !email.is_empty() && !email.to_ascii_lowercase().ends_with(".invalid")
}

/// An identity the VNeID sandbox offers, at one level of assurance.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SandboxIdentity {
    /// What the page posts back: `person:level`.
    pub choice: String,
    pub full_name: String,
    pub personal_id_masked: String,
    pub level: u8,
    /// A business identity: the organisation it represents (name and tax code).
    #[serde(default)]
    pub organisation: Option<String>,
}

/// What the VNeID sandbox's page shows: the level the portal asked for and
/// the identities to choose from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SandboxRequest {
    pub level_asked: u8,
    pub identities: Vec<SandboxIdentity>,
}

#[cfg(test)]
mod tests {

    #[test]
    fn names_are_masked_to_the_family_name_and_initials() {
        assert_eq!(mask_name("Nguyễn Văn An"), "Nguyễn V. A.");
        assert_eq!(mask_name("  Lê   Thị Thu "), "Lê T. T.");
        assert_eq!(mask_name("Đặng"), "Đặng");
        assert_eq!(mask_name(""), "");
    }

    use super::*;

    #[test]
    fn no_mail_goes_to_a_placeholder_address() {
        assert!(has_mailbox("an@example.vn"));
        assert!(!has_mailbox(""));
        assert!(!has_mailbox(&format!("0123abcd@{NO_MAILBOX_DOMAIN}")));
        assert!(!has_mailbox("api-1a2b3c4d@api-token.invalid"));
        assert!(!has_mailbox("X@Y.INVALID"));
    }

    #[test]
    fn tax_codes_carry_a_check_digit() {
        assert_eq!(TaxCode::parse("0100109106").unwrap().as_str(), "0100109106");
        assert_eq!(TaxCode::parse("0101243150").unwrap().as_str(), "0101243150");
        assert_eq!(TaxCode::parse("0100109106-001").unwrap().as_str(), "0100109106-001");
        assert_eq!(TaxCode::parse("0100109107"), Err(Rule::TaxCodeCheckDigit));
        assert_eq!(TaxCode::parse("010010910"), Err(Rule::TaxCodeFormat));
        assert_eq!(TaxCode::parse("0100109106-01"), Err(Rule::TaxCodeFormat));
        assert_eq!(TaxCode::parse("01001O9106"), Err(Rule::TaxCodeFormat));
        assert_eq!(TaxCode::parse(""), Err(Rule::Required));
        // A weighted sum divisible by 11 would need the check digit 10: never issued.
        assert_eq!(TaxCode::parse("0000000000"), Err(Rule::TaxCodeCheckDigit));
    }

    #[test]
    fn iso_dates_parse_strictly_and_print_the_vietnamese_way() {
        assert_eq!(parse_iso_date("1990-05-17"), Some(date(1990, 5, 17)));
        for bad in ["1990-5-17", "1990-05-17-1", "90-05-17", "1990-13-01", "1990-02-30", "abcd-05-17", "+990-05-17"] {
            assert_eq!(parse_iso_date(bad), None, "{bad}");
        }
        assert_eq!(format_vn_date(date(2025, 7, 1)), "01/07/2025");
    }

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn cccd_accepts_a_well_formed_number() {
        let id = CitizenId::parse_for("001 090 012345", date(1990, 5, 17)).unwrap();
        assert_eq!(id.as_str(), "001090012345");
        assert_eq!(id.gender(), Gender::Male);
        assert_eq!(CitizenId::parse_for("079301000123", date(2001, 1, 1)).unwrap().gender(), Gender::Female);
    }

    #[test]
    fn cccd_shape_errors_are_told_apart() {
        assert_eq!(CitizenId::parse(""), Err(Rule::Required));
        assert_eq!(CitizenId::parse("00109001234"), Err(Rule::CitizenIdLength));
        assert_eq!(CitizenId::parse("0010900123456"), Err(Rule::CitizenIdLength));
        assert_eq!(CitizenId::parse("00109001234a"), Err(Rule::CitizenIdDigits));
        assert_eq!(CitizenId::parse("１２３"), Err(Rule::CitizenIdDigits));
    }

    #[test]
    fn cccd_province_must_exist() {
        // 003, 097 and 000 were never assigned.
        assert_eq!(CitizenId::parse("003090012345"), Err(Rule::CitizenIdProvince));
        assert_eq!(CitizenId::parse("097090012345"), Err(Rule::CitizenIdProvince));
        assert_eq!(CitizenId::parse("000090012345"), Err(Rule::CitizenIdProvince));
        assert!(CitizenId::parse("096090012345").is_ok());
    }

    #[test]
    fn cccd_century_digit_follows_the_birth_year() {
        // 0/1: born 1900–1999; 2/3: 2000–2099.
        assert_eq!(CitizenId::parse_for("001290012345", date(1990, 1, 1)), Err(Rule::CitizenIdCentury));
        assert_eq!(CitizenId::parse_for("001000012345", date(2000, 1, 1)), Err(Rule::CitizenIdCentury));
        assert!(CitizenId::parse_for("001200012345", date(2000, 1, 1)).is_ok());
        assert!(CitizenId::parse_for("001199012345", date(1999, 12, 31)).is_ok());
        // 8/9: born in the 1800s.
        assert!(CitizenId::parse_for("001899012345", date(1899, 6, 1)).is_ok());
    }

    #[test]
    fn cccd_year_digits_follow_the_birth_year() {
        assert_eq!(CitizenId::parse_for("001091012345", date(1990, 5, 17)), Err(Rule::CitizenIdBirthYear));
        assert_eq!(CitizenId::parse_for("001205012345", date(2004, 5, 17)), Err(Rule::CitizenIdBirthYear));
    }

    #[test]
    fn cccd_is_masked_when_displayed() {
        let id = CitizenId::parse("001090012345").unwrap();
        assert_eq!(id.to_string(), "001*******45");
        assert!(!format!("{id:?}").is_empty());
        assert_eq!(mask_id("abc"), "***");
    }

    #[test]
    fn phone_numbers_are_normalised() {
        for raw in ["0912345678", "0912 345 678", "0912.345.678", "+84 912 345 678", "84912345678", "+84912345678"] {
            assert_eq!(Phone::parse(raw).unwrap().as_str(), "0912345678", "{raw}");
        }
        assert_eq!(Phone::parse("0321234567").unwrap().as_str(), "0321234567");
    }

    #[test]
    fn phone_rejects_landlines_and_bad_lengths() {
        assert_eq!(Phone::parse(""), Err(Rule::Required));
        assert_eq!(Phone::parse("091234567"), Err(Rule::PhoneFormat));
        assert_eq!(Phone::parse("09123456789"), Err(Rule::PhoneFormat));
        assert_eq!(Phone::parse("0912-abc-678"), Err(Rule::PhoneFormat));
        assert_eq!(Phone::parse("1912345678"), Err(Rule::PhoneFormat));
        // 024: a Hà Nội landline; 095: a withdrawn prefix.
        assert_eq!(Phone::parse("0243825555"), Err(Rule::PhonePrefix));
        assert_eq!(Phone::parse("0951234567"), Err(Rule::PhonePrefix));
        assert_eq!(Phone::parse("+1 912 345 678"), Err(Rule::PhoneFormat));
    }

    #[test]
    fn email_is_lower_cased_and_checked() {
        assert_eq!(Email::parse(" An.Nguyen@Example.VN ").unwrap().as_str(), "an.nguyen@example.vn");
        for bad in
            ["an", "an@", "@example.vn", "an@example", "an @example.vn", "an@@example.vn", "an@-x.vn", "an@x..vn"]
        {
            assert_eq!(Email::parse(bad), Err(Rule::EmailFormat), "{bad}");
        }
        assert_eq!(Email::parse("  "), Err(Rule::Required));
    }

    #[test]
    fn names_keep_diacritics_and_collapse_spaces() {
        assert_eq!(parse_full_name("  Nguyễn   Thị  Ánh ").unwrap(), "Nguyễn Thị Ánh");
        assert_eq!(parse_full_name("Nguyen 2"), Err(Rule::NameFormat));
        assert_eq!(parse_full_name(""), Err(Rule::Required));
    }

    #[test]
    fn birth_dates_are_real_and_past() {
        let today = date(2026, 11, 29);
        assert_eq!(parse_birth_date("1990-05-17", today).unwrap(), date(1990, 5, 17));
        assert_eq!(parse_birth_date("1990-02-30", today), Err(Rule::DateFormat));
        assert_eq!(parse_birth_date("17/05/1990", today), Err(Rule::DateFormat));
        assert_eq!(parse_birth_date("2026-11-30", today), Err(Rule::BirthDateRange));
        assert_eq!(parse_birth_date("1890-01-01", today), Err(Rule::BirthDateRange));
    }

    proptest::proptest! {
        /// Whatever is typed, each parser answers a value or a rule, and what
        /// it accepts reads back as itself.
        #[test]
        fn identity_parsers_accept_or_name_a_rule(raw in "\\PC{0,40}|[0-9 +.-]{0,16}|[a-z0-9.@_-]{0,30}") {
            let today = NaiveDate::from_ymd_opt(2026, 12, 4).unwrap();
            if let Ok(id) = CitizenId::parse(&raw) {
                proptest::prop_assert_eq!(id.as_str().len(), 12);
                proptest::prop_assert_eq!(CitizenId::parse(id.as_str()), Ok(id.clone()));
                proptest::prop_assert!(!id.masked().contains(&id.as_str()[3..9]));
            }
            if let Ok(phone) = Phone::parse(&raw) {
                proptest::prop_assert_eq!(Phone::parse(phone.as_str()).map(|p| p.as_str().to_owned()), Ok(phone.as_str().to_owned()));
            }
            if let Ok(email) = Email::parse(&raw) {
                proptest::prop_assert!(email.as_str().contains('@'));
            }
            if let Ok(date) = parse_birth_date(&raw, today) {
                proptest::prop_assert!(date <= today);
            }
            let _ = (TaxCode::parse(&raw), parse_full_name(&raw), parse_iso_date(&raw), mask_name(&raw), mask_id(&raw));
        }
    }
}
