//! The citizen's choice of which dossier changes are mailed, and whether they
//! come by SMS too (on `/account`).
//!
//! A plain form: the boxes are rendered checked on the server and keep their own
//! state, so what the citizen sees is what is saved — before the page is
//! interactive, and without JavaScript (the server then comes back to
//! `/account?mail=saved`).

use super::api::{SaveMailStatuses, get_mail_statuses};
use crate::domain::notification::MAILABLE;
use crate::i18n::{fill, use_t};
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
                    let delivery = current.await.unwrap_or_default();
                    let chosen = delivery.statuses.clone();
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
                            {match delivery.phone.clone() {
                                Some(phone) => view! {
                                    <div class="checkbox">
                                        <input type="checkbox" id="mail-sms" name="sms" value="on" checked=delivery.sms/>
                                        <label for="mail-sms">{fill(t.sms_settings_label, &[("phone", &phone)])}</label>
                                    </div>
                                }.into_any(),
                                None => view! { <p class="hint" id="mail-sms-hint">{t.sms_settings_no_phone}</p> }.into_any(),
                            }}
                            <button type="submit">{t.mail_settings_save}</button>
                            <p role="status">{move || saved().then_some(t.mail_settings_saved)}</p>
                        </ActionForm>
                    }
                })}
            </Suspense>
        </section>
    }
}
