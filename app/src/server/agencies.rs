//! The country's agencies: as open data (searched by name without
//! diacritics, filtered by province, tier and the procedure they implement,
//! a page at a time), and as the places a procedure is filed at, each with
//! its terms there.

use super::entities::catalog_version::Kind;
use super::entities::{agency, procedure, procedure_agency};
use super::versions;
use crate::domain::application::{AgencyAnswer, AgencyChoice};
use crate::domain::catalog::{AgencyPage, AgencyQuery, AgencyRef, AgencySummary, Implementer, PAGE_SIZE, Terms};
use crate::domain::codes::AgencyLevel;
use crate::domain::text::LocalText;
use crate::error::AppError;
use sea_orm::*;
use std::collections::HashMap;

/// Most agencies offered for one province (TP. Hồ Chí Minh has 168 wards).
const MAX_OPTIONS: u64 = 500;

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
    if let Some(code) = &query.procedure {
        let procedure = procedure::Entity::find()
            .select_only()
            .column(procedure::Column::Id)
            .filter(procedure::Column::Code.eq(code.as_str()));
        let implementing = procedure_agency::Entity::find()
            .select_only()
            .column(procedure_agency::Column::AgencyId)
            .filter(procedure_agency::Column::ProcedureId.in_subquery(procedure.into_query()));
        select = select.filter(agency::Column::Id.in_subquery(implementing.into_query()));
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

/// The implementing agencies of `procedure` in `province` (`None`: those
/// that belong to no province, the central ones), by name.
pub async fn implementers_in(
    db: &impl ConnectionTrait,
    procedure: &procedure::Model,
    province: Option<i32>,
) -> Result<Vec<Implementer>, DbErr> {
    let rows = procedure_agency::Entity::find()
        .filter(procedure_agency::Column::ProcedureId.eq(procedure.id))
        .find_also_related(agency::Entity)
        .filter(match province {
            Some(code) => agency::Column::ProvinceCode.eq(code),
            None => agency::Column::ProvinceCode.is_null(),
        })
        .order_by_asc(agency::Column::NameFolded)
        .limit(MAX_OPTIONS)
        .all(db)
        .await?;
    let rows: Vec<_> = rows.into_iter().filter_map(|(row, agency)| Some((row, agency?))).collect();
    // Which of them use a form of their own today (the apply page offers it).
    let today = crate::domain::dossier::vietnam_date(chrono::Utc::now());
    let ids = rows.iter().map(|(_, agency)| agency.id).collect();
    let own = versions::agencies_with_own(db, Kind::Form, procedure.id, ids, today).await?;
    Ok(rows.iter().map(|(row, agency)| implementer(procedure, row, agency, own.contains(&agency.id))).collect())
}

/// [`implementers_in`] for the procedure with the national `code`.
pub async fn implementers_of(
    db: &impl ConnectionTrait,
    code: &str,
    province: Option<i32>,
) -> Result<Vec<Implementer>, AppError> {
    let procedure = procedure::Entity::find()
        .filter(procedure::Column::Code.eq(code.trim()))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(implementers_in(db, &procedure, province).await?)
}

/// The agency with `code`, when it implements `procedure`, with its terms.
pub async fn implementer_by_code(
    db: &impl ConnectionTrait,
    procedure: &procedure::Model,
    code: &str,
) -> Result<Option<(agency::Model, Terms)>, DbErr> {
    let found = procedure_agency::Entity::find()
        .filter(procedure_agency::Column::ProcedureId.eq(procedure.id))
        .find_also_related(agency::Entity)
        .filter(agency::Column::Code.eq(code))
        .one(db)
        .await?;
    let Some((row, Some(agency))) = found else { return Ok(None) };
    Ok(Some((agency, terms_of(procedure, Some(&row)))))
}

/// The terms of `procedure` at the agency `agency_id`: its own where it has
/// set them, the procedure's otherwise.
pub async fn terms(db: &impl ConnectionTrait, procedure: &procedure::Model, agency_id: i32) -> Result<Terms, DbErr> {
    let local = procedure_agency::Entity::find()
        .filter(procedure_agency::Column::ProcedureId.eq(procedure.id))
        .filter(procedure_agency::Column::AgencyId.eq(agency_id))
        .one(db)
        .await?;
    Ok(terms_of(procedure, local.as_ref()))
}

/// How many agencies implement the procedure `procedure_id`.
pub async fn implementer_count(db: &impl ConnectionTrait, procedure_id: i32) -> Result<u64, DbErr> {
    procedure_agency::Entity::find().filter(procedure_agency::Column::ProcedureId.eq(procedure_id)).count(db).await
}

/// The apply page's agency part: the citizen's earlier choice when there is
/// one; otherwise the province of their address (or of the agency the
/// procedure names) and, in it, the committee of their ward, the only
/// implementing agency, or the one the procedure names.
pub async fn choice(
    db: &impl ConnectionTrait,
    procedure: &procedure::Model,
    chosen: Option<AgencyAnswer>,
    residence: (Option<i32>, Option<i32>),
) -> Result<AgencyChoice, DbErr> {
    let home = agency::Entity::find_by_id(procedure.agency_id).one(db).await?;
    let provincial = procedure_agency::Entity::find()
        .filter(procedure_agency::Column::ProcedureId.eq(procedure.id))
        .find_also_related(agency::Entity)
        .filter(agency::Column::ProvinceCode.is_not_null())
        .count(db)
        .await?
        > 0;
    let chosen = chosen.unwrap_or_default();
    let province = if provincial {
        chosen.province.or(residence.0).or_else(|| home.as_ref().and_then(|h| h.province_code))
    } else {
        None
    };
    let options = implementers_in(db, procedure, province).await?;
    let offered = |code: &str| options.iter().any(|o| o.agency.code == code);
    let of_ward = match residence.1 {
        Some(ward) if residence.0 == province => {
            agency::Entity::find().filter(agency::Column::WardCode.eq(ward)).one(db).await?.map(|a| a.code)
        }
        _ => None,
    };
    let code = match chosen.code {
        Some(code) if offered(&code) => Some(code),
        Some(_) => None,
        None => of_ward
            .filter(|c| offered(c))
            .or_else(|| (options.len() == 1).then(|| options[0].agency.code.clone()))
            .or_else(|| home.map(|h| h.code).filter(|c| offered(c))),
    };
    Ok(AgencyChoice { answer: AgencyAnswer { province, code }, options, by_province: provincial })
}

fn implementer(
    procedure: &procedure::Model,
    row: &procedure_agency::Model,
    agency: &agency::Model,
    own_form: bool,
) -> Implementer {
    Implementer {
        own_form,
        agency: AgencyRef {
            code: agency.code.clone(),
            name: LocalText::new(&agency.name_vi, &agency.name_en),
            level: AgencyLevel::parse(&agency.level).unwrap_or(AgencyLevel::Province),
        },
        terms: terms_of(procedure, Some(row)),
    }
}

/// The agency's own processing days and fees where its row sets them.
fn terms_of(procedure: &procedure::Model, row: Option<&procedure_agency::Model>) -> Terms {
    let days = row.and_then(|r| r.processing_days).unwrap_or(procedure.processing_days);
    let fees = row.and_then(|r| r.fees.as_deref()).unwrap_or(&procedure.fees);
    Terms {
        processing_days: u32::try_from(days).unwrap_or_default(),
        fees: serde_json::from_str(fees).unwrap_or_default(),
    }
}
