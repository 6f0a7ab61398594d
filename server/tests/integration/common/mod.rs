//! Test harness: the real router on a fresh SQLite file or a fresh PostgreSQL
//! database (`TEST_DATABASE_URL`, default `postgres://postgres@127.0.0.1:5432/postgres`):
//! the app (`app`), a browser with its cookies (`browser`), the live event
//! stream (`events`), mail (`mail`) and dossiers through the workflow
//! (`dossiers`).

mod app;
mod browser;
pub mod dossiers;
mod events;
mod mail;

pub use app::*;
pub use browser::*;
pub use events::*;
pub use mail::*;

/// Defines `mod sqlite { #[tokio::test] fn name() }` and `mod postgres { … }` for each
/// `async fn name(backend: Backend)` listed.
#[macro_export]
macro_rules! on_both_databases {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $name() { super::$name($crate::common::Backend::Sqlite).await }
            )*
        }
        mod postgres {
            $(#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $name() { super::$name($crate::common::Backend::Postgres).await }
            )*
        }
    };
}

/// Waits (up to `wait`) until `check` holds, polling every 50 ms; answers whether it did.
pub async fn eventually<F, Fut>(wait: std::time::Duration, mut check: F) -> bool
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let deadline = tokio::time::Instant::now() + wait;
    loop {
        if check().await {
            return true;
        }
        if tokio::time::Instant::now() >= deadline {
            return false;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}
