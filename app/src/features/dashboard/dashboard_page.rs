//! `/dashboard`: the official's desk — who they are, for which agency, in
//! which roles, the work queues of those roles and the tools they open.

use super::queue_board::QueueBoard;
use crate::domain::access::{Permission, Role, SessionUser, decide};
use crate::domain::dashboard::Queue;
use crate::features::account::session::use_current_user;
use crate::i18n::{fill, use_locale, use_t};
use crate::ui::PageMeta;
use leptos::prelude::*;

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
    let roles = me.roles.iter().map(|r| view! { <li>{r.label(t)}</li> }).collect_view();
    let allowed = |p| decide(Some(&me), p) == crate::domain::access::Access::Allowed;
    let manages = allowed(Permission::ManageOfficials);
    let calendar = allowed(Permission::ManageCalendar);
    let catalog = allowed(Permission::ManageCatalog);
    let feedback = allowed(Permission::AnswerFeedback);
    let sync = allowed(Permission::ManageSync);
    let tokens = allowed(Permission::ManageIntegrations);
    let intake = allowed(Permission::Intake);
    let queues = Queue::for_roles(&me.roles);
    let works =
        me.agency.is_some() && me.roles.iter().any(|r| matches!(r, Role::Receiver | Role::Processor | Role::Approver));
    view! {
        <h1>{t.dashboard_title}</h1>
        <p class="lead">{fill(t.dashboard_greeting, &[("name", &me.full_name)])}</p>
        <dl class="facts panel">
            <div><dt>{t.dashboard_agency}</dt><dd>{agency}</dd></div>
            <div><dt>{t.dashboard_roles}</dt><dd><ul class="inline-list">{roles}</ul></dd></div>
        </dl>
        <p class="actions">
            {intake.then(|| view! { <a class="button" href="/dashboard/intake">{t.intake_link}</a> " " })}
            <a class="button secondary" href="/dashboard/statistics">{t.stats_link}</a>
            {manages.then(|| view! { " " <a class="button secondary" href="/dashboard/admin">{t.dashboard_admin_link}</a> })}
            {calendar.then(|| view! { " " <a class="button secondary" href="/dashboard/holidays">{t.holidays_link}</a> })}
            {catalog.then(|| view! { " " <a class="button secondary" href="/dashboard/catalog">{t.catalog_admin_link}</a> })}
            {feedback.then(|| view! { " " <a class="button secondary" href="/dashboard/feedback">{t.feedback_title}</a> })}
            {sync.then(|| view! { " " <a class="button secondary" href="/dashboard/sync">{t.sync_link}</a> })}
            {tokens.then(|| view! { " " <a class="button secondary" href="/dashboard/api-tokens">{t.api_tokens_link}</a> })}
            {tokens.then(|| view! { " " <a class="button secondary" href="/dashboard/webhooks">{t.webhooks_link}</a> })}
        </p>
        {works.then(|| view! { <QueueBoard queues/> })}
    }
}
