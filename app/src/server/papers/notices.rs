//! The papers of the one-stop workflow (Decree 61/2018, Circular 01/2018):
//! Form 01 receipt and appointment, Form 02 supplement request, Form 03
//! refusal, Form 04 apology with a new date — written from the dossier and
//! its timeline, so a paper printed again says the same.

use super::{Block, Letterhead, PaperError, write};
use crate::domain::dashboard::Notice;
use crate::domain::dossier::{format_vn_datetime, vietnam_date};
use crate::domain::progress::{DossierView, TimelineDetail};
use crate::i18n::Locale;

/// The PDF of `notice` for `dossier`, or `None` if it was never issued.
pub fn write_notice(
    notice: Notice,
    dossier: &DossierView,
    applicant: &str,
    lookup_url: &str,
) -> Option<Result<Vec<u8>, PaperError>> {
    let event = notice.event(dossier)?;
    let locale = Locale::Vi;
    let t = locale.messages();
    let s = &dossier.summary;
    let day = |d: chrono::NaiveDate| d.format("%d/%m/%Y").to_string();
    // The code and the dates also go in the keywords: searchable, and checked by the tests.
    let mut keywords = vec![s.code.clone(), format!("form {}", notice.number())];
    let mut blocks = vec![
        Block::Head(Letterhead {
            agency: s.agency_name.get(locale).to_owned(),
            number: Some(s.code.clone()),
            date: vietnam_date(event.at),
        }),
        Block::Title(notice.title().into()),
        Block::Centred(format!("Mẫu số {}", notice.number())),
        Block::Gap,
        Block::Row("Mã hồ sơ:".into(), s.code.clone()),
        Block::Row("Người nộp hồ sơ:".into(), applicant.to_owned()),
        Block::Row("Thủ tục:".into(), format!("{} ({})", s.procedure_name.get(locale), s.procedure_code)),
        Block::Row("Ngày nộp:".into(), format_vn_datetime(s.submitted_at)),
        Block::Row("Ngày lập phiếu:".into(), format_vn_datetime(event.at)),
    ];
    match notice {
        Notice::Receipt => {
            let clock = dossier.clock.as_ref()?;
            blocks.push(Block::Row("Ngày tiếp nhận:".into(), day(clock.deadline.accepted_on)));
            blocks.push(Block::Row(
                "Thời hạn giải quyết:".into(),
                format!("{} ngày làm việc", clock.deadline.processing_days),
            ));
            let first_due = match &event.detail {
                Some(TimelineDetail::Appointment(due)) => *due,
                _ => clock.deadline.due,
            };
            blocks.push(Block::Row("Ngày hẹn trả kết quả:".into(), day(first_due)));
            keywords.push(format!("accepted {}", clock.deadline.accepted_on));
            keywords.push(format!("due {first_due}"));
            blocks.push(Block::Heading("Thành phần hồ sơ đã nhận".into()));
            blocks.push(Block::Text("Tờ khai điện tử.".into()));
            for file in dossier.attachments.iter().filter(|f| f.document > 0) {
                let document = dossier
                    .documents
                    .get((file.document as usize).saturating_sub(1))
                    .map(|d| d.get(locale).to_owned())
                    .unwrap_or_default();
                blocks.push(Block::Text(format!("• {document}: {}", file.file_name)));
            }
            blocks.push(Block::Text(
                "Thời hạn tính theo ngày làm việc, không kể thứ Bảy, Chủ nhật, ngày nghỉ lễ, Tết và thời gian chờ công dân bổ sung hồ sơ hoặc thực hiện nghĩa vụ tài chính.".into(),
            ));
        }
        Notice::SupplementRequest => {
            blocks.push(Block::Heading("Đề nghị bổ sung, hoàn thiện các nội dung sau".into()));
            if let Some(TimelineDetail::Items(items)) = &event.detail {
                for (i, (what, why)) in items.iter().enumerate() {
                    blocks.push(Block::Text(format!("{}. {what} — Lý do: {why}", i + 1)));
                }
            }
            blocks.push(Block::Text(
                "Thời gian chờ bổ sung không tính vào thời hạn giải quyết. Vui lòng bổ sung trực tuyến tại trang hồ sơ của bạn.".into(),
            ));
        }
        Notice::Refusal => {
            blocks.push(Block::Heading("Lý do từ chối".into()));
            blocks.push(Block::Text(event.note.clone().unwrap_or_default()));
            if let Some(detail) = &event.detail {
                blocks.push(Block::Text(detail.describe(t)));
            }
        }
        Notice::Apology => {
            if let Some(TimelineDetail::NewAppointment(due)) = &event.detail {
                blocks.push(Block::Row("Ngày hẹn trả kết quả mới:".into(), day(*due)));
                keywords.push(format!("due {due}"));
            }
            blocks.push(Block::Heading("Lý do chậm trả kết quả".into()));
            blocks.push(Block::Text(event.note.clone().unwrap_or_default()));
            blocks.push(Block::Text(
                "Cơ quan thành thật xin lỗi ông/bà vì sự chậm trễ này và cam kết trả kết quả vào ngày hẹn mới.".into(),
            ));
        }
    }
    blocks.push(Block::Heading("Tra cứu hồ sơ".into()));
    blocks.push(Block::Qr(
        lookup_url.to_owned(),
        format!("Mã tra cứu: {}. Quét mã hoặc mở {lookup_url} để theo dõi hồ sơ.", dossier.lookup_secret),
    ));
    Some(write(&format!("{} — {}", notice.title(), s.code), keywords, &blocks))
}
