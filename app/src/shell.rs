//! The frame of every page: the header (language switch, the signed-in
//! user, the notification bell) and the footer. It puts features' pieces
//! together, so it lives beside the router, not among the generic `ui`
//! components (which never import a feature).

use crate::domain::access::{AccountKind, SessionUser};
use crate::domain::catalog::url_encode;
use crate::features::account::session::use_current_user;
use crate::i18n::{use_locale, use_t};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_location;

#[component]
pub fn Header() -> impl IntoView {
    let t = use_t();
    let other = use_locale().other();
    let location = use_location();
    let user = use_current_user();
    // A full page load through the server, which sets the cookie and comes back.
    let switch_href = move || {
        // `search` comes with or without its `?` depending on where it was read.
        let search = location.search.get();
        let search = search.trim_start_matches('?');
        let here =
            if search.is_empty() { location.pathname.get() } else { format!("{}?{search}", location.pathname.get()) };
        format!("/lang/{}?next={}", other.code(), url_encode(&here))
    };
    view! {
        <a class="skip-link" href="#main">{t.skip_to_content}</a>
        <header class="site-header">
            <div class="container header-row">
                <A href="/" attr:class="brand">
                    <span class="brand-mark" aria-hidden="true">"DVC"</span>
                    <span class="brand-text">
                        <span class="brand-name">{t.site_name}</span>
                        <span class="brand-tagline">{t.site_tagline}</span>
                    </span>
                </A>
                <a class="lang-switch" href=switch_href rel="external" hreflang=other.code() lang=other.code() aria-label=t.switch_language_label>
                    {t.switch_language}
                </a>
            </div>
            <nav class="site-nav" aria-label=t.nav_label>
                <ul class="container">
                    <li><A href="/" exact=true>{t.nav_home}</A></li>
                    <li><A href="/procedures">{t.nav_procedures}</A></li>
                    <li><A href="/lookup">{t.lookup_title}</A></li>
                    <Transition fallback=|| ()>
                        {move || Suspend::new(async move { view! { <AccountLinks user=user.await.ok().flatten()/> } })}
                    </Transition>
                </ul>
            </nav>
        </header>
    }
}

/// Sign-in and registration, or the account (and the dashboard for officials).
#[component]
fn AccountLinks(user: Option<SessionUser>) -> impl IntoView {
    let t = use_t();
    match user {
        None => view! {
            <li class="nav-end"><A href="/login">{t.nav_sign_in}</A></li>
            <li><A href="/register">{t.nav_register}</A></li>
        }
        .into_any(),
        Some(user) => {
            let official = user.kind == AccountKind::Official;
            view! {
                {official.then(|| view! { <li class="nav-end"><a href="/dashboard" rel="external">{t.nav_dashboard}</a></li> })}
                {(!official).then(|| view! {
                    <li class="nav-end"><A href="/dossiers">{t.nav_dossiers}</A></li>
                    <li><crate::features::notifications::bell::Bell/></li>
                })}
                <li><A href="/account">{format!("{} ({})", t.nav_account, user.full_name)}</A></li>
            }
            .into_any()
        }
    }
}

#[component]
pub fn Footer() -> impl IntoView {
    let t = use_t();
    view! {
        <footer class="site-footer">
            <div class="container">
                <p>{t.footer_text}</p>
                <ul class="footer-links">
                    <li><A href="/statistics">{t.footer_statistics}</A></li>
                    <li><A href="/feedback">{t.feedback_title}</A></li>
                    <li><a href="/api/v1/openapi.json" rel="external">{t.footer_open_data}</a></li>
                </ul>
            </div>
        </footer>
    }
}
