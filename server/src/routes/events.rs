//! `GET /events`: the Server-Sent Events stream of dossier changes the
//! signed-in user may see. A browser that reconnects sends `Last-Event-ID`
//! (or `?after=`), and gets what it missed from the timeline table first.

use app::domain::access::SessionUser;
use app::domain::live::{DOSSIER_EVENT, READY_EVENT, RESET_EVENT};
use app::server::auth::RequestAuth;
use app::server::events::{Published, since};
use app::server::state::AppState;
use axum::Extension;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use futures_util::StreamExt;
use futures_util::stream::{self, Stream};
use serde::Deserialize;
use std::collections::VecDeque;
use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::broadcast::{Receiver, error::RecvError};
use tokio::time::Instant;

/// Missed events replayed on a resume; beyond that the page reloads its data.
const REPLAY_LIMIT: u64 = 500;
/// A stream ends after this long and the browser reconnects: its session is checked again.
const STREAM_LIFETIME: Duration = Duration::from_secs(10 * 60);
/// How soon a browser reconnects after a stream ends.
const RETRY: Duration = Duration::from_secs(2);

#[derive(Deserialize)]
pub struct Resume {
    /// The last event id the page has seen (for the first connection; reconnections send the header).
    after: Option<i64>,
}

pub async fn stream(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    Query(resume): Query<Resume>,
    headers: HeaderMap,
) -> Response {
    let Some(me) = auth.user else { return StatusCode::UNAUTHORIZED.into_response() };
    let Some(slot) = state.events.open_stream(me.id) else {
        return app::error::AppError::RateLimited { retry_after_secs: 60 }.into_response();
    };
    // Subscribe before reading the backlog, so that nothing falls between the two.
    let receiver = state.events.subscribe();
    let last_seen = headers
        .get("last-event-id")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<i64>().ok())
        .or(resume.after);
    // The ready event carries the id to resume from, even if the stream is cut before any event.
    let start = last_seen.unwrap_or_else(|| state.events.newest());
    let ready = Event::default().event(READY_EVENT).id(start.to_string()).retry(RETRY).data("{}");
    let mut pending = VecDeque::from([ready]);
    let mut replayed_up_to = 0;
    if let Some(after) = last_seen {
        let backlog = match since(&state.db, &me, after, REPLAY_LIMIT + 1).await {
            Ok(backlog) => backlog,
            Err(err) => return err.into_response(),
        };
        if backlog.len() as u64 > REPLAY_LIMIT {
            let newest = backlog.last().map_or(after, |p| p.id);
            pending.push_back(Event::default().event(RESET_EVENT).id(newest.to_string()).data("{}"));
            replayed_up_to = newest;
        } else {
            for published in &backlog {
                pending.push_back(dossier_event(published, &me));
                replayed_up_to = published.id;
            }
        }
    }
    // Read once per stream: a member removed meanwhile stops receiving when
    // the stream ends (at most `STREAM_LIFETIME`); the lists are read live.
    let reach = match app::server::on_behalf::reach(&state.db, &me).await {
        Ok(reach) => reach,
        Err(err) => return err.into_response(),
    };
    let subscription = Subscription {
        pending,
        receiver,
        me,
        reach,
        replayed_up_to,
        until: Instant::now() + STREAM_LIFETIME,
        _slot: slot,
    };
    let mut response = Sse::new(events(subscription))
        .keep_alive(KeepAlive::new().interval(state.events.heartbeat).text("heartbeat"))
        .into_response();
    // Proxies must pass each event on at once.
    response.headers_mut().insert("x-accel-buffering", HeaderValue::from_static("no"));
    response
}

struct Subscription {
    pending: VecDeque<Event>,
    receiver: Receiver<Arc<Published>>,
    me: SessionUser,
    /// What `me` reads beyond their own dossiers, when the stream opened.
    reach: app::server::on_behalf::Reach,
    replayed_up_to: i64,
    until: Instant,
    /// Held while the stream lives: the user's place among their open streams.
    _slot: app::server::events::StreamSlot,
}

fn dossier_event(published: &Published, me: &SessionUser) -> Event {
    let event = Event::default().event(DOSSIER_EVENT).id(published.id.to_string());
    event.json_data(published.for_subscriber(me)).unwrap_or_else(|_| Event::default().comment("unencodable"))
}

/// The stream of a subscription (fused: the keep-alive may poll it once more after its end).
fn events(subscription: Subscription) -> impl Stream<Item = Result<Event, Infallible>> {
    stream::unfold(subscription, |mut sub| async move {
        if let Some(event) = sub.pending.pop_front() {
            return Some((Ok(event), sub));
        }
        loop {
            match tokio::time::timeout_at(sub.until, sub.receiver.recv()).await {
                // Time to check the session again: the browser reconnects.
                Err(_) => return None,
                Ok(Ok(published)) => {
                    if published.id > sub.replayed_up_to && published.visible_to(&sub.me, &sub.reach) {
                        return Some((Ok(dossier_event(&published, &sub.me)), sub));
                    }
                }
                Ok(Err(RecvError::Lagged(missed))) => {
                    // Too slow: cut loose; it resumes from the table without holding anyone back.
                    tracing::info!(missed, "event stream: a slow subscriber was cut loose");
                    return None;
                }
                Ok(Err(RecvError::Closed)) => return None,
            }
        }
    })
    .fuse()
}
