//! Codes in the national formats, and the service level with its Decree 42 class.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Why a code or level was rejected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CodeError {
    #[error("mã thủ tục không đúng định dạng (ví dụ 1.001193): {0}")]
    Procedure(String),
    #[error("mã cơ quan không đúng định dạng (ví dụ 000.00.31.H29): {0}")]
    Agency(String),
    #[error("mức độ dịch vụ công phải từ 1 đến 4: {0}")]
    Level(i64),
    #[error("cấp cơ quan không hợp lệ: {0}")]
    AgencyLevel(String),
}

/// A procedure code in the national database format: a digit, a dot and six
/// digits (`1.001193`).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct ProcedureCode(String);

impl ProcedureCode {
    pub fn parse(code: &str) -> Result<Self, CodeError> {
        let code = code.trim();
        let valid = matches!(code.split_once('.'), Some((head, tail))
            if head.len() == 1
                && head.bytes().all(|b| b.is_ascii_digit())
                && tail.len() == 6
                && tail.bytes().all(|b| b.is_ascii_digit()));
        if valid { Ok(Self(code.to_owned())) } else { Err(CodeError::Procedure(code.to_owned())) }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ProcedureCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A national agency code (`000.00.31.H29`): three, two and two digits, then a
/// letter and two digits naming the province or ministry.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct AgencyCode(String);

impl AgencyCode {
    pub fn parse(code: &str) -> Result<Self, CodeError> {
        let code = code.trim();
        let parts: Vec<&str> = code.split('.').collect();
        let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
        let valid = parts.len() == 4
            && digits(parts[0], 3)
            && digits(parts[1], 2)
            && digits(parts[2], 2)
            && parts[3].len() == 3
            && parts[3].as_bytes()[0].is_ascii_uppercase()
            && digits(&parts[3][1..], 2);
        if valid { Ok(Self(code.to_owned())) } else { Err(CodeError::Agency(code.to_owned())) }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Online public service level 1–4 (serialized as the number).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(into = "u8", try_from = "u8")]
pub enum ServiceLevel {
    /// Information only.
    L1,
    /// Templates downloaded, dossier uploaded online.
    L2,
    /// Forms filled and processed online; paid and collected in person.
    L3,
    /// Fully online: paid online, result returned online or by post.
    L4,
}

impl ServiceLevel {
    pub const ALL: [ServiceLevel; 4] = [Self::L1, Self::L2, Self::L3, Self::L4];

    pub fn parse(level: i64) -> Result<Self, CodeError> {
        match level {
            1 => Ok(Self::L1),
            2 => Ok(Self::L2),
            3 => Ok(Self::L3),
            4 => Ok(Self::L4),
            other => Err(CodeError::Level(other)),
        }
    }

    pub fn number(self) -> u8 {
        match self {
            Self::L1 => 1,
            Self::L2 => 2,
            Self::L3 => 3,
            Self::L4 => 4,
        }
    }

    /// The Decree 42/2022/NĐ-CP class of a service at this level: none for
    /// information only, partial while something still needs the desk, full
    /// online at level 4.
    pub fn online_class(self) -> Option<OnlineClass> {
        match self {
            Self::L1 => None,
            Self::L2 | Self::L3 => Some(OnlineClass::Partial),
            Self::L4 => Some(OnlineClass::Full),
        }
    }
}

impl From<ServiceLevel> for u8 {
    fn from(level: ServiceLevel) -> u8 {
        level.number()
    }
}

impl TryFrom<u8> for ServiceLevel {
    type Error = CodeError;

    fn try_from(level: u8) -> Result<Self, CodeError> {
        Self::parse(level.into())
    }
}

named_enum! {
    /// Decree 42/2022/NĐ-CP class of an online public service.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    #[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
    pub enum OnlineClass {
        /// "Một phần": part of the procedure needs the desk.
        Partial = "partial",
        /// "Toàn trình": everything, result included, happens online.
        Full = "full",
    }
}

/// The tier of government an agency belongs to (two local tiers since July 2025).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub enum AgencyLevel {
    Central,
    Province,
    Ward,
}

impl AgencyLevel {
    pub fn parse(s: &str) -> Result<Self, CodeError> {
        match s {
            "central" => Ok(Self::Central),
            "province" => Ok(Self::Province),
            "ward" => Ok(Self::Ward),
            other => Err(CodeError::AgencyLevel(other.to_owned())),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Central => "central",
            Self::Province => "province",
            Self::Ward => "ward",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn procedure_code_accepts_the_national_format() {
        assert_eq!(ProcedureCode::parse(" 1.001193 ").unwrap().as_str(), "1.001193");
        assert!(ProcedureCode::parse("2.000488").is_ok());
    }

    #[test]
    fn procedure_code_rejects_other_shapes() {
        for bad in ["", "1001193", "1.00119", "1.0011934", "12.001193", "a.001193", "1.00119x", "1,001193"] {
            assert!(ProcedureCode::parse(bad).is_err(), "{bad} should be rejected");
        }
    }

    #[test]
    fn agency_code_accepts_the_national_format() {
        assert!(AgencyCode::parse("000.00.31.H29").is_ok());
        assert!(AgencyCode::parse("000.20.26.H26").is_ok());
    }

    #[test]
    fn agency_code_rejects_other_shapes() {
        for bad in ["", "000.00.31", "000.00.31.h29", "00.00.31.H29", "000.00.31.H2", "000.00.31.HH9", "000-00-31-H29"]
        {
            assert!(AgencyCode::parse(bad).is_err(), "{bad} should be rejected");
        }
    }

    #[test]
    fn level_maps_to_decree_42_class() {
        assert_eq!(ServiceLevel::parse(1).unwrap().online_class(), None);
        assert_eq!(ServiceLevel::parse(2).unwrap().online_class(), Some(OnlineClass::Partial));
        assert_eq!(ServiceLevel::parse(3).unwrap().online_class(), Some(OnlineClass::Partial));
        assert_eq!(ServiceLevel::parse(4).unwrap().online_class(), Some(OnlineClass::Full));
    }

    #[test]
    fn level_outside_one_to_four_is_rejected() {
        assert_eq!(ServiceLevel::parse(0), Err(CodeError::Level(0)));
        assert_eq!(ServiceLevel::parse(5), Err(CodeError::Level(5)));
        assert_eq!(ServiceLevel::parse(3).unwrap().number(), 3);
    }

    #[test]
    fn online_class_and_agency_level_round_trip() {
        for class in [OnlineClass::Partial, OnlineClass::Full] {
            assert_eq!(OnlineClass::parse(class.as_str()), Some(class));
        }
        for level in [AgencyLevel::Central, AgencyLevel::Province, AgencyLevel::Ward] {
            assert_eq!(AgencyLevel::parse(level.as_str()), Ok(level));
        }
        assert!(AgencyLevel::parse("district").is_err());
    }
}
