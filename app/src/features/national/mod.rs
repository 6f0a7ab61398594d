//! Synchronisation with the national portal, as administrators watch it:
//! `/dashboard/sync` (lag, failures, each refused message with its payload,
//! and the resend action). The sending itself is `server::national`.

pub mod api;
mod sync_page;

pub use sync_page::SyncPage;
