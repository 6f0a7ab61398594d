//! Where the portal may send a browser back to: the one check behind every
//! `next`, `return_to` and language switch, so that no link on the official
//! domain can lead a citizen off-site (open redirect).

/// Longest redirect target accepted.
pub const MAX_TARGET_LEN: usize = 2048;

/// `target` when it is a path of this site, else `None`.
///
/// Browsers parse a `Location` by the WHATWG URL rules, which are more lenient
/// than they look: TAB, LF and CR are removed anywhere (`/\t/evil.example`
/// becomes `//evil.example`), leading C0 controls and spaces are stripped,
/// and `\` counts as `/` (`/\evil.example`). So a local path starts with one
/// `/` followed by neither `/` nor `\`, and holds no backslash and no
/// control character at all; such a value is also always a valid header.
pub fn local_path(target: &str) -> Option<&str> {
    let bytes = target.as_bytes();
    let local = target.len() <= MAX_TARGET_LEN
        && bytes.first() == Some(&b'/')
        && !matches!(bytes.get(1), Some(b'/' | b'\\'))
        && !target.chars().any(|c| c == '\\' || c.is_control());
    local.then_some(target)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn paths_of_this_site_pass() {
        for ok in ["/", "/procedures?q=khai+sinh", "/dossiers/000.00.31.H29-261130-0001", "/a//b", "/tìm kiếm"] {
            assert_eq!(local_path(ok), Some(ok));
        }
    }

    #[test]
    fn every_way_off_site_is_refused() {
        for bad in [
            "",
            "//evil.example/",
            "/\\evil.example",
            "\\\\evil.example",
            "https://evil.example/",
            "javascript:alert(1)",
            "/\t/evil.example",
            "/\n/evil.example",
            "/\r/evil.example",
            "\t//evil.example",
            " //evil.example",
            "/\u{0}/evil.example",
            "/a\\b",
            "/a\r\nSet-Cookie: x=1",
            "/\n",
            "/\u{85}x",
            "evil.example",
        ] {
            assert_eq!(local_path(bad), None, "{bad:?}");
        }
        assert_eq!(local_path(&format!("/{}", "a".repeat(MAX_TARGET_LEN))), None);
    }

    /// What a browser makes of a `Location` value, reduced to the rules that
    /// matter: tabs and newlines removed, leading controls and spaces stripped,
    /// backslashes read as slashes. A value we accept must still be a path
    /// of this site after that.
    fn as_browser_reads(target: &str) -> String {
        target
            .trim_start_matches(|c: char| c <= ' ')
            .chars()
            .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
            .map(|c| if c == '\\' { '/' } else { c })
            .collect()
    }

    proptest! {
        #[test]
        fn accepted_targets_stay_on_the_site(target in "[/\\\\\t\n\r a-z:.%?#\u{0}-\u{1f}\u{80}-\u{9f}]{0,12}") {
            if let Some(path) = local_path(&target) {
                let read = as_browser_reads(path);
                prop_assert!(read.starts_with('/') && !read.starts_with("//"), "{target:?} → {read:?}");
                // A valid header value: no control character at all.
                prop_assert!(!path.chars().any(char::is_control));
            }
        }
    }
}
