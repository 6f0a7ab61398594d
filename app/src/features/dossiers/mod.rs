//! The citizen's dossiers ("Hồ sơ của tôi"): the list, one dossier, withdrawal.

pub mod api;
mod dossier_page;
mod list_page;

pub use dossier_page::DossierPage;
pub use list_page::DossiersPage;
