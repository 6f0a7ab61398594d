//! One module per table; rows never leave the server (services map them to
//! `domain` types).

pub mod agency;
pub mod attachment;
pub mod audit_entry;
pub mod document_requirement;
pub mod dossier;
pub mod dossier_event;
pub mod dossier_note;
pub mod dossier_sequence;
pub mod draft;
pub mod holiday;
pub mod legal_document;
pub mod notification;
pub mod outbox_mail;
pub mod password_reset;
pub mod payment;
pub mod procedure;
pub mod procedure_form;
pub mod procedure_legal_document;
pub mod province;
pub mod rate_limit;
pub mod sandbox_transaction;
pub mod sector;
pub mod session;
pub mod signed_document;
pub mod template;
pub mod user;
pub mod user_role;
pub mod ward;

use crate::error::AppError;
use sea_orm::{ConnectionTrait, EntityTrait, PrimaryKeyTrait};

/// The row `id` of `E` that other rows point to: its absence is the
/// server's fault (an answer of 500 with the table and id in the log), not
/// the caller's.
pub async fn existing<E>(db: &impl ConnectionTrait, id: i32) -> Result<E::Model, AppError>
where
    E: EntityTrait,
    <E::PrimaryKey as PrimaryKeyTrait>::ValueType: From<i32>,
{
    E::find_by_id(id)
        .one(db)
        .await?
        .ok_or_else(|| AppError::internal(format_args!("{} {id} is missing", E::default().table_name())))
}
