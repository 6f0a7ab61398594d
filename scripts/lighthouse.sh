#!/usr/bin/env bash
# Lighthouse (mobile, simulated throttling: its defaults) on the home, catalog,
# procedure, apply, dossier and dashboard pages of a release build, in
# Debian's Chromium; scores written to bench/results/lighthouse.md with every
# audit that kept a category below 1. Part of `make bench`; alone:
#   make build && scripts/lighthouse.sh
# The signed-in pages use the demo citizen and receiver (a fresh SQLite
# database, DVC_DEMO=1); the dossier is one the script submits.
set -euo pipefail
cd "$(dirname "$0")/.."

# 12.x: the last line that runs on Debian's Node.js 20 (13 wants Node 22).
LIGHTHOUSE_VERSION=12.8.2
# Its own npm prefix: an install with --no-save prunes what else a prefix holds (wasm-opt).
LH_DIR="${DVC_TOOLS_DIR:-$HOME/.cache/dvc/tools}/lighthouse"
BIN="${CARGO_TARGET_DIR:-$HOME/.cache/dvc/target}/release/server"
PORT="${LIGHTHOUSE_PORT:-3300}"
BASE="http://127.0.0.1:$PORT"
OUT=bench/results/lighthouse.md
CHROME="${CHROME_PATH:-/usr/bin/chromium}"

say() { echo "[lighthouse] $*"; }
fail() { echo "[lighthouse] MISSING: $*" >&2; exit 1; }
[ -x "$BIN" ] || fail "the release server ($BIN): run 'make build' first."
[ -x "$CHROME" ] || fail "Chromium ($CHROME): install it with 'apt-get install -y chromium'."
if [ "$("$LH_DIR/node_modules/.bin/lighthouse" --version 2>/dev/null)" != "$LIGHTHOUSE_VERSION" ]; then
  say "installing lighthouse $LIGHTHOUSE_VERSION into $LH_DIR"
  npm install --prefix "$LH_DIR" --no-save --no-audit --no-fund "lighthouse@$LIGHTHOUSE_VERSION" >/dev/null \
    || fail "cannot install lighthouse from npm: run 'npm install --prefix $LH_DIR lighthouse@$LIGHTHOUSE_VERSION'."
fi

DATA="$(mktemp -d)"
trap 'kill $SERVER_PID 2>/dev/null || true; rm -rf "$DATA"' EXIT
DVC_DATA_DIR="$DATA" DVC_ADDR="127.0.0.1:$PORT" DVC_DEMO=1 DVC_LOG=warn DVC_SEED_DIR=seed DVC_SITE_ROOT=target/site "$BIN" & SERVER_PID=$!
for _ in $(seq 1 300); do curl -fs "$BASE/readyz" >/dev/null && break; sleep 0.2; done
kill -0 "$SERVER_PID" 2>/dev/null && curl -fs "$BASE/readyz" >/dev/null \
  || fail "the server did not start on $BASE (is the port taken? LIGHTHOUSE_PORT chooses another)."

# A signed-in session's cookie header for `identifier`.
session() {
  local jar="$DATA/$1.jar"
  curl -fs -c "$jar" -H 'Accept: application/json' --data-urlencode "identifier=$1" \
    --data-urlencode 'password=demo-dvc-2025' "$BASE/api/sign_in" >/dev/null || return 1
  awk '$6 ~ /dvc_session$/ {print $6 "=" $7}' "$jar"
}
citizen=$(session congdan@demo.dvc.vn) && [ -n "$citizen" ] || fail "signing in the demo citizen."
receiver=$(session tiepnhan.benthanh@demo.dvc.vn) && [ -n "$receiver" ] || fail "signing in the demo receiver."

# A dossier of the demo citizen: a certificate of marital status, as the apply page submits it.
json() { curl -fsS -H "Cookie: $citizen" -H 'Accept: application/json' -H 'Content-Type: application/json' --data "$2" "$BASE/api/$1"; }
# One field of a JSON answer.
field() { node -e 'let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => console.log(JSON.parse(s)[process.argv[1]] ?? ""))' "$1"; }
draft=$(json save_draft '{"form":{"procedure_code":"1.004873","data":{"applicant":{"full_name":"Trần Văn Dân","birth_date":"1990-05-17","citizen_id":"079090001234","phone":"0912345678","address":{"province_code":79,"ward_code":26743,"street":"12 Lê Lợi"}},"status":{"marital":"chua_ket_hon","purpose":"ket_hon","partner_name":"Trần Thị Bình"}}}}') \
  || fail "saving the demo draft."
draft_id=$(field id <<<"$draft") && submit_key=$(field submit_key <<<"$draft") || fail "reading the saved draft: $draft"
answer=$(json submit_application "{\"submission\":{\"draft_id\":\"$draft_id\",\"submit_key\":\"$submit_key\",\"delivery\":{\"method\":\"online\"}}}") \
  || fail "submitting the demo dossier."
code=$(field code <<<"$answer")
[ -n "$code" ] || fail "submitting the demo dossier."

pages=(
  "home|/|"
  "catalog|/procedures|"
  "procedure|/procedures/1.001193|"
  "apply|/procedures/1.001193/apply|$citizen"
  "dossier|/dossiers/$code|$citizen"
  "dashboard|/dashboard|$receiver"
)
{
  echo "# Lighthouse: mobile, simulated throttling"
  echo
  echo "Lighthouse $LIGHTHOUSE_VERSION in $("$CHROME" --version 2>/dev/null), $(date -u +%F), commit $(git rev-parse --short HEAD 2>/dev/null || echo '?')."
  echo "Command: \`make build && scripts/lighthouse.sh\` (part of \`make bench\`)."
  echo
  echo "| page | URL | performance | accessibility | best practices |"
  echo "|---|---|---|---|---|"
} > "$OUT.tmp"
notes=""
for entry in "${pages[@]}"; do
  IFS='|' read -r name path cookie <<<"$entry"
  say "$name ($path)"
  headers="{}"
  [ -n "$cookie" ] && headers="{\"Cookie\":\"$cookie\"}"
  CHROME_PATH="$CHROME" "$LH_DIR/node_modules/.bin/lighthouse" "$BASE$path" --quiet \
    --only-categories=performance,accessibility,best-practices --extra-headers="$headers" \
    --chrome-flags="--headless=new --no-sandbox --disable-gpu" --output=json --output-path="$DATA/$name.json" \
    || fail "lighthouse could not audit $path."
  row=$(node -e '
    const r = require(process.argv[1]);
    const c = r.categories;
    const s = (k) => c[k].score === null ? "n/a" : c[k].score.toFixed(2);
    const low = [];
    for (const k of ["accessibility", "best-practices"]) {
      for (const ref of c[k].auditRefs) {
        const a = r.audits[ref.id];
        if (ref.weight > 0 && a.score !== null && a.score < 1) low.push(`${k}: ${a.id} (${a.title})`);
      }
    }
    // A signed-in page that sent Lighthouse to the sign-in page was not audited.
    const final = new URL(r.finalDisplayedUrl).pathname;
    if (final !== new URL(r.requestedUrl).pathname) { console.error(`redirected to ${final}`); process.exit(1); }
    console.log([s("performance"), s("accessibility"), s("best-practices")].join(" | ") + "\t" + low.join("; "));
  ' "$DATA/$name.json") || fail "lighthouse did not audit $path itself."
  echo "| $name | \`$path\` | ${row%%$'\t'*} |" >> "$OUT.tmp"
  below="${row#*$'\t'}"
  [ -n "$below" ] && notes+="- $name: $below"$'\n'
done
{
  echo
  if [ -n "$notes" ]; then echo "Audits below 1 in accessibility or best practices:"; echo; printf '%s' "$notes"
  else echo "Every audit of accessibility and best practices passes on every page."; fi
} >> "$OUT.tmp"
mv "$OUT.tmp" "$OUT"
cat "$OUT"
