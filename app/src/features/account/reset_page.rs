//! `/account/forgot` (ask for a reset link by e-mail) and `/account/reset?token=`
//! (choose a new password with it).

use super::api::{RequestPasswordReset, ResetPassword};
use crate::domain::rules::{FieldErrors, Rule};
use crate::error::AppError;
use crate::i18n::use_t;
use crate::ui::PageMeta;
use crate::ui::form::{ErrorSummary, Field, FormErrors, ProblemNotice, go_to};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn ForgotPasswordPage() -> impl IntoView {
    let t = use_t();
    let query = use_query_map();
    let identifier = RwSignal::new(String::new());
    let errors = FormErrors::new();
    let problem = RwSignal::new(None::<AppError>);
    let action = ServerAction::<RequestPasswordReset>::new();
    // Sent (with or without JavaScript): the same words whether or not the account exists.
    let sent = move || query.read().get("sent").is_some() || matches!(action.value().get(), Some(Ok(())));
    Effect::new(move |_| {
        if let Some(Err(err)) = action.value().get() {
            errors.show(err, problem);
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut found = FieldErrors::default();
        if identifier.get().trim().is_empty() {
            found.push("identifier", Rule::Required);
        }
        problem.set(None);
        errors.set(found.clone());
        if found.is_empty() {
            action.dispatch(RequestPasswordReset { identifier: identifier.get() });
        }
    };
    view! {
        <PageMeta title=t.forgot_title description=t.forgot_intro/>
        <div class="narrow">
            <h1>{t.forgot_title}</h1>
            <p>{t.forgot_intro}</p>
            <ProblemNotice problem/>
            <ErrorSummary errors labels=vec![("identifier", t.login_identifier)]/>
            <p role="status">{move || sent().then(|| view! { <span class="notice notice-success">{t.forgot_sent}</span> })}</p>
            <form class="stack" method="post" action="/api/request_password_reset" on:submit=submit novalidate>
                <Field field="identifier" prefix="" label=t.login_identifier value=identifier errors autocomplete="username"/>
                <button type="submit" disabled=move || action.pending().get()>
                    {move || if action.pending().get() { t.submitting } else { t.forgot_submit }}
                </button>
            </form>
            <p><a href="/login">{t.forgot_back}</a></p>
        </div>
    }
}

#[component]
pub fn ResetPasswordPage() -> impl IntoView {
    let t = use_t();
    let query = use_query_map();
    let token = move || query.read().get("token").unwrap_or_default();
    let password = RwSignal::new(String::new());
    let confirm = RwSignal::new(String::new());
    let errors = FormErrors::new();
    let problem = RwSignal::new(None::<AppError>);
    let action = ServerAction::<ResetPassword>::new();
    Effect::new(move |_| match action.value().get() {
        Some(Ok(())) => go_to("/login?reset=1"),
        Some(Err(err)) => errors.show(err, problem),
        None => {}
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut found = FieldErrors::default();
        if password.get().is_empty() {
            found.push("password", Rule::Required);
        }
        if confirm.get() != password.get() {
            found.push("confirm", Rule::PasswordMismatch);
        }
        problem.set(None);
        errors.set(found.clone());
        if found.is_empty() {
            action.dispatch(ResetPassword { token: token(), password: password.get(), confirm: confirm.get() });
        }
    };
    view! {
        <PageMeta title=t.reset_title description=t.reset_intro/>
        <div class="narrow">
            <h1>{t.reset_title}</h1>
            <p>{t.reset_intro}</p>
            <ProblemNotice problem/>
            <ErrorSummary errors labels=vec![("token", t.reset_link), ("password", t.reset_password), ("confirm", t.reset_confirm)]/>
            <form class="stack" method="post" action="/api/reset_password" on:submit=submit novalidate>
                <input type="hidden" name="token" value=token/>
                <Field field="password" prefix="" label=t.reset_password value=password errors input_type="password" autocomplete="new-password"/>
                <Field field="confirm" prefix="" label=t.reset_confirm value=confirm errors input_type="password" autocomplete="new-password"/>
                <button type="submit" disabled=move || action.pending().get()>
                    {move || if action.pending().get() { t.submitting } else { t.reset_submit }}
                </button>
            </form>
            <p><a href="/account/forgot">{t.reset_ask_again}</a></p>
        </div>
    }
}
