//! Notifications ("Thông báo"): the bell in the header, the list with read
//! state, and the citizen's choice of what is mailed.

pub mod api;
pub mod bell;
pub mod mail_settings;
mod notifications_page;

pub use notifications_page::NotificationsPage;
