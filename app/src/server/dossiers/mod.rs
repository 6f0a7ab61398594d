//! Reading dossiers: the applicant's list and view, the view an official
//! of the agency reads, the timeline and the clock as shown, and the public
//! lookup. Nothing here changes a dossier (that is `server::workflow`).

pub mod lookup;

use crate::domain::access::SessionUser;
use crate::domain::dossier::DossierStatus;
use crate::domain::progress::ClockView;
use crate::domain::progress::{DossierSummary, DossierView, TimelineDetail, TimelineEntry};
use crate::domain::text::LocalText;
use crate::domain::workflow::Action;
use crate::error::AppError;
use crate::server::entities::{agency, attachment, document_requirement, dossier, dossier_event, existing, procedure};
use crate::server::workflow::deadline_of;
use crate::server::{attachments, calendar};
use chrono::NaiveDate;
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};
use serde_json::Value;
use std::collections::HashMap;

/// The caller's dossiers, newest first, optionally of one status.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn list(
    db: &DatabaseConnection,
    me: &SessionUser,
    status: Option<DossierStatus>,
) -> Result<Vec<DossierSummary>, AppError> {
    let mut query = dossier::Entity::find().filter(crate::server::on_behalf::readable_by(me));
    if let Some(status) = status {
        query = query.filter(dossier::Column::Status.eq(status));
    }
    let rows = query.order_by_desc(dossier::Column::SubmittedAt).order_by_desc(dossier::Column::Id).all(db).await?;
    // Two queries for the whole list, not two per dossier.
    let ids = |f: fn(&dossier::Model) -> i32| rows.iter().map(f).collect::<std::collections::BTreeSet<i32>>();
    let procedures: HashMap<i32, procedure::Model> = procedure::Entity::find()
        .filter(procedure::Column::Id.is_in(ids(|r| r.procedure_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, p))
        .collect();
    let agencies: HashMap<i32, agency::Model> = agency::Entity::find()
        .filter(agency::Column::Id.is_in(ids(|r| r.agency_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|a| (a.id, a))
        .collect();
    rows.into_iter()
        .map(|row| {
            let procedure = procedures.get(&row.procedure_id);
            let agency = agencies.get(&row.agency_id);
            match (procedure, agency) {
                (Some(procedure), Some(agency)) => Ok(summary_of(row, procedure, agency)),
                _ => Err(AppError::internal(format_args!("dossier {}: its procedure or agency is missing", row.code))),
            }
        })
        .collect()
}

pub(crate) async fn summary(db: &impl ConnectionTrait, row: dossier::Model) -> Result<DossierSummary, AppError> {
    let procedure = existing::<procedure::Entity>(db, row.procedure_id).await?;
    let agency = existing::<agency::Entity>(db, row.agency_id).await?;
    Ok(summary_of(row, &procedure, &agency))
}

fn summary_of(row: dossier::Model, procedure: &procedure::Model, agency: &agency::Model) -> DossierSummary {
    DossierSummary {
        code: row.code,
        procedure_code: procedure.code.clone(),
        procedure_name: LocalText::new(procedure.name_vi.clone(), procedure.name_en.clone()),
        agency_name: LocalText::new(agency.name_vi.clone(), agency.name_en.clone()),
        status: row.status,
        submitted_at: row.submitted_at,
        updated_at: row.updated_at,
    }
}

/// The caller's dossier `code` (or their organisation's, or one filed on
/// their behalf); anyone else's does not exist.
async fn readable(db: &impl ConnectionTrait, me: &SessionUser, code: &str) -> Result<dossier::Model, AppError> {
    let row = dossier::find_by_code(db, code).await?.ok_or(AppError::NotFound)?;
    if crate::server::on_behalf::reads(db, me, &row).await? { Ok(row) } else { Err(AppError::NotFound) }
}

/// One of the caller's dossiers with its form, files and timeline.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn view(
    db: &DatabaseConnection,
    me: &SessionUser,
    code: &str,
    today: chrono::NaiveDate,
) -> Result<DossierView, AppError> {
    let row = readable(db, me, code).await?;
    let acts = crate::server::organisations::speaks_for(db, me, &row).await?;
    let mut view = view_of(db, row, Reader::Applicant, today).await?;
    if let Some(person) = &mut view.for_person {
        person.reader_is_person = !acts;
    }
    Ok(view)
}

/// Who reads a dossier: the applicant sees the result document only once
/// approved and no notes between officials; so does an agency that handed
/// the dossier on to the decider (`Applicant`'s view, without acting).
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
    let status = row.status;
    let form = crate::server::forms::version(db, row.form_version_id).await?;
    let filed_under = crate::server::definitions::version_of(db, row.definition_version_id).await?;
    // The documents as the version it was filed under named them.
    let documents = match crate::server::definitions::documents_of(db, row.definition_version_id).await? {
        Some(documents) => documents,
        None => document_requirement::Entity::find()
            .filter(document_requirement::Column::ProcedureId.eq(row.procedure_id))
            .order_by_asc(document_requirement::Column::Position)
            .all(db)
            .await?
            .into_iter()
            .map(|d| LocalText::new(d.name_vi, d.name_en))
            .collect(),
    };
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
    let clock = clock_view(db, &row, status, &timeline, today).await?;
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
    let on_behalf = match crate::server::organisations::named_on(db, &row).await? {
        Some(organisation) => {
            let acted_by =
                crate::server::entities::existing::<crate::server::entities::user::Entity>(db, row.applicant_id)
                    .await?
                    .full_name;
            Some((organisation, acted_by))
        }
        None => None,
    };
    let for_person = crate::server::on_behalf::named_on(db, &row).await?;
    Ok(DossierView {
        on_behalf,
        for_person,
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
        filed_under,
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
        Some(Action::HandOff) => text("agency").map(TimelineDetail::HandedTo),
        Some(Action::RecordFee) => text("receipt").map(TimelineDetail::FeeReceipt),
        // Paid online: the receipt carries the order's reference.
        Some(Action::Pay) => text("payment").map(TimelineDetail::FeeReceipt),
        Some(Action::ReturnByPost) => text("reference").map(TimelineDetail::Tracking),
        Some(Action::ReturnAtDesk) => text("reference").map(TimelineDetail::CollectedBy),
        Some(Action::Reappoint) => day("to").map(TimelineDetail::NewAppointment),
        Some(Action::RecordDelivery) => text("postal_status")
            .as_deref()
            .and_then(crate::domain::workflow::PostalStatus::parse)
            .map(TimelineDetail::Postal),
        _ => None,
    };
    TimelineEntry { at: e.at, from: e.from_status, to: e.to_status, action, role: e.actor_role, note: e.note, detail }
}

/// The clock of an accepted dossier, with how it stands today and its new appointments.
pub async fn clock_view(
    db: &impl ConnectionTrait,
    row: &dossier::Model,
    status: DossierStatus,
    timeline: &[TimelineEntry],
    today: NaiveDate,
) -> Result<Option<ClockView>, AppError> {
    let Some(deadline) = deadline_of(row) else { return Ok(None) };
    let urgency = if DossierStatus::RUNNING.contains(&status) {
        Some(calendar::load(db).await?.urgency(deadline.due, today))
    } else {
        None
    };
    let reappointments = timeline
        .iter()
        .filter_map(|e| match &e.detail {
            Some(TimelineDetail::NewAppointment(day)) => Some((*day, e.note.clone().unwrap_or_default())),
            _ => None,
        })
        .collect();
    Ok(Some(ClockView { deadline, urgency, reappointments }))
}
