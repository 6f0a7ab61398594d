//! Catalog administration in the dashboard: an agency administrator adopts
//! procedures for their agency and sets its processing days and fees; both
//! kinds of administrators edit, preview and publish online forms in
//! versions (an agency its own, the system administrator the national one).

pub mod api;
mod catalog_page;
mod form_page;

pub use catalog_page::CatalogAdminPage;
pub use form_page::FormEditorPage;
