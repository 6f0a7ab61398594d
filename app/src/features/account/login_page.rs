//! `/login` (VNeID, and the identifier and password) and `/login/verify`
//! (the second factor).

use super::api::{SignIn, VerifySecondFactor, sign_in_options};
use crate::domain::rules::{FieldErrors, Rule};
use crate::error::AppError;
use crate::i18n::use_t;
use crate::ui::PageMeta;
use crate::ui::form::{ErrorSummary, Field, FormErrors, ProblemNotice, go_to};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn LoginPage() -> impl IntoView {
    let t = use_t();
    let query = use_query_map();
    let next = move || query.read().get("next");
    let identifier = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let errors = FormErrors::new();
    let problem = RwSignal::new(None::<AppError>);
    let action = ServerAction::<SignIn>::new();
    Effect::new(move |_| match action.value().get() {
        Some(Ok(destination)) => go_to(&destination),
        Some(Err(err)) => errors.show(err, problem),
        None => {}
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut found = FieldErrors::default();
        if identifier.get().trim().is_empty() {
            found.push("identifier", Rule::Required);
        }
        if password.get().is_empty() {
            found.push("password", Rule::Required);
        }
        problem.set(None);
        errors.set(found.clone());
        if found.is_empty() {
            action.dispatch(SignIn { identifier: identifier.get(), password: password.get(), next: next() });
        }
    };
    let options = Resource::new(|| (), |_| sign_in_options());
    let vneid_href = move || {
        let next = next().map(|n| format!("?next={}", crate::domain::catalog::url_encode(&n))).unwrap_or_default();
        format!("/login/vneid{next}")
    };
    view! {
        <PageMeta title=t.login_title description=t.login_description/>
        <div class="narrow">
            <h1>{t.login_title}</h1>
            {move || query.read().get("reset").is_some().then(|| view! { <p class="notice notice-success" role="status">{t.reset_done}</p> })}
            {move || query.read().get("vneid").is_some().then(|| view! { <div class="notice notice-error" role="alert"><p>{t.vneid_failed}</p></div> })}
            <Suspense>
                {move || Suspend::new(async move {
                    let options = options.await.ok()?;
                    let vneid = options.vneid.then(|| view! {
                        <section class="panel stack" aria-labelledby="vneid-heading">
                            <h2 id="vneid-heading">{t.vneid_sign_in}</h2>
                            <p class="hint">{t.vneid_sign_in_hint}</p>
                            // A plain route (a redirect to the provider), not a page: `rel="external"` keeps the router out.
                            <p><a class="button" href=vneid_href rel="external">{t.vneid_sign_in}</a></p>
                        </section>
                    });
                    let heading = if options.citizen_password { t.login_password_heading } else { t.login_officials_heading };
                    Some(view! { {vneid} <h2>{heading}</h2> })
                })}
            </Suspense>
            <ProblemNotice problem/>
            <ErrorSummary errors labels=vec![("identifier", t.login_identifier), ("password", t.login_password)]/>
            <form class="stack" method="post" action="/api/sign_in" on:submit=submit novalidate>
                <Field field="identifier" prefix="" label=t.login_identifier value=identifier errors autocomplete="username"/>
                <Field field="password" prefix="" label=t.login_password value=password errors input_type="password" autocomplete="current-password"/>
                <input type="hidden" name="next" value=next/>
                <button type="submit" disabled=move || action.pending().get()>
                    {move || if action.pending().get() { t.submitting } else { t.login_submit }}
                </button>
            </form>
            <p><a href="/account/forgot">{t.login_forgot}</a></p>
            <Suspense>
                {move || Suspend::new(async move {
                    options.await.ok().filter(|o| o.citizen_password).map(|_| view! {
                        <p>{t.login_no_account} " " <a href="/register">{t.login_register_link}</a></p>
                    })
                })}
            </Suspense>
        </div>
    }
}

#[component]
pub fn VerifyPage() -> impl IntoView {
    let t = use_t();
    let query = use_query_map();
    let code = RwSignal::new(String::new());
    let errors = FormErrors::new();
    let problem = RwSignal::new(None::<AppError>);
    let action = ServerAction::<VerifySecondFactor>::new();
    Effect::new(move |_| match action.value().get() {
        Some(Ok(destination)) => go_to(&destination),
        Some(Err(err)) => errors.show(err, problem),
        None => {}
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut found = FieldErrors::default();
        found.check("code", crate::domain::account::parse_totp_code(&code.get()));
        problem.set(None);
        errors.set(found.clone());
        if found.is_empty() {
            action.dispatch(VerifySecondFactor { code: code.get(), next: query.read().get("next") });
        }
    };
    view! {
        <PageMeta title=t.verify_title description=t.verify_intro/>
        <div class="narrow">
            <h1>{t.verify_title}</h1>
            <p>{t.verify_intro}</p>
            <ProblemNotice problem/>
            <ErrorSummary errors labels=vec![("code", t.verify_code)]/>
            <form class="stack" method="post" action="/api/verify_second_factor" on:submit=submit novalidate>
                <Field field="code" prefix="" label=t.verify_code value=code errors autocomplete="one-time-code" inputmode="numeric"/>
                <button type="submit" disabled=move || action.pending().get()>{t.verify_submit}</button>
            </form>
        </div>
    }
}
