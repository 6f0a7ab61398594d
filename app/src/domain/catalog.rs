//! What the catalog shows: procedure summaries and details, the search query
//! and its result page. These cross the wire to the browser and the open-data API.

use super::codes::{AgencyLevel, OnlineClass, ServiceLevel};
use super::rules::{FieldErrors, Rule};
use super::text::{LocalText, MAX_QUERY_CHARS, MAX_QUERY_TERMS, search_terms};
use serde::{Deserialize, Serialize};

/// Results per catalog page.
pub const PAGE_SIZE: u64 = 20;
/// The last page a query may ask for (the offset stays far from overflow).
pub const MAX_PAGE: u64 = 10_000;

/// A catalog search, exactly as it appears in the URL (`?q=&sector=&agency=&level=&page=`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::IntoParams))]
pub struct CatalogQuery {
    /// Free text; case and diacritics are ignored. At most 200 characters and 12 words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub q: Option<String>,
    /// Sector code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sector: Option<String>,
    /// Agency code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agency: Option<String>,
    /// Service level 1–4.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<u8>,
    /// 1-based page number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<u64>,
}

impl CatalogQuery {
    /// Reads a query from URL parameters; empty and malformed values count as absent.
    pub fn from_params(get: impl Fn(&str) -> Option<String>) -> Self {
        let text = |key: &str| get(key).map(|v| v.trim().to_owned()).filter(|v| !v.is_empty());
        Self {
            q: text("q"),
            sector: text("sector"),
            agency: text("agency"),
            level: text("level").and_then(|v| v.parse().ok()).filter(|l| (1..=4).contains(l)),
            page: text("page").and_then(|v| v.parse().ok()).filter(|p| *p >= 1),
        }
    }

    /// The page asked for, 1 when absent, at most [`MAX_PAGE`].
    pub fn page(&self) -> u64 {
        self.page.unwrap_or(1).clamp(1, MAX_PAGE)
    }

    /// The words to search for, or why the query is refused (too long, too
    /// many words): the one check behind the page, the server function and
    /// the open API.
    pub fn terms(&self) -> Result<Vec<String>, FieldErrors> {
        query_terms(self.q.as_deref())
    }

    /// The URL of this search at another page, for pagination links.
    pub fn href_for_page(&self, page: u64) -> String {
        let mut pairs: Vec<(&str, String)> = Vec::new();
        if let Some(q) = &self.q {
            pairs.push(("q", q.clone()));
        }
        if let Some(s) = &self.sector {
            pairs.push(("sector", s.clone()));
        }
        if let Some(a) = &self.agency {
            pairs.push(("agency", a.clone()));
        }
        if let Some(l) = self.level {
            pairs.push(("level", l.to_string()));
        }
        if page > 1 {
            pairs.push(("page", page.to_string()));
        }
        let mut href = String::from("/procedures");
        for (i, (key, value)) in pairs.iter().enumerate() {
            href.push(if i == 0 { '?' } else { '&' });
            href.push_str(key);
            href.push('=');
            href.push_str(&url_encode(value));
        }
        href
    }
}

/// The folded words of a free-text search, or why it is refused (too long,
/// too many words): the one check behind every search of the catalog.
fn query_terms(q: Option<&str>) -> Result<Vec<String>, FieldErrors> {
    let Some(q) = q else { return Ok(Vec::new()) };
    let mut errors = FieldErrors::default();
    if q.chars().nth(MAX_QUERY_CHARS).is_some() {
        errors.push("q", Rule::TooLong(MAX_QUERY_CHARS as u32));
        return Err(errors);
    }
    let terms = search_terms(q);
    if terms.len() > MAX_QUERY_TERMS {
        errors.push("q", Rule::TooManyWords(MAX_QUERY_TERMS as u32));
        return Err(errors);
    }
    Ok(terms)
}

/// A search of the country's agencies (`?q=&province=&level=&page=`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::IntoParams))]
pub struct AgencyQuery {
    /// Free text on the agency's name; case and diacritics are ignored
    /// (`hoan kiem` finds “Phường Hoàn Kiếm”). At most 200 characters and 12 words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub q: Option<String>,
    /// Province code of the 2025 administrative units, e.g. `1` (Hà Nội), `79` (TP. Hồ Chí Minh).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub province: Option<i32>,
    /// Tier: `central`, `province` or `ward`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<AgencyLevel>,
    /// Only the agencies that implement this procedure (its national code, e.g. `1.001193`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub procedure: Option<String>,
    /// 1-based page number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<u64>,
}

impl AgencyQuery {
    /// Reads a query from URL parameters; empty and malformed values count as absent.
    pub fn from_params(get: impl Fn(&str) -> Option<String>) -> Self {
        let text = |key: &str| get(key).map(|v| v.trim().to_owned()).filter(|v| !v.is_empty());
        Self {
            q: text("q"),
            province: text("province").and_then(|v| v.parse().ok()),
            level: text("level").and_then(|v| AgencyLevel::parse(&v).ok()),
            procedure: text("procedure").filter(|v| v.len() <= MAX_CODE_CHARS),
            page: text("page").and_then(|v| v.parse().ok()).filter(|p| *p >= 1),
        }
    }

    /// The page asked for, 1 when absent, at most [`MAX_PAGE`].
    pub fn page(&self) -> u64 {
        self.page.unwrap_or(1).clamp(1, MAX_PAGE)
    }

    /// The words to search for, or why the query is refused.
    pub fn terms(&self) -> Result<Vec<String>, FieldErrors> {
        query_terms(self.q.as_deref())
    }
}

/// Longest procedure code accepted in a query (national codes are 8 characters).
const MAX_CODE_CHARS: usize = 32;

/// An agency where a procedure is filed, with its terms there (its own
/// processing days and fees where they differ from the procedure's).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Implementer {
    pub agency: AgencyRef,
    #[serde(flatten)]
    pub terms: Terms,
    /// It uses an online form of its own (not the national one).
    #[serde(default)]
    pub own_form: bool,
}

/// A procedure's terms at one agency.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Terms {
    /// Processing time, in working days.
    pub processing_days: u32,
    pub fees: Vec<Fee>,
}

/// An agency in the country's list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct AgencySummary {
    /// National agency code, e.g. `000.00.31.H29`.
    pub code: String,
    pub name: LocalText,
    pub level: AgencyLevel,
    /// The province it belongs to (none for central agencies).
    pub province_code: Option<i32>,
    /// The ward a ward People's Committee serves.
    pub ward_code: Option<i32>,
    /// The agency it reports to.
    pub parent_code: Option<String>,
}

/// One page of agencies.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct AgencyPage {
    pub items: Vec<AgencySummary>,
    pub total: u64,
    pub page: u64,
    pub page_size: u64,
    pub page_count: u64,
}

/// Percent-encodes a query value (UTF-8, spaces as `+`).
pub fn url_encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => out.push(b as char),
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// One line of a catalog result.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ProcedureSummary {
    /// National procedure code, e.g. `1.001193`.
    pub code: String,
    pub name: LocalText,
    pub sector: SectorRef,
    pub agency: AgencyRef,
    /// Online public service level, 1–4.
    #[cfg_attr(feature = "ssr", schema(value_type = u8, minimum = 1, maximum = 4))]
    pub level: ServiceLevel,
    pub online_class: Option<OnlineClass>,
    /// Processing time in working days (0: same day).
    pub processing_days: u32,
}

/// A sector as it appears on a procedure.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct SectorRef {
    pub code: String,
    pub name: LocalText,
}

/// An agency as it appears on a procedure.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct AgencyRef {
    /// National agency code, e.g. `000.00.31.H29`.
    pub code: String,
    pub name: LocalText,
    pub level: AgencyLevel,
}

/// One page of catalog results.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ProcedurePage {
    pub items: Vec<ProcedureSummary>,
    /// Number of procedures matching the query, over all pages.
    pub total: u64,
    /// This page, 1-based.
    pub page: u64,
    pub page_size: u64,
    pub page_count: u64,
}

/// The choices offered by the catalog filters.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CatalogFilters {
    pub sectors: Vec<SectorFacet>,
    pub agencies: Vec<AgencyRef>,
}

/// A sector with the number of procedures in it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SectorFacet {
    pub sector: SectorRef,
    pub featured: bool,
    pub procedure_count: u64,
}

/// Everything a level-1 service must publish about a procedure.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ProcedureDetail {
    #[serde(flatten)]
    pub summary: ProcedureSummary,
    /// Who may use the procedure.
    pub applicants: LocalText,
    /// Notes on the processing time (e.g. extra days for verification).
    pub processing_note: LocalText,
    /// Ways to submit.
    pub channels: Vec<Channel>,
    /// The steps, in order.
    pub steps: Vec<LocalText>,
    /// Conditions to meet; empty when there are none.
    pub conditions: Vec<LocalText>,
    pub documents: Vec<DocumentRequirement>,
    pub fees: Vec<Fee>,
    pub result: LocalText,
    pub legal_bases: Vec<LegalDocument>,
    /// May be filed at any agency of its tier, wherever the applicant lives
    /// (Decree 118/2025).
    pub any_desk: bool,
    /// How many agencies implement it; they are listed by
    /// `/api/v1/agencies?procedure={code}`.
    pub implementer_count: u64,
    /// The version of its national definition shown here (in force); its
    /// text is at `/api/v1/procedures/{code}/versions/{number}`.
    pub version: Option<DefinitionVersion>,
}

/// A required document of the dossier (thành phần hồ sơ).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct DocumentRequirement {
    pub name: LocalText,
    /// Originals required (bản chính).
    pub originals: u32,
    /// Copies required (bản sao).
    pub copies: u32,
    pub mandatory: bool,
    pub template: Option<Template>,
}

/// A downloadable form template.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Template {
    pub id: i32,
    pub file_name: String,
    pub title: LocalText,
    pub media_type: String,
    pub size_bytes: u64,
}

impl Template {
    /// Where the file is downloaded from.
    pub fn href(&self) -> String {
        format!("/templates/{}/{}", self.id, url_encode(&self.file_name).replace('+', "%20"))
    }
}

/// A way to submit a dossier (cách thức thực hiện).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub enum Channel {
    /// Online, through this portal.
    Online,
    /// In person at the one-stop desk.
    Desk,
    /// By public postal service.
    Post,
    /// Online, on the National Public Service Portal, which hands it on
    /// through the dossier API.
    National,
}

impl Channel {
    /// As stored (`dossiers.channel`) and in the catalog files.
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Online => "online",
            Channel::Desk => "desk",
            Channel::Post => "post",
            Channel::National => "national",
        }
    }

    /// Filed electronically (here or on the national portal): counted as
    /// online, its files born digital.
    pub fn is_online(self) -> bool {
        matches!(self, Channel::Online | Channel::National)
    }

    /// The channel in plain words, in the language of `t`.
    pub fn label(self, t: &crate::i18n::Messages) -> &'static str {
        match self {
            Channel::Online => t.channel_online,
            Channel::Desk => t.channel_desk,
            Channel::Post => t.channel_post,
            Channel::National => t.channel_national,
        }
    }

    /// The channel stored as `text`; anything unknown counts as online.
    pub fn stored(text: &str) -> Self {
        match text {
            "desk" => Channel::Desk,
            "post" => Channel::Post,
            "national" => Channel::National,
            _ => Channel::Online,
        }
    }
}

/// When a fee is paid.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub enum FeeStage {
    /// With the dossier.
    Submission,
    /// When the result is issued.
    Result,
}

/// A fee or charge (phí, lệ phí).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Fee {
    pub label: LocalText,
    /// Amount in đồng; 0 for free of charge.
    pub amount_vnd: i64,
    pub stage: FeeStage,
    /// Who is exempt, if anyone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exemption: Option<LocalText>,
}

/// A legal document a procedure is based on (căn cứ pháp lý).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct LegalDocument {
    /// Official number, e.g. `123/2015/NĐ-CP`.
    pub number: String,
    /// Kind: law, decree, circular, decision.
    pub kind: LocalText,
    pub title: LocalText,
    pub issuer: LocalText,
    /// Date of issue, `YYYY-MM-DD`.
    pub issued_on: String,
}

/// Formats an amount in đồng the Vietnamese way: `1.500.000 đ`.
pub fn format_vnd(amount: i64) -> String {
    let digits = amount.unsigned_abs().to_string();
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push('.');
        }
        grouped.push(c);
    }
    format!("{}{grouped} đ", if amount < 0 { "-" } else { "" })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params<'a>(pairs: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |k| pairs.iter().find(|(key, _)| *key == k).map(|(_, v)| v.to_string())
    }

    #[test]
    fn a_version_is_described_with_its_day_the_vietnamese_way() {
        let v = DefinitionVersion { number: 2, effective_from: chrono::NaiveDate::from_ymd_opt(2026, 7, 1) };
        assert_eq!(v.describe(crate::i18n::Locale::Vi.messages()), "Phiên bản 2 của thủ tục, hiệu lực từ 01/07/2026");
    }

    #[test]
    fn query_from_params_drops_empty_and_malformed_values() {
        let q = CatalogQuery::from_params(params(&[("q", "  "), ("level", "7"), ("page", "0"), ("sector", "ho-tich")]));
        assert_eq!(q, CatalogQuery { sector: Some("ho-tich".into()), ..Default::default() });
        assert_eq!(q.page(), 1);
    }

    #[test]
    fn agency_query_reads_level_and_province_and_refuses_long_text() {
        let q = AgencyQuery::from_params(params(&[("q", "hoàn kiếm"), ("province", "1"), ("level", "ward")]));
        assert_eq!(q.province, Some(1));
        assert_eq!(q.level, Some(AgencyLevel::Ward));
        assert_eq!(q.terms().unwrap(), vec!["hoan", "kiem"]);
        let q = AgencyQuery::from_params(params(&[("province", "x"), ("level", "district"), ("page", "0")]));
        assert_eq!(q, AgencyQuery::default());
        let long = "a ".repeat(150);
        assert!(AgencyQuery::from_params(params(&[("q", long.as_str())])).terms().is_err());
    }

    #[test]
    fn page_links_keep_the_filters_and_encode_vietnamese() {
        let q = CatalogQuery::from_params(params(&[("q", "khai sinh đ"), ("level", "3"), ("page", "2")]));
        assert_eq!(q.href_for_page(3), "/procedures?q=khai+sinh+%C4%91&level=3&page=3");
        assert_eq!(q.href_for_page(1), "/procedures?q=khai+sinh+%C4%91&level=3");
    }

    #[test]
    fn vnd_is_grouped_with_dots() {
        assert_eq!(format_vnd(0), "0 đ");
        assert_eq!(format_vnd(8_000), "8.000 đ");
        assert_eq!(format_vnd(1_500_000), "1.500.000 đ");
        assert_eq!(format_vnd(100), "100 đ");
    }

    #[test]
    fn template_href_keeps_the_file_name_readable() {
        let t = Template {
            id: 3,
            file_name: "to-khai dang ky.docx".into(),
            title: LocalText::default(),
            media_type: String::new(),
            size_bytes: 0,
        };
        assert_eq!(t.href(), "/templates/3/to-khai%20dang%20ky.docx");
    }

    proptest::proptest! {
        /// Any query is either read into at most 12 distinct words or refused
        /// with a rule the page can show.
        #[test]
        fn any_search_is_read_or_refused_clearly(q in "\\PC{0,300}|( ?[a-zđ]{1,3}){0,40}") {
            let query = CatalogQuery { q: Some(q.clone()), ..CatalogQuery::default() };
            match query.terms() {
                Ok(terms) => {
                    proptest::prop_assert!(terms.len() <= crate::domain::text::MAX_QUERY_TERMS);
                    let distinct: std::collections::HashSet<_> = terms.iter().collect();
                    proptest::prop_assert_eq!(distinct.len(), terms.len());
                }
                Err(errors) => proptest::prop_assert!(!errors.is_empty(), "{q}"),
            }
        }
    }
}

/// What a catalog administrator edits of one procedure's online form: the
/// national form (a system administrator) or their agency's own.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FormEditor {
    pub code: String,
    pub name: LocalText,
    /// The agency whose own form this is; `None`: the national form.
    pub agency: Option<LocalText>,
    /// How many documents the procedure requires (file fields name them by position).
    pub documents: u32,
    /// The form applicants fill today.
    pub in_force: Option<crate::domain::form::FormSchema>,
    /// The draft being prepared, if any.
    pub draft: Option<crate::domain::form::FormSchema>,
    /// Published versions, newest first (national and this agency's own).
    pub versions: Vec<VersionInfo>,
    /// The provinces (code, name), for the preview's address fields.
    pub provinces: Vec<(i32, String)>,
}

/// A version of a procedure's national definition: its number and first day.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct DefinitionVersion {
    pub number: i32,
    /// The first day it applies, `YYYY-MM-DD`.
    #[cfg_attr(feature = "ssr", schema(value_type = Option<String>, format = Date))]
    pub effective_from: Option<chrono::NaiveDate>,
}

impl DefinitionVersion {
    /// "Phiên bản 2 của thủ tục, hiệu lực từ 05/12/2026".
    pub fn describe(&self, t: &crate::i18n::Messages) -> String {
        // By hand, not `format`: this is on the procedure page, whose bundle stays small.
        use chrono::Datelike;
        let date =
            self.effective_from.map(|d| format!("{:02}/{:02}/{}", d.day(), d.month(), d.year())).unwrap_or_default();
        crate::i18n::fill(t.definition_version, &[("n", &self.number), ("date", &date)])
    }
}

/// What a system administrator edits of a procedure's national definition:
/// its text in the seed files' format (TOML), a draft until published.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DefinitionEditor {
    pub code: String,
    pub name: LocalText,
    /// The draft if one is being written, otherwise the version in force.
    pub text: String,
    /// `text` is a draft (not yet published).
    pub is_draft: bool,
    /// What stands in the way of publishing `text`.
    pub problems: Vec<String>,
    /// Published versions, newest first.
    pub versions: Vec<VersionInfo>,
}

/// The text a new procedure's definition starts from: every field to fill,
/// in the seed files' format, with a word on what goes where.
pub const NEW_DEFINITION: &str = r#"# Thủ tục mới — điền từng trường rồi bấm "Tạo thủ tục".
# sector: mã lĩnh vực (vd. ho-tich); agency: mã cơ quan có thẩm quyền (vd. 000.00.31.H29);
# code: mã thủ tục trên Cơ sở dữ liệu quốc gia về TTHC (vd. 1.001193).
sector = ""

[[procedure]]
code = ""
name_vi = ""
name_en = ""
agency = ""
level = 3
processing_days = 5
any_desk = false
applicants = { vi = "", en = "" }
result = { vi = "", en = "" }
channels = ["online", "desk"]
steps = [
  { vi = "", en = "" },
]
conditions = []
fees = []
documents = [
  { vi = "", en = "" },
]
legal = []
"#;

/// What creating a national procedure answered.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum NewProcedure {
    /// Created, in force from today: its code.
    Created(String),
    /// What stands in the way; nothing was created.
    Problems(Vec<String>),
}

/// One published version of a procedure's definition or of a form.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VersionInfo {
    pub number: i32,
    /// The agency's own form (otherwise national).
    pub own: bool,
    pub in_force: bool,
    pub withdrawn: bool,
    pub published_at: Option<chrono::DateTime<chrono::Utc>>,
    pub effective_from: Option<chrono::NaiveDate>,
}

/// A procedure as an agency administrator sees it: whether the agency
/// implements it and with which terms of its own.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Adoption {
    pub code: String,
    pub name: LocalText,
    pub adopted: bool,
    /// The caller administers an agency that may adopt it (a system
    /// administrator edits the national form only).
    pub can_adopt: bool,
    /// The procedure's own processing days and fees.
    pub national: Terms,
    /// The agency's terms, where they differ (`None`: the procedure's).
    pub local_days: Option<u32>,
    pub local_fees: Option<Vec<Fee>>,
}

/// An agency administrator's change to their agency's terms for a
/// procedure: processing days and each fee's amount (in the procedure's
/// order); `None` goes back to the procedure's own.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LocalTerms {
    pub code: String,
    pub processing_days: Option<u32>,
    pub fee_amounts: Option<Vec<i64>>,
}
