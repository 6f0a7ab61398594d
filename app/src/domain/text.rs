//! Text helpers shared by search on the server and hints in the browser.

use serde::{Deserialize, Serialize};
use unicode_normalization::{UnicodeNormalization, char::is_combining_mark};

/// Folds text for search: lower case, no diacritics, `đ` → `d`, and every run
/// of non-alphanumeric characters collapsed to one space.
///
/// "ĐĂNG KÝ KHAI SINH", "dang ky khai sinh" and "Đăng ký khai sinh" all fold
/// to `"dang ky khai sinh"`.
pub fn fold(text: &str) -> String {
    let mut folded = String::with_capacity(text.len());
    let mut pending_space = false;
    for c in text.nfd() {
        if is_combining_mark(c) {
            continue;
        }
        let c = match c {
            'đ' | 'Đ' => 'd',
            c => c,
        };
        if c.is_alphanumeric() {
            if pending_space && !folded.is_empty() {
                folded.push(' ');
            }
            pending_space = false;
            folded.extend(c.to_lowercase());
        } else {
            pending_space = true;
        }
    }
    folded
}

/// The text without its diacritics, keeping case and punctuation: for the
/// plain alphabet of a text message ("Được tiếp nhận" → "Duoc tiep nhan").
pub fn without_diacritics(text: &str) -> String {
    text.nfd()
        .filter(|c| !is_combining_mark(*c))
        .map(|c| match c {
            'đ' => 'd',
            'Đ' => 'D',
            c => c,
        })
        .collect()
}

/// Characters a search query may have; a longer one is refused before it is read.
pub const MAX_QUERY_CHARS: usize = 200;
/// Distinct words a search query may have.
pub const MAX_QUERY_TERMS: usize = 12;

/// The folded words of a search query, without duplicates, in order. Linear
/// in the query's length (duplicates are found through a set).
pub fn search_terms(query: &str) -> Vec<String> {
    let folded = fold(query);
    let mut seen = std::collections::HashSet::new();
    folded.split(' ').filter(|w| !w.is_empty() && seen.insert(*w)).map(str::to_owned).collect()
}

/// A text in Vietnamese and, where a translation exists, English.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct LocalText {
    /// Vietnamese, always present: it is the legally binding text.
    pub vi: String,
    /// English translation; Vietnamese is shown when it is missing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub en: Option<String>,
}

impl LocalText {
    /// A text with both languages.
    pub fn new(vi: impl Into<String>, en: impl Into<String>) -> Self {
        Self { vi: vi.into(), en: Some(en.into()) }
    }

    /// The text in `locale`, falling back to Vietnamese.
    pub fn get(&self, locale: crate::i18n::Locale) -> &str {
        match (locale, &self.en) {
            (crate::i18n::Locale::En, Some(en)) if !en.is_empty() => en,
            _ => &self.vi,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn without_diacritics_keeps_case_and_punctuation() {
        assert_eq!(without_diacritics("Đã được tiếp nhận: Hồ sơ số 1."), "Da duoc tiep nhan: Ho so so 1.");
        assert_eq!(without_diacritics("ỨNG ĐỘNG"), "UNG DONG");
    }

    #[test]
    fn fold_ignores_case_and_diacritics() {
        assert_eq!(fold("Đăng ký khai sinh"), "dang ky khai sinh");
        assert_eq!(fold("ĐĂNG KÝ KHAI SINH"), "dang ky khai sinh");
        assert_eq!(fold("dang ky khai sinh"), "dang ky khai sinh");
    }

    #[test]
    fn fold_maps_d_with_stroke_to_d() {
        assert_eq!(fold("đất đai"), "dat dai");
        assert_eq!(fold("ĐỒNG THÁP"), "dong thap");
    }

    #[test]
    fn fold_handles_every_vietnamese_tone_and_vowel() {
        assert_eq!(fold("àáảãạ ăằắẳẵặ âầấẩẫậ"), "aaaaa aaaaaa aaaaaa");
        assert_eq!(fold("ơờớởỡợ ưừứửữự ỳýỷỹỵ"), "oooooo uuuuuu yyyyy");
    }

    #[test]
    fn fold_handles_precomposed_and_decomposed_input_alike() {
        let precomposed = "Hộ tịch";
        let decomposed: String = precomposed.nfd().collect();
        assert_ne!(precomposed, decomposed);
        assert_eq!(fold(precomposed), fold(&decomposed));
    }

    #[test]
    fn fold_collapses_punctuation_and_spaces() {
        assert_eq!(fold("  Giấy phép   xây-dựng (cấp mới) "), "giay phep xay dung cap moi");
        assert_eq!(fold("1.001193"), "1 001193");
        assert_eq!(fold(""), "");
        assert_eq!(fold(" %_ "), "");
    }

    #[test]
    fn search_terms_are_folded_and_unique() {
        assert_eq!(search_terms("Khai sinh, KHAI SINH"), vec!["khai", "sinh"]);
        assert!(search_terms("   ").is_empty());
    }

    #[test]
    fn search_terms_stay_linear_on_a_huge_query() {
        // 200,000 distinct words: the old pairwise de-duplication took minutes.
        let query: String = (0..200_000).map(|i| format!("w{i} ")).collect();
        let terms = search_terms(&query);
        assert_eq!(terms.len(), 200_000);
        assert_eq!(terms[199_999], "w199999");
    }

    #[test]
    fn local_text_falls_back_to_vietnamese() {
        use crate::i18n::Locale;
        let only_vi = LocalText { vi: "Hộ tịch".into(), en: None };
        assert_eq!(only_vi.get(Locale::En), "Hộ tịch");
        let both = LocalText::new("Hộ tịch", "Civil status");
        assert_eq!(both.get(Locale::En), "Civil status");
        assert_eq!(both.get(Locale::Vi), "Hộ tịch");
    }
}
