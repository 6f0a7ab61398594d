//! Online forms in versions. A procedure has a national form and, where an
//! agency adopted it with fields of its own, that agency's form; each is a
//! draft until published with the day it takes effect, and a published
//! version never changes. Applying uses the version in force at the chosen
//! agency; a dossier keeps the version it was filed under. Administrators
//! edit the draft of their scope: a system administrator the national form,
//! an agency administrator their agency's own.

use crate::domain::access::{Role, SessionUser};
use crate::domain::catalog::{FormEditor, FormVersionInfo};
use crate::domain::form::FormSchema;
use crate::domain::rules::{FieldErrors, Rule};
use crate::domain::text::LocalText;
use crate::error::AppError;
use crate::server::auth::audit::{self, AuditEvent};
use crate::server::entities::{agency, document_requirement, form_version, procedure, procedure_agency};
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, Select, Set, TransactionTrait,
};

/// The longest form schema an administrator may save (JSON), in bytes.
pub const MAX_SCHEMA_BYTES: usize = 256 * 1024;

/// A published version of a form.
pub struct Versioned {
    pub id: i32,
    pub schema: FormSchema,
}

fn parse(row: &form_version::Model) -> Result<FormSchema, AppError> {
    serde_json::from_str(&row.schema)
        .map_err(|err| AppError::internal(format_args!("form version {}: stored schema does not parse: {err}", row.id)))
}

/// The versions of `procedure_id`'s form of `scope`: an agency's own, or
/// (`None`) the national one.
fn versions_of(procedure_id: i32, scope: Option<i32>) -> Select<form_version::Entity> {
    let select = form_version::Entity::find().filter(form_version::Column::ProcedureId.eq(procedure_id));
    match scope {
        Some(agency_id) => select.filter(form_version::Column::AgencyId.eq(agency_id)),
        None => select.filter(form_version::Column::AgencyId.is_null()),
    }
}

/// The newest version of `scope` published and in effect on `day`.
async fn newest(
    db: &impl ConnectionTrait,
    procedure_id: i32,
    scope: Option<i32>,
    day: NaiveDate,
) -> Result<Option<form_version::Model>, AppError> {
    Ok(versions_of(procedure_id, scope)
        .filter(form_version::Column::PublishedAt.is_not_null())
        .filter(form_version::Column::EffectiveFrom.lte(day))
        .order_by_desc(form_version::Column::Number)
        .one(db)
        .await?)
}

/// The form used on `day` for `procedure_id` at the agency `agency_id`: its
/// own where it published one, the national form otherwise.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn in_force(
    db: &impl ConnectionTrait,
    procedure_id: i32,
    agency_id: Option<i32>,
    day: NaiveDate,
) -> Result<Option<Versioned>, AppError> {
    let own = match agency_id {
        Some(id) => newest(db, procedure_id, Some(id), day).await?,
        None => None,
    };
    let row = match own {
        Some(row) => Some(row),
        None => newest(db, procedure_id, None, day).await?,
    };
    row.map(|row| Ok(Versioned { id: row.id, schema: parse(&row)? })).transpose()
}

/// The form version `id` (a dossier's), as it was published.
pub async fn version(db: &impl ConnectionTrait, id: Option<i32>) -> Result<Option<FormSchema>, AppError> {
    let Some(id) = id else { return Ok(None) };
    match form_version::Entity::find_by_id(id).one(db).await? {
        Some(row) => parse(&row).map(Some),
        None => Ok(None),
    }
}

/// The seed's national form: a new published version when the file differs
/// from what the seed imported last (none the first time). An
/// administrator's later version stays in force until the file changes.
/// Answers whether it wrote one.
pub async fn import_national(
    db: &impl ConnectionTrait,
    procedure_id: i32,
    schema: &FormSchema,
    now: DateTime<Utc>,
) -> Result<bool, AppError> {
    let newest = versions_of(procedure_id, None)
        .filter(form_version::Column::AuthorId.is_null())
        .filter(form_version::Column::PublishedAt.is_not_null())
        .order_by_desc(form_version::Column::Number)
        .one(db)
        .await?;
    if let Some(row) = &newest
        && parse(row)? == *schema
    {
        return Ok(false);
    }
    let number = next_number(db, procedure_id, None).await?;
    let effective = if newest.is_none() { NaiveDate::from_ymd_opt(2025, 7, 1) } else { Some(now.date_naive()) };
    form_version::ActiveModel {
        procedure_id: Set(procedure_id),
        agency_id: Set(None),
        number: Set(number),
        schema: Set(serde_json::to_string(schema).map_err(AppError::internal)?),
        author_id: Set(None),
        created_at: Set(now.fixed_offset()),
        published_at: Set(Some(now.fixed_offset())),
        effective_from: Set(effective),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(true)
}

/// The number the next published version of `scope` takes (a draft has 0
/// until it is published, so versions are numbered in publishing order).
async fn next_number(db: &impl ConnectionTrait, procedure_id: i32, scope: Option<i32>) -> Result<i32, AppError> {
    let newest = versions_of(procedure_id, scope)
        .filter(form_version::Column::PublishedAt.is_not_null())
        .order_by_desc(form_version::Column::Number)
        .one(db)
        .await?;
    Ok(newest.map_or(0, |v| v.number).saturating_add(1))
}

/// Whose form an administrator edits: the national one, or their agency's.
#[derive(Clone, Debug)]
struct Scope {
    agency: Option<agency::Model>,
}

/// The procedure `code` and the administrator's scope over its form: a
/// system administrator the national form; an agency administrator their
/// agency's own, once the agency implements the procedure. Anyone else: none.
async fn scope_of(
    db: &impl ConnectionTrait,
    me: &SessionUser,
    code: &str,
) -> Result<(procedure::Model, Scope), AppError> {
    let procedure = procedure::Entity::find()
        .filter(procedure::Column::Code.eq(code.trim()))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    // An agency administrator edits their agency's own form (whatever other
    // role they hold, as `adoption::list` shows them); a system administrator
    // without it, the national one.
    let Some(mine) = me.agency.as_ref().filter(|_| me.has_role(Role::AgencyAdmin)) else {
        if me.has_role(Role::SystemAdmin) {
            return Ok((procedure, Scope { agency: None }));
        }
        return Err(AppError::Forbidden);
    };
    let adopted = procedure_agency::Entity::find()
        .filter(procedure_agency::Column::ProcedureId.eq(procedure.id))
        .filter(procedure_agency::Column::AgencyId.eq(mine.id))
        .count(db)
        .await?;
    if adopted == 0 {
        return Err(AppError::NotFound);
    }
    let agency = agency::Entity::find_by_id(mine.id).one(db).await?.ok_or(AppError::NotFound)?;
    Ok((procedure, Scope { agency: Some(agency) }))
}

async fn draft_of(
    db: &impl ConnectionTrait,
    procedure_id: i32,
    scope: &Scope,
) -> Result<Option<form_version::Model>, AppError> {
    let scope = scope.agency.as_ref().map(|a| a.id);
    Ok(versions_of(procedure_id, scope).filter(form_version::Column::PublishedAt.is_null()).one(db).await?)
}

async fn documents(db: &impl ConnectionTrait, procedure_id: i32) -> Result<u32, AppError> {
    let n = document_requirement::Entity::find()
        .filter(document_requirement::Column::ProcedureId.eq(procedure_id))
        .count(db)
        .await?;
    Ok(u32::try_from(n).unwrap_or(u32::MAX))
}

/// The form editor's view of procedure `code` for `me`.
pub async fn editor(
    db: &DatabaseConnection,
    me: &SessionUser,
    code: &str,
    today: NaiveDate,
) -> Result<FormEditor, AppError> {
    let (procedure, scope) = scope_of(db, me, code).await?;
    let agency_id = scope.agency.as_ref().map(|a| a.id);
    let in_force = in_force(db, procedure.id, agency_id, today).await?;
    let draft = draft_of(db, procedure.id, &scope).await?;
    let draft = match &draft {
        Some(row) => Some(parse(row)?),
        None => None,
    };
    let versions = form_version::Entity::find()
        .filter(form_version::Column::ProcedureId.eq(procedure.id))
        .filter(form_version::Column::PublishedAt.is_not_null())
        .filter(
            sea_orm::Condition::any()
                .add(form_version::Column::AgencyId.is_null())
                .add(form_version::Column::AgencyId.eq(agency_id.unwrap_or(-1))),
        )
        .order_by_desc(form_version::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|row| FormVersionInfo {
            number: row.number,
            own: row.agency_id.is_some(),
            in_force: in_force.as_ref().is_some_and(|v| v.id == row.id),
            published_at: row.published_at.map(|t| t.with_timezone(&Utc)),
            effective_from: row.effective_from,
        })
        .collect();
    Ok(FormEditor {
        code: procedure.code.clone(),
        name: LocalText::new(procedure.name_vi.clone(), procedure.name_en.clone()),
        agency: scope.agency.as_ref().map(|a| LocalText::new(a.name_vi.clone(), a.name_en.clone())),
        documents: documents(db, procedure.id).await?,
        in_force: in_force.map(|v| v.schema),
        draft,
        versions,
        provinces: crate::server::places::provinces(db).await?,
    })
}

/// Keeps `schema` as the draft of `me`'s scope (the one draft, replaced).
/// Answers what still stands in the way of publishing it.
pub async fn save_draft(
    db: &DatabaseConnection,
    me: &SessionUser,
    code: &str,
    schema: &str,
    now: DateTime<Utc>,
) -> Result<Vec<String>, AppError> {
    if schema.len() > MAX_SCHEMA_BYTES {
        return Err(invalid(Rule::TooLong(u32::try_from(MAX_SCHEMA_BYTES).unwrap_or(u32::MAX))));
    }
    let (procedure, scope) = scope_of(db, me, code).await?;
    let parsed: FormSchema = serde_json::from_str(schema).map_err(|_| invalid(Rule::WrongShape))?;
    let problems = parsed.problems(documents(db, procedure.id).await?);
    let stored = serde_json::to_string(&parsed).map_err(AppError::internal)?;
    let txn = db.begin().await?;
    match draft_of(&txn, procedure.id, &scope).await? {
        Some(row) => {
            // Only while still a draft: a version published meanwhile never changes.
            let changed = form_version::Entity::update_many()
                .col_expr(form_version::Column::Schema, Expr::value(stored))
                .col_expr(form_version::Column::AuthorId, Expr::value(me.id))
                .col_expr(form_version::Column::CreatedAt, Expr::value(now.fixed_offset()))
                .filter(form_version::Column::Id.eq(row.id))
                .filter(form_version::Column::PublishedAt.is_null())
                .exec(&txn)
                .await?;
            if changed.rows_affected != 1 {
                return Err(AppError::Conflict);
            }
        }
        None => {
            form_version::ActiveModel {
                procedure_id: Set(procedure.id),
                agency_id: Set(scope.agency.as_ref().map(|a| a.id)),
                number: Set(0),
                schema: Set(stored),
                author_id: Set(Some(me.id)),
                created_at: Set(now.fixed_offset()),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
        }
    }
    txn.commit().await?;
    Ok(problems)
}

/// Publishes the draft of `me`'s scope, in force from `effective_from`
/// (today or later). A draft with problems is not published.
pub async fn publish(
    db: &DatabaseConnection,
    me: &SessionUser,
    code: &str,
    effective_from: NaiveDate,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Result<i32, AppError> {
    if effective_from < today || effective_from > today + chrono::Duration::days(366) {
        return Err(field_invalid("effective_from", Rule::NotAnOption));
    }
    let (procedure, scope) = scope_of(db, me, code).await?;
    let draft = draft_of(db, procedure.id, &scope).await?.ok_or(AppError::NotFound)?;
    if !parse(&draft)?.problems(documents(db, procedure.id).await?).is_empty() {
        return Err(invalid(Rule::FormInvalid));
    }
    let txn = db.begin().await?;
    let number = next_number(&txn, procedure.id, scope.agency.as_ref().map(|a| a.id)).await?;
    // The schema checked above, still a draft: a save in between is not published unchecked.
    let changed = form_version::Entity::update_many()
        .col_expr(form_version::Column::PublishedAt, Expr::value(now.fixed_offset()))
        .col_expr(form_version::Column::EffectiveFrom, Expr::value(effective_from))
        .col_expr(form_version::Column::Number, Expr::value(number))
        .filter(form_version::Column::Id.eq(draft.id))
        .filter(form_version::Column::Schema.eq(draft.schema.as_str()))
        .filter(form_version::Column::PublishedAt.is_null())
        .exec(&txn)
        .await?;
    if changed.rows_affected != 1 {
        return Err(AppError::Conflict);
    }
    let whose = scope.agency.as_ref().map_or_else(|| "national".to_owned(), |a| a.code.clone());
    let subject = format!("procedure:{} form:{whose} version:{number}", procedure.code);
    let detail = Some(format!("effective_from {effective_from}"));
    audit::record(&txn, AuditEvent::change_by(me, "form.publish", subject, detail)).await?;
    txn.commit().await?;
    Ok(number)
}

fn field_invalid(field: &str, rule: Rule) -> AppError {
    let mut errors = FieldErrors::default();
    errors.push(field, rule);
    errors.into()
}

fn invalid(rule: Rule) -> AppError {
    field_invalid("schema", rule)
}
