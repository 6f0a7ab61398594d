//! Table `signed_documents`: a result document signed by the portal.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "signed_documents")]
pub struct Model {
    /// What the document's QR code carries: `/verify/{code}`.
    #[sea_orm(primary_key, auto_increment = false)]
    pub code: String,
    pub dossier_id: i32,
    pub attachment_id: String,
    /// SHA-256 of the file, hex.
    pub sha256: String,
    /// The issuing agency's name.
    pub issuer: String,
    pub signed_at: DateTimeUtc,
    /// Ed25519 signature over the PDF's bytes, hex.
    pub signature: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
