//! Table `attachments`: a file uploaded for a required document, first with a
//! draft, then with the dossier submitted from it.

use crate::domain::document_store::StoredKind;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "attachments")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    pub owner_id: i32,
    pub procedure_id: i32,
    pub draft_id: Option<String>,
    pub dossier_id: Option<i32>,
    pub document: i32,
    pub file_name: String,
    pub content_type: String,
    pub size: i64,
    pub sha256: String,
    /// Where the bytes are in the object store.
    pub storage_key: String,
    pub created_at: DateTimeUtc,
    /// The digitisation record of a paper document scanned at the desk
    /// (`Digitisation`); `None` for what a citizen uploaded.
    pub original: Option<bool>,
    pub doc_type: Option<String>,
    pub doc_number: Option<String>,
    pub doc_issuer: Option<String>,
    pub issued_on: Option<Date>,
    pub valid_until: Option<Date>,
    /// The receiver who confirmed the scan, and when.
    pub digitised_by: Option<i32>,
    pub digitised_at: Option<DateTimeUtc>,
    /// Chosen from the owner's document store: the attachment whose stored
    /// file this one shares (never deleted through this row), and its kind.
    pub reused_from: Option<String>,
    pub reused_kind: Option<StoredKind>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
