//! `/lang/{vi|en}?next=/path`: remembers the language and goes back, with or
//! without JavaScript.

use app::domain::redirect::local_path;
use app::i18n::{LOCALE_COOKIE, Locale};
use axum::extract::{Path, Query};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

#[derive(Deserialize)]
pub struct Next {
    next: Option<String>,
}

pub async fn switch(Path(code): Path<String>, Query(Next { next }): Query<Next>) -> Response {
    let Some(locale) = Locale::parse(&code) else {
        return (StatusCode::NOT_FOUND, "Ngôn ngữ không được hỗ trợ (vi, en). Unsupported language (vi, en).")
            .into_response();
    };
    let target = next.as_deref().and_then(local_path).unwrap_or("/");
    let mut response = Redirect::to(target).into_response();
    let cookie = format!("{LOCALE_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax; HttpOnly", locale.code());
    if let Ok(value) = HeaderValue::from_str(&cookie) {
        response.headers_mut().insert(header::SET_COOKIE, value);
    }
    response
}
