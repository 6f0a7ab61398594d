//! The portal's signing keys (Ed25519), each made at first start in the data
//! directory: the result-signing key signs result documents, and its public
//! key is published at `/verify/public-key.pem` so anyone can check a
//! signature without us; the VNeID sandbox signs its ID tokens with its own.
//!
//! What is signed is the document itself: an Ed25519 signature (RFC 8032,
//! pure) over the exact bytes of the result's PDF, published as a detached
//! signature (`/verify/{code}/signature`, 64 bytes) and in the open API. Any
//! implementation checks it from the public key alone, e.g.
//! `openssl pkeyutl -verify -pubin -inkey public-key.pem -rawin -in result.pdf -sigfile result.pdf.sig`.

use crate::server::secrets::hex;
use ed25519_dalek::pkcs8::spki::der::pem::LineEnding;
use ed25519_dalek::pkcs8::{DecodePrivateKey, EncodePrivateKey, EncodePublicKey};
use ed25519_dalek::{Signature, Signer as _, SigningKey, Verifier as _, VerifyingKey};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Why the signing key could not be read or made.
#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    #[error("{}: {source}", path.display())]
    Io { path: PathBuf, source: std::io::Error },
    #[error("{}: not an Ed25519 private key (PKCS#8 PEM)", .0.display())]
    NotAKey(PathBuf),
}

/// The key pair, shared by every request of the instance.
#[derive(Clone)]
pub struct Signer {
    key: Arc<SigningKey>,
    public_pem: Arc<String>,
}

impl Signer {
    /// Reads the key at `path` (PKCS#8 PEM), or makes a new one there
    /// (readable only by the owner) on first start. Instances behind a load
    /// balancer share the data directory, and so the key.
    pub fn load_or_create(path: &Path) -> Result<Self, KeyError> {
        let path = path.to_owned();
        let dir = path.parent().unwrap_or(Path::new("."));
        let io = |path: &Path| {
            let path = path.to_owned();
            move |source| KeyError::Io { path, source }
        };
        let key = match std::fs::read_to_string(&path) {
            Ok(pem) => SigningKey::from_pkcs8_pem(&pem).map_err(|_| KeyError::NotAKey(path.clone()))?,
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
                let key = SigningKey::from_bytes(&crate::server::secrets::random_bytes::<32>());
                let pem = key.to_pkcs8_pem(LineEnding::LF).expect("an Ed25519 key encodes");
                std::fs::create_dir_all(dir).map_err(io(dir))?;
                write_private(&path, pem.as_bytes()).map_err(io(&path))?;
                tracing::info!(path = %path.display(), "a new signing key was made");
                key
            }
            Err(err) => return Err(io(&path)(err)),
        };
        Ok(Self::from_key(key))
    }

    /// Reads the key the operator gave (`DVC_SIGNING_KEY_FILE`), which must
    /// exist: several instances sign with one key without sharing a disk.
    pub fn load(path: &Path) -> Result<Self, KeyError> {
        let pem = std::fs::read_to_string(path).map_err(|source| KeyError::Io { path: path.to_owned(), source })?;
        let key = SigningKey::from_pkcs8_pem(&pem).map_err(|_| KeyError::NotAKey(path.to_owned()))?;
        Ok(Self::from_key(key))
    }

    pub fn from_key(key: SigningKey) -> Self {
        let public_pem = key.verifying_key().to_public_key_pem(LineEnding::LF).expect("an Ed25519 key encodes");
        Self { key: Arc::new(key), public_pem: Arc::new(public_pem) }
    }

    /// The signature of `document`, hex.
    pub fn sign(&self, document: &[u8]) -> String {
        hex(&self.signature(document))
    }

    /// The signature of `document`, as bytes.
    pub fn signature(&self, document: &[u8]) -> [u8; 64] {
        self.key.sign(document).to_bytes()
    }

    /// The public key's 32 bytes (for a JSON Web Key).
    pub fn public_key_bytes(&self) -> [u8; 32] {
        self.key.verifying_key().to_bytes()
    }

    /// Whether `signature` (hex) is this key's signature of `document`.
    pub fn verify(&self, document: &[u8], signature: &str) -> bool {
        verify_with(&self.key.verifying_key(), document, signature)
    }

    /// The public key, PEM (SubjectPublicKeyInfo).
    pub fn public_pem(&self) -> &str {
        &self.public_pem
    }
}

fn verify_with(key: &VerifyingKey, document: &[u8], signature: &str) -> bool {
    let Some(bytes) = signature_bytes(signature) else { return false };
    key.verify(document, &Signature::from_bytes(&bytes)).is_ok()
}

/// The 64 bytes of a signature kept as hex (the detached signature file).
pub fn signature_bytes(signature: &str) -> Option<[u8; 64]> {
    unhex(signature).and_then(|b| <[u8; 64]>::try_from(b).ok())
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

    // Computed independently with OpenSSL 3 (`openssl pkeyutl -sign -rawin`,
    // the key from the seed 00 01 02 … 1f); Ed25519 signatures are deterministic.
    const SIGNATURE: &str = "dbe336dcb29af6faa57f3cac61e75161b50bd9df2926fcd3bb0dc16a23b7c292e9fb1fb6de43c0866beb329821ef00505082d1ed8358c6c9a6de2c33f39daa0a";
    const DOCUMENT: &[u8] = b"%PDF-1.7 ket qua";

    #[test]
    fn signatures_match_an_independent_implementation() {
        let signer = fixed();
        assert_eq!(signer.sign(DOCUMENT), SIGNATURE);
        assert!(signer.public_pem().contains("BEGIN PUBLIC KEY"));
        assert!(signer.verify(DOCUMENT, SIGNATURE));
        assert_eq!(signature_bytes(SIGNATURE).map(|b| b.len()), Some(64));
    }

    #[test]
    fn any_change_fails_verification() {
        let signer = fixed();
        assert!(!signer.verify(b"%PDF-1.7 ket quA", SIGNATURE));
        let mut flipped = SIGNATURE.to_owned();
        flipped.replace_range(0..1, "c");
        assert!(!signer.verify(DOCUMENT, &flipped));
        assert!(!signer.verify(DOCUMENT, "zz"));
        let other = Signer::from_key(SigningKey::from_bytes(&[7; 32]));
        assert!(!other.verify(DOCUMENT, SIGNATURE));
    }

    #[test]
    fn the_key_is_made_once_and_read_back() {
        let dir = std::env::temp_dir().join(format!("dvc-keys-{}", crate::server::secrets::new_token()));
        let first = Signer::load_or_create(&dir.join("test.pem")).unwrap();
        let again = Signer::load_or_create(&dir.join("test.pem")).unwrap();
        assert_eq!(first.public_pem(), again.public_pem());
        assert!(again.verify(b"x", &first.sign(b"x")));
        // The operator's key is read, never made: a wrong path is an error
        // and leaves nothing behind.
        let given = Signer::load(&dir.join("test.pem")).unwrap();
        assert_eq!(given.public_pem(), first.public_pem());
        assert!(matches!(Signer::load(&dir.join("missing.pem")), Err(KeyError::Io { .. })));
        assert!(!dir.join("missing.pem").exists());
        std::fs::write(dir.join("text.pem"), "not a key").unwrap();
        assert!(matches!(Signer::load(&dir.join("text.pem")), Err(KeyError::NotAKey(_))));
        std::fs::remove_dir_all(dir).ok();
    }
}
