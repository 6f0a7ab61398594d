//! Who may do what: account kinds, official roles, the permissions routes and
//! server functions declare, and the one function that decides. Shared, so
//! the browser shows exactly the links the server will honour.

use crate::domain::text::LocalText;
use serde::{Deserialize, Serialize};

named_enum! {
    /// A role an official holds in their agency (receiver, processor, approver, administrator).
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
    pub enum Role {
        /// Bộ phận một cửa: receives dossiers and returns results.
        Receiver = "receiver",
        /// Chuyên viên xử lý: processes dossiers.
        Processor = "processor",
        /// Lãnh đạo phê duyệt: approves results.
        Approver = "approver",
        /// Quản trị cơ quan: manages the agency's officials.
        AgencyAdmin = "agency_admin",
        /// Quản trị hệ thống: manages every agency.
        SystemAdmin = "system_admin",
    }
}

impl Role {
    /// The role's name in the language of `t`.
    pub fn label(self, t: &crate::i18n::Messages) -> &'static str {
        match self {
            Self::Receiver => t.role_receiver,
            Self::Processor => t.role_processor,
            Self::Approver => t.role_approver,
            Self::AgencyAdmin => t.role_agency_admin,
            Self::SystemAdmin => t.role_system_admin,
        }
    }
}

named_enum! {
    /// Citizens register themselves; officials are created by an administrator.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
    pub enum AccountKind {
        Citizen = "citizen",
        Official = "official",
    }
}

named_enum! {
    /// Where a session is in signing in. Only `Active` sessions act; the others
    /// may only finish the step they are at.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
    pub enum SessionStage {
        Active = "active",
        /// First sign-in of an official (or a reset): set an own password first.
        PasswordChange = "password_change",
        /// The password was right; the second factor (TOTP) is awaited.
        SecondFactor = "second_factor",
        /// Officials must enrol a second factor before they can act.
        SecondFactorEnrolment = "second_factor_enrolment",
    }
}

impl SessionStage {
    /// The page that finishes this step of signing in.
    pub fn page(self) -> &'static str {
        match self {
            Self::Active => "/account",
            Self::PasswordChange => "/account/password",
            Self::SecondFactor => "/login/verify",
            Self::SecondFactorEnrolment => "/account/two-factor",
        }
    }
}

/// An agency, as shown beside an official's name.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgencyRef {
    pub id: i32,
    pub code: String,
    pub name: LocalText,
}

/// The signed-in user as every page and server function sees them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionUser {
    pub id: i32,
    pub kind: AccountKind,
    pub full_name: String,
    pub agency: Option<AgencyRef>,
    pub roles: Vec<Role>,
    pub stage: SessionStage,
    /// How this session's person proved who they are: 0 with a password, 1
    /// or 2 the national identity's (VNeID's) level of assurance.
    pub assurance: u8,
}

impl SessionUser {
    pub fn has_role(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }

    /// The agency whose own connections (API tokens, webhooks) this user
    /// manages: an agency administrator's own.
    pub fn administered_agency(&self) -> Option<i32> {
        self.agency.as_ref().filter(|_| self.has_role(Role::AgencyAdmin)).map(|a| a.id)
    }

    /// Whether this user may manage the officials of `agency_id`.
    pub fn manages_agency(&self, agency_id: i32) -> bool {
        self.has_role(Role::SystemAdmin)
            || (self.has_role(Role::AgencyAdmin) && self.agency.as_ref().is_some_and(|a| a.id == agency_id))
    }
}

/// How people sign in to this portal.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignInOptions {
    /// Sign-in with VNeID is configured.
    pub vneid: bool,
    /// Citizens may register here and sign in with a password.
    pub citizen_password: bool,
}

/// What a route or server function requires of whoever calls it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Permission {
    /// Anyone, signed in or not.
    Public,
    /// Someone with a session, even one still finishing signing in.
    Session,
    /// A signed-in user of any kind.
    SignedIn,
    /// A signed-in citizen (applying, drafts, own dossiers).
    Citizen,
    /// An official (any role) or a system administrator.
    Official,
    /// An agency administrator (their agency) or a system administrator.
    ManageOfficials,
    /// A system administrator: the working-day calendar is national.
    ManageCalendar,
    /// A receiver at an agency: taking in paper dossiers at the desk.
    Intake,
    /// An agency administrator (their agency's procedures, terms and own
    /// forms) or a system administrator (the national forms).
    ManageCatalog,
    /// An agency administrator (the feedback sent to their agency) or a
    /// system administrator (all feedback).
    AnswerFeedback,
    /// An agency administrator (the sync of their agency's dossiers with the
    /// national portal) or a system administrator (every agency's).
    ManageSync,
    /// An agency administrator: their agency's API tokens.
    ManageIntegrations,
    /// Another system, with an agency's API token, which the handler checks
    /// (`server::api_tokens`): a session never reaches it.
    ApiToken,
}

/// The decision for one request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    Allowed,
    /// Nobody is signed in: sign in first.
    SignInRequired,
    /// Signed in, but a step of signing in is unfinished.
    StepRequired(SessionStage),
    /// Signed in, and not allowed.
    Forbidden,
}

/// The one place that decides whether `user` may use something requiring `permission`.
pub fn decide(user: Option<&SessionUser>, permission: Permission) -> Access {
    let Some(user) = user else {
        return if permission == Permission::Public { Access::Allowed } else { Access::SignInRequired };
    };
    match permission {
        Permission::Public | Permission::Session => return Access::Allowed,
        _ if user.stage != SessionStage::Active => return Access::StepRequired(user.stage),
        _ => {}
    }
    let allowed = match permission {
        Permission::Public | Permission::Session | Permission::SignedIn => true,
        Permission::Citizen => user.kind == AccountKind::Citizen,
        Permission::Official => user.kind == AccountKind::Official && !user.roles.is_empty(),
        Permission::ManageOfficials
        | Permission::ManageCatalog
        | Permission::AnswerFeedback
        | Permission::ManageSync => {
            user.kind == AccountKind::Official && (user.has_role(Role::AgencyAdmin) || user.has_role(Role::SystemAdmin))
        }
        Permission::ApiToken => false,
        Permission::ManageIntegrations => {
            user.kind == AccountKind::Official && user.has_role(Role::AgencyAdmin) && user.agency.is_some()
        }
        Permission::ManageCalendar => user.kind == AccountKind::Official && user.has_role(Role::SystemAdmin),
        Permission::Intake => {
            user.kind == AccountKind::Official && user.has_role(Role::Receiver) && user.agency.is_some()
        }
    };
    if allowed { Access::Allowed } else { Access::Forbidden }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(kind: AccountKind, roles: &[Role], stage: SessionStage) -> SessionUser {
        SessionUser {
            id: 1,
            kind,
            full_name: "Nguyễn Văn An".into(),
            agency: Some(AgencyRef { id: 7, code: "X".into(), name: LocalText::default() }),
            roles: roles.to_vec(),
            stage,
            assurance: 0,
        }
    }

    #[test]
    fn anonymous_users_reach_public_things_only() {
        assert_eq!(decide(None, Permission::Public), Access::Allowed);
        for p in [
            Permission::Session,
            Permission::SignedIn,
            Permission::Citizen,
            Permission::Official,
            Permission::ManageOfficials,
            Permission::ManageCalendar,
            Permission::ManageCatalog,
            Permission::Intake,
            Permission::AnswerFeedback,
            Permission::ManageSync,
        ] {
            assert_eq!(decide(None, p), Access::SignInRequired);
        }
    }

    #[test]
    fn citizens_are_not_officials() {
        let citizen = user(AccountKind::Citizen, &[], SessionStage::Active);
        assert_eq!(decide(Some(&citizen), Permission::SignedIn), Access::Allowed);
        assert_eq!(decide(Some(&citizen), Permission::Citizen), Access::Allowed);
        assert_eq!(decide(Some(&citizen), Permission::Official), Access::Forbidden);
        // Roles on a citizen account (a corrupted row) grant nothing.
        let odd = user(AccountKind::Citizen, &[Role::SystemAdmin], SessionStage::Active);
        assert_eq!(decide(Some(&odd), Permission::ManageOfficials), Access::Forbidden);
    }

    #[test]
    fn only_admins_manage_officials() {
        for role in [Role::Receiver, Role::Processor, Role::Approver] {
            let official = user(AccountKind::Official, &[role], SessionStage::Active);
            assert_eq!(decide(Some(&official), Permission::Official), Access::Allowed);
            assert_eq!(decide(Some(&official), Permission::Citizen), Access::Forbidden);
            assert_eq!(decide(Some(&official), Permission::ManageOfficials), Access::Forbidden);
            assert_eq!(decide(Some(&official), Permission::AnswerFeedback), Access::Forbidden);
            assert_eq!(decide(Some(&official), Permission::ManageSync), Access::Forbidden);
        }
        let admin = user(AccountKind::Official, &[Role::AgencyAdmin], SessionStage::Active);
        assert_eq!(decide(Some(&admin), Permission::ManageOfficials), Access::Allowed);
        assert_eq!(decide(Some(&admin), Permission::AnswerFeedback), Access::Allowed);
        assert_eq!(decide(Some(&admin), Permission::ManageSync), Access::Allowed);
        assert!(admin.manages_agency(7));
        assert!(!admin.manages_agency(8));
        let system = user(AccountKind::Official, &[Role::SystemAdmin], SessionStage::Active);
        assert!(system.manages_agency(8));
        // The calendar is national: system administrators only.
        assert_eq!(decide(Some(&system), Permission::ManageCalendar), Access::Allowed);
        assert_eq!(decide(Some(&admin), Permission::ManageCalendar), Access::Forbidden);
    }

    #[test]
    fn only_receivers_of_an_agency_take_paper_dossiers_in() {
        let receiver = user(AccountKind::Official, &[Role::Receiver], SessionStage::Active);
        assert_eq!(decide(Some(&receiver), Permission::Intake), Access::Allowed);
        let nowhere = SessionUser { agency: None, ..receiver.clone() };
        assert_eq!(decide(Some(&nowhere), Permission::Intake), Access::Forbidden);
        for role in [Role::Processor, Role::Approver, Role::AgencyAdmin, Role::SystemAdmin] {
            let official = user(AccountKind::Official, &[role], SessionStage::Active);
            assert_eq!(decide(Some(&official), Permission::Intake), Access::Forbidden);
        }
        let citizen = user(AccountKind::Citizen, &[Role::Receiver], SessionStage::Active);
        assert_eq!(decide(Some(&citizen), Permission::Intake), Access::Forbidden);
    }

    #[test]
    fn agency_tokens_are_for_agency_administrators_and_no_session_reaches_the_api() {
        let admin = user(AccountKind::Official, &[Role::AgencyAdmin], SessionStage::Active);
        assert_eq!(decide(Some(&admin), Permission::ManageIntegrations), Access::Allowed);
        let national =
            SessionUser { agency: None, ..user(AccountKind::Official, &[Role::SystemAdmin], SessionStage::Active) };
        assert_eq!(decide(Some(&national), Permission::ManageIntegrations), Access::Forbidden);
        let receiver = user(AccountKind::Official, &[Role::Receiver], SessionStage::Active);
        assert_eq!(decide(Some(&receiver), Permission::ManageIntegrations), Access::Forbidden);
        assert_eq!(decide(Some(&admin), Permission::ApiToken), Access::Forbidden);
        assert_eq!(decide(None, Permission::ApiToken), Access::SignInRequired);
    }

    #[test]
    fn unfinished_sign_in_only_finishes() {
        let pending = user(AccountKind::Official, &[Role::SystemAdmin], SessionStage::PasswordChange);
        assert_eq!(decide(Some(&pending), Permission::Session), Access::Allowed);
        assert_eq!(decide(Some(&pending), Permission::SignedIn), Access::StepRequired(SessionStage::PasswordChange));
        assert_eq!(
            decide(Some(&pending), Permission::ManageOfficials),
            Access::StepRequired(SessionStage::PasswordChange)
        );
    }

    #[test]
    fn role_names_round_trip() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Some(role));
        }
        assert_eq!(Role::parse("root"), None);
    }
}
