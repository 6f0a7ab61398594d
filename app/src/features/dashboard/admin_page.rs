//! `/dashboard/admin`: administrators create officials, set their roles and
//! disable them — within the agencies they manage.

use super::api::{CreateOfficial, SetOfficialDisabled, SetOfficialRoles, list_managed_agencies, list_officials};
use crate::domain::access::Role;
use crate::domain::account::{NewOfficial, OfficialSummary};
use crate::error::AppError;
use crate::i18n::{fill, use_locale, use_t};
use crate::ui::form::{ErrorSummary, Field, FormErrors, ProblemNotice};
use crate::ui::{ErrorNotice, PageMeta};
use leptos::prelude::*;

#[component]
pub fn AdminPage() -> impl IntoView {
    let t = use_t();
    let officials = Resource::new(|| (), |_| list_officials());
    let problem = RwSignal::new(None::<AppError>);
    view! {
        <PageMeta title=t.admin_title description=t.admin_title/>
        <h1>{t.admin_title}</h1>
        <ProblemNotice problem/>
        <CreateOfficialForm on_created=Callback::new(move |_| officials.refetch())/>
        <section class="panel" aria-labelledby="officials-heading">
            <h2 id="officials-heading">{t.admin_list}</h2>
            <Suspense fallback=move || view! { <p>{t.loading}</p> }>
                {move || Suspend::new(async move {
                    match officials.await {
                        Ok(list) if list.is_empty() => view! { <p>{t.admin_no_officials}</p> }.into_any(),
                        Ok(list) => view! {
                            <div class="table-scroll">
                                <table>
                                    <thead><tr>
                                        <th scope="col">{t.admin_name}</th>
                                        <th scope="col">{t.admin_agency}</th>
                                        <th scope="col">{t.admin_roles}</th>
                                        <th scope="col">{t.admin_status}</th>
                                    </tr></thead>
                                    <tbody>
                                        {list.into_iter().map(|official| view! { <OfficialRow official problem/> }).collect_view()}
                                    </tbody>
                                </table>
                            </div>
                        }
                        .into_any(),
                        Err(error) => view! { <ErrorNotice error/> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn OfficialRow(official: OfficialSummary, problem: RwSignal<Option<AppError>>) -> impl IntoView {
    let t = use_t();
    let id = official.id;
    let roles = RwSignal::new(official.roles.clone());
    let disabled = RwSignal::new(official.disabled);
    let save = ServerAction::<SetOfficialRoles>::new();
    let toggle = ServerAction::<SetOfficialDisabled>::new();
    let saved = RwSignal::new(false);
    Effect::new(move |_| match save.value().get() {
        Some(Ok(())) => saved.set(true),
        Some(Err(err)) => problem.set(Some(err)),
        None => {}
    });
    Effect::new(move |_| match toggle.value().get() {
        Some(Ok(())) => disabled.update(|d| *d = !*d),
        Some(Err(err)) => problem.set(Some(err)),
        None => {}
    });
    let boxes = Role::ALL
        .into_iter()
        .map(|role| {
            let box_id = format!("role-{id}-{}", role.as_str());
            view! {
                <label class="check">
                    <input type="checkbox" id=box_id checked=roles.with_untracked(|r| r.contains(&role))
                        prop:checked=move || roles.with(|r| r.contains(&role))
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            saved.set(false);
                            roles.update(|r| { r.retain(|x| *x != role); if on { r.push(role); } });
                        }/>
                    {role.label(t)}
                </label>
            }
        })
        .collect_view();
    view! {
        <tr>
            <td>{official.full_name.clone()}<br/><span class="hint">{official.email.clone()}</span></td>
            <td>{official.agency_code.clone().unwrap_or_default()}</td>
            <td>
                <fieldset class="roles">
                    <legend class="visually-hidden">{format!("{} — {}", t.admin_roles, official.full_name)}</legend>
                    {boxes}
                </fieldset>
                <button type="button" class="secondary" on:click=move |_| { save.dispatch(SetOfficialRoles { id, roles: roles.get() }); }>
                    {t.admin_save_roles}
                </button>
                {move || saved.get().then(|| view! { <span role="status" class="ok">" " {t.admin_roles_saved}</span> })}
            </td>
            <td>
                {move || if disabled.get() { t.admin_disabled } else { t.admin_active }}
                <br/>
                <button type="button" class="secondary" on:click=move |_| { toggle.dispatch(SetOfficialDisabled { id, disabled: !disabled.get_untracked() }); }>
                    {move || if disabled.get() { t.admin_enable } else { t.admin_disable }}
                </button>
            </td>
        </tr>
    }
}

#[component]
fn CreateOfficialForm(on_created: Callback<()>) -> impl IntoView {
    let t = use_t();
    let locale = use_locale();
    let agency_query = RwSignal::new(String::new());
    let agencies = Resource::new(move || agency_query.get(), |q| list_managed_agencies(Some(q)));
    let full_name = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let agency_code = RwSignal::new(String::new());
    let roles = RwSignal::new(Vec::<Role>::new());
    let form = move || NewOfficial {
        full_name: full_name.get(),
        email: email.get(),
        agency_code: agency_code.get(),
        roles: roles.get(),
    };
    let errors = FormErrors::new();
    let problem = RwSignal::new(None::<AppError>);
    let action = ServerAction::<CreateOfficial>::new();
    Effect::new(move |_| match action.value().get() {
        Some(Ok(_)) => {
            errors.set(Default::default());
            on_created.run(());
        }
        Some(Err(err)) => errors.show(err, problem),
        None => {}
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        problem.set(None);
        match form().validate() {
            Ok(_) => {
                errors.set(Default::default());
                action.dispatch(CreateOfficial { form: form() });
            }
            Err(all) => errors.set(all),
        }
    };
    let agency_error = errors.of("agency_code");
    let roles_error = errors.of("roles");
    view! {
        <section class="panel" aria-labelledby="create-heading">
            <h2 id="create-heading">{t.admin_create}</h2>
            <ProblemNotice problem/>
            {move || action.value().get().and_then(|r| r.ok()).map(|created| view! {
                <div class="notice notice-ok" role="status">
                    <p>{fill(t.admin_created, &[("email", &created.email)])}</p>
                    <p><code class="secret" data-testid="temporary-password">{created.temporary_password}</code></p>
                </div>
            })}
            <ErrorSummary errors labels=vec![("full_name", t.admin_name), ("email", t.admin_email), ("agency_code", t.admin_agency), ("roles", t.admin_roles)]/>
            <form class="stack" on:submit=submit novalidate>
                <Field field="full_name" label=t.admin_name value=full_name errors autocomplete="off"/>
                <Field field="email" label=t.admin_email value=email errors input_type="email" autocomplete="off"/>
                <div class="field" class:field-invalid=move || agency_error.get().is_some()>
                    <label for="agency_search">{t.admin_agency_search}</label>
                    <p class="hint" id="agency_search-hint">{t.admin_agency_search_hint}</p>
                    <input type="search" id="agency_search" maxlength="100" aria-describedby="agency_search-hint"
                        on:change=move |ev| agency_query.set(event_target_value(&ev))/>
                    <label for="agency_code">{t.admin_agency}</label>
                    {move || agency_error.get().map(|rule| view! { <p class="field-error">{rule.text(t)}</p> })}
                    <select id="agency_code" on:change=move |ev| agency_code.set(event_target_value(&ev))>
                        <option value="">{t.choose}</option>
                        <Transition fallback=|| ()>
                            {move || Suspend::new(async move {
                                agencies.await.map(|list| list.into_iter().map(|a| view! {
                                    <option value=a.code.clone()>{format!("{} — {}", a.code, a.name.get(locale))}</option>
                                }).collect_view()).unwrap_or_default()
                            })}
                        </Transition>
                    </select>
                </div>
                <fieldset class="roles field" class:field-invalid=move || roles_error.get().is_some()>
                    <legend>{t.admin_roles}</legend>
                    {move || roles_error.get().map(|rule| view! { <p class="field-error">{rule.text(t)}</p> })}
                    {[Role::Receiver, Role::Processor, Role::Approver, Role::AgencyAdmin].into_iter().map(|role| {
                        let box_id = format!("new-role-{}", role.as_str());
                        view! {
                            <label class="check">
                                <input type="checkbox" id=box_id
                                    prop:checked=move || roles.with(|r| r.contains(&role))
                                    on:change=move |ev| {
                                        let on = event_target_checked(&ev);
                                        roles.update(|r| { r.retain(|x| *x != role); if on { r.push(role); } });
                                    }/>
                                {role.label(t)}
                            </label>
                        }
                    }).collect_view()}
                </fieldset>
                <button type="submit" disabled=move || action.pending().get()>{t.admin_create_submit}</button>
            </form>
        </section>
    }
}
