//! Desk intake ("Tiếp nhận hồ sơ giấy"): receivers take in dossiers handed
//! in at the one-stop desk or received by post, and digitise their papers.

pub mod api;
mod intake_page;

pub use intake_page::IntakePage;
