//! `/register`: a citizen creates an account. Each field is checked as soon
//! as it is left, by the same rules the server applies.

use super::api::{RegisterCitizen, sign_in_options};
use crate::domain::account::Registration;
use crate::error::AppError;
use crate::i18n::use_t;
use crate::ui::PageMeta;
use crate::ui::form::{DateField, ErrorSummary, Field, FormErrors, ProblemNotice, go_to, today};
use leptos::prelude::*;

#[component]
pub fn RegisterPage() -> impl IntoView {
    let t = use_t();
    let full_name = RwSignal::new(String::new());
    let citizen_id = RwSignal::new(String::new());
    let birth_date = RwSignal::new(String::new());
    let phone = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let password_confirm = RwSignal::new(String::new());
    let form = move || Registration {
        full_name: full_name.get(),
        citizen_id: citizen_id.get(),
        birth_date: birth_date.get(),
        phone: phone.get(),
        email: email.get(),
        password: password.get(),
        password_confirm: password_confirm.get(),
    };
    let errors = FormErrors::new();
    let problem = RwSignal::new(None::<AppError>);
    let check = Callback::new(move |field: &'static str| {
        let all = form().validate(today()).err().unwrap_or_default();
        errors.update_field(field, &all);
        // The ID number is checked against the date of birth, the confirmation
        // against the password: re-check the one already typed.
        let related = match field {
            "birth_date" => Some(("citizen_id", citizen_id)),
            "password" => Some(("password_confirm", password_confirm)),
            _ => None,
        };
        if let Some((other, value)) = related
            && !value.get_untracked().is_empty()
        {
            errors.update_field(other, &all);
        }
    });
    let action = ServerAction::<RegisterCitizen>::new();
    Effect::new(move |_| match action.value().get() {
        Some(Ok(destination)) => go_to(&destination),
        Some(Err(err)) => errors.show(err, problem),
        None => {}
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        problem.set(None);
        match form().validate(today()) {
            Ok(_) => {
                errors.set(Default::default());
                action.dispatch(RegisterCitizen { form: form() });
            }
            Err(all) => errors.set(all),
        }
    };
    let labels = vec![
        ("full_name", t.field_full_name),
        ("citizen_id", t.field_citizen_id),
        ("birth_date", t.field_birth_date),
        ("phone", t.field_phone),
        ("email", t.field_email),
        ("password", t.field_password),
        ("password_confirm", t.field_password_confirm),
    ];
    let options = Resource::new(|| (), |_| sign_in_options());
    view! {
        <PageMeta title=t.register_title description=t.register_description/>
        <div class="narrow">
            <h1>{t.register_title}</h1>
            <p class="lead">{t.register_description}</p>
            // Where citizens sign in with VNeID only, say so before anyone fills the form.
            <Suspense>
                {move || Suspend::new(async move {
                    let options = options.await.ok().filter(|o| !o.citizen_password)?;
                    Some(view! {
                        <div class="notice notice-warning" role="note">
                            <p>{t.error_use_vneid}</p>
                            {options.vneid.then(|| view! { <p><a class="button" href="/login/vneid" rel="external">{t.vneid_sign_in}</a></p> })}
                        </div>
                    })
                })}
            </Suspense>
            <ProblemNotice problem/>
            <ErrorSummary errors labels/>
            <form class="stack" method="post" action="/api/register_citizen" on:submit=submit novalidate>
                <Field field="full_name" label=t.field_full_name value=full_name errors autocomplete="name" on_check=check/>
                <Field field="citizen_id" label=t.field_citizen_id value=citizen_id errors hint=t.field_citizen_id_hint inputmode="numeric" on_check=check/>
                <DateField field="birth_date" label=t.field_birth_date value=birth_date errors birthday=true on_check=check/>
                <Field field="phone" label=t.field_phone value=phone errors input_type="tel" autocomplete="tel" on_check=check/>
                <Field field="email" label=t.field_email value=email errors input_type="email" autocomplete="email" on_check=check/>
                <Field field="password" label=t.field_password value=password errors input_type="password" hint=t.field_password_hint autocomplete="new-password" on_check=check/>
                <Field field="password_confirm" label=t.field_password_confirm value=password_confirm errors input_type="password" autocomplete="new-password" on_check=check/>
                <button type="submit" disabled=move || action.pending().get()>
                    {move || if action.pending().get() { t.submitting } else { t.register_submit }}
                </button>
            </form>
            <p>{t.register_have_account} " " <a href="/login">{t.nav_sign_in}</a></p>
        </div>
    }
}
