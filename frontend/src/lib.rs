//! Browser entry point of the portal: everything else lives in `app`.
#![recursion_limit = "256"]

/// Hydrates the server-rendered page.
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    // Lazy pages (see `app::App`) are fetched before the page they render hydrates.
    leptos::mount::hydrate_lazy(app::App);
}
