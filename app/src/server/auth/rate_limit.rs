//! Fixed-window counters in the database, so that every server instance
//! counts the same attempts.

use crate::server::entities::rate_limit;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, TransactionTrait};

/// A limit: at most `max` hits per `window_secs`.
#[derive(Clone, Copy, Debug)]
pub struct Limit {
    pub max: u32,
    pub window_secs: i64,
}

fn window(limit: Limit, now: DateTime<Utc>) -> (i64, u64) {
    let start = now.timestamp().div_euclid(limit.window_secs) * limit.window_secs;
    let retry_after = std::cmp::max(start + limit.window_secs - now.timestamp(), 1) as u64;
    (start, retry_after)
}

/// Counts one hit for `key`; returns the seconds to wait if this hit went over
/// `limit`. The increment and the read of the count are one transaction, so
/// each of many concurrent hits reads its own place in the count (the n-th
/// hit sees n): exactly the first `max` pass.
pub async fn hit(db: &DatabaseConnection, key: &str, limit: Limit, now: DateTime<Utc>) -> Result<Option<u64>, DbErr> {
    use sea_orm::ActiveValue::Set;
    let (start, retry_after) = window(limit, now);
    let row = rate_limit::ActiveModel { key: Set(key.to_owned()), window_start: Set(start), hits: Set(1) };
    let txn = db.begin().await?;
    rate_limit::Entity::insert(row)
        .on_conflict(
            OnConflict::columns([rate_limit::Column::Key, rate_limit::Column::WindowStart])
                .value(rate_limit::Column::Hits, Expr::col((rate_limit::Entity, rate_limit::Column::Hits)).add(1))
                .to_owned(),
        )
        .exec_without_returning(&txn)
        .await?;
    let hits = rate_limit::Entity::find_by_id((key.to_owned(), start)).one(&txn).await?.map_or(0, |row| row.hits);
    txn.commit().await?;
    Ok((hits as u32 > limit.max).then_some(retry_after))
}

/// Forgets the hits of `key` in the current window (a success after failures).
pub async fn clear(db: &impl ConnectionTrait, key: &str, limit: Limit, now: DateTime<Utc>) -> Result<(), DbErr> {
    let (start, _) = window(limit, now);
    rate_limit::Entity::delete_by_id((key.to_owned(), start)).exec(db).await?;
    Ok(())
}

/// Forgets windows that ended long ago.
pub async fn prune(db: &impl ConnectionTrait, now: DateTime<Utc>) -> Result<(), DbErr> {
    use sea_orm::{ColumnTrait, QueryFilter};
    rate_limit::Entity::delete_many()
        .filter(rate_limit::Column::WindowStart.lt(now.timestamp() - 86_400))
        .exec(db)
        .await?;
    Ok(())
}
