//! Public lookup (`/lookup`): a dossier's progress for anyone holding its
//! code and lookup secret. Limited per address; a wrong code and a wrong
//! secret get the same answer in the same time.

use super::{summary, timeline};
use crate::domain::progress::PublicDossier;
use crate::error::AppError;
use crate::server::auth::rate_limit::{self, Limit};
use crate::server::auth::session::Client;
use crate::server::entities::dossier;
use chrono::{DateTime, Utc};
use sea_orm::DatabaseConnection;

#[tracing::instrument(level = "debug", skip_all)]

pub async fn lookup(
    db: &DatabaseConnection,
    client: &Client,
    limit: Limit,
    code: &str,
    secret: &str,
    now: DateTime<Utc>,
) -> Result<PublicDossier, AppError> {
    let key = client.limit_key("lookup");
    if let Some(retry_after_secs) = rate_limit::hit(db, &key, limit, now).await? {
        return Err(AppError::RateLimited { retry_after_secs });
    }
    let secret = secret.trim().to_uppercase();
    let row = dossier::find_by_code(db, code).await?;
    // Compared even when there is no such dossier, so both refusals take as long.
    let stored = row.as_ref().map_or("--------", |d| d.lookup_secret.as_str());
    let matches = crate::server::secrets::same_secret(stored, &secret);
    let Some(row) = row.filter(|_| matches) else {
        return Err(AppError::NotFound);
    };
    let timeline = timeline(db, row.id)
        .await?
        .into_iter()
        .map(|mut entry| {
            entry.note = None;
            entry.detail = None;
            entry
        })
        .collect();
    let (due_on, finished_on) = (row.due_on, row.finished_on);
    Ok(PublicDossier { summary: summary(db, row).await?, due_on, finished_on, timeline })
}
