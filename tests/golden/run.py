#!/usr/bin/env python3
"""Golden tests: for each NAME.txt here, NAME.json is the expected output of

    depeche analyze --tokens --published 2020-09-11 NAME.txt

(plus --no-models when the command has it: these files pin the text layer,
tokens and sentences, whatever models are installed).
The expected files are stored in a canonical, reviewable layout (one sentence
or token per line, UTF-8 unescaped); the comparison is between that layout of
the expected and the actual documents, so it is exact for every value. Beyond
the comparison, each output must be one line of valid JSON, and its offsets
must hold against the input: in order, inside the input, sentences tiling the
tokens, and each token's text equal to its input bytes once normalised.

usage: run.py [--depeche BIN] [--rewrite] [--show] [DIR] [NAME...]
  --rewrite (or DP_REWRITE=1)  write NAME.json from the current output
  --show                       print sentences and tokens of each case for review
"""
import argparse
import difflib
import json
import os
import subprocess
import sys
import unicodedata

PUBLISHED = "2020-09-11"


def canonical(doc):
    """The document laid out one array element per line (stable, diff-friendly)."""
    out = ["{"]
    items = list(doc.items())
    for i, (key, value) in enumerate(items):
        comma = "," if i + 1 < len(items) else ""
        k = json.dumps(key)
        if isinstance(value, list) and value:
            out.append(" %s: [" % k)
            for j, v in enumerate(value):
                out.append("  %s%s" % (json.dumps(v, ensure_ascii=False), "," if j + 1 < len(value) else ""))
            out.append(" ]%s" % comma)
        else:
            out.append(" %s: %s%s" % (k, json.dumps(value, ensure_ascii=False), comma))
    out.append("}")
    return "\n".join(out) + "\n"


def normalise(raw, at_start):
    """What the library should make of input bytes that are valid UTF-8, or None."""
    try:
        s = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if "\x00" in s:
        return None
    if at_start and s.startswith("\ufeff"):
        s = s[1:]
    s = s.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", s)


def check_offsets(doc, data):
    """Problems with the offsets of `doc` against the input bytes `data`."""
    problems = []
    n = len(data)
    toks = doc.get("tokens", [])
    prev_end = 0
    for i, t in enumerate(toks):
        s, e = t["start"], t["end"]
        if not (0 <= s <= e <= n):
            problems.append("token %d %r: span %d-%d outside the input (%d bytes)" % (i, t["text"], s, e, n))
            continue
        if s < prev_end:
            problems.append("token %d %r: starts at %d, before the end of the previous token (%d)" %
                            (i, t["text"], s, prev_end))
        prev_end = e
        want = normalise(data[s:e], s == 0)
        if want is not None and want != t["text"]:
            problems.append("token %d: text %r but input bytes %d-%d are %r" % (i, t["text"], s, e, data[s:e]))
        if want is None and "\ufffd" not in t["text"]:
            problems.append("token %d %r: input bytes %d-%d %r are not valid UTF-8 but the text has no U+FFFD" %
                            (i, t["text"], s, e, data[s:e]))
    sents = doc.get("sentences", [])
    k = 0
    for i, se in enumerate(sents):
        if not (0 <= se["start"] < se["end"] <= n):
            problems.append("sentence %d: span %d-%d outside the input or empty" % (i, se["start"], se["end"]))
        if i and se["start"] < sents[i - 1]["end"]:
            problems.append("sentence %d overlaps the previous one" % i)
        if toks:
            if k >= len(toks) or toks[k]["start"] != se["start"]:
                problems.append("sentence %d: does not start at a token boundary (%d)" % (i, se["start"]))
                break
            while k < len(toks) and toks[k]["end"] <= se["end"]:
                k += 1
            if toks[k - 1]["end"] != se["end"]:
                problems.append("sentence %d: does not end at a token boundary (%d)" % (i, se["end"]))
    if toks and k != len(toks):
        problems.append("sentences cover %d of %d tokens" % (k, len(toks)))
    return problems


def model_flags(depeche):
    """--no-models when the command knows it."""
    r = subprocess.run([depeche, "analyze", "--help"], capture_output=True, timeout=60)
    return ["--no-models"] if b"--no-models" in r.stdout else []


def run_case(depeche, directory, name, flags):
    """Returns (canonical output or None, list of problems, parsed doc)."""
    txt = os.path.join(directory, name + ".txt")
    with open(txt, "rb") as f:
        data = f.read()
    r = subprocess.run([depeche, "analyze", "--tokens", "--published", PUBLISHED] + flags + [name + ".txt"],
                       cwd=directory, capture_output=True, timeout=120)
    problems = []
    if r.returncode != 0:
        problems.append("exit status %d" % r.returncode)
    if r.stderr:
        problems.append("stderr: %s" % r.stderr.decode("utf-8", "replace")[:2000])
    out = r.stdout
    if not out.endswith(b"\n") or out.count(b"\n") != 1:
        problems.append("output is not exactly one line ending with a newline")
    try:
        doc = json.loads(out.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as e:
        problems.append("output is not valid UTF-8 JSON: %s" % e)
        return None, problems, None
    problems += check_offsets(doc, data)
    return canonical(doc), problems, doc


def show(name, doc, data):
    print("=== %s" % name)
    for se in doc.get("sentences", []):
        print("  S %r" % data[se["start"]:se["end"]].decode("utf-8", "replace"))
    toks = doc.get("tokens", [])
    line = []
    for t in toks:
        w = t["text"]
        if "parts" in t:
            w += "{" + "+".join(p["text"] for p in t["parts"]) + "}"
        line.append(w)
    print("  T " + " | ".join(line))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--depeche", default=os.environ.get("DEPECHE", "depeche"))
    ap.add_argument("--rewrite", action="store_true", default=os.environ.get("DP_REWRITE") == "1")
    ap.add_argument("--show", action="store_true")
    ap.add_argument("dir", nargs="?", default=os.path.dirname(os.path.abspath(__file__)))
    ap.add_argument("names", nargs="*")
    a = ap.parse_args()
    depeche = os.path.abspath(a.depeche) if os.sep in a.depeche else a.depeche
    names = a.names or sorted(f[:-4] for f in os.listdir(a.dir) if f.endswith(".txt"))
    flags = model_flags(depeche)
    passed = failed = 0
    for name in names:
        got, problems, doc = run_case(depeche, a.dir, name, flags)
        exp_path = os.path.join(a.dir, name + ".json")
        if a.show and doc is not None:
            with open(os.path.join(a.dir, name + ".txt"), "rb") as f:
                show(name, doc, f.read())
        if a.rewrite and got is not None:
            with open(exp_path, "w", encoding="utf-8") as f:
                f.write(got)
        try:
            with open(exp_path, encoding="utf-8") as f:
                expected = f.read()
        except OSError:
            expected = None
            problems.append("no expected file %s (run with --rewrite)" % exp_path)
        if expected is not None and got is not None and got != expected:
            diff = list(difflib.unified_diff(expected.splitlines(), got.splitlines(), name + ".json (expected)",
                                             name + ".json (actual)", lineterm="", n=1))
            problems.append("output differs from %s.json:\n%s%s" % (
                name, "\n".join(diff[:60]), "\n  ... (%d more diff lines)" % (len(diff) - 60) if len(diff) > 60 else ""))
        if problems:
            failed += 1
            print("FAIL %s" % name)
            for p in problems:
                print("  " + p.replace("\n", "\n  "))
        else:
            passed += 1
            print("ok   %s" % name)
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
