//! The electronic receipt (biên lai) of a fee paid online.

use super::{Block, Letterhead, PaperError, write};
use crate::domain::catalog::format_vnd;
use crate::domain::dossier::{format_vn_datetime, vietnam_date};
use chrono::{DateTime, Utc};

/// What the receipt says.
pub struct ReceiptPaper<'a> {
    /// The order's reference, also the receipt's number.
    pub txn_ref: &'a str,
    pub payer: &'a str,
    pub dossier_code: &'a str,
    pub procedure: &'a str,
    pub procedure_code: &'a str,
    pub amount_vnd: i64,
    /// The gateway's transaction number and the bank.
    pub transaction_no: &'a str,
    pub bank: &'a str,
    pub paid_at: DateTime<Utc>,
    /// The agency that collects the fee.
    pub agency: &'a str,
}

pub fn receipt(paper: &ReceiptPaper) -> Result<Vec<u8>, PaperError> {
    let blocks = [
        Block::Head(Letterhead {
            agency: paper.agency.to_owned(),
            number: Some(paper.txn_ref.to_owned()),
            date: vietnam_date(paper.paid_at),
        }),
        Block::Title("BIÊN LAI THU PHÍ, LỆ PHÍ (ĐIỆN TỬ)".into()),
        Block::Gap,
        Block::Row("Người nộp:".into(), paper.payer.to_owned()),
        Block::Row("Mã hồ sơ:".into(), paper.dossier_code.to_owned()),
        Block::Row("Thủ tục:".into(), format!("{} ({})", paper.procedure, paper.procedure_code)),
        Block::Row("Số tiền:".into(), format_vnd(paper.amount_vnd)),
        Block::Row("Hình thức:".into(), "Thanh toán trực tuyến qua VNPay".into()),
        Block::Row("Mã giao dịch VNPay:".into(), paper.transaction_no.to_owned()),
        Block::Row("Ngân hàng:".into(), paper.bank.to_owned()),
        Block::Row("Thời điểm thanh toán:".into(), format_vn_datetime(paper.paid_at)),
        Block::Gap,
        Block::Text(format!("Đơn vị thu: {}. Biên lai điện tử có giá trị như biên lai giấy.", paper.agency)),
    ];
    write(
        &format!("Biên lai {}", paper.txn_ref),
        vec![paper.txn_ref.to_owned(), paper.dossier_code.to_owned()],
        &blocks,
    )
}
