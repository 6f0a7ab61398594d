//! The page's language in the Leptos context: read once from the request's
//! cookie (server) or from `<html lang>` (browser), then used by components.

use super::{Locale, Messages};
use leptos::prelude::*;

/// Reads the request's locale (server) or the page's (browser) into context.
pub fn provide_locale() -> Locale {
    let locale = initial_locale();
    provide_context(locale);
    locale
}

#[cfg(feature = "ssr")]
fn initial_locale() -> Locale {
    use_context::<http::request::Parts>()
        .and_then(|parts| parts.headers.get(http::header::COOKIE)?.to_str().ok().map(Locale::from_cookie_header))
        .unwrap_or_default()
}

// The server wrote the same cookie's locale into <html lang>; hydrate with it.
#[cfg(not(feature = "ssr"))]
fn initial_locale() -> Locale {
    document()
        .document_element()
        .and_then(|html| html.get_attribute("lang"))
        .and_then(|lang| Locale::parse(&lang))
        .unwrap_or_default()
}

/// The current locale.
pub fn use_locale() -> Locale {
    use_context::<Locale>().unwrap_or_default()
}

/// The current locale's messages.
pub fn use_t() -> &'static Messages {
    use_locale().messages()
}
