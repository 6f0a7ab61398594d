//! A procedure's national definition in versions: its names, sector, tier,
//! level, steps, conditions, required documents, fees, channels, legal bases,
//! processing days and result — written in the seed files' format (TOML), so
//! the seed files are one import of this model and any version exports to a
//! file the seed reads. A system administrator edits the draft and publishes
//! it from a day on (`versions`); the `procedures` row (and its documents and
//! legal bases) shows the version in force, brought up to date when a
//! version takes effect; a dossier keeps the version it was filed under.

use crate::domain::access::{Role, SessionUser};
use crate::domain::catalog::{Channel, DefinitionEditor, DefinitionVersion, Fee, NewProcedure};
use crate::domain::codes::{ProcedureCode, ServiceLevel};
use crate::domain::rules::Rule;
use crate::domain::text::{LocalText, fold};
use crate::error::AppError;
use crate::server::auth::audit::{self, AuditEvent};
use crate::server::entities::catalog_version::{self, Kind};
use crate::server::entities::{
    agency, document_requirement, legal_document, procedure, procedure_legal_document, sector, template,
};
use crate::server::versions::{self, Scope};
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::*;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// The longest definition an administrator may save (TOML), in bytes.
pub const MAX_DEFINITION_BYTES: usize = 64 * 1024;
/// Bounds on what one definition lists.
const MAX_ITEMS: usize = 50;
const MAX_TEXT_CHARS: usize = 2000;
const MAX_DAYS: i32 = 365;
const MAX_FEE_VND: i64 = 1_000_000_000;

/// A file of procedures, all in one sector: a seed file, or one version
/// (exactly one procedure).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProcedureFile {
    pub sector: String,
    pub procedure: Vec<Definition>,
}

/// A procedure's national definition.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Definition {
    pub code: String,
    pub name_vi: String,
    pub name_en: String,
    /// The competent agency's code (its tier is the procedure's).
    pub agency: String,
    pub level: i64,
    pub processing_days: i32,
    /// Filed at any agency of its tier, wherever the applicant lives.
    #[serde(default)]
    pub any_desk: bool,
    /// The VNeID level of assurance needed to submit (2 for procedures that
    /// need a verified identity; 0, left out of the file, for any citizen).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub identity_level: u8,
    #[serde(default)]
    pub processing_note: LocalText,
    pub applicants: LocalText,
    pub result: LocalText,
    pub channels: Vec<Channel>,
    pub steps: Vec<LocalText>,
    #[serde(default)]
    pub conditions: Vec<LocalText>,
    #[serde(default)]
    pub fees: Vec<Fee>,
    #[serde(default)]
    pub documents: Vec<DocumentDefinition>,
    /// Numbers of the legal documents it rests on.
    #[serde(default)]
    pub legal: Vec<String>,
}

/// A required document.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DocumentDefinition {
    pub vi: String,
    pub en: String,
    #[serde(default = "one")]
    pub originals: i32,
    #[serde(default)]
    pub copies: i32,
    #[serde(default = "yes")]
    pub mandatory: bool,
    /// A template's file name.
    pub template: Option<String>,
}

fn one() -> i32 {
    1
}

fn yes() -> bool {
    true
}

/// Ids of the rows procedures point at, by their natural keys.
pub struct Ids {
    pub sectors: HashMap<String, i32>,
    /// Agency code → (id, level).
    pub agencies: HashMap<String, (i32, String)>,
    pub legal: HashMap<String, i32>,
    pub templates: HashMap<String, i32>,
}

impl Ids {
    pub async fn load(db: &impl ConnectionTrait) -> Result<Self, DbErr> {
        Ok(Self {
            sectors: sector::Entity::find().all(db).await?.into_iter().map(|s| (s.code, s.id)).collect(),
            agencies: agency::Entity::find().all(db).await?.into_iter().map(|a| (a.code, (a.id, a.level))).collect(),
            legal: legal_document::Entity::find().all(db).await?.into_iter().map(|l| (l.number, l.id)).collect(),
            templates: template::Entity::find().all(db).await?.into_iter().map(|t| (t.file_name, t.id)).collect(),
        })
    }

    /// Any sector code and agency code, for synthetic data.
    pub fn any_sector_and_agency(&self) -> Option<(String, String)> {
        Some((self.sectors.keys().min()?.clone(), self.agencies.keys().min()?.clone()))
    }
}

fn is_zero(level: &u8) -> bool {
    *level == 0
}

impl Definition {
    /// What stands in the way of publishing this definition in `sector`:
    /// every reference resolves, every list and text is within bounds.
    pub fn problems(&self, sector: &str, ids: &Ids) -> Vec<String> {
        let mut problems = Vec::new();
        let mut say = |problem: String| problems.push(problem);
        if ProcedureCode::parse(&self.code).is_err() {
            say(format!("code “{}” is not a national procedure code (e.g. 1.001193)", self.code));
        }
        if ServiceLevel::parse(self.level).is_err() {
            say(format!("level {} is not 1, 2, 3 or 4", self.level));
        }
        if self.identity_level > 2 {
            say(format!("identity_level {} is not 0, 1 or 2", self.identity_level));
        }
        if !ids.sectors.contains_key(sector) {
            say(format!("unknown sector “{sector}”"));
        }
        if !ids.agencies.contains_key(&self.agency) {
            say(format!("unknown agency “{}”", self.agency));
        }
        if !(0..=MAX_DAYS).contains(&self.processing_days) {
            say(format!("processing_days must be 0 to {MAX_DAYS}"));
        }
        if self.name_vi.trim().is_empty() {
            say("name_vi is empty".to_owned());
        }
        if self.steps.is_empty() {
            say("no steps".to_owned());
        }
        for (name, len) in [
            ("steps", self.steps.len()),
            ("conditions", self.conditions.len()),
            ("fees", self.fees.len()),
            ("documents", self.documents.len()),
            ("legal", self.legal.len()),
            ("channels", self.channels.len()),
        ] {
            if len > MAX_ITEMS {
                say(format!("{name}: more than {MAX_ITEMS}"));
            }
        }
        let texts = [&self.processing_note, &self.applicants, &self.result]
            .into_iter()
            .chain(&self.steps)
            .chain(&self.conditions)
            .chain(self.fees.iter().map(|f| &f.label))
            .flat_map(|t| [Some(t.vi.as_str()), t.en.as_deref()])
            .flatten()
            .chain([self.name_vi.as_str(), self.name_en.as_str()])
            .chain(self.documents.iter().flat_map(|d| [d.vi.as_str(), d.en.as_str()]));
        if texts.into_iter().any(|t| t.chars().count() > MAX_TEXT_CHARS) {
            say(format!("a text is longer than {MAX_TEXT_CHARS} characters"));
        }
        for fee in &self.fees {
            if !(0..=MAX_FEE_VND).contains(&fee.amount_vnd) {
                say(format!("fee “{}”: the amount must be 0 to {MAX_FEE_VND} đồng", fee.label.vi));
            }
        }
        for doc in &self.documents {
            if doc.vi.trim().is_empty() {
                say("a document has no name".to_owned());
            }
            if !(0..=10).contains(&doc.originals) || !(0..=10).contains(&doc.copies) {
                say(format!("document “{}”: originals and copies must be 0 to 10", doc.vi));
            }
            if let Some(file) = doc.template.as_ref().filter(|f| !ids.templates.contains_key(*f)) {
                say(format!("document “{}”: unknown template {file}", doc.vi));
            }
        }
        for (i, number) in self.legal.iter().enumerate() {
            if !ids.legal.contains_key(number) {
                say(format!("unknown legal document {number}"));
            } else if self.legal[..i].contains(number) {
                say(format!("legal document {number} is listed twice"));
            }
        }
        problems
    }
}

/// The definition a version's text holds, or why it cannot be read.
pub fn read(text: &str) -> Result<(String, Definition), String> {
    let file: ProcedureFile = toml::from_str(text).map_err(|err| err.to_string())?;
    match <[Definition; 1]>::try_from(file.procedure) {
        Ok([definition]) => Ok((file.sector, definition)),
        Err(list) => Err(format!("a version holds exactly one [[procedure]], not {}", list.len())),
    }
}

/// The text of a version holding `definition`, in the seed files' format.
pub fn write(sector: &str, definition: &Definition) -> Result<String, AppError> {
    let file = ProcedureFile { sector: sector.to_owned(), procedure: vec![definition.clone()] };
    toml::to_string(&file).map_err(AppError::internal)
}

fn scope(procedure_id: i32) -> Scope {
    Scope::national(Kind::Definition, procedure_id)
}

fn json<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value).expect("catalog values always serialize")
}

/// Writes the `procedures` row of `definition` (inserting it the first
/// time) with its documents and legal bases, as version `version_id`.
/// The definition has no problems (`Definition::problems`). Answers the
/// procedure's id.
pub async fn show(
    txn: &impl ConnectionTrait,
    ids: &Ids,
    sector_code: &str,
    definition: &Definition,
    version_id: Option<i32>,
) -> Result<i32, AppError> {
    let missing = |what: &str| AppError::internal(format_args!("procedure {}: {what} vanished", definition.code));
    let sector_id = *ids.sectors.get(sector_code).ok_or_else(|| missing("sector"))?;
    let (agency_id, agency_level) = ids.agencies.get(&definition.agency).cloned().ok_or_else(|| missing("agency"))?;
    let level = ServiceLevel::parse(definition.level).map_err(AppError::internal)?;
    let search_text = fold(&format!(
        "{} {} {} {} {}",
        definition.code,
        definition.name_vi,
        definition.name_en,
        definition.result.vi,
        definition.result.en.as_deref().unwrap_or_default()
    ));
    let columns = [
        procedure::Column::NameVi,
        procedure::Column::NameEn,
        procedure::Column::SectorId,
        procedure::Column::AgencyId,
        procedure::Column::AgencyLevel,
        procedure::Column::ServiceLevel,
        procedure::Column::OnlineClass,
        procedure::Column::ProcessingDays,
        procedure::Column::ProcessingNoteVi,
        procedure::Column::ProcessingNoteEn,
        procedure::Column::ApplicantsVi,
        procedure::Column::ApplicantsEn,
        procedure::Column::ResultVi,
        procedure::Column::ResultEn,
        procedure::Column::Steps,
        procedure::Column::Conditions,
        procedure::Column::Fees,
        procedure::Column::Channels,
        procedure::Column::NameFolded,
        procedure::Column::SearchText,
        procedure::Column::UpdatedAt,
        procedure::Column::AnyDesk,
        procedure::Column::DefinitionVersionId,
        procedure::Column::IdentityLevel,
    ];
    let en = |t: &LocalText| t.en.clone().unwrap_or_default();
    procedure::Entity::insert(procedure::ActiveModel {
        code: Set(definition.code.clone()),
        name_vi: Set(definition.name_vi.clone()),
        name_en: Set(definition.name_en.clone()),
        sector_id: Set(sector_id),
        agency_id: Set(agency_id),
        agency_level: Set(agency_level),
        service_level: Set(level.number().into()),
        online_class: Set(level.online_class().map(|c| c.as_str().to_owned())),
        processing_days: Set(std::cmp::max(definition.processing_days, 0)),
        processing_note_vi: Set(definition.processing_note.vi.clone()),
        processing_note_en: Set(en(&definition.processing_note)),
        applicants_vi: Set(definition.applicants.vi.clone()),
        applicants_en: Set(en(&definition.applicants)),
        result_vi: Set(definition.result.vi.clone()),
        result_en: Set(en(&definition.result)),
        steps: Set(json(&definition.steps)),
        conditions: Set(json(&definition.conditions)),
        fees: Set(json(&definition.fees)),
        channels: Set(json(&definition.channels)),
        name_folded: Set(fold(&definition.name_vi)),
        search_text: Set(search_text),
        updated_at: Set(Utc::now().fixed_offset()),
        any_desk: Set(definition.any_desk),
        definition_version_id: Set(version_id),
        identity_level: Set(definition.identity_level.into()),
        ..Default::default()
    })
    .on_conflict(OnConflict::column(procedure::Column::Code).update_columns(columns).to_owned())
    .exec(txn)
    .await?;
    let procedure_id = procedure::Entity::find()
        .filter(procedure::Column::Code.eq(definition.code.as_str()))
        .one(txn)
        .await?
        .ok_or_else(|| missing("row"))?
        .id;

    // Documents keep their ids across versions (attachments point at them):
    // updated by position, the ones past the end dropped.
    for (position, doc) in definition.documents.iter().enumerate() {
        let template_id = match &doc.template {
            Some(file) => Some(*ids.templates.get(file).ok_or_else(|| missing("template"))?),
            None => None,
        };
        document_requirement::Entity::insert(document_requirement::ActiveModel {
            procedure_id: Set(procedure_id),
            position: Set(position as i32),
            name_vi: Set(doc.vi.clone()),
            name_en: Set(doc.en.clone()),
            originals: Set(doc.originals),
            copies: Set(doc.copies),
            mandatory: Set(doc.mandatory),
            template_id: Set(template_id),
            ..Default::default()
        })
        .on_conflict(
            OnConflict::columns([document_requirement::Column::ProcedureId, document_requirement::Column::Position])
                .update_columns([
                    document_requirement::Column::NameVi,
                    document_requirement::Column::NameEn,
                    document_requirement::Column::Originals,
                    document_requirement::Column::Copies,
                    document_requirement::Column::Mandatory,
                    document_requirement::Column::TemplateId,
                ])
                .to_owned(),
        )
        .exec(txn)
        .await?;
    }
    document_requirement::Entity::delete_many()
        .filter(document_requirement::Column::ProcedureId.eq(procedure_id))
        .filter(document_requirement::Column::Position.gte(definition.documents.len() as i32))
        .exec(txn)
        .await?;

    procedure_legal_document::Entity::delete_many()
        .filter(procedure_legal_document::Column::ProcedureId.eq(procedure_id))
        .exec(txn)
        .await?;
    let links = definition
        .legal
        .iter()
        .enumerate()
        .map(|(position, number)| {
            Ok(procedure_legal_document::ActiveModel {
                procedure_id: Set(procedure_id),
                legal_document_id: Set(*ids.legal.get(number).ok_or_else(|| missing("legal document"))?),
                position: Set(position as i32),
            })
        })
        .collect::<Result<Vec<_>, AppError>>()?;
    if !links.is_empty() {
        procedure_legal_document::Entity::insert_many(links).exec(txn).await?;
    }
    Ok(procedure_id)
}

/// The seed's definition of a procedure: shown at once the first time (the
/// row must exist for its versions), then a new version when the file
/// changed (`versions::import`). The caller brings versions in force.
pub async fn import(
    txn: &impl ConnectionTrait,
    ids: &Ids,
    sector: &str,
    definition: &Definition,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let existing =
        procedure::Entity::find().filter(procedure::Column::Code.eq(definition.code.as_str())).one(txn).await?;
    let procedure_id = match existing {
        Some(row) => row.id,
        None => show(txn, ids, sector, definition, None).await?,
    };
    let unchanged = |text: &str| read(text).is_ok_and(|(s, d)| s == sector && d == *definition);
    versions::import(txn, scope(procedure_id), write(sector, definition)?, unchanged, now).await?;
    Ok(())
}

/// Shows, for every procedure, the definition in force on `day` where the
/// row shows another (a version published for today, or one whose day has
/// come), each in a transaction of its own (a savepoint when `conn` is one)
/// whose first statement is a write. Answers how many procedures changed.
pub async fn bring_in_force<C>(conn: &C, day: NaiveDate) -> Result<usize, AppError>
where
    C: ConnectionTrait + TransactionTrait,
{
    // The version in force on `day` (`versions::in_force`), where the row shows another.
    let due = catalog_version::Entity::find()
        .filter(catalog_version::Column::Kind.eq(Kind::Definition.as_str()))
        // `day` is a date (digits and dashes), written into the statement as a literal.
        .filter(Expr::cust(format!(
            "catalog_versions.id = (SELECT w.id FROM catalog_versions w \
             WHERE w.kind = catalog_versions.kind AND w.procedure_id = catalog_versions.procedure_id \
             AND w.agency_id IS NULL AND w.published_at IS NOT NULL AND w.withdrawn_at IS NULL \
             AND w.effective_from <= '{day}' ORDER BY w.effective_from DESC, w.number DESC LIMIT 1)"
        )))
        .filter(Expr::cust(
            "NOT EXISTS (SELECT 1 FROM procedures p \
             WHERE p.id = catalog_versions.procedure_id AND p.definition_version_id = catalog_versions.id)",
        ))
        .order_by_asc(catalog_version::Column::ProcedureId)
        .all(conn)
        .await?;
    if due.is_empty() {
        return Ok(0);
    }
    let ids = Ids::load(conn).await?;
    let mut shown = 0;
    for row in &due {
        // Each in a savepoint: one version that cannot be shown (a template
        // removed since) is logged and left, never stopping the others.
        let savepoint = conn.begin().await?;
        let result = match read(&row.content) {
            Ok((sector, definition)) => show(&savepoint, &ids, &sector, &definition, Some(row.id)).await,
            Err(err) => Err(AppError::internal(format_args!("definition version {}: {err}", row.id))),
        };
        match result {
            Ok(_) => {
                savepoint.commit().await?;
                shown += 1;
            }
            Err(err) => {
                savepoint.rollback().await?;
                tracing::error!(version = row.id, error = %err, "a procedure definition could not take effect");
            }
        }
    }
    Ok(shown)
}

/// Every few minutes, shows the definitions whose day has come (a version
/// published for a later day takes effect at that day's first run).
pub fn spawn_scheduler(db: DatabaseConnection, clock: crate::server::clock::Clock) {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(std::time::Duration::from_secs(300));
        loop {
            every.tick().await;
            let day = crate::domain::dossier::vietnam_date(clock.now());
            match bring_in_force(&db, day).await {
                Ok(0) => {}
                Ok(shown) => tracing::info!(shown, "procedure definitions took effect"),
                Err(err) => tracing::warn!(error = %err, "bringing procedure definitions in force"),
            }
        }
    });
}

/// The procedure `code`, for a system administrator (who alone edits
/// national definitions; an agency sets its differences by adopting).
async fn editable(db: &impl ConnectionTrait, me: &SessionUser, code: &str) -> Result<procedure::Model, AppError> {
    if !me.has_role(Role::SystemAdmin) {
        return Err(AppError::Forbidden);
    }
    procedure::Entity::find().filter(procedure::Column::Code.eq(code.trim())).one(db).await?.ok_or(AppError::NotFound)
}

/// What stands in the way of publishing `text` as procedure `code`'s definition.
fn problems_of(text: &str, code: &str, ids: &Ids) -> Vec<String> {
    match read(text) {
        Ok((sector, definition)) => {
            let mut problems = definition.problems(&sector, ids);
            if definition.code != code {
                problems.insert(0, format!("the code must stay {code}"));
            }
            problems
        }
        Err(err) => vec![err],
    }
}

/// What stands in the way of publishing `text` as `procedure`'s
/// definition: its own problems, and the online forms (national and the
/// agencies' own, not withdrawn) that would no longer fit its documents.
async fn check(db: &impl ConnectionTrait, text: &str, procedure: &procedure::Model) -> Result<Vec<String>, AppError> {
    let mut problems = problems_of(text, &procedure.code, &Ids::load(db).await?);
    if let Ok((_, definition)) = read(text) {
        let documents = u32::try_from(definition.documents.len()).unwrap_or(u32::MAX);
        problems.extend(crate::server::forms::misfits(db, procedure.id, documents).await?);
    }
    Ok(problems)
}

/// The definition editor's view of procedure `code`.
pub async fn editor(
    db: &DatabaseConnection,
    me: &SessionUser,
    code: &str,
    today: NaiveDate,
) -> Result<DefinitionEditor, AppError> {
    let procedure = editable(db, me, code).await?;
    let draft = versions::draft(db, scope(procedure.id)).await?;
    let in_force = versions::in_force(db, scope(procedure.id), today).await?;
    let text = match (&draft, &in_force) {
        (Some(row), _) | (None, Some(row)) => row.content.clone(),
        (None, None) => String::new(),
    };
    let problems = check(db, &text, &procedure).await?;
    let current = in_force.as_ref().map(|v| v.id);
    let versions =
        versions::published(db, scope(procedure.id)).await?.iter().map(|row| versions::info(row, current)).collect();
    Ok(DefinitionEditor {
        code: procedure.code.clone(),
        name: LocalText::new(procedure.name_vi, procedure.name_en),
        text,
        is_draft: draft.is_some(),
        problems,
        versions,
    })
}

/// Keeps `text` as the draft definition of procedure `code` — even one that
/// does not read yet: nothing typed is lost. Answers what stands in the way
/// of publishing it.
pub async fn save_draft(
    db: &DatabaseConnection,
    me: &SessionUser,
    code: &str,
    text: &str,
    now: DateTime<Utc>,
) -> Result<Vec<String>, AppError> {
    if text.len() > MAX_DEFINITION_BYTES {
        return Err(AppError::field("text", Rule::TooLong(u32::try_from(MAX_DEFINITION_BYTES).unwrap_or(u32::MAX))));
    }
    let procedure = editable(db, me, code).await?;
    let problems = check(db, text, &procedure).await?;
    versions::save_draft(db, scope(procedure.id), text.to_owned(), me.id, now).await?;
    Ok(problems)
}

/// Publishes the draft definition of procedure `code` — the text the
/// administrator saw (`seen`), else it is a conflict — in force from
/// `effective_from` (today or later); from today, it shows at once. A draft
/// with problems is not published. Answers its number.
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
    let procedure = editable(db, me, code).await?;
    let draft = versions::draft(db, scope(procedure.id)).await?.ok_or(AppError::NotFound)?;
    if draft.content != seen {
        return Err(AppError::Conflict);
    }
    if !check(db, &draft.content, &procedure).await?.is_empty() {
        return Err(AppError::field("text", Rule::FormInvalid));
    }
    let (sector, definition) = read(&draft.content).map_err(AppError::internal)?;
    let audit_event = |number| {
        let subject = format!("procedure:{} definition version:{number}", procedure.code);
        AuditEvent::change_by(me, "definition.publish", subject, Some(format!("effective_from {effective_from}")))
    };
    let txn = db.begin().await?;
    let number = versions::publish(&txn, scope(procedure.id), &draft, effective_from, audit_event, now).await?;
    if effective_from <= today {
        // In force from today, the newest of the day: shown now, or not published at all.
        show(&txn, &Ids::load(&txn).await?, &sector, &definition, Some(draft.id)).await?;
    }
    txn.commit().await?;
    Ok(number)
}

/// Creates a national procedure from `text`, a new code's definition
/// without problems: its row, its implementing agencies and its version 1,
/// in force from today — all or nothing, audited as `definition.create`.
/// Answers its code, or what stands in the way (nothing is then written).
pub async fn create(
    db: &DatabaseConnection,
    me: &SessionUser,
    text: &str,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Result<NewProcedure, AppError> {
    if !me.has_role(Role::SystemAdmin) {
        return Err(AppError::Forbidden);
    }
    if text.len() > MAX_DEFINITION_BYTES {
        return Err(AppError::field("text", Rule::TooLong(u32::try_from(MAX_DEFINITION_BYTES).unwrap_or(u32::MAX))));
    }
    let (sector, definition) = match read(text) {
        Ok(read) => read,
        Err(err) => return Ok(NewProcedure::Problems(vec![err])),
    };
    // The audit entry is the transaction's first statement, a write (a read
    // first would leave SQLite's transaction unable to become the writer);
    // when anything stands in the way, it is rolled back with the rest.
    let txn = db.begin().await?;
    let subject = format!("procedure:{} definition version:1", definition.code);
    audit::record(
        &txn,
        AuditEvent::change_by(me, "definition.create", subject, Some(format!("effective_from {today}"))),
    )
    .await?;
    let ids = Ids::load(&txn).await?;
    let mut problems = definition.problems(&sector, &ids);
    let taken =
        procedure::Entity::find().filter(procedure::Column::Code.eq(definition.code.as_str())).one(&txn).await?;
    if taken.is_some() {
        problems.insert(0, format!("procedure {} exists already: edit its definition instead", definition.code));
    }
    if !problems.is_empty() {
        return Ok(NewProcedure::Problems(problems));
    }
    let procedure_id = show(&txn, &ids, &sector, &definition, None).await?;
    let version_id = versions::publish_first(&txn, scope(procedure_id), text.to_owned(), me.id, today, now).await?;
    procedure::Entity::update_many()
        .col_expr(procedure::Column::DefinitionVersionId, Expr::value(version_id))
        .filter(procedure::Column::Id.eq(procedure_id))
        .exec(&txn)
        .await?;
    crate::server::implementers::implement_everywhere(&txn, Some(procedure_id)).await?;
    txn.commit().await?;
    Ok(NewProcedure::Created(definition.code))
}

/// The text of published version `number` of procedure `code`'s definition
/// (public: the law in force is no secret), in the seed files' format.
pub async fn export(db: &impl ConnectionTrait, code: &str, number: i32) -> Result<String, AppError> {
    let procedure = procedure::Entity::find()
        .filter(procedure::Column::Code.eq(code.trim()))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let row = versions::published_number(db, scope(procedure.id), number).await?.ok_or(AppError::NotFound)?;
    Ok(row.content)
}

/// The required documents of definition version `id` (a dossier's), as
/// they were named then; `None` without a version.
pub async fn documents_of(db: &impl ConnectionTrait, id: Option<i32>) -> Result<Option<Vec<LocalText>>, AppError> {
    let Some(id) = id else { return Ok(None) };
    let Some(row) = versions::by_id(db, Kind::Definition, id).await? else { return Ok(None) };
    let (_, definition) =
        read(&row.content).map_err(|err| AppError::internal(format_args!("definition version {id}: {err}")))?;
    Ok(Some(definition.documents.into_iter().map(|d| LocalText::new(d.vi, d.en)).collect()))
}

/// The definition version `id` (a dossier's, or the one a procedure shows):
/// its number and first day.
pub async fn version_of(db: &impl ConnectionTrait, id: Option<i32>) -> Result<Option<DefinitionVersion>, DbErr> {
    let Some(id) = id else { return Ok(None) };
    let row = catalog_version::Entity::find_by_id(id).one(db).await?;
    Ok(row.map(|row| DefinitionVersion { number: row.number, effective_from: row.effective_from }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids() -> Ids {
        Ids {
            sectors: HashMap::from([("ho-tich".to_owned(), 1)]),
            agencies: HashMap::from([("000.20.01.H29".to_owned(), (1, "ward".to_owned()))]),
            legal: HashMap::from([("60/2014/QH13".to_owned(), 1)]),
            templates: HashMap::new(),
        }
    }

    const TEXT: &str = r#"
sector = "ho-tich"

[[procedure]]
code = "1.001193"
name_vi = "Đăng ký khai sinh"
name_en = "Birth registration"
agency = "000.20.01.H29"
level = 4
processing_days = 0
applicants = { vi = "Cha, mẹ" }
result = { vi = "Giấy khai sinh", en = "Birth certificate" }
channels = ["online", "desk"]
steps = [{ vi = "Nộp hồ sơ" }]
fees = [{ label = { vi = "Lệ phí" }, amount_vnd = 0, stage = "submission" }]
documents = [{ vi = "Tờ khai", en = "Declaration" }]
legal = ["60/2014/QH13"]
"#;

    #[test]
    fn a_version_exports_to_a_file_the_seed_reads_back_the_same() {
        let (sector, definition) = read(TEXT).unwrap();
        assert!(definition.problems(&sector, &ids()).is_empty());
        let exported = write(&sector, &definition).unwrap();
        assert_eq!(read(&exported).unwrap(), (sector, definition));
    }

    #[test]
    fn a_definition_names_only_what_exists_and_stays_in_bounds() {
        let text = TEXT
            .replace("\"60/2014/QH13\"]", "\"99/2099/QH99\"]")
            .replace("level = 4", "level = 7")
            .replace("processing_days = 0", "processing_days = 400")
            .replace(
                "{ vi = \"Tờ khai\", en = \"Declaration\" }",
                "{ vi = \"Tờ khai\", en = \"\", template = \"nope.docx\" }",
            );
        let (sector, definition) = read(&text).unwrap();
        let problems = definition.problems(&sector, &ids()).join("\n");
        for expected in ["level 7", "processing_days", "99/2099/QH99", "nope.docx"] {
            assert!(problems.contains(expected), "{expected} missing from {problems}");
        }
        assert!(read("sector = \"ho-tich\"\nprocedure = []").unwrap_err().contains("exactly one"));
        assert!(read("this is = = not toml").is_err());
        assert_eq!(problems_of(TEXT, "1.000894", &ids()), ["the code must stay 1.000894"]);
    }
}
