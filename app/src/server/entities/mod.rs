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
pub mod procedure;
pub mod procedure_form;
pub mod procedure_legal_document;
pub mod province;
pub mod rate_limit;
pub mod sector;
pub mod session;
pub mod template;
pub mod user;
pub mod user_role;
pub mod ward;
