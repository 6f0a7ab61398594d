#!/usr/bin/env bash
# `make chaos`: the server is killed (SIGKILL) while 1,000 dossiers with files
# are being submitted over HTTP by 32 citizens, then started again; the
# citizens retry with the same submission keys. `bench crash` then checks, on
# SQLite and on PostgreSQL (CHAOS_PG_URL, default the local server), that every
# acknowledged dossier is present and complete, none is half-made and none is
# duplicated. The figures go to bench/results/chaos.md.
set -euo pipefail
cd "$(dirname "$0")/.."

DOSSIERS="${CHAOS_DOSSIERS:-1000}"
CLIENTS="${CHAOS_CLIENTS:-32}"
KILL_AFTER="${CHAOS_KILL_AFTER:-400}"
PORT="${CHAOS_PORT:-3300}"
PG_ADMIN="${CHAOS_PG_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
BIN="${CHAOS_SERVER_BIN:-${CARGO_TARGET_DIR:-target}/release/server}"
BENCH="${CHAOS_BENCH_BIN:-${CARGO_TARGET_DIR:-target}/release/bench}"
[ -x "$BIN" ] || { echo "[chaos] MISSING: $BIN — run 'make build' first." >&2; exit 1; }
if [ -z "${CHAOS_BENCH_BIN:-}" ]; then
  echo "[chaos] building the benchmark binary"
  cargo build --release -p bench --quiet
fi
DATA="$(mktemp -d)"
pg_db="dvc_chaos_$$"
trap 'rm -rf "$DATA"; psql "$PG_ADMIN" -qc "DROP DATABASE IF EXISTS $pg_db WITH (FORCE)" >/dev/null 2>&1 || true' EXIT

export DVC_LOG=warn DVC_ADDR="127.0.0.1:$PORT" DVC_CITIZEN_PASSWORD_LOGIN=1 DVC_REGISTER_LIMIT=100000 \
  DVC_SITE_ROOT=target/site
run() {
  "$BENCH" crash --server "$BIN" --kill-after "$KILL_AFTER" "$DOSSIERS" "$CLIENTS"
}
echo "[chaos] SQLite"
sqlite=$(DVC_DATA_DIR="$DATA/sqlite" run)
echo "[chaos] PostgreSQL"
psql "$PG_ADMIN" -qc "CREATE DATABASE $pg_db" >/dev/null
pg=$(DVC_DATA_DIR="$DATA/pg" DATABASE_URL="${PG_ADMIN%/*}/$pg_db" run)

{
  echo "# Crash: the server killed mid-submission"
  echo
  echo "$(date -u +%F), commit $(git rev-parse --short HEAD), $(nproc) cores, server $BIN. Command: \`make chaos\` (scripts/chaos.sh → \`bench crash\`)."
  echo
  echo "$CLIENTS citizens submit $DOSSIERS birth registrations over HTTP, each a draft, a 20 KB PDF upload and"
  echo "the submission. Once $KILL_AFTER are acknowledged the server gets SIGKILL and is started"
  echo "again; every request that failed meanwhile is retried (the submission with the same key)."
  echo
  echo "| database | acknowledged | before the kill | requests retried | restart (s) | dossiers stored | acknowledged but missing | duplicates | without event | without file | files missing or altered | files checked |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|---|"
  echo "$sqlite"
  echo "$pg"
} > bench/results/chaos.md
cat bench/results/chaos.md
