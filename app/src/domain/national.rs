//! The national portal's sync messages (Cổng Dịch vụ công quốc gia): the
//! dossier record sent when a dossier is received (`DongBoHoSoMC`) and the
//! progress record of each later step (`CapNhatTienDoHoSoMC`), with the
//! portal's own field names, written once as types; their mandatory fields;
//! the portal's time format. The sender (`server/national`) and the
//! in-product sandbox of the portal both use these types and this check.
//! The other way, a dossier filed on the portal arrives as an
//! [`InboundDossier`] through the dossier API.

use crate::domain::catalog::Channel;
use crate::domain::intake::Intake;
use crate::domain::rules::{FieldErrors, Rule};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

named_enum! {
    /// The national portal's service a message goes to.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
    pub enum SyncService {
        /// The dossier record, once, when it is received.
        #[serde(rename = "DongBoHoSoMC")]
        Dossier = "DongBoHoSoMC",
        /// A step of its processing, with the status it leads to.
        #[serde(rename = "CapNhatTienDoHoSoMC")]
        Progress = "CapNhatTienDoHoSoMC",
    }
}

named_enum! {
    /// Where a message of the sync outbox is.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
    pub enum SyncState {
        /// Waiting to be sent (again, after a failure).
        Pending = "pending",
        Sent = "sent",
        /// Refused for good (a mandatory field missing, or the portal said
        /// no): the dossier's later messages wait until it is resent.
        Rejected = "rejected",
    }
}

/// The longest summary (`TrichYeuHoSo`) and handler's name (`NguoiXuLy`)
/// the portal's integrations send.
pub const SUMMARY_CHARS: usize = 1000;
pub const HANDLER_CHARS: usize = 50;

/// `text` cut to at most `chars` characters.
pub fn clip(text: &str, chars: usize) -> String {
    text.chars().take(chars).collect()
}

/// A message on the sync page: what it tells and what became of it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SyncItem {
    pub id: i64,
    pub dossier_code: String,
    pub service: SyncService,
    pub state: SyncState,
    pub attempts: i32,
    /// Why it was refused, or why the last attempt failed.
    pub error: Option<String>,
    /// The message as last sent (JSON).
    pub payload: Option<String>,
    /// When its event happened.
    pub at: DateTime<Utc>,
}

/// The sync page: an agency's messages to the national portal (every
/// agency's for a system administrator).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SyncOverview {
    pub waiting: u64,
    /// Waiting, and tried at least once without success.
    pub failing: u64,
    pub rejected: u64,
    pub sent: u64,
    /// Minutes since the oldest message waiting was written: the lag.
    pub lag_minutes: Option<i64>,
    /// The refused messages, then the failing ones, newest first (at most [`SYNC_ITEMS`]).
    pub items: Vec<SyncItem>,
}

/// The most messages the sync page lists.
pub const SYNC_ITEMS: u64 = 50;

/// The largest message the sandbox of the portal reads.
pub const MAX_MESSAGE_BYTES: usize = 64 * 1024;

/// An instant in the portal's format, `yyyyMMddHHmmss`, in Vietnam's time.
pub fn national_time(at: DateTime<Utc>) -> String {
    (at + chrono::Duration::hours(7)).format("%Y%m%d%H%M%S").to_string()
}

/// A due day in the portal's format: by the end of that day.
pub fn national_day(day: NaiveDate) -> String {
    format!("{}235959", day.format("%Y%m%d"))
}

/// Whether `text` is an instant in the portal's format.
pub fn is_national_time(text: &str) -> bool {
    text.len() == 14 && chrono::NaiveDateTime::parse_from_str(text, "%Y%m%d%H%M%S").is_ok()
}

/// How the dossier came (`KenhThucHien`): 1 at the desk, 2 online, 3 by post.
pub fn channel_code(channel: &str) -> u8 {
    match channel {
        "desk" => 1,
        "post" => 3,
        _ => 2,
    }
}

/// The portal's codes travel as text (`"2"`), as its integrations send them.
mod code_text {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(code: &u8, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&code.to_string())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<u8, D::Error> {
        let text = String::deserialize(d)?;
        text.trim().parse().map_err(|_| serde::de::Error::custom(format!("{text:?} is not a code")))
    }
}

/// What one message carries: the service and its records (`data`), as the
/// portal takes them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SyncMessage {
    pub service: SyncService,
    #[serde(rename = "isUpdating")]
    pub is_updating: bool,
    pub data: SyncData,
}

/// The records of a message: one dossier, or one step.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum SyncData {
    Dossier([DossierRecord; 1]),
    Progress([ProgressRecord; 1]),
}

impl SyncMessage {
    pub fn dossier(record: DossierRecord) -> Self {
        Self { service: SyncService::Dossier, is_updating: false, data: SyncData::Dossier([record]) }
    }

    pub fn progress(record: ProgressRecord) -> Self {
        Self { service: SyncService::Progress, is_updating: true, data: SyncData::Progress([record]) }
    }

    /// The dossier's code (`MaHoSo`).
    pub fn dossier_code(&self) -> &str {
        match &self.data {
            SyncData::Dossier([record]) => &record.code,
            SyncData::Progress([record]) => &record.code,
        }
    }

    /// The national status the message says the dossier is in.
    pub fn status(&self) -> u8 {
        match &self.data {
            SyncData::Dossier([record]) => record.status,
            SyncData::Progress([record]) => record.status,
        }
    }

    /// The mandatory fields that are missing or malformed, by their
    /// national names; empty when the message may be sent. The same check
    /// runs before sending and in the sandbox of the portal.
    pub fn missing(&self) -> Vec<&'static str> {
        let mut missing = Vec::new();
        let mut need = |ok: bool, field: &'static str| {
            if !ok {
                missing.push(field);
            }
        };
        let status_ok = |code: u8| (1..=10).contains(&code);
        match &self.data {
            SyncData::Dossier([r]) => {
                need(self.service == SyncService::Dossier, "service");
                need(!r.code.trim().is_empty(), "MaHoSo");
                need(!r.procedure_code.trim().is_empty(), "MaTTHC");
                need(!r.procedure_name.trim().is_empty(), "TenTTHC");
                need(!r.sector_code.trim().is_empty(), "MaLinhVuc");
                need(!r.sector_name.trim().is_empty(), "TenLinhVuc");
                need((1..=3).contains(&r.channel), "KenhThucHien");
                need((1..=4).contains(&r.owner_kind), "LoaiDoiTuong");
                need(!r.summary.trim().is_empty() && r.summary.chars().count() <= SUMMARY_CHARS, "TrichYeuHoSo");
                need(is_national_time(&r.received_at), "NgayTiepNhan");
                need(r.appointment.as_deref().is_none_or(is_national_time), "NgayHenTra");
                need(r.delivery <= 1, "HinhThuc");
                need(status_ok(r.status), "TrangThaiHoSo");
                need(!r.handling_unit.trim().is_empty(), "DonViXuLy");
                need(r.files.iter().all(|f| !f.id.is_empty() && !f.name.trim().is_empty()), "TaiLieuNop");
                need(r.fees.iter().all(|f| !f.name.trim().is_empty() && f.amount >= 0), "DanhSachLePhi");
            }
            SyncData::Progress([r]) => {
                need(self.service == SyncService::Progress, "service");
                need(!r.code.trim().is_empty(), "MaHoSo");
                need(!r.handler.trim().is_empty() && r.handler.chars().count() <= HANDLER_CHARS, "NguoiXuLy");
                need(is_national_time(&r.handled_at), "ThoiDiemXuLy");
                need(!r.content.trim().is_empty(), "NoiDungXuLy");
                need(status_ok(r.status), "TrangThai");
                need(r.step_started_at.as_deref().is_none_or(is_national_time), "NgayBatDau");
                need(r.step_due.as_deref().is_none_or(is_national_time), "NgayKetThucTheoQuyDinh");
            }
        }
        missing
    }
}

/// The dossier record (`DongBoHoSoMC`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DossierRecord {
    #[serde(rename = "MaHoSo")]
    pub code: String,
    #[serde(rename = "MaTTHC")]
    pub procedure_code: String,
    #[serde(rename = "TenTTHC")]
    pub procedure_name: String,
    /// 1 at the desk, 2 online, 3 by post ([`channel_code`]).
    #[serde(rename = "MaLinhVuc")]
    pub sector_code: String,
    #[serde(rename = "TenLinhVuc")]
    pub sector_name: String,
    #[serde(rename = "KenhThucHien", with = "code_text")]
    pub channel: u8,
    /// The applicant: the person, or the organisation filing (optional for the portal).
    #[serde(rename = "ChuHoSo")]
    pub owner: String,
    /// 1 a citizen, 2 a business (3 a state body, 4 another organisation).
    #[serde(rename = "LoaiDoiTuong", with = "code_text")]
    pub owner_kind: u8,
    /// The applicant's mail and phone, when known.
    #[serde(rename = "Email", default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(rename = "SoDienThoai", default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// What the dossier asks for, at most [`SUMMARY_CHARS`] characters.
    #[serde(rename = "TrichYeuHoSo")]
    pub summary: String,
    #[serde(rename = "NgayTiepNhan")]
    pub received_at: String,
    #[serde(rename = "NgayHenTra", default, skip_serializing_if = "Option::is_none")]
    pub appointment: Option<String>,
    #[serde(rename = "TrangThaiHoSo", with = "code_text")]
    pub status: u8,
    /// How the result is returned: 0 at the desk (or online), 1 by post.
    #[serde(rename = "HinhThuc", with = "code_text")]
    pub delivery: u8,
    /// The agency handling it.
    #[serde(rename = "DonViXuLy")]
    pub handling_unit: String,
    #[serde(rename = "TaiLieuNop", default)]
    pub files: Vec<FileEntry>,
    #[serde(rename = "DanhSachLePhi", default)]
    pub fees: Vec<FeeEntry>,
}

/// A file of the dossier (`TaiLieuNop`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FileEntry {
    #[serde(rename = "TepDinhKemId")]
    pub id: String,
    #[serde(rename = "TenTepDinhKem")]
    pub name: String,
    /// The required document it answers (its number in the procedure).
    #[serde(rename = "MaThanhPhanHoSo")]
    pub document: String,
}

/// A fee (`DanhSachLePhi`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FeeEntry {
    #[serde(rename = "TenPhiLePhi")]
    pub name: String,
    /// In đồng.
    #[serde(rename = "Gia")]
    pub amount: i64,
}

/// A step of the processing (`CapNhatTienDoHoSoMC`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProgressRecord {
    #[serde(rename = "MaHoSo")]
    pub code: String,
    /// Who acted: their name, or the system.
    #[serde(rename = "NguoiXuLy")]
    pub handler: String,
    /// Their title (the role they acted in).
    #[serde(rename = "ChucDanh")]
    pub title: String,
    #[serde(rename = "ThoiDiemXuLy")]
    pub handled_at: String,
    /// Their unit: the agency.
    #[serde(rename = "PhongBanXuLy")]
    pub unit: String,
    /// What was done.
    #[serde(rename = "NoiDungXuLy")]
    pub content: String,
    /// The status the step led to.
    #[serde(rename = "TrangThai", with = "code_text")]
    pub status: u8,
    /// When the step began: the previous step.
    #[serde(rename = "NgayBatDau", default, skip_serializing_if = "Option::is_none")]
    pub step_started_at: Option<String>,
    /// When it is due by the rules: the appointment, while the clock runs.
    #[serde(rename = "NgayKetThucTheoQuyDinh", default, skip_serializing_if = "Option::is_none")]
    pub step_due: Option<String>,
}

/// The longest national dossier code taken (`MaHoSo`, e.g. `G22.99-251204-0001`).
pub const NATIONAL_CODE_CHARS: usize = 40;
/// The largest description of an inbound dossier (its answers included);
/// the files come apart from it.
pub const INBOUND_JSON_BYTES: usize = 64 * 1024;

/// A dossier filed on the national portal, as its integration hands it on
/// to the agency (`POST /api/v1/dossiers`, the part `dossier`; the files
/// follow as parts `documents.N`, N the required document from 1). It then
/// goes the way of a paper dossier taken in at the desk: the same form
/// validation, limits, code sequence and workflow, with the channel
/// `national`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct InboundDossier {
    /// The portal's own code (`MaHoSo`): the same dossier sent again is
    /// answered with the one filed the first time.
    pub national_code: String,
    /// The procedure's code (`MaTTHC`), one the agency implements.
    pub procedure_code: String,
    pub applicant: InboundApplicant,
    /// The form's answers, keyed as the procedure's form names its fields.
    #[serde(default)]
    #[cfg_attr(feature = "ssr", schema(value_type = Object))]
    pub data: serde_json::Value,
    /// How the result is returned (at the desk unless said).
    #[serde(default)]
    #[cfg_attr(feature = "ssr", schema(value_type = Object))]
    pub delivery: crate::domain::application::Delivery,
}

/// The person an inbound dossier concerns (`ChuHoSo`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct InboundApplicant {
    pub full_name: String,
    pub citizen_id: String,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub email: String,
}

impl InboundDossier {
    /// The national code, trimmed: letters, digits, `.`, `-` and `_`, at
    /// most [`NATIONAL_CODE_CHARS`].
    pub fn code(&self) -> Result<&str, Rule> {
        let code = self.national_code.trim();
        if code.is_empty() {
            Err(Rule::Required)
        } else if code.len() > NATIONAL_CODE_CHARS {
            Err(Rule::TooLong(NATIONAL_CODE_CHARS as u32))
        } else if !code.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_')) {
            Err(Rule::WrongShape)
        } else {
            Ok(code)
        }
    }

    /// The intake it makes (the person, the channel, the national code), or
    /// every mistake at its field (`applicant.…` for the person's).
    pub fn check(&self) -> Result<Intake, FieldErrors> {
        let mut errors = FieldErrors::default();
        let code = errors.check("national_code", self.code());
        if self.procedure_code.trim().is_empty() {
            errors.push("procedure_code", Rule::Required);
        }
        if !(self.data.is_object() || self.data.is_null()) {
            errors.push("data", Rule::WrongShape);
        }
        let a = &self.applicant;
        let person = Intake::of(Channel::National, &a.full_name, &a.citizen_id, &a.phone, &a.email);
        match (person, code) {
            (Ok(intake), Some(code)) if errors.is_empty() => {
                Ok(Intake { national_code: Some(code.to_owned()), ..intake })
            }
            (person, _) => {
                for e in person.err().map(|e| e.0).unwrap_or_default() {
                    errors.push(&format!("applicant.{}", e.field), e.rule);
                }
                Err(errors)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dossier() -> DossierRecord {
        DossierRecord {
            code: "000.20.01.H29-261207-0001".into(),
            procedure_code: "1.001193".into(),
            procedure_name: "Đăng ký khai sinh".into(),
            sector_code: "G09-TP-HT".into(),
            sector_name: "Hộ tịch".into(),
            channel: 2,
            owner: "Nguyễn Văn An".into(),
            owner_kind: 1,
            email: None,
            phone: None,
            summary: "Đăng ký khai sinh".into(),
            received_at: national_time("2026-12-07T02:30:00Z".parse().unwrap()),
            appointment: Some(national_day(NaiveDate::from_ymd_opt(2026, 12, 9).unwrap())),
            status: 1,
            delivery: 0,
            handling_unit: "UBND phường Bến Thành".into(),
            files: vec![FileEntry { id: "a1".into(), name: "giay-chung-sinh.pdf".into(), document: "2".into() }],
            fees: vec![FeeEntry { name: "Lệ phí".into(), amount: 8000 }],
        }
    }

    fn step() -> ProgressRecord {
        ProgressRecord {
            code: "000.20.01.H29-261207-0001".into(),
            handler: "Trần Thị Bình".into(),
            title: "Cán bộ tiếp nhận".into(),
            handled_at: "20261207093000".into(),
            unit: "UBND phường Bến Thành".into(),
            content: "Tiếp nhận hồ sơ".into(),
            status: 2,
            step_started_at: Some("20261207093000".into()),
            step_due: None,
        }
    }

    #[test]
    fn times_are_written_in_vietnams_time() {
        assert_eq!(national_time("2026-12-07T02:30:00Z".parse().unwrap()), "20261207093000");
        assert_eq!(national_time("2026-12-07T20:00:00Z".parse().unwrap()), "20261208030000", "the next day in Hà Nội");
        assert_eq!(national_day(NaiveDate::from_ymd_opt(2026, 12, 9).unwrap()), "20261209235959");
        assert!(is_national_time("20261209235959"));
        for bad in ["", "2026120923595", "20261309235959", "2026-12-09T23:59", "20261209246000"] {
            assert!(!is_national_time(bad), "{bad}");
        }
    }

    #[test]
    fn messages_carry_the_portals_field_names() {
        let json = serde_json::to_value(SyncMessage::dossier(dossier())).unwrap();
        assert_eq!(json["service"], "DongBoHoSoMC");
        assert_eq!(json["isUpdating"], false);
        let record = &json["data"][0];
        for field in ["MaHoSo", "MaTTHC", "TenTTHC", "KenhThucHien", "ChuHoSo", "LoaiDoiTuong", "NgayTiepNhan"] {
            assert!(record.get(field).is_some(), "{field} in {record}");
        }
        assert_eq!(record["TrangThaiHoSo"], "1", "codes travel as text");
        assert_eq!(record["KenhThucHien"], "2");
        assert_eq!(record["TaiLieuNop"][0]["TenTepDinhKem"], "giay-chung-sinh.pdf");
        assert_eq!(record["DanhSachLePhi"][0]["Gia"], 8000);
        let json = serde_json::to_value(SyncMessage::progress(step())).unwrap();
        assert_eq!(json["service"], "CapNhatTienDoHoSoMC");
        assert_eq!(json["data"][0]["NguoiXuLy"], "Trần Thị Bình");
        assert_eq!(json["data"][0]["TrangThai"], "2");
        // Read back as the sandbox reads it: the same message.
        let back: SyncMessage = serde_json::from_value(json).unwrap();
        assert_eq!(back, SyncMessage::progress(step()));
    }

    #[test]
    fn a_complete_message_may_be_sent_and_a_missing_field_is_named() {
        assert!(SyncMessage::dossier(dossier()).missing().is_empty());
        assert!(SyncMessage::progress(step()).missing().is_empty());
        let mut record = dossier();
        record.procedure_code = " ".into();
        record.status = 11;
        assert_eq!(SyncMessage::dossier(record).missing(), ["MaTTHC", "TrangThaiHoSo"]);
        let mut record = step();
        record.handled_at = "07/12/2026".into();
        record.content.clear();
        assert_eq!(SyncMessage::progress(record).missing(), ["ThoiDiemXuLy", "NoiDungXuLy"]);
        let mut record = step();
        record.handler = "x".repeat(HANDLER_CHARS + 1);
        assert_eq!(SyncMessage::progress(record).missing(), ["NguoiXuLy"]);
        // A code that is not a number is not read at all.
        let mut json = serde_json::to_value(SyncMessage::progress(step())).unwrap();
        json["data"][0]["TrangThai"] = "bốn".into();
        assert!(serde_json::from_value::<SyncMessage>(json).is_err());
        // A step sent to the dossier service is not a dossier record.
        let mut message = SyncMessage::progress(step());
        message.service = SyncService::Dossier;
        assert_eq!(message.missing(), ["service"]);
    }

    #[test]
    fn every_dossier_status_has_a_national_code_the_check_accepts() {
        use crate::domain::dossier::DossierStatus;
        for status in DossierStatus::ALL.into_iter().filter(|s| *s != DossierStatus::Draft) {
            let mut record = step();
            record.status = status.national_code().unwrap();
            assert!(SyncMessage::progress(record).missing().is_empty(), "{status:?}");
        }
    }

    #[test]
    fn an_inbound_dossier_names_its_national_code_and_a_valid_person() {
        let inbound = InboundDossier {
            national_code: " G22.99-251204-0001 ".into(),
            procedure_code: "1.001193".into(),
            applicant: InboundApplicant {
                full_name: "Lê  Thị Thu".into(),
                citizen_id: "001196008642".into(),
                ..Default::default()
            },
            ..Default::default()
        };
        let intake = inbound.check().unwrap();
        assert_eq!(intake.channel, Channel::National);
        assert_eq!(intake.national_code.as_deref(), Some("G22.99-251204-0001"));
        assert_eq!(intake.full_name, "Lê Thị Thu");

        let mut wrong = inbound.clone();
        wrong.national_code = "G22/../x".into();
        wrong.applicant.citizen_id = "0011".into();
        let errors = wrong.check().unwrap_err();
        assert_eq!(errors.get("national_code"), Some(Rule::WrongShape));
        assert_eq!(errors.get("applicant.citizen_id"), Some(Rule::CitizenIdLength));
        wrong.national_code = "G".repeat(NATIONAL_CODE_CHARS + 1);
        assert_eq!(wrong.check().unwrap_err().get("national_code"), Some(Rule::TooLong(40)));
        wrong.national_code = String::new();
        assert_eq!(wrong.code(), Err(Rule::Required));
        wrong.data = serde_json::json!(["not", "answers"]);
        assert_eq!(wrong.check().unwrap_err().get("data"), Some(Rule::WrongShape));
    }
}
