//! Notifications of dossier events to their applicant: an in-app notice for
//! every change they did not make themselves, and a mail for the statuses they
//! chose. Both are written in the event's own transaction, so a change is
//! never told twice nor lost.

use crate::domain::access::SessionUser;
use crate::domain::dossier::DossierStatus;
use crate::domain::notification::{Inbox, NotificationView, format_mail_statuses, parse_mail_statuses};
use crate::domain::workflow::Action;
use crate::error::AppError;
use crate::server::entities::{dossier, dossier_event, notification, user};
use crate::server::mail::{self, MailKind, NewMail};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};
use serde_json::json;

/// Notices shown in the list.
const LIST: u64 = 50;

/// Tells the applicant about `event` (inside its transaction).
pub async fn on_event(
    txn: &impl ConnectionTrait,
    event: &dossier_event::Model,
    action: Option<Action>,
) -> Result<(), AppError> {
    let Some(dossier) = dossier::Entity::find_by_id(event.dossier_id).one(txn).await? else { return Ok(()) };
    if event.actor_id == Some(dossier.applicant_id) {
        return Ok(());
    }
    let row = notification::ActiveModel {
        user_id: Set(dossier.applicant_id),
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
    let Some(applicant) = user::Entity::find_by_id(dossier.applicant_id).one(txn).await? else { return Ok(()) };
    let wanted = parse_mail_statuses(&applicant.mail_statuses).contains(&event.to_status);
    if wanted && crate::domain::identity::has_mailbox(&applicant.email) {
        let mail = NewMail {
            user_id: Some(applicant.id),
            to: &applicant.email,
            locale: &applicant.locale,
            kind: MailKind::Dossier,
            params: json!({
                "name": applicant.full_name,
                "code": dossier.code,
                "status": event.to_status.as_str(),
                "action": action.map(Action::as_str),
            }),
            dedupe_key: format!("event:{}", event.id),
        };
        mail::enqueue(txn, mail, event.at).await?;
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

/// The statuses that mail `me`.
pub async fn mail_statuses(db: &DatabaseConnection, me: &SessionUser) -> Result<Vec<DossierStatus>, AppError> {
    let account = user::Entity::find_by_id(me.id).one(db).await?.ok_or(AppError::NotFound)?;
    Ok(parse_mail_statuses(&account.mail_statuses))
}

/// Chooses the statuses that mail `me` (names that are not mailable are ignored).
pub async fn save_mail_statuses(
    db: &DatabaseConnection,
    me: &SessionUser,
    names: &[String],
    now: DateTime<Utc>,
) -> Result<Vec<DossierStatus>, AppError> {
    let chosen: Vec<DossierStatus> = names.iter().filter_map(|n| DossierStatus::parse(n)).collect();
    let stored = format_mail_statuses(&chosen);
    user::ActiveModel {
        id: Set(me.id),
        mail_statuses: Set(stored.clone()),
        updated_at: Set(now),
        ..Default::default()
    }
    .update(db)
    .await?;
    Ok(parse_mail_statuses(&stored))
}
