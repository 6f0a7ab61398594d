//! Statistics for officials: per receiving agency and procedure, what was received,
//! what is in progress (on time / overdue), what finished early / on time /
//! late, how often a supplement was needed and the median working days; by
//! channel (online, desk, post), with the shares of dossiers and results digitised.

use crate::domain::access::{Role, SessionUser};
use crate::domain::calendar::{Punctuality, Urgency, punctuality};
use crate::domain::catalog::Channel;
use crate::domain::dashboard::{StatisticsRow, median};
use crate::domain::dossier::DossierStatus;
use crate::domain::text::LocalText;
use crate::error::AppError;
use crate::server::calendar;
use crate::server::entities::{agency, attachment, dossier, dossier_event, procedure};
use chrono::NaiveDate;
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QuerySelect};
use std::collections::{BTreeMap, HashSet};

type Fact = (i32, i32, i32, DossierStatus, Option<NaiveDate>, Option<NaiveDate>, Option<NaiveDate>, i32, String);

/// The figures of the caller's agency (every agency for a system administrator), on `today`.
pub async fn statistics(
    db: &DatabaseConnection,
    me: &SessionUser,
    today: NaiveDate,
) -> Result<Vec<StatisticsRow>, AppError> {
    let scope =
        if me.has_role(Role::SystemAdmin) { None } else { Some(me.agency.as_ref().ok_or(AppError::Forbidden)?.id) };
    let mut facts = dossier::Entity::find()
        .select_only()
        .column(dossier::Column::Id)
        .column(dossier::Column::ReceivingAgencyId)
        .column(dossier::Column::ProcedureId)
        .column(dossier::Column::Status)
        .column(dossier::Column::AcceptedOn)
        .column(dossier::Column::DueOn)
        .column(dossier::Column::FinishedOn)
        .column(dossier::Column::PausedDays)
        .column(dossier::Column::Channel);
    let mut asked = Query::select();
    asked.column(dossier::Column::Id).from(dossier::Entity);
    if let Some(agency_id) = scope {
        facts = facts.filter(dossier::Column::ReceivingAgencyId.eq(agency_id));
        asked.and_where(Expr::col(dossier::Column::ReceivingAgencyId).eq(agency_id));
    }
    let asked = asked.to_owned();
    let facts: Vec<Fact> = facts.into_tuple().all(db).await?;
    // Dossiers with a scan (paper digitised at intake), and with a result document.
    let with_files = |document: Option<i32>| {
        let mut files = attachment::Entity::find()
            .select_only()
            .column(attachment::Column::DossierId)
            .distinct()
            .filter(Expr::col(attachment::Column::DossierId).in_subquery(asked.clone()));
        files = match document {
            Some(document) => files.filter(attachment::Column::Document.eq(document)),
            None => files.filter(attachment::Column::DigitisedBy.is_not_null()),
        };
        files.into_tuple::<Option<i32>>().all(db)
    };
    let scanned: HashSet<i32> = with_files(None).await?.into_iter().flatten().collect();
    let results: HashSet<i32> =
        with_files(Some(crate::server::attachments::RESULT_DOCUMENT)).await?.into_iter().flatten().collect();
    let supplemented: HashSet<i32> = dossier_event::Entity::find()
        .select_only()
        .column(dossier_event::Column::DossierId)
        .distinct()
        .filter(dossier_event::Column::ToStatus.eq(DossierStatus::SupplementRequested))
        .filter(Expr::col(dossier_event::Column::DossierId).in_subquery(asked.clone()))
        .into_tuple::<i32>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    let calendar = calendar::load(db).await?;
    let procedures = procedure::Entity::find().all(db).await?;
    let agencies = agency::Entity::find().all(db).await?;
    let mut rows: BTreeMap<(i32, i32), (StatisticsRow, Vec<i32>)> = BTreeMap::new();
    for (id, agency_id, procedure_id, status, accepted_on, due_on, finished_on, paused_days, channel) in facts {
        let (row, days) = rows.entry((agency_id, procedure_id)).or_insert_with(|| {
            let p = procedures.iter().find(|p| p.id == procedure_id);
            let a = agencies.iter().find(|a| a.id == agency_id);
            (
                StatisticsRow {
                    agency: a.map(|a| LocalText::new(a.name_vi.clone(), a.name_en.clone())).unwrap_or_default(),
                    procedure_code: p.map(|p| p.code.clone()).unwrap_or_default(),
                    procedure: p.map(|p| LocalText::new(p.name_vi.clone(), p.name_en.clone())).unwrap_or_default(),
                    ..StatisticsRow::default()
                },
                Vec::new(),
            )
        });
        row.received += 1;
        row.supplemented += u64::from(supplemented.contains(&id));
        let paper = match Channel::stored(&channel) {
            Channel::Online => {
                row.online += 1;
                false
            }
            Channel::Desk => {
                row.desk += 1;
                true
            }
            Channel::Post => {
                row.post += 1;
                true
            }
        };
        row.digitised += u64::from(!paper || scanned.contains(&id));
        match (due_on, finished_on) {
            (Some(due), Some(finished)) if status != DossierStatus::NotAccepted => {
                row.results_digitised += u64::from(results.contains(&id));
                match punctuality(due, finished) {
                    Punctuality::Early => row.early += 1,
                    Punctuality::OnTime => row.on_time += 1,
                    Punctuality::Late => row.late += 1,
                }
                if let Some(accepted) = accepted_on {
                    days.push(calendar.working_days_between(accepted, finished) - paused_days);
                }
            }
            (Some(due), None) if DossierStatus::RUNNING.contains(&status) || status.pauses_clock() => {
                if status.pauses_clock() || calendar.urgency(due, today) != Urgency::Overdue {
                    row.in_progress_on_time += 1;
                } else {
                    row.in_progress_overdue += 1;
                }
            }
            _ => {}
        }
    }
    Ok(rows
        .into_values()
        .map(|(mut row, mut days)| {
            row.median_days = median(&mut days);
            row
        })
        .collect())
}
