//! Server functions of organisations: a citizen sees only the organisations
//! they belong to; only an organisation's representative changes its members.

use crate::domain::applicant::ApplicantChoice;
use crate::domain::organisation::OrganisationView;
use crate::error::AppError;
use leptos::prelude::*;

/// The organisations the caller belongs to (members listed to the representative).
#[server(endpoint = "my_organisations")]
pub async fn my_organisations() -> Result<Vec<OrganisationView>, AppError> {
    crate::server::call::serve(async |call| {
        let (me, _) = call.signed_in()?;
        crate::server::organisations::mine(&call.state.db, &me).await
    })
    .await
}

/// The organisations the caller may apply for, besides themselves.
#[server(endpoint = "applicant_choices")]
pub async fn applicant_choices() -> Result<Vec<ApplicantChoice>, AppError> {
    crate::server::call::serve(async |call| {
        let (me, _) = call.signed_in()?;
        crate::server::organisations::choices(&call.state.db, &me).await
    })
    .await
}

/// The representative adds the citizen with this personal ID number.
#[server(endpoint = "add_organisation_member")]
pub async fn add_organisation_member(organisation: i32, citizen_id: String) -> Result<(), AppError> {
    use crate::server::{auth, organisations};
    crate::server::call::serve(async |call| {
        let (me, _) = call.signed_in()?;
        let citizen_id: String = citizen_id.chars().take(32).collect();
        organisations::add_member(&call.state.db, &me, organisation, &citizen_id, &call.auth.client, call.now).await?;
        auth::redirect_plain_form("/account/organisations?changed=added");
        Ok(())
    })
    .await
}

/// The representative removes a member.
#[server(endpoint = "remove_organisation_member")]
pub async fn remove_organisation_member(organisation: i32, member: i32) -> Result<(), AppError> {
    use crate::server::{auth, organisations};
    crate::server::call::serve(async |call| {
        let (me, _) = call.signed_in()?;
        organisations::remove_member(&call.state.db, &me, organisation, member, &call.auth.client).await?;
        auth::redirect_plain_form("/account/organisations?changed=removed");
        Ok(())
    })
    .await
}
