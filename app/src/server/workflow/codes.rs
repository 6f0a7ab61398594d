//! Dossier codes: a per-agency daily sequence, safe under concurrency on both
//! databases. One upsert increments and returns the counter: PostgreSQL locks
//! the row, SQLite has one writer at a time, so two transactions never get
//! the same number, and a rolled-back submission gives its number back.

use crate::domain::codes::AgencyCode;
use crate::domain::dossier::DossierCode;
use crate::server::entities::{agency, dossier_sequence};
use chrono::NaiveDate;
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict};
use sea_orm::{ConnectionTrait, DbErr, EntityTrait, Set};

/// The next code of `agency` on `day` (a Vietnam date). Call inside the
/// submitting transaction, as its first write, so that the transaction holds
/// the lock from then on.
pub async fn next_code(
    txn: &impl ConnectionTrait,
    agency: &agency::Model,
    day: NaiveDate,
) -> Result<DossierCode, DbErr> {
    let row = dossier_sequence::Entity::insert(dossier_sequence::ActiveModel {
        agency_id: Set(agency.id),
        day: Set(day),
        last: Set(1),
    })
    .on_conflict(
        OnConflict::columns([dossier_sequence::Column::AgencyId, dossier_sequence::Column::Day])
            .value(
                dossier_sequence::Column::Last,
                Expr::col((dossier_sequence::Entity, dossier_sequence::Column::Last)).add(1),
            )
            .to_owned(),
    )
    .exec_with_returning(txn)
    .await?;
    let code = AgencyCode::parse(&agency.code).map_err(|e| DbErr::Custom(format!("agency {}: {e}", agency.code)))?;
    Ok(DossierCode::new(&code, day, u32::try_from(row.last).unwrap_or_default()))
}
