//! `/lookup?code=&secret=`: a plain GET form (works without JavaScript, and
//! is where the QR code of the confirmation leads) and the dossier's progress.

use super::api::lookup_dossier;
use crate::domain::dossier::format_vn_datetime;
use crate::error::AppError;
use crate::features::dossiers::progress::{Timeline, day};
use crate::i18n::{use_locale, use_t};
use crate::ui::PageMeta;
use crate::ui::icons::StatusBadge;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn LookupPage() -> impl IntoView {
    let t = use_t();
    let locale = use_locale();
    let query = use_query_map();
    let asked = Memo::new(move |_| {
        let q = query.read();
        (q.get("code").unwrap_or_default().trim().to_owned(), q.get("secret").unwrap_or_default().trim().to_owned())
    });
    let found = Resource::new(
        move || asked.get(),
        |(code, secret)| async move {
            if code.is_empty() || secret.is_empty() { None } else { Some(lookup_dossier(code, secret).await) }
        },
    );
    view! {
        <PageMeta title=t.lookup_title description=t.lookup_description/>
        <h1>{t.lookup_title}</h1>
        <p>{t.lookup_intro}</p>
        <form method="get" action="/lookup" class="lookup-form">
            <div class="field">
                <label for="lookup-code">{t.lookup_code}</label>
                <input id="lookup-code" name="code" required autocomplete="off" spellcheck="false"
                    placeholder="000.00.31.H29-261129-0001" prop:value=move || asked.get().0/>
            </div>
            <div class="field">
                <label for="lookup-secret">{t.lookup_secret}</label>
                <input id="lookup-secret" name="secret" required autocomplete="off" spellcheck="false"
                    prop:value=move || asked.get().1/>
            </div>
            <button type="submit">{t.lookup_submit}</button>
        </form>
        <Suspense fallback=move || view! { <p>{t.loading}</p> }>
            {move || Suspend::new(async move {
                match found.await {
                    None => ().into_any(),
                    Some(Ok(d)) => view! {
                        <section class="panel" aria-labelledby="lookup-result">
                            <h2 id="lookup-result">{t.dossier_code}": " {d.summary.code.clone()}</h2>
                            <dl class="facts">
                                <div><dt>{t.dossier_procedure}</dt><dd>{d.summary.procedure_name.get(locale).to_owned()}</dd></div>
                                <div><dt>{t.dossier_agency}</dt><dd>{d.summary.agency_name.get(locale).to_owned()}</dd></div>
                                <div><dt>{t.dossier_status}</dt><dd><StatusBadge status=d.summary.status/></dd></div>
                                <div><dt>{t.dossier_submitted_at}</dt><dd>{format_vn_datetime(d.summary.submitted_at)}</dd></div>
                                {d.due_on.map(|due| view! { <div><dt>{t.lookup_due}</dt><dd>{day(due)}</dd></div> })}
                                {d.finished_on.map(|finished| view! { <div><dt>{t.lookup_finished}</dt><dd>{day(finished)}</dd></div> })}
                            </dl>
                            <h3>{t.dossier_timeline}</h3>
                            <Timeline entries=d.timeline/>
                        </section>
                    }.into_any(),
                    Some(Err(err)) => {
                        #[cfg(feature = "ssr")]
                        if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
                            response.set_status(http::StatusCode::from_u16(err.status()).unwrap_or(http::StatusCode::NOT_FOUND));
                        }
                        let text = match &err {
                            AppError::NotFound => t.lookup_not_found.to_owned(),
                            other => other.message(t),
                        };
                        view! { <div class="notice notice-error" role="alert"><p>{text}</p></div> }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}
