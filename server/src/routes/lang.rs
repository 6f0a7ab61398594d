//! `/lang/{vi|en}?next=/path`: remembers the language and goes back, with or
//! without JavaScript.

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
    let target = next.filter(|n| is_local_path(n)).unwrap_or_else(|| "/".to_owned());
    let mut response = Redirect::to(&target).into_response();
    let cookie = format!("{LOCALE_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax; HttpOnly", locale.code());
    if let Ok(value) = HeaderValue::from_str(&cookie) {
        response.headers_mut().insert(header::SET_COOKIE, value);
    }
    response
}

/// Only paths on this site: never `//evil.example` or `https://…` (open redirect).
fn is_local_path(path: &str) -> bool {
    path.starts_with('/') && !path.starts_with("//") && !path.starts_with("/\\") && !path.contains(['\r', '\n'])
}

#[cfg(test)]
mod tests {
    use super::is_local_path;

    #[test]
    fn next_must_stay_on_this_site() {
        assert!(is_local_path("/procedures?q=khai+sinh"));
        assert!(!is_local_path("//evil.example/"));
        assert!(!is_local_path("/\\evil.example"));
        assert!(!is_local_path("https://evil.example/"));
        assert!(!is_local_path("/a\r\nSet-Cookie: x=1"));
    }
}
