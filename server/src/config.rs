//! Configuration from environment variables, each with a safe default. The
//! README lists them all.

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
        let database_url = get("DATABASE_URL")
            .unwrap_or_else(|| format!("sqlite://{}?mode=rwc", data_dir.join("dvc.db").display()));
        Ok(Self {
            addr,
            database_url,
            db_max_connections: get("DVC_DB_MAX_CONNECTIONS").map(|v| parse("DVC_DB_MAX_CONNECTIONS", v)).transpose()?.unwrap_or(10),
            seed_dir: PathBuf::from(get("DVC_SEED_DIR").unwrap_or_else(|| "seed".into())),
            site_root: PathBuf::from(
                get("DVC_SITE_ROOT").or_else(|| get("LEPTOS_SITE_ROOT")).unwrap_or_else(|| "target/site".into()),
            ),
            log_json: match get("DVC_LOG_FORMAT").as_deref() {
                None | Some("text") => false,
                Some("json") => true,
                Some(other) => {
                    return Err(ConfigError { name: "DVC_LOG_FORMAT", message: format!("“{other}”: use text or json") });
                }
            },
            request_timeout_secs: get("DVC_REQUEST_TIMEOUT_SECS")
                .map(|v| parse("DVC_REQUEST_TIMEOUT_SECS", v))
                .transpose()?
                .unwrap_or(30),
            data_dir,
        })
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
