//! `/notifications`: the user's notifications, newest first, with their read
//! state; "mark as read" works as a plain form too.

use super::api::{MarkNotificationsRead, get_inbox};
use crate::domain::dossier::DossierStatus;
use crate::domain::dossier::format_vn_datetime;
use crate::domain::notification::NotificationView;
use crate::features::live::use_live_feed;
use crate::i18n::{Messages, fill, use_t};
use crate::ui::{ErrorNotice, PageMeta};
use leptos::form::ActionForm;
use leptos::prelude::*;

#[component]
pub fn NotificationsPage() -> impl IntoView {
    let t = use_t();
    let mark = ServerAction::<MarkNotificationsRead>::new();
    let feed = use_live_feed();
    let live = feed.key(|event| !event.mine);
    let inbox = Resource::new(move || (mark.version().get(), live.get()), |_| get_inbox());
    // The bell in the header counts what was just marked read.
    Effect::new(move |previous: Option<usize>| {
        let version = mark.version().get();
        if previous.is_some_and(|p| p != version) {
            feed.reload();
        }
        version
    });
    view! {
        <PageMeta title=t.notifications_title description=t.notifications_description/>
        <h1>{t.notifications_title}</h1>
        <Suspense fallback=move || view! { <p>{t.loading}</p> }>
            {move || Suspend::new(async move {
                match inbox.await {
                    Ok(inbox) if inbox.items.is_empty() => view! { <p>{t.notifications_none}</p> }.into_any(),
                    Ok(inbox) => view! {
                        <p class="muted">{fill(t.notifications_unread, &[("count", &inbox.unread)])}</p>
                        {(inbox.unread > 0).then(|| view! {
                            <ActionForm action=mark>
                                <button type="submit" class="button-secondary">{t.notifications_mark_all_read}</button>
                            </ActionForm>
                        })}
                        <ul class="card-list notifications">
                            {inbox.items.into_iter().map(|n| item(n, mark, t)).collect_view()}
                        </ul>
                    }.into_any(),
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

fn item(n: NotificationView, mark: ServerAction<MarkNotificationsRead>, t: &'static Messages) -> impl IntoView {
    let action = n.action.map(|a| a.label(t)).unwrap_or_else(|| n.status.label(t));
    let text = fill(t.notifications_item, &[("code", &n.code), ("action", &action), ("status", &n.status.label(t))]);
    view! {
        <li class=if n.read { "card" } else { "card unread" }>
            {(!n.read).then(|| view! { <span class="status-badge">{t.notifications_new}</span> " " })}
            <a href=format!("/dossiers/{}", n.code)>{text}</a>
            {(n.status == DossierStatus::Returned).then(|| view! {
                " " <a href=format!("/dossiers/{}#rating", n.code) class="rate-link">{t.rating_invite}</a>
            })}
            <p class="muted"><time datetime=n.at.to_rfc3339()>{format_vn_datetime(n.at)}</time></p>
            {(!n.read).then(|| view! {
                <ActionForm action=mark>
                    <input type="hidden" name="id" value=n.id.to_string()/>
                    <button type="submit" class="button-link">{t.notifications_mark_read}</button>
                </ActionForm>
            })}
        </li>
    }
}
