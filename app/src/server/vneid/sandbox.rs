//! The VNeID sandbox: a small OpenID provider inside the product, like the
//! VNPay sandbox, so that `make run` and the tests sign in through the whole
//! flow offline. It publishes its discovery document and keys, shows a page
//! to choose one of a few test identities (level 1 and level 2), and answers
//! the token request with an ID token signed by its own Ed25519 key (made at
//! first start). On only with `DVC_DEMO=1` or `DVC_VNEID_SANDBOX=1`, and
//! never beside a real provider's registration.
//!
//! It checks what a provider must: the client and its exact redirect URI,
//! PKCE (S256), a code used once within a minute, the client's secret.

use crate::domain::identity::{CitizenId, SandboxIdentity, SandboxRequest};
use crate::error::AppError;
use crate::server::secrets::{new_token, same_secret};
use crate::server::signing::Signer;
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use chrono::{DateTime, Utc};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// The demo client's registration (demo only: production registers its own
/// with VNeID and never runs the sandbox).
pub const DEMO_CLIENT_ID: &str = "dvc-demo";
pub const DEMO_CLIENT_SECRET: &str = "DVC-VNEID-SANDBOX-SECRET-NOT-FOR-PRODUCTION";

/// The sandbox's path under the portal; its issuer is `{public URL}{PATH}`.
pub const PATH: &str = "/sandbox/vneid";

/// How long a code may wait for its token request.
const CODE_SECS: i64 = 60;
/// How long an ID token is valid.
const TOKEN_SECS: i64 = 300;
/// Codes waiting at most (a flood of authorisations cannot grow the map).
const MAX_CODES: usize = 10_000;

/// A test identity.
struct Person {
    key: &'static str,
    name: &'static str,
    personal_id: &'static str,
    born: &'static str,
    phone: &'static str,
    /// Empty: the identity has no e-mail.
    email: &'static str,
    highest_level: u8,
    /// A business identity: the organisation's tax code, name and address.
    organisation: Option<(&'static str, &'static str, &'static str)>,
}

const fn person(
    key: &'static str,
    name: &'static str,
    personal_id: &'static str,
    born: &'static str,
    phone: &'static str,
    email: &'static str,
    highest_level: u8,
) -> Person {
    Person { key, name, personal_id, born, phone, email, highest_level, organisation: None }
}

/// The test identities. Trần Văn Dân is the demo citizen (his first VNeID
/// sign-in links to the demo account, which then opens only with VNeID);
/// the others are new to DVC (Đỗ Thu Trang is the one a company adds as a
/// member in the tests). Hoàng Minh Khoa signs in with the business
/// identity of the company he represents.
const PEOPLE: [Person; 7] = [
    person("dan", "Trần Văn Dân", "079090001234", "1990-05-17", "0901234567", "congdan@demo.dvc.vn", 2),
    person("hoa", "Nguyễn Thị Hoa", "079195004321", "1995-03-08", "0912000111", "", 2),
    person("cuong", "Lê Văn Cường", "001088007654", "1988-11-20", "0987000222", "", 1),
    person("duc", "Phạm Minh Đức", "079085002468", "1985-09-02", "0938000444", "duc.pham@example.vn", 2),
    person("lan", "Vũ Thị Lan", "001194006789", "1994-07-21", "0977000555", "", 2),
    person("trang", "Đỗ Thu Trang", "001196008642", "1996-02-14", "0966000777", "", 2),
    Person {
        organisation: Some(("0312345673", "Công ty TNHH Sen Vàng", "12 Lê Lợi, phường Sài Gòn, Thành phố Hồ Chí Minh")),
        ..person("khoa", "Hoàng Minh Khoa", "079087003579", "1987-04-12", "0909000666", "", 2)
    },
];

/// An authorisation waiting for its token request.
struct Grant {
    person: usize,
    level: u8,
    redirect_uri: String,
    nonce: Option<String>,
    challenge: String,
    expires: DateTime<Utc>,
}

/// The provider, with its key and the codes it issued.
#[derive(Clone)]
pub struct Provider {
    issuer: String,
    client_id: String,
    client_secret: String,
    redirect_uri: String,
    key: Signer,
    kid: String,
    codes: Arc<Mutex<HashMap<String, Grant>>>,
}

impl Provider {
    /// The sandbox for the demo client of the portal at `public_url`, served
    /// there at `/sandbox/vneid`, signing with the key at `key_path` (made
    /// there at first start).
    pub fn new(public_url: &str, key_path: &std::path::Path) -> Result<Self, crate::server::signing::KeyError> {
        let public_url = public_url.trim_end_matches('/');
        Self::serving(&format!("{public_url}{PATH}"), &format!("{public_url}/login/vneid/callback"), key_path)
    }

    /// A provider named `issuer` for the demo client whose callback is
    /// `redirect_uri` (the tests also run one apart from the portal).
    pub fn serving(
        issuer: &str,
        redirect_uri: &str,
        key_path: &std::path::Path,
    ) -> Result<Self, crate::server::signing::KeyError> {
        let key = Signer::load_or_create(key_path)?;
        let kid = crate::server::secrets::hex(&Sha256::digest(key.public_key_bytes())[..8]);
        Ok(Self {
            issuer: issuer.to_owned(),
            client_id: DEMO_CLIENT_ID.to_owned(),
            client_secret: DEMO_CLIENT_SECRET.to_owned(),
            redirect_uri: redirect_uri.to_owned(),
            key,
            kid,
            codes: Arc::default(),
        })
    }

    pub fn issuer(&self) -> &str {
        &self.issuer
    }

    /// `/.well-known/openid-configuration`.
    pub fn discovery(&self) -> Value {
        let issuer = &self.issuer;
        json!({
            "issuer": issuer,
            "authorization_endpoint": format!("{issuer}/authorize"),
            "token_endpoint": format!("{issuer}/token"),
            "jwks_uri": format!("{issuer}/jwks"),
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["EdDSA"],
            "scopes_supported": ["openid", "profile"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
            "code_challenge_methods_supported": ["S256"],
            "acr_values_supported": ["LoA1", "LoA2"],
            "claims_supported": ["sub", "name", "birthdate", "phone_number", "email", "acr", "SoDinhDanh", "MaSoThue", "TenToChuc", "DiaChiToChuc"],
        })
    }

    /// The public key, as a JSON Web Key Set.
    pub fn jwks(&self) -> Value {
        json!({"keys": [{
            "kty": "OKP",
            "crv": "Ed25519",
            "use": "sig",
            "alg": "EdDSA",
            "kid": self.kid,
            "x": B64.encode(self.key.public_key_bytes()),
        }]})
    }

    /// The authorisation request a page shows, if it is this client's and
    /// complete (else nothing is shown and nobody is sent anywhere).
    pub fn request(&self, params: &[(String, String)]) -> Result<SandboxRequest, AppError> {
        let p = |name: &str| param(params, name);
        let valid = p("client_id") == self.client_id
            && p("redirect_uri") == self.redirect_uri
            && p("response_type") == "code"
            && p("scope").split(' ').any(|s| s == "openid")
            && p("code_challenge_method") == "S256"
            && (43..=128).contains(&p("code_challenge").len())
            && !p("state").is_empty()
            && p("state").len() <= 256
            && p("nonce").len() <= 256;
        if !valid {
            return Err(AppError::NotFound);
        }
        let level_asked = if p("acr_values").split(' ').any(|v| v == "LoA2") { 2 } else { 1 };
        let identities = PEOPLE
            .iter()
            .flat_map(|person| {
                (1..=person.highest_level).rev().map(move |level| SandboxIdentity {
                    choice: format!("{}:{level}", person.key),
                    full_name: person.name.to_owned(),
                    personal_id_masked: crate::domain::identity::mask_id(person.personal_id),
                    level,
                    organisation: person.organisation.map(|(tax_code, name, _)| format!("{name} (MST {tax_code})")),
                })
            })
            .collect();
        Ok(SandboxRequest { level_asked, identities })
    }

    /// The tester chose `choice` (`person:level`): a code for the client,
    /// and the redirect back to it.
    pub fn consent(&self, params: &[(String, String)], choice: &str, now: DateTime<Utc>) -> Result<String, AppError> {
        self.request(params)?;
        let (key, level) = choice.split_once(':').ok_or(AppError::NotFound)?;
        let person = PEOPLE.iter().position(|p| p.key == key).ok_or(AppError::NotFound)?;
        let level: u8 =
            level.parse().ok().filter(|l| (1..=PEOPLE[person].highest_level).contains(l)).ok_or(AppError::NotFound)?;
        let code = new_token();
        let grant = Grant {
            person,
            level,
            redirect_uri: param(params, "redirect_uri").to_owned(),
            nonce: Some(param(params, "nonce").to_owned()).filter(|n| !n.is_empty()),
            challenge: param(params, "code_challenge").to_owned(),
            expires: now + chrono::Duration::seconds(CODE_SECS),
        };
        {
            let mut codes = self.codes.lock().map_err(|_| AppError::internal("sandbox codes poisoned"))?;
            codes.retain(|_, grant| grant.expires > now);
            if codes.len() >= MAX_CODES {
                return Err(AppError::RateLimited { retry_after_secs: CODE_SECS as u64 });
            }
            codes.insert(code.clone(), grant);
        }
        let state = param(params, "state");
        let query =
            serde_urlencoded::to_string([("code", code.as_str()), ("state", state)]).map_err(AppError::internal)?;
        Ok(format!("{}?{query}", self.redirect_uri))
    }

    /// The token endpoint: the client (its secret, by HTTP Basic or in the
    /// form), the code (once, in time), the same redirect URI, the PKCE
    /// verifier. Answers the tokens, or an OAuth error (`invalid_grant`…).
    pub fn token(
        &self,
        form: &[(String, String)],
        authorization: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<Value, (u16, &'static str)> {
        let p = |name: &str| param(form, name);
        let (client_id, secret) = match authorization.and_then(basic_credentials) {
            Some(credentials) => credentials,
            None => (p("client_id").to_owned(), p("client_secret").to_owned()),
        };
        if client_id != self.client_id || !same_secret(&self.client_secret, &secret) {
            return Err((401, "invalid_client"));
        }
        if p("grant_type") != "authorization_code" {
            return Err((400, "unsupported_grant_type"));
        }
        let grant = self.codes.lock().map_err(|_| (500, "server_error"))?.remove(p("code"));
        let Some(grant) = grant.filter(|g| g.expires > now) else { return Err((400, "invalid_grant")) };
        let verifier_hash = B64.encode(Sha256::digest(p("code_verifier").as_bytes()));
        if grant.redirect_uri != p("redirect_uri") || !same_secret(&grant.challenge, &verifier_hash) {
            return Err((400, "invalid_grant"));
        }
        let Person { key, name, personal_id: id, born, phone, email, organisation, .. } = &PEOPLE[grant.person];
        let access_token = new_token();
        let mut claims = json!({
            "iss": self.issuer,
            "sub": format!("vneid-sandbox-{key}"),
            "aud": self.client_id,
            "iat": now.timestamp(),
            "exp": now.timestamp() + TOKEN_SECS,
            "acr": format!("LoA{}", grant.level),
            "name": name,
            "birthdate": born,
            "phone_number": phone,
            "SoDinhDanh": id,
        });
        if let Some(nonce) = grant.nonce {
            claims["nonce"] = json!(nonce);
        }
        if !email.is_empty() {
            claims["email"] = json!(email);
        }
        if let Some((tax_code, name, address)) = organisation {
            claims["MaSoThue"] = json!(tax_code);
            claims["TenToChuc"] = json!(name);
            claims["DiaChiToChuc"] = json!(address);
        }
        Ok(json!({
            "access_token": access_token,
            "token_type": "Bearer",
            "expires_in": TOKEN_SECS,
            "id_token": self.sign(&claims),
        }))
    }

    /// A compact JWS (EdDSA) of `claims`, with this provider's key.
    pub fn sign(&self, claims: &Value) -> String {
        let header = json!({"alg": "EdDSA", "typ": "JWT", "kid": self.kid});
        let signing_input = format!("{}.{}", B64.encode(header.to_string()), B64.encode(claims.to_string()));
        let signature = self.key.signature(signing_input.as_bytes());
        format!("{signing_input}.{}", B64.encode(signature))
    }
}

/// The longest query or form the sandbox reads.
const MAX_PARAMS_BYTES: usize = 8 * 1024;

/// The pairs of a query string or form body (none when it is too long or
/// names a parameter twice: which one would count is then unclear).
pub fn parse_params(text: &str) -> Vec<(String, String)> {
    if text.len() > MAX_PARAMS_BYTES {
        return Vec::new();
    }
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(text.trim_start_matches('?')).unwrap_or_default();
    let mut seen = std::collections::HashSet::new();
    if pairs.iter().all(|(name, _)| seen.insert(name.as_str())) { pairs } else { Vec::new() }
}

/// A parameter's value, empty when absent.
fn param<'a>(params: &'a [(String, String)], name: &str) -> &'a str {
    params.iter().find(|(n, _)| n == name).map_or("", |(_, v)| v.as_str())
}

/// `Basic base64(client_id:secret)` (each part form-encoded, RFC 6749 §2.3.1).
fn basic_credentials(header: &str) -> Option<(String, String)> {
    let encoded = header.strip_prefix("Basic ")?;
    let decoded = base64::engine::general_purpose::STANDARD.decode(encoded.trim()).ok()?;
    let text = String::from_utf8(decoded).ok()?;
    let (id, secret) = text.split_once(':')?;
    Some((percent_decode(id)?, percent_decode(secret)?))
}

fn percent_decode(text: &str) -> Option<String> {
    serde_urlencoded::from_str::<Vec<(String, String)>>(&format!("v={text}")).ok()?.pop().map(|(_, v)| v)
}

/// The test people are valid people (a check of the table above).
pub fn people_are_valid() -> bool {
    PEOPLE.iter().all(|p| {
        chrono::NaiveDate::parse_from_str(p.born, "%Y-%m-%d")
            .is_ok_and(|born| CitizenId::parse_for(p.personal_id, born).is_ok())
            && p.organisation.is_none_or(|(tax_code, ..)| crate::domain::identity::TaxCode::parse(tax_code).is_ok())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn provider() -> Provider {
        let dir = std::env::temp_dir().join(format!("dvc-vneid-{}", new_token()));
        Provider::new("http://127.0.0.1:3000", &dir.join("vneid-sandbox.pem")).unwrap()
    }

    fn authorize(challenge: &str) -> Vec<(String, String)> {
        [
            ("client_id", DEMO_CLIENT_ID),
            ("redirect_uri", "http://127.0.0.1:3000/login/vneid/callback"),
            ("response_type", "code"),
            ("scope", "openid profile"),
            ("code_challenge_method", "S256"),
            ("code_challenge", challenge),
            ("state", "s1"),
            ("nonce", "n1"),
        ]
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
    }

    #[test]
    fn the_test_people_have_valid_id_numbers() {
        assert!(people_are_valid());
    }

    #[test]
    fn a_code_is_exchanged_once_with_its_verifier() {
        let provider = provider();
        let verifier = "a".repeat(43);
        let challenge = B64.encode(Sha256::digest(verifier.as_bytes()));
        let params = authorize(&challenge);
        assert_eq!(provider.request(&params).unwrap().identities.len(), 13, "six people at two levels, one at one");
        let now = Utc::now();
        let back = provider.consent(&params, "hoa:2", now).unwrap();
        let code = back.split("code=").nth(1).unwrap().split('&').next().unwrap().to_owned();
        let form = |verifier: &str| {
            vec![
                ("grant_type".to_owned(), "authorization_code".to_owned()),
                ("code".to_owned(), code.clone()),
                ("redirect_uri".to_owned(), "http://127.0.0.1:3000/login/vneid/callback".to_owned()),
                ("code_verifier".to_owned(), verifier.to_owned()),
                ("client_id".to_owned(), DEMO_CLIENT_ID.to_owned()),
                ("client_secret".to_owned(), DEMO_CLIENT_SECRET.to_owned()),
            ]
        };
        assert_eq!(provider.token(&form(&"b".repeat(43)), None, now).unwrap_err(), (400, "invalid_grant"));
        // The wrong verifier spent the code.
        assert_eq!(provider.token(&form(&verifier), None, now).unwrap_err(), (400, "invalid_grant"));
        let back = provider.consent(&params, "hoa:2", now).unwrap();
        let code2 = back.split("code=").nth(1).unwrap().split('&').next().unwrap().to_owned();
        let mut good = form(&verifier);
        good[1].1 = code2;
        let basic = format!("Basic {}", base64::engine::general_purpose::STANDARD.encode("dvc-demo:wrong"));
        assert_eq!(provider.token(&good, Some(&basic), now).unwrap_err(), (401, "invalid_client"));
        let tokens = provider.token(&good, None, now).unwrap();
        assert!(tokens["id_token"].as_str().unwrap().split('.').count() == 3);
        assert_eq!(provider.token(&good, None, now).unwrap_err(), (400, "invalid_grant"), "a code works once");
        assert!(provider.consent(&params, "cuong:2", now).is_err(), "Cường has no level-2 account");
    }
}
