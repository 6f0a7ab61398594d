//! The work queues: an agency's dossiers by role, filtered, searched, sorted
//! by due date and paged by key (never by offset), with every queue's count.

use crate::domain::access::SessionUser;
use crate::domain::calendar::Calendar;
use crate::domain::dashboard::{DueFilter, QUEUE_PAGE, QueryCursor, Queue, QueuePage, QueueQuery, QueueRow};
use crate::domain::dossier::DossierStatus::{self, *};
use crate::domain::text::{LocalText, fold};
use crate::error::AppError;
use crate::server::calendar;
use crate::server::entities::{dossier, procedure, sector};
use chrono::{Duration, NaiveDate, NaiveTime, TimeZone, Utc};
use sea_orm::sea_query::Condition;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Select};
use std::collections::HashMap;

/// The statuses of a processor's own queue.
const MINE: [DossierStatus; 3] = [Processing, SupplementRequested, PaymentRequested];

/// The dossiers of `queue` for `me`, before the official's filters.
fn base(me: &SessionUser, agency_id: i32, queue: Queue) -> Select<dossier::Entity> {
    let select = dossier::Entity::find().filter(dossier::Column::AgencyId.eq(agency_id));
    match queue {
        Queue::New => select.filter(dossier::Column::Status.eq(Submitted)),
        Queue::ToReturn => select.filter(dossier::Column::Status.eq(Processed)),
        Queue::Mine => select.filter(dossier::Column::AssigneeId.eq(me.id)).filter(dossier::Column::Status.is_in(MINE)),
        Queue::Unassigned => select.filter(dossier::Column::Status.eq(Accepted)),
        Queue::Approval => select.filter(dossier::Column::Status.eq(PendingApproval)),
        Queue::All => select,
    }
}

/// The start of `day` in Vietnam, as an instant.
fn vietnam_midnight(day: NaiveDate) -> chrono::DateTime<Utc> {
    Utc.from_utc_datetime(&day.and_time(NaiveTime::MIN)) - Duration::hours(7)
}

/// The official's filters on top of a queue.
fn filtered(
    mut select: Select<dossier::Entity>,
    query: &QueueQuery,
    procedures: &[procedure::Model],
    calendar: &Calendar,
    today: NaiveDate,
) -> Select<dossier::Entity> {
    if let Some(status) = query.status {
        select = select.filter(dossier::Column::Status.eq(status));
    }
    if let Some(code) = query.procedure_code.as_deref().filter(|c| !c.is_empty()) {
        let id = procedures.iter().find(|p| p.code == code).map_or(-1, |p| p.id);
        select = select.filter(dossier::Column::ProcedureId.eq(id));
    }
    if let Some(sector) = query.sector_id {
        let ids: Vec<i32> = procedures.iter().filter(|p| p.sector_id == sector).map(|p| p.id).collect();
        select = select.filter(dossier::Column::ProcedureId.is_in(ids));
    }
    // Dates outside the portal's years are ignored (their arithmetic would overflow).
    if let Some(from) = query.from.filter(|d| crate::domain::calendar::plausible(*d)) {
        select = select.filter(dossier::Column::SubmittedAt.gte(vietnam_midnight(from)));
    }
    if let Some(to) = query.to.filter(|d| crate::domain::calendar::plausible(*d)) {
        select = select.filter(dossier::Column::SubmittedAt.lt(vietnam_midnight(to) + Duration::days(1)));
    }
    if let Some(due) = query.due {
        select = select.filter(dossier::Column::Status.is_in(DossierStatus::RUNNING));
        select = match due {
            DueFilter::Overdue => select.filter(dossier::Column::DueOn.lt(today)),
            DueFilter::DueSoon => select.filter(dossier::Column::DueOn.gte(today)).filter(
                dossier::Column::DueOn
                    .lte(calendar.add_working_days(today, crate::domain::calendar::DUE_SOON_WORKING_DAYS as u32)),
            ),
        };
    }
    if let Some(search) = query.search.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        let search: String = search.chars().take(crate::domain::text::MAX_QUERY_CHARS).collect();
        let search = search.as_str();
        let upper = search.to_uppercase();
        let looks_like_code = upper.starts_with("000") || upper.contains('-') || upper.contains(".H");
        select = if looks_like_code {
            select.filter(dossier::Column::Code.starts_with(upper))
        } else {
            select.filter(dossier::Column::ApplicantFolded.contains(fold(search)))
        };
    }
    select
}

/// The number of dossiers in each of `queues`, from two grouped counts: the
/// agency's dossiers by status, and the caller's by status.
async fn counts(
    db: &DatabaseConnection,
    me: &SessionUser,
    agency_id: i32,
    queues: &[Queue],
) -> Result<Vec<(Queue, u64)>, AppError> {
    let by_status = |select: Select<dossier::Entity>| {
        select
            .select_only()
            .column(dossier::Column::Status)
            .column_as(dossier::Column::Id.count(), "n")
            .group_by(dossier::Column::Status)
            .into_tuple::<(DossierStatus, i64)>()
            .all(db)
    };
    let agency = by_status(dossier::Entity::find().filter(dossier::Column::AgencyId.eq(agency_id))).await?;
    let mine = if queues.contains(&Queue::Mine) {
        by_status(
            dossier::Entity::find()
                .filter(dossier::Column::AssigneeId.eq(me.id))
                .filter(dossier::Column::AgencyId.eq(agency_id)),
        )
        .await?
    } else {
        Vec::new()
    };
    let sum = |rows: &[(DossierStatus, i64)], of: &[DossierStatus]| -> u64 {
        rows.iter()
            .filter(|(s, _)| of.is_empty() || of.contains(s))
            .map(|(_, n)| u64::try_from(*n).unwrap_or_default())
            .sum()
    };
    Ok(queues
        .iter()
        .map(|q| {
            let n = match q {
                Queue::New => sum(&agency, &[Submitted]),
                Queue::ToReturn => sum(&agency, &[Processed]),
                Queue::Mine => sum(&mine, &MINE),
                Queue::Unassigned => sum(&agency, &[Accepted]),
                Queue::Approval => sum(&agency, &[PendingApproval]),
                Queue::All => sum(&agency, &[]),
            };
            (*q, n)
        })
        .collect())
}

/// A page of one queue. Officials see their own agency's dossiers only, and
/// only the queues of their roles.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn queue(
    db: &DatabaseConnection,
    me: &SessionUser,
    query: &QueueQuery,
    today: NaiveDate,
) -> Result<QueuePage, AppError> {
    let agency = me.agency.as_ref().ok_or(AppError::Forbidden)?;
    let queues = Queue::for_roles(&me.roles);
    if !queues.contains(&query.queue) {
        return Err(AppError::Forbidden);
    }
    let calendar = calendar::load(db).await?;
    let procedures = procedure::Entity::find().filter(procedure::Column::AgencyId.eq(agency.id)).all(db).await?;
    let mut select = filtered(base(me, agency.id, query.queue), query, &procedures, &calendar, today);
    if let Some(cursor) = query.after.as_deref().and_then(QueryCursor::parse) {
        select =
            select.filter(Condition::any().add(dossier::Column::DueKey.gt(cursor.due)).add(
                Condition::all().add(dossier::Column::DueKey.eq(cursor.due)).add(dossier::Column::Id.gt(cursor.id)),
            ));
    }
    let mut rows = select
        .order_by_asc(dossier::Column::DueKey)
        .order_by_asc(dossier::Column::Id)
        .limit(QUEUE_PAGE + 1)
        .all(db)
        .await?;
    let next = if rows.len() as u64 > QUEUE_PAGE {
        rows.truncate(QUEUE_PAGE as usize);
        rows.last().map(|r| QueryCursor { due: r.due_key, id: r.id }.to_string())
    } else {
        None
    };
    let names: HashMap<i32, LocalText> =
        procedures.iter().map(|p| (p.id, LocalText::new(p.name_vi.clone(), p.name_en.clone()))).collect();
    let rows = rows
        .into_iter()
        .map(|r| {
            let status = r.status;
            QueueRow {
                procedure_name: names.get(&r.procedure_id).cloned().unwrap_or_default(),
                urgency: r
                    .due_on
                    .filter(|_| DossierStatus::RUNNING.contains(&status))
                    .map(|due| calendar.urgency(due, today)),
                code: r.code,
                applicant_name: r.applicant_name,
                status,
                submitted_at: r.submitted_at,
                due_on: r.due_on,
                assignee_name: r.assignee_name,
            }
        })
        .collect();
    let counts = counts(db, me, agency.id, &queues).await?;
    let mut sector_ids: Vec<i32> = procedures.iter().map(|p| p.sector_id).collect();
    sector_ids.sort_unstable();
    sector_ids.dedup();
    let sectors = sector::Entity::find()
        .filter(sector::Column::Id.is_in(sector_ids))
        .order_by_asc(sector::Column::Position)
        .all(db)
        .await?
        .into_iter()
        .map(|s| (s.id, LocalText::new(s.name_vi, s.name_en)))
        .collect();
    let mut procedures: Vec<(String, LocalText)> =
        procedures.into_iter().map(|p| (p.code, LocalText::new(p.name_vi, p.name_en))).collect();
    procedures.sort_by(|a, b| a.1.vi.cmp(&b.1.vi));
    Ok(QueuePage { rows, next, counts, procedures, sectors })
}
