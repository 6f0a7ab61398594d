//! On a procedure's page, before applying: how the agency the visitor would
//! apply to (the one chosen in the list, or the one their address points
//! to) served it over the last twelve months.

use super::api::procedure_scorecard;
use crate::i18n::{fill, use_locale, use_t};
use crate::ui::chart::{shown_days, shown_rate};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn ProcedureScorecard(code: String) -> impl IntoView {
    let t = use_t();
    let locale = use_locale();
    let params = use_query_map();
    let agency = Memo::new(move |_| params.read().get("agency"));
    let procedure = code.clone();
    let card = Resource::new(move || (code.clone(), agency.get()), |(code, agency)| procedure_scorecard(code, agency));
    view! {
        <Suspense>
            {move || {
                let procedure = procedure.clone();
                Suspend::new(async move {
                let Ok(Some(card)) = card.await else { return ().into_any() };
                let body = match &card.figures {
                    None => view! { <p>{t.scorecard_too_few}</p> }.into_any(),
                    Some(f) => view! {
                        <dl class="facts">
                            <div><dt>{t.scorecard_on_time}</dt><dd>{shown_rate(f.on_time_rate())}</dd></div>
                            <div><dt>{t.stats_median}</dt><dd>{shown_days(f.median_days)}</dd></div>
                            <div><dt>{t.stats_satisfaction}</dt><dd>{f.satisfaction_rate().map_or_else(
                                || t.scorecard_few_ratings.to_owned(), |r| format!("{r:.0} %"))}</dd></div>
                            <div><dt>{t.stats_received}</dt><dd>{f.received}</dd></div>
                        </dl>
                    }.into_any(),
                };
                let feedback = format!(
                    "/feedback/new?agency={}&procedure={}",
                    crate::domain::catalog::url_encode(&card.agency_code),
                    crate::domain::catalog::url_encode(&procedure)
                );
                view! {
                    <section class="panel scorecard" aria-labelledby="scorecard">
                        <h2 id="scorecard">{t.scorecard_title}</h2>
                        <p>{fill(t.scorecard_intro, &[("agency", &card.agency.get(locale))])}</p>
                        {body}
                        <p><a href=format!("/statistics?agency={}", crate::domain::catalog::url_encode(&card.agency_code))>
                            {t.scorecard_more}</a></p>
                        <p><a href=feedback>{t.feedback_link_agency}</a></p>
                    </section>
                }.into_any()
            })
            }}
        </Suspense>
    }
}
