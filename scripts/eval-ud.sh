#!/bin/sh
# eval-ud.sh — scores depeche's tokens, sentences, UPOS and lemmas on the UD
# French test sets from raw text (`depeche eval ud --json`), prints a table and
# rewrites bench/accuracy.csv, the versioned quality record (STYLE §8): review
# its diff with each change to the text layer or the tagger.
#
# usage: scripts/eval-ud.sh [DATA_DIR [BIN]]
#   DATA_DIR  holds ud-fr-gsd/, ud-fr-sequoia/, ud-fr-pud/ (default ../shared/data)
#   BIN       the depeche command (default $BUILD/depeche, BUILD=build)
# Run from anywhere; relative paths are taken from the current directory.
# `make eval` runs it with the Makefile's DATA.
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
data=${1:-$root/../shared/data}
bin=${2:-${BUILD:-$root/build}/depeche}
csv=$root/bench/accuracy.csv

if [ ! -x "$bin" ]; then
    echo "eval-ud.sh: $bin is not an executable (build first: make)" >&2
    exit 2
fi
if [ ! -d "$data" ]; then
    echo "eval-ud.sh: no data directory $data" >&2
    exit 2
fi

commit=$(git -C "$root" rev-parse --short=12 HEAD 2>/dev/null || echo unknown)
if [ "$commit" != unknown ] && ! git -C "$root" diff --quiet HEAD -- src include cli 2>/dev/null; then
    commit="$commit+dirty"
fi

tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT INT TERM
echo "dataset,tokens_f1,sentences_f1,upos,lemma,commit" >"$tmp"

# The value of a numeric (or null) member of a one-line JSON object.
member() {
    printf '%s\n' "$1" | sed -n "s/.*\"$2\":\([^,}]*\).*/\1/p"
}

printf '%-16s %9s %12s %8s %8s %8s %10s\n' dataset tokens_f1 sentences_f1 upos lemma tokens sentences
status=0
for set in gsd/fr_gsd sequoia/fr_sequoia pud/fr_pud; do
    name=${set#*/}
    file=$data/ud-fr-${set%%/*}/$name-ud-test.conllu
    if ! out=$("$bin" eval ud --json "$file"); then
        echo "eval-ud.sh: depeche eval ud failed on $file" >&2
        status=1
        continue
    fi
    tf=$(member "$out" tokens_f1)
    sf=$(member "$out" sentences_f1)
    up=$(member "$out" upos_acc)
    le=$(member "$out" lemma_acc)
    [ "$up" = null ] && up=n/a
    [ "$le" = null ] && le=n/a
    printf '%-16s %9s %12s %8s %8s %8s %10s\n' "$name-test" "$tf" "$sf" "$up" "$le" \
        "$(member "$out" gold_tokens)" "$(member "$out" gold_sentences)"
    echo "$name-test,$tf,$sf,$up,$le,$commit" >>"$tmp"
done

if [ "$status" -eq 0 ]; then
    cp "$tmp" "$csv"
    echo "wrote $csv (commit $commit)"
else
    echo "eval-ud.sh: $csv left unchanged" >&2
fi
exit "$status"
