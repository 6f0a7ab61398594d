//! Shared domain types: plain Rust, compiled for the browser and the server.

pub mod access;
pub mod account;
pub mod application;
pub mod calendar;
pub mod catalog;
pub mod codes;
pub mod desk;
pub mod dossier;
pub mod form;
pub mod identity;
pub mod live;
pub mod notification;
pub mod password;
pub mod payment;
pub mod redirect;
pub mod result;
pub mod rules;
pub mod text;
pub mod workflow;
