//! The officials' dashboard.

mod admin_page;
pub mod api;
mod dashboard_page;

pub use admin_page::AdminPage;
pub use dashboard_page::{DashboardPage, role_name};
