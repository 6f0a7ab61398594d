//! Taking an action on a dossier: the transition table decides, the action's
//! inputs are checked, the dossier changes by compare-and-set on its version
//! and the event is appended — all in one transaction. The citizen's answer
//! to a supplement request goes through the same steps.

use super::NewEvent;
use super::{deadline_of, find_for};
use crate::domain::access::{Role, SessionUser};
use crate::domain::calendar::{Calendar, Deadline};
use crate::domain::dossier::{DossierStatus, vietnam_date};
use crate::domain::form::{slot_mut, validate, value_at};
use crate::domain::rules::{FieldErrors, Rule};
use crate::domain::workflow::{Action, Party, Standing, acting_party, resolve, transition};
use crate::domain::workflow::{ActionRequest, Proposal, SupplementAnswer, SupplementItem, correctable};
use crate::error::AppError;
use crate::server::attachments::RESULT_DOCUMENT;
use crate::server::calendar;
use crate::server::entities::{
    attachment, document_requirement, dossier, dossier_event, dossier_note, legal_document, procedure,
    procedure_legal_document, user, user_role,
};
use crate::server::events::Events;
use crate::server::results::Issuer;
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, DatabaseTransaction, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, Set, TransactionTrait,
};
use serde_json::{Value, json};

/// Takes `request.action` on the dossier as the official (or applicant) `me`
/// saw it at `request.version`. Answers the dossier's new version.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn act(
    db: &DatabaseConnection,
    events: &Events,
    results: &Issuer,
    me: &SessionUser,
    request: &ActionRequest,
    now: DateTime<Utc>,
) -> Result<i32, AppError> {
    let action = request.validate()?;
    if matches!(action, Action::Supplement | Action::Pay) {
        // The citizen's answer carries corrected values (`answer_supplement`);
        // a payment is confirmed by the gateway alone (`payments`).
        return Err(AppError::Forbidden);
    }
    // Everything is read and checked first; the transaction then starts with
    // the compare-and-set (on SQLite a transaction that read first could not
    // take the write lock under contention).
    let calendar = calendar::load(db).await?;
    let (row, standing) = find_for(db, me, &request.code).await?;
    let step = Step::begin(&row, &standing, action, request.version)?;
    let today = vietnam_date(now);
    let note = request.note.as_deref().map(str::trim).filter(|n| !n.is_empty()).map(str::to_owned);
    let reference = request.reference.as_deref().map(str::trim).filter(|r| !r.is_empty()).map(str::to_owned);
    let mut change = <dossier::ActiveModel as Default>::default();
    let mut payload = None;
    let mut result = None;
    match action {
        Action::Accept => {
            let procedure = crate::server::entities::existing::<procedure::Entity>(db, row.procedure_id).await?;
            let days = crate::server::agencies::terms(db, &procedure, row.agency_id).await?.processing_days;
            let deadline = Deadline::start(&calendar, today, days);
            set_deadline(&mut change, &deadline);
            payload = Some(json!({ "due_on": deadline.due, "processing_days": days }));
        }
        Action::RefuseToAccept | Action::Stop => {
            let basis = legal_basis(db, row.procedure_id, request.legal_basis).await?;
            payload = Some(json!({ "legal_basis": basis }));
        }
        Action::RequestSupplement => {
            let items = checked_items(db, &row, &request.items).await?;
            change.supplement = Set(Some(serde_json::to_string(&items).map_err(AppError::internal)?));
            payload = Some(json!({ "items": items }));
        }
        Action::HandOff => {
            let procedure = crate::server::entities::existing::<procedure::Entity>(db, row.procedure_id).await?;
            if !row.may_hand_off(procedure.any_desk) {
                return Err(invalid("agency", Rule::NotHandedOff));
            }
            let code = request.agency.as_deref().map(str::trim).unwrap_or_default();
            let (to, _) = crate::server::agencies::implementer_by_code(db, &procedure, code)
                .await?
                .filter(|(to, _)| to.id != row.agency_id)
                .ok_or_else(|| invalid("agency", Rule::NotImplementing))?;
            // The decider assigns its own processor; the clock runs on unchanged.
            change.agency_id = Set(to.id);
            change.assignee_id = Set(None);
            change.assignee_name = Set(None);
            payload = Some(json!({ "agency": to.name_vi, "agency_code": to.code }));
        }
        Action::Assign | Action::Take => {
            let (id, name) = match action {
                Action::Take => (me.id, me.full_name.clone()),
                _ => processor(db, row.agency_id, request.assignee).await?,
            };
            change.assignee_id = Set(Some(id));
            change.assignee_name = Set(Some(name.clone()));
            payload = Some(json!({ "assignee": name }));
        }
        Action::ProposeResult | Action::ProposeRefusal => {
            let result_file = match action {
                Action::ProposeResult => Some(result_file(db, me, &row, request.result_file.as_deref()).await?),
                _ => None,
            };
            let proposal = Proposal {
                refusal: action == Action::ProposeRefusal,
                note: note.clone().unwrap_or_default(),
                result_file,
            };
            change.proposal = Set(Some(serde_json::to_string(&proposal).map_err(AppError::internal)?));
        }
        Action::Approve => {
            let proposal: Option<Proposal> = row.proposal.as_deref().and_then(|p| serde_json::from_str(p).ok());
            if !Proposal::approvable(proposal.as_ref()) {
                return Err(invalid("action", Rule::NotAnOption));
            }
            let prepared = results.prepare(db, &row, me, now).await?;
            payload = Some(json!({ "signed_result": prepared.code() }));
            result = Some(prepared);
        }
        Action::SendBack => change.proposal = Set(None),
        Action::RecordFee => {
            // Paid at the desk: nothing is due online any more.
            change.fee_due_vnd = Set(0);
            change.fee_receipt = Set(reference.clone());
            payload = Some(json!({ "receipt": reference }));
        }
        Action::ReturnAtDesk | Action::ReturnByPost => payload = Some(json!({ "reference": reference })),
        Action::RecordDelivery => {
            // Only a result that went by post has a delivery to follow.
            let delivery: crate::domain::application::Delivery =
                serde_json::from_str(&row.delivery).unwrap_or_default();
            let posted = dossier_event::Entity::find()
                .filter(dossier_event::Column::DossierId.eq(row.id))
                .filter(dossier_event::Column::Payload.contains("\"action\":\"return_by_post\""))
                .count(db)
                .await?;
            if posted == 0 && delivery.method() != "post" {
                return Err(invalid("reference", Rule::NotAnOption));
            }
            payload = Some(json!({ "postal_status": reference }));
        }
        Action::Reappoint => {
            let deadline = deadline_of(&row).ok_or(AppError::Conflict)?;
            let new_due =
                request.new_due.ok_or_else(|| AppError::internal("reappoint without a date passed validation"))?;
            if new_due <= deadline.due {
                return Err(invalid("new_due", Rule::NotLater));
            }
            // Bounded: every queue view counts the working days up to it.
            let bound = chrono::Duration::days(crate::domain::calendar::MAX_REAPPOINT_DAYS);
            if new_due > deadline.due + bound || new_due > today + bound {
                return Err(invalid("new_due", Rule::TooFarAhead));
            }
            if !calendar.is_working_day(new_due) {
                return Err(invalid("new_due", Rule::NotAWorkingDay));
            }
            change.due_on = Set(Some(new_due));
            change.due_key = Set(new_due);
            payload = Some(json!({ "from": deadline.due, "to": new_due }));
        }
        Action::Withdraw | Action::Supplement | Action::Pay => {}
    }
    let approved = async {
        let txn = db.begin().await?;
        step.finish(&txn, &row, change, &calendar, today, now, Some(me), note, payload).await?;
        if let Some(result) = &result {
            result.record(&txn).await?;
        }
        txn.commit().await.map_err(AppError::from)
    }
    .await;
    if let Err(err) = approved {
        if let Some(result) = result {
            results.discard(result).await;
        }
        return Err(err);
    }
    events.wake();
    tracing::info!(code = %row.code, action = action.as_str(), "dossier action");
    Ok(row.version + 1)
}

/// An action allowed by the table on the version the actor saw.
pub(crate) struct Step {
    action: Action,
    party: Party,
    from: DossierStatus,
    to: DossierStatus,
}

impl Step {
    pub(crate) fn begin(
        row: &dossier::Model,
        standing: &Standing,
        action: Action,
        version: i32,
    ) -> Result<Self, AppError> {
        if row.version != version {
            return Err(AppError::Conflict);
        }
        let from = row.status;
        let target = transition(from, action, standing).ok_or(AppError::Forbidden)?;
        let party = acting_party(from, action, standing).ok_or(AppError::Forbidden)?;
        let resume = row.resume_status;
        Ok(Self { action, party, from, to: resolve(target, from, resume) })
    }

    /// The clock, the common columns, the compare-and-set and the event.
    #[allow(clippy::too_many_arguments, reason = "one call site per kind of step; a struct would only rename them")]
    pub(crate) async fn finish(
        self,
        txn: &DatabaseTransaction,
        row: &dossier::Model,
        mut change: dossier::ActiveModel,
        calendar: &Calendar,
        today: NaiveDate,
        now: DateTime<Utc>,
        actor: Option<&SessionUser>,
        note: Option<String>,
        payload: Option<Value>,
    ) -> Result<(), AppError> {
        let running = match &change.accepted_on {
            sea_orm::ActiveValue::Set(Some(_)) => None,
            _ => deadline_of(row),
        };
        if self.to.pauses_clock() && !self.from.pauses_clock() {
            change.resume_status = Set(Some(self.from));
            if let Some(deadline) = running {
                change.paused_since = Set(deadline.pause(today).paused_since);
            }
        }
        if self.from.pauses_clock() && !self.to.pauses_clock() {
            change.resume_status = Set(None);
            if let Some(deadline) = running {
                set_deadline(&mut change, &deadline.resume(calendar, today));
            }
        }
        if matches!(self.to, DossierStatus::Processed | DossierStatus::Stopped | DossierStatus::NotAccepted) {
            change.finished_on = Set(Some(today));
        }
        if self.to != self.from {
            change.status = Set(self.to);
        }
        change.version = Set(row.version + 1);
        change.updated_at = Set(now);
        let changed = dossier::Entity::update_many()
            .set(change)
            .filter(dossier::Column::Id.eq(row.id))
            .filter(dossier::Column::Version.eq(row.version))
            .exec(txn)
            .await?;
        if changed.rows_affected != 1 {
            return Err(AppError::Conflict);
        }
        NewEvent {
            dossier_id: row.id,
            actor,
            role: Some(self.party.as_str()),
            from: Some(self.from),
            to: self.to,
            action: Some(self.action),
            note,
            payload,
            at: now,
        }
        .record(txn)
        .await
    }
}

fn set_deadline(change: &mut dossier::ActiveModel, deadline: &Deadline) {
    change.accepted_on = Set(Some(deadline.accepted_on));
    change.processing_days = Set(i32::try_from(deadline.processing_days).unwrap_or(i32::MAX));
    change.paused_days = Set(i32::try_from(deadline.paused_days).unwrap_or(i32::MAX));
    change.due_on = Set(Some(deadline.due));
    change.due_key = Set(deadline.due);
    change.paused_since = Set(deadline.paused_since);
}

fn invalid(field: &str, rule: Rule) -> AppError {
    let mut errors = FieldErrors::default();
    errors.push(field, rule);
    errors.into()
}

/// The cited legal document, which must be one of the procedure's bases.
async fn legal_basis(db: &DatabaseConnection, procedure_id: i32, id: Option<i32>) -> Result<String, AppError> {
    let id = id.ok_or_else(|| invalid("legal_basis", Rule::Required))?;
    let cited = procedure_legal_document::Entity::find()
        .filter(procedure_legal_document::Column::ProcedureId.eq(procedure_id))
        .filter(procedure_legal_document::Column::LegalDocumentId.eq(id))
        .count(db)
        .await?;
    let document = legal_document::Entity::find_by_id(id).one(db).await?;
    match document {
        Some(d) if cited > 0 => Ok(format!("{} {}: {}", d.kind_vi, d.number, d.title_vi)),
        _ => Err(invalid("legal_basis", Rule::NotAnOption)),
    }
}

/// An official of `agency_id` who holds the processor role.
async fn processor(db: &DatabaseConnection, agency_id: i32, id: Option<i32>) -> Result<(i32, String), AppError> {
    let id = id.ok_or_else(|| invalid("assignee", Rule::Required))?;
    let person = user::Entity::find_by_id(id).one(db).await?;
    let processes = user_role::Entity::find()
        .filter(user_role::Column::UserId.eq(id))
        .filter(user_role::Column::Role.eq(Role::Processor.as_str()))
        .count(db)
        .await?
        > 0;
    match person {
        Some(p) if processes && p.agency_id == Some(agency_id) && p.disabled_at.is_none() => Ok((p.id, p.full_name)),
        _ => Err(invalid("assignee", Rule::NotAnOption)),
    }
}

/// The result document the processor uploaded to this dossier.
async fn result_file(
    db: &DatabaseConnection,
    me: &SessionUser,
    row: &dossier::Model,
    id: Option<&str>,
) -> Result<String, AppError> {
    let id = id.ok_or_else(|| invalid("result_file", Rule::Required))?;
    attachment::Entity::find_by_id(id.to_owned())
        .filter(attachment::Column::DossierId.eq(row.id))
        .filter(attachment::Column::Document.eq(RESULT_DOCUMENT))
        .filter(attachment::Column::OwnerId.eq(me.id))
        .one(db)
        .await?
        .map(|a| a.id)
        .ok_or_else(|| invalid("result_file", Rule::Required))
}

/// The requested items, each naming a required document or a correctable
/// field of this dossier's procedure; an empty label gets the document's or field's name.
async fn checked_items(
    db: &DatabaseConnection,
    row: &dossier::Model,
    items: &[SupplementItem],
) -> Result<Vec<SupplementItem>, AppError> {
    let documents = document_requirement::Entity::find()
        .filter(document_requirement::Column::ProcedureId.eq(row.procedure_id))
        .order_by_asc(document_requirement::Column::Position)
        .all(db)
        .await?;
    let schema = crate::server::forms::version(db, row.form_version_id).await?;
    let mut errors = FieldErrors::default();
    let mut out = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let known = match item.document() {
            Some(position) => documents.get(position as usize - 1).map(|d| d.name_vi.clone()),
            None => schema.as_ref().and_then(|s| correctable(s, &item.target)).map(|f| f.label.vi.clone()),
        };
        match known {
            Some(name) => out.push(SupplementItem {
                target: item.target.clone(),
                label: if item.label.trim().is_empty() { name } else { item.label.trim().to_owned() },
                reason: item.reason.trim().to_owned(),
            }),
            None => errors.push(&format!("items.{i}.target"), Rule::NotAnOption),
        }
    }
    if errors.is_empty() { Ok(out) } else { Err(errors.into()) }
}

/// The applicant answers the supplement request once: every requested
/// document has a new file, every requested field a corrected, valid value.
/// The clock resumes and officials see what changed.
pub async fn answer_supplement(
    db: &DatabaseConnection,
    events: &Events,
    me: &SessionUser,
    code: &str,
    version: i32,
    values: &[(String, String)],
    now: DateTime<Utc>,
) -> Result<i32, AppError> {
    let calendar = calendar::load(db).await?;
    let (row, standing) = find_for(db, me, code).await?;
    let step = Step::begin(&row, &standing, Action::Supplement, version)?;
    let items: Vec<SupplementItem> =
        row.supplement.as_deref().and_then(|s| serde_json::from_str(s).ok()).unwrap_or_default();
    let asked_at = dossier_event::Entity::find()
        .filter(dossier_event::Column::DossierId.eq(row.id))
        .filter(dossier_event::Column::ToStatus.eq(DossierStatus::SupplementRequested))
        .order_by_desc(dossier_event::Column::Id)
        .one(db)
        .await?
        .map_or(row.submitted_at, |e| e.at);
    let new_files = attachment::Entity::find()
        .filter(attachment::Column::DossierId.eq(row.id))
        .filter(attachment::Column::OwnerId.eq(me.id))
        .filter(attachment::Column::CreatedAt.gte(asked_at))
        .all(db)
        .await?;
    let mut data: Value = serde_json::from_str(&row.data).unwrap_or_else(|_| json!({}));
    let mut answer = SupplementAnswer { fields: Vec::new(), files: Vec::new() };
    let mut errors = FieldErrors::default();
    for item in &items {
        if let Some(position) = item.document() {
            let files: Vec<_> = new_files.iter().filter(|f| u32::try_from(f.document).ok() == Some(position)).collect();
            if files.is_empty() {
                errors.push(&format!("documents.{position}"), Rule::DocumentMissing);
            }
            answer.files.extend(files.iter().map(|f| (position, f.file_name.clone())));
            continue;
        }
        let value = values.iter().find(|(path, _)| *path == item.target).map(|(_, v)| v.trim()).unwrap_or_default();
        if value.is_empty() {
            errors.push(&item.target, Rule::Required);
            continue;
        }
        let before = value_at(&data, &item.target).and_then(Value::as_str).unwrap_or_default().to_owned();
        if let Some(slot) = slot_mut(&mut data, &item.target) {
            *slot = Value::String(value.to_owned());
        }
        answer.fields.push((item.target.clone(), before, value.to_owned()));
    }
    let schema = crate::server::forms::version(db, row.form_version_id).await?;
    if let Some(schema) = &schema
        && !answer.fields.is_empty()
    {
        match validate(schema, &data, vietnam_date(now)) {
            Ok(valid) => data = valid.0,
            Err(invalid) => errors.extend(invalid),
        }
    }
    if !errors.is_empty() {
        return Err(errors.into());
    }
    let change = dossier::ActiveModel {
        data: Set(data.to_string()),
        supplement: Set(None),
        ..<dossier::ActiveModel as Default>::default()
    };
    let payload = serde_json::to_value(&answer).map_err(AppError::internal)?;
    let txn = db.begin().await?;
    step.finish(&txn, &row, change, &calendar, vietnam_date(now), now, Some(me), None, Some(payload)).await?;
    txn.commit().await?;
    events.wake();
    Ok(row.version + 1)
}

/// Adds an internal note (officials of the dossier's agency only).
pub async fn add_note(
    db: &DatabaseConnection,
    me: &SessionUser,
    code: &str,
    body: &str,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let (row, standing) = find_for(db, me, code).await?;
    if standing.is_applicant || standing.roles.is_empty() {
        return Err(AppError::NotFound);
    }
    let body = body.trim();
    if body.is_empty() || body.chars().count() > crate::domain::workflow::MAX_NOTE as usize {
        let rule = if body.is_empty() { Rule::Required } else { Rule::TooLong(crate::domain::workflow::MAX_NOTE) };
        return Err(invalid("note", rule));
    }
    dossier_note::ActiveModel {
        dossier_id: Set(row.id),
        author_id: Set(me.id),
        author_name: Set(me.full_name.clone()),
        at: Set(now),
        body: Set(body.to_owned()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

/// Withdraws the caller's dossier, which the agency has not accepted yet
/// (the workflow's `Withdraw`, on the version read now).
pub async fn withdraw(
    db: &DatabaseConnection,
    events: &Events,
    results: &Issuer,
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
    let (row, standing) = find_for(db, me, code).await?;
    if !standing.is_applicant {
        return Err(AppError::NotFound);
    }
    let request = ActionRequest {
        code: row.code,
        action: Some(Action::Withdraw),
        version: row.version,
        note: reason,
        ..Default::default()
    };
    match act(db, events, results, me, &request, now).await {
        // Not withdrawable any more: the agency moved first.
        Err(AppError::Forbidden) => Err(AppError::Conflict),
        other => other.map(|_| ()),
    }
}
