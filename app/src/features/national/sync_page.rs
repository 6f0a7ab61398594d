//! `/dashboard/sync`: how the agency's dossiers reach the national portal —
//! messages waiting, failing, refused and sent, the lag, and each refused or
//! failing message with its error and what was sent; a refused one can be
//! sent again once its cause is fixed. Plain forms too.

use super::api::{ResendSync, get_sync_overview};
use crate::domain::dossier::format_vn_datetime;
use crate::domain::national::{SyncItem, SyncState};
use crate::error::AppError;
use crate::i18n::{fill, use_t};
use crate::ui::form::ProblemNotice;
use crate::ui::{ErrorNotice, PageMeta};
use leptos::form::ActionForm;
use leptos::prelude::*;

#[component]
pub fn SyncPage() -> impl IntoView {
    let t = use_t();
    let resend = ServerAction::<ResendSync>::new();
    let overview = Resource::new(move || resend.version().get(), |_| get_sync_overview());
    let problem = RwSignal::new(None::<AppError>);
    Effect::new(move |_| {
        if let Some(Err(err)) = resend.value().get() {
            problem.set(Some(err));
        }
    });
    // A plain form comes back with `?resent=`.
    let resent = leptos_router::hooks::use_query_map().read_untracked().get("resent").filter(|id| id.len() <= 20);
    let resent = move || resent.is_some() || matches!(resend.value().get(), Some(Ok(())));
    view! {
        <PageMeta title=t.sync_title description=t.sync_intro/>
        <p><a href="/dashboard">{t.dashboard_title}</a></p>
        <h1>{t.sync_title}</h1>
        <p>{t.sync_intro}</p>
        <div role="status">{move || resent().then(|| view! { <p class="notice notice-success">{t.sync_resent}</p> })}</div>
        <ProblemNotice problem/>
        <Suspense fallback=move || view! { <p>{t.loading}</p> }>
            {move || Suspend::new(async move {
                match overview.await {
                    Ok(overview) => {
                        let lag = match overview.lag_minutes {
                            Some(minutes) => fill(t.sync_lag_minutes, &[("n", &minutes)]),
                            None => t.sync_lag_none.to_owned(),
                        };
                        let items = overview.items.clone();
                        view! {
                            <dl class="facts panel">
                                <div><dt>{t.sync_waiting}</dt><dd>{overview.waiting}</dd></div>
                                <div><dt>{t.sync_failing}</dt><dd>{overview.failing}</dd></div>
                                <div><dt>{t.sync_rejected}</dt><dd>{overview.rejected}</dd></div>
                                <div><dt>{t.sync_sent}</dt><dd>{overview.sent}</dd></div>
                                <div><dt>{t.sync_lag}</dt><dd>{lag}</dd></div>
                            </dl>
                            <h2>{t.sync_problems}</h2>
                            {if items.is_empty() {
                                view! { <p>{t.sync_no_problems}</p> }.into_any()
                            } else {
                                items.into_iter().map(|item| view! { <Item item resend/> }).collect_view().into_any()
                            }}
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
fn Item(item: SyncItem, resend: ServerAction<ResendSync>) -> impl IntoView {
    let t = use_t();
    let id = item.id;
    let state = match item.state {
        SyncState::Rejected => t.sync_state_rejected,
        SyncState::Pending => t.sync_state_failing,
        SyncState::Sent => t.sync_state_sent,
    };
    let kind = match item.service {
        crate::domain::national::SyncService::Dossier => t.sync_service_dossier,
        crate::domain::national::SyncService::Progress => t.sync_service_progress,
    };
    let payload = item.payload.clone().map(|payload| {
        // Shown as sent, indented for reading.
        let pretty = serde_json::from_str::<serde_json::Value>(&payload)
            .and_then(|v| serde_json::to_string_pretty(&v))
            .unwrap_or(payload);
        view! {
            <details>
                <summary>{t.sync_payload}</summary>
                <pre class="sync-payload" tabindex="0">{pretty}</pre>
            </details>
        }
    });
    let action = (item.state == SyncState::Rejected).then(|| {
        view! {
            <ActionForm action=resend>
                <input type="hidden" name="id" value=id.to_string()/>
                <button type="submit" disabled=move || resend.pending().get()>{t.sync_resend}</button>
            </ActionForm>
        }
    });
    view! {
        <article class="panel" id=format!("sync-{id}")>
            <h3>{format!("{} · {}", item.dossier_code, kind)}</h3>
            <dl class="facts">
                <div><dt>{t.dossier_status}</dt><dd>{state}</dd></div>
                <div><dt>{t.sync_event_at}</dt><dd>{format_vn_datetime(item.at)}</dd></div>
                <div><dt>{t.sync_attempts}</dt><dd>{item.attempts}</dd></div>
                <div><dt>{t.sync_error}</dt><dd>{item.error.clone().unwrap_or_default()}</dd></div>
            </dl>
            {payload}
            {action}
        </article>
    }
}
