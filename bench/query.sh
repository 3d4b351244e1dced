#!/bin/sh
# query.sh — latency of the archive's queries (issue #5; figures in bench/README.md).
#
# usage: bench/query.sh ARCHIVE.db   (e.g. the archive bench/ingest.sh leaves with KEEP=dir)
# environment: BUILD=dir (default build), REPEAT=n runs per question (default 5), SEED=n
#
# Builds a deterministic set of questions from the archive itself (Python's
# sqlite3, read-only): 100 searches (40 words from titles, 25 pairs of words,
# 15 quoted phrases of titles, 10 prefixes word*, 10 with OR), the 100 entities
# in most articles plus 50 others (entity, timeline), the 100 speakers quoted
# most (quotes --speaker), 50 words of quotes (quotes --about); then runs
# build/bench/bench_query, which times each question through the public API.
set -eu
[ $# -eq 1 ] || { echo "usage: bench/query.sh ARCHIVE.db" >&2; exit 2; }
root=$(cd "$(dirname "$0")/.." && pwd)
bq=${BUILD:-$root/build}/bench/bench_query
[ -x "$bq" ] || { echo "query.sh: $bq missing (make)" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
python3 - "$1" "$tmp/questions.tsv" "${SEED:-7}" <<'PY'
import random, re, sqlite3, sys
db, out, seed = sys.argv[1], sys.argv[2], int(sys.argv[3])
rnd = random.Random(seed)
c = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
titles = [t for (t,) in c.execute("SELECT title FROM articles WHERE title IS NOT NULL AND length(title) > 20 ORDER BY id LIMIT 20000")]
if not titles:  # archives without titles: the first words of texts
    titles = [t[:120] for (t,) in c.execute("SELECT text FROM articles ORDER BY id LIMIT 20000")]
word = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿ]{5,}")
words = sorted({w.lower() for t in titles for w in word.findall(t)})
rnd.shuffle(words)
q = []
q += [("search", w) for w in words[:40]]
q += [("search", f"{a} {b}") for a, b in zip(words[40:65], words[65:90])]
for t in rnd.sample(titles, 15):
    ws = word.findall(t)
    if len(ws) >= 3:
        i = rnd.randrange(len(ws) - 2)
        q.append(("search", '"' + " ".join(ws[i:i + 2]) + '"'))
q += [("search", w[:4] + "*") for w in words[90:100]]
q += [("search", f"{a} OR {b}") for a, b in zip(words[100:110], words[110:120])]
top = [n for (n,) in c.execute("SELECT name FROM entities ORDER BY articles DESC, id LIMIT 100")]
others = [n for (n,) in c.execute("SELECT name FROM entities WHERE articles > 1 ORDER BY id")]
rnd.shuffle(others)
for n in top + others[:50]:
    q.append(("entity", n))
    q.append(("timeline", n))
speakers = [n for (n,) in c.execute("SELECT e.name FROM quotes q JOIN entities e ON e.id = q.speaker "
                                    "GROUP BY q.speaker ORDER BY count(*) DESC LIMIT 100")]
q += [("quotes", n) for n in speakers]
q += [("about", w) for w in words[120:170]]
with open(out, "w", encoding="utf-8") as f:
    for k, a in q:
        f.write(f"{k}\t{a}\n")
print(f"query.sh: {sum(1 for k, _ in q if k == 'search')} searches, {len(top) + min(50, len(others))} entities, "
      f"{len(speakers)} speakers, 50 quote words", file=sys.stderr)
PY
"$bq" --db "$1" --repeat "${REPEAT:-5}" "$tmp/questions.tsv"
