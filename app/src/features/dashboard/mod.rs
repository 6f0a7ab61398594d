//! The officials' dashboard: the work queues, a dossier under review, the
//! statistics, and the administration of officials and of the calendar.

mod admin_page;
pub mod api;
mod case_page;
mod dashboard_page;
mod holidays_page;
mod queue_board;
mod statistics_page;

pub use admin_page::AdminPage;
pub use case_page::CasePage;
pub use dashboard_page::DashboardPage;
pub use holidays_page::HolidaysPage;
pub use statistics_page::StatisticsPage;
