//! Demo accounts (`DVC_DEMO=1` only): one citizen and, for two agencies, one
//! official per role, plus a system administrator. Listed in the README;
//! production never has them.

use crate::domain::access::Role;
use crate::domain::account::ValidRegistration;
use crate::domain::identity::{CitizenId, Email, Phone};
use crate::error::AppError;
use crate::server::entities::agency;
use chrono::{NaiveDate, Utc};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, TransactionTrait};

/// The password of every demo account.
pub const DEMO_PASSWORD: &str = "demo-dvc-2025";

/// The demo citizen's ID number and e-mail.
pub const DEMO_CITIZEN_ID: &str = "079090001234";
pub const DEMO_CITIZEN_EMAIL: &str = "congdan@demo.dvc.vn";

/// (agency code, e-mail prefix) of the two demo agencies.
pub const DEMO_AGENCIES: [(&str, &str); 2] = [("000.20.01.H29", "benthanh"), ("000.00.31.H29", "tuphap")];

const OFFICIALS: [(Role, &str, &str); 4] = [
    (Role::Receiver, "tiepnhan", "Lê Thị Thu"),
    (Role::Processor, "xuly", "Phạm Văn Minh"),
    (Role::Approver, "pheduyet", "Nguyễn Thị Hòa"),
    (Role::AgencyAdmin, "quantri", "Võ Quốc Bảo"),
];

/// Creates the demo accounts that do not exist yet.
pub async fn seed(db: &DatabaseConnection) -> Result<usize, AppError> {
    let now = Utc::now();
    let txn = db.begin().await?;
    let mut created = 0;
    if super::find_by_email(&txn, DEMO_CITIZEN_EMAIL).await?.is_none() {
        let citizen = ValidRegistration {
            full_name: "Trần Văn Dân".to_owned(),
            citizen_id: CitizenId::parse(DEMO_CITIZEN_ID)
                .map_err(|rule| AppError::internal(format_args!("demo account: {rule:?}")))?,
            birth_date: NaiveDate::from_ymd_opt(1990, 5, 17).ok_or_else(|| AppError::internal("demo birth date"))?,
            phone: Phone::parse("0912345678")
                .map_err(|rule| AppError::internal(format_args!("demo account: {rule:?}")))?,
            email: Email::parse(DEMO_CITIZEN_EMAIL)
                .map_err(|rule| AppError::internal(format_args!("demo account: {rule:?}")))?,
            password: DEMO_PASSWORD.to_owned(),
        };
        let password_hash = crate::server::auth::passwords::hash_password(&citizen.password).await?;
        super::insert_citizen(&txn, &citizen, password_hash, now).await?;
        created += 1;
    }
    for (code, prefix) in DEMO_AGENCIES {
        let Some(agency) = agency::Entity::find().filter(agency::Column::Code.eq(code)).one(&txn).await? else {
            tracing::warn!(code, "demo agency missing from the catalog");
            continue;
        };
        for (role, role_prefix, name) in OFFICIALS {
            let email = format!("{role_prefix}.{prefix}@demo.dvc.vn");
            if super::find_by_email(&txn, &email).await?.is_none() {
                super::officials::insert_official(
                    &txn,
                    name,
                    &email,
                    Some(agency.id),
                    &[role],
                    DEMO_PASSWORD,
                    false,
                    now,
                )
                .await?;
                created += 1;
            }
        }
    }
    if super::find_by_email(&txn, "quantri@demo.dvc.vn").await?.is_none() {
        super::officials::insert_official(
            &txn,
            "Đỗ Thanh Sơn",
            "quantri@demo.dvc.vn",
            None,
            &[Role::SystemAdmin],
            DEMO_PASSWORD,
            false,
            now,
        )
        .await?;
        created += 1;
    }
    txn.commit().await?;
    Ok(created)
}
