//! The officials' dashboard: the work queues (`queue`), a dossier under
//! review (`case`) and the statistics. The papers printed on the way are
//! `server::papers`. Changing a dossier is `server::workflow`.

pub mod case;
pub mod queue;
pub mod statistics;
