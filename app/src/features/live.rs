//! Live updates in the browser: one `EventSource` on `/events` per signed-in
//! page, its events in a signal that pages key their data on, and a polite
//! announcement of each change for everyone (screen readers included).
//!
//! On the server (and before hydration) the feed stays empty, so that pages
//! render the same on both sides.

use crate::domain::live::LiveEvent;
use crate::features::account::session::use_current_user;
use crate::i18n::{fill, use_t};
use leptos::prelude::*;

/// The page's live feed, in context.
#[derive(Clone, Copy)]
pub struct LiveFeed {
    /// The latest event.
    pub last: RwSignal<Option<LiveEvent>>,
    /// Moves when pages should reload their data: the stream resumed after a
    /// break (events may have been missed beyond what it replayed), or this
    /// page changed something that other parts show (see [`LiveFeed::reload`]).
    pub reloads: RwSignal<u64>,
}

impl LiveFeed {
    /// A key that changes when an event `matches` arrives or the stream
    /// resumes: put it among a resource's inputs to reload it then.
    pub fn key(self, matches: impl Fn(&LiveEvent) -> bool + Send + Sync + 'static) -> Memo<(u64, Option<i64>)> {
        let latest = Memo::new(move |previous: Option<&Option<i64>>| match self.last.get() {
            Some(event) if matches(&event) => Some(event.id),
            _ => previous.copied().flatten(),
        });
        Memo::new(move |_| (self.reloads.get(), latest.get()))
    }

    /// Makes every keyed resource reload.
    pub fn reload(self) {
        self.reloads.update(|n| *n += 1);
    }
}

/// Creates the feed (in `App`) and connects it once the user is known to be
/// signed in and the page has hydrated (an event arriving before would change
/// what the page shows while it is being matched with the server's HTML).
pub fn provide_live_feed() -> LiveFeed {
    let feed = LiveFeed { last: RwSignal::new(None), reloads: RwSignal::new(0) };
    provide_context(feed);
    let user = use_current_user();
    let connected = StoredValue::new(false);
    Effect::new(move |_| {
        if crate::hydration::is_complete() && matches!(user.get(), Some(Ok(Some(_)))) && !connected.get_value() {
            connected.set_value(true);
            #[cfg(feature = "hydrate")]
            connect(feed);
        }
    });
    feed
}

pub fn use_live_feed() -> LiveFeed {
    expect_context::<LiveFeed>()
}

#[cfg(feature = "hydrate")]
fn connect(feed: LiveFeed) {
    // The cursor when the server rendered this page: the stream replays
    // anything committed between that moment and its opening.
    open(feed, rendered_after(), None);
}

/// The first pause before a stream the browser gave up on is opened again;
/// it doubles at each failure up to [`REOPEN_MAX_SECS`].
#[cfg(feature = "hydrate")]
const REOPEN_FIRST_SECS: f64 = 5.0;
#[cfg(feature = "hydrate")]
const REOPEN_MAX_SECS: f64 = 300.0;

/// Opens the stream from `after`. The browser reconnects by itself after a
/// cut, but gives up for good on an answer that is not a stream (a proxy's
/// 502, a 503 while the database is away): then it is opened again here
/// from the last cursor seen, after a pause that doubles while it keeps
/// failing (with some randomness, so that pages do not all come back at
/// once after an outage), and the page reloads its data. `pause`: the pause
/// that led here, for a reopening.
#[cfg(feature = "hydrate")]
fn open(feed: LiveFeed, after: String, pause: Option<f64>) {
    use crate::domain::live::{DOSSIER_EVENT, READY_EVENT, RESET_EVENT};
    use std::cell::RefCell;
    use std::rc::Rc;
    use wasm_bindgen::JsCast;
    use wasm_bindgen::closure::Closure;
    let url = format!("/events?after={after}");
    let Ok(source) = web_sys::EventSource::new(&url) else { return };
    // A status region from now on (set on the element: it may not be hydrated yet).
    if let Ok(Some(region)) = document().query_selector(".live-announcer") {
        let _ = region.set_attribute("role", "status");
    }
    let last = Rc::new(RefCell::new(after));
    let listen = |name: &str, mut handler: Box<dyn FnMut(web_sys::MessageEvent)>| {
        let last = last.clone();
        let handler = Closure::wrap(Box::new(move |message: web_sys::MessageEvent| {
            let id = message.last_event_id();
            if !id.is_empty() {
                *last.borrow_mut() = id;
            }
            handler(message);
        }) as Box<dyn FnMut(web_sys::MessageEvent)>);
        let _ = source.add_event_listener_with_callback(name, handler.as_ref().unchecked_ref());
        // The page's stream lives as long as the page.
        handler.forget();
    };
    listen(
        DOSSIER_EVENT,
        Box::new(move |message| {
            if let Some(event) = message.data().as_string().and_then(|d| serde_json::from_str::<LiveEvent>(&d).ok()) {
                feed.last.set(Some(event));
            }
        }),
    );
    // The first opening starts where the page's data was read (`?after=`); a
    // later one is a resume after a break, which may be longer than the replay.
    let mut readies = u32::from(pause.is_some());
    // Back to the first pause once the stream works again.
    let next_pause = Rc::new(std::cell::Cell::new(pause.map_or(REOPEN_FIRST_SECS, |p| (p * 2.0).min(REOPEN_MAX_SECS))));
    let working = next_pause.clone();
    listen(
        READY_EVENT,
        Box::new(move |_| {
            working.set(REOPEN_FIRST_SECS);
            readies += 1;
            if readies > 1 {
                feed.reload();
            }
        }),
    );
    listen(RESET_EVENT, Box::new(move |_| feed.reload()));
    let given_up = source.clone();
    let on_error = Closure::wrap(Box::new(move |_: web_sys::Event| {
        if given_up.ready_state() == web_sys::EventSource::CLOSED {
            given_up.close();
            let after = last.borrow().clone();
            let pause = next_pause.get();
            let wait = pause * (0.75 + 0.5 * js_sys::Math::random());
            set_timeout(move || open(feed, after, Some(pause)), std::time::Duration::from_secs_f64(wait));
        }
    }) as Box<dyn FnMut(web_sys::Event)>);
    source.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    on_error.forget();
}

/// Announces each change made by someone else, politely (`role="status"`).
/// The region is in every page from the start, so that screen readers
/// announce what appears in it.
#[component]
pub fn LiveAnnouncer() -> impl IntoView {
    let t = use_t();
    let feed = use_live_feed();
    let text = move || {
        feed.last
            .get()
            .filter(|e| !e.mine)
            .map(|e| fill(t.live_status_changed, &[("code", &e.code), ("status", &e.status.label(t))]))
    };
    // Always there (hydration needs the same elements on both sides); a status
    // region once the page follows events (see `connect`).
    view! {
        <div class="live-announcer" data-events-after=rendered_after() aria-live="polite" aria-atomic="true">
            {move || text().map(|text| view! { <p class="toast">{text}</p> })}
        </div>
    }
}

/// The stream's cursor when the server rendered the page (see
/// [`crate::domain::live::StreamCursor`]). The browser reads the server's
/// value from the page once, before hydration can write its own over it: a
/// stream opened `after=0` would replay every past event as news (and tell
/// an official that a dossier just opened had been changed).
fn rendered_after() -> String {
    #[cfg(feature = "ssr")]
    {
        use_context::<crate::server::state::AppState>().map_or_else(
            || "0".to_owned(),
            |state| {
                let (newest, missing) = state.events.position();
                crate::domain::live::StreamCursor::new(newest, missing.iter().copied()).to_string()
            },
        )
    }
    #[cfg(not(feature = "ssr"))]
    {
        thread_local!(static RENDERED: std::cell::OnceCell<String> = const { std::cell::OnceCell::new() });
        RENDERED.with(|rendered| {
            rendered
                .get_or_init(|| {
                    document()
                        .query_selector(".live-announcer")
                        .ok()
                        .flatten()
                        .and_then(|element| element.get_attribute("data-events-after"))
                        // Only a cursor goes into the stream's address.
                        .and_then(|text| crate::domain::live::StreamCursor::parse(&text))
                        .map_or_else(|| "0".to_owned(), |cursor| cursor.to_string())
                })
                .clone()
        })
    }
}
