//! `/dashboard/api-tokens`: the agency's tokens for its other systems. A new
//! token is shown once, to be copied into the other system; the list says
//! what each may do and when it was last used; revoking takes effect at
//! once. The revoke buttons are plain forms (the server comes back with
//! `?revoked=`).

use super::api::{CreateApiToken, RevokeApiToken, list_api_tokens};
use crate::domain::api_token::{ApiScope, ApiTokenSummary};
use crate::domain::dossier::format_vn_datetime;
use crate::error::AppError;
use crate::i18n::{fill, use_t};
use crate::ui::form::{Field, FormErrors, ProblemNotice};
use crate::ui::{ErrorNotice, PageMeta};
use leptos::form::ActionForm;
use leptos::prelude::*;

#[component]
pub fn ApiTokensPage() -> impl IntoView {
    let t = use_t();
    let create = ServerAction::<CreateApiToken>::new();
    let revoke = ServerAction::<RevokeApiToken>::new();
    let tokens = Resource::new(move || (create.version().get(), revoke.version().get()), |_| list_api_tokens());
    let errors = FormErrors::new();
    let problem = RwSignal::new(None::<AppError>);
    let name = RwSignal::new(String::new());
    Effect::new(move |_| match create.value().get() {
        Some(Err(err)) => errors.show(err, problem),
        Some(Ok(_)) => {
            errors.set(Default::default());
            problem.set(None);
            name.set(String::new());
        }
        None => {}
    });
    Effect::new(move |_| {
        if let Some(Err(err)) = revoke.value().get() {
            problem.set(Some(err));
        }
    });
    // A plain form comes back with `?revoked=`.
    let revoked = leptos_router::hooks::use_query_map().read_untracked().get("revoked").filter(|id| id.len() <= 12);
    let revoked = move || revoked.is_some() || matches!(revoke.value().get(), Some(Ok(())));
    let created = move || {
        create.value().get().and_then(Result::ok).map(|created| {
            view! {
                <div class="notice notice-success">
                    <p>{t.api_token_created}</p>
                    <label for="new-token">{t.api_token_new}</label>
                    <input id="new-token" type="text" readonly value=created.token.clone() class="token-value"/>
                </div>
            }
        })
    };
    let scope_error = errors.of("scope");
    view! {
        <PageMeta title=t.api_tokens_title description=t.api_tokens_intro/>
        <p><a href="/dashboard">{t.dashboard_title}</a></p>
        <h1>{t.api_tokens_title}</h1>
        <p>{t.api_tokens_intro}</p>
        <p>{t.api_tokens_how}" "<code>"Authorization: Bearer dvc_…"</code>" · "
            <a href="/api/v1/openapi.json">{t.api_tokens_openapi}</a></p>
        <div role="status">
            {created}
            {move || revoked().then(|| view! { <p class="notice notice-success">{t.api_token_revoked}</p> })}
        </div>
        <ProblemNotice problem/>
        <section class="panel">
            <h2>{t.api_token_create_title}</h2>
            <ActionForm action=create>
                <Field field="name" label=t.api_token_name hint=t.api_token_name_hint value=name errors prefix=""/>
                <div class="field" class:field-invalid=move || scope_error.get().is_some()>
                    <label for="scope">{t.api_token_scope}</label>
                    {move || scope_error.get().map(|rule| view! { <p class="field-error" id="scope-error">{rule.message(t)}</p> })}
                    <select id="scope" name="scope">
                        {ApiScope::ALL.into_iter().map(|scope| view! {
                            <option value=scope.as_str()>{scope.label(t)}</option>
                        }).collect_view()}
                    </select>
                </div>
                <button type="submit" disabled=move || create.pending().get()>{t.api_token_create}</button>
            </ActionForm>
        </section>
        <h2>{t.api_tokens_list}</h2>
        <Suspense fallback=move || view! { <p>{t.loading}</p> }>
            {move || Suspend::new(async move {
                match tokens.await {
                    Ok(tokens) if tokens.is_empty() => view! { <p>{t.api_tokens_none}</p> }.into_any(),
                    Ok(tokens) => view! { <Tokens tokens revoke/> }.into_any(),
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Tokens(tokens: Vec<ApiTokenSummary>, revoke: ServerAction<RevokeApiToken>) -> impl IntoView {
    let t = use_t();
    let rows = tokens
        .into_iter()
        .map(|token| {
            let label = fill(t.api_token_revoke_label, &[("name", &token.name)]);
            let state = match token.revoked_at {
                Some(at) => fill(t.api_token_revoked_at, &[("at", &format_vn_datetime(at))]),
                None => t.api_token_active.to_owned(),
            };
            let action = token.revoked_at.is_none().then(|| {
                view! {
                    <ActionForm action=revoke>
                        <input type="hidden" name="id" value=token.id.to_string()/>
                        <button type="submit" class="secondary" aria-label=label>{t.api_token_revoke}</button>
                    </ActionForm>
                }
            });
            view! {
                <tr>
                    <td>{token.name.clone()}<br/><code class="hint">{token.hint.clone()}</code></td>
                    <td>{token.scope.label(t)}</td>
                    <td>{format_vn_datetime(token.created_at)}<br/><span class="hint">{token.created_by.clone()}</span></td>
                    <td>{token.last_used_at.map_or_else(|| t.api_token_never_used.to_owned(), format_vn_datetime)}</td>
                    <td>{state}</td>
                    <td>{action}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-wrap">
            <table>
                <caption class="visually-hidden">{t.api_tokens_list}</caption>
                <thead><tr>
                    <th scope="col">{t.api_token_name}</th>
                    <th scope="col">{t.api_token_scope}</th>
                    <th scope="col">{t.api_token_created_at}</th>
                    <th scope="col">{t.api_token_last_used}</th>
                    <th scope="col">{t.dossier_status}</th>
                    <th scope="col"><span class="visually-hidden">{t.organisation_member_actions}</span></th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}
