//! PDF documents (krilla, with DejaVu Sans embedded for Vietnamese): a small
//! page writer that the confirmation, and later the receipt, the supplement
//! request and the result, are written with, and the confirmation itself.

use crate::domain::dossier::{DossierView, format_vn_datetime};
use crate::i18n::Locale;
use krilla::Document;
use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::metadata::Metadata;
use krilla::page::PageSettings;
use krilla::paint::Fill;
use krilla::text::{Font, TextDirection};
use std::sync::LazyLock;

static REGULAR: LazyLock<Option<Font>> =
    LazyLock::new(|| Font::new(include_bytes!("../../fonts/DejaVuSans.ttf").as_slice().into(), 0));
static BOLD: LazyLock<Option<Font>> =
    LazyLock::new(|| Font::new(include_bytes!("../../fonts/DejaVuSans-Bold.ttf").as_slice().into(), 0));

/// A4 in points.
const WIDTH: f32 = 595.0;
const HEIGHT: f32 = 842.0;
const MARGIN: f32 = 56.0;

/// One piece of a page, laid out top to bottom.
pub enum Block {
    /// Centred, bold.
    Title(String),
    /// Centred, regular, small.
    Centred(String),
    /// A label and its value on one row (the value wraps).
    Row(String, String),
    /// Wrapped text.
    Text(String),
    /// A bold line.
    Heading(String),
    /// A QR code of this text with a caption under it.
    Qr(String, String),
    Gap,
}

/// Writes `blocks` as an A4 document (more pages as needed). `keywords`
/// go to the metadata, where programs (and tests) can read them.
pub fn write(title: &str, keywords: Vec<String>, blocks: &[Block]) -> Result<Vec<u8>, String> {
    let (Some(regular), Some(bold)) = (REGULAR.clone(), BOLD.clone()) else {
        return Err("the embedded font does not load".into());
    };
    let mut document = Document::new();
    document.set_metadata(
        Metadata::new().title(title.to_owned()).keywords(keywords).language("vi".into()).creator("DVC".into()),
    );
    let settings = || PageSettings::from_wh(WIDTH, HEIGHT).ok_or("page size");
    let mut page = document.start_page_with(settings()?);
    let mut surface = page.surface();
    let mut y = MARGIN;
    for block in blocks {
        let needed = match block {
            Block::Qr(..) => 150.0,
            _ => 40.0,
        };
        if y + needed > HEIGHT - MARGIN {
            surface.finish();
            page.finish();
            page = document.start_page_with(settings()?);
            surface = page.surface();
            y = MARGIN;
        }
        match block {
            Block::Title(text) => {
                for line in wrap(text, 15.0, WIDTH - 2.0 * MARGIN) {
                    let x = (WIDTH - width_of(&line, 15.0)) / 2.0;
                    y += 20.0;
                    surface.draw_text(
                        Point::from_xy(x.max(MARGIN), y),
                        bold.clone(),
                        15.0,
                        &line,
                        false,
                        TextDirection::Auto,
                    );
                }
                y += 6.0;
            }
            Block::Centred(text) => {
                for line in wrap(text, 10.0, WIDTH - 2.0 * MARGIN) {
                    let x = (WIDTH - width_of(&line, 10.0)) / 2.0;
                    y += 14.0;
                    surface.draw_text(
                        Point::from_xy(x.max(MARGIN), y),
                        regular.clone(),
                        10.0,
                        &line,
                        false,
                        TextDirection::Auto,
                    );
                }
            }
            Block::Heading(text) => {
                y += 22.0;
                surface.draw_text(Point::from_xy(MARGIN, y), bold.clone(), 11.5, text, false, TextDirection::Auto);
                y += 4.0;
            }
            Block::Row(label, value) => {
                let label_width = 170.0;
                y += 16.0;
                surface.draw_text(Point::from_xy(MARGIN, y), bold.clone(), 10.0, label, false, TextDirection::Auto);
                let lines = wrap(value, 10.0, WIDTH - 2.0 * MARGIN - label_width);
                for (i, line) in lines.iter().enumerate() {
                    if i > 0 {
                        y += 14.0;
                    }
                    let start = Point::from_xy(MARGIN + label_width, y);
                    surface.draw_text(start, regular.clone(), 10.0, line, false, TextDirection::Auto);
                }
            }
            Block::Text(text) => {
                for line in wrap(text, 10.0, WIDTH - 2.0 * MARGIN) {
                    y += 14.0;
                    surface.draw_text(
                        Point::from_xy(MARGIN, y),
                        regular.clone(),
                        10.0,
                        &line,
                        false,
                        TextDirection::Auto,
                    );
                }
            }
            Block::Qr(data, caption) => {
                y += 12.0;
                let size = 110.0;
                draw_qr(&mut surface, data, MARGIN, y, size)?;
                let x = MARGIN + size + 16.0;
                let mut line_y = y + 10.0;
                for line in wrap(caption, 9.0, WIDTH - 2.0 * MARGIN - size - 16.0) {
                    surface.draw_text(
                        Point::from_xy(x, line_y),
                        regular.clone(),
                        9.0,
                        &line,
                        false,
                        TextDirection::Auto,
                    );
                    line_y += 12.0;
                }
                y += size + 8.0;
            }
            Block::Gap => y += 10.0,
        }
    }
    surface.finish();
    page.finish();
    document.finish().map_err(|e| format!("{e:?}"))
}

/// A rough width of `text` in DejaVu Sans (about 0.55 em a character).
fn width_of(text: &str, size: f32) -> f32 {
    text.chars().count() as f32 * size * 0.55
}

/// Splits `text` into lines that fit `width`, at spaces.
fn wrap(text: &str, size: f32, width: f32) -> Vec<String> {
    let per_line = ((width / (size * 0.55)) as usize).max(10);
    let mut lines = Vec::new();
    for paragraph in text.lines() {
        let mut line = String::new();
        for word in paragraph.split_whitespace() {
            if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > per_line {
                lines.push(std::mem::take(&mut line));
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
        lines.push(line);
    }
    lines
}

fn draw_qr(surface: &mut krilla::surface::Surface, data: &str, x: f32, y: f32, size: f32) -> Result<(), String> {
    let code = qrcode::QrCode::new(data.as_bytes()).map_err(|e| e.to_string())?;
    let modules = code.width();
    let cell = size / modules as f32;
    let mut path = PathBuilder::new();
    for (i, color) in code.to_colors().iter().enumerate() {
        if *color == qrcode::Color::Dark {
            let (row, column) = (i / modules, i % modules);
            if let Some(rect) = Rect::from_xywh(x + column as f32 * cell, y + row as f32 * cell, cell, cell) {
                path.push_rect(rect);
            }
        }
    }
    if let Some(path) = path.finish() {
        surface.set_fill(Some(Fill { paint: rgb::Color::new(0, 0, 0).into(), ..Fill::default() }));
        surface.draw_path(&path);
    }
    Ok(())
}

/// The confirmation of a submitted dossier ("Xác nhận nộp hồ sơ trực tuyến"):
/// the code, the procedure, the agency, the date, the documents received,
/// the lookup secret and a QR code to the public lookup page.
pub fn confirmation(dossier: &DossierView, lookup_url: &str) -> Result<Vec<u8>, String> {
    let locale = Locale::Vi;
    let s = &dossier.summary;
    let mut blocks = vec![
        Block::Centred("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM".into()),
        Block::Centred("Độc lập - Tự do - Hạnh phúc".into()),
        Block::Gap,
        Block::Title("XÁC NHẬN NỘP HỒ SƠ TRỰC TUYẾN".into()),
        Block::Centred(format!("Cổng Dịch vụ công trực tuyến — {}", s.agency_name.get(locale))),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_text_wraps_at_spaces_and_keeps_every_word() {
        let text =
            "Giấy chứng sinh hoặc văn bản của người làm chứng xác nhận về việc sinh, nếu không có giấy chứng sinh";
        let lines = wrap(text, 10.0, 200.0);
        assert!(lines.len() > 1);
        assert!(lines.iter().all(|l| l.chars().count() <= 36), "{lines:?}");
        assert_eq!(lines.join(" "), text);
    }

    #[test]
    fn a_document_with_vietnamese_text_and_a_qr_code_is_written() {
        let blocks = [
            Block::Title("XÁC NHẬN NỘP HỒ SƠ TRỰC TUYẾN".into()),
            Block::Row("Mã hồ sơ:".into(), "000.00.31.H29-261129-0001".into()),
            Block::Qr("https://dvc.example.vn/lookup?code=000.00.31.H29-261129-0001".into(), "Tra cứu".into()),
        ];
        let pdf = write("Xác nhận", vec!["000.00.31.H29-261129-0001".into()], &blocks).unwrap();
        assert!(pdf.starts_with(b"%PDF-"));
        let text = String::from_utf8_lossy(&pdf);
        assert!(text.contains("000.00.31.H29-261129-0001"), "the code is in the metadata");
        // The font is embedded (subset), so the text shows on any reader.
        assert!(text.contains("/FontFile2") || text.contains("/FontFile3"), "font embedded");
    }
}
