#![recursion_limit = "256"]
//! DVC: the online public-services portal. Shared by the server (`ssr`) and the
//! browser (`hydrate`): domain types, the UI, and server functions.

pub mod domain;
pub mod error;
pub mod features;
pub mod hydration;
pub mod i18n;
#[cfg(feature = "ssr")]
pub mod server;
mod shell;
pub mod ui;

use features::account::{
    AccountPage, ForgotPasswordPage, LoginPage, PasswordPage, RegisterPage, ResetPasswordPage, TwoFactorPage,
    VerifyPage, VneidSandboxPage,
};
use features::api_tokens::ApiTokensPage;
use features::apply::ApplyPage;
use features::catalog::{CatalogPage, HomePage, ProcedureDetailPage};
use features::catalog_admin::{
    CatalogAdminPage, DefinitionEditorPage, FormEditorPage, NewProcedurePage, TemplatesPage,
};
use features::dashboard::{AdminPage, CasePage, DashboardPage, HolidaysPage, StatisticsPage};
use features::document_store::DocumentsPage;
use features::dossiers::{DossierPage, DossiersPage};
use features::feedback::{FeedbackListPage, FeedbackQueuePage, SendFeedbackPage};
use features::intake::IntakePage;
use features::lookup::LookupPage;
use features::national::SyncPage;
use features::notifications::NotificationsPage;
use features::organisations::OrganisationsPage;
use features::payments::{PaymentReturnPage, SandboxPage};
use features::results::ResultVerifyPage;
use features::transparency::PublicStatisticsPage;
use features::webhooks::WebhooksPage;
use leptos::prelude::*;
use leptos_meta::{HashedStylesheet, MetaTags, provide_meta_context};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{Lazy, LazyRoute, ParamSegment, SsrMode, StaticSegment, lazy_route};

/// A page whose code the browser loads only when it is visited (a separate
/// WASM chunk, built by `cargo leptos build --split`): the first visit to the
/// catalog downloads the catalog, not the forms and dashboards.
macro_rules! lazy_page {
    ($($route:ident => $page:path),* $(,)?) => {$(
        struct $route;

        #[lazy_route]
        impl LazyRoute for $route {
            fn data() -> Self {
                Self
            }

            fn view(_this: Self) -> AnyView {
                $page().into_any()
            }
        }
    )*};
}

lazy_page!(
    ProcedureRoute => ProcedureDetailPage,
    LoginRoute => LoginPage,
    VerifyRoute => VerifyPage,
    ApplyRoute => ApplyPage,
    DossiersRoute => DossiersPage,
    DossierRoute => DossierPage,
    RegisterRoute => RegisterPage,
    AccountRoute => AccountPage,
    PasswordRoute => PasswordPage,
    TwoFactorRoute => TwoFactorPage,
    OrganisationsRoute => OrganisationsPage,
    DocumentsRoute => DocumentsPage,
    DashboardRoute => DashboardPage,
    AdminRoute => AdminPage,
    CaseRoute => CasePage,
    StatisticsRoute => StatisticsPage,
    HolidaysRoute => HolidaysPage,
    IntakeRoute => IntakePage,
    CatalogAdminRoute => CatalogAdminPage,
    FormEditorRoute => FormEditorPage,
    DefinitionEditorRoute => DefinitionEditorPage,
    NewProcedureRoute => NewProcedurePage,
    TemplatesRoute => TemplatesPage,
    LookupRoute => LookupPage,
    PublicStatisticsRoute => PublicStatisticsPage,
    FeedbackListRoute => FeedbackListPage,
    SendFeedbackRoute => SendFeedbackPage,
    FeedbackQueueRoute => FeedbackQueuePage,
    SyncRoute => SyncPage,
    ApiTokensRoute => ApiTokensPage,
    WebhooksRoute => WebhooksPage,
    NotificationsRoute => NotificationsPage,
    ForgotPasswordRoute => ForgotPasswordPage,
    ResetPasswordRoute => ResetPasswordPage,
    PaymentReturnRoute => PaymentReturnPage,
    SandboxRoute => SandboxPage,
    VneidSandboxRoute => VneidSandboxPage,
    ResultVerifyRoute => ResultVerifyPage,
);

/// The HTML document around the app, rendered on the server only.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    let locale = i18n::provide_locale();
    view! {
        <!DOCTYPE html>
        <html lang=locale.code()>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="theme-color" content="#a61b1b"/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                <HashedStylesheet options=options.clone() id="leptos"/>
                <HydrationScripts options/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

/// The portal: layout and routes.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    i18n::provide_locale();
    features::account::session::provide_current_user();
    features::live::provide_live_feed();
    features::notifications::bell::provide_unread_count();
    // Lets end-to-end tests (and nothing else) know the page is interactive.
    Effect::new(move |_| {
        if hydration::is_complete()
            && let Some(body) = document().body()
        {
            let _ = body.set_attribute("data-hydrated", "true");
        }
    });
    view! {
        <Router>
            <shell::Header/>
            <main id="main" class="container" tabindex="-1">
                <Routes fallback=|| view! { <ui::NotFound/> }>
                    <Route path=StaticSegment("") view=HomePage ssr=SsrMode::Async/>
                    <Route path=StaticSegment("procedures") view=CatalogPage ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("procedures"), ParamSegment("code")) view={Lazy::<ProcedureRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("procedures"), ParamSegment("code"), StaticSegment("apply")) view={Lazy::<ApplyRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=StaticSegment("dossiers") view={Lazy::<DossiersRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("dossiers"), ParamSegment("code")) view={Lazy::<DossierRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=StaticSegment("login") view={Lazy::<LoginRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("login"), StaticSegment("verify")) view={Lazy::<VerifyRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=StaticSegment("register") view={Lazy::<RegisterRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=StaticSegment("account") view={Lazy::<AccountRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("account"), StaticSegment("password")) view={Lazy::<PasswordRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("account"), StaticSegment("two-factor")) view={Lazy::<TwoFactorRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("account"), StaticSegment("organisations")) view={Lazy::<OrganisationsRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("account"), StaticSegment("documents")) view={Lazy::<DocumentsRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("account"), StaticSegment("forgot")) view={Lazy::<ForgotPasswordRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("account"), StaticSegment("reset")) view={Lazy::<ResetPasswordRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=StaticSegment("dashboard") view={Lazy::<DashboardRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("dashboard"), StaticSegment("admin")) view={Lazy::<AdminRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("dashboard"), StaticSegment("dossiers"), ParamSegment("code")) view={Lazy::<CaseRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("dashboard"), StaticSegment("statistics")) view={Lazy::<StatisticsRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("dashboard"), StaticSegment("holidays")) view={Lazy::<HolidaysRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("dashboard"), StaticSegment("intake")) view={Lazy::<IntakeRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("dashboard"), StaticSegment("catalog")) view={Lazy::<CatalogAdminRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("dashboard"), StaticSegment("catalog"), ParamSegment("code")) view={Lazy::<FormEditorRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("dashboard"), StaticSegment("catalog"), ParamSegment("code"), StaticSegment("definition")) view={Lazy::<DefinitionEditorRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("dashboard"), StaticSegment("new-procedure")) view={Lazy::<NewProcedureRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("dashboard"), StaticSegment("templates")) view={Lazy::<TemplatesRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("dashboard"), StaticSegment("feedback")) view={Lazy::<FeedbackQueueRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("dashboard"), StaticSegment("sync")) view={Lazy::<SyncRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("dashboard"), StaticSegment("api-tokens")) view={Lazy::<ApiTokensRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("dashboard"), StaticSegment("webhooks")) view={Lazy::<WebhooksRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=StaticSegment("lookup") view={Lazy::<LookupRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=StaticSegment("statistics") view={Lazy::<PublicStatisticsRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=StaticSegment("feedback") view={Lazy::<FeedbackListRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("feedback"), StaticSegment("new")) view={Lazy::<SendFeedbackRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=StaticSegment("notifications") view={Lazy::<NotificationsRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("payments"), StaticSegment("vnpay"), StaticSegment("return")) view={Lazy::<PaymentReturnRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("sandbox"), StaticSegment("vnpay"), StaticSegment("paymentv2"), StaticSegment("vpcpay.html")) view={Lazy::<SandboxRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("sandbox"), StaticSegment("vneid"), StaticSegment("authorize")) view={Lazy::<VneidSandboxRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("verify"), ParamSegment("code")) view={Lazy::<ResultVerifyRoute>::new()} ssr=SsrMode::Async/>
                </Routes>
            </main>
            <features::live::LiveAnnouncer/>
            <shell::Footer/>
        </Router>
    }
}
