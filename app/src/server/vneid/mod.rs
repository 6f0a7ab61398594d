//! Signing in with VNeID, the national electronic identity (Decree 69/2024).
//! DVC is an OpenID Connect client of any standards-compliant provider
//! (VNeID in production, [`sandbox`] in demo and tests): the authorization
//! code flow with PKCE, `state` and `nonce`; the ID token's signature,
//! issuer, audience, expiry and nonce checked by the `openidconnect` crate.
//!
//! This module speaks the protocol and answers who the person is, with the
//! level of assurance the provider vouches for; `accounts::vneid` links or
//! opens their account.
//!
//! A trip to the provider is one row of `identity_sign_ins`, keyed by the
//! hash of its `state` and used once: the callback takes it (a replayed or
//! forged callback finds none). The same `state` sits in a cookie of the
//! browser that left, so a callback arriving in another browser is refused.

pub mod sandbox;

use crate::domain::identity::{CitizenId, TaxCode};
use crate::error::AppError;
use crate::server::entities::identity_sign_in;
use crate::server::outbound;
use crate::server::secrets::{same_secret, sha256_hex};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use openidconnect::core::{
    CoreAuthDisplay, CoreAuthPrompt, CoreAuthenticationFlow, CoreErrorResponseType, CoreGenderClaim, CoreJsonWebKey,
    CoreJweContentEncryptionAlgorithm, CoreJwsSigningAlgorithm, CoreProviderMetadata, CoreRevocableToken,
    CoreRevocationErrorResponse, CoreTokenIntrospectionResponse, CoreTokenType,
};
use openidconnect::{
    AccessTokenHash, AdditionalClaims, AuthenticationContextClass, AuthorizationCode, ClientId, ClientSecret,
    CsrfToken, EmptyExtraTokenFields, EndpointMaybeSet, EndpointNotSet, EndpointSet, IssuerUrl, Nonce,
    OAuth2TokenResponse, PkceCodeChallenge, PkceCodeVerifier, RedirectUrl, Scope, StandardErrorResponse,
    StandardTokenResponse, TokenResponse,
};
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, Set};
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// The cookie that keeps the `state` of the trip under way (path
/// `/login/vneid`); `__Secure-` when the portal is served over TLS (no
/// sibling site nor plain-HTTP page can plant it then).
pub fn state_cookie(secure: bool) -> &'static str {
    if secure { "__Secure-dvc_vneid_state" } else { "dvc_vneid_state" }
}

/// How long a trip to the provider may take, from leaving to coming back.
pub const TRIP_MINUTES: i64 = 10;

/// The ID token signatures accepted (asymmetric only).
const SIGNING_ALGORITHMS: [CoreJwsSigningAlgorithm; 10] = [
    CoreJwsSigningAlgorithm::RsaSsaPkcs1V15Sha256,
    CoreJwsSigningAlgorithm::RsaSsaPkcs1V15Sha384,
    CoreJwsSigningAlgorithm::RsaSsaPkcs1V15Sha512,
    CoreJwsSigningAlgorithm::RsaSsaPssSha256,
    CoreJwsSigningAlgorithm::RsaSsaPssSha384,
    CoreJwsSigningAlgorithm::RsaSsaPssSha512,
    CoreJwsSigningAlgorithm::EcdsaP256Sha256,
    CoreJwsSigningAlgorithm::EcdsaP384Sha384,
    CoreJwsSigningAlgorithm::EcdsaP521Sha512,
    CoreJwsSigningAlgorithm::EdDsa,
];

/// How long the provider's metadata and keys are kept before they are read again.
const METADATA_SECS: u64 = 600;

/// The claims VNeID adds to the standard ones: the personal identification
/// number (`SoDinhDanh`, the 12 digits of the chip-based ID card), which
/// links the identity to a DVC account; and, for a business identity, the
/// organisation the person represents (`MaSoThue` its tax code, `TenToChuc`
/// its name, `DiaChiToChuc` its address).
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct NationalClaims {
    #[serde(rename = "SoDinhDanh", default, skip_serializing_if = "Option::is_none")]
    pub personal_id: Option<String>,
    #[serde(rename = "MaSoThue", default, skip_serializing_if = "Option::is_none")]
    pub tax_code: Option<String>,
    #[serde(rename = "TenToChuc", default, skip_serializing_if = "Option::is_none")]
    pub organisation_name: Option<String>,
    #[serde(rename = "DiaChiToChuc", default, skip_serializing_if = "Option::is_none")]
    pub organisation_address: Option<String>,
}

impl NationalClaims {
    /// The organisation these claims name: none for a person's own identity;
    /// refused when a tax code comes without a valid form or a name.
    fn organisation(&self) -> Result<Option<VerifiedOrganisation>, Refused> {
        let Some(tax_code) = self.tax_code.as_deref() else { return Ok(None) };
        let tax_code =
            TaxCode::parse(tax_code).map_err(|_| Refused::new("claims", "an invalid tax code (MaSoThue)"))?;
        let bounded = |text: Option<&str>, max: usize| {
            text.map(|t| t.trim().chars().take(max).collect::<String>()).filter(|t| !t.is_empty())
        };
        let name = bounded(self.organisation_name.as_deref(), 200)
            .ok_or_else(|| Refused::new("claims", "a tax code without the organisation's name (TenToChuc)"))?;
        let address = bounded(self.organisation_address.as_deref(), 300).unwrap_or_default();
        Ok(Some(VerifiedOrganisation { tax_code, name, address }))
    }
}

/// The organisation a VNeID business identity names, checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VerifiedOrganisation {
    pub tax_code: TaxCode,
    pub name: String,
    pub address: String,
}

impl AdditionalClaims for NationalClaims {}

type IdTokenFields = openidconnect::IdTokenFields<
    NationalClaims,
    EmptyExtraTokenFields,
    CoreGenderClaim,
    CoreJweContentEncryptionAlgorithm,
    CoreJwsSigningAlgorithm,
>;
type NationalTokenResponse = StandardTokenResponse<IdTokenFields, CoreTokenType>;
type NationalUserInfo = openidconnect::UserInfoClaims<NationalClaims, CoreGenderClaim>;
/// The `openidconnect` client, with [`NationalClaims`] in its ID tokens.
type OidcClient = openidconnect::Client<
    NationalClaims,
    CoreAuthDisplay,
    CoreGenderClaim,
    CoreJweContentEncryptionAlgorithm,
    CoreJsonWebKey,
    CoreAuthPrompt,
    StandardErrorResponse<CoreErrorResponseType>,
    NationalTokenResponse,
    CoreTokenIntrospectionResponse,
    CoreRevocableToken,
    CoreRevocationErrorResponse,
    EndpointSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointMaybeSet,
    EndpointMaybeSet,
>;

/// The client's registration with the provider.
#[derive(Clone)]
pub struct Registration {
    /// `DVC_VNEID_ISSUER`: the provider's issuer URL (discovery reads
    /// `{issuer}/.well-known/openid-configuration`).
    pub issuer: String,
    pub client_id: String,
    pub client_secret: String,
    /// `{DVC_PUBLIC_URL}/login/vneid/callback`.
    pub redirect_uri: String,
}

impl std::fmt::Debug for Registration {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Registration")
            .field("issuer", &self.issuer)
            .field("client_id", &self.client_id)
            .field("redirect_uri", &self.redirect_uri)
            .finish_non_exhaustive()
    }
}

/// Who the provider says signed in, after every check.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VerifiedIdentity {
    /// `issuer|sub`: the provider's stable name for the person.
    pub subject: String,
    pub personal_id: CitizenId,
    pub full_name: String,
    pub birth_date: Option<NaiveDate>,
    pub phone: Option<String>,
    pub email: Option<String>,
    /// 1 or 2 (the provider's `acr`).
    pub assurance: u8,
    /// The organisation a business identity represents.
    pub organisation: Option<VerifiedOrganisation>,
}

/// Why a sign-in was refused: `reason` goes to the audit log as the outcome,
/// `detail` to the log (never to the browser).
#[derive(Debug)]
pub struct Refused {
    pub reason: &'static str,
    pub detail: String,
}

impl Refused {
    fn new(reason: &'static str, detail: impl std::fmt::Display) -> Self {
        Self { reason, detail: detail.to_string() }
    }
}

/// What the provider sent the browser back with (`/login/vneid/callback?…`).
#[derive(Clone, Debug, Default, Deserialize)]
pub struct Callback {
    pub code: Option<String>,
    pub state: Option<String>,
    pub error: Option<String>,
}

/// A trip that starts: where to send the browser, and the `state` for its cookie.
#[derive(Debug)]
pub struct Trip {
    pub url: String,
    pub state: String,
}

/// The OpenID provider, as this instance knows it.
#[derive(Clone)]
pub struct Vneid {
    registration: Arc<Registration>,
    http: reqwest::Client,
    metadata: Arc<tokio::sync::Mutex<Option<(std::time::Instant, CoreProviderMetadata)>>>,
}

impl Vneid {
    pub fn new(registration: Registration) -> Result<Self, reqwest::Error> {
        Ok(Self { registration: Arc::new(registration), http: outbound::http_client()?, metadata: Arc::default() })
    }

    /// The provider's metadata and keys, read by discovery and kept a while.
    async fn client(&self) -> Result<OidcClient, Refused> {
        let fresh = (self.metadata.lock().await.as_ref())
            .filter(|(at, _)| at.elapsed().as_secs() < METADATA_SECS)
            .map(|(_, m)| m.clone());
        let metadata = match fresh {
            Some(metadata) => metadata,
            None => {
                // Read without holding the lock: a slow provider holds up
                // only the sign-ins that wait for it.
                let issuer = IssuerUrl::new(self.registration.issuer.clone()).map_err(|e| Refused::new("config", e))?;
                let metadata = CoreProviderMetadata::discover_async(issuer, &Outbound(self.http.clone()))
                    .await
                    .map_err(|e| Refused::new("discovery", error_chain(&e)))?;
                *self.metadata.lock().await = Some((std::time::Instant::now(), metadata.clone()));
                metadata
            }
        };
        let redirect =
            RedirectUrl::new(self.registration.redirect_uri.clone()).map_err(|e| Refused::new("config", e))?;
        Ok(OidcClient::from_provider_metadata(
            metadata,
            ClientId::new(self.registration.client_id.clone()),
            Some(ClientSecret::new(self.registration.client_secret.clone())),
        )
        .set_redirect_uri(redirect))
    }

    /// Starts a trip to the provider, asking for `level` (1 or 2); `next` is
    /// where the person goes once signed in (a path on this site).
    pub async fn begin(
        &self,
        db: &DatabaseConnection,
        level: u8,
        next: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<Trip, AppError> {
        let client = self
            .client()
            .await
            .map_err(|refused| AppError::internal(format_args!("VNeID {}: {}", refused.reason, refused.detail)))?;
        let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
        let mut request = client
            .authorize_url(CoreAuthenticationFlow::AuthorizationCode, CsrfToken::new_random, Nonce::new_random)
            .add_scope(Scope::new("profile".into()))
            .set_pkce_challenge(challenge);
        if level >= 2 {
            request = request.add_auth_context_value(AuthenticationContextClass::new("LoA2".into()));
        }
        let (url, state, nonce) = request.url();
        identity_sign_in::ActiveModel {
            state_hash: Set(sha256_hex(state.secret())),
            nonce: Set(nonce.secret().clone()),
            pkce_verifier: Set(verifier.secret().clone()),
            next: Set(next.and_then(crate::domain::redirect::local_path).map(str::to_owned)),
            created_at: Set(now),
        }
        .insert(db)
        .await?;
        Ok(Trip { url: url.to_string(), state: state.secret().clone() })
    }

    /// Finishes a trip: the callback's `state` must be the browser's and
    /// a trip under way (taken now, so never twice), the code is exchanged,
    /// and the ID token checked. Answers the person and where they go next.
    pub async fn finish(
        &self,
        db: &DatabaseConnection,
        callback: &Callback,
        browser_state: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<(VerifiedIdentity, Option<String>), Refused> {
        let state = callback.state.as_deref().filter(|s| !s.is_empty() && s.len() <= 256);
        let Some(state) = state else { return Err(Refused::new("state_missing", "no state")) };
        if !browser_state.is_some_and(|mine| same_secret(mine, state)) {
            // The trip is spent too: a code that came back to the wrong
            // browser (or leaked) never signs anyone in later.
            let _ = take_trip(db, state).await;
            return Err(Refused::new("state_mismatch", "the state is not this browser's"));
        }
        let trip = take_trip(db, state).await?;
        if now - trip.created_at > Duration::minutes(TRIP_MINUTES) {
            return Err(Refused::new("trip_expired", "the trip took too long"));
        }
        if let Some(error) = &callback.error {
            return Err(Refused::new("provider_error", error.chars().take(100).collect::<String>()));
        }
        let code = callback.code.as_deref().filter(|c| !c.is_empty() && c.len() <= 2048);
        let Some(code) = code else { return Err(Refused::new("code_missing", "no code")) };
        let client = self.client().await?;
        let http = Outbound(self.http.clone());
        let tokens = client
            .exchange_code(AuthorizationCode::new(code.to_owned()))
            .map_err(|e| Refused::new("config", e))?
            .set_pkce_verifier(PkceCodeVerifier::new(trip.pkce_verifier.clone()))
            .request_async(&http)
            .await
            .map_err(|e| Refused::new("token_exchange", error_chain(&e)))?;
        let id_token = tokens.id_token().ok_or_else(|| Refused::new("id_token", "no ID token"))?;
        // Signatures by the provider's published keys only: never a MAC keyed
        // by the client's secret, whatever the discovery document lists.
        let verifier = client.id_token_verifier().set_allowed_algs(SIGNING_ALGORITHMS);
        let claims = id_token
            .claims(&verifier, &Nonce::new(trip.nonce.clone()))
            .map_err(|e| Refused::new("id_token", error_chain(&e)))?;
        // The access token is the one the ID token was issued with.
        if let Some(expected) = claims.access_token_hash() {
            let algorithm = id_token.signing_alg().map_err(|e| Refused::new("id_token", e))?;
            let key = id_token.signing_key(&verifier).map_err(|e| Refused::new("id_token", e))?;
            let actual = AccessTokenHash::from_token(tokens.access_token(), algorithm, key)
                .map_err(|e| Refused::new("id_token", e))?;
            if actual != *expected {
                return Err(Refused::new("id_token", "the access token's hash does not match"));
            }
        }
        // In the code flow the standard puts the profile's claims at the
        // userinfo endpoint (OpenID Connect Core §5.4); VNeID also puts
        // them in the ID token. Read there only what the token lacks, for
        // the subject the token names (the crate checks it).
        let info: Option<NationalUserInfo> =
            if claims.additional_claims().personal_id.is_none() || claims.name().is_none() {
                let request = client
                    .user_info(tokens.access_token().clone(), Some(claims.subject().clone()))
                    .map_err(|e| Refused::new("userinfo", e))?;
                Some(request.request_async(&http).await.map_err(|e| Refused::new("userinfo", error_chain(&e)))?)
            } else {
                None
            };
        let personal_id = claims
            .additional_claims()
            .personal_id
            .as_deref()
            .or_else(|| info.as_ref().and_then(|i| i.additional_claims().personal_id.as_deref()))
            .and_then(|id| CitizenId::parse(id).ok())
            .ok_or_else(|| Refused::new("claims", "no valid personal identification number (SoDinhDanh)"))?;
        let full_name = claims
            .name()
            .or_else(|| info.as_ref().and_then(|i| i.name()))
            .and_then(|names| names.get(None))
            .map(|name| name.as_str().trim().chars().take(100).collect::<String>())
            .filter(|name| !name.is_empty())
            .ok_or_else(|| Refused::new("claims", "no name"))?;
        let birth_date = claims
            .birthdate()
            .or_else(|| info.as_ref().and_then(|i| i.birthdate()))
            .and_then(|d| NaiveDate::parse_from_str(d.as_str(), "%Y-%m-%d").ok());
        let organisation = match claims.additional_claims().organisation()? {
            Some(organisation) => Some(organisation),
            None => match &info {
                Some(info) => info.additional_claims().organisation()?,
                None => None,
            },
        };
        let phone = claims.phone_number().or_else(|| info.as_ref().and_then(|i| i.phone_number()));
        let email = claims.email().or_else(|| info.as_ref().and_then(|i| i.email()));
        let identity = VerifiedIdentity {
            subject: format!("{}|{}", claims.issuer().as_str(), claims.subject().as_str()),
            personal_id,
            full_name,
            birth_date,
            // Kept only when it is a Vietnamese mobile number, as accounts keep it.
            phone: phone
                .map(|p| p.as_str().chars().take(20).collect::<String>())
                .and_then(|p| crate::domain::identity::Phone::parse(&p).ok())
                .map(|p| p.as_str().to_owned()),
            email: email.map(|e| e.as_str().trim().to_lowercase()).filter(|e| e.len() <= 254),
            assurance: assurance_of(claims.auth_context_ref().map(|acr| acr.as_str())),
            organisation,
        };
        Ok((identity, trip.next))
    }
}

/// Takes the trip of `state`: of two callbacks with it, one gets it.
async fn take_trip(db: &DatabaseConnection, state: &str) -> Result<identity_sign_in::Model, Refused> {
    let hash = sha256_hex(state);
    let db_error = |e: sea_orm::DbErr| Refused::new("database", e);
    let trip = identity_sign_in::Entity::find_by_id(hash.clone()).one(db).await.map_err(db_error)?;
    let taken = identity_sign_in::Entity::delete_many()
        .filter(identity_sign_in::Column::StateHash.eq(hash))
        .exec(db)
        .await
        .map_err(db_error)?;
    match trip {
        Some(trip) if taken.rows_affected == 1 => Ok(trip),
        _ => Err(Refused::new("trip_unknown", "no trip under way with this state (replayed or forged)")),
    }
}

/// Removes trips that never came back.
pub async fn prune(db: &DatabaseConnection, now: DateTime<Utc>) -> Result<u64, sea_orm::DbErr> {
    Ok(identity_sign_in::Entity::delete_many()
        .filter(identity_sign_in::Column::CreatedAt.lt(now - Duration::minutes(TRIP_MINUTES)))
        .exec(db)
        .await?
        .rows_affected)
}

/// The level of assurance an `acr` value names: VNeID's `LoA2` is level 2;
/// anything else, or none, the lowest.
pub fn assurance_of(acr: Option<&str>) -> u8 {
    match acr.map(str::trim) {
        Some(acr) if acr.eq_ignore_ascii_case("LoA2") => 2,
        _ => 1,
    }
}

/// The portal's outbound client, as `openidconnect` calls it.
struct Outbound(reqwest::Client);

impl<'c> openidconnect::AsyncHttpClient<'c> for Outbound {
    type Error = HttpError;
    type Future = std::pin::Pin<
        Box<dyn std::future::Future<Output = Result<openidconnect::HttpResponse, HttpError>> + Send + 'c>,
    >;

    fn call(&'c self, request: openidconnect::HttpRequest) -> Self::Future {
        Box::pin(send(self.0.clone(), request))
    }
}

/// One request to the provider through the portal's outbound client, its
/// answer bounded in size.
async fn send(
    client: reqwest::Client,
    request: openidconnect::HttpRequest,
) -> Result<openidconnect::HttpResponse, HttpError> {
    let (parts, body) = request.into_parts();
    let mut outgoing = client.request(parts.method, parts.uri.to_string()).body(body);
    for (name, value) in &parts.headers {
        outgoing = outgoing.header(name, value);
    }
    let response = outgoing.send().await.map_err(|e| HttpError(e.to_string()))?;
    let status = response.status();
    let headers = response.headers().clone();
    let body = outbound::read_bounded(response).await.map_err(HttpError)?;
    let mut answer = http::Response::builder().status(status);
    if let Some(map) = answer.headers_mut() {
        *map = headers;
    }
    answer.body(body).map_err(|e| HttpError(e.to_string()))
}

/// A failed call to the provider.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct HttpError(String);

/// An error and its causes, on one line for the log.
fn error_chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_level_is_read_from_acr() {
        assert_eq!(assurance_of(Some("LoA2")), 2);
        assert_eq!(assurance_of(Some("loa2")), 2);
        assert_eq!(assurance_of(Some("LoA1")), 1);
        assert_eq!(assurance_of(Some("LoA22")), 1);
        assert_eq!(assurance_of(Some("x:2")), 1);
        assert_eq!(assurance_of(Some("loaloa2")), 1);
        assert_eq!(assurance_of(Some("")), 1);
        assert_eq!(assurance_of(None), 1);
    }
}
