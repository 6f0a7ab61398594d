//! Applying online: drafts of the answers (the form pages come next).

pub mod api;
