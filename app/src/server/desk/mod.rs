//! The officials' desk: actions on dossiers (`act`), the work queues
//! (`queue`), a dossier under review (`case`), the forms printed on the way
//! (`notices`) and the statistics.

pub mod act;
pub mod case;
pub mod notices;
pub mod queue;
pub mod statistics;

use crate::domain::access::{AccountKind, SessionUser};
use crate::domain::calendar::Deadline;
use crate::domain::dossier::DossierStatus;
use crate::domain::workflow::Standing;
use crate::error::AppError;
use crate::server::entities::dossier;
use sea_orm::ConnectionTrait;

/// The dossier `code` and what the caller may do to it: its applicant, or an
/// official of its agency. Anyone else finds no such dossier.
pub async fn find_for(
    db: &impl ConnectionTrait,
    me: &SessionUser,
    code: &str,
) -> Result<(dossier::Model, Standing), AppError> {
    let row = dossier::find_by_code(db, code).await?.ok_or(AppError::NotFound)?;
    let standing = match me.kind {
        AccountKind::Citizen if row.applicant_id == me.id => Standing { is_applicant: true, ..Standing::default() },
        AccountKind::Official if me.agency.as_ref().is_some_and(|a| a.id == row.agency_id) => {
            Standing { roles: me.roles.clone(), is_assignee: row.assignee_id == Some(me.id), is_applicant: false }
        }
        _ => return Err(AppError::NotFound),
    };
    Ok((row, standing))
}

pub fn status_of(row: &dossier::Model) -> Result<DossierStatus, AppError> {
    DossierStatus::parse(&row.status).ok_or_else(|| {
        tracing::error!(code = %row.code, status = %row.status, "unknown stored status");
        AppError::Internal
    })
}

/// The dossier's processing clock, once accepted.
pub fn deadline_of(row: &dossier::Model) -> Option<Deadline> {
    Some(Deadline {
        accepted_on: row.accepted_on?,
        processing_days: u32::try_from(row.processing_days).unwrap_or_default(),
        paused_days: u32::try_from(row.paused_days).unwrap_or_default(),
        due: row.due_on?,
        paused_since: row.paused_since,
    })
}
