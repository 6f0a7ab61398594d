//! Form templates (mẫu đơn, tờ khai) that a procedure's documents offer for
//! download: the seed's (files in `seed/templates`) and those a system
//! administrator uploads for a new or changed procedure (kept in the files'
//! store, like attachments). A definition names a template by its file name,
//! so an uploaded file never takes a name that is already used.

use crate::domain::access::{Role, SessionUser};
use crate::domain::catalog::Template;
use crate::domain::rules::Rule;
use crate::domain::text::LocalText;
use crate::error::AppError;
use crate::server::attachments::{Files, safe_file_name, sniff, typed_file_name};
use crate::server::auth::audit::{self, AuditEvent};
use crate::server::entities::template;
use crate::server::secrets::{hex, random_bytes};
use object_store::ObjectStoreExt;
use object_store::path::Path;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, Set, SqlErr,
    TransactionTrait,
};

/// The largest template, in bytes.
pub const MAX_TEMPLATE_BYTES: usize = 10 * 1024 * 1024;
/// Bytes read to tell a file's type.
const SNIFF_BYTES: usize = 8 * 1024;
/// The longest title, in characters.
const MAX_TITLE_CHARS: usize = 200;
/// What a template may be: a document to print or fill in, not a picture.
const TEMPLATE_TYPES: [&str; 4] = [
    "application/pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.oasis.opendocument.text",
];

/// A template as the catalog shows it.
pub fn info(t: &template::Model) -> Template {
    Template {
        id: t.id,
        file_name: t.file_name.clone(),
        title: LocalText::new(&t.title_vi, &t.title_en),
        media_type: t.media_type.clone(),
        size_bytes: std::cmp::max(t.size_bytes, 0) as u64,
    }
}

/// Every template, by file name (the name a definition uses).
pub async fn list(db: &DatabaseConnection) -> Result<Vec<Template>, AppError> {
    let rows = template::Entity::find().order_by_asc(template::Column::FileName).all(db).await?;
    Ok(rows.iter().map(info).collect())
}

/// A file a system administrator sends as a template.
pub struct NewTemplate {
    pub file_name: String,
    pub title_vi: String,
    pub title_en: String,
    pub bytes: Vec<u8>,
}

/// Stores `new` as a template (system administrators): a PDF or office
/// document read from its content, at most 10 MB, titled, under a file name
/// no other template has. The file is in the store before the row commits;
/// audited as `template.upload`.
pub async fn upload(
    db: &DatabaseConnection,
    files: &Files,
    me: &SessionUser,
    new: NewTemplate,
) -> Result<Template, AppError> {
    if !me.has_role(Role::SystemAdmin) {
        return Err(AppError::Forbidden);
    }
    let title_vi = new.title_vi.trim();
    let title_en = new.title_en.trim();
    for (field, title) in [("title_vi", title_vi), ("title_en", title_en)] {
        if title.chars().count() > MAX_TITLE_CHARS {
            return Err(AppError::field(field, Rule::TooLong(MAX_TITLE_CHARS as u32)));
        }
    }
    if title_vi.is_empty() {
        return Err(AppError::field("title_vi", Rule::Required));
    }
    if new.bytes.len() > MAX_TEMPLATE_BYTES {
        return Err(AppError::TooLarge);
    }
    let head = &new.bytes[..new.bytes.len().min(SNIFF_BYTES)];
    let media_type = sniff(head).filter(|t| TEMPLATE_TYPES.contains(t)).ok_or(AppError::UnsupportedType)?;
    let file_name = typed_file_name(&safe_file_name(&new.file_name), media_type);
    if template::Entity::find().filter(template::Column::FileName.eq(file_name.as_str())).one(db).await?.is_some() {
        return Err(AppError::Conflict);
    }
    let key = Path::from(format!("templates/{}", hex(&random_bytes::<16>())));
    let size = new.bytes.len();
    files.put(&key, new.bytes).await?;
    let row = template::ActiveModel {
        file_name: Set(file_name.clone()),
        title_vi: Set(title_vi.to_owned()),
        title_en: Set(if title_en.is_empty() { title_vi.to_owned() } else { title_en.to_owned() }),
        media_type: Set(media_type.to_owned()),
        size_bytes: Set(i64::try_from(size).unwrap_or(i64::MAX)),
        storage_key: Set(Some(key.to_string())),
        ..Default::default()
    };
    let saved = async {
        let txn = db.begin().await?;
        let row = row.insert(&txn).await.map_err(|err| match err.sql_err() {
            // Another upload took the name meanwhile.
            Some(SqlErr::UniqueConstraintViolation(_)) => AppError::Conflict,
            _ => err.into(),
        })?;
        audit::record(&txn, AuditEvent::change_by(me, "template.upload", format!("template:{file_name}"), None))
            .await?;
        txn.commit().await?;
        Ok::<_, AppError>(row)
    }
    .await;
    match saved {
        Ok(row) => Ok(info(&row)),
        Err(err) => {
            // No file without its row.
            if let Err(cleanup) = files.store.delete(&key).await {
                tracing::warn!(error = %cleanup, "removing an unrecorded template file");
            }
            Err(err)
        }
    }
}

/// A template's file: streamed from the store when it was uploaded, read
/// from the seed's folder otherwise (small files shipped with the release).
pub enum TemplateFile {
    Stored(object_store::GetResult),
    Seed(Vec<u8>),
}

/// Template `id` named `file_name` and its file. A file gone missing is
/// logged and answered as not found.
pub async fn content(
    db: &DatabaseConnection,
    files: &Files,
    seed_dir: &std::path::Path,
    id: i32,
    file_name: &str,
) -> Result<(template::Model, TemplateFile), AppError> {
    let row = template::Entity::find_by_id(id).one(db).await?.filter(|t| t.file_name == file_name);
    let row = row.ok_or(AppError::NotFound)?;
    let missing = |err: &dyn std::fmt::Display| {
        tracing::error!(error = %err, template = row.id, "template file missing");
        AppError::NotFound
    };
    let file = match &row.storage_key {
        Some(key) => TemplateFile::Stored(files.get(key).await?.ok_or_else(|| missing(&"not in the store"))?),
        None => {
            // Seed file names never leave the folder.
            if row.file_name.contains(['/', '\\']) || row.file_name.starts_with('.') {
                return Err(AppError::NotFound);
            }
            let path = seed_dir.join("templates").join(&row.file_name);
            TemplateFile::Seed(tokio::fs::read(&path).await.map_err(|e| missing(&e))?)
        }
    };
    Ok((row, file))
}
