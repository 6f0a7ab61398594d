//! Reference data: the 2025 administrative units and the public holidays.

use super::SeedError;
use crate::server::entities::{holiday, province, ward};
use sea_orm::sea_query::OnConflict;
use sea_orm::*;
use serde::Deserialize;

#[derive(Deserialize)]
pub(super) struct ProvinceSeed {
    pub(super) code: i32,
    pub(super) name: String,
    #[serde(rename = "type")]
    pub(super) kind: String,
    pub(super) wards: Vec<WardSeed>,
}

#[derive(Deserialize)]
pub(super) struct WardSeed {
    pub(super) code: i32,
    pub(super) name: String,
    #[serde(rename = "type")]
    pub(super) kind: String,
}

#[derive(Deserialize)]
pub(super) struct HolidaySeed {
    pub(super) date: chrono::NaiveDate,
    pub(super) name_vi: String,
    pub(super) name_en: String,
}

pub(super) async fn upsert_units(txn: &DatabaseTransaction, units: &[ProvinceSeed]) -> Result<usize, SeedError> {
    let provinces = units.iter().map(|p| province::ActiveModel {
        code: Set(p.code),
        name: Set(p.name.clone()),
        kind: Set(p.kind.clone()),
    });
    province::Entity::insert_many(provinces)
        .on_conflict(
            OnConflict::column(province::Column::Code)
                .update_columns([province::Column::Name, province::Column::Kind])
                .to_owned(),
        )
        .exec(txn)
        .await?;
    let wards: Vec<ward::ActiveModel> = units
        .iter()
        .flat_map(|p| {
            p.wards.iter().map(|w| ward::ActiveModel {
                code: Set(w.code),
                province_code: Set(p.code),
                name: Set(w.name.clone()),
                kind: Set(w.kind.clone()),
            })
        })
        .collect();
    let count = wards.len();
    for chunk in wards.chunks(500) {
        ward::Entity::insert_many(chunk.to_vec())
            .on_conflict(
                OnConflict::column(ward::Column::Code)
                    .update_columns([ward::Column::ProvinceCode, ward::Column::Name, ward::Column::Kind])
                    .to_owned(),
            )
            .exec(txn)
            .await?;
    }
    Ok(count)
}

/// Seeds the calendar once: afterwards administrators own it (`/dashboard/holidays`).
/// A bridge day off "substituted from" a weekend day makes that day a working day.
pub(super) async fn upsert_holidays(txn: &DatabaseTransaction, holidays: &[HolidaySeed]) -> Result<usize, SeedError> {
    if holiday::Entity::find().one(txn).await?.is_some() {
        return Ok(0);
    }
    let mut rows: Vec<holiday::ActiveModel> = Vec::new();
    for h in holidays {
        rows.push(holiday::ActiveModel {
            day: Set(h.date),
            name_vi: Set(h.name_vi.clone()),
            name_en: Set(h.name_en.clone()),
            working: Set(false),
        });
        if let Some(worked) = substituted_weekend_day(&h.name_en) {
            rows.push(holiday::ActiveModel {
                day: Set(worked),
                name_vi: Set(format!("Ngày làm việc bù (cho ngày nghỉ {})", h.date.format("%d/%m/%Y"))),
                name_en: Set(format!("Make-up working day (for the day off on {})", h.date.format("%d/%m/%Y"))),
                working: Set(true),
            });
        }
    }
    let count = rows.len();
    holiday::Entity::insert_many(rows).exec(txn).await?;
    Ok(count)
}

/// The weekend day named in "Day off (substituted from MM/DD/YYYY)".
pub(super) fn substituted_weekend_day(name_en: &str) -> Option<chrono::NaiveDate> {
    use chrono::Datelike;
    let (_, rest) = name_en.split_once("substituted from ")?;
    let day = chrono::NaiveDate::parse_from_str(rest.trim_end_matches(')').trim(), "%m/%d/%Y").ok()?;
    matches!(day.weekday(), chrono::Weekday::Sat | chrono::Weekday::Sun).then_some(day)
}

#[cfg(test)]
mod tests {
    use super::substituted_weekend_day;
    use chrono::NaiveDate;

    #[test]
    fn make_up_days_come_from_the_substitution_notes() {
        assert_eq!(
            substituted_weekend_day("Day off (substituted from 04/26/2025)"),
            NaiveDate::from_ymd_opt(2025, 4, 26),
            "Saturday 26/04/2025 was worked for Friday 02/05/2025"
        );
        assert_eq!(
            substituted_weekend_day("Day off (substituted from 08/22/2026)"),
            NaiveDate::from_ymd_opt(2026, 8, 22)
        );
        assert_eq!(substituted_weekend_day("Lunar New Year"), None);
        // A weekday named as the substitute is already a working day.
        assert_eq!(substituted_weekend_day("Day off (substituted from 04/28/2025)"), None);
    }
}
