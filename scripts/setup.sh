#!/usr/bin/env bash
# Installs the Debian packages depeche needs to build, test and benchmark.
# Idempotent: packages already present are not reinstalled, and apt is not
# touched at all when everything is there. Run as root or with sudo.
set -euo pipefail

PACKAGES=(
  build-essential cmake pkg-config   # toolchain
  libutf8proc-dev                    # Unicode properties and NFC
  libsqlite3-dev sqlite3             # the archive (FTS5), and the shell for inspecting it
  clang libclang-rt-14-dev           # second compiler, libFuzzer and sanitizer runtimes
  python3                            # test runners and the shared scorers
  libmicrohttpd-dev                  # the HTTP server (depeche serve)
  wrk                                # HTTP load generator (bench/serve.sh)
  chromium                           # headless browser of the web page's tests (tests/web)
)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# node (>= 18) and npm drive the browser tests (playwright-core from npm); a
# machine with another node install (it brings its own npm) keeps it.
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all packages present"
  exit 0
fi
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "setup: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
