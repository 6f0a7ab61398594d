//! Sessions in the database, so any server instance can serve any browser.
//! The cookie holds a random token; the table holds its SHA-256. A session
//! ends after `idle` without requests or `absolute` after sign-in, whichever
//! comes first, and gets a new token at every step of signing in and whenever
//! the account's privileges change.

use super::AuthSettings;
use crate::domain::access::{AccountKind, AgencyRef, Role, SessionStage, SessionUser};
use crate::domain::text::LocalText;
use crate::server::entities::{agency, session, user, user_role};
use crate::server::secrets::{new_token, sha256_hex};
use chrono::{DateTime, Duration, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, Set};

/// A request's valid session.
#[derive(Clone, Debug)]
pub struct LoadedSession {
    /// The row's id (the token's hash).
    pub id: String,
    pub user: SessionUser,
    /// A new token when the session was rotated on this request; the response
    /// must set it.
    pub rotated_token: Option<String>,
}

/// Where the browser is, for the session list and the audit log.
#[derive(Clone, Debug, Default)]
pub struct Client {
    pub ip: Option<String>,
    pub user_agent: Option<String>,
    /// The language the browser uses on the site (its `lang` cookie).
    pub locale: crate::i18n::Locale,
}

impl Client {
    /// The key a per-address limit counts for `action` (`sign_in`, `lookup`…).
    pub fn limit_key(&self, action: &str) -> String {
        format!("{action}:ip:{}", self.ip.as_deref().map(address_block).unwrap_or_else(|| "unknown".into()))
    }
}

/// What one subscriber holds: an IPv4 address, or the /64 of an IPv6 one
/// (every home and phone gets a whole /64, so counting single IPv6
/// addresses would limit nobody).
fn address_block(ip: &str) -> String {
    match ip.parse::<std::net::IpAddr>() {
        Ok(std::net::IpAddr::V6(v6)) => {
            let s = v6.segments();
            format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
        }
        _ => ip.to_owned(),
    }
}

/// The cookie's name: `__Host-` bound to the origin when served over TLS.
pub fn cookie_name(settings: &AuthSettings) -> &'static str {
    if settings.secure_cookies { "__Host-dvc_session" } else { "dvc_session" }
}

/// `Set-Cookie` value that stores `token`.
pub fn set_cookie(settings: &AuthSettings, token: &str) -> String {
    let secure = if settings.secure_cookies { "; Secure" } else { "" };
    format!(
        "{}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={}{secure}",
        cookie_name(settings),
        settings.absolute_timeout.num_seconds()
    )
}

/// `Set-Cookie` value that removes the cookie.
pub fn clear_cookie(settings: &AuthSettings) -> String {
    let secure = if settings.secure_cookies { "; Secure" } else { "" };
    format!("{}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0{secure}", cookie_name(settings))
}

/// The session token in a `Cookie` header.
pub fn token_from_cookie_header(settings: &AuthSettings, header: &str) -> Option<String> {
    let name = cookie_name(settings);
    header
        .split(';')
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, value)| *key == name && !value.is_empty())
        .map(|(_, value)| value.to_owned())
}

/// Starts a session for `account` at `stage`; returns the cookie's token.
pub async fn start(
    db: &impl ConnectionTrait,
    settings: &AuthSettings,
    account: &user::Model,
    stage: SessionStage,
    assurance: u8,
    client: &Client,
    now: DateTime<Utc>,
) -> Result<String, DbErr> {
    // Mails follow the language the user last signed in with.
    if account.locale != client.locale.code() {
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
        user::Entity::update_many()
            .col_expr(user::Column::Locale, sea_orm::sea_query::Expr::value(client.locale.code()))
            .filter(user::Column::Id.eq(account.id))
            .exec(db)
            .await?;
    }
    insert(db, account, stage, assurance, client, now, now + settings.absolute_timeout).await
}

async fn insert(
    db: &impl ConnectionTrait,
    account: &user::Model,
    stage: SessionStage,
    assurance: u8,
    client: &Client,
    now: DateTime<Utc>,
    expires_at: DateTime<Utc>,
) -> Result<String, DbErr> {
    let token = new_token();
    session::ActiveModel {
        id: Set(sha256_hex(&token)),
        user_id: Set(account.id),
        stage: Set(stage.as_str().to_owned()),
        auth_version: Set(account.auth_version),
        created_at: Set(now),
        last_seen_at: Set(now),
        expires_at: Set(expires_at),
        ip: Set(client.ip.clone()),
        user_agent: Set(client.user_agent.as_deref().map(|ua| ua.chars().take(200).collect())),
        assurance: Set(assurance.into()),
    }
    .insert(db)
    .await?;
    Ok(token)
}

/// Replaces session `id` by a new one at `stage` (a new token, the same
/// absolute expiry). Returns the new token.
pub async fn rotate(
    db: &impl ConnectionTrait,
    id: &str,
    account: &user::Model,
    stage: SessionStage,
    client: &Client,
    now: DateTime<Utc>,
) -> Result<Option<String>, DbErr> {
    let Some(old) = session::Entity::find_by_id(id.to_owned()).one(db).await? else { return Ok(None) };
    session::Entity::delete_by_id(id.to_owned()).exec(db).await?;
    let assurance = u8::try_from(old.assurance).unwrap_or(0);
    Ok(Some(insert(db, account, stage, assurance, client, now, old.expires_at).await?))
}

/// The valid session behind `token`, rotated if the account's privileges
/// changed since it was issued. Expired sessions are removed.
pub async fn load(
    db: &impl ConnectionTrait,
    settings: &AuthSettings,
    token: &str,
    client: &Client,
    now: DateTime<Utc>,
) -> Result<Option<LoadedSession>, DbErr> {
    let id = sha256_hex(token);
    let Some(row) = session::Entity::find_by_id(id.clone()).one(db).await? else { return Ok(None) };
    if now >= row.expires_at || now - row.last_seen_at >= settings.idle_timeout {
        session::Entity::delete_by_id(id).exec(db).await?;
        return Ok(None);
    }
    let Some(account) = user::Entity::find_by_id(row.user_id).one(db).await? else { return Ok(None) };
    let Some(stage) = SessionStage::parse(&row.stage) else { return Ok(None) };
    if account.disabled_at.is_some() {
        end_all(db, account.id).await?;
        return Ok(None);
    }
    let (id, rotated_token) = if row.auth_version != account.auth_version {
        let token = rotate(db, &id, &account, stage, client, now).await?;
        (token.as_deref().map(sha256_hex).unwrap_or(id), token)
    } else {
        if now - row.last_seen_at >= Duration::seconds(60) {
            session::ActiveModel { id: Set(id.clone()), last_seen_at: Set(now), ..Default::default() }
                .update(db)
                .await?;
        }
        (id, None)
    };
    let user = session_user(db, &account, stage, u8::try_from(row.assurance).unwrap_or(0)).await?;
    Ok(Some(LoadedSession { id, user, rotated_token }))
}

/// The account as pages and server functions see it.
pub async fn session_user(
    db: &impl ConnectionTrait,
    account: &user::Model,
    stage: SessionStage,
    assurance: u8,
) -> Result<SessionUser, DbErr> {
    let kind = AccountKind::parse(&account.kind).unwrap_or(AccountKind::Citizen);
    let roles = if kind == AccountKind::Official { roles_of(db, account.id).await? } else { Vec::new() };
    let agency = match account.agency_id {
        Some(agency_id) => agency::Entity::find_by_id(agency_id).one(db).await?.map(|a| AgencyRef {
            id: a.id,
            code: a.code,
            name: LocalText::new(a.name_vi, a.name_en),
        }),
        None => None,
    };
    Ok(SessionUser { id: account.id, kind, full_name: account.full_name.clone(), agency, roles, stage, assurance })
}

/// The roles of an official, in a stable order.
pub async fn roles_of(db: &impl ConnectionTrait, user_id: i32) -> Result<Vec<Role>, DbErr> {
    let rows = user_role::Entity::find()
        .filter(user_role::Column::UserId.eq(user_id))
        .order_by_asc(user_role::Column::Role)
        .all(db)
        .await?;
    let mut roles: Vec<Role> = rows.iter().filter_map(|r| Role::parse(&r.role)).collect();
    roles.sort();
    Ok(roles)
}

/// Ends one session.
pub async fn end(db: &impl ConnectionTrait, id: &str) -> Result<(), DbErr> {
    session::Entity::delete_by_id(id.to_owned()).exec(db).await?;
    Ok(())
}

/// Ends every session of an account ("sign out of all devices").
pub async fn end_all(db: &impl ConnectionTrait, user_id: i32) -> Result<u64, DbErr> {
    Ok(session::Entity::delete_many().filter(session::Column::UserId.eq(user_id)).exec(db).await?.rows_affected)
}

/// Removes sessions that ended (past their maximum age, or idle too long)
/// without anyone presenting them again.
pub async fn prune(db: &impl ConnectionTrait, settings: &AuthSettings, now: DateTime<Utc>) -> Result<u64, DbErr> {
    Ok(session::Entity::delete_many()
        .filter(
            sea_orm::Condition::any()
                .add(session::Column::ExpiresAt.lte(now))
                .add(session::Column::LastSeenAt.lte(now - settings.idle_timeout)),
        )
        .exec(db)
        .await?
        .rows_affected)
}

/// Ends every session of an account except `keep`.
pub async fn end_others(db: &impl ConnectionTrait, user_id: i32, keep: &str) -> Result<u64, DbErr> {
    Ok(session::Entity::delete_many()
        .filter(session::Column::UserId.eq(user_id))
        .filter(session::Column::Id.ne(keep))
        .exec(db)
        .await?
        .rows_affected)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookies_are_http_only_lax_and_secure_behind_tls() {
        let mut settings = AuthSettings::default();
        let cookie = set_cookie(&settings, "abc");
        assert!(cookie.starts_with("dvc_session=abc; Path=/; HttpOnly; SameSite=Lax"));
        assert!(!cookie.contains("Secure"));
        settings.secure_cookies = true;
        let cookie = set_cookie(&settings, "abc");
        assert!(cookie.starts_with("__Host-dvc_session=abc;") && cookie.ends_with("; Secure"));
        assert!(clear_cookie(&settings).contains("Max-Age=0"));
    }

    #[test]
    fn the_token_is_read_from_its_cookie_only() {
        let settings = AuthSettings::default();
        assert_eq!(token_from_cookie_header(&settings, "lang=vi; dvc_session=t0k"), Some("t0k".into()));
        assert_eq!(token_from_cookie_header(&settings, "xdvc_session=t0k"), None);
        assert_eq!(token_from_cookie_header(&settings, "dvc_session="), None);
    }

    #[test]
    fn addresses_of_one_ipv6_subscriber_share_one_limit() {
        let client = |ip: &str| Client { ip: Some(ip.into()), ..Client::default() };
        let a = client("2001:db8:1:2:aaaa::1").limit_key("sign_in");
        assert_eq!(a, "sign_in:ip:2001:db8:1:2::/64");
        assert_eq!(a, client("2001:db8:1:2:ffff:ffff:ffff:fffe").limit_key("sign_in"));
        assert_ne!(a, client("2001:db8:1:3::1").limit_key("sign_in"));
        assert_eq!(client("203.0.113.9").limit_key("lookup"), "lookup:ip:203.0.113.9");
        assert_eq!(Client::default().limit_key("lookup"), "lookup:ip:unknown");
    }
}
