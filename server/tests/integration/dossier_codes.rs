//! Dossier codes under concurrency, on SQLite and PostgreSQL: every
//! submission of an agency on a day gets its own number, with no gaps.

use crate::common::{Backend, TestApp};
use app::domain::dossier::DossierCode;
use app::server::entities::agency;
use app::server::workflow::codes::next_code;
use chrono::NaiveDate;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, TransactionTrait};
use std::collections::HashSet;

async fn agency(app: &TestApp, code: &str) -> agency::Model {
    agency::Entity::find().filter(agency::Column::Code.eq(code)).one(&app.db).await.unwrap().unwrap()
}

async fn two_hundred_concurrent_submissions_get_two_hundred_codes(backend: Backend) {
    let app = TestApp::start(backend).await;
    let ward = agency(&app, "000.20.01.H29").await;
    let day = NaiveDate::from_ymd_opt(2026, 11, 29).unwrap();
    let mut tasks = Vec::new();
    for _ in 0..200 {
        let (db, ward) = (app.db.clone(), ward.clone());
        tasks.push(tokio::spawn(async move {
            // Each in its own transaction, as a submission will be.
            let txn = db.begin().await.unwrap();
            let code = next_code(&txn, &ward, day).await.unwrap();
            txn.commit().await.unwrap();
            code
        }));
    }
    let mut codes = HashSet::new();
    for task in tasks {
        let code = task.await.unwrap();
        assert!(DossierCode::parse(code.as_str()).is_ok(), "well-formed: {code}");
        assert!(code.as_str().starts_with("000.20.01.H29-261129-"), "{code}");
        codes.insert(code);
    }
    assert_eq!(codes.len(), 200, "all distinct");
    let numbers: HashSet<u32> = codes.iter().map(|c| c.as_str().rsplit('-').next().unwrap().parse().unwrap()).collect();
    assert_eq!(numbers, (1..=200).collect(), "no gaps");
    app.finish().await;
}

async fn each_agency_and_day_counts_from_one(backend: Backend) {
    let app = TestApp::start(backend).await;
    let ward = agency(&app, "000.20.01.H29").await;
    let justice = agency(&app, "000.00.31.H29").await;
    let day = NaiveDate::from_ymd_opt(2026, 11, 29).unwrap();
    let next_day = day.succ_opt().unwrap();
    assert_eq!(next_code(&app.db, &ward, day).await.unwrap().as_str(), "000.20.01.H29-261129-0001");
    assert_eq!(next_code(&app.db, &ward, day).await.unwrap().as_str(), "000.20.01.H29-261129-0002");
    assert_eq!(next_code(&app.db, &justice, day).await.unwrap().as_str(), "000.00.31.H29-261129-0001");
    assert_eq!(next_code(&app.db, &ward, next_day).await.unwrap().as_str(), "000.20.01.H29-261130-0001");
    // A submission that fails gives its number back.
    let txn = app.db.begin().await.unwrap();
    assert_eq!(next_code(&txn, &ward, day).await.unwrap().as_str(), "000.20.01.H29-261129-0003");
    txn.rollback().await.unwrap();
    assert_eq!(next_code(&app.db, &ward, day).await.unwrap().as_str(), "000.20.01.H29-261129-0003");
    app.finish().await;
}

on_both_databases!(two_hundred_concurrent_submissions_get_two_hundred_codes, each_agency_and_day_counts_from_one);
