//! The live event stream as a browser reads it.

use super::Browser;
use axum::Router;
use axum::body::Body;
use axum::http::Request;
use http_body_util::BodyExt;
use tower::ServiceExt;

/// One message of a Server-Sent Events stream (a comment such as a heartbeat has no event name).
#[derive(Debug, Clone, Default)]
pub struct SseMessage {
    pub event: String,
    pub id: Option<String>,
    pub data: String,
    pub comment: Option<String>,
}

impl SseMessage {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.data).unwrap_or_else(|e| panic!("event data is not JSON ({e}): {}", self.data))
    }
}

/// An open `/events` stream, read message by message.
pub struct EventStream {
    pub status: u16,
    pub headers: axum::http::HeaderMap,
    body: Body,
    buffer: String,
}

impl Browser {
    /// Opens `/events` (resuming after `last_event_id` when given), as EventSource does.
    pub async fn events(&self, router: &Router, last_event_id: Option<&str>) -> EventStream {
        let mut builder = self.request(Request::get("/events")).header("accept", "text/event-stream");
        if let Some(id) = last_event_id {
            builder = builder.header("last-event-id", id);
        }
        let response = router.clone().oneshot(builder.body(Body::empty()).unwrap()).await.unwrap();
        let (status, headers) = (response.status().as_u16(), response.headers().clone());
        EventStream { status, headers, body: response.into_body(), buffer: String::new() }
    }
}

impl EventStream {
    /// The next message, or `None` if none comes within `wait` (or the stream ended).
    pub async fn next(&mut self, wait: std::time::Duration) -> Option<SseMessage> {
        let deadline = tokio::time::Instant::now() + wait;
        loop {
            if let Some(end) = self.buffer.find("\n\n") {
                let block: String = self.buffer.drain(..end + 2).collect();
                let mut message = SseMessage::default();
                for line in block.lines().filter(|l| !l.is_empty()) {
                    let (field, value) = line.split_once(':').unwrap_or((line, ""));
                    let value = value.strip_prefix(' ').unwrap_or(value);
                    match field {
                        "" => message.comment = Some(value.to_owned()),
                        "event" => message.event = value.to_owned(),
                        "id" => message.id = Some(value.to_owned()),
                        "data" => message.data.push_str(value),
                        _ => {}
                    }
                }
                return Some(message);
            }
            let frame = tokio::time::timeout_at(deadline, self.body.frame()).await.ok()??.ok()?;
            if let Ok(data) = frame.into_data() {
                self.buffer.push_str(&String::from_utf8_lossy(&data));
            }
        }
    }

    /// The next dossier event (skipping `ready`, heartbeats and other messages) within `wait`.
    pub async fn next_dossier(&mut self, wait: std::time::Duration) -> Option<SseMessage> {
        let deadline = tokio::time::Instant::now() + wait;
        loop {
            let left = deadline.saturating_duration_since(tokio::time::Instant::now());
            let message = self.next(left).await?;
            if message.event == "dossier" {
                return Some(message);
            }
        }
    }
}
