#!/usr/bin/env python3
"""Command-line tests (after zstd's tests/cli-tests).

Each case is a shell script NAME.sh, run by /bin/sh in a fresh empty
directory with the binary under test in $DEPECHE (and this directory in
$CLI_DIR). What it prints and its exit status are compared with the files
next to it, when they exist:

    NAME.stdout.exact   stdout, byte for byte
    NAME.stderr.exact   stderr, byte for byte
    NAME.exit           the exit status, as a decimal number

usage: run.py [--depeche BIN] [--rewrite] [--verbose] [DIR] [NAME...]
  --rewrite (or DP_REWRITE=1)  write the three files from the current run
                               (review the diff before committing)
"""
import argparse
import difflib
import os
import subprocess
import sys
import tempfile


def show_diff(what, expected, got):
    e = expected.decode("utf-8", "replace").splitlines()
    g = got.decode("utf-8", "replace").splitlines()
    diff = list(difflib.unified_diff(e, g, what + " (expected)", what + " (actual)", lineterm="", n=2))
    if not diff:  # differs only in bytes that do not show, such as a final newline
        diff = ["expected %r" % expected[-200:], "actual   %r" % got[-200:]]
    return "\n".join("    " + d for d in diff[:40])


def run_case(depeche, directory, name, rewrite):
    script = os.path.join(directory, name + ".sh")
    env = dict(os.environ)
    env.update({"DEPECHE": depeche, "CLI_DIR": directory, "LC_ALL": "C", "LANG": "C"})
    with tempfile.TemporaryDirectory(prefix="dp-cli-") as tmp:
        r = subprocess.run(["/bin/sh", script], cwd=tmp, env=env, stdin=subprocess.DEVNULL,
                           capture_output=True, timeout=120)
    got = {"stdout.exact": r.stdout, "stderr.exact": r.stderr, "exit": b"%d\n" % r.returncode}
    problems = []
    for suffix, data in got.items():
        path = os.path.join(directory, name + "." + suffix)
        if rewrite:
            with open(path, "wb") as f:
                f.write(data)
            continue
        if not os.path.exists(path):
            continue
        with open(path, "rb") as f:
            expected = f.read()
        if expected != data:
            problems.append("%s differs:\n%s" % (suffix, show_diff(name + "." + suffix, expected, data)))
    if not any(os.path.exists(os.path.join(directory, name + "." + s)) for s in got):
        problems.append("no expected files (run with --rewrite)")
    return problems, r


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--depeche", default=os.environ.get("DEPECHE", "depeche"))
    ap.add_argument("--rewrite", action="store_true", default=os.environ.get("DP_REWRITE") == "1")
    ap.add_argument("--verbose", action="store_true")
    ap.add_argument("dir", nargs="?", default=os.path.dirname(os.path.abspath(__file__)))
    ap.add_argument("names", nargs="*")
    a = ap.parse_args()
    depeche = os.path.abspath(a.depeche) if os.sep in a.depeche else a.depeche
    directory = os.path.abspath(a.dir)
    names = a.names or sorted(f[:-3] for f in os.listdir(directory) if f.endswith(".sh"))
    passed = failed = 0
    for name in names:
        problems, r = run_case(depeche, directory, name, a.rewrite)
        if problems:
            failed += 1
            print("FAIL %s" % name)
            for p in problems:
                print("  " + p)
        else:
            passed += 1
            print("ok   %s" % name)
        if a.verbose or problems:
            print("    exit %d; stderr: %s" % (r.returncode, r.stderr.decode("utf-8", "replace")[:600].rstrip()))
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
