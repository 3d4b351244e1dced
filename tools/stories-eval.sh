#!/usr/bin/env bash
# The story clustering on OrangeSum articles of a date range (docs/stories.md).
#   tools/stories-eval.sh [FROM [TO [DATA_DIR [OUT_DB]]]]
# defaults: 2020-06-01 2020-06-14 ../shared/data build/stories-eval.db
# Articles are fed in publication order (then by OrangeSum id), exact copies
# of an earlier text dropped (the ingest's near-duplicate step); prints the
# counts, the size distribution and the 10 largest stories with their titles.
set -euo pipefail
FROM=${1:-2020-06-01}
TO=${2:-2020-06-14}
DATA=${3:-../shared/data}
OUT=${4:-build/stories-eval.db}
BUILD=${BUILD:-build}
cmake --build "$BUILD" --target stories_eval >/dev/null
zcat "$DATA/news-orangesum-fr/orangesum_parsed.jsonl.gz" | python3 -c '
import sys, json
lo, hi = sys.argv[1], sys.argv[2]
rows = []
for line in sys.stdin:
    d = json.loads(line)
    if d.get("date") and lo <= d["date"] <= hi and d.get("article"):
        rows.append((d["date"], d["id"], d))
rows.sort(key=lambda r: (r[0], r[1]))
seen, dropped = set(), 0
for date, i, d in rows:
    # exact copies stand for what near-duplicate detection removes before clustering
    if d["article"] in seen:
        dropped += 1
        continue
    seen.add(d["article"])
    print(json.dumps({"id": str(i), "published": date, "title": d.get("title") or None, "text": d["article"]}, ensure_ascii=False))
print("exact copies dropped:", dropped, file=sys.stderr)
' "$FROM" "$TO" | "$BUILD/tools/stories_eval" --schema src/store/schema.sql --db "$OUT"
echo "size distribution (articles per story: stories):"
sqlite3 "$OUT" "SELECT CASE WHEN articles >= 10 THEN '10+' WHEN articles >= 5 THEN '5-9' ELSE articles END AS size, count(*)
                FROM stories GROUP BY size ORDER BY min(articles)" | tr '\n' ' '; echo
echo "largest stories:"
sqlite3 -separator ' | ' "$OUT" "SELECT id, articles, date(first_day*86400,'unixepoch'), date(last_day*86400,'unixepoch'), label
                                 FROM stories ORDER BY articles DESC, id LIMIT ${TOP:-10}" | while IFS= read -r row; do
  echo "$row"
  sid=${row%% |*}
  sqlite3 "$OUT" "SELECT '    ' || published || '  ' || title FROM articles WHERE story = $sid ORDER BY day, id LIMIT ${TITLES:-8}"
done
