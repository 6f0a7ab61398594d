//! The agency's webhooks, as its administrators manage them:
//! `/dashboard/webhooks` (register an endpoint and the kinds of event it
//! wants — its signing secret shown once —, see each delivery with the
//! endpoint's answer, send a test, resume a paused endpoint, remove one).
//! The rules and the worker are `server::webhooks`.

pub mod api;
mod webhooks_page;

pub use webhooks_page::WebhooksPage;
