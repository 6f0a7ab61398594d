//! The agency's API tokens, as its administrators manage them:
//! `/dashboard/api-tokens` (create one — shown once —, see when each was
//! last used, revoke). The API itself is `server/src/routes/dossier_api.rs`,
//! the tokens' rules `server::api_tokens`.

pub mod api;
mod tokens_page;

pub use tokens_page::ApiTokensPage;
