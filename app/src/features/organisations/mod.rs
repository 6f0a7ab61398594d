//! Organisations ("Tổ chức của tôi"): the businesses a citizen acts for, and
//! for their representative, adding and removing members.

pub mod api;
mod organisations_page;

pub use organisations_page::OrganisationsPage;
