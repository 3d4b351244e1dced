#!/usr/bin/env python3
"""Pathological inputs (after cmark's test/pathological_tests.py).

Each case generates its input at test time (nothing big is committed), runs
`depeche analyze` on it and checks:
  - the exit status;
  - the peak memory of the process (ru_maxrss), against a bound of
    20 x input size + 64 MB (looser under sanitizers, which add shadow memory
    and a quarantine of freed blocks);
  - that the output is valid JSON, one document per line, whose offsets lie
    inside the input, in order, with sentences tiling the tokens; and, for
    valid UTF-8 inputs, that each token's text is its input bytes normalised.
Time is bounded by the CTest TIMEOUT of each case, not asserted here.

usage: run.py --depeche BIN [--workdir DIR] [--seed-file FILE] [--sanitized] [--keep] CASE...
       run.py --list
"""
import argparse
import json
import os
import random
import subprocess
import sys
import time
import unicodedata

MB = 1 << 20


class Case:
    def __init__(self, name, doc, make, args=("--tokens",), exit_status=0, check_text=False, extra=None,
                 ext=".txt"):
        self.name, self.doc, self.make, self.args = name, doc, make, list(args)
        self.exit_status, self.check_text, self.extra, self.ext = exit_status, check_text, extra, ext


def repeat_to(unit, size):
    n = size // len(unit) + 1
    return (unit * n)[:size]


def seed_text(seed_file, size):
    with open(seed_file, "rb") as f:
        seed = f.read().strip()
    return seed_text_of(seed, size), seed


def seed_text_of(seed, size):
    unit = seed + b"\n\n"
    return unit * max(1, size // len(unit))


def nested_json(depth):
    return (b'{"id":1,"text":"x","a":' + b"[" * depth + b"]" * depth + b"}\n"
            + b'{"id":2,"text":"y","o":' + b'{"a":' * depth + b"1" + b"}" * depth + b"}\n"
            + b'{"id":3,"text":"' + b"[" * depth + b'"}\n'
            + b'{"id":4,"text":"Fin."}\n')


def normalise(raw, at_start):
    try:
        s = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if "\x00" in s:
        return None
    if at_start and s.startswith("\ufeff"):
        s = s[1:]
    return unicodedata.normalize("NFC", s.replace("\r\n", "\n").replace("\r", "\n"))


def check_doc(doc, data, check_text):
    """Problems of one analysis document against its input bytes (first few only)."""
    problems = []
    n = len(data)
    toks = doc.get("tokens")
    sents = doc.get("sentences")
    if not isinstance(sents, list):
        return ["no sentences array"]
    for key in ("entities", "quotes", "dates", "quantities"):
        if not isinstance(doc.get(key), list):
            problems.append("no %s array" % key)
    prev = 0
    for i, t in enumerate(toks or []):
        s, e = t["start"], t["end"]
        if not (prev <= s <= e <= n):
            problems.append("token %d: span %d-%d (previous end %d, input %d bytes)" % (i, s, e, prev, n))
            if len(problems) > 5:
                return problems
        prev = max(prev, e)
        if check_text:
            want = normalise(data[s:e], s == 0)
            if want is not None and want != t["text"]:
                problems.append("token %d: text %r... but input bytes %d-%d are %r..." %
                                (i, t["text"][:40], s, e, data[s:min(e, s + 40)]))
                if len(problems) > 5:
                    return problems
    prev = 0
    k = 0
    for i, se in enumerate(sents):
        s, e = se["start"], se["end"]
        if not (prev <= s < e <= n):
            problems.append("sentence %d: span %d-%d (previous end %d, input %d bytes)" % (i, s, e, prev, n))
            if len(problems) > 5:
                return problems
        prev = e
        if toks is not None:
            if k >= len(toks) or toks[k]["start"] != s:
                problems.append("sentence %d does not start on a token" % i)
                return problems
            while k < len(toks) and toks[k]["end"] <= e:
                k += 1
            if toks[k - 1]["end"] != e:
                problems.append("sentence %d does not end on a token" % i)
                return problems
    if toks is not None and k != len(toks):
        problems.append("sentences cover %d of %d tokens" % (k, len(toks)))
    if toks == [] and sents:
        problems.append("sentences without tokens")
    return problems


# The command runs under a fresh, small python that forks it and reports its
# ru_maxrss: on Linux a child's peak RSS starts from the memory of the process
# that spawned it (kept across exec), so spawning from this big process would
# count our own memory.
MEASURE = r"""
import os, sys
pid = os.fork()
if pid == 0:
    out = os.open(sys.argv[1], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    err = os.open(sys.argv[2], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    os.dup2(out, 1)
    os.dup2(err, 2)
    os.execv(sys.argv[3], sys.argv[3:])
_, status, usage = os.wait4(pid, 0)
print(os.waitstatus_to_exitcode(status), usage.ru_maxrss)
"""


# --no-models when the command knows it: these cases are about the text layer.
MODEL_FLAGS = []


def run(depeche, args, path, workdir, name):
    out_path = os.path.join(workdir, name + ".out")
    err_path = os.path.join(workdir, name + ".err")
    t0 = time.monotonic()
    flags = [] if "--models-on" in args else MODEL_FLAGS
    args = [a for a in args if a != "--models-on"]
    r = subprocess.run([sys.executable, "-c", MEASURE, out_path, err_path, depeche, "analyze"] + flags + args
                       + [path],
                       stdin=subprocess.DEVNULL, capture_output=True, check=True)
    elapsed = time.monotonic() - t0
    rc, maxrss_kb = (int(x) for x in r.stdout.split())
    with open(out_path, "rb") as f:
        out = f.read()
    with open(err_path, "rb") as f:
        err = f.read()
    return rc, out, err, maxrss_kb * 1024, elapsed


def build_cases(seed_file):
    rnd = random.Random(20200911)
    cases = [
        Case("long_line", "1 MB line without spaces",
             lambda: repeat_to("anticonstitutionnellementÉtéçà".encode(), MB), check_text=True),
        Case("unclosed_guillemets", "100,000 unclosed «",
             lambda: "« ".encode() * 100000 + b"fin", check_text=True),
        Case("big_file", "50 MB of realistic French text (the seed article repeated)",
             lambda: seed_text(seed_file, 50 * MB)[0], args=()),
        Case("nul_bytes", "1 MB of NUL bytes", lambda: b"\0" * MB, args=(),
             extra=lambda depeche, path, wd: strict_rejects(depeche, path, wd, 0)),
        Case("combining_marks", "100,000 combining marks after one letter",
             lambda: b"a" + "\u0301".encode() * 100000 + b" fin"),
        Case("random_bytes", "1 MB of random bytes",
             lambda: bytes(rnd.getrandbits(8) for _ in range(MB))),
        Case("nested_json", "NDJSON lines nested 10,000 deep", lambda: nested_json(10000), args=("--ndjson",),
             exit_status=1, extra=skip_bad_nested, ext=".ndjson"),
        Case("hyphen_chain", "1 MB of a-a-a-a…", lambda: repeat_to(b"a-", MB), check_text=True),
        Case("elision_chain", "1 MB of l'l'l'…", lambda: repeat_to(b"l'", MB), check_text=True),
        Case("dot_run", "1 MB of dots, then of initials J.-M.",
             lambda: b"." * (MB // 2) + repeat_to(b"J.-M. ", MB // 2), check_text=True),
        Case("closing_quotes", "100,000 closing quotes after full stops",
             lambda: repeat_to("Fin. » ) ” ".encode(), MB), check_text=True),
        Case("digit_groups", "1 MB of digit groups 100 000 000 …",
             lambda: b"1" + repeat_to(b" 000", MB), check_text=True),
        Case("nfd_crlf", "1 MB of decomposed accents and CRLF line ends (the offset map under load)",
             lambda: "Le re\u0301seau.\r\nE\u0301te\u0301\r\n".encode() * (MB // 24), check_text=True),
        Case("short_lines", "500,000 one-letter lines", lambda: b"A\n" * (MB // 2), args=(), check_text=True),
        # the facts layer with the shipped models ("--models-on": no --no-models): 20,000 people, 60,000
        # quotes, roles, pronouns and acronyms in 3.5 MB; its passes must stay linear
        Case("facts_crowd", "20,000 people quoted with roles, 60,000 quotes (models on)",
             lambda: "\n\n".join(
                 f"« Nous allons bien, vraiment », a dit Jean Dupont{n}, ministre de la Santé. Le ministre "
                 f"Jean Dupont{n % 50} a déclaré que tout allait bien. Selon M. Durand{n % 7}, la CFDT a réagi."
                 for n in range(20000)).encode(), args=("--models-on",)),
    ]
    return {c.name: c for c in cases}


def strict_rejects(depeche, path, workdir, offset):
    rc, out, err, _, _ = run(depeche, ["--strict-utf8"], path, workdir, "strict")
    problems = []
    if rc != 1:
        problems.append("--strict-utf8: exit %d, expected 1" % rc)
    if out:
        problems.append("--strict-utf8: output on stdout")
    if ("at byte %d" % offset).encode() not in err:
        problems.append("--strict-utf8: stderr lacks 'at byte %d': %r" % (offset, err[:200]))
    return problems


def skip_bad_nested(depeche, path, workdir):
    rc, out, err, _, _ = run(depeche, ["--ndjson", "--skip-bad"], path, workdir, "skip")
    problems = []
    if rc != 0:
        problems.append("--skip-bad: exit %d, expected 0" % rc)
    lines = out.splitlines()
    ids = []
    for line in lines:
        try:
            ids.append(json.loads(line).get("id"))
        except ValueError as e:
            problems.append("--skip-bad: invalid JSON output: %s" % e)
    # line 3 is valid: a text of 10,000 '[' characters
    if ids != [3, 4]:
        problems.append("--skip-bad: documents for ids %r, expected [3, 4]" % ids)
    for k in (1, 2):
        if (":%d: " % k).encode() not in err:
            problems.append("--skip-bad: stderr does not report line %d: %r" % (k, err[:300]))
    return problems


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--depeche", default=os.environ.get("DEPECHE", "depeche"))
    ap.add_argument("--workdir", default=os.path.join(os.getcwd(), "pathological"))
    ap.add_argument("--seed-file", default=os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                                        "..", "..", "examples", "seed.txt"))
    ap.add_argument("--sanitized", action="store_true", help="the binary has ASan/UBSan: looser memory bound")
    ap.add_argument("--keep", action="store_true", help="keep the generated input and output files")
    ap.add_argument("--list", action="store_true")
    ap.add_argument("cases", nargs="*")
    a = ap.parse_args()
    cases = build_cases(a.seed_file)
    if a.list:
        for c in cases.values():
            print("%-20s %s" % (c.name, c.doc))
        return 0
    depeche = os.path.abspath(a.depeche) if os.sep in a.depeche else a.depeche
    h = subprocess.run([depeche, "analyze", "--help"], capture_output=True, timeout=60)
    if b"--no-models" in h.stdout:
        MODEL_FLAGS.append("--no-models")
    passed = failed = 0
    for name in a.cases or list(cases):
        c = cases[name]
        wd = os.path.join(a.workdir, name)
        os.makedirs(wd, exist_ok=True)
        data = c.make()
        path = os.path.join(wd, "input" + c.ext)
        with open(path, "wb") as f:
            f.write(data)
        rc, out, err, rss, elapsed = run(depeche, c.args, path, wd, "main")
        bound = 20 * len(data) + 64 * MB
        if a.sanitized:
            bound = 3 * bound + 512 * MB
        problems = []
        if rc != c.exit_status:
            problems.append("exit status %d, expected %d; stderr: %r" % (rc, c.exit_status, err[:300]))
        if rss > bound:
            problems.append("peak memory %.1f MB over the bound %.1f MB" % (rss / MB, bound / MB))
        if c.exit_status == 0 and err:
            problems.append("unexpected stderr: %r" % err[:300])
        lines = out.splitlines()
        if c.ext == ".txt" and c.exit_status == 0 and len(lines) != 1:
            problems.append("%d output lines, expected 1" % len(lines))
        if not out.endswith(b"\n") and out:
            problems.append("output does not end with a newline")
        docs = []
        for i, line in enumerate(lines):
            try:
                docs.append(json.loads(line.decode("utf-8")))
            except (UnicodeDecodeError, ValueError) as e:
                problems.append("output line %d is not valid JSON: %s" % (i + 1, e))
        if c.ext == ".txt":
            for d in docs:
                problems += check_doc(d, data, c.check_text)
        if name == "big_file" and docs:
            # every copy of the seed splits the same way
            _, seed = seed_text(a.seed_file, 1)
            rc1, out1, _, _, _ = run(depeche, [], write(wd, "one.txt", seed_text_of(seed, 1)), wd, "one")
            per_copy = len(json.loads(out1)["sentences"]) if rc1 == 0 else -1
            copies = len(data) // (len(seed) + 2)
            if len(docs[0]["sentences"]) != per_copy * copies:
                problems.append("%d sentences for %d copies of %d" % (len(docs[0]["sentences"]), copies, per_copy))
        if c.name == "nested_json":
            if b"input.ndjson:1: " not in err:
                problems.append("stderr does not name input.ndjson:1: %r" % err[:300])
            if out:
                problems.append("output before the first (bad) line: %r" % out[:200])
        if c.extra:
            problems += c.extra(depeche, path, wd)
        print("%s %-20s %8.1f MB in, %8.1f MB peak, %6.2f s" % ("FAIL" if problems else "ok  ", name,
                                                              len(data) / MB, rss / MB, elapsed))
        for p in problems:
            print("    " + p)
        if problems:
            failed += 1
        else:
            passed += 1
        if not a.keep:
            for f in os.listdir(wd):
                os.unlink(os.path.join(wd, f))
            os.rmdir(wd)
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


def write(directory, name, data):
    path = os.path.join(directory, name)
    with open(path, "wb") as f:
        f.write(data)
    return path


if __name__ == "__main__":
    sys.exit(main())
