//! `GET /events`: the Server-Sent Events stream of dossier changes the
//! signed-in user may see. A browser that reconnects sends `Last-Event-ID`
//! (or `?after=`), and gets what it missed from the timeline table first.
//!
//! Each message's id is a [`StreamCursor`]: the newest event id the stream
//! has passed and the ids below it not committed yet. On PostgreSQL a later
//! id may commit first; with the cursor a stream resumed on any instance gets
//! such an event when it commits, and nothing twice.

use app::domain::access::SessionUser;
use app::domain::live::{DOSSIER_EVENT, READY_EVENT, RESET_EVENT, StreamCursor, StreamPosition};
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
/// A resume from further back than this many ids is not replayed (the
/// query would read that much of the table): the page reloads instead.
const REPLAY_SPAN: i64 = 200_000;

#[derive(Deserialize)]
pub struct Resume {
    /// The stream's cursor when the page was rendered (for the first
    /// connection; reconnections send the header).
    after: Option<String>,
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
    // Subscribe before reading the position and the backlog, so that nothing falls between.
    let receiver = state.events.subscribe();
    let (newest, missing) = state.events.position();
    let now = std::time::Instant::now();
    let resumed = headers
        .get("last-event-id")
        .and_then(|v| v.to_str().ok())
        .or(resume.after.as_deref())
        .and_then(StreamCursor::parse);
    let here = StreamCursor::new(newest, missing.iter().copied());
    // The ready event carries the cursor to resume from, even if the stream is cut before any event.
    let start = resumed.clone().unwrap_or_else(|| here.clone());
    let ready = Event::default().event(READY_EVENT).id(start.to_string()).retry(RETRY).data("{}");
    let mut pending = VecDeque::from([ready]);
    let mut position = StreamPosition::new(&start, now);
    if let Some(cursor) = resumed {
        // What this instance has broadcast since the cursor comes from the
        // table (and the ids it awaits, if committed since); newer comes live.
        let upto = newest.max(cursor.max);
        let backlog = if upto - cursor.max > REPLAY_SPAN {
            None
        } else {
            match since(&state.db, &me, cursor.max, upto, &cursor.pending, REPLAY_LIMIT + 1).await {
                Ok(backlog) => Some(backlog).filter(|b| b.len() as u64 <= REPLAY_LIMIT),
                Err(err) => return err.into_response(),
            }
        };
        match backlog {
            Some(backlog) => {
                // Each replayed event's cursor awaits what this instance had not
                // found committed below it (as if the hub had broadcast it).
                for published in &backlog {
                    if position.passes(published.id, &missing, now) {
                        pending.push_back(dossier_event(published, &me, &position.cursor()));
                    }
                }
                // Every replayed id is at most the last one: past it, what this
                // instance has not found committed is awaited too.
                let replayed_to = position.max();
                position.advance(upto);
                position.await_ids(missing.iter().copied().filter(|id| *id > replayed_to), now);
                // The hub looks for the awaited ids it may never have seen skipped
                // (it started later) — those not in the table yet: one that is
                // there and was not replayed is not this user's, nothing to wait for.
                let awaited: Vec<i64> = position.awaited().collect();
                match app::server::events::not_committed(&state.db, &awaited).await {
                    Ok(uncommitted) => {
                        position.forget(&awaited, &uncommitted);
                        state.events.watch(&uncommitted);
                    }
                    Err(err) => return err.into_response(),
                }
            }
            None => {
                // Too much to replay: the page reloads and follows from here.
                position = StreamPosition::new(&here, now);
                pending.push_back(Event::default().event(RESET_EVENT).id(here.to_string()).data("{}"));
            }
        }
    }
    // Read once per stream: a member removed meanwhile stops receiving when
    // the stream ends (at most `STREAM_LIFETIME`); the lists are read live.
    let reach = match app::server::on_behalf::reach(&state.db, &me).await {
        Ok(reach) => reach,
        Err(err) => return err.into_response(),
    };
    let subscription =
        Subscription { pending, receiver, me, reach, position, until: Instant::now() + STREAM_LIFETIME, _slot: slot };
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
    position: StreamPosition,
    until: Instant,
    /// Held while the stream lives: the user's place among their open streams.
    _slot: app::server::events::StreamSlot,
}

fn dossier_event(published: &Published, me: &SessionUser, cursor: &StreamCursor) -> Event {
    let event = Event::default().event(DOSSIER_EVENT).id(cursor.to_string());
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
                    let news = sub.position.passes(published.id, &published.gaps, std::time::Instant::now());
                    if news && published.visible_to(&sub.me, &sub.reach) {
                        let event = dossier_event(&published, &sub.me, &sub.position.cursor());
                        return Some((Ok(event), sub));
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
