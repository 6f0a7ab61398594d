//! Inbound dossiers: those filed on the national portal, handed on to the
//! agency through `POST /api/v1/dossiers` (`domain::national::InboundDossier`)
//! by a token that acts for it. Each is taken in as a paper dossier is at
//! the desk — an intake draft with the answers (`intake::open`,
//! `intake::save`), the files as uploads, then the same submission — with
//! the channel `national` and the portal's code, once: the same dossier
//! sent again answers the first one, and anything refused leaves nothing
//! behind.

use crate::domain::access::SessionUser;
use crate::domain::application::{Delivery, DraftSaved, Submission};
use crate::domain::national::InboundDossier;
use crate::domain::rules::{FieldErrors, Rule};
use crate::error::AppError;
use crate::server::attachments::Files;
use crate::server::entities::dossier;
use crate::server::events::Events;
use crate::server::{drafts, intake};
use chrono::{DateTime, Duration, Utc};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};

/// How long an inbound draft lives: it is filed or dropped within its
/// request, and one left by a request cut short (a timeout, a lost
/// connection) goes with the next sweep rather than a citizen's month.
pub const DRAFT_TTL: Duration = Duration::hours(1);

/// An inbound dossier filed: its code here, and whether this request filed
/// it (or an earlier one had).
#[derive(Debug, PartialEq, Eq)]
pub struct Filed {
    pub code: String,
    pub national_code: String,
    pub new: bool,
}

/// Where an inbound dossier stands once its description is read.
#[derive(Debug)]
pub enum Begun {
    /// Filed already (sent again).
    Filed(Filed),
    /// Taken in as the token's draft: its files go to it, then [`file`].
    Draft { draft: DraftSaved, national_code: String },
}

/// The dossier `me`'s agency received for `national_code`, if any (the
/// code is the agency's own: another agency's dossier under the same code
/// is neither seen nor blocking).
pub async fn filed(db: &DatabaseConnection, me: &SessionUser, national_code: &str) -> Result<Option<String>, AppError> {
    let Some(agency) = &me.agency else { return Err(AppError::Forbidden) };
    Ok(dossier::Entity::find()
        .filter(dossier::Column::ReceivingAgencyId.eq(agency.id))
        .filter(dossier::Column::NationalCode.eq(national_code))
        .one(db)
        .await?
        .map(|row| row.code))
}

/// Takes `inbound` in as the caller's intake draft with its answers,
/// unless its national code was filed already. Only a caller who takes
/// dossiers in at an agency (an `act` token) may.
pub async fn begin(
    db: &DatabaseConnection,
    files: &Files,
    me: &SessionUser,
    inbound: &InboundDossier,
    now: DateTime<Utc>,
) -> Result<Begun, AppError> {
    intake::desk_of(me)?;
    let taken = inbound.check()?;
    let national_code = taken.national_code.clone().unwrap_or_default();
    if let Some(code) = filed(db, me, &national_code).await? {
        return Ok(Begun::Filed(Filed { code, national_code, new: false }));
    }
    let draft = intake::open(db, me, &inbound.procedure_code, &taken, DRAFT_TTL, now).await.map_err(as_applicant)?;
    let answers = match &inbound.data {
        serde_json::Value::Null => serde_json::json!({}),
        data => data.clone(),
    };
    match intake::save(db, me, &draft.id, Some(draft.version), answers, DRAFT_TTL, now).await {
        Ok(saved) => Ok(Begun::Draft { draft: saved, national_code }),
        Err(err) => {
            abandon(db, files, me, &draft.id, now).await;
            // A procedure not filed online (level 1) has no draft to save.
            Err(match err {
                AppError::NotFound => AppError::field("procedure_code", Rule::NotAnOption),
                other => other,
            })
        }
    }
}

/// The person's refusals under `applicant`, as the description names them.
fn as_applicant(err: AppError) -> AppError {
    match err {
        AppError::Invalid(FieldErrors(errors)) => AppError::Invalid(FieldErrors(
            errors
                .into_iter()
                .map(|mut e| {
                    if e.field == "citizen_id" {
                        e.field = "applicant.citizen_id".to_owned();
                    }
                    e
                })
                .collect(),
        )),
        other => other,
    }
}

/// Files the draft `begin` made as a dossier (the normal workflow from
/// here). Refused, the draft goes with its files; beaten by the same
/// dossier sent at the same moment (the national code is unique), answers
/// that one.
pub async fn file(
    db: &DatabaseConnection,
    files: &Files,
    events: &Events,
    me: &SessionUser,
    (draft, national_code): (&DraftSaved, &str),
    delivery: Delivery,
    now: DateTime<Utc>,
) -> Result<Filed, AppError> {
    let submission = Submission { draft_id: draft.id.clone(), submit_key: draft.submit_key.clone(), delivery };
    match crate::server::workflow::submit::submit(db, events, me, &submission, now).await {
        Ok(done) => Ok(Filed { code: done.code, national_code: national_code.to_owned(), new: true }),
        Err(err) => {
            abandon(db, files, me, &draft.id, now).await;
            match filed(db, me, national_code).await? {
                Some(code) => Ok(Filed { code, national_code: national_code.to_owned(), new: false }),
                None => Err(err),
            }
        }
    }
}

/// Drops an inbound draft and its files (a refused dossier leaves nothing).
pub async fn abandon(db: &DatabaseConnection, files: &Files, me: &SessionUser, draft_id: &str, now: DateTime<Utc>) {
    if let Err(error) = drafts::delete(db, files, me, draft_id, now).await {
        tracing::warn!(%error, "an inbound dossier's draft was not removed (it expires)");
    }
}
