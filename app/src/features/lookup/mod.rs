//! Public dossier lookup (`/lookup`, "Tra cứu hồ sơ"): anyone holding a
//! dossier's code and lookup secret follows it without signing in.

pub mod api;
mod lookup_page;

pub use lookup_page::LookupPage;
