//! Generic pieces of every page.

pub mod chart;
pub mod form;
pub mod icons;

use crate::error::AppError;
use crate::i18n::use_t;
use leptos::prelude::*;
use leptos_meta::{Meta, Title};

/// The page's `<title>` and meta description. Plain strings, not signals: the
/// head is rendered after the body, when the page's reactive values may be gone.
#[component]
pub fn PageMeta(#[prop(into)] title: String, #[prop(into)] description: String) -> impl IntoView {
    let t = use_t();
    view! {
        <Title text=format!("{title} | {}", t.site_name)/>
        <Meta name="description" content=description/>
    }
}

/// A 404 page; sets the HTTP status when rendered on the server.
#[component]
pub fn NotFound(
    #[prop(optional)] title: Option<&'static str>,
    #[prop(optional, into)] text: Option<String>,
) -> impl IntoView {
    let t = use_t();
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }
    let title = title.unwrap_or(t.not_found_title);
    view! {
        <PageMeta title=title.to_owned() description=t.not_found_text/>
        <div class="notice notice-error">
            <h1>{title}</h1>
            <p>{text.unwrap_or_else(|| t.not_found_text.to_owned())}</p>
            <p><a href="/procedures">{t.all_procedures}</a></p>
        </div>
    }
}

/// Shown where data could not be loaded; sets status 500 on the server.
#[component]
pub fn ErrorNotice(
    /// What failed, when known: a database that is away says so (503) and
    /// that it recovers by itself, rather than a bare failure (500).
    #[prop(optional, into)]
    error: Option<AppError>,
) -> impl IntoView {
    let t = use_t();
    let unavailable = matches!(error, Some(AppError::Unavailable));
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(match unavailable {
            true => http::StatusCode::SERVICE_UNAVAILABLE,
            false => http::StatusCode::INTERNAL_SERVER_ERROR,
        });
    }
    let text = match unavailable {
        true => t.error_unavailable,
        false => t.error_text,
    };
    view! {
        <div class="notice notice-error" role="alert">
            <h2>{t.error_title}</h2>
            <p>{text}</p>
        </div>
    }
}

/// The page's query string, without its `?` (pages that pass it on whole:
/// the payment and sign-in sandboxes, the payment return).
pub fn raw_query() -> Memo<String> {
    let location = leptos_router::hooks::use_location();
    Memo::new(move |_| location.search.get().trim_start_matches('?').to_owned())
}
