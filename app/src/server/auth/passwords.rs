//! Password hashing (argon2id), a few at a time behind a bounded queue.

use argon2::{Argon2, PasswordHash, PasswordHasher, PasswordVerifier};
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::error::AppError;
use crate::server::secrets::random_bytes;

/// Password hashes computed at once at most (each takes 19 MiB and tens of
/// milliseconds of a core): sign-ins wait their turn instead of starving the
/// runtime that serves every other request.
const PASSWORD_HASHES_AT_ONCE: usize = 2;

fn password_permits() -> &'static tokio::sync::Semaphore {
    static PERMITS: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(PASSWORD_HASHES_AT_ONCE);
    &PERMITS
}

/// Sign-ins that may wait for a place at once; more are refused at once
/// ("busy, try again in a moment") rather than queue without end, holding
/// their connections, while a flood of guesses is hashed.
const PASSWORD_HASH_WAITERS: usize = 64;

/// How long one sign-in waits for a place before it is told to try again.
const PASSWORD_HASH_WAIT: std::time::Duration = std::time::Duration::from_secs(10);

/// The answer of a password check the server is too busy to run now.
const BUSY: AppError = AppError::RateLimited { retry_after_secs: 5 };

/// Runs a password hash on the blocking pool, a few at a time, with a
/// bounded queue in front. The permit goes with the hash: a request dropped
/// meanwhile (timeout, disconnect) does not free a place while its hash
/// still runs.
async fn off_runtime<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> Result<T, AppError> {
    static WAITING: AtomicUsize = AtomicUsize::new(0);
    /// One place in the queue, given back however the wait ends (a permit,
    /// the timeout, or the request dropped while waiting).
    struct Waiting;
    impl Drop for Waiting {
        fn drop(&mut self) {
            WAITING.fetch_sub(1, Ordering::AcqRel);
        }
    }
    let waiting = Waiting;
    if WAITING.fetch_add(1, Ordering::AcqRel) >= PASSWORD_HASH_WAITERS {
        return Err(BUSY);
    }
    let permit = tokio::time::timeout(PASSWORD_HASH_WAIT, password_permits().acquire()).await;
    drop(waiting);
    let permit = permit.map_err(|_| BUSY)?.expect("the semaphore is never closed");
    let hashed = tokio::task::spawn_blocking(move || {
        let _permit = permit;
        work()
    })
    .await
    .expect("a password hash does not panic");
    Ok(hashed)
}

/// Hashes a password with argon2id (OWASP parameters: 19 MiB, 2 passes).
pub async fn hash_password(password: &str) -> Result<String, AppError> {
    let password = password.to_owned();
    off_runtime(move || hash_now(&password)).await
}

fn hash_now(password: &str) -> String {
    Argon2::default().hash_password(password.as_bytes()).expect("argon2 hashes any input").to_string()
}

/// Whether `password` matches `hash`; a malformed hash never matches.
pub async fn verify_password(password: &str, hash: &str) -> Result<bool, AppError> {
    let (password, hash) = (password.to_owned(), hash.to_owned());
    off_runtime(move || verify_now(&password, &hash)).await
}

fn verify_now(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|parsed| Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok())
}

/// Costs as much as a real check, so that an unknown account answers as slowly
/// as a wrong password (no account enumeration by timing).
pub async fn spend_password_check_time(password: &str) -> Result<(), AppError> {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let hash = DUMMY.get_or_init(|| hash_now("không có tài khoản này"));
    verify_password(password, hash).await.map(|_| ())
}

/// A temporary password for a new official: 16 characters from a set without
/// look-alikes, grouped for reading (`abcd-efgh-jkmn-pqrs`).
pub fn temporary_password() -> String {
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
    let chars: Vec<char> =
        random_bytes::<16>().iter().map(|b| ALPHABET[usize::from(*b) % ALPHABET.len()] as char).collect();
    chars.chunks(4).map(|c| c.iter().collect::<String>()).collect::<Vec<_>>().join("-")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_verify_only_against_their_hash() {
        let hash = hash_now("sông Hồng đỏ nặng phù sa");
        assert!(hash.starts_with("$argon2id$"));
        assert!(verify_now("sông Hồng đỏ nặng phù sa", &hash));
        assert!(!verify_now("song Hong do nang phu sa", &hash));
        assert!(!verify_now("x", "not a hash"));
        // Salted: the same password hashes differently each time.
        assert_ne!(hash, hash_now("sông Hồng đỏ nặng phù sa"));
    }

    #[test]
    fn temporary_passwords_pass_the_password_rules() {
        let password = temporary_password();
        assert_eq!(password.len(), 19);
        assert_eq!(crate::domain::password::check_new_password(&password, &[]), Ok(()));
    }
}
