//! Calls from the portal to other systems (the payment gateway, the identity
//! provider): one HTTP client setup, with bounds on time, redirects and size.

use std::time::Duration;

/// The largest answer read from another system.
pub const MAX_ANSWER_BYTES: usize = 1024 * 1024;

/// An HTTP client for server-to-server calls: TLS with ring and the system's
/// roots, 15 seconds at most, and no redirects (an answer that sends the
/// portal elsewhere is refused, never followed: no request is steered to an
/// address the configuration did not name).
pub fn http_client() -> Result<reqwest::Client, reqwest::Error> {
    // Several parts may install it; the first wins and the others are the same.
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::builder().timeout(Duration::from_secs(15)).redirect(reqwest::redirect::Policy::none()).build()
}

/// Reads an answer's body, refusing one larger than [`MAX_ANSWER_BYTES`].
pub async fn read_bounded(mut response: reqwest::Response) -> Result<Vec<u8>, String> {
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(|e| e.to_string())? {
        if body.len() + chunk.len() > MAX_ANSWER_BYTES {
            return Err(format!("answer larger than {MAX_ANSWER_BYTES} bytes"));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}
