//! Officials, managed by administrators: agency administrators within their
//! agency, system administrators everywhere (and from the command line).

use crate::domain::access::{AccountKind, AgencyRef, Role, SessionUser};
use crate::domain::account::{CreatedOfficial, NewOfficial, OfficialSummary};
use crate::domain::rules::{FieldErrors, Rule};
use crate::domain::text::LocalText;
use crate::error::AppError;
use crate::server::auth::audit::{self, AuditEvent};
use crate::server::auth::passwords;
use crate::server::auth::session::{self, Client};
use crate::server::entities::{agency, api_token, user, user_role};
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, NotSet, QueryFilter, QueryOrder,
    QuerySelect, Set, TransactionTrait,
};

/// Who is acting: an administrator in a session, or the server's command line.
#[derive(Clone, Debug)]
pub enum Admin<'a> {
    Session(&'a SessionUser, &'a Client),
    CommandLine,
}

impl Admin<'_> {
    fn manages(&self, agency_id: Option<i32>) -> bool {
        match (self, agency_id) {
            (Self::CommandLine, _) => true,
            (Self::Session(me, _), Some(id)) => me.manages_agency(id),
            (Self::Session(me, _), None) => me.has_role(Role::SystemAdmin),
        }
    }

    fn may_grant(&self, role: Role) -> bool {
        match self {
            Self::CommandLine => true,
            Self::Session(me, _) => role != Role::SystemAdmin || me.has_role(Role::SystemAdmin),
        }
    }

    fn audit<'b>(&'b self, action: &'static str, subject: String, detail: Option<String>) -> AuditEvent<'b> {
        match self {
            Self::Session(me, client) => AuditEvent {
                actor_id: Some(me.id),
                actor: &me.full_name,
                action,
                subject: Some(subject),
                outcome: "success",
                ip: client.ip.as_deref(),
                detail,
            },
            Self::CommandLine => AuditEvent {
                actor_id: None,
                actor: "command line",
                action,
                subject: Some(subject),
                outcome: "success",
                ip: None,
                detail,
            },
        }
    }
}

/// Agencies the administrator may put officials in.
pub async fn managed_agencies(
    db: &DatabaseConnection,
    admin: &Admin<'_>,
    query: &str,
) -> Result<Vec<AgencyRef>, AppError> {
    let mut select = agency::Entity::find().order_by_asc(agency::Column::Code).limit(MANAGED_LIMIT);
    match admin {
        Admin::Session(me, _) if !me.has_role(Role::SystemAdmin) => {
            select = select.filter(agency::Column::Id.eq(me.agency.as_ref().map_or(-1, |a| a.id)));
        }
        _ => {}
    }
    // The country has thousands of agencies: a system administrator finds
    // one by its name (diacritics optional) or code.
    for word in crate::domain::text::fold(query).split_whitespace().take(8) {
        let word: String = word.chars().take(40).collect();
        select = select.filter(
            sea_orm::Condition::any()
                .add(agency::Column::NameFolded.contains(word.as_str()))
                .add(agency::Column::Code.contains(word.to_uppercase().as_str())),
        );
    }
    let rows = select.all(db).await?;
    Ok(rows
        .into_iter()
        .filter(|a| admin.manages(Some(a.id)))
        .map(|a| AgencyRef { id: a.id, code: a.code, name: LocalText::new(a.name_vi, a.name_en) })
        .collect())
}

/// The most agencies one search offers.
const MANAGED_LIMIT: u64 = 50;

/// Creates an official with a temporary password they must change at first sign-in.
pub async fn create(
    db: &DatabaseConnection,
    admin: &Admin<'_>,
    form: &NewOfficial,
    now: DateTime<Utc>,
) -> Result<CreatedOfficial, AppError> {
    let (full_name, email) = form.validate()?;
    let agency = if form.agency_code.trim().is_empty() {
        None
    } else {
        match agency::Entity::find().filter(agency::Column::Code.eq(form.agency_code.trim())).one(db).await? {
            Some(agency) => Some(agency),
            None => return Err(one_error("agency_code", Rule::UnknownAgency)),
        }
    };
    let agency_id = agency.as_ref().map(|a| a.id);
    if !admin.manages(agency_id) || !form.roles.iter().all(|r| admin.may_grant(*r)) {
        return Err(AppError::Forbidden);
    }
    if super::find_by_email(db, email.as_str()).await?.is_some() {
        return Err(one_error("email", Rule::AlreadyRegistered));
    }
    let temporary_password = passwords::temporary_password();
    let txn = db.begin().await?;
    let account =
        insert_official(&txn, &full_name, email.as_str(), agency_id, &form.roles, &temporary_password, true, now)
            .await?;
    audit::record(
        &txn,
        admin.audit("official.create", format!("user:{}", account.id), Some(roles_detail(&form.roles))),
    )
    .await?;
    txn.commit().await?;
    Ok(CreatedOfficial { id: account.id, email: account.email, temporary_password })
}

/// Inserts an official and their roles (inside the caller's transaction).
#[expect(clippy::too_many_arguments, reason = "one row and its roles, all needed")]
pub async fn insert_official(
    db: &impl ConnectionTrait,
    full_name: &str,
    email: &str,
    agency_id: Option<i32>,
    roles: &[Role],
    password: &str,
    must_change_password: bool,
    now: DateTime<Utc>,
) -> Result<user::Model, AppError> {
    let hash = passwords::hash_password(password).await?;
    insert_account(db, full_name, email, agency_id, roles, hash, must_change_password, None, now).await
}

/// Inserts an official's account with `password_hash` as stored (a malformed
/// one never matches any password) and `disabled_at`, and their roles.
#[expect(clippy::too_many_arguments, reason = "one row and its roles, all needed")]
pub async fn insert_account(
    db: &impl ConnectionTrait,
    full_name: &str,
    email: &str,
    agency_id: Option<i32>,
    roles: &[Role],
    password_hash: String,
    must_change_password: bool,
    disabled_at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Result<user::Model, AppError> {
    let account = user::ActiveModel {
        id: NotSet,
        kind: Set(AccountKind::Official.as_str().to_owned()),
        full_name: Set(full_name.to_owned()),
        citizen_id: Set(None),
        email: Set(email.to_owned()),
        phone: Set(None),
        birth_date: Set(None),
        password_hash: Set(password_hash),
        must_change_password: Set(must_change_password),
        totp_secret: Set(None),
        totp_enabled_at: Set(None),
        totp_last_step: Set(None),
        agency_id: Set(agency_id),
        province_code: Set(None),
        ward_code: Set(None),
        street: Set(String::new()),
        auth_version: Set(1),
        disabled_at: Set(disabled_at),
        created_at: Set(now),
        updated_at: Set(now),
        // The database's defaults: Vietnamese, the usual mails.
        locale: NotSet,
        mail_statuses: NotSet,
        sms_notifications: NotSet,
        identity_subject: Set(None),
        identity_verified_at: Set(None),
    }
    .insert(db)
    .await?;
    write_roles(db, account.id, roles).await?;
    Ok(account)
}

async fn write_roles(db: &impl ConnectionTrait, user_id: i32, roles: &[Role]) -> Result<(), AppError> {
    user_role::Entity::delete_many().filter(user_role::Column::UserId.eq(user_id)).exec(db).await?;
    let mut roles = roles.to_vec();
    roles.sort();
    roles.dedup();
    for role in roles {
        user_role::ActiveModel { user_id: Set(user_id), role: Set(role.as_str().to_owned()) }.insert(db).await?;
    }
    Ok(())
}

/// The officials the administrator manages.
pub async fn list(db: &DatabaseConnection, admin: &Admin<'_>) -> Result<Vec<OfficialSummary>, AppError> {
    let accounts = user::Entity::find()
        .filter(user::Column::Kind.eq(AccountKind::Official.as_str()))
        .filter(user::Column::Id.not_in_subquery(token_accounts()))
        .order_by_asc(user::Column::FullName)
        .all(db)
        .await?;
    let agencies = agency::Entity::find().all(db).await?;
    let mut out = Vec::new();
    for account in accounts.into_iter().filter(|a| admin.manages(a.agency_id)) {
        out.push(OfficialSummary {
            id: account.id,
            roles: session::roles_of(db, account.id).await?,
            full_name: account.full_name,
            email: account.email,
            agency_code: account.agency_id.and_then(|id| agencies.iter().find(|a| a.id == id)).map(|a| a.code.clone()),
            disabled: account.disabled_at.is_some(),
            two_factor_enabled: account.totp_enabled_at.is_some(),
        });
    }
    Ok(out)
}

/// The accounts API tokens act through (`server::api_tokens`): not officials
/// anyone manages.
fn token_accounts() -> sea_orm::sea_query::SelectStatement {
    sea_orm::sea_query::Query::select().column(api_token::Column::UserId).from(api_token::Entity).to_owned()
}

/// The official `id`, if the administrator manages them (others look absent).
async fn managed(db: &impl ConnectionTrait, admin: &Admin<'_>, id: i32) -> Result<user::Model, AppError> {
    let account =
        user::Entity::find_by_id(id).filter(user::Column::Id.not_in_subquery(token_accounts())).one(db).await?;
    match account {
        Some(account) if account.kind == AccountKind::Official.as_str() && admin.manages(account.agency_id) => {
            Ok(account)
        }
        Some(_) => Err(AppError::Forbidden),
        None => Err(AppError::NotFound),
    }
}

/// Replaces an official's roles. A privilege change: their sessions rotate.
pub async fn set_roles(
    db: &DatabaseConnection,
    admin: &Admin<'_>,
    id: i32,
    roles: &[Role],
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    if roles.is_empty() {
        return Err(one_error("roles", Rule::RoleRequired));
    }
    let account = managed(db, admin, id).await?;
    let current = session::roles_of(db, id).await?;
    // Granting or removing system administration needs a system administrator.
    let changed: Vec<Role> = Role::ALL.into_iter().filter(|r| roles.contains(r) != current.contains(r)).collect();
    if !changed.iter().all(|r| admin.may_grant(*r)) {
        return Err(AppError::Forbidden);
    }
    let txn = db.begin().await?;
    write_roles(&txn, id, roles).await?;
    user::ActiveModel {
        id: Set(id),
        auth_version: Set(account.auth_version + 1),
        updated_at: Set(now),
        ..Default::default()
    }
    .update(&txn)
    .await?;
    audit::record(
        &txn,
        admin.audit(
            "official.roles",
            format!("user:{id}"),
            Some(format!("{} → {}", roles_detail(&current), roles_detail(roles))),
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Disables (ending their sessions) or re-enables an official.
pub async fn set_disabled(
    db: &DatabaseConnection,
    admin: &Admin<'_>,
    id: i32,
    disabled: bool,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    managed(db, admin, id).await?;
    if let Admin::Session(me, _) = admin
        && me.id == id
    {
        return Err(AppError::Forbidden);
    }
    let txn = db.begin().await?;
    user::ActiveModel {
        id: Set(id),
        disabled_at: Set(disabled.then_some(now)),
        updated_at: Set(now),
        ..Default::default()
    }
    .update(&txn)
    .await?;
    if disabled {
        session::end_all(&txn, id).await?;
    }
    audit::record(
        &txn,
        admin.audit(if disabled { "official.disable" } else { "official.enable" }, format!("user:{id}"), None),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

fn roles_detail(roles: &[Role]) -> String {
    roles.iter().map(|r| r.as_str()).collect::<Vec<_>>().join(",")
}

fn one_error(field: &str, rule: Rule) -> AppError {
    let mut errors = FieldErrors::default();
    errors.push(field, rule);
    AppError::Invalid(errors)
}
