//! Form templates: downloads, with the Vietnamese file name preserved, and
//! uploads by a system administrator (a plain HTML form).

use app::domain::access::Role;
use app::domain::text::fold;
use app::error::AppError;
use app::server::auth::RequestAuth;
use app::server::state::AppState;
use app::server::templates::{self, NewTemplate, TemplateFile};
use axum::Extension;
use axum::body::Body;
use axum::extract::{Multipart, Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};

/// `GET /templates/{id}/{file_name}`: a template, the seed's or an uploaded one.
pub async fn download(State(state): State<AppState>, Path((id, file_name)): Path<(i32, String)>) -> Response {
    let (template, file) = match templates::content(&state.db, &state.files, &state.seed_dir, id, &file_name).await {
        Ok(found) => found,
        Err(AppError::NotFound) => {
            return (StatusCode::NOT_FOUND, "Không tìm thấy biểu mẫu. Template not found.").into_response();
        }
        Err(err) => return err.into_response(),
    };
    let extension = template.file_name.rsplit_once('.').map(|(_, e)| e).unwrap_or("bin");
    let (body, length) = match file {
        TemplateFile::Stored(object) => {
            let size = object.meta.size;
            (Body::from_stream(object.into_stream()), size)
        }
        TemplateFile::Seed(bytes) => {
            let size = bytes.len() as u64;
            (Body::from(bytes), size)
        }
    };
    let mut response = Response::new(body);
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_LENGTH, HeaderValue::from(length));
    if let Ok(v) = HeaderValue::from_str(&template.media_type) {
        headers.insert(header::CONTENT_TYPE, v);
    }
    if let Ok(v) = HeaderValue::from_str(&content_disposition(&template.title_vi, extension)) {
        headers.insert(header::CONTENT_DISPOSITION, v);
    }
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=3600"));
    response
}

/// The largest upload body: the template and its two titles.
pub const MAX_UPLOAD_BYTES: usize = templates::MAX_TEMPLATE_BYTES + 64 * 1024;
/// Where the upload form is, and where the browser goes back to.
const PAGE: &str = "/dashboard/templates";

/// `POST /templates` (a plain HTML form, multipart: `title_vi`, `title_en`,
/// `file`): stores a template (system administrators) and sends the browser
/// back to the templates page, saying which file name to use or what went
/// wrong (`?error=` the status). The body is bounded by the route's limit.
pub async fn upload(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    multipart: Multipart,
) -> Response {
    let stored = match auth.user {
        // Refused before the body is read.
        Some(me) if !me.has_role(Role::SystemAdmin) => Err(AppError::Forbidden),
        Some(me) => match read_upload(multipart).await {
            // Stored and recorded to the end even if the browser goes away meanwhile.
            Ok(new) => tokio::spawn(async move { templates::upload(&state.db, &state.files, &me, new).await })
                .await
                .unwrap_or_else(|err| Err(AppError::internal(err))),
            Err(err) => Err(err),
        },
        None => Err(AppError::SignInRequired),
    };
    match stored {
        Ok(template) => {
            let name = utf8_percent_encode(&template.file_name, NON_ALPHANUMERIC);
            Redirect::to(&format!("{PAGE}?uploaded={name}")).into_response()
        }
        Err(err) => Redirect::to(&format!("{PAGE}?error={}", err.status())).into_response(),
    }
}

async fn read_upload(mut multipart: Multipart) -> Result<NewTemplate, AppError> {
    let malformed = |_| AppError::Transport("malformed multipart body".into());
    let mut new =
        NewTemplate { file_name: String::new(), title_vi: String::new(), title_en: String::new(), bytes: Vec::new() };
    for _ in 0..8 {
        let Some(field) = multipart.next_field().await.map_err(malformed)? else { break };
        let name = field.name().unwrap_or_default().to_owned();
        if name == "file" {
            new.file_name = field.file_name().unwrap_or_default().to_owned();
        }
        let bytes = field.bytes().await.map_err(|_| AppError::TooLarge)?;
        match name.as_str() {
            "file" => new.bytes = bytes.to_vec(),
            "title_vi" | "title_en" => {
                let text = String::from_utf8(bytes.to_vec()).map_err(|_| AppError::Transport("not UTF-8".into()))?;
                let slot = if name == "title_vi" { &mut new.title_vi } else { &mut new.title_en };
                *slot = text;
            }
            _ => {}
        }
    }
    if new.bytes.is_empty() {
        return Err(AppError::UnsupportedType);
    }
    Ok(new)
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
