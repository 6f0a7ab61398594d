#!/usr/bin/env bash
# `make bench`: catalog benchmarks on a release build, written to bench/results/catalog.md.
#   - search latency p50/p95 with 5,000 synthetic procedures (BENCH_PROCEDURES), in process
#   - requests/s and p99 of an SSR /procedures?q=… page next to a static file of the same
#     size served by the same server (wrk), as a ratio
#   - bytes of WASM + JS a first visit to / downloads: raw, gzip, brotli (as served)
# and dossier benchmarks, written to bench/results/dossiers.md:
#   - dossiers submitted per second and p99, 16 concurrent clients, SQLite and PostgreSQL
#     (BENCH_PG_URL, default postgres://postgres@127.0.0.1:5432/postgres)
#   - peak resident memory of the server while 20 clients upload 10 MB files at once
# and workflow benchmarks, written to bench/results/workflow.md:
#   - queue query p50/p95 with BENCH_QUEUE_DOSSIERS (100,000) dossiers in one agency, and
#     acceptances per second by 8 concurrent receivers, SQLite and PostgreSQL
# and public statistics benchmarks, written to bench/results/transparency.md:
#   - /statistics pages p50/p95 with BENCH_STATISTICS_DOSSIERS (100,000) dossiers over 100
#     agencies, SQLite and PostgreSQL, and the time to rebuild the snapshot of facts
# and live event benchmarks, written to bench/results/events.md:
#   - delivery latency p50/p99 from commit to 1,000 and 10,000 SSE subscribers of one
#     server process on PostgreSQL, and its resident memory
# and payment benchmarks, written to bench/results/payments.md:
#   - VNPay IPNs handled per second (first deliveries and replays), SQLite and PostgreSQL
# and Lighthouse scores of the main pages (scripts/lighthouse.sh), bench/results/lighthouse.md
set -euo pipefail
cd "$(dirname "$0")/.."

N="${BENCH_PROCEDURES:-5000}"
PORT="${BENCH_PORT:-3200}"
DURATION="${BENCH_DURATION:-10s}"
CONNECTIONS="${BENCH_CONNECTIONS:-32}"
BIN="${CARGO_TARGET_DIR:-target}/release/server"
BENCH="${CARGO_TARGET_DIR:-target}/release/bench"
echo "[bench] building the benchmark binary"
cargo build --release -p bench --quiet
DATA="$(mktemp -d)"
OUT=bench/results/catalog.md
trap 'kill $SERVER_PID ${UP_PID:-} 2>/dev/null || true; rm -rf "$DATA" target/site/bench-static.html' EXIT

if ! command -v wrk >/dev/null; then
  if [ "$(id -u)" = 0 ]; then apt-get install -y -qq wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }; fi
  command -v wrk >/dev/null || { echo "[bench] MISSING: wrk — install it with 'apt-get install -y wrk'." >&2; exit 1; }
fi

export DVC_DATA_DIR="$DATA" DVC_LOG=warn DVC_ADDR="127.0.0.1:$PORT"
echo "[bench] loading $N synthetic procedures"
"$BENCH" seed-synthetic "$N" >/dev/null
echo "[bench] search latency"
search_table=$("$BENCH" search 300)

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

# ---------------------------------------------------------------- dossiers
kill $SERVER_PID 2>/dev/null || true
wait $SERVER_PID 2>/dev/null || true
OUT2=bench/results/dossiers.md
SUBMITS="${BENCH_SUBMISSIONS:-800}"
PG_ADMIN="${BENCH_PG_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
echo "[bench] submissions, SQLite"
sub_sqlite=$(DVC_DATA_DIR="$(mktemp -d -p "$DATA")" "$BENCH" submit "$SUBMITS" 16)
echo "[bench] submissions, PostgreSQL"
pg_db="dvc_bench_$$"
if command -v psql >/dev/null && psql "$PG_ADMIN" -qc "CREATE DATABASE $pg_db" >/dev/null 2>&1; then
  sub_pg=$(DVC_DATA_DIR="$(mktemp -d -p "$DATA")" DATABASE_URL="${PG_ADMIN%/*}/$pg_db" "$BENCH" submit "$SUBMITS" 16)
  psql "$PG_ADMIN" -qc "DROP DATABASE $pg_db WITH (FORCE)" >/dev/null 2>&1 || true
else
  sub_pg="| PostgreSQL | – | – | not measured: no PostgreSQL at $PG_ADMIN | | |"
fi

echo "[bench] 20 concurrent 10 MB uploads"
UP_PORT=$((PORT + 1))
UP_DATA="$(mktemp -d -p "$DATA")"
DVC_DATA_DIR="$UP_DATA" DVC_REGISTER_LIMIT=100 DVC_ADDR="127.0.0.1:$UP_PORT" "$BIN" serve & UP_PID=$!
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$UP_PORT/readyz" >/dev/null && break; sleep 0.2; done
base="http://127.0.0.1:$UP_PORT"
rss() { awk "/^$1:/ {print \$2}" "/proc/$UP_PID/status"; }
head -c 10485000 /dev/zero | (printf '%%PDF-1.4\n%%\xe2\xe3\xcf\xd3\n'; cat; printf '\n%%%%EOF\n') > "$UP_DATA/big.pdf"
drafts=()
for i in $(seq 1 20); do
  jar="$UP_DATA/jar$i"
  curl -fs -c "$jar" -b "$jar" -H 'Accept: application/json' "$base/api/register_citizen" \
    --data-urlencode "form[full_name]=Nguyễn Văn An" --data-urlencode "form[citizen_id]=001090$(printf %06d $((800000 + i)))" \
    --data-urlencode "form[birth_date]=1990-05-17" --data-urlencode "form[phone]=0912345678" \
    --data-urlencode "form[email]=upload$i@example.vn" --data-urlencode "form[password]=sông Hồng đỏ nặng phù sa" \
    --data-urlencode "form[password_confirm]=sông Hồng đỏ nặng phù sa" >/dev/null
  drafts+=("$(curl -fs -c "$jar" -b "$jar" -H 'Accept: application/json' -H 'Content-Type: application/json' \
    "$base/api/save_draft" -d '{"form":{"procedure_code":"1.001193","data":{}}}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')")
done
rss_before=$(rss VmRSS)
pids=()
for i in $(seq 1 20); do
  jar="$UP_DATA/jar$i"
  curl -fs -o /dev/null -w '%{http_code}\n' -b "$jar" -H 'Accept: application/json' "$base/uploads" \
    -F "draft_id=${drafts[$((i - 1))]}" -F document=2 -F "file=@$UP_DATA/big.pdf;type=application/pdf" > "$UP_DATA/status$i" & pids+=($!)
done
wait "${pids[@]}"
ok=$(cat "$UP_DATA"/status* | grep -c '^201$' || true)
rss_peak=$(rss VmHWM)
kill $UP_PID 2>/dev/null || true

cat > "$OUT2" <<MD
# Dossier benchmarks

Measured $(date -u +%Y-%m-%dT%H:%MZ) by \`make bench\` on $(nproc) cores, release build.

## Submissions (\`bench submit $SUBMITS 16\`: prepared birth-registration drafts, ~2 KB of form data and one attachment each, submitted by 16 concurrent citizens through the submit service)

| database | clients | dossiers | per second | p50 (ms) | p99 (ms) |
|---|---|---|---|---|---|
$sub_sqlite
$sub_pg

## 20 concurrent uploads of a 10 MB file (SQLite, one server process)

Uploads stored: $ok of 20. Server resident memory: $((rss_before / 1024)) MB before, peak $((rss_peak / 1024)) MB (VmHWM, whole process life).

Budget: peak under 200 MB resident.
MD
cat "$OUT2"

# ---------------------------------------------------------------- workflow
OUT3=bench/results/workflow.md
QN="${BENCH_QUEUE_DOSSIERS:-100000}"
echo "[bench] queues with $QN dossiers, SQLite"
q_sqlite=$(DVC_DATA_DIR="$(mktemp -d -p "$DATA")" "$BENCH" queue "$QN")
echo "[bench] queues with $QN dossiers, PostgreSQL"
pg_db="dvc_bench_q_$$"
if command -v psql >/dev/null && psql "$PG_ADMIN" -qc "CREATE DATABASE $pg_db" >/dev/null 2>&1; then
  q_pg=$(DVC_DATA_DIR="$(mktemp -d -p "$DATA")" DATABASE_URL="${PG_ADMIN%/*}/$pg_db" "$BENCH" queue "$QN")
  psql "$PG_ADMIN" -qc "DROP DATABASE $pg_db WITH (FORCE)" >/dev/null 2>&1 || true
else
  q_pg="| PostgreSQL | not measured: no PostgreSQL at $PG_ADMIN | | | |
ACTIONS| PostgreSQL | – | – | – |"
fi
cat > "$OUT3" <<MD
# Workflow benchmarks

Measured $(date -u +%Y-%m-%dT%H:%MZ) by \`make bench\` on $(nproc) cores, release build.

## Queue queries (\`bench queue $QN\`: $QN dossiers in one agency, every status; the whole queue service — a page of 20 rows and the count of each of the official's queues)

| database | query | p50 (ms) | p95 (ms) | runs |
|---|---|---|---|---|
$(printf '%s\n%s\n' "$q_sqlite" "$q_pg" | grep -v '^ACTIONS')

Budget: p95 ≤ 50 ms on SQLite and PostgreSQL.

## Actions (acceptances by 8 concurrent receivers, each in one transaction with its event)

| database | actions | per second | p99 (ms) |
|---|---|---|---|
$(printf '%s\n%s\n' "$q_sqlite" "$q_pg" | grep '^ACTIONS' | sed 's/^ACTIONS//')
MD
echo "[bench] wrote $OUT3"

# ---------------------------------------------------------------- public statistics
OUT6=bench/results/transparency.md
SN="${BENCH_STATISTICS_DOSSIERS:-100000}"
stats_rows=""
for db in sqlite postgres; do
  echo "[bench] public statistics with $SN dossiers, $db"
  if [ "$db" = sqlite ]; then
    stats_rows+=$(DVC_DATA_DIR="$(mktemp -d -p "$DATA")" "$BENCH" statistics "$SN")$'\n'
  elif command -v psql >/dev/null && psql "$PG_ADMIN" -qc "CREATE DATABASE dvc_bench_s_$$" >/dev/null 2>&1; then
    stats_rows+=$(DVC_DATA_DIR="$(mktemp -d -p "$DATA")" DATABASE_URL="${PG_ADMIN%/*}/dvc_bench_s_$$" "$BENCH" statistics "$SN")$'\n'
    psql "$PG_ADMIN" -qc "DROP DATABASE dvc_bench_s_$$ WITH (FORCE)" >/dev/null 2>&1 || true
  else
    stats_rows+="| PostgreSQL | not measured: no PostgreSQL at $PG_ADMIN | | | |"$'\n'
  fi
done
cat > "$OUT6" <<MD
# Public statistics benchmarks

Measured $(date -u +%Y-%m-%dT%H:%MZ) by \`make bench\` on $(nproc) cores, release build.

## Pages (\`bench statistics $SN\`: $SN dossiers over 100 agencies, received over a year in every status, a fifth of the returned ones rated; each page rendered through the router, the snapshot of facts built)

| database | page | p50 (ms) | p95 (ms) | runs |
|---|---|---|---|---|
$(grep -v '^SNAPSHOT' <<<"$stats_rows")

Budget: p95 ≤ 50 ms.

## The snapshot (every dossier's facts, rebuilt at most once every \`DVC_STATISTICS_MAX_AGE\` seconds)

| database | dossiers | agencies | rebuild (ms) |
|---|---|---|---|
$(grep '^SNAPSHOT' <<<"$stats_rows" | sed 's/^SNAPSHOT//')
MD
echo "[bench] wrote $OUT6"

# ---------------------------------------------------------------- live events
OUT4=bench/results/events.md
EVENTS="${BENCH_EVENTS:-20}"
# 10,000 subscribers need as many sockets on each side (the bench and the server).
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
ev_rows=""
for subs in 1000 10000; do
  echo "[bench] live events to $subs subscribers, PostgreSQL"
  pg_db="dvc_bench_ev_$$"
  if command -v psql >/dev/null && psql "$PG_ADMIN" -qc "CREATE DATABASE $pg_db" >/dev/null 2>&1; then
    row=$(DVC_DATA_DIR="$(mktemp -d -p "$DATA")" DATABASE_URL="${PG_ADMIN%/*}/$pg_db" DVC_OFFICIAL_2FA=optional \
      "$BENCH" events "$subs" "$EVENTS") || row="| $subs | $EVENTS | failed | | | | |"
    psql "$PG_ADMIN" -qc "DROP DATABASE $pg_db WITH (FORCE)" >/dev/null 2>&1 || true
  else
    row="| $subs | not measured: no PostgreSQL at $PG_ADMIN | | | | | |"
  fi
  ev_rows+="$row"$'\n'
done
cat > "$OUT4" <<MD
# Live event benchmarks

Measured $(date -u +%Y-%m-%dT%H:%MZ) by \`make bench\` on $(nproc) cores, release build.

## Delivery (\`bench events SUBSCRIBERS $EVENTS\`)

The server runs as its own process on PostgreSQL; the bench opens SUBSCRIBERS \`/events\`
streams to it over TCP (a system administrator's session, who sees every event), then
submits $EVENTS dossiers one after another (300 ms apart) through the submit service in
its own process, after one untimed submission that warms both processes (pool
connections, prepared statements, each stream's first write). Each commit reaches the
server by \`NOTIFY\`; its hub reads the event once and fans it out. Latency runs from
the start of the submitting call (its transaction included) to the moment each
subscriber has read the event; the subscribers run on the same two cores as the server.

| subscribers | events | deliveries | p50 (ms) | p99 (ms) | max (ms) | server resident memory (MB) |
|---|---|---|---|---|---|---|
${ev_rows}
Budget: p99 ≤ 100 ms with 10,000 subscribers on one instance.
MD
cat "$OUT4"
echo "[bench] wrote $OUT4"

# ---------------------------------------------------------------- payments
OUT5=bench/results/payments.md
IPN_ORDERS="${BENCH_IPN_ORDERS:-2000}"
echo "[bench] VNPay IPNs, SQLite"
ipn_sqlite=$(DVC_DATA_DIR="$(mktemp -d -p "$DATA")" DVC_VNPAY_SANDBOX=1 "$BENCH" ipn "$IPN_ORDERS" 16)
echo "[bench] VNPay IPNs, PostgreSQL"
pg_db="dvc_bench_ipn_$$"
if command -v psql >/dev/null && psql "$PG_ADMIN" -qc "CREATE DATABASE $pg_db" >/dev/null 2>&1; then
  ipn_pg=$(DVC_DATA_DIR="$(mktemp -d -p "$DATA")" DATABASE_URL="${PG_ADMIN%/*}/$pg_db" DVC_VNPAY_SANDBOX=1 \
    "$BENCH" ipn "$IPN_ORDERS" 16)
  psql "$PG_ADMIN" -qc "DROP DATABASE $pg_db WITH (FORCE)" >/dev/null 2>&1 || true
else
  ipn_pg="| PostgreSQL | not measured: no PostgreSQL at $PG_ADMIN | | | | | | |"
fi
cat > "$OUT5" <<MD
# Payment benchmarks

Measured $(date -u +%Y-%m-%dT%H:%MZ) by \`make bench\` on $(nproc) cores, release build.

## VNPay IPNs (\`bench ipn $IPN_ORDERS 16\`)

$IPN_ORDERS dossiers await a fee, each with a pending order; 16 concurrent "gateways"
send one signed success IPN per order through the whole router
(\`GET /payments/vnpay/ipn\`: signature, order, amount and state checks, then one
transaction that settles the order, resumes the dossier and appends its event), then
replay every IPN (each answered \`02\`, changing nothing).

| database | orders | clients | settled | first IPNs per second | p99 (ms) | replays per second | replay p99 (ms) |
|---|---|---|---|---|---|---|---|
$ipn_sqlite
$ipn_pg
MD
cat "$OUT5"
echo "[bench] wrote $OUT5"

# Lighthouse on the main pages (mobile), written to bench/results/lighthouse.md.
scripts/lighthouse.sh
