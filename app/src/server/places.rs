//! The 2025 administrative units: provinces and their wards.

use crate::server::entities::{province, ward};
use sea_orm::{ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QueryOrder};

/// (code, name) of every province, by name.
pub async fn provinces(db: &DatabaseConnection) -> Result<Vec<(i32, String)>, DbErr> {
    let rows = province::Entity::find().order_by_asc(province::Column::Code).all(db).await?;
    Ok(rows.into_iter().map(|p| (p.code, p.name)).collect())
}

/// (code, name) of the wards of `province_code`, by name.
pub async fn wards(db: &DatabaseConnection, province_code: i32) -> Result<Vec<(i32, String)>, DbErr> {
    let rows = ward::Entity::find()
        .filter(ward::Column::ProvinceCode.eq(province_code))
        .order_by_asc(ward::Column::Name)
        .all(db)
        .await?;
    Ok(rows.into_iter().map(|w| (w.code, w.name)).collect())
}
