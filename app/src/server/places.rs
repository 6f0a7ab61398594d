//! The 2025 administrative units: provinces and their wards.

use crate::server::entities::{province, ward};
use sea_orm::{ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QueryOrder};
use serde_json::Value;

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

/// The wards of every province chosen in `answers`, for their ward lists.
pub async fn wards_chosen(
    db: &DatabaseConnection,
    answers: &Value,
) -> Result<Vec<crate::domain::application::WardsOf>, DbErr> {
    let mut out = Vec::new();
    for province in chosen_provinces(answers) {
        out.push((province, wards(db, province).await?));
    }
    Ok(out)
}

/// Province codes chosen anywhere in the answers (addresses, delivery).
fn chosen_provinces(answers: &Value) -> Vec<i32> {
    let mut found = Vec::new();
    fn walk(value: &Value, found: &mut Vec<i32>) {
        match value {
            Value::Object(map) => {
                if let Some(code) = map.get("province_code").and_then(|c| match c {
                    Value::Number(n) => n.as_i64(),
                    Value::String(s) => s.trim().parse().ok(),
                    _ => None,
                }) && let Ok(code) = i32::try_from(code)
                    && !found.contains(&code)
                {
                    found.push(code);
                }
                map.values().for_each(|v| walk(v, found));
            }
            Value::Array(items) => items.iter().for_each(|v| walk(v, found)),
            _ => {}
        }
    }
    walk(answers, &mut found);
    found
}
