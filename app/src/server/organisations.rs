//! Organisations: opened (and kept up to date) by the legal representative's
//! VNeID business identity; the representative adds and removes members;
//! every current member acts for it and reads its dossiers, and nobody else —
//! a removed member no longer reads even the dossiers they filed for it.

use crate::domain::access::{AccountKind, SessionUser};
use crate::domain::applicant::ApplicantChoice;
use crate::domain::identity::CitizenId;
use crate::domain::organisation::{MemberRole, MemberView, OrganisationRef, OrganisationView};
use crate::domain::rules::Rule;
use crate::error::AppError;
use crate::server::auth::audit::{self, AuditEvent};
use crate::server::auth::rate_limit::{self, Limit};
use crate::server::auth::session::Client;
use crate::server::entities::{dossier, organisation, organisation_member, user};
use crate::server::vneid::VerifiedOrganisation;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict, Query};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, Set,
};
use std::collections::HashMap;

/// Opens the organisation, or brings its name, address and representative
/// up to date, with `representative` as its representative (a previous
/// representative stays a member until removed). Inside the sign-in's transaction.
pub async fn open_for_representative(
    txn: &impl ConnectionTrait,
    found: &VerifiedOrganisation,
    representative: &user::Model,
    now: DateTime<Utc>,
) -> Result<organisation::Model, AppError> {
    let existing =
        organisation::Entity::find().filter(organisation::Column::TaxCode.eq(found.tax_code.as_str())).one(txn).await?;
    let row = match existing {
        Some(row) => {
            if row.representative_id != representative.id {
                set_role(txn, row.id, row.representative_id, MemberRole::Member).await?;
            }
            organisation::ActiveModel {
                id: Set(row.id),
                name: Set(found.name.clone()),
                address: Set(found.address.clone()),
                representative_id: Set(representative.id),
                verified_at: Set(now),
                ..Default::default()
            }
            .update(txn)
            .await?
        }
        None => {
            organisation::ActiveModel {
                tax_code: Set(found.tax_code.as_str().to_owned()),
                name: Set(found.name.clone()),
                address: Set(found.address.clone()),
                representative_id: Set(representative.id),
                verified_at: Set(now),
                created_at: Set(now),
                ..Default::default()
            }
            .insert(txn)
            .await?
        }
    };
    organisation_member::Entity::insert(organisation_member::ActiveModel {
        organisation_id: Set(row.id),
        user_id: Set(representative.id),
        role: Set(MemberRole::Representative.as_str().to_owned()),
        added_by: Set(None),
        added_at: Set(now),
    })
    .on_conflict(
        OnConflict::columns([organisation_member::Column::OrganisationId, organisation_member::Column::UserId])
            .update_column(organisation_member::Column::Role)
            .to_owned(),
    )
    .exec_without_returning(txn)
    .await?;
    Ok(row)
}

async fn set_role(txn: &impl ConnectionTrait, organisation: i32, user: i32, role: MemberRole) -> Result<(), AppError> {
    organisation_member::Entity::update_many()
        .col_expr(organisation_member::Column::Role, Expr::value(role.as_str()))
        .filter(organisation_member::Column::OrganisationId.eq(organisation))
        .filter(organisation_member::Column::UserId.eq(user))
        .exec(txn)
        .await?;
    Ok(())
}

/// `me`'s role in `organisation`, if they belong to it now.
pub async fn role_of(
    db: &impl ConnectionTrait,
    me: &SessionUser,
    organisation: i32,
) -> Result<Option<MemberRole>, AppError> {
    if me.kind != AccountKind::Citizen {
        return Ok(None);
    }
    Ok(organisation_member::Entity::find_by_id((organisation, me.id))
        .one(db)
        .await?
        .and_then(|row| MemberRole::parse(&row.role)))
}

/// Whether `me` reads (and acts on, as its applicant) the dossier `row`: an
/// organisation's dossier by its current members, any other by the person
/// who filed it.
pub async fn speaks_for(db: &impl ConnectionTrait, me: &SessionUser, row: &dossier::Model) -> Result<bool, AppError> {
    if me.kind != AccountKind::Citizen {
        return Ok(false);
    }
    match row.organisation_id {
        Some(organisation) => Ok(role_of(db, me, organisation).await?.is_some()),
        None => Ok(row.applicant_id == me.id),
    }
}

/// The same rule as [`speaks_for`], as a condition on `dossiers` for lists.
pub fn dossiers_of(me: &SessionUser) -> Condition {
    let mine = Query::select()
        .column(organisation_member::Column::OrganisationId)
        .from(organisation_member::Entity)
        .and_where(Expr::col(organisation_member::Column::UserId).eq(me.id))
        .to_owned();
    Condition::any()
        .add(
            Condition::all().add(dossier::Column::OrganisationId.is_null()).add(dossier::Column::ApplicantId.eq(me.id)),
        )
        .add(dossier::Column::OrganisationId.in_subquery(mine))
}

/// The members of `organisation` now (the representative among them).
pub async fn member_ids(db: &impl ConnectionTrait, organisation: i32) -> Result<Vec<i32>, AppError> {
    Ok(organisation_member::Entity::find()
        .filter(organisation_member::Column::OrganisationId.eq(organisation))
        .all(db)
        .await?
        .into_iter()
        .map(|row| row.user_id)
        .collect())
}

/// Members a representative may try to add in an hour.
const ADD_LIMIT: Limit = Limit { max: 30, window_secs: 3600 };

/// The ids of the organisations `me` belongs to now.
pub async fn member_of(db: &DatabaseConnection, me: &SessionUser) -> Result<Vec<i32>, AppError> {
    if me.kind != AccountKind::Citizen {
        return Ok(Vec::new());
    }
    Ok(organisation_member::Entity::find()
        .filter(organisation_member::Column::UserId.eq(me.id))
        .all(db)
        .await?
        .into_iter()
        .map(|row| row.organisation_id)
        .collect())
}

/// The organisations `me` may apply for.
pub async fn choices(db: &DatabaseConnection, me: &SessionUser) -> Result<Vec<ApplicantChoice>, AppError> {
    Ok(memberships(db, me)
        .await?
        .into_iter()
        .map(|(org, _)| ApplicantChoice { id: org.id, tax_code: org.tax_code, name: org.name })
        .collect())
}

async fn memberships(
    db: &DatabaseConnection,
    me: &SessionUser,
) -> Result<Vec<(organisation::Model, MemberRole)>, AppError> {
    if me.kind != AccountKind::Citizen {
        return Ok(Vec::new());
    }
    let rows =
        organisation_member::Entity::find().filter(organisation_member::Column::UserId.eq(me.id)).all(db).await?;
    let roles: HashMap<i32, MemberRole> =
        rows.iter().filter_map(|r| Some((r.organisation_id, MemberRole::parse(&r.role)?))).collect();
    let organisations = organisation::Entity::find()
        .filter(organisation::Column::Id.is_in(roles.keys().copied()))
        .order_by_asc(organisation::Column::Name)
        .all(db)
        .await?;
    Ok(organisations.into_iter().filter_map(|org| roles.get(&org.id).copied().map(|role| (org, role))).collect())
}

/// The organisations `me` belongs to; each one's members for its representative.
pub async fn mine(db: &DatabaseConnection, me: &SessionUser) -> Result<Vec<OrganisationView>, AppError> {
    let mut views = Vec::new();
    for (org, my_role) in memberships(db, me).await? {
        let members = if my_role == MemberRole::Representative { members(db, org.id).await? } else { Vec::new() };
        views.push(OrganisationView {
            id: org.id,
            tax_code: org.tax_code,
            name: org.name,
            address: org.address,
            verified_at: org.verified_at,
            my_role,
            members,
        });
    }
    Ok(views)
}

async fn members(db: &DatabaseConnection, organisation: i32) -> Result<Vec<MemberView>, AppError> {
    let rows = organisation_member::Entity::find()
        .filter(organisation_member::Column::OrganisationId.eq(organisation))
        .order_by_asc(organisation_member::Column::AddedAt)
        .all(db)
        .await?;
    let people: HashMap<i32, user::Model> = user::Entity::find()
        .filter(user::Column::Id.is_in(rows.iter().map(|r| r.user_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u))
        .collect();
    Ok(rows
        .into_iter()
        .filter_map(|row| {
            let person = people.get(&row.user_id)?;
            Some(MemberView {
                user_id: row.user_id,
                full_name: person.full_name.clone(),
                citizen_id_masked: crate::domain::identity::mask_id(person.citizen_id.as_deref().unwrap_or_default()),
                role: MemberRole::parse(&row.role)?,
                added_at: row.added_at,
            })
        })
        .collect())
}

/// The representative of `organisation` is `me`, or the organisation does not exist for them.
async fn represented(
    db: &DatabaseConnection,
    me: &SessionUser,
    organisation: i32,
) -> Result<organisation::Model, AppError> {
    if role_of(db, me, organisation).await? != Some(MemberRole::Representative) {
        return Err(AppError::NotFound);
    }
    organisation::Entity::find_by_id(organisation).one(db).await?.ok_or(AppError::NotFound)
}

/// The representative adds the citizen with personal ID number `citizen_id`
/// (who must have signed in to the portal with VNeID once) as a member.
pub async fn add_member(
    db: &DatabaseConnection,
    me: &SessionUser,
    organisation: i32,
    citizen_id: &str,
    client: &Client,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let org = represented(db, me, organisation).await?;
    // Each try says whether a verified person has this ID number: a
    // representative gets a working day's worth, not a directory.
    if let Some(retry_after_secs) = rate_limit::hit(db, &format!("organisation_add:{}", me.id), ADD_LIMIT, now).await? {
        return Err(AppError::RateLimited { retry_after_secs });
    }
    let invalid = |rule| AppError::field("citizen_id", rule);
    let id = CitizenId::parse(citizen_id).map_err(invalid)?;
    let person = user::Entity::find()
        .filter(user::Column::CitizenId.eq(id.as_str()))
        .filter(user::Column::Kind.eq(AccountKind::Citizen.as_str()))
        .filter(user::Column::DisabledAt.is_null())
        // Only an account whose ID number VNeID vouched for: a password
        // account could have typed somebody else's.
        .filter(user::Column::IdentityVerifiedAt.is_not_null())
        .one(db)
        .await?
        .ok_or_else(|| invalid(Rule::NoSuchCitizen))?;
    let added = organisation_member::Entity::insert(organisation_member::ActiveModel {
        organisation_id: Set(org.id),
        user_id: Set(person.id),
        role: Set(MemberRole::Member.as_str().to_owned()),
        added_by: Set(Some(me.id)),
        added_at: Set(now),
    })
    .on_conflict(
        OnConflict::columns([organisation_member::Column::OrganisationId, organisation_member::Column::UserId])
            .do_nothing()
            .to_owned(),
    )
    .exec_without_returning(db)
    .await?;
    if added == 1 {
        record(db, me, "organisation.add_member", &org, &person, client).await?;
    }
    Ok(())
}

/// The representative removes a member (never themselves: VNeID says who
/// represents the organisation). The member at once stops reading its dossiers.
pub async fn remove_member(
    db: &DatabaseConnection,
    me: &SessionUser,
    organisation: i32,
    member: i32,
    client: &Client,
) -> Result<(), AppError> {
    let org = represented(db, me, organisation).await?;
    if member == org.representative_id {
        return Err(AppError::Forbidden);
    }
    let removed = organisation_member::Entity::delete_many()
        .filter(organisation_member::Column::OrganisationId.eq(org.id))
        .filter(organisation_member::Column::UserId.eq(member))
        .exec(db)
        .await?;
    if removed.rows_affected == 1
        && let Some(person) = user::Entity::find_by_id(member).one(db).await?
    {
        record(db, me, "organisation.remove_member", &org, &person, client).await?;
    }
    Ok(())
}

async fn record(
    db: &DatabaseConnection,
    me: &SessionUser,
    action: &'static str,
    org: &organisation::Model,
    person: &user::Model,
    client: &Client,
) -> Result<(), AppError> {
    let detail = format!("user:{} tax_code={}", person.id, org.tax_code);
    let event = AuditEvent {
        actor_id: Some(me.id),
        actor: &me.full_name,
        action,
        subject: Some(format!("organisation:{}", org.id)),
        outcome: "success",
        ip: client.ip.as_deref(),
        detail: Some(detail),
    };
    Ok(audit::record(db, event).await?)
}

/// The organisation named on a dossier.
pub async fn named_on(db: &impl ConnectionTrait, row: &dossier::Model) -> Result<Option<OrganisationRef>, AppError> {
    let Some(id) = row.organisation_id else { return Ok(None) };
    Ok(organisation::Entity::find_by_id(id)
        .one(db)
        .await?
        .map(|org| OrganisationRef { tax_code: org.tax_code, name: org.name }))
}
