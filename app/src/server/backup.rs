//! The check of a restored copy (the database, the files and the signing
//! key, restored together): every file a dossier points at is present with
//! the SHA-256 recorded when it was stored, and every signed result still
//! verifies with the signing key. `server check-backup` runs it; see the
//! README's backup and restore procedure.

use crate::error::AppError;
use crate::server::attachments::stored_sha256;
use crate::server::entities::{attachment, dossier, signed_document, template};
use crate::server::results::Issuer;
use object_store::ObjectStoreExt;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use std::collections::HashMap;

/// Rows read at a time, so a national database is checked in bounded memory.
const PAGE: u64 = 500;

/// What the check found. Each problem names the dossier and the file.
#[derive(Debug, Default)]
pub struct BackupReport {
    /// Files of dossiers checked.
    pub files: u64,
    /// Files a dossier points at that the storage does not have.
    pub missing: Vec<String>,
    /// Files whose bytes no longer have their recorded SHA-256.
    pub altered: Vec<String>,
    /// Files the storage could not read (an error other than "not found").
    pub unreadable: Vec<String>,
    /// Uploaded form templates checked (present in the storage).
    pub templates: u64,
    /// Signed results checked.
    pub results: u64,
    /// Results whose file or signature does not verify.
    pub invalid_results: Vec<String>,
}

impl BackupReport {
    /// Nothing missing, altered or invalid.
    pub fn is_sound(&self) -> bool {
        self.missing.is_empty()
            && self.altered.is_empty()
            && self.unreadable.is_empty()
            && self.invalid_results.is_empty()
    }
}

impl std::fmt::Display for BackupReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(f, "files of dossiers checked: {}", self.files)?;
        writeln!(f, "uploaded templates checked: {}", self.templates)?;
        for (label, problems) in
            [("missing", &self.missing), ("altered", &self.altered), ("unreadable", &self.unreadable)]
        {
            for problem in problems {
                writeln!(f, "  {label}: {problem}")?;
            }
        }
        writeln!(f, "signed results checked: {}", self.results)?;
        for code in &self.invalid_results {
            writeln!(f, "  does not verify: {code}")?;
        }
        match self.is_sound() {
            true => write!(f, "the copy is complete"),
            false => write!(
                f,
                "the copy is NOT complete: {} missing, {} altered, {} unreadable, {} results that do not verify",
                self.missing.len(),
                self.altered.len(),
                self.unreadable.len(),
                self.invalid_results.len()
            ),
        }
    }
}

/// Checks every dossier's files and every signed result.
pub async fn check(db: &DatabaseConnection, results: &Issuer) -> Result<BackupReport, AppError> {
    let mut report = BackupReport::default();
    let mut after = String::new();
    loop {
        let rows = attachment::Entity::find()
            .filter(attachment::Column::DossierId.is_not_null())
            .filter(attachment::Column::Id.gt(after.as_str()))
            .order_by_asc(attachment::Column::Id)
            .limit(PAGE)
            .all(db)
            .await?;
        let Some(last) = rows.last() else { break };
        after = last.id.clone();
        let ids: Vec<i32> = rows.iter().filter_map(|row| row.dossier_id).collect();
        let codes: HashMap<i32, String> = dossier::Entity::find()
            .select_only()
            .columns([dossier::Column::Id, dossier::Column::Code])
            .filter(dossier::Column::Id.is_in(ids))
            .into_tuple::<(i32, String)>()
            .all(db)
            .await?
            .into_iter()
            .collect();
        for row in rows {
            report.files += 1;
            let code = row.dossier_id.and_then(|id| codes.get(&id)).map_or("?", String::as_str);
            let name = format!("{code}: {} ({})", row.file_name, row.id);
            match stored_sha256(&results.files, &row.storage_key).await {
                Ok(None) => report.missing.push(name),
                Ok(Some(sha256)) if sha256 != row.sha256 => report.altered.push(name),
                Ok(Some(_)) => {}
                Err(_) => report.unreadable.push(name),
            }
        }
    }
    // Uploaded templates (the seed's own are read from the seed folder).
    let uploaded: Vec<(String, Option<String>)> = template::Entity::find()
        .select_only()
        .columns([template::Column::FileName, template::Column::StorageKey])
        .filter(template::Column::StorageKey.is_not_null())
        .into_tuple()
        .all(db)
        .await?;
    for (file_name, key) in uploaded {
        let Some(key) = key else { continue };
        report.templates += 1;
        let name = format!("template {file_name} ({key})");
        match results.files.store.head(&object_store::path::Path::from(key.as_str())).await {
            Ok(_) => {}
            Err(object_store::Error::NotFound { .. }) => report.missing.push(name),
            Err(_) => report.unreadable.push(name),
        }
    }
    let mut after = String::new();
    loop {
        let codes: Vec<String> = signed_document::Entity::find()
            .select_only()
            .column(signed_document::Column::Code)
            .filter(signed_document::Column::Code.gt(after.as_str()))
            .order_by_asc(signed_document::Column::Code)
            .limit(PAGE)
            .into_tuple()
            .all(db)
            .await?;
        let Some(last) = codes.last() else { break };
        after = last.clone();
        for code in codes {
            report.results += 1;
            if !results.verify(db, &code).await?.valid {
                report.invalid_results.push(code);
            }
        }
    }
    Ok(report)
}
