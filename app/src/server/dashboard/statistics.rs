//! Statistics for officials: per receiving agency and procedure, the
//! figures of every dossier (`domain::transparency::Figures`), fresh on each
//! view and never hidden: the agency's own dossiers.

use crate::domain::access::{Role, SessionUser};
use crate::domain::dashboard::StatisticsRow;
use crate::domain::text::LocalText;
use crate::domain::transparency::Figures;
use crate::error::AppError;
use crate::server::entities::{agency, procedure};
use crate::server::transparency::facts;
use chrono::NaiveDate;
use sea_orm::{DatabaseConnection, EntityTrait};
use std::collections::BTreeMap;

/// The figures of the caller's agency (every agency for a system administrator), on `today`.
pub async fn statistics(
    db: &DatabaseConnection,
    me: &SessionUser,
    today: NaiveDate,
) -> Result<Vec<StatisticsRow>, AppError> {
    let scope =
        if me.has_role(Role::SystemAdmin) { None } else { Some(me.agency.as_ref().ok_or(AppError::Forbidden)?.id) };
    let facts = facts::load(db, scope, today).await?;
    let mut groups: BTreeMap<(i32, i32), Vec<_>> = BTreeMap::new();
    for keyed in &facts {
        groups.entry((keyed.agency_id, keyed.procedure_id)).or_default().push(&keyed.fact);
    }
    let procedures = procedure::Entity::find().all(db).await?;
    let agencies = match scope {
        Some(id) => agency::Entity::find_by_id(id).all(db).await?,
        None => agency::Entity::find().all(db).await?,
    };
    Ok(groups
        .into_iter()
        .map(|((agency_id, procedure_id), facts)| {
            let p = procedures.iter().find(|p| p.id == procedure_id);
            let a = agencies.iter().find(|a| a.id == agency_id);
            StatisticsRow {
                agency: a.map(|a| LocalText::new(a.name_vi.clone(), a.name_en.clone())).unwrap_or_default(),
                procedure_code: p.map(|p| p.code.clone()).unwrap_or_default(),
                procedure: p.map(|p| LocalText::new(p.name_vi.clone(), p.name_en.clone())).unwrap_or_default(),
                figures: Figures::of(facts),
            }
        })
        .collect())
}
