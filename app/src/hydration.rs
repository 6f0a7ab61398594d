//! Whether the page has finished hydrating.
//!
//! Lazy pages (see `App`) hydrate only once their code has arrived, and effects
//! already run while the browser waits for it. Whatever would change what the
//! page shows before it has hydrated (live events) or tell that the page is
//! interactive waits for [`is_complete`]: the browser entry point calls
//! [`complete`] when the whole page has hydrated.

#[cfg(feature = "hydrate")]
use leptos::prelude::{ArcRwSignal, Get, Set};

#[cfg(feature = "hydrate")]
thread_local! {
    static COMPLETE: ArcRwSignal<bool> = ArcRwSignal::new(false);
}

/// Whether the whole page has hydrated (tracked: an effect reading it runs
/// again then). Never on the server.
pub fn is_complete() -> bool {
    #[cfg(feature = "hydrate")]
    {
        COMPLETE.with(|complete| complete.get())
    }
    #[cfg(not(feature = "hydrate"))]
    {
        false
    }
}

/// Marks the page hydrated (called once by the browser entry point).
#[cfg(feature = "hydrate")]
pub fn complete() {
    COMPLETE.with(|complete| complete.set(true));
}
