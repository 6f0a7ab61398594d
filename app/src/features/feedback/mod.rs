//! Feedback and complaints (phản ánh, kiến nghị): the public list of
//! answers (`/feedback`), the form anyone sends it with (`/feedback/new`),
//! and the agency administrators' queue (`/dashboard/feedback`).

pub mod api;
mod list_page;
mod queue_page;
mod send_page;

pub use list_page::FeedbackListPage;
pub use queue_page::FeedbackQueuePage;
pub use send_page::SendFeedbackPage;
