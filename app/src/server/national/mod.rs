//! Synchronisation with the national portal (Cổng Dịch vụ công quốc gia).
//!
//! Every dossier event writes, in its own transaction, a row of the sync
//! outbox (`queue`): the dossier record for the event that received it, a
//! progress record for each later one. The worker of every instance
//! (`deliver_due`) composes each message from what the server holds when it
//! sends it (`compose`), checks its mandatory fields, and posts it with the
//! event's id as its idempotency key. Messages of one dossier go in the order
//! of their events: none is sent while an earlier one of the same dossier is
//! not (a refused one waits for a resend, and so do those after it). A
//! failure is retried with backoff; a row is claimed by compare-and-set, so
//! two instances never send the same message at once. A 409 ("already
//! have it") counts as sent; only 400 and 422 refuse a message for good;
//! a sent message's payload (personal data) is not kept. Rows are written
//! even before a portal is configured: turning the sync on sends the whole
//! history, in order; a dossier filed before the sync existed gets its
//! record queued ahead of its next step.
//! `sandbox.rs` is the portal's side, inside the product for demos and tests;
//! the dossiers filed on the portal arrive through `server::inbound`.

pub mod sandbox;

use crate::domain::access::Role;
use crate::domain::access::SessionUser;
use crate::domain::application::Delivery;
use crate::domain::catalog::Fee;
use crate::domain::dossier::DossierStatus;
use crate::domain::national::{
    DossierRecord, FeeEntry, FileEntry, HANDLER_CHARS, ProgressRecord, SUMMARY_CHARS, SYNC_ITEMS, SyncItem,
    SyncMessage, SyncOverview, SyncService, SyncState, channel_code, clip, national_day, national_time,
};
use crate::domain::workflow::Action;
use crate::error::AppError;
use crate::i18n::Locale;
use crate::server::auth::audit::{self, AuditEvent};
use crate::server::clock::Clock;
use crate::server::entities::{
    agency, attachment, dossier, dossier_event, existing, national_sync, procedure, sector, user,
};
use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::{Expr, Query};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, Set, TransactionTrait,
};
use std::sync::Arc;

/// How long a worker holds a claimed row before another may try it.
const CLAIM: Duration = Duration::minutes(2);
/// Messages a worker sends per pass.
const BATCH: u64 = 50;

/// Adds the message telling `event` to the sync outbox (inside the event's
/// transaction): the dossier record for the event that received the dossier.
pub async fn queue(txn: &impl ConnectionTrait, event: &dossier_event::Model) -> Result<(), AppError> {
    if event.from_status.is_none() {
        return insert(txn, event, SyncService::Dossier).await;
    }
    // A dossier filed before the sync existed: its record goes first.
    let queued = national_sync::Entity::find()
        .filter(national_sync::Column::DossierId.eq(event.dossier_id))
        .one(txn)
        .await?
        .is_some();
    if !queued {
        let first = dossier_event::Entity::find()
            .filter(dossier_event::Column::DossierId.eq(event.dossier_id))
            .order_by_asc(dossier_event::Column::Id)
            .one(txn)
            .await?;
        if let Some(first) = first {
            insert(txn, &first, SyncService::Dossier).await?;
        }
    }
    insert(txn, event, SyncService::Progress).await
}

async fn insert(
    txn: &impl ConnectionTrait,
    event: &dossier_event::Model,
    service: SyncService,
) -> Result<(), AppError> {
    national_sync::Entity::insert(national_sync::ActiveModel {
        event_id: Set(event.id),
        dossier_id: Set(event.dossier_id),
        service: Set(service),
        payload: Set(None),
        state: Set(SyncState::Pending),
        created_at: Set(event.at),
        attempts: Set(0),
        next_attempt_at: Set(event.at),
        ..Default::default()
    })
    .exec_without_returning(txn)
    .await?;
    Ok(())
}

/// The message a row of the outbox sends, from what the server holds now:
/// the event itself never changes; the dossier's appointment and files are
/// the latest.
pub async fn compose(db: &impl ConnectionTrait, row: &national_sync::Model) -> Result<SyncMessage, AppError> {
    let event = existing_event(db, row.event_id).await?;
    let dossier = existing::<dossier::Entity>(db, row.dossier_id).await?;
    let holder = existing::<agency::Entity>(db, dossier.agency_id).await?;
    let status = event.to_status.national_code().unwrap_or(1);
    let due = dossier.due_on.map(national_day);
    // A dossier filed on the portal goes back under the portal's own code.
    let code = dossier.national_code.clone().unwrap_or_else(|| dossier.code.clone());
    match row.service {
        SyncService::Dossier => {
            let procedure = existing::<procedure::Entity>(db, dossier.procedure_id).await?;
            let sector = existing::<sector::Entity>(db, procedure.sector_id).await?;
            let applicant = existing::<user::Entity>(db, dossier.applicant_id).await?;
            let files = attachment::Entity::find()
                .filter(attachment::Column::DossierId.eq(dossier.id))
                .order_by_asc(attachment::Column::CreatedAt)
                .order_by_asc(attachment::Column::Id)
                .limit(200)
                .all(db)
                .await?;
            let fees: Vec<Fee> = serde_json::from_str(&procedure.fees).unwrap_or_default();
            let by_post = matches!(serde_json::from_str(&dossier.delivery), Ok(Delivery::Post { .. }));
            let owner = dossier.subject_name.clone().unwrap_or_else(|| dossier.applicant_name.clone());
            Ok(SyncMessage::dossier(DossierRecord {
                code,
                procedure_code: procedure.code,
                procedure_name: procedure.name_vi.clone(),
                sector_code: sector.code,
                sector_name: sector.name_vi,
                channel: channel_code(&dossier.channel),
                owner,
                owner_kind: if dossier.organisation_id.is_some() { 2 } else { 1 },
                email: Some(applicant.email).filter(|e| !e.is_empty() && dossier.channel == "online"),
                phone: applicant.phone.filter(|_| dossier.channel == "online"),
                summary: clip(&procedure.name_vi, SUMMARY_CHARS),
                received_at: national_time(event.at),
                appointment: due,
                status,
                delivery: u8::from(by_post),
                handling_unit: holder.name_vi,
                files: files
                    .into_iter()
                    .map(|f| FileEntry { id: f.id, name: f.file_name, document: f.document.to_string() })
                    .collect(),
                fees: fees.into_iter().map(|f| FeeEntry { name: f.label.vi, amount: f.amount_vnd }).collect(),
            }))
        }
        SyncService::Progress => {
            let t = Locale::Vi.messages();
            let handler = match event.actor_id {
                Some(id) => existing::<user::Entity>(db, id).await?.full_name,
                None => t.national_system_handler.to_owned(),
            };
            let title = match event.actor_role.as_deref().map(|role| (role, Role::parse(role))) {
                Some((_, Some(role))) => role.label(t),
                Some(("citizen", None)) => t.national_applicant_title,
                _ => t.national_system_handler,
            };
            let action = event
                .payload
                .as_deref()
                .and_then(|p| serde_json::from_str::<serde_json::Value>(p).ok())
                .and_then(|p| p.get("action").and_then(|a| a.as_str()).and_then(Action::parse));
            let content = match action {
                Some(action) => action.label(t),
                None => event.to_status.label(t),
            };
            let previous = dossier_event::Entity::find()
                .filter(dossier_event::Column::DossierId.eq(event.dossier_id))
                .filter(dossier_event::Column::Id.lt(event.id))
                .order_by_desc(dossier_event::Column::Id)
                .one(db)
                .await?;
            Ok(SyncMessage::progress(ProgressRecord {
                code,
                handler: clip(&handler, HANDLER_CHARS),
                title: title.to_owned(),
                handled_at: national_time(event.at),
                unit: holder.name_vi,
                content: content.to_owned(),
                status,
                step_started_at: Some(national_time(previous.map_or(event.at, |p| p.at))),
                step_due: due.filter(|_| DossierStatus::RUNNING.contains(&event.to_status)),
            }))
        }
    }
}

async fn existing_event(db: &impl ConnectionTrait, id: i64) -> Result<dossier_event::Model, AppError> {
    dossier_event::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or_else(|| AppError::internal(format_args!("dossier_events {id} is missing")))
}

/// How the portal took a message.
#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
    Sent,
    /// Refused for good (the portal's 4xx, or a mandatory field missing): the reason.
    Refused(String),
    /// Try again later (unreachable, slow, 5xx): the reason.
    Failed(String),
}

/// The national portal's sync endpoint: `{url}/{service}`, with a bearer token.
pub struct Syncer {
    pub url: String,
    token: String,
    client: reqwest::Client,
}

impl Syncer {
    pub fn new(url: &str, token: &str) -> Result<Self, reqwest::Error> {
        Ok(Self {
            url: url.trim_end_matches('/').to_owned(),
            token: token.to_owned(),
            client: crate::server::outbound::http_client()?,
        })
    }

    /// Posts `message` (serialised as `body`) once, with `key` as its idempotency key.
    pub async fn send(&self, key: i64, message: &SyncMessage, body: &str) -> Outcome {
        let missing = message.missing();
        if !missing.is_empty() {
            return Outcome::Refused(format!("thiếu hoặc sai trường bắt buộc: {}", missing.join(", ")));
        }
        let answer = self
            .client
            .post(format!("{}/{}", self.url, message.service.as_str()))
            .bearer_auth(&self.token)
            .header("Idempotency-Key", key.to_string())
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .body(body.to_owned())
            .send()
            .await;
        let response = match answer {
            Ok(response) => response,
            Err(error) => return Outcome::Failed(format!("không gửi được: {error}")),
        };
        let status = response.status();
        let body = crate::server::outbound::read_bounded(response).await.unwrap_or_default();
        let said = clip(&String::from_utf8_lossy(&body), 500);
        match status.as_u16() {
            // 409: the portal has it already (an earlier answer was lost).
            200..=299 | 409 => Outcome::Sent,
            // The message itself is wrong: it waits for a resend.
            400 | 422 => Outcome::Refused(format!("HTTP {status}: {said}")),
            // Our token, the address, the portal itself: fixed elsewhere, then retried.
            _ => Outcome::Failed(format!("HTTP {status}: {said}")),
        }
    }
}

/// Sends the messages that are due, each only after every earlier message
/// of its dossier was sent; answers how many went.
pub async fn deliver_due(db: &DatabaseConnection, syncer: &Syncer, now: DateTime<Utc>) -> Result<usize, AppError> {
    use national_sync::Column as C;
    // No earlier message of the same dossier still waiting (or refused).
    let first_of_its_dossier = Expr::cust(
        "NOT EXISTS (SELECT 1 FROM national_sync earlier WHERE earlier.dossier_id = national_sync.dossier_id \
         AND earlier.id < national_sync.id AND earlier.state <> 'sent')",
    );
    // Claims run on the machine's time, whatever the workflow clock says.
    let free = |at: DateTime<Utc>| Condition::any().add(C::LockedUntil.is_null()).add(C::LockedUntil.lt(at));
    let due = national_sync::Entity::find()
        .filter(C::State.eq(SyncState::Pending))
        .filter(C::NextAttemptAt.lte(now))
        .filter(free(Utc::now()))
        .filter(first_of_its_dossier)
        .order_by_asc(C::Id)
        .limit(BATCH)
        .all(db)
        .await?;
    let mut sent = 0;
    let started = std::time::Instant::now();
    for row in due {
        let at = now + Duration::from_std(started.elapsed()).unwrap_or_default();
        let real = Utc::now();
        // Claimed by this worker only if nobody took it since it was read;
        // its attempt number is the claim's token.
        let attempts = row.attempts + 1;
        let claimed = national_sync::Entity::update_many()
            .col_expr(C::LockedUntil, Expr::value(real + CLAIM))
            .col_expr(C::Attempts, Expr::value(attempts))
            .filter(C::Id.eq(row.id))
            .filter(C::State.eq(SyncState::Pending))
            .filter(C::Attempts.eq(row.attempts))
            .filter(C::NextAttemptAt.lte(at))
            .filter(free(real))
            .exec(db)
            .await?;
        if claimed.rows_affected != 1 {
            continue;
        }
        let (outcome, payload) = match compose(db, &row).await {
            Ok(message) => {
                let body = serde_json::to_string(&message).map_err(AppError::internal)?;
                (syncer.send(row.event_id, &message, &body).await, Some(body))
            }
            Err(error) => (Outcome::Failed(format!("không lập được thông điệp: {error}")), row.payload.clone()),
        };
        // Only while the claim is still this worker's (no other took it over).
        let update = national_sync::Entity::update_many()
            .col_expr(C::LockedUntil, Expr::value(Option::<DateTime<Utc>>::None))
            .filter(C::Id.eq(row.id))
            .filter(C::State.eq(SyncState::Pending))
            .filter(C::Attempts.eq(attempts));
        // The log names the message, never what it carries or what the portal echoed.
        let update = match outcome {
            Outcome::Sent => {
                sent += 1;
                // Personal data leaves the outbox once delivered.
                update
                    .col_expr(C::State, Expr::value(SyncState::Sent))
                    .col_expr(C::SentAt, Expr::value(at))
                    .col_expr(C::Payload, Expr::value(Option::<String>::None))
                    .col_expr(C::LastError, Expr::value(Option::<String>::None))
            }
            Outcome::Refused(reason) => {
                tracing::warn!(sync = row.id, event = row.event_id, "refused by the national portal");
                update
                    .col_expr(C::State, Expr::value(SyncState::Rejected))
                    .col_expr(C::Payload, Expr::value(payload))
                    .col_expr(C::LastError, Expr::value(reason))
            }
            Outcome::Failed(reason) => {
                tracing::warn!(sync = row.id, event = row.event_id, attempts, "not synced; will retry");
                update
                    .col_expr(C::NextAttemptAt, Expr::value(at + crate::server::mail::backoff(attempts)))
                    .col_expr(C::Payload, Expr::value(payload))
                    .col_expr(C::LastError, Expr::value(reason))
            }
        };
        update.exec(db).await?;
    }
    Ok(sent)
}

/// Sends a refused message again (after its cause was fixed): it goes at the
/// worker's next pass, and the dossier's later messages after it. Answers
/// whether there was such a refused message.
pub async fn resend(db: &impl ConnectionTrait, id: i64, now: DateTime<Utc>) -> Result<bool, AppError> {
    use national_sync::Column as C;
    let done = national_sync::Entity::update_many()
        .col_expr(C::State, Expr::value(SyncState::Pending))
        .col_expr(C::NextAttemptAt, Expr::value(now))
        .col_expr(C::LockedUntil, Expr::value(Option::<DateTime<Utc>>::None))
        .filter(C::Id.eq(id))
        .filter(C::State.eq(SyncState::Rejected))
        .exec(db)
        .await?;
    Ok(done.rows_affected == 1)
}

/// The agency whose sync `me` watches: `None` for a system administrator (every agency).
fn scope(me: &SessionUser) -> Result<Option<i32>, AppError> {
    if me.has_role(Role::SystemAdmin) {
        return Ok(None);
    }
    match &me.agency {
        Some(agency) if me.has_role(Role::AgencyAdmin) => Ok(Some(agency.id)),
        _ => Err(AppError::Forbidden),
    }
}

/// The sync page: counts, the lag, the refused and failing messages.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn overview(
    db: &impl ConnectionTrait,
    me: &SessionUser,
    now: DateTime<Utc>,
) -> Result<SyncOverview, AppError> {
    use national_sync::Column as C;
    let mut base = national_sync::Entity::find();
    if let Some(agency) = scope(me)? {
        let dossiers = Query::select()
            .column(dossier::Column::Id)
            .from(dossier::Entity)
            .cond_where(
                Condition::any()
                    .add(dossier::Column::AgencyId.eq(agency))
                    .add(dossier::Column::ReceivingAgencyId.eq(agency)),
            )
            .to_owned();
        base = base.filter(C::DossierId.in_subquery(dossiers));
    }
    let count = |state: SyncState| base.clone().filter(C::State.eq(state)).count(db);
    let (waiting, rejected, sent) =
        (count(SyncState::Pending).await?, count(SyncState::Rejected).await?, count(SyncState::Sent).await?);
    let failing = base.clone().filter(C::State.eq(SyncState::Pending)).filter(C::Attempts.gt(0)).count(db).await?;
    let oldest = base.clone().filter(C::State.eq(SyncState::Pending)).order_by_asc(C::Id).one(db).await?;
    let mut rows =
        base.clone().filter(C::State.eq(SyncState::Rejected)).order_by_desc(C::Id).limit(SYNC_ITEMS).all(db).await?;
    let room = SYNC_ITEMS.saturating_sub(rows.len() as u64);
    if room > 0 {
        rows.extend(
            base.filter(C::State.eq(SyncState::Pending))
                .filter(C::Attempts.gt(0))
                .order_by_desc(C::Id)
                .limit(room)
                .all(db)
                .await?,
        );
    }
    let ids: Vec<i32> = rows.iter().map(|row| row.dossier_id).collect();
    let codes: std::collections::HashMap<i32, String> = dossier::Entity::find()
        .filter(dossier::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|d| (d.id, d.code))
        .collect();
    Ok(SyncOverview {
        waiting,
        failing,
        rejected,
        sent,
        lag_minutes: oldest.map(|row| std::cmp::max((now - row.created_at).num_minutes(), 0)),
        items: rows
            .into_iter()
            .map(|row| SyncItem {
                id: row.id,
                dossier_code: codes.get(&row.dossier_id).cloned().unwrap_or_default(),
                service: row.service,
                state: row.state,
                attempts: row.attempts,
                error: row.last_error,
                payload: row.payload,
                at: row.created_at,
            })
            .collect(),
    })
}

/// An administrator sends refused message `id` again (audited): only one of
/// a dossier their agency received or holds.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn resend_for(
    db: &DatabaseConnection,
    me: &SessionUser,
    id: i64,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    scope(me)?;
    let row = national_sync::Entity::find_by_id(id).one(db).await?.ok_or(AppError::NotFound)?;
    let dossier = existing::<dossier::Entity>(db, row.dossier_id).await?;
    if !(me.manages_agency(dossier.agency_id) || me.manages_agency(dossier.receiving_agency_id)) {
        return Err(AppError::NotFound);
    }
    let txn = db.begin().await?;
    if !resend(&txn, id, now).await? {
        return Err(AppError::Conflict);
    }
    let detail = format!("{} {}", row.service.as_str(), row.event_id);
    audit::record(&txn, AuditEvent::change_by(me, "national.resend", dossier.code, Some(detail))).await?;
    txn.commit().await?;
    Ok(())
}

/// Runs the worker on the current runtime: a pass every `every`.
pub fn spawn_worker(db: DatabaseConnection, syncer: Arc<Syncer>, clock: Clock, every: std::time::Duration) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(every);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            if let Err(err) = deliver_due(&db, &syncer, clock.now()).await {
                tracing::warn!(error = %err, "national sync pass failed");
            }
        }
    });
}
