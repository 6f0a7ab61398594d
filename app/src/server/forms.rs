//! Online forms in versions. A procedure has a national form and, where an
//! agency adopted it with fields of its own, that agency's form; each is a
//! draft until published with the day it takes effect, and a published
//! version never changes. Applying uses the version in force at the chosen
//! agency; a dossier keeps the version it was filed under. Administrators
//! edit the draft of their scope: a system administrator the national form,
//! an agency administrator their agency's own.

use crate::domain::access::{Role, SessionUser};
use crate::domain::catalog::FormEditor;
use crate::domain::form::FormSchema;
use crate::domain::rules::Rule;
use crate::domain::text::LocalText;
use crate::error::AppError;
use crate::server::auth::audit::AuditEvent;
use crate::server::entities::catalog_version::{self, Kind};
use crate::server::entities::{agency, document_requirement, procedure, procedure_agency};
use crate::server::versions::{self, Scope};
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter, TransactionTrait,
};

/// The longest form schema an administrator may save (JSON), in bytes.
pub const MAX_SCHEMA_BYTES: usize = 256 * 1024;

/// A published version of a form.
pub struct Versioned {
    pub id: i32,
    /// Whose: an agency's own, or (`None`) the national form.
    pub agency_id: Option<i32>,
    pub schema: FormSchema,
}

impl Versioned {
    fn of(row: &catalog_version::Model) -> Result<Self, AppError> {
        Ok(Self { id: row.id, agency_id: row.agency_id, schema: parse(row)? })
    }
}

/// The form a draft follows, and what it replaced when the draft's own
/// version was withdrawn.
pub struct DraftForm {
    pub form: Versioned,
    pub replaced: Option<FormSchema>,
}

fn parse(row: &catalog_version::Model) -> Result<FormSchema, AppError> {
    serde_json::from_str(&row.content)
        .map_err(|err| AppError::internal(format_args!("form version {}: stored schema does not parse: {err}", row.id)))
}

fn scope(procedure_id: i32, agency_id: Option<i32>) -> Scope {
    Scope { kind: Kind::Form, procedure_id, agency_id }
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
        Some(id) => versions::in_force(db, scope(procedure_id, Some(id)), day).await?,
        None => None,
    };
    let row = match own {
        Some(row) => Some(row),
        None => versions::in_force(db, scope(procedure_id, None), day).await?,
    };
    row.as_ref().map(Versioned::of).transpose()
}

/// The form of a draft at `agency_id` on `day`: the version it was started
/// under (`kept`) while that is still the agency's (or the national) form
/// and not withdrawn; otherwise the one in force — with the form it
/// replaced, so the citizen is told what changed.
pub async fn for_draft(
    db: &impl ConnectionTrait,
    procedure_id: i32,
    agency_id: Option<i32>,
    kept: Option<i32>,
    day: NaiveDate,
) -> Result<Option<DraftForm>, AppError> {
    let Some(current) = in_force(db, procedure_id, agency_id, day).await? else { return Ok(None) };
    let kept = match kept.filter(|id| *id != current.id) {
        Some(id) => versions::by_id(db, Kind::Form, id).await?.filter(|row| row.procedure_id == procedure_id),
        None => None,
    };
    Ok(Some(match kept {
        Some(row) if row.agency_id == current.agency_id && row.withdrawn_at.is_none() => {
            DraftForm { form: Versioned::of(&row)?, replaced: None }
        }
        Some(row) => DraftForm { form: current, replaced: Some(parse(&row)?) },
        None => DraftForm { form: current, replaced: None },
    }))
}

/// The form version `id` (a dossier's), as it was published.
pub async fn version(db: &impl ConnectionTrait, id: Option<i32>) -> Result<Option<FormSchema>, AppError> {
    let Some(id) = id else { return Ok(None) };
    match versions::by_id(db, Kind::Form, id).await? {
        Some(row) => parse(&row).map(Some),
        None => Ok(None),
    }
}

/// The seed's national form (`versions::import`). Answers whether it wrote one.
pub async fn import_national(
    db: &impl ConnectionTrait,
    procedure_id: i32,
    schema: &FormSchema,
    now: DateTime<Utc>,
) -> Result<bool, AppError> {
    let content = serde_json::to_string(schema).map_err(AppError::internal)?;
    let unchanged = |text: &str| serde_json::from_str::<FormSchema>(text).is_ok_and(|stored| stored == *schema);
    Ok(versions::import(db, scope(procedure_id, None), content, unchanged, now).await?.is_some())
}

/// Whose form an administrator edits: the national one, or their agency's.
#[derive(Clone, Debug)]
struct Editing {
    agency: Option<agency::Model>,
}

/// The procedure `code` and the administrator's scope over its form: a
/// system administrator the national form; an agency administrator their
/// agency's own, once the agency implements the procedure. Anyone else: none.
async fn scope_of(
    db: &impl ConnectionTrait,
    me: &SessionUser,
    code: &str,
) -> Result<(procedure::Model, Editing), AppError> {
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
            return Ok((procedure, Editing { agency: None }));
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
    Ok((procedure, Editing { agency: Some(agency) }))
}

impl Editing {
    fn scope(&self, procedure_id: i32) -> Scope {
        scope(procedure_id, self.agency.as_ref().map(|a| a.id))
    }
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
    let (procedure, editing) = scope_of(db, me, code).await?;
    let agency_id = editing.agency.as_ref().map(|a| a.id);
    let in_force = in_force(db, procedure.id, agency_id, today).await?;
    let draft = match versions::draft(db, editing.scope(procedure.id)).await? {
        Some(row) => Some(parse(&row)?),
        None => None,
    };
    let mut rows = versions::published(db, scope(procedure.id, None)).await?;
    if agency_id.is_some() {
        rows.extend(versions::published(db, editing.scope(procedure.id)).await?);
    }
    rows.sort_by_key(|row| std::cmp::Reverse(row.id));
    let current = in_force.as_ref().map(|v| v.id);
    let versions = rows.iter().map(|row| versions::info(row, current)).collect();
    Ok(FormEditor {
        code: procedure.code.clone(),
        name: LocalText::new(procedure.name_vi.clone(), procedure.name_en.clone()),
        agency: editing.agency.as_ref().map(|a| LocalText::new(a.name_vi.clone(), a.name_en.clone())),
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
    let (procedure, editing) = scope_of(db, me, code).await?;
    let parsed: FormSchema = serde_json::from_str(schema).map_err(|_| invalid(Rule::WrongShape))?;
    let problems = parsed.problems(documents(db, procedure.id).await?);
    let stored = serde_json::to_string(&parsed).map_err(AppError::internal)?;
    versions::save_draft(db, editing.scope(procedure.id), stored, me.id, now).await?;
    Ok(problems)
}

/// Publishes the draft of `me`'s scope — the form the administrator saw
/// (`seen`), else it is a conflict — in force from `effective_from` (today
/// or later). A draft with problems is not published.
pub async fn publish(
    db: &DatabaseConnection,
    me: &SessionUser,
    code: &str,
    seen: &str,
    effective_from: NaiveDate,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Result<i32, AppError> {
    versions::check_effective(effective_from, today)?;
    let (procedure, editing) = scope_of(db, me, code).await?;
    let scope = editing.scope(procedure.id);
    let draft = versions::draft(db, scope).await?.ok_or(AppError::NotFound)?;
    // What the administrator saw is what is published.
    let draft_schema = parse(&draft)?;
    if serde_json::from_str::<FormSchema>(seen).ok().as_ref() != Some(&draft_schema) {
        return Err(AppError::Conflict);
    }
    if !draft_schema.problems(documents(db, procedure.id).await?).is_empty() {
        return Err(invalid(Rule::FormInvalid));
    }
    let whose = editing.agency.as_ref().map_or_else(|| "national".to_owned(), |a| a.code.clone());
    let audit_event = |number| {
        let subject = format!("procedure:{} form:{whose} version:{number}", procedure.code);
        AuditEvent::change_by(me, "form.publish", subject, Some(format!("effective_from {effective_from}")))
    };
    let txn = db.begin().await?;
    let number = versions::publish(&txn, scope, &draft, effective_from, audit_event, now).await?;
    txn.commit().await?;
    Ok(number)
}

/// The published, not withdrawn versions of `procedure_id`'s forms (national
/// and the agencies' own) that would not fit a definition requiring
/// `documents` documents, each with why.
pub async fn misfits(db: &impl ConnectionTrait, procedure_id: i32, documents: u32) -> Result<Vec<String>, AppError> {
    let rows = catalog_version::Entity::find()
        .filter(catalog_version::Column::Kind.eq(Kind::Form.as_str()))
        .filter(catalog_version::Column::ProcedureId.eq(procedure_id))
        .filter(catalog_version::Column::PublishedAt.is_not_null())
        .filter(catalog_version::Column::WithdrawnAt.is_null())
        .all(db)
        .await?;
    let mut found = Vec::new();
    for row in rows {
        let problems = parse(&row)?.problems(documents);
        if !problems.is_empty() {
            let whose = if row.agency_id.is_some() { "an agency's own form" } else { "the national form" };
            found.push(format!("{whose}, version {}: {}", row.number, problems.join("; ")));
        }
    }
    Ok(found)
}

/// Withdraws version `number` of `me`'s scope (not the one in force):
/// drafts started under it move to the form in force, and their citizens
/// are told what changed.
pub async fn withdraw(
    db: &DatabaseConnection,
    me: &SessionUser,
    code: &str,
    number: i32,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let (procedure, editing) = scope_of(db, me, code).await?;
    let whose = editing.agency.as_ref().map_or_else(|| "national".to_owned(), |a| a.code.clone());
    let subject = format!("procedure:{} form:{whose} version:{number}", procedure.code);
    let event = AuditEvent::change_by(me, "form.withdraw", subject, None);
    versions::withdraw(db, editing.scope(procedure.id), number, today, event, now).await
}

fn invalid(rule: Rule) -> AppError {
    AppError::field("schema", rule)
}
