//! Dossier services: submitting a draft (one transaction, idempotent by the
//! draft's key), the applicant's list and view, and withdrawal.

pub mod codes;
pub mod lookup;

use crate::domain::access::SessionUser;
use crate::domain::application::{
    Delivery, RequiredDocument, Submission, SubmittedDossier, check_delivery, missing_documents,
};
use crate::domain::desk::ActionRequest;
use crate::domain::dossier::{DossierStatus, DossierSummary, DossierView, TimelineDetail, TimelineEntry, vietnam_date};
use crate::domain::form::{FieldKind, FormSchema, bind_files, validate};
use crate::domain::rules::{FieldErrors, Rule};
use crate::domain::text::LocalText;
use crate::domain::workflow::Action;
use crate::error::AppError;
use crate::server::attachments;
use crate::server::auth::secrets::random_bytes;
use crate::server::entities::{
    agency, attachment, document_requirement, dossier, dossier_event, draft, procedure, procedure_form, ward,
};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, Set,
    TransactionTrait,
};
use serde_json::Value;

/// Letters of the lookup secret: no 0/O, 1/I/L, so it can be read aloud and typed.
const SECRET_ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";

/// A lookup secret: 8 characters, about 40 bits.
fn lookup_secret() -> String {
    random_bytes::<8>().iter().map(|b| char::from(SECRET_ALPHABET[usize::from(*b) % SECRET_ALPHABET.len()])).collect()
}

/// Submits the caller's draft. A second call with the same key answers the
/// dossier the first one made, whatever the timing.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn submit(
    db: &DatabaseConnection,
    events: &crate::server::events::Events,
    me: &SessionUser,
    submission: &Submission,
    now: DateTime<Utc>,
) -> Result<SubmittedDossier, AppError> {
    if let Some(done) = already_submitted(db, me, &submission.submit_key).await? {
        return Ok(done);
    }
    match submit_once(db, me, submission, now).await {
        Ok(done) => {
            events.wake();
            Ok(done)
        }
        // A concurrent submission with the same key won the race (unique key,
        // or the draft it consumed is gone): answer its dossier.
        Err(err) => match already_submitted(db, me, &submission.submit_key).await? {
            Some(done) => Ok(done),
            None => Err(err),
        },
    }
}

async fn already_submitted(
    db: &impl ConnectionTrait,
    me: &SessionUser,
    key: &str,
) -> Result<Option<SubmittedDossier>, AppError> {
    Ok(dossier::Entity::find()
        .filter(dossier::Column::SubmitKey.eq(key))
        .filter(dossier::Column::ApplicantId.eq(me.id))
        .one(db)
        .await?
        .map(|d| SubmittedDossier { code: d.code, lookup_secret: d.lookup_secret }))
}

async fn submit_once(
    db: &DatabaseConnection,
    me: &SessionUser,
    submission: &Submission,
    now: DateTime<Utc>,
) -> Result<SubmittedDossier, AppError> {
    // Everything is checked before the transaction takes the write lock.
    let draft = draft::Entity::find()
        .filter(draft::Column::Id.eq(submission.draft_id.as_str()))
        .filter(draft::Column::UserId.eq(me.id))
        .filter(draft::Column::SubmitKey.eq(submission.submit_key.as_str()))
        .filter(draft::Column::ExpiresAt.gt(now))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let procedure = procedure::Entity::find_by_id(draft.procedure_id).one(db).await?.ok_or(AppError::NotFound)?;
    let agency = agency::Entity::find_by_id(procedure.agency_id).one(db).await?.ok_or(AppError::Internal)?;
    let files = attachments::of_draft(db, me, &draft.id).await?;
    let schema = form_of(db, procedure.id).await?;
    // Every mistake at once: the form's, the documents', the delivery's.
    let mut errors = FieldErrors::default();
    let data = match checked_answers(db, &draft, schema.as_ref(), &files, procedure.service_level, now).await {
        Ok(data) => data,
        Err(AppError::Invalid(form)) => {
            errors.extend(form);
            Value::Null
        }
        Err(other) => return Err(other),
    };
    if let Err(delivery) = check_delivery(&submission.delivery, procedure.service_level) {
        errors.extend(delivery);
    }
    if let Delivery::Post { address, .. } = &submission.delivery
        && let (Some(province), Some(ward_code)) = (address.province_code, address.ward_code)
        && !ward_in_province(db, ward_code, province).await?
    {
        errors.push("delivery.ward", Rule::WardNotInProvince);
    }
    let attached: Vec<u32> = files.iter().map(|f| f.document).collect();
    let replaced = schema.as_ref().map(|f| f.replaces_document).filter(|p| *p > 0);
    for position in missing_documents(&required_documents(db, procedure.id).await?, replaced, &attached) {
        errors.push(&format!("documents.{position}"), Rule::DocumentMissing);
    }
    if !errors.is_empty() {
        return Err(errors.into());
    }
    let delivery = serde_json::to_string(&submission.delivery).map_err(|_| AppError::Internal)?;
    // A level-4 service collects the fees due with the dossier online: it
    // waits in `PaymentRequested` until they are paid (or recorded at the desk).
    let fees: Vec<crate::domain::catalog::Fee> = serde_json::from_str(&procedure.fees).unwrap_or_default();
    let fee_due = if procedure.service_level >= 4 { crate::domain::payment::submission_fees(&fees) } else { 0 };
    let status = if fee_due > 0 { DossierStatus::PaymentRequested } else { DossierStatus::Submitted };

    let txn = db.begin().await?;
    // First write: takes the lock (SQLite) or the agency's row lock for the day (PostgreSQL).
    let code = codes::next_code(&txn, &agency, vietnam_date(now)).await?;
    // The draft is consumed here; a concurrent submission finds it gone.
    let consumed = draft::Entity::delete_many()
        .filter(draft::Column::Id.eq(draft.id.as_str()))
        .filter(draft::Column::Version.eq(draft.version))
        .exec(&txn)
        .await?;
    if consumed.rows_affected != 1 {
        return Err(AppError::Conflict);
    }
    let secret = lookup_secret();
    let row = dossier::ActiveModel {
        code: Set(code.to_string()),
        procedure_id: Set(procedure.id),
        agency_id: Set(agency.id),
        applicant_id: Set(me.id),
        applicant_name: Set(me.full_name.clone()),
        applicant_folded: Set(crate::domain::text::fold(&me.full_name)),
        status: Set(status.as_str().to_owned()),
        resume_status: Set((fee_due > 0).then(|| DossierStatus::Submitted.as_str().to_owned())),
        fee_due_vnd: Set(fee_due),
        version: Set(1),
        data: Set(data.to_string()),
        delivery: Set(delivery),
        lookup_secret: Set(secret.clone()),
        submit_key: Set(draft.submit_key.clone()),
        submitted_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    NewEvent {
        dossier_id: row.id,
        actor: Some(me),
        role: Some("citizen"),
        from: None,
        to: DossierStatus::Submitted,
        action: None,
        note: None,
        payload: None,
        at: now,
    }
    .record(&txn)
    .await?;
    if fee_due > 0 {
        NewEvent {
            dossier_id: row.id,
            actor: None,
            role: Some("system"),
            from: Some(DossierStatus::Submitted),
            to: DossierStatus::PaymentRequested,
            action: None,
            note: None,
            payload: Some(serde_json::json!({ "amount_vnd": fee_due })),
            at: now,
        }
        .record(&txn)
        .await?;
    }
    attachment::Entity::update_many()
        .col_expr(attachment::Column::DossierId, Expr::value(row.id))
        .filter(attachment::Column::DraftId.eq(draft.id.as_str()))
        .filter(attachment::Column::OwnerId.eq(me.id))
        .exec(&txn)
        .await?;
    txn.commit().await?;
    tracing::info!(code = %row.code, procedure = %procedure.code, "dossier submitted");
    Ok(SubmittedDossier { code: row.code, lookup_secret: secret })
}

/// The draft's answers, validated against the form; each file field holds
/// the ids of the files attached for its document.
async fn checked_answers(
    db: &DatabaseConnection,
    draft: &draft::Model,
    schema: Option<&FormSchema>,
    files: &[crate::domain::dossier::AttachmentInfo],
    service_level: i16,
    now: DateTime<Utc>,
) -> Result<Value, AppError> {
    let Some(schema) = schema else { return Ok(Value::Object(Default::default())) };
    if service_level < 3 {
        return Ok(Value::Object(Default::default()));
    }
    let mut answers: Value = serde_json::from_str(&draft.data).unwrap_or_else(|_| Value::Object(Default::default()));
    bind_files(schema, &mut answers, files);
    let valid = validate(schema, &answers, vietnam_date(now))?;
    let mut errors = FieldErrors::default();
    for (path, province, ward_code) in addresses(schema, &valid.0) {
        if !ward_in_province(db, ward_code, province).await? {
            errors.push(&path, Rule::WardNotInProvince);
        }
    }
    if errors.is_empty() { Ok(valid.0) } else { Err(errors.into()) }
}

/// Every filled address of the top-level fields: (path, province, ward).
fn addresses(schema: &FormSchema, values: &Value) -> Vec<(String, i32, i32)> {
    let mut out = Vec::new();
    for section in &schema.sections {
        for field in &section.fields {
            if matches!(field.kind, FieldKind::Address)
                && let Some(address) = values.get(&section.key).and_then(|s| s.get(&field.key))
            {
                let code = |k: &str| address.get(k).and_then(Value::as_i64).and_then(|n| i32::try_from(n).ok());
                if let (Some(province), Some(ward)) = (code("province_code"), code("ward_code")) {
                    out.push((format!("{}.{}", section.key, field.key), province, ward));
                }
            }
        }
    }
    out
}

async fn ward_in_province(db: &impl ConnectionTrait, ward_code: i32, province: i32) -> Result<bool, AppError> {
    Ok(ward::Entity::find_by_id(ward_code).one(db).await?.is_some_and(|w| w.province_code == province))
}

/// A procedure's online form, if it has one.
pub async fn form_of(db: &impl ConnectionTrait, procedure_id: i32) -> Result<Option<FormSchema>, AppError> {
    match procedure_form::Entity::find_by_id(procedure_id).one(db).await? {
        Some(row) => serde_json::from_str(&row.schema).map(Some).map_err(|err| {
            tracing::error!(error = %err, procedure_id, "stored form schema does not parse");
            AppError::Internal
        }),
        None => Ok(None),
    }
}

async fn required_documents(db: &impl ConnectionTrait, procedure_id: i32) -> Result<Vec<RequiredDocument>, AppError> {
    Ok(document_requirement::Entity::find()
        .filter(document_requirement::Column::ProcedureId.eq(procedure_id))
        .order_by_asc(document_requirement::Column::Position)
        .all(db)
        .await?
        .into_iter()
        .map(|d| RequiredDocument {
            // Stored from 0; forms and attachments count from 1.
            position: u32::try_from(d.position + 1).unwrap_or_default(),
            mandatory: d.mandatory,
        })
        .collect())
}

/// An event to append to a dossier's timeline.
pub struct NewEvent<'a> {
    pub dossier_id: i32,
    pub actor: Option<&'a SessionUser>,
    /// The role (or `citizen`) the actor acted as.
    pub role: Option<&'static str>,
    pub from: Option<DossierStatus>,
    pub to: DossierStatus,
    pub action: Option<Action>,
    pub note: Option<String>,
    /// The action's details (due date, legal basis, items, …).
    pub payload: Option<Value>,
    pub at: DateTime<Utc>,
}

impl NewEvent<'_> {
    pub async fn record(self, txn: &impl ConnectionTrait) -> Result<(), AppError> {
        let mut payload = self.payload.unwrap_or_else(|| Value::Object(Default::default()));
        if let (Some(action), Some(map)) = (self.action, payload.as_object_mut()) {
            map.insert("action".into(), Value::String(action.as_str().to_owned()));
        }
        let event = dossier_event::ActiveModel {
            dossier_id: Set(self.dossier_id),
            at: Set(self.at),
            actor_id: Set(self.actor.map(|a| a.id)),
            actor_role: Set(self.role.map(str::to_owned)),
            from_status: Set(self.from.map(|s| s.as_str().to_owned())),
            to_status: Set(self.to.as_str().to_owned()),
            note: Set(self.note),
            payload: Set(Some(payload.to_string())),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        crate::server::notifications::on_event(txn, &event, self.action).await
    }
}

/// The caller's dossiers, newest first, optionally of one status.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn list(
    db: &DatabaseConnection,
    me: &SessionUser,
    status: Option<DossierStatus>,
) -> Result<Vec<DossierSummary>, AppError> {
    let mut query = dossier::Entity::find().filter(dossier::Column::ApplicantId.eq(me.id));
    if let Some(status) = status {
        query = query.filter(dossier::Column::Status.eq(status.as_str()));
    }
    let rows = query.order_by_desc(dossier::Column::SubmittedAt).order_by_desc(dossier::Column::Id).all(db).await?;
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        out.push(summary(db, row).await?);
    }
    Ok(out)
}

pub(crate) async fn summary(db: &impl ConnectionTrait, row: dossier::Model) -> Result<DossierSummary, AppError> {
    let procedure = procedure::Entity::find_by_id(row.procedure_id).one(db).await?.ok_or(AppError::Internal)?;
    let agency = agency::Entity::find_by_id(row.agency_id).one(db).await?.ok_or(AppError::Internal)?;
    Ok(DossierSummary {
        code: row.code,
        procedure_code: procedure.code,
        procedure_name: LocalText::new(procedure.name_vi, procedure.name_en),
        agency_name: LocalText::new(agency.name_vi, agency.name_en),
        status: DossierStatus::parse(&row.status).unwrap_or(DossierStatus::Submitted),
        submitted_at: row.submitted_at,
        updated_at: row.updated_at,
    })
}

/// The caller's dossier `code`; anyone else's does not exist.
async fn owned(db: &impl ConnectionTrait, me: &SessionUser, code: &str) -> Result<dossier::Model, AppError> {
    dossier::find_by_code(db, code).await?.filter(|row| row.applicant_id == me.id).ok_or(AppError::NotFound)
}

/// One of the caller's dossiers with its form, files and timeline.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn view(
    db: &DatabaseConnection,
    me: &SessionUser,
    code: &str,
    today: chrono::NaiveDate,
) -> Result<DossierView, AppError> {
    let row = owned(db, me, code).await?;
    view_of(db, row, Reader::Applicant, today).await
}

/// Who reads a dossier: the applicant sees the result document only once approved.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reader {
    Applicant,
    Official,
}

/// A dossier with its form, files, timeline and clock, for `reader`.
pub async fn view_of(
    db: &impl ConnectionTrait,
    row: dossier::Model,
    reader: Reader,
    today: chrono::NaiveDate,
) -> Result<DossierView, AppError> {
    let status = DossierStatus::parse(&row.status).unwrap_or(DossierStatus::Submitted);
    let form = form_of(db, row.procedure_id).await?;
    let documents = document_requirement::Entity::find()
        .filter(document_requirement::Column::ProcedureId.eq(row.procedure_id))
        .order_by_asc(document_requirement::Column::Position)
        .all(db)
        .await?
        .into_iter()
        .map(|d| LocalText::new(d.name_vi, d.name_en))
        .collect();
    let result_public = matches!(status, DossierStatus::Processed | DossierStatus::Returned);
    let files = attachment::Entity::find()
        .filter(attachment::Column::DossierId.eq(row.id))
        .order_by_asc(attachment::Column::Document)
        .order_by_asc(attachment::Column::CreatedAt)
        .all(db)
        .await?
        .into_iter()
        .filter(|a| reader == Reader::Official || a.document != attachments::RESULT_DOCUMENT || result_public)
        .map(attachments::info)
        .collect();
    let mut timeline = timeline(db, row.id).await?;
    let clock = crate::server::desk::case::clock_view(db, &row, status, &timeline, today).await?;
    if reader == Reader::Applicant {
        // Notes between officials stay with the agency.
        for entry in &mut timeline {
            if !entry.action.is_none_or(Action::note_reaches_applicant) {
                entry.note = None;
            }
        }
    }
    let supplement = row.supplement.as_deref().and_then(|s| serde_json::from_str(s).ok()).unwrap_or_default();
    let data = serde_json::from_str(&row.data).unwrap_or_default();
    let delivery = serde_json::from_str(&row.delivery).unwrap_or_default();
    let lookup_secret = row.lookup_secret.clone();
    let version = row.version;
    let payments = crate::server::payments::of_dossier(db, false, &row).await?;
    let signed_result = match result_public {
        true => crate::server::results::of_dossier(db, row.id).await?,
        false => None,
    };
    Ok(DossierView {
        summary: summary(db, row).await?,
        lookup_secret,
        form,
        data,
        delivery,
        documents,
        attachments: files,
        timeline,
        version,
        clock,
        supplement,
        payments,
        signed_result,
    })
}

/// An event as the timeline shows it: the payload's facts in words.
/// A dossier's timeline, oldest first.
pub(crate) async fn timeline(db: &impl ConnectionTrait, dossier_id: i32) -> Result<Vec<TimelineEntry>, AppError> {
    Ok(dossier_event::Entity::find()
        .filter(dossier_event::Column::DossierId.eq(dossier_id))
        .order_by_asc(dossier_event::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(timeline_entry)
        .collect())
}

fn timeline_entry(e: dossier_event::Model) -> TimelineEntry {
    let payload: Value = e.payload.as_deref().and_then(|p| serde_json::from_str(p).ok()).unwrap_or(Value::Null);
    let text = |key: &str| payload.get(key).and_then(Value::as_str).map(str::to_owned);
    let day = |key: &str| text(key).and_then(|d| d.parse::<chrono::NaiveDate>().ok());
    let action = text("action").as_deref().and_then(Action::parse);
    let detail = match action {
        Some(Action::Accept) => day("due_on").map(TimelineDetail::Appointment),
        Some(Action::RefuseToAccept | Action::Stop) => text("legal_basis").map(TimelineDetail::LegalBasis),
        Some(Action::RequestSupplement) => payload.get("items").and_then(Value::as_array).map(|items| {
            TimelineDetail::Items(
                items
                    .iter()
                    .filter_map(|i| Some((i.get("label")?.as_str()?.to_owned(), i.get("reason")?.as_str()?.to_owned())))
                    .collect(),
            )
        }),
        Some(Action::Assign | Action::Take) => text("assignee").map(TimelineDetail::Assignee),
        Some(Action::RecordFee) => text("receipt").map(TimelineDetail::FeeReceipt),
        // Paid online: the receipt carries the order's reference.
        Some(Action::Pay) => text("payment").map(TimelineDetail::FeeReceipt),
        Some(Action::ReturnByPost) => text("reference").map(TimelineDetail::Tracking),
        Some(Action::ReturnAtDesk) => text("reference").map(TimelineDetail::CollectedBy),
        Some(Action::Reappoint) => day("to").map(TimelineDetail::NewAppointment),
        Some(Action::RecordDelivery) => text("postal_status")
            .as_deref()
            .and_then(crate::domain::desk::PostalStatus::parse)
            .map(TimelineDetail::Postal),
        _ => None,
    };
    TimelineEntry {
        at: e.at,
        from: e.from_status.as_deref().and_then(DossierStatus::parse),
        to: DossierStatus::parse(&e.to_status).unwrap_or(DossierStatus::Submitted),
        action,
        role: e.actor_role,
        note: e.note,
        detail,
    }
}

/// Withdraws the caller's dossier, which the agency has not accepted yet
/// (the workflow's `Withdraw`, on the version read now).
pub async fn withdraw(
    state: &crate::server::state::AppState,
    me: &SessionUser,
    code: &str,
    reason: Option<String>,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let reason = reason.map(|r| r.trim().to_owned()).filter(|r| !r.is_empty());
    if reason.as_ref().is_some_and(|r| r.chars().count() > 500) {
        let mut errors = FieldErrors::default();
        errors.push("reason", Rule::TooLong(500));
        return Err(errors.into());
    }
    let row = owned(&state.db, me, code).await?;
    let request = ActionRequest {
        code: row.code,
        action: Some(Action::Withdraw),
        version: row.version,
        note: reason,
        ..Default::default()
    };
    match crate::server::desk::act::act(state, me, &request, now).await {
        // Not withdrawable any more: the agency moved first.
        Err(AppError::Forbidden) => Err(AppError::Conflict),
        other => other.map(|_| ()),
    }
}
