//! The portal's signing key (Ed25519): made at first start in the data
//! directory, used to sign result documents; its public key is published at
//! `/verify/public-key.pem` so anyone can check a signature without us.

use crate::server::auth::secrets::hex;
use ed25519_dalek::pkcs8::spki::der::pem::LineEnding;
use ed25519_dalek::pkcs8::{DecodePrivateKey, EncodePrivateKey, EncodePublicKey};
use ed25519_dalek::{Signature, Signer as _, SigningKey, Verifier as _, VerifyingKey};
use std::path::Path;
use std::sync::Arc;

/// What a signature covers: the document's code, the SHA-256 of its file,
/// the issuer and the instant of signing.
pub fn statement(code: &str, sha256: &str, issuer: &str, signed_at: chrono::DateTime<chrono::Utc>) -> String {
    format!("DVC-RESULT|{code}|{sha256}|{issuer}|{}", signed_at.format("%Y-%m-%dT%H:%M:%SZ"))
}

/// The key pair, shared by every request of the instance.
#[derive(Clone)]
pub struct Signer {
    key: Arc<SigningKey>,
    public_pem: Arc<String>,
}

impl Signer {
    /// Reads `dir/result-signing.pem`, or makes a new key there (readable
    /// only by the owner) on first start. Instances behind a load balancer
    /// share the data directory, and so the key.
    pub fn load_or_create(dir: &Path) -> Result<Self, String> {
        let path = dir.join("result-signing.pem");
        let key = match std::fs::read_to_string(&path) {
            Ok(pem) => SigningKey::from_pkcs8_pem(&pem).map_err(|e| format!("{}: {e}", path.display()))?,
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
                let key = SigningKey::from_bytes(&crate::server::auth::secrets::random_bytes::<32>());
                let pem = key.to_pkcs8_pem(LineEnding::LF).map_err(|e| e.to_string())?;
                std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
                write_private(&path, pem.as_bytes()).map_err(|e| format!("{}: {e}", path.display()))?;
                tracing::info!(path = %path.display(), "a new result-signing key was made");
                key
            }
            Err(err) => return Err(format!("{}: {err}", path.display())),
        };
        Ok(Self::from_key(key))
    }

    pub fn from_key(key: SigningKey) -> Self {
        let public_pem = key.verifying_key().to_public_key_pem(LineEnding::LF).expect("an Ed25519 key encodes");
        Self { key: Arc::new(key), public_pem: Arc::new(public_pem) }
    }

    /// The signature of `message`, hex.
    pub fn sign(&self, message: &str) -> String {
        hex(&self.key.sign(message.as_bytes()).to_bytes())
    }

    /// Whether `signature` (hex) is this key's signature of `message`.
    pub fn verify(&self, message: &str, signature: &str) -> bool {
        verify_with(&self.key.verifying_key(), message, signature)
    }

    /// The public key, PEM (SubjectPublicKeyInfo).
    pub fn public_pem(&self) -> &str {
        &self.public_pem
    }
}

fn verify_with(key: &VerifyingKey, message: &str, signature: &str) -> bool {
    let Some(bytes) = unhex(signature).and_then(|b| <[u8; 64]>::try_from(b).ok()) else { return false };
    key.verify(message.as_bytes(), &Signature::from_bytes(&bytes)).is_ok()
}

#[cfg(unix)]
fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new().write(true).create_new(true).mode(0o600).open(path)?.write_all(bytes)
}

#[cfg(not(unix))]
fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    std::fs::write(path, bytes)
}

fn unhex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) {
        return None;
    }
    (0..text.len()).step_by(2).map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixed() -> Signer {
        let seed: [u8; 32] = std::array::from_fn(|i| i as u8);
        Signer::from_key(SigningKey::from_bytes(&seed))
    }

    // Computed independently with Python's `cryptography` (Ed25519PrivateKey
    // from the seed 00 01 02 … 1f); Ed25519 signatures are deterministic.
    const SIGNATURE: &str = "c160e512573f3511926499b975b12d60fdc8d9116907b3a94ddcbdd828fc9d2e7adf81c269ce4ca3d0ab67808df271a3ecb32cae3b2d7437e6e015fa0ec5850a";

    fn message() -> String {
        let at = chrono::DateTime::parse_from_rfc3339("2026-11-30T05:00:00Z").unwrap().to_utc();
        // SHA-256 of b"%PDF-1.7 ket qua".
        statement(
            "KQ-7Q2M-9XHC",
            "1f704c04333d533762917aa3ef693f4831b10384190ae1473d97f46e0ea86958",
            "UBND phường Ba Đình",
            at,
        )
    }

    #[test]
    fn signatures_match_an_independent_implementation() {
        let signer = fixed();
        assert_eq!(signer.sign(&message()), SIGNATURE);
        assert!(signer.public_pem().contains("BEGIN PUBLIC KEY"));
        assert!(signer.verify(&message(), SIGNATURE));
    }

    #[test]
    fn any_change_fails_verification() {
        let signer = fixed();
        assert!(!signer.verify(&message().replace("Ba Đình", "Ba Dinh"), SIGNATURE));
        let mut flipped = SIGNATURE.to_owned();
        flipped.replace_range(0..1, "d");
        assert!(!signer.verify(&message(), &flipped));
        assert!(!signer.verify(&message(), "zz"));
        let other = Signer::from_key(SigningKey::from_bytes(&[7; 32]));
        assert!(!other.verify(&message(), SIGNATURE));
    }

    #[test]
    fn the_key_is_made_once_and_read_back() {
        let dir = std::env::temp_dir().join(format!("dvc-keys-{}", crate::server::auth::secrets::new_token()));
        let first = Signer::load_or_create(&dir).unwrap();
        let again = Signer::load_or_create(&dir).unwrap();
        assert_eq!(first.public_pem(), again.public_pem());
        assert!(again.verify("x", &first.sign("x")));
        std::fs::remove_dir_all(dir).ok();
    }
}
