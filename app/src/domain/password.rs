//! What makes a password acceptable (NIST SP 800-63B style): long enough, not
//! a well-known one, not made of the person's own details. No composition
//! rules: a long phrase in Vietnamese is better than `P@ssw0rd!`.

use crate::domain::rules::Rule;
use crate::domain::text::fold;

/// Fewer characters than this are refused.
pub const MIN_LENGTH: usize = 10;
/// More than this is refused (hashing cost is bounded).
pub const MAX_LENGTH: usize = 128;

/// The most used passwords, lower-case, one per line, sorted.
const COMMON: &str = include_str!("common_passwords.txt");

/// Checks a new password. `personal` holds the person's own details (ID
/// number, phone, e-mail, name); none of them may make up the password.
pub fn check_new_password(password: &str, personal: &[&str]) -> Result<(), Rule> {
    let length = password.chars().count();
    if length == 0 {
        return Err(Rule::Required);
    }
    if length < MIN_LENGTH {
        return Err(Rule::PasswordTooShort);
    }
    if length > MAX_LENGTH {
        return Err(Rule::PasswordTooLong);
    }
    let folded = fold(password).replace(' ', "");
    if is_common(&folded) || is_monotonous(&folded) {
        return Err(Rule::PasswordCommon);
    }
    for detail in personal {
        // The e-mail's local part, the name without spaces, the digits of an ID.
        let detail = fold(detail.split('@').next().unwrap_or_default()).replace(' ', "");
        if detail.chars().count() >= 4 && folded.contains(&detail) {
            return Err(Rule::PasswordPersonal);
        }
    }
    Ok(())
}

/// A listed password, or one with digits or symbols stuck before or after it.
fn is_common(folded: &str) -> bool {
    let listed = |candidate: &str| COMMON.lines().any(|line| line == candidate);
    let core = folded.trim_matches(|c: char| !c.is_alphabetic());
    listed(folded) || (core.chars().count() >= 4 && listed(core))
}

/// One repeated character or one run of consecutive characters (`aaaaaaaaaa`,
/// `0123456789`, `abcdefghijk`).
fn is_monotonous(folded: &str) -> bool {
    let codes: Vec<i64> = folded.chars().map(|c| i64::from(u32::from(c))).collect();
    let steps: Vec<i64> = codes.windows(2).map(|w| w[1] - w[0]).collect();
    steps.iter().all(|s| *s == 0) || steps.iter().all(|s| *s == 1) || steps.iter().all(|s| *s == -1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_passphrases_pass() {
        assert_eq!(check_new_password("hoa sen nở giữa hè", &[]), Ok(()));
        assert_eq!(check_new_password("correct horse battery", &[]), Ok(()));
    }

    #[test]
    fn length_is_counted_in_characters() {
        assert_eq!(check_new_password("", &[]), Err(Rule::Required));
        assert_eq!(check_new_password("ngắn quá", &[]), Err(Rule::PasswordTooShort));
        // Nine characters but more than ten bytes: still too short.
        assert_eq!(check_new_password("đườngđời9", &[]), Err(Rule::PasswordTooShort));
        assert_eq!(check_new_password("đườngđời99", &[]), Ok(()));
        assert_eq!(check_new_password(&"x1".repeat(65), &[]), Err(Rule::PasswordTooLong));
        assert_eq!(check_new_password(&"x1y".repeat(42), &[]), Ok(()));
    }

    #[test]
    fn common_passwords_are_refused_in_any_dress() {
        for bad in
            ["1234567890", "matkhau123", "Matkhau123", "MẬTKHẨU123", "anhyeuem2025", "!!password!!", "qwertyuiop"]
        {
            assert_eq!(check_new_password(bad, &[]), Err(Rule::PasswordCommon), "{bad}");
        }
    }

    #[test]
    fn runs_and_repeats_are_refused() {
        assert_eq!(check_new_password("aaaaaaaaaaaa", &[]), Err(Rule::PasswordCommon));
        assert_eq!(check_new_password("abcdefghijkl", &[]), Err(Rule::PasswordCommon));
        assert_eq!(check_new_password("zyxwvutsrqp", &[]), Err(Rule::PasswordCommon));
    }

    #[test]
    fn personal_details_are_refused() {
        let me = ["001090012345", "0912345678", "an.nguyen@example.vn", "Nguyễn Văn An"];
        assert_eq!(check_new_password("x001090012345x", &me), Err(Rule::PasswordPersonal));
        assert_eq!(check_new_password("goi 0912345678 nhe", &me), Err(Rule::PasswordPersonal));
        assert_eq!(check_new_password("an.nguyen-2025!", &me), Err(Rule::PasswordPersonal));
        assert_eq!(check_new_password("nguyenvanan1990", &me), Err(Rule::PasswordPersonal));
        assert_eq!(check_new_password("sông Hồng đỏ nặng phù sa", &me), Ok(()));
    }
}
