//! Text messages of dossier changes, sent by the outbox worker beside mails
//! (`server/mail.rs`): to an HTTP SMS gateway when `DVC_SMS_URL` is set, as
//! `.txt` files under `data/outbox/sms/` otherwise.
//!
//! The gateway's protocol: `POST {DVC_SMS_URL}` with the JSON
//! `{"id": "outbox-42", "to": "84912345678", "text": "…"}` and, when
//! `DVC_SMS_KEY` is set, `Authorization: Bearer {key}`; any 2xx answer means
//! accepted. A retry carries the same `id`, so that the gateway can drop a
//! duplicate.

use crate::domain::dossier::DossierStatus;
use crate::domain::notification::sms_text;
use crate::i18n::{Locale, fill};
use crate::server::entities::outbox_mail;
use serde_json::{Value, json};
use std::path::PathBuf;

/// Where text messages go.
pub enum SmsTransport {
    Gateway {
        url: reqwest::Url,
        key: Option<String>,
        client: reqwest::Client,
    },
    /// One `.txt` file per message in this folder.
    Files(PathBuf),
}

/// Sends text messages, with the site's address for links.
pub struct SmsSender {
    pub transport: SmsTransport,
    pub public_url: String,
}

/// An SMS configuration the portal cannot start with.
#[derive(Debug, thiserror::Error)]
pub enum SmsError {
    #[error("DVC_SMS_URL “{0}” is not an http(s) address")]
    Url(String),
    #[error("the HTTP client: {0}")]
    Client(#[from] reqwest::Error),
}

impl SmsSender {
    /// The gateway at `url` (with its `key`), or files in `dir`.
    pub fn new(url: Option<&str>, key: Option<String>, dir: PathBuf, public_url: &str) -> Result<Self, SmsError> {
        let transport = match url {
            Some(raw) => {
                let url = reqwest::Url::parse(raw)
                    .ok()
                    .filter(|u| matches!(u.scheme(), "http" | "https") && u.host().is_some())
                    .ok_or_else(|| SmsError::Url(raw.to_owned()))?;
                SmsTransport::Gateway { url, key, client: crate::server::outbound::http_client()? }
            }
            None => SmsTransport::Files(dir),
        };
        Ok(Self { transport, public_url: public_url.trim_end_matches('/').to_owned() })
    }

    /// Sends one outbox row of the `sms` channel.
    pub async fn send(&self, row: &outbox_mail::Model) -> Result<(), String> {
        let text = render(row, &self.public_url);
        let to = international(&row.to_address);
        match &self.transport {
            SmsTransport::Gateway { url, key, client } => {
                let body = json!({ "id": format!("outbox-{}", row.id), "to": to, "text": text });
                let mut request = client
                    .post(url.clone())
                    .header(reqwest::header::CONTENT_TYPE, "application/json")
                    .body(body.to_string());
                if let Some(key) = key {
                    request = request.bearer_auth(key);
                }
                let answer = request.send().await.map_err(|e| format!("SMS gateway: {}", e.without_url()))?;
                let status = answer.status();
                if status.is_success() { Ok(()) } else { Err(format!("SMS gateway answered {status}")) }
            }
            SmsTransport::Files(dir) => {
                tokio::fs::create_dir_all(dir).await.map_err(|e| format!("SMS file: {e}"))?;
                let path = dir.join(format!("{:08}.txt", row.id));
                tokio::fs::write(&path, format!("To: {to}\n\n{text}\n")).await.map_err(|e| format!("SMS file: {e}"))
            }
        }
    }
}

/// The message of a row, in its recipient's language, without diacritics.
pub fn render(row: &outbox_mail::Model, public_url: &str) -> String {
    let t = Locale::parse(&row.locale).unwrap_or_default().messages();
    let params: Value = serde_json::from_str(&row.params).unwrap_or(Value::Null);
    let text = |key: &str| params.get(key).and_then(Value::as_str).unwrap_or_default().to_owned();
    let code = text("code");
    let status = DossierStatus::parse(&text("status")).map(|s| s.label(t)).unwrap_or_default();
    sms_text(
        &fill(t.sms_dossier, &[("code", &code), ("status", &status)]),
        &format!("{}/dossiers/{code}", public_url.trim_end_matches('/')),
    )
}

/// `0912345678` (as accounts keep it) → `84912345678`, as gateways take it.
fn international(phone: &str) -> String {
    match phone.strip_prefix('0') {
        Some(rest) => format!("84{rest}"),
        None => phone.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_message_is_in_the_recipients_language_without_diacritics() {
        let params = json!({"code": "000.20.01.H29-261130-0001", "status": "supplement_requested"});
        let mut row = outbox_mail::Model::sample("sms", "0912345678", "dossier", "vi", params);
        let text = render(&row, "https://dvc.example.vn/");
        assert!(text.starts_with("DVC: Ho so 000.20.01.H29-261130-0001: "), "{text}");
        assert!(
            text.is_ascii() && text.ends_with("https://dvc.example.vn/dossiers/000.20.01.H29-261130-0001"),
            "{text}"
        );
        row.locale = "en".into();
        assert!(
            render(&row, "https://dvc.example.vn").starts_with("DVC: Dossier 000.20.01.H29-261130-0001: Supplement"),
            "{}",
            render(&row, "")
        );
        assert_eq!(international("0912345678"), "84912345678");
    }
}
