//! The confirmation of a dossier submitted online.

use super::{Block, Letterhead, PaperError, write};
use crate::domain::dossier::{format_vn_datetime, vietnam_date};
use crate::domain::progress::DossierView;
use crate::i18n::Locale;

/// The confirmation of a submitted dossier ("Xác nhận nộp hồ sơ trực tuyến"):
/// the code, the procedure, the agency, the date, the documents received,
/// the lookup secret and a QR code to the public lookup page.
pub fn confirmation(dossier: &DossierView, lookup_url: &str) -> Result<Vec<u8>, PaperError> {
    let locale = Locale::Vi;
    let s = &dossier.summary;
    let mut blocks = vec![
        Block::Head(Letterhead {
            agency: s.agency_name.get(locale).to_owned(),
            number: Some(s.code.clone()),
            date: vietnam_date(s.submitted_at),
        }),
        Block::Title("XÁC NHẬN NỘP HỒ SƠ TRỰC TUYẾN".into()),
        Block::Centred("Cổng Dịch vụ công trực tuyến".into()),
        Block::Gap,
        Block::Row("Mã hồ sơ:".into(), s.code.clone()),
        Block::Row("Thủ tục:".into(), format!("{} ({})", s.procedure_name.get(locale), s.procedure_code)),
        Block::Row("Cơ quan tiếp nhận:".into(), s.agency_name.get(locale).to_owned()),
        Block::Row("Thời điểm nộp:".into(), format_vn_datetime(s.submitted_at)),
        Block::Row("Trạng thái:".into(), s.status.label(locale.messages()).to_owned()),
        Block::Row("Mã tra cứu:".into(), dossier.lookup_secret.clone()),
        Block::Heading("Giấy tờ đã nộp".into()),
    ];
    if dossier.attachments.is_empty() {
        blocks.push(Block::Text("Tờ khai điện tử (không kèm tệp).".into()));
    } else {
        blocks.push(Block::Text("Tờ khai điện tử.".into()));
    }
    for file in &dossier.attachments {
        let document = dossier
            .documents
            .get((file.document as usize).saturating_sub(1))
            .map(|d| d.get(locale).to_owned())
            .unwrap_or_default();
        blocks.push(Block::Text(format!(
            "• {document}: {} ({} byte, SHA-256 {}…)",
            file.file_name,
            file.size,
            &file.sha256[..16.min(file.sha256.len())]
        )));
    }
    blocks.push(Block::Heading("Tra cứu hồ sơ".into()));
    blocks.push(Block::Qr(
        lookup_url.to_owned(),
        format!(
            "Quét mã hoặc mở {lookup_url} và nhập mã hồ sơ cùng mã tra cứu để theo dõi tình trạng giải quyết. \
             Đây là xác nhận hồ sơ đã được gửi; cơ quan tiếp nhận sẽ kiểm tra và cấp Giấy tiếp nhận hồ sơ và hẹn trả kết quả."
        ),
    ));
    write(&format!("Xác nhận nộp hồ sơ {}", s.code), vec![s.code.clone(), s.procedure_code.clone()], &blocks)
}
