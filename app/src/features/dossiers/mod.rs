//! The citizen's dossiers ("Hồ sơ của tôi"): the list, one dossier (its
//! progress, papers and supplement answer), withdrawal.

pub mod api;
pub mod dossier_page;
mod list_page;
pub mod progress;

pub use dossier_page::DossierPage;
pub use list_page::DossiersPage;
