#!/usr/bin/env bash
# Runs a command beside an S3-compatible server (s3s-fs, installed by
# `scripts/setup.sh test`) holding an empty bucket `dvc-test` (keys dvc-test /
# dvc-test-secret), with TEST_S3_URL (and TEST_S3_PID, its process) set; stops
# the server afterwards.
set -euo pipefail
TOOLS_DIR="${DVC_TOOLS_DIR:-$HOME/.cache/dvc/tools}"
S3S="$TOOLS_DIR/cargo/bin/s3s-fs"
[ -x "$S3S" ] || { echo "[s3] MISSING: s3s-fs — run 'scripts/setup.sh test'." >&2; exit 1; }
dir="$(mktemp -d)"
mkdir -p "$dir/dvc-test"
# A free port, chosen by the system.
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
"$S3S" --host 127.0.0.1 --port "$port" --access-key dvc-test --secret-key dvc-test-secret "$dir" >"$dir.log" 2>&1 &
pid=$!
# CONT first: a run that stopped the server (an outage) may have ended before continuing it.
trap 'kill -CONT $pid 2>/dev/null; kill $pid 2>/dev/null || true; rm -rf "$dir" "$dir.log"' EXIT
for _ in $(seq 1 50); do
  (echo > "/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
  kill -0 $pid 2>/dev/null || { echo "[s3] s3s-fs did not start:" >&2; cat "$dir.log" >&2; exit 1; }
  sleep 0.1
done
TEST_S3_URL="http://127.0.0.1:$port" TEST_S3_PID=$pid "$@"
