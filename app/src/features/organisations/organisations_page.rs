//! `/account/organisations`: the organisations the citizen acts for. Their
//! representative sees the members, adds one by personal ID number and
//! removes one. Plain forms: they work before the page is interactive and
//! without JavaScript (the server then comes back with `?changed=`).

use super::api::{AddOrganisationMember, RemoveOrganisationMember, my_organisations};
use crate::domain::dossier::format_vn_datetime;
use crate::domain::organisation::{MemberRole, OrganisationView};
use crate::error::AppError;
use crate::i18n::{fill, use_t};
use crate::ui::form::{FormErrors, ProblemNotice};
use crate::ui::{ErrorNotice, PageMeta};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn OrganisationsPage() -> impl IntoView {
    let t = use_t();
    // Bumped after each change, to read the organisations again; the outcome
    // of the latest change (or of the plain form, `?changed=`).
    let version = RwSignal::new(0_u32);
    let query = use_query_map();
    let outcome = RwSignal::new(query.with_untracked(|q| match q.get_str("changed") {
        Some("added") => Some(t.organisation_added),
        Some("removed") => Some(t.organisation_removed),
        _ => None,
    }));
    let organisations = Resource::new(move || version.get(), |_| my_organisations());
    view! {
        <PageMeta title=t.organisations_title description=t.organisations_intro/>
        <h1>{t.organisations_title}</h1>
        <p>{t.organisations_intro}</p>
        <p role="status">{move || outcome.get()}</p>
        <Suspense fallback=move || view! { <p>{t.loading}</p> }>
            {move || Suspend::new(async move {
                match organisations.await {
                    Ok(list) if list.is_empty() => view! { <p class="notice">{t.organisations_none}</p> }.into_any(),
                    Ok(list) => list
                        .into_iter()
                        .map(|org| view! { <Organisation org version outcome/> })
                        .collect_view()
                        .into_any(),
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Organisation(
    org: OrganisationView,
    version: RwSignal<u32>,
    outcome: RwSignal<Option<&'static str>>,
) -> impl IntoView {
    let t = use_t();
    // Each organisation its own actions: an error shows under the form it came from.
    let add = ServerAction::<AddOrganisationMember>::new();
    let remove = ServerAction::<RemoveOrganisationMember>::new();
    Effect::new(move |_| {
        if let Some(Ok(())) = add.value().get() {
            outcome.set(Some(t.organisation_added));
            version.update(|v| *v += 1);
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(())) = remove.value().get() {
            outcome.set(Some(t.organisation_removed));
            version.update(|v| *v += 1);
        }
    });
    let heading = format!("organisation-{}", org.id);
    let labelled_by = heading.clone();
    let representative = org.my_role == MemberRole::Representative;
    let members = org.members.clone();
    let id = org.id;
    view! {
        <section class="panel" aria-labelledby=labelled_by>
            <h2 id=heading>{org.name.clone()}</h2>
            <dl class="facts">
                <dt>{t.organisation_tax_code}</dt><dd>{org.tax_code.clone()}</dd>
                <dt>{t.organisation_address}</dt><dd>{org.address.clone()}</dd>
                <dt>{t.organisation_my_role}</dt><dd>{org.my_role.label(t)}</dd>
                <dt>{t.organisation_source}</dt><dd>{fill(t.organisation_verified, &[("date", &format_vn_datetime(org.verified_at))])}</dd>
            </dl>
            {representative.then(|| view! {
                <h3>{t.organisation_members}</h3>
                <div class="table-wrap">
                    <table>
                        <thead><tr>
                            <th scope="col">{t.organisation_member_name}</th>
                            <th scope="col">{t.field_citizen_id}</th>
                            <th scope="col">{t.organisation_my_role}</th>
                            <th scope="col">{t.organisation_member_added}</th>
                            <th scope="col"><span class="visually-hidden">{t.organisation_member_actions}</span></th>
                        </tr></thead>
                        <tbody>
                            {members.into_iter().map(|member| {
                                let label = fill(t.organisation_remove, &[("name", &member.full_name)]);
                                view! {
                                    <tr>
                                        <td>{member.full_name.clone()}</td>
                                        <td>{member.citizen_id_masked.clone()}</td>
                                        <td>{member.role.label(t)}</td>
                                        <td>{format_vn_datetime(member.added_at)}</td>
                                        <td>{(member.role == MemberRole::Member).then(|| view! {
                                            <ActionForm action=remove>
                                                <input type="hidden" name="organisation" value=id/>
                                                <input type="hidden" name="member" value=member.user_id/>
                                                <button type="submit" class="secondary">{label}</button>
                                            </ActionForm>
                                        })}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
                <AddMember id add/>
            })}
        </section>
    }
}

#[component]
fn AddMember(id: i32, add: ServerAction<AddOrganisationMember>) -> impl IntoView {
    let t = use_t();
    let errors = FormErrors::new();
    let problem = RwSignal::new(None::<AppError>);
    Effect::new(move |_| match add.value().get() {
        Some(Err(err)) => errors.show(err, problem),
        Some(Ok(())) => errors.set(Default::default()),
        None => {}
    });
    let field = format!("add-member-{id}");
    let hint = format!("{field}-hint");
    let error = errors.of("citizen_id");
    let error_id = format!("{field}-error");
    let described_error = error_id.clone();
    view! {
        <h3>{t.organisation_add_title}</h3>
        <ProblemNotice problem/>
        <ActionForm action=add attr:class="stack">
            <input type="hidden" name="organisation" value=id/>
            <div class="field">
                <label for=field.clone()>{t.field_citizen_id}</label>
                <p class="hint" id=hint.clone()>{t.organisation_add_hint}</p>
                {move || error.get().map(|rule| view! { <p class="error" id=error_id.clone()>{rule.message(t)}</p> })}
                <input id=field name="citizen_id" inputmode="numeric" autocomplete="off" maxlength="20"
                    aria-describedby=move || if error.get().is_some() { format!("{hint} {described_error}") } else { hint.clone() }
                    aria-invalid=move || error.get().is_some().to_string()/>
            </div>
            <button type="submit" disabled=move || add.pending().get()>{t.organisation_add_button}</button>
        </ActionForm>
    }
}
