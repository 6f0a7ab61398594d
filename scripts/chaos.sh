#!/usr/bin/env bash
# `make chaos`: the portal under failures, with the figures in
# bench/results/chaos.md. Three runs (bench/src/{crash,failover,outage}.rs):
# - crash: the server killed (SIGKILL) while 1,000 dossiers with files are
#   being submitted by 32 citizens, then started again; the citizens retry
#   with the same keys. On SQLite and on PostgreSQL (CHAOS_PG_URL, default
#   the local server).
# - failover: two instances behind HAProxy on PostgreSQL and an S3 bucket
#   (s3s-fs); one is killed during a mixed load with live streams open.
# - outage: PostgreSQL, then the bucket, out of reach for 30 s under load.
# Each run checks that nothing acknowledged is lost, half-made or duplicated.
set -euo pipefail
cd "$(dirname "$0")/.."
# The bucket (s3s-fs) runs for the whole script; TEST_S3_URL and TEST_S3_PID name it.
[ -n "${TEST_S3_URL:-}" ] && [ -n "${TEST_S3_PID:-}" ] || exec scripts/with-s3.sh "$PWD/scripts/chaos.sh" "$@"

DOSSIERS="${CHAOS_DOSSIERS:-1000}"
CLIENTS="${CHAOS_CLIENTS:-32}"
KILL_AFTER="${CHAOS_KILL_AFTER:-400}"
FAILOVER_DOSSIERS="${CHAOS_FAILOVER_DOSSIERS:-600}"
FAILOVER_CLIENTS="${CHAOS_FAILOVER_CLIENTS:-24}"
OUTAGE_SECS="${CHAOS_OUTAGE_SECS:-30}"
OUTAGE_CLIENTS="${CHAOS_OUTAGE_CLIENTS:-16}"
PORT="${CHAOS_PORT:-3300}"
PG_ADMIN="${CHAOS_PG_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
BIN="${CHAOS_SERVER_BIN:-${CARGO_TARGET_DIR:-target}/release/server}"
BENCH="${CHAOS_BENCH_BIN:-${CARGO_TARGET_DIR:-target}/release/bench}"
[ -x "$BIN" ] || { echo "[chaos] MISSING: $BIN — run 'make build' first." >&2; exit 1; }
# Debian puts it in /usr/sbin, not on every user's PATH.
HAPROXY="$(command -v haproxy || echo /usr/sbin/haproxy)"
[ -x "$HAPROXY" ] || { echo "[chaos] MISSING: haproxy — run 'scripts/setup.sh chaos'." >&2; exit 1; }
if [ -z "${CHAOS_BENCH_BIN:-}" ]; then
  echo "[chaos] building the benchmark binary"
  cargo build --release -p bench --quiet
fi
DATA="$(mktemp -d)"
databases=()
cleanup() {
  rm -rf "$DATA"
  for db in "${databases[@]}"; do
    psql "$PG_ADMIN" -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 || true
  done
}
trap cleanup EXIT
# A fresh PostgreSQL database for one run, in $db_url (not printed: a
# command substitution would keep the list of databases to drop to itself).
database() {
  local name="dvc_chaos_$$_$1"
  databases+=("$name")
  psql "$PG_ADMIN" -qc "CREATE DATABASE $name" >/dev/null || { echo "[chaos] cannot create $name" >&2; exit 1; }
  db_url="${PG_ADMIN%/*}/$name"
}

export DVC_LOG=warn DVC_ADDR="127.0.0.1:$PORT" DVC_CITIZEN_PASSWORD_LOGIN=1 DVC_REGISTER_LIMIT=100000 \
  DVC_SITE_ROOT=target/site DVC_OFFICIAL_2FA=optional

echo "[chaos] crash, SQLite"
crash_sqlite=$(DVC_DATA_DIR="$DATA/sqlite" "$BENCH" crash --server "$BIN" --kill-after "$KILL_AFTER" "$DOSSIERS" "$CLIENTS")
echo "[chaos] crash, PostgreSQL"
database crash
crash_pg=$(DVC_DATA_DIR="$DATA/pg" DATABASE_URL="$db_url" "$BENCH" crash --server "$BIN" --kill-after "$KILL_AFTER" "$DOSSIERS" "$CLIENTS")

# Several instances sign with one key the operator gives, and share the bucket.
openssl genpkey -algorithm ed25519 -out "$DATA/result-signing.pem" 2>/dev/null
export DVC_S3_ENDPOINT="$TEST_S3_URL" AWS_ACCESS_KEY_ID=dvc-test AWS_SECRET_ACCESS_KEY=dvc-test-secret \
  DVC_SIGNING_KEY_FILE="$DATA/result-signing.pem"

echo "[chaos] failover, two instances behind HAProxy"
database failover
failover=$(DVC_DATA_DIR="$DATA/failover" DATABASE_URL="$db_url" DVC_STORAGE_URL=s3://dvc-test/failover \
  DVC_INSTANCES=2 DVC_TRUST_PROXY=1 DVC_NATIONAL_SANDBOX=1 DVC_NATIONAL_SYNC_SECS=1 \
  "$BENCH" failover --server "$BIN" --haproxy "$HAPROXY" --instances "127.0.0.1:$((PORT + 1))" "127.0.0.1:$((PORT + 2))" "$FAILOVER_DOSSIERS" "$FAILOVER_CLIENTS")

echo "[chaos] outages: PostgreSQL, then the bucket, ${OUTAGE_SECS} s each"
database outage
outage=$(DVC_DATA_DIR="$DATA/outage" DATABASE_URL="$db_url" DVC_STORAGE_URL=s3://dvc-test/outage \
  DVC_VNPAY_SANDBOX=1 DVC_VNPAY_RECONCILE_SECS=2 \
  "$BENCH" outage --server "$BIN" --pg-admin "$PG_ADMIN" --bucket-pid "$TEST_S3_PID" --seconds "$OUTAGE_SECS" "$OUTAGE_CLIENTS")

{
  echo "# Chaos: crashes, failover and outages"
  echo
  echo "$(date -u +%F), commit $(git rev-parse --short HEAD), $(nproc) cores, server $BIN. Command: \`make chaos\` (scripts/chaos.sh → \`bench crash\`, \`bench failover\`, \`bench outage\`)."
  echo
  echo "## The server killed mid-submission"
  echo
  echo "$CLIENTS citizens submit $DOSSIERS birth registrations over HTTP, each a draft, a 20 KB PDF upload and"
  echo "the submission. Once $KILL_AFTER are acknowledged the server gets SIGKILL and is started"
  echo "again; every request that failed meanwhile is retried (the submission with the same key)."
  echo
  echo "| database | acknowledged | before the kill | requests retried | restart (s) | dossiers stored | acknowledged but missing | duplicates | without event | without file | files missing or altered | files checked |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|---|"
  echo "$crash_sqlite"
  echo "$crash_pg"
  echo
  echo "## One of two instances killed behind HAProxy"
  echo
  echo "PostgreSQL, an S3 bucket (s3s-fs) and one signing key file shared by two instances behind HAProxy"
  echo "(\`/readyz\` checked every 500 ms; a refused connection goes to the other instance). $FAILOVER_CLIENTS citizens"
  echo "each follow their live stream (\`/events\`) and browse the catalog, submit birth registrations"
  echo "with a file and open the dossier's page, $FAILOVER_DOSSIERS in all; an official receives the new dossiers."
  echo "Halfway, one instance gets SIGKILL and is not started again. Requests cut are retried by the"
  echo "citizens (the same keys); streams cut are opened again with \`Last-Event-ID\`, as browsers do."
  echo "Both instances sync every dossier event to the national portal's sandbox (\`DVC_NATIONAL_SANDBOX=1\`);"
  echo "what the killed one had claimed is sent by the other once the claim expires (2 min)."
  echo
  echo "| requests answered | tries failed | acknowledged | before the kill | lost | duplicated or half-made | sessions lost (401) | received by the official | streams | streams reopened | events expected | last stream reopened after the kill (s) | events missing | events twice | files checked | sync messages expected | sync missing | dossiers out of order | repeats absorbed | sync drained after (s) |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
  echo "$failover"
  echo
  echo "## PostgreSQL, then the bucket, out of reach for ${OUTAGE_SECS} s under load"
  echo
  echo "$OUTAGE_CLIENTS citizens browse and submit with files without pause, each following their live stream."
  echo "The database refuses every connection and its open ones are cut (\`ALLOW_CONNECTIONS false\`"
  echo "and \`pg_terminate_backend\` on the run's database); then the bucket's process is stopped"
  echo "(SIGSTOP: its connections hang). Nothing is restarted."
  echo
  echo "| out of reach | for (s) | requests sent during it | failed | of which the portal's 503 (\"Hệ thống đang tạm gián đoạn…\") | slowest request (s) | /readyz during | ready again after (s) |"
  echo "|---|---|---|---|---|---|---|---|"
  echo "$outage" | grep -v '^AFTER|'
  echo
  echo "| acknowledged | lost | duplicated or half-made | events expected | events missing | events twice | mails waiting at the end | reconciliation passes failed during | succeeded after |"
  echo "|---|---|---|---|---|---|---|---|---|"
  echo "$outage" | grep '^AFTER|' | sed 's/^AFTER//'
} > bench/results/chaos.md
cat bench/results/chaos.md
