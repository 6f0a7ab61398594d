//! Server functions of openness: the public statistics and the procedure
//! page's scorecard (no sign-in), and satisfaction ratings (the citizen of a
//! returned dossier rates it; its agency reads them).

use crate::domain::transparency::{AgencyRating, MyRating, PublicStatistics, RatingForm, Scorecard, StatisticsQuery};
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// The public statistics for a period and a level of the drill-down. JSON,
/// because an empty query (the country, this year) has no URL-encoded form.
#[server(endpoint = "public_statistics", input = Json)]
pub async fn get_public_statistics(query: StatisticsQuery) -> Result<PublicStatistics, AppError> {
    crate::server::call::serve(async |call| {
        let state = &call.state;
        crate::server::transparency::public(&state.statistics, &state.db, &query, call.today()).await
    })
    .await
}

/// How the agency the visitor would apply to (`agency`, or the one their
/// address points to) served procedure `code` over the last twelve months.
#[server(endpoint = "procedure_scorecard")]
pub async fn procedure_scorecard(code: String, agency: Option<String>) -> Result<Option<Scorecard>, AppError> {
    crate::server::call::serve(async |call| {
        let state = &call.state;
        let residence = match &call.auth.user {
            Some(me) => {
                let account = crate::server::accounts::load(&state.db, me.id).await?;
                (account.province_code, account.ward_code)
            }
            None => (None, None),
        };
        let agency = agency.filter(|a| a.len() <= 40);
        crate::server::transparency::procedure_scorecard(
            &state.statistics,
            &state.db,
            &code,
            agency.as_deref(),
            residence,
            call.today(),
        )
        .await
    })
    .await
}

/// The caller's rating of their dossier `code` (`None` until it is returned).
#[server(endpoint = "my_rating")]
pub async fn get_my_rating(code: String) -> Result<Option<MyRating>, AppError> {
    crate::server::call::serve(async |call| {
        let (me, _) = call.signed_in()?;
        crate::server::transparency::ratings::mine(&call.state.db, &me, &code, call.today()).await
    })
    .await
}

/// Rates the caller's returned dossier `code`, or changes the rating within seven days.
#[server(endpoint = "rate_dossier")]
pub async fn rate_dossier(code: String, rating: RatingForm) -> Result<MyRating, AppError> {
    crate::server::call::serve(async |call| {
        let (me, _) = call.signed_in()?;
        let rated = crate::server::transparency::ratings::rate(&call.state.db, &me, &code, &rating, call.now).await?;
        crate::server::auth::redirect_plain_form(&format!(
            "/dossiers/{}?rated=1#rating",
            crate::domain::catalog::url_encode(&code)
        ));
        Ok(rated)
    })
    .await
}

/// The newest ratings of the dossiers the caller's agency received.
#[server(endpoint = "agency_ratings")]
pub async fn agency_ratings() -> Result<Vec<AgencyRating>, AppError> {
    crate::server::call::serve(async |call| {
        let (me, _) = call.signed_in()?;
        crate::server::transparency::ratings::of_agency(&call.state.db, &me).await
    })
    .await
}
