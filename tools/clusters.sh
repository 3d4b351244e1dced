#!/bin/sh
# clusters.sh — Brown word clusters of the OrangeSum news articles for the
# tagger's features (issue #3, item 1); see tools/README.md.
#
# usage: tools/clusters.sh [DATA_DIR [OUT]]
#   DATA_DIR  holds news-orangesum-fr/orangesum_parsed.jsonl.gz (default ../shared/data)
#   OUT       the paths file to write (default build/clusters/paths-fr.txt)
# Environment:
#   WORDCLUST  the program (default $BUILD/tools/wordclust, BUILD=build)
#   CLUSTERS   number of clusters (default 256), VOCAB words clustered (default 50000)
#   WORDCLUST_OPTS  more options, e.g. --lower
# The articles' "article" field is renamed "text" (what depeche reads) on the
# way; empty articles are dropped. Nothing is written but OUT.
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
data=${1:-$root/../shared/data}
out=${2:-$root/build/clusters/paths-fr.txt}
bin=${WORDCLUST:-${BUILD:-$root/build}/tools/wordclust}
src=$data/news-orangesum-fr/orangesum_parsed.jsonl.gz

if [ ! -x "$bin" ]; then
    echo "clusters.sh: $bin is not an executable (build first: cmake --build build --target wordclust)" >&2
    exit 2
fi
if [ ! -f "$src" ]; then
    echo "clusters.sh: no $src" >&2
    exit 2
fi
mkdir -p "$(dirname "$out")"

# WORDCLUST_OPTS is split into words on purpose (it may hold several options).
# shellcheck disable=SC2086
gzip -dc "$src" | python3 -c '
import json, sys
for line in sys.stdin:
    art = json.loads(line).get("article") or ""
    if art.strip():
        sys.stdout.write(json.dumps({"text": art}, ensure_ascii=False) + "\n")
' | "$bin" -C "${CLUSTERS:-256}" -V "${VOCAB:-50000}" ${WORDCLUST_OPTS:-} -o "$out" -
