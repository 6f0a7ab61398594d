//! Drafts: saved answers, visible to their owner only, kept until submitted or
//! until they expire.

use crate::domain::access::SessionUser;
use crate::domain::application::{AgencyAnswer, Draft, DraftSave, DraftSaved, DraftSummary, MAX_DRAFT_BYTES};
use crate::domain::form::{MAX_ANSWER_DEPTH, depth};
use crate::domain::rules::{FieldErrors, Rule};
use crate::domain::text::LocalText;
use crate::error::AppError;
use crate::server::attachments::{Files, ORPHAN_GRACE, delete_stored, sweep_orphans};
use crate::server::entities::{attachment, draft, procedure};
use crate::server::secrets::random_bytes;
use crate::server::{agencies, forms};
use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};

fn new_id() -> String {
    random_bytes::<16>().iter().map(|b| format!("{b:02x}")).collect()
}

/// Saves answers: a new draft, or a new version of the caller's draft.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn save(
    db: &DatabaseConnection,
    me: &SessionUser,
    form: &DraftSave,
    ttl: Duration,
    now: DateTime<Utc>,
) -> Result<DraftSaved, AppError> {
    // Bounded before it is serialised: a value nested deeper than any form
    // (built by a crafted request) is refused, not walked recursively.
    if !form.data.is_object() || depth(&form.data) > MAX_ANSWER_DEPTH {
        let mut errors = FieldErrors::default();
        errors.push("data", Rule::WrongShape);
        return Err(errors.into());
    }
    let data = serde_json::to_string(&form.data).map_err(AppError::internal)?;
    if data.len() > MAX_DRAFT_BYTES {
        return Err(AppError::TooLarge);
    }
    let procedure = applicable_procedure(db, &form.procedure_code).await?;
    let expires_at = now + ttl;
    let saved = match &form.draft_id {
        None => create(db, me, &procedure, &form.data, None, ttl, now).await?,
        Some(id) => {
            let current = owned(db, me, id, now).await?;
            if current.procedure_id != procedure.id {
                return Err(AppError::NotFound);
            }
            let form_version = form_version(db, &procedure, &form.data, current.form_version_id, now).await?;
            // Compare-and-set on the version: of two saves from the same base, one wins.
            let base = form.base_version.unwrap_or(current.version);
            let updated = draft::Entity::update_many()
                .col_expr(draft::Column::FormVersionId, sea_orm::sea_query::Expr::value(form_version))
                .col_expr(draft::Column::Data, sea_orm::sea_query::Expr::value(data))
                .col_expr(draft::Column::Version, sea_orm::sea_query::Expr::value(base + 1))
                .col_expr(draft::Column::UpdatedAt, sea_orm::sea_query::Expr::value(now))
                .col_expr(draft::Column::ExpiresAt, sea_orm::sea_query::Expr::value(expires_at))
                .filter(draft::Column::Id.eq(id.as_str()))
                .filter(draft::Column::UserId.eq(me.id))
                .filter(draft::Column::Version.eq(base))
                .exec(db)
                .await?;
            if updated.rows_affected != 1 {
                return Err(AppError::Conflict);
            }
            owned(db, me, id, now).await?
        }
    };
    Ok(DraftSaved {
        id: saved.id,
        version: saved.version,
        submit_key: saved.submit_key,
        updated_at: saved.updated_at,
        expires_at: saved.expires_at,
    })
}

/// A new draft of `me` for `procedure` with answers `data` (bounded by the
/// caller); `intake` (as JSON) makes it a receiver's intake.
pub async fn create(
    db: &DatabaseConnection,
    me: &SessionUser,
    procedure: &procedure::Model,
    data: &serde_json::Value,
    intake: Option<String>,
    ttl: Duration,
    now: DateTime<Utc>,
) -> Result<draft::Model, AppError> {
    let form_version = form_version(db, procedure, data, None, now).await?;
    Ok(draft::ActiveModel {
        id: Set(new_id()),
        user_id: Set(me.id),
        procedure_id: Set(procedure.id),
        data: Set(serde_json::to_string(data).map_err(AppError::internal)?),
        version: Set(1),
        submit_key: Set(new_id()),
        created_at: Set(now),
        updated_at: Set(now),
        expires_at: Set(now + ttl),
        form_version_id: Set(form_version),
        intake: Set(intake),
    }
    .insert(db)
    .await?)
}

/// The form version answers `data` follow: the one the draft `kept` while
/// it is still the chosen agency's form and not withdrawn, otherwise the
/// one in force there (`forms::for_draft`).
async fn form_version(
    db: &DatabaseConnection,
    procedure: &procedure::Model,
    data: &serde_json::Value,
    kept: Option<i32>,
    now: DateTime<Utc>,
) -> Result<Option<i32>, AppError> {
    let at = match AgencyAnswer::of(data).and_then(|answer| answer.code) {
        Some(code) => agencies::implementer_by_code(db, procedure, &code).await?.map(|(agency, _)| agency.id),
        None => None,
    };
    let day = crate::domain::dossier::vietnam_date(now);
    Ok(forms::for_draft(db, procedure.id, at, kept, day).await?.map(|draft| draft.form.id))
}

/// One of the caller's drafts, to resume.
pub async fn get(db: &DatabaseConnection, me: &SessionUser, id: &str, now: DateTime<Utc>) -> Result<Draft, AppError> {
    let row = owned(db, me, id, now).await?;
    let procedure = procedure::Entity::find_by_id(row.procedure_id).one(db).await?.ok_or(AppError::NotFound)?;
    let attachments = crate::server::attachments::of_draft(db, me, &row.id).await?;
    Ok(Draft {
        id: row.id,
        procedure_code: procedure.code,
        procedure_name: LocalText::new(procedure.name_vi, procedure.name_en),
        data: serde_json::from_str(&row.data).unwrap_or_default(),
        version: row.version,
        submit_key: row.submit_key.clone(),
        attachments,
        updated_at: row.updated_at,
        expires_at: row.expires_at,
    })
}

/// The caller's drafts, most recent first.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn list(
    db: &DatabaseConnection,
    me: &SessionUser,
    now: DateTime<Utc>,
) -> Result<Vec<DraftSummary>, AppError> {
    let rows = draft::Entity::find()
        .filter(draft::Column::UserId.eq(me.id))
        .filter(draft::Column::ExpiresAt.gt(now))
        .order_by_desc(draft::Column::UpdatedAt)
        .all(db)
        .await?;
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        if let Some(procedure) = procedure::Entity::find_by_id(row.procedure_id).one(db).await? {
            out.push(DraftSummary {
                id: row.id,
                procedure_code: procedure.code,
                procedure_name: LocalText::new(procedure.name_vi, procedure.name_en),
                version: row.version,
                updated_at: row.updated_at,
                expires_at: row.expires_at,
            });
        }
    }
    Ok(out)
}

/// Deletes one of the caller's drafts, with its files.
pub async fn delete(
    db: &DatabaseConnection,
    files: &Files,
    me: &SessionUser,
    id: &str,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    owned(db, me, id, now).await?;
    remove_files(db, files, attachment::Column::DraftId.eq(id)).await?;
    draft::Entity::delete_many()
        .filter(draft::Column::Id.eq(id))
        .filter(draft::Column::UserId.eq(me.id))
        .exec(db)
        .await?;
    Ok(())
}

/// Removes expired drafts and their files, and the files a submission left
/// behind (an authorisation uploaded before choosing to file for oneself);
/// returns how many drafts.
pub async fn purge_expired(db: &DatabaseConnection, files: &Files, now: DateTime<Utc>) -> Result<u64, AppError> {
    let live = draft::Entity::find().select_only().column(draft::Column::Id).filter(draft::Column::ExpiresAt.gt(now));
    remove_files(db, files, attachment::Column::DraftId.not_in_subquery(sea_orm::QueryTrait::into_query(live))).await?;
    Ok(draft::Entity::delete_many().filter(draft::Column::ExpiresAt.lte(now)).exec(db).await?.rows_affected)
}

/// Deletes the unsubmitted attachments matching `which`, rows and bytes.
async fn remove_files(
    db: &DatabaseConnection,
    files: &Files,
    which: sea_orm::sea_query::SimpleExpr,
) -> Result<(), AppError> {
    let rows = attachment::Entity::find().filter(which).filter(attachment::Column::DossierId.is_null()).all(db).await?;
    for row in rows {
        attachment::Entity::delete_by_id(row.id.clone()).exec(db).await?;
        delete_stored(files, &row).await;
    }
    Ok(())
}

/// The caller's live draft `id`; anyone else's, or an expired one, does not exist.
async fn owned(
    db: &DatabaseConnection,
    me: &SessionUser,
    id: &str,
    now: DateTime<Utc>,
) -> Result<draft::Model, AppError> {
    draft::Entity::find()
        .filter(draft::Column::Id.eq(id))
        .filter(draft::Column::UserId.eq(me.id))
        .filter(draft::Column::ExpiresAt.gt(now))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)
}

/// A procedure one can apply for online (level 2 and up).
async fn applicable_procedure(db: &DatabaseConnection, code: &str) -> Result<procedure::Model, AppError> {
    procedure::Entity::find()
        .filter(procedure::Column::Code.eq(code.trim()))
        .filter(procedure::Column::ServiceLevel.gte(2))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)
}

/// Every hour: expired drafts and their files, then the files nothing points at.
pub fn spawn_sweeper(db: DatabaseConnection, files: Files) {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(std::time::Duration::from_secs(3600));
        every.tick().await; // the start already purged
        loop {
            every.tick().await;
            let now = Utc::now();
            match purge_expired(&db, &files, now).await {
                Ok(0) => {}
                Ok(purged) => tracing::info!(purged, "expired drafts removed"),
                Err(err) => tracing::warn!(error = %err, "removing expired drafts"),
            }
            match sweep_orphans(&db, &files, now, ORPHAN_GRACE).await {
                Ok(0) => {}
                Ok(swept) => tracing::info!(swept, "stored files nothing points at removed"),
                Err(err) => tracing::warn!(error = %err, "sweeping stored files"),
            }
        }
    });
}
