//! Submitting a draft: every check first, then one transaction that takes
//! the dossier's code, moves the files and records the first event;
//! idempotent by the draft's key.

use super::NewEvent;
use super::codes;
use crate::domain::access::SessionUser;
use crate::domain::access::{AccountKind, Role};
use crate::domain::applicant::{
    AUTHORISATION_DOCUMENT, ApplyingFor, ON_BEHALF_FIELD, PersonConcerned, applicant_errors,
};
use crate::domain::application::{
    AGENCY_FIELD, AgencyAnswer, Delivery, RequiredDocument, Submission, SubmittedDossier, check_delivery,
    missing_documents,
};
use crate::domain::catalog::{Channel, Terms};
use crate::domain::dossier::{AttachmentInfo, DossierStatus, vietnam_date};
use crate::domain::form::{FieldKind, FormSchema, bind_files, validate};
use crate::domain::intake::Intake;
use crate::domain::rules::{FieldErrors, Rule};
use crate::error::AppError;
use crate::server::entities::{
    agency, attachment, document_requirement, dossier, draft, existing, organisation, procedure, user, ward,
};
use crate::server::events::Events;
use crate::server::secrets::random_bytes;
use crate::server::{agencies, attachments, organisations};
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

/// The agency the dossier is filed at, with its terms: the one chosen on
/// the apply page when it implements the procedure, or else (a draft saved
/// without a choice) the one the procedure names.
async fn receiving_agency(
    db: &DatabaseConnection,
    procedure: &procedure::Model,
    data: &str,
) -> Result<Result<(agency::Model, Terms), Rule>, AppError> {
    let answers: Value = serde_json::from_str(data).unwrap_or_default();
    let code = match AgencyAnswer::of(&answers) {
        None => crate::server::entities::existing::<agency::Entity>(db, procedure.agency_id).await?.code,
        Some(AgencyAnswer { code: Some(code), .. }) => code,
        Some(AgencyAnswer { code: None, .. }) => return Ok(Err(Rule::Required)),
    };
    Ok(agencies::implementer_by_code(db, procedure, &code).await?.ok_or(Rule::NotImplementing))
}

/// Whom the draft is filed for.
enum Filer {
    Myself,
    /// An organisation the caller belongs to now.
    Organisation(organisation::Model),
    /// Another person, named and with the authorisation among the files.
    Person(PersonConcerned),
    /// The person whose paper dossier a receiver takes in, by `Channel`.
    Desk(Channel, PersonConcerned),
}

/// Whom the draft is filed for, checked: only an organisation the caller
/// belongs to; another person with a name, a valid ID number (not the
/// caller's own) and the authorisation uploaded.
async fn filer_of(
    db: &DatabaseConnection,
    me: &SessionUser,
    data: &str,
    intake: Option<&Intake>,
    files: &[AttachmentInfo],
) -> Result<Result<Filer, FieldErrors>, AppError> {
    if let Some(intake) = intake {
        let person = intake.person().map_err(|rule| AppError::internal(format_args!("stored intake: {rule:?}")))?;
        return Ok(Ok(Filer::Desk(intake.channel, person)));
    }
    let answers: Value = serde_json::from_str(data).unwrap_or_default();
    let refused = |field: &str, rule| {
        let mut errors = FieldErrors::default();
        errors.push(field, rule);
        Ok(Err(errors))
    };
    match ApplyingFor::of(&answers) {
        ApplyingFor::Myself => Ok(Ok(Filer::Myself)),
        ApplyingFor::Organisation(id) => {
            if organisations::role_of(db, me, id).await?.is_none() {
                return refused(ON_BEHALF_FIELD, Rule::NotAnOption);
            }
            match organisation::Entity::find_by_id(id).one(db).await? {
                Some(organisation) => Ok(Ok(Filer::Organisation(organisation))),
                None => refused(ON_BEHALF_FIELD, Rule::NotAnOption),
            }
        }
        ApplyingFor::Person => {
            let attached: Vec<u32> = files.iter().map(|f| f.document).collect();
            let errors = applicant_errors(&answers, &attached);
            let person = match PersonConcerned::from_answers(&answers) {
                Ok(person) if errors.is_empty() => person,
                _ => return Ok(Err(errors)),
            };
            let own = existing::<user::Entity>(db, me.id).await?.citizen_id;
            Ok(person.check_not(own.as_deref()).map(|()| Filer::Person(person)))
        }
    }
}

/// Submits the caller's draft. A second call with the same key answers the
/// dossier the first one made, whatever the timing.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn submit(
    db: &DatabaseConnection,
    events: &Events,
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
    // A receiver's intake (the person was identified at the desk), or a
    // citizen's own draft; nobody else files.
    let intake: Option<Intake> = match draft.intake.as_deref() {
        Some(text) => Some(serde_json::from_str(text).map_err(AppError::internal)?),
        None => None,
    };
    let desk = match (&intake, me.kind) {
        (Some(_), AccountKind::Official) if me.has_role(Role::Receiver) => {
            Some(me.agency.as_ref().ok_or(AppError::NotFound)?.id)
        }
        (None, AccountKind::Citizen) => None,
        _ => return Err(AppError::NotFound),
    };
    // Some procedures go only to a verified identity (VNeID level 2): the
    // draft stays, and the applicant steps up and submits it again.
    if intake.is_none() && i16::from(me.assurance) < procedure.identity_level {
        let level = u8::try_from(procedure.identity_level).unwrap_or(2);
        return Err(AppError::IdentityLevelRequired { level });
    }
    let receiving = receiving_agency(db, &procedure, &draft.data).await?;
    // A receiver takes dossiers in for their own agency only.
    let receiving = match (receiving, desk) {
        (Ok((agency, _)), Some(desk)) if agency.id != desk => Err(Rule::NotAnOption),
        (receiving, _) => receiving,
    };
    let files = attachments::of_draft(db, me, &draft.id).await?;
    let filer = filer_of(db, me, &draft.data, intake.as_ref(), &files).await?;
    // The draft's form at the chosen agency (the version it was started
    // under, unless withdrawn): the dossier keeps this version.
    let at = receiving.as_ref().ok().map(|(agency, _)| agency.id);
    let form = crate::server::forms::for_draft(db, procedure.id, at, draft.form_version_id, vietnam_date(now)).await?;
    let form_version = form.as_ref().map(|f| f.form.id);
    let schema = form.map(|f| f.form.schema);
    // Every mistake at once: the form's, the documents', the delivery's.
    let mut errors = FieldErrors::default();
    let receiving = receiving.map_err(|rule| errors.push(AGENCY_FIELD, rule)).ok();
    let filer = filer.map_err(|mistakes| errors.extend(mistakes)).ok();
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
    // A document chosen from the store may have expired since it was chosen.
    for file in files.iter().filter(|f| f.reused.is_some()) {
        if file.digitised.as_ref().is_some_and(|record| record.expired(vietnam_date(now))) {
            errors.push(&format!("documents.{}", file.document), Rule::DocumentExpired);
        }
    }
    let (Some((agency, terms)), Some(filer)) = (receiving, filer.filter(|_| errors.is_empty())) else {
        return Err(errors.into());
    };
    let delivery = serde_json::to_string(&submission.delivery).map_err(AppError::internal)?;
    // A level-4 service collects the fees due with the dossier online: it
    // waits in `PaymentRequested` until they are paid (or recorded at the desk).
    let fee_due = if procedure.service_level >= 4 { crate::domain::payment::submission_fees(&terms.fees) } else { 0 };
    let status = if fee_due > 0 { DossierStatus::PaymentRequested } else { DossierStatus::Submitted };

    // The applicant as the queues name it: the organisation, or the person
    // the dossier concerns (who filed it stays `applicant_id`).
    let (applicant_name, organisation_id, person) = match &filer {
        Filer::Myself => (me.full_name.as_str(), None, None),
        Filer::Organisation(org) => (org.name.as_str(), Some(org.id), None),
        Filer::Person(person) | Filer::Desk(_, person) => (person.full_name.as_str(), None, Some(person)),
    };
    let (channel, role) = match &filer {
        Filer::Desk(channel, _) => (*channel, "receiver"),
        _ => (Channel::Online, "citizen"),
    };
    let txn = db.begin().await?;
    // First write: takes the lock (SQLite) or the agency's row lock for the day (PostgreSQL).
    let code = codes::next_code(&txn, &agency, vietnam_date(now)).await?;
    // Still a member as the dossier is written (a removal meanwhile wins).
    // Read after the first write: a read first would make SQLite's
    // transaction a reader that cannot then become the writer.
    if let Some(id) = organisation_id
        && organisations::role_of(&txn, me, id).await?.is_none()
    {
        return Err(AppError::field(ON_BEHALF_FIELD, Rule::NotAnOption));
    }
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
        receiving_agency_id: Set(agency.id),
        form_version_id: Set(form_version),
        definition_version_id: Set(procedure.definition_version_id),
        // For an organisation, the organisation is the applicant; the
        // member who acted stays `applicant_id` (and on the first event).
        applicant_id: Set(me.id),
        applicant_name: Set(applicant_name.to_owned()),
        applicant_folded: Set(crate::domain::text::fold(applicant_name)),
        organisation_id: Set(organisation_id),
        subject_name: Set(person.map(|p| p.full_name.clone())),
        subject_citizen_id: Set(person.map(|p| p.citizen_id.as_str().to_owned())),
        channel: Set(channel.as_str().to_owned()),
        national_code: Set(intake.as_ref().and_then(|i| i.national_code.clone())),
        status: Set(status),
        resume_status: Set((fee_due > 0).then_some(DossierStatus::Submitted)),
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
        role: Some(role),
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
    let mut moved = attachment::Entity::update_many()
        .col_expr(attachment::Column::DossierId, Expr::value(row.id))
        .filter(attachment::Column::DraftId.eq(draft.id.as_str()))
        .filter(attachment::Column::OwnerId.eq(me.id));
    if person.is_none() {
        // An authorisation uploaded before choosing otherwise names a third
        // person: it stays behind, and the drafts' purge removes it.
        let authorisation = i32::try_from(AUTHORISATION_DOCUMENT).unwrap_or(i32::MAX);
        moved = moved.filter(attachment::Column::Document.ne(authorisation));
    }
    moved.exec(&txn).await?;
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
    files: &[AttachmentInfo],
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
