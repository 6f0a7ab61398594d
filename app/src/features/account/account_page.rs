//! `/account`: the profile (which later prefills forms) and security.

use super::api::{Place, SignOut, SignOutEverywhere, UpdateProfile, get_profile, list_provinces, list_wards};
use crate::domain::account::{Profile, ProfileUpdate};
use crate::error::AppError;
use crate::i18n::use_t;
use crate::ui::form::{ErrorSummary, Field, FormErrors, ProblemNotice, go_to};
use crate::ui::{ErrorNotice, PageMeta};
use leptos::prelude::*;

#[component]
pub fn AccountPage() -> impl IntoView {
    let t = use_t();
    let profile = Resource::new(|| (), |_| get_profile());
    view! {
        <PageMeta title=t.account_title description=t.account_profile_hint/>
        <h1>{t.account_title}</h1>
        <Suspense fallback=move || view! { <p>{t.loading}</p> }>
            {move || Suspend::new(async move {
                match profile.await {
                    Ok(profile) => {
                        let two_factor = profile.two_factor_enabled;
                        // Citizens (who have an ID number) choose which changes mail them.
                        let citizen = profile.citizen_id_masked.is_some();
                        view! {
                            <ProfileForm profile/>
                            {citizen.then(|| view! {
                                <crate::features::notifications::mail_settings::MailSettings/>
                                <p><a href="/account/organisations">{t.organisations_title}</a></p>
                                <p><a href="/account/documents">{t.store_title}</a></p>
                            })}
                            <Security two_factor/>
                        }
                        .into_any()
                    }
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn ProfileForm(profile: Profile) -> impl IntoView {
    let t = use_t();
    let code = |c: Option<i32>| c.map(|c| c.to_string()).unwrap_or_default();
    let phone = RwSignal::new(profile.phone.clone().unwrap_or_default());
    let email = RwSignal::new(profile.email.clone());
    let province = RwSignal::new(code(profile.address.province_code));
    let ward = RwSignal::new(code(profile.address.ward_code));
    let street = RwSignal::new(profile.address.street.clone());
    let form = move || ProfileUpdate {
        phone: phone.get(),
        email: email.get(),
        province_code: province.get(),
        ward_code: ward.get(),
        street: street.get(),
    };
    let errors = FormErrors::new();
    let problem = RwSignal::new(None::<AppError>);
    let saved = RwSignal::new(false);
    let check = Callback::new(move |field: &'static str| {
        let all = form().validate().err().unwrap_or_default();
        errors.update_field(field, &all);
    });
    let provinces = Resource::new(|| (), |_| list_provinces());
    let wards = Resource::new(
        move || province.get(),
        |code| async move {
            match code.parse::<i32>() {
                Ok(code) => list_wards(code).await,
                Err(_) => Ok(Vec::new()),
            }
        },
    );
    let action = ServerAction::<UpdateProfile>::new();
    Effect::new(move |_| match action.value().get() {
        Some(Ok(_)) => {
            errors.set(Default::default());
            saved.set(true);
        }
        Some(Err(err)) => errors.show(err, problem),
        None => {}
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        saved.set(false);
        problem.set(None);
        match form().validate() {
            Ok(_) => {
                action.dispatch(UpdateProfile { form: form() });
            }
            Err(all) => errors.set(all),
        }
    };
    let ward_error = errors.of("ward_code");
    let options = |places: Vec<Place>, selected: RwSignal<String>| {
        places
            .into_iter()
            .map(|p| {
                let value = p.code.to_string();
                let is_selected = selected.get_untracked() == value;
                view! { <option value=value selected=is_selected>{p.name}</option> }
            })
            .collect_view()
    };
    let born = profile.birth_date.map(crate::domain::identity::format_vn_date).unwrap_or_default();
    view! {
        <section class="panel" aria-labelledby="profile-heading">
            <h2 id="profile-heading">{t.account_profile}</h2>
            <p class="hint">{t.account_profile_hint}</p>
            <dl class="facts">
                <div><dt>{t.field_full_name}</dt><dd>{profile.full_name.clone()}</dd></div>
                {profile.citizen_id_masked.clone().map(|id| view! { <div><dt>{t.field_citizen_id}</dt><dd>{id}</dd></div> })}
                {(!born.is_empty()).then(|| view! { <div><dt>{t.field_birth_date}</dt><dd>{born.clone()}</dd></div> })}
            </dl>
            {profile.identity_verified_on.map(|day| {
                let date = crate::domain::identity::format_vn_date(day);
                view! { <p class="hint vneid-source">{crate::i18n::fill(t.vneid_source, &[("date", &date)])}</p> }
            })}
            <ProblemNotice problem/>
            <ErrorSummary errors labels=vec![("phone", t.field_phone), ("email", t.field_email), ("ward_code", t.field_ward), ("street", t.field_street)]/>
            {move || saved.get().then(|| view! { <p class="notice notice-ok" role="status">{t.account_saved}</p> })}
            <form class="stack" on:submit=submit novalidate>
                <Field field="phone" label=t.field_phone value=phone errors input_type="tel" autocomplete="tel" on_check=check/>
                <Field field="email" label=t.field_email value=email errors input_type="email" autocomplete="email" on_check=check/>
                <div class="field">
                    <label for="province_code">{t.field_province}</label>
                    <select id="province_code" on:change=move |ev| { province.set(event_target_value(&ev)); ward.set(String::new()); }>
                        <option value="">{t.choose}</option>
                        <Transition fallback=|| ()>
                            {move || Suspend::new(async move { provinces.await.map(|list| options(list, province)).unwrap_or_default() })}
                        </Transition>
                    </select>
                </div>
                <div class="field" class:field-invalid=move || ward_error.get().is_some()>
                    <label for="ward_code">{t.field_ward}</label>
                    {move || ward_error.get().map(|rule| view! { <p class="field-error" id="ward_code-error">{rule.text(t)}</p> })}
                    <select id="ward_code" on:change=move |ev| ward.set(event_target_value(&ev))
                        aria-invalid=move || ward_error.get().is_some().then_some("true")
                        aria-describedby=move || ward_error.get().is_some().then_some("ward_code-error")>
                        <option value="">{t.choose}</option>
                        <Transition fallback=|| ()>
                            {move || Suspend::new(async move { wards.await.map(|list| options(list, ward)).unwrap_or_default() })}
                        </Transition>
                    </select>
                </div>
                <Field field="street" label=t.field_street value=street errors autocomplete="street-address" on_check=check/>
                <button type="submit" disabled=move || action.pending().get()>{t.account_save}</button>
            </form>
        </section>
    }
}

#[component]
fn Security(two_factor: bool) -> impl IntoView {
    let t = use_t();
    let sign_out = ServerAction::<SignOut>::new();
    let everywhere = ServerAction::<SignOutEverywhere>::new();
    Effect::new(move |_| {
        if matches!(sign_out.value().get(), Some(Ok(()))) || matches!(everywhere.value().get(), Some(Ok(()))) {
            crate::features::apply::browser::set_owner(None);
            go_to("/");
        }
    });
    view! {
        <section class="panel" aria-labelledby="security-heading">
            <h2 id="security-heading">{t.account_security}</h2>
            <p>{if two_factor { t.account_two_factor_on } else { t.account_two_factor_off }}</p>
            <ul class="actions-list">
                <li><a href="/account/password">{t.account_change_password}</a></li>
                {(!two_factor).then(|| view! { <li><a href="/account/two-factor">{t.account_two_factor_enable}</a></li> })}
            </ul>
            // Plain forms: they also work before (or without) JavaScript.
            <div class="button-row">
                <form method="post" action="/api/sign_out" on:submit=move |ev: leptos::ev::SubmitEvent| {
                    ev.prevent_default();
                    sign_out.dispatch(SignOut {});
                }>
                    <button type="submit" class="secondary">{t.nav_sign_out}</button>
                </form>
                <form method="post" action="/api/sign_out_everywhere" on:submit=move |ev: leptos::ev::SubmitEvent| {
                    ev.prevent_default();
                    everywhere.dispatch(SignOutEverywhere {});
                }>
                    <button type="submit" class="secondary">{t.account_sign_out_everywhere}</button>
                </form>
            </div>
        </section>
    }
}
