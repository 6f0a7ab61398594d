//! The middleware every request passes before any handler: refuses cross-site
//! writes, loads the session, and applies the access policy. Handlers find the
//! result in the request's extensions as [`RequestAuth`].

use super::policy::{self, Target};
use super::session::{self, Client};
use super::{AuthSettings, RequestAuth};
use crate::domain::access::{Access, Permission, decide};
use crate::error::AppError;
use crate::i18n::{Locale, Messages};
use axum::extract::{ConnectInfo, Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use sea_orm::DatabaseConnection;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

/// Enforces the policy; see the module documentation.
pub async fn authorize(
    State(db): State<DatabaseConnection>,
    State(settings): State<Arc<AuthSettings>>,
    mut request: Request,
    next: Next,
) -> Response {
    let settings = &*settings;
    let target = policy::target(request.uri().path());
    // The dossier API reads its caller from the bearer token alone, never
    // from a session's cookie (so no cross-site request can use a browser's);
    // without a token, the policy refuses as for any other route.
    if target == Target::Route(Permission::ApiToken) && request.headers().contains_key(header::AUTHORIZATION) {
        return next.run(request).await;
    }
    // Files, probes and the open API neither need nor get a session: no
    // database round trip for every asset a page loads.
    if matches!(target, Target::Other | Target::Route(Permission::Public))
        && is_safe(request.method())
        && !policy::PUBLIC_ROUTES_READING_THE_CALLER.contains(&request.uri().path())
    {
        return next.run(request).await;
    }
    let locale = locale_of(request.headers());
    if !is_safe(request.method()) && !same_origin(request.headers(), settings) {
        tracing::warn!(path = %request.uri().path(), "cross-site request refused");
        return refuse(target, AppError::CrossSite, locale, request.uri().path());
    }
    let client = client_of(&request, settings);
    let token = request
        .headers()
        .get(header::COOKIE)
        .and_then(|v| v.to_str().ok())
        .and_then(|cookies| session::token_from_cookie_header(settings, cookies));
    let loaded = match &token {
        Some(token) => match session::load(&db, settings, token, &client, chrono::Utc::now()).await {
            Ok(loaded) => loaded,
            Err(err) => return refuse(target, AppError::from(err), locale, request.uri().path()),
        },
        None => None,
    };
    let permission = match target {
        Target::Page(p) | Target::ServerFn(p) | Target::Route(p) => p,
        Target::UndeclaredServerFn => {
            tracing::error!(path = %request.uri().path(), "server function without a declared permission");
            return refuse(target, AppError::Forbidden, locale, request.uri().path());
        }
        Target::Other => Permission::Public,
    };
    let user = loaded.as_ref().map(|l| &l.user);
    let access = decide(user, permission);
    let stale_cookie = token.is_some() && loaded.is_none();
    let mut response = match access {
        Access::Allowed => {
            request.extensions_mut().insert(RequestAuth {
                session_id: loaded.as_ref().map(|l| l.id.clone()),
                user: loaded.as_ref().map(|l| l.user.clone()),
                client,
            });
            next.run(request).await
        }
        Access::SignInRequired => {
            let mut refusal = refuse(target, AppError::SignInRequired, locale, &path_and_query(&request));
            if target == Target::Route(Permission::ApiToken) {
                refusal.headers_mut().insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
            }
            refusal
        }
        Access::StepRequired(stage) => match target {
            Target::Page(_) => redirect(stage.page()),
            _ => refuse(target, AppError::StepRequired, locale, request.uri().path()),
        },
        Access::Forbidden => refuse(target, AppError::Forbidden, locale, request.uri().path()),
    };
    let new_cookie = match (&loaded, stale_cookie) {
        (Some(session::LoadedSession { rotated_token: Some(token), .. }), _) => {
            Some(session::set_cookie(settings, token))
        }
        (_, true) => Some(session::clear_cookie(settings)),
        _ => None,
    };
    // A handler that set the session cookie itself (sign-in, sign-out) wins.
    let handler_set_cookie = response
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .any(|v| v.to_str().is_ok_and(|v| v.starts_with(session::cookie_name(settings))));
    if let Some(cookie) = new_cookie
        && !handler_set_cookie
        && let Ok(value) = HeaderValue::from_str(&cookie)
    {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
    response
}

fn is_safe(method: &Method) -> bool {
    matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// Fetch Metadata first (browsers send `Sec-Fetch-Site`), then `Origin`.
/// Requests with neither come from programs, not from a victim's browser.
pub fn same_origin(headers: &HeaderMap, settings: &AuthSettings) -> bool {
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        return matches!(site, "same-origin" | "none");
    }
    let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) else { return true };
    match &settings.public_origin {
        Some(public) => origin.eq_ignore_ascii_case(public.trim_end_matches('/')),
        None => {
            let host = headers.get(header::HOST).and_then(|v| v.to_str().ok()).unwrap_or_default();
            origin
                .split_once("://")
                .is_some_and(|(_, authority)| !host.is_empty() && authority.eq_ignore_ascii_case(host))
        }
    }
}

/// The client's address and browser, for rate limits and the audit log.
fn client_of(request: &Request, settings: &AuthSettings) -> Client {
    let forwarded = forwarded_client(request.headers(), usize::from(settings.trusted_proxy_hops));
    let ip = forwarded
        .or_else(|| request.extensions().get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip()))
        .map(|ip| ip.to_canonical().to_string());
    let user_agent = request
        .headers()
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .map(|agent| agent.chars().take(MAX_USER_AGENT_CHARS).collect());
    Client { ip, user_agent, locale: locale_of(request.headers()) }
}

/// A browser's `User-Agent` is kept (sessions, audit) up to this length.
const MAX_USER_AGENT_CHARS: usize = 256;

/// The client's address as the `hops` trusted proxies in front of us saw
/// it: each proxy appends the address it was reached from, possibly on a
/// header line of its own (HAProxy adds a new line, nginx extends the last),
/// so the entries of every line are read in order and the one `hops` from
/// the right is taken; whatever a client wrote itself stands further left.
/// `None` (use the peer's address) when no proxy is trusted, the list is
/// shorter than the hops, or that entry is not an address.
pub fn forwarded_client(headers: &HeaderMap, hops: usize) -> Option<IpAddr> {
    if hops == 0 {
        return None;
    }
    let entries: Vec<&str> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|line| line.split(','))
        .map(str::trim)
        .filter(|entry| !entry.is_empty())
        .collect();
    let entry = entries.get(entries.len().checked_sub(hops)?)?;
    entry.parse::<IpAddr>().ok().or_else(|| entry.parse::<SocketAddr>().ok().map(|s| s.ip()))
}

fn locale_of(headers: &HeaderMap) -> Locale {
    headers.get(header::COOKIE).and_then(|v| v.to_str().ok()).map(Locale::from_cookie_header).unwrap_or_default()
}

fn path_and_query(request: &Request) -> String {
    request.uri().path_and_query().map(|pq| pq.as_str().to_owned()).unwrap_or_else(|| "/".into())
}

fn redirect(to: &str) -> Response {
    (StatusCode::SEE_OTHER, [(header::LOCATION, to.to_owned())]).into_response()
}

/// Pages send people to sign in, or show a page saying why not; server
/// functions and routes answer the error as JSON.
fn refuse(target: Target, err: AppError, locale: Locale, here: &str) -> Response {
    let status = StatusCode::from_u16(err.status()).unwrap_or(StatusCode::FORBIDDEN);
    match (target, &err) {
        (Target::Page(_), AppError::SignInRequired) => {
            redirect(&format!("/login?next={}", crate::domain::catalog::url_encode(here)))
        }
        (Target::Page(_), _) => {
            let mut response = (status, refusal_page(&err, locale.messages(), locale)).into_response();
            response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"));
            response
        }
        _ => err.into_response(),
    }
}

/// A complete, script-free page explaining the refusal.
fn refusal_page(err: &AppError, t: &Messages, locale: Locale) -> String {
    let escape = |s: &str| s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;");
    format!(
        "<!DOCTYPE html><html lang=\"{lang}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{title} | {site}</title><link rel=\"stylesheet\" href=\"{css}\"></head>\
         <body><header class=\"site-header\"><div class=\"container header-row\"><a class=\"brand\" href=\"/\">\
         <span class=\"brand-mark\" aria-hidden=\"true\">DVC</span><span class=\"brand-text\">\
         <span class=\"brand-name\">{site}</span></span></a></div></header>\
         <main id=\"main\" class=\"container\"><div class=\"notice notice-error\" role=\"alert\">\
         <h1>{title}</h1><p>{text}</p><p><a href=\"/\">{home}</a> · <a href=\"/account\">{account}</a></p>\
         </div></main></body></html>",
        lang = locale.code(),
        title = escape(t.forbidden_title),
        site = escape(t.site_name),
        css = stylesheet_href(),
        text = escape(&err.message(t)),
        home = escape(t.nav_home),
        account = escape(t.nav_account),
    )
}

/// The stylesheet's URL, content-hashed when the build hashed file names
/// (cargo-leptos writes the hashes to `hash.txt` beside the binary).
fn stylesheet_href() -> String {
    static HREF: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    HREF.get_or_init(|| {
        let hash = std::env::current_exe()
            .ok()
            .and_then(|exe| std::fs::read_to_string(exe.parent()?.join("hash.txt")).ok())
            .and_then(|text| text.lines().find_map(|line| line.strip_prefix("css:").map(|h| h.trim().to_owned())));
        match hash {
            Some(hash) => format!("/pkg/dvc.{hash}.css"),
            None => "/pkg/dvc.css".to_owned(),
        }
    })
    .clone()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_client_is_the_entry_the_trusted_hops_appended() {
        let mut map = HeaderMap::new();
        // The client's own line (forged), then the proxy's line (HAProxy adds one).
        map.append("x-forwarded-for", HeaderValue::from_static("6.6.6.6, 7.7.7.7"));
        map.append("x-forwarded-for", HeaderValue::from_static("203.0.113.7"));
        assert_eq!(forwarded_client(&map, 1), Some("203.0.113.7".parse().unwrap()));
        assert_eq!(forwarded_client(&map, 2), Some("7.7.7.7".parse().unwrap()));
        assert_eq!(forwarded_client(&map, 0), None, "no proxy trusted: the peer's address");
        assert_eq!(forwarded_client(&map, 4), None, "fewer entries than hops");
        let mut map = HeaderMap::new();
        map.append("x-forwarded-for", HeaderValue::from_static("198.51.100.2:4711, not-an-address"));
        assert_eq!(forwarded_client(&map, 1), None);
        assert_eq!(forwarded_client(&map, 2), Some("198.51.100.2".parse().unwrap()));
        map.append("x-forwarded-for", HeaderValue::from_static("[2001:db8::1]:443"));
        assert_eq!(forwarded_client(&map, 1), Some("2001:db8::1".parse().unwrap()));
    }

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, HeaderValue::from_str(value).unwrap());
        }
        map
    }

    #[test]
    fn fetch_metadata_decides_first() {
        let settings = AuthSettings::default();
        assert!(same_origin(&headers(&[("sec-fetch-site", "same-origin")]), &settings));
        assert!(!same_origin(&headers(&[("sec-fetch-site", "cross-site")]), &settings));
        assert!(!same_origin(&headers(&[("sec-fetch-site", "same-site")]), &settings));
    }

    #[test]
    fn origin_must_be_the_host_or_the_public_origin() {
        let mut settings = AuthSettings::default();
        assert!(same_origin(&headers(&[("origin", "http://127.0.0.1:3000"), ("host", "127.0.0.1:3000")]), &settings));
        assert!(!same_origin(&headers(&[("origin", "https://evil.example"), ("host", "127.0.0.1:3000")]), &settings));
        assert!(same_origin(&headers(&[("host", "127.0.0.1:3000")]), &settings));
        settings.public_origin = Some("https://dvc.example.vn".into());
        assert!(same_origin(&headers(&[("origin", "https://dvc.example.vn")]), &settings));
        assert!(!same_origin(&headers(&[("origin", "http://dvc.example.vn")]), &settings));
    }
}
