//! Catalog administration in the dashboard: an agency administrator adopts
//! procedures for their agency and sets its processing days and fees; both
//! kinds of administrators edit, preview and publish online forms in
//! versions (an agency its own, the system administrator the national one);
//! the system administrator creates national procedures and edits their
//! definitions in versions too.

pub mod api;
mod catalog_page;
mod definition_page;
mod form_page;
mod new_procedure_page;
mod templates_page;
mod versions;

pub use catalog_page::CatalogAdminPage;
pub use definition_page::DefinitionEditorPage;
pub use form_page::FormEditorPage;
pub use new_procedure_page::NewProcedurePage;
pub use templates_page::TemplatesPage;
