#!/usr/bin/env bash
# `make build`: the server binary and the site (WASM, JS, CSS, assets with their
# compressed twins) in release.
#
# The site is kept by the content of its sources in DVC_SITE_CACHE (with the
# `hash.txt` of its file names, which the server reads beside its binary): a second run with nothing
# changed, or a fresh clone of the same sources, copies it back instead of
# running wasm-bindgen and wasm-opt again (minutes). The server binary is
# always brought up to date (a no-op when it is; the target folder is shared).
set -euo pipefail
cd "$(dirname "$0")/.."
: "${CARGO_TARGET_DIR:?run it through make, which sets CARGO_TARGET_DIR}"
site="${LEPTOS_SITE_ROOT:-target/site}"
bin="$CARGO_TARGET_DIR/release/server"
cache="${DVC_SITE_CACHE:-$HOME/.cache/dvc/site}"

# Everything the site is built from, by content (not dates): the shared crate
# but its server-only part (`app/src/server`, compiled with `ssr` alone), the
# browser's crate, styles and assets, the lock file, and the server's
# precompression of the site. A change to the server alone keeps the site.
key=$( (find app frontend style public -type f -not -path 'app/src/server/*' -print0 | sort -z | xargs -0 sha256sum
        sha256sum Cargo.toml Cargo.lock server/src/precompress.rs) | sha256sum | cut -c1-32)

if [ -f "$site/.built" ] && [ "$(cat "$site/.built")" = "$key" ] && [ -f "$cache/$key.hash.txt" ]; then
  # The same features as cargo-leptos's server build, so the same artefacts.
  cargo build --release --package=server --bin=server --no-default-features --quiet
  cp "$cache/$key.hash.txt" "$(dirname "$bin")/hash.txt"
  exit 0
fi
if [ -d "$cache/$key" ] && [ -f "$cache/$key.hash.txt" ]; then
  echo "[build] the site of these sources is cached: copying it"
  cargo build --release --package=server --bin=server --no-default-features --quiet
  rm -rf "$site" && mkdir -p "$(dirname "$site")" && cp -a "$cache/$key" "$site"
  cp "$cache/$key.hash.txt" "$(dirname "$bin")/hash.txt"
else
  cargo leptos build --release --split
  "$bin" precompress
  mkdir -p "$cache" && rm -rf "$cache/$key.tmp" && cp -a "$site" "$cache/$key.tmp"
  cp "$(dirname "$bin")/hash.txt" "$cache/$key.hash.txt"
  rm -rf "$cache/$key" && mv "$cache/$key.tmp" "$cache/$key"
  # Keep the three newest builds.
  for old in $(ls -1dt "$cache"/*/ 2>/dev/null | tail -n +4); do rm -rf "$old" "${old%/}.hash.txt"; done
fi
echo "$key" > "$site/.built"
