//! Desk intake (`/dashboard/intake`): a receiver takes in a paper dossier
//! handed in at the one-stop desk or received by post. The intake is a
//! draft of the receiver's that names the person and the channel
//! (`drafts.intake`, set here only); its answers and scans go through the
//! same save, upload and submission as a citizen's, so the same validation,
//! the same limits and the same code sequence apply. Scans of an intake
//! carry their digitisation record (`attachments::Upload::digitised`).

use crate::domain::access::{Role, SessionUser};
use crate::domain::application::{AGENCY_FIELD, DraftSave, DraftSaved};
use crate::domain::intake::{Intake, IntakeStart};
use crate::domain::rules::Rule;
use crate::error::AppError;
use crate::server::auth::audit::{self, AuditEvent};
use crate::server::entities::{draft, procedure};
use crate::server::{agencies, drafts};
use chrono::{DateTime, Duration, Utc};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};
use serde_json::{Value, json};

/// The receiver's agency: only a receiver with an agency takes dossiers in.
fn desk_of(me: &SessionUser) -> Result<&crate::domain::access::AgencyRef, AppError> {
    match &me.agency {
        Some(agency) if me.has_role(Role::Receiver) => Ok(agency),
        _ => Err(AppError::Forbidden),
    }
}

/// Starts an intake at the receiver's agency for a procedure it implements.
/// Answers the draft the receiver goes on with.
pub async fn start(
    db: &DatabaseConnection,
    me: &SessionUser,
    form: &IntakeStart,
    ttl: Duration,
    now: DateTime<Utc>,
) -> Result<DraftSaved, AppError> {
    let desk = desk_of(me)?;
    let intake = form.check()?;
    let procedure = procedure::Entity::find()
        .filter(procedure::Column::Code.eq(form.procedure_code.trim()))
        .one(db)
        .await?
        .ok_or_else(|| AppError::field("procedure_code", Rule::NotAnOption))?;
    if agencies::implementer_by_code(db, &procedure, &desk.code).await?.is_none() {
        return Err(AppError::field("procedure_code", Rule::NotImplementing));
    }
    let stored = serde_json::to_string(&intake).map_err(AppError::internal)?;
    let row = drafts::create(db, me, &procedure, &json!({ AGENCY_FIELD: desk.code }), Some(stored), ttl, now).await?;
    let detail = format!(
        "{} {} id={}",
        intake.channel.as_str(),
        procedure.code,
        crate::domain::identity::mask_id(&intake.citizen_id)
    );
    audit::record(db, AuditEvent::change_by(me, "intake.start", format!("draft:{}", row.id), Some(detail))).await?;
    Ok(DraftSaved {
        id: row.id,
        version: row.version,
        submit_key: row.submit_key,
        updated_at: row.updated_at,
        expires_at: row.expires_at,
    })
}

/// Saves the form's answers of the receiver's intake `draft_id` (the same
/// save as a citizen's draft); the agency stays the receiver's.
pub async fn save(
    db: &DatabaseConnection,
    me: &SessionUser,
    draft_id: &str,
    base_version: Option<i32>,
    mut data: Value,
    ttl: Duration,
    now: DateTime<Utc>,
) -> Result<DraftSaved, AppError> {
    let desk = desk_of(me)?;
    let (row, _) = intake_of(db, me, draft_id).await?;
    let procedure = crate::server::entities::existing::<procedure::Entity>(db, row.procedure_id).await?;
    if let Value::Object(answers) = &mut data {
        answers.insert(AGENCY_FIELD.to_owned(), json!(desk.code));
    }
    let form = DraftSave { procedure_code: procedure.code, draft_id: Some(row.id), base_version, data };
    drafts::save(db, me, &form, ttl, now).await
}

/// The receiver's own intake `draft_id`, with what it holds; another
/// receiver's, or a citizen's draft, is not found.
pub async fn intake_of(
    db: &DatabaseConnection,
    me: &SessionUser,
    draft_id: &str,
) -> Result<(draft::Model, Intake), AppError> {
    desk_of(me)?;
    let row = draft::Entity::find()
        .filter(draft::Column::Id.eq(draft_id))
        .filter(draft::Column::UserId.eq(me.id))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let intake = row.intake.as_deref().and_then(|text| serde_json::from_str(text).ok()).ok_or(AppError::NotFound)?;
    Ok((row, intake))
}
