//! The country's agencies as open data: searched by name without diacritics,
//! filtered by province and tier, a page at a time.

use super::entities::agency;
use crate::domain::catalog::{AgencyPage, AgencyQuery, AgencySummary, PAGE_SIZE};
use crate::domain::codes::AgencyLevel;
use crate::domain::text::LocalText;
use crate::error::AppError;
use sea_orm::*;
use std::collections::HashMap;

/// One page of agencies matching `query`, by name; a query too long or of
/// too many words is refused.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn search(db: &impl ConnectionTrait, query: &AgencyQuery) -> Result<AgencyPage, AppError> {
    let mut select = agency::Entity::find();
    for term in query.terms()? {
        // Terms are folded to letters and digits only, so LIKE needs no escaping.
        select = select.filter(agency::Column::NameFolded.contains(term));
    }
    if let Some(province) = query.province {
        select = select.filter(agency::Column::ProvinceCode.eq(province));
    }
    if let Some(level) = query.level {
        select = select.filter(agency::Column::Level.eq(level.as_str()));
    }
    let total = select.clone().count(db).await?;
    let page = query.page();
    let rows = select
        .order_by_asc(agency::Column::NameFolded)
        .order_by_asc(agency::Column::Code)
        .offset((page - 1) * PAGE_SIZE)
        .limit(PAGE_SIZE)
        .all(db)
        .await?;
    let parents: HashMap<i32, String> = agency::Entity::find()
        .filter(agency::Column::Id.is_in(rows.iter().filter_map(|r| r.parent_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|a| (a.id, a.code))
        .collect();
    Ok(AgencyPage {
        items: rows
            .into_iter()
            .map(|a| AgencySummary {
                name: LocalText::new(&a.name_vi, &a.name_en),
                level: AgencyLevel::parse(&a.level).unwrap_or(AgencyLevel::Province),
                province_code: a.province_code,
                ward_code: a.ward_code,
                parent_code: a.parent_id.and_then(|id| parents.get(&id).cloned()),
                code: a.code,
            })
            .collect(),
        total,
        page,
        page_size: PAGE_SIZE,
        page_count: std::cmp::max(total.div_ceil(PAGE_SIZE), 1),
    })
}
