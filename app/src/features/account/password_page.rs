//! `/account/password`: change the password (required at an official's first sign-in).

use super::api::ChangePassword;
use super::session::use_current_user;
use crate::domain::access::SessionStage;
use crate::domain::account::PasswordChange;
use crate::error::AppError;
use crate::i18n::use_t;
use crate::ui::PageMeta;
use crate::ui::form::{ErrorSummary, Field, FormErrors, ProblemNotice, go_to};
use leptos::prelude::*;

#[component]
pub fn PasswordPage() -> impl IntoView {
    let t = use_t();
    let user = use_current_user();
    let current = RwSignal::new(String::new());
    let new = RwSignal::new(String::new());
    let confirm = RwSignal::new(String::new());
    let form = move || PasswordChange { current: current.get(), new: new.get(), confirm: confirm.get() };
    let errors = FormErrors::new();
    let problem = RwSignal::new(None::<AppError>);
    let check = Callback::new(move |field: &'static str| {
        let all = form().validate(&[]).err().unwrap_or_default();
        errors.update_field(field, &all);
    });
    let action = ServerAction::<ChangePassword>::new();
    Effect::new(move |_| match action.value().get() {
        Some(Ok(destination)) => go_to(&destination),
        Some(Err(err)) => errors.show(err, problem),
        None => {}
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        problem.set(None);
        match form().validate(&[]) {
            Ok(()) => {
                errors.set(Default::default());
                action.dispatch(ChangePassword { form: form() });
            }
            Err(all) => errors.set(all),
        }
    };
    let first_time =
        move || user.get().and_then(|r| r.ok()).flatten().is_some_and(|u| u.stage == SessionStage::PasswordChange);
    view! {
        <PageMeta title=t.password_title description=t.field_password_hint/>
        <div class="narrow">
            <h1>{t.password_title}</h1>
            <Transition fallback=|| ()>
                {move || first_time().then(|| view! { <p class="notice">{t.password_first_time}</p> })}
            </Transition>
            <ProblemNotice problem/>
            <ErrorSummary errors labels=vec![("current", t.field_current_password), ("new", t.field_new_password), ("confirm", t.field_new_password_confirm)]/>
            <form class="stack" on:submit=submit novalidate>
                <Field field="current" label=t.field_current_password value=current errors input_type="password" autocomplete="current-password"/>
                <Field field="new" label=t.field_new_password value=new errors input_type="password" hint=t.field_password_hint autocomplete="new-password" on_check=check/>
                <Field field="confirm" label=t.field_new_password_confirm value=confirm errors input_type="password" autocomplete="new-password" on_check=check/>
                <button type="submit" disabled=move || action.pending().get()>{t.password_submit}</button>
            </form>
        </div>
    }
}
