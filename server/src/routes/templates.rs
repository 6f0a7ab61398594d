//! Form template downloads, with the Vietnamese file name preserved.

use app::domain::text::fold;
use app::server::state::AppState;
use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};

pub async fn download(State(state): State<AppState>, Path((id, file_name)): Path<(i32, String)>) -> Response {
    let not_found = || (StatusCode::NOT_FOUND, "Không tìm thấy biểu mẫu. Template not found.").into_response();
    let template = match app::server::catalog::template_by_id(&state.db, id).await {
        Ok(Some(t)) if t.file_name == file_name => t,
        Ok(_) => return not_found(),
        Err(err) => {
            tracing::error!(error = %err, "template lookup failed");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    // File names come from the seed, but never let one leave the folder.
    if template.file_name.contains(['/', '\\']) || template.file_name.starts_with('.') {
        return not_found();
    }
    let path = state.seed_dir.join("templates").join(&template.file_name);
    let bytes = match tokio::fs::read(&path).await {
        Ok(bytes) => bytes,
        Err(err) => {
            tracing::error!(error = %err, path = %path.display(), "template file missing");
            return not_found();
        }
    };
    let extension = template.file_name.rsplit_once('.').map(|(_, e)| e).unwrap_or("bin");
    let mut response = Response::new(Body::from(bytes));
    let headers = response.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&template.media_type) {
        headers.insert(header::CONTENT_TYPE, v);
    }
    if let Ok(v) = HeaderValue::from_str(&content_disposition(&template.title_vi, extension)) {
        headers.insert(header::CONTENT_DISPOSITION, v);
    }
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=3600"));
    response
}

/// `attachment` with an ASCII fallback name and the Vietnamese name (RFC 6266 / 8187).
pub fn content_disposition(title: &str, extension: &str) -> String {
    content_disposition_for(&format!("{title}.{extension}"))
}

/// The same for a whole file name (its extension kept in the ASCII fallback).
pub fn content_disposition_for(file_name: &str) -> String {
    let (stem, extension) = file_name.rsplit_once('.').unwrap_or((file_name, "bin"));
    let ascii: String =
        fold(stem).chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' { c } else { '-' }).collect();
    let ascii = if ascii.trim_matches('-').is_empty() { "tep".to_owned() } else { ascii };
    let extension: String = extension.chars().filter(char::is_ascii_alphanumeric).collect();
    let utf8 = utf8_percent_encode(file_name, NON_ALPHANUMERIC).to_string();
    format!("attachment; filename=\"{ascii}.{extension}\"; filename*=UTF-8''{utf8}")
}

#[cfg(test)]
mod tests {
    use super::content_disposition;

    #[test]
    fn disposition_keeps_the_vietnamese_name() {
        assert_eq!(
            content_disposition("Tờ khai đăng ký khai sinh", "docx"),
            "attachment; filename=\"to-khai-dang-ky-khai-sinh.docx\"; \
             filename*=UTF-8''T%E1%BB%9D%20khai%20%C4%91%C4%83ng%20k%C3%BD%20khai%20sinh%2Edocx"
        );
    }
}
