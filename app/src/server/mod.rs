//! Server-only code: state, entities, services. Compiled with the `ssr` feature.

pub mod accounts;
pub mod agencies;
pub mod applications;
pub mod attachments;
pub mod auth;
pub mod calendar;
pub mod call;
pub mod catalog;
pub mod clock;
pub mod dashboard;
pub mod dossiers;
pub mod drafts;
pub mod entities;
pub mod events;
pub mod mail;
pub mod notifications;
pub mod papers;
pub mod payments;
pub mod places;
pub mod results;
pub mod secrets;
pub mod security;
pub mod seed;
pub mod signing;
pub mod state;
pub mod workflow;
