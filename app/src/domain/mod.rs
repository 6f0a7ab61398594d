//! Shared domain types: plain Rust, compiled for the browser and the server.

pub mod catalog;
pub mod codes;
pub mod text;
