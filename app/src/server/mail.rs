//! E-mail, and the outbox it shares with text messages: a mail or an SMS is a
//! row written in the same transaction as what it tells, and the worker of
//! every instance sends due rows — mails by SMTP when `DVC_SMTP_URL` is set, as
//! `.eml` files under `data/outbox/` otherwise; text messages through
//! `server/sms.rs`. A failed send is retried with backoff; a row is claimed by
//! compare-and-set before sending and marked sent after, so each goes out once.

use crate::domain::dossier::DossierStatus;
use crate::domain::workflow::Action;
use crate::error::AppError;
use crate::i18n::{Locale, fill};
use crate::server::clock::Clock;
use crate::server::entities::outbox_mail;
use chrono::{DateTime, Duration, Utc};
use lettre::message::header::{ContentTransferEncoding, ContentType};
use lettre::message::{Mailbox, SinglePart};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};
use serde_json::{Value, json};
use std::path::PathBuf;
use std::sync::Arc;

/// How long a worker holds a claimed row before another may try it.
const CLAIM: Duration = Duration::minutes(2);
/// Rows a worker sends per pass.
const BATCH: u64 = 20;

/// What a mail says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MailKind {
    /// A dossier changed: `code`, `status`, `action`, `name`.
    Dossier,
    /// A password reset link: `name`, `token`.
    PasswordReset,
    /// The answer to feedback: `code`, `title`, `answer`.
    FeedbackAnswered,
    /// A webhook paused after failing: `name`, `url`, `failures`.
    WebhookPaused,
}

impl MailKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Dossier => "dossier",
            Self::PasswordReset => "password_reset",
            Self::FeedbackAnswered => "feedback_answered",
            Self::WebhookPaused => "webhook_paused",
        }
    }
}

/// How an outbox row travels.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Channel {
    Mail,
    /// A text message to a phone number (`server/sms.rs`).
    Sms,
}

impl Channel {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Mail => "mail",
            Self::Sms => "sms",
        }
    }
}

/// A mail (or a text message) to enqueue.
pub struct NewMail<'a> {
    pub user_id: Option<i32>,
    pub channel: Channel,
    /// A mail address, or a phone number for [`Channel::Sms`].
    pub to: &'a str,
    pub locale: &'a str,
    pub kind: MailKind,
    pub params: Value,
    /// Enqueuing the same key twice keeps one mail.
    pub dedupe_key: String,
}

/// Adds a mail to the outbox (inside the caller's transaction).
pub async fn enqueue(db: &impl ConnectionTrait, mail: NewMail<'_>, now: DateTime<Utc>) -> Result<(), AppError> {
    let row = outbox_mail::ActiveModel {
        user_id: Set(mail.user_id),
        channel: Set(mail.channel.as_str().to_owned()),
        to_address: Set(mail.to.to_owned()),
        locale: Set(mail.locale.to_owned()),
        kind: Set(mail.kind.as_str().to_owned()),
        params: Set(mail.params.to_string()),
        dedupe_key: Set(mail.dedupe_key),
        created_at: Set(now),
        attempts: Set(0),
        next_attempt_at: Set(now),
        ..Default::default()
    };
    outbox_mail::Entity::insert(row)
        .on_conflict(OnConflict::column(outbox_mail::Column::DedupeKey).do_nothing().to_owned())
        .exec_without_returning(db)
        .await?;
    Ok(())
}

/// Where mails go.
pub enum Transport {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    /// One `.eml` file per mail in this folder.
    Files(PathBuf),
}

/// Sends mails: the transport, the sender, and the site's address for links.
pub struct Mailer {
    pub transport: Transport,
    pub from: String,
    pub public_url: String,
}

impl Mailer {
    /// SMTP at `smtp_url` (`smtp://user:pass@host:587?tls=required`, `smtps://…`), or files in `dir`.
    pub fn new(smtp_url: Option<&str>, dir: PathBuf, from: &str, public_url: &str) -> Result<Self, MailerError> {
        from.parse::<Mailbox>().map_err(|source| MailerError::From { from: from.to_owned(), source })?;
        let transport = match smtp_url {
            Some(url) => Transport::Smtp(AsyncSmtpTransport::<Tokio1Executor>::from_url(url)?.build()),
            None => Transport::Files(dir),
        };
        Ok(Self { transport, from: from.to_owned(), public_url: public_url.trim_end_matches('/').to_owned() })
    }

    async fn send(&self, row: &outbox_mail::Model) -> Result<(), SendError> {
        let (subject, body) = render(row, &self.public_url);
        let message = Message::builder()
            .from(self.from.parse()?)
            .to(row.to_address.parse()?)
            .subject(subject)
            // The same id on a retry, so that a receiving server can drop a duplicate.
            .message_id(Some(format!("<outbox-{}@dvc>", row.id)))
            // Quoted-printable: links stay readable in the raw mail (and the files).
            .singlepart(
                SinglePart::builder()
                    .header(ContentType::TEXT_PLAIN)
                    .header(ContentTransferEncoding::QuotedPrintable)
                    .body(body),
            )?;
        match &self.transport {
            Transport::Smtp(smtp) => smtp.send(message).await.map(|_| ()).map_err(SendError::Smtp),
            Transport::Files(dir) => {
                tokio::fs::create_dir_all(dir).await.map_err(SendError::File)?;
                let path = dir.join(format!("{:08}-{}.eml", row.id, row.kind));
                tokio::fs::write(&path, message.formatted()).await.map_err(SendError::File)
            }
        }
    }
}

/// A mail configuration the portal cannot start with.
#[derive(Debug, thiserror::Error)]
pub enum MailerError {
    #[error("DVC_MAIL_FROM “{from}” is not a mail address: {source}")]
    From { from: String, source: lettre::address::AddressError },
    #[error("DVC_SMTP_URL is not a valid SMTP address: {0}")]
    SmtpUrl(#[from] lettre::transport::smtp::Error),
}

/// Why one mail was not sent (kept on its row, retried later).
#[derive(Debug, thiserror::Error)]
enum SendError {
    #[error("address: {0}")]
    Address(#[from] lettre::address::AddressError),
    #[error("message: {0}")]
    Message(#[from] lettre::error::Error),
    #[error("SMTP: {0}")]
    Smtp(lettre::transport::smtp::Error),
    #[error("outbox file: {0}")]
    File(std::io::Error),
    #[error("{0}")]
    Sms(String),
}

/// What the worker sends through: mails and text messages.
pub struct Senders {
    pub mail: Mailer,
    pub sms: crate::server::sms::SmsSender,
}

impl Senders {
    async fn send(&self, row: &outbox_mail::Model) -> Result<(), SendError> {
        if row.channel == Channel::Sms.as_str() {
            self.sms.send(row).await.map_err(SendError::Sms)
        } else {
            self.mail.send(row).await
        }
    }
}

/// The subject and text of a mail, in its recipient's language.
pub fn render(row: &outbox_mail::Model, public_url: &str) -> (String, String) {
    let t = Locale::parse(&row.locale).unwrap_or_default().messages();
    let params: Value = serde_json::from_str(&row.params).unwrap_or(Value::Null);
    let text = |key: &str| params.get(key).and_then(Value::as_str).unwrap_or_default().to_owned();
    let name = text("name");
    match row.kind.as_str() {
        "password_reset" => {
            let link = format!("{public_url}/account/reset?token={}", text("token"));
            (t.mail_reset_subject.to_owned(), fill(t.mail_reset_body, &[("name", &name), ("link", &link)]))
        }
        "feedback_answered" => {
            let code = text("code");
            let link = format!("{public_url}/feedback");
            (
                fill(t.mail_feedback_subject, &[("code", &code)]),
                fill(
                    t.mail_feedback_body,
                    &[("code", &code), ("title", &text("title")), ("answer", &text("answer")), ("link", &link)],
                ),
            )
        }
        "webhook_paused" => {
            let url = text("url");
            let failures = params.get("failures").and_then(Value::as_i64).unwrap_or_default().to_string();
            let link = format!("{public_url}/dashboard/webhooks");
            (
                t.mail_webhook_paused_subject.to_owned(),
                fill(
                    t.mail_webhook_paused_body,
                    &[("name", &name), ("url", &url), ("failures", &failures), ("link", &link)],
                ),
            )
        }
        _ => {
            let code = text("code");
            let status = DossierStatus::parse(&text("status")).map(|s| s.label(t)).unwrap_or_default();
            let action = Action::parse(&text("action")).map(|a| a.label(t)).unwrap_or(status);
            let link = format!("{public_url}/dossiers/{code}");
            (
                fill(t.mail_dossier_subject, &[("code", &code), ("status", &status)]),
                fill(
                    t.mail_dossier_body,
                    &[("name", &name), ("code", &code), ("status", &status), ("action", &action), ("link", &link)],
                ),
            )
        }
    }
}

/// Wait before attempt `attempts + 1`: 30 s, 1 min, 2 min, … at most an hour.
pub fn backoff(attempts: i32) -> Duration {
    let exponent = u32::try_from(attempts.clamp(1, 8) - 1).unwrap_or(0);
    std::cmp::min(Duration::seconds(30 * 2_i64.pow(exponent)), Duration::hours(1))
}

/// Sends the mails and text messages that are due; answers how many went out.
pub async fn deliver_due(db: &DatabaseConnection, senders: &Senders, now: DateTime<Utc>) -> Result<usize, AppError> {
    let free = || {
        Condition::any().add(outbox_mail::Column::LockedUntil.is_null()).add(outbox_mail::Column::LockedUntil.lt(now))
    };
    let due = outbox_mail::Entity::find()
        .filter(outbox_mail::Column::SentAt.is_null())
        .filter(outbox_mail::Column::NextAttemptAt.lte(now))
        .filter(free())
        .order_by_asc(outbox_mail::Column::Id)
        .limit(BATCH)
        .all(db)
        .await?;
    let mut sent = 0;
    // A pass may take a while (each send waits up to 15 s): each claim runs
    // from the time it is taken, so no row is free again while being sent.
    let started = std::time::Instant::now();
    for row in due {
        let at = now + Duration::from_std(started.elapsed()).unwrap_or_default();
        // Claimed by this worker only if nobody else took it meanwhile.
        let claimed = outbox_mail::Entity::update_many()
            .col_expr(outbox_mail::Column::LockedUntil, Expr::value(at + CLAIM))
            .col_expr(outbox_mail::Column::Attempts, Expr::col(outbox_mail::Column::Attempts).add(1))
            .filter(outbox_mail::Column::Id.eq(row.id))
            .filter(outbox_mail::Column::SentAt.is_null())
            .filter(
                Condition::any()
                    .add(outbox_mail::Column::LockedUntil.is_null())
                    .add(outbox_mail::Column::LockedUntil.lt(at)),
            )
            .exec(db)
            .await?;
        if claimed.rows_affected != 1 {
            continue;
        }
        let attempts = row.attempts + 1;
        let outcome = senders.send(&row).await;
        let mut update = outbox_mail::Entity::update_many()
            .col_expr(outbox_mail::Column::LockedUntil, Expr::value(Option::<DateTime<Utc>>::None))
            .filter(outbox_mail::Column::Id.eq(row.id));
        match outcome {
            Ok(()) => {
                update = update
                    .col_expr(outbox_mail::Column::SentAt, Expr::value(at))
                    .col_expr(outbox_mail::Column::LastError, Expr::value(Option::<String>::None));
                if row.kind == MailKind::PasswordReset.as_str() {
                    // The link was the only copy of the token outside the mail: gone.
                    update = update.col_expr(outbox_mail::Column::Params, Expr::value(json!({}).to_string()));
                }
                sent += 1;
            }
            Err(error) => {
                tracing::warn!(outbox = row.id, channel = %row.channel, attempts, error = %error, "not sent; will retry");
                update = update
                    .col_expr(outbox_mail::Column::NextAttemptAt, Expr::value(at + backoff(attempts)))
                    .col_expr(outbox_mail::Column::LastError, Expr::value(Some(error.to_string())));
            }
        }
        update.exec(db).await?;
    }
    Ok(sent)
}

/// Runs the worker on the current runtime: a pass every second.
pub fn spawn_worker(db: DatabaseConnection, senders: Arc<Senders>, clock: Clock) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(1));
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            if let Err(err) = deliver_due(&db, &senders, clock.now()).await {
                tracing::warn!(error = %err, "mail worker pass failed");
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_back_off_up_to_an_hour() {
        assert_eq!(backoff(1), Duration::seconds(30));
        assert_eq!(backoff(2), Duration::seconds(60));
        assert_eq!(backoff(4), Duration::seconds(240));
        assert_eq!(backoff(20), Duration::hours(1));
    }

    fn row(kind: &str, locale: &str, params: Value) -> outbox_mail::Model {
        outbox_mail::Model::sample("mail", "an@example.vn", kind, locale, params)
    }

    #[test]
    fn mails_are_written_in_the_recipients_language() {
        let params = json!({"name": "Nguyễn Văn An", "code": "000.20.01.H29-261130-0001", "status": "accepted", "action": "accept"});
        let (subject, body) = render(&row("dossier", "vi", params.clone()), "https://dichvucong.example.vn");
        assert!(subject.contains("000.20.01.H29-261130-0001") && subject.contains("Được tiếp nhận"), "{subject}");
        assert!(body.contains("Kính gửi Nguyễn Văn An"), "{body}");
        assert!(body.contains("https://dichvucong.example.vn/dossiers/000.20.01.H29-261130-0001"), "{body}");
        let (subject, _) = render(&row("dossier", "en", params), "https://dichvucong.example.vn");
        assert!(subject.contains("Accepted"), "{subject}");
        let (_, body) = render(&row("password_reset", "vi", json!({"name": "An", "token": "abc"})), "http://x");
        assert!(body.contains("http://x/account/reset?token=abc"), "{body}");
    }
}
