//! `GET /events`: the Server-Sent Events stream of dossier changes the
//! signed-in user may see. A browser that reconnects sends `Last-Event-ID`
//! (or `?after=`), and gets what it missed from the timeline table first.
//!
//! Each message's id is a [`StreamCursor`]: the newest event id the stream
//! has passed and the ids below it not committed yet. On PostgreSQL a later
//! id may commit first; with the cursor a stream resumed on any instance gets
//! such an event when it commits, and nothing twice.

use app::domain::access::SessionUser;
use app::domain::live::{DOSSIER_EVENT, READY_EVENT, RESET_EVENT, StreamCursor};
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
use std::collections::{BTreeMap, HashSet, VecDeque};
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
/// How long an id below the cursor is awaited: longer than the hub looks
/// for it (30 s), after which it was rolled back.
const AWAIT_LIMIT: Duration = Duration::from_secs(40);

#[derive(Deserialize)]
pub struct Resume {
    /// The newest event id when the page was rendered (for the first
    /// connection; reconnections send the header).
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
    // Subscribe before reading the position and the backlog, so that nothing falls between.
    let receiver = state.events.subscribe();
    let (newest, missing) = state.events.position();
    let resumed = headers
        .get("last-event-id")
        .and_then(|v| v.to_str().ok())
        .and_then(StreamCursor::parse)
        // The page's first opening: what was not committed when it was rendered is awaited.
        .or_else(|| resume.after.map(|after| StreamCursor::new(after, missing.iter().copied())));
    let start = resumed.clone().unwrap_or_else(|| StreamCursor::new(newest, missing.iter().copied()));
    // The ready event carries the cursor to resume from, even if the stream is cut before any event.
    let ready = Event::default().event(READY_EVENT).id(start.to_string()).retry(RETRY).data("{}");
    let mut sub = Subscription {
        pending: VecDeque::from([ready]),
        receiver,
        reach: Default::default(),
        max: start.max,
        awaited: start.pending.iter().map(|id| (*id, Instant::now())).collect(),
        replayed: HashSet::new(),
        until: Instant::now() + STREAM_LIFETIME,
        me,
        _slot: slot,
    };
    if let Some(cursor) = resumed {
        // What this instance has broadcast since the cursor comes from the table;
        // what is newer comes live.
        let upto = newest.max(cursor.max);
        let backlog = match since(&state.db, &sub.me, cursor.max, upto, &cursor.pending, REPLAY_LIMIT + 1).await {
            Ok(backlog) => backlog,
            Err(err) => return err.into_response(),
        };
        if backlog.len() as u64 > REPLAY_LIMIT {
            // Too much to replay: the page reloads and follows from here.
            sub.max = newest;
            sub.awaited = missing.iter().map(|id| (*id, Instant::now())).collect();
            sub.pending.push_back(Event::default().event(RESET_EVENT).id(sub.cursor().to_string()).data("{}"));
        } else {
            // Ids the hub has not found committed are awaited, as the cursor's own.
            sub.awaited.extend(missing.iter().filter(|id| **id > cursor.max).map(|id| (*id, Instant::now())));
            for published in &backlog {
                sub.replayed.insert(published.id);
                sub.awaited.remove(&published.id);
                let at = StreamCursor::new(published.id.max(cursor.max), sub.awaited.keys().copied());
                sub.pending.push_back(dossier_event(published, &sub.me, &at));
            }
            sub.max = upto;
        }
    }
    // Read once per stream: a member removed meanwhile stops receiving when
    // the stream ends (at most `STREAM_LIFETIME`); the lists are read live.
    sub.reach = match app::server::on_behalf::reach(&state.db, &sub.me).await {
        Ok(reach) => reach,
        Err(err) => return err.into_response(),
    };
    let mut response = Sse::new(events(sub))
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
    /// The newest event id passed.
    max: i64,
    /// Ids below `max` not committed yet, since when they are awaited.
    awaited: BTreeMap<i64, Instant>,
    /// Ids sent from the table (the hub may broadcast them after).
    replayed: HashSet<i64>,
    until: Instant,
    /// Held while the stream lives: the user's place among their open streams.
    _slot: app::server::events::StreamSlot,
}

impl Subscription {
    fn cursor(&self) -> StreamCursor {
        StreamCursor::new(self.max, self.awaited.keys().copied())
    }

    /// Takes a broadcast event into the cursor; answers whether it is news to this stream.
    fn passes(&mut self, published: &Published) -> bool {
        self.awaited.retain(|_, since| since.elapsed() < AWAIT_LIMIT);
        if self.replayed.contains(&published.id) {
            return false;
        }
        if self.awaited.remove(&published.id).is_some() {
            return true;
        }
        if published.id <= self.max {
            return false;
        }
        // What the hub had not found committed below it is awaited from now.
        let now = Instant::now();
        let below = published.gaps.iter().filter(|id| **id > self.max && **id < published.id);
        self.awaited.extend(below.map(|id| (*id, now)));
        while self.awaited.len() > 4 * StreamCursor::MAX_PENDING {
            self.awaited.pop_first();
        }
        self.max = published.id;
        true
    }
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
                    if sub.passes(&published) && published.visible_to(&sub.me, &sub.reach) {
                        let event = dossier_event(&published, &sub.me, &sub.cursor());
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
