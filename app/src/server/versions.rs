//! The rules every versioned part of the catalog shares (a procedure's
//! definition, its forms): one draft per scope, replaced while it is a
//! draft; publishing gives it the next number and the day it takes effect,
//! after which it never changes; the version in force on a day is the
//! newest published one effective by then; the seed's import adds a version
//! only when its file changed. What a version holds, and who may edit which
//! scope, is the business of `definitions` and `forms`.

use crate::domain::catalog::VersionInfo;
use crate::domain::rules::Rule;
use crate::error::AppError;
use crate::server::auth::audit::{self, AuditEvent};
use crate::server::entities::catalog_version::{self, Kind};
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Select, Set, SqlErr, TransactionTrait,
};

/// Whose versions: a kind, a procedure, and the agency (`None`: national).
#[derive(Clone, Copy, Debug)]
pub struct Scope {
    pub kind: Kind,
    pub procedure_id: i32,
    pub agency_id: Option<i32>,
}

impl Scope {
    pub fn national(kind: Kind, procedure_id: i32) -> Self {
        Self { kind, procedure_id, agency_id: None }
    }

    /// The rows of the scope's versions, drafts included.
    fn condition(self) -> Condition {
        Condition::all()
            .add(catalog_version::Column::Kind.eq(self.kind.as_str()))
            .add(catalog_version::Column::ProcedureId.eq(self.procedure_id))
            .add(match self.agency_id {
                Some(agency_id) => catalog_version::Column::AgencyId.eq(agency_id),
                None => catalog_version::Column::AgencyId.is_null(),
            })
    }

    /// Every version of the scope, drafts included.
    fn versions(self) -> Select<catalog_version::Entity> {
        catalog_version::Entity::find().filter(self.condition())
    }

    fn published(self) -> Select<catalog_version::Entity> {
        self.versions()
            .filter(catalog_version::Column::PublishedAt.is_not_null())
            .order_by_desc(catalog_version::Column::Number)
    }
}

/// A published version as the editors list it.
pub fn info(row: &catalog_version::Model, in_force: Option<i32>) -> VersionInfo {
    VersionInfo {
        number: row.number,
        own: row.agency_id.is_some(),
        in_force: in_force == Some(row.id),
        withdrawn: row.withdrawn_at.is_some(),
        published_at: row.published_at.map(|t| t.with_timezone(&Utc)),
        effective_from: row.effective_from,
    }
}

/// The published versions of `scope`, newest first.
pub async fn published(db: &impl ConnectionTrait, scope: Scope) -> Result<Vec<catalog_version::Model>, AppError> {
    Ok(scope.published().all(db).await?)
}

/// Published version `number` of `scope`.
pub async fn published_number(
    db: &impl ConnectionTrait,
    scope: Scope,
    number: i32,
) -> Result<Option<catalog_version::Model>, AppError> {
    Ok(scope.published().filter(catalog_version::Column::Number.eq(number)).one(db).await?)
}

/// The version of `scope` in force on `day`: of those published, not
/// withdrawn and in effect by then, the one that took effect last (the
/// newest of a day). A version set for a later day takes over that day,
/// whatever was published meanwhile.
pub async fn in_force(
    db: &impl ConnectionTrait,
    scope: Scope,
    day: NaiveDate,
) -> Result<Option<catalog_version::Model>, AppError> {
    Ok(scope
        .versions()
        .filter(catalog_version::Column::PublishedAt.is_not_null())
        .filter(catalog_version::Column::EffectiveFrom.lte(day))
        .filter(catalog_version::Column::WithdrawnAt.is_null())
        .order_by_desc(catalog_version::Column::EffectiveFrom)
        .order_by_desc(catalog_version::Column::Number)
        .one(db)
        .await?)
}

/// The draft of `scope`, if one is being written.
pub async fn draft(db: &impl ConnectionTrait, scope: Scope) -> Result<Option<catalog_version::Model>, AppError> {
    Ok(scope.versions().filter(catalog_version::Column::PublishedAt.is_null()).one(db).await?)
}

/// Which of `agencies` have a version of their own of `kind` for
/// `procedure_id` in force on `day`.
pub async fn agencies_with_own(
    db: &impl ConnectionTrait,
    kind: Kind,
    procedure_id: i32,
    agencies: Vec<i32>,
    day: NaiveDate,
) -> Result<Vec<i32>, DbErr> {
    let found: Vec<Option<i32>> = catalog_version::Entity::find()
        .select_only()
        .column(catalog_version::Column::AgencyId)
        .distinct()
        .filter(catalog_version::Column::Kind.eq(kind.as_str()))
        .filter(catalog_version::Column::ProcedureId.eq(procedure_id))
        .filter(catalog_version::Column::AgencyId.is_in(agencies))
        .filter(catalog_version::Column::PublishedAt.is_not_null())
        .filter(catalog_version::Column::WithdrawnAt.is_null())
        .filter(catalog_version::Column::EffectiveFrom.lte(day))
        .into_tuple()
        .all(db)
        .await?;
    Ok(found.into_iter().flatten().collect())
}

/// The version `id` of `kind`, whatever its scope.
pub async fn by_id(db: &impl ConnectionTrait, kind: Kind, id: i32) -> Result<Option<catalog_version::Model>, AppError> {
    Ok(catalog_version::Entity::find_by_id(id).filter(catalog_version::Column::Kind.eq(kind.as_str())).one(db).await?)
}

/// A version takes effect today or on a day within the coming year.
pub fn check_effective(effective_from: NaiveDate, today: NaiveDate) -> Result<(), AppError> {
    if effective_from < today || effective_from > today + chrono::Duration::days(366) {
        return Err(AppError::field("effective_from", Rule::NotAnOption));
    }
    Ok(())
}

/// The number the next published version of `scope` takes.
async fn next_number(db: &impl ConnectionTrait, scope: Scope) -> Result<i32, AppError> {
    Ok(scope.published().one(db).await?.map_or(0, |v| v.number).saturating_add(1))
}

/// A write that lost a race (another draft or number got there first).
fn raced(err: DbErr) -> AppError {
    match err.sql_err() {
        Some(SqlErr::UniqueConstraintViolation(_)) => AppError::Conflict,
        _ => err.into(),
    }
}

/// Keeps `content` as the draft of `scope`, written by `author` (the one
/// draft, replaced while it is still a draft; else a new one). One
/// statement each way, the first a write: no read that a concurrent commit
/// could keep SQLite's transaction from turning into the writer.
pub async fn save_draft(
    db: &DatabaseConnection,
    scope: Scope,
    content: String,
    author: i32,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let txn = db.begin().await?;
    let replaced = catalog_version::Entity::update_many()
        .col_expr(catalog_version::Column::Content, Expr::value(content.as_str()))
        .col_expr(catalog_version::Column::AuthorId, Expr::value(author))
        .col_expr(catalog_version::Column::CreatedAt, Expr::value(now.fixed_offset()))
        .filter(scope.condition())
        .filter(catalog_version::Column::PublishedAt.is_null())
        .exec(&txn)
        .await?;
    if replaced.rows_affected == 0 {
        // A draft written meanwhile by another editor is a unique-key conflict.
        new_version(scope, 0, content, Some(author), now, None).insert(&txn).await.map_err(raced)?;
    }
    txn.commit().await?;
    Ok(())
}

fn new_version(
    scope: Scope,
    number: i32,
    content: String,
    author: Option<i32>,
    now: DateTime<Utc>,
    effective_from: Option<NaiveDate>,
) -> catalog_version::ActiveModel {
    catalog_version::ActiveModel {
        kind: Set(scope.kind.as_str().to_owned()),
        procedure_id: Set(scope.procedure_id),
        agency_id: Set(scope.agency_id),
        number: Set(number),
        content: Set(content),
        author_id: Set(author),
        created_at: Set(now.fixed_offset()),
        published_at: Set(effective_from.map(|_| now.fixed_offset())),
        effective_from: Set(effective_from),
        ..Default::default()
    }
}

/// Publishes `draft` — as it was read, checked by the caller: a save in
/// between makes this a conflict — in force from `effective_from`, and
/// audits it as `action` on `subject`. Answers its number.
pub async fn publish<'a>(
    txn: &impl ConnectionTrait,
    scope: Scope,
    draft: &catalog_version::Model,
    effective_from: NaiveDate,
    audit_event: impl FnOnce(i32) -> AuditEvent<'a>,
    now: DateTime<Utc>,
) -> Result<i32, AppError> {
    // First a write on the draft's row: the number is then read under the
    // write lock (SQLite's transaction is the writer, not a reader that a
    // concurrent commit would keep from writing; PostgreSQL holds the row).
    catalog_version::Entity::update_many()
        .col_expr(catalog_version::Column::Content, Expr::col(catalog_version::Column::Content))
        .filter(catalog_version::Column::Id.eq(draft.id))
        .exec(txn)
        .await?;
    let number = next_number(txn, scope).await?;
    let changed = catalog_version::Entity::update_many()
        .col_expr(catalog_version::Column::PublishedAt, Expr::value(now.fixed_offset()))
        .col_expr(catalog_version::Column::EffectiveFrom, Expr::value(effective_from))
        .col_expr(catalog_version::Column::Number, Expr::value(number))
        .filter(catalog_version::Column::Id.eq(draft.id))
        .filter(catalog_version::Column::Content.eq(draft.content.as_str()))
        .filter(catalog_version::Column::PublishedAt.is_null())
        .exec(txn)
        .await
        .map_err(raced)?;
    if changed.rows_affected != 1 {
        return Err(AppError::Conflict);
    }
    audit::record(txn, audit_event(number)).await?;
    Ok(number)
}

/// Publishes `content` as version 1 of `scope`, which has none yet (a new
/// procedure's first definition), in force from `effective_from` (the
/// caller audits it). Answers the version's id.
pub async fn publish_first(
    txn: &impl ConnectionTrait,
    scope: Scope,
    content: String,
    author: i32,
    effective_from: NaiveDate,
    now: DateTime<Utc>,
) -> Result<i32, AppError> {
    let row =
        new_version(scope, 1, content, Some(author), now, Some(effective_from)).insert(txn).await.map_err(raced)?;
    Ok(row.id)
}

/// Withdraws published version `number` of `scope` — superseded, or not
/// yet in effect; never the one in force on `today` (publish another
/// instead) — and audits it as `audit_event`.
pub async fn withdraw<'a>(
    db: &DatabaseConnection,
    scope: Scope,
    number: i32,
    today: NaiveDate,
    audit_event: AuditEvent<'a>,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    // The withdrawal is the first statement (see `save_draft`); whether the
    // version was the one in force is read after it, and a refusal rolls
    // it back.
    let txn = db.begin().await?;
    let changed = catalog_version::Entity::update_many()
        .col_expr(catalog_version::Column::WithdrawnAt, Expr::value(now.fixed_offset()))
        .filter(scope.condition())
        .filter(catalog_version::Column::Number.eq(number))
        .filter(catalog_version::Column::PublishedAt.is_not_null())
        .filter(catalog_version::Column::WithdrawnAt.is_null())
        .exec(&txn)
        .await?;
    if changed.rows_affected != 1 {
        return match published_number(&txn, scope, number).await? {
            Some(_) => Err(AppError::Conflict),
            None => Err(AppError::NotFound),
        };
    }
    let row = published_number(&txn, scope, number).await?.ok_or(AppError::NotFound)?;
    // It was in force if it took effect by today and comes after every
    // version still standing (the order of `in_force`).
    let key = |v: &catalog_version::Model| (v.effective_from, v.number);
    let was_in_force = row.effective_from.is_some_and(|day| day <= today)
        && in_force(&txn, scope, today).await?.is_none_or(|standing| key(&standing) < key(&row));
    if was_in_force {
        return Err(AppError::field("number", Rule::NotAnOption));
    }
    audit::record(&txn, audit_event).await?;
    txn.commit().await?;
    Ok(())
}

/// The seed's version of `scope`: a new published version unless the
/// newest the seed imported says the same (`unchanged`); none the first
/// time. An administrator's later version stays in force until the file
/// changes. Answers the new version's id.
pub async fn import(
    db: &impl ConnectionTrait,
    scope: Scope,
    content: String,
    unchanged: impl Fn(&str) -> bool,
    now: DateTime<Utc>,
) -> Result<Option<i32>, AppError> {
    let imported = scope.published().filter(catalog_version::Column::AuthorId.is_null()).one(db).await?;
    if imported.as_ref().is_some_and(|row| unchanged(&row.content)) {
        return Ok(None);
    }
    // What the seed holds on first load is the law since the 2025 reform;
    // a changed file takes effect the day it is loaded.
    let today = crate::domain::dossier::vietnam_date(now);
    let effective = if imported.is_none() { NaiveDate::from_ymd_opt(2025, 7, 1) } else { Some(today) };
    let number = next_number(db, scope).await?;
    match new_version(scope, number, content, None, now, effective).insert(db).await.map_err(raced) {
        Ok(row) => Ok(Some(row.id)),
        // Another instance starting at the same moment imported it.
        Err(AppError::Conflict) => Ok(None),
        Err(err) => Err(err),
    }
}
