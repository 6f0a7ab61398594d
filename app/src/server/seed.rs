//! Loads the seed data (catalog, online forms, templates, holidays, administrative units) from
//! the files in `seed/`, idempotently: running it again changes nothing, and
//! editing a file updates the matching rows.

use super::entities::{
    agency, document_requirement, holiday, legal_document, procedure, procedure_form, procedure_legal_document,
    province, sector, template, ward,
};
use crate::domain::catalog::{Channel, Fee};
use crate::domain::codes::{AgencyCode, AgencyLevel, CodeError, ProcedureCode, ServiceLevel};
use crate::domain::form::FormSchema;
use crate::domain::text::{LocalText, fold};
use sea_orm::sea_query::OnConflict;
use sea_orm::*;
use serde::Deserialize;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Why the seed could not be loaded. The server refuses to start on any of them.
#[derive(Debug, thiserror::Error)]
pub enum SeedError {
    #[error("cannot read {path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    #[error("{path} is malformed: {message}")]
    Parse { path: PathBuf, message: String },
    #[error("seed data is inconsistent: {0}")]
    Invalid(String),
    #[error(transparent)]
    Code(#[from] CodeError),
    #[error(transparent)]
    Db(#[from] DbErr),
}

/// What a load wrote.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct SeedReport {
    pub procedures: usize,
    pub sectors: usize,
    pub agencies: usize,
    pub templates: usize,
    pub wards: usize,
    pub holidays: usize,
    pub forms: usize,
}

#[derive(Deserialize)]
struct AgencyFile {
    agency: Vec<AgencySeed>,
}

#[derive(Deserialize)]
struct AgencySeed {
    code: String,
    name_vi: String,
    name_en: String,
    level: String,
    parent: Option<String>,
    province: Option<i32>,
}

#[derive(Deserialize)]
struct SectorFile {
    sector: Vec<SectorSeed>,
}

#[derive(Deserialize)]
struct SectorSeed {
    code: String,
    name_vi: String,
    name_en: String,
    #[serde(default)]
    featured: bool,
}

#[derive(Deserialize)]
struct LegalFile {
    legal: Vec<LegalSeed>,
}

#[derive(Deserialize)]
struct LegalSeed {
    number: String,
    kind_vi: String,
    kind_en: String,
    title_vi: String,
    title_en: String,
    issuer_vi: String,
    issuer_en: String,
    issued_on: chrono::NaiveDate,
}

#[derive(Deserialize)]
struct TemplateFile {
    template: Vec<TemplateSeed>,
}

#[derive(Deserialize)]
struct TemplateSeed {
    file: String,
    title_vi: String,
    title_en: String,
}

/// One file of procedures, all in one sector.
#[derive(Deserialize)]
pub struct ProcedureFile {
    pub sector: String,
    pub procedure: Vec<ProcedureSeed>,
}

/// A procedure as written in a seed file.
#[derive(Deserialize, Clone)]
pub struct ProcedureSeed {
    pub code: String,
    pub name_vi: String,
    pub name_en: String,
    pub agency: String,
    pub level: i64,
    pub processing_days: i32,
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
    pub documents: Vec<DocumentSeed>,
    #[serde(default)]
    pub legal: Vec<String>,
}

/// A required document as written in a seed file.
#[derive(Deserialize, Clone)]
pub struct DocumentSeed {
    pub vi: String,
    pub en: String,
    #[serde(default = "one")]
    pub originals: i32,
    #[serde(default)]
    pub copies: i32,
    #[serde(default = "yes")]
    pub mandatory: bool,
    pub template: Option<String>,
}

fn one() -> i32 {
    1
}

fn yes() -> bool {
    true
}

#[derive(Deserialize)]
struct ProvinceSeed {
    code: i32,
    name: String,
    #[serde(rename = "type")]
    kind: String,
    wards: Vec<WardSeed>,
}

#[derive(Deserialize)]
struct WardSeed {
    code: i32,
    name: String,
    #[serde(rename = "type")]
    kind: String,
}

#[derive(Deserialize)]
struct HolidaySeed {
    date: chrono::NaiveDate,
    name_vi: String,
    name_en: String,
}

fn read(path: &Path) -> Result<String, SeedError> {
    std::fs::read_to_string(path).map_err(|source| SeedError::Io { path: path.to_owned(), source })
}

fn parse_toml<T: serde::de::DeserializeOwned>(path: &Path) -> Result<T, SeedError> {
    toml::from_str(&read(path)?).map_err(|e| SeedError::Parse { path: path.to_owned(), message: e.to_string() })
}

fn parse_json<T: serde::de::DeserializeOwned>(path: &Path) -> Result<T, SeedError> {
    serde_json::from_str(&read(path)?).map_err(|e| SeedError::Parse { path: path.to_owned(), message: e.to_string() })
}

/// Loads everything under `dir` in one transaction.
pub async fn load(db: &DatabaseConnection, dir: &Path) -> Result<SeedReport, SeedError> {
    let catalog = dir.join("catalog");
    let agencies: AgencyFile = parse_toml(&catalog.join("agencies.toml"))?;
    let sectors: SectorFile = parse_toml(&catalog.join("sectors.toml"))?;
    let legal: LegalFile = parse_toml(&catalog.join("legal.toml"))?;
    let templates: TemplateFile = parse_toml(&catalog.join("templates.toml"))?;
    let units: Vec<ProvinceSeed> = parse_json(&dir.join("reference/administrative-units-2025.json"))?;
    let holidays: Vec<HolidaySeed> = parse_json(&dir.join("reference/vn-public-holidays-2025-2030.json"))?;
    let procedure_dir = catalog.join("procedures");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&procedure_dir)
        .map_err(|source| SeedError::Io { path: procedure_dir.clone(), source })?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "toml"))
        .collect();
    files.sort();
    let procedure_files = files.iter().map(|f| parse_toml::<ProcedureFile>(f)).collect::<Result<Vec<_>, _>>()?;
    let forms = read_forms(&dir.join("forms"), &procedure_files)?;

    let txn = db.begin().await?;
    let mut report = SeedReport {
        wards: upsert_units(&txn, &units).await?,
        holidays: upsert_holidays(&txn, &holidays).await?,
        agencies: upsert_agencies(&txn, &agencies.agency).await?,
        sectors: upsert_sectors(&txn, &sectors.sector).await?,
        ..Default::default()
    };
    upsert_legal(&txn, &legal.legal).await?;
    report.templates = upsert_templates(&txn, &templates.template, &dir.join("templates")).await?;
    let ids = Ids::load(&txn).await?;
    for file in &procedure_files {
        for seed in &file.procedure {
            upsert_procedure(&txn, &ids, &file.sector, seed).await?;
            report.procedures += 1;
        }
    }
    report.forms = upsert_forms(&txn, &forms).await?;
    txn.commit().await?;
    Ok(report)
}

/// A procedure's online form: `procedure = "code"` and the schema.
#[derive(Deserialize)]
struct FormFile {
    procedure: String,
    #[serde(flatten)]
    schema: FormSchema,
}

/// Reads `forms/*.toml` and checks each form against its procedure: it must
/// exist, be of level 3 or 4, and every reference in the form must resolve.
fn read_forms(dir: &Path, procedures: &[ProcedureFile]) -> Result<Vec<FormFile>, SeedError> {
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

async fn upsert_forms(txn: &DatabaseTransaction, forms: &[FormFile]) -> Result<usize, SeedError> {
    for form in forms {
        let procedure = procedure::Entity::find()
            .filter(procedure::Column::Code.eq(form.procedure.as_str()))
            .one(txn)
            .await?
            .ok_or_else(|| SeedError::Invalid(format!("no procedure {}", form.procedure)))?;
        let schema = serde_json::to_string(&form.schema).map_err(|e| SeedError::Invalid(e.to_string()))?;
        procedure_form::Entity::insert(procedure_form::ActiveModel {
            procedure_id: Set(procedure.id),
            schema: Set(schema),
            updated_at: Set(chrono::Utc::now().fixed_offset()),
        })
        .on_conflict(
            OnConflict::column(procedure_form::Column::ProcedureId)
                .update_columns([procedure_form::Column::Schema, procedure_form::Column::UpdatedAt])
                .to_owned(),
        )
        .exec_without_returning(txn)
        .await?;
    }
    Ok(forms.len())
}

async fn upsert_units(txn: &DatabaseTransaction, units: &[ProvinceSeed]) -> Result<usize, SeedError> {
    let provinces = units.iter().map(|p| province::ActiveModel {
        code: Set(p.code),
        name: Set(p.name.clone()),
        kind: Set(p.kind.clone()),
    });
    province::Entity::insert_many(provinces)
        .on_conflict(
            OnConflict::column(province::Column::Code)
                .update_columns([province::Column::Name, province::Column::Kind])
                .to_owned(),
        )
        .exec(txn)
        .await?;
    let wards: Vec<ward::ActiveModel> = units
        .iter()
        .flat_map(|p| {
            p.wards.iter().map(|w| ward::ActiveModel {
                code: Set(w.code),
                province_code: Set(p.code),
                name: Set(w.name.clone()),
                kind: Set(w.kind.clone()),
            })
        })
        .collect();
    let count = wards.len();
    for chunk in wards.chunks(500) {
        ward::Entity::insert_many(chunk.to_vec())
            .on_conflict(
                OnConflict::column(ward::Column::Code)
                    .update_columns([ward::Column::ProvinceCode, ward::Column::Name, ward::Column::Kind])
                    .to_owned(),
            )
            .exec(txn)
            .await?;
    }
    Ok(count)
}

/// Seeds the calendar once: afterwards administrators own it (`/dashboard/holidays`).
/// A bridge day off "substituted from" a weekend day makes that day a working day.
async fn upsert_holidays(txn: &DatabaseTransaction, holidays: &[HolidaySeed]) -> Result<usize, SeedError> {
    if holiday::Entity::find().one(txn).await?.is_some() {
        return Ok(0);
    }
    let mut rows: Vec<holiday::ActiveModel> = Vec::new();
    for h in holidays {
        rows.push(holiday::ActiveModel {
            day: Set(h.date),
            name_vi: Set(h.name_vi.clone()),
            name_en: Set(h.name_en.clone()),
            working: Set(false),
        });
        if let Some(worked) = substituted_weekend_day(&h.name_en) {
            rows.push(holiday::ActiveModel {
                day: Set(worked),
                name_vi: Set(format!("Ngày làm việc bù (cho ngày nghỉ {})", h.date.format("%d/%m/%Y"))),
                name_en: Set(format!("Make-up working day (for the day off on {})", h.date.format("%d/%m/%Y"))),
                working: Set(true),
            });
        }
    }
    let count = rows.len();
    holiday::Entity::insert_many(rows).exec(txn).await?;
    Ok(count)
}

/// The weekend day named in "Day off (substituted from MM/DD/YYYY)".
fn substituted_weekend_day(name_en: &str) -> Option<chrono::NaiveDate> {
    use chrono::Datelike;
    let (_, rest) = name_en.split_once("substituted from ")?;
    let day = chrono::NaiveDate::parse_from_str(rest.trim_end_matches(')').trim(), "%m/%d/%Y").ok()?;
    matches!(day.weekday(), chrono::Weekday::Sat | chrono::Weekday::Sun).then_some(day)
}

async fn upsert_agencies(txn: &DatabaseTransaction, agencies: &[AgencySeed]) -> Result<usize, SeedError> {
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
            ..Default::default()
        })
        .on_conflict(
            OnConflict::column(agency::Column::Code)
                .update_columns([
                    agency::Column::NameVi,
                    agency::Column::NameEn,
                    agency::Column::Level,
                    agency::Column::ParentId,
                    agency::Column::ProvinceCode,
                ])
                .to_owned(),
        )
        .exec(txn)
        .await?;
    }
    Ok(agencies.len())
}

async fn upsert_sectors(txn: &DatabaseTransaction, sectors: &[SectorSeed]) -> Result<usize, SeedError> {
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

async fn upsert_legal(txn: &DatabaseTransaction, documents: &[LegalSeed]) -> Result<(), SeedError> {
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

async fn upsert_templates(
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
    sectors: HashMap<String, i32>,
    agencies: HashMap<String, (i32, String)>,
    legal: HashMap<String, i32>,
    templates: HashMap<String, i32>,
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

fn json<T: serde::Serialize>(value: &T) -> String {
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

/// Adds `count` synthetic procedures (codes `9.xxxxxx`) for benchmarks, built
/// from the real catalog's vocabulary so that searches hit realistic text.
pub async fn synthetic(db: &DatabaseConnection, count: usize) -> Result<(), SeedError> {
    const SUBJECTS: [&str; 10] = [
        "khai sinh",
        "kết hôn",
        "khai tử",
        "thường trú",
        "hộ kinh doanh",
        "xây dựng",
        "đất đai",
        "giấy phép lái xe",
        "bảo hiểm xã hội",
        "học bạ",
    ];
    const ACTIONS: [&str; 6] = ["Đăng ký", "Cấp", "Cấp lại", "Điều chỉnh", "Gia hạn", "Xác nhận"];
    const PLACES: [&str; 5] = ["Đà Nẵng", "Huế", "Cần Thơ", "Hải Phòng", "Quảng Ninh"];
    let txn = db.begin().await?;
    let ids = Ids::load(&txn).await?;
    let (sector, agency) =
        ids.any_sector_and_agency().ok_or_else(|| SeedError::Invalid("load the real catalog first".into()))?;
    let sectors: Vec<String> = ids.sectors.keys().cloned().collect();
    for i in 0..count {
        let name = format!(
            "{} {} tại {} (mẫu số {i})",
            ACTIONS[i % ACTIONS.len()],
            SUBJECTS[(i / ACTIONS.len()) % SUBJECTS.len()],
            PLACES[i % PLACES.len()]
        );
        let seed = ProcedureSeed {
            code: format!("9.{:06}", i),
            name_en: format!("Synthetic procedure {i}"),
            name_vi: name,
            agency: agency.clone(),
            level: (i % 4) as i64 + 1,
            processing_days: (i % 20) as i32,
            processing_note: LocalText::default(),
            applicants: LocalText::new("Công dân Việt Nam", "Vietnamese citizens"),
            result: LocalText::new("Giấy xác nhận", "Certificate"),
            channels: Vec::new(),
            steps: vec![LocalText::new("Nộp hồ sơ", "Submit the dossier")],
            conditions: Vec::new(),
            fees: Vec::new(),
            documents: Vec::new(),
            legal: Vec::new(),
        };
        let sector = sectors.get(i % sectors.len().max(1)).unwrap_or(&sector);
        upsert_procedure(&txn, &ids, sector, &seed).await?;
    }
    txn.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::substituted_weekend_day;
    use chrono::NaiveDate;

    #[test]
    fn make_up_days_come_from_the_substitution_notes() {
        assert_eq!(
            substituted_weekend_day("Day off (substituted from 04/26/2025)"),
            NaiveDate::from_ymd_opt(2025, 4, 26),
            "Saturday 26/04/2025 was worked for Friday 02/05/2025"
        );
        assert_eq!(
            substituted_weekend_day("Day off (substituted from 08/22/2026)"),
            NaiveDate::from_ymd_opt(2026, 8, 22)
        );
        assert_eq!(substituted_weekend_day("Lunar New Year"), None);
        // A weekday named as the substitute is already a working day.
        assert_eq!(substituted_weekend_day("Day off (substituted from 04/28/2025)"), None);
    }
}
