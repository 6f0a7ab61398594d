//! Webhooks of an agency (`domain::webhook`): its administrators register
//! endpoints (audited); every dossier event of the agency writes, in the
//! event's transaction, one delivery per endpoint that asked for its kind
//! (`queue`); the worker of every instance (`deliver_due`) claims due
//! deliveries by compare-and-set, signs each attempt with the endpoint's
//! secret and the time, and retries with the outbox's backoff until the
//! endpoint answers 2xx. After `PAUSE_AFTER` failed attempts in a row the
//! endpoint is paused (its deliveries wait, nothing is dropped) and the
//! agency's administrators are mailed; resuming sends what waited.
//!
//! An endpoint is another organisation's server, named by an administrator:
//! unless the portal runs locally (`DVC_WEBHOOKS_LOCAL`, a demo or a test) it
//! must be `https://` and lead to a public address, checked when it is
//! registered and again on every attempt (`outbound::public_client` refuses
//! a name that resolves inside the network), so that no endpoint turns the
//! portal against its own network.

use crate::domain::access::Role;
use crate::domain::access::SessionUser;
use crate::domain::rules::Rule;
use crate::domain::webhook::{
    CreatedWebhook, DELIVERIES_SHOWN, DeliveryState, DeliverySummary, MAX_ENDPOINTS, NewWebhook, PAUSE_AFTER,
    RESPONSE_CHARS, SECRET_PREFIX, WebhookEvent, WebhookSummary, join_events, signature_header, signed_text,
    split_events,
};
use crate::error::AppError;
use crate::server::auth::audit::{self, AuditEvent};
use crate::server::clock::Clock;
use crate::server::entities::{
    agency, dossier, dossier_event, existing, procedure, user, user_role, webhook, webhook_delivery,
};
use crate::server::mail::{self, Channel, MailKind, NewMail};
use crate::server::{outbound, secrets};
use chrono::{DateTime, Duration, Utc};
use hmac::{KeyInit, Mac};
use sea_orm::sea_query::{Expr, Query};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, Set, TransactionTrait,
};
use std::collections::HashMap;
use std::sync::Arc;

/// How long a worker holds a claimed delivery before another may try it.
const CLAIM: Duration = Duration::minutes(2);
/// Deliveries a worker sends per pass.
const BATCH: u64 = 50;

/// Sends deliveries: the HTTP client, and whether endpoints may be local.
pub struct Sender {
    client: reqwest::Client,
    /// `http://` and addresses inside the network allowed (demo and tests).
    pub local: bool,
}

impl Sender {
    pub fn new(local: bool) -> Result<Self, reqwest::Error> {
        let client = if local { outbound::http_client()? } else { outbound::public_client()? };
        Ok(Self { client, local })
    }

    /// Posts `delivery` to `hook` once, signed at `at`: the answer's status
    /// and its start, or why there was none.
    async fn send(&self, hook: &webhook::Model, delivery: &webhook_delivery::Model, at: i64) -> Attempt {
        if let Err(rule) = target(&hook.url, self.local) {
            return Attempt { status: None, answer: format!("{rule:?}") };
        }
        let answer = self
            .client
            .post(&hook.url)
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .header(reqwest::header::USER_AGENT, "DVC-Webhooks/1")
            .header("X-DVC-Event", delivery.kind.as_str())
            .header("X-DVC-Delivery", delivery.id.to_string())
            .header("X-DVC-Signature", signature_header(at, &sign(&hook.secret, at, &delivery.body)))
            .body(delivery.body.clone())
            .send()
            .await;
        match answer {
            Ok(response) => {
                let status = i32::from(response.status().as_u16());
                let body = outbound::read_prefix(response, 4 * RESPONSE_CHARS).await;
                Attempt { status: Some(status), answer: clip(&String::from_utf8_lossy(&body)) }
            }
            Err(error) => Attempt { status: None, answer: clip(&format!("không gửi được: {error}")) },
        }
    }
}

/// One attempt's outcome.
struct Attempt {
    status: Option<i32>,
    answer: String,
}

impl Attempt {
    fn delivered(&self) -> bool {
        self.status.is_some_and(|s| (200..300).contains(&s))
    }
}

fn clip(text: &str) -> String {
    text.chars().take(RESPONSE_CHARS).collect()
}

/// HMAC-SHA256 of `{at}.{body}` with `secret`, in hex.
pub fn sign(secret: &str, at: i64, body: &str) -> String {
    let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes any key");
    mac.update(signed_text(at, body).as_bytes());
    secrets::hex(&mac.finalize().into_bytes())
}

/// Whether deliveries may go to `url`: a URL with a host and no credentials,
/// `https://` unless `local`, and, unless `local`, on port 443 or 8443 and
/// no address inside the network written as an IP or as a name only a
/// network knows (a name that resolves inside it fails when sent).
pub fn target(url: &str, local: bool) -> Result<reqwest::Url, Rule> {
    let parsed = reqwest::Url::parse(url).map_err(|_| Rule::WebhookAddress)?;
    match parsed.scheme() {
        "https" => {}
        "http" if local => {}
        _ => return Err(Rule::WebhookHttps),
    }
    // No credentials in it; the HTTPS ports only (no scan of other services).
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Err(Rule::WebhookAddress);
    }
    if !local && parsed.port().is_some_and(|port| port != 443 && port != 8443) {
        return Err(Rule::WebhookAddress);
    }
    let host = parsed.host_str().unwrap_or_default();
    let public = match host.trim_start_matches('[').trim_end_matches(']').parse::<std::net::IpAddr>() {
        Ok(ip) => outbound::is_public(ip),
        Err(_) => {
            let name = host.trim_end_matches('.').to_ascii_lowercase();
            name.contains('.')
                && !["localhost", ".local", ".internal", ".lan", ".home.arpa", ".localdomain"]
                    .iter()
                    .any(|end| name == end.trim_start_matches('.') || name.ends_with(end))
        }
    };
    if public || local { Ok(parsed) } else { Err(Rule::WebhookAddress) }
}

/// The agency's endpoints (not removed), newest first, each with its latest deliveries.
pub async fn list(db: &DatabaseConnection, me: &SessionUser) -> Result<Vec<WebhookSummary>, AppError> {
    let agency = me.administered_agency().ok_or(AppError::Forbidden)?;
    let hooks = webhook::Entity::find()
        .filter(webhook::Column::AgencyId.eq(agency))
        .filter(webhook::Column::RemovedAt.is_null())
        .order_by_desc(webhook::Column::Id)
        .all(db)
        .await?;
    let creators: HashMap<i32, String> = user::Entity::find()
        .filter(user::Column::Id.is_in(hooks.iter().map(|h| h.created_by)))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.full_name))
        .collect();
    let mut summaries = Vec::with_capacity(hooks.len());
    for hook in hooks {
        let deliveries = webhook_delivery::Entity::find()
            .filter(webhook_delivery::Column::WebhookId.eq(hook.id))
            .order_by_desc(webhook_delivery::Column::Id)
            .limit(DELIVERIES_SHOWN)
            .all(db)
            .await?;
        summaries.push(WebhookSummary {
            id: hook.id,
            events: split_events(&hook.events),
            created_by: creators.get(&hook.created_by).cloned().unwrap_or_default(),
            url: hook.url,
            created_at: hook.created_at,
            failures: hook.failures,
            paused_at: hook.paused_at,
            deliveries: deliveries
                .into_iter()
                .map(|d| DeliverySummary {
                    id: d.id,
                    event: d.kind,
                    dossier_code: d.dossier_code,
                    state: d.state,
                    attempts: d.attempts,
                    created_at: d.created_at,
                    delivered_at: d.delivered_at,
                    next_attempt_at: d.next_attempt_at,
                    response_status: d.response_status,
                    response: d.response,
                })
                .collect(),
        });
    }
    Ok(summaries)
}

/// A new endpoint of the administrator's agency; its secret is answered
/// this once (it signs every delivery).
pub async fn create(
    db: &DatabaseConnection,
    me: &SessionUser,
    form: &NewWebhook,
    local: bool,
    now: DateTime<Utc>,
) -> Result<CreatedWebhook, AppError> {
    let agency = me.administered_agency().ok_or(AppError::Forbidden)?;
    let (url, events) = form.check(local)?;
    target(&url, local).map_err(|rule| AppError::field("url", rule))?;
    // Counted before the transaction: a SQLite transaction that reads first
    // cannot then become the writer while another writes (busy at once).
    let active = webhook::Entity::find()
        .filter(webhook::Column::AgencyId.eq(agency))
        .filter(webhook::Column::RemovedAt.is_null())
        .count(db)
        .await?;
    if active >= MAX_ENDPOINTS {
        return Err(AppError::field("url", Rule::TooManyItems(MAX_ENDPOINTS as u32)));
    }
    let txn = db.begin().await?;
    let secret = format!("{SECRET_PREFIX}{}", secrets::new_token());
    let row = webhook::ActiveModel {
        agency_id: Set(agency),
        url: Set(url.clone()),
        events: Set(join_events(&events)),
        secret: Set(secret.clone()),
        created_by: Set(me.id),
        created_at: Set(now),
        failures: Set(0),
        paused_at: Set(None),
        removed_at: Set(None),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit::record(&txn, AuditEvent::change_by(me, "webhook.create", format!("webhook:{}", row.id), Some(url))).await?;
    txn.commit().await?;
    Ok(CreatedWebhook { id: row.id, secret })
}

/// Endpoint `id` of the administrator's agency (not removed), or 404.
async fn own(db: &impl ConnectionTrait, me: &SessionUser, id: i32) -> Result<webhook::Model, AppError> {
    let agency = me.administered_agency().ok_or(AppError::Forbidden)?;
    webhook::Entity::find_by_id(id)
        .filter(webhook::Column::AgencyId.eq(agency))
        .filter(webhook::Column::RemovedAt.is_null())
        .one(db)
        .await?
        .ok_or(AppError::NotFound)
}

/// Queues a test delivery to endpoint `id`, sent at the worker's next pass.
pub async fn send_test(db: &DatabaseConnection, me: &SessionUser, id: i32, now: DateTime<Utc>) -> Result<(), AppError> {
    let hook = own(db, me, id).await?;
    let waiting = webhook_delivery::Entity::find()
        .filter(webhook_delivery::Column::WebhookId.eq(hook.id))
        .filter(webhook_delivery::Column::Kind.eq(WebhookEvent::Test))
        .filter(webhook_delivery::Column::State.eq(DeliveryState::Pending))
        .count(db)
        .await?;
    // A test waits for the one before it.
    if waiting > 0 {
        return Err(AppError::Conflict);
    }
    let body = serde_json::json!({
        "type": WebhookEvent::Test.as_str(),
        "created_at": now.to_rfc3339(),
        "data": { "webhook": hook.id },
    });
    insert_delivery(db, hook.id, None, WebhookEvent::Test, None, body.to_string(), now).await
}

/// Resumes paused endpoint `id` (audited): what waited is sent at once.
pub async fn resume(db: &DatabaseConnection, me: &SessionUser, id: i32, now: DateTime<Utc>) -> Result<(), AppError> {
    let hook = own(db, me, id).await?;
    let txn = db.begin().await?;
    let resumed = webhook::Entity::update_many()
        .col_expr(webhook::Column::PausedAt, Expr::value(Option::<DateTime<Utc>>::None))
        .col_expr(webhook::Column::Failures, Expr::value(0))
        .filter(webhook::Column::Id.eq(hook.id))
        .filter(webhook::Column::PausedAt.is_not_null())
        .exec(&txn)
        .await?;
    if resumed.rows_affected != 1 {
        return Err(AppError::Conflict);
    }
    webhook_delivery::Entity::update_many()
        .col_expr(webhook_delivery::Column::NextAttemptAt, Expr::value(now))
        .filter(webhook_delivery::Column::WebhookId.eq(hook.id))
        .filter(webhook_delivery::Column::State.eq(DeliveryState::Pending))
        .exec(&txn)
        .await?;
    audit::record(&txn, AuditEvent::change_by(me, "webhook.resume", format!("webhook:{}", hook.id), None)).await?;
    txn.commit().await?;
    Ok(())
}

/// Removes endpoint `id` (audited): nothing more is sent to it, and what
/// waited for it is dropped.
pub async fn remove(db: &DatabaseConnection, me: &SessionUser, id: i32, now: DateTime<Utc>) -> Result<(), AppError> {
    let hook = own(db, me, id).await?;
    let txn = db.begin().await?;
    webhook::Entity::update_many()
        .col_expr(webhook::Column::RemovedAt, Expr::value(now))
        .filter(webhook::Column::Id.eq(hook.id))
        .filter(webhook::Column::RemovedAt.is_null())
        .exec(&txn)
        .await?;
    webhook_delivery::Entity::delete_many()
        .filter(webhook_delivery::Column::WebhookId.eq(hook.id))
        .filter(webhook_delivery::Column::State.eq(DeliveryState::Pending))
        .exec(&txn)
        .await?;
    audit::record(&txn, AuditEvent::change_by(me, "webhook.remove", format!("webhook:{}", hook.id), Some(hook.url)))
        .await?;
    txn.commit().await?;
    Ok(())
}

async fn insert_delivery(
    db: &impl ConnectionTrait,
    webhook_id: i32,
    event_id: Option<i64>,
    kind: WebhookEvent,
    dossier_code: Option<String>,
    body: String,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    webhook_delivery::Entity::insert(webhook_delivery::ActiveModel {
        webhook_id: Set(webhook_id),
        event_id: Set(event_id),
        kind: Set(kind),
        dossier_code: Set(dossier_code),
        body: Set(body),
        state: Set(DeliveryState::Pending),
        attempts: Set(0),
        created_at: Set(now),
        next_attempt_at: Set(now),
        ..Default::default()
    })
    .exec_without_returning(db)
    .await?;
    Ok(())
}

/// Adds the deliveries telling `event` (inside the event's transaction): one
/// per endpoint of the agency holding or having received the dossier that
/// asked for one of the event's kinds. Paused endpoints get theirs too, sent
/// when they are resumed.
pub async fn queue(txn: &impl ConnectionTrait, event: &dossier_event::Model) -> Result<(), AppError> {
    let dossier = existing::<dossier::Entity>(txn, event.dossier_id).await?;
    let hooks = webhook::Entity::find()
        .filter(webhook::Column::AgencyId.is_in([dossier.agency_id, dossier.receiving_agency_id]))
        .filter(webhook::Column::RemovedAt.is_null())
        .all(txn)
        .await?;
    let kinds = WebhookEvent::of_step(event.from_status, event.to_status);
    let wanted: Vec<(&webhook::Model, WebhookEvent)> = hooks
        .iter()
        .flat_map(|hook| {
            let asked = split_events(&hook.events);
            kinds.iter().filter(move |kind| asked.contains(kind)).map(move |kind| (hook, *kind))
        })
        .collect();
    if wanted.is_empty() {
        return Ok(());
    }
    let procedure = existing::<procedure::Entity>(txn, dossier.procedure_id).await?;
    let holder = existing::<agency::Entity>(txn, dossier.agency_id).await?;
    let action = event
        .payload
        .as_deref()
        .and_then(|p| serde_json::from_str::<serde_json::Value>(p).ok())
        .and_then(|p| p.get("action").and_then(|a| a.as_str()).map(str::to_owned));
    for (hook, kind) in wanted {
        // What happened, never who it concerns: the receiver reads the rest
        // through the dossier API with a token.
        let body = serde_json::json!({
            "type": kind.as_str(),
            "created_at": event.at.to_rfc3339(),
            "data": {
                "event_id": event.id,
                "dossier_code": dossier.code,
                "procedure_code": procedure.code,
                "agency_code": holder.code,
                "from_status": event.from_status.map(|s| s.as_str()),
                "status": event.to_status.as_str(),
                "national_status": event.to_status.national_code(),
                "action": action,
            },
        });
        insert_delivery(txn, hook.id, Some(event.id), kind, Some(dossier.code.clone()), body.to_string(), event.at)
            .await?;
    }
    Ok(())
}

/// Sends the deliveries that are due to endpoints that are not paused;
/// answers how many were delivered.
pub async fn deliver_due(db: &DatabaseConnection, sender: &Sender, now: DateTime<Utc>) -> Result<usize, AppError> {
    use webhook_delivery::Column as C;
    let active = || {
        Query::select()
            .column(webhook::Column::Id)
            .from(webhook::Entity)
            .and_where(webhook::Column::PausedAt.is_null())
            .and_where(webhook::Column::RemovedAt.is_null())
            .to_owned()
    };
    // Claims run on the machine's time, whatever the workflow clock says.
    let free = |at: DateTime<Utc>| Condition::any().add(C::LockedUntil.is_null()).add(C::LockedUntil.lt(at));
    let due = webhook_delivery::Entity::find()
        .filter(C::State.eq(DeliveryState::Pending))
        .filter(C::NextAttemptAt.lte(now))
        .filter(free(Utc::now()))
        .filter(C::WebhookId.in_subquery(active()))
        .order_by_asc(C::Id)
        .limit(BATCH)
        .all(db)
        .await?;
    let mut hooks: HashMap<i32, webhook::Model> = HashMap::new();
    // An endpoint that failed in this pass waits for the next one: a slow
    // or dead endpoint costs the others one timeout per pass at most.
    let mut failing = std::collections::HashSet::new();
    let mut delivered = 0;
    let started = std::time::Instant::now();
    for row in due {
        let at = now + Duration::from_std(started.elapsed()).unwrap_or_default();
        let hook = match hooks.get(&row.webhook_id) {
            Some(hook) => hook.clone(),
            None => {
                let hook = existing::<webhook::Entity>(db, row.webhook_id).await?;
                hooks.insert(hook.id, hook.clone());
                hook
            }
        };
        // Paused by this pass, or failing in it.
        if hook.paused_at.is_some() || failing.contains(&hook.id) {
            continue;
        }
        let real = Utc::now();
        let attempts = row.attempts + 1;
        let claimed = webhook_delivery::Entity::update_many()
            .col_expr(C::LockedUntil, Expr::value(real + CLAIM))
            .col_expr(C::Attempts, Expr::value(attempts))
            .filter(C::Id.eq(row.id))
            .filter(C::State.eq(DeliveryState::Pending))
            .filter(C::Attempts.eq(row.attempts))
            .filter(C::NextAttemptAt.lte(at))
            .filter(free(real))
            // Not paused or removed since the scan (by another instance too).
            .filter(C::WebhookId.in_subquery(active()))
            .exec(db)
            .await?;
        if claimed.rows_affected != 1 {
            continue;
        }
        // Signed with the machine's time, which the receiver compares with its own.
        let attempt = sender.send(&hook, &row, Utc::now().timestamp()).await;
        let update = webhook_delivery::Entity::update_many()
            .col_expr(C::LockedUntil, Expr::value(Option::<DateTime<Utc>>::None))
            .col_expr(C::ResponseStatus, Expr::value(attempt.status))
            .col_expr(C::Response, Expr::value(attempt.answer.clone()))
            .filter(C::Id.eq(row.id))
            .filter(C::State.eq(DeliveryState::Pending))
            .filter(C::Attempts.eq(attempts));
        if attempt.delivered() {
            let done = update
                .col_expr(C::State, Expr::value(DeliveryState::Delivered))
                .col_expr(C::DeliveredAt, Expr::value(at))
                .exec(db)
                .await?;
            // Another worker took the claim over: its outcome counts.
            if done.rows_affected != 1 {
                continue;
            }
            delivered += 1;
            webhook::Entity::update_many()
                .col_expr(webhook::Column::Failures, Expr::value(0))
                .filter(webhook::Column::Id.eq(hook.id))
                .exec(db)
                .await?;
        } else {
            // The log names the delivery, never what the endpoint answered.
            tracing::warn!(webhook = hook.id, delivery = row.id, attempts, status = ?attempt.status, "webhook not delivered; will retry");
            failing.insert(hook.id);
            let done = update.col_expr(C::NextAttemptAt, Expr::value(at + mail::backoff(attempts))).exec(db).await?;
            if done.rows_affected != 1 {
                continue;
            }
            if let Some(paused) = failed(db, &hook, at).await? {
                hooks.insert(paused.id, paused);
            }
        }
    }
    Ok(delivered)
}

/// Counts a failed attempt of `hook`; at `PAUSE_AFTER` in a row pauses it
/// and mails the agency's administrators (once; whoever registered it may
/// have left). Answers the endpoint when this call paused it.
async fn failed(
    db: &DatabaseConnection,
    hook: &webhook::Model,
    at: DateTime<Utc>,
) -> Result<Option<webhook::Model>, AppError> {
    use sea_orm::sea_query::ExprTrait;
    webhook::Entity::update_many()
        .col_expr(webhook::Column::Failures, Expr::col(webhook::Column::Failures).add(1))
        .filter(webhook::Column::Id.eq(hook.id))
        .exec(db)
        .await?;
    let txn = db.begin().await?;
    let paused = webhook::Entity::update_many()
        .col_expr(webhook::Column::PausedAt, Expr::value(at))
        .filter(webhook::Column::Id.eq(hook.id))
        .filter(webhook::Column::PausedAt.is_null())
        .filter(webhook::Column::Failures.gte(PAUSE_AFTER))
        .exec(&txn)
        .await?;
    if paused.rows_affected != 1 {
        return Ok(None);
    }
    tracing::warn!(webhook = hook.id, "webhook paused after {PAUSE_AFTER} failed attempts in a row");
    let admins = Query::select()
        .column(user_role::Column::UserId)
        .from(user_role::Entity)
        .and_where(user_role::Column::Role.eq(Role::AgencyAdmin.as_str()))
        .to_owned();
    let owners = user::Entity::find()
        .filter(user::Column::AgencyId.eq(hook.agency_id))
        .filter(user::Column::DisabledAt.is_null())
        .filter(user::Column::Id.in_subquery(admins))
        .limit(20)
        .all(&txn)
        .await?;
    for owner in owners.iter().filter(|o| crate::domain::identity::has_mailbox(&o.email)) {
        let mail = NewMail {
            user_id: Some(owner.id),
            channel: Channel::Mail,
            to: &owner.email,
            locale: &owner.locale,
            kind: MailKind::WebhookPaused,
            params: serde_json::json!({ "name": owner.full_name, "url": hook.url, "failures": PAUSE_AFTER }),
            dedupe_key: format!("webhook-paused:{}:{}:{}", hook.id, at.timestamp(), owner.id),
        };
        mail::enqueue(&txn, mail, at).await?;
    }
    txn.commit().await?;
    Ok(Some(webhook::Model { paused_at: Some(at), ..hook.clone() }))
}

/// Runs the worker on the current runtime: a pass every `every`.
pub fn spawn_worker(db: DatabaseConnection, sender: Arc<Sender>, clock: Clock, every: std::time::Duration) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(every);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            if let Err(err) = deliver_due(&db, &sender, clock.now()).await {
                tracing::warn!(error = %err, "webhook pass failed");
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_public_https_address_is_an_endpoint() {
        assert!(target("https://archive.example.vn/hook", false).is_ok());
        assert!(target("https://archive.example.vn:8443/hook", false).is_ok());
        for inside in [
            "https://127.0.0.1/hook",
            "https://10.0.0.5/hook",
            "https://169.254.169.254/latest/meta-data",
            "https://[::1]/hook",
            "https://[fd00::1]/hook",
            "https://[::ffff:192.168.1.1]/hook",
            "https://localhost/hook",
            "https://intranet/hook",
            "https://db.internal/hook",
            "https://printer.local./hook",
            "https://user:pass@archive.example.vn/hook",
            "https://archive.example.vn:22/hook",
            "not a url",
        ] {
            assert_eq!(target(inside, false).err(), Some(Rule::WebhookAddress), "{inside}");
        }
        assert_eq!(target("http://archive.example.vn/hook", false).err(), Some(Rule::WebhookHttps));
        assert_eq!(target("ftp://archive.example.vn/hook", true).err(), Some(Rule::WebhookHttps));
        assert!(target("http://127.0.0.1:9000/hook", true).is_ok(), "a demo or a test may use its own machine");
    }

    #[test]
    fn the_signature_is_hmac_sha256_of_the_time_and_the_body() {
        // RFC 4231, test case 2: key "Jefe", data "what do ya want for nothing?".
        let at = 0;
        let mac = sign("Jefe", at, "what do ya want for nothing?");
        assert_ne!(mac, sign("Jefe", 1, "what do ya want for nothing?"), "the time is signed");
        let mut plain = hmac::Hmac::<sha2::Sha256>::new_from_slice(b"Jefe").unwrap();
        plain.update(b"what do ya want for nothing?");
        assert_eq!(
            secrets::hex(&plain.finalize().into_bytes()),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
        assert_eq!(mac.len(), 64);
    }
}
