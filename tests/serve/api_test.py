#!/usr/bin/env python3
"""API tests of `depeche serve` (issue #6, docs/serve.md) against a real
server on loopback. Python standard library only.

  api_test.py --depeche build/depeche --workdir DIR [--seed examples/seed.json]

Builds an archive (the seed and generated articles, with `depeche ingest`),
starts `depeche serve --listen 127.0.0.1:0` (the port is read from "listening
on http://..." on stderr), checks every endpoint's status and JSON, the
pagination, the errors, the refusal of path traversal, body and URI limits,
methods, ingest with and without the token, the access log, concurrent
requests, and a clean exit on SIGTERM.
"""
import argparse
import http.client
import json
import os
import queue
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse

FAILS = []


def check(cond, what):
    if not cond:
        FAILS.append(what)
        print("FAIL:", what, file=sys.stderr)
    return cond


PEOPLE = [("Emmanuel Macron", "le président de la République"), ("Anne Hidalgo", "la maire de Paris"),
          ("Jean Castex", "le Premier ministre"), ("Valérie Pécresse", "la présidente de la région")]
PLACES = ["Marseille", "Lyon", "Bordeaux", "Toulouse", "Lille"]


def generated(n):
    """Articles about a few people and cities on distinct days (one with an id
    that needs URL encoding)."""
    out = []
    for i in range(n):
        who, role = PEOPLE[i % len(PEOPLE)]
        where = PLACES[i % len(PLACES)]
        day = "2021-03-%02d" % (1 + i % 28)
        text = ("%s, %s, s'est rendu à %s mardi pour inaugurer un nouveau centre de santé. "
                "« Nous devons investir dans les hôpitaux », a déclaré %s devant 300 personnes. "
                "Le projet a coûté 12 millions d'euros selon la préfecture de %s." % (who, role, where, who, where))
        aid = "gen %d/x" % i if i == 0 else "gen-%d" % i
        out.append({"id": aid, "published": day, "title": "Visite à %s (%d)" % (where, i), "text": text,
                    "source": "src%d" % (i % 3)})
    return out


class Server:
    def __init__(self, depeche, db, extra, env=None):
        self.proc = subprocess.Popen([depeche, "serve", "--db", db, "--listen", "127.0.0.1:0"] + extra,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
        self.lines = queue.Queue()
        self.port = None
        deadline = time.time() + 60
        while time.time() < deadline:
            line = self.proc.stderr.readline()
            if not line:
                break
            line = line.decode("utf-8", "replace")
            if line.startswith("listening on http://"):
                self.port = int(line.strip().rsplit(":", 1)[1])
                break
        if self.port is None:
            self.proc.kill()
            raise SystemExit("server did not start")
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self):
        for line in self.proc.stderr:
            self.lines.put(line.decode("utf-8", "replace"))

    def log(self):
        out = []
        while True:
            try:
                out.append(self.lines.get_nowait())
            except queue.Empty:
                return out

    def req(self, method, path, body=None, headers=None):
        c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        c.request(method, path, body=body, headers=headers or {})
        r = c.getresponse()
        data = r.read()
        hdrs = {k.lower(): v for k, v in r.getheaders()}
        c.close()
        return r.status, hdrs, data

    def get(self, path, **kw):
        return self.req("GET", path, **kw)

    def json(self, method, path, status, body=None, headers=None, what=None):
        st, hdrs, data = self.req(method, path, body, headers)
        what = what or "%s %s" % (method, path)
        check(st == status, "%s: status %d, expected %d (%r)" % (what, st, status, data[:200]))
        check(hdrs.get("content-type", "").startswith("application/json"), "%s: content type %s" %
              (what, hdrs.get("content-type")))
        try:
            doc = json.loads(data)
        except ValueError:
            check(False, "%s: not JSON: %r" % (what, data[:200]))
            return None
        if status >= 400:
            check(isinstance(doc.get("error"), dict) and doc["error"].get("status") == status and
                  isinstance(doc["error"].get("message"), str) and doc["error"]["message"],
                  "%s: error shape %r" % (what, doc))
        return doc

    def raw(self, data, read_all=True):
        """Sends raw bytes; returns the status code and the whole answer."""
        s = socket.create_connection(("127.0.0.1", self.port), timeout=30)
        try:
            s.sendall(data)
        except OSError:
            pass
        buf = b""
        try:
            while True:
                chunk = s.recv(65536)
                if not chunk:
                    break
                buf += chunk
                if not read_all and b"\r\n\r\n" in buf:
                    break
        except OSError:
            pass
        s.close()
        try:
            return int(buf.split(b" ", 2)[1]), buf
        except (IndexError, ValueError):
            return 0, buf

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        try:
            rc = self.proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            rc = "killed"
        self.reader.join(timeout=5)
        return rc


def q(path, **params):
    return path + "?" + urllib.parse.urlencode(params)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--depeche", required=True)
    ap.add_argument("--workdir", required=True)
    ap.add_argument("--seed", default=os.path.join(os.path.dirname(__file__), "..", "..", "examples", "seed.json"))
    a = ap.parse_args()
    os.makedirs(a.workdir, exist_ok=True)
    db = os.path.join(a.workdir, "api.db")
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(db + suffix):
            os.remove(db + suffix)
    gen = os.path.join(a.workdir, "gen.ndjson")
    with open(gen, "w", encoding="utf-8") as f:
        for art in generated(24):
            f.write(json.dumps(art, ensure_ascii=False) + "\n")
    subprocess.run([a.depeche, "ingest", "--db", db, a.seed, gen], check=True, stderr=subprocess.DEVNULL)
    with open(a.seed, encoding="utf-8") as f:
        seed = json.load(f)

    env = dict(os.environ, DEPECHE_TOKEN="s3cret-token-for-tests")
    srv = Server(a.depeche, db, ["--allow-ingest", "--max-body", "200000", "--threads", "3"], env=env)
    try:
        run(srv, seed)
    finally:
        rc = srv.stop()
    check(rc == 0, "exit status after SIGTERM: %r" % rc)
    log = [l for l in srv.log() if l.startswith("{")]
    recs = []
    for l in log:
        try:
            recs.append(json.loads(l))
        except ValueError:
            check(False, "access log line not JSON: %r" % l)
    reqs = [r for r in recs if "method" in r]
    check(len(reqs) > 50, "access log: %d request lines" % len(reqs))
    for r in reqs[:5]:
        check(all(k in r for k in ("time", "method", "path", "status", "bytes", "ms", "remote")),
              "access log fields: %r" % r)
    check(any(r["status"] == 404 for r in reqs) and any(r["status"] == 413 for r in reqs),
          "access log records error statuses")

    # --quiet: no access log
    srv = Server(a.depeche, db, ["--quiet"])
    srv.json("GET", q("/api/search", q="visite"), 200)
    rc = srv.stop()
    check(rc == 0, "quiet server exit %r" % rc)
    check(not [l for l in srv.log() if l.startswith("{")], "--quiet still logs")

    if FAILS:
        print("%d failure(s)" % len(FAILS), file=sys.stderr)
        return 1
    print("serve api: all checks passed")
    return 0


def run(srv, seed):
    # --- search, pagination ---
    d = srv.json("GET", q("/api/search", q="visite", limit=100), 200)
    check(d and d["count"] >= 1 and any(h["id"] == "seed" for h in d["hits"]), "search visite finds the seed")
    all_ = srv.json("GET", q("/api/search", q="centre", limit=100), 200)
    ids = [h["id"] for h in all_["hits"]]
    check(len(ids) == 24, "search centre: 24 generated hits, got %d" % len(ids))
    p1 = srv.json("GET", q("/api/search", q="centre", limit=10, offset=0), 200)
    p2 = srv.json("GET", q("/api/search", q="centre", limit=10, offset=10), 200)
    p3 = srv.json("GET", q("/api/search", q="centre", limit=10, offset=20), 200)
    pages = [h["id"] for p in (p1, p2, p3) for h in p["hits"]]
    check(len(p1["hits"]) == 10 and len(p3["hits"]) == 4, "pagination sizes")
    check(pages == ids, "pages concatenate to the whole list")
    d = srv.json("GET", q("/api/search", q="centre", source="src1", limit=100), 200)
    check(d and d["hits"] and all(h["source"] == "src1" for h in d["hits"]), "search source filter")
    d = srv.json("GET", q("/api/search", q="centre", **{"from": "2021-03-05", "to": "2021-03-06"}), 200)
    check(d and d["hits"] and all("2021-03-05" <= h["published"] <= "2021-03-06" for h in d["hits"]),
          "search date filter")
    srv.json("GET", "/api/search", 400, what="search without q")
    srv.json("GET", q("/api/search", q="x", limit=0), 400)
    srv.json("GET", q("/api/search", q="x", limit="abc"), 400)
    srv.json("GET", q("/api/search", q="x", offset=-1), 400)
    srv.json("GET", q("/api/search", q="x", **{"from": "2021-13-45"}), 400)

    # --- entities ---
    e = srv.json("GET", q("/api/entities", name="Peskov"), 200)
    check(e and e["name"] == "Dmitri Peskov" and e["type"] == "PER", "entity by name")
    eid = e["id"] if e else 1
    e2 = srv.json("GET", "/api/entities/%d" % eid, 200)
    check(e2 and e2["name"] == "Dmitri Peskov", "entity by id")
    srv.json("GET", q("/api/entities", name="Personne Inconnue Zzz"), 404)
    srv.json("GET", "/api/entities/99999999", 404)
    srv.json("GET", "/api/entities/abc", 400)
    srv.json("GET", "/api/entities", 400, what="entities without name")

    # --- quotes ---
    d = srv.json("GET", q("/api/quotes", speaker="Peskov"), 200)
    check(d and d["quotes"] and all(x["speaker"] == "Dmitri Peskov" for x in d["quotes"]), "quotes by speaker")
    d = srv.json("GET", q("/api/quotes", limit=3), 200)
    check(d and 1 <= len(d["quotes"]) <= 3, "quotes limit")
    d = srv.json("GET", q("/api/quotes", about="hôpitaux"), 200)
    check(d and d["quotes"], "quotes about")
    srv.json("GET", q("/api/quotes", limit=100000), 400)

    # --- stories ---
    d = srv.json("GET", "/api/stories", 200)
    check(d and d["stories"], "stories")
    sid = d["stories"][0]["id"] if d and d["stories"] else 1
    d = srv.json("GET", q("/api/stories", since="2021-03-01", limit=2), 200)
    check(d and len(d["stories"]) <= 2 and all(s["last"] >= "2021-03-01" for s in d["stories"]), "stories since")
    d = srv.json("GET", "/api/stories/%d" % sid, 200)
    check(d and d["id"] == sid and d["articles"], "story by id")
    srv.json("GET", "/api/stories/99999999", 404)
    srv.json("GET", "/api/stories/0", 400)
    srv.json("GET", q("/api/stories", since="yesterday"), 400)

    # --- timeline ---
    d = srv.json("GET", q("/api/timeline", name="Peskov"), 200)
    check(d and d["by"] == "day" and d["points"] and d["points"][0]["date"] == "2020-09-11", "timeline by name")
    d = srv.json("GET", q("/api/timeline", entity=eid, by="week"), 200)
    check(d and d["by"] == "week" and d["entity"] == "Dmitri Peskov", "timeline by entity id")
    srv.json("GET", q("/api/timeline", name="Peskov", by="month"), 400)
    srv.json("GET", "/api/timeline", 400, what="timeline without name")
    srv.json("GET", q("/api/timeline", name="Peskov", entity=eid), 400, what="timeline with both")
    srv.json("GET", q("/api/timeline", entity=99999999), 404)

    # --- articles (ext_id URL-decoded) ---
    d = srv.json("GET", "/api/articles/seed", 200)
    check(d and d["id"] == "seed" and d["text"].startswith('"Ce sera'), "article seed")
    d = srv.json("GET", "/api/articles/" + urllib.parse.quote("gen 0/x", safe=""), 200)
    check(d and d["id"] == "gen 0/x", "article with an encoded id")
    srv.json("GET", "/api/articles/nope", 404)

    # --- analyze ---
    d = srv.json("POST", q("/api/analyze", published="2020-09-11"), 200, body=seed["text"].encode("utf-8"),
                 headers={"Content-Type": "text/plain; charset=utf-8"})
    check(d and any(x["name"] == "Dmitri Peskov" for x in d.get("entities", [])) and "tokens" not in d,
          "analyze plain text")
    dd = [x for x in d.get("dates", []) if x.get("value")] if d else []
    check(dd, "analyze: dates resolved with ?published")
    d = srv.json("POST", "/api/analyze?tokens=1", 200, body=json.dumps(seed).encode("utf-8"),
                 headers={"Content-Type": "application/json"})
    check(d and d.get("tokens") and any(x["name"] == "Dmitri Peskov" for x in d.get("entities", [])),
          "analyze JSON article with tokens")
    srv.json("POST", "/api/analyze", 400, body=b'{"text": ', headers={"Content-Type": "application/json"},
             what="analyze bad JSON")
    srv.json("POST", "/api/analyze", 400, body=b'{"title": "x"}', headers={"Content-Type": "application/json"},
             what="analyze JSON without text")
    srv.json("POST", q("/api/analyze", published="2020-02-30"), 400, body=b"x")
    srv.json("POST", q("/api/analyze", tokens="maybe"), 400, body=b"x")
    d = srv.json("POST", "/api/analyze", 200, body=b"", what="analyze empty body")

    # --- limits ---
    srv.json("POST", "/api/analyze", 413, body=b"a" * 200001, what="body too large (Content-Length)")
    st, raw = srv.raw(b"POST /api/analyze HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n" +
                      b"".join(b"%x\r\n%s\r\n" % (50000, b"b" * 50000) for _ in range(5)) + b"0\r\n\r\n")
    check(st == 413 and b'"status":413' in raw, "chunked body too large: %d" % st)
    st, hdrs, _ = srv.get("/api/search?q=" + "a" * 9000)
    check(st in (414, 431), "very long URI refused: %d" % st)
    st, raw = srv.raw(b"GET /api/search?q=x HTTP/1.1\r\nHost: x\r\n" + b"X-Big: " + b"h" * 70000 + b"\r\n\r\n")
    check(st in (413, 431) or st == 0, "huge headers refused: %d" % st)

    # --- methods, unknown paths, traversal ---
    st, hdrs, _ = srv.req("DELETE", "/api/search?q=x")
    check(st == 405 and "GET" in hdrs.get("allow", ""), "DELETE search: 405 with Allow")
    srv.json("GET", "/api/analyze", 405)
    srv.json("PUT", "/api/analyze", 405, body=b"x")
    srv.json("GET", "/api/ingest", 405)
    srv.json("GET", "/api/nope", 404)
    srv.json("GET", "/nope.html", 404)
    for path in (b"/../../etc/passwd", b"/assets/../../etc/passwd", b"/%2e%2e/%2e%2e/etc/passwd",
                 b"/..%2f..%2fetc%2fpasswd", b"/api/../../etc/passwd", b"//etc/passwd", b"/./index.html"):
        st, raw = srv.raw(b"GET " + path + b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        check(st in (400, 404) and b"root:" not in raw and b'"error"' in raw,
              "traversal %r refused: %d" % (path, st))
    st, hdrs, body = srv.get("/")
    web = os.path.join(os.path.dirname(__file__), "..", "..", "web", "index.html")
    if os.path.exists(web):
        check(st == 200 and hdrs.get("content-type", "").startswith("text/html"), "GET / serves index.html")
    else:
        check(st == 404, "GET / without web files: 404")

    # --- openapi ---
    d = srv.json("GET", "/api/openapi.json", 200)
    check(d and d.get("openapi", "").startswith("3."), "openapi version")
    paths = d.get("paths", {}) if d else {}
    for p in ("/api/analyze", "/api/search", "/api/entities", "/api/entities/{id}", "/api/quotes", "/api/stories",
              "/api/stories/{id}", "/api/timeline", "/api/articles/{id}", "/api/ingest", "/api/openapi.json"):
        check(p in paths, "openapi documents %s" % p)

    # --- ingest ---
    art = {"id": "http-1", "published": "2021-04-02", "title": "Ingéré par HTTP",
           "text": "Jean Castex, le Premier ministre, a visité une usine de zeppelins à Nantes jeudi."}
    body = (json.dumps(art, ensure_ascii=False) + "\n" + "{not json\n").encode("utf-8")
    srv.json("POST", "/api/ingest", 401, body=body)
    srv.json("POST", "/api/ingest", 401, body=body, headers={"Authorization": "Basic abc"})
    srv.json("POST", "/api/ingest", 403, body=body, headers={"Authorization": "Bearer wrong"})
    srv.json("POST", "/api/ingest", 403, body=body, headers={"Authorization": "Bearer s3cret-token-for-test"})
    d = srv.json("POST", "/api/ingest", 200, body=body, headers={"Authorization": "Bearer s3cret-token-for-tests"})
    check(d and d["articles"] == 1 and d["bad"] == 1 and len(d["errors"]) == 1, "ingest counts: %r" % d)
    d = srv.json("GET", q("/api/search", q="zeppelins"), 200)
    check(d and [h["id"] for h in d["hits"]] == ["http-1"], "ingested article is searchable")

    # --- concurrency: every worker answers ---
    errs = []

    def hammer(k):
        for i in range(15):
            try:
                if (k + i) % 3 == 0:
                    st, _, _ = srv.req("POST", "/api/analyze", body=seed["text"].encode("utf-8"))
                elif (k + i) % 3 == 1:
                    st, _, _ = srv.get(q("/api/search", q="centre", limit=5, offset=i))
                else:
                    st, _, _ = srv.get(q("/api/entities", name="Macron"))
                if st != 200:
                    errs.append(st)
            except Exception as ex:  # noqa: BLE001
                errs.append(repr(ex))
    ts = [threading.Thread(target=hammer, args=(k,)) for k in range(8)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    check(not errs, "concurrent requests: %r" % errs[:5])


if __name__ == "__main__":
    sys.exit(main())
