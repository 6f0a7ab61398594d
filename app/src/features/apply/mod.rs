//! Applying online: the apply page (form steps, uploads, review, submit),
//! drafts saved as the citizen types, and the browser-only helpers.

mod agency;
pub mod api;
mod applicant;
mod apply_page;
pub mod browser;
mod fields;
mod guide;
mod preview;
mod review;
mod state;
mod uploads;

pub use apply_page::ApplyPage;
pub use preview::{FormPreview, PaperForm};
