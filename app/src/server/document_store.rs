//! The citizen's document store (kho dữ liệu), computed from what the server
//! holds: the signed results of their dossiers, the papers digitised for
//! them at a desk, and the files of earlier dossiers they chose to keep
//! (`kept_documents`). Their dossiers are the ones that are theirs as a
//! person: filed by them for themselves, or filed for them (at a desk, or
//! by someone acting for them) under the ID number VNeID proved is theirs;
//! an organisation's papers are not a person's.
//!
//! Choosing a document for a draft is checked against that same list (no
//! one else's document can be named), refused once expired, and checked
//! again at that moment: the stored bytes against the recorded hash, a
//! result's signature too. The draft's attachment then points at the same
//! stored file (`attachments.reused_from`), never a copy.

use crate::domain::access::SessionUser;
use crate::domain::applicant::AUTHORISATION_DOCUMENT;
use crate::domain::digitisation::Digitisation;
use crate::domain::document_store::{DocumentStore, KeepCandidate, KeepForm, StoredDocument, StoredKind};
use crate::domain::dossier::{AttachmentInfo, DossierStatus, vietnam_date};
use crate::domain::rules::{FieldErrors, Rule};
use crate::error::AppError;
use crate::server::attachments::{self, RESULT_DOCUMENT};
use crate::server::entities::{attachment, document_requirement, dossier, kept_document, procedure, signed_document};
use crate::server::results::Issuer;
use crate::server::secrets::{hex, random_bytes};
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    Set,
};
use std::collections::HashMap;

/// The newest dossiers of a citizen whose papers the store shows.
const MAX_DOSSIERS: u64 = 1_000;

/// The dossiers that are `me`'s own as a person.
fn personal(me: &SessionUser) -> Condition {
    Condition::any()
        .add(
            Condition::all()
                .add(dossier::Column::ApplicantId.eq(me.id))
                .add(dossier::Column::OrganisationId.is_null())
                .add(dossier::Column::SubjectCitizenId.is_null()),
        )
        .add(dossier::Column::SubjectCitizenId.in_subquery(crate::server::on_behalf::verified_id_of(me)))
}

/// What the store is made from: the citizen's dossiers (code, status,
/// procedure) and the files in them.
struct Holdings {
    dossiers: HashMap<i32, (String, DossierStatus, i32)>,
    files: Vec<attachment::Model>,
}

async fn holdings(db: &DatabaseConnection, me: &SessionUser) -> Result<Holdings, AppError> {
    let rows: Vec<(i32, String, DossierStatus, i32)> = dossier::Entity::find()
        .select_only()
        .columns([dossier::Column::Id, dossier::Column::Code, dossier::Column::Status, dossier::Column::ProcedureId])
        .filter(personal(me))
        .order_by_desc(dossier::Column::Id)
        .limit(MAX_DOSSIERS)
        .into_tuple()
        .all(db)
        .await?;
    let ids: Vec<i32> = rows.iter().map(|r| r.0).collect();
    let files = if ids.is_empty() {
        Vec::new()
    } else {
        attachment::Entity::find()
            .filter(attachment::Column::DossierId.is_in(ids))
            .order_by_asc(attachment::Column::CreatedAt)
            .all(db)
            .await?
    };
    Ok(Holdings { dossiers: rows.into_iter().map(|(id, code, status, p)| (id, (code, status, p))).collect(), files })
}

fn stored(row: &attachment::Model, kind: StoredKind, record: Digitisation, code: &str) -> StoredDocument {
    StoredDocument {
        id: row.id.clone(),
        kind,
        record,
        file_name: row.file_name.clone(),
        size: u64::try_from(row.size).unwrap_or_default(),
        sha256: row.sha256.clone(),
        dossier_code: code.to_owned(),
        added_at: row.created_at,
    }
}

/// The caller's store: results, digitised papers and kept files, newest
/// dossier first; and the files of their dossiers they may still keep.
pub async fn list(db: &DatabaseConnection, me: &SessionUser) -> Result<DocumentStore, AppError> {
    read(db, me, true).await
}

/// The caller's documents alone.
pub async fn documents(db: &DatabaseConnection, me: &SessionUser) -> Result<Vec<StoredDocument>, AppError> {
    Ok(read(db, me, false).await?.documents)
}

/// What the apply page offers: the caller's documents still valid on `today`.
pub async fn usable(
    db: &DatabaseConnection,
    me: &SessionUser,
    today: chrono::NaiveDate,
) -> Result<Vec<StoredDocument>, AppError> {
    Ok(documents(db, me).await?.into_iter().filter(|d| !d.expired(today)).collect())
}

#[tracing::instrument(level = "debug", skip_all)]
async fn read(db: &DatabaseConnection, me: &SessionUser, with_candidates: bool) -> Result<DocumentStore, AppError> {
    let held = holdings(db, me).await?;
    let code_of = |row: &attachment::Model| row.dossier_id.and_then(|id| held.dossiers.get(&id));
    let mut documents = Vec::new();
    // Results given to the citizen (a proposed one is not theirs yet).
    let given: Vec<i32> = held
        .dossiers
        .iter()
        .filter(|(_, (_, status, _))| matches!(status, DossierStatus::Processed | DossierStatus::Returned))
        .map(|(id, _)| *id)
        .collect();
    let signed = if given.is_empty() {
        Vec::new()
    } else {
        signed_document::Entity::find().filter(signed_document::Column::DossierId.is_in(given)).all(db).await?
    };
    let procedure_ids: Vec<i32> = held.dossiers.values().map(|(_, _, p)| *p).collect();
    let results_named: HashMap<i32, String> = if signed.is_empty() {
        HashMap::new()
    } else {
        procedure::Entity::find()
            .filter(procedure::Column::Id.is_in(procedure_ids.clone()))
            .all(db)
            .await?
            .into_iter()
            .map(|p| (p.id, p.result_vi))
            .collect()
    };
    for result in &signed {
        let Some(row) = held.files.iter().find(|f| f.id == result.attachment_id) else { continue };
        let Some((code, _, procedure)) = code_of(row) else { continue };
        let record = Digitisation {
            original: true,
            doc_type: results_named.get(procedure).cloned().unwrap_or_else(|| row.file_name.clone()),
            doc_number: Some(result.code.clone()),
            issuer: Some(result.issuer.clone()),
            issued_on: Some(vietnam_date(result.signed_at)),
            valid_until: None,
        };
        documents.push(stored(row, StoredKind::Result, record, code));
    }
    // Papers digitised at a desk (a reused copy is not a new scan).
    for row in held.files.iter().filter(|f| f.digitised_by.is_some() && f.reused_from.is_none()) {
        if let (Some((code, _, _)), Some(record)) = (code_of(row), attachments::record_of(row)) {
            documents.push(stored(row, StoredKind::Digitised, record, code));
        }
    }
    // Files the citizen kept, while the dossier they came from is still theirs.
    let kept = kept_document::Entity::find()
        .filter(kept_document::Column::UserId.eq(me.id))
        .order_by_asc(kept_document::Column::CreatedAt)
        .all(db)
        .await?;
    for keep in &kept {
        let Some(row) = held.files.iter().find(|f| f.id == keep.attachment_id) else { continue };
        let Some((code, _, _)) = code_of(row) else { continue };
        let record = Digitisation {
            original: false,
            doc_type: keep.doc_type.clone(),
            doc_number: keep.doc_number.clone(),
            issuer: keep.doc_issuer.clone(),
            issued_on: keep.issued_on,
            valid_until: keep.valid_until,
        };
        let mut document = stored(row, StoredKind::Kept, record, code);
        document.added_at = keep.created_at;
        documents.push(document);
    }
    // What may still be kept: files the citizen sent themselves for a
    // required document (not the authorisation to act for another, nor a
    // file someone filing for them sent), not already in the store.
    if !with_candidates {
        return Ok(DocumentStore { documents, candidates: Vec::new() });
    }
    let keepable: Vec<&attachment::Model> = held
        .files
        .iter()
        .filter(|f| f.owner_id == me.id && f.digitised_by.is_none() && f.reused_from.is_none())
        .filter(|f| f.document != RESULT_DOCUMENT && u32::try_from(f.document) != Ok(AUTHORISATION_DOCUMENT))
        .filter(|f| !kept.iter().any(|k| k.attachment_id == f.id))
        .collect();
    let names: HashMap<(i32, i32), String> = if keepable.is_empty() {
        HashMap::new()
    } else {
        document_requirement::Entity::find()
            .filter(document_requirement::Column::ProcedureId.is_in(procedure_ids))
            .all(db)
            .await?
            .into_iter()
            .map(|d| ((d.procedure_id, d.position + 1), d.name_vi))
            .collect()
    };
    let candidates = keepable
        .into_iter()
        .filter_map(|row| {
            let (code, _, procedure) = code_of(row)?;
            Some(KeepCandidate {
                id: row.id.clone(),
                file_name: row.file_name.clone(),
                dossier_code: code.clone(),
                document: names.get(&(*procedure, row.document)).cloned().unwrap_or_default(),
            })
        })
        .collect();
    Ok(DocumentStore { documents, candidates })
}

/// Keeps a file of one of the caller's earlier dossiers, with what it is.
pub async fn keep(
    db: &DatabaseConnection,
    me: &SessionUser,
    form: &KeepForm,
    now: DateTime<Utc>,
) -> Result<StoredDocument, AppError> {
    let store = list(db, me).await?;
    let candidate = store.candidates.iter().find(|c| c.id == form.attachment_id).ok_or(AppError::NotFound)?;
    let record = form.check(vietnam_date(now)).map_err(AppError::from)?;
    let row = kept_document::ActiveModel {
        id: Set(hex(&random_bytes::<16>())),
        user_id: Set(me.id),
        attachment_id: Set(candidate.id.clone()),
        doc_type: Set(record.doc_type.clone()),
        doc_number: Set(record.doc_number.clone()),
        doc_issuer: Set(record.issuer.clone()),
        issued_on: Set(record.issued_on),
        valid_until: Set(record.valid_until),
        created_at: Set(now),
    }
    .insert(db)
    .await
    // The same file kept twice at once: the second finds it kept.
    .map_err(|err| match err.sql_err() {
        Some(sea_orm::SqlErr::UniqueConstraintViolation(_)) => AppError::Conflict,
        _ => err.into(),
    })?;
    let file = attachment::Entity::find_by_id(row.attachment_id).one(db).await?.ok_or(AppError::NotFound)?;
    Ok(stored(&file, StoredKind::Kept, record, &candidate.dossier_code))
}

/// Removes a document the caller kept (`id`: its file); what an agency
/// issued stays. Dossiers that used it keep their file.
pub async fn forget(db: &DatabaseConnection, me: &SessionUser, id: &str) -> Result<(), AppError> {
    let removed = kept_document::Entity::delete_many()
        .filter(kept_document::Column::UserId.eq(me.id))
        .filter(kept_document::Column::AttachmentId.eq(id))
        .exec(db)
        .await?;
    if removed.rows_affected == 0 { Err(AppError::NotFound) } else { Ok(()) }
}

/// Attaches the stored document `id` to document `document` of the
/// caller's draft: one of the caller's own, still valid, and whose stored
/// bytes still match its hash (and, for a result, its signature).
#[tracing::instrument(level = "debug", skip_all)]
pub async fn choose(
    db: &DatabaseConnection,
    issuer: &Issuer,
    me: &SessionUser,
    draft_id: &str,
    document: i32,
    id: &str,
    now: DateTime<Utc>,
) -> Result<AttachmentInfo, AppError> {
    // Bounded before use: ids are 32 hex digits.
    if draft_id.len() > 64 || id.len() > 64 {
        return Err(AppError::NotFound);
    }
    let target = attachments::target(db, me, draft_id, document, now).await?;
    let chosen = documents(db, me).await?.into_iter().find(|d| d.id == id).ok_or(AppError::NotFound)?;
    let field = format!("documents.{document}");
    let refuse = |rule| {
        let mut errors = FieldErrors::default();
        errors.push(&field, rule);
        AppError::Invalid(errors)
    };
    if chosen.expired(vietnam_date(now)) {
        return Err(refuse(Rule::DocumentExpired));
    }
    let source = attachment::Entity::find_by_id(chosen.id.clone()).one(db).await?.ok_or(AppError::NotFound)?;
    let intact = match chosen.kind {
        StoredKind::Result => {
            let code = chosen.record.doc_number.as_deref().unwrap_or_default();
            let verification = issuer.verify(db, code).await?;
            verification.valid && verification.sha256 == source.sha256
        }
        StoredKind::Digitised | StoredKind::Kept => {
            attachments::stored_sha256(&issuer.files, &source.storage_key).await?.as_deref()
                == Some(source.sha256.as_str())
        }
    };
    if !intact {
        tracing::warn!(attachment = %source.id, "a stored document no longer matches its hash or signature");
        return Err(refuse(Rule::DocumentAltered));
    }
    attachments::attach_reference(db, &issuer.files, target, &source, chosen.kind, &chosen.record, now).await
}
