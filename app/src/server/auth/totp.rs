//! Time-based one-time passwords (RFC 6238: HMAC-SHA1, 30-second steps,
//! six digits), as every authenticator app speaks them.

use hmac::{Hmac, KeyInit, Mac};
use sha1::Sha1;

const STEP_SECS: i64 = 30;
const BASE32: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/// A new 160-bit secret, base32-encoded.
pub fn new_secret() -> String {
    base32_encode(&crate::server::secrets::random_bytes::<20>())
}

/// `otpauth://` link that authenticator apps read.
pub fn provisioning_uri(secret: &str, account: &str) -> String {
    let label = crate::domain::catalog::url_encode(&format!("DVC:{account}"));
    format!("otpauth://totp/{label}?secret={secret}&issuer=DVC&algorithm=SHA1&digits=6&period=30")
}

/// The time step `unix_secs` falls in.
pub fn step_at(unix_secs: i64) -> i64 {
    unix_secs.div_euclid(STEP_SECS)
}

/// The code for `secret` during `step`; `None` for a malformed secret.
pub fn code_for_step(secret: &str, step: i64, digits: u32) -> Option<u32> {
    let key = base32_decode(secret)?;
    let mut mac = <Hmac<Sha1> as KeyInit>::new_from_slice(&key).ok()?;
    mac.update(&step.to_be_bytes());
    let hash = mac.finalize().into_bytes();
    let offset = usize::from(hash[hash.len() - 1] & 0x0f);
    let binary = u32::from_be_bytes([hash[offset] & 0x7f, hash[offset + 1], hash[offset + 2], hash[offset + 3]]);
    Some(binary % 10u32.pow(digits))
}

/// The step whose six-digit code is `code`, allowing one step of clock drift
/// either way.
pub fn matching_step(secret: &str, code: u32, unix_secs: i64) -> Option<i64> {
    let now = step_at(unix_secs);
    [now, now - 1, now + 1].into_iter().find(|step| code_for_step(secret, *step, 6) == Some(code))
}

fn base32_encode(bytes: &[u8]) -> String {
    let mut out = String::new();
    let (mut buffer, mut bits) = (0u32, 0u32);
    for byte in bytes {
        buffer = (buffer << 8) | u32::from(*byte);
        bits += 8;
        while bits >= 5 {
            out.push(BASE32[((buffer >> (bits - 5)) & 31) as usize] as char);
            bits -= 5;
        }
    }
    if bits > 0 {
        out.push(BASE32[((buffer << (5 - bits)) & 31) as usize] as char);
    }
    out
}

fn base32_decode(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    let (mut buffer, mut bits) = (0u32, 0u32);
    for c in text.chars().filter(|c| !matches!(c, ' ' | '-' | '=')) {
        let value = BASE32.iter().position(|b| *b as char == c.to_ascii_uppercase())? as u32;
        buffer = (buffer << 5) | value;
        bits += 5;
        if bits >= 8 {
            out.push((buffer >> (bits - 8)) as u8);
            bits -= 8;
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    // RFC 6238 appendix B, SHA-1 key "12345678901234567890".
    const RFC_SECRET: &str = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

    #[test]
    fn base32_round_trips() {
        assert_eq!(base32_encode(b"12345678901234567890"), RFC_SECRET);
        assert_eq!(base32_decode(RFC_SECRET).unwrap(), b"12345678901234567890");
        assert_eq!(base32_decode("gezd gnbv").unwrap(), base32_decode("GEZDGNBV").unwrap());
        assert_eq!(base32_decode("GEZ1"), None);
    }

    #[test]
    fn codes_match_the_rfc_vectors() {
        for (time, code) in [
            (59, 94287082),
            (1111111109, 7081804),
            (1111111111, 14050471),
            (1234567890, 89005924),
            (2000000000, 69279037),
        ] {
            assert_eq!(code_for_step(RFC_SECRET, step_at(time), 8), Some(code), "t={time}");
        }
        assert_eq!(code_for_step(RFC_SECRET, step_at(59), 6), Some(287082));
    }

    #[test]
    fn one_step_of_drift_is_tolerated_not_more() {
        let now = 1_234_567_890;
        let code = |t| code_for_step(RFC_SECRET, step_at(t), 6).unwrap();
        assert_eq!(matching_step(RFC_SECRET, code(now), now), Some(step_at(now)));
        assert_eq!(matching_step(RFC_SECRET, code(now - 30), now), Some(step_at(now) - 1));
        assert_eq!(matching_step(RFC_SECRET, code(now + 30), now), Some(step_at(now) + 1));
        assert_eq!(matching_step(RFC_SECRET, code(now - 90), now), None);
    }

    #[test]
    fn secrets_are_160_bits() {
        let secret = new_secret();
        assert_eq!(secret.len(), 32);
        assert_eq!(base32_decode(&secret).unwrap().len(), 20);
        assert!(provisioning_uri(&secret, "an@example.vn").starts_with("otpauth://totp/DVC%3Aan%40example.vn?secret="));
    }
}
