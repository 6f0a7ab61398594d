//! Webhooks: an agency's other systems told of its dossiers' events as they
//! happen. An agency administrator registers an endpoint and the kinds of
//! event it wants; each delivery is a JSON body signed with the endpoint's
//! own secret and the time of sending (`X-DVC-Signature: t=…,v1=…`, HMAC-SHA256
//! of `{t}.{body}`), retried with backoff until the endpoint answers 2xx; an
//! endpoint that keeps failing is paused and its owner told.

use crate::domain::dossier::DossierStatus;
use crate::domain::rules::{FieldErrors, Rule};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

named_enum! {
    /// What a delivery tells.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
    pub enum WebhookEvent {
        /// A dossier was filed with the agency (online, at the desk, by post);
        /// one handed on to it arrives as a step (`hand_off`).
        Filed = "dossier.filed",
        /// Any step of a dossier's timeline after it was filed.
        Step = "dossier.step",
        /// A dossier ended (returned, refused, withdrawn, stopped).
        Finished = "dossier.finished",
        /// A test an administrator sent from the page; never subscribed to.
        Test = "test",
    }
}

impl WebhookEvent {
    /// The kinds an endpoint can ask for.
    pub const SUBSCRIBABLE: [Self; 3] = [Self::Filed, Self::Step, Self::Finished];

    /// The kinds a timeline event from `from` to `to` is.
    pub fn of_step(from: Option<DossierStatus>, to: DossierStatus) -> Vec<Self> {
        let mut kinds = vec![if from.is_none() { Self::Filed } else { Self::Step }];
        if to.is_final() && from != Some(to) {
            kinds.push(Self::Finished);
        }
        kinds
    }

    pub fn label(self, t: &crate::i18n::Messages) -> &'static str {
        match self {
            Self::Filed => t.webhook_event_filed,
            Self::Step => t.webhook_event_step,
            Self::Finished => t.webhook_event_finished,
            Self::Test => t.webhook_event_test,
        }
    }
}

/// The longest address accepted.
pub const URL_CHARS: usize = 500;
/// Endpoints an agency may hold at once.
pub const MAX_ENDPOINTS: u64 = 10;
/// Failed attempts in a row after which an endpoint is paused (about three
/// hours of retries with the outbox's backoff).
pub const PAUSE_AFTER: i32 = 10;
/// What every secret starts with (`whsec_` and 64 hex digits).
pub const SECRET_PREFIX: &str = "whsec_";
/// A signature older than this should be refused by the receiver (replay).
pub const SIGNATURE_TOLERANCE_SECS: i64 = 300;
/// The part of an answer kept to show on the page.
pub const RESPONSE_CHARS: usize = 500;
/// Deliveries listed per endpoint.
pub const DELIVERIES_SHOWN: u64 = 10;

/// An administrator's request for a new endpoint.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewWebhook {
    pub url: String,
    /// The kinds' names, as the form's boxes send them.
    #[serde(default)]
    pub events: Vec<String>,
}

impl NewWebhook {
    /// The trimmed address and the kinds asked for (each once, in order), or
    /// every mistake at once. Only `https://` unless `local` (a demo or a
    /// test, where `http://` is allowed too); the server then checks where
    /// the address leads.
    pub fn check(&self, local: bool) -> Result<(String, Vec<WebhookEvent>), FieldErrors> {
        let mut errors = FieldErrors::default();
        let url = self.url.trim();
        if url.is_empty() {
            errors.push("url", Rule::Required);
        } else if url.chars().count() > URL_CHARS {
            errors.push("url", Rule::TooLong(URL_CHARS as u32));
        } else if url.chars().any(|c| c.is_control() || c.is_whitespace()) {
            errors.push("url", Rule::WebhookAddress);
        } else if !(url.starts_with("https://") || local && url.starts_with("http://")) {
            errors.push("url", Rule::WebhookHttps);
        }
        let asked: Vec<Option<WebhookEvent>> = self.events.iter().take(8).map(|e| WebhookEvent::parse(e)).collect();
        let events: Vec<WebhookEvent> =
            WebhookEvent::SUBSCRIBABLE.into_iter().filter(|kind| asked.contains(&Some(*kind))).collect();
        if self.events.len() > 8 || asked.iter().any(|kind| kind.is_none_or(|k| k == WebhookEvent::Test)) {
            errors.push("events", Rule::NotAnOption);
        } else if events.is_empty() {
            errors.push("events", Rule::TooFewChoices(1));
        }
        if errors.is_empty() { Ok((url.to_owned(), events)) } else { Err(errors) }
    }
}

/// The kinds stored in one column: `dossier.filed,dossier.step`.
pub fn join_events(events: &[WebhookEvent]) -> String {
    events.iter().map(|e| e.as_str()).collect::<Vec<_>>().join(",")
}

/// The kinds of a stored column (unknown names are dropped).
pub fn split_events(stored: &str) -> Vec<WebhookEvent> {
    stored.split(',').filter_map(WebhookEvent::parse).collect()
}

/// The header that signs a delivery: `t={unix seconds},v1={hex}`.
pub fn signature_header(at: i64, hex_mac: &str) -> String {
    format!("t={at},v1={hex_mac}")
}

/// What is signed: the time, a dot, the body as sent.
pub fn signed_text(at: i64, body: &str) -> String {
    format!("{at}.{body}")
}

named_enum! {
    /// Where a delivery is.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
    pub enum DeliveryState {
        /// Waiting for its turn, or for a retry.
        Pending = "pending",
        /// The endpoint answered 2xx.
        Delivered = "delivered",
    }
}

/// An endpoint as its agency's administrators see it (never its secret).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WebhookSummary {
    pub id: i32,
    pub url: String,
    pub events: Vec<WebhookEvent>,
    pub created_at: DateTime<Utc>,
    pub created_by: String,
    /// Failed attempts in a row.
    pub failures: i32,
    pub paused_at: Option<DateTime<Utc>>,
    /// The latest deliveries, newest first.
    pub deliveries: Vec<DeliverySummary>,
}

/// One delivery, with the endpoint's last answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeliverySummary {
    pub id: i64,
    pub event: WebhookEvent,
    pub dossier_code: Option<String>,
    pub state: DeliveryState,
    pub attempts: i32,
    pub created_at: DateTime<Utc>,
    pub delivered_at: Option<DateTime<Utc>>,
    pub next_attempt_at: DateTime<Utc>,
    /// The endpoint's HTTP status, when it answered.
    pub response_status: Option<i32>,
    /// The start of its answer, or why nothing was answered.
    pub response: Option<String>,
}

/// A new endpoint: its secret is shown this once.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreatedWebhook {
    pub id: i32,
    pub secret: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(kinds: &[WebhookEvent]) -> Vec<String> {
        kinds.iter().map(|k| k.as_str().to_owned()).collect()
    }

    #[test]
    fn an_endpoint_needs_an_https_address_and_a_kind_of_event() {
        let ok = NewWebhook { url: " https://archive.example.vn/hook ".into(), events: names(&[WebhookEvent::Step]) };
        assert_eq!(ok.check(false), Ok(("https://archive.example.vn/hook".to_owned(), vec![WebhookEvent::Step])));
        let plain = NewWebhook { url: "http://archive.example.vn/hook".into(), events: names(&[WebhookEvent::Step]) };
        let refused = plain.check(false).unwrap_err().0;
        assert_eq!((refused[0].field.as_str(), refused[0].rule), ("url", Rule::WebhookHttps));
        assert!(plain.check(true).is_ok(), "a demo or a test may use http://");
        let none = NewWebhook { url: String::new(), events: vec![] };
        assert_eq!(none.check(false).unwrap_err().0.len(), 2);
        let spaced = NewWebhook { url: "https://a b".into(), events: names(&[WebhookEvent::Filed]) };
        assert!(spaced.check(false).is_err());
        let long =
            NewWebhook { url: format!("https://{}", "a".repeat(URL_CHARS)), events: names(&[WebhookEvent::Filed]) };
        assert!(long.check(false).is_err());
        let test = NewWebhook { url: "https://a.vn".into(), events: names(&[WebhookEvent::Test, WebhookEvent::Filed]) };
        assert!(test.check(false).is_err(), "test deliveries are sent by hand, never subscribed to");
        let unknown = NewWebhook { url: "https://a.vn".into(), events: vec!["dossier.deleted".into()] };
        assert_eq!(unknown.check(false).unwrap_err().0[0].rule, Rule::NotAnOption);
    }

    #[test]
    fn kinds_are_kept_once_in_their_order() {
        let twice = NewWebhook {
            url: "https://a.vn".into(),
            events: names(&[WebhookEvent::Finished, WebhookEvent::Filed, WebhookEvent::Finished]),
        };
        let (_, events) = twice.check(false).unwrap();
        assert_eq!(events, vec![WebhookEvent::Filed, WebhookEvent::Finished]);
        assert_eq!(split_events(&join_events(&events)), events);
        assert_eq!(split_events("dossier.filed,nonsense"), vec![WebhookEvent::Filed]);
    }

    #[test]
    fn a_filing_a_step_and_an_end_are_told_apart() {
        use DossierStatus as S;
        assert_eq!(WebhookEvent::of_step(None, S::Submitted), vec![WebhookEvent::Filed]);
        assert_eq!(WebhookEvent::of_step(Some(S::Submitted), S::Accepted), vec![WebhookEvent::Step]);
        assert_eq!(
            WebhookEvent::of_step(Some(S::Processed), S::Returned),
            vec![WebhookEvent::Step, WebhookEvent::Finished]
        );
        assert_eq!(WebhookEvent::of_step(Some(S::Returned), S::Returned), vec![WebhookEvent::Step]);
    }

    #[test]
    fn the_signature_covers_the_time_and_the_body() {
        assert_eq!(signed_text(1_700_000_000, "{\"a\":1}"), "1700000000.{\"a\":1}");
        assert_eq!(signature_header(5, "ab"), "t=5,v1=ab");
    }
}
