//! Configuration from environment variables, each with a safe default. The
//! README lists them all.

use app::server::auth::AuthSettings;
use app::server::auth::rate_limit::Limit;
use chrono::Duration;
use std::net::SocketAddr;
use std::path::PathBuf;

/// Server configuration.
#[derive(Clone, Debug)]
pub struct Config {
    /// `DVC_ADDR` (or cargo-leptos' `LEPTOS_SITE_ADDR`): where to listen. Default `127.0.0.1:3000`.
    pub addr: SocketAddr,
    /// `DVC_DATA_DIR`: where the SQLite database and later uploads live. Default `./data`.
    pub data_dir: PathBuf,
    /// `DATABASE_URL`: `sqlite://…` or `postgres://…`. Default SQLite in the data directory.
    pub database_url: String,
    /// `DVC_DB_MAX_CONNECTIONS`: connection pool size. Default 10.
    pub db_max_connections: u32,
    /// `DVC_SEED_DIR`: the seed data (catalog, templates, reference data). Default `./seed`.
    pub seed_dir: PathBuf,
    /// `DVC_SITE_ROOT` (or `LEPTOS_SITE_ROOT`): the built site (`pkg/`, assets). Default `target/site`.
    pub site_root: PathBuf,
    /// `DVC_LOG_FORMAT`: `text` (default) or `json`.
    pub log_json: bool,
    /// `DVC_REQUEST_TIMEOUT_SECS`: requests taking longer are answered 408. Default 30.
    pub request_timeout_secs: u64,
    /// `DVC_HEADER_TIMEOUT_SECS`: a connection must send its request headers within this time (also the idle keep-alive limit). Default 20.
    pub header_timeout_secs: u64,
    /// Seconds between heartbeats on the event stream.
    pub events_heartbeat_secs: u64,
    /// Events a subscriber may fall behind before it is cut loose (and resumes).
    pub events_backlog: u32,
    /// `DVC_EVENTS_PER_USER` (8): event streams one user may hold open in an instance.
    pub events_per_user: u32,
    /// SMTP server for mails (`DVC_SMTP_URL`); without it mails are files under `data/outbox/`.
    pub smtp_url: Option<String>,
    /// The sender of mails.
    pub mail_from: String,
    /// HTTP SMS gateway; without it text messages are files under `data/outbox/sms/`.
    pub sms: Option<SmsConfig>,
    /// `DVC_DEMO=1`: seed the demo accounts (and, later, the payment sandbox). Never in production.
    pub demo: bool,
    /// Sessions, second factor, rate limits: `DVC_PUBLIC_URL` (an `https://` URL makes
    /// cookies `Secure`), `DVC_SESSION_IDLE_MINUTES` (30), `DVC_SESSION_MAX_HOURS` (12),
    /// `DVC_OFFICIAL_2FA` (`required`, or `optional`; default `optional` in demo),
    /// `DVC_TRUST_PROXY=N` (client address from `X-Forwarded-For`, N trusted proxies in front),
    /// `DVC_SIGN_IN_LIMIT` (sign-ins per address per 15 minutes, 100),
    /// `DVC_REGISTER_LIMIT` (registrations per address per hour, 20).
    pub auth: AuthSettings,
    /// `DVC_DRAFT_DAYS`: an untouched draft is deleted after this many days. Default 30.
    pub draft_days: u32,
    /// `DVC_STATISTICS_MAX_AGE`: seconds the public statistics may be behind. Default 60.
    pub statistics_max_age_secs: u32,
    /// `DVC_UPLOAD_FILE_MB`: the largest attachment. Default 10.
    pub upload_file_mb: u32,
    /// `DVC_UPLOAD_DOSSIER_MB`: the largest total of one dossier's attachments. Default 50.
    pub upload_dossier_mb: u32,
    /// Online payment (VNPay v2.1.0), when configured.
    pub vnpay: Option<VnpayConfig>,
    /// `DVC_VNPAY_SANDBOX` (default: `DVC_DEMO`): serve the sandbox gateway.
    /// Never together with real `DVC_VNPAY_*` credentials: the sandbox signs
    /// as its own demo merchant only, and is off when a real one is configured.
    pub vnpay_sandbox: bool,
    /// The sandbox was asked for but refused because real credentials are set
    /// (logged at start).
    pub vnpay_sandbox_refused: bool,
    /// `DVC_VNPAY_RECONCILE_SECS` (60): how often pending orders are looked at.
    pub vnpay_reconcile_secs: u32,
    /// `DVC_VNPAY_PENDING_MINUTES` (15): an order pending this long is asked about (`querydr`).
    pub vnpay_pending_minutes: u32,
    /// Sign-in with VNeID (OpenID Connect), when configured:
    /// `DVC_VNEID_ISSUER`, `DVC_VNEID_CLIENT_ID`, `DVC_VNEID_CLIENT_SECRET`
    /// (all three, or none; with the sandbox on they default to the sandbox
    /// and its demo client). The redirect URI is `{DVC_PUBLIC_URL}/login/vneid/callback`.
    pub vneid: Option<app::server::vneid::Registration>,
    /// `DVC_VNEID_SANDBOX` (default: `DVC_DEMO`): serve the VNeID sandbox
    /// provider; never beside a real provider's registration.
    pub vneid_sandbox: bool,
    /// The sandbox was asked for but refused: a real provider is configured, or the portal is served over TLS.
    pub vneid_sandbox_refused: bool,
    /// Synchronisation with the national portal, when configured:
    /// `DVC_NATIONAL_URL` (its sync endpoint; each service is posted to
    /// `{url}/{service}`) and `DVC_NATIONAL_TOKEN` (both, or none; with the
    /// sandbox on they default to the sandbox).
    pub national: Option<NationalConfig>,
    /// `DVC_NATIONAL_SANDBOX` (default: `DVC_DEMO`): serve the sandbox of the
    /// national portal (`/sandbox/national`); never over https://.
    pub national_sandbox: bool,
    /// `DVC_NATIONAL_SYNC_SECS` (5): how often the sync outbox is looked at.
    pub national_sync_secs: u32,
    /// `DVC_WEBHOOKS_LOCAL` (default: `DVC_DEMO`): agencies' webhooks may use
    /// `http://` and addresses inside the network (a demo, a test); never
    /// over https://, where endpoints must be public `https://` addresses.
    pub webhooks_local: bool,
    /// `DVC_WEBHOOK_SECS` (5): how often due webhook deliveries are looked at.
    pub webhook_secs: u32,
    /// `DVC_METRICS_TOKEN`: `/metrics` answers only `Authorization: Bearer
    /// <token>`; without it, only this machine (loopback, not through a proxy).
    pub metrics_token: Option<Secret>,
    /// `DVC_SIGNING_KEY_FILE`: the result-signing key (Ed25519, PKCS#8 PEM)
    /// the operator gives; without it, one made at first start under
    /// `DVC_DATA_DIR/keys/`.
    pub signing_key_file: Option<PathBuf>,
    /// `DVC_STORAGE_URL=s3://bucket[/prefix]`: files go to an S3-compatible
    /// bucket (`DVC_S3_ENDPOINT`, `DVC_S3_REGION`, `AWS_ACCESS_KEY_ID`,
    /// `AWS_SECRET_ACCESS_KEY`) instead of `DVC_DATA_DIR/files`.
    pub storage: Option<app::server::attachments::Bucket>,
    /// `DVC_INSTANCES` (1): how many instances serve this portal. With more
    /// than one, they must share the signing key (`DVC_SIGNING_KEY_FILE`).
    pub instances: u32,
}

/// A value that never appears in the log.
#[derive(Clone)]
pub struct Secret(pub String);

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(…)")
    }
}

/// The merchant's gateway settings: `DVC_VNPAY_URL`, `DVC_VNPAY_TMN_CODE`,
/// `DVC_VNPAY_HASH_SECRET` (all three, or none; with the sandbox on they
/// default to the sandbox and its demo merchant).
#[derive(Clone)]
pub struct VnpayConfig {
    pub url: String,
    pub tmn_code: String,
    pub hash_secret: String,
}

impl std::fmt::Debug for VnpayConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("VnpayConfig").field("url", &self.url).field("tmn_code", &self.tmn_code).finish_non_exhaustive()
    }
}

/// The national portal's sync endpoint and token (never printed).
#[derive(Clone)]
pub struct NationalConfig {
    pub url: String,
    pub token: String,
}

impl std::fmt::Debug for NationalConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NationalConfig").field("url", &self.url).finish_non_exhaustive()
    }
}

/// The SMS gateway: `DVC_SMS_URL` and, when it asks for one, `DVC_SMS_KEY`
/// (sent as a bearer token; never printed).
#[derive(Clone)]
pub struct SmsConfig {
    pub url: String,
    pub key: Option<String>,
}

impl std::fmt::Debug for SmsConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SmsConfig").field("url", &self.url).finish_non_exhaustive()
    }
}

/// A variable that is set but wrong.
#[derive(Debug, thiserror::Error)]
#[error("{name}: {message}")]
pub struct ConfigError {
    pub name: &'static str,
    pub message: String,
}

impl Config {
    /// Reads the process environment.
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_lookup(|name| std::env::var(name).ok().filter(|v| !v.trim().is_empty()))
    }

    /// Reads configuration through `get`, so tests need not touch the environment.
    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        fn parse<T: std::str::FromStr>(name: &'static str, value: String) -> Result<T, ConfigError>
        where
            T::Err: std::fmt::Display,
        {
            value.trim().parse().map_err(|e: T::Err| ConfigError { name, message: format!("“{value}”: {e}") })
        }
        let addr = match get("DVC_ADDR").or_else(|| get("LEPTOS_SITE_ADDR")) {
            Some(v) => parse("DVC_ADDR", v)?,
            None => SocketAddr::from(([127, 0, 0, 1], 3000)),
        };
        let data_dir = PathBuf::from(get("DVC_DATA_DIR").unwrap_or_else(|| "data".into()));
        let flag = |name: &'static str| -> Result<bool, ConfigError> {
            match get(name).as_deref().map(str::trim) {
                None | Some("0") | Some("false") => Ok(false),
                Some("1") | Some("true") => Ok(true),
                Some(other) => Err(ConfigError { name, message: format!("“{other}”: use 1 or 0") }),
            }
        };
        let number = |name: &'static str, default: u32| -> Result<u32, ConfigError> {
            let value = get(name).map(|v| parse::<u32>(name, v)).transpose()?.unwrap_or(default);
            if value == 0 { Err(ConfigError { name, message: "must be at least 1".into() }) } else { Ok(value) }
        };
        let demo = flag("DVC_DEMO")?;
        let public_origin = get("DVC_PUBLIC_URL").map(|url| url.trim().trim_end_matches('/').to_owned());
        if let Some(url) = &public_origin
            && !(url.starts_with("https://") || url.starts_with("http://"))
        {
            return Err(ConfigError { name: "DVC_PUBLIC_URL", message: format!("“{url}”: use https://host") });
        }
        if demo && public_origin.as_deref().is_some_and(|url| url.starts_with("https://")) {
            return Err(ConfigError {
                name: "DVC_DEMO",
                message: "demo accounts and sandboxes are never served over https:// (DVC_PUBLIC_URL): unset DVC_DEMO on a real deployment".into(),
            });
        }
        let defaults = AuthSettings::default();
        let auth = AuthSettings {
            idle_timeout: Duration::minutes(i64::from(number("DVC_SESSION_IDLE_MINUTES", 30)?)),
            absolute_timeout: Duration::hours(i64::from(number("DVC_SESSION_MAX_HOURS", 12)?)),
            secure_cookies: public_origin.as_deref().is_some_and(|u| u.starts_with("https://")),
            officials_need_second_factor: match get("DVC_OFFICIAL_2FA").as_deref().map(str::trim) {
                None => !demo,
                Some("required") => true,
                Some("optional") => false,
                Some(other) => {
                    return Err(ConfigError {
                        name: "DVC_OFFICIAL_2FA",
                        message: format!("“{other}”: use required or optional"),
                    });
                }
            },
            trusted_proxy_hops: match get("DVC_TRUST_PROXY").as_deref().map(str::trim) {
                None | Some("false") => 0,
                Some("true") => 1,
                Some(hops) => match hops.parse::<u8>() {
                    Ok(hops) if hops <= 8 => hops,
                    _ => {
                        return Err(ConfigError {
                            name: "DVC_TRUST_PROXY",
                            message: format!("“{hops}”: the number of trusted proxies in front, 0 to 8"),
                        });
                    }
                },
            },
            citizen_password_login: match get("DVC_CITIZEN_PASSWORD_LOGIN") {
                Some(_) => flag("DVC_CITIZEN_PASSWORD_LOGIN")?,
                None => demo,
            },
            public_origin,
            sign_in_per_ip: Limit { max: number("DVC_SIGN_IN_LIMIT", 100)?, ..defaults.sign_in_per_ip },
            register_per_ip: Limit { max: number("DVC_REGISTER_LIMIT", 20)?, ..defaults.register_per_ip },
            lookup_per_ip: Limit { max: number("DVC_LOOKUP_LIMIT", 30)?, ..defaults.lookup_per_ip },
            reset_per_ip: Limit { max: number("DVC_RESET_LIMIT", 10)?, ..defaults.reset_per_ip },
            ..defaults
        };
        let sandbox_asked = match get("DVC_VNPAY_SANDBOX") {
            Some(_) => flag("DVC_VNPAY_SANDBOX")?,
            None => demo,
        };
        let real_vnpay =
            ["DVC_VNPAY_URL", "DVC_VNPAY_TMN_CODE", "DVC_VNPAY_HASH_SECRET"].iter().any(|n| get(n).is_some());
        if real_vnpay && get("DVC_VNPAY_SANDBOX").is_some() && sandbox_asked {
            return Err(ConfigError {
                name: "DVC_VNPAY_SANDBOX",
                message: "the sandbox gateway never runs beside real DVC_VNPAY_* credentials: unset one or the other"
                    .into(),
            });
        }
        let vnpay_sandbox = sandbox_asked && !real_vnpay;
        let public_url = auth.public_origin.clone().unwrap_or_else(|| format!("http://{addr}"));
        let vnpay = match (get("DVC_VNPAY_URL"), get("DVC_VNPAY_TMN_CODE"), get("DVC_VNPAY_HASH_SECRET")) {
            (Some(url), Some(tmn_code), Some(hash_secret)) => {
                Some(VnpayConfig { url: url.trim().trim_end_matches('/').to_owned(), tmn_code, hash_secret })
            }
            (None, None, None) if vnpay_sandbox => Some(VnpayConfig {
                url: format!("{public_url}/sandbox/vnpay"),
                tmn_code: app::server::payments::sandbox::DEMO_TMN_CODE.into(),
                hash_secret: app::server::payments::sandbox::DEMO_HASH_SECRET.into(),
            }),
            (None, None, None) => None,
            _ => {
                return Err(ConfigError {
                    name: "DVC_VNPAY_URL",
                    message: "set DVC_VNPAY_URL, DVC_VNPAY_TMN_CODE and DVC_VNPAY_HASH_SECRET together".into(),
                });
            }
        };
        let vneid_asked = match get("DVC_VNEID_SANDBOX") {
            Some(_) => flag("DVC_VNEID_SANDBOX")?,
            None => demo,
        };
        let real_vneid =
            ["DVC_VNEID_ISSUER", "DVC_VNEID_CLIENT_ID", "DVC_VNEID_CLIENT_SECRET"].iter().any(|n| get(n).is_some());
        // The sandbox signs anyone in as its test people: never on a portal
        // served over TLS (a real deployment), whatever is asked.
        let vneid_sandbox = vneid_asked && !real_vneid && !auth.secure_cookies;
        if vneid_asked && !vneid_sandbox && get("DVC_VNEID_SANDBOX").is_some() {
            return Err(ConfigError {
                name: "DVC_VNEID_SANDBOX",
                message: "the sandbox signs anyone in: never beside a real DVC_VNEID_ISSUER, nor over https://".into(),
            });
        }
        let redirect_uri = format!("{public_url}/login/vneid/callback");
        let vneid = match (get("DVC_VNEID_ISSUER"), get("DVC_VNEID_CLIENT_ID"), get("DVC_VNEID_CLIENT_SECRET")) {
            (Some(issuer), Some(client_id), Some(client_secret)) => {
                // Exactly as registered: discovery compares it to the provider's own.
                let issuer = issuer.trim().to_owned();
                let uri = issuer.parse::<axum::http::Uri>().ok();
                let scheme = uri.as_ref().and_then(|u| u.scheme_str());
                let host = uri.as_ref().and_then(|u| u.host());
                let loopback = host.is_some_and(|h| h == "127.0.0.1" || h == "localhost" || h == "[::1]");
                let userinfo = uri.as_ref().and_then(|u| u.authority()).is_some_and(|a| a.as_str().contains('@'));
                if userinfo || !(scheme == Some("https") || (scheme == Some("http") && loopback)) {
                    return Err(ConfigError {
                        name: "DVC_VNEID_ISSUER",
                        message: format!("“{issuer}”: the provider is reached over https://"),
                    });
                }
                Some(app::server::vneid::Registration { issuer, client_id, client_secret, redirect_uri })
            }
            (None, None, None) if vneid_sandbox => Some(app::server::vneid::Registration {
                issuer: format!("{public_url}{}", app::server::vneid::sandbox::PATH),
                client_id: app::server::vneid::sandbox::DEMO_CLIENT_ID.into(),
                client_secret: app::server::vneid::sandbox::DEMO_CLIENT_SECRET.into(),
                redirect_uri,
            }),
            (None, None, None) => None,
            _ => {
                return Err(ConfigError {
                    name: "DVC_VNEID_ISSUER",
                    message: "set DVC_VNEID_ISSUER, DVC_VNEID_CLIENT_ID and DVC_VNEID_CLIENT_SECRET together".into(),
                });
            }
        };
        let real_national = get("DVC_NATIONAL_URL").is_some() || get("DVC_NATIONAL_TOKEN").is_some();
        let national_asked = match get("DVC_NATIONAL_SANDBOX") {
            Some(_) => flag("DVC_NATIONAL_SANDBOX")?,
            None => demo && !real_national,
        };
        // The sandbox takes anything with a token everyone knows: never on a
        // portal served over TLS (a real deployment), nor beside the real portal.
        if national_asked && (auth.secure_cookies || real_national) {
            return Err(ConfigError {
                name: "DVC_NATIONAL_SANDBOX",
                message: "the sandbox of the national portal is never served over https:// (DVC_PUBLIC_URL), nor beside a real DVC_NATIONAL_URL".into(),
            });
        }
        let webhooks_local = match get("DVC_WEBHOOKS_LOCAL") {
            Some(_) => flag("DVC_WEBHOOKS_LOCAL")?,
            None => demo && !auth.secure_cookies,
        };
        // Local endpoints would let an agency's administrator reach the
        // portal's own network: never on a portal served over TLS.
        if webhooks_local && auth.secure_cookies {
            return Err(ConfigError {
                name: "DVC_WEBHOOKS_LOCAL",
                message:
                    "webhooks to local addresses are never allowed on a portal served over https:// (DVC_PUBLIC_URL)"
                        .into(),
            });
        }
        let national = match (get("DVC_NATIONAL_URL"), get("DVC_NATIONAL_TOKEN")) {
            (Some(url), Some(token)) => {
                let url = url.trim().trim_end_matches('/').to_owned();
                let uri = url.parse::<axum::http::Uri>().ok();
                let host = uri.as_ref().and_then(|u| u.host()).unwrap_or_default().to_owned();
                let loopback = host == "127.0.0.1" || host == "localhost" || host == "[::1]";
                let scheme = uri.as_ref().and_then(|u| u.scheme_str());
                // The token and applicants' data travel in it: TLS, unless on this machine.
                if host.is_empty() || !(scheme == Some("https") || (scheme == Some("http") && loopback)) {
                    return Err(ConfigError {
                        name: "DVC_NATIONAL_URL",
                        message: format!("“{url}”: use https://host/path"),
                    });
                }
                let token = token.trim().to_owned();
                if token.chars().count() < 16 {
                    return Err(ConfigError { name: "DVC_NATIONAL_TOKEN", message: "at least 16 characters".into() });
                }
                Some(NationalConfig { url, token })
            }
            (None, None) if national_asked => Some(NationalConfig {
                url: format!("{public_url}{}/api", app::server::national::sandbox::PATH),
                token: app::server::national::sandbox::DEMO_TOKEN.into(),
            }),
            (None, None) => None,
            _ => {
                return Err(ConfigError {
                    name: "DVC_NATIONAL_URL",
                    message: "set DVC_NATIONAL_URL and DVC_NATIONAL_TOKEN together".into(),
                });
            }
        };
        let instances = number("DVC_INSTANCES", 1)?;
        let signing_key_file = get("DVC_SIGNING_KEY_FILE").map(|path| PathBuf::from(path.trim()));
        if instances > 1 && signing_key_file.is_none() {
            return Err(ConfigError {
                name: "DVC_SIGNING_KEY_FILE",
                message: format!(
                    "{instances} instances (DVC_INSTANCES) must sign results with one key: give its file (Ed25519, PKCS#8 PEM)"
                ),
            });
        }
        let storage = match get("DVC_STORAGE_URL") {
            None => None,
            Some(url) => {
                let url = url.trim().to_owned();
                let Some(rest) = url.strip_prefix("s3://").filter(|rest| !rest.is_empty()) else {
                    return Err(ConfigError {
                        name: "DVC_STORAGE_URL",
                        message: format!("“{url}”: use s3://bucket or s3://bucket/prefix"),
                    });
                };
                let (name, prefix) = match rest.split_once('/') {
                    Some((name, prefix)) => (name, Some(prefix.trim_matches('/').to_owned())),
                    None => (rest, None),
                };
                let (Some(access_key_id), Some(secret_access_key)) =
                    (get("AWS_ACCESS_KEY_ID"), get("AWS_SECRET_ACCESS_KEY"))
                else {
                    return Err(ConfigError {
                        name: "DVC_STORAGE_URL",
                        message: "a bucket needs AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY".into(),
                    });
                };
                Some(app::server::attachments::Bucket {
                    name: name.to_owned(),
                    prefix,
                    endpoint: get("DVC_S3_ENDPOINT").map(|e| e.trim().trim_end_matches('/').to_owned()),
                    region: get("DVC_S3_REGION").unwrap_or_else(|| "us-east-1".into()),
                    access_key_id,
                    secret_access_key,
                })
            }
        };
        let metrics_token = get("DVC_METRICS_TOKEN").map(|token| Secret(token.trim().to_owned()));
        if metrics_token.as_ref().is_some_and(|token| token.0.chars().count() < 16) {
            return Err(ConfigError { name: "DVC_METRICS_TOKEN", message: "at least 16 characters".into() });
        }
        let database_url =
            get("DATABASE_URL").unwrap_or_else(|| format!("sqlite://{}?mode=rwc", data_dir.join("dvc.db").display()));
        Ok(Self {
            addr,
            database_url,
            db_max_connections: get("DVC_DB_MAX_CONNECTIONS")
                .map(|v| parse("DVC_DB_MAX_CONNECTIONS", v))
                .transpose()?
                .unwrap_or(10),
            seed_dir: PathBuf::from(get("DVC_SEED_DIR").unwrap_or_else(|| "seed".into())),
            site_root: PathBuf::from(
                get("DVC_SITE_ROOT").or_else(|| get("LEPTOS_SITE_ROOT")).unwrap_or_else(|| "target/site".into()),
            ),
            log_json: match get("DVC_LOG_FORMAT").as_deref() {
                None | Some("text") => false,
                Some("json") => true,
                Some(other) => {
                    return Err(ConfigError {
                        name: "DVC_LOG_FORMAT",
                        message: format!("“{other}”: use text or json"),
                    });
                }
            },
            request_timeout_secs: get("DVC_REQUEST_TIMEOUT_SECS")
                .map(|v| parse("DVC_REQUEST_TIMEOUT_SECS", v))
                .transpose()?
                .unwrap_or(30),
            header_timeout_secs: u64::from(number("DVC_HEADER_TIMEOUT_SECS", 20)?),
            events_heartbeat_secs: u64::from(number("DVC_EVENTS_HEARTBEAT_SECS", 15)?),
            events_backlog: number("DVC_EVENTS_BACKLOG", 1024)?,
            events_per_user: number("DVC_EVENTS_PER_USER", 8)?,
            smtp_url: get("DVC_SMTP_URL").filter(|u| !u.trim().is_empty()),
            sms: get("DVC_SMS_URL")
                .filter(|u| !u.trim().is_empty())
                .map(|url| SmsConfig { url, key: get("DVC_SMS_KEY").filter(|k| !k.trim().is_empty()) }),
            mail_from: get("DVC_MAIL_FROM").unwrap_or_else(|| "Cổng Dịch vụ công <no-reply@dichvucong.local>".into()),
            data_dir,
            demo,
            auth,
            draft_days: number("DVC_DRAFT_DAYS", 30)?,
            statistics_max_age_secs: number("DVC_STATISTICS_MAX_AGE", 60)?,
            upload_file_mb: number("DVC_UPLOAD_FILE_MB", 10)?,
            upload_dossier_mb: number("DVC_UPLOAD_DOSSIER_MB", 50)?,
            vnpay,
            vnpay_sandbox,
            vnpay_sandbox_refused: sandbox_asked && real_vnpay,
            vnpay_reconcile_secs: number("DVC_VNPAY_RECONCILE_SECS", 60)?,
            vnpay_pending_minutes: number("DVC_VNPAY_PENDING_MINUTES", 15)?,
            vneid,
            vneid_sandbox,
            vneid_sandbox_refused: vneid_asked && !vneid_sandbox,
            national,
            national_sandbox: national_asked,
            national_sync_secs: number("DVC_NATIONAL_SYNC_SECS", 5)?,
            webhooks_local,
            webhook_secs: number("DVC_WEBHOOK_SECS", 5)?.max(1),
            metrics_token,
            storage,
            signing_key_file,
            instances,
        })
    }

    /// The site's address for links in mails: `DVC_PUBLIC_URL`, or the listening address.
    pub fn public_url(&self) -> String {
        self.auth.public_origin.clone().unwrap_or_else(|| format!("http://{}", self.addr))
    }

    /// Whether the database is SQLite (the default) rather than PostgreSQL.
    pub fn is_sqlite(&self) -> bool {
        self.database_url.starts_with("sqlite:")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_local_and_safe() {
        let config = Config::from_lookup(|_| None).unwrap();
        assert_eq!(config.addr.to_string(), "127.0.0.1:3000");
        assert_eq!(config.database_url, "sqlite://data/dvc.db?mode=rwc");
        assert!(config.is_sqlite());
        assert!(!config.log_json);
        assert!(!config.demo);
        assert!(config.auth.officials_need_second_factor, "production requires a second factor for officials");
        assert!(!config.auth.secure_cookies);
    }

    fn lookup<'a>(vars: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |k| vars.iter().find(|(n, _)| *n == k).map(|(_, v)| (*v).to_owned())
    }

    #[test]
    fn demo_relaxes_the_second_factor_and_tls_secures_cookies() {
        let config = Config::from_lookup(lookup(&[("DVC_DEMO", "1")])).unwrap();
        assert!(config.demo);
        assert!(!config.auth.officials_need_second_factor);
        assert!(!config.auth.secure_cookies);
        let config = Config::from_lookup(lookup(&[("DVC_PUBLIC_URL", "https://dvc.example.vn/")])).unwrap();
        assert!(config.auth.officials_need_second_factor);
        assert!(config.auth.secure_cookies);
        assert_eq!(config.auth.public_origin.as_deref(), Some("https://dvc.example.vn"));
        let err = Config::from_lookup(|k| (k == "DVC_OFFICIAL_2FA").then(|| "sometimes".to_owned())).unwrap_err();
        assert_eq!(err.name, "DVC_OFFICIAL_2FA");
    }

    #[test]
    fn the_national_sync_goes_over_tls_to_the_real_portal_or_to_the_sandbox() {
        let config = Config::from_lookup(lookup(&[("DVC_DEMO", "1")])).unwrap();
        assert!(config.national_sandbox);
        assert_eq!(config.national.unwrap().url, "http://127.0.0.1:3000/sandbox/national/api");
        let real =
            [("DVC_NATIONAL_URL", "https://dichvucong.gov.vn/sync/"), ("DVC_NATIONAL_TOKEN", "a-token-of-the-portal")];
        let config = Config::from_lookup(lookup(&real)).unwrap();
        assert_eq!(config.national.as_ref().unwrap().url, "https://dichvucong.gov.vn/sync");
        assert!(!config.national_sandbox);
        assert!(!format!("{config:?}").contains("a-token-of-the-portal"), "the token is never printed");
        let demo_beside_real = [real[0], real[1], ("DVC_DEMO", "1")];
        assert!(!Config::from_lookup(lookup(&demo_beside_real)).unwrap().national_sandbox, "the sandbox stays off");
        let asked = [real[0], real[1], ("DVC_NATIONAL_SANDBOX", "1")];
        assert_eq!(Config::from_lookup(lookup(&asked)).unwrap_err().name, "DVC_NATIONAL_SANDBOX");
        for (url, token, name) in [
            ("http://dichvucong.gov.vn/sync", "a-token-of-the-portal", "DVC_NATIONAL_URL"),
            ("ftp://dichvucong.gov.vn", "a-token-of-the-portal", "DVC_NATIONAL_URL"),
            ("https://dichvucong.gov.vn/sync", "short", "DVC_NATIONAL_TOKEN"),
        ] {
            let err =
                Config::from_lookup(lookup(&[("DVC_NATIONAL_URL", url), ("DVC_NATIONAL_TOKEN", token)])).unwrap_err();
            assert_eq!(err.name, name, "{url} {token}");
        }
        let half = Config::from_lookup(lookup(&[("DVC_NATIONAL_URL", "https://dichvucong.gov.vn")])).unwrap_err();
        assert_eq!(half.name, "DVC_NATIONAL_URL");
        let loopback =
            [("DVC_NATIONAL_URL", "http://127.0.0.1:9000/sync"), ("DVC_NATIONAL_TOKEN", "a-token-of-the-portal")];
        assert!(Config::from_lookup(lookup(&loopback)).unwrap().national.is_some());
    }

    #[test]
    fn the_sandbox_never_runs_beside_a_real_merchant() {
        let real = [
            ("DVC_DEMO", "1"),
            ("DVC_VNPAY_URL", "https://sandbox.vnpayment.vn"),
            ("DVC_VNPAY_TMN_CODE", "REALTMN1"),
            ("DVC_VNPAY_HASH_SECRET", "real-secret"),
        ];
        let config = Config::from_lookup(|k| real.iter().find(|(n, _)| *n == k).map(|(_, v)| (*v).to_owned())).unwrap();
        assert!(!config.vnpay_sandbox && config.vnpay_sandbox_refused);
        assert_eq!(config.vnpay.as_ref().map(|v| v.tmn_code.as_str()), Some("REALTMN1"));
        let demo = Config::from_lookup(|k| (k == "DVC_DEMO").then(|| "1".to_owned())).unwrap();
        assert!(demo.vnpay_sandbox && !demo.vnpay_sandbox_refused);
        assert_eq!(
            demo.vnpay.as_ref().map(|v| v.tmn_code.as_str()),
            Some(app::server::payments::sandbox::DEMO_TMN_CODE)
        );
    }

    #[test]
    fn vneid_is_the_sandbox_in_demo_and_the_real_provider_otherwise() {
        let demo = Config::from_lookup(|k| (k == "DVC_DEMO").then(|| "1".to_owned())).unwrap();
        assert!(demo.vneid_sandbox && demo.auth.citizen_password_login);
        assert_eq!(demo.vneid.as_ref().map(|v| v.issuer.as_str()), Some("http://127.0.0.1:3000/sandbox/vneid"));
        let production = Config::from_lookup(|_| None).unwrap();
        assert!(production.vneid.is_none() && !production.vneid_sandbox);
        assert!(!production.auth.citizen_password_login, "citizens sign in with VNeID unless asked otherwise");
        let real = [
            ("DVC_PUBLIC_URL", "https://dichvucong.example.vn"),
            ("DVC_VNEID_ISSUER", "https://sso.vneid.gov.vn/"),
            ("DVC_VNEID_CLIENT_ID", "dvc-hcm"),
            ("DVC_VNEID_CLIENT_SECRET", "s3cret"),
        ];
        let config = Config::from_lookup(|k| real.iter().find(|(n, _)| *n == k).map(|(_, v)| (*v).to_owned())).unwrap();
        assert!(!config.vneid_sandbox && !config.vneid_sandbox_refused);
        let vneid = config.vneid.unwrap();
        assert_eq!(vneid.issuer, "https://sso.vneid.gov.vn/", "as registered");
        assert_eq!(vneid.redirect_uri, "https://dichvucong.example.vn/login/vneid/callback");
        assert!(!format!("{vneid:?}").contains("s3cret"), "the secret stays out of the log");
        let half =
            Config::from_lookup(|k| (k == "DVC_VNEID_ISSUER").then(|| "https://a.example".to_owned())).unwrap_err();
        assert_eq!(half.name, "DVC_VNEID_ISSUER");
        for plain in ["http://sso.example", "http://127.0.0.1.evil.example", "http://localhost@evil.example"] {
            let vars = [("DVC_VNEID_ISSUER", plain), ("DVC_VNEID_CLIENT_ID", "a"), ("DVC_VNEID_CLIENT_SECRET", "b")];
            let err =
                Config::from_lookup(|k| vars.iter().find(|(n, _)| *n == k).map(|(_, v)| (*v).to_owned())).unwrap_err();
            assert_eq!(err.name, "DVC_VNEID_ISSUER", "{plain}");
        }
        let local = [
            ("DVC_VNEID_ISSUER", "http://127.0.0.1:3103"),
            ("DVC_VNEID_CLIENT_ID", "a"),
            ("DVC_VNEID_CLIENT_SECRET", "b"),
        ];
        assert!(Config::from_lookup(|k| local.iter().find(|(n, _)| *n == k).map(|(_, v)| (*v).to_owned())).is_ok());
        // Never the sandbox on a portal served over TLS, nor beside a real
        // provider: asked for, it stops the start with one line.
        let tls = [("DVC_VNEID_SANDBOX", "1"), ("DVC_PUBLIC_URL", "https://dichvucong.example.vn")];
        assert_eq!(Config::from_lookup(lookup(&tls)).unwrap_err().name, "DVC_VNEID_SANDBOX");
        let beside = [
            ("DVC_VNEID_SANDBOX", "1"),
            ("DVC_VNEID_ISSUER", "https://sso.vneid.gov.vn/"),
            ("DVC_VNEID_CLIENT_ID", "a"),
            ("DVC_VNEID_CLIENT_SECRET", "b"),
        ];
        assert_eq!(Config::from_lookup(lookup(&beside)).unwrap_err().name, "DVC_VNEID_SANDBOX");
    }

    #[test]
    fn files_go_to_a_bucket_when_asked() {
        assert!(Config::from_lookup(|_| None).unwrap().storage.is_none(), "the local folder by default");
        let vars = [
            ("DVC_STORAGE_URL", "s3://dvc-files/hcm/"),
            ("DVC_S3_ENDPOINT", "https://s3.example.vn/"),
            ("AWS_ACCESS_KEY_ID", "AKIA-DVC"),
            ("AWS_SECRET_ACCESS_KEY", "very-secret-key"),
        ];
        let config = Config::from_lookup(lookup(&vars)).unwrap();
        let bucket = config.storage.as_ref().unwrap();
        assert_eq!((bucket.name.as_str(), bucket.prefix.as_deref()), ("dvc-files", Some("hcm")));
        assert_eq!(bucket.endpoint.as_deref(), Some("https://s3.example.vn"));
        assert_eq!(bucket.region, "us-east-1");
        assert!(!format!("{config:?}").contains("very-secret-key"), "the secret stays out of the log");
        let err = Config::from_lookup(lookup(&[("DVC_STORAGE_URL", "s3://dvc-files")])).unwrap_err();
        assert!(err.message.contains("AWS_ACCESS_KEY_ID"), "{err}");
        let err = Config::from_lookup(lookup(&[("DVC_STORAGE_URL", "/srv/files")])).unwrap_err();
        assert_eq!(err.name, "DVC_STORAGE_URL");
    }

    #[test]
    fn unsafe_configurations_stop_the_start() {
        // Demo accounts (passwords everyone knows) on a real, TLS-served portal.
        let demo_tls = [("DVC_DEMO", "1"), ("DVC_PUBLIC_URL", "https://dichvucong.example.vn")];
        let err = Config::from_lookup(lookup(&demo_tls)).unwrap_err();
        assert_eq!(err.name, "DVC_DEMO");
        assert!(err.to_string().starts_with("DVC_DEMO: "), "one line naming the variable: {err}");
        // The sandbox gateway asked for beside a real merchant.
        let vnpay = [
            ("DVC_VNPAY_SANDBOX", "1"),
            ("DVC_VNPAY_URL", "https://pay.vnpay.vn"),
            ("DVC_VNPAY_TMN_CODE", "REALTMN1"),
            ("DVC_VNPAY_HASH_SECRET", "real-secret"),
        ];
        assert_eq!(Config::from_lookup(lookup(&vnpay)).unwrap_err().name, "DVC_VNPAY_SANDBOX");
        assert!(Config::from_lookup(lookup(&vnpay[1..])).is_ok(), "the real merchant alone is fine");
        // Several instances, each with a key of its own: results one instance
        // signed would not verify against another's public key.
        let err = Config::from_lookup(lookup(&[("DVC_INSTANCES", "3")])).unwrap_err();
        assert_eq!(err.name, "DVC_SIGNING_KEY_FILE");
        assert!(err.message.contains("3 instances"), "{err}");
        let shared = [("DVC_INSTANCES", "3"), ("DVC_SIGNING_KEY_FILE", "/run/secrets/dvc-signing.pem")];
        let config = Config::from_lookup(lookup(&shared)).unwrap();
        assert_eq!(config.signing_key_file.as_deref(), Some(std::path::Path::new("/run/secrets/dvc-signing.pem")));
        // A guessable metrics token; a good one stays out of the log.
        assert_eq!(
            Config::from_lookup(lookup(&[("DVC_METRICS_TOKEN", "short")])).unwrap_err().name,
            "DVC_METRICS_TOKEN"
        );
        let config = Config::from_lookup(lookup(&[("DVC_METRICS_TOKEN", "a-long-scrape-token-42")])).unwrap();
        assert!(!format!("{config:?}").contains("a-long-scrape-token-42"));
    }

    #[test]
    fn database_follows_the_data_dir() {
        let config = Config::from_lookup(|k| (k == "DVC_DATA_DIR").then(|| "/srv/dvc".to_owned())).unwrap();
        assert_eq!(config.database_url, "sqlite:///srv/dvc/dvc.db?mode=rwc");
    }

    #[test]
    fn a_wrong_value_names_the_variable() {
        let err = Config::from_lookup(|k| (k == "DVC_ADDR").then(|| "nowhere".to_owned())).unwrap_err();
        assert_eq!(err.name, "DVC_ADDR");
        let err = Config::from_lookup(|k| (k == "DVC_LOG_FORMAT").then(|| "xml".to_owned())).unwrap_err();
        assert_eq!(err.name, "DVC_LOG_FORMAT");
    }
}
