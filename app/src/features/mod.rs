//! The portal by what users do; each area keeps its server functions in `api.rs`.

pub mod account;
pub mod api_tokens;
pub mod apply;
pub mod catalog;
pub mod catalog_admin;
pub mod dashboard;
pub mod document_store;
pub mod dossiers;
pub mod feedback;
pub mod intake;
pub mod live;
pub mod lookup;
pub mod national;
pub mod notifications;
pub mod organisations;
pub mod payments;
pub mod results;
pub mod transparency;
pub mod webhooks;
