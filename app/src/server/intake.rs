//! Desk intake (`/dashboard/intake`): a receiver takes in a paper dossier
//! handed in at the one-stop desk or received by post. The intake is a
//! draft of the receiver's that names the person and the channel
//! (`drafts.intake`, set here only); its answers and scans go through the
//! same save, upload and submission as a citizen's, so the same validation,
//! the same limits and the same code sequence apply. Scans of an intake
//! carry their digitisation record (`attachments::Upload::digitised`).

use crate::domain::access::{Role, SessionUser};
use crate::domain::application::{AGENCY_KEY, DraftSave, DraftSaved};
use crate::domain::form::{FormSchema, bind_files, take_posted, validate};
use crate::domain::intake::{Intake, IntakeDocument, IntakeProcedure, IntakeStart, IntakeView};
use crate::domain::rules::FieldErrors;
use crate::domain::rules::Rule;
use crate::domain::text::LocalText;
use crate::domain::text::fold;
use crate::error::AppError;
use crate::server::auth::audit::{self, AuditEvent};
use crate::server::entities::{document_requirement, draft, procedure, procedure_agency, user};
use crate::server::{agencies, drafts, places};
use chrono::{DateTime, Duration, Utc};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};
use serde_json::{Value, json};

/// The receiver's agency: only a receiver with an agency takes dossiers in.
pub fn desk_of(me: &SessionUser) -> Result<&crate::domain::access::AgencyRef, AppError> {
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
    desk_of(me)?;
    let intake = form.check()?;
    open(db, me, &form.procedure_code, &intake, ttl, now).await
}

/// Opens the receiver's draft for `intake` (checked) of procedure
/// `procedure_code`, which their agency must implement: a paper dossier
/// taken in, or one filed on the national portal (`national::inbound`).
pub async fn open(
    db: &DatabaseConnection,
    me: &SessionUser,
    procedure_code: &str,
    intake: &Intake,
    ttl: Duration,
    now: DateTime<Utc>,
) -> Result<DraftSaved, AppError> {
    let desk = desk_of(me)?;
    let procedure = procedure::Entity::find()
        .filter(procedure::Column::Code.eq(procedure_code.trim()))
        .one(db)
        .await?
        .ok_or_else(|| AppError::field("procedure_code", Rule::NotAnOption))?;
    if agencies::implementer_by_code(db, &procedure, &desk.code).await?.is_none() {
        return Err(AppError::field("procedure_code", Rule::NotImplementing));
    }
    check_person(db, me, intake).await?;
    let stored = serde_json::to_string(intake).map_err(AppError::internal)?;
    let answers = json!({ AGENCY_KEY: { "code": desk.code } });
    let row = drafts::create(db, me, &procedure, &answers, Some(stored), ttl, now).await?;
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

/// The person named is not the receiver, and an ID number that a verified
/// person holds comes with their name (diacritics and case aside): a typo
/// in the number would otherwise show the dossier to a stranger.
async fn check_person(db: &DatabaseConnection, me: &SessionUser, intake: &Intake) -> Result<(), AppError> {
    let own = crate::server::entities::existing::<user::Entity>(db, me.id).await?.citizen_id;
    if own.as_deref() == Some(intake.citizen_id.as_str()) {
        // Nobody takes in their own dossier.
        return Err(AppError::field("citizen_id", Rule::NotAnOption));
    }
    let holder = user::Entity::find()
        .filter(user::Column::CitizenId.eq(intake.citizen_id.as_str()))
        .filter(user::Column::IdentityVerifiedAt.is_not_null())
        .one(db)
        .await?;
    match holder {
        Some(holder) if fold(&holder.full_name) != fold(&intake.full_name) => {
            Err(AppError::field("citizen_id", Rule::IdNameMismatch))
        }
        _ => Ok(()),
    }
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
        answers.insert(AGENCY_KEY.to_owned(), json!({ "code": desk.code }));
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

/// The procedures the receiver's agency takes in on paper: those it
/// implements, by name (a form, if any, is typed from the paper one).
pub async fn procedures(db: &DatabaseConnection, me: &SessionUser) -> Result<Vec<IntakeProcedure>, AppError> {
    let desk = desk_of(me)?;
    let implemented: Vec<i32> = procedure_agency::Entity::find()
        .filter(procedure_agency::Column::AgencyId.eq(desk.id))
        .all(db)
        .await?
        .into_iter()
        .map(|row| row.procedure_id)
        .collect();
    let rows = procedure::Entity::find()
        .filter(procedure::Column::Id.is_in(implemented))
        .order_by_asc(procedure::Column::NameVi)
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|row| IntakeProcedure { code: row.code, name: LocalText::new(row.name_vi, row.name_en) })
        .collect())
}

/// The form an intake is typed into at the receiver's agency on `day`
/// (the version it was started under while it stands), if the procedure
/// has one.
async fn form_of(
    db: &DatabaseConnection,
    me: &SessionUser,
    row: &draft::Model,
    day: chrono::NaiveDate,
) -> Result<Option<FormSchema>, AppError> {
    let desk = desk_of(me)?;
    let found = crate::server::forms::for_draft(db, row.procedure_id, Some(desk.id), row.form_version_id, day).await?;
    Ok(found.map(|found| found.form.schema))
}

/// Saves the paper form as the receiver typed it on the intake page (a
/// plain HTML form with every section; or a repeatable entry added or
/// removed): the same reading as the apply page's plain steps. Answers the
/// page to go back to.
pub async fn save_posted(
    db: &DatabaseConnection,
    me: &SessionUser,
    pairs: &[(String, String)],
    ttl: Duration,
    now: DateTime<Utc>,
) -> Result<String, AppError> {
    if pairs.len() > crate::domain::form::MAX_POSTED_PAIRS {
        return Err(AppError::TooLarge);
    }
    let draft_id = pairs.iter().find(|(k, _)| k == "draft_id").map_or("", |(_, v)| v.as_str());
    let (row, _) = intake_of(db, me, draft_id).await?;
    let form = form_of(db, me, &row, crate::domain::dossier::vietnam_date(now)).await?.ok_or(AppError::NotFound)?;
    let mut answers: Value = serde_json::from_str(&row.data).unwrap_or_else(|_| json!({}));
    take_posted(&form, &mut answers, pairs, None);
    save(db, me, &row.id, None, answers, ttl, now).await?;
    Ok(format!("/dashboard/intake?draft={}&form=saved#form", row.id))
}

/// The receiver's intake `draft_id` with its form, documents and scans.
pub async fn view(
    db: &DatabaseConnection,
    me: &SessionUser,
    draft_id: &str,
    now: DateTime<Utc>,
) -> Result<IntakeView, AppError> {
    let (row, intake) = intake_of(db, me, draft_id).await?;
    let day = crate::domain::dossier::vietnam_date(now);
    let form = form_of(db, me, &row, day).await?;
    let replaced = form.as_ref().map(|f| f.replaces_document).filter(|p| *p > 0);
    let procedure = crate::server::entities::existing::<procedure::Entity>(db, row.procedure_id).await?;
    let scans = crate::server::attachments::of_draft(db, me, &row.id).await?;
    let documents = document_requirement::Entity::find()
        .filter(document_requirement::Column::ProcedureId.eq(procedure.id))
        .order_by_asc(document_requirement::Column::Position)
        .all(db)
        .await?
        .into_iter()
        .map(|d| {
            // Stored from 0; uploads count from 1.
            let position = u32::try_from(d.position + 1).unwrap_or_default();
            IntakeDocument {
                position,
                name: LocalText::new(d.name_vi, d.name_en),
                // The paper form typed in stands for its document (a scan of it is welcome).
                mandatory: d.mandatory && Some(position) != replaced,
                scans: scans.iter().filter(|s| s.document == position).cloned().collect(),
            }
        })
        .collect();
    let answers: Value = serde_json::from_str(&row.data).unwrap_or_else(|_| json!({}));
    let form_errors = match &form {
        Some(form) => {
            let mut bound = answers.clone();
            bind_files(form, &mut bound, &scans);
            validate(form, &bound, day).err().unwrap_or_default()
        }
        None => FieldErrors::default(),
    };
    let (provinces, wards) = match &form {
        Some(_) => (places::provinces(db).await?, places::wards_chosen(db, &answers).await?),
        None => (Vec::new(), Vec::new()),
    };
    Ok(IntakeView {
        draft_id: row.id,
        submit_key: row.submit_key,
        procedure_code: procedure.code,
        procedure_name: LocalText::new(procedure.name_vi, procedure.name_en),
        intake,
        documents,
        form,
        answers,
        form_errors,
        provinces,
        wards,
    })
}
