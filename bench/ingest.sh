#!/bin/sh
# ingest.sh — the archive's ingest benchmark (issue #5; figures in bench/README.md).
#
# usage: bench/ingest.sh ORANGESUM_JSONL_GZ
#   (../shared/data/news-orangesum-fr/orangesum_parsed.jsonl.gz)
# environment:
#   BUILD=dir     build directory holding depeche (default build)
#   THREADS=n     depeche ingest --threads (default 2)
#   ANALYZE=0     skip the one-thread `depeche analyze --ndjson` reference
#   KEEP=dir      keep the NDJSON and the archive in dir (default: a temporary directory)
#
# In one run: converts the articles to NDJSON {"id", "published", "text"}
# (article -> text, date -> published, as bench/run.sh), then times
#   1. the baseline: a plain SQLite FTS5 table (tokenize 'unicode61
#      remove_diacritics 2', the archive's), every text inserted in one
#      transaction by Python's sqlite3 (the whole process, JSON reading included);
#   2. depeche ingest --db --threads THREADS (whole process: reading,
#      analysis, entities, dedup, stories, FTS, commits);
#   3. optionally depeche analyze --ndjson > /dev/null (one thread, no store);
# and prints articles/s, the sizes of both databases and the ratio ingest / baseline.
set -eu
if [ $# -ne 1 ] || [ "$1" = -h ] || [ "$1" = --help ]; then
    echo "usage: bench/ingest.sh ORANGESUM_JSONL_GZ   (env: BUILD=build THREADS=2 ANALYZE=1 KEEP=)" >&2
    exit 2
fi
src=$1
root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD:-$root/build}
depeche=$build/depeche
[ -r "$src" ] || { echo "ingest.sh: cannot read $src" >&2; exit 1; }
[ -x "$depeche" ] || { echo "ingest.sh: $depeche missing (build first)" >&2; exit 1; }
if [ -n "${KEEP:-}" ]; then
    tmp=$KEEP
    mkdir -p "$tmp"
else
    tmp=$(mktemp -d)
    trap 'rm -rf "$tmp"' EXIT INT TERM
fi

python3 - "$src" "$tmp" "$depeche" "${THREADS:-2}" "${ANALYZE:-1}" <<'PY'
import gzip, json, os, platform, subprocess, sys, time

src, tmp, depeche, threads, analyze = sys.argv[1:6]
nd = os.path.join(tmp, "articles.ndjson")
n = 0
with gzip.open(src, "rt", encoding="utf-8") as f, open(nd, "w", encoding="utf-8") as out:
    for line in f:
        if not line.strip():
            continue
        a = json.loads(line)
        out.write(json.dumps({"id": a.get("id"), "published": a.get("date"), "text": a.get("article") or ""},
                             ensure_ascii=False) + "\n")
        n += 1
text_mb = 0


def size(path):
    return sum(os.path.getsize(path + s) for s in ("", "-wal", "-shm") if os.path.exists(path + s))


# 1. baseline: plain FTS5, one transaction (a separate process, timed whole)
base_db = os.path.join(tmp, "fts.db")
for s in ("", "-wal", "-shm"):
    if os.path.exists(base_db + s):
        os.remove(base_db + s)
baseline = r'''
import json, sqlite3, sys
c = sqlite3.connect(sys.argv[2])
c.execute("CREATE VIRTUAL TABLE t USING fts5(text, tokenize = 'unicode61 remove_diacritics 2')")
with open(sys.argv[1], encoding="utf-8") as f, c:
    c.executemany("INSERT INTO t(text) VALUES (?)", ((json.loads(l)["text"],) for l in f if l.strip()))
c.close()
'''
subprocess.run(["cat", nd], stdout=subprocess.DEVNULL, check=True)  # page cache warm
t0 = time.perf_counter()
subprocess.run([sys.executable, "-c", baseline, nd, base_db], check=True)
t_base = time.perf_counter() - t0
base_size = size(base_db)

# 2. depeche ingest
db = os.path.join(tmp, "archive.db")
for s in ("", "-wal", "-shm"):
    if os.path.exists(db + s):
        os.remove(db + s)
t0 = time.perf_counter()
r = subprocess.run([depeche, "ingest", "--stats", "--db", db, "--threads", threads, nd], stderr=subprocess.PIPE,
                   text=True)
t_ingest = time.perf_counter() - t0
if r.returncode:
    sys.exit("ingest.sh: depeche ingest failed: " + r.stderr)
summary, cpu_line = r.stderr.strip().splitlines()[-2:]
writer_cpu = float(cpu_line.split("writer ")[1].split(" s")[0])
db_size = size(db)
chk = subprocess.run([depeche, "check", "--db", db], capture_output=True, text=True)
counts = dict(l.split(" ", 1) for l in chk.stdout.splitlines() if " " in l)

# 3. analysis alone, one thread
t_an = None
if analyze != "0":
    t0 = time.perf_counter()
    subprocess.run([depeche, "analyze", "--ndjson", nd], stdout=subprocess.DEVNULL, check=True)
    t_an = time.perf_counter() - t0

cpu = "unknown"
try:
    cpu = next(l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name"))
except (OSError, StopIteration):
    pass
print(f"machine       {cpu}, nproc {os.cpu_count()}, {platform.system()} {platform.release()}")
print(f"input         {n} articles, NDJSON {os.path.getsize(nd) / 1e6:.1f} MB")
print(f"baseline      plain FTS5 insert, one transaction (python sqlite3, whole process): {t_base:.2f} s, "
      f"{n / t_base:.0f} articles/s, db {base_size / 1e6:.1f} MB")
print(f"ingest        depeche ingest --threads {threads}: {t_ingest:.2f} s, {n / t_ingest:.0f} articles/s, "
      f"archive {db_size / 1e6:.1f} MB")
print(f"              {summary}")
print(f"              {cpu_line}")
print(f"              check: {chk.stdout.strip().splitlines()[-1] if chk.stdout else chk.stderr.strip()}; "
      + ", ".join(f"{k} {counts.get(k, '?')}" for k in ("articles", "entities", "mentions", "quotes", "dates",
                                                         "quantities", "stories")))
print(f"ratio         ingest / baseline: {t_ingest / t_base:.2f} (wall); "
      f"the store's own part (writer thread CPU) / baseline: {writer_cpu / t_base:.2f}")
if t_an is not None:
    print(f"reference     depeche analyze --ndjson > /dev/null, one thread: {t_an:.2f} s "
          f"({t_an / t_base:.2f} x baseline)")
PY
