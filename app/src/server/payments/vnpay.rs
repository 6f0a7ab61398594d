//! The VNPay v2.1.0 protocol (VNPay's merchant integration guide), both sides: the canonical
//! query and its HMAC-SHA512 signature, the `querydr` hashes, and dates in
//! Vietnam time. The merchant side (`payments`) and the sandbox gateway
//! (`payments::sandbox`) use exactly these functions.

use chrono::{DateTime, NaiveDateTime, Utc};
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha512;

pub const VERSION: &str = "2.1.0";
/// Where the payment page is, under the gateway's URL.
pub const PAY_PATH: &str = "/paymentv2/vpcpay.html";
/// Where `querydr` is answered, under the gateway's URL.
pub const API_PATH: &str = "/merchant_webapi/api/transaction";

/// `urlencode` as PHP does it: letters, digits and `-_.` stay; a space
/// becomes `+`; every other byte of the UTF-8 text becomes `%XX`.
pub fn encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len() * 3);
    for byte in value.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => out.push(char::from(byte)),
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

/// The text that is signed: the non-empty `vnp_` parameters other than the
/// hash itself, sorted by name, encoded and joined as `k=v&k=v`.
pub fn canonical(params: &[(String, String)]) -> String {
    let mut kept: Vec<&(String, String)> = params
        .iter()
        .filter(|(k, v)| k.starts_with("vnp_") && !v.is_empty())
        .filter(|(k, _)| k != "vnp_SecureHash" && k != "vnp_SecureHashType")
        .collect();
    kept.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
    kept.iter().map(|(k, v)| format!("{}={}", encode(k), encode(v))).collect::<Vec<_>>().join("&")
}

/// Lower-case hex HMAC-SHA512 of `data` under `secret`.
pub fn hmac_hex(secret: &str, data: &str) -> String {
    let mut mac = <Hmac<Sha512> as KeyInit>::new_from_slice(secret.as_bytes()).expect("HMAC takes any key length");
    mac.update(data.as_bytes());
    crate::server::secrets::hex(&mac.finalize().into_bytes())
}

/// `vnp_SecureHash` for `params`.
pub fn sign(params: &[(String, String)], secret: &str) -> String {
    hmac_hex(secret, &canonical(params))
}

/// The query string to send: the canonical parameters and their hash.
pub fn signed_query(params: &[(String, String)], secret: &str) -> String {
    let query = canonical(params);
    let hash = hmac_hex(secret, &query);
    format!("{query}&vnp_SecureHash={hash}")
}

/// Whether `params` carry a valid `vnp_SecureHash` (compared in constant time).
pub fn verify(params: &[(String, String)], secret: &str) -> bool {
    let Some((_, given)) = params.iter().find(|(k, _)| k == "vnp_SecureHash") else { return false };
    crate::server::secrets::same_secret(&sign(params, secret), &given.to_ascii_lowercase())
}

/// Longest query a VNPay message has (a payment URL is well under 2 KB).
const MAX_QUERY_BYTES: usize = 4096;

/// A query string's pairs, decoded (`+` is a space). Empty — so it verifies
/// as nothing — when it is malformed, too long, has an empty name, or names
/// a `vnp_` parameter twice (the signature and the value read must be about
/// one and the same parameter).
pub fn parse_query(query: &str) -> Vec<(String, String)> {
    if query.len() > MAX_QUERY_BYTES {
        return Vec::new();
    }
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(query.trim_start_matches('?')).unwrap_or_default();
    let mut seen = std::collections::HashSet::new();
    let ambiguous =
        pairs.iter().any(|(k, _)| k.is_empty() || k == "vnp_" || (k.starts_with("vnp_") && !seen.insert(k.as_str())));
    if ambiguous { Vec::new() } else { pairs }
}

/// A parameter's value, or "".
pub fn param<'a>(params: &'a [(String, String)], name: &str) -> &'a str {
    params.iter().find(|(k, _)| k == name).map_or("", |(_, v)| v.as_str())
}

/// Pairs from `(name, value)` literals.
pub fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
    items.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect()
}

/// `yyyyMMddHHmmss` in Vietnam time (GMT+7), as every VNPay date.
pub fn date(at: DateTime<Utc>) -> String {
    (at + chrono::Duration::hours(7)).format("%Y%m%d%H%M%S").to_string()
}

/// Reads a VNPay date back.
pub fn parse_date(text: &str) -> Option<DateTime<Utc>> {
    NaiveDateTime::parse_from_str(text, "%Y%m%d%H%M%S").ok().map(|local| local.and_utc() - chrono::Duration::hours(7))
}

/// The `querydr` request's fields, in the order its hash joins them.
pub struct QueryRequest<'a> {
    pub request_id: &'a str,
    pub tmn_code: &'a str,
    pub txn_ref: &'a str,
    /// The order's `vnp_CreateDate`.
    pub transaction_date: &'a str,
    /// When this query is made.
    pub create_date: &'a str,
    pub ip_addr: &'a str,
    pub order_info: &'a str,
}

impl QueryRequest<'_> {
    /// `RequestId|Version|querydr|TmnCode|TxnRef|TransactionDate|CreateDate|IpAddr|OrderInfo`.
    pub fn hash(&self, secret: &str) -> String {
        let fields = [
            self.request_id,
            VERSION,
            "querydr",
            self.tmn_code,
            self.txn_ref,
            self.transaction_date,
            self.create_date,
            self.ip_addr,
            self.order_info,
        ];
        hmac_hex(secret, &fields.join("|"))
    }

    pub fn to_json(&self, secret: &str) -> serde_json::Value {
        serde_json::json!({
            "vnp_RequestId": self.request_id,
            "vnp_Version": VERSION,
            "vnp_Command": "querydr",
            "vnp_TmnCode": self.tmn_code,
            "vnp_TxnRef": self.txn_ref,
            "vnp_OrderInfo": self.order_info,
            "vnp_TransactionDate": self.transaction_date,
            "vnp_CreateDate": self.create_date,
            "vnp_IpAddr": self.ip_addr,
            "vnp_SecureHash": self.hash(secret),
        })
    }
}

/// The `querydr` answer's fields joined by `|` in VNPay's order, for its hash.
pub const QUERY_ANSWER_FIELDS: [&str; 15] = [
    "vnp_ResponseId",
    "vnp_Command",
    "vnp_ResponseCode",
    "vnp_Message",
    "vnp_TmnCode",
    "vnp_TxnRef",
    "vnp_Amount",
    "vnp_BankCode",
    "vnp_PayDate",
    "vnp_TransactionNo",
    "vnp_TransactionType",
    "vnp_TransactionStatus",
    "vnp_OrderInfo",
    "vnp_PromotionCode",
    "vnp_PromotionAmount",
];

/// The hash of a `querydr` answer (a JSON object of strings).
pub fn query_answer_hash(answer: &serde_json::Value, secret: &str) -> String {
    let field = |name: &str| match answer.get(name) {
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(serde_json::Value::Number(n)) => n.to_string(),
        _ => String::new(),
    };
    hmac_hex(secret, &QUERY_ANSWER_FIELDS.map(field).join("|"))
}

#[cfg(test)]
mod tests {

    #[test]
    fn ambiguous_queries_read_as_nothing() {
        assert_eq!(parse_query("vnp_Amount=100&vnp_TxnRef=A").len(), 2);
        assert!(parse_query("vnp_Amount=100&vnp_Amount=1").is_empty(), "a duplicate key");
        assert!(parse_query("vnp_=1&vnp_Amount=100").is_empty(), "an empty vnp_ key");
        assert!(parse_query("=1&vnp_Amount=100").is_empty(), "an empty key");
        assert!(parse_query(&format!("vnp_OrderInfo={}", "a".repeat(5000))).is_empty(), "too long");
    }

    proptest::proptest! {
        #[test]
        fn any_query_parses_without_panic(query in "[a-zA-Z_=&%0-9+.]{0,300}") {
            let pairs = parse_query(&query);
            let _ = verify(&pairs, "secret");
            let _ = canonical(&pairs);
        }
    }

    use super::*;

    const SECRET: &str = "DVCSANDBOXSECRET0123456789ABCDEF";

    // The expected values below were computed independently with Python's
    // `hmac` and `hashlib.sha512`, encoding with `urllib.parse.quote_plus`
    // (PHP `urlencode`, which also escapes `~`).

    #[test]
    fn a_payment_url_is_signed_over_the_sorted_encoded_parameters() {
        let params = pairs(&[
            ("vnp_Version", "2.1.0"),
            ("vnp_Command", "pay"),
            ("vnp_TmnCode", "DVCDEMO1"),
            ("vnp_Amount", "300000"),
            ("vnp_CreateDate", "20261130120000"),
            ("vnp_CurrCode", "VND"),
            ("vnp_IpAddr", "127.0.0.1"),
            ("vnp_Locale", "vn"),
            ("vnp_OrderInfo", "Thanh toan le phi ho so 000.20.01.H29-261130-0001"),
            ("vnp_OrderType", "other"),
            ("vnp_ReturnUrl", "http://127.0.0.1:3000/payments/vnpay/return"),
            ("vnp_TxnRef", "DVC2611300001"),
            ("vnp_BankCode", ""),
        ]);
        assert_eq!(
            canonical(&params),
            "vnp_Amount=300000&vnp_Command=pay&vnp_CreateDate=20261130120000&vnp_CurrCode=VND&vnp_IpAddr=127.0.0.1\
             &vnp_Locale=vn&vnp_OrderInfo=Thanh+toan+le+phi+ho+so+000.20.01.H29-261130-0001&vnp_OrderType=other\
             &vnp_ReturnUrl=http%3A%2F%2F127.0.0.1%3A3000%2Fpayments%2Fvnpay%2Freturn&vnp_TmnCode=DVCDEMO1\
             &vnp_TxnRef=DVC2611300001&vnp_Version=2.1.0"
        );
        assert_eq!(
            sign(&params, SECRET),
            "0a01ab63a24fd3f146d9d18764f8780f583fa111195093b1406cd17960bb478efd899290b729841a2ccf289e0f8b484e99726d0e79212a35e25c1f0014a95b58"
        );
    }

    #[test]
    fn vietnamese_text_and_plus_signs_are_encoded_as_php_does() {
        let params = pairs(&[
            ("vnp_TxnRef", "Hồ sơ 01"),
            ("vnp_OrderInfo", "Lệ phí: 3.000đ (A+B) ~*"),
            ("vnp_Amount", "300000"),
            ("other", "not signed"),
        ]);
        assert_eq!(
            canonical(&params),
            "vnp_Amount=300000&vnp_OrderInfo=L%E1%BB%87+ph%C3%AD%3A+3.000%C4%91+%28A%2BB%29+%7E%2A&vnp_TxnRef=H%E1%BB%93+s%C6%A1+01"
        );
        assert_eq!(
            sign(&params, SECRET),
            "315eb08da6faf4de630b180babb93f6d39445e16c36500c65d72f07c19a42eb093fc2db2c0798ef8db0a635ea5098713d26cb07b2033e2724562b97cf577a04f"
        );
    }

    #[test]
    fn verification_ignores_the_hash_fields_and_refuses_any_change() {
        let mut params =
            pairs(&[("vnp_Amount", "300000"), ("vnp_TxnRef", "DVC2611300001"), ("vnp_ResponseCode", "00")]);
        let hash = sign(&params, SECRET);
        params.push(("vnp_SecureHashType".into(), "HmacSHA512".into()));
        params.push(("vnp_SecureHash".into(), hash.to_uppercase()));
        assert!(verify(&params, SECRET));
        assert!(!verify(&params, "another secret"));
        let mut tampered = params.clone();
        tampered[0].1 = "3000000".into();
        assert!(!verify(&tampered, SECRET));
        assert!(!verify(&params[..3], SECRET), "no hash, no trust");
    }

    #[test]
    fn querydr_is_signed_over_its_pipe_joined_fields() {
        let request = QueryRequest {
            request_id: "c4a1e3f0b6d24d0f9a53d2f1e8b7a901",
            tmn_code: "DVCDEMO1",
            txn_ref: "DVC2611300001",
            transaction_date: "20261130120000",
            create_date: "20261130121500",
            ip_addr: "127.0.0.1",
            order_info: "Truy van giao dich DVC2611300001",
        };
        assert_eq!(
            request.hash(SECRET),
            "ac1beab0f370736f10e33e3cde3481526737400f26f2e78e7ac6198d0f9b91704a1d1fee74466047b340a1f043372a0c07135ea77c91d68efa2655a42f9ebf93"
        );
    }

    #[test]
    fn dates_are_in_vietnam_time() {
        let at = DateTime::parse_from_rfc3339("2026-11-30T17:30:05Z").unwrap().with_timezone(&Utc);
        assert_eq!(date(at), "20261201003005");
        assert_eq!(parse_date("20261201003005"), Some(at));
        assert_eq!(parse_date("2026-12-01"), None);
    }
}
