//! Accounts: register, sign in (with the steps it may need), the profile.

mod account_page;
pub mod api;
mod login_page;
mod password_page;
mod register_page;
mod reset_page;
pub mod session;
mod two_factor_page;
mod vneid_sandbox_page;

pub use account_page::AccountPage;
pub use login_page::{LoginPage, VerifyPage};
pub use password_page::PasswordPage;
pub use register_page::RegisterPage;
pub use reset_page::{ForgotPasswordPage, ResetPasswordPage};
pub use two_factor_page::TwoFactorPage;
pub use vneid_sandbox_page::VneidSandboxPage;
