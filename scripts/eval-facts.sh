#!/bin/sh
# eval-facts.sh — the facts layer against the gold articles (`make facts-eval`).
#
# usage: scripts/eval-facts.sh [EVAL_DIR]   (default ../shared/eval)
#   BUILD=dir  build directory holding depeche (default build)
#
# Runs `depeche analyze` on every gold file of EVAL_DIR/dev and on the seed
# (each gold file is an article: text + published), then the scorer,
# python3 EVAL_DIR/score.py GOLD_DIR PRED_DIR, for the dev set and the seed.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
eval_dir=${1:-$root/../shared/eval}
depeche=${BUILD:-$root/build}/depeche
[ -x "$depeche" ] || { echo "eval-facts: build first (make)" >&2; exit 2; }
[ -r "$eval_dir/score.py" ] || { echo "eval-facts: no scorer in $eval_dir" >&2; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
mkdir -p "$tmp/dev" "$tmp/seed-gold" "$tmp/seed"
for f in "$eval_dir"/dev/*.json; do
    "$depeche" analyze "$f" > "$tmp/dev/$(basename "$f")"
done
cp "$eval_dir/seed/seed.json" "$tmp/seed-gold/"
"$depeche" analyze "$eval_dir/seed/seed.json" > "$tmp/seed/seed.json"
echo "== dev ($(ls "$eval_dir"/dev/*.json | wc -l) articles)"
python3 "$eval_dir/score.py" "$eval_dir/dev" "$tmp/dev"
echo "== seed"
python3 "$eval_dir/score.py" "$tmp/seed-gold" "$tmp/seed"
