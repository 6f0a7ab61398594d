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
    FeedbackFact, Figures, GroupRow, Level, MIN_GROUP, PublicStatistics, Scorecard, ServiceIndex, StatisticsQuery,
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
    /// Feedback not hidden as abuse: its agency, its procedure and its fact.
    feedback: Vec<(i32, Option<i32>, FeedbackFact)>,
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
        let feedback = facts::feedback_facts(db).await?;
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
        Ok(Self {
            as_of: today,
            built: Instant::now(),
            facts,
            feedback,
            agencies,
            agency_ids,
            procedures,
            provinces,
            sectors,
        })
    }
}

/// After a failed rebuild, how long requests answer the snapshot they have
/// (or an error) rather than each asking the database again.
const RETRY_AFTER: Duration = Duration::from_secs(10);

/// The snapshot behind the public figures, shared by the instance's requests.
#[derive(Clone)]
pub struct Statistics {
    max_age: Duration,
    current: Arc<std::sync::RwLock<Option<Arc<Snapshot>>>>,
    /// Held while a snapshot is built (one at a time), with the time of the last failure.
    building: Arc<tokio::sync::Mutex<Option<Instant>>>,
}

impl Statistics {
    pub fn new(max_age: Duration) -> Self {
        Self { max_age, current: Arc::default(), building: Arc::default() }
    }

    fn current(&self) -> Option<Arc<Snapshot>> {
        self.current.read().unwrap_or_else(|poisoned| poisoned.into_inner()).clone()
    }

    fn keep(&self, snapshot: Arc<Snapshot>) {
        *self.current.write().unwrap_or_else(|poisoned| poisoned.into_inner()) = Some(snapshot);
    }

    /// The snapshot of `today`. One older than the maximum age is answered as
    /// it is while a fresh one is built in the background; a request waits
    /// only when there is none of today yet (the first, or a new day).
    pub async fn snapshot(&self, db: &DatabaseConnection, today: NaiveDate) -> Result<Arc<Snapshot>, AppError> {
        if let Some(snapshot) = self.current().filter(|s| s.as_of == today) {
            if snapshot.built.elapsed() >= self.max_age
                && let Ok(building) = self.building.clone().try_lock_owned()
                && building.is_none_or(|failed| failed.elapsed() >= RETRY_AFTER)
            {
                let (this, db) = (self.clone(), db.clone());
                tokio::spawn(async move {
                    let mut building = building;
                    match Snapshot::load(&db, today).await {
                        Ok(fresh) => {
                            this.keep(Arc::new(fresh));
                            *building = None;
                        }
                        Err(err) => {
                            tracing::warn!(error = %err, "the statistics snapshot could not be rebuilt");
                            *building = Some(Instant::now());
                        }
                    }
                });
            }
            return Ok(snapshot);
        }
        let mut building = self.building.lock().await;
        // Built while this request waited?
        if let Some(snapshot) = self.current().filter(|s| s.as_of == today) {
            return Ok(snapshot);
        }
        if building.is_some_and(|failed| failed.elapsed() < RETRY_AFTER) {
            return Err(AppError::internal("the statistics snapshot failed moments ago"));
        }
        match Snapshot::load(db, today).await {
            Ok(fresh) => {
                let fresh = Arc::new(fresh);
                self.keep(fresh.clone());
                *building = None;
                Ok(fresh)
            }
            Err(err) => {
                *building = Some(Instant::now());
                Err(err)
            }
        }
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
    // Whether a fact of `agency_id` (and of `procedure_id`, when it names
    // one) on `day` is in the view, and then its group (`None`: counted in
    // the total only, as feedback naming no procedure at agency level).
    let place = |day: NaiveDate, agency_id: i32, procedure_id: Option<i32>| -> Option<Option<i32>> {
        if day < from || day > to {
            return None;
        }
        let info = snapshot.agencies.get(&agency_id)?;
        let procedure = procedure_id.and_then(|id| snapshot.procedures.get(&id));
        if sector.as_ref().is_some_and(|(id, _)| procedure.is_none_or(|p| p.2 != *id))
            || province.is_some_and(|p| info.province != p)
            || agency.is_some_and(|a| agency_id != a)
        {
            return None;
        }
        Some(match level {
            Level::Country => Some(info.province),
            Level::Province => Some(agency_id),
            Level::Agency => procedure_id,
        })
    };
    let mut groups: BTreeMap<i32, Vec<_>> = BTreeMap::new();
    let mut all = Vec::new();
    for keyed in &snapshot.facts {
        let fact = &keyed.fact;
        // A dossier always names its procedure, so it always has a group.
        let Some(Some(key)) = place(fact.received_on, keyed.agency_id, Some(keyed.procedure_id)) else { continue };
        groups.entry(key).or_default().push(fact);
        all.push(fact);
    }
    // Feedback about the same agencies and procedures, sent in the period.
    let mut feedback: BTreeMap<i32, Vec<&FeedbackFact>> = BTreeMap::new();
    let mut all_feedback = Vec::new();
    for (agency_id, procedure_id, fact) in &snapshot.feedback {
        let Some(key) = place(fact.sent_on, *agency_id, *procedure_id) else { continue };
        if let Some(key) = key {
            feedback.entry(key).or_default().push(fact);
        }
        all_feedback.push(fact);
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
    let mut rows: Vec<(GroupRow, Figures)> = groups
        .into_iter()
        .map(|(key, facts)| {
            let mut figures = Figures::of(facts);
            figures.count_feedback(feedback.get(&key).into_iter().flatten().copied(), snapshot.as_of);
            let (key, name) = named(key);
            (GroupRow { key, name, figures: figures.clone().public() }, figures)
        })
        .collect();
    hide_complements(&mut rows);
    // Agencies are ranked on Decision 766's index from what is published of them.
    let mut index: Vec<ServiceIndex> = match level {
        Level::Province => rows
            .iter()
            .filter_map(|(row, _)| {
                let figures = row.figures.as_ref()?;
                Some(ServiceIndex::of(GroupRow { figures: None, ..row.clone() }, figures))
            })
            .collect(),
        _ => Vec::new(),
    };
    let mut rows: Vec<GroupRow> = rows.into_iter().map(|(row, _)| row).collect();
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
    let mut total = Figures::of(all);
    total.count_feedback(all_feedback, snapshot.as_of);
    let total = total.public();
    if let (Some(row), Some(total)) = (agency_row.as_ref(), total.as_ref()) {
        index.push(ServiceIndex::of(row.clone(), total));
    }
    Ok(PublicStatistics {
        from,
        to,
        as_of: snapshot.as_of,
        level,
        province: province_row,
        agency: agency_row,
        sector: sector.map(|(_, name)| name),
        total,
        rows,
        index,
    })
}

/// Complementary suppression within one table: when the groups hidden
/// together hold fewer than [`MIN_GROUP`] dossiers (or ratings), the total
/// minus the rows shown would give them away, so the smallest row shown is
/// hidden too. `rows` pairs each published row with its whole figures.
fn hide_complements(rows: &mut [(GroupRow, Figures)]) {
    let hidden: u64 = rows.iter().filter(|(row, _)| row.figures.is_none()).map(|(_, f)| f.received).sum();
    if (1..MIN_GROUP).contains(&hidden)
        && let Some((row, _)) = rows.iter_mut().filter(|(row, _)| row.figures.is_some()).min_by_key(|(_, f)| f.received)
    {
        row.figures = None;
    }
    let unpublished = |(row, _): &&(GroupRow, Figures)| row.figures.as_ref().is_none_or(|f| f.satisfaction_hidden);
    let hidden: u64 = rows.iter().filter(unpublished).map(|(_, f)| f.rated).sum();
    if (1..MIN_GROUP).contains(&hidden)
        && let Some((row, _)) = rows
            .iter_mut()
            .filter(|(row, _)| row.figures.as_ref().is_some_and(|f| !f.satisfaction_hidden))
            .min_by_key(|(_, f)| f.rated)
        && let Some(figures) = row.figures.take()
    {
        row.figures = Some(figures.without_satisfaction());
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn row(key: &str, received: u64, rated: u64) -> (GroupRow, Figures) {
        let figures = Figures { received, rated, satisfied: rated, ..Figures::default() };
        (GroupRow { key: key.into(), name: LocalText::default(), figures: figures.clone().public() }, figures)
    }

    #[test]
    fn a_hidden_group_is_not_given_away_by_the_total() {
        // 3 dossiers hidden alone: the smallest shown row goes too.
        let mut rows = vec![row("a", 3, 0), row("b", 9, 0), row("c", 6, 0)];
        hide_complements(&mut rows);
        let shown: Vec<&str> = rows.iter().filter(|(r, _)| r.figures.is_some()).map(|(r, _)| r.key.as_str()).collect();
        assert_eq!(shown, ["b"]);
        // Hidden rows holding five dossiers together: nothing more is hidden.
        let mut rows = vec![row("a", 3, 0), row("b", 2, 0), row("c", 6, 0)];
        hide_complements(&mut rows);
        assert!(rows[2].0.figures.is_some());
        // Two ratings withheld: the satisfaction of the row with the fewest ratings shown is withheld too.
        let mut rows = vec![row("a", 8, 2), row("b", 9, 7), row("c", 6, 5)];
        hide_complements(&mut rows);
        let rates: Vec<bool> =
            rows.iter().map(|(r, _)| r.figures.as_ref().unwrap().satisfaction_rate().is_some()).collect();
        assert_eq!(rates, [false, true, false]);
    }
}
