//! Signed results (level 4): the panel on the dossier's page and the public
//! verification page `/verify/{code}` (an uploaded copy is checked by the
//! route `POST /verify/{code}`, which renders the same page).

pub mod api;
mod panel;
mod verify_page;

pub use panel::SignedResultPanel;
pub use verify_page::ResultVerifyPage;
