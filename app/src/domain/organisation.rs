//! Organisations: a business that its legal representative opened with a
//! VNeID business identity, and the members who act for it (the choice of
//! applying for one is `domain::applicant`).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// What a person is to an organisation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum MemberRole {
    /// The legal representative: opened it with VNeID, adds and removes members.
    Representative,
    /// Acts for it: applies on its behalf, reads its dossiers.
    Member,
}

impl MemberRole {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Representative => "representative",
            Self::Member => "member",
        }
    }

    pub fn parse(name: &str) -> Option<Self> {
        match name {
            "representative" => Some(Self::Representative),
            "member" => Some(Self::Member),
            _ => None,
        }
    }

    pub fn label(self, t: &crate::i18n::Messages) -> &'static str {
        match self {
            Self::Representative => t.organisation_role_representative,
            Self::Member => t.organisation_role_member,
        }
    }
}

/// One member as the representative sees them (the ID number masked).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberView {
    pub user_id: i32,
    pub full_name: String,
    pub citizen_id_masked: String,
    pub role: MemberRole,
    pub added_at: DateTime<Utc>,
}

/// An organisation the caller belongs to; its members are listed to its
/// representative only.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrganisationView {
    pub id: i32,
    pub tax_code: String,
    pub name: String,
    pub address: String,
    pub verified_at: DateTime<Utc>,
    pub my_role: MemberRole,
    pub members: Vec<MemberView>,
}

/// An organisation named on a dossier: the applicant, beside the person who acted.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrganisationRef {
    pub tax_code: String,
    pub name: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_round_trip() {
        for role in [MemberRole::Representative, MemberRole::Member] {
            assert_eq!(MemberRole::parse(role.as_str()), Some(role));
        }
        assert_eq!(MemberRole::parse("owner"), None);
    }
}
