//! Dossier services. Codes are allocated here, inside the transaction that
//! submits the dossier.

pub mod codes;
