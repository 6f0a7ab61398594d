//! Signing in with a verified national identity (VNeID, see `server::vneid`):
//! the person's first sign-in links the identity to their DVC account with
//! the same personal ID number (drafts and dossiers stay where they are), or
//! opens an account. The name, ID number and birth date then come from the
//! identity, with the date they were last read; the session carries the
//! identity's level of assurance.

use super::{NewCitizen, Started, find_by_citizen_id, find_by_email};
use crate::domain::access::{AccountKind, SessionStage};
use crate::domain::identity::NO_MAILBOX_DOMAIN;
use crate::error::AppError;
use crate::server::auth::AuthSettings;
use crate::server::auth::audit::{self, AuditEvent};
use crate::server::auth::session::{self, Client};
use crate::server::entities::user;
use crate::server::secrets::sha256_hex;
use crate::server::vneid::VerifiedIdentity;
use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, Set, TransactionTrait};

/// What an account without a password holds in place of its hash: no
/// password ever matches it.
const NO_PASSWORD: &str = "!vneid";

/// Signs in the person `identity` names, linking or opening their account;
/// the browser's session before (`replacing`, a step up of level, say) ends.
pub async fn sign_in(
    db: &DatabaseConnection,
    settings: &AuthSettings,
    identity: &VerifiedIdentity,
    replacing: Option<&str>,
    client: &Client,
    now: DateTime<Utc>,
) -> Result<Started, AppError> {
    sign_in_once(db, settings, identity, replacing, client, now, false).await
}

async fn sign_in_once(
    db: &DatabaseConnection,
    settings: &AuthSettings,
    identity: &VerifiedIdentity,
    replacing: Option<&str>,
    client: &Client,
    now: DateTime<Utc>,
    retried: bool,
) -> Result<Started, AppError> {
    let linked = user::Entity::find().filter(user::Column::IdentitySubject.eq(&identity.subject)).one(db).await?;
    let same_id = find_by_citizen_id(db, identity.personal_id.as_str()).await?;
    let refusal = match (&linked, &same_id) {
        (_, Some(same)) if same.disabled_at.is_some() => Some((same.id, "disabled", AppError::AccountDisabled)),
        (Some(linked), Some(same)) if linked.id == same.id => None,
        // The identity is linked to one account and its ID number names
        // another (or none): nothing is merged or moved without a person.
        (Some(linked), _) => Some((linked.id, "identity_conflict", AppError::Forbidden)),
        (None, Some(same)) if same.identity_subject.is_some() => {
            Some((same.id, "identity_conflict", AppError::Forbidden))
        }
        // Officials sign in with their agency account and its second factor.
        (None, Some(same)) if same.kind != AccountKind::Citizen.as_str() => {
            Some((same.id, "not_a_citizen", AppError::Forbidden))
        }
        _ => None,
    };
    if let Some((id, outcome, error)) = refusal {
        let event = AuditEvent {
            actor_id: Some(id),
            actor: &identity.full_name,
            action: "sign_in.vneid",
            subject: Some(format!("user:{id}")),
            outcome,
            ip: client.ip.as_deref(),
            detail: Some(format!("id={}", identity.personal_id.masked())),
        };
        audit::record(db, event).await?;
        return Err(error);
    }
    // Whether a new account can take the identity's e-mail address, read
    // before the transaction: its first statement must be a write (SQLite).
    // An account taking the address meanwhile is the unique index's race.
    let email_free = match &identity.email {
        Some(email) if linked.is_none() && same_id.is_none() => {
            user::Entity::find().filter(user::Column::Email.eq(email)).one(db).await?.is_none()
        }
        _ => false,
    };
    let txn = db.begin().await?;
    let (account, action) = match linked.or(same_id) {
        Some(account) if account.identity_subject.is_some() => (account, "sign_in.vneid"),
        Some(account) => (link(&txn, account, identity, now).await?, "account.link_vneid"),
        None => match open_account(&txn, identity, email_free, now).await {
            Ok(account) => (account, "account.open_vneid"),
            // The same person's first sign-in in another tab won the race:
            // their account exists now, so this one signs in to it.
            Err(err) if err.sql_err().is_some() && !retried => {
                txn.rollback().await?;
                return Box::pin(sign_in_once(db, settings, identity, replacing, client, now, true)).await;
            }
            Err(err) => return Err(err.into()),
        },
    };
    if let Some(old) = replacing {
        session::end(&txn, old).await?;
    }
    let account = user::ActiveModel {
        id: Set(account.id),
        full_name: Set(identity.full_name.clone()),
        citizen_id: Set(Some(identity.personal_id.as_str().to_owned())),
        birth_date: Set(identity.birth_date.or(account.birth_date)),
        phone: Set(identity.phone.clone().or(account.phone.clone())),
        identity_subject: Set(Some(identity.subject.clone())),
        identity_verified_at: Set(Some(now)),
        updated_at: Set(now),
        ..Default::default()
    }
    .update(&txn)
    .await?;
    // A business identity: the organisation it represents opens (or is
    // brought up to date) with this person as its representative.
    let represents = match &identity.organisation {
        Some(found) => {
            let org = crate::server::organisations::open_for_representative(&txn, found, &account, now).await?;
            format!(" organisation:{} tax_code={}", org.id, org.tax_code)
        }
        None => String::new(),
    };
    let token = session::start(&txn, settings, &account, SessionStage::Active, identity.assurance, client, now).await?;
    audit::record(
        &txn,
        AuditEvent {
            actor_id: Some(account.id),
            actor: &account.full_name,
            action,
            subject: Some(format!("user:{}", account.id)),
            outcome: "success",
            ip: client.ip.as_deref(),
            detail: Some(format!("level={} id={}{represents}", identity.assurance, identity.personal_id.masked())),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(Started { token, stage: SessionStage::Active })
}

/// Records a refused sign-in (a forged or replayed callback, a bad token…):
/// its reason in the audit log, the detail in the server's log.
pub async fn record_refusal(
    db: &DatabaseConnection,
    refused: &crate::server::vneid::Refused,
    client: &Client,
) -> Result<(), AppError> {
    tracing::warn!(reason = refused.reason, detail = %refused.detail, "VNeID sign-in refused");
    Ok(audit::record(
        db,
        AuditEvent {
            actor_id: None,
            actor: "vneid",
            action: "sign_in.vneid",
            subject: None,
            outcome: refused.reason,
            ip: client.ip.as_deref(),
            detail: None,
        },
    )
    .await?)
}

/// Links the identity to an account made before with the same ID number.
/// Whoever made that account proved nothing but knowing the number, so from
/// now on only the identity opens it: its password, second factor, reset
/// links and every session end, and the e-mail address becomes the
/// identity's (or none, until the person gives theirs).
async fn link(
    txn: &sea_orm::DatabaseTransaction,
    account: user::Model,
    identity: &VerifiedIdentity,
    now: DateTime<Utc>,
) -> Result<user::Model, AppError> {
    session::end_all(txn, account.id).await?;
    super::reset::revoke_links(txn, account.id, now).await?;
    let email = match &identity.email {
        Some(email) if find_by_email(txn, email).await?.is_none_or(|other| other.id == account.id) => email.clone(),
        _ => placeholder_email(identity),
    };
    Ok(user::ActiveModel {
        id: Set(account.id),
        email: Set(email),
        password_hash: Set(NO_PASSWORD.to_owned()),
        must_change_password: Set(false),
        totp_secret: Set(None),
        totp_enabled_at: Set(None),
        totp_last_step: Set(None),
        auth_version: Set(account.auth_version + 1),
        ..Default::default()
    }
    .update(txn)
    .await?)
}

/// The address of an account without one: never delivered, unique.
fn placeholder_email(identity: &VerifiedIdentity) -> String {
    format!("{}@{NO_MAILBOX_DOMAIN}", &sha256_hex(&identity.subject)[..20])
}

/// A citizen's account for a person new to DVC, without a password. The
/// e-mail address is the identity's when no other account has it
/// (`email_free`); else a placeholder that no mail is sent to, until the
/// person gives theirs.
async fn open_account(
    txn: &sea_orm::DatabaseTransaction,
    identity: &VerifiedIdentity,
    email_free: bool,
    now: DateTime<Utc>,
) -> Result<user::Model, sea_orm::DbErr> {
    let email = match &identity.email {
        Some(email) if email_free => email.clone(),
        _ => placeholder_email(identity),
    };
    let citizen = NewCitizen {
        full_name: identity.full_name.clone(),
        citizen_id: identity.personal_id.as_str().to_owned(),
        email,
        phone: identity.phone.clone(),
        birth_date: identity.birth_date,
        password_hash: NO_PASSWORD.to_owned(),
        identity_subject: Some(identity.subject.clone()),
    };
    citizen.row(now).insert(txn).await
}
