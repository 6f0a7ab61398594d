//! Who implements each procedure: the agency its definition names, and the
//! agencies of the same kind everywhere else. A procedure of a ward People's
//! Committee is implemented by every ward, commune and special zone; one of
//! a provincial department by the same department (`000.00.31.Hnn`) of every
//! province; a central one by its ministry alone. Three statements, each
//! idempotent, so a reload adds only what is new and keeps local terms.

use sea_orm::{ConnectionTrait, DbErr};

/// The three rules, as `INSERT … SELECT` (a `WHERE` before `ON CONFLICT`
/// keeps SQLite's parser from reading the upsert as a join constraint).
const RULES: [&str; 3] = [
    // The agency the definition names.
    "SELECT p.id, p.agency_id FROM procedures p WHERE p.agency_id IS NOT NULL",
    // A ward committee's procedure: every ward committee.
    "SELECT p.id, a.id FROM procedures p \
     JOIN agencies h ON h.id = p.agency_id \
     JOIN agencies a ON a.ward_code IS NOT NULL \
     WHERE h.ward_code IS NOT NULL",
    // A provincial agency's procedure: the agency of the same slot in every
    // province (`000.00.31.` is 10 characters).
    "SELECT p.id, a.id FROM procedures p \
     JOIN agencies h ON h.id = p.agency_id \
     JOIN agencies a ON a.level = h.level AND a.ward_code IS NULL AND a.province_code IS NOT NULL \
       AND substr(a.code, 1, 10) = substr(h.code, 1, 10) \
     WHERE h.ward_code IS NULL AND h.province_code IS NOT NULL",
];

/// Writes the implementing agencies every procedure lacks (or only
/// procedure `only`, a new one); answers how many.
pub async fn implement_everywhere(txn: &impl ConnectionTrait, only: Option<i32>) -> Result<u64, DbErr> {
    // An id (a number), written into the statement as a literal.
    let only = only.map(|id| format!(" AND p.id = {id}")).unwrap_or_default();
    let mut added = 0;
    for rule in RULES {
        let sql = format!(
            "INSERT INTO procedure_agencies (procedure_id, agency_id) {rule}{only} \
             ON CONFLICT (procedure_id, agency_id) DO NOTHING"
        );
        added += txn.execute_unprepared(&sql).await?.rows_affected();
    }
    Ok(added)
}
