//! Account services: registration, signing in (password, then the steps it
//! may need), passwords, the second factor and the profile. Plain functions
//! over the database, tested without HTTP; server functions call them.

pub mod demo;
pub mod officials;
pub mod reset;
pub mod vneid;

use crate::domain::access::{AccountKind, SessionStage, SessionUser};
use crate::domain::account::{
    Address, PasswordChange, Profile, ProfileUpdate, Registration, TwoFactorEnrolment, parse_totp_code,
};
use crate::domain::rules::{FieldErrors, Rule};
use crate::domain::text::fold;
use crate::error::AppError;
use crate::server::auth::audit::{self, AuditEvent};
use crate::server::auth::session::{self, Client};
use crate::server::auth::{AuthSettings, passwords, rate_limit, totp};
use crate::server::entities::{user, ward};
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, NotSet, QueryFilter, Set,
    TransactionTrait,
};

/// A new session: its token for the cookie, and where signing in goes next.
#[derive(Clone, Debug)]
pub struct Started {
    pub token: String,
    pub stage: SessionStage,
}

/// Registers a citizen and signs them in.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn register(
    db: &DatabaseConnection,
    settings: &AuthSettings,
    form: &Registration,
    client: &Client,
    now: DateTime<Utc>,
) -> Result<Started, AppError> {
    if !settings.citizen_password_login {
        return Err(AppError::UseVneid);
    }
    let ip_key = client.limit_key("register");
    if let Some(retry_after_secs) = rate_limit::hit(db, &ip_key, settings.register_per_ip, now).await? {
        return Err(AppError::RateLimited { retry_after_secs });
    }
    let valid = form.validate(crate::domain::dossier::vietnam_date(now))?;
    let mut errors = FieldErrors::default();
    if find_by_citizen_id(db, valid.citizen_id.as_str()).await?.is_some() {
        errors.push("citizen_id", Rule::AlreadyRegistered);
    }
    if find_by_email(db, valid.email.as_str()).await?.is_some() {
        errors.push("email", Rule::AlreadyRegistered);
    }
    if !errors.is_empty() {
        return Err(errors.into());
    }
    let password_hash = passwords::hash_password(&valid.password).await?;
    let txn = db.begin().await?;
    let account = insert_citizen(&txn, &valid, password_hash, now).await.map_err(|err| {
        // Two registrations racing for the same ID number: the unique index decides.
        tracing::warn!(error = %err, "registration refused by the database");
        AppError::Invalid(one_error("citizen_id", Rule::AlreadyRegistered))
    })?;
    let token = session::start(&txn, settings, &account, SessionStage::Active, 0, client, now).await?;
    audit::record(
        &txn,
        AuditEvent {
            actor_id: Some(account.id),
            actor: valid.citizen_id.as_str(),
            action: "account.register",
            subject: Some(format!("user:{}", account.id)),
            outcome: "success",
            ip: client.ip.as_deref(),
            detail: None,
        },
    )
    .await?;
    txn.commit().await?;
    Ok(Started { token, stage: SessionStage::Active })
}

/// Longest sign-in identifier read (an e-mail address has at most 254 characters).
const MAX_IDENTIFIER_CHARS: usize = 254;

/// Checks an identifier (ID number or e-mail) and password and starts a
/// session at the first step the account still needs.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn sign_in(
    db: &DatabaseConnection,
    settings: &AuthSettings,
    identifier: &str,
    password: &str,
    client: &Client,
    now: DateTime<Utc>,
) -> Result<Started, AppError> {
    // Bounded before it reaches a query, a log line or the audit log.
    let identifier: String = identifier.trim().chars().take(MAX_IDENTIFIER_CHARS).collect();
    let identifier = identifier.as_str();
    let ip_key = client.limit_key("sign_in");
    let fail = |action: &'static str, actor_id: Option<i32>, outcome: &'static str| AuditEvent {
        actor_id,
        actor: identifier,
        action,
        subject: actor_id.map(|id| format!("user:{id}")),
        outcome,
        ip: client.ip.as_deref(),
        detail: None,
    };
    if let Some(retry_after_secs) = rate_limit::hit(db, &ip_key, settings.sign_in_per_ip, now).await? {
        audit::record(db, fail("sign_in", None, "rate_limited_ip")).await?;
        return Err(AppError::RateLimited { retry_after_secs });
    }
    let account = if identifier.contains('@') {
        find_by_email(db, &identifier.to_lowercase()).await?
    } else {
        let digits: String = identifier.chars().filter(|c| !c.is_whitespace()).collect();
        find_by_citizen_id(db, &digits).await?
    };
    // Counted before the (slow) check, atomically: of any number of parallel
    // guesses only the first `max` are checked at all. Keyed by the account
    // once found, so its ID number and e-mail share one count.
    let account_key = match &account {
        Some(account) => format!("sign_in:user:{}", account.id),
        None => format!("sign_in:unknown:{}", fold(identifier).replace(' ', "")),
    };
    if let Some(retry_after_secs) =
        rate_limit::hit(db, &account_key, settings.sign_in_failures_per_account, now).await?
    {
        audit::record(db, fail("sign_in", account.as_ref().map(|a| a.id), "locked")).await?;
        return Err(AppError::RateLimited { retry_after_secs });
    }
    let verified = match &account {
        Some(account) => passwords::verify_password(password, &account.password_hash).await?,
        None => {
            passwords::spend_password_check_time(password).await?;
            false
        }
    };
    let account = match account {
        Some(account) if verified => account,
        other => {
            audit::record(db, fail("sign_in", other.as_ref().map(|a| a.id), "bad_credentials")).await?;
            return Err(AppError::BadCredentials);
        }
    };
    // The right password: the attempts before it no longer count.
    rate_limit::clear(db, &account_key, settings.sign_in_failures_per_account, now).await?;
    if account.disabled_at.is_some() {
        audit::record(db, fail("sign_in", Some(account.id), "disabled")).await?;
        return Err(AppError::AccountDisabled);
    }
    // Said only after the right password: nobody learns who has an account.
    if account.kind == AccountKind::Citizen.as_str() && !settings.citizen_password_login {
        audit::record(db, fail("sign_in", Some(account.id), "password_sign_in_off")).await?;
        return Err(AppError::UseVneid);
    }
    let stage = next_stage(&account, settings, false);
    let token = session::start(db, settings, &account, stage, 0, client, now).await?;
    audit::record(
        db,
        AuditEvent {
            actor_id: Some(account.id),
            actor: &account.full_name,
            action: "sign_in",
            subject: Some(format!("user:{}", account.id)),
            outcome: if stage == SessionStage::Active { "success" } else { "password_ok" },
            ip: client.ip.as_deref(),
            detail: Some(format!("stage={}", stage.as_str())),
        },
    )
    .await?;
    Ok(Started { token, stage })
}

/// Where to go after a step of signing in: the next step, or back to where the
/// user was headed (only paths on this site).
pub fn destination(stage: SessionStage, next: Option<&str>) -> String {
    match (stage, next.and_then(crate::domain::redirect::local_path)) {
        (SessionStage::Active, Some(next)) => next.to_owned(),
        (stage, _) => stage.page().to_owned(),
    }
}

/// The step an account still has to take: the second factor (when enrolled
/// and not yet given), its own password (first sign-in), enrolling a second
/// factor (officials, when required), else none.
pub fn next_stage(account: &user::Model, settings: &AuthSettings, second_factor_given: bool) -> SessionStage {
    let enrolled = account.totp_enabled_at.is_some();
    if enrolled && !second_factor_given {
        SessionStage::SecondFactor
    } else if account.must_change_password {
        SessionStage::PasswordChange
    } else if !enrolled && settings.officials_need_second_factor && account.kind == AccountKind::Official.as_str() {
        SessionStage::SecondFactorEnrolment
    } else {
        SessionStage::Active
    }
}

/// Checks the one-time code of a session waiting for it; rotates the session
/// to the next step.
pub async fn verify_second_factor(
    db: &DatabaseConnection,
    settings: &AuthSettings,
    me: &SessionUser,
    session_id: &str,
    code: &str,
    client: &Client,
    now: DateTime<Utc>,
) -> Result<Started, AppError> {
    if me.stage != SessionStage::SecondFactor {
        return Err(AppError::Forbidden);
    }
    let code = parse_totp_code(code).map_err(|rule| AppError::Invalid(one_error("code", rule)))?;
    let account = load(db, me.id).await?;
    // Counted first, per address and per account, then checked.
    let ip_key = client.limit_key("totp");
    let key = format!("totp:account:{}", account.id);
    for (key, limit) in [(&ip_key, settings.second_factor_per_ip), (&key, settings.sign_in_failures_per_account)] {
        if let Some(retry_after_secs) = rate_limit::hit(db, key, limit, now).await? {
            audit::record(db, event(&account, "sign_in.second_factor", "rate_limited", client)).await?;
            return Err(AppError::RateLimited { retry_after_secs });
        }
    }
    if !accept_code(db, &account, code, now).await? {
        audit::record(db, event(&account, "sign_in.second_factor", "bad_code", client)).await?;
        return Err(AppError::BadCode);
    }
    rate_limit::clear(db, &key, settings.sign_in_failures_per_account, now).await?;
    let stage = next_stage(&account, settings, true);
    let token = session::rotate(db, session_id, &account, stage, client, now).await?.ok_or(AppError::SignInRequired)?;
    audit::record(db, event(&account, "sign_in.second_factor", "success", client)).await?;
    Ok(Started { token, stage })
}

/// Whether `code` is valid now and not used before (each step's code works once).
async fn accept_code(
    db: &impl ConnectionTrait,
    account: &user::Model,
    code: u32,
    now: DateTime<Utc>,
) -> Result<bool, AppError> {
    let Some(secret) = &account.totp_secret else { return Ok(false) };
    let Some(step) = totp::matching_step(secret, code, now.timestamp()) else { return Ok(false) };
    if account.totp_last_step.is_some_and(|last| step <= last) {
        return Ok(false);
    }
    // Conditional update: of two requests with the same code, one wins.
    let updated = user::Entity::update_many()
        .col_expr(user::Column::TotpLastStep, sea_orm::sea_query::Expr::value(step))
        .filter(user::Column::Id.eq(account.id))
        .filter(
            sea_orm::Condition::any()
                .add(user::Column::TotpLastStep.is_null())
                .add(user::Column::TotpLastStep.lt(step)),
        )
        .exec(db)
        .await?;
    Ok(updated.rows_affected == 1)
}

/// Changes the password (the current one is required); other sessions end,
/// this one gets a new token and moves to the next step.
pub async fn change_password(
    db: &DatabaseConnection,
    settings: &AuthSettings,
    me: &SessionUser,
    session_id: &str,
    form: &PasswordChange,
    client: &Client,
    now: DateTime<Utc>,
) -> Result<Started, AppError> {
    if matches!(me.stage, SessionStage::SecondFactor) {
        return Err(AppError::StepRequired);
    }
    let account = load(db, me.id).await?;
    form.validate(&personal_details(&account))?;
    // A stolen session guesses no faster than a sign-in: the same count, first.
    let key = format!("sign_in:user:{}", account.id);
    if let Some(retry_after_secs) = rate_limit::hit(db, &key, settings.sign_in_failures_per_account, now).await? {
        return Err(AppError::RateLimited { retry_after_secs });
    }
    if !passwords::verify_password(&form.current, &account.password_hash).await? {
        audit::record(db, event(&account, "password.change", "bad_credentials", client)).await?;
        return Err(AppError::Invalid(one_error("current", Rule::PasswordCurrentWrong)));
    }
    rate_limit::clear(db, &key, settings.sign_in_failures_per_account, now).await?;
    let password_hash = passwords::hash_password(&form.new).await?;
    let txn = db.begin().await?;
    let account = user::ActiveModel {
        id: Set(account.id),
        password_hash: Set(password_hash),
        must_change_password: Set(false),
        updated_at: Set(now),
        ..Default::default()
    }
    .update(&txn)
    .await?;
    session::end_others(&txn, account.id, session_id).await?;
    reset::revoke_links(&txn, account.id, now).await?;
    finish_step(txn, settings, me, session_id, &account, "password.change", client, now).await
}

/// Ends a step done inside `txn`: an active session stays active, one signing
/// in moves to its next step; either way it gets a new token.
#[expect(clippy::too_many_arguments, reason = "the step's session, account and audit details")]
async fn finish_step(
    txn: sea_orm::DatabaseTransaction,
    settings: &AuthSettings,
    me: &SessionUser,
    session_id: &str,
    account: &user::Model,
    action: &'static str,
    client: &Client,
    now: DateTime<Utc>,
) -> Result<Started, AppError> {
    let stage =
        if me.stage == SessionStage::Active { SessionStage::Active } else { next_stage(account, settings, true) };
    let token =
        session::rotate(&txn, session_id, account, stage, client, now).await?.ok_or(AppError::SignInRequired)?;
    audit::record(&txn, event(account, action, "success", client)).await?;
    txn.commit().await?;
    Ok(Started { token, stage })
}

/// Makes a new second-factor secret for the account (not active until confirmed).
pub async fn start_two_factor_enrolment(
    db: &DatabaseConnection,
    me: &SessionUser,
) -> Result<TwoFactorEnrolment, AppError> {
    if me.stage == SessionStage::SecondFactor || me.stage == SessionStage::PasswordChange {
        return Err(AppError::StepRequired);
    }
    let account = load(db, me.id).await?;
    if account.totp_enabled_at.is_some() {
        return Err(AppError::Forbidden);
    }
    let secret = totp::new_secret();
    user::ActiveModel { id: Set(account.id), totp_secret: Set(Some(secret.clone())), ..Default::default() }
        .update(db)
        .await?;
    let grouped =
        secret.as_bytes().chunks(4).map(|c| String::from_utf8_lossy(c).into_owned()).collect::<Vec<_>>().join(" ");
    Ok(TwoFactorEnrolment { uri: totp::provisioning_uri(&secret, &account.email), secret: grouped })
}

/// Confirms enrolment with a code from the app: the second factor is on from
/// now, and the session (rotated) can act.
pub async fn confirm_two_factor_enrolment(
    db: &DatabaseConnection,
    settings: &AuthSettings,
    me: &SessionUser,
    session_id: &str,
    code: &str,
    client: &Client,
    now: DateTime<Utc>,
) -> Result<Started, AppError> {
    let code = parse_totp_code(code).map_err(|rule| AppError::Invalid(one_error("code", rule)))?;
    let account = load(db, me.id).await?;
    if account.totp_enabled_at.is_some() || account.totp_secret.is_none() {
        return Err(AppError::Forbidden);
    }
    if !accept_code(db, &account, code, now).await? {
        audit::record(db, event(&account, "two_factor.enrol", "bad_code", client)).await?;
        return Err(AppError::BadCode);
    }
    let txn = db.begin().await?;
    // A privilege change: the version bump rotates every other session.
    let account = user::ActiveModel {
        id: Set(account.id),
        totp_enabled_at: Set(Some(now)),
        auth_version: Set(account.auth_version + 1),
        updated_at: Set(now),
        ..Default::default()
    }
    .update(&txn)
    .await?;
    finish_step(txn, settings, me, session_id, &account, "two_factor.enrol", client, now).await
}

/// Ends this session.
pub async fn sign_out(
    db: &DatabaseConnection,
    me: &SessionUser,
    session_id: &str,
    client: &Client,
) -> Result<(), AppError> {
    session::end(db, session_id).await?;
    audit::record(
        db,
        AuditEvent {
            actor_id: Some(me.id),
            actor: &me.full_name,
            action: "sign_out",
            subject: None,
            outcome: "success",
            ip: client.ip.as_deref(),
            detail: None,
        },
    )
    .await?;
    Ok(())
}

/// Ends every session of the account, this one included.
pub async fn sign_out_everywhere(db: &DatabaseConnection, me: &SessionUser, client: &Client) -> Result<u64, AppError> {
    let ended = session::end_all(db, me.id).await?;
    audit::record(
        db,
        AuditEvent {
            actor_id: Some(me.id),
            actor: &me.full_name,
            action: "sign_out.everywhere",
            subject: None,
            outcome: "success",
            ip: client.ip.as_deref(),
            detail: Some(format!("sessions={ended}")),
        },
    )
    .await?;
    Ok(ended)
}

/// The signed-in person's own profile.
pub async fn profile(db: &DatabaseConnection, me: &SessionUser) -> Result<Profile, AppError> {
    let account = load(db, me.id).await?;
    Ok(Profile {
        full_name: account.full_name,
        citizen_id_masked: account.citizen_id.as_deref().map(crate::domain::identity::mask_id),
        birth_date: account.birth_date,
        phone: account.phone,
        // A placeholder address (an account VNeID opened without one) shows as none to fill in.
        email: if crate::domain::identity::has_mailbox(&account.email) { account.email } else { String::new() },
        address: Address { province_code: account.province_code, ward_code: account.ward_code, street: account.street },
        two_factor_enabled: account.totp_enabled_at.is_some(),
        identity_verified_on: account.identity_verified_at.map(crate::domain::dossier::vietnam_date),
    })
}

/// Saves the editable part of the profile; the ward must lie in the province.
pub async fn update_profile(
    db: &DatabaseConnection,
    me: &SessionUser,
    form: &ProfileUpdate,
    client: &Client,
    now: DateTime<Utc>,
) -> Result<Profile, AppError> {
    let valid = form.validate()?;
    let mut errors = FieldErrors::default();
    if let (Some(province), Some(ward_code)) = (valid.address.province_code, valid.address.ward_code) {
        let ward = ward::Entity::find_by_id(ward_code).one(db).await?;
        if ward.is_none_or(|w| w.province_code != province) {
            errors.push("ward_code", Rule::WardNotInProvince);
        }
    }
    if let Some(other) = find_by_email(db, valid.email.as_str()).await?
        && other.id != me.id
    {
        errors.push("email", Rule::AlreadyRegistered);
    }
    if !errors.is_empty() {
        return Err(errors.into());
    }
    let account = user::ActiveModel {
        id: Set(me.id),
        phone: Set(Some(valid.phone.as_str().to_owned())),
        email: Set(valid.email.as_str().to_owned()),
        province_code: Set(valid.address.province_code),
        ward_code: Set(valid.address.ward_code),
        street: Set(valid.address.street.clone()),
        updated_at: Set(now),
        ..Default::default()
    }
    .update(db)
    .await?;
    audit::record(db, event(&account, "profile.update", "success", client)).await?;
    profile(db, me).await
}

/// Inserts a citizen's account (inside the caller's transaction) with the
/// hash of their password, computed before the transaction began: a slow
/// hash never holds the database's write lock.
pub async fn insert_citizen(
    db: &impl ConnectionTrait,
    valid: &crate::domain::account::ValidRegistration,
    password_hash: String,
    now: DateTime<Utc>,
) -> Result<user::Model, sea_orm::DbErr> {
    let citizen = NewCitizen {
        full_name: valid.full_name.clone(),
        citizen_id: valid.citizen_id.as_str().to_owned(),
        email: valid.email.as_str().to_owned(),
        phone: Some(valid.phone.as_str().to_owned()),
        birth_date: Some(valid.birth_date),
        password_hash,
        identity_subject: None,
    };
    citizen.row(now).insert(db).await
}

/// A citizen's account as it is first written: by registration, or opened
/// by a national identity (then with its subject and no password).
pub(crate) struct NewCitizen {
    pub full_name: String,
    pub citizen_id: String,
    pub email: String,
    pub phone: Option<String>,
    pub birth_date: Option<chrono::NaiveDate>,
    pub password_hash: String,
    pub identity_subject: Option<String>,
}

impl NewCitizen {
    pub(crate) fn row(self, now: DateTime<Utc>) -> user::ActiveModel {
        let verified = self.identity_subject.is_some().then_some(now);
        user::ActiveModel {
            id: NotSet,
            kind: Set(AccountKind::Citizen.as_str().to_owned()),
            full_name: Set(self.full_name),
            citizen_id: Set(Some(self.citizen_id)),
            email: Set(self.email),
            phone: Set(self.phone),
            birth_date: Set(self.birth_date),
            password_hash: Set(self.password_hash),
            must_change_password: Set(false),
            totp_secret: Set(None),
            totp_enabled_at: Set(None),
            totp_last_step: Set(None),
            agency_id: Set(None),
            province_code: Set(None),
            ward_code: Set(None),
            street: Set(String::new()),
            auth_version: Set(1),
            disabled_at: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
            // The database's defaults: Vietnamese, the usual mails.
            locale: NotSet,
            mail_statuses: NotSet,
            sms_notifications: NotSet,
            identity_subject: Set(self.identity_subject),
            identity_verified_at: Set(verified),
        }
    }
}

/// The account's own details, which a new password must not contain.
pub(crate) fn personal_details(account: &user::Model) -> Vec<&str> {
    [
        account.citizen_id.as_deref(),
        account.phone.as_deref(),
        Some(account.email.as_str()),
        Some(account.full_name.as_str()),
    ]
    .into_iter()
    .flatten()
    .collect()
}

pub(crate) async fn load(db: &impl ConnectionTrait, id: i32) -> Result<user::Model, AppError> {
    user::Entity::find_by_id(id).one(db).await?.ok_or(AppError::SignInRequired)
}

pub(crate) async fn find_by_email(db: &impl ConnectionTrait, email: &str) -> Result<Option<user::Model>, AppError> {
    Ok(user::Entity::find().filter(user::Column::Email.eq(email)).one(db).await?)
}

pub(crate) async fn find_by_citizen_id(db: &impl ConnectionTrait, id: &str) -> Result<Option<user::Model>, AppError> {
    Ok(user::Entity::find().filter(user::Column::CitizenId.eq(id)).one(db).await?)
}

fn one_error(field: &str, rule: Rule) -> FieldErrors {
    let mut errors = FieldErrors::default();
    errors.push(field, rule);
    errors
}

fn event<'a>(
    account: &'a user::Model,
    action: &'static str,
    outcome: &'static str,
    client: &'a Client,
) -> AuditEvent<'a> {
    AuditEvent {
        actor_id: Some(account.id),
        actor: &account.full_name,
        action,
        subject: Some(format!("user:{}", account.id)),
        outcome,
        ip: client.ip.as_deref(),
        detail: None,
    }
}
