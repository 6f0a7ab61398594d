//! The dossier's lifecycle, in one place: submitting (`submit`), every
//! action of the one-stop workflow by officials and citizens (`act`), the
//! code sequence (`codes`) and the events appended to the timeline. The
//! transition table itself is `domain::workflow`; payments confirm through
//! the same steps (`act::Step`). Reading dossiers is `server::dossiers`, the
//! officials' queues and statistics `server::dashboard`.

pub mod act;
pub mod codes;
pub mod submit;

use crate::domain::access::{AccountKind, SessionUser};
use crate::domain::calendar::Deadline;
use crate::domain::dossier::DossierStatus;
use crate::domain::workflow::Action;
use crate::domain::workflow::Standing;
use crate::error::AppError;
use crate::server::entities::{dossier, dossier_event};
use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ConnectionTrait, Set};
use serde_json::Value;

/// The dossier `code` and what the caller may do to it: its applicant (every
/// current member of an organisation that applied), or an
/// official of the agency holding it. Officials of the agency that received
/// it and handed it on may read it and do nothing. Anyone else finds no such
/// dossier.
pub async fn find_for(
    db: &impl ConnectionTrait,
    me: &SessionUser,
    code: &str,
) -> Result<(dossier::Model, Standing), AppError> {
    let row = dossier::find_by_code(db, code).await?.ok_or(AppError::NotFound)?;
    let standing = match me.kind {
        AccountKind::Citizen if crate::server::organisations::speaks_for(db, me, &row).await? => {
            Standing { is_applicant: true, ..Standing::default() }
        }
        AccountKind::Official if me.agency.as_ref().is_some_and(|a| a.id == row.agency_id) => {
            Standing { roles: me.roles.clone(), is_assignee: row.assignee_id == Some(me.id), is_applicant: false }
        }
        AccountKind::Official if me.agency.as_ref().is_some_and(|a| row.concerns(a.id)) => Standing::default(),
        _ => return Err(AppError::NotFound),
    };
    Ok((row, standing))
}

/// The dossier's processing clock, once accepted.
pub fn deadline_of(row: &dossier::Model) -> Option<Deadline> {
    Some(Deadline {
        accepted_on: row.accepted_on?,
        processing_days: u32::try_from(row.processing_days).unwrap_or_default(),
        paused_days: u32::try_from(row.paused_days).unwrap_or_default(),
        due: row.due_on?,
        paused_since: row.paused_since,
    })
}

/// An event to append to a dossier's timeline.
pub struct NewEvent<'a> {
    pub dossier_id: i32,
    pub actor: Option<&'a SessionUser>,
    /// The role (or `citizen`) the actor acted as.
    pub role: Option<&'static str>,
    pub from: Option<DossierStatus>,
    pub to: DossierStatus,
    pub action: Option<Action>,
    pub note: Option<String>,
    /// The action's details (due date, legal basis, items, …).
    pub payload: Option<Value>,
    pub at: DateTime<Utc>,
}

impl NewEvent<'_> {
    pub async fn record(self, txn: &impl ConnectionTrait) -> Result<(), AppError> {
        let mut payload = self.payload.unwrap_or_else(|| Value::Object(Default::default()));
        if let (Some(action), Some(map)) = (self.action, payload.as_object_mut()) {
            map.insert("action".into(), Value::String(action.as_str().to_owned()));
        }
        let event = dossier_event::ActiveModel {
            dossier_id: Set(self.dossier_id),
            at: Set(self.at),
            actor_id: Set(self.actor.map(|a| a.id)),
            actor_role: Set(self.role.map(str::to_owned)),
            from_status: Set(self.from),
            to_status: Set(self.to),
            note: Set(self.note),
            payload: Set(Some(payload.to_string())),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        crate::server::national::queue(txn, &event).await?;
        crate::server::webhooks::queue(txn, &event).await?;
        crate::server::notifications::on_event(txn, &event, self.action).await
    }
}
