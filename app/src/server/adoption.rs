//! Catalog administration for one agency: the procedures of its tier (and,
//! for a province, the central ones it may take on), which of them it
//! implements — adopting one makes the agency an implementing agency — and
//! the processing days and fees that differ there. Only the agency's own
//! administrator changes them, and only for their agency: the agency comes
//! from the session, never from the request.

use crate::domain::access::{Role, SessionUser};
use crate::domain::catalog::{Adoption, Fee, LocalTerms, Terms};
use crate::domain::codes::AgencyLevel;
use crate::domain::rules::{FieldErrors, Rule};
use crate::domain::text::{LocalText, fold};
use crate::error::AppError;
use crate::server::auth::audit::{self, AuditEvent};
use crate::server::entities::{agency, procedure, procedure_agency};
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set, TransactionTrait,
};

/// The most procedures one page lists.
const LIST_LIMIT: u64 = 200;
/// The longest processing time an agency may set, in working days.
const MAX_DAYS: u32 = 365;
/// The largest fee an agency may set, in đồng.
const MAX_FEE_VND: i64 = 1_000_000_000;

/// The agency `me` administers.
async fn my_agency(db: &DatabaseConnection, me: &SessionUser) -> Result<agency::Model, AppError> {
    let Some(mine) = me.agency.as_ref().filter(|_| me.has_role(Role::AgencyAdmin)) else {
        return Err(AppError::Forbidden);
    };
    agency::Entity::find_by_id(mine.id).one(db).await?.ok_or(AppError::Forbidden)
}

/// The procedure tiers an agency of `level` may implement.
fn tiers(level: &str) -> Vec<&'static str> {
    match AgencyLevel::parse(level) {
        Ok(AgencyLevel::Province) => vec![AgencyLevel::Province.as_str(), AgencyLevel::Central.as_str()],
        Ok(other) => vec![other.as_str()],
        Err(_) => Vec::new(),
    }
}

fn fees_of(json: &str) -> Vec<Fee> {
    serde_json::from_str(json).unwrap_or_default()
}

/// The procedures `me`'s agency implements or may adopt, matching `query`
/// (diacritics optional), adopted first. A system administrator, who edits
/// the national forms, sees every procedure (none adopted).
#[tracing::instrument(level = "debug", skip_all)]
pub async fn list(db: &DatabaseConnection, me: &SessionUser, query: &str) -> Result<Vec<Adoption>, AppError> {
    // The same rule as the form editor's (`forms`): an agency administrator
    // with an agency works for it; a system administrator otherwise.
    let national = me.has_role(Role::SystemAdmin) && !(me.has_role(Role::AgencyAdmin) && me.agency.is_some());
    let query: String = query.chars().take(crate::domain::text::MAX_QUERY_CHARS).collect();
    let mut select = procedure::Entity::find();
    let adopted = if national {
        Vec::new()
    } else {
        let agency = my_agency(db, me).await?;
        let adopted =
            procedure_agency::Entity::find().filter(procedure_agency::Column::AgencyId.eq(agency.id)).all(db).await?;
        select = select.filter(
            sea_orm::Condition::any()
                .add(procedure::Column::AgencyLevel.is_in(tiers(&agency.level)))
                .add(procedure::Column::Id.is_in(adopted.iter().map(|a| a.procedure_id))),
        );
        adopted
    };
    let words: Vec<String> = fold(&query).split_whitespace().take(8).map(|w| w.chars().take(40).collect()).collect();
    for word in &words {
        select = select.filter(procedure::Column::SearchText.contains(word.as_str()));
    }
    // Adopted first, then by name, before the page is cut: an agency's own
    // procedures are never pushed off the page by those it may adopt.
    let adopted_ids: Vec<i32> = adopted.iter().map(|a| a.procedure_id).collect();
    let rows: Vec<Adoption> = select
        .order_by(procedure::Column::Id.is_in(adopted_ids), sea_orm::Order::Desc)
        .order_by_asc(procedure::Column::NameFolded)
        .limit(LIST_LIMIT)
        .all(db)
        .await?
        .into_iter()
        .map(|p| {
            let own = adopted.iter().find(|a| a.procedure_id == p.id);
            Adoption {
                code: p.code.clone(),
                name: LocalText::new(p.name_vi.clone(), p.name_en.clone()),
                adopted: own.is_some(),
                can_adopt: !national,
                national: Terms {
                    processing_days: u32::try_from(p.processing_days).unwrap_or_default(),
                    fees: fees_of(&p.fees),
                },
                local_days: own.and_then(|a| a.processing_days).and_then(|d| u32::try_from(d).ok()),
                local_fees: own.and_then(|a| a.fees.as_deref()).map(fees_of),
            }
        })
        .collect();
    Ok(rows)
}

/// A procedure `me`'s agency may implement.
async fn adoptable(db: &DatabaseConnection, agency: &agency::Model, code: &str) -> Result<procedure::Model, AppError> {
    procedure::Entity::find()
        .filter(procedure::Column::Code.eq(code.trim()))
        .filter(procedure::Column::AgencyLevel.is_in(tiers(&agency.level)))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)
}

/// `me`'s agency implements the procedure `code` from now on.
pub async fn adopt(db: &DatabaseConnection, me: &SessionUser, code: &str) -> Result<(), AppError> {
    let agency = my_agency(db, me).await?;
    let procedure = adoptable(db, &agency, code).await?;
    let txn = db.begin().await?;
    procedure_agency::Entity::insert(procedure_agency::ActiveModel {
        procedure_id: Set(procedure.id),
        agency_id: Set(agency.id),
        ..Default::default()
    })
    .on_conflict(
        OnConflict::columns([procedure_agency::Column::ProcedureId, procedure_agency::Column::AgencyId])
            .do_nothing()
            .to_owned(),
    )
    .exec_without_returning(&txn)
    .await?;
    audit_change(&txn, me, "procedure.adopt", &procedure.code, &agency.code, None).await?;
    txn.commit().await?;
    Ok(())
}

/// Sets `me`'s agency's own processing days and fees for a procedure it implements.
pub async fn set_terms(db: &DatabaseConnection, me: &SessionUser, terms: &LocalTerms) -> Result<(), AppError> {
    let agency = my_agency(db, me).await?;
    let procedure = procedure::Entity::find()
        .filter(procedure::Column::Code.eq(terms.code.trim()))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let row = procedure_agency::Entity::find()
        .filter(procedure_agency::Column::ProcedureId.eq(procedure.id))
        .filter(procedure_agency::Column::AgencyId.eq(agency.id))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut errors = FieldErrors::default();
    // 0: within the day (chứng thực).
    if terms.processing_days.is_some_and(|days| days > MAX_DAYS) {
        errors.push("processing_days", Rule::AboveMax(MAX_DAYS.into()));
    }
    let national = fees_of(&procedure.fees);
    let fees = match &terms.fee_amounts {
        None => None,
        Some(amounts) if amounts.len() != national.len() => {
            errors.push("fee_amounts", Rule::WrongShape);
            None
        }
        Some(amounts) => {
            for (i, amount) in amounts.iter().enumerate() {
                if !(0..=MAX_FEE_VND).contains(amount) {
                    errors.push(
                        &format!("fee_amounts.{i}"),
                        if *amount < 0 { Rule::BelowMin(0) } else { Rule::AboveMax(MAX_FEE_VND) },
                    );
                }
            }
            let fees: Vec<Fee> =
                national.iter().zip(amounts).map(|(fee, amount)| Fee { amount_vnd: *amount, ..fee.clone() }).collect();
            Some(serde_json::to_string(&fees).map_err(AppError::internal)?)
        }
    };
    if !errors.is_empty() {
        return Err(errors.into());
    }
    let detail = format!("processing_days {:?}, fees {:?}", terms.processing_days, terms.fee_amounts);
    let txn = db.begin().await?;
    let mut change: procedure_agency::ActiveModel = row.into();
    change.processing_days = Set(terms.processing_days.and_then(|d| i32::try_from(d).ok()));
    change.fees = Set(fees);
    sea_orm::ActiveModelTrait::update(change, &txn).await?;
    audit_change(&txn, me, "procedure.terms", &procedure.code, &agency.code, Some(detail)).await?;
    txn.commit().await?;
    Ok(())
}

async fn audit_change(
    txn: &sea_orm::DatabaseTransaction,
    me: &SessionUser,
    action: &'static str,
    procedure: &str,
    agency: &str,
    detail: Option<String>,
) -> Result<(), AppError> {
    let subject = format!("procedure:{procedure} agency:{agency}");
    Ok(audit::record(txn, AuditEvent::change_by(me, action, subject, detail)).await?)
}
