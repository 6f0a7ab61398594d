//! Results returned as signed e-documents: when the approver approves, the
//! portal writes the result (PDF, Vietnamese font, a QR code to
//! `/verify/{code}`), signs its bytes with Ed25519 (see `signing`) and keeps
//! it with the dossier, where its owner downloads it. `/verify/{code}`
//! shows whether the stored document is intact and signed, and checks an
//! uploaded copy in the answer to that upload; the detached signature and
//! the public key let anyone check a copy without the portal.

use crate::domain::access::SessionUser;
use crate::domain::identity::mask_name;
use crate::domain::result::{SignedResult, UploadCheck, Verification};
use crate::domain::text::LocalText;
use crate::domain::workflow::Proposal;
use crate::error::AppError;
use crate::server::attachments::{Files, RESULT_DOCUMENT};
use crate::server::entities::{agency, attachment, dossier, procedure, signed_document};
use crate::server::papers::result::ResultPaper;
use crate::server::secrets::{hex, random_bytes, sha256_hex};
use crate::server::signing::{Signer, signature_bytes};
use chrono::{DateTime, SubsecRound, Utc};
use object_store::path::Path;
use object_store::{ObjectStoreExt, PutPayload};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};

/// What result documents need: where files go, the key, the site's address.
#[derive(Clone)]
pub struct Issuer {
    pub files: Files,
    pub signer: Signer,
    /// `DVC_PUBLIC_URL`, for the QR code.
    pub public_url: String,
}

/// A verification code: `KQ-` and 10 letters and digits without look-alikes.
fn new_code() -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";
    let chars: String =
        random_bytes::<10>().iter().map(|b| char::from(ALPHABET[usize::from(*b) % ALPHABET.len()])).collect();
    format!("KQ-{}-{}", &chars[..5], &chars[5..])
}

/// A result written, signed and stored, waiting to be recorded with the approval.
pub struct Prepared {
    attachment: attachment::ActiveModel,
    signed: signed_document::ActiveModel,
    key: Path,
}

impl Issuer {
    /// Writes and signs the result of `row`, approved by `me` now, and stores
    /// the file. Record it in the approval's transaction ([`Prepared::record`]),
    /// or [`Issuer::discard`] it.
    pub async fn prepare(
        &self,
        db: &impl ConnectionTrait,
        row: &dossier::Model,
        me: &SessionUser,
        now: DateTime<Utc>,
    ) -> Result<Prepared, AppError> {
        let procedure = crate::server::entities::existing::<procedure::Entity>(db, row.procedure_id).await?;
        let agency = crate::server::entities::existing::<agency::Entity>(db, row.agency_id).await?;
        let proposal: Option<Proposal> = row.proposal.as_deref().and_then(|p| serde_json::from_str(p).ok());
        let working = match proposal.as_ref().and_then(|p| p.result_file.as_deref()) {
            Some(id) => attachment::Entity::find_by_id(id.to_owned()).one(db).await?,
            None => None,
        };
        let code = new_code();
        let signed_at = now.trunc_subsecs(0);
        let verify_url = format!("{}/verify/{code}", self.public_url.trim_end_matches('/'));
        let bytes = crate::server::papers::result::result(&ResultPaper {
            code: &code,
            dossier_code: &row.code,
            applicant: &row.applicant_name,
            procedure: &procedure.name_vi,
            procedure_code: &procedure.code,
            result: &procedure.result_vi,
            agency: &agency.name_vi,
            approver: &me.full_name,
            signed_at,
            // The proposal's note is between the processor and the approver: it is not printed.
            attached: working.as_ref().map(|f| (f.file_name.as_str(), f.sha256.as_str())),
            verify_url: &verify_url,
        })?;
        let sha256 = sha256_hex(&bytes);
        let signature = self.signer.sign(&bytes);
        let id = hex(&random_bytes::<16>());
        let key = Path::from(format!("attachments/{id}"));
        let size = bytes.len();
        self.files
            .store
            .put(&key, PutPayload::from(bytes))
            .await
            .map_err(|e| AppError::internal(format_args!("storing the result: {e}")))?;
        Ok(Prepared {
            attachment: attachment::ActiveModel {
                id: Set(id.clone()),
                owner_id: Set(me.id),
                procedure_id: Set(row.procedure_id),
                draft_id: Set(None),
                dossier_id: Set(Some(row.id)),
                document: Set(RESULT_DOCUMENT),
                file_name: Set(format!("ket-qua-{}.pdf", row.code)),
                content_type: Set("application/pdf".into()),
                size: Set(i64::try_from(size).unwrap_or(i64::MAX)),
                sha256: Set(sha256.clone()),
                storage_key: Set(key.to_string()),
                created_at: Set(now),
                ..Default::default()
            },
            signed: signed_document::ActiveModel {
                code: Set(code),
                dossier_id: Set(row.id),
                attachment_id: Set(id),
                sha256: Set(sha256),
                issuer: Set(agency.name_vi),
                signed_at: Set(signed_at),
                signature: Set(signature),
            },
            key,
        })
    }

    /// Removes the stored file of a result whose approval did not happen.
    pub async fn discard(&self, prepared: Prepared) {
        if let Err(err) = self.files.store.delete(&prepared.key).await {
            tracing::warn!(error = %err, "removing an unused result file");
        }
    }

    /// Checks the signed document `code`: the stored file still has the signed
    /// hash and the portal's signature of its bytes holds.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn verify(&self, db: &impl ConnectionTrait, code: &str) -> Result<Verification, AppError> {
        let code = code.trim().to_uppercase();
        if code.len() > 32 {
            return Err(AppError::NotFound);
        }
        let row = signed_document::Entity::find_by_id(code).one(db).await?.ok_or(AppError::NotFound)?;
        let stored = attachment::Entity::find_by_id(row.attachment_id.clone()).one(db).await?;
        // A file that is gone does not verify; a store that is away says so (503), never "invalid".
        let bytes = match stored {
            Some(file) => match self.files.get(&file.storage_key).await? {
                Some(found) => Some(found.bytes().await.map_err(|err| {
                    tracing::error!(error = %err, "reading a signed result failed");
                    AppError::Unavailable
                })?),
                None => None,
            },
            None => None,
        };
        let valid =
            bytes.is_some_and(|bytes| sha256_hex(&bytes) == row.sha256 && self.signer.verify(&bytes, &row.signature));
        let dossier = crate::server::entities::existing::<dossier::Entity>(db, row.dossier_id).await?;
        let procedure = crate::server::entities::existing::<procedure::Entity>(db, dossier.procedure_id).await?;
        Ok(Verification {
            code: row.code,
            valid,
            dossier_code: dossier.code,
            holder: mask_name(&dossier.applicant_name),
            procedure: LocalText::new(procedure.name_vi, procedure.name_en),
            procedure_code: procedure.code,
            issuer: row.issuer,
            signed_at: row.signed_at,
            sha256: row.sha256,
            signature: row.signature,
            public_key_pem: self.signer.public_pem().to_owned(),
        })
    }

    /// Whether a file whose SHA-256 the server computed from an upload is
    /// exactly the signed document `code` (and that document is valid).
    pub async fn matches_upload(
        &self,
        db: &impl ConnectionTrait,
        code: &str,
        uploaded_sha256: &str,
    ) -> Result<UploadCheck, AppError> {
        let verification = self.verify(db, code).await?;
        Ok(UploadCheck { matches: verification.valid && verification.sha256 == uploaded_sha256 })
    }

    /// The detached signature of document `code`: its file name and 64 bytes.
    pub async fn detached_signature(
        &self,
        db: &impl ConnectionTrait,
        code: &str,
    ) -> Result<(String, [u8; 64]), AppError> {
        let verification = self.verify(db, code).await?;
        let bytes = signature_bytes(&verification.signature)
            .ok_or_else(|| AppError::internal("stored signature is not 64 bytes"))?;
        Ok((format!("ket-qua-{}.pdf.sig", verification.dossier_code), bytes))
    }
}

impl Prepared {
    /// The verification code the document carries.
    pub fn code(&self) -> String {
        match &self.signed.code {
            sea_orm::ActiveValue::Set(code) | sea_orm::ActiveValue::Unchanged(code) => code.clone(),
            sea_orm::ActiveValue::NotSet => String::new(),
        }
    }

    /// Records the file and its signature (inside the approval's transaction).
    pub async fn record(&self, txn: &impl ConnectionTrait) -> Result<(), AppError> {
        self.attachment.clone().insert(txn).await?;
        self.signed.clone().insert(txn).await?;
        Ok(())
    }
}

/// The signed result of a dossier, if one was issued.
pub async fn of_dossier(db: &impl ConnectionTrait, dossier_id: i32) -> Result<Option<SignedResult>, AppError> {
    let Some(row) =
        signed_document::Entity::find().filter(signed_document::Column::DossierId.eq(dossier_id)).one(db).await?
    else {
        return Ok(None);
    };
    let file_name = attachment::Entity::find_by_id(row.attachment_id.clone()).one(db).await?.map(|a| a.file_name);
    Ok(Some(SignedResult {
        code: row.code,
        attachment_id: row.attachment_id,
        file_name: file_name.unwrap_or_default(),
        sha256: row.sha256,
        signed_at: row.signed_at,
    }))
}

#[cfg(test)]
mod tests {
    #[test]
    fn codes_are_readable_and_distinct() {
        let (a, b) = (super::new_code(), super::new_code());
        assert_eq!(a.len(), 14);
        assert!(a.starts_with("KQ-") && a.as_bytes()[8] == b'-', "{a}");
        assert_ne!(a, b);
    }
}
