#!/bin/sh
# run.sh — the text-layer benchmark on the OrangeSum articles (see bench/README.md).
#
# usage: bench/run.sh ORANGESUM_JSONL_GZ
#   (../shared/data/news-orangesum-fr/orangesum_parsed.jsonl.gz; `make bench` passes it)
# environment:
#   BUILD=dir   build directory holding depeche and bench/bench_text (default build)
#   REPEAT=n    passes for bench_text and runs of wc -w (default 5; medians are reported)
#   E2E=0       skip the end-to-end `depeche analyze --ndjson` figure
#   FULL=n      articles for the full-analysis figure (default 2000; 0 skips it)
#
# In one run: converts the articles to NDJSON {"id","published","text"} and to
# a plain text file of the same texts (one per line), times `wc -w` on the plain
# file (LC_ALL=C and the default locale), runs bench_text (tokenize + split in
# memory, one core), optionally times `depeche analyze --ndjson` end to end,
# times the full analysis (models + facts) of the first FULL articles against
# the text layer alone on the same articles (--no-models), with words/s and
# peak memory, and prints a summary. Needs python3 (conversion and timing).
set -eu

if [ $# -ne 1 ] || [ "$1" = -h ] || [ "$1" = --help ]; then
    echo "usage: bench/run.sh ORANGESUM_JSONL_GZ   (env: BUILD=build REPEAT=5 E2E=1)" >&2
    exit 2
fi
src=$1
root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD:-$root/build}
repeat=${REPEAT:-5}
e2e=${E2E:-1}
full=${FULL:-2000}
bench=$build/bench/bench_text
depeche=$build/depeche

[ -r "$src" ] || { echo "run.sh: cannot read $src" >&2; exit 1; }
for b in "$bench" "$depeche"; do
    [ -x "$b" ] || { echo "run.sh: $b missing (build first: make, or set BUILD)" >&2; exit 1; }
done

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

python3 - "$src" "$tmp" "$bench" "$depeche" "$repeat" "$e2e" "$full" <<'PY'
import gzip, json, os, platform, statistics, subprocess, sys, time

src, tmp, bench, depeche, repeat, e2e, full = sys.argv[1:8]
repeat, e2e, full = int(repeat), e2e != "0", int(full)
ndjson, plain = os.path.join(tmp, "articles.ndjson"), os.path.join(tmp, "articles.txt")

# 1. Conversion: "article" becomes "text", "date" becomes "published".
n = 0
with gzip.open(src, "rt", encoding="utf-8") as f, open(ndjson, "w", encoding="utf-8") as nd, \
        open(plain, "w", encoding="utf-8") as pt:
    for line in f:
        if not line.strip():
            continue
        a = json.loads(line)
        text = a.get("article") or ""
        nd.write(json.dumps({"id": a.get("id"), "published": a.get("date"), "text": text},
                            ensure_ascii=False) + "\n")
        pt.write(text + "\n")
        n += 1
plain_bytes, nd_bytes = os.path.getsize(plain), os.path.getsize(ndjson)
# the first FULL articles, for the full analysis
head = os.path.join(tmp, "head.ndjson")
head_words = head_n = 0
with open(ndjson, encoding="utf-8") as f, open(head, "w", encoding="utf-8") as h:
    for line in f:
        if head_n >= full:
            break
        h.write(line)
        head_words += len(json.loads(line)["text"].split())
        head_n += 1


def timed(cmd, env=None, stdout=subprocess.DEVNULL):
    t0 = time.perf_counter()
    r = subprocess.run(cmd, env=env, stdout=stdout, stderr=subprocess.PIPE, check=False)
    t = time.perf_counter() - t0
    if r.returncode:
        sys.exit(f"run.sh: {' '.join(cmd)} failed: {r.stderr.decode(errors='replace').strip()}")
    return t, r


def median_run(cmd, env=None, runs=repeat, stdout=subprocess.PIPE):
    times, out = [], None
    for _ in range(runs):
        t, r = timed(cmd, env, stdout)
        times.append(t)
        out = r.stdout
    return statistics.median(times), out


# 2. The reference: wc -w on the plain file, C locale and the default one.
env_c = dict(os.environ, LC_ALL="C")
default_loc = os.environ.get("LC_ALL") or os.environ.get("LC_CTYPE") or os.environ.get("LANG") or "C"
subprocess.run(["cat", plain], stdout=subprocess.DEVNULL, check=True)  # page cache warm
wc_c, out_c = median_run(["wc", "-w", plain], env_c)
wc_d, out_d = median_run(["wc", "-w", plain])
words_c, words_d = int(out_c.split()[0]), int(out_d.split()[0])

# 3. depeche's text layer in memory.
_, r = timed([bench, "-r", str(repeat), "--json", ndjson], stdout=subprocess.PIPE)
b = json.loads(r.stdout)

# 4. End to end: depeche analyze --ndjson, output discarded.
e2e_t = None
if e2e:
    e2e_t, _ = median_run([depeche, "analyze", "--ndjson", ndjson], runs=3, stdout=subprocess.DEVNULL)


def run_rss(cmd):
    """wall time and peak RSS (KiB) of one run of cmd, output discarded"""
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, ru = os.wait4(p.pid, 0)
    t = time.perf_counter() - t0
    err = p.stderr.read().decode(errors="replace").strip()
    p.stderr.close()
    if status:
        sys.exit(f"run.sh: {' '.join(cmd)} failed: {err}")
    return t, ru.ru_maxrss


# 5. Full analysis (tokens, tags, entities, facts) against the text layer alone,
#    same articles, same run: median of 3 each.
full_t = None
if full and head_n:
    runs = [run_rss([depeche, "analyze", "--ndjson", head]) for _ in range(3)]
    base = [run_rss([depeche, "analyze", "--no-models", "--ndjson", head]) for _ in range(3)]
    full_t, full_rss = statistics.median(r[0] for r in runs), max(r[1] for r in runs)
    base_t, base_rss = statistics.median(r[0] for r in base), max(r[1] for r in base)


def cpu_model():
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


mb = b["bytes"] / 1e6
print(f"machine      {cpu_model()}, nproc {os.cpu_count()}, {platform.system()} {platform.release()}")
print(f"input        {n} articles; {mb:.2f} MB of article text "
      f"(plain file {plain_bytes / 1e6:.2f} MB, NDJSON {nd_bytes / 1e6:.2f} MB)")
print(f"depeche      tokenize+split, one core, median of {b['passes']}: {b['seconds_median']:.4f} s"
      f" (min {b['seconds_min']:.4f}, max {b['seconds_max']:.4f})")
print(f"  throughput {b['mb_per_s']:.1f} MB/s, {b['tokens_per_s'] / 1e6:.2f} M tokens/s"
      f" ({b['tokens']} tokens, {b['sentences']} sentences)")
print(f"  peak RSS   {b['maxrss_kb'] / 1024:.1f} MiB ({b['maxrss_kb_loaded'] / 1024:.1f} MiB with the articles"
      f" loaded, before analysis: analysis +{(b['maxrss_kb'] - b['maxrss_kb_loaded']) / 1024:.1f} MiB)")
print(f"wc -w        LC_ALL=C: {wc_c:.4f} s ({words_c} words); {default_loc}: {wc_d:.4f} s ({words_d} words);"
      f" median of {repeat}, whole process")
print(f"ratio        depeche / wc -w: {b['seconds_median'] / wc_c:.2f} (LC_ALL=C), "
      f"{b['seconds_median'] / wc_d:.2f} ({default_loc})")
if full_t is not None:
    print(f"full         depeche analyze --ndjson, first {head_n} articles ({head_words} words), one core:"
          f" {full_t:.3f} s = {head_words / full_t / 1e3:.0f} k words/s, peak RSS {full_rss / 1024:.1f} MiB")
    print(f"  baseline   the same with --no-models (text layer + untagged facts): {base_t:.3f} s ="
          f" {head_words / base_t / 1e3:.0f} k words/s, peak RSS {base_rss / 1024:.1f} MiB;"
          f" full / baseline time {full_t / base_t:.2f}")
if e2e_t is not None:
    print(f"end to end   depeche analyze --ndjson > /dev/null: {e2e_t:.3f} s, {nd_bytes / 1e6 / e2e_t:.1f} MB/s"
          f" of NDJSON ({mb / e2e_t:.1f} MB/s of text), median of 3")
PY
