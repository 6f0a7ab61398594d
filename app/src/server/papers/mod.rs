//! The papers DVC prints — Forms 01–04 of the one-stop workflow
//! (`notices`), the confirmation of an online submission, the fee receipt
//! and the signed result — share this one writer and one layout, in the
//! national format for administrative documents (Decree 30/2020/NĐ-CP,
//! Appendix I): the issuing agency top left with the paper's number under
//! it, the national name and motto top right with the date under them, the
//! title centred below. Text is laid out first (`layout`: positions, line
//! breaks, pages; tested), then drawn with krilla, DejaVu Sans embedded for
//! Vietnamese.

pub mod confirmation;
pub mod notices;
pub mod receipt;
pub mod result;

use chrono::{Datelike, NaiveDate};
use krilla::Document;
use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::metadata::Metadata;
use krilla::page::PageSettings;
use krilla::paint::Fill;
use krilla::text::{Font, TextDirection};
use std::sync::LazyLock;

static REGULAR: LazyLock<Option<Font>> =
    LazyLock::new(|| Font::new(include_bytes!("../../../fonts/DejaVuSans.ttf").as_slice().into(), 0));
static BOLD: LazyLock<Option<Font>> =
    LazyLock::new(|| Font::new(include_bytes!("../../../fonts/DejaVuSans-Bold.ttf").as_slice().into(), 0));

/// A4 in points.
const WIDTH: f32 = 595.0;
const HEIGHT: f32 = 842.0;
const MARGIN: f32 = 56.0;
const TEXT_WIDTH: f32 = WIDTH - 2.0 * MARGIN;
/// Width of a row's label column.
const LABEL_WIDTH: f32 = 150.0;
const QR_SIZE: f32 = 110.0;

/// Why a paper could not be written.
#[derive(Debug, thiserror::Error)]
pub enum PaperError {
    #[error("the embedded font does not load")]
    Font,
    #[error("QR code: {0}")]
    Qr(#[from] qrcode::types::QrError),
    #[error("PDF: {0}")]
    Pdf(String),
}

impl From<PaperError> for crate::error::AppError {
    fn from(err: PaperError) -> Self {
        Self::internal(err)
    }
}

/// The head of a paper: who issues it, its number, the day it is dated.
pub struct Letterhead {
    pub agency: String,
    pub number: Option<String>,
    pub date: NaiveDate,
}

/// One piece of a paper, laid out top to bottom.
pub enum Block {
    /// The national-format head; first on the paper.
    Head(Letterhead),
    /// Centred, bold.
    Title(String),
    /// Centred, regular, small.
    Centred(String),
    /// A label and its value on one row (both wrap).
    Row(String, String),
    /// Wrapped text.
    Text(String),
    /// A bold line.
    Heading(String),
    /// A QR code of this text with a caption beside it.
    Qr(String, String),
    Gap,
}

/// The date line of the head: `ngày 05 tháng 02 năm 2026` — day below 10
/// and months January and February with a leading zero (Decree 30/2020).
pub fn dated(day: NaiveDate) -> String {
    let month = match day.month() {
        m @ 1..=2 => format!("{m:02}"),
        m => m.to_string(),
    };
    format!("ngày {:02} tháng {month} năm {}", day.day(), day.year())
}

/// Writes `blocks` as an A4 document (more pages as needed). `keywords`
/// go to the metadata, where programs (and tests) can read them.
pub fn write(title: &str, keywords: Vec<String>, blocks: &[Block]) -> Result<Vec<u8>, PaperError> {
    let (Some(regular), Some(bold)) = (REGULAR.clone(), BOLD.clone()) else {
        return Err(PaperError::Font);
    };
    let marks = layout(blocks);
    let pages = marks.iter().map(Mark::page).max().unwrap_or(0) + 1;
    let mut document = Document::new();
    document.set_metadata(
        Metadata::new().title(title.to_owned()).keywords(keywords).language("vi".into()).creator("DVC".into()),
    );
    for page_number in 0..pages {
        let settings = PageSettings::from_wh(WIDTH, HEIGHT).ok_or(PaperError::Pdf("page size".into()))?;
        let mut page = document.start_page_with(settings);
        let mut surface = page.surface();
        for mark in marks.iter().filter(|m| m.page() == page_number) {
            match mark {
                Mark::Text(line) => {
                    let font = if line.bold { bold.clone() } else { regular.clone() };
                    let at = Point::from_xy(line.x, line.y);
                    surface.draw_text(at, font, line.size, &line.text, false, TextDirection::Auto);
                }
                Mark::Rule { x, y, width, .. } => {
                    if let Some(rect) = Rect::from_xywh(*x, *y, *width, 0.6) {
                        let mut path = PathBuilder::new();
                        path.push_rect(rect);
                        if let Some(path) = path.finish() {
                            surface.set_fill(Some(black()));
                            surface.draw_path(&path);
                        }
                    }
                }
                Mark::Qr { x, y, data, .. } => draw_qr(&mut surface, data, *x, *y, QR_SIZE)?,
            }
        }
        surface.finish();
        page.finish();
    }
    document.finish().map_err(|e| PaperError::Pdf(format!("{e:?}")))
}

/// A line of text where it is drawn (its baseline).
#[derive(Clone, Debug, PartialEq)]
struct Line {
    page: usize,
    x: f32,
    y: f32,
    size: f32,
    bold: bool,
    text: String,
}

/// Something drawn on a page.
#[derive(Clone, Debug, PartialEq)]
enum Mark {
    Text(Line),
    Rule { page: usize, x: f32, y: f32, width: f32 },
    Qr { page: usize, x: f32, y: f32, data: String },
}

impl Mark {
    fn page(&self) -> usize {
        match self {
            Self::Text(line) => line.page,
            Self::Rule { page, .. } | Self::Qr { page, .. } => *page,
        }
    }
}

/// Where the layout stands: the page and the height used on it.
struct Cursor {
    page: usize,
    y: f32,
    marks: Vec<Mark>,
}

impl Cursor {
    /// Starts a new page unless `height` still fits on this one.
    fn room(&mut self, height: f32) {
        if self.y + height > HEIGHT - MARGIN {
            self.page += 1;
            self.y = MARGIN;
        }
    }

    /// `text` wrapped to `width` from `left`, each line centred when `centre`.
    fn lines(&mut self, left: f32, width: f32, size: f32, bold: bool, centre: bool, text: &str) {
        for line in wrap(text, size, bold, width) {
            self.room(size * 1.4);
            self.y += size * 1.4;
            let x = if centre { left + (width - width_of(&line, size, bold)).max(0.0) / 2.0 } else { left };
            self.marks.push(Mark::Text(Line { page: self.page, x, y: self.y, size, bold, text: line }));
        }
    }

    fn rule(&mut self, centre: f32, width: f32) {
        self.marks.push(Mark::Rule { page: self.page, x: centre - width / 2.0, y: self.y + 4.0, width });
        self.y += 6.0;
    }
}

/// Where every line, rule and code of `blocks` goes.
fn layout(blocks: &[Block]) -> Vec<Mark> {
    let mut c = Cursor { page: 0, y: MARGIN, marks: Vec::new() };
    for block in blocks {
        match block {
            Block::Head(head) => {
                let (left_width, gap) = (TEXT_WIDTH * 0.42, 12.0);
                let right = MARGIN + left_width + gap;
                let right_width = TEXT_WIDTH - left_width - gap;
                c.room(90.0);
                let top = c.y;
                c.lines(MARGIN, left_width, 10.0, true, true, &head.agency.to_uppercase());
                c.rule(MARGIN + left_width / 2.0, 60.0);
                if let Some(number) = &head.number {
                    c.lines(MARGIN, left_width, 10.0, false, true, &format!("Số: {number}"));
                }
                let left_end = c.y;
                c.y = top;
                c.lines(right, right_width, 10.0, true, true, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
                let motto = "Độc lập - Tự do - Hạnh phúc";
                c.lines(right, right_width, 10.5, true, true, motto);
                c.rule(right + right_width / 2.0, width_of(motto, 10.5, true));
                c.lines(right, right_width, 10.0, false, true, &dated(head.date));
                c.y = c.y.max(left_end) + 14.0;
            }
            Block::Title(text) => {
                c.y += 6.0;
                c.lines(MARGIN, TEXT_WIDTH, 14.0, true, true, text);
                c.y += 4.0;
            }
            Block::Centred(text) => c.lines(MARGIN, TEXT_WIDTH, 10.0, false, true, text),
            Block::Heading(text) => {
                c.y += 8.0;
                c.lines(MARGIN, TEXT_WIDTH, 11.5, true, false, text);
                c.y += 2.0;
            }
            Block::Row(label, value) => {
                c.room(14.0 * 2.0);
                let top = c.y;
                c.lines(MARGIN, LABEL_WIDTH - 8.0, 10.0, true, false, label);
                let (label_page, label_end) = (c.page, c.y);
                c.y = top;
                c.lines(MARGIN + LABEL_WIDTH, TEXT_WIDTH - LABEL_WIDTH, 10.0, false, false, value);
                if c.page == label_page {
                    c.y = c.y.max(label_end);
                }
                c.y += 2.0;
            }
            Block::Text(text) => c.lines(MARGIN, TEXT_WIDTH, 10.0, false, false, text),
            Block::Qr(data, caption) => {
                c.room(QR_SIZE + 20.0);
                c.y += 12.0;
                let top = c.y;
                c.marks.push(Mark::Qr { page: c.page, x: MARGIN, y: top, data: data.clone() });
                let beside = MARGIN + QR_SIZE + 16.0;
                c.lines(beside, TEXT_WIDTH - QR_SIZE - 16.0, 9.0, false, false, caption);
                c.y = top + QR_SIZE + 8.0;
            }
            Block::Gap => c.y += 10.0,
        }
    }
    c.marks
}

/// A generous width of `text` in DejaVu Sans at `size` points: wide enough
/// that a line measured to fit does fit (capitals and digits are wide).
fn width_of(text: &str, size: f32, bold: bool) -> f32 {
    let ems: f32 = text
        .chars()
        .map(|c| match c {
            ' ' => 0.32,
            'i' | 'l' | 'j' | '.' | ',' | ':' | ';' | '\'' | '|' | '!' => 0.3,
            c if c.is_uppercase() => 0.74,
            c if c.is_ascii_digit() => 0.64,
            'm' | 'w' | 'M' | 'W' => 0.92,
            _ => 0.62,
        })
        .sum();
    ems * size * if bold { 1.1 } else { 1.0 }
}

/// Splits `text` into lines that fit `width`: at spaces, and a word longer
/// than a whole line (a SHA-256, a long address) is cut where it must be,
/// so nothing runs off the page.
fn wrap(text: &str, size: f32, bold: bool, width: f32) -> Vec<String> {
    let fits = |s: &str| width_of(s, size, bold) <= width;
    let mut lines = Vec::new();
    for paragraph in text.lines() {
        let mut line = String::new();
        for word in paragraph.split_whitespace() {
            let mut word = word;
            while !word.is_empty() {
                let candidate = if line.is_empty() { word.to_owned() } else { format!("{line} {word}") };
                if fits(&candidate) {
                    line = candidate;
                    break;
                }
                if !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                    continue;
                }
                // The word alone is wider than the line: its longest head that fits.
                let mut cut = word.char_indices().nth(1).map_or(word.len(), |(i, _)| i);
                for (i, ch) in word.char_indices().skip(1) {
                    if !fits(&word[..i + ch.len_utf8()]) {
                        break;
                    }
                    cut = i + ch.len_utf8();
                }
                lines.push(word[..cut].to_owned());
                word = &word[cut..];
            }
        }
        lines.push(line);
    }
    lines
}

fn black() -> Fill {
    Fill { paint: rgb::Color::new(0, 0, 0).into(), ..Fill::default() }
}

fn draw_qr(surface: &mut krilla::surface::Surface, data: &str, x: f32, y: f32, size: f32) -> Result<(), PaperError> {
    let code = qrcode::QrCode::new(data.as_bytes())?;
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
        surface.set_fill(Some(black()));
        surface.draw_path(&path);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const SHA256: &str = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    fn texts(marks: &[Mark]) -> Vec<&Line> {
        marks
            .iter()
            .filter_map(|m| match m {
                Mark::Text(line) => Some(line),
                _ => None,
            })
            .collect()
    }

    fn head() -> Block {
        Block::Head(Letterhead {
            agency: "Ủy ban nhân dân phường Bến Thành".into(),
            number: Some("000.00.31.H29-261129-0001".into()),
            date: NaiveDate::from_ymd_opt(2026, 2, 5).unwrap(),
        })
    }

    #[test]
    fn long_text_wraps_at_spaces_and_keeps_every_word() {
        let text =
            "Giấy chứng sinh hoặc văn bản của người làm chứng xác nhận về việc sinh, nếu không có giấy chứng sinh";
        let lines = wrap(text, 10.0, false, 200.0);
        assert!(lines.len() > 1);
        assert!(lines.iter().all(|l| width_of(l, 10.0, false) <= 200.0), "{lines:?}");
        assert_eq!(lines.join(" "), text);
    }

    #[test]
    fn a_word_longer_than_the_line_is_cut_not_left_to_run_off() {
        let text = format!("hoso.pdf (SHA-256 {SHA256})");
        let lines = wrap(&text, 10.0, false, 180.0);
        assert!(lines.len() >= 3, "{lines:?}");
        assert!(lines.iter().all(|l| width_of(l, 10.0, false) <= 180.0), "{lines:?}");
        assert_eq!(lines.concat().replace(' ', ""), text.replace(' ', ""));
    }

    #[test]
    fn every_line_of_a_paper_stays_inside_the_margins() {
        let blocks = [
            head(),
            Block::Title("KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH".into()),
            Block::Row("Tài liệu kèm theo:".into(), format!("giay-khai-sinh-ban-chinh.pdf (SHA-256 {SHA256})")),
            Block::Text(format!("Mã băm: {SHA256}{SHA256}")),
            Block::Qr(
                format!("https://dvc.example.vn/verify/{SHA256}"),
                format!("Mở https://dvc.example.vn/verify/{SHA256}"),
            ),
        ];
        let marks = layout(&blocks);
        for line in texts(&marks) {
            let right = line.x + width_of(&line.text, line.size, line.bold);
            assert!(line.x >= MARGIN - 0.01 && right <= WIDTH - MARGIN + 0.01, "{line:?} ends at {right}");
            assert!(line.y <= HEIGHT - MARGIN, "{line:?}");
        }
    }

    #[test]
    fn the_head_follows_the_national_format() {
        let marks = layout(&[head(), Block::Title("GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ".into())]);
        let lines = texts(&marks);
        let find = |text: &str| {
            *lines.iter().find(|l| l.text.contains(text)).unwrap_or_else(|| panic!("{text} in {lines:#?}"))
        };
        let agency = find("PHƯỜNG BẾN");
        let number = find("Số: 000.00.31.H29");
        let nation = find("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
        let motto = find("Độc lập - Tự do - Hạnh phúc");
        let date = find("ngày 05 tháng 02 năm 2026");
        let title = find("GIẤY TIẾP NHẬN");
        // The agency and its number top left, the nation, motto and date top right.
        for left in [agency, number] {
            assert!(left.x + width_of(&left.text, left.size, left.bold) < WIDTH / 2.0, "{left:?}");
        }
        for right in [nation, motto, date] {
            assert!(right.x > MARGIN + TEXT_WIDTH * 0.42, "{right:?}");
        }
        let first_agency_line = lines.iter().find(|l| l.text.contains("ỦY BAN")).unwrap();
        assert_eq!(first_agency_line.y, nation.y, "both columns start on the same line");
        assert!(nation.bold && motto.bold && agency.bold && !date.bold);
        // The title below both columns, centred.
        assert!(title.y > number.y && title.y > date.y);
        let middle = title.x + width_of(&title.text, title.size, title.bold) / 2.0;
        assert!((middle - WIDTH / 2.0).abs() < 1.0, "{title:?}");
    }

    #[test]
    fn dates_are_written_the_national_way() {
        let day = |m, d| NaiveDate::from_ymd_opt(2026, m, d).unwrap();
        assert_eq!(dated(day(2, 5)), "ngày 05 tháng 02 năm 2026");
        assert_eq!(dated(day(3, 9)), "ngày 09 tháng 3 năm 2026");
        assert_eq!(dated(day(12, 15)), "ngày 15 tháng 12 năm 2026");
    }

    #[test]
    fn a_long_paper_goes_on_to_a_second_page() {
        let blocks: Vec<Block> = (0..80).map(|i| Block::Text(format!("Dòng số {i}"))).collect();
        let marks = layout(&blocks);
        assert_eq!(marks.iter().map(Mark::page).max(), Some(1));
        assert!(texts(&marks).iter().all(|l| l.y <= HEIGHT - MARGIN));
    }

    #[test]
    fn a_document_with_vietnamese_text_and_a_qr_code_is_written() {
        let blocks = [
            head(),
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
