//! The i18n layer: every UI string, Vietnamese first and English second, checked
//! at compile time (a key missing in either language does not build).
//!
//! The language is a user setting kept in the `lang` cookie, set by
//! `/lang/{vi|en}` so that switching works with or without JavaScript.
//!
//! This file is plain data and functions (the domain uses it to name its
//! rules and statuses); reading the page's language from the Leptos context
//! lives in `context`.

mod context;

pub use context::{provide_locale, use_locale, use_t};

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
    implementers_title: "Nơi thực hiện", "Where to apply";
    implementers_count: "{n} cơ quan thực hiện", "{n} implementing agencies";
    implementers_search: "Tìm cơ quan (gõ có dấu hoặc không dấu)", "Find an agency (diacritics optional)";
    implementers_province: "Tỉnh, thành phố", "Province or city";
    implementers_found: "Tìm thấy {n} cơ quan.", "{n} agencies found.";
    implementers_none: "Không có cơ quan nào khớp với tìm kiếm.", "No agency matches the search.";
    implementers_pages: "Các trang danh sách cơ quan", "Pages of the agency list";
    any_desk_yes: "Được nộp hồ sơ tại bất kỳ cơ quan nào trong danh sách, không phụ thuộc nơi cư trú.", "You may file at any agency in the list, wherever you live.";
    any_desk_no: "Nộp hồ sơ tại cơ quan nơi bạn cư trú.", "File with the agency where you live.";
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

    nav_account: "Tài khoản", "Account";
    nav_sign_in: "Đăng nhập", "Sign in";
    nav_register: "Đăng ký", "Register";
    nav_dashboard: "Bàn làm việc", "Dashboard";
    nav_sign_out: "Đăng xuất", "Sign out";
    forbidden_title: "Không có quyền truy cập", "Access denied";

    error_sign_in_required: "Vui lòng đăng nhập để tiếp tục.", "Please sign in to continue.";
    error_step_required: "Bạn cần hoàn tất bước đăng nhập (đổi mật khẩu hoặc xác thực hai lớp) trước.", "Finish signing in first (change your password or enter your second factor).";
    error_forbidden: "Tài khoản của bạn không có quyền dùng chức năng này. Trang này dành cho cán bộ, công chức được cơ quan cấp quyền.", "Your account may not use this. This page is for officials given access by their agency.";
    error_invalid: "Thông tin chưa hợp lệ. Vui lòng sửa các mục được đánh dấu.", "Some information is not valid. Please correct the marked fields.";
    error_bad_credentials: "Số định danh/thư điện tử hoặc mật khẩu không đúng.", "The ID number/e-mail or the password is wrong.";
    error_bad_code: "Mã xác thực không đúng hoặc đã được dùng. Hãy nhập mã mới trong ứng dụng xác thực.", "The code is wrong or already used. Enter the current code from your authenticator app.";
    error_rate_limited: "Bạn đã thử quá nhiều lần. Vui lòng thử lại sau {minutes} phút.", "Too many attempts. Please try again in {minutes} min.";
    error_account_disabled: "Tài khoản đã bị khóa. Vui lòng liên hệ quản trị cơ quan.", "This account is disabled. Please contact your agency's administrator.";
    error_use_vneid: "Công dân đăng nhập bằng tài khoản định danh điện tử VNeID; cổng không cấp tài khoản mật khẩu cho công dân.", "Citizens sign in with their VNeID electronic identity; this portal has no password accounts for citizens.";
    error_identity_level: "Thủ tục này cần tài khoản định danh điện tử VNeID mức độ {level}. Hãy đăng nhập bằng VNeID mức độ {level} để nộp; hồ sơ đang soạn được giữ nguyên.", "This procedure needs a level {level} VNeID electronic identity. Sign in with VNeID at level {level} to submit; your draft is kept.";
    vneid_sign_in: "Đăng nhập bằng VNeID", "Sign in with VNeID";
    vneid_sign_in_hint: "Tài khoản định danh điện tử do Bộ Công an cấp (ứng dụng VNeID).", "The electronic identity issued by the Ministry of Public Security (the VNeID app).";
    vneid_step_up: "Đăng nhập VNeID mức độ 2", "Sign in with VNeID level 2";
    vneid_failed: "Đăng nhập bằng VNeID không thành công. Vui lòng thử lại.", "Signing in with VNeID did not work. Please try again.";
    login_password_heading: "Đăng nhập bằng mật khẩu", "Sign in with a password";
    login_officials_heading: "Cán bộ, công chức đăng nhập", "Officials' sign-in";
    vneid_source: "Họ tên, số định danh và ngày sinh lấy từ VNeID, cập nhật ngày {date}; không sửa được tại đây.", "Name, ID number and birth date come from VNeID, updated on {date}; they cannot be changed here.";
    vneid_sandbox_title: "VNeID thử nghiệm: chọn danh tính", "VNeID sandbox: choose an identity";
    vneid_sandbox_warning: "Đây là nhà cung cấp định danh thử nghiệm, chỉ dùng để trình diễn và kiểm thử; không phải VNeID thật.", "This is a test identity provider for demonstrations and tests only; it is not the real VNeID.";
    vneid_sandbox_level_asked: "Cổng dịch vụ công yêu cầu mức độ {level}.", "The portal asks for level {level}.";
    vneid_sandbox_represents: ", đại diện {organisation}", ", representing {organisation}";
    vneid_sandbox_identity: "Danh tính", "Identity";
    vneid_sandbox_level: "mức độ {level}", "level {level}";
    vneid_sandbox_confirm: "Xác nhận đăng nhập", "Confirm sign-in";
    vneid_sandbox_invalid: "Yêu cầu đăng nhập không hợp lệ.", "The sign-in request is not valid.";
    error_cross_site: "Yêu cầu bị từ chối vì không xuất phát từ Cổng Dịch vụ công.", "Request refused: it did not come from the portal.";
    error_unavailable: "Hệ thống đang tạm gián đoạn và sẽ tự khôi phục. Vui lòng thử lại sau ít phút.", "The portal is briefly unavailable and recovers by itself. Please try again in a few minutes.";
    error_conflict: "Thông tin đã được thay đổi ở nơi khác (thẻ, thiết bị khác hoặc cán bộ). Vui lòng tải lại để xem bản mới nhất.", "This was changed elsewhere (another tab, device or an official). Please reload to see the latest version.";
    error_too_large: "Dữ liệu gửi lên vượt quá dung lượng cho phép.", "What you sent is larger than allowed.";
    error_unsupported_type: "Tệp không đúng định dạng cho phép (PDF, JPEG, PNG, DOCX, XLSX, ODT). Định dạng được xác định theo nội dung tệp, không theo tên tệp.", "This file type is not accepted (PDF, JPEG, PNG, DOCX, XLSX, ODT). The type is read from the file's content, not its name.";
    rule_document_missing: "Vui lòng đính kèm giấy tờ này.", "Please attach this document.";
    rule_not_a_working_day: "Ngày này không phải ngày làm việc.", "This is not a working day.";
    rule_not_later: "Ngày hẹn mới phải sau ngày hẹn hiện tại.", "The new date must be after the current appointment.";
    rule_person_is_you: "Đây là số định danh của chính bạn: hãy chọn «Cá nhân tôi».", "This is your own ID number: choose “Myself”.";
    rule_phone_for_sms: "Hãy thêm số điện thoại di động vào thông tin tài khoản trước khi chọn nhận tin nhắn SMS.", "Add a mobile number to your account details before choosing text messages.";
    rule_id_name_mismatch: "Số định danh này thuộc về người có họ tên khác: kiểm tra lại số định danh và họ tên trên giấy tờ.", "This ID number belongs to a person of another name: check the ID number and the name on the papers.";
    rule_document_expired: "Giấy tờ này đã hết hiệu lực nên không thể chọn: hãy tải lên bản còn hiệu lực.", "This document has expired and cannot be chosen: upload one that is still valid.";
    rule_document_altered: "Tệp trong kho không còn khớp với mã băm (hoặc chữ ký số) đã ghi nhận nên không thể dùng: hãy tải lên tệp khác.", "The stored file no longer matches its recorded hash (or signature) and cannot be used: upload another file.";
    rule_period_order: "Ngày bắt đầu phải trước hoặc trùng ngày kết thúc.", "The start must be on or before the end.";
    rule_period_too_long: "Kỳ thống kê dài nhất là 5 năm.", "A period of at most five years.";
    rule_rating_closed: "Đã quá 7 ngày kể từ khi đánh giá nên không sửa được nữa.", "More than seven days have passed since the rating: it can no longer be changed.";
    rule_no_such_dossier: "Không tìm thấy hồ sơ với mã (và mã tra cứu) này.", "No dossier was found with this code (and lookup secret).";
    rule_no_such_citizen: "Chưa có tài khoản công dân nào với số định danh này. Người đó cần đăng nhập cổng một lần (bằng VNeID) trước khi được thêm.", "No citizen account has this ID number. The person must sign in to the portal once (with VNeID) before being added.";
    rule_too_far_ahead: "Ngày hẹn mới không được quá một năm sau ngày hẹn hiện tại.", "The new date may be at most a year after the current one.";
    error_summary_title: "Vui lòng sửa các lỗi sau", "Please correct the following";

    rule_required: "Vui lòng nhập thông tin này.", "This is required.";
    rule_cccd_digits: "Số định danh cá nhân chỉ gồm chữ số.", "The personal ID number has digits only.";
    rule_cccd_length: "Số định danh cá nhân gồm đúng 12 chữ số.", "The personal ID number has exactly 12 digits.";
    rule_cccd_province: "Ba chữ số đầu không phải mã tỉnh nơi đăng ký khai sinh.", "The first three digits are not a province code of birth registration.";
    rule_cccd_century: "Chữ số thứ tư (giới tính, thế kỷ sinh) không khớp với ngày sinh.", "The fourth digit (gender and century of birth) does not match the date of birth.";
    rule_cccd_year: "Chữ số thứ năm và sáu phải là hai số cuối của năm sinh.", "Digits five and six must be the last two digits of the birth year.";
    rule_phone_format: "Số điện thoại di động gồm 10 chữ số, bắt đầu bằng 0 (hoặc +84).", "A mobile number has 10 digits starting with 0 (or +84).";
    rule_phone_prefix: "Đầu số này không phải số di động Việt Nam.", "This is not a Vietnamese mobile prefix.";
    rule_email_format: "Địa chỉ thư điện tử không hợp lệ, ví dụ: ten@example.vn.", "Not a valid e-mail address, e.g. name@example.vn.";
    rule_name_format: "Họ và tên chỉ gồm chữ cái và khoảng trắng (tối đa 100 ký tự).", "A name has letters and spaces only (at most 100 characters).";
    rule_date_format: "Ngày không hợp lệ.", "Not a valid date.";
    rule_birth_date_range: "Ngày sinh phải là một ngày trong quá khứ.", "The date of birth must be in the past.";
    rule_password_short: "Mật khẩu cần ít nhất 10 ký tự.", "The password needs at least 10 characters.";
    rule_password_long: "Mật khẩu dài tối đa 128 ký tự.", "The password has at most 128 characters.";
    rule_password_common: "Mật khẩu này quá phổ biến hoặc dễ đoán. Hãy dùng một cụm từ của riêng bạn.", "This password is too common or easy to guess. Use a phrase of your own.";
    rule_password_personal: "Mật khẩu không được chứa số định danh, số điện thoại, thư điện tử hay họ tên của bạn.", "The password must not contain your ID number, phone, e-mail or name.";
    rule_password_mismatch: "Hai mật khẩu không khớp nhau.", "The passwords do not match.";
    rule_reset_link_invalid: "Liên kết đặt lại mật khẩu không còn hiệu lực (đã dùng, quá 30 phút hoặc không đúng). Hãy yêu cầu liên kết mới.", "This password reset link no longer works (already used, older than 30 minutes, or wrong). Ask for a new one.";
    rule_password_unchanged: "Mật khẩu mới phải khác mật khẩu hiện tại.", "The new password must differ from the current one.";
    rule_password_current_wrong: "Mật khẩu hiện tại không đúng.", "The current password is wrong.";
    rule_ward_province: "Phường, xã không thuộc tỉnh, thành phố đã chọn.", "The ward is not in the chosen province.";
    rule_unknown_agency: "Không có cơ quan mang mã này.", "No agency has this code.";
    rule_not_handed_off: "Thủ tục này không được chuyển cơ quan giải quyết, hoặc hồ sơ đã được chuyển một lần.", "This procedure cannot be handed to another agency, or the dossier was already handed on once.";
    rule_form_invalid: "Biểu mẫu còn lỗi (xem danh sách); hãy sửa rồi xuất bản lại.", "The form still has problems (see the list); correct them, then publish.";
    rule_not_implementing: "Cơ quan này không thực hiện thủ tục này. Hãy chọn một cơ quan trong danh sách.", "This agency does not handle this procedure. Choose one from the list.";
    rule_street_long: "Địa chỉ chi tiết dài tối đa 200 ký tự.", "The street address has at most 200 characters.";
    rule_totp_format: "Mã xác thực gồm 6 chữ số.", "The code has 6 digits.";
    rule_role_required: "Chọn ít nhất một vai trò.", "Choose at least one role.";
    rule_wrong_shape: "Giá trị không hợp lệ.", "Not a valid value.";
    rule_too_long: "Tối đa {n} ký tự.", "At most {n} characters.";
    rule_not_a_number: "Vui lòng nhập một số.", "Enter a number.";
    rule_below_min: "Giá trị tối thiểu là {n}.", "The smallest allowed value is {n}.";
    rule_above_max: "Giá trị tối đa là {n}.", "The largest allowed value is {n}.";
    rule_not_an_option: "Vui lòng chọn một giá trị trong danh sách.", "Choose one of the options.";
    rule_too_few_choices: "Chọn ít nhất {n} mục.", "Choose at least {n}.";
    rule_too_many_choices: "Chọn tối đa {n} mục.", "Choose at most {n}.";
    rule_too_few_items: "Cần ít nhất {n} mục.", "At least {n} entries are needed.";
    rule_too_many_items: "Tối đa {n} mục.", "At most {n} entries.";
    rule_too_many_words: "Tối đa {n} từ.", "At most {n} words.";
    rule_tax_code_format: "Mã số thuế gồm 10 chữ số, hoặc 10 chữ số, dấu gạch ngang và 3 chữ số.", "A tax code has 10 digits, or 10 digits, a hyphen and 3 digits.";
    rule_tax_code_check: "Mã số thuế không đúng (chữ số kiểm tra sai). Vui lòng kiểm tra lại.", "This tax code is not valid (wrong check digit). Please check it.";
    rule_date_in_future: "Ngày này không được sau ngày hôm nay.", "This date cannot be after today.";
    rule_cross_field: "Thông tin này mâu thuẫn với thông tin khác trong tờ khai.", "This contradicts other information in the form.";
    rule_already_registered: "Thông tin này đã được dùng cho một tài khoản khác.", "This is already used by another account.";

    apply_title: "Nộp hồ sơ trực tuyến", "Apply online";
    apply_description: "Điền tờ khai, đính kèm giấy tờ và nộp hồ sơ trực tuyến.", "Fill in the form, attach the papers and submit the dossier online.";
    apply_step_of: "Bước {n}/{total}", "Step {n} of {total}";
    apply_agency_other_form: "Cơ quan này dùng biểu mẫu khác với biểu mẫu đang hiển thị. Các câu trả lời đã điền được giữ lại.", "This agency uses another form than the one shown. Your answers are kept.";
    apply_agency_use_form: "Dùng biểu mẫu của cơ quan này", "Use this agency's form";
    apply_form_changed: "Biểu mẫu đã thay đổi từ khi bạn bắt đầu (phiên bản cũ đã được thu hồi, hoặc bạn đã chọn cơ quan dùng biểu mẫu khác): hồ sơ sẽ được nộp theo biểu mẫu hiện hành.", "The form changed since you started (the earlier version was withdrawn, or you chose an agency with another form): the dossier will be filed with the form in force.";
    apply_form_added: "Câu hỏi mới cần trả lời:", "New questions to answer:";
    apply_form_removed: "Câu hỏi không còn được hỏi:", "Questions no longer asked:";
    apply_form_kept: "Các câu trả lời khác của bạn được giữ nguyên.", "Your other answers are kept.";
    apply_steps_label: "Các bước", "Steps";
    apply_next: "Tiếp tục", "Continue";
    apply_back: "Quay lại", "Back";
    apply_save: "Lưu nháp", "Save draft";
    apply_review: "Kiểm tra và nộp", "Check and submit";
    apply_agency: "Cơ quan thực hiện", "Agency to apply to";
    apply_agency_hint: "Chọn tỉnh, thành phố rồi chọn cơ quan nơi bạn cư trú; đã chọn sẵn theo địa chỉ trong hồ sơ cá nhân của bạn.", "Choose the province, then the agency where you live; preselected from the address in your profile.";
    apply_agency_show: "Hiện các cơ quan của tỉnh", "Show its agencies";
    apply_agency_terms: "Tại cơ quan này: {days}; {fees}.", "At this agency: {days}; {fees}.";
    apply_agency_free: "không thu phí, lệ phí", "free of charge";
    apply_agency_fees: "phí, lệ phí {amount}", "fees {amount}";
    apply_agency_none: "Chưa chọn", "Not chosen yet";
    apply_agency_empty: "Ở tỉnh, thành phố này chưa có cơ quan nào nhận thủ tục này trên Cổng. Hãy chọn tỉnh, thành phố khác hoặc nộp trực tiếp.", "No agency of this province takes this procedure on the portal yet. Choose another province or apply in person.";
    apply_change: "Thay đổi", "Change";
    apply_agency_province: "Tỉnh, thành phố nơi nộp hồ sơ", "Province where you apply";
    apply_agency_select: "Cơ quan tiếp nhận hồ sơ", "Agency that receives the dossier";
    apply_submit: "Nộp hồ sơ", "Submit the dossier";
    apply_saved_at: "Đã lưu nháp lúc {time}.", "Draft saved at {time}.";
    apply_saving: "Đang lưu nháp…", "Saving the draft…";
    apply_offline: "Chưa lưu được lên máy chủ. Bản nháp được giữ trên máy này và sẽ tự lưu lại khi có kết nối.", "Not saved to the server yet. The draft is kept on this device and will be saved when the connection returns.";
    apply_restored: "Đã khôi phục các thay đổi chưa kịp lưu từ máy này.", "Unsaved changes from this device were restored.";
    apply_conflict: "Bản nháp vừa được lưu từ một thẻ hoặc thiết bị khác. Tải lại để tiếp tục từ bản mới nhất.", "The draft was just saved from another tab or device. Reload to continue from the latest version.";
    apply_reload: "Tải lại bản mới nhất", "Load the latest version";
    apply_add_entry: "Thêm", "Add";
    apply_remove_entry: "Xóa mục này", "Remove this entry";
    apply_entry: "Mục {n}", "Entry {n}";
    apply_documents: "Giấy tờ kèm theo", "Attached documents";
    apply_upload: "Tải tệp lên", "Upload";
    apply_choose_files: "Chọn tệp (có thể kéo thả tệp vào đây)", "Choose files (or drop them here)";
    apply_upload_hint: "PDF, JPEG, PNG, DOCX, XLSX hoặc ODT; tối đa 10 MB mỗi tệp và 50 MB cả hồ sơ.", "PDF, JPEG, PNG, DOCX, XLSX or ODT; at most 10 MB a file and 50 MB a dossier.";
    apply_uploading: "Đang tải lên…", "Uploading…";
    apply_remove_file: "Gỡ tệp", "Remove";
    apply_save_before_upload: "Hãy lưu nháp trước khi tải tệp lên.", "Save the draft before uploading files.";
    apply_no_files: "Chưa có tệp nào.", "No file yet.";
    apply_mandatory: "bắt buộc", "required";
    apply_templates: "Mẫu đơn, tờ khai để tải về", "Templates to download";
    apply_level2_intro: "Tải mẫu đơn, tờ khai về, điền đầy đủ, rồi tải lên bản đã điền cùng các giấy tờ dưới đây.", "Download the templates, fill them in, then upload them with the papers below.";
    apply_fees: "Phí, lệ phí", "Fees";
    apply_no_fee: "Không mất phí.", "Free of charge.";
    apply_delivery: "Hình thức nhận kết quả", "How to receive the result";
    delivery_at_desk: "Nhận trực tiếp tại Bộ phận Một cửa", "Collect at the one-stop desk";
    delivery_post: "Nhận qua dịch vụ bưu chính công ích", "By public post";
    delivery_online: "Nhận bản điện tử có chữ ký số trên Cổng", "As a signed e-document on the portal";
    delivery_recipient: "Người nhận", "Recipient";
    delivery_phone: "Số điện thoại người nhận", "Recipient's phone";
    delivery_address: "Địa chỉ nhận kết quả", "Delivery address";
    apply_missing: "Hồ sơ còn thiếu:", "Still missing:";
    apply_complete: "Hồ sơ đã đủ thành phần theo quy định.", "The dossier has every required document.";
    apply_not_online: "Thủ tục này chỉ cung cấp thông tin (mức độ 1), chưa nộp trực tuyến được.", "This procedure is information only (level 1); it cannot be submitted online.";
    apply_start: "Nộp hồ sơ trực tuyến", "Apply online";
    apply_review_intro: "Kiểm tra lại thông tin trước khi nộp. Sau khi nộp, hồ sơ được chuyển đến cơ quan tiếp nhận.", "Check everything before submitting. Once submitted, the dossier goes to the receiving agency.";
    upload_error_413: "Tệp vượt quá dung lượng cho phép (10 MB mỗi tệp, 50 MB cả hồ sơ).", "The file is larger than allowed (10 MB a file, 50 MB a dossier).";

    lookup_title: "Tra cứu hồ sơ", "Dossier lookup";
    lookup_description: "Theo dõi tiến độ giải quyết hồ sơ bằng mã hồ sơ và mã tra cứu, không cần đăng nhập.", "Follow a dossier's progress with its code and lookup secret, without signing in.";
    lookup_intro: "Nhập mã hồ sơ và mã tra cứu in trên giấy tiếp nhận (hoặc quét mã QR trên đó).", "Enter the dossier code and the lookup secret printed on the receipt (or scan its QR code).";
    lookup_code: "Mã hồ sơ", "Dossier code";
    lookup_secret: "Mã tra cứu", "Lookup secret";
    lookup_submit: "Tra cứu", "Look up";
    lookup_due: "Ngày hẹn trả kết quả", "Appointment date";
    lookup_finished: "Ngày giải quyết xong", "Finished on";
    lookup_not_found: "Không tìm thấy hồ sơ với mã hồ sơ và mã tra cứu này. Vui lòng kiểm tra lại.", "No dossier matches this code and lookup secret. Please check them.";
    live_status_changed: "Hồ sơ {code}: {status}.", "Dossier {code}: {status}.";
    live_changed_by_other: "Hồ sơ này vừa được người khác thay đổi. Tải lại để xem trạng thái mới trước khi xử lý tiếp.", "Someone else has just changed this dossier. Reload it to see its new state before you go on.";
    live_reload: "Tải lại hồ sơ", "Reload the dossier";
    mail_dossier_subject: "[Dịch vụ công] Hồ sơ {code}: {status}", "[Public services] Dossier {code}: {status}";
    mail_dossier_body: "Kính gửi {name},\n\nHồ sơ {code} của ông/bà vừa được cập nhật: {action}.\nTrạng thái hiện tại: {status}.\n\nXem chi tiết: {link}\n\nĐây là thư tự động của Cổng dịch vụ công, vui lòng không trả lời. Ông/bà có thể chọn những thay đổi được báo qua thư trong trang Tài khoản.", "Dear {name},\n\nYour dossier {code} has just been updated: {action}.\nIts status is now: {status}.\n\nDetails: {link}\n\nThis is an automatic message from the public services portal; please do not reply. You can choose which changes are mailed to you on your Account page.";
    mail_reset_subject: "[Dịch vụ công] Đặt lại mật khẩu", "[Public services] Reset your password";
    mail_reset_body: "Kính gửi {name},\n\nCó yêu cầu đặt lại mật khẩu cho tài khoản của ông/bà. Mở liên kết sau để đặt mật khẩu mới (dùng được một lần, trong 30 phút):\n\n{link}\n\nNếu ông/bà không yêu cầu, hãy bỏ qua thư này; mật khẩu hiện tại vẫn giữ nguyên.", "Dear {name},\n\nSomeone asked to reset the password of your account. Open this link to choose a new one (it works once, for 30 minutes):\n\n{link}\n\nIf you did not ask, ignore this message; your password stays as it is.";
    notifications_title: "Thông báo", "Notifications";
    notifications_description: "Những thay đổi của hồ sơ của bạn.", "Changes to your dossiers.";
    notifications_none: "Chưa có thông báo nào.", "No notifications yet.";
    notifications_unread: "{count} chưa đọc", "{count} unread";
    notifications_bell: "Thông báo ({count} chưa đọc)", "Notifications ({count} unread)";
    notifications_announce: "Bạn có {count} thông báo chưa đọc.", "You have {count} unread notifications.";
    notifications_mark_read: "Đánh dấu đã đọc", "Mark as read";
    notifications_mark_all_read: "Đánh dấu tất cả đã đọc", "Mark all as read";
    notifications_new: "Mới", "New";
    notifications_item: "Hồ sơ {code}: {action} — {status}", "Dossier {code}: {action} — {status}";
    sms_dossier: "DVC: Hồ sơ {code}: {status}.", "DVC: Dossier {code}: {status}.";
    organisations_title: "Tổ chức của tôi", "My organisations";
    organisations_intro: "Tổ chức được mở khi người đại diện theo pháp luật đăng nhập bằng tài khoản định danh điện tử của tổ chức (VNeID). Thành viên nộp hồ sơ nhân danh tổ chức và xem mọi hồ sơ của tổ chức.", "An organisation opens when its legal representative signs in with the organisation's electronic identity (VNeID). Members apply on its behalf and see all its dossiers.";
    organisations_none: "Bạn chưa thuộc tổ chức nào. Người đại diện theo pháp luật của doanh nghiệp đăng nhập bằng VNeID của tổ chức để mở tổ chức, rồi thêm bạn làm thành viên.", "You do not belong to any organisation. A business's legal representative signs in with the organisation's VNeID to open it, then adds you as a member.";
    organisation_role_representative: "Người đại diện theo pháp luật", "Legal representative";
    organisation_role_member: "Thành viên", "Member";
    organisation_tax_code: "Mã số thuế", "Tax code";
    organisation_address: "Địa chỉ", "Address";
    organisation_my_role: "Vai trò", "Role";
    organisation_source: "Nguồn", "Source";
    organisation_verified: "VNeID, cập nhật lúc {date}", "VNeID, updated {date}";
    organisation_members: "Thành viên", "Members";
    organisation_member_name: "Họ và tên", "Name";
    organisation_member_added: "Ngày thêm", "Added";
    organisation_member_actions: "Thao tác", "Actions";
    organisation_remove: "Xóa {name} khỏi tổ chức", "Remove {name}";
    organisation_add_title: "Thêm thành viên", "Add a member";
    organisation_add_hint: "Số định danh cá nhân (12 chữ số) của người đã đăng nhập cổng ít nhất một lần.", "The 12-digit personal ID number of someone who has signed in to the portal at least once.";
    organisation_add_button: "Thêm thành viên", "Add member";
    organisation_added: "Đã thêm thành viên.", "Member added.";
    organisation_removed: "Đã xóa thành viên khỏi tổ chức.", "Member removed.";
    apply_applicant_legend: "Nộp hồ sơ với tư cách", "Apply as";
    apply_applicant_self: "Cá nhân tôi", "Myself";
    apply_applicant_organisation: "Nhân danh {name} (MST {tax_code})", "On behalf of {name} (tax code {tax_code})";
    apply_applicant_person: "Nộp thay người khác (có văn bản ủy quyền)", "On behalf of another person (with an authorisation)";
    apply_person_hint: "Người thân, thân chủ…: ghi đúng họ tên và số định danh cá nhân của người đó, rồi tải lên văn bản ủy quyền. Người đó theo dõi được hồ sơ khi đăng nhập bằng VNeID.", "A relative, a client…: give their full name and personal ID number, then upload the authorisation. They can follow the dossier once signed in with VNeID.";
    apply_person_name: "Họ và tên người được nộp thay", "Full name of the person concerned";
    apply_person_id: "Số định danh cá nhân của người được nộp thay", "Their personal ID number";
    apply_authorisation: "Văn bản ủy quyền", "Authorisation";
    dossier_organisation: "Tổ chức nộp hồ sơ", "Applicant organisation";
    dossier_acted_by: "Người thực hiện", "Filed by";
    dossier_person_concerned: "Người được nộp thay", "Filed on behalf of";
    dossier_person_line: "{name} (số định danh {id})", "{name} (ID number {id})";
    dossier_filed_for_you: "Hồ sơ này do {name} nộp thay bạn. Bạn theo dõi được tiến độ và kết quả; các thao tác trên hồ sơ (bổ sung, thanh toán, rút hồ sơ) do người nộp thay thực hiện.", "{name} filed this dossier on your behalf. You can follow its progress and result; the person who filed it acts on it (supplements, payment, withdrawal).";
    mail_settings_title: "Nhận thư điện tử khi hồ sơ", "E-mail me when a dossier";
    mail_settings_intro: "Chọn những thay đổi được báo qua thư điện tử. Mọi thay đổi vẫn hiện trong mục Thông báo.", "Choose which changes are sent by e-mail. Every change still shows under Notifications.";
    sms_settings_label: "Gửi cả tin nhắn SMS tới số {phone} (không dấu)", "Also send a text message to {phone}";
    sms_settings_no_phone: "Muốn nhận cả tin nhắn SMS, hãy thêm số điện thoại di động vào thông tin tài khoản.", "To get text messages too, add a mobile number to your account details.";
    mail_settings_save: "Lưu lựa chọn", "Save my choice";
    mail_settings_saved: "Đã lưu lựa chọn nhận thư.", "Your choice is saved.";
    login_forgot: "Quên mật khẩu?", "Forgot your password?";
    forgot_title: "Quên mật khẩu", "Forgot your password";
    forgot_intro: "Nhập thư điện tử hoặc số định danh cá nhân của tài khoản. Chúng tôi sẽ gửi liên kết đặt lại mật khẩu tới thư điện tử đã đăng ký.", "Enter the account's e-mail or personal ID number. We will send a link to reset the password to the registered e-mail.";
    forgot_submit: "Gửi liên kết", "Send the link";
    forgot_sent: "Nếu có tài khoản như vậy, một liên kết đặt lại mật khẩu đã được gửi tới thư điện tử của tài khoản. Liên kết dùng được một lần, trong 30 phút.", "If such an account exists, a link to reset its password has been sent to its e-mail. The link works once, for 30 minutes.";
    forgot_back: "Quay lại đăng nhập", "Back to sign in";
    reset_title: "Đặt mật khẩu mới", "Choose a new password";
    reset_intro: "Chọn mật khẩu mới cho tài khoản. Mọi phiên đăng nhập hiện có sẽ kết thúc.", "Choose a new password for the account. Every current session will end.";
    reset_link: "Liên kết", "Link";
    reset_password: "Mật khẩu mới", "New password";
    reset_confirm: "Nhập lại mật khẩu mới", "New password again";
    reset_submit: "Đặt mật khẩu", "Set the password";
    reset_ask_again: "Yêu cầu liên kết mới", "Ask for a new link";
    reset_done: "Đã đặt mật khẩu mới. Mời đăng nhập.", "Your new password is set. Please sign in.";
    dossiers_title: "Hồ sơ của tôi", "My dossiers";
    dossiers_description: "Hồ sơ đã nộp và bản nháp đang soạn.", "Submitted dossiers and drafts in progress.";
    dossiers_drafts: "Bản nháp", "Drafts";
    dossiers_submitted: "Hồ sơ đã nộp", "Submitted dossiers";
    dossiers_none: "Bạn chưa nộp hồ sơ nào.", "You have not submitted any dossier yet.";
    dossiers_no_drafts: "Không có bản nháp.", "No drafts.";
    dossiers_continue: "Tiếp tục soạn", "Continue";
    dossiers_delete_draft: "Xóa bản nháp", "Delete draft";
    dossiers_filter_status: "Trạng thái", "Status";
    dossiers_filter_all: "Tất cả", "All";
    dossiers_filter: "Lọc", "Filter";
    dossier_code: "Mã hồ sơ", "Dossier code";
    dossier_procedure: "Thủ tục", "Procedure";
    dossier_agency: "Cơ quan tiếp nhận", "Receiving agency";
    dossier_filed_under: "Quy định áp dụng", "Rules applied";
    definition_version: "Phiên bản {n} của thủ tục, hiệu lực từ {date}", "Version {n} of the procedure, in force from {date}";
    field_version: "Phiên bản quy định", "Version of the rules";
    dossier_status: "Trạng thái", "Status";
    dossier_submitted_at: "Ngày nộp", "Submitted on";
    dossier_expires: "Hết hạn", "Expires";
    dossier_lookup_secret: "Mã tra cứu", "Lookup secret";
    dossier_lookup_hint: "Dùng mã hồ sơ và mã tra cứu để theo dõi hồ sơ mà không cần đăng nhập.", "With the dossier code and the lookup secret anyone can follow the dossier without signing in.";
    dossier_submitted_title: "Nộp hồ sơ thành công", "Dossier submitted";
    dossier_submitted_text: "Hồ sơ đã được gửi đến cơ quan tiếp nhận. Cơ quan sẽ kiểm tra và thông báo tiếp nhận hoặc yêu cầu bổ sung.", "The dossier was sent to the receiving agency, which will check it and accept it or ask for more.";
    dossier_confirmation_pdf: "Tải giấy xác nhận nộp hồ sơ (PDF)", "Download the submission confirmation (PDF)";
    dossier_answers: "Thông tin đã khai", "Declared information";
    dossier_files: "Tệp đính kèm", "Attached files";
    dossier_timeline: "Quá trình xử lý", "History";
    dossier_delivery: "Nhận kết quả", "Result delivery";
    dossier_withdraw: "Rút hồ sơ", "Withdraw the dossier";
    dossier_withdraw_reason: "Lý do rút hồ sơ (không bắt buộc)", "Reason (optional)";
    dossier_withdraw_hint: "Chỉ rút được khi cơ quan chưa tiếp nhận hồ sơ.", "Possible only before the agency accepts the dossier.";
    dossier_withdrawn: "Đã rút hồ sơ.", "The dossier was withdrawn.";
    status_draft: "Nháp", "Draft";
    status_submitted: "Mới đăng ký", "Submitted";
    status_accepted: "Được tiếp nhận", "Accepted";
    status_not_accepted: "Không được tiếp nhận", "Not accepted";
    status_processing: "Đang xử lý", "Processing";
    status_pending_approval: "Chờ phê duyệt", "Awaiting approval";
    status_supplement_requested: "Yêu cầu bổ sung giấy tờ", "Supplement requested";
    status_payment_requested: "Yêu cầu thực hiện nghĩa vụ tài chính", "Payment requested";
    status_withdrawn: "Công dân đã rút hồ sơ", "Withdrawn by the citizen";
    status_stopped: "Dừng xử lý", "Stopped";
    status_processed: "Đã xử lý xong", "Processed";
    status_returned: "Đã trả kết quả", "Result returned";
    nav_dossiers: "Hồ sơ của tôi", "My dossiers";

    login_title: "Đăng nhập", "Sign in";
    login_description: "Đăng nhập Cổng Dịch vụ công bằng số định danh cá nhân hoặc thư điện tử.", "Sign in to the portal with your personal ID number or e-mail.";
    login_identifier: "Số định danh cá nhân hoặc thư điện tử", "Personal ID number or e-mail";
    login_password: "Mật khẩu", "Password";
    login_submit: "Đăng nhập", "Sign in";
    login_no_account: "Chưa có tài khoản?", "No account yet?";
    login_register_link: "Đăng ký tài khoản công dân", "Register as a citizen";
    verify_title: "Xác thực hai lớp", "Two-factor verification";
    verify_intro: "Nhập mã 6 chữ số đang hiển thị trong ứng dụng xác thực của bạn.", "Enter the 6-digit code your authenticator app shows.";
    verify_code: "Mã xác thực", "Verification code";
    verify_submit: "Xác nhận", "Verify";

    register_title: "Đăng ký tài khoản công dân", "Register as a citizen";
    register_description: "Tạo tài khoản để nộp hồ sơ và theo dõi kết quả giải quyết thủ tục hành chính trực tuyến.", "Create an account to submit dossiers and follow them online.";
    field_full_name: "Họ, chữ đệm và tên", "Full name";
    field_citizen_id: "Số định danh cá nhân (CCCD)", "Personal ID number (CCCD)";
    field_citizen_id_hint: "12 chữ số in trên thẻ căn cước.", "The 12 digits on your ID card.";
    field_birth_date: "Ngày sinh", "Date of birth";
    field_phone: "Số điện thoại di động", "Mobile phone";
    field_email: "Thư điện tử", "E-mail";
    field_password: "Mật khẩu", "Password";
    field_password_hint: "Ít nhất 10 ký tự. Nên dùng một cụm từ dễ nhớ; tránh mật khẩu phổ biến và thông tin cá nhân.", "At least 10 characters. A memorable phrase is best; avoid common passwords and personal details.";
    field_password_confirm: "Nhập lại mật khẩu", "Repeat the password";
    register_submit: "Đăng ký", "Register";
    register_have_account: "Đã có tài khoản?", "Already registered?";
    submitting: "Đang gửi…", "Sending…";

    account_title: "Tài khoản của tôi", "My account";
    account_profile: "Thông tin cá nhân", "Personal details";
    account_profile_hint: "Thông tin này được điền sẵn vào tờ khai khi bạn nộp hồ sơ.", "These details prefill your forms when you apply.";
    field_province: "Tỉnh, thành phố", "Province or city";
    field_ward: "Phường, xã, đặc khu", "Ward or commune";
    field_street: "Số nhà, đường, thôn, tổ dân phố", "House number, street, hamlet";
    choose: "— Chọn —", "— Choose —";
    account_save: "Lưu thay đổi", "Save changes";
    account_saved: "Đã lưu thông tin cá nhân.", "Your details were saved.";
    account_security: "Bảo mật", "Security";
    account_change_password: "Đổi mật khẩu", "Change password";
    account_two_factor_on: "Xác thực hai lớp: đang bật.", "Two-factor verification: on.";
    account_two_factor_off: "Xác thực hai lớp: chưa bật.", "Two-factor verification: off.";
    account_two_factor_enable: "Bật xác thực hai lớp", "Turn on two-factor verification";
    account_sign_out_everywhere: "Đăng xuất khỏi mọi thiết bị", "Sign out on every device";

    password_title: "Đổi mật khẩu", "Change password";
    password_first_time: "Đây là lần đăng nhập đầu tiên với mật khẩu tạm thời. Hãy đặt mật khẩu của riêng bạn để tiếp tục.", "You signed in with a temporary password. Set your own password to continue.";
    field_current_password: "Mật khẩu hiện tại", "Current password";
    field_new_password: "Mật khẩu mới", "New password";
    field_new_password_confirm: "Nhập lại mật khẩu mới", "Repeat the new password";
    password_submit: "Đổi mật khẩu", "Change password";
    password_changed: "Đã đổi mật khẩu. Các thiết bị khác đã được đăng xuất.", "Password changed. Other devices were signed out.";

    two_factor_title: "Xác thực hai lớp", "Two-factor verification";
    two_factor_required: "Tài khoản cán bộ phải bật xác thực hai lớp trước khi làm việc.", "Official accounts must turn on two-factor verification before working.";
    two_factor_intro: "Dùng một ứng dụng xác thực (Google Authenticator, Microsoft Authenticator, FreeOTP…). Thêm khóa bí mật dưới đây vào ứng dụng rồi nhập mã 6 chữ số nó hiển thị.", "Use an authenticator app (Google Authenticator, Microsoft Authenticator, FreeOTP…). Add the secret below to it, then enter the 6-digit code it shows.";
    two_factor_start: "Tạo khóa bí mật", "Create a secret";
    two_factor_secret: "Khóa bí mật", "Secret";
    two_factor_link: "Mở bằng ứng dụng xác thực", "Open in an authenticator app";
    two_factor_confirm: "Bật xác thực hai lớp", "Turn on";
    two_factor_done: "Xác thực hai lớp đã được bật.", "Two-factor verification is on.";

    dashboard_title: "Bàn làm việc", "Dashboard";
    dashboard_greeting: "Xin chào, {name}", "Hello, {name}";
    dashboard_agency: "Cơ quan", "Agency";
    dashboard_roles: "Vai trò", "Roles";
    dashboard_no_agency: "Toàn hệ thống", "Whole system";
    dashboard_admin_link: "Quản lý cán bộ", "Manage officials";
    action_accept: "Tiếp nhận hồ sơ", "Accept the dossier";
    action_refuse_to_accept: "Từ chối tiếp nhận", "Refuse to accept";
    action_request_supplement: "Yêu cầu bổ sung", "Request a supplement";
    action_hand_off: "Chuyển cơ quan giải quyết", "Hand to the deciding agency";
    action_assign: "Phân công xử lý", "Assign a processor";
    action_take: "Nhận xử lý", "Take the dossier";
    action_propose_result: "Trình kết quả", "Propose the result";
    action_propose_refusal: "Trình từ chối giải quyết", "Propose a refusal";
    action_approve: "Phê duyệt kết quả", "Approve the result";
    action_send_back: "Trả lại chuyên viên", "Send back to the processor";
    action_stop: "Dừng xử lý (từ chối giải quyết)", "Stop (refuse the application)";
    action_record_fee: "Ghi nhận đã thu phí, lệ phí", "Record the fee paid";
    action_pay: "Thanh toán trực tuyến", "Pay online";
    action_record_delivery: "Cập nhật tình trạng bưu gửi", "Record the postal delivery";
    postal_in_transit: "Đang vận chuyển", "In transit";
    postal_delivered: "Đã phát thành công", "Delivered";
    postal_returned: "Chuyển hoàn (không phát được)", "Returned to sender (not delivered)";
    case_postal_status: "Tình trạng bưu gửi", "Postal delivery";
    detail_postal: "Bưu gửi: {status}", "Post: {status}";
    action_return_at_desk: "Trả kết quả tại bộ phận một cửa", "Hand over the result at the desk";
    action_return_by_post: "Gửi kết quả qua bưu chính", "Send the result by post";
    action_reappoint: "Xin lỗi và hẹn lại ngày trả (Mẫu 04)", "Apologise and set a new date (Form 04)";
    action_supplement: "Gửi bổ sung", "Send the supplement";
    action_withdraw: "Rút hồ sơ", "Withdraw";
    queue_new: "Hồ sơ mới nộp", "New submissions";
    queue_to_return: "Chờ trả kết quả", "Results to return";
    queue_mine: "Được giao cho tôi", "Assigned to me";
    queue_unassigned: "Chưa phân công", "Not yet assigned";
    queue_approval: "Chờ phê duyệt", "Awaiting approval";
    queue_all: "Tất cả hồ sơ", "All dossiers";
    queue_title: "Hàng đợi công việc", "Work queues";
    queue_filters: "Lọc hồ sơ", "Filter";
    queue_search: "Mã hồ sơ hoặc tên người nộp", "Dossier code or applicant name";
    queue_status_any: "Mọi trạng thái", "Any status";
    queue_procedure_any: "Mọi thủ tục", "Any procedure";
    queue_sector_any: "Mọi lĩnh vực", "Any sector";
    queue_due_any: "Mọi thời hạn", "Any deadline";
    queue_due_soon: "Sắp đến hạn (≤ 2 ngày làm việc)", "Due soon (≤ 2 working days)";
    queue_overdue: "Quá hạn", "Overdue";
    queue_from: "Nộp từ ngày", "Submitted from";
    queue_to: "Đến ngày", "to";
    queue_apply: "Lọc", "Filter";
    queue_empty: "Không có hồ sơ nào trong hàng đợi này.", "No dossier in this queue.";
    queue_next: "Trang sau", "Next page";
    queue_first: "Về trang đầu", "First page";
    queue_code: "Mã hồ sơ", "Dossier code";
    queue_applicant: "Người nộp", "Applicant";
    queue_procedure: "Thủ tục", "Procedure";
    queue_status: "Trạng thái", "Status";
    queue_submitted: "Ngày nộp", "Submitted";
    queue_due: "Hạn trả kết quả", "Due";
    queue_assignee: "Người xử lý", "Processor";
    urgency_on_track: "Trong hạn", "On track";
    urgency_due_soon: "Sắp đến hạn", "Due soon";
    urgency_overdue: "Quá hạn", "Overdue";
    case_title: "Xử lý hồ sơ {code}", "Dossier {code}";
    case_back: "Về hàng đợi", "Back to the queues";
    case_applicant: "Người nộp hồ sơ", "Applicant";
    case_actions: "Thao tác", "Actions";
    case_no_actions: "Bạn không có thao tác nào với hồ sơ ở trạng thái này.", "There is nothing for you to do at this status.";
    case_note_to_applicant: "Lý do gửi công dân (công dân đọc được)", "Reason for the applicant (the applicant reads it)";
    case_note_internal: "Ghi chú nội bộ (công dân không thấy)", "Internal note (the applicant does not see it)";
    note_to_applicant: "Gửi công dân", "To the applicant";
    note_internal: "Ghi chú nội bộ", "Internal note";
    case_legal_basis: "Căn cứ pháp lý", "Legal basis";
    case_choose: "— Chọn —", "— Choose —";
    case_assignee: "Chuyên viên xử lý", "Processor";
    case_handoff_province: "Tỉnh, thành phố của cơ quan giải quyết", "Province of the deciding agency";
    case_handoff_agency: "Cơ quan giải quyết", "Deciding agency";
    case_handoff_hint: "Hồ sơ chuyển đi giữ nguyên mã, ngày hẹn trả và quá trình xử lý; công dân được thông báo.", "The dossier keeps its code, appointment date and timeline; the citizen is told.";
    case_reference_fee: "Số biên lai", "Receipt number";
    case_reference_post: "Mã vận đơn bưu chính", "Postal tracking number";
    case_reference_desk: "Người nhận kết quả", "Collected by";
    case_new_due: "Ngày hẹn trả mới", "New appointment date";
    case_result_file: "Văn bản kết quả (PDF)", "Result document (PDF)";
    case_result_upload: "Tải lên văn bản kết quả (PDF)", "Upload the result document (PDF)";
    case_items: "Giấy tờ, thông tin cần bổ sung", "Documents and information to supplement";
    case_item_reason: "Lý do", "Why";
    case_do: "Thực hiện", "Confirm";
    case_done: "Đã thực hiện: {action}.", "Done: {action}.";
    case_conflict: "Hồ sơ vừa được người khác thay đổi. Hãy tải lại trang để xem trạng thái mới nhất.", "Someone else has just changed this dossier. Reload the page to see its latest state.";
    case_reload: "Tải lại", "Reload";
    case_notes: "Ghi chú nội bộ", "Internal notes";
    case_notes_hint: "Chỉ cán bộ của cơ quan thấy các ghi chú này.", "Only officials of the agency see these notes.";
    case_add_note: "Thêm ghi chú", "Add a note";
    case_proposal: "Đề xuất chờ phê duyệt", "Proposal awaiting approval";
    case_proposal_result: "Trình kết quả giải quyết", "Result proposed";
    case_proposal_refusal: "Trình từ chối giải quyết", "Refusal proposed";
    case_answer: "Công dân đã bổ sung", "The citizen's supplement";
    case_answer_field: "{field}: “{before}” → “{after}”", "{field}: “{before}” → “{after}”";
    case_preview: "Xem trước", "Preview";
    case_fee_receipt: "Biên lai thu phí", "Fee receipt";
    case_receipt_pdf: "Giấy tiếp nhận hồ sơ và hẹn trả kết quả (Mẫu 01)", "Receipt and appointment (Form 01)";
    case_supplement_pdf: "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ (Mẫu 02)", "Supplement request (Form 02)";
    case_refusal_pdf: "Phiếu từ chối tiếp nhận giải quyết hồ sơ (Mẫu 03)", "Refusal to accept (Form 03)";
    case_apology_pdf: "Phiếu xin lỗi và hẹn lại ngày trả kết quả (Mẫu 04)", "Apology and new appointment (Form 04)";
    detail_appointment: "Hẹn trả kết quả ngày {date}", "Appointment on {date}";
    detail_legal_basis: "Căn cứ: {basis}", "Legal basis: {basis}";
    detail_items: "Cần bổ sung: {items}", "To supplement: {items}";
    detail_assignee: "Chuyên viên xử lý: {name}", "Processor: {name}";
    detail_handed_to: "Chuyển đến {agency} để giải quyết; ngày hẹn trả không đổi.", "Handed to {agency} for decision; the appointment date stays the same.";
    detail_fee_receipt: "Biên lai số {number}", "Receipt no. {number}";
    detail_tracking: "Mã bưu gửi {number}", "Tracking number {number}";
    detail_collected_by: "Người nhận kết quả: {name}", "Collected by {name}";
    detail_new_appointment: "Hẹn lại ngày trả kết quả: {date}", "New appointment: {date}";
    clock_title: "Thời hạn giải quyết", "Processing deadline";
    clock_accepted: "Ngày tiếp nhận", "Accepted on";
    clock_days: "Thời hạn theo quy định", "Processing time";
    clock_days_value: "{n} ngày làm việc", "{n} working days";
    clock_paused: "Thời gian chờ công dân bổ sung", "Time waiting for the citizen";
    clock_paused_now: "Đang tạm dừng từ ngày {date} (chờ công dân)", "Paused since {date} (waiting for the citizen)";
    clock_due: "Ngày hẹn trả kết quả", "Appointment date";
    clock_explain: "Tính từ ngày tiếp nhận, chỉ đếm ngày làm việc (thứ Hai đến thứ Sáu, trừ ngày nghỉ lễ, Tết); thời gian chờ bổ sung không tính.", "Counted from acceptance in working days (Monday to Friday, without public holidays); time waiting for the citizen is not counted.";
    clock_reappointed: "Hẹn lại ngày {date}: {reason}", "New date {date}: {reason}";
    supplement_title: "Cơ quan yêu cầu bổ sung hồ sơ", "The agency asks for more";
    supplement_intro: "Vui lòng bổ sung đúng các mục dưới đây rồi bấm “Gửi bổ sung”. Bạn chỉ gửi bổ sung một lần.", "Please provide exactly the items below, then press “Send the supplement”. You answer once.";
    supplement_upload: "Tải lên giấy tờ bổ sung", "Upload the document";
    supplement_value: "Thông tin đã sửa", "Corrected information";
    supplement_sent: "Đã gửi bổ sung. Hồ sơ tiếp tục được xử lý.", "Supplement sent. Processing continues.";
    stats_title: "Thống kê tình hình giải quyết", "Processing statistics";
    stats_received: "Tiếp nhận", "Received";
    stats_in_progress_on_time: "Đang xử lý trong hạn", "In progress, on time";
    stats_in_progress_overdue: "Đang xử lý quá hạn", "In progress, overdue";
    stats_early: "Xong trước hạn", "Finished early";
    stats_on_time: "Xong đúng hạn", "Finished on time";
    stats_late: "Xong quá hạn", "Finished late";
    stats_supplement_rate: "Tỷ lệ phải bổ sung", "Supplement rate";
    stats_median: "Trung vị ngày làm việc", "Median working days";
    stats_by_channel: "Trực tuyến · trực tiếp · bưu chính", "Online · desk · post";
    stats_digitised: "Đã số hóa: hồ sơ · kết quả", "Digitised: dossiers · results";
    stats_chart: "Biểu đồ kết quả giải quyết theo thủ tục", "Outcomes by procedure";
    stats_empty: "Chưa có số liệu.", "No figures yet.";
    stats_link: "Thống kê", "Statistics";
    stats_central: "Cơ quan trung ương", "Central agencies";
    stats_online_share: "Tỷ lệ nộp trực tuyến", "Filed online";
    stats_satisfaction: "Tỷ lệ hài lòng", "Satisfaction";
    stats_ratings: "Số đánh giá", "Ratings";
    public_stats_title: "Thống kê công khai tình hình giải quyết hồ sơ", "Public statistics of dossiers handled";
    public_stats_intro: "Số hồ sơ tiếp nhận, giải quyết trước hạn, đúng hạn, quá hạn và mức độ hài lòng của người dân theo tỉnh, cơ quan và thủ tục.", "Dossiers received, finished early, on time and late, and citizens' satisfaction, by province, agency and procedure.";
    public_stats_intro_small: "Số liệu tính từ mọi hồ sơ nộp trực tuyến, trực tiếp và qua bưu chính. Nhóm có dưới {n} hồ sơ không công bố số liệu; tỷ lệ hài lòng chỉ công bố khi có từ {n} đánh giá.", "Counted from every dossier filed online, at the desk and by post. Groups of fewer than {n} dossiers show no figures; satisfaction shows only over {n} ratings or more.";
    public_stats_levels: "Cấp thống kê", "Level";
    public_stats_country: "Cả nước", "Whole country";
    public_stats_province: "Tỉnh, thành phố", "Province";
    public_stats_agency: "Cơ quan", "Agency";
    public_stats_from: "Từ ngày", "From";
    public_stats_to: "Đến ngày", "To";
    public_stats_show: "Xem số liệu", "Show figures";
    public_stats_period: "Hồ sơ tiếp nhận từ {from} đến {to}; tình trạng tính đến ngày {as_of}.", "Dossiers received from {from} to {to}; status as of {as_of}.";
    public_stats_sector: "Lĩnh vực: {sector}.", "Sector: {sector}.";
    public_stats_total: "Tổng cộng", "Total";
    public_stats_hidden: "Dưới {n} hồ sơ: không công bố số liệu.", "Fewer than {n} dossiers: figures not published.";
    public_stats_open_data: "Dữ liệu mở:", "Open data:";
    public_stats_unknown: "Không có tỉnh, cơ quan hoặc lĩnh vực này.", "No such province, agency or sector.";
    public_stats_chart_summary: "{scope}: tiếp nhận {received} hồ sơ, đã giải quyết {finished}, trong đó {on_time} trước hạn hoặc đúng hạn; {overdue} hồ sơ đang quá hạn.", "{scope}: {received} dossiers received, {finished} finished, {on_time} of them early or on time; {overdue} overdue.";
    index_title: "Chỉ số chất lượng phục vụ (Quyết định 766/QĐ-TTg)", "Service-quality index (Decision 766/QĐ-TTg)";
    index_intro: "Tính từ dữ liệu của cổng cho các nhóm chỉ số cổng có dữ liệu (82 trên 100 điểm; nhóm Công khai, minh bạch cần dữ liệu công bố và đồng bộ chưa có ở đây). Mỗi chỉ số được chia đều điểm của nhóm, đạt đủ điểm khi bằng ngưỡng. Chỉ xếp hạng cơ quan có từ 5 hồ sơ.", "Computed from the portal's data for the groups it holds data for (82 of the 100 points; the transparency group needs publication and synchronisation data not held here). Each indicator has an equal share of its group's points, full at its threshold. Only agencies with 5 dossiers or more are ranked.";
    index_ranking: "Xếp hạng cơ quan trong tỉnh", "Agencies of the province, ranked";
    index_rank: "Hạng", "Rank";
    index_total: "Tổng điểm", "Score";
    index_indicators: "Các chỉ số, công thức và giá trị", "Indicators, formulas and values";
    index_indicator: "Chỉ số", "Indicator";
    index_formula: "Công thức", "Formula";
    index_value: "Giá trị", "Value";
    index_threshold: "Ngưỡng đạt đủ điểm", "Full points at";
    index_agency_score: "Điểm của cơ quan: {score} trên {out_of}.", "The agency's score: {score} of {out_of}.";
    index_transparency: "Công khai, minh bạch", "Transparency";
    index_progress: "Tiến độ giải quyết", "Processing on time";
    index_digitisation: "Số hóa hồ sơ", "Digitisation";
    index_online: "Dịch vụ công trực tuyến", "Online service";
    index_satisfaction: "Mức độ hài lòng", "Satisfaction";
    index_on_time: "Tỷ lệ hồ sơ xử lý trước hạn, đúng hạn", "Dossiers handled early or on time";
    index_on_time_formula: "Số hồ sơ giải quyết trước hạn và đúng hạn ÷ số hồ sơ đã giải quyết × 100 %", "Dossiers finished early or on time ÷ dossiers finished × 100 %";
    index_digitised: "Tỷ lệ hồ sơ thực hiện số hóa", "Dossiers digitised";
    index_digitised_formula: "Số hồ sơ nộp trực tuyến hoặc được số hóa khi tiếp nhận ÷ số hồ sơ tiếp nhận × 100 %", "Dossiers filed online or digitised at intake ÷ dossiers received × 100 %";
    index_results: "Tỷ lệ hồ sơ có cấp kết quả điện tử", "Dossiers with an electronic result";
    index_results_formula: "Số hồ sơ có kết quả là văn bản điện tử ÷ số hồ sơ đã giải quyết × 100 %", "Dossiers whose result is an electronic document ÷ dossiers finished × 100 %";
    index_reused: "Tỷ lệ khai thác, sử dụng lại dữ liệu số hóa", "Digitised data reused";
    index_reused_formula: "Số hồ sơ dùng giấy tờ chọn từ kho dữ liệu ÷ số hồ sơ tiếp nhận × 100 %", "Dossiers using a document from the store ÷ dossiers received × 100 %";
    index_filed_online: "Tỷ lệ hồ sơ nộp trực tuyến", "Dossiers filed online";
    index_filed_online_formula: "Số hồ sơ nộp trực tuyến ÷ số hồ sơ tiếp nhận × 100 %", "Dossiers filed online ÷ dossiers received × 100 %";
    index_satisfied: "Tỷ lệ hài lòng trong tiếp nhận, giải quyết thủ tục hành chính", "Satisfaction with the handling of dossiers";
    index_satisfied_formula: "(Số hồ sơ tiếp nhận − số hồ sơ bị đánh giá không hài lòng − số hồ sơ quá hạn) ÷ số hồ sơ tiếp nhận × 100 %", "(Dossiers received − dossiers rated not satisfied − dossiers late or overdue) ÷ dossiers received × 100 %";
    index_feedback: "Tỷ lệ phản ánh, kiến nghị được xử lý đúng hạn", "Feedback answered on time";
    index_feedback_formula: "Số phản ánh, kiến nghị trả lời đúng hạn ÷ số phản ánh, kiến nghị đã trả lời hoặc đã quá hạn × 100 % (không có phản ánh nào đến hạn: phần điểm chuyển cho chỉ số còn lại của nhóm)", "Feedback answered by its deadline ÷ feedback answered or past its deadline × 100 % (none due: its share goes to the group's other indicator)";
    scorecard_title: "Kết quả phục vụ trong 12 tháng qua", "How it was served in the last 12 months";
    scorecard_intro: "Tại {agency}:", "At {agency}:";
    scorecard_on_time: "Giải quyết trước hạn, đúng hạn", "Finished early or on time";
    scorecard_too_few: "Chưa đủ hồ sơ để công bố số liệu (dưới 5 hồ sơ).", "Too few dossiers to publish figures (fewer than 5).";
    scorecard_few_ratings: "Chưa đủ đánh giá", "Too few ratings";
    scorecard_more: "Xem thống kê của cơ quan", "See the agency's statistics";
    rating_title: "Đánh giá mức độ hài lòng", "Rate how you were served";
    rating_ask: "Hồ sơ đã trả kết quả. Mời bạn đánh giá việc giải quyết: ý kiến của bạn được tổng hợp công khai, không kèm thông tin cá nhân.", "Your dossier has been returned. Please rate how it was handled: ratings are published only as totals, without personal data.";
    rating_editable_until: "Bạn có thể sửa đánh giá đến hết ngày {date}.", "You can change your rating until the end of {date}.";
    rating_closed: "Đánh giá đã được ghi nhận và không còn sửa được.", "Your rating is recorded and can no longer be changed.";
    rating_guidance: "Hướng dẫn, tiếp nhận hồ sơ", "Guidance and reception";
    rating_time: "Thời gian giải quyết", "Time taken";
    rating_attitude: "Thái độ của cán bộ, công chức", "Officials' attitude";
    rating_result: "Kết quả giải quyết", "The result";
    rating_very_satisfied: "Rất hài lòng", "Very satisfied";
    rating_satisfied: "Hài lòng", "Satisfied";
    rating_unsatisfied: "Không hài lòng", "Not satisfied";
    rating_comment: "Góp ý thêm (không bắt buộc)", "Comment (optional)";
    rating_send: "Gửi đánh giá", "Send rating";
    rating_change: "Cập nhật đánh giá", "Update rating";
    rating_thanks: "Cảm ơn bạn đã đánh giá.", "Thank you for your rating.";
    rating_unavailable: "Chưa tải được phần đánh giá, vui lòng thử lại.", "The rating could not be loaded, please retry.";
    rating_invite: "Đánh giá mức độ hài lòng", "Rate how you were served";
    rating_agency_title: "Đánh giá của người dân", "Citizens' ratings";
    rating_none_yet: "Chưa có đánh giá nào.", "No ratings yet.";
    rating_date: "Ngày đánh giá", "Rated on";
    holidays_title: "Ngày nghỉ lễ, Tết", "Public holidays";
    holidays_link: "Lịch ngày nghỉ", "Holidays";
    catalog_admin_link: "Danh mục thủ tục", "Procedure catalog";
    catalog_admin_title: "Danh mục thủ tục của cơ quan", "The agency's procedures";
    catalog_admin_lead: "Nhận thực hiện thủ tục, điều chỉnh thời hạn giải quyết và phí, lệ phí tại cơ quan, và biểu mẫu trực tuyến.", "Take on procedures, set the processing time and fees at your agency, and the online forms.";
    catalog_admin_search: "Tìm thủ tục theo tên hoặc mã", "Find a procedure by name or code";
    catalog_admin_saved: "Đã lưu thay đổi.", "Changes saved.";
    catalog_admin_none: "Không có thủ tục phù hợp.", "No matching procedure.";
    catalog_admin_national_days: "Theo quy định chung: {n} ngày làm việc. Để trống để dùng quy định chung.", "The national rule: {n} working days. Leave empty to use it.";
    catalog_admin_national_fee: "Theo quy định chung: {amount}.", "The national amount: {amount}.";
    catalog_admin_adopted: "Cơ quan đang thực hiện", "Implemented by your agency";
    catalog_admin_not_adopted: "Cơ quan chưa thực hiện", "Not implemented by your agency";
    catalog_admin_local: "có quy định riêng của cơ quan", "with your agency's own terms";
    catalog_admin_terms: "Điều chỉnh thời hạn và phí tại cơ quan", "Processing time and fees at your agency";
    catalog_admin_days: "Thời hạn giải quyết (ngày làm việc)", "Processing time (working days)";
    catalog_admin_save_terms: "Lưu thời hạn và phí", "Save time and fees";
    catalog_admin_form_link: "Biểu mẫu trực tuyến", "Online form";
    catalog_admin_adopt: "Nhận thực hiện", "Take on";
    form_editor_title: "Biểu mẫu trực tuyến", "Online form";
    form_editor_own: "Biểu mẫu riêng của {agency}", "The own form of {agency}";
    form_editor_national: "Biểu mẫu dùng chung toàn quốc", "The national form";
    form_editor_kind_own: "Riêng của cơ quan", "The agency's own";
    form_editor_kind_national: "Toàn quốc", "National";
    form_editor_in_force: "Đang áp dụng", "In force";
    form_editor_saved: "Đã lưu bản nháp; có thể xuất bản.", "Draft saved; it can be published.";
    form_editor_saved_problems: "Đã lưu bản nháp; còn {n} lỗi phải sửa trước khi xuất bản.", "Draft saved; {n} problems to correct before publishing.";
    form_editor_published: "Đã xuất bản phiên bản {n}. Hồ sơ đã nộp giữ phiên bản cũ.", "Version {n} published. Dossiers already filed keep their version.";
    form_editor_versions: "Các phiên bản đã xuất bản", "Published versions";
    form_editor_version: "Phiên bản", "Version";
    form_editor_kind: "Loại", "Kind";
    form_editor_effective: "Ngày bắt đầu áp dụng", "In force from";
    form_editor_effective_hint: "Từ hôm nay (theo giờ Việt Nam) đến tối đa một năm sau.", "From today (Vietnam time) to at most a year ahead.";
    form_editor_status: "Tình trạng", "Status";
    form_editor_draft: "Bản nháp", "Draft";
    form_editor_json: "Nội dung biểu mẫu (JSON)", "The form (JSON)";
    form_editor_json_hint: "Các phần, trường, điều kiện hiển thị, nhóm lặp lại và quy tắc giữa các trường, theo cùng định dạng với tệp danh mục.", "Sections, fields, conditions, repeatable groups and cross-field rules, in the catalog files' format.";
    form_editor_problems: "Biểu mẫu còn {n} lỗi:", "The form has {n} problems:";
    form_editor_save: "Lưu bản nháp", "Save the draft";
    form_editor_publish: "Xuất bản", "Publish";
    form_editor_preview: "Xem trước như công dân thấy", "Preview as citizens see it";
    form_editor_unreadable: "Nội dung chưa đọc được; hãy sửa JSON.", "The content cannot be read; correct the JSON.";
    form_editor_key_rule: "Mã trường: chữ thường không dấu, chữ số và dấu gạch dưới, tối đa 40 ký tự.", "Field key: lower-case letters without accents, digits and underscores, at most 40 characters.";
    form_editor_choose_section: "Hãy chọn phần của biểu mẫu.", "Choose a section of the form.";
    form_editor_add_field: "Thêm trường", "Add a field";
    form_editor_section: "Phần của biểu mẫu", "Section";
    form_editor_key: "Mã trường", "Field key";
    form_editor_label_vi: "Nhãn (tiếng Việt)", "Label (Vietnamese)";
    form_editor_label_en: "Nhãn (tiếng Anh)", "Label (English)";
    form_editor_hint_vi: "Hướng dẫn (tiếng Việt)", "Help text (Vietnamese)";
    form_editor_field_kind: "Kiểu trường", "Kind of field";
    form_editor_kind_text: "Văn bản ngắn", "Short text";
    form_editor_kind_textarea: "Văn bản dài", "Long text";
    form_editor_kind_number: "Số", "Number";
    form_editor_kind_date: "Ngày", "Date";
    form_editor_kind_email: "Thư điện tử", "E-mail";
    form_editor_kind_phone: "Số điện thoại", "Phone";
    form_editor_required: "Bắt buộc", "Required";
    form_editor_add: "Thêm vào biểu mẫu", "Add to the form";
    definition_title: "Quy định thủ tục", "Procedure definition";
    definition_lead: "Quy định dùng chung toàn quốc: tên, lĩnh vực, cấp thực hiện, mức độ, trình tự, điều kiện, thành phần hồ sơ, phí, lệ phí, căn cứ pháp lý, thời hạn và kết quả.", "The national definition: names, sector, tier, level, steps, conditions, documents, fees, legal bases, processing time and result.";
    definition_link: "Sửa quy định của thủ tục (tên, trình tự, thành phần hồ sơ, phí, căn cứ pháp lý)", "Edit the procedure's definition (names, steps, documents, fees, legal bases)";
    definition_form_link: "Biểu mẫu trực tuyến của thủ tục", "The procedure's online form";
    definition_text: "Nội dung quy định (TOML, cùng định dạng tệp danh mục)", "The definition (TOML, the catalog files' format)";
    definition_text_hint: "Một khối [[procedure]] với lĩnh vực (sector) ở đầu; mã thủ tục giữ nguyên. Bản nháp được lưu cả khi còn lỗi.", "One [[procedure]] block with its sector on top; the procedure code stays. The draft is kept even with problems.";
    definition_problems: "Quy định còn {n} lỗi phải sửa trước khi xuất bản:", "The definition has {n} problems to correct before publishing:";
    version_save_first: "Lưu bản nháp trước khi xuất bản: chỉ bản đã lưu mới được xuất bản.", "Save the draft before publishing: only what is saved is published.";
    definition_published: "Đã xuất bản phiên bản {n}. Hồ sơ đã nộp giữ quy định cũ.", "Version {n} published. Dossiers already filed keep their rules.";
    definition_export: "Tải tệp phiên bản", "Download version";
    version_withdraw: "Thu hồi", "Withdraw";
    version_withdrawn: "Đã thu hồi", "Withdrawn";
    version_withdrawn_notice: "Đã thu hồi phiên bản {n}. Bản nháp đang dùng phiên bản này chuyển sang biểu mẫu hiện hành; người nộp được báo những gì thay đổi.", "Version {n} withdrawn. Drafts on it move to the form in force, and their applicants are told what changed.";
    definition_file: "Tệp danh mục", "Catalog file";
    guide_title: "Trước khi bắt đầu: những gì bạn cần", "Before you start: what you need";
    guide_minutes: "Điền hồ sơ mất khoảng {n} phút. Bản nháp được lưu tự động, bạn có thể dừng và quay lại bất cứ lúc nào.", "Filling in takes about {n} minutes. Your draft is saved as you go: you can stop and come back at any time.";
    guide_papers: "Giấy tờ cần chuẩn bị (bản chụp hoặc bản quét)", "Papers to have ready (photos or scans)";
    guide_optional: " (nếu có)", " (if any)";
    guide_fees_title: "Phí, lệ phí", "Fees";
    guide_fees: "{amount}, nộp trực tuyến hoặc tại nơi nhận hồ sơ", "{amount}, paid online or where the dossier is received";
    guide_time: "Thời hạn giải quyết", "Processing time";
    guide_result: "Kết quả", "Result";
    check_answers_title: "Kiểm tra thông tin đã khai", "Check your answers";
    check_answers_change: "Thay đổi", "Change";
    date_day: "Ngày", "Day";
    date_month: "Tháng", "Month";
    date_year: "Năm", "Year";
    new_procedure_title: "Thêm thủ tục hành chính mới", "New administrative procedure";
    new_procedure_lead: "Thủ tục được tạo với phiên bản 1 có hiệu lực từ hôm nay; mọi cơ quan cùng cấp với cơ quan có thẩm quyền đều thực hiện. Sau đó sửa quy định và biểu mẫu như các thủ tục khác.", "The procedure is created with version 1 in force from today, implemented by every agency of its competent agency's tier. Then edit its definition and form like any other.";
    new_procedure_hint: "Điền từng trường theo mẫu; mã thủ tục phải là mã mới. Nội dung giữ nguyên trên trang cho đến khi tạo xong.", "Fill in each field; the procedure code must be new. The text stays on this page until the procedure is created.";
    new_procedure_problems: "Còn {n} lỗi phải sửa trước khi tạo thủ tục:", "{n} problems to correct before the procedure is created:";
    new_procedure_create: "Tạo thủ tục", "Create the procedure";
    new_procedure_link: "Thêm thủ tục mới", "New procedure";
    templates_title: "Mẫu đơn, tờ khai", "Form templates";
    templates_lead: "Các mẫu đơn, tờ khai mà thành phần hồ sơ của thủ tục có thể gắn kèm. Trong quy định thủ tục, ghi tên tệp vào trường template của giấy tờ.", "The templates a procedure's documents may offer. In a definition, write the file name in the document's template field.";
    templates_link: "Mẫu đơn, tờ khai: tải lên, tra tên tệp (mở trong thẻ mới)", "Form templates: upload, look up file names (opens in a new tab)";
    templates_uploaded: "Đã tải lên mẫu “{name}”. Ghi template = \"{name}\" vào giấy tờ trong quy định thủ tục.", "Template “{name}” uploaded. Write template = \"{name}\" on the document in the definition.";
    templates_wrong_type: "Mẫu phải là tệp PDF, DOCX, XLSX hoặc ODT (xác định theo nội dung tệp).", "A template must be a PDF, DOCX, XLSX or ODT file (read from its content).";
    templates_name_taken: "Đã có mẫu cùng tên tệp. Đổi tên tệp rồi tải lên lại.", "A template with this file name exists. Rename the file and upload it again.";
    templates_forbidden: "Chỉ quản trị hệ thống được tải lên mẫu đơn, tờ khai.", "Only system administrators upload templates.";
    templates_title_required: "Nhập tên mẫu bằng tiếng Việt (tối đa 200 ký tự).", "Enter the template's Vietnamese name (at most 200 characters).";
    templates_file_name: "Tên tệp (dùng trong quy định)", "File name (used in definitions)";
    templates_name: "Tên mẫu", "Name";
    templates_download: "Tải về ({kb} KB)", "Download ({kb} KB)";
    templates_upload: "Tải lên mẫu mới", "Upload a template";
    templates_title_vi: "Tên mẫu (tiếng Việt)", "Name (Vietnamese)";
    templates_title_en: "Tên mẫu (tiếng Anh, nếu có)", "Name (English, if any)";
    templates_file: "Tệp mẫu", "Template file";
    templates_file_hint: "PDF, DOCX, XLSX hoặc ODT, tối đa 10 MB.", "PDF, DOCX, XLSX or ODT, at most 10 MB.";
    templates_upload_button: "Tải lên", "Upload";
    form_preview_check: "Kiểm tra như khi nộp", "Check as on submission";
    form_preview_valid: "Không có lỗi.", "No errors.";
    form_preview_errors: "{n} lỗi, hiện bên cạnh từng trường.", "{n} errors, shown by each field.";
    holidays_day: "Ngày trong lịch", "Calendar date";
    holidays_name_vi: "Tên (tiếng Việt)", "Name (Vietnamese)";
    holidays_name_en: "Tên (tiếng Anh)", "Name (English)";
    holidays_working: "Ngày làm việc bù (thứ Bảy, Chủ nhật đi làm)", "Make-up working day (a weekend day worked)";
    holidays_add: "Thêm ngày", "Add the day";
    holidays_remove: "Xóa", "Remove";
    holidays_off: "Nghỉ", "Day off";
    holidays_worked: "Làm bù", "Worked";
    holidays_year: "Năm", "Year";
    role_receiver: "Bộ phận một cửa (tiếp nhận, trả kết quả)", "One-stop desk (receives, returns results)";
    role_processor: "Chuyên viên xử lý", "Processing specialist";
    role_approver: "Lãnh đạo phê duyệt", "Approving leader";
    role_agency_admin: "Quản trị cơ quan", "Agency administrator";
    role_system_admin: "Quản trị hệ thống", "System administrator";
    national_system_handler: "Hệ thống một cửa điện tử", "One-stop electronic system";
    national_applicant_title: "Người nộp hồ sơ", "Applicant";

    admin_title: "Quản lý cán bộ", "Manage officials";
    admin_list: "Danh sách cán bộ", "Officials";
    admin_name: "Họ và tên", "Name";
    admin_email: "Thư điện tử", "E-mail";
    admin_agency: "Cơ quan", "Agency";
    admin_agency_search: "Tìm cơ quan", "Find the agency";
    admin_agency_search_hint: "Gõ tên (có dấu hoặc không) hoặc mã cơ quan rồi nhấn Enter; danh sách hiện tối đa 50 cơ quan.", "Type the agency's name (accents optional) or code and press Enter; the list shows at most 50.";
    admin_roles: "Vai trò", "Roles";
    admin_status: "Trạng thái", "Status";
    admin_active: "Đang hoạt động", "Active";
    admin_disabled: "Đã khóa", "Disabled";
    admin_disable: "Khóa tài khoản", "Disable";
    admin_enable: "Mở khóa", "Enable";
    admin_save_roles: "Lưu vai trò", "Save roles";
    admin_roles_saved: "Đã lưu vai trò.", "Roles saved.";
    admin_create: "Thêm cán bộ", "Add an official";
    admin_create_submit: "Tạo tài khoản", "Create account";
    admin_created: "Đã tạo tài khoản {email}. Mật khẩu tạm thời (chỉ hiển thị một lần, cán bộ phải đổi khi đăng nhập lần đầu):", "Account {email} created. Temporary password (shown once; the official must change it at first sign-in):";
    admin_no_officials: "Chưa có cán bộ nào.", "No officials yet.";

    payment_title: "Phí, lệ phí", "Fees";
    payment_due: "Số tiền cần nộp: {amount}. Hồ sơ sẽ được xử lý tiếp ngay khi thanh toán được xác nhận.", "Amount due: {amount}. Processing continues as soon as the payment is confirmed.";
    payment_gateway_hint: "Bạn sẽ được chuyển sang cổng thanh toán VNPay; sau khi thanh toán, trạng thái hồ sơ tự cập nhật.", "You will be taken to the VNPay gateway; after paying, the dossier's status updates by itself.";
    payment_at_desk: "Thanh toán trực tuyến chưa được cấu hình: vui lòng nộp tại Bộ phận Một cửa.", "Online payment is not set up: please pay at the one-stop desk.";
    payment_orders: "Các lần thanh toán", "Payments";
    payment_reference: "Mã giao dịch", "Reference";
    payment_amount: "Số tiền", "Amount";
    payment_created: "Thời điểm tạo", "Created";
    payment_state: "Tình trạng", "State";
    payment_receipt: "Biên lai điện tử", "E-receipt";
    payment_pending: "Đang chờ xác nhận", "Awaiting confirmation";
    payment_paid: "Đã thanh toán", "Paid";
    payment_failed: "Không thành công", "Not paid";
    payment_refund_due: "Đã thanh toán hai lần — chờ hoàn tiền", "Paid twice — to be refunded";
    payment_return_title: "Kết quả thanh toán", "Payment result";
    payment_gateway_success: "VNPay báo giao dịch thành công.", "VNPay reports the payment succeeded.";
    payment_confirmed: "Cổng đã nhận xác nhận thanh toán; hồ sơ được xử lý tiếp.", "The portal has the payment confirmation; processing continues.";
    payment_awaiting_confirmation: "Đang chờ VNPay xác nhận; trạng thái hồ sơ sẽ tự cập nhật.", "Awaiting VNPay's confirmation; the dossier's status will update by itself.";
    payment_not_paid: "Chưa thanh toán: phí vẫn cần nộp, bạn có thể thử lại từ trang hồ sơ.", "Not paid: the fee is still due; you can try again from the dossier page.";
    payment_unknown_order: "Không tìm thấy giao dịch này.", "This payment was not found.";
    payment_back_to_dossier: "Về trang hồ sơ", "Back to the dossier";
    payment_return_forged: "Thông tin trả về không hợp lệ (sai chữ ký). Không có gì được ghi nhận.", "The returned data is not valid (bad signature). Nothing was recorded.";
    vnp_00: "Giao dịch thành công.", "The payment succeeded.";
    vnp_07: "Đã trừ tiền nhưng giao dịch bị nghi ngờ gian lận; ngân hàng sẽ kiểm tra.", "Money was taken but the payment is flagged as suspicious; the bank will check it.";
    vnp_card: "Thẻ hoặc tài khoản chưa dùng được cho thanh toán trực tuyến, bị khóa, hoặc xác thực sai.", "The card or account cannot pay online, is locked, or failed verification.";
    vnp_11: "Đã hết thời gian chờ thanh toán.", "The payment window expired.";
    vnp_24: "Bạn đã hủy giao dịch.", "You cancelled the payment.";
    vnp_51: "Tài khoản không đủ số dư.", "Insufficient balance.";
    vnp_65: "Tài khoản đã vượt hạn mức giao dịch trong ngày.", "The daily limit was exceeded.";
    vnp_75: "Ngân hàng đang bảo trì.", "The bank is under maintenance.";
    vnp_other: "Giao dịch không thành công.", "The payment did not succeed.";
    sandbox_title: "Cổng thanh toán thử nghiệm VNPay (sandbox)", "VNPay test gateway (sandbox)";
    sandbox_warning: "Môi trường thử nghiệm: không có tiền thật nào được chuyển.", "Test environment: no real money moves.";
    sandbox_merchant: "Mã đơn vị (TmnCode)", "Merchant (TmnCode)";
    sandbox_description: "Nội dung", "Description";
    sandbox_outcome: "Kết quả muốn thử", "Outcome to test";
    sandbox_success: "Thanh toán thành công", "Payment succeeds";
    sandbox_lost_ipn: "Thanh toán thành công nhưng IPN bị mất (đối soát sẽ phát hiện)", "Payment succeeds but the IPN is lost (reconciliation finds it)";
    sandbox_confirm: "Xác nhận", "Confirm";
    sandbox_invalid: "Yêu cầu thanh toán không hợp lệ (sai chữ ký hoặc thiếu thông tin).", "The payment request is not valid (bad signature or missing data).";
    result_title: "Kết quả điện tử", "Electronic result";
    result_intro: "Kết quả được ký số bởi Cổng; mã QR trên văn bản dẫn đến trang kiểm tra.", "The result is digitally signed by the portal; the QR code on it leads to the verification page.";
    result_download: "Tải kết quả (PDF có chữ ký số)", "Download the result (signed PDF)";
    check_title: "Kiểm tra văn bản điện tử", "Verify an electronic document";
    check_intro: "Kiểm tra chữ ký số của kết quả do Cổng cấp, hoặc tải lên bản bạn nhận được để đối chiếu.", "Check the digital signature of a result issued by the portal, or upload the copy you received to compare.";
    check_valid: "Hợp lệ: văn bản do Cổng ký và chưa bị thay đổi.", "Valid: signed by the portal and unchanged.";
    check_invalid: "Không hợp lệ: chữ ký hoặc nội dung không khớp.", "Not valid: the signature or the content does not match.";
    check_file_matches: "Tệp bạn tải lên đúng là văn bản đã ký.", "The file you uploaded is exactly the signed document.";
    check_file_differs: "Tệp bạn tải lên KHÔNG khớp với văn bản đã ký.", "The file you uploaded does NOT match the signed document.";
    check_code: "Mã kiểm tra", "Verification code";
    check_issuer: "Cơ quan ký", "Issued by";
    check_signed_at: "Thời điểm ký", "Signed at";
    check_hash: "Mã băm SHA-256", "SHA-256 hash";
    check_dossier: "Mã hồ sơ", "Dossier code";
    check_holder: "Người yêu cầu", "Applicant";
    check_signature: "Chữ ký số (Ed25519)", "Digital signature (Ed25519)";
    check_signature_download: "Tải chữ ký tách rời (.sig)", "Download the detached signature (.sig)";
    check_offline: "Đối chiếu các thông tin trên với bản giấy. Có thể tự kiểm tra chữ ký không cần Cổng: chữ ký Ed25519 ký trên toàn bộ nội dung tệp PDF, kiểm tra bằng khóa công khai, ví dụ: openssl pkeyutl -verify -pubin -inkey public-key.pem -rawin -in ket-qua.pdf -sigfile ket-qua.pdf.sig", "Compare these details with the paper. The signature can be checked without the portal: it is an Ed25519 signature over the whole PDF file, checked with the public key, e.g. openssl pkeyutl -verify -pubin -inkey public-key.pem -rawin -in ket-qua.pdf -sigfile ket-qua.pdf.sig";
    check_upload_label: "Tệp cần đối chiếu (PDF)", "File to compare (PDF)";
    check_upload_submit: "Đối chiếu tệp", "Compare the file";
    check_choose_file: "Hãy chọn một tệp để đối chiếu.", "Choose a file to compare.";
    check_public_key: "Khóa công khai của Cổng (Ed25519, PEM)", "The portal's public key (Ed25519, PEM)";
    check_not_found: "Không có văn bản nào mang mã kiểm tra này.", "No document has this verification code.";
    dossier_taken_in_for_you: "Hồ sơ giấy của bạn, do {name} tiếp nhận ({channel}). Bạn theo dõi được tiến độ và kết quả tại đây.", "Your paper dossier, taken in by {name} ({channel}). You can follow its progress and result here.";
    dossier_channel: "Hình thức nộp", "How it was filed";
    intake_link: "Tiếp nhận hồ sơ giấy", "Take in a paper dossier";
    intake_title: "Tiếp nhận hồ sơ giấy", "Take in a paper dossier";
    intake_intro: "Hồ sơ nộp trực tiếp tại quầy hoặc gửi qua bưu chính: ghi người nộp, chọn thủ tục, quét từng giấy tờ, rồi tiếp nhận. Hồ sơ nhận mã theo cùng dãy số với hồ sơ trực tuyến; người nộp theo dõi được khi đăng nhập bằng VNeID.", "A dossier handed in at the desk or sent by post: record the person, choose the procedure, scan each document, then take it in. It gets its code from the same sequence as online dossiers; the person follows it once signed in with VNeID.";
    intake_procedure: "Thủ tục", "Procedure";
    intake_no_procedures: "Cơ quan chưa có thủ tục nào tiếp nhận hồ sơ giấy qua trang này.", "Your agency has no procedure taken in on paper through this page.";
    intake_channel: "Hình thức nộp", "How it was filed";
    intake_person: "Người nộp hồ sơ", "The person filing";
    intake_full_name: "Họ và tên", "Full name";
    intake_citizen_id: "Số định danh cá nhân (12 số)", "Personal ID number (12 digits)";
    intake_phone: "Số điện thoại (không bắt buộc)", "Phone number (optional)";
    intake_email: "Thư điện tử (không bắt buộc)", "E-mail address (optional)";
    intake_start: "Bắt đầu tiếp nhận", "Start taking it in";
    intake_for: "{procedure} — hồ sơ của {name}, số định danh {id}", "{procedure} — the dossier of {name}, ID number {id}";
    intake_scan_heading: "Quét giấy tờ", "Scan the documents";
    intake_scan_hint: "Mỗi giấy tờ: quét hoặc chụp (PDF, JPEG, PNG), ghi bản chính hay bản sao, tên, số, cơ quan cấp và thời hạn. Lưu bản quét là xác nhận đã số hóa (người thực hiện, thời điểm, mã băm).", "For each document: scan or photograph it (PDF, JPEG, PNG) and record whether it is the original or a copy, its name, number, issuer and validity. Saving the scan confirms the digitisation (who, when, hash).";
    intake_mandatory: "bắt buộc", "required";
    intake_kind: "Loại bản", "Kind";
    intake_original: "Bản chính", "Original";
    intake_copy: "Bản sao", "Copy";
    intake_doc_type: "Tên giấy tờ", "Document";
    intake_doc_number: "Số, ký hiệu", "Number";
    intake_issuer: "Cơ quan cấp", "Issued by";
    intake_issued_on: "Ngày cấp", "Issued on";
    intake_valid_until: "Có giá trị đến", "Valid until";
    intake_file_with_documents: "Tệp của giấy tờ này được quét ở phần giấy tờ bên dưới.", "This document is scanned with the documents below.";
    intake_form_heading: "Tờ khai", "The form";
    intake_form_hint: "Nhập tờ khai theo bản giấy người nộp đã điền; các quy tắc kiểm tra giống như khi nộp trực tuyến. Bấm “Lưu tờ khai” trước khi lưu bản quét hoặc tiếp nhận hồ sơ: phần chưa lưu sẽ không được giữ.", "Type the form as the applicant filled in the paper one; it is checked by the same rules as online. Press “Save the form” before saving a scan or taking the dossier in: what is not saved is not kept.";
    intake_form_save: "Lưu tờ khai", "Save the form";
    intake_form_saved: "Đã lưu tờ khai.", "The form was saved.";
    intake_form_problems: "Tờ khai còn {n} lỗi cần sửa trước khi tiếp nhận.", "The form has {n} mistakes to correct before it is taken in.";
    store_title: "Kho dữ liệu của tôi", "My document store";
    store_intro: "Giấy tờ đã được số hóa của bạn: kết quả do cơ quan cấp, giấy tờ được số hóa khi nộp hồ sơ giấy, và giấy tờ bạn lưu lại từ hồ sơ trước. Khi nộp hồ sơ mới, bạn chọn chúng từ kho thay vì tải lên lại.", "Your digitised papers: results agencies issued, papers digitised when you handed in a paper dossier, and documents you kept from earlier dossiers. When you apply again, choose them from the store instead of uploading them again.";
    store_empty: "Kho của bạn chưa có giấy tờ nào.", "Your store holds no documents yet.";
    store_kind_result: "Kết quả do cơ quan cấp (có chữ ký số)", "Result issued by an agency (digitally signed)";
    store_kind_digitised: "Số hóa tại bộ phận một cửa", "Digitised at a one-stop desk";
    store_kind_kept: "Lưu từ hồ sơ đã nộp trước đây, thông tin do công dân tự khai", "Kept from an earlier dossier, described by the citizen";
    store_document: "Giấy tờ", "Document";
    store_number: "Số", "Number";
    store_issuer: "Cơ quan cấp", "Issued by";
    store_validity: "Hiệu lực", "Validity";
    store_valid_until: "Đến {date}", "Until {date}";
    store_no_expiry: "Không thời hạn", "No expiry";
    store_expired: "Đã hết hiệu lực", "Expired";
    store_source: "Nguồn", "Source";
    store_from_dossier: "Hồ sơ {code}", "Dossier {code}";
    store_remove: "Xóa {name} khỏi kho", "Remove {name} from the store";
    store_removed: "Đã xóa giấy tờ khỏi kho. Hồ sơ đã nộp vẫn giữ tệp của nó.", "The document was removed from the store. Dossiers already filed keep their file.";
    store_kept: "Đã lưu giấy tờ vào kho.", "The document was kept in your store.";
    store_keep_title: "Lưu giấy tờ từ hồ sơ trước", "Keep a document from an earlier dossier";
    store_keep_file: "Tệp đã nộp", "File you sent";
    store_keep_none: "Không còn tệp nào của hồ sơ trước để lưu.", "No file of an earlier dossier is left to keep.";
    store_keep_button: "Lưu vào kho", "Keep in my store";
    store_choose: "Chọn từ kho", "Choose from my store";
    store_choose_button: "Dùng giấy tờ này", "Use this document";
    store_choose_none: "Không có giấy tờ còn hiệu lực trong kho.", "No valid document in your store.";
    store_reused: "Lấy từ kho dữ liệu của công dân ({kind}): đã kiểm tra mã băm", "From the citizen's document store ({kind}): hash checked";
    store_reused_signed: "và chữ ký số", "and digital signature";
    intake_file: "Tệp quét hoặc ảnh chụp", "Scan or photograph";
    intake_save_scan: "Lưu bản quét", "Save the scan";
    intake_scanned: "Đã số hóa", "Digitised";
    intake_remove: "Xóa", "Remove";
    intake_remove_scan: "Xóa bản quét", "Remove the scan";
    intake_no_scan: "Chưa quét.", "Not scanned yet.";
    intake_record_error: "Bản quét chưa được lưu: hãy chọn bản chính hay bản sao và ghi tên giấy tờ (ngày cấp không sau hôm nay, thời hạn sau ngày cấp).", "The scan was not saved: choose original or copy and name the document (issued by today, valid after it was issued).";
    intake_receive: "Tiếp nhận hồ sơ", "Take the dossier in";
    intake_receive_hint: "Hồ sơ nhận mã và vào hàng đợi của cơ quan; trên trang hồ sơ, kiểm tra đủ rồi tiếp nhận để in Giấy tiếp nhận (Mẫu 01).", "The dossier gets its code and joins your agency's queue; on its page, check it and accept it to print the receipt (Form 01).";
    feedback_topic_rules: "Quy định thủ tục hành chính", "The rules of a procedure";
    feedback_topic_handling: "Giải quyết hồ sơ (thời hạn, yêu cầu bổ sung)", "How a dossier was handled (delays, supplements)";
    feedback_topic_conduct: "Thái độ, hành vi của cán bộ", "Officials' conduct";
    feedback_topic_fees: "Phí, lệ phí", "Fees and charges";
    feedback_topic_portal: "Cổng dịch vụ công", "The portal";
    feedback_topic_other: "Khác", "Other";
    feedback_status_open: "Đang xử lý", "Being handled";
    feedback_status_answered: "Đã trả lời", "Answered";
    feedback_status_hidden: "Đã ẩn (vi phạm)", "Hidden (abuse)";
    feedback_title: "Phản ánh, kiến nghị", "Feedback and complaints";
    feedback_intro: "Câu trả lời của các cơ quan cho phản ánh, kiến nghị về quy định và việc giải quyết thủ tục hành chính. Chỉ công khai khi người gửi đồng ý, đã lược bỏ thông tin cá nhân.", "Agencies' answers to feedback about administrative rules and how procedures were handled. Published only with the sender's consent, personal data removed.";
    feedback_send_link: "Gửi phản ánh, kiến nghị", "Send feedback";
    feedback_filter_agency: "Cơ quan", "Agency";
    feedback_filter_all: "Tất cả", "All";
    feedback_filter_submit: "Lọc", "Filter";
    feedback_none: "Chưa có câu trả lời nào được công khai.", "No answer has been published yet.";
    feedback_count: "{n} phản ánh, kiến nghị đã trả lời", "{n} answered";
    feedback_question: "Nội dung phản ánh", "Feedback";
    feedback_answer: "Trả lời của cơ quan", "The agency's answer";
    feedback_sent_on: "Ngày gửi", "Sent on";
    feedback_answered_on: "Ngày trả lời", "Answered on";
    feedback_mine: "Phản ánh, kiến nghị của tôi", "My feedback";
    feedback_due: "Hạn trả lời", "Answer due";
    feedback_published: "Đã công khai", "Published";
    feedback_not_published: "Không công khai", "Not published";
    feedback_new_intro: "Phản ánh, kiến nghị được chuyển tới cơ quan liên quan; cơ quan trả lời trong {n} ngày làm việc và gửi câu trả lời tới thư điện tử của bạn.", "Your feedback goes to the agency concerned, which answers within {n} working days and mails you the answer.";
    feedback_anonymous: "Bạn chưa đăng nhập: nhập mã hồ sơ và mã tra cứu (in trên Giấy tiếp nhận) để phản ánh về hồ sơ đó, hoặc đăng nhập để phản ánh về một cơ quan.", "You are not signed in: give a dossier's code and lookup secret (printed on its receipt) to write about it, or sign in to write about an agency.";
    feedback_dossier_code: "Mã hồ sơ", "Dossier code";
    feedback_dossier_hint: "Để trống nếu phản ánh về một cơ quan, không về một hồ sơ.", "Leave empty to write about an agency rather than a dossier.";
    feedback_secret: "Mã tra cứu", "Lookup secret";
    feedback_agency: "Cơ quan nhận phản ánh", "Agency";
    feedback_agency_search: "Tìm cơ quan theo tên", "Find an agency by name";
    feedback_agency_search_submit: "Tìm cơ quan", "Find";
    feedback_agency_choose: "Chọn cơ quan", "Choose an agency";
    feedback_agency_other: "Chọn cơ quan khác", "Choose another agency";
    feedback_procedure: "Thủ tục", "Procedure";
    feedback_topic: "Chủ đề", "Topic";
    feedback_subject: "Tiêu đề", "Title";
    feedback_content: "Nội dung", "Content";
    feedback_content_hint: "Không cần ghi số định danh, số điện thoại hay địa chỉ thư: cơ quan liên hệ với bạn qua hồ sơ hoặc tài khoản.", "No need to write ID numbers, phone numbers or e-mail addresses: the agency reaches you through the dossier or your account.";
    feedback_email: "Thư điện tử nhận câu trả lời (không bắt buộc)", "E-mail for the answer (optional)";
    feedback_email_hint: "Khi đã đăng nhập, để trống để nhận tại địa chỉ của tài khoản.", "When signed in, leave empty to use your account's address.";
    feedback_consent: "Tôi đồng ý công khai phản ánh và câu trả lời (đã lược bỏ thông tin cá nhân).", "I agree that the feedback and its answer are published (personal data removed).";
    feedback_submit: "Gửi phản ánh", "Send";
    feedback_sent: "Đã gửi phản ánh, kiến nghị mã {code}. Cơ quan trả lời trong {n} ngày làm việc.", "Feedback {code} was sent. The agency answers within {n} working days.";
    feedback_queue_title: "Phản ánh, kiến nghị gửi cơ quan", "Feedback to the agency";
    feedback_queue_intro: "Trả lời trong {n} ngày làm việc. Câu trả lời được gửi tới người gửi và công khai nếu họ đồng ý; phản ánh vi phạm có thể ẩn, kèm lý do (ghi nhật ký).", "Answer within {n} working days. The answer is mailed to the sender and published if they agreed; abusive feedback can be hidden, with a reason (audited).";
    feedback_queue_none: "Không có phản ánh, kiến nghị nào.", "No feedback.";
    feedback_sender: "Người gửi", "Sender";
    feedback_sender_by_code: "Người giữ mã hồ sơ (chưa đăng nhập)", "The holder of the dossier's code (not signed in)";
    feedback_consent_yes: "Đồng ý công khai", "Agreed to publication";
    feedback_consent_no: "Không đồng ý công khai", "Did not agree to publication";
    feedback_days_left: "còn {n} ngày làm việc", "{n} working days left";
    feedback_overdue: "quá hạn", "overdue";
    feedback_answer_field: "Câu trả lời", "Answer";
    feedback_public_title: "Tiêu đề công khai", "Title as published";
    feedback_secret_hint: "Khi đã đăng nhập, chỉ cần nếu hồ sơ không thuộc tài khoản của bạn.", "When signed in, only needed if the dossier is not one of your account's.";
    feedback_public_question: "Nội dung công khai (số định danh, số điện thoại, thư điện tử đã được lược bỏ; sửa thêm nếu còn thông tin cá nhân)", "The question as published (ID numbers, phone numbers and e-mail addresses removed; edit out anything else personal)";
    feedback_answer_submit: "Gửi câu trả lời", "Send the answer";
    feedback_hide_reason: "Lý do ẩn (vi phạm, lạm dụng)", "Reason for hiding (abuse)";
    feedback_hide_submit: "Ẩn phản ánh", "Hide";
    feedback_done: "Đã cập nhật phản ánh {code}.", "Feedback {code} was updated.";
    feedback_hidden_because: "Lý do ẩn: {reason}", "Hidden: {reason}";
    feedback_link_dossier: "Phản ánh, kiến nghị về hồ sơ này", "Feedback about this dossier";
    feedback_link_agency: "Phản ánh, kiến nghị về cơ quan này", "Feedback about this agency";
    footer_statistics: "Thống kê công khai", "Public statistics";
    mail_feedback_subject: "Trả lời phản ánh, kiến nghị {code}", "The answer to your feedback {code}";
    mail_feedback_body: "Kính gửi ông/bà,\n\nCơ quan đã trả lời phản ánh, kiến nghị {code} «{title}» của ông/bà:\n\n{answer}\n\nCác câu trả lời đã công khai: {link}\n\nĐây là thư tự động của Cổng dịch vụ công, vui lòng không trả lời.", "Dear sender,\n\nThe agency answered your feedback {code} “{title}”:\n\n{answer}\n\nPublished answers: {link}\n\nThis is an automatic message from the public services portal; please do not reply.";
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
