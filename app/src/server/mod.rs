//! Server-only code: state, entities, services. Compiled with the `ssr` feature.

pub mod catalog;
pub mod entities;
pub mod security;
pub mod seed;
pub mod state;
