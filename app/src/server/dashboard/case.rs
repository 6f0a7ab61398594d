//! A dossier under review by an official of its agency: everything the
//! citizen sees, plus the internal notes, the proposal, the citizen's last
//! answer and exactly the actions the workflow allows this official.

use crate::domain::access::{Role, SessionUser};
use crate::domain::dashboard::{CaseView, InternalNote};
use crate::domain::dossier::DossierStatus;
use crate::domain::workflow::{Action, allowed_actions};
use crate::domain::workflow::{Proposal, SupplementAnswer};
use crate::error::AppError;
use crate::server::dossiers::{Reader, view_of};
use crate::server::entities::{
    dossier_event, dossier_note, legal_document, procedure, procedure_legal_document, user, user_role,
};
use crate::server::workflow::find_for;
use chrono::NaiveDate;
use sea_orm::sea_query::Query;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};

/// The dossier `code` for an official of its agency.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn case(
    db: &DatabaseConnection,
    me: &SessionUser,
    code: &str,
    today: NaiveDate,
) -> Result<CaseView, AppError> {
    let (row, standing) = find_for(db, me, code).await?;
    if standing.is_applicant {
        return Err(AppError::NotFound);
    }
    let status = row.status;
    let mut actions: Vec<Action> = allowed_actions(status, &standing);
    let any_desk = procedure::Entity::find_by_id(row.procedure_id).one(db).await?.is_some_and(|p| p.any_desk);
    if !row.may_hand_off(any_desk) {
        actions.retain(|a| *a != Action::HandOff);
    }
    // The agency holding it reads everything; the agency that received it and
    // handed it on reads what the citizen reads, and the notes its own
    // officials wrote (the decider's working notes stay with the decider).
    let my_agency = me.agency.as_ref().map(|a| a.id).ok_or(AppError::NotFound)?;
    let holds = my_agency == row.agency_id;
    let proposal: Option<Proposal> =
        row.proposal.as_deref().filter(|_| holds).and_then(|p| serde_json::from_str(p).ok());
    if !Proposal::approvable(proposal.as_ref()) {
        actions.retain(|a| *a != Action::Approve);
    }
    let last_answer = dossier_event::Entity::find()
        .filter(dossier_event::Column::DossierId.eq(row.id))
        .filter(dossier_event::Column::FromStatus.eq(DossierStatus::SupplementRequested))
        .order_by_desc(dossier_event::Column::Id)
        .one(db)
        .await?
        .and_then(|e| serde_json::from_str::<SupplementAnswer>(e.payload.as_deref()?).ok());
    let mut notes = dossier_note::Entity::find().filter(dossier_note::Column::DossierId.eq(row.id));
    if !holds {
        let colleagues = Query::select()
            .column(user::Column::Id)
            .from(user::Entity)
            .and_where(user::Column::AgencyId.eq(my_agency))
            .to_owned();
        notes = notes.filter(dossier_note::Column::AuthorId.in_subquery(colleagues));
    }
    let notes = notes
        .order_by_asc(dossier_note::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|n| InternalNote { at: n.at, author: n.author_name, body: n.body })
        .collect();
    let legal_bases = if actions.iter().any(|a| matches!(a, Action::RefuseToAccept | Action::Stop)) {
        legal_bases(db, row.procedure_id).await?
    } else {
        Vec::new()
    };
    let processors = if actions.contains(&Action::Assign) { processors(db, row.agency_id).await? } else { Vec::new() };
    let provinces =
        if actions.contains(&Action::HandOff) { crate::server::places::provinces(db).await? } else { Vec::new() };
    let (applicant_name, assignee, fee_receipt) =
        (row.applicant_name.clone(), row.assignee_name.clone(), row.fee_receipt.clone());
    Ok(CaseView {
        dossier: view_of(db, row, if holds { Reader::Official } else { Reader::Applicant }, today).await?,
        applicant_name,
        assignee,
        last_answer,
        proposal,
        fee_receipt,
        notes,
        actions,
        legal_bases,
        processors,
        provinces,
    })
}

/// The procedure's legal bases: (id, "Kind number: title").
async fn legal_bases(db: &DatabaseConnection, procedure_id: i32) -> Result<Vec<(i32, String)>, AppError> {
    let links = procedure_legal_document::Entity::find()
        .filter(procedure_legal_document::Column::ProcedureId.eq(procedure_id))
        .order_by_asc(procedure_legal_document::Column::Position)
        .all(db)
        .await?;
    let ids: Vec<i32> = links.iter().map(|l| l.legal_document_id).collect();
    let documents =
        legal_document::Entity::find().filter(legal_document::Column::Id.is_in(ids.clone())).all(db).await?;
    Ok(ids
        .into_iter()
        .filter_map(|id| documents.iter().find(|d| d.id == id))
        .map(|d| (d.id, format!("{} {}: {}", d.kind_vi, d.number, d.title_vi)))
        .collect())
}

/// The agency's active processors: (id, name).
async fn processors(db: &DatabaseConnection, agency_id: i32) -> Result<Vec<(i32, String)>, AppError> {
    let ids: Vec<i32> = user_role::Entity::find()
        .filter(user_role::Column::Role.eq(Role::Processor.as_str()))
        .all(db)
        .await?
        .into_iter()
        .map(|r| r.user_id)
        .collect();
    Ok(user::Entity::find()
        .filter(user::Column::Id.is_in(ids))
        .filter(user::Column::AgencyId.eq(agency_id))
        .filter(user::Column::DisabledAt.is_null())
        .order_by_asc(user::Column::FullName)
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.full_name))
        .collect())
}
