//! Level 1: find a procedure and read everything about it.

pub mod api;
mod components;

pub use components::{FeeItems, processing_time};
mod detail_page;
mod home_page;
mod implementers;
mod list_page;

pub use detail_page::ProcedureDetailPage;
pub use home_page::HomePage;
pub use list_page::CatalogPage;
