//! Openness: the public statistics and their open data, the procedure
//! page's scorecard, and satisfaction ratings (`ratings`).
//!
//! The public figures are counted from a [`Snapshot`] of every dossier's
//! facts, kept in memory and rebuilt at most every `max_age`
//! (`DVC_STATISTICS_MAX_AGE`, a minute by default) or when the day changes;
//! one request rebuilds it while the others wait for it, so a view never
//! scans the dossiers and a burst of views scans them once.

pub mod facts;
pub mod ratings;

use crate::domain::text::LocalText;
use crate::domain::transparency::{
    Figures, GroupRow, Level, MIN_GROUP, PublicStatistics, Scorecard, ServiceIndex, StatisticsQuery,
};
use crate::error::AppError;
use crate::i18n::Locale;
use crate::server::entities::{agency, procedure, province, sector};
use chrono::NaiveDate;
use facts::Keyed;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The province key of agencies that belong to no province (central agencies).
const CENTRAL: i32 = 0;

/// An agency as the statistics name and group it.
#[derive(Clone, Debug)]
pub struct AgencyInfo {
    pub code: String,
    pub name: LocalText,
    pub province: i32,
}

/// Every dossier's facts on one day, with the names they are shown under.
pub struct Snapshot {
    pub as_of: NaiveDate,
    built: Instant,
    pub facts: Vec<Keyed>,
    agencies: HashMap<i32, AgencyInfo>,
    agency_ids: HashMap<String, i32>,
    /// Code, name and sector of each procedure.
    procedures: HashMap<i32, (String, LocalText, i32)>,
    provinces: BTreeMap<i32, LocalText>,
    /// Id and name of each sector, by code.
    sectors: HashMap<String, (i32, LocalText)>,
}

impl Snapshot {
    async fn load(db: &DatabaseConnection, today: NaiveDate) -> Result<Self, AppError> {
        let facts = facts::load(db, None, today).await?;
        let agencies: HashMap<i32, AgencyInfo> = agency::Entity::find()
            .all(db)
            .await?
            .into_iter()
            .map(|a| {
                let info = AgencyInfo {
                    code: a.code,
                    name: LocalText::new(a.name_vi, a.name_en),
                    province: a.province_code.unwrap_or(CENTRAL),
                };
                (a.id, info)
            })
            .collect();
        let agency_ids = agencies.iter().map(|(id, a)| (a.code.clone(), *id)).collect();
        let procedures = procedure::Entity::find()
            .all(db)
            .await?
            .into_iter()
            .map(|p| (p.id, (p.code, LocalText::new(p.name_vi, p.name_en), p.sector_id)))
            .collect();
        let (vi, en) = (Locale::Vi.messages(), Locale::En.messages());
        let mut provinces: BTreeMap<i32, LocalText> = province::Entity::find()
            .all(db)
            .await?
            .into_iter()
            .map(|p| (p.code, LocalText::new(p.name.clone(), crate::domain::text::without_diacritics(&p.name))))
            .collect();
        provinces.insert(CENTRAL, LocalText::new(vi.stats_central, en.stats_central));
        let sectors = sector::Entity::find()
            .all(db)
            .await?
            .into_iter()
            .map(|s| (s.code, (s.id, LocalText::new(s.name_vi, s.name_en))))
            .collect();
        Ok(Self { as_of: today, built: Instant::now(), facts, agencies, agency_ids, procedures, provinces, sectors })
    }
}

/// The snapshot behind the public figures, shared by the instance's requests.
#[derive(Clone)]
pub struct Statistics {
    max_age: Duration,
    current: Arc<tokio::sync::Mutex<Option<Arc<Snapshot>>>>,
}

impl Statistics {
    pub fn new(max_age: Duration) -> Self {
        Self { max_age, current: Arc::default() }
    }

    /// The snapshot of `today`, rebuilt when older than the maximum age.
    pub async fn snapshot(&self, db: &DatabaseConnection, today: NaiveDate) -> Result<Arc<Snapshot>, AppError> {
        let mut current = self.current.lock().await;
        if let Some(snapshot) = current.as_ref()
            && snapshot.as_of == today
            && snapshot.built.elapsed() < self.max_age
        {
            return Ok(snapshot.clone());
        }
        let fresh = Arc::new(Snapshot::load(db, today).await?);
        *current = Some(fresh.clone());
        Ok(fresh)
    }
}

/// The public statistics asked for by `query`, on `today`.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn public(
    statistics: &Statistics,
    db: &DatabaseConnection,
    query: &StatisticsQuery,
    today: NaiveDate,
) -> Result<PublicStatistics, AppError> {
    let (from, to) = query.period(today).map_err(AppError::Invalid)?;
    let snapshot = statistics.snapshot(db, today).await?;
    view(&snapshot, query, from, to)
}

/// Counts the snapshot's facts for `query` over `from..=to`.
fn view(
    snapshot: &Snapshot,
    query: &StatisticsQuery,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<PublicStatistics, AppError> {
    let agency = match &query.agency {
        Some(code) => Some(*snapshot.agency_ids.get(code).ok_or(AppError::NotFound)?),
        None => None,
    };
    // An agency's province is its own, whatever the URL says.
    let province = match (agency, query.province) {
        (Some(id), _) => Some(snapshot.agencies[&id].province),
        (None, Some(code)) => Some(i32::try_from(code).map_err(|_| AppError::NotFound)?),
        (None, None) => None,
    };
    if let Some(code) = province
        && !snapshot.provinces.contains_key(&code)
    {
        return Err(AppError::NotFound);
    }
    let sector = match &query.sector {
        Some(code) => Some(snapshot.sectors.get(code).ok_or(AppError::NotFound)?.clone()),
        None => None,
    };
    let level = query.level();
    let mut groups: BTreeMap<i32, Vec<_>> = BTreeMap::new();
    let mut all = Vec::new();
    for keyed in &snapshot.facts {
        let fact = &keyed.fact;
        if fact.received_on < from || fact.received_on > to {
            continue;
        }
        let Some(info) = snapshot.agencies.get(&keyed.agency_id) else { continue };
        let procedure = snapshot.procedures.get(&keyed.procedure_id);
        if sector.as_ref().is_some_and(|(id, _)| procedure.is_none_or(|p| p.2 != *id))
            || province.is_some_and(|p| info.province != p)
            || agency.is_some_and(|a| keyed.agency_id != a)
        {
            continue;
        }
        let key = match level {
            Level::Country => info.province,
            Level::Province => keyed.agency_id,
            Level::Agency => keyed.procedure_id,
        };
        groups.entry(key).or_default().push(fact);
        all.push(fact);
    }
    let named = |key: i32| -> (String, LocalText) {
        match level {
            Level::Country => (key.to_string(), snapshot.provinces.get(&key).cloned().unwrap_or_default()),
            Level::Province => {
                snapshot.agencies.get(&key).map(|a| (a.code.clone(), a.name.clone())).unwrap_or_default()
            }
            Level::Agency => snapshot.procedures.get(&key).map(|p| (p.0.clone(), p.1.clone())).unwrap_or_default(),
        }
    };
    let mut index = Vec::new();
    let mut rows: Vec<GroupRow> = groups
        .into_iter()
        .map(|(key, facts)| {
            let (key, name) = named(key);
            let figures = Figures::of(facts);
            // Agencies are ranked on Decision 766's index when their figures are public.
            if level == Level::Province && figures.received >= MIN_GROUP {
                index
                    .push(ServiceIndex::of(GroupRow { key: key.clone(), name: name.clone(), figures: None }, &figures));
            }
            GroupRow { key, name, figures: figures.public() }
        })
        .collect();
    index.sort_by(|a, b| b.score.total_cmp(&a.score).then_with(|| a.agency.name.vi.cmp(&b.agency.name.vi)));
    if level != Level::Country {
        rows.sort_by(|a, b| a.name.vi.cmp(&b.name.vi));
    }
    let province_row = province.map(|code| GroupRow {
        key: code.to_string(),
        name: snapshot.provinces.get(&code).cloned().unwrap_or_default(),
        figures: None,
    });
    let agency_row = agency.map(|id| {
        let info = &snapshot.agencies[&id];
        GroupRow { key: info.code.clone(), name: info.name.clone(), figures: None }
    });
    let total = Figures::of(all);
    if let Some(row) = agency_row.as_ref().filter(|_| total.received >= MIN_GROUP) {
        index.push(ServiceIndex::of(row.clone(), &total));
    }
    Ok(PublicStatistics {
        from,
        to,
        as_of: snapshot.as_of,
        level,
        province: province_row,
        agency: agency_row,
        sector: sector.map(|(_, name)| name),
        total: total.public(),
        rows,
        index,
    })
}

/// How `agency_id` served `procedure_id` over the twelve months to `today`.
pub fn scorecard(snapshot: &Snapshot, procedure_id: i32, agency_id: i32) -> Option<Scorecard> {
    let agency = snapshot.agencies.get(&agency_id)?;
    let since = snapshot.as_of - chrono::Duration::days(365);
    let facts = snapshot
        .facts
        .iter()
        .filter(|k| k.agency_id == agency_id && k.procedure_id == procedure_id && k.fact.received_on > since)
        .map(|k| &k.fact);
    Some(Scorecard {
        agency_code: agency.code.clone(),
        agency: agency.name.clone(),
        figures: Figures::of(facts).public(),
    })
}

/// The procedure page's scorecard for `code`: for the agency named (when it
/// implements the procedure), else the one the apply page would preselect for
/// `residence`; `None` when there is no such agency.
pub async fn procedure_scorecard(
    statistics: &Statistics,
    db: &DatabaseConnection,
    code: &str,
    agency: Option<&str>,
    residence: (Option<i32>, Option<i32>),
    today: NaiveDate,
) -> Result<Option<Scorecard>, AppError> {
    let procedure = procedure::Entity::find()
        .filter(procedure::Column::Code.eq(code.trim()))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let named = match agency {
        Some(code) => crate::server::agencies::implementer_by_code(db, &procedure, code).await?.map(|(a, _)| a.code),
        None => None,
    };
    let code = match named {
        Some(code) => Some(code),
        None => crate::server::agencies::choice(db, &procedure, None, residence).await?.answer.code,
    };
    let Some(code) = code else { return Ok(None) };
    let snapshot = statistics.snapshot(db, today).await?;
    let Some(agency_id) = snapshot.agency_ids.get(&code) else { return Ok(None) };
    Ok(scorecard(&snapshot, procedure.id, *agency_id))
}
