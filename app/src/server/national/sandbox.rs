//! The sandbox of the national portal: its sync side inside the product, so
//! the whole loop runs on one machine and in tests (on only with `DVC_DEMO=1`
//! or `DVC_NATIONAL_SANDBOX=1`, never over https). It takes the two services
//! with its demo token and an idempotency key; refuses (400, the fields
//! named) a message missing a mandatory field, a status outside the national
//! list, or a step of a dossier it never received; keeps each message once
//! (one sent again is counted as a repeat); and can be told to fail (503) or
//! to answer slowly, to show the sender's retries, or to refuse everything,
//! to show a refused message on `/dashboard/sync`.

use crate::domain::national::{SyncMessage, SyncService};
use crate::error::AppError;
use crate::server::entities::national_sandbox;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict};
use sea_orm::{
    ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use std::sync::atomic::{AtomicU8, Ordering};

/// Where the sandbox is served.
pub const PATH: &str = "/sandbox/national";
/// The token the sandbox takes (demo only: a real portal issues its own).
pub const DEMO_TOKEN: &str = "DVC-NATIONAL-SANDBOX-NOT-FOR-PRODUCTION";
/// How long a slow sandbox waits before answering: longer than the sender waits.
pub const SLOW: std::time::Duration = std::time::Duration::from_secs(20);
/// The longest idempotency key taken.
const MAX_KEY: usize = 64;
/// What the sandbox keeps at most: per dossier, and in all (it is a sandbox).
const MAX_PER_DOSSIER: u64 = 100;
const MAX_KEPT: u64 = 100_000;

/// Whether a request carries the sandbox's token (`Authorization: Bearer …`):
/// every endpoint of the sandbox asks for it.
pub fn authorised(token: Option<&str>) -> bool {
    token.is_some_and(|token| crate::server::secrets::same_secret(DEMO_TOKEN, token))
}

/// How the sandbox answers, as a tester set it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    Working,
    /// Every message answered 503 (the portal is down).
    Failing,
    /// Every message answered after [`SLOW`].
    Slow,
    /// Every message refused (400), as the portal refuses what it finds wrong.
    Refusing,
}

/// The sandbox's state: how it answers.
#[derive(Debug)]
pub struct Sandbox {
    mode: AtomicU8,
}

impl Default for Sandbox {
    fn default() -> Self {
        Self { mode: AtomicU8::new(Mode::Working as u8) }
    }
}

/// An answer of the sandbox: its status and JSON body, as the portal's.
pub struct Answer {
    pub status: u16,
    pub body: Value,
}

impl Answer {
    fn refused(status: u16, message: impl Into<String>, fields: &[&str]) -> Self {
        Self { status, body: json!({ "error_code": "-1", "message": message.into(), "fields": fields }) }
    }
}

/// A message as the sandbox kept it (its page and the tests read these).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Received {
    pub key: String,
    pub service: String,
    pub status: Option<i32>,
    pub repeats: i32,
    pub message: Value,
}

impl Sandbox {
    pub fn mode(&self) -> Mode {
        match self.mode.load(Ordering::Relaxed) {
            1 => Mode::Failing,
            2 => Mode::Slow,
            3 => Mode::Refusing,
            _ => Mode::Working,
        }
    }

    pub fn set_mode(&self, mode: Mode) {
        self.mode.store(mode as u8, Ordering::Relaxed);
    }

    /// Takes a message of `service` (bounded by the route), as the portal would.
    pub async fn receive(
        &self,
        db: &DatabaseConnection,
        service: &str,
        token: Option<&str>,
        key: Option<&str>,
        body: &[u8],
        now: DateTime<Utc>,
    ) -> Result<Answer, AppError> {
        if !authorised(token) {
            return Ok(Answer::refused(401, "Sai mã truy cập", &[]));
        }
        match self.mode() {
            Mode::Failing => return Ok(Answer::refused(503, "Hệ thống đang bảo trì, vui lòng thử lại sau", &[])),
            Mode::Slow => tokio::time::sleep(SLOW).await,
            Mode::Refusing => {
                return Ok(Answer::refused(400, "Cổng thử nghiệm được đặt để từ chối mọi thông điệp", &[]));
            }
            Mode::Working => {}
        }
        let Some(service) = SyncService::parse(service) else {
            return Ok(Answer::refused(404, "Không có dịch vụ này", &[]));
        };
        let Some(key) = key.map(str::trim).filter(|k| !k.is_empty() && k.len() <= MAX_KEY) else {
            return Ok(Answer::refused(400, "Thiếu khoá chống gửi trùng (Idempotency-Key)", &["Idempotency-Key"]));
        };
        let message: SyncMessage = match serde_json::from_slice(body) {
            Ok(message) => message,
            Err(error) => return Ok(Answer::refused(400, format!("Thông điệp không đọc được: {error}"), &[])),
        };
        if message.service != service {
            return Ok(Answer::refused(400, "Thông điệp gửi nhầm dịch vụ", &["service"]));
        }
        let missing = message.missing();
        if !missing.is_empty() {
            let text = format!("Thiếu hoặc sai trường bắt buộc: {}", missing.join(", "));
            return Ok(Answer::refused(400, text, &missing));
        }
        let code = message.dossier_code().trim().to_owned();
        if service == SyncService::Progress {
            let known = national_sandbox::Entity::find()
                .filter(national_sandbox::Column::DossierCode.eq(&code))
                .filter(national_sandbox::Column::Service.eq(SyncService::Dossier.as_str()))
                .count(db)
                .await?;
            if known == 0 {
                return Ok(Answer::refused(400, "Hồ sơ chưa được đồng bộ (DongBoHoSoMC)", &["MaHoSo"]));
            }
        }
        let kept = national_sandbox::Entity::find().count(db).await?;
        let of_dossier =
            national_sandbox::Entity::find().filter(national_sandbox::Column::DossierCode.eq(&code)).count(db).await?;
        if kept >= MAX_KEPT || of_dossier >= MAX_PER_DOSSIER {
            return Ok(Answer::refused(429, "Cổng thử nghiệm đã đầy", &[]));
        }
        let payload = serde_json::to_string(&message).map_err(AppError::internal)?;
        national_sandbox::Entity::insert(national_sandbox::ActiveModel {
            message_key: Set(key.to_owned()),
            service: Set(service.as_str().to_owned()),
            dossier_code: Set(code),
            status_code: Set(Some(i32::from(message.status()))),
            payload: Set(payload),
            received_at: Set(now),
            repeats: Set(0),
            ..Default::default()
        })
        .on_conflict(
            OnConflict::column(national_sandbox::Column::MessageKey)
                .value(
                    national_sandbox::Column::Repeats,
                    Expr::col((national_sandbox::Entity, national_sandbox::Column::Repeats)).add(1),
                )
                .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
        Ok(Answer { status: 200, body: json!({ "error_code": "0", "message": "Thành công" }) })
    }
}

/// What the sandbox received about dossier `code`, oldest first (at most [`MAX_PER_DOSSIER`]).
pub async fn received(db: &DatabaseConnection, code: &str) -> Result<Vec<Received>, AppError> {
    let rows = national_sandbox::Entity::find()
        .filter(national_sandbox::Column::DossierCode.eq(code.trim()))
        .order_by_asc(national_sandbox::Column::Id)
        .limit(MAX_PER_DOSSIER)
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|row| Received {
            key: row.message_key,
            service: row.service,
            status: row.status_code,
            repeats: row.repeats,
            message: serde_json::from_str(&row.payload).unwrap_or(Value::Null),
        })
        .collect())
}
