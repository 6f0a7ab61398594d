//! Notifications of dossier events to their applicant (for an organisation's
//! dossier, each of its current members; for one filed on someone's behalf,
//! that person too once VNeID has vouched for them): an in-app notice for
//! every change they did not make themselves, and a mail (and, if they asked,
//! a text message) for the statuses they chose. Both are written in the event's own transaction, so a change is
//! never told twice nor lost.

use crate::domain::access::SessionUser;
use crate::domain::dossier::DossierStatus;
use crate::domain::notification::{Inbox, MailChoice, NotificationView, format_mail_statuses, parse_mail_statuses};
use crate::domain::rules::Rule;
use crate::domain::workflow::Action;
use crate::error::AppError;
use crate::server::entities::{dossier, dossier_event, notification, user};
use crate::server::mail::{self, Channel, MailKind, NewMail};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};
use serde_json::json;

/// Notices shown in the list.
const LIST: u64 = 50;

/// Tells the applicant about `event` (inside its transaction): the person
/// who filed, or for an organisation's dossier each of its current members.
pub async fn on_event(
    txn: &impl ConnectionTrait,
    event: &dossier_event::Model,
    action: Option<Action>,
) -> Result<(), AppError> {
    let Some(dossier) = dossier::Entity::find_by_id(event.dossier_id).one(txn).await? else { return Ok(()) };
    let mut recipients = match dossier.organisation_id {
        Some(organisation) => crate::server::organisations::member_ids(txn, organisation).await?,
        // A paper dossier's applicant is the receiver who took it in: the
        // person it concerns is told instead (below).
        None if crate::domain::catalog::Channel::stored(&dossier.channel)
            != crate::domain::catalog::Channel::Online =>
        {
            vec![]
        }
        None => vec![dossier.applicant_id],
    };
    recipients.extend(crate::server::on_behalf::person_account(txn, &dossier).await?);
    for recipient in recipients.into_iter().filter(|r| event.actor_id != Some(*r)) {
        tell(txn, &dossier, event, action, recipient).await?;
    }
    Ok(())
}

/// One recipient's notice, and their mail and text message if they chose them.
async fn tell(
    txn: &impl ConnectionTrait,
    dossier: &dossier::Model,
    event: &dossier_event::Model,
    action: Option<Action>,
    recipient: i32,
) -> Result<(), AppError> {
    let row = notification::ActiveModel {
        user_id: Set(recipient),
        event_id: Set(event.id),
        code: Set(dossier.code.clone()),
        status: Set(event.to_status),
        action: Set(action),
        created_at: Set(event.at),
        read_at: Set(None),
        ..Default::default()
    };
    notification::Entity::insert(row)
        .on_conflict(
            OnConflict::columns([notification::Column::UserId, notification::Column::EventId]).do_nothing().to_owned(),
        )
        .exec_without_returning(txn)
        .await?;
    let Some(person) = user::Entity::find_by_id(recipient).one(txn).await? else { return Ok(()) };
    if !parse_mail_statuses(&person.mail_statuses).contains(&event.to_status) {
        return Ok(());
    }
    let params = json!({
        "name": person.full_name,
        "code": dossier.code,
        "status": event.to_status.as_str(),
        "action": action.map(Action::as_str),
    });
    let phone = person
        .phone
        .as_deref()
        .filter(|_| person.sms_notifications)
        .and_then(|p| crate::domain::identity::Phone::parse(p).ok());
    let mail = crate::domain::identity::has_mailbox(&person.email).then(|| (Channel::Mail, person.email.clone()));
    let sms = phone.map(|p| (Channel::Sms, p.as_str().to_owned()));
    for (channel, to) in mail.into_iter().chain(sms) {
        let message = NewMail {
            user_id: Some(person.id),
            channel,
            to: &to,
            locale: &person.locale,
            kind: MailKind::Dossier,
            params: params.clone(),
            // One of each per event and person, however often it is written.
            dedupe_key: format!("event:{}:{}:{}", event.id, person.id, channel.as_str()),
        };
        mail::enqueue(txn, message, event.at).await?;
    }
    Ok(())
}

/// The newest notices of `me` and how many are unread.
pub async fn inbox(db: &DatabaseConnection, me: &SessionUser) -> Result<Inbox, AppError> {
    let unread = unread_count(db, me).await?;
    let items = notification::Entity::find()
        .filter(notification::Column::UserId.eq(me.id))
        .order_by_desc(notification::Column::Id)
        .limit(LIST)
        .all(db)
        .await?
        .into_iter()
        .map(|n| NotificationView {
            id: n.id,
            status: n.status,
            action: n.action,
            code: n.code,
            at: n.created_at,
            read: n.read_at.is_some(),
        })
        .collect();
    Ok(Inbox { unread, items })
}

pub async fn unread_count(db: &DatabaseConnection, me: &SessionUser) -> Result<u64, AppError> {
    Ok(notification::Entity::find()
        .filter(notification::Column::UserId.eq(me.id))
        .filter(notification::Column::ReadAt.is_null())
        .count(db)
        .await?)
}

/// Marks one notice (or, with `None`, all) of `me` as read.
pub async fn mark_read(
    db: &DatabaseConnection,
    me: &SessionUser,
    id: Option<i64>,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let mut update = notification::Entity::update_many()
        .col_expr(notification::Column::ReadAt, Expr::value(now))
        .filter(notification::Column::UserId.eq(me.id))
        .filter(notification::Column::ReadAt.is_null());
    if let Some(id) = id {
        update = update.filter(notification::Column::Id.eq(id));
    }
    update.exec(db).await?;
    Ok(())
}

/// The statuses that reach `me` outside the portal, and whether by SMS too.
pub async fn delivery(db: &DatabaseConnection, me: &SessionUser) -> Result<MailChoice, AppError> {
    let account = user::Entity::find_by_id(me.id).one(db).await?.ok_or(AppError::NotFound)?;
    Ok(delivery_of(&account))
}

fn delivery_of(account: &user::Model) -> MailChoice {
    MailChoice {
        statuses: parse_mail_statuses(&account.mail_statuses),
        sms: account.sms_notifications && account.phone.is_some(),
        phone: account.phone.clone(),
    }
}

/// Chooses the statuses that reach `me` (names that are not mailable are
/// ignored) and whether by SMS too, which needs a phone number on the account.
pub async fn save_delivery(
    db: &DatabaseConnection,
    me: &SessionUser,
    names: &[String],
    sms: bool,
    now: DateTime<Utc>,
) -> Result<MailChoice, AppError> {
    let account = user::Entity::find_by_id(me.id).one(db).await?.ok_or(AppError::NotFound)?;
    if sms && account.phone.is_none() {
        return Err(AppError::field("sms", Rule::PhoneForSms));
    }
    let chosen: Vec<DossierStatus> = names.iter().filter_map(|n| DossierStatus::parse(n)).collect();
    let saved = user::ActiveModel {
        id: Set(me.id),
        mail_statuses: Set(format_mail_statuses(&chosen)),
        sms_notifications: Set(sms),
        updated_at: Set(now),
        ..Default::default()
    }
    .update(db)
    .await?;
    Ok(delivery_of(&saved))
}
