//! The one error type server functions return: a safe message for the user in
//! their language and an HTTP status; details go to the server log, never to
//! the browser.

use crate::domain::rules::FieldErrors;
use crate::i18n::Messages;
use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

/// An error a user may see.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum AppError {
    /// The server failed. The cause is logged when the error is made and
    /// kept with it (`AppError::internal`); it is never sent to the browser.
    #[error("internal error: {0}")]
    Internal(Cause),
    /// The request could not reach the server or be understood.
    #[error("transport error: {0}")]
    Transport(String),
    /// Nobody is signed in.
    #[error("sign-in required")]
    SignInRequired,
    /// A step of signing in (password change, second factor) comes first.
    #[error("sign-in step required")]
    StepRequired,
    /// Signed in but not allowed, or the thing belongs to someone else.
    #[error("forbidden")]
    Forbidden,
    /// The form has mistakes; each names its field and rule.
    #[error("invalid input")]
    Invalid(FieldErrors),
    /// Wrong identifier or password (never says which).
    #[error("bad credentials")]
    BadCredentials,
    /// Wrong one-time code.
    #[error("bad second factor")]
    BadCode,
    /// Too many attempts; try again after this many seconds.
    #[error("rate limited")]
    RateLimited { retry_after_secs: u64 },
    /// The account is disabled.
    #[error("account disabled")]
    AccountDisabled,
    /// The request came from another site.
    #[error("cross-site request refused")]
    CrossSite,
    #[error("not found")]
    NotFound,
    /// Someone (another tab, device or official) changed it since it was loaded.
    #[error("changed meanwhile")]
    Conflict,
    /// The request is larger than allowed.
    #[error("too large")]
    TooLarge,
    /// A file whose content is not one of the accepted types.
    #[error("unsupported file type")]
    UnsupportedType,
    /// Citizens sign in with VNeID here: no registration, no password.
    #[error("citizens sign in with VNeID")]
    UseVneid,
    /// The procedure needs a national electronic identity of this level of
    /// assurance (VNeID level 2) to submit; the session's is lower.
    #[error("identity level {level} required")]
    IdentityLevelRequired { level: u8 },
    /// The database does not answer (down, restarting, or every connection
    /// busy for seconds): nothing was changed; try again shortly.
    #[error("temporarily unavailable")]
    Unavailable,
}

/// Why the server failed, for the log. It is sent as nothing and read back
/// as nothing: the browser learns only that something failed. Two causes
/// compare equal (an error is the same error whatever its detail).
#[derive(Clone, Debug, Default)]
pub struct Cause(Option<std::sync::Arc<str>>);

impl std::fmt::Display for Cause {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0.as_deref().unwrap_or("(not known here)"))
    }
}

impl PartialEq for Cause {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Eq for Cause {}

impl Serialize for Cause {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_unit()
    }
}

impl<'de> Deserialize<'de> for Cause {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        serde::de::IgnoredAny::deserialize(deserializer).map(|_| Self::default())
    }
}

impl AppError {
    /// One field's mistake, answered as `Invalid`.
    pub fn field(field: &str, rule: crate::domain::rules::Rule) -> Self {
        let mut errors = FieldErrors::default();
        errors.push(field, rule);
        Self::Invalid(errors)
    }

    /// A failure of the server, its cause logged now and kept.
    pub fn internal(cause: impl std::fmt::Display) -> Self {
        let cause = cause.to_string();
        #[cfg(feature = "ssr")]
        tracing::error!(%cause, "internal error");
        Self::Internal(Cause(Some(cause.into())))
    }

    /// The HTTP status this error is answered with.
    pub fn status(&self) -> u16 {
        match self {
            Self::Internal(_) => 500,
            Self::Transport(_) => 400,
            Self::SignInRequired | Self::BadCredentials | Self::BadCode => 401,
            Self::StepRequired
            | Self::Forbidden
            | Self::AccountDisabled
            | Self::CrossSite
            | Self::UseVneid
            | Self::IdentityLevelRequired { .. } => 403,
            Self::Invalid(_) => 422,
            Self::RateLimited { .. } => 429,
            Self::NotFound => 404,
            Self::Conflict => 409,
            Self::TooLarge => 413,
            Self::UnsupportedType => 415,
            Self::Unavailable => 503,
        }
    }

    /// The message for the user, in the language of `t`.
    pub fn message(&self, t: &Messages) -> String {
        match self {
            Self::Internal(_) | Self::Transport(_) => t.error_text.to_owned(),
            Self::SignInRequired => t.error_sign_in_required.to_owned(),
            Self::StepRequired => t.error_step_required.to_owned(),
            Self::Forbidden => t.error_forbidden.to_owned(),
            Self::Invalid(_) => t.error_invalid.to_owned(),
            Self::BadCredentials => t.error_bad_credentials.to_owned(),
            Self::BadCode => t.error_bad_code.to_owned(),
            Self::RateLimited { retry_after_secs } => {
                crate::i18n::fill(t.error_rate_limited, &[("minutes", &retry_after_secs.div_ceil(60).max(1))])
            }
            Self::AccountDisabled => t.error_account_disabled.to_owned(),
            Self::CrossSite => t.error_cross_site.to_owned(),
            Self::NotFound => t.not_found_text.to_owned(),
            Self::Conflict => t.error_conflict.to_owned(),
            Self::TooLarge => t.error_too_large.to_owned(),
            Self::UnsupportedType => t.error_unsupported_type.to_owned(),
            Self::UseVneid => t.error_use_vneid.to_owned(),
            Self::IdentityLevelRequired { level } => crate::i18n::fill(t.error_identity_level, &[("level", level)]),
            Self::Unavailable => t.error_unavailable.to_owned(),
        }
    }

    /// The field errors, when the form had mistakes.
    pub fn field_errors(&self) -> Option<&FieldErrors> {
        match self {
            Self::Invalid(errors) => Some(errors),
            _ => None,
        }
    }
}

impl From<FieldErrors> for AppError {
    fn from(errors: FieldErrors) -> Self {
        Self::Invalid(errors)
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        Self::Transport(value.to_string())
    }
}

/// How a plain route, the middleware or a refused request answers an error:
/// its status, `Retry-After` when limited, and the error as JSON (as server
/// functions send it), so every client reads every refusal the same way.
#[cfg(feature = "ssr")]
impl axum::response::IntoResponse for AppError {
    fn into_response(self) -> axum::response::Response {
        use axum::http::{HeaderValue, StatusCode, header};
        let status = StatusCode::from_u16(self.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let body = serde_json::to_string(&self).unwrap_or_default();
        let mut response = (status, [(header::CONTENT_TYPE, "application/json")], body).into_response();
        match self {
            Self::RateLimited { retry_after_secs } => {
                response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(retry_after_secs));
            }
            Self::Unavailable => {
                response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(UNAVAILABLE_RETRY_SECS));
            }
            _ => {}
        }
        response
    }
}

/// Seconds a client is told to wait (`Retry-After`) when the database is away.
#[cfg(feature = "ssr")]
pub const UNAVAILABLE_RETRY_SECS: u64 = 30;

#[cfg(feature = "ssr")]
impl From<sea_orm::DbErr> for AppError {
    fn from(err: sea_orm::DbErr) -> Self {
        if database_unreachable(&err) {
            tracing::warn!(error = %err, "database unreachable, or every connection busy: answered 503");
            return Self::Unavailable;
        }
        Self::internal(format_args!("database: {err}"))
    }
}

/// Whether the database could not be reached at all (no connection, the
/// connection lost, the server shutting down or starting: SQLSTATE classes 08
/// and 57P01–57P03), as opposed to a query it refused.
#[cfg(feature = "ssr")]
fn database_unreachable(err: &sea_orm::DbErr) -> bool {
    use sea_orm::{DbErr, RuntimeErr, sqlx};
    match err {
        DbErr::ConnectionAcquire(_) | DbErr::Conn(_) => true,
        DbErr::Exec(RuntimeErr::SqlxError(cause)) | DbErr::Query(RuntimeErr::SqlxError(cause)) => match &**cause {
            sqlx::Error::Io(_) | sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed => true,
            sqlx::Error::Database(refused) => {
                refused.code().is_some_and(|code| code.starts_with("08") || code.starts_with("57P0"))
            }
            _ => false,
        },
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_internal_cause_stays_on_the_server() {
        let err = AppError::internal("database: password authentication failed for user dvc");
        assert!(err.to_string().contains("password authentication failed"), "kept for the log");
        let sent = serde_json::to_string(&err).unwrap();
        assert!(!sent.contains("password") && !sent.contains("dvc"), "{sent}");
        let read: AppError = serde_json::from_str(&sent).unwrap();
        assert_eq!(read, err);
        assert_eq!(read.status(), 500);
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn an_unreachable_database_is_unavailable_not_a_failure() {
        use sea_orm::{ConnAcquireErr, DbErr, RuntimeErr, sqlx};
        use std::sync::Arc;
        let refused = std::io::Error::from(std::io::ErrorKind::ConnectionRefused);
        for err in [
            DbErr::ConnectionAcquire(ConnAcquireErr::Timeout),
            DbErr::Conn(RuntimeErr::Internal("connection refused".into())),
            DbErr::Query(RuntimeErr::SqlxError(Arc::new(sqlx::Error::Io(refused)))),
            DbErr::Exec(RuntimeErr::SqlxError(Arc::new(sqlx::Error::PoolClosed))),
        ] {
            let answered = AppError::from(err);
            assert_eq!((answered.status(), &answered), (503, &AppError::Unavailable));
        }
        let refused_query = DbErr::Query(RuntimeErr::SqlxError(Arc::new(sqlx::Error::RowNotFound)));
        assert_eq!(AppError::from(refused_query).status(), 500, "a query the database refused is our failure");
        let t = crate::i18n::Locale::Vi.messages();
        assert!(AppError::Unavailable.message(t).contains("thử lại"));
    }
}
