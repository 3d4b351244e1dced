#!/usr/bin/env python3
"""Development stand-in for `depeche serve` (a dev aid only: the browser tests
run against the real server). Serves web/index.html at / and web/<path> at /<path> and answers
the JSON API through build/libdepeche.so (ctypes) and `build/depeche analyze`.

usage: python3 tests/web/mock_server.py --db FILE [--port 8080]
"""
import argparse
import ctypes
import json
import os
import subprocess
import sys
import urllib.parse
from http.server import BaseHTTPRequestHandler, HTTPServer

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
WEB = os.path.join(ROOT, "web")
BUILD = os.path.join(ROOT, "build")


class DpError(ctypes.Structure):
    _fields_ = [("code", ctypes.c_int), ("message", ctypes.c_char_p), ("offset", ctypes.c_size_t)]


class SearchOpts(ctypes.Structure):
    _fields_ = [("from_", ctypes.c_char_p), ("to", ctypes.c_char_p), ("entity", ctypes.c_char_p),
                ("source", ctypes.c_char_p), ("limit", ctypes.c_int), ("offset", ctypes.c_int)]


WRITE = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_char_p, ctypes.c_size_t)
lib = ctypes.CDLL(os.path.join(BUILD, "libdepeche.so"))
lib.dp_store_open.restype = ctypes.c_void_p
lib.dp_store_open.argtypes = [ctypes.c_char_p, ctypes.c_uint, ctypes.POINTER(DpError)]
STORE = None


def call(fn, *args):
    out = []

    def w(_ctx, data, n):
        out.append(ctypes.string_at(data, n))
        return 0

    cb = WRITE(w)
    err = DpError()
    rc = fn(ctypes.c_void_p(STORE), *args, 1, cb, None, ctypes.byref(err))
    if rc != 0:
        status = 404 if "not found" in (err.message or b"").decode().lower() or rc == -4 else 400
        return status, {"error": {"status": status, "message": (err.message or b"error").decode()}}
    return 200, json.loads(b"".join(out).decode())


def b(s):
    return s.encode() if s else None


class H(BaseHTTPRequestHandler):
    def send(self, status, body, ctype="application/json; charset=utf-8"):
        if not isinstance(body, bytes):
            body = json.dumps(body, ensure_ascii=False).encode()
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *a):
        pass

    def do_GET(self):
        u = urllib.parse.urlsplit(self.path)
        q = {k: v[0] for k, v in urllib.parse.parse_qs(u.query).items()}
        p = u.path
        if p == "/" or p.startswith("/assets/"):
            name = "index.html" if p == "/" else p.lstrip("/")
            f = os.path.realpath(os.path.join(WEB, name))
            if not f.startswith(WEB + os.sep):
                return self.send(404, {"error": {"status": 404, "message": "not found"}})
            if not os.path.isfile(f):
                return self.send(404, {"error": {"status": 404, "message": "not found"}})
            ext = name.rsplit(".", 1)[-1]
            ct = {"html": "text/html", "js": "text/javascript", "css": "text/css", "svg": "image/svg+xml"}.get(ext, "application/octet-stream")
            return self.send(200, open(f, "rb").read(), ct + "; charset=utf-8")
        parts = p.strip("/").split("/")
        if parts[0] != "api" or len(parts) < 2:
            return self.send(404, {"error": {"status": 404, "message": "not found"}})
        r = parts[1]
        arg = urllib.parse.unquote(parts[2]) if len(parts) > 2 else None
        if r == "search":
            o = SearchOpts(b(q.get("from")), b(q.get("to")), b(q.get("entity")), b(q.get("source")),
                           int(q.get("limit", 0) or 0), int(q.get("offset", 0) or 0))
            return self.send(*call(lib.dp_store_search, b(q.get("q", "")), ctypes.byref(o)))
        if r == "entities":
            if arg:
                return self.send(*call(lib.dp_store_entity_id, ctypes.c_longlong(int(arg))))
            return self.send(*call(lib.dp_store_entity, b(q.get("name", ""))))
        if r == "timeline" and q.get("entity"):
            return self.send(*call(lib.dp_store_timeline_id, ctypes.c_longlong(int(q["entity"])), int(q.get("by") == "week")))
        if r == "timeline":
            return self.send(*call(lib.dp_store_timeline, b(q.get("name", "")), int(q.get("by") == "week")))
        if r == "stories":
            if arg:
                return self.send(*call(lib.dp_store_story, ctypes.c_longlong(int(arg)), 0))
            return self.send(*call(lib.dp_store_stories, b(q.get("since")), int(q.get("limit", 0) or 0)))
        if r == "articles" and arg:
            return self.send(*call(lib.dp_store_article, b(arg)))
        if r == "quotes":
            return self.send(*call(lib.dp_store_quotes, b(q.get("speaker")), b(q.get("about")), int(q.get("limit", 0) or 0)))
        return self.send(404, {"error": {"status": 404, "message": "no such route"}})

    def do_POST(self):
        if urllib.parse.urlsplit(self.path).path != "/api/analyze":
            return self.send(404, {"error": {"status": 404, "message": "no such route"}})
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        args = [os.path.join(BUILD, "depeche"), "analyze"]
        if "json" in (self.headers.get("Content-Type") or ""):
            args.append("--ndjson")
            body = json.dumps(json.loads(body), ensure_ascii=False).encode() + b"\n"
        r = subprocess.run(args + ["-"], input=body, capture_output=True)
        if r.returncode != 0:
            return self.send(400, {"error": {"status": 400, "message": r.stderr.decode().strip()}})
        return self.send(200, r.stdout, "application/json; charset=utf-8")


def main():
    global STORE
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", required=True)
    ap.add_argument("--port", type=int, default=8080)
    a = ap.parse_args()
    err = DpError()
    STORE = lib.dp_store_open(a.db.encode(), 1, ctypes.byref(err))
    if not STORE:
        sys.exit("cannot open %s: %s" % (a.db, err.message))
    srv = HTTPServer(("127.0.0.1", a.port), H)
    print("listening on http://127.0.0.1:%d" % a.port, file=sys.stderr, flush=True)
    srv.serve_forever()


if __name__ == "__main__":
    main()
