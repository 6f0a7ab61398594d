//! `/dashboard`: the official's desk — who they are, for which agency, in
//! which roles, and the tools those roles open.

use crate::domain::access::{Permission, Role, SessionUser, decide};
use crate::features::account::session::use_current_user;
use crate::i18n::{Messages, fill, use_locale, use_t};
use crate::ui::PageMeta;
use leptos::prelude::*;

/// A role's name in the UI language.
pub fn role_name(role: Role, t: &Messages) -> &'static str {
    match role {
        Role::Receiver => t.role_receiver,
        Role::Processor => t.role_processor,
        Role::Approver => t.role_approver,
        Role::AgencyAdmin => t.role_agency_admin,
        Role::SystemAdmin => t.role_system_admin,
    }
}

#[component]
pub fn DashboardPage() -> impl IntoView {
    let t = use_t();
    let user = use_current_user();
    view! {
        <PageMeta title=t.dashboard_title description=t.dashboard_title/>
        <Suspense fallback=move || view! { <p>{t.loading}</p> }>
            {move || Suspend::new(async move {
                user.await.ok().flatten().map(|me| view! { <Desk me/> })
            })}
        </Suspense>
    }
}

#[component]
fn Desk(me: SessionUser) -> impl IntoView {
    let t = use_t();
    let locale = use_locale();
    let agency = me.agency.as_ref().map_or_else(|| t.dashboard_no_agency.to_owned(), |a| a.name.get(locale).to_owned());
    let roles = me.roles.iter().map(|r| view! { <li>{role_name(*r, t)}</li> }).collect_view();
    let manages = decide(Some(&me), Permission::ManageOfficials) == crate::domain::access::Access::Allowed;
    view! {
        <h1>{t.dashboard_title}</h1>
        <p class="lead">{fill(t.dashboard_greeting, &[("name", &me.full_name)])}</p>
        <dl class="facts panel">
            <div><dt>{t.dashboard_agency}</dt><dd>{agency}</dd></div>
            <div><dt>{t.dashboard_roles}</dt><dd><ul class="inline-list">{roles}</ul></dd></div>
        </dl>
        {manages.then(|| view! { <p><a class="button" href="/dashboard/admin">{t.dashboard_admin_link}</a></p> })}
    }
}
