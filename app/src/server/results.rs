//! Results returned as signed e-documents: when the approver approves, the
//! portal writes the result (PDF, Vietnamese font, a QR code to
//! `/verify/{code}`), signs its bytes with Ed25519 (see `signing`) and keeps
//! it with the dossier, where its owner downloads it. `/verify/{code}`
//! shows whether the stored document is intact and signed, and checks an
//! uploaded copy in the answer to that upload; the detached signature and
//! the public key let anyone check a copy without the portal.

use crate::domain::access::SessionUser;
use crate::domain::desk::Proposal;
use crate::domain::dossier::format_vn_datetime;
use crate::domain::identity::mask_name;
use crate::domain::result::{SignedResult, UploadCheck, Verification};
use crate::domain::text::LocalText;
use crate::error::AppError;
use crate::server::attachments::{Files, RESULT_DOCUMENT};
use crate::server::auth::secrets::{hex, random_bytes, sha256_hex};
use crate::server::entities::{agency, attachment, dossier, procedure, signed_document};
use crate::server::pdf::{Block, write};
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
        let procedure = procedure::Entity::find_by_id(row.procedure_id).one(db).await?.ok_or(AppError::Internal)?;
        let agency = agency::Entity::find_by_id(row.agency_id).one(db).await?.ok_or(AppError::Internal)?;
        let proposal: Option<Proposal> = row.proposal.as_deref().and_then(|p| serde_json::from_str(p).ok());
        let working = match proposal.as_ref().and_then(|p| p.result_file.as_deref()) {
            Some(id) => attachment::Entity::find_by_id(id.to_owned()).one(db).await?,
            None => None,
        };
        let code = new_code();
        let signed_at = now.trunc_subsecs(0);
        let verify_url = format!("{}/verify/{code}", self.public_url.trim_end_matches('/'));
        let mut blocks = vec![
            Block::Centred(agency.name_vi.to_uppercase()),
            Block::Centred("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM — Độc lập - Tự do - Hạnh phúc".into()),
            Block::Gap,
            Block::Title("KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH".into()),
            Block::Centred(format!("Bản điện tử có chữ ký số — mã kiểm tra {code}")),
            Block::Gap,
            Block::Row("Mã hồ sơ:".into(), row.code.clone()),
            Block::Row("Người yêu cầu:".into(), row.applicant_name.clone()),
            Block::Row("Thủ tục:".into(), format!("{} ({})", procedure.name_vi, procedure.code)),
            Block::Row("Kết quả:".into(), procedure.result_vi.clone()),
            Block::Row("Cơ quan giải quyết:".into(), agency.name_vi.clone()),
            Block::Row("Người phê duyệt:".into(), me.full_name.clone()),
            Block::Row("Thời điểm ký:".into(), format_vn_datetime(signed_at)),
        ];
        // The proposal's note is between the processor and the approver: it is not printed.
        if let Some(file) = &working {
            blocks
                .push(Block::Row("Tài liệu kèm theo:".into(), format!("{} (SHA-256 {})", file.file_name, file.sha256)));
        }
        blocks.push(Block::Gap);
        blocks.push(Block::Qr(
            verify_url.clone(),
            format!("Quét mã hoặc mở {verify_url} để kiểm tra chữ ký số của văn bản này (Ed25519)."),
        ));
        let bytes =
            write(&format!("Kết quả {}", row.code), vec![row.code.clone(), code.clone()], &blocks).map_err(|e| {
                tracing::error!(error = %e, "result PDF");
                AppError::Internal
            })?;
        let sha256 = sha256_hex(&bytes);
        let signature = self.signer.sign(&bytes);
        let id = hex(&random_bytes::<16>());
        let key = Path::from(format!("attachments/{id}"));
        let size = bytes.len();
        self.files.store.put(&key, PutPayload::from(bytes)).await.map_err(|e| {
            tracing::error!(error = %e, "storing the result");
            AppError::Internal
        })?;
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
        let bytes = match stored {
            Some(file) => match self.files.store.get(&Path::from(file.storage_key)).await {
                Ok(found) => found.bytes().await.ok(),
                Err(_) => None,
            },
            None => None,
        };
        let valid =
            bytes.is_some_and(|bytes| sha256_hex(&bytes) == row.sha256 && self.signer.verify(&bytes, &row.signature));
        let dossier = dossier::Entity::find_by_id(row.dossier_id).one(db).await?.ok_or(AppError::Internal)?;
        let procedure = procedure::Entity::find_by_id(dossier.procedure_id).one(db).await?.ok_or(AppError::Internal)?;
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
        let bytes = signature_bytes(&verification.signature).ok_or(AppError::Internal)?;
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
