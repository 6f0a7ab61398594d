//! The national portal's sync after a failover (`bench failover`): once the
//! surviving instance has sent what the killed one held (its claims expire
//! after two minutes), the portal's sandbox holds every event of every
//! dossier, received in each dossier's order; a message sent again because
//! its answer died with the instance is a repeat the idempotency key absorbed.

use sea_orm::{ConnectionTrait, Database, Statement};
use std::collections::HashMap;
use std::time::{Duration, Instant};

/// What the sandbox of the national portal received.
pub struct SyncReport {
    /// Events of the dossiers, each one message.
    pub expected: usize,
    /// Messages the sandbox kept.
    pub received: usize,
    /// Events without their message.
    pub missing: usize,
    /// Dossiers whose messages arrived in another order than their events.
    pub out_of_order: usize,
    /// Messages that came again (same idempotency key), kept once.
    pub repeats: i64,
    /// How long the outbox took to drain after the run.
    pub drained_after: Duration,
}

impl SyncReport {
    pub fn ensure_exact(&self) -> anyhow::Result<()> {
        anyhow::ensure!(
            self.missing == 0 && self.out_of_order == 0 && self.received == self.expected,
            "national sync: {} of {} events missing, {} dossiers out of order, {} messages received",
            self.missing,
            self.expected,
            self.out_of_order,
            self.received
        );
        Ok(())
    }
}

/// Waits (up to `limit`) until the sync outbox is drained, then compares
/// what the sandbox received with the dossiers' events.
pub async fn settle(config: &server::config::Config, limit: Duration) -> anyhow::Result<SyncReport> {
    let db = Database::connect(&config.database_url).await?;
    let backend = db.get_database_backend();
    let rows = |sql: &'static str| {
        let db = &db;
        async move { anyhow::Ok(db.query_all_raw(Statement::from_string(backend, sql)).await?) }
    };
    let started = Instant::now();
    loop {
        let waiting = rows("SELECT COUNT(*) FROM national_sync WHERE state <> 'sent'").await?;
        let waiting = waiting.first().map(|row| row.try_get_by_index::<i64>(0)).transpose()?.unwrap_or_default();
        if waiting == 0 {
            break;
        }
        anyhow::ensure!(started.elapsed() < limit, "national sync: {waiting} messages still waiting after {limit:?}");
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
    let drained_after = started.elapsed();
    let mut events: HashMap<String, Vec<String>> = HashMap::new();
    for row in
        rows("SELECT d.code, e.id FROM dossier_events e JOIN dossiers d ON d.id = e.dossier_id ORDER BY e.id").await?
    {
        let (code, id) = (row.try_get_by_index::<String>(0)?, row.try_get_by_index::<i64>(1)?);
        events.entry(code).or_default().push(id.to_string());
    }
    let mut got: HashMap<String, Vec<String>> = HashMap::new();
    let mut repeats = 0;
    let mut received = 0;
    for row in rows("SELECT dossier_code, message_key, repeats FROM national_sandbox ORDER BY id").await? {
        let (code, key) = (row.try_get_by_index::<String>(0)?, row.try_get_by_index::<String>(1)?);
        repeats += i64::from(row.try_get_by_index::<i32>(2)?);
        received += 1;
        got.entry(code).or_default().push(key);
    }
    let (mut expected, mut missing, mut out_of_order) = (0, 0, 0);
    for (code, ids) in &events {
        expected += ids.len();
        let keys = got.get(code).cloned().unwrap_or_default();
        missing += ids.iter().filter(|id| !keys.contains(id)).count();
        if keys != *ids {
            out_of_order += 1;
        }
    }
    Ok(SyncReport { expected, received, missing, out_of_order, repeats, drained_after })
}
