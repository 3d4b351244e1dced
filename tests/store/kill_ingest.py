#!/usr/bin/env python3
"""kill_ingest.py — crash safety and concurrent reads of the archive (issue #5).

1. Generates an NDJSON file of N short articles (default 6000).
2. Starts `depeche ingest --db A --batch 50` on it and, while it runs, reads
   the archive from this process (sqlite3, read-only: WAL readers) and runs
   `depeche check --db A`, which must succeed mid-ingest.
3. Once at least MIN committed articles are visible, SIGKILLs the ingest.
4. `depeche check` must pass and every article seen committed must be there.
5. Re-runs the ingest to the end: exactly N articles (re-ingest replaces),
   `depeche check` passes.

usage: kill_ingest.py --depeche BIN [--workdir DIR] [-n N]
"""
import argparse
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time

WORDS = ("le gouvernement a annoncé mardi une réforme des retraites tandis que les syndicats "
         "appellent à la grève dans les transports publics de la région parisienne selon le ministre "
         "de l'Économie qui promet 500 millions d'euros pour les hôpitaux et la santé").split()
NAMES = ["Emmanuel Macron", "Valérie Plante", "Anne Hidalgo", "Jean Castex", "Angela Merkel", "Olivier Véran"]
PLACES = ["Paris", "Lyon", "Marseille", "Montréal", "Bruxelles", "Berlin"]


def fail(msg):
    print("FAIL: " + msg)
    sys.exit(1)


def count(db):
    try:
        c = sqlite3.connect("file:%s?mode=ro" % db, uri=True, timeout=5)
        try:
            return c.execute("SELECT count(*) FROM articles").fetchone()[0]
        finally:
            c.close()
    except sqlite3.Error:
        return -1  # not created yet


def check(depeche, db, what):
    r = subprocess.run([depeche, "check", "--db", db], capture_output=True, text=True, timeout=300)
    if r.returncode != 0 or "verdict ok" not in r.stdout:
        fail("%s: depeche check failed (%d):\n%s%s" % (what, r.returncode, r.stdout, r.stderr))
    return dict(line.split(" ", 1) for line in r.stdout.splitlines() if " " in line)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--depeche", required=True)
    ap.add_argument("--workdir")
    ap.add_argument("-n", type=int, default=6000)
    ap.add_argument("--min", type=int, default=200)
    a = ap.parse_args()
    os.makedirs(a.workdir or ".", exist_ok=True)
    tmp = tempfile.mkdtemp(prefix="kill_ingest_", dir=a.workdir)
    src, db = os.path.join(tmp, "articles.ndjson"), os.path.join(tmp, "archive.db")
    rnd = random.Random(5)
    with open(src, "w", encoding="utf-8") as f:
        for i in range(a.n):
            body = " ".join(rnd.choice(WORDS) for _ in range(40))
            text = "%s, à %s, a déclaré : « %s. » %s" % (rnd.choice(NAMES), rnd.choice(PLACES), body.capitalize(),
                                                           " ".join(rnd.choice(WORDS) for _ in range(30)))
            f.write(json.dumps({"id": "art-%05d" % i, "published": "2020-%02d-%02d" % (1 + i % 12, 1 + i % 28),
                                "title": "Article %d" % i, "text": text}, ensure_ascii=False) + "\n")

    cmd = [a.depeche, "ingest", "--db", db, "--batch", "50", "--threads", "2", "--quiet", src]
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    seen, checked, t0 = 0, False, time.time()
    while p.poll() is None and time.time() - t0 < 240:
        n = count(db)
        if n > seen:
            seen = n
        if not checked and n >= a.min // 2:
            check(a.depeche, db, "during the ingest")  # a reader (and FTS check) while the writer runs
            checked = True
            continue
        if checked and n >= a.min:
            break
        time.sleep(0.02)
    if p.poll() is not None:
        fail("the ingest ended (status %s) before it could be killed; seen %d articles; stderr: %s"
             % (p.returncode, seen, p.stderr.read().decode(errors="replace")))
    seen = max(seen, count(db))
    os.kill(p.pid, signal.SIGKILL)
    p.wait()
    p.stderr.close()
    if not checked:
        fail("no concurrent check ran")
    counts = check(a.depeche, db, "after SIGKILL")
    after = int(counts["articles"])
    print("killed after %d committed articles seen; %d in the archive after the kill" % (seen, after))
    if after < seen:
        fail("committed articles lost: %d seen, %d after the kill" % (seen, after))
    if after >= a.n:
        fail("the ingest was not interrupted")

    r = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    if r.returncode != 0:
        fail("second ingest failed: %s" % r.stderr)
    counts = check(a.depeche, db, "after the second ingest")
    if int(counts["articles"]) != a.n:
        fail("expected %d articles after the re-run, found %s" % (a.n, counts["articles"]))
    c = sqlite3.connect("file:%s?mode=ro" % db, uri=True)
    dup_ids = c.execute("SELECT count(*) FROM (SELECT ext_id FROM articles GROUP BY ext_id HAVING count(*) > 1)").fetchone()[0]
    fts = c.execute("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH 'greve'").fetchone()[0]
    c.close()
    if dup_ids:
        fail("%d ids stored twice" % dup_ids)
    if fts == 0:
        fail("full-text search finds nothing after the re-run")
    print("ok: %d articles, check passes, %d match 'greve'" % (a.n, fts))
    for name in os.listdir(tmp):
        os.remove(os.path.join(tmp, name))
    os.rmdir(tmp)


if __name__ == "__main__":
    main()
