//! The document store ("Kho dữ liệu", `/account/documents`): the citizen's
//! verified papers, and choosing one of them on the apply page.

pub mod api;
mod documents_page;

pub use documents_page::DocumentsPage;
