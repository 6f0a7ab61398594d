//! Loads the seed data (catalog, online forms, templates, holidays, administrative units) from
//! the files in `seed/`, idempotently: running it again changes nothing, and
//! editing a file updates the matching rows. `catalog` and `reference` read
//! and write each kind (`server::implementers` then says which agencies
//! implement each procedure); `synthetic` adds procedures for the benchmarks.

mod catalog;
mod country;
mod reference;
mod synthetic;

pub use synthetic::synthetic;

use crate::domain::codes::CodeError;
use crate::server::definitions::{self, Ids, ProcedureFile};
use crate::server::implementers::implement_everywhere;
use catalog::*;
use country::*;
use reference::*;
use sea_orm::{DatabaseConnection, DbErr, TransactionTrait};
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
    #[error(transparent)]
    App(#[from] crate::error::AppError),
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
    /// Implementing agencies added (procedure × agency).
    pub implementers: u64,
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
    let country: CountryFile = parse_toml(&catalog.join("country.toml"))?;
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
        // Generated first, so that the agencies written by hand win.
        agencies: upsert_country(&txn, &country, &units, &agencies.agency).await?
            + upsert_agencies(&txn, &agencies.agency).await?,
        sectors: upsert_sectors(&txn, &sectors.sector).await?,
        ..Default::default()
    };
    upsert_legal(&txn, &legal.legal).await?;
    report.templates = upsert_templates(&txn, &templates.template, &dir.join("templates")).await?;
    // Each procedure's definition as a version; a changed file makes a new
    // one, in force from today (an administrator's later version otherwise
    // stays in force).
    let ids = Ids::load(&txn).await?;
    let now = chrono::Utc::now();
    for file in &procedure_files {
        for definition in &file.procedure {
            let problems = definition.problems(&file.sector, &ids);
            if !problems.is_empty() {
                return Err(SeedError::Invalid(format!("procedure {}: {}", definition.code, problems.join("; "))));
            }
            definitions::import(&txn, &ids, &file.sector, definition, now).await?;
            report.procedures += 1;
        }
    }
    definitions::bring_in_force(&txn, crate::domain::dossier::vietnam_date(now)).await?;
    report.forms = upsert_forms(&txn, &forms).await?;
    report.implementers = implement_everywhere(&txn, None).await?;
    txn.commit().await?;
    Ok(report)
}
