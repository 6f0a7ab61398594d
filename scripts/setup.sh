#!/usr/bin/env bash
# Installs what building and testing DVC needs, skipping what is already there.
#   scripts/setup.sh build   wasm target, cargo-leptos, wasm-bindgen CLI, wasm-opt
#   scripts/setup.sh test    the above, plus Chromium, the end2end npm packages, s3s-fs, PostgreSQL check
#   scripts/setup.sh chaos   the above, plus HAProxy (make chaos)
# A prerequisite that cannot be installed stops the script with one line naming the fix.
set -euo pipefail
cd "$(dirname "$0")/.."

CARGO_LEPTOS_VERSION=0.3.10
BINARYEN_VERSION=132.0.0
# The S3-compatible server the tests store files in (the last release for rustc 1.95).
S3S_FS_VERSION=0.14.1
TOOLS_DIR="${DVC_TOOLS_DIR:-$HOME/.cache/dvc/tools}"
what="${1:-build}"

say() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }
fail() { printf '\033[31m[setup] MISSING:\033[0m %s\n' "$*" >&2; exit 1; }
# Installs a Debian package (as root), or stops naming the line to run.
apt_install() {
  local package="$1" label="$2"
  [ "$(id -u)" = 0 ] || fail "$label is not installed: run 'sudo apt-get install -y $package'."
  say "installing $label"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$package" >/dev/null) \
    || fail "cannot install $label: run 'apt-get update && apt-get install -y $package'."
}

command -v cargo >/dev/null || fail "cargo (Rust) is not installed: install rustup from https://rustup.rs, then re-run."
command -v rustup >/dev/null || fail "rustup is needed to add the wasm32 target: install it from https://rustup.rs."

# make lint checks formatting and runs clippy.
for component in rustfmt clippy; do
  if ! rustup component list --installed | grep -q "^$component"; then
    say "adding the $component component"
    rustup component add "$component" || fail "cannot add $component: run 'rustup component add $component'."
  fi
done
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown || fail "cannot add the wasm32 target: run 'rustup target add wasm32-unknown-unknown'."
fi

if [ "$(cargo leptos --version 2>/dev/null | awk '{print $2}')" != "$CARGO_LEPTOS_VERSION" ]; then
  say "installing cargo-leptos $CARGO_LEPTOS_VERSION (no_downloads; takes 15-30 minutes once)"
  CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 CARGO_PROFILE_RELEASE_OPT_LEVEL=1 \
    cargo install cargo-leptos --version "$CARGO_LEPTOS_VERSION" --locked --features no_downloads \
    || fail "cannot install cargo-leptos: run 'cargo install cargo-leptos --version $CARGO_LEPTOS_VERSION --locked --features no_downloads'."
fi

# The CLI must match the wasm-bindgen crate in Cargo.lock exactly.
wbg_version=$(awk '/^name = "wasm-bindgen"$/ {getline; gsub(/version = |"/, ""); print; exit}' Cargo.lock)
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$wbg_version" ]; then
  say "installing wasm-bindgen-cli $wbg_version"
  cargo install wasm-bindgen-cli --version "$wbg_version" \
    || fail "cannot install wasm-bindgen-cli: run 'cargo install wasm-bindgen-cli --version $wbg_version'."
fi

command -v npm >/dev/null || fail "Node.js and npm are needed (wasm-opt, Playwright): install them with 'apt-get install -y nodejs npm'."

# Debian's wasm-opt is too old (the bundle then fails to hydrate); use npm's binaryen.
if [ ! -x "$TOOLS_DIR/node_modules/.bin/wasm-opt" ]; then
  say "installing wasm-opt (npm binaryen $BINARYEN_VERSION) into $TOOLS_DIR"
  mkdir -p "$TOOLS_DIR"
  npm install --prefix "$TOOLS_DIR" --no-save --no-audit --no-fund "binaryen@$BINARYEN_VERSION" >/dev/null \
    || fail "cannot install binaryen from npm: run 'npm install --prefix $TOOLS_DIR binaryen@$BINARYEN_VERSION'."
fi

if [ "$what" = "test" ] || [ "$what" = "chaos" ]; then
  # The result-signature test checks signatures with OpenSSL, an independent Ed25519 (chaos makes a key with it).
  command -v openssl >/dev/null || apt_install openssl OpenSSL
fi
if [ "$what" = "test" ]; then
  [ -x /usr/bin/chromium ] || apt_install chromium "Debian's Chromium"
  if [ ! -d end2end/node_modules/@playwright/test ] || [ end2end/package-lock.json -nt end2end/node_modules/.package-lock.json ]; then
    say "installing the end2end npm packages"
    (cd end2end && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund >/dev/null) \
      || fail "cannot install the end2end packages: run 'cd end2end && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci'."
  fi
fi
if [ "$what" = "test" ] || [ "$what" = "chaos" ]; then
  if [ "$("$TOOLS_DIR/cargo/bin/s3s-fs" --version 2>/dev/null | awk '{print $2}')" != "$S3S_FS_VERSION" ]; then
    say "installing s3s-fs $S3S_FS_VERSION (an S3-compatible server for the tests; a few minutes once)"
    cargo install s3s-fs --version "$S3S_FS_VERSION" --locked --features binary --root "$TOOLS_DIR/cargo" \
      || fail "cannot install s3s-fs: run 'cargo install s3s-fs --version $S3S_FS_VERSION --locked --features binary --root $TOOLS_DIR/cargo'."
  fi
  pg_url="${TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
  [ "$what" = "chaos" ] && pg_url="${CHAOS_PG_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
  command -v psql >/dev/null || apt_install postgresql-client "PostgreSQL's client (psql)"
  psql "$pg_url" -qAtc 'select 1' >/dev/null 2>&1 \
    || fail "PostgreSQL is not reachable at $pg_url: start it (e.g. 'pg_ctlcluster 15 main start') or set TEST_DATABASE_URL / CHAOS_PG_URL."
fi
if [ "$what" = "chaos" ]; then
  command -v haproxy >/dev/null || [ -x /usr/sbin/haproxy ] || apt_install haproxy HAProxy
fi
say "ready ($what)"
