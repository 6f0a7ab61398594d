//! Satisfaction ratings: the citizen of a returned dossier rates how it was
//! served, once, and may change the rating for seven days; the agency that
//! received the dossier reads its ratings; the public sees only aggregates
//! (`transparency::public`).

use crate::domain::access::{AccountKind, SessionUser};
use crate::domain::dossier::{DossierStatus, vietnam_date};
use crate::domain::rules::{FieldError, FieldErrors, Rule};
use crate::domain::text::LocalText;
use crate::domain::transparency::{AgencyRating, MyRating, RATING_EDIT_DAYS, RatingForm};
use crate::error::AppError;
use crate::server::entities::{dossier, procedure, rating};
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set, SqlErr,
};

/// Ratings an agency's page lists, newest first.
const AGENCY_PAGE: u64 = 100;

/// The returned dossier `code` when `me` is a citizen who reads it.
async fn rateable(db: &DatabaseConnection, me: &SessionUser, code: &str) -> Result<dossier::Model, AppError> {
    let row = dossier::find_by_code(db, code).await?.ok_or(AppError::NotFound)?;
    if me.kind != AccountKind::Citizen || !crate::server::on_behalf::reads(db, me, &row).await? {
        return Err(AppError::NotFound);
    }
    Ok(row)
}

fn view(found: Option<rating::Model>, today: NaiveDate) -> MyRating {
    let editable_until =
        found.as_ref().map(|r| vietnam_date(r.rated_at) + chrono::Duration::days(RATING_EDIT_DAYS - 1));
    MyRating {
        scores: found.as_ref().map(rating::Model::scores),
        comment: found.and_then(|r| r.comment),
        editable_until,
        open: editable_until.is_none_or(|last| today <= last),
    }
}

/// The rating of `me`'s dossier `code`: `None` until it is returned.
pub async fn mine(
    db: &DatabaseConnection,
    me: &SessionUser,
    code: &str,
    today: NaiveDate,
) -> Result<Option<MyRating>, AppError> {
    let row = rateable(db, me, code).await?;
    if row.status != DossierStatus::Returned {
        return Ok(None);
    }
    Ok(Some(view(rating::Entity::find_by_id(row.id).one(db).await?, today)))
}

/// Gives or changes the rating of `me`'s returned dossier `code`.
pub async fn rate(
    db: &DatabaseConnection,
    me: &SessionUser,
    code: &str,
    form: &RatingForm,
    now: DateTime<Utc>,
) -> Result<MyRating, AppError> {
    let (scores, comment) = form.check().map_err(AppError::Invalid)?;
    let row = rateable(db, me, code).await?;
    if row.status != DossierStatus::Returned {
        return Err(AppError::Conflict);
    }
    let today = vietnam_date(now);
    // No transaction: one write, an insert or a compare-and-set on the
    // rating read (on SQLite a transaction must not start with a read).
    let found = rating::Entity::find_by_id(row.id).one(db).await?;
    let changed = rating::ActiveModel {
        dossier_id: Set(row.id),
        user_id: Set(me.id),
        guidance: Set(scores.guidance),
        time: Set(scores.time),
        attitude: Set(scores.attitude),
        result: Set(scores.result),
        comment: Set(comment),
        rated_at: Set(now),
        updated_at: Set(now),
    };
    let saved = match found {
        None => changed.insert(db).await.map_err(|err| match err.sql_err() {
            // Rated at the same moment from another tab: the first one stands.
            Some(SqlErr::UniqueConstraintViolation(_)) => AppError::Conflict,
            _ => err.into(),
        })?,
        Some(before) if view(Some(before.clone()), today).open => {
            let changed = rating::ActiveModel { rated_at: Set(before.rated_at), ..changed };
            let updated = rating::Entity::update_many()
                .set(changed)
                .filter(rating::Column::DossierId.eq(row.id))
                .filter(rating::Column::UpdatedAt.eq(before.updated_at))
                .exec(db)
                .await?;
            if updated.rows_affected != 1 {
                return Err(AppError::Conflict);
            }
            rating::Entity::find_by_id(row.id).one(db).await?.ok_or(AppError::Conflict)?
        }
        Some(_) => {
            return Err(AppError::Invalid(FieldErrors(vec![FieldError {
                field: "rating".into(),
                rule: Rule::RatingClosed,
            }])));
        }
    };
    tracing::info!(dossier = %row.code, "dossier rated");
    Ok(view(Some(saved), today))
}

/// The newest ratings of the dossiers `me`'s agency received.
pub async fn of_agency(db: &DatabaseConnection, me: &SessionUser) -> Result<Vec<AgencyRating>, AppError> {
    // A system administrator belongs to no agency: no ratings of their own.
    let Some(agency) = me.agency.as_ref() else { return Ok(Vec::new()) };
    let received = sea_orm::sea_query::Query::select()
        .column(dossier::Column::Id)
        .from(dossier::Entity)
        .and_where(Expr::col(dossier::Column::ReceivingAgencyId).eq(agency.id))
        .to_owned();
    let ratings = rating::Entity::find()
        .filter(Expr::col(rating::Column::DossierId).in_subquery(received))
        .order_by_desc(rating::Column::UpdatedAt)
        .limit(AGENCY_PAGE)
        .all(db)
        .await?;
    let dossiers =
        dossier::Entity::find().filter(dossier::Column::Id.is_in(ratings.iter().map(|r| r.dossier_id))).all(db).await?;
    let procedures = procedure::Entity::find().all(db).await?;
    Ok(ratings
        .into_iter()
        .filter_map(|rating| {
            let dossier = dossiers.iter().find(|d| d.id == rating.dossier_id)?;
            let procedure = procedures.iter().find(|p| p.id == dossier.procedure_id);
            Some(AgencyRating {
                code: dossier.code.clone(),
                procedure: procedure.map(|p| LocalText::new(p.name_vi.clone(), p.name_en.clone())).unwrap_or_default(),
                scores: rating.scores(),
                comment: rating.comment,
                rated_on: vietnam_date(rating.updated_at),
            })
        })
        .collect())
}
