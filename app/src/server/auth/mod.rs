//! Authentication and authorisation, in one module: sessions, passwords,
//! second factor, rate limits, the audit log, the access policy of every
//! route and server function, and the middleware that enforces it before any
//! handler runs.

pub mod audit;
pub mod middleware;
pub mod passwords;
pub mod policy;
pub mod rate_limit;
pub mod session;
pub mod totp;

use crate::domain::access::SessionUser;
use chrono::Duration;
use leptos::prelude::*;
use rate_limit::Limit;
use session::Client;

/// How accounts and sessions behave; from the server's configuration.
#[derive(Clone, Debug)]
pub struct AuthSettings {
    /// A session unused this long ends.
    pub idle_timeout: Duration,
    /// A session ends this long after sign-in, used or not.
    pub absolute_timeout: Duration,
    /// Cookies get `Secure` (and the `__Host-` name): the portal is served over TLS.
    pub secure_cookies: bool,
    /// Officials must enrol and use a second factor.
    pub officials_need_second_factor: bool,
    /// Citizens may register here and sign in with a password (demo, or a
    /// deployment that needs it); otherwise they sign in with VNeID only.
    pub citizen_password_login: bool,
    /// Reverse proxies in front of the portal whose `X-Forwarded-For`
    /// entries are trusted (0: none, the peer's address is the client's).
    pub trusted_proxy_hops: u8,
    /// The public origin (`https://dichvucong.example.vn`); when unset, the
    /// request's own `Host` is the origin.
    pub public_origin: Option<String>,
    /// Sign-in attempts per client address.
    pub sign_in_per_ip: Limit,
    /// Failed sign-ins per account before it is locked for the window.
    pub sign_in_failures_per_account: Limit,
    /// One-time codes tried per client address (whatever the account).
    pub second_factor_per_ip: Limit,
    /// Registrations per client address.
    pub register_per_ip: Limit,
    /// Public dossier lookups per address.
    pub lookup_per_ip: Limit,
    /// Password reset requests per address, and per account (beyond it, silently no mail).
    pub reset_per_ip: Limit,
    pub reset_per_account: Limit,
}

impl Default for AuthSettings {
    fn default() -> Self {
        Self {
            idle_timeout: Duration::minutes(30),
            absolute_timeout: Duration::hours(12),
            secure_cookies: false,
            officials_need_second_factor: true,
            citizen_password_login: false,
            trusted_proxy_hops: 0,
            public_origin: None,
            sign_in_per_ip: Limit { max: 100, window_secs: 15 * 60 },
            sign_in_failures_per_account: Limit { max: 5, window_secs: 15 * 60 },
            second_factor_per_ip: Limit { max: 20, window_secs: 15 * 60 },
            register_per_ip: Limit { max: 20, window_secs: 60 * 60 },
            lookup_per_ip: Limit { max: 30, window_secs: 15 * 60 },
            reset_per_ip: Limit { max: 10, window_secs: 60 * 60 },
            reset_per_account: Limit { max: 3, window_secs: 60 * 60 },
        }
    }
}

/// What the middleware learnt about the request, for handlers and server functions.
#[derive(Clone, Debug, Default)]
pub struct RequestAuth {
    /// The session row's id, when there is a valid session.
    pub session_id: Option<String>,
    pub user: Option<SessionUser>,
    pub client: Client,
}

/// The request's authentication, inside a server function or a page.
pub fn request_auth() -> RequestAuth {
    use_context::<http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<RequestAuth>().cloned())
        .unwrap_or_default()
}

/// Removes what sign-in leaves behind: ended sessions, rate-limit windows
/// long over and trips to VNeID that never came back (the tables would
/// otherwise grow with every visitor).
pub async fn prune(
    db: &sea_orm::DatabaseConnection,
    settings: &AuthSettings,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), sea_orm::DbErr> {
    session::prune(db, settings, now).await?;
    crate::server::vneid::prune(db, now).await?;
    rate_limit::prune(db, now).await
}

/// Prunes every hour (and once at start), in every instance (deleting what
/// another instance deleted is harmless). On the real time, as sessions and
/// limits are kept: the workflow clock, moved forward by tests and deadline
/// demos, would end every session at once.
pub fn spawn_pruner(db: sea_orm::DatabaseConnection, settings: AuthSettings) {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(std::time::Duration::from_secs(3600));
        loop {
            every.tick().await;
            if let Err(err) = prune(&db, &settings, chrono::Utc::now()).await {
                tracing::warn!(error = %err, "pruning sessions and rate limits");
            }
        }
    });
}

/// Makes the response store `token` as the session cookie.
pub fn set_session_cookie(settings: &AuthSettings, token: &str) {
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>()
        && let Ok(value) = http::HeaderValue::from_str(&session::set_cookie(settings, token))
    {
        response.append_header(http::header::SET_COOKIE, value);
    }
}

/// Makes the response remove the session cookie.
pub fn clear_session_cookie(settings: &AuthSettings) {
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>()
        && let Ok(value) = http::HeaderValue::from_str(&session::clear_cookie(settings))
    {
        response.append_header(http::header::SET_COOKIE, value);
    }
}

/// Sends a browser without JavaScript, which posted a plain HTML form, on to
/// `path` (scripts navigate themselves with the server function's answer).
pub fn redirect_plain_form(path: &str) {
    let Some(path) = crate::domain::redirect::local_path(path) else { return };
    let plain_form = use_context::<http::request::Parts>().is_some_and(|parts| {
        parts.headers.get(http::header::ACCEPT).and_then(|v| v.to_str().ok()).is_some_and(|v| v.contains("text/html"))
    });
    if plain_form {
        leptos_axum::redirect(path);
    }
}
