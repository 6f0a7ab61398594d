//! Level 4 (`payments`): the VNPay return page, the sandbox gateway's page,
//! the public verification of signed results, and the dossier's payment and
//! result panels.

pub mod api;
mod panels;
mod return_page;
mod sandbox_page;
mod verify_page;

pub use panels::{PaymentPanel, SignedResultPanel};
pub use return_page::PaymentReturnPage;
pub use sandbox_page::SandboxPage;
pub use verify_page::ResultVerifyPage;

/// The page's query string, without its `?`.
fn raw_query() -> leptos::prelude::Memo<String> {
    use leptos::prelude::*;
    let location = leptos_router::hooks::use_location();
    Memo::new(move |_| location.search.get().trim_start_matches('?').to_owned())
}
