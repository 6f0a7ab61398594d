#!/usr/bin/env bash
# The target folder is shared by every checkout (CARGO_TARGET_DIR, see the
# Makefile), and cargo decides whether a workspace crate is fresh by comparing
# its sources' times with its last build, whichever checkout made it: a
# checkout whose files are older than another checkout's last build would run
# that build's code (a migration missing, say). So when the folder was last
# used from another checkout, this one's sources are marked as changed.
set -euo pipefail
cd "$(dirname "$0")/.."
target="${CARGO_TARGET_DIR:?CARGO_TARGET_DIR is set by the Makefile}"
mkdir -p "$target"
stamp="$target/.last-checkout"
here="$(pwd -P)"
if [[ "$(cat "$stamp" 2>/dev/null)" != "$here" ]]; then
  find app server migrations frontend bench -name '*.rs' -exec touch {} +
  find app server migrations frontend bench -name 'Cargo.toml' -exec touch {} +
  echo "$here" > "$stamp"
fi
