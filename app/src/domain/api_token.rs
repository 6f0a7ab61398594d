//! API tokens: how another system of an agency (archives, accounting, a
//! specialised registry, the national portal's desk) reads the agency's
//! dossiers and acts on them through `/api/v1/dossiers`. A token belongs to
//! one agency, has one scope, is shown once and kept only as its hash, and is
//! refused from the moment it is revoked.

use crate::domain::access::Role;
use crate::domain::rules::{FieldErrors, Rule};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

named_enum! {
    /// What a token may do.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum ApiScope {
        /// List and read the agency's dossiers (status lookups).
        Read = "read",
        /// Read, and take the actions of the one-stop desk (a receiver on the
        /// dashboard: receive, request a supplement, refuse, hand on, assign
        /// a processor, give a new appointment, record a fee, return the
        /// result and record its delivery).
        Act = "act",
    }
}

impl ApiScope {
    /// The roles a token of this scope acts with: the dashboard's rules then
    /// decide every action, as for an official with these roles. Processing
    /// and approving stay with named officials.
    pub fn roles(self) -> &'static [Role] {
        match self {
            Self::Read => &[],
            Self::Act => &[Role::Receiver],
        }
    }

    pub fn label(self, t: &crate::i18n::Messages) -> &'static str {
        match self {
            Self::Read => t.api_scope_read,
            Self::Act => t.api_scope_act,
        }
    }
}

/// What every token starts with: a leaked one is recognisable in logs and
/// by secret scanners.
pub const TOKEN_PREFIX: &str = "dvc_";
/// The prefix and 64 hex digits.
pub const TOKEN_CHARS: usize = TOKEN_PREFIX.len() + 64;
pub const NAME_CHARS: usize = 80;
/// Tokens an agency may hold unrevoked at once.
pub const MAX_ACTIVE: u64 = 20;

/// The token in an `Authorization: Bearer …` header, if it has a token's
/// shape (nothing longer is looked at).
pub fn bearer_token(header: &str) -> Option<&str> {
    let (scheme, token) = header.split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("bearer") {
        return None;
    }
    let token = token.trim();
    let digits = token.strip_prefix(TOKEN_PREFIX)?;
    (token.len() == TOKEN_CHARS && digits.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)))
        .then_some(token)
}

/// An administrator's request for a new token.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewApiToken {
    /// The system it is for, as the administrator names it.
    pub name: String,
    pub scope: Option<ApiScope>,
}

impl NewApiToken {
    /// The trimmed name and the scope, or every mistake at once.
    pub fn check(&self) -> Result<(String, ApiScope), FieldErrors> {
        let mut errors = FieldErrors::default();
        let name = self.name.trim();
        if name.is_empty() {
            errors.push("name", Rule::Required);
        } else if name.chars().count() > NAME_CHARS {
            errors.push("name", Rule::TooLong(NAME_CHARS as u32));
        } else if name.chars().any(char::is_control) {
            errors.push("name", Rule::NotAnOption);
        }
        if self.scope.is_none() {
            errors.push("scope", Rule::Required);
        }
        match self.scope {
            Some(scope) if errors.is_empty() => Ok((name.to_owned(), scope)),
            _ => Err(errors),
        }
    }
}

/// A token as its agency's administrators see it (never the token itself).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiTokenSummary {
    pub id: i32,
    pub name: String,
    pub scope: ApiScope,
    /// Its first characters, to tell tokens apart (`dvc_1a2b…`).
    pub hint: String,
    pub created_at: DateTime<Utc>,
    pub created_by: String,
    pub last_used_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
}

/// A new token: shown this once.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreatedApiToken {
    pub id: i32,
    pub token: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_bearer_token_of_the_right_shape_is_looked_up() {
        let token = format!("{TOKEN_PREFIX}{}", "a1".repeat(32));
        assert_eq!(bearer_token(&format!("Bearer {token}")), Some(token.as_str()));
        assert_eq!(bearer_token(&format!("bearer {token}")), Some(token.as_str()), "the scheme's case does not matter");
        assert_eq!(bearer_token(&format!("Basic {token}")), None);
        assert_eq!(bearer_token(&format!("Bearer {}", token.to_uppercase())), None);
        assert_eq!(bearer_token(&format!("Bearer {token}0")), None);
        assert_eq!(bearer_token(&format!("Bearer {}", &token[..TOKEN_CHARS - 1])), None);
        assert_eq!(bearer_token(&format!("Bearer xyz_{}", "a1".repeat(32))), None);
        assert_eq!(bearer_token(&"Bearer ".repeat(10_000)), None);
    }

    #[test]
    fn a_token_needs_a_plain_name_and_a_scope() {
        let ok = NewApiToken { name: "  Hệ thống lưu trữ ".into(), scope: Some(ApiScope::Read) };
        assert_eq!(ok.check(), Ok(("Hệ thống lưu trữ".to_owned(), ApiScope::Read)));
        let errors = NewApiToken { name: " ".into(), scope: None }.check().unwrap_err();
        assert_eq!(errors.0.len(), 2);
        let long = NewApiToken { name: "á".repeat(NAME_CHARS + 1), scope: Some(ApiScope::Act) };
        assert!(long.check().is_err());
        let control = NewApiToken { name: "a\nb".into(), scope: Some(ApiScope::Act) };
        assert!(control.check().is_err());
    }

    #[test]
    fn a_read_token_acts_with_no_role_and_an_act_token_as_the_desk() {
        assert!(ApiScope::Read.roles().is_empty());
        assert_eq!(ApiScope::Act.roles(), &[Role::Receiver]);
        assert_eq!(ApiScope::parse("act"), Some(ApiScope::Act));
        assert_eq!(ApiScope::parse("admin"), None);
    }
}
