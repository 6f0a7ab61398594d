//! Synthetic procedures for the benchmarks.

use super::SeedError;
use crate::domain::text::LocalText;
use crate::server::definitions::{Definition, Ids, show};
use sea_orm::{DatabaseConnection, TransactionTrait};

/// Adds `count` synthetic procedures (codes `9.xxxxxx`) for benchmarks, built
/// from the real catalog's vocabulary so that searches hit realistic text.
pub async fn synthetic(db: &DatabaseConnection, count: usize) -> Result<(), SeedError> {
    const SUBJECTS: [&str; 10] = [
        "khai sinh",
        "kết hôn",
        "khai tử",
        "thường trú",
        "hộ kinh doanh",
        "xây dựng",
        "đất đai",
        "giấy phép lái xe",
        "bảo hiểm xã hội",
        "học bạ",
    ];
    const ACTIONS: [&str; 6] = ["Đăng ký", "Cấp", "Cấp lại", "Điều chỉnh", "Gia hạn", "Xác nhận"];
    const PLACES: [&str; 5] = ["Đà Nẵng", "Huế", "Cần Thơ", "Hải Phòng", "Quảng Ninh"];
    // Read before the transaction: its first statement is a write (SQLite).
    let ids = Ids::load(db).await?;
    let txn = db.begin().await?;
    let (sector, agency) =
        ids.any_sector_and_agency().ok_or_else(|| SeedError::Invalid("load the real catalog first".into()))?;
    let sectors: Vec<String> = ids.sectors.keys().cloned().collect();
    for i in 0..count {
        let name = format!(
            "{} {} tại {} (mẫu số {i})",
            ACTIONS[i % ACTIONS.len()],
            SUBJECTS[(i / ACTIONS.len()) % SUBJECTS.len()],
            PLACES[i % PLACES.len()]
        );
        let definition = Definition {
            code: format!("9.{:06}", i),
            name_en: format!("Synthetic procedure {i}"),
            name_vi: name,
            agency: agency.clone(),
            level: (i % 4) as i64 + 1,
            processing_days: (i % 20) as i32,
            any_desk: false,
            identity_level: 0,
            processing_note: LocalText::default(),
            applicants: LocalText::new("Công dân Việt Nam", "Vietnamese citizens"),
            result: LocalText::new("Giấy xác nhận", "Certificate"),
            channels: Vec::new(),
            steps: vec![LocalText::new("Nộp hồ sơ", "Submit the dossier")],
            conditions: Vec::new(),
            fees: Vec::new(),
            documents: Vec::new(),
            legal: Vec::new(),
        };
        let sector = sectors.get(i % sectors.len().max(1)).unwrap_or(&sector);
        show(&txn, &ids, sector, &definition, None).await?;
    }
    crate::server::implementers::implement_everywhere(&txn, None).await?;
    txn.commit().await?;
    Ok(())
}
