//! Catalog queries: search, filters and the full procedure record.

use super::entities::{
    agency, document_requirement, legal_document, procedure, procedure_legal_document, sector, template,
};
use crate::domain::catalog::*;
use crate::domain::codes::{AgencyLevel, OnlineClass, ServiceLevel};
use crate::domain::text::LocalText;
use crate::error::AppError;
use sea_orm::sea_query::Expr;
use sea_orm::*;
use std::collections::HashMap;

/// Searches the catalog; unknown filter values match nothing; a query too
/// long or of too many words is refused ([`CatalogQuery::terms`]).
#[tracing::instrument(level = "debug", skip_all)]
pub async fn search(db: &impl ConnectionTrait, query: &CatalogQuery) -> Result<ProcedurePage, AppError> {
    let mut select = procedure::Entity::find();
    for term in query.terms()? {
        // Terms are folded to letters and digits only, so LIKE needs no escaping.
        select = select.filter(procedure::Column::SearchText.contains(term));
    }
    if let Some(code) = &query.sector {
        let id = sector::Entity::find().filter(sector::Column::Code.eq(code)).one(db).await?.map(|s| s.id);
        select = select.filter(procedure::Column::SectorId.eq(id.unwrap_or(-1)));
    }
    if let Some(code) = &query.agency {
        let id = agency::Entity::find().filter(agency::Column::Code.eq(code)).one(db).await?.map(|a| a.id);
        select = select.filter(procedure::Column::AgencyId.eq(id.unwrap_or(-1)));
    }
    if let Some(level) = query.level {
        select = select.filter(procedure::Column::ServiceLevel.eq(i16::from(level)));
    }
    let total = select.clone().count(db).await?;
    let page = query.page();
    let rows = select
        .order_by_asc(procedure::Column::NameFolded)
        .order_by_asc(procedure::Column::Code)
        .offset((page - 1) * PAGE_SIZE)
        .limit(PAGE_SIZE)
        .all(db)
        .await?;
    let refs = Refs::load(db, &rows).await?;
    Ok(ProcedurePage {
        items: rows.iter().map(|row| refs.summary(row)).collect(),
        total,
        page,
        page_size: PAGE_SIZE,
        page_count: std::cmp::max(total.div_ceil(PAGE_SIZE), 1),
    })
}

/// Sectors (with their procedure counts) and the agencies that implement
/// procedures, for the filters.
pub async fn filters(db: &impl ConnectionTrait) -> Result<CatalogFilters, DbErr> {
    let counts: HashMap<i32, i64> = procedure::Entity::find()
        .select_only()
        .column(procedure::Column::SectorId)
        .column_as(Expr::col(procedure::Column::Id).count(), "n")
        .group_by(procedure::Column::SectorId)
        .into_tuple::<(i32, i64)>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    let sectors = sector::Entity::find()
        .order_by_asc(sector::Column::Position)
        .all(db)
        .await?
        .into_iter()
        .map(|s| SectorFacet {
            procedure_count: counts.get(&s.id).copied().unwrap_or(0) as u64,
            featured: s.featured,
            sector: sector_ref(&s),
        })
        .collect();
    let implementing = procedure::Entity::find().select_only().column(procedure::Column::AgencyId).distinct();
    let agencies = agency::Entity::find()
        .filter(agency::Column::Id.in_subquery(implementing.into_query()))
        .order_by_asc(agency::Column::Code)
        .all(db)
        .await?
        .iter()
        .map(agency_ref)
        .collect();
    Ok(CatalogFilters { sectors, agencies })
}

/// The full record of one procedure, `None` for an unknown code.
pub async fn detail(db: &impl ConnectionTrait, code: &str) -> Result<Option<ProcedureDetail>, DbErr> {
    let Some(row) = procedure::Entity::find().filter(procedure::Column::Code.eq(code)).one(db).await? else {
        return Ok(None);
    };
    let refs = Refs::load(db, std::slice::from_ref(&row)).await?;
    let requirements = document_requirement::Entity::find()
        .filter(document_requirement::Column::ProcedureId.eq(row.id))
        .order_by_asc(document_requirement::Column::Position)
        .all(db)
        .await?;
    let template_ids: Vec<i32> = requirements.iter().filter_map(|r| r.template_id).collect();
    let templates: HashMap<i32, template::Model> = template::Entity::find()
        .filter(template::Column::Id.is_in(template_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|t| (t.id, t))
        .collect();
    let legal_bases = legal_document::Entity::find()
        .join_rev(
            JoinType::InnerJoin,
            procedure_legal_document::Entity::belongs_to(legal_document::Entity)
                .from(procedure_legal_document::Column::LegalDocumentId)
                .to(legal_document::Column::Id)
                .into(),
        )
        .filter(procedure_legal_document::Column::ProcedureId.eq(row.id))
        .order_by_asc(procedure_legal_document::Column::Position)
        .all(db)
        .await?;
    Ok(Some(ProcedureDetail {
        summary: refs.summary(&row),
        applicants: LocalText::new(&row.applicants_vi, &row.applicants_en),
        processing_note: LocalText::new(&row.processing_note_vi, &row.processing_note_en),
        channels: json_list(&row.channels),
        steps: json_list(&row.steps),
        conditions: json_list(&row.conditions),
        fees: json_list(&row.fees),
        result: LocalText::new(&row.result_vi, &row.result_en),
        documents: requirements
            .iter()
            .map(|r| DocumentRequirement {
                name: LocalText::new(&r.name_vi, &r.name_en),
                originals: r.originals as u32,
                copies: r.copies as u32,
                mandatory: r.mandatory,
                template: r.template_id.and_then(|id| templates.get(&id)).map(crate::server::templates::info),
            })
            .collect(),
        legal_bases: legal_bases.iter().map(legal_dto).collect(),
        any_desk: row.any_desk,
        implementer_count: super::agencies::implementer_count(db, row.id).await?,
        version: super::definitions::version_of(db, row.definition_version_id).await?,
    }))
}

/// Number of procedures in the catalog (for readiness and benchmarks).
pub async fn count(db: &impl ConnectionTrait) -> Result<u64, DbErr> {
    procedure::Entity::find().count(db).await
}

/// Sectors and agencies by id: small tables, read whole once per request.
struct Refs {
    sectors: HashMap<i32, SectorRef>,
    agencies: HashMap<i32, AgencyRef>,
}

impl Refs {
    /// The sectors and agencies of `rows` (not the country's thousands of agencies).
    async fn load(db: &impl ConnectionTrait, rows: &[procedure::Model]) -> Result<Self, DbErr> {
        Ok(Self {
            sectors: sector::Entity::find().all(db).await?.iter().map(|s| (s.id, sector_ref(s))).collect(),
            agencies: agency::Entity::find()
                .filter(agency::Column::Id.is_in(rows.iter().map(|r| r.agency_id)))
                .all(db)
                .await?
                .iter()
                .map(|a| (a.id, agency_ref(a)))
                .collect(),
        })
    }

    fn summary(&self, row: &procedure::Model) -> ProcedureSummary {
        let level = ServiceLevel::parse(row.service_level.into()).unwrap_or(ServiceLevel::L1);
        ProcedureSummary {
            code: row.code.clone(),
            name: LocalText::new(&row.name_vi, &row.name_en),
            sector: self
                .sectors
                .get(&row.sector_id)
                .cloned()
                .unwrap_or_else(|| SectorRef { code: String::new(), name: LocalText::default() }),
            agency: self.agencies.get(&row.agency_id).cloned().unwrap_or_else(|| AgencyRef {
                code: String::new(),
                name: LocalText::default(),
                level: AgencyLevel::Province,
            }),
            level,
            online_class: row.online_class.as_deref().and_then(OnlineClass::parse),
            processing_days: std::cmp::max(row.processing_days, 0) as u32,
        }
    }
}

fn sector_ref(s: &sector::Model) -> SectorRef {
    SectorRef { code: s.code.clone(), name: LocalText::new(&s.name_vi, &s.name_en) }
}

fn agency_ref(a: &agency::Model) -> AgencyRef {
    AgencyRef {
        code: a.code.clone(),
        name: LocalText::new(&a.name_vi, &a.name_en),
        level: AgencyLevel::parse(&a.level).unwrap_or(AgencyLevel::Province),
    }
}

fn legal_dto(l: &legal_document::Model) -> LegalDocument {
    LegalDocument {
        number: l.number.clone(),
        kind: LocalText::new(&l.kind_vi, &l.kind_en),
        title: LocalText::new(&l.title_vi, &l.title_en),
        issuer: LocalText::new(&l.issuer_vi, &l.issuer_en),
        issued_on: l.issued_on.format("%Y-%m-%d").to_string(),
    }
}

/// JSON columns are written only by the seed loader from typed values.
fn json_list<T: serde::de::DeserializeOwned>(json: &str) -> Vec<T> {
    serde_json::from_str(json).unwrap_or_else(|err| {
        tracing::error!(error = %err, "malformed JSON list in the procedures table");
        Vec::new()
    })
}
