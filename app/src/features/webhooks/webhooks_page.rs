//! `/dashboard/webhooks`: the agency's endpoints for dossier events. A new
//! endpoint's signing secret is shown once, to be copied into the receiving
//! system; each endpoint lists its latest deliveries with the endpoint's
//! answer; a paused one (after failing again and again) is resumed here.

use super::api::{ChangeWebhook, CreateWebhook, list_webhooks};
use crate::domain::dossier::format_vn_datetime;
use crate::domain::webhook::{DeliveryState, DeliverySummary, WebhookEvent, WebhookSummary};
use crate::error::AppError;
use crate::i18n::{fill, use_t};
use crate::ui::form::{Field, FormErrors, ProblemNotice};
use crate::ui::{ErrorNotice, PageMeta};
use leptos::form::ActionForm;
use leptos::prelude::*;

#[component]
pub fn WebhooksPage() -> impl IntoView {
    let t = use_t();
    let create = ServerAction::<CreateWebhook>::new();
    let change = ServerAction::<ChangeWebhook>::new();
    let hooks = Resource::new(move || (create.version().get(), change.version().get()), |_| list_webhooks());
    let errors = FormErrors::new();
    let problem = RwSignal::new(None::<AppError>);
    let url = RwSignal::new(String::new());
    Effect::new(move |_| match create.value().get() {
        Some(Err(err)) => errors.show(err, problem),
        Some(Ok(_)) => {
            errors.set(Default::default());
            problem.set(None);
            url.set(String::new());
        }
        None => {}
    });
    Effect::new(move |_| {
        if let Some(Err(err)) = change.value().get() {
            problem.set(Some(err));
        }
    });
    // A plain form comes back with `?done=`.
    let done = leptos_router::hooks::use_query_map().read_untracked().get("done").filter(|d| d.len() <= 12);
    let done = move || done.is_some() || matches!(change.value().get(), Some(Ok(())));
    let created = move || {
        create.value().get().and_then(Result::ok).map(|created| {
            view! {
                <div class="notice notice-success">
                    <p>{t.webhook_created}</p>
                    <label for="new-secret">{t.webhook_secret}</label>
                    <input id="new-secret" type="text" readonly value=created.secret.clone() class="token-value"/>
                </div>
            }
        })
    };
    let events_error = errors.of("events");
    view! {
        <PageMeta title=t.webhooks_title description=t.webhooks_intro/>
        <p><a href="/dashboard">{t.dashboard_title}</a></p>
        <h1>{t.webhooks_title}</h1>
        <p>{t.webhooks_intro}</p>
        <p>{t.webhooks_how}" "<code>"X-DVC-Signature: t=…,v1=…"</code></p>
        <div role="status">
            {created}
            {move || done().then(|| view! { <p class="notice notice-success">{t.webhook_done}</p> })}
        </div>
        <ProblemNotice problem/>
        <section class="panel">
            <h2>{t.webhook_create_title}</h2>
            <ActionForm action=create>
                <Field field="url" label=t.webhook_url hint=t.webhook_url_hint value=url errors input_type="url" prefix=""/>
                <fieldset class="field" class:field-invalid=move || events_error.get().is_some()>
                    <legend>{t.webhook_events}</legend>
                    {move || events_error.get().map(|rule| view! { <p class="field-error" id="events-error">{rule.message(t)}</p> })}
                    {WebhookEvent::SUBSCRIBABLE.into_iter().enumerate().map(|(i, kind)| {
                        let id = format!("event-{}", kind.as_str().replace('.', "-"));
                        view! {
                            <div class="checkbox">
                                <input type="checkbox" id=id.clone() name=format!("events[{i}]") value=kind.as_str()/>
                                <label for=id>{kind.label(t)}" "<code>{kind.as_str()}</code></label>
                            </div>
                        }
                    }).collect_view()}
                </fieldset>
                <button type="submit" disabled=move || create.pending().get()>{t.webhook_create}</button>
            </ActionForm>
        </section>
        <h2>{t.webhooks_list}</h2>
        <Suspense fallback=move || view! { <p>{t.loading}</p> }>
            {move || Suspend::new(async move {
                match hooks.await {
                    Ok(hooks) if hooks.is_empty() => view! { <p>{t.webhooks_none}</p> }.into_any(),
                    Ok(hooks) => hooks.into_iter().map(|hook| view! { <Endpoint hook change/> }).collect_view().into_any(),
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Endpoint(hook: WebhookSummary, change: ServerAction<ChangeWebhook>) -> impl IntoView {
    let t = use_t();
    let id = hook.id;
    let heading = format!("webhook-{id}");
    let labelled_by = heading.clone();
    let url = hook.url.clone();
    let state = match hook.paused_at {
        Some(at) => fill(t.webhook_paused_at, &[("at", &format_vn_datetime(at))]),
        None if hook.failures > 0 => fill(t.webhook_failing, &[("n", &hook.failures.to_string())]),
        None => t.webhook_active.to_owned(),
    };
    let events = hook.events.iter().map(|kind| kind.label(t)).collect::<Vec<_>>().join(", ");
    let button = move |what: &'static str, text: &'static str, label: &'static str| {
        let label = fill(label, &[("url", &url)]);
        view! {
            <ActionForm action=change>
                <input type="hidden" name="id" value=id.to_string()/>
                <input type="hidden" name="change" value=what/>
                <button type="submit" class="secondary" aria-label=label>{text}</button>
            </ActionForm>
        }
    };
    let resume = hook.paused_at.is_some().then(|| button("resume", t.webhook_resume, t.webhook_resume_label));
    view! {
        <section class="panel" aria-labelledby=labelled_by>
            <h3 id=heading><code>{hook.url.clone()}</code></h3>
            <p>{t.webhook_events}": "{events}</p>
            <p>{fill(t.webhook_registered, &[("at", &format_vn_datetime(hook.created_at)), ("name", &hook.created_by)])}</p>
            <p class:notice=hook.paused_at.is_some() class:notice-warning=hook.paused_at.is_some()>{state}</p>
            <div class="actions">
                {button("test", t.webhook_test, t.webhook_test_label)}
                {resume}
                {button("remove", t.webhook_remove, t.webhook_remove_label)}
            </div>
            <Deliveries deliveries=hook.deliveries/>
        </section>
    }
}

#[component]
fn Deliveries(deliveries: Vec<DeliverySummary>) -> impl IntoView {
    let t = use_t();
    if deliveries.is_empty() {
        return view! { <p>{t.webhook_no_deliveries}</p> }.into_any();
    }
    let rows = deliveries
        .into_iter()
        .map(|d| {
            let state = match (d.state, d.delivered_at) {
                (DeliveryState::Delivered, Some(at)) => fill(t.webhook_delivered_at, &[("at", &format_vn_datetime(at))]),
                (DeliveryState::Delivered, None) => t.webhook_delivered.to_owned(),
                (DeliveryState::Pending, _) if d.attempts == 0 => t.webhook_waiting.to_owned(),
                (DeliveryState::Pending, _) => {
                    fill(t.webhook_retry_at, &[("at", &format_vn_datetime(d.next_attempt_at))])
                }
            };
            let answer = d.response_status.map(|s| format!("HTTP {s}")).unwrap_or_else(|| "—".to_owned());
            view! {
                <tr>
                    <td>{format_vn_datetime(d.created_at)}</td>
                    <td>{d.event.label(t)}<br/><code class="hint">{d.event.as_str()}</code></td>
                    <td>{d.dossier_code.unwrap_or_default()}</td>
                    <td>{state}</td>
                    <td>{d.attempts}</td>
                    <td><strong>{answer}</strong><br/><span class="hint response">{d.response.unwrap_or_default()}</span></td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-wrap">
            <table>
                <caption>{t.webhook_deliveries}</caption>
                <thead><tr>
                    <th scope="col">{t.webhook_delivery_at}</th>
                    <th scope="col">{t.webhook_delivery_event}</th>
                    <th scope="col">{t.dossier_code}</th>
                    <th scope="col">{t.dossier_status}</th>
                    <th scope="col">{t.webhook_attempts}</th>
                    <th scope="col">{t.webhook_response}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}
