//! The audit log: who did what, when, from where. Append-only; identifiers of
//! people are masked before they are written.

use crate::domain::identity::mask_id;
use crate::server::entities::audit_entry;
use chrono::Utc;
use sea_orm::{ActiveModelTrait, ConnectionTrait, DbErr, NotSet, Set};

/// One auditable event.
pub struct AuditEvent<'a> {
    pub actor_id: Option<i32>,
    /// A name, or what the person typed to identify themselves (masked here).
    pub actor: &'a str,
    pub action: &'static str,
    pub subject: Option<String>,
    pub outcome: &'static str,
    pub ip: Option<&'a str>,
    pub detail: Option<String>,
}

impl<'a> AuditEvent<'a> {
    /// A change `me` made successfully to `subject`.
    pub fn change_by(
        me: &'a crate::domain::access::SessionUser,
        action: &'static str,
        subject: String,
        detail: Option<String>,
    ) -> Self {
        Self {
            actor_id: Some(me.id),
            actor: &me.full_name,
            action,
            subject: Some(subject),
            outcome: "success",
            ip: None,
            detail,
        }
    }
}

/// Masks what looks like an ID number or a phone number; keeps names and e-mails.
pub fn mask_identifier(value: &str) -> String {
    if value.chars().filter(char::is_ascii_digit).count() >= 9 { mask_id(value.trim()) } else { value.to_owned() }
}

/// The longest actor kept (an e-mail address has at most 254 characters):
/// whatever a failed sign-in typed is bounded in the log and the table.
const MAX_ACTOR_CHARS: usize = 254;

pub async fn record(db: &impl ConnectionTrait, event: AuditEvent<'_>) -> Result<(), DbErr> {
    // No control characters: a crafted identifier cannot forge log lines.
    let actor: String =
        mask_identifier(event.actor).chars().filter(|c| !c.is_control()).take(MAX_ACTOR_CHARS).collect();
    tracing::info!(
        target: "audit",
        actor = %actor,
        action = event.action,
        outcome = event.outcome,
        subject = event.subject.as_deref().unwrap_or("-"),
        "audit"
    );
    audit_entry::ActiveModel {
        id: NotSet,
        at: Set(Utc::now()),
        actor_id: Set(event.actor_id),
        actor: Set(actor),
        action: Set(event.action.to_owned()),
        subject: Set(event.subject),
        outcome: Set(event.outcome.to_owned()),
        ip: Set(event.ip.map(str::to_owned)),
        detail: Set(event.detail),
    }
    .insert(db)
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::mask_identifier;

    #[test]
    fn id_numbers_and_phones_are_masked() {
        assert_eq!(mask_identifier("001090012345"), "001*******45");
        assert_eq!(mask_identifier("0912345678"), "091*****78");
        assert_eq!(mask_identifier("an@example.vn"), "an@example.vn");
    }
}
