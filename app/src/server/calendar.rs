//! The working-day calendar from table `holidays`, and its administration.

use crate::domain::calendar::{Calendar, CalendarDay};
use crate::domain::rules::{FieldErrors, Rule};
use crate::error::AppError;
use crate::server::entities::holiday;
use chrono::{Datelike, NaiveDate, Weekday};
use sea_orm::{ActiveModelTrait, ConnectionTrait, EntityTrait, QueryOrder, Set};

/// The calendar as the database holds it now.
pub async fn load(db: &impl ConnectionTrait) -> Result<Calendar, AppError> {
    let days = holiday::Entity::find().all(db).await?;
    Ok(Calendar::new(days.into_iter().map(|h| (h.day, h.working))))
}

/// Every exception to Monday–Friday, in date order.
pub async fn list(db: &impl ConnectionTrait) -> Result<Vec<CalendarDay>, AppError> {
    Ok(holiday::Entity::find()
        .order_by_asc(holiday::Column::Day)
        .all(db)
        .await?
        .into_iter()
        .map(|h| CalendarDay { day: h.day, name_vi: h.name_vi, name_en: h.name_en, working: h.working })
        .collect())
}

/// Adds or replaces a day. A day off must be a weekday, a make-up day a weekend day.
pub async fn save(db: &impl ConnectionTrait, day: &CalendarDay) -> Result<(), AppError> {
    let mut errors = FieldErrors::default();
    let name_vi = day.name_vi.trim();
    if name_vi.is_empty() {
        errors.push("name_vi", Rule::Required);
    }
    if name_vi.chars().count() > 200 || day.name_en.chars().count() > 200 {
        errors.push("name_vi", Rule::TooLong(200));
    }
    let weekend = matches!(day.day.weekday(), Weekday::Sat | Weekday::Sun);
    if day.working && !weekend {
        errors.push("working", Rule::NotAnOption);
    }
    if !errors.is_empty() {
        return Err(errors.into());
    }
    let row = holiday::ActiveModel {
        day: Set(day.day),
        name_vi: Set(name_vi.to_owned()),
        name_en: Set(day.name_en.trim().to_owned()),
        working: Set(day.working),
    };
    match holiday::Entity::find_by_id(day.day).one(db).await? {
        Some(_) => row.update(db).await?,
        None => row.insert(db).await?,
    };
    Ok(())
}

pub async fn remove(db: &impl ConnectionTrait, day: NaiveDate) -> Result<(), AppError> {
    let removed = holiday::Entity::delete_by_id(day).exec(db).await?;
    if removed.rows_affected == 0 { Err(AppError::NotFound) } else { Ok(()) }
}
