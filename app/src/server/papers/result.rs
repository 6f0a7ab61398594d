//! The result of a procedure, issued as an electronic document with a
//! digital signature and a code to verify it.

use super::{Block, Letterhead, PaperError, write};
use crate::domain::dossier::{format_vn_datetime, vietnam_date};
use chrono::{DateTime, Utc};

/// What the result paper says.
pub struct ResultPaper<'a> {
    /// The verification code (`KQ-…`), also the paper's number.
    pub code: &'a str,
    pub dossier_code: &'a str,
    pub applicant: &'a str,
    pub procedure: &'a str,
    pub procedure_code: &'a str,
    /// What the procedure results in (a certificate, a licence, …).
    pub result: &'a str,
    pub agency: &'a str,
    pub approver: &'a str,
    pub signed_at: DateTime<Utc>,
    /// The processor's working file, with its SHA-256.
    pub attached: Option<(&'a str, &'a str)>,
    pub verify_url: &'a str,
}

pub fn result(paper: &ResultPaper) -> Result<Vec<u8>, PaperError> {
    let mut blocks = vec![
        Block::Head(Letterhead {
            agency: paper.agency.to_owned(),
            number: Some(paper.code.to_owned()),
            date: vietnam_date(paper.signed_at),
        }),
        Block::Title("KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH".into()),
        Block::Centred(format!("Bản điện tử có chữ ký số — mã kiểm tra {}", paper.code)),
        Block::Gap,
        Block::Row("Mã hồ sơ:".into(), paper.dossier_code.to_owned()),
        Block::Row("Người yêu cầu:".into(), paper.applicant.to_owned()),
        Block::Row("Thủ tục:".into(), format!("{} ({})", paper.procedure, paper.procedure_code)),
        Block::Row("Kết quả:".into(), paper.result.to_owned()),
        Block::Row("Cơ quan giải quyết:".into(), paper.agency.to_owned()),
        Block::Row("Người phê duyệt:".into(), paper.approver.to_owned()),
        Block::Row("Thời điểm ký:".into(), format_vn_datetime(paper.signed_at)),
    ];
    if let Some((file_name, sha256)) = paper.attached {
        blocks.push(Block::Row("Tài liệu kèm theo:".into(), format!("{file_name} (SHA-256 {sha256})")));
    }
    blocks.push(Block::Gap);
    blocks.push(Block::Qr(
        paper.verify_url.to_owned(),
        format!("Quét mã hoặc mở {} để kiểm tra chữ ký số của văn bản này (Ed25519).", paper.verify_url),
    ));
    write(
        &format!("Kết quả {}", paper.dossier_code),
        vec![paper.dossier_code.to_owned(), paper.code.to_owned()],
        &blocks,
    )
}
