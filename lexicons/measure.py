#!/usr/bin/env python3
"""Measures the candidate lexicons of OUTDIR/candidates (and OUTDIR/lexicon.tsv) on UD French data.

usage: measure.py OUTDIR [--data ../shared/data] [--out OUTDIR/measure.md]

Data: the train files of the UD French treebanks in DATA plus GSD dev (GSD has no train file here; the
tagger issue trains on GSD dev). Test files, and the PUD and FQB treebanks (test only), are never read.
Scored: every syntactic word (multiword tokens are scored through their parts, du -> de + le, as the
tokenizer splits them) except PUNCT and numbers written in digits (2006, 1,5, 14h30), which no lexicon lists. The "modern" aggregate leaves out ALTS (15th-16th century legal
French with old spellings and its own pronoun lemmas), which is reported on its own.

For each lexicon:
  cov      form found (as written, else lowercased)
  upos     gold UPOS among the lexicon's UPOS for the form (as written + lowercased), over found tokens
  lem.cov  (form, gold UPOS) found (as written, else lowercased), over all tokens
  lemma    lemma accuracy given form + gold UPOS, over lem.cov tokens; when the lexicon gives several
           lemmas, the one equal to the lowercased form is taken, else the first in byte order
  oracle   gold lemma among the lexicon's lemmas (upper bound of the above)
  amb      share of lem.cov tokens with more than one lemma
"""
import argparse
import glob
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lexlib  # noqa: E402

COMBOS = [
    "lefff", "grammalecte", "grammalecte-allvars", "hunspell",
    "rules,lefff", "rules,grammalecte", "rules,hunspell",
    "rules,lefff,grammalecte", "rules,grammalecte,lefff", "rules,grammalecte-allvars,lefff",
    "rules,grammalecte,lefff,hunspell", "rules,hunspell,lefff", "rules,lefff,hunspell",
    "rules,lefff,grammalecte,hunspell",
    "set-union",
]


DIGITS = re.compile(r"^[0-9][0-9.,:/h-]*$")


def ud_files(data):
    files = sorted(glob.glob(os.path.join(data, "ud-fr-*", "*-ud-train.conllu")))
    files.append(os.path.join(data, "ud-fr-gsd", "fr_gsd-ud-dev.conllu"))
    bad = [f for f in files if "test" in os.path.basename(f) or "pud" in f or "fqb" in f]
    assert not bad, bad
    return [f for f in files if os.path.exists(f)]


def read_words(path):
    out = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.strip() or line.startswith("#"):
                continue
            c = line.rstrip("\n").split("\t")
            if len(c) != 10 or "-" in c[0] or "." in c[0]:
                continue
            if c[3] == "PUNCT" or c[1] == "_" or DIGITS.match(c[1]):
                continue
            out.append((lexlib.norm(c[1]), c[3], lexlib.norm(c[2])))
    return out


def pick(lemmas, low):
    if len(lemmas) == 1:
        return next(iter(lemmas))
    if low in lemmas:
        return low
    return min(lemmas, key=lambda s: s.encode("utf-8"))


def score(lex, words):
    n = cov = upos_ok = lcov = lem_ok = oracle = amb = 0
    for form, upos, lemma in words:
        n += 1
        low = form.lower()
        a, b = lex.get(form), lex.get(low) if low != form else None
        if a is None and b is None:
            continue
        cov += 1
        if (a and upos in a) or (b and upos in b):
            upos_ok += 1
        lemmas = (a or {}).get(upos) or (b or {}).get(upos)
        if not lemmas:
            continue
        lcov += 1
        lem_ok += pick(lemmas, low) == lemma
        oracle += lemma in lemmas
        amb += len(lemmas) > 1
    pct = lambda x, d: 100.0 * x / d if d else 0.0
    return {"n": n, "cov": pct(cov, n), "upos": pct(upos_ok, cov), "lcov": pct(lcov, n),
            "lemma": pct(lem_ok, lcov), "oracle": pct(oracle, lcov), "amb": pct(amb, lcov)}


def set_union(lexes):
    out = {}
    for lex in lexes:
        for form, by in lex.items():
            d = out.setdefault(form, {})
            for upos, lemmas in by.items():
                d.setdefault(upos, set()).update(lemmas)
    return out


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser()
    ap.add_argument("outdir")
    ap.add_argument("--data", default=os.environ.get("DEPECHE_DATA",
                                                     os.path.join(here, "..", "..", "shared", "data")))
    ap.add_argument("--out")
    a = ap.parse_args()
    files = ud_files(a.data)
    if not files:
        sys.exit("measure.py: no UD files under %s" % a.data)
    corpora = {os.path.basename(f).split("-ud-")[0]: read_words(f) for f in files}
    modern = [w for name, ws in corpora.items() if name != "fr_alts" for w in ws]
    gsd = corpora.get("fr_gsd", [])
    alts = corpora.get("fr_alts", [])

    cdir = os.path.join(a.outdir, "candidates")
    cands = {}
    for p in sorted(glob.glob(os.path.join(cdir, "*.tsv"))):
        cands[os.path.basename(p)[:-4]] = lexlib.read_lexicon(p)
    final_path = os.path.join(a.outdir, "lexicon.tsv")

    rows = []
    for combo in COMBOS:
        if combo == "set-union":
            lex = set_union(cands[c] for c in ("rules", "lefff", "grammalecte", "hunspell"))
            label = "set union rules+lefff+grammalecte+hunspell"
        else:
            parts = combo.split(",")
            if any(p not in cands for p in parts):
                continue
            lex = lexlib.priority_union([cands[p] for p in parts])
            label = " > ".join(parts)
        rows.append((label, score(lex, modern), score(lex, gsd), score(lex, alts), len(lex)))
        lexlib.log("measured", label)
    if os.path.exists(final_path):
        lex = lexlib.read_lexicon(final_path)
        rows.append(("**lexicon.tsv**", score(lex, modern), score(lex, gsd), score(lex, alts), len(lex)))

    out = []
    out.append("Scored words (PUNCT excluded): modern = %d (%s), GSD dev = %d, ALTS train = %d.\n"
               % (len(modern), ", ".join("%s %d" % (k, len(v)) for k, v in corpora.items() if k != "fr_alts"),
                  len(gsd), len(alts)))
    out.append("| lexicon | forms | cov | upos | lem.cov | lemma | oracle | amb | GSD cov | GSD upos | "
               "GSD lemma | ALTS cov |")
    out.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for label, m, g, al, nforms in rows:
        out.append("| %s | %d | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f |" % (
            label, nforms, m["cov"], m["upos"], m["lcov"], m["lemma"], m["oracle"], m["amb"],
            g["cov"], g["upos"], g["lemma"], al["cov"]))
    text = "\n".join(out) + "\n"
    sys.stdout.write(text)
    dest = a.out or os.path.join(a.outdir, "measure.md")
    with open(dest, "w", encoding="utf-8") as f:
        f.write(text)


if __name__ == "__main__":
    main()
