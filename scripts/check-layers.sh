#!/usr/bin/env bash
# The one rule of dependency between the layers (ARCHITECTURE.md), checked:
#   domain   pure rules and types: no Leptos, no database, no web framework;
#            it names only itself and the plain i18n catalogue
#   server   services and storage: never the pages (features) or components (ui)
#   ui       generic components: never a feature, the page frame or the server
# and no import cycle between the modules of the server or of the domain
# (scripts/module-cycles.py).
# Prints each offending line and fails; silent when the layers hold.
set -euo pipefail
cd "$(dirname "$0")/../app/src"

failed=0
offend() { printf '\033[31m[layers]\033[0m %s\n' "$1" >&2; shift; printf '  %s\n' "$@" >&2; failed=1; }
# Lines of code (comments dropped) in the files given, matching a pattern.
code_matching() { local pattern="$1"; shift; grep -nHE "$pattern" "$@" | grep -vE '^[^:]+:[0-9]+:\s*//' || true; }

pure=$(find domain -name '*.rs'; echo i18n/mod.rs)
hits=$(code_matching '\b(leptos\w*|sea_orm|sea_query|sqlx|axum|hyper|tower\w*|reqwest|server_fn|web_sys|js_sys|wasm_bindgen|tokio)\b' $pure)
[ -z "$hits" ] || offend "the domain and the i18n catalogue must not use a framework or the database:" "$hits"

hits=$(code_matching 'crate::(server|features|ui|shell|hydration|error|App)\b|crate::i18n::(use_t|use_locale|provide_locale|context)\b|crate::\{' $(find domain -name '*.rs'))
[ -z "$hits" ] || offend "the domain may name only itself and the i18n catalogue:" "$hits"

hits=$(code_matching 'crate::(features|ui|shell)\b|crate::\{' $(find server -name '*.rs'))
[ -z "$hits" ] || offend "server code must not reach into pages or components:" "$hits"

hits=$(code_matching 'crate::(features|shell|server)\b' $(find ui -name '*.rs'))
[ -z "$hits" ] || offend "generic components must not import a feature, the page frame or the server:" "$hits"

python3 ../../scripts/module-cycles.py server domain || failed=1

exit $failed
