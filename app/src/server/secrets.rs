//! Random tokens, fingerprints and comparisons of secrets: the small tools
//! every part that keeps or checks a secret shares (sessions, lookup
//! secrets, payment signatures, file fingerprints).

use sha2::{Digest, Sha256};

/// `n` random bytes from the operating system.
pub fn random_bytes<const N: usize>() -> [u8; N] {
    let mut bytes = [0u8; N];
    getrandom::fill(&mut bytes).expect("the operating system's random source works");
    bytes
}

/// Bytes as lower-case hex.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A 256-bit random token, URL-safe (for cookies and links).
pub fn new_token() -> String {
    hex(&random_bytes::<32>())
}

/// The SHA-256 of `bytes` in hex (what the database keeps instead of a
/// token; a file's fingerprint).
pub fn sha256_hex(bytes: impl AsRef<[u8]>) -> String {
    hex(&Sha256::digest(bytes.as_ref()))
}

/// Equality in time independent of where the strings differ (secrets,
/// signatures).
pub fn same_secret(stored: &str, given: &str) -> bool {
    let (a, b) = (stored.as_bytes(), given.as_bytes());
    let mut difference = u8::from(a.len() != b.len());
    for (i, x) in a.iter().enumerate() {
        difference |= x ^ b.get(i).copied().unwrap_or(0);
    }
    difference == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_long_random_and_hashed() {
        let (a, b) = (new_token(), new_token());
        assert_eq!(a.len(), 64);
        assert_ne!(a, b);
        assert_eq!(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    #[test]
    fn secrets_match_only_exactly() {
        assert!(same_secret("ABCD2345", "ABCD2345"));
        assert!(!same_secret("ABCD2345", "ABCD2346"));
        assert!(!same_secret("ABCD2345", "ABCD234"));
        assert!(!same_secret("ABCD2345", "ABCD23455"));
        assert!(!same_secret("ABCD2345", ""));
    }
}
