//! Results returned as signed e-documents: what their owner sees, and what
//! `/verify/{code}` and `/api/v1/results/{code}` answer anyone who holds one.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// A signed result document, as its owner sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignedResult {
    pub code: String,
    pub attachment_id: String,
    pub file_name: String,
    pub sha256: String,
    pub signed_at: DateTime<Utc>,
}

impl SignedResult {
    pub fn verify_href(&self) -> String {
        format!("/verify/{}", self.code)
    }
}

/// What `/verify/{code}` and `/api/v1/results/{code}` answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Verification {
    /// The verification code printed on the document (`KQ-…`).
    pub code: String,
    /// The stored document still matches its hash and the signature is the portal's.
    pub valid: bool,
    /// What a verifier compares with the paper: the dossier, the holder
    /// (family name and initials only), the procedure, issuer and date.
    pub dossier_code: String,
    pub holder: String,
    pub procedure: crate::domain::text::LocalText,
    pub procedure_code: String,
    pub issuer: String,
    #[cfg_attr(feature = "ssr", schema(value_type = String, format = DateTime))]
    pub signed_at: DateTime<Utc>,
    /// SHA-256 of the PDF, hex.
    pub sha256: String,
    /// Ed25519 signature over the PDF's bytes, hex (128 digits).
    pub signature: String,
    pub public_key_pem: String,
}

/// The answer to an uploaded copy of a result, computed by the server from
/// the uploaded bytes; it exists only in the response to that upload, never
/// in a URL a forger could print.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UploadCheck {
    pub matches: bool,
}
