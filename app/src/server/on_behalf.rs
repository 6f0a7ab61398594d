//! Dossiers filed on behalf of another person (nộp thay): the person a
//! dossier concerns reads it (the list, the page, its files, its live status)
//! once signed in with a verified identity (VNeID) carrying the same personal
//! ID number; a number merely typed at registration proves nothing. Acting on
//! the dossier stays with whoever speaks for it (`organisations::speaks_for`).

use crate::domain::access::{AccountKind, SessionUser};
use crate::domain::applicant::PersonConcernedView;
use crate::error::AppError;
use crate::server::entities::{dossier, existing, user};
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter};

/// What a citizen reads beyond their own dossiers, read once (by the live
/// stream when it opens): their organisations and their verified ID number.
#[derive(Clone, Debug, Default)]
pub struct Reach {
    pub organisations: Vec<i32>,
    pub citizen_id: Option<String>,
}

/// The caller's personal ID number when an identity provider proved it.
pub async fn verified_citizen_id(db: &impl ConnectionTrait, me: &SessionUser) -> Result<Option<String>, AppError> {
    if me.kind != AccountKind::Citizen {
        return Ok(None);
    }
    Ok(user::Entity::find_by_id(me.id)
        .one(db)
        .await?
        .filter(|account| account.identity_verified_at.is_some())
        .and_then(|account| account.citizen_id))
}

/// What `me` reads beyond their own dossiers.
pub async fn reach(db: &sea_orm::DatabaseConnection, me: &SessionUser) -> Result<Reach, AppError> {
    Ok(Reach {
        organisations: crate::server::organisations::member_of(db, me).await?,
        citizen_id: verified_citizen_id(db, me).await?,
    })
}

/// Whether `row` concerns `me`: filed for them by someone else.
pub async fn concerns(db: &impl ConnectionTrait, me: &SessionUser, row: &dossier::Model) -> Result<bool, AppError> {
    let Some(subject) = row.subject_citizen_id.as_deref() else { return Ok(false) };
    Ok(verified_citizen_id(db, me).await?.as_deref() == Some(subject))
}

/// Whether `me` reads `row`: speaks for it, or it concerns them.
pub async fn reads(db: &impl ConnectionTrait, me: &SessionUser, row: &dossier::Model) -> Result<bool, AppError> {
    Ok(crate::server::organisations::speaks_for(db, me, row).await? || concerns(db, me, row).await?)
}

/// The same rule as [`reads`], as a condition on `dossiers` for lists.
pub fn readable_by(me: &SessionUser) -> Condition {
    let mut any = Condition::any().add(crate::server::organisations::dossiers_of(me));
    if me.kind == AccountKind::Citizen {
        any = any.add(dossier::Column::SubjectCitizenId.in_subquery(verified_id_of(me)));
    }
    any
}

/// The caller's ID number when VNeID proved it, as a subquery (none for an
/// official, or a number merely typed).
pub fn verified_id_of(me: &SessionUser) -> sea_orm::sea_query::SelectStatement {
    Query::select()
        .column(user::Column::CitizenId)
        .from(user::Entity)
        .and_where(Expr::col(user::Column::Id).eq(me.id))
        .and_where(Expr::col(user::Column::Kind).eq(AccountKind::Citizen.as_str()))
        .and_where(Expr::col(user::Column::IdentityVerifiedAt).is_not_null())
        .to_owned()
}

/// The account of the person `row` was filed for, once VNeID has vouched
/// for their ID number (told of its events like its applicant).
pub async fn person_account(db: &impl ConnectionTrait, row: &dossier::Model) -> Result<Option<i32>, AppError> {
    let Some(subject) = row.subject_citizen_id.as_deref() else { return Ok(None) };
    Ok(user::Entity::find()
        .filter(user::Column::CitizenId.eq(subject))
        .filter(user::Column::Kind.eq(AccountKind::Citizen.as_str()))
        .filter(user::Column::IdentityVerifiedAt.is_not_null())
        .one(db)
        .await?
        .map(|account| account.id))
}

/// The person `row` was filed for, if any, with who filed it.
pub async fn named_on(
    db: &impl ConnectionTrait,
    row: &dossier::Model,
) -> Result<Option<PersonConcernedView>, AppError> {
    let (Some(full_name), Some(citizen_id)) = (&row.subject_name, &row.subject_citizen_id) else { return Ok(None) };
    let acted_by = existing::<user::Entity>(db, row.applicant_id).await?.full_name;
    Ok(Some(PersonConcernedView {
        full_name: full_name.clone(),
        citizen_id: citizen_id.clone(),
        acted_by,
        channel: crate::domain::catalog::Channel::stored(&row.channel),
        reader_is_person: false,
    }))
}
