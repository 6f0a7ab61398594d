//! The bell in the header: the unread count, kept current by the live feed.
//!
//! The count is read in the browser only, once the page has hydrated: the
//! server renders the bell without it, so both sides render the same elements.

use super::api::count_unread_notifications;
use crate::domain::access::AccountKind;
use crate::features::account::session::use_current_user;
use crate::features::live::use_live_feed;
use crate::i18n::{fill, use_t};
use crate::ui::icons::{Icon, IconSvg};
use leptos::prelude::*;
use leptos_router::components::A;

/// The signed-in citizen's unread count, in context (`None` until read).
#[derive(Clone, Copy)]
pub struct UnreadCount(RwSignal<Option<u64>>);

/// Keeps the unread count (in `App`, outside any async part of the page):
/// read once the citizen is known, again on every live event and whenever the
/// live feed asks pages to reload.
pub fn provide_unread_count() {
    let unread = RwSignal::new(None::<u64>);
    provide_context(UnreadCount(unread));
    let user = use_current_user();
    let feed = use_live_feed();
    Effect::new(move |_| {
        feed.last.track();
        feed.reloads.track();
        if crate::hydration::is_complete()
            && matches!(user.get(), Some(Ok(Some(me))) if me.kind == AccountKind::Citizen)
        {
            leptos::task::spawn_local(async move {
                if let Ok(count) = count_unread_notifications().await {
                    unread.set(Some(count));
                }
            });
        }
    });
}

#[component]
pub fn Bell() -> impl IntoView {
    let t = use_t();
    let unread = expect_context::<UnreadCount>().0;
    let label = move || match unread.get() {
        Some(count) => fill(t.notifications_bell, &[("count", &count)]),
        None => t.notifications_title.to_owned(),
    };
    // A count that rises while the page is open is said aloud once (not the
    // first reading after each page load, nor a count going down).
    let announced = RwSignal::new(String::new());
    let last = StoredValue::new(None::<u64>);
    Effect::new(move |_| {
        let now = unread.get();
        if let (Some(before), Some(count)) = (last.get_value(), now)
            && count > before
        {
            announced.set(fill(t.notifications_announce, &[("count", &count)]));
        }
        if now.is_some() {
            last.set_value(now);
        }
    });
    view! {
        <span class="visually-hidden" aria-live="polite" aria-atomic="true" id="bell-announcer">{announced}</span>
        <A href="/notifications" attr:class="bell" attr:aria-label=label>
            <IconSvg icon=Icon::Bell/>
            {t.notifications_title}
            {move || {
                unread.get().filter(|n| *n > 0).map(|n| view! { <span class="bell-count" aria-hidden="true">{n}</span> })
            }}
        </A>
    }
}
