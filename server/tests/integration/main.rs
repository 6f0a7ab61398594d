#![recursion_limit = "256"]
//! Every integration test in one binary, a module per area: the server is
//! linked once, not once per area. Each test drives the real router on a
//! fresh SQLite file and a fresh PostgreSQL database (`common`).

#[macro_use]
mod common;

mod accounts;
mod authorization;
mod catalog;
mod catalog_admin;
mod document_store;
mod dossier_api;
mod dossier_codes;
mod dossiers;
mod drafts;
mod feedback;
mod forms;
mod implementers;
mod intake;
mod live;
mod national;
mod notifications;
mod on_behalf;
mod operations;
mod organisations;
mod payments;
mod security;
mod transparency;
mod vneid;
mod webhooks;
mod workflow;
