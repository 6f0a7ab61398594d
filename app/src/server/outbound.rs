//! Calls from the portal to other systems (the payment gateway, the identity
//! provider, the national portal, agencies' webhooks): one HTTP client setup,
//! with bounds on time, redirects and size; `public_client` for addresses
//! that people other than the operator name, which never reaches inside the
//! portal's network.

use std::net::{IpAddr, SocketAddr};
use std::time::Duration;

/// The largest answer read from another system.
pub const MAX_ANSWER_BYTES: usize = 1024 * 1024;

/// An HTTP client for server-to-server calls: TLS with ring and the system's
/// roots, 15 seconds at most, and no redirects (an answer that sends the
/// portal elsewhere is refused, never followed: no request is steered to an
/// address the configuration did not name).
pub fn http_client() -> Result<reqwest::Client, reqwest::Error> {
    builder().build()
}

/// [`http_client`] whose names resolve only to public addresses: a name
/// that leads inside the network (loopback, private, link-local, …) fails
/// the request, so an address typed by a user (a webhook) cannot reach the
/// portal's neighbours, even by changing its DNS after it was checked.
/// No proxy is used either (a proxy would resolve the name itself), and
/// the time is short: such an address is not the operator's to vouch for.
pub fn public_client() -> Result<reqwest::Client, reqwest::Error> {
    builder()
        .no_proxy()
        .connect_timeout(Duration::from_secs(3))
        .timeout(Duration::from_secs(5))
        .dns_resolver(std::sync::Arc::new(PublicOnly))
        .build()
}

fn builder() -> reqwest::ClientBuilder {
    // Several parts may install it; the first wins and the others are the same.
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::builder().timeout(Duration::from_secs(15)).redirect(reqwest::redirect::Policy::none())
}

/// Resolves with the system's resolver and keeps the public addresses.
struct PublicOnly;

impl reqwest::dns::Resolve for PublicOnly {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let host = name.as_str().to_owned();
        Box::pin(async move {
            let found: Vec<SocketAddr> =
                tokio::net::lookup_host((host.as_str(), 0)).await?.filter(|a| is_public(a.ip())).collect();
            if found.is_empty() {
                return Err(format!("{host} has no public address").into());
            }
            Ok(Box::new(found.into_iter()) as reqwest::dns::Addrs)
        })
    }
}

/// Whether `ip` is an address on the public Internet: not loopback, private,
/// shared, link-local, documentation, benchmarking, multicast, reserved or
/// unspecified; an IPv6 address holding an IPv4 one is judged by it.
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            let [a, b, c, _] = v4.octets();
            !(v4.is_private()
                || v4.is_loopback()
                || v4.is_link_local()
                || v4.is_broadcast()
                || v4.is_documentation()
                || v4.is_unspecified()
                || v4.is_multicast()
                || a == 0
                || a >= 240
                || (a == 100 && (64..128).contains(&b))
                || (a == 192 && b == 0 && c == 0)
                || (a == 198 && (18..20).contains(&b)))
        }
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return is_public(IpAddr::V4(v4));
            }
            let s = v6.segments();
            // 6to4 carries an IPv4 address in its second and third groups.
            if s[0] == 0x2002 {
                let [a, b] = s[1].to_be_bytes();
                let [c, d] = s[2].to_be_bytes();
                return is_public(IpAddr::V4(std::net::Ipv4Addr::new(a, b, c, d)));
            }
            !(v6.is_loopback()
                || v6.is_unspecified()
                || v6.is_multicast()
                || (s[0] & 0xfe00) == 0xfc00
                || (s[0] & 0xffc0) == 0xfe80
                || (s[0] & 0xffc0) == 0xfec0
                || (s[0] == 0x2001 && (s[1] == 0x0db8 || s[1] == 0))
                || (s[0] == 0x64 && s[1] == 0xff9b)
                || s[..6] == [0; 6])
        }
    }
}

/// The first `limit` bytes of an answer's body (the rest is not read).
pub async fn read_prefix(mut response: reqwest::Response, limit: usize) -> Vec<u8> {
    let mut body = Vec::new();
    while body.len() < limit {
        match response.chunk().await {
            Ok(Some(chunk)) => body.extend_from_slice(&chunk[..chunk.len().min(limit - body.len())]),
            _ => break,
        }
    }
    body
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_addresses_on_the_internet_are_public() {
        for public in ["1.1.1.1", "203.113.0.1", "2606:4700::1111", "::ffff:8.8.8.8", "2002:0808:0808::1"] {
            assert!(is_public(public.parse().unwrap()), "{public}");
        }
        for inside in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "0.0.0.0",
            "255.255.255.255",
            "224.0.0.1",
            "198.18.0.1",
            "192.0.0.8",
            "192.0.2.1",
            "::1",
            "::",
            "fd00::1",
            "fe80::1",
            "::ffff:127.0.0.1",
            "::ffff:10.0.0.1",
            "64:ff9b::a00:1",
            "2001:db8::1",
            "::10.0.0.1",
            "2002:0a00:0001::1",
            "2001:0:4136:e378::1",
            "fec0::1",
        ] {
            assert!(!is_public(inside.parse().unwrap()), "{inside}");
        }
    }
}
