//! The catalog: agencies, sectors, legal documents, templates, procedures
//! with their documents, fees and channels, and their online forms.

use super::{SeedError, parse_toml};
use crate::domain::catalog::{Channel, Fee};
use crate::domain::codes::{AgencyCode, AgencyLevel, ProcedureCode, ServiceLevel};
use crate::domain::form::FormSchema;
use crate::domain::text::{LocalText, fold};
use crate::server::entities::{
    agency, document_requirement, legal_document, procedure, procedure_legal_document, sector, template,
};
use sea_orm::sea_query::OnConflict;
use sea_orm::*;
use serde::Deserialize;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

#[derive(Deserialize)]
pub(super) struct AgencyFile {
    pub(super) agency: Vec<AgencySeed>,
}

#[derive(Deserialize)]
pub(super) struct AgencySeed {
    pub(super) code: String,
    pub(super) name_vi: String,
    pub(super) name_en: String,
    pub(super) level: String,
    pub(super) parent: Option<String>,
    pub(super) province: Option<i32>,
    /// The ward whose People's Committee this is (no committee is generated for it).
    pub(super) ward: Option<i32>,
}

#[derive(Deserialize)]
pub(super) struct SectorFile {
    pub(super) sector: Vec<SectorSeed>,
}

#[derive(Deserialize)]
pub(super) struct SectorSeed {
    pub(super) code: String,
    pub(super) name_vi: String,
    pub(super) name_en: String,
    #[serde(default)]
    pub(super) featured: bool,
}

#[derive(Deserialize)]
pub(super) struct LegalFile {
    pub(super) legal: Vec<LegalSeed>,
}

#[derive(Deserialize)]
pub(super) struct LegalSeed {
    pub(super) number: String,
    pub(super) kind_vi: String,
    pub(super) kind_en: String,
    pub(super) title_vi: String,
    pub(super) title_en: String,
    pub(super) issuer_vi: String,
    pub(super) issuer_en: String,
    pub(super) issued_on: chrono::NaiveDate,
}

#[derive(Deserialize)]
pub(super) struct TemplateFile {
    pub(super) template: Vec<TemplateSeed>,
}

#[derive(Deserialize)]
pub(super) struct TemplateSeed {
    pub(super) file: String,
    pub(super) title_vi: String,
    pub(super) title_en: String,
}

/// One file of procedures, all in one sector.
#[derive(Deserialize)]
pub struct ProcedureFile {
    pub(super) sector: String,
    pub(super) procedure: Vec<ProcedureSeed>,
}

/// A procedure as written in a seed file.
#[derive(Deserialize, Clone)]
pub struct ProcedureSeed {
    pub(super) code: String,
    pub(super) name_vi: String,
    pub(super) name_en: String,
    pub(super) agency: String,
    pub(super) level: i64,
    pub(super) processing_days: i32,
    /// Filed at any agency of its tier, wherever the applicant lives.
    #[serde(default)]
    pub(super) any_desk: bool,
    #[serde(default)]
    pub(super) processing_note: LocalText,
    pub(super) applicants: LocalText,
    pub(super) result: LocalText,
    pub(super) channels: Vec<Channel>,
    pub(super) steps: Vec<LocalText>,
    #[serde(default)]
    pub(super) conditions: Vec<LocalText>,
    #[serde(default)]
    pub(super) fees: Vec<Fee>,
    #[serde(default)]
    pub(super) documents: Vec<DocumentSeed>,
    #[serde(default)]
    pub(super) legal: Vec<String>,
}

/// A required document as written in a seed file.
#[derive(Deserialize, Clone)]
pub struct DocumentSeed {
    pub(super) vi: String,
    pub(super) en: String,
    #[serde(default = "one")]
    pub(super) originals: i32,
    #[serde(default)]
    pub(super) copies: i32,
    #[serde(default = "yes")]
    pub(super) mandatory: bool,
    pub(super) template: Option<String>,
}

pub(super) fn one() -> i32 {
    1
}

pub(super) fn yes() -> bool {
    true
}

pub(super) async fn upsert_agencies(txn: &DatabaseTransaction, agencies: &[AgencySeed]) -> Result<usize, SeedError> {
    // Parents first: a parent must exist before a child can point at it.
    for seed in agencies {
        AgencyCode::parse(&seed.code)?;
        let level = AgencyLevel::parse(&seed.level)?;
        let parent_id = match &seed.parent {
            Some(code) => Some(
                agency::Entity::find()
                    .filter(agency::Column::Code.eq(code))
                    .one(txn)
                    .await?
                    .ok_or_else(|| SeedError::Invalid(format!("agency {}: unknown parent {code}", seed.code)))?
                    .id,
            ),
            None => None,
        };
        agency::Entity::insert(agency::ActiveModel {
            code: Set(seed.code.clone()),
            name_vi: Set(seed.name_vi.clone()),
            name_en: Set(seed.name_en.clone()),
            level: Set(level.as_str().to_owned()),
            parent_id: Set(parent_id),
            province_code: Set(seed.province),
            ward_code: Set(seed.ward),
            name_folded: Set(fold(&seed.name_vi)),
            ..Default::default()
        })
        .on_conflict(agency_upsert())
        .exec(txn)
        .await?;
    }
    Ok(agencies.len())
}

/// An agency is known by its code: loading it again updates everything else.
pub(super) fn agency_upsert() -> OnConflict {
    OnConflict::column(agency::Column::Code)
        .update_columns([
            agency::Column::NameVi,
            agency::Column::NameEn,
            agency::Column::Level,
            agency::Column::ParentId,
            agency::Column::ProvinceCode,
            agency::Column::WardCode,
            agency::Column::NameFolded,
        ])
        .to_owned()
}

pub(super) async fn upsert_sectors(txn: &DatabaseTransaction, sectors: &[SectorSeed]) -> Result<usize, SeedError> {
    for (position, seed) in sectors.iter().enumerate() {
        sector::Entity::insert(sector::ActiveModel {
            code: Set(seed.code.clone()),
            name_vi: Set(seed.name_vi.clone()),
            name_en: Set(seed.name_en.clone()),
            position: Set(position as i32),
            featured: Set(seed.featured),
            ..Default::default()
        })
        .on_conflict(
            OnConflict::column(sector::Column::Code)
                .update_columns([
                    sector::Column::NameVi,
                    sector::Column::NameEn,
                    sector::Column::Position,
                    sector::Column::Featured,
                ])
                .to_owned(),
        )
        .exec(txn)
        .await?;
    }
    Ok(sectors.len())
}

pub(super) async fn upsert_legal(txn: &DatabaseTransaction, documents: &[LegalSeed]) -> Result<(), SeedError> {
    for seed in documents {
        legal_document::Entity::insert(legal_document::ActiveModel {
            number: Set(seed.number.clone()),
            kind_vi: Set(seed.kind_vi.clone()),
            kind_en: Set(seed.kind_en.clone()),
            title_vi: Set(seed.title_vi.clone()),
            title_en: Set(seed.title_en.clone()),
            issuer_vi: Set(seed.issuer_vi.clone()),
            issuer_en: Set(seed.issuer_en.clone()),
            issued_on: Set(seed.issued_on),
            ..Default::default()
        })
        .on_conflict(
            OnConflict::column(legal_document::Column::Number)
                .update_columns([
                    legal_document::Column::KindVi,
                    legal_document::Column::KindEn,
                    legal_document::Column::TitleVi,
                    legal_document::Column::TitleEn,
                    legal_document::Column::IssuerVi,
                    legal_document::Column::IssuerEn,
                    legal_document::Column::IssuedOn,
                ])
                .to_owned(),
        )
        .exec(txn)
        .await?;
    }
    Ok(())
}

/// The media type of a template file, by its extension (we ship the files).
pub fn media_type(file_name: &str) -> Option<&'static str> {
    let ext = file_name.rsplit_once('.')?.1.to_ascii_lowercase();
    Some(match ext.as_str() {
        "pdf" => "application/pdf",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "doc" => "application/msword",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        _ => return None,
    })
}

pub(super) async fn upsert_templates(
    txn: &DatabaseTransaction,
    templates: &[TemplateSeed],
    dir: &Path,
) -> Result<usize, SeedError> {
    for seed in templates {
        let path = dir.join(&seed.file);
        let size = std::fs::metadata(&path).map_err(|source| SeedError::Io { path: path.clone(), source })?.len();
        let media_type = media_type(&seed.file)
            .ok_or_else(|| SeedError::Invalid(format!("template {}: unsupported file type", seed.file)))?;
        template::Entity::insert(template::ActiveModel {
            file_name: Set(seed.file.clone()),
            title_vi: Set(seed.title_vi.clone()),
            title_en: Set(seed.title_en.clone()),
            media_type: Set(media_type.to_owned()),
            size_bytes: Set(size as i64),
            ..Default::default()
        })
        .on_conflict(
            OnConflict::column(template::Column::FileName)
                .update_columns([
                    template::Column::TitleVi,
                    template::Column::TitleEn,
                    template::Column::MediaType,
                    template::Column::SizeBytes,
                ])
                .to_owned(),
        )
        .exec(txn)
        .await?;
    }
    Ok(templates.len())
}

/// Ids of the rows procedures point at, by their natural keys.
pub struct Ids {
    pub(super) sectors: HashMap<String, i32>,
    pub(super) agencies: HashMap<String, (i32, String)>,
    pub(super) legal: HashMap<String, i32>,
    pub(super) templates: HashMap<String, i32>,
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

pub(super) fn json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).expect("seed values always serialize")
}

/// Inserts or updates one procedure with its documents and legal bases.
pub async fn upsert_procedure(
    txn: &impl ConnectionTrait,
    ids: &Ids,
    sector_code: &str,
    seed: &ProcedureSeed,
) -> Result<(), SeedError> {
    let code = ProcedureCode::parse(&seed.code)?;
    let level = ServiceLevel::parse(seed.level)?;
    let invalid = |what: String| SeedError::Invalid(format!("procedure {code}: {what}"));
    let sector_id = *ids.sectors.get(sector_code).ok_or_else(|| invalid(format!("unknown sector {sector_code}")))?;
    let (agency_id, agency_level) =
        ids.agencies.get(&seed.agency).cloned().ok_or_else(|| invalid(format!("unknown agency {}", seed.agency)))?;
    if seed.steps.is_empty() {
        return Err(invalid("no steps".into()));
    }
    let search_text = fold(&format!(
        "{} {} {} {} {}",
        seed.code,
        seed.name_vi,
        seed.name_en,
        seed.result.vi,
        seed.result.en.as_deref().unwrap_or_default()
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
    ];
    let en = |t: &LocalText| t.en.clone().unwrap_or_default();
    procedure::Entity::insert(procedure::ActiveModel {
        code: Set(code.to_string()),
        name_vi: Set(seed.name_vi.clone()),
        name_en: Set(seed.name_en.clone()),
        sector_id: Set(sector_id),
        agency_id: Set(agency_id),
        agency_level: Set(agency_level),
        service_level: Set(level.number().into()),
        online_class: Set(level.online_class().map(|c| c.as_str().to_owned())),
        processing_days: Set(std::cmp::max(seed.processing_days, 0)),
        processing_note_vi: Set(seed.processing_note.vi.clone()),
        processing_note_en: Set(en(&seed.processing_note)),
        applicants_vi: Set(seed.applicants.vi.clone()),
        applicants_en: Set(en(&seed.applicants)),
        result_vi: Set(seed.result.vi.clone()),
        result_en: Set(en(&seed.result)),
        steps: Set(json(&seed.steps)),
        conditions: Set(json(&seed.conditions)),
        fees: Set(json(&seed.fees)),
        channels: Set(json(&seed.channels)),
        name_folded: Set(fold(&seed.name_vi)),
        search_text: Set(search_text),
        updated_at: Set(chrono::Utc::now().fixed_offset()),
        any_desk: Set(seed.any_desk),
        ..Default::default()
    })
    .on_conflict(OnConflict::column(procedure::Column::Code).update_columns(columns).to_owned())
    .exec(txn)
    .await?;
    let procedure_id = procedure::Entity::find()
        .filter(procedure::Column::Code.eq(code.as_str()))
        .one(txn)
        .await?
        .ok_or_else(|| invalid("vanished after insert".into()))?
        .id;

    // Documents keep their ids across reloads (dossiers will point at them):
    // update by position, drop the ones past the end.
    for (position, doc) in seed.documents.iter().enumerate() {
        let template_id = match &doc.template {
            Some(file) => Some(*ids.templates.get(file).ok_or_else(|| invalid(format!("unknown template {file}")))?),
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
        .filter(document_requirement::Column::Position.gte(seed.documents.len() as i32))
        .exec(txn)
        .await?;

    procedure_legal_document::Entity::delete_many()
        .filter(procedure_legal_document::Column::ProcedureId.eq(procedure_id))
        .exec(txn)
        .await?;
    let links = seed
        .legal
        .iter()
        .enumerate()
        .map(|(position, number)| {
            let id = *ids.legal.get(number).ok_or_else(|| invalid(format!("unknown legal document {number}")))?;
            Ok(procedure_legal_document::ActiveModel {
                procedure_id: Set(procedure_id),
                legal_document_id: Set(id),
                position: Set(position as i32),
            })
        })
        .collect::<Result<Vec<_>, SeedError>>()?;
    if !links.is_empty() {
        procedure_legal_document::Entity::insert_many(links).exec(txn).await?;
    }
    Ok(())
}

/// A procedure's online form: `procedure = "code"` and the schema.
#[derive(Deserialize)]
pub(super) struct FormFile {
    pub(super) procedure: String,
    #[serde(flatten)]
    pub(super) schema: FormSchema,
}

/// Reads `forms/*.toml` and checks each form against its procedure: it must
/// exist, be of level 3 or 4, and every reference in the form must resolve.
pub(super) fn read_forms(dir: &Path, procedures: &[ProcedureFile]) -> Result<Vec<FormFile>, SeedError> {
    let Ok(entries) = std::fs::read_dir(dir) else { return Ok(Vec::new()) };
    let mut files: Vec<PathBuf> = entries
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "toml"))
        .collect();
    files.sort();
    let mut forms = Vec::new();
    for path in files {
        let form: FormFile = parse_toml(&path)?;
        let procedure = procedures
            .iter()
            .flat_map(|file| &file.procedure)
            .find(|p| p.code == form.procedure)
            .ok_or_else(|| SeedError::Invalid(format!("{}: no procedure {}", path.display(), form.procedure)))?;
        if procedure.level < 3 {
            return Err(SeedError::Invalid(format!(
                "{}: procedure {} is level {}; online forms are for levels 3 and 4",
                path.display(),
                procedure.code,
                procedure.level
            )));
        }
        let problems = form.schema.problems(procedure.documents.len() as u32);
        if !problems.is_empty() {
            return Err(SeedError::Invalid(format!("{}: {}", path.display(), problems.join("; "))));
        }
        forms.push(form);
    }
    Ok(forms)
}

/// Imports each form as the national version of its procedure: a new
/// version only where the file changed (`forms::import_national`).
pub(super) async fn upsert_forms(txn: &DatabaseTransaction, forms: &[FormFile]) -> Result<usize, SeedError> {
    let now = chrono::Utc::now();
    for form in forms {
        let procedure = procedure::Entity::find()
            .filter(procedure::Column::Code.eq(form.procedure.as_str()))
            .one(txn)
            .await?
            .ok_or_else(|| SeedError::Invalid(format!("no procedure {}", form.procedure)))?;
        crate::server::forms::import_national(txn, procedure.id, &form.schema, now)
            .await
            .map_err(|err| SeedError::Invalid(format!("form of {}: {err}", form.procedure)))?;
    }
    Ok(forms.len())
}
