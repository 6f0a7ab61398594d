//! `/account/two-factor`: enrol an authenticator app (required for officials
//! when the portal is configured so).

use super::api::{ConfirmTwoFactorEnrolment, StartTwoFactorEnrolment};
use super::session::use_current_user;
use crate::domain::access::SessionStage;
use crate::domain::rules::FieldErrors;
use crate::error::AppError;
use crate::i18n::use_t;
use crate::ui::PageMeta;
use crate::ui::form::{ErrorSummary, Field, FormErrors, ProblemNotice, go_to};
use leptos::prelude::*;

#[component]
pub fn TwoFactorPage() -> impl IntoView {
    let t = use_t();
    let user = use_current_user();
    let start = ServerAction::<StartTwoFactorEnrolment>::new();
    let confirm = ServerAction::<ConfirmTwoFactorEnrolment>::new();
    let code = RwSignal::new(String::new());
    let errors = FormErrors::new();
    let problem = RwSignal::new(None::<AppError>);
    Effect::new(move |_| {
        if let Some(Err(err)) = start.value().get() {
            problem.set(Some(err));
        }
    });
    Effect::new(move |_| match confirm.value().get() {
        Some(Ok(destination)) => go_to(&destination),
        Some(Err(err)) => errors.show(err, problem),
        None => {}
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        problem.set(None);
        let mut found = FieldErrors::default();
        found.check("code", crate::domain::account::parse_totp_code(&code.get()));
        errors.set(found.clone());
        if found.is_empty() {
            confirm.dispatch(ConfirmTwoFactorEnrolment { code: code.get() });
        }
    };
    let required = move || {
        user.get().and_then(|r| r.ok()).flatten().is_some_and(|u| u.stage == SessionStage::SecondFactorEnrolment)
    };
    view! {
        <PageMeta title=t.two_factor_title description=t.two_factor_intro/>
        <div class="narrow">
            <h1>{t.two_factor_title}</h1>
            <Transition fallback=|| ()>
                {move || required().then(|| view! { <p class="notice">{t.two_factor_required}</p> })}
            </Transition>
            <p>{t.two_factor_intro}</p>
            <ProblemNotice problem/>
            {move || match start.value().get() {
                Some(Ok(enrolment)) => view! {
                    <div class="panel">
                        <p>{t.two_factor_secret} ": " <code class="secret" data-testid="totp-secret">{enrolment.secret.clone()}</code></p>
                        <p><a href=enrolment.uri.clone() rel="external">{t.two_factor_link}</a></p>
                    </div>
                    <ErrorSummary errors labels=vec![("code", t.verify_code)]/>
                    <form class="stack" on:submit=submit novalidate>
                        <Field field="code" prefix="" label=t.verify_code value=code errors autocomplete="one-time-code" inputmode="numeric"/>
                        <button type="submit" disabled=move || confirm.pending().get()>{t.two_factor_confirm}</button>
                    </form>
                }
                .into_any(),
                _ => view! {
                    <button type="button" on:click=move |_| { start.dispatch(StartTwoFactorEnrolment {}); }>{t.two_factor_start}</button>
                }
                .into_any(),
            }}
        </div>
    }
}
