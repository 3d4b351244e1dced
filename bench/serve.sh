#!/bin/sh
# serve.sh — load test of `depeche serve` (issue #6; figures in bench/README.md
# and docs/serve.md).
#
# usage: bench/serve.sh ORANGESUM_JSONL_GZ
#   (../shared/data/news-orangesum-fr/orangesum_parsed.jsonl.gz)
# environment:
#   BUILD=dir      build directory holding depeche (default build)
#   N=2000         articles of OrangeSum ingested into the archive
#   DURATION=30s   each wrk run
#   CONNS=16       wrk connections;  WRK_THREADS=2  wrk threads
#   SERVER_THREADS=n  depeche serve --threads (default: the online cores)
#   KEEP=dir       keep the NDJSON, the archive and the logs in dir
#
# In one run: converts the first N articles to NDJSON (as bench/ingest.sh) and
# ingests them; starts `depeche serve --quiet --listen 127.0.0.1:0`; samples
# the server's RSS every second; runs
#   1. wrk --latency -s bench/serve_analyze.lua  POST /api/analyze (the seed, a JSON article)
#   2. wrk --latency -s bench/serve_search.lua   GET /api/search?q=... (10 queries in turn)
# then `curl --path-as-is http://127.0.0.1:PORT/../../etc/passwd` (must be
# refused) and prints RSS before, max during and after each run.
set -eu
if [ $# -ne 1 ] || [ "$1" = -h ] || [ "$1" = --help ]; then
    echo "usage: bench/serve.sh ORANGESUM_JSONL_GZ   (env: BUILD=build N=2000 DURATION=30s CONNS=16 KEEP=)" >&2
    exit 2
fi
src=$1
root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD:-$root/build}
depeche=$build/depeche
n=${N:-2000}
dur=${DURATION:-30s}
conns=${CONNS:-16}
wthreads=${WRK_THREADS:-2}
command -v wrk >/dev/null || { echo "serve.sh: wrk missing (scripts/setup.sh)" >&2; exit 1; }
[ -r "$src" ] || { echo "serve.sh: cannot read $src" >&2; exit 1; }
[ -x "$depeche" ] || { echo "serve.sh: $depeche missing (build first)" >&2; exit 1; }
if [ -n "${KEEP:-}" ]; then
    tmp=$KEEP
    mkdir -p "$tmp"
else
    tmp=$(mktemp -d)
fi
pid=
sampler=
cleanup() {
    [ -n "$sampler" ] && kill "$sampler" 2>/dev/null || true
    [ -n "$pid" ] && kill -TERM "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true
    [ -n "${KEEP:-}" ] || rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

python3 - "$src" "$tmp/articles.ndjson" "$n" <<'PY'
import gzip, json, sys
src, out, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
k = 0
with gzip.open(src, "rt", encoding="utf-8") as f, open(out, "w", encoding="utf-8") as o:
    for line in f:
        if k >= n:
            break
        if not line.strip():
            continue
        a = json.loads(line)
        o.write(json.dumps({"id": a.get("id"), "published": a.get("date"), "text": a.get("article") or ""},
                           ensure_ascii=False) + "\n")
        k += 1
PY
rm -f "$tmp/bench.db" "$tmp/bench.db-wal" "$tmp/bench.db-shm"
"$depeche" ingest --db "$tmp/bench.db" "$tmp/articles.ndjson" 2>&1 | tail -1

"$depeche" serve --db "$tmp/bench.db" --listen 127.0.0.1:0 --quiet ${SERVER_THREADS:+--threads "$SERVER_THREADS"} 2>"$tmp/serve.log" &
pid=$!
port=
for _ in $(seq 100); do
    port=$(sed -n 's|^listening on http://127.0.0.1:\([0-9]*\)$|\1|p' "$tmp/serve.log")
    [ -n "$port" ] && break
    sleep 0.1
done
[ -n "$port" ] || { echo "serve.sh: server did not start" >&2; cat "$tmp/serve.log" >&2; exit 1; }
base=http://127.0.0.1:$port
rss() { awk '/^VmRSS/ {print $2}' "/proc/$pid/status"; }
( while kill -0 "$pid" 2>/dev/null; do echo "$(date +%s) $(rss)"; sleep 1; done ) >"$tmp/rss.log" 2>/dev/null &
sampler=$!

echo "server: pid $pid, port $port, $(nproc) cores; wrk -t$wthreads -c$conns -d$dur --latency"
# one warm-up request each, so that "before" has every worker's store and doc
curl -s -o /dev/null -X POST -H 'Content-Type: application/json' --data-binary @"$root/examples/seed.json" "$base/api/analyze"
curl -s -o /dev/null "$base/api/search?q=paris"
for run in analyze search; do
    before=$(rss)
    start=$(date +%s)
    echo
    echo "== $run (RSS before: $before kB)"
    if [ $run = analyze ]; then
        SEED="$root/examples/seed.json" wrk -t"$wthreads" -c"$conns" -d"$dur" --latency \
            -s "$root/bench/serve_analyze.lua" "$base/api/analyze"
    else
        wrk -t"$wthreads" -c"$conns" -d"$dur" --latency -s "$root/bench/serve_search.lua" "$base"
    fi
    after=$(rss)
    max=$(awk -v s="$start" '$1 >= s && $2 > m {m = $2} END {print m + 0}' "$tmp/rss.log")
    echo "RSS: before $before kB, max during $max kB, after $after kB"
done

echo
echo "== path traversal"
code=$(curl -s -o "$tmp/trav.out" -w '%{http_code}' --path-as-is "$base/../../etc/passwd")
echo "curl --path-as-is $base/../../etc/passwd -> $code $(cat "$tmp/trav.out")"
case $code in 400|404) ;; *) echo "serve.sh: traversal NOT refused" >&2; exit 1 ;; esac
