#!/usr/bin/env bash
# `make bench`: catalog benchmarks on a release build, written to bench/results/catalog.md.
#   - search latency p50/p95 with 5,000 synthetic procedures (BENCH_PROCEDURES), in process
#   - requests/s and p99 of an SSR /procedures?q=… page next to a static file of the same
#     size served by the same server (wrk), as a ratio
#   - bytes of WASM + JS a first visit to / downloads: raw, gzip, brotli (as served)
set -euo pipefail
cd "$(dirname "$0")/.."

N="${BENCH_PROCEDURES:-5000}"
PORT="${BENCH_PORT:-3200}"
DURATION="${BENCH_DURATION:-10s}"
CONNECTIONS="${BENCH_CONNECTIONS:-32}"
BIN="${CARGO_TARGET_DIR:-target}/release/server"
DATA="$(mktemp -d)"
OUT=bench/results/catalog.md
trap 'kill $SERVER_PID 2>/dev/null || true; rm -rf "$DATA" target/site/bench-static.html' EXIT

if ! command -v wrk >/dev/null; then
  if [ "$(id -u)" = 0 ]; then apt-get install -y -qq wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }; fi
  command -v wrk >/dev/null || { echo "[bench] MISSING: wrk — install it with 'apt-get install -y wrk'." >&2; exit 1; }
fi

export DVC_DATA_DIR="$DATA" DVC_LOG=warn DVC_ADDR="127.0.0.1:$PORT"
echo "[bench] loading $N synthetic procedures"
"$BIN" seed-synthetic "$N" >/dev/null
echo "[bench] search latency"
search_table=$("$BIN" bench-search 300)

"$BIN" serve & SERVER_PID=$!
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$PORT/readyz" >/dev/null && break; sleep 0.2; done

ssr_url="http://127.0.0.1:$PORT/procedures?q=dang+ky+khai+sinh"
curl -fs "$ssr_url" > target/site/bench-static.html
page_bytes=$(wc -c < target/site/bench-static.html)
static_url="http://127.0.0.1:$PORT/bench-static.html"
run_wrk() { wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency "$1"; }
echo "[bench] wrk: SSR page"
ssr=$(run_wrk "$ssr_url")
echo "[bench] wrk: static file"
static=$(run_wrk "$static_url")
rps() { awk '/Requests\/sec/ {print $2}' <<<"$1"; }
p99() { awk '$1=="99%" {print $2}' <<<"$1"; }
ratio=$(awk -v a="$(rps "$ssr")" -v b="$(rps "$static")" 'BEGIN {printf "%.3f", a/b}')

echo "[bench] first-visit bytes"
home=$(curl -fs "http://127.0.0.1:$PORT/")
assets=$(grep -oE '/pkg/[^"]+\.(js|wasm)' <<<"$home" | sort -u)
size() { curl -fs -o /dev/null -H "Accept-Encoding: $2" -w '%{size_download}' "http://127.0.0.1:$PORT$1"; }
raw=0; gz=0; br=0; rows=""
for a in $assets; do
  r=$(size "$a" identity); g=$(size "$a" gzip); b=$(size "$a" br)
  raw=$((raw + r)); gz=$((gz + g)); br=$((br + b))
  rows+="| \`$a\` | $r | $g | $b |"$'\n'
done

mkdir -p bench/results
cat > "$OUT" <<MD
# Catalog benchmarks

Measured $(date -u +%Y-%m-%dT%H:%MZ) by \`make bench\` on $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), release build, SQLite.

## Search latency ($N synthetic procedures + the seeded catalog, in process)

$search_table

Budget: p95 ≤ 20 ms at 5,000 procedures.

## SSR page vs static file (wrk, $CONNECTIONS connections, $DURATION)

Page: \`/procedures?q=dang+ky+khai+sinh\`, $page_bytes bytes; the static file is that same HTML served by the same server.

| | requests/s | p99 |
|---|---|---|
| SSR page | $(rps "$ssr") | $(p99 "$ssr") |
| static file | $(rps "$static") | $(p99 "$static") |

SSR/static throughput ratio: **$ratio**.

## First visit to \`/\`: WASM + JS bytes as served

| file | raw | gzip | brotli |
|---|---|---|---|
$rows| **total** | **$raw** | **$gz** | **$br** |

Budget: ≤ 350 KB (358,400 bytes) with brotli.
MD
cat "$OUT"
