//! The catalog's reference rows — agencies, sectors, legal documents,
//! templates — and the online forms. Procedures are read here in the
//! definitions' format (`server::definitions`), which imports them.

use super::{SeedError, parse_toml};
use crate::domain::codes::{AgencyCode, AgencyLevel};
use crate::domain::form::FormSchema;
use crate::domain::text::fold;
use crate::server::definitions::ProcedureFile;
use crate::server::entities::{agency, legal_document, procedure, sector, template};
use sea_orm::sea_query::OnConflict;
use sea_orm::*;
use serde::Deserialize;
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
