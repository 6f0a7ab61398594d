//! The event hub of one server instance: reads committed dossier events from
//! the timeline table and broadcasts them to this instance's subscribers
//! (`/events`). The table is the truth; the hub only says "look, something new".
//!
//! What wakes it: on PostgreSQL, `NOTIFY dvc_events` (sent by a trigger when an
//! event's transaction commits, on whichever instance wrote it); on SQLite, the
//! writer calling [`Events::wake`] after its commit. When the listener's
//! connection drops it wakes the hub on reconnecting, so a lost notification
//! delays events, never loses them.

use crate::domain::access::{Role, SessionUser};
use crate::domain::dossier::DossierStatus;
use crate::domain::live::LiveEvent;
use crate::domain::workflow::Action;
use crate::error::AppError;
use crate::server::entities::{dossier, dossier_event};
use crate::server::on_behalf::Reach;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseBackend, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use serde_json::Value;
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::{Notify, broadcast};

/// The PostgreSQL channel the trigger of migration 8 notifies.
pub const CHANNEL: &str = "dvc_events";
/// Events read per query.
const BATCH: u64 = 500;
/// How long an id skipped by the cursor is looked for again: on PostgreSQL a
/// transaction may commit after one that took a later id.
pub const GAP_PATIENCE: Duration = Duration::from_secs(30);
/// Ids looked for again at most (the newest kept): each is a bound parameter
/// of the hub's query.
const MAX_GAPS: usize = 2048;

/// A committed event with what decides who may see it.
#[derive(Clone, Debug)]
pub struct Published {
    pub id: i64,
    pub code: String,
    pub status: DossierStatus,
    pub action: Option<Action>,
    pub at: DateTime<Utc>,
    pub actor_id: Option<i32>,
    pub applicant_id: i32,
    pub agency_id: i32,
    /// The organisation that applied, if one did.
    pub organisation_id: Option<i32>,
    /// The ID number of the person it was filed for, if someone else filed it.
    pub subject_citizen_id: Option<String>,
    /// Ids below this one's that the hub had not found committed when it
    /// sent it (ascending; see [`crate::domain::live::StreamCursor`]).
    pub gaps: Arc<[i64]>,
}

impl Published {
    /// Whether `me` may see this event: a citizen their own dossiers, those
    /// of the organisations they belong to and those filed on their behalf
    /// (`reach`, read when the stream opened), an official their agency's, a
    /// system administrator all.
    pub fn visible_to(&self, me: &SessionUser, reach: &Reach) -> bool {
        if me.has_role(Role::SystemAdmin) {
            return true;
        }
        let concerns_me = reach.citizen_id.is_some() && reach.citizen_id == self.subject_citizen_id;
        match (&me.agency, self.organisation_id) {
            (Some(agency), _) => !me.roles.is_empty() && agency.id == self.agency_id,
            (None, Some(organisation)) => reach.organisations.contains(&organisation),
            (None, None) => self.applicant_id == me.id || concerns_me,
        }
    }

    /// The event as `me` receives it.
    pub fn for_subscriber(&self, me: &SessionUser) -> LiveEvent {
        LiveEvent {
            id: self.id,
            code: self.code.clone(),
            status: self.status,
            action: self.action,
            at: self.at,
            mine: self.actor_id == Some(me.id),
        }
    }
}

/// The hub: cheap to clone, one per server instance.
#[derive(Clone)]
pub struct Events {
    sender: broadcast::Sender<Arc<Published>>,
    wake: Arc<Notify>,
    /// Ids below the cursor that a resumed stream awaits and the hub was not
    /// looking for (it started after they were skipped, on another instance).
    watch: Arc<std::sync::Mutex<Vec<i64>>>,
    /// The newest event broadcast (or about to be), with the ids below it
    /// not found committed yet: together, so that a stream opening reads a
    /// consistent pair.
    position: Arc<std::sync::Mutex<(i64, Arc<[i64]>)>>,
    /// Time between heartbeats on a quiet stream.
    pub heartbeat: Duration,
    /// Open streams per user in this instance (see [`Events::open_stream`]).
    streams: Arc<std::sync::Mutex<std::collections::HashMap<i32, usize>>>,
    /// Streams one user may hold open at once in this instance (a tab
    /// each): more are refused, so one account cannot hold the server's sockets.
    per_user: usize,
}

/// One open stream of a user; dropping it (the stream ended) frees its place.
pub struct StreamSlot {
    streams: Arc<std::sync::Mutex<std::collections::HashMap<i32, usize>>>,
    user_id: i32,
}

impl Drop for StreamSlot {
    fn drop(&mut self) {
        let mut streams = self.streams.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(open) = streams.get_mut(&self.user_id) {
            *open -= 1;
            if *open == 0 {
                streams.remove(&self.user_id);
            }
        }
    }
}

impl Events {
    /// Starts the hub's reader (and, on PostgreSQL, its listener) on the
    /// current runtime, from the newest event in the table.
    /// `backlog`: events a subscriber may fall behind before it is cut loose
    /// (it then resumes from the table with `Last-Event-ID`, slowing nobody).
    pub async fn start(
        db: &DatabaseConnection,
        heartbeat: Duration,
        backlog: usize,
        per_user: usize,
    ) -> Result<Self, AppError> {
        let (sender, _) = broadcast::channel(backlog.max(1));
        let cursor = newest_id(db).await?;
        let missing = missing_below(db, cursor).await?;
        let events = Self {
            sender,
            wake: Arc::new(Notify::new()),
            watch: Arc::default(),
            position: Arc::new(std::sync::Mutex::new((cursor, missing.iter().copied().collect()))),
            heartbeat,
            streams: Arc::default(),
            per_user,
        };
        tokio::spawn(read_loop(db.clone(), events.clone(), cursor));
        // Looked for as the hub's own skipped ids.
        events.watch(&missing);
        if db.get_database_backend() == DatabaseBackend::Postgres {
            tokio::spawn(listen_loop(db.clone(), events.wake.clone()));
        }
        Ok(events)
    }

    /// Tells the hub that events were committed (the writer calls it after its commit).
    pub fn wake(&self) {
        self.wake.notify_one();
    }

    /// Looks for these ids (below the newest, not committed yet) as for its
    /// own skipped ones, for [`GAP_PATIENCE`]: a stream resumed here awaits them.
    pub fn watch(&self, ids: &[i64]) {
        if ids.is_empty() {
            return;
        }
        let mut watch = self.watch.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        watch.extend(ids);
        let excess = watch.len().saturating_sub(MAX_GAPS);
        watch.drain(..excess);
        drop(watch);
        self.wake();
    }

    /// A receiver of every event committed from now on.
    pub fn subscribe(&self) -> broadcast::Receiver<Arc<Published>> {
        self.sender.subscribe()
    }

    /// A place for one more stream of `user_id`, or `None` when the user
    /// already holds as many as allowed here.
    pub fn open_stream(&self, user_id: i32) -> Option<StreamSlot> {
        let mut streams = self.streams.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let open = streams.entry(user_id).or_default();
        if *open >= self.per_user {
            return None;
        }
        *open += 1;
        Some(StreamSlot { streams: self.streams.clone(), user_id })
    }

    /// The newest event id broadcast: a subscriber that subscribed now gets
    /// every later one (its stream starts from here).
    pub fn newest(&self) -> i64 {
        self.position().0
    }

    /// The newest event id broadcast and the ids below it not found
    /// committed yet: a subscriber that subscribed now gets every later one,
    /// and those of the ids that commit (within the hub's patience).
    pub fn position(&self) -> (i64, Arc<[i64]>) {
        self.position.lock().unwrap_or_else(std::sync::PoisonError::into_inner).clone()
    }

    /// Subscribers of this instance.
    pub fn subscribers(&self) -> usize {
        self.sender.receiver_count()
    }
}

/// Those of `ids` not in the table (not committed yet, or rolled back).
pub async fn not_committed(db: &DatabaseConnection, ids: &[i64]) -> Result<Vec<i64>, AppError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let found: Vec<i64> = dossier_event::Entity::find()
        .select_only()
        .column(dossier_event::Column::Id)
        .filter(dossier_event::Column::Id.is_in(ids.iter().copied()))
        .into_tuple()
        .all(db)
        .await?;
    Ok(ids.iter().copied().filter(|id| !found.contains(id)).collect())
}

/// The ids missing among the newest ones (at most [`MAX_GAPS`]): at start,
/// an event whose transaction began before may still commit.
async fn missing_below(db: &impl ConnectionTrait, newest: i64) -> Result<Vec<i64>, AppError> {
    let from = std::cmp::max(newest - MAX_GAPS as i64, 0);
    let present: Vec<i64> = dossier_event::Entity::find()
        .select_only()
        .column(dossier_event::Column::Id)
        .filter(dossier_event::Column::Id.gt(from))
        .into_tuple()
        .all(db)
        .await?;
    let present: std::collections::HashSet<i64> = present.into_iter().collect();
    Ok((from + 1..newest).filter(|id| !present.contains(id)).collect())
}

async fn newest_id(db: &impl ConnectionTrait) -> Result<i64, AppError> {
    let newest: Option<i64> = dossier_event::Entity::find()
        .select_only()
        .column_as(dossier_event::Column::Id.max(), "newest")
        .into_tuple::<Option<i64>>()
        .one(db)
        .await?
        .flatten();
    Ok(newest.unwrap_or(0))
}

/// Reads what is new after each wake and broadcasts it in id order.
async fn read_loop(db: DatabaseConnection, events: Events, mut cursor: i64) {
    // Ids the cursor passed without finding them: rolled back, or not yet committed.
    let mut gaps: BTreeMap<i64, Instant> = BTreeMap::new();
    loop {
        events.wake.notified().await;
        let watched = std::mem::take(&mut *events.watch.lock().unwrap_or_else(std::sync::PoisonError::into_inner));
        let now = Instant::now();
        // An id watched again keeps its first time: it is looked for 30 s, not forever.
        for id in watched.into_iter().filter(|id| *id <= cursor) {
            gaps.entry(id).or_insert(now);
        }
        loop {
            gaps.retain(|_, since| since.elapsed() < GAP_PATIENCE);
            while gaps.len() > MAX_GAPS {
                gaps.pop_first();
            }
            match read_new(&db, cursor, &gaps).await {
                Ok(batch) => {
                    let full = batch.len() as u64 >= BATCH;
                    for event in &batch {
                        gaps.remove(&event.id);
                        if event.id > cursor {
                            // The ids skipped nearest the event, if ever there were very many.
                            let skipped = std::cmp::max(event.id - MAX_GAPS as i64, cursor + 1)..event.id;
                            let now = Instant::now();
                            for id in skipped {
                                gaps.entry(id).or_insert(now);
                            }
                            cursor = event.id;
                        }
                    }
                    while gaps.len() > MAX_GAPS {
                        gaps.pop_first();
                    }
                    // The batch is in id order, so what is still missing after it
                    // is, below each of its events, what was missing when it was read.
                    let missing: Arc<[i64]> = gaps.keys().copied().collect();
                    // Before sending: a subscriber that reads this position gets the batch live.
                    *events.position.lock().unwrap_or_else(std::sync::PoisonError::into_inner) =
                        (cursor, missing.clone());
                    for mut event in batch {
                        event.gaps = missing.clone();
                        // No subscriber is not an error.
                        let _ = events.sender.send(Arc::new(event));
                    }
                    if !full {
                        break;
                    }
                }
                Err(err) => {
                    tracing::warn!(error = %err, "live events: reading new events failed");
                    break;
                }
            }
        }
    }
}

/// Events after `cursor` and the ones missing below it, with their dossier's facts.
async fn read_new(
    db: &DatabaseConnection,
    cursor: i64,
    gaps: &BTreeMap<i64, Instant>,
) -> Result<Vec<Published>, AppError> {
    let mut condition = dossier_event::Column::Id.gt(cursor);
    if !gaps.is_empty() {
        condition = condition.or(dossier_event::Column::Id.is_in(gaps.keys().copied()));
    }
    let rows = dossier_event::Entity::find()
        .filter(condition)
        .order_by_asc(dossier_event::Column::Id)
        .limit(BATCH)
        .all(db)
        .await?;
    published(db, rows).await
}

/// The events of the dossiers `me` may see, after `after` up to `upto` and
/// those of `also` (ids below `after` awaited), oldest first; at most `limit`
/// (a reader of more reloads instead).
pub async fn since(
    db: &DatabaseConnection,
    me: &SessionUser,
    after: i64,
    upto: i64,
    also: &[i64],
    limit: u64,
) -> Result<Vec<Published>, AppError> {
    let mut visible = Query::select().column(dossier::Column::Id).from(dossier::Entity).to_owned();
    if !me.has_role(Role::SystemAdmin) {
        match &me.agency {
            Some(agency) if !me.roles.is_empty() => {
                visible.and_where(Expr::col(dossier::Column::AgencyId).eq(agency.id))
            }
            _ => visible.cond_where(crate::server::on_behalf::readable_by(me)),
        };
    }
    let mut ids = dossier_event::Column::Id.gt(after).and(dossier_event::Column::Id.lte(upto));
    if !also.is_empty() {
        ids = ids.or(dossier_event::Column::Id.is_in(also.iter().copied()));
    }
    let rows = dossier_event::Entity::find()
        .filter(ids)
        .filter(Expr::col(dossier_event::Column::DossierId).in_subquery(visible))
        .order_by_asc(dossier_event::Column::Id)
        .limit(limit)
        .all(db)
        .await?;
    published(db, rows).await
}

async fn published(db: &DatabaseConnection, rows: Vec<dossier_event::Model>) -> Result<Vec<Published>, AppError> {
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<i32> = rows.iter().map(|e| e.dossier_id).collect();
    let dossiers: HashMap<i32, dossier::Model> = dossier::Entity::find()
        .filter(dossier::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|d| (d.id, d))
        .collect();
    Ok(rows
        .into_iter()
        .filter_map(|e| {
            let d = dossiers.get(&e.dossier_id)?;
            let action = e
                .payload
                .as_deref()
                .and_then(|p| serde_json::from_str::<Value>(p).ok())
                .and_then(|p| p.get("action").and_then(Value::as_str).and_then(Action::parse));
            Some(Published {
                id: e.id,
                code: d.code.clone(),
                status: e.to_status,
                action,
                at: e.at,
                actor_id: e.actor_id,
                applicant_id: d.applicant_id,
                agency_id: d.agency_id,
                organisation_id: d.organisation_id,
                subject_citizen_id: d.subject_citizen_id.clone(),
                gaps: Arc::from([]),
            })
        })
        .collect())
}

/// Wakes the hub on every `NOTIFY dvc_events`, from any instance; reconnects
/// with backoff when the connection drops (and wakes the hub then, to catch up).
async fn listen_loop(db: DatabaseConnection, wake: Arc<Notify>) {
    use sea_orm::sqlx::postgres::PgListener;
    let mut backoff = Duration::from_millis(250);
    loop {
        let listener = async {
            let mut listener = PgListener::connect_with(db.get_postgres_connection_pool()).await?;
            listener.listen(CHANNEL).await?;
            Ok::<_, sea_orm::sqlx::Error>(listener)
        };
        match listener.await {
            Ok(mut listener) => {
                backoff = Duration::from_millis(250);
                wake.notify_one();
                loop {
                    match listener.try_recv().await {
                        Ok(Some(_)) => wake.notify_one(),
                        // The connection was lost and is re-established by the listener: catch up.
                        Ok(None) => wake.notify_one(),
                        Err(err) => {
                            tracing::warn!(error = %err, "live events: the PostgreSQL listener stopped");
                            break;
                        }
                    }
                }
            }
            Err(err) => tracing::warn!(error = %err, "live events: cannot listen on PostgreSQL"),
        }
        tokio::time::sleep(backoff).await;
        backoff = (backoff * 2).min(Duration::from_secs(30));
    }
}
