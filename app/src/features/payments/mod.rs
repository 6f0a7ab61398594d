//! Level 4 (`payments`): the VNPay return page, the sandbox gateway's page,
//! and the dossier's payment panel. Signed results: `features::results`.

pub mod api;
mod panels;
mod return_page;
mod sandbox_page;

pub use panels::PaymentPanel;
pub use return_page::PaymentReturnPage;
pub use sandbox_page::SandboxPage;
