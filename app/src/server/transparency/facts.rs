//! Every dossier as the statistics count it ([`DossierFact`]), read from the
//! database in a handful of queries: the dossiers' own columns, the ones ever
//! asked for a supplement, the ones with a scan or an electronic result, and
//! their ratings; and the feedback sent to agencies, for the index.

use crate::domain::calendar::Calendar;
use crate::domain::catalog::Channel;
use crate::domain::dossier::{DossierStatus, vietnam_date};
use crate::domain::transparency::{DossierFact, FeedbackFact, Outcome, Scores};
use crate::error::AppError;
use crate::server::calendar;
use crate::server::entities::{attachment, dossier, dossier_event, feedback, rating};
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, Query, SelectStatement};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QuerySelect};
use std::collections::{HashMap, HashSet};

/// A dossier's fact with what it is grouped by.
#[derive(Clone, Debug, PartialEq)]
pub struct Keyed {
    /// The receiving agency: whose code, queue and statistics the dossier is.
    pub agency_id: i32,
    pub procedure_id: i32,
    pub fact: DossierFact,
}

type Row =
    (i32, i32, i32, DossierStatus, DateTime<Utc>, Option<NaiveDate>, Option<NaiveDate>, Option<NaiveDate>, i32, String);

/// The facts of every dossier received by `agency` (every agency when
/// `None`), as they stand on `today`.
pub async fn load(db: &DatabaseConnection, agency: Option<i32>, today: NaiveDate) -> Result<Vec<Keyed>, AppError> {
    let mut rows = dossier::Entity::find()
        .select_only()
        .column(dossier::Column::Id)
        .column(dossier::Column::ReceivingAgencyId)
        .column(dossier::Column::ProcedureId)
        .column(dossier::Column::Status)
        .column(dossier::Column::SubmittedAt)
        .column(dossier::Column::AcceptedOn)
        .column(dossier::Column::DueOn)
        .column(dossier::Column::FinishedOn)
        .column(dossier::Column::PausedDays)
        .column(dossier::Column::Channel)
        .filter(dossier::Column::Status.ne(DossierStatus::Draft));
    // The dossiers in scope, for the queries of their events and files.
    let mut scope = Query::select();
    scope.column(dossier::Column::Id).from(dossier::Entity);
    if let Some(agency) = agency {
        rows = rows.filter(dossier::Column::ReceivingAgencyId.eq(agency));
        scope.and_where(Expr::col(dossier::Column::ReceivingAgencyId).eq(agency));
    }
    let scope = scope.to_owned();
    let rows: Vec<Row> = rows.into_tuple().all(db).await?;
    let supplemented = supplemented(db, &scope).await?;
    let scanned = with_files(db, &scope, None).await?;
    let results = with_files(db, &scope, Some(crate::server::attachments::RESULT_DOCUMENT)).await?;
    let reused = reusing(db, &scope).await?;
    let ratings: HashMap<i32, Scores> = rating::Entity::find()
        .filter(Expr::col(rating::Column::DossierId).in_subquery(scope.clone()))
        .all(db)
        .await?
        .into_iter()
        .map(|r| (r.dossier_id, r.scores()))
        .collect();
    let calendar = calendar::load(db).await?;
    Ok(rows
        .into_iter()
        .map(
            |(id, agency_id, procedure_id, status, submitted_at, accepted_on, due_on, finished_on, paused, channel)| {
                let channel = Channel::stored(&channel);
                let outcome = Outcome::of(&calendar, status, due_on, finished_on, today);
                Keyed {
                    agency_id,
                    procedure_id,
                    fact: DossierFact {
                        received_on: vietnam_date(submitted_at),
                        channel,
                        outcome,
                        supplemented: supplemented.contains(&id),
                        digitised: channel.is_online() || scanned.contains(&id),
                        result_digitised: results.contains(&id),
                        working_days: working_days(&calendar, outcome, accepted_on, finished_on, paused),
                        rating: ratings.get(&id).copied(),
                        reused: reused.contains(&id),
                    },
                }
            },
        )
        .collect())
}

/// Every piece of feedback as the index counts it: (agency, procedure,
/// fact). Feedback hidden as abuse by its deadline is left out; hidden
/// after it, it counts as not answered in time (hiding does not mend a score).
pub async fn feedback_facts(db: &DatabaseConnection) -> Result<Vec<(i32, Option<i32>, FeedbackFact)>, AppError> {
    type FeedbackRow = (i32, Option<i32>, DateTime<Utc>, NaiveDate, Option<DateTime<Utc>>, Option<DateTime<Utc>>);
    let rows: Vec<FeedbackRow> = feedback::Entity::find()
        .select_only()
        .column(feedback::Column::AgencyId)
        .column(feedback::Column::ProcedureId)
        .column(feedback::Column::SentAt)
        .column(feedback::Column::DueOn)
        .column(feedback::Column::AnsweredAt)
        .column(feedback::Column::HiddenAt)
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .filter(|(_, _, _, due_on, _, hidden_at)| hidden_at.is_none_or(|at| vietnam_date(at) > *due_on))
        .map(|(agency, procedure, sent_at, due_on, answered_at, _)| {
            let fact =
                FeedbackFact { sent_on: vietnam_date(sent_at), due_on, answered_on: answered_at.map(vietnam_date) };
            (agency, procedure, fact)
        })
        .collect())
}

/// Working days from acceptance to the result, less the days the clock was paused.
fn working_days(
    calendar: &Calendar,
    outcome: Outcome,
    accepted_on: Option<NaiveDate>,
    finished_on: Option<NaiveDate>,
    paused: i32,
) -> Option<i32> {
    match (outcome.finished(), accepted_on, finished_on) {
        (true, Some(accepted), Some(finished)) => Some(calendar.working_days_between(accepted, finished) - paused),
        _ => None,
    }
}

/// The dossiers in `scope` ever asked for a supplement.
async fn supplemented(db: &DatabaseConnection, scope: &SelectStatement) -> Result<HashSet<i32>, AppError> {
    Ok(dossier_event::Entity::find()
        .select_only()
        .column(dossier_event::Column::DossierId)
        .distinct()
        .filter(dossier_event::Column::ToStatus.eq(DossierStatus::SupplementRequested))
        .filter(Expr::col(dossier_event::Column::DossierId).in_subquery(scope.clone()))
        .into_tuple::<i32>()
        .all(db)
        .await?
        .into_iter()
        .collect())
}

/// The dossiers in `scope` for which a document of the citizen's store was chosen.
async fn reusing(db: &DatabaseConnection, scope: &SelectStatement) -> Result<HashSet<i32>, AppError> {
    let files = attachment::Entity::find()
        .select_only()
        .column(attachment::Column::DossierId)
        .distinct()
        .filter(Expr::col(attachment::Column::DossierId).in_subquery(scope.clone()))
        .filter(attachment::Column::ReusedFrom.is_not_null());
    Ok(files.into_tuple::<Option<i32>>().all(db).await?.into_iter().flatten().collect())
}

/// The dossiers in `scope` with a file of `document` (a scan made at intake when `None`).
async fn with_files(
    db: &DatabaseConnection,
    scope: &SelectStatement,
    document: Option<i32>,
) -> Result<HashSet<i32>, AppError> {
    let files = attachment::Entity::find()
        .select_only()
        .column(attachment::Column::DossierId)
        .distinct()
        .filter(Expr::col(attachment::Column::DossierId).in_subquery(scope.clone()));
    let files = match document {
        Some(document) => files.filter(attachment::Column::Document.eq(document)),
        None => files.filter(attachment::Column::DigitisedBy.is_not_null()),
    };
    Ok(files.into_tuple::<Option<i32>>().all(db).await?.into_iter().flatten().collect())
}
