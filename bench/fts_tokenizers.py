#!/usr/bin/env python3
"""fts_tokenizers.py — chooses the FTS5 tokenizer of the archive by measurement
(docs/store.md, "Full-text search"). For each candidate tokenizer: time to
insert every OrangeSum text in one transaction, index size (without the stored texts), and, for French
words written with accents, the recall of the query typed without accents
(the ground truth: articles whose accent-folded, lower-cased text contains the
folded word as a whole word: recall = min(matches, truth) / truth, and
"matches" = matches / truth, above 1 when a tokenizer matches more, e.g.
trigram inside longer words) and the mean query time.

usage: bench/fts_tokenizers.py ORANGESUM_JSONL_GZ [LIMIT]
"""
import gzip, json, os, re, sqlite3, sys, tempfile, time, unicodedata

src = sys.argv[1]
limit = int(sys.argv[2]) if len(sys.argv) > 2 else 0
texts = []
with gzip.open(src, "rt", encoding="utf-8") as f:
    for line in f:
        if line.strip():
            texts.append(json.loads(line).get("article") or "")
            if limit and len(texts) >= limit:
                break


def fold(s):
    return "".join(c for c in unicodedata.normalize("NFD", s.lower()) if not unicodedata.combining(c))


words = ["élysée", "président", "sécurité", "été", "réforme", "santé", "économie", "élection",
         "député", "grève", "hôpital", "français", "entreprise", "ministère", "européenne", "société"]
folded_texts = [fold(t) for t in texts]
truth = {}
for w in words:
    rx = re.compile(r"(?<!\w)" + re.escape(fold(w)) + r"(?!\w)")
    truth[w] = sum(1 for t in folded_texts if rx.search(t))

cands = [("unicode61 remove_diacritics 0", "unicode61 remove_diacritics 0"),
         ("unicode61 (remove_diacritics 1)", "unicode61"),
         ("unicode61 remove_diacritics 2", "unicode61 remove_diacritics 2"),
         ("porter unicode61 remove_diacritics 2", "porter unicode61 remove_diacritics 2"),
         ("trigram", "trigram")]
print(f"{len(texts)} articles, {sum(len(t.encode()) for t in texts) / 1e6:.1f} MB, sqlite {sqlite3.sqlite_version}")
print(f"{'tokenizer':40} {'insert s':>8} {'size MB':>8} {'recall':>7} {'matches':>8} {'query ms':>8}")
with tempfile.TemporaryDirectory() as tmp:
    for name, tok in cands:
        path = os.path.join(tmp, name.replace(" ", "_") + ".db")
        c = sqlite3.connect(path)
        c.execute(f"CREATE VIRTUAL TABLE t USING fts5(text, tokenize='{tok}')")
        t0 = time.perf_counter()
        with c:
            c.executemany("INSERT INTO t(text) VALUES (?)", ((t,) for t in texts))
        ins = time.perf_counter() - t0
        c.execute("INSERT INTO t(t) VALUES ('optimize')")
        c.commit()
        c.execute("VACUUM")
        size = os.path.getsize(path)
        # subtract the stored texts: the index alone (the archive uses external content)
        content = c.execute("SELECT sum(length(CAST(c0 AS BLOB))) FROM t_content").fetchone()[0] or 0
        hits = tot = matched = 0
        qt = 0.0
        for w in words:
            q = '"' + fold(w) + '"'
            t0 = time.perf_counter()
            n = c.execute("SELECT count(*) FROM t WHERE t MATCH ?", (q,)).fetchone()[0]
            qt += time.perf_counter() - t0
            hits += min(n, truth[w])
            matched += n
            tot += truth[w]
            if os.environ.get("VERBOSE"):
                print(f"   {w}: {n} / {truth[w]}")
        c.close()
        print(f"{name:40} {ins:8.2f} {(size - content) / 1e6:8.1f} {hits / tot:7.3f} {matched / tot:8.3f} {qt / len(words) * 1000:8.2f}")
