//! The country's agencies, made from the administrative units: a People's
//! Committee for each of the 34 provinces and each ward, commune and special
//! zone, and the usual departments of each province (`catalog/country.toml`
//! names them and the provinces' national codes). The agencies written by
//! hand in `catalog/agencies.toml` come after and win: they keep their codes
//! and names, and a ward they name (`ward = …`) gets no generated committee.
//!
//! Codes follow the national format `AAA.BB.CC.Hnn`: a province's committee
//! is `000.00.00.Hnn`, its departments `000.00.BB.Hnn`, the n-th ward
//! committee (in the order of the ward codes, skipping codes written by
//! hand) `NNN.20.nn.Hnn` with n = 100·NNN + nn. The same files give the same
//! codes, so loading again changes nothing.

use super::SeedError;
use super::catalog::{AgencySeed, agency_upsert};
use super::reference::ProvinceSeed;
use crate::domain::codes::{AgencyCode, AgencyLevel};
use crate::domain::text::fold;
use crate::domain::text::without_diacritics as unaccent;
use crate::server::entities::agency;
use sea_orm::*;
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap, HashSet};

#[derive(Deserialize)]
pub(super) struct CountryFile {
    /// Province code (2025 units) → the province's level-1 code (`H26`).
    provinces: BTreeMap<String, String>,
    department: Vec<DepartmentSeed>,
}

#[derive(Deserialize)]
struct DepartmentSeed {
    /// The level-2 group of the code (`31` in `000.00.31.H26`).
    slot: String,
    name_vi: String,
    name_en: String,
}

/// One agency to write: its parent by code, resolved once the parents exist.
struct Generated {
    code: String,
    name_vi: String,
    name_en: String,
    level: AgencyLevel,
    parent: Option<String>,
    province: i32,
    ward: Option<i32>,
}

/// The generated agencies: the province committees, and the departments and
/// ward committees whose parents they are.
fn generate(
    country: &CountryFile,
    units: &[ProvinceSeed],
    by_hand: &[AgencySeed],
) -> Result<(Vec<Generated>, Vec<Generated>), SeedError> {
    let taken: HashSet<&str> = by_hand.iter().map(|a| a.code.as_str()).collect();
    let covered: HashSet<i32> = by_hand.iter().filter_map(|a| a.ward).collect();
    let mut committees = Vec::new();
    let mut others = Vec::new();
    for province in units {
        let unit = country.provinces.get(&province.code.to_string()).ok_or_else(|| {
            SeedError::Invalid(format!("country.toml: no national code for province {}", province.code))
        })?;
        let committee = format!("000.00.00.{unit}");
        let (name_vi, name_en) = province_names(&province.name, &province.kind);
        committees.push(Generated {
            code: committee.clone(),
            name_vi: format!("Ủy ban nhân dân {name_vi}"),
            name_en: format!("{name_en} People's Committee"),
            level: AgencyLevel::Province,
            parent: None,
            province: province.code,
            ward: None,
        });
        for department in &country.department {
            others.push(Generated {
                code: format!("000.00.{}.{unit}", department.slot),
                name_vi: format!("{} {name_vi}", department.name_vi),
                name_en: format!("{name_en} {}", department.name_en),
                level: AgencyLevel::Province,
                parent: Some(committee.clone()),
                province: province.code,
                ward: None,
            });
        }
        let mut wards: Vec<_> = province.wards.iter().filter(|w| !covered.contains(&w.code)).collect();
        wards.sort_by_key(|w| w.code);
        let mut n = 0;
        for ward in wards {
            let code = loop {
                n += 1;
                let code = format!("{:03}.20.{:02}.{unit}", n / 100, n % 100);
                if n % 100 != 0 && !taken.contains(code.as_str()) {
                    break code;
                }
            };
            let (name_vi, name_en) = ward_names(&ward.name, &ward.kind);
            others.push(Generated {
                code,
                name_vi: format!("Ủy ban nhân dân {name_vi}"),
                name_en: format!("{name_en} People's Committee"),
                level: AgencyLevel::Ward,
                parent: Some(committee.clone()),
                province: province.code,
                ward: Some(ward.code),
            });
        }
    }
    for agency in committees.iter().chain(&others) {
        AgencyCode::parse(&agency.code)?;
    }
    Ok((committees, others))
}

/// Writes the generated agencies (a few statements of many rows each).
pub(super) async fn upsert_country(
    txn: &DatabaseTransaction,
    country: &CountryFile,
    units: &[ProvinceSeed],
    by_hand: &[AgencySeed],
) -> Result<usize, SeedError> {
    let (committees, others) = generate(country, units, by_hand)?;
    write(txn, &committees, &HashMap::new()).await?;
    let parents: HashMap<String, i32> = agency::Entity::find()
        .filter(agency::Column::Code.is_in(committees.iter().map(|c| c.code.as_str())))
        .all(txn)
        .await?
        .into_iter()
        .map(|a| (a.code, a.id))
        .collect();
    write(txn, &others, &parents).await?;
    Ok(committees.len() + others.len())
}

/// Inserts or updates `agencies`, 500 rows a statement, pointing each at its
/// parent's id in `parents`.
async fn write(txn: &DatabaseTransaction, agencies: &[Generated], parents: &HashMap<String, i32>) -> Result<(), DbErr> {
    for chunk in agencies.chunks(500) {
        let rows = chunk.iter().map(|g| agency::ActiveModel {
            code: Set(g.code.clone()),
            name_vi: Set(g.name_vi.clone()),
            name_en: Set(g.name_en.clone()),
            level: Set(g.level.as_str().to_owned()),
            parent_id: Set(g.parent.as_ref().and_then(|p| parents.get(p).copied())),
            province_code: Set(Some(g.province)),
            ward_code: Set(g.ward),
            name_folded: Set(fold(&g.name_vi)),
            ..Default::default()
        });
        agency::Entity::insert_many(rows).on_conflict(agency_upsert()).exec_without_returning(txn).await?;
    }
    Ok(())
}

/// (“Thành phố Hà Nội”, city) → (“Thành phố Hà Nội”, “Ha Noi City”);
/// (“Bắc Ninh”, province) → (“tỉnh Bắc Ninh”, “Bac Ninh Province”).
fn province_names(name: &str, kind: &str) -> (String, String) {
    match (name.strip_prefix("Thành phố "), kind) {
        (Some(city), _) => (name.to_owned(), format!("{} City", unaccent(city))),
        (None, "tỉnh") => (format!("tỉnh {name}"), format!("{} Province", unaccent(name))),
        (None, _) => (name.to_owned(), unaccent(name)),
    }
}

/// “Phường Hoàn Kiếm” → (“phường Hoàn Kiếm”, “Hoan Kiem Ward”); communes and
/// special zones alike.
fn ward_names(name: &str, kind: &str) -> (String, String) {
    let english = match kind {
        "phường" => "Ward",
        "xã" => "Commune",
        "đặc khu" => "Special Zone",
        _ => "",
    };
    let rest = name.get(kind.len()..).filter(|_| fold(name).starts_with(&fold(kind))).map(str::trim);
    match rest {
        Some(rest) if !english.is_empty() => (format!("{kind} {rest}"), format!("{} {english}", unaccent(rest))),
        _ => (name.to_owned(), unaccent(name)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_the_administrative_style_in_both_languages() {
        let city = province_names("Thành phố Hà Nội", "thành phố trung ương");
        assert_eq!(city, ("Thành phố Hà Nội".into(), "Ha Noi City".into()));
        assert_eq!(province_names("Bắc Ninh", "tỉnh"), ("tỉnh Bắc Ninh".into(), "Bac Ninh Province".into()));
        assert_eq!(ward_names("Phường Hoàn Kiếm", "phường"), ("phường Hoàn Kiếm".into(), "Hoan Kiem Ward".into()));
        assert_eq!(ward_names("Xã Đông Anh", "xã"), ("xã Đông Anh".into(), "Dong Anh Commune".into()));
        assert_eq!(ward_names("Đặc khu Côn Đảo", "đặc khu"), ("đặc khu Côn Đảo".into(), "Con Dao Special Zone".into()));
    }
}
