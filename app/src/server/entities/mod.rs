//! One module per table; rows never leave the server (services map them to
//! `domain` types).

pub mod agency;
pub mod document_requirement;
pub mod holiday;
pub mod legal_document;
pub mod procedure;
pub mod procedure_legal_document;
pub mod province;
pub mod sector;
pub mod template;
pub mod ward;
