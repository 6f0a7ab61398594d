//! Attachments: files a citizen uploads for a draft's required documents (or
//! a supplement), and the result document a processor uploads.
//! Uploads are streamed to the object store (never held whole in memory),
//! their type is read from their content (never from their name), their
//! SHA-256 is recorded, and only the owner and the officials of the agency
//! that received the dossier may download them.

use crate::domain::access::SessionUser;
use crate::domain::applicant::AUTHORISATION_DOCUMENT;
use crate::domain::digitisation::Digitisation;
use crate::domain::document_store::{Reuse, StoredKind};
use crate::domain::dossier::AttachmentInfo;
use crate::error::AppError;
use crate::server::entities::{attachment, document_requirement, dossier, draft};
use crate::server::secrets::{hex, random_bytes};
use chrono::{DateTime, Utc};
use object_store::path::Path;
use object_store::{ObjectStore, ObjectStoreExt, PutPayload, WriteMultipart};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};
use sha2::{Digest, Sha256};
use std::sync::Arc;

/// The files' store and the upload limits.
#[derive(Clone)]
pub struct Files {
    pub store: Arc<dyn ObjectStore>,
    /// Largest file, in bytes (`DVC_UPLOAD_FILE_MB`, 10 MB).
    pub max_file_bytes: u64,
    /// Largest total of a dossier's files (`DVC_UPLOAD_DOSSIER_MB`, 50 MB).
    pub max_dossier_bytes: u64,
    /// Bytes sent to the store at a time while an upload streams.
    pub part_bytes: usize,
}

/// An S3-compatible bucket (`DVC_STORAGE_URL=s3://name/prefix`).
#[derive(Clone)]
pub struct Bucket {
    pub name: String,
    /// Keys are stored under it (several portals may share one bucket).
    pub prefix: Option<String>,
    /// The service's address, e.g. `https://s3.example.vn`; AWS when unset.
    pub endpoint: Option<String>,
    pub region: String,
    pub access_key_id: String,
    pub secret_access_key: String,
}

impl std::fmt::Debug for Bucket {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Bucket")
            .field("name", &self.name)
            .field("prefix", &self.prefix)
            .field("endpoint", &self.endpoint)
            .field("region", &self.region)
            .field("access_key_id", &self.access_key_id)
            .finish_non_exhaustive()
    }
}

impl Files {
    /// Files under `dir` on the local disk.
    pub fn local(dir: &std::path::Path, max_file_bytes: u64, max_dossier_bytes: u64) -> std::io::Result<Self> {
        std::fs::create_dir_all(dir)?;
        let store = object_store::local::LocalFileSystem::new_with_prefix(dir).map_err(std::io::Error::other)?;
        Ok(Self { store: Arc::new(store), max_file_bytes, max_dossier_bytes, part_bytes: 1024 * 1024 })
    }

    /// The file at `key`, streaming (its answer begun within 15 s); `None`
    /// when there is none; 503 when the store is away.
    pub async fn get(&self, key: &str) -> Result<Option<object_store::GetResult>, AppError> {
        match tokio::time::timeout(STORAGE_WAIT, self.store.get(&Path::from(key))).await {
            Ok(Ok(found)) => Ok(Some(found)),
            Ok(Err(object_store::Error::NotFound { .. })) => Ok(None),
            Ok(Err(err)) => Err(storage_error(err)),
            Err(_) => Err(stalled(STORAGE_WAIT)),
        }
    }

    /// Stores `bytes` (a small file, sent in one request) at `path`.
    pub async fn put(&self, path: &Path, bytes: Vec<u8>) -> Result<(), AppError> {
        bounded(PART_WAIT, self.store.put(path, PutPayload::from(bytes))).await.map(|_| ())
    }

    /// Files in an S3-compatible bucket, reached over HTTP(S) with path-style
    /// addresses (what S3-compatible servers accept).
    pub fn bucket(bucket: &Bucket, max_file_bytes: u64, max_dossier_bytes: u64) -> Result<Self, object_store::Error> {
        // TLS with ring, as every outgoing call of the portal.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let mut builder = object_store::aws::AmazonS3Builder::new()
            .with_bucket_name(&bucket.name)
            .with_region(&bucket.region)
            .with_access_key_id(&bucket.access_key_id)
            .with_secret_access_key(&bucket.secret_access_key)
            .with_virtual_hosted_style_request(false)
            // A bucket that is away fails a request within seconds (the
            // upload can be retried), not after minutes of retries. One that
            // stalls (connections accepted, nothing answered) is bounded by
            // `bounded` around each operation and, inside a download, by
            // the read timeout (a minute without a byte); a download as a
            // whole has no limit (a slow phone reads a large file for long).
            .with_retry(object_store::RetryConfig {
                max_retries: 3,
                retry_timeout: std::time::Duration::from_secs(10),
                ..Default::default()
            })
            .with_client_options(
                object_store::ClientOptions::new()
                    .with_connect_timeout(std::time::Duration::from_secs(3))
                    .with_read_timeout(std::time::Duration::from_secs(60))
                    .with_timeout_disabled(),
            );
        if let Some(endpoint) = &bucket.endpoint {
            builder = builder.with_endpoint(endpoint).with_allow_http(endpoint.starts_with("http://"));
        }
        let s3 = builder.build()?;
        let store: Arc<dyn ObjectStore> = match bucket.prefix.as_deref().filter(|p| !p.is_empty()) {
            Some(prefix) => Arc::new(object_store::prefix::PrefixStore::new(s3, prefix)),
            None => Arc::new(s3),
        };
        // S3 refuses parts under 5 MiB (but the last).
        Ok(Self { store, max_file_bytes, max_dossier_bytes, part_bytes: 5 * 1024 * 1024 })
    }
}

/// Bytes read before deciding a file's type.
const SNIFF_BYTES: usize = 8 * 1024;

/// The types accepted, by the media type read from the content, with the
/// extension every download of such a file gets. Not `.doc`: a legacy
/// Word file is an OLE container that carries macros and needs a complex
/// parser to tell from other containers; citizens send PDF or `.docx`.
pub const ACCEPTED_TYPES: &[(&str, &str)] = &[
    ("application/pdf", "pdf"),
    ("image/jpeg", "jpg"),
    ("image/png", "png"),
    ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
    ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    ("application/vnd.oasis.opendocument.text", "odt"),
];

/// The media type of a file from its first bytes, if it is one we accept.
/// Each type's signature must stand at offset 0 — a file that merely holds
/// `%PDF` somewhere in its first KiB (an HTML page, an `.hta`, a `.bat`
/// made to look like a PDF) is refused — and PNG's first chunk must be its
/// header; the office formats are ZIP archives whose first entry names them.
pub fn sniff(head: &[u8]) -> Option<&'static str> {
    let found = if head.starts_with(b"%PDF-") {
        "application/pdf"
    } else if head.starts_with(&[0xff, 0xd8, 0xff]) {
        "image/jpeg"
    } else if head.starts_with(b"\x89PNG\r\n\x1a\n") && head.get(12..16) == Some(b"IHDR") {
        "image/png"
    } else if head.starts_with(b"PK\x03\x04") {
        infer::get(head)?.mime_type()
    } else {
        return None;
    };
    ACCEPTED_TYPES.iter().find(|(mime, _)| *mime == found).map(|(mime, _)| *mime)
}

/// The name a file is stored and downloaded under: the citizen's name with
/// the extension of the type read from its content (`giay.hta` holding a PDF
/// is `giay.pdf`), so no download is ever opened as something else.
pub fn typed_file_name(file_name: &str, content_type: &str) -> String {
    let extension = ACCEPTED_TYPES.iter().find(|(mime, _)| *mime == content_type).map_or("bin", |(_, ext)| *ext);
    let stem = match file_name.rsplit_once('.') {
        Some((stem, _)) if !stem.is_empty() => stem,
        _ => file_name,
    };
    format!("{stem}.{extension}")
}

/// A file name safe to show and to send back: no folders, no control or
/// markup characters, at most 120 characters, never empty.
pub fn safe_file_name(raw: &str) -> String {
    let base = raw.rsplit(['/', '\\']).next().unwrap_or_default();
    let cleaned: String = base
        .chars()
        .filter(|c| !c.is_control() && !matches!(c, '<' | '>' | ':' | '"' | '|' | '?' | '*' | ';'))
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let cleaned = cleaned.trim_start_matches('.');
    let cleaned: String = match cleaned.rsplit_once('.') {
        // Keep the extension when shortening.
        Some((stem, ext)) if ext.chars().count() <= 8 && cleaned.chars().count() > 120 => {
            format!("{}.{ext}", stem.chars().take(110).collect::<String>())
        }
        _ => cleaned.chars().take(120).collect(),
    };
    if cleaned.is_empty() { "tep-dinh-kem".to_owned() } else { cleaned }
}

/// Where an upload goes, checked before any byte is read: a draft's document,
/// or a submitted dossier's (a supplement the citizen was asked for, or the
/// result the processor proposes, document 0).
#[derive(Clone, Debug)]
pub struct Target {
    owner_id: i32,
    procedure_id: i32,
    draft_id: Option<String>,
    dossier_id: Option<i32>,
    document: i32,
    /// Bytes the draft's (or dossier's) files already take.
    used: u64,
    /// A receiver's intake: each scan carries its digitisation record.
    intake: bool,
}

/// The position of a dossier's result document among its attachments.
pub const RESULT_DOCUMENT: i32 = 0;

/// Checks that `draft_id` is the caller's live draft and `document` one of
/// its procedure's required documents, or the authorisation to act for
/// another person.
pub async fn target(
    db: &DatabaseConnection,
    me: &SessionUser,
    draft_id: &str,
    document: i32,
    now: DateTime<Utc>,
) -> Result<Target, AppError> {
    let draft = draft::Entity::find()
        .filter(draft::Column::Id.eq(draft_id))
        .filter(draft::Column::UserId.eq(me.id))
        .filter(draft::Column::ExpiresAt.gt(now))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    // An intake takes scans from a receiver only (one who lost the role finds nothing).
    if draft.intake.is_some() && !me.has_role(crate::domain::access::Role::Receiver) {
        return Err(AppError::NotFound);
    }
    let authorisation = u32::try_from(document) == Ok(AUTHORISATION_DOCUMENT);
    if !authorisation && !is_required_document(db, draft.procedure_id, document).await? {
        return Err(AppError::NotFound);
    }
    let used = used_bytes(
        db,
        sea_orm::sea_query::ExprTrait::and(
            attachment::Column::DraftId.eq(draft_id),
            attachment::Column::DossierId.is_null(),
        ),
    )
    .await?;
    Ok(Target {
        owner_id: me.id,
        procedure_id: draft.procedure_id,
        draft_id: Some(draft.id),
        dossier_id: None,
        document,
        used,
        intake: draft.intake.is_some(),
    })
}

/// Bytes the attachments matching `which` take.
async fn used_bytes(db: &DatabaseConnection, which: sea_orm::sea_query::SimpleExpr) -> Result<u64, AppError> {
    let sizes: Vec<i64> = attachment::Entity::find()
        .select_only()
        .column(attachment::Column::Size)
        .filter(which)
        .into_tuple()
        .all(db)
        .await?;
    Ok(sizes.iter().map(|s| u64::try_from(*s).unwrap_or_default()).sum())
}

async fn is_required_document(db: &DatabaseConnection, procedure_id: i32, document: i32) -> Result<bool, AppError> {
    Ok(document_requirement::Entity::find()
        .filter(document_requirement::Column::ProcedureId.eq(procedure_id))
        // Stored from 0; documents are numbered from 1.
        .filter(document_requirement::Column::Position.eq(document.saturating_sub(1)))
        .count(db)
        .await?
        > 0)
}

/// Checks an upload to a submitted dossier: its applicant answering a
/// supplement request that asks for `document`, or its assigned processor
/// uploading the result (`RESULT_DOCUMENT`). Anyone else finds no such dossier.
pub async fn dossier_target(
    db: &DatabaseConnection,
    me: &SessionUser,
    code: &str,
    document: i32,
) -> Result<Target, AppError> {
    use crate::domain::access::{AccountKind, Role};
    use crate::domain::dossier::DossierStatus;
    let row = dossier::find_by_code(db, code).await?.ok_or(AppError::NotFound)?;
    let status = row.status;
    let allowed = if me.kind == AccountKind::Citizen {
        let asked: Vec<crate::domain::workflow::SupplementItem> =
            row.supplement.as_deref().and_then(|s| serde_json::from_str(s).ok()).unwrap_or_default();
        crate::server::organisations::speaks_for(db, me, &row).await?
            && status == DossierStatus::SupplementRequested
            && asked.iter().any(|item| item.document().and_then(|d| i32::try_from(d).ok()) == Some(document))
    } else {
        document == RESULT_DOCUMENT
            && me.agency.as_ref().is_some_and(|a| a.id == row.agency_id)
            && me.has_role(Role::Processor)
            && row.assignee_id == Some(me.id)
            && status == DossierStatus::Processing
    };
    if !allowed {
        return Err(AppError::NotFound);
    }
    let used = used_bytes(db, attachment::Column::DossierId.eq(row.id)).await?;
    Ok(Target {
        owner_id: me.id,
        procedure_id: row.procedure_id,
        draft_id: None,
        dossier_id: Some(row.id),
        document,
        used,
        intake: false,
    })
}

impl Target {
    /// Counts bytes stored earlier in the same request.
    pub fn add_used(&mut self, bytes: u64) {
        self.used += bytes;
    }

    /// Whether the files are scans of a paper dossier taken in at the desk.
    pub fn is_intake(&self) -> bool {
        self.intake
    }
}

/// One file being received: fed chunk by chunk, then finished or aborted.
pub struct Upload {
    files: Files,
    target: Target,
    id: String,
    file_name: String,
    head: Vec<u8>,
    content_type: Option<&'static str>,
    writer: Option<WriteMultipart>,
    size: u64,
    hash: Sha256,
    /// A scan's record, and the receiver who confirmed it.
    digitised: Option<(Digitisation, i32)>,
}

impl Upload {
    pub fn new(files: &Files, target: Target, file_name: &str) -> Self {
        Self {
            files: files.clone(),
            target,
            id: hex(&random_bytes::<16>()),
            file_name: safe_file_name(file_name),
            head: Vec::new(),
            content_type: None,
            writer: None,
            size: 0,
            hash: Sha256::new(),
            digitised: None,
        }
    }

    /// The scan of a paper document, recorded as `record` and confirmed by
    /// receiver `by` (with the time and the hash, at `finish`).
    pub fn digitised(mut self, record: Digitisation, by: i32) -> Self {
        self.digitised = Some((record, by));
        self
    }

    fn path(&self) -> Path {
        Path::from(format!("attachments/{}", self.id))
    }

    /// Takes the next chunk. Over a limit: `TooLarge`; not an accepted type:
    /// `UnsupportedType`. After an error, call [`Upload::abort`].
    pub async fn push(&mut self, chunk: &[u8]) -> Result<(), AppError> {
        self.size += chunk.len() as u64;
        if self.size > self.files.max_file_bytes || self.target.used + self.size > self.files.max_dossier_bytes {
            return Err(AppError::TooLarge);
        }
        self.hash.update(chunk);
        if let Some(writer) = &mut self.writer {
            bounded(PART_WAIT, writer.wait_for_capacity(2)).await?;
            writer.write(chunk);
            return Ok(());
        }
        self.head.extend_from_slice(chunk);
        if self.head.len() >= SNIFF_BYTES {
            self.content_type = Some(sniff(&self.head).ok_or(AppError::UnsupportedType)?);
            let upload = bounded(STORAGE_WAIT, self.files.store.put_multipart(&self.path())).await?;
            let mut writer = WriteMultipart::new_with_chunk_size(upload, self.files.part_bytes);
            writer.write(&std::mem::take(&mut self.head));
            self.writer = Some(writer);
        }
        Ok(())
    }

    /// Stores the rest and records the attachment.
    pub async fn finish(mut self, db: &DatabaseConnection, now: DateTime<Utc>) -> Result<AttachmentInfo, AppError> {
        if self.size == 0 {
            return Err(AppError::UnsupportedType);
        }
        let path = self.path();
        match self.writer.take() {
            Some(writer) => {
                bounded(PART_WAIT, writer.finish()).await?;
            }
            None => {
                self.content_type = Some(sniff(&self.head).ok_or(AppError::UnsupportedType)?);
                let bytes = std::mem::take(&mut self.head);
                self.files.put(&path, bytes).await?;
            }
        }
        let (record, digitised_by) = match self.digitised.take() {
            Some((record, by)) => (Some(record), Some(by)),
            None => (None, None),
        };
        let row = attachment::ActiveModel {
            original: Set(record.as_ref().map(|r| r.original)),
            doc_type: Set(record.as_ref().map(|r| r.doc_type.clone())),
            doc_number: Set(record.as_ref().and_then(|r| r.doc_number.clone())),
            doc_issuer: Set(record.as_ref().and_then(|r| r.issuer.clone())),
            issued_on: Set(record.as_ref().and_then(|r| r.issued_on)),
            valid_until: Set(record.as_ref().and_then(|r| r.valid_until)),
            digitised_by: Set(digitised_by),
            digitised_at: Set(digitised_by.map(|_| now)),
            reused_from: Set(None),
            reused_kind: Set(None),
            id: Set(self.id.clone()),
            owner_id: Set(self.target.owner_id),
            procedure_id: Set(self.target.procedure_id),
            draft_id: Set(self.target.draft_id.clone()),
            dossier_id: Set(self.target.dossier_id),
            document: Set(self.target.document),
            file_name: Set(typed_file_name(&self.file_name, self.content_type.unwrap_or_default())),
            content_type: Set(self.content_type.unwrap_or("application/octet-stream").to_owned()),
            size: Set(i64::try_from(self.size).unwrap_or(i64::MAX)),
            sha256: Set(hex(&self.hash.clone().finalize())),
            storage_key: Set(path.to_string()),
            created_at: Set(now),
        };
        match row.insert(db).await {
            Ok(row) => Ok(info(row)),
            Err(err) => {
                let _ = self.files.store.delete(&path).await;
                Err(err.into())
            }
        }
    }

    /// Drops what was stored so far.
    /// The abort runs on its own (at most 15 s): a stalled bucket does not
    /// hold the request past its answer.
    pub async fn abort(mut self) {
        if let Some(writer) = self.writer.take() {
            tokio::spawn(async move {
                if let Err(err) = bounded(STORAGE_WAIT, writer.abort()).await {
                    tracing::warn!(error = %err, "aborting an upload failed (the bucket's lifecycle rule removes its parts)");
                }
            });
        }
    }
}

/// The bucket (or the folder) failed. Away, stalled or erring (a network
/// or server error, a lost multipart upload): the cause is logged and the
/// request answered 503 with `Retry-After`, as when the database is away;
/// nothing that points at the file was committed, so the citizen simply
/// retries. Refused for good (keys, permissions, an unsupported operation):
/// an internal error, which no retry mends.
fn storage_error(err: object_store::Error) -> AppError {
    match err {
        object_store::Error::Generic { .. }
        | object_store::Error::NotFound { .. }
        | object_store::Error::JoinError { .. } => {
            tracing::error!(error = %err, "file storage failed");
            AppError::Unavailable
        }
        err => AppError::internal(format_args!("file storage: {err}")),
    }
}

/// How long a request to the store may wait for its answer to begin (a
/// stalled bucket accepts connections and answers nothing)…
const STORAGE_WAIT: std::time::Duration = std::time::Duration::from_secs(15);
/// …and one that sends a part of an upload (5 MiB at 2 Mbit/s), well within
/// the request's own limit (`DVC_REQUEST_TIMEOUT_SECS`, 30 s): the citizen
/// hears "503, try again", not a timeout.
const PART_WAIT: std::time::Duration = std::time::Duration::from_secs(20);

/// `operation` on the store, within `wait`; a store that does not answer in time is away (503).
async fn bounded<T>(
    wait: std::time::Duration,
    operation: impl std::future::Future<Output = object_store::Result<T>>,
) -> Result<T, AppError> {
    match tokio::time::timeout(wait, operation).await {
        Ok(done) => done.map_err(storage_error),
        Err(_) => Err(stalled(wait)),
    }
}

fn stalled(wait: std::time::Duration) -> AppError {
    tracing::error!(seconds = wait.as_secs(), "file storage did not answer in time");
    AppError::Unavailable
}

/// What a paper document is, as recorded with its file (a scan's record,
/// or a stored document's chosen for a dossier); `None` for a plain upload.
pub fn record_of(row: &attachment::Model) -> Option<Digitisation> {
    Some(Digitisation {
        original: row.original.unwrap_or_default(),
        doc_type: row.doc_type.clone()?,
        doc_number: row.doc_number.clone(),
        issuer: row.doc_issuer.clone(),
        issued_on: row.issued_on,
        valid_until: row.valid_until,
    })
}

pub fn info(row: attachment::Model) -> AttachmentInfo {
    let digitised = record_of(&row);
    AttachmentInfo {
        id: row.id,
        document: u32::try_from(row.document).unwrap_or_default(),
        file_name: row.file_name,
        content_type: row.content_type,
        size: u64::try_from(row.size).unwrap_or_default(),
        sha256: row.sha256,
        digitised,
        // Chosen only when its hash (and a result's signature) held.
        reused: row.reused_kind.map(|kind| Reuse {
            kind,
            hash_checked: true,
            signature_checked: kind == StoredKind::Result,
        }),
    }
}

/// The SHA-256 of a stored file, read as it streams; `None` when it is gone.
pub async fn stored_sha256(files: &Files, key: &str) -> Result<Option<String>, AppError> {
    use futures_util::StreamExt;
    let Some(found) = files.get(key).await? else { return Ok(None) };
    let mut stream = found.into_stream();
    let mut hash = Sha256::new();
    while let Some(chunk) = stream.next().await {
        hash.update(chunk.map_err(storage_error)?);
    }
    Ok(Some(hex(&hash.finalize())))
}

/// Attaches to `target` a document of the owner's store: a row that shares
/// `source`'s stored file (no copy), with the document's record; within
/// the same limits as an upload.
pub async fn attach_reference(
    db: &DatabaseConnection,
    files: &Files,
    target: Target,
    source: &attachment::Model,
    kind: StoredKind,
    record: &Digitisation,
    now: DateTime<Utc>,
) -> Result<AttachmentInfo, AppError> {
    let size = u64::try_from(source.size).unwrap_or(u64::MAX);
    if size > files.max_file_bytes || target.used + size > files.max_dossier_bytes {
        return Err(AppError::TooLarge);
    }
    let row = attachment::ActiveModel {
        id: Set(hex(&random_bytes::<16>())),
        owner_id: Set(target.owner_id),
        procedure_id: Set(target.procedure_id),
        draft_id: Set(target.draft_id),
        dossier_id: Set(target.dossier_id),
        document: Set(target.document),
        file_name: Set(source.file_name.clone()),
        content_type: Set(source.content_type.clone()),
        size: Set(source.size),
        sha256: Set(source.sha256.clone()),
        storage_key: Set(source.storage_key.clone()),
        created_at: Set(now),
        original: Set(Some(record.original)),
        doc_type: Set(Some(record.doc_type.clone())),
        doc_number: Set(record.doc_number.clone()),
        doc_issuer: Set(record.issuer.clone()),
        issued_on: Set(record.issued_on),
        valid_until: Set(record.valid_until),
        digitised_by: Set(None),
        digitised_at: Set(None),
        reused_from: Set(Some(source.id.clone())),
        reused_kind: Set(Some(kind)),
    };
    Ok(info(row.insert(db).await?))
}

/// The files attached to the caller's draft.
pub async fn of_draft(
    db: &DatabaseConnection,
    me: &SessionUser,
    draft_id: &str,
) -> Result<Vec<AttachmentInfo>, AppError> {
    Ok(attachment::Entity::find()
        .filter(attachment::Column::DraftId.eq(draft_id))
        .filter(attachment::Column::OwnerId.eq(me.id))
        .filter(attachment::Column::DossierId.is_null())
        .order_by_asc(attachment::Column::CreatedAt)
        .all(db)
        .await?
        .into_iter()
        .map(info)
        .collect())
}

/// Removes a file from the caller's draft (not once submitted).
pub async fn remove(db: &DatabaseConnection, files: &Files, me: &SessionUser, id: &str) -> Result<(), AppError> {
    let row = attachment::Entity::find_by_id(id.to_owned())
        .filter(attachment::Column::OwnerId.eq(me.id))
        .filter(attachment::Column::DossierId.is_null())
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    attachment::Entity::delete_by_id(row.id.clone()).exec(db).await?;
    delete_stored(files, &row).await;
    Ok(())
}

/// Deletes a file this request has just stored (an upload undone as a whole).
pub async fn discard(db: &DatabaseConnection, files: &Files, id: &str) {
    if let Ok(Some(row)) = attachment::Entity::find_by_id(id.to_owned()).one(db).await {
        let _ = attachment::Entity::delete_by_id(row.id.clone()).exec(db).await;
        delete_stored(files, &row).await;
    }
}

/// Deletes the stored bytes of a row just removed; a failure is logged (the
/// row is already gone). A document chosen from the store shares its
/// bytes with the stored one: they stay.
pub async fn delete_stored(files: &Files, row: &attachment::Model) {
    if row.reused_from.is_some() {
        return;
    }
    let key = row.storage_key.as_str();
    // Bounded: the row is gone already; a file left behind is swept later.
    if let Err(err) = bounded(STORAGE_WAIT, files.store.delete(&Path::from(key))).await {
        tracing::warn!(error = %err, key, "could not delete a stored file");
    }
}

/// A stored file no row points at is kept this long before it is swept: an
/// upload being written, or whose row is about to commit, is never taken.
pub const ORPHAN_GRACE: chrono::Duration = chrono::Duration::hours(24);

/// Old files looked up at a time, so any number of files is swept in
/// bounded memory.
const SWEEP_BATCH: usize = 500;

/// Deletes stored files that no attachment and no template points at and
/// that are older than `grace`: what a crash or a lost connection left
/// between writing a file and committing its row. Answers how many.
///
/// A crash leaves a few such files. When more than ten of a batch, and more
/// than half of it, have no row, the portal is reading a database that is not
/// the one its files belong to (a restored or staging copy sharing the
/// bucket): the sweep stops and deletes nothing more.
pub async fn sweep_orphans(
    db: &DatabaseConnection,
    files: &Files,
    now: DateTime<Utc>,
    grace: chrono::Duration,
) -> Result<u64, AppError> {
    use futures_util::StreamExt;
    let mut swept = 0;
    for prefix in ["attachments", "templates"] {
        let mut listing = files.store.list(Some(&Path::from(prefix)));
        let mut old = Vec::with_capacity(SWEEP_BATCH);
        loop {
            let next = listing.next().await.transpose().map_err(storage_error)?;
            let done = next.is_none();
            if let Some(object) = next
                && object.last_modified < now - grace
            {
                old.push(object.location.to_string());
            }
            if old.len() == SWEEP_BATCH || (done && !old.is_empty()) {
                swept += sweep_batch(db, files, std::mem::take(&mut old)).await?;
            }
            if done {
                break;
            }
        }
    }
    Ok(swept)
}

async fn sweep_batch(db: &DatabaseConnection, files: &Files, keys: Vec<String>) -> Result<u64, AppError> {
    use crate::server::entities::template;
    let mut held: std::collections::HashSet<String> = attachment::Entity::find()
        .select_only()
        .column(attachment::Column::StorageKey)
        .filter(attachment::Column::StorageKey.is_in(keys.clone()))
        .into_tuple::<String>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    held.extend(
        template::Entity::find()
            .select_only()
            .column(template::Column::StorageKey)
            .filter(template::Column::StorageKey.is_in(keys.clone()))
            .into_tuple::<Option<String>>()
            .all(db)
            .await?
            .into_iter()
            .flatten(),
    );
    let orphans: Vec<&String> = keys.iter().filter(|key| !held.contains(*key)).collect();
    if orphans.len() > 10 && orphans.len() * 2 > keys.len() {
        return Err(AppError::internal(format_args!(
            "sweep stopped: {} of {} stored files have no row; is this the database these files belong to?",
            orphans.len(),
            keys.len()
        )));
    }
    let mut swept = 0;
    for key in orphans {
        match files.store.delete(&Path::from(key.as_str())).await {
            Ok(()) => swept += 1,
            Err(err) => tracing::warn!(error = %err, key, "could not sweep a stored file"),
        }
    }
    Ok(swept)
}

/// An attachment the caller may download: its owner's; once submitted, one of
/// a dossier the caller's agency holds, or of a dossier the caller reads as a
/// citizen (`on_behalf::reads`), or one their agency received and handed on (the result document only once
/// approved). Anyone else is told it does not exist.
pub async fn readable(db: &DatabaseConnection, me: &SessionUser, id: &str) -> Result<attachment::Model, AppError> {
    use crate::domain::access::AccountKind;
    use crate::domain::dossier::DossierStatus;
    let row = attachment::Entity::find_by_id(id.to_owned()).one(db).await?.ok_or(AppError::NotFound)?;
    // Its uploader, until it is part of a dossier: then the dossier says who reads it.
    if row.owner_id == me.id && row.dossier_id.is_none() {
        return Ok(row);
    }
    let Some(dossier_id) = row.dossier_id else { return Err(AppError::NotFound) };
    let Some(dossier) = dossier::Entity::find_by_id(dossier_id).one(db).await? else { return Err(AppError::NotFound) };
    let result_given = matches!(dossier.status, DossierStatus::Processed | DossierStatus::Returned);
    let as_citizen_sees = row.document != RESULT_DOCUMENT || result_given;
    let official = me.kind == AccountKind::Official;
    // The agency holding it reads every file; the agency that received it
    // and handed it on reads what the citizen reads (not a proposed result).
    let holding = official && me.agency.as_ref().is_some_and(|a| a.id == dossier.agency_id);
    let handed_on = official && me.agency.as_ref().is_some_and(|a| dossier.concerns(a.id)) && as_citizen_sees;
    let applicant = as_citizen_sees && crate::server::on_behalf::reads(db, me, &dossier).await?;
    if holding || handed_on || applicant { Ok(row) } else { Err(AppError::NotFound) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_lose_folders_and_markup() {
        assert_eq!(safe_file_name("C:\\Users\\an\\Giấy chứng sinh.pdf"), "Giấy chứng sinh.pdf");
        assert_eq!(safe_file_name("../../etc/passwd"), "passwd");
        assert_eq!(safe_file_name("<script>a.pdf"), "scripta.pdf");
        assert_eq!(safe_file_name("  .hidden  "), "hidden");
        assert_eq!(safe_file_name("\u{0}\u{7}"), "tep-dinh-kem");
        let long = format!("{}.pdf", "a".repeat(300));
        let short = safe_file_name(&long);
        assert!(short.ends_with(".pdf") && short.chars().count() == 114);
    }

    #[test]
    fn types_are_read_from_the_content() {
        assert_eq!(sniff(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"), Some("application/pdf"));
        let png = [0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, b'I', b'H', b'D', b'R'];
        assert_eq!(sniff(&png), Some("image/png"));
        assert_eq!(sniff(&png[..12]), None, "a PNG signature without its header chunk");
        assert_eq!(sniff(&[0xff, 0xd8, 0xff, 0xe0, 0, 0x10, b'J', b'F', b'I', b'F']), Some("image/jpeg"));
        // A Windows program, whatever its name says.
        let mut exe = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff".to_vec();
        exe.resize(512, 0);
        exe[0x3c] = 0x80;
        assert_eq!(sniff(&exe), None);
        assert_eq!(sniff(b"plain text, not a document"), None);
        // Polyglots: `%PDF` inside the first KiB, but not at its start.
        assert_eq!(sniff(b"<html><script>alert(1)</script>%PDF-1.7\n"), None);
        assert_eq!(sniff(b"<HTA:APPLICATION/>%PDF-1.4"), None);
        assert_eq!(sniff(b"@echo off\r\nREM %PDF-1.4\r\n"), None);
        // A legacy Word (OLE) file is no longer accepted.
        let mut ole = vec![0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
        ole.resize(4096, 0);
        assert_eq!(sniff(&ole), None);
    }

    #[test]
    fn downloads_are_named_from_the_sniffed_type() {
        assert_eq!(typed_file_name("giay.hta", "application/pdf"), "giay.pdf");
        assert_eq!(typed_file_name("Giấy chứng sinh.pdf", "application/pdf"), "Giấy chứng sinh.pdf");
        assert_eq!(typed_file_name("anh", "image/jpeg"), "anh.jpg");
        assert_eq!(typed_file_name("a.tar.gz", "image/png"), "a.tar.png");
        assert_eq!(typed_file_name("x.pdf", "text/html"), "x.bin");
    }

    proptest::proptest! {
        /// Arbitrary bytes are never typed as an accepted file unless they
        /// begin with that type's signature; downloads carry the sniffed
        /// type's extension only.
        #[test]
        fn arbitrary_bytes_are_typed_by_their_signature_only(
            junk in proptest::collection::vec(proptest::num::u8::ANY, 0..64),
            name in "\\PC{0,40}",
        ) {
            let mut polyglot = b"<html>".to_vec();
            polyglot.extend_from_slice(&junk);
            polyglot.extend_from_slice(b"%PDF-1.7");
            proptest::prop_assert_eq!(sniff(&polyglot), None);
            if let Some(mime) = sniff(&junk) {
                let ext = typed_file_name(&safe_file_name(&name), mime);
                let typed = ACCEPTED_TYPES.iter().any(|(m, e)| *m == mime && ext.ends_with(&format!(".{e}")));
                proptest::prop_assert!(typed, "{ext} for {mime}");
            }
        }
    }
}
