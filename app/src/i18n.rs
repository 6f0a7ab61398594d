//! The i18n layer: every UI string, Vietnamese first and English second, checked
//! at compile time (a key missing in either language does not build).
//!
//! The language is a user setting kept in the `lang` cookie, set by
//! `/lang/{vi|en}` so that switching works with or without JavaScript.

use leptos::prelude::*;

/// A UI language.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Locale {
    #[default]
    Vi,
    En,
}

/// Name of the cookie that keeps the chosen language.
pub const LOCALE_COOKIE: &str = "lang";

impl Locale {
    pub fn code(self) -> &'static str {
        match self {
            Self::Vi => "vi",
            Self::En => "en",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        match code.trim() {
            "vi" => Some(Self::Vi),
            "en" => Some(Self::En),
            _ => None,
        }
    }

    /// The locale named by a `Cookie` header, Vietnamese by default.
    pub fn from_cookie_header(header: &str) -> Self {
        header
            .split(';')
            .filter_map(|pair| pair.trim().split_once('='))
            .find(|(name, _)| *name == LOCALE_COOKIE)
            .and_then(|(_, value)| Self::parse(value))
            .unwrap_or_default()
    }

    /// The other language, for the switch.
    pub fn other(self) -> Self {
        match self {
            Self::Vi => Self::En,
            Self::En => Self::Vi,
        }
    }

    pub fn messages(self) -> &'static Messages {
        match self {
            Self::Vi => &VI,
            Self::En => &EN,
        }
    }
}

/// Reads the request's locale (server) or the page's (browser) into context.
pub fn provide_locale() -> Locale {
    let locale = initial_locale();
    provide_context(locale);
    locale
}

#[cfg(feature = "ssr")]
fn initial_locale() -> Locale {
    use_context::<http::request::Parts>()
        .and_then(|parts| parts.headers.get(http::header::COOKIE)?.to_str().ok().map(Locale::from_cookie_header))
        .unwrap_or_default()
}

// The server wrote the same cookie's locale into <html lang>; hydrate with it.
#[cfg(not(feature = "ssr"))]
fn initial_locale() -> Locale {
    document()
        .document_element()
        .and_then(|html| html.get_attribute("lang"))
        .and_then(|lang| Locale::parse(&lang))
        .unwrap_or_default()
}

/// The current locale.
pub fn use_locale() -> Locale {
    use_context::<Locale>().unwrap_or_default()
}

/// The current locale's messages.
pub fn use_t() -> &'static Messages {
    use_locale().messages()
}

/// Replaces `{name}` placeholders in a message.
pub fn fill(message: &str, args: &[(&str, &dyn std::fmt::Display)]) -> String {
    let mut out = message.to_owned();
    for (name, value) in args {
        out = out.replace(&format!("{{{name}}}"), &value.to_string());
    }
    out
}

macro_rules! messages {
    ($($key:ident: $vi:literal, $en:literal;)*) => {
        /// Every UI string in one language.
        pub struct Messages { $(pub $key: &'static str,)* }
        /// Vietnamese.
        pub static VI: Messages = Messages { $($key: $vi,)* };
        /// English.
        pub static EN: Messages = Messages { $($key: $en,)* };
    };
}

messages! {
    site_name: "Cổng Dịch vụ công", "Public Services Portal";
    site_tagline: "Kết nối, cung cấp thông tin và dịch vụ công mọi lúc, mọi nơi", "Information and public services, anytime, anywhere";
    skip_to_content: "Chuyển đến nội dung chính", "Skip to main content";
    nav_label: "Điều hướng chính", "Main navigation";
    nav_home: "Trang chủ", "Home";
    nav_procedures: "Thủ tục hành chính", "Administrative procedures";
    switch_language: "English", "Tiếng Việt";
    switch_language_label: "Switch to English", "Chuyển sang tiếng Việt";
    footer_text: "Cổng Dịch vụ công trực tuyến — thông tin thủ tục hành chính được công khai theo quy định.", "Online public services portal — administrative procedures published as the law requires.";
    footer_open_data: "Dữ liệu mở (API)", "Open data (API)";

    home_title: "Cổng Dịch vụ công — Tra cứu thủ tục hành chính", "Public Services Portal — find an administrative procedure";
    home_description: "Tra cứu đầy đủ thông tin thủ tục hành chính: trình tự, thành phần hồ sơ, phí, lệ phí, căn cứ pháp lý và biểu mẫu.", "Complete information on administrative procedures: steps, required documents, fees, legal bases and form templates.";
    home_heading: "Tìm thủ tục hành chính", "Find an administrative procedure";
    home_intro: "Thông tin đầy đủ về trình tự, thành phần hồ sơ, phí và căn cứ pháp lý của từng thủ tục.", "Complete information on the steps, documents, fees and legal basis of every procedure.";
    featured_sectors: "Lĩnh vực tiêu biểu", "Featured sectors";
    all_procedures: "Xem tất cả thủ tục", "See all procedures";
    procedure_count: "{n} thủ tục", "Procedures: {n}";

    search_label: "Tên thủ tục, mã thủ tục hoặc từ khóa", "Procedure name, code or keyword";
    search_placeholder: "Ví dụ: đăng ký khai sinh", "For example: birth registration";
    search_button: "Tìm kiếm", "Search";
    search_hint: "Có thể gõ có dấu hoặc không dấu.", "With or without Vietnamese diacritics.";

    catalog_title: "Thủ tục hành chính", "Administrative procedures";
    catalog_title_query: "Kết quả tìm kiếm “{q}” — Thủ tục hành chính", "Results for “{q}” — Administrative procedures";
    catalog_description: "Danh mục thủ tục hành chính: tìm theo tên, lĩnh vực, cơ quan thực hiện và mức độ dịch vụ công.", "Catalog of administrative procedures: search by name, sector, agency and service level.";
    filters_label: "Lọc thủ tục", "Filter procedures";
    filter_sector: "Lĩnh vực", "Sector";
    filter_agency: "Cơ quan thực hiện", "Agency";
    filter_level: "Mức độ", "Level";
    filter_any: "Tất cả", "All";
    filter_apply: "Áp dụng", "Apply";
    filter_clear: "Xóa bộ lọc", "Clear filters";
    result_count: "Tìm thấy {n} thủ tục", "Procedures found: {n}";
    no_results: "Không tìm thấy thủ tục phù hợp. Hãy thử từ khóa ngắn hơn hoặc bỏ bớt bộ lọc.", "No procedure matches. Try a shorter keyword or fewer filters.";
    loading: "Đang tải…", "Loading…";
    pagination_label: "Phân trang", "Pagination";
    page_previous: "Trang trước", "Previous page";
    page_next: "Trang sau", "Next page";
    page_of: "Trang {page}/{count}", "Page {page} of {count}";
    page_number: "Trang {page}", "Page {page}";

    level_name_1: "Mức độ 1", "Level 1";
    level_name_2: "Mức độ 2", "Level 2";
    level_name_3: "Mức độ 3", "Level 3";
    level_name_4: "Mức độ 4", "Level 4";
    level_help_1: "Chỉ cung cấp thông tin", "Information only";
    level_help_2: "Tải mẫu và nộp hồ sơ trực tuyến", "Download templates, submit online";
    level_help_3: "Điền và nộp biểu mẫu trực tuyến", "Fill in and submit forms online";
    level_help_4: "Thanh toán và nhận kết quả trực tuyến", "Pay and receive the result online";
    class_partial: "Dịch vụ công trực tuyến một phần", "Partially online public service";
    class_full: "Dịch vụ công trực tuyến toàn trình", "Fully online public service";
    class_none: "Cung cấp thông tin", "Information only";
    agency_level_central: "Trung ương", "Central";
    agency_level_province: "Cấp tỉnh", "Province level";
    agency_level_ward: "Cấp xã", "Commune level";
    working_days: "{n} ngày làm việc", "{n} working days";
    same_day: "Trong ngày", "Same day";

    field_code: "Mã thủ tục", "Procedure code";
    field_sector: "Lĩnh vực", "Sector";
    field_agency: "Cơ quan thực hiện", "Implementing agency";
    field_agency_level: "Cấp thực hiện", "Government level";
    field_level: "Mức độ dịch vụ công", "Online service level";
    field_class: "Phân loại (Nghị định 42/2022/NĐ-CP)", "Class (Decree 42/2022/NĐ-CP)";
    field_processing_time: "Thời hạn giải quyết", "Processing time";
    field_applicants: "Đối tượng thực hiện", "Who may apply";
    field_channels: "Cách thức thực hiện", "How to submit";
    field_result: "Kết quả thực hiện", "Result";
    channel_online: "Nộp trực tuyến qua Cổng Dịch vụ công", "Online, through this portal";
    channel_desk: "Nộp trực tiếp tại Bộ phận Một cửa", "In person at the one-stop desk";
    channel_post: "Qua dịch vụ bưu chính công ích", "By public postal service";
    section_steps: "Trình tự thực hiện", "Steps";
    section_conditions: "Yêu cầu, điều kiện thực hiện", "Conditions";
    no_conditions: "Không có.", "None.";
    section_documents: "Thành phần hồ sơ", "Required documents";
    doc_name: "Tên giấy tờ", "Document";
    doc_quantity: "Số lượng", "Quantity";
    doc_template: "Mẫu đơn, tờ khai", "Form template";
    doc_originals: "Bản chính: {n}", "Originals: {n}";
    doc_copies: "Bản sao: {n}", "Copies: {n}";
    doc_optional: "(nếu có)", "(if any)";
    download_template: "Tải về: {name} ({kind})", "Download: {name} ({kind})";
    no_template: "—", "—";
    section_fees: "Phí, lệ phí", "Fees";
    no_fees: "Không thu phí, lệ phí.", "Free of charge.";
    fee_stage_submission: "Nộp khi nộp hồ sơ", "Paid on submission";
    fee_stage_result: "Nộp khi nhận kết quả", "Paid on collecting the result";
    fee_exemption: "Miễn: {who}", "Exempt: {who}";
    section_legal: "Căn cứ pháp lý", "Legal basis";
    legal_issued: "{issuer}, ban hành ngày {date}", "{issuer}, issued {date}";
    back_to_catalog: "← Quay lại danh sách thủ tục", "← Back to the procedure list";

    not_found_title: "Không tìm thấy trang", "Page not found";
    not_found_procedure_title: "Không tìm thấy thủ tục", "Procedure not found";
    not_found_procedure_text: "Không có thủ tục hành chính nào mang mã “{code}”. Mã có thể đã thay đổi hoặc thủ tục đã bị bãi bỏ.", "No administrative procedure has the code “{code}”. The code may have changed or the procedure may have been abolished.";
    not_found_text: "Địa chỉ bạn mở không tồn tại hoặc đã được chuyển đi.", "The address you opened does not exist or has moved.";
    error_title: "Đã có lỗi xảy ra", "Something went wrong";
    error_text: "Hệ thống tạm thời không trả lời được. Vui lòng thử lại sau ít phút.", "The system could not answer just now. Please try again in a few minutes.";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookie_header_selects_the_locale() {
        assert_eq!(Locale::from_cookie_header("a=1; lang=en; b=2"), Locale::En);
        assert_eq!(Locale::from_cookie_header("lang=vi"), Locale::Vi);
        assert_eq!(Locale::from_cookie_header("lang=fr"), Locale::Vi);
        assert_eq!(Locale::from_cookie_header(""), Locale::Vi);
        assert_eq!(Locale::from_cookie_header("xlang=en"), Locale::Vi);
    }

    #[test]
    fn fill_replaces_every_placeholder() {
        assert_eq!(fill(VI.page_of, &[("page", &2), ("count", &5)]), "Trang 2/5");
        assert_eq!(fill(EN.result_count, &[("n", &1)]), "Procedures found: 1");
    }
}
