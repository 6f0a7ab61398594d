//! Password reset by an e-mailed link: single-use, valid 30 minutes, only its
//! hash stored. Asking always gets the same answer, whether or not the
//! account exists; asking is limited per address and per account.

use super::{event, find_by_citizen_id, find_by_email, personal_details};
use crate::domain::password::check_new_password;
use crate::domain::rules::{FieldErrors, Rule};
use crate::error::AppError;
use crate::server::auth::AuthSettings;
use crate::server::auth::audit::{self, AuditEvent, mask_identifier};
use crate::server::auth::passwords::hash_password;
use crate::server::auth::rate_limit;
use crate::server::auth::session::{self, Client};
use crate::server::entities::{password_reset, user};
use crate::server::mail::{self, MailKind, NewMail};
use crate::server::secrets::{new_token, sha256_hex};
use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, Set,
    TransactionTrait,
};
use serde_json::json;

/// How long a reset link works.
pub const LINK_LIFETIME: Duration = Duration::minutes(30);

/// Mails a reset link to the account with this e-mail or ID number, if there is one.
pub async fn request(
    db: &DatabaseConnection,
    settings: &AuthSettings,
    identifier: &str,
    client: &Client,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let identifier = identifier.trim();
    let ip_key = client.limit_key("reset");
    if let Some(retry_after_secs) = rate_limit::hit(db, &ip_key, settings.reset_per_ip, now).await? {
        return Err(AppError::RateLimited { retry_after_secs });
    }
    if identifier.is_empty() {
        let mut errors = FieldErrors::default();
        errors.push("identifier", Rule::Required);
        return Err(errors.into());
    }
    let account = if identifier.contains('@') {
        find_by_email(db, &identifier.to_lowercase()).await?
    } else {
        find_by_citizen_id(db, &identifier.chars().filter(|c| !c.is_whitespace()).collect::<String>()).await?
    };
    let masked = mask_identifier(identifier);
    let record = |actor_id: Option<i32>, outcome: &'static str| AuditEvent {
        actor_id,
        actor: &masked,
        action: "password.reset_request",
        subject: actor_id.map(|id| format!("user:{id}")),
        outcome,
        ip: client.ip.as_deref(),
        detail: None,
    };
    let Some(account) = account.filter(|a| a.disabled_at.is_none() && crate::domain::identity::has_mailbox(&a.email))
    else {
        audit::record(db, record(None, "no_account")).await?;
        return Ok(());
    };
    let account_key = format!("reset:account:{}", account.id);
    if rate_limit::hit(db, &account_key, settings.reset_per_account, now).await?.is_some() {
        audit::record(db, record(Some(account.id), "rate_limited_account")).await?;
        return Ok(());
    }
    let token = new_token();
    let txn = db.begin().await?;
    let reset = password_reset::ActiveModel {
        user_id: Set(account.id),
        token_hash: Set(sha256_hex(&token)),
        created_at: Set(now),
        expires_at: Set(now + LINK_LIFETIME),
        used_at: Set(None),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let mail = NewMail {
        user_id: Some(account.id),
        channel: mail::Channel::Mail,
        to: &account.email,
        locale: &account.locale,
        kind: MailKind::PasswordReset,
        params: json!({ "name": account.full_name, "token": token }),
        dedupe_key: format!("reset:{}", reset.id),
    };
    mail::enqueue(&txn, mail, now).await?;
    audit::record(&txn, record(Some(account.id), "mailed")).await?;
    txn.commit().await?;
    Ok(())
}

/// Sets a new password with a reset link's token; the link is spent and every
/// session of the account ends.
pub async fn reset(
    db: &DatabaseConnection,
    token: &str,
    password: &str,
    confirm: &str,
    client: &Client,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let invalid = || {
        let mut errors = FieldErrors::default();
        errors.push("token", Rule::ResetLinkInvalid);
        AppError::Invalid(errors)
    };
    let hash = sha256_hex(token.trim());
    let live = password_reset::Entity::find()
        .filter(password_reset::Column::TokenHash.eq(hash.as_str()))
        .filter(password_reset::Column::UsedAt.is_null())
        .filter(password_reset::Column::ExpiresAt.gt(now))
        .one(db)
        .await?
        .ok_or_else(invalid)?;
    let account = user::Entity::find_by_id(live.user_id).one(db).await?.ok_or_else(invalid)?;
    let mut errors = FieldErrors::default();
    errors.check("password", check_new_password(password, &personal_details(&account)));
    if confirm != password {
        errors.push("confirm", Rule::PasswordMismatch);
    }
    if !errors.is_empty() {
        return Err(errors.into());
    }
    let password_hash = hash_password(password).await?;
    let txn = db.begin().await?;
    // Spent by whoever gets here first.
    let spent = password_reset::Entity::update_many()
        .col_expr(password_reset::Column::UsedAt, Expr::value(now))
        .filter(password_reset::Column::Id.eq(live.id))
        .filter(password_reset::Column::UsedAt.is_null())
        .exec(&txn)
        .await?;
    if spent.rows_affected != 1 {
        return Err(invalid());
    }
    user::Entity::update_many()
        .col_expr(user::Column::PasswordHash, Expr::value(password_hash))
        .col_expr(user::Column::MustChangePassword, Expr::value(false))
        .col_expr(user::Column::AuthVersion, Expr::col(user::Column::AuthVersion).add(1))
        .col_expr(user::Column::UpdatedAt, Expr::value(now))
        .filter(user::Column::Id.eq(account.id))
        .exec(&txn)
        .await?;
    revoke_links(&txn, account.id, now).await?;
    session::end_all(&txn, account.id).await?;
    audit::record(&txn, event(&account, "password.reset", "success", client)).await?;
    txn.commit().await?;
    Ok(())
}

/// Every reset link of the account still unused dies: a new password (set by
/// a link or changed on the account page) ends the links mailed before it.
pub async fn revoke_links(db: &impl ConnectionTrait, user_id: i32, now: DateTime<Utc>) -> Result<(), DbErr> {
    password_reset::Entity::update_many()
        .col_expr(password_reset::Column::UsedAt, Expr::value(now))
        .filter(password_reset::Column::UserId.eq(user_id))
        .filter(password_reset::Column::UsedAt.is_null())
        .exec(db)
        .await?;
    Ok(())
}
