//! The citizen's choice of which dossier changes are mailed (on `/account`).
//!
//! A plain form: the boxes are rendered checked on the server and keep their own
//! state, so what the citizen sees is what is saved — before the page is
//! interactive, and without JavaScript (the server then comes back to
//! `/account?mail=saved`).

use super::api::{SaveMailStatuses, get_mail_statuses};
use crate::domain::notification::MAILABLE;
use crate::i18n::use_t;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn MailSettings() -> impl IntoView {
    let t = use_t();
    let save = ServerAction::<SaveMailStatuses>::new();
    let current = Resource::new(|| (), |_| get_mail_statuses());
    let query = use_query_map();
    let saved = move || matches!(save.value().get(), Some(Ok(_))) || query.with(|q| q.get_str("mail") == Some("saved"));
    view! {
        <section class="panel" aria-labelledby="mail-settings-heading">
            <h2 id="mail-settings-heading">{t.mail_settings_title}</h2>
            <p class="muted">{t.mail_settings_intro}</p>
            <Suspense fallback=move || view! { <p>{t.loading}</p> }>
                {move || Suspend::new(async move {
                    let chosen = current.await.unwrap_or_default();
                    view! {
                        <ActionForm action=save>
                            <fieldset>
                                <legend class="visually-hidden">{t.mail_settings_title}</legend>
                                {MAILABLE.iter().enumerate().map(|(i, status)| {
                                    let id = format!("mail-{}", status.as_str());
                                    view! {
                                        <div class="checkbox">
                                            <input type="checkbox" id=id.clone() name=format!("statuses[{i}]")
                                                value=status.as_str() checked=chosen.contains(status)/>
                                            <label for=id>{status.label(t)}</label>
                                        </div>
                                    }
                                }).collect_view()}
                            </fieldset>
                            <button type="submit">{t.mail_settings_save}</button>
                            <p role="status">{move || saved().then_some(t.mail_settings_saved)}</p>
                        </ActionForm>
                    }
                })}
            </Suspense>
        </section>
    }
}
