#!/usr/bin/env bash
# tests/web/run.sh — headless-browser tests of the web page against the real
# `depeche serve`. Needs node (>= 18), npm and Debian's chromium; prints
# "skipped" and exits 0 when chromium or node is absent, fails otherwise.
#   tests/web/run.sh                     # uses build/depeche, screenshots in build/web-artifacts
#   DEPECHE_BIN=path/to/depeche DEPECHE_WEB_ARTIFACTS=dir tests/web/run.sh
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
chromium="${CHROMIUM:-/usr/bin/chromium}"

if ! command -v node >/dev/null 2>&1; then
    echo "web tests: node not found: skipped"; exit 0
fi
if [ ! -x "$chromium" ]; then
    echo "web tests: chromium not found at $chromium: skipped"; exit 0
fi
export DEPECHE_BIN="${DEPECHE_BIN:-$root/build/depeche}"
export DEPECHE_WEB_ARTIFACTS="${DEPECHE_WEB_ARTIFACTS:-$root/build/web-artifacts}"
export CHROMIUM="$chromium"
if [ ! -x "$DEPECHE_BIN" ]; then
    echo "web tests: $DEPECHE_BIN not built (run make first)" >&2; exit 1
fi
if ! "$DEPECHE_BIN" serve --help >/dev/null 2>&1; then
    echo "web tests: $DEPECHE_BIN has no serve command" >&2; exit 1
fi
cd "$here"
if [ ! -f node_modules/playwright-core/package.json ]; then
    if ! command -v npm >/dev/null 2>&1; then
        echo "web tests: npm not found (needed once to install playwright-core)" >&2; exit 1
    fi
    npm ci --no-audit --no-fund --loglevel=error
fi
exec node e2e.mjs
