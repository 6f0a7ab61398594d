//! Browser entry point of the portal: everything else lives in `app`.
#![recursion_limit = "256"]

/// Hydrates the server-rendered page.
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    // Lazy pages (see `app::App`) are fetched before the page they render
    // hydrates; effects run meanwhile, so the app is told when it is complete.
    wasm_bindgen_futures::spawn_local(async {
        let body = leptos::prelude::document().body().expect("the page has a body");
        leptos::mount::hydrate_from_async(body, app::App).await.forget();
        app::hydration::complete();
    });
}
