//! API tokens of an agency (`domain::api_token`): created and revoked by its
//! administrators (audited), kept as their SHA-256, and turned back into the
//! caller of a request to `/api/v1/dossiers`. A token acts through an account
//! of its own (an official of the agency, disabled so that nobody signs in
//! with it): the workflow's rules, the agency's scoping and the timelines
//! then treat it exactly as the dashboard treats an official with the
//! scope's roles. It is read from the database on every request, so a
//! revoked token is refused at once on every instance.

use crate::domain::access::{AccountKind, SessionStage, SessionUser};
use crate::domain::api_token::{ApiTokenSummary, CreatedApiToken, MAX_ACTIVE, NewApiToken, TOKEN_PREFIX, bearer_token};
use crate::error::AppError;
use crate::server::auth::audit::{self, AuditEvent};
use crate::server::entities::{api_token, user};
use crate::server::secrets;
use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, Set,
    TransactionTrait,
};
use std::collections::HashMap;

/// Last use is written at most this often per token.
const USE_RESOLUTION: Duration = Duration::minutes(1);

/// The agency whose tokens `me` manages: an agency administrator's own.
fn managed_agency(me: &SessionUser) -> Result<i32, AppError> {
    me.administered_agency().ok_or(AppError::Forbidden)
}

/// The agency's tokens, newest first.
pub async fn list(db: &DatabaseConnection, me: &SessionUser) -> Result<Vec<ApiTokenSummary>, AppError> {
    let agency = managed_agency(me)?;
    let rows = api_token::Entity::find()
        .filter(api_token::Column::AgencyId.eq(agency))
        .order_by_desc(api_token::Column::Id)
        .all(db)
        .await?;
    let creators: HashMap<i32, String> = user::Entity::find()
        .filter(user::Column::Id.is_in(rows.iter().map(|r| r.created_by)))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.full_name))
        .collect();
    Ok(rows
        .into_iter()
        .map(|r| ApiTokenSummary {
            id: r.id,
            created_by: creators.get(&r.created_by).cloned().unwrap_or_default(),
            name: r.name,
            scope: r.scope,
            hint: r.hint,
            created_at: r.created_at,
            last_used_at: r.last_used_at,
            revoked_at: r.revoked_at,
        })
        .collect())
}

/// A new token for the administrator's agency; the token is answered this
/// once and kept only as its hash.
pub async fn create(
    db: &DatabaseConnection,
    me: &SessionUser,
    form: &NewApiToken,
    now: DateTime<Utc>,
) -> Result<CreatedApiToken, AppError> {
    let agency = managed_agency(me)?;
    let (name, scope) = form.check()?;
    let active = api_token::Entity::find()
        .filter(api_token::Column::AgencyId.eq(agency))
        .filter(api_token::Column::RevokedAt.is_null())
        .count(db)
        .await?;
    if active >= MAX_ACTIVE {
        return Err(AppError::field("name", crate::domain::rules::Rule::TooManyItems(MAX_ACTIVE as u32)));
    }
    let token = format!("{TOKEN_PREFIX}{}", secrets::new_token());
    let hint = format!("{}…", &token[..TOKEN_PREFIX.len() + 6]);
    // Its account: no password (the stored text is no hash), and disabled.
    let email = format!("api-{}@api-token.invalid", secrets::hex(&secrets::random_bytes::<8>()));
    let txn = db.begin().await?;
    let account = crate::server::accounts::officials::insert_account(
        &txn,
        &format!("{name} (API)"),
        &email,
        Some(agency),
        &[],
        "!".to_owned(),
        false,
        Some(now),
        now,
    )
    .await?;
    let row = api_token::ActiveModel {
        agency_id: Set(agency),
        user_id: Set(account.id),
        name: Set(name),
        scope: Set(scope),
        token_hash: Set(secrets::sha256_hex(&token)),
        hint: Set(hint),
        created_by: Set(me.id),
        created_at: Set(now),
        last_used_at: Set(None),
        revoked_at: Set(None),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let subject = format!("api_token:{}", row.id);
    audit::record(&txn, AuditEvent::change_by(me, "api_token.create", subject, Some(scope.as_str().to_owned())))
        .await?;
    txn.commit().await?;
    Ok(CreatedApiToken { id: row.id, token })
}

/// Revokes token `id` of the administrator's agency: refused from now on.
pub async fn revoke(db: &DatabaseConnection, me: &SessionUser, id: i32, now: DateTime<Utc>) -> Result<(), AppError> {
    let agency = managed_agency(me)?;
    let txn = db.begin().await?;
    let revoked = api_token::Entity::update_many()
        .col_expr(api_token::Column::RevokedAt, Expr::value(now))
        .filter(api_token::Column::Id.eq(id))
        .filter(api_token::Column::AgencyId.eq(agency))
        .filter(api_token::Column::RevokedAt.is_null())
        .exec(&txn)
        .await?;
    if revoked.rows_affected != 1 {
        let exists = api_token::Entity::find()
            .filter(api_token::Column::Id.eq(id))
            .filter(api_token::Column::AgencyId.eq(agency))
            .count(&txn)
            .await?;
        return Err(if exists > 0 { AppError::Conflict } else { AppError::NotFound });
    }
    audit::record(&txn, AuditEvent::change_by(me, "api_token.revoke", format!("api_token:{id}"), None)).await?;
    txn.commit().await?;
    Ok(())
}

/// The caller a request's `Authorization` header names: the token's account
/// in its agency, with its scope's roles. Anything else (no header, another
/// shape, an unknown or revoked token) is `SignInRequired`.
pub async fn authenticate(
    db: &DatabaseConnection,
    authorization: Option<&str>,
    now: DateTime<Utc>,
) -> Result<SessionUser, AppError> {
    let token = authorization.and_then(bearer_token).ok_or(AppError::SignInRequired)?;
    let row = api_token::Entity::find()
        .filter(api_token::Column::TokenHash.eq(secrets::sha256_hex(token)))
        .filter(api_token::Column::RevokedAt.is_null())
        .one(db)
        .await?
        .ok_or(AppError::SignInRequired)?;
    let account = crate::server::entities::existing::<user::Entity>(db, row.user_id).await?;
    let mut me = crate::server::auth::session::session_user(db, &account, SessionStage::Active, 0).await?;
    if me.kind != AccountKind::Official || me.agency.as_ref().is_none_or(|a| a.id != row.agency_id) {
        return Err(AppError::internal(format_args!("api token {} has a foreign account", row.id)));
    }
    me.roles = row.scope.roles().to_vec();
    // Best effort: a request is not refused because its use was not noted.
    if row.last_used_at.is_none_or(|at| now - at >= USE_RESOLUTION)
        && let Err(error) = api_token::Entity::update_many()
            .col_expr(api_token::Column::LastUsedAt, Expr::value(now))
            .filter(api_token::Column::Id.eq(row.id))
            .exec(db)
            .await
    {
        tracing::warn!(token = row.id, %error, "last use of an API token not noted");
    }
    Ok(me)
}
